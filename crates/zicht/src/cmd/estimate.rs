//! `zicht estimate`: multiple systems estimation of the total population from overlapping
//! lists (formats.md section 3 in, section 5 out).

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
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
    /// A fixed model: `independence` or terms such as `A:B,B:C:D` (optionally `h=Darroch`).
    #[arg(long, value_name = "SPEC", conflicts_with = "select")]
    model: Option<String>,
    /// Model selection, one of: `stepwise` (used when --select is not given); `aic` or `bic`
    /// (best of all models with up to two-way interactions); `default` (the choice of the R
    /// package MultipleSystemsEstimation: bic for up to five lists, stepwise for six or more);
    /// `threshold` (Bayesian thresholding, Silverman 2020; see --prior and --ratio).
    #[arg(long, value_name = "METHOD")]
    select: Option<String>,
    /// p-value below which stepwise selection adds an interaction (not the ratio of
    /// --select threshold: that is --ratio).
    #[arg(long, value_name = "P", default_value_t = 0.02)]
    threshold: f64,
    /// Prior on the interactions for --select threshold: normal (variance 1, the default) or
    /// flat.
    #[arg(long, value_name = "PRIOR", default_value = "normal")]
    prior: String,
    /// Ratio |posterior mean| / sd below which --select threshold drops an interaction.
    #[arg(long, value_name = "R", default_value_t = 2.0)]
    ratio: f64,
    /// Highest order of interaction that selection considers: 2, or more for --select
    /// aic|bic|default (every hierarchical model, up to five lists) and 3 for threshold.
    #[arg(long, value_name = "N", default_value_t = 2)]
    max_order: u32,
    /// BCa bootstrap interval with N replicates (model selection redone in each); with
    /// covariate columns also the number of replicates of the covariate model's parametric
    /// bootstrap (500 without this option).
    #[arg(long, value_name = "N")]
    bootstrap: Option<usize>,
    /// Seed of the bootstrap.
    #[arg(long, value_name = "S", default_value_t = 1234)]
    seed: u64,
    /// Interval level.
    #[arg(long, value_name = "L", default_value_t = 0.95)]
    level: f64,
    /// Threads for the search and the bootstrap (default: all cores).
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
    /// Also estimate the total with every method side by side: independence, stepwise, BIC,
    /// Bayesian thresholding, dga (3 to 5 lists) and LCMCR latent classes (3 or more lists),
    /// with the spread between the credible ones.
    #[arg(long)]
    compare: bool,
    /// Chains of LCMCR's sampler in --compare (at least 2, for R-hat).
    #[arg(long, value_name = "N", default_value_t = 4)]
    lcmcr_chains: usize,
    /// Burn-in iterations per LCMCR chain, none kept (twice the R package's 10000: at its
    /// length the chains do not settle on the demo).
    #[arg(long, value_name = "N", default_value_t = 20_000)]
    lcmcr_burn_in: usize,
    /// Iterations per LCMCR chain after the burn-in (four times the R package's 10000).
    #[arg(long, value_name = "N", default_value_t = 40_000)]
    lcmcr_iterations: usize,
    /// Keep every N-th LCMCR iteration after the burn-in (the R package's default: 10).
    #[arg(long, value_name = "N", default_value_t = 10)]
    lcmcr_thin: usize,
    /// A progress line per method of --compare on stderr, also when stderr is not a terminal
    /// (on a terminal it is shown without this option).
    #[arg(long)]
    progress: bool,
    /// Also estimate each stratum (combination of covariate values) with a model of its own.
    /// Without it, covariate columns enter one model over lists × covariates.
    #[arg(long)]
    strata: bool,
    /// Fixed list-by-covariate terms of the covariate model, such as `politie:leeftijd`
    /// (without this option they are chosen by BIC).
    #[arg(long, value_name = "TERMS")]
    covariate_terms: Option<String>,
    /// The covariates' joint distribution in the covariate model: `free` (a parameter for
    /// every combination of values, the default), `main` (covariates independent of each
    /// other) or `pairs` (every two-way interaction between covariates, no higher; with
    /// `main` the starting model of Cruyff's R package `mse`).
    #[arg(long, value_name = "JOINT", default_value = "free")]
    covariate_joint: String,
    /// A numeric covariate (such as a year) coded as a polynomial of degree N in its values
    /// instead of one parameter per value, as `COLUMN:N` (`mse`'s `year` and `degree_year`).
    #[arg(long, value_name = "COLUMN:N")]
    polynomial: Option<String>,
    /// Print the result as JSON instead of text.
    #[arg(long)]
    json: bool,
    /// Language of the text: nl or en.
    #[arg(long, default_value = "nl", value_parser = super::parse_lang)]
    lang: Lang,
}

