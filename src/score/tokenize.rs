//! Tokeniser. Owns: splitting raw text into words, emoji, emoticons and the
//! punctuation that rules care about, with byte spans into the original text and
//! sentence numbers; skipping URLs, @mentions and HTML entities (they carry no
//! tone and their letters would pollute language detection); splitting French elisions
//! (l', d', qu', n', j', c', s', m', t') so "n'aime" yields a negator + "aime".

use super::key::Key;
use super::lexicon::NO_ENTRY;
use super::words::{CONTRAST, Func, NEG, func};
use crate::score::normalize::{ARABIC_BLOCK, is_arabic_letter, is_digit_letter, push_folded};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Word,
    Emoji,
    Emoticon,
    /// Punctuation relevant to rules: ! ? , ; : and sentence ends.
    Punct(char),
}

#[derive(Debug, Clone)]
pub struct Token<'a> {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    pub text: &'a str,
    /// Folded lookup key: lower-case, accent-free, Arabic-normalised, runs of >=3
    /// identical letters collapsed to one (elongation).
    pub key: Key,
    /// For elongated Latin words, the key with runs capped at two ("cooool" -> "cool").
    pub alt: Option<String>,
    pub arabic: bool,
    pub caps: bool,
    pub elongated: bool,
    /// A French elided clitic ("n'", "l'" ...): key is the bare letter(s).
    pub elision: bool,
    /// A Latin word written with an Arabizi digit-letter (2 3 5 7 9): where
    /// French or English text reads Arabizi at all.
    pub digit_letter: bool,
    pub sentence: u32,
    /// Closed-class info (negator, booster, contrast, language marker), looked
    /// up once here so rules and language detection never hash the key again.
    pub func: Func,
    /// Position of the key in the lexicon's merged index (NO_ENTRY if absent
    /// or when tokenising without a lexicon).
    pub entry: u32,
}

impl<'a> Token<'a> {
    /// A token that is a symbol, not a word (emoji, emoticon, punctuation): no
    /// alternative key, no script, case, elongation or elision flags.
    fn symbol(
        start: usize,
        end: usize,
        kind: Kind,
        text: &'a str,
        key: Key,
        sentence: u32,
    ) -> Token<'a> {
        Token {
            start,
            end,
            kind,
            text,
            key,
            alt: None,
            arabic: false,
            caps: false,
            elongated: false,
            elision: false,
            digit_letter: false,
            sentence,
            func: Func::default(),
            entry: NO_ENTRY,
        }
    }
}

impl Token<'_> {
    pub fn is_negator(&self) -> bool {
        // The suffix test first: it rules out almost every word in one compare.
        self.func.flags & NEG != 0
            || (self.key.len() > 3 && self.key.ends_with("n't") && self.key.is_ascii())
    }
    pub fn booster(&self) -> Option<(f64, u8)> {
        if self.func.boost > 0.0 {
            Some((self.func.boost, self.func.boost_pos))
        } else {
            None
        }
    }
    pub fn is_contrast(&self) -> bool {
        self.func.flags & CONTRAST != 0 && !self.elision
    }
}

/// Whether a word holding a digit-letter is no model or network code: it has
/// at least two letters and does not end in two digits. "S27", "3G", "H24",
/// "T9", "A54", "iphone15" are not Arabizi: read as Darija, "T9" was praise
/// and "la 3G et la 5G arrivent" a Darija sentence. Arabizi words have their
/// letters ("3ndi", "b9a", "ma3", "7ta").
fn not_a_code(raw: &str) -> bool {
    let b = raw.as_bytes();
    let ends_in_two_digits =
        b.len() >= 2 && b[b.len() - 1].is_ascii_digit() && b[b.len() - 2].is_ascii_digit();
    !ends_in_two_digits && raw.chars().filter(|c| c.is_alphabetic()).nth(1).is_some()
}

/// French elided clitics (folded). "n" is the negative particle.
pub const ELISIONS: &[&str] = &[
    "l", "d", "j", "m", "t", "s", "c", "n", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu",
];

pub fn is_emoji(c: char) -> bool {
    // Every range below starts at or above U+203C: letters, digits and
    // punctuation of the scripts we read leave at the first comparison.
    if (c as u32) < 0x203C {
        return false;
    }
    matches!(c as u32,
        0x1F300..=0x1F5FF | 0x1F600..=0x1F64F | 0x1F680..=0x1F6FF | 0x1F900..=0x1F9FF
        | 0x1FA70..=0x1FAFF | 0x2600..=0x26FF | 0x2700..=0x27BF | 0x1F1E6..=0x1F1FF
        | 0x2B50 | 0x2B55 | 0x2B06 | 0x2B07 | 0x2B05 | 0x2190..=0x21FF | 0x1F004 | 0x1F0CF
        | 0x203C | 0x2049 | 0x1F170..=0x1F19A)
}

/// Emoji modifiers that attach to the previous emoji and carry nothing themselves.
fn is_emoji_modifier(c: char) -> bool {
    matches!(
        c as u32,
        0x1F3FB..=0x1F3FF | 0xFE0F | 0xFE0E | 0x200D | 0x20E3
    )
}

