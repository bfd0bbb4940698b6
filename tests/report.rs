//! `veille report` on a database built by the real pipeline (`veille once` polling feeds on
//! 127.0.0.1, one of them with a turn of tone that raises an alert, one with hostile
//! markup): content checked against `veille mentions` and `veille alerts`, nothing loaded
//! from anywhere, feed text escaped; then headless Chromium opens the file from disk, and
//! the test fails if the page logged anything to the console, or if the charts are missing
//! from the DOM or from the pixels of the screenshot.

mod common;

use common::*;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const BRANDS: &str = "[[brands]]\nname = \"Inwi\"\naliases = [\"inwi\", \"إنوي\"]\n\n[[brands]]\nname = \"Orange\"\naliases = [\"orange\"]\n";

const EVIL: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>
<item><title>&lt;script&gt;alert("x")&lt;/script&gt; Orange &lt;img src=x onerror=alert(2)&gt; nul, une honte</title>
<link>javascript:alert(3)</link><guid>evil-1</guid>
<description>&lt;iframe src="https://evil.example/"&gt;&lt;/iframe&gt; Orange, service nul "&gt;&lt;svg onload=alert(4)&gt;</description>
<author>&lt;b onmouseover=alert(5)&gt;Mallory&lt;/b&gt;</author></item>
</channel></rss>
"#;

/// Polls three feeds into a fresh database; returns (tempdir, config).
async fn fixture() -> (tempfile::TempDir, PathBuf) {
    let now = chrono::Utc::now();
    let mut orange = tone_turn("Orange", now, 20, 1, 0);
    for (i, it) in orange.iter_mut().enumerate() {
        it.guid = format!("o{i}");
    }
    let server = serve(vec![
        (
            "/inwi.xml",
            xml(rss("Inwi stream", &tone_turn("Inwi", now, 20, 3, 15))),
        ),
        ("/orange.xml", xml(rss("Orange stream", &orange))),
        ("/evil.xml", xml(EVIL)),
    ])
    .await;
    let dir = tempfile::tempdir().unwrap();
    let cfg = write_config(
        dir.path(),
        &[
            server.url("/inwi.xml"),
            server.url("/orange.xml"),
            server.url("/evil.xml"),
        ],
        BRANDS,
    );
    let c = cfg.clone();
    let out =
        tokio::task::spawn_blocking(move || veille(&["once", "--config", c.to_str().unwrap()]))
            .await
            .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    drop(server);
    (dir, cfg)
}

