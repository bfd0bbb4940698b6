//! Fetch: gets a feed's bytes over HTTP(S) or from a local file.
//!
//! Conditional GET (ETag / Last-Modified) on every request, connect and total timeouts,
//! and a cap on the body size counted *after* decompression, so an endless body or a
//! decompression bomb stops at the cap with a clear error. Errors carry the feed URL and
//! the whole `source()` chain, because reqwest's top-level messages are terse.

use crate::config::{DaemonConfig, FeedSource};
use std::time::Duration;

/// Validators remembered from the last successful fetch.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// What came back.
#[derive(Debug)]
pub enum Fetched {
    /// 304, or an unchanged local file: nothing to parse.
    NotModified,
    Body(Body),
}

#[derive(Debug)]
pub struct Body {
    pub bytes: Vec<u8>,
    pub content_type: Option<String>,
    pub validators: Validators,
    /// The URL after redirects.
    pub final_url: String,
}

#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error("{url}: HTTP {status}")]
    Status { url: String, status: u16 },
    #[error("{url}: timed out after {secs} s")]
    Timeout { url: String, secs: u64 },
    #[error("{url}: body larger than the {cap}-byte cap (max_body in [daemon])")]
    TooLarge { url: String, cap: u64 },
    #[error("{url}: {message}")]
    Network { url: String, message: String },
    #[error("{path}: {source}")]
    File {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot build the HTTP client: {0}")]
    Client(String),
}

/// Renders an error with all its causes: "a: b: c".
pub fn error_chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut s = e.to_string();
    let mut cur = e.source();
    while let Some(c) = cur {
        let m = c.to_string();
        if !s.contains(&m) {
            s.push_str(": ");
            s.push_str(&m);
        }
        cur = c.source();
    }
    s
}

pub struct Fetcher {
    client: reqwest::Client,
    max_body: u64,
    timeout: Duration,
}

pub fn user_agent() -> String {
    format!(
        "veille/{} (e-reputation feed monitor; polite: conditional GET, backoff)",
        env!("CARGO_PKG_VERSION")
    )
}

impl Fetcher {
    pub fn new(cfg: &DaemonConfig) -> Result<Fetcher, FetchError> {
        let client = reqwest::Client::builder()
            .user_agent(user_agent())
            .connect_timeout(cfg.connect_timeout)
            .timeout(cfg.timeout)
            .redirect(reqwest::redirect::Policy::limited(10))
            .build()
            .map_err(|e| FetchError::Client(error_chain(&e)))?;
        Ok(Fetcher {
            client,
            max_body: cfg.max_body,
            timeout: cfg.timeout,
        })
    }

    pub async fn fetch(
        &self,
        url: &str,
        source: &FeedSource,
        v: &Validators,
    ) -> Result<Fetched, FetchError> {
        match source {
            FeedSource::Http(u) => self.fetch_http(u.clone(), v).await,
            FeedSource::File(p) => self.fetch_file(url, p, v).await,
        }
    }

    async fn fetch_http(&self, url: reqwest::Url, v: &Validators) -> Result<Fetched, FetchError> {
        let shown = url.to_string();
        let mut req = self.client.get(url).header(
            reqwest::header::ACCEPT,
            "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5",
        );
        if let Some(e) = &v.etag {
            req = req.header(reqwest::header::IF_NONE_MATCH, e);
        }
        if let Some(lm) = &v.last_modified {
            req = req.header(reqwest::header::IF_MODIFIED_SINCE, lm);
        }
        let mut resp = req.send().await.map_err(|e| self.net_error(&shown, e))?;
        let status = resp.status();
        if status == reqwest::StatusCode::NOT_MODIFIED {
            return Ok(Fetched::NotModified);
        }
        if !status.is_success() {
            return Err(FetchError::Status {
                url: shown,
                status: status.as_u16(),
            });
        }
        let header = |name: reqwest::header::HeaderName| {
            resp.headers()
                .get(name)
                .and_then(|h| h.to_str().ok())
                .map(str::to_string)
        };
        let validators = Validators {
            etag: header(reqwest::header::ETAG),
            last_modified: header(reqwest::header::LAST_MODIFIED),
        };
        let content_type = header(reqwest::header::CONTENT_TYPE);
        let final_url = resp.url().to_string();
        // Read chunk by chunk: chunks are already decompressed, so the cap bounds memory
        // whatever the compression ratio.
        let mut bytes = Vec::new();
        while let Some(chunk) = resp.chunk().await.map_err(|e| self.net_error(&shown, e))? {
            if bytes.len() as u64 + chunk.len() as u64 > self.max_body {
                return Err(FetchError::TooLarge {
                    url: shown,
                    cap: self.max_body,
                });
            }
            bytes.extend_from_slice(&chunk);
        }
        Ok(Fetched::Body(Body {
            bytes,
            content_type,
            validators,
            final_url,
        }))
    }

    async fn fetch_file(
        &self,
        url: &str,
        path: &std::path::Path,
        v: &Validators,
    ) -> Result<Fetched, FetchError> {
        let file_err = |source| FetchError::File {
            path: path.display().to_string(),
            source,
        };
        let meta = tokio::fs::metadata(path).await.map_err(file_err)?;
        if meta.len() > self.max_body {
            return Err(FetchError::TooLarge {
                url: url.to_string(),
                cap: self.max_body,
            });
        }
        // A file's modification time plays the part of Last-Modified.
        let mtime = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map(|d| format!("mtime:{}.{:09}", d.as_secs(), d.subsec_nanos()));
        if mtime.is_some() && mtime == v.last_modified {
            return Ok(Fetched::NotModified);
        }
        let bytes = tokio::fs::read(path).await.map_err(file_err)?;
        Ok(Fetched::Body(Body {
            bytes,
            content_type: None,
            validators: Validators {
                etag: None,
                last_modified: mtime,
            },
            final_url: url.to_string(),
        }))
    }

    fn net_error(&self, url: &str, e: reqwest::Error) -> FetchError {
        if e.is_timeout() {
            FetchError::Timeout {
                url: url.to_string(),
                secs: self.timeout.as_secs(),
            }
        } else {
            FetchError::Network {
                url: url.to_string(),
                message: error_chain(&e),
            }
        }
    }
}
