//! The systemd notification protocol, for real: the test binds the `NOTIFY_SOCKET`
//! datagram socket that systemd would, starts `veille run` with a short watchdog, and
//! reads what arrives: READY=1 with a STATUS, WATCHDOG=1 pings from the loop, STATUS
//! updates, RELOADING=1/READY=1 around SIGHUP (a bad config is rejected and the daemon keeps
//! running), STOPPING=1 on SIGTERM, then a clean exit.

mod common;

use common::*;
use std::os::unix::net::UnixDatagram;
use std::time::{Duration, Instant};

struct Socket(UnixDatagram);

impl Socket {
    /// Datagrams until `until` matches one (returned last), or panics after `limit`.
    fn until(&self, limit: Duration, until: impl Fn(&str) -> bool) -> Vec<String> {
        let t = Instant::now();
        let mut got = Vec::new();
        let mut buf = [0u8; 4096];
        while t.elapsed() < limit {
            self.0
                .set_read_timeout(Some(
                    limit
                        .saturating_sub(t.elapsed())
                        .max(Duration::from_millis(10)),
                ))
                .unwrap();
            if let Ok(n) = self.0.recv(&mut buf) {
                let m = String::from_utf8_lossy(&buf[..n]).to_string();
                let done = until(&m);
                got.push(m);
                if done {
                    return got;
                }
            }
        }
        panic!("timed out; got {got:?}");
    }
}

fn signal(child: &std::process::Child, sig: i32) {
    // SAFETY: kill(2) on our own child.
    assert_eq!(unsafe { libc::kill(child.id() as i32, sig) }, 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn ready_status_watchdog_reload_and_stopping() {
    let server = serve(vec![("/press.xml", xml(fixture("press-fr.xml")))]).await;
    let dir = tempfile::tempdir().unwrap();
    let cfg = write_config(
        dir.path(),
        &[server.url("/press.xml")],
        "[[brands]]\nname = \"Inwi\"\naliases = [\"inwi\"]\n",
    );
    let sock_path = dir.path().join("notify.sock");
    let sock = Socket(UnixDatagram::bind(&sock_path).unwrap());
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_veille"))
        .args(["run", "--config"])
        .arg(&cfg)
        .env("NOTIFY_SOCKET", &sock_path)
        .env("WATCHDOG_USEC", "400000")
        .env_remove("WATCHDOG_PID")
        .env_remove("JOURNAL_STREAM")
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();

    tokio::task::block_in_place(|| {
        let got = sock.until(Duration::from_secs(20), |m| m.starts_with("READY=1"));
        let ready = got.last().unwrap();
        assert_eq!(got.len(), 1, "READY=1 comes first: {got:?}");
        assert!(
            ready.contains("\nSTATUS=1 feed, 1 brand, no poll yet, 0 alerts today"),
            "{ready}"
        );
        // After the first poll: a STATUS with the poll time, and watchdog pings well within
        // the interval, repeatedly.
        let got = sock.until(Duration::from_secs(20), |m| m.contains("last poll"));
        assert!(got.iter().any(|m| m == "WATCHDOG=1"), "{got:?}");
        let t = Instant::now();
        let mut pings = 0;
        while pings < 5 {
            sock.until(Duration::from_millis(400), |m| m == "WATCHDOG=1");
            pings += 1;
        }
        assert!(t.elapsed() < Duration::from_secs(2), "pings every ≤ 200 ms");

        // A bad config on SIGHUP: RELOADING=1, rejected, READY=1 again, still pinging.
        let good = std::fs::read_to_string(&cfg).unwrap();
        std::fs::write(&cfg, good.replace("[[brands]]", "[[brandz]]")).unwrap();
        signal(&child, libc::SIGHUP);
        let got = sock.until(Duration::from_secs(10), |m| m.starts_with("READY=1"));
        assert!(
            got.iter()
                .any(|m| m.starts_with("RELOADING=1\nMONOTONIC_USEC=")),
            "{got:?}"
        );
        sock.until(Duration::from_secs(2), |m| m == "WATCHDOG=1");
        assert!(
            child.try_wait().unwrap().is_none(),
            "still running after a bad reload"
        );
        std::fs::write(&cfg, &good).unwrap();

        // SIGTERM: STOPPING=1, then exit 0.
        signal(&child, libc::SIGTERM);
        sock.until(Duration::from_secs(10), |m| m.starts_with("STOPPING=1"));
        let t = Instant::now();
        let status = loop {
            if let Some(s) = child.try_wait().unwrap() {
                break s;
            }
            assert!(t.elapsed() < Duration::from_secs(30), "did not stop");
            std::thread::sleep(Duration::from_millis(50));
        };
        assert!(status.success(), "{status}");
    });
    let mut err = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut err).unwrap();
    assert!(
        err.contains("config reload rejected, keeping the previous config"),
        "{err}"
    );
    assert!(
        err.contains("brandz"),
        "the log line says what was wrong: {err}"
    );
}