fn write_report(cfg: &Path, out: &Path, extra: &[&str]) -> String {
    let mut args = vec![
        "report",
        "--config",
        cfg.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let o = veille(&args);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert!(text(&o.stdout).contains(&out.display().to_string()));
    std::fs::read_to_string(out).unwrap()
}

fn count_json_lines(cfg: &Path, args: &[&str]) -> usize {
    let mut all = args.to_vec();
    all.extend_from_slice(&["--config", cfg.to_str().unwrap(), "--json"]);
    let o = veille(&all);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    text(&o.stdout).lines().count()
}

/// Nothing in the page can load anything: walks every tag (all feed text is escaped, so
/// each `<` starts a real tag) and checks the tag names, the attributes that load
/// resources, the links (only `#anchors` and http(s) `<a href>`, i.e. evidence and mention
/// links a reader clicks), and the style sheet.
fn assert_self_contained(html: &str) {
    let lower = html.to_lowercase();
    let mut rest = lower.as_str();
    let mut tags = 0;
    while let Some(i) = rest.find('<') {
        let after = &rest[i + 1..];
        let end = after.find('>').expect("every tag is closed");
        let tag = &after[..end];
        rest = &after[end..];
        tags += 1;
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '!')
            .collect();
        assert!(
            ![
                "script",
                "link",
                "img",
                "iframe",
                "object",
                "embed",
                "video",
                "audio",
                "source",
                "base",
                "form",
                "image",
                "use",
                "foreignobject",
            ]
            .contains(&name.as_str()),
            "<{tag}>"
        );
        for attr in [
            " src=",
            " srcset=",
            " poster=",
            " data=",
            " xlink:href=",
            " action=",
        ] {
            assert!(!tag.contains(attr), "<{tag}> loads something");
        }
        assert!(!tag.contains("url("), "<{tag}>");
        if name == "meta" {
            assert!(!tag.contains("refresh"), "<{tag}>");
        }
        if let Some(h) = tag.find(" href=\"") {
            let v = &tag[h + 7..];
            assert!(
                v.starts_with('#')
                    || (name == "a" && (v.starts_with("https://") || v.starts_with("http://"))),
                "<{tag}>"
            );
        }
    }
    assert!(tags > 100, "{tags} tags");
    let css = &lower[lower.find("<style>").unwrap()..lower.find("</style>").unwrap()];
    assert!(!css.contains("url(") && !css.contains("@import") && !css.contains("@font-face"));
    assert!(lower.contains("http-equiv=\"content-security-policy\" content=\"default-src 'none'"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn report_holds_the_brands_counts_and_alerts_and_loads_nothing() {
    let (dir, cfg) = fixture().await;
    let out = dir.path().join("rapport.html");
    let html = write_report(&cfg, &out, &[]);

    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<html lang=\"fr\">"));
    assert!(html.contains("Part de voix"));
    for brand in ["Inwi", "Orange"] {
        let n = count_json_lines(&cfg, &["mentions", "--brand", brand, "--since", "30d"]);
        assert!(n > 0);
        let card = format!(
            "<div class=\"card\" data-brand=\"{brand}\"><b>{brand}</b><div class=\"big\" data-mentions=\"{n}\">"
        );
        assert!(
            html.contains(&card),
            "{brand}: {n} mentions expected in its card"
        );
    }
    // Every alert of the period is in the report, numbered, with its evidence links, and
    // marked on the timeline.
    let alerts = count_json_lines(&cfg, &["alerts"]);
    assert!(alerts >= 1, "the fixture raises an alert");
    assert_eq!(
        html.matches("<div class=\"alert\" id=\"alert-").count(),
        alerts
    );
    for n in 1..=alerts {
        assert!(html.contains(&format!("id=\"alert-{n}\"")));
        assert!(html.contains(&format!("href=\"#alert-{n}\"")), "marker {n}");
    }
    assert!(
        html.contains("<a href=\"https://t.example/"),
        "evidence links"
    );
    // Charts: daily bars for each brand, a volume line per brand, the share bar.
    assert!(html.matches("<rect class=\"bar neg\"").count() >= 5);
    assert!(html.matches("<rect class=\"bar pos\"").count() >= 5);
    assert_eq!(html.matches("<polyline class=\"series\"").count(), 2);
    assert_eq!(html.matches("<rect class=\"share\"").count(), 2);
    assert!(html.contains("data-lang=\"fr\""));

    // Hostile feed text is shown as text, never as markup, and its javascript: link is dropped.
    assert_self_contained(&html);
    for bad in [
        "<script",
        "<img",
        "<iframe",
        "<svg onload",
        "<b onmouseover",
        "javascript:",
    ] {
        assert!(!html.to_lowercase().contains(bad), "{bad} leaked");
    }
    // The normaliser strips markup from titles and texts, but the author, the feed's title
    // and the link come through as the feed wrote them: they are shown escaped.
    assert!(html.contains("&lt;b onmouseover=alert(5)&gt;Mallory&lt;/b&gt;"));
    assert!(html.contains("&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;"));

    // English, one brand.
    let en = write_report(
        &cfg,
        &dir.path().join("en.html"),
        &["--lang", "en", "--brand", "inwi"],
    );
    assert!(en.contains("<html lang=\"en\">") && en.contains("Share of voice"));
    assert!(
        en.contains("data-brand=\"Inwi\"")
            && !en.contains("<section class=\"brand\" id=\"brand-1\"")
    );
    assert_self_contained(&en);

    let o = veille(&[
        "report",
        "--config",
        cfg.to_str().unwrap(),
        "--brand",
        "Nope",
        "--out",
        "/dev/null",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("Nope"));
}

/// Runs Chromium headless with the flags seen working as root on these machines, killed
/// after `limit` whatever happens.
fn chromium(args: &[&str], limit: Duration) -> Output {
    let profile = tempfile::tempdir().unwrap();
    let mut child = Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start chromium");
    // Drain the pipes in threads so a chatty Chromium never blocks on a full pipe.
    let mut so = child.stdout.take().unwrap();
    let mut se = child.stderr.take().unwrap();
    let t_out = std::thread::spawn(move || {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut so, &mut v).ok();
        v
    });
    let t_err = std::thread::spawn(move || {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut se, &mut v).ok();
        v
    });
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            panic!("chromium did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    Output {
        status,
        stdout: t_out.join().unwrap(),
        stderr: t_err.join().unwrap(),
    }
}

