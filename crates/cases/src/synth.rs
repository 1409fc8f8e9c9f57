//! Random codebook-valid cases, for property tests and benchmarks (never for the demo data set).

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use zicht_codebook::{Codebook, Column, Kind};

use crate::Record;

/// `n` random cases that satisfy every rule of the codebook, with years in `years`.
///
/// Every code, condition and range is taken from the codebook; about a quarter
/// of the optional values are left unknown.
pub fn random_records(
    book: &Codebook,
    n: usize,
    years: std::ops::RangeInclusive<i32>,
    seed: u64,
) -> Vec<Record> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let columns = book.columns();
    let a = &book.analysis;
    (0..n)
        .map(|i| {
            let mut rec = Record::new();
            let year = rng.random_range(years.clone());
            let month = rng.random_range(1..=12);
            let day = rng.random_range(1..=28);
            rec.insert(a.year.clone(), year.to_string());
            rec.insert(
                a.first_contact.clone(),
                format!("{year:04}-{month:02}-{day:02}"),
            );
            // Fill in dependency order: a column whose condition refers to a
            // column not decided yet waits for the next pass.
            let mut done: Vec<bool> = columns
                .iter()
                .map(|c| c.name() == a.year || c.name() == a.first_contact)
                .collect();
            let mut set_empty: std::collections::HashMap<String, bool> = Default::default();
            for _pass in 0..columns.len() {
                let mut progress = false;
                for (ci, col) in columns.iter().enumerate() {
                    if done[ci] {
                        continue;
                    }
                    if let Some(cond) = col.condition() {
                        let Some(dep) = columns.iter().position(|c| c.name() == cond.variable)
                        else {
                            done[ci] = true;
                            continue;
                        };
                        if !done[dep] {
                            continue;
                        }
                        if !cond.holds(rec.get(&cond.variable).map(String::as_str)) {
                            done[ci] = true;
                            progress = true;
                            continue;
                        }
                    }
                    done[ci] = true;
                    progress = true;
                    let name = col.name();
                    let value = match col {
                        Column::Variable(v) => match v.kind {
                            Kind::Text => Some(format!("r{i:07}")),
                            Kind::Date => None,
                            Kind::Integer if name == a.conversations => Some(
                                if rng.random_bool(0.9) {
                                    1
                                } else {
                                    rng.random_range(2..=4)
                                }
                                .to_string(),
                            ),
                            Kind::Integer if name == a.year => None,
                            Kind::Integer => {
                                if v.required || rng.random_bool(0.8) {
                                    let lo = v.min.unwrap_or(0);
                                    let hi = v.max.unwrap_or(100);
                                    let x = if name == a.age && rng.random_bool(0.95) {
                                        rng.random_range(lo.max(10)..=hi.min(45))
                                    } else {
                                        rng.random_range(lo..=hi)
                                    };
                                    Some(x.to_string())
                                } else {
                                    None
                                }
                            }
                            Kind::Code => {
                                if v.required || name == a.status || rng.random_bool(0.75) {
                                    let k = if name == a.status {
                                        usize::from(rng.random_bool(0.2))
                                    } else {
                                        rng.random_range(0..v.codes.len())
                                    };
                                    Some(v.codes[k].code.clone())
                                } else {
                                    None
                                }
                            }
                            Kind::YesNo => rng
                                .random_bool(0.7)
                                .then(|| u8::from(rng.random_bool(0.5)).to_string()),
                        },
                        Column::Item(set, _) => {
                            let empty = *set_empty
                                .entry(set.name.clone())
                                .or_insert_with(|| rng.random_bool(0.35));
                            (!empty).then(|| u8::from(rng.random_bool(0.4)).to_string())
                        }
                    };
                    if let Some(v) = value {
                        rec.insert(name, v);
                    }
                }
                if !progress {
                    break;
                }
            }
            rec
        })
        .collect()
}
