//! Model selection: the stepwise method of Chan, Silverman & Vincent (2021) with Poisson
//! p-values of pairwise overlaps, and the exhaustive search over all hierarchical models
//! with up to two-way interactions ranked by AIC or BIC.

use serde::Serialize;

use crate::dist::{ppois_ge, ppois_le};
use crate::fit::{
    CoreFit, Fit, Status, Warm, check_counts, describe, empty_terms, fit_core, status_from_fit,
};
use crate::histories::margin;
use crate::model::{all_pairs, term_name};
use crate::{EstimateError, Histories, ModelSpec};

/// Most lists for the exhaustive search (2^15 models for six lists).
pub const MAX_SEARCH_LISTS: usize = 6;

/// Information criterion for the exhaustive search.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Criterion {
    #[serde(rename = "AIC")]
    Aic,
    #[serde(rename = "BIC")]
    Bic,
}

impl Criterion {
    pub fn name(self) -> &'static str {
        match self {
            Criterion::Aic => "AIC",
            Criterion::Bic => "BIC",
        }
    }
}

/// One cycle of the stepwise method that added a pair.
#[derive(Debug, Clone, Serialize)]
pub struct Step {
    /// The pair added, `A:B`.
    pub added: String,
    /// Its Poisson p-value under the previous model.
    pub p_value: f64,
    /// Persons on both lists (n*).
    pub overlap: u64,
    /// Expected number on both lists under the previous model.
    pub expected: f64,
    /// Pairs with a smaller p-value passed over because adding them would make the estimate
    /// infinite or not identifiable.
    pub passed_over: Vec<String>,
}

/// The result of stepwise selection.
#[derive(Debug, Clone, Serialize)]
pub struct Stepwise {
    pub threshold: f64,
    pub steps: Vec<Step>,
    pub fit: Fit,
}

struct StepCore {
    pair: u32,
    p: f64,
    overlap: u64,
    expected: f64,
    passed_over: Vec<u32>,
}

/// p-value of an observed overlap `n` under Poisson(`lambda`): min(P(X <= n), P(X >= n)).
pub fn overlap_p_value(n: u64, lambda: f64) -> f64 {
    ppois_le(n, lambda).min(ppois_ge(n, lambda))
}

/// The stepwise method on raw counts. Returns the chosen pairs and the final fit.
fn stepwise_core(
    counts: &[u64],
    k: usize,
    threshold: f64,
    warm: Option<&CoreFit>,
    mut trace: Option<&mut Vec<StepCore>>,
) -> Option<(Vec<u32>, CoreFit)> {
    let pairs = all_pairs(k);
    if threshold <= 0.0 {
        return Some((Vec::new(), fit_core(counts, k, &[], None)?));
    }
    if threshold >= 1.0 && check_counts(counts, k, &pairs).ok() {
        return Some((pairs.clone(), fit_core(counts, k, &pairs, None)?));
    }
    let nstar: Vec<u64> = pairs.iter().map(|&t| margin(counts, t)).collect();
    let mut included = vec![false; pairs.len()];
    let mut model: Vec<u32> = Vec::new();
    let mut cur = fit_core(counts, k, &model, warm.map(CoreFit::warm))?;
    for _ in 0..pairs.len() {
        let mut cands: Vec<(f64, usize, f64)> = Vec::new();
        for (j, &pair) in pairs.iter().enumerate() {
            if included[j] {
                continue;
            }
            let lambda: f64 = cur
                .design
                .cells
                .iter()
                .zip(&cur.glm.mu)
                .filter(|(c, _)| **c & pair == pair)
                .map(|(_, m)| *m)
                .sum();
            cands.push((overlap_p_value(nstar[j], lambda), j, lambda));
        }
        cands.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let mut chosen = None;
        let mut passed_over = Vec::new();
        for &(p, j, lambda) in &cands {
            if p >= threshold || p.is_nan() {
                break;
            }
            let mut m = model.clone();
            m.push(pairs[j]);
            m.sort_unstable_by_key(|t| pairs.iter().position(|u| u == t));
            // Fit first: a well-behaved fit settles the checks; otherwise run them.
            let trial = fit_core(counts, k, &m, Some(cur.warm()));
            let ok = match trial.as_ref().and_then(|c| status_from_fit(counts, k, c)) {
                Some(_) => true,
                None => check_counts(counts, k, &m).ok(),
            };
            if ok {
                chosen = Some((p, j, lambda, m, trial));
                break;
            }
            passed_over.push(pairs[j]);
        }
        let Some((p, j, lambda, m, trial)) = chosen else {
            break;
        };
        if let Some(t) = trace.as_deref_mut() {
            t.push(StepCore {
                pair: pairs[j],
                p,
                overlap: nstar[j],
                expected: lambda,
                passed_over,
            });
        }
        included[j] = true;
        model = m;
        cur = match trial {
            Some(c) => c,
            None => fit_core(counts, k, &model, Some(cur.warm()))?,
        };
    }
    Some((model, cur))
}

