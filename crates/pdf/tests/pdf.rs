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
            // Poppler reads the PDF without a warning: neither pdftotext nor pdfinfo (which
            // reads the catalog's MarkInfo) says anything on stderr.
            assert!(
                out.stderr.is_empty(),
                "pdftotext warns: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            let info = Command::new("pdfinfo").arg(pdf).output().unwrap();
            assert!(
                info.status.success() && info.stderr.is_empty(),
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

/// The demo data set (calibrated to the seed report) gives the seed's 2022 numbers in the PDF.
#[test]
fn demo_year_2022_has_the_seed_numbers() {
    let book = Codebook::embedded().unwrap();
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("pdf-demo");
    zicht_demo::write(&dir, zicht_demo::DEFAULT_SEED, &book).unwrap();
    let table = zicht_cases::read_path(&dir.join("cases.csv"), &book).unwrap();
    let opts = Options {
        pool: Some((2019, 2022)),
        ..Options::default()
    };
    let report = build(&table, &book, 2022, &opts).unwrap();
    let figures = render_figures(&report).unwrap();
    let pdf = zicht_pdf::render(&report, &figures).unwrap();
    let path = dir.join("report.pdf");
    std::fs::write(&path, &pdf).unwrap();
    let Some(text) = pdftotext(&path) else { return };
    let flat = squash(&text);
    // Numbers as printed in the seed report for 2022.
    for k in [
        "Dit resulteerde in 308 gesprekken",
        "70,5% via Chat met Fier",
        "Deze 18 zogenoemde",
        "uit 61 gesprekken",
        "229 unieke bezoekers",
        "86,9%",
        "In 41,3% ging het om minderjarige slachtoffers (n = 83)",
        "18,9% van de 201 slachtoffers was jonger dan 16",
        "de mediaan is 19 jaar",
        "In 104 chatgesprekken (59,4% van 175)",
        "In 158 chats werd minimaal één dwangmiddel genoemd",
        "337 dwangmiddelen",
        "Figuur 6. Dwangmiddelen (n = 158)",
        "Figuur 9. Tijd sinds seksuele uitbuiting (n = 171)",
        "Figuur 10. Duur seksuele uitbuiting (n = 103)",
        "Figuur 11. Slachtoffer-daderrelatie bij seksuele uitbuiting (n = 164)",
        "Figuur 12. Vormen van criminele uitbuiting (n = 19)",
        "295, 283 en 314",
        "bij 53,4% meer dan een jaar",
        "In 55 chatgesprekken (26,2% van 210)",
        "In 43 gesprekken komt naar voren",
        "jongste slachtoffer was jonger dan 12",
        "oudste slachtoffer ouder dan 65",
    ] {
        assert!(flat.contains(k), "the demo PDF lacks `{k}`");
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
