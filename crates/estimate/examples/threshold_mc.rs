//! The Monte Carlo error behind the tolerances of `tests/threshold.rs`: Bayesian thresholding
//! on the UK data in five lists (UKdat_5) with a flat prior, run as MultipleSystemsEstimation
//! runs it (one chain, burn-in 1,000, 10,000 iterations, tune 1.1) from 30 seeds. Prints the
//! standard deviation over the seeds of each thresholding statistic and of the posterior
//! quantiles of the package's final model, how often each model is chosen, a long run
//! (4 x 500,000) as the nearly exact value, and the time of the default settings.
//! Run with `cargo run --release -p zicht-estimate --example threshold_mc [DATA_DIR]`.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Instant;

use zicht_estimate::{
    ModelSpec, Prior, ThresholdOptions, bayes_fixed, read_histories_path, threshold,
};

fn mean_sd(v: &[f64]) -> (f64, f64) {
    let n = v.len() as f64;
    let m = v.iter().sum::<f64>() / n;
    let s = (v.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / (n - 1.0)).sqrt();
    (m, s)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args().nth(1).map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../testdata/mse"),
        PathBuf::from,
    );
    let uk5 = read_histories_path(&dir.join("uk2013-6lists.csv"))?
        .total
        .merge_lists(&["PF", "NCA"], "PFNCA")?;
    let package = ThresholdOptions {
        prior: Prior::Flat,
        chains: 1,
        iterations: 10_000,
        ..ThresholdOptions::default()
    };
    let spec = ModelSpec::parse("LA:NG,LA:PFNCA,NG:GP,PFNCA:GP,GO:GP,LA:GP", uk5.lists())?;
    let mut stats: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    let mut models: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    let mut quantiles: Vec<Vec<f64>> = vec![Vec::new(); 5];
    for seed in 1..=30 {
        let o = ThresholdOptions {
            seed,
            ..package.clone()
        };
        let t = threshold(&uk5, &o, 1)?;
        for s in &t.statistics {
            stats.entry(s.term.clone()).or_default().push(s.ratio);
        }
        models.entry(t.model.clone()).or_default().push(t.estimate);
        let f = bayes_fixed(&uk5, &spec, &o, 1)?;
        for (i, q) in f.quantiles.iter().enumerate() {
            quantiles[i].push(q[1]);
        }
    }
    println!("thresholding statistics over 30 seeds (package settings): mean, sd");
    for (term, v) in &stats {
        let (m, s) = mean_sd(v);
        println!("  {term:<10} {m:.3} {s:.3}");
    }
    println!("models chosen:");
    for (m, v) in &models {
        let lo = v.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        println!("  {:>2}x  {m}  (estimates {lo:.0} - {hi:.0})", v.len());
    }
    println!("posterior quantiles of the package's model: mean, sd, sd %");
    for (p, v) in [2.5, 10.0, 50.0, 90.0, 97.5].iter().zip(&quantiles) {
        let (m, s) = mean_sd(v);
        println!("  {p:>4} %  {m:.0}  {s:.0}  {:.2} %", 100.0 * s / m);
    }
    let long = ThresholdOptions {
        prior: Prior::Flat,
        iterations: 500_000,
        seed: 7,
        ..ThresholdOptions::default()
    };
    let f = bayes_fixed(&uk5, &spec, &long, 2)?;
    println!(
        "long run of the package's model (4 x 500,000): {:?}",
        f.quantiles.iter().map(|q| q[1].round()).collect::<Vec<_>>()
    );
    let t = threshold(&uk5, &long, 2)?;
    for s in &t.statistics {
        println!("  long run {:<10} {:.3}", s.term, s.ratio);
    }
    let d = ThresholdOptions {
        prior: Prior::Flat,
        ..ThresholdOptions::default()
    };
    let start = Instant::now();
    let t = threshold(&uk5, &d, 1)?;
    println!(
        "default settings (4 x 20,000, one thread): {:.2} s, estimate {:.0}, R-hat {:.3}, ESS {:.0}, acceptance {:.2}",
        start.elapsed().as_secs_f64(),
        t.estimate,
        t.rhat,
        t.ess,
        t.acceptance
    );
    Ok(())
}
