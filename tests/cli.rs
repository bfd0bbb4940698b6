//! The command-line contract of DESIGN.md, checked on the real binary: exit codes, error
//! locations, the `score --jsonl` protocol, `inspect --json`, the JSON fields of
//! `mentions` and `alerts`, and the demo.

mod common;

use common::*;
use std::io::Write;
use std::process::{Command, Output, Stdio};

fn veille_stdin(args: &[&str], input: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_veille"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn veille");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

/// A config with one unreachable feed and the brand Inwi under `alias`.
fn inwi_config(dir: &std::path::Path, alias: &str) -> std::path::PathBuf {
    write_config(
        dir,
        &["http://127.0.0.1:9/a.xml".into()],
        &format!("[[brands]]\nname = \"Inwi\"\naliases = [\"{alias}\"]\n"),
    )
}

#[test]
fn check_prints_the_resolved_config_or_exits_78_with_file_line_col() {
    let dir = tempfile::tempdir().unwrap();
    let good = inwi_config(dir.path(), "إنوي");
    let out = veille(&["check", "--config", good.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("Inwi"));
    assert!(text(&out.stdout).contains("http://127.0.0.1:9/a.xml"));

    let bad = dir.path().join("bad.toml");
    std::fs::write(
        &bad,
        "[[feeds]]\nurl = \"http://x/a.xml\"\n\n[[brands]]\nname = \"Inwi\"\nalias = [\"inwi\"]\n",
    )
    .unwrap();
    let out = veille(&["check", "--config", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(78));
    let err = text(&out.stderr);
    assert!(err.contains(&format!("{}:6:1: ", bad.display())), "{err}");
    assert!(err.contains("unknown field `alias`"), "{err}");
    assert!(!err.contains("panicked"), "{err}");

    let out = veille(&["check", "--config", "/nonexistent/veille.toml"]);
    assert_eq!(out.status.code(), Some(78));
    assert!(text(&out.stderr).contains("/nonexistent/veille.toml"));
}

#[test]
fn score_jsonl_follows_the_protocol() {
    let input = "{\"id\": 1, \"text\": \"Le service est excellent\"}\n\n{\"id\": \"b\", \"text\": \"Encore une panne, c'est nul\", \"brand\": \"Inwi\"}\n{\"id\": [3], \"text\": \"\"}\n";
    let out = veille_stdin(&["score", "--jsonl"], input);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let lines: Vec<serde_json::Value> = text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3, "one output line per non-blank input line");
    assert_eq!(lines[0]["id"], serde_json::json!(1));
    assert_eq!(lines[1]["id"], serde_json::json!("b"));
    assert_eq!(lines[2]["id"], serde_json::json!([3]));
    assert_eq!(lines[0]["label"], 1);
    assert_eq!(lines[1]["label"], -1);
    assert_eq!(lines[2]["label"], 0);
    for l in &lines {
        let s = l["score"].as_f64().unwrap();
        assert!((-1.0..=1.0).contains(&s));
        assert!(l["lang"].is_string());
        assert!(l["terms"].is_array());
    }
    let out = veille_stdin(
        &["score", "--jsonl"],
        "{\"id\": 1, \"text\": \"ok\"}\nnot json\n",
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("line 2"),
        "{}",
        text(&out.stderr)
    );
    let out = veille_stdin(&["score", "--jsonl"], "");
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
}

#[test]
fn output_closed_early_is_not_an_error() {
    // Regression: `veille score --jsonl < big | head -1` printed "I/O error: Broken
    // pipe" and exited 2 (a usage error). The reader's end is closed before any input
    // is sent, so the first write fails with EPIPE.
    let mut child = Command::new(env!("CARGO_BIN_EXE_veille"))
        .args(["score", "--jsonl"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn veille");
    drop(child.stdout.take());
    let line = "{\"id\": 1, \"text\": \"Inwi c'est génial, merci !\"}\n";
    // veille may exit before reading all of it; a refused write here is expected.
    let _ = child
        .stdin
        .take()
        .unwrap()
        .write_all(line.repeat(2000).as_bytes());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(out.stderr.is_empty(), "{}", text(&out.stderr));
}

/// Regression: `veille check | head -1` panicked with "failed printing to
/// stdout: Broken pipe" and a backtrace (the commands that printed with
/// `println!`). The pipe's reading end is closed before veille starts, so its
/// first write fails whatever the timing.
#[test]
fn every_printing_command_survives_a_closed_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = inwi_config(dir.path(), "inwi");
    let cfg = cfg.to_str().unwrap();
    // A database to read (the feed is unreachable: exit 1, the store exists).
    veille(&["once", "--config", cfg]);
    for args in [
        vec!["check"],
        vec!["feeds", "export"],
        vec!["feeds"],
        vec!["mentions"],
        vec!["alerts"],
        vec!["voices"],
        vec!["score", "Inwi c'est génial"],
        vec!["man"],
        vec!["completions", "bash"],
    ] {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let out = Command::new(env!("CARGO_BIN_EXE_veille"))
            .args(&args)
            .args(["--config", cfg])
            .stdin(Stdio::null())
            .stdout(writer)
            .stderr(Stdio::piped())
            .output()
            .expect("spawn veille");
        let err = text(&out.stderr);
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert_eq!(out.status.code(), Some(0), "{args:?}: {err}");
    }
}

#[test]
fn score_text_explains_the_terms() {
    let out = veille(&["score", "Le réseau n'est pas fiable"]);
    assert_eq!(out.status.code(), Some(0));
    let s = text(&out.stdout);
    assert!(s.starts_with("negative"), "{s}");
    assert!(s.contains("fiable"), "{s}");
}

#[test]
fn inspect_shows_entries_or_a_clear_error() {
    let fixture = format!("{}/tests/fixtures/press-fr.xml", env!("CARGO_MANIFEST_DIR"));
    let out = veille(&["inspect", &fixture, "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_str(text(&out.stdout).trim()).unwrap();
    assert_eq!(v["ok"], true);
    assert_eq!(v["feed_title"], "Presse Fixture");
    let entries = v["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 4);
    for key in ["id", "title", "link", "published", "lang"] {
        assert!(entries[0].get(key).is_some(), "missing {key}");
    }
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("page.html");
    std::fs::write(&page, "<!DOCTYPE html><html><head><link rel=\"alternate\" type=\"application/rss+xml\" href=\"/rss\"></head></html>").unwrap();
    let out = veille(&["inspect", page.to_str().unwrap(), "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_str(text(&out.stdout).trim()).unwrap();
    assert_eq!(v["ok"], false);
    assert!(v["error"].as_str().unwrap().contains("HTML page"), "{v}");
    assert!(v["error"].as_str().unwrap().contains("/rss"), "{v}");
}

#[tokio::test(flavor = "multi_thread")]
async fn once_then_mentions_and_alerts_as_json_lines() {
    let now = chrono::Utc::now();
    let server = serve(vec![(
        "/s.xml",
        xml(rss("S", &tone_turn("Inwi", now, 20, 3, 15))),
    )])
    .await;
    let dir = tempfile::tempdir().unwrap();
    let cfg = write_config(
        dir.path(),
        &[server.url("/s.xml"), server.url("/gone.xml")],
        "[[brands]]\nname = \"Inwi\"\n",
    );
    let c = cfg.to_str().unwrap().to_string();
    let out = tokio::task::spawn_blocking(move || veille(&["once", "--config", &c]))
        .await
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "one feed failed: exit 1, the rest stored"
    );
    assert!(
        text(&out.stderr).contains("/gone.xml"),
        "{}",
        text(&out.stderr)
    );

    let c = cfg.to_str().unwrap();
    let out = veille(&["mentions", "--config", c, "--json"]);
    assert_eq!(out.status.code(), Some(0));
    let rows: Vec<serde_json::Value> = text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 75, "every matching row without --limit");
    for key in [
        "brand",
        "title",
        "link",
        "published",
        "feed",
        "author",
        "lang",
        "label",
        "score",
        "snippet",
    ] {
        assert!(rows[0].get(key).is_some(), "mentions --json lacks {key}");
    }
    let times: Vec<&str> = rows
        .iter()
        .map(|r| r["published"].as_str().unwrap())
        .collect();
    assert!(times.windows(2).all(|w| w[0] >= w[1]), "newest first");
    let out = veille(&[
        "mentions", "--config", c, "--json", "--tone", "negative", "--since", "2d", "--limit", "3",
    ]);
    let neg: Vec<serde_json::Value> = text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(neg.len(), 3);
    assert!(neg.iter().all(|r| r["label"] == -1));
    let out = veille(&[
        "mentions",
        "--config",
        c,
        "--json",
        "--search",
        "PANNE GEANTE",
    ]);
    assert_eq!(
        text(&out.stdout).lines().count(),
        12,
        "accent- and case-insensitive search"
    );

    let out = veille(&["alerts", "--config", c, "--json"]);
    let alerts: Vec<serde_json::Value> = text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(alerts.len(), 1);
    for key in [
        "brand",
        "detector",
        "direction",
        "raised_at",
        "window_start",
        "window_end",
        "stats",
        "evidence",
    ] {
        assert!(alerts[0].get(key).is_some(), "alerts --json lacks {key}");
    }
    assert_eq!(alerts[0]["direction"], "negative");
    assert!(alerts[0]["stats"].is_object());
    assert!(!alerts[0]["evidence"].as_array().unwrap().is_empty());

    let out = veille(&["feeds", "--config", c]);
    let s = text(&out.stdout);
    assert!(s.contains("/gone.xml") && s.contains("HTTP 404"), "{s}");
}

/// `veille voices`: who talks about a brand, over the shapes of a Mastodon hashtag feed and
/// a YouTube channel feed served from loopback.
#[tokio::test(flavor = "multi_thread")]
async fn voices_ranks_sources_and_authors() {
    let server = serve(vec![
        ("/tags/inwi.rss", xml(fixture("mastodon-tag.rss"))),
        ("/videos.xml", xml(fixture("youtube-channel.xml"))),
    ])
    .await;
    let dir = tempfile::tempdir().unwrap();
    let cfg = write_config(
        dir.path(),
        &[server.url("/tags/inwi.rss"), server.url("/videos.xml")],
        "[[brands]]\nname = \"Inwi\"\n\n[[authors]]\nname = \"@casa_foodie\"\nweight = 3\n",
    );
    let c = cfg.to_str().unwrap().to_string();
    let out = tokio::task::spawn_blocking(move || veille(&["once", "--config", &c]))
        .await
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let c = cfg.to_str().unwrap();
    let lines = |args: &[&str]| -> Vec<serde_json::Value> {
        let mut all = vec!["voices", "--config", c, "--since", "2026-01-01", "--json"];
        all.extend_from_slice(args);
        let out = veille(&all);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        text(&out.stdout)
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    };
    let all = lines(&[]);
    let names: Vec<(&str, &str)> = all
        .iter()
        .map(|v| (v["kind"].as_str().unwrap(), v["name"].as_str().unwrap()))
        .collect();
    // Most active first: the hashtag feed (two posts) leads.
    assert_eq!(names[0], ("source", "#inwi"), "{names:?}");
    for want in [
        ("author", "@casa_foodie@mastodon.example"),
        ("author", "@nadia@piaille.example"),
        ("author", "Tech Maroc"),
        ("source", "Tech Maroc"),
    ] {
        assert!(names.contains(&want), "{want:?} not in {names:?}");
    }
    assert_eq!(all[0]["mentions"], 2);
    assert_eq!(all[0]["negative"], 1);
    // The critical authors: only those with a negative mention, the weighted handle too.
    let critical = lines(&["--sort", "critical", "--authors"]);
    assert_eq!(critical.len(), 1, "{critical:?}");
    assert_eq!(critical[0]["name"], "@casa_foodie@mastodon.example");
    assert_eq!(critical[0]["weight"], 3.0);
    assert_eq!(lines(&["--limit", "1"]).len(), 1);
    let out = veille(&["voices", "--config", c, "--since", "2026-01-01"]);
    let table = text(&out.stdout);
    assert!(table.starts_with("BRAND  KIND    VOICE"), "{table}");
    assert_eq!(table.lines().count(), 1 + all.len(), "{table}");
    let out = veille(&["voices", "--config", c, "--brand", "Orange"]);
    assert_eq!(text(&out.stdout).trim(), "no mentions match");
}

#[test]
fn demo_runs_offline_and_keeps_to_its_folder() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("demo");
    let out = veille(&["demo", "--dir", d.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let s = text(&out.stdout);
    assert!(s.contains("Atlas Mobile"), "{s}");
    assert!(
        !s.contains("Alerts (0)"),
        "the demo shows at least one alert:\n{s}"
    );
    assert!(s.contains("le ton se dégrade"), "{s}");
    let mut files: Vec<String> = std::fs::read_dir(&d)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert!(
        files
            .iter()
            .all(|f| f.starts_with("veille.") || f == "report.html"),
        "{files:?}"
    );
    // The demo ends with a report, and says where it is.
    let report = d.join("report.html");
    assert!(s.contains(&report.display().to_string()), "{s}");
    let html = std::fs::read_to_string(&report).unwrap();
    assert!(html.contains("Atlas Mobile") && html.contains("id=\"alert-1\""));
    // The folder's config works with the read commands.
    let cfg = d.join("veille.toml");
    let out = veille(&["alerts", "--config", cfg.to_str().unwrap(), "--json"]);
    assert!(text(&out.stdout).contains("Atlas Mobile"));
    // The nano-influencers of the demo's Mastodon hashtag are named by their handles, and
    // the one who complained about the outage is among the critical voices.
    let out = veille(&[
        "voices",
        "--config",
        cfg.to_str().unwrap(),
        "--brand",
        "Atlas Mobile",
        "--sort",
        "critical",
        "--authors",
        "--json",
    ]);
    let s = text(&out.stdout);
    assert!(s.contains("\"@casa_foodie@masto.example\""), "{s}");
    // The YouTube channel's video was read through its description.
    let out = veille(&[
        "mentions",
        "--config",
        cfg.to_str().unwrap(),
        "--json",
        "--feed",
        "videos",
    ]);
    assert_eq!(
        text(&out.stdout).lines().count(),
        2,
        "{}",
        text(&out.stdout)
    );
}

/// `score --jsonl` scores a line whose "brand" the config names as `score
/// --brand` does (its aliases, its lexicon entries, other brands' clauses left
/// out). Before, the line searched the name as written with the base lexicon:
/// "Maroc Telecom" was not found in "IAM : coupure …", and "coupure" had no
/// weight. A name the config does not know, and a line without a brand, are
/// answered as with no brand configured.
#[test]
fn score_jsonl_scores_a_configured_brand_as_score_brand_does() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = write_config(
        dir.path(),
        &["http://127.0.0.1:9/a.xml".into()],
        "[[brands]]\nname = \"Maroc Telecom\"\naliases = [\"IAM\"]\nlexicon = [{ term = \"coupure\", weight = -2.5 }]\n\n[[brands]]\nname = \"Inwi\"\naliases = [\"inwi\"]\n",
    );
    let cfg = cfg.to_str().unwrap();
    let bare_dir = tempfile::tempdir().unwrap();
    let bare = write_config(bare_dir.path(), &["http://127.0.0.1:9/a.xml".into()], "");
    let bare = bare.to_str().unwrap();
    // (brand on the line, text, configured)
    let cases = [
        (
            Some("Maroc Telecom"),
            "IAM : coupure internet depuis ce matin",
            true,
        ),
        (
            Some("maroc telecom"),
            "Encore une coupure chez IAM, c'est nul",
            true,
        ),
        (Some("Inwi"), "IAM nul, inwi super", true),
        (Some("Maroc Telecom"), "IAM nul, inwi super", true),
        (
            Some("Jumia"),
            "Jumia : coupure, livraison nulle. IAM super",
            false,
        ),
        (None, "IAM : coupure internet, c'est nul", false),
    ];
    let input: String = cases
        .iter()
        .enumerate()
        .map(|(i, (brand, text, _))| {
            let mut v = serde_json::json!({"id": i, "text": text});
            if let Some(b) = brand {
                v["brand"] = serde_json::json!(b);
            }
            v.to_string() + "\n"
        })
        .collect();
    let lines = |cfg: &str| -> Vec<String> {
        let out = veille_stdin(&["score", "--config", cfg, "--jsonl"], &input);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        text(&out.stdout).lines().map(str::to_string).collect()
    };
    let raw = lines(cfg);
    let parse = |l: &Vec<String>| -> Vec<serde_json::Value> {
        l.iter().map(|l| serde_json::from_str(l).unwrap()).collect()
    };
    let (got, without) = (parse(&raw), parse(&lines(bare)));
    assert_eq!(got.len(), cases.len());
    for (i, (brand, t, configured)) in cases.iter().enumerate() {
        let why = format!("{brand:?} {t:?}: {}", raw[i]);
        assert_eq!(got[i]["id"], i, "{why}");
        // The fields and their order are the protocol's.
        assert_eq!(got[i].as_object().unwrap().len(), 5, "{why}");
        let at: Vec<usize> = [
            "{\"id\":",
            ",\"label\":",
            ",\"score\":",
            ",\"lang\":",
            ",\"terms\":",
        ]
        .iter()
        .map(|k| raw[i].find(k).unwrap_or_else(|| panic!("{k} in {why}")))
        .collect();
        assert!(at[0] == 0 && at.is_sorted(), "{why}");
        if !configured {
            assert_eq!(got[i], without[i], "{why}");
            continue;
        }
        let out = veille(&[
            "score",
            "--config",
            cfg,
            "--brand",
            brand.unwrap(),
            "--json",
            t,
        ]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        let want: serde_json::Value = serde_json::from_str(&text(&out.stdout)).unwrap();
        for k in ["label", "score", "lang", "terms"] {
            assert_eq!(got[i][k], want[k], "{k} of {why}");
        }
    }
    // The brand's entry and alias did the work: "coupure" weighs as the
    // brand's entry, and the other brand's clause is left out.
    let terms = |v: &serde_json::Value| -> Vec<String> {
        v["terms"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["term"].as_str().unwrap().to_lowercase())
            .collect()
    };
    assert_eq!(got[0]["label"], -1, "{}", got[0]);
    assert!(
        terms(&got[0]).contains(&"coupure".to_string()),
        "{}",
        got[0]
    );
    assert_ne!(got[0], without[0], "the configured brand changed nothing");
    assert_eq!(got[2]["label"], 1, "{}", got[2]);
    assert!(!terms(&got[2]).contains(&"nul".to_string()), "{}", got[2]);
    assert_eq!(got[3]["label"], -1, "{}", got[3]);
    assert!(!terms(&got[3]).contains(&"super".to_string()), "{}", got[3]);
}

/// `score --brand` scores a configured brand as the daemon does: found by its
/// aliases, with its own lexicon entries, other configured brands' clauses
/// left out. Before, it searched the name as written and used neither.
#[test]
fn score_brand_uses_the_configured_brand() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = write_config(
        dir.path(),
        &["http://127.0.0.1:9/a.xml".into()],
        "[[brands]]\nname = \"Inwi\"\naliases = [\"إنوي\"]\nlexicon = [{ term = \"maintenance\", weight = -2.0 }]\n\n[[brands]]\nname = \"Orange\"\naliases = [\"orange\"]\n",
    );
    let cfg = cfg.to_str().unwrap();
    // The alias finds the brand, and the brand's own entry scores.
    let out = veille(&[
        "score",
        "--config",
        cfg,
        "--brand",
        "Inwi",
        "إنوي : maintenance ce soir",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let s = text(&out.stdout);
    assert!(s.starts_with("negative"), "{s}");
    assert!(
        s.contains("maintenance") && s.contains("user lexicon"),
        "{s}"
    );
    assert!(out.stderr.is_empty(), "{}", text(&out.stderr));
    // The other brand's clause is left out.
    let out = veille(&[
        "score",
        "--config",
        cfg,
        "--brand",
        "Orange",
        "Inwi nul, Orange top",
    ]);
    assert!(
        text(&out.stdout).starts_with("positive"),
        "{}",
        text(&out.stdout)
    );
    // An unconfigured name is searched as written, and a name not in the
    // text is said so.
    let out = veille(&[
        "score",
        "--config",
        cfg,
        "--brand",
        "Jumia",
        "Livraison rapide, merci",
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        text(&out.stderr).contains("\"Jumia\" is not mentioned in the text"),
        "{}",
        text(&out.stderr)
    );
}
