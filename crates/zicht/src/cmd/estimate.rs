//! `zicht estimate`: multiple systems estimation of the total population from overlapping
//! lists (formats.md section 3 in, section 5 out).

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use zicht_codebook::Lang;
use zicht_estimate::{
    LcmcrOptions, Method, Options, Prior, Progress, ProgressEvent, ThresholdOptions,
    default_threads, method_from_args, method_label, read_histories_path,
};

#[derive(clap::Args)]
pub struct Args {
    /// Capture histories: one 0/1 column per list, then `count`, then optional strata columns.
    #[arg(long, value_name = "FILE")]
    histories: PathBuf,
    #[command(flatten)]
    how: How,
    /// Also estimate the total with every method side by side: independence, stepwise, BIC,
    /// Bayesian thresholding, dga (3 to 5 lists) and LCMCR latent classes (3 or more lists),
    /// with the spread between the credible ones.
    #[arg(long)]
    compare: bool,
    /// A progress line per method of --compare on stderr, also when stderr is not a terminal
    /// (on a terminal it is shown without this option).
    #[arg(long)]
    progress: bool,
    /// Print the result as JSON instead of text.
    #[arg(long)]
    json: bool,
    /// Language of the text: nl or en.
    #[arg(long, default_value = "nl", value_parser = super::parse_lang)]
    lang: Lang,
}

/// How the population is estimated: the options `zicht estimate` and `zicht report` share
/// (same names, same help), so the report's chapter can be made exactly as on the command
/// line. In `zicht report` they require `--histories`; its older names `--histories-select`,
/// `--histories-model`, `--histories-threshold`, `--histories-bootstrap` and
/// `--histories-seed` are kept as hidden aliases.
#[derive(clap::Args, Clone, Debug)]
pub struct How {
    /// A fixed model: `independence` or terms such as `A:B,B:C:D` (optionally `h=Darroch`).
    #[arg(
        long,
        value_name = "SPEC",
        conflicts_with = "select",
        requires = "histories",
        alias = "histories-model"
    )]
    model: Option<String>,
    /// Model selection, one of: `stepwise` (used when --select is not given); `aic` or `bic`
    /// (best of all models with up to two-way interactions); `default` (the choice of the R
    /// package MultipleSystemsEstimation: bic for up to five lists, stepwise for six or more);
    /// `threshold` (Bayesian thresholding, Silverman 2020; see --prior and --ratio).
    #[arg(
        long,
        value_name = "METHOD",
        requires = "histories",
        alias = "histories-select"
    )]
    select: Option<String>,
    /// p-value below which stepwise selection adds an interaction (not the ratio of
    /// --select threshold: that is --ratio).
    #[arg(
        long,
        value_name = "P",
        default_value_t = 0.02,
        requires = "histories",
        alias = "histories-threshold"
    )]
    threshold: f64,
    /// Prior on the interactions for --select threshold: normal (variance 1, the default) or
    /// flat.
    #[arg(
        long,
        value_name = "PRIOR",
        default_value = "normal",
        requires = "histories"
    )]
    prior: String,
    /// Ratio |posterior mean| / sd below which --select threshold drops an interaction.
    #[arg(long, value_name = "R", default_value_t = 2.0, requires = "histories")]
    ratio: f64,
    /// Highest order of interaction that selection considers: 2, or more for --select
    /// aic|bic|default (every hierarchical model, up to five lists) and 3 for threshold.
    #[arg(long, value_name = "N", default_value_t = 2, requires = "histories")]
    max_order: u32,
    /// BCa bootstrap interval with N replicates (model selection redone in each); with
    /// covariate columns also the number of replicates of the covariate model's parametric
    /// bootstrap (500 without this option).
    #[arg(
        long,
        value_name = "N",
        requires = "histories",
        alias = "histories-bootstrap"
    )]
    bootstrap: Option<usize>,
    /// Seed of every random draw: the bootstrap, the covariate model's parametric bootstrap
    /// and the samplers of Bayesian thresholding and LCMCR (a different seed moves their
    /// results by their Monte Carlo error).
    #[arg(
        long,
        value_name = "S",
        default_value_t = 1234,
        requires = "histories",
        alias = "histories-seed"
    )]
    seed: u64,
    /// Interval level.
    #[arg(long, value_name = "L", default_value_t = 0.95, requires = "histories")]
    level: f64,
    /// Threads for the search and the bootstrap (default: all cores).
    #[arg(long, value_name = "N", requires = "histories")]
    threads: Option<usize>,
    /// Chains of LCMCR's sampler in --compare (at least 2, for R-hat).
    #[arg(long, value_name = "N", default_value_t = 4, requires = "histories")]
    lcmcr_chains: usize,
    /// Burn-in iterations per LCMCR chain, none kept (twice the R package's 10000: at its
    /// length the chains do not settle on the demo).
    #[arg(
        long,
        value_name = "N",
        default_value_t = 20_000,
        requires = "histories"
    )]
    lcmcr_burn_in: usize,
    /// Iterations per LCMCR chain after the burn-in (four times the R package's 10000).
    #[arg(
        long,
        value_name = "N",
        default_value_t = 40_000,
        requires = "histories"
    )]
    lcmcr_iterations: usize,
    /// Keep every N-th LCMCR iteration after the burn-in (the R package's default: 10).
    #[arg(long, value_name = "N", default_value_t = 10, requires = "histories")]
    lcmcr_thin: usize,
    /// Also estimate each stratum (combination of covariate values) with a model of its own.
    /// Without it, covariate columns enter one model over lists × covariates.
    #[arg(long, requires = "histories")]
    strata: bool,
    /// Fixed list-by-covariate terms of the covariate model, such as `politie:leeftijd`
    /// (without this option they are chosen by BIC).
    #[arg(long, value_name = "TERMS", requires = "histories")]
    covariate_terms: Option<String>,
    /// The covariates' joint distribution in the covariate model: `free` (a parameter for
    /// every combination of values, the default), `main` (covariates independent of each
    /// other) or `pairs` (every two-way interaction between covariates, no higher; with
    /// `main` the starting model of Cruyff's R package `mse`).
    #[arg(
        long,
        value_name = "JOINT",
        default_value = "free",
        requires = "histories"
    )]
    covariate_joint: String,
    /// A numeric covariate (such as a year) coded as a polynomial of degree N in its values
    /// instead of one parameter per value, as `COLUMN:N` (`mse`'s `year` and `degree_year`).
    #[arg(long, value_name = "COLUMN:N", requires = "histories")]
    polynomial: Option<String>,
}

