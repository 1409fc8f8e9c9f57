//! `zicht report`: the annual report of one year as HTML, PDF and figures (SVG and PNG); `zicht report init` writes its text to edit.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use zicht_codebook::{Codebook, Column, Lang};
use zicht_report::{AgeCoding, Metric, Options, Population, Reliability, ReliabilityRow};

#[derive(clap::Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct Args {
    #[command(subcommand)]
    command: Option<Sub>,
    /// The coded cases (cases.csv).
    #[arg(long, required = true)]
    cases: Option<PathBuf>,
    /// The reporting year.
    #[arg(long, required = true)]
    year: Option<i32>,
    /// Output folder: report.html, report.pdf and figures/ are written here.
    #[arg(long, required = true)]
    out: Option<PathBuf>,
    /// The report's text: a folder written by `zicht report init` (Markdown chapters,
    /// report.toml, figures.toml), edited by the researchers. Default: the built-in text.
    #[arg(long, value_name = "DIR")]
    text: Option<PathBuf>,
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
    /// Capture histories (histories.csv, formats.md section 3): adds a chapter on the size of
    /// the hidden population (multiple systems estimation), per group when the file has
    /// covariate columns.
    #[arg(long, value_name = "FILE")]
    histories: Option<PathBuf>,
    /// How --histories is estimated: the options of `zicht estimate`, with the same names.
    #[command(flatten)]
    how: super::estimate::How,
    /// The true size of the population behind --histories, when it is known (synthetic data
    /// such as the demo's 5000): the method comparison says how far each estimate is from it.
    #[arg(long, value_name = "N", requires = "histories")]
    histories_known_total: Option<u64>,
    /// The first coder's cases.csv of a double-coded sample: with --coder-b, adds the reliability
    /// table (n, % agreement, Cohen's kappa, Krippendorff's alpha per variable) to the method chapter.
    #[arg(long, value_name = "FILE", requires = "coder_b")]
    coder_a: Option<PathBuf>,
    /// The second coder's cases.csv of the same cases (see --coder-a).
    #[arg(long, value_name = "FILE", requires = "coder_a")]
    coder_b: Option<PathBuf>,
}

#[derive(clap::Subcommand)]
enum Sub {
    /// Writes the built-in report text to a folder to edit: one Markdown file per chapter
    /// (in reading order), report.toml (title, authors, bibliography, context figures) and
    /// figures.toml (the figures and tables as declarations). Render it with `--text DIR`.
    Init {
        /// The folder to write (existing report text is never overwritten).
        #[arg(long)]
        out: PathBuf,
        /// Language of the text: nl or en.
        #[arg(long, default_value = "nl", value_parser = super::parse_lang)]
        lang: Lang,
    },
}

fn parse_pool(s: &str) -> Result<(i32, i32), String> {
    zicht_report::parse_pool(s).map_err(|e| e.to_string())
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    if let Some(Sub::Init { out, lang }) = &args.command {
        let source = zicht_report::narrative::Source::builtin(*lang);
        source.write_to(out)?;
        for (name, _) in &source.files {
            println!("{}", out.join(name).display());
        }
        // Every path `{{ }}` can insert, with its value in the demo data.
        let book = super::load_codebook(args.codebook.as_deref())?;
        let demo = std::env::temp_dir().join(format!("zicht-report-init-{}", std::process::id()));
        zicht_demo::write(&demo, zicht_demo::DEFAULT_SEED, &book)?;
        let year = 2022;
        let stats = zicht_stats::compute_path(&demo.join("cases.csv"), &book, Some(year));
        let _ = std::fs::remove_dir_all(&demo);
        let stats = stats?;
        let name = match lang {
            Lang::Nl => "PADEN.md",
            Lang::En => "PATHS.md",
        };
        std::fs::write(
            out.join(name),
            zicht_report::narrative::paths_reference(&stats, year, *lang),
        )
        .with_context(|| format!("writing {}", out.join(name).display()))?;
        println!("{}", out.join(name).display());
        return Ok(ExitCode::SUCCESS);
    }
    let (Some(cases), Some(year), Some(out)) = (&args.cases, args.year, &args.out) else {
        anyhow::bail!(
            "zicht report needs --cases, --year and --out (or: zicht report init --out DIR)"
        );
    };
    let start = Instant::now();
    let text = match &args.text {
        Some(dir) => Some(
            zicht_report::narrative::Source::from_dir(dir)
                .with_context(|| format!("reading the report text in {}", dir.display()))?,
        ),
        None => None,
    };
    let book = super::load_codebook(args.codebook.as_deref())?;
    let table = zicht_cases::read_path(cases, &book)?;
    let population = match &args.histories {
        Some(path) => Some(population(
            path,
            &PopulationArgs {
                how: &args.how,
                lang: args.lang,
                known_total: args.histories_known_total,
            },
        )?),
        None => None,
    };
    let reliability = match (&args.coder_a, &args.coder_b) {
        (Some(a), Some(b)) => Some(reliability(&book, a, b)?),
        _ => None,
    };
    let opts = Options {
        lang: args.lang,
        min_cell: args.min_cell,
        ages: AgeCoding {
            young: args.young_below,
            old: args.old_above,
        },
        pool: args.pool,
        population,
        reliability,
        text,
    };
    let n_figures =
        write_report(cases, &table, &book, year, &opts, out).with_context(|| match &args.text {
            Some(dir) => format!("{} with the text in {}", cases.display(), dir.display()),
            None => format!("{}", cases.display()),
        })?;
    println!("{}", out.join("report.html").display());
    println!("{}", out.join("report.pdf").display());
    let en = args.lang == Lang::En;
    println!(
        "{} ({n_figures} {}, SVG {} PNG)",
        out.join("figures").display(),
        if en { "figures" } else { "figuren" },
        if en { "and" } else { "en" }
    );
    eprintln!(
        "zicht report: {} {:.2} s",
        if en { "done in" } else { "klaar in" },
        start.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}

/// How `--histories` is estimated.
pub struct PopulationArgs<'a> {
    /// The options shared with `zicht estimate`.
    pub how: &'a super::estimate::How,
    /// The language of error messages.
    pub lang: Lang,
    /// The true size when it is known (synthetic data such as the demo): the method
    /// comparison then says how far each estimate is from it.
    pub known_total: Option<u64>,
}

