//! `zicht agreement`: agreement between two coders of the same cases (formats.md section 7).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use zicht_codebook::Lang;

/// Compare two `cases.csv` files of the same cases coded independently.
#[derive(clap::Args)]
pub struct Args {
    /// The first coder's cases.csv.
    #[arg(long)]
    a: PathBuf,
    /// The second coder's cases.csv.
    #[arg(long)]
    b: PathBuf,
    /// Print JSON (formats.md section 7) instead of a table.
    #[arg(long)]
    json: bool,
    /// Language of the table: nl or en.
    #[arg(long, default_value = "nl", value_parser = super::parse_lang)]
    lang: Lang,
    /// Use this codebook file instead of the embedded one.
    #[arg(long)]
    codebook: Option<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let book = super::load_codebook(args.codebook.as_deref())?;
    let a = zicht_cases::read_path(&args.a, &book)?;
    let b = zicht_cases::read_path(&args.b, &book)?;
    let result = zicht_research::agreement::compare(
        &book,
        &a,
        &b,
        &args.a.display().to_string(),
        &args.b.display().to_string(),
    )?;
    if result.cases == 0 {
        anyhow::bail!(
            "{} ({} cases) and {} ({} cases): no case_id appears in both files; \
             compare two codings of the same cases",
            args.a.display(),
            a.len(),
            args.b.display(),
            b.len()
        );
    }
    let text = if args.json {
        result
            .to_json()
            .context("rendering the agreement as JSON")?
    } else {
        zicht_research::agreement::render_text(&result, &book, args.lang)
    };
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
