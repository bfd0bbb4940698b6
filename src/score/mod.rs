//! Tone scoring: a keyword/lexicon scorer aimed at the text around a brand mention.
//!
//! First version (walking skeleton): a small French and English lexicon, negation that
//! flips the polarity of the next few words (`ne … pas`, `pas`, `sans`, `not`, `n't`,
//! `never`, `no`), and VADER-style normalisation of the sum into [-1, 1]. Every score
//! lists the terms that moved it. The multilingual scorer replaces this module.

pub mod jsonl;

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

#[derive(Debug, Clone, serde::Deserialize, serde::Serialize, PartialEq)]
pub struct LexiconEntry {
    pub term: String,
    pub weight: f64,
    #[serde(default)]
    pub lang: Option<String>,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, PartialEq)]
pub struct TermHit {
    pub term: String,
    pub weight: f64,
    pub why: String,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, PartialEq)]
pub struct Score {
    pub label: i8,
    pub score: f64,
    pub lang: String,
    pub terms: Vec<TermHit>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Targeted {
    pub target: Score,
    pub whole: Score,
    pub span: Range<usize>,
}

#[derive(Debug, thiserror::Error)]
pub enum ScoreError {
    #[error("lexicon term must not be empty")]
    EmptyTerm,
    #[error("lexicon weight for {0:?} is not a finite number")]
    BadWeight(String),
}

const BASE: &[(&str, f64)] = &[
    ("excellent", 3.0),
    ("bon", 1.5),
    ("bien", 1.5),
    ("bravo", 2.5),
    ("merci", 1.5),
    ("super", 2.5),
    ("satisfait", 2.0),
    ("rapide", 1.5),
    ("fiable", 2.0),
    ("génial", 3.0),
    ("recommande", 2.0),
    ("qualité", 1.5),
    ("top", 2.0),
    ("content", 2.0),
    ("mauvais", -2.5),
    ("nul", -2.5),
    ("panne", -2.5),
    ("coupure", -2.0),
    ("lent", -1.5),
    ("arnaque", -3.0),
    ("scandale", -3.0),
    ("honte", -3.0),
    ("déçu", -2.5),
    ("colère", -2.5),
    ("problème", -1.5),
    ("catastrophe", -3.0),
    ("inadmissible", -3.0),
    ("plainte", -2.0),
    ("good", 1.9),
    ("great", 3.1),
    ("excellent", 3.2),
    ("love", 3.2),
    ("happy", 2.7),
    ("fast", 1.2),
    ("reliable", 1.9),
    ("bad", -2.5),
    ("terrible", -2.1),
    ("awful", -2.0),
    ("outage", -2.0),
    ("scam", -2.5),
    ("slow", -1.2),
    ("angry", -2.3),
    ("disappointed", -1.9),
    ("déçus", -2.5),
    ("déçue", -2.5),
    ("injoignable", -2.0),
    ("ممتازة", 2.5),
    ("ممتاز", 2.5),
    ("سيئة", -2.5),
    ("سيء", -2.5),
    ("انقطاع", -2.0),
    ("غاضبون", -2.5),
    ("شكايات", -1.5),
    ("زوين", 2.5),
    ("مزيانة", 2.0),
    ("واعرة", 2.0),
    ("خايب", -2.5),
    ("مقطوع", -2.0),
    ("حشومة", -2.5),
    ("zwin", 2.5),
    ("mzyana", 2.0),
    ("nadi", 2.0),
    ("khayb", -2.5),
    ("khayba", -2.5),
    ("7chouma", -2.5),
    ("walou", -1.0),
];

const NEGATORS: &[&str] = &[
    "pas", "jamais", "plus", "rien", "aucun", "sans", "not", "never", "no", "n't",
];

struct Inner {
    lex: HashMap<String, f64>,
}

#[derive(Clone)]
pub struct Scorer {
    inner: Arc<Inner>,
}

fn key(term: &str) -> String {
    term.trim().to_lowercase()
}

impl Scorer {
    pub fn new(extra: &[LexiconEntry]) -> Result<Scorer, ScoreError> {
        let mut lex: HashMap<String, f64> = BASE.iter().map(|(t, w)| (t.to_string(), *w)).collect();
        add(&mut lex, extra)?;
        Ok(Scorer {
            inner: Arc::new(Inner { lex }),
        })
    }

    pub fn with_extra(&self, extra: &[LexiconEntry]) -> Result<Scorer, ScoreError> {
        if extra.is_empty() {
            return Ok(self.clone());
        }
        let mut lex = self.inner.lex.clone();
        add(&mut lex, extra)?;
        Ok(Scorer {
            inner: Arc::new(Inner { lex }),
        })
    }

