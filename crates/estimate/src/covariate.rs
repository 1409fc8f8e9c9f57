//! Covariates inside one log-linear model over lists × covariates (van der Heijden,
//! Whittaker, Cruyff, Bakker & van der Vliet 2012; Cruyff's R package `mse`): the covariate
//! columns of `histories.csv` become variables of the table instead of separate strata, the
//! search adds list-by-covariate interactions by BIC, the unobserved cell is estimated for
//! every combination of covariate values (so the estimates per level add up to the total),
//! and a parametric bootstrap gives an interval for the total and for every level.
//!
//! The model: a parameter for every combination of covariate values that occurs (the
//! covariates' joint distribution is left free), the main effect of every list, the lists'
//! own interactions (the model chosen on the total), and the chosen list-by-covariate terms
//! `list:covariate` (a parameter for every level but the first); on request also
//! higher-order terms `list:covariate:covariate` (a parameter for every pair of levels but
//! the first, with both margins). Two theorems follow and are tested: without
//! list-by-covariate terms the total equals the fit of the lists' model on the collapsed
//! table (the covariates are passive); with every list interacting with one covariate (or
//! with the joint levels of all of them) under independence the estimate per level (per
//! combination) is the stratified independence estimate. A published analysis of this kind
//! (Harvey, Craney & Kelly 2002) is reproduced in `tests/published_covariates.rs`.

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Binomial, Distribution};
use serde::Serialize;

use crate::dist::quantile_type8;
use crate::fit::{contains_any_term, empty_terms};
use crate::glm;
use crate::histories::margin;
use crate::model::{column_value, term_name};
use crate::profile::SumProfile;
use crate::{EstimateError, HistoriesFile, ModelSpec};

/// A replicate whose iterations did not settle and whose unobserved count exceeds this many
/// times the point estimate has no finite estimate.
const RUNAWAY: f64 = 100.0;

/// Replicates of the parametric bootstrap when none are asked for.
pub const DEFAULT_COVARIATE_REPLICATES: usize = 500;

/// A histories file as one table over lists × covariates.
#[derive(Debug, Clone, PartialEq)]
pub struct CovariateTable {
    lists: Vec<String>,
    columns: Vec<String>,
    /// Per covariate, its levels in order of first appearance in the file.
    levels: Vec<Vec<String>>,
    /// Per combination of covariate values that occurs: the level index per covariate.
    combos: Vec<Vec<usize>>,
    /// Per combination, the count of every pattern (index 0, the unobserved cell, is 0).
    counts: Vec<Vec<u64>>,
    /// Per covariate, per level: the values of its coding columns (for a factor the
    /// indicators of every level but the first; for a polynomial the powers of the
    /// standardised value).
    codes: Vec<Vec<Vec<f64>>>,
}

impl CovariateTable {
    /// The table of a histories file with covariate columns; an error when it has none.
    pub fn from_file(file: &HistoriesFile) -> Result<CovariateTable, EstimateError> {
        if file.strata_columns.is_empty() {
            return Err(EstimateError::Data(
                "the histories have no covariate columns".into(),
            ));
        }
        let m = file.strata_columns.len();
        let mut levels: Vec<Vec<String>> = vec![Vec::new(); m];
        let mut combos = Vec::new();
        let mut counts = Vec::new();
        for s in &file.strata {
            // A combination without persons would get a parameter of minus infinity.
            if s.histories.observed() == 0 {
                for (j, v) in s.values.iter().enumerate() {
                    if !levels[j].contains(v) {
                        levels[j].push(v.clone());
                    }
                }
                continue;
            }
            let mut combo = Vec::with_capacity(m);
            for (j, v) in s.values.iter().enumerate() {
                let idx = match levels[j].iter().position(|l| l == v) {
                    Some(i) => i,
                    None => {
                        levels[j].push(v.clone());
                        levels[j].len() - 1
                    }
                };
                combo.push(idx);
            }
            combos.push(combo);
            counts.push(s.histories.counts().to_vec());
        }
        let codes = levels.iter().map(|l| factor_codes(l.len())).collect();
        Ok(CovariateTable {
            lists: file.total.lists().to_vec(),
            columns: file.strata_columns.clone(),
            levels,
            combos,
            counts,
            codes,
        })
    }

    /// The same table with every combination of levels, also those nobody is observed in
    /// (their counts are zeros of the table), as a model with a structured joint distribution
    /// of the covariates needs (`mse` tabulates the full cross-classification).
    fn with_all_combinations(&self) -> CovariateTable {
        let mut combos: Vec<Vec<usize>> = vec![Vec::new()];
        for l in &self.levels {
            combos = combos
                .into_iter()
                .flat_map(|c| {
                    (0..l.len()).map(move |v| {
                        let mut next = c.clone();
                        next.push(v);
                        next
                    })
                })
                .collect();
        }
        let width = 1usize << self.k();
        let counts = combos
            .iter()
            .map(|c| {
                self.combos
                    .iter()
                    .position(|o| o == c)
                    .map_or_else(|| vec![0; width], |i| self.counts[i].clone())
            })
            .collect();
        CovariateTable {
            combos,
            counts,
            ..self.clone()
        }
    }

    /// Codes covariate `column` as an orthogonal-polynomial-equivalent of degree `degree` in
    /// its numeric values (as `mse`'s `degree_year`): the powers 1..=degree of the value
    /// standardised over the levels, which span the same columns as R's `poly`.
    fn with_polynomial(mut self, column: &str, degree: usize) -> Result<Self, EstimateError> {
        let j = self
            .columns
            .iter()
            .position(|c| c == column)
            .ok_or_else(|| {
                EstimateError::Data(format!(
                    "unknown covariate `{column}` for a polynomial; the covariates are {}",
                    self.columns.join(", ")
                ))
            })?;
        let mut values = Vec::with_capacity(self.levels[j].len());
        for v in &self.levels[j] {
            let x: f64 = v.trim().parse().map_err(|_| {
                EstimateError::Data(format!(
                    "covariate `{column}` has the value `{v}`, not a number: a polynomial needs numeric values such as years"
                ))
            })?;
            values.push(x);
        }
        if degree == 0 || degree >= values.len() {
            return Err(EstimateError::Data(format!(
                "a polynomial in `{column}` needs a degree from 1 to {} (one less than its {} values), got {degree}",
                values.len().saturating_sub(1),
                values.len()
            )));
        }
        let n = values.len() as f64;
        let mean = values.iter().sum::<f64>() / n;
        let sd = (values.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n).sqrt();
        let sd = if sd > 0.0 { sd } else { 1.0 };
        self.codes[j] = values
            .iter()
            .map(|x| {
                let z = (x - mean) / sd;
                (1..=degree).map(|e| z.powi(e as i32)).collect()
            })
            .collect();
        Ok(self)
    }

