//! Property test of `--min-cell K`: no published count, and no difference of published counts that belong together, is a positive count below K.
//!
//! The test reads the report model as a reader would: it parses every number of
//! every sentence, table cell and figure (counts only: percentages, years, ages,
//! dates, figure and table numbers and the "minder dan K" bound are not counts)
//! and checks
//! - every count is 0 or at least K;
//! - in a figure, its n minus the shown bars (the hidden bars together) is 0 or at least K;
//! - in a table, per row (a count and its base), the largest count minus the others is 0,
//!   negative (not parts of it) or at least K; in the selection table, whose first row is
//!   the total of the others, also per column;
//! - in a clause of a sentence, the largest count minus each other count and minus all
//!   others together is 0, negative or at least K (a total and its parts);
//! - across sentences: in the chapters on all visitors, on sexual and on criminal
//!   exploitation, every n (the cases for whom something is known: "n = X" in a
//!   sentence or a figure's caption, or a count in a clause that says "bekend")
//!   subtracted from the chapter's published population leaves 0, a negative or
//!   at least K (the unknowns are a count too).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use proptest::prelude::*;
use zicht_codebook::Lang;
use zicht_report::{Block, Options, Report, build, model::plain_text};

/// The counts in a text, skipping what is not a count.
fn counts(text: &str) -> Vec<u64> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() || (i > 0 && chars[i - 1].is_alphanumeric()) {
            i += 1;
            continue;
        }
        let start = i;
        let mut digits = String::new();
        while i < chars.len() {
            if chars[i].is_ascii_digit() {
                digits.push(chars[i]);
                i += 1;
            } else if chars[i] == '.'
                && chars.len() >= i + 4
                && chars[i + 1..i + 4].iter().all(char::is_ascii_digit)
                && chars.get(i + 4).is_none_or(|c| !c.is_ascii_digit())
            {
                i += 1; // a thousands separator
            } else {
                break;
            }
        }
        let before: String = chars[..start].iter().collect();
        let after: String = chars[i..].iter().collect();
        let before = before.trim_end();
        let decimal =
            after.starts_with(',') && after[1..].starts_with(|c: char| c.is_ascii_digit());
        let skip = decimal
            || after.starts_with('%')
            || after.starts_with('.') && after[1..].starts_with(|c: char| c.is_ascii_digit())
            || after.starts_with('\u{2013}')
            || before.ends_with('\u{2013}')
            || before.ends_with('\u{a7}')
            || before.ends_with('.')
                && before[..before.len() - 1].ends_with(|c: char| c.is_ascii_digit())
            || [
                " jaar",
                " years",
                " of younger",
                " januari",
                " december",
                " January",
                " December",
            ]
            .iter()
            .any(|w| after.starts_with(w))
            || [
                "Figuur",
                "Tabel",
                "Hoofdstuk",
                "hoofdstuk",
                "chapter",
                "Section",
                "section",
                "versie",
                "dan",
                "than",
                "Figure",
                "Table",
                "Chapter",
                "version",
            ]
            .iter()
            .any(|w| before.ends_with(w));
        let Ok(n) = digits.parse::<u64>() else {
            continue;
        };
        // Years of the data.
        let year =
            (1990..=2100).contains(&n) && !after.starts_with(' ') || (2015..=2030).contains(&n);
        if !skip && !year {
            out.push(n);
        }
    }
    out
}

/// Splits a text into clauses at `.`, `;`, `,`, `:` and "en" outside parentheses (and not inside numbers).
fn clauses(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut depth = 0i32;
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ => {}
        }
        let next_digit = chars.get(i + 1).is_some_and(char::is_ascii_digit);
        if depth == 0 && matches!(c, '.' | ';' | ',' | ':') && !next_digit {
            out.push(std::mem::take(&mut cur));
        } else {
            cur.push(c);
        }
        // The items of a list ("a (n = 7) en b (n = 6)") are parts, not a total and its part.
        if depth == 0 && (cur.ends_with(" en ") || cur.ends_with(" and ")) {
            out.push(std::mem::take(&mut cur));
        }
    }
    out.push(cur);
    out
}

fn small(d: i128, k: u64) -> bool {
    d > 0 && d < i128::from(k)
}

