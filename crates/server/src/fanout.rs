//! Fan-out between instances that share one PostgreSQL store: events sent with NOTIFY at the commit, applied by a listener.
//!
//! Each instance keeps only its own sockets in its [`crate::hub::Hub`], and
//! a mirror of every open conversation (the queue). A write job that changes
//! a conversation adds an [`Event`] to its transaction ([`notify`]), so
//! PostgreSQL delivers it to every listening instance at the commit, and
//! never for a rolled-back job. The payload is a wake-up of a few dozen
//! bytes (the conversation's id and a `seq`, never text): the listener of
//! each other instance reads what it needs from the store (a message by its
//! `seq`, a new conversation) and applies it to its hub, in the order the
//! events were committed. After a (re)connect of the listener the hub is
//! brought level with the store's open conversations, so an event missed
//! while the connection was down leaves nothing behind. On SQLite nothing of
//! this runs: one process holds every socket.

use std::sync::OnceLock;
use std::time::Duration;

use zicht_store::{Conn, EndedBy, Reader, StoreError};

use crate::App;

/// The PostgreSQL channel of the events.
pub const CHANNEL: &str = "zicht_events";

/// What changed, as another instance must know it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// A new waiting conversation.
    Opened { conv: i64 },
    /// A message was stored with this `seq`.
    Message { conv: i64, seq: i64 },
    /// A counsellor took a waiting conversation.
    Taken { conv: i64, user: i64 },
    /// An active conversation moved from one counsellor to another.
    Transferred { conv: i64, from: i64, to: i64 },
    /// A conversation ended.
    Ended { conv: i64, by: EndedBy },
    /// The visitor's connection opened (`true`) or closed on the sender.
    Visitor { conv: i64, online: bool },
    /// A warm transfer was offered to `to` (the offer and its sealed note
    /// are in the store).
    Offered { conv: i64, from: i64, to: i64 },
    /// The colleague `to` declined the offer.
    Declined { conv: i64, to: i64 },
    /// One side is typing (`staff`: the counsellor).
    Typing { conv: i64, staff: bool },
    /// An admin started (`true`) or stopped reading along.
    Watching { conv: i64, user: i64, on: bool },
    /// The counsellor chose how the visitor's page addresses the visitor
    /// (`true`: "u"); an event without a row, as typing.
    Address { conv: i64, formal: bool },
}

/// This process's random id (events it sent itself are not applied twice).
pub fn instance() -> &'static str {
    static ID: OnceLock<String> = OnceLock::new();
    ID.get_or_init(|| {
        let bytes: [u8; 8] = rand::random();
        crate::hex(&bytes)
    })
}

impl Event {
    /// `INSTANCE KIND CONV [A [B]]`, under 100 bytes.
    pub fn encode(&self, instance: &str) -> String {
        match self {
            Event::Opened { conv } => format!("{instance} o {conv}"),
            Event::Message { conv, seq } => format!("{instance} m {conv} {seq}"),
            Event::Taken { conv, user } => format!("{instance} t {conv} {user}"),
            Event::Transferred { conv, from, to } => format!("{instance} x {conv} {from} {to}"),
            Event::Ended { conv, by } => format!("{instance} e {conv} {}", by.code()),
            Event::Visitor { conv, online } => {
                format!("{instance} v {conv} {}", u8::from(*online))
            }
            Event::Offered { conv, from, to } => format!("{instance} w {conv} {from} {to}"),
            Event::Declined { conv, to } => format!("{instance} d {conv} {to}"),
            Event::Typing { conv, staff } => format!("{instance} y {conv} {}", u8::from(*staff)),
            Event::Watching { conv, user, on } => {
                format!("{instance} r {conv} {user} {}", u8::from(*on))
            }
            Event::Address { conv, formal } => {
                format!("{instance} a {conv} {}", u8::from(*formal))
            }
        }
    }

