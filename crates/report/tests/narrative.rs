//! The report text as editable Markdown: references to the statistics, errors with file, line and column, figures declared as data, and no number of its own in the default text.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::table;
use zicht_codebook::Lang;
use zicht_report::model::plain_text;
use zicht_report::narrative::{Diagnostic, Source};
use zicht_report::{Block, Options, ReportError, build, html};

fn with_file(mut src: Source, name: &str, text: &str) -> Source {
    src.files.retain(|(n, _)| n != name);
    src.files.push((name.to_string(), text.to_string()));
    src.files.sort();
    src
}

fn errors(src: Source) -> Vec<Diagnostic> {
    let (book, table) = table(300, 7);
    let opts = Options {
        text: Some(src),
        ..Options::default()
    };
    match build(&table, &book, 2022, &opts) {
        Err(ReportError::Narrative(d)) => d.0,
        Err(e) => panic!("expected narrative errors, got {e}"),
        Ok(_) => panic!("expected narrative errors, got a report"),
    }
}

fn paragraphs(r: &zicht_report::Report) -> Vec<String> {
    r.blocks()
        .filter_map(|(_, b)| match b {
            Block::Paragraph(x) => Some(plain_text(x)),
            _ => None,
        })
        .collect()
}

#[test]
fn a_wrong_path_a_missing_figure_and_a_missing_citation_are_three_errors_with_their_place() {
    let text = "# Extra\n\nIn {{ year }} waren er {{ populations.all.sex.female }} vrouwen.\n\n{{ figure shoe_sizes }}\n\nZie ook [@nobody2020].\n";
    let errs = errors(with_file(Source::builtin(Lang::Nl), "10-extra.md", text));
    let places: Vec<(&str, usize, usize)> = errs
        .iter()
        .map(|d| (d.file.as_str(), d.line, d.col))
        .collect();
    assert_eq!(
        places,
        [
            ("10-extra.md", 3, 24),
            ("10-extra.md", 5, 1),
            ("10-extra.md", 7, 9)
        ],
        "{errs:#?}"
    );
    assert!(errs[0].message.contains("populations.all.sex.female"));
    assert!(
        errs[0].message.contains("victim_gender"),
        "{}",
        errs[0].message
    );
    assert!(errs[1].message.contains("shoe_sizes"));
    assert!(errs[2].message.contains("nobody2020"));
    // The message a researcher reads names every place.
    let shown = ReportError::Narrative(zicht_report::narrative::Diagnostics(errs)).to_string();
    assert!(
        shown.contains("10-extra.md:5:1: no figure `shoe_sizes`"),
        "{shown}"
    );
}

#[test]
fn mistakes_in_figures_toml_and_report_toml_are_placed_too() {
    let src = with_file(
        Source::builtin(Lang::Nl),
        "figures.toml",
        "[[figure]]\nname = \"shoe\"\nkind = \"bars\"\nvariable = \"shoe_size\"\n",
    );
    let errs = errors(src);
    assert!(
        errs.iter()
            .any(|d| d.file == "figures.toml" && d.line == 4 && d.message.contains("shoe_size")),
        "{errs:#?}"
    );
    // Only the mistake in figures.toml: the figures it would have declared are not
    // reported again as missing at every place of the text.
    assert!(errs.iter().all(|d| d.file == "figures.toml"), "{errs:#?}");
    let meta = zicht_report::narrative::Source::builtin(Lang::Nl)
        .files
        .into_iter()
        .find(|(n, _)| n == "report.toml")
        .unwrap()
        .1
        .replace("source = \"politie2023\"", "source = \"politie2099\"");
    let errs = errors(with_file(Source::builtin(Lang::Nl), "report.toml", &meta));
    assert!(
        errs.iter()
            .all(|d| d.file == "report.toml" && d.message.contains("politie2099")),
        "{errs:#?}"
    );
    assert_eq!(errs.len(), 2);
}

