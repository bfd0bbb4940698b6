//! Configured brands, for scoring a text about one of them as the daemon
//! scores it, outside the daemon: `score --brand NAME` and the `score --jsonl`
//! lines whose "brand" names a configured brand. Owns: the `Matcher` compiled
//! from every configured brand's spec, one `Scorer` per brand (the base
//! scorer plus the brand's `[[brands]] lexicon` entries), looking a brand up
//! by name (trimmed, ASCII case-insensitive, as the config names it), and
//! finding in a text that brand's mentions (its aliases, handles, hashtags,
//! regexes, minus its exclusions: the targets) and every other configured
//! brand's (the others), which `Scorer::score_targeted_among` then reads.
//!
//! Built once (the matcher compiled, every brand's entries checked), then
//! shared by reference across `score --jsonl`'s scoring threads. A brand's
//! scorer is built the first time it is asked for (`OnceLock`): `score
//! --brand` with forty branded brands configured builds one, not forty. Pure: no I/O. A name the config does not know is the caller's
//! business (`find` answers None): veille then searches the name as written.

use std::ops::Range;
use std::sync::OnceLock;

use crate::matcher::{BrandSpec, Doc, Matcher, SpecError};

use super::{LexiconEntry, ScoreError, Scored, Scorer, Targeted};

#[derive(Debug, thiserror::Error)]
pub enum BrandsError {
    #[error("{0}")]
    Matcher(#[from] SpecError),
    #[error("brand {brand:?} lexicon: {source}")]
    Lexicon {
        brand: String,
        #[source]
        source: ScoreError,
    },
}

/// The configured brands, compiled.
pub struct Brands {
    matcher: Matcher,
    /// By brand index, as the matcher numbers them.
    names: Vec<String>,
    base: Scorer,
    /// By brand: its own lexicon entries (checked) and, once built, its scorer.
    scorers: Vec<(Vec<LexiconEntry>, OnceLock<Scorer>)>,
}

impl std::fmt::Debug for Brands {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Brands")
            .field("names", &self.names)
            .finish_non_exhaustive()
    }
}

/// One brand's mentions in a text and the other configured brands'.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BrandMentions {
    pub targets: Vec<Range<usize>>,
    pub others: Vec<Range<usize>>,
}

