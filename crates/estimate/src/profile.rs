//! Profile-likelihood interval for a sum of cell means of a Poisson log-linear model (the
//! covariate model's expected total and that of each level, observed and unobserved cells
//! together: the quantity its parametric bootstrap resamples, given beside it as Cruyff's
//! `mse` does): the Poisson likelihood maximised under `sum_S exp(x_r' beta) = t` for the
//! cells `r` in `S`. By Lagrange, the maximiser of
//! `loglik(beta) - lambda * log sum_S exp(x_r' beta)` is the profile's point at its own `t`
//! (the logarithm keeps the objective concave far into the upper tail; for one cell it is
//! linear), and `lambda` runs from `0` (the estimate) up (smaller `t`) and down (larger `t`);
//! the bounds are where the log-likelihood has fallen by `z^2 / 2`. A bound the profile does
//! not reach before the objective has no maximum is unbounded.

use crate::dist::qnorm;
use crate::linalg::Cholesky;

/// A Poisson regression `y ~ exp(X beta)` with sparse rows, and the cells `S` (sparse design
/// rows, observed or not) whose means are summed.
pub(crate) struct SumProfile<'a> {
    p: usize,
    rows: Vec<Vec<(usize, f64)>>,
    y: &'a [f64],
    set: Vec<Vec<(usize, f64)>>,
    /// Columns aliased at the maximum-likelihood fit (kept at zero).
    aliased: Vec<bool>,
}

/// One point of the profile: the log-likelihood and the sum, at the coefficients found.
struct Point {
    loglik: f64,
    sum: f64,
    beta: Vec<f64>,
}

impl<'a> SumProfile<'a> {
    pub(crate) fn new(
        x: &[f64],
        n: usize,
        p: usize,
        y: &'a [f64],
        set: &[Vec<f64>],
        aliased: &[bool],
    ) -> Self {
        let sparse = |row: &[f64]| -> Vec<(usize, f64)> {
            (0..p)
                .filter(|&j| row[j] != 0.0 && !aliased[j])
                .map(|j| (j, row[j]))
                .collect()
        };
        let rows = (0..n).map(|i| sparse(&x[i * p..(i + 1) * p])).collect();
        let set = set.iter().map(|r| sparse(r)).collect();
        SumProfile {
            p,
            rows,
            y,
            set,
            aliased: aliased.to_vec(),
        }
    }

    fn eta(row: &[(usize, f64)], beta: &[f64]) -> f64 {
        row.iter().map(|&(j, v)| v * beta[j]).sum()
    }

    fn loglik(&self, beta: &[f64]) -> f64 {
        self.rows
            .iter()
            .zip(self.y)
            .map(|(r, &y)| {
                let e = Self::eta(r, beta);
                y * e - e.exp()
            })
            .sum()
    }

    fn sum(&self, beta: &[f64]) -> f64 {
        self.set.iter().map(|r| Self::eta(r, beta).exp()).sum()
    }

    /// Maximises `loglik - lambda * log(sum)` by Newton's method from `start`; `None` when the
    /// objective has no maximum there (its Hessian is not negative definite).
    fn solve(&self, lambda: f64, start: &[f64]) -> Option<Point> {
        let p = self.p;
        let objective = |b: &[f64]| self.loglik(b) - lambda * self.sum(b).ln();
        let mut beta = start.to_vec();
        let mut f = objective(&beta);
        for _ in 0..200 {
            let mut g = vec![0.0; p];
            let mut h = vec![0.0; p * p];
            for (r, &y) in self.rows.iter().zip(self.y) {
                let mu = Self::eta(r, &beta).exp();
                for &(a, va) in r {
                    g[a] += (y - mu) * va;
                    for &(b, vb) in r {
                        h[a * p + b] += mu * va * vb;
                    }
                }
            }
            // log sum exp(x_r' beta): gradient v = sum w_r x_r with softmax weights w_r,
            // Hessian sum w_r x_r x_r' - v v'.
            let total = self.sum(&beta);
            let mut v = vec![0.0; p];
            for r in &self.set {
                let w = Self::eta(r, &beta).exp() / total;
                for &(a, va) in r {
                    v[a] += w * va;
                    for &(b, vb) in r {
                        h[a * p + b] += lambda * w * va * vb;
                    }
                }
            }
            for a in 0..p {
                g[a] -= lambda * v[a];
                for b in 0..p {
                    h[a * p + b] -= lambda * v[a] * v[b];
                }
            }
            for j in 0..p {
                if self.aliased[j] {
                    h[j * p + j] = 1.0;
                    g[j] = 0.0;
                }
            }
            let ch = Cholesky::new(&h, p);
            if ch.aliased().iter().any(|&a| a) {
                return None;
            }
            let mut step = g;
            ch.solve(&mut step);
            let mut t = 1.0;
            let mut moved = false;
            for _ in 0..60 {
                let cand: Vec<f64> = beta.iter().zip(&step).map(|(b, s)| b + t * s).collect();
                let fc = objective(&cand);
                if fc.is_finite() && fc >= f - 1e-12 * f.abs().max(1.0) {
                    beta = cand;
                    f = fc;
                    moved = true;
                    break;
                }
                t /= 2.0;
            }
            let size = step.iter().fold(0.0f64, |m, s| m.max(s.abs())) * t;
            if !moved {
                return None;
            }
            if size < 1e-11 {
                return Some(Point {
                    loglik: self.loglik(&beta),
                    sum: self.sum(&beta),
                    beta,
                });
            }
        }
        None
    }

