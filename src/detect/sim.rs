//! Simulation: measures, on synthetic mention streams with known change
//! points, the false-alarm rate and the detection delay of veille's detectors
//! and of a Huginn-style "mean + 3σ" peak rule run on the same streams.
//!
//! Owns the stream generator, the baseline rule and the report. The veille
//! detectors are driven through `Engine`, the very code `detect` replays, so
//! what is measured here is what the daemon runs.
//!
//! Stream model (per replication):
//! - stories arrive as a Poisson process, `daily_volume` per day on average,
//!   times uniform within each UTC day; with a weekday pattern, Mon–Fri carry
//!   1.15x and Sat–Sun 0.625x the mean (so the weekly mean is unchanged);
//! - each story is negative with probability p (p0, then p0·shift after the
//!   change point), otherwise positive with probability 0.4, else neutral;
//! - with probability `dup_rate` a story is syndicated: 2–9 extra copies
//!   within 6 h, fingerprints within 2 bits of the original, same label;
//! - the stream starts on 2026-01-05 so that the warm-up spans the 2026
//!   Ramadan offset change of Africa/Casablanca;
//! - warm-up: 56 days (112 for brands under 2 mentions/day), then either 180
//!   days without change (false alarms, normalised per 90 days) or a change
//!   at a uniform time in the following week, followed until detection or a
//!   horizon of max(30 days, 400 mentions), capped at 180 days.
//!
//! Delays count stories (de-duplicated mentions) from the change point up to
//! and including the trigger, and hours from the change to the trigger.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::fmt;

use chrono::{DateTime, Datelike, Duration, TimeZone, Utc};

use super::engine::Engine;
use super::{DetectConfig, Direction, Obs};

/// splitmix64: tiny, seedable, good enough for Monte Carlo of this size.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        super::cluster::mix64(self.0)
    }
    /// Uniform in [0, 1).
    pub fn f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }
    /// Poisson by multiplication (means here are <= ~60, e^-60 is fine).
    pub fn poisson(&mut self, mean: f64) -> u32 {
        let l = (-mean).exp();
        let mut k = 0;
        let mut p = self.f64();
        while p > l {
            k += 1;
            p *= self.f64();
        }
        k
    }
}

#[derive(Debug, Clone)]
pub struct Scenario {
    pub name: String,
    pub daily_volume: f64,
    pub p0: f64,
    /// Multiplier of the negative share at the change point; 1.0 = no change.
    pub shift: f64,
    pub weekday_pattern: bool,
    pub dup_rate: f64,
    pub reps: u32,
}

#[derive(Debug, Clone)]
pub struct SimRow {
    pub scenario: String,
    pub method: &'static str,
    /// False alarms per 90 days (no-change scenarios).
    pub fa_per_90d: Option<f64>,
    /// Share of replications detected within the horizon (change scenarios).
    pub detected: Option<f64>,
    pub med_mentions: Option<f64>,
    pub p90_mentions: Option<f64>,
    pub med_hours: Option<f64>,
    pub p90_hours: Option<f64>,
}

#[derive(Debug, Clone)]
pub struct SimReport {
    pub seed: u64,
    pub rows: Vec<SimRow>,
}

/// The grid of the issue: volumes 0.5/5/20/50 per day, negative share
/// 0.1–0.4, no change (false alarms) and shifts to 1.5x and 2x (delays),
/// weekday pattern and 5% syndicated stories everywhere. Replication counts
/// keep a release run well under a minute on one core.
pub fn default_scenarios() -> Vec<Scenario> {
    let mut v = Vec::new();
    for &vol in &[0.5, 5.0, 20.0, 50.0] {
        for &p0 in &[0.1, 0.25, 0.4] {
            v.push(Scenario {
                name: format!("{vol}/d p0={p0} none"),
                daily_volume: vol,
                p0,
                shift: 1.0,
                weekday_pattern: true,
                dup_rate: 0.05,
                reps: if vol >= 20.0 { 40 } else { 60 },
            });
        }
    }
    for &vol in &[0.5, 5.0, 20.0, 50.0] {
        for &p0 in &[0.1, 0.2, 0.4] {
            for &shift in &[1.5, 2.0] {
                v.push(Scenario {
                    name: format!("{vol}/d p0={p0} x{shift}"),
                    daily_volume: vol,
                    p0,
                    shift,
                    weekday_pattern: true,
                    dup_rate: 0.05,
                    reps: 200,
                });
            }
        }
    }
    v
}

