//! Store: the SQLite file that holds feeds (with their fetch state), items, mentions and
//! alerts.
//!
//! One file in WAL mode, so read-only commands work while the daemon writes. The schema is
//! versioned with `PRAGMA user_version` and migrated forward on open. A feed's new state
//! and the items and mentions it produced are written in one transaction, so a crash can
//! neither skip items (state saved, items lost) nor store them twice (items saved, state
//! lost, items fetched again and deduplicated anyway). Only rows that are new come back to
//! the caller: they alone go on to detection.

use crate::detect::{AlertDraft, Obs};
use crate::fetch::Validators;
use crate::normalize::Item;
use crate::timeutil::{from_unix, to_unix};
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{path}: {source}")]
    Sqlite {
        path: String,
        #[source]
        source: rusqlite::Error,
    },
    #[error("{path}: cannot create the database folder: {source}")]
    Dir {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: no database yet (run `veille once` or `veille run` first)")]
    Missing { path: String },
    #[error(
        "{path}: another veille (pid {holder}) is already writing to this database; stop it first (read-only commands such as `veille mentions` work meanwhile)"
    )]
    Locked { path: String, holder: String },
    #[error("{path}: cannot lock the database: {source}")]
    Lock {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "{path}: database schema version {found} is newer than this veille understands ({known}); upgrade veille"
    )]
    TooNew {
        path: String,
        found: i64,
        known: i64,
    },
}

/// Schema migrations, applied in order; `user_version` records how many ran.
const MIGRATIONS: &[&str] = &[
    MIGRATION_0,
    MIGRATION_DURABILITY,
    MIGRATION_DELIVERY,
    MIGRATION_REPORT,
    MIGRATION_INGEST,
];

/// The walking skeleton's schema.
const MIGRATION_0: &str = r#"
CREATE TABLE feeds (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL UNIQUE,
    title TEXT,
    etag TEXT,
    last_modified TEXT,
    last_check INTEGER,
    last_success INTEGER,
    last_error TEXT,
    last_error_at INTEGER,
    failures INTEGER NOT NULL DEFAULT 0,
    next_check INTEGER,
    items_seen INTEGER NOT NULL DEFAULT 0,
    dead INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE items (
    id INTEGER PRIMARY KEY,
    feed_id INTEGER NOT NULL REFERENCES feeds(id),
    guid TEXT NOT NULL,
    link TEXT,
    title TEXT NOT NULL,
    text TEXT NOT NULL,
    author TEXT,
    lang TEXT NOT NULL,
    published INTEGER NOT NULL,
    fetched INTEGER NOT NULL,
    hash TEXT NOT NULL,
    fingerprint INTEGER NOT NULL,
    UNIQUE (feed_id, guid)
);
CREATE INDEX items_link ON items(link);
CREATE INDEX items_hash ON items(hash);
CREATE TABLE mentions (
    id INTEGER PRIMARY KEY,
    item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    brand TEXT NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    term TEXT NOT NULL,
    snippet TEXT NOT NULL,
    label INTEGER NOT NULL,
    score REAL NOT NULL,
    whole_label INTEGER NOT NULL,
    whole_score REAL NOT NULL,
    lang TEXT NOT NULL,
    terms TEXT NOT NULL,
    published INTEGER NOT NULL,
    weight REAL NOT NULL DEFAULT 1,
    UNIQUE (item_id, brand)
);
CREATE INDEX mentions_brand_time ON mentions(brand, published);
CREATE TABLE alerts (
    id INTEGER PRIMARY KEY,
    brand TEXT NOT NULL,
    key TEXT NOT NULL,
    detector TEXT NOT NULL,
    direction TEXT NOT NULL,
    severity TEXT NOT NULL,
    raised_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    window_start INTEGER NOT NULL,
    window_end INTEGER NOT NULL,
    stats TEXT NOT NULL,
    delivered_at INTEGER,
    delivery_attempts INTEGER NOT NULL DEFAULT 0,
    last_delivery_error TEXT,
    UNIQUE (brand, key)
);
-- Evidence is copied, not referenced: pruning old mentions must not empty old alerts.
CREATE TABLE alert_evidence (
    alert_id INTEGER NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
    rank INTEGER NOT NULL,
    mention_id INTEGER,
    title TEXT NOT NULL,
    link TEXT,
    feed TEXT NOT NULL,
    snippet TEXT NOT NULL,
    score REAL NOT NULL,
    PRIMARY KEY (alert_id, rank)
);
"#;

/// Retention prunes items by publication date, oldest first, in small batches: the index
/// keeps each batch a range scan instead of a walk over the whole table.
const MIGRATION_DURABILITY: &str = r#"
CREATE INDEX items_published ON items(published);
"#;

/// Per-sink delivery state (issue 7): one row per (alert, sink) so that a webhook that is
/// down does not make the desktop notification show twice, and each sink retries on its
/// own schedule. `outcome` is NULL while pending, else `shown`, `digest`, `suppressed`,
/// `failed` or `expired` (final). `next_attempt` doubles as a lease while a send is in
/// flight, so two veille processes on one database never send the same alert twice.
const MIGRATION_DELIVERY: &str = r#"
CREATE TABLE alert_deliveries (
    alert_id INTEGER NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
    sink TEXT NOT NULL,
    outcome TEXT,
    delivered_at INTEGER,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    next_attempt INTEGER,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (alert_id, sink)
);
CREATE INDEX alert_deliveries_sink ON alert_deliveries(sink, outcome, delivered_at);
"#;

/// Full-text index of item titles and texts for `veille mentions --search` (report branch).
///
/// It holds `search::fold` copies (see src/search.rs for why FTS5's tokenizer alone is not
/// enough for Arabic), written by `apply_in` next to each item and backfilled by
/// `backfill_fts` in the same transaction as this migration. rowid = items.id.
const MIGRATION_REPORT: &str = r#"
CREATE VIRTUAL TABLE items_fts USING fts5(title, text, tokenize = 'unicode61 remove_diacritics 2');
CREATE TRIGGER items_fts_delete AFTER DELETE ON items BEGIN
    DELETE FROM items_fts WHERE rowid = old.id;
END;
"#;

/// Ingestion health (issue 3). `feeds.url` stays the key the config knows the feed by;
/// `effective_url` is where a permanent redirect (301/308) took it, and is what gets
/// polled from then on. `dead_reason` says why a feed is dead (only 410 Gone kills one).
/// `failing_since` starts a failure streak, `last_new_item` is the last fetch that brought
/// new items, `warned` holds bits of the health warnings already logged (1: failing for a
/// day, 2: silent), so each is logged once per episode.
const MIGRATION_INGEST: &str = r#"
ALTER TABLE feeds ADD COLUMN effective_url TEXT;
ALTER TABLE feeds ADD COLUMN dead_reason TEXT;
ALTER TABLE feeds ADD COLUMN failing_since INTEGER;
ALTER TABLE feeds ADD COLUMN last_new_item INTEGER;
ALTER TABLE feeds ADD COLUMN warned INTEGER NOT NULL DEFAULT 0;
"#;

/// `FeedState::warned` bit: "failing for a day" was logged.
pub const WARNED_FAILING: u32 = 1;
/// `FeedState::warned` bit: "silent for longer than usual" was logged.
pub const WARNED_SILENT: u32 = 2;

/// A feed's scheduling and health state.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedState {
    pub id: i64,
    pub url: String,
    pub title: Option<String>,
    pub validators: Validators,
    pub last_check: Option<DateTime<Utc>>,
    pub last_success: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
    pub last_error_at: Option<DateTime<Utc>>,
    pub failures: u32,
    pub next_check: Option<DateTime<Utc>>,
    pub items_seen: i64,
    pub dead: bool,
    /// Where a permanent redirect took the feed (polled instead of `url`).
    pub effective_url: Option<String>,
    pub dead_reason: Option<String>,
    /// First failure of the current streak.
    pub failing_since: Option<DateTime<Utc>>,
    /// The last fetch that brought new items (else the first success).
    pub last_new_item: Option<DateTime<Utc>>,
    /// `WARNED_*` bits.
    pub warned: u32,
}

/// Everything one successful fetch of one feed produced.
#[derive(Debug, Clone)]
pub struct FeedUpdate {
    pub url: String,
    pub fetched_at: DateTime<Utc>,
    pub title: Option<String>,
    /// `None` on 304: keep the stored validators.
    pub validators: Option<Validators>,
    pub items: Vec<NewItem>,
    pub next_check: DateTime<Utc>,
    /// A permanent redirect's target: the address to poll from now on.
    pub effective_url: Option<String>,
}

#[derive(Debug, Clone)]
pub struct NewItem {
    pub item: Item,
    pub lang: String,
    pub fingerprint: u64,
    pub mentions: Vec<NewMention>,
}

#[derive(Debug, Clone)]
pub struct NewMention {
    pub brand: String,
    pub start: usize,
    pub end: usize,
    pub term: String,
    pub snippet: String,
    pub label: i8,
    pub score: f64,
    pub whole_label: i8,
    pub whole_score: f64,
    pub lang: String,
    pub terms: serde_json::Value,
    pub weight: f64,
}