/// Stepwise selection from the main-effects model (Chan, Silverman & Vincent 2021): in each
/// cycle add the pair of lists whose observed overlap is least likely under the current fit,
/// if its p-value is below `threshold` (0.02 in the reference) and the model stays finite and
/// identifiable.
pub fn stepwise(h: &Histories, threshold: f64) -> Result<Stepwise, EstimateError> {
    if !(0.0..=1.0).contains(&threshold) {
        return Err(EstimateError::Data(format!(
            "the threshold must lie between 0 and 1, got {threshold}"
        )));
    }
    let mut trace = Vec::new();
    let (model, core) = stepwise_core(h.counts(), h.k(), threshold, None, Some(&mut trace))
        .ok_or_else(|| EstimateError::NotIdentifiable {
            model: ModelSpec::independence().bracket_string(h.lists()),
        })?;
    let spec = ModelSpec::from_terms(model.iter().copied());
    let status = check_counts(h.counts(), h.k(), &spec.columns());
    let empty = empty_terms(h.counts(), &spec.columns());
    let fit = describe(h, &spec, &core, status, &empty);
    let lists = h.lists();
    let steps = trace
        .into_iter()
        .map(|s| Step {
            added: term_name(s.pair, lists, ":"),
            p_value: s.p,
            overlap: s.overlap,
            expected: s.expected,
            passed_over: s
                .passed_over
                .iter()
                .map(|&t| term_name(t, lists, ":"))
                .collect(),
        })
        .collect();
    Ok(Stepwise {
        threshold,
        steps,
        fit,
    })
}

/// One model of the exhaustive search.
#[derive(Debug, Clone, Serialize)]
pub struct RankedModel {
    pub model: String,
    pub spec: String,
    #[serde(skip)]
    pub model_spec: ModelSpec,
    pub status: Status,
    /// `None` when the estimate is infinite or the model not identifiable (see `status`).
    pub estimate: Option<f64>,
    pub aic: Option<f64>,
    pub bic: Option<f64>,
    pub deviance: Option<f64>,
    pub df: Option<usize>,
}

/// The result of the exhaustive search: every model, best first (models whose estimate is
/// infinite or not identifiable come last), and the fit of the best.
#[derive(Debug, Clone, Serialize)]
pub struct Search {
    pub criterion: Criterion,
    pub models: Vec<RankedModel>,
    pub best: Fit,
}

struct Scored {
    mask: u32,
    status: Status,
    loglik: f64,
    deviance: f64,
    estimate: f64,
    n_params: usize,
}

fn pairs_of(mask: u32, pairs: &[u32]) -> Vec<u32> {
    pairs
        .iter()
        .enumerate()
        .filter(|(j, _)| mask >> j & 1 == 1)
        .map(|(_, &t)| t)
        .collect()
}

/// Statuses of the top-level models (every non-empty pair plus a subset of the empty ones),
/// indexed by the model's mask; existence and identifiability pass from a top-level model to
/// every model with the same empty pairs and fewer non-empty ones (SparseMSE's
/// `checkallmodels`), so only models under a failing top-level model are checked one by one.
struct TopLevel {
    empty_mask: u32,
    full_mask: u32,
    status: std::collections::HashMap<u32, Status>,
}

