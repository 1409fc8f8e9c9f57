//! `zicht retention`: deletes transcripts older than `retention_days` of zicht.toml (the server also does this hourly).

use std::path::PathBuf;
use std::process::ExitCode;

/// Delete transcripts older than the retention period of DIR/zicht.toml.
///
/// Exported files are not touched. The server runs the same every hour.
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
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let config = zicht_server::Config::load_or_create(&args.data)?;
    let store = super::open_store(&args.data, args.database.as_deref())?;
    let now = jiff::Timestamp::now();
    let cutoff = zicht_server::retention_cutoff(&config, now);
    let now = zicht_server::format_ts(now);
    let conn = store.connect()?;
    conn.begin()?;
    let purged = conn.purge_before(&cutoff, &now)?;
    conn.delete_expired_sessions(&now)?;
    conn.commit()?;
    // No old page of the removed transcripts stays in the WAL.
    if purged.conversations > 0 && !conn.checkpoint_truncate()? {
        eprintln!(
            "zicht: the WAL is in use by a running server; it truncates it after its next retention run"
        );
    }
    eprintln!(
        "zicht: removed the transcripts of {} conversation(s) ({} message(s)) that ended before {cutoff}",
        purged.conversations, purged.messages
    );
    Ok(ExitCode::SUCCESS)
}