/// What a transaction actually added.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Applied {
    pub new_items: usize,
    /// (mention id, brand) of every mention that is new.
    pub new_mentions: Vec<(i64, String)>,
}

/// A mention as the read commands show it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct MentionRow {
    pub id: i64,
    pub brand: String,
    pub title: String,
    pub link: Option<String>,
    pub published: String,
    pub feed: String,
    pub author: Option<String>,
    pub lang: String,
    pub label: i8,
    pub score: f64,
    pub snippet: String,
    pub terms: serde_json::Value,
    /// The feed's own title, when it gave one.
    pub feed_title: Option<String>,
    /// Weight of the source or author (see `[[authors]]`), 1 by default.
    pub weight: f64,
    /// With `--search`: the matches, marked `**like this**`, in the title when it holds
    /// one, else in an excerpt of the text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub highlight: Option<String>,
    /// The same matches as byte ranges, for terminal and HTML rendering (the excerpt only
    /// when the title did not match).
    #[serde(skip)]
    pub marks: Option<Marks>,
}

/// Where a search matched, in the original (not folded) text.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Marks {
    /// Matches in the title.
    pub title: Vec<std::ops::Range<usize>>,
    /// An excerpt of the text around its first match (empty when the text did not match),
    /// and the matches within that excerpt.
    pub excerpt: String,
    pub excerpt_marks: Vec<std::ops::Range<usize>>,
}

/// Order of `Store::mentions` results.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum MentionSort {
    /// Newest first.
    #[default]
    Time,
    /// Most negative first (lowest score), then newest.
    Tone,
}

#[derive(Debug, Clone, Default)]
pub struct MentionFilter {
    pub brand: Option<String>,
    pub since: Option<DateTime<Utc>>,
    pub until: Option<DateTime<Utc>>,
    pub tone: Option<i8>,
    pub lang: Option<String>,
    /// Full-text query (see `search::fts_query` for the syntax).
    pub search: Option<String>,
    pub limit: Option<usize>,
    /// Part of the feed's URL or title (case-insensitive).
    pub feed: Option<String>,
    /// Part of the author's name (case-insensitive).
    pub author: Option<String>,
    pub sort: MentionSort,
}

/// What `veille rescore` needs of one stored mention.
#[derive(Debug, Clone)]
pub struct RescoreInput {
    pub id: i64,
    pub brand: String,
    pub start: usize,
    pub end: usize,
    pub title: String,
    pub text: String,
    pub feed: String,
    pub label: i8,
    pub score: f64,
}