impl TopLevel {
    fn new(counts: &[u64], k: usize, pairs: &[u32]) -> TopLevel {
        let full_mask = (1u32 << pairs.len()) - 1;
        let empty_mask = pairs
            .iter()
            .enumerate()
            .filter(|(_, t)| margin(counts, **t) == 0)
            .fold(0u32, |m, (j, _)| m | 1 << j);
        let mut status = std::collections::HashMap::new();
        let mut e = empty_mask;
        loop {
            let top = (full_mask & !empty_mask) | e;
            status.insert(e, check_counts(counts, k, &pairs_of(top, pairs)));
            if e == 0 {
                break;
            }
            e = (e - 1) & empty_mask;
        }
        TopLevel {
            empty_mask,
            full_mask,
            status,
        }
    }

    /// The status of a model when its top-level model passes both checks.
    fn status_if_ok(&self, mask: u32) -> Option<Status> {
        debug_assert!(mask <= self.full_mask);
        self.status
            .get(&(mask & self.empty_mask))
            .filter(|top| top.ok())
            .copied()
    }
}

/// A fitted model's columns and coefficients, kept to start related fits.
type Start = (Vec<u32>, Vec<f64>);

fn score(
    counts: &[u64],
    k: usize,
    pairs: &[u32],
    top: &TopLevel,
    warm: Option<Warm<'_>>,
    mask: u32,
) -> (Scored, Option<Start>) {
    let terms = pairs_of(mask, pairs);
    let (status, fitted) = match top.status_if_ok(mask) {
        Some(s) => (s, fit_core(counts, k, &terms, warm)),
        None => {
            let fitted = fit_core(counts, k, &terms, warm);
            match fitted.as_ref().and_then(|c| status_from_fit(counts, k, c)) {
                Some(s) => (s, fitted),
                None => {
                    let s = check_counts(counts, k, &terms);
                    (s, if s.identifiable { fitted } else { None })
                }
            }
        }
    };
    let n_params = 1 + k + terms.len() - status.rank_deficiency;
    match fitted {
        Some(c) => (
            Scored {
                mask,
                status,
                loglik: c.glm.loglik,
                deviance: c.glm.deviance,
                estimate: c.estimate,
                n_params,
            },
            c.glm.converged.then_some((c.design.cols, c.glm.beta)),
        ),
        None => (
            Scored {
                mask,
                status: Status {
                    identifiable: false,
                    code: status.code | 2,
                    ..status
                },
                loglik: f64::NAN,
                deviance: f64::NAN,
                estimate: f64::NAN,
                n_params,
            },
            None,
        ),
    }
}

/// Models per block of the search. Within a block every model starts from the fit of the
/// model with one pair fewer (its lowest pair left out) when that lies in the block, else
/// from the independence fit; blocks do not depend on the number of threads, so neither
/// do the results.
const BLOCK: u32 = 64;

fn score_block(
    counts: &[u64],
    k: usize,
    pairs: &[u32],
    top: &TopLevel,
    independence: Option<Warm<'_>>,
    block: u32,
    total: u32,
) -> Vec<Scored> {
    let start = block * BLOCK;
    let end = (start + BLOCK).min(total);
    let mut starts: Vec<Option<Start>> = Vec::with_capacity(BLOCK as usize);
    let mut out = Vec::with_capacity(BLOCK as usize);
    for m in start..end {
        let parent = m & m.wrapping_sub(1);
        let warm = if m != 0 && parent >= start {
            starts[(parent - start) as usize]
                .as_ref()
                .map(|(cols, beta)| Warm { cols, beta })
                .or(independence)
        } else {
            independence
        };
        let (scored, fitted) = score(counts, k, pairs, top, warm, m);
        out.push(scored);
        starts.push(fitted);
    }
    out
}

fn criterion_value(s: &Scored, criterion: Criterion, observed: u64) -> f64 {
    let pen = match criterion {
        Criterion::Aic => 2.0,
        Criterion::Bic => (observed.max(1) as f64).ln(),
    };
    -2.0 * s.loglik + pen * s.n_params as f64
}

