//! Desktop sink: one notification over the D-Bus session bus (org.freedesktop.Notifications)
//! through notify-rust's zbus backend.
//!
//! The server's capabilities are asked first: the call fails when no server owns the name,
//! which gives a clear "no notification server" error instead of a timeout, and it says
//! whether the server supports actions. With actions, the notification's default action
//! opens the evidence with `xdg-open`; the wait for the click runs in its own task so the
//! daemon never blocks on a person.

use super::NotifyError;
use super::render::{Rendered, is_web_link};
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
    // notify-rust only offers a blocking call for this; it runs on a blocking thread.
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
    let mut n = notify_rust::Notification::new();
    n.appname("veille")
        .summary(&r.summary)
        .body(&r.body)
        .icon(if r.critical {
            "dialog-error"
        } else {
            "dialog-warning"
        })
        .hint(notify_rust::Hint::DesktopEntry("veille".into()))
        .hint(notify_rust::Hint::Category("im.received".into()))
        .urgency(if r.critical {
            notify_rust::Urgency::Critical
        } else {
            notify_rust::Urgency::Normal
        });
    let open = open
        .map(str::to_string)
        .or_else(|| r.link.clone())
        .filter(|_| caps.iter().any(|c| c == "actions"));
    // Subscribe before showing, so a quick click is not missed.
    let clicks = match &open {
        Some(_) => match tokio::time::timeout(CALL_LIMIT, action_stream()).await {
            Ok(Ok(s)) => Some(s),
            Ok(Err(e)) => {
                tracing::debug!("cannot listen for notification actions: {e}");
                None
            }
            Err(_) => None,
        },
        None => None,
    };
    if clicks.is_some() {
        n.action("default", "Ouvrir / Open");
    }
    let handle = match tokio::time::timeout(CALL_LIMIT, n.show_async()).await {
        Ok(Ok(h)) => h,
        Ok(Err(e)) => return Err(NotifyError::Desktop(crate::fetch::error_chain(&e))),
        Err(_) => return Err(NotifyError::Timeout(CALL_LIMIT.as_secs())),
    };
    if let (Some(stream), Some(target)) = (clicks, open) {
        let id = handle.id();
        tokio::spawn(async move {
            if let Ok(true) = tokio::time::timeout(ACTION_WAIT, wait_for_default(stream, id)).await
            {
                open_target(&target).await;
            }
        });
    }
    Ok(())
}

/// Signals from the notification server: ActionInvoked and NotificationClosed.
async fn action_stream() -> zbus::Result<zbus::MessageStream> {
    let conn = zbus::Connection::session().await?;
    let rule = zbus::MatchRule::builder()
        .msg_type(zbus::message::Type::Signal)
        .interface("org.freedesktop.Notifications")
        .build()?;
    zbus::MessageStream::for_match_rule(rule, &conn, None).await
}

/// True when notification `id`'s default action was invoked; false when it was closed or
/// the bus went away.
async fn wait_for_default(mut stream: zbus::MessageStream, id: u32) -> bool {
    use futures_util::StreamExt;
    while let Some(Ok(msg)) = stream.next().await {
        let header = msg.header();
        let member = header.member().map(|m| m.as_str().to_string());
        match member.as_deref() {
            Some("ActionInvoked") => {
                if let Ok((nid, action)) = msg.body().deserialize::<(u32, String)>()
                    && nid == id
                {
                    return action == "default";
                }
            }
            Some("NotificationClosed") => {
                if let Ok((nid, _)) = msg.body().deserialize::<(u32, u32)>()
                    && nid == id
                {
                    return false;
                }
            }
            _ => {}
        }
    }
    false
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
