//! Desktop sink: one notification over the D-Bus session bus, speaking the
//! org.freedesktop.Notifications protocol with zbus directly.
//!
//! Why not notify-rust: the notification server sends `ActionInvoked` only to the
//! connection that called `Notify`, so waiting for a click needs that same connection, and
//! notify-rust's own listener unwraps every bus error (it panics when the bus goes away).
//! The protocol is two method calls; zbus was already in the build for it.
//!
//! The server's capabilities are asked first: the call fails when no server owns the name,
//! which gives a clear "no notification server" error instead of a timeout, and it says
//! whether the server supports actions. With actions, the notification's default action
//! opens the evidence with `xdg-open`; the wait for the click runs in its own task (which
//! owns the connection) so the daemon never blocks on a person.

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

const DEST: &str = "org.freedesktop.Notifications";
const PATH: &str = "/org/freedesktop/Notifications";

async fn bounded<T>(
    f: impl std::future::Future<Output = Result<T, NotifyError>>,
) -> Result<T, NotifyError> {
    tokio::time::timeout(CALL_LIMIT, f)
        .await
        .unwrap_or(Err(NotifyError::Timeout(CALL_LIMIT.as_secs())))
}

async fn connect() -> Result<zbus::Connection, NotifyError> {
    if !session_bus_available() {
        return Err(NotifyError::NoBus);
    }
    bounded(async {
        zbus::Connection::session()
            .await
            .map_err(|e| NotifyError::Desktop(format!("cannot connect to the session bus: {e}")))
    })
    .await
}

/// The notification server's capabilities (e.g. "actions", "body-markup").
async fn capabilities_on(conn: &zbus::Connection) -> Result<Vec<String>, NotifyError> {
    bounded(async {
        let reply = conn
            .call_method(Some(DEST), PATH, Some(DEST), "GetCapabilities", &())
            .await
            .map_err(|e| NotifyError::NoServer(e.to_string()))?;
        reply
            .body()
            .deserialize::<Vec<String>>()
            .map_err(|e| NotifyError::Desktop(format!("GetCapabilities: {e}")))
    })
    .await
}

/// The notification server's capabilities, on a connection of their own.
pub async fn capabilities() -> Result<Vec<String>, NotifyError> {
    capabilities_on(&connect().await?).await
}

/// Sends a desktop notification. `open` is what the default action opens (the alert's
/// first link, else the configured fallback); it is only offered when the server
/// supports actions.
pub async fn desktop(r: &Rendered, open: Option<&str>) -> Result<(), NotifyError> {
    use zbus::Variant as Value;
    let conn = connect().await?;
    let caps = capabilities_on(&conn).await?;
    let open = open
        .map(str::to_string)
        .or_else(|| r.link.clone())
        .filter(|_| caps.iter().any(|c| c == "actions"));
    // Subscribe before showing, so a quick click is not missed.
    let clicks = match &open {
        Some(_) => match bounded(async {
            action_stream(&conn)
                .await
                .map_err(|e| NotifyError::Desktop(e.to_string()))
        })
        .await
        {
            Ok(s) => Some(s),
            Err(e) => {
                tracing::debug!("cannot listen for notification actions: {e}");
                None
            }
        },
        None => None,
    };
    let actions: Vec<&str> = if clicks.is_some() {
        vec!["default", "Ouvrir / Open"]
    } else {
        vec![]
    };
    let mut hints: std::collections::HashMap<&str, Value> = std::collections::HashMap::new();
    // Urgency: 1 normal, 2 critical (servers keep critical ones until dismissed).
    hints.insert("urgency", Value::U8(if r.critical { 2 } else { 1 }));
    hints.insert("desktop-entry", Value::from("veille"));
    hints.insert("category", Value::from("im.received"));
    let icon = if r.critical {
        "dialog-error"
    } else {
        "dialog-warning"
    };
    // Escaped text for servers that interpret markup; the plain text for those that show
    // the body as it is (they would print "&lt;" literally).
    let text = if caps.iter().any(|c| c == "body-markup") {
        r.body.as_str()
    } else {
        r.plain.as_str()
    };
    let body = (
        "veille",
        0u32,
        icon,
        r.summary.as_str(),
        text,
        actions,
        hints,
        -1i32,
    );
    let id: u32 = bounded(async {
        let reply = conn
            .call_method(Some(DEST), PATH, Some(DEST), "Notify", &body)
            .await
            .map_err(|e| NotifyError::Desktop(e.to_string()))?;
        reply
            .body()
            .deserialize::<u32>()
            .map_err(|e| NotifyError::Desktop(format!("Notify: {e}")))
    })
    .await?;
    if let (Some(stream), Some(target)) = (clicks, open) {
        tokio::spawn(async move {
            // The task owns the connection: the server answers clicks on it.
            let _conn = conn;
            if let Ok(true) = tokio::time::timeout(ACTION_WAIT, wait_for_default(stream, id)).await
            {
                open_target(&target).await;
            }
        });
    }
    Ok(())
}

/// Signals from the notification server: ActionInvoked and NotificationClosed.
async fn action_stream(conn: &zbus::Connection) -> zbus::Result<zbus::MessageStream> {
    let rule = zbus::MatchRule::builder()
        .msg_type(zbus::message::Type::Signal)
        .interface("org.freedesktop.Notifications")
        .build()?;
    zbus::MessageStream::for_match_rule(rule, conn, None).await
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
