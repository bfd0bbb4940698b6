//! Rendering: the words of an alert, in French or English. Pure (no I/O), so every string
//! a person reads is tested without a bus.
//!
//! Text that comes from feeds is escaped before it goes into a notification body:
//! notification servers interpret a subset of HTML, and a feed must never inject markup or
//! links. Webhook payloads get the plain text (their receivers escape for themselves,
//! except Slack-style `text`, see `slack_escape`).

use crate::config::UiLang;
use crate::store::AlertRow;

#[derive(Debug, Clone, PartialEq)]
pub struct Rendered {
    pub summary: String,
    /// Body with markup escaped, ready for a notification server.
    pub body: String,
    /// The same lines without escaping, for webhooks and commands.
    pub plain: String,
    pub critical: bool,
    /// The evidence to open from the notification: the first http(s) link.
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
    // The worst mentions first: the evidence is stored in the detector's order.
    let mut worst: Vec<_> = a.evidence_rows.iter().collect();
    worst.sort_by(|x, y| x.score.total_cmp(&y.score));
    let lines = |esc: fn(&str) -> String| {
        worst
            .iter()
            .take(3)
            .map(|e| format!("• {} — {}", esc(&host(&e.feed)), esc(&one_line(&e.title))))
            .collect::<Vec<_>>()
            .join("\n")
    };
    Rendered {
        summary,
        body: lines(escape_markup),
        plain: lines(str::to_string),
        critical: a.severity == "critical" || a.detector == "high_impact",
        link: worst
            .iter()
            .filter_map(|e| e.link.as_deref())
            .find(|l| is_web_link(l))
            .map(str::to_string),
    }
}

/// Only http(s) links are ever handed to `xdg-open`: a feed could carry `file:` or a
/// string starting with `-`.
pub fn is_web_link(s: &str) -> bool {
    reqwest::Url::parse(s).is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.has_host())
}

/// Titles may carry newlines; a body line must stay one line. URLs in feed text are
/// defanged (a zero-width space after the scheme) because many notification servers and
/// chat tools turn bare URLs into links: only veille's own action opens a link.
fn one_line(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace("://", ":\u{200B}//")
        .replace("www.", "www\u{200B}.")
}

/// The summary of the daily digest.
pub fn digest_summary(n: usize, lang: UiLang) -> String {
    match (lang, n) {
        (UiLang::Fr, 1) => "veille : 1 alerte aujourd'hui".to_string(),
        (UiLang::Fr, n) => format!("veille : {n} alertes aujourd'hui"),
        (UiLang::En, 1) => "veille: 1 alert today".to_string(),
        (UiLang::En, n) => format!("veille: {n} alerts today"),
    }
}

/// The body of the daily digest: one escaped line per alert, at most `max`, then "…".
pub fn digest_body(summaries: &[String], max: usize) -> String {
    let mut lines: Vec<String> = summaries
        .iter()
        .take(max)
        .map(|s| format!("• {}", escape_markup(s)))
        .collect();
    if summaries.len() > max {
        lines.push(format!("… (+{})", summaries.len() - max));
    }
    lines.join("\n")
}

/// Slack-style `text` escaping: `&`, `<`, `>` are control characters there (`<url|label>`
/// makes a link), so feed text gets them escaped and cannot make links or mentions.
pub fn slack_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
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
    fn urls_in_feed_text_do_not_become_links() {
        let mut a = alert();
        a.evidence_rows[0].title = "voir https://evil.example/x et www.evil.example".into();
        let r = render(&a, UiLang::Fr);
        for text in [&r.body, &r.plain] {
            assert!(
                !text.contains("https://") && !text.contains("www.e"),
                "{text}"
            );
            assert!(text.contains("https:\u{200B}//evil.example/x"), "{text}");
        }
        // The link veille itself opens is intact.
        assert_eq!(r.link.as_deref(), Some("https://news.ma/1"));
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
                .contains("&lt;a href=&#39;http:\u{200B}//evil&#39;&gt;clic&lt;/a&gt; &amp; co")
        );
        assert!(r.body.starts_with("• news.ma — "));
        assert_eq!(r.link.as_deref(), Some("https://news.ma/1"));
    }
}
