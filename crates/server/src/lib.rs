//! `zicht serve`: the visitor chat, the counsellor console, the research pages and `/healthz` over HTTP and WebSocket.
//!
//! This is the only crate that knows HTTP. [`app`] builds the router from an
//! [`App`] (configuration, store, hub); [`serve`] binds it to an address.
//! Privacy by construction: no handler asks for the peer address (axum's
//! `ConnectInfo` is never used), no header of a visitor is read except `Origin`
//! and `Host` for the same-origin check, nothing of a request is logged.

pub mod assist;
pub mod buckets;
pub mod config;
pub mod console;
pub mod db;
pub mod fanout;
pub mod hub;
pub mod intake;
mod listen;
pub mod login_guard;
mod pages;
pub mod password;
pub mod research;
pub mod security;
pub mod visitor;
pub mod wsconn;

use std::io::Write;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;

pub use config::Config;
use db::Db;
use hub::Hub;
use zicht_store::Store;

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(transparent)]
    Config(#[from] config::ConfigError),
    #[error(transparent)]
    Store(#[from] zicht_store::StoreError),
    #[error("{addr}: {source}")]
    Bind {
        addr: String,
        source: std::io::Error,
    },
    #[error("server: {0}")]
    Io(#[from] std::io::Error),
    #[error("research workspace: {0}")]
    Research(String),
    #[error(transparent)]
    Key(#[from] zicht_store::vault::VaultError),
}

/// Read and write buffer of one WebSocket. Chat frames are small; the library's
/// default (128 KiB each) would cost far more memory per open conversation.
pub const WS_BUFFER: usize = 4096;

/// Everything a handler needs, shared.
pub struct AppInner {
    pub config: Config,
    pub db: Db,
    pub hub: Hub,
    pub connections: Arc<tokio::sync::Semaphore>,
    /// The login throttle, the bound on password checks and the dummy hash.
    pub login: login_guard::LoginGuard,
    /// The proof of work and the buckets of new conversations and waiting messages.
    pub intake: intake::IntakeGuard,
    /// The research workspace (`research.sqlite3` beside the chat store) and its pages.
    pub research: research::ResearchState,
    /// The suggestions the console's panel has shown per chat, in memory only.
    pub shown: assist::Shown,
}

pub type App = Arc<AppInner>;

static LOG_FILE: Mutex<Option<PathBuf>> = Mutex::new(None);

/// Sends the server's log lines to this file as well as to standard error.
pub fn log_to_file(path: Option<PathBuf>) {
    if let Ok(mut f) = LOG_FILE.lock() {
        *f = path;
    }
}

/// Writes one log line. Callers pass server events only, never request data.
pub fn log(line: &str) {
    let line = format!("{} zicht: {line}\n", now_text());
    eprint!("{line}");
    if let Ok(guard) = LOG_FILE.lock()
        && let Some(path) = guard.as_ref()
        && let Ok(mut f) = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
    {
        let _ = f.write_all(line.as_bytes());
    }
}

/// Now as stored: RFC 3339, UTC, whole seconds.
pub fn now_text() -> String {
    format_ts(jiff::Timestamp::now())
}

pub fn format_ts(t: jiff::Timestamp) -> String {
    t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// Opens the store and configuration in `dir` and builds the shared state.
pub fn open(dir: &Path) -> Result<App, ServeError> {
    let config = Config::load_or_create(dir)?;
    open_with(dir, config)
}

/// Like [`open`] with a given configuration (tests).
pub fn open_with(dir: &Path, config: Config) -> Result<App, ServeError> {
    let vault = config::vault(dir, config.security.master_key.as_deref())?;
    open_with_vault(dir, config, vault)
}

/// Like [`open_with`] with a given master key (benchmarks, tests).
pub fn open_with_vault(
    dir: &Path,
    config: Config,
    vault: zicht_store::vault::Vault,
) -> Result<App, ServeError> {
    let store = Store::open_database(dir, config.database.as_deref(), vault.clone())?;
    let read_only = store.clone();
    let hub = Hub::with_formal_channels(
        config
            .channels
            .iter()
            .filter(|c| c.formal())
            .map(|c| c.code.clone()),
    );
    for c in store.connect()?.open_conversations()? {
        hub.open(&c);
    }
    let (login, intake) = if store.is_postgres() {
        // Several instances: the buckets are in the database, and the
        // challenges' key is the one they share.
        let key = store.connect()?.shared_secret("intake challenges")?;
        (
            login_guard::LoginGuard::shared(&config.limits),
            intake::IntakeGuard::with_key(&config.limits, key),
        )
    } else {
        (
            login_guard::LoginGuard::new(&config.limits),
            intake::IntakeGuard::new(&config.limits),
        )
    };
    {
        let conn = store.connect()?;
        let names: std::collections::HashMap<i64, String> =
            conn.users()?.into_iter().map(|u| (u.id, u.name)).collect();
        let now = jiff::Timestamp::now();
        login.restore(
            conn.login_throttle()?
                .into_iter()
                .filter_map(|(id, n, at)| {
                    let ago = at
                        .parse::<jiff::Timestamp>()
                        .map(|t| u64::try_from(now.duration_since(t).as_secs()).unwrap_or(0))
                        .unwrap_or(0);
                    names.get(&id).map(|name| (name.clone(), n, ago))
                }),
        );
    }
    if store.is_postgres() {
        // The first heartbeat, before any socket: the other instances know
        // this one before it holds a visitor (see `fanout::start_heartbeat`).
        store
            .connect()?
            .beat(fanout::instance(), config.limits.heartbeat_stale())?;
    }
    let db = Db::start(store)?;
    let codebook =
        zicht_codebook::Codebook::embedded().map_err(|e| ServeError::Research(e.to_string()))?;
    let workspace = zicht_research::workspace::Workspace::open_dir(dir, vault)
        .map_err(|e| ServeError::Research(e.to_string()))?;
    let suggester = zicht_research::assisted::suggester(codebook.clone())
        .map_err(|e| ServeError::Research(e.to_string()))?;
    let research = research::ResearchState::new(
        workspace,
        codebook,
        Some(zicht_research::assisted::suggest_fn(suggester)),
    )
    .with_store(read_only);
    Ok(Arc::new(AppInner {
        research,
        connections: Arc::new(tokio::sync::Semaphore::new(config.limits.max_connections)),
        intake,
        login,
        config,
        db,
        hub,
        shown: assist::Shown::default(),
    }))
}

/// The whole router.
pub fn app(state: App) -> Router {
    Router::new()
        .route("/healthz", get(healthz))
        .merge(visitor::routes())
        .merge(console::routes())
        .merge(pages::static_routes())
        .fallback(not_found)
        .with_state(state.clone())
        .merge(research::routes(&state))
        .layer(axum::middleware::from_fn(security::headers))
        .layer(axum::extract::DefaultBodyLimit::max(64 * 1024))
}

async fn healthz(axum::extract::State(app): axum::extract::State<App>) -> Response {
    match app.db.read(|c| c.users().map(|u| u.len())).await {
        Ok(_) => (StatusCode::OK, "ok\n").into_response(),
        Err(e) => {
            log(&format!("healthz: {e}"));
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable\n").into_response()
        }
    }
}

async fn not_found() -> Response {
    (StatusCode::NOT_FOUND, pages::not_found()).into_response()
}

/// Starts the background tasks: abandoned waiting conversations and queue
/// positions every second, retention and expired sessions every hour.
pub fn spawn_background(app: &App) {
    // On PostgreSQL: the events of the other instances, and the heartbeat.
    fanout::start(app);
    fanout::start_heartbeat(app);
    let a = app.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(1));
        let grace = Duration::from_secs(a.config.limits.abandoned_grace_seconds);
        loop {
            tick.tick().await;
            let gone = a.hub.abandoned(grace);
            if !gone.is_empty()
                && let Err(e) = end_abandoned(&a, gone).await
            {
                log(&format!("ending abandoned conversations failed: {e}"));
            }
            a.hub.announce_positions();
            let after = a.config.limits.active_gone_seconds;
            if after > 0 {
                let gone = a.hub.gone_active(Duration::from_secs(after));
                if !gone.is_empty()
                    && let Err(e) = end_gone_active(&a, gone).await
                {
                    log(&format!(
                        "ending conversations whose visitor left failed: {e}"
                    ));
                }
            }
        }
    });
    let a = app.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(3600));
        loop {
            tick.tick().await;
            buckets::tidy(&a).await;
            match retention(&a).await {
                Ok(p) if p.conversations > 0 => log(&format!(
                    "retention: removed the transcripts of {} conversation(s), {} message(s)",
                    p.conversations, p.messages
                )),
                Ok(_) => {}
                Err(e) => log(&format!("retention failed: {e}")),
            }
        }
    });
}

