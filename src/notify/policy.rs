//! Desktop delivery policy: per-brand rate limit, quiet hours, daily digest, expiry, and
//! the retry backoff of every sink. Pure: time and counts come in, a decision goes out.
//!
//! Times of day are local to `[daemon] timezone` (Africa/Casablanca by default, whose
//! offset changes around Ramadan), so "22:00" means 22:00 on the user's wall clock.

use crate::config::{Config, RateLimit};
use crate::store::DeliveryState;
use chrono::{DateTime, NaiveTime, TimeZone, Utc};

/// A desktop notification that could not be shown for this long is dropped: a person
/// coming back after a week wants the report, not a wall of stale pop-ups.
pub const DESKTOP_EXPIRY: chrono::Duration = chrono::Duration::hours(48);

#[derive(Debug, Clone, PartialEq)]
pub enum Decision {
    Send,
    /// Hold until then (quiet hours, or the next digest).
    Defer(DateTime<Utc>),
    /// Over the rate limit: recorded, logged, not shown.
    Suppress,
    /// Its digest time has come: goes out in the digest notification.
    Digest,
    /// Too old to be worth showing.
    Expire,
}

#[derive(Debug, Clone)]
pub struct Policy {
    pub tz: chrono_tz::Tz,
    pub rate_limit: Option<RateLimit>,
    pub quiet_hours: Option<(NaiveTime, NaiveTime)>,
    pub digest: Option<NaiveTime>,
}

impl Policy {
    pub fn from_config(cfg: &Config) -> Policy {
        let d = &cfg.alerts.delivery;
        Policy {
            tz: cfg.daemon.timezone,
            rate_limit: d.rate_limit,
            quiet_hours: d.quiet_hours,
            digest: d.digest,
        }
    }

    pub fn rate_window(&self) -> chrono::Duration {
        self.rate_limit
            .and_then(|r| chrono::Duration::from_std(r.window).ok())
            .unwrap_or(chrono::Duration::hours(1))
    }

    /// What to do with a desktop notification now. `shown` is how many of this brand's
    /// alerts the desktop showed within the rate window. Critical alerts pass the rate
    /// limit, the quiet hours and the digest.
    pub fn decide(
        &self,
        critical: bool,
        now: DateTime<Utc>,
        state: &DeliveryState,
        shown: u32,
    ) -> Decision {
        if state.attempts > 0 && now - state.first_seen > DESKTOP_EXPIRY {
            return Decision::Expire;
        }
        if critical {
            return Decision::Send;
        }
        if let Some(at) = self.digest {
            // First sight: wait for the next digest; once that time has come, join it.
            return match state.scheduled {
                None => Decision::Defer(next_local(now, at, self.tz)),
                Some(_) => Decision::Digest,
            };
        }
        if let Some((from, to)) = self.quiet_hours
            && in_window(now.with_timezone(&self.tz).time(), from, to)
        {
            return Decision::Defer(next_local(now, to, self.tz));
        }
        if let Some(rl) = self.rate_limit
            && shown >= rl.max
        {
            return Decision::Suppress;
        }
        Decision::Send
    }
}

/// Whether local time `t` is in [from, to), a window that may wrap midnight.
pub fn in_window(t: NaiveTime, from: NaiveTime, to: NaiveTime) -> bool {
    if from < to {
        from <= t && t < to
    } else {
        t >= from || t < to
    }
}

/// The first instant after `now` whose local time in `tz` is `at`. On a day where `at`
/// does not exist (a clock jumping forward over it), the instant just after the jump.
pub fn next_local(now: DateTime<Utc>, at: NaiveTime, tz: chrono_tz::Tz) -> DateTime<Utc> {
    let today = now.with_timezone(&tz).date_naive();
    for d in 0..3 {
        let day = today + chrono::Days::new(d);
        let mut naive = day.and_time(at);
        // Step over a gap an hour at a time (zone offsets move by at most a few hours).
        for _ in 0..4 {
            if let Some(t) = tz.from_local_datetime(&naive).earliest() {
                let t = t.with_timezone(&Utc);
                if t > now {
                    return t;
                }
                break;
            }
            naive += chrono::Duration::hours(1);
        }
    }
    now + chrono::Duration::days(1)
}

