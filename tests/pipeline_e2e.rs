//! End to end: fixture feeds over real HTTP on 127.0.0.1 (port 0), one poll cycle into a
//! real SQLite file, then checks on the stored mentions, their labels and the alert; a
//! second poll of the same feeds adds nothing.

mod common;

use common::*;
use std::sync::{Arc, Mutex};
use tokio_util::sync::CancellationToken;
use veille::demo::server::Resource;
use veille::pipeline::{Engine, cycle, with_store};
use veille::store::{MentionFilter, Store};

const BRANDS: &str = r##"
[[brands]]
name = "Inwi"
aliases = ["inwi", "إنوي", "#inwi"]

[[brands]]
name = "L'Oréal"
"##;

type SharedStore = Arc<Mutex<Store>>;

/// The engine and store for a config file, with the feeds registered as the daemon does
/// at start-up.
async fn engine_for(cfg_path: &std::path::Path) -> (Arc<Engine>, SharedStore) {
    let cfg = veille::config::load(cfg_path).unwrap();
    let store = Arc::new(Mutex::new(Store::open(&cfg.storage.path).unwrap()));
    let engine = Arc::new(Engine::new(cfg).unwrap());
    let urls: Vec<String> = engine.config.feeds.iter().map(|f| f.url.clone()).collect();
    with_store(&store, move |s| s.sync_feeds(&urls))
        .await
        .unwrap();
    (engine, store)
}

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
    let (engine, store) = engine_for(&cfg_path).await;

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

/// Regression for two sources the mission names: Mastodon hashtag feeds name no author (the
/// status URL does), and YouTube channel feeds keep a video's text in
/// <media:description>, which veille did not read, so the video below was never a mention.
#[tokio::test]
async fn mastodon_posts_name_their_authors_and_video_descriptions_are_read() {
    let server = serve(vec![
        ("/tags/inwi.rss", xml(fixture("mastodon-tag.rss"))),
        (
            "/feeds/videos.xml",
            Resource {
                content_type: "application/atom+xml; charset=utf-8".into(),
                body: fixture("youtube-channel.xml"),
            },
        ),
    ])
    .await;
    let dir = tempfile::tempdir().unwrap();
    let brands = format!("{BRANDS}\n[[authors]]\nname = \"@casa_foodie\"\nweight = 3\n");
    let cfg_path = write_config(
        dir.path(),
        &[
            server.url("/tags/inwi.rss"),
            server.url("/feeds/videos.xml"),
        ],
        &brands,
    );
    let (engine, store) = engine_for(&cfg_path).await;
    let r = cycle(&engine, &store, false, &CancellationToken::new())
        .await
        .unwrap();
    assert!(r.feeds_failed.is_empty(), "{:?}", r.feeds_failed);
    assert_eq!(r.new_items, 3);
    {
        let s = store.lock().unwrap();
        let m = s.mentions(&MentionFilter::default()).unwrap();
        assert_eq!(m.len(), 3, "{m:?}");
        let by = |author: &str| {
            m.iter()
                .find(|x| x.author.as_deref() == Some(author))
                .unwrap_or_else(|| panic!("no mention by {author}: {m:?}"))
        };
        let casa = by("@casa_foodie@mastodon.example");
        assert_eq!(casa.label, -1, "{casa:?}");
        assert!(
            casa.snippet.contains("Réseau #inwi coupé"),
            "{}",
            casa.snippet
        );
        // `[[authors]] name = "@casa_foodie"` weighs the handle wherever its server is.
        assert_eq!(casa.weight, 3.0, "{casa:?}");
        let nadia = by("@nadia@piaille.example");
        assert_eq!(nadia.label, 1, "{nadia:?}");
        assert_eq!(nadia.weight, 1.0, "{nadia:?}");
        let video = by("Tech Maroc");
        assert_eq!(video.label, 1, "the description praises Inwi: {video:?}");
        assert!(video.snippet.contains("4G d'Inwi"), "{}", video.snippet);
    }
    let again = cycle(&engine, &store, false, &CancellationToken::new())
        .await
        .unwrap();
    assert_eq!(again.new_items, 0);
}

/// A post naming two brands gave both the same score ("Inwi nul, Orange top" was
/// neutral for each): each brand's mention is scored on its own clauses.
#[tokio::test]
async fn two_brands_in_one_post_are_scored_on_their_own_clauses() {
    let now = chrono::Utc::now();
    let items = vec![FeedItem {
        guid: "cmp-1".into(),
        title: "Avis réseau".into(),
        body: "Inwi nul, Orange top".into(),
        at: now,
    }];
    let server = serve(vec![("/cmp.xml", xml(rss("Avis", &items)))]).await;
    let dir = tempfile::tempdir().unwrap();
    let brands = r##"
[[brands]]
name = "Inwi"

[[brands]]
name = "Orange"
"##;
    let cfg_path = write_config(dir.path(), &[server.url("/cmp.xml")], brands);
    let (engine, store) = engine_for(&cfg_path).await;
    let r = cycle(&engine, &store, false, &CancellationToken::new())
        .await
        .unwrap();
    assert_eq!(r.new_mentions, 2, "{r:?}");
    let s = store.lock().unwrap();
    let label = |brand: &str| {
        let ms = s
            .mentions(&MentionFilter {
                brand: Some(brand.into()),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(ms.len(), 1, "{ms:?}");
        ms[0].label
    };
    assert_eq!(label("Inwi"), -1);
    assert_eq!(label("Orange"), 1);
}
