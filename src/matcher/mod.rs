//! Brand matching: finds the mentions of each configured brand in a document's text.
//!
//! First version (walking skeleton): aliases are folded (case, accents, apostrophes) and
//! compiled into one Aho-Corasick automaton; hits must sit on word boundaries; exclusion
//! phrases and the regex escape hatch are supported. Offsets always refer to the original
//! text. Boolean queries come with the query-language work and are rejected until then.

use aho_corasick::{AhoCorasick, MatchKind};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct BrandSpec {
    pub name: String,
    pub aliases: Vec<String>,
    pub exclude: Vec<String>,
    pub exclude_context: Vec<String>,
    pub query: Option<String>,
    pub regex: Vec<String>,
    pub exclude_sources: Vec<String>,
    pub langs: Vec<String>,
    pub exclude_langs: Vec<String>,
    pub match_urls: bool,
}

pub struct Doc<'a> {
    pub text: &'a str,
    pub source: &'a str,
    pub lang: &'a str,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub brand: usize,
    pub start: usize,
    pub end: usize,
    pub term: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct SpecError {
    pub brand: usize,
    pub field: &'static str,
    pub index: usize,
    pub offset: usize,
    pub message: String,
}

/// Folded text plus, for each byte of it, the byte offset in the original it came from.
pub struct Folded {
    pub text: String,
    map: Vec<usize>,
    orig_len: usize,
}

impl Folded {
    /// Maps a byte offset in the folded text back to the original text.
    pub fn to_original(&self, folded_byte: usize) -> usize {
        self.map.get(folded_byte).copied().unwrap_or(self.orig_len)
    }
}

