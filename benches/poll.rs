//! Poll-cycle benchmark (not a test): how long one full cycle over N feeds of 20 items
//! takes, and the polling process's peak memory.
//!
//! The feeds are served by a child process (this same binary with `--serve`), so the
//! server's memory and CPU are not counted as veille's, over HOSTS distinct loopback
//! addresses 127.1.x.y (Linux routes all of 127.0.0.0/8 to `lo`): veille fetches at most one
//! request at a time per host, so a single host would measure the politeness rule, not the
//! pipeline. Each cycle (fetch, parse, normalize, match, score, store, detect) runs into a
//! fresh SQLite file. A fetch-only pass over the same feeds is the baseline of the same
//! run: the ratio shows what the stages after the network cost. A second pass runs fetch,
//! parse, normalize, match and score without storing, which separates the SQLite writes
//! and detection from the rest.
//!
//! Run: `cargo bench --bench poll` (N = 100, 1000, 10000), or `cargo bench --bench poll --
//! 1000 10000`. `BENCH_CONCURRENCY` sets `[daemon] concurrency` (default 16).

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Instant;
use tokio_util::sync::CancellationToken;
use veille::pipeline::{Engine, SharedStore, cycle, with_store};
use veille::store::Store;

const HOSTS: usize = 250;
const ITEMS: usize = 20;

fn host_ip(h: usize) -> String {
    format!("127.1.{}.{}", h / 250, h % 250 + 1)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--serve") {
        serve();
        return;
    }
    let mut sizes: Vec<usize> = args.iter().skip(1).filter_map(|a| a.parse().ok()).collect();
    if sizes.is_empty() {
        sizes = vec![100, 1000, 10_000];
    }
    let concurrency: usize = std::env::var("BENCH_CONCURRENCY")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(16);

    let mut child = Command::new(std::env::current_exe().expect("own path"))
        .arg("--serve")
        .stdout(Stdio::piped())
        .spawn()
        .expect("start the feed server");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    let mut hosts = Vec::new();
    for line in lines.by_ref() {
        let line = line.expect("server output");
        if line == "ready" {
            break;
        }
        hosts.push(line);
    }
    assert_eq!(hosts.len(), HOSTS, "server did not start");

    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    println!(
        "veille poll benchmark: {ITEMS} items per feed, {HOSTS} loopback hosts, concurrency {concurrency}, {} cores",
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    );
    println!(
        "{:>7} | {:>9} | {:>9} | {:>8} | {:>10} | {:>12} | {:>12} | {:>8}",
        "feeds", "items", "mentions", "cycle s", "feeds/s", "fetch-only s", "no-store s", "peak MB"
    );
    for n in sizes {
        let urls: Vec<String> = (0..n)
            .map(|i| format!("http://{}/feed/{i}.xml", hosts[i % HOSTS]))
            .collect();
        let m = rt.block_on(run(&urls, concurrency));
        println!(
            "{:>7} | {:>9} | {:>9} | {:>8.2} | {:>10.0} | {:>12.2} | {:>12.2} | {:>8.1}",
            n,
            m.items,
            m.mentions,
            m.cycle_s,
            n as f64 / m.cycle_s,
            m.fetch_s,
            m.no_store_s,
            m.peak_kib as f64 / 1024.0
        );
        std::io::stdout().flush().ok();
    }
    let _ = child.kill();
    let _ = child.wait();
}

struct Measure {
    fetch_s: f64,
    no_store_s: f64,
    cycle_s: f64,
    items: i64,
    mentions: i64,
    peak_kib: u64,
}

/// Fetch-only baseline, fetch-to-score without storing, then one full cycle into a fresh
/// database (peak RSS measured over the cycle alone).
async fn run(urls: &[String], concurrency: usize) -> Measure {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().to_path_buf();
    let mut cfg = format!(
        "[daemon]\nconcurrency = {concurrency}\ntimeout = \"60s\"\n[storage]\npath = \"{}/veille.db\"\n[alerts]\ndesktop = false\n",
        dir.display()
    );
    for u in urls {
        cfg.push_str(&format!("[[feeds]]\nurl = \"{u}\"\n"));
    }
    cfg.push_str(
        "[[brands]]\nname = \"Inwi\"\naliases = [\"إنوي\"]\n[[brands]]\nname = \"Maroc Telecom\"\naliases = [\"اتصالات المغرب\"]\n[[brands]]\nname = \"Orange Maroc\"\naliases = [\"Orange\"]\nexclude = [\"jus d'orange\"]\n",
    );
    let config = veille::config::parse(&cfg, "<bench>", &dir).expect("bench config");

    // Baseline: the same fetches, nothing after them.
    let fetcher = Arc::new(veille::fetch::Fetcher::new(&config.daemon).expect("client"));
    let sem = Arc::new(tokio::sync::Semaphore::new(concurrency));
    let t = Instant::now();
    let mut set = tokio::task::JoinSet::new();
    for f in config.feeds.clone() {
        let (fetcher, sem) = (fetcher.clone(), sem.clone());
        let permit = sem.acquire_owned().await.expect("open");
        set.spawn(async move {
            let _p = permit;
            fetcher
                .fetch(&f.url, &f.source, &Default::default())
                .await
                .is_ok()
        });
    }
    let mut ok = 0;
    while let Some(r) = set.join_next().await {
        ok += usize::from(r.unwrap_or(false));
    }
    let fetch_s = t.elapsed().as_secs_f64();
    assert_eq!(ok, urls.len(), "every fetch must succeed");
    drop(fetcher);

    // Everything but the store and detection.
    let engine = Arc::new(Engine::new(config.clone()).expect("engine"));
    let t = Instant::now();
    let mut set = tokio::task::JoinSet::new();
    for f in config.feeds.clone() {
        let (engine, sem) = (engine.clone(), sem.clone());
        let permit = sem.acquire_owned().await.expect("open");
        set.spawn(async move {
            let _p = permit;
            engine
                .process_feed(&f, &Default::default(), chrono::Utc::now())
                .await
                .map(|u| u.items.len())
                .unwrap_or(0)
        });
    }
    let mut items_seen = 0;
    while let Some(r) = set.join_next().await {
        items_seen += r.unwrap_or(0);
    }
    let no_store_s = t.elapsed().as_secs_f64();
    assert_eq!(items_seen, urls.len() * ITEMS);
    drop(engine);

    reset_peak();
    let store: SharedStore = Arc::new(Mutex::new(
        Store::open(&config.storage.path).expect("store"),
    ));
    let engine = Arc::new(Engine::new(config).expect("engine"));
    let keys: Vec<String> = engine.config.feeds.iter().map(|f| f.url.clone()).collect();
    with_store(&store, move |s| s.sync_feeds(&keys))
        .await
        .expect("sync");
    let t = Instant::now();
    let r = cycle(&engine, &store, false, &CancellationToken::new())
        .await
        .expect("cycle");
    let cycle_s = t.elapsed().as_secs_f64();
    let peak = peak_kib();
    assert!(r.feeds_failed.is_empty(), "{:?}", r.feeds_failed.first());
    let (items, mentions, _) = store.lock().unwrap().counts().expect("counts");
    drop(engine);
    drop(store);
    Measure {
        fetch_s,
        no_store_s,
        cycle_s,
        items,
        mentions,
        peak_kib: peak,
    }
}

