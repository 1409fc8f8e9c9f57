//! `zicht suggest` as a user meets it: JSON lines, the Dutch summary, evaluation and bad input.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn zicht(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_zicht"))
        .args(args)
        .output()
        .expect("run zicht")
}

fn handwritten() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../suggest/eval/handwritten.jsonl")
        .display()
        .to_string()
}

#[test]
fn json_has_one_line_per_conversation_with_evidence() {
    let out = zicht(&["suggest", "--conversations", &handwritten(), "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 46);
    for line in lines {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert!(v["conversation_id"].is_string());
        for (_, s) in v["suggestions"].as_object().unwrap() {
            assert!(!s["evidence"].as_array().unwrap().is_empty());
        }
    }
}

#[test]
fn the_summary_is_dutch_and_quotes() {
    let out = zicht(&["suggest", "--conversations", &handwritten()]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Gesprek h-001"));
    assert!(text.contains("Leeftijd slachtoffer: 15"));
    assert!(text.contains("bericht 7: \u{201c}15\u{201d}"));
}

#[test]
fn evaluate_prints_the_table() {
    let f = handwritten();
    let out = zicht(&["suggest", "--conversations", &f, "--evaluate", &f]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("precisie"));
    assert!(text.lines().any(|l| l.starts_with("micro")));
}

#[test]
fn without_model_files_the_rules_work_alone() {
    // The default reads no model file: every suggestion comes from the rules.
    let out = zicht(&["suggest", "--conversations", &handwritten(), "--json"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("\"suggestions\""));
    assert!(
        !text.contains("\"model\""),
        "a model suggestion without a model"
    );
    assert!(!text.contains("model_items"));
    // A model file that is not there is an error that names it, and nothing is written.
    let missing = std::env::temp_dir().join(format!("zicht-no-model-{}.tsv", std::process::id()));
    let out = zicht(&[
        "suggest",
        "--conversations",
        &handwritten(),
        "--model",
        missing.to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("zicht-no-model-"), "{err}");
    assert!(out.stdout.is_empty());
    // The shipped model adds to the same rules.
    let out = zicht(&[
        "suggest",
        "--conversations",
        &handwritten(),
        "--json",
        "--shipped-model",
    ]);
    assert!(out.status.success());
}

#[test]
fn bad_input_names_file_and_line_and_fails() {
    let dir = std::env::temp_dir().join(format!("zicht-suggest-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad: PathBuf = dir.join("bad.jsonl");
    std::fs::write(&bad, "{\"conversation_id\": \"a\"}\n").unwrap();
    let out = zicht(&["suggest", "--conversations", bad.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("bad.jsonl") && err.contains(":1:"), "{err}");
    assert!(out.stdout.is_empty());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn demo_transcripts_score_with_high_precision_and_no_unsupported_age() {
    let dir = std::env::temp_dir().join(format!("zicht-suggest-demo-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let out = zicht(&["demo", "--out", dir.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let conv = dir.join("conversations.jsonl");
    let cases = dir.join("cases.csv");
    let out = zicht(&[
        "suggest",
        "--conversations",
        conv.to_str().unwrap(),
        "--evaluate",
        cases.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let micro: Vec<&str> = text
        .lines()
        .find(|l| l.starts_with("micro"))
        .unwrap()
        .split_whitespace()
        .collect();
    let precision: f64 = micro[4].parse().unwrap();
    assert!(precision >= 0.85, "{text}");
    assert!(
        text.contains("(ages not supported): 0"),
        "{}",
        text.lines().rev().take(5).collect::<Vec<_>>().join("\n")
    );
    let _ = std::fs::remove_dir_all(&dir);
}