/// New tone of one mention after a re-score.
#[derive(Debug, Clone)]
pub struct ScoreUpdate {
    pub id: i64,
    pub label: i8,
    pub score: f64,
    pub whole_label: i8,
    pub whole_score: f64,
    pub lang: String,
    pub terms: serde_json::Value,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Evidence {
    pub mention_id: Option<i64>,
    pub title: String,
    pub link: Option<String>,
    pub feed: String,
    pub snippet: String,
    pub score: f64,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct AlertRow {
    pub id: i64,
    pub brand: String,
    pub detector: String,
    pub direction: String,
    pub severity: String,
    pub raised_at: String,
    pub window_start: String,
    pub window_end: String,
    pub stats: serde_json::Value,
    pub evidence: Vec<String>,
    #[serde(skip)]
    pub evidence_rows: Vec<Evidence>,
    pub delivered: bool,
}

/// A pending delivery as claimed by [`Store::claim_delivery`].
#[derive(Debug, Clone, PartialEq)]
pub struct DeliveryState {
    pub attempts: u32,
    pub last_error: Option<String>,
    pub first_seen: DateTime<Utc>,
    /// When the delivery was deferred to (quiet hours, digest), if it was.
    pub scheduled: Option<DateTime<Utc>>,
}

/// How a claimed delivery ended.
#[derive(Debug, Clone, PartialEq)]
pub enum DeliveryEnd {
    /// Final: `shown`, `digest` (sent inside a digest) or `suppressed` (rate limit).
    Done(&'static str),
    /// Not attempted; due again at this time (quiet hours, digest time).
    Deferred(DateTime<Utc>),
    /// Failed; retried at `at`.
    Retry { error: String, at: DateTime<Utc> },
    /// Failed for the last time (`failed`, or `expired` when too old to be worth showing).
    GaveUp {
        error: String,
        outcome: &'static str,
    },
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct DeliveryRow {
    pub sink: String,
    pub outcome: Option<String>,
    pub attempts: u32,
    pub last_error: Option<String>,
    pub delivered_at: Option<DateTime<Utc>>,
}

pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// Opens (creating if needed) the database and migrates it to the current schema.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| StoreError::Dir {
                path: dir.display().to_string(),
                source,
            })?;
        }
        let conn = Connection::open(path).map_err(|source| StoreError::Sqlite {
            path: path.display().to_string(),
            source,
        })?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
        };
        store.configure()?;
        store.migrate()?;
        Ok(store)
    }

    /// Opens an existing database for the read commands; never creates one.
    pub fn open_existing(path: &Path) -> Result<Store, StoreError> {
        if !path.exists() {
            return Err(StoreError::Missing {
                path: path.display().to_string(),
            });
        }
        Store::open(path)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn err(&self, source: rusqlite::Error) -> StoreError {
        StoreError::Sqlite {
            path: self.path.display().to_string(),
            source,
        }
    }

    fn configure(&self) -> Result<(), StoreError> {
        // WAL: readers never block the writer. synchronous=NORMAL is crash-safe in WAL
        // mode (a power cut may drop the last commits, which then are fetched again).
        self.conn
            .execute_batch(
                "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;",
            )
            .map_err(|e| self.err(e))
    }

    fn migrate(&mut self) -> Result<(), StoreError> {
        let version: i64 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| self.err(e))?;
        let known = MIGRATIONS.len() as i64;
        if version > known {
            return Err(StoreError::TooNew {
                path: self.path.display().to_string(),
                found: version,
                known,
            });
        }
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
            let tx = self.conn.transaction().map_err(|e| StoreError::Sqlite {
                path: self.path.display().to_string(),
                source: e,
            })?;
            tx.execute_batch(sql)
                .and_then(|_| match *sql == MIGRATION_REPORT {
                    true => backfill_fts(&tx),
                    false => Ok(()),
                })
                .and_then(|_| tx.pragma_update(None, "user_version", (i + 1) as i64))
                .and_then(|_| tx.commit())
                .map_err(|e| StoreError::Sqlite {
                    path: self.path.display().to_string(),
                    source: e,
                })?;
        }
        Ok(())
    }

    pub fn schema_version(&self) -> Result<i64, StoreError> {
        self.conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| self.err(e))
    }

    /// Makes sure every configured feed has a row (new feeds are due at once).
    pub fn sync_feeds(&mut self, urls: &[String]) -> Result<(), StoreError> {
        let tx = self.conn.transaction().map_err(|e| StoreError::Sqlite {
            path: self.path.display().to_string(),
            source: e,
        })?;
        for u in urls {
            tx.execute(
                "INSERT INTO feeds(url) VALUES (?1) ON CONFLICT(url) DO NOTHING",
                [u],
            )
            .map_err(|e| StoreError::Sqlite {
                path: self.path.display().to_string(),
                source: e,
            })?;
        }
        tx.commit().map_err(|e| self.err(e))
    }

    pub fn feed_states(&self) -> Result<Vec<FeedState>, StoreError> {
        let mut st = self
            .conn
            .prepare(
                "SELECT id, url, title, etag, last_modified, last_check, last_success, last_error, last_error_at, failures, next_check, items_seen, dead, effective_url, dead_reason, failing_since, last_new_item, warned FROM feeds ORDER BY url",
            )
            .map_err(|e| self.err(e))?;
        let rows = st
            .query_map([], |r| {
                Ok(FeedState {
                    id: r.get(0)?,
                    url: r.get(1)?,
                    title: r.get(2)?,
                    validators: Validators {
                        etag: r.get(3)?,
                        last_modified: r.get(4)?,
                    },
                    last_check: r.get::<_, Option<i64>>(5)?.map(from_unix),
                    last_success: r.get::<_, Option<i64>>(6)?.map(from_unix),
                    last_error: r.get(7)?,
                    last_error_at: r.get::<_, Option<i64>>(8)?.map(from_unix),
                    failures: r.get::<_, i64>(9)? as u32,
                    next_check: r.get::<_, Option<i64>>(10)?.map(from_unix),
                    items_seen: r.get(11)?,
                    dead: r.get::<_, i64>(12)? != 0,
                    effective_url: r.get(13)?,
                    dead_reason: r.get(14)?,
                    failing_since: r.get::<_, Option<i64>>(15)?.map(from_unix),
                    last_new_item: r.get::<_, Option<i64>>(16)?.map(from_unix),
                    warned: r.get::<_, i64>(17)? as u32,
                })
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.err(e))
    }

    pub fn feed_state(&self, url: &str) -> Result<Option<FeedState>, StoreError> {
        Ok(self.feed_states()?.into_iter().find(|f| f.url == url))
    }

    /// Records a failed fetch: the error, one more failure in a row, the next check.
    pub fn record_failure(
        &mut self,
        url: &str,
        error: &str,
        at: DateTime<Utc>,
        next_check: DateTime<Utc>,
    ) -> Result<u32, StoreError> {
        self.conn
            .execute(
                "INSERT INTO feeds(url, last_check, last_error, last_error_at, failures, next_check, failing_since) VALUES (?1, ?2, ?3, ?2, 1, ?4, ?2)
                 ON CONFLICT(url) DO UPDATE SET last_check = ?2, last_error = ?3, last_error_at = ?2, failures = failures + 1, next_check = ?4, failing_since = COALESCE(failing_since, ?2)",
                params![url, to_unix(at), error, to_unix(next_check)],
            )
            .map_err(|e| self.err(e))?;
        self.conn
            .query_row("SELECT failures FROM feeds WHERE url = ?1", [url], |r| {
                r.get::<_, i64>(0)
            })
            .optional()
            .map(|f| f.unwrap_or(0) as u32)
            .map_err(|e| self.err(e))
    }

    /// Records a 410 Gone: the feed is dead (not polled by the daemon any more) and says
    /// why. Its items stay. A later success (`veille once` polls dead feeds too) revives it.
    pub fn record_gone(
        &mut self,
        url: &str,
        error: &str,
        at: DateTime<Utc>,
    ) -> Result<u32, StoreError> {
        self.record_failure(url, error, at, at)?;
        self.conn
            .execute(
                "UPDATE feeds SET dead = 1, dead_reason = ?2, next_check = NULL WHERE url = ?1",
                params![url, error],
            )
            .map_err(|e| self.err(e))?;
        Ok(self.feed_state(url)?.map(|f| f.failures).unwrap_or(1))
    }

    /// Moves a feed's health clock back (start of its failure streak, last new items), to
    /// simulate elapsed time: tests use it, as the health checks run on real time.
    pub fn backdate_feed(
        &mut self,
        url: &str,
        failing_since: Option<DateTime<Utc>>,
        last_new_item: Option<DateTime<Utc>>,
    ) -> Result<(), StoreError> {
        self.conn
            .execute(
                "UPDATE feeds SET failing_since = COALESCE(?2, failing_since), last_new_item = COALESCE(?3, last_new_item) WHERE url = ?1",
                params![url, failing_since.map(to_unix), last_new_item.map(to_unix)],
            )
            .map(|_| ())
            .map_err(|e| self.err(e))
    }

    /// Sets `WARNED_*` bits on a feed.
    pub fn mark_warned(&mut self, url: &str, bits: u32) -> Result<(), StoreError> {
        self.conn
            .execute(
                "UPDATE feeds SET warned = warned | ?2 WHERE url = ?1",
                params![url, i64::from(bits)],
            )
            .map(|_| ())
            .map_err(|e| self.err(e))
    }

    /// The feed's usual rhythm: the median gap between the publication times of its last
    /// 21 items (`None` with fewer than 6 items: too little to judge).
    pub fn feed_rhythm(&self, url: &str) -> Result<Option<std::time::Duration>, StoreError> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT i.published FROM items i JOIN feeds f ON f.id = i.feed_id WHERE f.url = ?1 ORDER BY i.published DESC LIMIT 21",
            )
            .map_err(|e| self.err(e))?;
        let times: Vec<i64> = st
            .query_map([url], |r| r.get(0))
            .map_err(|e| self.err(e))?
            .collect::<Result<_, _>>()
            .map_err(|e| self.err(e))?;
        if times.len() < 6 {
            return Ok(None);
        }
        let mut gaps: Vec<i64> = times.windows(2).map(|w| (w[0] - w[1]).max(0)).collect();
        gaps.sort_unstable();
        Ok(Some(std::time::Duration::from_secs(
            gaps[gaps.len() / 2] as u64,
        )))
    }

    /// Writes a feed's new state, its new items and their mentions in one transaction.
    pub fn apply(&mut self, u: &FeedUpdate) -> Result<Applied, StoreError> {
        let path = self.path.display().to_string();
        let wrap = |source| StoreError::Sqlite {
            path: path.clone(),
            source,
        };
        let tx = self.conn.transaction().map_err(wrap)?;
        let applied = apply_in(&tx, u).map_err(wrap)?;
        tx.commit().map_err(wrap)?;
        Ok(applied)
    }

    /// The scored mentions of one brand since `since`, as the detectors see them.
    pub fn history(&self, brand: &str, since: DateTime<Utc>) -> Result<Vec<Obs>, StoreError> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT m.id, m.published, m.label, m.score, i.fingerprint, m.weight FROM mentions m JOIN items i ON i.id = m.item_id WHERE m.brand = ?1 AND m.published >= ?2 ORDER BY m.published, m.id",
            )
            .map_err(|e| self.err(e))?;
        let rows = st
            .query_map(params![brand, to_unix(since)], |r| {
                Ok(Obs {
                    id: r.get(0)?,
                    t: from_unix(r.get(1)?),
                    label: r.get::<_, i64>(2)? as i8,
                    score: r.get(3)?,
                    fingerprint: r.get::<_, i64>(4)? as u64,
                    weight: r.get(5)?,
                })
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.err(e))
    }

    /// True if an alert of this brand, in one of `directions` and not from the `except`
    /// detector, was raised at or after `since`.
    pub fn alert_since(
        &self,
        brand: &str,
        directions: &[&str],
        except: Option<&str>,
        since: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let dirs = serde_json::to_string(directions).unwrap_or_default();
        self.conn
            .query_row(
                "SELECT EXISTS(SELECT 1 FROM alerts WHERE brand = ?1 AND direction IN (SELECT value FROM json_each(?2))
                 AND (?3 IS NULL OR detector <> ?3) AND raised_at >= ?4)",
                params![brand, dirs, except, to_unix(since)],
                |r| r.get(0),
            )
            .map_err(|e| self.err(e))
    }

    /// Stores an alert and its evidence in one transaction. Returns `None` when an alert
    /// with the same key exists already (a replay after restart).
    pub fn insert_alert(
        &mut self,
        brand: &str,
        d: &AlertDraft,
        now: DateTime<Utc>,
    ) -> Result<Option<i64>, StoreError> {
        let path = self.path.display().to_string();
        let wrap = |source| StoreError::Sqlite {
            path: path.clone(),
            source,
        };
        let tx = self.conn.transaction().map_err(wrap)?;
        let n = tx
            .execute(
                "INSERT INTO alerts(brand, key, detector, direction, severity, raised_at, created_at, window_start, window_end, stats) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) ON CONFLICT(brand, key) DO NOTHING",
                params![
                    brand,
                    d.key,
                    d.detector,
                    d.direction.as_str(),
                    d.severity.as_str(),
                    to_unix(d.raised_at),
                    to_unix(now),
                    to_unix(d.window_start),
                    to_unix(d.window_end),
                    d.stats.to_string()
                ],
            )
            .map_err(wrap)?;
        if n == 0 {
            return Ok(None);
        }
        let id = tx.last_insert_rowid();
        // A post without a title (Mastodon's feeds have none) is shown by its snippet, so
        // every place an alert is read (notification, webhook, report, `veille alerts`)
        // has something to show for it.
        for (rank, mid) in d.evidence.iter().enumerate() {
            tx.execute(
                "INSERT INTO alert_evidence(alert_id, rank, mention_id, title, link, feed, snippet, score)
                 SELECT ?1, ?2, m.id, CASE WHEN trim(i.title) = '' THEN m.snippet ELSE i.title END, i.link, f.url, m.snippet, m.score FROM mentions m JOIN items i ON i.id = m.item_id JOIN feeds f ON f.id = i.feed_id WHERE m.id = ?3",
                params![id, rank as i64, mid],
            )
            .map_err(wrap)?;
        }
        tx.commit().map_err(wrap)?;
        Ok(Some(id))
    }

    pub fn mark_delivered(&self, id: i64, at: DateTime<Utc>) -> Result<(), StoreError> {
        self.conn
            .execute(
                "UPDATE alerts SET delivered_at = ?2, delivery_attempts = delivery_attempts + 1, last_delivery_error = NULL WHERE id = ?1",
                params![id, to_unix(at)],
            )
            .map(|_| ())
            .map_err(|e| self.err(e))
    }

    pub fn mark_delivery_failed(&self, id: i64, error: &str) -> Result<u32, StoreError> {
        self.conn
            .execute(
                "UPDATE alerts SET delivery_attempts = delivery_attempts + 1, last_delivery_error = ?2 WHERE id = ?1",
                params![id, error],
            )
            .map_err(|e| self.err(e))?;
        self.conn
            .query_row(
                "SELECT delivery_attempts FROM alerts WHERE id = ?1",
                [id],
                |r| r.get::<_, i64>(0),
            )
            .map(|n| n as u32)
            .map_err(|e| self.err(e))
    }

    pub fn delivery_attempts(&self, id: i64) -> Result<u32, StoreError> {
        self.conn
            .query_row(
                "SELECT delivery_attempts FROM alerts WHERE id = ?1",
                [id],
                |r| r.get::<_, i64>(0),
            )
            .map(|n| n as u32)
            .map_err(|e| self.err(e))
    }

    /// Claims the delivery of `alert_id` to `sink` if it is due at `now`: the row is created
    /// on first sight, and its `next_attempt` is pushed to `now + lease` so no other process
    /// sends it meanwhile. Returns the delivery state as it was before the claim, or `None`
    /// when the delivery is final or not due.
    pub fn claim_delivery(
        &mut self,
        alert_id: i64,
        sink: &str,
        now: DateTime<Utc>,
        lease: chrono::Duration,
    ) -> Result<Option<DeliveryState>, StoreError> {
        let wrap = |e| StoreError::Sqlite {
            path: self.path.display().to_string(),
            source: e,
        };
        let tx = self.conn.transaction().map_err(wrap)?;
        let claimed = (|| {
            tx.execute(
                "INSERT OR IGNORE INTO alert_deliveries(alert_id, sink, created_at) VALUES (?1, ?2, ?3)",
                params![alert_id, sink, to_unix(now)],
            )?;
            let row = tx
                .query_row(
                    "SELECT attempts, last_error, created_at, next_attempt FROM alert_deliveries
                     WHERE alert_id = ?1 AND sink = ?2 AND outcome IS NULL
                       AND (next_attempt IS NULL OR next_attempt <= ?3)",
                    params![alert_id, sink, to_unix(now)],
                    |r| {
                        Ok(DeliveryState {
                            attempts: r.get::<_, i64>(0)? as u32,
                            last_error: r.get(1)?,
                            first_seen: from_unix(r.get(2)?),
                            scheduled: r.get::<_, Option<i64>>(3)?.map(from_unix),
                        })
                    },
                )
                .optional()?;
            if row.is_some() {
                tx.execute(
                    "UPDATE alert_deliveries SET next_attempt = ?3 WHERE alert_id = ?1 AND sink = ?2",
                    params![alert_id, sink, to_unix(now + lease)],
                )?;
            }
            Ok(row)
        })();
        let row = claimed.map_err(wrap)?;
        tx.commit().map_err(wrap)?;
        Ok(row)
    }

    /// Records how a claimed delivery ended.
    pub fn finish_delivery(
        &self,
        alert_id: i64,
        sink: &str,
        end: &DeliveryEnd,
        now: DateTime<Utc>,
    ) -> Result<u32, StoreError> {
        let (sql, err, at): (&str, Option<&str>, Option<i64>) = match end {
            DeliveryEnd::Done(outcome) => {
                let sql = match *outcome {
                    "shown" | "digest" => {
                        "UPDATE alert_deliveries SET outcome = ?3, delivered_at = ?4, attempts = attempts + 1, last_error = NULL, next_attempt = NULL WHERE alert_id = ?1 AND sink = ?2"
                    }
                    _ => {
                        "UPDATE alert_deliveries SET outcome = ?3, delivered_at = ?4, next_attempt = NULL WHERE alert_id = ?1 AND sink = ?2"
                    }
                };
                self.conn
                    .execute(sql, params![alert_id, sink, outcome, to_unix(now)])
                    .map_err(|e| self.err(e))?;
                return self.delivery_row_attempts(alert_id, sink);
            }
            DeliveryEnd::Deferred(until) => (
                "UPDATE alert_deliveries SET next_attempt = ?4 WHERE alert_id = ?1 AND sink = ?2",
                None,
                Some(to_unix(*until)),
            ),
            DeliveryEnd::Retry { error, at } => (
                "UPDATE alert_deliveries SET attempts = attempts + 1, last_error = ?3, next_attempt = ?4 WHERE alert_id = ?1 AND sink = ?2",
                Some(error.as_str()),
                Some(to_unix(*at)),
            ),
            DeliveryEnd::GaveUp { error, outcome } => {
                self.conn
                    .execute(
                        "UPDATE alert_deliveries SET attempts = attempts + 1, last_error = ?3, outcome = ?4, next_attempt = NULL WHERE alert_id = ?1 AND sink = ?2",
                        params![alert_id, sink, error, outcome],
                    )
                    .map_err(|e| self.err(e))?;
                return self.delivery_row_attempts(alert_id, sink);
            }
        };
        self.conn
            .execute(sql, params![alert_id, sink, err, at])
            .map_err(|e| self.err(e))?;
        self.delivery_row_attempts(alert_id, sink)
    }

    fn delivery_row_attempts(&self, alert_id: i64, sink: &str) -> Result<u32, StoreError> {
        self.conn
            .query_row(
                "SELECT attempts FROM alert_deliveries WHERE alert_id = ?1 AND sink = ?2",
                params![alert_id, sink],
                |r| r.get::<_, i64>(0),
            )
            .map(|n| n as u32)
            .map_err(|e| self.err(e))
    }

    /// Every (sink, outcome, attempts, last_error) recorded for an alert.
    pub fn deliveries(&self, alert_id: i64) -> Result<Vec<DeliveryRow>, StoreError> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT sink, outcome, attempts, last_error, delivered_at FROM alert_deliveries WHERE alert_id = ?1 ORDER BY sink",
            )
            .map_err(|e| self.err(e))?;
        st.query_map([alert_id], |r| {
            Ok(DeliveryRow {
                sink: r.get(0)?,
                outcome: r.get(1)?,
                attempts: r.get::<_, i64>(2)? as u32,
                last_error: r.get(3)?,
                delivered_at: r.get::<_, Option<i64>>(4)?.map(from_unix),
            })
        })
        .map_err(|e| self.err(e))?
        .collect::<Result<_, _>>()
        .map_err(|e| self.err(e))
    }

    /// How many alerts of `brand` `sink` actually showed since `since` (the rate limit).
    pub fn shown_since(
        &self,
        sink: &str,
        brand: &str,
        since: DateTime<Utc>,
    ) -> Result<u32, StoreError> {
        self.conn
            .query_row(
                "SELECT COUNT(*) FROM alert_deliveries d JOIN alerts a ON a.id = d.alert_id
                 WHERE d.sink = ?1 AND a.brand = ?2 AND d.outcome = 'shown' AND d.delivered_at >= ?3",
                params![sink, brand, to_unix(since)],
                |r| r.get::<_, i64>(0),
            )
            .map(|n| n as u32)
            .map_err(|e| self.err(e))
    }

    /// Alerts stored since `since` (for the service status line).
    pub fn alerts_created_since(&self, since: DateTime<Utc>) -> Result<u32, StoreError> {
        self.conn
            .query_row(
                "SELECT COUNT(*) FROM alerts WHERE created_at >= ?1",
                [to_unix(since)],
                |r| r.get::<_, i64>(0),
            )
            .map(|n| n as u32)
            .map_err(|e| self.err(e))
    }

    pub fn undelivered_alerts(&self) -> Result<Vec<AlertRow>, StoreError> {
        self.alerts_where("a.delivered_at IS NULL", None)
    }

    pub fn alerts(&self, brand: Option<&str>) -> Result<Vec<AlertRow>, StoreError> {
        self.alerts_where("1", brand)
    }

    fn alerts_where(&self, cond: &str, brand: Option<&str>) -> Result<Vec<AlertRow>, StoreError> {
        let sql = format!(
            "SELECT a.id, a.brand, a.detector, a.direction, a.severity, a.raised_at, a.window_start, a.window_end, a.stats, a.delivered_at FROM alerts a WHERE {cond} AND (?1 IS NULL OR a.brand = ?1 COLLATE NOCASE) ORDER BY a.raised_at DESC, a.id DESC"
        );
        let mut st = self.conn.prepare(&sql).map_err(|e| self.err(e))?;
        let mut rows: Vec<AlertRow> = st
            .query_map([brand], |r| {
                Ok(AlertRow {
                    id: r.get(0)?,
                    brand: r.get(1)?,
                    detector: r.get(2)?,
                    direction: r.get(3)?,
                    severity: r.get(4)?,
                    raised_at: rfc3339(r.get(5)?),
                    window_start: rfc3339(r.get(6)?),
                    window_end: rfc3339(r.get(7)?),
                    stats: serde_json::from_str(&r.get::<_, String>(8)?)
                        .unwrap_or(serde_json::Value::Null),
                    evidence: Vec::new(),
                    evidence_rows: Vec::new(),
                    delivered: r.get::<_, Option<i64>>(9)?.is_some(),
                })
            })
            .map_err(|e| self.err(e))?
            .collect::<Result<_, _>>()
            .map_err(|e| self.err(e))?;
        let mut ev = self
            .conn
            .prepare_cached("SELECT mention_id, title, link, feed, snippet, score FROM alert_evidence WHERE alert_id = ?1 ORDER BY rank")
            .map_err(|e| self.err(e))?;
        for a in &mut rows {
            a.evidence_rows = ev
                .query_map([a.id], |r| {
                    Ok(Evidence {
                        mention_id: r.get(0)?,
                        title: r.get(1)?,
                        link: r.get(2)?,
                        feed: r.get(3)?,
                        snippet: r.get(4)?,
                        score: r.get(5)?,
                    })
                })
                .map_err(|e| self.err(e))?
                .collect::<Result<_, _>>()
                .map_err(|e| self.err(e))?;
            a.evidence = a
                .evidence_rows
                .iter()
                .filter_map(|e| e.link.clone())
                .collect();
        }
        Ok(rows)
    }

    /// Opens an existing database for reading only, so a read command never takes the
    /// write lock the daemon needs (WAL: readers and the writer do not block each other).
    /// A database from an older veille is first migrated through a normal open.
    pub fn open_read_only(path: &Path) -> Result<Store, StoreError> {
        use rusqlite::OpenFlags;
        if !path.exists() {
            return Err(StoreError::Missing {
                path: path.display().to_string(),
            });
        }
        let err = |source| StoreError::Sqlite {
            path: path.display().to_string(),
            source,
        };
        let ro = || -> Result<Store, StoreError> {
            let conn = Connection::open_with_flags(
                path,
                OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )
            .map_err(err)?;
            conn.execute_batch("PRAGMA busy_timeout = 5000; PRAGMA query_only = ON;")
                .map_err(err)?;
            Ok(Store {
                conn,
                path: path.to_path_buf(),
            })
        };
        let store = ro()?;
        let version = store.schema_version()?;
        let known = MIGRATIONS.len() as i64;
        if version > known {
            return Err(StoreError::TooNew {
                path: path.display().to_string(),
                found: version,
                known,
            });
        }
        if version < known {
            drop(store);
            drop(Store::open(path)?);
            return ro();
        }
        Ok(store)
    }

    /// Stored mentions matching `f`, newest (or most negative) first.
    pub fn mentions(&self, f: &MentionFilter) -> Result<Vec<MentionRow>, StoreError> {
        let query = match f.search.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(s) => match crate::search::fts_query(s) {
                Some(q) => Some(q),
                // Only punctuation: nothing can match.
                None => return Ok(Vec::new()),
            },
        };
        let (hl, fts_join, fts_cond) = if query.is_some() {
            (
                "highlight(items_fts, 0, char(1), char(2)), highlight(items_fts, 1, char(1), char(2)), i.text",
                "JOIN items_fts ON items_fts.rowid = i.id",
                "AND items_fts MATCH ?9",
            )
        } else {
            ("NULL, NULL, NULL", "", "AND ?9 IS NULL")
        };
        let order = match f.sort {
            MentionSort::Time => "m.published DESC, m.id DESC",
            MentionSort::Tone => "m.score ASC, m.published DESC, m.id DESC",
        };
        let sql = format!(
            "SELECT m.id, m.brand, i.title, i.link, m.published, f.url, i.author, m.lang, m.label, m.score, m.snippet, m.terms, f.title, m.weight, {hl}
             FROM mentions m JOIN items i ON i.id = m.item_id JOIN feeds f ON f.id = i.feed_id {fts_join}
             WHERE (?1 IS NULL OR m.brand = ?1 COLLATE NOCASE)
               AND (?2 IS NULL OR m.published >= ?2)
               AND (?3 IS NULL OR m.published <= ?3)
               AND (?4 IS NULL OR m.label = ?4)
               AND (?5 IS NULL OR m.lang = ?5)
               AND (?6 IS NULL OR instr(lower(f.url), lower(?6)) > 0 OR instr(lower(COALESCE(f.title, '')), lower(?6)) > 0)
               AND (?7 IS NULL OR instr(lower(COALESCE(i.author, '')), lower(?7)) > 0)
               {fts_cond}
             ORDER BY {order}
             LIMIT ?8"
        );
        let mut st = self.conn.prepare(&sql).map_err(|e| self.err(e))?;
        let limit = f.limit.map(|l| l as i64).unwrap_or(-1);
        let rows = st
            .query_map(
                params![
                    f.brand,
                    f.since.map(to_unix),
                    f.until.map(to_unix),
                    f.tone.map(i64::from),
                    f.lang,
                    f.feed,
                    f.author,
                    limit,
                    query
                ],
                |r| {
                    let title: String = r.get(2)?;
                    let hl_title: Option<String> = r.get(14)?;
                    let hl_text: Option<String> = r.get(15)?;
                    let text: Option<String> = r.get(16)?;
                    let marks = match (hl_title, hl_text, text) {
                        (Some(ht), Some(hx), Some(text)) => {
                            Some(search_marks(&title, &ht, &text, &hx))
                        }
                        _ => None,
                    };
                    let highlight = marks.as_ref().map(|m| {
                        if !m.title.is_empty() || m.excerpt.is_empty() {
                            crate::search::wrap(&title, &m.title, "**", "**")
                        } else {
                            crate::search::wrap(&m.excerpt, &m.excerpt_marks, "**", "**")
                        }
                    });
                    Ok(MentionRow {
                        id: r.get(0)?,
                        brand: r.get(1)?,
                        title,
                        link: r.get(3)?,
                        published: rfc3339(r.get(4)?),
                        feed: r.get(5)?,
                        author: r.get(6)?,
                        lang: r.get(7)?,
                        label: r.get::<_, i64>(8)? as i8,
                        score: r.get(9)?,
                        snippet: r.get(10)?,
                        terms: serde_json::from_str(&r.get::<_, String>(11)?)
                            .unwrap_or(serde_json::Value::Null),
                        feed_title: r.get(12)?,
                        weight: r.get(13)?,
                        highlight,
                        marks,
                    })
                },
            )
            .map_err(|e| self.err(e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.err(e))
    }

    /// Ids of the stored mentions (of one brand, or all), oldest first.
    pub fn mention_ids(&self, brand: Option<&str>) -> Result<Vec<i64>, StoreError> {
        let mut st = self
            .conn
            .prepare(
                "SELECT id FROM mentions WHERE ?1 IS NULL OR brand = ?1 COLLATE NOCASE ORDER BY id",
            )
            .map_err(|e| self.err(e))?;
        let rows = st
            .query_map([brand], |r| r.get(0))
            .map_err(|e| self.err(e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.err(e))
    }

    /// The stored text and offsets of these mentions, for a re-score.
    pub fn rescore_inputs(&self, ids: &[i64]) -> Result<Vec<RescoreInput>, StoreError> {
        let list = serde_json::to_string(ids).unwrap_or_else(|_| "[]".into());
        let mut st = self
            .conn
            .prepare(
                "SELECT m.id, m.brand, m.start, m.end, i.title, i.text, f.url, m.label, m.score
                 FROM mentions m JOIN items i ON i.id = m.item_id JOIN feeds f ON f.id = i.feed_id
                 WHERE m.id IN (SELECT value FROM json_each(?1)) ORDER BY m.id",
            )
            .map_err(|e| self.err(e))?;
        let rows = st
            .query_map([list], |r| {
                Ok(RescoreInput {
                    id: r.get(0)?,
                    brand: r.get(1)?,
                    start: r.get::<_, i64>(2)?.max(0) as usize,
                    end: r.get::<_, i64>(3)?.max(0) as usize,
                    title: r.get(4)?,
                    text: r.get(5)?,
                    feed: r.get(6)?,
                    label: r.get::<_, i64>(7)? as i8,
                    score: r.get(8)?,
                })
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.err(e))
    }

    /// Writes new tones for a batch of mentions in one transaction.
    pub fn update_scores(&mut self, updates: &[ScoreUpdate]) -> Result<usize, StoreError> {
        let path = self.path.display().to_string();
        let wrap = |source| StoreError::Sqlite {
            path: path.clone(),
            source,
        };
        let tx = self.conn.transaction().map_err(wrap)?;
        let mut n = 0;
        {
            let mut st = tx
                .prepare_cached(
                    "UPDATE mentions SET label = ?2, score = ?3, whole_label = ?4, whole_score = ?5, lang = ?6, terms = ?7 WHERE id = ?1",
                )
                .map_err(wrap)?;
            for u in updates {
                n += st
                    .execute(params![
                        u.id,
                        i64::from(u.label),
                        u.score,
                        i64::from(u.whole_label),
                        u.whole_score,
                        u.lang,
                        u.terms.to_string()
                    ])
                    .map_err(wrap)?;
            }
        }
        tx.commit().map_err(wrap)?;
        Ok(n)
    }

    /// Row counts, for reports and tests.
    pub fn counts(&self) -> Result<(i64, i64, i64), StoreError> {
        let q = |sql: &str| {
            self.conn
                .query_row(sql, [], |r| r.get::<_, i64>(0))
                .map_err(|e| self.err(e))
        };
        Ok((
            q("SELECT COUNT(*) FROM items")?,
            q("SELECT COUNT(*) FROM mentions")?,
            q("SELECT COUNT(*) FROM alerts")?,
        ))
    }
}

/// Why writing to the database fails, when the cause is the disk or the file rather than
/// veille: the daemon pauses ingestion on these and retries, since they heal by themselves
/// (space freed, file system remounted read-write) without a restart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteBlocked {
    DiskFull,
    ReadOnly,
    Io,
    CannotOpen,
    Busy,
}

