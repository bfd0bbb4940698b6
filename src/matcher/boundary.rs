//! Word boundaries and the other positional facts about folded text: what is
//! a word, when a match at `[s, e)` stands alone, Arabic proclitics, camel-case
//! inside hashtags, URL-looking tokens, sentences and word indices.
//!
//! Everything here works on *folded* text (see `fold.rs`), except the camel
//! case test, which needs the original letter case.

use unicode_normalization::char::is_combining_mark;

/// Character classes for boundary decisions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    /// Not part of a word: space, punctuation, apostrophe, hyphen, `_`, `#`,
    /// `@`, emoji, symbols.
    Sep,
    /// A letter of any script but Arabic.
    Letter,
    /// A letter of the Arabic script.
    Arabic,
    Digit,
}

fn is_arabic_script(c: char) -> bool {
    matches!(c,
        '\u{0600}'..='\u{06FF}'
        | '\u{0750}'..='\u{077F}'
        | '\u{08A0}'..='\u{08FF}'
        | '\u{FB50}'..='\u{FDFF}'
        | '\u{FE70}'..='\u{FEFF}')
}

pub(crate) fn class(c: char) -> Class {
    if c.is_ascii() {
        if c.is_ascii_alphabetic() {
            Class::Letter
        } else if c.is_ascii_digit() {
            Class::Digit
        } else {
            Class::Sep
        }
    } else if c.is_alphabetic() || is_combining_mark(c) {
        if is_arabic_script(c) {
            Class::Arabic
        } else {
            Class::Letter
        }
    } else if c.is_numeric() {
        Class::Digit
    } else {
        Class::Sep
    }
}

/// Whether two adjacent characters belong to the same word.
///
/// A change of script (Latin ↔ Arabic) splits words: "بinwi" contains "inwi".
/// Latin letters and digits do *not* split, because Arabizi writes Darija
/// with digits as letters ("3ndi", "m9awd"): "inwi3" is not "inwi". Arabic
/// letters and digits do split ("إنوي4G").
pub(crate) fn joins(a: char, b: char) -> bool {
    use Class::*;
    match (class(a), class(b)) {
        (Sep, _) | (_, Sep) => false,
        (x, y) if x == y => true,
        (Letter, Digit) | (Digit, Letter) => true,
        _ => false,
    }
}

pub(crate) fn char_before(s: &str, i: usize) -> Option<char> {
    s[..i].chars().next_back()
}

pub(crate) fn char_at(s: &str, i: usize) -> Option<char> {
    s[i..].chars().next()
}

/// Folded Arabic proclitics (conjunctions و ف, prepositions ب ل ك, the
/// article ال and their combinations) that may be glued in front of a name.
pub(crate) const PROCLITICS: &[&str] = &[
    "و", "ف", "ب", "ل", "ك", "ال", "وال", "فال", "بال", "كال", "لل", "ولل", "فلل", "وب", "فب",
    "ول", "فل", "وك", "فك", "وبال", "فبال", "وكال", "فكال",
];

/// Proclitics ending in "لل" (ل + ال whose alef is dropped), which are the
/// only ones allowed before a name whose own article was swallowed
/// ("للبنك" for "البنك").
const LIL: &[&str] = &["لل", "ولل", "فلل"];

/// Start of the run of Arabic letters ending at `s`, looking back at most
/// `max` letters; `None` if the run is longer (so it is not a proclitic, and
/// a long Arabic run cannot make boundary checks quadratic).
fn arabic_word_start(text: &str, s: usize, max: usize) -> Option<usize> {
    let mut ws = s;
    for (n, (i, c)) in text[..s].char_indices().rev().enumerate() {
        if class(c) != Class::Arabic {
            break;
        }
        if n == max {
            return None;
        }
        ws = i;
    }
    Some(ws)
}

/// Whether the Arabic letters glued before `s` form a proclitic.
pub(crate) fn proclitic_before(text: &str, s: usize, lil_only: bool) -> bool {
    // The longest proclitic has 4 letters.
    let Some(ws) = arabic_word_start(text, s, 4) else {
        return false;
    };
    let prefix = &text[ws..s];
    if prefix.is_empty() {
        return !lil_only;
    }
    let set = if lil_only { LIL } else { PROCLITICS };
    if !set.contains(&prefix) {
        return false;
    }
    // The word must start the token: "كال" glued after a Latin letter or
    // digit is not a proclitic sequence.
    match char_before(text, ws) {
        None => true,
        Some(c) => class(c) != Class::Digit,
    }
}

