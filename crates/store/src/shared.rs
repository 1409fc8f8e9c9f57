//! What several PostgreSQL instances share besides the chat: rate-limit buckets, used challenges, a secret, heartbeats, open consoles and warm-transfer offers.
//!
//! Every method here is for PostgreSQL (migration `0007_shared`); on SQLite
//! one process holds all of this in memory, and the methods answer
//! [`StoreError::PostgresOnly`]. The buckets and used challenges live in
//! UNLOGGED tables: a take is one statement without an fsync, and after a
//! crash of the database they start full. Nothing is keyed by anything of a
//! visitor but the conversation's id.

use std::time::Duration;

use zicht_vault::Wrapped;

use crate::sql::{Val, p};
use crate::{Conn, StoreError};

/// What [`Conn::admit_challenge`] decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Admission {
    /// The challenge was new and a token was taken: it is spent now.
    Admitted,
    /// The challenge was used before.
    Used,
    /// No token: try again after this long (the challenge is not spent).
    Wait(Duration),
}

/// A warm transfer offered and not yet answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredOffer {
    pub conversation_id: i64,
    /// The counsellor who offers it.
    pub from: i64,
    /// The colleague it is offered to.
    pub to: i64,
    pub note: String,
}

fn aad_offer_note(id: i64) -> String {
    format!("transfer_offers.note|{id}")
}

/// A wait in milliseconds as the functions return it: 0 is "taken".
fn wait(ms: i64) -> Option<Duration> {
    (ms > 0).then(|| Duration::from_millis(u64::try_from(ms).unwrap_or(0)))
}

fn secs(d: Duration) -> i64 {
    i64::try_from(d.as_secs()).unwrap_or(i64::MAX).max(1)
}

impl Conn {
    fn postgres_only(&self, what: &'static str) -> Result<(), StoreError> {
        if self.is_postgres() {
            Ok(())
        } else {
            Err(StoreError::PostgresOnly(what))
        }
    }

    /// Takes a token from the bucket `key` (`per_minute` on average, bursts
    /// of `burst`): `None` when taken, else how long until one is there.
    pub fn take_token(
        &self,
        key: &str,
        per_minute: u32,
        burst: u32,
    ) -> Result<Option<Duration>, StoreError> {
        self.postgres_only("take_token")?;
        let row = self.query_opt(
            "SELECT zicht_take(?1, ?2, ?3)",
            p![key, i64::from(per_minute), i64::from(burst)],
        )?;
        Ok(wait(row.map_or(Ok(0), |r| r.i64(0))?))
    }

    /// Takes a token from `first` and, only when that was taken, from
    /// `then` (each `(key, per_minute, burst)`), in one round trip: `None`
    /// when both were taken, else the wait of the one that refused.
    pub fn take_tokens(
        &self,
        first: (&str, u32, u32),
        then: (&str, u32, u32),
    ) -> Result<Option<Duration>, StoreError> {
        self.postgres_only("take_tokens")?;
        let row = self.query_opt(
            "SELECT CASE WHEN zicht_take(?1, ?2, ?3) = 0 THEN zicht_take(?4, ?5, ?6) ELSE -2 END",
            p![
                first.0,
                i64::from(first.1),
                i64::from(first.2),
                then.0,
                i64::from(then.1),
                i64::from(then.2)
            ],
        )?;
        let got = row.map_or(Ok(0), |r| r.i64(0))?;
        if got == -2 {
            // The first refused: ask how long it waits (rare, not the hot path).
            let level = self.bucket_level(first.0, first.1, first.2)?;
            let missing = (1.0 - level * f64::from(first.2.max(1))).max(0.0);
            return Ok(Some(Duration::from_secs_f64(
                missing * 60.0 / f64::from(first.1.max(1)),
            )));
        }
        Ok(wait(got))
    }

    /// Gives a token back to the bucket `key` (an attempt that did not count).
    pub fn give_back_token(&self, key: &str, burst: u32) -> Result<(), StoreError> {
        self.postgres_only("give_back_token")?;
        self.exec(
            "UPDATE rate_buckets SET tokens = LEAST(CAST(?2 AS BIGINT), tokens + 1) WHERE key = ?1",
            p![key, i64::from(burst.max(1))],
        )?;
        Ok(())
    }