impl WriteBlocked {
    pub fn describe(self) -> &'static str {
        match self {
            WriteBlocked::DiskFull => "the disk is full",
            WriteBlocked::ReadOnly => "the database is read-only",
            WriteBlocked::Io => "the disk reports an I/O error",
            WriteBlocked::CannotOpen => {
                "the database file cannot be opened (read-only file system, or no permission)"
            }
            WriteBlocked::Busy => "the database is locked by another process",
        }
    }
}

impl StoreError {
    /// The disk-level cause of this error, if it is one.
    pub fn write_blocked(&self) -> Option<WriteBlocked> {
        use rusqlite::ErrorCode as C;
        let StoreError::Sqlite {
            source: rusqlite::Error::SqliteFailure(e, _),
            ..
        } = self
        else {
            return None;
        };
        match e.code {
            C::DiskFull => Some(WriteBlocked::DiskFull),
            C::ReadOnly => Some(WriteBlocked::ReadOnly),
            C::SystemIoFailure => Some(WriteBlocked::Io),
            C::CannotOpen => Some(WriteBlocked::CannotOpen),
            C::DatabaseBusy | C::DatabaseLocked => Some(WriteBlocked::Busy),
            _ => None,
        }
    }
}

/// The lock file that says "a veille is writing to this database": `veille.db.lock` beside
/// the database.
pub fn lock_path(db: &Path) -> PathBuf {
    let mut name = db.file_name().unwrap_or_default().to_os_string();
    name.push(".lock");
    db.with_file_name(name)
}