    /// The sender's instance and the event; `None` for anything else.
    pub fn decode(payload: &str) -> Option<(&str, Event)> {
        let mut parts = payload.split(' ');
        let instance = parts.next()?;
        let kind = parts.next()?;
        let conv: i64 = parts.next()?.parse().ok()?;
        let mut num = || -> Option<i64> { parts.next()?.parse().ok() };
        let event = match kind {
            "o" => Event::Opened { conv },
            "m" => Event::Message { conv, seq: num()? },
            "t" => Event::Taken { conv, user: num()? },
            "x" => Event::Transferred {
                conv,
                from: num()?,
                to: num()?,
            },
            "e" => Event::Ended {
                conv,
                by: EndedBy::parse(payload.rsplit(' ').next()?)?,
            },
            "v" => Event::Visitor {
                conv,
                online: num()? == 1,
            },
            "w" => Event::Offered {
                conv,
                from: num()?,
                to: num()?,
            },
            "d" => Event::Declined { conv, to: num()? },
            "y" => Event::Typing {
                conv,
                staff: num()? == 1,
            },
            "r" => Event::Watching {
                conv,
                user: num()?,
                on: num()? == 1,
            },
            "a" => Event::Address {
                conv,
                formal: num()? == 1,
            },
            _ => return None,
        };
        Some((instance, event))
    }
}

/// Adds `event` to the connection's transaction (sent at the commit). Nothing on SQLite.
pub fn notify(c: &Conn, event: &Event) -> Result<(), StoreError> {
    if c.is_postgres() {
        c.notify(CHANNEL, &event.encode(instance()))?;
    }
    Ok(())
}

// ---- the store's changes of a conversation, each with its event ----

/// [`Conn::create_conversation`], announced.
pub fn create(c: &Conn, new: &zicht_store::NewConversation) -> Result<i64, StoreError> {
    let id = c.create_conversation(new)?;
    notify(c, &Event::Opened { conv: id })?;
    Ok(id)
}

/// [`Conn::append_message`], announced when it is new (on PostgreSQL by
/// the statement that inserts it: one round trip less per message).
/// `takes`: the buckets of all instances it takes from (see `buckets::message`).
pub fn append(
    c: &Conn,
    m: &zicht_store::NewMessage,
    takes: &[crate::buckets::Take],
) -> Result<zicht_store::Appended, StoreError> {
    let conv = m.conversation_id;
    let payload = |seq| Event::Message { conv, seq }.encode(instance());
    c.append_message_announced(m, Some((CHANNEL, &payload)), takes)
}

/// [`Conn::take`], announced when it took.
pub fn take(c: &Conn, conv: i64, user: i64, now: &str) -> Result<bool, StoreError> {
    let took = c.take(conv, user, now)?;
    if took {
        notify(c, &Event::Taken { conv, user })?;
    }
    Ok(took)
}

/// [`Conn::transfer_with_note`], announced when it moved.
pub fn transfer(
    c: &Conn,
    conv: i64,
    (from, to): (i64, i64),
    note: &str,
    now: &str,
) -> Result<bool, StoreError> {
    let moved = c.transfer_with_note(conv, from, to, note, now)?;
    if moved {
        if c.is_postgres() {
            c.drop_offer(conv)?;
        }
        notify(c, &Event::Transferred { conv, from, to })?;
    }
    Ok(moved)
}

/// [`Conn::put_offer`], announced when it was made (PostgreSQL only: one
/// SQLite process keeps its offers in the hub).
pub fn offer(c: &Conn, offer: &zicht_store::StoredOffer) -> Result<bool, StoreError> {
    let made = c.put_offer(offer)?;
    if made {
        notify(
            c,
            &Event::Offered {
                conv: offer.conversation_id,
                from: offer.from,
                to: offer.to,
            },
        )?;
    }
    Ok(made)
}

/// The colleague `to` answers the warm transfer of `conv` (PostgreSQL
/// only): the offer is taken from the store, and an accepted one moves the
/// conversation in the same transaction. `None` when there was no offer to
/// `to` (another answer came first) or the conversation is no longer active.
pub fn answer_offer(
    c: &Conn,
    conv: i64,
    to: i64,
    accept: bool,
    now: &str,
) -> Result<Option<zicht_store::StoredOffer>, StoreError> {
    let Some(offer) = c.take_offer(conv, to)? else {
        return Ok(None);
    };
    if accept {
        if !transfer(c, conv, (offer.from, to), &offer.note, now)? {
            return Ok(None);
        }
    } else {
        notify(c, &Event::Declined { conv, to })?;
    }
    Ok(Some(offer))
}

