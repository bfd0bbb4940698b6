//! Text normalisation for lexicon lookup. Owns: case and accent folding of Latin
//! letters, Arabic orthographic normalisation (alef/yeh/teh-marbuta forms, tatweel,
//! diacritics), collapsing of letter elongation, and the Arabizi "skeleton" that
//! makes Darija-in-Latin spelling variants meet. Lexicon keys and text tokens go
//! through the very same functions, so a variant matches iff both fold alike.

use unicode_normalization::char::decompose_canonical;

/// Arabic harakat, shadda, sukun, superscript alef and Quranic marks: dropped
/// because tweets write them inconsistently and they never change tone.
pub const fn is_arabic_mark(c: char) -> bool {
    matches!(c, '\u{0610}'..='\u{061A}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}')
}

pub const fn is_arabic_letter(c: char) -> bool {
    matches!(c, '\u{0620}'..='\u{064A}' | '\u{066E}'..='\u{06D3}' | '\u{06FA}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

/// One Arabic letter to its lookup form (None = drop). Variant letters merge
/// because writers use them interchangeably (أ/ا, ى/ي, ة/ه) and Moroccan
/// writers borrow Persian-block letters (ڭ for g, ڤ for v).
const fn fold_arabic(c: char) -> Option<char> {
    Some(match c {
        'أ' | 'إ' | 'آ' | 'ٱ' | 'ٲ' | 'ٳ' => 'ا',
        'ى' | 'ی' | 'ې' => 'ي',
        'ئ' => 'ي',
        'ؤ' => 'و',
        'ة' => 'ه',
        'ک' | 'ڭ' | 'گ' => 'ك',
        'ڤ' => 'ف',
        'ـ' => return None,
        c if is_arabic_mark(c) => return None,
        // Arabic-Indic digits to ASCII so "٣" and "3" agree.
        '\u{0660}'..='\u{0669}' => (b'0' + (c as u32 - 0x0660) as u8) as char,
        c => c,
    })
}

/// Lowercase + accent-strip one char, pushing the result (may be several chars
/// for ligatures like œ). Accents are folded for lookup only: French lexicon keys
/// are folded the same way, so "génial" and "genial" meet.
pub fn push_folded(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    // The Arabic block, most of the Arabic and Darija input: one table load.
    if let Some(f) = arabic_fold(c) {
        if f != '\0' {
            out.push(f);
        }
        return;
    }
    if matches!(c, '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}') {
        // Presentation forms and ligatures (ﻻ -> لا, ﷲ -> الله).
        unicode_normalization::char::decompose_compatible(c, |d| {
            if ('\u{0600}'..='\u{06FF}').contains(&d) {
                if let Some(a) = fold_arabic(d) {
                    out.push(a);
                }
            } else if !d.is_whitespace() {
                out.push(d);
            }
        });
        return;
    }
    if let Some(a) = fold_arabic_opt(c) {
        if let Some(a) = a {
            out.push(a);
        }
        return;
    }
    match c {
        'œ' | 'Œ' => out.push_str("oe"),
        'æ' | 'Æ' => out.push_str("ae"),
        'ß' => out.push_str("ss"),
        '’' | 'ʼ' | '‘' | '`' | '´' => out.push('\''),
        _ => {
            if let Some(f) = latin_fold(c) {
                out.push(f);
            } else {
                fold_generic(c, out);
            }
        }
    }
}

/// Accent-strip + lowercase through the Unicode tables (the general case).
fn fold_generic(c: char, out: &mut String) {
    let mut base = None;
    decompose_canonical(c, |d| {
        if base.is_none() {
            base = Some(d);
        }
    });
    for l in base.unwrap_or(c).to_lowercase() {
        out.push(l);
    }
}

/// First and one-past-last code point of the Latin-1 Supplement and Latin
/// Extended-A/B letters, where French accents live.
const LATIN_LO: u32 = 0x00C0;
const LATIN_HI: u32 = 0x0250;

/// `fold_generic` precomputed for accented Latin letters: the Unicode
/// decomposition and case tables were the most expensive step of tokenising
/// French. The table is built from `fold_generic` itself, so both agree by
/// construction; '\0' marks chars that fold to several chars (slow path).
fn latin_fold(c: char) -> Option<char> {
    let i = (c as u32).checked_sub(LATIN_LO)? as usize;
    static T: std::sync::OnceLock<Vec<char>> = std::sync::OnceLock::new();
    let t = T.get_or_init(|| {
        (LATIN_LO..LATIN_HI)
            .map(|u| {
                let mut s = String::new();
                if let Some(ch) = char::from_u32(u) {
                    fold_generic(ch, &mut s);
                }
                let mut it = s.chars();
                match (it.next(), it.next()) {
                    (Some(f), None) => f,
                    _ => '\0',
                }
            })
            .collect()
    });
    t.get(i).copied().filter(|&f| f != '\0')
}

/// `fold_arabic` precomputed for the Arabic block U+0600..U+06FF ('\0' for a
/// dropped char, from the table below); None outside the block.
fn arabic_fold(c: char) -> Option<char> {
    let i = (c as u32).checked_sub(0x0600).filter(|&i| i < 0x100)? as usize;
    Some(ARABIC_BLOCK[i].fold)
}

/// What tokenising needs to know of one char of the Arabic block
/// U+0600..U+06FF, most of the Arabic and Darija input.
#[derive(Clone, Copy)]
pub struct ArabicChar {
    /// `fold_arabic`: the lookup form, '\0' for a dropped char.
    pub fold: char,
    /// `is_arabic_letter`.
    pub letter: bool,
    /// Part of a word (the tokeniser's `is_word_char`): a letter, a mark,
    /// tatweel or an Arabic-Indic digit.
    pub word: bool,
    /// An Arabic-Indic digit.
    pub digit: bool,
}

/// `ArabicChar` of U+0600 + i. Computed by the compiler from the functions
/// above, so the table and they agree by construction; a table load replaces
/// the range tests (and the lazily built table this replaced cost a check
/// that it was built on every char).
pub const ARABIC_BLOCK: [ArabicChar; 0x100] = {
    let mut t = [ArabicChar {
        fold: '\0',
        letter: false,
        word: false,
        digit: false,
    }; 0x100];
    let mut i = 0;
    while i < 0x100 {
        let c = match char::from_u32(0x0600 + i as u32) {
            Some(c) => c,
            None => '\0',
        };
        let digit = matches!(c, '\u{0660}'..='\u{0669}');
        t[i] = ArabicChar {
            fold: match fold_arabic(c) {
                Some(f) => f,
                None => '\0',
            },
            letter: is_arabic_letter(c),
            word: is_arabic_letter(c) || is_arabic_mark(c) || c == '\u{0640}' || digit,
            digit,
        };
        i += 1;
    }
    t
};

fn fold_arabic_opt(c: char) -> Option<Option<char>> {
    if ('\u{0600}'..='\u{06FF}').contains(&c) {
        Some(fold_arabic(c))
    } else if matches!(c, '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}') {
        // Arabic presentation forms (contextual glyphs pasted from PDFs and
        // old apps, e.g. "ﻗﺒﻞ"): compatibility-decompose to the base letter.
        // Ligatures (ﻻ, ﷲ) decompose to several letters; keep the first here
        // and let push_folded handle the rest via decompose_compatible.
        let mut first = None;
        unicode_normalization::char::decompose_compatible(c, |d| {
            if first.is_none() {
                first = Some(d);
            }
        });
        Some(first.and_then(fold_arabic))
    } else {
        None
    }
}

/// Fold a whole string (no elongation handling).
pub fn fold(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        push_folded(c, &mut out);
    }
    out
}

/// Collapse runs of the same char longer than `max` down to `max`.
/// Returns the collapsed string and whether any run was >= 3 (elongation).
pub fn collapse_runs(s: &str, max: usize) -> (String, bool) {
    let mut out = String::with_capacity(s.len());
    let mut prev = '\0';
    let mut run = 0usize;
    let mut elongated = false;
    for c in s.chars() {
        if c == prev {
            run += 1;
        } else {
            prev = c;
            run = 1;
        }
        if run == 3 {
            elongated = true;
        }
        if run <= max {
            out.push(c);
        }
    }
    (out, elongated)
}

/// An Arabizi digit-letter: 2 (hamza), 3 (ع), 5 (خ), 7 (ح), 9 (ق). A word
/// written with one is Arabizi even inside French or English text.
#[inline]
pub fn is_digit_letter(b: u8) -> bool {
    matches!(b, b'2' | b'3' | b'5' | b'7' | b'9')
}

/// Arabizi skeleton: Moroccan Latin-script spelling varies in vowels, doubling,
/// digraphs and digit-letters; the skeleton keeps the consonantal frame that
/// a reader actually uses. Rules (applied to the folded, lower-case word):
///   sh, x -> ch (x is "ch" in Moroccan chat, e.g. "bax" = bach);
///   5 -> kh, 8 -> gh, 9 / q -> q, 7 -> h (7/h both written for ح), 2 -> dropped (hamza);
///   ou, o, u, w -> w (one back-vowel/glide class); non-initial y -> i;
///   i/e/a dropped except a
///   word-initial vowel, kept as 'a' so "ana" and "nta" stay apart;
///   doubled letters single; final -e dropped by the vowel rule.
pub fn arabizi_skeleton(word: &str) -> String {
    // One pass, one allocation: this runs for every Latin word of a Darija
    // post (lookups, phrase heads), and the two-pass version that collected
    // the chars first cost three allocations a word. `Skeleton::push` applies
    // the vowel and doubling rules to each letter the spelling rules emit.
    let mut sk = Skeleton {
        out: String::with_capacity(word.len() + 2),
        first: true,
        prev: '\0',
    };
    let mut chars = word.chars().enumerate().peekable();
    while let Some((i, c)) = chars.next() {
        match (c, chars.peek().map(|&(_, n)| n)) {
            ('s' | 'c', Some('h')) => {
                chars.next();
                sk.push('c');
                sk.push('h');
                continue;
            }
            ('o', Some('u')) => {
                chars.next();
                sk.push('w');
                continue;
            }
            _ => {}
        }
        match c {
            'x' => {
                sk.push('c');
                sk.push('h');
            }
            '5' => {
                sk.push('k');
                sk.push('h');
            }
            '8' => {
                sk.push('g');
                sk.push('h');
            }
            '9' | 'q' => sk.push('q'),
            '7' => sk.push('h'),
            '2' => {}
            'o' | 'u' | 'w' => sk.push('w'),
            // Non-initial y is a vowel/glide spelled as i, y or ai at will.
            'y' if i > 0 => sk.push('i'),
            c => sk.push(c),
        }
    }
    sk.out
}

/// The skeleton being written: vowels a/e/i are dropped except a
/// word-initial one (kept as 'a'), and a letter equal to the last one kept is
/// dropped (doubling).
struct Skeleton {
    out: String,
    first: bool,
    prev: char,
}

impl Skeleton {
    #[inline]
    fn push(&mut self, c: char) {
        let first = std::mem::replace(&mut self.first, false);
        if matches!(c, 'a' | 'e' | 'i') {
            if first {
                self.out.push('a');
                self.prev = 'a';
            }
            return;
        }
        if c != self.prev {
            self.out.push(c);
            self.prev = c;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The two-pass skeleton `arabizi_skeleton` replaced, kept as its reference.
    fn skeleton_reference(word: &str) -> String {
        let b: Vec<char> = word.chars().collect();
        let mut tmp = String::with_capacity(word.len() + 4);
        let mut i = 0;
        while i < b.len() {
            let c = b[i];
            let next = b.get(i + 1).copied();
            match (c, next) {
                ('s', Some('h')) | ('c', Some('h')) => {
                    tmp.push_str("ch");
                    i += 2;
                    continue;
                }
                ('o', Some('u')) => {
                    tmp.push('w');
                    i += 2;
                    continue;
                }
                _ => {}
            }
            match c {
                'x' => tmp.push_str("ch"),
                '5' => tmp.push_str("kh"),
                '8' => tmp.push_str("gh"),
                '9' | 'q' => tmp.push('q'),
                '7' => tmp.push('h'),
                '2' => {}
                'o' | 'u' | 'w' => tmp.push('w'),
                // Non-initial y is a vowel/glide spelled as i, y or ai at will.
                'y' if i > 0 => tmp.push('i'),
                c => tmp.push(c),
            }
            i += 1;
        }
        let mut out = String::with_capacity(tmp.len());
        let mut prev = '\0';
        for (idx, c) in tmp.chars().enumerate() {
            let vowel = matches!(c, 'a' | 'e' | 'i');
            if vowel {
                if idx == 0 {
                    out.push('a');
                    prev = 'a';
                }
                continue;
            }
            if c == prev {
                continue;
            }
            out.push(c);
            prev = c;
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn skeleton_agrees_with_reference(w in "[a-z0-9'éàçه ]{0,14}") {
            proptest::prop_assert_eq!(arabizi_skeleton(&w), skeleton_reference(&w));
        }
    }

    #[test]
    fn skeleton_agrees_with_reference_on_the_lists() {
        for line in include_str!("lexicons/ary_latn.tsv").lines() {
            let term = line
                .split('\t')
                .next()
                .unwrap_or_default()
                .trim_start_matches('=');
            for w in term.split_whitespace() {
                assert_eq!(arabizi_skeleton(w), skeleton_reference(w), "{w}");
            }
        }
    }

    #[test]
    fn arabic_forms_fold() {
        assert_eq!(fold("أحبّ"), "احب");
        assert_eq!(fold("إسلام"), "اسلام");
        assert_eq!(fold("مكتبة"), "مكتبه");
        assert_eq!(fold("على"), "علي");
        assert_eq!(fold("جمـــيل"), "جميل");
        assert_eq!(fold("رَائِعٌ"), "رايع");
    }

    /// The table is a cache of fold_arabic: every char of the block agrees.
    #[test]
    fn arabic_table_matches_fold_arabic() {
        for u in 0x0600..0x0700 {
            let c = char::from_u32(u).unwrap();
            assert_eq!(
                arabic_fold(c),
                Some(fold_arabic(c).unwrap_or('\0')),
                "U+{u:04X}"
            );
        }
        assert_eq!(arabic_fold('a'), None);
        assert_eq!(arabic_fold('\u{0700}'), None);
    }

    #[test]
    fn presentation_forms_fold() {
        assert_eq!(fold("ﻗﺒﻞ"), "قبل");
        assert_eq!(fold("ﻻ"), "لا");
        assert_eq!(fold("ﺃﻛﺜﺮ"), "اكثر");
    }

    #[test]
    fn latin_folds() {
        assert_eq!(fold("Génial"), "genial");
        assert_eq!(fold("ÇA"), "ca");
        assert_eq!(fold("cœur"), "coeur");
        assert_eq!(fold("l’Oréal"), "l'oreal");
    }

    #[test]
    fn elongation() {
        assert_eq!(collapse_runs("zwiiiin", 1), ("zwin".to_string(), true));
        assert_eq!(collapse_runs("cool", 2), ("cool".to_string(), false));
        assert_eq!(collapse_runs("رائعععع", 1).0, "رائع");
    }

    #[test]
    fn arabizi_variants_meet() {
        let groups: &[&[&str]] = &[
            &["zwin", "zwiin", "zouin", "zwine"],
            &["bzaf", "bzzaf", "bezzaf", "bzef"],
            &["khayb", "5ayb", "khaib"],
            &["mskin", "meskin", "miskine"],
            &["chokran", "shokran", "choukran", "xokran"],
            &["3jbni", "3jebni", "3ajbni"],
            &["9wi", "qwi", "9owi"],
        ];
        for g in groups {
            let k0 = arabizi_skeleton(g[0]);
            for w in g.iter() {
                assert_eq!(arabizi_skeleton(w), k0, "{w} vs {}", g[0]);
            }
        }
        assert_ne!(arabizi_skeleton("ana"), arabizi_skeleton("nta"));
    }

    /// The precomputed Latin table must give exactly what the Unicode tables
    /// give, for every char it covers (and say nothing outside its range).
    #[test]
    fn latin_fold_table_matches_generic() {
        for u in LATIN_LO - 1..=LATIN_HI {
            let Some(c) = char::from_u32(u) else { continue };
            let mut slow = String::new();
            fold_generic(c, &mut slow);
            match latin_fold(c) {
                Some(f) => assert_eq!(f.to_string(), slow, "{c:?}"),
                None => assert!(
                    !(LATIN_LO..LATIN_HI).contains(&u) || slow.chars().count() != 1,
                    "{c:?}"
                ),
            }
        }
        assert_eq!(latin_fold('é'), Some('e'));
        assert_eq!(latin_fold('É'), Some('e'));
    }
}
