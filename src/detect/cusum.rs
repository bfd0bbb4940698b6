//! Bernoulli CUSUM: chart design for a target in-control ARL, exact ARL
//! computation, and the running chart used by the tone detectors.
//!
//! Why an integer chart: the Bernoulli log-likelihood-ratio increments take
//! only two values, +a = ln(p1/p0) on a hit and -b = ln((1-p1)/(1-p0)) on a
//! miss. We express both in a small unit u (a ≈ r·u, b ≈ s·u, r and s
//! integers, the coarser step at least 8 units and the larger at most ~60),
//! and *run the chart in those integer units*. The chart we run is then a
//! finite Markov chain on {0, .., H-1}, whose ARL we compute exactly by
//! solving (I - Q) L = 1, rather than approximating a continuous chart. The
//! rounding only perturbs the LLR weights by < 1%, which costs no measurable
//! detection power, while the false-alarm rate is exact for what runs.
//!
//! h (in LLR units) = H·u, with H the smallest integer threshold whose exact
//! in-control ARL is >= arl0; so `threshold_for_arl` is monotone in arl0.
//! Siegmund's approximation only seeds the search.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

/// One designed chart. `big_h` in units of `u`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Chart {
    pub p0: f64,
    pub p1: f64,
    pub r: i64,
    pub s: i64,
    pub u: f64,
    pub big_h: i64,
    /// Exact in-control ARL of this integer chart.
    pub arl: f64,
}

impl Chart {
    pub fn h(&self) -> f64 {
        self.big_h as f64 * self.u
    }
}

/// The shift a tone chart is tuned to detect: p1 = max(2·p0, p0 + 0.15),
/// kept below 1 (at most 1 - (1-p0)/4) so the miss increment stays finite.
pub(crate) fn p1_for(p0: f64) -> f64 {
    (2.0 * p0).max(p0 + 0.15).min(1.0 - (1.0 - p0) / 4.0)
}

fn gcd(a: i64, b: i64) -> i64 {
    if b == 0 { a } else { gcd(b, a % b) }
}

/// Integer step sizes (r up on a hit, s down on a miss) and the unit.
fn steps(p0: f64, p1: f64) -> (i64, i64, f64) {
    let a = (p1 / p0).ln();
    let b = ((1.0 - p0) / (1.0 - p1)).ln();
    let u = (a.max(b) / 60.0).min(a.min(b) / 8.0);
    let mut r = (a / u).round().max(1.0) as i64;
    let mut s = (b / u).round().max(1.0) as i64;
    // A common factor only multiplies the state space without changing the
    // chart: divide it out.
    let g = gcd(r, s);
    r /= g;
    s /= g;
    let u = u * g as f64;
    (r, s, u)
}

/// Exact in-control ARL (starting from 0) of the integer chart with hit
/// probability `p`, steps +r / -s, alarm at S >= big_h.
///
/// States 0..H-1; L(i) = 1 + p·L(i+r) + (1-p)·L(max(0, i-s)), L(j) = 0 for
/// j >= H. The matrix I - Q is a nonsingular M-matrix with lower bandwidth s
/// and upper bandwidth r, so banded Gaussian elimination without pivoting is
/// stable (all pivots stay positive) and costs O(H·s·(r+s)).
pub(crate) fn arl_exact(p: f64, r: i64, s: i64, big_h: i64) -> f64 {
    if big_h <= 0 {
        return 1.0;
    }
    let n = big_h as usize;
    let (r, s) = (r as usize, s as usize);
    let w = r + s + 1;
    // band[i*w + (j + s - i)] holds A[i][j] for i-s <= j <= i+r.
    let mut band = vec![0.0f64; n * w];
    let idx = |i: usize, j: usize| i * w + (j + s - i);
    let mut rhs = vec![1.0f64; n];
    for i in 0..n {
        band[idx(i, i)] += 1.0;
        if i + r < n {
            band[idx(i, i + r)] -= p;
        }
        let down = i.saturating_sub(s);
        band[idx(i, down)] -= 1.0 - p;
    }
    for k in 0..n {
        let piv = band[idx(k, k)];
        let last_row = (k + s).min(n - 1);
        let last_col = (k + r).min(n - 1);
        for i in k + 1..=last_row {
            let f = band[idx(i, k)] / piv;
            if f == 0.0 {
                continue;
            }
            for j in k..=last_col {
                let v = band[idx(k, j)];
                band[idx(i, j)] -= f * v;
            }
            rhs[i] -= f * rhs[k];
        }
    }
    let mut x = vec![0.0f64; n];
    for i in (0..n).rev() {
        let mut acc = rhs[i];
        for j in i + 1..=(i + r).min(n - 1) {
            acc -= band[idx(i, j)] * x[j];
        }
        x[i] = acc / band[idx(i, i)];
    }
    x[0]
}

/// Siegmund-style seed: for LLR increments E0[e^X] = 1, so
/// ARL0 ≈ (e^h' - h' - 1) / KL(p0 || p1), with h' = h + overshoot ≈ h + a/2.
fn siegmund_h(p0: f64, p1: f64, arl0: f64) -> f64 {
    let a = (p1 / p0).ln();
    let b = ((1.0 - p0) / (1.0 - p1)).ln();
    let kl = -(p0 * a - (1.0 - p0) * b);
    let target = arl0 * kl.max(1e-12);
    // Solve e^x - x - 1 = target by Newton from x = ln(target + 1) + 1.
    let mut x = (target + 1.0).ln() + 1.0;
    for _ in 0..50 {
        let f = x.exp() - x - 1.0 - target;
        let d = x.exp() - 1.0;
        x -= f / d.max(1e-12);
    }
    (x - a / 2.0).max(a.min(b))
}

