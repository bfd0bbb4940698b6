//! Benchmark: how long retention holds the store. The daemon prunes in batches of
//! `PRUNE_BATCH` rows, one transaction each, and releases the store between batches, so a
//! feed's write waits at most one batch. Baseline, in the same run: deleting the same rows
//! in one transaction, which a feed's write would have to wait for entirely.
//!
//! `cargo bench --bench prune` (release build). Prints times and their ratio; asserts
//! nothing about speed.

use chrono::{Duration, TimeZone, Utc};
use std::time::Instant;
use veille::daemon::PRUNE_BATCH;
use veille::normalize::Item;
use veille::store::{FeedUpdate, NewItem, NewMention, Store};

const ITEMS: usize = 60_000;

fn fill(path: &std::path::Path) -> Store {
    let mut s = Store::open(path).unwrap();
    let t0 = Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap();
    for chunk in 0..ITEMS / 1000 {
        let items = (0..1000)
            .map(|k| {
                let n = chunk * 1000 + k;
                let published = t0 + Duration::minutes(20 * n as i64);
                let title = format!("Inwi article {n}");
                let text = "Un texte ordinaire sur Inwi et ses offres. ".repeat(8);
                NewItem {
                    item: Item {
                        guid: format!("g{n}"),
                        link: Some(format!("https://x.example/{n}")),
                        hash: veille::normalize::content_hash(&title, &text),
                        title,
                        text,
                        author: None,
                        published,
                    },
                    lang: "fr".into(),
                    fingerprint: n as u64,
                    mentions: vec![NewMention {
                        brand: "Inwi".into(),
                        start: 0,
                        end: 4,
                        term: "inwi".into(),
                        snippet: "Inwi article".into(),
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
        s.apply(&FeedUpdate {
            effective_url: None,
            url: "https://x.example/feed".into(),
            fetched_at: Utc::now(),
            title: None,
            validators: None,
            items,
            next_check: Utc::now(),
        })
        .unwrap();
    }
    s
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    // Half the items are older than the cutoff.
    let cutoff = Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap()
        + Duration::minutes(20 * (ITEMS / 2) as i64);

    let mut batched = fill(&dir.path().join("batched.db"));
    let start = Instant::now();
    let mut longest = std::time::Duration::ZERO;
    let mut batches = 0;
    let mut pruned = 0;
    loop {
        let t = Instant::now();
        let p = batched.prune_batch(cutoff, PRUNE_BATCH).unwrap();
        longest = longest.max(t.elapsed());
        batches += 1;
        pruned += p.items;
        if p.items < PRUNE_BATCH {
            break;
        }
    }
    let batched_total = start.elapsed();

    let mut single = fill(&dir.path().join("single.db"));
    let t = Instant::now();
    let p = single.prune_batch(cutoff, usize::MAX / 2).unwrap();
    let single_total = t.elapsed();
    assert_eq!(p.items, pruned);

    println!(
        "prune {pruned} of {ITEMS} items (with their mentions):\n  \
         in {batches} batches of {PRUNE_BATCH}: longest batch {:.1} ms, total {:.0} ms\n  \
         baseline, one transaction: {:.0} ms\n  \
         a feed write waits at most {:.3}x the baseline; batching costs {:.2}x the baseline in total",
        longest.as_secs_f64() * 1e3,
        batched_total.as_secs_f64() * 1e3,
        single_total.as_secs_f64() * 1e3,
        longest.as_secs_f64() / single_total.as_secs_f64(),
        batched_total.as_secs_f64() / single_total.as_secs_f64()
    );
}
