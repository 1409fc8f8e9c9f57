//! Test support: every store test runs on SQLite and on a fresh PostgreSQL database.
//!
//! `ZICHT_TEST_POSTGRES` names a PostgreSQL server (a URL whose user may
//! create databases). [`places`] gives a SQLite folder and, when the variable
//! is set, a database `zicht_t_<random>` created for the one test and dropped
//! when it ends. Unset, the PostgreSQL half is skipped with a printed line,
//! unless `ZICHT_REQUIRE_POSTGRES=1` (as in `.ci/run`): then it is an error.
//! Synthetic data only; nothing here is used outside tests and benchmarks.

use std::path::{Path, PathBuf};

use crate::{Store, StoreError};

/// The variable naming the test server.
pub const ENV: &str = "ZICHT_TEST_POSTGRES";
/// The variable that makes a missing test server an error.
pub const REQUIRE_ENV: &str = "ZICHT_REQUIRE_POSTGRES";

/// Where a test's store lives.
pub enum Place {
    Sqlite(PathBuf),
    Postgres(TestDb),
}

impl Place {
    /// Opens (and on first use creates) the store here.
    pub fn open(&self, vault: zicht_vault::Vault) -> Result<Store, StoreError> {
        match self {
            Place::Sqlite(dir) => Store::open(dir, vault),
            Place::Postgres(db) => Store::open_postgres(&db.url, vault),
        }
    }

    /// "sqlite" or "postgres", for messages.
    pub fn label(&self) -> &'static str {
        match self {
            Place::Sqlite(_) => "sqlite",
            Place::Postgres(_) => "postgres",
        }
    }

    /// The data folder (SQLite), or a scratch folder beside the database (PostgreSQL).
    pub fn dir(&self) -> &Path {
        match self {
            Place::Sqlite(dir) => dir,
            Place::Postgres(db) => &db.dir,
        }
    }

    /// The `--database` value for commands: the URL on PostgreSQL.
    pub fn database(&self) -> Option<&str> {
        match self {
            Place::Sqlite(_) => None,
            Place::Postgres(db) => Some(&db.url),
        }
    }
}

/// A unique suffix: process id, time and a counter.
fn unique() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!(
        "{}_{}_{}",
        std::process::id(),
        nanos % 1_000_000_000_000,
        N.fetch_add(1, Ordering::Relaxed)
    )
}

/// A fresh empty folder under the system's temporary folder.
pub fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("zicht-t-{name}-{}", unique()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// The places a test runs on: SQLite always, PostgreSQL when configured.
/// Errors when `ZICHT_REQUIRE_POSTGRES=1` and no server is named, or the
/// test database cannot be created.
pub fn places(name: &str) -> Result<Vec<Place>, StoreError> {
    let mut out = vec![Place::Sqlite(temp_dir(name))];
    if let Some(db) = TestDb::create(name)? {
        out.push(Place::Postgres(db));
    }
    Ok(out)
}

/// A database created for one test and dropped at its end.
pub struct TestDb {
    admin: String,
    name: String,
    /// The URL of the fresh database (with the server's credentials).
    pub url: String,
    dir: PathBuf,
}

/// `url` with its database name replaced by `name`.
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, format!("?{q}")),
        None => (url, String::new()),
    };
    let authority_start = base.find("://").map_or(0, |i| i + 3);
    let host_end = base[authority_start..]
        .find('/')
        .map_or(base.len(), |i| authority_start + i);
    format!("{}/{name}{query}", &base[..host_end])
}

impl TestDb {
    /// Creates `zicht_t_<random>` on the server of `ZICHT_TEST_POSTGRES`;
    /// `None` (after a printed line) when the variable is unset.
    pub fn create(test: &str) -> Result<Option<TestDb>, StoreError> {
        let Some(admin) = std::env::var(ENV).ok().filter(|v| !v.is_empty()) else {
            if std::env::var(REQUIRE_ENV).is_ok_and(|v| v == "1") {
                return Err(StoreError::BadValue {
                    column: "environment",
                    value: format!("{REQUIRE_ENV}=1 but {ENV} is not set"),
                });
            }
            println!("{test}: PostgreSQL half skipped ({ENV} is not set)");
            return Ok(None);
        };
        let name = format!("zicht_t_{}", unique());
        let sql = format!("CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8'");
        crate::sql::off_runtime(|| {
            let mut client =
                postgres::Client::connect(&admin, postgres::NoTls).map_err(|source| {
                    StoreError::PostgresConnect {
                        url: crate::redact(&admin),
                        source,
                    }
                })?;
            client
                .batch_execute(&sql)
                .map_err(|e| crate::sql::pg_error(&sql, e))
        })?;
        let url = with_database(&admin, &name);
        Ok(Some(TestDb {
            admin,
            name,
            url,
            dir: temp_dir(test),
        }))
    }

