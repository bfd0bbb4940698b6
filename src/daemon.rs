//! Daemon: drives poll cycles until shutdown, and reloads the config on request.
//!
//! Shutdown and reload arrive as injected values (a cancellation token and a channel), not
//! as signals read here, so tests can drive the daemon without sending signals. A cycle
//! that is running when shutdown comes finishes its in-flight feeds (each bounded by the
//! fetch timeout) and their store writes; no new feed starts.
//!
//! The daemon holds the database's writer lock for its whole life, so a second `veille run`
//! refuses to start. When the database cannot be written (full disk, read-only file system),
//! the cycle's transactions roll back, so no feed state moves forward without its items:
//! the loop logs the cause, pauses ingestion with a growing back-off and resumes, fetching
//! the same items again, once writing works.
//!
//! Under systemd (`Type=notify`) it says READY=1 once the config is loaded and the store is
//! open, keeps STATUS= current after every cycle, sends WATCHDOG=1 from the loop itself
//! (after each cycle and each feed the cycle finishes, and the loop never sleeps longer
//! than half the watchdog interval), never from an independent timer, so a frozen or
//! wedged scheduler stops the pings and systemd restarts it; RELOADING=1 /
//! READY=1 around a SIGHUP reload, STOPPING=1 as soon as shutdown is requested.

use crate::config::{self, Config};
use crate::pipeline::{self, Engine, SharedStore, with_store};
use crate::sdnotify::Notifier;
use crate::store::{Pruned, Store, StoreError, WriterLock};
use chrono::Utc;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

#[derive(Debug, thiserror::Error)]
pub enum DaemonError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Engine(#[from] pipeline::EngineError),
}

/// The longest the loop sleeps without looking at the schedule again.
const MAX_SLEEP: Duration = Duration::from_secs(60);

/// Rows deleted per retention transaction: short enough that a feed's write waits
/// milliseconds, not seconds, for the store.
pub const PRUNE_BATCH: usize = 500;

