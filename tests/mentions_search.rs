//! `veille mentions` on a database built by the real pipeline (`veille once` polling feeds
//! served on 127.0.0.1): filters, FTS5 search with accents and Arabic letter forms,
//! highlights, sorting, JSON lines and CSV parsed back, and reading while another
//! connection holds the write lock.

mod common;

use chrono::{Duration, Utc};
use common::*;
use std::path::{Path, PathBuf};

struct Entry {
    guid: &'static str,
    title: &'static str,
    body: &'static str,
    author: &'static str,
    days_ago: i64,
}

fn rss_with_authors(title: &str, entries: &[Entry]) -> String {
    let now = Utc::now();
    let esc = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let mut x = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel><title>{}</title>\n",
        esc(title)
    );
    for e in entries {
        x.push_str(&format!(
            "<item><title>{}</title><link>https://t.example/{}</link><guid>{}</guid><pubDate>{}</pubDate><dc:creator>{}</dc:creator><description>{}</description></item>\n",
            esc(e.title),
            e.guid,
            e.guid,
            (now - Duration::days(e.days_ago)).to_rfc2822(),
            esc(e.author),
            esc(e.body)
        ));
    }
    x.push_str("</channel></rss>\n");
    x
}

const PRESS: &[Entry] = &[
    Entry {
        guid: "p1",
        title: "Inwi : panne géante du réseau à Casablanca",
        body: "Les abonnés sont furieux, c'est inadmissible.",
        author: "Karim",
        days_ago: 1,
    },
    Entry {
        guid: "p2",
        title: "Inwi lance une excellente offre avec L’Oréal",
        body: "Bravo, un partenariat réussi et une offre rapide et fiable.",
        author: "Salma",
        days_ago: 3,
    },
    Entry {
        guid: "p3",
        title: "Orange ouvre une agence à Fès",
        body: "Ouverture prévue le 12 du mois. Le réseau Inwi n'est pas concerné.",
        author: "Karim",
        days_ago: 10,
    },
    Entry {
        guid: "p4",
        title: "Orange : service client injoignable, quelle honte",
        body: "Encore une coupure du réseau, les clients sont en colère.",
        author: "Nadia",
        days_ago: 20,
    },
];

const FORUM: &[Entry] = &[
    Entry {
        guid: "f1",
        title: "رأي في إِنْوِي",
        body: "الشبكة ديال إنوي زوينة بزاف والخدمة مزيانة",
        author: "Youssef",
        days_ago: 2,
    },
    Entry {
        guid: "f2",
        title: "مشكل مع أورنج",
        body: "انقطاع الشبكة ديال اورنج مرة أخرى، خدمة خايبة",
        author: "Youssef",
        days_ago: 5,
    },
];

const BRANDS: &str = "[[brands]]\nname = \"Inwi\"\naliases = [\"inwi\", \"إنوي\"]\n\n[[brands]]\nname = \"Orange\"\naliases = [\"orange\", \"أورنج\", \"اورنج\"]\n";

/// A database filled by `veille once` from two feeds; returns (tempdir, config path).
async fn fixture() -> (tempfile::TempDir, PathBuf) {
    let server = serve(vec![
        ("/press.xml", xml(rss_with_authors("La Presse", PRESS))),
        ("/forum.xml", xml(rss_with_authors("Forum Darija", FORUM))),
    ])
    .await;
    let dir = tempfile::tempdir().unwrap();
    let cfg = write_config(
        dir.path(),
        &[
            format!("http://{}/press.xml", server.addr),
            format!("http://{}/forum.xml", server.addr),
        ],
        BRANDS,
    );
    let c = cfg.clone();
    let out =
        tokio::task::spawn_blocking(move || veille(&["once", "--config", c.to_str().unwrap()]))
            .await
            .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    drop(server);
    (dir, cfg)
}

fn json_rows(cfg: &Path, args: &[&str]) -> Vec<serde_json::Value> {
    let mut all = vec!["mentions", "--config", cfg.to_str().unwrap(), "--json"];
    all.extend_from_slice(args);
    let out = veille(&all);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{args:?}: {}",
        text(&out.stderr)
    );
    text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

