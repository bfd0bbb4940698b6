//! Throughput of the tone scorer on short (tweet) and long (~5 KB article) texts.
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use veille::score::Scorer;

const TWEETS: &[&str] = &[
    "Franchement le service client d'Inwi est vraiment nul, ça fait 3 jours sans réseau 😡",
    "wach had l3ard zwin bzaf? ma3jbnich lmoutaf9 dyalhom",
    "الخدمة ديال اتصالات المغرب زوينة بزاف، شكرا 👍",
    "هذا المنتج رائع جدا ولكن السعر مرتفع",
    "Loved the new update, but the battery life is terrible!!",
];

fn article() -> String {
    let para = "Le groupe a annoncé jeudi des résultats en hausse, portés par la croissance \
        du mobile et de l'internet fixe. Les analystes saluent une performance solide, \
        mais s'inquiètent de la concurrence sur les prix. Plusieurs clients se plaignent \
        toutefois de coupures fréquentes dans certaines régions, un problème que \
        l'opérateur promet de résoudre rapidement. ";
    let mut s = String::new();
    while s.len() < 5000 {
        s.push_str(para);
    }
    s
}

fn bench(c: &mut Criterion) {
    let scorer = Scorer::new(&[]).unwrap();
    let mut g = c.benchmark_group("score");
    g.throughput(Throughput::Elements(TWEETS.len() as u64));
    g.bench_function("tweets", |b| {
        b.iter(|| {
            for t in TWEETS {
                black_box(scorer.score(black_box(t)));
            }
        })
    });
    let art = article();
    g.throughput(Throughput::Elements(1));
    g.bench_function("article_5kb", |b| {
        b.iter(|| black_box(scorer.score(black_box(&art))))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