/// Huginn-style peak rule: alarm (once per local day) when the day's raw
/// count of negative items exceeds mean + 3σ of the 14 previous days.
struct Peak {
    days: Vec<u32>,
    cur_day: Option<i32>,
    count: u32,
    fired: bool,
    threshold: f64,
}

impl Peak {
    fn new() -> Self {
        Peak {
            days: Vec::new(),
            cur_day: None,
            count: 0,
            fired: false,
            threshold: f64::INFINITY,
        }
    }
    fn push(&mut self, day: i32, negative: bool) -> bool {
        if self.cur_day != Some(day) {
            if let Some(prev) = self.cur_day {
                self.days.push(self.count);
                for _ in prev + 1..day {
                    self.days.push(0);
                }
            }
            self.cur_day = Some(day);
            self.count = 0;
            self.fired = false;
            self.threshold = if self.days.len() >= 14 {
                let w = &self.days[self.days.len() - 14..];
                let m = w.iter().map(|&x| f64::from(x)).sum::<f64>() / 14.0;
                let var = w.iter().map(|&x| (f64::from(x) - m).powi(2)).sum::<f64>() / 13.0;
                m + 3.0 * var.sqrt()
            } else {
                f64::INFINITY
            };
        }
        if !negative {
            return false;
        }
        self.count += 1;
        if !self.fired && f64::from(self.count) > self.threshold {
            self.fired = true;
            return true;
        }
        false
    }
}

const METHODS_FA: [&str; 6] = [
    "tone_shift",
    "positive_shift (info)",
    "volume",
    "burst",
    "veille, any negative",
    "peak mean+3σ",
];
const METHODS_DELAY: [&str; 3] = ["tone_shift", "veille, any negative", "peak mean+3σ"];

struct Event {
    obs: Obs,
    story: bool,
}

