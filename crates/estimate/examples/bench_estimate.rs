//! Benchmark of zicht-estimate against the reference timings of
//! testdata/mse/README.md (SparseMSE and Rcapture in R 4.2.2 on this kind of
//! machine): the 1000-replicate BCa bootstrap with stepwise refit on New Orleans (8 lists)
//! and on its five-list version, and the search over all 1,024 two-way models on five lists.
//! Run with `cargo run --release -p zicht-estimate --example bench_estimate [DATA_DIR]`.
//! Each task is also timed on one thread, as the baseline measured in the same run. Wall
//! time depends on how busy the machine is, so the CPU time of the process (user + system,
//! from /proc/self/stat) is printed too.

use std::path::PathBuf;
use std::time::Instant;

use zicht_estimate::{
    Criterion, Histories, Method, bootstrap_bca, default_threads, read_histories_path, search,
};

/// CPU time (user + system) of this process so far, in seconds; 0 where /proc is missing.
fn cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    // Fields after the command name in parentheses; utime and stime are fields 14 and 15.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    // Linux reports clock ticks of 1/100 s.
    (ticks(11) + ticks(12)) / 100.0
}

/// Runs `f` `reps` times; mean wall and CPU seconds per run.
fn timed<T>(reps: usize, mut f: impl FnMut() -> T) -> (T, f64, f64) {
    let (t, c) = (Instant::now(), cpu_seconds());
    let mut out = f();
    for _ in 1..reps {
        out = f();
    }
    let n = reps as f64;
    (out, t.elapsed().as_secs_f64() / n, (cpu_seconds() - c) / n)
}

fn load(dir: &std::path::Path, name: &str) -> Result<Histories, Box<dyn std::error::Error>> {
    Ok(read_histories_path(&dir.join(name))?.total)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args().nth(1).map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../testdata/mse"),
        PathBuf::from,
    );
    let threads = default_threads();
    let no8 = load(&dir, "neworleans-8lists.csv")?;
    // SparseMSE's NewOrl_5: the four smallest lists B, E, F and G combined into one.
    let no5 = no8.merge_lists(&["B", "E", "F", "G"], "BEFG")?;
    let rows = no5.counts().iter().filter(|&&c| c > 0).count();
    println!(
        "New Orleans 5 lists: {} observed, {rows} capture histories (SparseMSE NewOrl_5: 14 rows)",
        no5.observed()
    );
    println!("threads: {threads}\n");
    println!(
        "{:<46} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9}",
        "task", "wall 1t", "wall", "cpu", "reference", "x (wall)", "x (cpu)", "1t/all"
    );
    let stepwise = Method::Stepwise { threshold: 0.02 };
    let mut bca = Vec::new();
    for (label, h, reference) in [
        (
            "bootstrap 1000, stepwise, New Orleans 8 lists",
            &no8,
            1004.0,
        ),
        ("bootstrap 1000, stepwise, New Orleans 5 lists", &no5, 149.0),
    ] {
        let (one, w1, _) = timed(1, || bootstrap_bca(h, &stepwise, 1000, 1234, 0.95, 1));
        let (all, wn, cpu) = timed(1, || bootstrap_bca(h, &stepwise, 1000, 1234, 0.95, threads));
        let (one, all) = (one?, all?);
        println!(
            "{label:<46} {w1:>8.3}s {wn:>8.3}s {cpu:>8.3}s {reference:>8.0}s {:>8.0}x {:>8.0}x {:>8.2}x",
            reference / wn,
            reference / cpu.max(0.01),
            w1 / wn
        );
        bca.push((
            label,
            all.estimate,
            all.lower.unwrap_or(f64::NAN),
            all.upper.unwrap_or(f64::NAN),
            all.z0,
            all.acceleration,
            all.failed,
            one.estimates == all.estimates,
        ));
    }
    let reference = 18.0; // Rcapture: 18-27 s; the faster end is used.
    let (one, w1, _) = timed(5, || search(&no5, Criterion::Aic, 1));
    let (all, wn, cpu) = timed(5, || search(&no5, Criterion::Aic, threads));
    let (one, all) = (one?, all?);
    println!(
        "{:<46} {w1:>8.3}s {wn:>8.3}s {cpu:>8.3}s {reference:>8.0}s {:>8.0}x {:>8.0}x {:>8.2}x",
        "search 1024 two-way models, 5 lists (AIC)",
        reference / wn,
        reference / cpu.max(0.001),
        w1 / wn
    );
    println!(
        "(the Western data of the reference timings are not in the shared data and are not timed)"
    );
    println!();
    for (label, est, lo, hi, z0, a, failed, same) in bca {
        println!(
            "{label}: estimate {est:.2}, BCa 95% {lo:.1} - {hi:.1} (z0 {z0:.4}, a {a:.4}, {failed} failed); same replicates on 1 thread: {same}"
        );
    }
    println!(
        "search: {} models, best by AIC {} (estimate {:.2}); same ranking on 1 thread: {}",
        all.models.len(),
        all.best.model,
        all.best.estimate,
        one.models
            .iter()
            .map(|m| &m.spec)
            .eq(all.models.iter().map(|m| &m.spec))
    );
    println!("\nNew Orleans (8 lists, stepwise) BCa 95% interval, published as 717 - 1657:");
    for seed in [1u64, 2, 3, 4, 5] {
        let b = bootstrap_bca(&no8, &stepwise, 1000, seed, 0.95, threads)?;
        println!(
            "  seed {seed}: {:.1} - {:.1} (z0 {:.3}, a {:.4})",
            b.lower.unwrap_or(f64::NAN),
            b.upper.unwrap_or(f64::NAN),
            b.z0,
            b.acceleration
        );
    }
    Ok(())
}
