//! `zicht report` as a user runs it: demo data in, HTML, PDF and figures out; bad input writes nothing.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn zicht(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_zicht"))
        .args(args)
        .output()
        .expect("run zicht")
}

/// Writes the demo data set into `dir`.
fn demo(dir: &Path) {
    let out = zicht(&["demo", "--out", dir.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn tempdir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("zicht-report-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn demo_then_report_writes_html_pdf_and_every_figure() {
    let dir = tempdir("full");
    let d = dir.join("d");
    let r = dir.join("r");
    demo(&d);
    let cases = d.join("cases.csv");
    let out = zicht(&[
        "report",
        "--cases",
        cases.to_str().unwrap(),
        "--year",
        "2022",
        "--out",
        r.to_str().unwrap(),
        "--pool",
        "2019-2022",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = std::fs::read_to_string(r.join("report.html")).unwrap();
    assert!(html.contains("Figuur 6. Dwangmiddelen (n = 158)"));
    assert!(
        std::fs::read(r.join("report.pdf"))
            .unwrap()
            .starts_with(b"%PDF")
    );
    for i in 1..=13 {
        for ext in ["svg", "png"] {
            let f = r.join("figures").join(format!("figuur-{i:02}.{ext}"));
            assert!(f.is_file(), "{} missing", f.display());
        }
    }
}

#[test]
fn a_year_not_in_the_file_is_an_error_and_writes_nothing() {
    let dir = tempdir("noyear");
    let d = dir.join("d");
    let r = dir.join("r");
    demo(&d);
    let cases = d.join("cases.csv");
    let out = zicht(&[
        "report",
        "--cases",
        cases.to_str().unwrap(),
        "--year",
        "2030",
        "--out",
        r.to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("2030") && err.contains("cases.csv"), "{err}");
    assert!(!r.exists());
    let bad = zicht(&[
        "report",
        "--cases",
        cases.to_str().unwrap(),
        "--year",
        "2022",
        "--out",
        r.to_str().unwrap(),
        "--pool",
        "2022-2019",
    ]);
    assert!(!bad.status.success());
}

/// Runs `pdftotext -layout`; `None` (with a message) when poppler-utils is absent, unless
/// ZICHT_REQUIRE_POPPLER is set, in which case a missing pdftotext fails the test.
fn pdftotext(pdf: &Path) -> Option<String> {
    match Command::new("pdftotext")
        .arg("-layout")
        .arg(pdf)
        .arg("-")
        .output()
    {
        Ok(out) => {
            assert!(out.status.success(), "pdftotext failed");
            // Poppler reads the whole PDF, the estimate chapter included, without a warning.
            assert!(
                out.stderr.is_empty(),
                "pdftotext warns: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            let info = Command::new("pdfinfo").arg(pdf).output().unwrap();
            assert!(
                info.stderr.is_empty(),
                "pdfinfo warns: {}",
                String::from_utf8_lossy(&info.stderr)
            );
            Some(String::from_utf8(out.stdout).unwrap())
        }
        Err(e) => {
            assert!(
                std::env::var_os("ZICHT_REQUIRE_POPPLER").is_none(),
                "pdftotext is required (ZICHT_REQUIRE_POPPLER is set) but could not run: {e}"
            );
            eprintln!("SKIPPED: pdftotext (Debian package poppler-utils) is not installed: {e}");
            None
        }
    }
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A count in the report's Dutch style: 1.234.
fn dutch(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(ch);
    }
    out
}

#[test]
fn histories_and_two_coders_add_the_estimate_chapter_and_the_reliability_table() {
    let dir = tempdir("sections");
    let d = dir.join("d");
    let r = dir.join("r");
    demo(&d);
    for f in ["histories.csv", "coder-a.csv", "coder-b.csv"] {
        assert!(d.join(f).is_file(), "the demo should write {f}");
    }
    let path = |f: &str| d.join(f).to_str().unwrap().to_string();
    let out = zicht(&[
        "report",
        "--cases",
        &path("cases.csv"),
        "--year",
        "2022",
        "--out",
        r.to_str().unwrap(),
        "--histories",
        &path("histories.csv"),
        "--histories-known-total",
        "5000",
        "--coder-a",
        &path("coder-a.csv"),
        "--coder-b",
        &path("coder-b.csv"),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The same numbers as `zicht estimate` and `zicht agreement` give on their own.
    let est = zicht(&["estimate", "--histories", &path("histories.csv"), "--json"]);
    let est: serde_json::Value = serde_json::from_slice(&est.stdout).unwrap();
    let estimate = dutch(est["estimate"].as_f64().unwrap().round() as u64);
    let observed = dutch(est["observed"].as_u64().unwrap());
    let agr = zicht(&[
        "agreement",
        "--a",
        &path("coder-a.csv"),
        "--b",
        &path("coder-b.csv"),
        "--json",
    ]);
    let agr: serde_json::Value = serde_json::from_slice(&agr.stdout).unwrap();
    let cases = agr["cases"].as_u64().unwrap();
    assert!(cases > 0);
    let html = std::fs::read_to_string(r.join("report.html")).unwrap();
    let keys = [
        "De omvang van de verborgen populatie".to_string(),
        format!("Op de registraties staan samen {observed} personen"),
        format!("De geschatte totale omvang van de populatie is {estimate} personen"),
        // Per group from one model over registrations × characteristics.
        "Schatting per groep".to_string(),
        "leeftijd: minderjarig".to_string(),
        "uitbuiting: seksueel".to_string(),
        // The method comparison against the demo's known size.
        "werkelijke omvang van 5.000 personen; dat getal hoort alleen bij deze demo".to_string(),
        // The covariate model's total is reconciled with the chapter's figure.
        "Twee totalen.".to_string(),
        format!("Het cijfer van dit hoofdstuk blijft {estimate} personen"),
        "Aannames en kanttekeningen".to_string(),
        "Gesloten populatie.".to_string(),
        "Betrouwbaarheid van de codering".to_string(),
        format!("Tabel 3. Betrouwbaarheid van de codering: twee codeurs (n = {cases})"),
        "Krippendorff".to_string(),
    ];
    let text = html.replace("<strong>", "").replace("</strong>", "");
    for k in &keys {
        assert!(text.contains(k.as_str()), "the HTML lacks `{k}`");
    }
    // A stratum is named in words, not as `variable = value`.
    assert!(!text.contains("leeftijd = minderjarig"));
    // The figure of the estimate is written like every other figure.
    assert!(r.join("figures").join("figuur-14.svg").is_file());
    let Some(pdf) = pdftotext(&r.join("report.pdf")) else {
        return;
    };
    let flat = squash(&pdf);
    for k in &keys {
        assert!(flat.contains(k.as_str()), "the PDF text lacks `{k}`");
    }
    assert!(flat.contains("Hoofdstuk 4 De omvang van de verborgen populatie"));
}

#[test]
fn a_bad_histories_file_names_file_line_and_column_and_writes_nothing() {
    let dir = tempdir("badhist");
    let d = dir.join("d");
    let r = dir.join("r");
    demo(&d);
    let bad = dir.join("kapot.csv");
    std::fs::write(
        &bad,
        "politie,comensha,zorg,count\n1,0,0,41\n0,1,0,35\n0,2,1,52\n",
    )
    .unwrap();
    let out = zicht(&[
        "report",
        "--cases",
        d.join("cases.csv").to_str().unwrap(),
        "--year",
        "2022",
        "--out",
        r.to_str().unwrap(),
        "--histories",
        bad.to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("kapot.csv") && err.contains("regel 4") && err.contains("comensha"),
        "{err}"
    );
    assert!(!r.exists(), "nothing may be written after a rejected input");
    // Options of the estimate without a histories file are refused too.
    let out = zicht(&[
        "report",
        "--cases",
        d.join("cases.csv").to_str().unwrap(),
        "--year",
        "2022",
        "--out",
        r.to_str().unwrap(),
        "--histories-bootstrap",
        "100",
    ]);
    assert!(!out.status.success());
    assert!(!r.exists());
}

/// A count in English style: 1,234.
fn english(n: u64) -> String {
    dutch(n).replace('.', ",")
}

#[test]
fn a_bootstrap_interval_in_english_is_the_one_zicht_estimate_gives() {
    let dir = tempdir("bootstrap");
    let d = dir.join("d");
    let r = dir.join("r");
    demo(&d);
    let histories = d.join("histories.csv").to_str().unwrap().to_string();
    let out = zicht(&[
        "report",
        "--cases",
        d.join("cases.csv").to_str().unwrap(),
        "--year",
        "2022",
        "--lang",
        "en",
        "--out",
        r.to_str().unwrap(),
        "--histories",
        &histories,
        "--histories-bootstrap",
        "200",
        "--histories-seed",
        "7",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let est = zicht(&[
        "estimate",
        "--histories",
        &histories,
        "--bootstrap",
        "200",
        "--seed",
        "7",
        "--json",
    ]);
    let est: serde_json::Value = serde_json::from_slice(&est.stdout).unwrap();
    let bound = |k: &str| english(est["bootstrap"][k].as_f64().unwrap().round() as u64);
    let html = std::fs::read_to_string(r.join("report.html")).unwrap();
    let text = squash(&html.replace("<strong>", "").replace("</strong>", ""));
    for k in [
        "BCa bootstrap with 200 replicates, seed 7".to_string(),
        bound("lower"),
        bound("upper"),
        english(est["estimate"].as_f64().unwrap().round() as u64),
    ] {
        assert!(text.contains(k.as_str()), "the English HTML lacks `{k}`");
    }
}

/// The option lines of `zicht X --help` (name and help text), keyed by the long name.
fn help_options(cmd: &str) -> std::collections::BTreeMap<String, String> {
    let out = zicht(&[cmd, "--help"]);
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| {
            let l = l.trim_start();
            let rest = l.strip_prefix("--")?;
            let name = rest.split_whitespace().next()?.to_string();
            // The help text after the name and its value, spaces squashed.
            let text = rest[name.len()..]
                .trim_start()
                .trim_start_matches(|c: char| c != ' ')
                .trim()
                .to_string();
            Some((name, text))
        })
        .collect()
}

#[test]
fn report_has_every_option_of_zicht_estimate_with_the_same_name_and_help() {
    let estimate = help_options("estimate");
    let report = help_options("report");
    let mut shared = 0;
    for (name, help) in &estimate {
        // Options about the command's own output, not about how the estimate is made.
        if [
            "histories",
            "compare",
            "progress",
            "json",
            "lang",
            "help",
            "version",
        ]
        .contains(&name.as_str())
        {
            continue;
        }
        assert_eq!(
            report.get(name),
            Some(help),
            "zicht report lacks --{name} as zicht estimate has it"
        );
        shared += 1;
    }
    assert!(shared >= 18, "only {shared} options compared");
    for name in [
        "lcmcr-burn-in",
        "lcmcr-iterations",
        "seed",
        "select",
        "threshold",
    ] {
        assert!(report.contains_key(name), "--{name}");
    }
}

#[test]
fn the_report_chapter_uses_the_sampler_and_selection_given_on_the_command_line() {
    let dir = tempdir("sampler");
    let d = dir.join("d");
    let r = dir.join("r");
    demo(&d);
    let histories = d.join("histories.csv").to_str().unwrap().to_string();
    let how = [
        "--select",
        "bic",
        "--lcmcr-chains",
        "2",
        "--lcmcr-burn-in",
        "500",
        "--lcmcr-iterations",
        "1000",
        "--lcmcr-thin",
        "5",
        "--seed",
        "9",
    ];
    let cases = d.join("cases.csv");
    let mut args = vec![
        "report",
        "--cases",
        cases.to_str().unwrap(),
        "--year",
        "2022",
        "--out",
        r.to_str().unwrap(),
        "--histories",
        &histories,
    ];
    args.extend(how);
    let out = zicht(&args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut est = vec!["estimate", "--histories", &histories, "--compare", "--json"];
    est.extend(how);
    let est: serde_json::Value = serde_json::from_slice(&zicht(&est).stdout).unwrap();
    let methods = est["comparison"]["methods"].as_array().unwrap();
    let lcmcr = methods.iter().find(|m| m["method"] == "lcmcr").unwrap();
    assert_eq!(lcmcr["sampler"]["seed"], 9);
    let html = std::fs::read_to_string(r.join("report.html")).unwrap();
    let text = squash(&strip_tags(&html));
    for k in [
        "2 onafhankelijke rekenketens van elk 500 opwarmstappen en daarna 1.000 rekenstappen, waarvan elke 5e is bewaard (200 per keten)".to_string(),
        format!(
            "Latente klassen (LCMCR) (b) {}",
            dutch(lcmcr["estimate"].as_f64().unwrap().round() as u64)
        ),
        "beste model naar BIC".to_string(),
    ] {
        assert!(text.contains(k.as_str()), "the HTML lacks `{k}`");
    }
    // The old names still work.
    let r2 = dir.join("r2");
    let out = zicht(&[
        "report",
        "--cases",
        cases.to_str().unwrap(),
        "--year",
        "2022",
        "--out",
        r2.to_str().unwrap(),
        "--histories",
        &histories,
        "--histories-select",
        "bic",
        "--lcmcr-iterations",
        "100",
        "--lcmcr-burn-in",
        "100",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The text of an HTML page without its tags.
fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}
