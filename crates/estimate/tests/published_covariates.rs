//! A published covariate analysis reproduced with the covariate model: Harvey, Craney and
//! Kelly (2002), "Estimation of the prevalence of diagnosed diabetes from primary care and
//! secondary care source data: comparison of record linkage with capture-recapture
//! analysis", J Epidemiol Community Health 56:18–23, Table 1 (two sources, hospital and
//! primary care, Clwyd 1998; covariates type of diabetes and gender).
//!
//! The table prints, per group, the persons on each source, on both, the capture-recapture
//! estimate and the persons found by linkage. The stored copy of the table (the journal's
//! table page) shows the male rows and the totals per type; the female rows are the totals
//! minus the male rows. Three analyses of one file over lists × covariates:
//! - no list-by-covariate term (both covariates passive): "All diabetic patients";
//! - both sources interacting with type, gender passive: "All type 1/type 2 patients";
//! - both sources interacting with type × gender (three-way terms): the male rows.
//!
//! The printed estimates are integers. The covariate model's estimates are maximum
//! likelihood (Lincoln–Petersen in each group); every printed estimate is that value
//! rounded. The paper's "sum of … estimates" rows add rounded per-group estimates of the
//! bias-corrected form (n1+1)(n2+1)/(m+1) − 1, which is smaller by at most 0.4 per group, so
//! those sums are matched within 2, and what they show is tested: estimating per group gives
//! more than estimating on the collapsed table (heterogeneity over type and gender).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use zicht_estimate::{
    CovariateEstimate, CovariateJoint, CovariateOptions, GroupEstimate, ModelSpec,
    estimate_covariates, parse_covariate_terms, read_histories,
};

/// Table 1 as histories: hospital only, primary care only, both (male rows as printed;
/// female rows = all of the type − male: type 1 530, 448, 412; type 2 2022, 3230, 1550).
const HARVEY_2002: &str = "hospital,primary,count,type,sex
1,0,161,1,male
0,1,58,1,male
1,1,542,1,male
1,0,118,1,female
0,1,36,1,female
1,1,412,1,female
1,0,517,2,male
0,1,1938,2,male
1,1,1694,2,male
1,0,472,2,female
0,1,1680,2,female
1,1,1550,2,female
";

fn estimate(terms: &str) -> CovariateEstimate {
    let f = read_histories(HARVEY_2002.as_bytes(), "harvey2002.csv").unwrap();
    let terms = parse_covariate_terms(terms, f.total.lists(), &f.strata_columns).unwrap();
    let opts = CovariateOptions {
        list_model: ModelSpec::independence(),
        terms: Some(terms),
        replicates: 0,
        seed: 1,
        level: 0.95,
        threads: 1,
        joint: CovariateJoint::Free,
        polynomial: None,
    };
    estimate_covariates(&f, &opts).unwrap()
}

fn level<'a>(e: &'a CovariateEstimate, col: &str, value: &str) -> &'a GroupEstimate {
    e.groups
        .iter()
        .find(|g| g.covariates == [(col.to_string(), value.to_string())])
        .unwrap()
}

fn combination<'a>(e: &'a CovariateEstimate, ty: &str, sex: &str) -> &'a GroupEstimate {
    let want = [
        ("type".to_string(), ty.to_string()),
        ("sex".to_string(), sex.to_string()),
    ];
    e.combinations
        .iter()
        .find(|g| g.covariates == want)
        .unwrap()
}

/// A printed integer: the estimate rounded, and the persons found by linkage exactly.
#[track_caller]
fn printed(g: &GroupEstimate, estimate: f64, linkage: u64) {
    assert_eq!(g.estimate.round(), estimate, "{g:?}");
    assert_eq!(g.observed, linkage, "{g:?}");
}

#[test]
fn harvey_2002_all_diabetic_patients_with_passive_covariates() {
    let e = estimate("");
    assert_eq!(e.estimate.round(), 10299.0, "{}", e.estimate);
    assert_eq!(e.observed, 9178);
    assert!(e.terms.is_empty());
}

#[test]
fn harvey_2002_per_type_with_gender_passive() {
    let e = estimate("hospital:type,primary:type");
    printed(level(&e, "type", "1"), 1354.0, 1327);
    printed(level(&e, "type", "2"), 8954.0, 7851);
    // Gender is passive: its levels only divide the same total.
    let sex: f64 = ["male", "female"]
        .iter()
        .map(|s| level(&e, "sex", s).estimate)
        .sum();
    assert!((sex - e.estimate).abs() < 1e-6);
}

#[test]
fn harvey_2002_per_type_and_gender() {
    let e = estimate("hospital:type:sex,primary:type:sex");
    // The three-way terms bring their two-way margins.
    assert_eq!(
        e.terms,
        [
            "hospital:type",
            "hospital:sex",
            "hospital:type:sex",
            "primary:type",
            "primary:sex",
            "primary:type:sex"
        ]
    );
    printed(combination(&e, "1", "male"), 778.0, 761);
    printed(combination(&e, "2", "male"), 4740.0, 4149);
    // "Sum of male and female capture-recapture estimates": 1354 and 8953; all: 10307.
    let type1 = combination(&e, "1", "male").estimate + combination(&e, "1", "female").estimate;
    let type2 = combination(&e, "2", "male").estimate + combination(&e, "2", "female").estimate;
    assert!((type1 - 1354.0).abs() < 2.0, "{type1}");
    assert!((type2 - 8953.0).abs() < 2.0, "{type2}");
    assert!((e.estimate - 10307.0).abs() < 2.0, "{}", e.estimate);
    // The paper's finding: per group more than on the collapsed table (10307 against 10299).
    assert!(e.estimate > estimate("").estimate + 5.0);
}
