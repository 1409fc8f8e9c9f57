//! Every available method side by side on one set of histories (`zicht estimate --compare`):
//! independence, SparseMSE's stepwise selection, the BIC search that is the default of
//! MultipleSystemsEstimation for up to five lists, its Bayesian thresholding, dga's averaging over decomposable
//! graphs for 3 to 5 lists, and LCMCR's latent classes (flagged when its chains disagree), each
//! with its interval, and the spread between them.

use serde::Serialize;
use zicht_codebook::Lang;

use crate::bootstrap::IntervalProblem;
use crate::dga::{DGA_LISTS, DgaOptions, dga};
use crate::lcmcr::{LcmcrOptions, lcmcr};
use crate::result::{Options, ProgressEvent, estimate_one, format_number, interval_problem_text};
use crate::select::{Criterion, MAX_SEARCH_LISTS, Method};
use crate::threshold::{ThresholdOptions, threshold};
use crate::{Histories, ModelSpec};

/// One method's estimate.
#[derive(Debug, Clone, Serialize)]
pub struct MethodEstimate {
    /// `independence`, `stepwise`, `bic`, `threshold`, `dga` or `lcmcr`.
    pub method: String,
    /// The model chosen (bracket notation), or the graph with the largest posterior weight.
    pub model: Option<String>,
    /// Total population; `null` when the method gives none (see `note`).
    pub estimate: Option<f64>,
    pub ci: [Option<f64>; 2],
    /// How the interval was computed.
    pub ci_method: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ci_problem: Option<IntervalProblem>,
    /// Why there is no estimate, or why it is not to be trusted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The sampler's chains disagree (LCMCR with R-hat above its limit): the estimate is shown
    /// but flagged, and left out of the spread.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub unconverged: bool,
    /// Gelman-Rubin R-hat of the chains (LCMCR).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rhat: Option<f64>,
    /// Effective sample size of the total (thresholding; LCMCR's is in `sampler`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ess: Option<f64>,
    /// The data reject this method's model: the p-value of the deviance test against the
    /// saturated model when it is below [`FIT_TEST_LEVEL`] (the test and level of the single
    /// estimate's "fits poorly" warning), for every method that rests on one log-linear model
    /// (independence, stepwise, BIC and the model thresholding keeps). Shown, marked, and
    /// left out of the spread.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rejected_p: Option<f64>,
    /// What the sampler ran (LCMCR).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sampler: Option<SamplerRun>,
    /// Whether this estimate counts in `spread` (an estimate, settled, its model not
    /// rejected); set by [`compare`].
    pub in_spread: bool,
    /// The method of the headline estimate (zicht's default, stepwise selection, unless
    /// `--select` or `--model` chose another); set by [`compare`].
    pub headline: bool,
    /// The interval is for the chosen model only: the uncertainty of choosing the model is
    /// not in it (stepwise and BIC without `--bootstrap`, which chooses the model anew in
    /// every replicate).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub given_model: bool,
    /// `note` in Dutch, when the note came from an error that says it in both languages.
    #[serde(skip)]
    pub note_nl: Option<String>,
}

/// The level of the deviance test below which a method's model counts as rejected by the
/// data (the single estimate's "fits poorly" warning uses the same).
pub const FIT_TEST_LEVEL: f64 = 0.05;

/// The p-value of the deviance test of a model with `df` degrees of freedom when the data
/// reject it (below [`FIT_TEST_LEVEL`]); `None` when they do not or it cannot be tested.
pub fn fit_test_rejects(deviance: f64, df: usize) -> Option<f64> {
    if df == 0 || !deviance.is_finite() {
        return None;
    }
    let p = crate::dist::pchisq_upper(deviance.max(0.0), df as f64);
    (p < FIT_TEST_LEVEL).then_some(p)
}

/// What a Markov chain Monte Carlo sampler ran: chains, iterations per chain and what was
/// kept, with the effective sample size of the population size over all chains.
#[derive(Debug, Clone, Serialize)]
pub struct SamplerRun {
    pub chains: usize,
    pub burn_in: usize,
    pub iterations: usize,
    pub thinning: usize,
    pub draws_per_chain: usize,
    pub ess: f64,
    pub seed: u64,
}