#[test]
fn an_unclosed_condition_and_a_reference_in_a_vignette_are_errors() {
    let text = "# Extra\n\n{{ if not pool }}\nTekst.\n\n::: vignette Een casus\nZij was {{ populations.all.victim_age.mean }} jaar.\n:::\n";
    let errs = errors(with_file(Source::builtin(Lang::Nl), "10-extra.md", text));
    assert_eq!(errs.len(), 2, "{errs:#?}");
    assert_eq!((errs[0].line, errs[0].col), (3, 1));
    assert!(errs[0].message.contains("without `{{ end }}`"));
    assert_eq!((errs[1].line, errs[1].col), (7, 9));
    assert!(errs[1].message.contains("vignette"));
}

/// Digits in a Markdown text outside references (`{{ … }}`), citations (`[@…]`),
/// footnote marks (`[^…]`) and years: there should be none.
fn stray_digits(text: &str) -> Vec<String> {
    let mut clean = String::new();
    let mut rest = text;
    while let Some(i) = rest.find(['{', '[']) {
        clean.push_str(&rest[..i]);
        let tail = &rest[i..];
        let end = if tail.starts_with("{{") {
            tail.find("}}").map(|j| j + 2)
        } else if tail.starts_with("[@") || tail.starts_with("[^") {
            tail.find(']').map(|j| j + 1)
        } else {
            Some(1)
        };
        let end = end.unwrap_or(tail.len());
        if end == 1 {
            clean.push_str(&tail[..1]);
        }
        rest = &tail[end..];
    }
    clean.push_str(rest);
    let mut out = Vec::new();
    for word in clean.split(|c: char| !c.is_ascii_digit()) {
        let year = word.len() == 4 && (word.starts_with("19") || word.starts_with("20"));
        if !word.is_empty() && !year {
            out.push(word.to_string());
        }
    }
    out
}

#[test]
fn the_default_text_has_no_number_of_its_own() {
    for lang in [Lang::Nl, Lang::En] {
        for (name, text) in Source::builtin(lang).files {
            if !name.ends_with(".md") {
                continue;
            }
            let stray = stray_digits(&text);
            assert!(stray.is_empty(), "{lang:?} {name}: {stray:?}");
        }
    }
    // The check itself finds a typed-in number, and lets references, citations and years pass.
    assert_eq!(
        stray_digits("In 2022 waren er {{ funnel.included }} (247) bezoekers.[@nr2019, p. 162]"),
        ["247"]
    );
}

#[test]
fn numbers_in_the_prose_are_the_statistics_in_words_below_twenty() {
    let (book, table) = table(300, 7);
    let text = "# Toets\n\nAantal: {{ funnel.included }}. Met n: {{ n funnel.included }}. Deel: {{ pct populations.all.chatter.victim }}. Tel: {{ count populations.criminal.exploitation.both \"geval\" \"gevallen\" }}. Leeftijd: {{ years populations.all.victim_age.median }}. Jongste: {{ age populations.all.victim_age.min }}; oudste: {{ age populations.all.victim_age.max }}. Hoofdstuk {{ ref toets }}.\n";
    let text = text.replace("# Toets", "# Toets {#toets}");
    let src = with_file(
        Source {
            files: Source::builtin(Lang::Nl)
                .files
                .into_iter()
                .filter(|(n, _)| !n.ends_with(".md"))
                .collect(),
        },
        "01-toets.md",
        &text,
    );
    let report = build(
        &table,
        &book,
        2022,
        &Options {
            text: Some(src),
            ..Options::default()
        },
    )
    .unwrap();
    let stats = zicht_stats::compute(&table, &book, Some(2022)).unwrap();
    let p = paragraphs(&report).join("\n");
    let inc = stats.funnel.included;
    let ch = stats.single("all", "chatter").unwrap();
    let both = stats
        .single("criminal", "exploitation")
        .unwrap()
        .counts
        .count("both");
    let median = stats.age("all", "victim_age").unwrap().median.unwrap();
    assert!(p.contains(&format!("Met n: {inc}.")), "{p}");
    assert!(p.contains(&format!(
        "Deel: {}.",
        zicht_report::text::share_text(Some(ch.counts.count("victim")), ch.n, Lang::Nl)
    )));
    let words = |n: u64| {
        if n < 20 {
            zicht_report::text::number_word(n, Lang::Nl)
        } else {
            zicht_stats::fmt_count(n, Lang::Nl)
        }
    };
    assert!(p.contains(&format!("Aantal: {}.", words(inc))), "{p}");
    let noun = if both == 1 { "geval" } else { "gevallen" };
    assert!(p.contains(&format!("Tel: {} {noun}.", words(both))), "{p}");
    assert!(
        p.contains(&format!("Leeftijd: {} jaar.", median.round() as i64)),
        "{p}"
    );
    assert!(p.contains("Hoofdstuk 1."), "{p}");
    // Extreme ages with the privacy coding of the run.
    let a = stats.age("all", "victim_age").unwrap();
    let coding = zicht_report::AgeCoding::default();
    assert!(
        p.contains(&format!(
            "Jongste: {}; oudste: {}.",
            coding.age(a.min.unwrap(), Lang::Nl),
            coding.age(a.max.unwrap(), Lang::Nl)
        )),
        "{p}"
    );
}