/// Console messages of the page (errors, CSP violations, failed loads) as Chromium logs them.
fn console_lines(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| l.contains(":CONSOLE") || l.contains("net::ERR_"))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chromium_renders_the_report_offline_with_charts_and_no_console_error() {
    if !require_component(
        "chromium",
        "chromium_renders_the_report_offline_with_charts_and_no_console_error",
    ) {
        return;
    }
    let (dir, cfg) = fixture().await;
    let out = dir.path().join("report.html");
    write_report(&cfg, &out, &[]);
    let url = format!("file://{}", out.display());
    let limit = Duration::from_secs(90);

    let dom = chromium(&["--dump-dom", &url], limit);
    assert!(dom.status.success(), "{}", text(&dom.stderr));
    let errs = text(&dom.stderr);
    let console = console_lines(&errs);
    assert!(console.is_empty(), "the page logged: {console:#?}");
    let dom = text(&dom.stdout);
    // The browser parsed the inline SVG as SVG inside the sections (a markup error would
    // move or drop the elements).
    assert!(
        dom.matches("<rect class=\"bar neg\"").count() >= 5,
        "no tone bars in the DOM"
    );
    assert_eq!(dom.matches("<polyline class=\"series\"").count(), 2);
    assert!(dom.contains("id=\"alert-1\""));

    let png = dir.path().join("shot.png");
    let shot = chromium(
        &[
            &format!("--screenshot={}", png.display()),
            "--window-size=1280,2400",
            &url,
        ],
        limit,
    );
    assert!(shot.status.success(), "{}", text(&shot.stderr));
    let shot_err = text(&shot.stderr);
    let console = console_lines(&shot_err);
    assert!(console.is_empty(), "the page logged: {console:#?}");
    let (w, h, px) = decode_png(&std::fs::read(&png).expect("screenshot written"));
    assert_eq!((w, h), (1280, 2400));
    // The charts are painted: plenty of pixels in the negative (vermillion) and positive
    // (blue) tone colours, which no brand colour takes and nothing else on the page uses
    // in large areas (the overview cards' thin bars hold a few hundred).
    let count = |rgb: [u8; 3]| px.iter().filter(|p| **p == rgb).count();
    let neg = count([0xD5, 0x5E, 0x00]);
    let pos = count([0x00, 0x72, 0xB2]);
    assert!(neg > 2000, "negative bars: {neg} pixels");
    assert!(pos > 2000, "positive bars: {pos} pixels");
    // Keep the screenshot for a human to look at when asked to.
    if let Some(keep) = std::env::var_os("VEILLE_KEEP_SCREENSHOT") {
        std::fs::copy(&png, keep).unwrap();
    }
}

/// Minimal PNG decoder for Chromium's screenshots (8-bit RGB or RGBA, no interlace).
fn decode_png(data: &[u8]) -> (usize, usize, Vec<[u8; 3]>) {
    use std::io::Read;
    assert_eq!(&data[..8], b"\x89PNG\r\n\x1a\n");
    let (mut i, mut idat) = (8, Vec::new());
    let (mut w, mut h, mut ct) = (0, 0, 0);
    while i + 8 <= data.len() {
        let n = u32::from_be_bytes(data[i..i + 4].try_into().unwrap()) as usize;
        let kind = &data[i + 4..i + 8];
        let body = &data[i + 8..i + 8 + n];
        match kind {
            b"IHDR" => {
                w = u32::from_be_bytes(body[0..4].try_into().unwrap()) as usize;
                h = u32::from_be_bytes(body[4..8].try_into().unwrap()) as usize;
                assert_eq!(body[8], 8, "8-bit depth");
                ct = body[9];
                assert_eq!(body[12], 0, "no interlace");
            }
            b"IDAT" => idat.extend_from_slice(body),
            _ => {}
        }
        i += 12 + n;
    }
    let bpp = match ct {
        2 => 3,
        6 => 4,
        other => panic!("colour type {other}"),
    };
    let mut raw = Vec::new();
    flate2::read::ZlibDecoder::new(&idat[..])
        .read_to_end(&mut raw)
        .unwrap();
    let stride = w * bpp;
    let mut prev = vec![0u8; stride];
    let mut px = Vec::with_capacity(w * h);
    for y in 0..h {
        let row = &raw[y * (stride + 1)..(y + 1) * (stride + 1)];
        let (f, mut line) = (row[0], row[1..].to_vec());
        for x in 0..stride {
            let a = if x >= bpp { line[x - bpp] as i32 } else { 0 };
            let b = prev[x] as i32;
            let c = if x >= bpp { prev[x - bpp] as i32 } else { 0 };
            let add = match f {
                0 => 0,
                1 => a,
                2 => b,
                3 => (a + b) / 2,
                4 => {
                    let p = a + b - c;
                    let (pa, pb, pc) = ((p - a).abs(), (p - b).abs(), (p - c).abs());
                    if pa <= pb && pa <= pc {
                        a
                    } else if pb <= pc {
                        b
                    } else {
                        c
                    }
                }
                other => panic!("filter {other}"),
            };
            line[x] = (line[x] as i32 + add) as u8;
        }
        px.extend(line.chunks(bpp).map(|p| [p[0], p[1], p[2]]));
        prev = line;
    }
    (w, h, px)
}
