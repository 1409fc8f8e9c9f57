//! The chat's rate limits behind one interface: in memory with one SQLite process, in the database when instances share PostgreSQL.
//!
//! A client that spreads its requests over several instances must get no
//! more than from one: on PostgreSQL every token bucket (messages per
//! conversation and side, messages in waiting conversations, new
//! conversations, failed logins) is a row that every instance takes from
//! (`zicht_take`, the refill computed by the database from the stored
//! time): a message in the look-up of its own write (no extra round trip),
//! after this instance's own buckets let it through (so a flood is stopped
//! before the shared writer); the others with one statement. A used
//! challenge is spent in the database, so a solution admitted by one
//! instance is refused by another.
//! On SQLite nothing of this costs a write: the same limits stay in the
//! hub, the intake guard and the login guard, as before. Nothing is keyed
//! by anything of the visitor but the conversation's id.

use std::time::Duration;

use crate::App;
use crate::hub::Side;
use crate::intake::{Refused, Solution};

/// A token bucket a message takes from: key, per minute, burst.
pub type Take = (String, u32, u32);

/// The bucket of new conversations (all instances together).
const NEW_CONVERSATIONS: &str = "new";
/// The bucket of visitor messages in waiting conversations.
const WAITING_MESSAGES: &str = "waiting";
/// The bucket of failed logins over all names.
const FAILED_LOGINS: &str = "logins";

fn shared(app: &App) -> bool {
    app.db.store().is_postgres()
}

/// The per-conversation bucket of one side: its key, rate and burst (as
/// the hub's: bursts of 10, or a sixth of a minute's rate when more).
fn message_bucket(app: &App, id: i64, side: Side) -> (String, u32, u32) {
    let (tag, per_minute) = match side {
        Side::Visitor => ("v", app.config.limits.messages_per_minute),
        Side::Staff => ("s", app.config.limits.messages_per_minute * 4),
    };
    (
        format!("m:{id}:{tag}"),
        per_minute,
        (per_minute / 6).max(10),
    )
}

/// May `side` of conversation `id` send a message now? A visitor's message
/// while the conversation waits also takes from the waiting bucket. `None`:
/// refused by this instance's own buckets (the hub's and the intake's, as
/// on one server; a flood stops here before it costs the writer anything).
/// On PostgreSQL `Some` holds the buckets of all instances the message then
/// takes from in its own write ([`zicht_store::Conn::append_message_announced`],
/// no extra round trip; [`zicht_store::StoreError::RateLimited`] when one
/// refuses); on SQLite it is empty.
pub fn message(app: &App, id: i64, side: Side, waiting: bool) -> Option<Vec<Take>> {
    let visitor_waiting = waiting && side == Side::Visitor;
    let (key, per_minute, burst) = message_bucket(app, id, side);
    if !app.hub.allow(id, side, per_minute) || (visitor_waiting && !app.intake.waiting_message()) {
        return None;
    }
    if !shared(app) {
        return Some(Vec::new());
    }
    let mut takes = vec![(key, per_minute, burst)];
    if visitor_waiting {
        let rate = app.config.limits.waiting_messages_per_minute;
        takes.push((WAITING_MESSAGES.to_string(), rate, rate.div_ceil(6)));
    }
    Some(takes)
}

/// A fresh intake challenge and its difficulty (None when no work is asked).
pub async fn challenge(app: &App) -> Option<(String, u32)> {
    if !shared(app) {
        return app.intake.challenge();
    }
    if app.intake.base_bits() == 0 {
        return None;
    }
    let per_minute = app.config.limits.new_conversations_per_minute;
    let level = app
        .db
        .read(move |c| c.bucket_level(NEW_CONVERSATIONS, per_minute, per_minute.div_ceil(6)))
        .await
        .unwrap_or_else(|e| {
            crate::log(&format!("rate limit not read: {e}"));
            0.0
        });
    Some(app.intake.issue(level))
}

/// Checks an intake's solved challenge and takes a token of new conversations.
pub async fn admit(app: &App, solution: Option<&Solution>) -> Result<(), Refused> {
    if !shared(app) {
        return app.intake.admit(solution);
    }
    let spent = if app.intake.base_bits() > 0 {
        let s = solution.ok_or(Refused::Challenge("challenge_required"))?;
        Some(app.intake.check(s)?)
    } else {
        None
    };
    let per_minute = app.config.limits.new_conversations_per_minute;
    let bucket = (per_minute, per_minute.div_ceil(6));
    let result = app
        .db
        .read(move |c| match spent {
            Some((nonce, expires)) => {
                c.admit_challenge(&nonce, expires, (NEW_CONVERSATIONS, bucket.0, bucket.1))
            }
            None => Ok(c.take_token(NEW_CONVERSATIONS, bucket.0, bucket.1)?.map_or(
                zicht_store::Admission::Admitted,
                zicht_store::Admission::Wait,
            )),
        })
        .await;
    match result {
        Ok(zicht_store::Admission::Admitted) => Ok(()),
        Ok(zicht_store::Admission::Used) => Err(Refused::Challenge("challenge_used")),
        Ok(zicht_store::Admission::Wait(wait)) => Err(Refused::Busy(wait)),
        Err(e) => {
            crate::log(&format!("intake limit not read: {e}"));
            Err(Refused::Busy(Duration::from_secs(1)))
        }
    }
}

/// Challenges used and not yet expired (on PostgreSQL: of all instances).
pub async fn spent(app: &App) -> usize {
    if !shared(app) {
        return app.intake.spent_len();
    }
    app.db
        .read(|c| c.spent_challenges())
        .await
        .unwrap_or_default()
}

/// A login attempt takes a token of the failed-login bucket of all
/// instances before the login guard counts it (on SQLite the guard's own
/// bucket does this): `Err(wait)` when it is empty.
pub async fn login_attempt(app: &App) -> Result<(), Duration> {
    if !shared(app) {
        return Ok(());
    }
    let per_minute = app.config.limits.failed_logins_per_minute;
    let result = app
        .db
        .read(move |c| c.take_token(FAILED_LOGINS, per_minute, per_minute.div_ceil(4)))
        .await;
    match result {
        Ok(None) => Ok(()),
        Ok(Some(wait)) => Err(wait.max(Duration::from_secs(1))),
        Err(e) => {
            crate::log(&format!("login limit not read: {e}"));
            Err(Duration::from_secs(1))
        }
    }
}

/// A login attempt that did not fail (right password, or not checked):
/// its token goes back to the bucket of all instances.
pub async fn login_not_failed(app: &App) {
    if !shared(app) {
        return;
    }
    let burst = app.config.limits.failed_logins_per_minute.div_ceil(4);
    if let Err(e) = app
        .db
        .read(move |c| c.give_back_token(FAILED_LOGINS, burst))
        .await
    {
        crate::log(&format!("login limit not written: {e}"));
    }
}

/// Forgets buckets that are full again and expired challenges (hourly).
pub async fn tidy(app: &App) {
    if shared(app)
        && let Err(e) = app.db.read(|c| c.forget_idle_buckets()).await
    {
        crate::log(&format!("rate limits not tidied: {e}"));
    }
}
