//! Throughput of `zicht suggest`: MB of transcript text per second on one core, next to a baseline.
//!
//! Usage: `cargo run --release -p zicht-suggest --example bench_suggest [conversations.jsonl ...]`.
//! Without files it measures two inputs in one run: the demo transcripts (`zicht demo`'s
//! conversations, seed 2022, made in memory: the input of the throughput goal, 20 MB/s per
//! core, set by issue 6 and kept by issue 16) and the evaluation chats in
//! crates/suggest/eval (short chats of about 60 bytes a message, where the fixed cost of
//! each message and chat weighs most). Each input is repeated until it holds at least 20 MB
//! of message text (`ZICHT_BENCH_MB` sets another size, e.g. a small one under
//! `valgrind --tool=callgrind`; `ZICHT_BENCH_MODEL=0` leaves out the model part, so that a
//! profile holds the rules path alone). The baseline, measured in the same run on the same
//! text, lowercases every message and counts its spaces: the least any reader of the text
//! must do. Then the cost per chat of the learned layer: rules + shipped model against the
//! rules alone.

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Instant;

use zicht_codebook::Codebook;
use zicht_conversations::Conversation;
use zicht_suggest::Suggester;

/// The allocator of the `zicht` binary (crates/zicht/src/main.rs), so that the benchmark
/// measures what ships.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// CPU time of this thread in seconds (Linux: /proc/thread-self/schedstat), if known.
fn cpu_seconds() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = s.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e9)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let paths: Vec<PathBuf> = std::env::args().skip(1).map(PathBuf::from).collect();
    let mut inputs: Vec<(String, Vec<Conversation>)> = Vec::new();
    if paths.is_empty() {
        let demo = zicht_demo::generate(zicht_demo::DEFAULT_SEED)?;
        inputs.push((
            "the demo transcripts (seed 2022; the goal's input)".to_string(),
            demo.conversations,
        ));
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("eval");
        let mut convs = Vec::new();
        for p in [dir.join("handwritten.jsonl"), dir.join("heldout.jsonl")] {
            convs.extend(zicht_conversations::read_path(&p)?);
        }
        inputs.push(("the evaluation chats (short)".to_string(), convs));
    } else {
        let mut convs = Vec::new();
        for p in &paths {
            convs.extend(zicht_conversations::read_path(p)?);
        }
        let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        inputs.push((names.join(", "), convs));
    }
    let suggester = Suggester::new(Codebook::embedded()?)?;
    let with = if std::env::var("ZICHT_BENCH_MODEL").is_ok_and(|v| v == "0") {
        None
    } else {
        Some(Suggester::with_embedded_model(Codebook::embedded()?)?)
    };
    for (name, convs) in &inputs {
        println!("== {name}");
        bench(&suggester, with.as_ref(), convs)?;
    }
    Ok(())
}

/// Measures one input: the baseline, the rules path, and the learned layer if `with` has one.
fn bench(
    suggester: &Suggester,
    with: Option<&Suggester>,
    convs: &[Conversation],
) -> Result<(), Box<dyn std::error::Error>> {
    let once: usize = convs
        .iter()
        .flat_map(|c| c.messages.iter())
        .map(|m| m.text.len())
        .sum();
    if once == 0 {
        return Err("no message text in the input".into());
    }
    let target_mb: f64 = match std::env::var("ZICHT_BENCH_MB") {
        Ok(v) => v
            .parse()
            .map_err(|e| format!("ZICHT_BENCH_MB={v:?} is not a number of MB: {e}"))?,
        Err(_) => 20.0,
    };
    let repeat = ((target_mb * 1e6) as usize / once).max(1);
    let bytes = once * repeat;
    let mb = bytes as f64 / 1e6;
    println!(
        "input: {} conversations, {} bytes of text, repeated {repeat} times = {mb:.1} MB",
        convs.len(),
        once
    );
    // Baseline: lowercase and scan.
    let c0 = cpu_seconds();
    let t = Instant::now();
    let mut spaces = 0usize;
    for _ in 0..repeat {
        for c in convs {
            for m in &c.messages {
                let lower = m.text.to_lowercase();
                spaces += lower.bytes().filter(|b| *b == b' ').count();
            }
        }
    }
    black_box(spaces);
    let base = t.elapsed().as_secs_f64();
    let base_cpu = cpu_seconds().zip(c0).map(|(b, a)| b - a);

    // The suggester.
    let c0 = cpu_seconds();
    let t = Instant::now();
    let mut n = 0usize;
    for _ in 0..repeat {
        for c in convs {
            n += black_box(suggester.suggest(c)).suggestions.len();
        }
    }
    black_box(n);
    let sug = t.elapsed().as_secs_f64();
    let sug_cpu = cpu_seconds().zip(c0).map(|(b, a)| b - a);

    println!("                                  wall clock          CPU time of this thread");
    let row = |name: &str, wall: f64, cpu: Option<f64>| {
        let cpu_s = cpu.map_or_else(
            || "-".to_string(),
            |c| format!("{:8.1} MB/s ({c:.3} s)", mb / c),
        );
        println!("{name:<33} {:>8.1} MB/s ({wall:.3} s)  {cpu_s}", mb / wall);
    };
    row("baseline (lowercase + byte scan)", base, base_cpu);
    row("zicht suggest (one thread)", sug, sug_cpu);
    println!("ratio suggest / baseline (wall):   {:.3}", base / sug);
    if let (Some(b), Some(s)) = (base_cpu, sug_cpu) {
        println!("ratio suggest / baseline (CPU):    {:.3}", b / s);
    }

    // The learned layer: rules + model against the rules alone, per chat, on the original input.
    if let Some(with) = with.filter(|w| w.model().is_some()) {
        let rounds = (2000 / convs.len()).max(1);
        let chats = (rounds * convs.len()) as f64;
        let time = |s: &Suggester| {
            let t = Instant::now();
            let mut n = 0usize;
            for _ in 0..rounds {
                for c in convs {
                    n += black_box(s.suggest(c)).suggestions.len();
                }
            }
            black_box(n);
            t.elapsed().as_secs_f64()
        };
        let rules = time(suggester);
        let both = time(with);
        println!(
            "per chat ({chats} chats): rules {:.1} µs, rules + model {:.1} µs; the model costs {:.1} µs a chat ({:.1}x the rules)",
            rules / chats * 1e6,
            both / chats * 1e6,
            (both - rules) / chats * 1e6,
            (both - rules) / rules
        );
    }
    Ok(())
}
