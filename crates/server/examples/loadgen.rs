//! Load generator and crash test for `zicht serve`, with a plain WebSocket echo server as baseline.
//!
//! ```sh
//! ulimit -n 20000
//! cargo run --release -p zicht-server --example loadgen -- --pairs 10000 --per-counsellor 4 --rate 0.1 --seconds 30
//! cargo run --release -p zicht-server --example loadgen -- --pairs 2000 --rate 1 --seconds 20 --crash
//! ```
//! It starts the server (and the echo server) as child processes of itself,
//! opens N visitor WebSockets and N/K counsellor WebSockets on loopback, lets
//! every visitor write `--rate` messages per second and every counsellor answer
//! each one, and reports delivered messages/s, p50/p99 delivery latency (sender
//! to other side) and the server's memory per connection, next to the echo
//! server under the same number of connections and messages. `--crash` kills
//! the server with SIGKILL half-way, restarts it on the same data and checks
//! that every acknowledged message is in the store. `--plain` runs the chat a
//! second time with transcripts stored unsealed (the baseline of encryption at
//! rest, never reachable from zicht itself) and prints the cost of encryption:
//! ```sh
//! cargo run --release -p zicht-server --example loadgen -- --pairs 1000 --rate 0.5 --seconds 20 --no-echo --plain
//! ```
//! `--postgres` (with `ZICHT_TEST_POSTGRES` naming a server where databases
//! may be created) runs the same chat on SQLite, on one instance on
//! PostgreSQL and on two instances on PostgreSQL (visitors on one, their
//! counsellors on the other: every message crosses between the instances),
//! each on a fresh database, and prints the three side by side with the
//! ratio two instances : one (`bench/instances.sh`).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;
use zicht_loadtest::{Msg, Setup, Ws, ws_connect};

type R<T = ()> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

// ---------------------------------------------------------------- options

#[derive(Clone, Debug)]
struct Opts {
    pairs: usize,
    per_counsellor: usize,
    rate: f64,
    seconds: u64,
    crash: bool,
    data: Option<PathBuf>,
    skip_echo: bool,
    plain: bool,
    postgres: bool,
}

