//! Ingestion under fire: one test per way a real feed server misbehaves, over real HTTP on
//! 127.0.0.1 (port 0) from the fault-injecting server in `common/faults.rs`, into a real
//! SQLite file.
//!
//! Every test has the same shape: a healthy feed beside the faulty one; a first cycle
//! stores the faulty feed's good content where that makes sense; then the fault. Each
//! checks that the cycle returns (the daemon keeps running), the healthy feed is
//! unaffected, nothing stored is lost or duplicated, and the feed's stored state (what
//! `veille feeds` shows) is right. Timeouts are short and configured, because tokio's
//! paused time does not reach real sockets.

mod common;

use chrono::{Duration as CDuration, Utc};
use common::faults::{FaultServer, Reply};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio_util::sync::CancellationToken;
use veille::pipeline::{CycleReport, Engine, SharedStore, cycle, with_store};
use veille::store::{FeedState, Store, WARNED_FAILING, WARNED_SILENT};

const BRANDS: &str = r##"
[[brands]]
name = "Inwi"
aliases = ["إنوي"]
"##;

struct Harness {
    server: FaultServer,
    _dir: tempfile::TempDir,
    cfg_path: PathBuf,
    engine: Arc<Engine>,
    store: SharedStore,
}

/// An RSS feed of `n` items about Inwi, with guids `{tag}-{k}`.
fn feed(tag: &str, n: usize) -> String {
    let now = Utc::now();
    let mut x = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>Feed</title>\n",
    );
    for k in 0..n {
        x.push_str(&format!(
            "<item><title>Inwi {tag} {k}</title><link>https://t.example/{tag}/{k}</link><guid>{tag}-{k}</guid><pubDate>{}</pubDate><description>Texte {tag} {k}</description></item>\n",
            (now - CDuration::hours(k as i64 + 1)).to_rfc2822()
        ));
    }
    x.push_str("</channel></rss>\n");
    x
}

impl Harness {
    /// A server with a healthy `/good.xml` and the given feed paths, and a config with
    /// short timeouts and a small body cap.
    async fn new(paths: &[&str]) -> Harness {
        Harness::with_daemon(paths, "").await
    }

    async fn with_daemon(paths: &[&str], daemon_extra: &str) -> Harness {
        let server = FaultServer::start().await;
        server.set("/good.xml", vec![Reply::rss(feed("good", 3))]);
        let dir = tempfile::tempdir().unwrap();
        let mut cfg = format!(
            "[daemon]\ntimeout = \"1s\"\nconnect_timeout = \"1s\"\nmax_body = \"1MB\"\nconcurrency = 4\n{daemon_extra}\n[storage]\npath = \"{}\"\n\n",
            dir.path().join("veille.db").display()
        );
        for p in std::iter::once(&"/good.xml").chain(paths) {
            cfg.push_str(&format!("[[feeds]]\nurl = \"{}\"\n\n", server.url(p)));
        }
        cfg.push_str(BRANDS);
        cfg.push_str("\n[alerts]\ndesktop = false\n");
        let cfg_path = dir.path().join("veille.toml");
        std::fs::write(&cfg_path, cfg).unwrap();
        let config = veille::config::load(&cfg_path).unwrap();
        let store: SharedStore = Arc::new(Mutex::new(Store::open(&config.storage.path).unwrap()));
        let engine = Arc::new(Engine::new(config).unwrap());
        let urls: Vec<String> = engine.config.feeds.iter().map(|f| f.url.clone()).collect();
        with_store(&store, move |s| s.sync_feeds(&urls))
            .await
            .unwrap();
        Harness {
            server,
            _dir: dir,
            cfg_path,
            engine,
            store,
        }
    }

    /// One cycle over every feed (due or not), as `veille once` does.
    async fn poll(&self) -> CycleReport {
        cycle(&self.engine, &self.store, false, &CancellationToken::new())
            .await
            .expect("a cycle never fails because of a feed")
    }

    fn state(&self, path: &str) -> FeedState {
        self.store
            .lock()
            .unwrap()
            .feed_state(&self.server.url(path))
            .unwrap()
            .expect("feed row")
    }

    fn items(&self) -> i64 {
        self.store.lock().unwrap().counts().unwrap().0
    }

    fn titles(&self) -> Vec<String> {
        self.store
            .lock()
            .unwrap()
            .mentions(&Default::default())
            .unwrap()
            .into_iter()
            .map(|m| m.title)
            .collect()
    }

    fn failed(&self, r: &CycleReport, path: &str) -> String {
        let url = self.server.url(path);
        r.feeds_failed
            .iter()
            .find(|(u, _)| *u == url)
            .map(|(_, e)| e.clone())
            .unwrap_or_else(|| panic!("{path} should have failed: {r:?}"))
    }

