//! One module per subcommand: its arguments, its usage text and its `run`.

pub mod agreement;
pub mod audit;
pub mod codebook;
pub mod demo;
pub mod estimate;
pub mod export;
pub mod import;
pub mod key;
pub mod report;
pub mod retention;
pub mod serve;
pub mod stats;
pub mod suggest;
pub mod up;
pub mod user;

/// True when the error is a closed stdout (`zicht stats | head`), which is not a failure.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// The master key of the data folder `data`: `ZICHT_MASTER_KEY`, else
/// `[security] master_key` of `data/zicht.toml`, else `DATA.key` beside the folder.
pub fn vault(data: &std::path::Path) -> anyhow::Result<zicht_store::vault::Vault> {
    let configured = zicht_server::config::master_key_path(data)?;
    Ok(zicht_server::config::vault(data, configured.as_deref())?)
}

/// The chat store's PostgreSQL URL: `--database`, else `database` of
/// `data/zicht.toml`; `None` means SQLite in `data`.
pub fn database(data: &std::path::Path, flag: Option<&str>) -> anyhow::Result<Option<String>> {
    match flag {
        Some(url) => {
            zicht_server::config::check_database_url(url).map_err(|m| anyhow::anyhow!("--{m}"))?;
            Ok(Some(url.to_string()))
        }
        None => Ok(zicht_server::config::database_url(data)?),
    }
}

/// Opens the chat store with the master key of `data`: PostgreSQL when
/// `--database` or zicht.toml names it, else SQLite in `data`.
pub fn open_store(
    data: &std::path::Path,
    flag: Option<&str>,
) -> anyhow::Result<zicht_store::Store> {
    let url = database(data, flag)?;
    Ok(zicht_store::Store::open_database(
        data,
        url.as_deref(),
        vault(data)?,
    )?)
}

/// Whether a chat store is there: a PostgreSQL URL, or the SQLite file in `data`.
pub fn has_store(data: &std::path::Path, flag: Option<&str>) -> anyhow::Result<bool> {
    Ok(database(data, flag)?.is_some() || data.join(zicht_store::SQLITE_FILE).exists())
}

/// Who runs a command, for the audit of transcript reads: `$USER`, else `cli`.
pub fn command_user() -> String {
    std::env::var("USER")
        .ok()
        .filter(|u| !u.is_empty())
        .unwrap_or_else(|| "cli".to_string())
}

/// Parses `--lang nl|en`.
pub fn parse_lang(s: &str) -> Result<zicht_codebook::Lang, String> {
    zicht_codebook::Lang::parse(s).ok_or_else(|| format!("unknown language `{s}`: use nl or en"))
}

/// The codebook from `--codebook FILE`, or the embedded one.
pub fn load_codebook(path: Option<&std::path::Path>) -> anyhow::Result<zicht_codebook::Codebook> {
    Ok(match path {
        Some(p) => zicht_codebook::Codebook::from_path(p)?,
        None => zicht_codebook::Codebook::embedded()?,
    })
}
