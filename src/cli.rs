//! Command line: the argument definitions and one function per command.
//!
//! The command names, flags, JSON fields and exit codes are a contract with tools outside
//! the repository (see DESIGN.md): `check` exits 78 on a bad config, `once` exits 1 when a
//! feed failed, `score --jsonl` exits 2 on a malformed line, `inspect` exits 1 when the
//! feed does not parse.

use crate::config::{self, Config, ConfigError};
use crate::fetch::{Fetched, Fetcher, error_chain};
use crate::pipeline::{self, Engine, SharedStore, with_store};
use crate::score::{Brands, Scorer};
use crate::store::{MentionFilter, MentionSort, Store, StoreError};
use crate::timeutil::parse_since;
use clap::{Parser, Subcommand};
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use tokio_util::sync::CancellationToken;

#[derive(Parser, Debug)]
#[command(
    name = "veille",
    version,
    about = "Watches public feeds for brand mentions, scores their tone, alerts when it shifts.",
    after_help = TOP_HELP
)]
pub struct Args {
    /// Config file (default: $VEILLE_CONFIG, $XDG_CONFIG_HOME/veille/veille.toml, /etc/veille/veille.toml)
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Log level or filter (error, warn, info, debug, trace; overrides RUST_LOG)
    #[arg(long, global = true, value_name = "LEVEL")]
    pub log_level: Option<String>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run the daemon: poll feeds until SIGTERM/SIGINT; SIGHUP reloads the config
    Run,
    /// Poll every feed once, then exit (exit 1 if some feeds failed)
    Once,
    /// Validate the config and print what it resolved to (exit 78 if invalid)
    Check,
    /// Offline demonstration of the whole pipeline on bundled feeds
    Demo {
        /// Folder for the demo's config and database (default: a new temporary folder)
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
    /// Score one text and explain which terms moved it; --jsonl streams stdin to stdout
    Score {
        /// Text to score (default: read standard input)
        text: Option<String>,
        /// Read JSONL {"id","text"[,"brand"]} on stdin, write {"id","label","score","lang","terms"}
        #[arg(long)]
        jsonl: bool,
        /// Score the sentences around this brand name rather than the whole text
        #[arg(long)]
        brand: Option<String>,
        /// Print the result as JSON
        #[arg(long)]
        json: bool,
    },
    /// Fetch or read one feed and show what veille sees in it
    Inspect {
        /// http(s):// URL, file:// URL or local path
        target: String,
        #[arg(long)]
        json: bool,
    },
    /// Stored mentions, newest first: filter, search, list as a table, JSON lines or CSV
    #[command(after_help = MENTIONS_HELP)]
    Mentions {
        /// Only this brand (case-insensitive)
        #[arg(long)]
        brand: Option<String>,
        /// "7d", "2026-11-01" or RFC 3339
        #[arg(long)]
        since: Option<String>,
        /// "1d", "2026-11-15" or RFC 3339
        #[arg(long)]
        until: Option<String>,
        /// negative, neutral or positive
        #[arg(long)]
        tone: Option<String>,
        /// Language code (fr, ar, en...)
        #[arg(long)]
        lang: Option<String>,
        /// Only feeds whose URL or title contains this (case-insensitive)
        #[arg(long, value_name = "TEXT")]
        feed: Option<String>,
        /// Only authors whose name contains this (case-insensitive)
        #[arg(long, value_name = "TEXT")]
        author: Option<String>,
        /// Full-text search in titles and texts, case- and accent-insensitive: all words
        /// must appear; "a phrase" in quotes; pann* for a prefix; OR, NOT, parentheses
        #[arg(long, value_name = "QUERY")]
        search: Option<String>,
        /// time (newest first) or tone (most negative first)
        #[arg(long, value_enum, default_value_t = SortArg::Time)]
        sort: SortArg,
        /// At most N rows (default: all)
        #[arg(long, value_name = "N")]
        limit: Option<usize>,
        /// One JSON object per line
        #[arg(long, conflicts_with = "csv")]
        json: bool,
        /// CSV (RFC 4180) with a header line
        #[arg(long)]
        csv: bool,
    },
    /// Who talks about each brand: sources and authors with their mentions and tone, the
    /// most active first, or the most critical (largest negative share, whatever the volume)
    #[command(after_help = VOICES_HELP)]
    Voices {
        /// Only this brand (case-insensitive)
        #[arg(long)]
        brand: Option<String>,
        /// Start of the period: "30d", "2026-11-01" or RFC 3339
        #[arg(long, default_value = "30d")]
        since: String,
        /// End of the period (default: now)
        #[arg(long)]
        until: Option<String>,
        /// active (most mentions first) or critical (largest negative share first; only
        /// voices with a negative mention)
        #[arg(long, value_enum, default_value_t = VoiceSortArg::Active)]
        sort: VoiceSortArg,
        /// Authors only (leave the feeds out)
        #[arg(long)]
        authors: bool,
        /// At most N voices per brand
        #[arg(long, value_name = "N", default_value_t = 20)]
        limit: usize,
        /// One JSON object per line
        #[arg(long)]
        json: bool,
    },
    /// Write a self-contained HTML report with charts (opens offline in any browser)
    #[command(after_help = REPORT_HELP)]
    Report {
        /// Brands to detail (repeat the flag; default: every configured brand)
        #[arg(long, value_name = "BRAND")]
        brand: Vec<String>,
        /// Start of the period: "30d", "2026-11-01" or RFC 3339
        #[arg(long, default_value = "30d")]
        since: String,
        /// End of the period (default: now)
        #[arg(long)]
        until: Option<String>,
        /// Language of the report: fr or en
        #[arg(long, value_enum, default_value_t = LangArg::Fr)]
        lang: LangArg,
        /// Where to write the HTML file
        #[arg(long, value_name = "FILE.html", default_value = "veille-report.html")]
        out: PathBuf,
    },
    /// Re-score the stored mentions with the current config's lexicons (after a lexicon
    /// change); alerts already raised are kept as they are
    #[command(after_help = RESCORE_HELP)]
    Rescore {
        /// Only this brand
        #[arg(long)]
        brand: Option<String>,
    },
    /// Print a shell completion script for bash, zsh, fish, elvish or powershell
    #[command(after_help = COMPLETIONS_HELP)]
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff) to standard output
    #[command(after_help = MAN_HELP)]
    Man,
    /// Stored alerts, newest first
    Alerts {
        #[arg(long)]
        brand: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Detector simulation: false alarms and detection delays on streams with known change
    /// points, against a mean + 3σ peak rule (the benchmark of the alert detectors)
    Simulate {
        #[arg(long, default_value_t = 20260222)]
        seed: u64,
        /// Replications per ARL check
        #[arg(long, default_value_t = 4000)]
        runs: u32,
    },
    /// Per-feed health: last success, last error, failures in a row, next check; `import`
    /// and `export` move subscriptions in and out as OPML
    Feeds {
        #[arg(long)]
        json: bool,
        #[command(subcommand)]
        action: Option<FeedsAction>,
    },
    /// Prune what `[storage] keep` no longer keeps, then compact the database file
    /// (SQLite VACUUM; needs the daemon stopped and free space about the database's size)
    Vacuum,
    /// Send a sample alert through every configured sink (desktop, webhooks, commands) and
    /// report each result (exit 1 if one failed)
    NotifyTest,
}

const TOP_HELP: &str = "Examples:
  veille demo                                   # offline tour, ends with an HTML report
  veille check && veille once                   # validate the config, poll every feed once
  veille mentions --brand Inwi --since 7d --tone negative
  veille report --since 30d --out rapport.html
  veille completions bash > ~/.local/share/bash-completion/completions/veille";

const MENTIONS_HELP: &str = "Examples:
  veille mentions --brand Inwi --since 7d --tone negative
  veille mentions --search 'panne réseau' --since 2026-11-01
  veille mentions --search '\"service client\" OR injoignable' --sort tone --limit 20
  veille mentions --brand Inwi --json > inwi.jsonl
  veille mentions --feed hespress --author karim --csv > mentions.csv";

const VOICES_HELP: &str = "Examples:
  veille voices --brand Inwi                      # who wrote most about Inwi in 30 days
  veille voices --sort critical --authors --since 7d
  veille voices --json | jq 'select(.negative > 2)'";

const REPORT_HELP: &str = "Examples:
  veille report --out rapport.html
  veille report --brand Inwi --brand Orange --since 90d --out inwi-vs-orange.html
  veille report --lang en --since 2026-11-01 --until 2026-11-30 --out november.html";

const RESCORE_HELP: &str = "Examples:
  veille rescore                 # every stored mention
  veille rescore --brand Inwi    # after editing Inwi's [[brands.lexicon]] entries";

const COMPLETIONS_HELP: &str = "Install (user):
  veille completions bash > ~/.local/share/bash-completion/completions/veille
  veille completions zsh  > ~/.zfunc/_veille      # with fpath+=~/.zfunc in ~/.zshrc
  veille completions fish > ~/.config/fish/completions/veille.fish";

const MAN_HELP: &str = "Install (user):
  mkdir -p ~/.local/share/man/man1 && veille man > ~/.local/share/man/man1/veille.1
  man veille";

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortArg {
    Time,
    Tone,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum VoiceSortArg {
    Active,
    Critical,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum LangArg {
    Fr,
    En,
}

#[derive(Subcommand, Debug)]
pub enum FeedsAction {
    /// Append the feeds of an OPML file to the config file as [[feeds]] tables (comments and
    /// layout kept, feeds already listed skipped, the result validated before it is written)
    Import {
        file: PathBuf,
        /// Print the [[feeds]] tables instead of writing them
        #[arg(long)]
        dry_run: bool,
    },
    /// Write the configured feeds (presets expanded) as OPML 2.0 on stdout
    Export,
}

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Engine(#[from] pipeline::EngineError),
    #[error(transparent)]
    Daemon(#[from] crate::daemon::DaemonError),
    #[error(transparent)]
    Demo(#[from] crate::demo::DemoError),
    #[error("{0}")]
    Usage(String),
    #[error("I/O error: {0}")]
    Io(#[from] std::io::Error),
}

impl CliError {
    pub fn exit_code(&self) -> i32 {
        match self {
            CliError::Config(_) => ConfigError::EXIT_CODE,
            CliError::Usage(_) => 2,
            _ => 1,
        }
    }
}

/// `print!` / `println!` that return the write error instead of panicking:
/// `veille check | head -1` closes the pipe early, and that is not a crash
/// (`dispatch` turns the broken pipe into a quiet exit 0).
macro_rules! out {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        write!(std::io::stdout(), $($t)*).map_err(CliError::Io)?;
    }};
}
macro_rules! outln {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout(), $($t)*).map_err(CliError::Io)?;
    }};
}

fn load_config(explicit: Option<&Path>) -> Result<Config, CliError> {
    let path = config::locate(explicit)?;
    Ok(config::load(&path)?)
}

/// Runs a parsed command; returns the process exit code. A reader that closes
/// stdout early (`veille score --jsonl < big | head`) has taken what it wanted:
/// the broken pipe ends the command quietly with 0, as ripgrep's output does.
pub async fn dispatch(args: Args) -> Result<i32, CliError> {
    match run_command(args).await {
        Err(CliError::Io(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(0),
        r => r,
    }
}

async fn run_command(args: Args) -> Result<i32, CliError> {
    let cfg_path = args.config.as_deref();
    match args.command {
        Command::Check => {
            let c = load_config(cfg_path)?;
            out!("{}", c.describe());
            outln!("ok: configuration is valid");
            Ok(0)
        }
        Command::Run => run_daemon(cfg_path).await,
        Command::Once => once(cfg_path).await,
        Command::Demo { dir } => demo(dir).await,
        Command::Score {
            text,
            jsonl,
            brand,
            json,
        } => score(cfg_path, text, jsonl, brand, json),
        Command::Inspect { target, json } => inspect(&target, json).await,
        Command::Mentions {
            brand,
            since,
            until,
            tone,
            lang,
            feed,
            author,
            search,
            sort,
            limit,
            json,
            csv,
        } => {
            let now = chrono::Utc::now();
            let tone = match tone.as_deref() {
                None => None,
                Some("negative" | "neg" | "-1") => Some(-1),
                Some("neutral" | "neu" | "0") => Some(0),
                Some("positive" | "pos" | "1") => Some(1),
                Some(other) => {
                    return Err(CliError::Usage(format!(
                        "--tone {other:?}: expected negative, neutral or positive"
                    )));
                }
            };
            let f = MentionFilter {
                brand,
                since: since
                    .map(|s| parse_since(&s, now))
                    .transpose()
                    .map_err(CliError::Usage)?,
                until: until
                    .map(|s| parse_until(&s, now))
                    .transpose()
                    .map_err(CliError::Usage)?,
                tone,
                lang,
                search,
                limit,
                feed,
                author,
                sort: match sort {
                    SortArg::Time => MentionSort::Time,
                    SortArg::Tone => MentionSort::Tone,
                },
            };
            let format = if json {
                ListFormat::Json
            } else if csv {
                ListFormat::Csv
            } else {
                ListFormat::Table
            };
            mentions(cfg_path, &f, format)
        }
        Command::Voices {
            brand,
            since,
            until,
            sort,
            authors,
            limit,
            json,
        } => voices(
            cfg_path,
            VoicesQuery {
                brand,
                since,
                until,
                sort,
                authors_only: authors,
                limit,
            },
            json,
        ),
        Command::Report {
            brand,
            since,
            until,
            lang,
            out,
        } => report(cfg_path, brand, &since, until.as_deref(), lang, &out),
        Command::Rescore { brand } => rescore(cfg_path, brand.as_deref()),
        Command::Completions { shell } => {
            use clap::CommandFactory;
            let mut cmd = Args::command();
            // Into memory first: clap_complete panics on a failed write (a
            // closed pipe), ours is reported.
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut cmd, "veille", &mut script);
            std::io::Write::write_all(&mut std::io::stdout().lock(), &script)?;
            Ok(0)
        }
        Command::Man => {
            use clap::CommandFactory;
            let mut out = std::io::stdout().lock();
            clap_mangen::Man::new(Args::command()).render(&mut out)?;
            Ok(0)
        }
        Command::Alerts { brand, json } => alerts(cfg_path, brand.as_deref(), json),
        Command::Feeds { json, action } => match action {
            None => feeds(cfg_path, json),
            Some(FeedsAction::Import { file, dry_run }) => feeds_import(cfg_path, &file, dry_run),
            Some(FeedsAction::Export) => {
                let c = load_config(cfg_path)?;
                out!("{}", crate::opml::export(&c.feeds));
                Ok(0)
            }
        },
        Command::Vacuum => vacuum(cfg_path).await,
        Command::NotifyTest => notify_test(cfg_path).await,
        Command::Simulate { seed, runs } => {
            let cfg = crate::detect::DetectConfig::default();
            outln!(
                "{}",
                crate::detect::sim::arl_validation(seed, cfg.arl0, runs)
            );
            let report = crate::detect::sim::simulate_with(
                &cfg,
                seed,
                &crate::detect::sim::default_scenarios(),
            );
            outln!("{report}");
            Ok(0)
        }
    }
}

async fn run_daemon(cfg_path: Option<&Path>) -> Result<i32, CliError> {
    let cfg = load_config(cfg_path)?;
    let shutdown = CancellationToken::new();
    let (reload_tx, reload_rx) = tokio::sync::mpsc::unbounded_channel();
    let token = shutdown.clone();
    tokio::spawn(async move {
        use tokio::signal::unix::{SignalKind, signal};
        let (Ok(mut term), Ok(mut int), Ok(mut hup)) = (
            signal(SignalKind::terminate()),
            signal(SignalKind::interrupt()),
            signal(SignalKind::hangup()),
        ) else {
            tracing::error!("cannot install signal handlers");
            return;
        };
        loop {
            tokio::select! {
                _ = term.recv() => { tracing::info!("SIGTERM: stopping"); token.cancel(); return; }
                _ = int.recv() => { tracing::info!("SIGINT: stopping"); token.cancel(); return; }
                _ = hup.recv() => { tracing::info!("SIGHUP: reloading the config"); let _ = reload_tx.send(()); }
            }
        }
    });
    crate::daemon::run(cfg_path.map(Path::to_path_buf), cfg, shutdown, reload_rx).await?;
    Ok(0)
}

async fn notify_test(cfg_path: Option<&Path>) -> Result<i32, CliError> {
    let cfg = load_config(cfg_path)?;
    let sinks = crate::notify::sinks(&cfg).map_err(pipeline::EngineError::from)?;
    if sinks.is_empty() {
        outln!("no sinks configured ([alerts] desktop = false and no [[alerts.sinks]])");
        return Ok(0);
    }
    let results = crate::notify::notify_test(&sinks, cfg.alerts.language).await;
    let mut failed = 0;
    for r in &results {
        match &r.result {
            Ok(()) => outln!("ok      {:<12} {}", r.name, r.what),
            Err(e) => {
                failed += 1;
                outln!("FAILED  {:<12} {}: {e}", r.name, r.what);
            }
        }
    }
    Ok(if failed == 0 { 0 } else { 1 })
}

async fn once(cfg_path: Option<&Path>) -> Result<i32, CliError> {
    let cfg = load_config(cfg_path)?;
    // `once` writes like the daemon does, so it must not run beside one.
    let _lock = crate::store::WriterLock::acquire(&cfg.storage.path)?;
    let store: SharedStore = Arc::new(Mutex::new(Store::open(&cfg.storage.path)?));
    let engine = Arc::new(Engine::new(cfg)?);
    let urls: Vec<String> = engine.config.feeds.iter().map(|f| f.url.clone()).collect();
    with_store(&store, move |s| s.sync_feeds(&urls)).await?;
    let bar = Arc::new(crate::progress::Progress::new("poll", 0));
    let hook: pipeline::FeedProgress = {
        let bar = bar.clone();
        Arc::new(move |done, total| {
            bar.set_total(total);
            bar.set(done);
        })
    };
    let r = pipeline::cycle_with_progress(
        &engine,
        &store,
        false,
        &CancellationToken::new(),
        Some(hook),
        &|| {},
    )
    .await?;
    bar.finish();
    crate::daemon::prune_expired(&engine, &store, &CancellationToken::new()).await?;
    outln!(
        "{} feeds polled ({} unchanged), {} failed; {} new items, {} new mentions, {} new alerts",
        r.feeds_ok + r.feeds_failed.len(),
        r.feeds_not_modified,
        r.feeds_failed.len(),
        r.new_items,
        r.new_mentions,
        r.new_alerts.len()
    );
    for (url, err) in &r.feeds_failed {
        eprintln!("failed: {url}: {err}");
    }
    Ok(if r.feeds_failed.is_empty() { 0 } else { 1 })
}

async fn vacuum(cfg_path: Option<&Path>) -> Result<i32, CliError> {
    let cfg = load_config(cfg_path)?;
    let _lock = crate::store::WriterLock::acquire(&cfg.storage.path)?;
    let store: SharedStore = Arc::new(Mutex::new(Store::open_existing(&cfg.storage.path)?));
    let engine = Engine::new(cfg)?;
    let p = crate::daemon::prune_expired(&engine, &store, &CancellationToken::new()).await?;
    let v = with_store(&store, |s| s.vacuum()).await?;
    outln!(
        "pruned {} items and {} mentions; database {} -> {} bytes",
        p.items,
        p.mentions,
        v.before,
        v.after
    );
    Ok(0)
}

async fn demo(dir: Option<PathBuf>) -> Result<i32, CliError> {
    // The header first: the pipeline logs its alert (the journald record, on
    // stderr in a terminal) while it runs, and it read as if before the demo.
    outln!("veille demo — bundled feeds served on loopback, whole pipeline, no network\n");
    let o = crate::demo::run(dir).await?;
    outln!(
        "{} feeds polled ({} failed), {} items stored",
        o.feeds_ok + o.feeds_failed,
        o.feeds_failed,
        o.items
    );
    outln!("\nMentions per brand:");
    for b in &o.brands {
        let langs = b
            .languages
            .iter()
            .map(|(l, n)| format!("{l} {n}"))
            .collect::<Vec<_>>()
            .join(", ");
        outln!(
            "  {:<14} {:>3} mentions   negative {:>3}   neutral {:>3}   positive {:>3}   ({langs})",
            b.name,
            b.mentions,
            b.negative,
            b.neutral,
            b.positive
        );
    }
    outln!("\nAlerts ({}):", o.alerts.len());
    for a in &o.alerts {
        let r = crate::notify::render(a, crate::config::UiLang::Fr);
        outln!(
            "  [{}] {} ({}, raised {})",
            a.severity,
            r.summary,
            a.detector,
            a.raised_at
        );
        for e in a.evidence_rows.iter().take(3) {
            outln!("      - {} <{}>", e.title, e.link.as_deref().unwrap_or(""));
        }
    }
    if !o.desktop_available {
        outln!(
            "\n(no D-Bus session bus here: alerts were stored and logged, not shown on a desktop)"
        );
    }
    outln!("\nEverything is in {}", o.dir.display());
    outln!("Report (open it in a browser): {}", o.report_path.display());
    outln!(
        "Explore it:  veille mentions --config {} --brand \"Atlas Mobile\" --tone negative",
        o.config_path.display()
    );
    outln!(
        "             veille alerts --config {}",
        o.config_path.display()
    );
    outln!(
        "             veille voices --config {} --brand \"Atlas Mobile\" --sort critical",
        o.config_path.display()
    );
    Ok(0)
}

/// The config `score` reads, if any: the scorer works without one; with one,
/// the user's lexicon entries apply, and a configured `--brand` is found and
/// scored as the daemon does (`Brands`).
fn score_config(cfg_path: Option<&Path>) -> Result<Option<Config>, CliError> {
    match config::locate(cfg_path) {
        Ok(p) if p.exists() => Ok(Some(config::load(&p)?)),
        _ if cfg_path.is_some() => load_config(cfg_path).map(Some),
        _ => Ok(None),
    }
}

/// The configured brands `score` knows (`Brands`: their matcher and
/// scorers), none without a config. `base` carries `[scoring] lexicon`.
fn score_brands(cfg: Option<&Config>, base: &Scorer) -> Result<Brands, CliError> {
    match cfg {
        Some(c) => c.compile_brands(base),
        None => Brands::new(base, []),
    }
    .map_err(|e| CliError::Usage(e.to_string()))
}

/// Where a name the config does not know is in `text`, for `score --brand`:
/// found as written (case- and accent-insensitive), alone.
fn name_targets(text: &str, brand: &str) -> Vec<std::ops::Range<usize>> {
    let f = crate::matcher::fold(text);
    let needle = crate::matcher::fold(brand).text;
    f.text
        .match_indices(&needle)
        .map(|(i, m)| f.to_original(i)..f.to_original(i + m.len()))
        .collect()
}

fn score(
    cfg_path: Option<&Path>,
    text: Option<String>,
    jsonl: bool,
    brand: Option<String>,
    json: bool,
) -> Result<i32, CliError> {
    let cfg = score_config(cfg_path)?;
    let extra = cfg.as_ref().map(|c| c.lexicon.as_slice()).unwrap_or(&[]);
    let scorer = Scorer::new(extra).map_err(|e| CliError::Usage(e.to_string()))?;
    if jsonl {
        // A line whose "brand" the config names is scored as `--brand` scores it.
        let brands = score_brands(cfg.as_ref(), &scorer)?;
        let stdin = std::io::stdin().lock();
        let stdout = std::io::stdout().lock();
        let r = crate::score::jsonl::run_jsonl_brands(&scorer, &brands, stdin, stdout);
        // The process ends right after: freeing the lexicon's tens of thousands
        // of small allocations one by one would take longer than a short batch.
        std::mem::forget(brands);
        std::mem::forget(scorer);
        return match r {
            Ok(()) => Ok(0),
            Err(e @ crate::score::jsonl::JsonlError::Malformed { .. }) => {
                eprintln!("veille score: {e}");
                Ok(2)
            }
            Err(crate::score::jsonl::JsonlError::Io(e)) => Err(CliError::Io(e)),
        };
    }
    let text = match text {
        Some(t) => t,
        None => {
            let mut s = String::new();
            for line in std::io::stdin().lock().lines() {
                s.push_str(&line?);
                s.push('\n');
            }
            s
        }
    };
    // Scored as the daemon would score it after normalize, and said so: a user pasting
    // text copied from a broken page should know why the terms read differently.
    let text = match crate::mojibake::repair(&text) {
        std::borrow::Cow::Borrowed(_) => text,
        std::borrow::Cow::Owned(fixed) => {
            eprintln!("veille score: repaired mojibake (UTF-8 read as windows-1252): {fixed}");
            fixed
        }
    };
    let (s, whole) = match &brand {
        Some(b) => {
            // Only a configured brand comes with every other tracked brand's
            // mentions (see `score_targeted_among`).
            let brands = score_brands(cfg.as_ref(), &scorer)?;
            let (t, found, how) = match brands.find(b) {
                Some(k) => {
                    let (t, m) = brands.score(k, &text);
                    let how = "none of its aliases or handles matches (or an exclusion does)";
                    (t, !m.targets.is_empty(), how)
                }
                None => {
                    let targets = name_targets(&text, b);
                    let t = scorer.score_targeted(&text, &targets);
                    (t, !targets.is_empty(), "the name does not occur")
                }
            };
            if !found {
                eprintln!(
                    "veille score: {b:?} is not mentioned in the text ({how}): scoring the whole text"
                );
            }
            (t.target, Some(t.whole))
        }
        None => (scorer.score(&text), None),
    };
    let mut out = std::io::stdout().lock();
    if json {
        writeln!(
            out,
            "{}",
            serde_json::json!({"label": s.label, "score": s.score, "lang": s.lang, "terms": s.terms, "whole": whole})
        )?;
        return Ok(0);
    }
    let tone = match s.label {
        1 => "positive",
        -1 => "negative",
        _ => "neutral",
    };
    writeln!(
        out,
        "{tone} (label {}, score {:+.3}, language {})",
        s.label, s.score, s.lang
    )?;
    if s.terms.is_empty() {
        writeln!(out, "  no term moved the score")?;
    }
    for t in &s.terms {
        writeln!(out, "  {:+.2}  {}  ({})", t.weight, t.term, t.why)?;
    }
    if let Some(w) = whole {
        writeln!(out, "whole text: label {}, score {:+.3}", w.label, w.score)?;
    }
    Ok(0)
}

async fn inspect(target: &str, json: bool) -> Result<i32, CliError> {
    let cfg = config::parse(
        &format!("[[feeds]]\nurl = {}\n", toml_string(target)),
        "<inspect>",
        &std::env::current_dir()?,
    );
    let result = async {
        let cfg = cfg.map_err(|e| e.to_string())?;
        let feed = cfg.feeds[0].clone();
        let fetcher = Fetcher::new(&cfg.daemon).map_err(|e| error_chain(&e))?;
        let body = match fetcher
            .fetch(&feed.url, &feed.source, &Default::default())
            .await
        {
            Ok(Fetched::Body(b)) => b,
            Ok(Fetched::NotModified) => return Err("unexpected 304 Not Modified".to_string()),
            Err(e) => return Err(error_chain(&e)),
        };
        crate::parse::parse_with(
            &body.bytes,
            body.content_type.as_deref(),
            Some(&body.final_url),
        )
        .map_err(|e| format!("{}: {e}", feed.url))
    }
    .await;
    let now = chrono::Utc::now();
    let mut out = std::io::stdout().lock();
    match result {
        Ok(feed) => {
            let entries: Vec<serde_json::Value> = feed
                .entries
                .iter()
                .map(|e| {
                    let it = crate::normalize::normalize(e, now);
                    serde_json::json!({
                        "id": it.guid,
                        "title": it.title,
                        "link": it.link,
                        "published": it.published.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                        "lang": crate::score::detect_lang(&it.doc()),
                        "author": it.author,
                    })
                })
                .collect();
            if json {
                writeln!(
                    out,
                    "{}",
                    serde_json::json!({"ok": true, "error": null, "feed_title": feed.title, "entries": entries})
                )?;
            } else {
                writeln!(
                    out,
                    "{} — {} entries",
                    feed.title.as_deref().unwrap_or("(untitled feed)"),
                    entries.len()
                )?;
                for e in &entries {
                    writeln!(
                        out,
                        "  {}  [{}]  {}",
                        e["published"].as_str().unwrap_or(""),
                        e["lang"].as_str().unwrap_or(""),
                        e["title"].as_str().unwrap_or("")
                    )?;
                }
            }
            Ok(0)
        }
        Err(msg) => {
            if json {
                writeln!(
                    out,
                    "{}",
                    serde_json::json!({"ok": false, "error": msg, "feed_title": null, "entries": []})
                )?;
            } else {
                eprintln!("veille inspect: {msg}");
            }
            Ok(1)
        }
    }
}

fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn open_read(cfg_path: Option<&Path>) -> Result<Store, CliError> {
    let cfg = load_config(cfg_path)?;
    Ok(Store::open_existing(&cfg.storage.path)?)
}

/// `--until`: like `--since`, except that a bare date means the end of that day (so
/// `--until 2026-11-15` includes the 15th).
fn parse_until(
    s: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<chrono::DateTime<chrono::Utc>, String> {
    let t = parse_since(s, now)?;
    Ok(
        if chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").is_ok() {
            t + chrono::Duration::days(1) - chrono::Duration::seconds(1)
        } else {
            t
        },
    )
}

/// Output form of `veille mentions`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ListFormat {
    Table,
    Json,
    Csv,
}

/// Opens the database read-only: listing must not stand in the daemon's way.
fn open_read_only(cfg_path: Option<&Path>) -> Result<(Config, Store), CliError> {
    let cfg = load_config(cfg_path)?;
    let store = Store::open_read_only(&cfg.storage.path)?;
    Ok((cfg, store))
}

fn mentions(
    cfg_path: Option<&Path>,
    f: &MentionFilter,
    format: ListFormat,
) -> Result<i32, CliError> {
    use crate::report::listing;
    let (_, store) = open_read_only(cfg_path)?;
    let rows = store.mentions(f)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let written = match format {
        ListFormat::Json => listing::write_json(&mut out, &rows),
        ListFormat::Csv => listing::write_csv(&mut out, &rows),
        ListFormat::Table if rows.is_empty() => writeln!(out, "no mentions match"),
        ListFormat::Table => {
            listing::write_table(&mut out, &rows, listing::TableStyle::for_stdout())
        }
    };
    // `veille mentions | head` closes the pipe early: `dispatch` turns that
    // broken pipe into exit 0, as for every command.
    written.and_then(|_| out.flush())?;
    Ok(0)
}

/// What `veille voices` lists.
struct VoicesQuery {
    brand: Option<String>,
    since: String,
    until: Option<String>,
    sort: VoiceSortArg,
    authors_only: bool,
    limit: usize,
}

fn voices(cfg_path: Option<&Path>, q: VoicesQuery, json: bool) -> Result<i32, CliError> {
    use crate::report::voices::{BrandVoices, write_json, write_table};
    use crate::report::{VoiceRank, listing::TableStyle, rank_voices, voices as voices_of};
    let now = chrono::Utc::now();
    let f = MentionFilter {
        brand: q.brand,
        since: Some(parse_since(&q.since, now).map_err(CliError::Usage)?),
        until: q
            .until
            .map(|u| parse_until(&u, now))
            .transpose()
            .map_err(CliError::Usage)?,
        ..Default::default()
    };
    let (cfg, store) = open_read_only(cfg_path)?;
    let rows = store.mentions(&f)?;
    // Brands in config order, then any the database still holds from an older config.
    let mut names: Vec<String> = cfg.brands.iter().map(|b| b.name.clone()).collect();
    for m in &rows {
        if !names.contains(&m.brand) {
            names.push(m.brand.clone());
        }
    }
    let rank = match q.sort {
        VoiceSortArg::Active => VoiceRank::Active,
        VoiceSortArg::Critical => VoiceRank::Critical,
    };
    let ranked: Vec<(String, Vec<crate::report::Voice>)> = names
        .into_iter()
        .filter_map(|name| {
            let ms: Vec<_> = rows.iter().filter(|m| m.brand == name).collect();
            let mut vs = rank_voices(voices_of(&ms), rank);
            vs.retain(|v| v.is_author || !q.authors_only);
            vs.truncate(q.limit);
            (!vs.is_empty()).then_some((name, vs))
        })
        .collect();
    let brands: Vec<BrandVoices<'_>> = ranked
        .iter()
        .map(|(brand, voices)| BrandVoices { brand, voices })
        .collect();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let written = if json {
        write_json(&mut out, &brands)
    } else if brands.is_empty() {
        writeln!(out, "no mentions match")
    } else {
        write_table(&mut out, &brands, TableStyle::for_stdout())
    };
    written.and_then(|_| out.flush())?;
    Ok(0)
}

fn report(
    cfg_path: Option<&Path>,
    brands: Vec<String>,
    since: &str,
    until: Option<&str>,
    lang: LangArg,
    out: &Path,
) -> Result<i32, CliError> {
    let now = chrono::Utc::now();
    let since = parse_since(since, now).map_err(CliError::Usage)?;
    let until = until
        .map(|u| parse_until(u, now))
        .transpose()
        .map_err(CliError::Usage)?
        .unwrap_or(now);
    if until < since {
        return Err(CliError::Usage(format!(
            "--until ({}) is before --since ({})",
            until.to_rfc3339(),
            since.to_rfc3339()
        )));
    }
    let (cfg, store) = open_read_only(cfg_path)?;
    let configured: Vec<String> = cfg.brands.iter().map(|b| b.name.clone()).collect();
    for b in &brands {
        if !configured
            .iter()
            .any(|c| c.eq_ignore_ascii_case(b) || c.to_lowercase() == b.to_lowercase())
        {
            return Err(CliError::Usage(format!(
                "--brand {b:?}: not a configured brand (configured: {})",
                configured.join(", ")
            )));
        }
    }
    let opts = crate::report::ReportOptions {
        brands,
        since,
        until,
        lang: match lang {
            LangArg::Fr => crate::config::UiLang::Fr,
            LangArg::En => crate::config::UiLang::En,
        },
        tz: cfg.daemon.timezone,
    };
    let data = crate::report::gather(&store, &configured, &opts, now)?;
    let html = crate::report::html::render(&data);
    std::fs::write(out, html)
        .map_err(|e| CliError::Usage(format!("{}: cannot write the report: {e}", out.display())))?;
    let total: usize = data.brands.iter().map(|b| b.total).sum();
    let alerts: usize = data.brands.iter().map(|b| b.alerts.len()).sum();
    outln!(
        "report written to {} ({} mentions, {} alerts, {} brands)",
        out.display(),
        total,
        alerts,
        data.brands.len()
    );
    Ok(0)
}

/// Mentions re-scored per transaction: small enough that the daemon never waits long for
/// the write lock, large enough that commits do not dominate.
const RESCORE_BATCH: usize = 500;

fn rescore(cfg_path: Option<&Path>, brand: Option<&str>) -> Result<i32, CliError> {
    use crate::matcher::Doc;
    let cfg = load_config(cfg_path)?;
    let mut store = Store::open_existing(&cfg.storage.path)?;
    let base = Scorer::new(&cfg.lexicon).map_err(|e| CliError::Usage(e.to_string()))?;
    let brands = score_brands(Some(&cfg), &base)?;
    let ids = store.mention_ids(brand)?;
    let progress = crate::progress::Progress::new("rescore", ids.len());
    let (mut changed, mut skipped) = (0usize, 0usize);
    for batch in ids.chunks(RESCORE_BATCH) {
        let inputs = store.rescore_inputs(batch)?;
        let mut updates = Vec::with_capacity(inputs.len());
        for m in &inputs {
            // A brand no longer in the config keeps its stored tone.
            let Some(b) = brands.find(&m.brand) else {
                skipped += 1;
                continue;
            };
            let item = crate::normalize::Item {
                guid: String::new(),
                link: None,
                title: m.title.clone(),
                text: m.text.clone(),
                author: None,
                published: chrono::Utc::now(),
                hash: String::new(),
            };
            let doc = item.doc();
            // Every occurrence, as the pipeline scores them; the stored first offset if
            // the current aliases no longer find the brand.
            let lang = crate::score::detect_lang(&doc);
            let crate::score::BrandMentions {
                targets: mut ranges,
                others,
            } = brands.mentions_in(
                b,
                &Doc {
                    text: &doc,
                    source: &m.feed,
                    lang,
                },
            );
            if ranges.is_empty() {
                ranges.push(m.start.min(doc.len())..m.end.min(doc.len()));
            }
            // As the pipeline scores it: other brands' clauses left out.
            let t = brands
                .scorer(b)
                .score_targeted_among(&doc, &ranges, &others);
            if t.target.label != m.label || (t.target.score - m.score).abs() > 1e-9 {
                changed += 1;
            }
            updates.push(crate::store::ScoreUpdate {
                id: m.id,
                label: t.target.label,
                score: t.target.score,
                whole_label: t.whole.label,
                whole_score: t.whole.score,
                lang: t.target.lang.clone(),
                terms: serde_json::to_value(&t.target.terms).unwrap_or_default(),
            });
        }
        store.update_scores(&updates)?;
        progress.inc(batch.len());
    }
    progress.finish();
    outln!(
        "{} mentions re-scored, {} changed tone or score{}",
        ids.len() - skipped,
        changed,
        if skipped > 0 {
            format!(", {skipped} kept (brand no longer configured)")
        } else {
            String::new()
        }
    );
    Ok(0)
}

fn alerts(cfg_path: Option<&Path>, brand: Option<&str>, json: bool) -> Result<i32, CliError> {
    // Read-only, like the other read commands: never in the daemon's way.
    let (cfg, store) = open_read_only(cfg_path)?;
    let rows = store.alerts(brand)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for a in &rows {
        // Per-sink delivery state (desktop, webhooks, commands): why an alert is pending.
        let deliveries = store.deliveries(a.id)?;
        if json {
            let mut v = serde_json::to_value(a).map_err(std::io::Error::from)?;
            v["deliveries"] = serde_json::to_value(&deliveries).map_err(std::io::Error::from)?;
            serde_json::to_writer(&mut out, &v).map_err(std::io::Error::from)?;
            writeln!(out)?;
        } else {
            let r = crate::notify::render(a, cfg.alerts.language);
            writeln!(
                out,
                "{}  [{}] {}  ({}, {})",
                a.raised_at,
                a.severity,
                r.summary,
                a.detector,
                if a.delivered {
                    "delivered"
                } else {
                    "not yet delivered"
                }
            )?;
            for e in a.evidence_rows.iter().take(5) {
                writeln!(
                    out,
                    "    {:+.2}  {}  {}",
                    e.score,
                    e.title,
                    e.link.as_deref().unwrap_or("")
                )?;
            }
            for d in deliveries.iter().filter(|d| d.outcome.is_none()) {
                writeln!(
                    out,
                    "    pending on {}: {} attempt(s){}",
                    d.sink,
                    d.attempts,
                    d.last_error
                        .as_deref()
                        .map(|e| format!(", last error: {e}"))
                        .unwrap_or_default()
                )?;
            }
        }
    }
    if !json && rows.is_empty() {
        writeln!(out, "no alerts")?;
    }
    out.flush()?;
    Ok(0)
}

fn feeds(cfg_path: Option<&Path>, json: bool) -> Result<i32, CliError> {
    let store = open_read(cfg_path)?;
    let fmt = |t: Option<chrono::DateTime<chrono::Utc>>| {
        t.map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
            .unwrap_or_else(|| "never".into())
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for f in store.feed_states()? {
        if json {
            writeln!(
                out,
                "{}",
                serde_json::json!({
                    "url": f.url, "title": f.title, "last_success": f.last_success.map(|t| t.to_rfc3339()),
                    "last_error": f.last_error, "last_error_at": f.last_error_at.map(|t| t.to_rfc3339()),
                    "failures": f.failures, "next_check": f.next_check.map(|t| t.to_rfc3339()),
                    "items_seen": f.items_seen, "dead": f.dead,
                    "dead_reason": f.dead_reason, "effective_url": f.effective_url,
                    "failing_since": f.failing_since.map(|t| t.to_rfc3339()),
                    "last_new_item": f.last_new_item.map(|t| t.to_rfc3339()),
                    "failing_for_a_day": f.warned & crate::store::WARNED_FAILING != 0,
                    "silent": f.warned & crate::store::WARNED_SILENT != 0,
                })
            )?;
        } else {
            writeln!(out, "{}{}", f.url, if f.dead { "  [DEAD]" } else { "" })?;
            if let Some(t) = &f.title {
                writeln!(out, "    title {t}")?;
            }
            writeln!(
                out,
                "    last success {}   failures in a row {}   items seen {}   next check {}",
                fmt(f.last_success),
                f.failures,
                f.items_seen,
                if f.dead {
                    "never (dead)".to_string()
                } else {
                    fmt(f.next_check)
                }
            )?;
            if let Some(e) = &f.last_error {
                writeln!(out, "    last error ({}): {e}", fmt(f.last_error_at))?;
            }
            if let Some(since) = f.failing_since {
                writeln!(out, "    failing since {}", fmt(Some(since)))?;
            }
            if let Some(r) = &f.dead_reason {
                writeln!(out, "    dead: {r}")?;
            }
            if let Some(m) = &f.effective_url {
                writeln!(out, "    moved permanently to {m} (polled there)")?;
            }
            if f.warned & crate::store::WARNED_FAILING != 0 {
                writeln!(out, "    WARNING: failing for more than a day")?;
            }
            if f.warned & crate::store::WARNED_SILENT != 0 {
                writeln!(
                    out,
                    "    WARNING: no new item for much longer than usual (since {})",
                    fmt(f.last_new_item)
                )?;
            }
        }
    }
    out.flush()?;
    Ok(0)
}

/// `veille feeds import FILE.opml`: appends the new feeds to the config file.
fn feeds_import(cfg_path: Option<&Path>, file: &Path, dry_run: bool) -> Result<i32, CliError> {
    let path = config::locate(cfg_path)?;
    let cfg = config::load(&path)?;
    let bytes = std::fs::read(file)
        .map_err(|e| CliError::Usage(format!("{}: cannot read: {e}", file.display())))?;
    let outlines = crate::opml::parse(&bytes, &file.display().to_string())
        .map_err(|e| CliError::Usage(e.to_string()))?;
    let known = cfg
        .feeds
        .iter()
        .map(|f| crate::opml::normalise_url(&f.url))
        .collect();
    let (tables, skipped) = crate::opml::to_toml(&outlines, &known);
    let added = outlines.len() - skipped;
    if dry_run {
        out!("{tables}");
        eprintln!("{added} feeds to add, {skipped} already configured (dry run: nothing written)");
        return Ok(0);
    }
    if added == 0 {
        outln!("nothing to add: all {skipped} feeds are already configured");
        return Ok(0);
    }
    let old = std::fs::read_to_string(&path).map_err(|source| ConfigError::Io {
        path: path.display().to_string(),
        source,
    })?;
    let mut new = old.clone();
    if !new.ends_with('\n') {
        new.push('\n');
    }
    new.push_str(&format!(
        "\n# Imported from {} by `veille feeds import`\n",
        file.display()
    ));
    new.push_str(&tables);
    // Validate the whole new file before replacing the old one.
    config::parse(
        &new,
        &path.display().to_string(),
        path.parent().unwrap_or(Path::new(".")),
    )?;
    let tmp = path.with_extension("toml.import-tmp");
    std::fs::write(&tmp, &new)?;
    std::fs::rename(&tmp, &path)?;
    outln!(
        "added {added} feeds to {} ({skipped} already configured); `veille check` shows them, SIGHUP makes a running daemon read them",
        path.display()
    );
    Ok(0)
}

#[cfg(test)]
mod report_branch_tests {
    use super::*;
    use chrono::TimeZone;

    /// Regression: `--until 2026-11-15` meant midnight, so the 15th itself was left out.
    #[test]
    fn until_a_date_includes_that_day() {
        let now = chrono::Utc
            .with_ymd_and_hms(2026, 11, 22, 12, 0, 0)
            .unwrap();
        let cases = [
            ("2026-11-15", "2026-11-15T23:59:59+00:00"),
            ("2026-11-15T10:00:00Z", "2026-11-15T10:00:00+00:00"),
            ("1d", "2026-11-21T12:00:00+00:00"),
        ];
        for (input, want) in cases {
            assert_eq!(
                parse_until(input, now).unwrap().to_rfc3339(),
                want,
                "{input}"
            );
        }
        assert!(parse_until("tomorrow", now).is_err());
    }
}
