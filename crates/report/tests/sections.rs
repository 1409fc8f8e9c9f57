//! The report's optional parts: the population estimate chapter (from a real `zicht_estimate` run on a small histories file) and the reliability table in the method chapter, as golden HTML and checked against their inputs.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{check_golden, here, table};
use zicht_codebook::Lang;
use zicht_report::{
    Block, Metric, Options, Population, Reliability, ReliabilityRow, build, html, svg,
};

fn population(file: &str, model: Option<&str>) -> Population {
    let path = here(&format!("data/{file}"));
    let h = zicht_estimate::read_histories_path(&path).unwrap();
    let method = zicht_estimate::method_from_args(model, None, 0.02, h.total.lists()).unwrap();
    let opts = zicht_estimate::Options {
        method,
        threads: 1,
        ..zicht_estimate::Options::default()
    };
    Population {
        source: file.to_string(),
        result: zicht_estimate::estimate(&h, &opts).unwrap(),
        chosen: model.is_some(),
    }
}

/// Hand-made agreement rows covering every metric and every threshold band.
fn reliability() -> Reliability {
    let row = |name: &str, metric, n, agreement, kappa, alpha| ReliabilityRow {
        name: name.to_string(),
        metric,
        n,
        agreement,
        kappa,
        alpha,
    };
    Reliability {
        cases: 46,
        rows: vec![
            row(
                "chatter",
                Metric::Nominal,
                46,
                Some(0.957),
                Some(0.91),
                Some(0.912),
            ),
            row(
                "exploitation",
                Metric::Nominal,
                45,
                Some(0.889),
                Some(0.78),
                Some(0.7804),
            ),
            row("victim_gender", Metric::Nominal, 40, Some(1.0), None, None),
            row("victim_age", Metric::Interval, 31, None, None, Some(0.954)),
            row(
                "duration",
                Metric::Nominal,
                20,
                Some(0.6),
                Some(0.51),
                Some(0.498),
            ),
            row("coercion", Metric::Masi, 38, None, None, Some(0.6667)),
        ],
    }
}

/// The part of the HTML from `start` up to and including the first `end` after it.
fn cut<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let i = html.find(start).unwrap_or_else(|| panic!("no `{start}`"));
    let j = html[i..].find(end).unwrap() + i + end.len();
    &html[i..j]
}

#[test]
fn golden_population_chapter_and_reliability_table_dutch() {
    let (book, table) = table(600, 5);
    let opts = Options {
        population: Some(population("histories-strata.csv", None)),
        reliability: Some(reliability()),
        ..Options::default()
    };
    let report = build(&table, &book, 2022, &opts).unwrap();
    let page = html::render(&report);
    check_golden(
        "sections-nl-population.html",
        cut(
            &page,
            "<section><h2 class=\"chapter\" id=\"h-4\">",
            "</section>",
        ),
    );
    check_golden(
        "sections-nl-reliability.html",
        cut(
            &page,
            "<h4>Betrouwbaarheid van de codering</h4>",
            "</table>",
        ),
    );
    let fig = report
        .figures
        .iter()
        .find(|f| f.caption.contains("geschatte omvang"))
        .unwrap();
    check_golden(
        "sections-nl-population.svg",
        &svg::render(&fig.chart, &fig.caption),
    );
    // The table of contents names the new chapter; the reading guide points to it.
    assert!(page.contains("Hoofdstuk 4 De omvang van de verborgen populatie"));
    assert!(page.contains("Hoofdstuk 4 schat met multiple systems estimation"));
}

#[test]
fn golden_sections_english() {
    let (book, table) = table(300, 11);
    let opts = Options {
        lang: Lang::En,
        population: Some(population("histories-strata.csv", None)),
        reliability: Some(reliability()),
        ..Options::default()
    };
    let page = html::render(&build(&table, &book, 2022, &opts).unwrap());
    check_golden(
        "sections-en-population.html",
        cut(
            &page,
            "<section><h2 class=\"chapter\" id=\"h-4\">",
            "</section>",
        ),
    );
    check_golden(
        "sections-en-reliability.html",
        cut(&page, "<h4>Reliability of the coding</h4>", "</table>"),
    );
}

