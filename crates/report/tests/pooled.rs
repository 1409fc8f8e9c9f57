//! The demo's pooled 2019-2022 analysis of parents as perpetrators against the seed report's figures.
//!
//! The seed (`../shared/seed/onzichtbare-slachtoffers-2022.txt`, "Ouders als
//! mensenhandelaren"): "ruim 900" conversations with unique victims of sexual
//! exploitation in 2019-2022, 98 of them with one or both parents as perpetrators,
//! "circa een derde" aged 14 or younger, "ongeveer vier op de vijf" still in the
//! situation, "ruim 70%" first disclosure, "twee derde" exploited for more than a
//! year and "ruim een kwart" for five years or more. The demo's 2022 is the seed's
//! own 2022; 2019-2021 are calibrated so that the pooled figures say the same.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use zicht_codebook::{Codebook, Lang};
use zicht_report::{Block, Options, build};

fn number(s: &str) -> f64 {
    s.trim_end_matches('%')
        .replace('.', "")
        .replace(',', ".")
        .parse()
        .unwrap_or_else(|_| panic!("not a number: {s}"))
}

#[test]
fn pooled_parents_figures_match_the_seed() {
    let book = Codebook::embedded().unwrap();
    let dir = std::env::temp_dir().join(format!("zicht-report-pooled-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let summary = zicht_demo::write(&dir, zicht_demo::DEFAULT_SEED, &book).unwrap();
    let table = zicht_cases::read_path(&summary.cases_path, &book).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    let opts = Options {
        lang: Lang::Nl,
        pool: Some((2019, 2022)),
        ..Options::default()
    };
    let report = build(&table, &book, 2022, &opts).unwrap();
    let t = report
        .blocks()
        .find_map(|(_, b)| match b {
            Block::Table(t) if t.caption.contains("Ouders als plegers") => Some(t.clone()),
            _ => None,
        })
        .expect("the pooled table");
    let row = |label: &str| -> (f64, f64, f64) {
        let r = t
            .rows
            .iter()
            .find(|r| r[0].starts_with(label))
            .unwrap_or_else(|| panic!("row {label} in {:?}", t.rows));
        (number(&r[1]), number(&r[2]), number(&r[3]))
    };
    let (parents, sexual, _) = row("Gesprekken met ouders");
    println!("{:#?}", t.rows);
    assert!(sexual > 900.0 && sexual < 960.0, "ruim 900: {sexual}");
    assert_eq!(parents, 98.0, "98 with parents");
    let (_, _, young) = row("14 jaar of jonger");
    assert!((30.0..=36.7).contains(&young), "circa een derde: {young}%");
    let (_, _, still) = row("Nog in de situatie");
    assert!((75.0..=85.0).contains(&still), "vier op de vijf: {still}%");
    let (_, _, fd) = row("First disclosure");
    assert!(fd > 70.0 && fd <= 76.0, "ruim 70%: {fd}%");
    let (_, _, year) = row("Duur langer dan een jaar");
    assert!((63.3..=70.0).contains(&year), "twee derde: {year}%");
    let (_, _, five) = row("Duur langer dan vijf jaar");
    assert!(five > 25.0 && five <= 31.0, "ruim een kwart: {five}%");
}
