//! The one SQL layer under the store's queries: values, rows and statements on either backend.
//!
//! Every query of the store is written once, in SQL both SQLite and
//! PostgreSQL understand, with `?1, ?2, ...` placeholders (rewritten to
//! `$1, $2, ...` for PostgreSQL). Parameters and results are [`Val`]s: an
//! integer, a text, bytes or NULL. On PostgreSQL a `Val` adapts to the
//! column's declared type (an integer binds to `bigint`, `integer`,
//! `smallint` or `boolean`; a text to `text` or `bytea`), so the same call
//! works on both. A statement that fails names its first words in the error.

use std::collections::HashMap;

use crate::{Conn, StoreError};

/// One SQL value, as a parameter or a result column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Val {
    Null,
    Int(i64),
    Text(String),
    Blob(Vec<u8>),
}

impl From<i64> for Val {
    fn from(v: i64) -> Val {
        Val::Int(v)
    }
}
impl From<u32> for Val {
    fn from(v: u32) -> Val {
        Val::Int(i64::from(v))
    }
}
impl From<bool> for Val {
    fn from(v: bool) -> Val {
        Val::Int(i64::from(v))
    }
}
impl From<&str> for Val {
    fn from(v: &str) -> Val {
        Val::Text(v.to_string())
    }
}
impl From<&String> for Val {
    fn from(v: &String) -> Val {
        Val::Text(v.clone())
    }
}
impl From<String> for Val {
    fn from(v: String) -> Val {
        Val::Text(v)
    }
}
impl From<&[u8]> for Val {
    fn from(v: &[u8]) -> Val {
        Val::Blob(v.to_vec())
    }
}
impl From<&Vec<u8>> for Val {
    fn from(v: &Vec<u8>) -> Val {
        Val::Blob(v.clone())
    }
}
impl From<Vec<u8>> for Val {
    fn from(v: Vec<u8>) -> Val {
        Val::Blob(v)
    }
}
impl<T: Into<Val>> From<Option<T>> for Val {
    fn from(v: Option<T>) -> Val {
        v.map_or(Val::Null, Into::into)
    }
}

/// The parameters of a statement: `p![a, b, c]`.
macro_rules! p {
    ($($v:expr),* $(,)?) => {
        &[$($crate::sql::Val::from($v)),*][..]
    };
}
pub(crate) use p;

/// One result row.
#[derive(Debug)]
pub(crate) struct Row(pub Vec<Val>);

fn unexpected(i: usize, v: &Val, want: &str) -> StoreError {
    StoreError::BadValue {
        column: "a result column",
        value: format!("column {i} is {v:?} where {want} belongs"),
    }
}

impl Row {
    pub fn val(&mut self, i: usize) -> Val {
        self.0
            .get_mut(i)
            .map_or(Val::Null, |v| std::mem::replace(v, Val::Null))
    }
    pub fn opt_i64(&self, i: usize) -> Result<Option<i64>, StoreError> {
        match self.0.get(i) {
            Some(Val::Int(n)) => Ok(Some(*n)),
            Some(Val::Null) | None => Ok(None),
            Some(v) => Err(unexpected(i, v, "an integer")),
        }
    }
    pub fn i64(&self, i: usize) -> Result<i64, StoreError> {
        self.opt_i64(i)?
            .ok_or_else(|| unexpected(i, &Val::Null, "an integer"))
    }
    pub fn opt_bool(&self, i: usize) -> Result<Option<bool>, StoreError> {
        Ok(self.opt_i64(i)?.map(|n| n != 0))
    }
    pub fn bool(&self, i: usize) -> Result<bool, StoreError> {
        Ok(self.i64(i)? != 0)
    }
    pub fn opt_text(&mut self, i: usize) -> Result<Option<String>, StoreError> {
        match self.val(i) {
            Val::Text(s) => Ok(Some(s)),
            Val::Null => Ok(None),
            v => Err(unexpected(i, &v, "a text")),
        }
    }
    pub fn text(&mut self, i: usize) -> Result<String, StoreError> {
        self.opt_text(i)?
            .ok_or_else(|| unexpected(i, &Val::Null, "a text"))
    }
    pub fn blob(&mut self, i: usize) -> Result<Vec<u8>, StoreError> {
        match self.val(i) {
            Val::Blob(b) => Ok(b),
            v => Err(unexpected(i, &v, "bytes")),
        }
    }
}

