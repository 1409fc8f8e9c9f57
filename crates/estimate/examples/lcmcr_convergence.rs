//! Whether longer LCMCR chains converge: R-hat, effective sample size, estimate and time of
//! four chains at the R package's default length (10,000 burn-in + 10,000 iterations, every
//! 10th kept) and at 5 and 20 times that, on the demo's histories and on the UK 2013 data in
//! six lists. Run with
//! `cargo run --release -p zicht-estimate --example lcmcr_convergence -- DEMO/histories.csv [DATA_DIR]`.

use std::path::PathBuf;
use std::time::Instant;

use zicht_estimate::{LcmcrOptions, default_threads, lcmcr, read_histories_path};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let demo = args.next().map(PathBuf::from);
    let dir = args.next().map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../testdata/mse"),
        PathBuf::from,
    );
    let mut files = Vec::new();
    if let Some(d) = demo {
        files.push(("demo", d));
    }
    files.push(("UK 2013, 6 lists", dir.join("uk2013-6lists.csv")));
    for (name, path) in files {
        let h = read_histories_path(&path)?.total;
        println!("{name}: {} observed, {} lists", h.observed(), h.k());
        for factor in [1usize, 5, 20] {
            let o = LcmcrOptions {
                burnin: 10_000 * factor,
                iterations: 10_000 * factor,
                thinning: 10 * factor,
                ..LcmcrOptions::default()
            };
            let t = Instant::now();
            let r = lcmcr(&h, &o, default_threads())?;
            let medians: Vec<String> = r.chain_medians.iter().map(|m| format!("{m:.0}")).collect();
            println!(
                "  4 chains x ({} burn-in + {} iterations, every {}th kept): estimate {:.0} ({:.0} - {:.0}), R-hat {:.2}, ESS {:.0}, chain medians [{}], {:.1} s",
                o.burnin,
                o.iterations,
                o.thinning,
                r.estimate,
                r.lower,
                r.upper,
                r.rhat,
                r.ess,
                medians.join(", "),
                t.elapsed().as_secs_f64()
            );
        }
    }
    Ok(())
}