/// Generates one replication and feeds it to the engine and the peak rule.
/// Returns (alarm times per method in METHODS_FA order, stories since the
/// change at each alarm).
fn run_one(
    cfg: &DetectConfig,
    sc: &Scenario,
    rng: &mut Rng,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    change: Option<DateTime<Utc>>,
    stop_early: bool,
) -> Vec<Vec<(DateTime<Utc>, u64)>> {
    let mut engine = Engine::new(cfg.clone());
    let mut peak = Peak::new();
    let mut alarms: Vec<Vec<(DateTime<Utc>, u64)>> = vec![Vec::new(); METHODS_FA.len()];
    let mut pending: BinaryHeap<Reverse<(i64, i64, usize)>> = BinaryHeap::new();
    let mut store: Vec<Option<Event>> = Vec::new();
    let mut next_id = 1i64;
    let mut stories_after = 0u64;
    let mut day_start = start;
    while day_start < end {
        let day_end = day_start + Duration::days(1);
        let wf = if sc.weekday_pattern {
            if day_start.weekday().num_days_from_monday() >= 5 {
                0.625
            } else {
                1.15
            }
        } else {
            1.0
        };
        let n = rng.poisson(sc.daily_volume * wf);
        for _ in 0..n {
            let t = day_start + Duration::milliseconds(rng.below(86_400_000) as i64);
            let p = match change {
                Some(c) if t >= c => (sc.p0 * sc.shift).min(0.95),
                _ => sc.p0,
            };
            let u = rng.f64();
            let label: i8 = if u < p {
                -1
            } else if rng.f64() < 0.4 {
                1
            } else {
                0
            };
            let score = match label {
                -1 => -0.3 - 0.7 * rng.f64(),
                1 => 0.3 + 0.7 * rng.f64(),
                _ => 0.4 * rng.f64() - 0.2,
            };
            let fp = rng.next_u64() | 1;
            let copies = if rng.f64() < sc.dup_rate {
                2 + rng.below(8)
            } else {
                0
            };
            let mut add = |t: DateTime<Utc>, fp: u64, story: bool| {
                let id = next_id;
                next_id += 1;
                store.push(Some(Event {
                    obs: Obs {
                        id,
                        t,
                        label,
                        score,
                        fingerprint: fp,
                        weight: 1.0,
                    },
                    story,
                }));
                pending.push(Reverse((t.timestamp_millis(), id, store.len() - 1)));
            };
            add(t, fp, true);
            for _ in 0..copies {
                let dt = Duration::milliseconds(rng.below(6 * 3_600_000) as i64);
                let mut f = fp;
                for _ in 0..rng.below(3) {
                    f ^= 1 << rng.below(64);
                }
                add(t + dt, f, false);
            }
        }
        while let Some(&Reverse((ms, _, idx))) = pending.peek() {
            if ms >= day_end.timestamp_millis() {
                break;
            }
            pending.pop();
            let Some(ev) = store[idx].take() else {
                continue;
            };
            let o = &ev.obs;
            if ev.story && change.is_some_and(|c| o.t >= c) {
                stories_after += 1;
            }
            let local_day = o.t.with_timezone(&cfg.tz).date_naive().num_days_from_ce();
            if peak.push(local_day, o.label == -1) {
                alarms[5].push((o.t, stories_after));
            }
            for d in engine.push(o) {
                let m = match (d.detector, d.direction) {
                    ("tone_shift", _) => Some(0),
                    ("positive_shift", Direction::Positive) => Some(1),
                    ("volume", _) => Some(2),
                    ("burst", _) => Some(3),
                    _ => None,
                };
                if let Some(m) = m {
                    alarms[m].push((d.raised_at, stories_after));
                    if m != 1 {
                        alarms[4].push((d.raised_at, stories_after));
                    }
                }
            }
        }
        // Recycle the consumed prefix of the store.
        if pending.is_empty() {
            store.clear();
        }
        if stop_early
            && let Some(c) = change
            && [0usize, 4, 5]
                .iter()
                .all(|&m| alarms[m].iter().any(|&(t, _)| t >= c))
        {
            break;
        }
        day_start = day_end;
    }
    alarms
}

fn quantile(sorted: &[f64], q: f64) -> Option<f64> {
    // Undetected runs are +inf; a quantile landing on one is "not reached".
    if sorted.is_empty() {
        return None;
    }
    let idx = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len()) - 1;
    let v = sorted[idx];
    v.is_finite().then_some(v)
}

/// Runs every scenario with the default `DetectConfig`.
pub fn simulate(seed: u64, scenarios: &[Scenario]) -> SimReport {
    simulate_with(&DetectConfig::default(), seed, scenarios)
}

