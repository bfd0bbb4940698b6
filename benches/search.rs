//! `--search` speed: the FTS5 index against the substring scan it replaced (every row of
//! the filter read, title and text folded, `contains`), measured in the same run on the same
//! database file. Also the cost of the index at write time (apply with vs without it is
//! not separable from outside the store, so the figure is the apply rate with the index).
//!
//! Run: `cargo bench --bench search` (release build). Prints ratios, asserts nothing.

use chrono::{Duration, TimeZone, Utc};
use std::time::Instant;
use veille::fetch::Validators;
use veille::normalize::Item;
use veille::store::{FeedUpdate, MentionFilter, NewItem, NewMention, Store};

const ITEMS: usize = 20_000;

/// Words a query looks for; each position of a text takes one of them with probability
/// 1/100, so a one-word query matches a few percent of the items, as brand monitoring
/// queries do. The rest of the text comes from a synthetic vocabulary of 6000 words.
const WORDS: &[&str] = &[
    "réseau",
    "panne",
    "offre",
    "service",
    "client",
    "agence",
    "Casablanca",
    "Rabat",
    "Fès",
    "excellent",
    "nul",
    "rapide",
    "lent",
    "facture",
    "internet",
    "fibre",
    "mobile",
    "zwin",
    "bzaf",
    "الشبكة",
    "خدمة",
    "مزيانة",
    "انقطاع",
    "injoignable",
];

const SYLLABLES: &[&str] = &[
    "ka", "lo", "mi", "ra", "tu", "sen", "bar", "dal", "fi", "gor", "ha", "jem", "ku", "lem",
    "nor", "pa", "qui", "ros", "sa", "ti",
];

fn rng(seed: usize) -> impl FnMut() -> u64 {
    let mut x = seed as u64 * 2_654_435_761 + 1;
    move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    }
}

fn text(seed: usize, n: usize) -> String {
    let mut next = rng(seed);
    (0..n)
        .map(|_| {
            if next().is_multiple_of(100) {
                WORDS[(next() % WORDS.len() as u64) as usize].to_string()
            } else {
                // Zipf-like: low ranks far more often.
                let r = (next() % 6000) * (next() % 6000) / 6000;
                let (a, b, c) = (r % 20, (r / 20) % 20, (r / 400) % 20);
                format!(
                    "{}{}{}",
                    SYLLABLES[a as usize], SYLLABLES[b as usize], SYLLABLES[c as usize]
                )
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("bench.db")).unwrap();
    let t0 = Utc.with_ymd_and_hms(2026, 10, 1, 0, 0, 0).unwrap();
    let start = Instant::now();
    for batch in 0..ITEMS / 500 {
        let items = (0..500)
            .map(|k| {
                let i = batch * 500 + k;
                let title = format!("Inwi {}", text(i, 8));
                let body = text(i + 7, 60);
                NewItem {
                    item: Item {
                        guid: format!("g{i}"),
                        link: Some(format!("https://b.example/{i}")),
                        hash: veille::normalize::content_hash(&title, &body),
                        title: title.clone(),
                        text: body,
                        author: None,
                        published: t0 + Duration::minutes(i as i64),
                    },
                    lang: "fr".into(),
                    fingerprint: i as u64,
                    mentions: vec![NewMention {
                        brand: "Inwi".into(),
                        start: 0,
                        end: 4,
                        term: "inwi".into(),
                        snippet: title,
                        label: 0,
                        score: 0.0,
                        whole_label: 0,
                        whole_score: 0.0,
                        lang: "fr".into(),
                        terms: serde_json::json!([]),
                        weight: 1.0,
                    }],
                }
            })
            .collect();
        store
            .apply(&FeedUpdate {
                effective_url: None,
                url: "https://b.example/feed".into(),
                fetched_at: t0,
                title: None,
                validators: Some(Validators::default()),
                items,
                next_check: t0,
            })
            .unwrap();
    }
    let load = start.elapsed();
    println!(
        "stored {ITEMS} items with the search index in {:.2}s ({:.0} items/s)",
        load.as_secs_f64(),
        ITEMS as f64 / load.as_secs_f64()
    );

    // The last query matches every item (each title names the brand): the worst case, where
    // the highlight work on every returned row dominates.
    for query in [
        "panne",
        "\"service client\"",
        "انقطاع",
        "facture reseau",
        "inwi",
    ] {
        let reps = 5;
        let t = Instant::now();
        let mut n_fts = 0;
        for _ in 0..reps {
            n_fts = store
                .mentions(&MentionFilter {
                    search: Some(query.into()),
                    ..Default::default()
                })
                .unwrap()
                .len();
        }
        let fts = t.elapsed().as_secs_f64() / reps as f64;
        // Baseline: what `--search` did before, every row of the filter read with its
        // title and text, folded, and searched with `contains` (all words, or the phrase).
        let conn = rusqlite::Connection::open(dir.path().join("bench.db")).unwrap();
        let t = Instant::now();
        let mut n_scan = 0;
        for _ in 0..reps {
            let words: Vec<String> = query
                .split_whitespace()
                .map(|w| veille::search::fold(w.trim_matches('"')).text)
                .collect();
            let phrase = veille::search::fold(query.trim_matches('"')).text;
            let mut st = conn
                .prepare_cached(
                    "SELECT m.id, i.title, i.text FROM mentions m JOIN items i ON i.id = m.item_id ORDER BY m.published DESC, m.id DESC",
                )
                .unwrap();
            n_scan = st
                .query_map([], |r| Ok((r.get::<_, String>(1)?, r.get::<_, String>(2)?)))
                .unwrap()
                .filter(|row| {
                    let (title, text) = row.as_ref().unwrap();
                    let hay = veille::search::fold(&format!("{title} {text}")).text;
                    if query.starts_with('"') {
                        hay.contains(&phrase)
                    } else {
                        words.iter().all(|w| hay.contains(w.as_str()))
                    }
                })
                .count();
        }
        let scan = t.elapsed().as_secs_f64() / reps as f64;
        println!(
            "search {query:<20} fts {:>7.2} ms ({n_fts:>5} rows)   scan {:>7.2} ms ({n_scan:>5} rows)   scan/fts = {:.1}x",
            fts * 1e3,
            scan * 1e3,
            scan / fts
        );
    }
}
