//! Property tests of the mathematics: fitted margins equal observed margins for the terms of
//! the model, invariance under list order, Lincoln-Petersen on two lists, the existence test
//! on saturated two-list data, interval sanity, and the covariate model (levels add up,
//! passive covariates, the stratified fit as a special case, also per combination of two
//! covariates with three-way terms).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;
use zicht_estimate::{
    CovariateJoint, CovariateOptions, Heterogeneity, Histories, ListCovariate, ModelSpec,
    all_pairs, check, estimate_covariates, fit, parse_covariate_terms, profile_ci, read_histories,
};

fn names(k: usize) -> Vec<String> {
    (0..k).map(|i| format!("L{i}")).collect()
}

/// Histories on `k` lists with every observable cell positive (so every model's estimate
/// exists), counts 1..=60.
fn positive_histories(k: usize) -> impl Strategy<Value = Histories> {
    prop::collection::vec(1u64..=60, (1 << k) - 1).prop_map(move |c| {
        let mut counts = vec![0];
        counts.extend(c);
        Histories::new(names(k), counts).unwrap()
    })
}

/// A model with a random subset of the pairs (and sometimes a heterogeneity column).
fn model_for(k: usize) -> impl Strategy<Value = ModelSpec> {
    let pairs = all_pairs(k);
    (prop::collection::vec(any::<bool>(), pairs.len()), 0u8..4).prop_map(move |(pick, h)| {
        let terms = pairs
            .iter()
            .zip(&pick)
            .filter(|(_, p)| **p)
            .map(|(t, _)| *t);
        ModelSpec::from_terms(terms).with_heterogeneity(if h == 0 {
            Some(Heterogeneity::Darroch)
        } else {
            None
        })
    })
}

fn pattern_mask(p: &str) -> u32 {
    p.chars()
        .enumerate()
        .filter(|(_, c)| *c == '1')
        .fold(0, |m, (i, _)| m | 1 << i)
}

fn rel(a: f64, b: f64) -> f64 {
    (a - b).abs() / b.abs().max(1.0)
}

fn case() -> impl Strategy<Value = (Histories, ModelSpec)> {
    (3usize..=5).prop_flat_map(|k| (positive_histories(k), model_for(k)))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// The likelihood equations of a log-linear model: for every term in the model, the
    /// fitted counts add up to the observed ones over the cells containing that term.
    #[test]
    fn fitted_margins_equal_observed((h, spec) in case()) {
        let f = fit(&h, &spec);
        // Not identifiable (e.g. Darroch's column with all pairs) is the only possible error.
        prop_assert!(f.is_ok() || check(&h, &spec).code >= 2);
        prop_assume!(f.is_ok());
        let f = f.unwrap();
        prop_assume!(f.status.ok());
        let k = h.k();
        let mut terms: Vec<u32> = vec![0];
        terms.extend((0..k).map(|i| 1u32 << i));
        terms.extend(spec.interactions());
        for t in terms {
            let fitted: f64 = f
                .cells
                .iter()
                .filter(|c| pattern_mask(&c.pattern) & t == t)
                .map(|c| c.fitted)
                .sum();
            prop_assert!(rel(fitted, h.margin(t) as f64) < 1e-9, "term {t:b}: {fitted} vs {}", h.margin(t));
        }
        if let Some(het) = spec.heterogeneity() {
            let (mut fitted, mut observed) = (0.0, 0.0);
            for c in &f.cells {
                let v = het.value(pattern_mask(&c.pattern).count_ones());
                fitted += v * c.fitted;
                observed += v * c.observed as f64;
            }
            prop_assert!(rel(fitted, observed) < 1e-9);
        }
    }

    /// Reordering the lists changes nothing in the estimate, its standard error or the fit.
    #[test]
    fn invariant_under_list_permutation((h, spec) in case(), seed in any::<u64>()) {
        let k = h.k();
        let mut order: Vec<usize> = (0..k).collect();
        // A seeded Fisher-Yates shuffle.
        let mut s = seed;
        for i in (1..k).rev() {
            s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            order.swap(i, (s >> 33) as usize % (i + 1));
        }
        let ph = h.permuted(&order).unwrap();
        // The same model in the new list positions: new list i is old list order[i].
        let remap = |t: u32| {
            (0..k).filter(|&i| t >> order[i] & 1 == 1).fold(0u32, |m, i| m | 1 << i)
        };
        let pspec = ModelSpec::from_terms(spec.generators().iter().map(|&t| remap(t)))
            .with_heterogeneity(spec.heterogeneity());
        let (a, b) = (fit(&h, &spec), fit(&ph, &pspec));
        prop_assert_eq!(a.is_ok(), b.is_ok());
        prop_assume!(a.is_ok());
        let (a, b) = (a.unwrap(), b.unwrap());
        prop_assert!(rel(a.estimate, b.estimate) < 1e-9, "{} vs {}", a.estimate, b.estimate);
        prop_assert!(rel(a.se, b.se) < 1e-7);
        prop_assert!((a.deviance - b.deviance).abs() < 1e-7 * (1.0 + a.deviance));
        prop_assert_eq!(a.df, b.df);
    }

    /// Independence of two lists is the Lincoln-Petersen estimator n1 n2 / m.
    #[test]
    fn two_lists_independence_is_lincoln_petersen(n10 in 0u64..500, n01 in 0u64..500, n11 in 1u64..200) {
        let h = Histories::new(names(2), vec![0, n10, n01, n11]).unwrap();
        let f = fit(&h, &ModelSpec::independence()).unwrap();
        let lp = ((n10 + n11) * (n01 + n11)) as f64 / n11 as f64;
        // Where a cell is empty the estimate exists only as a limit, which the iterations
        // approach to about 1e-7.
        let tol = if n10 > 0 && n01 > 0 { 1e-10 } else { 1e-6 };
        prop_assert!(rel(f.estimate, lp) < tol, "{} vs {lp}", f.estimate);
        if n10 > 0 && n01 > 0 {
            // Saturated and existing: a perfect fit.
            prop_assert!(f.deviance.abs() < 1e-8);
        }
        // Saturated on the three observable cells: the estimate exists only when all are positive.
        prop_assert_eq!(check(&h, &ModelSpec::independence()).code, u8::from(n10 == 0 || n01 == 0));
    }

    /// The profile interval contains the maximum of the profile likelihood and lies above
    /// the number observed.
    #[test]
    fn profile_interval_is_ordered((h, spec) in case()) {
        let f = fit(&h, &spec);
        prop_assume!(f.is_ok());
        let f = f.unwrap();
        prop_assume!(f.status.ok() && f.converged);
        let ci = profile_ci(&h, &spec, 0.95).unwrap();
        prop_assert!(ci.lower >= h.observed() as f64 - 1e-9);
        prop_assert!(ci.lower <= ci.n_max);
        if let Some(u) = ci.upper {
            prop_assert!(ci.n_max <= u);
        }
    }
}

