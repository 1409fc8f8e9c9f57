//! The SQLite backend: connection settings, migrations and every query.
//!
//! Durability: WAL journal with `synchronous = FULL`. In WAL mode, NORMAL
//! survives a crash of the process (kill -9) but may lose the last commits on
//! power loss or an OS crash; the helpline promises that an acknowledged
//! message is kept, so every commit waits for the WAL to reach the disk. The
//! cost of that fsync is shared by batching many writes into one transaction
//! (the server's writer does this), not by weakening the guarantee.

use std::path::Path;

use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Row, params};
use zicht_vault::{DataKey, Wrapped};

use crate::{
    Appended, Conn, ConversationInfo, Db, EndedBy, Filter, Gender, MIGRATIONS, NewConversation,
    NewMessage, Purged, Reader, Registration, Role, Sender, Session, State, StoreError,
    StoredMessage, TranscriptRead, User,
};

pub(crate) fn connect(path: &Path) -> Result<Connection, StoreError> {
    let c = Connection::open(path)?;
    c.busy_timeout(std::time::Duration::from_secs(10))?;
    c.pragma_update(None, "journal_mode", "WAL")?;
    c.pragma_update(None, "synchronous", "FULL")?;
    c.pragma_update(None, "foreign_keys", "ON")?;
    // Deleted content is overwritten with zeros, in the file and in the WAL.
    c.pragma_update(None, "secure_delete", "ON")?;
    Ok(c)
}

/// Who owns a data key (bound into its wrapping).
fn owner(conversation_id: i64) -> String {
    format!("conversation {conversation_id}")
}

/// What a sealed value is bound to: its column and row.
fn aad_username(id: i64) -> String {
    format!("conversations.username|{id}")
}
fn aad_body(id: i64, seq: i64) -> String {
    format!("messages.body|{id}|{seq}")
}
fn aad_notes(id: i64) -> String {
    format!("registrations.notes|{id}")
}
fn aad_referral_other(id: i64) -> String {
    format!("registrations.referral_other|{id}")
}
fn aad_event_note(id: i64) -> String {
    format!("conversation_events.note|{id}")
}

impl Conn {
    /// Tunes a connection that does all the writing: a larger page cache, and no
    /// automatic checkpoints (see [`Conn::checkpoint`], run on another connection).
    pub fn as_writer(&self, cache_mib: i64) -> Result<(), StoreError> {
        let c = self.sql();
        c.pragma_update(None, "cache_size", -1024 * cache_mib)?;
        c.pragma_update(None, "wal_autocheckpoint", 0)?;
        Ok(())
    }

