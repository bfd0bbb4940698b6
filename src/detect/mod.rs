//! Alert detection over one brand's stream of scored mentions, in event time.
//!
//! First version (walking skeleton): a Bernoulli CUSUM on the share of negative mentions.
//! The baseline share p0 comes from the mentions before the current one within a trailing
//! window, smoothed toward a prior; p1 = max(2·p0, p0 + 0.15). No alarm during warm-up; a
//! cool-down after each alarm. `detect` is a pure function of (config, history, now), so
//! the daemon can replay the stored history after a restart and get the same alert keys.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone)]
pub struct DetectConfig {
    pub tz: chrono_tz::Tz,
    pub arl0: f64,
    pub baseline_days: u32,
    pub warmup_mentions: usize,
    pub warmup_days: u32,
    pub cooldown: Duration,
    pub recent: Duration,
    pub burst_alpha: f64,
    pub min_burst: u32,
    pub volume_alpha: f64,
    pub high_impact_weight: f64,
    pub prior_p0: f64,
    pub prior_strength: f64,
}

impl Default for DetectConfig {
    fn default() -> Self {
        DetectConfig {
            tz: chrono_tz::Africa::Casablanca,
            arl0: 2000.0,
            baseline_days: 28,
            warmup_mentions: 30,
            warmup_days: 7,
            cooldown: Duration::hours(24),
            recent: Duration::hours(48),
            burst_alpha: 1e-3,
            min_burst: 3,
            volume_alpha: 1e-3,
            high_impact_weight: 2.0,
            prior_p0: 0.2,
            prior_strength: 20.0,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Obs {
    pub id: i64,
    pub t: DateTime<Utc>,
    pub label: i8,
    pub score: f64,
    pub fingerprint: u64,
    pub weight: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Negative,
    Positive,
    Volume,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Negative => "negative",
            Direction::Positive => "positive",
            Direction::Volume => "volume",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Critical,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Critical => "critical",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct AlertDraft {
    pub detector: &'static str,
    pub direction: Direction,
    pub severity: Severity,
    pub key: String,
    pub raised_at: DateTime<Utc>,
    pub window_start: DateTime<Utc>,
    pub window_end: DateTime<Utc>,
    pub stats: serde_json::Value,
    pub evidence: Vec<i64>,
}

/// CUSUM threshold for a target in-control run length (Siegmund-style approximation,
/// solved numerically). Replaced by the exact computation in the detection work.
pub fn threshold_for_arl(p0: f64, p1: f64, arl0: f64) -> f64 {
    let up = (p1 / p0).ln();
    let down = ((1.0 - p1) / (1.0 - p0)).ln();
    // Solve E0[exp(theta * llr)] = 1 for theta != 0 (theta = -1 exactly for an LLR).
    let theta = -1.0;
    let mu0 = p0 * up + (1.0 - p0) * down;
    let arl = |h: f64| {
        let hc = h + 1.166 * (p0 * up * up + (1.0 - p0) * down * down).sqrt();
        ((-theta * hc).exp() - 1.0 + theta * hc) / (theta * theta * mu0.abs()).max(1e-12)
    };
    let (mut lo, mut hi) = (0.0_f64, 50.0_f64);
    for _ in 0..100 {
        let mid = 0.5 * (lo + hi);
        if arl(mid) < arl0 { lo = mid } else { hi = mid }
    }
    hi
}

pub fn simhash(text: &str) -> u64 {
    let mut acc = [0i32; 64];
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
        .collect();
    for pair in words.windows(2) {
        let mut h: u64 = 0xcbf29ce484222325;
        for b in pair[0].bytes().chain([b' ']).chain(pair[1].bytes()) {
            h ^= b as u64;
            h = h.wrapping_mul(0x100000001b3);
        }
        for (i, a) in acc.iter_mut().enumerate() {
            *a += if h >> i & 1 == 1 { 1 } else { -1 };
        }
    }
    acc.iter()
        .enumerate()
        .fold(0u64, |f, (i, a)| if *a > 0 { f | 1 << i } else { f })
}

pub fn detect(cfg: &DetectConfig, history: &[Obs], now: DateTime<Utc>) -> Vec<AlertDraft> {
    let mut obs: Vec<&Obs> = history.iter().collect();
    obs.sort_by_key(|o| (o.t, o.id));
    let mut out = Vec::new();
    let mut s = 0.0_f64;
    let mut run: Vec<&Obs> = Vec::new();
    let mut last_alarm: Option<DateTime<Utc>> = None;
    let window = Duration::days(cfg.baseline_days as i64);
    for (i, o) in obs.iter().enumerate() {
        let base: Vec<&&Obs> = obs[..i]
            .iter()
            .filter(|b| {
                b.t >= o.t - window && last_alarm.is_none_or(|a| b.t < a || b.t > a + cfg.cooldown)
            })
            .collect();
        let first = obs[0].t;
        let warm = base.len() >= cfg.warmup_mentions
            && o.t - first >= Duration::days(cfg.warmup_days as i64);
        if !warm || last_alarm.is_some_and(|a| o.t < a + cfg.cooldown) {
            continue;
        }
        let neg = base.iter().filter(|b| b.label < 0).count() as f64;
        let p0 = ((neg + cfg.prior_p0 * cfg.prior_strength)
            / (base.len() as f64 + cfg.prior_strength))
            .clamp(0.01, 0.8);
        let p1 = (2.0 * p0).max(p0 + 0.15).min(0.99);
        let h = threshold_for_arl(p0, p1, cfg.arl0);
        let llr = if o.label < 0 {
            (p1 / p0).ln()
        } else {
            ((1.0 - p1) / (1.0 - p0)).ln()
        };
        s = (s + llr).max(0.0);
        if s == 0.0 {
            run.clear();
        } else {
            run.push(o);
        }
        if s > h {
            let n = run.len();
            let k = run.iter().filter(|r| r.label < 0).count();
            let mut evidence: Vec<&&Obs> = run.iter().filter(|r| r.label < 0).collect();
            evidence.sort_by(|a, b| a.score.total_cmp(&b.score).then(a.id.cmp(&b.id)));
            let share = k as f64 / n.max(1) as f64;
            if o.t >= now - cfg.recent {
                out.push(AlertDraft {
                    detector: "tone_shift",
                    direction: Direction::Negative,
                    severity: if share >= 3.0 * p0 { Severity::Critical } else { Severity::Warning },
                    key: format!("tone_shift:negative:{}", o.id),
                    raised_at: o.t,
                    window_start: run.first().map(|r| r.t).unwrap_or(o.t),
                    window_end: o.t,
                    stats: serde_json::json!({"p0": p0, "p1": p1, "observed": share, "s": s, "h": h, "n": n, "negative": k, "baseline_n": base.len()}),
                    evidence: evidence.iter().take(10).map(|e| e.id).collect(),
                });
            }
            last_alarm = Some(o.t);
            s = 0.0;
            run.clear();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn stream(n: usize, neg_every: usize, start: DateTime<Utc>, step_h: i64, id0: i64) -> Vec<Obs> {
        (0..n)
            .map(|i| Obs {
                id: id0 + i as i64,
                t: start + Duration::hours(step_h * i as i64),
                label: if neg_every > 0 && i % neg_every == 0 {
                    -1
                } else {
                    1
                },
                score: if neg_every > 0 && i % neg_every == 0 {
                    -0.6
                } else {
                    0.4
                },
                fingerprint: i as u64,
                weight: 1.0,
            })
            .collect()
    }

    #[test]
    fn no_alarm_during_warmup() {
        let t0 = Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap();
        let h = stream(20, 1, t0, 1, 0); // all negative, but too few and too recent
        assert!(detect(&DetectConfig::default(), &h, t0 + Duration::days(1)).is_empty());
    }

    #[test]
    fn one_alarm_on_a_clear_shift_and_stable_key() {
        let t0 = Utc.with_ymd_and_hms(2026, 10, 1, 0, 0, 0).unwrap();
        let mut h = stream(200, 10, t0, 4, 0);
        let t1 = h.last().unwrap().t;
        h.extend(stream(30, 1, t1 + Duration::hours(1), 1, 1000));
        let now = h.last().unwrap().t;
        let a = detect(&DetectConfig::default(), &h, now);
        assert_eq!(a.len(), 1, "{a:?}");
        assert_eq!(a[0].direction, Direction::Negative);
        // Replaying the same history (a restart) gives the same key.
        assert_eq!(detect(&DetectConfig::default(), &h, now)[0].key, a[0].key);
    }

    #[test]
    fn stationary_stream_is_quiet() {
        let t0 = Utc.with_ymd_and_hms(2026, 10, 1, 0, 0, 0).unwrap();
        let h = stream(300, 5, t0, 2, 0);
        let now = h.last().unwrap().t;
        assert!(detect(&DetectConfig::default(), &h, now).is_empty());
    }
}
