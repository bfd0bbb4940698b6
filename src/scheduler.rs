//! Scheduler: decides when each feed is next due. Pure: the clock is an argument.
//!
//! A feed is polled every `interval` with ±10 % jitter, so that feeds added together do not
//! stay in lock-step and hit servers at the same second forever. Failures back off
//! exponentially (interval × 2^(failures-1), capped at 24 h); a feed is never given up on for
//! transient errors. The jitter is derived from the feed URL and the time, not from a global
//! RNG, so schedules are reproducible in tests.

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
    fn due() {
        let now = Utc.with_ymd_and_hms(2026, 11, 22, 0, 0, 0).unwrap();
        assert!(is_due(None, now));
        assert!(is_due(Some(now), now));
        assert!(!is_due(Some(now + chrono::Duration::seconds(1)), now));
    }
}