#[test]
fn under_min_cell_a_small_count_in_the_prose_is_suppressed() {
    let (book, table) = table(60, 5);
    let stats = zicht_stats::compute(&table, &book, Some(2022)).unwrap();
    let ex = stats.single("all", "exploitation").unwrap();
    let (code, n) = ex
        .counts
        .iter()
        .find(|(_, n)| **n > 0 && **n < 5)
        .map(|(c, n)| (c.to_string(), *n))
        .expect("a small count in the synthetic data");
    let text = format!(
        "# Toets\n\nKlein: {{{{ populations.all.exploitation.{code} }}}}; n {{{{ n populations.all.exploitation.{code} }}}}. {{{{ pct populations.all.exploitation.{code} }}}} ging erover.\n"
    );
    let src = with_file(Source::builtin(Lang::Nl), "10-toets.md", &text);
    let report = build(
        &table,
        &book,
        2022,
        &Options {
            text: Some(src),
            min_cell: Some(5),
            ..Options::default()
        },
    )
    .unwrap();
    let p = paragraphs(&report).join("\n");
    assert!(p.contains("Klein: een onderdrukt aantal; n x."), "{p}");
    // A value opening a sentence starts with a capital; a suppressed share says so.
    assert!(p.contains(". Een onderdrukt deel ging erover."), "{p}");
    assert!(!p.contains(&format!(
        "Klein: {}",
        zicht_report::text::number_word(n, Lang::Nl)
    )));
}

#[test]
fn a_researcher_adds_a_figure_of_any_variable_without_rust() {
    let (book, table) = table(300, 7);
    let builtin = Source::builtin(Lang::Nl);
    let decls = builtin
        .files
        .iter()
        .find(|(n, _)| n == "figures.toml")
        .unwrap()
        .1
        .clone()
        + "\n[[figure]]\nname = \"referral\"\nkind = \"bars\"\nvariable = \"referral\"\nsort = \"count\"\n";
    let src = with_file(builtin, "figures.toml", &decls);
    let src = with_file(src, "10-extra.md", "# Extra\n\n{{ figure referral }}\n");
    let report = build(
        &table,
        &book,
        2022,
        &Options {
            text: Some(src),
            ..Options::default()
        },
    )
    .unwrap();
    let f = report.figures.last().unwrap();
    let stats = zicht_stats::compute(&table, &book, Some(2022)).unwrap();
    let rf = stats.single("all", "referral").unwrap();
    let label = book.variable("referral").unwrap().label.get(Lang::Nl);
    assert_eq!(f.number, 14);
    assert_eq!(f.caption, format!("Figuur 14. {label} (n = {})", rf.n));
    // Sorted by count, largest first.
    let values: Vec<u64> = f.chart.series[0]
        .values
        .iter()
        .map(|v| v.unwrap())
        .collect();
    assert!(values.windows(2).all(|w| w[0] >= w[1]), "{values:?}");
    assert_eq!(values.iter().sum::<u64>(), rf.n);
    // It is in the HTML where the text placed it, after the colophon's heading.
    let page = html::render(&report);
    assert!(page.find("figuur-14").unwrap() > page.find("id=\"h-colofon\"").unwrap());
}