    /// The profile interval of the sum at `level`, from the maximum-likelihood coefficients
    /// `beta_hat`: `[lower, upper]`, `None` for a bound the profile does not reach (the
    /// likelihood does not fall far enough: unbounded) or where the fit fails.
    pub(crate) fn interval(&self, beta_hat: &[f64], level: f64) -> [Option<f64>; 2] {
        let Some(top) = self.solve(0.0, beta_hat) else {
            return [None, None];
        };
        let z = qnorm(0.5 + level / 2.0);
        let target = top.loglik - z * z / 2.0;
        // Lambda is the slope of the profile log-likelihood in log t; at the bounds it is
        // about z times the square root of the persons behind the sum.
        let scale = self.y.iter().sum::<f64>().sqrt().max(1.0) / 4.0;
        let side = |sign: f64| -> Option<f64> {
            let mut lo = 0.0;
            let mut warm = top.beta.clone();
            let mut lam = sign * scale;
            // The smallest lambda found where the Lagrangian has no maximum (the sum runs
            // away): the crossing, if any, lies below it, so the search halves towards it
            // instead of giving up (a slowly falling profile crosses just below that limit).
            let mut failed: Option<f64> = None;
            for _ in 0..120 {
                match self.solve(lam, &warm) {
                    Some(pt) if pt.loglik < target => {
                        return self.bisect(lo, lam, &warm, target);
                    }
                    Some(pt) => {
                        lo = lam;
                        warm = pt.beta;
                        lam = failed.map_or(2.0 * lam, |f| 0.5 * (lam + f));
                    }
                    None => {
                        failed = Some(lam);
                        lam = 0.5 * (lo + lam);
                    }
                }
                if failed.is_some_and(|f| (f - lo).abs() <= 1e-9 * scale) {
                    return None;
                }
            }
            None
        };
        let lower = side(1.0);
        let upper = side(-1.0);
        [lower, upper]
    }

    /// The sum where the profile log-likelihood crosses `target` between `lambda` `a`
    /// (above it) and `b` (below it), by bisection on lambda.
    fn bisect(&self, mut a: f64, mut b: f64, start: &[f64], target: f64) -> Option<f64> {
        let mut warm = start.to_vec();
        let mut last = None;
        for _ in 0..100 {
            let m = 0.5 * (a + b);
            let pt = self.solve(m, &warm)?;
            if pt.loglik >= target {
                a = m;
            } else {
                b = m;
            }
            last = Some(pt.sum);
            warm = pt.beta;
            if (b - a).abs() <= 1e-12 * (1.0 + a.abs().max(b.abs())) {
                break;
            }
        }
        last
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_single_poisson_mean_has_the_textbook_profile_interval() {
        // y = 100 from Poisson(exp(b)): the profile of exp(b) solves
        // 100 log(m / 100) - (m - 100) = -1.92, i.e. 81.4 and 121.0 (likelihood-ratio
        // interval of a Poisson mean).
        let x = [1.0];
        let y = [100.0];
        let prof = SumProfile::new(&x, 1, 1, &y, &[vec![1.0]], &[false]);
        let [lo, hi] = prof.interval(&[100f64.ln()], 0.95);
        let (lo, hi) = (lo.unwrap(), hi.unwrap());
        let f = |m: f64| 100.0 * (m / 100.0).ln() - (m - 100.0) + 1.920_729_4;
        assert!(f(lo).abs() < 1e-6 && f(hi).abs() < 1e-6, "{lo} {hi}");
        assert!(lo < 100.0 && 100.0 < hi);
    }
}
