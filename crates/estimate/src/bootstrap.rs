//! The bias-corrected and accelerated (BCa) bootstrap interval of SparseMSE's
//! `estimatepopulation`: multinomial resamples of the observed persons with the whole model
//! selection redone in each, a jackknife for the acceleration, seeded and spread over threads.

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Binomial, Distribution};
use serde::Serialize;

use crate::dist::{pnorm, qnorm, quantile_type8};
use crate::select::{MAX_SEARCH_LISTS, Method, estimate_counts, warm_start};
use crate::{EstimateError, Histories};

/// Why an interval could not be computed. The interval is then said in words and given no
/// bounds, never printed as numbers that are not a number or that exclude the estimate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IntervalProblem {
    /// Every bootstrap replicate lies on one side of the estimate (or on it): the BCa bias
    /// correction is infinite, so the method gives no interval.
    OneSided,
    /// The bounds computed do not contain the estimate.
    ExcludesEstimate,
    /// The bounds computed are not finite numbers.
    NotFinite,
}

impl IntervalProblem {
    /// The check every interval passes before it is reported: finite bounds (an upper bound
    /// may be absent: unbounded) that contain the estimate.
    pub fn check(lower: f64, upper: Option<f64>, estimate: f64) -> Option<IntervalProblem> {
        if !lower.is_finite() || upper.is_some_and(|u| !u.is_finite()) {
            return Some(IntervalProblem::NotFinite);
        }
        // A bound that equals the estimate up to rounding still contains it.
        let tol = 1e-9 * estimate.abs().max(1.0);
        if lower > estimate + tol || upper.is_some_and(|u| u < estimate - tol) {
            return Some(IntervalProblem::ExcludesEstimate);
        }
        None
    }
}

/// An upper bound beyond this multiple of the persons observed is undetermined: it would
/// put the chance of being on any list below one in a thousand.
pub const UPPER_LIMIT: f64 = 1000.0;

/// A BCa bootstrap interval.
#[derive(Debug, Clone, Serialize)]
pub struct Bca {
    /// The bounds; both `None` when the interval cannot be computed (see `problem`).
    pub lower: Option<f64>,
    pub upper: Option<f64>,
    /// Why there is no interval.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem: Option<IntervalProblem>,
    pub level: f64,
    /// The point estimate on the data themselves.
    pub estimate: f64,
    pub replicates: usize,
    /// Replicates without a finite estimate (counted as infinite in the quantiles).
    pub failed: usize,
    /// Bounds above this many persons (`UPPER_LIMIT` × observed) are not reported: `upper`
    /// is then `null`, undetermined.
    pub upper_limit: f64,
    pub seed: u64,
    /// Bias correction z0 = qnorm(share of replicates below the estimate).
    pub z0: f64,
    /// Jackknife acceleration.
    pub acceleration: f64,
    /// The replicate estimates, in replicate order.
    #[serde(skip)]
    pub estimates: Vec<f64>,
}