    pub fn score(&self, text: &str) -> Score {
        let mut terms = Vec::new();
        let mut negate_left = 0usize;
        let mut sum = 0.0;
        for raw in text.split_inclusive(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        {
            // Negation does not reach past a clause boundary.
            if raw.ends_with([',', '.', ';', ':', '!', '?', '،', '؟']) {
                negate_left = negate_left.min(1);
            }
            let raw =
                raw.trim_end_matches(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'));
            if raw.is_empty() {
                continue;
            }
            let w = key(raw).replace('’', "'");
            let word = w.rsplit('\'').next().unwrap_or(&w).to_string();
            if NEGATORS.contains(&word.as_str()) || w.ends_with("n't") {
                negate_left = 3;
                continue;
            }
            if let Some(v) = self.inner.lex.get(&word) {
                let (v, why) = if negate_left > 0 {
                    (-0.74 * v, "negated")
                } else {
                    (*v, "lexicon")
                };
                sum += v;
                terms.push(TermHit {
                    term: word.clone(),
                    weight: v,
                    why: why.into(),
                });
            }
            negate_left = negate_left.saturating_sub(1);
        }
        let score = sum / (sum * sum + 15.0).sqrt();
        let label = if score >= 0.05 {
            1
        } else if score <= -0.05 {
            -1
        } else {
            0
        };
        Score {
            label,
            score,
            lang: detect_lang(text).into(),
            terms,
        }
    }

    pub fn score_targeted(&self, text: &str, targets: &[Range<usize>]) -> Targeted {
        let whole = self.score(text);
        let mut span = sentence_span(text, targets);
        let mut target = self.score(&text[span.clone()]);
        // A headline often names the brand and leaves the tone to the next sentence.
        if target.terms.is_empty() && span.end < text.len() {
            let next = sentence_span(text, &[span.end + 1..span.end + 1]);
            span = span.start..next.end.max(span.end);
            target = self.score(&text[span.clone()]);
        }
        Targeted {
            target,
            whole,
            span,
        }
    }
}

fn add(lex: &mut HashMap<String, f64>, extra: &[LexiconEntry]) -> Result<(), ScoreError> {
    for e in extra {
        if e.term.trim().is_empty() {
            return Err(ScoreError::EmptyTerm);
        }
        if !e.weight.is_finite() {
            return Err(ScoreError::BadWeight(e.term.clone()));
        }
        lex.insert(key(&e.term), e.weight);
    }
    Ok(())
}

/// The sentence(s) that contain the targets; the whole text if there are none.
fn sentence_span(text: &str, targets: &[Range<usize>]) -> Range<usize> {
    let clamp = |mut i: usize| {
        i = i.min(text.len());
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let (Some(lo), Some(hi)) = (
        targets.iter().map(|r| r.start).min(),
        targets.iter().map(|r| r.end).max(),
    ) else {
        return 0..text.len();
    };
    let (lo, hi) = (clamp(lo), clamp(hi.max(lo)));
    let is_end = |c: char| matches!(c, '.' | '!' | '?' | '\n' | '؟');
    let start = text[..lo].rfind(is_end).map(|i| i + 1).unwrap_or(0);
    let end = text[hi..]
        .find(is_end)
        .map(|i| hi + i + 1)
        .unwrap_or(text.len());
    clamp(start)..clamp(end)
}

/// Script and stop-word based language guess.
pub fn detect_lang(text: &str) -> &'static str {
    let arabic = text
        .chars()
        .filter(|c| ('\u{0600}'..='\u{06FF}').contains(c))
        .count();
    let latin = text
        .chars()
        .filter(|c| c.is_alphabetic() && c.is_ascii() || ('\u{00C0}'..='\u{024F}').contains(c))
        .count();
    if arabic == 0 && latin == 0 {
        return "und";
    }
    if arabic > latin {
        return "ar";
    }
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower.split(|c: char| !c.is_alphanumeric()).collect();
    let fr = words
        .iter()
        .filter(|w| {
            [
                "le", "la", "les", "de", "des", "est", "et", "un", "une", "pas", "du",
            ]
            .contains(w)
        })
        .count();
    let en = words
        .iter()
        .filter(|w| ["the", "is", "and", "of", "a", "to", "not", "in", "it"].contains(w))
        .count();
    if fr >= en { "fr" } else { "en" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negation_flips() {
        let s = Scorer::new(&[]).unwrap();
        assert_eq!(s.score("Le service est bon").label, 1);
        assert_eq!(s.score("Le service n'est pas bon").label, -1);
        assert_eq!(s.score("The network is not good").label, -1);
        assert_eq!(s.score("Encore une panne").label, -1);
    }

    #[test]
    fn targeted_picks_the_sentence() {
        let s = Scorer::new(&[]).unwrap();
        let t = "Inwi est excellent. Orange est nul.";
        let i = t.find("Orange").unwrap();
        let r = s.score_targeted(t, &[i..i + 6]);
        assert_eq!(r.target.label, -1);
        assert_eq!(&t[r.span.clone()].trim(), &"Orange est nul.");
    }
}