impl MethodEstimate {
    /// Whether the estimate counts in the spread: converged and its model not rejected.
    pub fn credible(&self) -> bool {
        !self.unconverged && self.rejected_p.is_none() && self.estimate.is_some()
    }
}

/// The methods side by side.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    pub observed: u64,
    pub methods: Vec<MethodEstimate>,
    /// The lowest and highest estimate, when at least two methods give one.
    pub spread: Option<[f64; 2]>,
}

/// A method that rests on one log-linear model; the deviance test marks a model the data
/// reject (`rejected_p`).
fn loglinear(h: &Histories, opts: &Options, name: &str, method: Method) -> MethodEstimate {
    let o = Options {
        method,
        ..opts.clone()
    };
    match estimate_one(h, &o) {
        Ok(e) => MethodEstimate {
            method: name.to_string(),
            model: Some(e.model.clone()),
            note: e.estimate.is_none().then(|| match e.status.code {
                1 => "the estimate is infinite (does not exist)".to_string(),
                _ => "the model is not identifiable".to_string(),
            }),
            estimate: e.estimate,
            ci: e.ci,
            ci_method: e.ci_method.clone(),
            ci_problem: e.ci_problem,
            unconverged: false,
            rhat: None,
            ess: None,
            rejected_p: e.estimate.and_then(|_| fit_test_rejects(e.deviance, e.df)),
            sampler: None,
            in_spread: false,
            headline: false,
            given_model: name != "independence" && e.bootstrap.is_none() && e.estimate.is_some(),
            note_nl: None,
        },
        Err(err) => unavailable_err(name, &err),
    }
}

fn unavailable(name: &str, why: &str) -> MethodEstimate {
    MethodEstimate {
        method: name.to_string(),
        model: None,
        estimate: None,
        ci: [None, None],
        ci_method: "none".to_string(),
        ci_problem: None,
        note: Some(why.to_string()),
        unconverged: false,
        rhat: None,
        ess: None,
        rejected_p: None,
        sampler: None,
        in_spread: false,
        headline: false,
        given_model: false,
        note_nl: None,
    }
}

fn unavailable_err(name: &str, err: &crate::EstimateError) -> MethodEstimate {
    MethodEstimate {
        note_nl: Some(err.in_lang(Lang::Nl)),
        ..unavailable(name, &err.to_string())
    }
}

/// The row of the comparison that the headline estimate comes from.
pub fn headline_method(method: &Method) -> Option<&'static str> {
    match method {
        Method::Stepwise { .. } => Some("stepwise"),
        Method::Search(Criterion::Bic) => Some("bic"),
        Method::Threshold(_) => Some("threshold"),
        Method::Fixed(spec) if spec.columns().is_empty() && spec.heterogeneity().is_none() => {
            Some("independence")
        }
        _ => None,
    }
}

/// Every method on the same histories. `opts` gives the interval (bootstrap or profile),
/// seed, level and threads of the log-linear methods; its method is not used.
pub fn compare(h: &Histories, opts: &Options) -> Comparison {
    let k = h.k();
    let mut step = 0;
    let mut timed = |name: &str, f: &mut dyn FnMut() -> MethodEstimate| {
        step += 1;
        if let Some(p) = &opts.progress {
            (p.0)(ProgressEvent::Start {
                method: name,
                index: step,
                of: COMPARED_METHODS,
            });
        }
        let t = std::time::Instant::now();
        let m = f();
        if let Some(p) = &opts.progress {
            (p.0)(ProgressEvent::Done {
                method: name,
                seconds: t.elapsed().as_secs_f64(),
            });
        }
        m
    };
    let independence = timed("independence", &mut || {
        loglinear(
            h,
            opts,
            "independence",
            Method::Fixed(ModelSpec::independence()),
        )
    });
    let stepwise = timed("stepwise", &mut || {
        loglinear(h, opts, "stepwise", Method::Stepwise { threshold: 0.02 })
    });
    let mut methods = vec![independence, stepwise];
    methods.push(timed("bic", &mut || {
        if k <= MAX_SEARCH_LISTS {
            loglinear(h, opts, "bic", Method::Search(Criterion::Bic))
        } else {
            MethodEstimate {
                note_nl: Some(format!(
                    "het doorzoeken van alle modellen kan hoogstens {MAX_SEARCH_LISTS} lijsten aan"
                )),
                ..unavailable(
                    "bic",
                    &format!("the search over all models handles at most {MAX_SEARCH_LISTS} lists"),
                )
            }
        }
    }));
    methods.push(timed("threshold", &mut || {
        if k < 3 {
            unavailable("threshold", TWO_LISTS)
        } else {
            thresholding(h, opts)
        }
    }));
    methods.push(timed("dga", &mut || dga_row(h, opts)));
    methods.push(timed("lcmcr", &mut || {
        if k < 3 {
            unavailable("lcmcr", TWO_LISTS)
        } else {
            latent_classes(h, opts)
        }
    }));
    let headline = headline_method(&opts.method);
    for m in &mut methods {
        m.in_spread = m.credible();
        m.headline = headline == Some(m.method.as_str());
    }
    let values: Vec<f64> = methods
        .iter()
        .filter(|m| m.credible())
        .filter_map(|m| m.estimate)
        .collect();
    let spread = (values.len() >= 2).then(|| {
        [
            values.iter().copied().fold(f64::INFINITY, f64::min),
            values.iter().copied().fold(f64::NEG_INFINITY, f64::max),
        ]
    });
    Comparison {
        observed: h.observed(),
        methods,
        spread,
    }
}

