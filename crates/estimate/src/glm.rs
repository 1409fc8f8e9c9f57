//! Poisson log-linear regression by Newton's method (iteratively reweighted least squares)
//! with step halving, iterated to machine precision; aliased columns are set aside as R's
//! `glm` does.

use crate::dist::ln_gamma;
use crate::linalg::Cholesky;

/// A fitted Poisson regression.
#[derive(Debug, Clone)]
pub struct Glm {
    /// Coefficients per design column (0 for aliased columns).
    pub beta: Vec<f64>,
    /// Fitted means per cell.
    pub mu: Vec<f64>,
    pub deviance: f64,
    pub loglik: f64,
    /// Inverse of the information matrix `X' W X` (the unscaled covariance).
    pub cov: Vec<f64>,
    pub aliased: Vec<bool>,
    /// True when the coefficients settled (false when some diverge: the estimate does not exist).
    pub converged: bool,
    pub iterations: usize,
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

fn linear_predictor(x: &[f64], n: usize, p: usize, beta: &[f64], eta: &mut [f64]) {
    for i in 0..n {
        let row = &x[i * p..(i + 1) * p];
        eta[i] = row.iter().zip(beta).map(|(a, b)| a * b).sum();
    }
}

/// Fits `y ~ Poisson(exp(X beta))`. `x` is `n x p` row-major; `start` warm-starts the
/// coefficients.
pub fn fit(x: &[f64], n: usize, p: usize, y: &[f64], start: Option<&[f64]>) -> Glm {
    let mut eta = vec![0.0; n];
    let mut mu = vec![0.0; n];
    let mut beta = vec![0.0; p];
    match start {
        Some(b) => {
            beta.copy_from_slice(b);
            linear_predictor(x, n, p, &beta, &mut eta);
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
    let mut iterations = 0;
    let mut chol = Cholesky::new(&[], 0);
    for it in 0..100 {
        iterations = it + 1;
        xtwx.iter_mut().for_each(|v| *v = 0.0);
        rhs.iter_mut().for_each(|v| *v = 0.0);
        for i in 0..n {
            let w = mu[i];
            // w * z with the working response z = eta + (y - mu) / mu.
            let wz = w * eta[i] + (y[i] - mu[i]);
            let row = &x[i * p..(i + 1) * p];
            for a in 0..p {
                let xa = row[a];
                if xa == 0.0 {
                    continue;
                }
                let wa = w * xa;
                rhs[a] += xa * wz;
                for b in 0..=a {
                    xtwx[a * p + b] += wa * row[b];
                }
            }
        }
        for a in 0..p {
            for b in 0..a {
                xtwx[b * p + a] = xtwx[a * p + b];
            }
        }
        chol = Cholesky::new(&xtwx, p);
        let mut new_beta = rhs.clone();
        chol.solve(&mut new_beta);
        // Step halving while the deviance does not decrease.
        let mut new_dev = f64::INFINITY;
        for _ in 0..40 {
            linear_predictor(x, n, p, &new_beta, &mut new_eta);
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
        let settled = have_beta && step < 1e-11;
        have_beta = true;
        if settled {
            converged = true;
            break;
        }
        if it >= 3 && dev_change < 1e-15 {
            converged = step < 1e-6;
            break;
        }
    }
    // Information matrix at the final fit.
    xtwx.iter_mut().for_each(|v| *v = 0.0);
    for i in 0..n {
        let row = &x[i * p..(i + 1) * p];
        for a in 0..p {
            if row[a] == 0.0 {
                continue;
            }
            for b in 0..=a {
                xtwx[a * p + b] += mu[i] * row[a] * row[b];
            }
        }
    }
    for a in 0..p {
        for b in 0..a {
            xtwx[b * p + a] = xtwx[a * p + b];
        }
    }
    if p > 0 {
        chol = Cholesky::new(&xtwx, p);
    }
    let loglik = y
        .iter()
        .zip(&mu)
        .map(|(&y, &m)| {
            let term = if y > 0.0 { y * m.ln() } else { 0.0 };
            term - m - ln_gamma(y + 1.0)
        })
        .sum();
    Glm {
        cov: chol.inverse(),
        aliased: chol.aliased().to_vec(),
        beta,
        mu,
        deviance: dev,
        loglik,
        converged,
        iterations,
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
        assert!((g.cov[3] - (0.1 + 1.0 / 30.0)).abs() < 1e-10);
    }
}
