//! Agreement coefficients for two coders: percent agreement, Cohen's kappa, Krippendorff's alpha.
//!
//! Every function takes the *pairable* units only: one `(a, b)` pair per unit
//! that both coders coded. An empty slice, or data whose coefficient has a zero
//! denominator (a single category throughout), gives `None` rather than a
//! number that means nothing.
//!
//! Krippendorff's alpha is computed from the coincidence formulation
//! (Krippendorff 2011, "Computing Krippendorff's alpha-reliability"): with two
//! coders every unit contributes the ordered pairs `(a, b)` and `(b, a)`, so
//! with `N` units and `n = 2N` pairable values
//!
//! ```text
//! alpha = 1 - (n - 1) * sum_u 2 delta(a_u, b_u) / sum_{c,k} n_c n_k delta(c, k)
//! ```
//!
//! where `n_c` counts value `c` over both coders. The nominal version uses
//! integer counts throughout, so the published examples come out exactly.

use std::collections::{BTreeMap, BTreeSet};

/// The share of units on which the coders gave the same value.
pub fn percent_agreement<T: PartialEq>(pairs: &[(T, T)]) -> Option<f64> {
    if pairs.is_empty() {
        return None;
    }
    let same = pairs.iter().filter(|(a, b)| a == b).count();
    Some(same as f64 / pairs.len() as f64)
}

/// Cohen's kappa: `(p_o - p_e) / (1 - p_e)` with `p_e` from each coder's own marginals.
///
/// `None` when there are no units or when chance agreement is certain (both
/// coders used one and the same category for every unit).
pub fn cohen_kappa<T: Ord>(pairs: &[(T, T)]) -> Option<f64> {
    if pairs.is_empty() {
        return None;
    }
    let n = pairs.len() as u128;
    let mut a_counts: BTreeMap<&T, u128> = BTreeMap::new();
    let mut b_counts: BTreeMap<&T, u128> = BTreeMap::new();
    let mut same: u128 = 0;
    for (a, b) in pairs {
        *a_counts.entry(a).or_default() += 1;
        *b_counts.entry(b).or_default() += 1;
        if a == b {
            same += 1;
        }
    }
    // kappa = (n * same - sum a_c b_c) / (n^2 - sum a_c b_c), in integers.
    let chance: u128 = a_counts
        .iter()
        .map(|(c, na)| na * b_counts.get(c).copied().unwrap_or(0))
        .sum();
    let denominator = n * n - chance;
    if denominator == 0 {
        return None;
    }
    let numerator = (n * same) as f64 - chance as f64;
    Some(numerator / denominator as f64)
}

/// Krippendorff's alpha with the nominal metric (`delta = 0` when equal, else `1`).
pub fn alpha_nominal<T: Ord>(pairs: &[(T, T)]) -> Option<f64> {
    if pairs.is_empty() {
        return None;
    }
    let units = pairs.len() as u128;
    let n = 2 * units;
    let mut counts: BTreeMap<&T, u128> = BTreeMap::new();
    let mut disagreements: u128 = 0;
    for (a, b) in pairs {
        *counts.entry(a).or_default() += 1;
        *counts.entry(b).or_default() += 1;
        if a != b {
            disagreements += 1;
        }
    }
    let same_value_pairs: u128 = counts.values().map(|c| c * c).sum();
    let expected = n * n - same_value_pairs;
    if expected == 0 {
        return None;
    }
    let observed = (n - 1) * 2 * disagreements;
    Some(1.0 - observed as f64 / expected as f64)
}

/// Krippendorff's alpha with any distance `delta` (0 for equal values, symmetric, non-negative).
///
/// `None` when there are no units or when the expected disagreement is zero.
pub fn alpha_with<T: Ord>(pairs: &[(T, T)], delta: impl Fn(&T, &T) -> f64) -> Option<f64> {
    if pairs.is_empty() {
        return None;
    }
    let n = 2 * pairs.len();
    let mut counts: BTreeMap<&T, f64> = BTreeMap::new();
    let mut observed = 0.0;
    for (a, b) in pairs {
        *counts.entry(a).or_default() += 1.0;
        *counts.entry(b).or_default() += 1.0;
        observed += 2.0 * delta(a, b);
    }
    let values: Vec<(&T, f64)> = counts.into_iter().collect();
    let mut expected = 0.0;
    for (i, (c, nc)) in values.iter().enumerate() {
        for (k, nk) in &values[i + 1..] {
            expected += 2.0 * nc * nk * delta(c, k);
        }
    }
    if expected <= 0.0 {
        return None;
    }
    Some(1.0 - (n as f64 - 1.0) * observed / expected)
}

/// Krippendorff's alpha with the interval metric `(a - b)^2`.
pub fn alpha_interval(pairs: &[(i64, i64)]) -> Option<f64> {
    alpha_with(pairs, |a, b| interval_distance(*a, *b))
}

/// The interval metric: the squared difference.
pub fn interval_distance(a: i64, b: i64) -> f64 {
    let d = (a - b) as f64;
    d * d
}

