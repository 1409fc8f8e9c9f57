//! LCMCR (Manrique-Vallier 2016) on the UK data in five lists (Binette & Steorts' `UK`: PF and
//! NCA combined): time per 1,000 Gibbs iterations of one chain, and the estimate from four
//! chains with R-hat and effective sample size, against the LCMCR estimate MSETools' README
//! prints for the same data (20,232; 10,935 - 32,842).
//! Run with `cargo run --release -p zicht-estimate --example bench_lcmcr [DATA_DIR]`.

use std::path::PathBuf;
use std::time::Instant;

use zicht_estimate::{LcmcrOptions, default_threads, lcmcr, read_histories_path};

/// CPU time (user + system) of this process so far, in seconds; 0 where /proc is missing.
/// Unlike the wall time it does not grow when other processes share the cores.
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
    let uk5 = read_histories_path(&dir.join("uk2013-6lists.csv"))?
        .total
        .merge_lists(&["PF", "NCA"], "PF-NCA")?;
    let one = LcmcrOptions {
        chains: 1,
        burnin: 0,
        iterations: 10_000,
        thinning: 10,
        ..LcmcrOptions::default()
    };
    let (t, c) = (Instant::now(), cpu_seconds());
    lcmcr(&uk5, &one, 1)?;
    let per_1000 = t.elapsed().as_secs_f64() / 10.0;
    let cpu_1000 = (cpu_seconds() - c) / 10.0;
    println!("UK 5 lists, {} observed", uk5.observed());
    println!(
        "  one chain: {per_1000:.3} s wall, {cpu_1000:.3} s CPU per 1,000 iterations (wall time depends on how busy the machine is)"
    );
    let o = LcmcrOptions {
        chains: 4,
        burnin: 10_000,
        iterations: 50_000,
        thinning: 10,
        ..LcmcrOptions::default()
    };
    let (t, c) = (Instant::now(), cpu_seconds());
    let r = lcmcr(&uk5, &o, default_threads())?;
    println!(
        "  4 chains x (10,000 burn-in + 50,000): {:.2} s wall, {:.2} s CPU; estimate {:.0} ({:.0} - {:.0}), R-hat {:.3}, ESS {:.0}, chain medians {:?}{}",
        t.elapsed().as_secs_f64(),
        cpu_seconds() - c,
        r.estimate,
        r.lower,
        r.upper,
        r.rhat,
        r.ess,
        r.chain_medians,
        if r.unconverged {
            " — chains disagree"
        } else {
            ""
        }
    );
    println!("  MSETools README (LCMCR package, UK): 20,232 (10,935 - 32,842)");
    Ok(())
}
