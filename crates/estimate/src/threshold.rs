//! Bayesian thresholding (Silverman 2020, JRSS A 183:691; `estimate_population_bayesthresh`
//! of MultipleSystemsEstimation): the Poisson log-linear model with every two-list
//! interaction is sampled by random-walk Metropolis (as MCMCpack's `MCMCpoisson`: a normal
//! proposal with the inverse Hessian at the posterior mode, scaled by `tune`), interactions
//! whose |posterior mean| is below `threshold` posterior standard deviations are dropped, the
//! model with the rest is sampled again, and the total population's posterior is the observed
//! count plus `exp(intercept)`: its median is the estimate, its quantiles the interval. With
//! `max_order = 3` three-list interactions whose three pairs are kept are thresholded the same
//! way. Flat priors on the intercept and main effects; on the interactions a normal prior
//! (variance 1 by default) or, with `Prior::Flat`, a flat one, in which case interactions
//! nobody is observed in are minus infinity (their cells leave the table) and the models are
//! checked for an extended maximum-likelihood estimate first (Fienberg & Rinaldo 2012).

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::StandardNormal;
use serde::Serialize;

use crate::fit::check_counts;
use crate::lcmcr::{ess, rhat};
use crate::linalg::Cholesky;
use crate::model::{all_pairs, term_name};
use crate::{EstimateError, Histories, ModelSpec};

/// The prior on the interaction parameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Prior {
    /// Independent normal priors centred at zero with this variance (the package's default,
    /// variance 1).
    Normal { variance: f64 },
    /// Improper flat priors (the package's `prior = "improper"`).
    Flat,
}

impl Prior {
    /// `normal(1)` or `flat`.
    pub fn name(self) -> String {
        match self {
            Prior::Normal { variance } => format!("normal({variance})"),
            Prior::Flat => "flat".to_string(),
        }
    }
}

/// The settings: the package's defaults with longer chains (four chains of 20,000 kept
/// iterations instead of one of 10,000) so that the thresholding statistics carry less
/// Monte Carlo error.
#[derive(Debug, Clone, PartialEq)]
pub struct ThresholdOptions {
    pub prior: Prior,
    /// Interactions with |posterior mean| / posterior sd below this are dropped (2).
    pub threshold: f64,
    /// 2, or 3 to threshold three-list interactions too.
    pub max_order: u32,
    pub chains: usize,
    pub burnin: usize,
    /// Iterations kept per chain after the burn-in (before thinning).
    pub iterations: usize,
    pub thinning: usize,
    /// Scale of the random-walk proposal (MCMCpack's `tune`, 1.1).
    pub tune: f64,
    pub seed: u64,
    pub level: f64,
}

impl Default for ThresholdOptions {
    fn default() -> Self {
        ThresholdOptions {
            prior: Prior::Normal { variance: 1.0 },
            threshold: 2.0,
            max_order: 2,
            chains: 4,
            burnin: 1000,
            iterations: 20_000,
            thinning: 1,
            tune: 1.1,
            seed: 1234,
            level: 0.95,
        }
    }
}

/// One interaction considered for thresholding.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TermStatistic {
    pub term: String,
    /// |posterior mean| / posterior standard deviation.
    pub ratio: f64,
    pub kept: bool,
}

