//! Fuzz target (proptest): config text -> config or error. `config::parse` never panics on
//! any text, and every located error points inside the text: a line that exists and a
//! column at most one past its last character. Mutations of a real config (characters
//! inserted, deleted, lines swapped) reach deep into validation, where pure noise would
//! stop at the TOML syntax.
//!
//! Bounded for CI: `PROPTEST_CASES` (default 256 here) cases per property.

use proptest::prelude::*;
use std::path::Path;
use veille::config::{ConfigError, parse};

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256)
}

const VALID: &str = r##"# veille
[daemon]
interval = "15m"
concurrency = 8
timeout = "30s"
max_body = "10MB"
timezone = "Africa/Casablanca"

[storage]
path = "veille.db"
keep = "365d"

[[feeds]]
url = "https://press.example/feed.xml"
name = "Presse"
interval = "30m"
weight = 2.0

[[feeds]]
url = "http://127.0.0.1:8080/local.xml"
interval = "5s"

[[brands]]
name = "Inwi"
aliases = ["inwi", "إنوي", "#inwi"]
exclude = ["inwi-fake"]
regex = ["\\binwi\\s*(?:4g|5g)\\b"]

[[brands.lexicon]]
term = "coupure"
weight = -2.0

[[authors]]
name = "Salma B."
weight = 3.0

[alerts]
desktop = false
language = "fr"
cooldown = "6h"
arl = 500.0

[[scoring.lexicon]]
term = "zwin"
weight = 1.5
lang = "ary"
"##;

fn check(text: &str) -> Result<(), TestCaseError> {
    match parse(text, "fuzz.toml", Path::new("/etc/veille")) {
        Ok(_) => {}
        Err(ConfigError::Invalid {
            path,
            line,
            col,
            message,
        }) => {
            prop_assert_eq!(path, "fuzz.toml");
            prop_assert!(!message.is_empty());
            let lines: Vec<&str> = text.split('\n').collect();
            prop_assert!(
                line >= 1 && line <= lines.len(),
                "line {line} of {} in {text:?}: {message}",
                lines.len()
            );
            let width = lines[line - 1].chars().count();
            prop_assert!(
                col >= 1 && col <= width + 1,
                "col {col} of {width} on line {line}: {message}\n{text}"
            );
        }
        Err(other) => prop_assert!(false, "parse gave a non-located error: {other}"),
    }
    Ok(())
}

#[derive(Debug, Clone)]
enum Edit {
    Insert(prop::sample::Index, String),
    Delete(prop::sample::Index, usize),
    SwapLines(prop::sample::Index, prop::sample::Index),
}

fn edit() -> impl Strategy<Value = Edit> {
    let junk = prop_oneof![
        any::<String>(),
        prop::sample::select(vec![
            "\"", "'", "[", "]", "[[", "=", "\n", "#", "\\", "\\u", "(", ")", "AND", "NOT", "OR",
            "0", "-1", "1e999", "nan", "true", "ms", "d", "é", "ي", "{", "}", ",", "\"\"\"", "*",
        ])
        .prop_map(str::to_string),
    ];
    prop_oneof![
        (any::<prop::sample::Index>(), junk).prop_map(|(i, s)| Edit::Insert(i, s)),
        (any::<prop::sample::Index>(), 1usize..20).prop_map(|(i, n)| Edit::Delete(i, n)),
        (any::<prop::sample::Index>(), any::<prop::sample::Index>())
            .prop_map(|(a, b)| Edit::SwapLines(a, b)),
    ]
}

fn apply(text: &str, e: &Edit) -> String {
    let floor = |s: &str, mut i: usize| {
        while !s.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    match e {
        Edit::Insert(at, s) => {
            let i = floor(text, at.index(text.len() + 1));
            format!("{}{s}{}", &text[..i], &text[i..])
        }
        Edit::Delete(at, n) => {
            let i = floor(text, at.index(text.len() + 1));
            let j = floor(text, (i + n).min(text.len()));
            format!("{}{}", &text[..i], &text[j..])
        }
        Edit::SwapLines(a, b) => {
            let mut lines: Vec<&str> = text.split('\n').collect();
            let (a, b) = (a.index(lines.len()), b.index(lines.len()));
            lines.swap(a, b);
            lines.join("\n")
        }
    }
}

#[test]
fn the_seed_config_is_valid() {
    // Otherwise the mutations below would start from an error.
    parse(VALID, "fuzz.toml", Path::new("/etc/veille")).unwrap_or_else(|e| panic!("{e}"));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn any_text_gives_a_config_or_a_located_error(s in any::<String>()) {
        check(&s)?;
    }

    #[test]
    fn mutated_configs_give_a_config_or_a_located_error(edits in prop::collection::vec(edit(), 1..6)) {
        let mut text = VALID.to_string();
        for e in &edits {
            text = apply(&text, e);
        }
        check(&text)?;
    }
}
