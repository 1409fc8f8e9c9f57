//! The whole estimation as the `zicht estimate` command and the report use it: method,
//! interval and strata in one serializable `EstimateResult` (formats.md section 5), and its
//! rendering as text in Dutch or English.

use std::collections::BTreeMap;
use std::fmt::Write;

use serde::Serialize;
use zicht_codebook::Lang;

use crate::bootstrap::{Bca, IntervalProblem, bootstrap_bca};
use crate::ci::{ProfileCi, profile_ci};
use crate::compare::{Comparison, render_comparison};
use crate::covariate::{
    CovariateEstimate, CovariateOptions, DEFAULT_COVARIATE_REPLICATES, estimate_covariates,
    parse_covariate_terms,
};
use crate::fit::{Fit, Status, fit};
use crate::hierarchy::search_order;
use crate::select::{Criterion, Method, RankedModel, Step, search, stepwise};
use crate::threshold::{Threshold, ThresholdOptions, threshold};
use crate::{EstimateError, Histories, HistoriesFile, ModelSpec};

/// What to compute.
#[derive(Debug, Clone)]
pub struct Options {
    pub method: Method,
    /// Number of bootstrap replicates for a BCa interval; `None` for the profile interval only.
    pub bootstrap: Option<usize>,
    pub seed: u64,
    /// Interval level, 0.95 by default.
    pub level: f64,
    /// Threads for the search and the bootstrap.
    pub threads: usize,
    /// Also estimate the total with every available method side by side.
    pub compare: bool,
    /// The true size, when it is known (the synthetic demo): the text then says how far each
    /// estimate is from it.
    pub known_total: Option<u64>,
    /// Also estimate each stratum (combination of covariate values) with a model of its own.
    pub strata: bool,
    /// Fixed list-by-covariate terms (`list:covariate[:covariate],...`) of the covariate
    /// model; `None` to choose them by BIC.
    pub covariate_terms: Option<String>,
    /// How the covariates' joint distribution enters the covariate model.
    pub covariate_joint: crate::CovariateJoint,
    /// A covariate coded as a polynomial of the given degree (`mse`'s `degree_year`).
    pub polynomial: Option<(String, usize)>,
    /// LCMCR's sampler in the comparison (chains, burn-in, iterations, thinning; its seed and
    /// level are those above).
    pub lcmcr: crate::LcmcrOptions,
    /// Told when each method of the comparison starts and ends (the binary's progress line).
    pub progress: Option<Progress>,
}

/// A callback told, for each method of the comparison, its name when it starts and, when it
/// ends, its name with the seconds it took.
#[derive(Clone)]
pub struct Progress(pub std::sync::Arc<dyn Fn(ProgressEvent<'_>) + Send + Sync>);

/// One step of the comparison.
#[derive(Debug, Clone, Copy)]
pub enum ProgressEvent<'a> {
    /// Method `index` (from 1) of `of` starts.
    Start {
        method: &'a str,
        index: usize,
        of: usize,
    },
    /// The method ended after `seconds`.
    Done { method: &'a str, seconds: f64 },
}

impl std::fmt::Debug for Progress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Progress(..)")
    }
}

impl Default for Options {
    fn default() -> Self {
        Options {
            method: Method::Stepwise { threshold: 0.02 },
            bootstrap: None,
            seed: 1234,
            level: 0.95,
            threads: crate::bootstrap::default_threads(),
            compare: true,
            known_total: None,
            strata: false,
            covariate_terms: None,
            covariate_joint: crate::CovariateJoint::Free,
            polynomial: None,
            lcmcr: crate::LcmcrOptions::default(),
            progress: None,
        }
    }
}

/// One model considered: every model of a search, or each model along the stepwise path.
#[derive(Debug, Clone, Serialize)]
pub struct ModelRow {
    pub model: String,
    pub spec: String,
    pub estimate: Option<f64>,
    pub aic: Option<f64>,
    pub bic: Option<f64>,
    pub deviance: Option<f64>,
    pub df: Option<usize>,
    /// Reference code: 0 fine, 1 infinite, 2 not identifiable, 3 both.
    pub code: u8,
    /// For stepwise: the p-value of the pair added to reach this model.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub p_value: Option<f64>,
}

impl From<&RankedModel> for ModelRow {
    fn from(r: &RankedModel) -> Self {
        ModelRow {
            model: r.model.clone(),
            spec: r.spec.clone(),
            estimate: r.estimate,
            aic: r.aic,
            bic: r.bic,
            deviance: r.deviance,
            df: r.df,
            code: r.status.code,
            p_value: None,
        }
    }
}

fn row_of(f: &Fit, p_value: Option<f64>) -> ModelRow {
    ModelRow {
        model: f.model.clone(),
        spec: f.spec.clone(),
        estimate: f.status.ok().then_some(f.estimate),
        aic: Some(f.aic),
        bic: Some(f.bic),
        deviance: Some(f.deviance),
        df: Some(f.df),
        code: f.status.code,
        p_value,
    }
}

/// The estimate for one set of histories (the total or one stratum).
#[derive(Debug, Clone, Serialize)]
pub struct Estimate {
    pub lists: Vec<String>,
    /// Lists in the input on which nobody is observed, left out of the estimation.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub dropped_lists: Vec<String>,
    pub observed: u64,
    /// The chosen model in bracket notation, `[AB][C]`.
    pub model: String,
    /// The chosen model in `--model` syntax.
    pub spec: String,
    /// `stepwise`, `AIC`, `BIC` or `fixed`.
    pub criterion: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub threshold: Option<f64>,
    /// The highest order of interaction the selection considered, when above 2
    /// (`--max-order`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_order: Option<u32>,
    /// Total population (observed plus estimated unobserved); `null` when it is infinite or
    /// not identifiable.
    pub estimate: Option<f64>,
    pub unobserved: Option<f64>,
    pub se: Option<f64>,
    /// The interval: BCa with `--bootstrap`, else profile likelihood. `null` bounds are
    /// unbounded.
    pub ci: [Option<f64>; 2],
    pub ci_method: String,
    /// Why the interval of `ci_method` could not be computed (then `ci` is `[null, null]`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ci_problem: Option<IntervalProblem>,
    pub level: f64,
    pub profile_ci: Option<ProfileCi>,
    pub bootstrap: Option<Bca>,
    pub status: Status,
    pub deviance: f64,
    pub df: usize,
    pub aic: f64,
    pub bic: f64,
    pub empty_overlaps: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub steps: Vec<Step>,
    pub models: Vec<ModelRow>,
    /// Bayesian thresholding (`--select threshold`): the statistics of the interactions,
    /// the posterior's quantiles and its convergence; `estimate` is then the posterior median,
    /// `ci` the posterior quantiles and `se` the posterior standard deviation, while `fit` is
    /// the maximum-likelihood fit of the model kept.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub thresholding: Option<Threshold>,
    /// The fitted model (coefficients, fitted cells).
    pub fit: Fit,
}

