//! A published covariate analysis reproduced: the documented example of Maarten Cruyff's R
//! package `mse` (version 1.0, github.com/MaartenCruyff/mse at commit 7b3e06c, the
//! implementation of van der Heijden et al. 2012, Annals of Applied Statistics 6:831),
//! `model_search(x = simdat, lists = 1:4, year = "Y", degree_year = 2)` followed by
//! `boot_mse(search)` (1,000 replicates, seed 1) on the package's simulated data `simdat`
//! (1,043 persons, four registers R1-R4, covariates X1-X4 and year Y, 1-4). The package
//! documents the example but prints no results: the reference numbers are the package's own
//! output, run with R 4.2.2 (Debian), not a printed table of the paper.
//!
//! `mse`'s model: Poisson log-linear over the full cross-classification (1,536 cells, 1,440
//! observable), main effects of lists and covariates, Y as an orthogonal polynomial of degree
//! 2, and the two-way terms its stepwise BIC search adds; covariates interact with each other
//! only in pairs. zicht fits the same model with `--covariate-joint pairs --polynomial Y:2`,
//! the search's lists' model as `--model` and its list-by-covariate terms as
//! `--covariate-terms` (zicht's own search chooses only list-by-covariate terms, so the terms
//! are given). `mse`'s estimates per group are sums of fitted values (with Y smoothed by the
//! polynomial, not the observed per year plus the unobserved), as zicht's.
//!
//! The data below are `simdat` tabulated (pattern, count, covariates; the 117 cells with
//! persons); the numbers in the tests are the package's output.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use zicht_estimate::{
    CovariateEstimate, CovariateJoint, CovariateOptions, EstimateError, ModelSpec,
    estimate_covariates, parse_covariate_terms, read_histories,
};