/// Ends waiting conversations whose visitor left (`ended_by = system`); returns how many ended.
pub async fn end_abandoned(app: &App, ids: Vec<i64>) -> Result<usize, db::DbError> {
    let now = now_text();
    let hub_app = app.clone();
    app.db
        .write(
            move |c| {
                let mut ended = Vec::new();
                for id in ids {
                    if fanout::end_waiting(c, id, &now)? {
                        ended.push(id);
                    }
                }
                Ok(ended)
            },
            move |ended| {
                for id in ended {
                    hub_app.hub.ended(*id, zicht_store::EndedBy::System);
                }
            },
        )
        .await
        .map(|e| e.len())
}

/// Ends active conversations whose visitor has been gone longer than
/// `limits.active_gone_seconds` (`ended_by = system`); returns how many ended.
pub async fn end_gone_active(app: &App, ids: Vec<i64>) -> Result<usize, db::DbError> {
    let now = now_text();
    let hub_app = app.clone();
    app.db
        .write(
            move |c| {
                let mut ended = Vec::new();
                for id in ids {
                    if fanout::end(c, id, zicht_store::EndedBy::System, None, &now)? {
                        ended.push(id);
                    }
                }
                Ok(ended)
            },
            move |ended| {
                for id in ended {
                    hub_app.hub.ended(*id, zicht_store::EndedBy::System);
                }
            },
        )
        .await
        .map(|e| e.len())
}

