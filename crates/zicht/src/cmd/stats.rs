//! `zicht stats`: the statistics of coded cases, as Dutch tables or as the JSON contract.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use zicht_codebook::Lang;

#[derive(clap::Args)]
pub struct Args {
    /// The coded cases (cases.csv).
    #[arg(long)]
    cases: PathBuf,
    /// The reporting year; without it every year is pooled (and the year series is added).
    #[arg(long)]
    year: Option<i32>,
    /// Print the JSON contract (formats.md section 4) instead of tables.
    #[arg(long)]
    json: bool,
    /// Language of the tables: nl or en.
    #[arg(long, default_value = "nl", value_parser = super::parse_lang)]
    lang: Lang,
    /// Use this codebook file instead of the embedded one.
    #[arg(long)]
    codebook: Option<PathBuf>,
    /// Read the whole table into memory first instead of streaming the file
    /// (same output; for comparison in benchmarks).
    #[arg(long)]
    table: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let book = super::load_codebook(args.codebook.as_deref())?;
    let computed = if args.table {
        let table = zicht_cases::read_path(&args.cases, &book)?;
        zicht_stats::compute(&table, &book, args.year)
    } else {
        match zicht_stats::compute_path(&args.cases, &book, args.year) {
            Ok(stats) => Ok(stats),
            Err(zicht_stats::ComputeError::Read(e)) => return Err(e.into()),
            Err(zicht_stats::ComputeError::Stats(e)) => Err(e),
        }
    };
    let stats = computed.with_context(|| format!("{}", args.cases.display()))?;
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &stats).map_err(std::io::Error::from)?;
        writeln!(out)?;
    } else {
        out.write_all(zicht_stats::render_text(&stats, &book, args.lang).as_bytes())?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
