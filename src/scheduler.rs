//! Scheduler: decides when each feed is next due. Pure: the clock is an argument.
//!
//! A feed is polled every `interval` with ±10 % jitter, so that feeds added together do not
//! stay in lock-step and hit servers at the same second forever. Failures back off
//! exponentially (interval × 2^(failures-1), capped at 24 h); a feed is never given up on for
//! transient errors. The jitter is derived from the feed URL and the time, not from a global
//! RNG, so schedules are reproducible in tests.
//!
//! Politeness: the next check never comes sooner than the feed itself asks (RSS `ttl`,
//! `Cache-Control: max-age`, `Expires`; such hints count up to `MAX_HINT`, so a feed that
//! says "cache me for a year" is still read daily), nor sooner than a 429/503's
//! `Retry-After`. The backoff cap is configurable (`[daemon] max_backoff`).
//!
//! Health: a feed failing for `FAILING_WARN_AFTER`, or silent for much longer than its
//! usual rhythm (`silence_threshold`), is reported once per episode.

use chrono::{DateTime, Utc};
use std::time::Duration;

/// The longest a failing feed waits before the next try.
pub const MAX_BACKOFF: Duration = Duration::from_secs(24 * 3600);

/// A deterministic pseudo-random fraction in [-1, 1) for this feed and moment.
fn unit_noise(key: &str, now: DateTime<Utc>) -> f64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in key.bytes().chain(now.timestamp().to_le_bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    // splitmix64 finaliser spreads FNV's low-entropy high bits.
    h ^= h >> 30;
    h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^= h >> 27;
    (h >> 11) as f64 / (1u64 << 53) as f64 * 2.0 - 1.0
}

/// `d` ± 10 %.
pub fn jittered(d: Duration, key: &str, now: DateTime<Utc>) -> Duration {
    d.mul_f64(1.0 + 0.1 * unit_noise(key, now))
}

/// Next check after a successful poll.
pub fn after_success(now: DateTime<Utc>, interval: Duration, key: &str) -> DateTime<Utc> {
    now + chrono::Duration::from_std(jittered(interval, key, now))
        .unwrap_or(chrono::Duration::hours(1))
}

/// Next check after the `failures`-th failure in a row.
pub fn after_failure(
    now: DateTime<Utc>,
    interval: Duration,
    failures: u32,
    key: &str,
) -> DateTime<Utc> {
    let exp = failures.saturating_sub(1).min(20);
    let backoff = interval.saturating_mul(1u32 << exp).min(MAX_BACKOFF);
    now + chrono::Duration::from_std(jittered(backoff, key, now))
        .unwrap_or(chrono::Duration::hours(24))
}

/// The longest a caching hint (ttl, max-age, Expires) may push the next check back.
pub const MAX_HINT: Duration = Duration::from_secs(24 * 3600);

/// A feed failing for this long is reported as broken.
pub const FAILING_WARN_AFTER: Duration = Duration::from_secs(24 * 3600);

fn add(now: DateTime<Utc>, d: Duration) -> DateTime<Utc> {
    now + chrono::Duration::from_std(d).unwrap_or(chrono::Duration::hours(24))
}

/// Next check after a successful poll, never sooner than the feed's caching `hint`.
pub fn after_success_hinted(
    now: DateTime<Utc>,
    interval: Duration,
    key: &str,
    hint: Option<Duration>,
) -> DateTime<Utc> {
    let planned = after_success(now, interval, key);
    match hint {
        Some(h) => planned.max(add(now, h.min(MAX_HINT))),
        None => planned,
    }
}

/// Next check after the `failures`-th failure in a row, backoff capped at `cap`; never
/// sooner than a `retry_after` the server sent (itself bounded by `cap`).
pub fn after_failure_capped(
    now: DateTime<Utc>,
    interval: Duration,
    failures: u32,
    key: &str,
    cap: Duration,
    retry_after: Option<Duration>,
) -> DateTime<Utc> {
    let exp = failures.saturating_sub(1).min(20);
    let backoff = interval.saturating_mul(1u32 << exp).min(cap);
    let planned = add(now, jittered(backoff, key, now));
    match retry_after {
        Some(r) => planned.max(add(now, r.min(cap))),
        None => planned,
    }
}