/// The retention cut-off: now minus `retention_days`.
pub fn retention_cutoff(config: &Config, now: jiff::Timestamp) -> String {
    let days = i64::from(config.retention_days);
    format_ts(now - jiff::SignedDuration::from_hours(24 * days))
}

/// Removes old transcripts and expired sessions (through the writer), closes
/// the purged conversations in memory (queue, rooms, consoles: nothing more is
/// stored into them), then checkpoints and truncates the WAL so that no old
/// page of them stays on disk.
pub async fn retention(app: &App) -> Result<zicht_store::Purged, db::DbError> {
    let now = jiff::Timestamp::now();
    let cutoff = retention_cutoff(&app.config, now);
    let now = format_ts(now);
    let hub_app = app.clone();
    let purged = app
        .db
        .write(
            move |c| {
                c.delete_expired_sessions(&now)?;
                let purged = c.purge_before(&cutoff, &now)?;
                for &conv in &purged.ids {
                    fanout::notify(
                        c,
                        &fanout::Event::Ended {
                            conv,
                            by: zicht_store::EndedBy::System,
                        },
                    )?;
                }
                Ok(purged)
            },
            move |p: &zicht_store::Purged| {
                for &id in &p.ids {
                    hub_app.hub.ended(id, zicht_store::EndedBy::System);
                }
            },
        )
        .await?;
    if purged.conversations > 0 {
        for _ in 0..10 {
            if app.db.read(|c| c.checkpoint_truncate()).await? {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
    Ok(purged)
}

/// Binds `addr` and serves until Ctrl-C.
pub async fn serve(state: App, addr: &str) -> Result<(), ServeError> {
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|source| ServeError::Bind {
            addr: addr.to_string(),
            source,
        })?;
    let local: SocketAddr = listener.local_addr()?;
    log(&format!("listening on http://{local}"));
    spawn_background(&state);
    let limits = state.config.limits.clone();
    listen::run(listener, self::app(state), &limits, async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await;
    log("stopped");
    Ok(())
}

/// Binds `addr` (port 0 picks one), serves in a background task and returns the address.
pub async fn spawn(state: App, addr: &str) -> Result<SocketAddr, ServeError> {
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|source| ServeError::Bind {
            addr: addr.to_string(),
            source,
        })?;
    let local = listener.local_addr()?;
    spawn_background(&state);
    let limits = state.config.limits.clone();
    let router = self::app(state);
    tokio::spawn(async move {
        listen::run(listener, router, &limits, std::future::pending()).await;
    });
    Ok(local)
}

/// An argon2id PHC string for a password, with the library's default parameters.
pub fn hash_password(password: &str) -> Result<String, String> {
    use argon2::password_hash::PasswordHasher;
    argon2::Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| e.to_string())
}

/// Checks a password against a PHC string (its own parameters apply).
pub fn verify_password(password: &str, phc: &str) -> bool {
    use argon2::password_hash::PasswordVerifier;
    match argon2::password_hash::phc::PasswordHash::new(phc) {
        Ok(parsed) => argon2::Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

/// A request error: a status and a stable snake_case code the page translates.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str) -> ApiError {
        ApiError { status, code }
    }

    pub fn internal(e: impl std::fmt::Display) -> ApiError {
        log(&format!("internal error: {e}"));
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal")
    }
}

impl From<db::DbError> for ApiError {
    fn from(e: db::DbError) -> ApiError {
        ApiError::internal(e)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (
            self.status,
            axum::Json(serde_json::json!({"error": self.code})),
        )
            .into_response()
    }
}

/// 32 random bytes as lowercase hex.
pub fn random_token() -> String {
    let bytes: [u8; 32] = rand::random();
    hex(&bytes)
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// SHA-256 of a token, as stored.
pub fn token_hash(token: &str) -> Vec<u8> {
    use sha2::Digest;
    sha2::Sha256::digest(token.as_bytes()).to_vec()
}
