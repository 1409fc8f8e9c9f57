//! Fitting one log-linear model to capture histories: the design over the observable cells
//! (cells with an empty interaction removed, as in SparseMSE), the existence (linear
//! programme) and identifiability (rank) checks, and the fitted model with its estimate of
//! the unobserved cell.

use serde::Serialize;

use crate::dist::qnorm;
use crate::histories::margin;
use crate::linalg::column_rank;
use crate::lp::{self, LpOutcome};
use crate::model::{HET_BITS, column_value, term_name};
use crate::{EstimateError, Histories, ModelSpec, glm};

/// Cells (patterns) and columns (terms; 0 = intercept) of a model matrix.
#[derive(Debug, Clone)]
pub(crate) struct Design {
    pub cells: Vec<u32>,
    pub y: Vec<f64>,
    pub cols: Vec<u32>,
    pub x: Vec<f64>,
}

impl Design {
    fn new(counts: &[u64], cells: Vec<u32>, cols: Vec<u32>) -> Design {
        let p = cols.len();
        let mut x = vec![0.0; cells.len() * p];
        for (i, &c) in cells.iter().enumerate() {
            for (j, &t) in cols.iter().enumerate() {
                x[i * p + j] = column_value(t, c);
            }
        }
        let y = cells.iter().map(|&c| counts[c as usize] as f64).collect();
        Design { cells, y, cols, x }
    }

    pub fn n(&self) -> usize {
        self.cells.len()
    }

    pub fn p(&self) -> usize {
        self.cols.len()
    }
}

/// The interaction terms of a model that nobody is observed in (empty overlaps).
pub(crate) fn empty_terms(counts: &[u64], interactions: &[u32]) -> Vec<u32> {
    interactions
        .iter()
        .copied()
        .filter(|&t| t & HET_BITS == 0 && margin(counts, t) == 0)
        .collect()
}

/// True when cell `c` contains one of the terms.
pub(crate) fn contains_any_term(c: u32, terms: &[u32]) -> bool {
    for &t in terms {
        if c & t == t {
            return true;
        }
    }
    false
}

/// The design on which SparseMSE runs its checks: every observable cell except those that
/// contain an empty interaction; columns for the intercept, every main effect and every
/// non-empty interaction.
pub(crate) fn check_design(counts: &[u64], k: usize, interactions: &[u32]) -> (Design, Vec<u32>) {
    let empty = empty_terms(counts, interactions);
    let cells: Vec<u32> = (1u32..1 << k)
        .filter(|&c| !contains_any_term(c, &empty))
        .collect();
    let mut cols: Vec<u32> = vec![0];
    cols.extend((0..k).map(|i| 1u32 << i));
    cols.extend(interactions.iter().copied().filter(|t| !empty.contains(t)));
    (Design::new(counts, cells, cols), empty)
}

/// The design that is fitted: the check design without the cells of lists nobody is on
/// (their parameters are minus infinity in the extended maximum-likelihood estimate).
pub(crate) fn fit_design(counts: &[u64], k: usize, interactions: &[u32]) -> Design {
    let mut empty = empty_terms(counts, interactions);
    empty.extend(
        (0..k)
            .map(|i| 1u32 << i)
            .filter(|&t| margin(counts, t) == 0),
    );
    let cells: Vec<u32> = (1u32..1 << k)
        .filter(|&c| !contains_any_term(c, &empty))
        .collect();
    let mut cols: Vec<u32> = vec![0];
    cols.extend((0..k).map(|i| 1u32 << i).filter(|t| !empty.contains(t)));
    cols.extend(interactions.iter().copied().filter(|t| !empty.contains(t)));
    Design::new(counts, cells, cols)
}

/// The result of the existence and identifiability checks, with the reference's codes:
/// 0 fine, 1 the maximum-likelihood estimate does not exist (infinite), 2 not
/// identifiable, 3 both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Status {
    pub code: u8,
    pub exists: bool,
    pub identifiable: bool,
    /// Column-rank deficiency of the model matrix.
    #[serde(skip)]
    pub rank_deficiency: usize,
    /// Rows (cells) of the model matrix checked.
    #[serde(skip)]
    pub cells: usize,
}

impl Status {
    /// True when the estimate exists and is identifiable.
    pub fn ok(&self) -> bool {
        self.code == 0
    }
}

/// Checks a model on these data, as SparseMSE's `checkident` does.
pub fn check(h: &Histories, spec: &ModelSpec) -> Status {
    check_counts(h.counts(), h.k(), &spec.columns())
}

pub(crate) fn check_counts(counts: &[u64], k: usize, interactions: &[u32]) -> Status {
    let (d, _) = check_design(counts, k, interactions);
    // rank(X) = rank(X'X), which is only p x p.
    let p = d.p();
    let mut xtx = vec![0.0; p * p];
    let mut nz: Vec<(usize, f64)> = Vec::with_capacity(p);
    for row in d.x.chunks_exact(p) {
        nz.clear();
        nz.extend(row.iter().copied().enumerate().filter(|(_, v)| *v != 0.0));
        for &(a, va) in &nz {
            for &(b, vb) in &nz {
                xtx[a * p + b] += va * vb;
            }
        }
    }
    let rank = column_rank(&xtx, p, p);
    let rank_deficiency = d.p() - rank;
    let exists = mle_exists(&d);
    let identifiable = rank_deficiency == 0;
    Status {
        code: u8::from(!exists) + 2 * u8::from(!identifiable),
        exists,
        identifiable,
        rank_deficiency,
        cells: d.n(),
    }
}