const SIMDAT: &str = "R1,R2,R3,R4,count,X1,X2,X3,X4,Y
1,0,0,0,37,1,1,1,1,1
0,1,0,0,4,1,1,1,1,1
0,0,1,0,6,1,1,1,1,1
0,0,0,1,1,1,1,1,1,1
1,0,0,1,1,1,1,1,1,1
1,0,0,0,1,2,1,1,1,1
1,0,0,0,23,1,2,1,1,1
0,1,0,0,2,1,2,1,1,1
0,0,1,0,7,1,2,1,1,1
0,0,0,1,1,1,2,1,1,1
1,0,0,0,8,1,1,2,1,1
1,0,0,0,6,1,1,1,2,1
0,1,0,0,1,1,1,1,2,1
0,0,1,0,1,1,1,1,2,1
1,0,0,0,1,2,1,1,2,1
0,1,0,0,2,2,1,1,2,1
1,0,0,0,6,1,2,1,2,1
0,1,0,0,14,1,2,1,2,1
0,0,1,0,5,1,2,1,2,1
1,0,0,0,6,2,2,1,2,1
0,1,0,0,1,2,2,1,2,1
1,0,0,0,10,1,1,1,3,1
0,1,0,0,2,1,1,1,3,1
0,0,1,0,3,1,1,1,3,1
0,1,1,0,2,1,1,1,3,1
1,0,0,0,33,2,1,1,3,1
0,0,0,1,2,2,1,1,3,1
1,0,0,0,20,1,2,1,3,1
0,1,0,0,2,1,2,1,3,1
0,0,1,0,10,1,2,1,3,1
0,1,0,1,2,1,2,1,3,1
0,0,1,0,4,2,2,1,3,1
1,0,0,0,11,1,2,2,3,1
1,1,0,0,2,1,2,2,3,1
0,0,1,0,3,1,2,2,3,1
1,0,0,0,3,2,2,2,3,1
1,0,0,0,15,1,1,1,1,2
1,0,0,0,8,1,2,1,1,2
0,0,1,0,17,1,2,1,1,2
0,0,0,1,3,2,2,1,1,2
1,0,0,0,1,1,2,2,1,2
1,0,0,0,1,1,2,1,2,2
0,0,1,0,2,1,2,1,2,2
1,0,0,0,1,2,2,1,2,2
1,0,0,0,2,1,1,1,3,2
1,0,0,0,191,2,1,1,3,2
1,1,0,0,6,2,1,1,3,2
1,0,0,1,6,2,1,1,3,2
1,0,0,0,10,1,2,1,3,2
0,0,1,0,9,1,2,1,3,2
0,0,1,0,1,2,2,1,3,2
0,0,0,1,1,2,2,1,3,2
1,0,0,0,20,2,1,2,3,2
1,0,0,0,2,2,2,2,3,2
0,0,0,1,5,2,2,2,3,2
1,0,0,0,42,1,1,1,1,3
0,1,0,0,8,1,1,1,1,3
0,0,1,0,10,1,1,1,1,3
0,0,0,1,3,1,1,1,1,3
1,0,0,1,5,1,1,1,1,3
0,1,0,1,4,1,1,1,1,3
1,0,0,0,6,1,2,1,1,3
0,0,1,0,7,1,2,1,1,3
0,0,1,0,2,1,1,2,1,3
0,0,0,1,1,1,1,2,1,3
0,1,0,0,1,1,2,2,1,3
0,0,0,1,7,1,2,2,1,3
0,0,1,0,7,1,2,1,2,3
0,0,1,0,9,2,2,1,2,3
1,0,0,0,2,1,2,2,2,3
1,0,0,0,2,1,1,1,3,3
0,1,0,0,5,1,1,1,3,3
0,0,1,0,2,1,1,1,3,3
1,0,0,0,79,2,1,1,3,3
0,1,0,0,2,2,1,1,3,3
1,1,0,0,2,2,1,1,3,3
0,0,1,0,3,2,1,1,3,3
1,0,0,0,8,1,2,1,3,3
0,0,1,0,13,1,2,1,3,3
0,1,0,0,3,2,2,1,3,3
0,0,1,0,3,2,2,1,3,3
1,0,0,0,6,2,1,2,3,3
0,1,0,1,5,2,1,2,3,3
0,0,0,1,2,1,2,2,3,3
0,0,1,0,1,2,2,2,3,3
1,0,0,0,57,1,1,1,1,4
0,1,0,0,5,1,1,1,1,4
0,0,1,0,4,1,1,1,1,4
1,0,1,0,2,1,1,1,1,4
0,0,0,1,7,1,1,1,1,4
1,0,0,1,6,1,1,1,1,4
1,0,0,0,7,1,2,1,1,4
0,0,1,0,17,1,2,1,1,4
0,0,0,1,9,1,2,1,1,4
1,0,0,0,8,1,1,2,1,4
0,1,0,0,6,1,1,2,1,4
0,0,0,1,2,1,1,2,1,4
0,0,1,0,5,1,2,1,2,4
0,0,1,0,4,2,2,1,2,4
0,1,0,0,3,1,1,1,3,4
0,0,1,0,2,1,1,1,3,4
1,0,0,0,13,2,1,1,3,4
0,0,1,0,2,2,1,1,3,4
1,0,0,0,4,1,2,1,3,4
0,1,0,0,2,1,2,1,3,4
0,0,1,0,14,1,2,1,3,4
0,0,0,1,2,1,2,1,3,4
1,0,0,0,4,2,2,1,3,4
0,1,0,0,1,2,2,1,3,4
0,0,1,0,6,2,2,1,3,4
0,0,0,1,2,2,2,1,3,4
0,1,0,0,1,1,1,2,3,4
0,0,0,1,5,1,2,2,3,4
1,0,0,0,8,2,2,2,3,4
0,0,1,0,29,2,2,2,3,4
1,0,1,0,10,2,2,2,3,4
0,0,0,1,2,2,2,2,3,4
";

fn run(
    list_model: &str,
    terms: &str,
    joint: CovariateJoint,
    replicates: usize,
) -> Result<CovariateEstimate, EstimateError> {
    let f = read_histories(SIMDAT.as_bytes(), "simdat.csv").unwrap();
    let lists = f.total.lists().to_vec();
    let list_model = if list_model.is_empty() {
        ModelSpec::independence()
    } else {
        ModelSpec::parse(list_model, &lists).unwrap()
    };
    let terms = parse_covariate_terms(terms, &lists, &f.strata_columns).unwrap();
    let opts = CovariateOptions {
        list_model,
        terms: Some(terms),
        replicates,
        seed: 1,
        level: 0.95,
        threads: 2,
        joint,
        polynomial: Some(("Y".to_string(), 2)),
    };
    estimate_covariates(&f, &opts)
}