/// [`Conn::end`], announced when it ended.
pub fn end(
    c: &Conn,
    conv: i64,
    by: EndedBy,
    user: Option<i64>,
    now: &str,
) -> Result<bool, StoreError> {
    let ended = c.end(conv, by, user, now)?;
    if ended {
        if c.is_postgres() {
            c.drop_offer(conv)?;
        }
        notify(c, &Event::Ended { conv, by })?;
    }
    Ok(ended)
}

/// [`Conn::end_waiting`], announced when it ended.
pub fn end_waiting(c: &Conn, conv: i64, now: &str) -> Result<bool, StoreError> {
    let ended = c.end_waiting(conv, now)?;
    if ended {
        notify(
            c,
            &Event::Ended {
                conv,
                by: EndedBy::System,
            },
        )?;
    }
    Ok(ended)
}

/// Sends an event at once, outside a transaction (the visitor's presence).
pub fn notify_now(app: &App, event: Event) {
    if !app.db.store().is_postgres() {
        return;
    }
    let app = app.clone();
    tokio::spawn(async move {
        if let Err(e) = app.db.read(move |c| notify(c, &event)).await {
            crate::log(&format!("fan-out: {e}"));
        }
    });
}

/// Starts the listener thread (PostgreSQL only) and the task that applies
/// its events in order. Call inside the runtime.
pub fn start(app: &App) {
    if !app.db.store().is_postgres() {
        return;
    }
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<Option<(String, Event)>>();
    let store = app.db.store().clone();
    let spawned = std::thread::Builder::new()
        .name("zicht-listen".into())
        .spawn(move || listen(&store, &tx));
    if let Err(e) = spawned {
        crate::log(&format!("fan-out: cannot start the listener: {e}"));
        return;
    }
    let app = app.clone();
    tokio::spawn(async move {
        while let Some(first) = rx.recv().await {
            // What arrived meanwhile is applied together: a run of messages
            // is read in one visit to the store, in order.
            let mut batch = vec![first];
            while batch.len() < MAX_BATCH {
                match rx.try_recv() {
                    Ok(event) => batch.push(event),
                    Err(_) => break,
                }
            }
            let mut messages = Vec::new();
            for event in batch {
                let result = match event {
                    Some((_, Event::Message { conv, seq })) => {
                        messages.push((conv, seq));
                        Ok(())
                    }
                    other => match deliver(&app, std::mem::take(&mut messages)).await {
                        Err(e) => Err(e),
                        Ok(()) => match other {
                            Some((from, event)) => apply(&app, &from, event).await,
                            None => resync(&app).await,
                        },
                    },
                };
                if let Err(e) = result {
                    crate::log(&format!("fan-out: {e}"));
                }
            }
            if let Err(e) = deliver(&app, messages).await {
                crate::log(&format!("fan-out: {e}"));
            }
        }
    });
}

