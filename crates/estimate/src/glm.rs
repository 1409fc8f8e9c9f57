//! Poisson log-linear regression by Newton's method (iteratively reweighted least squares)
//! with step halving, iterated to machine precision; aliased columns are set aside as R's
//! `glm` does.

use crate::dist::ln_gamma;
use crate::linalg::Cholesky;

/// A fitted Poisson regression.
#[derive(Clone)]
pub struct Glm {
    /// Coefficients per design column (0 for aliased columns).
    pub beta: Vec<f64>,
    /// Fitted means per cell.
    pub mu: Vec<f64>,
    pub deviance: f64,
    pub loglik: f64,
    /// Cholesky factor of the information matrix `X' W X` at the fit.
    information: Cholesky,
    pub aliased: Vec<bool>,
    /// True when the coefficients settled (false when some diverge: the estimate does not exist).
    pub converged: bool,
    /// True when the deviance settled, also while some coefficients diverge (a maximum on
    /// the boundary, the extended maximum-likelihood estimate: the fitted values have their
    /// limits; R's `glm` stops on this criterion).
    pub deviance_settled: bool,
}

impl Glm {
    /// Inverse of the information matrix (the unscaled covariance of the coefficients),
    /// `p x p` row-major.
    pub fn covariance(&self) -> Vec<f64> {
        self.information.inverse()
    }
}

fn deviance(y: &[f64], mu: &[f64]) -> f64 {
    2.0 * y
        .iter()
        .zip(mu)
        .map(|(&y, &m)| {
            if y > 0.0 {
                y * (y / m).ln() - (y - m)
            } else {
                m
            }
        })
        .sum::<f64>()
}

/// The design in compressed rows: the non-zero entries of each row.
struct Sparse {
    start: Vec<usize>,
    col: Vec<usize>,
    val: Vec<f64>,
}

impl Sparse {
    fn new(x: &[f64], n: usize, p: usize) -> Sparse {
        let mut start = Vec::with_capacity(n + 1);
        let mut col = Vec::new();
        let mut val = Vec::new();
        start.push(0);
        for i in 0..n {
            for (j, &v) in x[i * p..(i + 1) * p].iter().enumerate() {
                if v != 0.0 {
                    col.push(j);
                    val.push(v);
                }
            }
            start.push(col.len());
        }
        Sparse { start, col, val }
    }

    fn row(&self, i: usize) -> (&[usize], &[f64]) {
        let (a, b) = (self.start[i], self.start[i + 1]);
        (&self.col[a..b], &self.val[a..b])
    }

    fn eta(&self, beta: &[f64], eta: &mut [f64]) {
        for (i, e) in eta.iter_mut().enumerate() {
            let (c, v) = self.row(i);
            *e = c.iter().zip(v).map(|(&j, &x)| x * beta[j]).sum();
        }
    }

    /// `X' W X` (full, symmetric) and `X' W z` with `W = mu` and `W z = mu eta + y - mu`.
    fn normal_equations(
        &self,
        p: usize,
        mu: &[f64],
        eta: &[f64],
        y: &[f64],
        xtwx: &mut [f64],
        rhs: &mut [f64],
    ) {
        xtwx.iter_mut().for_each(|v| *v = 0.0);
        rhs.iter_mut().for_each(|v| *v = 0.0);
        for i in 0..mu.len() {
            let w = mu[i];
            let wz = w * eta[i] + (y[i] - w);
            let (c, v) = self.row(i);
            for (a, (&ca, &va)) in c.iter().zip(v).enumerate() {
                rhs[ca] += va * wz;
                let wa = w * va;
                for (&cb, &vb) in c[..=a].iter().zip(&v[..=a]) {
                    xtwx[ca * p + cb] += wa * vb;
                }
            }
        }
        for a in 0..p {
            for b in 0..a {
                xtwx[b * p + a] = xtwx[a * p + b];
            }
        }
    }
}