    fn assert_good_unaffected(&self, r: &CycleReport) {
        let good = self.server.url("/good.xml");
        assert!(
            r.feeds_failed.iter().all(|(u, _)| *u != good),
            "healthy feed failed: {r:?}"
        );
        let s = self.state("/good.xml");
        assert_eq!(s.failures, 0);
        assert_eq!(s.items_seen, 3);
    }
}

/// Stores the feed's good content, switches the path to `faulty`, polls again; returns the
/// error and checks that nothing stored was lost and the failure is transient.
async fn after_good_content(path: &str, faulty: Vec<Reply>) -> (Harness, String) {
    let h = Harness::new(&[path]).await;
    h.server.set(path, vec![Reply::rss(feed("f", 4))]);
    let r = h.poll().await;
    assert!(r.feeds_failed.is_empty(), "{r:?}");
    let before = h.items();
    assert_eq!(before, 7);
    h.server.set(path, faulty);
    let started = std::time::Instant::now();
    let r = h.poll().await;
    assert!(
        started.elapsed() < Duration::from_secs(8),
        "the cycle must be bounded by the timeouts"
    );
    let err = h.failed(&r, path);
    h.assert_good_unaffected(&r);
    assert_eq!(h.items(), before, "nothing stored is lost or duplicated");
    let s = h.state(path);
    assert_eq!(s.failures, 1);
    assert!(!s.dead, "a transient error never kills a feed");
    assert_eq!(s.last_error.as_deref(), Some(err.as_str()));
    assert!(s.last_error_at.is_some() && s.failing_since.is_some());
    assert!(s.next_check.unwrap() > Utc::now(), "backs off");
    assert_eq!(s.items_seen, 4);
    (h, err)
}

#[tokio::test]
async fn slow_headers_time_out() {
    let (_h, err) = after_good_content(
        "/f.xml",
        vec![Reply::rss(feed("f", 4)).delay(Duration::from_secs(3))],
    )
    .await;
    assert!(err.contains("timed out"), "{err}");
}

#[tokio::test]
async fn slow_body_times_out() {
    let body = feed("f", 40);
    let (_h, err) = after_good_content(
        "/f.xml",
        vec![Reply::rss(body).dribble(200, Duration::from_millis(200))],
    )
    .await;
    assert!(err.contains("timed out"), "{err}");
}

#[tokio::test]
async fn http_500_backs_off_exponentially_and_never_kills() {
    let (h, err) = after_good_content("/f.xml", vec![Reply::status(500)]).await;
    assert!(err.contains("HTTP 500"), "{err}");
    let first = h.state("/f.xml").next_check.unwrap() - Utc::now();
    for _ in 0..3 {
        h.poll().await;
    }
    let s = h.state("/f.xml");
    assert_eq!(s.failures, 4);
    assert!(!s.dead);
    let fourth = s.next_check.unwrap() - Utc::now();
    // 15 min × 2^3 ± 10 %, against 15 min ± 10 %.
    assert!(fourth > first * 6, "{first:?} then {fourth:?}");
    assert!(fourth <= CDuration::hours(2) + CDuration::minutes(13));
}

#[tokio::test]
async fn backoff_cap_is_configurable() {
    let h = Harness::with_daemon(&["/f.xml"], "max_backoff = \"1h\"").await;
    h.server.set("/f.xml", vec![Reply::status(500)]);
    for _ in 0..8 {
        h.poll().await;
    }
    let wait = h.state("/f.xml").next_check.unwrap() - Utc::now();
    assert!(wait <= CDuration::minutes(67), "{wait:?}");
    assert!(wait >= CDuration::minutes(50), "{wait:?}");
}

#[tokio::test]
async fn http_429_honours_retry_after_seconds() {
    let (h, err) = after_good_content(
        "/f.xml",
        vec![Reply::status(429).header("Retry-After", "7200")],
    )
    .await;
    assert!(err.contains("HTTP 429") && err.contains("7200"), "{err}");
    let wait = h.state("/f.xml").next_check.unwrap() - Utc::now();
    assert!(wait >= CDuration::seconds(7190), "{wait:?}");
}

#[tokio::test]
async fn http_503_honours_retry_after_date() {
    let at = (Utc::now() + CDuration::hours(3))
        .to_rfc2822()
        .replace("+0000", "GMT");
    let (h, err) = after_good_content(
        "/f.xml",
        vec![Reply::status(503).header("Retry-After", &at)],
    )
    .await;
    assert!(err.contains("HTTP 503"), "{err}");
    let wait = h.state("/f.xml").next_check.unwrap() - Utc::now();
    assert!(wait >= CDuration::minutes(178), "{wait:?}");
}

