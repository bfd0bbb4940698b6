//! Exec sink: runs a command with the alert as JSON on its standard input, for anything
//! veille does not speak itself (SMS gateways, mail, chat bridges).
//!
//! The command is run directly (no shell), with a timeout after which it is killed. Its
//! output is not logged: a script may echo its own credentials. Only the exit status is.

use super::NotifyError;
use super::render::Rendered;
use crate::store::AlertRow;
use std::process::Stdio;
use std::time::Duration;
use tokio::io::AsyncWriteExt;

pub struct Exec {
    command: Vec<String>,
    timeout: Duration,
}

impl Exec {
    pub fn new(command: Vec<String>, timeout: Duration) -> Exec {
        Exec { command, timeout }
    }

    pub fn describe(&self) -> String {
        self.command[0].clone()
    }

    pub async fn send(&self, a: &AlertRow, r: &Rendered) -> Result<(), NotifyError> {
        let err = |message: String| NotifyError::Exec {
            program: self.describe(),
            message,
        };
        let mut input = serde_json::to_vec(&super::alert_json(a, r)).unwrap_or_default();
        input.push(b'\n');
        let mut child = tokio::process::Command::new(&self.command[0])
            .args(&self.command[1..])
            .env("VEILLE_ALERT_ID", a.id.to_string())
            .env("VEILLE_BRAND", &a.brand)
            .env("VEILLE_SEVERITY", &a.severity)
            // The command is not the service: it must not speak to systemd for it.
            .env_remove("NOTIFY_SOCKET")
            .env_remove("WATCHDOG_USEC")
            .env_remove("WATCHDOG_PID")
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| err(format!("cannot start: {e}")))?;
        let run = async {
            if let Some(mut stdin) = child.stdin.take() {
                // A command that does not read its input is its own business.
                let _ = stdin.write_all(&input).await;
                drop(stdin);
            }
            child.wait().await
        };
        match tokio::time::timeout(self.timeout, run).await {
            Ok(Ok(st)) if st.success() => Ok(()),
            Ok(Ok(st)) => Err(err(format!("exited with {st}"))),
            Ok(Err(e)) => Err(err(format!("wait failed: {e}"))),
            // Dropping the child kills it (kill_on_drop).
            Err(_) => Err(err(format!(
                "timed out after {} s, killed",
                self.timeout.as_secs_f64()
            ))),
        }
    }
}
