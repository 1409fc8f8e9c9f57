//! Client side of the chat's load and crash tests: a prepared data directory, conversations, WebSocket clients, the store check.
//!
//! Used by the load generator (`crates/server/examples/loadgen.rs`) and the
//! automated crash test (`crates/zicht/tests/crash.rs`). It talks to a running
//! `zicht serve` over loopback sockets only, as real clients do; starting and
//! killing the server is the caller's business.
//!
//! - [`prepare`]: `zicht.toml` open all week with limits for load, and
//!   counsellor accounts with cheap argon2 parameters (load testing only).
//! - [`Http`] and [`setup`]: log the counsellors in, start the conversations
//!   through the visitor intake, and have each counsellor take its share.
//! - [`ws_connect`], [`visitor_ws`], [`counsellor_ws`], [`Msg`]: the
//!   WebSocket side and the `msg` frames (the echo of a message to its own
//!   sender is its acknowledgement).
//! - [`check_store`]: after a crash, is every message a client saw in the store?

mod chat;
mod check;
mod http;

use std::path::Path;

pub use chat::{
    Msg, Setup, Side, Staff, Visitor, Ws, counsellor_ws, next_json, send, setup, visitor_ws,
    ws_connect,
};
pub use check::{Check, check_store};
pub use http::{Http, Response};

/// Why a load client failed.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("network: {0}")]
    Io(#[from] std::io::Error),
    #[error("websocket: {0}")]
    Ws(#[from] tokio_tungstenite::tungstenite::Error),
    #[error("store: {0}")]
    Store(#[from] zicht_store::StoreError),
    #[error("master key: {0}")]
    Key(#[from] zicht_store::vault::VaultError),
    #[error("json: {0}")]
    Json(#[from] serde_json::Error),
    #[error("{what}: HTTP {status}: {body}")]
    Http {
        what: String,
        status: u16,
        body: String,
    },
    #[error("protocol: {0}")]
    Protocol(String),
    #[error("task: {0}")]
    Task(#[from] tokio::task::JoinError),
}

/// The password of every load-test counsellor account.
pub const PASSWORD: &str = "loadgen-password";

/// The name of load-test counsellor `i`.
pub fn counsellor_name(i: usize) -> String {
    format!("lg{i}")
}

/// `base` (the server's default `zicht.toml`) changed for load on loopback:
/// open every day all day, cookies without `Secure` (plain http), room for
/// `conversations` visitor-counsellor pairs, and message and intake rates no
/// load test reaches (no proof of work: the load is the chat, not the intake).
pub fn config_for_load(base: &str, conversations: usize) -> String {
    const DAYS: [&str; 7] = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    let cap = (conversations * 2 + 1000).to_string();
    base.lines()
        .map(|l| {
            let key = l.split(" = ").next().unwrap_or("");
            match key {
                k if DAYS.contains(&k) => format!("{k} = \"00:00-24:00\""),
                "secure_cookies" => "secure_cookies = false".to_string(),
                "max_connections" | "max_waiting" => format!("{key} = {cap}"),
                "messages_per_minute" => "messages_per_minute = 600000".to_string(),
                "intake_pow_bits" => "intake_pow_bits = 0".to_string(),
                "new_conversations_per_minute" | "waiting_messages_per_minute" => {
                    format!("{key} = 1000000")
                }
                _ => l.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The master key of a load-test data folder: `ZICHT_MASTER_KEY` or `DIR.key` beside it
/// (the configuration [`prepare`] writes names no key file).
pub fn vault_of(dir: &Path) -> Result<zicht_store::vault::Vault, LoadError> {
    Ok(zicht_store::vault::Vault::locate(
        None,
        &zicht_store::vault::default_key_path(dir),
    )?)
}

/// The chat store of a load-test data folder: the PostgreSQL `database` of
/// its `zicht.toml` (a top-level line `database = "postgres://..."`), else
/// SQLite in `dir`.
pub fn open_store(dir: &Path) -> Result<zicht_store::Store, LoadError> {
    let text = std::fs::read_to_string(dir.join("zicht.toml")).unwrap_or_default();
    let url = text
        .lines()
        .take_while(|l| !l.trim_start().starts_with('['))
        .find_map(|l| l.strip_prefix("database = \"")?.strip_suffix('"'))
        .map(str::to_string);
    Ok(zicht_store::Store::open_database(
        dir,
        url.as_deref(),
        vault_of(dir)?,
    )?)
}

/// Writes `dir/zicht.toml` ([`config_for_load`]) and `counsellors` accounts
/// named [`counsellor_name`] with password [`PASSWORD`] into the store in `dir`.
pub fn prepare(
    dir: &Path,
    base_config: &str,
    conversations: usize,
    counsellors: usize,
) -> Result<(), LoadError> {
    std::fs::create_dir_all(dir)?;
    std::fs::write(
        dir.join("zicht.toml"),
        config_for_load(base_config, conversations),
    )?;
    let hash = cheap_hash(PASSWORD)?;
    let key = zicht_store::vault::default_key_path(dir);
    if !key.exists() && std::env::var_os(zicht_store::vault::ENV_KEY).is_none() {
        zicht_store::vault::create_key_file(&key)?;
    }
    let store = open_store(dir)?;
    let c = store.connect()?;
    c.begin()?;
    for i in 0..counsellors {
        match c.add_user(
            &counsellor_name(i),
            zicht_store::Role::Counsellor,
            &hash,
            "2026-01-01T00:00:00Z",
        ) {
            Ok(_) | Err(zicht_store::StoreError::UserExists(_)) => {}
            Err(e) => return Err(e.into()),
        }
    }
    c.commit()?;
    Ok(())
}

/// An argon2id PHC string with minimal parameters, so that hundreds of
/// logins cost nothing (load testing only; real accounts use `zicht user add`).
fn cheap_hash(password: &str) -> Result<String, LoadError> {
    use argon2::password_hash::PasswordHasher;
    let params =
        argon2::Params::new(8, 1, 1, None).map_err(|e| LoadError::Protocol(e.to_string()))?;
    argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params)
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| LoadError::Protocol(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_load_config_opens_all_week_and_raises_the_limits() {
        let base = "[hours]\nmonday = \"09:00-17:00\"\nsunday = \"\"\n[limits]\nmax_connections = 20000\nmax_waiting = 20000\nmessages_per_minute = 30\nsecure_cookies = true\nname = \"x\"";
        let text = config_for_load(base, 100);
        assert_eq!(
            text,
            "[hours]\nmonday = \"00:00-24:00\"\nsunday = \"00:00-24:00\"\n[limits]\nmax_connections = 1200\nmax_waiting = 1200\nmessages_per_minute = 600000\nsecure_cookies = false\nname = \"x\""
        );
    }
}