fn titles(rows: &[serde_json::Value]) -> Vec<String> {
    let mut t: Vec<String> = rows
        .iter()
        .map(|r| {
            format!(
                "{}|{}",
                r["brand"].as_str().unwrap(),
                r["title"].as_str().unwrap()
            )
        })
        .collect();
    t.sort();
    t
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn filters_search_and_formats() {
    let (_dir, cfg) = fixture().await;
    let all = json_rows(&cfg, &[]);
    // p3 mentions both brands; every item mentions at least one.
    assert_eq!(all.len(), 7, "{:#?}", titles(&all));
    for r in &all {
        for field in [
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
            assert!(r.get(field).is_some(), "missing {field}: {r}");
        }
        assert!(chrono::DateTime::parse_from_rfc3339(r["published"].as_str().unwrap()).is_ok());
        assert!(
            r.get("highlight").is_none(),
            "no highlight without a search"
        );
    }
    // Newest first.
    let times: Vec<&str> = all
        .iter()
        .map(|r| r["published"].as_str().unwrap())
        .collect();
    assert!(times.windows(2).all(|w| w[0] >= w[1]), "{times:?}");

    // Tone and language filters, against the unfiltered rows (what the scorer says about
    // each text is the scorer's business, not this test's).
    for (args, keep) in [
        (
            ["--brand", "inwi", "--tone", "negative"],
            (|r: &serde_json::Value| r["brand"] == "Inwi" && r["label"] == -1)
                as fn(&serde_json::Value) -> bool,
        ),
        (["--brand", "Orange", "--tone", "positive"], |r| {
            r["brand"] == "Orange" && r["label"] == 1
        }),
        (["--tone", "neutral", "--lang", "fr"], |r| {
            r["label"] == 0 && r["lang"] == "fr"
        }),
        (["--lang", "ar", "--brand", "Inwi"], |r| {
            r["brand"] == "Inwi" && r["lang"] == "ar"
        }),
    ] {
        let want: Vec<serde_json::Value> = all.iter().filter(|r| keep(r)).cloned().collect();
        assert_eq!(titles(&json_rows(&cfg, &args)), titles(&want), "{args:?}");
    }
    assert!(
        titles(&json_rows(&cfg, &["--brand", "inwi", "--tone", "negative"]))
            .contains(&"Inwi|Inwi : panne géante du réseau à Casablanca".to_string()),
        "the outage is negative"
    );

    // Table-driven filters: (args, expected "brand|title" rows).
    let cases: &[(&[&str], &[&str])] = &[
        (
            &["--author", "karim", "--brand", "Orange"],
            &["Orange|Orange ouvre une agence à Fès"],
        ),
        (
            &["--feed", "forum", "--brand", "Orange"],
            &["Orange|مشكل مع أورنج"],
        ),
        (
            &["--since", "15d", "--until", "4d", "--brand", "Orange"],
            &[
                "Orange|Orange ouvre une agence à Fès",
                "Orange|مشكل مع أورنج",
            ],
        ),
        // Full text: accents folded both ways.
        (
            &["--search", "geante"],
            &["Inwi|Inwi : panne géante du réseau à Casablanca"],
        ),
        (
            &["--search", "PANNE GÉANTE"],
            &["Inwi|Inwi : panne géante du réseau à Casablanca"],
        ),
        // French elision with a typographic apostrophe, typed with a straight one or not.
        (
            &["--search", "l'oreal"],
            &["Inwi|Inwi lance une excellente offre avec L’Oréal"],
        ),
        (
            &["--search", "oréal"],
            &["Inwi|Inwi lance une excellente offre avec L’Oréal"],
        ),
        // Arabic: vowelled text found by an unvowelled query, hamza forms of alef unified.
        (
            &["--search", "انوي", "--brand", "Inwi"],
            &["Inwi|رأي في إِنْوِي"],
        ),
        (
            &["--search", "أورنج", "--brand", "Orange"],
            &["Orange|مشكل مع أورنج"],
        ),
        // Phrases, prefixes, OR, NOT.
        (
            &["--search", "\"service client\""],
            &["Orange|Orange : service client injoignable, quelle honte"],
        ),
        (&["--search", "\"client service\""], &[]),
        (
            &["--search", "injoign*"],
            &["Orange|Orange : service client injoignable, quelle honte"],
        ),
        (
            &["--search", "géante OR injoignable"],
            &[
                "Inwi|Inwi : panne géante du réseau à Casablanca",
                "Orange|Orange : service client injoignable, quelle honte",
            ],
        ),
        (
            &["--search", "réseau NOT géante", "--brand", "Orange"],
            &[
                "Orange|Orange : service client injoignable, quelle honte",
                "Orange|Orange ouvre une agence à Fès",
            ],
        ),
        // Punctuation alone is no FTS5 syntax error, just nothing.
        (&["--search", "\"(*"], &[]),
    ];
    for (args, want) in cases {
        let got = titles(&json_rows(&cfg, args));
        let mut want: Vec<String> = want.iter().map(|s| s.to_string()).collect();
        want.sort();
        assert_eq!(got, want, "{args:?}");
    }

    // Highlights: in the title when it matched there, else in an excerpt of the text.
    let r = json_rows(&cfg, &["--search", "geante"]);
    assert_eq!(
        r[0]["highlight"],
        "Inwi : panne **géante** du réseau à Casablanca"
    );
    let r = json_rows(&cfg, &["--search", "inadmissible"]);
    assert!(
        r[0]["highlight"]
            .as_str()
            .unwrap()
            .contains("c'est **inadmissible**"),
        "{}",
        r[0]
    );
    let r = json_rows(&cfg, &["--search", "انوي", "--brand", "Inwi"]);
    assert_eq!(r[0]["highlight"], "رأي في **إِنْوِي**");

    // Sorting by tone: most negative first.
    let r = json_rows(&cfg, &["--sort", "tone"]);
    let scores: Vec<f64> = r.iter().map(|x| x["score"].as_f64().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] <= w[1]), "{scores:?}");
    assert_eq!(json_rows(&cfg, &["--limit", "2"]).len(), 2);

    // CSV: parse it back and compare with the JSON rows.
    let out = veille(&["mentions", "--config", cfg.to_str().unwrap(), "--csv"]);
    assert_eq!(out.status.code(), Some(0));
    let recs = parse_csv(&text(&out.stdout));
    assert_eq!(recs[0][..3], ["published", "brand", "label"]);
    assert_eq!(recs.len(), all.len() + 1);
    let title_col = recs[0].iter().position(|h| h == "title").unwrap();
    for (rec, js) in recs[1..].iter().zip(&all) {
        assert_eq!(rec.len(), recs[0].len());
        assert_eq!(rec[title_col], js["title"].as_str().unwrap());
    }
    let out = veille(&[
        "mentions",
        "--config",
        cfg.to_str().unwrap(),
        "--json",
        "--csv",
    ]);
    assert_eq!(out.status.code(), Some(2), "--json and --csv conflict");

    // The table into a pipe: no colour codes, one header and one line per row.
    let out = veille(&[
        "mentions",
        "--config",
        cfg.to_str().unwrap(),
        "--search",
        "panne",
    ]);
    let t = text(&out.stdout);
    assert!(!t.contains('\x1b'), "{t}");
    assert!(t.starts_with("PUBLISHED"), "{t}");
    assert_eq!(t.lines().count(), 2, "{t}");
    assert!(t.contains("Karim"), "{t}");
    let out = veille(&[
        "mentions",
        "--config",
        cfg.to_str().unwrap(),
        "--tone",
        "angry",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--tone"));
}

/// RFC 4180 records (quoted fields may hold commas, quotes and line breaks).
fn parse_csv(s: &str) -> Vec<Vec<String>> {
    let mut recs = Vec::new();
    let mut rec = Vec::new();
    let mut field = String::new();
    let mut chars = s.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => rec.push(std::mem::take(&mut field)),
            (false, '\r') => {
                assert_eq!(chars.next(), Some('\n'), "CRLF line ends");
                rec.push(std::mem::take(&mut field));
                recs.push(std::mem::take(&mut rec));
            }
            (false, '\n') => panic!("bare LF outside quotes: not RFC 4180"),
            (false, c) => field.push(c),
        }
    }
    assert!(
        field.is_empty() && rec.is_empty(),
        "last record ends with CRLF"
    );
    recs
}

/// Regression guard for "reads the database while the daemon runs": another connection
/// holds the write lock (an open write transaction) and the listing still answers, with
/// the committed rows only.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lists_while_a_writer_holds_the_lock() {
    let (dir, cfg) = fixture().await;
    let before = json_rows(&cfg, &[]).len();
    let writer = rusqlite::Connection::open(dir.path().join("veille.db")).unwrap();
    writer
        .execute_batch(
            "BEGIN IMMEDIATE; UPDATE mentions SET label = 1; DELETE FROM mentions WHERE brand = 'Orange';",
        )
        .unwrap();
    let rows = json_rows(&cfg, &[]);
    assert_eq!(rows.len(), before, "uncommitted changes are not visible");
    assert!(rows.iter().any(|r| r["label"] == -1));
    let rows = json_rows(&cfg, &["--search", "panne"]);
    assert_eq!(rows.len(), 1);
    writer.execute_batch("ROLLBACK").unwrap();
}