/// Runs until `shutdown` is cancelled. `reload` delivers a message per SIGHUP: the config is
/// read again from `config_path`; a bad new config is logged and the old one stays.
pub async fn run(
    config_path: Option<PathBuf>,
    config: Config,
    shutdown: CancellationToken,
    mut reload: mpsc::UnboundedReceiver<()>,
) -> Result<(), DaemonError> {
    let _lock = WriterLock::acquire(&config.storage.path)?;
    // Consecutive attempts that could not write; 0 when the store works.
    let mut store_failures: u32 = 0;
    // A database on a read-only or full file system cannot even be opened (WAL needs its
    // shared-memory file): wait for it like for a failed write, rather than exit.
    let store = loop {
        match Store::open(&config.storage.path) {
            Ok(s) => break s,
            Err(e) if e.write_blocked().is_some() => {
                store_failures += 1;
                log_store_failure(&e, store_failures);
                tokio::select! {
                    _ = shutdown.cancelled() => return Ok(()),
                    _ = tokio::time::sleep(store_backoff(store_failures)) => {}
                }
            }
            Err(e) => return Err(e.into()),
        }
    };
    let store: SharedStore = Arc::new(Mutex::new(store));
    let mut engine = Arc::new(Engine::new(config)?);
    let mut needs_sync = true;
    // A crash between storing mentions and running detection on them would otherwise leave
    // those mentions unexamined until the brand's next mention: replay every brand once at
    // start (alert keys make the replay idempotent).
    let mut needs_detect = true;
    let mut first_poll_done = false;
    let sd = Notifier::from_env();
    tracing::info!(
        feeds = engine.config.feeds.len(),
        brands = engine.config.brands.len(),
        db = %engine.config.storage.path.display(),
        "veille started"
    );
    sd.ready(&status_line(&engine, &store, None).await);
    {
        // STOPPING=1 the moment shutdown is asked for, while the cycle in flight finishes.
        let (sd, token) = (sd.clone(), shutdown.clone());
        tokio::spawn(async move {
            token.cancelled().await;
            sd.stopping();
        });
    }
    let mut last_poll = None;
    loop {
        let step = async {
            if needs_sync {
                sync_feeds(&engine, &store).await?;
            }
            if needs_detect {
                let all = engine
                    .config
                    .brands
                    .iter()
                    .map(|b| b.name.clone())
                    .collect();
                pipeline::detect_brands(&engine, &store, &all, Utc::now()).await?;
            }
            // The first poll after a start may cover hundreds of feeds: show its progress (a
            // log line every few seconds under systemd). Later cycles are short and quiet.
            let bar = (!first_poll_done)
                .then(|| Arc::new(crate::progress::Progress::new("first poll", 0)));
            let hook: Option<pipeline::FeedProgress> = bar.clone().map(|bar| {
                Arc::new(move |done: usize, total: usize| {
                    bar.set_total(total);
                    bar.set(done);
                }) as pipeline::FeedProgress
            });
            let report =
                pipeline::cycle_with_progress(&engine, &store, true, &shutdown, hook, &|| {
                    sd.watchdog()
                })
                .await?;
            if let Some(bar) = bar {
                bar.finish();
            }
            prune_expired(&engine, &store, &shutdown).await?;
            Ok::<_, StoreError>(report)
        }
        .await;
        let report = match step {
            Ok(r) => {
                first_poll_done = true;
                needs_sync = false;
                needs_detect = false;
                if store_failures > 0 {
                    tracing::info!(
                        failed_attempts = store_failures,
                        "the database is writable again: ingestion resumed"
                    );
                    store_failures = 0;
                }
                r
            }
            Err(e) => {
                // Still alive, only unable to write: keep the watchdog fed.
                sd.watchdog();
                store_failures += 1;
                log_store_failure(&e, store_failures);
                if shutdown.is_cancelled() {
                    break;
                }
                tokio::select! {
                    _ = shutdown.cancelled() => break,
                    _ = tokio::time::sleep(store_backoff(store_failures)) => {}
                }
                continue;
            }
        };
        last_poll = Some(Utc::now())
            .filter(|_| report.feeds_ok + report.feeds_failed.len() > 0)
            .or(last_poll);
        // The loop came round: the scheduler is alive.
        sd.watchdog();
        sd.status(&status_line(&engine, &store, last_poll).await);
        if report.new_items > 0 || !report.feeds_failed.is_empty() || !report.new_alerts.is_empty()
        {
            tracing::info!(
                feeds_ok = report.feeds_ok,
                feeds_failed = report.feeds_failed.len(),
                new_items = report.new_items,
                new_mentions = report.new_mentions,
                new_alerts = report.new_alerts.len(),
                "poll cycle done"
            );
        }
        if shutdown.is_cancelled() {
            break;
        }
        let mut wait = match next_wake(&store).await {
            Ok(w) => w,
            Err(e) => {
                store_failures += 1;
                log_store_failure(&e, store_failures);
                store_backoff(store_failures)
            }
        };
        if let Some(w) = sd.watchdog_interval() {
            wait = wait.min(w / 2);
        }
        tokio::select! {
            _ = shutdown.cancelled() => break,
            _ = tokio::time::sleep(wait) => {}
            Some(()) = reload.recv() => {
                sd.reloading();
                let outcome = reload_config(config_path.as_deref(), &engine);
                match outcome {
                    Ok(new) => {
                        engine = Arc::new(new);
                        // A failed sync is retried by the next cycle, with the back-off.
                        needs_sync = true;
                        tracing::info!(feeds = engine.config.feeds.len(), brands = engine.config.brands.len(), "config reloaded");
                    }
                    Err(msg) => tracing::error!("config reload rejected, keeping the previous config: {msg}"),
                }
                sd.ready(&status_line(&engine, &store, last_poll).await);
            }
        }
    }
    tracing::info!("veille stopped");
    Ok(())
}

/// Pause after the `n`-th store failure in a row: 1 s, 2 s, 4 s... up to `MAX_SLEEP`.
fn store_backoff(n: u32) -> Duration {
    Duration::from_secs(1u64 << n.saturating_sub(1).min(6)).min(MAX_SLEEP)
}

fn log_store_failure(e: &StoreError, n: u32) {
    let wait = store_backoff(n).as_secs();
    let cause = e
        .write_blocked()
        .map(|w| w.describe())
        .unwrap_or("the database failed");
    if n == 1 {
        tracing::error!(
            veille_store_failures = n,
            "cannot write to the database ({cause}): ingestion paused, nothing was half-written and feed states did not move; retrying in {wait} s: {e}"
        );
    } else {
        tracing::warn!(
            veille_store_failures = n,
            "database still not writable ({cause}), attempt {n}; retrying in {wait} s: {e}"
        );
    }
}