/// The heartbeat (PostgreSQL only): every `limits.heartbeat_seconds` this
/// instance records that it is alive and learns which others are; a
/// visitor's connection held by one silent for three beats (killed, or cut
/// off) counts as closed, so the abandoned and gone timers run as for a
/// connection that closed. An instance that was itself silent that long
/// (the others may have given it up) announces its visitors and consoles
/// again. The first beat is in [`crate::open_with_vault`], before serving.
pub fn start_heartbeat(app: &App) {
    if !app.db.store().is_postgres() {
        return;
    }
    let app = app.clone();
    tokio::spawn(async move {
        let every = app.config.limits.heartbeat();
        let stale = app.config.limits.heartbeat_stale();
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut last = std::time::Instant::now();
        loop {
            tick.tick().await;
            match app.db.read(move |c| c.beat(instance(), stale)).await {
                Ok(live) => {
                    // Two beats missed: another instance may already have
                    // found this one stale.
                    let again = last.elapsed() >= stale.saturating_sub(every);
                    last = std::time::Instant::now();
                    app.hub.prune_remote(&live.into_iter().collect());
                    // Whether a console is open anywhere: a waiting visitor is told
                    // when nobody is (only that, see `Hub::set_remote_staff`).
                    match app.db.read(move |c| c.consoles_open(stale)).await {
                        Ok(ids) => app.hub.set_remote_staff(!ids.is_empty()),
                        Err(e) => crate::log(&format!("heartbeat: consoles not read: {e}")),
                    }
                    if again && let Err(e) = announce(&app).await {
                        crate::log(&format!("heartbeat: {e}"));
                    }
                }
                Err(e) => crate::log(&format!("heartbeat: {e}")),
            }
        }
    });
}

/// Tells the other instances again which visitors and consoles are here.
async fn announce(app: &App) -> Result<(), crate::db::DbError> {
    let rooms = app.hub.local_visitor_rooms();
    let staff = app.hub.online_staff();
    app.db
        .read(move |c| {
            for conv in rooms {
                notify(c, &Event::Visitor { conv, online: true })?;
            }
            for user in staff {
                c.set_console(instance(), user, true)?;
            }
            Ok(())
        })
        .await
}

/// The listener: LISTEN on a connection of its own; `None` asks for a
/// resync (after every connect). Reconnects after a second when it breaks.
fn listen(
    store: &zicht_store::Store,
    tx: &tokio::sync::mpsc::UnboundedSender<Option<(String, Event)>>,
) {
    loop {
        let run = || -> Result<(), StoreError> {
            let Some(mut listener) = store.listener()? else {
                return Ok(());
            };
            listener.listen(CHANNEL)?;
            if tx.send(None).is_err() {
                return Ok(());
            }
            loop {
                for (_, payload) in listener.wait(Duration::from_secs(1))? {
                    match Event::decode(&payload) {
                        Some((from, _)) if from == instance() => {}
                        Some((from, event)) => {
                            if tx.send(Some((from.to_string(), event))).is_err() {
                                return Ok(());
                            }
                        }
                        None => crate::log("fan-out: an event this version does not know"),
                    }
                }
                if tx.is_closed() {
                    return Ok(());
                }
            }
        };
        match run() {
            Ok(()) => return,
            // The database's address is not repeated here (only what failed).
            Err(StoreError::PostgresConnect { source, .. }) => crate::log(&format!(
                "fan-out: listener: cannot connect to PostgreSQL ({source}); trying again"
            )),
            Err(e) => crate::log(&format!("fan-out: listener: {e}; connecting again")),
        }
        std::thread::sleep(Duration::from_secs(1));
        // The server is stopping (its runtime is gone): so is the listener.
        if tx.is_closed() {
            return;
        }
    }
}

/// Applies an event of another instance to this hub.
async fn apply(app: &App, from: &str, event: Event) -> Result<(), crate::db::DbError> {
    let now = jiff::Timestamp::now();
    match event {
        Event::Opened { conv } => {
            if let Some(info) = app.db.read(move |c| c.conversation_by_id(conv)).await? {
                app.hub.open_new(&info);
            }
        }
        Event::Message { conv, seq } => deliver(app, vec![(conv, seq)]).await?,
        Event::Taken { conv, user } => app.hub.taken(conv, user, now),
        Event::Transferred { conv, from, to } => {
            app.hub.transferred(conv, from, to, now);
            if app.hub.online_staff().contains(&to) {
                crate::console::send_transcript_to(app, to, conv).await;
            }
        }
        Event::Ended { conv, by } => app.hub.ended(conv, by),
        Event::Visitor { conv, online } => app.hub.remote_visitor(conv, from, online),
        Event::Offered { conv, from: by, to } => {
            let found = app
                .db
                .read(move |c| Ok((c.offer(conv)?, c.user(by)?)))
                .await?;
            if let (Some(offer), Some(user)) = found
                && offer.to == to
            {
                let offer = crate::hub::Offer {
                    from: offer.from,
                    from_name: user.name,
                    to,
                    note: offer.note,
                };
                // The colleague reads the whole transcript before accepting.
                if app.hub.offer(conv, offer, now) && app.hub.online_staff().contains(&to) {
                    crate::console::send_transcript_to(app, to, conv).await;
                }
            }
        }
        Event::Declined { conv, to } => {
            if let Some(user) = app.db.read(move |c| c.user(to)).await? {
                app.hub.decline(conv, to, &user.name);
            }
        }
        Event::Typing { conv, staff } => {
            let side = if staff {
                crate::hub::Side::Staff
            } else {
                crate::hub::Side::Visitor
            };
            app.hub.typing(conv, side);
        }
        Event::Watching { conv, user, on } => {
            if on {
                app.hub.watch(conv, user);
            } else {
                app.hub.unwatch(conv, user);
            }
        }
        Event::Address { conv, formal } => {
            app.hub.address(conv, formal);
        }
    }
    Ok(())
}

