//! Soak benchmark of `zicht serve`: thousands of visitors arrive, chat, end and leave for minutes; the server's descriptors, memory and latency at the start and the end, side by side.
//!
//! ```sh
//! cargo run -p zicht-server --example soak -- --concurrent 100 --seconds 300
//! bench/soak.sh            # the same, with the numbers kept in bench/soak-last.txt
//! ```
//! The server runs as a child process on a fresh data directory (the load
//! configuration of zicht-loadtest: no proof of work, no intake limit, since
//! the load is the chat). `--concurrent` visitor loops each repeat: intake,
//! WebSocket and hello, `--messages` messages each waiting for its
//! acknowledgement (the committed echo), then end and close; one in four
//! drops the socket right after ending, without a close frame. (Visitors who
//! leave without ending stay in the queue until the queue's expiry, which is
//! not what this measures.) The
//! server's open descriptors (`/proc/PID/fd`), RSS and the p50/p99
//! acknowledgement latency are taken over the first and the last `--window`
//! seconds and printed side by side with their ratio (end / start): flat
//! descriptors and memory mean nothing leaks per visitor.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::BufRead;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures_util::SinkExt;
use serde_json::json;
use tokio_tungstenite::tungstenite::Message;
use zicht_loadtest::Http;

type R<T = ()> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

struct Opts {
    concurrent: usize,
    seconds: u64,
    messages: usize,
    window: u64,
}