#[test]
fn the_numbers_in_the_population_chapter_are_the_estimates() {
    let (book, table) = table(300, 11);
    let p = population("histories-strata.csv", None);
    let e = p.result.total.clone();
    let p_cov = p.result.covariates.clone();
    let opts = Options {
        population: Some(p),
        ..Options::default()
    };
    let report = build(&table, &book, 2022, &opts).unwrap();
    let ch = report.chapters.iter().find(|c| c.anchor == "h-4").unwrap();
    let est = zicht_stats::fmt_count(e.estimate.unwrap().round() as u64, Lang::Nl);
    let lo = zicht_stats::fmt_count(e.ci[0].unwrap().round() as u64, Lang::Nl);
    let tables: Vec<_> = ch
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table(t) => Some(t),
            _ => None,
        })
        .collect();
    // The total, then one row per value of the covariate from the model over lists × sex.
    let tab = tables[0];
    assert_eq!(tab.rows.len(), 1);
    assert_eq!(tab.rows[0][1], zicht_stats::fmt_count(e.observed, Lang::Nl));
    assert_eq!(tab.rows[0][2], est);
    assert!(tab.rows[0][3].starts_with(&lo), "{:?}", tab.rows[0]);
    let c = p_cov.unwrap();
    let groups = tables[1];
    // The groups, then the total they add up to (the text says so).
    assert_eq!(groups.rows.len(), 3);
    assert_eq!(groups.rows[0][0], "geslacht: vrouw");
    assert_eq!(groups.rows[2][0], "Totaal (alle groepen)");
    assert_eq!(
        groups.rows[2][1],
        zicht_stats::fmt_count(c.observed, Lang::Nl)
    );
    assert_eq!(
        groups.rows[2][2],
        zicht_stats::fmt_count(c.estimate.round() as u64, Lang::Nl)
    );
    for (row, g) in groups.rows.iter().zip(&c.groups) {
        assert_eq!(row[1], zicht_stats::fmt_count(g.observed, Lang::Nl));
        assert_eq!(
            row[2],
            zicht_stats::fmt_count(g.estimate.round() as u64, Lang::Nl)
        );
    }
    // The figure shows observed and estimated with the interval as a whisker.
    let fig = report.figures.last().unwrap();
    assert_eq!(fig.chart.series.len(), 2);
    assert_eq!(fig.chart.series[0].values[0], Some(e.observed));
    assert!(fig.chart.series[1].intervals[0].is_some());
    // Without the option there is no such chapter.
    let plain = build(&table, &book, 2022, &Options::default()).unwrap();
    assert!(plain.chapters.iter().all(|c| c.title != ch.title));
    assert_eq!(plain.figures.len() + 1, report.figures.len());
}

#[test]
fn an_infinite_estimate_is_said_in_words_and_not_drawn() {
    let (book, table) = table(300, 11);
    let p = population("histories-no-overlap.csv", Some("independence"));
    assert_eq!(p.result.total.status.code, 1);
    let opts = Options {
        population: Some(p),
        ..Options::default()
    };
    let report = build(&table, &book, 2022, &opts).unwrap();
    let page = html::render(&report);
    let ch = cut(
        &page,
        "<section><h2 class=\"chapter\" id=\"h-4\">",
        "</section>",
    );
    assert!(ch.contains("de schatting is oneindig"), "{ch}");
    assert!(ch.contains("Geen schatting."), "{ch}");
    assert!(!ch.contains("<figure"), "{ch}");
}

