//! The report's text as a researcher uses it: golden files of the default narrative rendered for the demo (HTML and the PDF's text, Dutch and English), `zicht report init`, and a text with mistakes that writes nothing.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn zicht(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_zicht"))
        .args(args)
        .output()
        .expect("run zicht")
}

fn ok(out: &Output) {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn tempdir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("zicht-report-text-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Compares `actual` with `tests/golden/NAME`, or rewrites it when UPDATE_GOLDEN=1.
fn check_golden(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "missing golden file {} (run with UPDATE_GOLDEN=1)",
            path.display()
        )
    });
    if expected != actual {
        let line = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .map_or(0, |i| i + 1);
        panic!(
            "{} differs from the generated output from line {line} (run with UPDATE_GOLDEN=1 to accept)",
            path.display()
        );
    }
}

fn pdftotext(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .arg("-layout")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is needed for the PDF golden files");
    assert!(out.status.success(), "pdftotext failed");
    String::from_utf8(out.stdout).unwrap()
}

fn report(cases: &Path, out: &Path, lang: &str, text: Option<&Path>) -> Output {
    let mut args = vec![
        "report",
        "--cases",
        cases.to_str().unwrap(),
        "--year",
        "2022",
        "--out",
        out.to_str().unwrap(),
        "--pool",
        "2019-2022",
        "--lang",
        lang,
    ];
    if let Some(t) = text {
        args.extend(["--text", t.to_str().unwrap()]);
    }
    zicht(&args)
}

#[test]
fn golden_default_narrative_of_the_demo_in_dutch_and_english() {
    let dir = tempdir("golden");
    let d = dir.join("d");
    ok(&zicht(&["demo", "--out", d.to_str().unwrap()]));
    let cases = d.join("cases.csv");
    for lang in ["nl", "en"] {
        let r = dir.join(format!("r-{lang}"));
        ok(&report(&cases, &r, lang, None));
        let html = std::fs::read_to_string(r.join("report.html")).unwrap();
        check_golden(&format!("demo-report-{lang}.html"), &html);
        check_golden(
            &format!("demo-report-{lang}.pdf.txt"),
            &pdftotext(&r.join("report.pdf")),
        );
        // The text written by init, rendered with --text, is the same report.
        let t = dir.join(format!("text-{lang}"));
        ok(&zicht(&[
            "report",
            "init",
            "--out",
            t.to_str().unwrap(),
            "--lang",
            lang,
        ]));
        // Beside the text, a reference of every path with its value in the demo.
        let paths = t.join(if lang == "nl" { "PADEN.md" } else { "PATHS.md" });
        let paths = std::fs::read_to_string(&paths).unwrap();
        assert!(paths.contains("| `funnel.included` | "), "{paths}");
        assert!(paths.contains("`populations.all.victim_age.minors`"));
        let r2 = dir.join(format!("r2-{lang}"));
        let out = report(&cases, &r2, lang, Some(&t));
        ok(&out);
        assert!(html == std::fs::read_to_string(r2.join("report.html")).unwrap());
        // The status line speaks the report's language.
        let status = String::from_utf8_lossy(&out.stdout).to_string()
            + &String::from_utf8_lossy(&out.stderr);
        let (yes, no) = if lang == "en" {
            ("figures, SVG and PNG", "klaar")
        } else {
            ("figuren, SVG en PNG", "done in")
        };
        assert!(status.contains(yes) && !status.contains(no), "{status}");
        // The text in the other language is refused, naming the folder, and writes nothing.
        let other = if lang == "en" { "nl" } else { "en" };
        let r3 = dir.join(format!("r3-{lang}"));
        let out = report(&cases, &r3, other, Some(&t));
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains(t.to_str().unwrap()) && err.contains(&format!("--lang {lang}")),
            "{err}"
        );
        assert!(!r3.exists());
    }
}

#[test]
fn a_text_with_three_mistakes_names_them_and_writes_nothing() {
    let dir = tempdir("mistakes");
    let d = dir.join("d");
    ok(&zicht(&["demo", "--out", d.to_str().unwrap()]));
    let t = dir.join("text");
    ok(&zicht(&["report", "init", "--out", t.to_str().unwrap()]));
    // A second init does not overwrite the researchers' text.
    let again = zicht(&["report", "init", "--out", t.to_str().unwrap()]);
    assert!(!again.status.success());
    let chapter = t.join("03-slachtoffers.md");
    let mut text = std::fs::read_to_string(&chapter).unwrap();
    text = text.replacen("{{ figure chatter }}", "{{ figure chatters }}", 1);
    text = text.replacen(
        "{{ share populations.sexual.chatter.victim ",
        "{{ share populations.sexual.chatter.victims ",
        1,
    );
    std::fs::write(&chapter, &text).unwrap();
    let intro = t.join("01-inleiding.md");
    let i = std::fs::read_to_string(&intro)
        .unwrap()
        .replacen("[@farrell2014]", "[@farrel2014]", 1);
    std::fs::write(&intro, i).unwrap();
    let r = dir.join("r");
    let out = report(&d.join("cases.csv"), &r, "nl", Some(&t));
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    let place = |file: &str, needle: &str, what: &str| {
        let body = std::fs::read_to_string(t.join(file)).unwrap();
        let (n, line) = body
            .lines()
            .enumerate()
            .find(|(_, l)| l.contains(needle))
            .unwrap();
        let col = line[..line.find(needle).unwrap()].chars().count() + 1;
        let want = format!("{file}:{}:{col}: ", n + 1);
        assert!(
            err.lines().any(|l| l.contains(&want) && l.contains(what)),
            "{want} {what} in:\n{err}"
        );
    };
    place(
        "03-slachtoffers.md",
        "{{ figure chatters }}",
        "no figure `chatters`",
    );
    place(
        "03-slachtoffers.md",
        "{{ share populations.sexual.chatter.victims ",
        "victims",
    );
    place("01-inleiding.md", "[@farrel2014]", "farrel2014");
    assert!(err.contains("3 problem(s)"), "{err}");
    assert!(!r.exists(), "nothing may be written");
}
