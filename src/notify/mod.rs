//! Notify: tells people about alerts. Owns the delivery coordinator and the sinks:
//! a structured journal record for every alert (`journal`), the desktop notification
//! (`desktop`), and the configured webhooks and commands.
//!
//! Each (alert, sink) pair has its own delivery state in the store (`alert_deliveries`),
//! claimed before a send and closed after it, so a sink that is down never makes another
//! one repeat itself, and an alert is never shown twice. Failure is not an error for the
//! daemon: the alert stays stored, a warning says why, and the sink retries with
//! exponential backoff. The desktop policy (per-brand rate limit, quiet hours, daily
//! digest) is pure and lives in `policy`.

pub mod desktop;
pub mod exec;
pub mod policy;
pub mod render;
pub mod webhook;

pub use desktop::{desktop, session_bus_available};
pub use render::{Rendered, escape_markup, render, summary};
pub use webhook::redact_url;

use crate::config::{Config, SinkKind, UiLang};
use crate::pipeline::{SharedStore, with_store};
use crate::store::{AlertRow, DeliveryEnd, StoreError};
use chrono::{DateTime, Utc};
use policy::Decision;
use tokio_util::sync::CancellationToken;

/// `MESSAGE_ID` of every alert record in the journal: `journalctl MESSAGE_ID=…` lists alerts.
pub const ALERT_MESSAGE_ID: &str = "5c0a3f7e9b1d4e2a8f6c3b7d1e9a4f20";
/// `MESSAGE_ID` of feed failure records.
pub const FEED_FAILURE_MESSAGE_ID: &str = "a7e41c9d2b6f4830b5e9c1d7f3a2e864";
/// The tracing target of critical alert records: logging maps it to journal priority 2
/// (crit), which tracing has no level for.
pub const CRIT_TARGET: &str = "veille::crit";

/// How long a claimed delivery is reserved for the process that claimed it.
const LEASE: chrono::Duration = chrono::Duration::seconds(120);

#[derive(Debug, thiserror::Error)]
pub enum NotifyError {
    #[error(
        "no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is unset and $XDG_RUNTIME_DIR/bus does not exist)"
    )]
    NoBus,
    #[error("no notification server on the session bus: {0}")]
    NoServer(String),
    #[error("desktop notification failed: {0}")]
    Desktop(String),
    #[error("desktop notification timed out after {0} s (is a notification server running?)")]
    Timeout(u64),
    #[error("webhook {to}: {message}")]
    Webhook { to: String, message: String },
    #[error("command {program}: {message}")]
    Exec { program: String, message: String },
    #[error("cannot set up a sink: {0}")]
    Setup(String),
}

/// The alert as JSON for webhooks and commands: `alerts --json`'s fields plus the words a
/// person reads.
pub fn alert_json(a: &AlertRow, r: &Rendered) -> serde_json::Value {
    let mut v = serde_json::to_value(a).unwrap_or_default();
    if let Some(o) = v.as_object_mut() {
        o.insert("summary".into(), r.summary.clone().into());
        o.insert("text".into(), r.plain.clone().into());
        o.insert("link".into(), r.link.clone().into());
        o.insert(
            "mentions".into(),
            a.evidence_rows
                .iter()
                .map(|e| {
                    serde_json::json!({"title": e.title, "link": e.link, "feed": e.feed, "score": e.score})
                })
                .collect::<Vec<_>>()
                .into(),
        );
    }
    v
}

/// Writes the alert as one structured record. Under journald the fields become
/// `MESSAGE_ID`, `VEILLE_BRAND`, `VEILLE_FEED` (the first evidence's feed),
/// `VEILLE_DETECTOR`, `VEILLE_DIRECTION`, `VEILLE_SEVERITY`, `VEILLE_SCORE`,
/// `VEILLE_ALERT_ID`; `PRIORITY` is 4 (warning), or 2 (crit) for critical alerts.
pub fn log_alert(a: &AlertRow, r: &Rendered) {
    let f = |k: &str| a.stats.get(k).and_then(|v| v.as_f64());
    let score = f("observed_share")
        .or(f("observed"))
        .or(f("k"))
        .or_else(|| a.evidence_rows.first().map(|e| e.score))
        .unwrap_or(f64::NAN);
    let feed = a
        .evidence_rows
        .first()
        .map(|e| e.feed.as_str())
        .unwrap_or("");
    macro_rules! record {
        ($level:expr, $target:expr) => {
            tracing::event!(
                target: $target,
                $level,
                message_id = ALERT_MESSAGE_ID,
                veille_brand = %a.brand,
                veille_feed = %feed,
                veille_detector = %a.detector,
                veille_direction = %a.direction,
                veille_severity = %a.severity,
                veille_score = score,
                veille_alert_id = a.id,
                veille_link = %r.link.as_deref().unwrap_or(""),
                "alert: {}", r.summary
            )
        };
    }
    if r.critical {
        record!(tracing::Level::ERROR, "veille::crit");
    } else {
        record!(tracing::Level::WARN, "veille::alert");
    }
}