    /// Coding columns of covariate `j`.
    fn n_codes(&self, j: usize) -> usize {
        self.codes[j].first().map_or(0, Vec::len)
    }

    /// The same table without the lists nobody is on (as the estimation of the total does).
    fn without_empty_lists(&self) -> CovariateTable {
        let k = self.lists.len();
        let total = self.total_counts();
        let keep: Vec<usize> = (0..k).filter(|&i| margin(&total, 1 << i) > 0).collect();
        if keep.len() == k {
            return self.clone();
        }
        let counts = self
            .counts
            .iter()
            .map(|c| {
                let mut out = vec![0u64; 1 << keep.len()];
                for (p, &n) in c.iter().enumerate() {
                    let q = keep
                        .iter()
                        .enumerate()
                        .filter(|(_, o)| p >> **o & 1 == 1)
                        .fold(0usize, |q, (j, _)| q | 1 << j);
                    out[q] += n;
                }
                out
            })
            .collect();
        CovariateTable {
            lists: keep.iter().map(|&i| self.lists[i].clone()).collect(),
            counts,
            ..self.clone()
        }
    }

    /// Counts per pattern summed over the combinations.
    fn total_counts(&self) -> Vec<u64> {
        let mut t = vec![0u64; 1 << self.lists.len()];
        for c in &self.counts {
            for (a, b) in t.iter_mut().zip(c) {
                *a += b;
            }
        }
        t
    }

    fn k(&self) -> usize {
        self.lists.len()
    }
}

/// Indicator coding of a factor with `n` levels: every level but the first.
fn factor_codes(n: usize) -> Vec<Vec<f64>> {
    (0..n)
        .map(|l| (1..n).map(|e| f64::from(u8::from(l == e))).collect())
        .collect()
}

/// How the covariates' joint distribution enters the model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CovariateJoint {
    /// A parameter for every combination of covariate values that occurs (saturated).
    #[default]
    Free,
    /// Main effects only: the covariates independent of each other (`mse`'s `Freq ~ .`).
    Main,
    /// Main effects and every two-way interaction between covariates, no higher.
    Pairs,
}

impl CovariateJoint {
    /// `free`, `main` or `pairs`.
    pub fn parse(s: &str) -> Result<CovariateJoint, EstimateError> {
        match s.trim().to_ascii_lowercase().as_str() {
            "free" => Ok(CovariateJoint::Free),
            "main" => Ok(CovariateJoint::Main),
            "pairs" => Ok(CovariateJoint::Pairs),
            other => Err(EstimateError::Data(format!(
                "the covariates' joint distribution is free, main or pairs, got `{other}`"
            ))),
        }
    }
}

/// A list-by-covariate interaction: list `list` with covariate column `covariate` (a
/// two-way term, `list:covariate`), or with the joint levels of several columns (a
/// higher-order term, `list:covariate:covariate`, whose lower-order margins the model
/// includes as well).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ListCovariate {
    pub list: usize,
    /// Covariate columns, ascending and distinct; one for a two-way term.
    pub covariates: Vec<usize>,
}

impl ListCovariate {
    /// The two-way term of list `list` with covariate column `covariate`.
    pub fn new(list: usize, covariate: usize) -> ListCovariate {
        ListCovariate {
            list,
            covariates: vec![covariate],
        }
    }
}

/// The terms with every lower-order margin of each higher-order term added before it (a
/// hierarchical model), in the order given, without repeats.
fn hierarchical(terms: &[ListCovariate]) -> Vec<ListCovariate> {
    let mut out: Vec<ListCovariate> = Vec::new();
    for lc in terms {
        let m = lc.covariates.len();
        let mut subsets: Vec<Vec<usize>> = (1u32..1 << m)
            .map(|mask| {
                (0..m)
                    .filter(|&j| mask >> j & 1 == 1)
                    .map(|j| lc.covariates[j])
                    .collect()
            })
            .collect();
        subsets.sort_by(|a: &Vec<usize>, b| a.len().cmp(&b.len()).then_with(|| a.cmp(b)));
        for covariates in subsets {
            let t = ListCovariate {
                list: lc.list,
                covariates,
            };
            if !out.contains(&t) {
                out.push(t);
            }
        }
    }
    out
}

/// Every tuple of coding columns of the covariates `covs`: (column, code) pairs, the code
/// counted from 1 (for a factor, the level).
fn level_tuples(t: &CovariateTable, covs: &[usize]) -> Vec<Vec<(usize, usize)>> {
    let mut out: Vec<Vec<(usize, usize)>> = vec![Vec::new()];
    for &j in covs {
        let n = t.n_codes(j);
        out = out
            .into_iter()
            .flat_map(|tuple| {
                (1..=n).map(move |l| {
                    let mut next = tuple.clone();
                    next.push((j, l));
                    next
                })
            })
            .collect();
    }
    out
}

/// A design column, named so that coefficients carry over between models (warm starts).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Col {
    /// Indicator of a combination of covariate values.
    Combo(usize),
    /// A list's main effect, a lists' interaction or a heterogeneity pseudo-term.
    Lists(u32),
    /// List `list` with, for every (covariate, code) pair of `at`, that coding column of
    /// that covariate (for a factor: that level, never the first).
    ListLevel {
        list: usize,
        at: Vec<(usize, usize)>,
    },
    /// The intercept (with a structured joint distribution of the covariates).
    Intercept,
    /// A main effect (one pair) or a two-way interaction (two pairs) of covariates'
    /// coding columns.
    Cov(Vec<(usize, usize)>),
}

/// The product of the coding columns `at` in combination `s`.
fn code_product(t: &CovariateTable, s: usize, at: &[(usize, usize)]) -> f64 {
    at.iter()
        .map(|&(j, e)| t.codes[j][t.combos[s][j]][e - 1])
        .product()
}