    /// Copies committed pages from the WAL into the database file without
    /// blocking the writer (a passive checkpoint); returns the WAL's size in pages.
    pub fn checkpoint(&self) -> Result<i64, StoreError> {
        Ok(self
            .sql()
            .query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| r.get(1))?)
    }

    /// Copies the whole WAL into the database file and truncates the WAL to
    /// zero bytes (after retention: no old page stays behind in the WAL).
    /// Waits for readers; returns false when it could not finish (busy).
    pub fn checkpoint_truncate(&self) -> Result<bool, StoreError> {
        let busy: i64 = self
            .sql()
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))?;
        Ok(busy == 0)
    }

    // ---- encryption ----

    /// The data key of a conversation: from this connection's cache, unwrapped
    /// from the store, or (for a conversation without one) made and stored.
    fn data_key(&self, conversation_id: i64) -> Result<DataKey, StoreError> {
        if let Some(k) = self.keys.borrow().get(&conversation_id) {
            return Ok(k.clone());
        }
        let c = self.sql();
        let row: Option<(String, Vec<u8>)> = c
            .prepare_cached(
                "SELECT master_id, wrapped FROM conversation_keys WHERE conversation_id = ?1",
            )?
            .query_row([conversation_id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let key = match row {
            Some((master_id, blob)) => self
                .vault
                .unwrap(&Wrapped { master_id, blob }, &owner(conversation_id))?,
            None => {
                let (key, wrapped) = self.vault.new_data_key(&owner(conversation_id))?;
                c.prepare_cached(
                    "INSERT INTO conversation_keys (conversation_id, master_id, wrapped) VALUES (?1, ?2, ?3)",
                )?
                .execute(params![conversation_id, wrapped.master_id, wrapped.blob])?;
                key
            }
        };
        let mut keys = self.keys.borrow_mut();
        // Bounded: a long-lived connection (the writer) meets every conversation
        // ever started; an evicted key is unwrapped again when it is needed.
        if keys.len() >= crate::KEY_CACHE
            && let Some(&old) = keys.keys().next()
        {
            keys.remove(&old);
        }
        keys.insert(conversation_id, key.clone());
        Ok(key)
    }

    /// How many unwrapped data keys this connection holds (at most [`crate::KEY_CACHE`]).
    pub fn cached_keys(&self) -> usize {
        self.keys.borrow().len()
    }

    /// Seals a text of a conversation (empty text stays empty).
    fn seal(&self, conversation_id: i64, aad: &str, text: &str) -> Result<Value, StoreError> {
        if text.is_empty() || self.plaintext {
            return Ok(Value::Text(text.to_string()));
        }
        Ok(Value::Blob(
            self.data_key(conversation_id)?.seal_text(text, aad)?,
        ))
    }

    /// Opens a stored value: a sealed BLOB, or an empty text.
    fn unseal(&self, conversation_id: i64, aad: &str, v: Value) -> Result<String, StoreError> {
        match v {
            Value::Blob(b) => Ok(self.data_key(conversation_id)?.open_text(&b, aad)?),
            Value::Text(t) => Ok(t),
            Value::Null => Ok(String::new()),
            Value::Integer(_) | Value::Real(_) => Err(bad(
                "encrypted column",
                "a number where a sealed text belongs",
            )),
        }
    }

    /// Checks that the master key opens this store's data keys (one of each
    /// master key id), so a wrong key fails at start and changes nothing.
    pub fn check_key(&self) -> Result<(), StoreError> {
        let c = self.sql();
        let mut st = c.prepare(
            "SELECT conversation_id, master_id, wrapped FROM conversation_keys
             WHERE conversation_id IN (SELECT MIN(conversation_id) FROM conversation_keys GROUP BY master_id)",
        )?;
        let rows: Vec<(i64, String, Vec<u8>)> = st
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<Result<_, _>>()?;
        for (id, master_id, blob) in rows {
            self.vault
                .unwrap(&Wrapped { master_id, blob }, &owner(id))?;
        }
        Ok(())
    }

    /// Encrypts transcript text written before encryption existed (a data
    /// folder from an earlier version), in one transaction.
    pub fn seal_plain_text(&self) -> Result<usize, StoreError> {
        if self.plaintext {
            return Ok(0);
        }
        let c = self.sql();
        let plain_users: Vec<(i64, String)> = c
            .prepare(
                "SELECT id, username FROM conversations WHERE typeof(username) = 'text' AND username <> ''",
            )?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        let plain_bodies: Vec<(i64, i64, String)> = c
            .prepare("SELECT conversation_id, seq, body FROM messages WHERE typeof(body) = 'text' AND body <> ''")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<Result<_, _>>()?;
        let plain_regs: Vec<(i64, Value, Value)> = c
            .prepare(
                "SELECT conversation_id, notes, referral_other FROM registrations
                 WHERE (typeof(notes) = 'text' AND notes <> '') OR (typeof(referral_other) = 'text' AND referral_other <> '')",
            )?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<Result<_, _>>()?;
        let n = plain_users.len() + plain_bodies.len() + plain_regs.len();
        if n == 0 {
            return Ok(0);
        }
        self.begin()?;
        let run = || -> Result<(), StoreError> {
            for (id, name) in &plain_users {
                let v = self.seal(*id, &aad_username(*id), name)?;
                c.execute(
                    "UPDATE conversations SET username = ?2 WHERE id = ?1",
                    params![id, v],
                )?;
            }
            for (id, seq, body) in &plain_bodies {
                let v = self.seal(*id, &aad_body(*id, *seq), body)?;
                c.execute(
                    "UPDATE messages SET body = ?3 WHERE conversation_id = ?1 AND seq = ?2",
                    params![id, seq, v],
                )?;
            }
            for (id, notes, other) in plain_regs {
                let notes = match notes {
                    Value::Text(t) => self.seal(id, &aad_notes(id), &t)?,
                    v => v,
                };
                let other = match other {
                    Value::Text(t) => self.seal(id, &aad_referral_other(id), &t)?,
                    v => v,
                };
                c.execute(
                    "UPDATE registrations SET notes = ?2, referral_other = ?3 WHERE conversation_id = ?1",
                    params![id, notes, other],
                )?;
            }
            Ok(())
        };
        match run() {
            Ok(()) => self.commit()?,
            Err(e) => {
                let _ = self.rollback();
                self.keys.borrow_mut().clear();
                return Err(e);
            }
        }
        Ok(n)
    }

    /// Re-wraps up to `batch` data keys that are not wrapped by `to` under `to`,
    /// in one transaction; returns how many it re-wrapped (0 when done).
    pub fn rewrap_batch(
        &self,
        to: &zicht_vault::MasterKey,
        batch: usize,
    ) -> Result<usize, StoreError> {
        let c = self.sql();
        self.begin()?;
        let run = || -> Result<usize, StoreError> {
            let rows: Vec<(i64, String, Vec<u8>)> = c
                .prepare(
                    "SELECT conversation_id, master_id, wrapped FROM conversation_keys WHERE master_id <> ?1 LIMIT ?2",
                )?
                .query_map(
                    params![to.id(), i64::try_from(batch).unwrap_or(i64::MAX)],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )?
                .collect::<Result<_, _>>()?;
            for (id, master_id, blob) in &rows {
                let new = self.vault.rewrap(
                    &Wrapped {
                        master_id: master_id.clone(),
                        blob: blob.clone(),
                    },
                    &owner(*id),
                    to,
                )?;
                c.execute(
                    "UPDATE conversation_keys SET master_id = ?2, wrapped = ?3 WHERE conversation_id = ?1",
                    params![id, new.master_id, new.blob],
                )?;
            }
            Ok(rows.len())
        };
        match run() {
            Ok(n) => {
                self.commit()?;
                Ok(n)
            }
            Err(e) => {
                let _ = self.rollback();
                Err(e)
            }
        }
    }

    /// The stored (wrapped) data key of a conversation, for tests that look for its bytes.
    pub fn wrapped_key(&self, conversation_id: i64) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self
            .sql()
            .query_row(
                "SELECT wrapped FROM conversation_keys WHERE conversation_id = ?1",
                [conversation_id],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// How many data keys each master key id wraps.
    pub fn key_ids(&self) -> Result<Vec<(String, usize)>, StoreError> {
        let c = self.sql();
        let mut st = c.prepare(
            "SELECT master_id, COUNT(*) FROM conversation_keys GROUP BY master_id ORDER BY master_id",
        )?;
        let rows = st.query_map([], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as usize))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Records the read of conversation `conversation_id` by `reader` (nothing for the visitor).
    fn audit(&self, reader: Reader<'_>, conversation_id: i64) -> Result<(), StoreError> {
        let Reader::Staff { name, purpose } = reader else {
            return Ok(());
        };
        let public_id: String = self
            .sql()
            .prepare_cached("SELECT public_id FROM conversations WHERE id = ?1")?
            .query_row([conversation_id], |r| r.get(0))
            .optional()?
            .ok_or_else(|| StoreError::NoConversation(conversation_id.to_string()))?;
        self.record_read(&TranscriptRead {
            at: jiff::Timestamp::now()
                .strftime("%Y-%m-%dT%H:%M:%SZ")
                .to_string(),
            staff: name.to_string(),
            conversation: public_id,
            purpose: purpose.code().to_string(),
        })
    }
}

const CONVERSATION_COLUMNS: &str = "c.id, c.public_id, c.channel, c.username, c.age, c.gender, \
     c.lang, c.state, c.counsellor_id, c.created_at, c.taken_at, c.ended_at, c.ended_by, \
     c.purged_at, (SELECT COALESCE(MAX(m.seq), 0) FROM messages m WHERE m.conversation_id = c.id)";

fn bad(column: &'static str, value: &str) -> StoreError {
    StoreError::BadValue {
        column,
        value: value.to_string(),
    }
}

type RawConversation = (ConversationInfo, Value);

fn conversation_from_row(
    r: &Row<'_>,
) -> Result<Result<RawConversation, StoreError>, rusqlite::Error> {
    let username: Value = r.get(3)?;
    let gender: Option<String> = r.get(5)?;
    let state: String = r.get(7)?;
    let ended_by: Option<String> = r.get(12)?;
    let age: Option<i64> = r.get(4)?;
    let build = || -> Result<RawConversation, StoreError> {
        Ok((
            ConversationInfo {
                id: r.get(0)?,
                public_id: r.get(1)?,
                channel: r.get(2)?,
                username: String::new(),
                age: age.and_then(|a| u32::try_from(a).ok()),
                gender: match &gender {
                    None => None,
                    Some(g) => {
                        Some(Gender::parse(g).ok_or_else(|| bad("conversations.gender", g))?)
                    }
                },
                lang: r.get(6)?,
                state: State::parse(&state).ok_or_else(|| bad("conversations.state", &state))?,
                counsellor_id: r.get(8)?,
                created_at: r.get(9)?,
                taken_at: r.get(10)?,
                ended_at: r.get(11)?,
                ended_by: match &ended_by {
                    None => None,
                    Some(e) => {
                        Some(EndedBy::parse(e).ok_or_else(|| bad("conversations.ended_by", e))?)
                    }
                },
                purged_at: r.get(13)?,
                last_seq: r.get(14)?,
            },
            username,
        ))
    };
    Ok(build())
}

fn user_from_row(r: &Row<'_>) -> Result<Result<User, StoreError>, rusqlite::Error> {
    let role: String = r.get(2)?;
    let (id, name, password_hash) = (r.get(0)?, r.get(1)?, r.get(3)?);
    Ok(match Role::parse(&role) {
        Some(role) => Ok(User {
            id,
            name,
            role,
            password_hash,
        }),
        None => Err(bad("users.role", &role)),
    })
}

fn sender_code(s: Sender) -> &'static str {
    match s {
        Sender::Visitor => "visitor",
        Sender::Counsellor => "counsellor",
    }
}

fn collect<T>(
    rows: impl Iterator<Item = Result<Result<T, StoreError>, rusqlite::Error>>,
) -> Result<Vec<T>, StoreError> {
    let mut out = Vec::new();
    for row in rows {
        out.push(row??);
    }
    Ok(out)
}

fn strings(json: &str, column: &'static str) -> Result<Vec<String>, StoreError> {
    serde_json::from_str(json).map_err(|_| bad(column, json))
}

impl Conn {
    fn sql(&self) -> &Connection {
        match &self.db {
            Db::Sqlite(c) => c,
        }
    }

    /// Opens the nickname of conversation rows.
    fn named(&self, rows: Vec<RawConversation>) -> Result<Vec<ConversationInfo>, StoreError> {
        rows.into_iter()
            .map(|(mut info, raw)| {
                info.username = self.unseal(info.id, &aad_username(info.id), raw)?;
                Ok(info)
            })
            .collect()
    }

    /// Applies the migrations that have not run yet, each in its own transaction.
    pub fn migrate(&self) -> Result<(), StoreError> {
        let c = self.sql();
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

    /// Starts a write transaction (the writer batches many operations into one).
    pub fn begin(&self) -> Result<(), StoreError> {
        Ok(self.sql().execute_batch("BEGIN IMMEDIATE")?)
    }

    /// Commits the transaction; returns once it is durable.
    pub fn commit(&self) -> Result<(), StoreError> {
        Ok(self.sql().execute_batch("COMMIT")?)
    }

    /// Abandons the transaction.
    pub fn rollback(&self) -> Result<(), StoreError> {
        Ok(self.sql().execute_batch("ROLLBACK")?)
    }

    /// Runs `f` inside a savepoint: if it fails, only its own changes are undone.
    pub fn savepoint<T>(
        &self,
        f: impl FnOnce(&Conn) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let c = self.sql();
        c.prepare_cached("SAVEPOINT job")?.execute([])?;
        match f(self) {
            Ok(v) => {
                c.prepare_cached("RELEASE job")?.execute([])?;
                Ok(v)
            }
            Err(e) => {
                c.execute_batch("ROLLBACK TO job; RELEASE job")?;
                Err(e)
            }
        }
    }

    // ---- staff ----

    /// The failed logins of every account since its last successful one:
    /// (user id, failures, time of the last failure).
    pub fn login_throttle(&self) -> Result<Vec<(i64, u32, String)>, StoreError> {
        let mut st = self
            .sql()
            .prepare_cached("SELECT user_id, failures, last_failure FROM login_throttle")?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Records an account's failed logins (`failures` 0 forgets them).
    pub fn set_login_throttle(
        &self,
        user_id: i64,
        failures: u32,
        last_failure: &str,
    ) -> Result<(), StoreError> {
        let c = self.sql();
        if failures == 0 {
            c.prepare_cached("DELETE FROM login_throttle WHERE user_id = ?1")?
                .execute([user_id])?;
        } else {
            c.prepare_cached(
                "INSERT INTO login_throttle (user_id, failures, last_failure) VALUES (?1, ?2, ?3)
                 ON CONFLICT (user_id) DO UPDATE SET failures = ?2, last_failure = ?3",
            )?
            .execute(params![user_id, failures, last_failure])?;
        }
        Ok(())
    }

    /// Adds an account; `password_hash` is an argon2 PHC string.
    pub fn add_user(
        &self,
        name: &str,
        role: Role,
        password_hash: &str,
        now: &str,
    ) -> Result<i64, StoreError> {
        let c = self.sql();
        let result = c.execute(
            "INSERT INTO users (name, role, password_hash, created_at) VALUES (?1, ?2, ?3, ?4)",
            params![name, role.code(), password_hash, now],
        );
        match result {
            Ok(_) => Ok(c.last_insert_rowid()),
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::ConstraintViolation =>
            {
                Err(StoreError::UserExists(name.to_string()))
            }
            Err(e) => Err(e.into()),
        }
    }

    /// Sets the password of account `name` (a PHC string, or
    /// [`crate::DISABLED_PASSWORD`] to disable it), ends all its sessions and
    /// forgets its failed logins. False when there is no such account.
    pub fn set_password(&self, name: &str, password_hash: &str) -> Result<bool, StoreError> {
        let c = self.sql();
        let Some(id) = c
            .query_row("SELECT id FROM users WHERE name = ?1", [name], |r| {
                r.get::<_, i64>(0)
            })
            .optional()?
        else {
            return Ok(false);
        };
        c.execute(
            "UPDATE users SET password_hash = ?2 WHERE id = ?1",
            params![id, password_hash],
        )?;
        c.execute("DELETE FROM sessions WHERE user_id = ?1", [id])?;
        c.execute("DELETE FROM login_throttle WHERE user_id = ?1", [id])?;
        Ok(true)
    }

    pub fn user_by_name(&self, name: &str) -> Result<Option<User>, StoreError> {
        self.sql()
            .query_row(
                "SELECT id, name, role, password_hash FROM users WHERE name = ?1",
                [name],
                user_from_row,
            )
            .optional()?
            .transpose()
    }

    pub fn user(&self, id: i64) -> Result<Option<User>, StoreError> {
        self.sql()
            .query_row(
                "SELECT id, name, role, password_hash FROM users WHERE id = ?1",
                [id],
                user_from_row,
            )
            .optional()?
            .transpose()
    }

    pub fn users(&self) -> Result<Vec<User>, StoreError> {
        let c = self.sql();
        let mut st = c.prepare("SELECT id, name, role, password_hash FROM users ORDER BY name")?;
        collect(st.query_map([], user_from_row)?)
    }

    /// Records one read of a transcript in the audit (no transcript text).
    pub fn record_read(&self, read: &TranscriptRead) -> Result<(), StoreError> {
        self.sql().execute(
            "INSERT INTO transcript_reads (at, staff, conversation, purpose) VALUES (?1, ?2, ?3, ?4)",
            params![read.at, read.staff, read.conversation, read.purpose],
        )?;
        Ok(())
    }

    /// The newest `limit` transcript reads, newest first.
    pub fn transcript_reads(&self, limit: usize) -> Result<Vec<TranscriptRead>, StoreError> {
        let c = self.sql();
        let mut st = c.prepare(
            "SELECT at, staff, conversation, purpose FROM transcript_reads ORDER BY id DESC LIMIT ?1",
        )?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        collect(st.query_map([limit], |r| {
            Ok(Ok(TranscriptRead {
                at: r.get(0)?,
                staff: r.get(1)?,
                conversation: r.get(2)?,
                purpose: r.get(3)?,
            }))
        })?)
    }

    pub fn create_session(
        &self,
        token_hash: &[u8],
        user_id: i64,
        csrf: &str,
        now: &str,
        expires_at: &str,
    ) -> Result<(), StoreError> {
        self.sql().execute(
            "INSERT INTO sessions (token_hash, user_id, csrf, created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![token_hash, user_id, csrf, now, expires_at],
        )?;
        Ok(())
    }

    /// The session with this token hash, if it has not expired at `now`.
    pub fn session(&self, token_hash: &[u8], now: &str) -> Result<Option<Session>, StoreError> {
        let row = self
            .sql()
            .query_row(
                "SELECT u.id, u.name, u.role, u.password_hash, s.csrf, s.expires_at
                 FROM sessions s JOIN users u ON u.id = s.user_id
                 WHERE s.token_hash = ?1 AND s.expires_at > ?2",
                params![token_hash, now],
                |r| {
                    Ok((
                        user_from_row(r)?,
                        r.get::<_, String>(4)?,
                        r.get::<_, String>(5)?,
                    ))
                },
            )
            .optional()?;
        match row {
            None => Ok(None),
            Some((user, csrf, expires_at)) => Ok(Some(Session {
                user: user?,
                csrf,
                expires_at,
            })),
        }
    }

    pub fn delete_session(&self, token_hash: &[u8]) -> Result<(), StoreError> {
        self.sql()
            .execute("DELETE FROM sessions WHERE token_hash = ?1", [token_hash])?;
        Ok(())
    }

    pub fn delete_expired_sessions(&self, now: &str) -> Result<usize, StoreError> {
        Ok(self
            .sql()
            .execute("DELETE FROM sessions WHERE expires_at <= ?1", [now])?)
    }

    // ---- conversations ----

    /// Stores a new waiting conversation with a new data key (the nickname is
    /// sealed with it); returns its internal id.
    pub fn create_conversation(&self, new: &NewConversation) -> Result<i64, StoreError> {
        let c = self.sql();
        c.execute(
            "INSERT INTO conversations (public_id, token_hash, channel, username, age, gender, lang, state, created_at)
             VALUES (?1, ?2, ?3, '', ?4, ?5, ?6, 'waiting', ?7)",
            params![
                new.public_id,
                new.token_hash,
                new.channel,
                new.age,
                new.gender.map(Gender::code),
                new.lang,
                new.created_at
            ],
        )?;
        let id = c.last_insert_rowid();
        let name = self.seal(id, &aad_username(id), &new.username)?;
        c.execute(
            "UPDATE conversations SET username = ?2 WHERE id = ?1",
            params![id, name],
        )?;
        Ok(id)
    }

    fn conversation_where(
        &self,
        condition: &str,
        value: &dyn rusqlite::ToSql,
    ) -> Result<Option<ConversationInfo>, StoreError> {
        let row = self
            .sql()
            .query_row(
                &format!("SELECT {CONVERSATION_COLUMNS} FROM conversations c WHERE {condition}"),
                [value],
                conversation_from_row,
            )
            .optional()?
            .transpose()?;
        Ok(self.named(row.into_iter().collect())?.pop())
    }

    /// The conversation a visitor token (its SHA-256) opens.
    pub fn conversation_by_token(
        &self,
        token_hash: &[u8],
    ) -> Result<Option<ConversationInfo>, StoreError> {
        self.conversation_where("c.token_hash = ?1", &token_hash)
    }

    pub fn conversation(&self, public_id: &str) -> Result<Option<ConversationInfo>, StoreError> {
        self.conversation_where("c.public_id = ?1", &public_id)
    }

    pub fn conversation_by_id(&self, id: i64) -> Result<Option<ConversationInfo>, StoreError> {
        self.conversation_where("c.id = ?1", &id)
    }

    /// Conversations that are waiting or active, oldest first (the server loads them at start).
    pub fn open_conversations(&self) -> Result<Vec<ConversationInfo>, StoreError> {
        let c = self.sql();
        let mut st = c.prepare(&format!(
            "SELECT {CONVERSATION_COLUMNS} FROM conversations c WHERE c.state IN ('waiting', 'active') ORDER BY c.created_at, c.id"
        ))?;
        let rows = collect(st.query_map([], conversation_from_row)?)?;
        self.named(rows)
    }

    /// Conversations of `counsellor_id` that ended at or after `since` and
    /// have no registration yet, oldest first: what the console keeps under
    /// "Afgelopen" until it is registered, also after a reload.
    pub fn ended_unregistered(
        &self,
        counsellor_id: i64,
        since: &str,
    ) -> Result<Vec<ConversationInfo>, StoreError> {
        let c = self.sql();
        let mut st = c.prepare(&format!(
            "SELECT {CONVERSATION_COLUMNS} FROM conversations c
             WHERE c.counsellor_id = ?1 AND c.state = 'ended' AND c.ended_at >= ?2
               AND c.purged_at IS NULL
               AND NOT EXISTS (SELECT 1 FROM registrations r WHERE r.conversation_id = c.id)
             ORDER BY c.ended_at, c.id"
        ))?;
        let rows = collect(st.query_map(params![counsellor_id, since], conversation_from_row)?)?;
        self.named(rows)
    }

    /// Conversations for reading (research side, export), oldest first.
    pub fn conversations(&self, filter: Filter) -> Result<Vec<ConversationInfo>, StoreError> {
        let c = self.sql();
        let (from, to) = match filter.year {
            Some(y) => (format!("{y:04}-01-01"), format!("{:04}-01-01", y + 1)),
            None => (String::new(), "~".to_string()),
        };
        let flagged = if filter.flagged_only {
            " AND EXISTS (SELECT 1 FROM registrations r WHERE r.conversation_id = c.id AND r.trafficking = 1)"
        } else {
            ""
        };
        let mut st = c.prepare(&format!(
            "SELECT {CONVERSATION_COLUMNS} FROM conversations c
             WHERE c.created_at >= ?1 AND c.created_at < ?2{flagged} ORDER BY c.created_at, c.id"
        ))?;
        let rows = collect(st.query_map([from, to], conversation_from_row)?)?;
        self.named(rows)
    }

    /// A counsellor takes a waiting conversation. False when it was not waiting.
    pub fn take(&self, conversation_id: i64, user_id: i64, now: &str) -> Result<bool, StoreError> {
        let c = self.sql();
        let n = c.execute(
            "UPDATE conversations SET state = 'active', counsellor_id = ?2, taken_at = ?3
             WHERE id = ?1 AND state = 'waiting'",
            params![conversation_id, user_id, now],
        )?;
        if n == 1 {
            self.event(conversation_id, now, "taken", Some(user_id), None)?;
        }
        Ok(n == 1)
    }

    /// Hands an active conversation to another counsellor. False when it was not active.
    pub fn transfer(
        &self,
        conversation_id: i64,
        by: i64,
        to: i64,
        now: &str,
    ) -> Result<bool, StoreError> {
        self.transfer_with_note(conversation_id, by, to, "", now)
    }

    /// [`Conn::transfer`] with a note for the receiving counsellor (sealed).
    pub fn transfer_with_note(
        &self,
        conversation_id: i64,
        by: i64,
        to: i64,
        note: &str,
        now: &str,
    ) -> Result<bool, StoreError> {
        let n = self.sql().execute(
            "UPDATE conversations SET counsellor_id = ?2 WHERE id = ?1 AND state = 'active'",
            params![conversation_id, to],
        )?;
        if n == 1 {
            self.event(conversation_id, now, "transferred", Some(by), Some(to))?;
            if !note.is_empty() {
                let sealed = self.seal(conversation_id, &aad_event_note(conversation_id), note)?;
                self.sql().execute(
                    "UPDATE conversation_events SET note = ?2 WHERE id = ?1",
                    params![self.sql().last_insert_rowid(), sealed],
                )?;
            }
        }
        Ok(n == 1)
    }

    /// The notes of a conversation's transfers, oldest first: (at, from, to, note).
    pub fn transfer_notes(
        &self,
        conversation_id: i64,
    ) -> Result<Vec<crate::TransferNote>, StoreError> {
        let rows: Vec<(String, Option<i64>, Option<i64>, Value)> = self
            .sql()
            .prepare(
                "SELECT at, user_id, to_user_id, note FROM conversation_events
                 WHERE conversation_id = ?1 AND kind = 'transferred' AND note IS NOT NULL ORDER BY id",
            )?
            .query_map([conversation_id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })?
            .collect::<Result<_, _>>()?;
        rows.into_iter()
            .map(|(at, from, to, note)| {
                let note = self.unseal(conversation_id, &aad_event_note(conversation_id), note)?;
                Ok(crate::TransferNote { at, from, to, note })
            })
            .collect()
    }

    /// Ends a conversation. False when it had already ended.
    pub fn end(
        &self,
        conversation_id: i64,
        by: EndedBy,
        user_id: Option<i64>,
        now: &str,
    ) -> Result<bool, StoreError> {
        let n = self.sql().execute(
            "UPDATE conversations SET state = 'ended', ended_at = ?2, ended_by = ?3
             WHERE id = ?1 AND state <> 'ended'",
            params![conversation_id, now, by.code()],
        )?;
        if n == 1 {
            self.event(conversation_id, now, "ended", user_id, None)?;
        }
        Ok(n == 1)
    }

    /// Ends a conversation only while it is still waiting (a visitor who left
    /// the queue). False when it was taken or had ended meanwhile.
    pub fn end_waiting(&self, conversation_id: i64, now: &str) -> Result<bool, StoreError> {
        let n = self.sql().execute(
            "UPDATE conversations SET state = 'ended', ended_at = ?2, ended_by = 'system'
             WHERE id = ?1 AND state = 'waiting'",
            params![conversation_id, now],
        )?;
        if n == 1 {
            self.event(conversation_id, now, "ended", None, None)?;
        }
        Ok(n == 1)
    }

    fn event(
        &self,
        conversation_id: i64,
        at: &str,
        kind: &str,
        user: Option<i64>,
        to: Option<i64>,
    ) -> Result<(), StoreError> {
        self.sql().execute(
            "INSERT INTO conversation_events (conversation_id, at, kind, user_id, to_user_id) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![conversation_id, at, kind, user, to],
        )?;
        Ok(())
    }

    // ---- messages ----

    /// Appends a message with the next `seq`, or finds the copy stored earlier
    /// under the same sender and `client_id`.
    pub fn append_message(&self, m: &NewMessage) -> Result<Appended, StoreError> {
        let c = self.sql();
        let sender = sender_code(m.from);
        let mut find = c.prepare_cached(
            "SELECT seq, at, body FROM messages WHERE conversation_id = ?1 AND sender = ?2 AND client_id = ?3",
        )?;
        let earlier: Option<(i64, String, Value)> = find
            .query_row(params![m.conversation_id, sender, m.client_id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .optional()?;
        if let Some((seq, at, body)) = earlier {
            let text = self.unseal(m.conversation_id, &aad_body(m.conversation_id, seq), body)?;
            return Ok(Appended {
                seq,
                at,
                new: false,
                text,
            });
        }
        let (purged, seq): (bool, i64) = c
            .prepare_cached(
                "SELECT c.purged_at IS NOT NULL,
                   (SELECT COALESCE(MAX(m.seq), 0) + 1 FROM messages m WHERE m.conversation_id = c.id)
                 FROM conversations c WHERE c.id = ?1",
            )?
            .query_row([m.conversation_id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?
            .ok_or_else(|| StoreError::NoConversation(m.conversation_id.to_string()))?;
        if purged {
            return Err(StoreError::Purged(m.conversation_id));
        }
        let body = self.seal(
            m.conversation_id,
            &aad_body(m.conversation_id, seq),
            &m.text,
        )?;
        c.prepare_cached(
            "INSERT INTO messages (conversation_id, seq, sender, counsellor_id, client_id, at, body)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(params![
            m.conversation_id,
            seq,
            sender,
            m.counsellor_id,
            m.client_id,
            m.at,
            body
        ])?;
        Ok(Appended {
            seq,
            at: m.at.clone(),
            new: true,
            text: m.text.clone(),
        })
    }

    /// The messages of a conversation with `seq > after`, in order; a staff
    /// `reader` leaves one entry in the audit of transcript reads.
    pub fn messages(
        &self,
        conversation_id: i64,
        after: i64,
        reader: Reader<'_>,
    ) -> Result<Vec<StoredMessage>, StoreError> {
        let out = self.messages_unaudited(conversation_id, after)?;
        self.audit(reader, conversation_id)?;
        Ok(out)
    }

    fn messages_unaudited(
        &self,
        conversation_id: i64,
        after: i64,
    ) -> Result<Vec<StoredMessage>, StoreError> {
        type Raw = (i64, String, Option<i64>, String, String, Value);
        let rows: Vec<Raw> = {
            let c = self.sql();
            let mut st = c.prepare_cached(
                "SELECT seq, sender, counsellor_id, client_id, at, body FROM messages
                 WHERE conversation_id = ?1 AND seq > ?2 ORDER BY seq",
            )?;
            st.query_map(params![conversation_id, after], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                ))
            })?
            .collect::<Result<_, _>>()?
        };
        rows.into_iter()
            .map(|(seq, sender, counsellor_id, client_id, at, body)| {
                let from = match sender.as_str() {
                    "visitor" => Sender::Visitor,
                    "counsellor" => Sender::Counsellor,
                    _ => return Err(bad("messages.sender", &sender)),
                };
                let text = self.unseal(conversation_id, &aad_body(conversation_id, seq), body)?;
                Ok(StoredMessage {
                    seq,
                    from,
                    counsellor_id,
                    client_id,
                    at,
                    text,
                })
            })
            .collect()
    }

    // ---- registrations ----

    pub fn registration(&self, conversation_id: i64) -> Result<Option<Registration>, StoreError> {
        let row = self
            .sql()
            .query_row(
                "SELECT trafficking, categories, referrals, referral_other, notes, first_time FROM registrations WHERE conversation_id = ?1",
                [conversation_id],
                |r| {
                    Ok((
                        r.get::<_, Option<bool>>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, Value>(3)?,
                        r.get::<_, Value>(4)?,
                        r.get::<_, Option<bool>>(5)?,
                    ))
                },
            )
            .optional()?;
        match row {
            None => Ok(None),
            Some((trafficking, categories, referrals, referral_other, notes, first_time)) => {
                Ok(Some(Registration {
                    trafficking,
                    first_time,
                    categories: strings(&categories, "registrations.categories")?,
                    referrals: strings(&referrals, "registrations.referrals")?,
                    referral_other: self.unseal(
                        conversation_id,
                        &aad_referral_other(conversation_id),
                        referral_other,
                    )?,
                    notes: self.unseal(conversation_id, &aad_notes(conversation_id), notes)?,
                }))
            }
        }
    }

    pub fn save_registration(
        &self,
        conversation_id: i64,
        reg: &Registration,
        user_id: i64,
        now: &str,
    ) -> Result<(), StoreError> {
        let categories = serde_json::to_string(&reg.categories)
            .map_err(|_| bad("registrations.categories", ""))?;
        let referrals = serde_json::to_string(&reg.referrals)
            .map_err(|_| bad("registrations.referrals", ""))?;
        let referral_other = self.seal(
            conversation_id,
            &aad_referral_other(conversation_id),
            &reg.referral_other,
        )?;
        let notes = self.seal(conversation_id, &aad_notes(conversation_id), &reg.notes)?;
        self.sql().execute(
            "INSERT INTO registrations (conversation_id, trafficking, categories, referrals, referral_other, notes, updated_by, updated_at, first_time)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
             ON CONFLICT (conversation_id) DO UPDATE SET trafficking = excluded.trafficking,
               first_time = excluded.first_time,
               categories = excluded.categories, referrals = excluded.referrals,
               referral_other = excluded.referral_other, notes = excluded.notes,
               updated_by = excluded.updated_by, updated_at = excluded.updated_at",
            params![conversation_id, reg.trafficking, categories, referrals, referral_other, notes, user_id, now, reg.first_time],
        )?;
        Ok(())
    }

    // ---- reading for research and export ----

    /// The conversations of `filter` in the exchange format (formats.md
    /// section 2); a staff `reader` leaves one audit entry per conversation,
    /// written in one transaction after the reading (nothing is returned
    /// unless the audit is written).
    pub fn export(
        &self,
        filter: Filter,
        reader: Reader<'_>,
    ) -> Result<Vec<zicht_conversations::Conversation>, StoreError> {
        let out = self.export_unaudited(filter)?;
        if let Reader::Staff { name, purpose } = reader {
            let at = jiff::Timestamp::now()
                .strftime("%Y-%m-%dT%H:%M:%SZ")
                .to_string();
            let own = self.sql().is_autocommit();
            if own {
                self.begin()?;
            }
            let write = || -> Result<(), StoreError> {
                for conv in &out {
                    self.record_read(&TranscriptRead {
                        at: at.clone(),
                        staff: name.to_string(),
                        conversation: conv.conversation_id.clone(),
                        purpose: purpose.code().to_string(),
                    })?;
                }
                Ok(())
            };
            match write() {
                Ok(()) if own => self.commit()?,
                Ok(()) => {}
                Err(e) => {
                    if own {
                        let _ = self.rollback();
                    }
                    return Err(e);
                }
            }
        }
        Ok(out)
    }

    fn export_unaudited(
        &self,
        filter: Filter,
    ) -> Result<Vec<zicht_conversations::Conversation>, StoreError> {
        let mut out = Vec::new();
        for info in self.conversations(filter)? {
            let reg = self.registration(info.id)?.unwrap_or_default();
            let messages = self
                .messages_unaudited(info.id, 0)?
                .into_iter()
                .map(|m| zicht_conversations::Message {
                    at: m.at,
                    from: m.from,
                    text: m.text,
                })
                .collect();
            let mut other = serde_json::Map::new();
            if let Some(first_time) = reg.first_time {
                other.insert("first_time".into(), first_time.into());
            }
            if !reg.categories.is_empty() {
                other.insert("categories".into(), reg.categories.clone().into());
            }
            if !reg.referrals.is_empty() {
                other.insert("referrals".into(), reg.referrals.clone().into());
            }
            if !reg.referral_other.is_empty() {
                other.insert("referral_other".into(), reg.referral_other.clone().into());
            }
            let mut extra = serde_json::Map::new();
            if !reg.notes.is_empty() {
                extra.insert("counsellor_notes".into(), reg.notes.clone().into());
            }
            if let Some(ended_at) = &info.ended_at {
                extra.insert("ended_at".into(), ended_at.clone().into());
            }
            if let Some(purged_at) = &info.purged_at {
                extra.insert("transcript_purged_at".into(), purged_at.clone().into());
            }
            out.push(zicht_conversations::Conversation {
                conversation_id: info.public_id,
                channel: info.channel,
                username: info.username,
                started_at: info.created_at,
                intake: zicht_conversations::Intake {
                    age: info.age,
                    gender: info.gender.map(|g| g.code().to_string()),
                },
                flags: zicht_conversations::Flags {
                    trafficking: reg.trafficking == Some(true),
                    other,
                },
                messages,
                extra,
            });
        }
        Ok(out)
    }

    // ---- retention ----

    /// Removes the transcripts of conversations that ended (or, if never
    /// ended, whose last message, or else start, was) before `cutoff`: a chat
    /// still going on is never cut off. Their messages, username, notes, the
    /// transfer notes, the visitor token and the data key (so any copy of their
    /// ciphertext left anywhere is unreadable). Channel, dates, intake and
    /// registration codes stay for the yearly statistics. Open conversations
    /// that old are ended by the system. A conversation purged earlier that
    /// still holds anything is purged again. The connection deletes securely
    /// (zeros); run [`Conn::checkpoint_truncate`] after the commit so no old
    /// page stays in the WAL.
    pub fn purge_before(&self, cutoff: &str, now: &str) -> Result<Purged, StoreError> {
        let c = self.sql();
        let ids: Vec<i64> = {
            let mut st = c.prepare(
                "SELECT id FROM conversations c WHERE (purged_at IS NULL AND COALESCE(ended_at,
                       (SELECT MAX(m.at) FROM messages m WHERE m.conversation_id = c.id), created_at) < ?1)
                   OR (purged_at IS NOT NULL AND (EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id)
                       OR EXISTS (SELECT 1 FROM conversation_keys k WHERE k.conversation_id = c.id)))",
            )?;
            let rows = st.query_map([cutoff], |r| r.get(0))?;
            rows.collect::<Result<_, _>>()?
        };
        let mut purged = Purged::default();
        for id in ids {
            purged.messages +=
                c.execute("DELETE FROM messages WHERE conversation_id = ?1", [id])?;
            c.execute(
                "UPDATE conversations SET username = '', token_hash = randomblob(32), purged_at = COALESCE(purged_at, ?2),
                   state = 'ended', ended_at = COALESCE(ended_at, ?2), ended_by = COALESCE(ended_by, 'system')
                 WHERE id = ?1",
                params![id, now],
            )?;
            c.execute(
                "UPDATE registrations SET notes = '', referral_other = '' WHERE conversation_id = ?1",
                [id],
            )?;
            c.execute(
                "UPDATE conversation_events SET note = NULL WHERE conversation_id = ?1",
                [id],
            )?;
            c.execute(
                "DELETE FROM conversation_keys WHERE conversation_id = ?1",
                [id],
            )?;
            self.keys.borrow_mut().remove(&id);
            self.event(id, now, "purged", None, None)?;
            purged.conversations += 1;
            purged.ids.push(id);
        }
        Ok(purged)
    }
}
