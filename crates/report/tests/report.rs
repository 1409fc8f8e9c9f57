//! Golden files for the generated HTML and SVG figures, and checks that the text is computed from the data.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;

use common::{check_golden, table};
use zicht_codebook::Lang;
use zicht_report::{Options, build, html, model::plain_text, render_figures, svg};

fn all_text(r: &zicht_report::Report) -> String {
    let mut out = String::new();
    for (_, b) in r.blocks() {
        match b {
            zicht_report::Block::Paragraph(x) => out += &plain_text(x),
            zicht_report::Block::Bullets(items) => {
                for i in items {
                    out += &plain_text(i);
                    out.push('\n');
                }
            }
            _ => {}
        }
        out.push('\n');
    }
    out
}

#[test]
fn golden_html_and_figures_dutch() {
    let (book, table) = table(1200, 7);
    let opts = Options {
        pool: Some((2019, 2022)),
        ..Options::default()
    };
    let report = build(&table, &book, 2022, &opts).unwrap();
    check_golden("report-nl.html", &html::render(&report));
    for f in &report.figures {
        check_golden(
            &format!("figures-nl/{}.svg", f.file),
            &svg::render(&f.chart, &f.caption),
        );
    }
    // Preview PNGs for people to look at (not compared).
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("report-preview");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("report.html"), html::render(&report)).unwrap();
    for f in render_figures(&report).unwrap() {
        assert!(f.png.starts_with(b"\x89PNG"));
        std::fs::write(dir.join(format!("{}.png", f.file)), &f.png).unwrap();
    }
}

/// The report with its statistics streamed from the file (as `zicht report`
/// makes it) is the golden one, made with the statistics of the table.
#[test]
fn golden_html_with_streamed_statistics() {
    let (book, table) = table(1200, 7);
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join("report-streamed-cases.csv");
    let mut csv = Vec::new();
    zicht_cases::write_csv(&book, &table, &mut csv).unwrap();
    std::fs::write(&path, &csv).unwrap();
    let stats = zicht_stats::compute_path(&path, &book, Some(2022)).unwrap();
    let opts = Options {
        pool: Some((2019, 2022)),
        ..Options::default()
    };
    let report = zicht_report::build_with_stats(&table, &book, 2022, &opts, stats).unwrap();
    check_golden("report-nl.html", &html::render(&report));
    let _ = std::fs::remove_file(&path);
}

#[test]
fn golden_html_english_with_suppression() {
    let (book, table) = table(300, 11);
    let opts = Options {
        lang: Lang::En,
        min_cell: Some(5),
        ..Options::default()
    };
    let report = build(&table, &book, 2021, &opts).unwrap();
    check_golden("report-en-k5.html", &html::render(&report));
}

#[test]
fn every_seed_figure_is_there_with_its_n() {
    let (book, table) = table(1200, 7);
    let report = build(&table, &book, 2022, &Options::default()).unwrap();
    let captions: Vec<&str> = report.figures.iter().map(|f| f.caption.as_str()).collect();
    let expect = [
        "Figuur 1. Datum eerste gesprek chatter (n = ",
        "Figuur 2. Vormen van uitbuiting (n = ",
        "Figuur 3. Achtergrond bezoeker (n = ",
        "Figuur 4. Mensenhandel per gender (n = ",
        "Figuur 5. Leeftijd slachtoffers (n = ",
        "Figuur 6. Dwangmiddelen (n = ",
        "Figuur 7. Slachtoffers van mensenhandel per jaar",
        "Figuur 8. Mannelijke slachtoffers en slachtoffers van criminele uitbuiting per jaar",
        "Figuur 9. Tijd sinds seksuele uitbuiting (n = ",
        "Figuur 10. Duur seksuele uitbuiting (n = ",
        "Figuur 11. Slachtoffer-daderrelatie bij seksuele uitbuiting (n = ",
        "Figuur 12. Vormen van criminele uitbuiting (n = ",
        "Figuur 13. Slachtoffer-daderrelatie bij criminele uitbuiting (n = ",
    ];
    assert_eq!(captions.len(), expect.len(), "{captions:#?}");
    for (c, e) in captions.iter().zip(expect) {
        assert!(c.starts_with(e), "{c} should start with {e}");
    }
    // Figure 6's n is the number of cases with at least one means of coercion.
    let stats = zicht_stats::compute(&table, &book, Some(2022)).unwrap();
    let co = stats.set("all", "coercion").unwrap();
    assert_eq!(
        captions[5],
        format!("Figuur 6. Dwangmiddelen (n = {})", co.cases)
    );
}

