//! Profile-likelihood interval for the population size: the multinomial profile likelihood
//! of Rcapture (`closedpCI.t`) with Cormack's correction, computed by refitting the model to
//! the completed table with `N - n` persons in the unobserved cell.

use serde::Serialize;

use crate::dist::{ln_gamma, qnorm};
use crate::fit::fit_design;
use crate::{EstimateError, Histories, ModelSpec, glm};

/// A profile-likelihood interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ProfileCi {
    /// Lower bound (the number observed when the likelihood does not fall far enough there).
    pub lower: f64,
    /// Upper bound; `None` when the likelihood does not fall far enough below
    /// `UPPER_LIMIT` times the observed (an unbounded interval).
    pub upper: Option<f64>,
    /// The population size that maximises the multinomial profile likelihood.
    pub n_max: f64,
    pub level: f64,
}

/// Cormack's correction term as Rcapture computes it (Stirling's formula above 100).
fn cormack(n0: f64, total: f64) -> f64 {
    if total > 100.0 {
        if n0 == 0.0 || n0 == 1.0 {
            -total + 0.5 * (2.0 * std::f64::consts::PI * total).ln()
        } else {
            n0 - total - 0.5 * (n0 / total).ln()
        }
    } else {
        let n0ln = if n0 > 0.0 { n0 * n0.ln() } else { 0.0 };
        n0ln + ln_gamma(total + 1.0) - total * total.ln() - ln_gamma(n0 + 1.0)
    }
}

struct Profile {
    x: Vec<f64>,
    y: Vec<f64>,
    n: usize,
    p: usize,
    observed: f64,
    start: Option<Vec<f64>>,
}

impl Profile {
    fn loglik(&mut self, big_n: f64) -> f64 {
        let n0 = (big_n - self.observed).max(0.0);
        let last = self.n - 1;
        self.y[last] = n0;
        let g = glm::fit(&self.x, self.n, self.p, &self.y, self.start.as_deref());
        let ll = -(g.deviance - 2.0 * cormack(n0, big_n)) / 2.0;
        if g.converged {
            self.start = Some(g.beta);
        }
        ll
    }
}

/// Golden-section search for the maximum of a unimodal function on `[a, b]`.
fn maximize(mut f: impl FnMut(f64) -> f64, mut a: f64, mut b: f64) -> (f64, f64) {
    let r = (5f64.sqrt() - 1.0) / 2.0;
    let mut c = b - r * (b - a);
    let mut d = a + r * (b - a);
    let (mut fc, mut fd) = (f(c), f(d));
    while (b - a).abs() > 1e-9 * (1.0 + a.abs()) {
        if fc >= fd {
            b = d;
            d = c;
            fd = fc;
            c = b - r * (b - a);
            fc = f(c);
        } else {
            a = c;
            c = d;
            fc = fd;
            d = a + r * (b - a);
            fd = f(d);
        }
    }
    if fc >= fd { (c, fc) } else { (d, fd) }
}

/// A root of `f` in `[a, b]` where `f(a)` and `f(b)` differ in sign (bisection with the
/// Illinois false-position step).
fn root(mut f: impl FnMut(f64) -> f64, mut a: f64, mut b: f64) -> f64 {
    let (mut fa, mut fb) = (f(a), f(b));
    let mut side = 0i8;
    for _ in 0..200 {
        if (b - a).abs() <= 1e-10 * (1.0 + a.abs()) {
            break;
        }
        let mut c = (a * fb - b * fa) / (fb - fa);
        if !c.is_finite() || c <= a.min(b) || c >= a.max(b) {
            c = 0.5 * (a + b);
        }
        let fc = f(c);
        if fc == 0.0 {
            return c;
        }
        if (fc > 0.0) == (fb > 0.0) {
            b = c;
            fb = fc;
            if side == -1 {
                fa /= 2.0;
            }
            side = -1;
        } else {
            a = c;
            fa = fc;
            if side == 1 {
                fb /= 2.0;
            }
            side = 1;
        }
    }
    0.5 * (a + b)
}

/// The profile-likelihood interval at `level` (0.95 for 95%) for a model.
pub fn profile_ci(h: &Histories, spec: &ModelSpec, level: f64) -> Result<ProfileCi, EstimateError> {
    if !(level > 0.0 && level < 1.0) {
        return Err(EstimateError::Data(format!(
            "level must lie between 0 and 1, got {level}"
        )));
    }
    let fit = crate::fit::fit(h, spec)?;
    let k = h.k();
    let design = fit_design(h.counts(), k, &spec.columns());
    let (n, p) = (design.n() + 1, design.p());
    let mut x = design.x.clone();
    // The unobserved cell: intercept only.
    x.push(1.0);
    x.extend(std::iter::repeat_n(0.0, p - 1));
    let mut y = design.y.clone();
    y.push(0.0);
    let observed = h.observed() as f64;
    let mut prof = Profile {
        x,
        y,
        n,
        p,
        observed,
        start: None,
    };
    let hi = 3.0 * fit.estimate;
    let (n_max, l_max) = maximize(|v| prof.loglik(v), observed, hi);
    let z = qnorm(0.5 + level / 2.0);
    let l_min = l_max - z * z / 2.0;
    let lower = if prof.loglik(observed) - l_min >= 0.0 {
        observed
    } else {
        root(|v| prof.loglik(v) - l_min, observed, n_max)
    };
    // The likelihood falls slowly (like −m·log N with m persons on several lists): the
    // search widens until it has fallen far enough, up to UPPER_LIMIT times the observed.
    let limit = crate::bootstrap::UPPER_LIMIT * observed.max(1.0);
    let (mut from, mut to) = (n_max, hi);
    while prof.loglik(to) - l_min >= 0.0 && to < limit {
        from = to;
        to = (2.0 * to).min(limit);
    }
    let upper = if prof.loglik(to) - l_min >= 0.0 {
        None
    } else {
        Some(root(|v| prof.loglik(v) - l_min, from, to))
    };
    Ok(ProfileCi {
        lower,
        upper,
        n_max,
        level,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn two_lists(a: u64, b: u64, c: u64) -> ProfileCi {
        let h = Histories::new(vec!["A".into(), "B".into()], vec![0, a, b, c]).unwrap();
        profile_ci(&h, &ModelSpec::independence(), 0.95).unwrap()
    }

    #[test]
    fn an_upper_bound_beyond_three_times_the_estimate_is_found() {
        // Two lists, a on A only, b on B only, c on both: the profile falls like −c·log N
        // and crosses its level far above the estimate (the walk's hand computations).
        for (a, b, c, lower, upper) in [
            (10, 12, 3, 32.6, 203.5),
            (9, 12, 3, 30.4, 185.5),
            (5, 4, 2, 11.0, 78.7),
            (7, 9, 3, 21.5, 116.0),
        ] {
            let ci = two_lists(a, b, c);
            assert!((ci.lower - lower).abs() < 0.06, "{a},{b},{c}: {ci:?}");
            let hi = ci.upper.unwrap_or(f64::INFINITY);
            assert!((hi - upper).abs() < 0.1, "{a},{b},{c}: {ci:?}");
        }
    }
}
