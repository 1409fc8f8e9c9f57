//! The helpline's store: conversations, their messages and registrations, and staff accounts.
//!
//! [`Store::open`] creates the database in a data directory and brings its
//! schema up to date with the SQL files in `migrations/`. Work happens on a
//! [`Conn`]: the server keeps one connection for writing (all writes go through
//! it, batched into transactions) and a few for reading. `Conn` holds
//! one backend or the other behind the same methods: embedded SQLite in the
//! data folder (the default), or PostgreSQL (`Store::open_postgres`), which
//! several server instances share (see ARCHITECTURE.md).
//!
//! Nothing in this crate can hold a visitor's IP address, user agent, referrer
//! or cookie: no table has a column for them.
//!
//! Transcripts are encrypted at rest inside this crate's own methods, so every
//! write path goes through it: the nickname, every message, the registration's
//! notes and free text and a transfer's note are sealed with the
//! conversation's data key (zicht-vault), which is stored wrapped by the master
//! key from outside the data folder. Every method that returns transcript text
//! takes a [`Reader`]; a staff or command reader leaves one row in the audit of
//! transcript reads. Retention destroys the data key with the text.

mod migrate;
mod model;
mod queries;
mod shared;
mod sql;
pub mod testdb;

use std::path::{Path, PathBuf};

pub use migrate::{MIGRATIONS, POSTGRES_MIGRATIONS};
pub use model::*;
pub use shared::{Admission, StoredOffer};
pub use sql::mark_blocking_thread;
/// The encryption crate, for callers that open a store.
pub use zicht_vault as vault;

/// A fixed master key for tests and benchmarks (synthetic data only; never for real data).
pub fn test_vault() -> zicht_vault::Vault {
    let mut key = [0u8; zicht_vault::KEY_LEN];
    for (i, b) in key.iter_mut().enumerate() {
        *b = i as u8;
    }
    zicht_vault::Vault::from_key(zicht_vault::MasterKey::from_array(key))
}

