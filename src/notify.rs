//! Notify: tells people about alerts — a structured log record for every alert (journald
//! under systemd) and a desktop notification over D-Bus.
//!
//! Rendering is pure and separate from delivery so it can be tested without a bus. Text
//! that comes from feeds is escaped before it goes into a notification body: notification
//! servers interpret a subset of HTML, and a feed must never inject markup or links.
//! Delivery failure is not an error for the daemon: the alert stays stored, undelivered,
//! and is retried on the next cycle.

use crate::config::UiLang;
use crate::store::AlertRow;
use std::time::Duration;

/// `MESSAGE_ID` of every alert record in the journal: `journalctl MESSAGE_ID=…` lists alerts.
pub const ALERT_MESSAGE_ID: &str = "5c0a3f7e9b1d4e2a8f6c3b7d1e9a4f20";
/// `MESSAGE_ID` of feed failure records.
pub const FEED_FAILURE_MESSAGE_ID: &str = "a7e41c9d2b6f4830b5e9c1d7f3a2e864";

#[derive(Debug, Clone, PartialEq)]
pub struct Rendered {
    pub summary: String,
    /// Body with markup escaped, ready for a notification server.
    pub body: String,
    pub critical: bool,
    pub link: Option<String>,
}

fn pct(v: Option<f64>) -> String {
    v.map(|x| format!("{:.0}", x * 100.0))
        .unwrap_or_else(|| "?".into())
}

/// Number formatting with the decimal comma in French.
fn num(v: f64, lang: UiLang) -> String {
    let s = format!("{v:.1}");
    if lang == UiLang::Fr {
        s.replace('.', ",")
    } else {
        s
    }
}

/// The one-line summary for an alert, in the configured language.
pub fn summary(a: &AlertRow, lang: UiLang) -> String {
    let f = |k: &str| a.stats.get(k).and_then(|v| v.as_f64());
    let observed = f("observed_share").or(f("observed"));
    let (fr, b) = (lang == UiLang::Fr, &a.brand);
    match (a.detector.as_str(), fr) {
        ("tone_shift", true) => format!(
            "{b} : le ton se dégrade — {} % négatif contre {} % habituellement",
            pct(observed),
            pct(f("p0"))
        ),
        ("tone_shift", false) => format!(
            "{b}: tone is turning negative — {}% negative vs {}% usually",
            pct(observed),
            pct(f("p0"))
        ),
        ("positive_shift", true) => {
            format!("{b} : le ton s'améliore — {} % positif", pct(observed))
        }
        ("positive_shift", false) => {
            format!("{b}: tone is improving — {}% positive", pct(observed))
        }
        ("burst", true) => format!(
            "{b} : rafale de mentions négatives — {} en 24 h (attendu {})",
            f("k").unwrap_or(0.0),
            num(f("lambda_24h").unwrap_or(0.0), lang)
        ),
        ("burst", false) => format!(
            "{b}: burst of negative mentions — {} in 24 h (expected {})",
            f("k").unwrap_or(0.0),
            num(f("lambda_24h").unwrap_or(0.0), lang)
        ),
        ("volume", true) => format!(
            "{b} : volume inhabituel de mentions négatives — {} aujourd'hui (attendu {})",
            f("k").unwrap_or(0.0),
            num(f("expected").unwrap_or(0.0), lang)
        ),
        ("volume", false) => format!(
            "{b}: unusual volume of negative mentions — {} today (expected {})",
            f("k").unwrap_or(0.0),
            num(f("expected").unwrap_or(0.0), lang)
        ),
        ("high_impact", true) => format!("{b} : mention négative d'une source importante"),
        ("high_impact", false) => format!("{b}: negative mention from an important source"),
        (other, true) => format!("{b} : alerte {other}"),
        (other, false) => format!("{b}: {other} alert"),
    }
}

/// The summary and the body for an alert, in the configured language.
pub fn render(a: &AlertRow, lang: UiLang) -> Rendered {
    let summary = summary(a, lang);
    let body = a
        .evidence_rows
        .iter()
        .take(3)
        .map(|e| {
            format!(
                "• {} — {}",
                escape_markup(&host(&e.feed)),
                escape_markup(&e.title)
            )
        })
        .collect::<Vec<_>>()
        .join("\n");
    Rendered {
        summary,
        body,
        critical: a.severity == "critical",
        link: a.evidence_rows.iter().find_map(|e| e.link.clone()),
    }
}

fn host(url: &str) -> String {
    reqwest::Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
        .unwrap_or_else(|| url.rsplit('/').next().unwrap_or(url).to_string())
}

