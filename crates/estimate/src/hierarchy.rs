//! Higher-order interactions on request (`--max-order 3`): every hierarchical log-linear
//! model whose interactions have at most `max_order` lists (a term enters only with all the
//! terms it contains), fitted and ranked by AIC or BIC as MultipleSystemsEstimation's
//! `assemble_bic` does with its `maxorder` (models without an extended maximum-likelihood
//! estimate left out, parameters at minus infinity counted in the penalty).

use crate::fit::{Status, check_counts, fit_core};
use crate::select::{Criterion, RankedModel, Search};
use crate::{EstimateError, Histories, ModelSpec};

/// Most lists for the search with higher-order interactions (6,893 models for five lists up
/// to four-way terms: the simplicial complexes on five vertices without the full simplex).
pub const MAX_ORDER_LISTS: usize = 5;

/// Every hierarchical model on `k` lists with interactions of 2 to `max_order` lists, as its
/// interaction terms (bit masks, closed under taking subsets of two or more lists); the
/// independence model (no terms) first.
pub fn hierarchical_models(k: usize, max_order: u32) -> Vec<Vec<u32>> {
    let mut out = Vec::new();
    extend(Vec::new(), 2, k, max_order, &mut out);
    out
}

fn extend(current: Vec<u32>, size: u32, k: usize, max_order: u32, out: &mut Vec<Vec<u32>>) {
    let eligible: Vec<u32> = if size > max_order || size as usize > k {
        Vec::new()
    } else {
        (1u32..1 << k)
            .filter(|t| t.count_ones() == size)
            .filter(|&t| {
                size == 2
                    || (0..k)
                        .filter(|i| t >> i & 1 == 1)
                        .all(|i| current.contains(&(t & !(1 << i))))
            })
            .collect()
    };
    if eligible.is_empty() {
        out.push(current);
        return;
    }
    for pick in 0u64..1 << eligible.len() {
        let mut next = current.clone();
        next.extend(
            eligible
                .iter()
                .enumerate()
                .filter(|(j, _)| pick >> j & 1 == 1)
                .map(|(_, &t)| t),
        );
        extend(next, size + 1, k, max_order, out);
    }
}

/// One model scored on raw counts.
struct Scored {
    status: Status,
    loglik: f64,
    deviance: f64,
    estimate: f64,
    n_params: usize,
}

fn score(counts: &[u64], k: usize, terms: &[u32]) -> Scored {
    let status = check_counts(counts, k, terms);
    let n_params = 1 + k + terms.len() - status.rank_deficiency;
    let core = status
        .ok()
        .then(|| fit_core(counts, k, terms, None))
        .flatten();
    match core {
        Some(c) => Scored {
            status,
            loglik: c.glm.loglik,
            deviance: c.glm.deviance,
            estimate: c.estimate,
            n_params,
        },
        None => Scored {
            status,
            loglik: f64::NAN,
            deviance: f64::NAN,
            estimate: f64::NAN,
            n_params,
        },
    }
}

fn value(s: &Scored, criterion: Criterion, observed: u64) -> f64 {
    let pen = match criterion {
        Criterion::Aic => 2.0,
        Criterion::Bic => (observed.max(1) as f64).ln(),
    };
    -2.0 * s.loglik + pen * s.n_params as f64
}

pub(crate) fn check_args(k: usize, max_order: u32) -> Result<(), EstimateError> {
    if k > MAX_ORDER_LISTS {
        return Err(EstimateError::Data(format!(
            "the search with higher-order interactions handles at most {MAX_ORDER_LISTS} lists ({k} given)"
        )));
    }
    if max_order < 2 || max_order as usize >= k.max(2) {
        return Err(EstimateError::Data(format!(
            "the highest order of interaction must lie between 2 and {} for {k} lists, got {max_order}",
            k.saturating_sub(1).max(2)
        )));
    }
    Ok(())
}