/// Why a store operation failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{path}: cannot create the data directory: {source}")]
    CreateDir {
        path: String,
        source: std::io::Error,
    },
    #[error("database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("migration {name}: {source}")]
    Migration {
        name: &'static str,
        source: rusqlite::Error,
    },
    #[error("PostgreSQL: {what}: {}", pg_detail(.source))]
    Postgres {
        what: String,
        source: postgres::Error,
    },
    #[error("PostgreSQL at {url}: cannot connect: {}", pg_detail(.source))]
    PostgresConnect {
        /// The database's URL without its password.
        url: String,
        source: postgres::Error,
    },
    #[error("PostgreSQL migration {name}: {}", pg_detail(.source))]
    PostgresMigration {
        name: &'static str,
        source: postgres::Error,
    },
    #[error("a rate limit refused this message")]
    RateLimited,
    #[error("{0}: only on PostgreSQL (one SQLite process keeps this in memory)")]
    PostgresOnly(&'static str),
    #[error("PostgreSQL: the connection listening for notifications closed")]
    ListenerClosed,
    #[error("the system's random number generator failed")]
    Random,
    #[error("a user named `{0}` already exists")]
    UserExists(String),
    #[error("no conversation `{0}`")]
    NoConversation(String),
    #[error("database: column `{column}` holds `{value}`, which this version does not know")]
    BadValue { column: &'static str, value: String },
    #[error(transparent)]
    Vault(#[from] zicht_vault::VaultError),
    #[error("conversation {0}: its transcript was removed by retention")]
    Purged(i64),
    #[error("{path}: cannot set the permissions: {source}")]
    Permissions {
        path: String,
        source: std::io::Error,
    },
}

/// What PostgreSQL said: the server's message (and detail), or the client's error.
fn pg_detail(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => match db.detail() {
            Some(d) => format!("{} ({d})", db.message()),
            None => db.message().to_string(),
        },
        None => e.to_string(),
    }
}

/// File name of the SQLite database inside the data directory.
pub const SQLITE_FILE: &str = "zicht.sqlite3";

/// Where the data lives; cheap to clone, opens connections on request.
#[derive(Debug, Clone)]
pub struct Store {
    backend: Backend,
    vault: zicht_vault::Vault,
}

#[derive(Debug, Clone)]
enum Backend {
    Sqlite { path: PathBuf },
    Postgres { url: String },
}

impl Store {
    /// Opens (and on first use creates) the store in `dir`, applying migrations.
    /// `vault` holds the master key (from outside `dir`); a key that does not
    /// open the stored data keys is an error here, before anything is written.
    /// The folder is made 0700 and the database files 0600.
    pub fn open(dir: &Path, vault: zicht_vault::Vault) -> Result<Store, StoreError> {
        private_dir(dir)?;
        let path = dir.join(SQLITE_FILE);
        private_file(&path)?;
        let store = Store {
            backend: Backend::Sqlite { path },
            vault,
        };
        let conn = store.connect()?;
        conn.migrate()?;
        conn.check_key()?;
        conn.seal_plain_text()?;
        Ok(store)
    }

    /// Opens the store in the PostgreSQL database at `url`
    /// (`postgres://user:password@host:port/database`), applying its
    /// migrations (several instances may start at once: they migrate one
    /// after the other). The same checks as [`Store::open`]: a master key that
    /// does not open the stored data keys is an error before anything is written.
    pub fn open_postgres(url: &str, vault: zicht_vault::Vault) -> Result<Store, StoreError> {
        let store = Store {
            backend: Backend::Postgres {
                url: url.to_string(),
            },
            vault,
        };
        let conn = store.connect()?;
        conn.migrate()?;
        conn.check_key()?;
        Ok(store)
    }

    /// The store a command names: PostgreSQL when `database` is a
    /// `postgres://` URL, else SQLite in the data folder `dir`.
    pub fn open_database(
        dir: &Path,
        database: Option<&str>,
        vault: zicht_vault::Vault,
    ) -> Result<Store, StoreError> {
        match database {
            Some(url) => Store::open_postgres(url, vault),
            None => Store::open(dir, vault),
        }
    }

    /// A new connection (one per thread; a `Conn` is not shared between threads).
    pub fn connect(&self) -> Result<Conn, StoreError> {
        let db = match &self.backend {
            Backend::Sqlite { path } => Db::Sqlite(sqlite_connect(path)?),
            Backend::Postgres { url } => {
                Db::Postgres(Box::new(sql::Pg::new(postgres_connect(url)?)))
            }
        };
        Ok(Conn {
            db,
            plaintext: self.vault.is_plaintext_baseline(),
            vault: self.vault.clone(),
            keys: std::cell::RefCell::new(std::collections::HashMap::new()),
        })
    }

    /// Whether this store lives in PostgreSQL (shared by several instances).
    pub fn is_postgres(&self) -> bool {
        matches!(self.backend, Backend::Postgres { .. })
    }

    /// Where the store lives, for messages: the SQLite file, or the
    /// PostgreSQL URL without its password.
    pub fn describe(&self) -> String {
        match &self.backend {
            Backend::Sqlite { path } => path.display().to_string(),
            Backend::Postgres { url } => redact(url),
        }
    }

    /// A connection of its own that receives PostgreSQL notifications
    /// (`LISTEN`); `None` on SQLite, where one process holds every socket.
    pub fn listener(&self) -> Result<Option<Listener>, StoreError> {
        match &self.backend {
            Backend::Sqlite { .. } => Ok(None),
            Backend::Postgres { url } => Ok(Some(Listener {
                client: Some(postgres_connect(url)?),
            })),
        }
    }

    /// The master keys this store uses.
    pub fn vault(&self) -> &zicht_vault::Vault {
        &self.vault
    }

    /// The database file(s), for tools that must look at them (tests, backups).
    pub fn files(&self) -> Vec<PathBuf> {
        match &self.backend {
            Backend::Sqlite { path } => vec![path.clone()],
            Backend::Postgres { .. } => Vec::new(),
        }
    }
}

/// Creates `dir` if needed and makes it readable by its owner only (0700).
pub fn private_dir(dir: &Path) -> Result<(), StoreError> {
    std::fs::create_dir_all(dir).map_err(|source| StoreError::CreateDir {
        path: dir.display().to_string(),
        source,
    })?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700)).map_err(
            |source| StoreError::Permissions {
                path: dir.display().to_string(),
                source,
            },
        )?;
    }
    Ok(())
}

/// Creates a database file (empty) readable by its owner only, before SQLite
/// opens it, so that its `-wal` and `-shm` files get the same mode 0600; an
/// existing file and its `-wal`/`-shm` are set to 0600.
pub fn private_file(path: &Path) -> Result<(), StoreError> {
    let err = |source| StoreError::Permissions {
        path: path.display().to_string(),
        source,
    };
    let mut options = std::fs::OpenOptions::new();
    options.create(true).append(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path).map_err(err)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        for suffix in ["", "-wal", "-shm"] {
            let mut p = path.as_os_str().to_os_string();
            p.push(suffix);
            let p = PathBuf::from(p);
            if p.exists() {
                std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600))
                    .map_err(err)?;
            }
        }
    }
    Ok(())
}

/// How many unwrapped data keys a connection keeps (the open conversations'
/// keys stay warm; the keys of ended ones are dropped as others arrive).
pub const KEY_CACHE: usize = 512;