/// The weight MASI gives to a subset relation, as NLTK rounds Passonneau's 2/3.
pub const MASI_SUBSET: f64 = 0.67;
/// The weight MASI gives to overlapping sets, as NLTK rounds Passonneau's 1/3.
pub const MASI_OVERLAP: f64 = 0.33;

/// The Jaccard distance `1 - |a ∩ b| / |a ∪ b|` (0 for two empty sets).
pub fn jaccard_distance<T: Ord>(a: &BTreeSet<T>, b: &BTreeSet<T>) -> f64 {
    let union = a.union(b).count();
    if union == 0 {
        return 0.0;
    }
    1.0 - a.intersection(b).count() as f64 / union as f64
}

/// The MASI distance (Passonneau 2006) with NLTK's weights.
///
/// `1 - J * M` where `J` is the Jaccard similarity and `M` is 1 for equal
/// sets, 0.67 when one is a subset of the other, 0.33 when they overlap
/// otherwise and 0 when they are disjoint. Two empty sets are at distance 0.
/// The weights are NLTK's (`nltk.metrics.distance.masi_distance`), so that
/// results agree with the tool most published MASI values come from.
pub fn masi_distance<T: Ord>(a: &BTreeSet<T>, b: &BTreeSet<T>) -> f64 {
    let union = a.union(b).count();
    if union == 0 {
        return 0.0;
    }
    let inter = a.intersection(b).count();
    let monotonicity = if a == b {
        1.0
    } else if inter == a.len().min(b.len()) && inter > 0 {
        MASI_SUBSET
    } else if inter > 0 {
        MASI_OVERLAP
    } else {
        0.0
    };
    1.0 - inter as f64 / union as f64 * monotonicity
}