/// The value of design column `col` in the cell of combination `s` and pattern `c`.
fn cell_value(t: &CovariateTable, col: &Col, s: usize, c: u32) -> f64 {
    match *col {
        Col::Combo(q) => f64::from(u8::from(q == s)),
        Col::Lists(u) => column_value(u, c),
        Col::ListLevel { list, ref at } => {
            if c >> list & 1 == 1 {
                code_product(t, s, at)
            } else {
                0.0
            }
        }
        Col::Intercept => 1.0,
        Col::Cov(ref at) => code_product(t, s, at),
    }
}

/// Whether a column belongs to the covariates' own part (the unobserved cell's parameters).
fn is_covariate_part(col: &Col) -> bool {
    matches!(col, Col::Combo(_) | Col::Intercept | Col::Cov(_))
}

/// The design over the observable cells of every combination.
struct Design {
    cols: Vec<Col>,
    /// Per row: the combination and the pattern.
    rows: Vec<(usize, u32)>,
    x: Vec<f64>,
    /// Per combination, the design row of its unobserved cell.
    unobserved_rows: Vec<Vec<f64>>,
}

fn design(
    t: &CovariateTable,
    joint: CovariateJoint,
    list_terms: &[u32],
    extra: &[ListCovariate],
) -> Design {
    let k = t.k();
    let total = t.total_counts();
    // Cells with an empty overlap of the lists' model are left out, as SparseMSE does.
    let empty = empty_terms(&total, list_terms);
    let m = t.columns.len();
    let mut cols: Vec<Col> = match joint {
        CovariateJoint::Free => (0..t.combos.len()).map(Col::Combo).collect(),
        CovariateJoint::Main | CovariateJoint::Pairs => {
            let mut cols = vec![Col::Intercept];
            for j in 0..m {
                cols.extend((1..=t.n_codes(j)).map(|e| Col::Cov(vec![(j, e)])));
            }
            if joint == CovariateJoint::Pairs {
                for a in 0..m {
                    for b in a + 1..m {
                        for ea in 1..=t.n_codes(a) {
                            for eb in 1..=t.n_codes(b) {
                                cols.push(Col::Cov(vec![(a, ea), (b, eb)]));
                            }
                        }
                    }
                }
            }
            cols
        }
    };
    cols.extend((0..k).map(|i| Col::Lists(1 << i)));
    cols.extend(
        list_terms
            .iter()
            .filter(|u| !empty.contains(u))
            .map(|&u| Col::Lists(u)),
    );
    for lc in extra {
        for at in level_tuples(t, &lc.covariates) {
            cols.push(Col::ListLevel { list: lc.list, at });
        }
    }
    let mut rows = Vec::new();
    for s in 0..t.combos.len() {
        for c in 1u32..1 << k {
            if contains_any_term(c, &empty) {
                continue;
            }
            rows.push((s, c));
        }
    }
    let p = cols.len();
    let mut x = vec![0.0; rows.len() * p];
    for (r, &(s, c)) in rows.iter().enumerate() {
        for (j, col) in cols.iter().enumerate() {
            x[r * p + j] = cell_value(t, col, s, c);
        }
    }
    // The unobserved cell of every combination: its row of the covariates' part.
    let unobserved_rows = (0..t.combos.len())
        .map(|s| cols.iter().map(|col| cell_value(t, col, s, 0)).collect())
        .collect();
    Design {
        cols,
        rows,
        x,
        unobserved_rows,
    }
}

/// One fit of a covariate model.
#[derive(Clone)]
struct CovFit {
    cols: Vec<Col>,
    beta: Vec<f64>,
    /// Fitted count of every observable row of the design.
    mu: Vec<f64>,
    /// Estimated unobserved persons per combination.
    unobserved: Vec<f64>,
    deviance: f64,
    loglik: f64,
    params: usize,
    converged: bool,
    /// The deviance settled while some coefficient diverges (see [`CovFit::usable`]).
    deviance_settled: bool,
    aliased: Vec<bool>,
}

/// Fits the design; `None` when a parameter of the unobserved cells is aliased. A replicate
/// of the bootstrap (`replicate`) has the point fit's design, whose columns are not aliased:
/// there a column is aliased only numerically, its fitted cells tending to zero on the
/// boundary, and the unobserved cells are those of the fit (R's `glm` goes on there too).
fn fit_design(
    d: &Design,
    y: &[f64],
    warm: Option<(&[Col], &[f64])>,
    replicate: bool,
) -> Option<CovFit> {
    let p = d.cols.len();
    let n = d.rows.len();
    let start: Option<Vec<f64>> = warm.map(|(cols, beta)| {
        d.cols
            .iter()
            .map(|c| cols.iter().position(|u| u == c).map_or(0.0, |j| beta[j]))
            .collect()
    });
    let g = glm::fit(&d.x, n, p, y, start.as_deref());
    // A parameter of the unobserved cells that the observed cells cannot fix: no estimate.
    if !replicate
        && d.cols
            .iter()
            .zip(&g.aliased)
            .any(|(c, a)| *a && is_covariate_part(c))
    {
        return None;
    }
    let unobserved = d
        .unobserved_rows
        .iter()
        .map(|row| {
            row.iter()
                .zip(&g.beta)
                .map(|(x, b)| x * b)
                .sum::<f64>()
                .exp()
        })
        .collect();
    Some(CovFit {
        cols: d.cols.clone(),
        params: g.aliased.iter().filter(|a| !**a).count(),
        unobserved,
        deviance: g.deviance,
        loglik: g.loglik,
        converged: g.converged,
        deviance_settled: g.deviance_settled,
        aliased: g.aliased,
        mu: g.mu,
        beta: g.beta,
    })
}

impl CovFit {
    /// Whether the fit gives an estimate: it converged, or its deviance settled at a maximum
    /// on the boundary (some list catches nobody of some level: a coefficient of minus
    /// infinity, as R's `glm` in `mse` stops there too) with the unobserved cells settled
    /// rather than running away to infinity (more than `RUNAWAY_OBSERVED` times the observed).
    fn usable(&self, observed: u64) -> bool {
        let unobserved: f64 = self.unobserved.iter().sum();
        unobserved.is_finite()
            && (self.converged
                || (self.deviance_settled
                    && unobserved <= RUNAWAY_OBSERVED * observed.max(1) as f64))
    }
}

