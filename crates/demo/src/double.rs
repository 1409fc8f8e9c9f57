//! A synthetic double-coded sample: two coders' `cases.csv` of a random share of one year's cases, each coder departing from the true coding with realistic, seeded mistakes.
//!
//! The truth is the demo case itself. Every coder independently misreads each
//! variable with a per-variable error rate (some variables are easy, some are
//! hard): a different code, a missed value (left unknown), an age a few years
//! off, a set item ticked or missed. Everything is walked through the codebook.
//! Variables that a condition depends on (such as `exploitation`) are never
//! changed, because a change would have to cascade into other columns; the
//! selection variables (identifier, dates, channel, status) are administrative
//! and copied as they are. Both files are valid `cases.csv` files.

use std::collections::BTreeSet;

use rand::seq::{IndexedRandom, SliceRandom};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use zicht_cases::Record;
use zicht_codebook::{Codebook, Kind};

use crate::Case;

/// The share of the year's included cases that both coders code.
pub const SHARE: f64 = 0.2;
/// The codebook group that is copied, never misread.
const ADMINISTRATIVE: &str = "selection";

/// The two coders' records of the same sample, in the same order.
#[derive(Debug, Clone, PartialEq)]
pub struct DoubleCoding {
    pub a: Vec<Record>,
    pub b: Vec<Record>,
}

/// Variables that some condition refers to.
fn condition_parents(book: &Codebook) -> BTreeSet<String> {
    book.variables
        .iter()
        .filter_map(|v| v.condition.as_ref())
        .chain(book.sets.iter().filter_map(|s| s.condition.as_ref()))
        .map(|c| c.variable.clone())
        .collect()
}

/// Per-variable error rates: a fixed draw per seed, between 0.5% and 7% per coder (sets: 3% per item).
fn error_rates(book: &Codebook, rng: &mut ChaCha8Rng) -> Vec<f64> {
    let mut rates: Vec<f64> = book
        .variables
        .iter()
        .map(|_| rng.random_range(0.005..0.07))
        .collect();
    rates.extend(book.sets.iter().map(|_| rng.random_range(0.005..0.03)));
    rates
}

/// One coder's reading of a case: the true record with this coder's mistakes.
fn misread(book: &Codebook, truth: &Record, rates: &[f64], rng: &mut ChaCha8Rng) -> Record {
    let parents = condition_parents(book);
    let mut r = truth.clone();
    for (v, &rate) in book.variables.iter().zip(rates) {
        if v.group == ADMINISTRATIVE || parents.contains(&v.name) {
            continue;
        }
        if let Some(c) = &v.condition
            && !c.holds(truth.get(&c.variable).map(String::as_str))
        {
            continue;
        }
        if !rng.random_bool(rate) {
            continue;
        }
        let known = truth.get(&v.name).cloned();
        // A value the coder missed.
        let missed = known.is_some() && !v.required && rng.random_bool(0.3);
        let new = if missed {
            None
        } else {
            match v.kind {
                Kind::Code => {
                    let others: Vec<&str> = v
                        .codes
                        .iter()
                        .map(|c| c.code.as_str())
                        .filter(|c| Some(*c) != known.as_deref())
                        .collect();
                    others.choose(rng).map(|c| (*c).to_string())
                }
                Kind::YesNo => Some(match known.as_deref() {
                    Some("1") => "0".to_string(),
                    Some("0") => "1".to_string(),
                    _ => if rng.random_bool(0.5) { "1" } else { "0" }.to_string(),
                }),
                Kind::Integer => {
                    let lo = v.min.unwrap_or(0);
                    let hi = v.max.unwrap_or(lo + 100);
                    let base = known
                        .as_deref()
                        .and_then(|k| k.parse::<i64>().ok())
                        .unwrap_or_else(|| rng.random_range(lo..=hi));
                    let step = rng.random_range(1..=3) * if rng.random_bool(0.5) { 1 } else { -1 };
                    Some((base + step).clamp(lo, hi).to_string())
                }
                Kind::Text | Kind::Date => known.clone(),
            }
        };
        match new {
            Some(x) => {
                r.insert(v.name.clone(), x);
            }
            None => {
                r.remove(&v.name);
            }
        }
    }
    for (s, &rate) in book.sets.iter().zip(&rates[book.variables.len()..]) {
        if let Some(c) = &s.condition
            && !c.holds(truth.get(&c.variable).map(String::as_str))
        {
            continue;
        }
        for item in &s.items {
            if !rng.random_bool(rate) {
                continue;
            }
            let col = s.column(item);
            if r.remove(&col).is_none() {
                r.insert(col, "1".to_string());
            }
        }
    }
    r
}

/// Draws the sample of `year`'s included cases and both coders' readings of it.
pub fn double_coding(cases: &[Case], year: i32, book: &Codebook, seed: u64) -> DoubleCoding {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0xD0B1_E0C0_D1A6_0001);
    let rates = error_rates(book, &mut rng);
    let mut pool: Vec<&Case> = cases
        .iter()
        .filter(|c| c.year == year && c.included)
        .collect();
    pool.shuffle(&mut rng);
    let n = ((pool.len() as f64 * SHARE).round() as usize).min(pool.len());
    let mut sample: Vec<&Case> = pool.into_iter().take(n).collect();
    sample.sort_by(|x, y| x.case_id.cmp(&y.case_id));
    let mut a = Vec::with_capacity(n);
    let mut b = Vec::with_capacity(n);
    for case in sample {
        let truth = case.record(book);
        a.push(misread(book, &truth, &rates, &mut rng));
        b.push(misread(book, &truth, &rates, &mut rng));
    }
    DoubleCoding { a, b }
}
