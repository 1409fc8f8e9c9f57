//! `zicht report`: the annual report of one year as HTML, PDF and figures (SVG and PNG).

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use zicht_codebook::Lang;
use zicht_report::{AgeCoding, Options};

#[derive(clap::Args)]
pub struct Args {
    /// The coded cases (cases.csv).
    #[arg(long)]
    cases: PathBuf,
    /// The reporting year.
    #[arg(long)]
    year: i32,
    /// Output folder: report.html, report.pdf and figures/ are written here.
    #[arg(long)]
    out: PathBuf,
    /// Language of the report: nl or en.
    #[arg(long, default_value = "nl", value_parser = super::parse_lang)]
    lang: Lang,
    /// Pool these years (FROM-TO, e.g. 2019-2022) for the analysis of parents as perpetrators.
    #[arg(long, value_parser = parse_pool)]
    pool: Option<(i32, i32)>,
    /// Suppress counts below K, with secondary suppression (same pattern in every year compared).
    #[arg(long, value_name = "K")]
    min_cell: Option<u64>,
    /// Ages below this are printed as "jonger dan N".
    #[arg(long, default_value_t = 12)]
    young_below: u32,
    /// Ages above this are printed as "ouder dan N".
    #[arg(long, default_value_t = 65)]
    old_above: u32,
    /// Use this codebook file instead of the embedded one.
    #[arg(long)]
    codebook: Option<PathBuf>,
}

fn parse_pool(s: &str) -> Result<(i32, i32), String> {
    zicht_report::parse_pool(s).map_err(|e| e.to_string())
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let start = Instant::now();
    let book = super::load_codebook(args.codebook.as_deref())?;
    let table = zicht_cases::read_path(&args.cases, &book)?;
    let opts = Options {
        lang: args.lang,
        min_cell: args.min_cell,
        ages: AgeCoding {
            young: args.young_below,
            old: args.old_above,
        },
        pool: args.pool,
    };
    let n_figures = write_report(&table, &book, args.year, &opts, &args.out)
        .with_context(|| format!("{}", args.cases.display()))?;
    println!("{}", args.out.join("report.html").display());
    println!("{}", args.out.join("report.pdf").display());
    println!(
        "{} ({n_figures} figuren, SVG en PNG)",
        args.out.join("figures").display()
    );
    eprintln!(
        "zicht report: klaar in {:.2} s",
        start.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}

/// Builds the report and writes report.html, report.pdf and figures/ to `out`;
/// returns the number of figures. Everything is made in memory first, so a
/// failure writes nothing.
pub fn write_report(
    table: &zicht_cases::CaseTable,
    book: &zicht_codebook::Codebook,
    year: i32,
    opts: &Options,
    out: &std::path::Path,
) -> anyhow::Result<usize> {
    let report = zicht_report::build(table, book, year, opts)?;
    let figures = zicht_report::render_figures(&report)?;
    let pdf = zicht_pdf::render(&report, &figures)?;
    std::fs::create_dir_all(out).with_context(|| format!("creating {}", out.display()))?;
    zicht_report::write_html_and_figures(&report, &figures, out)?;
    let pdf_path = out.join("report.pdf");
    std::fs::write(&pdf_path, pdf).with_context(|| format!("writing {}", pdf_path.display()))?;
    Ok(figures.len())
}
