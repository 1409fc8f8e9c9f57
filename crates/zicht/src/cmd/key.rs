//! `zicht key new|rotate`: the master key that encrypts the transcripts at rest.

use std::path::PathBuf;
use std::process::ExitCode;

/// The master key: create one, or replace it while the server runs.
#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub action: Action,
}

#[derive(clap::Subcommand)]
pub enum Action {
    /// Create the key file (mode 0600) named by `[security] master_key` in
    /// DIR/zicht.toml, or DIR.key beside the data folder; an existing key is never replaced.
    New {
        /// Data directory of the chat.
        #[arg(long, value_name = "DIR", default_value = "data")]
        data: PathBuf,
    },
    /// Replace the master key: a new key becomes current, every data key of
    /// the chat store and the research workspace is re-wrapped under it (a
    /// transaction per batch), then the old key is removed from the key file.
    /// A running server reads the changed key file by itself (before it makes
    /// a new data key, and when it meets a key id it does not know), so no
    /// restart is needed; transcripts are not re-encrypted (their data keys stay).
    Rotate {
        /// Data directory of the chat.
        #[arg(long, value_name = "DIR", default_value = "data")]
        data: PathBuf,
        /// Data keys per transaction.
        #[arg(long, default_value_t = 500)]
        batch: usize,
    },
}

fn key_path(data: &std::path::Path) -> anyhow::Result<PathBuf> {
    Ok(match zicht_server::config::master_key_path(data)? {
        Some(p) => p,
        None => zicht_store::vault::default_key_path(data),
    })
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    match args.action {
        Action::New { data } => {
            let path = key_path(&data)?;
            let key = zicht_store::vault::create_key_file(&path)?;
            eprintln!(
                "zicht: master key {} created in {} (mode 0600); keep it outside the data folder and back it up apart from it",
                key.id(),
                path.display()
            );
        }
        Action::Rotate { data, batch } => rotate(&data, batch.max(1))?,
    }
    Ok(ExitCode::SUCCESS)
}

fn rotate(data: &std::path::Path, batch: usize) -> anyhow::Result<()> {
    use zicht_store::vault::{MasterKey, Vault, read_key_file, write_key_file};
    if std::env::var_os(zicht_store::vault::ENV_KEY).is_some() {
        anyhow::bail!(
            "{} holds the master key itself; rotation needs a key file (unset it and name the file under [security] master_key)",
            zicht_store::vault::ENV_KEY
        );
    }
    let path = key_path(data)?;
    if !path.exists() {
        anyhow::bail!(
            "{}: no master key file to rotate (create one with `zicht key new`)",
            path.display()
        );
    }
    // The old key must open the store before anything changes.
    let old = Vault::from_file(&path)?;
    let url = super::database(data, None)?;
    let store = zicht_store::Store::open_database(data, url.as_deref(), old)?;
    drop(store);
    let old_keys = read_key_file(&path)?;
    let new = MasterKey::generate()?;
    let mut ring: Vec<&MasterKey> = vec![&new];
    ring.extend(old_keys.iter());
    write_key_file(&path, &ring)?;
    let vault = Vault::from_file(&path)?;
    let store = zicht_store::Store::open_database(data, url.as_deref(), vault.clone())?;
    let conn = store.connect()?;
    let ws = zicht_research::workspace::Workspace::open_dir(data, vault)?;
    let (mut chat, mut research) = (0, 0);
    // Repeat until nothing is left under an old key (a server may add keys meanwhile).
    loop {
        let a = conn.rewrap_batch(&new, batch)?;
        let b = ws.rewrap_batch(&new, batch)?;
        chat += a;
        research += b;
        if a == 0 && b == 0 {
            break;
        }
    }
    write_key_file(&path, &[&new])?;
    eprintln!(
        "zicht: master key {} replaced by {} in {}: {chat} data key(s) of the chat store and {research} of the research workspace re-wrapped; the old key is gone from the file",
        old_keys
            .iter()
            .map(MasterKey::id)
            .collect::<Vec<_>>()
            .join(", "),
        new.id(),
        path.display()
    );
    Ok(())
}
