//! Desktop notifications for real: a private `dbus-daemon --session`, dunst (a real
//! notification server) on an Xvfb display, and the `veille` binary raising an alert from
//! feeds served on loopback. dunst's `-print` output is what the server received:
//! summary, body, urgency, actions.
//!
//! Each test runs `veille once` as a child process with its own bus address, so tests
//! never touch this process's environment.

mod common;

use common::desktop::*;
use common::*;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// A turn of tone whose titles carry markup characters. (Whole tags are stripped earlier,
/// by normalize; what reaches the notification is text with `<`, `&`, `>` and quotes.)
async fn hostile_stream() -> (veille::demo::server::Server, String) {
    let now = chrono::Utc::now();
    let mut items = tone_turn("Inwi", now, 20, 3, 15);
    let n = items.len();
    for it in &mut items[n - 15..] {
        it.title.push_str(" — 1 < 2 & 3 > 2 \"ok\" <img src=x");
    }
    let server = serve(vec![("/stream.xml", xml(rss("Stream", &items)))]).await;
    let url = server.url("/stream.xml");
    (server, url)
}

fn desktop_config(dir: &Path, feed: &str) -> PathBuf {
    let p = write_config(
        dir,
        &[feed.to_string()],
        "[[brands]]\nname = \"Inwi\"\naliases = [\"inwi\"]\n",
    );
    let text = std::fs::read_to_string(&p)
        .unwrap()
        .replace("desktop = false", "desktop = true");
    std::fs::write(&p, text).unwrap();
    p
}

/// Runs `veille once`, on the given bus or on none at all.
fn once(cfg: &Path, bus: Option<&Bus>, runtime_dir: &Path) -> std::process::Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_veille"));
    c.args(["once", "--config"])
        .arg(cfg)
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .env_remove("JOURNAL_STREAM")
        .env_remove("VEILLE_LOG")
        .env("XDG_RUNTIME_DIR", runtime_dir);
    if let Some(b) = bus {
        c.env("DBUS_SESSION_BUS_ADDRESS", &b.addr);
    }
    c.output().expect("veille runs")
}

/// (alert id, sink, outcome, attempts, last error)
type DeliveryRow = (i64, String, Option<String>, i64, Option<String>);

fn deliveries(db: &Path) -> Vec<DeliveryRow> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut st = conn
        .prepare("SELECT alert_id, sink, outcome, attempts, last_error FROM alert_deliveries ORDER BY alert_id, sink")
        .unwrap();
    st.query_map([], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
    })
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