/// The first words of a statement, for an error message.
fn what(sql: &str) -> String {
    let flat: String = sql.split_whitespace().collect::<Vec<_>>().join(" ");
    match flat.char_indices().nth(60) {
        Some((at, _)) => format!("{} ...", &flat[..at]),
        None => flat,
    }
}

// ---- SQLite ----

impl rusqlite::ToSql for Val {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, ValueRef};
        Ok(ToSqlOutput::Borrowed(match self {
            Val::Null => ValueRef::Null,
            Val::Int(n) => ValueRef::Integer(*n),
            Val::Text(s) => ValueRef::Text(s.as_bytes()),
            Val::Blob(b) => ValueRef::Blob(b),
        }))
    }
}

fn sqlite_val(v: rusqlite::types::ValueRef<'_>) -> Result<Val, StoreError> {
    use rusqlite::types::ValueRef;
    Ok(match v {
        ValueRef::Null => Val::Null,
        ValueRef::Integer(n) => Val::Int(n),
        ValueRef::Real(r) => {
            return Err(StoreError::BadValue {
                column: "a result column",
                value: r.to_string(),
            });
        }
        ValueRef::Text(t) => Val::Text(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => Val::Blob(b.to_vec()),
    })
}

// ---- PostgreSQL ----

impl postgres::types::ToSql for Val {
    fn to_sql(
        &self,
        ty: &postgres::types::Type,
        out: &mut bytes::BytesMut,
    ) -> Result<postgres::types::IsNull, Box<dyn std::error::Error + Sync + Send>> {
        use postgres::types::Type;
        match self {
            Val::Null => Ok(postgres::types::IsNull::Yes),
            Val::Int(n) => match *ty {
                Type::INT8 => n.to_sql(ty, out),
                Type::INT4 => i32::try_from(*n)?.to_sql(ty, out),
                Type::INT2 => i16::try_from(*n)?.to_sql(ty, out),
                Type::BOOL => (*n != 0).to_sql(ty, out),
                _ => Err(format!("an integer cannot be stored as {ty}").into()),
            },
            Val::Text(s) => match *ty {
                Type::BYTEA => s.as_bytes().to_sql(ty, out),
                _ => s.as_str().to_sql(ty, out),
            },
            Val::Blob(b) => match *ty {
                Type::BYTEA => b.as_slice().to_sql(ty, out),
                _ => Err(format!("bytes cannot be stored as {ty}").into()),
            },
        }
    }

    fn accepts(_: &postgres::types::Type) -> bool {
        true
    }

    postgres::types::to_sql_checked!();
}

impl<'a> postgres::types::FromSql<'a> for Val {
    fn from_sql(
        ty: &postgres::types::Type,
        raw: &'a [u8],
    ) -> Result<Val, Box<dyn std::error::Error + Sync + Send>> {
        use postgres::types::Type;
        Ok(match *ty {
            Type::INT8 => Val::Int(i64::from_sql(ty, raw)?),
            Type::INT4 => Val::Int(i64::from(i32::from_sql(ty, raw)?)),
            Type::INT2 => Val::Int(i64::from(i16::from_sql(ty, raw)?)),
            Type::BOOL => Val::Int(i64::from(bool::from_sql(ty, raw)?)),
            Type::BYTEA => Val::Blob(raw.to_vec()),
            _ => Val::Text(String::from_utf8(raw.to_vec())?),
        })
    }

    fn from_sql_null(
        _: &postgres::types::Type,
    ) -> Result<Val, Box<dyn std::error::Error + Sync + Send>> {
        Ok(Val::Null)
    }

    fn accepts(_: &postgres::types::Type) -> bool {
        true
    }
}

/// A PostgreSQL connection with its prepared statements.
///
/// The sync client drives its own small tokio runtime, which must not be
/// entered (nor dropped) on a thread that already runs async code: there
/// every call goes through [`off_runtime`]. The server's writer is a plain
/// thread and its readers run in `spawn_blocking`, so in the chat's hot path
/// that costs nothing; tests that call the store from async code still work.
pub(crate) struct Pg {
    client: std::cell::RefCell<Option<postgres::Client>>,
    statements: std::cell::RefCell<HashMap<String, postgres::Statement>>,
    /// Whether a transaction is open (PostgreSQL has no `is_autocommit`).
    pub in_tx: std::cell::Cell<bool>,
}

thread_local! {
    static BLOCKING_OK: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Tells the store that this thread may block although it belongs to a
/// tokio runtime: a thread of the blocking pool (`spawn_blocking`), which
/// runs no async tasks. Calls from it then skip [`off_runtime`]'s thread.
pub fn mark_blocking_thread() {
    BLOCKING_OK.set(true);
}

/// Runs `f` on this thread, or on a scoped thread of its own when this
/// thread is inside a tokio runtime (where the sync client cannot block).
pub(crate) fn off_runtime<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    if BLOCKING_OK.get() || tokio::runtime::Handle::try_current().is_err() {
        return f();
    }
    std::thread::scope(|s| match s.spawn(f).join() {
        Ok(v) => v,
        Err(panic) => std::panic::resume_unwind(panic),
    })
}

impl Pg {
    pub fn new(client: postgres::Client) -> Pg {
        Pg {
            client: std::cell::RefCell::new(Some(client)),
            statements: std::cell::RefCell::new(HashMap::new()),
            in_tx: std::cell::Cell::new(false),
        }
    }

    /// Runs `f` with the client (off any async runtime).
    pub fn with<T: Send>(
        &self,
        sql: &str,
        f: impl FnOnce(&mut postgres::Client) -> Result<T, postgres::Error> + Send,
    ) -> Result<T, StoreError> {
        let mut guard = self.client.borrow_mut();
        let client = guard.as_mut().ok_or_else(|| StoreError::BadValue {
            column: "connection",
            value: "closed".into(),
        })?;
        off_runtime(|| f(client)).map_err(|e| pg_error(sql, e))
    }
}

impl Drop for Pg {
    fn drop(&mut self) {
        self.statements.get_mut().clear();
        if let Some(client) = self.client.get_mut().take() {
            off_runtime(move || drop(client));
        }
    }
}

/// The key of the advisory lock that write transactions take (see [`Conn::begin`]).
const WRITERS_LOCK: i64 = 0x7a69_6368_7401;

/// `?1` becomes `$1` (the store's SQL has no `?` inside string literals).
pub(crate) fn dollar(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '?' && chars.peek().is_some_and(char::is_ascii_digit) {
            out.push('$');
        } else {
            out.push(c);
        }
    }
    out
}

