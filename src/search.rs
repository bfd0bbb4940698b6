//! Full-text search support: the folding applied to indexed text and to queries, the
//! translation of a user's `--search` words into an FTS5 query, and the mapping of FTS5
//! highlight markers back onto the original text.
//!
//! Why a fold of our own rather than only FTS5's `unicode61 remove_diacritics 2`: that
//! tokenizer strips Latin accents but leaves Arabic alone. It keeps hamza forms of alef
//! apart (أ, إ, آ vs ا) and, worse, treats harakat (fatha, kasra, sukun...) as separators, so
//! a vowelled "إِنْوِي" is split into letters and never matches "انوي". The store therefore
//! indexes `fold(text)` and queries with `fold(query)`; `remove_diacritics 2` stays on as a
//! second net. The fold is part of the index format: changing it means re-indexing (the
//! highlight mapping checks that the stored folded text still equals `fold(original)` and
//! shows no marks otherwise, rather than wrong ones).
//!
//! Pure: no I/O.

use std::ops::Range;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Marker characters FTS5's `highlight()` puts around matches in the folded text. Control
/// characters that `fold` never emits (it drops them), so they cannot be confused with text.
pub const MARK_OPEN: char = '\u{1}';
pub const MARK_CLOSE: char = '\u{2}';

/// Folded text plus, for every byte of it, the byte offset in the original it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Folded {
    pub text: String,
    map: Vec<usize>,
    orig_len: usize,
}

impl Folded {
    /// Maps a byte offset of the folded text back to the original text.
    pub fn to_original(&self, folded_byte: usize) -> usize {
        self.map.get(folded_byte).copied().unwrap_or(self.orig_len)
    }
}

/// Lowercase, no accents, no Arabic diacritics or tatweel, one alef, one apostrophe.
pub fn fold(text: &str) -> Folded {
    let mut out = String::with_capacity(text.len());
    let mut map = Vec::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        let c = match c {
            '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{00B4}' | '`' => '\'',
            // Alef wasla does not decompose; hamza forms of alef do (NFD below).
            '\u{0671}' => '\u{0627}',
            // Alef maqsura and ta marbuta are written interchangeably with ya and ha at
            // the end of words, in Darija more than anywhere.
            '\u{0649}' => '\u{064A}',
            '\u{0629}' => '\u{0647}',
            c if c.is_control() && c != '\n' && c != '\t' => ' ',
            c => c,
        };
        if c == '\u{0640}' {
            continue; // tatweel: a stretch of the line, not a letter
        }
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

/// Turns what a user typed into an FTS5 query over folded text.
///
/// Plain words must all appear (in any order); `"quoted words"` must appear as a phrase; a
/// word ending in `*` matches as a prefix; `OR`, `AND` and `NOT` (upper case, as typed) are
/// operators; parentheses group. Everything else is quoted, so punctuation in a query can
/// never be an FTS5 syntax error. Returns `None` when nothing searchable remains.
pub fn fts_query(input: &str) -> Option<String> {
    let mut parts: Vec<String> = Vec::new();
    let mut depth = 0usize;
    let mut chars = input.chars().peekable();
    let mut word = String::new();
    let flush = |word: &mut String, parts: &mut Vec<String>| {
        if word.is_empty() {
            return;
        }
        let w = std::mem::take(word);
        match w.as_str() {
            "OR" | "AND" | "NOT" => parts.push(w),
            _ => {
                let (body, prefix) = match w.strip_suffix('*') {
                    Some(b) if !b.is_empty() => (b, true),
                    _ => (w.as_str(), false),
                };
                if let Some(q) = quote(body) {
                    parts.push(if prefix { format!("{q}*") } else { q });
                }
            }
        }
    };
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                flush(&mut word, &mut parts);
                let mut phrase = String::new();
                for d in chars.by_ref() {
                    if d == '"' {
                        break;
                    }
                    phrase.push(d);
                }
                if let Some(q) = quote(&phrase) {
                    parts.push(q);
                }
            }
            '(' => {
                flush(&mut word, &mut parts);
                depth += 1;
                parts.push("(".into());
            }
            ')' => {
                flush(&mut word, &mut parts);
                if depth > 0 {
                    depth -= 1;
                    parts.push(")".into());
                }
            }
            c if c.is_whitespace() => flush(&mut word, &mut parts),
            c => word.push(c),
        }
    }
    flush(&mut word, &mut parts);
    parts.extend(std::iter::repeat_n(")".to_string(), depth));
    // Operators need operands on both sides; drop the ones that dangle so that "panne OR"
    // searches for "panne" instead of failing.
    let is_op = |p: &str| matches!(p, "OR" | "AND" | "NOT");
    let mut clean: Vec<String> = Vec::new();
    for p in parts {
        let prev_is_operand = clean.last().is_some_and(|l: &String| !is_op(l) && l != "(");
        if is_op(&p) && !prev_is_operand {
            continue;
        }
        if p == ")" && clean.last().is_some_and(|l| is_op(l)) {
            clean.pop();
        }
        if p == ")" && clean.last().is_some_and(|l| l == "(") {
            clean.pop();
            continue;
        }
        clean.push(p);
    }
    while clean.last().is_some_and(|l| is_op(l)) {
        clean.pop();
    }
    // Balance after the removals above.
    let opens = clean.iter().filter(|p| *p == "(").count();
    let closes = clean.iter().filter(|p| *p == ")").count();
    if opens != closes {
        clean.retain(|p| p != "(" && p != ")");
    }
    if clean.iter().all(|p| is_op(p) || p == "(" || p == ")") {
        return None;
    }
    Some(clean.join(" "))
}