/// Retention: deletes items and mentions older than `[storage] keep`, `PRUNE_BATCH` rows
/// per transaction; the store mutex is released between batches so feed writes interleave.
pub async fn prune_expired(
    engine: &Engine,
    store: &SharedStore,
    shutdown: &CancellationToken,
) -> Result<Pruned, StoreError> {
    let Some(keep) = engine.config.storage.keep else {
        return Ok(Pruned::default());
    };
    let Some(cutoff) = chrono::Duration::from_std(keep)
        .ok()
        .and_then(|k| Utc::now().checked_sub_signed(k))
    else {
        return Ok(Pruned::default());
    };
    let mut total = Pruned::default();
    while !shutdown.is_cancelled() {
        let p = with_store(store, move |s| s.prune_batch(cutoff, PRUNE_BATCH)).await?;
        total.items += p.items;
        total.mentions += p.mentions;
        if p.items < PRUNE_BATCH {
            break;
        }
        tokio::task::yield_now().await;
    }
    if total.items > 0 {
        tracing::info!(
            pruned_items = total.items,
            pruned_mentions = total.mentions,
            "retention: pruned items published before {}",
            cutoff.format("%Y-%m-%d %H:%M UTC")
        );
    }
    Ok(total)
}

/// "42 feeds (1 failing), 5 brands, last poll 12:03, 1 alert today", local time.
async fn status_line(
    engine: &Engine,
    store: &SharedStore,
    last_poll: Option<chrono::DateTime<Utc>>,
) -> String {
    let tz = engine.config.daemon.timezone;
    let midnight = Utc::now()
        .with_timezone(&tz)
        .date_naive()
        .and_hms_opt(0, 0, 0)
        .and_then(|m| chrono::TimeZone::from_local_datetime(&tz, &m).earliest())
        .map(|m| m.with_timezone(&Utc))
        .unwrap_or_else(|| Utc::now() - chrono::Duration::hours(24));
    let counts = with_store(store, move |s| {
        let failing = s.feed_states()?.iter().filter(|f| f.failures > 0).count();
        Ok((failing, s.alerts_created_since(midnight)?))
    })
    .await;
    let (failing, today) = counts.unwrap_or((0, 0));
    let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
    format!(
        "{}{}, {}, {}, {} today",
        plural(engine.config.feeds.len(), "feed"),
        if failing > 0 {
            format!(" ({failing} failing)")
        } else {
            String::new()
        },
        plural(engine.config.brands.len(), "brand"),
        match last_poll {
            Some(t) => format!("last poll {}", crate::notify::local_hhmm(t, tz)),
            None => "no poll yet".into(),
        },
        plural(today as usize, "alert")
    )
}

async fn sync_feeds(engine: &Engine, store: &SharedStore) -> Result<(), StoreError> {
    let urls: Vec<String> = engine.config.feeds.iter().map(|f| f.url.clone()).collect();
    with_store(store, move |s| s.sync_feeds(&urls)).await
}

fn reload_config(path: Option<&std::path::Path>, old: &Engine) -> Result<Engine, String> {
    let path = config::locate(path).map_err(|e| e.to_string())?;
    let new = config::load(&path).map_err(|e| e.to_string())?;
    if new.storage.path != old.config.storage.path {
        return Err(format!(
            "[storage] path changed ({} -> {}): restart veille to move the database",
            old.config.storage.path.display(),
            new.storage.path.display()
        ));
    }
    Engine::new(new).map_err(|e| e.to_string())
}

/// Time until the earliest next check, between 1 s and `MAX_SLEEP`.
async fn next_wake(store: &SharedStore) -> Result<Duration, StoreError> {
    let states = with_store(store, |s| s.feed_states()).await?;
    let now = Utc::now();
    let earliest = states
        .iter()
        .filter(|s| !s.dead)
        .filter_map(|s| s.next_check)
        .min();
    Ok(match earliest {
        Some(t) => (t - now)
            .to_std()
            .unwrap_or(Duration::ZERO)
            .clamp(Duration::from_secs(1), MAX_SLEEP),
        None => MAX_SLEEP,
    })
}
