//! Times the demo generator: generating alone, and generating plus writing and reading back.
//!
//! `cargo run --release -p zicht-demo --example demo_time` prints both times and
//! their ratio (the share of the whole spent on generating).

use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let book = zicht_codebook::Codebook::embedded()?;
    let runs = 5;
    let t = Instant::now();
    let mut n = 0;
    for _ in 0..runs {
        n += zicht_demo::generate(zicht_demo::DEFAULT_SEED)?
            .conversations
            .len();
    }
    let generate = t.elapsed().as_secs_f64() / f64::from(runs);
    let dir = std::env::temp_dir().join(format!("zicht-demo-time-{}", std::process::id()));
    let t = Instant::now();
    for _ in 0..runs {
        zicht_demo::write(&dir, zicht_demo::DEFAULT_SEED, &book)?;
    }
    let whole = t.elapsed().as_secs_f64() / f64::from(runs);
    std::fs::remove_dir_all(&dir)?;
    println!(
        "generate: {:.1} ms ({} conversations)\ngenerate + write + read back: {:.1} ms\nratio: {:.2}",
        generate * 1000.0,
        n / runs as usize,
        whole * 1000.0,
        generate / whole
    );
    Ok(())
}