#[tokio::test]
async fn connection_reset_mid_body() {
    let body = feed("f", 30);
    let (_h, err) = after_good_content("/f.xml", vec![Reply::rss(body).reset_after(1500)]).await;
    assert!(
        err.contains("reset") || err.contains("body") || err.contains("connection"),
        "{err}"
    );
}

#[tokio::test]
async fn truncated_xml_is_refused_not_half_stored() {
    let body = feed("g", 10);
    let cut = body[..body.len() * 2 / 3].to_string();
    let (h, err) = after_good_content("/f.xml", vec![Reply::rss(cut)]).await;
    assert!(err.contains("truncated"), "{err}");
    assert!(h.titles().iter().all(|t| !t.contains(" g ")));
}

#[tokio::test]
async fn endless_body_stops_at_the_cap() {
    let (_h, err) = after_good_content(
        "/f.xml",
        vec![Reply::rss("<rss><channel><title>x</title>".repeat(1000)).endless()],
    )
    .await;
    assert!(err.contains("cap"), "{err}");
}

#[tokio::test]
async fn gzip_bomb_stops_at_the_cap() {
    // 64 MB of spaces gzipped to 62 KB (ratio 1000:1) against a 1 MB cap.
    let bomb = common::fixture("bomb.xml.gz");
    assert!(bomb.len() < 100_000);
    let (_h, err) = after_good_content(
        "/f.xml",
        vec![Reply::rss(bomb).header("Content-Encoding", "gzip")],
    )
    .await;
    assert!(err.contains("cap"), "{err}");
}

#[tokio::test]
async fn gzip_deflate_and_brotli_bodies_are_read() {
    use flate2::Compression;
    use std::io::Write;
    let h = Harness::new(&["/gz.xml", "/deflate.xml", "/br.xml"]).await;
    let mut br = brotli::CompressorWriter::new(Vec::new(), 4096, 5, 22);
    br.write_all(feed("br", 2).as_bytes()).unwrap();
    h.server.set(
        "/br.xml",
        vec![Reply::rss(br.into_inner()).header("Content-Encoding", "br")],
    );
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), Compression::default());
    gz.write_all(feed("gz", 2).as_bytes()).unwrap();
    h.server.set(
        "/gz.xml",
        vec![Reply::rss(gz.finish().unwrap()).header("Content-Encoding", "gzip")],
    );
    let mut zl = flate2::write::ZlibEncoder::new(Vec::new(), Compression::default());
    zl.write_all(feed("zl", 2).as_bytes()).unwrap();
    h.server.set(
        "/deflate.xml",
        vec![Reply::rss(zl.finish().unwrap()).header("Content-Encoding", "deflate")],
    );
    let r = h.poll().await;
    assert!(r.feeds_failed.is_empty(), "{r:?}");
    assert_eq!(h.items(), 9);
    let hit = &h.server.hits_on("/gz.xml")[0];
    let ae = hit.header("accept-encoding").unwrap_or("");
    assert!(ae.contains("gzip") && ae.contains("br"), "{ae}");
}

#[tokio::test]
async fn redirect_loop_is_named() {
    let h = Harness::new(&["/a.xml"]).await;
    h.server.set("/a.xml", vec![Reply::redirect(302, "/b.xml")]);
    h.server.set("/b.xml", vec![Reply::redirect(301, "/a.xml")]);
    let r = h.poll().await;
    let err = h.failed(&r, "/a.xml");
    assert!(err.contains("redirect loop"), "{err}");
    h.assert_good_unaffected(&r);
    assert!(!h.state("/a.xml").dead);
    assert!(h.server.hits_on("/a.xml").len() <= 2, "stops at the loop");
}

#[tokio::test]
async fn permanent_redirect_moves_the_feed_and_keeps_its_name() {
    let h = Harness::new(&["/old.xml", "/temp.xml"]).await;
    h.server
        .set("/old.xml", vec![Reply::redirect(301, "/mid.xml")]);
    h.server
        .set("/mid.xml", vec![Reply::redirect(308, "/new.xml")]);
    h.server.set("/new.xml", vec![Reply::rss(feed("n", 2))]);
    h.server
        .set("/temp.xml", vec![Reply::redirect(302, "/tnew.xml")]);
    h.server.set("/tnew.xml", vec![Reply::rss(feed("t", 2))]);
    let r = h.poll().await;
    assert!(r.feeds_failed.is_empty(), "{r:?}");
    assert_eq!(h.items(), 7);
    let s = h.state("/old.xml");
    assert_eq!(
        s.effective_url.as_deref(),
        Some(h.server.url("/new.xml").as_str())
    );
    assert_eq!(s.items_seen, 2);
    assert_eq!(
        h.state("/temp.xml").effective_url,
        None,
        "302 is not a move"
    );
    // The next poll goes straight to the new address; nothing is stored twice.
    let r = h.poll().await;
    assert!(r.feeds_failed.is_empty(), "{r:?}");
    assert_eq!(h.server.hits_on("/old.xml").len(), 1);
    assert_eq!(h.server.hits_on("/new.xml").len(), 2);
    assert_eq!(h.server.hits_on("/temp.xml").len(), 2);
    assert_eq!(h.items(), 7);
}

