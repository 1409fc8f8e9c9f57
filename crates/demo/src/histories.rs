//! A synthetic `histories.csv` (formats.md section 3): four registrations of one known, invented population of victims, for multiple systems estimation.
//!
//! The population has a fixed, known size ([`POPULATION`], the order of
//! magnitude of the national estimate the seed report cites) and two strata
//! (minors and adults). Each person is drawn onto each list with its own
//! probability: the police, CoMensha (far more likely for someone the police
//! registered, because the police report victims there), care organisations
//! and the chat (more likely for minors). People also differ in how visible
//! they are to every list at once (heterogeneity). So the data break the
//! simple independence model in the ways real registrations do, and an
//! estimate from them can be compared with the true size.

use std::collections::BTreeMap;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// The true size of the synthetic population.
pub const POPULATION: usize = 5000;
/// The share of minors in it.
pub const MINOR_SHARE: f64 = 0.12;
/// The lists, in column order.
pub const LISTS: [&str; 4] = ["politie", "CoMensha", "zorg", "chat"];
/// The strata column and its values.
pub const STRATUM: &str = "leeftijd";
pub const MINOR: &str = "minderjarig";
pub const ADULT: &str = "meerderjarig";

/// The drawn histories: per stratum value, the count of each pattern (bit i = list i).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoHistories {
    pub counts: BTreeMap<&'static str, [u64; 16]>,
}

impl DemoHistories {
    /// Persons on at least one list.
    pub fn observed(&self) -> u64 {
        self.counts
            .values()
            .map(|c| c[1..].iter().sum::<u64>())
            .sum()
    }

    /// The file's text: list columns, `count`, then the stratum; only observed patterns.
    pub fn to_csv(&self) -> String {
        let mut out = format!("{},count,{STRATUM}\n", LISTS.join(","));
        for stratum in [MINOR, ADULT] {
            let Some(counts) = self.counts.get(stratum) else {
                continue;
            };
            for (pattern, &n) in counts.iter().enumerate().skip(1) {
                if n == 0 {
                    continue;
                }
                let bits: Vec<&str> = (0..LISTS.len())
                    .map(|i| if pattern >> i & 1 == 1 { "1" } else { "0" })
                    .collect();
                out.push_str(&format!("{},{n},{stratum}\n", bits.join(",")));
            }
        }
        out
    }
}

/// Draws the registrations of the known population for a seed.
pub fn histories(seed: u64) -> DemoHistories {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x4D53_455F_4849_5354);
    let minors = (POPULATION as f64 * MINOR_SHARE).round() as usize;
    let mut counts: BTreeMap<&'static str, [u64; 16]> = BTreeMap::new();
    for person in 0..POPULATION {
        let minor = person < minors;
        // Visibility to all lists at once: many are hard to find, a few easy.
        let visible: f64 = match rng.random_range(0..10) {
            0..=3 => 0.35,
            4..=7 => 1.0,
            _ => 2.2,
        };
        let police = rng.random_bool((if minor { 0.03 } else { 0.05 }) * visible);
        let comensha_p = if police {
            0.45
        } else if minor {
            0.02 * visible
        } else {
            0.03 * visible
        };
        let comensha = rng.random_bool(comensha_p.min(1.0));
        let care = rng.random_bool(((if minor { 0.06 } else { 0.04 }) * visible).min(1.0));
        let chat = rng.random_bool(((if minor { 0.06 } else { 0.015 }) * visible).min(1.0));
        let pattern = usize::from(police)
            | usize::from(comensha) << 1
            | usize::from(care) << 2
            | usize::from(chat) << 3;
        counts
            .entry(if minor { MINOR } else { ADULT })
            .or_insert([0; 16])[pattern] += 1;
    }
    DemoHistories { counts }
}
