//! kill -9 under load: every message a client saw acknowledged or shown is in the store after a restart, once.
//!
//! Starts the real `zicht serve` on a fresh data directory and a free port,
//! has visitors and their counsellors chat over real WebSockets as fast as
//! the server acknowledges (each visitor keeps [`WINDOW`] messages in flight,
//! each counsellor answers every visitor message), sends SIGKILL to the server
//! once [`KILL_AFTER`] acknowledgements have arrived, restarts it on the same
//! directory and checks, in the store and by resuming over the WebSocket, that
//! no acknowledged or shown message is missing. Then every visitor re-sends
//! what was in flight at the kill (same client ids, as the chat page does) and
//! each of those must end up stored exactly once.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use serde_json::{Value, json};
use support::{PATIENCE, R, Server, serve};
use zicht_loadtest::{Msg, Side, Ws, next_json, send};

mod support;

/// Visitor-counsellor conversations.
const PAIRS: usize = 24;
/// Conversations per counsellor.
const PER_COUNSELLOR: usize = 4;
/// Messages each visitor keeps unacknowledged on the wire.
const WINDOW: usize = 4;
/// The server is killed once the clients have received this many acknowledgements.
const KILL_AFTER: usize = 600;

/// What the clients saw, shared by their tasks.
#[derive(Default)]
struct Seen {
    /// Echoes of a client's own messages: acknowledgements.
    acked: Mutex<Vec<Msg>>,
    /// The other side's messages.
    shown: Mutex<Vec<Msg>>,
    /// Error frames (none are expected).
    errors: Mutex<Vec<Value>>,
    acks: AtomicUsize,
    enough: tokio::sync::Notify,
}

impl Seen {
    fn ack(&self, m: Msg) {
        if let Ok(mut a) = self.acked.lock() {
            a.push(m);
        }
        if self.acks.fetch_add(1, Ordering::SeqCst) + 1 == KILL_AFTER {
            self.enough.notify_one();
        }
    }

    fn show(&self, m: Msg) {
        if let Ok(mut s) = self.shown.lock() {
            s.push(m);
        }
    }

    fn error(&self, v: Value) {
        if let Ok(mut e) = self.errors.lock() {
            e.push(v);
        }
    }

    fn take(list: &Mutex<Vec<Msg>>) -> Vec<Msg> {
        list.lock()
            .map(|mut l| std::mem::take(&mut *l))
            .unwrap_or_default()
    }
}

/// A visitor writing as fast as it is acknowledged until its socket dies;
/// returns every message it sent as (cid, text).
async fn visitor(mut ws: Ws, conv: String, seen: Arc<Seen>) -> Vec<(String, String)> {
    let mut sent = Vec::new();
    let mut open = 0;
    loop {
        while open < WINDOW {
            let n = sent.len() + 1;
            let (cid, text) = (format!("v{n}"), format!("{conv}: bezoeker {n}"));
            if send(&mut ws, &json!({"t": "msg", "cid": cid, "text": text}))
                .await
                .is_err()
            {
                return sent;
            }
            sent.push((cid, text));
            open += 1;
        }
        let Ok(Some(v)) = next_json(&mut ws).await else {
            return sent;
        };
        match Msg::parse(&v) {
            Some(mut m) => {
                m.conv = Some(conv.clone());
                if m.from == Side::Visitor {
                    open -= 1;
                    seen.ack(m);
                } else {
                    seen.show(m);
                }
            }
            None if v["t"] == "error" => {
                open -= 1;
                seen.error(v);
            }
            None => {}
        }
    }
}

/// A counsellor answering every visitor message until its socket dies.
async fn counsellor(mut ws: Ws, seen: Arc<Seen>) {
    let mut n = 0;
    while let Ok(Some(v)) = next_json(&mut ws).await {
        let Some(m) = Msg::parse(&v) else {
            if v["t"] == "error" {
                seen.error(v);
            }
            continue;
        };
        if m.from == Side::Counsellor {
            seen.ack(m);
            continue;
        }
        let conv = m.conv.clone().unwrap_or_default();
        seen.show(m);
        n += 1;
        let reply = json!({"t": "msg", "conv": conv, "cid": format!("c{n}"), "text": format!("{conv}: hulpverlener {n}")});
        if send(&mut ws, &reply).await.is_err() {
            return;
        }
    }
}

async fn within<T>(what: &str, f: impl std::future::Future<Output = T>) -> R<T> {
    tokio::time::timeout(PATIENCE, f)
        .await
        .map_err(|_| format!("{what}: no progress in {PATIENCE:?}").into())
}