/// Every violation of the disclosure rule in a report.
fn violations(r: &Report, k: u64, sets: &[String]) -> Vec<String> {
    let mut bad = Vec::new();
    let check_group = |what: &str, nums: &[u64], bad: &mut Vec<String>| {
        for &n in nums {
            if small(i128::from(n), k) {
                bad.push(format!("{what}: count {n} below {k}"));
            }
        }
        let Some((ti, &total)) = nums.iter().enumerate().max_by_key(|(_, n)| **n) else {
            return;
        };
        let others: Vec<u64> = nums
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != ti)
            .map(|(_, n)| *n)
            .collect();
        for &o in &others {
            let d = i128::from(total) - i128::from(o);
            if small(d, k) {
                bad.push(format!("{what}: {total} - {o} = {d} below {k}"));
            }
        }
        let sum: u64 = others.iter().sum();
        let d = i128::from(total) - i128::from(sum);
        if others.len() > 1 && small(d, k) {
            bad.push(format!("{what}: {total} - {others:?} = {d} below {k}"));
        }
    };
    let mut sentences = Vec::new();
    for (ch, b) in r.blocks() {
        match b {
            Block::Paragraph(x) => sentences.push((ch.title.clone(), plain_text(x))),
            Block::Bullets(items) => {
                sentences.extend(items.iter().map(|i| (ch.title.clone(), plain_text(i))))
            }
            Block::Heading(h) => sentences.push((ch.title.clone(), h.clone())),
            Block::Vignette { paragraphs, .. } => {
                sentences.extend(paragraphs.iter().map(|p| (ch.title.clone(), plain_text(p))))
            }
            Block::Table(t) => {
                let cells: Vec<Vec<Vec<u64>>> = t
                    .rows
                    .iter()
                    .map(|row| {
                        row.iter()
                            .enumerate()
                            .map(|(ci, c)| {
                                if t.head.get(ci).is_some_and(|h| h == "%") {
                                    Vec::new()
                                } else {
                                    counts(c)
                                }
                            })
                            .collect()
                    })
                    .collect();
                for (ri, row) in cells.iter().enumerate() {
                    let nums: Vec<u64> = row.iter().flatten().copied().collect();
                    check_group(&format!("{} row {ri}", t.caption), &nums, &mut bad);
                }
                let width = cells.iter().map(Vec::len).max().unwrap_or(0);
                // Only the selection table has a total row (the flagged conversations); the
                // other tables' rows are parts of different bases.
                let totals = t.caption.contains("Selectie van gesprekken");
                for ci in (1..width).filter(|_| totals) {
                    let nums: Vec<u64> = cells
                        .iter()
                        .filter_map(|r| r.get(ci))
                        .flatten()
                        .copied()
                        .collect();
                    check_group(&format!("{} column {ci}", t.caption), &nums, &mut bad);
                }
                for n in counts(&t.caption) {
                    check_group(&t.caption, &[n], &mut bad);
                }
            }
            // Definitions and references come from the codebook and report.toml, not from cases.
            Block::Figure(_) | Block::Definition { .. } | Block::References(_) => {}
        }
    }
    for (title, s) in &sentences {
        for c in clauses(s) {
            let nums = counts(&c);
            let what = format!("{title}: \u{201c}{c}\u{201d}");
            if c.contains("respectievelijk") || c.contains("respectively") {
                // A series over years: each year on its own, not parts of one total.
                for n in nums {
                    check_group(&what, &[n], &mut bad);
                }
            } else {
                check_group(&what, &nums, &mut bad);
            }
        }
    }
    for f in &r.figures {
        let n = counts(&f.caption);
        for v in f
            .chart
            .series
            .iter()
            .flat_map(|s| s.values.iter().flatten())
        {
            if small(i128::from(*v), k) {
                bad.push(format!("{}: bar {v} below {k}", f.caption));
            }
        }
        check_group(&f.caption, &n, &mut bad);
        // The bars of a multiple-response set are not parts of its n (a case names several).
        let multiple = sets.iter().any(|l| f.caption.contains(l.as_str()))
            || f.caption.contains("Vormen van criminele uitbuiting");
        if let ([n], Some(_), false) = (n.as_slice(), f.chart.percent_base, multiple) {
            for s in &f.chart.series {
                let shown: u64 = s.values.iter().flatten().sum();
                let d = i128::from(*n) - i128::from(shown);
                if small(d, k) {
                    bad.push(format!(
                        "{}: n {n} minus the bars {:?} = {d} below {k}",
                        f.caption, s.values
                    ));
                }
            }
        }
    }
    bad
}

#[test]
fn the_counter_reads_report_numbers() {
    assert_eq!(counts("(n = 1.234; 41,3% van de 187)"), vec![1234, 187]);
    assert_eq!(
        counts("In 2022 waren 12 van de 14 jaar of jonger, jonger dan 12, minder dan 5"),
        vec![12]
    );
    assert_eq!(counts("Figuur 3. Leeftijd (n = 3) \u{a7}3.1"), vec![3]);
    assert_eq!(
        clauses("a (n = 1; 2), b; c en d 1.234"),
        vec!["a (n = 1; 2)", " b", " c en ", "d 1.234"]
    );
}