fn score_all(counts: &[u64], k: usize, threads: usize) -> Vec<Scored> {
    let pairs = all_pairs(k);
    let total = 1u32 << pairs.len();
    let threads = threads.max(1).min(total as usize);
    let top = TopLevel::new(counts, k, &pairs);
    let independence = fit_core(counts, k, &[], None);
    let independence = independence.as_ref().map(CoreFit::warm);
    let blocks = total.div_ceil(BLOCK);
    if threads == 1 {
        return (0..blocks)
            .flat_map(|b| score_block(counts, k, &pairs, &top, independence, b, total))
            .collect();
    }
    let mut parts: Vec<Vec<Scored>> = Vec::new();
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let (pairs, top) = (&pairs, &top);
                s.spawn(move || {
                    (0..blocks)
                        .filter(|b| *b as usize % threads == t)
                        .flat_map(|b| score_block(counts, k, pairs, top, independence, b, total))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        for h in handles {
            parts.push(h.join().unwrap_or_default());
        }
    });
    let mut all: Vec<Scored> = parts.into_iter().flatten().collect();
    all.sort_by_key(|s| s.mask);
    all
}

fn best_index(all: &[Scored], criterion: Criterion, observed: u64) -> Option<usize> {
    all.iter()
        .enumerate()
        .filter(|(_, s)| s.status.ok() && s.loglik.is_finite())
        .min_by(|a, b| {
            criterion_value(a.1, criterion, observed)
                .total_cmp(&criterion_value(b.1, criterion, observed))
                .then(a.0.cmp(&b.0))
        })
        .map(|(i, _)| i)
}

/// The best model of the exhaustive search on raw counts (single-threaded; for the bootstrap).
///
/// Branch and bound: a model's log-likelihood is at most that of every model that contains it,
/// so with the full two-way model and each model with one pair fewer fitted, every model has
/// a lower bound on its criterion, `-2 min(ll) + penalty * parameters`. Models are fitted in
/// order of that bound until the bound exceeds the best criterion found; those left cannot be
/// best. The choice is the exhaustive search's (ties to the lower mask as there).
fn search_core(
    counts: &[u64],
    k: usize,
    criterion: Criterion,
    warm: Option<&CoreFit>,
) -> Option<CoreFit> {
    let best = search_core_mask(counts, k, criterion, warm)?;
    fit_core(counts, k, &pairs_of(best, &all_pairs(k)), None)
}

fn search_core_mask(
    counts: &[u64],
    k: usize,
    criterion: Criterion,
    warm: Option<&CoreFit>,
) -> Option<u32> {
    best_mask_bounded(counts, k, criterion, warm).or_else(|| {
        let all = score_all(counts, k, 1);
        let observed: u64 = counts.iter().sum();
        best_index(&all, criterion, observed).map(|i| all[i].mask)
    })
}

/// Slack that keeps a model whose bound lies within rounding of the best criterion.
const BOUND_SLACK: f64 = 1e-6;