fn opts() -> Opts {
    let mut o = Opts {
        concurrent: 100,
        seconds: 300,
        messages: 3,
        window: 30,
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    for pair in args.chunks(2) {
        let v = pair.get(1).and_then(|v| v.parse::<u64>().ok()).unwrap_or(0);
        match pair[0].as_str() {
            "--concurrent" => o.concurrent = v as usize,
            "--seconds" => o.seconds = v,
            "--messages" => o.messages = v as usize,
            "--window" => o.window = v,
            other => panic!("unknown option {other}"),
        }
    }
    o.window = o.window.min(o.seconds / 3).max(1);
    o
}

fn main() -> R {
    let args: Vec<String> = std::env::args().collect();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    if args.get(1).map(String::as_str) == Some("child-serve") {
        return rt.block_on(async {
            let app = zicht_server::open(&PathBuf::from(&args[2]))?;
            let addr = zicht_server::spawn(app, "127.0.0.1:0").await?;
            println!("READY {addr}");
            std::future::pending::<()>().await;
            Ok(())
        });
    }
    rt.block_on(soak(opts()))
}

fn fds(pid: u32) -> usize {
    std::fs::read_dir(format!("/proc/{pid}/fd"))
        .map(|d| d.count())
        .unwrap_or(0)
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

fn percentile(sorted: &[u64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize] as f64 / 1000.0
}

#[derive(Default)]
struct Stats {
    stop: AtomicBool,
    visitors: AtomicU64,
    errors: AtomicU64,
    /// Acknowledgement latencies (µs) of the current window.
    window: Mutex<Vec<u64>>,
}

/// One visitor: intake, hello, messages with their acknowledgements, end (or not), close.
async fn visitor(addr: &str, http: &mut Http, n: u64, messages: usize, stats: &Stats) -> R {
    let body =
        json!({"username": format!("soak{}x{}", n / 10_000, n % 10_000), "age": "", "gender": ""})
            .to_string();
    let start = http.req("POST", "/chat/fier/start", &[], &body).await?;
    let token = start.ok_json("start")?["token"]
        .as_str()
        .ok_or("no token")?
        .to_string();
    let (mut ws, _, _) = zicht_loadtest::visitor_ws(addr, &token, 0).await?;
    for i in 0..messages {
        let cid = format!("m{i}");
        let t = Instant::now();
        zicht_loadtest::send(
            &mut ws,
            &json!({"t": "msg", "cid": cid, "text": format!("bericht {i} van bezoeker {n}")}),
        )
        .await?;
        loop {
            let v = zicht_loadtest::next_json(&mut ws)
                .await?
                .ok_or("closed before the acknowledgement")?;
            if v["t"] == "msg" && v["cid"] == cid.as_str() {
                break;
            }
            if v["t"] == "error" {
                return Err(format!("error frame: {v}").into());
            }
        }
        let us = u64::try_from(t.elapsed().as_micros()).unwrap_or(u64::MAX);
        stats.window.lock().unwrap().push(us);
    }
    zicht_loadtest::send(&mut ws, &json!({"t": "end"})).await?;
    if n.is_multiple_of(4) {
        // Gone at once: the socket dropped without a close frame.
        drop(ws);
        return Ok(());
    }
    {
        loop {
            match zicht_loadtest::next_json(&mut ws).await? {
                Some(v) if v["t"] == "state" && v["state"] == "ended" => break,
                Some(_) => continue,
                None => break,
            }
        }
    }
    let _ = ws.send(Message::Close(None)).await;
    Ok(())
}

struct Sample {
    fds: usize,
    rss_kib: u64,
    p50: f64,
    p99: f64,
    visitors_per_s: f64,
}

async fn sample(pid: u32, stats: &Stats, window: u64) -> Sample {
    stats.window.lock().unwrap().clear();
    let v0 = stats.visitors.load(Ordering::Relaxed);
    tokio::time::sleep(Duration::from_secs(window)).await;
    let mut lat = std::mem::take(&mut *stats.window.lock().unwrap());
    lat.sort_unstable();
    let v1 = stats.visitors.load(Ordering::Relaxed);
    Sample {
        fds: fds(pid),
        rss_kib: rss_kib(pid),
        p50: percentile(&lat, 0.5),
        p99: percentile(&lat, 0.99),
        visitors_per_s: (v1 - v0) as f64 / window as f64,
    }
}

async fn soak(o: Opts) -> R {
    let dir = std::env::temp_dir().join(format!("zicht-soak-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    zicht_loadtest::prepare(
        &dir,
        zicht_server::config::DEFAULT_CONFIG,
        o.concurrent * 4,
        1,
    )?;
    let exe = std::env::current_exe()?;
    let mut child = Command::new(exe)
        .args(["child-serve", &dir.to_string_lossy()])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()?;
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().ok_or("no stdout")?).read_line(&mut line)?;
    let addr = line
        .trim()
        .strip_prefix("READY ")
        .ok_or("server did not start")?
        .to_string();
    let pid = child.id();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let idle = (fds(pid), rss_kib(pid));
    println!(
        "soak: server pid {pid}, idle: {} descriptors, {} MiB RSS; {} concurrent visitors for {} s, {} messages each",
        idle.0,
        idle.1 / 1024,
        o.concurrent,
        o.seconds,
        o.messages
    );
    let stats = Arc::new(Stats::default());
    let counter = Arc::new(AtomicU64::new(0));
    let mut tasks = Vec::new();
    for _ in 0..o.concurrent {
        let (stats, counter, addr) = (stats.clone(), counter.clone(), addr.clone());
        let messages = o.messages;
        tasks.push(tokio::spawn(async move {
            let Ok(mut http) = Http::new(&addr).await else {
                stats.errors.fetch_add(1, Ordering::Relaxed);
                return;
            };
            while !stats.stop.load(Ordering::Relaxed) {
                let n = counter.fetch_add(1, Ordering::Relaxed);
                match visitor(&addr, &mut http, n, messages, &stats).await {
                    Ok(()) => {
                        stats.visitors.fetch_add(1, Ordering::Relaxed);
                    }
                    Err(e) => {
                        if stats.errors.fetch_add(1, Ordering::Relaxed) < 5 {
                            eprintln!("soak: visitor {n}: {e}");
                        }
                        tokio::time::sleep(Duration::from_millis(200)).await;
                        if let Ok(h) = Http::new(&addr).await {
                            http = h;
                        }
                    }
                }
            }
        }));
    }
    let t0 = Instant::now();
    // The RSS every window, and the sizes of the database and its WAL (SQLite's
    // page caches fill up to their caps as the database grows).
    let trace = Arc::new(Mutex::new(Vec::<(u64, u64, u64, u64)>::new()));
    {
        let (trace, stats, dir) = (trace.clone(), stats.clone(), dir.clone());
        let every = o.window;
        tokio::spawn(async move {
            while !stats.stop.load(Ordering::Relaxed) {
                let size = |suffix: &str| {
                    std::fs::metadata(dir.join(format!("{}{suffix}", zicht_store::SQLITE_FILE)))
                        .map_or(0, |m| m.len() / 1024)
                };
                trace.lock().unwrap().push((
                    t0.elapsed().as_secs(),
                    rss_kib(pid),
                    size(""),
                    size("-wal"),
                ));
                tokio::time::sleep(Duration::from_secs(every)).await;
            }
        });
    }
    // Warm-up, then the first window.
    tokio::time::sleep(Duration::from_secs(5)).await;
    let first = sample(pid, &stats, o.window).await;
    let rest = o
        .seconds
        .saturating_sub(5 + 2 * o.window + t0.elapsed().as_secs().saturating_sub(5 + o.window));
    tokio::time::sleep(Duration::from_secs(rest)).await;
    let last = sample(pid, &stats, o.window).await;
    stats.stop.store(true, Ordering::Relaxed);
    for t in tasks {
        let _ = tokio::time::timeout(Duration::from_secs(20), t).await;
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    let after = (fds(pid), rss_kib(pid));
    let total = stats.visitors.load(Ordering::Relaxed);
    let errors = stats.errors.load(Ordering::Relaxed);
    println!(
        "soak: {total} visitors in {:.0} s ({errors} errors)",
        t0.elapsed().as_secs_f64()
    );
    println!(
        "{:<28}{:>14}{:>14}{:>10}",
        "", "first window", "last window", "end/start"
    );
    let row = |name: &str, a: f64, b: f64, unit: &str| {
        println!(
            "{:<28}{:>14}{:>14}{:>10.2}",
            name,
            format!("{a:.1}{unit}"),
            format!("{b:.1}{unit}"),
            b / a
        );
    };
    println!(
        "RSS / database / WAL every {} s (MiB): {}",
        o.window,
        trace
            .lock()
            .unwrap()
            .iter()
            .map(|(t, rss, db, wal)| {
                let mib = |k: &u64| *k as f64 / 1024.0;
                format!("{t}s {:.1}/{:.0}/{:.0}", mib(rss), mib(db), mib(wal))
            })
            .collect::<Vec<_>>()
            .join(", ")
    );
    row("open descriptors", first.fds as f64, last.fds as f64, "");
    row(
        "RSS",
        first.rss_kib as f64 / 1024.0,
        last.rss_kib as f64 / 1024.0,
        " MiB",
    );
    row("ack p50", first.p50, last.p50, " ms");
    row("ack p99", first.p99, last.p99, " ms");
    row(
        "visitors per second",
        first.visitors_per_s,
        last.visitors_per_s,
        "",
    );
    println!(
        "after the visitors left: {} descriptors (idle {}), {} MiB RSS (idle {})",
        after.0,
        idle.0,
        after.1 / 1024,
        idle.1 / 1024
    );
    let _ = child.kill();
    let _ = child.wait();
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}
