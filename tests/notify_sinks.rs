//! Webhook and exec sinks against real receivers: an HTTP server on 127.0.0.1 that
//! records what it gets and answers 200, 500, slowly, or is not there at all; and real
//! commands reading the alert from stdin. The webhook URL carries a token that must never
//! appear in an error or a log line.

mod common;

use common::*;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use veille::notify::{self, NamedSink, render, sample_alert};

const TOKEN: &str = "T0KEN-s3cr3t";

#[derive(Clone, Copy)]
enum Mode {
    Ok,
    Fail500,
    /// Answers 500 to the first request, 200 afterwards.
    FailOnce,
    Slow(Duration),
}

struct Received {
    path: String,
    content_type: String,
    body: serde_json::Value,
}

struct Receiver {
    port: u16,
    got: Arc<Mutex<Vec<Received>>>,
}

async fn receiver(mode: Mode) -> Receiver {
    let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = l.local_addr().unwrap().port();
    let got: Arc<Mutex<Vec<Received>>> = Arc::default();
    let g = got.clone();
    tokio::spawn(async move {
        loop {
            let Ok((mut sock, _)) = l.accept().await else {
                return;
            };
            let g = g.clone();
            tokio::spawn(async move {
                let mut buf = Vec::new();
                let mut chunk = [0u8; 4096];
                // Headers, then Content-Length bytes of body.
                let (head, need) = loop {
                    let n = sock.read(&mut chunk).await.unwrap_or(0);
                    if n == 0 {
                        return;
                    }
                    buf.extend_from_slice(&chunk[..n]);
                    if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                        let head = String::from_utf8_lossy(&buf[..i]).to_string();
                        let len = head
                            .lines()
                            .find_map(|l| {
                                l.to_ascii_lowercase()
                                    .strip_prefix("content-length:")
                                    .map(|v| v.trim().parse::<usize>().unwrap())
                            })
                            .unwrap_or(0);
                        break (head, i + 4 + len);
                    }
                };
                while buf.len() < need {
                    let n = sock.read(&mut chunk).await.unwrap_or(0);
                    if n == 0 {
                        break;
                    }
                    buf.extend_from_slice(&chunk[..n]);
                }
                let start = head.len() + 4;
                let body = &buf[start..buf.len().min(need).max(start)];
                let path = head
                    .lines()
                    .next()
                    .unwrap_or("")
                    .split(' ')
                    .nth(1)
                    .unwrap_or("")
                    .to_string();
                let content_type = head
                    .lines()
                    .find_map(|l| {
                        l.to_ascii_lowercase()
                            .strip_prefix("content-type:")
                            .map(|v| v.trim().to_string())
                    })
                    .unwrap_or_default();
                let n = {
                    let mut g = g.lock().unwrap();
                    g.push(Received {
                        path,
                        content_type,
                        body: serde_json::from_slice(body).unwrap_or_default(),
                    });
                    g.len()
                };
                let status = match mode {
                    Mode::Ok => 200,
                    Mode::Fail500 => 500,
                    Mode::FailOnce if n == 1 => 500,
                    Mode::FailOnce => 200,
                    Mode::Slow(d) => {
                        tokio::time::sleep(d).await;
                        200
                    }
                };
                let resp = format!(
                    "HTTP/1.1 {status} X\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok"
                );
                let _ = sock.write_all(resp.as_bytes()).await;
            });
        }
    });
    Receiver { port, got }
}

fn hook_url(port: u16) -> String {
    format!("http://127.0.0.1:{port}/hooks/{TOKEN}?token={TOKEN}")
}

/// Sinks built from a config text, the way the daemon builds them.
fn sinks_from(sinks_toml: &str) -> Vec<NamedSink> {
    let text = format!(
        "[storage]\npath = \"/nonexistent/veille.db\"\n[alerts]\ndesktop = false\nlanguage = \"en\"\n{sinks_toml}"
    );
    let cfg = veille::config::parse(&text, "test.toml", Path::new("/")).unwrap();
    notify::sinks(&cfg).unwrap()
}

async fn send_sample(s: &NamedSink) -> Result<(), notify::NotifyError> {
    let a = sample_alert(veille::config::UiLang::En);
    let r = render(&a, veille::config::UiLang::En);
    s.send(&a, &r).await
}

