//! Every query of the store, written once for both backends (SQLite and PostgreSQL).
//!
//! The SQL here is the common part of the two dialects (see `sql.rs`); the
//! few places that differ ask the connection (`for_update`, `is_postgres`).
//!
//! Durability on SQLite: WAL journal with `synchronous = FULL`. In WAL mode,
//! NORMAL survives a crash of the process (kill -9) but may lose the last
//! commits on power loss or an OS crash; the helpline promises that an
//! acknowledged message is kept, so every commit waits for the WAL to reach
//! the disk. On PostgreSQL the connection sets `synchronous_commit = on`.
//! The cost of that fsync is shared by batching many writes into one
//! transaction (the server's writer does this), not by weakening the guarantee.

use zicht_vault::{DataKey, Wrapped};

use crate::sql::{Row, Val, p};
use crate::{
    Appended, Conn, ConversationInfo, Db, EndedBy, Filter, Gender, NewConversation, NewMessage,
    Purged, Reader, Registration, Role, Sender, Session, State, StoreError, StoredMessage,
    TranscriptRead, User,
};

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
fn aad_victim_age(id: i64) -> String {
    format!("registrations.victim_age|{id}")
}
fn aad_exploitation(id: i64) -> String {
    format!("registrations.exploitation|{id}")
}
fn aad_event_note(id: i64) -> String {
    format!("conversation_events.note|{id}")
}

/// 32 random bytes (a retired visitor token's stand-in).
fn random32() -> Result<Vec<u8>, StoreError> {
    use rand::TryRngCore;
    let mut b = vec![0u8; 32];
    rand::rngs::OsRng
        .try_fill_bytes(&mut b)
        .map_err(|_| StoreError::Random)?;
    Ok(b)
}

impl Conn {
    /// Tunes a connection that does all the writing: on SQLite a larger page
    /// cache, and no automatic checkpoints (see [`Conn::checkpoint`], run on
    /// another connection). Nothing to do on PostgreSQL.
    pub fn as_writer(&self, cache_mib: i64) -> Result<(), StoreError> {
        if let Db::Sqlite(c) = &self.db {
            c.pragma_update(None, "cache_size", -1024 * cache_mib)?;
            c.pragma_update(None, "wal_autocheckpoint", 0)?;
        }
        Ok(())
    }

