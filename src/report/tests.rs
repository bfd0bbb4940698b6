//! Report data and page, built from rows made by hand (no database here; the integration
//! tests build reports through the real pipeline and store).

use super::*;
use crate::store::Evidence;
use chrono::TimeZone;

fn t(day: u32, hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, day, hour, 0, 0).unwrap()
}

fn row(id: i64, brand: &str, at: DateTime<Utc>, label: i8, author: Option<&str>) -> MentionRow {
    MentionRow {
        id,
        brand: brand.into(),
        title: format!("{brand} title {id}"),
        link: Some(format!("https://news.example/{id}")),
        published: at.to_rfc3339(),
        feed: "https://news.example/rss".into(),
        author: author.map(str::to_string),
        lang: if id % 3 == 0 { "ar" } else { "fr" }.into(),
        label,
        score: f64::from(label) * (0.2 + id as f64 / 100.0),
        snippet: format!("snippet {id}"),
        terms: serde_json::json!([]),
        feed_title: Some("News".into()),
        weight: 1.0,
        highlight: None,
        marks: None,
    }
}

fn opts() -> ReportOptions {
    ReportOptions {
        brands: Vec::new(),
        since: t(1, 0),
        until: t(10, 20),
        lang: UiLang::Fr,
        tz: chrono_tz::Africa::Casablanca,
    }
}

fn alert(brand: &str, at: DateTime<Utc>, title: &str, link: &str) -> AlertRow {
    AlertRow {
        id: 1,
        brand: brand.into(),
        detector: "cusum".into(),
        direction: "negative".into(),
        severity: "warning".into(),
        raised_at: at.to_rfc3339(),
        window_start: t(8, 0).to_rfc3339(),
        window_end: at.to_rfc3339(),
        stats: serde_json::json!({}),
        evidence: vec![link.into()],
        evidence_rows: vec![Evidence {
            mention_id: Some(1),
            title: title.into(),
            link: Some(link.into()),
            feed: "https://news.example/rss".into(),
            snippet: "snip".into(),
            score: -0.7,
        }],
        delivered: true,
    }
}

#[test]
fn counts_per_day_brand_and_voice() {
    let rows = vec![
        row(1, "Inwi", t(2, 10), -1, Some("Karim")),
        row(2, "Inwi", t(2, 11), 1, Some("Salma")),
        row(3, "Inwi", t(5, 9), -1, Some("Karim")),
        row(4, "Orange", t(5, 9), 0, None),
        // After the period: not counted anywhere.
        row(5, "Inwi", t(12, 9), 1, None),
    ];
    let d = build(
        &rows,
        vec![alert("Inwi", t(9, 12), "x", "https://e/1")],
        &["Inwi".into(), "Orange".into(), "Maroc Telecom".into()],
        &opts(),
        t(10, 23),
    );
    assert_eq!(d.days.len(), 10);
    assert_eq!(d.brands.len(), 3);
    let inwi = &d.brands[0];
    assert_eq!(inwi.total, 3);
    assert_eq!(inwi.tone, [2, 0, 1]);
    assert_eq!(inwi.daily[1], [1, 0, 1]);
    assert_eq!(inwi.daily[4], [1, 0, 0]);
    assert_eq!(inwi.alerts.len(), 1);
    assert_eq!(inwi.alerts[0].0, 1);
    assert_eq!(
        d.share_of_voice
            .iter()
            .map(|s| (s.0.as_str(), s.1))
            .collect::<Vec<_>>(),
        vec![("Inwi", 3), ("Orange", 1), ("Maroc Telecom", 0)]
    );
    // Karim: two mentions, both negative, leads the critical voices.
    let first = &inwi.critical_voices[0];
    assert_eq!(
        (first.name.as_str(), first.negative, first.is_author),
        ("Karim", 2, true)
    );
    assert!(inwi.critical_voices.iter().all(|v| v.name != "Salma"));
    assert_eq!(inwi.most_negative.len(), 2);
    assert!(inwi.most_negative[0].score <= inwi.most_negative[1].score);
    assert_eq!(inwi.most_positive.len(), 1);
}

#[test]
fn feed_text_cannot_inject_markup_or_scripts() {
    let mut evil = row(
        1,
        "Inwi",
        t(2, 10),
        -1,
        Some("<img src=x onerror=alert(1)>"),
    );
    evil.title = "<script>alert('x')</script>".into();
    evil.link = Some("javascript:alert(1)".into());
    evil.snippet = "\"><svg onload=alert(1)>".into();
    evil.feed_title = Some("</style><script>".into());
    let d = build(
        &[evil],
        vec![alert("Inwi", t(9, 12), "<b>bold</b>", "javascript:void(0)")],
        &["Inwi".into()],
        &opts(),
        t(10, 23),
    );
    let page = html::render(&d);
    for bad in [
        "<script",
        "<img",
        "<svg onload",
        "javascript:",
        "<b>bold",
        "</style><script",
    ] {
        assert!(!page.contains(bad), "{bad} leaked into the page");
    }
    assert!(page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
}

#[test]
fn page_in_both_languages_with_charts_and_alert_anchor() {
    let rows = vec![
        row(1, "Inwi", t(2, 10), -1, None),
        row(2, "Inwi", t(3, 10), 1, None),
    ];
    let mut o = opts();
    for (lang, word) in [(UiLang::Fr, "Part de voix"), (UiLang::En, "Share of voice")] {
        o.lang = lang;
        let d = build(
            &rows,
            vec![alert("Inwi", t(9, 12), "x", "https://e/1")],
            &["Inwi".into()],
            &o,
            t(10, 23),
        );
        let page = html::render(&d);
        assert!(page.contains(word));
        assert!(page.contains("<rect class=\"bar neg\""));
        assert!(page.contains("id=\"alert-1\"") && page.contains("href=\"#alert-1\""));
        assert!(page.contains("href=\"https://e/1\""));
    }
}
