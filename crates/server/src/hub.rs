//! Who is connected to which conversation: rooms, the waiting queue, staff connections, rate limits.
//!
//! The hub holds no transcript: messages are read from the store and pushed
//! here only after their commit. Every send is `try_send` on a bounded channel;
//! a connection that cannot keep up is closed (its client resumes from its last
//! `seq`), so one slow phone never slows anyone else down.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

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
    /// Whether the visitor was last told that no counsellor is available.
    told_nobody: bool,
    /// Since when no visitor connection is open (None while one is).
    gone_since: Option<Instant>,
    /// Whether a visitor connection was ever open (a visitor who left, as
    /// against a conversation nobody has connected to yet).
    was_online: bool,
    /// The visitor's page said it was closing (`away`): a reload comes back
    /// within seconds, so the conversation ends after [`LEFT_GRACE`].
    left: bool,
    /// Created moments ago (not reloaded after a restart): its page is still
    /// connecting, see [`Room::present`].
    fresh: bool,
    /// Admins reading along.
    watchers: Vec<i64>,
    /// A warm transfer offered and not yet answered.
    offer: Option<Offer>,
    /// Last typing signal forwarded, per side (visitor, staff).
    typed: [Option<Instant>; 2],
    /// Other instances (PostgreSQL) where a connection of the visitor is open.
    remote: std::collections::HashSet<String>,
    /// The visitor's page addresses the visitor as "u" instead of "je" (the counsellor's
    /// choice for this chat; kept here only, for the chat's life, never stored).
    pub formal: bool,
}

/// A warm transfer waiting for the colleague's answer.
#[derive(Debug, Clone)]
pub struct Offer {
    pub from: i64,
    pub from_name: String,
    pub to: i64,
    pub note: String,
}

/// The short suffix that tells identical nicknames apart: the last four
/// characters of the public id.
pub fn tag_of(public_id: &str) -> String {
    let n = public_id.chars().count();
    public_id.chars().skip(n.saturating_sub(4)).collect()
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
            told_nobody: false,
            // Nobody is connected yet: a conversation reloaded after a restart
            // expires like one whose visitor just left.
            gone_since: Some(Instant::now()),
            was_online: false,
            left: false,
            fresh: false,
            watchers: Vec::new(),
            offer: None,
            typed: [None, None],
            remote: std::collections::HashSet::new(),
            formal: false,
        }
    }

    /// The conversation as the console shows it.
    pub fn summary(&self, now: jiff::Timestamp) -> serde_json::Value {
        let waited = self
            .created_at
            .parse::<jiff::Timestamp>()
            .map(|t| (now - t).as_secs().max(0))
            .unwrap_or(0);
        let gone = self.gone_since.map(|t| t.elapsed().as_secs());
        json!({
            "conv": self.public_id, "tag": tag_of(&self.public_id), "channel": self.channel,
            "username": self.username, "age": self.age, "gender": self.gender.map(Gender::code),
            "created_at": self.created_at, "waiting_seconds": waited,
            "state": self.state.code(), "online": self.present(),
            "gone_seconds": gone, "counsellor": self.counsellor,
            "supervisors": self.supervisors(), "formal": self.formal,
        })
    }

    /// How many read along who are neither its counsellor nor a colleague it
    /// is offered to: the supervisors.
    fn supervisors(&self) -> usize {
        let offered = self.offer.as_ref().map(|o| o.to);
        self.watchers
            .iter()
            .filter(|w| Some(**w) != self.counsellor && Some(**w) != offered)
            .count()
    }
}

/// How long a new conversation's page may take to connect before its visitor
/// counts as gone.
pub const ARRIVING: Duration = Duration::from_secs(20);

/// How long a conversation whose page said it was closing waits for the
/// visitor to come back (a reload) before it ends.
pub const LEFT_GRACE: Duration = Duration::from_secs(10);

impl Room {
    /// A connection of the visitor is open here or on another instance.
    fn online(&self) -> bool {
        !self.visitors.is_empty() || !self.remote.is_empty()
    }

    /// The visitor is there: a connection is open, or the conversation was
    /// just created and its page is still connecting (a visitor who never
    /// arrives counts as gone after [`ARRIVING`]).
    fn present(&self) -> bool {
        self.online()
            || (self.fresh
                && !self.was_online
                && self.gone_since.is_some_and(|t| t.elapsed() < ARRIVING))
    }

    /// Gone for at least `grace` (or [`LEFT_GRACE`] after the page closed).
    fn gone_for(&self, grace: Duration) -> bool {
        let grace = if self.left {
            grace.min(LEFT_GRACE)
        } else {
            grace
        };
        !self.present() && self.gone_since.is_some_and(|t| t.elapsed() >= grace)
    }
}

/// How many recent takes per channel feed the waiting-time estimate.
const TAKES_KEPT: usize = 10;

