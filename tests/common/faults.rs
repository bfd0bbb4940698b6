//! A fault-injecting HTTP/1.1 server on loopback for the ingestion tests.
//!
//! Each path has a list of replies, served in order (the last one repeats), and each reply
//! can misbehave the way real servers do: wait before the headers, dribble the body, cut
//! the connection with a TCP reset in the middle of the body, stream without end, send
//! any status and headers (Retry-After, Location, Content-Encoding, Cache-Control, ...),
//! or answer a matching `If-None-Match` with 304. It logs every request with its headers
//! and counts connections open at once per listening address, so politeness (one request
//! at a time per host) can be checked from the server's side.
#![allow(dead_code)]

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream};

#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Wait this long before sending anything.
    pub delay_headers: Duration,
    /// Send the body in chunks of this many bytes, sleeping between chunks.
    pub dribble: Option<(usize, Duration)>,
    /// Send this many body bytes, then reset the connection (RST).
    pub reset_after: Option<usize>,
    /// Stream `body` over and over with chunked encoding until the client hangs up.
    pub endless: bool,
    /// When set, a request with this `If-None-Match` gets 304, and this is the ETag.
    pub etag: Option<String>,
}

impl Reply {
    pub fn ok(content_type: &str, body: impl Into<Vec<u8>>) -> Reply {
        Reply {
            status: 200,
            headers: vec![("Content-Type".into(), content_type.into())],
            body: body.into(),
            delay_headers: Duration::ZERO,
            dribble: None,
            reset_after: None,
            endless: false,
            etag: None,
        }
    }

    pub fn rss(body: impl Into<Vec<u8>>) -> Reply {
        Reply::ok("application/rss+xml; charset=utf-8", body)
    }

    pub fn status(status: u16) -> Reply {
        Reply {
            status,
            ..Reply::ok("text/plain", format!("status {status}"))
        }
    }

    pub fn redirect(status: u16, location: &str) -> Reply {
        Reply::status(status).header("Location", location)
    }

    pub fn header(mut self, k: &str, v: &str) -> Reply {
        self.headers.push((k.into(), v.into()));
        self
    }

    pub fn delay(mut self, d: Duration) -> Reply {
        self.delay_headers = d;
        self
    }

    pub fn dribble(mut self, chunk: usize, every: Duration) -> Reply {
        self.dribble = Some((chunk, every));
        self
    }

    pub fn reset_after(mut self, bytes: usize) -> Reply {
        self.reset_after = Some(bytes);
        self
    }

    pub fn endless(mut self) -> Reply {
        self.endless = true;
        self
    }

    pub fn etag(mut self, tag: &str) -> Reply {
        self.etag = Some(tag.into());
        self
    }
}

/// One request as the server saw it.
#[derive(Debug, Clone)]
pub struct Hit {
    pub path: String,
    pub status: u16,
    pub headers: Vec<(String, String)>,
}

impl Hit {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Connection counts shared by several servers.
#[derive(Debug, Default)]
pub struct Group {
    open: AtomicUsize,
    max_open: AtomicUsize,
}

impl Group {
    pub fn max_open(&self) -> usize {
        self.max_open.load(Ordering::SeqCst)
    }
}

type Routes = Arc<Mutex<HashMap<String, (usize, Vec<Reply>)>>>;

pub struct FaultServer {
    pub addr: SocketAddr,
    routes: Routes,
    hits: Arc<Mutex<Vec<Hit>>>,
    max_open: Arc<AtomicUsize>,
    task: tokio::task::JoinHandle<()>,
}

impl FaultServer {
    /// Serves on 127.0.0.1, port chosen by the OS.
    pub async fn start() -> FaultServer {
        FaultServer::start_on("127.0.0.1").await
    }

    /// Serves on another loopback address (Linux routes all of 127.0.0.0/8 to `lo`), so
    /// tests can have several distinct hosts.
    pub async fn start_on(ip: &str) -> FaultServer {
        FaultServer::start_in_group(ip, Arc::default()).await
    }