/// An exclusive `flock` on the lock file, held by `veille run` for its whole life and by
/// `veille once` / `veille vacuum` while they work. SQLite itself would let two daemons
/// interleave their writes (each transaction is safe), but two daemons poll every feed
/// twice and race on detection, so the second one refuses to start. The kernel releases a
/// `flock` when the process dies, even by SIGKILL, so a crash never leaves a stale lock;
/// the file itself stays (removing it would race with a starting process). Read-only
/// commands do not take it.
#[derive(Debug)]
pub struct WriterLock {
    _file: std::fs::File,
    path: PathBuf,
}

impl WriterLock {
    pub fn acquire(db: &Path) -> Result<WriterLock, StoreError> {
        use std::io::{Read, Seek, Write};
        use std::os::fd::AsRawFd;
        let path = lock_path(db);
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| StoreError::Dir {
                path: dir.display().to_string(),
                source,
            })?;
        }
        let lock_err = |source| StoreError::Lock {
            path: path.display().to_string(),
            source,
        };
        let opened = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path);
        // On a read-only file system the lock file of an earlier run can still be locked
        // (flock needs no write access), so the daemon starts, reports the read-only
        // database and resumes when the file system is writable again.
        let (mut file, writable) = match opened {
            Ok(f) => (f, true),
            Err(e) if e.raw_os_error() == Some(libc::EROFS) && path.exists() => {
                (std::fs::File::open(&path).map_err(lock_err)?, false)
            }
            Err(e) => return Err(lock_err(e)),
        };
        // SAFETY: flock on a file descriptor we own and keep open; no memory is involved.
        let r = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
        if r != 0 {
            let e = std::io::Error::last_os_error();
            if e.raw_os_error() == Some(libc::EWOULDBLOCK) {
                let mut holder = String::new();
                let _ = file.read_to_string(&mut holder);
                let holder = holder.trim();
                return Err(StoreError::Locked {
                    path: db.display().to_string(),
                    holder: if holder.is_empty() {
                        "unknown".into()
                    } else {
                        holder.to_string()
                    },
                });
            }
            return Err(lock_err(e));
        }
        // The pid is only for the message a second process prints; the lock is the flock.
        if writable {
            file.set_len(0)
                .and_then(|_| file.rewind())
                .and_then(|_| write!(file, "{}", std::process::id()))
                .map_err(lock_err)?;
        }
        Ok(WriterLock { _file: file, path })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// What one retention batch removed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Pruned {
    pub items: usize,
    pub mentions: usize,
}

