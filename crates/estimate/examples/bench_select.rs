//! Benchmark of the successor package's default selection (MultipleSystemsEstimation: BIC over
//! all 1,024 hierarchical two-way models of five lists) redone in each of 1,000 bootstrap
//! replicates, on the UK data in five lists. Prints the time on all cores, the time on one
//! thread measured in the same run as the baseline, and the ratio against the R route of the
//! issue (Rcapture-style fitting of 1,024 models, 18-27 s on this machine, times 1,000).
//! Run with `cargo run --release -p zicht-estimate --example bench_select [DATA_DIR]`.

use std::path::PathBuf;
use std::time::Instant;

use zicht_estimate::{Criterion, Method, bootstrap_bca, default_threads, read_histories_path};

/// CPU time (user + system) of this process so far, in seconds; 0 where /proc is missing.
fn cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(11) + ticks(12)) / 100.0
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args().nth(1).map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../testdata/mse"),
        PathBuf::from,
    );
    let uk6 = read_histories_path(&dir.join("uk2013-6lists.csv"))?.total;
    // The five-list UK data of Binette & Steorts (MSETools `UK`): PF and NCA combined, whose independence estimate is the
    // 13,444.13 MSETools prints.
    let uk5 = uk6.merge_lists(&["PF", "NCA"], "PF-NCA")?;
    let threads = default_threads();
    let method = Method::Search(Criterion::Bic);
    let replicates = 1000;
    println!(
        "UK 5 lists ({}), {} observed; BIC over all 1,024 two-way models in each of {replicates} replicates",
        uk5.lists().join(", "),
        uk5.observed()
    );
    let (t, c) = (Instant::now(), cpu_seconds());
    let all = bootstrap_bca(&uk5, &method, replicates, 1234, 0.95, threads)?;
    let wall = t.elapsed().as_secs_f64();
    let cpu = cpu_seconds() - c;
    let t = Instant::now();
    let one = bootstrap_bca(&uk5, &method, replicates / 10, 1234, 0.95, 1)?;
    let wall1 = t.elapsed().as_secs_f64() * 10.0;
    let (r_low, r_high) = (18.0 * replicates as f64, 27.0 * replicates as f64);
    println!("threads: {threads}");
    println!(
        "  all threads: {wall:.2} s wall, {cpu:.2} s CPU ({:.2} ms wall per replicate; wall time depends on how busy the machine is)",
        1000.0 * wall / replicates as f64
    );
    println!(
        "  one thread (100 replicates, scaled to {replicates}): {wall1:.2} s; threads speed-up {:.2}x",
        wall1 / wall
    );
    println!(
        "  R route (1,024 Rcapture fits at 18-27 s, times {replicates}): {r_low:.0}-{r_high:.0} s; \
         ratio {:.0}x-{:.0}x (wall), {:.0}x-{:.0}x (CPU)",
        r_low / wall,
        r_high / wall,
        r_low / cpu.max(0.01),
        r_high / cpu.max(0.01)
    );
    println!(
        "  estimate {:.1}, BCa 95% {} - {}, failed replicates {}",
        all.estimate,
        all.lower.map_or("-".into(), |v| format!("{v:.1}")),
        all.upper.map_or("-".into(), |v| format!("{v:.1}")),
        all.failed
    );
    // The first replicates agree whatever the number of threads.
    let same = one.estimates[..] == all.estimates[..one.estimates.len()];
    println!("  first 100 replicates equal on 1 and {threads} threads: {same}");
    Ok(())
}