/// Letter/digit test with fast paths for ASCII and the Arabic block: the
/// generic Unicode tables are the hottest spot of the whole scorer otherwise.
#[inline]
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    match c as u32 {
        0x00C0..=0x024F => c != '\u{00D7}' && c != '\u{00F7}',
        // A letter, mark, tatweel or digit (see ARABIC_BLOCK).
        u @ 0x0600..=0x06FF => ARABIC_BLOCK[(u - 0x0600) as usize].word,
        _ => c.is_alphanumeric(),
    }
}

/// Alphabetic with the same fast paths.
pub fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    match c as u32 {
        0x00C0..=0x024F => c != '\u{00D7}' && c != '\u{00F7}',
        0x0600..=0x06FF => is_arabic_letter(c) || c == '\u{0640}',
        _ => c.is_alphabetic(),
    }
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ' | '‘' | '`' | '´')
}

/// What the tokeniser asks of the lexicon: one lookup per word key (its
/// closed-class info and its entry in the merged index), and the emoticon
/// list. Emoticons are matched longest first, only at a token boundary so
/// "http://" never yields ":/".
pub trait Vocabulary {
    fn word(&self, key: &str) -> (Func, u32);
    fn contains(&self, s: &str) -> bool;
    fn max_chars(&self) -> usize;
    /// Cheap filter: can an emoticon start with this char?
    fn may_start(&self, c: char) -> bool;
}

/// The char starting at byte `b` of `text` (on a char boundary, before the
/// end) and its length in bytes. ASCII, most of the input, costs one load;
/// a two-byte char (Latin accents, Arabic) two, decoded here rather than by
/// slicing the text and starting a `chars()` iterator.
#[inline]
fn char_at(text: &str, b: usize) -> (char, usize) {
    let bytes = text.as_bytes();
    let x = bytes[b];
    if x < 0x80 {
        return (char::from(x), 1);
    }
    if x < 0xE0 {
        // A lead byte C2..DF and its continuation byte (the text is UTF-8):
        // the code point is below U+0800, so always a char.
        let y = bytes[b + 1];
        let u = (u32::from(x & 0x1F) << 6) | u32::from(y & 0x3F);
        return (char::from_u32(u).unwrap_or('\0'), 2);
    }
    let c = text[b..].chars().next().unwrap_or('\0');
    (c, c.len_utf8())
}

/// Whether an emoticon written with HTML escapes ("&lt;3", "&gt;:(") starts
/// at byte `b` (on an '&'). The escaped spellings are in the list like the
/// others; this only keeps the entity skipping from eating them.
fn escaped_emoticon_at(text: &str, b: usize, em: &dyn Vocabulary) -> bool {
    em.may_start('&')
        && (4..=em.max_chars().min(text.len() - b))
            .any(|n| text.is_char_boundary(b + n) && em.contains(&text[b..b + n]))
}

/// The end of the run of the char just before byte `e` ("<3" in "<3333",
/// ":D" in ":DDD"): an elongated emoticon is one token, read as its base.
fn elongation_end(text: &str, e: usize) -> usize {
    let last = text[..e].chars().next_back().unwrap_or('\0');
    let rest = &text[e..];
    e + rest.len() - rest.trim_start_matches(last).len()
}

/// Split `text` into tokens. Walks the bytes once, decoding a char only where
/// one starts (the previous version first copied every char with its offset
/// into a vector, which cost as much as the rest of tokenising).
pub fn tokenize<'a>(text: &'a str, vocab: Option<&dyn Vocabulary>) -> Vec<Token<'a>> {
    let mut out = Vec::new();
    tokenize_into(text, vocab, &mut out);
    out
}

/// `tokenize` into `out` (cleared first), so a caller scoring many texts can
/// reuse one buffer: a fresh token vector per text was a multi-kilobyte
/// allocation, past glibc's per-thread cache, that took the allocator's
/// arena lock on every text and made two scoring threads contend for it.
pub fn tokenize_into<'a>(text: &'a str, vocab: Option<&dyn Vocabulary>, out: &mut Vec<Token<'a>>) {
    let bytes = text.as_bytes();
    let len = bytes.len();
    out.clear();
    out.reserve(len / 4 + 4);
    // One buffer for folding every word's key, copied into an inline Key
    // (sized so that ordinary words never grow it: growing is a realloc), and
    // the byte ends of the next chars for emoticon candidates. Both are this
    // thread's, kept from text to text: allocating, growing and freeing them
    // for every text cost about 600 instructions a text, 2 % of scoring one.
    thread_local! {
        static SCRATCH: std::cell::Cell<(String, Vec<usize>)> =
            const { std::cell::Cell::new((String::new(), Vec::new())) };
    }
    let (mut scratch, mut ends) = SCRATCH.take();
    scratch.clear();
    scratch.reserve(64);
    let mut sentence = 0u32;
    let mut b = 0;
    let mut prev_space = true;
    while b < len {
        // A plain space, the most common separator, only marks a boundary.
        if bytes[b] == b' ' {
            prev_space = true;
            b += 1;
            continue;
        }
        let (c, cl) = char_at(text, b);
        // URLs and mentions: skip to whitespace.
        if (c == 'h' || c == 'H' || c == 'w' || c == 'W') && prev_space {
            let rest = &bytes[b..];
            let starts =
                |p: &[u8]| rest.len() >= p.len() && rest[..p.len()].eq_ignore_ascii_case(p);
            if starts(b"http") || starts(b"www.") {
                while b < len {
                    let (cj, lj) = char_at(text, b);
                    if cj.is_whitespace() {
                        break;
                    }
                    b += lj;
                }
                continue;
            }
        }
        // HTML entities left in scraped text (&amp; &gt; &#39;): skip whole,
        // unless they spell an emoticon ("&lt;3"), matched below.
        if c == '&' && !(prev_space && vocab.is_some_and(|em| escaped_emoticon_at(text, b, em))) {
            let rest = &bytes[b + 1..];
            if let Some(semi) = rest.iter().take(8).position(|&x| x == b';')
                && rest[..semi]
                    .iter()
                    .all(|x| x.is_ascii_alphanumeric() || *x == b'#')
            {
                b += 1 + semi + 1;
                continue;
            }
        }
        if c == '@' {
            b += 1;
            while b < len {
                let (cj, lj) = char_at(text, b);
                if !(is_word_char(cj) || cj == '_' || cj == '.') {
                    break;
                }
                b += lj;
            }
            prev_space = false;
            continue;
        }
        if is_word_char(c) {
            let mut j = b + cl;
            let mut before = c;
            while j < len {
                // ASCII letters and digits, most of every word, skip the decoding.
                let y = bytes[j];
                if y.is_ascii_alphanumeric() {
                    j += 1;
                    before = char::from(y);
                    continue;
                }
                let (cj, lj) = char_at(text, j);
                if is_word_char(cj) {
                    j += lj;
                    before = cj;
                    continue;
                }
                // An apostrophe between two Latin letters stays inside the word
                // (l'Oréal, don't); elisions are split later in push_word.
                if is_apostrophe(cj) && j + lj < len && is_letter(before) {
                    let (next, _) = char_at(text, j + lj);
                    if is_letter(next) && !is_arabic_letter(next) {
                        j += lj;
                        before = cj;
                        continue;
                    }
                }
                break;
            }
            let n0 = out.len();
            push_word(text, b, j, sentence, out, &mut scratch, vocab);
            if b > 0
                && bytes[b - 1] == b'#'
                && let Some(cuts) = camel_cuts(text, b, j, &out[n0..])
            {
                out.truncate(n0);
                let mut a = b;
                for c in cuts.into_iter().chain([j]) {
                    push_word(text, a, c, sentence, out, &mut scratch, vocab);
                    a = c;
                }
            }
            b = j;
            prev_space = false;
            continue;
        }
        if is_emoji(c) {
            let mut j = b + cl;
            // Keep ZWJ sequences/modifiers attached; the first char is the key.
            while j < len {
                let (cj, lj) = char_at(text, j);
                if !is_emoji_modifier(cj) {
                    break;
                }
                j += lj;
                if cj == '\u{200D}' && j < len {
                    j += char_at(text, j).1;
                }
            }
            let key = Key::new(c.encode_utf8(&mut [0u8; 4]));
            out.push(Token::symbol(b, j, Kind::Emoji, &text[b..j], key, sentence));
            b = j;
            prev_space = false;
            continue;
        }
        if c.is_whitespace() {
            // A line break ends a sentence (titles, list items, tweets in a thread).
            if c == '\n' && out.last().is_some_and(|t| t.sentence == sentence) {
                sentence += 1;
            }
            prev_space = true;
            b += cl;
            continue;
        }
        // Emoticons at a boundary, longest first.
        if let Some(em) = vocab
            && prev_space
            && em.may_start(c)
        {
            ends.clear();
            let mut e = b;
            while ends.len() < em.max_chars() && e < len {
                e += char_at(text, e).1;
                ends.push(e);
            }
            let mut found = 0;
            for n in (2..=ends.len()).rev() {
                let e = ends[n - 1];
                let after_ok = e >= len || !is_word_char(char_at(text, e).0) || n >= 3;
                if after_ok && em.contains(&text[b..e]) {
                    found = e;
                    break;
                }
            }
            // A two-char emoticon glued to a repeat of its last char is
            // elongated (":DDD"), not the start of a word.
            if found == 0
                && let Some(&e) = ends.get(1)
                && e < len
                && text[b..e].ends_with(char_at(text, e).0)
                && em.contains(&text[b..e])
            {
                found = e;
            }
            if found > 0 {
                let run = elongation_end(text, found);
                out.push(Token::symbol(
                    b,
                    run,
                    Kind::Emoticon,
                    &text[b..run],
                    Key::new(&text[b..found]),
                    sentence,
                ));
                b = run;
                prev_space = false;
                continue;
            }
        }
        let p = match c {
            '؟' => '?',
            '،' => ',',
            '؛' => ';',
            '…' => '.',
            '!' | '?' | '.' | ',' | ';' | ':' => c,
            _ => '\0',
        };
        if p != '\0' {
            out.push(Token::symbol(
                b,
                b + cl,
                Kind::Punct(p),
                &text[b..b + cl],
                Key::empty(),
                sentence,
            ));
            if matches!(p, '.' | '!' | '?') {
                let next = (b + cl < len).then(|| char_at(text, b + cl).0);
                // A run of terminators ends one sentence; the next word starts a new one.
                let next_is_term = next.is_some_and(|x| matches!(x, '.' | '!' | '?' | '؟' | '…'));
                // A full stop glued to the next letter or digit is not a sentence
                // end: "inwi.ma", "3.5", "M.Dupont".
                let glued_dot = c == '.' && next.is_some_and(is_word_char);
                if !next_is_term && !glued_dot {
                    sentence += 1;
                }
            }
        }
        prev_space = matches!(c, '(' | '[' | '"' | '«' | '»');
        b += cl;
    }
    SCRATCH.set((scratch, ends));
}

fn push_word<'a>(
    text: &'a str,
    s: usize,
    e: usize,
    sentence: u32,
    out: &mut Vec<Token<'a>>,
    scratch: &mut String,
    vocab: Option<&dyn Vocabulary>,
) {
    let lookup = |k: &str| match vocab {
        Some(v) => v.word(k),
        None => (func(k), NO_ENTRY),
    };
    let raw = &text[s..e];
    // One pass over the word folds it into the lookup key and collects what
    // the rules need: all digits? Arabic? apostrophe? capitals?
    scratch.clear();
    let key = scratch;
    let (mut numeric, mut arabic, mut apostrophe) = (true, false, false);
    let (mut letters, mut upper, mut digit_letters) = (0u32, 0u32, 0u32);
    // Elongation: a letter repeated 3+ times in a row (case-insensitive).
    let (mut prev, mut run, mut elongated) = ('\0', 0u32, false);
    if raw.is_ascii() {
        // The same facts for a word that is all ASCII, most of them. The key
        // is copied and lower-cased whole: pushing it byte by byte cost a
        // capacity check and a UTF-8 encoding per byte. The counts are sums of
        // comparisons, with no branch per byte (the run-length loop with its
        // branches cost about thirty instructions a byte), and elongation is
        // three equal bytes in a row of the lower-cased key.
        key.push_str(raw);
        key.make_ascii_lowercase();
        let (mut lower, mut digits, mut apos) = (0u32, 0u32, 0u32);
        for &x in raw.as_bytes() {
            upper += u32::from(x.wrapping_sub(b'A') < 26);
            lower += u32::from(x.wrapping_sub(b'a') < 26);
            digits += u32::from(x.wrapping_sub(b'0') < 10);
            apos += u32::from(x == b'\'' || x == b'`');
            digit_letters += u32::from(is_digit_letter(x));
        }
        letters = upper + lower;
        numeric = digits as usize == raw.len();
        apostrophe = apos > 0;
        elongated = key
            .as_bytes()
            .windows(3)
            .any(|w| w[0] == w[1] && w[1] == w[2] && w[0].is_ascii_alphabetic());
    } else if is_arabic_block(raw) {
        // A word of the Arabic block only, as most Arabic and Darija words
        // are: the loop below, with each char's facts from one table load
        // (its fold included) instead of range tests and the general fold.
        // No such char is upper-case, an apostrophe or ASCII; tatweel is the
        // one letter (for `is_letter`) that is not an Arabic letter.
        let b = raw.as_bytes();
        let mut prev_u = 0u32;
        for pair in b.chunks_exact(2) {
            let u = (u32::from(pair[0] & 0x1F) << 6) | u32::from(pair[1] & 0x3F);
            let a = ARABIC_BLOCK[(u - 0x0600) as usize];
            let is_letter = a.letter || u == 0x0640;
            if u == prev_u {
                run += 1;
                elongated |= run >= 3 && is_letter;
            } else {
                prev_u = u;
                run = 1;
            }
            numeric &= a.digit;
            arabic |= a.letter;
            letters += u32::from(is_letter && !a.letter);
            if a.fold != '\0' {
                key.push(a.fold);
            }
        }
    } else {
        for c in raw.chars() {
            let lc = c.to_ascii_lowercase();
            if lc == prev {
                run += 1;
                elongated |= run >= 3 && is_letter(c);
            } else {
                prev = lc;
                run = 1;
            }
            if c.is_ascii() {
                let b = c as u8;
                numeric &= b.is_ascii_digit();
                digit_letters += u32::from(is_digit_letter(b));
                if b.is_ascii_alphabetic() {
                    letters += 1;
                    upper += u32::from(b.is_ascii_uppercase());
                } else if b == b'\'' || b == b'`' {
                    apostrophe = true;
                }
                key.push(b.to_ascii_lowercase() as char);
            } else {
                numeric &= ('\u{0660}'..='\u{0669}').contains(&c);
                if is_arabic_letter(c) {
                    arabic = true;
                } else if is_apostrophe(c) {
                    apostrophe = true;
                } else if is_letter(c) {
                    letters += 1;
                    upper += u32::from(c.is_uppercase());
                }
                push_folded(c, key);
            }
        }
    }
    // Pure numbers carry no tone and would widen negation windows.
    if numeric {
        return;
    }
    if !arabic && apostrophe {
        // French elision split.
        if let Some((pi, pc)) = raw.char_indices().find(|(_, c)| is_apostrophe(*c)) {
            let pre = crate::score::normalize::fold(&raw[..pi]);
            if ELISIONS.contains(&pre.as_str()) {
                let after = pi + pc.len_utf8();
                let (func, entry) = lookup(&pre);
                out.push(Token {
                    start: s,
                    end: s + after,
                    kind: Kind::Word,
                    text: &text[s..s + after],
                    func,
                    entry,
                    key: Key::new(&pre),
                    alt: None,
                    arabic: false,
                    caps: false,
                    elongated: false,
                    elision: true,
                    digit_letter: false,
                    sentence,
                });
                push_word(text, s + after, e, sentence, out, key, vocab);
                return;
            }
        }
    }
    // For elongated Latin words also keep the two-repeat form ("cooool" -> "cool").
    let (key, alt, elong) = if elongated && has_elongation(key) {
        let alt = (!arabic).then(|| crate::score::normalize::collapse_runs(key, 2).0);
        (Key::new(&collapse_runs_ge3(key)), alt, true)
    } else {
        (Key::new(key), None, false)
    };
    let (mut func, entry) = lookup(&key);
    if hyphen_compound_sans(text, &key, e) {
        func.flags &= !NEG;
    }
    out.push(Token {
        start: s,
        end: e,
        kind: Kind::Word,
        text: raw,
        func,
        entry,
        key,
        alt,
        arabic,
        // Capitals: only Latin words can be "all caps" (Arabic has no case).
        caps: !arabic && letters >= 2 && upper == letters,
        elongated: elong,
        elision: false,
        digit_letter: digit_letters > 0 && not_a_code(raw),
        sentence,
    });
}

