//! The computed sentences read as one correct phrase for every group size, with and without `--min-cell`: no share in words stacked on a count ("vijftien van de negentien van de 19"), no bare suppression mark in running text ("- van de slachtoffers"), and the verb agrees with a count in words ("drie van de achttien slachtoffers waren").
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use proptest::prelude::*;
use zicht_codebook::Lang;
use zicht_report::{Block, Options, Report, build, model::plain_text};

const NL: [&str; 20] = [
    "geen",
    "\u{e9}\u{e9}n",
    "twee",
    "drie",
    "vier",
    "vijf",
    "zes",
    "zeven",
    "acht",
    "negen",
    "tien",
    "elf",
    "twaalf",
    "dertien",
    "veertien",
    "vijftien",
    "zestien",
    "zeventien",
    "achttien",
    "negentien",
];
const EN: [&str; 20] = [
    "none",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];

/// The sentences of the running text (paragraphs and list items).
fn sentences(r: &Report) -> Vec<String> {
    let mut out = Vec::new();
    for (_, b) in r.blocks() {
        match b {
            Block::Paragraph(p) => out.push(plain_text(p)),
            Block::Bullets(items) => out.extend(items.iter().map(plain_text)),
            _ => {}
        }
    }
    out
}

fn is_number_word(w: &str) -> bool {
    let w = w.to_lowercase();
    NL.contains(&w.as_str()) || EN.contains(&w.as_str())
}

fn is_number(w: &str) -> bool {
    !w.is_empty()
        && w.chars().all(|c| c.is_ascii_digit() || c == '.')
        && w.starts_with(|c: char| c.is_ascii_digit())
}

/// What is wrong in one sentence, if anything.
fn faults(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let raw: Vec<&str> = s.split_whitespace().collect();
    let words: Vec<&str> = raw
        .iter()
        .map(|w| w.trim_matches(|c: char| matches!(c, ',' | ';' | '.' | ')' | '(' | ':')))
        .collect();
    for (i, w) in words.iter().enumerate() {
        // A bare mark where a number should be read.
        if *w == "-" || *w == "x" && words.get(i.wrapping_sub(1)) != Some(&"=") {
            out.push(format!("a bare mark `{w}`"));
        }
        // "<word> van de <word> van de <19>", "one of one one".
        let of = |j: usize| -> usize {
            match (words.get(j), words.get(j + 1)) {
                (Some(&"van"), Some(&"de")) | (Some(&"of"), Some(&"the")) => 2,
                (Some(&"van"), _) | (Some(&"of"), _) => 1,
                _ => 0,
            }
        };
        if is_number_word(w) {
            let a = of(i + 1);
            let ends = raw
                .get(i + 1 + a)
                .is_some_and(|x| x.ends_with([',', ';', '.', ')', ':']));
            if a > 0 && !ends && words.get(i + 1 + a).is_some_and(|x| is_number_word(x)) {
                let after = i + 2 + a;
                let b = of(after);
                if b > 0
                    || words
                        .get(after)
                        .is_some_and(|x| is_number_word(x) || is_number(x))
                {
                    out.push(format!("stacked share at `{}`", words[i..].join(" ")));
                }
            }
        }
    }
    // "(n = x; …)": a suppressed count followed by its share.
    if s.contains("(n = x;") {
        out.push("`(n = x;` before a share".into());
    }
    // Verb agreement after a count in words: "drie van de achttien slachtoffers was".
    for (i, w) in words.iter().enumerate() {
        let lw = w.to_lowercase();
        let plural = NL[2..].contains(&lw.as_str()) || lw == "alle";
        if plural
            && words.get(i + 1) == Some(&"van")
            && words.get(i + 5) == Some(&"was")
            && words.get(i + 4).is_some_and(|n| n.ends_with("ers"))
        {
            out.push(format!(
                "`was` after a plural at `{}`",
                words[i..i + 6].join(" ")
            ));
        }
    }
    out
}

fn check(r: &Report) -> Vec<String> {
    sentences(r)
        .iter()
        .flat_map(|s| {
            faults(s)
                .into_iter()
                .map(move |f| format!("{f}\n    in: {s}"))
        })
        .collect()
}

#[test]
fn the_checker_sees_the_readers_findings() {
    for bad in [
        "De slachtoffers waren voornamelijk vrouw (n = 15; vijftien van de negentien van de 19 slachtoffers van wie het gender bekend is).",
        "In 16 chats (zestien van de negentien van 19) bevond het slachtoffer zich in een acuut onveilige situatie.",
        "Drie van de achttien slachtoffers was jonger dan 16.",
        "Wanneer de dader uit de familiale kring kwam (n = 1), betrof het in \u{e9}\u{e9}n van \u{e9}\u{e9}n \u{e9}\u{e9}n of beide ouders.",
        "It was fifteen of the nineteen of the 19 victims.",
        "Bij - was de uitbuiting op het moment van chatten nog gaande (n = x, van 17 bij wie dit bekend is).",
        "De slachtoffers waren voornamelijk vrouw (n = x; - van de 19 slachtoffers).",
    ] {
        assert!(!faults(bad).is_empty(), "not seen: {bad}");
    }
    for good in [
        "De slachtoffers waren voornamelijk vrouw (vijftien van de negentien slachtoffers van wie het gender bekend is).",
        "In zestien van de negentien chats bevond het slachtoffer zich in een acuut onveilige situatie.",
        "Drie van de achttien slachtoffers waren jonger dan 16.",
        "\u{c9}\u{e9}n van de achttien slachtoffers was jonger dan 16.",
        "Bij een onderdrukt aantal van de 17 slachtoffers van wie dit bekend is, was de uitbuiting nog gaande.",
        "vader (n = 21), moeder (n = x) en oom of tante (n = x).",
    ] {
        assert!(faults(good).is_empty(), "{good}: {:?}", faults(good));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn every_group_size_reads_as_one_phrase(n in 60usize..300, seed in 0u64..10_000, en in any::<bool>(), k in prop::option::of(2u64..11)) {
        let (book, table) = common::table(n, seed);
        let opts = Options {
            lang: if en { Lang::En } else { Lang::Nl },
            min_cell: k,
            pool: Some((2019, 2022)),
            ..Options::default()
        };
        let report = build(&table, &book, 2022, &opts).unwrap();
        let bad = check(&report);
        prop_assert!(bad.is_empty(), "n = {n}, seed = {seed}, en = {en}, K = {k:?}:\n{}", bad.join("\n"));
    }
}