#[tokio::test]
async fn webhook_posts_the_alert_as_json_and_as_slack_text() {
    let rx = receiver(Mode::Ok).await;
    let url = hook_url(rx.port);
    let sinks = sinks_from(&format!(
        "[[alerts.sinks]]\ntype = \"webhook\"\nurl = \"{url}\"\n[[alerts.sinks]]\ntype = \"webhook\"\nname = \"chat\"\nurl = \"{url}\"\nformat = \"slack\"\n"
    ));
    assert_eq!(
        sinks.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(),
        ["webhook-1", "chat"]
    );
    for s in &sinks {
        send_sample(s).await.unwrap();
    }
    let got = rx.got.lock().unwrap();
    assert_eq!(got.len(), 2);
    assert!(got[0].path.starts_with("/hooks/"));
    assert_eq!(got[0].content_type, "application/json");
    let j = &got[0].body;
    assert_eq!(j["brand"], "veille");
    assert_eq!(j["detector"], "tone_shift");
    assert_eq!(j["severity"], "warning");
    assert_eq!(
        j["summary"],
        "veille: tone is turning negative — 71% negative vs 18% usually"
    );
    assert_eq!(j["evidence"][0], "https://example.org/veille-test");
    assert_eq!(j["mentions"][0]["feed"], "https://example.org/feed.xml");
    // Slack-style: one `text`, with feed text escaped so it cannot make links.
    let text = got[1].body["text"].as_str().unwrap();
    assert!(
        text.starts_with("*veille: tone is turning negative"),
        "{text}"
    );
    assert!(text.contains("&lt;b&gt;not&lt;/b&gt;"), "{text}");
    assert!(
        text.ends_with("\n<https://example.org/veille-test>"),
        "{text}"
    );
}

#[tokio::test]
async fn webhook_failures_say_why_and_never_show_the_token() {
    let down = {
        // A port that was just free: nothing listens there.
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let fail = receiver(Mode::Fail500).await;
    let slow = receiver(Mode::Slow(Duration::from_secs(5))).await;
    let cases = [
        (down, "connect"),
        (fail.port, "HTTP 500"),
        (slow.port, "timed out"),
    ];
    for (port, want) in cases {
        let s = &sinks_from(&format!(
            "[[alerts.sinks]]\ntype = \"webhook\"\nurl = \"{}\"\ntimeout = \"1s\"\n",
            hook_url(port)
        ))[0];
        let t = std::time::Instant::now();
        let e = send_sample(s).await.unwrap_err().to_string();
        assert!(t.elapsed() < Duration::from_secs(4), "timeout honoured");
        assert!(
            e.to_lowercase().contains(&want.to_lowercase()),
            "{want}: {e}"
        );
        assert!(
            e.contains(&format!("http://127.0.0.1:{port}/…")),
            "names the receiver by host: {e}"
        );
        assert!(
            !e.contains(TOKEN) && !e.contains("hooks"),
            "token leaked: {e}"
        );
    }
}

#[tokio::test]
async fn exec_sink_gets_the_alert_on_stdin_and_reports_failures() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("alert.json");
    let ok = &sinks_from(&format!(
        "[[alerts.sinks]]\ntype = \"exec\"\ncommand = [\"sh\", \"-c\", \"cat > '{}'; test \\\"$VEILLE_BRAND\\\" = veille\"]\n",
        out.display()
    ))[0];
    send_sample(ok).await.unwrap();
    let j: serde_json::Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(j["brand"], "veille");
    assert_eq!(j["detector"], "tone_shift");

    let cases = [
        ("[\"sh\", \"-c\", \"exit 3\"]", "exit status: 3"),
        (
            "[\"sh\", \"-c\", \"sleep 5\"]",
            "timed out after 1 s, killed",
        ),
        ("[\"/nonexistent/veille-hook\"]", "cannot start"),
    ];
    for (cmd, want) in cases {
        let s = &sinks_from(&format!(
            "[[alerts.sinks]]\ntype = \"exec\"\ncommand = {cmd}\ntimeout = \"1s\"\n"
        ))[0];
        let t = std::time::Instant::now();
        let e = send_sample(s).await.unwrap_err().to_string();
        assert!(e.contains(want), "{cmd}: {e}");
        assert!(
            t.elapsed() < Duration::from_secs(4),
            "{cmd}: killed at the timeout"
        );
    }
}

