//! `zicht agreement` end to end: two files in, the JSON of formats.md section 7 and a Dutch table out.

use std::path::PathBuf;
use std::process::Command;

type TestResult = Result<(), Box<dyn std::error::Error>>;

const HEADER: &str = "case_id,year,first_contact,status,chatter,first_disclosure";

fn dir(name: &str) -> Result<PathBuf, std::io::Error> {
    let d = std::env::temp_dir().join(format!("zicht-agreement-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&d)?;
    Ok(d)
}

/// Krippendorff (2011) binary example as `first_disclosure` of ten cases.
fn write_pair(d: &std::path::Path) -> Result<(PathBuf, PathBuf), std::io::Error> {
    let rows = |bits: &str| {
        let mut s = format!("{HEADER}\n");
        for (i, b) in bits.chars().enumerate() {
            s.push_str(&format!("c{i},2022,2022-05-01,included,victim,{b}\n"));
        }
        s
    };
    let a = d.join("a.csv");
    let b = d.join("b.csv");
    std::fs::write(&a, rows("0100000010"))?;
    std::fs::write(&b, rows("1110010000"))?;
    Ok((a, b))
}

#[test]
fn json_output_matches_the_published_binary_example() -> TestResult {
    let d = dir("json")?;
    let (a, b) = write_pair(&d)?;
    let out = Command::new(env!("CARGO_BIN_EXE_zicht"))
        .args(["agreement", "--json", "--a"])
        .arg(&a)
        .arg("--b")
        .arg(&b)
        .output()?;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout)?;
    assert_eq!(v["cases"], 10);
    assert_eq!(v["variables"]["first_disclosure"]["n"], 10);
    assert_eq!(v["variables"]["first_disclosure"]["alpha"], 0.095238);
    assert_eq!(v["variables"]["first_disclosure"]["agreement"], 0.6);
    // A single category throughout: kappa and alpha undefined, agreement 1.
    assert!(v["variables"]["chatter"]["kappa"].is_null());
    assert_eq!(v["variables"]["chatter"]["agreement"], 1.0);
    std::fs::remove_dir_all(d)?;
    Ok(())
}

#[test]
fn the_table_is_dutch_and_bad_input_names_file_and_line() -> TestResult {
    let d = dir("text")?;
    let (a, b) = write_pair(&d)?;
    let out = Command::new(env!("CARGO_BIN_EXE_zicht"))
        .args(["agreement", "--a"])
        .arg(&a)
        .arg("--b")
        .arg(&b)
        .output()?;
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout)?;
    assert!(
        text.contains("Overeenstemming tussen twee codeurs"),
        "{text}"
    );
    assert!(text.contains("0,10"), "{text}");

    let bad = d.join("bad.csv");
    std::fs::write(
        &bad,
        format!("{HEADER}\nc0,2022,2022-05-01,included,alien,1\n"),
    )?;
    let out = Command::new(env!("CARGO_BIN_EXE_zicht"))
        .args(["agreement", "--a"])
        .arg(&a)
        .arg("--b")
        .arg(&bad)
        .output()?;
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr)?;
    assert!(err.contains("bad.csv"), "{err}");
    assert!(err.contains("line 2"), "{err}");
    assert!(err.contains("chatter"), "{err}");
    std::fs::remove_dir_all(d)?;
    Ok(())
}

#[test]
fn files_without_a_common_case_fail_with_a_clear_message() -> TestResult {
    let d = dir("disjoint")?;
    let (a, _) = write_pair(&d)?;
    let other = d.join("other.csv");
    std::fs::write(
        &other,
        format!("{HEADER}\nx1,2022,2022-05-01,included,victim,1\n"),
    )?;
    let out = Command::new(env!("CARGO_BIN_EXE_zicht"))
        .args(["agreement", "--a"])
        .arg(&a)
        .arg("--b")
        .arg(&other)
        .output()?;
    assert!(!out.status.success(), "exit 0 without a common case");
    let err = String::from_utf8(out.stderr)?;
    assert!(err.contains("no case_id appears in both files"), "{err}");
    assert!(out.stdout.is_empty());
    std::fs::remove_dir_all(d)?;
    Ok(())
}