/// One connection to the store, with the data keys it has unwrapped lately.
pub struct Conn {
    db: Db,
    /// The benchmark's baseline only (see `Vault::plaintext_baseline_for_benchmarks`).
    plaintext: bool,
    vault: zicht_vault::Vault,
    keys: std::cell::RefCell<std::collections::HashMap<i64, zicht_vault::DataKey>>,
}

enum Db {
    Sqlite(rusqlite::Connection),
    Postgres(Box<sql::Pg>),
}

fn sqlite_connect(path: &Path) -> Result<rusqlite::Connection, StoreError> {
    let c = rusqlite::Connection::open(path)?;
    c.busy_timeout(std::time::Duration::from_secs(10))?;
    c.pragma_update(None, "journal_mode", "WAL")?;
    c.pragma_update(None, "synchronous", "FULL")?;
    c.pragma_update(None, "foreign_keys", "ON")?;
    // Deleted content is overwritten with zeros, in the file and in the WAL.
    c.pragma_update(None, "secure_delete", "ON")?;
    Ok(c)
}

/// Connects to PostgreSQL with `synchronous_commit = on` (a commit returns
/// once its WAL record is on disk, so "acknowledged after commit" holds).
/// Without TLS: run the database on the same host (a Unix socket) or a
/// private network. The password never appears in an error.
fn postgres_connect(url: &str) -> Result<postgres::Client, StoreError> {
    let err = |source| StoreError::PostgresConnect {
        url: redact(url),
        source,
    };
    sql::off_runtime(|| {
        let mut client = postgres::Client::connect(url, postgres::NoTls)?;
        client.batch_execute("SET synchronous_commit = on; SET application_name = 'zicht'")?;
        Ok(client)
    })
    .map_err(err)
}

/// A database URL with its password replaced by `***` (in the user part of
/// `postgres://user:password@host/db` and in a `password=` parameter).
pub fn redact(url: &str) -> String {
    let mut out = url.to_string();
    if let Some(scheme) = out.find("://") {
        let start = scheme + 3;
        let end = out[start..]
            .find(['/', '?'])
            .map_or(out.len(), |i| start + i);
        if let Some(at) = out[start..end].rfind('@')
            && let Some(colon) = out[start..start + at].find(':')
        {
            out.replace_range(start + colon + 1..start + at, "***");
        }
    }
    let lower = out.to_ascii_lowercase();
    if let Some(i) = lower.find("password=") {
        let from = i + "password=".len();
        let to = out[from..].find(['&', ' ']).map_or(out.len(), |j| from + j);
        out.replace_range(from..to, "***");
    }
    out
}

/// A connection that waits for PostgreSQL notifications (see [`Store::listener`]).
/// Use it on a thread of its own (it blocks while it waits).
pub struct Listener {
    client: Option<postgres::Client>,
}

impl Drop for Listener {
    fn drop(&mut self) {
        if let Some(client) = self.client.take() {
            sql::off_runtime(move || drop(client));
        }
    }
}

impl Listener {
    fn client(&mut self) -> Result<&mut postgres::Client, StoreError> {
        self.client.as_mut().ok_or(StoreError::ListenerClosed)
    }

    /// Subscribes to `channel` (an identifier of letters, digits and `_`).
    pub fn listen(&mut self, channel: &str) -> Result<(), StoreError> {
        let sql = format!("LISTEN {}", ident(channel));
        self.client()?
            .batch_execute(&sql)
            .map_err(|e| sql::pg_error(&sql, e))
    }

    /// The notifications that arrive within `timeout`: (channel, payload).
    /// An error means the connection broke (the caller connects again).
    pub fn wait(
        &mut self,
        timeout: std::time::Duration,
    ) -> Result<Vec<(String, String)>, StoreError> {
        use postgres::fallible_iterator::FallibleIterator;
        let err = |e| sql::pg_error("LISTEN", e);
        let mut out = Vec::new();
        {
            let mut n = self.client()?.notifications();
            let first = n.timeout_iter(timeout).next().map_err(err)?;
            if let Some(note) = first {
                out.push((note.channel().to_string(), note.payload().to_string()));
                let mut more = n.iter();
                while out.len() < 1024 {
                    match more.next().map_err(err)? {
                        Some(note) => {
                            out.push((note.channel().to_string(), note.payload().to_string()))
                        }
                        None => break,
                    }
                }
            }
        }
        if self.client()?.is_closed() {
            return Err(StoreError::ListenerClosed);
        }
        Ok(out)
    }
}

/// An identifier for SQL built from a channel name: letters, digits and `_` only.
fn ident(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect()
}