/// The thresholded model and the posterior of the total population.
#[derive(Debug, Clone, Serialize)]
pub struct Threshold {
    pub observed: u64,
    /// Posterior median of the total population.
    pub estimate: f64,
    pub lower: f64,
    pub upper: f64,
    pub level: f64,
    /// Posterior quantiles (R's type 7) at 2.5, 10, 50, 90 and 97.5 %: `[p, value]`.
    pub quantiles: Vec<[f64; 2]>,
    /// Posterior standard deviation of the total population.
    pub sd: f64,
    /// The model kept, bracket notation (minus-infinite interactions included).
    pub model: String,
    /// The model kept in `--model` syntax.
    pub spec: String,
    #[serde(skip)]
    pub model_spec: ModelSpec,
    pub prior: String,
    pub threshold: f64,
    pub max_order: u32,
    /// The two-list interactions kept (estimated by MCMC).
    pub kept: Vec<String>,
    /// Every two-list interaction of the first fit with its statistic.
    pub statistics: Vec<TermStatistic>,
    /// Three-list interactions whose three pairs were kept (`max_order` 3).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub eligible_triples: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub triple_statistics: Vec<TermStatistic>,
    /// With a flat prior: interactions nobody is observed in, at minus infinity.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub minus_infinite: Vec<String>,
    /// Why the three-list step was not carried out, when it was not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub chains: usize,
    /// Draws kept per chain.
    pub draws_per_chain: usize,
    /// Gelman-Rubin R-hat of the total over the chains of the final fit.
    pub rhat: f64,
    /// Effective sample size of the total over those chains.
    pub ess: f64,
    /// Share of accepted proposals in the final fit.
    pub acceptance: f64,
    #[serde(skip)]
    pub draws: Vec<Vec<f64>>,
}

/// R's default sample quantile (type 7) of sorted values.
pub fn quantile_type7(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let h = (sorted.len() - 1) as f64 * p.clamp(0.0, 1.0);
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

/// The posterior sample of one model: per-parameter mean and sd over all chains, and the
/// total population per chain.
struct Posterior {
    mean: Vec<f64>,
    sd: Vec<f64>,
    totals: Vec<Vec<f64>>,
    acceptance: f64,
}

/// A log-linear model on a set of cells: columns intercept, main effects, `effects`.
struct Model<'a> {
    counts: &'a [u64],
    cells: &'a [u32],
    cols: Vec<u32>,
    /// Prior precision per column.
    precision: Vec<f64>,
}

impl Model<'_> {
    fn p(&self) -> usize {
        self.cols.len()
    }

    fn eta(&self, beta: &[f64], c: u32) -> f64 {
        self.cols
            .iter()
            .zip(beta)
            .filter(|(t, _)| c & **t == **t)
            .map(|(_, b)| b)
            .sum()
    }

    fn log_posterior(&self, beta: &[f64]) -> f64 {
        let mut lp = 0.0;
        for &c in self.cells {
            let e = self.eta(beta, c);
            lp += self.counts[c as usize] as f64 * e - e.exp();
        }
        lp - 0.5
            * beta
                .iter()
                .zip(&self.precision)
                .map(|(b, q)| q * b * b)
                .sum::<f64>()
    }

    /// Gradient and negative Hessian of the log posterior.
    fn derivatives(&self, beta: &[f64]) -> (Vec<f64>, Vec<f64>) {
        let p = self.p();
        let mut g: Vec<f64> = beta
            .iter()
            .zip(&self.precision)
            .map(|(b, q)| -q * b)
            .collect();
        let mut h = vec![0.0; p * p];
        for (j, q) in self.precision.iter().enumerate() {
            h[j * p + j] = *q;
        }
        let mut idx = Vec::with_capacity(p);
        for &c in self.cells {
            idx.clear();
            idx.extend((0..p).filter(|&j| c & self.cols[j] == self.cols[j]));
            let mu = self.eta(beta, c).exp();
            let r = self.counts[c as usize] as f64 - mu;
            for &a in &idx {
                g[a] += r;
                for &b in &idx {
                    h[a * p + b] += mu;
                }
            }
        }
        (g, h)
    }

    /// The posterior mode by Newton's method with step halving, from MCMCpack's start as the
    /// package gives it (intercept `log(5 n)`, main effects `log(n_j / 5 n)`).
    fn mode(&self, k: usize) -> Option<(Vec<f64>, Vec<f64>)> {
        let p = self.p();
        let n: f64 = self
            .cells
            .iter()
            .map(|&c| self.counts[c as usize] as f64)
            .sum();
        let mut beta = vec![0.0; p];
        beta[0] = (5.0 * n).ln();
        for j in 0..k {
            let nj: f64 = self
                .cells
                .iter()
                .filter(|&&c| c >> j & 1 == 1)
                .map(|&c| self.counts[c as usize] as f64)
                .sum();
            beta[1 + j] = (nj.max(0.5) / (5.0 * n)).ln();
        }
        let mut lp = self.log_posterior(&beta);
        for _ in 0..500 {
            let (g, h) = self.derivatives(&beta);
            let ch = Cholesky::new(&h, p);
            if ch.aliased().iter().any(|&a| a) {
                return None;
            }
            let mut step = g.clone();
            ch.solve(&mut step);
            let mut t = 1.0;
            let mut improved = false;
            for _ in 0..60 {
                let cand: Vec<f64> = beta.iter().zip(&step).map(|(b, s)| b + t * s).collect();
                let l = self.log_posterior(&cand);
                if l.is_finite() && l >= lp - 1e-12 * lp.abs() {
                    beta = cand;
                    lp = l;
                    improved = true;
                    break;
                }
                t /= 2.0;
            }
            let size = step.iter().fold(0.0f64, |m, s| m.max(s.abs())) * t;
            if !improved || size < 1e-10 {
                let (_, h) = self.derivatives(&beta);
                let ch = Cholesky::new(&h, p);
                if ch.aliased().iter().any(|&a| a) {
                    return None;
                }
                let cov = ch.inverse();
                let chv = Cholesky::new(&cov, p);
                if chv.aliased().iter().any(|&a| a) {
                    return None;
                }
                return Some((beta, chv.lower().to_vec()));
            }
        }
        None
    }
}