/// Same as `simulate` with an explicit configuration.
pub fn simulate_with(cfg: &DetectConfig, seed: u64, scenarios: &[Scenario]) -> SimReport {
    let start = Utc
        .with_ymd_and_hms(2026, 1, 5, 0, 0, 0)
        .single()
        .unwrap_or_default();
    let mut rows = Vec::new();
    for (si, sc) in scenarios.iter().enumerate() {
        let warm_days = if sc.daily_volume < 2.0 { 112 } else { 56 };
        let measure_from = start + Duration::days(warm_days);
        if sc.shift == 1.0 {
            let days = 180;
            let mut counts = [0u64; METHODS_FA.len()];
            for rep in 0..sc.reps {
                let mut rng =
                    Rng::new(seed ^ super::cluster::mix64((si as u64) << 32 | u64::from(rep)));
                let end = measure_from + Duration::days(days);
                let al = run_one(cfg, sc, &mut rng, start, end, None, false);
                for (m, a) in al.iter().enumerate() {
                    counts[m] += a.iter().filter(|&&(t, _)| t >= measure_from).count() as u64;
                }
            }
            let total_days = f64::from(sc.reps) * days as f64;
            for (m, name) in METHODS_FA.iter().enumerate() {
                rows.push(SimRow {
                    scenario: sc.name.clone(),
                    method: name,
                    fa_per_90d: Some(counts[m] as f64 / total_days * 90.0),
                    detected: None,
                    med_mentions: None,
                    p90_mentions: None,
                    med_hours: None,
                    p90_hours: None,
                });
            }
        } else {
            let horizon_days = (400.0 / sc.daily_volume).clamp(30.0, 180.0).ceil() as i64;
            let mut delays: Vec<Vec<(f64, f64)>> = vec![Vec::new(); METHODS_FA.len()];
            for rep in 0..sc.reps {
                let mut rng =
                    Rng::new(seed ^ super::cluster::mix64((si as u64) << 32 | u64::from(rep)));
                let change = measure_from + Duration::seconds(rng.below(7 * 86_400) as i64);
                let end = change + Duration::days(horizon_days);
                let al = run_one(cfg, sc, &mut rng, start, end, Some(change), true);
                for (m, a) in al.iter().enumerate() {
                    let d = a
                        .iter()
                        .find(|&&(t, _)| t >= change)
                        .map(|&(t, k)| (k as f64, (t - change).num_seconds() as f64 / 3600.0))
                        .unwrap_or((f64::INFINITY, f64::INFINITY));
                    delays[m].push(d);
                }
            }
            for name in METHODS_DELAY {
                let m = METHODS_FA.iter().position(|x| *x == name).unwrap_or(0);
                let mut km: Vec<f64> = delays[m].iter().map(|d| d.0).collect();
                let mut kh: Vec<f64> = delays[m].iter().map(|d| d.1).collect();
                km.sort_by(f64::total_cmp);
                kh.sort_by(f64::total_cmp);
                let det =
                    km.iter().filter(|x| x.is_finite()).count() as f64 / km.len().max(1) as f64;
                rows.push(SimRow {
                    scenario: sc.name.clone(),
                    method: name,
                    fa_per_90d: None,
                    detected: Some(det),
                    med_mentions: quantile(&km, 0.5),
                    p90_mentions: quantile(&km, 0.9),
                    med_hours: quantile(&kh, 0.5),
                    p90_hours: quantile(&kh, 0.9),
                });
            }
        }
    }
    SimReport { seed, rows }
}

impl fmt::Display for SimReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let opt = |v: Option<f64>, prec: usize| match v {
            Some(x) => format!("{x:.prec$}"),
            None => "-".to_string(),
        };
        writeln!(f, "veille detector simulation (seed {})", self.seed)?;
        writeln!(
            f,
            "{:<22} {:<22} {:>8} {:>6} {:>9} {:>9} {:>8} {:>8}",
            "scenario", "method", "FA/90d", "det%", "med ment", "p90 ment", "med h", "p90 h"
        )?;
        let mut last = String::new();
        for r in &self.rows {
            if r.scenario != last && !last.is_empty() {
                writeln!(f)?;
            }
            last.clone_from(&r.scenario);
            let det = r.detected.map(|d| d * 100.0);
            // A quantile past the horizon prints as ">H".
            let past = |v: Option<f64>, prec: usize| {
                if r.detected.is_some() && v.is_none() {
                    ">hor".to_string()
                } else {
                    opt(v, prec)
                }
            };
            writeln!(
                f,
                "{:<22} {:<22} {:>8} {:>6} {:>9} {:>9} {:>8} {:>8}",
                r.scenario,
                r.method,
                opt(r.fa_per_90d, 2),
                opt(det, 0),
                past(r.med_mentions, 0),
                past(r.p90_mentions, 0),
                past(r.med_hours, 1),
                past(r.p90_hours, 1),
            )?;
        }
        writeln!(
            f,
            "\nFA/90d: false alarms per 90 days on streams without change. Delays: stories \
             (syndicated copies counted once) and hours from the change to the first alarm; \
             det%: detected within the horizon (max(30 d, 400 mentions), cap 180 d); \
             >hor: quantile not reached within the horizon.\n\
             tone_shift's nominal FA/90d is 90 x volume / arl0 (ARL counts mentions): 0.9 at \
             20/d, 2.25 at 50/d with arl0 = 2000. A method that alarms every few weeks anyway \
             (peak rule at low volume) 'detects' within days by chance: read det% and delays \
             together with FA/90d."
        )
    }
}