/// Why thresholding and latent classes are not run on two lists.
const TWO_LISTS: &str = "not identifiable with two lists: the interaction between the lists and the differences in findability cannot be told apart from the number unobserved";

/// How many methods the comparison runs (the progress line's denominator).
const COMPARED_METHODS: usize = 6;

/// R-hat above this makes LCMCR's sampler stop lengthening its chains by itself (its
/// `rhat_limit`); whether an estimate counts is [`settled`]'s rule.
pub const COMPARE_RHAT_LIMIT: f64 = 1.1;

/// A sampler's estimate (thresholding and LCMCR alike) counts as settled only with R-hat
/// below this and an effective sample size of at least [`MIN_ESS`]. The classic
/// Gelman-Rubin R-hat of four chains is computed here, not the rank-normalised split R-hat
/// of Vehtari et al. (2021) whose limit is 1.01; 1.05 is the stricter of the limits used
/// with the classic one.
pub const SETTLED_RHAT: f64 = 1.05;

/// The effective sample size a sampler needs to count as settled (Vehtari et al. 2021: 400,
/// 100 per chain for four chains).
pub const MIN_ESS: f64 = 400.0;

/// Former names of the two limits (they hold for both samplers).
pub const LCMCR_SETTLED_RHAT: f64 = SETTLED_RHAT;
pub const LCMCR_MIN_ESS: f64 = MIN_ESS;

/// The one rule by which a sampler's estimate counts: R-hat below [`SETTLED_RHAT`] and an
/// effective sample size of at least [`MIN_ESS`].
pub fn settled(rhat: f64, ess: f64) -> bool {
    rhat < SETTLED_RHAT && ess >= MIN_ESS
}

fn dga_row(h: &Histories, opts: &Options) -> MethodEstimate {
    if !DGA_LISTS.contains(&h.k()) {
        return unavailable("dga", "dga handles 3 to 5 lists");
    }
    let d = dga(
        h,
        &DgaOptions {
            level: opts.level,
            ..DgaOptions::default()
        },
    );
    match d {
        Ok(d) => MethodEstimate {
            method: "dga".to_string(),
            model: d.top.first().map(|g| g.model.clone()),
            estimate: Some(d.estimate),
            ci: [Some(d.lower), Some(d.upper)],
            ci_method: format!("posterior quantiles ({} graphs)", d.graphs),
            ci_problem: None,
            note: None,
            unconverged: false,
            rhat: None,
            ess: None,
            rejected_p: None,
            sampler: None,
            in_spread: false,
            headline: false,
            given_model: false,
            note_nl: None,
        },
        Err(e) => unavailable_err("dga", &e),
    }
}