#[test]
fn sink_config_errors_name_file_line_and_column() {
    let cases = [
        (
            "[[alerts.sinks]]\ntype = \"pager\"\n",
            "2:9",
            "unknown sink type \"pager\"",
        ),
        (
            "[[alerts.sinks]]\ntype = \"webhook\"\n",
            "2:9",
            "needs `url`",
        ),
        (
            "[[alerts.sinks]]\ntype = \"webhook\"\nurl = \"ftp://x/T0KEN\"\n",
            "3:8",
            "invalid webhook url",
        ),
        (
            "[[alerts.sinks]]\ntype = \"webhook\"\nurl = \"https://x/\"\nformat = \"teams\"\n",
            "4:11",
            "unknown webhook format",
        ),
        (
            "[[alerts.sinks]]\ntype = \"exec\"\ncommand = []\n",
            "3:11",
            "must name a program",
        ),
        (
            "[[alerts.sinks]]\ntype = \"exec\"\nname = \"a\"\ncommand = [\"true\"]\n[[alerts.sinks]]\ntype = \"exec\"\nname = \"a\"\ncommand = [\"true\"]\n",
            "7:8",
            "already used",
        ),
        ("quiet_hours = \"22h-7h\"\n", "1:16", "HH:MM-HH:MM"),
        ("digest = \"6pm\"\n", "1:11", "HH:MM"),
        ("rate_limit = 0\n", "1:14", "between 1 and 1000"),
    ];
    for (text, at, want) in cases {
        let full = format!("[alerts]\n{text}");
        let e = veille::config::parse(&full, "v.toml", Path::new("/"))
            .unwrap_err()
            .to_string();
        // The [alerts] header is line 1.
        let (l, c) = at.split_once(':').unwrap();
        let at = format!("v.toml:{}:{c}:", l.parse::<usize>().unwrap() + 1);
        assert!(
            e.starts_with(&at) && e.contains(want),
            "{text:?}: {e} (want {at} {want})"
        );
        assert!(!e.contains(TOKEN), "{e}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn daemon_retries_a_failing_webhook_and_delivers_once_without_logging_the_token() {
    let hook = receiver(Mode::FailOnce).await;
    let now = chrono::Utc::now();
    let feeds = serve(vec![(
        "/stream.xml",
        xml(rss("Stream", &tone_turn("Inwi", now, 20, 3, 15))),
    )])
    .await;
    let dir = tempfile::tempdir().unwrap();
    let cfg = write_config(
        dir.path(),
        &[feeds.url("/stream.xml")],
        "[[brands]]\nname = \"Inwi\"\naliases = [\"inwi\"]\n",
    );
    let mut text = std::fs::read_to_string(&cfg).unwrap();
    text.push_str(&format!(
        "[[alerts.sinks]]\ntype = \"webhook\"\nname = \"ops\"\nurl = \"{}\"\nformat = \"slack\"\n",
        hook_url(hook.port)
    ));
    std::fs::write(&cfg, text).unwrap();
    let db = dir.path().join("veille.db");
    let run = || {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_veille"))
            .args(["once", "--log-level", "debug", "--config"])
            .arg(&cfg)
            .env_remove("JOURNAL_STREAM")
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        String::from_utf8_lossy(&out.stderr).to_string()
    };
    let row = || {
        rusqlite::Connection::open(&db)
            .unwrap()
            .query_row(
                "SELECT outcome, attempts, last_error FROM alert_deliveries WHERE sink = 'ops'",
                [],
                |r| {
                    Ok((
                        r.get::<_, Option<String>>(0)?,
                        r.get::<_, i64>(1)?,
                        r.get::<_, Option<String>>(2)?,
                    ))
                },
            )
            .unwrap()
    };
    let due_now = || {
        rusqlite::Connection::open(&db)
            .unwrap()
            .execute(
                "UPDATE alert_deliveries SET next_attempt = 0 WHERE outcome IS NULL",
                [],
            )
            .unwrap();
    };

    let log1 = tokio::task::block_in_place(run);
    assert!(log1.contains("HTTP 500"), "{log1}");
    let (outcome, attempts, err) = row();
    assert_eq!((outcome, attempts), (None, 1));
    assert!(err.unwrap().contains("HTTP 500"));
    due_now();
    let log2 = tokio::task::block_in_place(run);
    assert_eq!(row().0.as_deref(), Some("shown"));
    due_now();
    let log3 = tokio::task::block_in_place(run);
    assert_eq!(
        hook.got.lock().unwrap().len(),
        2,
        "one failure, one delivery, no repeat"
    );
    for log in [log1, log2, log3] {
        assert!(!log.contains(TOKEN), "token in the log:\n{log}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn notify_test_reports_each_sink_and_check_never_prints_the_token() {
    let rx = receiver(Mode::Ok).await;
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("veille.toml");
    std::fs::write(
        &cfg,
        format!(
            "[storage]\npath = \"{}\"\n[alerts]\ndesktop = false\n\
             [[alerts.sinks]]\ntype = \"webhook\"\nname = \"chat\"\nurl = \"{}\"\nformat = \"slack\"\n\
             [[alerts.sinks]]\ntype = \"exec\"\nname = \"sms\"\ncommand = [\"sh\", \"-c\", \"cat >/dev/null; exit 4\"]\n",
            dir.path().join("veille.db").display(),
            hook_url(rx.port)
        ),
    )
    .unwrap();
    let run = |cmd: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_veille"))
            .args([cmd, "--config"])
            .arg(&cfg)
            .output()
            .unwrap()
    };
    let out = tokio::task::block_in_place(|| run("notify-test"));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "one sink failed: {stdout}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{stdout}");
    assert!(
        lines[0].starts_with("ok")
            && lines[0].contains("chat")
            && lines[0].contains(&format!("http://127.0.0.1:{}/…", rx.port)),
        "{stdout}"
    );
    assert!(
        lines[1].starts_with("FAILED")
            && lines[1].contains("sms")
            && lines[1].contains("exit status: 4"),
        "{stdout}"
    );
    assert_eq!(
        rx.got.lock().unwrap().len(),
        1,
        "the sample reached the webhook"
    );
    assert!(!stdout.contains(TOKEN));

    let out = tokio::task::block_in_place(|| run("check"));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    assert!(
        stdout.contains("sink chat: webhook http://127.0.0.1:"),
        "{stdout}"
    );
    assert!(!stdout.contains(TOKEN), "{stdout}");
}

/// Regression: an alert pending for a sink that was then removed from the config stayed
/// "undelivered" forever, re-read on every cycle.
#[tokio::test(flavor = "multi_thread")]
async fn removed_sink_does_not_keep_an_alert_pending_forever() {
    let down = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let now = chrono::Utc::now();
    let feeds = serve(vec![(
        "/stream.xml",
        xml(rss("Stream", &tone_turn("Inwi", now, 20, 3, 15))),
    )])
    .await;
    let dir = tempfile::tempdir().unwrap();
    let cfg = write_config(
        dir.path(),
        &[feeds.url("/stream.xml")],
        "[[brands]]\nname = \"Inwi\"\naliases = [\"inwi\"]\n",
    );
    let base = std::fs::read_to_string(&cfg).unwrap();
    std::fs::write(
        &cfg,
        format!(
            "{base}[[alerts.sinks]]\ntype = \"webhook\"\nurl = \"{}\"\ntimeout = \"1s\"\n",
            hook_url(down)
        ),
    )
    .unwrap();
    let run = |cmd: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_veille"))
            .args(cmd)
            .arg("--config")
            .arg(&cfg)
            .output()
            .unwrap()
    };
    let delivered = |out: std::process::Output| -> Vec<bool> {
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["delivered"] == true)
            .collect()
    };
    tokio::task::block_in_place(|| run(&["once"]));
    assert_eq!(
        delivered(tokio::task::block_in_place(|| run(&["alerts", "--json"]))),
        [false]
    );
    std::fs::write(&cfg, &base).unwrap();
    tokio::task::block_in_place(|| run(&["once"]));
    assert_eq!(
        delivered(tokio::task::block_in_place(|| run(&["alerts", "--json"]))),
        [true]
    );
}