/// A fit on the boundary whose unobserved persons exceed this many times the observed has no
/// estimate (its unobserved cells run away with the diverging coefficient).
const RUNAWAY_OBSERVED: f64 = 1000.0;

fn observed_y(t: &CovariateTable, d: &Design) -> Vec<f64> {
    d.rows
        .iter()
        .map(|&(s, c)| t.counts[s][c as usize] as f64)
        .collect()
}

fn bic(f: &CovFit, observed: u64) -> f64 {
    -2.0 * f.loglik + f.params as f64 * (observed.max(1) as f64).ln()
}

/// One step of the search: the term added and the BIC after it.
#[derive(Debug, Clone, Serialize)]
pub struct CovariateStep {
    /// `list:covariate`.
    pub added: String,
    pub bic: f64,
}

/// The estimate for one level of one covariate, or for one combination of levels.
#[derive(Debug, Clone, Serialize)]
pub struct GroupEstimate {
    /// The covariate column and its value; for a combination, every column.
    pub covariates: Vec<(String, String)>,
    pub observed: u64,
    /// Observed plus estimated unobserved.
    pub estimate: f64,
    /// Percentile interval of the parametric bootstrap; `null` when there is none.
    pub ci: [Option<f64>; 2],
    /// Profile-likelihood interval (the total and each level; not for single combinations);
    /// a `null` bound is one the profile does not reach.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub profile_ci: Option<[Option<f64>; 2]>,
}

/// The covariate model, its search, and the estimates per level (`covariates` in the output
/// of `zicht estimate --json`).
#[derive(Debug, Clone, Serialize)]
pub struct CovariateEstimate {
    /// The covariate columns.
    pub columns: Vec<String>,
    /// The whole model in bracket notation, as `model` of the total: the lists' own terms,
    /// the list-by-covariate terms and the covariates' joint distribution, such as
    /// `[politie,CoMensha][politie,uitbuiting][zorg][chat][uitbuiting,geslacht]`.
    pub model: String,
    /// How the covariates' joint distribution enters the model (absent when free).
    #[serde(skip_serializing_if = "is_free")]
    pub joint: CovariateJoint,
    /// The covariate coded as a polynomial, with its degree (absent when none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub polynomial: Option<Polynomial>,
    /// The lists' own model (chosen on the total), in `--model` syntax.
    pub list_model: String,
    /// The list-by-covariate interactions chosen, as `list:covariate`.
    pub terms: Vec<String>,
    /// Whether the terms were given (`--covariate-terms`) rather than chosen by BIC.
    pub terms_given: bool,
    /// The search, term by term.
    pub steps: Vec<CovariateStep>,
    pub observed: u64,
    /// Total population: the sum of the estimates per combination.
    pub estimate: f64,
    pub ci: [Option<f64>; 2],
    /// Profile-likelihood interval of the total (Poisson likelihood of the covariate model).
    pub profile_ci: [Option<f64>; 2],
    /// How the intervals were computed.
    pub ci_method: String,
    pub level: f64,
    pub replicates: usize,
    /// Replicates whose model did not settle (left out of the quantiles).
    pub failed: usize,
    pub seed: u64,
    pub deviance: f64,
    pub df: usize,
    pub bic: f64,
    /// Per covariate, per level: the estimates add up to `estimate` for every covariate.
    pub groups: Vec<GroupEstimate>,
    /// Per combination of covariate values that occurs in the file.
    pub combinations: Vec<GroupEstimate>,
    /// The bootstrap's replicates: per replicate, the total and every level in the order of
    /// `groups` (`None` for a replicate without an estimate). Not in the output.
    #[serde(skip)]
    pub replicate_values: Vec<Option<Vec<f64>>>,
}

fn is_free(j: &CovariateJoint) -> bool {
    *j == CovariateJoint::Free
}

/// A covariate coded as a polynomial in its values.
#[derive(Debug, Clone, Serialize)]
pub struct Polynomial {
    pub column: String,
    pub degree: usize,
}

/// How to estimate with covariates.
#[derive(Debug, Clone)]
pub struct CovariateOptions {
    /// The lists' own model (interactions among lists), usually chosen on the total.
    pub list_model: ModelSpec,
    /// List-by-covariate terms to include; `None` to choose them by forward BIC search.
    pub terms: Option<Vec<ListCovariate>>,
    pub replicates: usize,
    pub seed: u64,
    pub level: f64,
    pub threads: usize,
    /// How the covariates' joint distribution enters the model (free by default).
    pub joint: CovariateJoint,
    /// A covariate coded as a polynomial of this degree in its numeric values instead of a
    /// factor (`mse`'s `year` with `degree_year`).
    pub polynomial: Option<(String, usize)>,
}

/// Forward selection of list-by-covariate terms by BIC, starting from the lists' model:
/// each step adds the term that lowers BIC most, until none does.
fn search_terms(
    t: &CovariateTable,
    joint: CovariateJoint,
    list_terms: &[u32],
    observed: u64,
) -> Result<(Vec<ListCovariate>, Vec<CovariateStep>, CovFit), EstimateError> {
    let d = design(t, joint, list_terms, &[]);
    let y = observed_y(t, &d);
    let mut current = fit_design(&d, &y, None, false)
        .filter(|f| f.usable(observed))
        .ok_or_else(|| {
            EstimateError::Data("the model without covariate interactions has no estimate".into())
        })?;
    let mut chosen: Vec<ListCovariate> = Vec::new();
    let mut steps = Vec::new();
    let mut best_bic = bic(&current, observed);
    loop {
        let mut best: Option<(ListCovariate, CovFit, f64)> = None;
        for list in 0..t.k() {
            for covariate in 0..t.columns.len() {
                let lc = ListCovariate::new(list, covariate);
                if chosen.contains(&lc) || t.levels[covariate].len() < 2 {
                    continue;
                }
                let mut terms = chosen.clone();
                terms.push(lc.clone());
                let d = design(t, joint, list_terms, &terms);
                let Some(f) = fit_design(&d, &y, Some((&current.cols, &current.beta)), false)
                else {
                    continue;
                };
                if !f.usable(observed) {
                    continue;
                }
                let b = bic(&f, observed);
                // Ties go to the earlier term: the choice does not depend on rounding order.
                if b < best_bic - 1e-9 && best.as_ref().is_none_or(|x| b < x.2 - 1e-9) {
                    best = Some((lc, f, b));
                }
            }
        }
        let Some((lc, f, b)) = best else { break };
        steps.push(CovariateStep {
            added: covariate_term_name(&lc, &t.lists, &t.columns),
            bic: b,
        });
        chosen.push(lc);
        best_bic = b;
        current = f;
    }
    Ok((chosen, steps, current))
}