fn latent_classes(h: &Histories, opts: &Options) -> MethodEstimate {
    let o = LcmcrOptions {
        seed: opts.seed,
        level: opts.level,
        rhat_limit: COMPARE_RHAT_LIMIT,
        ..opts.lcmcr.clone()
    };
    match lcmcr(h, &o, opts.threads) {
        Ok(l) => {
            let settled = settled(l.rhat, l.ess);
            MethodEstimate {
                method: "lcmcr".to_string(),
                model: Some(format!("at most {} latent classes", o.classes)),
                estimate: Some(l.estimate),
                ci: [Some(l.lower), Some(l.upper)],
                ci_method: format!(
                    "posterior quantiles ({} chains of {} burn-in + {} iterations, every {}th kept, R-hat {:.3}, ESS {:.0})",
                    l.chains, l.burnin, l.iterations, l.thinning, l.rhat, l.ess
                ),
                ci_problem: None,
                note: (!settled).then(|| {
                    format!(
                        "the chains have not settled (R-hat {:.3}, effective sample size {:.0}; settled needs R-hat below {} and at least {}): not to be trusted; longer chains (--lcmcr-iterations, --lcmcr-burn-in) may settle",
                        l.rhat, l.ess, SETTLED_RHAT, MIN_ESS
                    )
                }),
                unconverged: !settled,
                rhat: Some(l.rhat),
                ess: None,
                rejected_p: None,
                sampler: Some(SamplerRun {
                    chains: l.chains,
                    burn_in: l.burnin,
                    iterations: l.iterations,
                    thinning: l.thinning,
                    draws_per_chain: l.draws_per_chain,
                    ess: l.ess,
                    seed: o.seed,
                }),
                in_spread: false,
                headline: false,
                given_model: false,
                note_nl: None,
            }
        }
        Err(e) => unavailable_err("lcmcr", &e),
    }
}

/// Bayesian thresholding with the package's defaults (normal prior of variance 1, threshold
/// 2, two-list interactions) from the comparison's seed; R-hat above 1.1 flags it.
fn thresholding(h: &Histories, opts: &Options) -> MethodEstimate {
    let o = ThresholdOptions {
        seed: opts.seed,
        level: opts.level,
        ..ThresholdOptions::default()
    };
    match threshold(h, &o, opts.threads) {
        Ok(t) => {
            let unconverged = !settled(t.rhat, t.ess);
            MethodEstimate {
                method: "threshold".to_string(),
                model: Some(t.model.clone()),
                estimate: Some(t.estimate),
                ci: [Some(t.lower), Some(t.upper)],
                ci_method: format!(
                    "posterior quantiles ({} chains, R-hat {:.3}, ESS {:.0})",
                    t.chains, t.rhat, t.ess
                ),
                ci_problem: None,
                note: unconverged.then(|| {
                    format!(
                        "the chains have not settled (R-hat {:.3}, effective sample size {:.0}; settled needs R-hat below {} and at least {}): not to be trusted",
                        t.rhat, t.ess, SETTLED_RHAT, MIN_ESS
                    )
                }),
                unconverged,
                rhat: Some(t.rhat),
                ess: Some(t.ess),
                // The model thresholding keeps is tested as every log-linear model is.
                rejected_p: ModelSpec::parse(&t.spec, h.lists())
                    .ok()
                    .and_then(|spec| crate::fit::fit(h, &spec).ok())
                    .filter(|f| f.status.ok())
                    .and_then(|f| fit_test_rejects(f.deviance, f.df)),
                sampler: None,
                in_spread: false,
                headline: false,
                given_model: false,
                note_nl: None,
            }
        }
        Err(e) => unavailable_err("threshold", &e),
    }
}

/// The method's name for a reader.
pub fn method_label(method: &str, lang: Lang) -> &'static str {
    match (method, lang) {
        ("independence", Lang::Nl) => "onafhankelijkheid (alleen hoofdeffecten)",
        ("independence", Lang::En) => "independence (main effects only)",
        ("stepwise", Lang::Nl) => "stapsgewijze selectie (SparseMSE)",
        ("stepwise", Lang::En) => "stepwise selection (SparseMSE)",
        ("bic", Lang::Nl) => "beste model naar BIC (MultipleSystemsEstimation)",
        ("bic", Lang::En) => "best model by BIC (MultipleSystemsEstimation)",
        ("threshold", Lang::Nl) => "Bayesiaanse drempeling (MultipleSystemsEstimation)",
        ("threshold", Lang::En) => "Bayesian thresholding (MultipleSystemsEstimation)",
        ("dga", Lang::Nl) => "middeling over grafische modellen (dga)",
        ("dga", Lang::En) => "averaging over graphical models (dga)",
        ("lcmcr", Lang::Nl) => "latente klassen (LCMCR)",
        ("lcmcr", Lang::En) => "latent classes (LCMCR)",
        (_, Lang::Nl) => "andere methode",
        (_, Lang::En) => "other method",
    }
}

