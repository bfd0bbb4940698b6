//! Property tests: folding and matching never panic on arbitrary Unicode,
//! offsets always land on char boundaries of the original text, the offset
//! map is monotonic, and a planted alias is always found where it was put.

use proptest::prelude::*;
use veille::matcher::{BrandSpec, Doc, Matcher, fold};

/// Text biased towards the characters the matcher treats specially.
fn tricky() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[a-zA-Z0-9 '’`´#@._\\-\u{301}\u{308}éÉœŒßİıﬁ\u{FB01}Ａ\u{200D}\u{200B}\u{AD}\u{A0}\n\t]{0,40}",
        "[ءاأإآٱىيئؤةهـًٌٍَُِّْٰونبلكفالم٠-٩ \u{FE93}\u{FEF7}a-z#@.]{0,40}",
    ]
}

fn check_doc(m: &Matcher, text: &str) -> Result<(), TestCaseError> {
    let hits = m.find(&Doc {
        text,
        source: "",
        lang: "",
    });
    for h in &hits {
        prop_assert!(h.start < h.end, "empty hit {h:?}");
        prop_assert!(h.end <= text.len());
        prop_assert!(text.is_char_boundary(h.start) && text.is_char_boundary(h.end));
    }
    prop_assert!(hits.windows(2).all(|w| w[0].start <= w[1].start));
    for (i, a) in hits.iter().enumerate() {
        for b in &hits[i + 1..] {
            if a.brand == b.brand {
                prop_assert!(a.end <= b.start || b.end <= a.start, "overlap {a:?} {b:?}");
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn fold_map_is_monotonic_and_on_char_boundaries(text in tricky()) {
        let f = fold(&text);
        let mut prev = 0;
        for p in 0..=f.text.len() + 2 {
            let o = f.to_original(p);
            prop_assert!(o <= text.len());
            prop_assert!(text.is_char_boundary(o), "{p} -> {o} in {text:?}");
            prop_assert!(o >= prev, "not monotonic at {p}: {prev} > {o}");
            prev = o;
        }
        prop_assert_eq!(f.to_original(f.text.len()), text.len());
    }

    #[test]
    fn fold_is_idempotent(text in tricky()) {
        let once = fold(&text).text;
        prop_assert_eq!(fold(&once).text, once.clone());
    }

    #[test]
    fn find_never_panics_and_offsets_are_sane(
        text in tricky(),
        aliases in prop::collection::vec(tricky(), 1..4),
        ctx in prop::collection::vec("[a-zé]{1,6}", 0..2),
        query in prop::option::of("[a-z\"() \\-]{1,20}|[a-z]{1,5} (OR|AND|NEAR/2) [a-z]{1,5}"),
        match_urls in any::<bool>(),
    ) {
        let spec = BrandSpec {
            name: "x".into(),
            aliases,
            exclude_context: ctx,
            query,
            match_urls,
            ..Default::default()
        };
        // Invalid specs are fine (they are reported); valid ones must behave.
        if let Ok(m) = Matcher::new(&[spec]) {
            check_doc(&m, &text)?;
        }
    }

    #[test]
    fn alias_taken_from_the_text_never_panics(text in tricky(), a in 0usize..40, len in 1usize..12) {
        // Aliases cut out of the document itself: they do occur in it.
        let chars: Vec<char> = text.chars().collect();
        let alias: String = chars.iter().skip(a).take(len).collect();
        if let Ok(m) = Matcher::new(&[BrandSpec { aliases: vec![alias], ..Default::default() }]) {
            check_doc(&m, &text)?;
        }
    }

    #[test]
    fn planted_alias_is_found_at_its_place(
        prefix in tricky(),
        alias in "[a-zA-Z][a-zA-Z0-9]{2,7}|[بتثجحخدذرسشصضطظعغقكمنهوي]{3,6}",
        suffix in tricky(),
    ) {
        let text = format!("{prefix} {alias} {suffix}");
        let start = prefix.len() + 1;
        let end = start + alias.len();
        let m = Matcher::new(&[BrandSpec { aliases: vec![alias.clone()], ..Default::default() }]).unwrap();
        let hits = m.find(&Doc { text: &text, source: "", lang: "" });
        prop_assert!(
            hits.iter().any(|h| h.start == start && h.end == end),
            "{alias:?} not found at {start}..{end} in {text:?}: {hits:?}"
        );
    }
}
