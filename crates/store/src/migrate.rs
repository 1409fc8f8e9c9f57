//! The schema migrations of both backends: SQL files applied once each, in order, each in its own transaction.

use rusqlite::{Connection, OptionalExtension, params};

use crate::StoreError;
use crate::sql::Pg;

/// The SQLite migrations in order: (name, text).
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
    ("0007_shared", include_str!("../migrations/0007_shared.sql")),
    (
        "0008_suggestion_decisions",
        include_str!("../migrations/0008_suggestion_decisions.sql"),
    ),
    (
        "0009_registration_victim",
        include_str!("../migrations/0009_registration_victim.sql"),
    ),
];

/// The PostgreSQL twins of [`MIGRATIONS`], under the same names.
pub const POSTGRES_MIGRATIONS: &[(&str, &str)] = &[
    (
        "0001_init",
        include_str!("../migrations/postgres/0001_init.sql"),
    ),
    (
        "0002_first_time",
        include_str!("../migrations/postgres/0002_first_time.sql"),
    ),
    (
        "0003_transcript_reads",
        include_str!("../migrations/postgres/0003_transcript_reads.sql"),
    ),
    (
        "0004_login_throttle",
        include_str!("../migrations/postgres/0004_login_throttle.sql"),
    ),
    (
        "0005_encryption",
        include_str!("../migrations/postgres/0005_encryption.sql"),
    ),
    (
        "0006_quick_exit",
        include_str!("../migrations/postgres/0006_quick_exit.sql"),
    ),
    (
        "0007_shared",
        include_str!("../migrations/postgres/0007_shared.sql"),
    ),
    (
        "0008_suggestion_decisions",
        include_str!("../migrations/postgres/0008_suggestion_decisions.sql"),
    ),
    (
        "0009_registration_victim",
        include_str!("../migrations/postgres/0009_registration_victim.sql"),
    ),
];

pub(crate) fn sqlite(c: &Connection) -> Result<(), StoreError> {
    c.execute_batch(
        "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)",
    )?;
    for (name, sql) in MIGRATIONS {
        let done: Option<String> = c
            .query_row(
                "SELECT name FROM schema_migrations WHERE name = ?1",
                [name],
                |r| r.get(0),
            )
            .optional()?;
        if done.is_some() {
            continue;
        }
        // Foreign keys are off while a migration runs (a table rebuild
        // must not cascade its DROP into the messages) and checked before
        // the commit (SQLite's procedure for schema changes).
        c.pragma_update(None, "foreign_keys", "OFF")?;
        let run = || -> Result<(), rusqlite::Error> {
            c.execute_batch("BEGIN IMMEDIATE")?;
            c.execute_batch(sql)?;
            let broken: Option<String> = c
                .query_row("PRAGMA foreign_key_check", [], |r| r.get(0))
                .optional()?;
            if let Some(table) = broken {
                return Err(rusqlite::Error::SqliteFailure(
                    rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CONSTRAINT_FOREIGNKEY),
                    Some(format!("a foreign key in {table} is broken")),
                ));
            }
            c.execute(
                "INSERT INTO schema_migrations (name, applied_at) VALUES (?1, ?2)",
                params![name, jiff::Timestamp::now().to_string()],
            )?;
            c.execute_batch("COMMIT")
        };
        let result = run();
        if result.is_err() {
            let _ = c.execute_batch("ROLLBACK");
        }
        c.pragma_update(None, "foreign_keys", "ON")?;
        if let Err(source) = result {
            return Err(StoreError::Migration { name, source });
        }
    }
    Ok(())
}

/// A key for `pg_advisory_xact_lock`: instances starting together migrate one after the other.
const MIGRATION_LOCK: i64 = 0x7a69_6368_7400;

pub(crate) fn postgres(pg: &Pg) -> Result<(), StoreError> {
    let create = "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)";
    // Two instances may start at once: each step takes the lock first.
    pg.with(create, |client| {
        let mut tx = client.transaction()?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])?;
        tx.batch_execute(create)?;
        tx.commit()
    })?;
    for (name, sql) in POSTGRES_MIGRATIONS {
        let run = |client: &mut postgres::Client| -> Result<(), postgres::Error> {
            let mut tx = client.transaction()?;
            tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])?;
            let done = tx
                .query_opt(
                    "SELECT name FROM schema_migrations WHERE name = $1",
                    &[name],
                )?
                .is_some();
            if done {
                return tx.commit();
            }
            tx.batch_execute(sql)?;
            tx.execute(
                "INSERT INTO schema_migrations (name, applied_at) VALUES ($1, $2)",
                &[name, &jiff::Timestamp::now().to_string()],
            )?;
            tx.commit()
        };
        pg.with(name, run).map_err(|e| match e {
            StoreError::Postgres { source, .. } => StoreError::PostgresMigration { name, source },
            other => other,
        })?;
    }
    Ok(())
}