/// The best mask by branch and bound, or `None` when the full model gives no bound (it does
/// not converge), and the caller searches exhaustively.
///
/// Every fitted model bounds the log-likelihood of all its submodels (they are nested in it),
/// so each fit tightens the bounds of the models below it. Models are taken best bound first
/// from a queue; a model whose bound has tightened since it was queued goes back in with the
/// new bound; the search stops when the best remaining bound exceeds the best criterion
/// found. Each model starts from the fit of the model that gave its bound (its tightest
/// fitted supermodel, the closest one). The queue order is a total order (bound, then mask),
/// so the search is deterministic.
fn best_mask_bounded(
    counts: &[u64],
    k: usize,
    criterion: Criterion,
    warm: Option<&CoreFit>,
) -> Option<u32> {
    use std::cmp::Reverse;
    use std::collections::BinaryHeap;

    /// A bound with the total order of `f64::total_cmp`, for the queue.
    #[derive(PartialEq)]
    struct Key(f64);
    impl Eq for Key {}
    impl PartialOrd for Key {
        fn partial_cmp(&self, o: &Self) -> Option<std::cmp::Ordering> {
            Some(self.cmp(o))
        }
    }
    impl Ord for Key {
        fn cmp(&self, o: &Self) -> std::cmp::Ordering {
            self.0.total_cmp(&o.0)
        }
    }

    let pairs = all_pairs(k);
    let np = pairs.len();
    let full = (1u32 << np) - 1;
    let observed: u64 = counts.iter().sum();
    let pen = match criterion {
        Criterion::Aic => 2.0,
        Criterion::Bic => (observed.max(1) as f64).ln(),
    };
    let top = TopLevel::new(counts, k, &pairs);
    // The full model starts from `warm` (in the bootstrap: the full model's fit on the data
    // themselves, close to every replicate's), else from the independence fit.
    let independence = match warm {
        Some(_) => None,
        None => fit_core(counts, k, &[], None),
    };
    let start = warm.or(independence.as_ref()).map(CoreFit::warm);
    let (full_scored, full_start) = score(counts, k, &pairs, &top, start, full);
    if full_start.is_none() || !full_scored.loglik.is_finite() {
        return None;
    }
    let n_models = 1usize << np;
    // Upper bound of each model's log-likelihood, and the fitted supermodel that gives it.
    let mut ub = vec![full_scored.loglik; n_models];
    let mut src = vec![full; n_models];
    let mut starts: Vec<Option<Start>> = vec![None; n_models];
    let mut fitted = vec![false; n_models];
    let mut best: Option<(f64, u32)> = None;
    let consider = |s: &Scored, best: &mut Option<(f64, u32)>| {
        if !(s.status.ok() && s.loglik.is_finite()) {
            return;
        }
        let v = criterion_value(s, criterion, observed);
        let better = match *best {
            None => true,
            Some((bv, bm)) => v < bv || (v == bv && s.mask < bm),
        };
        if better {
            *best = Some((v, s.mask));
        }
    };
    // Records a fit: its bound passes to every submodel.
    let record = |s: &Scored,
                  start: Option<Start>,
                  ub: &mut [f64],
                  src: &mut [u32],
                  starts: &mut [Option<Start>],
                  fitted: &mut [bool]| {
        let m = s.mask;
        fitted[m as usize] = true;
        // A fit that did not settle bounds nothing (its log-likelihood is not the maximum).
        if start.is_some() && s.loglik.is_finite() {
            let ll = s.loglik;
            let mut sub = m;
            loop {
                if ll < ub[sub as usize] {
                    ub[sub as usize] = ll;
                    src[sub as usize] = m;
                }
                if sub == 0 {
                    break;
                }
                sub = (sub - 1) & m;
            }
        }
        starts[m as usize] = start;
    };
    consider(&full_scored, &mut best);
    record(
        &full_scored,
        full_start,
        &mut ub,
        &mut src,
        &mut starts,
        &mut fitted,
    );
    // Every model with one pair fewer than the full model: together they bound every model.
    for q in 0..np {
        let m = full & !(1 << q);
        let warm = starts[full as usize]
            .as_ref()
            .map(|(cols, beta)| Warm { cols, beta });
        let (s, st) = score(counts, k, &pairs, &top, warm, m);
        consider(&s, &mut best);
        record(&s, st, &mut ub, &mut src, &mut starts, &mut fitted);
    }
    // And every model with two pairs fewer, each from the fit with one pair fewer.
    for q in 0..np {
        for r in q + 1..np {
            let m = full & !(1 << q) & !(1 << r);
            let parent = full & !(1 << q);
            let warm = starts[parent as usize]
                .as_ref()
                .or(starts[full as usize].as_ref())
                .map(|(cols, beta)| Warm { cols, beta });
            let (s, st) = score(counts, k, &pairs, &top, warm, m);
            consider(&s, &mut best);
            record(&s, st, &mut ub, &mut src, &mut starts, &mut fitted);
        }
    }
    let params = |m: u32| match top.status_if_ok(m) {
        Some(st) => 1 + k + m.count_ones() as usize - st.rank_deficiency,
        None => 1 + k,
    };
    let bound = |m: u32, ub: &[f64]| -2.0 * ub[m as usize] + pen * params(m) as f64;
    let mut queue: BinaryHeap<Reverse<(Key, u32)>> = (0..full)
        .map(|m| Reverse((Key(bound(m, &ub)), m)))
        .collect();
    while let Some(Reverse((Key(b), m))) = queue.pop() {
        if let Some((bv, _)) = best
            && b > bv + BOUND_SLACK * (1.0 + bv.abs())
        {
            break;
        }
        if fitted[m as usize] {
            continue;
        }
        let now = bound(m, &ub);
        if now > b {
            queue.push(Reverse((Key(now), m)));
            continue;
        }
        let warm = starts[src[m as usize] as usize]
            .as_ref()
            .or(starts[full as usize].as_ref())
            .map(|(cols, beta)| Warm { cols, beta });
        let (s, st) = score(counts, k, &pairs, &top, warm, m);
        consider(&s, &mut best);
        record(&s, st, &mut ub, &mut src, &mut starts, &mut fitted);
    }
    best.map(|(_, m)| m)
}