pub(crate) fn pg_error(sql: &str, source: postgres::Error) -> StoreError {
    StoreError::Postgres {
        what: what(sql),
        source,
    }
}

fn pg_params(params: &[Val]) -> Vec<&(dyn postgres::types::ToSql + Sync)> {
    params
        .iter()
        .map(|v| v as &(dyn postgres::types::ToSql + Sync))
        .collect()
}

impl Pg {
    fn statement(&self, sql: &str) -> Result<postgres::Statement, StoreError> {
        if let Some(st) = self.statements.borrow().get(sql) {
            return Ok(st.clone());
        }
        let text = dollar(sql);
        let st = self.with(sql, |c| c.prepare(&text))?;
        let mut cache = self.statements.borrow_mut();
        if cache.len() >= 256 {
            cache.clear();
        }
        cache.insert(sql.to_string(), st.clone());
        Ok(st)
    }

    fn exec(&self, sql: &str, params: &[Val]) -> Result<usize, StoreError> {
        let st = self.statement(sql)?;
        let n = self.with(sql, |c| c.execute(&st, &pg_params(params)))?;
        Ok(usize::try_from(n).unwrap_or(usize::MAX))
    }

    fn query(&self, sql: &str, params: &[Val]) -> Result<Vec<Row>, StoreError> {
        let st = self.statement(sql)?;
        let rows = self.with(sql, |c| c.query(&st, &pg_params(params)))?;
        rows.iter()
            .map(|r| {
                (0..r.len())
                    .map(|i| r.try_get::<_, Val>(i).map_err(|e| pg_error(sql, e)))
                    .collect::<Result<Vec<_>, _>>()
                    .map(Row)
            })
            .collect()
    }

    pub fn batch(&self, sql: &str) -> Result<(), StoreError> {
        self.with(sql, |c| c.batch_execute(sql))
    }
}

// ---- on a connection ----

impl Conn {
    /// Runs a statement; returns how many rows it changed.
    pub(crate) fn exec(&self, sql: &str, params: &[Val]) -> Result<usize, StoreError> {
        match &self.db {
            crate::Db::Sqlite(c) => Ok(c
                .prepare_cached(sql)?
                .execute(rusqlite::params_from_iter(params.iter()))?),
            crate::Db::Postgres(pg) => pg.exec(sql, params),
        }
    }

