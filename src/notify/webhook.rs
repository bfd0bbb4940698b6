//! Webhook sink: POSTs the alert as JSON (veille's object, or `{"text": ...}` for Slack,
//! Mattermost and Rocket.Chat incoming webhooks).
//!
//! Webhook URLs usually carry their token in the path or query, so neither the URL nor an
//! error that contains it is ever logged: errors are built from reqwest errors stripped of
//! their URL, and the sink is named by scheme and host only.

use super::NotifyError;
use super::render::{Rendered, slack_escape};
use crate::config::WebhookFormat;
use crate::store::AlertRow;
use std::time::Duration;

pub struct Webhook {
    url: reqwest::Url,
    format: WebhookFormat,
    client: reqwest::Client,
}

/// `scheme://host[:port]/…`: enough to tell webhooks apart, nothing secret.
pub fn redact_url(u: &reqwest::Url) -> String {
    let host = u.host_str().unwrap_or("?");
    let port = u.port().map(|p| format!(":{p}")).unwrap_or_default();
    let rest = if u.path() != "/" || u.query().is_some() {
        "/…"
    } else {
        ""
    };
    format!("{}://{host}{port}{rest}", u.scheme())
}

impl Webhook {
    pub fn new(
        url: reqwest::Url,
        format: WebhookFormat,
        timeout: Duration,
    ) -> Result<Webhook, NotifyError> {
        let client = reqwest::Client::builder()
            .user_agent(concat!("veille/", env!("CARGO_PKG_VERSION")))
            .timeout(timeout)
            .connect_timeout(timeout.min(Duration::from_secs(10)))
            // A redirect would carry the payload somewhere the user did not configure.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| NotifyError::Setup(crate::fetch::error_chain(&e.without_url())))?;
        Ok(Webhook {
            url,
            format,
            client,
        })
    }

    pub fn describe(&self) -> String {
        redact_url(&self.url)
    }

    /// The request body for an alert.
    pub fn payload(&self, a: &AlertRow, r: &Rendered) -> serde_json::Value {
        match self.format {
            WebhookFormat::Json => super::alert_json(a, r),
            WebhookFormat::Slack => {
                let mut text = format!("*{}*", slack_escape(&r.summary));
                if !r.plain.is_empty() {
                    text.push('\n');
                    text.push_str(&slack_escape(&r.plain));
                }
                if let Some(l) = &r.link {
                    // A link we checked to be http(s), in Slack's own link syntax.
                    text.push_str(&format!("\n<{}>", l.replace(['<', '>', '|'], "")));
                }
                serde_json::json!({ "text": text })
            }
        }
    }

    pub async fn send(&self, a: &AlertRow, r: &Rendered) -> Result<(), NotifyError> {
        let body = self.payload(a, r);
        let resp = self
            .client
            .post(self.url.clone())
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(serde_json::to_vec(&body).unwrap_or_default())
            .send()
            .await
            .map_err(|e| NotifyError::Webhook {
                to: self.describe(),
                message: crate::fetch::error_chain(&e.without_url()),
            })?;
        let status = resp.status();
        if status.is_success() {
            return Ok(());
        }
        Err(NotifyError::Webhook {
            to: self.describe(),
            message: format!("HTTP {status}"),
        })
    }
}