/// How long a feed may stay without new items before it is reported silent: ten times its
/// usual gap between items, and never less than two polling intervals or a day (a news
/// site quiet on a Sunday night is not broken).
pub fn silence_threshold(rhythm: Duration, interval: Duration) -> Duration {
    rhythm
        .saturating_mul(10)
        .max(interval.saturating_mul(2))
        .max(Duration::from_secs(24 * 3600))
}

/// Whether a feed whose next check is `next` is due at `now` (never checked: due).
pub fn is_due(next: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
    next.is_none_or(|n| n <= now)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn jitter_stays_within_ten_percent_and_varies() {
        let now = Utc.with_ymd_and_hms(2026, 11, 22, 0, 0, 0).unwrap();
        let d = Duration::from_secs(900);
        let mut seen = std::collections::HashSet::new();
        for i in 0..200 {
            let j = jittered(d, &format!("http://feed/{i}"), now);
            assert!(
                j >= Duration::from_secs(810) && j <= Duration::from_secs(990),
                "{j:?}"
            );
            seen.insert(j.as_secs());
        }
        assert!(
            seen.len() > 50,
            "jitter should spread feeds, got {} values",
            seen.len()
        );
    }

    #[test]
    fn backoff_doubles_and_caps() {
        let now = Utc.with_ymd_and_hms(2026, 11, 22, 0, 0, 0).unwrap();
        let i = Duration::from_secs(900);
        let wait = |f| (after_failure(now, i, f, "k") - now).num_seconds();
        assert!((810..=990).contains(&wait(1)));
        assert!((1620..=1980).contains(&wait(2)));
        assert!((3240..=3960).contains(&wait(3)));
        assert!(wait(30) <= (MAX_BACKOFF.as_secs() as f64 * 1.1) as i64);
        assert!(wait(30) >= (MAX_BACKOFF.as_secs() as f64 * 0.9) as i64);
    }

    #[test]
    fn hints_and_retry_after_only_push_later() {
        let now = Utc.with_ymd_and_hms(2026, 11, 22, 0, 0, 0).unwrap();
        let i = Duration::from_secs(900);
        let secs = |t: DateTime<Utc>| (t - now).num_seconds();
        // (hint, min wait, max wait)
        let cases: &[(Option<u64>, i64, i64)] = &[
            (None, 810, 990),
            (Some(60), 810, 990),
            (Some(3600), 3600, 3600),
            (Some(365 * 86400), 86400, 86400),
        ];
        for (h, lo, hi) in cases {
            let w = secs(after_success_hinted(
                now,
                i,
                "k",
                h.map(Duration::from_secs),
            ));
            assert!((*lo..=*hi).contains(&w), "hint {h:?}: {w}");
        }
        let cap = Duration::from_secs(6 * 3600);
        let f = |n, r: Option<u64>| {
            secs(after_failure_capped(
                now,
                i,
                n,
                "k",
                cap,
                r.map(Duration::from_secs),
            ))
        };
        assert!((810..=990).contains(&f(1, None)));
        assert_eq!(f(1, Some(7200)), 7200);
        assert!((1620..=1980).contains(&f(2, Some(60))));
        assert!(f(30, None) <= (6.0 * 3600.0 * 1.1) as i64);
        assert_eq!(
            f(1, Some(30 * 86400)),
            6 * 3600,
            "Retry-After bounded by the cap"
        );
    }

    #[test]
    fn silence_threshold_table() {
        let h = |n: u64| Duration::from_secs(n * 3600);
        let m = |n: u64| Duration::from_secs(n * 60);
        let cases = [
            (m(10), m(15), h(24)),
            (h(6), m(15), h(60)),
            (h(1), h(20), h(40)),
        ];
        for (rhythm, interval, want) in cases {
            assert_eq!(silence_threshold(rhythm, interval), want);
        }
    }

    #[test]
    fn due() {
        let now = Utc.with_ymd_and_hms(2026, 11, 22, 0, 0, 0).unwrap();
        assert!(is_due(None, now));
        assert!(is_due(Some(now), now));
        assert!(!is_due(Some(now + chrono::Duration::seconds(1)), now));
    }
}
