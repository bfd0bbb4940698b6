//! Pipeline: the coordinator that runs the stages in order.
//!
//! For one feed: fetch -> parse -> normalize -> match -> score, producing a `FeedUpdate`
//! that the store applies in one transaction. For one cycle: every due feed (bounded
//! concurrency, one failing feed never stops the others), then detection for the brands
//! that received new mentions, then delivery of undelivered alerts. Only rows that are new
//! in the store go on to detection.

use crate::config::{Config, FeedConfig, FeedSource};
use crate::detect::{self, DetectConfig, Direction};
use crate::fetch::{FetchError, Fetched, Fetcher, Validators, error_chain};
use crate::matcher::Doc;
use crate::normalize::normalize;
use crate::notify;
use crate::parse::{ParseError, parse_with};
use crate::scheduler;
use crate::score::{Brands, Scorer};
use crate::store::{
    FeedState, FeedUpdate, NewItem, NewMention, Store, StoreError, WARNED_FAILING, WARNED_SILENT,
};
use crate::timeutil::format_duration;
use chrono::{DateTime, Utc};
use std::collections::{BTreeSet, HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use tokio_util::sync::CancellationToken;

/// How far back detection replays a brand's history.
pub const HISTORY_DAYS: i64 = 120;

/// Characters of context on each side of a mention in its snippet.
const SNIPPET_CONTEXT: usize = 110;

#[derive(Debug, thiserror::Error)]
pub enum FeedError {
    #[error(transparent)]
    Fetch(#[from] FetchError),
    #[error("{url}: {source}")]
    Parse {
        url: String,
        #[source]
        source: ParseError,
    },
    /// A bug (ours or a dependency's) panicked while this feed was processed. The
    /// feed is failed and backed off like any other; the daemon and the other feeds
    /// go on.
    #[error("{url}: internal error while processing this feed ({msg}); please report it")]
    Panicked { url: String, msg: String },
}

#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error("{0}")]
    Brands(#[from] crate::score::BrandsError),
    #[error("{0}")]
    Score(#[from] crate::score::ScoreError),
    #[error("{0}")]
    Fetch(#[from] FetchError),
    #[error("{0}")]
    Notify(#[from] notify::NotifyError),
}

/// Everything built once from a config: compiled matcher and one scorer per brand
/// (`Brands`, numbered as `config.brands`), HTTP client.
pub struct Engine {
    pub config: Arc<Config>,
    brands: Brands,
    fetcher: Fetcher,
    author_weights: HashMap<String, f64>,
    /// Where alerts go besides the journal (desktop, webhooks, commands).
    pub sinks: Vec<notify::NamedSink>,
}

/// What one cycle did.
#[derive(Debug, Default)]
pub struct CycleReport {
    pub feeds_ok: usize,
    pub feeds_not_modified: usize,
    pub feeds_failed: Vec<(String, String)>,
    pub new_items: usize,
    pub new_mentions: usize,
    pub new_alerts: Vec<i64>,
}

pub type SharedStore = Arc<Mutex<Store>>;

/// Runs a store operation off the async worker threads.
pub async fn with_store<T: Send + 'static>(
    store: &SharedStore,
    f: impl FnOnce(&mut Store) -> Result<T, StoreError> + Send + 'static,
) -> Result<T, StoreError> {
    let store = store.clone();
    tokio::task::spawn_blocking(move || {
        // A panic while holding the lock poisons it; the connection itself is still sound
        // (SQLite rolled the transaction back), so keep going.
        let mut guard = store.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut guard)
    })
    .await
    .expect("store task panicked")
}

impl Engine {
    pub fn new(config: Config) -> Result<Engine, EngineError> {
        let base = Scorer::new(&config.lexicon)?;
        let brands = config.compile_brands(&base)?;
        let fetcher = Fetcher::new(&config.daemon)?;
        let author_weights = config
            .authors
            .iter()
            .map(|a| (a.name.to_lowercase(), a.weight))
            .collect();
        let sinks = notify::sinks(&config)?;
        Ok(Engine {
            config: Arc::new(config),
            brands,
            fetcher,
            author_weights,
            sinks,
        })
    }

    /// An `[[authors]]` weight: by name, case-insensitively; a handle `@name@host` (what
    /// normalize derives from a Mastodon link) also answers to `@name`, which is how people
    /// write a handle in the config.
    fn author_weight(&self, author: &str) -> f64 {
        let a = author.to_lowercase();
        self.author_weights
            .get(&a)
            .or_else(|| {
                let (local, _host) = a.strip_prefix('@')?.split_once('@')?;
                self.author_weights.get(&format!("@{local}"))
            })
            .copied()
            .unwrap_or(0.0)
    }

    pub fn detect_config(&self) -> &DetectConfig {
        &self.config.alerts.detect
    }

    /// fetch -> parse -> normalize -> match -> score for one feed.
    pub async fn process_feed(
        &self,
        feed: &FeedConfig,
        validators: &Validators,
        now: DateTime<Utc>,
    ) -> Result<FeedUpdate, FeedError> {
        let interval = feed.interval.unwrap_or(self.config.daemon.interval);
        let fetch = self
            .fetcher
            .fetch_full(&feed.url, &feed.source, validators)
            .await?;
        let meta = fetch.meta;
        let body = match fetch.fetched {
            Fetched::NotModified => {
                return Ok(FeedUpdate {
                    url: feed.url.clone(),
                    fetched_at: now,
                    title: None,
                    validators: None,
                    items: Vec::new(),
                    next_check: scheduler::after_success_hinted(
                        now,
                        interval,
                        &feed.url,
                        meta.fresh_for,
                    ),
                    effective_url: meta.moved_to,
                });
            }
            Fetched::Body(b) => b,
        };
        let parsed = parse_with(
            &body.bytes,
            body.content_type.as_deref(),
            Some(&body.final_url),
        )
        .map_err(|source| FeedError::Parse {
            url: feed.url.clone(),
            source,
        })?;
        // The longer of the server's caching lifetime and the feed's own ttl.
        let hint = meta.fresh_for.max(parsed.ttl);
        let items = parsed
            .entries
            .iter()
            .map(|e| self.process_item(feed, normalize(e, now)))
            .collect();
        Ok(FeedUpdate {
            url: feed.url.clone(),
            fetched_at: now,
            title: parsed.title,
            validators: Some(body.validators),
            items,
            next_check: scheduler::after_success_hinted(now, interval, &feed.url, hint),
            effective_url: meta.moved_to,
        })
    }

    /// match -> score for one normalised item.
    pub fn process_item(&self, feed: &FeedConfig, item: crate::normalize::Item) -> NewItem {
        let doc = item.doc();
        let lang = crate::score::detect_lang(&doc).to_string();
        let hits = self.brands.matcher().find(&Doc {
            text: &doc,
            source: &feed.url,
            lang: &lang,
        });
        // One mention per (item, brand); the scorer looks at every occurrence.
        let mut by_brand: Vec<(usize, Vec<std::ops::Range<usize>>, String)> = Vec::new();
        for h in hits {
            match by_brand.iter_mut().find(|(b, _, _)| *b == h.brand) {
                Some((_, ranges, _)) => ranges.push(h.start..h.end),
                None => by_brand.push((h.brand, vec![h.start..h.end], h.term)),
            }
        }
        let author_w = item
            .author
            .as_deref()
            .map(|a| self.author_weight(a))
            .unwrap_or(0.0);
        let weight = feed.weight.max(author_w);
        // Each brand is scored on its own clauses where a sentence names two
        // ("Inwi nul, Orange top").
        let all: Vec<(usize, std::ops::Range<usize>)> = by_brand
            .iter()
            .flat_map(|(b, ranges, _)| ranges.iter().map(move |r| (*b, r.clone())))
            .collect();
        let mentions = by_brand
            .into_iter()
            .map(|(b, ranges, term)| {
                let others: Vec<std::ops::Range<usize>> = all
                    .iter()
                    .filter(|(o, _)| *o != b)
                    .map(|(_, r)| r.clone())
                    .collect();
                let t = self
                    .brands
                    .scorer(b)
                    .score_targeted_among(&doc, &ranges, &others);
                let first = ranges[0].clone();
                NewMention {
                    brand: self.config.brands[b].name.clone(),
                    start: first.start,
                    end: first.end,
                    term,
                    snippet: snippet(&doc, first),
                    label: t.target.label,
                    score: t.target.score,
                    whole_label: t.whole.label,
                    whole_score: t.whole.score,
                    lang: t.target.lang.clone(),
                    terms: serde_json::to_value(&t.target.terms).unwrap_or_default(),
                    weight,
                }
            })
            .collect();
        NewItem {
            fingerprint: detect::simhash(&doc),
            lang,
            item,
            mentions,
        }
    }
}

/// Up to `SNIPPET_CONTEXT` characters on each side of the mention, on one line.
pub fn snippet(doc: &str, at: std::ops::Range<usize>) -> String {
    let clamp = |mut i: usize| {
        i = i.min(doc.len());
        while !doc.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let (s, e) = (clamp(at.start), clamp(at.end.max(at.start)));
    let start = doc[..s]
        .char_indices()
        .rev()
        .nth(SNIPPET_CONTEXT - 1)
        .map(|(i, _)| i)
        .unwrap_or(0);
    let end = doc[e..]
        .char_indices()
        .nth(SNIPPET_CONTEXT)
        .map(|(i, _)| e + i)
        .unwrap_or(doc.len());
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    out.push_str(
        &doc[start..end]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
    );
    if end < doc.len() {
        out.push('…');
    }
    out
}

/// The politeness key of a feed: its host (every port of a host counts as that host);
/// local files share no limit with anything.
fn host_key(feed: &FeedConfig) -> String {
    match &feed.source {
        FeedSource::Http(u) => u.host_str().unwrap_or("").to_ascii_lowercase(),
        FeedSource::File(p) => format!("file:{}", p.display()),
    }
}

/// What polling one feed came to.
enum Outcome {
    Polled {
        applied: crate::store::Applied,
        not_modified: bool,
        moved_to: Option<String>,
        silent: Option<(std::time::Duration, std::time::Duration)>,
    },
    Failed {
        msg: String,
        failures: u32,
        next: Option<DateTime<Utc>>,
        gone: bool,
        failing_for: Option<chrono::Duration>,
    },
}

/// Polls one feed and records the result (items and state in one transaction).
async fn poll_one(
    engine: Arc<Engine>,
    store: SharedStore,
    mut feed: FeedConfig,
    state: Option<FeedState>,
) -> Result<Outcome, StoreError> {
    let validators = state
        .as_ref()
        .map(|s| s.validators.clone())
        .unwrap_or_default();
    // A feed that moved for good is polled at its new address; `feed.url` stays the key.
    if let Some(moved) = state.as_ref().and_then(|s| s.effective_url.as_deref())
        && let Ok(u) = reqwest::Url::parse(moved)
    {
        feed.source = FeedSource::Http(u);
    }
    let interval = feed.interval.unwrap_or(engine.config.daemon.interval);
    // In a task of its own, so that a panic on one hostile feed (a parser bug, say)
    // becomes that feed's failure instead of unwinding through the whole cycle.
    let result = {
        let (engine, feed, validators) = (engine.clone(), feed.clone(), validators.clone());
        tokio::spawn(async move { engine.process_feed(&feed, &validators, Utc::now()).await })
    }
    .await
    .unwrap_or_else(|e| {
        Err(FeedError::Panicked {
            url: feed.url.clone(),
            msg: crate::panic_message(e.try_into_panic().ok().as_deref()),
        })
    });
    match result {
        Ok(mut update) => {
            // Items older than the retention window would be pruned right away, then
            // fetched again as "new" on the next poll: never store them.
            if let Some(cutoff) = engine.config.storage.keep.and_then(|k| {
                chrono::Duration::from_std(k)
                    .ok()
                    .and_then(|k| update.fetched_at.checked_sub_signed(k))
            }) {
                update.items.retain(|i| i.item.published >= cutoff);
            }
            let not_modified = update.validators.is_none();
            let moved_to = update.effective_url.clone();
            let fetched_at = update.fetched_at;
            let url = feed.url.clone();
            let prior = state.clone();
            with_store(&store, move |s| {
                let applied = s.apply(&update)?;
                let silent = match prior {
                    Some(p) if applied.new_items == 0 && p.warned & WARNED_SILENT == 0 => {
                        silence(s, &url, &p, fetched_at, interval)?
                    }
                    _ => None,
                };
                Ok(Outcome::Polled {
                    applied,
                    not_modified,
                    moved_to,
                    silent,
                })
            })
            .await
        }
        Err(e) => {
            let msg = error_chain(&e);
            let failures = state.as_ref().map(|s| s.failures).unwrap_or(0) + 1;
            let at = Utc::now();
            let (status, retry_after) = match &e {
                FeedError::Fetch(FetchError::Status {
                    status,
                    retry_after,
                    ..
                }) => (Some(*status), *retry_after),
                _ => (None, None),
            };
            let gone = status == Some(410);
            let next = (!gone).then(|| {
                scheduler::after_failure_capped(
                    at,
                    interval,
                    failures,
                    &feed.url,
                    engine.config.daemon.max_backoff,
                    retry_after,
                )
            });
            let failing_for = state
                .as_ref()
                .filter(|s| s.warned & WARNED_FAILING == 0)
                .and_then(|s| s.failing_since)
                .map(|since| at - since)
                .filter(|d| d.to_std().is_ok_and(|d| d >= scheduler::FAILING_WARN_AFTER));
            let (u, m) = (feed.url.clone(), msg.clone());
            let warn = failing_for.is_some();
            let failures = with_store(&store, move |s| {
                let n = match next {
                    Some(next) => s.record_failure(&u, &m, at, next)?,
                    None => s.record_gone(&u, &m, at)?,
                };
                if warn {
                    s.mark_warned(&u, WARNED_FAILING)?;
                }
                Ok(n)
            })
            .await?;
            Ok(Outcome::Failed {
                msg,
                failures,
                next,
                gone,
                failing_for,
            })
        }
    }
}

/// If the feed has been without new items for longer than its rhythm allows, marks it
/// warned and returns (silent for, usual gap).
fn silence(
    s: &mut Store,
    url: &str,
    prior: &FeedState,
    now: DateTime<Utc>,
    interval: std::time::Duration,
) -> Result<Option<(std::time::Duration, std::time::Duration)>, StoreError> {
    let Some(silent_for) = prior.last_new_item.and_then(|t| (now - t).to_std().ok()) else {
        return Ok(None);
    };
    // Cheap test first: nothing is "silent" before a day has passed.
    if silent_for < std::time::Duration::from_secs(24 * 3600) {
        return Ok(None);
    }
    let Some(rhythm) = s.feed_rhythm(url)? else {
        return Ok(None);
    };
    if silent_for < scheduler::silence_threshold(rhythm, interval) {
        return Ok(None);
    }
    s.mark_warned(url, WARNED_SILENT)?;
    Ok(Some((silent_for, rhythm)))
}

/// Polls feeds (all of them, or only the due ones), stores what is new, runs detection for
/// the brands with new mentions and delivers pending alerts.
///
/// At most `[daemon] concurrency` feeds are fetched at once, and at most one per host:
/// feeds wait in one queue per host, and a host's next feed starts only when its previous
/// one is done. Only `concurrency` tasks exist at any time, whatever the number of feeds.
pub async fn cycle(
    engine: &Arc<Engine>,
    store: &SharedStore,
    only_due: bool,
    shutdown: &CancellationToken,
) -> Result<CycleReport, StoreError> {
    cycle_with_progress(engine, store, only_due, shutdown, None, &|| {}).await
}

/// Called with (feeds finished, feeds due) once before the first feed and after each one,
/// from the feed's own task (so a bar moves while other feeds still wait for a slot).
pub type FeedProgress = Arc<dyn Fn(usize, usize) + Send + Sync>;

/// `cycle`, reporting each finished feed to `progress` (for a progress bar), and calling
/// `alive` each time a feed is done and each time an alert's delivery round is done: the
/// daemon feeds the systemd watchdog from it, so a long cycle that is moving is not
/// mistaken for a frozen one.
pub async fn cycle_with_progress(
    engine: &Arc<Engine>,
    store: &SharedStore,
    only_due: bool,
    shutdown: &CancellationToken,
    progress: Option<FeedProgress>,
    alive: &(dyn Fn() + Sync),
) -> Result<CycleReport, StoreError> {
    let now = Utc::now();
    let states = with_store(store, |s| s.feed_states()).await?;
    let mut state_of: HashMap<String, _> = states.into_iter().map(|s| (s.url.clone(), s)).collect();
    let mut queues: HashMap<String, VecDeque<FeedConfig>> = HashMap::new();
    let mut ready: VecDeque<String> = VecDeque::new();
    for f in engine.config.feeds.iter().filter(|f| {
        !only_due
            || state_of
                .get(&f.url)
                .is_none_or(|s| !s.dead && scheduler::is_due(s.next_check, now))
    }) {
        let host = host_key(f);
        let q = queues.entry(host.clone()).or_default();
        if q.is_empty() {
            ready.push_back(host);
        }
        q.push_back(f.clone());
    }

    let mut report = CycleReport::default();
    let mut touched = BTreeSet::new();
    let limit = engine.config.daemon.concurrency.max(1);
    let mut tasks = tokio::task::JoinSet::new();
    let total: usize = queues.values().map(VecDeque::len).sum();
    let finished = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    if let Some(p) = &progress {
        p(0, total);
    }
    loop {
        while tasks.len() < limit && !shutdown.is_cancelled() {
            let Some(host) = ready.pop_front() else {
                break;
            };
            let Some(feed) = queues.get_mut(&host).and_then(VecDeque::pop_front) else {
                continue;
            };
            let state = state_of.remove(&feed.url);
            let (engine, store) = (engine.clone(), store.clone());
            let (progress, finished) = (progress.clone(), finished.clone());
            tasks.spawn(async move {
                // Ticks when the feed's task ends, whichever way it ends.
                let _tick = Tick(progress.map(|p| (p, finished, total)));
                let url = feed.url.clone();
                let outcome = poll_one(engine, store, feed, state).await;
                (host, url, outcome)
            });
        }
        let Some(joined) = tasks.join_next().await else {
            break;
        };
        let (host, url, outcome) = joined.expect("feed task panicked");
        alive();
        if queues.get(&host).is_some_and(|q| !q.is_empty()) {
            ready.push_back(host);
        }
        match outcome? {
            Outcome::Polled {
                applied,
                not_modified,
                moved_to,
                silent,
            } => {
                if not_modified {
                    report.feeds_not_modified += 1;
                }
                report.feeds_ok += 1;
                report.new_items += applied.new_items;
                report.new_mentions += applied.new_mentions.len();
                touched.extend(applied.new_mentions.into_iter().map(|(_, b)| b));
                if let Some(to) = moved_to {
                    tracing::info!(veille_feed = %url, "feed moved permanently to {to}; polling the new address from now on (the config URL stays its name)");
                }
                if let Some((silent_for, rhythm)) = silent {
                    tracing::warn!(
                        message_id = notify::FEED_FAILURE_MESSAGE_ID,
                        veille_feed = %url,
                        "feed silent: no new item for {} while it usually publishes every {}; is it still the right address?",
                        format_duration(silent_for),
                        format_duration(rhythm)
                    );
                }
                tracing::debug!(veille_feed = %url, new_items = applied.new_items, "feed polled");
            }
            Outcome::Failed {
                msg,
                failures,
                next,
                gone,
                failing_for,
            } => {
                if gone {
                    tracing::warn!(
                        message_id = notify::FEED_FAILURE_MESSAGE_ID,
                        veille_feed = %url,
                        "feed is gone (HTTP 410): marked dead, no longer polled by the daemon; remove it from the config (`veille once` retries it): {msg}"
                    );
                } else {
                    tracing::warn!(
                        message_id = notify::FEED_FAILURE_MESSAGE_ID,
                        veille_feed = %url,
                        veille_failures = failures,
                        "feed failed ({failures} in a row, next try {}): {msg}",
                        next.map(|n| n.format("%Y-%m-%d %H:%M UTC").to_string()).unwrap_or_default()
                    );
                }
                if let Some(d) = failing_for {
                    tracing::warn!(
                        message_id = notify::FEED_FAILURE_MESSAGE_ID,
                        veille_feed = %url,
                        veille_failures = failures,
                        "feed broken: failing for {} ({failures} failures in a row): {msg}",
                        format_duration(d.to_std().unwrap_or_default())
                    );
                }
                report.feeds_failed.push((url, msg));
            }
        }
    }

    report.new_alerts = detect_brands(engine, store, &touched, Utc::now()).await?;
    notify::deliver_pending(&engine.config, &engine.sinks, store, shutdown, alive).await?;
    Ok(report)
}

/// Reports one finished feed when dropped, however its task ends.
struct Tick(Option<(FeedProgress, Arc<std::sync::atomic::AtomicUsize>, usize)>);

impl Drop for Tick {
    fn drop(&mut self) {
        if let Some((p, n, total)) = &self.0 {
            p(
                n.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1,
                *total,
            );
        }
    }
}

/// Replays each touched brand's history through the detectors and stores new alerts.
pub async fn detect_brands(
    engine: &Arc<Engine>,
    store: &SharedStore,
    brands: &BTreeSet<String>,
    now: DateTime<Utc>,
) -> Result<Vec<i64>, StoreError> {
    let mut new_alerts = Vec::new();
    for brand in brands {
        let cfg = engine.detect_config().clone();
        let b = brand.clone();
        let ids = with_store(store, move |s| {
            let history = s.history(&b, now - chrono::Duration::days(HISTORY_DAYS))?;
            let mut ids = Vec::new();
            let mut drafts = detect::detect(&cfg, &history, now);
            // Within one batch (a backlog, or a cycle that saw a whole event) the most severe
            // reading of the event stands for it; across cycles the earliest warning does.
            drafts.sort_by_key(|d| (std::cmp::Reverse(d.severity), d.raised_at));
            for d in drafts {
                // One alert per event: a burst and a tone shift seen by two detectors are
                // the same bad news, so the earliest negative alert stands for both, and a
                // late item that moved a trigger does not raise the same shift again.
                // High-impact items are about one mention, and always get their own.
                let family: &[&str] = match d.direction {
                    Direction::Positive => &["positive"],
                    _ => &["negative", "volume"],
                };
                if d.detector != "high_impact"
                    && s.alert_since(&b, family, Some("high_impact"), d.raised_at - cfg.cooldown)?
                {
                    continue;
                }
                if let Some(id) = s.insert_alert(&b, &d, now)? {
                    ids.push(id);
                }
            }
            Ok(ids)
        })
        .await?;
        new_alerts.extend(ids);
    }
    Ok(new_alerts)
}

/// Logs and sends every alert not yet delivered, through the journal and every sink (see
/// `notify::deliver_pending`). A failure leaves the alert pending for that sink, retried
/// with backoff; the daemon keeps running.
pub async fn deliver_pending(
    engine: &Arc<Engine>,
    store: &SharedStore,
    shutdown: &CancellationToken,
) -> Result<usize, StoreError> {
    notify::deliver_pending(&engine.config, &engine.sinks, store, shutdown, &|| {}).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippet_is_bounded_and_on_char_boundaries() {
        let doc = format!("{}Inwi{}", "é".repeat(300), " ب".repeat(300));
        let at = doc.find("Inwi").unwrap();
        let s = snippet(&doc, at..at + 4);
        assert!(s.starts_with('…') && s.ends_with('…'));
        assert!(s.contains("Inwi"));
        assert!(s.chars().count() <= 2 * SNIPPET_CONTEXT + 10);
        assert_eq!(snippet("Inwi", 0..4), "Inwi");
        // Out-of-range offsets never panic.
        let _ = snippet("abc", 10..20);
    }
}