/// The estimate for one stratum, or why there is none.
#[derive(Debug, Clone, Serialize)]
pub struct StratumEstimate {
    pub stratum: BTreeMap<String, String>,
    #[serde(flatten)]
    pub estimate: Option<Estimate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// The output of `zicht estimate --json`: the total, and each stratum when the histories
/// have covariate columns.
#[derive(Debug, Clone, Serialize)]
pub struct EstimateResult {
    #[serde(flatten)]
    pub total: Estimate,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub strata_columns: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub strata: Vec<StratumEstimate>,
    /// One log-linear model over lists × covariates, with estimates per level (when the
    /// histories have covariate columns).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub covariates: Option<CovariateEstimate>,
    /// Why the covariate model gives no estimate.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub covariates_error: Option<String>,
    /// Covariate columns holding only 0 and 1: perhaps lists placed after `count` (lists
    /// come before it); the text says so.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub list_like_covariates: Vec<String>,
    /// Every available method on the total, side by side (`--compare`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comparison: Option<Comparison>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub known_total: Option<u64>,
}

/// Estimates the population of one set of histories.
pub fn estimate_one(h: &Histories, opts: &Options) -> Result<Estimate, EstimateError> {
    if h.observed() == 0 {
        return Err(EstimateError::Data(
            "no persons observed on any list".into(),
        ));
    }
    let (reduced, dropped_lists) = h.without_empty_lists()?;
    let original = h;
    let h = &reduced;
    let method = match &opts.method {
        // The fixed model names the original lists: restate it on the lists kept.
        Method::Fixed(spec) if !dropped_lists.is_empty() => {
            let text = spec.spec_string(original.lists());
            Method::Fixed(ModelSpec::parse(&text, h.lists()).map_err(|_| {
                EstimateError::Data(format!(
                    "the model uses a list on which nobody is observed ({})",
                    dropped_lists.join(", ")
                ))
            })?)
        }
        m => m.clone(),
    };
    let opts = &Options {
        method,
        ..opts.clone()
    };
    if let Method::Threshold(o) = &opts.method {
        return estimate_threshold(h, dropped_lists, o, opts);
    }
    let (fit, criterion, threshold, steps, models) = match &opts.method {
        Method::Fixed(spec) => {
            let f = fit(h, spec)?;
            let rows = vec![row_of(&f, None)];
            (f, "fixed".to_string(), None, Vec::new(), rows)
        }
        Method::Stepwise { threshold } => {
            let s = stepwise(h, *threshold)?;
            // The path: main effects, then each pair as it was added.
            let mut rows = Vec::new();
            let mut spec = ModelSpec::independence();
            rows.push(row_of(&fit(h, &spec)?, None));
            for step in &s.steps {
                let added = ModelSpec::parse(&step.added, h.lists())?;
                for &t in added.generators() {
                    spec = spec.with_term(t);
                }
                rows.push(row_of(&fit(h, &spec)?, Some(step.p_value)));
            }
            (
                s.fit,
                "stepwise".to_string(),
                Some(*threshold),
                s.steps,
                rows,
            )
        }
        Method::Search(c) => {
            let s = search(h, *c, opts.threads)?;
            let rows = s.models.iter().map(ModelRow::from).collect();
            (s.best, c.name().to_string(), None, Vec::new(), rows)
        }
        Method::Hierarchical {
            criterion,
            max_order,
        } => {
            let s = search_order(h, *criterion, *max_order, opts.threads)?;
            let rows = s.models.iter().map(ModelRow::from).collect();
            (s.best, criterion.name().to_string(), None, Vec::new(), rows)
        }
        Method::Threshold(_) => {
            return Err(EstimateError::Data(
                "thresholding is estimated on its own".into(),
            ));
        }
    };
    let ok = fit.status.ok();
    let profile = if ok {
        profile_ci(h, &fit.model_spec, opts.level).ok()
    } else {
        None
    };
    let bootstrap = match opts.bootstrap {
        Some(n) if ok => Some(bootstrap_bca(
            h,
            &opts.method,
            n,
            opts.seed,
            opts.level,
            opts.threads,
        )?),
        _ => None,
    };
    // A profile interval that is not finite or excludes the estimate is not reported.
    let profile_problem = match (&profile, ok) {
        (Some(p), true) => IntervalProblem::check(p.lower, p.upper, fit.estimate),
        _ => None,
    };
    let profile = if profile_problem.is_some() {
        None
    } else {
        profile
    };
    let (ci, ci_method, ci_problem) = match (&bootstrap, &profile) {
        (Some(b), _) => (
            [b.lower, b.upper],
            format!("BCa bootstrap ({} replicates)", b.replicates),
            b.problem,
        ),
        (None, Some(p)) => (
            [Some(p.lower), p.upper],
            "profile likelihood".to_string(),
            None,
        ),
        (None, None) if profile_problem.is_some() => (
            [None, None],
            "profile likelihood".to_string(),
            profile_problem,
        ),
        (None, None) => ([None, None], "none".to_string(), None),
    };
    Ok(Estimate {
        lists: h.lists().to_vec(),
        dropped_lists,
        observed: h.observed(),
        model: fit.model.clone(),
        spec: fit.spec.clone(),
        criterion,
        threshold,
        max_order: match &opts.method {
            Method::Hierarchical { max_order, .. } => Some(*max_order),
            _ => None,
        },
        estimate: ok.then_some(fit.estimate),
        unobserved: ok.then_some(fit.unobserved),
        se: ok.then_some(fit.se),
        ci,
        ci_method,
        ci_problem,
        level: opts.level,
        profile_ci: profile,
        bootstrap,
        status: fit.status,
        deviance: fit.deviance,
        df: fit.df,
        aic: fit.aic,
        bic: fit.bic,
        empty_overlaps: fit.empty_overlaps.clone(),
        steps,
        models,
        thresholding: None,
        fit,
    })
}

/// Bayesian thresholding: the posterior median and quantiles, with the maximum-likelihood
/// fit of the model kept beside them (deviance, AIC, BIC; no profile or bootstrap interval:
/// the posterior gives the interval).
fn estimate_threshold(
    h: &Histories,
    dropped_lists: Vec<String>,
    o: &ThresholdOptions,
    opts: &Options,
) -> Result<Estimate, EstimateError> {
    let o = ThresholdOptions {
        level: opts.level,
        ..o.clone()
    };
    let t = threshold(h, &o, opts.threads)?;
    let f = fit(h, &t.model_spec)?;
    let ci_problem = IntervalProblem::check(t.lower, Some(t.upper), t.estimate);
    Ok(Estimate {
        lists: h.lists().to_vec(),
        dropped_lists,
        observed: h.observed(),
        model: t.model.clone(),
        spec: t.spec.clone(),
        criterion: "threshold".to_string(),
        threshold: None,
        max_order: (o.max_order > 2).then_some(o.max_order),
        estimate: Some(t.estimate),
        unobserved: Some(t.estimate - h.observed() as f64),
        se: Some(t.sd),
        ci: if ci_problem.is_some() {
            [None, None]
        } else {
            [Some(t.lower), Some(t.upper)]
        },
        ci_method: format!(
            "posterior quantiles ({} chains, R-hat {:.2})",
            t.chains, t.rhat
        ),
        ci_problem,
        level: opts.level,
        profile_ci: None,
        bootstrap: None,
        status: f.status,
        deviance: f.deviance,
        df: f.df,
        aic: f.aic,
        bic: f.bic,
        empty_overlaps: f.empty_overlaps.clone(),
        steps: Vec::new(),
        models: vec![row_of(&f, None)],
        thresholding: Some(t),
        fit: f,
    })
}

/// Estimates the total population and, with strata, each stratum.
pub fn estimate(file: &HistoriesFile, opts: &Options) -> Result<EstimateResult, EstimateError> {
    let total = estimate_one(&file.total, opts)?;
    let (covariates, covariates_error) = if file.strata_columns.is_empty() {
        (None, None)
    } else {
        let terms = opts
            .covariate_terms
            .as_deref()
            .map(|t| parse_covariate_terms(t, file.total.lists(), &file.strata_columns))
            .transpose()?;
        let copts = CovariateOptions {
            list_model: total.fit.model_spec.clone(),
            terms,
            replicates: opts.bootstrap.unwrap_or(DEFAULT_COVARIATE_REPLICATES),
            seed: opts.seed,
            level: opts.level,
            threads: opts.threads,
            joint: opts.covariate_joint,
            polynomial: opts.polynomial.clone(),
        };
        match estimate_covariates(file, &copts) {
            Ok(c) => (Some(c), None),
            Err(e) => (None, Some(e.to_string())),
        }
    };
    let strata = file
        .strata
        .iter()
        .filter(|_| opts.strata)
        .map(|s| {
            let stratum = file
                .strata_columns
                .iter()
                .cloned()
                .zip(s.values.iter().cloned())
                .collect();
            match estimate_one(&s.histories, opts) {
                Ok(e) => StratumEstimate {
                    stratum,
                    estimate: Some(e),
                    error: None,
                },
                Err(e) => StratumEstimate {
                    stratum,
                    estimate: None,
                    error: Some(e.to_string()),
                },
            }
        })
        .collect();
    let comparison = opts.compare.then(|| {
        let h = file
            .total
            .without_empty_lists()
            .map_or_else(|_| file.total.clone(), |r| r.0);
        crate::compare::compare(&h, opts)
    });
    Ok(EstimateResult {
        total,
        strata_columns: file.strata_columns.clone(),
        strata,
        covariates,
        covariates_error,
        list_like_covariates: list_like_covariates(file),
        comparison,
        known_total: opts.known_total,
    })
}

/// The covariate columns whose values are all 0 or 1.
fn list_like_covariates(file: &HistoriesFile) -> Vec<String> {
    file.strata_columns
        .iter()
        .enumerate()
        .filter(|(j, _)| {
            file.strata
                .iter()
                .all(|s| matches!(s.values[*j].as_str(), "0" | "1"))
        })
        .map(|(_, c)| c.clone())
        .collect()
}

/// A number with `decimals` decimals, with a decimal comma in Dutch.
pub fn format_number(x: f64, decimals: usize, lang: Lang) -> String {
    let s = format!("{x:.decimals$}");
    match lang {
        Lang::Nl => s.replace('.', ","),
        Lang::En => s,
    }
}

/// A number in its shortest form (`0.02`, `95`, `1.2e-5` with four significant digits for
/// small values), with a decimal comma in Dutch.
pub fn format_general(x: f64, lang: Lang) -> String {
    let s = if x != 0.0 && x.abs() < 1e-3 {
        format!("{x:.3e}")
    } else {
        let r = (x * 1e4).round() / 1e4;
        format!("{r}")
    };
    match lang {
        Lang::Nl => s.replace('.', ","),
        Lang::En => s,
    }
}

/// Terms in `--model` syntax as brackets, `[IK], [KR]`.
fn brackets(terms: &[String]) -> String {
    terms
        .iter()
        .map(|t| crate::model::bracket_term(t))
        .collect::<Vec<_>>()
        .join(", ")
}

fn tr(lang: Lang, nl: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Nl => nl,
        Lang::En => en,
    }
}