/// Estimates per level of every covariate from one log-linear model over lists ×
/// covariates, with parametric bootstrap intervals (replicate `i` draws from ChaCha8 stream
/// `i` of the seed, so the result does not depend on the number of threads).
pub fn estimate_covariates(
    file: &HistoriesFile,
    opts: &CovariateOptions,
) -> Result<CovariateEstimate, EstimateError> {
    let mut t = CovariateTable::from_file(file)?.without_empty_lists();
    if opts.joint != CovariateJoint::Free {
        t = t.with_all_combinations();
    }
    if let Some((column, degree)) = &opts.polynomial {
        t = t.with_polynomial(column, *degree)?;
    }
    let joint = opts.joint;
    let k = t.k();
    if k < 2 {
        return Err(EstimateError::Data(
            "persons are observed on fewer than two lists".into(),
        ));
    }
    let list_terms = ModelSpec::parse(&opts.list_model.spec_string(file.total.lists()), &t.lists)
        .map_err(|_| {
            EstimateError::Data("the lists' model uses a list on which nobody is observed".into())
        })?
        .columns();
    let observed: u64 = t.total_counts().iter().sum();
    let (terms, steps, fit) = match &opts.terms {
        None => search_terms(&t, joint, &list_terms, observed)?,
        Some(terms) => {
            let terms = hierarchical(terms);
            let d = design(&t, joint, &list_terms, &terms);
            let y = observed_y(&t, &d);
            let f = fit_design(&d, &y, None, false)
                .filter(|f| f.usable(observed))
                .ok_or_else(|| {
                    EstimateError::Data("the covariate model has no finite estimate".into())
                })?;
            (terms, Vec::new(), f)
        }
    };
    let d = design(&t, joint, &list_terms, &terms);
    let groups = group_index(&t);
    let point = group_values(&groups, &d, &fit);
    let point_total = point[0];
    // Parametric bootstrap as `mse`'s (Buckland & Garthwaite 1991): a multinomial sample of
    // the estimated population size (truncated to whole persons) over every cell, the
    // unobserved ones included, with the fitted shares; the persons drawn into unobserved
    // cells are not seen, and the same model is refitted to the observed cells.
    let replicates = opts.replicates;
    let size = point_total.floor();
    let mut cells: Vec<f64> = fit.mu.clone();
    cells.extend(&fit.unobserved);
    let reps: Vec<Option<Vec<f64>>> = parallel_collect(replicates, opts.threads, |i| {
        let mut rng = ChaCha8Rng::seed_from_u64(opts.seed);
        rng.set_stream(i as u64);
        let mut y = multinomial(size, &cells, &mut rng);
        y.truncate(fit.mu.len());
        let f = fit_design(&d, &y, Some((&fit.cols, &fit.beta)), true)?;
        // A replicate in which some list catches nobody of a level has a parameter of minus
        // infinity: the iterations stop without settling it, but the fitted values and the
        // unobserved cells have settled (the extended maximum-likelihood estimate). Only an
        // unobserved count that runs away to infinity means there is no estimate.
        let unobserved: f64 = f.unobserved.iter().sum();
        if !unobserved.is_finite() || (!f.converged && unobserved > RUNAWAY * point_total) {
            return None;
        }
        Some(group_values(&groups, &d, &f))
    });
    let failed = reps.iter().filter(|r| r.is_none()).count();
    let alpha = (1.0 - opts.level) / 2.0;
    let interval = |g: usize| -> [Option<f64>; 2] {
        if replicates < 10 {
            return [None, None];
        }
        // A replicate without a finite estimate counts as infinitely many persons: when more
        // of them than the upper tail holds, the interval has no upper bound.
        let mut v: Vec<f64> = reps
            .iter()
            .map(|r| r.as_ref().map_or(f64::INFINITY, |r| r[g]))
            .collect();
        v.sort_by(f64::total_cmp);
        let bound = |q: f64| {
            let x = quantile_type8(&v, q);
            x.is_finite().then_some(x)
        };
        at_least_observed([bound(alpha), bound(1.0 - alpha)], groups[g].observed)
    };
    // Profile likelihood for the total and every level: the expected number of persons of
    // the group's combinations, observed cells and unobserved cell (whose design row is the
    // combination's indicator, the first columns) together.
    let n_levels: usize = t.levels.iter().map(Vec::len).sum();
    let y = observed_y(&t, &d);
    let p = d.cols.len();
    // On the boundary (a coefficient of minus infinity, the fit's deviance settled but not its
    // coefficients) the profile is not a regular likelihood curve: no profile interval.
    let profile_groups = if fit.converged { 1 + n_levels } else { 0 };
    let profiles: Vec<[Option<f64>; 2]> = parallel_collect(profile_groups, opts.threads, |g| {
        let combos = &groups[g].combos;
        let mut set: Vec<Vec<f64>> = d
            .rows
            .iter()
            .enumerate()
            .filter(|(_, (s, _))| combos.contains(s))
            .map(|(r, _)| d.x[r * p..(r + 1) * p].to_vec())
            .collect();
        set.extend(combos.iter().map(|&s| d.unobserved_rows[s].clone()));
        SumProfile::new(&d.x, d.rows.len(), p, &y, &set, &fit.aliased)
            .interval(&fit.beta, opts.level)
    });
    let mut estimates: Vec<GroupEstimate> = groups
        .iter()
        .enumerate()
        .map(|(g, grp)| GroupEstimate {
            covariates: grp.label.clone(),
            observed: grp.observed,
            estimate: point[g],
            ci: interval(g),
            profile_ci: (g <= n_levels).then(|| {
                profiles
                    .get(g)
                    .map_or([None, None], |&p| at_least_observed(p, grp.observed))
            }),
        })
        .collect();
    let total = estimates.remove(0);
    let combinations = estimates.split_off(n_levels);
    let rank = fit.params;
    Ok(CovariateEstimate {
        terms_given: opts.terms.is_some(),
        columns: t.columns.clone(),
        model: covariate_model_brackets(&opts.list_model, &terms, joint, &t.lists, &t.columns),
        joint,
        polynomial: opts.polynomial.as_ref().map(|(column, degree)| Polynomial {
            column: column.clone(),
            degree: *degree,
        }),
        list_model: opts.list_model.spec_string(file.total.lists()),
        terms: terms
            .iter()
            .map(|lc| covariate_term_name(lc, &t.lists, &t.columns))
            .collect(),
        steps,
        observed,
        estimate: total.estimate,
        ci: total.ci,
        profile_ci: total.profile_ci.unwrap_or([None, None]),
        ci_method: format!(
            "parametric bootstrap ({replicates} multinomial replicates of the estimated size), percentiles; a replicate without an estimate counts as infinite, no bound below the observed"
        ),
        level: opts.level,
        replicates,
        failed,
        seed: opts.seed,
        deviance: fit.deviance,
        df: d.rows.len().saturating_sub(rank),
        bic: bic(&fit, observed),
        groups: estimates,
        combinations,
        replicate_values: reps
            .into_iter()
            .map(|r| {
                r.map(|mut v| {
                    v.truncate(1 + n_levels);
                    v
                })
            })
            .collect(),
    })
}