#[test]
fn a_declared_table_shows_count_and_share_per_code() {
    let (book, table) = table(300, 7);
    let builtin = Source::builtin(Lang::En);
    let decls = builtin
        .files
        .iter()
        .find(|(n, _)| n == "figures.toml")
        .unwrap()
        .1
        .clone()
        + "\n[[table]]\nname = \"duration\"\nvariable = \"duration\"\npopulation = \"sexual\"\ntitle = { nl = \"Duur\", en = \"Duration\" }\n";
    let src = with_file(builtin, "figures.toml", &decls);
    let src = with_file(src, "10-extra.md", "# Extra\n\n{{ table duration }}\n");
    let report = build(
        &table,
        &book,
        2022,
        &Options {
            lang: Lang::En,
            text: Some(src),
            ..Options::default()
        },
    )
    .unwrap();
    let t = report
        .chapters
        .last()
        .unwrap()
        .blocks
        .iter()
        .find_map(|b| match b {
            Block::Table(t) => Some(t),
            _ => None,
        })
        .unwrap();
    let stats = zicht_stats::compute(&table, &book, Some(2022)).unwrap();
    let du = stats.single("sexual", "duration").unwrap();
    assert!(
        t.caption.ends_with(&format!("Duration (n = {})", du.n)),
        "{}",
        t.caption
    );
    let codes = &book.variable("duration").unwrap().codes;
    assert_eq!(t.rows.len(), codes.len());
    for (row, code) in t.rows.iter().zip(codes) {
        assert_eq!(row[0], code.label(Lang::En));
        let n = du.counts.count(&code.code);
        assert_eq!(row[1], n.to_string());
        assert_eq!(row[2], zicht_stats::fmt_pct(n, du.n, Lang::En));
    }
}

#[test]
fn the_folder_written_by_init_renders_the_same_report() {
    let (book, table) = table(300, 7);
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("narrative-init");
    let _ = std::fs::remove_dir_all(&dir);
    for lang in [Lang::Nl, Lang::En] {
        let d = dir.join(format!("{lang:?}"));
        Source::builtin(lang).write_to(&d).unwrap();
        // A second init never overwrites the researchers' text.
        assert!(matches!(
            Source::builtin(lang).write_to(&d),
            Err(ReportError::Exists(_))
        ));
        let opts = Options {
            lang,
            pool: Some((2019, 2022)),
            ..Options::default()
        };
        let a = html::render(&build(&table, &book, 2022, &opts).unwrap());
        let b = html::render(
            &build(
                &table,
                &book,
                2022,
                &Options {
                    text: Some(Source::from_dir(&d).unwrap()),
                    ..opts.clone()
                },
            )
            .unwrap(),
        );
        assert!(a == b, "{lang:?}");
    }
}

#[test]
fn the_default_text_has_the_seed_report_structure() {
    let (book, table) = table(300, 7);
    for (lang, titles) in [
        (
            Lang::Nl,
            [
                "Samenvatting",
                "Inleiding",
                "Onderzoeksverantwoording",
                "Slachtoffers van mensenhandel in beeld",
                "Conclusie",
                "Aanbevelingen",
                "Literatuur",
                "Bijlage Definities",
                "Colofon",
            ],
        ),
        (
            Lang::En,
            [
                "Summary",
                "Introduction",
                "Method",
                "Victims of human trafficking in view",
                "Conclusion",
                "Recommendations",
                "References",
                "Appendix Definitions",
                "Colophon",
            ],
        ),
    ] {
        let opts = Options {
            lang,
            ..Options::default()
        };
        let r = build(&table, &book, 2022, &opts).unwrap();
        let chapters: Vec<&str> = r
            .chapters
            .iter()
            .filter(|c| c.level == 1)
            .map(|c| c.title.as_str())
            .collect();
        assert_eq!(chapters, titles, "{lang:?}");
        let blocks: Vec<&Block> = r.blocks().map(|(_, b)| b).collect();
        assert!(blocks.iter().any(|b| matches!(b, Block::Vignette { .. })));
        assert!(
            blocks
                .iter()
                .any(|b| matches!(b, Block::References(x) if x.len() > 5))
        );
        // Footnotes: citations and the context figures' sources.
        let notes = r
            .blocks()
            .filter_map(|(_, b)| match b {
                Block::Paragraph(x) => Some(x.iter().filter(|s| s.note).count()),
                _ => None,
            })
            .sum::<usize>();
        assert!(notes >= 8, "{notes}");
        assert!(r.title.ends_with("2022"));
        // The colophon names the title as printed, its references evaluated.
        let colophon = r.chapters.last().unwrap();
        let Block::Paragraph(first) = &colophon.blocks[0] else {
            panic!("{colophon:?}")
        };
        assert!(
            plain_text(first).starts_with(&r.title),
            "{}",
            plain_text(first)
        );
    }
}

