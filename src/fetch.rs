//! Fetch: gets a feed's bytes over HTTP(S) or from a local file.
//!
//! Conditional GET (ETag / Last-Modified) on every request, connect and total timeouts,
//! and a cap on the body size counted *after* decompression, so an endless body or a
//! decompression bomb stops at the cap with a clear error. Errors carry the feed URL and
//! the whole `source()` chain, because reqwest's top-level messages are terse.
//!
//! Redirects are followed here rather than by reqwest, so that a loop is named as such and
//! a chain made only of permanent redirects (301/308) is reported: the caller then polls
//! the new address from now on. The response's caching hints (`Cache-Control: max-age`,
//! `Expires`) and a 429/503's `Retry-After` come back to the scheduler, which never polls
//! sooner than the server asked. Proxies come from `HTTP_PROXY`/`HTTPS_PROXY`/`NO_PROXY`
//! (reqwest reads them when the client is built).

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

/// What the response said about the schedule and the feed's address, whatever the outcome.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Meta {
    /// The server's caching lifetime (`Cache-Control: max-age`, else `Expires` − `Date`).
    pub fresh_for: Option<Duration>,
    /// Where every redirect on the way was permanent (301/308): the feed's new address.
    pub moved_to: Option<String>,
}

/// A fetch's outcome with its metadata.
#[derive(Debug)]
pub struct Fetch {
    pub fetched: Fetched,
    pub meta: Meta,
}

/// The most redirects followed before giving up.
pub const MAX_REDIRECTS: usize = 10;