/// How long after the last console closed a waiting visitor is told that no
/// counsellor is available: a console that reloads is back within seconds, and
/// the visitor learns no more than "nobody right now" (never how many, never the
/// moment a console closes).
pub const STAFF_GRACE: Duration = Duration::from_secs(15);

#[derive(Default)]
struct Inner {
    rooms: HashMap<i64, Room>,
    by_public: HashMap<String, i64>,
    /// Waiting conversations in order of arrival.
    waiting: Vec<i64>,
    staff: HashMap<i64, Vec<ConnTx>>,
    /// Display names of the staff with an open console.
    names: HashMap<i64, String>,
    next_conn: u64,
    /// When conversations of each channel were taken lately (oldest first),
    /// with how long (seconds) the visitor taken had waited.
    takes: HashMap<String, VecDeque<(Instant, u64)>>,
    /// Since when no console is open here (None: one is, or none ever was).
    staff_gone_since: Option<Instant>,
    /// Whether a console was ever open here since the start.
    staff_seen: bool,
    /// Whether a console is open on another live instance (PostgreSQL).
    remote_staff: bool,
    /// The channels whose visitors are addressed as "u" until the counsellor chooses
    /// (configuration `address = "u"`, fix45 finding 3).
    formal_channels: std::collections::HashSet<String>,
}

impl Inner {
    /// 1-based place of `id` among the waiting conversations of its channel.
    /// Visitors who left (no connection open) are not counted ahead of anyone;
    /// they keep their own place for the grace period.
    fn position(&self, id: i64) -> Option<usize> {
        let channel = &self.rooms.get(&id)?.channel;
        let mut place = 0;
        for w in &self.waiting {
            if self
                .rooms
                .get(w)
                .is_some_and(|r| &r.channel == channel && (*w == id || r.present()))
            {
                place += 1;
            }
            if *w == id {
                return Some(place);
            }
        }
        None
    }

    /// Whether nobody can take a conversation now: no console open here or on
    /// another instance, for [`STAFF_GRACE`] (or since the start). This one bit
    /// is all a visitor learns of the counsellors' presence.
    fn nobody(&self) -> bool {
        if !self.staff.is_empty() || self.remote_staff {
            return false;
        }
        !self.staff_seen
            || self
                .staff_gone_since
                .is_none_or(|t| t.elapsed() >= STAFF_GRACE)
    }

    /// The one waiting-time estimate, in seconds, for place `position` in
    /// `channel`: what the visitor at that place is told and what the console
    /// shows for her. None without a basis: nobody to take the chat, or fewer
    /// than two takes in the last hour. A place costs the mean time between
    /// the recent takes, but never more than the mean wait of the visitors
    /// taken (idle counsellors who take at once make a quiet hour's gaps no
    /// wait), and at least 30 s.
    fn estimate(&self, channel: &str, position: usize) -> Option<u64> {
        if self.nobody() {
            return None;
        }
        let takes = self.takes.get(channel)?;
        let recent: Vec<&(Instant, u64)> = takes
            .iter()
            .filter(|t| t.0.elapsed() < Duration::from_secs(3600))
            .collect();
        let (first, last) = (recent.first()?, recent.last()?);
        if recent.len() < 2 {
            return None;
        }
        let span = last.0.duration_since(first.0).as_secs_f64();
        let gap = span / (recent.len() - 1) as f64;
        let waited = recent.iter().map(|t| t.1 as f64).sum::<f64>() / recent.len() as f64;
        let per_take = gap.min(waited).max(30.0);
        Some((per_take * position as f64).round() as u64)
    }

    fn to_all_staff(&self, f: &Arc<str>) {
        for list in self.staff.values() {
            for c in list {
                c.send(f);
            }
        }
    }

    /// Tells every console the queue changed (it reloads it at once).
    fn queue_changed(&self) {
        self.to_all_staff(&frame(&json!({"t": "queue"})));
    }

    /// Tells the counsellor of `room` how many supervisors read along now.
    fn tell_supervisors(&self, room: &Room) {
        let f = frame(
            &json!({"t": "supervisors", "conv": room.public_id, "count": room.supervisors()}),
        );
        Hub::to_staff(self, room.counsellor, &f);
    }

    /// Sends to the counsellor of `room` and to admins reading along.
    fn to_room_staff(&self, room: &Room, f: &Arc<str>) {
        Hub::to_staff(self, room.counsellor, f);
        for w in &room.watchers {
            if Some(*w) != room.counsellor {
                Hub::to_staff(self, Some(*w), f);
            }
        }
    }
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

fn from_code(m: &zicht_store::StoredMessage) -> &'static str {
    match m.from {
        zicht_store::Sender::Visitor => "visitor",
        zicht_store::Sender::Counsellor => "counsellor",
    }
}

