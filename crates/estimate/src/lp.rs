//! A small dense two-phase simplex method for `max c.x` subject to `A x = b`, `x >= 0`,
//! `b >= 0`: enough for the existence test of Fienberg & Rinaldo on capture histories.

/// How a linear program ended.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum LpOutcome {
    /// Optimal, with this objective value.
    Optimal(f64),
    /// No `x >= 0` satisfies the constraints.
    Infeasible,
    /// The objective has no upper bound.
    Unbounded,
    /// The pivot limit was reached (should not happen on these problems).
    IterationLimit,
}

const EPS: f64 = 1e-9;

struct Tableau {
    rows: usize,
    width: usize,
    t: Vec<f64>,
    basis: Vec<usize>,
}

impl Tableau {
    fn at(&self, r: usize, c: usize) -> f64 {
        self.t[r * self.width + c]
    }

    fn pivot(&mut self, r: usize, c: usize) {
        let w = self.width;
        let piv = self.t[r * w + c];
        for k in 0..w {
            self.t[r * w + k] /= piv;
        }
        for i in 0..=self.rows {
            if i == r {
                continue;
            }
            let f = self.t[i * w + c];
            if f != 0.0 {
                for k in 0..w {
                    self.t[i * w + k] -= f * self.t[r * w + k];
                }
            }
        }
        self.basis[r] = c;
    }

    /// Runs the simplex on the objective row (row `rows`); columns `>= allowed` never enter.
    fn run(&mut self, allowed: usize) -> Option<LpOutcome> {
        let rhs = self.width - 1;
        let zrow = self.rows;
        let mut degenerate = 0usize;
        for _ in 0..50_000 {
            // Entering column: most negative reduced cost, or the first negative one
            // (Bland's rule, which cannot cycle) after a run of degenerate pivots.
            let bland = degenerate > 50;
            let mut enter = None;
            let mut best = -EPS;
            for j in 0..allowed {
                let d = self.at(zrow, j);
                if d < best {
                    enter = Some(j);
                    if bland {
                        break;
                    }
                    best = d;
                }
            }
            let c = enter?;
            let mut leave: Option<(usize, f64)> = None;
            for r in 0..self.rows {
                let a = self.at(r, c);
                if a > EPS {
                    let ratio = self.at(r, rhs) / a;
                    match leave {
                        None => leave = Some((r, ratio)),
                        Some((lr, lratio)) => {
                            if ratio < lratio - 1e-12
                                || (ratio <= lratio + 1e-12 && self.basis[r] < self.basis[lr])
                            {
                                leave = Some((r, ratio));
                            }
                        }
                    }
                }
            }
            let Some((r, ratio)) = leave else {
                return Some(LpOutcome::Unbounded);
            };
            if ratio.abs() < 1e-12 {
                degenerate += 1;
            } else {
                degenerate = 0;
            }
            self.pivot(r, c);
        }
        Some(LpOutcome::IterationLimit)
    }
}

/// Maximises `c.x` subject to `A x = b`, `x >= 0`, where `A` is `m x n` (row-major) and
/// every `b_i >= 0`.
pub fn maximize(a: &[f64], m: usize, n: usize, b: &[f64], c: &[f64]) -> LpOutcome {
    let width = n + m + 1;
    let rhs = width - 1;
    let mut t = vec![0.0; (m + 1) * width];
    for i in 0..m {
        for j in 0..n {
            t[i * width + j] = a[i * n + j];
        }
        t[i * width + n + i] = 1.0;
        t[i * width + rhs] = b[i];
    }
    // Phase 1: maximise minus the sum of the artificial variables.
    for j in 0..n {
        t[m * width + j] = -(0..m).map(|i| a[i * n + j]).sum::<f64>();
    }
    t[m * width + rhs] = -b.iter().sum::<f64>();
    let mut tab = Tableau {
        rows: m,
        width,
        t,
        basis: (n..n + m).collect(),
    };
    if let Some(out) = tab.run(n)
        && out != LpOutcome::Unbounded
    {
        return out;
    }
    let scale = 1.0 + b.iter().fold(0.0f64, |s, v| s.max(v.abs()));
    if tab.at(m, rhs).abs() > 1e-9 * scale {
        return LpOutcome::Infeasible;
    }
    // Drive artificial variables out of the basis; rows where that is impossible are redundant.
    for r in 0..m {
        if tab.basis[r] >= n
            && let Some(j) = (0..n).find(|&j| tab.at(r, j).abs() > EPS)
        {
            tab.pivot(r, j);
        }
    }
    // Phase 2.
    for j in 0..width {
        tab.t[m * width + j] = 0.0;
    }
    for (j, cj) in c.iter().enumerate().take(n) {
        tab.t[m * width + j] = -cj;
    }
    for r in 0..m {
        let bj = tab.basis[r];
        if bj < n {
            let f = tab.t[m * width + bj];
            if f != 0.0 {
                for k in 0..width {
                    tab.t[m * width + k] -= f * tab.t[r * width + k];
                }
            }
        }
    }
    match tab.run(n) {
        None => LpOutcome::Optimal(tab.at(m, rhs)),
        Some(out) => out,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn small_problem() {
        // max x1 + 2 x2, x1 + x2 + s1 = 4, x1 + 3 x2 + s2 = 6: optimum at (3, 1): 5.
        let a = [1.0, 1.0, 1.0, 0.0, 1.0, 3.0, 0.0, 1.0];
        let out = maximize(&a, 2, 4, &[4.0, 6.0], &[1.0, 2.0, 0.0, 0.0]);
        match out {
            LpOutcome::Optimal(v) => assert!((v - 5.0).abs() < 1e-12),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn infeasible_and_redundant() {
        // x1 + x2 = 1 and x1 + x2 = 2: infeasible.
        let a = [1.0, 1.0, 1.0, 1.0];
        assert_eq!(
            maximize(&a, 2, 2, &[1.0, 2.0], &[1.0, 0.0]),
            LpOutcome::Infeasible
        );
        // The same row twice is redundant, not infeasible.
        match maximize(&a, 2, 2, &[1.0, 1.0], &[1.0, 0.0]) {
            LpOutcome::Optimal(v) => assert!((v - 1.0).abs() < 1e-12),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn unbounded() {
        // x1 - x2 = 1, max x1.
        let a = [1.0, -1.0];
        assert_eq!(
            maximize(&a, 1, 2, &[1.0], &[1.0, 0.0]),
            LpOutcome::Unbounded
        );
    }
}
