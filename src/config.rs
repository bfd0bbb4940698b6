//! Configuration: find the file, parse the TOML into raw structs, then validate them
//! into typed objects the rest of the daemon uses.
//!
//! Every error names `FILE:LINE:COL` and says what was expected. Unknown keys are errors
//! (a typo such as `alias = [...]` must not silently disable a brand). Values that need
//! checking after parsing (URLs, queries, durations, duplicate names) keep their spans
//! through `toml::Spanned` so the message can point at the exact character.

use crate::detect::DetectConfig;
use crate::matcher::{BrandSpec, Matcher, SpecError};
use crate::score::{
    Brands, BrandsError, DETECTED_LANGS, LEXICON_LANGS, LexiconEntry, ScoreError, Scorer,
};
use crate::timeutil::{format_duration, parse_duration};
use serde::{Deserialize, Deserializer};
use std::collections::HashSet;
use std::fmt::Write as _;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::Duration;
use toml::Spanned;

/// The validated configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// Where the config came from (a file path, or a label such as `<demo>`).
    pub source: String,
    pub daemon: DaemonConfig,
    pub storage: StorageConfig,
    pub feeds: Vec<FeedConfig>,
    pub brands: Vec<BrandConfig>,
    pub authors: Vec<AuthorConfig>,
    pub alerts: AlertsConfig,
    /// User lexicon entries applied to every brand.
    pub lexicon: Vec<LexiconEntry>,
}

#[derive(Debug, Clone)]
pub struct DaemonConfig {
    pub interval: Duration,
    pub concurrency: usize,
    pub timeout: Duration,
    pub connect_timeout: Duration,
    pub max_body: u64,
    pub timezone: chrono_tz::Tz,
    /// The longest a failing feed waits before its next try (default 24 h).
    pub max_backoff: Duration,
}

#[derive(Debug, Clone)]
pub struct StorageConfig {
    pub path: PathBuf,
    /// Retention: items and mentions published longer ago are pruned (alerts are kept).
    /// `None` keeps everything.
    pub keep: Option<Duration>,
}

/// Where a feed's bytes come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FeedSource {
    Http(reqwest::Url),
    File(PathBuf),
}

#[derive(Debug, Clone)]
pub struct FeedConfig {
    /// The key the store knows the feed by: the URL as given for http(s), `file://` + the
    /// absolute path for local files.
    pub url: String,
    pub source: FeedSource,
    pub name: Option<String>,
    pub interval: Option<Duration>,
    /// How much a mention from this source matters (1 = ordinary). Used by detection.
    pub weight: f64,
}

#[derive(Debug, Clone)]
pub struct BrandConfig {
    pub name: String,
    pub spec: BrandSpec,
    /// Brand-specific lexicon entries (for a telecom, "coupure" is bad news).
    pub lexicon: Vec<LexiconEntry>,
}

#[derive(Debug, Clone)]
pub struct AuthorConfig {
    pub name: String,
    pub weight: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UiLang {
    Fr,
    En,
}

#[derive(Debug, Clone)]
pub struct AlertsConfig {
    pub desktop: bool,
    pub language: UiLang,
    pub detect: DetectConfig,
    /// How alerts reach people: desktop policy (rate limit, quiet hours, digest) and the
    /// extra sinks (webhooks, commands).
    pub delivery: DeliveryConfig,
}

/// Delivery settings under `[alerts]` (issue 7). The rate limit, quiet hours and digest
/// apply to the desktop notification, the one channel that interrupts a person; webhooks
/// and commands get every alert at once (the receiving tool has its own policies).
#[derive(Debug, Clone, Default)]
pub struct DeliveryConfig {
    /// At most `max` desktop notifications per brand per `window`; critical alerts pass.
    pub rate_limit: Option<RateLimit>,
    /// Local times (in `[daemon] timezone`) between which non-critical desktop
    /// notifications wait; the window may wrap midnight ("22:00-07:00").
    pub quiet_hours: Option<(chrono::NaiveTime, chrono::NaiveTime)>,
    /// Local time of the daily digest: non-critical alerts are gathered into one
    /// desktop notification at that time instead of one each.
    pub digest: Option<chrono::NaiveTime>,
    /// What the notification's default action opens when an alert has no link (e.g. the
    /// URL or path of a report).
    pub open_fallback: Option<String>,
    pub sinks: Vec<SinkConfig>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateLimit {
    pub max: u32,
    pub window: Duration,
}

/// One `[[alerts.sinks]]` entry.
#[derive(Debug, Clone)]
pub struct SinkConfig {
    /// Unique name; the delivery state is kept per name (`webhook-1` when not given).
    pub name: String,
    pub kind: SinkKind,
    /// Per attempt.
    pub timeout: Duration,
    /// Attempts in all before giving up (retries back off exponentially).
    pub attempts: u32,
}

#[derive(Debug, Clone)]
pub enum SinkKind {
    Webhook {
        url: reqwest::Url,
        format: WebhookFormat,
    },
    Exec {
        command: Vec<String>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WebhookFormat {
    /// The alert as veille's JSON object.
    Json,
    /// `{"text": ...}`, which Slack, Mattermost and Rocket.Chat incoming webhooks accept.
    Slack,
}

/// A config error: I/O, or a located message.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{path}: cannot read config: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}:{line}:{col}: {message}")]
    Invalid {
        path: String,
        line: usize,
        col: usize,
        message: String,
    },
    #[error("no config file found (tried: {tried}); pass --config PATH or set VEILLE_CONFIG")]
    NotFound { tried: String },
}

impl ConfigError {
    /// Exit code for config errors, `EX_CONFIG` from sysexits.h as DESIGN.md fixes.
    pub const EXIT_CODE: i32 = 78;
}

// ---------------------------------------------------------------------------------------
// Finding the file

/// The config path by the documented order: `--config`, `$VEILLE_CONFIG`,
/// `$XDG_CONFIG_HOME/veille/veille.toml` (or `~/.config/...`), `/etc/veille/veille.toml`.
pub fn locate(explicit: Option<&Path>) -> Result<PathBuf, ConfigError> {
    if let Some(p) = explicit {
        return Ok(p.to_path_buf());
    }
    if let Some(p) = std::env::var_os("VEILLE_CONFIG").filter(|v| !v.is_empty()) {
        return Ok(PathBuf::from(p));
    }
    let mut tried = Vec::new();
    let xdg = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")));
    if let Some(dir) = xdg {
        let p = dir.join("veille/veille.toml");
        if p.exists() {
            return Ok(p);
        }
        tried.push(p);
    }
    let etc = PathBuf::from("/etc/veille/veille.toml");
    if etc.exists() {
        return Ok(etc);
    }
    tried.push(etc);
    Err(ConfigError::NotFound {
        tried: tried
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(", "),
    })
}

/// Reads and validates the config file at `path`.
pub fn load(path: &Path) -> Result<Config, ConfigError> {
    let bytes = std::fs::read(path).map_err(|source| ConfigError::Io {
        path: path.display().to_string(),
        source,
    })?;
    let origin = path.display().to_string();
    let text = decode(bytes, &origin)?;
    let base = path.parent().unwrap_or(Path::new("."));
    parse(&text, &origin, base)
}

/// The config text, or where it stops being UTF-8. Config files are edited by
/// hand, on Windows too, where an editor may save them as UTF-16 ("Unicode")
/// or Windows-1252 ("ANSI"): say which and where, not only "invalid UTF-8".
fn decode(bytes: Vec<u8>, origin: &str) -> Result<String, ConfigError> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        let at = Locator { text: "", origin };
        return Err(at.error(
            0,
            "the file is UTF-16 (what some Windows editors call \"Unicode\"): save it as UTF-8"
                .into(),
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        // Located in the valid part before the bad byte, like any config error.
        let n = e.utf8_error().valid_up_to();
        let good = std::str::from_utf8(&e.as_bytes()[..n]).unwrap_or_default();
        let byte = e.as_bytes()[n];
        Locator { text: good, origin }.error(
            n,
            format!(
                "not UTF-8 (byte 0x{byte:02X}; an accented letter saved as Latin-1 or \
                 Windows-1252?): save the file as UTF-8"
            ),
        )
    })
}

/// Parses and validates config text. `origin` names it in errors; relative feed paths
/// resolve against `base`.
pub fn parse(text: &str, origin: &str, base: &Path) -> Result<Config, ConfigError> {
    let at = Locator { text, origin };
    let raw: RawConfig = toml::from_str(text).map_err(|e| {
        let start = e.span().map(|s| s.start).unwrap_or(0);
        at.error(start, e.message().trim_end().to_string())
    })?;
    validate(raw, &at, base)
}

/// Turns byte offsets in the config text into `FILE:LINE:COL` errors.
struct Locator<'a> {
    text: &'a str,
    origin: &'a str,
}

impl Locator<'_> {
    fn error(&self, offset: usize, message: String) -> ConfigError {
        let (line, col) = line_col(self.text, offset);
        ConfigError::Invalid {
            path: self.origin.to_string(),
            line,
            col,
            message,
        }
    }