/// The n's of a text ("n = X", and the counts of a clause about what is known),
/// leaving out sentences about other years than `year`; sorted, each once.
fn known_ns(text: &str, year: i32) -> Vec<u64> {
    let mut out = std::collections::BTreeSet::new();
    for sentence in text.split(". ") {
        let other_year = (1990..2100)
            .filter(|&y| y != year)
            .any(|y| sentence.contains(&y.to_string()));
        if other_year || sentence.contains("respectievelijk") || sentence.contains("respectively") {
            continue;
        }
        for c in clauses(sentence) {
            if c.contains("bekend") || c.contains("known") {
                out.extend(counts(&c));
            }
        }
        let mut rest = sentence;
        while let Some(at) = rest.find("n = ") {
            rest = &rest[at + 4..];
            out.extend(
                counts(rest)
                    .into_iter()
                    .take(1)
                    .filter(|_| rest.starts_with(|ch: char| ch.is_ascii_digit())),
            );
        }
    }
    out.into_iter().collect()
}

/// Every n of the population chapters whose unknowns (population minus n) are a count below K.
///
/// A section with a population of its own (`own_base`, the heading of the clients'
/// knowledge: the victims for whom it could be judged) ends the scan of its chapter.
fn unknowns_revealed(
    r: &Report,
    k: u64,
    populations: &[(&str, u64)],
    own_base: &str,
) -> Vec<String> {
    let mut bad = Vec::new();
    for ch in &r.chapters {
        let Some(&(_, population)) = populations.iter().find(|(t, _)| ch.title.contains(t)) else {
            continue;
        };
        if small(i128::from(population), k) {
            continue; // the population itself is not published
        }
        let mut texts = Vec::new();
        for b in &ch.blocks {
            match b {
                Block::Heading(h) if h == own_base => break,
                Block::Paragraph(x) => texts.push(plain_text(x)),
                Block::Bullets(items) => texts.extend(items.iter().map(plain_text)),
                Block::Figure(i) => texts.extend(r.figures.get(*i).map(|f| f.caption.clone())),
                _ => {}
            }
        }
        for t in &texts {
            for n in known_ns(t, r.year) {
                let d = i128::from(population) - i128::from(n);
                if small(d, k) {
                    bad.push(format!(
                        "{}: population {population} - n {n} = {d} below {k} in \u{201c}{t}\u{201d}",
                        ch.title
                    ));
                }
            }
        }
    }
    bad
}

#[test]
fn the_known_n_reader_finds_the_ns() {
    assert_eq!(
        known_ns(
            "Vrouw (n = 12; 80% van de 15 slachtoffers van wie het gender bekend is). In 2021: n = 3. Figuur 2. Leeftijd (n = 14)",
            2022
        ),
        vec![12, 14, 15]
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn no_published_number_reveals_a_count_below_k(n in 20usize..400, seed in 0u64..10_000, k in 2u64..11) {
        let (book, table) = common::table(n, seed);
        let opts = Options {
            lang: Lang::Nl,
            min_cell: Some(k),
            pool: Some((2019, 2022)),
            ..Options::default()
        };
        let report = build(&table, &book, 2022, &opts).unwrap();
        let sets: Vec<String> = book.sets.iter().map(|s| s.label.get(Lang::Nl).to_string()).collect();
        let bad = violations(&report, k, &sets);
        prop_assert!(bad.is_empty(), "n = {n}, seed = {seed}, K = {k}:\n{}", bad.join("\n"));
    }

    /// A population minus a published n is the number of unknowns: it must not be a count below K.
    #[test]
    fn no_n_reveals_the_unknowns_of_its_population(n in 20usize..400, seed in 0u64..10_000, k in 2u64..11) {
        let (book, table) = common::table(n, seed);
        let opts = Options {
            lang: Lang::Nl,
            min_cell: Some(k),
            ..Options::default()
        };
        let report = build(&table, &book, 2022, &opts).unwrap();
        let stats = zicht_stats::compute(&table, &book, Some(2022)).unwrap();
        let size = |p: &str| stats.population_sizes.count(p);
        let populations = [
            ("in beeld", size("all")),
            ("seksuele uitbuiting", size("sexual")),
            ("criminele uitbuiting", size("criminal")),
        ];
        let clients = book
            .variable(zicht_report::spec::CLIENT_KNEW)
            .and_then(|v| book.group(&v.group))
            .map(|g| g.label.get(Lang::Nl).to_string())
            .unwrap();
        let bad = unknowns_revealed(&report, k, &populations, &clients);
        prop_assert!(bad.is_empty(), "n = {n}, seed = {seed}, K = {k}:\n{}", bad.join("\n"));
    }
}
