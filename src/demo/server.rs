//! A tiny static HTTP/1.1 server on loopback, for `veille demo` and the tests.
//!
//! It serves a fixed set of paths, answers `If-None-Match` with 304, closes each connection
//! after one response, and stops when dropped. Binding port 0 lets the OS pick a free port,
//! so parallel tests never collide.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

#[derive(Debug, Clone)]
pub struct Resource {
    pub content_type: String,
    pub body: Vec<u8>,
}

pub type Routes = Arc<Mutex<HashMap<String, Resource>>>;

pub struct Server {
    pub addr: SocketAddr,
    routes: Routes,
    hits: Arc<Mutex<Vec<String>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Server {
    /// Starts serving `routes` (path -> resource) on 127.0.0.1 at a free port.
    pub async fn start(routes: HashMap<String, Resource>) -> std::io::Result<Server> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let routes: Routes = Arc::new(Mutex::new(routes));
        let hits = Arc::new(Mutex::new(Vec::new()));
        let (r, h) = (routes.clone(), hits.clone());
        let task = tokio::spawn(async move {
            loop {
                let Ok((sock, _)) = listener.accept().await else {
                    continue;
                };
                let (r, h) = (r.clone(), h.clone());
                tokio::spawn(async move {
                    let _ = serve_one(sock, r, h).await;
                });
            }
        });
        Ok(Server {
            addr,
            routes,
            hits,
            task,
        })
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    /// Replaces or adds a resource while serving.
    pub fn set(&self, path: &str, res: Resource) {
        self.routes
            .lock()
            .expect("routes lock")
            .insert(path.to_string(), res);
    }

    /// Request log: "STATUS PATH" per request, in order.
    pub fn hits(&self) -> Vec<String> {
        self.hits.lock().expect("hits lock").clone()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

fn etag_of(body: &[u8]) -> String {
    format!(
        "\"{}\"",
        crate::normalize::content_hash("", &String::from_utf8_lossy(body))
    )
}

/// The request line's target and the headers of one HTTP/1.1 request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestHead {
    /// The path, or the absolute URL of a proxied request.
    pub target: String,
    pub headers: Vec<(String, String)>,
}

impl RequestHead {
    /// The first header of that name, case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Reads a request head (up to the blank line, at most 64 KiB). `None` when the peer
/// closed first or sent too much: there is nothing to answer.
pub async fn read_request_head(
    sock: &mut tokio::net::TcpStream,
) -> std::io::Result<Option<RequestHead>> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = sock.read(&mut chunk).await?;
        if n == 0 || buf.len() > 64 * 1024 {
            return Ok(None);
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    let head = String::from_utf8_lossy(&buf);
    let mut lines = head.lines();
    let target = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .unwrap_or("/")
        .to_string();
    let headers = lines
        .take_while(|l| !l.is_empty())
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    Ok(Some(RequestHead { target, headers }))
}

async fn serve_one(
    mut sock: tokio::net::TcpStream,
    routes: Routes,
    hits: Arc<Mutex<Vec<String>>>,
) -> std::io::Result<()> {
    let Some(head) = read_request_head(&mut sock).await? else {
        return Ok(());
    };
    let if_none_match = head.header("if-none-match").map(str::to_string);
    let path = head.target;
    let res = routes.lock().expect("routes lock").get(&path).cloned();
    let (status, response) = match res {
        None => (
            404,
            b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_vec(),
        ),
        Some(r) => {
            let etag = etag_of(&r.body);
            if if_none_match.as_deref() == Some(etag.as_str()) {
                (
                    304,
                    format!(
                        "HTTP/1.1 304 Not Modified\r\nETag: {etag}\r\nConnection: close\r\n\r\n"
                    )
                    .into_bytes(),
                )
            } else {
                let mut v = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: {}\r\nContent-Length: {}\r\nETag: {etag}\r\nConnection: close\r\n\r\n",
                    r.content_type,
                    r.body.len()
                )
                .into_bytes();
                v.extend_from_slice(&r.body);
                (200, v)
            }
        }
    };
    hits.lock()
        .expect("hits lock")
        .push(format!("{status} {path}"));
    sock.write_all(&response).await?;
    sock.shutdown().await
}