/// Whether folded position `s` lies inside a hashtag or handle token: the run
/// of word characters around it starts right after `#` or `@`. Looks back at
/// most `TAG_SCAN` chars (longer runs are not treated as tags) so that the
/// check stays O(1) on pathological input.
pub(crate) fn in_tag(text: &str, s: usize) -> bool {
    const TAG_SCAN: usize = 100;
    for c in text[..s].chars().rev().take(TAG_SCAN) {
        if class(c) == Class::Sep {
            return c == '#' || c == '@';
        }
    }
    false
}

/// Camel-case or letter/digit transition in the ORIGINAL text at `orig`:
/// "Inwi|Maroc", "Orange|5G", "Maroc|Inwi".
pub(crate) fn camel_split(orig_text: &str, orig: usize) -> bool {
    let (Some(a), Some(b)) = (char_before(orig_text, orig), char_at(orig_text, orig)) else {
        return false;
    };
    (a.is_lowercase() && b.is_uppercase())
        || matches!(
            (class(a), class(b)),
            (Class::Letter, Class::Digit) | (Class::Digit, Class::Letter)
        )
}

const TLDS: &[&str] = &[
    "ma", "com", "net", "org", "fr", "info", "io", "co", "tv", "me", "news", "app", "be", "ch",
    "ca", "uk", "us", "eu", "de", "es", "it", "ly", "gl", "tn", "dz", "ae", "sa", "eg", "qa",
    "online", "site", "store", "shop", "biz", "press", "media", "africa", "gov", "edu",
];

/// Token delimiters for URL detection: whitespace and the ASCII brackets
/// and quotes that wrap links in prose and markup ("[Inwi](https://…)").
fn url_delim(b: u8) -> bool {
    matches!(
        b,
        b' ' | b'\n' | b'(' | b')' | b'[' | b']' | b'<' | b'>' | b'"' | b'{' | b'}' | b'|'
    )
}

/// Spans (folded byte offsets, sorted, disjoint) of tokens that look like a
/// URL, a bare host name (`inwi.ma`, `www.inwi.ma/offres`) or an e-mail
/// address. Handles (`@inwi`) and hashtags are not URLs. One linear pass,
/// done at most once per document and only if some candidate needs it, so
/// a pathological document cannot make URL checks quadratic.
pub(crate) fn url_spans(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut spans = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if url_delim(bytes[i]) {
            i += 1;
            continue;
        }
        let ts = i;
        let mut interesting = false;
        while i < bytes.len() && !url_delim(bytes[i]) {
            interesting |= matches!(bytes[i], b'.' | b':' | b'@');
            i += 1;
        }
        // Delimiters are ASCII, so ts..i are char boundaries.
        if interesting && is_url_token(&text[ts..i]) {
            spans.push((ts, i));
        }
    }
    spans
}

fn is_url_token(tok: &str) -> bool {
    let tok = tok
        .trim_start_matches(['«', '\'', '“'])
        .trim_end_matches(['.', ',', ';', ':', '!', '?', '»', '\'', '”', '،', '؟']);
    if tok.contains("://") || tok.starts_with("www.") {
        return true;
    }
    if tok.starts_with('@') || tok.starts_with('#') {
        return false;
    }
    let host = tok.split('/').next().unwrap_or("");
    if host.contains('@') {
        return true; // e-mail address
    }
    let mut n = 0;
    let mut last = "";
    for l in host.split('.') {
        if l.is_empty() || !l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
            return false;
        }
        n += 1;
        last = l;
    }
    n >= 2 && TLDS.contains(&last)
}