/// One place alerts go.
pub enum Sink {
    Desktop { open_fallback: Option<String> },
    Webhook(webhook::Webhook),
    Exec(exec::Exec),
}

/// A configured sink with its name and retry budget.
pub struct NamedSink {
    pub name: String,
    pub sink: Sink,
    pub attempts: u32,
}

impl NamedSink {
    pub fn describe(&self) -> String {
        match &self.sink {
            Sink::Desktop { .. } => "desktop notification (D-Bus)".into(),
            Sink::Webhook(w) => format!("webhook {}", w.describe()),
            Sink::Exec(e) => format!("command {}", e.describe()),
        }
    }

    pub async fn send(&self, a: &AlertRow, r: &Rendered) -> Result<(), NotifyError> {
        match &self.sink {
            Sink::Desktop { open_fallback } => {
                let open = desktop::open_target_for(r, open_fallback.as_deref());
                desktop::desktop(r, open.as_deref()).await
            }
            Sink::Webhook(w) => w.send(a, r).await,
            Sink::Exec(e) => e.send(a, r).await,
        }
    }
}

/// The sinks a config asks for: the desktop (unless `desktop = false`), then
/// `[[alerts.sinks]]` in order.
pub fn sinks(cfg: &Config) -> Result<Vec<NamedSink>, NotifyError> {
    let mut out = Vec::new();
    if cfg.alerts.desktop {
        out.push(NamedSink {
            name: "desktop".into(),
            sink: Sink::Desktop {
                open_fallback: cfg.alerts.delivery.open_fallback.clone(),
            },
            attempts: u32::MAX,
        });
    }
    for s in &cfg.alerts.delivery.sinks {
        let sink = match &s.kind {
            SinkKind::Webhook { url, format } => {
                Sink::Webhook(webhook::Webhook::new(url.clone(), *format, s.timeout)?)
            }
            SinkKind::Exec { command } => Sink::Exec(exec::Exec::new(command.clone(), s.timeout)),
        };
        out.push(NamedSink {
            name: s.name.clone(),
            sink,
            attempts: s.attempts,
        });
    }
    Ok(out)
}