fn opts() -> Opts {
    let mut o = Opts {
        pairs: 1000,
        per_counsellor: 4,
        rate: 0.2,
        seconds: 20,
        crash: false,
        data: None,
        skip_echo: false,
        plain: false,
        postgres: false,
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < args.len() {
        let v = args.get(i + 1).cloned().unwrap_or_default();
        match args[i].as_str() {
            "--pairs" => o.pairs = v.parse().expect("--pairs N"),
            "--per-counsellor" => o.per_counsellor = v.parse().expect("--per-counsellor K"),
            "--rate" => o.rate = v.parse().expect("--rate MSGS_PER_S"),
            "--seconds" => o.seconds = v.parse().expect("--seconds S"),
            "--data" => o.data = Some(PathBuf::from(v)),
            "--crash" => {
                o.crash = true;
                i += 1;
                continue;
            }
            "--postgres" => {
                o.postgres = true;
                i += 1;
                continue;
            }
            "--plain" => {
                o.plain = true;
                i += 1;
                continue;
            }
            "--no-echo" => {
                o.skip_echo = true;
                i += 1;
                continue;
            }
            other => panic!("unknown argument {other}"),
        }
        i += 2;
    }
    o
}

// ---------------------------------------------------------------- child processes

fn main() -> R {
    let args: Vec<String> = std::env::args().collect();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    match args.get(1).map(String::as_str) {
        Some("child-serve") => rt.block_on(child_serve(
            PathBuf::from(&args[2]),
            args.get(3).map(String::as_str) == Some("plain"),
        )),
        Some("child-echo") => rt.block_on(child_echo()),
        _ => rt.block_on(orchestrate(opts())),
    }
}

async fn child_serve(dir: PathBuf, plain: bool) -> R {
    let app = if plain {
        let config = zicht_server::Config::load_or_create(&dir)?;
        let vault = zicht_store::vault::Vault::plaintext_baseline_for_benchmarks()?;
        zicht_server::open_with_vault(&dir, config, vault)?
    } else {
        zicht_server::open(&dir)?
    };
    let addr = zicht_server::spawn(app, "127.0.0.1:0").await?;
    println!("READY {addr}");
    std::future::pending::<()>().await;
    Ok(())
}

async fn child_echo() -> R {
    use axum::extract::ws::{Message as M, WebSocketUpgrade};
    let router = axum::Router::new().route(
        "/ws",
        axum::routing::get(|ws: WebSocketUpgrade| async move {
            // The same buffer sizes as the chat, so the comparison is like for like.
            ws.read_buffer_size(zicht_server::WS_BUFFER)
                .write_buffer_size(zicht_server::WS_BUFFER)
                .on_upgrade(|mut socket| async move {
                    while let Some(Ok(m)) = socket.recv().await {
                        if let M::Text(_) = m
                            && socket.send(m).await.is_err()
                        {
                            break;
                        }
                    }
                })
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    println!("READY {}", listener.local_addr()?);
    axum::serve(listener, router).await?;
    Ok(())
}

struct ChildProc {
    child: Child,
    addr: String,
}

fn spawn_child(args: &[&str]) -> R<ChildProc> {
    let exe = std::env::current_exe()?;
    let mut child = Command::new(exe)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()?;
    let stdout = child.stdout.take().ok_or("no stdout")?;
    let mut line = String::new();
    std::io::BufReader::new(stdout).read_line(&mut line)?;
    let addr = line
        .trim()
        .strip_prefix("READY ")
        .ok_or("child did not start")?
        .to_string();
    Ok(ChildProc { child, addr })
}

fn rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

/// CPU time (user + system) of a process so far, in seconds.
fn cpu_seconds(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // Fields after the command name in parentheses; utime and stime are fields 14 and 15.
    let rest = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = f.get(11).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0)
        + f.get(12).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    ticks / 100.0
}

// ---------------------------------------------------------------- measurements

#[derive(Default)]
struct Stats {
    measuring: AtomicBool,
    stop: AtomicBool,
    delivered: AtomicU64,
    sent: AtomicU64,
    errors: AtomicU64,
    latencies: Mutex<Vec<u64>>,
    /// Visitor message sent -> its acknowledgement (the committed echo) back.
    ack_latencies: Mutex<Vec<u64>>,
    /// Acknowledged messages: (conversation, seq, text).
    acked: Mutex<Vec<Msg>>,
}

fn micros(start: Instant) -> u64 {
    u64::try_from(start.elapsed().as_micros()).unwrap_or(u64::MAX)
}

fn percentile(sorted: &[u64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let idx = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[idx.min(sorted.len() - 1)] as f64 / 1000.0
}

struct Report {
    connections: usize,
    delivered_per_s: f64,
    p50: f64,
    p99: f64,
    max: f64,
    rss_idle_kib: u64,
    rss_loaded_kib: u64,
    errors: u64,
    /// Server CPU seconds per second of the measuring window.
    cpu_load: f64,
}

impl Report {
    fn print(&self, name: &str) {
        let per_conn = (self.rss_loaded_kib.saturating_sub(self.rss_idle_kib)) as f64
            / self.connections.max(1) as f64;
        println!(
            "{name:<8} connections {:>6}  delivered {:>9.1} msg/s  p50 {:>7.2} ms  p99 {:>7.2} ms  max {:>8.2} ms  rss {:>7.1} MiB  {:>5.1} KiB/connection  server cpu {:.2} cores ({:.0} us/msg)  errors {}",
            self.connections,
            self.delivered_per_s,
            self.p50,
            self.p99,
            self.max,
            self.rss_loaded_kib as f64 / 1024.0,
            per_conn,
            self.cpu_load,
            self.cpu_load * 1e6 / self.delivered_per_s.max(1e-9),
            self.errors
        );
    }
}

fn text_ts(text: &str) -> Option<u64> {
    text.rsplit("t=").next()?.parse().ok()
}

// ---------------------------------------------------------------- the zicht run

async fn visitor_task(mut ws: Ws, conv: String, rate: f64, t0: Instant, stats: Arc<Stats>) {
    let period = Duration::from_secs_f64(1.0 / rate);
    let offset = Duration::from_secs_f64(rand::random::<f64>() / rate);
    let mut tick = tokio::time::interval_at(tokio::time::Instant::now() + offset, period);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut n = 0u64;
    loop {
        tokio::select! {
            _ = tick.tick() => {
                if stats.stop.load(Ordering::Relaxed) { break; }
                n += 1;
                let f = json!({"t": "msg", "cid": format!("v{n}"), "text": format!("bericht {n} t={}", micros(t0))});
                if ws.send(Message::Text(f.to_string().into())).await.is_err() { stats.errors.fetch_add(1, Ordering::Relaxed); break; }
                stats.sent.fetch_add(1, Ordering::Relaxed);
            }
            m = ws.next() => {
                let Some(Ok(Message::Text(t))) = m else {
                    if matches!(m, Some(Ok(_))) { continue; }
                    break;
                };
                let Ok(v) = serde_json::from_str::<Value>(&t) else { continue };
                if v["t"] != "msg" { if v["t"] == "error" { stats.errors.fetch_add(1, Ordering::Relaxed); } continue; }
                let text = v["text"].as_str().unwrap_or("");
                if v["from"] == "visitor" {
                    if let Some(mut m) = Msg::parse(&v) {
                        m.conv = Some(conv.clone());
                        stats.acked.lock().unwrap().push(m);
                    }
                    if let Some(ts) = text_ts(text)
                        && stats.measuring.load(Ordering::Relaxed) {
                            stats.ack_latencies.lock().unwrap().push(micros(t0).saturating_sub(ts));
                        }
                } else if let Some(ts) = text_ts(text)
                    && stats.measuring.load(Ordering::Relaxed) {
                        stats.delivered.fetch_add(1, Ordering::Relaxed);
                        stats.latencies.lock().unwrap().push(micros(t0).saturating_sub(ts));
                    }
            }
        }
    }
}

async fn counsellor_task(mut ws: Ws, t0: Instant, stats: Arc<Stats>) {
    let mut n = 0u64;
    while let Some(m) = ws.next().await {
        let Ok(Message::Text(t)) = m else {
            if m.is_ok() {
                continue;
            }
            break;
        };
        let Ok(v) = serde_json::from_str::<Value>(&t) else {
            continue;
        };
        if v["t"] != "msg" {
            continue;
        }
        let conv = v["conv"].as_str().unwrap_or("").to_string();
        let text = v["text"].as_str().unwrap_or("");
        if v["from"] == "visitor" {
            if let Some(ts) = text_ts(text)
                && stats.measuring.load(Ordering::Relaxed)
            {
                stats.delivered.fetch_add(1, Ordering::Relaxed);
                stats
                    .latencies
                    .lock()
                    .unwrap()
                    .push(micros(t0).saturating_sub(ts));
            }
            if stats.stop.load(Ordering::Relaxed) {
                continue;
            }
            n += 1;
            let f = json!({"t": "msg", "conv": conv, "cid": format!("c{n}"), "text": format!("antwoord t={}", micros(t0))});
            if ws.send(Message::Text(f.to_string().into())).await.is_err() {
                break;
            }
            stats.sent.fetch_add(1, Ordering::Relaxed);
        } else if let Some(m) = Msg::parse(&v) {
            stats.acked.lock().unwrap().push(m);
        }
    }
}

async fn connect_all(
    addrs: &[String],
    s: &Setup,
    t0: Instant,
    rate: f64,
    stats: &Arc<Stats>,
) -> R<Vec<tokio::task::JoinHandle<()>>> {
    let limit = Arc::new(tokio::sync::Semaphore::new(200));
    let mut tasks = Vec::new();
    let mut pending = Vec::new();
    // With several instances a counsellor's console is on the instance after
    // its visitors' one: every message crosses between the instances.
    for (j, staff) in s.counsellors.iter().enumerate() {
        let addr = addrs[(j + 1) % addrs.len()].clone();
        let (cookie, limit) = (staff.cookie.clone(), limit.clone());
        pending.push(tokio::spawn(async move {
            let _p = limit.acquire().await;
            // The resume answer comes before the load starts.
            let (ws, _) = zicht_loadtest::counsellor_ws(&addr, &cookie).await?;
            Ok::<_, zicht_loadtest::LoadError>(ws)
        }));
    }
    for p in pending {
        let ws = p.await??;
        tasks.push(tokio::spawn(counsellor_task(ws, t0, stats.clone())));
    }
    let mut pending = Vec::new();
    for v in &s.visitors {
        let addr = addrs[v.counsellor % addrs.len()].clone();
        let (v, limit) = (v.clone(), limit.clone());
        pending.push(tokio::spawn(async move {
            let _p = limit.acquire().await;
            let (ws, _, _) = zicht_loadtest::visitor_ws(&addr, &v.token, 0).await?;
            Ok::<_, zicht_loadtest::LoadError>((ws, v.conv))
        }));
    }
    for p in pending {
        let (ws, conv) = p.await??;
        tasks.push(tokio::spawn(visitor_task(
            ws,
            conv,
            rate,
            t0,
            stats.clone(),
        )));
    }
    Ok(tasks)
}

fn summarize(
    stats: &Stats,
    seconds: f64,
    connections: usize,
    rss_idle: u64,
    rss_loaded: u64,
) -> Report {
    let mut l = std::mem::take(&mut *stats.latencies.lock().unwrap());
    l.sort_unstable();
    Report {
        connections,
        delivered_per_s: stats.delivered.load(Ordering::Relaxed) as f64 / seconds,
        p50: percentile(&l, 0.5),
        p99: percentile(&l, 0.99),
        max: l.last().map(|&m| m as f64 / 1000.0).unwrap_or(f64::NAN),
        rss_idle_kib: rss_idle,
        rss_loaded_kib: rss_loaded,
        errors: stats.errors.load(Ordering::Relaxed),
        cpu_load: 0.0,
    }
}

/// Runs the chat on one instance on SQLite in `dir` (`pg` None), or on
/// `instances` instances sharing the PostgreSQL database `url`.
async fn run_zicht(o: &Opts, dir: &Path, plain: bool, pg: Option<(&str, usize)>) -> R<Report> {
    let base = match pg {
        Some((url, _)) => format!(
            "database = \"{url}\"\n{}",
            zicht_server::config::DEFAULT_CONFIG
        ),
        None => zicht_server::config::DEFAULT_CONFIG.to_string(),
    };
    zicht_loadtest::prepare(dir, &base, o.pairs, o.pairs.div_ceil(o.per_counsellor))?;
    let mut dirs = vec![dir.to_path_buf()];
    for k in 1..pg.map_or(1, |(_, n)| n) {
        let other = dir.with_extension(format!("i{k}"));
        let _ = std::fs::remove_dir_all(&other);
        std::fs::create_dir_all(&other)?;
        std::fs::copy(dir.join("zicht.toml"), other.join("zicht.toml"))?;
        let key = zicht_store::vault::default_key_path(dir);
        if key.exists() {
            std::fs::copy(&key, zicht_store::vault::default_key_path(&other))?;
        }
        dirs.push(other);
    }
    let mode = if plain { "plain" } else { "sealed" };
    let mut servers = Vec::new();
    for d in &dirs {
        servers.push(spawn_child(&["child-serve", &d.to_string_lossy(), mode])?);
    }
    let pids: Vec<u32> = servers.iter().map(|s| s.child.id()).collect();
    let pid = pids[0];
    println!("zicht: server pid(s) {pids:?}");
    tokio::time::sleep(Duration::from_millis(300)).await;
    let rss_idle: u64 = pids.iter().map(|&p| rss_kib(p)).sum();
    let run = format!("{}", std::process::id() % 100_000);
    let t_setup = Instant::now();
    let addrs: Vec<String> = servers.iter().map(|s| s.addr.clone()).collect();
    let s = zicht_loadtest::setup(&addrs[0], o.pairs, o.per_counsellor, &run).await?;
    let stats = Arc::new(Stats::default());
    let t0 = Instant::now();
    let tasks = connect_all(&addrs, &s, t0, o.rate, &stats).await?;
    let connections = s.visitors.len() + s.counsellors.len();
    println!(
        "zicht: {} conversations, {connections} connections ready in {:.1} s",
        s.visitors.len(),
        t_setup.elapsed().as_secs_f64()
    );
    let rss_loaded: u64 = pids.iter().map(|&p| rss_kib(p)).sum();
    // Warm up, then measure.
    tokio::time::sleep(Duration::from_secs(3)).await;
    stats.measuring.store(true, Ordering::Relaxed);
    let measure_start = Instant::now();
    let cpu_all = || pids.iter().map(|&p| cpu_seconds(p)).sum::<f64>();
    let cpu0 = cpu_all();
    if o.crash {
        tokio::time::sleep(Duration::from_secs(o.seconds / 2)).await;
        println!("crash: kill -9 the server (pid {pid}) under load");
        servers[0].child.kill()?;
        servers[0].child.wait()?;
        tokio::time::sleep(Duration::from_secs(2)).await;
    } else {
        tokio::time::sleep(Duration::from_secs(o.seconds)).await;
    }
    stats.measuring.store(false, Ordering::Relaxed);
    let secs = measure_start.elapsed().as_secs_f64();
    let cpu = cpu_all() - cpu0;
    stats.stop.store(true, Ordering::Relaxed);
    // Let answers in flight arrive.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let mut report = summarize(&stats, secs, connections, rss_idle, rss_loaded);
    report.cpu_load = if o.crash { f64::NAN } else { cpu / secs };
    let mut acks = std::mem::take(&mut *stats.ack_latencies.lock().unwrap());
    acks.sort_unstable();
    println!(
        "zicht: acknowledgement (send -> committed echo) p50 {:.2} ms, p99 {:.2} ms over {} messages",
        percentile(&acks, 0.5),
        percentile(&acks, 0.99),
        acks.len()
    );
    for t in &tasks {
        t.abort();
    }
    if o.crash {
        verify_after_crash(dir, &stats)?;
    } else {
        let sent = stats.sent.load(Ordering::Relaxed);
        let acked = stats.acked.lock().unwrap().len();
        println!("zicht: {sent} messages sent, {acked} acknowledged (each after its commit)");
    }
    for mut server in servers.into_iter().skip(usize::from(o.crash)) {
        server.child.kill()?;
        server.child.wait()?;
    }
    Ok(report)
}

fn verify_after_crash(dir: &Path, stats: &Stats) -> R {
    let acked = std::mem::take(&mut *stats.acked.lock().unwrap());
    // Restart the server on the same data: it must come up and recover.
    let dir_s = dir.to_string_lossy().to_string();
    let mut again = spawn_child(&["child-serve", &dir_s])?;
    println!("crash: server restarted on {}", again.addr);
    let check = zicht_loadtest::check_store(dir, &acked)?;
    let lost = check.lost.len();
    println!(
        "crash: {} acknowledged messages, {} found after restart, {lost} lost ({} stored in those conversations; stored but unacknowledged ones were in flight at the kill)",
        check.seen, check.found, check.stored
    );
    again.child.kill()?;
    again.child.wait()?;
    if lost > 0 {
        return Err(format!("{lost} acknowledged message(s) lost").into());
    }
    Ok(())
}

// ---------------------------------------------------------------- the echo baseline

async fn run_echo(o: &Opts, connections: usize, per_connection_rate: f64) -> R<Report> {
    let mut echo = spawn_child(&["child-echo"])?;
    let pid = echo.child.id();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let rss_idle = rss_kib(pid);
    let stats = Arc::new(Stats::default());
    let t0 = Instant::now();
    let limit = Arc::new(tokio::sync::Semaphore::new(200));
    let mut pending = Vec::new();
    for _ in 0..connections {
        let (url, limit) = (format!("ws://{}/ws", echo.addr), limit.clone());
        pending.push(tokio::spawn(async move {
            let _p = limit.acquire().await;
            ws_connect(&url, None).await
        }));
    }
    let mut tasks = Vec::new();
    for p in pending {
        let mut ws = p.await??;
        let stats = stats.clone();
        tasks.push(tokio::spawn(async move {
            let period = Duration::from_secs_f64(1.0 / per_connection_rate);
            let offset = Duration::from_secs_f64(rand::random::<f64>() / per_connection_rate);
            let mut tick = tokio::time::interval_at(tokio::time::Instant::now() + offset, period);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tokio::select! {
                    _ = tick.tick() => {
                        if stats.stop.load(Ordering::Relaxed) { break; }
                        let f = json!({"t": "msg", "cid": "e", "text": format!("echo t={}", micros(t0))});
                        if ws.send(Message::Text(f.to_string().into())).await.is_err() { break; }
                    }
                    m = ws.next() => {
                        let Some(Ok(Message::Text(t))) = m else { break };
                        if let Ok(v) = serde_json::from_str::<Value>(&t)
                            && let Some(ts) = text_ts(v["text"].as_str().unwrap_or(""))
                                && stats.measuring.load(Ordering::Relaxed) {
                                    stats.delivered.fetch_add(1, Ordering::Relaxed);
                                    stats.latencies.lock().unwrap().push(micros(t0).saturating_sub(ts));
                                }
                    }
                }
            }
        }));
    }
    let rss_loaded = rss_kib(pid);
    tokio::time::sleep(Duration::from_secs(3)).await;
    stats.measuring.store(true, Ordering::Relaxed);
    let start = Instant::now();
    let cpu0 = cpu_seconds(pid);
    tokio::time::sleep(Duration::from_secs(o.seconds)).await;
    stats.measuring.store(false, Ordering::Relaxed);
    let secs = start.elapsed().as_secs_f64();
    let cpu = cpu_seconds(pid) - cpu0;
    stats.stop.store(true, Ordering::Relaxed);
    let mut report = summarize(&stats, secs, connections, rss_idle, rss_loaded);
    report.cpu_load = cpu / secs;
    for t in &tasks {
        t.abort();
    }
    echo.child.kill()?;
    echo.child.wait()?;
    Ok(report)
}

async fn orchestrate(o: Opts) -> R {
    let dir = o.data.clone().unwrap_or_else(|| {
        std::env::temp_dir().join(format!("zicht-loadgen-{}", std::process::id()))
    });
    let _ = std::fs::remove_dir_all(&dir);
    println!(
        "loadgen: {} pairs, {} conversations per counsellor, {} msg/s per visitor (each answered), {} s, data {}",
        o.pairs,
        o.per_counsellor,
        o.rate,
        o.seconds,
        dir.display()
    );
    if o.postgres {
        return compare_instances(&o, &dir).await;
    }
    let zicht = run_zicht(&o, &dir, false, None).await?;
    zicht.print("zicht");
    if o.plain && !o.crash {
        let plain_dir = dir.with_extension("plain");
        let _ = std::fs::remove_dir_all(&plain_dir);
        let plain = run_zicht(&o, &plain_dir, true, None).await?;
        plain.print("plain");
        println!(
            "ratio encrypted/plain: delivered msg/s {:.3}, p50 {:.3}, p99 {:.3}, server cpu {:.3}",
            zicht.delivered_per_s / plain.delivered_per_s,
            zicht.p50 / plain.p50,
            zicht.p99 / plain.p99,
            zicht.cpu_load / plain.cpu_load.max(1e-9)
        );
    }
    if o.crash || o.skip_echo {
        return Ok(());
    }
    // Same connections, same message count: each echo connection sends what a
    // visitor and its counsellor send together.
    let per_connection = o.rate * 2.0 * o.pairs as f64 / zicht.connections as f64;
    let echo = run_echo(&o, zicht.connections, per_connection).await?;
    echo.print("echo");
    println!(
        "ratio zicht/echo: delivered {:.2}, p50 {:.2}, p99 {:.2}, memory per connection {:.2}",
        zicht.delivered_per_s / echo.delivered_per_s,
        zicht.p50 / echo.p50,
        zicht.p99 / echo.p99,
        (zicht.rss_loaded_kib.saturating_sub(zicht.rss_idle_kib)) as f64
            / (echo.rss_loaded_kib.saturating_sub(echo.rss_idle_kib)).max(1) as f64
    );
    Ok(())
}

/// SQLite, one instance on PostgreSQL and two on PostgreSQL, in one run.
async fn compare_instances(o: &Opts, dir: &Path) -> R {
    let sqlite = run_zicht(o, dir, false, None).await?;
    sqlite.print("sqlite");
    let mut rows = vec![("SQLite", 1, sqlite)];
    for n in [1, 2] {
        let db = zicht_store::testdb::TestDb::create("loadgen")?.ok_or(
            "--postgres needs ZICHT_TEST_POSTGRES (a server where databases may be created)",
        )?;
        let d = dir.with_extension(format!("pg{n}"));
        let _ = std::fs::remove_dir_all(&d);
        let report = run_zicht(o, &d, false, Some((&db.url, n))).await?;
        report.print(&format!("pg x{n}"));
        rows.push(("PostgreSQL", n, report));
    }
    println!();
    println!(
        "| store | instances | conversations | delivered msg/s | p50 ms | p99 ms | KiB per connection | server CPU (cores) | errors |"
    );
    println!("|---|---|---|---|---|---|---|---|---|");
    for (store, n, r) in &rows {
        let per_conn =
            r.rss_loaded_kib.saturating_sub(r.rss_idle_kib) as f64 / r.connections.max(1) as f64;
        println!(
            "| {store} | {n} | {} | {:.1} | {:.2} | {:.2} | {:.1} | {:.2} | {} |",
            o.pairs, r.delivered_per_s, r.p50, r.p99, per_conn, r.cpu_load, r.errors
        );
    }
    let (one, two) = (&rows[1].2, &rows[2].2);
    let mem = |r: &Report| {
        r.rss_loaded_kib.saturating_sub(r.rss_idle_kib) as f64 / r.connections.max(1) as f64
    };
    println!(
        "ratio two instances : one (PostgreSQL): delivered msg/s {:.2}, p50 {:.2}, p99 {:.2}, memory per connection {:.2}, server CPU {:.2}",
        two.delivered_per_s / one.delivered_per_s,
        two.p50 / one.p50,
        two.p99 / one.p99,
        mem(two) / mem(one).max(1e-9),
        two.cpu_load / one.cpu_load.max(1e-9)
    );
    println!(
        "ratio one instance PostgreSQL : SQLite: delivered msg/s {:.2}, p50 {:.2}, p99 {:.2}",
        one.delivered_per_s / rows[0].2.delivered_per_s,
        one.p50 / rows[0].2.p50,
        one.p99 / rows[0].2.p99
    );
    Ok(())
}