/// Fits `y ~ Poisson(exp(X beta))`. `x` is `n x p` row-major; `start` warm-starts the
/// coefficients.
pub fn fit(x: &[f64], n: usize, p: usize, y: &[f64], start: Option<&[f64]>) -> Glm {
    let sp = Sparse::new(x, n, p);
    let mut eta = vec![0.0; n];
    let mut mu = vec![0.0; n];
    let mut beta = vec![0.0; p];
    match start {
        Some(b) => {
            beta.copy_from_slice(b);
            sp.eta(&beta, &mut eta);
        }
        None => {
            for i in 0..n {
                eta[i] = (y[i] + 0.1).ln();
            }
        }
    }
    for i in 0..n {
        mu[i] = eta[i].exp();
    }
    let mut dev = deviance(y, &mu);
    let mut have_beta = start.is_some();
    let mut xtwx = vec![0.0; p * p];
    let mut rhs = vec![0.0; p];
    let mut new_eta = vec![0.0; n];
    let mut new_mu = vec![0.0; n];
    let mut converged = false;
    let mut deviance_settled = false;
    for it in 0..100 {
        sp.normal_equations(p, &mu, &eta, y, &mut xtwx, &mut rhs);
        let chol = Cholesky::new(&xtwx, p);
        let mut new_beta = rhs.clone();
        chol.solve(&mut new_beta);
        // Step halving while the deviance does not decrease.
        let mut new_dev = f64::INFINITY;
        for _ in 0..40 {
            sp.eta(&new_beta, &mut new_eta);
            for i in 0..n {
                new_mu[i] = new_eta[i].exp();
            }
            new_dev = deviance(y, &new_mu);
            if !have_beta || (new_dev.is_finite() && new_dev <= dev * (1.0 + 1e-12) + 1e-12) {
                break;
            }
            for (nb, b) in new_beta.iter_mut().zip(&beta) {
                *nb = 0.5 * (*nb + *b);
            }
        }
        let step = new_beta
            .iter()
            .zip(&beta)
            .map(|(a, b)| (a - b).abs() / (1.0 + b.abs()))
            .fold(0.0f64, f64::max);
        let dev_change = (new_dev - dev).abs() / (new_dev.abs() + 0.1);
        beta.copy_from_slice(&new_beta);
        eta.copy_from_slice(&new_eta);
        mu.copy_from_slice(&new_mu);
        dev = new_dev;
        // Newton converges quadratically: after a step below 1e-8 the error is below 1e-16.
        let settled = have_beta && step < 1e-8;
        have_beta = true;
        if settled {
            converged = true;
            deviance_settled = true;
            break;
        }
        if it >= 3 && dev_change < 1e-15 {
            converged = step < 1e-6;
            deviance_settled = true;
            break;
        }
    }
    // Information matrix at the final fit.
    let mut scratch = vec![0.0; p];
    sp.normal_equations(p, &mu, &eta, y, &mut xtwx, &mut scratch);
    let chol = Cholesky::new(&xtwx, p);
    let loglik = y
        .iter()
        .zip(&mu)
        .map(|(&y, &m)| {
            if y > 0.0 {
                y * m.ln() - m - ln_gamma(y + 1.0)
            } else {
                -m
            }
        })
        .sum();
    Glm {
        aliased: chol.aliased().to_vec(),
        information: chol,
        beta,
        mu,
        deviance: dev,
        loglik,
        converged,
        deviance_settled,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn saturated_fit_reproduces_counts() {
        // Two cells, intercept + indicator: fitted = observed.
        let x = [1.0, 0.0, 1.0, 1.0];
        let y = [10.0, 30.0];
        let g = fit(&x, 2, 2, &y, None);
        assert!(g.converged);
        assert!((g.mu[0] - 10.0).abs() < 1e-10 && (g.mu[1] - 30.0).abs() < 1e-10);
        assert!((g.beta[1] - 3.0f64.ln()).abs() < 1e-12);
        assert!(g.deviance.abs() < 1e-10);
        // Var(log 30 - log 10) = 1/10 + 1/30.
        assert!((g.covariance()[3] - (0.1 + 1.0 / 30.0)).abs() < 1e-10);
    }
}