/// One multinomial resample of `observed` persons over the cells with their observed shares,
/// drawn as conditional binomials (each cell given the cells before it), so its time depends
/// on the number of cells and not on the counts (BTPE for large counts).
pub(crate) fn resample(counts: &[u64], observed: u64, rng: &mut ChaCha8Rng) -> Vec<u64> {
    let mut out = vec![0u64; counts.len()];
    let mut left_n = observed;
    let mut left_w: u64 = counts.iter().sum();
    for (i, &c) in counts.iter().enumerate() {
        if left_n == 0 || left_w == 0 {
            break;
        }
        if c == 0 {
            continue;
        }
        let x = if c >= left_w {
            left_n
        } else {
            let p = c as f64 / left_w as f64;
            Binomial::new(left_n, p).map_or(0, |b| b.sample(rng))
        };
        out[i] = x;
        left_n -= x;
        left_w -= c;
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
    if let Method::Hierarchical { max_order, .. } = method {
        crate::hierarchy::check_args(k, *max_order)?;
    }
    if matches!(method, Method::Search(_)) && k > MAX_SEARCH_LISTS {
        return Err(EstimateError::Said {
            en: format!(
                "the exhaustive search handles at most {MAX_SEARCH_LISTS} lists ({k} given)"
            ),
            nl: format!(
                "het doorzoeken van alle modellen kan hoogstens {MAX_SEARCH_LISTS} lijsten aan ({k} gegeven)"
            ),
        });
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
    // A replicate without a finite estimate counts as infinitely many persons: BCa reads
    // only the order of the replicates (its percentiles and the share below the estimate),
    // so +∞ has a place in it, while dropping such replicates would pull the upper bound down.
    let mut all: Vec<f64> = estimates
        .iter()
        .map(|&v| if v.is_finite() { v } else { f64::INFINITY })
        .collect();
    let failed = all.iter().filter(|v| v.is_infinite()).count();
    if failed == replicates {
        return Err(EstimateError::Data(
            "no bootstrap replicate has a finite estimate".into(),
        ));
    }
    all.sort_by(f64::total_cmp);
    let below = all.iter().filter(|&&v| v < estimate).count() as f64 / all.len() as f64;
    let z0 = qnorm(below);
    let bound = |alpha: f64| {
        let za = qnorm(alpha);
        let za0 = za + z0;
        let q = pnorm(z0 + za0 / (1.0 - acceleration * za0));
        let b = quantile_type8(&all, q);
        // Between two infinite replicates the interpolation gives NaN: the bound is +∞.
        if b.is_nan() && q.is_finite() && all.last().is_some_and(|v| v.is_infinite()) {
            f64::INFINITY
        } else {
            b
        }
    };
    let alpha = (1.0 - level) / 2.0;
    let (lower, upper) = (bound(alpha), bound(1.0 - alpha));
    // An upper bound beyond UPPER_LIMIT times the persons observed says nothing: it would
    // mean fewer than one in a thousand persons on any list, where the data hold no
    // information (the profile likelihood is flat there). It is reported as undetermined.
    let limit = UPPER_LIMIT * observed as f64;
    let upper = (upper.is_finite() && upper <= limit).then_some(upper);
    let problem = if !z0.is_finite() {
        Some(IntervalProblem::OneSided)
    } else {
        IntervalProblem::check(lower, upper, estimate)
    };
    let (lower, upper) = match problem {
        Some(_) => (None, None),
        None => (Some(lower), upper),
    };
    Ok(Bca {
        lower,
        upper,
        problem,
        level,
        estimate,
        replicates,
        failed,
        upper_limit: limit,
        seed,
        z0,
        acceleration,
        estimates,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// Random words a resample takes from the generator.
    fn words(counts: &[u64]) -> (Vec<u64>, u128) {
        let mut rng = ChaCha8Rng::seed_from_u64(305);
        let observed = counts.iter().sum();
        let out = resample(counts, observed, &mut rng);
        (out, rng.get_word_pos())
    }

    #[test]
    fn resample_takes_the_same_work_whatever_the_counts() {
        // The case: 4 lists, 7 rows, about 7.5e8 persons.
        let big = [
            0,
            150_000_000,
            90_000_000,
            60_000_000,
            210_000_000,
            80_000_000,
            0,
            0,
        ];
        let big: Vec<u64> = big.iter().chain([0u64; 8].iter()).copied().collect();
        let mut big = big;
        big[9] = 110_000_000;
        big[15] = 50_000_000;
        let small: Vec<u64> = big.iter().map(|c| c / 1_000_000).collect();
        // A few words per cell, not one per person (750 persons here).
        let (_, w_small) = words(&small);
        assert!(w_small < 200, "{w_small}");
        let (out, w_big) = words(&big);
        assert!(w_big < 200, "{w_big}");
        assert_eq!(out.iter().sum::<u64>(), big.iter().sum::<u64>());
        assert!(out.iter().zip(&big).all(|(o, c)| (*c == 0) == (*o == 0)));
    }

    #[test]
    fn resample_is_multinomial_with_the_observed_shares() {
        let counts = [0u64, 60, 30, 20, 0, 5, 1, 4];
        let n: u64 = counts.iter().sum();
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let reps = 4000;
        let mut sum = [0f64; 8];
        let mut sq = [0f64; 8];
        for _ in 0..reps {
            let r = resample(&counts, n, &mut rng);
            assert_eq!(r.iter().sum::<u64>(), n);
            for i in 0..8 {
                sum[i] += r[i] as f64;
                sq[i] += (r[i] as f64).powi(2);
            }
        }
        for i in 0..8 {
            let p = counts[i] as f64 / n as f64;
            let mean = sum[i] / reps as f64;
            let var = sq[i] / reps as f64 - mean * mean;
            let se = (n as f64 * p * (1.0 - p) / reps as f64).sqrt();
            assert!(
                (mean - counts[i] as f64).abs() <= 4.0 * se + 1e-12,
                "cell {i}: {mean}"
            );
            let want = n as f64 * p * (1.0 - p);
            assert!(
                (var - want).abs() <= 0.1 * want + 1e-12,
                "cell {i}: var {var} vs {want}"
            );
        }
    }
}