#[tokio::test]
async fn gone_410_marks_the_feed_dead_and_says_so() {
    let (h, err) = {
        let h = Harness::new(&["/f.xml"]).await;
        h.server.set("/f.xml", vec![Reply::rss(feed("f", 4))]);
        h.poll().await;
        h.server.set("/f.xml", vec![Reply::status(410)]);
        let r = h.poll().await;
        let err = h.failed(&r, "/f.xml");
        h.assert_good_unaffected(&r);
        (h, err)
    };
    assert!(err.contains("HTTP 410"), "{err}");
    let s = h.state("/f.xml");
    assert!(s.dead);
    assert_eq!(s.dead_reason.as_deref(), Some(err.as_str()));
    assert_eq!(s.next_check, None);
    assert_eq!(h.items(), 7, "a dead feed's items stay");
    // The daemon (due feeds only) no longer polls it.
    let hits = h.server.hits_on("/f.xml").len();
    cycle(&h.engine, &h.store, true, &CancellationToken::new())
        .await
        .unwrap();
    assert_eq!(h.server.hits_on("/f.xml").len(), hits);
    // `veille feeds` shows it.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_veille"))
        .args(["feeds", "--config"])
        .arg(&h.cfg_path)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(
        text.contains("[DEAD]") && text.contains("HTTP 410"),
        "{text}"
    );
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_veille"))
        .args(["feeds", "--json", "--config"])
        .arg(&h.cfg_path)
        .output()
        .unwrap();
    let rows: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let dead = rows
        .iter()
        .find(|r| r["url"] == h.server.url("/f.xml"))
        .unwrap();
    assert_eq!(dead["dead"], true);
    assert_eq!(dead["failures"], 1);
    assert_eq!(dead["items_seen"], 4);
}

#[tokio::test]
async fn html_page_instead_of_a_feed_names_the_advertised_feed() {
    let (_h, err) = after_good_content(
        "/f.xml",
        vec![Reply::ok(
            "text/html; charset=utf-8",
            r#"<!DOCTYPE html><html><head><title>Site</title><link rel="alternate" type="application/rss+xml" href="https://site.example/feed/"></head><body>Bienvenue</body></html>"#,
        )],
    )
    .await;
    assert!(
        err.contains("HTML page") && err.contains("https://site.example/feed/"),
        "{err}"
    );
}

/// Encodes UTF-8 text into a legacy encoding.
fn legacy(text: &str, label: &str) -> Vec<u8> {
    let enc = encoding_rs::Encoding::for_label(label.as_bytes()).unwrap();
    let (b, _, bad) = enc.encode(text);
    assert!(!bad, "{text} is not representable in {label}");
    b.into_owned()
}

fn one_item_feed(decl: Option<&str>, title: &str, body: &str) -> String {
    format!(
        "{}<rss version=\"2.0\"><channel><title>{title}</title><item><title>{title}</title><guid>x1</guid><description>{body}</description></item></channel></rss>",
        decl.map(|e| format!("<?xml version=\"1.0\" encoding=\"{e}\"?>\n"))
            .unwrap_or_default()
    )
}