impl Default for How {
    /// The defaults of the command line.
    fn default() -> Self {
        #[derive(clap::Parser)]
        struct Only {
            #[arg(long)]
            histories: Option<PathBuf>,
            #[command(flatten)]
            how: How,
        }
        <Only as clap::Parser>::parse_from(["zicht"]).how
    }
}

/// The message in the language of the output: Dutch unless `--lang en`.
fn say(lang: Lang, nl: String, en: String) -> anyhow::Error {
    anyhow::anyhow!(if lang == Lang::En { en } else { nl })
}

impl How {
    /// Whether the method was chosen (`--select` or `--model`) rather than zicht's default.
    pub fn chosen(&self) -> bool {
        self.select.is_some() || self.model.is_some()
    }

    /// Checks the options, reads the histories file at `path` and returns it with the
    /// estimation's options (without the comparison, its progress line and a known total:
    /// the caller sets those). Errors are in `lang`.
    pub fn options(
        &self,
        path: &Path,
        lang: Lang,
    ) -> anyhow::Result<(zicht_estimate::HistoriesFile, Options)> {
        if !(self.level > 0.0 && self.level < 1.0) {
            if self.level > 1.0 && self.level < 100.0 {
                return Err(say(
                    lang,
                    format!(
                        "--level moet strikt tussen 0 en 1 liggen, gegeven: {}; bedoelt u --level {}?",
                        self.level,
                        self.level / 100.0
                    ),
                    format!(
                        "--level must lie strictly between 0 and 1, got {}: did you mean --level {}?",
                        self.level,
                        self.level / 100.0
                    ),
                ));
            }
            return Err(say(
                lang,
                format!(
                    "--level moet strikt tussen 0 en 1 liggen (zoals 0.95), gegeven: {}",
                    self.level
                ),
                format!(
                    "--level must lie strictly between 0 and 1 (such as 0.95), got {}",
                    self.level
                ),
            ));
        }
        if !(self.ratio >= 0.0 && self.ratio.is_finite()) {
            return Err(say(
                lang,
                format!(
                    "--ratio moet een getal van minstens 0 zijn, gegeven: {}",
                    self.ratio
                ),
                format!("--ratio must be a number of at least 0, got {}", self.ratio),
            ));
        }
        if self.lcmcr_chains < 2 {
            return Err(say(
                lang,
                format!(
                    "--lcmcr-chains moet minstens 2 zijn (R-hat vergelijkt ketens), gegeven: {}",
                    self.lcmcr_chains
                ),
                format!(
                    "--lcmcr-chains must be at least 2 (R-hat compares chains), got {}",
                    self.lcmcr_chains
                ),
            ));
        }
        if self.lcmcr_thin == 0 {
            return Err(say(
                lang,
                "--lcmcr-thin moet minstens 1 zijn, gegeven: 0".into(),
                "--lcmcr-thin must be at least 1, got 0".into(),
            ));
        }
        if self.lcmcr_iterations < 4 * self.lcmcr_thin {
            return Err(say(
                lang,
                format!(
                    "--lcmcr-iterations moet minstens vier trekkingen per keten bewaren: minstens 4 × --lcmcr-thin = {}, gegeven: {}",
                    4 * self.lcmcr_thin,
                    self.lcmcr_iterations
                ),
                format!(
                    "--lcmcr-iterations must keep at least four draws per chain: at least 4 × --lcmcr-thin = {}, got {}",
                    4 * self.lcmcr_thin,
                    self.lcmcr_iterations
                ),
            ));
        }
        let covariate_joint = zicht_estimate::CovariateJoint::parse(&self.covariate_joint)
            .map_err(|_| {
                say(
                    lang,
                    format!(
                        "--covariate-joint is free, main of pairs, gegeven: `{}`",
                        self.covariate_joint
                    ),
                    format!(
                        "--covariate-joint is free, main or pairs, got `{}`",
                        self.covariate_joint
                    ),
                )
            })?;
        let polynomial = match self.polynomial.as_deref() {
            None => None,
            Some(p) => {
                let parsed = p.rsplit_once(':').and_then(|(c, n)| {
                    Some((c.trim().to_string(), n.trim().parse::<usize>().ok()?))
                });
                match parsed {
                    Some((c, n)) if !c.is_empty() => Some((c, n)),
                    _ => {
                        return Err(say(
                            lang,
                            format!(
                                "--polynomial moet KOLOM:GRAAD zijn, zoals jaar:2, gegeven: `{p}`"
                            ),
                            format!("--polynomial must be COLUMN:DEGREE such as jaar:2, got `{p}`"),
                        ));
                    }
                }
            }
        };
        let file = read_histories_path(path).map_err(|e| anyhow::anyhow!(e.in_lang(lang)))?;
        if self.strata && file.strata_columns.is_empty() {
            return Err(say(
                lang,
                format!(
                    "--strata vraagt kenmerkkolommen na `count` in {}, en die zijn er niet",
                    path.display()
                ),
                format!(
                    "--strata needs covariate columns after `count` in {}, and it has none",
                    path.display()
                ),
            ));
        }
        if !(self.threshold >= 0.0 && self.threshold <= 1.0) {
            return Err(say(
                lang,
                format!(
                    "--threshold moet tussen 0 en 1 liggen, gegeven: {}",
                    self.threshold
                ),
                format!(
                    "--threshold must lie between 0 and 1, got {}",
                    self.threshold
                ),
            ));
        }
        let method = method_from_args(
            self.model.as_deref(),
            self.select.as_deref(),
            self.threshold,
            file.total.lists(),
        )
        .map_err(|e| anyhow::anyhow!(e.in_lang(lang)))?;
        let method = match method {
            Method::Threshold(o) => {
                let prior = match self.prior.to_ascii_lowercase().as_str() {
                    "normal" | "proper" => Prior::Normal { variance: 1.0 },
                    "flat" | "improper" => Prior::Flat,
                    other => {
                        return Err(say(
                            lang,
                            format!("--prior is normal of flat, gegeven: `{other}`"),
                            format!("--prior must be normal or flat, got `{other}`"),
                        ));
                    }
                };
                Method::Threshold(ThresholdOptions {
                    prior,
                    threshold: self.ratio,
                    max_order: self.max_order,
                    seed: self.seed,
                    ..o
                })
            }
            Method::Search(criterion) if self.max_order > 2 => Method::Hierarchical {
                criterion,
                max_order: self.max_order,
            },
            _ if self.max_order != 2 => anyhow::bail!(
                "--max-order {} applies to --select aic, bic, default (up to five lists) and threshold, not to stepwise selection or a fixed model",
                self.max_order
            ),
            m => m,
        };
        let opts = Options {
            method,
            bootstrap: self.bootstrap,
            seed: self.seed,
            level: self.level,
            threads: self.threads.unwrap_or_else(default_threads),
            compare: false,
            known_total: None,
            strata: self.strata,
            covariate_terms: self.covariate_terms.clone(),
            covariate_joint,
            polynomial,
            lcmcr: LcmcrOptions {
                chains: self.lcmcr_chains,
                burnin: self.lcmcr_burn_in,
                iterations: self.lcmcr_iterations,
                thinning: self.lcmcr_thin,
                ..LcmcrOptions::default()
            },
            progress: None,
        };
        Ok((file, opts))
    }
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let lang = args.lang;
    let (file, mut opts) = args.how.options(&args.histories, lang)?;
    opts.compare = args.compare;
    opts.progress = (args.compare && (args.progress || std::io::stderr().is_terminal()))
        .then(|| progress_line(lang));
    let result = match zicht_estimate::estimate(&file, &opts) {
        Ok(r) => r,
        // No estimate from these data (not identifiable, no model with one): exit code 2 as
        // for an infinite estimate, with the reason on stderr.
        Err(e) if e.is_no_estimate() => {
            no_estimate_line(&args.histories, &e.in_lang(lang), lang);
            return Ok(ExitCode::from(2));
        }
        Err(e) => return Err(error_in_lang(&e, &args.histories, lang)),
    };
    let text = if args.json {
        let mut s =
            serde_json::to_string_pretty(&result).context("rendering the estimate as JSON")?;
        s.push('\n');
        s
    } else {
        let text = zicht_estimate::render_text(&result, args.lang);
        match args.how.select.as_deref() {
            Some(s) if s.eq_ignore_ascii_case("default") => {
                zicht_estimate::with_default_selection_note(
                    &text,
                    file.total.lists().len(),
                    args.lang,
                )
            }
            None if args.how.model.is_none() => zicht_estimate::with_method_note(
                &text,
                &zicht_estimate::stepwise_default_note(file.total.lists().len(), args.lang),
            ),
            _ => text,
        }
    };
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    if result.total.estimate.is_none() {
        // A script must not take "no estimate" for success: the text (or JSON) above says
        // what there is, stderr says why, and the exit code is 2.
        let lists = file.total.lists();
        let why = match lists {
            [a, b] if file.total.margin(0b11) == 0 => {
                if lang == Lang::En {
                    format!(
                        "no one is on both lists {a} and {b}, so their overlap says nothing about who is missing"
                    )
                } else {
                    format!(
                        "niemand staat op beide lijsten {a} en {b}, dus hun overlap zegt niets over wie er ontbreekt"
                    )
                }
            }
            _ => status_reason(result.total.status.code, lang).to_string(),
        };
        no_estimate_line(&args.histories, &why, lang);
        return Ok(ExitCode::from(2));
    }
    Ok(ExitCode::SUCCESS)
}