/// Delay before retry number `attempts` (1 = after the first failure): 30 s doubling,
/// capped at one hour.
pub fn backoff(attempts: u32) -> chrono::Duration {
    let secs = 30i64.saturating_mul(1i64 << attempts.saturating_sub(1).min(20));
    chrono::Duration::seconds(secs.min(3600))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::Africa::Casablanca;

    fn hm(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn fresh(now: DateTime<Utc>) -> DeliveryState {
        DeliveryState {
            attempts: 0,
            last_error: None,
            first_seen: now,
            scheduled: None,
        }
    }

    fn policy() -> Policy {
        Policy {
            tz: Casablanca,
            rate_limit: None,
            quiet_hours: None,
            digest: None,
        }
    }

    #[test]
    fn windows_that_wrap_midnight() {
        let cases = [
            ((22, 0), (7, 0), (23, 30), true),
            ((22, 0), (7, 0), (6, 59), true),
            ((22, 0), (7, 0), (7, 0), false),
            ((22, 0), (7, 0), (12, 0), false),
            ((13, 0), (14, 0), (13, 30), true),
            ((13, 0), (14, 0), (14, 0), false),
        ];
        for (f, t, x, want) in cases {
            assert_eq!(
                in_window(hm(x.0, x.1), hm(f.0, f.1), hm(t.0, t.1)),
                want,
                "{x:?} in {f:?}-{t:?}"
            );
        }
    }

    #[test]
    fn quiet_hours_hold_until_morning_in_local_time_and_critical_passes() {
        let p = Policy {
            quiet_hours: Some((hm(22, 0), hm(7, 0))),
            ..policy()
        };
        // 2026-01-15 23:30 in Casablanca (UTC+1 outside Ramadan) is 22:30 UTC.
        let now = utc("2026-01-15T22:30:00Z");
        assert_eq!(
            p.decide(false, now, &fresh(now), 0),
            Decision::Defer(utc("2026-01-16T06:00:00Z"))
        );
        assert_eq!(p.decide(true, now, &fresh(now), 0), Decision::Send);
        let noon = utc("2026-01-15T11:00:00Z");
        assert_eq!(p.decide(false, noon, &fresh(noon), 0), Decision::Send);
    }

    #[test]
    fn quiet_hours_follow_the_ramadan_offset() {
        // Morocco moves to UTC+0 during Ramadan (2026: about Feb 15 - Mar 22): 07:00
        // local is then 07:00 UTC, not 06:00.
        let p = Policy {
            quiet_hours: Some((hm(22, 0), hm(7, 0))),
            ..policy()
        };
        let now = utc("2026-03-01T23:00:00Z");
        assert_eq!(
            p.decide(false, now, &fresh(now), 0),
            Decision::Defer(utc("2026-03-02T07:00:00Z"))
        );
    }

    #[test]
    fn rate_limit_counts_per_brand_and_critical_passes() {
        let p = Policy {
            rate_limit: Some(RateLimit {
                max: 2,
                window: std::time::Duration::from_secs(3600),
            }),
            ..policy()
        };
        let now = utc("2026-01-15T11:00:00Z");
        assert_eq!(p.decide(false, now, &fresh(now), 1), Decision::Send);
        assert_eq!(p.decide(false, now, &fresh(now), 2), Decision::Suppress);
        assert_eq!(p.decide(true, now, &fresh(now), 5), Decision::Send);
    }

    #[test]
    fn digest_defers_then_gathers() {
        let p = Policy {
            digest: Some(hm(18, 0)),
            ..policy()
        };
        let now = utc("2026-01-15T11:00:00Z");
        let at = utc("2026-01-15T17:00:00Z");
        assert_eq!(p.decide(false, now, &fresh(now), 0), Decision::Defer(at));
        let later = DeliveryState {
            scheduled: Some(at),
            ..fresh(now)
        };
        assert_eq!(p.decide(false, at, &later, 0), Decision::Digest);
        assert_eq!(p.decide(true, now, &fresh(now), 0), Decision::Send);
        // After 18:00 local the digest is tomorrow's.
        let evening = utc("2026-01-15T19:00:00Z");
        assert_eq!(
            p.decide(false, evening, &fresh(evening), 0),
            Decision::Defer(utc("2026-01-16T17:00:00Z"))
        );
    }

    #[test]
    fn failing_desktop_expires_after_two_days() {
        let now = utc("2026-01-15T11:00:00Z");
        let old = DeliveryState {
            attempts: 30,
            first_seen: now - chrono::Duration::hours(49),
            ..fresh(now)
        };
        assert_eq!(policy().decide(true, now, &old, 0), Decision::Expire);
    }

    #[test]
    fn backoff_doubles_and_caps() {
        let secs: Vec<i64> = [1, 2, 3, 7, 8, 50, u32::MAX]
            .iter()
            .map(|&n| backoff(n).num_seconds())
            .collect();
        assert_eq!(secs, vec![30, 60, 120, 1920, 3600, 3600, 3600]);
    }
}