/// A folded FTS5 string literal, or `None` if the text holds no word character.
fn quote(text: &str) -> Option<String> {
    let f = fold(text).text;
    if !f.chars().any(char::is_alphanumeric) {
        return None;
    }
    Some(format!("\"{}\"", f.replace('"', "\"\"")))
}

/// Where the matches are in `original`, given FTS5's `highlight()` output over the folded
/// copy. Empty when the stored copy is not `fold(original)` (an index from another fold).
pub fn marks_in_original(original: &str, highlighted_folded: &str) -> Vec<Range<usize>> {
    let folded = fold(original);
    let mut plain = String::with_capacity(highlighted_folded.len());
    let mut ranges = Vec::new();
    let mut open = None;
    for c in highlighted_folded.chars() {
        match c {
            MARK_OPEN => open = Some(plain.len()),
            MARK_CLOSE => {
                if let Some(s) = open.take() {
                    ranges.push(s..plain.len());
                }
            }
            c => plain.push(c),
        }
    }
    if plain != folded.text {
        return Vec::new();
    }
    let mut out: Vec<Range<usize>> = ranges
        .into_iter()
        .filter(|r| r.start < r.end)
        .map(|r| {
            let s = folded.to_original(r.start);
            // The end maps through the last byte of the match, then to the end of that
            // original character.
            let last = folded.to_original(r.end - 1);
            let e = original[last..]
                .chars()
                .next()
                .map(|c| last + c.len_utf8())
                .unwrap_or(original.len());
            s..e
        })
        .collect();
    out.sort_by_key(|r| r.start);
    out.dedup();
    out
}

/// Up to `context` characters on each side of the first mark, on one line, with the marks
/// shifted to the returned string. Whole text when it is short.
pub fn excerpt(text: &str, marks: &[Range<usize>], context: usize) -> (String, Vec<Range<usize>>) {
    let Some(first) = marks.first() else {
        return (String::new(), Vec::new());
    };
    let start = text[..first.start]
        .char_indices()
        .rev()
        .nth(context.saturating_sub(1))
        .map(|(i, _)| i)
        .unwrap_or(0);
    let end = text[first.end..]
        .char_indices()
        .nth(context * 2)
        .map(|(i, _)| first.end + i)
        .unwrap_or(text.len());
    let mut out = String::new();
    let mut shifted = Vec::new();
    if start > 0 {
        out.push('…');
    }
    let mut cursor = start;
    for m in marks.iter().filter(|m| m.start >= start && m.end <= end) {
        out.push_str(&one_line(&text[cursor..m.start]));
        let s = out.len();
        out.push_str(&one_line(&text[m.start..m.end]));
        shifted.push(s..out.len());
        cursor = m.end;
    }
    out.push_str(&one_line(&text[cursor..end]));
    if end < text.len() {
        out.push('…');
    }
    (out, shifted)
}

fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect()
}

/// `text` with each range wrapped in `open`/`close`.
pub fn wrap(text: &str, marks: &[Range<usize>], open: &str, close: &str) -> String {
    let mut out = String::with_capacity(text.len() + marks.len() * 4);
    let mut cursor = 0;
    for m in marks {
        if m.start < cursor || m.end > text.len() {
            continue;
        }
        out.push_str(&text[cursor..m.start]);
        out.push_str(open);
        out.push_str(&text[m.start..m.end]);
        out.push_str(close);
        cursor = m.end;
    }
    out.push_str(&text[cursor..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_table() {
        let cases = [
            ("L’Oréal", "l'oreal"),
            ("ÉTÉ à Fès", "ete a fes"),
            ("إِنْوِي", "انوي"),
            ("أورنج", "اورنج"),
            ("آمنة", "امنه"),
            ("مستشفى", "مستشفي"),
            ("اتصـــالات", "اتصالات"),
            ("ٱلله", "الله"),
        ];
        for (input, want) in cases {
            assert_eq!(fold(input).text, want, "{input}");
        }
    }

    #[test]
    fn queries_table() {
        let cases: &[(&str, Option<&str>)] = &[
            ("panne", Some("\"panne\"")),
            ("Panne Réseau", Some("\"panne\" \"reseau\"")),
            ("\"panne géante\"", Some("\"panne geante\"")),
            ("pann*", Some("\"pann\"*")),
            ("panne OR coupure", Some("\"panne\" OR \"coupure\"")),
            ("panne OR", Some("\"panne\"")),
            ("NOT panne", Some("\"panne\"")),
            (
                "(panne OR coupure) NOT inwi",
                Some("( \"panne\" OR \"coupure\" ) NOT \"inwi\""),
            ),
            ("(panne", Some("( \"panne\" )")),
            ("panne)", Some("\"panne\"")),
            ("say \"hi", Some("\"say\" \"hi\"")),
            ("l'Oréal", Some("\"l'oreal\"")),
            ("إنوي", Some("\"انوي\"")),
            ("-- ; ' ", None),
            ("OR AND", None),
            ("", None),
        ];
        for (input, want) in cases {
            assert_eq!(fts_query(input).as_deref(), *want, "{input:?}");
        }
    }

    #[test]
    fn marks_map_back_to_the_original() {
        let orig = "Panne chez إِنْوِي à Fès";
        let f = fold(orig).text;
        let at = f.find("انوي").unwrap();
        let hl = format!(
            "{}{MARK_OPEN}{}{MARK_CLOSE}{}",
            &f[..at],
            &f[at..at + "انوي".len()],
            &f[at + "انوي".len()..]
        );
        let m = marks_in_original(orig, &hl);
        assert_eq!(m.len(), 1);
        assert_eq!(&orig[m[0].clone()], "إِنْوِي");
        // A stale index (another fold) gives no marks, never wrong ones.
        assert!(marks_in_original(orig, "autre chose").is_empty());
        assert_eq!(wrap(orig, &m, "[", "]"), "Panne chez [إِنْوِي] à Fès");
    }

    #[test]
    fn excerpt_is_bounded_and_keeps_marks() {
        let text = format!("{} Inwi {}", "é ".repeat(200), "b ".repeat(200));
        let at = text.find("Inwi").unwrap();
        let (s, m) = excerpt(&text, &[at..at + 4], 20);
        assert!(s.starts_with('…') && s.ends_with('…'));
        assert_eq!(&s[m[0].clone()], "Inwi");
        assert!(s.chars().count() < 70);
    }
}
