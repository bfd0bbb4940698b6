//! Daemon: drives poll cycles until shutdown, and reloads the config on request.
//!
//! Shutdown and reload arrive as injected values (a cancellation token and a channel), not
//! as signals read here, so tests can drive the daemon without sending signals. A cycle
//! that is running when shutdown comes finishes its in-flight feeds (each bounded by the
//! fetch timeout) and their store writes; no new feed starts.
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
use crate::store::{Store, StoreError};
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

/// Runs until `shutdown` is cancelled. `reload` delivers a message per SIGHUP: the config is
/// read again from `config_path`; a bad new config is logged and the old one stays.
pub async fn run(
    config_path: Option<PathBuf>,
    config: Config,
    shutdown: CancellationToken,
    mut reload: mpsc::UnboundedReceiver<()>,
) -> Result<(), DaemonError> {
    let store: SharedStore = Arc::new(Mutex::new(Store::open(&config.storage.path)?));
    let mut engine = Arc::new(Engine::new(config)?);
    sync_feeds(&engine, &store).await?;
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
        let report =
            pipeline::cycle_with_progress(&engine, &store, true, &shutdown, &|| sd.watchdog())
                .await?;
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
        let mut wait = next_wake(&store).await?;
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
                        sync_feeds(&engine, &store).await?;
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
