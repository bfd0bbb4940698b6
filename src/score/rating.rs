//! Ratings. Owns: finding a reviewer's verdict written as a grade on a scale
//! ("2/10", "4,5/5", "1 étoile", "5 stars", "١ نجمة", "★★☆☆☆") and turning it
//! into a weight. Review feeds (app stores, maps, booking sites) and posts
//! quoting them put the verdict in the grade, not in words: "1/5, livraison
//! jamais arrivée" had no tone before, since the tokeniser drops numbers, and a
//! lone "⭐" read +1.6 in a one-star review.
//!
//! A grade is read only where it cannot be something else, because numbers
//! with a slash are mostly dates ("le 2/10", "02/10/2026"), fractions of a
//! population ("1/5 des Marocains", "3/10 of voters"), rounds-the-clock ("24/7")
//! or idioms ("20/20 vision"): scales are 5, 10, 100 and, in French only, 20;
//! the grade is at most the scale, written without a leading zero, not part of
//! a longer run of numbers or a word, not after a word that announces a date
//! and not before one that makes it a fraction. Star counts are read up to
//! five, except after a hotel word ("un hôtel 5 étoiles" is a category).

use super::tokenize::{Kind, Token};
use super::words::STAR_UNIT;

/// One grade found in the text.
#[derive(Debug, Clone, PartialEq)]
pub struct Rating {
    /// Byte span of the grade as written ("2/10", "1 étoile", "★★☆☆☆").
    pub start: usize,
    pub end: usize,
    /// The grade as a fraction of its scale, 0..=1.
    pub frac: f64,
    /// Tokens the grade is made of (the unit word, the star glyphs): they are
    /// part of the grade and carry no tone of their own.
    pub tokens: std::ops::Range<usize>,
    /// Sentence the grade belongs to (for targeting).
    pub sentence: u32,
}

/// Weight of a grade: a linear interpolation through the points below, in the
/// weight units of the lexicons (about -4..4). One star of five is a strong
/// complaint (as strong as "nul", -3); three of five and five of ten are
/// neither praise nor complaint (reviewers use the middle for "average", and a
/// quiz score of 5/10 is no verdict at all); four of five is praise.
pub fn weight(frac: f64) -> f64 {
    const POINTS: [(f64, f64); 7] = [
        (0.0, -3.5),
        (0.2, -3.0),
        (0.4, -1.8),
        (0.5, 0.0),
        (0.6, 0.0),
        (0.8, 2.0),
        (1.0, 3.0),
    ];
    let f = frac.clamp(0.0, 1.0);
    for w in POINTS.windows(2) {
        let ((x0, y0), (x1, y1)) = (w[0], w[1]);
        if f <= x1 {
            return y0 + (y1 - y0) * (f - x0) / (x1 - x0);
        }
    }
    POINTS[POINTS.len() - 1].1
}

/// Words before a slash grade that make it a date ("le 2/10", "du 5/10 au
/// 8/10", "on 4/5", "يوم 2/10").
const DATE_BEFORE: &[&str] = &[
    "le",
    "du",
    "au",
    "depuis",
    "des",
    "jusqu",
    "jusqua",
    "avant",
    "apres",
    "ce",
    "dimanche",
    "lundi",
    "mardi",
    "mercredi",
    "jeudi",
    "vendredi",
    "samedi",
    "on",
    "since",
    "until",
    "till",
    "from",
    "by",
    "before",
    "after",
    "sunday",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "يوم",
    "منذ",
    "الى",
    "حتى",
    "قبل",
    "بعد",
    "نهار",
];

/// Words after a slash grade that make it a fraction ("1/5 des Marocains",
/// "3/10 of voters", "2/10 من المغاربة") or a time span ("5/10 ans").
const FRACTION_AFTER: &[&str] = &[
    "de",
    "des",
    "du",
    "d",
    "of",
    "من",
    "ans",
    "years",
    "mois",
    "months",
    "jours",
    "days",
    "سنوات",
    "ايام",
];

/// Words before a star count that make it a category, not a verdict.
const CATEGORY_BEFORE: &[&str] = &[
    "hotel",
    "hotels",
    "palace",
    "palaces",
    "resort",
    "resorts",
    "riad",
    "riads",
    "camping",
    "categorie",
    "classe",
    "فندق",
    "فنادق",
    "الفندق",
    "الفنادق",
];