#[tokio::test]
async fn arabic_and_french_legacy_encodings_are_read_correctly() {
    let ar_title = "انقطاع شبكة إنوي في الدار البيضاء";
    let ar_body = "غضب الزبناء بعد انقطاع الإنترنت";
    let fr_title = "Coupure chez Inwi à Fès – l’été « pénible »";
    let fr_body = "Les abonnés sont très mécontents… Ça dure.";
    let h = Harness::new(&["/1256.xml", "/8859-6.xml", "/1252.xml", "/8859-1.xml"]).await;
    // windows-1256 named only by the XML declaration, the HTTP header says nothing.
    h.server.set(
        "/1256.xml",
        vec![Reply::ok(
            "application/rss+xml",
            legacy(
                &one_item_feed(Some("windows-1256"), ar_title, ar_body),
                "windows-1256",
            ),
        )],
    );
    // ISO-8859-6 named by HTTP, while the declaration wrongly says UTF-8: HTTP wins.
    h.server.set(
        "/8859-6.xml",
        vec![Reply::ok(
            "text/xml; charset=ISO-8859-6",
            legacy(
                &one_item_feed(Some("UTF-8"), "إنوي تعلن عرضا جديدا", "عرض جيد"),
                "iso-8859-6",
            ),
        )],
    );
    // windows-1252 (’ « » – … are outside Latin-1) named by HTTP, no declaration.
    h.server.set(
        "/1252.xml",
        vec![Reply::ok(
            "application/rss+xml; charset=windows-1252",
            legacy(&one_item_feed(None, fr_title, fr_body), "windows-1252"),
        )],
    );
    h.server.set(
        "/8859-1.xml",
        vec![Reply::ok(
            "application/xml",
            legacy(
                &one_item_feed(
                    Some("ISO-8859-1"),
                    "Inwi : réseau rétabli à Fès",
                    "Déjà réglé",
                ),
                "iso-8859-1",
            ),
        )],
    );
    let r = h.poll().await;
    assert!(r.feeds_failed.is_empty(), "{r:?}");
    let titles = h.titles();
    for want in [
        ar_title,
        "إنوي تعلن عرضا جديدا",
        fr_title,
        "Inwi : réseau rétabli à Fès",
    ] {
        assert!(titles.iter().any(|t| t == want), "{want} not in {titles:?}");
    }
    let s = h.store.lock().unwrap();
    let m = s.mentions(&Default::default()).unwrap();
    let fr = m.iter().find(|m| m.title == fr_title).unwrap();
    assert!(fr.snippet.contains("mécontents… Ça dure"), "{}", fr.snippet);
    let ar = m.iter().find(|m| m.title == ar_title).unwrap();
    assert!(ar.snippet.contains(ar_body), "{}", ar.snippet);
}

/// UTF-8 decoded as windows-1252 upstream, then served as valid UTF-8: what a
/// misconfigured CMS serves. Nothing in the bytes is wrong, so only the text can tell.
fn garble(s: &str) -> String {
    encoding_rs::WINDOWS_1252
        .decode_without_bom_handling(s.as_bytes())
        .0
        .into_owned()
}

#[tokio::test]
async fn double_encoded_feed_text_is_repaired_before_matching_and_scoring() {
    let fr_title = "Inwi : l’été « pénible », clients très déçus 😡";
    let ar_title = "إنوي زوينة بزاف، خدمة ممتازة";
    let author = "Ahmed El Maâti";
    let item = |guid: &str, title: &str, body: &str| {
        format!(
            "<item><title>{}</title><guid>{guid}</guid><author>{}</author><description>{}</description></item>",
            garble(title),
            garble(author),
            garble(body)
        )
    };
    let h = Harness::new(&["/garbled.xml"]).await;
    h.server.set(
        "/garbled.xml",
        vec![Reply::ok(
            "application/rss+xml; charset=utf-8",
            format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>G</title>{}{}</channel></rss>",
                item("g1", fr_title, "Coupure à Fès&#160;: déjà trois jours."),
                item("g2", ar_title, "شكرا إنوي")
            )
            .into_bytes(),
        )],
    );
    let r = h.poll().await;
    assert!(r.feeds_failed.is_empty(), "{r:?}");
    let s = h.store.lock().unwrap();
    let m = s.mentions(&Default::default()).unwrap();
    let fr = m.iter().find(|m| m.title == fr_title).unwrap_or_else(|| {
        panic!(
            "{fr_title} not stored as written: {:?}",
            m.iter().map(|m| &m.title).collect::<Vec<_>>()
        )
    });
    assert!(
        fr.snippet.contains("à Fès : déjà trois jours"),
        "{}",
        fr.snippet
    );
    assert_eq!(fr.author.as_deref(), Some(author));
    assert_eq!(fr.label, -1, "déçus and 😡 were read: {fr:?}");
    // The Arabic alias only matches once the Arabic is repaired.
    let ar = m
        .iter()
        .find(|m| m.title == ar_title)
        .expect("Arabic mention");
    assert_eq!(ar.label, 1, "{ar:?}");
}

#[tokio::test]
async fn html_entities_inside_rss_are_accepted() {
    let h = Harness::new(&["/e.xml"]).await;
    h.server.set(
        "/e.xml",
        vec![Reply::rss(
            "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Entit&eacute;s</title>\
             <item><title>Inwi&nbsp;: l&rsquo;&eacute;t&eacute; &laquo;&nbsp;chaud&nbsp;&raquo; &amp; AT&T</title><guid>e1</guid>\
             <description><![CDATA[<p>Caf&eacute; &amp; th&eacute;</p>]]> &hellip; fin</description></item></channel></rss>",
        )],
    );
    let r = h.poll().await;
    assert!(r.feeds_failed.is_empty(), "{r:?}");
    let titles = h.titles();
    assert!(
        titles.contains(&"Inwi : l’été « chaud » & AT&T".to_string()),
        "{titles:?}"
    );
    let s = h.store.lock().unwrap();
    let m = s.mentions(&Default::default()).unwrap();
    let e = m.iter().find(|m| m.title.starts_with("Inwi")).unwrap();
    assert!(e.snippet.contains("Café & thé"), "{}", e.snippet);
    assert!(e.snippet.contains("… fin"), "{}", e.snippet);
}