/// A group whose estimate is a sum over combinations: the total, a level, or a combination.
struct Group {
    label: Vec<(String, String)>,
    combos: Vec<usize>,
    observed: u64,
}

/// The groups in output order: the total, every level of every covariate, every combination.
fn group_index(t: &CovariateTable) -> Vec<Group> {
    let obs: Vec<u64> = t.counts.iter().map(|c| c.iter().sum()).collect();
    let all: Vec<usize> = (0..t.combos.len()).collect();
    let mut out = vec![Group {
        label: Vec::new(),
        observed: obs.iter().sum(),
        combos: all,
    }];
    for (j, col) in t.columns.iter().enumerate() {
        for (l, level) in t.levels[j].iter().enumerate() {
            let combos: Vec<usize> = (0..t.combos.len())
                .filter(|&s| t.combos[s][j] == l)
                .collect();
            out.push(Group {
                label: vec![(col.clone(), level.clone())],
                observed: combos.iter().map(|&s| obs[s]).sum(),
                combos,
            });
        }
    }
    for (s, combo) in t.combos.iter().enumerate() {
        out.push(Group {
            label: combo
                .iter()
                .enumerate()
                .map(|(j, &l)| (t.columns[j].clone(), t.levels[j][l].clone()))
                .collect(),
            observed: obs[s],
            combos: vec![s],
        });
    }
    out
}

/// An interval of the Poisson model's total, whose bounds include the chance variation of the
/// observed cells too, with its lower bound raised to the persons actually observed: the
/// population cannot be smaller (the multinomial intervals of Rcapture, conditional on the
/// observed, never go below it either).
fn at_least_observed(ci: [Option<f64>; 2], observed: u64) -> [Option<f64>; 2] {
    let n = observed as f64;
    [ci[0].map(|lo| lo.max(n)), ci[1].map(|hi| hi.max(n))]
}

/// The model's expected persons of every group: its fitted observed cells and its
/// unobserved cells (as `mse`'s `Nhat`). Where the model fixes a group's observed margin
/// (a factor covariate, a combination with a parameter of its own) the fitted observed
/// cells add up to the observed count, so this is the observed plus the estimated
/// unobserved; with a polynomial covariate the model smooths the margin of each value.
fn group_values(groups: &[Group], d: &Design, f: &CovFit) -> Vec<f64> {
    let mut per_combo = f.unobserved.clone();
    for (&(s, _), m) in d.rows.iter().zip(&f.mu) {
        per_combo[s] += m;
    }
    groups
        .iter()
        .map(|g| g.combos.iter().map(|&s| per_combo[s]).sum())
        .collect()
}

/// A multinomial sample of `size` persons over cells with weights `w` (their sum the
/// whole), drawn as conditional binomials so that its time does not depend on the size.
fn multinomial(size: f64, w: &[f64], rng: &mut ChaCha8Rng) -> Vec<f64> {
    let mut out = vec![0.0; w.len()];
    let mut left_n = size.max(0.0) as u64;
    let mut left_w: f64 = w.iter().sum();
    for (o, &c) in out.iter_mut().zip(w) {
        if left_n == 0 || left_w <= 0.0 {
            break;
        }
        if c <= 0.0 {
            continue;
        }
        let p = (c / left_w).min(1.0);
        let x = if p >= 1.0 {
            left_n
        } else {
            Binomial::new(left_n, p).map_or(0, |b| b.sample(rng))
        };
        *o = x as f64;
        left_n -= x;
        left_w -= c;
    }
    out
}

/// Runs `f(i)` for `i` in `0..n` over `threads` threads, results in index order.
fn parallel_collect<T: Send>(n: usize, threads: usize, f: impl Fn(usize) -> T + Sync) -> Vec<T> {
    let threads = threads.max(1).min(n.max(1));
    if threads == 1 {
        return (0..n).map(&f).collect();
    }
    let mut parts: Vec<Vec<(usize, T)>> = Vec::new();
    std::thread::scope(|s| {
        let f = &f;
        let handles: Vec<_> = (0..threads)
            .map(|t| s.spawn(move || (t..n).step_by(threads).map(|i| (i, f(i))).collect()))
            .collect();
        for h in handles {
            if let Ok(part) = h.join() {
                parts.push(part);
            }
        }
    });
    let mut all: Vec<(usize, T)> = parts.into_iter().flatten().collect();
    all.sort_by_key(|(i, _)| *i);
    all.into_iter().map(|(_, v)| v).collect()
}

