//! journald for real: the real `systemd-journald`, started in a private mount namespace
//! (tmpfs on its runtime folders, so the host's journal is untouched), receives what
//! `veille once` logs; records are read back with `journalctl -o json` and their fields,
//! `MESSAGE_ID` and `PRIORITY` checked. The README's journalctl filters are run too.
//! Needs root (mount namespaces); skipped visibly otherwise, failed under
//! VEILLE_REQUIRE_REAL=1.

mod common;

use common::*;
use std::path::Path;
use veille::notify::{ALERT_MESSAGE_ID, FEED_FAILURE_MESSAGE_ID};

const JOURNALD: &str = "/lib/systemd/systemd-journald";

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

const SCRIPT: &str = r#"
set -eu
mkdir -p /run/systemd/journal /run/log
mount -t tmpfs tmpfs /run/systemd/journal
mount -t tmpfs tmpfs /run/log
if [ -d /var/log/journal ]; then mount -t tmpfs tmpfs /var/log/journal; fi
"$JOURNALD" >"$OUT/journald.log" 2>&1 &
JPID=$!
for i in $(seq 1 100); do [ -S /run/systemd/journal/socket ] && break; sleep 0.1; done
# 1. Forced with VEILLE_LOG=journald.
VEILLE_LOG=journald "$VEILLE" once --config "$CFG" >/dev/null 2>"$OUT/forced.stderr" || true
# 2. As under systemd: JOURNAL_STREAM names stderr's device and inode.
: >"$OUT/stream"
JOURNAL_STREAM="$(stat -c %d:%i "$OUT/stream")" "$VEILLE" once --config "$CFG" >/dev/null 2>>"$OUT/stream" || true
sleep 0.5
J=""
for d in /run/log/journal /var/log/journal; do
  if [ -n "$(find "$d" -name '*.journal' 2>/dev/null)" ]; then J="$d"; fi
done
journalctl -D "$J" -o json --no-pager SYSLOG_IDENTIFIER=veille >"$OUT/all.json"
# The README's recipes.
journalctl -D "$J" -o json --no-pager MESSAGE_ID=$ALERT_ID >"$OUT/alerts.json"
journalctl -D "$J" -o json --no-pager VEILLE_BRAND=Orange >"$OUT/orange.json"
journalctl -D "$J" -o json --no-pager --since yesterday SYSLOG_IDENTIFIER=veille >"$OUT/since.json"
kill $JPID
"#;

fn records(p: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(p)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn s<'a>(r: &'a serde_json::Value, k: &str) -> &'a str {
    r[k].as_str().unwrap_or_else(|| panic!("no {k} in {r}"))
}

