//! `zicht report` as a user runs it: demo data in, HTML, PDF and figures out; bad input writes nothing.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::process::{Command, Output};

fn zicht(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_zicht"))
        .args(args)
        .output()
        .expect("run zicht")
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
    assert!(
        zicht(&["demo", "--out", d.to_str().unwrap()])
            .status
            .success()
    );
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
    assert!(
        zicht(&["demo", "--out", d.to_str().unwrap()])
            .status
            .success()
    );
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
