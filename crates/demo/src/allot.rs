//! Exact allotment: gives each code of a quota table to exactly its count of cases, best fitting first.
//!
//! The demo data hit the seed's figures because every variable is handed out
//! from a table of exact counts, never sampled. Which case gets which code is
//! decided by a score (plausibility, e.g. parents as perpetrators of the
//! youngest victims) plus seeded noise, and by a feasibility rule (a score of
//! `None`) that is never broken.

use rand::Rng;
use rand_chacha::ChaCha8Rng;

use crate::DemoError;

/// A quota table: code and how many cases get it. The code `""` means unknown
/// (left empty); it is only there so that a table sums to its population.
pub type Quotas = Vec<(&'static str, usize)>;

/// Total of a quota table.
pub fn total(q: &[(&'static str, usize)]) -> usize {
    q.iter().map(|(_, n)| n).sum()
}

/// The count of one code in a quota table (0 when absent).
pub fn count(q: &[(&'static str, usize)], code: &str) -> usize {
    q.iter().filter(|(c, _)| *c == code).map(|(_, n)| n).sum()
}

/// Hands out the quotas (in the given order, the unknown code `""` skipped) to
/// cases of `pool`, each case at most once. For every quota the cases with the
/// highest `score + noise` among those still free and feasible are taken.
///
/// Returns `(case, code)` pairs; fails when a quota cannot be filled.
pub fn allot(
    rng: &mut ChaCha8Rng,
    what: &str,
    pool: &[usize],
    quotas: &[(&'static str, usize)],
    noise: f64,
    score: impl FnMut(usize, &'static str) -> Option<f64>,
) -> Result<Vec<(usize, &'static str)>, DemoError> {
    let wanted: Vec<(&'static str, usize)> = quotas
        .iter()
        .filter(|(c, _)| !c.is_empty())
        .copied()
        .collect();
    allot_any(rng, what, pool, &wanted, noise, score)
}

/// [`allot`] for any kind of code (ages, pattern numbers).
pub fn allot_any<T: Copy + std::fmt::Debug>(
    rng: &mut ChaCha8Rng,
    what: &str,
    pool: &[usize],
    quotas: &[(T, usize)],
    noise: f64,
    mut score: impl FnMut(usize, T) -> Option<f64>,
) -> Result<Vec<(usize, T)>, DemoError> {
    let mut free: Vec<usize> = pool.to_vec();
    let mut out = Vec::new();
    for &(code, n) in quotas {
        if n == 0 {
            continue;
        }
        let mut ranked: Vec<(f64, usize)> = free
            .iter()
            .filter_map(|&c| score(c, code).map(|s| (s + noise * rng.random::<f64>(), c)))
            .collect();
        if ranked.len() < n {
            return Err(DemoError::Infeasible(format!(
                "{what}: {n} cases wanted for `{code:?}`, only {} fit",
                ranked.len()
            )));
        }
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let taken: Vec<usize> = ranked[..n].iter().map(|&(_, c)| c).collect();
        out.extend(taken.iter().map(|&c| (c, code)));
        free.retain(|c| !taken.contains(c));
    }
    Ok(out)
}

/// Scales a quota table to a new total by largest remainders (ties to the earlier entry).
pub fn scale(q: &[(&'static str, usize)], to: usize) -> Quotas {
    let from = total(q);
    if from == 0 {
        return q.iter().map(|&(c, _)| (c, 0)).collect();
    }
    let mut out: Vec<(&'static str, usize)> = Vec::with_capacity(q.len());
    let mut rems: Vec<(usize, usize)> = Vec::with_capacity(q.len());
    for (i, &(c, n)) in q.iter().enumerate() {
        let exact = n * to;
        out.push((c, exact / from));
        rems.push((exact % from, i));
    }
    let mut left = to - total(&out);
    rems.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for &(_, i) in &rems {
        if left == 0 {
            break;
        }
        out[i].1 += 1;
        left -= 1;
    }
    out
}

/// Sets the count of `code` to `n` and gives the difference to (or takes it from) `filler`.
pub fn set(q: &mut Quotas, code: &'static str, n: usize, filler: &'static str) {
    let old = count(q, code);
    for e in q.iter_mut() {
        if e.0 == code {
            e.1 = n;
        }
    }
    if !q.iter().any(|e| e.0 == code) {
        q.push((code, n));
    }
    for e in q.iter_mut() {
        if e.0 == filler {
            e.1 = (e.1 + old).saturating_sub(n);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn allot_gives_exact_counts_and_respects_feasibility() -> Result<(), DemoError> {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let pool: Vec<usize> = (0..20).collect();
        let got = allot(
            &mut rng,
            "t",
            &pool,
            &[("a", 5), ("b", 7), ("", 8)],
            1.0,
            |c, code| (code != "a" || c % 2 == 0).then_some(0.0),
        )?;
        assert_eq!(got.iter().filter(|(_, c)| *c == "a").count(), 5);
        assert_eq!(got.iter().filter(|(_, c)| *c == "b").count(), 7);
        assert!(got.iter().all(|&(c, code)| code != "a" || c % 2 == 0));
        let mut cases: Vec<usize> = got.iter().map(|&(c, _)| c).collect();
        cases.dedup();
        assert_eq!(cases.len(), 12);
        Ok(())
    }

    #[test]
    fn allot_fails_when_a_quota_cannot_be_met() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let pool: Vec<usize> = (0..4).collect();
        assert!(allot(&mut rng, "t", &pool, &[("a", 5)], 1.0, |_, _| Some(0.0)).is_err());
    }

    #[test]
    fn scale_keeps_the_total() {
        let q: Quotas = vec![("a", 107), ("b", 37), ("c", 18), ("", 48)];
        for to in [0, 1, 50, 210, 333] {
            assert_eq!(total(&scale(&q, to)), to);
        }
        assert_eq!(scale(&q, 210), q);
    }

    #[test]
    fn set_moves_the_difference_to_the_filler() {
        let mut q: Quotas = vec![("a", 10), ("b", 5)];
        set(&mut q, "a", 7, "b");
        assert_eq!(q, vec![("a", 7), ("b", 8)]);
    }
}