#[test]
fn small_data_without_ages_still_give_a_report() {
    // Twenty cases over four years: in some draws no age is known in the reporting year,
    // so the median the summary names does not exist; the text says so instead of failing.
    let mut seen_missing = false;
    for seed in 0..60u64 {
        let (book, table) = common::table(20, seed);
        let stats = zicht_stats::compute(&table, &book, Some(2022)).unwrap();
        let missing = stats
            .age("all", "victim_age")
            .is_none_or(|a| a.median.is_none());
        let opts = Options {
            min_cell: Some(5),
            pool: Some((2019, 2022)),
            ..Options::default()
        };
        let r = build(&table, &book, 2022, &opts).unwrap_or_else(|e| panic!("seed {seed}: {e}"));
        if missing {
            seen_missing = true;
            assert!(
                paragraphs(&r)[1].contains("mediane leeftijd was onbekend."),
                "{}",
                paragraphs(&r)[1]
            );
        }
    }
    assert!(seen_missing);
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]
    /// Any text at all gives a report or a list of errors whose places lie in the text; it never panics.
    #[test]
    fn any_text_gives_a_report_or_placed_errors(parts in proptest::collection::vec(
        proptest::sample::select(vec![
            "# Kop", "## Sectie {#s}", "### Klein", "\n", "\n\n", "- punt ", "  ", "tekst é ", "**", "*",
            "{{ funnel.included }}", "{{ pct populations.all.chatter.victim }}", "{{ nope }}", "{{",
            "}}", "[@dijk2021]", "[@x", "[^a]", "[^a]: noot", "::: vignette Naam", ":::",
            "{{ if pool }}", "{{ end }}", "{{ figure age }}", "{{ ref s }}", "\\*", "<!-- x", "-->",
        ]),
        0..40,
    )) {
        let (book, table) = table(60, 3);
        let text: String = parts.concat();
        let lines = text.lines().count().max(1);
        let src = Source {
            files: Source::builtin(Lang::Nl)
                .files
                .into_iter()
                .filter(|(n, _)| !n.ends_with(".md"))
                .chain([("01-x.md".to_string(), text.clone())])
                .collect(),
        };
        let opts = Options { text: Some(src), ..Options::default() };
        match build(&table, &book, 2022, &opts) {
            Ok(_) => {}
            Err(ReportError::Narrative(d)) => {
                for e in d.0 {
                    proptest::prop_assert!(e.file == "01-x.md" || e.file == "report.toml", "{e}");
                    proptest::prop_assert!(e.line >= 1 && e.col >= 1, "{e}");
                    if e.file == "01-x.md" {
                        proptest::prop_assert!(e.line <= lines + 1, "{e} in {text:?}");
                    }
                }
            }
            Err(e) => proptest::prop_assert!(false, "{e}"),
        }
    }
}

