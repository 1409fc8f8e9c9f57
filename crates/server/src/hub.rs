//! Who is connected to which conversation: rooms, the waiting queue, staff connections, rate limits.
//!
//! The hub holds no transcript: messages are read from the store and pushed
//! here only after their commit. Every send is `try_send` on a bounded channel;
//! a connection that cannot keep up is closed (its client resumes from its last
//! `seq`), so one slow phone never slows anyone else down.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;

use serde_json::json;
use tokio::sync::{Notify, mpsc};
use zicht_store::{ConversationInfo, Gender, State};

/// Frames a connection can buffer before it is closed as too slow.
pub const CONNECTION_BUFFER: usize = 256;

/// One open WebSocket as the hub sees it.
#[derive(Clone)]
pub struct ConnTx {
    pub id: u64,
    tx: mpsc::Sender<Arc<str>>,
    kill: Arc<Notify>,
}

/// The receiving half, owned by the connection task.
pub struct ConnRx {
    pub rx: mpsc::Receiver<Arc<str>>,
    pub kill: Arc<Notify>,
}

impl ConnTx {
    /// Queues a frame; closes the connection when it is full.
    pub fn send(&self, frame: &Arc<str>) {
        if self.tx.try_send(frame.clone()).is_err() {
            self.kill.notify_one();
        }
    }

    pub fn close(&self) {
        self.kill.notify_one();
    }
}

/// A token bucket: `per_minute` on average, bursts of `BURST`.
#[derive(Debug, Clone)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

const BURST: f64 = 10.0;

impl Bucket {
    fn new() -> Bucket {
        Bucket {
            tokens: BURST,
            at: Instant::now(),
        }
    }

    fn take(&mut self, per_minute: u32) -> bool {
        let now = Instant::now();
        let refill = now.duration_since(self.at).as_secs_f64() * f64::from(per_minute) / 60.0;
        self.tokens = (self.tokens + refill).min(BURST.max(f64::from(per_minute) / 6.0));
        self.at = now;
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

/// An open conversation.
pub struct Room {
    pub public_id: String,
    pub channel: String,
    pub username: String,
    pub age: Option<u32>,
    pub gender: Option<Gender>,
    pub created_at: String,
    pub state: State,
    pub counsellor: Option<i64>,
    visitors: Vec<ConnTx>,
    visitor_bucket: Bucket,
    staff_bucket: Bucket,
    told_position: usize,
}

impl Room {
    fn from_info(c: &ConversationInfo) -> Room {
        Room {
            public_id: c.public_id.clone(),
            channel: c.channel.clone(),
            username: c.username.clone(),
            age: c.age,
            gender: c.gender,
            created_at: c.created_at.clone(),
            state: c.state,
            counsellor: c.counsellor_id,
            visitors: Vec::new(),
            visitor_bucket: Bucket::new(),
            staff_bucket: Bucket::new(),
            told_position: 0,
        }
    }

    /// The conversation as the console shows it.
    pub fn summary(&self, now: jiff::Timestamp) -> serde_json::Value {
        let waited = self
            .created_at
            .parse::<jiff::Timestamp>()
            .map(|t| (now - t).as_secs().max(0))
            .unwrap_or(0);
        json!({
            "conv": self.public_id, "channel": self.channel, "username": self.username,
            "age": self.age, "gender": self.gender.map(Gender::code),
            "created_at": self.created_at, "waiting_seconds": waited,
            "state": self.state.code(), "online": !self.visitors.is_empty(),
        })
    }
}

#[derive(Default)]
struct Inner {
    rooms: HashMap<i64, Room>,
    by_public: HashMap<String, i64>,
    /// Waiting conversations in order of arrival.
    waiting: Vec<i64>,
    staff: HashMap<i64, Vec<ConnTx>>,
    next_conn: u64,
}

/// The shared registry of rooms and connections.
#[derive(Default)]
pub struct Hub {
    inner: Mutex<Inner>,
}

/// Which side of a conversation acts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Visitor,
    Staff,
}

fn frame(v: &serde_json::Value) -> Arc<str> {
    Arc::from(v.to_string())
}

impl Hub {
    fn lock(&self) -> MutexGuard<'_, Inner> {
        // A panic while holding the lock leaves plain data behind; keep serving.
        self.inner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// A new connection's two halves.
    pub fn connection(&self) -> (ConnTx, ConnRx) {
        let mut inner = self.lock();
        inner.next_conn += 1;
        let (tx, rx) = mpsc::channel(CONNECTION_BUFFER);
        let kill = Arc::new(Notify::new());
        (
            ConnTx {
                id: inner.next_conn,
                tx,
                kill: kill.clone(),
            },
            ConnRx { rx, kill },
        )
    }