#[tokio::test]
async fn duplicate_guids_are_stored_once() {
    let h = Harness::new(&["/d.xml"]).await;
    let item = |title: &str, link: &str| {
        format!("<item><title>{title}</title><link>{link}</link><guid>same</guid></item>")
    };
    h.server.set(
        "/d.xml",
        vec![Reply::rss(format!(
            "<rss version=\"2.0\"><channel><title>D</title>{}{}{}</channel></rss>",
            item("Inwi premier", "https://t.example/1"),
            item("Inwi second", "https://t.example/2"),
            // Same story under another guid, with tracking parameters: same canonical link.
            "<item><title>Inwi premier bis</title><link>https://t.example/1?utm_source=rss</link><guid>other</guid></item>"
        ))],
    );
    let r = h.poll().await;
    assert!(r.feeds_failed.is_empty(), "{r:?}");
    assert_eq!(h.state("/d.xml").items_seen, 1);
    h.poll().await;
    assert_eq!(h.items(), 4);
    assert_eq!(
        h.titles()
            .iter()
            .filter(|t| t.starts_with("Inwi p"))
            .count(),
        1
    );
}

#[tokio::test]
async fn items_without_guid_or_link_are_kept_once() {
    let h = Harness::new(&["/n.xml"]).await;
    h.server.set(
        "/n.xml",
        vec![Reply::rss(
            "<rss version=\"2.0\"><channel><title>N</title>\
             <item><title>Inwi sans lien</title><description>Premier texte</description></item>\
             <item><description>Inwi : seulement une description</description></item>\
             <item><title>Inwi lien seul</title><link>https://t.example/only-link</link></item>\
             </channel></rss>",
        )],
    );
    let r = h.poll().await;
    assert!(r.feeds_failed.is_empty(), "{r:?}");
    assert_eq!(h.state("/n.xml").items_seen, 3);
    // No ETag: the second poll parses everything again and dedup must hold.
    let r = h.poll().await;
    assert_eq!(r.new_items, 0);
    assert_eq!(h.items(), 6);
}

#[tokio::test]
async fn invalid_missing_and_future_dates_fall_back() {
    let h = Harness::new(&["/dates.xml"]).await;
    let past = (Utc::now() - CDuration::days(2)).to_rfc2822();
    let future = (Utc::now() + CDuration::days(30)).to_rfc2822();
    h.server.set(
        "/dates.xml",
        vec![Reply::rss(format!(
            "<rss version=\"2.0\"><channel><title>Dates</title>\
             <item><title>Inwi date invalide</title><guid>d1</guid><pubDate>le 32 du mois</pubDate></item>\
             <item><title>Inwi sans date</title><guid>d2</guid></item>\
             <item><title>Inwi futur</title><guid>d3</guid><pubDate>{future}</pubDate></item>\
             <item><title>Inwi passé</title><guid>d4</guid><pubDate>{past}</pubDate></item>\
             </channel></rss>"
        ))],
    );
    let before = Utc::now() - CDuration::seconds(2);
    let r = h.poll().await;
    assert!(r.feeds_failed.is_empty(), "{r:?}");
    let after = Utc::now() + CDuration::seconds(2);
    let s = h.store.lock().unwrap();
    let m = s.mentions(&Default::default()).unwrap();
    let at = |t: &str| {
        let row = m
            .iter()
            .find(|m| m.title == t)
            .unwrap_or_else(|| panic!("{t}"));
        chrono::DateTime::parse_from_rfc3339(&row.published)
            .unwrap()
            .with_timezone(&Utc)
    };
    for t in ["Inwi date invalide", "Inwi sans date", "Inwi futur"] {
        let p = at(t);
        assert!(
            p >= before && p <= after,
            "{t}: {p} should be the fetch time"
        );
    }
    assert!(at("Inwi passé") < before - CDuration::days(1));
}