/// The estimate of the best model on raw counts (`NaN` when none has one); for the bootstrap.
pub(crate) fn search_order_counts(
    counts: &[u64],
    k: usize,
    criterion: Criterion,
    max_order: u32,
) -> f64 {
    let observed: u64 = counts.iter().sum();
    hierarchical_models(k, max_order)
        .iter()
        .map(|t| score(counts, k, t))
        .filter(|s| s.status.ok() && s.loglik.is_finite())
        .map(|s| (value(&s, criterion, observed), s.estimate))
        .min_by(|a, b| a.0.total_cmp(&b.0))
        .map_or(f64::NAN, |b| b.1)
}

/// Every hierarchical model with interactions of up to `max_order` lists, fitted and ranked
/// by the criterion, best first (models without an estimate last); spread over `threads`.
pub fn search_order(
    h: &Histories,
    criterion: Criterion,
    max_order: u32,
    threads: usize,
) -> Result<Search, EstimateError> {
    let k = h.k();
    check_args(k, max_order)?;
    let counts = h.counts();
    let observed = h.observed();
    let lists = h.lists();
    let models = hierarchical_models(k, max_order);
    let threads = threads.max(1).min(models.len().max(1));
    let size = models.len().div_ceil(threads).max(1);
    let mut slots: Vec<Option<Scored>> = (0..models.len()).map(|_| None).collect();
    std::thread::scope(|sc| {
        for (ci, chunk) in slots.chunks_mut(size).enumerate() {
            let models = &models;
            sc.spawn(move || {
                for (j, slot) in chunk.iter_mut().enumerate() {
                    *slot = Some(score(counts, k, &models[ci * size + j]));
                }
            });
        }
    });
    let scored: Vec<Scored> = slots.into_iter().flatten().collect();
    if scored.len() != models.len() {
        return Err(EstimateError::Data("a thread of the search failed".into()));
    }
    let usable = |s: &Scored| s.status.ok() && s.loglik.is_finite();
    let mut order: Vec<usize> = (0..models.len()).collect();
    order.sort_by(|&a, &b| {
        let (sa, sb) = (&scored[a], &scored[b]);
        (!usable(sa))
            .cmp(&!usable(sb))
            .then_with(|| {
                if usable(sa) && usable(sb) {
                    value(sa, criterion, observed).total_cmp(&value(sb, criterion, observed))
                } else {
                    std::cmp::Ordering::Equal
                }
            })
            .then(a.cmp(&b))
    });
    let Some(&best) = order.first().filter(|&&i| usable(&scored[i])) else {
        return Err(crate::error::no_model_error());
    };
    let best_fit = crate::fit::fit(h, &ModelSpec::from_terms(models[best].iter().copied()))?;
    let ranked = order
        .into_iter()
        .map(|i| {
            let s = &scored[i];
            let spec = ModelSpec::from_terms(models[i].iter().copied());
            let ok = usable(s);
            RankedModel {
                model: spec.bracket_string(lists),
                spec: spec.spec_string(lists),
                status: s.status,
                estimate: ok.then_some(s.estimate),
                aic: ok.then(|| value(s, Criterion::Aic, observed)),
                bic: ok.then(|| value(s, Criterion::Bic, observed)),
                deviance: ok.then_some(s.deviance),
                df: ok.then(|| s.status.cells.saturating_sub(s.n_params)),
                model_spec: spec,
            }
        })
        .collect();
    Ok(Search {
        criterion,
        models: ranked,
        best: best_fit,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_of_hierarchical_models() {
        // Two-way models: 2^(k(k-1)/2). Three lists up to order 2: 8. Four lists: 64 two-way
        // models; with three-way terms 113 (Silverman, Chan & Vincent 2024: Kosovo's 113
        // candidate models, before the existence check).
        assert_eq!(hierarchical_models(3, 2).len(), 8);
        assert_eq!(hierarchical_models(4, 2).len(), 64);
        assert_eq!(hierarchical_models(5, 2).len(), 1024);
        assert_eq!(hierarchical_models(4, 3).len(), 113);
        assert_eq!(hierarchical_models(5, 4).len(), 6893);
        for m in hierarchical_models(4, 3) {
            for &t in &m {
                for i in 0..4 {
                    let sub = t & !(1 << i);
                    if t >> i & 1 == 1 && sub.count_ones() >= 2 {
                        assert!(m.contains(&sub), "{m:?}");
                    }
                }
            }
        }
    }
}