fn render_estimate(out: &mut String, e: &Estimate, lang: Lang) {
    let n = |x: f64, d: usize| format_number(x, d, lang);
    let _ = writeln!(
        out,
        "{}: {} ({} {})",
        tr(lang, "Lijsten", "Lists"),
        e.lists.join(", "),
        e.lists.len(),
        tr(lang, "lijsten", "lists")
    );
    if !e.dropped_lists.is_empty() {
        let _ = writeln!(
            out,
            "{}: {}",
            tr(
                lang,
                "Weggelaten (niemand op deze lijst)",
                "Left out (nobody on these lists)"
            ),
            e.dropped_lists.join(", ")
        );
    }
    let _ = writeln!(
        out,
        "{}: {}",
        tr(lang, "Waargenomen personen", "Persons observed"),
        e.observed
    );
    let method = match e.criterion.as_str() {
        "stepwise" => format!(
            "{} {}",
            tr(
                lang,
                "stapsgewijze selectie (Chan, Silverman & Vincent 2021), drempel",
                "stepwise selection (Chan, Silverman & Vincent 2021), threshold"
            ),
            format_general(e.threshold.unwrap_or(0.02), lang)
        ),
        "fixed" => tr(lang, "vast model", "fixed model").to_string(),
        "threshold" => {
            let t = e.thresholding.as_ref();
            format!(
                "{} {}, prior {}{}",
                tr(
                    lang,
                    "Bayesiaanse drempeling (Silverman 2020), verhouding (--ratio)",
                    "Bayesian thresholding (Silverman 2020), ratio (--ratio)"
                ),
                format_general(t.map_or(2.0, |t| t.threshold), lang),
                match t.map(|t| t.prior.as_str()) {
                    Some("flat") => tr(lang, "vlak", "flat").to_string(),
                    Some(p) => p.replace("normal", tr(lang, "normaal", "normal")),
                    None => String::new(),
                },
                if t.is_some_and(|t| t.max_order == 3) {
                    tr(
                        lang,
                        ", met drieweginteracties",
                        ", with three-way interactions",
                    )
                } else {
                    ""
                }
            )
        }
        c => match e.max_order {
            Some(m) => match lang {
                Lang::Nl => format!(
                    "beste van alle hiërarchische modellen met interacties van hoogstens {m} lijsten naar {c}"
                ),
                Lang::En => format!(
                    "best of all hierarchical models with interactions of up to {m} lists by {c}"
                ),
            },
            None => format!(
                "{} {c}",
                tr(
                    lang,
                    "beste van alle modellen met hoogstens tweewegsinteracties naar",
                    "best of all models with up to two-way interactions by"
                ),
            ),
        },
    };
    let _ = writeln!(out, "{}: {method}", tr(lang, "Methode", "Method"));
    let _ = writeln!(out, "Model: {}  (--model {})", e.model, e.spec);
    for s in &e.steps {
        let _ = writeln!(
            out,
            "  + {}: {} {}, {} {}, p = {}",
            crate::model::bracket_term(&s.added),
            tr(lang, "overlap", "overlap"),
            s.overlap,
            tr(lang, "verwacht", "expected"),
            n(s.expected, 2),
            format_general(s.p_value, lang)
        );
    }
    if let Some(t) = &e.thresholding {
        render_thresholding(out, t, lang);
    }
    if !e.empty_overlaps.is_empty() {
        let _ = writeln!(
            out,
            "{}: {}",
            tr(
                lang,
                "Lijstparen zonder overlap in het model",
                "List pairs without overlap in the model"
            ),
            brackets(&e.empty_overlaps)
        );
        let _ = writeln!(
            out,
            "  {}",
            tr(
                lang,
                "(niemand staat op beide lijsten van zo'n paar: hun samenhang is op een lege overlap vastgezet en die cellen zijn buiten het model gelaten, zoals SparseMSE doet; de schatting leunt op die aanname)",
                "(nobody is on both lists of such a pair: their dependence is pinned at an empty overlap and those cells are left out of the model, as SparseMSE does; the estimate leans on that assumption)"
            )
        );
    }
    match e.estimate {
        Some(est) => {
            let _ = writeln!(
                out,
                "{}: {}  ({} {})",
                if e.thresholding.is_some() {
                    tr(
                        lang,
                        "Geschatte totale populatie (mediaan van de posterior)",
                        "Estimated total population (posterior median)",
                    )
                } else {
                    tr(
                        lang,
                        "Geschatte totale populatie",
                        "Estimated total population",
                    )
                },
                n(est, 1),
                if e.thresholding.is_some() {
                    tr(
                        lang,
                        "posterior-standaardafwijking",
                        "posterior standard deviation",
                    )
                } else {
                    tr(lang, "standaardfout", "standard error")
                },
                n(e.se.unwrap_or(f64::NAN), 1)
            );
            let _ = writeln!(
                out,
                "{}: {}",
                tr(lang, "Waarvan niet waargenomen", "Of whom unobserved"),
                n(e.unobserved.unwrap_or(f64::NAN), 1)
            );
        }
        None => {
            let why = match e.status.code {
                1 => tr(
                    lang,
                    "de schatting is oneindig (bestaat niet)",
                    "the estimate is infinite (does not exist)",
                ),
                _ => tr(
                    lang,
                    "het model is niet identificeerbaar",
                    "the model is not identifiable",
                ),
            };
            let _ = writeln!(out, "{}: {why}", tr(lang, "Geen schatting", "No estimate"));
        }
    }
    let pct = format!(
        "{}{}",
        format_general(e.level * 100.0, lang),
        tr(lang, "%-interval", "% interval")
    );
    if let Some(p) = &e.profile_ci {
        let up = p.upper.map_or_else(|| "∞".to_string(), |u| n(u, 1));
        let _ = writeln!(
            out,
            "{pct} ({}): {} – {up}",
            tr(lang, "profiel-likelihood", "profile likelihood"),
            n(p.lower, 1)
        );
    }
    if e.profile_ci.is_none() && e.bootstrap.is_none() && e.ci_problem.is_some() {
        let _ = writeln!(
            out,
            "{pct} ({}): {}",
            tr(lang, "profiel-likelihood", "profile likelihood"),
            interval_problem_text(e.ci_problem, lang)
        );
    }
    if let Some(t) = &e.thresholding {
        let bounds = match e.ci {
            [Some(lo), Some(hi)] => format!("{} – {}", n(lo, 1), n(hi, 1)),
            _ => interval_problem_text(e.ci_problem, lang).to_string(),
        };
        let _ = writeln!(
            out,
            "{pct} ({}, {} {} × {} {}, R-hat {}, {} {}): {bounds}",
            tr(lang, "posteriorkwantielen", "posterior quantiles"),
            t.chains,
            tr(lang, "ketens", "chains"),
            t.draws_per_chain,
            tr(lang, "trekkingen", "draws"),
            n(t.rhat, 3),
            tr(lang, "effectieve steekproefomvang", "effective sample size"),
            n(t.ess, 0),
        );
    }
    if let Some(b) = &e.bootstrap {
        let bounds = match (b.lower, b.upper) {
            (Some(lo), Some(hi)) if b.problem.is_none() => format!("{} – {}", n(lo, 1), n(hi, 1)),
            (Some(lo), None) if b.problem.is_none() => format!(
                "{} – {}",
                n(lo, 1),
                tr(lang, "niet te bepalen", "undetermined")
            ),
            _ => interval_problem_text(b.problem, lang).to_string(),
        };
        let _ = writeln!(
            out,
            "{pct} (BCa-bootstrap, {}, {} {}, seed {}): {bounds}",
            bootstrap_label(e.criterion == "fixed", lang),
            b.replicates,
            tr(lang, "replicaties", "replicates"),
            b.seed,
        );
        if e.profile_ci.is_some() {
            let _ = writeln!(
                out,
                "  {}",
                tr(
                    lang,
                    "(het bootstrapinterval is het resultaat, `ci` in --json; het profiel-likelihoodinterval erboven staat ter vergelijking)",
                    "(the bootstrap interval is the result, `ci` in --json; the profile-likelihood interval above is for comparison)"
                )
            );
        }
        if b.problem.is_none() && b.upper.is_none() {
            let _ = writeln!(
                out,
                "  ({} {} {})",
                tr(
                    lang,
                    "De bovengrens ligt boven",
                    "The upper bound lies above"
                ),
                n(b.upper_limit, 0),
                tr(
                    lang,
                    "(1.000 keer het aantal waargenomen personen) of is oneindig: de gegevens zeggen daar niets meer over, want zo'n aantal zou betekenen dat minder dan één op de duizend personen op een lijst staat",
                    "(1,000 times the persons observed) or is infinite: the data say nothing there, as such a number would mean fewer than one in a thousand persons is on a list"
                )
            );
        }
        if b.failed > 0 {
            let _ = writeln!(
                out,
                "  ({} {} {} {})",
                b.failed,
                tr(lang, "van de", "of the"),
                b.replicates,
                tr(
                    lang,
                    "replicaties gaven geen eindige schatting; ze tellen mee als oneindig, zodat ze de bovengrens niet omlaag trekken",
                    "replicates gave no finite estimate; they count as infinite, so they do not pull the upper bound down"
                )
            );
        }
    }
    if e.thresholding.is_some() {
        let _ = writeln!(
            out,
            "{}",
            tr(
                lang,
                "Van het model met de meeste posterior-kans, gefit met grootste aannemelijkheid (de schatting hierboven is de posteriormediaan, niet de schatting van die fit):",
                "Of the model with the highest posterior probability, fitted by maximum likelihood (the estimate above is the posterior median, not that fit's estimate):"
            )
        );
    }
    let _ = writeln!(
        out,
        "{} {} {} {} {}; AIC {}; BIC {}",
        tr(lang, "Deviantie", "Deviance"),
        // A saturated fit's deviance is zero up to rounding: never print "-0,000".
        n(
            if e.deviance.abs() < 5e-4 {
                0.0
            } else {
                e.deviance
            },
            3
        ),
        tr(lang, "bij", "on"),
        e.df,
        tr(lang, "vrijheidsgraden", "degrees of freedom"),
        n(e.aic, 3),
        n(e.bic, 3)
    );
    // A model the data reject (the deviance test against the saturated model) is said so.
    if let Some(p) = crate::compare::fit_test_rejects(e.deviance, e.df) {
        let p = if p < 0.001 {
            tr(lang, "p < 0,001", "p < 0.001").to_string()
        } else {
            format!("p = {}", n(p, 3))
        };
        let _ = writeln!(
            out,
            "{}",
            match lang {
                Lang::Nl => format!(
                    "Let op: het model past slecht bij de gegevens (deviantietoets, {p}); de schatting rust op een model dat de overlap niet goed beschrijft."
                ),
                Lang::En => format!(
                    "Note: the model fits the data poorly (deviance test, {p}); the estimate rests on a model that does not describe the overlaps well."
                ),
            }
        );
    }
    if e.criterion == "AIC" || e.criterion == "BIC" {
        let _ = writeln!(out, "{}:", tr(lang, "Beste modellen", "Best models"));
        let top: Vec<&ModelRow> = e.models.iter().take(10).collect();
        let width = top
            .iter()
            .map(|m| m.model.chars().count())
            .max()
            .unwrap_or(0);
        for m in top {
            let crit = if e.criterion == "AIC" { m.aic } else { m.bic };
            let _ = writeln!(
                out,
                "  {:<width$}  {} {:>10}  {} {:>10}",
                m.model,
                e.criterion,
                crit.map_or_else(|| "-".into(), |v| n(v, 2)),
                tr(lang, "schatting", "estimate"),
                match (m.estimate, m.code) {
                    (Some(v), _) => n(v, 1),
                    (None, 1) => "∞".into(),
                    (None, _) => tr(lang, "n.i.", "n.i.").into(),
                }
            );
        }
        if e.models.iter().any(|m| m.code != 0) {
            let _ = writeln!(
                out,
                "  ({})",
                tr(
                    lang,
                    "∞ = schatting bestaat niet (oneindig); n.i. = niet identificeerbaar; deze modellen tellen niet mee voor de keuze",
                    "∞ = the estimate does not exist (infinite); n.i. = not identifiable; these models are not chosen"
                )
            );
        }
    }
}