/// Counts of one run, printed by the test.
struct Run {
    acked: Vec<Msg>,
    shown: Vec<Msg>,
    sent: Vec<(zicht_loadtest::Visitor, Vec<(String, String)>)>,
}

/// Chats until [`KILL_AFTER`] acknowledgements, then kills the server with
/// SIGKILL. The counsellors' consoles are on `counsellors_at` (another
/// instance that lives on) when given, else on the same server.
async fn chat_and_kill(server: Server, counsellors_at: Option<&str>) -> R<Run> {
    let addr = server.addr.clone();
    let setup = zicht_loadtest::setup(&addr, PAIRS, PER_COUNSELLOR, "1").await?;
    let seen = Arc::new(Seen::default());
    let mut counsellors = Vec::new();
    for staff in &setup.counsellors {
        let at = counsellors_at.unwrap_or(&addr);
        let (ws, _) = zicht_loadtest::counsellor_ws(at, &staff.cookie).await?;
        counsellors.push(tokio::spawn(counsellor(ws, seen.clone())));
    }
    let mut visitors = Vec::new();
    for v in &setup.visitors {
        let (ws, history, state) = zicht_loadtest::visitor_ws(&addr, &v.token, 0).await?;
        assert!(history.is_empty() && state["state"] == "active", "{state}");
        visitors.push((
            v.clone(),
            tokio::spawn(visitor(ws, v.conv.clone(), seen.clone())),
        ));
    }
    let acks = &seen.acks;
    within("acknowledgements", seen.enough.notified())
        .await
        .map_err(|e| format!("{e} ({} acknowledged)", acks.load(Ordering::SeqCst)))?;
    server.kill_9()?;
    let mut sent = Vec::new();
    for (v, task) in visitors {
        sent.push((v, within("visitor after the kill", task).await??));
    }
    if counsellors_at.is_some() {
        // Their instance lives on: let the last replies be acknowledged, then stop.
        tokio::time::sleep(std::time::Duration::from_secs(2)).await;
        for task in &counsellors {
            task.abort();
        }
    } else {
        for task in counsellors {
            within("counsellor after the kill", task).await??;
        }
    }
    let errors = seen.errors.lock().map(|e| e.clone()).unwrap_or_default();
    assert!(errors.is_empty(), "error frames: {errors:?}");
    Ok(Run {
        acked: Seen::take(&seen.acked),
        shown: Seen::take(&seen.shown),
        sent,
    })
}

/// After the restart: each visitor resumes from `seq` 0 (every acknowledged
/// and shown message must come back) and re-sends what it never saw
/// acknowledged; returns (re-sent, of those already stored before the kill,
/// the acknowledgements of the re-sent ones).
async fn resume_and_resend(addr: &str, run: &Run) -> R<(usize, usize, Vec<Msg>)> {
    let mut by_conv: HashMap<&str, BTreeSet<&Msg>> = HashMap::new();
    for m in run.acked.iter().chain(&run.shown) {
        by_conv
            .entry(m.conv.as_deref().unwrap_or(""))
            .or_default()
            .insert(m);
    }
    let (mut resent, mut already, mut acks) = (0, 0, Vec::new());
    for (v, sent) in &run.sent {
        let (mut ws, history, state) = zicht_loadtest::visitor_ws(addr, &v.token, 0).await?;
        assert_eq!(state["state"], "active", "{state}");
        let history: BTreeSet<Msg> = history
            .into_iter()
            .map(|mut m| {
                m.conv = Some(v.conv.clone());
                m
            })
            .collect();
        for m in by_conv.get(v.conv.as_str()).into_iter().flatten() {
            assert!(history.contains(*m), "not resumed after the restart: {m:?}");
        }
        let acked: BTreeSet<&str> = by_conv
            .get(v.conv.as_str())
            .into_iter()
            .flatten()
            .filter(|m| m.from == Side::Visitor)
            .map(|m| m.cid.as_str())
            .collect();
        let mut waiting = BTreeSet::new();
        for (cid, text) in sent.iter().filter(|(cid, _)| !acked.contains(cid.as_str())) {
            send(&mut ws, &json!({"t": "msg", "cid": cid, "text": text})).await?;
            waiting.insert(cid.clone());
            resent += 1;
            if history
                .iter()
                .any(|m| m.from == Side::Visitor && &m.cid == cid)
            {
                already += 1;
            }
        }
        while !waiting.is_empty() {
            let v2 = within("re-sent acknowledgement", next_json(&mut ws))
                .await??
                .ok_or("socket closed")?;
            if let Some(mut m) = Msg::parse(&v2)
                && m.from == Side::Visitor
            {
                waiting.remove(&m.cid);
                m.conv = Some(v.conv.clone());
                acks.push(m);
            } else if v2["t"] == "error" {
                return Err(format!("re-send refused: {v2}").into());
            }
        }
    }
    Ok((resent, already, acks))
}

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("crash-{}", std::process::id()))
}

