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
        "{path}: database schema version {found} is newer than this veille understands ({known}); upgrade veille"
    )]
    TooNew {
        path: String,
        found: i64,
        known: i64,
    },
}

/// Schema migrations, applied in order; `user_version` records how many ran.
const MIGRATIONS: &[&str] = &[MIGRATION_0, MIGRATION_INGEST];

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
}

#[derive(Debug, Clone, Default)]
pub struct MentionFilter {
    pub brand: Option<String>,
    pub since: Option<DateTime<Utc>>,
    pub until: Option<DateTime<Utc>>,
    pub tone: Option<i8>,
    pub lang: Option<String>,
    pub search: Option<String>,
    pub limit: Option<usize>,
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
        for (rank, mid) in d.evidence.iter().enumerate() {
            tx.execute(
                "INSERT INTO alert_evidence(alert_id, rank, mention_id, title, link, feed, snippet, score)
                 SELECT ?1, ?2, m.id, i.title, i.link, f.url, m.snippet, m.score FROM mentions m JOIN items i ON i.id = m.item_id JOIN feeds f ON f.id = i.feed_id WHERE m.id = ?3",
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

    /// Stored mentions, newest first.
    pub fn mentions(&self, f: &MentionFilter) -> Result<Vec<MentionRow>, StoreError> {
        let search = f
            .search
            .as_ref()
            .map(|s| format!("%{}%", fold_for_search(s)));
        let mut st = self
            .conn
            .prepare(
                "SELECT m.id, m.brand, i.title, i.link, m.published, f.url, i.author, m.lang, m.label, m.score, m.snippet, m.terms, i.text
                 FROM mentions m JOIN items i ON i.id = m.item_id JOIN feeds f ON f.id = i.feed_id
                 WHERE (?1 IS NULL OR m.brand = ?1 COLLATE NOCASE)
                   AND (?2 IS NULL OR m.published >= ?2)
                   AND (?3 IS NULL OR m.published <= ?3)
                   AND (?4 IS NULL OR m.label = ?4)
                   AND (?5 IS NULL OR m.lang = ?5)
                 ORDER BY m.published DESC, m.id DESC",
            )
            .map_err(|e| self.err(e))?;
        let rows = st
            .query_map(
                params![
                    f.brand,
                    f.since.map(to_unix),
                    f.until.map(to_unix),
                    f.tone.map(i64::from),
                    f.lang
                ],
                |r| {
                    let text: String = r.get(12)?;
                    Ok((
                        MentionRow {
                            id: r.get(0)?,
                            brand: r.get(1)?,
                            title: r.get(2)?,
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
                        },
                        text,
                    ))
                },
            )
            .map_err(|e| self.err(e))?;
        let mut out = Vec::new();
        for row in rows {
            let (m, text) = row.map_err(|e| self.err(e))?;
            if let Some(pat) = &search {
                let needle = &pat[1..pat.len() - 1];
                let hay = fold_for_search(&format!("{} {}", m.title, text));
                if !hay.contains(needle) {
                    continue;
                }
            }
            out.push(m);
            if f.limit.is_some_and(|l| out.len() >= l) {
                break;
            }
        }
        Ok(out)
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

/// Case- and accent-insensitive form used by `--search`.
fn fold_for_search(s: &str) -> String {
    crate::matcher::fold(s).text
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
}
