//! The desktop delivery policy end to end: alerts stored in a real database, `veille once`
//! delivering them over a private bus to dunst. Per-brand rate limit (critical passes),
//! quiet hours in the configured time zone (critical passes; the rest is held, then shown),
//! and the daily digest (one notification for all, once).

mod common;

use common::desktop::*;
use std::path::{Path, PathBuf};
use std::process::Command;
use veille::detect::{AlertDraft, Direction, Severity};
use veille::store::Store;

const TZ: chrono_tz::Tz = chrono_tz::Africa::Casablanca;

fn config(dir: &Path, alerts: &str) -> PathBuf {
    let p = dir.join("veille.toml");
    std::fs::write(
        &p,
        format!(
            "[storage]\npath = \"{}\"\n[daemon]\ntimezone = \"Africa/Casablanca\"\n[alerts]\ndesktop = true\n{alerts}\n",
            dir.join("veille.db").display()
        ),
    )
    .unwrap();
    p
}

/// Stores an alert the way detection does; returns its id.
fn alert(dir: &Path, brand: &str, severity: Severity, key: &str) -> i64 {
    let mut s = Store::open(&dir.join("veille.db")).unwrap();
    let now = chrono::Utc::now();
    let d = AlertDraft {
        detector: "tone_shift",
        direction: Direction::Negative,
        severity,
        key: key.into(),
        raised_at: now,
        window_start: now - chrono::Duration::hours(24),
        window_end: now,
        stats: serde_json::json!({"observed_share": 0.6, "p0": 0.2}),
        evidence: vec![],
    };
    s.insert_alert(brand, &d, now).unwrap().unwrap()
}

fn once(cfg: &Path, bus: &Bus) {
    let out = Command::new(env!("CARGO_BIN_EXE_veille"))
        .args(["once", "--config"])
        .arg(cfg)
        .env("DBUS_SESSION_BUS_ADDRESS", &bus.addr)
        .env_remove("JOURNAL_STREAM")
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
}