/// One row of the ARL validation: the designed chart, its exact in-control
/// ARL, and the mean of simulated run lengths of the same chart.
#[derive(Debug, Clone)]
pub struct ArlRow {
    pub p0: f64,
    pub p1: f64,
    pub r: i64,
    pub s: i64,
    pub big_h: i64,
    pub h: f64,
    pub exact: f64,
    pub siegmund: f64,
    pub simulated: f64,
    pub sim_se: f64,
    pub runs: u32,
}

#[derive(Debug, Clone)]
pub struct ArlReport {
    pub arl0: f64,
    pub rows: Vec<ArlRow>,
}

/// Checks the exact ARL of the designed charts against simulation: for each
/// p0, `runs` in-control run lengths (Bernoulli(p0) hits) of the integer
/// chart the engine runs.
pub fn arl_validation(seed: u64, arl0: f64, runs: u32) -> ArlReport {
    let mut rows = Vec::new();
    for (i, &p0) in [0.02, 0.05, 0.1, 0.2, 0.3, 0.4].iter().enumerate() {
        let p1 = super::cusum::p1_for(p0);
        let c = super::cusum::design(p0, p1, arl0);
        let mut rng = Rng::new(seed ^ super::cluster::mix64(i as u64 + 1));
        let mut sum = 0.0;
        let mut sum2 = 0.0;
        for _ in 0..runs {
            let mut run = super::cusum::Running::default();
            let mut n = 0u64;
            loop {
                n += 1;
                if run.step(&c, rng.f64() < p0) {
                    break;
                }
            }
            sum += n as f64;
            sum2 += (n as f64) * (n as f64);
        }
        let m = sum / f64::from(runs);
        let var = (sum2 / f64::from(runs) - m * m).max(0.0);
        rows.push(ArlRow {
            p0,
            p1,
            r: c.r,
            s: c.s,
            big_h: c.big_h,
            h: c.h(),
            exact: c.arl,
            siegmund: super::cusum::siegmund_arl(p0, p1, c.h()),
            simulated: m,
            sim_se: (var / f64::from(runs)).sqrt(),
            runs,
        });
    }
    ArlReport { arl0, rows }
}

impl fmt::Display for ArlReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "Bernoulli CUSUM design for in-control ARL >= {}",
            self.arl0
        )?;
        writeln!(
            f,
            "{:>6} {:>6} {:>4} {:>4} {:>5} {:>7} {:>10} {:>10} {:>17} {:>7}",
            "p0", "p1", "r", "s", "H", "h", "exact ARL", "Siegmund", "simulated ± se", "runs"
        )?;
        for r in &self.rows {
            writeln!(
                f,
                "{:>6.3} {:>6.3} {:>4} {:>4} {:>5} {:>7.3} {:>10.0} {:>10.0} {:>10.0} ± {:<4.0} {:>7}",
                r.p0,
                r.p1,
                r.r,
                r.s,
                r.big_h,
                r.h,
                r.exact,
                r.siegmund,
                r.simulated,
                r.sim_se,
                r.runs
            )?;
        }
        writeln!(
            f,
            "r, s: chart steps (hit / miss) in units u = h / H; exact ARL: Markov chain on the \
             integer chart; Siegmund: continuous approximation, used only to seed the search."
        )
    }
}