/// Whether `[s, e)` is inside a URL-looking token, looking at most `cap`
/// bytes to each side; `None` when the token is longer than that (the caller
/// then falls back to `url_spans`, computed once for the whole document).
/// This keeps the common case (short tokens, few hits) from scanning the
/// whole document.
pub(crate) fn in_url_local(text: &str, s: usize, e: usize, cap: usize) -> Option<bool> {
    let bytes = text.as_bytes();
    let lo = s.saturating_sub(cap);
    let hi = (e + cap).min(bytes.len());
    let ts = match bytes[lo..s].iter().rposition(|&b| url_delim(b)) {
        Some(i) => lo + i + 1,
        None if lo == 0 => 0,
        None => return None,
    };
    let te = match bytes[e..hi].iter().position(|&b| url_delim(b)) {
        Some(i) => e + i,
        None if hi == bytes.len() => hi,
        None => return None,
    };
    // ts and te sit next to ASCII delimiters or at the ends: char boundaries.
    Some(is_url_token(&text[ts..te]))
}

/// Whether `[s, e)` lies inside one of `spans` (from `url_spans`).
pub(crate) fn inside(spans: &[(usize, usize)], s: usize, e: usize) -> bool {
    let i = spans.partition_point(|&(_, te)| te <= s);
    spans.get(i).is_some_and(|&(ts, te)| ts <= s && e <= te)
}

#[cfg(test)]
pub(crate) fn in_url(text: &str, s: usize, e: usize) -> bool {
    inside(&url_spans(text), s, e)
}

/// Lazily computed sentence starts of a folded text.
pub(crate) fn sentence_starts(text: &str) -> Vec<usize> {
    let mut starts = vec![0];
    let mut it = text.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        let next = it.peek().map(|&(_, n)| n);
        let end = match c {
            '\n' | '!' | '?' | '؟' | '…' | '۔' | '。' => true,
            // "inwi.ma" and "3.5" do not end a sentence.
            '.' => matches!(next, None | Some(' ') | Some('\n')),
            _ => false,
        };
        if end {
            starts.push(i + c.len_utf8());
        }
    }
    starts
}

/// Byte offsets where words start (a word char not joined to the previous).
pub(crate) fn word_starts(text: &str) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut prev: Option<char> = None;
    for (i, c) in text.char_indices() {
        if class(c) != Class::Sep && !prev.is_some_and(|p| joins(p, c)) {
            starts.push(i);
        }
        prev = Some(c);
    }
    starts
}

/// Index of the word containing (or preceding) byte `pos`.
pub(crate) fn index_in(starts: &[usize], pos: usize) -> usize {
    starts.partition_point(|&w| w <= pos).saturating_sub(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes() {
        assert!(joins('a', 'b'));
        assert!(joins('a', '3'));
        assert!(!joins('a', 'ب'));
        assert!(!joins('ب', '4'));
        assert!(!joins('a', '\''));
        assert!(!joins('a', '-'));
        assert!(!joins('a', '_'));
    }

    #[test]
    fn urls() {
        let t = "voir https://www.inwi.ma/offres et inwi.ma, ou contact@inwi.ma.";
        let at = |w: &str, nth: usize| t.match_indices(w).nth(nth).unwrap().0;
        let i = at("inwi", 0);
        assert!(in_url(t, i, i + 4));
        let i = at("inwi", 1);
        assert!(in_url(t, i, i + 4));
        let i = at("inwi", 2);
        assert!(in_url(t, i, i + 4));
        let t = "inwi.le réseau @inwi.officiel";
        assert!(!in_url(t, 0, 4));
        assert!(!in_url(t, 17, 21));
        let t = "[inwi](https://inwi.ma) <a href=\"http://x.ma\">inwi</a>";
        assert!(!in_url(t, 1, 5));
        assert!(in_url(t, 15, 19));
        assert_eq!(url_spans(t).len(), 2);
    }

    #[test]
    fn sentences_and_words() {
        let t = "a b. c inwi.ma d! e";
        assert_eq!(sentence_starts(t), vec![0, 4, 17]);
        let w = word_starts("l'ocp, 3ndi بinwi");
        assert_eq!(w, vec![0, 2, 7, 12, 14]);
    }

    #[test]
    fn proclitics() {
        let t = "والانوي";
        let s = t.find("انوي").unwrap();
        assert!(proclitic_before(t, s, false));
        let t = "كتانوي";
        let s = t.find("انوي").unwrap();
        assert!(!proclitic_before(t, s, false));
    }
}