/// The status of a fitted model when the fit itself settles it, without the linear programme:
/// a converged fit whose fitted values all exceed the programme's threshold is a strictly
/// positive table with the observed margins (so the programme's optimum is positive; this
/// threshold, relative to the number observed, is stricter than the programme's), and a
/// fit without aliased columns has a model matrix of full rank. Only used when the fitted
/// cells are the checked cells (no list without persons). `None` when it does not settle it.
pub(crate) fn status_from_fit(counts: &[u64], k: usize, core: &CoreFit) -> Option<Status> {
    let g = &core.glm;
    if !g.converged || g.aliased.iter().any(|a| *a) {
        return None;
    }
    if (0..k).any(|i| margin(counts, 1 << i) == 0) {
        return None;
    }
    let observed: u64 = counts.iter().sum();
    let threshold = 1e-7 * (1.0 + observed as f64);
    if g.mu.iter().any(|&m| m.is_nan() || m <= threshold) {
        return None;
    }
    Some(Status {
        code: 0,
        exists: true,
        identifiable: true,
        rank_deficiency: 0,
        cells: core.design.n(),
    })
}

/// The smallest optimum of the existence programme taken as positive, for margins up to
/// `scale`. The optimum is in persons and does not grow with the largest count: one list of a
/// billion beside overlaps of a few persons still leaves a few persons in every cell (finding 1
/// of walk-estimate5: a tolerance of 1e-7 times the largest margin, 100 persons there, called
/// such an estimate infinite). The tolerance only covers the simplex's rounding, which is
/// relative to the margins (about 1e-16 of them per pivot), with a wide margin.
pub(crate) fn lp_tolerance(scale: f64) -> f64 {
    1e-7 + 1e-12 * scale
}

/// The linear-programming test of Fienberg & Rinaldo as SparseMSE formulates it: maximise
/// `s` subject to `A' x = A' y`, `x >= s`, `x >= 0`; the estimate exists when `s > 0`.
/// Substituting `x = z + s` gives `A' z + s A'1 = A' y` with `z, s >= 0`.
fn mle_exists(d: &Design) -> bool {
    if d.y.iter().all(|&v| v > 0.0) {
        return true;
    }
    let (n, p) = (d.n(), d.p());
    let nv = n + 1;
    let mut a = vec![0.0; p * nv];
    let mut b = vec![0.0; p];
    for r in 0..p {
        let mut rowsum = 0.0;
        for j in 0..n {
            let v = d.x[j * p + r];
            a[r * nv + j] = v;
            rowsum += v;
            b[r] += v * d.y[j];
        }
        a[r * nv + n] = rowsum;
    }
    let mut c = vec![0.0; nv];
    c[n] = 1.0;
    let scale = b.iter().fold(0.0f64, |m, v| m.max(*v));
    match lp::maximize(&a, p, nv, &b, &c) {
        LpOutcome::Optimal(s) => s > lp_tolerance(scale),
        LpOutcome::Unbounded | LpOutcome::IterationLimit => true,
        LpOutcome::Infeasible => false,
    }
}

/// A fitted model without names: what selection and the bootstrap need.
#[derive(Clone)]
pub(crate) struct CoreFit {
    pub design: Design,
    pub glm: glm::Glm,
    pub unobserved: f64,
    pub estimate: f64,
}

/// Starting coefficients for the iterations: design columns (terms) and their values.
#[derive(Clone, Copy)]
pub(crate) struct Warm<'a> {
    pub cols: &'a [u32],
    pub beta: &'a [f64],
}

impl CoreFit {
    /// This fit's coefficients as a start for a related model.
    pub(crate) fn warm(&self) -> Warm<'_> {
        Warm {
            cols: &self.design.cols,
            beta: &self.glm.beta,
        }
    }
}

/// Fits the model with these interactions; `None` when the intercept (the unobserved cell)
/// is aliased. `warm` is an earlier fit whose coefficients start the iterations (same
/// terms, zero for new ones); the result does not depend on it beyond rounding.
pub(crate) fn fit_core(
    counts: &[u64],
    k: usize,
    interactions: &[u32],
    warm: Option<Warm<'_>>,
) -> Option<CoreFit> {
    let design = fit_design(counts, k, interactions);
    let start: Option<Vec<f64>> = warm.map(|w| {
        design
            .cols
            .iter()
            .map(|t| {
                w.cols
                    .iter()
                    .position(|u| u == t)
                    .map_or(0.0, |j| w.beta[j])
            })
            .collect()
    });
    let g = glm::fit(
        &design.x,
        design.n(),
        design.p(),
        &design.y,
        start.as_deref(),
    );
    if g.aliased.first().copied().unwrap_or(true) {
        return None;
    }
    let unobserved = g.beta[0].exp();
    let observed: u64 = counts.iter().sum();
    Some(CoreFit {
        design,
        unobserved,
        estimate: observed as f64 + unobserved,
        glm: g,
    })
}