#[test]
fn lincoln_petersen_example() {
    // 60 on A only, 30 on B only, 20 on both: N = 80 * 50 / 20 = 200.
    let h = Histories::new(names(2), vec![0, 60, 30, 20]).unwrap();
    let f = fit(&h, &ModelSpec::independence()).unwrap();
    assert!((f.estimate - 200.0).abs() < 1e-9);
}

/// A histories file on 3 lists with one or two covariates (2 and 3 levels), every observable
/// cell of every combination positive, as CSV text.
fn covariate_file(two: bool) -> impl Strategy<Value = String> {
    let combos = if two { 6 } else { 2 };
    prop::collection::vec(1u64..=40, 7 * combos).prop_map(move |c| {
        let mut out = if two {
            "A,B,C,count,sex,age\n".to_string()
        } else {
            "A,B,C,count,sex\n".to_string()
        };
        for (i, n) in c.iter().enumerate() {
            let (combo, p) = (i / 7, i % 7 + 1);
            let bits: Vec<String> = (0..3).map(|b| (p >> b & 1).to_string()).collect();
            let sex = ["f", "m"][combo % 2];
            if two {
                let age = ["young", "mid", "old"][combo / 2];
                out.push_str(&format!("{},{n},{sex},{age}\n", bits.join(",")));
            } else {
                out.push_str(&format!("{},{n},{sex}\n", bits.join(",")));
            }
        }
        out
    })
}