#[test]
fn a_condition_can_hold_one_sentence_of_a_paragraph() {
    let (book, table) = table(300, 7);
    let text = "# T\n\nEen.\n{{ if pool }}\nTwee {{ pool.from }}.\n{{ end }}\nDrie.\n";
    for (pool, want) in [
        (Some((2019, 2022)), "Een. Twee 2019. Drie."),
        (None, "Een. Drie."),
    ] {
        let src = Source {
            files: Source::builtin(Lang::Nl)
                .files
                .into_iter()
                .filter(|(n, _)| !n.ends_with(".md"))
                .chain([("01-t.md".to_string(), text.to_string())])
                .collect(),
        };
        let opts = Options {
            text: Some(src),
            pool,
            ..Options::default()
        };
        let r = build(&table, &book, 2022, &opts).unwrap();
        assert_eq!(paragraphs(&r), [want]);
    }
}

#[test]
fn an_unknown_context_figure_lists_the_known_ones_with_what_they_are() {
    let text = "# T\n\nOngeveer {{ context wodc }} slachtoffers.\n";
    let errs = errors(with_file(Source::builtin(Lang::Nl), "10-t.md", text));
    assert_eq!(errs.len(), 1, "{errs:#?}");
    assert_eq!((errs[0].line, errs[0].col), (3, 10));
    assert!(
        errs[0]
            .message
            .contains("wodc_victims: Geschat aantal slachtoffers"),
        "{}",
        errs[0].message
    );
}

#[test]
fn two_context_figures_of_one_source_in_a_paragraph_have_one_footnote() {
    let (book, table) = table(300, 7);
    let report = build(&table, &book, 2022, &Options::default()).unwrap();
    for (_, b) in report.blocks() {
        if let Block::Paragraph(p) = b {
            let notes: Vec<&str> = p
                .iter()
                .filter(|s| s.note)
                .map(|s| s.text.as_str())
                .collect();
            let mut unique = notes.clone();
            unique.dedup();
            assert_eq!(
                notes,
                unique,
                "the same footnote twice in a row: {}",
                plain_text(p)
            );
        }
    }
}

#[test]
fn a_footnote_that_names_itself_is_an_error_not_an_endless_loop() {
    // Found by the property test above: "[^a]: noot [^a]" read itself until the stack ran out
    // and the process aborted. Directly and through a second footnote.
    for text in [
        "# T\n\nTekst[^a].\n\n[^a]: noot [^a]\n",
        "# T\n\nTekst[^a].\n\n[^a]: zie [^b]\n\n[^b]: en [^a]\n",
    ] {
        let errs = errors(with_file(Source::builtin(Lang::Nl), "10-t.md", text));
        assert!(
            errs.iter()
                .any(|e| e.file == "10-t.md" && e.message.contains("names itself")),
            "{text:?}: {errs:#?}"
        );
    }
    // A footnote that names another without a loop still reads.
    let (book, table) = table(300, 7);
    let text = "# T\n\nTekst[^a].\n\n[^a]: zie [^b]\n\n[^b]: bron\n";
    let opts = Options {
        text: Some(with_file(Source::builtin(Lang::Nl), "10-t.md", text)),
        ..Options::default()
    };
    let r = build(&table, &book, 2022, &opts).unwrap();
    assert!(
        r.blocks().any(|(_, b)| matches!(b, Block::Paragraph(p)
            if p.iter().any(|s| s.note && s.text.contains("bron")))),
        "the footnote in the footnote is read"
    );
    // And a citation in a footnote keeps its source (it was dropped before).
    let text = "# T\n\nTekst[^a].\n\n[^a]: zie [@farrell2014]\n";
    let opts = Options {
        text: Some(with_file(Source::builtin(Lang::Nl), "10-t.md", text)),
        ..Options::default()
    };
    let r = build(&table, &book, 2022, &opts).unwrap();
    let note = r
        .blocks()
        .find_map(|(_, b)| match b {
            Block::Paragraph(p) if plain_text(p).starts_with("Tekst") => {
                p.iter().find(|s| s.note).map(|s| s.text.clone())
            }
            _ => None,
        })
        .unwrap();
    assert!(
        note.starts_with("zie (") && note.contains("Farrell"),
        "{note}"
    );
}
