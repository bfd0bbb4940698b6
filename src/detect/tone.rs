//! Tone-shift detectors: one-sided Bernoulli CUSUMs on the share of negative
//! mentions (Warning/Critical) and, mirrored, of positive mentions (Info).
//!
//! Owns the chart state between observations, the alarm/reset/cool-down
//! rule and the draft it produces. The chart design (p1, h) lives in `cusum`.
//!
//! Severity (negative): Critical when the negative share over the alarm
//! window (the CUSUM excursion, i.e. since the statistic last left zero) is
//! at least min(3·p0, (1+p0)/2) — three times the baseline, capped so that
//! brands with a high baseline can still reach it; Warning otherwise.
//! "S >= 2h" cannot be used because the chart resets at h.

use chrono::{DateTime, Duration, Utc};
use serde_json::json;

use super::cusum::{self, Chart, Running};
use super::engine::Rec;
use super::{AlertDraft, Direction, Severity};

pub(crate) struct Tone {
    pub direction: Direction,
    label: i8,
    chart: Option<Chart>,
    run: Running,
    start: Option<usize>,
    n: u32,
    k: u32,
    cooldown_until: Option<DateTime<Utc>>,
}

impl Tone {
    pub fn new(direction: Direction) -> Self {
        let label = if direction == Direction::Negative {
            -1
        } else {
            1
        };
        Tone {
            direction,
            label,
            chart: None,
            run: Running::default(),
            start: None,
            n: 0,
            k: 0,
            cooldown_until: None,
        }
    }

    /// Index of the first observation of the open CUSUM excursion, if any.
    pub fn open_start(&self) -> Option<usize> {
        self.start
    }

    fn reset(&mut self) {
        self.run.s = 0;
        self.start = None;
        self.n = 0;
        self.k = 0;
    }

    /// Daily baseline refresh. `p0` is the smoothed baseline share, or None
    /// while warming up (the chart is then held at zero).
    pub fn rebaseline(&mut self, p0: Option<f64>, arl0: f64) {
        match p0 {
            None => {
                self.chart = None;
                self.reset();
            }
            Some(p0) => {
                let q = cusum::quantize_p0(p0);
                let new = cusum::design(q, cusum::p1_for(q), arl0);
                if let Some(old) = self.chart {
                    if old != new {
                        self.run.rescale(&old, &new);
                    }
                } else {
                    self.reset();
                }
                self.chart = Some(new);
            }
        }
    }

    pub fn on_rec(&mut self, recs: &[Rec], i: usize, cooldown: Duration) -> Option<AlertDraft> {
        let rec = &recs[i];
        let Some(chart) = self.chart else {
            self.reset();
            return None;
        };
        if self.cooldown_until.is_some_and(|u| rec.t < u) {
            self.reset();
            return None;
        }
        let hit = rec.label == self.label;
        let alarm = self.run.step(&chart, hit);
        if self.run.s == 0 {
            self.start = None;
            self.n = 0;
            self.k = 0;
            return None;
        }
        if self.start.is_none() {
            self.start = Some(i);
            self.n = 0;
            self.k = 0;
        }
        self.n += 1;
        self.k += u32::from(hit);
        if !alarm {
            return None;
        }
        let start = self.start.unwrap_or(i);
        let share = f64::from(self.k) / f64::from(self.n);
        let s_llr = self.run.s as f64 * chart.u;
        let mut ev: Vec<&Rec> = recs[start..=i]
            .iter()
            .filter(|r| r.label == self.label)
            .collect();
        let (detector, severity) = if self.direction == Direction::Negative {
            ev.sort_by(|a, b| a.score.total_cmp(&b.score).then(a.id.cmp(&b.id)));
            let crit = (3.0 * chart.p0).min((1.0 + chart.p0) / 2.0);
            let sev = if share >= crit {
                Severity::Critical
            } else {
                Severity::Warning
            };
            ("tone_shift", sev)
        } else {
            ev.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.id.cmp(&b.id)));
            ("positive_shift", Severity::Info)
        };
        let draft = AlertDraft {
            detector,
            direction: self.direction,
            severity,
            key: format!("{detector}:{}:{}", dir_str(self.direction), rec.id),
            raised_at: rec.t,
            window_start: recs[start].t,
            window_end: rec.t,
            stats: json!({
                "p0": chart.p0,
                "p1": chart.p1,
                "observed_share": share,
                "n": self.n,
                "k": self.k,
                "S": s_llr,
                "h": chart.h(),
                "arl0_exact": chart.arl,
            }),
            evidence: ev.iter().map(|r| r.id).collect(),
        };
        self.reset();
        self.cooldown_until = Some(rec.t + cooldown);
        Some(draft)
    }
}

pub(crate) fn dir_str(d: Direction) -> &'static str {
    match d {
        Direction::Negative => "negative",
        Direction::Positive => "positive",
        Direction::Volume => "volume",
    }
}