#[tokio::test]
async fn not_modified_costs_no_parsing_and_keeps_validators() {
    let h = Harness::new(&["/c.xml"]).await;
    h.server
        .set("/c.xml", vec![Reply::rss(feed("c", 2)).etag("\"v1\"")]);
    h.poll().await;
    let r = h.poll().await;
    assert_eq!(r.feeds_not_modified, 1);
    let hits = h.server.hits_on("/c.xml");
    assert_eq!(hits.len(), 2);
    assert_eq!(hits[1].header("if-none-match"), Some("\"v1\""));
    assert_eq!(hits[1].status, 304);
    let s = h.state("/c.xml");
    assert_eq!(s.validators.etag.as_deref(), Some("\"v1\""));
    assert_eq!((s.items_seen, s.failures), (2, 0));
    assert_eq!(h.items(), 5);
}

#[tokio::test]
async fn last_modified_is_sent_back_as_if_modified_since() {
    let h = Harness::new(&["/lm.xml"]).await;
    let lm = "Sat, 21 Nov 2026 10:00:00 GMT";
    h.server.set(
        "/lm.xml",
        vec![Reply::rss(feed("lm", 2)).header("Last-Modified", lm)],
    );
    h.poll().await;
    h.poll().await;
    let hits = h.server.hits_on("/lm.xml");
    assert_eq!(hits[0].header("if-modified-since"), None);
    assert_eq!(hits[1].header("if-modified-since"), Some(lm));
    assert_eq!(h.items(), 5, "the unchanged items are not stored twice");
}

#[tokio::test]
async fn caching_hints_delay_the_next_check() {
    let h = Harness::new(&["/cc.xml", "/ttl.xml", "/exp.xml"]).await;
    h.server.set(
        "/cc.xml",
        vec![Reply::rss(feed("cc", 1)).header("Cache-Control", "public, max-age=7200")],
    );
    h.server.set(
        "/ttl.xml",
        vec![Reply::rss(
            "<rss version=\"2.0\"><channel><title>T</title><ttl>180</ttl><item><title>x</title><guid>1</guid></item></channel></rss>",
        )],
    );
    let exp = (Utc::now() + CDuration::hours(5))
        .to_rfc2822()
        .replace("+0000", "GMT");
    h.server.set(
        "/exp.xml",
        vec![Reply::rss(feed("exp", 1)).header("Expires", &exp)],
    );
    h.poll().await;
    let wait = |p: &str| h.state(p).next_check.unwrap() - Utc::now();
    assert!(
        wait("/cc.xml") >= CDuration::minutes(119),
        "{:?}",
        wait("/cc.xml")
    );
    assert!(
        wait("/ttl.xml") >= CDuration::minutes(179),
        "{:?}",
        wait("/ttl.xml")
    );
    assert!(
        wait("/exp.xml") >= CDuration::minutes(298),
        "{:?}",
        wait("/exp.xml")
    );
    assert!(
        wait("/good.xml") <= CDuration::minutes(17),
        "{:?}",
        wait("/good.xml")
    );
}

#[tokio::test]
async fn one_request_at_a_time_per_host_but_hosts_in_parallel() {
    // Two hosts, 127.0.0.1 and 127.0.0.2 (Linux routes 127/8 to lo), four slow feeds each.
    let group = Arc::new(common::faults::Group::default());
    let a = FaultServer::start_in_group("127.0.0.1", group.clone()).await;
    let b = FaultServer::start_in_group("127.0.0.2", group.clone()).await;
    let dir = tempfile::tempdir().unwrap();
    let mut cfg = format!(
        "[daemon]\nconcurrency = 8\n[storage]\npath = \"{}\"\n",
        dir.path().join("v.db").display()
    );
    for (n, srv) in [("a", &a), ("b", &b)] {
        for k in 0..4 {
            let p = format!("/s{k}.xml");
            srv.set(
                &p,
                vec![Reply::rss(feed(&format!("{n}{k}"), 1)).delay(Duration::from_millis(150))],
            );
            cfg.push_str(&format!("[[feeds]]\nurl = \"{}\"\n", srv.url(&p)));
        }
    }
    let config = veille::config::parse(&cfg, "t.toml", dir.path()).unwrap();
    let store: SharedStore = Arc::new(Mutex::new(Store::open(&config.storage.path).unwrap()));
    let engine = Arc::new(Engine::new(config).unwrap());
    let r = cycle(&engine, &store, false, &CancellationToken::new())
        .await
        .unwrap();
    assert!(r.feeds_failed.is_empty(), "{r:?}");
    assert_eq!(r.new_items, 8);
    assert_eq!(a.max_open(), 1, "never two requests at once on one host");
    assert_eq!(b.max_open(), 1, "never two requests at once on one host");
    assert_eq!(
        group.max_open(),
        2,
        "different hosts are fetched at the same time"
    );
}