/// Lowercases, strips accents and unifies apostrophes, keeping an offset map.
pub fn fold(text: &str) -> Folded {
    let mut out = String::with_capacity(text.len());
    let mut map = Vec::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        let c = match c {
            '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{00B4}' | '`' => '\'',
            c => c,
        };
        for d in c.to_lowercase().flat_map(|l| std::iter::once(l).nfd()) {
            if is_combining_mark(d) {
                continue;
            }
            let before = out.len();
            out.push(d);
            map.extend(std::iter::repeat_n(i, out.len() - before));
        }
    }
    Folded {
        text: out,
        map,
        orig_len: text.len(),
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

struct Pattern {
    brand: usize,
    term: String,
}

pub struct Matcher {
    ac: Option<AhoCorasick>,
    patterns: Vec<Pattern>,
    excludes: Vec<Vec<String>>,
    regexes: Vec<Vec<regex::Regex>>,
    specs: Vec<BrandSpec>,
}

impl Matcher {
    pub fn new(brands: &[BrandSpec]) -> Result<Matcher, SpecError> {
        let mut patterns = Vec::new();
        let mut folded = Vec::new();
        let mut regexes = Vec::new();
        for (bi, b) in brands.iter().enumerate() {
            if let Some(q) = &b.query {
                return Err(SpecError {
                    brand: bi,
                    field: "query",
                    index: 0,
                    offset: 0,
                    message: format!(
                        "boolean queries are not supported by this version yet ({q:?}); use aliases and exclude"
                    ),
                });
            }
            for (ai, a) in b.aliases.iter().enumerate() {
                let f = fold(a.trim()).text;
                if f.is_empty() {
                    return Err(SpecError {
                        brand: bi,
                        field: "aliases",
                        index: ai,
                        offset: 0,
                        message: "empty alias".into(),
                    });
                }
                folded.push(f);
                patterns.push(Pattern {
                    brand: bi,
                    term: a.clone(),
                });
            }
            let mut rs = Vec::new();
            for (ri, r) in b.regex.iter().enumerate() {
                let re = regex::RegexBuilder::new(r)
                    .case_insensitive(true)
                    .build()
                    .map_err(|e| SpecError {
                        brand: bi,
                        field: "regex",
                        index: ri,
                        offset: 0,
                        message: format!("invalid regex: {e}"),
                    })?;
                rs.push(re);
            }
            regexes.push(rs);
        }
        let ac = if folded.is_empty() {
            None
        } else {
            Some(
                AhoCorasick::builder()
                    .match_kind(MatchKind::LeftmostLongest)
                    .build(&folded)
                    .expect("aliases compile"),
            )
        };
        Ok(Matcher {
            ac,
            patterns,
            excludes: brands
                .iter()
                .map(|b| b.exclude.iter().map(|e| fold(e).text).collect())
                .collect(),
            regexes,
            specs: brands.to_vec(),
        })
    }

    pub fn find(&self, doc: &Doc) -> Vec<Hit> {
        let folded = fold(doc.text);
        let ft = &folded.text;
        let mut hits = Vec::new();
        if let Some(ac) = &self.ac {
            for m in ac.find_iter(ft) {
                let before = ft[..m.start()].chars().next_back();
                let after = ft[m.end()..].chars().next();
                if before.is_some_and(is_word_char) || after.is_some_and(is_word_char) {
                    continue;
                }
                let p = &self.patterns[m.pattern().as_usize()];
                if self.excluded(p.brand, ft, m.start(), m.end()) {
                    continue;
                }
                hits.push(Hit {
                    brand: p.brand,
                    start: folded.to_original(m.start()),
                    end: folded.to_original(m.end()),
                    term: p.term.clone(),
                });
            }
        }
        for (bi, rs) in self.regexes.iter().enumerate() {
            for re in rs {
                for m in re.find_iter(doc.text) {
                    hits.push(Hit {
                        brand: bi,
                        start: m.start(),
                        end: m.end(),
                        term: re.as_str().to_string(),
                    });
                }
            }
        }
        hits.retain(|h| {
            let s = &self.specs[h.brand];
            !s.exclude_sources
                .iter()
                .any(|x| doc.source.contains(x.as_str()))
        });
        hits.sort_by_key(|h| (h.start, h.brand));
        hits.dedup_by(|a, b| a.brand == b.brand && a.start < b.end && b.start < a.end);
        hits
    }

    fn excluded(&self, brand: usize, ft: &str, s: usize, e: usize) -> bool {
        self.excludes[brand].iter().any(|x| {
            ft.match_indices(x.as_str())
                .any(|(i, _)| i <= s && i + x.len() >= e)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn brands() -> Vec<BrandSpec> {
        vec![
            BrandSpec {
                name: "Inwi".into(),
                aliases: vec!["Inwi".into(), "إنوي".into()],
                ..Default::default()
            },
            BrandSpec {
                name: "L'Oréal".into(),
                aliases: vec!["L'Oréal".into()],
                ..Default::default()
            },
            BrandSpec {
                name: "Orange".into(),
                aliases: vec!["Orange".into()],
                exclude: vec!["jus d'orange".into()],
                ..Default::default()
            },
        ]
    }

    #[test]
    fn table() {
        let m = Matcher::new(&brands()).unwrap();
        let cases: &[(&str, &[usize])] = &[
            ("Le réseau d’Inwi est en panne", &[0]),
            ("INWI lance une offre", &[0]),
            ("Inwinter is coming", &[]),
            ("كلام على إنوي اليوم", &[0]),
            ("Les produits L’OREAL", &[1]),
            ("l'oréal et inwi", &[1, 0]),
            ("un jus d’orange pressé", &[]),
            ("Orange Maroc baisse ses prix", &[2]),
            ("orangeade", &[]),
        ];
        for (text, want) in cases {
            let doc = Doc {
                text,
                source: "",
                lang: "fr",
            };
            let got: Vec<usize> = m.find(&doc).iter().map(|h| h.brand).collect();
            assert_eq!(&got, want, "{text}");
        }
    }

    #[test]
    fn offsets_map_back_to_original() {
        let m = Matcher::new(&brands()).unwrap();
        let text = "Élan: L’Oréal annonce";
        let hits = m.find(&Doc {
            text,
            source: "",
            lang: "fr",
        });
        assert_eq!(&text[hits[0].start..hits[0].end], "L’Oréal");
    }
}