/// A hashtag written in CamelCase is several words ("#InwiKhayb",
/// "#BoycottCentrale", "#PasContent"): when the word `s..e` after a '#',
/// which `push_word` just pushed (`pushed`), is in no table, the byte
/// offsets where it splits into parts: where a lower-case letter meets a
/// capital. A hashtag the lexicon knows whole ("#EpicFail") stays whole,
/// and so does one with a part shorter than two letters ("#iPhone").
/// (The caller tests for the '#' first: a plain word costs one byte test;
/// a closure pushing the parts here cost every word an un-inlined lexicon
/// lookup.)
#[cold]
fn camel_cuts(text: &str, s: usize, e: usize, pushed: &[Token<'_>]) -> Option<Vec<usize>> {
    if pushed.len() != 1 || pushed[0].entry != NO_ENTRY {
        return None;
    }
    let raw = &text[s..e];
    let mut cuts: Vec<usize> = Vec::new();
    let mut prev = '\0';
    let mut last = 0;
    for (i, c) in raw.char_indices() {
        if prev.is_lowercase() && c.is_uppercase() {
            if raw[last..i].chars().count() < 2 {
                return None;
            }
            cuts.push(s + i);
            last = i;
        }
        prev = c;
    }
    (!cuts.is_empty() && raw[last..].chars().count() >= 2).then_some(cuts)
}

/// "sans-abri", "sans-faute", "sans-papiers": a "sans" joined by a hyphen to
/// the next word makes a compound noun with it, not a negation ("un sans-faute"
/// is praise, "sans-abri heureux" no denial of happiness).
fn hyphen_compound_sans(text: &str, key: &Key, e: usize) -> bool {
    // The byte after the word first: it turns nearly every word away.
    text.as_bytes().get(e) == Some(&b'-')
        && key.as_str() == "sans"
        && text[e + 1..].chars().next().is_some_and(is_letter)
}

/// Whether `raw` is all chars of the Arabic block U+0600..U+06FF: every
/// char two bytes with a lead byte D8..DB. (In UTF-8 a lead byte is followed
/// by exactly its continuation bytes, so pairs starting with such a lead byte
/// cover the string exactly.)
#[inline]
fn is_arabic_block(raw: &str) -> bool {
    let b = raw.as_bytes();
    b.len().is_multiple_of(2) && b.chunks_exact(2).all(|p| (0xD8..=0xDB).contains(&p[0]))
}

/// Does the word contain a run of >= 3 identical letters?
pub fn has_elongation(s: &str) -> bool {
    let (mut prev, mut run) = ('\0', 0u32);
    for c in s.chars() {
        if c == prev {
            run += 1;
            if run >= 3 && is_letter(c) {
                return true;
            }
        } else {
            prev = c;
            run = 1;
        }
    }
    false
}

/// Runs of >= 3 identical letters become one; runs of two are kept (Arabic
/// "الله", English "good" have real doubles). Returns the input unchanged
/// (no allocation) when there is no such run, the common case.
pub fn collapse_elongation(s: String) -> (String, bool) {
    if !has_elongation(&s) {
        return (s, false);
    }
    (collapse_runs_ge3(&s), true)
}

/// Collapse every run of >= 3 identical letters to one letter.
fn collapse_runs_ge3(s: &str) -> String {
    let cs: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < cs.len() {
        let c = cs[i];
        let mut j = i;
        while j < cs.len() && cs[j] == c {
            j += 1;
        }
        let run = j - i;
        if run >= 3 && is_letter(c) {
            out.push(c);
        } else {
            for _ in 0..run {
                out.push(c);
            }
        }
        i = j;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(t: &str) -> Vec<String> {
        tokenize(t, None)
            .into_iter()
            .map(|t| t.key.to_string())
            .collect()
    }

    #[test]
    fn elisions_split() {
        assert_eq!(
            keys("Je n’aime pas l'Oréal"),
            ["je", "n", "aime", "pas", "l", "oreal"]
        );
        assert_eq!(keys("aujourd'hui"), ["aujourd'hui"]);
        assert_eq!(keys("qu'il"), ["qu", "il"]);
    }

    #[test]
    fn urls_mentions_numbers_skipped() {
        assert_eq!(keys("@user super http://x.co/a 2024 top"), ["super", "top"]);
    }

    #[test]
    fn emoji_and_sentences() {
        let t = tokenize("Top 👍🏽! Nul.\nBof", None);
        let kinds: Vec<_> = t.iter().map(|t| (t.kind, t.sentence)).collect();
        assert_eq!(kinds[1], (Kind::Emoji, 0));
        assert_eq!(t.last().unwrap().sentence, 2);
    }

    #[test]
    fn glued_dots_do_not_split_sentences() {
        let t = tokenize("Visitez inwi.ma aujourd'hui. Merci", None);
        let merci = t.iter().find(|t| t.key == "merci").unwrap();
        let ma = t.iter().find(|t| t.key == "ma").unwrap();
        assert_eq!(ma.sentence, 0);
        assert_eq!(merci.sentence, 1);
    }

    fn lexicon() -> &'static crate::score::lexicon::Lexicon {
        static L: std::sync::OnceLock<crate::score::lexicon::Lexicon> = std::sync::OnceLock::new();
        L.get_or_init(crate::score::lexicon::Lexicon::embedded)
    }

    /// Text built from the pieces the tokeniser treats specially, plus any char.
    fn text() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let piece = prop_oneof![
            prop::sample::select(vec![
                "http://x.co/a",
                "www.inwi.ma",
                "HTTPS",
                "&amp;",
                "&#39;",
                "&;",
                "& x;",
                "@user_1.x",
                "l'Oréal",
                "n’aime",
                "aujourd'hui",
                "qu'",
                "'",
                "``",
                "´",
                "cooool",
                "ZWIIIIN",
                "HHHHH",
                "ههههه",
                "ماعجبنيش",
                "جمـــيل",
                "رَائِعٌ",
                "أحبّ",
                "مكتبة",
                "٢٠٢٤",
                "ـــ",
                "ببب",
                "ڭ",
                "3la",
                "2024",
                "٣",
                ":)",
                ":-(",
                ":D",
                "<3",
                ":'(",
                "xD",
                ";)",
                "=)",
                "👍🏽",
                "👨\u{200D}👩",
                "❤️",
                "\u{200D}",
                "🇲🇦",
                "!",
                "?!",
                "...",
                "…",
                "؟",
                "،",
                "3.5",
                "inwi.ma",
                "#InwiKhayb",
                "#iPhone",
                "#EpicFail",
                "#",
                "aB",
                "\n",
                " ",
                "\t",
                "(",
                "«",
                "»",
                "\"",
                "ﻻ",
                "ﷲ",
                "œ",
                "İ",
                "ß",
            ])
            .prop_map(str::to_string),
            any::<char>().prop_map(String::from),
            "[a-zA-Z]{1,8}",
        ];
        prop::collection::vec(piece, 0..24).prop_map(|v| v.concat())
    }

    proptest::proptest! {
        #[test]
        fn fast_tokeniser_equals_reference(t in text()) {
            let show = |v: Vec<Token<'_>>| format!("{v:?}");
            proptest::prop_assert_eq!(
                show(tokenize(&t, None)),
                show(reference::tokenize(&t, None))
            );
            proptest::prop_assert_eq!(
                show(tokenize(&t, Some(lexicon()))),
                show(reference::tokenize(&t, Some(lexicon())))
            );
        }
    }

    /// The Arabic block's table says what the range tests it replaced said.
    #[test]
    fn arabic_block_word_chars() {
        use crate::score::normalize::is_arabic_mark;
        for u in 0x0600..0x0700 {
            let c = char::from_u32(u).unwrap();
            let want = is_arabic_letter(c)
                || is_arabic_mark(c)
                || c == '\u{0640}'
                || ('\u{0660}'..='\u{0669}').contains(&c);
            assert_eq!(is_word_char(c), want, "U+{u:04X}");
        }
    }

    #[test]
    fn caps_and_elongation_flags() {
        let t = tokenize("SUPER zwiiiin", None);
        assert!(t[0].caps);
        assert!(t[1].elongated);
        assert_eq!(t[1].key, "zwin");
    }
}

