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
//!
//! Transcripts are encrypted at rest inside this crate's own methods, so every
//! write path goes through it: the nickname, every message, the registration's
//! notes and free text and a transfer's note are sealed with the
//! conversation's data key (zicht-vault), which is stored wrapped by the master
//! key from outside the data folder. Every method that returns transcript text
//! takes a [`Reader`]; a staff or command reader leaves one row in the audit of
//! transcript reads. Retention destroys the data key with the text.

mod model;
mod sqlite;

use std::path::{Path, PathBuf};

pub use model::*;
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

    /// A new connection (one per thread; a `Conn` is not shared between threads).
    pub fn connect(&self) -> Result<Conn, StoreError> {
        match &self.backend {
            Backend::Sqlite { path } => Ok(Conn {
                db: Db::Sqlite(sqlite::connect(path)?),
                plaintext: self.vault.is_plaintext_baseline(),
                vault: self.vault.clone(),
                keys: std::cell::RefCell::new(std::collections::HashMap::new()),
            }),
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
    (
        "0005_encryption",
        include_str!("../migrations/0005_encryption.sql"),
    ),
    (
        "0006_quick_exit",
        include_str!("../migrations/0006_quick_exit.sql"),
    ),
];