/// Row 27 of the search, the model of lowest BIC that `boot_mse` takes.
const LISTS_27: &str = "R2:R4,R1:R4";
const TERMS_27: &str = "R3:X2,R1:X2,R1:X1,R4:X3,R4:X4,R1:X4,R3:Y,R2:X2,R4:Y,R3:X1";

fn level(e: &CovariateEstimate, col: &str, value: &str) -> usize {
    e.groups
        .iter()
        .position(|g| g.covariates == [(col.to_string(), value.to_string())])
        .unwrap()
}

/// `Nhat` (one decimal), residual deviance (one decimal) and residual df of a row of
/// `model_search`'s printed table.
#[track_caller]
fn row(e: &CovariateEstimate, nhat: f64, deviance: f64, df: usize) {
    assert_eq!((e.estimate * 10.0).round() / 10.0, nhat, "{}", e.estimate);
    assert_eq!(
        (e.deviance * 10.0).round() / 10.0,
        deviance,
        "{}",
        e.deviance
    );
    assert_eq!(e.df, df);
}

#[test]
fn mse_model_search_rows_to_their_printed_precision() {
    // Row 1, the starting model `Freq ~ .` (lists and covariates independent).
    let e = run("", "", CovariateJoint::Main, 0).unwrap();
    row(&e, 5972.9, 2818.1, 1428);
    // Rows 16, 22 and 26: every pair of covariates, lists' and list-by-covariate terms.
    let e = run("R2:R4", "R3:X2,R1:X2,R1:Y,R1:X1", CovariateJoint::Pairs, 0).unwrap();
    row(&e, 5784.2, 1148.9, 1403);
    let t22 = "R3:X2,R1:X2,R1:Y,R1:X1,R4:X3,R4:X4,R1:X4,R3:Y,R2:X2,R4:Y";
    let e = run("R2:R4", t22, CovariateJoint::Pairs, 0).unwrap();
    row(&e, 7307.5, 1028.5, 1393);
    let t26 = "R3:X2,R1:X2,R1:X1,R4:X3,R4:X4,R1:X4,R3:Y,R2:X2,R4:Y,R3:X1";
    let e = run("R2:R4,R3:R4,R1:R4", t26, CovariateJoint::Pairs, 0).unwrap();
    // Nobody is on both R3 and R4: zicht leaves the 96 × 4 cells of that empty overlap and
    // the R3:R4 term out of the fit (as SparseMSE does), R counts them (their fitted values
    // are zero either way, so the estimate and the deviance agree): 1392 − 384 + 1.
    row(&e, 9876.2, 1007.9, 1392 - 384 + 1);
    // Row 27, the model of lowest BIC.
    let e = run(LISTS_27, TERMS_27, CovariateJoint::Pairs, 0).unwrap();
    row(&e, 11406.4, 1014.0, 1393);
    // Row 32 prints 1743204455.9: a coefficient diverges and takes the unobserved cells
    // with it (R's glm stops after 25 iterations wherever they are). zicht says there is
    // no estimate instead of printing one.
    let t32 = "R3:X2,R1:X2,R1:X1,R4:X3,R4:X4,R1:X4,R3:Y,R2:X2,R4:Y,R3:X1,R2:X4,R2:X1,R2:X3,R3:X4";
    let e = run("R2:R4,R1:R4,R3:R4", t32, CovariateJoint::Pairs, 0);
    assert!(e.is_err(), "{:?}", e.map(|e| e.estimate));
}