/// A message as the visitor receives it (no staff names or ids).
pub fn visitor_msg(m: &zicht_store::StoredMessage) -> serde_json::Value {
    json!({"t": "msg", "seq": m.seq, "from": from_code(m), "cid": m.client_id, "at": m.at, "text": m.text})
}

/// A message as a console receives it: with the counsellor who wrote it
/// (`by`, and `by_name` when known), so that a colleague's lines are never "Jij".
pub fn staff_msg(
    m: &zicht_store::StoredMessage,
    conv: &str,
    by_name: Option<&str>,
) -> serde_json::Value {
    json!({
        "t": "msg", "conv": conv, "seq": m.seq, "from": from_code(m), "by": m.counsellor_id,
        "by_name": by_name, "cid": m.client_id, "at": m.at, "text": m.text,
    })
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

    /// A hub whose rooms of `formal_channels` address the visitor as "u" from the start
    /// (configuration `address = "u"`), until the counsellor chooses otherwise.
    pub fn with_formal_channels(formal_channels: impl IntoIterator<Item = String>) -> Hub {
        let hub = Hub::default();
        hub.lock().formal_channels = formal_channels.into_iter().collect();
        hub
    }

    /// Adds an open conversation at start-up (its visitor counts as gone until
    /// a page connects).
    pub fn open(&self, c: &ConversationInfo) {
        self.add(c, false);
    }

    /// Adds a conversation just created (after the commit): its page is
    /// connecting, so for [`ARRIVING`] it counts as there.
    pub fn open_new(&self, c: &ConversationInfo) {
        self.add(c, true);
    }

    fn add(&self, c: &ConversationInfo, fresh: bool) {
        if c.state == State::Ended {
            return;
        }
        let mut inner = self.lock();
        if inner.rooms.contains_key(&c.id) {
            return;
        }
        inner.by_public.insert(c.public_id.clone(), c.id);
        if c.state == State::Waiting {
            // In order of arrival as the store has it (time, then id), so
            // every instance counts the same places.
            let key = (c.created_at.as_str(), c.id);
            let at = inner
                .waiting
                .iter()
                .position(|w| {
                    inner
                        .rooms
                        .get(w)
                        .is_some_and(|r| (r.created_at.as_str(), *w) > key)
                })
                .unwrap_or(inner.waiting.len());
            inner.waiting.insert(at, c.id);
        }
        let mut room = Room::from_info(c);
        room.fresh = fresh;
        room.formal = inner.formal_channels.contains(&c.channel);
        inner.rooms.insert(c.id, room);
        if c.state == State::Waiting {
            inner.queue_changed();
        }
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

    /// The visitor's page is closing (not a lost network): see [`LEFT_GRACE`].
    pub fn away(&self, id: i64) {
        if let Some(room) = self.lock().rooms.get_mut(&id) {
            room.left = true;
        }
    }

    /// Whether the visitor of a waiting or active conversation left: a
    /// connection was open and none is now.
    pub fn visitor_left(&self, id: i64) -> bool {
        self.lock()
            .rooms
            .get(&id)
            .is_some_and(|r| r.was_online && !r.online())
    }

    /// 1-based place in the queue of the conversation's own channel, if waiting.
    pub fn position(&self, id: i64) -> Option<usize> {
        self.lock().position(id)
    }

    /// The `state` frame of a waiting conversation: its place and the estimated wait.
    pub fn waiting_frame(&self, id: i64) -> serde_json::Value {
        let inner = self.lock();
        let position = inner.position(id).unwrap_or(1);
        let estimate = inner
            .rooms
            .get(&id)
            .and_then(|r| inner.estimate(&r.channel, position));
        json!({"t": "state", "state": "waiting", "position": position, "estimate": estimate,
            "nobody": inner.nobody()})
    }

    /// Attaches a visitor connection; the oldest beyond `max` is closed.
    pub fn attach_visitor(&self, id: i64, conn: ConnTx, max: usize) -> bool {
        let mut inner = self.lock();
        let Some(room) = inner.rooms.get_mut(&id) else {
            return false;
        };
        let was_offline = !room.online();
        room.visitors.push(conn);
        room.gone_since = None;
        room.was_online = true;
        room.left = false;
        while room.visitors.len() > max.max(1) {
            room.visitors.remove(0).close();
        }
        if was_offline {
            let f = frame(&json!({"t": "presence", "conv": room.public_id, "online": true}));
            let waiting = room.state == State::Waiting;
            let room = &inner.rooms[&id];
            inner.to_room_staff(room, &f);
            if waiting {
                inner.queue_changed();
            }
        }
        true
    }

    /// A connection of the visitor opened (`online`) or closed on another
    /// instance (PostgreSQL fan-out): the same presence as a local one.
    pub fn remote_visitor(&self, id: i64, instance: &str, online: bool) {
        let mut inner = self.lock();
        let Some(room) = inner.rooms.get_mut(&id) else {
            return;
        };
        let before = room.online();
        if online {
            room.remote.insert(instance.to_string());
            room.gone_since = None;
            room.was_online = true;
            room.left = false;
        } else {
            room.remote.remove(instance);
            if !room.online() && before {
                room.gone_since = Some(Instant::now());
            }
        }
        if before != room.online() {
            let f = frame(&json!({"t": "presence", "conv": room.public_id, "online": online}));
            let waiting = room.state == State::Waiting;
            let room = &inner.rooms[&id];
            inner.to_room_staff(room, &f);
            if waiting {
                inner.queue_changed();
            }
        }
    }

    /// Forgets the visitor connections held by instances not in `live`
    /// (their heartbeat is stale: they died): a visitor with no other
    /// connection is gone from now on, as if the connection had closed.
    pub fn prune_remote(&self, live: &std::collections::HashSet<String>) {
        let mut inner = self.lock();
        let mut changed = Vec::new();
        for (id, room) in inner.rooms.iter_mut() {
            if room.remote.iter().all(|i| live.contains(i)) {
                continue;
            }
            let before = room.online();
            room.remote.retain(|i| live.contains(i));
            if before && !room.online() {
                room.gone_since = Some(Instant::now());
                changed.push(*id);
            }
        }
        let mut waiting = false;
        for id in changed {
            let room = &inner.rooms[&id];
            let f = frame(&json!({"t": "presence", "conv": room.public_id, "online": false}));
            inner.to_room_staff(room, &f);
            waiting |= room.state == State::Waiting;
        }
        if waiting {
            inner.queue_changed();
        }
    }

    /// The open conversations with a visitor connection on this instance.
    pub fn local_visitor_rooms(&self) -> Vec<i64> {
        self.lock()
            .rooms
            .iter()
            .filter(|(_, r)| !r.visitors.is_empty())
            .map(|(id, _)| *id)
            .collect()
    }

    /// How many connections of the visitor are open on this instance.
    pub fn local_visitors(&self, id: i64) -> usize {
        self.lock().rooms.get(&id).map_or(0, |r| r.visitors.len())
    }

    /// The public id of an open conversation.
    pub fn public_id(&self, id: i64) -> Option<String> {
        self.lock().rooms.get(&id).map(|r| r.public_id.clone())
    }

    /// The open conversations this hub holds (ids).
    pub fn open_ids(&self) -> Vec<i64> {
        self.lock().rooms.keys().copied().collect()
    }

    /// Whether a connection of the visitor or of a counsellor or watcher of
    /// conversation `id` is open on this instance (a message must reach it).
    pub fn has_local(&self, id: i64) -> bool {
        let inner = self.lock();
        inner.rooms.get(&id).is_some_and(|r| {
            !r.visitors.is_empty()
                || r.counsellor.is_some_and(|u| inner.staff.contains_key(&u))
                || r.watchers.iter().any(|u| inner.staff.contains_key(u))
        })
    }

    /// Detaches a visitor connection; with none left the visitor is marked gone at once.
    pub fn detach_visitor(&self, id: i64, conn_id: u64) {
        let mut inner = self.lock();
        let Some(room) = inner.rooms.get_mut(&id) else {
            return;
        };
        let before = room.visitors.len();
        room.visitors.retain(|c| c.id != conn_id);
        if !room.online() && before > 0 {
            room.gone_since = Some(Instant::now());
            let f = frame(&json!({"t": "presence", "conv": room.public_id, "online": false}));
            let waiting = room.state == State::Waiting;
            let room = &inner.rooms[&id];
            inner.to_room_staff(room, &f);
            if waiting {
                inner.queue_changed();
            }
        }
    }

    /// Waiting conversations whose visitor has been gone for at least `grace`.
    pub fn abandoned(&self, grace: Duration) -> Vec<i64> {
        let inner = self.lock();
        inner
            .waiting
            .iter()
            .filter(|id| inner.rooms.get(id).is_some_and(|r| r.gone_for(grace)))
            .copied()
            .collect()
    }

    /// Attaches a console of the staff member `user`, shown to colleagues as `name`.
    /// Active conversations whose visitor has been gone for at least `after`.
    pub fn gone_active(&self, after: Duration) -> Vec<i64> {
        let inner = self.lock();
        let mut ids: Vec<i64> = inner
            .rooms
            .iter()
            .filter(|(_, r)| r.state == State::Active && r.gone_for(after))
            .map(|(id, _)| *id)
            .collect();
        ids.sort();
        ids
    }

    pub fn attach_staff(&self, user: i64, name: &str, conn: ConnTx) {
        let mut inner = self.lock();
        inner.names.insert(user, name.to_string());
        inner.staff.entry(user).or_default().push(conn);
        inner.staff_seen = true;
        inner.staff_gone_since = None;
    }

    /// Detaches a console; with the user's last one gone, they stop reading
    /// along everywhere: returns the conversations they read along in.
    pub fn detach_staff(&self, user: i64, conn_id: u64) -> Vec<i64> {
        let mut inner = self.lock();
        let mut left = Vec::new();
        if let Some(list) = inner.staff.get_mut(&user) {
            list.retain(|c| c.id != conn_id);
            if list.is_empty() {
                inner.staff.remove(&user);
                if inner.staff.is_empty() {
                    inner.staff_gone_since = Some(Instant::now());
                }
                for (id, room) in inner.rooms.iter_mut() {
                    let before = room.supervisors();
                    room.watchers.retain(|w| *w != user);
                    if room.supervisors() != before {
                        left.push(*id);
                    }
                }
                for id in &left {
                    inner.tell_supervisors(&inner.rooms[id]);
                }
            }
        }
        left
    }

    /// Whether a console is open on another live instance (PostgreSQL's heartbeat).
    pub fn set_remote_staff(&self, open: bool) {
        let mut inner = self.lock();
        if open {
            inner.staff_seen = true;
        } else if inner.remote_staff && inner.staff.is_empty() {
            inner.staff_gone_since = Some(Instant::now());
        }
        inner.remote_staff = open;
    }

    /// Whether a waiting visitor is told that no counsellor is available now.
    pub fn nobody_available(&self) -> bool {
        self.lock().nobody()
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

    /// Sends a frame to every console of one staff member.
    pub fn send_staff(&self, user: i64, v: &serde_json::Value) {
        Self::to_staff(&self.lock(), Some(user), &frame(v));
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

    /// Forwards "is typing" to the other side, at most one signal per second per side.
    /// The visitor's typing reaches the counsellor (and whoever reads along) only
    /// while the conversation is active. True when the signal must also reach
    /// other instances (PostgreSQL): it was forwarded and the other side is
    /// not all here (the counsellor's console, or a visitor's connection, is elsewhere).
    pub fn typing(&self, id: i64, side: Side) -> bool {
        let mut inner = self.lock();
        let elsewhere = match inner.rooms.get(&id) {
            None => return false,
            Some(room) => match side {
                Side::Visitor => !room
                    .counsellor
                    .is_some_and(|u| inner.staff.contains_key(&u)),
                Side::Staff => !room.remote.is_empty(),
            },
        };
        let Some(room) = inner.rooms.get_mut(&id) else {
            return false;
        };
        if room.state != State::Active {
            return false;
        }
        let slot = usize::from(side == Side::Staff);
        if room.typed[slot].is_some_and(|t| t.elapsed() < Duration::from_millis(900)) {
            return false;
        }
        room.typed[slot] = Some(Instant::now());
        let room = &inner.rooms[&id];
        match side {
            Side::Visitor => {
                inner.to_room_staff(
                    room,
                    &frame(&json!({"t": "typing", "conv": room.public_id})),
                );
            }
            Side::Staff => {
                let f = frame(&json!({"t": "typing"}));
                for c in &room.visitors {
                    c.send(&f);
                }
            }
        }
        elsewhere
    }

    /// Delivers a committed message to the visitor's and the counsellor's connections.
    /// Staff frames name the counsellor who wrote it (`by`: user id, `by_name`).
    pub fn message(&self, id: i64, m: &zicht_store::StoredMessage) {
        let inner = self.lock();
        let Some(room) = inner.rooms.get(&id) else {
            return;
        };
        let to_visitor = frame(&visitor_msg(m));
        for c in &room.visitors {
            c.send(&to_visitor);
        }
        let name = m
            .counsellor_id
            .and_then(|u| inner.names.get(&u))
            .map(String::as_str);
        let to_staff = frame(&staff_msg(m, &room.public_id, name));
        inner.to_room_staff(room, &to_staff);
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
        let channel = room.channel.clone();
        let waited = room
            .created_at
            .parse::<jiff::Timestamp>()
            .map(|t| (now - t).as_secs().max(0) as u64)
            .unwrap_or(0);
        let f = frame(&json!({"t": "state", "state": "active"}));
        for c in &room.visitors {
            c.send(&f);
        }
        let assigned = frame(&json!({"t": "assigned", "conv": room.summary(now)}));
        Self::to_staff(&inner, Some(user), &assigned);
        let takes = inner.takes.entry(channel).or_default();
        takes.push_back((Instant::now(), waited));
        while takes.len() > TAKES_KEPT {
            takes.pop_front();
        }
        inner.queue_changed();
    }

    /// Offers an active conversation to a colleague (a warm transfer); false when
    /// it is not active.
    pub fn offer(&self, id: i64, offer: Offer, now: jiff::Timestamp) -> bool {
        let mut inner = self.lock();
        let Some(room) = inner.rooms.get_mut(&id) else {
            return false;
        };
        if room.state != State::Active {
            return false;
        }
        let f = frame(&json!({
            "t": "offer", "conv": room.summary(now), "from": offer.from_name, "note": offer.note,
        }));
        let to = offer.to;
        room.offer = Some(offer);
        // The colleague follows the conversation until they answer.
        if !room.watchers.contains(&to) {
            room.watchers.push(to);
        }
        Self::to_staff(&inner, Some(to), &f);
        true
    }

    /// The open offer of a conversation to `to`, if any.
    pub fn offer_to(&self, id: i64, to: i64) -> Option<Offer> {
        let inner = self.lock();
        inner
            .rooms
            .get(&id)
            .and_then(|r| r.offer.clone())
            .filter(|o| o.to == to)
    }

    /// The colleague declined an offer: tell the counsellor who made it.
    pub fn decline(&self, id: i64, to: i64, by_name: &str) -> bool {
        let mut inner = self.lock();
        let Some(room) = inner.rooms.get_mut(&id) else {
            return false;
        };
        let Some(offer) = room.offer.take_if(|o| o.to == to) else {
            return false;
        };
        room.watchers.retain(|w| *w != to);
        let f = frame(&json!({"t": "declined", "conv": room.public_id, "by": by_name}));
        Self::to_staff(&inner, Some(offer.from), &f);
        true
    }

    /// An active conversation moved to another counsellor (after the commit).
    /// The visitor hears that another counsellor continues.
    pub fn transferred(&self, id: i64, from: i64, to: i64, now: jiff::Timestamp) {
        let mut inner = self.lock();
        let from_name = inner.names.get(&from).cloned();
        let Some(room) = inner.rooms.get_mut(&id) else {
            return;
        };
        room.counsellor = Some(to);
        room.offer = None;
        room.watchers.retain(|w| *w != to);
        let gone = frame(&json!({"t": "unassigned", "conv": room.public_id}));
        let assigned = frame(&json!({
            "t": "assigned", "conv": room.summary(now), "transferred": true, "by": from_name,
        }));
        let told = frame(&json!({"t": "transferred"}));
        for c in &room.visitors {
            c.send(&told);
        }
        Self::to_staff(&inner, Some(from), &gone);
        Self::to_staff(&inner, Some(to), &assigned);
    }

    /// How the visitor's page addresses the visitor in an active conversation: "u" when
    /// `formal`, else "je" (the counsellor's choice, fix43 finding 5). Tells the visitor's
    /// page, which switches its texts at once, and the conversation's consoles. Kept in the
    /// room only, for the chat's life. False when the conversation is not active here.
    pub fn address(&self, id: i64, formal: bool) -> bool {
        let mut inner = self.lock();
        let Some(room) = inner.rooms.get_mut(&id) else {
            return false;
        };
        if room.state != State::Active {
            return false;
        }
        room.formal = formal;
        let Some(room) = inner.rooms.get(&id) else {
            return false;
        };
        let f = frame(&json!({"t": "address", "formal": formal}));
        for c in &room.visitors {
            c.send(&f);
        }
        let s = frame(&json!({"t": "address", "conv": room.public_id, "formal": formal}));
        inner.to_room_staff(room, &s);
        true
    }

    /// Whether the visitor's page of `id` addresses the visitor as "u" (see [`Hub::address`]).
    pub fn formal(&self, id: i64) -> bool {
        self.lock().rooms.get(&id).is_some_and(|r| r.formal)
    }

    /// An admin reads along in an open conversation; false when it is not open.
    /// The counsellor is told ("supervisors" frame).
    pub fn watch(&self, id: i64, user: i64) -> bool {
        let mut inner = self.lock();
        match inner.rooms.get_mut(&id) {
            Some(room) => {
                if !room.watchers.contains(&user) {
                    room.watchers.push(user);
                }
                inner.tell_supervisors(&inner.rooms[&id]);
                true
            }
            None => false,
        }
    }

    /// Stops reading along (the counsellor is told).
    pub fn unwatch(&self, id: i64, user: i64) {
        let mut inner = self.lock();
        if let Some(room) = inner.rooms.get_mut(&id) {
            room.watchers.retain(|w| *w != user);
            inner.tell_supervisors(&inner.rooms[&id]);
        }
    }

    /// A conversation ended (after the commit): tell both sides and forget it.
    pub fn ended(&self, id: i64, by: zicht_store::EndedBy) {
        let mut inner = self.lock();
        let was_waiting = inner.waiting.contains(&id);
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
        inner.to_room_staff(&room, &s);
        if was_waiting {
            inner.queue_changed();
        }
    }

    /// The waiting queue for the console, oldest first; visitors who left
    /// come after everyone who still waits.
    pub fn queue(&self, now: jiff::Timestamp) -> Vec<serde_json::Value> {
        let inner = self.lock();
        let mut rooms: Vec<&Room> = inner
            .waiting
            .iter()
            .filter_map(|id| inner.rooms.get(id))
            .collect();
        rooms.sort_by_key(|r| !r.present());
        rooms.into_iter().map(|r| r.summary(now)).collect()
    }

    /// Per channel: how many wait, how many of them are gone, and the estimated
    /// wait for someone joining now (seconds, when known and someone present waits).
    pub fn channel_stats(&self, channels: &[String]) -> Vec<serde_json::Value> {
        let inner = self.lock();
        channels
            .iter()
            .map(|ch| {
                let rooms: Vec<&Room> = inner
                    .waiting
                    .iter()
                    .filter_map(|id| inner.rooms.get(id))
                    .filter(|r| &r.channel == ch)
                    .collect();
                let gone = rooms.iter().filter(|r| !r.present()).count();
                // No estimate while nobody waits: "ca. 4 min wachten" beside an empty queue
                // reads as if someone were waiting (walk-console, newcomer's shift, finding 5).
                let present = rooms.len() - gone;
                // What the last visitor in line is told, from the same computation
                // (walk41, finding 5: "ca. 11 min" for a new visitor beside her "6 minutes").
                let estimate = (present > 0).then(|| inner.estimate(ch, present)).flatten();
                json!({
                    "channel": ch, "waiting": rooms.len(), "gone": gone,
                    "estimate": estimate,
                })
            })
            .collect()
    }

    /// Every open conversation (the supervisor's view), oldest first.
    pub fn overview(&self, now: jiff::Timestamp) -> Vec<serde_json::Value> {
        let inner = self.lock();
        let mut ids: Vec<&i64> = inner.rooms.keys().collect();
        ids.sort();
        ids.into_iter()
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

    /// Tells every waiting visitor whose place changed their new place (within
    /// their channel) and the estimated wait.
    pub fn announce_positions(&self) {
        let mut inner = self.lock();
        let nobody = inner.nobody();
        let waiting = inner.waiting.clone();
        for id in &waiting {
            let Some(place) = inner.position(*id) else {
                continue;
            };
            let estimate = inner
                .rooms
                .get(id)
                .and_then(|r| inner.estimate(&r.channel, place));
            if let Some(room) = inner.rooms.get_mut(id)
                && (room.told_position != place || room.told_nobody != nobody)
                && !room.visitors.is_empty()
            {
                room.told_position = place;
                room.told_nobody = nobody;
                let f = frame(
                    &json!({"t": "state", "state": "waiting", "position": place, "estimate": estimate,
                        "nobody": nobody}),
                );
                for c in &room.visitors {
                    c.send(&f);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(id: i64, channel: &str) -> ConversationInfo {
        ConversationInfo {
            id,
            public_id: format!("c-{id:016x}"),
            channel: channel.into(),
            username: "zon".into(),
            age: None,
            gender: None,
            lang: "nl".into(),
            state: State::Waiting,
            counsellor_id: None,
            created_at: "2026-01-01T00:00:00Z".into(),
            taken_at: None,
            ended_at: None,
            ended_by: None,
            purged_at: None,
            last_seq: 0,
        }
    }

    #[test]
    fn places_count_within_the_channel_and_reloaded_rooms_count_as_gone() {
        let hub = Hub::default();
        for (id, ch) in [(1, "fier"), (2, "csg"), (3, "fier"), (4, "csg")] {
            hub.open(&info(id, ch));
        }
        // Nobody has connected: all are gone, none yet past a minute's grace,
        // and nobody is counted ahead of anyone.
        assert_eq!(hub.abandoned(Duration::ZERO), vec![1, 2, 3, 4]);
        assert!(hub.abandoned(Duration::from_secs(60)).is_empty());
        let places: Vec<_> = (1..=4).map(|id| hub.position(id)).collect();
        assert_eq!(places, vec![Some(1), Some(1), Some(1), Some(1)]);
        let mut conns = Vec::new();
        for id in 1..=4 {
            let (tx, rx) = hub.connection();
            conns.push((tx.id, rx));
            assert!(hub.attach_visitor(id, tx, 3));
        }
        let places: Vec<_> = (1..=4).map(|id| hub.position(id)).collect();
        assert_eq!(places, vec![Some(1), Some(1), Some(2), Some(2)]);
        assert!(hub.abandoned(Duration::ZERO).is_empty());
        // 1 leaves: at once 3 is first, while 1 keeps its own place to come back to.
        hub.detach_visitor(1, conns[0].0);
        assert_eq!(hub.abandoned(Duration::ZERO), vec![1]);
        assert_eq!((hub.position(3), hub.position(1)), (Some(1), Some(1)));
        let (tx, _rx) = hub.connection();
        assert!(hub.attach_visitor(1, tx, 3));
        assert_eq!((hub.position(1), hub.position(3)), (Some(1), Some(2)));
        hub.ended(1, zicht_store::EndedBy::System);
        assert_eq!(hub.position(3), Some(1));
    }

    #[test]
    fn the_estimate_needs_two_recent_takes_and_grows_with_the_place() {
        let hub = Hub::default();
        let now = jiff::Timestamp::now();
        let (staff, _staff_rx) = hub.connection();
        hub.attach_staff(7, "demo", staff);
        let mut conns = Vec::new();
        let mut conn_ids = Vec::new();
        for id in 1..=4 {
            hub.open(&info(id, "fier"));
            let (tx, rx) = hub.connection();
            conns.push(rx);
            conn_ids.push(tx.id);
            assert!(hub.attach_visitor(id, tx, 3));
        }
        assert_eq!(hub.waiting_frame(4)["estimate"], serde_json::Value::Null);
        hub.taken(1, 7, now);
        assert_eq!(hub.waiting_frame(4)["estimate"], serde_json::Value::Null);
        hub.taken(2, 7, now);
        // Two takes at once: the floor of 30 s per place applies.
        assert_eq!(hub.waiting_frame(3)["estimate"], 30);
        assert_eq!(hub.waiting_frame(4)["estimate"], 60);
        // The console's channel line: what the last visitor in line is told, the
        // same number (walk41, finding 5).
        let fier = ["fier".to_string()];
        assert_eq!(hub.channel_stats(&fier)[0]["estimate"], 60);
        // Nobody waiting (one gone, one taken): no estimate at all.
        hub.detach_visitor(3, conn_ids[2]);
        hub.taken(4, 7, now);
        assert_eq!(hub.channel_stats(&fier)[0]["waiting"], 1);
        assert_eq!(
            hub.channel_stats(&fier)[0]["estimate"],
            serde_json::Value::Null
        );
    }

    #[test]
    fn with_no_console_open_the_visitor_is_told_nobody_and_no_estimate() {
        let hub = Hub::default();
        let now = jiff::Timestamp::now();
        for id in 1..=3 {
            hub.open(&info(id, "fier"));
            let (tx, _rx) = hub.connection();
            assert!(hub.attach_visitor(id, tx, 3));
        }
        hub.taken(1, 7, now);
        hub.taken(2, 7, now);
        // Two takes, but no console open: no promise of a time.
        assert_eq!(hub.waiting_frame(3)["nobody"], true);
        assert_eq!(hub.waiting_frame(3)["estimate"], serde_json::Value::Null);
        let fier = ["fier".to_string()];
        assert_eq!(
            hub.channel_stats(&fier)[0]["estimate"],
            serde_json::Value::Null
        );
        // A counsellor opens the console: the normal text and the estimate come back.
        let (staff, _staff_rx) = hub.connection();
        let staff_id = staff.id;
        hub.attach_staff(7, "demo", staff);
        assert_eq!(hub.waiting_frame(3)["nobody"], false);
        assert_eq!(hub.waiting_frame(3)["estimate"], 30);
        // A console that closes (a reload) is not "nobody" within the grace.
        hub.detach_staff(7, staff_id);
        assert_eq!(hub.waiting_frame(3)["nobody"], false);
        hub.lock().staff_gone_since = Instant::now().checked_sub(STAFF_GRACE);
        assert_eq!(hub.waiting_frame(3)["nobody"], true);
        // Another instance's console counts as one here.
        hub.set_remote_staff(true);
        assert_eq!(hub.waiting_frame(3)["nobody"], false);
    }

    #[test]
    fn idle_counsellors_who_take_at_once_make_the_gaps_between_takes_no_wait() {
        let hub = Hub::default();
        hub.open(&info(1, "fier"));
        let (tx, _rx) = hub.connection();
        assert!(hub.attach_visitor(1, tx, 3));
        let (staff, _staff_rx) = hub.connection();
        hub.attach_staff(7, "demo", staff);
        // Two visitors ten minutes apart, each taken after 20 s.
        let then = Instant::now().checked_sub(Duration::from_secs(600));
        if let Some(then) = then {
            hub.lock().takes.insert(
                "fier".into(),
                VecDeque::from(vec![(then, 20), (Instant::now(), 20)]),
            );
            assert_eq!(hub.waiting_frame(1)["estimate"], 30);
        }
    }

    #[test]
    fn a_new_conversation_is_there_while_its_page_connects() {
        let hub = Hub::default();
        let now = jiff::Timestamp::now();
        hub.open(&info(1, "fier"));
        hub.open_new(&info(2, "fier"));
        let online: Vec<_> = hub.queue(now).iter().map(|q| q["online"].clone()).collect();
        // The new one first: the reloaded one counts as gone and sorts below.
        assert_eq!(online, vec![json!(true), json!(false)]);
        assert_eq!(
            hub.abandoned(Duration::ZERO),
            vec![1],
            "not cleared while arriving"
        );
        assert_eq!(hub.position(2), Some(1));
    }

    #[test]
    fn identical_nicknames_get_the_public_ids_last_four_characters() {
        assert_eq!(tag_of("c-0123456789abcdef"), "cdef");
        assert_eq!(tag_of("ab"), "ab");
    }
}