#[test]
fn facts_in_the_text_come_from_the_statistics() {
    let (book, table) = table(1200, 7);
    let report = build(&table, &book, 2022, &Options::default()).unwrap();
    let text = all_text(&report);
    let stats = zicht_stats::compute(&table, &book, Some(2022)).unwrap();
    let a = stats.age("all", "victim_age").unwrap();
    let minors = zicht_stats::fmt_pct(a.minors, a.n, Lang::Nl);
    assert!(
        text.contains(&format!("In {minors} ging het om minderjarige")),
        "{text}"
    );
    let mean = format!("{}", a.mean.unwrap().round() as i64);
    assert!(text.contains(&format!(
        "gemiddelde leeftijd van de slachtoffers was {mean} jaar"
    )));
    let n = stats.funnel.included;
    assert!(text.contains(&format!("{n} unieke bezoekers")));
    // Extreme ages are coded, never printed raw.
    if a.min.unwrap() < 12 {
        assert!(text.contains("jongste slachtoffer was jonger dan 12"));
    }
    if a.max.unwrap() > 65 {
        assert!(text.contains("oudste slachtoffer ouder dan 65"));
    }
}

#[test]
fn no_count_below_the_minimum_is_printed_in_any_figure() {
    let (book, table) = table(300, 11);
    let k = 5;
    let report = build(
        &table,
        &book,
        2021,
        &Options {
            min_cell: Some(k),
            ..Options::default()
        },
    )
    .unwrap();
    for f in &report.figures {
        for s in &f.chart.series {
            for v in s.values.iter().flatten() {
                assert!(*v == 0 || *v >= k, "{}: {v}", f.caption);
            }
        }
    }
    // In the comparison, a series hidden in one year is hidden in every year.
    let fig8 = report
        .figures
        .iter()
        .find(|f| f.caption.contains("per jaar") && f.caption.contains("Mannelijke"))
        .unwrap();
    for s in &fig8.chart.series {
        let hidden = s.values.iter().filter(|v| v.is_none()).count();
        assert!(
            hidden == 0 || hidden == s.values.len(),
            "{}: {:?}",
            s.name,
            s.values
        );
    }
}

#[test]
fn the_same_data_gives_the_same_report() {
    let (book, table) = table(500, 3);
    let a = html::render(&build(&table, &book, 2022, &Options::default()).unwrap());
    let b = html::render(&build(&table, &book, 2022, &Options::default()).unwrap());
    assert_eq!(a, b);
    // Self-contained: no external resource of any kind.
    for bad in ["<link", "<script", "src=\"http", "url(http", "@import"] {
        assert!(!a.contains(bad), "{bad}");
    }
}

#[test]
fn small_bases_are_counted_in_words_not_percentages() {
    let (book, table) = table(60, 5);
    let report = build(&table, &book, 2022, &Options::default()).unwrap();
    let text = all_text(&report);
    for bad in ["0,0%", "100,0%"] {
        assert!(!text.contains(bad), "`{bad}` in:\n{text}");
    }
    assert!(text.contains(" van de "), "{text}");
    // Bar labels of small bases carry the count only.
    for f in &report.figures {
        if f.chart.percent_base.is_some_and(|b| b < 20) {
            let svg = svg::render(&f.chart, &f.caption);
            assert!(!svg.contains("%)"), "{}", f.caption);
        }
    }
}

#[test]
fn the_reading_guide_names_section_3_3_for_the_pooled_years() {
    let (book, table) = table(300, 7);
    for (lang, says) in [
        (
            Lang::Nl,
            "In \u{a7}3.3 worden de jaren 2019\u{2013}2022 samengenomen",
        ),
        (Lang::En, "Section 3.3 pools the years 2019\u{2013}2022"),
    ] {
        let opts = Options {
            lang,
            pool: Some((2019, 2022)),
            ..Options::default()
        };
        let report = build(&table, &book, 2022, &opts).unwrap();
        assert!(all_text(&report).contains(says), "{lang:?}");
        assert!(report.chapters.iter().any(|c| c.number == "3.3"));
    }
}