/// The statistics of thresholding: each interaction's |posterior mean| / sd, kept or not.
fn render_thresholding(out: &mut String, t: &Threshold, lang: Lang) {
    let n = |x: f64, d: usize| format_number(x, d, lang);
    let _ = writeln!(
        out,
        "{}:",
        tr(
            lang,
            "Interacties, |posteriorgemiddelde| / posterior-standaardafwijking",
            "Interactions, |posterior mean| / posterior standard deviation"
        )
    );
    let width = t
        .statistics
        .iter()
        .chain(&t.triple_statistics)
        .map(|s| crate::model::bracket_term(&s.term).chars().count())
        .max()
        .unwrap_or(0);
    for s in t.statistics.iter().chain(&t.triple_statistics) {
        let term = crate::model::bracket_term(&s.term);
        let pad = " ".repeat(width - term.chars().count());
        let _ = writeln!(
            out,
            "  {term}{pad} {:>6}  {}",
            n(s.ratio, 2),
            if s.kept {
                tr(lang, "behouden", "kept")
            } else {
                tr(lang, "weggelaten", "dropped")
            }
        );
    }
    if !t.minus_infinite.is_empty() {
        let _ = writeln!(
            out,
            "  {}: {}",
            tr(
                lang,
                "min oneindig (niemand op beide lijsten; in het model)",
                "minus infinity (nobody on both lists; in the model)"
            ),
            brackets(&t.minus_infinite)
        );
    }
    if let Some(note) = &t.note {
        let _ = writeln!(out, "  ({note})");
    }
}