/// Sizes around a `VACUUM`, in bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Vacuumed {
    pub before: u64,
    pub after: u64,
}

impl Store {
    /// Deletes up to `limit` items published before `before`, oldest first, with their
    /// mentions, in one short transaction. Alerts stay: their evidence was copied into
    /// `alert_evidence` when they were raised; the evidence rows only lose their
    /// `mention_id`, so no row points at a mention that no longer exists.
    pub fn prune_batch(
        &mut self,
        before: DateTime<Utc>,
        limit: usize,
    ) -> Result<Pruned, StoreError> {
        let path = self.path.display().to_string();
        let wrap = |source| StoreError::Sqlite {
            path: path.clone(),
            source,
        };
        let tx = self.conn.transaction().map_err(wrap)?;
        let ids: Vec<i64> = {
            let mut st = tx
                .prepare("SELECT id FROM items WHERE published < ?1 ORDER BY published LIMIT ?2")
                .map_err(wrap)?;
            st.query_map(params![to_unix(before), limit as i64], |r| r.get(0))
                .map_err(wrap)?
                .collect::<Result<_, _>>()
                .map_err(wrap)?
        };
        let mut pruned = Pruned::default();
        for id in &ids {
            tx.execute(
                "UPDATE alert_evidence SET mention_id = NULL WHERE mention_id IN (SELECT id FROM mentions WHERE item_id = ?1)",
                [id],
            )
            .map_err(wrap)?;
            pruned.mentions += tx
                .execute("DELETE FROM mentions WHERE item_id = ?1", [id])
                .map_err(wrap)?;
            pruned.items += tx
                .execute("DELETE FROM items WHERE id = ?1", [id])
                .map_err(wrap)?;
        }
        tx.commit().map_err(wrap)?;
        Ok(pruned)
    }

    /// Rewrites the whole file without its free pages (`VACUUM`), then empties the WAL.
    /// A full VACUUM rather than `auto_vacuum = INCREMENTAL`: incremental mode must be
    /// chosen before the first table exists (so existing databases would need a full
    /// VACUUM anyway), only returns free pages at the end of the file and leaves the rest
    /// fragmented. Pruning is a rare, planned maintenance; VACUUM needs free disk space of
    /// about the database's size and blocks writers while it runs, hence a command of its
    /// own that holds the writer lock.
    pub fn vacuum(&mut self) -> Result<Vacuumed, StoreError> {
        let size = |s: &Store| -> Result<u64, StoreError> {
            s.conn
                .query_row(
                    "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()",
                    [],
                    |r| r.get::<_, i64>(0),
                )
                .map(|n| n as u64)
                .map_err(|e| s.err(e))
        };
        let before = size(self)?;
        self.conn
            .execute_batch("VACUUM; PRAGMA wal_checkpoint(TRUNCATE);")
            .map_err(|e| self.err(e))?;
        Ok(Vacuumed {
            before,
            after: size(self)?,
        })
    }

    /// `PRAGMA integrity_check`: "ok", or SQLite's list of problems.
    pub fn integrity_check(&self) -> Result<String, StoreError> {
        let mut st = self
            .conn
            .prepare("PRAGMA integrity_check")
            .map_err(|e| self.err(e))?;
        let lines: Vec<String> = st
            .query_map([], |r| r.get(0))
            .map_err(|e| self.err(e))?
            .collect::<Result<_, _>>()
            .map_err(|e| self.err(e))?;
        Ok(lines.join("\n"))
    }
}

/// Where the FTS5 highlights of one row fall in its original title and text.
fn search_marks(title: &str, hl_title: &str, text: &str, hl_text: &str) -> Marks {
    let title_marks = crate::search::marks_in_original(title, hl_title);
    // The excerpt is shown only when the title did not match: skip folding the (long) text
    // otherwise, the main cost of a search that matches many rows.
    let text_marks = if title_marks.is_empty() {
        crate::search::marks_in_original(text, hl_text)
    } else {
        Vec::new()
    };
    let (excerpt, excerpt_marks) = crate::search::excerpt(text, &text_marks, 60);
    Marks {
        title: title_marks,
        excerpt,
        excerpt_marks,
    }
}

/// Adds an item's folded title and text to the full-text index.
fn index_item(tx: &Transaction, id: i64, title: &str, text: &str) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO items_fts(rowid, title, text) VALUES (?1, ?2, ?3)",
        params![
            id,
            crate::search::fold(title).text,
            crate::search::fold(text).text
        ],
    )
    .map(|_| ())
}

/// Indexes the items stored before the full-text index existed.
fn backfill_fts(tx: &Transaction) -> rusqlite::Result<()> {
    let mut st = tx.prepare("SELECT id, title, text FROM items ORDER BY id")?;
    let rows = st.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    for row in rows {
        let (id, title, text) = row?;
        index_item(tx, id, &title, &text)?;
    }
    Ok(())
}