/// (alert id, outcome, next_attempt) of the desktop deliveries.
fn desktop_rows(dir: &Path) -> Vec<(i64, Option<String>, Option<i64>)> {
    let c = rusqlite::Connection::open(dir.join("veille.db")).unwrap();
    let mut st = c
        .prepare("SELECT alert_id, outcome, next_attempt FROM alert_deliveries WHERE sink = 'desktop' ORDER BY alert_id")
        .unwrap();
    st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn due_now(dir: &Path) {
    rusqlite::Connection::open(dir.join("veille.db"))
        .unwrap()
        .execute(
            "UPDATE alert_deliveries SET next_attempt = 0 WHERE outcome IS NULL",
            [],
        )
        .unwrap();
}

/// Local HH:MM `minutes` from now in the configured zone.
fn local_in(minutes: i64) -> String {
    (chrono::Utc::now() + chrono::Duration::minutes(minutes))
        .with_timezone(&TZ)
        .format("%H:%M")
        .to_string()
}

#[test]
fn rate_limit_is_per_brand_and_critical_alerts_pass() {
    if !components("rate_limit_is_per_brand_and_critical_alerts_pass") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let cfg = config(d, "rate_limit = 1\nrate_window = \"6h\"");
    let first = alert(d, "Inwi", Severity::Warning, "a");
    let second = alert(d, "Inwi", Severity::Warning, "b");
    let third = alert(d, "Inwi", Severity::Warning, "c");
    let crit = alert(d, "Inwi", Severity::Critical, "d");
    let other = alert(d, "Orange", Severity::Warning, "e");
    let bus = Bus::start();
    let dunst = Dunst::start(&bus, d);
    once(&cfg, &bus);
    let shown = dunst.wait_for(3);
    let summaries: Vec<&str> = shown.iter().map(|n| field(n, "summary")).collect();
    assert_eq!(shown.len(), 3, "{summaries:?}");
    assert_eq!(
        summaries.iter().filter(|s| s.starts_with("Orange")).count(),
        1
    );
    assert_eq!(
        shown
            .iter()
            .filter(|n| field(n, "urgency") == "CRITICAL")
            .count(),
        1
    );
    let rows = desktop_rows(d);
    let outcome = |id: i64| rows.iter().find(|r| r.0 == id).unwrap().1.clone();
    assert_eq!(outcome(first).as_deref(), Some("shown"));
    assert_eq!(outcome(second).as_deref(), Some("suppressed"));
    assert_eq!(outcome(third).as_deref(), Some("suppressed"));
    assert_eq!(outcome(crit).as_deref(), Some("shown"));
    assert_eq!(outcome(other).as_deref(), Some("shown"));
}

#[test]
fn quiet_hours_hold_ordinary_alerts_and_let_critical_ones_through() {
    if !components("quiet_hours_hold_ordinary_alerts_and_let_critical_ones_through") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let quiet = format!("quiet_hours = \"{}-{}\"", local_in(-60), local_in(120));
    let cfg = config(d, &quiet);
    let held = alert(d, "Inwi", Severity::Warning, "a");
    alert(d, "Inwi", Severity::Critical, "b");
    let bus = Bus::start();
    let dunst = Dunst::start(&bus, d);
    once(&cfg, &bus);
    let shown = dunst.wait_for(1);
    assert_eq!(shown.len(), 1);
    assert_eq!(field(&shown[0], "urgency"), "CRITICAL");
    let row = desktop_rows(d).into_iter().find(|r| r.0 == held).unwrap();
    assert_eq!(row.1, None, "held, not dropped");
    let wake = row.2.unwrap() - chrono::Utc::now().timestamp();
    assert!(
        (115 * 60..=121 * 60).contains(&wake),
        "held until the end of the quiet hours: {wake} s"
    );

    // Still quiet: still held, even when due.
    due_now(d);
    once(&cfg, &bus);
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert_eq!(dunst.notifications().len(), 1);
    // Quiet hours over (config changed): shown, once.
    let cfg = config(d, "");
    due_now(d);
    once(&cfg, &bus);
    assert_eq!(dunst.wait_for(2).len(), 2);
    once(&cfg, &bus);
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert_eq!(dunst.notifications().len(), 2);
}

#[test]
fn daily_digest_gathers_alerts_into_one_notification() {
    if !components("daily_digest_gathers_alerts_into_one_notification") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let cfg = config(d, &format!("digest = \"{}\"", local_in(180)));
    alert(d, "Inwi", Severity::Warning, "a");
    alert(d, "Inwi", Severity::Warning, "b");
    alert(d, "Orange", Severity::Warning, "c");
    let bus = Bus::start();
    let dunst = Dunst::start(&bus, d);
    once(&cfg, &bus);
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert_eq!(
        dunst.notifications().len(),
        0,
        "nothing before the digest time"
    );
    for (_, outcome, next) in desktop_rows(d) {
        assert_eq!(outcome, None);
        let wait = next.unwrap() - chrono::Utc::now().timestamp();
        assert!((175 * 60..=181 * 60).contains(&wait), "{wait}");
    }
    // Digest time.
    due_now(d);
    once(&cfg, &bus);
    let shown = dunst.wait_for(1);
    assert_eq!(shown.len(), 1, "one notification for three alerts");
    assert_eq!(
        field(&shown[0], "summary"),
        "veille : 3 alertes aujourd'hui"
    );
    let body = field(&shown[0], "body");
    assert_eq!(body.lines().count(), 3, "{body}");
    assert!(body.contains("Orange : le ton se dégrade"), "{body}");
    assert!(
        desktop_rows(d)
            .iter()
            .all(|r| r.1.as_deref() == Some("digest"))
    );
    due_now(d);
    once(&cfg, &bus);
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert_eq!(dunst.notifications().len(), 1, "the digest is not repeated");
}
