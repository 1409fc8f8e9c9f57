//! `zicht export` end to end: the files it writes, and that bad input writes nothing.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

type TestResult = Result<(), Box<dyn std::error::Error>>;

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../spss/tests/fixtures/cases.csv"
);

fn workdir(name: &str) -> Result<PathBuf, std::io::Error> {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("export-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

fn zicht(args: &[&str]) -> Result<Output, std::io::Error> {
    Command::new(env!("CARGO_BIN_EXE_zicht"))
        .args(args)
        .output()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap_or_default()
}

#[test]
fn writes_the_sav_and_the_syntax_with_its_csv() -> TestResult {
    let dir = workdir("ok")?;
    let sav = dir.join("cases.sav");
    let out = zicht(&[
        "export",
        "--cases",
        FIXTURE,
        "--sav",
        s(&sav),
        "--sps",
        s(&dir.join("cases.sps")),
    ])?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("10 casussen, 50 variabelen, 4 sets"),
        "{stderr}"
    );
    let bytes = std::fs::read(&sav)?;
    assert_eq!(&bytes[0..4], b"$FL2");
    let sps = std::fs::read_to_string(dir.join("cases.sps"))?;
    // The syntax names the CSV by its absolute path, so it runs from anywhere.
    assert!(sps.contains(&format!("/FILE='{}'", s(&dir.join("cases.csv")))));
    assert!(dir.join("cases.csv").is_file());
    let leftovers: Vec<_> = std::fs::read_dir(&dir)?
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
    Ok(())
}

#[test]
fn bad_cases_file_is_reported_and_changes_nothing() -> TestResult {
    let dir = workdir("bad")?;
    let bad = dir.join("bad.csv");
    let text = std::fs::read_to_string(FIXTURE)?.replacen(",female,15,", ",female,250,", 1);
    std::fs::write(&bad, text)?;
    let sav = dir.join("old.sav");
    std::fs::write(&sav, b"earlier export")?;
    let out = zicht(&[
        "export",
        "--cases",
        s(&bad),
        "--sav",
        s(&sav),
        "--sps",
        s(&dir.join("new")),
    ])?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stderr.contains("bad.csv:line 2, column `victim_age`: `250`"),
        "{stderr}"
    );
    assert_eq!(std::fs::read(&sav)?, b"earlier export");
    assert!(!dir.join("new.sps").exists() && !dir.join("new.csv").exists());
    Ok(())
}

#[test]
fn without_an_output_it_says_what_to_give() -> TestResult {
    let out = zicht(&["export", "--cases", FIXTURE])?;
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--sav"));
    Ok(())
}