#[test]
fn the_reliability_summary_names_variables_by_krippendorff_band() {
    let (book, table) = table(300, 11);
    let opts = Options {
        reliability: Some(reliability()),
        ..Options::default()
    };
    let page = html::render(&build(&table, &book, 2022, &opts).unwrap());
    let part = cut(
        &page,
        "<h4>Betrouwbaarheid van de codering</h4>",
        "</table>",
    );
    let label = |n: &str| {
        book.variable(n)
            .map(|v| v.label.get(Lang::Nl).to_string())
            .or_else(|| book.set(n).map(|s| s.label.get(Lang::Nl).to_string()))
            .unwrap()
    };
    assert!(part.contains("46 casussen"), "{part}");
    // 0,6667 prints as 0,667 and counts as 0,667: tentative, not below.
    let below = &part[part.find("Onder 0,667").unwrap()..];
    assert!(below.contains("(0,498)"), "{part}");
    assert!(!below.contains("(0,667)"), "{part}");
    let tentative =
        &part[part.find("Tussen 0,667 en 0,800").unwrap()..part.find("Onder 0,667").unwrap()];
    assert!(
        tentative.contains("(0,780)") && tentative.contains("(0,667)"),
        "{part}"
    );
    assert!(
        part.contains("Van de 6 variabelen haalden er 2 een alfa van ten minste 0,800"),
        "{part}"
    );
    assert!(
        part.contains("Bij 1 variabele is alfa niet te berekenen"),
        "{part}"
    );
    for n in ["chatter", "victim_age", "coercion"] {
        assert!(part.contains(&label(n)), "{n}");
    }
    // The measure is a word: a text column, left aligned.
    assert!(part.contains("<td>MASI</td>"), "{part}");
    // The method chapter's own tables keep numbers 1 and 2; this one is 3.
    assert!(
        part.contains("Tabel 3. Betrouwbaarheid van de codering"),
        "{part}"
    );
}

#[test]
fn an_interval_that_cannot_be_computed_is_said_in_words() {
    let (book, table) = table(300, 11);
    let path = here("data/histories-one-sided.csv");
    let h = zicht_estimate::read_histories_path(&path).unwrap();
    let opts = zicht_estimate::Options {
        bootstrap: Some(30),
        seed: 305,
        threads: 1,
        ..zicht_estimate::Options::default()
    };
    let result = zicht_estimate::estimate(&h, &opts).unwrap();
    assert!(result.total.estimate.is_some() && result.total.ci_problem.is_some());
    for (lang, words) in [
        (Lang::Nl, "niet te berekenen"),
        (Lang::En, "cannot be computed"),
    ] {
        let opts = Options {
            lang,
            population: Some(Population {
                source: "histories-one-sided.csv".into(),
                result: result.clone(),
                chosen: false,
            }),
            ..Options::default()
        };
        let report = build(&table, &book, 2022, &opts).unwrap();
        let page = html::render(&report);
        let ch = cut(
            &page,
            "<section><h2 class=\"chapter\" id=\"h-4\">",
            "</section>",
        );
        assert!(ch.contains(words), "{ch}");
        // Never "0 – 0" nor NaN in place of the bounds.
        assert!(!ch.contains("0 \u{2013} 0") && !ch.contains("NaN"), "{ch}");
        let fig = report.figures.last().unwrap();
        assert!(fig.chart.series[1].intervals[0].is_none());
    }
}

