//! Multiple systems estimation (capture-recapture over overlapping registrations): Poisson
//! log-linear models on the observable cells fitted to machine precision, the existence and
//! identifiability checks of SparseMSE, stepwise selection (Chan, Silverman & Vincent 2021),
//! exhaustive AIC/BIC search, profile-likelihood and BCa bootstrap intervals, and strata.
//!
//! Entry points: [`read_histories_path`] reads `histories.csv`; [`fit`] fits one
//! [`ModelSpec`]; [`stepwise`] and [`search`] select a model; [`check`] gives the reference's
//! codes; [`profile_ci`] and [`bootstrap_bca`] give intervals; [`estimate`] does all of it as
//! `zicht estimate` does and returns a serializable [`EstimateResult`].
//!
//! ```
//! use zicht_estimate::{fit, profile_ci, stepwise, Histories, ModelSpec};
//! // Lists A and B: 60 persons on A only, 30 on B only, 20 on both.
//! let h = Histories::new(vec!["A".into(), "B".into()], vec![0, 60, 30, 20])?;
//! let f = fit(&h, &ModelSpec::independence())?;
//! assert!((f.estimate - 200.0).abs() < 1e-9); // Lincoln-Petersen: 80 * 50 / 20
//! let ci = profile_ci(&h, &ModelSpec::independence(), 0.95)?;
//! assert!(ci.lower < 200.0 && 200.0 < ci.upper.unwrap_or(f64::INFINITY));
//! let s = stepwise(&h, 0.02)?;
//! assert_eq!(s.fit.spec, "independence");
//! # Ok::<(), zicht_estimate::EstimateError>(())
//! ```

mod bootstrap;
mod ci;
mod compare;
mod covariate;
mod dga;
pub mod dist;
mod error;
mod fit;
mod glm;
mod hierarchy;
mod histories;
mod lcmcr;
mod linalg;
mod lp;
mod model;
mod profile;
mod result;
mod select;
mod threshold;

pub use bootstrap::{Bca, IntervalProblem, bootstrap_bca, default_threads};
pub use ci::{ProfileCi, profile_ci};
pub use compare::{
    COMPARE_RHAT_LIMIT, Comparison, FIT_TEST_LEVEL, LCMCR_MIN_ESS, LCMCR_SETTLED_RHAT, MIN_ESS,
    MODES_RHAT, MethodEstimate, SETTLED_RHAT, SamplerRun, chains_advice, ci_method_words, compare,
    fit_test_rejects, given_model_sentence, headline_method, headline_words, interval_words,
    method_label, note_in, rejected_words, render_comparison, settled, settled_words,
    spread_is_not_an_interval, spread_meaning, spread_sentence, unconverged_words,
};
pub use covariate::{
    CovariateEstimate, CovariateJoint, CovariateOptions, CovariateStep, CovariateTable,
    DEFAULT_COVARIATE_REPLICATES, GroupEstimate, ListCovariate, Polynomial, covariate_term_name,
    estimate_covariates, parse_covariate_terms,
};
pub use dga::{
    DGA_LISTS, Decomposable, Dga, DgaOptions, GraphWeight, decomposable_graphs, dga, dga_grid,
};
pub use error::EstimateError;
pub use fit::{CellFit, Coefficient, Fit, Status, check, fit};
pub use hierarchy::{MAX_ORDER_LISTS, hierarchical_models, search_order};
pub use histories::{
    Histories, HistoriesFile, MAX_LISTS, Stratum, read_histories, read_histories_path,
};
pub use lcmcr::{Lcmcr, LcmcrOptions, ess, lcmcr, rhat};
pub use model::{Heterogeneity, ModelSpec, all_pairs, bracket_term, term_name};
pub use result::{
    DEFAULT_BIC_LISTS, Estimate, EstimateResult, ModelRow, Options, Progress, ProgressEvent,
    StratumEstimate, bootstrap_label, default_method, default_selection_note, estimate,
    estimate_one, format_number, interval_problem_text, method_from_args, reconcile_totals,
    render_text, stepwise_default_note, with_default_selection_note, with_method_note,
};
pub use select::{
    Criterion, MAX_SEARCH_LISTS, Method, RankedModel, Search, Step, Stepwise, overlap_p_value,
    search, stepwise,
};
pub use threshold::{
    Prior, TermStatistic, Threshold, ThresholdOptions, bayes_fixed, quantile_type7, threshold,
};