/// "zicht: geen schatting uit FILE: why" on stderr.
fn no_estimate_line(path: &Path, why: &str, lang: Lang) {
    eprintln!(
        "zicht: {} {}: {why}",
        if lang == Lang::En {
            "no estimate from"
        } else {
            "geen schatting uit"
        },
        path.display()
    );
}

/// Why a model has no estimate, from the reference's result code (1 infinite, 2 not
/// identifiable, 3 both), said on stderr whether or not stdout holds the text.
fn status_reason(code: u8, lang: Lang) -> &'static str {
    match (code, lang) {
        (1, Lang::Nl) => {
            "de schatting is oneindig (bestaat niet): met dit model laten de gegevens geen eindige schatting toe, meestal doordat bepaalde combinaties van lijsten ontbreken"
        }
        (1, Lang::En) => {
            "the estimate is infinite (does not exist): with this model the data allow no finite estimate, usually because certain combinations of lists are missing"
        }
        (2, Lang::Nl) => {
            "het model is niet identificeerbaar: de gegevens bevatten te weinig informatie om het aantal niet-waargenomen personen uit dit model af te leiden"
        }
        (2, Lang::En) => {
            "the model is not identifiable: the data hold too little information to derive the number unobserved from this model"
        }
        (_, Lang::Nl) => {
            "de schatting is oneindig en het model is niet identificeerbaar: de gegevens laten met dit model geen schatting toe"
        }
        (_, Lang::En) => {
            "the estimate is infinite and the model is not identifiable: the data allow no estimate with this model"
        }
    }
}