/// One chain of random-walk Metropolis: the kept parameter draws (row-major) and the number
/// of accepted proposals.
fn chain(
    m: &Model,
    start: &[f64],
    lower: &[f64],
    o: &ThresholdOptions,
    stream: u64,
) -> (Vec<f64>, usize) {
    let p = m.p();
    let mut rng = ChaCha8Rng::seed_from_u64(o.seed);
    rng.set_stream(stream);
    let mut z = vec![0.0; p];
    let mut propose = |beta: &[f64], scale: f64, rng: &mut ChaCha8Rng| -> Vec<f64> {
        for v in z.iter_mut() {
            *v = rng.sample(StandardNormal);
        }
        (0..p)
            .map(|i| beta[i] + scale * (0..=i).map(|j| lower[i * p + j] * z[j]).sum::<f64>())
            .collect()
    };
    // Chains start dispersed around the mode, so that R-hat can show disagreement.
    let mut beta = propose(start, 2.0, &mut rng);
    let mut lp = m.log_posterior(&beta);
    let thin = o.thinning.max(1);
    let mut kept = Vec::with_capacity(o.iterations / thin * p);
    let mut accepted = 0;
    for it in 0..o.burnin + o.iterations {
        let cand = propose(&beta, o.tune, &mut rng);
        let l = m.log_posterior(&cand);
        let u: f64 = rng.random();
        if l.is_finite() && u.ln() < l - lp {
            beta = cand;
            lp = l;
            if it >= o.burnin {
                accepted += 1;
            }
        }
        if it >= o.burnin && (it - o.burnin + 1).is_multiple_of(thin) {
            kept.extend_from_slice(&beta);
        }
    }
    (kept, accepted)
}

