//! The `score --jsonl` protocol. Owns: reading `{"id","text"[,"brand"]}` lines,
//! writing `{"id","label","score","lang","terms"}` lines in the same order,
//! streaming with constant memory (one reused line buffer, one BufWriter flushed
//! at EOF), and brand-mention search for targeted scoring. Blank lines are
//! skipped; a malformed line is an error naming its 1-based line number.

use std::io::{BufRead, BufWriter, Write};

use std::borrow::Cow;

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use super::normalize::push_folded;
use super::{Scorer, TermHit};

#[derive(Debug, thiserror::Error)]
pub enum JsonlError {
    #[error("line {line}: {msg}")]
    Malformed { line: usize, msg: String },
    #[error("i/o error: {0}")]
    Io(#[from] std::io::Error),
}

/// One input line, borrowed from the line buffer where possible (the id is
/// echoed byte-for-byte as the same JSON value).
#[derive(Deserialize)]
struct In<'a> {
    #[serde(borrow)]
    id: &'a RawValue,
    #[serde(borrow)]
    text: Cow<'a, str>,
    #[serde(borrow, default)]
    brand: Option<Cow<'a, str>>,
}

#[derive(Serialize)]
struct Out<'a> {
    id: &'a RawValue,
    label: i8,
    score: f64,
    lang: &'a str,
    terms: &'a [TermHit],
}

/// Run the protocol with the embedded lexicons.
pub fn run_jsonl(input: impl BufRead, output: impl Write) -> Result<(), JsonlError> {
    let scorer = Scorer::new(&[]).expect("embedded lexicons are valid");
    run_jsonl_with(&scorer, input, output)
}

/// Same, with a caller-provided scorer (user lexicon entries).
pub fn run_jsonl_with(
    scorer: &Scorer,
    mut input: impl BufRead,
    output: impl Write,
) -> Result<(), JsonlError> {
    let mut out = BufWriter::with_capacity(64 * 1024, output);
    let mut line = String::new();
    let mut n = 0usize;
    loop {
        line.clear();
        let read = input.read_line(&mut line)?;
        if read == 0 {
            break;
        }
        n += 1;
        if line.trim().is_empty() {
            continue;
        }
        let bad = |msg: String| JsonlError::Malformed { line: n, msg };
        let v: In<'_> = serde_json::from_str(&line).map_err(|e| bad(format!("{e}")))?;
        let (id, text) = (v.id, v.text.as_ref());
        let brand = v.brand.as_deref().filter(|b| !b.trim().is_empty());
        let score = match brand {
            Some(b) => {
                let targets = find_mentions(text, b);
                scorer.score_targeted(text, &targets).target
            }
            None => scorer.score(text),
        };
        serde_json::to_writer(
            &mut out,
            &Out {
                id,
                label: score.label,
                score: score.score,
                lang: &score.lang,
                terms: &score.terms,
            },
        )
        .map_err(std::io::Error::other)?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(())
}

/// Byte ranges of case- and accent-insensitive occurrences of `brand` in `text`
/// (same folding as the lexicons: "INWI", "inwi", "Orangé" ~ "orange").
pub fn find_mentions(text: &str, brand: &str) -> Vec<std::ops::Range<usize>> {
    let mut needle = String::new();
    for c in brand.trim().chars() {
        push_folded(c, &mut needle);
    }
    if needle.is_empty() {
        return Vec::new();
    }
    let mut hay = String::with_capacity(text.len());
    // map[i] = byte offset in `text` of the char that produced hay byte i.
    let mut map: Vec<usize> = Vec::with_capacity(text.len() + 1);
    for (b, c) in text.char_indices() {
        let before = hay.len();
        push_folded(c, &mut hay);
        for _ in before..hay.len() {
            map.push(b);
        }
    }
    map.push(text.len());
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(p) = hay[from..].find(&needle) {
        let s = from + p;
        let e = s + needle.len();
        let os = map[s];
        // End: start of the char after the last matched byte.
        let oe = map[e..]
            .iter()
            .copied()
            .find(|&o| o > map[e - 1])
            .unwrap_or(text.len());
        out.push(os..oe);
        from = e;
    }
    out
}
