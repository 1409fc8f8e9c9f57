//! The bias-corrected and accelerated (BCa) bootstrap interval of SparseMSE's
//! `estimatepopulation`: multinomial resamples of the observed persons with the whole model
//! selection redone in each, a jackknife for the acceleration, seeded and spread over threads.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

use crate::dist::{pnorm, qnorm, quantile_type8};
use crate::select::{MAX_SEARCH_LISTS, Method, estimate_counts, warm_start};
use crate::{EstimateError, Histories};

/// A BCa bootstrap interval.
#[derive(Debug, Clone, Serialize)]
pub struct Bca {
    pub lower: f64,
    pub upper: f64,
    pub level: f64,
    /// The point estimate on the data themselves.
    pub estimate: f64,
    pub replicates: usize,
    /// Replicates without a finite estimate (left out of the quantiles).
    pub failed: usize,
    pub seed: u64,
    /// Bias correction z0 = qnorm(share of replicates below the estimate).
    pub z0: f64,
    /// Jackknife acceleration.
    pub acceleration: f64,
    /// The replicate estimates, in replicate order.
    #[serde(skip)]
    pub estimates: Vec<f64>,
}

/// One multinomial resample of `observed` persons over the cells with their observed shares.
fn resample(counts: &[u64], observed: u64, rng: &mut ChaCha8Rng) -> Vec<u64> {
    let cells: Vec<usize> = (0..counts.len()).filter(|&i| counts[i] > 0).collect();
    let mut cum = Vec::with_capacity(cells.len());
    let mut acc = 0u64;
    for &c in &cells {
        acc += counts[c];
        cum.push(acc);
    }
    let mut out = vec![0u64; counts.len()];
    for _ in 0..observed {
        let u = rng.random_range(0..observed);
        let j = cum.partition_point(|&c| c <= u);
        out[cells[j]] += 1;
    }
    out
}

/// Runs `f(i)` for `i` in `0..n` over `threads` threads, results in index order.
pub(crate) fn parallel_map(n: usize, threads: usize, f: impl Fn(usize) -> f64 + Sync) -> Vec<f64> {
    let threads = threads.max(1).min(n.max(1));
    if threads == 1 {
        return (0..n).map(&f).collect();
    }
    let mut out = vec![f64::NAN; n];
    std::thread::scope(|s| {
        let f = &f;
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                s.spawn(move || {
                    (t..n)
                        .step_by(threads)
                        .map(|i| (i, f(i)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        for h in handles {
            if let Ok(part) = h.join() {
                for (i, v) in part {
                    out[i] = v;
                }
            }
        }
    });
    out
}

/// The number of threads to use: all available cores.
pub fn default_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// The BCa interval at `level` from `replicates` bootstrap samples, the method (model
/// selection included) redone in each. Replicate `i` draws from ChaCha8 stream `i` of
/// `seed`, so the result does not depend on the number of threads.
pub fn bootstrap_bca(
    h: &Histories,
    method: &Method,
    replicates: usize,
    seed: u64,
    level: f64,
    threads: usize,
) -> Result<Bca, EstimateError> {
    if replicates < 10 {
        return Err(EstimateError::Data(
            "the bootstrap needs at least 10 replicates".into(),
        ));
    }
    if !(level > 0.0 && level < 1.0) {
        return Err(EstimateError::Data(format!(
            "level must lie between 0 and 1, got {level}"
        )));
    }
    let k = h.k();
    if matches!(method, Method::Search(_)) && k > MAX_SEARCH_LISTS {
        return Err(EstimateError::Data(format!(
            "the exhaustive search handles at most {MAX_SEARCH_LISTS} lists ({k} given)"
        )));
    }
    let counts = h.counts();
    let observed = h.observed();
    let estimate = estimate_counts(counts, k, method, None);
    let warm = warm_start(counts, k, method);
    let warm = warm.as_ref();
    if !estimate.is_finite() {
        return Err(EstimateError::Data(
            "no finite estimate on the data themselves".into(),
        ));
    }
    let estimates = parallel_map(replicates, threads, |i| {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        rng.set_stream(i as u64);
        let sample = resample(counts, observed, &mut rng);
        estimate_counts(&sample, k, method, warm)
    });
    // Jackknife: one person fewer in each observed cell.
    let cells: Vec<usize> = (0..counts.len()).filter(|&i| counts[i] > 0).collect();
    let jack = parallel_map(cells.len(), threads, |j| {
        let mut c = counts.to_vec();
        c[cells[j]] -= 1;
        estimate_counts(&c, k, method, warm)
    });
    let w: Vec<f64> = cells.iter().map(|&c| counts[c] as f64).collect();
    let wsum: f64 = w.iter().sum();
    let mean = w.iter().zip(&jack).map(|(w, j)| w * j).sum::<f64>() / wsum;
    let (mut s2, mut s3) = (0.0, 0.0);
    for (wi, ji) in w.iter().zip(&jack) {
        let r = mean - ji;
        s2 += wi * r * r;
        s3 += wi * r * r * r;
    }
    let acceleration = if s2 > 0.0 {
        s3 / (6.0 * s2.powf(1.5))
    } else {
        0.0
    };
    let mut ok: Vec<f64> = estimates
        .iter()
        .copied()
        .filter(|v| v.is_finite())
        .collect();
    let failed = replicates - ok.len();
    if ok.is_empty() {
        return Err(EstimateError::Data(
            "no bootstrap replicate has a finite estimate".into(),
        ));
    }
    ok.sort_by(f64::total_cmp);
    let below = ok.iter().filter(|&&v| v < estimate).count() as f64 / ok.len() as f64;
    let z0 = qnorm(below);
    let bound = |alpha: f64| {
        let za = qnorm(alpha);
        let za0 = za + z0;
        let q = pnorm(z0 + za0 / (1.0 - acceleration * za0));
        quantile_type8(&ok, q)
    };
    let alpha = (1.0 - level) / 2.0;
    Ok(Bca {
        lower: bound(alpha),
        upper: bound(1.0 - alpha),
        level,
        estimate,
        replicates,
        failed,
        seed,
        z0,
        acceleration,
        estimates,
    })
}
