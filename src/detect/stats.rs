//! Small numerical helpers: log-gamma and count-distribution tails.
//!
//! Owned here so that the count detectors (volume, burst) and the tests share
//! one implementation; no external maths crate is allowed.

/// ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9; ~1e-15 relative accuracy).
pub(crate) fn ln_gamma(x: f64) -> f64 {
    const G: f64 = 7.0;
    const C: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        // Reflection keeps accuracy for small arguments.
        let pi = std::f64::consts::PI;
        return (pi / (pi * x).sin()).ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let mut a = C[0];
    let t = x + G + 0.5;
    for (i, c) in C.iter().enumerate().skip(1) {
        a += c / (x + i as f64);
    }
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + a.ln()
}

/// A count model: Poisson(mean) or negative binomial with mean `mean` and
/// size `theta` (variance mean + mean²/theta).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Count {
    Poisson { mean: f64 },
    NegBin { mean: f64, theta: f64 },
}

impl Count {
    pub fn ln_pmf(&self, k: u32) -> f64 {
        let kf = f64::from(k);
        match *self {
            Count::Poisson { mean } => {
                if mean <= 0.0 {
                    return if k == 0 { 0.0 } else { f64::NEG_INFINITY };
                }
                kf * mean.ln() - mean - ln_gamma(kf + 1.0)
            }
            Count::NegBin { mean, theta } => {
                if mean <= 0.0 {
                    return if k == 0 { 0.0 } else { f64::NEG_INFINITY };
                }
                ln_gamma(kf + theta) - ln_gamma(theta) - ln_gamma(kf + 1.0)
                    + theta * (theta / (theta + mean)).ln()
                    + kf * (mean / (theta + mean)).ln()
            }
        }
    }

    /// P(X >= k).
    pub fn tail(&self, k: u32) -> f64 {
        let mut below = 0.0;
        for j in 0..k {
            below += self.ln_pmf(j).exp();
        }
        (1.0 - below).max(0.0)
    }

    /// Smallest k >= k_min with P(X >= k) < alpha: the count at which the
    /// test fires. Counts only grow within a window, so this is one test.
    pub fn critical(&self, alpha: f64, k_min: u32) -> u32 {
        let mut below = 0.0;
        let mut k = 0u32;
        loop {
            if k >= k_min && 1.0 - below < alpha {
                return k;
            }
            below += self.ln_pmf(k).exp();
            k += 1;
            if k > 1_000_000 {
                return k;
            }
        }
    }
}