fn error_in_lang(e: &zicht_estimate::EstimateError, path: &Path, lang: Lang) -> anyhow::Error {
    let (nl, en) = (e.in_lang(Lang::Nl), e.to_string());
    say(
        lang,
        format!("schatting uit {}: {nl}", path.display()),
        format!("estimating from {}: {en}", path.display()),
    )
}

/// Estimates, with an error in the reader's language that names the file.
pub fn estimate_in_lang(
    file: &zicht_estimate::HistoriesFile,
    opts: &Options,
    path: &Path,
    lang: Lang,
) -> anyhow::Result<zicht_estimate::EstimateResult> {
    zicht_estimate::estimate(file, opts).map_err(|e| error_in_lang(&e, path, lang))
}

/// One line on stderr per method of the comparison: "[3/6] beste model naar BIC … 1,2 s".
fn progress_line(lang: Lang) -> Progress {
    Progress(Arc::new(move |e: ProgressEvent<'_>| {
        let mut err = std::io::stderr().lock();
        let _ = match e {
            ProgressEvent::Start { method, index, of } => {
                write!(err, "[{index}/{of}] {} …", method_label(method, lang))
            }
            ProgressEvent::Done { seconds, .. } => writeln!(
                err,
                " {} s",
                zicht_estimate::format_number(seconds, 1, lang)
            ),
        };
        let _ = err.flush();
    }))
}