/// The interval of one row in words or numbers.
pub fn interval_words(m: &MethodEstimate, lang: Lang) -> String {
    match m.ci {
        [Some(lo), Some(hi)] => format!(
            "{} – {}",
            format_number(lo, 0, lang),
            format_number(hi, 0, lang)
        ),
        [Some(lo), None] => format!("{} – ∞", format_number(lo, 0, lang)),
        _ if m.ci_problem.is_some() => interval_problem_text(m.ci_problem, lang).to_string(),
        _ => "–".to_string(),
    }
}

/// A row's note in the reader's language (its Dutch when the error said one).
pub fn note_in(m: &MethodEstimate, lang: Lang) -> String {
    match (&m.note_nl, lang) {
        (Some(nl), Lang::Nl) => nl.clone(),
        _ => note_words(m.note.as_deref().unwrap_or(""), lang),
    }
}

/// A method's note (stored in English in the JSON) in the reader's language.
pub fn note_words(note: &str, lang: Lang) -> String {
    if lang == Lang::En {
        return note.to_string();
    }
    match note {
        TWO_LISTS => "niet identificeerbaar met twee lijsten: de samenhang tussen de lijsten en verschillen in vindbaarheid zijn niet te scheiden van het aantal niet-waargenomen personen".to_string(),
        "dga handles 3 to 5 lists" => "dga werkt met 3 tot 5 lijsten".to_string(),
        "the estimate is infinite (does not exist)" => "de schatting is oneindig (bestaat niet)".to_string(),
        "the model is not identifiable" => "het model is niet identificeerbaar".to_string(),
        n if n.starts_with("the search over all models handles at most") => format!(
            "het doorzoeken van alle modellen kan hoogstens {MAX_SEARCH_LISTS} lijsten aan"
        ),
        n => n.to_string(),
    }
}

/// A decimal point between two digits becomes a decimal comma ("R-hat 1.00" → "R-hat 1,00").
fn decimal_commas(s: &str) -> String {
    let c: Vec<char> = s.chars().collect();
    c.iter()
        .enumerate()
        .map(|(i, &ch)| {
            let digit =
                |j: Option<usize>| j.and_then(|j| c.get(j)).is_some_and(char::is_ascii_digit);
            if ch == '.' && digit(i.checked_sub(1)) && digit(Some(i + 1)) {
                ','
            } else {
                ch
            }
        })
        .collect()
}

/// How an interval was computed, in the reader's language.
pub fn ci_method_words(ci_method: &str, lang: Lang) -> String {
    match lang {
        Lang::En => ci_method.to_string(),
        Lang::Nl => decimal_commas(ci_method)
            .replace("profile likelihood", "profiel-likelihood")
            .replace("BCa bootstrap", "BCa-bootstrap")
            .replace("replicates", "replicaties")
            .replace("posterior quantiles", "posteriorkwantielen")
            .replace("graphs", "grafen")
            .replace("chains of", "ketens van")
            .replace("burn-in", "inloop")
            .replace("iterations", "iteraties")
            .replace("th kept", "e bewaard")
            .replace("ESS", "effectieve steekproef")
            .replace("every", "elke")
            .replace("chains", "ketens")
            .replace("latent classes", "latente klassen")
            .replace("none", "geen"),
    }
}

