//! Proxies come from the standard environment variables: with `HTTP_PROXY` pointing at a
//! loopback server, a feed on a host that does not exist is fetched through it.
//!
//! Its own test binary because it changes the process environment, which every test in
//! the same process would see.

mod common;

use common::faults::{FaultServer, Reply};
use std::sync::{Arc, Mutex};
use tokio_util::sync::CancellationToken;
use veille::pipeline::{Engine, SharedStore, cycle};
use veille::store::Store;

#[tokio::test]
async fn http_proxy_from_the_environment_is_used() {
    let proxy = FaultServer::start().await;
    // `.invalid` never resolves (RFC 6761): only the proxy can answer.
    let target = "http://feeds.invalid/press.xml";
    proxy.set(
        target,
        vec![Reply::rss(
            "<rss version=\"2.0\"><channel><title>Via proxy</title><item><title>Inwi via le proxy</title><guid>p1</guid></item></channel></rss>",
        )],
    );
    // SAFETY: this binary holds this one test, and no other thread reads the environment
    // while it is changed (the runtime's workers are idle until the client is built).
    unsafe {
        std::env::set_var("HTTP_PROXY", proxy.url(""));
        std::env::remove_var("http_proxy");
        std::env::remove_var("NO_PROXY");
        std::env::remove_var("no_proxy");
    }
    let dir = tempfile::tempdir().unwrap();
    let cfg = format!(
        "[daemon]\ntimeout = \"2s\"\n[storage]\npath = \"{}\"\n[[feeds]]\nurl = \"{target}\"\n[[brands]]\nname = \"Inwi\"\n[alerts]\ndesktop = false\n",
        dir.path().join("v.db").display()
    );
    let config = veille::config::parse(&cfg, "t.toml", dir.path()).unwrap();
    let store: SharedStore = Arc::new(Mutex::new(Store::open(&config.storage.path).unwrap()));
    let engine = Arc::new(Engine::new(config).unwrap());
    let r = cycle(&engine, &store, false, &CancellationToken::new())
        .await
        .unwrap();
    assert!(r.feeds_failed.is_empty(), "{r:?}");
    assert_eq!(r.new_items, 1);
    let hits = proxy.hits();
    assert_eq!(hits.len(), 1);
    assert_eq!(
        hits[0].path, target,
        "absolute-form request through the proxy"
    );
    assert_eq!(hits[0].header("host"), Some("feeds.invalid"));
}
