//! Benchmark: time to write N random cases as .sav (compressed and not) and as SPSS CSV, against writing cases.csv.
//!
//! `cargo run --release -p zicht-spss --example bench_export [N]` (default 100000).
//! The baseline is `zicht_cases::write_csv` of the same table in the same run.

use std::time::Instant;

use zicht_codebook::{Codebook, Lang};
use zicht_spss::coding::Export;
use zicht_spss::sav::{Compression, Options};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let n: usize = std::env::args()
        .nth(1)
        .map(|s| s.parse())
        .transpose()?
        .unwrap_or(100_000);
    let book = Codebook::embedded()?;
    let records = zicht_cases::synth::random_records(&book, n, 2019..=2023, 1);
    let mut text = Vec::new();
    zicht_cases::write_records(&book, &records, &mut text)?;
    let table = zicht_cases::read_reader(text.as_slice(), "random.csv", &book)?;

    let time = |f: &mut dyn FnMut() -> Result<usize, Box<dyn std::error::Error>>| {
        let start = Instant::now();
        let bytes = f()?;
        Ok::<_, Box<dyn std::error::Error>>((start.elapsed().as_secs_f64(), bytes))
    };
    let (base, base_bytes) = time(&mut || {
        let mut out = Vec::new();
        zicht_cases::write_csv(&book, &table, &mut out)?;
        Ok(out.len())
    })?;
    println!("{n} cases");
    println!(
        "baseline cases.csv      {:8.3} s  {:>11} bytes",
        base, base_bytes
    );
    for (name, compression) in [
        ("sav bytecode", Compression::Bytecode),
        ("sav uncompressed", Compression::None),
    ] {
        let (t, bytes) = time(&mut || {
            let export = Export::new(&book, &table, Lang::Nl, "random.csv")?;
            let options = Options {
                compression,
                ..Options::default()
            };
            let mut out = Vec::new();
            zicht_spss::sav::write(&export.dictionary, &export, &options, &mut out)?;
            Ok(out.len())
        })?;
        println!(
            "{name:<23} {t:8.3} s  {bytes:>11} bytes  ratio {:.2}",
            t / base
        );
    }
    let (t, bytes) = time(&mut || {
        let export = Export::new(&book, &table, Lang::Nl, "random.csv")?;
        let mut out = Vec::new();
        zicht_spss::syntax::write_csv(&export.dictionary, &export, &mut out)?;
        Ok(out.len())
    })?;
    println!(
        "{:<23} {t:8.3} s  {bytes:>11} bytes  ratio {:.2}",
        "sps data csv",
        t / base
    );
    Ok(())
}