fn rfc3339(t: i64) -> String {
    from_unix(t).to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

fn apply_in(tx: &Transaction, u: &FeedUpdate) -> rusqlite::Result<Applied> {
    let feed_id: i64 = tx.query_row(
        "INSERT INTO feeds(url) VALUES (?1) ON CONFLICT(url) DO UPDATE SET url = excluded.url RETURNING id",
        [&u.url],
        |r| r.get(0),
    )?;
    let mut applied = Applied::default();
    for ni in &u.items {
        let it = &ni.item;
        // Identity is the feed's guid (else canonical link, else content hash, see
        // normalize); across feeds the same canonical link is the same story. Identical
        // texts with different ids are kept: on a forum, ten people may write "zwin bzaf".
        let dup: bool = tx.query_row(
            "SELECT EXISTS(SELECT 1 FROM items WHERE feed_id = ?1 AND guid = ?2)
                 OR (?3 IS NOT NULL AND EXISTS(SELECT 1 FROM items WHERE link = ?3))",
            params![feed_id, it.guid, it.link],
            |r| r.get(0),
        )?;
        if dup {
            continue;
        }
        tx.execute(
            "INSERT INTO items(feed_id, guid, link, title, text, author, lang, published, fetched, hash, fingerprint) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            params![
                feed_id,
                it.guid,
                it.link,
                it.title,
                it.text,
                it.author,
                ni.lang,
                to_unix(it.published),
                to_unix(u.fetched_at),
                it.hash,
                ni.fingerprint as i64
            ],
        )?;
        let item_id = tx.last_insert_rowid();
        index_item(tx, item_id, &it.title, &it.text)?;
        applied.new_items += 1;
        for m in &ni.mentions {
            let n = tx.execute(
                "INSERT INTO mentions(item_id, brand, start, end, term, snippet, label, score, whole_label, whole_score, lang, terms, published, weight)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14) ON CONFLICT(item_id, brand) DO NOTHING",
                params![
                    item_id,
                    m.brand,
                    m.start as i64,
                    m.end as i64,
                    m.term,
                    m.snippet,
                    i64::from(m.label),
                    m.score,
                    i64::from(m.whole_label),
                    m.whole_score,
                    m.lang,
                    m.terms.to_string(),
                    to_unix(it.published),
                    m.weight
                ],
            )?;
            if n == 1 {
                applied
                    .new_mentions
                    .push((tx.last_insert_rowid(), m.brand.clone()));
            }
        }
    }
    let (etag, lm) = match &u.validators {
        Some(v) => (v.etag.clone(), v.last_modified.clone()),
        None => {
            let (e, l): (Option<String>, Option<String>) = tx.query_row(
                "SELECT etag, last_modified FROM feeds WHERE id = ?1",
                [feed_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            (e, l)
        }
    };
    tx.execute(
        "UPDATE feeds SET title = COALESCE(?2, title), etag = ?3, last_modified = ?4, last_check = ?5, last_success = ?5, failures = 0, next_check = ?6, items_seen = items_seen + ?7,
             dead = 0, dead_reason = NULL, failing_since = NULL, effective_url = COALESCE(?8, effective_url),
             last_new_item = CASE WHEN ?7 > 0 THEN ?5 ELSE COALESCE(last_new_item, ?5) END,
             warned = CASE WHEN ?7 > 0 THEN 0 ELSE warned & ~1 END
         WHERE id = ?1",
        params![
            feed_id,
            u.title,
            etag,
            lm,
            to_unix(u.fetched_at),
            to_unix(u.next_check),
            applied.new_items as i64,
            u.effective_url
        ],
    )?;
    Ok(applied)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn item(guid: &str, link: Option<&str>, title: &str) -> NewItem {
        let t = Utc.with_ymd_and_hms(2026, 11, 1, 10, 0, 0).unwrap();
        NewItem {
            item: Item {
                guid: guid.into(),
                link: link.map(str::to_string),
                title: title.into(),
                text: "texte".into(),
                author: None,
                published: t,
                hash: crate::normalize::content_hash(title, "texte"),
            },
            lang: "fr".into(),
            fingerprint: 1,
            mentions: vec![NewMention {
                brand: "Inwi".into(),
                start: 0,
                end: 4,
                term: "inwi".into(),
                snippet: title.into(),
                label: -1,
                score: -0.5,
                whole_label: -1,
                whole_score: -0.5,
                lang: "fr".into(),
                terms: serde_json::json!([]),
                weight: 1.0,
            }],
        }
    }

    fn update(items: Vec<NewItem>) -> FeedUpdate {
        let t = Utc.with_ymd_and_hms(2026, 11, 1, 12, 0, 0).unwrap();
        FeedUpdate {
            url: "http://x/feed".into(),
            fetched_at: t,
            title: Some("X".into()),
            validators: Some(Validators {
                etag: Some("\"v1\"".into()),
                last_modified: None,
            }),
            items,
            next_check: t,
            effective_url: None,
        }
    }

    #[test]
    fn reapplying_the_same_items_adds_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::open(&dir.path().join("v.db")).unwrap();
        let u = update(vec![
            item("g1", Some("http://x/1"), "Inwi un"),
            item("g2", None, "Inwi deux"),
        ]);
        let a = s.apply(&u).unwrap();
        assert_eq!(a.new_items, 2);
        assert_eq!(a.new_mentions.len(), 2);
        let b = s.apply(&u).unwrap();
        assert_eq!(b, Applied::default());
        // Same link under another guid is the same story.
        let c = s
            .apply(&update(vec![item("g3", Some("http://x/1"), "autre titre")]))
            .unwrap();
        assert_eq!(c.new_items, 0);
        assert_eq!(s.counts().unwrap(), (2, 2, 0));
        let st = s.feed_state("http://x/feed").unwrap().unwrap();
        assert_eq!(st.validators.etag.as_deref(), Some("\"v1\""));
        assert_eq!(st.items_seen, 2);
    }

    /// Regression: a failure on a feed that had no row yet was silently not recorded.
    #[test]
    fn failure_of_an_unknown_feed_is_recorded() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::open(&dir.path().join("v.db")).unwrap();
        let t = Utc.with_ymd_and_hms(2026, 11, 1, 12, 0, 0).unwrap();
        assert_eq!(
            s.record_failure("http://x/new", "HTTP 500", t, t).unwrap(),
            1
        );
        assert_eq!(
            s.record_failure("http://x/new", "HTTP 500", t, t).unwrap(),
            2
        );
        let st = s.feed_state("http://x/new").unwrap().unwrap();
        assert_eq!(st.last_error.as_deref(), Some("HTTP 500"));
    }

    #[test]
    fn migrations_are_idempotent_and_versioned() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("v.db");
        drop(Store::open(&p).unwrap());
        let s = Store::open(&p).unwrap();
        assert_eq!(s.schema_version().unwrap(), MIGRATIONS.len() as i64);
    }

    /// A database from before the search index: opening it (read-write, or read-only as
    /// the read commands do) migrates it and indexes the items it already holds.
    #[test]
    fn report_migration_backfills_the_search_index() {
        let pos = MIGRATIONS
            .iter()
            .position(|m| *m == MIGRATION_REPORT)
            .unwrap();
        type Open = fn(&Path) -> Result<Store, StoreError>;
        let opens: [Open; 2] = [Store::open, Store::open_read_only];
        for open in opens {
            let dir = tempfile::tempdir().unwrap();
            let p = dir.path().join("old.db");
            {
                let conn = Connection::open(&p).unwrap();
                for sql in &MIGRATIONS[..pos] {
                    conn.execute_batch(sql).unwrap();
                }
                conn.pragma_update(None, "user_version", pos as i64)
                    .unwrap();
                conn.execute_batch(
                    "INSERT INTO feeds(id, url) VALUES (1, 'http://x/f');
                     INSERT INTO items(id, feed_id, guid, title, text, lang, published, fetched, hash, fingerprint)
                       VALUES (1, 1, 'g', 'Panne chez إِنْوِي', 'Le réseau est coupé', 'ar', 0, 0, 'h', 0);
                     INSERT INTO mentions(item_id, brand, start, end, term, snippet, label, score, whole_label, whole_score, lang, terms, published)
                       VALUES (1, 'Inwi', 11, 25, 'inwi', 's', -1, -0.5, -1, -0.5, 'ar', '[]', 0);",
                )
                .unwrap();
            }
            let s = open(&p).unwrap();
            assert_eq!(s.schema_version().unwrap(), MIGRATIONS.len() as i64);
            for (q, hl) in [
                ("انوي", "Panne chez **إِنْوِي**"),
                ("reseau", "Le **réseau** est coupé"),
            ] {
                let rows = s
                    .mentions(&MentionFilter {
                        search: Some(q.into()),
                        ..Default::default()
                    })
                    .unwrap();
                assert_eq!(rows.len(), 1, "{q}");
                assert_eq!(rows[0].highlight.as_deref(), Some(hl), "{q}");
            }
        }
    }

    /// The index follows the items: new ones are searchable at once, deleted ones (pruning)
    /// leave nothing behind.
    #[test]
    fn search_index_follows_inserts_and_deletes() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::open(&dir.path().join("v.db")).unwrap();
        s.apply(&update(vec![
            item("g1", Some("http://x/1"), "Inwi : grève à Fès"),
            item("g2", Some("http://x/2"), "Inwi autre"),
        ]))
        .unwrap();
        let search = |s: &Store, q: &str| {
            s.mentions(&MentionFilter {
                search: Some(q.into()),
                ..Default::default()
            })
            .unwrap()
            .len()
        };
        assert_eq!(search(&s, "greve fes"), 1);
        assert_eq!(search(&s, "texte"), 2);
        s.conn
            .execute("DELETE FROM items WHERE guid = 'g1'", [])
            .unwrap();
        let left: i64 = s
            .conn
            .query_row("SELECT count(*) FROM items_fts", [], |r| r.get(0))
            .unwrap();
        assert_eq!(left, 1);
        assert_eq!(search(&s, "greve"), 0);
    }

    #[test]
    fn not_modified_keeps_validators() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::open(&dir.path().join("v.db")).unwrap();
        s.apply(&update(vec![])).unwrap();
        let mut u = update(vec![]);
        u.validators = None;
        s.apply(&u).unwrap();
        let st = s.feed_state("http://x/feed").unwrap().unwrap();
        assert_eq!(st.validators.etag.as_deref(), Some("\"v1\""));
    }

    fn draft(key: &str, evidence: Vec<i64>) -> AlertDraft {
        let t = Utc.with_ymd_and_hms(2026, 11, 1, 10, 0, 0).unwrap();
        AlertDraft {
            detector: "tone_shift",
            direction: crate::detect::Direction::Negative,
            severity: crate::detect::Severity::Warning,
            key: key.into(),
            raised_at: t,
            window_start: t,
            window_end: t,
            stats: serde_json::json!({}),
            evidence,
        }
    }

    #[test]
    fn alert_and_its_evidence_are_one_transaction_and_unique() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::open(&dir.path().join("v.db")).unwrap();
        let a = s
            .apply(&update(vec![item("g1", Some("http://x/1"), "Inwi un")]))
            .unwrap();
        let mid = a.new_mentions[0].0;
        let now = Utc::now();
        let id = s
            .insert_alert("Inwi", &draft("k1", vec![mid]), now)
            .unwrap();
        assert!(id.is_some());
        // The same event again (a replay after a restart) is no second alert.
        assert_eq!(
            s.insert_alert("Inwi", &draft("k1", vec![mid]), now)
                .unwrap(),
            None
        );
        // A disk that fills up in the middle leaves neither the alert nor half its evidence.
        s.conn.execute_batch("PRAGMA max_page_count = 1").ok();
        let big: Vec<i64> = std::iter::repeat_n(mid, 2000).collect();
        let e = s.insert_alert("Inwi", &draft("k2", big), now).unwrap_err();
        assert_eq!(e.write_blocked(), Some(WriteBlocked::DiskFull), "{e}");
        s.conn
            .execute_batch("PRAGMA max_page_count = 1073741823")
            .unwrap();
        let n: i64 = s
            .conn
            .query_row("SELECT COUNT(*) FROM alert_evidence", [], |r| r.get(0))
            .unwrap();
        assert_eq!((s.alerts(None).unwrap().len(), n), (1, 1));
    }

    /// Regression: a Mastodon post has no title, and its alert evidence read "-  <link>"
    /// in the demo, the notification and the report.
    #[test]
    fn evidence_without_a_title_is_named_by_its_snippet() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::open(&dir.path().join("v.db")).unwrap();
        let mut untitled = item("g1", Some("https://masto.example/@a/1"), "");
        untitled.mentions[0].snippet = "Deux jours sans réseau #inwi".into();
        let a = s
            .apply(&update(vec![
                untitled,
                item("g2", Some("http://x/2"), "Inwi deux"),
            ]))
            .unwrap();
        let ids: Vec<i64> = a.new_mentions.iter().map(|m| m.0).collect();
        s.insert_alert("Inwi", &draft("k", ids), Utc::now())
            .unwrap();
        let titles: Vec<String> = s.alerts(None).unwrap()[0]
            .evidence_rows
            .iter()
            .map(|e| e.title.clone())
            .collect();
        assert_eq!(titles, ["Deux jours sans réseau #inwi", "Inwi deux"]);
    }

    /// A full disk (SQLite's real SQLITE_FULL path, by capping the page count) rolls the
    /// whole feed update back: neither items nor the feed's new validators are kept, so the
    /// next attempt fetches the same items again and stores them once.
    #[test]
    fn disk_full_rolls_back_the_feed_update_and_retry_stores_it_once() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::open(&dir.path().join("v.db")).unwrap();
        s.apply(&update(vec![])).unwrap();
        let pages: i64 = s
            .conn
            .query_row("PRAGMA page_count", [], |r| r.get(0))
            .unwrap();
        s.conn
            .execute_batch(&format!("PRAGMA max_page_count = {pages}"))
            .unwrap();
        let items: Vec<NewItem> = (0..300)
            .map(|i| {
                let mut it = item(&format!("g{i}"), None, &format!("Inwi {i}"));
                it.item.text = "x".repeat(2000);
                it
            })
            .collect();
        let mut u = update(items);
        u.validators = Some(Validators {
            etag: Some("\"v2\"".into()),
            last_modified: None,
        });
        let e = s.apply(&u).unwrap_err();
        assert_eq!(e.write_blocked(), Some(WriteBlocked::DiskFull), "{e}");
        assert!(e.to_string().contains("full"), "{e}");
        assert_eq!(s.counts().unwrap(), (0, 0, 0));
        let st = s.feed_state("http://x/feed").unwrap().unwrap();
        assert_eq!(st.validators.etag.as_deref(), Some("\"v1\""));
        s.conn
            .execute_batch("PRAGMA max_page_count = 1073741823")
            .unwrap();
        assert_eq!(s.apply(&u).unwrap().new_items, 300);
        assert_eq!(s.apply(&u).unwrap().new_items, 0);
        assert_eq!(s.integrity_check().unwrap(), "ok");
    }

    /// A read-only database (here SQLite's own `query_only` switch, which fails writes with
    /// the same SQLITE_READONLY as a read-only file) is classified as such, and the failed
    /// update leaves nothing behind.
    #[test]
    fn read_only_database_is_reported_as_such_and_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::open(&dir.path().join("v.db")).unwrap();
        s.apply(&update(vec![])).unwrap();
        s.conn.execute_batch("PRAGMA query_only = ON").unwrap();
        let e = s
            .apply(&update(vec![item("g1", None, "Inwi un")]))
            .unwrap_err();
        assert_eq!(e.write_blocked(), Some(WriteBlocked::ReadOnly), "{e}");
        s.conn.execute_batch("PRAGMA query_only = OFF").unwrap();
        assert_eq!(s.counts().unwrap(), (0, 0, 0));
        assert_eq!(
            s.apply(&update(vec![item("g1", None, "Inwi un")]))
                .unwrap()
                .new_items,
            1
        );
    }

    #[test]
    fn pruning_keeps_alerts_and_leaves_no_dangling_evidence() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::open(&dir.path().join("v.db")).unwrap();
        let mut items: Vec<NewItem> = (0..1200)
            .map(|i| item(&format!("old{i}"), None, &format!("Inwi old {i}")))
            .collect();
        let recent = Utc.with_ymd_and_hms(2026, 11, 20, 10, 0, 0).unwrap();
        for i in 0..5 {
            let mut it = item(&format!("new{i}"), None, &format!("Inwi new {i}"));
            it.item.published = recent;
            items.push(it);
        }
        let a = s.apply(&update(items)).unwrap();
        let old_mention = a.new_mentions[0].0;
        let new_mention = a.new_mentions[1200].0;
        s.insert_alert(
            "Inwi",
            &draft("k", vec![old_mention, new_mention]),
            Utc::now(),
        )
        .unwrap()
        .unwrap();
        let cutoff = Utc.with_ymd_and_hms(2026, 11, 10, 0, 0, 0).unwrap();
        let mut batches = Vec::new();
        loop {
            let p = s.prune_batch(cutoff, 500).unwrap();
            batches.push(p.items);
            if p.items < 500 {
                break;
            }
        }
        assert_eq!(batches, vec![500, 500, 200]);
        assert_eq!(s.counts().unwrap(), (5, 5, 1));
        let ev = &s.alerts(None).unwrap()[0].evidence_rows;
        assert_eq!(ev.len(), 2, "evidence is kept with its alert");
        assert_eq!(ev[0].mention_id, None, "pruned mention: no dangling id");
        assert_eq!(ev[1].mention_id, Some(new_mention));
        assert_eq!(ev[0].title, "Inwi old 0");
        let dangling: i64 = s
            .conn
            .query_row(
                "SELECT COUNT(*) FROM alert_evidence WHERE mention_id IS NOT NULL AND mention_id NOT IN (SELECT id FROM mentions)",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(dangling, 0);
        let v = s.vacuum().unwrap();
        assert!(v.after < v.before, "{v:?}");
        assert_eq!(s.integrity_check().unwrap(), "ok");
    }

    #[test]
    fn a_second_writer_lock_is_refused_and_released_on_drop() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("sub/v.db");
        let first = WriterLock::acquire(&db).unwrap();
        assert_eq!(first.path(), dir.path().join("sub/v.db.lock"));
        let e = WriterLock::acquire(&db).unwrap_err();
        let msg = e.to_string();
        assert!(
            msg.contains("already writing") && msg.contains(&std::process::id().to_string()),
            "{msg}"
        );
        drop(first);
        WriterLock::acquire(&db).unwrap();
    }
}
