//! Benchmark: the whole report of one year (model, HTML, figures SVG+PNG, PDF), timed.
//!
//! `cargo run --release -p zicht-pdf --example bench_report -- [CASES.csv YEAR]`; without
//! arguments synthetic cases (about 300 a year, 2019-2022) are used. The baseline measured
//! in the same run is reading the cases and computing the year's statistics.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::time::Instant;

use zicht_cases::{read_reader, synth::random_records, write_records};
use zicht_codebook::Codebook;
use zicht_report::{Options, build, html, render_figures};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let book = Codebook::embedded().unwrap();
    let (csv, year) = match args.as_slice() {
        [path, year, ..] => (
            std::fs::read(PathBuf::from(path)).unwrap(),
            year.parse::<i32>().unwrap(),
        ),
        _ => {
            let records = random_records(&book, 1200, 2019..=2022, 1);
            let mut csv = Vec::new();
            write_records(&book, &records, &mut csv).unwrap();
            (csv, 2022)
        }
    };
    let opts = Options {
        pool: Some((2019, 2022)),
        ..Options::default()
    };
    let runs = 3;
    let mut best_base = f64::MAX;
    let mut best_total = f64::MAX;
    let mut parts = (0.0, 0.0, 0.0, 0.0);
    for _ in 0..runs {
        let t0 = Instant::now();
        let table = read_reader(csv.as_slice(), "cases.csv", &book).unwrap();
        let _stats = zicht_stats::compute(&table, &book, Some(year)).unwrap();
        best_base = best_base.min(t0.elapsed().as_secs_f64());

        let t0 = Instant::now();
        let table = read_reader(csv.as_slice(), "cases.csv", &book).unwrap();
        let report = build(&table, &book, year, &opts).unwrap();
        let t1 = Instant::now();
        let page = html::render(&report);
        let t2 = Instant::now();
        let figures = render_figures(&report).unwrap();
        let t3 = Instant::now();
        let pdf = zicht_pdf::render(&report, &figures).unwrap();
        let t4 = Instant::now();
        let total = (t4 - t0).as_secs_f64();
        if total < best_total {
            best_total = total;
            parts = (
                (t1 - t0).as_secs_f64(),
                (t2 - t1).as_secs_f64(),
                (t3 - t2).as_secs_f64(),
                (t4 - t3).as_secs_f64(),
            );
        }
        assert!(!page.is_empty() && !pdf.is_empty());
    }
    println!("report {year}, best of {runs}:");
    println!("  model (read + statistics + text) {:8.3} s", parts.0);
    println!("  HTML                             {:8.3} s", parts.1);
    println!("  figures SVG + PNG                {:8.3} s", parts.2);
    println!("  PDF (typst)                      {:8.3} s", parts.3);
    println!(
        "  whole report                     {:8.3} s (target <= 2 s)",
        best_total
    );
    println!("  baseline: read + stats           {:8.3} s", best_base);
    println!(
        "  ratio whole report / baseline    {:8.1}",
        best_total / best_base.max(1e-9)
    );
}