/// What the bootstrap of the total resampled, and whether the model was chosen again.
pub fn bootstrap_label(fixed: bool, lang: Lang) -> &'static str {
    if fixed {
        tr(
            lang,
            "niet-parametrisch: waargenomen personen opnieuw getrokken, model vast",
            "nonparametric: observed persons resampled, model kept fixed",
        )
    } else {
        tr(
            lang,
            "niet-parametrisch: waargenomen personen opnieuw getrokken, model opnieuw gekozen in elke replicatie",
            "nonparametric: observed persons resampled, model chosen again in every replicate",
        )
    }
}

/// Why an interval could not be computed, in words (one clause, no final stop).
pub fn interval_problem_text(p: Option<IntervalProblem>, lang: Lang) -> &'static str {
    match p {
        Some(IntervalProblem::OneSided) => tr(
            lang,
            "niet te berekenen: alle bootstrapreplicaties vallen aan één kant van de schatting (of erop), zodat de BCa-methode geen interval geeft",
            "cannot be computed: every bootstrap replicate falls on one side of the estimate (or on it), so the BCa method gives no interval",
        ),
        Some(IntervalProblem::ExcludesEstimate) => tr(
            lang,
            "niet te berekenen: de berekende grenzen sluiten de schatting zelf uit",
            "cannot be computed: the bounds found exclude the estimate itself",
        ),
        Some(IntervalProblem::NotFinite) | None => tr(
            lang,
            "niet te berekenen: de grenzen zijn geen eindige getallen",
            "cannot be computed: the bounds are not finite numbers",
        ),
    }
}

