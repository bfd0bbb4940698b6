//! `veille demo`: the whole pipeline, offline, on bundled feeds served over real HTTP on
//! 127.0.0.1.
//!
//! It writes a config and a database into one folder (given, or a new one under the
//! temporary directory) and nothing anywhere else, runs one full poll cycle exactly as the
//! daemon does, and returns what it found so the CLI can print it. The folder is kept so
//! the user can explore it with the read commands (`veille mentions --config DIR/veille.toml`).

pub mod content;
pub mod server;

use crate::config;
use crate::pipeline::{self, Engine, SharedStore, with_store};
use crate::store::{AlertRow, MentionFilter, Store};
use std::fmt::Write as _;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use tokio_util::sync::CancellationToken;

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("demo folder {path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error(transparent)]
    Config(#[from] config::ConfigError),
    #[error(transparent)]
    Engine(#[from] pipeline::EngineError),
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
}

pub struct BrandSummary {
    pub name: String,
    pub mentions: usize,
    pub negative: usize,
    pub neutral: usize,
    pub positive: usize,
    pub languages: Vec<(String, usize)>,
}

pub struct DemoOutcome {
    pub dir: PathBuf,
    pub config_path: PathBuf,
    pub feeds_ok: usize,
    pub feeds_failed: usize,
    pub items: usize,
    pub brands: Vec<BrandSummary>,
    pub alerts: Vec<AlertRow>,
    pub desktop_available: bool,
    /// The HTML report of the demo's data.
    pub report_path: PathBuf,
}

/// Writes the demo config for feeds served at `base` (e.g. `http://127.0.0.1:4242`).
pub fn demo_config(base: &str, desktop: bool) -> String {
    let mut s = String::from(
        "# Written by `veille demo`. The feeds are served on loopback by the demo itself and\n# disappear when it ends; the database stays for you to explore.\n\n[storage]\npath = \"veille.db\"\n\n[daemon]\ninterval = \"15m\"\n\n",
    );
    for (path, name) in content::FEEDS {
        let _ = writeln!(s, "[[feeds]]\nurl = \"{base}{path}\"\nname = \"{name}\"\n");
    }
    for (name, _, _, aliases) in content::BRANDS {
        let list = aliases
            .iter()
            .map(|a| format!("{a:?}"))
            .collect::<Vec<_>>()
            .join(", ");
        let _ = writeln!(s, "[[brands]]\nname = \"{name}\"\naliases = [{list}]\n");
    }
    let _ = writeln!(s, "[alerts]\ndesktop = {desktop}\nlanguage = \"fr\"");
    s
}

fn new_dir() -> PathBuf {
    let stamp = chrono::Utc::now().format("%Y%m%d-%H%M%S");
    std::env::temp_dir().join(format!("veille-demo-{stamp}-{}", std::process::id()))
}

/// Runs the demo in `dir` (a new temporary folder when `None`).
pub async fn run(dir: Option<PathBuf>) -> Result<DemoOutcome, DemoError> {
    let dir = dir.unwrap_or_else(new_dir);
    let io = |source| DemoError::Io {
        path: dir.display().to_string(),
        source,
    };
    std::fs::create_dir_all(&dir).map_err(io)?;
    let now = chrono::Utc::now();
    let server = server::Server::start(content::feeds(now))
        .await
        .map_err(io)?;
    let desktop_available = crate::notify::session_bus_available();
    let config_path = dir.join("veille.toml");
    std::fs::write(
        &config_path,
        demo_config(&format!("http://{}", server.addr), desktop_available),
    )
    .map_err(io)?;
    // A demo run starts from a clean database so that its report is the demo's own.
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(dir.join(format!("veille.db{suffix}")));
    }
    let cfg = config::load(&config_path)?;
    let store: SharedStore = Arc::new(Mutex::new(Store::open(&cfg.storage.path)?));
    let engine = Arc::new(Engine::new(cfg)?);
    let urls: Vec<String> = engine.config.feeds.iter().map(|f| f.url.clone()).collect();
    with_store(&store, move |s| s.sync_feeds(&urls)).await?;
    let report = pipeline::cycle(&engine, &store, false, &CancellationToken::new()).await?;
    drop(server);

    let names: Vec<String> = engine
        .config
        .brands
        .iter()
        .map(|b| b.name.clone())
        .collect();
    let (brands, alerts) = with_store(&store, move |s| {
        let mut out = Vec::new();
        for name in names {
            let ms = s.mentions(&MentionFilter {
                brand: Some(name.clone()),
                ..Default::default()
            })?;
            let mut langs: Vec<(String, usize)> = Vec::new();
            for m in &ms {
                match langs.iter_mut().find(|(l, _)| *l == m.lang) {
                    Some((_, n)) => *n += 1,
                    None => langs.push((m.lang.clone(), 1)),
                }
            }
            langs.sort_by_key(|l| std::cmp::Reverse(l.1));
            out.push(BrandSummary {
                name,
                mentions: ms.len(),
                negative: ms.iter().filter(|m| m.label < 0).count(),
                neutral: ms.iter().filter(|m| m.label == 0).count(),
                positive: ms.iter().filter(|m| m.label > 0).count(),
                languages: langs,
            });
        }
        Ok((out, s.alerts(None)?))
    })
    .await?;
    let report_path = dir.join("report.html");
    let html = {
        let names: Vec<String> = engine
            .config
            .brands
            .iter()
            .map(|b| b.name.clone())
            .collect();
        let opts = crate::report::ReportOptions {
            brands: Vec::new(),
            since: now - chrono::Duration::days(30),
            until: chrono::Utc::now(),
            lang: engine.config.alerts.language,
            tz: engine.config.daemon.timezone,
        };
        let data = with_store(&store, move |s| {
            crate::report::gather(s, &names, &opts, chrono::Utc::now())
        })
        .await?;
        crate::report::html::render(&data)
    };
    std::fs::write(&report_path, html).map_err(io)?;
    Ok(DemoOutcome {
        dir,
        config_path,
        feeds_ok: report.feeds_ok,
        feeds_failed: report.feeds_failed.len(),
        items: report.new_items,
        brands,
        alerts,
        desktop_available,
        report_path,
    })
}