    /// Byte offset of the first character inside a string literal that starts at `span`
    /// (skipping `"`, `'`, `"""` or `'''`).
    fn literal_start(&self, span: &Range<usize>) -> usize {
        let s = self.text.get(span.start..span.end).unwrap_or("");
        let quotes = if s.starts_with("\"\"\"") || s.starts_with("'''") {
            3
        } else if s.starts_with('"') || s.starts_with('\'') {
            1
        } else {
            0
        };
        span.start + quotes
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let col = text[line_start..offset].chars().count() + 1;
    (line, col)
}

// ---------------------------------------------------------------------------------------
// Raw structs: exactly what the TOML says, nothing checked beyond types.

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    daemon: RawDaemon,
    #[serde(default)]
    storage: RawStorage,
    #[serde(default)]
    feeds: Vec<Spanned<RawFeed>>,
    #[serde(default)]
    brands: Vec<RawBrand>,
    #[serde(default)]
    authors: Vec<RawAuthor>,
    #[serde(default)]
    alerts: RawAlerts,
    #[serde(default)]
    scoring: RawScoring,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawDaemon {
    #[serde(default, deserialize_with = "de_duration_opt")]
    interval: Option<Duration>,
    concurrency: Option<Spanned<i64>>,
    #[serde(default, deserialize_with = "de_duration_opt")]
    timeout: Option<Duration>,
    #[serde(default, deserialize_with = "de_duration_opt")]
    connect_timeout: Option<Duration>,
    #[serde(default, deserialize_with = "de_size_opt")]
    max_body: Option<u64>,
    #[serde(default, deserialize_with = "de_tz_opt")]
    timezone: Option<chrono_tz::Tz>,
    #[serde(default, deserialize_with = "de_duration_opt")]
    max_backoff: Option<Duration>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawStorage {
    path: Option<PathBuf>,
    #[serde(default, deserialize_with = "de_duration_opt")]
    keep: Option<Duration>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFeed {
    url: Option<Spanned<String>>,
    /// A source preset (see `presets`), expanded to the URL.
    preset: Option<Spanned<String>>,
    query: Option<Spanned<String>>,
    lang: Option<Spanned<String>>,
    country: Option<Spanned<String>>,
    instance: Option<Spanned<String>>,
    tag: Option<Spanned<String>>,
    channel_id: Option<Spanned<String>>,
    subreddit: Option<Spanned<String>>,
    name: Option<String>,
    #[serde(default, deserialize_with = "de_duration_opt")]
    interval: Option<Duration>,
    weight: Option<Spanned<f64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBrand {
    name: Spanned<String>,
    #[serde(default)]
    aliases: Vec<Spanned<String>>,
    #[serde(default)]
    exclude: Vec<Spanned<String>>,
    #[serde(default)]
    exclude_context: Vec<Spanned<String>>,
    query: Option<Spanned<String>>,
    #[serde(default)]
    regex: Vec<Spanned<String>>,
    #[serde(default)]
    exclude_sources: Vec<String>,
    #[serde(default)]
    langs: Vec<Spanned<String>>,
    #[serde(default)]
    exclude_langs: Vec<Spanned<String>>,
    #[serde(default)]
    match_urls: bool,
    #[serde(default)]
    lexicon: Vec<RawLexiconEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAuthor {
    name: String,
    weight: f64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLexiconEntry {
    term: Spanned<String>,
    weight: f64,
    lang: Option<Spanned<String>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawAlerts {
    desktop: Option<bool>,
    language: Option<Spanned<String>>,
    warmup_mentions: Option<usize>,
    warmup_days: Option<u32>,
    #[serde(default, deserialize_with = "de_duration_opt")]
    cooldown: Option<Duration>,
    #[serde(default, deserialize_with = "de_duration_opt")]
    recent: Option<Duration>,
    arl: Option<Spanned<f64>>,
    high_impact_weight: Option<f64>,
    rate_limit: Option<Spanned<i64>>,
    #[serde(default, deserialize_with = "de_duration_opt")]
    rate_window: Option<Duration>,
    quiet_hours: Option<Spanned<String>>,
    digest: Option<Spanned<String>>,
    open_fallback: Option<String>,
    #[serde(default)]
    sinks: Vec<RawSink>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSink {
    #[serde(rename = "type")]
    kind: Spanned<String>,
    name: Option<Spanned<String>>,
    url: Option<Spanned<String>>,
    format: Option<Spanned<String>>,
    command: Option<Spanned<Vec<String>>>,
    #[serde(default, deserialize_with = "de_duration_opt")]
    timeout: Option<Duration>,
    attempts: Option<Spanned<i64>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawScoring {
    #[serde(default)]
    lexicon: Vec<RawLexiconEntry>,
}

fn de_duration_opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Duration>, D::Error> {
    let s = String::deserialize(d)?;
    parse_duration(&s)
        .map(Some)
        .map_err(serde::de::Error::custom)
}

fn de_size_opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    let s = String::deserialize(d)?;
    parse_size(&s).map(Some).map_err(serde::de::Error::custom)
}

fn de_tz_opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<chrono_tz::Tz>, D::Error> {
    let s = String::deserialize(d)?;
    s.parse::<chrono_tz::Tz>().map(Some).map_err(|_| {
        serde::de::Error::custom(format!(
            "unknown time zone {s:?}: expected an IANA name such as \"Africa/Casablanca\""
        ))
    })
}

/// "10MB", "512KiB", "2000000" (bytes).
pub fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let n: u64 = num
        .parse()
        .map_err(|_| format!("invalid size {s:?}: expected e.g. \"10MB\""))?;
    let mult: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" => 1000,
        "kib" => 1024,
        "m" | "mb" => 1_000_000,
        "mib" => 1 << 20,
        "g" | "gb" => 1_000_000_000,
        "gib" => 1 << 30,
        other => return Err(format!("invalid size {s:?}: unknown unit {other:?}")),
    };
    n.checked_mul(mult)
        .ok_or_else(|| format!("size {s:?} too large"))
}

// ---------------------------------------------------------------------------------------
// Validation

fn validate(raw: RawConfig, at: &Locator, base: &Path) -> Result<Config, ConfigError> {
    let defaults = DetectConfig::default();
    let daemon = DaemonConfig {
        interval: raw.daemon.interval.unwrap_or(Duration::from_secs(15 * 60)),
        concurrency: match &raw.daemon.concurrency {
            None => 8,
            Some(c) if (1..=1024).contains(c.get_ref()) => *c.get_ref() as usize,
            Some(c) => {
                return Err(at.error(
                    c.span().start,
                    format!(
                        "concurrency must be between 1 and 1024, got {}",
                        c.get_ref()
                    ),
                ));
            }
        },
        timeout: raw.daemon.timeout.unwrap_or(Duration::from_secs(30)),
        connect_timeout: raw
            .daemon
            .connect_timeout
            .unwrap_or(Duration::from_secs(10)),
        max_body: raw.daemon.max_body.unwrap_or(10_000_000),
        timezone: raw.daemon.timezone.unwrap_or(chrono_tz::Africa::Casablanca),
        max_backoff: raw
            .daemon
            .max_backoff
            .unwrap_or(crate::scheduler::MAX_BACKOFF),
    };
    if daemon.max_backoff < Duration::from_secs(60) {
        return Err(at.error(
            find_key(at.text, "max_backoff"),
            "max_backoff must be at least \"1m\"".into(),
        ));
    }
    if daemon.interval < Duration::from_secs(60) {
        return Err(at.error(
            find_key(at.text, "interval"),
            format!(
                "interval {} is too short: polling more often than once a minute gets veille banned; use at least \"1m\"",
                format_duration(daemon.interval)
            ),
        ));
    }

    let storage = StorageConfig {
        path: match raw.storage.path {
            Some(p) if p.is_relative() => base.join(p),
            Some(p) => p,
            None => default_db_path(),
        },
        keep: raw.storage.keep,
    };
    // Detection replays HISTORY_DAYS of mentions: pruning younger ones would silently change
    // what the detectors compare against.
    let min_keep = Duration::from_secs(crate::pipeline::HISTORY_DAYS as u64 * 86_400);
    if let Some(k) = storage.keep.filter(|k| *k < min_keep) {
        return Err(at.error(
            find_key(at.text, "keep"),
            format!(
                "keep {} is too short: alert detection looks back {} days, keep at least \"{}d\"",
                format_duration(k),
                crate::pipeline::HISTORY_DAYS,
                crate::pipeline::HISTORY_DAYS
            ),
        ));
    }

    let mut feeds = Vec::new();
    let mut seen_urls = HashSet::new();
    for f in raw.feeds {
        let table_span = f.span();
        let mut f = f.into_inner();
        let preset_name = resolve_preset(&f, table_span.start, at)?;
        let span = f
            .url
            .as_ref()
            .map(|u| u.span())
            .or(f.preset.as_ref().map(|p| p.span()))
            .unwrap_or(table_span.clone());
        let (url, source) = match (&f.preset, &f.url) {
            (Some(_), _) => {
                let (u, name) = preset_name.expect("resolved above");
                f.name = f.name.or(Some(name));
                (u.to_string(), FeedSource::Http(u))
            }
            (None, Some(u)) => resolve_feed_url(u.get_ref(), base)
                .map_err(|m| at.error(at.literal_start(&span), m))?,
            (None, None) => {
                return Err(at.error(
                    table_span.start,
                    "a [[feeds]] entry needs `url = \"...\"` or `preset = \"...\"`".into(),
                ));
            }
        };
        if !seen_urls.insert(url.clone()) {
            return Err(at.error(span.start, format!("feed {url} is listed twice")));
        }
        if let Some(i) = f.interval {
            // The one-minute floor protects other people's servers; a feed served from this
            // machine (a local bridge, a test farm) may be polled every second.
            let floor = if is_loopback(&source) {
                Duration::from_secs(1)
            } else {
                Duration::from_secs(60)
            };
            if i < floor {
                return Err(at.error(
                    span.start,
                    format!(
                        "feed {url}: interval {} is too short (minimum \"{}\")",
                        format_duration(i),
                        format_duration(floor)
                    ),
                ));
            }
        }
        let weight = match f.weight {
            None => 1.0,
            Some(w) if w.get_ref().is_finite() && *w.get_ref() >= 0.0 => *w.get_ref(),
            Some(w) => {
                return Err(at.error(w.span().start, "weight must be a number ≥ 0".into()));
            }
        };
        feeds.push(FeedConfig {
            url,
            source,
            name: f.name,
            interval: f.interval,
            weight,
        });
    }

    let mut brands = Vec::new();
    let mut brand_spans = Vec::new();
    let mut names = HashSet::new();
    for b in raw.brands {
        let name = b.name.get_ref().trim().to_string();
        if name.is_empty() {
            return Err(at.error(b.name.span().start, "brand name must not be empty".into()));
        }
        if !names.insert(name.to_lowercase()) {
            return Err(at.error(
                b.name.span().start,
                format!("brand {name:?} is defined twice"),
            ));
        }
        // The name is always an alias: a brand called "Inwi" is found as "Inwi".
        let mut aliases = vec![name.clone()];
        let mut alias_spans = vec![b.name.span()];
        for a in &b.aliases {
            aliases.push(a.get_ref().clone());
            alias_spans.push(a.span());
        }
        let spec = BrandSpec {
            name: name.clone(),
            aliases,
            exclude: b.exclude.iter().map(|s| s.get_ref().clone()).collect(),
            exclude_context: b
                .exclude_context
                .iter()
                .map(|s| s.get_ref().clone())
                .collect(),
            query: b.query.as_ref().map(|q| q.get_ref().clone()),
            regex: b.regex.iter().map(|s| s.get_ref().clone()).collect(),
            exclude_sources: b.exclude_sources,
            langs: doc_langs(&b.langs, "langs", at)?,
            exclude_langs: doc_langs(&b.exclude_langs, "exclude_langs", at)?,
            match_urls: b.match_urls,
        };
        brand_spans.push(BrandSpans {
            aliases: alias_spans,
            exclude: b.exclude.iter().map(|s| s.span()).collect(),
            exclude_context: b.exclude_context.iter().map(|s| s.span()).collect(),
            query: b.query.as_ref().map(|q| q.span()),
            regex: b.regex.iter().map(|s| s.span()).collect(),
        });
        let lexicon = lexicon_entries(b.lexicon, at)?;
        brands.push(BrandConfig {
            name,
            spec,
            lexicon,
        });
    }

    // Compile the brand queries once here so that a bad query is a config error pointing at
    // the offending character, not a runtime surprise.
    let specs: Vec<BrandSpec> = brands.iter().map(|b| b.spec.clone()).collect();
    if let Err(e) = Matcher::new(&specs) {
        return Err(spec_error(&e, &brand_spans, at));
    }

    // Checked entry by entry (`lexicon_entries`), so the scorers build: they
    // are built when used, not here.
    let lexicon = lexicon_entries(raw.scoring.lexicon, at)?;

    let language = match &raw.alerts.language {
        None => UiLang::Fr,
        Some(l) => match l.get_ref().as_str() {
            "fr" => UiLang::Fr,
            "en" => UiLang::En,
            other => {
                return Err(at.error(
                    at.literal_start(&l.span()),
                    format!("unknown language {other:?}: expected \"fr\" or \"en\""),
                ));
            }
        },
    };
    let arl0 = match &raw.alerts.arl {
        None => defaults.arl0,
        Some(a) if *a.get_ref() >= 10.0 && a.get_ref().is_finite() => *a.get_ref(),
        Some(a) => {
            return Err(at.error(
                a.span().start,
                "arl (mentions between false alarms) must be at least 10".into(),
            ));
        }
    };
    let mut detect = DetectConfig {
        tz: daemon.timezone,
        arl0,
        ..defaults
    };
    if let Some(v) = raw.alerts.warmup_mentions {
        detect.warmup_mentions = v;
    }
    if let Some(v) = raw.alerts.warmup_days {
        detect.warmup_days = v;
    }
    if let Some(v) = raw.alerts.cooldown {
        detect.cooldown = chrono::Duration::from_std(v).unwrap_or(detect.cooldown);
    }
    if let Some(v) = raw.alerts.recent {
        detect.recent = chrono::Duration::from_std(v).unwrap_or(detect.recent);
    }
    if let Some(v) = raw.alerts.high_impact_weight {
        detect.high_impact_weight = v;
    }
    let delivery = delivery_config(&raw.alerts, at)?;
    let alerts = AlertsConfig {
        desktop: raw.alerts.desktop.unwrap_or(true),
        language,
        detect,
        delivery,
    };

    Ok(Config {
        source: at.origin.to_string(),
        daemon,
        storage,
        feeds,
        brands,
        authors: raw
            .authors
            .into_iter()
            .map(|a| AuthorConfig {
                name: a.name,
                weight: a.weight,
            })
            .collect(),
        alerts,
        lexicon,
    })
}

struct BrandSpans {
    aliases: Vec<Range<usize>>,
    exclude: Vec<Range<usize>>,
    exclude_context: Vec<Range<usize>>,
    query: Option<Range<usize>>,
    regex: Vec<Range<usize>>,
}

fn spec_error(e: &SpecError, spans: &[BrandSpans], at: &Locator) -> ConfigError {
    let span = spans.get(e.brand).and_then(|s| match e.field {
        "aliases" => s.aliases.get(e.index).cloned(),
        "exclude" => s.exclude.get(e.index).cloned(),
        "exclude_context" => s.exclude_context.get(e.index).cloned(),
        "query" => s.query.clone(),
        "regex" => s.regex.get(e.index).cloned(),
        _ => None,
    });
    match span {
        Some(span) => at.error(
            at.literal_start(&span) + e.offset,
            format!("{}: {}", e.field, e.message),
        ),
        None => at.error(0, e.message.clone()),
    }
}

/// A brand's `langs` / `exclude_langs`: each one of the languages the
/// detector reports (any case). A typo ("francais") would otherwise match
/// no document, silently.
fn doc_langs(raw: &[Spanned<String>], key: &str, at: &Locator) -> Result<Vec<String>, ConfigError> {
    raw.iter()
        .map(|l| {
            let v = l.get_ref().trim().to_lowercase();
            if DETECTED_LANGS.contains(&v.as_str()) {
                Ok(v)
            } else {
                Err(at.error(
                    at.literal_start(&l.span()),
                    format!(
                        "{key}: {:?} is not a language veille detects ({})",
                        l.get_ref(),
                        DETECTED_LANGS.join(", ")
                    ),
                ))
            }
        })
        .collect()
}

fn lexicon_entries(
    raw: Vec<RawLexiconEntry>,
    at: &Locator,
) -> Result<Vec<LexiconEntry>, ConfigError> {
    raw.into_iter()
        .map(|e| {
            let term_at = e.term.span().start;
            let lang_at = e.lang.as_ref().map(|l| l.span().start);
            let entry = LexiconEntry {
                term: e.term.into_inner(),
                weight: e.weight,
                lang: e.lang.map(Spanned::into_inner),
            };
            // The scorer's own check, so that what passes here builds.
            entry.check().map_err(|err| match err {
                ScoreError::EmptyTerm => at.error(term_at, "lexicon term must not be empty".into()),
                ScoreError::NonFiniteWeight(t) | ScoreError::WeightOutOfRange(t, _) => at.error(
                    term_at,
                    format!("lexicon weight for {t:?} must be between -10 and 10"),
                ),
                ScoreError::UnknownLang(l) => at.error(
                    lang_at.unwrap_or(term_at),
                    format!(
                        "lexicon language {l:?} for {:?} is not one of {}",
                        entry.term,
                        LEXICON_LANGS.join(", ")
                    ),
                ),
            })?;
            Ok(entry)
        })
        .collect()
}

/// "HH:MM" as a local time of day.
fn parse_hhmm(s: &str) -> Option<chrono::NaiveTime> {
    chrono::NaiveTime::parse_from_str(s.trim(), "%H:%M").ok()
}

fn delivery_config(a: &RawAlerts, at: &Locator) -> Result<DeliveryConfig, ConfigError> {
    let rate_limit = match &a.rate_limit {
        None => None,
        Some(n) if (1..=1000).contains(n.get_ref()) => Some(RateLimit {
            max: *n.get_ref() as u32,
            window: a.rate_window.unwrap_or(Duration::from_secs(3600)),
        }),
        Some(n) => {
            return Err(at.error(
                n.span().start,
                format!(
                    "rate_limit must be between 1 and 1000 notifications per brand per rate_window, got {}",
                    n.get_ref()
                ),
            ));
        }
    };
    let quiet_hours = match &a.quiet_hours {
        None => None,
        Some(q) => {
            let parsed = q
                .get_ref()
                .split_once('-')
                .and_then(|(f, t)| Some((parse_hhmm(f)?, parse_hhmm(t)?)));
            match parsed {
                Some((f, t)) if f != t => Some((f, t)),
                _ => {
                    return Err(at.error(
                        at.literal_start(&q.span()),
                        format!(
                            "invalid quiet_hours {:?}: expected \"HH:MM-HH:MM\" in [daemon] timezone, e.g. \"22:00-07:00\"",
                            q.get_ref()
                        ),
                    ));
                }
            }
        }
    };
    let digest = match &a.digest {
        None => None,
        Some(d) => Some(parse_hhmm(d.get_ref()).ok_or_else(|| {
            at.error(
                at.literal_start(&d.span()),
                format!(
                    "invalid digest time {:?}: expected \"HH:MM\" (local time of the daily digest)",
                    d.get_ref()
                ),
            )
        })?),
    };
    let mut sinks: Vec<SinkConfig> = Vec::new();
    for (i, raw) in a.sinks.iter().enumerate() {
        let kind_at = at.literal_start(&raw.kind.span());
        let kind = match raw.kind.get_ref().as_str() {
            "webhook" => {
                let Some(url) = &raw.url else {
                    return Err(at.error(kind_at, "a webhook sink needs `url`".into()));
                };
                let parsed = reqwest::Url::parse(url.get_ref())
                    .ok()
                    .filter(|u| matches!(u.scheme(), "http" | "https") && u.has_host());
                let Some(parsed) = parsed else {
                    // The URL may hold a token: the message does not repeat it.
                    return Err(at.error(
                        at.literal_start(&url.span()),
                        "invalid webhook url: expected http:// or https:// with a host".into(),
                    ));
                };
                let format = match raw.format.as_ref().map(|f| (f, f.get_ref().as_str())) {
                    None | Some((_, "json")) => WebhookFormat::Json,
                    Some((_, "slack")) => WebhookFormat::Slack,
                    Some((f, other)) => {
                        return Err(at.error(
                            at.literal_start(&f.span()),
                            format!(
                                "unknown webhook format {other:?}: expected \"json\" or \"slack\" (Slack, Mattermost, Rocket.Chat)"
                            ),
                        ));
                    }
                };
                SinkKind::Webhook {
                    url: parsed,
                    format,
                }
            }
            "exec" => {
                let Some(cmd) = &raw.command else {
                    return Err(at.error(
                        kind_at,
                        "an exec sink needs `command = [\"program\", \"arg\", ...]`".into(),
                    ));
                };
                if cmd.get_ref().is_empty() || cmd.get_ref()[0].trim().is_empty() {
                    return Err(at.error(
                        cmd.span().start,
                        "command must name a program: [\"program\", \"arg\", ...]".into(),
                    ));
                }
                SinkKind::Exec {
                    command: cmd.get_ref().clone(),
                }
            }
            other => {
                return Err(at.error(
                    kind_at,
                    format!("unknown sink type {other:?}: expected \"webhook\" or \"exec\""),
                ));
            }
        };
        if let Some(f) = &raw.format
            && !matches!(kind, SinkKind::Webhook { .. })
        {
            return Err(at.error(
                f.span().start,
                "`format` only applies to webhook sinks".into(),
            ));
        }
        let attempts = match &raw.attempts {
            None => 8,
            Some(n) if (1..=100).contains(n.get_ref()) => *n.get_ref() as u32,
            Some(n) => {
                return Err(at.error(
                    n.span().start,
                    format!("attempts must be between 1 and 100, got {}", n.get_ref()),
                ));
            }
        };
        let default_name = format!("{}-{}", raw.kind.get_ref(), i + 1);
        let name = raw
            .name
            .as_ref()
            .map(|n| n.get_ref().clone())
            .unwrap_or(default_name);
        if name == "desktop" || name == "journal" || sinks.iter().any(|s| s.name == name) {
            let pos = raw.name.as_ref().map(|n| n.span().start).unwrap_or(kind_at);
            return Err(at.error(
                pos,
                format!("sink name {name:?} is already used (names must be unique; \"desktop\" and \"journal\" are reserved)"),
            ));
        }
        sinks.push(SinkConfig {
            name,
            kind,
            timeout: raw.timeout.unwrap_or(Duration::from_secs(10)),
            attempts,
        });
    }
    Ok(DeliveryConfig {
        rate_limit,
        quiet_hours,
        digest,
        open_fallback: a.open_fallback.clone(),
        sinks,
    })
}

fn find_key(text: &str, key: &str) -> usize {
    text.find(&format!("{key} ="))
        .or_else(|| text.find(&format!("{key}=")))
        .unwrap_or(0)
}

/// Expands a `[[feeds]]` entry's preset, if it has one, to (URL, default name); errors
/// point at the offending key's value.
fn resolve_preset(
    f: &RawFeed,
    table_start: usize,
    at: &Locator,
) -> Result<Option<(reqwest::Url, String)>, ConfigError> {
    let Some(preset) = &f.preset else {
        return Ok(None);
    };
    fn s(v: &Option<Spanned<String>>) -> Option<&str> {
        v.as_ref().map(|v| v.get_ref().as_str())
    }
    let params = crate::presets::Params {
        url: s(&f.url),
        query: s(&f.query),
        lang: s(&f.lang),
        country: s(&f.country),
        instance: s(&f.instance),
        tag: s(&f.tag),
        channel_id: s(&f.channel_id),
        subreddit: s(&f.subreddit),
    };
    crate::presets::expand(preset.get_ref().trim(), &params)
        .map(Some)
        .map_err(|e| {
            let span = match e.key {
                "url" => f.url.as_ref().map(|v| v.span()),
                "query" => f.query.as_ref().map(|v| v.span()),
                "lang" => f.lang.as_ref().map(|v| v.span()),
                "country" => f.country.as_ref().map(|v| v.span()),
                "instance" => f.instance.as_ref().map(|v| v.span()),
                "tag" => f.tag.as_ref().map(|v| v.span()),
                "channel_id" => f.channel_id.as_ref().map(|v| v.span()),
                "subreddit" => f.subreddit.as_ref().map(|v| v.span()),
                _ => Some(preset.span()),
            };
            let offset = span.map(|sp| at.literal_start(&sp)).unwrap_or(table_start);
            at.error(offset, e.message)
        })
}

/// True for feeds read from this machine: files, and HTTP on a loopback address.
fn is_loopback(source: &FeedSource) -> bool {
    match source {
        FeedSource::File(_) => true,
        FeedSource::Http(u) => u.host_str().is_some_and(|h| {
            let h = h.trim_start_matches('[').trim_end_matches(']');
            h.eq_ignore_ascii_case("localhost")
                || h.parse::<std::net::IpAddr>().is_ok_and(|a| a.is_loopback())
        }),
    }
}

/// Accepts `http(s)://`, `file://` and local paths (relative to the config's folder).
fn resolve_feed_url(s: &str, base: &Path) -> Result<(String, FeedSource), String> {
    let t = s.trim();
    if t.is_empty() {
        return Err("feed url must not be empty".into());
    }
    if let Some(rest) = t.strip_prefix("file://") {
        let p = PathBuf::from(rest);
        if !p.is_absolute() {
            return Err(format!(
                "file URL {t:?} must hold an absolute path (file:///path/to/feed.xml)"
            ));
        }
        return Ok((t.to_string(), FeedSource::File(p)));
    }
    if t.contains("://") {
        let url = reqwest::Url::parse(t).map_err(|e| format!("invalid feed URL {t:?}: {e}"))?;
        return match url.scheme() {
            "http" | "https" if url.host_str().is_some() => {
                Ok((url.to_string(), FeedSource::Http(url)))
            }
            "http" | "https" => Err(format!("feed URL {t:?} has no host")),
            other => Err(format!(
                "unsupported scheme {other:?} in {t:?}: use http://, https://, file:// or a local path"
            )),
        };
    }
    let p = if Path::new(t).is_absolute() {
        PathBuf::from(t)
    } else {
        base.join(t)
    };
    Ok((format!("file://{}", p.display()), FeedSource::File(p)))
}

/// `$STATE_DIRECTORY/veille.db` under a system unit, else `$XDG_DATA_HOME/veille/veille.db`,
/// else `~/.local/share/veille/veille.db`.
pub fn default_db_path() -> PathBuf {
    if let Some(dir) = std::env::var_os("STATE_DIRECTORY").filter(|v| !v.is_empty()) {
        // systemd may pass several colon-separated directories; the first is ours.
        let first = dir
            .to_string_lossy()
            .split(':')
            .next()
            .unwrap_or("")
            .to_string();
        return PathBuf::from(first).join("veille.db");
    }
    let data = std::env::var_os("XDG_DATA_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))
        .unwrap_or_else(|| PathBuf::from("."));
    data.join("veille/veille.db")
}

impl Config {
    /// The configured brands compiled (`Brands`: one matcher, one scorer per
    /// brand on `base`, numbered as `self.brands`), as the daemon, `rescore`
    /// and `score` all find and score them.
    pub fn compile_brands(&self, base: &Scorer) -> Result<Brands, BrandsError> {
        Brands::new(
            base,
            self.brands.iter().map(|b| (&b.spec, b.lexicon.as_slice())),
        )
    }

    /// Human-readable summary of what the config resolved to, for `veille check`.
    pub fn describe(&self) -> String {
        let mut s = String::new();
        let d = &self.daemon;
        let _ = writeln!(s, "config:   {}", self.source);
        let _ = writeln!(s, "database: {}", self.storage.path.display());
        if let Some(k) = self.storage.keep {
            let _ = writeln!(
                s,
                "retention: items and mentions older than {} are pruned (alerts kept)",
                format_duration(k)
            );
        }
        let _ = writeln!(
            s,
            "daemon:   every {}, {} at once, timeout {}, body cap {} bytes, time zone {}",
            format_duration(d.interval),
            d.concurrency,
            format_duration(d.timeout),
            d.max_body,
            d.timezone
        );
        let _ = writeln!(s, "feeds ({}):", self.feeds.len());
        for f in &self.feeds {
            let _ = writeln!(
                s,
                "  - {}{} every {}{}",
                f.url,
                f.name
                    .as_ref()
                    .map(|n| format!(" ({n})"))
                    .unwrap_or_default(),
                format_duration(f.interval.unwrap_or(d.interval)),
                if f.weight != 1.0 {
                    format!(", weight {}", f.weight)
                } else {
                    String::new()
                }
            );
        }
        let _ = writeln!(s, "brands ({}):", self.brands.len());
        for b in &self.brands {
            let _ = writeln!(s, "  - {}: aliases {:?}", b.name, b.spec.aliases);
            if !b.spec.exclude.is_empty() {
                let _ = writeln!(s, "      exclude {:?}", b.spec.exclude);
            }
            if !b.spec.exclude_context.is_empty() {
                let _ = writeln!(s, "      exclude_context {:?}", b.spec.exclude_context);
            }
            if let Some(q) = &b.spec.query {
                let _ = writeln!(s, "      query {q:?}");
            }
            if !b.lexicon.is_empty() {
                let _ = writeln!(s, "      lexicon: {} entries", b.lexicon.len());
            }
        }
        let a = &self.alerts;
        let _ = writeln!(
            s,
            "alerts:   desktop {}, language {}, warm-up {} mentions / {} days, cool-down {}, ARL {}",
            if a.desktop { "on" } else { "off" },
            if a.language == UiLang::Fr { "fr" } else { "en" },
            a.detect.warmup_mentions,
            a.detect.warmup_days,
            format_duration(a.detect.cooldown.to_std().unwrap_or_default()),
            a.detect.arl0
        );
        let d = &a.delivery;
        if let Some(r) = d.rate_limit {
            let _ = writeln!(
                s,
                "          at most {} desktop notifications per brand per {}",
                r.max,
                format_duration(r.window)
            );
        }
        if let Some((f, t)) = d.quiet_hours {
            let _ = writeln!(
                s,
                "          quiet hours {}-{} (critical alerts pass)",
                f.format("%H:%M"),
                t.format("%H:%M")
            );
        }
        if let Some(t) = d.digest {
            let _ = writeln!(s, "          daily digest at {}", t.format("%H:%M"));
        }
        for k in &d.sinks {
            let what = match &k.kind {
                // Only scheme and host: the path and query of a webhook URL are secrets.
                SinkKind::Webhook { url, format } => format!(
                    "webhook {} ({})",
                    crate::notify::redact_url(url),
                    if *format == WebhookFormat::Slack {
                        "slack"
                    } else {
                        "json"
                    }
                ),
                SinkKind::Exec { command } => format!("exec {}", command[0]),
            };
            let _ = writeln!(
                s,
                "  sink {}: {what}, timeout {}, {} attempts",
                k.name,
                format_duration(k.timeout),
                k.attempts
            );
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(s: &str) -> Result<Config, ConfigError> {
        parse(s, "test.toml", Path::new("/etc/veille"))
    }

    fn err(s: &str) -> String {
        match parse_str(s) {
            Ok(_) => panic!("config should be invalid:\n{s}"),
            Err(e) => e.to_string(),
        }
    }

    const SMALLEST: &str = r##"
[storage]
path = "/var/tmp/veille-test/veille.db"

[[feeds]]
url = "http://127.0.0.1:8080/press.xml"      # http(s)://, file:// or a local path
# interval = "15m"

[[brands]]
name = "Inwi"
aliases = ["inwi", "إنوي", "#inwi", "@inwi"]
# exclude = ["inwin"]
"##;

    #[test]
    fn smallest_config_from_design_md_is_valid() {
        let c = parse_str(SMALLEST).unwrap();
        assert_eq!(
            c.storage.path,
            PathBuf::from("/var/tmp/veille-test/veille.db")
        );
        assert_eq!(c.feeds.len(), 1);
        assert_eq!(c.feeds[0].url, "http://127.0.0.1:8080/press.xml");
        assert_eq!(c.brands[0].name, "Inwi");
        assert!(c.brands[0].spec.aliases.contains(&"إنوي".to_string()));
        assert_eq!(c.daemon.interval, Duration::from_secs(900));
        assert_eq!(c.daemon.timezone, chrono_tz::Africa::Casablanca);
        assert!(c.describe().contains("Inwi"));
    }

    /// Table of malformed configs: each must name the right line and column.
    #[test]
    fn errors_name_line_and_column() {
        let cases: &[(&str, &str, &str)] = &[
            // (config, expected "LINE:COL", substring of the message)
            (
                "[[feeds]]\nurl = \"http://x/a.xml\"\nintervall = \"5m\"\n",
                "3:1",
                "unknown field",
            ),
            (
                "[[feeds]]\nurl = \"http://x/a.xml\"\ninterval = \"5 fortnights\"\n",
                "3:12",
                "duration",
            ),
            (
                "[[feeds]]\nurl = \"ftp://x/a.xml\"\n",
                "2:8",
                "unsupported scheme",
            ),
            ("[[feeds]]\nurl = 42\n", "2:7", "invalid type"),
            ("[daemon]\ninterval = \"10s\"\n", "2:1", "too short"),
            (
                "[daemon]\ntimezone = \"Mars/Olympus\"\n",
                "2:12",
                "time zone",
            ),
            ("[daemon]\nconcurrency = 0\n", "2:15", "between 1 and 1024"),
            (
                "[[brands]]\nname = \"Inwi\"\n[[brands]]\nname = \"inwi\"\n",
                "4:8",
                "defined twice",
            ),
            ("[[brands]]\nname = \"\"\n", "2:8", "must not be empty"),
            ("[alerts]\nlanguage = \"de\"\n", "2:13", "\"fr\" or \"en\""),
            (
                "[[brands]]\nname = \"X\"\nregex = [\"(unclosed\"]\n",
                "3:",
                "regex",
            ),
            ("[[brands]\nname = \"X\"\n", "1:", ""),
            // The query error points at the unclosed parenthesis itself (column 19).
            (
                "[[brands]]\nname = \"X\"\nquery = \"inwi AND (réseau\"\n",
                "3:19",
                "query",
            ),
        ];
        for (cfg, loc, msg) in cases {
            let e = err(cfg);
            assert!(
                e.starts_with(&format!("test.toml:{loc}")),
                "expected location {loc} for\n{cfg}\ngot: {e}"
            );
            assert!(e.contains(msg), "expected {msg:?} in: {e}");
        }
    }

    #[test]
    fn the_example_config_in_the_repo_is_valid() {
        let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("config/veille.toml");
        let c = load(&p).unwrap_or_else(|e| panic!("{e}"));
        assert!(c.feeds.len() >= 8);
        assert!(c.brands.iter().any(|b| b.name == "Inwi"));
    }

    #[test]
    fn local_paths_resolve_against_config_folder() {
        let c = parse_str("[[feeds]]\nurl = \"feeds/a.xml\"\n").unwrap();
        assert_eq!(c.feeds[0].url, "file:///etc/veille/feeds/a.xml");
        assert_eq!(
            c.feeds[0].source,
            FeedSource::File(PathBuf::from("/etc/veille/feeds/a.xml"))
        );
    }

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let t = "a = \"é\"\nb = 1";
        assert_eq!(line_col(t, 0), (1, 1));
        assert_eq!(line_col(t, t.find('b').unwrap()), (2, 1));
        // After the two-byte é, the column is one more, not two.
        assert_eq!(line_col(t, 7), (1, 7));
    }

    #[test]
    fn presets_expand_in_the_config_and_errors_point_at_the_key() {
        let c = parse_str(
            "[[feeds]]\npreset = \"google_news\"\nquery = \"inwi\"\nlang = \"fr\"\ncountry = \"MA\"\n\n[[feeds]]\npreset = \"mastodon\"\ninstance = \"mastodon.social\"\ntag = \"Maroc\"\nname = \"Mastodon\"\n",
        )
        .unwrap();
        assert_eq!(
            c.feeds[0].url,
            "https://news.google.com/rss/search?q=inwi&hl=fr&gl=MA&ceid=MA%3Afr"
        );
        assert_eq!(
            c.feeds[0].name.as_deref(),
            Some("Google News: inwi (fr-MA)")
        );
        assert_eq!(c.feeds[1].url, "https://mastodon.social/tags/Maroc.rss");
        assert_eq!(c.feeds[1].name.as_deref(), Some("Mastodon"));
        let cases: &[(&str, &str, &str)] = &[
            ("[[feeds]]\npreset = \"bing\"\n", "2:11", "unknown preset"),
            (
                "[[feeds]]\npreset = \"youtube\"\nchannel_id = \"@inwi\"\n",
                "3:15",
                "24-character",
            ),
            (
                "[[feeds]]\npreset = \"google_news\"\n",
                "2:11",
                "needs `query",
            ),
            ("[[feeds]]\nname = \"x\"\n", "1:", "needs `url"),
            (
                "[[feeds]]\npreset = \"google_news\"\nquery = \"x\"\ntag = \"y\"\n",
                "4:8",
                "takes no `tag`",
            ),
        ];
        for (cfg, loc, msg) in cases {
            let e = err(cfg);
            assert!(
                e.starts_with(&format!("test.toml:{loc}")),
                "{loc} for {cfg}: {e}"
            );
            assert!(e.contains(msg), "{msg} in {e}");
        }
    }

    #[test]
    fn sizes() {
        assert_eq!(parse_size("10MB").unwrap(), 10_000_000);
        assert_eq!(parse_size("512KiB").unwrap(), 512 * 1024);
        assert_eq!(parse_size("42").unwrap(), 42);
        assert!(parse_size("lots").is_err());
    }
}
