//! Fuzz target (proptest): text -> score. `Scorer::score` and `score_targeted` with
//! arbitrary (even reversed or out-of-range) target ranges: no panic, a finite score in
//! [-1, 1] whose label agrees with it, and a target span inside the text on char
//! boundaries.
//!
//! Bounded for CI: `PROPTEST_CASES` (default 256 here) cases per property.

use proptest::prelude::*;
use veille::score::{Score, Scorer};

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256)
}

fn text() -> impl Strategy<Value = String> {
    let words = prop::sample::select(vec![
        "Inwi",
        "panne",
        "nul",
        "excellent",
        "pas",
        "ne",
        "jamais",
        "zwin",
        "bzaf",
        "khayb",
        "machi",
        "ma",
        "not",
        "bad",
        "good",
        "ممتاز",
        "سيء",
        "ما",
        "مشي",
        "don't",
        "n'est",
        "l'offre",
        "’",
        ".",
        "!",
        "?",
        "؟",
        ",",
        "،",
        "\n",
        " ",
        "é",
        "👎",
        "İ",
    ]);
    prop_oneof![
        any::<String>(),
        prop::collection::vec(words.clone(), 0..60).prop_map(|v| v.join(" ")),
        prop::collection::vec(words, 0..60).prop_map(|v| v.concat()),
    ]
}

fn sane(s: &Score) -> Result<(), TestCaseError> {
    prop_assert!(
        s.score.is_finite() && (-1.0..=1.0).contains(&s.score),
        "{s:?}"
    );
    // The neutral band is per language (wider for English), so the label is not a fixed
    // threshold of the score; it is neutral or has the score's sign, and no tone is neutral.
    prop_assert!([-1, 0, 1].contains(&s.label), "{:?}", s);
    if s.label != 0 {
        prop_assert_eq!(s.label as f64, s.score.signum(), "{:?}", s);
    }
    if s.score == 0.0 {
        prop_assert_eq!(s.label, 0, "{:?}", s);
    }
    prop_assert!(s.terms.iter().all(|t| t.weight.is_finite()));
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn score_is_bounded_and_labelled(s in text()) {
        let scorer = Scorer::new(&[]).unwrap();
        sane(&scorer.score(&s))?;
        let _ = veille::score::detect_lang(&s);
    }

    #[test]
    fn score_targeted_takes_any_ranges(
        s in text(),
        ranges in prop::collection::vec((0usize..400, 0usize..400), 0..4),
    ) {
        let scorer = Scorer::new(&[]).unwrap();
        let ranges: Vec<std::ops::Range<usize>> = ranges.into_iter().map(|(a, b)| a..b).collect();
        let t = scorer.score_targeted(&s, &ranges);
        sane(&t.target)?;
        sane(&t.whole)?;
        prop_assert!(t.span.start <= t.span.end && t.span.end <= s.len(), "{:?} in {} bytes", t.span, s.len());
        prop_assert!(s.is_char_boundary(t.span.start) && s.is_char_boundary(t.span.end), "{:?} in {s:?}", t.span);
    }
}
