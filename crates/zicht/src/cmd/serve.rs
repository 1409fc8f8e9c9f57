//! `zicht serve`: runs the helpline chat (visitor chat, counsellor console, /healthz).

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;

/// Serve the visitor chat on /chat/<channel>, the counsellor console on /console and /healthz.
///
/// On first start DIR is created with the database and a commented zicht.toml
/// (channels, opening hours, limits, retention); edit it and restart.
#[derive(clap::Args)]
pub struct Args {
    /// Data directory: database and zicht.toml.
    #[arg(long, value_name = "DIR", default_value = "data")]
    pub data: PathBuf,
    /// Address to listen on.
    #[arg(long, value_name = "HOST:PORT", default_value = "127.0.0.1:8080")]
    pub addr: String,
    /// The chat store in PostgreSQL (postgres://USER:PASSWORD@HOST/DB), shared by
    /// several instances; without it, `database` of DIR/zicht.toml, else SQLite
    /// in DIR. (A password here is visible to other users in `ps`: prefer zicht.toml.)
    #[arg(long, value_name = "URL")]
    pub database: Option<String>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut config = zicht_server::Config::load_or_create(&args.data)?;
    if let Some(url) = &args.database {
        zicht_server::config::check_database_url(url).map_err(|m| anyhow::anyhow!("--{m}"))?;
        config.database = Some(url.clone());
    }
    let app = zicht_server::open_with(&args.data, config)?;
    // The URL's password is never shown.
    zicht_server::log(&format!("chat store: {}", app.db.store().describe()));
    check_channels(&app.config)?;
    let runtime = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
    runtime.block_on(zicht_server::serve(app, &args.addr))?;
    Ok(ExitCode::SUCCESS)
}

/// Every configured channel must be a channel code of the codebook.
pub fn check_channels(config: &zicht_server::Config) -> anyhow::Result<()> {
    let codebook = super::load_codebook(None)?;
    let name = &codebook.analysis.channel;
    let variable = codebook
        .variable(name)
        .with_context(|| format!("the codebook has no channel variable `{name}`"))?;
    for ch in &config.channels {
        if variable.code(&ch.code).is_none() {
            let known: Vec<_> = variable.codes.iter().map(|c| c.code.as_str()).collect();
            anyhow::bail!(
                "zicht.toml: channel `{}` is not a code of the codebook's `{name}` ({})",
                ch.code,
                known.join(", ")
            );
        }
    }
    Ok(())
}
