//! Special functions and distributions: log-gamma, incomplete gamma, Poisson and normal
//! distribution functions, the normal quantile, and R's type-8 sample quantile.

// The published coefficients (Lanczos; Wichura's AS 241) are kept digit for digit.
#![allow(clippy::excessive_precision, clippy::inconsistent_digit_grouping)]

use std::f64::consts::PI;

/// Natural logarithm of the gamma function for `x > 0` (Lanczos, g = 7, n = 9; about 15 digits).
pub fn ln_gamma(x: f64) -> f64 {
    const G: f64 = 7.0;
    const C: [f64; 9] = [
        0.999_999_999_999_809_93,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_13,
        -176.615_029_162_140_59,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_571_6e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        // Reflection formula.
        return (PI / (PI * x).sin()).ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let mut a = C[0];
    let t = x + G + 0.5;
    for (i, c) in C.iter().enumerate().skip(1) {
        a += c / (x + i as f64);
    }
    0.5 * (2.0 * PI).ln() + (x + 0.5) * t.ln() - t + a.ln()
}

/// Upper tail of the chi-square distribution with `df` degrees of freedom at `x`.
pub fn pchisq_upper(x: f64, df: f64) -> f64 {
    gamma_pq(df / 2.0, x / 2.0).1
}

/// Regularized lower incomplete gamma function P(a, x) and its complement Q(a, x).
fn gamma_pq(a: f64, x: f64) -> (f64, f64) {
    if x <= 0.0 {
        return (0.0, 1.0);
    }
    let ln_front = a * x.ln() - x - ln_gamma(a);
    if x < a + 1.0 {
        // Series for P.
        let mut ap = a;
        let mut sum = 1.0 / a;
        let mut del = sum;
        for _ in 0..10_000 {
            ap += 1.0;
            del *= x / ap;
            sum += del;
            if del.abs() < sum.abs() * 1e-17 {
                break;
            }
        }
        let p = (sum.ln() + ln_front).exp();
        (p, 1.0 - p)
    } else {
        // Continued fraction for Q (modified Lentz).
        let tiny = 1e-300;
        let mut b = x + 1.0 - a;
        let mut c = 1.0 / tiny;
        let mut d = 1.0 / b;
        let mut h = d;
        for i in 1..10_000 {
            let an = -(i as f64) * (i as f64 - a);
            b += 2.0;
            d = an * d + b;
            if d.abs() < tiny {
                d = tiny;
            }
            c = b + an / c;
            if c.abs() < tiny {
                c = tiny;
            }
            d = 1.0 / d;
            let del = d * c;
            h *= del;
            if (del - 1.0).abs() < 1e-16 {
                break;
            }
        }
        let q = (ln_front.exp()) * h;
        (1.0 - q, q)
    }
}

/// P(X <= n) for X ~ Poisson(lambda).
pub fn ppois_le(n: u64, lambda: f64) -> f64 {
    if lambda <= 0.0 {
        return 1.0;
    }
    gamma_pq(n as f64 + 1.0, lambda).1
}

/// P(X >= n) for X ~ Poisson(lambda).
pub fn ppois_ge(n: u64, lambda: f64) -> f64 {
    if n == 0 {
        return 1.0;
    }
    if lambda <= 0.0 {
        return 0.0;
    }
    gamma_pq(n as f64, lambda).0
}

/// The standard normal distribution function.
pub fn pnorm(z: f64) -> f64 {
    if z.is_nan() {
        return f64::NAN;
    }
    if z == f64::INFINITY {
        return 1.0;
    }
    if z == f64::NEG_INFINITY {
        return 0.0;
    }
    // erfc(|z|/sqrt 2) = Q(1/2, z^2/2).
    let tail = 0.5 * gamma_pq(0.5, 0.5 * z * z).1;
    if z < 0.0 { tail } else { 1.0 - tail }
}

/// The standard normal quantile function (Wichura's AS 241, about 16 digits).
pub fn qnorm(p: f64) -> f64 {
    if p.is_nan() || !(0.0..=1.0).contains(&p) {
        return f64::NAN;
    }
    if p == 0.0 {
        return f64::NEG_INFINITY;
    }
    if p == 1.0 {
        return f64::INFINITY;
    }
    let q = p - 0.5;
    if q.abs() <= 0.425 {
        let r = 0.180625 - q * q;
        return q
            * (((((((r * 2509.080_928_730_122_7 + 33430.575_583_588_128) * r
                + 67265.770_927_008_7)
                * r
                + 45921.953_931_549_87)
                * r
                + 13731.693_765_509_461)
                * r
                + 1971.590_950_306_551_3)
                * r
                + 133.141_667_891_784_38)
                * r
                + 3.387_132_872_796_366_5)
            / (((((((r * 5226.495_278_852_545 + 28729.085_735_721_943) * r
                + 39307.895_800_092_71)
                * r
                + 21213.794_301_586_597)
                * r
                + 5394.196_021_424_751)
                * r
                + 687.187_007_492_057_9)
                * r
                + 42.313_330_701_600_911)
                * r
                + 1.0);
    }
    let mut r = if q < 0.0 { p } else { 1.0 - p };
    r = (-r.ln()).sqrt();
    let val = if r <= 5.0 {
        let r = r - 1.6;
        (((((((r * 7.745_450_142_783_414e-4 + 0.022_723_844_989_269_184) * r
            + 0.241_780_725_177_450_6)
            * r
            + 1.270_458_252_452_368_4)
            * r
            + 3.647_848_324_763_204_5)
            * r
            + 5.769_497_221_460_691)
            * r
            + 4.630_337_846_156_546)
            * r
            + 1.423_437_110_749_683_5)
            / (((((((r * 1.050_750_071_644_416_9e-9 + 5.475_938_084_995_345e-4) * r
                + 0.015_198_666_563_616_457)
                * r
                + 0.148_103_976_427_480_07)
                * r
                + 0.689_767_334_985_1)
                * r
                + 1.676_384_830_183_803_8)
                * r
                + 2.053_191_626_637_759)
                * r
                + 1.0)
    } else {
        let r = r - 5.0;
        (((((((r * 2.010_334_399_292_288_1e-7 + 2.711_555_568_743_487_6e-5) * r
            + 0.001_242_660_947_388_078_4)
            * r
            + 0.026_532_189_526_576_124)
            * r
            + 0.296_560_571_828_504_9)
            * r
            + 1.784_826_539_917_291_3)
            * r
            + 5.463_784_911_164_114)
            * r
            + 6.657_904_643_501_103)
            / (((((((r * 2.044_263_103_389_939_7e-15 + 1.421_511_758_316_446e-7) * r
                + 1.846_318_317_510_054_8e-5)
                * r
                + 7.868_691_311_456_133e-4)
                * r
                + 0.014_875_361_290_850_615)
                * r
                + 0.136_929_880_922_735_8)
                * r
                + 0.599_832_206_555_888)
                * r
                + 1.0)
    };
    if q < 0.0 { -val } else { val }
}

/// Sample quantile of type 8 (Hyndman & Fan; R's `quantile(type = 8)`), median-unbiased.
/// `sorted` must be sorted ascending and non-empty.
pub fn quantile_type8(sorted: &[f64], p: f64) -> f64 {
    let n = sorted.len();
    if n == 0 || p.is_nan() {
        return f64::NAN;
    }
    let a = 1.0 / 3.0;
    let nppm = a + p * (n as f64 + 1.0 - 2.0 * a);
    let fuzz = 4.0 * f64::EPSILON;
    let j = (nppm + fuzz).floor();
    let mut h = nppm - j;
    if h.abs() < fuzz {
        h = 0.0;
    }
    // 1-based index j into the sorted sample, clamped to its ends.
    let at = |i: f64| -> f64 {
        let idx = if i < 1.0 { 0 } else { (i as usize).min(n) - 1 };
        sorted[idx]
    };
    let lo = at(j);
    let hi = at(j + 1.0);
    if h == 0.0 {
        lo
    } else {
        (1.0 - h) * lo + h * hi
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn chi_square_tail() {
        // R 4.2.2: pchisq(55.656, 26, lower.tail = FALSE) = 0.000624954; at 3.841459 on 1: 0.05.
        assert!((pchisq_upper(55.656, 26.0) - 0.000_624_954).abs() < 1e-8);
        assert!((pchisq_upper(3.841_459, 1.0) - 0.05).abs() < 1e-6);
    }

    #[test]
    fn gamma_matches_factorials() {
        let mut f = 1.0f64;
        for n in 1..30u32 {
            f *= f64::from(n);
            let got = ln_gamma(f64::from(n) + 1.0);
            assert!((got - f.ln()).abs() < 1e-12 * f.ln().max(1.0), "n = {n}");
        }
        assert!((ln_gamma(0.5) - PI.sqrt().ln()).abs() < 1e-14);
    }

    #[test]
    fn normal_quantiles() {
        assert!((qnorm(0.975) - 1.959_963_984_540_054).abs() < 1e-14);
        assert!((qnorm(0.025) + 1.959_963_984_540_054).abs() < 1e-14);
        assert!((qnorm(1e-10) + 6.361_340_902_404_056).abs() < 1e-12);
        for &z in &[-5.0, -2.0, -0.3, 0.0, 0.7, 1.96, 4.0] {
            assert!((qnorm(pnorm(z)) - z).abs() < 1e-9, "z = {z}");
        }
        assert!((pnorm(1.959_963_984_540_054) - 0.975).abs() < 1e-15);
    }

    #[test]
    fn poisson_tails() {
        // P(X <= 2), lambda = 3: e^-3 (1 + 3 + 4.5).
        let want = (-3.0f64).exp() * 8.5;
        assert!((ppois_le(2, 3.0) - want).abs() < 1e-15);
        assert!((ppois_ge(3, 3.0) - (1.0 - want)).abs() < 1e-15);
        assert!((ppois_le(0, 40.0) - (-40.0f64).exp()).abs() < 1e-28);
        assert!((ppois_ge(100, 40.0) + ppois_le(99, 40.0) - 1.0).abs() < 1e-14);
    }

    #[test]
    fn type8_quantiles() {
        let x = [1.0, 2.0, 3.0, 4.0, 5.0];
        // R: quantile(1:5, c(0.25, 0.5), type = 8) = 1.666667, 3.
        assert!((quantile_type8(&x, 0.5) - 3.0).abs() < 1e-12);
        assert!((quantile_type8(&x, 0.25) - 5.0 / 3.0).abs() < 1e-12);
        assert!((quantile_type8(&x, 0.0) - 1.0).abs() < 1e-12);
        assert!((quantile_type8(&x, 1.0) - 5.0).abs() < 1e-12);
    }
}