fn cov_opts(list_model: ModelSpec, terms: Option<Vec<ListCovariate>>) -> CovariateOptions {
    CovariateOptions {
        list_model,
        terms,
        replicates: 20,
        seed: 3,
        level: 0.95,
        threads: 1,
        joint: CovariateJoint::Free,
        polynomial: None,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// The estimates per level of every covariate, and per combination, add up to the total.
    #[test]
    fn covariate_levels_add_up_to_the_total(text in covariate_file(true), ab in any::<bool>()) {
        let f = read_histories(text.as_bytes(), "p.csv").unwrap();
        let spec = if ab { ModelSpec::from_terms([0b011]) } else { ModelSpec::independence() };
        let e = estimate_covariates(&f, &cov_opts(spec, None)).unwrap();
        for col in &e.columns {
            let sum: f64 = e.groups.iter()
                .filter(|g| g.covariates[0].0 == *col)
                .map(|g| g.estimate)
                .sum();
            prop_assert!(rel(sum, e.estimate) < 1e-9, "{col}: {sum} vs {}", e.estimate);
        }
        let sum: f64 = e.combinations.iter().map(|g| g.estimate).sum();
        prop_assert!(rel(sum, e.estimate) < 1e-9);
        prop_assert_eq!(e.combinations.iter().map(|g| g.observed).sum::<u64>(), e.observed);
    }

    /// Covariates that no list depends on are passive: the total equals the fit of the lists'
    /// model on the table collapsed over them (van der Heijden et al. 2012).
    #[test]
    fn passive_covariates_leave_the_total_unchanged(text in covariate_file(true), m in model_for(3)) {
        let m = m.with_heterogeneity(None);
        let f = read_histories(text.as_bytes(), "p.csv").unwrap();
        let e = estimate_covariates(&f, &cov_opts(m.clone(), Some(vec![]))).unwrap();
        let whole = fit(&f.total, &m).unwrap();
        prop_assert!(rel(e.estimate, whole.estimate) < 1e-7, "{} vs {}", e.estimate, whole.estimate);
    }

    /// Under independence, with every list interacting with the one covariate, the estimate
    /// of each level is the independence estimate of that stratum alone.
    #[test]
    fn full_interaction_with_one_covariate_is_the_stratified_fit(text in covariate_file(false)) {
        let f = read_histories(text.as_bytes(), "p.csv").unwrap();
        let terms = parse_covariate_terms("A:sex,B:sex,C:sex", f.total.lists(), &f.strata_columns).unwrap();
        let e = estimate_covariates(&f, &cov_opts(ModelSpec::independence(), Some(terms))).unwrap();
        for (g, s) in e.groups.iter().zip(&f.strata) {
            let alone = fit(&s.histories, &ModelSpec::independence()).unwrap();
            prop_assert_eq!(&g.covariates[0].1, &s.values[0]);
            prop_assert!(rel(g.estimate, alone.estimate) < 1e-7, "{} vs {}", g.estimate, alone.estimate);
        }
    }

    /// Under independence, with every list interacting with the joint levels of two
    /// covariates (three-way terms), the estimate of each combination is the independence
    /// estimate of that stratum alone.
    #[test]
    fn three_way_terms_give_the_fit_per_combination(text in covariate_file(true)) {
        let f = read_histories(text.as_bytes(), "p.csv").unwrap();
        let terms = parse_covariate_terms(
            "A:sex:age,B:age:sex,C:sex:age", f.total.lists(), &f.strata_columns,
        ).unwrap();
        let e = estimate_covariates(&f, &cov_opts(ModelSpec::independence(), Some(terms))).unwrap();
        prop_assert_eq!(e.terms.len(), 9);
        prop_assert_eq!(e.combinations.len(), f.strata.len());
        for (g, s) in e.combinations.iter().zip(&f.strata) {
            let alone = fit(&s.histories, &ModelSpec::independence()).unwrap();
            let values: Vec<&String> = g.covariates.iter().map(|(_, v)| v).collect();
            prop_assert_eq!(values, s.values.iter().collect::<Vec<_>>());
            prop_assert!(rel(g.estimate, alone.estimate) < 1e-7, "{} vs {}", g.estimate, alone.estimate);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(6))]

    /// With a prior that pins every interaction at zero, thresholding keeps none, and the
    /// posterior median of the total lies within two posterior standard deviations of the
    /// independence model's maximum-likelihood estimate (flat priors on the main effects).
    #[test]
    fn thresholding_with_interactions_pinned_at_zero_is_independence(
        h in positive_histories(3)
    ) {
        let o = zicht_estimate::ThresholdOptions {
            prior: zicht_estimate::Prior::Normal { variance: 1e-8 },
            iterations: 4000,
            ..zicht_estimate::ThresholdOptions::default()
        };
        let t = zicht_estimate::threshold(&h, &o, 1).unwrap();
        prop_assert!(t.kept.is_empty(), "{:?}", t.statistics);
        let f = fit(&h, &ModelSpec::independence()).unwrap();
        prop_assert!((t.estimate - f.estimate).abs() <= 2.0 * t.sd, "{} {} {}", t.estimate, f.estimate, t.sd);
        prop_assert!(t.lower <= t.estimate && t.estimate <= t.upper);
    }
}

proptest! {
    /// The model with every (k-1)-list interaction fits the observed cells exactly and its
    /// unobserved cell is the closed form: the product of the cells on an odd number of lists
    /// over the product of those on an even number, for 3 and 4 lists.
    #[test]
    fn saturated_minus_one_is_the_closed_form(k in 3usize..=4, seed in 0u64..1000) {
        let h = {
            let mut counts = vec![0u64];
            let mut x = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            for _ in 1..(1 << k) {
                x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                counts.push(1 + (x >> 33) % 200);
            }
            Histories::new(names(k), counts).unwrap()
        };
        let top: Vec<u32> = (1u32..1 << k).filter(|t| t.count_ones() as usize == k - 1).collect();
        let f = fit(&h, &ModelSpec::from_terms(top)).unwrap();
        let (mut log_odd, mut log_even) = (0.0f64, 0.0f64);
        for (cell, &n) in h.counts().iter().enumerate().skip(1) {
            if (cell as u32).count_ones() % 2 == 1 {
                log_odd += (n as f64).ln();
            } else {
                log_even += (n as f64).ln();
            }
        }
        let m0 = (log_odd - log_even).exp();
        prop_assert!((f.unobserved - m0).abs() <= 1e-6 * m0, "{} {}", f.unobserved, m0);
    }
}

/// The file with every count multiplied by `m` (the count is the fourth column).
fn scaled(text: &str, m: u64) -> String {
    text.lines()
        .enumerate()
        .map(|(i, l)| {
            if i == 0 {
                return format!("{l}\n");
            }
            let mut f: Vec<String> = l.split(',').map(String::from).collect();
            f[3] = (f[3].parse::<u64>().unwrap() * m).to_string();
            format!("{}\n", f.join(","))
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]

    /// The profile-likelihood interval of the covariate model's total and of every level
    /// contains its point estimate (an upper bound may be unbounded).
    #[test]
    fn covariate_profile_intervals_contain_the_estimate(text in covariate_file(true), ab in any::<bool>()) {
        let f = read_histories(text.as_bytes(), "p.csv").unwrap();
        let spec = if ab { ModelSpec::from_terms([0b011]) } else { ModelSpec::independence() };
        let e = estimate_covariates(&f, &cov_opts(spec, None)).unwrap();
        let mut all = vec![(e.estimate, Some(e.profile_ci))];
        all.extend(e.groups.iter().map(|g| (g.estimate, g.profile_ci)));
        for (est, ci) in all {
            let [lo, hi] = ci.unwrap();
            let lo = lo.unwrap();
            prop_assert!(lo <= est * (1.0 + 1e-9), "{lo} > {est}");
            prop_assert!(hi.is_none_or(|h| est <= h * (1.0 + 1e-9)), "{hi:?} < {est}");
        }
    }

    /// With large counts the profile interval and the parametric bootstrap agree once their
    /// models are told apart: the profile is that of the Poisson model, in which the observed
    /// persons vary too, the bootstrap (as `mse`'s) draws a population of the estimated size
    /// N, so the Poisson variance of a group of size G is the bootstrap's plus G²/N (for the
    /// total, plus N: the observed persons' own Poisson variance; for a group the multinomial
    /// already varies its share, and only the variation of N itself is missing).
    /// Standard deviations from the interval widths, compared within a sixth (the bootstrap's
    /// Monte Carlo error with 400 replicates is a few per cent). Not where an interval is cut
    /// off at the number observed (its lower end is that number: few or nobody unseen): its
    /// width is then no standard deviation (random cases of 10,800 observed with an estimate
    /// of 10,800.1, and 21,800 with 21,897.8, failed so).
    #[test]
    fn covariate_profile_agrees_with_the_bootstrap_on_large_counts(text in covariate_file(false)) {
        let f = read_histories(scaled(&text, 200).as_bytes(), "p.csv").unwrap();
        let mut o = cov_opts(ModelSpec::from_terms([0b011]), None);
        o.replicates = 400;
        let e = estimate_covariates(&f, &o).unwrap();
        let mut all = vec![(e.estimate, e.observed, e.ci, Some(e.profile_ci))];
        all.extend(e.groups.iter().map(|g| (g.estimate, g.observed, g.ci, g.profile_ci)));
        let z = 1.959964;
        for (est, observed, boot, prof) in all {
            let ([Some(bl), Some(bh)], Some([Some(pl), Some(ph)])) = (boot, prof) else {
                return Err(TestCaseError::fail(format!("{boot:?} {prof:?}")));
            };
            // An interval cut off at the number observed (its lower end is that number).
            let at_floor = |l: f64| l - observed as f64 <= 1e-6 * est.max(1.0);
            if at_floor(pl) || at_floor(bl) {
                continue;
            }
            let sd_boot = (bh - bl) / (2.0 * z);
            let sd_prof = (ph - pl) / (2.0 * z);
            let poisson = (sd_boot * sd_boot + est * est / e.estimate).sqrt();
            prop_assert!((poisson - sd_prof).abs() <= sd_prof / 6.0,
                "bootstrap {bl}..{bh}, profile {pl}..{ph}, estimate {est}");
            prop_assert!(bl <= est && est <= bh && pl <= est && est <= ph);
        }
    }
}