/// The result as text for the terminal, in Dutch or English.
pub fn render_text(r: &EstimateResult, lang: Lang) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        tr(
            lang,
            "Schatting van de totale populatie (multiple systems estimation)",
            "Estimate of the total population (multiple systems estimation)"
        )
    );
    render_estimate(&mut out, &r.total, lang);
    for c in &r.list_like_covariates {
        let _ = writeln!(
            out,
            "{}",
            match lang {
                Lang::Nl => format!(
                    "Let op: kolom `{c}` staat na `count` en is dus een kenmerk, maar bevat alleen 0 en 1; is het een lijst, zet de kolom dan vóór `count`."
                ),
                Lang::En => format!(
                    "Note: column `{c}` comes after `count` and so is a covariate, but holds only 0 and 1; if it is a list, put the column before `count`."
                ),
            }
        );
    }
    if let Some(c) = &r.comparison {
        out.push('\n');
        out.push_str(&render_comparison(c, lang));
        if let Some(t) = r.known_total {
            let _ = writeln!(
                out,
                "{} {}",
                tr(lang, "Bekende werkelijke omvang:", "Known true size:"),
                format_number(t as f64, 0, lang)
            );
        }
    }
    if let Some(c) = &r.covariates {
        render_covariates(&mut out, c, r.total.estimate, lang);
    } else if let Some(err) = &r.covariates_error {
        let _ = writeln!(
            out,
            "\n{}: {err}",
            tr(
                lang,
                "Geen schatting per groep met kenmerken",
                "No estimate per group with covariates"
            )
        );
    }
    if !r.strata.is_empty() {
        render_strata_sum(&mut out, r, lang);
    }
    for s in &r.strata {
        // In the file's column order (the map itself is sorted by name).
        let label: Vec<String> = r
            .strata_columns
            .iter()
            .filter_map(|k| s.stratum.get(k).map(|v| format!("{k} = {v}")))
            .collect();
        let _ = writeln!(
            out,
            "\n{} {}",
            tr(lang, "Stratum", "Stratum"),
            label.join(", ")
        );
        match (&s.estimate, &s.error) {
            (Some(e), _) => render_estimate(&mut out, e, lang),
            (None, Some(err)) => {
                let _ = writeln!(out, "{}: {err}", tr(lang, "Geen schatting", "No estimate"));
            }
            (None, None) => {}
        }
    }
    out
}

/// The sum of the strata's finite estimates, which strata have none, and that stratified
/// estimates need not add up to the pooled one.
fn render_strata_sum(out: &mut String, r: &EstimateResult, lang: Lang) {
    let label = |s: &StratumEstimate| {
        r.strata_columns
            .iter()
            .filter_map(|k| s.stratum.get(k).cloned())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let finite: Vec<f64> = r
        .strata
        .iter()
        .filter_map(|s| s.estimate.as_ref().and_then(|e| e.estimate))
        .collect();
    let without: Vec<String> = r
        .strata
        .iter()
        .filter(|s| s.estimate.as_ref().and_then(|e| e.estimate).is_none())
        .map(label)
        .collect();
    let sum: f64 = finite.iter().sum();
    let _ = writeln!(
        out,
        "\n{}: {} ({} {} {} {})",
        if finite.len() < r.strata.len() {
            tr(
                lang,
                "Som van alleen de eindige schattingen per stratum (geen schatting van het geheel: de strata zonder eindige schatting ontbreken erin)",
                "Sum of the finite estimates per stratum only (no estimate of the whole: the strata without a finite estimate are missing from it)",
            )
        } else {
            tr(
                lang,
                "Som van de schattingen per stratum",
                "Sum of the estimates per stratum",
            )
        },
        format_number(sum, 1, lang),
        finite.len(),
        tr(lang, "van de", "of the"),
        r.strata.len(),
        tr(
            lang,
            "strata met een eindige schatting",
            "strata with a finite estimate"
        ),
    );
    // Strata in the sum whose interval has no upper bound: the sum is then as uncertain.
    let unbounded: Vec<String> = r
        .strata
        .iter()
        .filter(|s| {
            s.estimate
                .as_ref()
                .is_some_and(|e| e.estimate.is_some() && e.ci[1].is_none())
        })
        .map(label)
        .collect();
    if !unbounded.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            match lang {
                Lang::Nl => format!(
                    "Van de opgetelde strata {} er {} een interval zonder bovengrens (∞), dus ook de som heeft er geen: {}",
                    if unbounded.len() == 1 {
                        "heeft"
                    } else {
                        "hebben"
                    },
                    unbounded.len(),
                    unbounded.join("; ")
                ),
                Lang::En => format!(
                    "Of the strata summed, {} {} an interval without an upper bound (∞), so the sum has none either: {}",
                    unbounded.len(),
                    if unbounded.len() == 1 { "has" } else { "have" },
                    unbounded.join("; ")
                ),
            }
        );
    }
    if !without.is_empty() {
        let _ = writeln!(
            out,
            "{}: {}",
            tr(
                lang,
                "Zonder eindige schatting (oneindig of niet identificeerbaar, niet in de som)",
                "Without a finite estimate (infinite or not identifiable, not in the sum)"
            ),
            without.join("; ")
        );
    }
    let _ = writeln!(
        out,
        "{}",
        match lang {
            Lang::Nl => format!(
                "(Elk stratum heeft een eigen model; zulke schattingen hoeven niet op te tellen tot de schatting van het geheel, {}.)",
                r.total.estimate.map_or_else(
                    || "die er niet is".to_string(),
                    |e| format_number(e, 1, lang)
                )
            ),
            Lang::En => format!(
                "(Each stratum has a model of its own; such estimates need not add up to the estimate of the whole, {}.)",
                r.total.estimate.map_or_else(
                    || "which there is none of".to_string(),
                    |e| format_number(e, 1, lang)
                )
            ),
        }
    );
}