#[tokio::test(flavor = "multi_thread")]
async fn records_reach_the_real_journald_with_fields_priorities_and_message_ids() {
    let test = "records_reach_the_real_journald_with_fields_priorities_and_message_ids";
    if !["unshare", "journalctl", JOURNALD, "stat"]
        .iter()
        .all(|c| require_component(c, test))
    {
        return;
    }
    if !is_root() {
        assert!(
            std::env::var("VEILLE_REQUIRE_REAL").as_deref() != Ok("1"),
            "{test}: needs root for a private mount namespace (VEILLE_REQUIRE_REAL=1)"
        );
        eprintln!("SKIPPED {test}: needs root for a private mount namespace");
        return;
    }
    let now = chrono::Utc::now();
    let official = [FeedItem {
        guid: "g1".into(),
        title: "Orange : panne géante, scandale et colère des abonnés".into(),
        body: "Une honte, c'est inadmissible.".into(),
        at: now - chrono::Duration::hours(2),
    }];
    let server = serve(vec![
        (
            "/stream.xml",
            xml(rss("Stream", &tone_turn("Inwi", now, 20, 3, 15))),
        ),
        ("/gov.xml", xml(rss("Officiel", &official))),
    ])
    .await;
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("veille.toml");
    std::fs::write(
        &cfg,
        format!(
            "[storage]\npath = \"{}\"\n[[feeds]]\nurl = \"{}\"\n[[feeds]]\nurl = \"{}\"\nweight = 3.0\n[[feeds]]\nurl = \"{}\"\n\
             [[brands]]\nname = \"Inwi\"\naliases = [\"inwi\"]\n[[brands]]\nname = \"Orange\"\n[alerts]\ndesktop = false\n",
            dir.path().join("veille.db").display(),
            server.url("/stream.xml"),
            server.url("/gov.xml"),
            server.url("/missing.xml"),
        ),
    )
    .unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let script = dir.path().join("journal.sh");
    std::fs::write(&script, SCRIPT).unwrap();
    let status = tokio::task::block_in_place(|| {
        std::process::Command::new("timeout")
            .args(["60", "unshare", "-m", "--propagation", "private", "sh"])
            .arg(&script)
            .env("JOURNALD", JOURNALD)
            .env("VEILLE", env!("CARGO_BIN_EXE_veille"))
            .env("CFG", &cfg)
            .env("OUT", &out)
            .env("ALERT_ID", ALERT_MESSAGE_ID)
            .status()
            .unwrap()
    });
    assert!(status.success(), "script: {status}");

    let all = records(&out.join("all.json"));
    let forced_stderr = std::fs::read_to_string(out.join("forced.stderr")).unwrap();
    assert!(
        !forced_stderr.contains("feed failed"),
        "journald mode writes no text to stderr: {forced_stderr}"
    );
    let stream = std::fs::read_to_string(out.join("stream")).unwrap();
    assert!(
        !stream.contains("feed failed"),
        "JOURNAL_STREAM matching stderr means native journald records: {stream}"
    );

    // Feed failures: their own MESSAGE_ID, the feed, warning priority; one per run.
    let failures: Vec<_> = all
        .iter()
        .filter(|r| r["MESSAGE_ID"] == FEED_FAILURE_MESSAGE_ID)
        .collect();
    assert_eq!(failures.len(), 2, "{all:?}");
    for r in &failures {
        assert_eq!(s(r, "PRIORITY"), "4");
        assert!(s(r, "VEILLE_FEED").ends_with("/missing.xml"));
        assert_eq!(s(r, "SYSLOG_IDENTIFIER"), "veille");
    }

    // Alerts: fixed MESSAGE_ID, structured fields, warning (4) or crit (2) by severity.
    let alerts = records(&out.join("alerts.json"));
    assert!(alerts.len() >= 2, "{alerts:?}");
    assert!(alerts.iter().all(|r| r["MESSAGE_ID"] == ALERT_MESSAGE_ID));
    for r in &alerts {
        let want = if s(r, "VEILLE_SEVERITY") == "critical" {
            "2"
        } else {
            "4"
        };
        assert_eq!(s(r, "PRIORITY"), want, "{r}");
        for k in [
            "VEILLE_BRAND",
            "VEILLE_DETECTOR",
            "VEILLE_SCORE",
            "VEILLE_FEED",
            "VEILLE_ALERT_ID",
        ] {
            assert!(!s(r, k).is_empty(), "{k} in {r}");
        }
        assert!(s(r, "MESSAGE").starts_with("alert: "), "{r}");
    }
    let inwi: Vec<_> = alerts
        .iter()
        .filter(|r| r["VEILLE_BRAND"] == "Inwi")
        .collect();
    assert_eq!(
        inwi.len(),
        1,
        "one alert for one turn of tone, logged once over two runs"
    );
    assert!(s(inwi[0], "VEILLE_FEED").ends_with("/stream.xml"));
    let orange: Vec<_> = alerts
        .iter()
        .filter(|r| r["VEILLE_BRAND"] == "Orange")
        .collect();
    assert_eq!(orange.len(), 1, "{alerts:?}");
    assert_eq!(s(orange[0], "VEILLE_DETECTOR"), "high_impact");
    assert_eq!(
        s(orange[0], "PRIORITY"),
        "2",
        "a high-impact item is critical"
    );

    // VEILLE_BRAND= selects one brand; --since yesterday keeps today's records.
    let by_brand = records(&out.join("orange.json"));
    assert!(!by_brand.is_empty() && by_brand.iter().all(|r| r["VEILLE_BRAND"] == "Orange"));
    assert_eq!(records(&out.join("since.json")).len(), all.len());
}
