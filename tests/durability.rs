//! The store under the events an unattended daemon meets, with the real binary:
//! - a second `veille run` (or `once`, or `vacuum`) on the same database refuses to start
//!   with a clear message, while the read-only commands keep working during the run;
//! - a full disk (a real tmpfs with a size limit, filled up) pauses ingestion with a clear
//!   log line; once space is freed, ingestion resumes and nothing is lost or doubled;
//! - retention prunes what is older than `[storage] keep`, and `veille vacuum` shrinks the
//!   file.

mod common;

use common::*;
use rusqlite::Connection;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

fn veille(args: &[&str], cfg: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_veille"))
        .args(args)
        .arg("--config")
        .arg(cfg)
        .output()
        .unwrap()
}

fn spawn_run(cfg: &Path, log: &Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_veille"))
        .args(["run", "--log-level", "info", "--config"])
        .arg(cfg)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(log).unwrap())
        .spawn()
        .unwrap()
}

fn stop(mut child: Child) {
    // SAFETY: signalling our own child.
    unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
    let status = child.wait().unwrap();
    assert!(status.success(), "veille run ended with {status}");
}

fn items_in(db: &Path) -> i64 {
    Connection::open(db)
        .and_then(|c| c.query_row("SELECT COUNT(*) FROM items", [], |r| r.get(0)))
        .unwrap_or(0)
}