/// Resets VmHWM to the current RSS (Linux: writing 5 to clear_refs).
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

fn peak_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

// ---------------------------------------------------------------------------------------
// The feed server (child process).

fn serve() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let mut out = std::io::stdout().lock();
        for h in 0..HOSTS {
            let l = tokio::net::TcpListener::bind((host_ip(h).as_str(), 0))
                .await
                .expect("bind loopback address");
            writeln!(out, "{}", l.local_addr().expect("addr")).ok();
            tokio::spawn(async move {
                loop {
                    if let Ok((sock, _)) = l.accept().await {
                        tokio::spawn(answer(sock));
                    }
                }
            });
        }
        writeln!(out, "ready").ok();
        out.flush().ok();
        drop(out);
        std::future::pending::<()>().await;
    });
}

async fn answer(mut sock: tokio::net::TcpStream) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 1024];
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
        match sock.read(&mut chunk).await {
            Ok(0) | Err(_) => return,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
    let head = String::from_utf8_lossy(&buf);
    let id: usize = head
        .split_whitespace()
        .nth(1)
        .and_then(|p| p.strip_prefix("/feed/"))
        .and_then(|p| p.strip_suffix(".xml"))
        .and_then(|p| p.parse().ok())
        .unwrap_or(0);
    let body = feed(id);
    let resp = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = sock.write_all(resp.as_bytes()).await;
    let _ = sock.write_all(body.as_bytes()).await;
    let _ = sock.shutdown().await;
}

/// Feed `id`: 20 items, a third of them about one of three brands, in French or Arabic.
fn feed(id: usize) -> String {
    const FR: &[&str] = &[
        "annonce une nouvelle offre fibre à Casablanca, les clients sont satisfaits",
        "encore une panne du réseau à Rabat, service client injoignable",
        "ouvre une agence à Tanger",
        "le marché des télécoms progresse au troisième trimestre",
        "la météo annonce une vigilance orange sur le nord du pays",
    ];
    const AR: &[&str] = &[
        "تعلن عن عرض جديد للإنترنت في فاس",
        "انقطاع الشبكة في مراكش وغضب الزبناء",
        "نتائج مالية جيدة هذا العام",
    ];
    const BRANDS: &[&str] = &[
        "Inwi",
        "Maroc Telecom",
        "Orange Maroc",
        "إنوي",
        "اتصالات المغرب",
    ];
    let now = chrono::Utc::now();
    let mut x = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>Source {id}</title><link>https://src{id}.example/</link>\n"
    );
    for k in 0..ITEMS {
        let n = id * 31 + k * 7;
        let (subject, text) = if n.is_multiple_of(3) {
            let b = BRANDS[n % BRANDS.len()];
            if b.is_ascii() {
                (b, FR[n % FR.len()])
            } else {
                (b, AR[n % AR.len()])
            }
        } else {
            ("Le gouvernement", FR[(n + 3) % FR.len()])
        };
        let at = now - chrono::Duration::minutes((id % 600 + k * 37) as i64);
        x.push_str(&format!(
            "<item><title>{subject} {text} ({id}-{k})</title><link>https://src{id}.example/a/{k}?utm_source=rss</link><guid>src{id}-{k}</guid><pubDate>{}</pubDate><description>&lt;p&gt;{subject} : {text}. Article {k} de la source {id}, avec assez de texte pour ressembler à un vrai résumé de presse marocaine.&lt;/p&gt;</description><author>redaction@src{id}.example (Rédaction {id})</author></item>\n",
            at.to_rfc2822()
        ));
    }
    x.push_str("</channel></rss>\n");
    x
}
