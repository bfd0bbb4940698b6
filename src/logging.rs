//! Logging setup: structured journald records under systemd, readable lines on stderr
//! otherwise.
//!
//! systemd sets `JOURNAL_STREAM=DEV:INODE` for a service whose stderr is the journal; it
//! is only trusted when it matches stderr's own device and inode (a child process or
//! `systemd-cat` may inherit a stale value). Event fields keep their names, upper-cased,
//! with no prefix, so `veille_brand` becomes `VEILLE_BRAND` and `message_id` becomes
//! `MESSAGE_ID`.
//!
//! Journal priorities follow syslog: ERROR 3, WARN 4, INFO 6 (tracing-journald's default
//! would make INFO "notice", 5), DEBUG and TRACE 7. tracing has no level above ERROR, so
//! critical alerts are ERROR events with the target `notify::CRIT_TARGET`, which a second
//! journald layer writes at priority 2 (crit).

use tracing_subscriber::EnvFilter;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

/// True when stderr is connected to the journal (per `JOURNAL_STREAM`).
pub fn stderr_is_journal() -> bool {
    let Some(v) = std::env::var_os("JOURNAL_STREAM") else {
        return false;
    };
    let v = v.to_string_lossy();
    let Some((dev, ino)) = v.split_once(':') else {
        return false;
    };
    let (Ok(dev), Ok(ino)) = (dev.parse::<u64>(), ino.parse::<u64>()) else {
        return false;
    };
    // SAFETY: fstat on fd 2 with a zeroed, properly sized buffer; no aliasing.
    let mut st: libc::stat = unsafe { std::mem::zeroed() };
    if unsafe { libc::fstat(2, &mut st) } != 0 {
        return false;
    }
    st.st_dev as u64 == dev && st.st_ino as u64 == ino
}

/// Installs the global subscriber. `level` (from `--log-level`) wins over `RUST_LOG`;
/// the default is `info`. `force_journald` is for tests and for `VEILLE_LOG=journald`.
pub fn init(level: Option<&str>) {
    let filter = match level {
        Some(l) => EnvFilter::new(l),
        None => EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
    };
    let want_journal = std::env::var("VEILLE_LOG")
        .map(|v| v == "journald")
        .unwrap_or(false)
        || stderr_is_journal();
    if want_journal {
        match (tracing_journald::layer(), tracing_journald::layer()) {
            (Ok(layer), Ok(crit)) => {
                use tracing_journald::{Priority, PriorityMappings};
                use tracing_subscriber::Layer;
                let mappings = PriorityMappings {
                    error: Priority::Error,
                    warn: Priority::Warning,
                    info: Priority::Informational,
                    debug: Priority::Debug,
                    trace: Priority::Debug,
                };
                let is_crit = |m: &tracing::Metadata<'_>| m.target() == crate::notify::CRIT_TARGET;
                let layer = layer
                    .with_field_prefix(None)
                    .with_syslog_identifier("veille".into())
                    .with_priority_mappings(mappings.clone())
                    .with_filter(tracing_subscriber::filter::filter_fn(move |m| !is_crit(m)));
                let crit = crit
                    .with_field_prefix(None)
                    .with_syslog_identifier("veille".into())
                    .with_priority_mappings(PriorityMappings {
                        error: Priority::Critical,
                        ..mappings
                    })
                    .with_filter(tracing_subscriber::filter::filter_fn(is_crit));
                tracing_subscriber::registry()
                    .with(filter)
                    .with(layer)
                    .with(crit)
                    .init();
                return;
            }
            (Err(e), _) | (_, Err(e)) => {
                eprintln!("veille: journald requested but unavailable ({e}); logging to stderr");
            }
        }
    }
    let ansi = std::io::IsTerminal::is_terminal(&std::io::stderr());
    tracing_subscriber::registry()
        .with(filter)
        .with(
            tracing_subscriber::fmt::layer()
                .with_writer(std::io::stderr)
                .with_ansi(ansi)
                .with_target(false),
        )
        .init();
}
