//! Throughput of `Matcher::find` with 10, 100 and 1,000 brands of 5 aliases
//! each, against the naive baseline (one `(?i)\bALIAS\b` regex per alias, run
//! in a loop), on the same mostly-non-matching French/Arabic news text, in
//! the same run. Also measures `fold` alone (ASCII-heavy and Arabic text).
//!
//! Run: cargo bench --bench matcher

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use veille::matcher::{Doc, Matcher, fold};

mod common;
use common::{AR, FR, brands, news_text, regex_loop};

fn bench(c: &mut Criterion) {
    let text = news_text(256 * 1024);
    let doc = Doc {
        text: &text,
        source: "https://www.exemple.ma/rss",
        lang: "fr",
    };

    let mut g = c.benchmark_group("fold");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("mixed_fr_ar", |b| {
        b.iter(|| black_box(fold(black_box(&text))))
    });
    let fr: String = FR
        .iter()
        .cycle()
        .take(200)
        .copied()
        .collect::<Vec<_>>()
        .join(" ");
    g.throughput(Throughput::Bytes(fr.len() as u64));
    g.bench_function("french", |b| b.iter(|| black_box(fold(black_box(&fr)))));
    let ar: String = AR
        .iter()
        .cycle()
        .take(200)
        .copied()
        .collect::<Vec<_>>()
        .join(" ");
    g.throughput(Throughput::Bytes(ar.len() as u64));
    g.bench_function("arabic", |b| b.iter(|| black_box(fold(black_box(&ar)))));
    let ascii = "The quick brown fox jumps over the lazy dog. ".repeat(6000);
    g.throughput(Throughput::Bytes(ascii.len() as u64));
    g.bench_function("ascii", |b| b.iter(|| black_box(fold(black_box(&ascii)))));
    g.finish();

    let mut g = c.benchmark_group("find");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.measurement_time(Duration::from_secs(4));
    for n in [10, 100, 1000] {
        let specs = brands(n);
        let m = Matcher::new(&specs).unwrap();
        g.bench_with_input(BenchmarkId::new("matcher", n), &n, |b, _| {
            b.iter(|| black_box(m.find(black_box(&doc))))
        });
    }
    g.finish();

    // The baseline is slow: a smaller text and few samples keep the run short.
    let small = news_text(32 * 1024);
    let mut g = c.benchmark_group("baseline");
    g.throughput(Throughput::Bytes(small.len() as u64));
    g.sample_size(10);
    g.warm_up_time(Duration::from_millis(500));
    g.measurement_time(Duration::from_secs(5));
    let sdoc = Doc {
        text: &small,
        source: "",
        lang: "fr",
    };
    for n in [10, 100, 1000] {
        let specs = brands(n);
        let m = Matcher::new(&specs).unwrap();
        g.bench_with_input(BenchmarkId::new("matcher", n), &n, |b, _| {
            b.iter(|| black_box(m.find(black_box(&sdoc))))
        });
        let res = regex_loop(&specs);
        g.bench_with_input(BenchmarkId::new("regex_loop", n), &n, |b, _| {
            b.iter(|| {
                let mut hits = 0usize;
                for (_, re) in &res {
                    hits += re.find_iter(black_box(&small)).count();
                }
                black_box(hits)
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
