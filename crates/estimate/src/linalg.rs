//! Small dense linear algebra for the normal equations of log-linear models: a Cholesky
//! factorisation that sets aside aliased (linearly dependent) columns, solves, the
//! inverse, and the column rank of a 0/1 design matrix.

/// Cholesky factor of a symmetric positive semi-definite `p x p` matrix (row-major).
/// Columns whose pivot falls below `tol` times their diagonal are aliased: they get a zero
/// row and column in the factor and a zero coefficient in every solve.
#[derive(Clone)]
pub struct Cholesky {
    p: usize,
    l: Vec<f64>,
    aliased: Vec<bool>,
}

impl Cholesky {
    pub fn new(a: &[f64], p: usize) -> Self {
        let mut l = vec![0.0; p * p];
        let mut aliased = vec![false; p];
        for j in 0..p {
            let diag0 = a[j * p + j];
            let mut d = diag0;
            for k in 0..j {
                d -= l[j * p + k] * l[j * p + k];
            }
            if d.is_nan() || d <= 1e-10 * diag0.abs() || diag0 <= 0.0 {
                aliased[j] = true;
                continue;
            }
            let ljj = d.sqrt();
            l[j * p + j] = ljj;
            for i in (j + 1)..p {
                let mut s = a[i * p + j];
                for k in 0..j {
                    s -= l[i * p + k] * l[j * p + k];
                }
                l[i * p + j] = s / ljj;
            }
        }
        Cholesky { p, l, aliased }
    }

    /// The lower-triangular factor `L` with `L L' = A` (row-major; zero rows and columns for
    /// aliased columns).
    pub fn lower(&self) -> &[f64] {
        &self.l
    }

    /// Which columns were set aside as linearly dependent on earlier ones.
    pub fn aliased(&self) -> &[bool] {
        &self.aliased
    }

    /// Solves `A x = b` in place (aliased coordinates are set to zero).
    pub fn solve(&self, b: &mut [f64]) {
        let p = self.p;
        for i in 0..p {
            if self.aliased[i] {
                b[i] = 0.0;
                continue;
            }
            let s: f64 = b[i]
                - self.l[i * p..i * p + i]
                    .iter()
                    .zip(&b[..i])
                    .map(|(l, x)| l * x)
                    .sum::<f64>();
            b[i] = s / self.l[i * p + i];
        }
        for i in (0..p).rev() {
            if self.aliased[i] {
                b[i] = 0.0;
                continue;
            }
            let s: f64 = b[i]
                - b[i + 1..]
                    .iter()
                    .enumerate()
                    .map(|(j, x)| self.l[(i + 1 + j) * p + i] * x)
                    .sum::<f64>();
            b[i] = s / self.l[i * p + i];
        }
    }

    /// The inverse (generalised: zero rows and columns for aliased columns).
    pub fn inverse(&self) -> Vec<f64> {
        let p = self.p;
        let mut inv = vec![0.0; p * p];
        let mut e = vec![0.0; p];
        for j in 0..p {
            if self.aliased[j] {
                continue;
            }
            e.iter_mut().for_each(|v| *v = 0.0);
            e[j] = 1.0;
            self.solve(&mut e);
            for i in 0..p {
                inv[i * p + j] = e[i];
            }
        }
        inv
    }
}

/// Column rank of a `rows x cols` matrix (row-major) by Gaussian elimination with partial
/// pivoting; entries below `1e-9` times the largest are zero.
pub fn column_rank(x: &[f64], rows: usize, cols: usize) -> usize {
    let mut a = x.to_vec();
    let scale = a.iter().fold(0.0f64, |m, v| m.max(v.abs())).max(1e-300);
    let tol = 1e-9 * scale;
    let mut rank = 0;
    let mut row = 0;
    for c in 0..cols {
        if row >= rows {
            break;
        }
        let (mut best, mut best_val) = (row, a[row * cols + c].abs());
        for r in (row + 1)..rows {
            let v = a[r * cols + c].abs();
            if v > best_val {
                best = r;
                best_val = v;
            }
        }
        if best_val <= tol {
            continue;
        }
        if best != row {
            for k in 0..cols {
                a.swap(best * cols + k, row * cols + k);
            }
        }
        let piv = a[row * cols + c];
        for r in (row + 1)..rows {
            let f = a[r * cols + c] / piv;
            if f != 0.0 {
                for k in c..cols {
                    a[r * cols + k] -= f * a[row * cols + k];
                }
            }
        }
        row += 1;
        rank += 1;
    }
    rank
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn solves_and_inverts() {
        let a = [4.0, 2.0, 0.6, 2.0, 5.0, 1.0, 0.6, 1.0, 3.0];
        let ch = Cholesky::new(&a, 3);
        assert_eq!(ch.aliased(), &[false, false, false]);
        let inv = ch.inverse();
        for i in 0..3 {
            for j in 0..3 {
                let v: f64 = (0..3).map(|k| a[i * 3 + k] * inv[k * 3 + j]).sum();
                assert!((v - if i == j { 1.0 } else { 0.0 }).abs() < 1e-12);
            }
        }
    }

    #[test]
    fn finds_aliased_columns() {
        // Third column = first + second.
        let x = [1.0, 0.0, 1.0, 0.0, 1.0, 1.0, 1.0, 1.0, 2.0, 1.0, 0.0, 1.0];
        assert_eq!(column_rank(&x, 4, 3), 2);
        let mut xtx = [0.0; 9];
        for r in 0..4 {
            for i in 0..3 {
                for j in 0..3 {
                    xtx[i * 3 + j] += x[r * 3 + i] * x[r * 3 + j];
                }
            }
        }
        let ch = Cholesky::new(&xtx, 3);
        assert_eq!(ch.aliased(), &[false, false, true]);
    }
}