#[tokio::test]
async fn the_user_agent_names_veille() {
    let h = Harness::new(&[]).await;
    h.poll().await;
    let ua = h.server.hits_on("/good.xml")[0]
        .header("user-agent")
        .unwrap()
        .to_string();
    assert!(
        ua.starts_with(&format!("veille/{}", env!("CARGO_PKG_VERSION"))),
        "{ua}"
    );
}

#[tokio::test]
async fn a_feed_failing_for_a_day_is_reported_once() {
    let h = Harness::new(&["/f.xml"]).await;
    h.server.set("/f.xml", vec![Reply::status(500)]);
    h.poll().await;
    let url = h.server.url("/f.xml");
    // Pretend the streak began yesterday.
    h.store
        .lock()
        .unwrap()
        .backdate_feed(&url, Some(Utc::now() - CDuration::hours(25)), None)
        .unwrap();
    h.poll().await;
    let s = h.state("/f.xml");
    assert_eq!(s.warned & WARNED_FAILING, WARNED_FAILING);
    assert_eq!(s.failures, 2);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_veille"))
        .args(["feeds", "--config"])
        .arg(&h.cfg_path)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("WARNING: failing for more than a day"),
        "{text}"
    );
    // Recovery clears the warning, so the next episode is reported again.
    h.server.set("/f.xml", vec![Reply::rss(feed("f", 1))]);
    h.poll().await;
    let s = h.state("/f.xml");
    assert_eq!((s.warned, s.failures, s.failing_since), (0, 0, None));
}

#[tokio::test]
async fn a_feed_silent_for_much_longer_than_usual_is_reported() {
    let h = Harness::new(&["/quiet.xml"]).await;
    // Twelve items an hour apart: the usual rhythm is one an hour.
    h.server.set("/quiet.xml", vec![Reply::rss(feed("q", 12))]);
    h.poll().await;
    assert_eq!(h.state("/quiet.xml").warned, 0);
    let url = h.server.url("/quiet.xml");
    // Nothing new since three days ago (threshold: max(10 × 1 h, 2 × 15 min, 24 h)).
    h.store
        .lock()
        .unwrap()
        .backdate_feed(&url, None, Some(Utc::now() - CDuration::days(3)))
        .unwrap();
    h.poll().await;
    assert_eq!(h.state("/quiet.xml").warned & WARNED_SILENT, WARNED_SILENT);
    // The healthy feed, polled just as often, is not silent.
    assert_eq!(h.state("/good.xml").warned, 0);
    // New items end the episode.
    h.server.set("/quiet.xml", vec![Reply::rss(feed("q2", 1))]);
    h.poll().await;
    assert_eq!(h.state("/quiet.xml").warned, 0);
}

#[tokio::test]
async fn the_daemon_keeps_running_through_faults_and_stops_cleanly() {
    let h = Harness::new(&["/500.xml", "/reset.xml", "/gone.xml", "/html.xml"]).await;
    h.server.set("/500.xml", vec![Reply::status(500)]);
    h.server.set(
        "/reset.xml",
        vec![Reply::rss(feed("r", 30)).reset_after(100)],
    );
    h.server.set("/gone.xml", vec![Reply::status(410)]);
    h.server.set(
        "/html.xml",
        vec![Reply::ok(
            "text/html",
            "<!DOCTYPE html><html><body>x</body></html>",
        )],
    );
    let config = veille::config::load(&h.cfg_path).unwrap();
    let shutdown = CancellationToken::new();
    let (_reload_tx, reload_rx) = tokio::sync::mpsc::unbounded_channel();
    let daemon = tokio::spawn(veille::daemon::run(
        Some(h.cfg_path.clone()),
        config,
        shutdown.clone(),
        reload_rx,
    ));
    // Wait until the first cycle has polled every feed.
    let good = h.server.url("/good.xml");
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    loop {
        let polled = {
            let s = h.store.lock().unwrap();
            s.feed_states()
                .unwrap()
                .iter()
                .all(|f| f.last_check.is_some())
        };
        if polled {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "first cycle never finished"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(
        !daemon.is_finished(),
        "the daemon keeps running after failures"
    );
    shutdown.cancel();
    tokio::time::timeout(Duration::from_secs(10), daemon)
        .await
        .expect("stops promptly")
        .unwrap()
        .expect("clean stop");
    let s = h.store.lock().unwrap();
    let good_state = s.feed_state(&good).unwrap().unwrap();
    assert_eq!((good_state.items_seen, good_state.failures), (3, 0));
    assert!(
        s.feed_state(&h.server.url("/gone.xml"))
            .unwrap()
            .unwrap()
            .dead
    );
    for p in ["/500.xml", "/reset.xml", "/html.xml"] {
        let st = s.feed_state(&h.server.url(p)).unwrap().unwrap();
        assert_eq!((st.failures, st.dead), (1, false), "{p}");
    }
}
