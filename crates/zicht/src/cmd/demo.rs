//! `zicht demo`: writes the synthetic, seeded demo data set (cases.csv and conversations.jsonl).

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;

/// Schrijf een synthetische demodataset (2019-2022): cases.csv en conversations.jsonl.
#[derive(clap::Args)]
pub struct Args {
    /// Map waarin de bestanden komen (wordt aangemaakt).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Zaadgetal: hetzelfde getal geeft byte voor byte dezelfde bestanden.
    #[arg(long, value_name = "S", default_value_t = zicht_demo::DEFAULT_SEED)]
    seed: u64,
    /// Codeboek (TOML) in plaats van het ingebouwde.
    #[arg(long, value_name = "FILE")]
    codebook: Option<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let book = super::load_codebook(args.codebook.as_deref())?;
    let summary = zicht_demo::write(&args.out, args.seed, &book)
        .with_context(|| format!("demodata naar {}", args.out.display()))?;
    println!(
        "{} casussen -> {}\n{} gesprekken -> {}\n{} personen op 4 registraties (bekende populatie van {}) -> {}\n{} dubbel gecodeerde casussen uit {} -> {} en {}\n(synthetisch, zaad {})",
        summary.cases,
        summary.cases_path.display(),
        summary.conversations,
        summary.conversations_path.display(),
        summary.histories_observed,
        zicht_demo::histories::POPULATION,
        summary.histories_path.display(),
        summary.double_coded,
        summary.double_coded_year,
        summary.coder_a_path.display(),
        summary.coder_b_path.display(),
        args.seed
    );
    Ok(ExitCode::SUCCESS)
}