    /// Adds an open conversation (at start-up, or after its creation was committed).
    pub fn open(&self, c: &ConversationInfo) {
        if c.state == State::Ended {
            return;
        }
        let mut inner = self.lock();
        inner.by_public.insert(c.public_id.clone(), c.id);
        if c.state == State::Waiting {
            inner.waiting.push(c.id);
        }
        inner.rooms.insert(c.id, Room::from_info(c));
    }

    pub fn id_of(&self, public_id: &str) -> Option<i64> {
        self.lock().by_public.get(public_id).copied()
    }

    pub fn waiting_count(&self) -> usize {
        self.lock().waiting.len()
    }

    /// State and counsellor of an open conversation (None when ended or unknown).
    pub fn room_state(&self, id: i64) -> Option<(State, Option<i64>)> {
        self.lock().rooms.get(&id).map(|r| (r.state, r.counsellor))
    }

    /// 1-based place in the queue, if waiting.
    pub fn position(&self, id: i64) -> Option<usize> {
        self.lock()
            .waiting
            .iter()
            .position(|&w| w == id)
            .map(|p| p + 1)
    }

    /// Attaches a visitor connection; the oldest beyond `max` is closed.
    pub fn attach_visitor(&self, id: i64, conn: ConnTx, max: usize) -> bool {
        let mut inner = self.lock();
        let Some(room) = inner.rooms.get_mut(&id) else {
            return false;
        };
        let was_offline = room.visitors.is_empty();
        room.visitors.push(conn);
        while room.visitors.len() > max.max(1) {
            room.visitors.remove(0).close();
        }
        let counsellor = room.counsellor;
        let public_id = room.public_id.clone();
        if was_offline {
            Self::to_staff(
                &inner,
                counsellor,
                &frame(&json!({"t": "presence", "conv": public_id, "online": true})),
            );
        }
        true
    }

    pub fn detach_visitor(&self, id: i64, conn_id: u64) {
        let mut inner = self.lock();
        let Some(room) = inner.rooms.get_mut(&id) else {
            return;
        };
        room.visitors.retain(|c| c.id != conn_id);
        if room.visitors.is_empty() {
            let (counsellor, public_id) = (room.counsellor, room.public_id.clone());
            Self::to_staff(
                &inner,
                counsellor,
                &frame(&json!({"t": "presence", "conv": public_id, "online": false})),
            );
        }
    }

    pub fn attach_staff(&self, user: i64, conn: ConnTx) {
        self.lock().staff.entry(user).or_default().push(conn);
    }

    pub fn detach_staff(&self, user: i64, conn_id: u64) {
        let mut inner = self.lock();
        if let Some(list) = inner.staff.get_mut(&user) {
            list.retain(|c| c.id != conn_id);
            if list.is_empty() {
                inner.staff.remove(&user);
            }
        }
    }

    /// Staff user ids with at least one open console.
    pub fn online_staff(&self) -> Vec<i64> {
        self.lock().staff.keys().copied().collect()
    }

    fn to_staff(inner: &Inner, user: Option<i64>, f: &Arc<str>) {
        if let Some(list) = user.and_then(|u| inner.staff.get(&u)) {
            for c in list {
                c.send(f);
            }
        }
    }

    /// Rate limit per conversation and side.
    pub fn allow(&self, id: i64, side: Side, per_minute: u32) -> bool {
        let mut inner = self.lock();
        match inner.rooms.get_mut(&id) {
            None => false,
            Some(room) => match side {
                Side::Visitor => room.visitor_bucket.take(per_minute),
                Side::Staff => room.staff_bucket.take(per_minute),
            },
        }
    }