    /// Runs a query; returns all its rows.
    pub(crate) fn query(&self, sql: &str, params: &[Val]) -> Result<Vec<Row>, StoreError> {
        match &self.db {
            crate::Db::Sqlite(c) => {
                let mut st = c.prepare_cached(sql)?;
                let n = st.column_count();
                let mut rows = st.query(rusqlite::params_from_iter(params.iter()))?;
                let mut out = Vec::new();
                while let Some(r) = rows.next()? {
                    let mut vals = Vec::with_capacity(n);
                    for i in 0..n {
                        vals.push(sqlite_val(r.get_ref(i)?)?);
                    }
                    out.push(Row(vals));
                }
                Ok(out)
            }
            crate::Db::Postgres(pg) => pg.query(sql, params),
        }
    }

    /// The first row of a query, if any.
    pub(crate) fn query_opt(&self, sql: &str, params: &[Val]) -> Result<Option<Row>, StoreError> {
        Ok(self.query(sql, params)?.into_iter().next())
    }

    /// Whether this connection talks to PostgreSQL.
    pub fn is_postgres(&self) -> bool {
        matches!(self.db, crate::Db::Postgres(_))
    }

    /// ` FOR UPDATE` on PostgreSQL (a row lock until the commit); nothing on
    /// SQLite, whose single writer already serialises every write.
    pub(crate) fn for_update(&self) -> &'static str {
        if self.is_postgres() {
            " FOR UPDATE"
        } else {
            ""
        }
    }

    /// Whether no transaction is open.
    pub(crate) fn autocommit(&self) -> bool {
        match &self.db {
            crate::Db::Sqlite(c) => c.is_autocommit(),
            crate::Db::Postgres(pg) => !pg.in_tx.get(),
        }
    }

    /// Starts a write transaction (the writer batches many operations into
    /// one). On PostgreSQL it waits for the write transactions of the other
    /// instances (an advisory lock until the commit).
    pub fn begin(&self) -> Result<(), StoreError> {
        match &self.db {
            crate::Db::Sqlite(c) => Ok(c.execute_batch("BEGIN IMMEDIATE")?),
            crate::Db::Postgres(pg) => {
                // Write transactions of all instances take turns (as SQLite's
                // one writer does): two batches that lock conversations in
                // different orders would otherwise deadlock. A batch still
                // shares one commit among all its jobs.
                pg.batch("BEGIN")?;
                pg.in_tx.set(true);
                self.query("SELECT pg_advisory_xact_lock(?1)", p![WRITERS_LOCK])?;
                Ok(())
            }
        }
    }

    /// Commits the transaction; returns once it is durable.
    pub fn commit(&self) -> Result<(), StoreError> {
        match &self.db {
            crate::Db::Sqlite(c) => Ok(c.execute_batch("COMMIT")?),
            crate::Db::Postgres(pg) => {
                pg.in_tx.set(false);
                pg.batch("COMMIT")
            }
        }
    }

    /// Abandons the transaction.
    pub fn rollback(&self) -> Result<(), StoreError> {
        match &self.db {
            crate::Db::Sqlite(c) => Ok(c.execute_batch("ROLLBACK")?),
            crate::Db::Postgres(pg) => {
                pg.in_tx.set(false);
                pg.batch("ROLLBACK")
            }
        }
    }

    /// Runs `f` inside a savepoint: if it fails, only its own changes are
    /// undone. Outside a transaction it is a transaction of its own.
    pub fn savepoint<T>(
        &self,
        f: impl FnOnce(&Conn) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        // PostgreSQL knows savepoints only inside a transaction block.
        let own = self.is_postgres() && self.autocommit();
        if own {
            self.begin()?;
        }
        self.exec("SAVEPOINT job", &[])?;
        match f(self) {
            Ok(v) => {
                self.exec("RELEASE SAVEPOINT job", &[])?;
                if own {
                    self.commit()?;
                }
                Ok(v)
            }
            Err(e) => {
                self.exec("ROLLBACK TO SAVEPOINT job", &[])?;
                self.exec("RELEASE SAVEPOINT job", &[])?;
                if own {
                    self.commit()?;
                }
                Err(e)
            }
        }
    }
}

impl Conn {
    /// Sends a PostgreSQL notification on `channel` with `payload` (under
    /// 8,000 bytes); inside a transaction it is delivered at the commit, and
    /// not at all on a rollback. Nothing on SQLite.
    pub fn notify(&self, channel: &str, payload: &str) -> Result<(), StoreError> {
        if self.is_postgres() {
            self.query("SELECT pg_notify(?1, ?2)", p![channel, payload])?;
        }
        Ok(())
    }
}
