//! Low-volume burst detector: "at least k negative mentions within 24 h" is
//! improbable under the brand's baseline rate.
//!
//! Owns the sliding 24 h window of negative mentions and the burst alarm.
//! The count in the window is compared with k* = the smallest k >= max(3,
//! min_burst) with P(Poisson(λ24) >= k) < burst_alpha, where λ24 is the
//! baseline negative rate per day, estimated conservatively as
//! (negatives + 1) / days so that a brand with almost no history does not
//! alarm on two mentions. Used for quiet brands (baseline < LOW_RATE
//! negatives/day); busier brands are covered by `volume`, so one event
//! raises one count alert, not two.

use std::collections::VecDeque;

use chrono::{DateTime, Duration, Utc};
use serde_json::json;

use super::engine::Rec;
use super::stats::Count;
use super::{AlertDraft, Direction, Severity};

pub(crate) struct Burst {
    /// (time, rec index) of negative mentions in the last 24 h.
    window: VecDeque<(DateTime<Utc>, usize)>,
    active: bool,
    lambda: f64,
    k_star: u32,
    alpha: f64,
    cooldown_until: Option<DateTime<Utc>>,
}

impl Burst {
    pub fn new() -> Self {
        Burst {
            window: VecDeque::new(),
            active: false,
            lambda: 0.0,
            k_star: u32::MAX,
            alpha: 0.0,
            cooldown_until: None,
        }
    }

    /// Daily refresh. `lambda` = None while warming up or when the brand is
    /// busy enough for the volume detector.
    pub fn rebaseline(&mut self, lambda: Option<f64>, alpha: f64, min_burst: u32) {
        match lambda {
            Some(l) => {
                self.active = true;
                self.lambda = l;
                self.alpha = alpha;
                self.k_star = Count::Poisson { mean: l }.critical(alpha, min_burst.max(3));
            }
            None => {
                self.active = false;
                self.k_star = u32::MAX;
            }
        }
    }

    pub fn on_negative(
        &mut self,
        recs: &[Rec],
        i: usize,
        cooldown: Duration,
    ) -> Option<AlertDraft> {
        let rec = &recs[i];
        self.window.push_back((rec.t, i));
        while let Some(&(t, _)) = self.window.front() {
            if rec.t - t >= Duration::hours(24) {
                self.window.pop_front();
            } else {
                break;
            }
        }
        if !self.active || self.cooldown_until.is_some_and(|u| rec.t < u) {
            return None;
        }
        let k = self.window.len() as u32;
        if k < self.k_star {
            return None;
        }
        let mut ev: Vec<&Rec> = self.window.iter().map(|&(_, j)| &recs[j]).collect();
        ev.sort_by(|a, b| a.score.total_cmp(&b.score).then(a.id.cmp(&b.id)));
        let p = Count::Poisson { mean: self.lambda }.tail(k);
        let draft = AlertDraft {
            detector: "burst",
            direction: Direction::Negative,
            severity: Severity::Warning,
            key: format!("burst:negative:{}", rec.id),
            raised_at: rec.t,
            window_start: self.window.front().map(|x| x.0).unwrap_or(rec.t),
            window_end: rec.t,
            stats: json!({
                "lambda_24h": self.lambda,
                "k": k,
                "k_min": self.k_star,
                "p_value": p,
                "alpha": self.alpha,
            }),
            evidence: ev.iter().map(|r| r.id).collect(),
        };
        self.window.clear();
        self.cooldown_until = Some(rec.t + cooldown);
        Some(draft)
    }
}