#[cfg(test)]
pub(crate) fn search_core_exhaustive(
    counts: &[u64],
    k: usize,
    criterion: Criterion,
) -> Option<u32> {
    let all = score_all(counts, k, 1);
    let observed: u64 = counts.iter().sum();
    best_index(&all, criterion, observed).map(|i| all[i].mask)
}

#[cfg(test)]
pub(crate) fn search_core_bounded(counts: &[u64], k: usize, criterion: Criterion) -> Option<u32> {
    search_core_mask(counts, k, criterion, None)
}

/// Every hierarchical model with up to two-way interactions (2^(k(k-1)/2) of them: 1,024 for
/// five lists), fitted and ranked by the criterion, best first; spread over `threads` threads.
pub fn search(
    h: &Histories,
    criterion: Criterion,
    threads: usize,
) -> Result<Search, EstimateError> {
    let k = h.k();
    if k > MAX_SEARCH_LISTS {
        return Err(EstimateError::Said {
            en: format!(
                "the exhaustive search handles at most {MAX_SEARCH_LISTS} lists ({k} given); use stepwise selection"
            ),
            nl: format!(
                "het doorzoeken van alle modellen kan hoogstens {MAX_SEARCH_LISTS} lijsten aan ({k} gegeven); gebruik stapsgewijze selectie"
            ),
        });
    }
    let counts = h.counts();
    let observed = h.observed();
    let lists = h.lists();
    let pairs = all_pairs(k);
    let all = score_all(counts, k, threads);
    let best = best_index(&all, criterion, observed).ok_or_else(crate::error::no_model_error)?;
    let best_spec = ModelSpec::from_terms(pairs_of(all[best].mask, &pairs));
    let best_fit = crate::fit::fit(h, &best_spec)?;
    let mut order: Vec<usize> = (0..all.len()).collect();
    order.sort_by(|&a, &b| {
        let (sa, sb) = (&all[a], &all[b]);
        let ka = (!sa.status.ok(), !sa.loglik.is_finite());
        let kb = (!sb.status.ok(), !sb.loglik.is_finite());
        ka.cmp(&kb)
            .then_with(|| {
                let (va, vb) = (
                    criterion_value(sa, criterion, observed),
                    criterion_value(sb, criterion, observed),
                );
                if va.is_finite() && vb.is_finite() {
                    va.total_cmp(&vb)
                } else {
                    std::cmp::Ordering::Equal
                }
            })
            .then(a.cmp(&b))
    });
    let empty_mask = pairs
        .iter()
        .enumerate()
        .filter(|(_, t)| margin(counts, **t) == 0)
        .fold(0u32, |m, (j, _)| m | 1 << j);
    let models = order
        .into_iter()
        .map(|i| {
            let s = &all[i];
            let spec = ModelSpec::from_terms(pairs_of(s.mask, &pairs));
            let fitted = s.loglik.is_finite();
            // Columns fitted: every parameter except those of empty overlaps.
            let rank = s.n_params - (s.mask & empty_mask).count_ones() as usize;
            RankedModel {
                model: spec.bracket_string(lists),
                spec: spec.spec_string(lists),
                status: s.status,
                estimate: (fitted && s.status.ok()).then_some(s.estimate),
                aic: fitted.then(|| criterion_value(s, Criterion::Aic, observed)),
                bic: fitted.then(|| criterion_value(s, Criterion::Bic, observed)),
                deviance: fitted.then_some(s.deviance),
                df: fitted.then(|| s.status.cells.saturating_sub(rank)),
                model_spec: spec,
            }
        })
        .collect();
    Ok(Search {
        criterion,
        models,
        best: best_fit,
    })
}

