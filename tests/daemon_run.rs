//! `veille run` as a real process: it polls its feeds, keeps running, and stops cleanly
//! (exit 0) on SIGTERM and on SIGINT.

mod common;

use common::*;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn wait_for_items(db: &std::path::Path, want: i64, limit: Duration) -> i64 {
    let start = Instant::now();
    loop {
        if let Ok(s) = veille::store::Store::open_existing(db)
            && let Ok((items, _, _)) = s.counts()
            && (items >= want || start.elapsed() > limit)
        {
            return items;
        }
        if start.elapsed() > limit {
            return 0;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

async fn run_and_stop(signal: i32) {
    let now = chrono::Utc::now();
    let server = serve(vec![(
        "/s.xml",
        xml(rss("S", &tone_turn("Inwi", now, 3, 2, 0))),
    )])
    .await;
    let dir = tempfile::tempdir().unwrap();
    let cfg = write_config(
        dir.path(),
        &[server.url("/s.xml")],
        "[[brands]]\nname = \"Inwi\"\n",
    );
    let mut child = Command::new(env!("CARGO_BIN_EXE_veille"))
        .args(["run", "--config", cfg.to_str().unwrap()])
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .env_remove("JOURNAL_STREAM")
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let db = dir.path().join("veille.db");
    let items =
        tokio::task::spawn_blocking(move || wait_for_items(&db, 6, Duration::from_secs(20)))
            .await
            .unwrap();
    assert_eq!(items, 6, "the daemon polled its feed");
    // SAFETY: sending a signal to our own child process.
    assert_eq!(unsafe { libc::kill(child.id() as i32, signal) }, 0);
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        assert!(
            start.elapsed() < Duration::from_secs(15),
            "veille did not stop after signal {signal}"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    let out = child.wait_with_output().unwrap();
    let log = String::from_utf8_lossy(&out.stderr);
    assert_eq!(status.code(), Some(0), "clean stop expected, log:\n{log}");
    assert!(log.contains("veille stopped"), "{log}");
}

#[tokio::test(flavor = "multi_thread")]
async fn run_polls_and_stops_cleanly_on_sigterm() {
    run_and_stop(libc::SIGTERM).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn run_polls_and_stops_cleanly_on_sigint() {
    run_and_stop(libc::SIGINT).await;
}
