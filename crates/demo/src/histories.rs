//! A synthetic `histories.csv` (formats.md section 3): four registrations of one known, invented population of victims, with the covariates of the WODC breakdown, for multiple systems estimation.
//!
//! The population has a fixed, known size ([`POPULATION`], the order of
//! magnitude of the national estimate the seed report cites) and three
//! covariates as in the breakdown of van Dijk, Cruyff and van der Heijden (WODC
//! 2021): the type of exploitation, sex, and minor or adult. Each person is
//! drawn onto each list with its own probability: the police (more likely for
//! sexual exploitation, less for labour exploitation), CoMensha (far more
//! likely for someone the police registered, because the police report victims
//! there), care organisations (more likely for women and minors) and the chat
//! (more likely for minors). People also differ in how visible they are to
//! every list at once (heterogeneity). So the data break the simple
//! independence model in the ways real registrations do, the lists depend on
//! the covariates, and an estimate from them can be compared with the true
//! size, in total and per group.

use std::collections::BTreeMap;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// The true size of the synthetic population.
pub const POPULATION: usize = 5000;
/// The share of minors in it.
pub const MINOR_SHARE: f64 = 0.12;
/// The lists, in column order.
pub const LISTS: [&str; 4] = ["politie", "CoMensha", "zorg", "chat"];
/// The covariate columns, in column order.
pub const COVARIATES: [&str; 3] = [EXPLOITATION, SEX, STRATUM];
/// The type of exploitation and its values.
pub const EXPLOITATION: &str = "uitbuiting";
pub const SEXUAL: &str = "seksueel";
pub const LABOUR: &str = "arbeid";
pub const CRIMINAL: &str = "crimineel";
/// Sex and its values.
pub const SEX: &str = "geslacht";
pub const WOMAN: &str = "vrouw";
pub const MAN: &str = "man";
/// Minor or adult and its values.
pub const STRATUM: &str = "leeftijd";
pub const MINOR: &str = "minderjarig";
pub const ADULT: &str = "meerderjarig";

/// The drawn histories: per combination of covariate values (exploitation, sex, age), the
/// count of each pattern (bit i = list i).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoHistories {
    pub counts: BTreeMap<[&'static str; 3], [u64; 16]>,
    /// The true number of persons per combination, observed or not.
    pub truth: BTreeMap<[&'static str; 3], u64>,
}

impl DemoHistories {
    /// Persons on at least one list.
    pub fn observed(&self) -> u64 {
        self.counts
            .values()
            .map(|c| c[1..].iter().sum::<u64>())
            .sum()
    }

    /// The true number of persons with this value of covariate `column` (observed or not).
    pub fn true_size(&self, column: usize, value: &str) -> u64 {
        self.truth
            .iter()
            .filter(|(k, _)| k[column] == value)
            .map(|(_, n)| n)
            .sum()
    }

    /// The file's text: list columns, `count`, then the covariates; only observed patterns.
    pub fn to_csv(&self) -> String {
        let mut out = format!("{},count,{}\n", LISTS.join(","), COVARIATES.join(","));
        for (combo, counts) in &self.counts {
            for (pattern, &n) in counts.iter().enumerate().skip(1) {
                if n == 0 {
                    continue;
                }
                let bits: Vec<&str> = (0..LISTS.len())
                    .map(|i| if pattern >> i & 1 == 1 { "1" } else { "0" })
                    .collect();
                out.push_str(&format!("{},{n},{}\n", bits.join(","), combo.join(",")));
            }
        }
        out
    }
}

/// Draws the registrations of the known population for a seed.
pub fn histories(seed: u64) -> DemoHistories {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x4D53_455F_4849_5354);
    let minors = (POPULATION as f64 * MINOR_SHARE).round() as usize;
    let mut counts: BTreeMap<[&'static str; 3], [u64; 16]> = BTreeMap::new();
    let mut truth: BTreeMap<[&'static str; 3], u64> = BTreeMap::new();
    for person in 0..POPULATION {
        let minor = person < minors;
        // Minors are more often exploited sexually or criminally, adults also for labour.
        let u: f64 = rng.random();
        let kind = match (minor, u) {
            (true, u) if u < 0.55 => SEXUAL,
            (true, u) if u < 0.90 => CRIMINAL,
            (false, u) if u < 0.50 => SEXUAL,
            (false, u) if u < 0.85 => LABOUR,
            (true, _) => LABOUR,
            (false, _) => CRIMINAL,
        };
        let woman_p = match kind {
            SEXUAL => 0.9,
            LABOUR => 0.3,
            _ => 0.4,
        };
        let woman = rng.random_bool(woman_p);
        // Visibility to all lists at once: many are hard to find, a few easy.
        let visible: f64 = match rng.random_range(0..10) {
            0..=3 => 0.35,
            4..=7 => 1.0,
            _ => 2.2,
        };
        let police_kind = match kind {
            SEXUAL => 1.3,
            LABOUR => 0.5,
            _ => 1.0,
        };
        let police_p = (if minor { 0.03 } else { 0.05 }) * police_kind * visible;
        let police = rng.random_bool(police_p.min(1.0));
        let comensha_p = if police {
            0.45
        } else if minor {
            0.02 * visible
        } else {
            0.03 * visible
        };
        let comensha = rng.random_bool(comensha_p.min(1.0));
        let care_p = (if minor { 0.06 } else { 0.04 }) * (if woman { 1.3 } else { 0.6 }) * visible;
        let care = rng.random_bool(care_p.min(1.0));
        let chat = rng.random_bool(((if minor { 0.06 } else { 0.015 }) * visible).min(1.0));
        let pattern = usize::from(police)
            | usize::from(comensha) << 1
            | usize::from(care) << 2
            | usize::from(chat) << 3;
        let combo = [
            kind,
            if woman { WOMAN } else { MAN },
            if minor { MINOR } else { ADULT },
        ];
        counts.entry(combo).or_insert([0; 16])[pattern] += 1;
        *truth.entry(combo).or_insert(0) += 1;
    }
    DemoHistories { counts, truth }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_file_reads_back_with_three_covariates_and_the_truth_adds_up() {
        let h = histories(1);
        let f = zicht_estimate::read_histories(h.to_csv().as_bytes(), "h.csv").unwrap();
        assert_eq!(f.strata_columns, COVARIATES.map(String::from).to_vec());
        assert_eq!(f.total.observed(), h.observed());
        assert_eq!(h.truth.values().sum::<u64>(), POPULATION as u64);
        for (j, values) in [
            vec![SEXUAL, LABOUR, CRIMINAL],
            vec![WOMAN, MAN],
            vec![MINOR, ADULT],
        ]
        .iter()
        .enumerate()
        {
            let sum: u64 = values.iter().map(|v| h.true_size(j, v)).sum();
            assert_eq!(sum, POPULATION as u64);
        }
        assert_eq!(
            h.true_size(2, MINOR),
            (POPULATION as f64 * MINOR_SHARE).round() as u64
        );
    }
}
