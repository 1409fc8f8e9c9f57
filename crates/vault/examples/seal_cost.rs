//! The cost of sealing per stored message: seal + INSERT against a plain INSERT of the same text, in one run.
//!
//! ```sh
//! cargo run --release -p zicht-vault --example seal_cost -- 20000
//! # instruction counts (noise-free): the difference of two counts per mode
//! valgrind --tool=callgrind --callgrind-out-file=/dev/null target/release/examples/seal_cost sealed 2000
//! ```
//! Both modes write messages of chat length (60-300 characters) into a table
//! shaped like the chat store's `messages` (WAL; `synchronous` OFF so the
//! numbers are the CPU's, not the disk's: the chat itself commits with FULL,
//! which adds an fsync per batch to both). Without a mode the two alternate
//! in rounds and the ratio sealed / plain of the time per message is printed;
//! with a mode (`sealed` or `plain`) and a count only that mode runs, for
//! callgrind: the instructions per message are (Ir(N) - Ir(0)) / N.

use std::time::Instant;

use rusqlite::{Connection, params};
use zicht_vault::{MasterKey, Vault};

type R<T = ()> = Result<T, Box<dyn std::error::Error>>;

fn store(dir: &std::path::Path, name: &str) -> R<Connection> {
    let path = dir.join(name);
    let _ = std::fs::remove_file(&path);
    let c = Connection::open(&path)?;
    c.pragma_update(None, "journal_mode", "WAL")?;
    c.pragma_update(None, "synchronous", "OFF")?;
    c.pragma_update(None, "secure_delete", "ON")?;
    c.execute_batch(
        "CREATE TABLE messages (conversation_id INTEGER NOT NULL, seq INTEGER NOT NULL,
             at TEXT NOT NULL, body BLOB NOT NULL, PRIMARY KEY (conversation_id, seq)) WITHOUT ROWID;",
    )?;
    Ok(c)
}

/// A deterministic message text of chat length.
fn text(i: usize) -> String {
    let words = [
        "ik", "weet", "niet", "wat", "ik", "moet", "doen", "hij", "zegt", "dat", "ik", "moet",
        "werken", "voor", "hem", "anders", "vertelt", "hij", "het", "mijn", "ouders",
    ];
    let n = 12 + i % 48;
    (0..n)
        .map(|j| words[(i * 7 + j * 3) % words.len()])
        .collect::<Vec<_>>()
        .join(" ")
}

/// Writes `n` messages (100 per conversation, one transaction per message as the chat's writer may).
fn run(c: &Connection, vault: &Vault, sealed: bool, first: usize, n: usize) -> R {
    let mut key = None;
    for i in first..first + n {
        let conv = (i / 100) as i64;
        let seq = (i % 100) as i64;
        if seq == 0 || key.is_none() {
            key = Some(vault.new_data_key(&format!("conversation {conv}"))?.0);
        }
        let body = text(i);
        let stored: Vec<u8> = match (&key, sealed) {
            (Some(k), true) => k.seal_text(&body, &format!("messages.body|{conv}|{seq}"))?,
            _ => body.into_bytes(),
        };
        c.prepare_cached(
            "INSERT INTO messages (conversation_id, seq, at, body) VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![conv, seq, "2026-12-04T18:00:00Z", stored])?;
    }
    Ok(())
}

fn main() -> R {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = std::env::temp_dir().join(format!("zicht-seal-cost-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let vault = Vault::from_key(MasterKey::from_array([7; 32]));
    let mode = args.first().map(String::as_str);
    if let Some(mode @ ("sealed" | "plain")) = mode {
        let n: usize = args.get(1).and_then(|v| v.parse().ok()).unwrap_or(2000);
        let c = store(&dir, "one.sqlite3")?;
        run(&c, &vault, mode == "sealed", 0, n)?;
        drop(c);
        std::fs::remove_dir_all(&dir)?;
        println!("{mode}: {n} messages");
        return Ok(());
    }
    let n: usize = mode.and_then(|v| v.parse().ok()).unwrap_or(20_000);
    let rounds = 5;
    let per = n / rounds;
    let sealed_db = store(&dir, "sealed.sqlite3")?;
    let plain_db = store(&dir, "plain.sqlite3")?;
    let (mut t_sealed, mut t_plain) = (0.0f64, 0.0f64);
    let mut ratios = Vec::new();
    for r in 0..rounds {
        // Alternate which goes first, so that neither always meets a warm cache.
        let order = if r % 2 == 0 {
            [true, false]
        } else {
            [false, true]
        };
        let mut round = [0.0f64; 2];
        for sealed in order {
            let (db, slot) = if sealed {
                (&sealed_db, 0)
            } else {
                (&plain_db, 1)
            };
            let t = Instant::now();
            run(db, &vault, sealed, r * per, per)?;
            round[slot] = t.elapsed().as_secs_f64();
        }
        t_sealed += round[0];
        t_plain += round[1];
        ratios.push(round[0] / round[1]);
    }
    let us = |t: f64| t / (rounds * per) as f64 * 1e6;
    println!(
        "{} messages per mode in {rounds} alternating rounds: sealed {:.2} us/message, plain {:.2} us/message, ratio sealed/plain {:.3} (per round: {})",
        rounds * per,
        us(t_sealed),
        us(t_plain),
        t_sealed / t_plain,
        ratios
            .iter()
            .map(|x| format!("{x:.3}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    drop((sealed_db, plain_db));
    std::fs::remove_dir_all(&dir)?;
    Ok(())
}