/// The tokeniser as it was before it walked bytes (chars copied into a vector
/// first, no ASCII fast path in push_word): the reference that the fast one
/// is checked against, token for token, on arbitrary text.
#[cfg(test)]
pub(crate) mod reference {
    use super::*;

    thread_local! {
        static CHARS: std::cell::RefCell<Vec<(usize, char)>> = const { std::cell::RefCell::new(Vec::new()) };
    }

    pub(crate) fn tokenize<'a>(text: &'a str, vocab: Option<&dyn Vocabulary>) -> Vec<Token<'a>> {
        let mut out: Vec<Token<'a>> = Vec::with_capacity(text.len() / 4 + 4);
        // The char index buffer is reused across calls on the same thread: it is
        // the only per-text allocation that does not escape.
        let mut chars = CHARS.with(|c| std::mem::take(&mut *c.borrow_mut()));
        chars.clear();
        chars.extend(text.char_indices());
        let chars = chars;
        let n = chars.len();
        let byte_at = |i: usize| if i < n { chars[i].0 } else { text.len() };
        // One buffer for folding every word's key, copied into an inline Key.
        let mut scratch = String::new();
        let mut sentence = 0u32;
        let mut i = 0;
        let mut prev_space = true;
        while i < n {
            let (b, c) = chars[i];
            // URLs and mentions: skip to whitespace.
            if (c == 'h' || c == 'H' || c == 'w' || c == 'W') && prev_space {
                let rest = &text[b..];
                let lower_starts = |p: &str| {
                    rest.len() >= p.len()
                        && rest.as_bytes()[..p.len()].eq_ignore_ascii_case(p.as_bytes())
                };
                if lower_starts("http") || lower_starts("www.") {
                    while i < n && !chars[i].1.is_whitespace() {
                        i += 1;
                    }
                    continue;
                }
            }
            // HTML entities left in scraped text (&amp; &gt; &#39;): skip whole,
            // unless they spell an emoticon ("&lt;3"), matched below.
            if c == '&' && !(prev_space && vocab.is_some_and(|em| escaped_emoticon_at(text, b, em)))
            {
                let rest = &text[b..];
                if let Some(semi) = rest[1..].find(';')
                    && semi <= 7
                    && rest[1..1 + semi]
                        .bytes()
                        .all(|x| x.is_ascii_alphanumeric() || x == b'#')
                {
                    let end = b + 1 + semi + 1;
                    while i < n && chars[i].0 < end {
                        i += 1;
                    }
                    continue;
                }
            }
            if c == '@' {
                i += 1;
                while i < n && (is_word_char(chars[i].1) || chars[i].1 == '_' || chars[i].1 == '.')
                {
                    i += 1;
                }
                prev_space = false;
                continue;
            }
            if is_word_char(c) {
                let start = i;
                let mut j = i;
                while j < n {
                    let cj = chars[j].1;
                    if is_word_char(cj) {
                        j += 1;
                        continue;
                    }
                    // An apostrophe between two Latin letters stays inside the word
                    // (l'Oréal, don't); elisions are split later in push_word.
                    let inner_apostrophe = is_apostrophe(cj)
                        && j + 1 < n
                        && is_letter(chars[j + 1].1)
                        && !is_arabic_letter(chars[j + 1].1)
                        && j > start
                        && is_letter(chars[j - 1].1);
                    if inner_apostrophe {
                        j += 1;
                    } else {
                        break;
                    }
                }
                let n0 = out.len();
                let (ws, we) = (byte_at(start), byte_at(j));
                push_word(text, ws, we, sentence, &mut out, &mut scratch, vocab);
                if start > 0
                    && chars[start - 1].1 == '#'
                    && let Some(cuts) = camel_cuts(text, ws, we, &out[n0..])
                {
                    out.truncate(n0);
                    let mut a = ws;
                    for c in cuts.into_iter().chain([we]) {
                        push_word(text, a, c, sentence, &mut out, &mut scratch, vocab);
                        a = c;
                    }
                }
                i = j;
                prev_space = false;
                continue;
            }
            if is_emoji(c) {
                let mut j = i + 1;
                // Keep ZWJ sequences/modifiers attached; the first char is the key.
                while j < n && is_emoji_modifier(chars[j].1) {
                    j += 1;
                    if j < n && chars[j - 1].1 == '\u{200D}' {
                        j += 1;
                    }
                }
                let key = Key::new(c.encode_utf8(&mut [0u8; 4]));
                out.push(Token::symbol(
                    b,
                    byte_at(j),
                    Kind::Emoji,
                    &text[b..byte_at(j)],
                    key,
                    sentence,
                ));
                i = j;
                prev_space = false;
                continue;
            }
            if c.is_whitespace() {
                // A line break ends a sentence (titles, list items, tweets in a thread).
                if c == '\n' && out.last().is_some_and(|t| t.sentence == sentence) {
                    sentence += 1;
                }
                prev_space = true;
                i += 1;
                continue;
            }
            // Emoticons at a boundary.
            if let Some(em) = vocab
                && prev_space
                && em.may_start(c)
            {
                let maxc = em.max_chars().min(n - i);
                let (mut found, mut run) = (0, 0);
                for len in (2..=maxc).rev() {
                    let e = byte_at(i + len);
                    let repeated = i + len < n && chars[i + len].1 == chars[i + len - 1].1;
                    let after_ok =
                        i + len >= n || !is_word_char(chars[i + len].1) || len >= 3 || repeated;
                    if after_ok && em.contains(&text[b..e]) {
                        found = len;
                        run = len;
                        while i + run < n && chars[i + run].1 == chars[i + len - 1].1 {
                            run += 1;
                        }
                        break;
                    }
                }
                if found > 0 {
                    let e = byte_at(i + found);
                    let r = byte_at(i + run);
                    out.push(Token::symbol(
                        b,
                        r,
                        Kind::Emoticon,
                        &text[b..r],
                        Key::new(&text[b..e]),
                        sentence,
                    ));
                    i += run;
                    prev_space = false;
                    continue;
                }
            }
            let p = match c {
                '؟' => '?',
                '،' => ',',
                '؛' => ';',
                '…' => '.',
                '!' | '?' | '.' | ',' | ';' | ':' => c,
                _ => '\0',
            };
            if p != '\0' {
                out.push(Token::symbol(
                    b,
                    b + c.len_utf8(),
                    Kind::Punct(p),
                    &text[b..b + c.len_utf8()],
                    Key::empty(),
                    sentence,
                ));
                if matches!(p, '.' | '!' | '?') {
                    // A run of terminators ends one sentence; the next word starts a new one.
                    let next_is_term =
                        i + 1 < n && matches!(chars[i + 1].1, '.' | '!' | '?' | '؟' | '…');
                    // A full stop glued to the next letter or digit is not a sentence
                    // end: "inwi.ma", "3.5", "M.Dupont".
                    let glued_dot = c == '.' && i + 1 < n && is_word_char(chars[i + 1].1);
                    if !next_is_term && !glued_dot {
                        sentence += 1;
                    }
                }
            }
            prev_space = c.is_whitespace() || matches!(c, '(' | '[' | '"' | '«' | '»');
            i += 1;
        }
        CHARS.with(|c| *c.borrow_mut() = chars);
        out
    }

    fn push_word<'a>(
        text: &'a str,
        s: usize,
        e: usize,
        sentence: u32,
        out: &mut Vec<Token<'a>>,
        scratch: &mut String,
        vocab: Option<&dyn Vocabulary>,
    ) {
        let lookup = |k: &str| match vocab {
            Some(v) => v.word(k),
            None => (func(k), NO_ENTRY),
        };
        let raw = &text[s..e];
        // One pass over the word folds it into the lookup key and collects what
        // the rules need: all digits? Arabic? apostrophe? capitals?
        scratch.clear();
        let key = scratch;
        let (mut numeric, mut arabic, mut apostrophe) = (true, false, false);
        let (mut letters, mut upper) = (0u32, 0u32);
        // Elongation: a letter repeated 3+ times in a row (case-insensitive).
        let (mut prev, mut run, mut elongated) = ('\0', 0u32, false);
        for c in raw.chars() {
            let lc = c.to_ascii_lowercase();
            if lc == prev {
                run += 1;
                elongated |= run >= 3 && is_letter(c);
            } else {
                prev = lc;
                run = 1;
            }
            if c.is_ascii() {
                let b = c as u8;
                numeric &= b.is_ascii_digit();
                if b.is_ascii_alphabetic() {
                    letters += 1;
                    upper += u32::from(b.is_ascii_uppercase());
                } else if b == b'\'' || b == b'`' {
                    apostrophe = true;
                }
                key.push(b.to_ascii_lowercase() as char);
            } else {
                numeric &= ('\u{0660}'..='\u{0669}').contains(&c);
                if is_arabic_letter(c) {
                    arabic = true;
                } else if is_apostrophe(c) {
                    apostrophe = true;
                } else if is_letter(c) {
                    letters += 1;
                    upper += u32::from(c.is_uppercase());
                }
                push_folded(c, key);
            }
        }
        // Pure numbers carry no tone and would widen negation windows.
        if numeric {
            return;
        }
        if !arabic && apostrophe {
            // French elision split.
            if let Some((pi, pc)) = raw.char_indices().find(|(_, c)| is_apostrophe(*c)) {
                let pre = crate::score::normalize::fold(&raw[..pi]);
                if ELISIONS.contains(&pre.as_str()) {
                    let after = pi + pc.len_utf8();
                    let (func, entry) = lookup(&pre);
                    out.push(Token {
                        start: s,
                        end: s + after,
                        kind: Kind::Word,
                        text: &text[s..s + after],
                        func,
                        entry,
                        key: Key::new(&pre),
                        alt: None,
                        arabic: false,
                        caps: false,
                        elongated: false,
                        elision: true,
                        digit_letter: false,
                        sentence,
                    });
                    push_word(text, s + after, e, sentence, out, key, vocab);
                    return;
                }
            }
        }
        // For elongated Latin words also keep the two-repeat form ("cooool" -> "cool").
        let (key, alt, elong) = if elongated && has_elongation(key) {
            let alt = (!arabic).then(|| crate::score::normalize::collapse_runs(key, 2).0);
            (Key::new(&collapse_runs_ge3(key)), alt, true)
        } else {
            (Key::new(key), None, false)
        };
        let (mut func, entry) = lookup(&key);
        if super::hyphen_compound_sans(text, &key, e) {
            func.flags &= !NEG;
        }
        out.push(Token {
            start: s,
            end: e,
            kind: Kind::Word,
            text: raw,
            func,
            entry,
            key,
            alt,
            arabic,
            // Capitals: only Latin words can be "all caps" (Arabic has no case).
            caps: !arabic && letters >= 2 && upper == letters,
            elongated: elong,
            elision: false,
            digit_letter: raw.bytes().any(is_digit_letter) && super::not_a_code(raw),
            sentence,
        });
    }
}