#[test]
fn no_acknowledged_message_is_lost_when_the_server_is_killed() -> R {
    let dir = data_dir();
    let _ = std::fs::remove_dir_all(&dir);
    zicht_loadtest::prepare(
        &dir,
        zicht_server::config::DEFAULT_CONFIG,
        PAIRS,
        PAIRS.div_ceil(PER_COUNSELLOR),
    )?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let run = rt.block_on(chat_and_kill(serve(&dir)?, None))?;
    let again = serve(&dir)?;
    check_after_the_kill(&rt, &dir, &again.addr, &run, "crash")?;
    again.kill_9()?;
    std::fs::remove_dir_all(&dir)?;
    Ok(())
}

/// The checks after the kill: every acknowledged or shown message stored
/// once (read from the store of `dir`), every conversation resumed on the
/// server at `again`, every unacknowledged message re-sent and stored once.
fn check_after_the_kill(
    rt: &tokio::runtime::Runtime,
    dir: &Path,
    again: &str,
    run: &Run,
    label: &str,
) -> R {
    let acked = zicht_loadtest::check_store(dir, &run.acked)?;
    let shown = zicht_loadtest::check_store(dir, &run.shown)?;
    let all: Vec<Msg> = run.acked.iter().chain(&run.shown).cloned().collect();
    let before = zicht_loadtest::check_store(dir, &all)?;
    let visitor_acks = run.acked.iter().filter(|m| m.from == Side::Visitor).count();
    println!(
        "{label}: {} acknowledged ({visitor_acks} visitor, {} counsellor) and {} shown before kill -9; \
         after the restart {} + {} found, {} + {} lost; {} messages stored in {} conversations, \
         {} of them never seen by a client (in flight at the kill)",
        acked.seen,
        acked.seen - visitor_acks,
        shown.seen,
        acked.found,
        shown.found,
        acked.lost.len(),
        shown.lost.len(),
        before.stored,
        before.conversations,
        before.stored - before.seen,
    );
    assert!(acked.seen >= KILL_AFTER, "{} acknowledged", acked.seen);
    assert!(
        acked.lost.is_empty(),
        "acknowledged but lost: {:?}",
        acked.lost
    );
    assert!(shown.lost.is_empty(), "shown but lost: {:?}", shown.lost);
    assert_eq!(before.duplicates, 0);

    let (resent, already, acks) = rt.block_on(resume_and_resend(again, run))?;
    let after: Vec<Msg> = all.into_iter().chain(acks).collect();
    let last = zicht_loadtest::check_store(dir, &after)?;
    let sent: usize = run.sent.iter().map(|(_, s)| s.len()).sum();
    println!(
        "{label}: resumed every conversation; {resent} unacknowledged visitor messages re-sent \
         ({already} of them already stored), now {} stored, {} duplicates; {sent} visitor messages sent in all",
        last.stored, last.duplicates
    );
    assert!(last.lost.is_empty(), "lost: {:?}", last.lost);
    assert_eq!(last.duplicates, 0, "a re-sent message was stored twice");
    // Every visitor message ever sent is now stored (acknowledged before or after the restart).
    let visitor_stored = after
        .iter()
        .filter(|m| m.from == Side::Visitor)
        .map(|m| (&m.conv, &m.cid))
        .collect::<BTreeSet<_>>()
        .len();
    assert_eq!(visitor_stored, sent);
    Ok(())
}

/// Two instances on one PostgreSQL database: the visitors on one, their
/// counsellors on the other. The visitors' instance is killed with SIGKILL
/// under load; they reconnect to the other and resume by `seq`, and every
/// acknowledged or shown message is in the store exactly once.
#[test]
fn no_acknowledged_message_is_lost_when_one_of_two_instances_is_killed() -> R {
    let Some(db) = zicht_store::testdb::TestDb::create("crash-instances")? else {
        return Ok(());
    };
    let (dir_a, dir_b) = support::two_folders(
        &db,
        "crash-instances",
        PAIRS,
        PAIRS.div_ceil(PER_COUNSELLOR),
    )?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let (a, b) = (serve(&dir_a)?, serve(&dir_b)?);
    let run = rt.block_on(chat_and_kill(a, Some(&b.addr)))?;
    check_after_the_kill(&rt, &dir_b, &b.addr, &run, "crash across instances")?;
    b.kill_9()?;
    let _ = std::fs::remove_dir_all(dir_a.parent().unwrap_or(&dir_a));
    Ok(())
}