/// One coefficient of a fitted model.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Coefficient {
    /// `(Intercept)`, a list name, or `A:B`.
    pub term: String,
    pub estimate: f64,
    pub se: f64,
}

/// Observed and fitted count of one cell.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CellFit {
    /// The pattern as 0/1 per list, in list order (`"1010"`).
    pub pattern: String,
    pub observed: u64,
    pub fitted: f64,
}

/// A fitted log-linear model and its estimate of the population.
#[derive(Debug, Clone, Serialize)]
pub struct Fit {
    /// Bracket notation, `[AB][C]`.
    pub model: String,
    /// The `--model` syntax, `A:B`.
    pub spec: String,
    #[serde(skip)]
    pub model_spec: ModelSpec,
    /// Persons observed on at least one list.
    pub observed: u64,
    /// Fitted count of the unobserved cell.
    pub unobserved: f64,
    /// Observed plus unobserved.
    pub estimate: f64,
    /// Standard error of the estimate (Rcapture's formula for the Poisson model).
    pub se: f64,
    /// SparseMSE's quick 95% interval: observed + log-normal interval of the unobserved cell.
    pub quick_ci: [f64; 2],
    pub deviance: f64,
    pub df: usize,
    pub loglik: f64,
    pub aic: f64,
    pub bic: f64,
    /// Parameters counted in AIC and BIC (including those of empty overlaps).
    pub n_params: usize,
    pub status: Status,
    /// Interaction terms in the model whose lists have no person in common.
    pub empty_overlaps: Vec<String>,
    pub converged: bool,
    pub coefficients: Vec<Coefficient>,
    #[serde(skip)]
    pub cells: Vec<CellFit>,
}

/// Fits a model; an error when it is not identifiable. A model whose estimate does not
/// exist is fitted as far as it goes and flagged by `status.code == 1`.
pub fn fit(h: &Histories, spec: &ModelSpec) -> Result<Fit, EstimateError> {
    let k = h.k();
    let counts = h.counts();
    let lists = h.lists();
    let interactions = spec.columns();
    let status = check_counts(counts, k, &interactions);
    let not_ident = || EstimateError::NotIdentifiable {
        model: spec.bracket_string(lists),
    };
    if !status.identifiable {
        return Err(not_ident());
    }
    let core = fit_core(counts, k, &interactions, None).ok_or_else(not_ident)?;
    let empty = empty_terms(counts, &interactions);
    Ok(describe(h, spec, &core, status, &empty))
}

pub(crate) fn describe(
    h: &Histories,
    spec: &ModelSpec,
    core: &CoreFit,
    status: Status,
    empty: &[u32],
) -> Fit {
    let k = h.k();
    let lists = h.lists();
    let g = &core.glm;
    let p = core.design.p();
    let observed = h.observed();
    let b0 = g.beta[0];
    let cov = g.covariance();
    let v0 = cov[0].max(0.0);
    let se = (core.unobserved + core.unobserved * core.unobserved * v0).sqrt();
    let z = qnorm(0.975);
    let quick_ci = [
        observed as f64 + (b0 - z * v0.sqrt()).exp(),
        observed as f64 + (b0 + z * v0.sqrt()).exp(),
    ];
    let n_params = 1 + k + spec.columns().len() - status.rank_deficiency;
    let aic = -2.0 * g.loglik + 2.0 * n_params as f64;
    let bic = -2.0 * g.loglik + n_params as f64 * (observed.max(1) as f64).ln();
    let rank = 1 + k + spec.columns().len() - empty.len() - status.rank_deficiency;
    let coefficients = core
        .design
        .cols
        .iter()
        .enumerate()
        .map(|(j, &t)| Coefficient {
            term: if t == 0 {
                "(Intercept)".into()
            } else {
                term_name(t, lists, ":")
            },
            estimate: g.beta[j],
            se: cov[j * p + j].max(0.0).sqrt(),
        })
        .collect();
    let cells = core
        .design
        .cells
        .iter()
        .zip(&g.mu)
        .map(|(&c, &m)| CellFit {
            pattern: (0..k)
                .map(|i| if c >> i & 1 == 1 { '1' } else { '0' })
                .collect(),
            observed: h.counts()[c as usize],
            fitted: m,
        })
        .collect();
    Fit {
        model: spec.bracket_string(lists),
        spec: spec.spec_string(lists),
        model_spec: spec.clone(),
        observed,
        unobserved: core.unobserved,
        estimate: core.estimate,
        se,
        quick_ci,
        deviance: g.deviance,
        df: status.cells.saturating_sub(rank),
        loglik: g.loglik,
        aic,
        bic,
        n_params,
        status,
        empty_overlaps: empty.iter().map(|&t| term_name(t, lists, ":")).collect(),
        converged: g.converged,
        coefficients,
        cells,
    }
}