/// The comparison as text for the terminal.
pub fn render_comparison(c: &Comparison, lang: Lang) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} ({} {})",
        match lang {
            Lang::Nl => "Methoden naast elkaar",
            Lang::En => "Methods side by side",
        },
        c.observed,
        match lang {
            Lang::Nl => "waargenomen",
            Lang::En => "observed",
        }
    );
    let width = c
        .methods
        .iter()
        .map(|m| method_label(&m.method, lang).chars().count())
        .max()
        .unwrap_or(0);
    for m in &c.methods {
        let label = method_label(&m.method, lang);
        let pad = " ".repeat(width - label.chars().count());
        match m.estimate {
            Some(e) => {
                let _ = writeln!(
                    out,
                    "  {label}{pad}  {:>10}  ({}; {}){}",
                    format_number(e, 0, lang),
                    interval_words(m, lang),
                    ci_method_words(&m.ci_method, lang),
                    if m.unconverged {
                        format!(
                            "  ! {}{}",
                            unconverged_words(m, lang),
                            if m.sampler.is_some() {
                                format!("; {}", chains_advice(m, lang))
                            } else {
                                String::new()
                            }
                        )
                    } else if m.rejected_p.is_some() {
                        format!("  ! {}", rejected_words(m, lang))
                    } else {
                        String::new()
                    }
                );
                if m.headline {
                    let _ = writeln!(out, "  {}", headline_words(lang));
                }
            }
            None => {
                let _ = writeln!(out, "  {label}{pad}  {:>10}  ({})", "–", note_in(m, lang));
            }
        }
    }
    if let Some(s) = given_model_sentence(c, lang) {
        let _ = writeln!(out, "{s}");
    }
    if let Some(s) = spread_sentence(c, lang) {
        let _ = writeln!(out, "{s}");
    }
    out
}

/// Under the headline row of the comparison: where the headline comes from and why.
pub fn headline_words(lang: Lang) -> &'static str {
    match lang {
        Lang::Nl => {
            "^ de hoofdschatting hierboven (zie 'Methode' bovenaan voor waarom deze methode)"
        }
        Lang::En => "^ the headline estimate above (see 'Method' at the top for why this method)",
    }
}

/// R-hat from which chains that disagree are taken to sit in different modes, not merely to
/// be short: R-hat near 2 that stays near 2 with chains several times as long (UK 5 lists:
/// 2.06 at the default length, 2.05 at 3.75 times it).
pub const MODES_RHAT: f64 = 1.5;

/// What to do about a sampler whose chains have not settled: longer chains when they are
/// merely short, and no false hope when they disagree.
pub fn chains_advice(m: &MethodEstimate, lang: Lang) -> &'static str {
    let rhat = m.rhat.unwrap_or(f64::NAN);
    if rhat >= MODES_RHAT || rhat.is_nan() {
        match lang {
            Lang::Nl => {
                "de ketens zijn het met elkaar oneens: waarschijnlijk blijven ze in verschillende oplossingen (modi) hangen, en dan helpen langere ketens meestal niet; de schatting van deze methode is onbetrouwbaar"
            }
            Lang::En => {
                "the chains disagree with each other: they likely stay in different solutions (modes), and then longer chains usually do not help; this method's estimate is unreliable"
            }
        }
    } else {
        match lang {
            Lang::Nl => {
                "langere ketens (--lcmcr-burn-in, --lcmcr-iterations, --lcmcr-thin) komen mogelijk wel overeen"
            }
            Lang::En => {
                "longer chains (--lcmcr-burn-in, --lcmcr-iterations, --lcmcr-thin) may agree"
            }
        }
    }
}

/// That the intervals of the selection methods hold chance given the chosen model, not the
/// choice of the model (without `--bootstrap`), and how to have it.
pub fn given_model_sentence(c: &Comparison, lang: Lang) -> Option<String> {
    let rows: Vec<&str> = c
        .methods
        .iter()
        .filter(|m| m.given_model)
        .map(|m| method_label(&m.method, lang))
        .collect();
    if rows.is_empty() {
        return None;
    }
    let names = rows.join(match lang {
        Lang::Nl => " en ",
        Lang::En => " and ",
    });
    Some(match lang {
        Lang::Nl => format!(
            "Let op: de intervallen van {names} gelden voor het gekozen model; de onzekerheid van de modelkeuze zit er niet in, zodat ze te smal kunnen zijn. Met --bootstrap 1000 wordt het model in elke replicatie opnieuw gekozen, zoals MultipleSystemsEstimation dat doet."
        ),
        Lang::En => format!(
            "Note: the intervals of {names} hold for the chosen model; the uncertainty of choosing the model is not in them, so they may be too narrow. With --bootstrap 1000 the model is chosen anew in every replicate, as MultipleSystemsEstimation does."
        ),
    })
}