/// The covariate model and its estimates per level, as a table per covariate.
fn render_covariates(out: &mut String, c: &CovariateEstimate, headline: Option<f64>, lang: Lang) {
    let n = |x: f64| format_number(x, 0, lang);
    let ci = |g: &[Option<f64>; 2]| match g {
        [Some(lo), Some(hi)] => format!("{} – {}", n(*lo), n(*hi)),
        [Some(lo), None] => format!("{} – ∞", n(*lo)),
        _ => tr(lang, "geen interval", "no interval").to_string(),
    };
    let _ = writeln!(
        out,
        "\n{}",
        tr(
            lang,
            "Schatting per groep (één log-lineair model over lijsten × kenmerken)",
            "Estimate per group (one log-linear model over lists × covariates)"
        )
    );
    let terms = if c.terms.is_empty() {
        tr(lang, "geen", "none").to_string()
    } else {
        c.terms
            .iter()
            .map(|t| crate::model::bracket_term(t))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let _ = writeln!(
        out,
        "Model: {}{}",
        c.model,
        if c.terms.is_empty() {
            String::new()
        } else {
            format!("  (--covariate-terms {})", c.terms.join(","))
        }
    );
    let _ = writeln!(
        out,
        "{}: {terms}",
        if c.terms_given {
            tr(
                lang,
                "interacties lijst × kenmerk (opgegeven met --covariate-terms)",
                "list × covariate interactions (given with --covariate-terms)",
            )
        } else {
            tr(
                lang,
                "interacties lijst × kenmerk (gekozen op BIC)",
                "list × covariate interactions (chosen by BIC)",
            )
        },
    );
    let pct = format!(
        "{}{}",
        format_general(c.level * 100.0, lang),
        tr(lang, "%-interval", "% interval")
    );
    let profile = |p: &[Option<f64>; 2]| match p {
        [Some(lo), Some(hi)] => format!("{} – {}", n(*lo), n(*hi)),
        [Some(lo), None] => format!("{} – ∞", n(*lo)),
        _ => tr(lang, "geen", "none").to_string(),
    };
    let _ = writeln!(
        out,
        "{}: {}  ({pct}: {}; {}, {} {}, seed {}; {}: {})",
        tr(lang, "Totaal van dit model", "Total of this model"),
        n(c.estimate),
        ci(&c.ci),
        tr(
            lang,
            "parametrische bootstrap (steekproeven van de geschatte omvang uit het passende model, model vast)",
            "parametric bootstrap (samples of the estimated size from the fitted model, model kept fixed)"
        ),
        c.replicates,
        tr(lang, "replicaties", "replicates"),
        c.seed,
        tr(
            lang,
            "profiel-likelihood van het Poissonmodel (ruimer dan die van het totaal hierboven: ook het aantal waargenomen personen varieert erin)",
            "profile likelihood of the Poisson model (wider than the total's above: the number observed varies in it too)"
        ),
        profile(&c.profile_ci)
    );
    // Only when the two totals differ as printed (whole persons).
    if let Some(h) = headline.filter(|h| (h - c.estimate).abs() >= 0.5) {
        let _ = writeln!(out, "{}", reconcile_totals(h, c.estimate, lang));
    }
    let width = c
        .groups
        .iter()
        .map(|g| {
            g.covariates
                .iter()
                .map(|(_, v)| v.chars().count())
                .sum::<usize>()
        })
        .max()
        .unwrap_or(0);
    for col in &c.columns {
        let _ = writeln!(out, "  {col}:");
        for g in c
            .groups
            .iter()
            .filter(|g| g.covariates.iter().any(|(k, _)| k == col))
        {
            let level = g.covariates.first().map_or("", |(_, v)| v.as_str());
            let _ = writeln!(
                out,
                "    {level:<width$}  {} {:>6}  {} {:>8}  ({pct}: {}; {}: {})",
                tr(lang, "waargenomen", "observed"),
                g.observed,
                tr(lang, "schatting", "estimate"),
                n(g.estimate),
                ci(&g.ci),
                tr(lang, "profiel", "profile"),
                g.profile_ci
                    .map_or_else(|| "–".to_string(), |p| profile(&p))
            );
        }
    }
    if c.failed > 0 {
        let _ = writeln!(
            out,
            "  ({} {} {})",
            c.failed,
            tr(lang, "van de", "of the"),
            tr(
                lang,
                "replicaties gaven geen eindige schatting; ze tellen mee als oneindig (geen bovengrens als het er meer zijn dan de bovenstaart bevat)",
                "replicates gave no finite estimate; they count as infinite (no upper bound when there are more of them than the upper tail holds)"
            )
        );
    }
}

/// The sentence that says why the covariate model's total differs from the headline
/// estimate, and which of the two is the figure.
pub fn reconcile_totals(headline: f64, covariate_total: f64, lang: Lang) -> String {
    let n = |x: f64| format_number(x, 0, lang);
    match lang {
        Lang::Nl => format!(
            "  (De schatting van de totale populatie blijft {} (hierboven). De groepen komen uit een ander model, over lijsten × kenmerken, waarin de kans om op een lijst te staan per groep mag verschillen; daardoor komt het totaal van dat model uit op {} in plaats van {}. De groepen tellen op tot {}, niet tot {}.)",
            n(headline),
            n(covariate_total),
            n(headline),
            n(covariate_total),
            n(headline)
        ),
        Lang::En => format!(
            "  (The estimate of the total population remains {} (above). The groups come from a different model, over lists × covariates, in which the chance of being on a list may differ per group; that model's total is therefore {} rather than {}. The groups add up to {}, not to {}.)",
            n(headline),
            n(covariate_total),
            n(headline),
            n(covariate_total),
            n(headline)
        ),
    }
}

/// Most lists for which [`default_method`] searches all models by BIC.
pub const DEFAULT_BIC_LISTS: usize = 5;

/// The model choice of MultipleSystemsEstimation, SparseMSE's successor: the best of all
/// hierarchical models with two-way interactions by BIC for up to five lists (1,024 models),
/// stepwise selection with `threshold` for six or more.
pub fn default_method(lists: usize, threshold: f64) -> Method {
    if lists <= DEFAULT_BIC_LISTS {
        Method::Search(Criterion::Bic)
    } else {
        Method::Stepwise { threshold }
    }
}

/// The line that says what `--select default` resolved to, and why: BIC for up to
/// `DEFAULT_BIC_LISTS` lists, stepwise for more (the default of MultipleSystemsEstimation).
pub fn default_selection_note(lists: usize, lang: Lang) -> String {
    let bic = lists <= DEFAULT_BIC_LISTS;
    match (bic, lang) {
        (true, Lang::Nl) => format!(
            "  (--select default koos BIC: er zijn {lists} lijsten, {DEFAULT_BIC_LISTS} of minder; bij meer lijsten wordt het stapsgewijze selectie, zoals in MultipleSystemsEstimation)"
        ),
        (true, Lang::En) => format!(
            "  (--select default chose BIC: there are {lists} lists, {DEFAULT_BIC_LISTS} or fewer; with more lists it is stepwise selection, as in MultipleSystemsEstimation)"
        ),
        (false, Lang::Nl) => format!(
            "  (--select default koos stapsgewijze selectie: er zijn {lists} lijsten, meer dan {DEFAULT_BIC_LISTS}; tot en met {DEFAULT_BIC_LISTS} lijsten wordt het BIC, zoals in MultipleSystemsEstimation)"
        ),
        (false, Lang::En) => format!(
            "  (--select default chose stepwise selection: there are {lists} lists, more than {DEFAULT_BIC_LISTS}; up to {DEFAULT_BIC_LISTS} lists it is BIC, as in MultipleSystemsEstimation)"
        ),
    }
}

/// Puts [`default_selection_note`] under the text's `Methode:` line.
pub fn with_default_selection_note(text: &str, lists: usize, lang: Lang) -> String {
    with_method_note(text, &default_selection_note(lists, lang))
}

/// Why stepwise selection is used when neither `--select` nor `--model` is given, and what
/// `--select default` would take on these lists (walk-estimate5, finding 2).
pub fn stepwise_default_note(lists: usize, lang: Lang) -> String {
    let successor = if lists <= DEFAULT_BIC_LISTS {
        match lang {
            Lang::Nl => format!("hier BIC, want er zijn {lists} lijsten"),
            Lang::En => format!("here BIC, as there are {lists} lists"),
        }
    } else {
        match lang {
            Lang::Nl => format!("hier ook stapsgewijze selectie, want er zijn {lists} lijsten"),
            Lang::En => format!("here stepwise selection too, as there are {lists} lists"),
        }
    };
    match lang {
        Lang::Nl => format!(
            "  (de standaard van zicht, zoals in SparseMSE: een samenhang komt alleen in het model als de overlap die duidelijk laat zien, en de uitkomst is na te rekenen met de stappen hieronder; --select default kiest wat de opvolger MultipleSystemsEstimation kiest: BIC tot en met {DEFAULT_BIC_LISTS} lijsten, {successor})"
        ),
        Lang::En => format!(
            "  (zicht's default, as in SparseMSE: a dependence enters the model only when the overlap shows it clearly, and the result can be retraced from the steps below; --select default takes what the successor MultipleSystemsEstimation takes: BIC up to {DEFAULT_BIC_LISTS} lists, {successor})"
        ),
    }
}

/// Puts a note under the text's `Methode:` line.
pub fn with_method_note(text: &str, note: &str) -> String {
    let mut out = String::with_capacity(text.len() + 200);
    let mut done = false;
    for line in text.lines() {
        out.push_str(line);
        out.push('\n');
        if !done && (line.starts_with("Methode: ") || line.starts_with("Method: ")) {
            out.push_str(note);
            out.push('\n');
            done = true;
        }
    }
    out
}

/// Parses `--select default|stepwise|aic|bic|threshold` together with `--threshold`.
pub fn method_from_args(
    model: Option<&str>,
    select: Option<&str>,
    threshold: f64,
    lists: &[String],
) -> Result<Method, EstimateError> {
    match (model, select) {
        (Some(_), Some(_)) => Err(EstimateError::Data(
            "give either --model or --select, not both".into(),
        )),
        (Some(m), None) => Ok(Method::Fixed(ModelSpec::parse(m, lists)?)),
        (None, None) => Ok(Method::Stepwise { threshold }),
        (None, Some(s)) => match s.to_ascii_lowercase().as_str() {
            // The default of MultipleSystemsEstimation (SparseMSE's successor): BIC over all
            // hierarchical two-way models for up to five lists, stepwise for six or more.
            "default" => Ok(default_method(lists.len(), threshold)),
            "stepwise" => Ok(Method::Stepwise { threshold }),
            "aic" => Ok(Method::Search(Criterion::Aic)),
            "bic" => Ok(Method::Search(Criterion::Bic)),
            "threshold" => Ok(Method::Threshold(ThresholdOptions::default())),
            other => Err(EstimateError::UnknownSelection(other.to_string())),
        },
    }
}

#[cfg(test)]
mod default_note_tests {
    use super::*;

    #[test]
    fn default_selection_says_what_it_chose_and_why() {
        let t =
            with_default_selection_note("Lijsten: A\nMethode: beste\nModel: [A]\n", 4, Lang::Nl);
        assert!(
            t.contains("Methode: beste\n  (--select default koos BIC: er zijn 4 lijsten"),
            "{t}"
        );
        let t = default_selection_note(6, Lang::En);
        assert!(
            t.contains("chose stepwise selection: there are 6 lists"),
            "{t}"
        );
    }
}