/// How the model is chosen: in the point estimate and again in every bootstrap replicate.
#[derive(Debug, Clone, PartialEq)]
pub enum Method {
    /// A fixed model.
    Fixed(ModelSpec),
    /// Stepwise selection with this p-value threshold.
    Stepwise { threshold: f64 },
    /// Exhaustive search over two-way models by AIC or BIC.
    Search(Criterion),
    /// Exhaustive search by AIC or BIC over hierarchical models with interactions of up to
    /// `max_order` lists (`--max-order 3`).
    Hierarchical {
        criterion: Criterion,
        max_order: u32,
    },
    /// Bayesian thresholding (Silverman 2020): its own posterior gives the interval.
    Threshold(crate::threshold::ThresholdOptions),
}

/// A fit on the data themselves whose coefficients start the iterations on resampled data:
/// the fixed model, the main-effects model where stepwise selection starts, or the full
/// two-way model where the search's branch and bound starts.
pub(crate) fn warm_start(counts: &[u64], k: usize, method: &Method) -> Option<CoreFit> {
    match method {
        Method::Fixed(spec) => fit_core(counts, k, &spec.columns(), None),
        Method::Stepwise { .. } | Method::Threshold(_) | Method::Hierarchical { .. } => {
            fit_core(counts, k, &[], None)
        }
        Method::Search(_) => {
            let independence = fit_core(counts, k, &[], None);
            fit_core(
                counts,
                k,
                &all_pairs(k),
                independence.as_ref().map(CoreFit::warm),
            )
            .filter(|f| f.glm.converged)
        }
    }
}

/// The point estimate on raw counts with the given method (`NaN` when there is none).
/// `warm` (from [`warm_start`]) only speeds up the iterations.
pub(crate) fn estimate_counts(
    counts: &[u64],
    k: usize,
    method: &Method,
    warm: Option<&CoreFit>,
) -> f64 {
    let core = match method {
        Method::Fixed(spec) => fit_core(counts, k, &spec.columns(), warm.map(CoreFit::warm)),
        Method::Stepwise { threshold } => {
            stepwise_core(counts, k, *threshold, warm, None).map(|x| x.1)
        }
        Method::Search(c) => search_core(counts, k, *c, warm),
        Method::Hierarchical {
            criterion,
            max_order,
        } => {
            return crate::hierarchy::search_order_counts(counts, k, *criterion, *max_order);
        }
        Method::Threshold(o) => {
            // The posterior median of thresholding on these counts (one thread: the bootstrap
            // runs replicates in parallel).
            let lists = (0..k).map(|i| format!("L{i}")).collect();
            return Histories::new(lists, counts.to_vec())
                .and_then(|h| crate::threshold::threshold(&h, o, 1))
                .map_or(f64::NAN, |t| t.estimate);
        }
    };
    core.map_or(f64::NAN, |c| c.estimate)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    use super::*;

    fn data(name: &str) -> Histories {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../testdata/mse")
            .join(name);
        crate::read_histories_path(&path).unwrap().total
    }

    #[test]
    fn the_bounded_search_chooses_what_the_exhaustive_search_chooses() {
        let uk = data("uk2013-6lists.csv");
        let uk5 = uk.merge_lists(&["PF", "NCA"], "PF-NCA").unwrap();
        let no5 = data("neworleans-8lists.csv")
            .merge_lists(&["B", "E", "F", "G"], "BEFG")
            .unwrap();
        let lesbian = data("lesbian-4lists.csv");
        for (h, reps) in [(&uk5, 8), (&no5, 4), (&lesbian, 4)] {
            let counts = h.counts();
            let mut rng = ChaCha8Rng::seed_from_u64(17);
            let mut samples = vec![counts.to_vec()];
            for _ in 0..reps {
                samples.push(crate::bootstrap::resample(counts, h.observed(), &mut rng));
            }
            for c in &samples {
                for crit in [Criterion::Bic, Criterion::Aic] {
                    assert_eq!(
                        search_core_bounded(c, h.k(), crit),
                        search_core_exhaustive(c, h.k(), crit),
                        "{c:?} {crit:?}"
                    );
                }
            }
        }
    }
}