async fn wait_for(what: &str, log: &Path, mut cond: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(40);
    while !cond() {
        assert!(
            Instant::now() < deadline,
            "timed out waiting for {what}; log:\n{}",
            std::fs::read_to_string(log).unwrap_or_default()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

fn config(dir: &Path, db: &Path, feed: &str, extra: &str) -> PathBuf {
    let p = dir.join("veille.toml");
    std::fs::write(
        &p,
        format!(
            "[storage]\npath = \"{}\"\n{extra}\n[[feeds]]\nurl = \"{feed}\"\ninterval = \"1s\"\n\n[[brands]]\nname = \"Inwi\"\n\n[alerts]\ndesktop = false\n",
            db.display()
        ),
    )
    .unwrap();
    p
}

fn items(prefix: &str, n: usize, body: usize) -> Vec<FeedItem> {
    let now = chrono::Utc::now();
    (0..n)
        .map(|i| FeedItem {
            guid: format!("{prefix}{i}"),
            title: format!("Inwi {prefix} numéro {i}"),
            body: format!("{} {}", "Texte de l'article sur Inwi.".repeat(body), i),
            at: now - chrono::Duration::minutes(i as i64 + 1),
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_writer_is_refused_while_readers_keep_working() {
    let server = serve(vec![("/a.xml", xml(rss("A", &items("a", 5, 1))))]).await;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("veille.db");
    let cfg = config(dir.path(), &db, &server.url("/a.xml"), "");
    let log = dir.path().join("run.log");
    let run = spawn_run(&cfg, &log);
    wait_for("the first items", &log, || items_in(&db) == 5).await;

    let pid = run.id().to_string();
    for cmd in [&["run"][..], &["once"], &["vacuum"]] {
        let out = veille(cmd, &cfg);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{cmd:?}: {err}");
        assert!(
            err.contains("another veille") && err.contains(&pid) && err.contains("veille.db"),
            "{cmd:?} should name the running daemon and the database: {err}"
        );
    }
    for cmd in [
        &["mentions", "--json"][..],
        &["alerts", "--json"],
        &["feeds", "--json"],
    ] {
        let out = veille(cmd, &cfg);
        assert!(
            out.status.success(),
            "{cmd:?} during a run: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let mentions = veille(&["mentions", "--json"], &cfg);
    assert_eq!(String::from_utf8_lossy(&mentions.stdout).lines().count(), 5);
    stop(run);
    // The lock went with the daemon.
    let out = veille(&["once"], &cfg);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Whether this process may mount file systems (root with CAP_SYS_ADMIN) and has
/// `mount`; the full-disk test needs a real small file system.
fn can_mount(test: &str) -> bool {
    if !require_component("mount", test) || !require_component("umount", test) {
        return false;
    }
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        if std::env::var("VEILLE_REQUIRE_REAL").is_ok_and(|v| v == "1") {
            panic!("{test}: needs root to mount a tmpfs (VEILLE_REQUIRE_REAL=1)");
        }
        eprintln!("SKIPPED {test}: needs root to mount a small tmpfs");
        return false;
    }
    true
}

/// A small tmpfs, unmounted (lazily, so a still-open file cannot block it) when dropped,
/// including when the test panics.
struct Tmpfs(PathBuf);

impl Tmpfs {
    fn mount(at: &Path, size: &str) -> Tmpfs {
        let st = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(at)
            .status()
            .unwrap();
        assert!(st.success(), "mount tmpfs on {}", at.display());
        Tmpfs(at.to_path_buf())
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

/// Regression (issue 9): a store error in a poll cycle propagated out of the run loop and
/// stopped the daemon. Now a full disk pauses ingestion and it resumes once space is free.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_disk_pauses_ingestion_which_resumes_when_space_is_freed() {
    let test = "a_full_disk_pauses_ingestion_which_resumes_when_space_is_freed";
    if !can_mount(test) {
        return;
    }
    let first = items("before", 10, 2);
    let server = serve(vec![("/a.xml", xml(rss("A", &first)))]).await;
    let dir = tempfile::tempdir().unwrap();
    let mnt = dir.path().join("small");
    std::fs::create_dir(&mnt).unwrap();
    let db = mnt.join("veille.db");
    let cfg = config(dir.path(), &db, &server.url("/a.xml"), "");
    let _mount = Tmpfs::mount(&mnt, "4m");
    let log = dir.path().join("run.log");
    let run = spawn_run(&cfg, &log);
    let inside = mnt.clone();
    let db_inside = db.clone();
    let logged = || std::fs::read_to_string(&log).unwrap_or_default();
    wait_for("the first items", &log, || items_in(&db_inside) == 10).await;

    // Fill the file system to the last byte.
    let filler = inside.join("filler");
    {
        use std::io::Write;
        let mut f = std::fs::File::create(&filler).unwrap();
        let chunk = vec![0u8; 64 * 1024];
        loop {
            match f.write(&chunk) {
                Ok(0) => break,
                Ok(_) => {}
                Err(e) if e.raw_os_error() == Some(libc::ENOSPC) => break,
                Err(e) => panic!("filling the tmpfs: {e}"),
            }
        }
        let _ = f.sync_all();
    }
    // Top up byte by byte: the chunked loop can stop with a few KB left.
    while std::fs::OpenOptions::new()
        .append(true)
        .open(&filler)
        .and_then(|mut f| std::io::Write::write_all(&mut f, &[0u8; 512]))
        .is_ok()
    {}

    let mut all = first;
    all.extend(items("during", 40, 40));
    server.set("/a.xml", xml(rss("A", &all)));
    wait_for("the full disk to be reported", &log, || {
        logged().contains("cannot write to the database (the disk is full)")
    })
    .await;
    // It keeps running and keeps trying, with nothing half-written in between.
    wait_for("a retry on the full disk", &log, || {
        logged().contains("database still not writable (the disk is full), attempt 2")
    })
    .await;
    let mut run = run;
    assert!(
        run.try_wait().unwrap().is_none(),
        "the daemon died on a full disk"
    );
    assert_eq!(items_in(&db_inside), 10, "a failed write left rows behind");
    let out = Command::new("df").arg("-k").arg(&mnt).output().unwrap();
    let df = String::from_utf8_lossy(&out.stdout).to_string();

    std::fs::remove_file(&filler).unwrap();
    wait_for("ingestion to resume", &log, || items_in(&db_inside) == 50).await;
    wait_for("the resume to be logged", &log, || {
        logged().contains("the database is writable again")
    })
    .await;
    let c = Connection::open(&db_inside).unwrap();
    let integrity: String = c
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    let distinct: i64 = c
        .query_row("SELECT COUNT(DISTINCT guid) FROM items", [], |r| r.get(0))
        .unwrap();
    let mentions: i64 = c
        .query_row("SELECT COUNT(*) FROM mentions", [], |r| r.get(0))
        .unwrap();
    drop(c);
    stop(run);
    assert_eq!(integrity, "ok");
    assert_eq!((distinct, mentions), (50, 50));
    let text = logged();
    let attempts = text.matches("database still not writable").count() + 1;
    println!(
        "full disk: reported as {:?}; {attempts} failed attempts before space was freed; df while full:\n{df}",
        text.lines()
            .find(|l| l.contains("cannot write to the database"))
            .unwrap_or("")
    );
}

/// A file system that is read-only when the daemon starts (the kernel remounts a failing
/// disk read-only; a restart follows): the daemon says so, waits, and starts ingesting once
/// the file system is writable again. (A file system cannot be remounted read-only under a
/// process that has files open for writing, so this is the case a test can produce.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_read_only_file_system_pauses_ingestion_until_writable() {
    let test = "a_read_only_file_system_pauses_ingestion_until_writable";
    if !can_mount(test) {
        return;
    }
    let mut feed = items("first", 3, 1);
    let server = serve(vec![("/a.xml", xml(rss("A", &feed)))]).await;
    let dir = tempfile::tempdir().unwrap();
    let mnt = dir.path().join("small");
    std::fs::create_dir(&mnt).unwrap();
    let db = mnt.join("veille.db");
    let cfg = config(dir.path(), &db, &server.url("/a.xml"), "");
    let _mount = Tmpfs::mount(&mnt, "4m");
    let out = veille(&["once"], &cfg);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(items_in(&db), 3);
    let remount = |mode: &str| {
        let st = Command::new("mount")
            .args(["-o", &format!("remount,{mode}")])
            .arg(&mnt)
            .status()
            .unwrap();
        assert!(st.success(), "remount {mode}");
    };
    remount("ro");
    feed.extend(items("second", 4, 1));
    server.set("/a.xml", xml(rss("A", &feed)));
    let log = dir.path().join("run.log");
    let mut run = spawn_run(&cfg, &log);
    let logged = || std::fs::read_to_string(&log).unwrap_or_default();
    wait_for("the read-only database to be reported", &log, || {
        logged().contains("database still not writable (the database file cannot be opened (read-only file system")
    })
    .await;
    assert!(
        run.try_wait().unwrap().is_none(),
        "the daemon died on a read-only file system"
    );
    remount("rw");
    wait_for("ingestion to resume", &log, || items_in(&db) == 7).await;
    // Logged when the whole step (cycle, then retention) has succeeded, just after the
    // items are committed.
    wait_for("the resume to be logged", &log, || {
        logged().contains("the database is writable again")
    })
    .await;
    stop(run);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn retention_prunes_old_items_and_vacuum_shrinks_the_file() {
    let now = chrono::Utc::now();
    let mut feed = items("new", 5, 1);
    for i in 0..300 {
        feed.push(FeedItem {
            guid: format!("old{i}"),
            title: format!("Inwi archive {i}"),
            body: "Un vieux texte sur Inwi. ".repeat(40),
            at: now - chrono::Duration::days(400 + i),
        });
    }
    let server = serve(vec![("/a.xml", xml(rss("A", &feed)))]).await;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("veille.db");
    // Without retention, everything is stored.
    let cfg = config(dir.path(), &db, &server.url("/a.xml"), "");
    let out = veille(&["once"], &cfg);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(items_in(&db), 305);
    let size_before = std::fs::metadata(&db).unwrap().len();

    // With `keep = "365d"`, vacuum prunes the old ones (in batches) and shrinks the file;
    // a later poll of the same feed does not bring them back.
    let cfg = config(dir.path(), &db, &server.url("/a.xml"), "keep = \"365d\"\n");
    let out = veille(&["vacuum"], &cfg);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("pruned 300 items and 300 mentions"),
        "{stdout}"
    );
    assert_eq!(items_in(&db), 5);
    let size_after = std::fs::metadata(&db).unwrap().len();
    assert!(
        size_after * 2 < size_before,
        "vacuum: {size_before} -> {size_after} bytes"
    );
    // The feed changes (one more item), so it is fetched in full, old items included.
    feed.extend(items("newer", 1, 1));
    server.set("/a.xml", xml(rss("A", &feed)));
    let out = veille(&["once"], &cfg);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        items_in(&db),
        6,
        "pruned items came back, or the new one is missing"
    );
    println!("vacuum after pruning 300 of 305 items: {size_before} -> {size_after} bytes");
}

/// At least once, shown once: an alert whose notification cannot be delivered (desktop
/// notifications on, no session bus) stays pending across runs and is retried; once
/// delivered it is never sent again; its journal record is written once in all.
/// Goes through public behaviour only (`alerts --json`, the log), as the delivery code is
/// being reworked into several sinks.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_undelivered_alert_is_retried_across_restarts_and_delivered_once() {
    let now = chrono::Utc::now();
    let server = serve(vec![(
        "/s.xml",
        xml(rss("S", &tone_turn("Inwi", now, 20, 3, 15))),
    )])
    .await;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("veille.db");
    let write = |desktop: bool| {
        let p = dir.path().join("veille.toml");
        std::fs::write(
            &p,
            format!(
                "[storage]\npath = \"{}\"\n[[feeds]]\nurl = \"{}\"\n[[brands]]\nname = \"Inwi\"\n[alerts]\ndesktop = {desktop}\n",
                db.display(),
                server.url("/s.xml")
            ),
        )
        .unwrap();
        p
    };
    let mut journal_records = 0;
    let mut once = |cfg: &Path| {
        let out = Command::new(env!("CARGO_BIN_EXE_veille"))
            .args(["once", "--log-level", "info", "--config"])
            .arg(cfg)
            // No session bus anywhere: the desktop sink fails.
            .env("DBUS_SESSION_BUS_ADDRESS", "")
            .env("XDG_RUNTIME_DIR", dir.path())
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr).to_string();
        assert!(out.status.success(), "{err}");
        journal_records += err.lines().filter(|l| l.contains(" alert: ")).count();
        err
    };
    let delivered = |cfg: &Path| -> Vec<bool> {
        let out = veille(&["alerts", "--json"], cfg);
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["delivered"] == true)
            .collect()
    };
    let cfg = write(true);
    let first = once(&cfg);
    assert_eq!(delivered(&cfg), vec![false], "{first}");
    assert!(
        first.contains("unavailable, alert kept and retried"),
        "{first}"
    );
    once(&cfg);
    assert_eq!(delivered(&cfg), vec![false]);
    let cfg = write(false);
    once(&cfg);
    assert_eq!(delivered(&cfg), vec![true]);
    once(&cfg);
    assert_eq!(delivered(&cfg), vec![true]);
    assert_eq!(
        journal_records, 1,
        "the alert's journal record must be written once"
    );
    // Per-sink state: the desktop sink failed once (the second run came before its retry
    // time, so the back-off held) and was never shown; removing it from the config let the
    // alert complete instead of staying pending forever.
    let rows: Vec<(String, Option<String>, i64)> = {
        let c = Connection::open(&db).unwrap();
        let mut st = c
            .prepare("SELECT sink, outcome, attempts FROM alert_deliveries ORDER BY sink")
            .unwrap();
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    let desktop = rows
        .iter()
        .find(|r| r.0 == "desktop")
        .expect("a desktop delivery row");
    assert_ne!(desktop.1.as_deref(), Some("shown"), "{rows:?}");
    assert_eq!(
        desktop.2, 1,
        "one failed attempt, back-off respected: {rows:?}"
    );
}

/// Regression (issue 9): a crash after a feed's mentions were committed but before
/// detection ran on them left them unexamined: the next cycle found no new mention, so the
/// turn of tone never raised its alert. The daemon now replays detection for every brand
/// when it starts.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mentions_stored_just_before_a_crash_still_raise_their_alert_after_restart() {
    use std::sync::{Arc, Mutex};
    use veille::pipeline::Engine;
    use veille::store::Store;
    let now = chrono::Utc::now();
    let server = serve(vec![(
        "/s.xml",
        xml(rss("S", &tone_turn("Inwi", now, 20, 3, 15))),
    )])
    .await;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("veille.db");
    let cfg = config(dir.path(), &db, &server.url("/s.xml"), "");
    // What the daemon had done when it was killed: fetched, scored and committed the
    // feed's items and mentions, and nothing more.
    {
        let c = veille::config::load(&cfg).unwrap();
        let engine = Engine::new(c).unwrap();
        let feed = engine.config.feeds[0].clone();
        let update = engine
            .process_feed(&feed, &Default::default(), chrono::Utc::now())
            .await
            .unwrap();
        let store = Arc::new(Mutex::new(Store::open(&db).unwrap()));
        let applied = store.lock().unwrap().apply(&update).unwrap();
        assert_eq!(applied.new_items, 75);
    }
    let log = dir.path().join("run.log");
    let run = spawn_run(&cfg, &log);
    let alerts = || {
        Connection::open(&db)
            .and_then(|c| {
                c.query_row(
                    "SELECT COUNT(*) FROM alerts WHERE delivered_at IS NOT NULL",
                    [],
                    |r| r.get::<_, i64>(0),
                )
            })
            .unwrap_or(0)
    };
    wait_for("the alert of the stored turn of tone", &log, || {
        alerts() == 1
    })
    .await;
    stop(run);
    assert_eq!(items_in(&db), 75, "the restart stored nothing new");
}