/// Why a sampler's estimate is flagged, in words (R-hat with three decimals, so that a value
/// just above the limit does not read as the limit).
pub fn unconverged_words(m: &MethodEstimate, lang: Lang) -> String {
    let rhat = format_number(m.rhat.unwrap_or(f64::NAN), 3, lang);
    let ess = m.sampler.as_ref().map(|s| s.ess).or(m.ess);
    let limit = format_number(SETTLED_RHAT, 2, lang);
    let min = format_number(MIN_ESS, 0, lang);
    match (lang, ess) {
        (Lang::Nl, Some(ess)) => format!(
            "de rekenketens zijn nog niet gestabiliseerd (R-hat {rhat}, effectieve steekproef {}; gestabiliseerd vraagt R-hat onder {limit} en minstens {min}): niet betrouwbaar, telt niet mee in de spreiding",
            format_number(ess, 0, lang)
        ),
        (Lang::En, Some(ess)) => format!(
            "the chains have not settled yet (R-hat {rhat}, effective sample size {}; settled needs R-hat below {limit} and at least {min}): not to be trusted, left out of the spread",
            format_number(ess, 0, lang)
        ),
        (Lang::Nl, None) => format!(
            "de rekenketens zijn het oneens (R-hat {rhat}; gestabiliseerd vraagt R-hat onder {limit}): niet betrouwbaar, telt niet mee in de spreiding"
        ),
        (Lang::En, None) => format!(
            "the chains disagree (R-hat {rhat}; settled needs R-hat below {limit}): not to be trusted, left out of the spread"
        ),
    }
}

/// That a sampler's estimate has settled, in words (R-hat and effective sample size).
pub fn settled_words(m: &MethodEstimate, lang: Lang) -> Option<String> {
    let s = m.sampler.as_ref()?;
    if m.unconverged {
        return None;
    }
    let rhat = format_number(m.rhat.unwrap_or(f64::NAN), 3, lang);
    let ess = format_number(s.ess, 0, lang);
    Some(match lang {
        Lang::Nl => format!("gestabiliseerd: R-hat {rhat}, effectieve steekproef {ess}"),
        Lang::En => format!("settled: R-hat {rhat}, effective sample size {ess}"),
    })
}

/// Why a method whose model the data reject is marked, in words.
pub fn rejected_words(m: &MethodEstimate, lang: Lang) -> String {
    let p = m.rejected_p.unwrap_or(f64::NAN);
    let p = if p < 0.001 {
        format!("p < {}", format_number(0.001, 3, lang))
    } else {
        format!("p = {}", format_number(p, 3, lang))
    };
    match lang {
        Lang::Nl => format!(
            "het model past slecht bij de gegevens (deviantietoets, {p}): telt niet mee in de spreiding"
        ),
        Lang::En => {
            format!("the model fits the data poorly (deviance test, {p}): left out of the spread")
        }
    }
}

/// What a spread of `ratio` (highest / lowest) means, graded by its size, and that it is no
/// confidence interval.
pub fn spread_meaning(ratio: f64, lang: Lang) -> &'static str {
    match (ratio, lang) {
        (r, Lang::Nl) if r < 1.1 => {
            "De methoden liggen dicht bij elkaar: de keuze van de methode maakt voor de uitkomst weinig uit."
        }
        (r, Lang::En) if r < 1.1 => {
            "The methods lie close together: the choice of method makes little difference to the result."
        }
        (r, Lang::Nl) if r < 2.0 => {
            "Dat verschil komt niet door toeval maar door de aannames: elke methode neemt iets anders aan over hoe de registraties samenhangen en hoe verschillend personen vindbaar zijn. De keuze van de methode doet er dus toe."
        }
        (r, Lang::En) if r < 2.0 => {
            "That difference comes not from chance but from the assumptions: each method assumes something else about how the registrations depend on each other and how differently people can be found. The choice of method therefore matters."
        }
        (_, Lang::Nl) => {
            "Dat grote verschil komt niet door toeval maar door de aannames: elke methode neemt iets anders aan over hoe de registraties samenhangen en hoe verschillend personen vindbaar zijn. De keuze van de methode bepaalt de uitkomst hier meer dan het toeval; één getal zonder die bandbreedte geeft een te zeker beeld."
        }
        (_, Lang::En) => {
            "That large difference comes not from chance but from the assumptions: each method assumes something else about how the registrations depend on each other and how differently people can be found. Here the choice of method moves the result more than chance does; one figure without this range gives too certain a picture."
        }
    }
}