fn severities(db: &Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut st = conn.prepare("SELECT severity FROM alerts").unwrap();
    st.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn pipeline_alert_reaches_dunst_with_summary_urgency_and_escaped_body() {
    if !components("pipeline_alert_reaches_dunst_with_summary_urgency_and_escaped_body") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (_server, url) = hostile_stream().await;
    let cfg = desktop_config(dir.path(), &url);
    let bus = Bus::start();
    let dunst = Dunst::start(&bus, dir.path());
    let out = tokio::task::spawn_blocking({
        let (cfg, rt) = (cfg.clone(), dir.path().to_path_buf());
        move || once(&cfg, Some(&bus), &rt)
    })
    .await
    .unwrap();
    assert!(out.status.success(), "{out:?}");

    let shown = dunst.wait_for(1);
    assert_eq!(shown.len(), 1, "one alert, one notification: {shown:?}");
    let n = &shown[0];
    assert_eq!(field(n, "appname"), "veille");
    let summary = field(n, "summary");
    assert!(
        summary.starts_with("Inwi : le ton se dégrade — ")
            && summary.ends_with(" % habituellement"),
        "{summary}"
    );
    let body = field(n, "body");
    assert!(body.starts_with("• 127.0.0.1 — "), "{body}");
    assert!(
        !body.contains('<') && !body.contains('"'),
        "markup leaked: {body}"
    );
    assert!(
        body.contains("1 &lt; 2 &amp; 3 &gt; 2 &quot;ok&quot;"),
        "{body}"
    );
    let sev = severities(&dir.path().join("veille.db"));
    let want = if sev[0] == "critical" {
        "CRITICAL"
    } else {
        "NORMAL"
    };
    assert_eq!(field(n, "urgency"), want, "severity {sev:?}");
    assert_eq!(
        field(n, "icon"),
        if want == "CRITICAL" {
            "dialog-error"
        } else {
            "dialog-warning"
        }
    );
    let text = std::fs::read_to_string(&dunst.out).unwrap();
    assert!(
        text.contains("\"default\": "),
        "default action offered: {text}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn no_bus_keeps_the_alert_retries_and_shows_it_once_when_the_bus_appears() {
    if !components("no_bus_keeps_the_alert_retries_and_shows_it_once_when_the_bus_appears") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (_server, url) = hostile_stream().await;
    let cfg = desktop_config(dir.path(), &url);
    let db = dir.path().join("veille.db");
    let rt = dir.path().to_path_buf();
    let run = |bus: Option<&Bus>| once(&cfg, bus, &rt);
    // Time passing, without waiting for it: the retry is due now.
    let due_now = || {
        rusqlite::Connection::open(&db)
            .unwrap()
            .execute(
                "UPDATE alert_deliveries SET next_attempt = 0 WHERE outcome IS NULL",
                [],
            )
            .unwrap();
    };

    // 1. No session bus at all: stored, logged, a warning that says why, exit 0.
    let out = tokio::task::block_in_place(|| run(None));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("no D-Bus session bus"), "{err}");
    assert!(err.contains("alert: Inwi"), "the alert is logged: {err}");
    let d = deliveries(&db);
    let desk: Vec<_> = d.iter().filter(|r| r.1 == "desktop").collect();
    assert_eq!(desk.len(), 1, "{d:?}");
    assert_eq!((desk[0].2.as_deref(), desk[0].3), (None, 1), "{d:?}");
    assert!(
        d.iter()
            .any(|r| r.1 == "journal" && r.2.as_deref() == Some("shown"))
    );

    // 2. Right after: the retry is not due yet (backoff), nothing is attempted.
    let out = tokio::task::block_in_place(|| run(None));
    assert!(out.status.success());
    assert_eq!(
        deliveries(&db).iter().find(|r| r.1 == "desktop").unwrap().3,
        1
    );

    // 3. A bus but no notification server: still kept, the warning names the cause.
    let bus = Bus::start();
    due_now();
    let out = tokio::task::block_in_place(|| run(Some(&bus)));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    let row = deliveries(&db)
        .into_iter()
        .find(|r| r.1 == "desktop")
        .unwrap();
    assert_eq!((row.2.as_deref(), row.3), (None, 2), "{row:?}");
    assert!(
        row.4
            .as_deref()
            .unwrap_or("")
            .contains("no notification server"),
        "{row:?}"
    );
    assert!(
        !err.contains("alert: Inwi"),
        "the journal record is written once: {err}"
    );

    // 4. The server appears: shown once.
    let dunst = Dunst::start(&bus, dir.path());
    due_now();
    let out = tokio::task::block_in_place(|| run(Some(&bus)));
    assert!(out.status.success());
    assert_eq!(dunst.wait_for(1).len(), 1);
    let row = deliveries(&db)
        .into_iter()
        .find(|r| r.1 == "desktop")
        .unwrap();
    assert_eq!(row.2.as_deref(), Some("shown"), "{row:?}");

    // 5. Never twice, even when every retry is forced due.
    due_now();
    let out = tokio::task::block_in_place(|| run(Some(&bus)));
    assert!(out.status.success());
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(dunst.notifications().len(), 1, "shown twice");
}

/// The browser cannot be real here: `xdg-open` is a script that records its argument.
/// Returns the PATH that finds it first, and the file it writes.
fn fake_xdg_open(dir: &Path) -> (String, PathBuf) {
    let bin = dir.join("bin");
    std::fs::create_dir(&bin).unwrap();
    let opened = dir.join("opened");
    std::fs::write(
        bin.join("xdg-open"),
        format!("#!/bin/sh\necho \"$@\" >> '{}'\n", opened.display()),
    )
    .unwrap();
    std::fs::set_permissions(
        bin.join("xdg-open"),
        std::os::unix::fs::PermissionsExt::from_mode(0o755),
    )
    .unwrap();
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap());
    (path, opened)
}

