//! Detectors: veille's pure, deterministic alerting core.
//!
//! This module owns the decision "should this brand's recent mentions raise an
//! alert?". It does no I/O and reads no clock: `detect` is a pure function of
//! (config, history, now), so the daemon can replay a brand's last ~120 days
//! after every poll cycle and `INSERT OR IGNORE` the drafts on their `key`.
//!
//! Layout:
//! - `cluster`: SimHash fingerprints and near-duplicate clustering (syndicated
//!   copies count once in every detector).
//! - `cusum`: Bernoulli CUSUM chart design (threshold for a target in-control
//!   ARL, computed exactly with a Markov chain) and the running chart.
//! - `stats`: log-gamma and Poisson / negative-binomial tails.
//! - `volume`: daily count of negative mentions vs a day-of-week baseline.
//! - `burst`: low-volume burst (k negatives within 24 h).
//! - `engine`: the streaming driver shared by `detect` and the simulation.
//! - `sim`: the simulation that measures false alarms and detection delays.
//!
//! Detectors and severities:
//! - `tone_shift` (Negative): Bernoulli CUSUM on the negative share, tuned to
//!   p1 = max(2·p0, p0 + 0.15), h for an exact in-control ARL of `arl0`
//!   mentions. Critical when the negative share over the alarm window is at
//!   least min(3·p0, (1+p0)/2), else Warning.
//! - `positive_shift` (Positive): the mirror chart on the positive share, Info.
//! - `volume` (Volume): daily negative count vs a day-of-week NB/Poisson
//!   baseline, for brands with >= 1 negative/day; Warning.
//! - `burst` (Negative): >= k negatives within 24 h, k from a Poisson tail,
//!   never < 3, for quieter brands; Warning.
//! - `high_impact` (Negative): a negative item with weight >= threshold,
//!   once per story, no warm-up; Critical.
//!
//! Keys are `detector:direction:trigger_id`; the daemon should scope them by
//! brand if mention ids are not unique across brands.

mod burst;
mod cluster;
mod cusum;
mod engine;
pub mod sim;
mod stats;
mod tone;
mod volume;

#[cfg(test)]
mod tests;

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

pub use cluster::simhash;
pub use cusum::threshold_for_arl;
pub use engine::Engine;

/// Tuning of the detectors. Defaults are documented on `Default`.
#[derive(Debug, Clone)]
pub struct DetectConfig {
    /// Time zone for calendar days (volume detector, day-of-week factor,
    /// daily baseline refresh). Africa/Casablanca changes its UTC offset
    /// around Ramadan, so this must be a tz-database zone, never an offset.
    pub tz: chrono_tz::Tz,
    /// In-control average run length of the tone CUSUMs, in (de-duplicated)
    /// mentions between false alarms.
    pub arl0: f64,
    /// Trailing window for the baseline share p0, in days. Extended in steps
    /// of itself (up to 3x) for quiet brands, see `engine`.
    pub baseline_days: u32,
    /// Minimum baseline mentions before the tone detectors may alarm.
    pub warmup_mentions: usize,
    /// Minimum days of history before any statistical detector may alarm.
    pub warmup_days: u32,
    /// After an alarm, the same detector/direction is silent (and its chart
    /// held at zero) for this long.
    pub cooldown: Duration,
    /// Only drafts whose trigger is within this of `now` are returned.
    pub recent: Duration,
    /// Significance of the low-volume burst test (per trigger).
    pub burst_alpha: f64,
    /// Minimum number of negative mentions in 24 h for a burst (>= 3 enforced).
    pub min_burst: u32,
    /// Significance of the daily negative-volume test (one test per day).
    pub volume_alpha: f64,
    /// A negative mention with weight >= this raises a Critical alert.
    pub high_impact_weight: f64,
    /// Prior share the baseline p0 is shrunk toward.
    pub prior_p0: f64,
    /// Weight of the prior, in pseudo-mentions.
    pub prior_strength: f64,
}

impl Default for DetectConfig {
    fn default() -> Self {
        DetectConfig {
            tz: chrono_tz::Africa::Casablanca,
            // 2000 mentions: a brand with 20 mentions/day sees about one false
            // tone alarm per 100 days (measured in `sim`).
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
            // A mildly pessimistic prior: brand mentions in our pilot feeds
            // are ~20% negative; 20 pseudo-mentions is < 1 day for a busy
            // brand and stabilises p0 for quiet ones.
            prior_p0: 0.2,
            prior_strength: 20.0,
        }
    }
}

/// One scored mention of one brand.
#[derive(Debug, Clone, PartialEq)]
pub struct Obs {
    pub id: i64,
    /// Event time (publication time, clamped to fetch time by the caller).
    pub t: DateTime<Utc>,
    /// Tone: -1 negative, 0 neutral, 1 positive.
    pub label: i8,
    /// Signed tone score; used to order evidence (most negative first).
    pub score: f64,
    /// `simhash(text)`; 0 means "no fingerprint" and never clusters.
    pub fingerprint: u64,
    /// max(feed weight, author weight), default 1.0.
    pub weight: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Negative,
    Positive,
    Volume,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Critical,
}

impl Direction {
    /// The name stored in the database and shown in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Negative => "negative",
            Direction::Positive => "positive",
            Direction::Volume => "volume",
        }
    }
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
    /// "tone_shift" | "positive_shift" | "volume" | "burst" | "high_impact"
    pub detector: &'static str,
    pub direction: Direction,
    pub severity: Severity,
    /// `detector:direction:trigger_id`, stable across calls.
    pub key: String,
    /// Event time of the triggering observation.
    pub raised_at: DateTime<Utc>,
    pub window_start: DateTime<Utc>,
    pub window_end: DateTime<Utc>,
    pub stats: serde_json::Value,
    /// Obs ids, worst first.
    pub evidence: Vec<i64>,
}

/// Replays `history` (one brand, any order) through the detectors and returns
/// the drafts whose trigger is within `cfg.recent` of `now`.
///
/// Observations later than `now` are ignored so that the result depends only
/// on what was known at `now`. Ties in time are broken by id, which makes the
/// replay (and so every key) deterministic.
pub fn detect(cfg: &DetectConfig, history: &[Obs], now: DateTime<Utc>) -> Vec<AlertDraft> {
    let mut sorted: Vec<&Obs> = history.iter().filter(|o| o.t <= now).collect();
    sorted.sort_by(|a, b| a.t.cmp(&b.t).then(a.id.cmp(&b.id)));
    sorted.dedup_by_key(|o| o.id);
    let mut engine = Engine::new(cfg.clone());
    let horizon = now - cfg.recent;
    let mut out = Vec::new();
    for o in sorted {
        for d in engine.push(o) {
            if d.raised_at >= horizon {
                out.push(d);
            }
        }
    }
    out
}