/// The Siegmund-type approximation used as the search seed, as an ARL for a
/// given h (reported next to the exact value by `sim::arl_validation`).
pub(crate) fn siegmund_arl(p0: f64, p1: f64, h: f64) -> f64 {
    let a = (p1 / p0).ln();
    let b = ((1.0 - p0) / (1.0 - p1)).ln();
    let kl = -(p0 * a - (1.0 - p0) * b);
    let x = h + a / 2.0;
    (x.exp() - x - 1.0) / kl
}

/// Designs the chart for (p0, p1, arl0): smallest integer H with exact
/// ARL >= arl0.
pub(crate) fn design_uncached(p0: f64, p1: f64, arl0: f64) -> Chart {
    // A non-finite or absurd target would make the bracket search endless.
    let arl0 = if arl0.is_finite() {
        arl0.clamp(1.0, 1e9)
    } else {
        1e9
    };
    let (r, s, u) = steps(p0, p1);
    let arl_of = |h: i64| arl_exact(p0, r, s, h);
    // Bracket [lo, hi]: ARL(lo) < arl0 <= ARL(hi), lo may be 0.
    let guess = ((siegmund_h(p0, p1, arl0) / u).round() as i64).max(1);
    let (mut lo, mut hi);
    let g_arl = arl_of(guess);
    if g_arl >= arl0 {
        hi = guess;
        let mut step = (guess / 16).max(1);
        lo = (guess - step).max(0);
        while lo > 0 && arl_of(lo) >= arl0 {
            hi = lo;
            step *= 2;
            lo = (lo - step).max(0);
        }
    } else {
        lo = guess;
        let mut step = (guess / 16).max(1);
        hi = guess + step;
        while arl_of(hi) < arl0 {
            lo = hi;
            step *= 2;
            hi += step;
        }
    }
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if arl_of(mid) >= arl0 {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    Chart {
        p0,
        p1,
        r,
        s,
        u,
        big_h: hi,
        arl: arl_of(hi),
    }
}

/// Quantises p0 on a 2%-relative log grid so designs can be cached: the
/// baseline moves a little every day and re-solving each time would dominate
/// the simulation. The rounding is far below the estimation noise of p0.
pub(crate) fn quantize_p0(p0: f64) -> f64 {
    let p = p0.clamp(1e-3, 0.95);
    let q = ((p.ln() / 0.02).round() * 0.02).exp();
    q.clamp(1e-3, 0.95)
}

type CacheKey = (u64, u64, u64);

fn cache() -> &'static Mutex<HashMap<CacheKey, Chart>> {
    static C: OnceLock<Mutex<HashMap<CacheKey, Chart>>> = OnceLock::new();
    C.get_or_init(|| Mutex::new(HashMap::new()))
}

/// Memoised `design_uncached`. Memoisation does not affect purity: the value
/// is a function of the key.
pub(crate) fn design(p0: f64, p1: f64, arl0: f64) -> Chart {
    let key = (p0.to_bits(), p1.to_bits(), arl0.to_bits());
    if let Some(c) = cache().lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
        return *c;
    }
    let c = design_uncached(p0, p1, arl0);
    cache()
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(key, c);
    c
}

/// CUSUM threshold h (log-likelihood-ratio units) giving an exact in-control
/// ARL of at least `arl0` observations for the Bernoulli chart p0 -> p1, as
/// run by veille (integer steps, see module doc).
///
/// Never panics: p0 is clamped into [1e-6, 1 - 1e-6]; a p1 outside (p0, 1)
/// is replaced by veille's default alternative max(2·p0, p0 + 0.15); arl0 is
/// clamped into [1, 1e9]. Not memoised (the engine memoises its own quantised
/// designs), so arbitrary caller values cannot grow a cache.
pub fn threshold_for_arl(p0: f64, p1: f64, arl0: f64) -> f64 {
    let p0 = if p0.is_finite() {
        p0.clamp(1e-6, 1.0 - 1e-6)
    } else {
        0.2
    };
    let p1 = if p1.is_finite() && p1 > p0 && p1 < 1.0 {
        p1
    } else {
        p1_for(p0)
    };
    design_uncached(p0, p1, arl0).h()
}

/// Running one-sided chart in integer units.
#[derive(Debug, Clone, Default)]
pub(crate) struct Running {
    pub s: i64,
}

impl Running {
    /// Feeds one observation; returns true on alarm (S >= H). The caller
    /// resets after an alarm.
    pub fn step(&mut self, c: &Chart, hit: bool) -> bool {
        if hit {
            self.s += c.r;
        } else {
            self.s = (self.s - c.s).max(0);
        }
        self.s >= c.big_h
    }

    /// Re-expresses S in a new chart's units (the baseline is refreshed daily).
    pub fn rescale(&mut self, old: &Chart, new: &Chart) {
        let llr = self.s as f64 * old.u;
        self.s = (llr / new.u).round() as i64;
        self.s = self.s.clamp(0, new.big_h - 1);
    }
}