#[test]
fn the_chapter_compares_the_methods_and_says_why_a_known_size_is_missed() {
    let (book, table) = table(300, 11);
    let path = here("data/histories-strata.csv");
    let h = zicht_estimate::read_histories_path(&path).unwrap();
    let opts = zicht_estimate::Options {
        threads: 1,
        known_total: Some(5000),
        ..zicht_estimate::Options::default()
    };
    let result = zicht_estimate::estimate(&h, &opts).unwrap();
    let c = result.comparison.clone().unwrap();
    let report = build(
        &table,
        &book,
        2022,
        &Options {
            population: Some(Population {
                source: "histories-strata.csv".into(),
                result,
                chosen: false,
            }),
            ..Options::default()
        },
    )
    .unwrap();
    let page = html::render(&report);
    let ch = cut(
        &page,
        "<section><h2 class=\"chapter\" id=\"h-4\">",
        "</section>",
    );
    assert!(ch.contains("Methoden naast elkaar"), "{ch}");
    // One row per method with its estimate.
    for m in &c.methods {
        let est = zicht_stats::fmt_count(m.estimate.unwrap().round() as u64, Lang::Nl);
        assert!(ch.contains(&est), "{est} missing: {ch}");
    }
    // The demo's made-up truth is said to be the demo's own, not the WODC's figure.
    assert!(
        ch.contains("werkelijke omvang van 5.000 personen; dat getal hoort alleen bij deze demo"),
        "{ch}"
    );
    assert!(ch.contains("heterogeniteit"), "{ch}");
    // Every method of the table is in the method sentence, thresholding with its reference.
    assert!(ch.contains("de Bayesiaanse drempeling<"), "{ch}");
    assert!(!ch.contains("latent classes"), "{ch}");
    // The spread is said not to be a confidence interval; the glossary explains the terms.
    assert!(ch.contains("geen betrouwbaarheidsinterval"), "{ch}");
    assert!(ch.contains("<strong>R-hat</strong>"), "{ch}");
    // Warnings stand below the table, not in its interval column.
    let table8 = cut(ch, "Geschatte omvang volgens elke methode", "</table>");
    assert!(!table8.contains("ketens"), "{table8}");
    // The model in words wraps as text; it does not push the numbers out of view.
    assert!(table8.contains("<th>Model</th>"), "{table8}");
}

#[test]
fn the_estimate_chapter_cites_through_the_bibliography_and_speaks_in_words() {
    let (book, table) = table(300, 7);
    let opts = Options {
        lang: Lang::Nl,
        population: Some(population("histories-strata.csv", None)),
        ..Options::default()
    };
    let r = build(&table, &book, 2022, &opts).unwrap();
    let chapter = r
        .chapters
        .iter()
        .find(|c| c.title.contains("omvang"))
        .expect("the estimate chapter");
    let mut text = String::new();
    let mut notes = Vec::new();
    for b in &chapter.blocks {
        let rich: Vec<&zicht_report::model::Rich> = match b {
            Block::Paragraph(x) => vec![x],
            Block::Bullets(xs) => xs.iter().collect(),
            _ => continue,
        };
        for x in rich {
            text += &zicht_report::model::plain_text(x);
            notes.extend(x.iter().filter(|s| s.note).map(|s| s.text.clone()));
        }
    }
    // Cited as footnotes from the bibliography, never as a bracket in the text.
    assert!(!text.contains("2021)"), "{text}");
    assert!(
        notes
            .iter()
            .any(|n| n.contains("Chan, Silverman & Vincent, 2021")),
        "{notes:?}"
    );
    let refs: Vec<String> = r
        .blocks()
        .filter_map(|(_, b)| match b {
            Block::References(items) => Some(items.iter().map(zicht_report::model::plain_text)),
            _ => None,
        })
        .flatten()
        .collect();
    for n in &notes {
        let author = n.split([',', ' ']).next().unwrap();
        assert!(
            refs.iter().any(|r| r.starts_with(author)),
            "{n} not in the references"
        );
    }
    // No file names, model notation, `variable = value` labels or package names in the prose.
    for bad in [
        "histories",
        "[",
        "geslacht =",
        "SparseMSE",
        "MultipleSystemsEstimation",
        "(dga)",
    ] {
        assert!(!text.contains(bad), "`{bad}` in: {text}");
    }
    // A generated citation without an entry is an error at the directive.
    let mut src = zicht_report::narrative::Source::builtin(Lang::Nl);
    for (name, body) in &mut src.files {
        if name == "report.toml" {
            *body = body.replace("[bibliography.chan2021]", "[bibliography.chan2021x]");
        }
    }
    let opts = Options {
        text: Some(src),
        ..opts
    };
    match build(&table, &book, 2022, &opts) {
        Err(zicht_report::ReportError::Narrative(d)) => {
            assert!(
                d.0.iter()
                    .any(|e| e.file.starts_with("04-") && e.message.contains("chan2021")),
                "{d:?}"
            );
        }
        other => panic!("expected a citation error, got {:?}", other.map(|_| ())),
    }
}

