//! Time helpers shared by the config, the CLI filters and the scheduler: parsing human
//! durations ("15m", "1h30m", "7d") and "since" expressions ("7d", "2026-11-01",
//! RFC 3339), and converting between `DateTime<Utc>` and the integer seconds the store
//! keeps.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use std::time::Duration;

/// Parses "90s", "15m", "1h30m", "2d", "1w", "365d". A bare number is seconds.
/// Units: s, m (minutes), h, d, w, or their words in English and French, as
/// people write them in a config by hand ("15 min", "2 hours", "3 jours",
/// "1 semaine"); a number after hours is minutes, the French way ("1h30").
/// Returns a human message on error: the caller attaches the location.
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let t = s.trim();
    if t.is_empty() {
        return Err("empty duration: expected something like \"15m\", \"2h\" or \"7d\"".into());
    }
    if let Ok(n) = t.parse::<u64>() {
        return Ok(Duration::from_secs(n));
    }
    let mut total: u64 = 0;
    let mut chars = t.chars().peekable();
    // The unit of the previous part: "1h30" reads the 30 as minutes.
    let mut last_mult = 0;
    while chars.peek().is_some() {
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        let mut num = String::new();
        while let Some(c) = chars.next_if(char::is_ascii_digit) {
            num.push(c);
        }
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        let mut word = String::new();
        while let Some(c) = chars.next_if(|c| c.is_alphabetic()) {
            word.extend(c.to_lowercase());
        }
        if num.is_empty() && word.is_empty() {
            if let Some(c) = chars.next() {
                return Err(format!(
                    "invalid duration {s:?}: unexpected '{c}' (write e.g. \"15m\", \"1h30m\" or \"2 days\")"
                ));
            }
            break;
        }
        let mult = if word.is_empty() && last_mult == 3600 {
            60
        } else {
            match word.as_str() {
                "s" | "sec" | "secs" | "second" | "seconds" | "seconde" | "secondes" => 1,
                "m" | "min" | "mins" | "minute" | "minutes" | "mn" => 60,
                "h" | "hr" | "hrs" | "hour" | "hours" | "heure" | "heures" => 3600,
                "d" | "day" | "days" | "j" | "jour" | "jours" => 86_400,
                "w" | "wk" | "week" | "weeks" | "semaine" | "semaines" => 7 * 86_400,
                "" => {
                    return Err(format!(
                        "invalid duration {s:?}: a number needs a unit (s, m, h, d, w), e.g. \"15m\""
                    ));
                }
                _ => {
                    return Err(format!(
                        "invalid duration {s:?}: unknown unit {word:?} (use s, m, h, d or w, e.g. \"15m\", or words: \"15 minutes\", \"2 jours\")"
                    ));
                }
            }
        };
        let n: u64 = num
            .parse()
            .map_err(|_| format!("invalid duration {s:?}: a number must come before {word:?}"))?;
        total = total
            .checked_add(n.checked_mul(mult).ok_or("duration too large")?)
            .ok_or("duration too large")?;
        last_mult = mult;
    }
    Ok(Duration::from_secs(total))
}

/// Formats a duration compactly for humans ("1h30m", "2d", "45s").
pub fn format_duration(d: Duration) -> String {
    let mut s = d.as_secs();
    if s == 0 {
        return "0s".into();
    }
    let mut out = String::new();
    for (unit, len) in [("d", 86_400), ("h", 3600), ("m", 60), ("s", 1)] {
        if s >= len {
            out.push_str(&format!("{}{}", s / len, unit));
            s %= len;
        }
    }
    out
}

/// Parses a point in time for `--since` / `--until`: a duration back from `now`
/// ("7d", "12h"), a date ("2026-11-01", midnight UTC) or an RFC 3339 timestamp.
pub fn parse_since(s: &str, now: DateTime<Utc>) -> Result<DateTime<Utc>, String> {
    let t = s.trim();
    if let Ok(dt) = DateTime::parse_from_rfc3339(t) {
        return Ok(dt.with_timezone(&Utc));
    }
    if let Ok(d) = NaiveDate::parse_from_str(t, "%Y-%m-%d") {
        let ndt = d.and_hms_opt(0, 0, 0).expect("midnight exists");
        return Ok(Utc.from_utc_datetime(&ndt));
    }
    match parse_duration(t) {
        Ok(d) => Ok(now - chrono::Duration::from_std(d).map_err(|e| e.to_string())?),
        Err(_) => Err(format!(
            "invalid time {s:?}: expected a duration back from now (\"7d\", \"12h\"), a date (\"2026-11-01\") or an RFC 3339 timestamp"
        )),
    }
}

/// Seconds since the epoch, the representation used in the store.
pub fn to_unix(t: DateTime<Utc>) -> i64 {
    t.timestamp()
}

/// Inverse of [`to_unix`]; out-of-range values clamp to the epoch rather than panic.
pub fn from_unix(s: i64) -> DateTime<Utc> {
    Utc.timestamp_opt(s, 0).single().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_table() {
        let ok = [
            ("90s", 90),
            ("15m", 900),
            ("1h30m", 5400),
            ("2d", 172_800),
            ("1w", 604_800),
            ("120", 120),
            ("1h 30m", 5400),
            // Written by hand, in English and French.
            ("15 minutes", 900),
            ("15 min", 900),
            ("2 hours", 7200),
            ("1 heure 30", 5400),
            ("1h30", 5400),
            ("3 jours", 259_200),
            ("1 Semaine", 604_800),
            ("2 days 6 hours", 194_400),
            ("45 secondes", 45),
        ];
        for (s, secs) in ok {
            assert_eq!(parse_duration(s).unwrap().as_secs(), secs, "{s}");
        }
        for bad in [
            "",
            "m",
            "15x",
            "abc",
            "15 minutes please",
            "1d30",
            "1.5h",
            "-5m",
            "h30",
        ] {
            assert!(parse_duration(bad).is_err(), "{bad:?} should fail");
        }
        // The message names the unit it did not understand.
        let e = parse_duration("3 mois").unwrap_err();
        assert!(e.contains("\"mois\""), "{e}");
    }

    #[test]
    fn format_round_trips() {
        for s in [45, 60, 5400, 86_400, 90_061] {
            let d = Duration::from_secs(s);
            assert_eq!(parse_duration(&format_duration(d)).unwrap(), d);
        }
    }

    #[test]
    fn since_forms() {
        let now = Utc.with_ymd_and_hms(2026, 11, 22, 12, 0, 0).unwrap();
        assert_eq!(
            parse_since("7d", now).unwrap(),
            Utc.with_ymd_and_hms(2026, 11, 15, 12, 0, 0).unwrap()
        );
        assert_eq!(
            parse_since("2026-11-01", now).unwrap(),
            Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap()
        );
        assert!(parse_since("2026-11-01T10:00:00+01:00", now).is_ok());
        assert!(parse_since("yesterday", now).is_err());
    }
}
