//! `zicht codebook`: prints the codebook in Dutch, English or JSON.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use zicht_codebook::Lang;

#[derive(clap::Args)]
pub struct Args {
    /// Language of the labels: nl or en.
    #[arg(long, default_value = "nl", value_parser = super::parse_lang)]
    lang: Lang,
    /// Print the codebook as JSON (both languages).
    #[arg(long)]
    json: bool,
    /// Use this codebook file instead of the embedded one.
    #[arg(long)]
    codebook: Option<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let book = super::load_codebook(args.codebook.as_deref())?;
    let text = if args.json {
        zicht_codebook::render_json(&book).context("rendering the codebook as JSON")?
    } else {
        zicht_codebook::render_text(&book, args.lang)
    };
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
