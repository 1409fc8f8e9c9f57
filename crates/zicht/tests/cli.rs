//! The `zicht` binary as a user meets it: commands, output, exit codes and error messages.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn zicht(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_zicht"))
        .args(args)
        .output()
        .expect("run zicht")
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn fixture() -> String {
    root()
        .join("crates/stats/tests/fixtures/small.csv")
        .display()
        .to_string()
}

/// A fresh temporary folder for one test.
fn tempdir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("zicht-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn codebook_prints_dutch_english_and_json() {
    let nl = zicht(&["codebook"]);
    assert!(nl.status.success());
    let nl = String::from_utf8(nl.stdout).unwrap();
    assert!(nl.contains("Dwangmiddelen") && nl.contains("perpetrator_family"));
    let en = String::from_utf8(zicht(&["codebook", "--lang", "en"]).stdout).unwrap();
    assert!(en.contains("Coercion means"));
    let json: serde_json::Value =
        serde_json::from_slice(&zicht(&["codebook", "--json"]).stdout).unwrap();
    assert!(json["set"].as_array().unwrap().len() == 4);
    assert!(!zicht(&["codebook", "--lang", "fr"]).status.success());
}

#[test]
fn stats_json_follows_the_contract() {
    let out = zicht(&["stats", "--cases", &fixture(), "--year", "2022", "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["year"], 2022);
    assert_eq!(v["funnel"]["included"], 5);
    assert_eq!(v["by_month"]["2022-01"], 2);
    assert_eq!(
        v["populations"]["all"]["exploitation"]["counts"]["sexual"],
        3
    );
    assert_eq!(v["populations"]["sexual"]["client_ind"]["two_or_more"], 1);
    assert_eq!(
        v["crosstabs"]["exploitation_by_gender"]["criminal"]["male"],
        1
    );
    assert!(v.get("years").is_none());
    let pooled: serde_json::Value =
        serde_json::from_slice(&zicht(&["stats", "--cases", &fixture(), "--json"]).stdout).unwrap();
    assert_eq!(pooled["years"]["2021"]["included"], 1);
}

#[test]
fn stats_tables_are_dutch_with_one_decimal() {
    let out = zicht(&["stats", "--cases", &fixture(), "--year", "2022"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Geïncludeerd"));
    assert!(text.contains("66,7%"));
}

#[test]
fn bad_input_names_file_line_and_column_and_exits_non_zero() {
    let dir = tempdir("bad");
    let path = dir.join("cases.csv");
    std::fs::write(
        &path,
        "case_id,year,first_contact,status,victim_age,exploitation\n\
         a,2022,2022-01-01,included,250,sexual\n\
         b,2022,2022-13-01,included,12,sexuall\n",
    )
    .unwrap();
    let out = zicht(&["stats", "--cases", path.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("cases.csv:line 2, column `victim_age`: `250`"),
        "{err}"
    );
    assert!(
        err.contains("line 3, column `first_contact`: `2022-13-01`"),
        "{err}"
    );
    assert!(
        err.contains("line 3, column `exploitation`: `sexuall`"),
        "{err}"
    );
    let missing = zicht(&["stats", "--cases", dir.join("nope.csv").to_str().unwrap()]);
    assert!(!missing.status.success());
    assert!(
        String::from_utf8(missing.stderr)
            .unwrap()
            .contains("nope.csv")
    );
    let year = zicht(&["stats", "--cases", &fixture(), "--year", "1999"]);
    assert!(!year.status.success());
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn up_prepares_the_data_folder_with_demo_data_report_store_and_accounts() {
    let dir = tempdir("up");
    let data = dir.join("data");
    let out = zicht(&["up", "--data", data.to_str().unwrap(), "--no-serve"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("308 gesprekken, 18 gekoppelde dubbelen, 61 geëxcludeerd, 229 geïncludeerd"),
        "{text}"
    );
    assert!(text.contains("demo-onderzoeker"), "{text}");
    // Every demo account's printed password passes the policy of `zicht user add`.
    let accounts: Vec<(&str, &str)> = text
        .lines()
        .filter(|l| l.starts_with("  demo-"))
        .filter_map(|l| {
            let mut w = l.split_whitespace();
            Some((w.next()?, w.next()?))
        })
        .collect();
    assert_eq!(accounts.len(), 5, "{text}");
    for (name, password) in accounts {
        assert_eq!(
            zicht_server::password::check(name, password),
            Ok(()),
            "{name}"
        );
    }
    // The demo's master key: beside the data folder, never in it, owner-only.
    let key = dir.join("data.key");
    assert!(text.contains("hoofdsleutel: nieuw aangemaakt in"), "{text}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&key).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        let dmode = std::fs::metadata(&data).unwrap().permissions().mode() & 0o777;
        assert_eq!(dmode, 0o700);
    }
    for f in [
        "demo/cases.csv",
        "demo/conversations.jsonl",
        "report/report.html",
        "report/report.pdf",
        "zicht.sqlite3",
        "research.sqlite3",
    ] {
        assert!(data.join(f).exists(), "missing {f}");
    }
    // A second run keeps what is there and creates no new accounts.
    let again =
        String::from_utf8(zicht(&["up", "--data", data.to_str().unwrap(), "--no-serve"]).stdout)
            .unwrap();
    assert!(
        again.contains("bestaat al") && again.contains("0 nieuw"),
        "{again}"
    );
    std::fs::remove_dir_all(&dir).ok();
}
