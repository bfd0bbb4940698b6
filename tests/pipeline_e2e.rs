//! End to end: fixture feeds over real HTTP on 127.0.0.1 (port 0), one poll cycle into a
//! real SQLite file, then checks on the stored mentions, their labels and the alert; a
//! second poll of the same feeds adds nothing.

mod common;

use common::*;
use std::sync::{Arc, Mutex};
use tokio_util::sync::CancellationToken;
use veille::pipeline::{Engine, cycle, with_store};
use veille::store::{MentionFilter, Store};

const BRANDS: &str = r##"
[[brands]]
name = "Inwi"
aliases = ["inwi", "إنوي", "#inwi"]

[[brands]]
name = "L'Oréal"
"##;

#[tokio::test]
async fn one_cycle_stores_mentions_and_raises_one_alert_and_a_second_cycle_adds_nothing() {
    let now = chrono::Utc::now();
    let server = serve(vec![
        ("/press.xml", xml(fixture("press-fr.xml"))),
        (
            "/stream.xml",
            xml(rss("Stream", &tone_turn("Inwi", now, 20, 3, 15))),
        ),
    ])
    .await;
    let dir = tempfile::tempdir().unwrap();
    let cfg_path = write_config(
        dir.path(),
        &[server.url("/press.xml"), server.url("/stream.xml")],
        BRANDS,
    );
    let cfg = veille::config::load(&cfg_path).unwrap();
    let store = Arc::new(Mutex::new(Store::open(&cfg.storage.path).unwrap()));
    let engine = Arc::new(Engine::new(cfg).unwrap());
    let urls: Vec<String> = engine.config.feeds.iter().map(|f| f.url.clone()).collect();
    with_store(&store, move |s| s.sync_feeds(&urls))
        .await
        .unwrap();

    let r = cycle(&engine, &store, false, &CancellationToken::new())
        .await
        .unwrap();
    assert!(r.feeds_failed.is_empty(), "{:?}", r.feeds_failed);
    assert_eq!(r.new_items, 4 + 20 * 3 + 15);
    assert_eq!(
        r.new_alerts.len(),
        1,
        "exactly one alert for one turn of tone"
    );

    let counts = {
        let s = store.lock().unwrap();
        let press = |brand: &str| {
            s.mentions(&MentionFilter {
                brand: Some(brand.into()),
                ..Default::default()
            })
            .unwrap()
            .into_iter()
            .filter(|m| m.feed.ends_with("/press.xml"))
            .collect::<Vec<_>>()
        };
        // Typographic elision, uppercase, no match inside "Inwinter".
        let inwi = press("Inwi");
        let titles: Vec<&str> = inwi.iter().map(|m| m.title.as_str()).collect();
        assert_eq!(inwi.len(), 2, "{titles:?}");
        assert!(titles.iter().all(|t| !t.contains("Inwinter")));
        let panne = inwi.iter().find(|m| m.title.contains("panne")).unwrap();
        assert_eq!(panne.label, -1, "outage is negative: {panne:?}");
        assert_eq!(panne.author.as_deref(), Some("Salma B."));
        assert_eq!(
            panne.link.as_deref(),
            Some("https://presse.example/a/1"),
            "tracking parameters removed"
        );
        let fibre = inwi.iter().find(|m| m.title.contains("fibre")).unwrap();
        assert_eq!(fibre.label, 1, "{fibre:?}");
        // Entities decoded before matching: L&#8217;Or&eacute;al.
        let oreal = press("L'Oréal");
        assert_eq!(oreal.len(), 1);
        assert_eq!(oreal[0].title, "L’Oréal ouvre une usine à Kénitra");
        assert_eq!(oreal[0].label, 1);

        let alerts = s.alerts(Some("Inwi")).unwrap();
        assert_eq!(alerts.len(), 1);
        let a = &alerts[0];
        assert_eq!(a.direction, "negative");
        assert!(
            ["tone_shift", "burst", "volume"].contains(&a.detector.as_str()),
            "{a:?}"
        );
        assert!(!a.evidence_rows.is_empty());
        assert!(
            a.evidence_rows.iter().all(|e| e.score < 0.0),
            "evidence is the negative mentions"
        );
        assert!(
            a.delivered,
            "with desktop notifications off, logging is the delivery"
        );
        s.counts().unwrap()
    };

    // Second poll: the server answers 304 to our ETag, nothing new is stored.
    let r2 = cycle(&engine, &store, false, &CancellationToken::new())
        .await
        .unwrap();
    assert_eq!(
        (r2.new_items, r2.new_mentions, r2.new_alerts.len()),
        (0, 0, 0)
    );
    assert_eq!(r2.feeds_not_modified, 2);
    assert_eq!(store.lock().unwrap().counts().unwrap(), counts);
    let hits = server.hits();
    assert_eq!(
        hits.iter().filter(|h| h.starts_with("304")).count(),
        2,
        "{hits:?}"
    );
}

#[tokio::test]
async fn a_failing_feed_does_not_stop_the_others_and_is_recorded() {
    let now = chrono::Utc::now();
    let server = serve(vec![(
        "/ok.xml",
        xml(rss("Ok", &tone_turn("Inwi", now, 2, 1, 0))),
    )])
    .await;
    let dir = tempfile::tempdir().unwrap();
    let cfg_path = write_config(
        dir.path(),
        &[
            server.url("/ok.xml"),
            server.url("/missing.xml"),
            server.url("/ok.xml").replace("ok.xml", "html"),
        ],
        BRANDS,
    );
    server.set(
        "/html",
        veille::demo::server::Resource {
            content_type: "text/html".into(),
            body: b"<!DOCTYPE html><html><body>Hello</body></html>".to_vec(),
        },
    );
    let cfg = veille::config::load(&cfg_path).unwrap();
    let store = Arc::new(Mutex::new(Store::open(&cfg.storage.path).unwrap()));
    let engine = Arc::new(Engine::new(cfg).unwrap());
    let r = cycle(&engine, &store, false, &CancellationToken::new())
        .await
        .unwrap();
    assert_eq!(r.feeds_ok, 1);
    assert_eq!(r.new_items, 2);
    assert_eq!(r.feeds_failed.len(), 2);
    let msgs: Vec<&str> = r.feeds_failed.iter().map(|(_, m)| m.as_str()).collect();
    assert!(
        msgs.iter().any(|m| m.contains("/missing.xml: HTTP 404")),
        "{msgs:?}"
    );
    assert!(
        msgs.iter().any(|m| m.contains("an HTML page, not a feed")),
        "{msgs:?}"
    );
    let states = store.lock().unwrap().feed_states().unwrap();
    let missing = states
        .iter()
        .find(|f| f.url.ends_with("/missing.xml"))
        .unwrap();
    assert_eq!(missing.failures, 1);
    assert!(missing.last_error.as_deref().unwrap().contains("404"));
    assert!(
        missing.next_check.unwrap() > now,
        "a failed feed is retried later, not at once"
    );
}