/// The summary gives one honest sentence: a likely range that spans the 95%-intervals of
/// the headline and of every method that counts in the spread, rounded outward to two
/// digits, and the best estimate rounded; the tables keep the exact numbers.
#[test]
fn the_summary_gives_one_rounded_range_over_the_credible_methods() {
    let (book, table) = table(300, 13);
    let p = population("histories-strata.csv", None);
    let r0 = p.result.clone();
    let opts = Options {
        lang: Lang::Nl,
        population: Some(p),
        ..Options::default()
    };
    let r = build(&table, &book, 2022, &opts).unwrap();
    let summary = r
        .chapters
        .iter()
        .find(|c| c.title.contains("Samenvatting"))
        .expect("the summary");
    let text: String = summary
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph(x) => Some(zicht_report::model::plain_text(x)),
            _ => None,
        })
        .collect();
    // The range computed here from the result itself.
    let mut lo = r0.total.ci[0].unwrap();
    let mut hi = r0.total.ci[1].unwrap();
    let mut counted = 0;
    for m in r0.comparison.iter().flat_map(|c| &c.methods) {
        if m.in_spread {
            counted += 1;
            lo = lo.min(m.ci[0].unwrap());
            hi = hi.max(m.ci[1].unwrap());
        }
    }
    assert!(counted >= 2, "the demo compares methods");
    let digits2 = |x: f64, up: bool| {
        let step = 10f64.powi(x.log10().floor() as i32 - 1);
        let q = if up {
            (x / step).ceil()
        } else {
            (x / step).floor()
        };
        (q * step) as u64
    };
    let dutch = |n: u64| {
        let s = n.to_string();
        if s.len() > 3 {
            format!("{}.{}", &s[..s.len() - 3], &s[s.len() - 3..])
        } else {
            s
        }
    };
    let est = r0.total.estimate.unwrap();
    let step = 10f64.powi(est.log10().floor() as i32 - 1);
    let best = ((est / step).round() * step) as u64;
    let want = format!(
        "Waarschijnlijk gaat het om {} tot {} personen; de beste schatting is ongeveer {}.",
        dutch(digits2(lo, false)),
        dutch(digits2(hi, true)),
        dutch(best)
    );
    assert!(text.contains(&want), "{want}\n{text}");
    // The share on no registration belongs to the best estimate, with its range over the
    // reader's range (rounded outward to 5%).
    let share = |n: f64| (1.0 - r0.total.observed as f64 / n) * 100.0;
    let want = format!(
        "bij de beste schatting ongeveer {:.0}% (over de hele marge tussen {:.0}% en {:.0}%)",
        (share(est) / 5.0).round() * 5.0,
        (share(lo) / 5.0).floor() * 5.0,
        (share(hi) / 5.0).ceil() * 5.0
    );
    assert!(text.contains(&want), "{want}\n{text}");
    assert!(
        text.contains("zo telt niet alleen het toeval mee"),
        "{text}"
    );
    // No second range, no exact headline in the summary.
    assert!(!text.contains("gangbare methoden komen uit"), "{text}");
    let exact = dutch(est.round() as u64);
    if exact != dutch(best) {
        assert!(!text.contains(&exact), "{exact}: {text}");
    }
}