/// Delivers every pending alert through the journal and every sink. Returns how many
/// (alert, sink) deliveries completed. Stops starting new sends once `shutdown` is
/// cancelled; a send in flight finishes (each is bounded by its timeout). `progress` is
/// called after each alert (the daemon feeds the systemd watchdog from it).
pub async fn deliver_pending(
    cfg: &Config,
    sinks: &[NamedSink],
    store: &SharedStore,
    shutdown: &CancellationToken,
    progress: &(dyn Fn() + Sync),
) -> Result<usize, StoreError> {
    let pending = with_store(store, |s| s.undelivered_alerts()).await?;
    let lang = cfg.alerts.language;
    let policy = policy::Policy::from_config(cfg);
    let mut done = 0;
    let mut digest: Vec<(AlertRow, Rendered)> = Vec::new();
    // Oldest first: a person reads them in the order they happened.
    for a in pending.into_iter().rev() {
        if shutdown.is_cancelled() {
            break;
        }
        let r = render(&a, lang);
        // The journal record is written once, when the alert is first handled.
        if claim(store, a.id, "journal").await?.is_some() {
            log_alert(&a, &r);
            finish(store, a.id, "journal", DeliveryEnd::Done("shown")).await?;
        }
        for s in sinks {
            if shutdown.is_cancelled() {
                break;
            }
            let Some(state) = claim(store, a.id, &s.name).await? else {
                continue;
            };
            let now = Utc::now();
            if matches!(s.sink, Sink::Desktop { .. }) {
                let brand = a.brand.clone();
                let since = now - policy.rate_window();
                let shown =
                    with_store(store, move |st| st.shown_since("desktop", &brand, since)).await?;
                match policy.decide(r.critical, now, &state, shown) {
                    Decision::Send => {}
                    Decision::Defer(until) => {
                        tracing::info!(
                            veille_alert_id = a.id,
                            "desktop notification held until {} (quiet hours or digest)",
                            until
                                .with_timezone(&cfg.daemon.timezone)
                                .format("%Y-%m-%d %H:%M")
                        );
                        finish(store, a.id, &s.name, DeliveryEnd::Deferred(until)).await?;
                        continue;
                    }
                    Decision::Suppress => {
                        tracing::info!(
                            veille_alert_id = a.id,
                            veille_brand = %a.brand,
                            "desktop notification not shown: rate limit ({shown} already shown for this brand)"
                        );
                        finish(store, a.id, &s.name, DeliveryEnd::Done("suppressed")).await?;
                        done += 1;
                        continue;
                    }
                    Decision::Digest => {
                        digest.push((a.clone(), r.clone()));
                        continue;
                    }
                    Decision::Expire => {
                        let error = state.last_error.clone().unwrap_or_default();
                        tracing::warn!(
                            veille_alert_id = a.id,
                            "desktop notification dropped: the alert is more than {} h old and still could not be shown ({error})",
                            policy::DESKTOP_EXPIRY.num_hours()
                        );
                        let end = DeliveryEnd::GaveUp {
                            error,
                            outcome: "expired",
                        };
                        finish(store, a.id, &s.name, end).await?;
                        continue;
                    }
                }
            }
            let outcome = s.send(&a, &r).await;
            done += record(store, &a, s, &state, outcome).await?;
        }
        close_if_done(store, a.id, sinks).await?;
        progress();
    }
    if !digest.is_empty() && !shutdown.is_cancelled() {
        done += send_digest(store, sinks, lang, digest).await?;
    }
    Ok(done)
}

/// One desktop notification for every alert whose digest time has come.
async fn send_digest(
    store: &SharedStore,
    sinks: &[NamedSink],
    lang: UiLang,
    items: Vec<(AlertRow, Rendered)>,
) -> Result<usize, StoreError> {
    let Some(desk) = sinks
        .iter()
        .find(|s| matches!(s.sink, Sink::Desktop { .. }))
    else {
        return Ok(0);
    };
    let summaries: Vec<String> = items.iter().map(|(_, r)| r.summary.clone()).collect();
    let r = Rendered {
        summary: render::digest_summary(items.len(), lang),
        body: render::digest_body(&summaries, 8),
        plain: summaries.join("\n"),
        critical: false,
        link: None,
    };
    let open = match &desk.sink {
        Sink::Desktop { open_fallback } => open_fallback.clone(),
        _ => None,
    };
    let outcome = desktop::desktop(&r, open.as_deref()).await;
    let mut done = 0;
    for (a, _) in &items {
        let end = match &outcome {
            Ok(()) => DeliveryEnd::Done("digest"),
            // The digest stays due: each alert retries on its own backoff, and the ones
            // due together are gathered again.
            Err(e) => DeliveryEnd::Retry {
                error: e.to_string(),
                at: Utc::now() + policy::backoff(1),
            },
        };
        finish(store, a.id, &desk.name, end).await?;
        if outcome.is_ok() {
            done += 1;
        }
        close_if_done(store, a.id, sinks).await?;
    }
    if let Err(e) = outcome {
        tracing::warn!("daily digest not shown, kept for later: {e}");
    }
    Ok(done)
}