    /// How full the bucket `key` is now, 0 to 1 (a bucket never used is full).
    pub fn bucket_level(&self, key: &str, per_minute: u32, burst: u32) -> Result<f64, StoreError> {
        self.postgres_only("bucket_level")?;
        let row = self.query_opt(
            "SELECT CAST(1000 * LEAST(CAST(?2 AS BIGINT), tokens
                 + GREATEST(0, EXTRACT(EPOCH FROM clock_timestamp() - at)) * CAST(?3 AS BIGINT) / 60.0)
                 / CAST(?2 AS BIGINT) AS BIGINT)
             FROM rate_buckets WHERE key = ?1",
            p![key, i64::from(burst.max(1)), i64::from(per_minute)],
        )?;
        Ok(row.map_or(Ok(1000), |r| r.i64(0))? as f64 / 1000.0)
    }

    /// Spends an intake challenge (its random `nonce`, valid until the Unix
    /// time `expires`) and takes a token from the bucket `key`, atomically:
    /// two instances given the same solution admit it once.
    pub fn admit_challenge(
        &self,
        nonce: &[u8],
        expires: i64,
        (key, per_minute, burst): (&str, u32, u32),
    ) -> Result<Admission, StoreError> {
        self.postgres_only("admit_challenge")?;
        let row = self.query_opt(
            "SELECT zicht_admit(?1, ?2, ?3, ?4, ?5)",
            p![nonce, expires, key, i64::from(per_minute), i64::from(burst)],
        )?;
        Ok(match row.map_or(Ok(0), |r| r.i64(0))? {
            -1 => Admission::Used,
            ms => wait(ms).map_or(Admission::Admitted, Admission::Wait),
        })
    }

    /// Challenges used and not yet expired.
    pub fn spent_challenges(&self) -> Result<usize, StoreError> {
        self.postgres_only("spent_challenges")?;
        let row = self.query_opt(
            "SELECT COUNT(*) FROM spent_challenges WHERE expires_at >= clock_timestamp()",
            &[],
        )?;
        Ok(usize::try_from(row.map_or(Ok(0), |r| r.i64(0))?).unwrap_or(0))
    }

    /// Removes the buckets that are full again (they mean the same as no
    /// row) and expired challenges; returns how many rows went.
    pub fn forget_idle_buckets(&self) -> Result<usize, StoreError> {
        self.postgres_only("forget_idle_buckets")?;
        let buckets = self.exec(
            "DELETE FROM rate_buckets
             WHERE at + (burst * 60.0 / GREATEST(per_minute, 1)) * INTERVAL '1 second' < clock_timestamp()",
            &[],
        )?;
        let spent = self.exec(
            "DELETE FROM spent_challenges WHERE expires_at < clock_timestamp()",
            &[],
        )?;
        Ok(buckets + spent)
    }

    /// The 32-byte secret `name` every instance shares (made at first use):
    /// random, stored sealed by a data key that the master key wraps. One
    /// that the master key no longer opens (after a rotation dropped the old
    /// key) is replaced.
    pub fn shared_secret(&self, name: &str) -> Result<[u8; 32], StoreError> {
        self.postgres_only("shared_secret")?;
        let owner = format!("secret {name}");
        let aad = format!("shared_secrets.sealed|{name}");
        let read = || -> Result<Option<[u8; 32]>, StoreError> {
            let Some(mut r) = self.query_opt(
                "SELECT master_id, wrapped, sealed FROM shared_secrets WHERE name = ?1",
                p![name],
            )?
            else {
                return Ok(None);
            };
            let wrapped = Wrapped {
                master_id: r.text(0)?,
                blob: r.blob(1)?,
            };
            let sealed = r.blob(2)?;
            let opened = self
                .vault
                .unwrap(&wrapped, &owner)
                .and_then(|dk| dk.open(&sealed, &aad));
            Ok(opened
                .ok()
                .and_then(|plain| <[u8; 32]>::try_from(&plain[..]).ok()))
        };
        if let Some(secret) = read()? {
            return Ok(secret);
        }
        let secret: [u8; 32] = {
            use rand::TryRngCore;
            let mut b = [0u8; 32];
            rand::rngs::OsRng
                .try_fill_bytes(&mut b)
                .map_err(|_| StoreError::Random)?;
            b
        };
        let (dk, wrapped) = self.vault.new_data_key(&owner)?;
        let sealed = dk.seal(&secret, &aad)?;
        // Instances starting together: the first one's secret stays, unless
        // the stored one cannot be opened any more.
        self.exec(
            "INSERT INTO shared_secrets (name, master_id, wrapped, sealed) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (name) DO NOTHING",
            p![
                name,
                wrapped.master_id.as_str(),
                wrapped.blob.as_slice(),
                sealed.as_slice()
            ],
        )?;
        if let Some(secret) = read()? {
            return Ok(secret);
        }
        self.exec(
            "UPDATE shared_secrets SET master_id = ?2, wrapped = ?3, sealed = ?4 WHERE name = ?1",
            p![
                name,
                wrapped.master_id.as_str(),
                wrapped.blob.as_slice(),
                sealed.as_slice()
            ],
        )?;
        Ok(secret)
    }

    /// This instance's heartbeat: records that `instance` is alive now (by
    /// the database's clock) and returns the instances whose last beat is
    /// younger than `stale` (this one included). An instance stale for a
    /// day is forgotten, with its consoles.
    pub fn beat(&self, instance: &str, stale: Duration) -> Result<Vec<String>, StoreError> {
        self.postgres_only("beat")?;
        self.exec(
            "DELETE FROM instances WHERE beat_at < clock_timestamp() - INTERVAL '1 day'",
            &[],
        )?;
        let rows = self.query(
            "WITH me AS (
                 INSERT INTO instances (id, beat_at) VALUES (?1, clock_timestamp())
                 ON CONFLICT (id) DO UPDATE SET beat_at = excluded.beat_at RETURNING id)
             SELECT id FROM me
             UNION SELECT id FROM instances
             WHERE id <> ?1 AND beat_at >= clock_timestamp() - CAST(?2 AS BIGINT) * INTERVAL '1 second'",
            p![instance, secs(stale)],
        )?;
        rows.into_iter().map(|mut r| r.text(0)).collect()
    }

    /// Records that `user` has a console open on `instance` (`open`), or
    /// no longer.
    pub fn set_console(&self, instance: &str, user: i64, open: bool) -> Result<(), StoreError> {
        self.postgres_only("set_console")?;
        if open {
            self.exec(
                "INSERT INTO staff_consoles (instance, user_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
                p![instance, user],
            )?;
        } else {
            self.exec(
                "DELETE FROM staff_consoles WHERE instance = ?1 AND user_id = ?2",
                p![instance, user],
            )?;
        }
        Ok(())
    }

    /// The staff with a console open on an instance whose heartbeat is
    /// younger than `stale`.
    pub fn consoles_open(&self, stale: Duration) -> Result<Vec<i64>, StoreError> {
        self.postgres_only("consoles_open")?;
        self.query(
            "SELECT DISTINCT s.user_id FROM staff_consoles s JOIN instances i ON i.id = s.instance
             WHERE i.beat_at >= clock_timestamp() - CAST(?1 AS BIGINT) * INTERVAL '1 second' ORDER BY s.user_id",
            p![secs(stale)],
        )?
        .into_iter()
        .map(|r| r.i64(0))
        .collect()
    }

    /// Offers an active conversation to a colleague (replacing an earlier
    /// offer of it); the note is sealed. False when it is not active or not
    /// `from`'s.
    pub fn put_offer(&self, offer: &StoredOffer) -> Result<bool, StoreError> {
        self.postgres_only("put_offer")?;
        let id = offer.conversation_id;
        let active = self
            .query_opt(
                &format!(
                    "SELECT 1 FROM conversations WHERE id = ?1 AND state = 'active' AND counsellor_id = ?2{}",
                    self.for_update()
                ),
                p![id, offer.from],
            )?
            .is_some();
        if !active {
            return Ok(false);
        }
        let note = self.seal(id, &aad_offer_note(id), &offer.note)?;
        self.exec(
            "INSERT INTO transfer_offers (conversation_id, from_user, to_user, note, offered_at)
             VALUES (?1, ?2, ?3, ?4, clock_timestamp())
             ON CONFLICT (conversation_id) DO UPDATE SET from_user = excluded.from_user,
                 to_user = excluded.to_user, note = excluded.note, offered_at = excluded.offered_at",
            &[Val::Int(id), Val::Int(offer.from), Val::Int(offer.to), note],
        )?;
        Ok(true)
    }

    /// The open offer of a conversation, if any.
    pub fn offer(&self, conversation_id: i64) -> Result<Option<StoredOffer>, StoreError> {
        self.postgres_only("offer")?;
        let row = self.query_opt(
            "SELECT from_user, to_user, note FROM transfer_offers WHERE conversation_id = ?1",
            p![conversation_id],
        )?;
        row.map(|mut r| self.offer_of(conversation_id, &mut r))
            .transpose()
    }

    fn offer_of(&self, id: i64, r: &mut crate::sql::Row) -> Result<StoredOffer, StoreError> {
        let note = match r.val(2) {
            Val::Null => String::new(),
            v => self.unseal(id, &aad_offer_note(id), v)?,
        };
        Ok(StoredOffer {
            conversation_id: id,
            from: r.i64(0)?,
            to: r.i64(1)?,
            note,
        })
    }

    /// Removes the offer of a conversation to `to` (accepted or declined)
    /// and returns it; `None` when there was none (another answer came first).
    pub fn take_offer(
        &self,
        conversation_id: i64,
        to: i64,
    ) -> Result<Option<StoredOffer>, StoreError> {
        self.postgres_only("take_offer")?;
        let row = self.query_opt(
            "DELETE FROM transfer_offers WHERE conversation_id = ?1 AND to_user = ?2
             RETURNING from_user, to_user, note",
            p![conversation_id, to],
        )?;
        row.map(|mut r| self.offer_of(conversation_id, &mut r))
            .transpose()
    }

    /// Removes the offer of a conversation whatever it was (the conversation
    /// moved or ended); returns whether there was one.
    pub fn drop_offer(&self, conversation_id: i64) -> Result<bool, StoreError> {
        self.postgres_only("drop_offer")?;
        Ok(self.exec(
            "DELETE FROM transfer_offers WHERE conversation_id = ?1",
            p![conversation_id],
        )? > 0)
    }
}
