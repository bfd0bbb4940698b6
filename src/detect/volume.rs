//! Volume detector: today's count of (de-duplicated) negative mentions,
//! counted on calendar days in cfg.tz, against a day-of-week baseline.
//!
//! Owns the daily count model and the daily test. Model: for the weekday w
//! of today, expected count μ_w = (sum of counts on past w-days + 2·μ) /
//! (number of past w-days + 2), i.e. the weekday mean shrunk toward the
//! overall mean by two pseudo-days (a day-of-week factor that does not
//! overreact to one odd Monday). Over-dispersion (news comes in waves) is
//! estimated by moments from the same days: if the residual variance s²
//! exceeds the mean, counts are negative binomial with θ = μ²/(s² - μ)
//! (θ >= 0.5), else Poisson. The test fires when today's running count
//! reaches k* = smallest k >= max(3, min_burst) with P(X >= k) < volume_alpha;
//! the count only grows during the day, so this is one test per day and the
//! false-alarm rate is <= volume_alpha per day under the model.
//! Baseline days: the last max(baseline_days, 28) complete local days since
//! the history began, skipping days touched by a negative alarm.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde_json::json;

use super::engine::Rec;
use super::stats::Count;
use super::{AlertDraft, Direction, Severity};

/// Per-day input to the baseline: (count of negative reps, weekday 0..7, usable).
pub(crate) struct DayCount {
    pub count: u32,
    pub weekday: usize,
}

pub(crate) struct Volume {
    model: Option<Count>,
    k_star: u32,
    today: Option<NaiveDate>,
    today_negs: Vec<usize>,
    today_first: Option<DateTime<Utc>>,
    fired_today: bool,
    cooldown_until: Option<DateTime<Utc>>,
    alpha: f64,
}

pub(crate) fn fit(days: &[DayCount], weekday: usize) -> Option<Count> {
    if days.is_empty() {
        return None;
    }
    let n = days.len() as f64;
    let mu = days.iter().map(|d| f64::from(d.count)).sum::<f64>() / n;
    let mut sum_w = [0.0f64; 7];
    let mut n_w = [0.0f64; 7];
    for d in days {
        sum_w[d.weekday] += f64::from(d.count);
        n_w[d.weekday] += 1.0;
    }
    let mu_w: Vec<f64> = (0..7)
        .map(|w| (sum_w[w] + 2.0 * mu) / (n_w[w] + 2.0))
        .collect();
    let resid: f64 = days
        .iter()
        .map(|d| (f64::from(d.count) - mu_w[d.weekday]).powi(2))
        .sum::<f64>()
        / (n - 1.0).max(1.0);
    let mean = mu_w[weekday].max(0.05);
    if resid > mu && mu > 0.0 {
        let theta = (mu * mu / (resid - mu)).max(0.5);
        Some(Count::NegBin { mean, theta })
    } else {
        Some(Count::Poisson { mean })
    }
}

impl Volume {
    pub fn new() -> Self {
        Volume {
            model: None,
            k_star: u32::MAX,
            today: None,
            today_negs: Vec::new(),
            today_first: None,
            fired_today: false,
            cooldown_until: None,
            alpha: 0.0,
        }
    }

    /// Start of a new local day: set today's model (None = inactive).
    pub fn new_day(&mut self, day: NaiveDate, model: Option<Count>, alpha: f64, min_k: u32) {
        self.today = Some(day);
        self.today_negs.clear();
        self.today_first = None;
        self.fired_today = false;
        self.model = model;
        self.alpha = alpha;
        self.k_star = model.map_or(u32::MAX, |m| m.critical(alpha, min_k.max(3)));
    }

    pub fn on_rec(&mut self, recs: &[Rec], i: usize, cooldown: Duration) -> Option<AlertDraft> {
        let rec = &recs[i];
        if self.today_first.is_none() {
            self.today_first = Some(rec.t);
        }
        if rec.label != -1 {
            return None;
        }
        self.today_negs.push(i);
        let model = self.model?;
        let k = self.today_negs.len() as u32;
        if self.fired_today || k < self.k_star || self.cooldown_until.is_some_and(|u| rec.t < u) {
            return None;
        }
        let mut ev: Vec<&Rec> = self.today_negs.iter().map(|&j| &recs[j]).collect();
        ev.sort_by(|a, b| a.score.total_cmp(&b.score).then(a.id.cmp(&b.id)));
        let (expected, theta) = match model {
            Count::Poisson { mean } => (mean, None),
            Count::NegBin { mean, theta } => (mean, Some(theta)),
        };
        let draft = AlertDraft {
            detector: "volume",
            direction: Direction::Volume,
            severity: Severity::Warning,
            key: format!("volume:volume:{}", rec.id),
            raised_at: rec.t,
            window_start: self.today_first.unwrap_or(rec.t),
            window_end: rec.t,
            stats: json!({
                "day": self.today.map(|d| d.to_string()),
                "k": k,
                "k_min": self.k_star,
                "expected": expected,
                "theta": theta,
                "p_value": model.tail(k),
                "alpha": self.alpha,
            }),
            evidence: ev.iter().map(|r| r.id).collect(),
        };
        self.fired_today = true;
        self.cooldown_until = Some(rec.t + cooldown);
        Some(draft)
    }
}