/// The most events applied together.
const MAX_BATCH: usize = 512;

/// Reads the messages (conversation, `seq`) of other instances that a socket
/// here must see, in one visit to the store, and delivers them in order.
async fn deliver(app: &App, wanted: Vec<(i64, i64)>) -> Result<(), crate::db::DbError> {
    let wanted: Vec<(i64, i64)> = wanted
        .into_iter()
        .filter(|(conv, _)| app.hub.has_local(*conv))
        .collect();
    if wanted.is_empty() {
        return Ok(());
    }
    // Delivery, not a person's reading: the audit records the console's
    // opening of the transcript, as for local messages.
    let found = app
        .db
        .read(move |c| {
            let mut out = Vec::new();
            for (conv, seq) in wanted {
                for m in c.messages(conv, seq - 1, Reader::Visitor)? {
                    if m.seq == seq {
                        out.push((conv, m));
                    }
                }
            }
            Ok(out)
        })
        .await?;
    for (conv, m) in &found {
        app.hub.message(*conv, m);
    }
    Ok(())
}

/// Brings the hub level with the store: conversations opened elsewhere are
/// added, those that ended elsewhere are closed.
async fn resync(app: &App) -> Result<(), crate::db::DbError> {
    let open = app.db.read(|c| c.open_conversations()).await?;
    let ids: std::collections::HashSet<i64> = open.iter().map(|c| c.id).collect();
    for c in &open {
        app.hub.open(c);
    }
    for id in app.hub.open_ids() {
        if ids.contains(&id) {
            continue;
        }
        // Opened here after the list was read, or ended elsewhere: ask again.
        let now = app.db.read(move |c| c.conversation_by_id(id)).await?;
        if let Some(c) = now.filter(|c| c.state == zicht_store::State::Ended) {
            app.hub.ended(id, c.ended_by.unwrap_or(EndedBy::System));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::Event;
    use zicht_store::EndedBy;

    #[test]
    fn every_event_survives_its_payload() {
        for e in [
            Event::Opened { conv: 7 },
            Event::Message { conv: 7, seq: 12 },
            Event::Taken { conv: 7, user: 3 },
            Event::Transferred {
                conv: 7,
                from: 3,
                to: 4,
            },
            Event::Ended {
                conv: 7,
                by: EndedBy::QuickExit,
            },
            Event::Visitor {
                conv: 7,
                online: true,
            },
            Event::Offered {
                conv: 7,
                from: 3,
                to: 4,
            },
            Event::Declined { conv: 7, to: 4 },
            Event::Typing {
                conv: 7,
                staff: true,
            },
            Event::Watching {
                conv: 7,
                user: 5,
                on: false,
            },
            Event::Address {
                conv: 7,
                formal: true,
            },
        ] {
            let payload = e.encode("ab12");
            assert!(payload.len() < 100, "{payload}");
            assert_eq!(Event::decode(&payload), Some(("ab12", e)));
        }
        assert_eq!(Event::decode("ab12 q 7"), None);
    }
}
