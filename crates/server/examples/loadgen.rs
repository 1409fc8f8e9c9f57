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
//! that every acknowledged message is in the store.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

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
        Some("child-serve") => rt.block_on(child_serve(PathBuf::from(&args[2]))),
        Some("child-echo") => rt.block_on(child_echo()),
        _ => rt.block_on(orchestrate(opts())),
    }
}

async fn child_serve(dir: PathBuf) -> R {
    let app = zicht_server::open(&dir)?;
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

// ---------------------------------------------------------------- a keep-alive HTTP/1.1 client

struct Http {
    s: BufReader<TcpStream>,
    host: String,
}

impl Http {
    async fn new(addr: &str) -> R<Http> {
        Ok(Http {
            s: BufReader::new(TcpStream::connect(addr).await?),
            host: addr.to_string(),
        })
    }

    async fn req(
        &mut self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &str,
    ) -> R<(u16, Vec<(String, String)>, String)> {
        let mut req = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n",
            self.host,
            body.len()
        );
        for (k, v) in headers {
            req.push_str(&format!("{k}: {v}\r\n"));
        }
        req.push_str("\r\n");
        req.push_str(body);
        self.s.get_mut().write_all(req.as_bytes()).await?;
        let mut line = String::new();
        self.s.read_line(&mut line).await?;
        let status: u16 = line.split(' ').nth(1).ok_or("status")?.parse()?;
        let mut headers = Vec::new();
        let mut len = 0;
        loop {
            line.clear();
            self.s.read_line(&mut line).await?;
            let l = line.trim_end();
            if l.is_empty() {
                break;
            }
            if let Some((k, v)) = l.split_once(": ") {
                if k.eq_ignore_ascii_case("content-length") {
                    len = v.parse()?;
                }
                headers.push((k.to_string(), v.to_string()));
            }
        }
        let mut buf = vec![0; len];
        self.s.read_exact(&mut buf).await?;
        Ok((status, headers, String::from_utf8(buf)?))
    }
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
    acked: Mutex<Vec<(String, i64, String)>>,
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

struct Setup {
    visitors: Vec<(String, String, usize)>, // (token, conv public id, counsellor index)
    counsellors: Vec<(String, String)>,     // (cookie, csrf)
}

fn write_config(dir: &Path, pairs: usize) -> R {
    let mut text = zicht_server::config::DEFAULT_CONFIG
        .replace("secure_cookies = true", "secure_cookies = false");
    for day in [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ] {
        text = text
            .lines()
            .map(|l| {
                if l.starts_with(&format!("{day} = ")) {
                    format!("{day} = \"00:00-24:00\"")
                } else {
                    l.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
    }
    let cap = (pairs * 2 + 1000).to_string();
    text = text
        .replace(
            "max_connections = 20000",
            &format!("max_connections = {cap}"),
        )
        .replace("max_waiting = 20000", &format!("max_waiting = {cap}"))
        .replace("messages_per_minute = 30", "messages_per_minute = 6000");
    std::fs::create_dir_all(dir)?;
    std::fs::write(dir.join("zicht.toml"), text)?;
    Ok(())
}

/// Synthetic counsellor accounts with cheap argon2 parameters (load testing only).
fn add_counsellors(dir: &Path, n: usize) -> R {
    use argon2::password_hash::PasswordHasher;
    let params = argon2::Params::new(8, 1, 1, None).map_err(|e| e.to_string())?;
    let hasher = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
    let hash = hasher
        .hash_password(b"loadgen-password")
        .map_err(|e| e.to_string())?
        .to_string();
    let store = zicht_store::Store::open(dir)?;
    let c = store.connect()?;
    c.begin()?;
    for i in 0..n {
        match c.add_user(
            &format!("lg{i}"),
            zicht_store::Role::Counsellor,
            &hash,
            "2026-01-01T00:00:00Z",
        ) {
            Ok(_) | Err(zicht_store::StoreError::UserExists(_)) => {}
            Err(e) => return Err(e.into()),
        }
    }
    c.commit()?;
    Ok(())
}

async fn setup(addr: &str, o: &Opts, run: &str) -> R<Setup> {
    let k = o.pairs.div_ceil(o.per_counsellor);
    // Log in every counsellor.
    let mut counsellors = Vec::with_capacity(k);
    let mut http = Http::new(addr).await?;
    for i in 0..k {
        let body = json!({"name": format!("lg{i}"), "password": "loadgen-password"}).to_string();
        let (status, headers, body) = http.req("POST", "/console/api/login", &[], &body).await?;
        if status != 200 {
            return Err(format!("login lg{i}: {status} {body}").into());
        }
        let cookie = headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("set-cookie"))
            .and_then(|(_, v)| v.split(';').next())
            .ok_or("cookie")?
            .to_string();
        let csrf = serde_json::from_str::<Value>(&body)?["csrf"]
            .as_str()
            .ok_or("csrf")?
            .to_string();
        counsellors.push((cookie, csrf));
    }
    // Start every conversation (64 keep-alive connections in parallel).
    let workers = 64.min(o.pairs.max(1));
    let mut handles = Vec::new();
    for w in 0..workers {
        let addr = addr.to_string();
        let run = run.to_string();
        let n = o.pairs;
        handles.push(tokio::spawn(async move {
            let mut http = Http::new(&addr).await?;
            let mut out = Vec::new();
            for i in (w..n).step_by(workers) {
                let body =
                    json!({"username": format!("b{run}x{i}"), "age": "", "gender": ""}).to_string();
                let (status, _, body) = http.req("POST", "/chat/fier/start", &[], &body).await?;
                if status != 200 {
                    return Err::<_, Box<dyn std::error::Error + Send + Sync>>(
                        format!("start: {status} {body}").into(),
                    );
                }
                out.push((
                    i,
                    serde_json::from_str::<Value>(&body)?["token"]
                        .as_str()
                        .ok_or("token")?
                        .to_string(),
                ));
            }
            Ok(out)
        }));
    }
    let mut tokens = vec![String::new(); o.pairs];
    for h in handles {
        for (i, t) in h.await?? {
            tokens[i] = t;
        }
    }
    // Find the conversation ids in the queue and take them.
    let (cookie, _) = &counsellors[0];
    let (_, _, body) = http
        .req("GET", "/console/api/state", &[("Cookie", cookie)], "")
        .await?;
    let state: Value = serde_json::from_str(&body)?;
    let mut by_name = HashMap::new();
    for q in state["queue"].as_array().ok_or("queue")? {
        by_name.insert(
            q["username"].as_str().unwrap_or("").to_string(),
            q["conv"].as_str().unwrap_or("").to_string(),
        );
    }
    let mut visitors = Vec::with_capacity(o.pairs);
    for (i, token) in tokens.into_iter().enumerate() {
        let conv = by_name
            .get(&format!("b{run}x{i}"))
            .ok_or("conversation not in queue")?
            .clone();
        visitors.push((token, conv, i / o.per_counsellor));
    }
    let mut handles = Vec::new();
    for w in 0..workers {
        let addr = addr.to_string();
        let jobs: Vec<(String, String, String)> = visitors
            .iter()
            .skip(w)
            .step_by(workers)
            .map(|(_, conv, c)| {
                (
                    conv.clone(),
                    counsellors[*c].0.clone(),
                    counsellors[*c].1.clone(),
                )
            })
            .collect();
        handles.push(tokio::spawn(async move {
            let mut http = Http::new(&addr).await?;
            for (conv, cookie, csrf) in jobs {
                let (status, _, body) = http
                    .req(
                        "POST",
                        "/console/api/take",
                        &[("Cookie", &cookie), ("X-CSRF-Token", &csrf)],
                        &json!({"conv": conv}).to_string(),
                    )
                    .await?;
                if status != 200 {
                    return Err::<(), Box<dyn std::error::Error + Send + Sync>>(
                        format!("take: {status} {body}").into(),
                    );
                }
            }
            Ok(())
        }));
    }
    for h in handles {
        h.await??;
    }
    Ok(Setup {
        visitors,
        counsellors,
    })
}

type Ws = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<TcpStream>>;

async fn ws_connect(url: &str, cookie: Option<&str>) -> R<Ws> {
    let mut req = url.into_client_request()?;
    if let Some(c) = cookie {
        req.headers_mut().insert("cookie", c.parse()?);
    }
    let (ws, _) = tokio_tungstenite::connect_async(req).await?;
    Ok(ws)
}

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
                    stats.acked.lock().unwrap().push((conv.clone(), v["seq"].as_i64().unwrap_or(0), text.to_string()));
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
        } else {
            stats.acked.lock().unwrap().push((
                conv,
                v["seq"].as_i64().unwrap_or(0),
                text.to_string(),
            ));
        }
    }
}