/// Samples the model with `effects` on `cells`; stage `stage` uses streams
/// `stage * 2^32 + chain`.
fn sample(
    h: &Histories,
    cells: &[u32],
    effects: &[u32],
    o: &ThresholdOptions,
    stage: u64,
    threads: usize,
) -> Result<Posterior, EstimateError> {
    let (counts, k, observed) = (h.counts(), h.k(), h.observed());
    let mut cols = vec![0u32];
    cols.extend((0..k).map(|j| 1u32 << j));
    cols.extend_from_slice(effects);
    let q = match o.prior {
        // MCMCpack needs a proper prior throughout: the package gives the intercept and main
        // effects precision 1e-4, which it calls an approximation of the flat prior.
        Prior::Normal { variance } => 1.0 / variance,
        Prior::Flat => 0.0,
    };
    let flat = if matches!(o.prior, Prior::Flat) {
        0.0
    } else {
        1e-4
    };
    let precision = (0..cols.len())
        .map(|j| if j <= k { flat } else { q })
        .collect();
    let m = Model {
        counts,
        cells,
        cols,
        precision,
    };
    let p = m.p();
    let (start, lower) = m.mode(k).ok_or_else(|| {
        EstimateError::Data(
            "Bayesian thresholding: the posterior has no mode (the model is not identifiable from these data)"
                .into(),
        )
    })?;
    let threads = threads.max(1).min(o.chains);
    let mut runs: Vec<(Vec<f64>, usize)> = vec![(Vec::new(), 0); o.chains];
    std::thread::scope(|sc| {
        let m = &m;
        let (start, lower) = (&start, &lower);
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                sc.spawn(move || {
                    (t..o.chains)
                        .step_by(threads)
                        .map(|c| (c, chain(m, start, lower, o, (stage << 32) + c as u64)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        for hd in handles {
            if let Ok(part) = hd.join() {
                for (c, r) in part {
                    runs[c] = r;
                }
            }
        }
    });
    let total_draws: usize = runs.iter().map(|r| r.0.len() / p).sum();
    if total_draws < 2 {
        return Err(EstimateError::Data(
            "Bayesian thresholding: too few draws".into(),
        ));
    }
    let mut mean = vec![0.0; p];
    for (d, _) in &runs {
        for row in d.chunks_exact(p) {
            for (m, v) in mean.iter_mut().zip(row) {
                *m += v;
            }
        }
    }
    mean.iter_mut().for_each(|m| *m /= total_draws as f64);
    let mut var = vec![0.0; p];
    for (d, _) in &runs {
        for row in d.chunks_exact(p) {
            for ((s, v), m) in var.iter_mut().zip(row).zip(&mean) {
                *s += (v - m) * (v - m);
            }
        }
    }
    let sd = var
        .iter()
        .map(|v| (v / (total_draws - 1) as f64).sqrt())
        .collect();
    let totals = runs
        .iter()
        .map(|(d, _)| {
            d.chunks_exact(p)
                .map(|row| observed as f64 + row[0].exp())
                .collect()
        })
        .collect();
    let accepted: usize = runs.iter().map(|r| r.1).sum();
    Ok(Posterior {
        mean,
        sd,
        totals,
        acceptance: accepted as f64 / (o.chains * o.iterations).max(1) as f64,
    })
}

/// True when term (or cell) `inner` lies within `outer`.
fn within(inner: u32, outer: u32) -> bool {
    outer & inner == inner
}

/// The interactions of `effects` that nobody in `cells` is observed in, with every effect
/// containing one of them; the cells that contain them leave the table.
fn remove_zero_effects(
    counts: &[u64],
    cells: &[u32],
    effects: &[u32],
) -> (Vec<u32>, Vec<u32>, Vec<u32>) {
    let stat = |t: u32| -> u64 {
        cells
            .iter()
            .filter(|&&c| c & t == t)
            .map(|&c| counts[c as usize])
            .sum()
    };
    let mut removed: Vec<u32> = effects.iter().copied().filter(|&t| stat(t) == 0).collect();
    let extra: Vec<u32> = effects
        .iter()
        .copied()
        .filter(|&t| !removed.contains(&t) && removed.iter().any(|&r| within(r, t)))
        .collect();
    let cells = cells
        .iter()
        .copied()
        .filter(|&c| !removed.iter().any(|&r| within(r, c)))
        .collect();
    removed.extend(extra);
    let kept = effects
        .iter()
        .copied()
        .filter(|t| !removed.contains(t))
        .collect();
    (cells, kept, removed)
}

/// The statistics |mean| / sd of `effects` (columns after intercept and main effects).
fn statistics(
    post: &Posterior,
    k: usize,
    effects: &[u32],
    threshold: f64,
) -> Vec<(u32, f64, bool)> {
    effects
        .iter()
        .enumerate()
        .map(|(i, &t)| {
            let r = (post.mean[1 + k + i] / post.sd[1 + k + i]).abs();
            (t, r, r >= threshold)
        })
        .collect()
}

/// Three-list interactions whose three pairs are all in `pairs`.
fn eligible_triples(pairs: &[u32], k: usize) -> Vec<u32> {
    let mut out = Vec::new();
    for a in 0..k {
        for b in a + 1..k {
            for c in b + 1..k {
                let t = (1u32 << a) | (1 << b) | (1 << c);
                let sub = [t & !(1 << a), t & !(1 << b), t & !(1 << c)];
                if sub.iter().all(|s| pairs.contains(s)) {
                    out.push(t);
                }
            }
        }
    }
    out
}

/// Bayesian thresholding on `h`. Chain `c` of stage `s` draws from ChaCha8 stream
/// `s * 2^32 + c` of the seed, so the result does not depend on the number of threads.
pub fn threshold(
    h: &Histories,
    o: &ThresholdOptions,
    threads: usize,
) -> Result<Threshold, EstimateError> {
    let k = h.k();
    let bad = |m: String| Err(EstimateError::Data(format!("Bayesian thresholding: {m}")));
    if h.observed() == 0 {
        return bad("no persons observed on any list".into());
    }
    if k < 2 {
        return bad("needs at least two lists".into());
    }
    if !(o.max_order == 2 || o.max_order == 3) {
        return bad(format!(
            "the highest order must be 2 or 3, got {}",
            o.max_order
        ));
    }
    if o.max_order == 3 && k < 3 {
        return bad("three-list interactions need at least three lists".into());
    }
    if !(o.threshold >= 0.0 && o.threshold.is_finite()) {
        return bad(format!(
            "the threshold must be a number of at least 0, got {}",
            o.threshold
        ));
    }
    if let Prior::Normal { variance } = o.prior
        && !(variance > 0.0 && variance.is_finite())
    {
        return bad(format!(
            "the prior variance must be positive, got {variance}"
        ));
    }
    if o.chains == 0
        || o.iterations < 4 * o.thinning.max(1)
        || o.tune.partial_cmp(&0.0) != Some(std::cmp::Ordering::Greater)
    {
        return bad("needs at least one chain, four kept draws and a positive tune".into());
    }
    if !(o.level > 0.0 && o.level < 1.0) {
        return bad(format!("level must lie between 0 and 1, got {}", o.level));
    }
    let counts = h.counts();
    let lists = h.lists();
    let flat = matches!(o.prior, Prior::Flat);
    let all_cells: Vec<u32> = (1u32..1 << k).collect();
    let pairs = all_pairs(k);
    if flat && !check_counts(counts, k, &pairs).ok() {
        return bad(
            "with a flat prior it cannot be applied: the model with every two-list interaction has no extended maximum-likelihood estimate (Fienberg & Rinaldo); use the normal prior"
                .into(),
        );
    }
    // Stage 1: every pair.
    let (cells1, effects1, removed1) = if flat {
        remove_zero_effects(counts, &all_cells, &pairs)
    } else {
        (all_cells.clone(), pairs.clone(), Vec::new())
    };
    let post1 = sample(h, &cells1, &effects1, o, 0, threads)?;
    let stats1 = statistics(&post1, k, &effects1, o.threshold);
    let kept_pairs: Vec<u32> = stats1.iter().filter(|s| s.2).map(|s| s.0).collect();
    let refit_cells = if flat { cells1 } else { all_cells };
    let mut note = None;
    let mut triple_stats = Vec::new();
    let mut removed3 = Vec::new();
    let candidates = if o.max_order == 3 {
        eligible_triples(&kept_pairs, k)
    } else {
        Vec::new()
    };
    let mut extend = !candidates.is_empty();
    if flat && extend {
        let spec = ModelSpec::from_terms(kept_pairs.iter().chain(&candidates).copied());
        if !check_counts(counts, k, &spec.interactions()).ok() {
            extend = false;
            note = Some(
                "the model with every eligible three-list interaction has no extended maximum-likelihood estimate: the two-list result is given"
                    .to_string(),
            );
        }
    }
    let (final_cells, final_effects) = if extend {
        let with: Vec<u32> = kept_pairs.iter().chain(&candidates).copied().collect();
        let (cells3, effects3, rem) = if flat {
            remove_zero_effects(counts, &refit_cells, &with)
        } else {
            (refit_cells.clone(), with, Vec::new())
        };
        removed3 = rem;
        let post3 = sample(h, &cells3, &effects3, o, 1, threads)?;
        let s3: Vec<(u32, f64, bool)> = statistics(&post3, k, &effects3, o.threshold)
            .into_iter()
            .filter(|s| s.0.count_ones() == 3)
            .collect();
        let triples: Vec<u32> = s3.iter().filter(|s| s.2).map(|s| s.0).collect();
        triple_stats = s3;
        let effects: Vec<u32> = kept_pairs.iter().chain(&triples).copied().collect();
        (cells3, effects)
    } else {
        (refit_cells, kept_pairs.clone())
    };
    let mut minus_infinite: Vec<u32> = removed1.clone();
    for t in removed3 {
        if !minus_infinite.contains(&t) {
            minus_infinite.push(t);
        }
    }
    let name = |t: u32| term_name(t, lists, ":");
    let mut t = finish(h, o, threads, &final_cells, &final_effects, minus_infinite)?;
    t.kept = kept_pairs.iter().map(|&t| name(t)).collect();
    t.statistics = stat_rows(lists, &stats1);
    t.eligible_triples = candidates.iter().map(|&t| name(t)).collect();
    t.triple_statistics = stat_rows(lists, &triple_stats);
    t.note = note;
    Ok(t)
}

fn stat_rows(lists: &[String], s: &[(u32, f64, bool)]) -> Vec<TermStatistic> {
    s.iter()
        .map(|&(t, ratio, kept)| TermStatistic {
            term: term_name(t, lists, ":"),
            ratio,
            kept,
        })
        .collect()
}

/// The posterior of the total population under one fixed model (the last step of
/// thresholding, and a Bayesian log-linear fit on its own): `spec`'s interactions with the
/// prior of `o`; with a flat prior the interactions nobody is observed in are minus infinity.
/// The statistics are those of `spec`'s interactions under this posterior.
pub fn bayes_fixed(
    h: &Histories,
    spec: &ModelSpec,
    o: &ThresholdOptions,
    threads: usize,
) -> Result<Threshold, EstimateError> {
    let k = h.k();
    let all_cells: Vec<u32> = (1u32..1 << k).collect();
    let interactions = spec.interactions();
    let (cells, effects, removed) = if matches!(o.prior, Prior::Flat) {
        if !check_counts(h.counts(), k, &interactions).ok() {
            return Err(EstimateError::Data(format!(
                "Bayesian fit with a flat prior: model {} has no extended maximum-likelihood estimate",
                spec.bracket_string(h.lists())
            )));
        }
        remove_zero_effects(h.counts(), &all_cells, &interactions)
    } else {
        (all_cells, interactions, Vec::new())
    };
    finish(h, o, threads, &cells, &effects, removed)
}

/// Samples the final model and summarises the total population's posterior.
fn finish(
    h: &Histories,
    o: &ThresholdOptions,
    threads: usize,
    cells: &[u32],
    effects: &[u32],
    minus_infinite: Vec<u32>,
) -> Result<Threshold, EstimateError> {
    let k = h.k();
    let lists = h.lists();
    let observed = h.observed();
    let post = sample(h, cells, effects, o, 2, threads)?;
    let stats = statistics(&post, k, effects, o.threshold);
    let spec = ModelSpec::from_terms(effects.iter().chain(&minus_infinite).copied());
    let mut all: Vec<f64> = post.totals.iter().flatten().copied().collect();
    all.sort_by(f64::total_cmp);
    let a = (1.0 - o.level) / 2.0;
    let n = all.len() as f64;
    let mean = all.iter().sum::<f64>() / n;
    let sd = (all.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / (n - 1.0)).sqrt();
    let name = |t: u32| term_name(t, lists, ":");
    Ok(Threshold {
        observed,
        estimate: quantile_type7(&all, 0.5),
        lower: quantile_type7(&all, a),
        upper: quantile_type7(&all, 1.0 - a),
        level: o.level,
        quantiles: [0.025, 0.1, 0.5, 0.9, 0.975]
            .iter()
            .map(|&p| [p, quantile_type7(&all, p)])
            .collect(),
        sd,
        model: spec.bracket_string(lists),
        spec: spec.spec_string(lists),
        model_spec: spec,
        prior: o.prior.name(),
        threshold: o.threshold,
        max_order: o.max_order,
        kept: effects.iter().map(|&t| name(t)).collect(),
        statistics: stat_rows(lists, &stats),
        eligible_triples: Vec::new(),
        triple_statistics: Vec::new(),
        minus_infinite: minus_infinite.iter().map(|&t| name(t)).collect(),
        note: None,
        chains: o.chains,
        draws_per_chain: o.iterations / o.thinning.max(1),
        rhat: rhat(&post.totals),
        ess: ess(&post.totals),
        acceptance: post.acceptance,
        draws: post.totals,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn type7_quantiles_are_rs_default() {
        // R: quantile(1:5, c(0.25, 0.5, 0.1)) = 2, 3, 1.4; quantile(c(1, 2, 3, 4), 0.1) = 1.3.
        let x = [1.0, 2.0, 3.0, 4.0, 5.0];
        assert!((quantile_type7(&x, 0.25) - 2.0).abs() < 1e-12);
        assert!((quantile_type7(&x, 0.5) - 3.0).abs() < 1e-12);
        assert!((quantile_type7(&x, 0.1) - 1.4).abs() < 1e-12);
        assert!((quantile_type7(&[1.0, 2.0, 3.0, 4.0], 0.1) - 1.3).abs() < 1e-12);
    }

    #[test]
    fn zero_effects_leave_with_their_cells_and_the_effects_above_them() {
        // A:B has nobody; A:B:C contains it and goes too; cells 3 and 7 leave the table.
        let mut counts = vec![5u64; 8];
        counts[0] = 0;
        counts[3] = 0;
        counts[7] = 0;
        let cells: Vec<u32> = (1..8).collect();
        let (c, kept, removed) = remove_zero_effects(&counts, &cells, &[0b011, 0b101, 0b111]);
        assert_eq!(c, vec![1, 2, 4, 5, 6]);
        assert_eq!(kept, vec![0b101]);
        assert_eq!(removed, vec![0b011, 0b111]);
    }

    #[test]
    fn results_do_not_depend_on_the_number_of_threads() {
        let h = Histories::new(
            vec!["A".into(), "B".into(), "C".into()],
            vec![0, 60, 40, 12, 30, 9, 8, 3],
        )
        .unwrap();
        let o = ThresholdOptions {
            iterations: 2000,
            ..ThresholdOptions::default()
        };
        let a = threshold(&h, &o, 1).unwrap();
        let b = threshold(&h, &o, 4).unwrap();
        assert_eq!(a.draws, b.draws);
        assert_eq!(a.statistics, b.statistics);
    }
}
