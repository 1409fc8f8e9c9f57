//! The helpline's store: conversations, their messages and registrations, and staff accounts.
//!
//! [`Store::open`] creates the database in a data directory and brings its
//! schema up to date with the SQL files in `migrations/`. Work happens on a
//! [`Conn`]: the server keeps one connection for writing (all writes go through
//! it, batched into transactions) and a few for reading. `Conn` is an enum with
//! one backend today (embedded SQLite); a PostgreSQL variant can be added beside
//! it without changing callers (see ARCHITECTURE.md).
//!
//! Nothing in this crate can hold a visitor's IP address, user agent, referrer
//! or cookie: no table has a column for them.

mod model;
mod sqlite;

use std::path::{Path, PathBuf};

pub use model::*;

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
    #[error("a user named `{0}` already exists")]
    UserExists(String),
    #[error("no conversation `{0}`")]
    NoConversation(String),
    #[error("database: column `{column}` holds `{value}`, which this version does not know")]
    BadValue { column: &'static str, value: String },
}

/// File name of the SQLite database inside the data directory.
pub const SQLITE_FILE: &str = "zicht.sqlite3";

/// Where the data lives; cheap to clone, opens connections on request.
#[derive(Debug, Clone)]
pub struct Store {
    backend: Backend,
}

#[derive(Debug, Clone)]
enum Backend {
    Sqlite { path: PathBuf },
}

impl Store {
    /// Opens (and on first use creates) the store in `dir`, applying migrations.
    pub fn open(dir: &Path) -> Result<Store, StoreError> {
        std::fs::create_dir_all(dir).map_err(|source| StoreError::CreateDir {
            path: dir.display().to_string(),
            source,
        })?;
        let store = Store {
            backend: Backend::Sqlite {
                path: dir.join(SQLITE_FILE),
            },
        };
        let conn = store.connect()?;
        conn.migrate()?;
        Ok(store)
    }

    /// A new connection (one per thread; a `Conn` is not shared between threads).
    pub fn connect(&self) -> Result<Conn, StoreError> {
        match &self.backend {
            Backend::Sqlite { path } => Ok(Conn::Sqlite(sqlite::connect(path)?)),
        }
    }

    /// The database file(s), for tools that must look at them (tests, backups).
    pub fn files(&self) -> Vec<PathBuf> {
        match &self.backend {
            Backend::Sqlite { path } => vec![path.clone()],
        }
    }
}

/// One connection to the store.
pub enum Conn {
    Sqlite(rusqlite::Connection),
}

/// The SQL migrations in order: (name, text). Applied once each, in a transaction.
pub const MIGRATIONS: &[(&str, &str)] = &[
    ("0001_init", include_str!("../migrations/0001_init.sql")),
    (
        "0002_first_time",
        include_str!("../migrations/0002_first_time.sql"),
    ),
    (
        "0003_transcript_reads",
        include_str!("../migrations/0003_transcript_reads.sql"),
    ),
    (
        "0004_login_throttle",
        include_str!("../migrations/0004_login_throttle.sql"),
    ),
];