/// Parses `list:covariate` terms (comma-separated) against the lists and covariate columns;
/// `list:covariate:covariate` is a higher-order term (the list with the joint levels of the
/// covariates), which brings its lower-order margins into the model.
pub fn parse_covariate_terms(
    spec: &str,
    lists: &[String],
    columns: &[String],
) -> Result<Vec<ListCovariate>, EstimateError> {
    let bad = |message: String, dutch: String| EstimateError::Model {
        spec: spec.to_string(),
        message,
        dutch,
    };
    let mut out = Vec::new();
    for term in spec.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        let mut parts = term.split(':').map(str::trim);
        let a = parts.next().unwrap_or_default();
        let names: Vec<&str> = parts.collect();
        if names.is_empty() || names.iter().any(|n| n.is_empty()) {
            return Err(bad(
                format!(
                    "term `{term}` is not of the form list:covariate (or list:covariate:covariate)"
                ),
                format!(
                    "term `{term}` heeft niet de vorm lijst:kenmerk (of lijst:kenmerk:kenmerk)"
                ),
            ));
        }
        let list = lists.iter().position(|l| l == a).ok_or_else(|| {
            bad(
                format!("unknown list `{a}`; the lists are {}", lists.join(", ")),
                format!(
                    "onbekende lijst `{a}`; de lijsten zijn {}",
                    lists.join(", ")
                ),
            )
        })?;
        let mut covariates = Vec::with_capacity(names.len());
        for b in names {
            let covariate = columns.iter().position(|c| c == b).ok_or_else(|| {
                bad(
                    format!(
                        "unknown covariate `{b}`; the covariates are {}",
                        columns.join(", ")
                    ),
                    format!(
                        "onbekend kenmerk `{b}`; de kenmerken zijn {}",
                        columns.join(", ")
                    ),
                )
            })?;
            if covariates.contains(&covariate) {
                return Err(bad(
                    format!("term `{term}` names covariate `{b}` twice"),
                    format!("term `{term}` noemt kenmerk `{b}` twee keer"),
                ));
            }
            covariates.push(covariate);
        }
        covariates.sort_unstable();
        let lc = ListCovariate { list, covariates };
        if !out.contains(&lc) {
            out.push(lc);
        }
    }
    Ok(out)
}

/// The covariate model in bracket notation: the lists' model's generators, each
/// list-by-covariate term, lists in neither as `[X]`, and the covariates together (their
/// joint distribution free), each alone (`main`) or in pairs (`pairs`).
fn covariate_model_brackets(
    list_model: &ModelSpec,
    terms: &[ListCovariate],
    joint: CovariateJoint,
    lists: &[String],
    columns: &[String],
) -> String {
    let sep = if lists.iter().chain(columns).all(|n| n.chars().count() == 1) {
        ""
    } else {
        ","
    };
    let mut covered = 0u32;
    let mut parts: Vec<String> = Vec::new();
    for &g in list_model.generators() {
        covered |= g;
        parts.push(term_name(g, lists, sep));
    }
    for lc in terms {
        covered |= 1 << lc.list;
        let mut names = vec![lists[lc.list].as_str()];
        names.extend(lc.covariates.iter().map(|&j| columns[j].as_str()));
        parts.push(names.join(sep));
    }
    for (i, l) in lists.iter().enumerate() {
        if covered >> i & 1 == 0 {
            parts.push(l.clone());
        }
    }
    match joint {
        CovariateJoint::Free if !columns.is_empty() => parts.push(columns.join(sep)),
        CovariateJoint::Free => {}
        CovariateJoint::Main => parts.extend(columns.iter().cloned()),
        CovariateJoint::Pairs if columns.len() < 2 => parts.extend(columns.iter().cloned()),
        CovariateJoint::Pairs => {
            for (a, x) in columns.iter().enumerate() {
                for y in &columns[a + 1..] {
                    parts.push(format!("{x}{sep}{y}"));
                }
            }
        }
    }
    parts.iter().map(|p| format!("[{p}]")).collect()
}