    /// The `schema.table.column`s of type text or bytea that contain `needle`
    /// (the PostgreSQL twin of scanning the SQLite files' bytes).
    pub fn columns_containing(&self, needle: &[u8]) -> Result<Vec<String>, StoreError> {
        crate::sql::off_runtime(|| self.columns_containing_here(needle))
    }

    fn columns_containing_here(&self, needle: &[u8]) -> Result<Vec<String>, StoreError> {
        let mut client =
            postgres::Client::connect(&self.url, postgres::NoTls).map_err(|source| {
                StoreError::PostgresConnect {
                    url: crate::redact(&self.url),
                    source,
                }
            })?;
        let list = "SELECT table_schema, table_name, column_name, data_type FROM information_schema.columns
                    WHERE table_schema NOT IN ('pg_catalog', 'information_schema')
                      AND data_type IN ('text', 'bytea', 'character varying', 'character', 'json', 'jsonb')";
        let columns = client
            .query(list, &[])
            .map_err(|e| crate::sql::pg_error(list, e))?;
        let mut found = Vec::new();
        for c in columns {
            let (schema, table, column, ty): (String, String, String, String) =
                (c.get(0), c.get(1), c.get(2), c.get(3));
            let value = if ty == "bytea" {
                format!("\"{column}\"")
            } else {
                format!("convert_to(\"{column}\"::text, 'UTF8')")
            };
            let sql = format!(
                "SELECT COUNT(*) FROM \"{schema}\".\"{table}\" WHERE position($1::bytea IN {value}) > 0"
            );
            let n: i64 = client
                .query_one(&sql, &[&needle])
                .map_err(|e| crate::sql::pg_error(&sql, e))?
                .get(0);
            if n > 0 {
                found.push(format!("{schema}.{table}.{column}"));
            }
        }
        Ok(found)
    }

    /// Every row of every table of the store, as text, table by table (a
    /// test compares two of these to see that nothing changed).
    pub fn dump(&self) -> Result<Vec<(String, String)>, StoreError> {
        crate::sql::off_runtime(|| self.dump_here())
    }

    fn dump_here(&self) -> Result<Vec<(String, String)>, StoreError> {
        let mut client =
            postgres::Client::connect(&self.url, postgres::NoTls).map_err(|source| {
                StoreError::PostgresConnect {
                    url: crate::redact(&self.url),
                    source,
                }
            })?;
        let list = "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename";
        let tables = client
            .query(list, &[])
            .map_err(|e| crate::sql::pg_error(list, e))?;
        let mut out = Vec::new();
        for t in tables {
            let table: String = t.get(0);
            let sql =
                format!("SELECT string_agg(r::text, E'\\n' ORDER BY r::text) FROM \"{table}\" r");
            let rows: Option<String> = client
                .query_one(&sql, &[])
                .map_err(|e| crate::sql::pg_error(&sql, e))?
                .get(0);
            out.push((table, rows.unwrap_or_default()));
        }
        Ok(out)
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let (admin, name) = (&self.admin, &self.name);
        crate::sql::off_runtime(|| {
            if let Ok(mut client) = postgres::Client::connect(admin, postgres::NoTls) {
                let _ =
                    client.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
            }
        });
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_database_name_is_replaced_and_parameters_kept() {
        assert_eq!(
            super::with_database(
                "postgres://u:p@h:5432/postgres?sslmode=disable",
                "zicht_t_1"
            ),
            "postgres://u:p@h:5432/zicht_t_1?sslmode=disable"
        );
        assert_eq!(
            super::with_database("postgres://u@h", "x"),
            "postgres://u@h/x"
        );
    }

    #[test]
    fn a_password_is_never_shown() {
        assert_eq!(
            crate::redact("postgres://zicht:s3cret@db.example:5432/zicht"),
            "postgres://zicht:***@db.example:5432/zicht"
        );
        assert_eq!(
            crate::redact("postgres://zicht@db/zicht?password=s3cret&sslmode=disable"),
            "postgres://zicht@db/zicht?password=***&sslmode=disable"
        );
        assert_eq!(
            crate::redact("host=db user=zicht password=s3cret dbname=zicht"),
            "host=db user=zicht password=*** dbname=zicht"
        );
        assert_eq!(crate::redact("postgres://db/zicht"), "postgres://db/zicht");
    }
}