#[tokio::test(flavor = "multi_thread")]
async fn clicking_the_notification_opens_the_first_link_of_the_evidence() {
    let test = "clicking_the_notification_opens_the_first_link_of_the_evidence";
    if !components(test) || !require_component("dunstctl", test) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (_server, url) = hostile_stream().await;
    let cfg = desktop_config(dir.path(), &url);
    let bus = Bus::start();
    let dunst = Dunst::start(&bus, dir.path());
    let (path, opened) = fake_xdg_open(dir.path());
    let mut daemon = Command::new(env!("CARGO_BIN_EXE_veille"))
        .args(["run", "--config"])
        .arg(&cfg)
        .env("DBUS_SESSION_BUS_ADDRESS", &bus.addr)
        .env("PATH", &path)
        .env_remove("INVOCATION_ID")
        .env_remove("NOTIFY_SOCKET")
        .env_remove("JOURNAL_STREAM")
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let shown = tokio::task::block_in_place(|| dunst.wait_for(1));
    assert_eq!(shown.len(), 1);
    tokio::task::block_in_place(|| bus.wait_for_click_listener());
    // What the user does: invoke the default action of the notification on screen.
    let st = Command::new("dunstctl")
        .args(["action", "0"])
        .env("DBUS_SESSION_BUS_ADDRESS", &bus.addr)
        .status()
        .unwrap();
    assert!(st.success());
    let t = std::time::Instant::now();
    while !opened.exists() && t.elapsed() < Duration::from_secs(10) {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let _ = daemon.kill();
    let _ = daemon.wait();
    let got = std::fs::read_to_string(&opened).unwrap_or_default();
    assert!(
        got.starts_with("https://t.example/n"),
        "xdg-open got {got:?} (the evidence's first link)"
    );
    assert_eq!(got.lines().count(), 1);
}

/// Regression: notify-rust's click listener `unwrap()`s its bus calls, which is why it was
/// once removed. The daemon waits for the click on the handle notify-rust returned. When the
/// bus vanishes under that wait, the daemon logs it, keeps running, opens nothing and still
/// stops cleanly. Two moments: right as the notification appears (the listener may still
/// be adding its match rules: the unwrap panics, and the panic stays in its task), and once
/// the listener is in place (its message stream just ends).
#[tokio::test(flavor = "multi_thread")]
async fn bus_vanishing_while_a_click_is_awaited_leaves_the_daemon_running() {
    let test = "bus_vanishing_while_a_click_is_awaited_leaves_the_daemon_running";
    if !components(test) {
        return;
    }
    const GONE: &str = "the session bus went away";
    const PANICKED: &str = "cannot listen for its click";
    // (moment, wait for the listener first, log lines that may say what happened)
    let cases: [(&str, bool, &[&str]); 2] = [
        ("as soon as it is shown", false, &[GONE, PANICKED]),
        ("while the listener waits", true, &[GONE]),
    ];
    for (moment, settled, said) in cases {
        let dir = tempfile::tempdir().unwrap();
        let (_server, url) = hostile_stream().await;
        let cfg = desktop_config(dir.path(), &url);
        let bus = Bus::start();
        let dunst = Dunst::start(&bus, dir.path());
        let (path, opened) = fake_xdg_open(dir.path());
        let log = dir.path().join("daemon.err");
        let mut daemon = Command::new(env!("CARGO_BIN_EXE_veille"))
            .args(["run", "--config"])
            .arg(&cfg)
            .env("DBUS_SESSION_BUS_ADDRESS", &bus.addr)
            .env("PATH", &path)
            .env("RUST_LOG", "info")
            .env_remove("VEILLE_LOG")
            .env_remove("INVOCATION_ID")
            .env_remove("NOTIFY_SOCKET")
            .env_remove("JOURNAL_STREAM")
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .unwrap();
        let shown = tokio::task::block_in_place(|| dunst.wait_for(1));
        assert_eq!(shown.len(), 1, "{moment}");
        if settled {
            tokio::task::block_in_place(|| bus.wait_for_click_listener());
        }
        // The session ends under the daemon: the server, then the bus itself.
        drop(dunst);
        drop(bus);
        let read = || std::fs::read_to_string(&log).unwrap_or_default();
        let t = std::time::Instant::now();
        while !said.iter().any(|s| read().contains(s)) && t.elapsed() < Duration::from_secs(10) {
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let running = daemon.try_wait().unwrap().is_none();
        // SAFETY: kill(2) on the pid of the child this test spawned and has not reaped.
        unsafe { libc::kill(daemon.id() as i32, libc::SIGTERM) };
        let t = std::time::Instant::now();
        let status = loop {
            if let Some(s) = daemon.try_wait().unwrap() {
                break Some(s);
            }
            if t.elapsed() > Duration::from_secs(30) {
                let _ = daemon.kill();
                let _ = daemon.wait();
                break None;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        };
        let err = read();
        assert!(running, "{moment}: the daemon died with the bus: {err}");
        assert!(
            said.iter().any(|s| err.contains(s)),
            "{moment}: the wait for the click saw the bus go ({said:?}): {err}"
        );
        assert!(
            status.is_some_and(|s| s.success()),
            "{moment}: clean stop: {status:?} {err}"
        );
        assert!(
            !opened.exists(),
            "{moment}: nothing clicked, nothing opened"
        );
    }
}