/// Records a send's outcome; returns 1 if the delivery completed.
async fn record(
    store: &SharedStore,
    a: &AlertRow,
    s: &NamedSink,
    state: &crate::store::DeliveryState,
    outcome: Result<(), NotifyError>,
) -> Result<usize, StoreError> {
    let now = Utc::now();
    match outcome {
        Ok(()) => {
            if state.attempts > 0 {
                tracing::info!(
                    veille_alert_id = a.id,
                    veille_sink = %s.name,
                    "alert delivered after {} failed attempts",
                    state.attempts
                );
            }
            finish(store, a.id, &s.name, DeliveryEnd::Done("shown")).await?;
            Ok(1)
        }
        Err(e) => {
            let msg = e.to_string();
            let attempts = state.attempts + 1;
            let end = if attempts >= s.attempts {
                DeliveryEnd::GaveUp {
                    error: msg.clone(),
                    outcome: "failed",
                }
            } else {
                DeliveryEnd::Retry {
                    error: msg.clone(),
                    at: now + policy::backoff(attempts),
                }
            };
            let gave_up = matches!(end, DeliveryEnd::GaveUp { .. });
            let next = match &end {
                DeliveryEnd::Retry { at, .. } => at.format("%H:%M:%S UTC").to_string(),
                _ => String::new(),
            };
            finish(store, a.id, &s.name, end).await?;
            let (id, m) = (a.id, format!("{}: {msg}", s.name));
            with_store(store, move |st| st.mark_delivery_failed(id, &m)).await?;
            if gave_up {
                tracing::error!(
                    veille_alert_id = a.id,
                    veille_sink = %s.name,
                    "giving up on {} after {attempts} attempts: {msg}",
                    s.describe()
                );
            } else if attempts == 1 {
                tracing::warn!(
                    veille_alert_id = a.id,
                    veille_sink = %s.name,
                    "{} unavailable, alert kept and retried at {next}: {msg}",
                    s.describe()
                );
            } else {
                tracing::debug!(
                    veille_alert_id = a.id,
                    veille_sink = %s.name,
                    attempts,
                    "delivery retry failed: {msg}"
                );
            }
            Ok(0)
        }
    }
}

async fn claim(
    store: &SharedStore,
    id: i64,
    sink: &str,
) -> Result<Option<crate::store::DeliveryState>, StoreError> {
    let sink = sink.to_string();
    with_store(store, move |s| {
        s.claim_delivery(id, &sink, Utc::now(), LEASE)
    })
    .await
}

async fn finish(
    store: &SharedStore,
    id: i64,
    sink: &str,
    end: DeliveryEnd,
) -> Result<u32, StoreError> {
    let sink = sink.to_string();
    with_store(store, move |s| {
        s.finish_delivery(id, &sink, &end, Utc::now())
    })
    .await
}

/// Marks the alert delivered once the journal and every configured sink reached a final
/// state for it. Sinks no longer in the config do not hold it back.
async fn close_if_done(
    store: &SharedStore,
    id: i64,
    sinks: &[NamedSink],
) -> Result<(), StoreError> {
    let mut names: Vec<String> = sinks.iter().map(|s| s.name.clone()).collect();
    names.push("journal".into());
    with_store(store, move |s| {
        let rows = s.deliveries(id)?;
        let done = names
            .iter()
            .all(|n| rows.iter().any(|r| &r.sink == n && r.outcome.is_some()));
        if done {
            s.mark_delivered(id, Utc::now())?;
        }
        Ok(())
    })
    .await
}

/// The outcome of one sink in `veille notify-test`.
pub struct TestResult {
    pub name: String,
    pub what: String,
    pub result: Result<(), NotifyError>,
}

/// A made-up alert in the configured language, for `veille notify-test`.
pub fn sample_alert(lang: UiLang) -> AlertRow {
    let now = Utc::now();
    let title = match lang {
        UiLang::Fr => "Test de veille : ceci est une alerte d'essai <b>non</b> formatée",
        UiLang::En => "veille test: this is a sample alert, <b>not</b> formatted",
    };
    AlertRow {
        id: 0,
        brand: "veille".into(),
        detector: "tone_shift".into(),
        direction: "negative".into(),
        severity: "warning".into(),
        raised_at: now.to_rfc3339(),
        window_start: (now - chrono::Duration::hours(24)).to_rfc3339(),
        window_end: now.to_rfc3339(),
        stats: serde_json::json!({"observed_share": 0.71, "p0": 0.18, "test": true}),
        evidence: vec!["https://example.org/veille-test".into()],
        evidence_rows: vec![crate::store::Evidence {
            mention_id: None,
            title: title.into(),
            link: Some("https://example.org/veille-test".into()),
            feed: "https://example.org/feed.xml".into(),
            snippet: String::new(),
            score: -0.8,
        }],
        delivered: false,
    }
}

/// Sends the sample alert through every sink once (no retries, no policy), and says how
/// each went.
pub async fn notify_test(sinks: &[NamedSink], lang: UiLang) -> Vec<TestResult> {
    let a = sample_alert(lang);
    let r = render(&a, lang);
    let mut out = Vec::new();
    for s in sinks {
        out.push(TestResult {
            name: s.name.clone(),
            what: s.describe(),
            result: s.send(&a, &r).await,
        });
    }
    out
}

/// When `t` happened, for messages.
pub fn local_hhmm(t: DateTime<Utc>, tz: chrono_tz::Tz) -> String {
    t.with_timezone(&tz).format("%H:%M").to_string()
}