    /// Delivers a committed message to the visitor's and the counsellor's connections.
    pub fn message(&self, id: i64, m: &zicht_store::StoredMessage) {
        let inner = self.lock();
        let Some(room) = inner.rooms.get(&id) else {
            return;
        };
        let from = match m.from {
            zicht_store::Sender::Visitor => "visitor",
            zicht_store::Sender::Counsellor => "counsellor",
        };
        let to_visitor = frame(
            &json!({"t": "msg", "seq": m.seq, "from": from, "cid": m.client_id, "at": m.at, "text": m.text}),
        );
        for c in &room.visitors {
            c.send(&to_visitor);
        }
        let to_staff = frame(
            &json!({"t": "msg", "conv": room.public_id, "seq": m.seq, "from": from, "cid": m.client_id, "at": m.at, "text": m.text}),
        );
        Self::to_staff(&inner, room.counsellor, &to_staff);
    }

    /// A counsellor took a waiting conversation (after the commit).
    pub fn taken(&self, id: i64, user: i64, now: jiff::Timestamp) {
        let mut inner = self.lock();
        inner.waiting.retain(|&w| w != id);
        let Some(room) = inner.rooms.get_mut(&id) else {
            return;
        };
        room.state = State::Active;
        room.counsellor = Some(user);
        let f = frame(&json!({"t": "state", "state": "active"}));
        for c in &room.visitors {
            c.send(&f);
        }
        let assigned = frame(&json!({"t": "assigned", "conv": room.summary(now)}));
        Self::to_staff(&inner, Some(user), &assigned);
    }

    /// An active conversation moved to another counsellor (after the commit).
    pub fn transferred(&self, id: i64, from: i64, to: i64, now: jiff::Timestamp) {
        let mut inner = self.lock();
        let Some(room) = inner.rooms.get_mut(&id) else {
            return;
        };
        room.counsellor = Some(to);
        let gone = frame(&json!({"t": "unassigned", "conv": room.public_id}));
        let assigned =
            frame(&json!({"t": "assigned", "conv": room.summary(now), "transferred": true}));
        Self::to_staff(&inner, Some(from), &gone);
        Self::to_staff(&inner, Some(to), &assigned);
    }

    /// A conversation ended (after the commit): tell both sides and forget it.
    pub fn ended(&self, id: i64, by: zicht_store::EndedBy) {
        let mut inner = self.lock();
        inner.waiting.retain(|&w| w != id);
        let Some(room) = inner.rooms.remove(&id) else {
            return;
        };
        inner.by_public.remove(&room.public_id);
        let f = frame(&json!({"t": "state", "state": "ended", "by": by.code()}));
        for c in &room.visitors {
            c.send(&f);
        }
        let s = frame(&json!({"t": "ended", "conv": room.public_id, "by": by.code()}));
        Self::to_staff(&inner, room.counsellor, &s);
    }

    /// The waiting queue for the console, oldest first.
    pub fn queue(&self, now: jiff::Timestamp) -> Vec<serde_json::Value> {
        let inner = self.lock();
        inner
            .waiting
            .iter()
            .filter_map(|id| inner.rooms.get(id).map(|r| r.summary(now)))
            .collect()
    }

    /// The active conversations of one counsellor: (internal id, summary).
    pub fn assigned_to(&self, user: i64, now: jiff::Timestamp) -> Vec<(i64, serde_json::Value)> {
        let inner = self.lock();
        let mut out: Vec<_> = inner
            .rooms
            .iter()
            .filter(|(_, r)| r.counsellor == Some(user) && r.state == State::Active)
            .map(|(id, r)| (*id, r.summary(now)))
            .collect();
        out.sort_by_key(|(id, _)| *id);
        out
    }

    /// Tells every waiting visitor whose place changed their new place.
    pub fn announce_positions(&self) {
        let mut inner = self.lock();
        let waiting = inner.waiting.clone();
        for (i, id) in waiting.iter().enumerate() {
            if let Some(room) = inner.rooms.get_mut(id)
                && room.told_position != i + 1
                && !room.visitors.is_empty()
            {
                room.told_position = i + 1;
                let f = frame(&json!({"t": "state", "state": "waiting", "position": i + 1}));
                for c in &room.visitors {
                    c.send(&f);
                }
            }
        }
    }
}
