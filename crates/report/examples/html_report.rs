//! Writes the HTML report and the figures (no PDF) of one year: `cargo run -p zicht-report --example html_report -- CASES YEAR OUT [en] [K] [POOL]`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

use zicht_codebook::{Codebook, Lang};
use zicht_report::{Options, build, parse_pool, write_html_and_figures};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [cases, year, out, rest @ ..] = args.as_slice() else {
        eprintln!("usage: html_report CASES YEAR OUT [nl|en] [MIN_CELL] [POOL]");
        std::process::exit(2);
    };
    let book = Codebook::embedded().unwrap();
    let table = zicht_cases::read_path(&PathBuf::from(cases), &book).unwrap();
    let opts = Options {
        lang: rest
            .first()
            .and_then(|l| Lang::parse(l))
            .unwrap_or_default(),
        min_cell: rest.get(1).and_then(|k| k.parse().ok()).filter(|&k| k > 0),
        pool: rest.get(2).map(|p| parse_pool(p).unwrap()),
        ..Options::default()
    };
    let report = build(&table, &book, year.parse().unwrap(), &opts).unwrap();
    let figs = zicht_report::render_figures(&report).unwrap();
    write_html_and_figures(&report, &figs, &PathBuf::from(out)).unwrap();
    println!("{} figures -> {out}", figs.len());
}
