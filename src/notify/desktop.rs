//! Desktop sink: one notification over the D-Bus session bus (org.freedesktop.Notifications)
//! through notify-rust's zbus backend, and the click on it.
//!
//! The server's capabilities are asked first: the call fails when no server owns the name,
//! which gives a clear "no notification server" error instead of a timeout, and it says
//! whether the server supports actions and body markup. With actions, the notification's
//! default action opens the evidence with `xdg-open`.
//!
//! The click: a server reports `ActionInvoked` to the connection that called `Notify`
//! (dunst addresses the signal to it). notify-rust's `show_async` returns a
//! `NotificationHandle` that keeps that very connection, and its `wait_for_action_async`
//! listens on it, so the handle is moved into a task of its own which waits for the click
//! (or the close) without ever blocking the daemon. That listener `unwrap()`s its setup
//! calls to the bus (a DBusProxy, two AddMatch): if the bus vanishes between the `Notify`
//! reply and them, it panics. The wait therefore runs in a task of its own, bounded by
//! `ACTION_WAIT`: a panic ends that task only and is reported as a warning (the panic
//! message itself still reaches stderr through the default hook). Once it listens, a bus
//! that goes away just ends its message stream: no panic, nothing opened. The listener
//! starts reading a few milliseconds after the notification is shown; a click before that
//! would be missed, which no person can do.
//!
//! Why not the blocking `wait_for_action`: it is `zbus::block_on` on a tokio runtime of zbus's
//! own, so it panics on a tokio worker; on a `std::thread` it would run (the connection's
//! reader task lives on our runtime), but it consumes the handle and cannot be cancelled, so
//! each unclicked critical notification would hold an OS thread for as long as the server
//! keeps it on screen.

use super::NotifyError;
use super::render::{Rendered, is_web_link};
use notify_rust::{Hint, Notification, NotificationHandle, NotificationResponse, Timeout, Urgency};
use std::time::Duration;

/// How long a single bus call may take before the server counts as absent.
const CALL_LIMIT: Duration = Duration::from_secs(10);
/// How long a click on a shown notification is still acted on.
const ACTION_WAIT: Duration = Duration::from_secs(6 * 3600);

/// Whether a session bus address can be found the way zbus finds it.
pub fn session_bus_available() -> bool {
    if std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some_and(|v| !v.is_empty()) {
        return true;
    }
    std::env::var_os("XDG_RUNTIME_DIR")
        .map(|d| std::path::Path::new(&d).join("bus").exists())
        .unwrap_or(false)
}

/// The notification server's capabilities (e.g. "actions", "body-markup").
pub async fn capabilities() -> Result<Vec<String>, NotifyError> {
    if !session_bus_available() {
        return Err(NotifyError::NoBus);
    }
    // notify-rust only offers a blocking call for this (zbus::block_on, which panics on a
    // tokio worker): it runs on a blocking thread.
    let call = tokio::task::spawn_blocking(notify_rust::get_capabilities);
    match tokio::time::timeout(CALL_LIMIT, call).await {
        Ok(Ok(Ok(caps))) => Ok(caps),
        Ok(Ok(Err(e))) => Err(NotifyError::NoServer(crate::fetch::error_chain(&e))),
        Ok(Err(e)) => Err(NotifyError::Desktop(e.to_string())),
        Err(_) => Err(NotifyError::Timeout(CALL_LIMIT.as_secs())),
    }
}

/// Sends a desktop notification. `open` is what the default action opens (the alert's
/// first link, else the configured fallback); it is only offered when the server
/// supports actions.
pub async fn desktop(r: &Rendered, open: Option<&str>) -> Result<(), NotifyError> {
    let caps = capabilities().await?;
    let open = open
        .map(str::to_string)
        .or_else(|| r.link.clone())
        .filter(|_| caps.iter().any(|c| c == "actions"));
    // Escaped text for servers that interpret markup; the plain text for those that show
    // the body as it is (they would print "&lt;" literally).
    let text = if caps.iter().any(|c| c == "body-markup") {
        r.body.as_str()
    } else {
        r.plain.as_str()
    };
    let mut n = Notification::new();
    n.appname("veille")
        .summary(&r.summary)
        .body(text)
        .icon(if r.critical {
            "dialog-error"
        } else {
            "dialog-warning"
        })
        .hint(Hint::DesktopEntry("veille".into()))
        .hint(Hint::Category("im.received".into()))
        // Servers keep critical ones until dismissed.
        .urgency(if r.critical {
            Urgency::Critical
        } else {
            Urgency::Normal
        })
        .timeout(Timeout::Default);
    if open.is_some() {
        n.action("default", "Ouvrir / Open");
    }
    let handle = match tokio::time::timeout(CALL_LIMIT, n.show_async()).await {
        Ok(Ok(h)) => h,
        Ok(Err(e)) => return Err(NotifyError::Desktop(crate::fetch::error_chain(&e))),
        Err(_) => return Err(NotifyError::Timeout(CALL_LIMIT.as_secs())),
    };
    match open {
        Some(target) => {
            // Spawned right away: the listener must be in place before a person can click.
            tokio::spawn(act_on_click(handle, target));
        }
        // Dropping the handle closes its connection; the notification stays on screen.
        None => drop(handle),
    }
    Ok(())
}

