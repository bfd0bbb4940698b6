//! Same cases as `benches/matcher.rs`, measured in CPU time: each case runs
//! until 1.5 s of this process's CPU time (utime + stime from
//! /proc/self/stat) is used, so time slices lost to other processes on a
//! shared, oversubscribed machine do not count (criterion measures wall
//! time). Linux only.
//!
//! cargo run --release --example cputime            # 10, 100, 1000 brands
//! NS=1000 NORE=1 cargo run --release --example cputime   # matcher only

use std::hint::black_box;

use veille::matcher::{Doc, Matcher, fold};

#[path = "common/mod.rs"]
mod common;
use common::{brands, news_text, regex_loop};
fn cpu_secs() -> f64 {
    let s = std::fs::read_to_string("/proc/self/stat").unwrap();
    let f: Vec<&str> = s.rsplit(')').next().unwrap().split_whitespace().collect();
    (f[11].parse::<f64>().unwrap() + f[12].parse::<f64>().unwrap()) / 100.0
}

fn run(name: &str, bytes: usize, mut f: impl FnMut()) -> f64 {
    f();
    let t0 = cpu_secs();
    let mut n = 0u64;
    while cpu_secs() - t0 < 1.5 {
        f();
        n += 1;
    }
    let mbs = bytes as f64 * n as f64 / (cpu_secs() - t0) / 1e6;
    println!("{name:28} {mbs:9.2} MB/s (CPU time, {n} iterations)");
    mbs
}

fn main() {
    let text = news_text(256 * 1024);
    let doc = Doc {
        text: &text,
        source: "",
        lang: "fr",
    };
    run("fold 256 KiB", text.len(), || {
        black_box(fold(&text));
    });
    let small = news_text(32 * 1024);
    let sdoc = Doc {
        text: &small,
        source: "",
        lang: "fr",
    };
    for n in std::env::var("NS")
        .map(|v| {
            v.split(",")
                .map(|x| x.parse().unwrap())
                .collect::<Vec<usize>>()
        })
        .unwrap_or(vec![10, 100, 1000])
    {
        let specs = brands(n);
        let t = std::time::Instant::now();
        let m = Matcher::new(&specs).unwrap();
        println!("Matcher::new({n} brands): {:?} (wall)", t.elapsed());
        let a = run(&format!("matcher {n} (256 KiB)"), text.len(), || {
            black_box(m.find(&doc));
        });
        let b = run(&format!("matcher {n} (32 KiB)"), small.len(), || {
            black_box(m.find(&sdoc));
        });
        if std::env::var("NORE").is_ok() {
            continue;
        }
        let res = regex_loop(&specs);
        let c = run(&format!("regex loop {n} (32 KiB)"), small.len(), || {
            let mut h = 0;
            for (_, re) in &res {
                h += re.find_iter(&small).count();
            }
            black_box(h);
        });
        println!(
            "  ratio matcher/regex-loop (32 KiB) = {:.1}x   (256 KiB matcher {:.0} MB/s)",
            b / c,
            a
        );
    }
}