/// Escapes the characters notification servers treat as markup.
pub fn escape_markup(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Writes the alert as one structured record. Under journald the fields become
/// `MESSAGE_ID`, `VEILLE_BRAND`, `VEILLE_DETECTOR`, `VEILLE_DIRECTION`, `VEILLE_SEVERITY`,
/// `VEILLE_SCORE`, `VEILLE_ALERT_ID`.
pub fn log_alert(a: &AlertRow, r: &Rendered) {
    let observed = a
        .stats
        .get("observed")
        .and_then(|v| v.as_f64())
        .unwrap_or(f64::NAN);
    if r.critical {
        tracing::error!(
            message_id = ALERT_MESSAGE_ID,
            veille_brand = %a.brand,
            veille_detector = %a.detector,
            veille_direction = %a.direction,
            veille_severity = %a.severity,
            veille_score = observed,
            veille_alert_id = a.id,
            "alert: {}", r.summary
        );
    } else {
        tracing::warn!(
            message_id = ALERT_MESSAGE_ID,
            veille_brand = %a.brand,
            veille_detector = %a.detector,
            veille_direction = %a.direction,
            veille_severity = %a.severity,
            veille_score = observed,
            veille_alert_id = a.id,
            "alert: {}", r.summary
        );
    }
}

#[derive(Debug, thiserror::Error)]
pub enum NotifyError {
    #[error(
        "no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is unset and $XDG_RUNTIME_DIR/bus does not exist)"
    )]
    NoBus,
    #[error("desktop notification failed: {0}")]
    Desktop(String),
    #[error("desktop notification timed out after {0} s (is a notification server running?)")]
    Timeout(u64),
}

/// Whether a session bus address can be found the way zbus finds it.
pub fn session_bus_available() -> bool {
    if std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some_and(|v| !v.is_empty()) {
        return true;
    }
    std::env::var_os("XDG_RUNTIME_DIR")
        .map(|d| std::path::Path::new(&d).join("bus").exists())
        .unwrap_or(false)
}

/// Sends a desktop notification through the session bus.
pub async fn desktop(r: &Rendered) -> Result<(), NotifyError> {
    if !session_bus_available() {
        return Err(NotifyError::NoBus);
    }
    let mut n = notify_rust::Notification::new();
    n.appname("veille")
        .summary(&r.summary)
        .body(&r.body)
        .icon(if r.critical {
            "dialog-error"
        } else {
            "dialog-warning"
        })
        .urgency(if r.critical {
            notify_rust::Urgency::Critical
        } else {
            notify_rust::Urgency::Normal
        });
    const LIMIT: u64 = 10;
    match tokio::time::timeout(Duration::from_secs(LIMIT), n.show_async()).await {
        Ok(Ok(_handle)) => Ok(()),
        Ok(Err(e)) => Err(NotifyError::Desktop(crate::fetch::error_chain(&e))),
        Err(_) => Err(NotifyError::Timeout(LIMIT)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Evidence;

    fn alert() -> AlertRow {
        AlertRow {
            id: 1,
            brand: "Inwi".into(),
            detector: "tone_shift".into(),
            direction: "negative".into(),
            severity: "warning".into(),
            raised_at: String::new(),
            window_start: String::new(),
            window_end: String::new(),
            stats: serde_json::json!({"observed_share": 0.714, "p0": 0.18}),
            evidence: vec![],
            evidence_rows: vec![Evidence {
                mention_id: Some(1),
                title: "<a href='http://evil'>clic</a> & co".into(),
                link: Some("https://news.ma/1".into()),
                feed: "https://news.ma/rss".into(),
                snippet: String::new(),
                score: -0.8,
            }],
            delivered: false,
        }
    }

    #[test]
    fn summary_in_french_and_english() {
        let r = render(&alert(), UiLang::Fr);
        assert_eq!(
            r.summary,
            "Inwi : le ton se dégrade — 71 % négatif contre 18 % habituellement"
        );
        let r = render(&alert(), UiLang::En);
        assert_eq!(
            r.summary,
            "Inwi: tone is turning negative — 71% negative vs 18% usually"
        );
    }

    #[test]
    fn feed_text_cannot_inject_markup() {
        let r = render(&alert(), UiLang::Fr);
        assert!(!r.body.contains('<'), "{}", r.body);
        assert!(
            r.body
                .contains("&lt;a href=&#39;http://evil&#39;&gt;clic&lt;/a&gt; &amp; co")
        );
        assert!(r.body.starts_with("• news.ma — "));
        assert_eq!(r.link.as_deref(), Some("https://news.ma/1"));
    }
}
