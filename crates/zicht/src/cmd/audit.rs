//! `zicht audit`: the audit of transcript reads (who, when, which conversation, why); it holds no transcript text.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Print the newest transcript reads, newest first: time, staff or command user, conversation, purpose.
#[derive(clap::Args)]
pub struct Args {
    /// Data directory of the chat.
    #[arg(long, value_name = "DIR", default_value = "data")]
    pub data: PathBuf,
    /// The chat store in PostgreSQL (postgres://USER:PASSWORD@HOST/DB) instead of
    /// SQLite in DIR; without it, `database` of DIR/zicht.toml, else SQLite.
    /// (A password here is visible to other users in `ps`: prefer zicht.toml.)
    #[arg(long, value_name = "URL")]
    pub database: Option<String>,
    /// How many entries.
    #[arg(long, default_value_t = 100)]
    pub limit: usize,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let store = super::open_store(&args.data, args.database.as_deref())?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "tijd (UTC)\tmedewerker\tgesprek\tdoel")?;
    for r in store.connect()?.transcript_reads(args.limit)? {
        // The purpose in words; an unknown code (a newer version) as it is stored.
        let purpose =
            zicht_store::Purpose::parse(&r.purpose).map_or(r.purpose.as_str(), |p| p.label().0);
        writeln!(
            out,
            "{}\t{}\t{}\t{}",
            r.at, r.staff, r.conversation, purpose
        )?;
    }
    Ok(ExitCode::SUCCESS)
}