impl Brands {
    /// Every brand as `(spec, its lexicon entries)`, in config order; `base`
    /// carries the lexicon entries every brand shares (`[scoring] lexicon`).
    pub fn new<'a>(
        base: &Scorer,
        brands: impl IntoIterator<Item = (&'a BrandSpec, &'a [LexiconEntry])>,
    ) -> Result<Brands, BrandsError> {
        let mut specs = Vec::new();
        let mut scorers = Vec::new();
        for (spec, lexicon) in brands {
            for e in lexicon {
                e.check().map_err(|source| BrandsError::Lexicon {
                    brand: spec.name.clone(),
                    source,
                })?;
            }
            specs.push(spec.clone());
            scorers.push((lexicon.to_vec(), OnceLock::new()));
        }
        Ok(Brands {
            matcher: Matcher::new(&specs)?,
            names: specs.into_iter().map(|s| s.name).collect(),
            base: base.clone(),
            scorers,
        })
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// The index of the brand configured under `name` (trimmed, ASCII
    /// case-insensitive), if any.
    pub fn find(&self, name: &str) -> Option<usize> {
        let name = name.trim();
        self.names.iter().position(|n| n.eq_ignore_ascii_case(name))
    }

    /// The configured name of brand `b`.
    pub fn name(&self, b: usize) -> &str {
        &self.names[b]
    }

    /// Brand `b`'s scorer: the base one plus its own lexicon entries.
    pub fn scorer(&self, b: usize) -> &Scorer {
        let (entries, scorer) = &self.scorers[b];
        scorer.get_or_init(|| {
            self.base
                .with_extra(entries)
                .expect("entries checked in Brands::new")
        })
    }

    /// The matcher over every configured brand, numbered as `find` numbers
    /// them (the pipeline reads every brand's hits in one pass).
    pub fn matcher(&self) -> &Matcher {
        &self.matcher
    }

    /// Where brand `b` and the other configured brands are named in `text`,
    /// as the daemon's matcher finds them (no feed: source filters see "").
    pub fn mentions(&self, b: usize, text: &str) -> BrandMentions {
        let lang = super::detect_lang(text);
        self.mentions_in(
            b,
            &Doc {
                text,
                source: "",
                lang,
            },
        )
    }

    /// `mentions` in a document whose feed and language are known (`rescore`:
    /// a brand's source filters then apply as they did when it was stored).
    pub fn mentions_in(&self, b: usize, doc: &Doc<'_>) -> BrandMentions {
        let mut m = BrandMentions::default();
        for h in self.matcher.find(doc) {
            if h.brand == b {
                m.targets.push(h.start..h.end);
            } else {
                m.others.push(h.start..h.end);
            }
        }
        m
    }

    /// `text` scored for brand `b` as the daemon scores it (its scorer, its
    /// mentions, the other brands' clauses left out), and the mentions found.
    /// With no mention of `b`, the target is the whole text.
    pub fn score(&self, b: usize, text: &str) -> (Targeted, BrandMentions) {
        let m = self.mentions(b, text);
        let t = self
            .scorer(b)
            .score_targeted_among(text, &m.targets, &m.others);
        (t, m)
    }

    /// `score(b, text).0.target` without the copies (`score --jsonl`).
    pub(crate) fn score_raw<'t>(&self, b: usize, text: &'t str) -> Scored<'t> {
        let m = self.mentions(b, text);
        self.scorer(b)
            .score_target_raw(text, &m.targets, &m.others, true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::score::jsonl;

    /// Two brands: Maroc Telecom answers to its alias "IAM" and takes
    /// "coupure" as worse news than the embedded lexicons do (its own entry,
    /// "user lexicon"); Inwi has no entry of its own.
    const CONFIG: &str = r##"
[[feeds]]
url = "http://127.0.0.1:9/a.xml"

[[brands]]
name = "Maroc Telecom"
aliases = ["IAM", "#IAM"]
lexicon = [{ term = "coupure", weight = -2.5 }]

[[brands]]
name = "Inwi"
aliases = ["inwi"]
"##;

    fn config() -> crate::config::Config {
        crate::config::parse(CONFIG, "<test>", std::path::Path::new("/tmp"))
            .expect("test config is valid")
    }

    fn brands(cfg: &crate::config::Config) -> (Scorer, Brands) {
        let base = Scorer::new(&cfg.lexicon).unwrap();
        let brands = Brands::new(
            &base,
            cfg.brands.iter().map(|b| (&b.spec, b.lexicon.as_slice())),
        )
        .unwrap();
        (base, brands)
    }

    /// `score --jsonl` on one line with `brand`, as the CLI runs it.
    fn jsonl_line(base: &Scorer, brands: &Brands, text: &str, brand: &str) -> serde_json::Value {
        let line = serde_json::json!({"id": 1, "text": text, "brand": brand}).to_string();
        let mut out = Vec::new();
        jsonl::run_jsonl_brands(base, brands, line.as_bytes(), &mut out).unwrap();
        serde_json::from_slice(&out).unwrap()
    }

    fn terms(v: &serde_json::Value) -> Vec<String> {
        v["terms"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["term"].as_str().unwrap().to_string())
            .collect()
    }

    #[test]
    fn find_is_case_insensitive_and_trimmed() {
        let cfg = config();
        let (_, brands) = brands(&cfg);
        for (name, want) in [
            ("Maroc Telecom", Some(0)),
            ("maroc telecom", Some(0)),
            ("  MAROC TELECOM ", Some(0)),
            ("inwi", Some(1)),
            ("IAM", None), // an alias is not a brand name
            ("Orange", None),
            ("", None),
        ] {
            assert_eq!(brands.find(name), want, "{name:?}");
        }
        assert_eq!(brands.name(0), "Maroc Telecom");
    }

    /// A configured brand on a `score --jsonl` line: found by its alias,
    /// scored with its own lexicon entry, the other brand's clause left out,
    /// and answered exactly as `score --brand` (`Brands::score`) answers.
    /// Before, the line searched "Maroc Telecom" as written (not in these
    /// texts) and scored the whole text with the base lexicon.
    #[test]
    fn jsonl_scores_a_configured_brand_as_score_brand_does() {
        let cfg = config();
        let (base, brands) = brands(&cfg);
        // (text, brand as the line names it, label if asserted, whether
        // "coupure" weighs as the brand's entry, a term left out)
        let cases: &[(&str, &str, Option<i8>, bool, &str)] = &[
            // The alias finds the brand; "coupure" weighs as its entry.
            (
                "IAM : coupure internet depuis ce matin",
                "Maroc Telecom",
                Some(-1),
                true,
                "",
            ),
            // The brand's name in any case on the line.
            (
                "IAM : coupure internet depuis ce matin",
                "  maroc TELECOM",
                Some(-1),
                true,
                "",
            ),
            // A hashtag alias.
            (
                "Encore une coupure #IAM, c'est nul",
                "Maroc Telecom",
                Some(-1),
                true,
                "",
            ),
            // The other configured brand's clause is left out, both ways.
            (
                "IAM nul, inwi super",
                "Maroc Telecom",
                Some(-1),
                false,
                "super",
            ),
            ("IAM nul, inwi super", "Inwi", Some(1), false, "nul"),
            // The entry is Maroc Telecom's, not Inwi's.
            ("inwi : coupure ce soir", "Inwi", None, false, ""),
        ];
        for &(text, brand, label, entry, lacks) in cases {
            let got = jsonl_line(&base, &brands, text, brand);
            let b = brands.find(brand).unwrap();
            let (want, m) = brands.score(b, text);
            let why = format!("{text:?} for {brand:?}: {got}");
            assert!(!m.targets.is_empty(), "{why}");
            // Same as `score --brand`: label, score, language and terms.
            assert_eq!(got["label"], want.target.label, "{why}");
            assert_eq!(got["score"].as_f64().unwrap(), want.target.score, "{why}");
            assert_eq!(got["lang"], want.target.lang.as_str(), "{why}");
            assert_eq!(
                got["terms"],
                serde_json::to_value(&want.target.terms).unwrap(),
                "{why}"
            );
            if let Some(label) = label {
                assert_eq!(got["label"], label, "{why}");
            }
            let by_entry = got["terms"].as_array().unwrap().iter().any(|t| {
                t["term"].as_str().unwrap().eq_ignore_ascii_case("coupure")
                    && t["why"] == "user lexicon"
                    && t["weight"] == -2.5
            });
            assert_eq!(by_entry, entry, "{why}");
            if !lacks.is_empty() {
                assert!(!terms(&got).iter().any(|t| t == lacks), "{why}");
            }
        }
    }

    /// Mentions are the matcher's: the alias and the name (the config adds
    /// it as an alias) are the brand's, the other brand's are the others.
    #[test]
    fn mentions_are_the_matchers() {
        let cfg = config();
        let (_, brands) = brands(&cfg);
        let text = "IAM ou inwi ? Maroc Telecom ne répond pas";
        let m = brands.mentions(0, text);
        assert_eq!(m.targets, vec![0..3, 14..27]);
        assert_eq!(m.others, vec![7..11]);
        let m = brands.mentions(1, text);
        assert_eq!(m.targets, vec![7..11]);
        assert_eq!(m.others, vec![0..3, 14..27]);
    }

    /// A brand the config does not name, or a line without a brand, is
    /// scored exactly as without any config: a name searched as written with
    /// the base scorer, or the whole text.
    #[test]
    fn unconfigured_brand_and_no_brand_are_unchanged() {
        let cfg = config();
        let (base, brands) = brands(&cfg);
        let lines = [
            r#"{"id": 1, "text": "Orange : coupure, nul. IAM super", "brand": "Orange"}"#,
            r#"{"id": 2, "text": "IAM : coupure internet, c'est nul", "brand": "IAM"}"#,
            r#"{"id": 3, "text": "IAM : coupure internet, c'est nul"}"#,
            r#"{"id": 4, "text": "Jumia livre vite, merci", "brand": "  "}"#,
            r#"{"id": 5, "text": "Maroc Telecom super", "brand": "Jumia"}"#,
        ]
        .join("\n");
        let mut with = Vec::new();
        jsonl::run_jsonl_brands(&base, &brands, lines.as_bytes(), &mut with).unwrap();
        let mut without = Vec::new();
        jsonl::run_jsonl_with(&base, lines.as_bytes(), &mut without).unwrap();
        assert_eq!(
            String::from_utf8(with).unwrap(),
            String::from_utf8(without).unwrap()
        );
        // And with no brand configured at all.
        let none = Brands::new(&base, []).unwrap();
        assert!(none.is_empty());
        let mut empty = Vec::new();
        jsonl::run_jsonl_brands(&base, &none, lines.as_bytes(), &mut empty).unwrap();
        let mut without = Vec::new();
        jsonl::run_jsonl_with(&base, lines.as_bytes(), &mut without).unwrap();
        assert_eq!(empty, without);
    }

    /// A brand absent from its line's text: the whole text, the other brands
    /// still read as names, as `score --brand` does.
    #[test]
    fn configured_brand_not_in_the_text() {
        let cfg = config();
        let (base, brands) = brands(&cfg);
        let text = "inwi : coupure générale, c'est nul";
        let got = jsonl_line(&base, &brands, text, "Maroc Telecom");
        let (want, m) = brands.score(0, text);
        assert!(m.targets.is_empty());
        assert_eq!(got["label"], want.target.label);
        assert_eq!(got["score"].as_f64().unwrap(), want.target.score);
        assert_eq!(want.target, want.whole);
    }

    #[test]
    fn a_bad_brand_lexicon_is_a_typed_error() {
        let base = Scorer::new(&[]).unwrap();
        let spec = BrandSpec {
            name: "X".into(),
            aliases: vec!["x".into()],
            ..BrandSpec::default()
        };
        let bad = [LexiconEntry {
            term: String::new(),
            weight: 1.0,
            lang: None,
        }];
        match Brands::new(&base, [(&spec, &bad[..])]) {
            Err(BrandsError::Lexicon { brand, source }) => {
                assert_eq!(brand, "X");
                assert!(matches!(source, ScoreError::EmptyTerm));
            }
            other => panic!("{other:?}"),
        }
    }
}
