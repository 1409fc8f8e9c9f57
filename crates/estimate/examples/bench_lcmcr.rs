//! LCMCR (Manrique-Vallier 2016) on the UK data in five lists (Binette & Steorts' `UK`: PF and
//! NCA combined): time per 1,000 Gibbs iterations of one chain, and the estimate from four
//! chains with R-hat and effective sample size, against the LCMCR estimate MSETools' README
//! prints for the same data (20,232; 10,935 - 32,842).
//! Run with `cargo run --release -p zicht-estimate --example bench_lcmcr [DATA_DIR]`.

use std::path::PathBuf;
use std::time::Instant;

use zicht_estimate::{LcmcrOptions, default_threads, lcmcr, read_histories_path};

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
    let t = Instant::now();
    lcmcr(&uk5, &one, 1)?;
    let per_1000 = t.elapsed().as_secs_f64() / 10.0;
    println!("UK 5 lists, {} observed", uk5.observed());
    println!("  one chain: {:.3} s per 1,000 iterations", per_1000);
    let o = LcmcrOptions {
        chains: 4,
        burnin: 10_000,
        iterations: 50_000,
        thinning: 10,
        ..LcmcrOptions::default()
    };
    let t = Instant::now();
    let r = lcmcr(&uk5, &o, default_threads())?;
    println!(
        "  4 chains x (10,000 burn-in + 50,000): {:.2} s; estimate {:.0} ({:.0} - {:.0}), R-hat {:.3}, ESS {:.0}, chain medians {:?}{}",
        t.elapsed().as_secs_f64(),
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