#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error("{url}: HTTP {status}{}", retry_after.map(|d| format!(" (Retry-After {} s)", d.as_secs())).unwrap_or_default())]
    Status {
        url: String,
        status: u16,
        /// 429/503: how long the server asked us to wait.
        retry_after: Option<Duration>,
    },
    #[error("{url}: redirect loop ({})", chain.join(" -> "))]
    RedirectLoop { url: String, chain: Vec<String> },
    #[error("{url}: more than {MAX_REDIRECTS} redirects")]
    TooManyRedirects { url: String },
    #[error("{url}: redirect without a usable Location header")]
    BadRedirect { url: String },
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
            .redirect(reqwest::redirect::Policy::none())
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
        self.fetch_full(url, source, v).await.map(|f| f.fetched)
    }

    /// Like `fetch`, with what the response said about caching and the feed's address.
    pub async fn fetch_full(
        &self,
        url: &str,
        source: &FeedSource,
        v: &Validators,
    ) -> Result<Fetch, FetchError> {
        match source {
            FeedSource::Http(u) => self.fetch_http(u.clone(), v).await,
            FeedSource::File(p) => self.fetch_file(url, p, v).await.map(|fetched| Fetch {
                fetched,
                meta: Meta::default(),
            }),
        }
    }

    async fn fetch_http(&self, url: reqwest::Url, v: &Validators) -> Result<Fetch, FetchError> {
        let shown = url.to_string();
        let mut chain = vec![url.clone()];
        let mut all_permanent = true;
        let mut current = url;
        let mut resp = loop {
            let resp = self.send(current.clone(), v, &shown).await?;
            let status = resp.status();
            if !status.is_redirection() || status == reqwest::StatusCode::NOT_MODIFIED {
                break resp;
            }
            let next = resp
                .headers()
                .get(reqwest::header::LOCATION)
                .and_then(|h| h.to_str().ok())
                .and_then(|l| current.join(l).ok())
                .filter(|u| matches!(u.scheme(), "http" | "https"))
                .ok_or_else(|| FetchError::BadRedirect { url: shown.clone() })?;
            all_permanent &= matches!(status.as_u16(), 301 | 308);
            if chain.contains(&next) {
                chain.push(next);
                return Err(FetchError::RedirectLoop {
                    url: shown,
                    chain: chain.iter().map(|u| u.to_string()).collect(),
                });
            }
            if chain.len() > MAX_REDIRECTS {
                return Err(FetchError::TooManyRedirects { url: shown });
            }
            chain.push(next.clone());
            current = next;
        };
        let moved_to = (chain.len() > 1 && all_permanent).then(|| current.to_string());
        let meta = Meta {
            fresh_for: freshness(resp.headers(), chrono::Utc::now()),
            moved_to,
        };
        let status = resp.status();
        if status == reqwest::StatusCode::NOT_MODIFIED {
            return Ok(Fetch {
                fetched: Fetched::NotModified,
                meta,
            });
        }
        if !status.is_success() {
            let retry_after = if matches!(status.as_u16(), 429 | 503) {
                resp.headers()
                    .get(reqwest::header::RETRY_AFTER)
                    .and_then(|h| h.to_str().ok())
                    .and_then(|h| parse_retry_after(h, chrono::Utc::now()))
            } else {
                None
            };
            return Err(FetchError::Status {
                url: shown,
                status: status.as_u16(),
                retry_after,
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
        Ok(Fetch {
            fetched: Fetched::Body(Body {
                bytes,
                content_type,
                validators,
                final_url,
            }),
            meta,
        })
    }

    async fn send(
        &self,
        url: reqwest::Url,
        v: &Validators,
        shown: &str,
    ) -> Result<reqwest::Response, FetchError> {
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
        req.send().await.map_err(|e| self.net_error(shown, e))
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
        // The body stream's errors arrive as a decode error wrapping the real cause; a
        // decompression failure (a corrupt gzip) is reported as such by the chain.
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

/// How long the response may be cached, from `Cache-Control` (`max-age`, ignored with
/// `no-cache`/`no-store`) or else `Expires` (relative to the response's `Date`, else `now`).
pub fn freshness(
    h: &reqwest::header::HeaderMap,
    now: chrono::DateTime<chrono::Utc>,
) -> Option<Duration> {
    if let Some(cc) = h
        .get(reqwest::header::CACHE_CONTROL)
        .and_then(|v| v.to_str().ok())
    {
        let mut max_age = None;
        for d in cc.split(',') {
            let d = d.trim().to_ascii_lowercase();
            if d == "no-cache" || d == "no-store" {
                return None;
            }
            if let Some(v) = d.strip_prefix("max-age=") {
                max_age = v.trim_matches('"').parse::<u64>().ok();
            }
        }
        if let Some(s) = max_age {
            return (s > 0).then(|| Duration::from_secs(s));
        }
    }
    let date = |name| {
        h.get(name)
            .and_then(|v: &reqwest::header::HeaderValue| v.to_str().ok())
            .and_then(parse_http_date)
    };
    let expires = date(reqwest::header::EXPIRES)?;
    let base = date(reqwest::header::DATE).unwrap_or(now);
    (expires - base).to_std().ok().filter(|d| !d.is_zero())
}

/// `Retry-After`: delay-seconds or an HTTP date.
pub fn parse_retry_after(v: &str, now: chrono::DateTime<chrono::Utc>) -> Option<Duration> {
    let v = v.trim();
    if let Ok(s) = v.parse::<u64>() {
        return Some(Duration::from_secs(s));
    }
    let at = parse_http_date(v)?;
    Some((at - now).to_std().unwrap_or(Duration::ZERO))
}

/// An HTTP date (IMF-fixdate, as RFC 9110 requires senders to use; RFC 2822 parsing also
/// accepts the obsolete forms that differ only in spacing).
pub fn parse_http_date(v: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    chrono::DateTime::parse_from_rfc2822(v.trim())
        .ok()
        .map(|d| d.with_timezone(&chrono::Utc))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use reqwest::header::{HeaderMap, HeaderValue};

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(
                reqwest::header::HeaderName::from_bytes(k.as_bytes()).unwrap(),
                HeaderValue::from_str(v).unwrap(),
            );
        }
        h
    }

    #[test]
    fn retry_after_seconds_or_date() {
        let now = chrono::Utc
            .with_ymd_and_hms(2026, 11, 22, 12, 0, 0)
            .unwrap();
        assert_eq!(
            parse_retry_after("120", now),
            Some(Duration::from_secs(120))
        );
        assert_eq!(
            parse_retry_after("Sun, 22 Nov 2026 13:00:00 GMT", now),
            Some(Duration::from_secs(3600))
        );
        assert_eq!(
            parse_retry_after("Sun, 22 Nov 2026 11:00:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon", now), None);
    }

    #[test]
    fn freshness_from_cache_control_or_expires() {
        let now = chrono::Utc
            .with_ymd_and_hms(2026, 11, 22, 12, 0, 0)
            .unwrap();
        type Case<'a> = (&'a [(&'a str, &'a str)], Option<u64>);
        let cases: &[Case] = &[
            (&[("cache-control", "public, max-age=3600")], Some(3600)),
            (&[("cache-control", "no-cache, max-age=3600")], None),
            (&[("cache-control", "max-age=0")], None),
            (
                &[
                    ("expires", "Sun, 22 Nov 2026 14:00:00 GMT"),
                    ("date", "Sun, 22 Nov 2026 13:00:00 GMT"),
                ],
                Some(3600),
            ),
            (&[("expires", "Sun, 22 Nov 2026 12:30:00 GMT")], Some(1800)),
            (&[("expires", "0")], None),
            (&[], None),
        ];
        for (h, want) in cases {
            assert_eq!(
                freshness(&headers(h), now),
                want.map(Duration::from_secs),
                "{h:?}"
            );
        }
    }
}