async fn connect_all(
    addr: &str,
    s: &Setup,
    t0: Instant,
    rate: f64,
    stats: &Arc<Stats>,
) -> R<Vec<tokio::task::JoinHandle<()>>> {
    let limit = Arc::new(tokio::sync::Semaphore::new(200));
    let mut tasks = Vec::new();
    let mut pending = Vec::new();
    for (cookie, _) in &s.counsellors {
        let (url, cookie, limit) = (
            format!("ws://{addr}/console/ws"),
            cookie.clone(),
            limit.clone(),
        );
        pending.push(tokio::spawn(async move {
            let _p = limit.acquire().await;
            let mut ws = ws_connect(&url, Some(&cookie)).await?;
            ws.send(Message::Text(
                json!({"t": "resume", "after": {}}).to_string().into(),
            ))
            .await?;
            // Skip the resume answer before the load starts.
            while let Some(m) = ws.next().await {
                if let Message::Text(t) = m?
                    && t.contains("\"resumed\"")
                {
                    break;
                }
            }
            Ok::<_, Box<dyn std::error::Error + Send + Sync>>(ws)
        }));
    }
    for p in pending {
        let ws = p.await??;
        tasks.push(tokio::spawn(counsellor_task(ws, t0, stats.clone())));
    }
    let mut pending = Vec::new();
    for (token, conv, _) in &s.visitors {
        let (url, token, conv, limit) = (
            format!("ws://{addr}/chat/ws"),
            token.clone(),
            conv.clone(),
            limit.clone(),
        );
        pending.push(tokio::spawn(async move {
            let _p = limit.acquire().await;
            let mut ws = ws_connect(&url, None).await?;
            ws.send(Message::Text(
                json!({"t": "hello", "token": token, "after": 0})
                    .to_string()
                    .into(),
            ))
            .await?;
            while let Some(m) = ws.next().await {
                if let Message::Text(t) = m?
                    && t.contains("\"state\"")
                {
                    break;
                }
            }
            Ok::<_, Box<dyn std::error::Error + Send + Sync>>((ws, conv))
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

async fn run_zicht(o: &Opts, dir: &Path) -> R<Report> {
    write_config(dir, o.pairs)?;
    add_counsellors(dir, o.pairs.div_ceil(o.per_counsellor))?;
    let dir_s = dir.to_string_lossy().to_string();
    let mut server = spawn_child(&["child-serve", &dir_s])?;
    let pid = server.child.id();
    println!("zicht: server pid {pid}");
    tokio::time::sleep(Duration::from_millis(300)).await;
    let rss_idle = rss_kib(pid);
    let run = format!("{}", std::process::id() % 100_000);
    let t_setup = Instant::now();
    let s = setup(&server.addr, o, &run).await?;
    let stats = Arc::new(Stats::default());
    let t0 = Instant::now();
    let tasks = connect_all(&server.addr, &s, t0, o.rate, &stats).await?;
    let connections = s.visitors.len() + s.counsellors.len();
    println!(
        "zicht: {} conversations, {connections} connections ready in {:.1} s",
        s.visitors.len(),
        t_setup.elapsed().as_secs_f64()
    );
    let rss_loaded = rss_kib(pid);
    // Warm up, then measure.
    tokio::time::sleep(Duration::from_secs(3)).await;
    stats.measuring.store(true, Ordering::Relaxed);
    let measure_start = Instant::now();
    let cpu0 = cpu_seconds(pid);
    if o.crash {
        tokio::time::sleep(Duration::from_secs(o.seconds / 2)).await;
        println!("crash: kill -9 the server (pid {pid}) under load");
        server.child.kill()?;
        server.child.wait()?;
        tokio::time::sleep(Duration::from_secs(2)).await;
    } else {
        tokio::time::sleep(Duration::from_secs(o.seconds)).await;
    }
    stats.measuring.store(false, Ordering::Relaxed);
    let secs = measure_start.elapsed().as_secs_f64();
    let cpu = cpu_seconds(pid) - cpu0;
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
    let store = zicht_store::Store::open(dir)?;
    let c = store.connect()?;
    let mut ids = HashMap::new();
    let mut stored: HashMap<i64, HashMap<i64, String>> = HashMap::new();
    let mut lost = 0usize;
    for (conv, seq, text) in &acked {
        let id = match ids.get(conv) {
            Some(&id) => id,
            None => {
                let id = c
                    .conversation(conv)?
                    .ok_or("conversation missing after restart")?
                    .id;
                ids.insert(conv.clone(), id);
                stored.insert(
                    id,
                    c.messages(id, 0)?
                        .into_iter()
                        .map(|m| (m.seq, m.text))
                        .collect(),
                );
                id
            }
        };
        if stored.get(&id).and_then(|m| m.get(seq)) != Some(text) {
            lost += 1;
        }
    }
    let total: usize = stored.values().map(HashMap::len).sum();
    println!(
        "crash: {} acknowledged messages, {} found after restart, {lost} lost ({total} stored in those conversations; stored but unacknowledged ones were in flight at the kill)",
        acked.len(),
        acked.len() - lost
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
    let zicht = run_zicht(&o, &dir).await?;
    zicht.print("zicht");
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