/// Krippendorff's alpha with the MASI distance over sets of items.
pub fn alpha_masi<T: Ord>(pairs: &[(BTreeSet<T>, BTreeSet<T>)]) -> Option<f64> {
    alpha_with(pairs, masi_distance)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn close(a: Option<f64>, b: f64) -> bool {
        a.is_some_and(|a| (a - b).abs() < 5e-7)
    }

    /// Both undefined, or both defined and equal up to rounding.
    fn same(x: Option<f64>, y: Option<f64>) -> bool {
        match (x, y) {
            (None, None) => true,
            (Some(x), Some(y)) => (x - y).abs() < 1e-9,
            _ => false,
        }
    }

    fn chars(a: &str, b: &str) -> Vec<(char, char)> {
        let a: Vec<char> = a.chars().filter(|c| !c.is_whitespace()).collect();
        let b: Vec<char> = b.chars().filter(|c| !c.is_whitespace()).collect();
        a.into_iter().zip(b).collect()
    }

    #[test]
    fn krippendorff_2011_binary_example() {
        let pairs = chars("0100000010", "1110010000");
        let alpha = alpha_nominal(&pairs);
        assert!(close(alpha, 0.095238), "{alpha:?}");
        // 1 - 19 * 8 / 168 exactly.
        assert!(close(alpha, 1.0 - 152.0 / 168.0));
        let generic = alpha_with(&pairs, |a, b| f64::from(u8::from(a != b)));
        assert!(close(generic, 0.095238), "{generic:?}");
    }

    #[test]
    fn krippendorff_2011_nominal_example() {
        let pairs = chars("a a b b d c c c e d d a", "b a b b b c c c e d d d");
        let alpha = alpha_nominal(&pairs);
        assert!(close(alpha, 0.691964), "{alpha:?}");
        let generic = alpha_with(&pairs, |a, b| f64::from(u8::from(a != b)));
        assert!(close(generic, 0.691964), "{generic:?}");
    }

    #[test]
    fn cohen_2x2_example_20_5_10_15() {
        // A yes & B yes 20, A yes & B no 5, A no & B yes 10, A no & B no 15.
        let mut pairs = Vec::new();
        pairs.extend(std::iter::repeat_n((1, 1), 20));
        pairs.extend(std::iter::repeat_n((1, 0), 5));
        pairs.extend(std::iter::repeat_n((0, 1), 10));
        pairs.extend(std::iter::repeat_n((0, 0), 15));
        assert!(close(cohen_kappa(&pairs), 0.4));
        assert!(close(percent_agreement(&pairs), 0.7));
    }

    #[test]
    fn masi_distances_of_the_nltk_documentation() {
        let s = |v: &[i32]| v.iter().copied().collect::<BTreeSet<i32>>();
        // nltk.metrics.masi_distance docstring: 0.665.
        assert!((masi_distance(&s(&[1, 2]), &s(&[1, 2, 3, 4])) - 0.665).abs() < 1e-12);
        // NLTK metrics howto: s1 = {1,2,3,4}, s2 = {3,4,5}: jaccard 0.6, masi 0.868.
        assert!((jaccard_distance(&s(&[1, 2, 3, 4]), &s(&[3, 4, 5])) - 0.6).abs() < 1e-12);
        assert!((masi_distance(&s(&[1, 2, 3, 4]), &s(&[3, 4, 5])) - 0.868).abs() < 1e-12);
        assert_eq!(masi_distance(&s(&[1, 2]), &s(&[1, 2])), 0.0);
        assert_eq!(masi_distance(&s(&[1]), &s(&[2])), 1.0);
    }

    #[test]
    fn undefined_cases_are_none() {
        let empty: Vec<(u8, u8)> = Vec::new();
        assert_eq!(percent_agreement(&empty), None);
        assert_eq!(cohen_kappa(&empty), None);
        assert_eq!(alpha_nominal(&empty), None);
        let one_category = vec![(1u8, 1u8); 5];
        assert_eq!(cohen_kappa(&one_category), None);
        assert_eq!(alpha_nominal(&one_category), None);
        assert_eq!(alpha_interval(&[(30, 30), (30, 30)]), None);
    }

    #[test]
    fn interval_alpha_matches_a_hand_computation() {
        // Values 1,2 / 1,3: n = 4, observed sum 2*(0 + 1) = 2,
        // expected sum over distinct pairs 2*(2*1*1 + 2*1*4 + 1*1*1) = 22.
        let alpha = alpha_interval(&[(1, 1), (2, 3)]);
        assert!(close(alpha, 1.0 - 3.0 * 2.0 / 22.0), "{alpha:?}");
    }

    fn pairs_strategy() -> impl Strategy<Value = Vec<(u8, u8)>> {
        prop::collection::vec((0u8..4, 0u8..4), 1..60)
    }

    proptest! {
        #[test]
        fn identical_coders_agree_perfectly(values in prop::collection::vec(0u8..5, 2..60)) {
            let pairs: Vec<(u8, u8)> = values.iter().map(|&v| (v, v)).collect();
            let categories: BTreeSet<u8> = values.iter().copied().collect();
            prop_assert_eq!(percent_agreement(&pairs), Some(1.0));
            if categories.len() > 1 {
                prop_assert!(close(cohen_kappa(&pairs), 1.0));
                prop_assert!(close(alpha_nominal(&pairs), 1.0));
                let ages: Vec<(i64, i64)> = values.iter().map(|&v| (i64::from(v), i64::from(v))).collect();
                prop_assert!(close(alpha_interval(&ages), 1.0));
            } else {
                prop_assert_eq!(cohen_kappa(&pairs), None);
                prop_assert_eq!(alpha_nominal(&pairs), None);
            }
        }

        #[test]
        fn coefficients_are_symmetric_in_the_coders(pairs in pairs_strategy()) {
            let swapped: Vec<(u8, u8)> = pairs.iter().map(|&(a, b)| (b, a)).collect();
            prop_assert_eq!(percent_agreement(&pairs), percent_agreement(&swapped));
            prop_assert!(same(cohen_kappa(&pairs), cohen_kappa(&swapped)));
            prop_assert!(same(alpha_nominal(&pairs), alpha_nominal(&swapped)));
        }

        #[test]
        fn alpha_does_not_depend_on_the_order_of_units(mut pairs in pairs_strategy()) {
            let before = alpha_nominal(&pairs);
            pairs.reverse();
            let after = alpha_nominal(&pairs);
            prop_assert!(same(before, after));
        }

        #[test]
        fn generic_alpha_with_the_nominal_metric_equals_nominal_alpha(pairs in pairs_strategy()) {
            let a = alpha_nominal(&pairs);
            let b = alpha_with(&pairs, |x, y| f64::from(u8::from(x != y)));
            prop_assert!(same(a, b));
        }

        #[test]
        fn coefficients_are_at_most_one(pairs in pairs_strategy()) {
            for v in [cohen_kappa(&pairs), alpha_nominal(&pairs)].into_iter().flatten() {
                prop_assert!(v <= 1.0 + 1e-12);
            }
            if let Some(p) = percent_agreement(&pairs) {
                prop_assert!((0.0..=1.0).contains(&p));
            }
        }

        #[test]
        fn masi_is_a_symmetric_distance_in_zero_one(
            a in prop::collection::btree_set(0u8..6, 0..6),
            b in prop::collection::btree_set(0u8..6, 0..6),
        ) {
            let d = masi_distance(&a, &b);
            prop_assert!((0.0..=1.0).contains(&d));
            prop_assert_eq!(d, masi_distance(&b, &a));
            prop_assert_eq!(masi_distance(&a, &a), 0.0);
            prop_assert_eq!(d == 0.0, a == b);
        }

        #[test]
        fn masi_alpha_is_one_for_identical_coders_with_two_or_more_sets(
            sets in prop::collection::vec(prop::collection::btree_set(0u8..4, 1..4), 2..30)
        ) {
            let pairs: Vec<_> = sets.iter().map(|s| (s.clone(), s.clone())).collect();
            let distinct: BTreeSet<_> = sets.iter().collect();
            let alpha = alpha_masi(&pairs);
            if distinct.len() > 1 {
                prop_assert!(close(alpha, 1.0));
            } else {
                prop_assert_eq!(alpha, None);
            }
        }
    }
}