/// That the spread is not a confidence interval.
pub fn spread_is_not_an_interval(lang: Lang) -> &'static str {
    match lang {
        Lang::Nl => {
            "De spreiding is geen betrouwbaarheidsinterval: de intervallen per methode gaan alleen over toeval, de spreiding over de keuze van het model."
        }
        Lang::En => {
            "The spread is not a confidence interval: each method's interval covers chance only, the spread covers the choice of model."
        }
    }
}

/// A sentence on what the spread between the methods means.
pub fn spread_sentence(c: &Comparison, lang: Lang) -> Option<String> {
    let [lo, hi] = c.spread?;
    let name = |v: f64| {
        c.methods
            .iter()
            .find(|m| m.credible() && m.estimate == Some(v))
            .map_or("", |m| method_label(&m.method, lang))
    };
    let ratio = if lo > 0.0 { hi / lo } else { f64::INFINITY };
    if (hi - lo).abs() < 0.5 {
        return Some(match lang {
            Lang::Nl => format!(
                "Alle methoden met een bruikbare schatting komen op {}. {}",
                format_number(lo, 0, lang),
                spread_is_not_an_interval(lang)
            ),
            Lang::En => format!(
                "Every method with a usable estimate gives {}. {}",
                format_number(lo, 0, lang),
                spread_is_not_an_interval(lang)
            ),
        });
    }
    Some(match lang {
        Lang::Nl => format!(
            "De schattingen lopen uiteen van {} ({}) tot {} ({}); de hoogste is {} keer de laagste. {} {}",
            format_number(lo, 0, lang),
            name(lo),
            format_number(hi, 0, lang),
            name(hi),
            format_number(ratio, 2, lang),
            spread_meaning(ratio, lang),
            spread_is_not_an_interval(lang)
        ),
        Lang::En => format!(
            "The estimates range from {} ({}) to {} ({}); the highest is {} times the lowest. {} {}",
            format_number(lo, 0, lang),
            name(lo),
            format_number(hi, 0, lang),
            name(hi),
            format_number(ratio, 2, lang),
            spread_meaning(ratio, lang),
            spread_is_not_an_interval(lang)
        ),
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn chains_that_disagree_are_flagged_with_what_ran_and_no_false_hope_of_longer_ones() {
        // UK 2013 in six lists: LCMCR's chains of 1,000 burn-in + 5,000 iterations disagree
        // (R-hat about 2.4); the row says what ran and points to the options for longer ones.
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../testdata/mse/uk2013-6lists.csv");
        let h = crate::read_histories_path(&path).unwrap().total;
        let opts = Options {
            threads: 2,
            lcmcr: LcmcrOptions {
                burnin: 1000,
                iterations: 5000,
                thinning: 5,
                ..LcmcrOptions::default()
            },
            ..Options::default()
        };
        let m = latent_classes(&h, &opts);
        assert!(m.unconverged, "{m:?}");
        let s = m.sampler.as_ref().unwrap();
        assert_eq!(
            (s.chains, s.burn_in, s.iterations, s.thinning),
            (4, 1000, 5000, 5)
        );
        assert_eq!(s.draws_per_chain, 1000);
        let c = Comparison {
            observed: h.observed(),
            methods: vec![m],
            spread: None,
        };
        let en = render_comparison(&c, Lang::En);
        assert!(
            en.contains("4 chains of 1000 burn-in + 5000 iterations, every 5th kept"),
            "{en}"
        );
        assert!(en.contains("the chains have not settled yet"), "{en}");
        // R-hat near 2 does not fall with longer chains (walk-estimate5, finding 8): the
        // advice says the chains disagree, not that longer ones will settle.
        assert!(en.contains("the chains disagree with each other"), "{en}");
        assert!(en.contains("longer chains usually do not help"), "{en}");
        assert!(!en.contains("longer chains (--lcmcr-burn-in"), "{en}");
        let nl = render_comparison(&c, Lang::Nl);
        assert!(
            nl.contains("4 ketens van 1000 inloop + 5000 iteraties, elke 5e bewaard"),
            "{nl}"
        );
        assert!(nl.contains("helpen langere ketens meestal niet"), "{nl}");
        assert!(!nl.contains("komen mogelijk wel overeen"), "{nl}");
    }
}