/// Chapter 4 speaks the reader's words: "95%-interval" and "p-waarde" are in the Begrippen,
/// the key sentence names no technique, R-hat comes with its verdict, and the chapter says
/// "registraties", defining "lijst" once.
#[test]
fn the_estimate_chapter_explains_its_terms_and_says_registraties() {
    let (book, table) = table(300, 17);
    let opts = Options {
        lang: Lang::Nl,
        population: Some(population("histories-strata.csv", None)),
        ..Options::default()
    };
    let r = build(&table, &book, 2022, &opts).unwrap();
    let chapter = r
        .chapters
        .iter()
        .find(|c| c.title.contains("omvang"))
        .expect("the estimate chapter");
    let mut paras = Vec::new();
    let mut terms = Vec::new();
    for b in &chapter.blocks {
        match b {
            Block::Paragraph(x) => paras.push(zicht_report::model::plain_text(x)),
            Block::Bullets(xs) => terms.extend(xs.iter().map(zicht_report::model::plain_text)),
            _ => {}
        }
    }
    for t in ["95%-interval:", "p-waarde:", "Registratie (lijst):"] {
        assert!(terms.iter().any(|x| x.starts_with(t)), "{t}: {terms:?}");
    }
    let key = paras
        .iter()
        .find(|p| p.contains("De geschatte totale omvang"))
        .unwrap();
    let sentence = &key[key.find("De geschatte totale omvang").unwrap()..];
    let sentence = &sentence[..sentence.find(". ").unwrap()];
    assert!(!sentence.contains("likelihood"), "{sentence}");
    let rhat = paras.iter().find(|p| p.contains("R-hat is")).unwrap();
    assert!(
        rhat.contains("de ketens komen overeen") || rhat.contains("de ketens zijn het oneens"),
        "{rhat}"
    );
    let all = paras.join(" ") + &terms.join(" ");
    let lijst = all.matches("lijst").count();
    assert_eq!(lijst, 2, "only the definition says lijst: {all}");
}

/// walk-estimate5, findings 2, 4, 5, 11, 12 and 13: the chapter says whose number the best
/// estimate is (zicht's default unless the report chose a method, never "chosen beforehand
/// by the researchers" when nobody chose), the figure shows every method that counts and the
/// reader's range beside the headline, English says English words, and one person is one.
#[test]
fn the_chapter_says_whose_number_it_quotes_and_draws_the_range_of_the_methods() {
    let (book, table) = table(300, 11);
    let chapter = |lang: Lang, model: Option<&str>| {
        let p = population("histories-strata.csv", model);
        let result = p.result.clone();
        let r = build(
            &table,
            &book,
            2022,
            &Options {
                lang,
                population: Some(p),
                ..Options::default()
            },
        )
        .unwrap();
        let page = html::render(&r);
        let ch = cut(
            &page,
            "<section><h2 class=\"chapter\" id=\"h-4\">",
            "</section>",
        )
        .to_string();
        (r, ch, result)
    };
    let (r, ch, result) = chapter(Lang::Nl, None);
    assert!(!ch.contains("vooraf voor dit verslag"), "{ch}");
    assert!(ch.contains("de standaardmethode van zicht"), "{ch}");
    assert!(ch.contains("Wie één getal noemt, noemt ongeveer"), "{ch}");
    assert!(!ch.contains(" 1 personen"), "{ch}");
    // The figure of the estimate: the headline, every other method that counts and the
    // reader's range, each with its interval.
    let c = result.comparison.as_ref().unwrap();
    let fig = r
        .figures
        .iter()
        .find(|f| f.caption.contains("Waargenomen en geschatte omvang"))
        .expect("the estimate's figure");
    let cats = &fig.chart.categories;
    assert_eq!(cats[0], "Totaal", "{cats:?}");
    assert!(cats.iter().any(|x| x == "Marge"), "{cats:?}");
    assert!(
        fig.caption.contains("de marge voor de lezer (Marge)"),
        "{}",
        fig.caption
    );
    let counted = c
        .methods
        .iter()
        .filter(|m| m.in_spread && !m.headline)
        .count();
    assert!(counted >= 1, "{c:?}");
    assert_eq!(
        cats.len(),
        1 + counted + 1 + result.strata.len(),
        "{cats:?}"
    );
    assert!(fig.chart.series[1].intervals.iter().all(Option::is_some));
    // A method chosen for the report is called chosen.
    let (_, ch, _) = chapter(Lang::Nl, Some("politie:comensha"));
    assert!(ch.contains("voor dit verslag is gekozen"), "{ch}");
    // English: the characteristics and their values in English.
    let (_, en, _) = chapter(Lang::En, None);
    for dutch in ["geslacht", "vrouw", "politie by", "personen"] {
        assert!(!en.contains(dutch), "{dutch}: {en}");
    }
    assert!(en.contains("sex: woman"), "{en}");
    assert!(en.contains("s default: a dependence"), "{en}");
}