    /// Like `start_on`, counting open connections in `group` too, shared by several
    /// servers, to see whether different hosts are served at the same time.
    pub async fn start_in_group(ip: &str, group: Arc<Group>) -> FaultServer {
        let listener = TcpListener::bind((ip, 0)).await.expect("bind loopback");
        let addr = listener.local_addr().expect("local addr");
        let routes: Routes = Arc::default();
        let hits: Arc<Mutex<Vec<Hit>>> = Arc::default();
        let open = Arc::new(AtomicUsize::new(0));
        let max_open = Arc::new(AtomicUsize::new(0));
        let (r, h, mo) = (routes.clone(), hits.clone(), max_open.clone());
        let task = tokio::spawn(async move {
            loop {
                let Ok((sock, _)) = listener.accept().await else {
                    continue;
                };
                let (r, h, o, mo) = (r.clone(), h.clone(), open.clone(), mo.clone());
                let g = group.clone();
                tokio::spawn(async move {
                    let now = o.fetch_add(1, Ordering::SeqCst) + 1;
                    mo.fetch_max(now, Ordering::SeqCst);
                    let all = g.open.fetch_add(1, Ordering::SeqCst) + 1;
                    g.max_open.fetch_max(all, Ordering::SeqCst);
                    let _ = serve(sock, r, h).await;
                    o.fetch_sub(1, Ordering::SeqCst);
                    g.open.fetch_sub(1, Ordering::SeqCst);
                });
            }
        });
        FaultServer {
            addr,
            routes,
            hits,
            max_open,
            task,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    /// Sets the replies for `path`, served in order; the last one repeats.
    pub fn set(&self, path: &str, replies: Vec<Reply>) {
        assert!(!replies.is_empty());
        self.routes
            .lock()
            .unwrap()
            .insert(path.to_string(), (0, replies));
    }

    pub fn hits(&self) -> Vec<Hit> {
        self.hits.lock().unwrap().clone()
    }

    pub fn hits_on(&self, path: &str) -> Vec<Hit> {
        self.hits().into_iter().filter(|h| h.path == path).collect()
    }

    /// The most connections this server ever had open at once.
    pub fn max_open(&self) -> usize {
        self.max_open.load(Ordering::SeqCst)
    }
}

impl Drop for FaultServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        302 => "Found",
        304 => "Not Modified",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        404 => "Not Found",
        410 => "Gone",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Status",
    }
}

async fn serve(
    mut sock: TcpStream,
    routes: Routes,
    hits: Arc<Mutex<Vec<Hit>>>,
) -> std::io::Result<()> {
    let Some(head) = veille::demo::server::read_request_head(&mut sock).await? else {
        return Ok(());
    };
    // A proxied request carries the absolute URL; keep it whole so tests can see it.
    let path = head.target;
    let headers = head.headers;
    let reply = {
        let mut r = routes.lock().unwrap();
        r.get_mut(&path).map(|(i, replies)| {
            let rep = replies[(*i).min(replies.len() - 1)].clone();
            *i += 1;
            rep
        })
    };
    let mut reply = reply.unwrap_or_else(|| Reply::status(404));
    let inm = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("if-none-match"))
        .map(|(_, v)| v.clone());
    if reply.etag.is_some() && inm == reply.etag {
        reply = Reply {
            status: 304,
            body: Vec::new(),
            headers: vec![],
            ..reply
        };
    }
    hits.lock().unwrap().push(Hit {
        path,
        status: reply.status,
        headers,
    });
    tokio::time::sleep(reply.delay_headers).await;
    let mut h = format!(
        "HTTP/1.1 {} {}\r\nConnection: close\r\n",
        reply.status,
        reason(reply.status)
    );
    for (k, v) in &reply.headers {
        h.push_str(&format!("{k}: {v}\r\n"));
    }
    if let Some(tag) = &reply.etag {
        h.push_str(&format!("ETag: {tag}\r\n"));
    }
    if reply.endless {
        h.push_str("Transfer-Encoding: chunked\r\n\r\n");
        sock.write_all(h.as_bytes()).await?;
        let piece = if reply.body.is_empty() {
            vec![b' '; 65536]
        } else {
            reply.body.clone()
        };
        loop {
            sock.write_all(format!("{:x}\r\n", piece.len()).as_bytes())
                .await?;
            sock.write_all(&piece).await?;
            sock.write_all(b"\r\n").await?;
        }
    }
    h.push_str(&format!("Content-Length: {}\r\n\r\n", reply.body.len()));
    sock.write_all(h.as_bytes()).await?;
    let body = &reply.body;
    if let Some(n) = reply.reset_after {
        sock.write_all(&body[..n.min(body.len())]).await?;
        sock.flush().await?;
        tokio::time::sleep(Duration::from_millis(50)).await;
        // SO_LINGER 0: closing sends RST instead of FIN, as a crashed server or a middlebox does.
        sock.set_zero_linger()?;
        drop(sock);
        return Ok(());
    }
    match reply.dribble {
        Some((size, every)) => {
            for piece in body.chunks(size.max(1)) {
                sock.write_all(piece).await?;
                sock.flush().await?;
                tokio::time::sleep(every).await;
            }
        }
        None => sock.write_all(body).await?,
    }
    sock.shutdown().await
}
