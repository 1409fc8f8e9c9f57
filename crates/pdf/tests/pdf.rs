//! The PDF: it typesets, its text (pdftotext) carries the key numbers, it has contents and page numbers.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Command;

use zicht_cases::{CaseTable, read_reader, synth::random_records, write_records};
use zicht_codebook::{Codebook, Lang};
use zicht_report::{Options, build, render_figures};

fn table(n: usize, seed: u64) -> (Codebook, CaseTable) {
    let book = Codebook::embedded().unwrap();
    let records = random_records(&book, n, 2019..=2022, seed);
    let mut csv = Vec::new();
    write_records(&book, &records, &mut csv).unwrap();
    let table = read_reader(csv.as_slice(), "synthetic.csv", &book).unwrap();
    (book, table)
}

/// Runs `pdftotext -layout` on a PDF; `None` (with a message) when poppler-utils is absent,
/// unless ZICHT_REQUIRE_POPPLER is set, in which case a missing pdftotext fails the test.
fn pdftotext(pdf: &Path) -> Option<String> {
    match Command::new("pdftotext")
        .arg("-layout")
        .arg(pdf)
        .arg("-")
        .output()
    {
        Ok(out) => {
            assert!(
                out.status.success(),
                "pdftotext failed: {}",
                String::from_utf8_lossy(&out.stderr)
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

#[test]
fn pdf_text_has_the_key_numbers_contents_and_page_numbers() {
    let (book, table) = table(1200, 7);
    let opts = Options {
        pool: Some((2019, 2022)),
        ..Options::default()
    };
    let report = build(&table, &book, 2022, &opts).unwrap();
    let figures = render_figures(&report).unwrap();
    let pdf = zicht_pdf::render(&report, &figures).unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("pdf-test");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("report.pdf");
    std::fs::write(&path, &pdf).unwrap();
    let Some(text) = pdftotext(&path) else { return };
    let flat = squash(&text);
    let stats = zicht_stats::compute(&table, &book, Some(2022)).unwrap();
    let a = stats.age("all", "victim_age").unwrap();
    let key = [
        format!("{} unieke bezoekers", stats.funnel.included),
        format!(
            "Dit resulteerde in {} gesprekken",
            stats.funnel.conversations
        ),
        format!(
            "In {} ging het om minderjarige",
            zicht_stats::fmt_pct(a.minors, a.n, Lang::Nl)
        ),
        format!(
            "Dwangmiddelen (n = {})",
            stats.set("all", "coercion").unwrap().cases
        ),
        "Inhoud".to_string(),
        "Hoofdstuk 2 Onderzoeksverantwoording".to_string(),
        "3.3 Ouders als plegers".to_string(),
        "Pagina 3".to_string(),
    ];
    for k in &key {
        assert!(flat.contains(k.as_str()), "the PDF text lacks `{k}`");
    }
    for f in &report.figures {
        assert!(
            flat.contains(&squash(&f.caption)),
            "the PDF lacks the caption `{}`",
            f.caption
        );
    }
}

#[test]
fn english_pdf_with_suppression_typesets() {
    let (book, table) = table(200, 5);
    let opts = Options {
        lang: Lang::En,
        min_cell: Some(5),
        ..Options::default()
    };
    let report = build(&table, &book, 2020, &opts).unwrap();
    let figures = render_figures(&report).unwrap();
    let pdf = zicht_pdf::render(&report, &figures).unwrap();
    assert!(pdf.len() > 10_000);
    let src = zicht_pdf::typst_source(&report);
    assert!(src.contains("Page"));
}