    /// Copies committed pages from the WAL into the database file without
    /// blocking the writer (a passive checkpoint); returns the WAL's size in
    /// pages. PostgreSQL checkpoints by itself (0).
    pub fn checkpoint(&self) -> Result<i64, StoreError> {
        match &self.db {
            Db::Sqlite(c) => Ok(c.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| r.get(1))?),
            Db::Postgres(_) => Ok(0),
        }
    }

    /// Copies the whole WAL into the database file and truncates the WAL to
    /// zero bytes (after retention: no old page stays behind in the WAL).
    /// Waits for readers; returns false when it could not finish (busy).
    /// On PostgreSQL there is no file of ours to truncate (true): the data
    /// keys are gone, so what old pages still hold cannot be opened.
    pub fn checkpoint_truncate(&self) -> Result<bool, StoreError> {
        match &self.db {
            Db::Sqlite(c) => {
                let busy: i64 = c.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))?;
                Ok(busy == 0)
            }
            Db::Postgres(_) => Ok(true),
        }
    }

    // ---- encryption ----

    /// The data key of a conversation: from this connection's cache, unwrapped
    /// from the store, or (for a conversation without one) made and stored.
    fn data_key(&self, conversation_id: i64) -> Result<DataKey, StoreError> {
        if let Some(k) = self.keys.borrow().get(&conversation_id) {
            return Ok(k.clone());
        }
        let row = self.query_opt(
            "SELECT master_id, wrapped FROM conversation_keys WHERE conversation_id = ?1",
            p![conversation_id],
        )?;
        let key = match row {
            Some(mut r) => {
                let wrapped = Wrapped {
                    master_id: r.text(0)?,
                    blob: r.blob(1)?,
                };
                self.vault.unwrap(&wrapped, &owner(conversation_id))?
            }
            None => {
                let (key, wrapped) = self.vault.new_data_key(&owner(conversation_id))?;
                self.exec(
                    "INSERT INTO conversation_keys (conversation_id, master_id, wrapped) VALUES (?1, ?2, ?3)",
                    p![conversation_id, wrapped.master_id, wrapped.blob],
                )?;
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
    pub(crate) fn seal(
        &self,
        conversation_id: i64,
        aad: &str,
        text: &str,
    ) -> Result<Val, StoreError> {
        if text.is_empty() || self.plaintext {
            return Ok(Val::Text(text.to_string()));
        }
        Ok(Val::Blob(
            self.data_key(conversation_id)?.seal_text(text, aad)?,
        ))
    }

    /// Opens a stored value: a sealed BLOB, or an empty text. (PostgreSQL's
    /// sealed columns are `bytea`: empty bytes are the empty text, and the
    /// benchmark's plaintext baseline stores UTF-8 there.)
    pub(crate) fn unseal(
        &self,
        conversation_id: i64,
        aad: &str,
        v: Val,
    ) -> Result<String, StoreError> {
        match v {
            Val::Blob(b) if b.is_empty() => Ok(String::new()),
            Val::Blob(b) if self.plaintext && self.is_postgres() => String::from_utf8(b)
                .map_err(|_| bad("encrypted column", "bytes that are not UTF-8")),
            Val::Blob(b) => Ok(self.data_key(conversation_id)?.open_text(&b, aad)?),
            Val::Text(t) => Ok(t),
            Val::Null => Ok(String::new()),
            Val::Int(_) => Err(bad(
                "encrypted column",
                "a number where a sealed text belongs",
            )),
        }
    }

    /// Checks that the master key opens this store's data keys (one of each
    /// master key id), so a wrong key fails at start and changes nothing.
    pub fn check_key(&self) -> Result<(), StoreError> {
        let rows = self.query(
            "SELECT conversation_id, master_id, wrapped FROM conversation_keys
             WHERE conversation_id IN (SELECT MIN(conversation_id) FROM conversation_keys GROUP BY master_id)",
            &[],
        )?;
        for mut r in rows {
            let id = r.i64(0)?;
            let wrapped = Wrapped {
                master_id: r.text(1)?,
                blob: r.blob(2)?,
            };
            self.vault.unwrap(&wrapped, &owner(id))?;
        }
        Ok(())
    }

    /// Encrypts transcript text written before encryption existed (a data
    /// folder from an earlier version), in one transaction. A PostgreSQL
    /// store was never written unsealed (its columns are `bytea` from the
    /// start), so there is nothing to do there.
    pub fn seal_plain_text(&self) -> Result<usize, StoreError> {
        if self.plaintext || self.is_postgres() {
            return Ok(0);
        }
        let mut plain_users: Vec<(i64, String)> = Vec::new();
        for mut r in self.query(
            "SELECT id, username FROM conversations WHERE typeof(username) = 'text' AND username <> ''",
            &[],
        )? {
            plain_users.push((r.i64(0)?, r.text(1)?));
        }
        let mut plain_bodies: Vec<(i64, i64, String)> = Vec::new();
        for mut r in self.query(
            "SELECT conversation_id, seq, body FROM messages WHERE typeof(body) = 'text' AND body <> ''",
            &[],
        )? {
            plain_bodies.push((r.i64(0)?, r.i64(1)?, r.text(2)?));
        }
        let mut plain_regs: Vec<(i64, Val, Val)> = Vec::new();
        for mut r in self.query(
            "SELECT conversation_id, notes, referral_other FROM registrations
             WHERE (typeof(notes) = 'text' AND notes <> '') OR (typeof(referral_other) = 'text' AND referral_other <> '')",
            &[],
        )? {
            plain_regs.push((r.i64(0)?, r.val(1), r.val(2)));
        }
        let n = plain_users.len() + plain_bodies.len() + plain_regs.len();
        if n == 0 {
            return Ok(0);
        }
        self.begin()?;
        let run = || -> Result<(), StoreError> {
            for (id, name) in &plain_users {
                let v = self.seal(*id, &aad_username(*id), name)?;
                self.exec(
                    "UPDATE conversations SET username = ?2 WHERE id = ?1",
                    &[Val::Int(*id), v],
                )?;
            }
            for (id, seq, body) in &plain_bodies {
                let v = self.seal(*id, &aad_body(*id, *seq), body)?;
                self.exec(
                    "UPDATE messages SET body = ?3 WHERE conversation_id = ?1 AND seq = ?2",
                    &[Val::Int(*id), Val::Int(*seq), v],
                )?;
            }
            for (id, notes, other) in plain_regs {
                let notes = match notes {
                    Val::Text(t) => self.seal(id, &aad_notes(id), &t)?,
                    v => v,
                };
                let other = match other {
                    Val::Text(t) => self.seal(id, &aad_referral_other(id), &t)?,
                    v => v,
                };
                self.exec(
                    "UPDATE registrations SET notes = ?2, referral_other = ?3 WHERE conversation_id = ?1",
                    &[Val::Int(id), notes, other],
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
        self.begin()?;
        let run = || -> Result<usize, StoreError> {
            let rows = self.query(
                &format!(
                    "SELECT conversation_id, master_id, wrapped FROM conversation_keys WHERE master_id <> ?1 LIMIT ?2{}",
                    self.for_update()
                ),
                p![to.id(), i64::try_from(batch).unwrap_or(i64::MAX)],
            )?;
            let n = rows.len();
            for mut r in rows {
                let id = r.i64(0)?;
                let old = Wrapped {
                    master_id: r.text(1)?,
                    blob: r.blob(2)?,
                };
                let new = self.vault.rewrap(&old, &owner(id), to)?;
                self.exec(
                    "UPDATE conversation_keys SET master_id = ?2, wrapped = ?3 WHERE conversation_id = ?1",
                    p![id, new.master_id, new.blob],
                )?;
            }
            Ok(n)
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
        match self.query_opt(
            "SELECT wrapped FROM conversation_keys WHERE conversation_id = ?1",
            p![conversation_id],
        )? {
            Some(mut r) => Ok(Some(r.blob(0)?)),
            None => Ok(None),
        }
    }

    /// How many data keys each master key id wraps.
    pub fn key_ids(&self) -> Result<Vec<(String, usize)>, StoreError> {
        self.query(
            "SELECT master_id, COUNT(*) FROM conversation_keys GROUP BY master_id ORDER BY master_id",
            &[],
        )?
        .into_iter()
        .map(|mut r| Ok((r.text(0)?, usize::try_from(r.i64(1)?).unwrap_or(0))))
        .collect()
    }

    /// Records the read of conversation `conversation_id` by `reader` (nothing for the visitor).
    fn audit(&self, reader: Reader<'_>, conversation_id: i64) -> Result<(), StoreError> {
        let Reader::Staff { name, purpose } = reader else {
            return Ok(());
        };
        let public_id = self
            .query_opt(
                "SELECT public_id FROM conversations WHERE id = ?1",
                p![conversation_id],
            )?
            .ok_or_else(|| StoreError::NoConversation(conversation_id.to_string()))?
            .text(0)?;
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

type RawConversation = (ConversationInfo, Val);

fn conversation_from_row(mut r: Row) -> Result<RawConversation, StoreError> {
    let username = r.val(3);
    let gender = r.opt_text(5)?;
    let state = r.text(7)?;
    let ended_by = r.opt_text(12)?;
    Ok((
        ConversationInfo {
            id: r.i64(0)?,
            public_id: r.text(1)?,
            channel: r.text(2)?,
            username: String::new(),
            age: r.opt_i64(4)?.and_then(|a| u32::try_from(a).ok()),
            gender: match &gender {
                None => None,
                Some(g) => Some(Gender::parse(g).ok_or_else(|| bad("conversations.gender", g))?),
            },
            lang: r.text(6)?,
            state: State::parse(&state).ok_or_else(|| bad("conversations.state", &state))?,
            counsellor_id: r.opt_i64(8)?,
            created_at: r.text(9)?,
            taken_at: r.opt_text(10)?,
            ended_at: r.opt_text(11)?,
            ended_by: match &ended_by {
                None => None,
                Some(e) => Some(EndedBy::parse(e).ok_or_else(|| bad("conversations.ended_by", e))?),
            },
            purged_at: r.opt_text(13)?,
            last_seq: r.i64(14)?,
        },
        username,
    ))
}

fn user_from_row(r: &mut Row) -> Result<User, StoreError> {
    let role = r.text(2)?;
    Ok(User {
        id: r.i64(0)?,
        name: r.text(1)?,
        role: Role::parse(&role).ok_or_else(|| bad("users.role", &role))?,
        password_hash: r.text(3)?,
    })
}

fn sender_code(s: Sender) -> &'static str {
    match s {
        Sender::Visitor => "visitor",
        Sender::Counsellor => "counsellor",
    }
}

fn is_unique_violation(e: &StoreError) -> bool {
    match e {
        StoreError::Sqlite(rusqlite::Error::SqliteFailure(f, _)) => {
            f.code == rusqlite::ErrorCode::ConstraintViolation
        }
        StoreError::Postgres { source, .. } => {
            source.code() == Some(&postgres::error::SqlState::UNIQUE_VIOLATION)
        }
        _ => false,
    }
}

fn strings(json: &str, column: &'static str) -> Result<Vec<String>, StoreError> {
    serde_json::from_str(json).map_err(|_| bad(column, json))
}

impl Conn {
    /// Opens the nickname of conversation rows.
    fn named(&self, rows: Vec<Row>) -> Result<Vec<ConversationInfo>, StoreError> {
        rows.into_iter()
            .map(|row| {
                let (mut info, raw) = conversation_from_row(row)?;
                info.username = self.unseal(info.id, &aad_username(info.id), raw)?;
                Ok(info)
            })
            .collect()
    }

    // ---- staff ----

    /// The failed logins of every account since its last successful one:
    /// (user id, failures, time of the last failure).
    pub fn login_throttle(&self) -> Result<Vec<(i64, u32, String)>, StoreError> {
        self.query(
            "SELECT user_id, failures, last_failure FROM login_throttle",
            &[],
        )?
        .into_iter()
        .map(|mut r| {
            Ok((
                r.i64(0)?,
                u32::try_from(r.i64(1)?).unwrap_or(u32::MAX),
                r.text(2)?,
            ))
        })
        .collect()
    }

    /// Records an account's failed logins (`failures` 0 forgets them).
    pub fn set_login_throttle(
        &self,
        user_id: i64,
        failures: u32,
        last_failure: &str,
    ) -> Result<(), StoreError> {
        if failures == 0 {
            self.exec("DELETE FROM login_throttle WHERE user_id = ?1", p![user_id])?;
        } else {
            self.exec(
                "INSERT INTO login_throttle (user_id, failures, last_failure) VALUES (?1, ?2, ?3)
                 ON CONFLICT (user_id) DO UPDATE SET failures = excluded.failures, last_failure = excluded.last_failure",
                p![user_id, failures, last_failure],
            )?;
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
        let exists = self
            .query_opt("SELECT id FROM users WHERE name = ?1", p![name])?
            .is_some();
        if exists {
            return Err(StoreError::UserExists(name.to_string()));
        }
        let result = self.query_opt(
            "INSERT INTO users (name, role, password_hash, created_at) VALUES (?1, ?2, ?3, ?4) RETURNING id",
            p![name, role.code(), password_hash, now],
        );
        match result {
            Ok(Some(r)) => r.i64(0),
            Ok(None) => Err(bad("users.id", "no id returned")),
            Err(e) if is_unique_violation(&e) => Err(StoreError::UserExists(name.to_string())),
            Err(e) => Err(e),
        }
    }

    /// Sets the password of account `name` (a PHC string, or
    /// [`crate::DISABLED_PASSWORD`] to disable it), ends all its sessions and
    /// forgets its failed logins. False when there is no such account.
    pub fn set_password(&self, name: &str, password_hash: &str) -> Result<bool, StoreError> {
        let Some(r) = self.query_opt("SELECT id FROM users WHERE name = ?1", p![name])? else {
            return Ok(false);
        };
        let id = r.i64(0)?;
        self.exec(
            "UPDATE users SET password_hash = ?2 WHERE id = ?1",
            p![id, password_hash],
        )?;
        self.exec("DELETE FROM sessions WHERE user_id = ?1", p![id])?;
        self.exec("DELETE FROM login_throttle WHERE user_id = ?1", p![id])?;
        Ok(true)
    }

    pub fn user_by_name(&self, name: &str) -> Result<Option<User>, StoreError> {
        self.query_opt(
            "SELECT id, name, role, password_hash FROM users WHERE name = ?1",
            p![name],
        )?
        .map(|mut r| user_from_row(&mut r))
        .transpose()
    }

    pub fn user(&self, id: i64) -> Result<Option<User>, StoreError> {
        self.query_opt(
            "SELECT id, name, role, password_hash FROM users WHERE id = ?1",
            p![id],
        )?
        .map(|mut r| user_from_row(&mut r))
        .transpose()
    }

    pub fn users(&self) -> Result<Vec<User>, StoreError> {
        self.query(
            "SELECT id, name, role, password_hash FROM users ORDER BY name",
            &[],
        )?
        .into_iter()
        .map(|mut r| user_from_row(&mut r))
        .collect()
    }

    /// Records one read of a transcript in the audit (no transcript text).
    pub fn record_read(&self, read: &TranscriptRead) -> Result<(), StoreError> {
        self.exec(
            "INSERT INTO transcript_reads (at, staff, conversation, purpose) VALUES (?1, ?2, ?3, ?4)",
            p![&read.at, &read.staff, &read.conversation, &read.purpose],
        )?;
        Ok(())
    }

    /// The newest `limit` transcript reads, newest first.
    pub fn transcript_reads(&self, limit: usize) -> Result<Vec<TranscriptRead>, StoreError> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        self.query(
            "SELECT at, staff, conversation, purpose FROM transcript_reads ORDER BY id DESC LIMIT ?1",
            p![limit],
        )?
        .into_iter()
        .map(|mut r| {
            Ok(TranscriptRead {
                at: r.text(0)?,
                staff: r.text(1)?,
                conversation: r.text(2)?,
                purpose: r.text(3)?,
            })
        })
        .collect()
    }

    pub fn create_session(
        &self,
        token_hash: &[u8],
        user_id: i64,
        csrf: &str,
        now: &str,
        expires_at: &str,
    ) -> Result<(), StoreError> {
        self.exec(
            "INSERT INTO sessions (token_hash, user_id, csrf, created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            p![token_hash, user_id, csrf, now, expires_at],
        )?;
        Ok(())
    }

    /// The session with this token hash, if it has not expired at `now`.
    pub fn session(&self, token_hash: &[u8], now: &str) -> Result<Option<Session>, StoreError> {
        let Some(mut r) = self.query_opt(
            "SELECT u.id, u.name, u.role, u.password_hash, s.csrf, s.expires_at
             FROM sessions s JOIN users u ON u.id = s.user_id
             WHERE s.token_hash = ?1 AND s.expires_at > ?2",
            p![token_hash, now],
        )?
        else {
            return Ok(None);
        };
        Ok(Some(Session {
            user: user_from_row(&mut r)?,
            csrf: r.text(4)?,
            expires_at: r.text(5)?,
        }))
    }

    pub fn delete_session(&self, token_hash: &[u8]) -> Result<(), StoreError> {
        self.exec("DELETE FROM sessions WHERE token_hash = ?1", p![token_hash])?;
        Ok(())
    }

    pub fn delete_expired_sessions(&self, now: &str) -> Result<usize, StoreError> {
        self.exec("DELETE FROM sessions WHERE expires_at <= ?1", p![now])
    }

    // ---- conversations ----

    /// Stores a new waiting conversation with a new data key (the nickname is
    /// sealed with it); returns its internal id.
    pub fn create_conversation(&self, new: &NewConversation) -> Result<i64, StoreError> {
        let id = self
            .query_opt(
                "INSERT INTO conversations (public_id, token_hash, channel, username, age, gender, lang, state, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'waiting', ?8) RETURNING id",
                p![
                    &new.public_id,
                    &new.token_hash,
                    &new.channel,
                    "",
                    new.age,
                    new.gender.map(Gender::code),
                    &new.lang,
                    &new.created_at
                ],
            )?
            .ok_or_else(|| bad("conversations.id", "no id returned"))?
            .i64(0)?;
        let name = self.seal(id, &aad_username(id), &new.username)?;
        self.exec(
            "UPDATE conversations SET username = ?2 WHERE id = ?1",
            &[Val::Int(id), name],
        )?;
        Ok(id)
    }

    fn conversation_where(
        &self,
        condition: &str,
        value: Val,
    ) -> Result<Option<ConversationInfo>, StoreError> {
        let rows = self.query(
            &format!("SELECT {CONVERSATION_COLUMNS} FROM conversations c WHERE {condition}"),
            &[value],
        )?;
        Ok(self.named(rows.into_iter().take(1).collect())?.pop())
    }

    /// The conversation a visitor token (its SHA-256) opens.
    pub fn conversation_by_token(
        &self,
        token_hash: &[u8],
    ) -> Result<Option<ConversationInfo>, StoreError> {
        self.conversation_where("c.token_hash = ?1", token_hash.into())
    }

    pub fn conversation(&self, public_id: &str) -> Result<Option<ConversationInfo>, StoreError> {
        self.conversation_where("c.public_id = ?1", public_id.into())
    }

    pub fn conversation_by_id(&self, id: i64) -> Result<Option<ConversationInfo>, StoreError> {
        self.conversation_where("c.id = ?1", id.into())
    }

    /// Conversations that are waiting or active, oldest first (the server loads them at start).
    pub fn open_conversations(&self) -> Result<Vec<ConversationInfo>, StoreError> {
        let rows = self.query(
            &format!(
                "SELECT {CONVERSATION_COLUMNS} FROM conversations c WHERE c.state IN ('waiting', 'active') ORDER BY c.created_at, c.id"
            ),
            &[],
        )?;
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
        let rows = self.query(
            &format!(
                "SELECT {CONVERSATION_COLUMNS} FROM conversations c
                 WHERE c.counsellor_id = ?1 AND c.state = 'ended' AND c.ended_at >= ?2
                   AND c.purged_at IS NULL
                   AND NOT EXISTS (SELECT 1 FROM registrations r WHERE r.conversation_id = c.id)
                 ORDER BY c.ended_at, c.id"
            ),
            p![counsellor_id, since],
        )?;
        self.named(rows)
    }

    /// Conversations of `counsellor_id` that ended at or after `since`, newest
    /// first, each with whether it has a registration: the console's "Gesloten
    /// gesprekken", where a counsellor checks or corrects a registration.
    pub fn ended_since(
        &self,
        counsellor_id: i64,
        since: &str,
    ) -> Result<Vec<(ConversationInfo, bool)>, StoreError> {
        let rows = self.query(
            &format!(
                "SELECT {CONVERSATION_COLUMNS} FROM conversations c
                 WHERE c.counsellor_id = ?1 AND c.state = 'ended' AND c.ended_at >= ?2
                   AND c.purged_at IS NULL
                 ORDER BY c.ended_at DESC, c.id DESC"
            ),
            p![counsellor_id, since],
        )?;
        self.named(rows)?
            .into_iter()
            .map(|info| {
                let registered = self
                    .query_opt(
                        "SELECT 1 FROM registrations WHERE conversation_id = ?1",
                        p![info.id],
                    )?
                    .is_some();
                Ok((info, registered))
            })
            .collect()
    }

    /// Conversations for reading (research side, export), oldest first.
    pub fn conversations(&self, filter: Filter) -> Result<Vec<ConversationInfo>, StoreError> {
        let (from, to) = match filter.year {
            Some(y) => (format!("{y:04}-01-01"), format!("{:04}-01-01", y + 1)),
            None => (String::new(), "~".to_string()),
        };
        let flagged = if filter.flagged_only {
            " AND EXISTS (SELECT 1 FROM registrations r WHERE r.conversation_id = c.id AND r.trafficking = 1)"
        } else {
            ""
        };
        let rows = self.query(
            &format!(
                "SELECT {CONVERSATION_COLUMNS} FROM conversations c
                 WHERE c.created_at >= ?1 AND c.created_at < ?2{flagged} ORDER BY c.created_at, c.id"
            ),
            p![from, to],
        )?;
        self.named(rows)
    }

    /// A counsellor takes a waiting conversation. False when it was not waiting.
    pub fn take(&self, conversation_id: i64, user_id: i64, now: &str) -> Result<bool, StoreError> {
        let n = self.exec(
            "UPDATE conversations SET state = 'active', counsellor_id = ?2, taken_at = ?3
             WHERE id = ?1 AND state = 'waiting'",
            p![conversation_id, user_id, now],
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
        let n = self.exec(
            "UPDATE conversations SET counsellor_id = ?2 WHERE id = ?1 AND state = 'active'",
            p![conversation_id, to],
        )?;
        if n == 1 {
            let event = self.event(conversation_id, now, "transferred", Some(by), Some(to))?;
            if !note.is_empty() {
                let sealed = self.seal(conversation_id, &aad_event_note(conversation_id), note)?;
                self.exec(
                    "UPDATE conversation_events SET note = ?2 WHERE id = ?1",
                    &[Val::Int(event), sealed],
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
        self.query(
            "SELECT at, user_id, to_user_id, note FROM conversation_events
             WHERE conversation_id = ?1 AND kind = 'transferred' AND note IS NOT NULL ORDER BY id",
            p![conversation_id],
        )?
        .into_iter()
        .map(|mut r| {
            let note = r.val(3);
            Ok(crate::TransferNote {
                at: r.text(0)?,
                from: r.opt_i64(1)?,
                to: r.opt_i64(2)?,
                note: self.unseal(conversation_id, &aad_event_note(conversation_id), note)?,
            })
        })
        .collect()
    }

    /// Every handover of a conversation, oldest first, with or without a note (the
    /// `transferred` events; they hold staff ids and times, never text).
    pub fn transfers(&self, conversation_id: i64) -> Result<Vec<crate::Transfer>, StoreError> {
        self.query(
            "SELECT at, user_id, to_user_id FROM conversation_events
             WHERE conversation_id = ?1 AND kind = 'transferred' ORDER BY id",
            p![conversation_id],
        )?
        .into_iter()
        .map(|mut r| {
            Ok(crate::Transfer {
                at: r.text(0)?,
                from: r.opt_i64(1)?,
                to: r.opt_i64(2)?,
            })
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
        let n = self.exec(
            "UPDATE conversations SET state = 'ended', ended_at = ?2, ended_by = ?3
             WHERE id = ?1 AND state <> 'ended'",
            p![conversation_id, now, by.code()],
        )?;
        if n == 1 {
            self.event(conversation_id, now, "ended", user_id, None)?;
        }
        Ok(n == 1)
    }

    /// Ends a conversation only while it is still waiting (a visitor who left
    /// the queue). False when it was taken or had ended meanwhile.
    pub fn end_waiting(&self, conversation_id: i64, now: &str) -> Result<bool, StoreError> {
        let n = self.exec(
            "UPDATE conversations SET state = 'ended', ended_at = ?2, ended_by = 'system'
             WHERE id = ?1 AND state = 'waiting'",
            p![conversation_id, now],
        )?;
        if n == 1 {
            self.event(conversation_id, now, "ended", None, None)?;
        }
        Ok(n == 1)
    }

    /// Records an event; returns its id.
    fn event(
        &self,
        conversation_id: i64,
        at: &str,
        kind: &str,
        user: Option<i64>,
        to: Option<i64>,
    ) -> Result<i64, StoreError> {
        self.query_opt(
            "INSERT INTO conversation_events (conversation_id, at, kind, user_id, to_user_id) VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id",
            p![conversation_id, at, kind, user, to],
        )?
        .ok_or_else(|| bad("conversation_events.id", "no id returned"))?
        .i64(0)
    }

    // ---- messages ----

    /// Appends a message with the next `seq`, or finds the copy stored earlier
    /// under the same sender and `client_id`. On PostgreSQL the conversation's
    /// row is locked first (until the commit), so two instances appending to
    /// one conversation get consecutive `seq`s and a re-sent message is found
    /// by the second.
    pub fn append_message(&self, m: &NewMessage) -> Result<Appended, StoreError> {
        self.append_message_announced(m, None, &[])
    }

    /// [`Conn::append_message`] that, on PostgreSQL, also sends the
    /// notification `announce` = (channel, payload of the new `seq`) in the
    /// statement that inserts the message (delivered at the commit; nothing
    /// for a repeat). Three round trips: the look-up (the conversation's row
    /// lock, a repeat by its client id and the next `seq` in one query), the
    /// insert with the notification, and the caller's savepoint around them.
    /// `takes` (PostgreSQL only): token buckets (key, per minute, burst) the
    /// message takes from in that same look-up, in order, each only when the
    /// one before gave a token; [`StoreError::RateLimited`] when one refuses
    /// (the caller's savepoint undoes the rest).
    pub fn append_message_announced(
        &self,
        m: &NewMessage,
        announce: Option<(&str, &dyn Fn(i64) -> String)>,
        takes: &[(String, u32, u32)],
    ) -> Result<Appended, StoreError> {
        if !takes.is_empty() && !self.is_postgres() {
            return Err(StoreError::PostgresOnly(
                "append_message_announced with takes",
            ));
        }
        let sender = sender_code(m.from);
        // On PostgreSQL the write transactions of all instances take turns
        // (`begin`'s advisory lock), so the next `seq` read here cannot be
        // taken by another transaction before this one commits; the row
        // lock guards the rest.
        let lock = if self.is_postgres() {
            " FOR UPDATE OF c"
        } else {
            ""
        };
        // The buckets: `zicht_take` of each, the next only when the one
        // before gave a token (0 when all did).
        let mut params = vec![
            Val::Int(m.conversation_id),
            sender.into(),
            (&m.client_id).into(),
        ];
        let mut take = String::from("0");
        for i in (0..takes.len()).rev() {
            let n = 4 + 3 * i;
            let call = format!("zicht_take(?{n}, ?{}, ?{})", n + 1, n + 2);
            take = if take == "0" {
                call
            } else {
                format!("CASE WHEN {call} = 0 THEN {take} ELSE -2 END")
            };
        }
        for (key, per_minute, burst) in takes {
            params.push(key.into());
            params.push(Val::Int(i64::from(*per_minute)));
            params.push(Val::Int(i64::from(*burst)));
        }
        let mut row = self
            .query_opt(
                &format!(
                    "SELECT c.purged_at IS NOT NULL,
                            (SELECT COALESCE(MAX(x.seq), 0) + 1 FROM messages x WHERE x.conversation_id = c.id),
                            e.seq, e.at, e.body, {take}
                     FROM conversations c
                     LEFT JOIN messages e ON e.conversation_id = c.id AND e.sender = ?2 AND e.client_id = ?3
                     WHERE c.id = ?1{lock}"
                ),
                &params,
            )?
            .ok_or_else(|| StoreError::NoConversation(m.conversation_id.to_string()))?;
        if row.i64(5)? != 0 {
            return Err(StoreError::RateLimited);
        }
        let purged = row.bool(0)?;
        if let Some(seq) = row.opt_i64(2)? {
            let at = row.text(3)?;
            let body = row.val(4);
            let text = self.unseal(m.conversation_id, &aad_body(m.conversation_id, seq), body)?;
            return Ok(Appended {
                seq,
                at,
                new: false,
                text,
            });
        }
        if purged {
            return Err(StoreError::Purged(m.conversation_id));
        }
        let seq = row.i64(1)?;
        let body = self.seal(
            m.conversation_id,
            &aad_body(m.conversation_id, seq),
            &m.text,
        )?;
        let mut values = vec![
            Val::Int(m.conversation_id),
            Val::Int(seq),
            sender.into(),
            m.counsellor_id.into(),
            (&m.client_id).into(),
            (&m.at).into(),
            body,
        ];
        match announce.filter(|_| self.is_postgres()) {
            Some((channel, payload)) => {
                values.push(channel.into());
                values.push(payload(seq).into());
                self.query(
                    "WITH ins AS (
                         INSERT INTO messages (conversation_id, seq, sender, counsellor_id, client_id, at, body)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING seq)
                     SELECT pg_notify(?8, ?9) FROM ins",
                    &values,
                )?;
            }
            None => {
                self.exec(
                    "INSERT INTO messages (conversation_id, seq, sender, counsellor_id, client_id, at, body)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                    &values,
                )?;
            }
        }
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
        self.query(
            "SELECT seq, sender, counsellor_id, client_id, at, body FROM messages
             WHERE conversation_id = ?1 AND seq > ?2 ORDER BY seq",
            p![conversation_id, after],
        )?
        .into_iter()
        .map(|mut r| {
            let seq = r.i64(0)?;
            let sender = r.text(1)?;
            let from = match sender.as_str() {
                "visitor" => Sender::Visitor,
                "counsellor" => Sender::Counsellor,
                _ => return Err(bad("messages.sender", &sender)),
            };
            let body = r.val(5);
            Ok(StoredMessage {
                seq,
                from,
                counsellor_id: r.opt_i64(2)?,
                client_id: r.text(3)?,
                at: r.text(4)?,
                text: self.unseal(conversation_id, &aad_body(conversation_id, seq), body)?,
            })
        })
        .collect()
    }

    // ---- registrations ----

    pub fn registration(&self, conversation_id: i64) -> Result<Option<Registration>, StoreError> {
        let Some(mut r) = self.query_opt(
            "SELECT trafficking, categories, referrals, referral_other, notes, first_time, victim_age, exploitation
             FROM registrations WHERE conversation_id = ?1",
            p![conversation_id],
        )?
        else {
            return Ok(None);
        };
        let referral_other = r.val(3);
        let notes = r.val(4);
        let age = self.unseal(conversation_id, &aad_victim_age(conversation_id), r.val(6))?;
        let victim_age = match age.as_str() {
            "" => None,
            a => Some(
                a.parse::<u32>()
                    .map_err(|_| bad("registrations.victim_age", a))?,
            ),
        };
        let exploitation = self.unseal(
            conversation_id,
            &aad_exploitation(conversation_id),
            r.val(7),
        )?;
        Ok(Some(Registration {
            trafficking: r.opt_bool(0)?,
            first_time: r.opt_bool(5)?,
            categories: strings(&r.text(1)?, "registrations.categories")?,
            referrals: strings(&r.text(2)?, "registrations.referrals")?,
            referral_other: self.unseal(
                conversation_id,
                &aad_referral_other(conversation_id),
                referral_other,
            )?,
            notes: self.unseal(conversation_id, &aad_notes(conversation_id), notes)?,
            victim_age,
            exploitation: (!exploitation.is_empty()).then_some(exploitation),
        }))
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
        let victim_age = self.seal(
            conversation_id,
            &aad_victim_age(conversation_id),
            &reg.victim_age.map(|a| a.to_string()).unwrap_or_default(),
        )?;
        let exploitation = self.seal(
            conversation_id,
            &aad_exploitation(conversation_id),
            reg.exploitation.as_deref().unwrap_or_default(),
        )?;
        self.exec(
            "INSERT INTO registrations (conversation_id, trafficking, categories, referrals, referral_other, notes, updated_by, updated_at, first_time, victim_age, exploitation)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
             ON CONFLICT (conversation_id) DO UPDATE SET trafficking = excluded.trafficking,
               first_time = excluded.first_time,
               categories = excluded.categories, referrals = excluded.referrals,
               referral_other = excluded.referral_other, notes = excluded.notes,
               updated_by = excluded.updated_by, updated_at = excluded.updated_at,
               victim_age = excluded.victim_age, exploitation = excluded.exploitation",
            &[
                Val::Int(conversation_id),
                reg.trafficking.into(),
                categories.into(),
                referrals.into(),
                referral_other,
                notes,
                Val::Int(user_id),
                now.into(),
                reg.first_time.into(),
                victim_age,
                exploitation,
            ],
        )?;
        Ok(())
    }

    /// The counsellor's decisions on the panel's suggestions for a conversation.
    pub fn suggestion_decisions(
        &self,
        conversation_id: i64,
    ) -> Result<Vec<crate::SuggestionDecision>, StoreError> {
        self.query(
            "SELECT field, value, decision, user_id, at FROM suggestion_decisions
             WHERE conversation_id = ?1 ORDER BY at, field",
            p![conversation_id],
        )?
        .into_iter()
        .map(|mut r| {
            Ok(crate::SuggestionDecision {
                field: r.text(0)?,
                value: r.text(1)?,
                decision: r.text(2)?,
                user_id: r.opt_i64(3)?,
                at: r.text(4)?,
            })
        })
        .collect()
    }

    /// Records (or changes) the decision on a suggestion: `accepted` or `rejected`, by `user_id` at `now`.
    pub fn decide_suggestion(
        &self,
        conversation_id: i64,
        field: &str,
        value: &str,
        accepted: bool,
        user_id: i64,
        now: &str,
    ) -> Result<(), StoreError> {
        let decision = if accepted { "accepted" } else { "rejected" };
        self.exec(
            "INSERT INTO suggestion_decisions (conversation_id, field, value, decision, user_id, at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (conversation_id, field, value) DO UPDATE SET decision = excluded.decision,
               user_id = excluded.user_id, at = excluded.at",
            p![conversation_id, field, value, decision, user_id, now],
        )?;
        Ok(())
    }

    /// Takes back the decision on a suggestion (the counsellor's "Ongedaan maken"): the
    /// suggestion is open again. Returns whether there was a decision.
    pub fn undo_suggestion(
        &self,
        conversation_id: i64,
        field: &str,
        value: &str,
    ) -> Result<bool, StoreError> {
        let n = self.exec(
            "DELETE FROM suggestion_decisions WHERE conversation_id = ?1 AND field = ?2 AND value = ?3",
            p![conversation_id, field, value],
        )?;
        Ok(n > 0)
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
            let own = self.autocommit();
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
                    trafficking: reg.trafficking,
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
    /// still holds anything is purged again. The SQLite connection deletes
    /// securely (zeros); run [`Conn::checkpoint_truncate`] after the commit so
    /// no old page stays in the WAL.
    pub fn purge_before(&self, cutoff: &str, now: &str) -> Result<Purged, StoreError> {
        let ids: Vec<i64> = self
            .query(
                "SELECT id FROM conversations c WHERE (purged_at IS NULL AND COALESCE(ended_at,
                       (SELECT MAX(m.at) FROM messages m WHERE m.conversation_id = c.id), created_at) < ?1)
                   OR (purged_at IS NOT NULL AND (EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id)
                       OR EXISTS (SELECT 1 FROM conversation_keys k WHERE k.conversation_id = c.id)))",
                p![cutoff],
            )?
            .into_iter()
            .map(|r| r.i64(0))
            .collect::<Result<_, _>>()?;
        let mut purged = Purged::default();
        for id in ids {
            purged.messages +=
                self.exec("DELETE FROM messages WHERE conversation_id = ?1", p![id])?;
            self.exec(
                "UPDATE conversations SET username = ?3, token_hash = ?4, purged_at = COALESCE(purged_at, ?2),
                   state = 'ended', ended_at = COALESCE(ended_at, ?2), ended_by = COALESCE(ended_by, 'system')
                 WHERE id = ?1",
                p![id, now, "", random32()?],
            )?;
            self.exec(
                "UPDATE registrations SET notes = ?2, referral_other = ?2, victim_age = ?2, exploitation = ?2
                 WHERE conversation_id = ?1",
                p![id, ""],
            )?;
            self.exec(
                "UPDATE conversation_events SET note = NULL WHERE conversation_id = ?1",
                p![id],
            )?;
            self.exec(
                "DELETE FROM conversation_keys WHERE conversation_id = ?1",
                p![id],
            )?;
            self.keys.borrow_mut().remove(&id);
            self.event(id, now, "purged", None, None)?;
            purged.conversations += 1;
            purged.ids.push(id);
        }
        Ok(purged)
    }

    // ---- schema ----

    /// Applies the migrations that have not run yet, each in its own transaction.
    pub fn migrate(&self) -> Result<(), StoreError> {
        match &self.db {
            Db::Sqlite(c) => crate::migrate::sqlite(c),
            Db::Postgres(pg) => crate::migrate::postgres(pg),
        }
    }
}