/// Every grade in `text` (already tokenised as `tokens`), in text order.
/// `lang` is the text's language (the /20 scale is French only). The scorer
/// does not call this: it finds slash grades with `slash_grades` and the
/// others with `at_token` inside its own pass over the tokens.
#[cfg(test)]
pub fn find(text: &str, tokens: &[Token<'_>], lang: &str, out: &mut Vec<Rating>) {
    out.clear();
    slash_grades(text, tokens, lang, out);
    let mut i = 0;
    while i < tokens.len() {
        match may_start(&tokens[i])
            .then(|| at_token(text, tokens, i))
            .flatten()
        {
            Some(r) => {
                i = r.tokens.end;
                out.push(r);
            }
            None => i += 1,
        }
    }
    out.sort_by_key(|r| r.start);
}

/// Grades written with a slash ("2/10", "4,5/5"), appended to `out`. They
/// lie between tokens (the tokeniser drops numbers) and consume none.
pub fn slash_grades(text: &str, tokens: &[Token<'_>], lang: &str, out: &mut Vec<Rating>) {
    // Most texts hold no slash but a URL's: one memchr scan, and a byte test
    // per slash.
    let bytes = text.as_bytes();
    for slash in memchr::memchr_iter(b'/', bytes) {
        if ends_in_digit(&bytes[..slash])
            && let Some(r) = slash_grade(text, tokens, slash, lang)
        {
            out.push(r);
        }
    }
}

/// Whether token `t` may be where a grade made of tokens ends or starts: a
/// star unit word or a star glyph. Cheap, for the scorer's pass over tokens.
#[inline]
pub fn may_start(t: &Token<'_>) -> bool {
    match t.kind {
        Kind::Word => t.func.flags & STAR_UNIT != 0,
        Kind::Emoji => star_glyph(t.text).is_some(),
        _ => false,
    }
}

/// The grade made of tokens at token `i` ("1 étoile" ending at the unit
/// word, "1⭐", or a glyph scale "★★☆☆☆" starting there), if any. Its
/// `tokens` say which tokens it consumed.
pub fn at_token(text: &str, tokens: &[Token<'_>], i: usize) -> Option<Rating> {
    let t = &tokens[i];
    match t.kind {
        Kind::Word if t.func.flags & STAR_UNIT != 0 => star_count(text, tokens, i),
        Kind::Emoji => match star_glyph(t.text)? {
            // "1⭐", "5 ★": a count written with the glyph as its unit.
            true => star_count(text, tokens, i).or_else(|| glyph_scale(text, tokens, i)),
            false => glyph_scale(text, tokens, i),
        },
        _ => None,
    }
}

/// Whether the bytes end in a digit, or a digit and a space: the cheap test
/// that dismisses a URL's slashes before any parsing. Arabic-Indic digits are
/// U+0660..0669 (D9 A0..A9) and U+06F0..06F9 (DB B0..B9) in UTF-8.
fn ends_in_digit(b: &[u8]) -> bool {
    let b = b.strip_suffix(b" ").unwrap_or(b);
    match b {
        [.., x] if x.is_ascii_digit() => true,
        [.., 0xD9, 0xA0..=0xA9] | [.., 0xDB, 0xB0..=0xB9] => true,
        _ => false,
    }
}

/// The digit's value for ASCII and Arabic-Indic digits (both sets Moroccan
/// posts use).
fn digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '\u{0660}'..='\u{0669}' => Some(c as u32 - 0x0660),
        '\u{06F0}'..='\u{06F9}' => Some(c as u32 - 0x06F0),
        _ => None,
    }
}

/// A number written as digits, with at most one decimal digit after "," or
/// "." ("4,5"): its value and whether it is written with a superfluous
/// leading zero ("02", a date's day).
fn parse_number(s: &str) -> Option<(f64, bool)> {
    let (int, dec) = match s.find([',', '.']) {
        Some(k) => (&s[..k], Some(&s[k + 1..])),
        None => (s, None),
    };
    if int.is_empty() || int.chars().count() > 3 {
        return None;
    }
    let mut v = 0.0;
    for c in int.chars() {
        v = v * 10.0 + f64::from(digit(c)?);
    }
    if let Some(d) = dec {
        let mut ds = d.chars();
        let (Some(c), None) = (ds.next(), ds.next()) else {
            return None;
        };
        v += f64::from(digit(c)?) / 10.0;
    }
    let leading_zero = int.len() > 1 && int.starts_with('0');
    Some((v, leading_zero))
}

/// Whether `c` may stand right before or after a grade: not a letter, digit
/// or a joiner of longer numbers and identifiers ("02/10/2026", "h24/7",
/// "v1.5/10", "#5/5").
fn free_edge(c: Option<char>) -> bool {
    c.is_none_or(|c| !(c.is_alphanumeric() || "/.,-_#@+%:".contains(c)))
}

/// The number that ends at byte `end` of `text` (one space allowed between it
/// and `end`): its start and the number as written.
fn number_before(text: &str, end: usize) -> Option<(usize, &str)> {
    let head = &text[..end];
    let head = head.strip_suffix(' ').unwrap_or(head);
    let stop = head.len();
    let mut start = stop;
    for (k, c) in head.char_indices().rev() {
        if digit(c).is_some() || ((c == ',' || c == '.') && k + 1 < stop && k + 1 == start) {
            start = k;
        } else {
            break;
        }
    }
    // A separator must have a digit on both sides.
    let s = &head[start..stop];
    let s = s.trim_start_matches([',', '.']);
    let start = stop - s.len();
    (!s.is_empty() && free_edge(text[..start].chars().next_back())).then_some((start, s))
}

/// The number that starts at byte `start` of `text` (one space allowed): its
/// end and the number as written.
fn number_after(text: &str, start: usize) -> Option<(usize, &str)> {
    let tail = &text[start..];
    let tail_start = start + usize::from(tail.starts_with(' '));
    let tail = &text[tail_start..];
    let mut end = 0;
    let mut seen_sep = false;
    for (k, c) in tail.char_indices() {
        if digit(c).is_some() {
            end = k + c.len_utf8();
        } else if (c == ',' || c == '.') && !seen_sep && k == end && k > 0 {
            seen_sep = true;
        } else {
            break;
        }
    }
    let s = &tail[..end];
    let after = text[tail_start + end..].chars().next();
    // "4/5." ends a sentence; "4/5.2" does not end a grade.
    let after_ok = free_edge(after)
        || (matches!(after, Some('.' | ',' | ':'))
            && text[tail_start + end + 1..]
                .chars()
                .next()
                .is_none_or(|c| digit(c).is_none()));
    (!s.is_empty() && after_ok).then_some((tail_start + end, s))
}

/// The word token ending last at or before byte `b`, if no other token lies
/// between it and `b`.
fn word_before<'a>(tokens: &'a [Token<'_>], b: usize) -> Option<&'a Token<'a>> {
    let k = tokens.partition_point(|t| t.end <= b);
    let t = tokens.get(k.checked_sub(1)?)?;
    (t.kind == Kind::Word).then_some(t)
}

/// The first token starting at or after byte `b`.
fn token_after(tokens: &[Token<'_>], b: usize) -> usize {
    tokens.partition_point(|t| t.start < b)
}

fn slash_grade(text: &str, tokens: &[Token<'_>], slash: usize, lang: &str) -> Option<Rating> {
    let (start, num) = number_before(text, slash)?;
    let (end, den) = number_after(text, slash + 1)?;
    let (got, zero) = parse_number(num)?;
    let (of, den_zero) = parse_number(den)?;
    let scale_ok = of == 5.0 || of == 10.0 || of == 100.0 || (of == 20.0 && lang == "fr");
    if !scale_ok || zero || den_zero || got > of || den.contains([',', '.']) {
        return None;
    }
    if word_before(tokens, start).is_some_and(|t| DATE_BEFORE.contains(&t.key.as_str())) {
        return None;
    }
    let next = token_after(tokens, end);
    if let Some(t) = tokens.get(next)
        && t.kind == Kind::Word
        && text[end..t.start].trim().is_empty()
        && FRACTION_AFTER.contains(&t.key.as_str())
    {
        return None;
    }
    let sentence = sentence_near(tokens, start, next);
    Some(Rating {
        start,
        end,
        frac: got / of,
        tokens: next..next,
        sentence,
    })
}

/// The sentence of a grade that no token covers: that of the token before it,
/// unless the grade opens the text ("2/10. Livraison…" belongs with what follows).
fn sentence_near(tokens: &[Token<'_>], start: usize, next: usize) -> u32 {
    let before = tokens[..next].iter().rev().find(|t| t.end <= start);
    before.or(tokens.get(next)).map_or(0, |t| t.sentence)
}

/// A count of stars ending at the unit token `i`: "1 étoile", "5 stars",
/// "1-star", "١ نجمة", "1⭐" (a count glued to its unit, "1star", is one
/// token and not read).
fn star_count(text: &str, tokens: &[Token<'_>], i: usize) -> Option<Rating> {
    let unit = &tokens[i];
    let prev_end = if i > 0 { tokens[i - 1].end } else { 0 };
    let gap = &text[prev_end..unit.start];
    let gap = gap.trim_end();
    let gap = gap.strip_suffix('-').unwrap_or(gap).trim_end();
    let num_end = prev_end + gap.len();
    let (start, got, first) = match number_before(text, num_end) {
        Some((start, num)) if start >= prev_end => {
            let (got, zero) = parse_number(num)?;
            if zero {
                return None;
            }
            (start, got, i)
        }
        Some(_) => return None,
        None => {
            let (got, prev) = spelled_count(tokens, i)?;
            (tokens[prev].start, got, prev)
        }
    };
    if got > 5.0 {
        return None;
    }
    if word_before(tokens, start).is_some_and(|t| CATEGORY_BEFORE.contains(&t.key.as_str())) {
        return None;
    }
    Some(Rating {
        start,
        end: unit.end,
        frac: got / 5.0,
        tokens: first..i + 1,
        sentence: unit.sentence,
    })
}

/// A count spelled out before the unit token `i` ("five stars", "cinq
/// étoiles"): its value and token. Not French "un"/"une", an article far more
/// often than a count ("c'est une étoile montante"), nor a lone English "one"
/// before a singular ("one star of the show" is a person).
fn spelled_count(tokens: &[Token<'_>], i: usize) -> Option<(f64, usize)> {
    let prev = i.checked_sub(1)?;
    let p = &tokens[prev];
    if p.kind != Kind::Word || p.sentence != tokens[i].sentence {
        return None;
    }
    let got = match p.key.as_str() {
        "one" if tokens[i].key.ends_with('s') => 1.0,
        "two" | "deux" => 2.0,
        "three" | "trois" => 3.0,
        "four" | "quatre" => 4.0,
        "five" | "cinq" => 5.0,
        _ => return None,
    };
    Some((got, prev))
}

/// Whether an emoji token is a star, filled (true) or empty (false).
fn star_glyph(s: &str) -> Option<bool> {
    let s = s.trim_end_matches(['\u{FE0F}', '\u{FE0E}']);
    match s {
        "★" | "⭐" | "🌟" => Some(true),
        "☆" => Some(false),
        _ => None,
    }
}

/// A run of star glyphs from token `i` (only spaces between them): a grade
/// when it mixes filled and empty stars ("★★☆☆☆", 2 of 5). A run of filled
/// stars alone is left to the emoji list: it is as often decoration
/// ("Nouvelle collection ⭐⭐") as a grade. Scales have at most ten stars, so
/// the scan stops at the eleventh (a long run of glyphs is no grade, and the
/// scorer tries each glyph of it in turn).
fn glyph_scale(text: &str, tokens: &[Token<'_>], i: usize) -> Option<Rating> {
    let (mut filled, mut empty) = (0u32, 0u32);
    let mut j = i;
    while let Some(t) = tokens.get(j) {
        let Some(full) = (t.kind == Kind::Emoji)
            .then(|| star_glyph(t.text))
            .flatten()
        else {
            break;
        };
        if j > i && !text[tokens[j - 1].end..t.start].trim().is_empty() {
            break;
        }
        if full {
            filled += 1;
        } else {
            empty += 1;
        }
        j += 1;
        if filled + empty > 10 {
            return None;
        }
    }
    let total = filled + empty;
    (empty > 0 && (3..=10).contains(&total)).then(|| Rating {
        start: tokens[i].start,
        end: tokens[j - 1].end,
        frac: f64::from(filled) / f64::from(total),
        tokens: i..j,
        sentence: tokens[i].sentence,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::score::tokenize::tokenize;

    fn grades(text: &str, lang: &str) -> Vec<(String, f64)> {
        let toks = tokenize(text, None);
        let mut out = Vec::new();
        find(text, &toks, lang, &mut out);
        out.iter()
            .map(|r| {
                (
                    text[r.start..r.end].to_string(),
                    (r.frac * 100.0).round() / 100.0,
                )
            })
            .collect()
    }

    #[test]
    fn grades_read_and_not_read() {
        // (text, language, grades expected as written with their fraction)
        type Case = (&'static str, &'static str, &'static [(&'static str, f64)]);
        let cases: &[Case] = &[
            ("Service client 2/10, jamais plus", "fr", &[("2/10", 0.2)]),
            ("note : 4,5/5 !", "fr", &[("4,5/5", 0.9)]),
            ("1 / 5 livraison jamais arrivée", "fr", &[("1 / 5", 0.2)]),
            ("Hadi glisa 5/5 😂", "ary-latn", &[("5/5", 1.0)]),
            ("مطعم زوين ٥/٥", "ary", &[("٥/٥", 1.0)]),
            ("Je donne 0/20 à cette appli", "fr", &[("0/20", 0.0)]),
            ("1 étoile et encore", "fr", &[("1 étoile", 0.2)]),
            ("5 stars, would order again", "en", &[("5 stars", 1.0)]),
            ("a 1-star experience", "en", &[("1-star", 0.2)]),
            ("كنعطيهم ١ نجمة", "ary", &[("١ نجمة", 0.2)]),
            ("Livraison ★★☆☆☆ trop lente", "fr", &[("★★☆☆☆", 0.4)]),
            ("(3/5) correct sans plus", "fr", &[("3/5", 0.6)]),
            ("Vu 100/100", "fr", &[("100/100", 1.0)]),
            // Dates, fractions, clock rounds, idioms, categories: not grades.
            ("SAVEtheDATE #amiens 02/10 Recyclage", "fr", &[]),
            ("rendez-vous le 2/10 à Rabat", "fr", &[]),
            ("Ouvert du 5/10 au 8/10", "fr", &[]),
            ("livré le 12/10/2026", "fr", &[]),
            ("1/5 des Marocains utilise le mobile money", "fr", &[]),
            ("3/10 of voters said so", "en", &[]),
            ("Service 24/7", "en", &[]),
            ("hindsight being 20/20 and all that", "en", &[]),
            ("un hôtel 5 étoiles à Marrakech", "fr", &[]),
            ("7 étoiles du football marocain", "fr", &[]),
            ("http://example.com/5/5", "en", &[]),
            ("v1.5/10 is out", "en", &[]),
            ("score 12/10 lol", "en", &[]),
            ("Nouvelle collection ⭐⭐", "fr", &[]),
            ("1⭐ service nul", "fr", &[("1⭐", 0.2)]),
            ("les étoiles du Maroc", "fr", &[]),
        ];
        for (text, lang, want) in cases {
            let want: Vec<(String, f64)> = want.iter().map(|(s, f)| (s.to_string(), *f)).collect();
            assert_eq!(grades(text, lang), want, "{text:?}");
        }
    }

    #[test]
    fn weight_is_monotone_and_neutral_in_the_middle() {
        let mut last = f64::NEG_INFINITY;
        for k in 0..=100 {
            let w = weight(f64::from(k) / 100.0);
            assert!(w >= last, "weight falls at {k}%");
            last = w;
        }
        assert_eq!(weight(0.5), 0.0);
        assert_eq!(weight(0.6), 0.0);
        assert!(weight(0.2) <= -3.0 && weight(1.0) >= 3.0);
    }

    /// Text made of the pieces grades are built from, in any order.
    fn grade_soup() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let piece = prop_oneof![
            prop::sample::select(vec![
                "1",
                "5",
                "10",
                "20",
                "0",
                "02",
                "4,5",
                "4.",
                ".5",
                ",",
                ".",
                "/",
                " / ",
                " ",
                "-",
                "٥",
                "١٠",
                "۵",
                "étoile",
                "stars",
                "نجمة",
                "★",
                "☆",
                "⭐\u{FE0F}",
                "🌟",
                "le ",
                "de",
                "hôtel ",
                "http://x.co/5/5",
                "é",
                "!",
                "\n",
            ])
            .prop_map(str::to_string),
            any::<char>().prop_map(|c| c.to_string()),
        ];
        prop::collection::vec(piece, 0..16).prop_map(|v| v.concat())
    }

    proptest::proptest! {
        /// Never panics; every grade is a slice of the text, in order, with a
        /// fraction on its scale and a known weight.
        #[test]
        fn grades_are_slices_of_the_text(t in grade_soup()) {
            let toks = tokenize(&t, None);
            let mut out = Vec::new();
            for lang in ["fr", "en", "ary"] {
                find(&t, &toks, lang, &mut out);
                let mut last = 0;
                for r in &out {
                    proptest::prop_assert!(r.start >= last && r.start < r.end && r.end <= t.len());
                    proptest::prop_assert!(t.is_char_boundary(r.start) && t.is_char_boundary(r.end));
                    proptest::prop_assert!((0.0..=1.0).contains(&r.frac));
                    proptest::prop_assert!(weight(r.frac).is_finite());
                    last = r.start;
                }
            }
        }
    }
}