/// The message in the language of the output: Dutch unless `--lang en`.
fn say(lang: Lang, nl: String, en: String) -> anyhow::Error {
    anyhow::anyhow!(if lang == Lang::En { en } else { nl })
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let lang = args.lang;
    if !(args.level > 0.0 && args.level < 1.0) {
        if args.level > 1.0 && args.level < 100.0 {
            return Err(say(
                lang,
                format!(
                    "--level moet strikt tussen 0 en 1 liggen, gegeven: {}; bedoelt u --level {}?",
                    args.level,
                    args.level / 100.0
                ),
                format!(
                    "--level must lie strictly between 0 and 1, got {}: did you mean --level {}?",
                    args.level,
                    args.level / 100.0
                ),
            ));
        }
        return Err(say(
            lang,
            format!(
                "--level moet strikt tussen 0 en 1 liggen (zoals 0.95), gegeven: {}",
                args.level
            ),
            format!(
                "--level must lie strictly between 0 and 1 (such as 0.95), got {}",
                args.level
            ),
        ));
    }
    if !(args.ratio >= 0.0 && args.ratio.is_finite()) {
        return Err(say(
            lang,
            format!(
                "--ratio moet een getal van minstens 0 zijn, gegeven: {}",
                args.ratio
            ),
            format!("--ratio must be a number of at least 0, got {}", args.ratio),
        ));
    }
    if args.lcmcr_chains < 2 {
        return Err(say(
            lang,
            format!(
                "--lcmcr-chains moet minstens 2 zijn (R-hat vergelijkt ketens), gegeven: {}",
                args.lcmcr_chains
            ),
            format!(
                "--lcmcr-chains must be at least 2 (R-hat compares chains), got {}",
                args.lcmcr_chains
            ),
        ));
    }
    if args.lcmcr_thin == 0 {
        return Err(say(
            lang,
            "--lcmcr-thin moet minstens 1 zijn, gegeven: 0".into(),
            "--lcmcr-thin must be at least 1, got 0".into(),
        ));
    }
    if args.lcmcr_iterations < 4 * args.lcmcr_thin {
        return Err(say(
            lang,
            format!(
                "--lcmcr-iterations moet minstens vier trekkingen per keten bewaren: minstens 4 × --lcmcr-thin = {}, gegeven: {}",
                4 * args.lcmcr_thin,
                args.lcmcr_iterations
            ),
            format!(
                "--lcmcr-iterations must keep at least four draws per chain: at least 4 × --lcmcr-thin = {}, got {}",
                4 * args.lcmcr_thin,
                args.lcmcr_iterations
            ),
        ));
    }
    let covariate_joint =
        zicht_estimate::CovariateJoint::parse(&args.covariate_joint).map_err(|_| {
            say(
                lang,
                format!(
                    "--covariate-joint is free, main of pairs, gegeven: `{}`",
                    args.covariate_joint
                ),
                format!(
                    "--covariate-joint is free, main or pairs, got `{}`",
                    args.covariate_joint
                ),
            )
        })?;
    let polynomial = match args.polynomial.as_deref() {
        None => None,
        Some(p) => {
            let parsed = p
                .rsplit_once(':')
                .and_then(|(c, n)| Some((c.trim().to_string(), n.trim().parse::<usize>().ok()?)));
            match parsed {
                Some((c, n)) if !c.is_empty() => Some((c, n)),
                _ => {
                    return Err(say(
                        lang,
                        format!("--polynomial moet KOLOM:GRAAD zijn, zoals jaar:2, gegeven: `{p}`"),
                        format!("--polynomial must be COLUMN:DEGREE such as jaar:2, got `{p}`"),
                    ));
                }
            }
        }
    };
    let file =
        read_histories_path(&args.histories).map_err(|e| anyhow::anyhow!(e.in_lang(lang)))?;
    if args.strata && file.strata_columns.is_empty() {
        return Err(say(
            lang,
            format!(
                "--strata vraagt kenmerkkolommen na `count` in {}, en die zijn er niet",
                args.histories.display()
            ),
            format!(
                "--strata needs covariate columns after `count` in {}, and it has none",
                args.histories.display()
            ),
        ));
    }
    if !(args.threshold >= 0.0 && args.threshold <= 1.0) {
        return Err(say(
            lang,
            format!(
                "--threshold moet tussen 0 en 1 liggen, gegeven: {}",
                args.threshold
            ),
            format!(
                "--threshold must lie between 0 and 1, got {}",
                args.threshold
            ),
        ));
    }
    let method = method_from_args(
        args.model.as_deref(),
        args.select.as_deref(),
        args.threshold,
        file.total.lists(),
    )?;
    let method = match method {
        Method::Threshold(o) => {
            let prior = match args.prior.to_ascii_lowercase().as_str() {
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
                threshold: args.ratio,
                max_order: args.max_order,
                seed: args.seed,
                ..o
            })
        }
        Method::Search(criterion) if args.max_order > 2 => Method::Hierarchical {
            criterion,
            max_order: args.max_order,
        },
        _ if args.max_order != 2 => anyhow::bail!(
            "--max-order {} applies to --select aic, bic, default (up to five lists) and threshold, not to stepwise selection or a fixed model",
            args.max_order
        ),
        m => m,
    };
    let opts = Options {
        method,
        bootstrap: args.bootstrap,
        seed: args.seed,
        level: args.level,
        threads: args.threads.unwrap_or_else(default_threads),
        compare: args.compare,
        known_total: None,
        strata: args.strata,
        covariate_terms: args.covariate_terms,
        covariate_joint,
        polynomial,
        lcmcr: LcmcrOptions {
            chains: args.lcmcr_chains,
            burnin: args.lcmcr_burn_in,
            iterations: args.lcmcr_iterations,
            thinning: args.lcmcr_thin,
            ..LcmcrOptions::default()
        },
        progress: (args.compare && (args.progress || std::io::stderr().is_terminal()))
            .then(|| progress_line(args.lang)),
    };
    let result = zicht_estimate::estimate(&file, &opts)
        .with_context(|| format!("estimating from {}", args.histories.display()))?;
    let text = if args.json {
        let mut s =
            serde_json::to_string_pretty(&result).context("rendering the estimate as JSON")?;
        s.push('\n');
        s
    } else {
        let text = zicht_estimate::render_text(&result, args.lang);
        match args.select.as_deref() {
            Some(s) if s.eq_ignore_ascii_case("default") => {
                zicht_estimate::with_default_selection_note(
                    &text,
                    file.total.lists().len(),
                    args.lang,
                )
            }
            _ => text,
        }
    };
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
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