/// What became of a wait for a click on a notification.
#[derive(Debug, PartialEq, Eq)]
enum Click {
    /// The default action was invoked: open the link.
    Default,
    /// Closed (expired, dismissed) or another action: nothing to do.
    Closed,
    /// The listener stopped without an answer: the bus went away.
    Gone,
    /// Nobody acted within the bound.
    TimedOut,
    /// The listener panicked (notify-rust unwraps its bus calls); contained.
    Failed(String),
}

/// Waits for the click on notification `handle` and opens `target` if it comes.
async fn act_on_click(handle: NotificationHandle, target: String) {
    let id = handle.id();
    let click = contained(ACTION_WAIT, async move {
        let mut answer = None;
        handle
            .wait_for_action_async(|r| answer = Some(*r == NotificationResponse::Default))
            .await;
        match answer {
            Some(true) => Click::Default,
            Some(false) => Click::Closed,
            None => Click::Gone,
        }
    })
    .await;
    match click {
        Click::Default => open_target(&target).await,
        Click::Failed(e) => {
            tracing::warn!(
                "notification {id}: cannot listen for its click, its link will not open: {e}"
            )
        }
        Click::Gone => tracing::info!(
            "notification {id}: the session bus went away, a click on it can no longer be received"
        ),
        Click::Closed => tracing::debug!("notification {id} closed without a click"),
        Click::TimedOut => tracing::debug!(
            "notification {id}: no click within {} h, no longer listening",
            ACTION_WAIT.as_secs() / 3600
        ),
    }
}

/// Runs `wait` as a task of its own, for at most `limit`: a panic in it ends that task
/// only and comes back as `Click::Failed`; past the limit it is cancelled (which drops the
/// notification handle and its connection).
async fn contained(
    limit: Duration,
    wait: impl std::future::Future<Output = Click> + Send + 'static,
) -> Click {
    let task = tokio::spawn(wait);
    let abort = task.abort_handle();
    match tokio::time::timeout(limit, task).await {
        Ok(Ok(click)) => click,
        Ok(Err(e)) if e.is_panic() => {
            let p = e.into_panic();
            let msg = p
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| p.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "panic".into());
            Click::Failed(msg)
        }
        Ok(Err(e)) => Click::Failed(e.to_string()),
        Err(_) => {
            abort.abort();
            Click::TimedOut
        }
    }
}

/// Opens a link or file with the desktop's handler. Feed links are checked to be http(s)
/// before they get here; the configured fallback is the user's own.
///
/// Under systemd (`INVOCATION_ID` is set) the browser is started through `systemd-run
/// --user` as its own transient unit: otherwise it would inherit the service's sandbox
/// (no W^X memory for its JIT) and be killed with the service on a restart.
async fn open_target(target: &str) {
    tracing::info!("opening {target}");
    let mut cmd = if std::env::var_os("INVOCATION_ID").is_some() {
        let mut c = tokio::process::Command::new("systemd-run");
        c.args(["--user", "--collect", "--quiet", "--", "xdg-open"]);
        c
    } else {
        tokio::process::Command::new("xdg-open")
    };
    let status = cmd
        .arg(target)
        .stdin(std::process::Stdio::null())
        .status()
        .await;
    if let Err(e) = status {
        tracing::warn!("cannot run xdg-open: {e}");
    }
}

/// The target of the default action for an alert: its first web link, else the fallback.
pub fn open_target_for(r: &Rendered, fallback: Option<&str>) -> Option<String> {
    r.link
        .clone()
        .filter(|l| is_web_link(l))
        .or_else(|| fallback.map(str::to_string))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regression: notify-rust's click listener `unwrap()`s its bus calls and panicked the
    /// task that ran it when the bus went away; the wait must end as `Failed`, not take
    /// the caller (the daemon) down, and never outlive its bound.
    #[tokio::test]
    async fn notify_rust_listener_panic_is_contained_and_the_wait_is_bounded() {
        type Wait = std::pin::Pin<Box<dyn std::future::Future<Output = Click> + Send>>;
        let cases: Vec<(&str, Wait, Click)> = vec![
            (
                "clicked",
                Box::pin(async { Click::Default }),
                Click::Default,
            ),
            ("closed", Box::pin(async { Click::Closed }), Click::Closed),
            ("bus gone", Box::pin(async { Click::Gone }), Click::Gone),
            (
                "listener panics",
                Box::pin(async { panic!("bus went away") }),
                Click::Failed("bus went away".into()),
            ),
            (
                "nobody clicks",
                Box::pin(std::future::pending()),
                Click::TimedOut,
            ),
        ];
        for (name, wait, want) in cases {
            let got = contained(Duration::from_millis(200), wait).await;
            assert_eq!(got, want, "{name}");
        }
    }
}