#[test]
fn mse_estimates_per_covariate_level() {
    let e = run(LISTS_27, TERMS_27, CovariateJoint::Pairs, 0).unwrap();
    // The package's fitted values summed per level (printed with 12 digits from the fit
    // `boot_mse` uses); boot_mse prints them rounded: 11406; Y 5661, 2249, 1667, 1829.
    let want = [
        ("X1", "1", 9184.30811759),
        ("X1", "2", 2222.11361490),
        ("X2", "1", 3588.08746564),
        ("X2", "2", 7818.33426685),
        ("X3", "1", 10157.88547497),
        ("X3", "2", 1248.53625752),
        ("X4", "1", 3530.56088650),
        ("X4", "2", 2873.24967601),
        ("X4", "3", 5002.61116998),
        ("Y", "1", 5660.64314758),
        ("Y", "2", 2249.38958809),
        ("Y", "3", 1667.02210036),
        ("Y", "4", 1829.36689646),
    ];
    assert!((e.estimate - 11406.4217325).abs() < 1e-4, "{}", e.estimate);
    for (col, value, nhat) in want {
        let g = &e.groups[level(&e, col, value)];
        assert!(
            (g.estimate - nhat).abs() < 1e-4,
            "{col}={value}: {}",
            g.estimate
        );
    }
    let printed: Vec<f64> = ["1", "2", "3", "4"]
        .iter()
        .map(|y| e.groups[level(&e, "Y", y)].estimate.round())
        .collect();
    assert_eq!(printed, [5661.0, 2249.0, 1667.0, 1829.0]);
    assert_eq!(e.estimate.round(), 11406.0);
    // The observed per year (`nobs`): 243, 301, 250, 249.
    let nobs: Vec<u64> = ["1", "2", "3", "4"]
        .iter()
        .map(|y| e.groups[level(&e, "Y", y)].observed)
        .collect();
    assert_eq!(nobs, [243, 301, 250, 249]);
}

/// The standard error of the `q` quantile of `v` (sorted) from its own order statistics: the
/// rank of the quantile is binomial with sd sqrt(n q (1-q)), so half the distance between
/// the values that far below and above it.
fn quantile_se(v: &[f64], q: f64) -> f64 {
    let n = v.len() as f64;
    let sd = (n * q * (1.0 - q)).sqrt();
    let at = |r: f64| v[(r.round() as usize).clamp(1, v.len()) - 1];
    (at(n * q + sd) - at(n * q - sd)) / 2.0
}

#[test]
fn mse_bootstrap_intervals_within_monte_carlo_error() {
    // boot_mse(search) prints (1,000 replicates, seed 1): all 7635-20041; Y 1 3466-10526,
    // Y 2 1554-3751, Y 3 1195-2627, Y 4 1238-3172. Other random numbers here (ChaCha8
    // against R's L'Ecuyer streams), and fewer replicates to keep the test short: the
    // bounds agree within Monte Carlo error. The tolerance is three standard errors of the
    // difference, each bound's error estimated from zicht's own replicates (order
    // statistics) and, for R's 1,000, scaled by sqrt(replicates / 1000).
    let replicates = 300;
    let e = run(LISTS_27, TERMS_27, CovariateJoint::Pairs, replicates).unwrap();
    assert_eq!(e.failed, 0);
    let printed = [
        (None, [7635.0, 20041.0]),
        (Some("1"), [3466.0, 10526.0]),
        (Some("2"), [1554.0, 3751.0]),
        (Some("3"), [1195.0, 2627.0]),
        (Some("4"), [1238.0, 3172.0]),
    ];
    for (year, want) in printed {
        let (g, ci) = match year {
            None => (0, e.ci),
            Some(y) => {
                let i = level(&e, "Y", y);
                (1 + i, e.groups[i].ci)
            }
        };
        let mut v: Vec<f64> = e
            .replicate_values
            .iter()
            .map(|r| r.as_ref().unwrap()[g])
            .collect();
        v.sort_by(f64::total_cmp);
        for (b, q) in [(0, 0.025), (1, 0.975)] {
            let se = quantile_se(&v, q);
            let se_r = se * (replicates as f64 / 1000.0).sqrt();
            let tol = 3.0 * (se * se + se_r * se_r).sqrt();
            let got = ci[b].unwrap();
            assert!(
                (got - want[b]).abs() <= tol,
                "Y={year:?} bound {b}: zicht {got:.0}, mse {}, tolerance {tol:.0} (se {se:.0})",
                want[b]
            );
        }
    }
}