/// The name of a list-by-covariate term: `list:covariate`, or `list:covariate:covariate`.
pub fn covariate_term_name(lc: &ListCovariate, lists: &[String], columns: &[String]) -> String {
    let mut name = term_name(1 << lc.list, lists, ":");
    for &j in &lc.covariates {
        name.push(':');
        name.push_str(&columns[j]);
    }
    name
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::{fit, read_histories};

    fn opts(list_model: ModelSpec, terms: Option<Vec<ListCovariate>>) -> CovariateOptions {
        CovariateOptions {
            list_model,
            terms,
            replicates: 50,
            seed: 7,
            level: 0.95,
            threads: 2,
            joint: CovariateJoint::Free,
            polynomial: None,
        }
    }

    const TWO_LISTS: &str =
        "A,B,count,sex\n1,0,60,f\n0,1,30,f\n1,1,20,f\n1,0,40,m\n0,1,50,m\n1,1,10,m\n";

    #[test]
    fn no_bound_below_the_observed_and_replicates_without_estimate_count_as_infinite() {
        // 11 persons, 2 on both lists: a replicate with nobody on both lists has no finite
        // estimate (about one in eight here), more than the upper 2.5% tail holds, so there
        // is no upper bound; the lower bound is never below the 11 observed.
        let f = read_histories(
            "A,B,count,sex\n1,0,5,m\n0,1,4,m\n1,1,2,m\n".as_bytes(),
            "t.csv",
        )
        .unwrap();
        let o = CovariateOptions {
            replicates: 500,
            ..opts(ModelSpec::independence(), None)
        };
        let e = estimate_covariates(&f, &o).unwrap();
        assert!(e.failed > 25, "{}", e.failed);
        for g in std::iter::once(&e.ci).chain(e.groups.iter().map(|g| &g.ci)) {
            assert!(g[0].unwrap() >= 11.0, "{g:?}");
            assert_eq!(g[1], None, "{g:?}");
        }
        assert!(
            e.profile_ci[0].is_none_or(|lo| lo >= 11.0),
            "{:?}",
            e.profile_ci
        );
        for g in &e.groups {
            let p = g.profile_ci.unwrap();
            assert!(p[0].is_none_or(|lo| lo >= 11.0), "{p:?}");
        }
        // On data where every replicate has an estimate, each group's lower bound is at least
        // its observed count, also for a small group.
        let f = read_histories(
            "A,B,count,sex\n1,0,60,f\n0,1,30,f\n1,1,20,f\n1,0,1,m\n0,1,1,m\n1,1,1,m\n".as_bytes(),
            "t.csv",
        )
        .unwrap();
        let e = estimate_covariates(&f, &opts(ModelSpec::independence(), None)).unwrap();
        for g in &e.groups {
            if let Some(lo) = g.ci[0] {
                assert!(lo >= g.observed as f64, "{g:?}");
            }
        }
    }

    #[test]
    fn a_slowly_falling_profile_gets_its_upper_bound() {
        // 7, 9 and 3 on both: the Poisson profile falls like −3·log N, and its upper bound
        // lies where the Lagrangian is close to having no maximum; it is finite (the walk
        // found ∞), and the multinomial profile of the total model is 21.5 – 116.0.
        let f = read_histories(
            "A,B,count,C\n1,0,7,x\n0,1,9,x\n1,1,3,x\n".as_bytes(),
            "t.csv",
        )
        .unwrap();
        let o = CovariateOptions {
            replicates: 0,
            ..opts(ModelSpec::independence(), Some(vec![]))
        };
        let e = estimate_covariates(&f, &o).unwrap();
        let [lo, hi] = e.profile_ci;
        let (lo, hi) = (lo.unwrap(), hi.unwrap());
        assert!(
            (19.0..21.5).contains(&lo) && hi > 116.0 && hi < 150.0,
            "{lo} {hi}"
        );
    }

    #[test]
    fn lincoln_petersen_per_level_when_both_lists_interact_with_the_covariate() {
        let f = read_histories(TWO_LISTS.as_bytes(), "t.csv").unwrap();
        let terms =
            parse_covariate_terms("A:sex,B:sex", f.total.lists(), &f.strata_columns).unwrap();
        let e = estimate_covariates(&f, &opts(ModelSpec::independence(), Some(terms))).unwrap();
        // f: 80 * 50 / 20 = 200; m: 50 * 60 / 10 = 300.
        assert!(
            (e.groups[0].estimate - 200.0).abs() < 1e-6,
            "{:?}",
            e.groups
        );
        assert!(
            (e.groups[1].estimate - 300.0).abs() < 1e-6,
            "{:?}",
            e.groups
        );
        assert!((e.estimate - 500.0).abs() < 1e-6);
        for g in &e.groups {
            let [lo, hi] = g.ci;
            assert!(
                lo.unwrap() < g.estimate && g.estimate < hi.unwrap(),
                "{g:?}"
            );
        }
    }

    #[test]
    fn without_interactions_the_total_is_the_collapsed_fit() {
        let f = read_histories(TWO_LISTS.as_bytes(), "t.csv").unwrap();
        let e = estimate_covariates(&f, &opts(ModelSpec::independence(), Some(vec![]))).unwrap();
        let whole = fit(&f.total, &ModelSpec::independence()).unwrap();
        assert!((e.estimate - whole.estimate).abs() < 1e-6);
        let sum: f64 = e.groups.iter().map(|g| g.estimate).sum();
        assert!((sum - e.estimate).abs() < 1e-6);
    }

    #[test]
    fn the_search_finds_a_list_that_depends_on_the_covariate() {
        // B catches f far more often than m: the search adds B:sex (and a larger total).
        let text =
            "A,B,count,sex\n1,0,100,f\n0,1,100,f\n1,1,100,f\n1,0,100,m\n0,1,10,m\n1,1,10,m\n";
        let f = read_histories(text.as_bytes(), "t.csv").unwrap();
        let e = estimate_covariates(&f, &opts(ModelSpec::independence(), None)).unwrap();
        assert!(e.terms.contains(&"B:sex".to_string()), "{:?}", e.terms);
        assert_eq!(e.steps.len(), e.terms.len());
    }

    #[test]
    fn a_year_column_gives_an_estimate_per_year() {
        // Two years in one file: B registers more in 2022; the years add up to the total.
        let text = "A,B,count,year\n1,0,60,2021\n0,1,30,2021\n1,1,20,2021\n\
                    1,0,50,2022\n0,1,70,2022\n1,1,35,2022\n";
        let f = read_histories(text.as_bytes(), "t.csv").unwrap();
        let terms =
            parse_covariate_terms("A:year,B:year", f.total.lists(), &f.strata_columns).unwrap();
        let e = estimate_covariates(&f, &opts(ModelSpec::independence(), Some(terms))).unwrap();
        assert_eq!(e.groups[0].covariates, vec![("year".into(), "2021".into())]);
        // Lincoln-Petersen per year: 80 * 50 / 20 and 85 * 105 / 35.
        assert!((e.groups[0].estimate - 200.0).abs() < 1e-6);
        assert!((e.groups[1].estimate - 255.0).abs() < 1e-6);
        assert!((e.estimate - 455.0).abs() < 1e-6);
    }

    #[test]
    fn bad_terms_are_named() {
        let lists = vec!["A".to_string(), "B".to_string()];
        let cols = vec!["sex".to_string()];
        let e = parse_covariate_terms("A:age", &lists, &cols).unwrap_err();
        assert!(e.to_string().contains("unknown covariate `age`"), "{e}");
        let e = parse_covariate_terms("C:sex", &lists, &cols).unwrap_err();
        assert!(e.to_string().contains("unknown list `C`"), "{e}");
        assert!(parse_covariate_terms("A", &lists, &cols).is_err());
        assert!(parse_covariate_terms("A:sex:", &lists, &cols).is_err());
        let e = parse_covariate_terms("A:sex:sex", &lists, &cols).unwrap_err();
        assert!(e.to_string().contains("names covariate `sex` twice"), "{e}");
    }

    #[test]
    fn a_higher_order_term_brings_its_margins() {
        let lists = vec!["A".to_string(), "B".to_string()];
        let cols = vec!["sex".to_string(), "age".to_string(), "year".to_string()];
        let terms = parse_covariate_terms("B:year:sex, A:age", &lists, &cols).unwrap();
        assert_eq!(terms[0].covariates, vec![0, 2]);
        let names: Vec<String> = hierarchical(&terms)
            .iter()
            .map(|lc| covariate_term_name(lc, &lists, &cols))
            .collect();
        assert_eq!(names, ["B:sex", "B:year", "B:sex:year", "A:age"]);
    }
}