/// Reads a histories file and estimates the population (total, per group and every method
/// side by side) for the report.
pub fn population(path: &Path, how: &PopulationArgs) -> anyhow::Result<Population> {
    let (file, mut opts) = how.how.options(path, how.lang)?;
    opts.compare = true;
    opts.known_total = how.known_total;
    let result = super::estimate::estimate_in_lang(&file, &opts, path, how.lang)?;
    let source = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    Ok(Population {
        source,
        result,
        chosen: how.how.chosen(),
    })
}

/// Compares two coders' cases.csv files and keeps one row per codebook variable and set.
///
/// The per-item columns of multiple-response sets are left out: each set has one row with
/// alpha over the MASI distance (`zicht agreement` prints every item).
pub fn reliability(book: &Codebook, a: &Path, b: &Path) -> anyhow::Result<Reliability> {
    let ta = zicht_cases::read_path(a, book)?;
    let tb = zicht_cases::read_path(b, book)?;
    let result = zicht_research::agreement::compare(
        book,
        &ta,
        &tb,
        &a.display().to_string(),
        &b.display().to_string(),
    )?;
    if result.cases == 0 {
        anyhow::bail!(
            "{} and {}: no case appears in both files",
            a.display(),
            b.display()
        );
    }
    let mut rows = Vec::new();
    for c in &result.columns {
        if !matches!(book.column(&c.name), Some(Column::Variable(_))) {
            continue;
        }
        rows.push(match &c.stats {
            zicht_research::agreement::ColumnStats::Nominal {
                n,
                agreement,
                kappa,
                alpha,
            } => ReliabilityRow {
                name: c.name.clone(),
                metric: Metric::Nominal,
                n: *n,
                agreement: *agreement,
                kappa: *kappa,
                alpha: *alpha,
            },
            zicht_research::agreement::ColumnStats::Interval { n, alpha_interval } => {
                ReliabilityRow {
                    name: c.name.clone(),
                    metric: Metric::Interval,
                    n: *n,
                    agreement: None,
                    kappa: None,
                    alpha: *alpha_interval,
                }
            }
        });
    }
    for s in &result.sets {
        rows.push(ReliabilityRow {
            name: s.name.clone(),
            metric: Metric::Masi,
            n: s.n,
            agreement: None,
            kappa: None,
            alpha: s.alpha_masi,
        });
    }
    Ok(Reliability {
        cases: result.cases,
        rows,
    })
}

/// Builds the report and writes report.html, report.pdf and figures/ to `out`;
/// returns the number of figures. Everything is made in memory first, so a
/// failure writes nothing. The statistics of the year are streamed from
/// `cases` (the file `table` was read from), as `zicht stats` computes them.
pub fn write_report(
    cases: &Path,
    table: &zicht_cases::CaseTable,
    book: &zicht_codebook::Codebook,
    year: i32,
    opts: &Options,
    out: &std::path::Path,
) -> anyhow::Result<usize> {
    let stats = match zicht_stats::compute_path(cases, book, Some(year)) {
        Ok(stats) => stats,
        Err(zicht_stats::ComputeError::Read(e)) => return Err(e.into()),
        Err(zicht_stats::ComputeError::Stats(e)) => {
            return Err(zicht_report::ReportError::from(e).into());
        }
    };
    let report = zicht_report::build_with_stats(table, book, year, opts, stats)?;
    let figures = zicht_report::render_figures(&report)?;
    let pdf = zicht_pdf::render(&report, &figures)?;
    std::fs::create_dir_all(out).with_context(|| format!("creating {}", out.display()))?;
    zicht_report::write_html_and_figures(&report, &figures, out)?;
    let pdf_path = out.join("report.pdf");
    std::fs::write(&pdf_path, pdf).with_context(|| format!("writing {}", pdf_path.display()))?;
    Ok(figures.len())
}
