//! `zicht demo` as a user meets it: writes the demo data, and `zicht stats` on them shows the seed's funnel.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::{Command, Output};

fn zicht(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_zicht"))
        .args(args)
        .output()
        .expect("run zicht")
}

#[test]
fn demo_then_stats_gives_the_2022_funnel() {
    let dir = std::env::temp_dir().join(format!("zicht-cli-demo-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let out = zicht(&["demo", "--out", dir.to_str().unwrap(), "--seed", "11"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8(out.stdout).unwrap();
    assert!(
        said.contains("casussen") && said.contains("gesprekken"),
        "{said}"
    );
    let cases = dir.join("cases.csv");
    assert!(dir.join("conversations.jsonl").is_file());
    let out = zicht(&[
        "stats",
        "--cases",
        cases.to_str().unwrap(),
        "--year",
        "2022",
        "--json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let f = &v["funnel"];
    assert_eq!(
        (
            &f["conversations"],
            &f["duplicates"],
            &f["excluded"],
            &f["included"]
        ),
        (&308.into(), &18.into(), &61.into(), &229.into())
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn demo_into_an_unwritable_place_fails_with_a_message() {
    let file = std::env::temp_dir().join(format!("zicht-cli-demo-file-{}", std::process::id()));
    std::fs::write(&file, "not a folder").unwrap();
    let out = zicht(&["demo", "--out", file.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("zicht-cli-demo-file"), "{err}");
    std::fs::remove_file(&file).unwrap();
}
