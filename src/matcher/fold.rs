//! Text folding: owns the canonical "search form" of text and the offset map
//! back to the original.
//!
//! Folding is a per-character, context-free transformation (plus one bit of
//! state: runs of spaces collapse). Because it is context free, folding an
//! alias and folding a document agree on every substring, so the matcher can
//! compare folded bytes and never think about case, accents or Arabic
//! orthographic variants again.
//!
//! What folding does, in order, to each character:
//! - ASCII: lowercase; the backtick becomes `'`; whitespace other than `\n`
//!   becomes a space; runs of spaces collapse to one.
//! - Typographic apostrophes (’ ‘ ʼ ´ ′ ‛ ＇) become `'`; Unicode dashes become `-`.
//! - Invisible format characters (ZWJ/ZWNJ, bidi marks, soft hyphen, BOM) and
//!   the Arabic tatweel are removed.
//! - Arabic: alef forms (أ إ آ ٱ) → ا, ى/ی → ي, ئ → ي, ؤ → و, ة → ه, ک → ك,
//!   Arabic-Indic digits → ASCII digits; harakat and Quranic marks are removed.
//! - Everything else: compatibility decomposition (NFKD, which takes care of
//!   ligatures like ﬁ, full-width forms and Arabic presentation forms), all
//!   combining marks dropped (é → e, both NFC and NFD input), then lowercase.
//! - A few letters without a decomposition are spelled out: œ → oe, æ → ae,
//!   ß → ss, ø → o, ł → l, đ → d, ı → i.
//!
//! The offset map is a list of segments rather than one entry per byte: a
//! long ASCII or Arabic run whose folded form has the same byte length is a
//! single "identity" segment, so building the map costs almost nothing on
//! typical text and `to_original` is a binary search.
//!
//! Speed: ASCII is folded 8 bytes at a time (SWAR lowercase, table only for
//! chunks with control chars or '`'); 2-byte chars (Latin accents, Arabic)
//! and General Punctuation use tables precomputed from the slow path, and
//! runs of chars that fold to themselves are copied as one slice. The slow
//! path (`Builder::non_ascii`) is the specification; `fold_reference` and a
//! differential proptest keep the fast paths equal to it.

use unicode_normalization::char::{decompose_compatible, is_combining_mark};

/// One run of the offset map, starting at folded byte `folded`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Seg {
    folded: usize,
    orig: usize,
    /// Identity: folded byte `folded + k` comes from original byte `orig + k`
    /// (every char in the run kept its UTF-8 length). Otherwise every folded
    /// byte of the run maps to `orig` (one original char expanded or shrank).
    ident: bool,
}

/// Folded text plus the map back to the original text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Folded {
    pub text: String,
    segs: Vec<Seg>,
    orig_len: usize,
}

impl Folded {
    /// Maps a byte offset of the folded text to a byte offset of the original.
    ///
    /// The result is always a char boundary of the original text and the
    /// function is monotonic (non-decreasing). An offset that is not a char
    /// boundary of the folded text is first rounded down to one. Characters
    /// removed by folding (marks, tatweel, ZWJ, collapsed spaces) belong to the
    /// character before them: a span `[to_original(s), to_original(e))` does
    /// not start with removed characters and does include trailing ones (so a
    /// hit on "إنويّ" includes the shadda).
    pub fn to_original(&self, folded_byte: usize) -> usize {
        if folded_byte >= self.text.len() {
            return self.orig_len;
        }
        let mut p = folded_byte;
        while !self.text.is_char_boundary(p) {
            p -= 1;
        }
        // segs[0].folded == 0, so partition_point is at least 1.
        let i = self.segs.partition_point(|s| s.folded <= p) - 1;
        let s = self.segs[i];
        if s.ident {
            s.orig + (p - s.folded)
        } else {
            s.orig
        }
    }

    /// Length in bytes of the original text.
    pub fn original_len(&self) -> usize {
        self.orig_len
    }
}

/// ASCII fold table: lowercase, '`' → '\'', whitespace except '\n' → ' '.
static ASCII: [u8; 128] = {
    let mut t = [0u8; 128];
    let mut i = 0;
    while i < 128 {
        let b = i as u8;
        t[i] = match b {
            b'A'..=b'Z' => b + 32,
            b'`' => b'\'',
            b'\t' | b'\r' | 0x0b | 0x0c => b' ',
            _ => b,
        };
        i += 1;
    }
    t
};

/// Word-at-a-time helpers for 8 ASCII bytes packed in a u64 (every byte
/// < 0x80, so no per-byte addition can carry into the next byte).
mod swar {
    const HI: u64 = 0x8080_8080_8080_8080;
    const LO7: u64 = 0x7F7F_7F7F_7F7F_7F7F;

    pub(super) const fn splat(b: u8) -> u64 {
        0x0101_0101_0101_0101 * b as u64
    }

    /// 0x80 in each byte of `x` that is zero, 0 elsewhere (exact).
    pub(super) fn zero_bytes(x: u64) -> u64 {
        !(((x & LO7) + LO7) | x) & HI
    }

    /// 0x80 in each byte equal to `b`.
    pub(super) fn eq(w: u64, b: u8) -> u64 {
        zero_bytes(w ^ splat(b))
    }

    pub(super) fn any(mask: u64) -> bool {
        mask != 0
    }

    /// ASCII lowercase: sets bit 5 of every byte in 'A'..='Z'.
    pub(super) fn lower(w: u64) -> u64 {
        let ge_a = w + splat(0x80 - b'A');
        let gt_z = w + splat(0x80 - b'Z' - 1);
        let upper = ge_a & !gt_z & HI;
        w | (upper >> 2)
    }
}

struct Builder {
    out: Vec<u8>,
    segs: Vec<Seg>,
    /// True when the last segment is an identity segment that extends up to
    /// the current position of both texts (so ident output needs no new seg).
    synced: bool,
    scratch: String,
}

impl Builder {
    fn new(capacity: usize) -> Builder {
        Builder {
            out: Vec::with_capacity(capacity),
            segs: vec![Seg {
                folded: 0,
                orig: 0,
                ident: true,
            }],
            synced: true,
            scratch: String::new(),
        }
    }

    fn new_seg(&mut self, orig: usize, ident: bool) {
        let seg = Seg {
            folded: self.out.len(),
            orig,
            ident,
        };
        match self.segs.last_mut() {
            // A removed char produced no bytes: the later position wins.
            Some(last) if last.folded == seg.folded => *last = seg,
            _ => self.segs.push(seg),
        }
        self.synced = ident;
    }

    /// Output `s` in place of the original char at `orig` (different bytes).
    fn push_mapped(&mut self, orig: usize, s: &str) {
        if s.is_empty() {
            self.synced = false;
            return;
        }
        self.new_seg(orig, false);
        self.out.extend_from_slice(s.as_bytes());
        self.synced = false;
    }

    /// Output a char of the same byte length as the original char at `orig`.
    fn push_ident(&mut self, orig: usize, c: char) {
        if !self.synced {
            self.new_seg(orig, true);
        }
        let mut buf = [0u8; 4];
        self.out
            .extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
    }

    fn ascii_run(&mut self, start: usize, run: &[u8]) {
        if run.is_empty() {
            return;
        }
        if !self.synced {
            self.new_seg(start, true);
        }
        self.out.reserve(run.len());
        let mut prev_space = self.out.last() == Some(&b' ');
        let mut k = 0;
        // Fast path, 8 bytes at a time (SWAR): lowercase with bit tricks;
        // chunks holding a control char or '`' go through the table; a
        // chunk where two spaces meet drops to the byte loop below, which
        // collapses them.
        while let Some(chunk) = run.get(k..k + 8) {
            let w = u64::from_le_bytes(chunk.try_into().expect("8 bytes"));
            let mapped = if swar::any(swar::zero_bytes(w & swar::splat(0x60)) | swar::eq(w, b'`')) {
                let mut m = [0u8; 8];
                for (d, &b) in m.iter_mut().zip(chunk) {
                    *d = ASCII[b as usize];
                }
                u64::from_le_bytes(m)
            } else {
                swar::lower(w)
            };
            let sp = swar::eq(mapped, b' ');
            if swar::any(sp & (sp << 8)) || (prev_space && mapped & 0xFF == 0x20) {
                break;
            }
            self.out.extend_from_slice(&mapped.to_le_bytes());
            prev_space = mapped >> 56 == 0x20;
            k += 8;
        }
        for (j, &b) in run[k..].iter().enumerate() {
            let t = ASCII[b as usize];
            if t == b' ' && self.out.last() == Some(&b' ') {
                self.synced = false;
                continue;
            }
            if !self.synced {
                self.new_seg(start + k + j, true);
            }
            self.out.push(t);
        }
    }

    /// Applies a precomputed folding of the char at `orig..orig + len`.
    #[inline]
    fn apply(&mut self, orig: usize, src: &[u8], t: &TableEntry) {
        match t.kind {
            Kind::Keep => {
                if !self.synced {
                    self.new_seg(orig, true);
                }
                self.out.extend_from_slice(src);
            }
            Kind::SameLen => {
                if !self.synced {
                    self.new_seg(orig, true);
                }
                self.out.extend_from_slice(&t.bytes[..t.len as usize]);
            }
            Kind::Map => {
                self.new_seg(orig, false);
                self.out.extend_from_slice(&t.bytes[..t.len as usize]);
                self.synced = false;
            }
            Kind::Drop => self.synced = false,
            Kind::Space => self.space(orig),
            Kind::Slow => unreachable!("slow entries are not applied"),
        }
    }

    fn space(&mut self, orig: usize) {
        if self.out.last() == Some(&b' ') {
            self.synced = false;
        } else {
            self.push_mapped(orig, " ");
        }
    }

    fn non_ascii(&mut self, orig: usize, c: char) {
        // Cheap, common cases first; they also cover what NFKD would get wrong.
        if let Some(m) = special(c) {
            match m {
                Special::Drop => self.push_mapped(orig, ""),
                Special::Space => self.space(orig),
                Special::To(s) => {
                    let mut chars = s.chars();
                    match (chars.next(), chars.next()) {
                        (Some(d), None) if d.len_utf8() == c.len_utf8() => self.push_ident(orig, d),
                        _ => self.push_mapped(orig, s),
                    }
                }
            }
            return;
        }
        if is_arabic_block(c) {
            // Remaining Arabic-block letters fold to themselves (no NFKD work).
            if is_combining_mark(c) {
                self.push_mapped(orig, "");
            } else {
                self.push_ident(orig, c);
            }
            return;
        }
        if c.is_whitespace() {
            self.space(orig);
            return;
        }
        let mut s = std::mem::take(&mut self.scratch);
        s.clear();
        decompose_compatible(c, |d| {
            if is_combining_mark(d) {
                return;
            }
            for l in d.to_lowercase() {
                if is_combining_mark(l) {
                    continue;
                }
                if l.is_ascii() {
                    // NFKD can produce ASCII that needs folding (＿, ｀).
                    s.push(ASCII[l as usize] as char);
                    continue;
                }
                match special(l) {
                    Some(Special::Drop) => {}
                    Some(Special::Space) => s.push(' '),
                    Some(Special::To(t)) => s.push_str(t),
                    None => s.push(l),
                }
            }
        });
        let mut chars = s.chars();
        match (chars.next(), chars.next()) {
            (Some(' '), None) => self.space(orig),
            (Some(d), None) if d.len_utf8() == c.len_utf8() => self.push_ident(orig, d),
            _ => self.push_mapped(orig, &s),
        }
        self.scratch = s;
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Folds to itself.
    Keep,
    /// Folds to one other char of the same UTF-8 length (أ → ا).
    SameLen,
    /// Folds to `bytes` (different length or several chars).
    Map,
    Drop,
    Space,
    /// Not tabulated (output too long): use the slow path.
    Slow,
}

#[derive(Debug, Clone, Copy)]
struct TableEntry {
    kind: Kind,
    len: u8,
    bytes: [u8; 6],
}

/// Precomputed foldings of every 2-byte char (U+0080..U+07FF: Latin
/// accents, Greek, Cyrillic, Hebrew, Arabic) and of General Punctuation
/// (U+2000..U+20FF: typographic quotes, dashes, invisible chars). Each entry
/// is produced by running the slow path on that char, so the fast path
/// cannot disagree with it.
struct Tables {
    two: Vec<TableEntry>,
    /// `two[cp].kind == Kind::Keep`, packed: the hot loop over Arabic text
    /// only needs this bit, and 256 bytes stay in L1 next to the text.
    keep2: [u64; 32],
    punct: Vec<TableEntry>,
}

const PUNCT_BASE: u32 = 0x2000;

fn tables() -> &'static Tables {
    static T: std::sync::OnceLock<Tables> = std::sync::OnceLock::new();
    T.get_or_init(|| {
        let two: Vec<TableEntry> = (0..0x800u32).map(tabulate).collect();
        let mut keep2 = [0u64; 32];
        for (cp, e) in two.iter().enumerate() {
            if e.kind == Kind::Keep {
                keep2[cp / 64] |= 1 << (cp % 64);
            }
        }
        Tables {
            two,
            keep2,
            punct: (PUNCT_BASE..PUNCT_BASE + 0x100).map(tabulate).collect(),
        }
    })
}

fn tabulate(cp: u32) -> TableEntry {
    let slow = TableEntry {
        kind: Kind::Slow,
        len: 0,
        bytes: [0; 6],
    };
    let Some(c) = char::from_u32(cp) else {
        return slow;
    };
    if c.is_ascii() {
        return slow;
    }
    let mut b = Builder::new(8);
    b.non_ascii(0, c);
    let mut buf = [0u8; 4];
    let src = c.encode_utf8(&mut buf).as_bytes();
    let ident = b.segs.len() == 1 && b.synced;
    let kind = if b.out.is_empty() {
        Kind::Drop
    } else if b.out == b" " {
        Kind::Space
    } else if b.out == src {
        Kind::Keep
    } else if ident {
        Kind::SameLen
    } else if b.out.len() <= 6 {
        Kind::Map
    } else {
        return slow;
    };
    let mut bytes = [0u8; 6];
    let len = b.out.len().min(6);
    bytes[..len].copy_from_slice(&b.out[..len]);
    TableEntry {
        kind,
        len: len as u8,
        bytes,
    }
}

enum Special {
    Drop,
    Space,
    To(&'static str),
}

fn is_arabic_block(c: char) -> bool {
    ('\u{0600}'..='\u{06FF}').contains(&c)
}

/// Explicit mappings (checked before NFKD and applied to NFKD output too).
fn special(c: char) -> Option<Special> {
    use Special::*;
    Some(match c {
        // Apostrophes and quotes that stand for an elision apostrophe.
        '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{00B4}' | '\u{2032}' | '\u{201B}'
        | '\u{FF07}' | '\u{02B9}' => To("'"),
        // Dashes.
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2212}' => To("-"),
        // Invisible format characters and tatweel.
        '\u{00AD}'
        | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'
        | '\u{2066}'..='\u{2069}'
        | '\u{FEFF}'
        | '\u{061C}'
        | '\u{0640}' => Drop,
        '\u{00A0}' | '\u{202F}' | '\u{2007}' => Space,
        // Arabic orthographic variants.
        'أ' | 'إ' | 'آ' | 'ٱ' | '\u{0672}' | '\u{0673}' => To("ا"),
        'ى' | 'ی' | 'ئ' => To("ي"),
        'ؤ' => To("و"),
        'ة' | 'ۀ' | 'ە' => To("ه"),
        'ک' => To("ك"),
        '٠'..='٩' => To(DIGITS[(c as u32 - 0x0660) as usize]),
        '۰'..='۹' => To(DIGITS[(c as u32 - 0x06F0) as usize]),
        // Letters NFKD leaves alone.
        'œ' | 'Œ' => To("oe"),
        'æ' | 'Æ' => To("ae"),
        'ß' | 'ẞ' => To("ss"),
        'ø' | 'Ø' => To("o"),
        'ł' | 'Ł' => To("l"),
        'đ' | 'Đ' => To("d"),
        'ı' => To("i"),
        'ς' => To("σ"),
        _ => return None,
    })
}

static DIGITS: [&str; 10] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

/// Folds `text` for case-, accent- and Arabic-variant-insensitive matching.
/// See the module documentation for the exact rules.
pub fn fold(text: &str) -> Folded {
    let bytes = text.as_bytes();
    let t = tables();
    let mut b = Builder::new(text.len());
    let mut i = 0;
    while i < bytes.len() {
        let b0 = bytes[i];
        if b0 < 0x80 {
            let start = i;
            // Find the end of the ASCII run 8 bytes at a time.
            while let Some(chunk) = bytes.get(i..i + 8) {
                if u64::from_le_bytes(chunk.try_into().expect("8 bytes")) & 0x8080_8080_8080_8080
                    != 0
                {
                    break;
                }
                i += 8;
            }
            while i < bytes.len() && bytes[i] < 0x80 {
                i += 1;
            }
            b.ascii_run(start, &bytes[start..i]);
        } else if b0 < 0xE0 {
            // A run of 2-byte chars (valid UTF-8: b0 is a lead byte in
            // C2..DF and bytes[i + 1] a continuation byte). Chars that fold
            // to themselves are copied as one slice.
            // The run also swallows ASCII bytes that fold to themselves
            // (lowercase, digits, punctuation, single spaces), so Arabic
            // prose is copied a whole sentence at a time.
            let start = i;
            while i < bytes.len() {
                let c0 = bytes[i];
                if c0 < 0x80 {
                    let prev = if i > start {
                        Some(bytes[i - 1])
                    } else {
                        b.out.last().copied()
                    };
                    if ASCII[c0 as usize] != c0 || (c0 == b' ' && prev == Some(b' ')) {
                        break;
                    }
                    i += 1;
                } else if (0xC2..0xE0).contains(&c0) && i + 1 < bytes.len() {
                    let cp = ((c0 as usize & 0x1F) << 6) | (bytes[i + 1] as usize & 0x3F);
                    if t.keep2[cp / 64] & (1 << (cp % 64)) == 0 {
                        break;
                    }
                    i += 2;
                } else {
                    break;
                }
            }
            if i > start {
                if !b.synced {
                    b.new_seg(start, true);
                }
                b.out.extend_from_slice(&bytes[start..i]);
            }
            if i + 1 < bytes.len() && (0xC2..0xE0).contains(&bytes[i]) {
                let cp = ((bytes[i] as usize & 0x1F) << 6) | (bytes[i + 1] as usize & 0x3F);
                let e = t.two[cp];
                if e.kind == Kind::Slow {
                    let c = text[i..].chars().next().expect("char boundary");
                    b.non_ascii(i, c);
                } else {
                    b.apply(i, &bytes[i..i + 2], &e);
                }
                i += 2;
            }
        } else {
            // `i` is a char boundary: we only ever step over whole chars.
            let c = text[i..].chars().next().expect("non-empty tail");
            let n = c.len_utf8();
            let cp = c as u32;
            match t.punct.get(cp.wrapping_sub(PUNCT_BASE) as usize) {
                Some(e) if e.kind != Kind::Slow => b.apply(i, &bytes[i..i + n], e),
                _ => b.non_ascii(i, c),
            }
            i += n;
        }
    }
    debug_assert!(std::str::from_utf8(&b.out).is_ok());
    // SAFETY: `out` only ever receives whole chars: slices of `text` cut at
    // char boundaries (ASCII runs, runs of 2-byte chars, single chars whose
    // length comes from their lead byte), bytes of `&str`/`char` values
    // (table entries are built from `Builder` output, itself made of those),
    // and ASCII bytes from the `ASCII` table or the SWAR mapping, which only
    // maps ASCII to ASCII. Re-validating would cost ~10% of folding Arabic
    // text; the debug assertion above checks it in every test run, and the
    // fast path is differentially tested against `fold_reference`.
    let text = unsafe { String::from_utf8_unchecked(b.out) };
    Folded {
        text,
        segs: b.segs,
        orig_len: bytes.len(),
    }
}

/// Reference implementation: the slow path for every char, no tables.
#[cfg(test)]
fn fold_reference(text: &str) -> Folded {
    let mut b = Builder::new(text.len());
    for (i, c) in text.char_indices() {
        if c.is_ascii() {
            let t = ASCII[c as usize];
            if t == b' ' && b.out.last() == Some(&b' ') {
                b.synced = false;
                continue;
            }
            if !b.synced {
                b.new_seg(i, true);
            }
            b.out.push(t);
        } else {
            b.non_ascii(i, c);
        }
    }
    Folded {
        text: String::from_utf8(b.out).expect("utf-8"),
        segs: b.segs,
        orig_len: text.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// The table-driven fast paths agree with the slow path on the text
        /// and on every offset mapping.
        #[test]
        fn fast_path_matches_reference(text in prop_oneof![
            any::<String>(),
            "[a-zA-Z '`\t\n  éèçàœﬁ’‘“”–—…\u{200B}\u{200D}\u{A0}\u{301}ءاأإآىيةـًٌّونب٣]{0,60}",
        ]) {
            let fast = fold(&text);
            let slow = fold_reference(&text);
            prop_assert_eq!(&fast.text, &slow.text);
            for p in 0..=fast.text.len() {
                prop_assert_eq!(fast.to_original(p), slow.to_original(p), "at {}", p);
            }
        }
    }

    fn f(s: &str) -> String {
        fold(s).text
    }

    #[test]
    fn swar_agrees_with_table_on_every_ascii_byte() {
        for b in 0u8..128 {
            let w = swar::splat(b);
            let want = b.to_ascii_lowercase();
            assert_eq!(swar::lower(w), swar::splat(want), "{b}");
            assert_eq!(swar::any(swar::eq(w, b' ')), b == b' ');
            assert_eq!(swar::any(swar::zero_bytes(w & swar::splat(0x60))), b < 0x20);
        }
        // Mixed bytes: no cross-byte interference.
        let w = u64::from_le_bytes(*b"A Z@[az`");
        assert_eq!(swar::lower(w).to_le_bytes(), *b"a z@[az`");
    }

    #[test]
    fn basics() {
        assert_eq!(f("Hello WORLD"), "hello world");
        assert_eq!(f("Éléphant Ça"), "elephant ca");
        assert_eq!(f("e\u{301}te\u{301}"), "ete");
        assert_eq!(f("l’Oréal d`Inwi"), "l'oreal d'inwi");
        assert_eq!(f("cœur ﬁn"), "coeur fin");
        assert_eq!(f("a  \t b\nc"), "a b\nc");
        assert_eq!(f("a\u{00A0}\u{00A0}b"), "a b");
        assert_eq!(f("ＡＢＣ"), "abc");
    }

    #[test]
    fn arabic() {
        assert_eq!(f("إنوي"), "انوي");
        assert_eq!(f("أَنْوِيّ"), "انوي");
        assert_eq!(f("مـــدرسة"), "مدرسه");
        assert_eq!(f("مستشفى"), "مستشفي");
        assert_eq!(f("ٱلله"), "الله");
        assert_eq!(f("٢٠٢٤"), "2024");
        // Presentation forms go through NFKD and then the Arabic rules.
        assert_eq!(f("\u{FE93}"), "ه");
    }

    #[test]
    fn offsets() {
        let s = "Éa œb";
        let x = fold(s);
        assert_eq!(x.text, "ea oeb");
        assert_eq!(x.to_original(0), 0); // é
        assert_eq!(x.to_original(1), 2); // a
        assert_eq!(x.to_original(3), 4); // o of œ
        assert_eq!(x.to_original(4), 4); // e of œ
        assert_eq!(x.to_original(5), 6); // b
        assert_eq!(x.to_original(6), 7);
    }

    #[test]
    fn removed_chars_attach_to_previous() {
        let s = "ab\u{0651} c"; // shadda after b
        let x = fold(s);
        assert_eq!(x.text, "ab c");
        assert_eq!(x.to_original(2), 4); // end of "ab" includes the mark
        let s = "\u{0640}ab";
        let x = fold(s);
        assert_eq!(x.to_original(0), 2); // start skips the leading tatweel
    }

    /// Found by proptest: NFKD of full-width ｀ and ＿ yields ASCII that
    /// skipped the ASCII table, so folding was not idempotent.
    #[test]
    fn regression_nfkd_ascii_output_is_folded() {
        assert_eq!(f("\u{FF40}"), "'");
        assert_eq!(f("ＡＢ\u{3000}\u{3000}x"), "ab x");
        assert_eq!(f(&f("\u{FF40}")), f("\u{FF40}"));
    }

    #[test]
    fn mid_char_rounds_down() {
        let x = fold("نا");
        assert_eq!(x.to_original(1), 0);
        assert_eq!(x.to_original(3), 2);
    }
}

#[cfg(test)]
mod idempotence_regression {
    use super::fold;

    /// Regression (found by tests/fuzz_text.rs): U+1FEF GREEK VARIA decomposes to a
    /// backtick, which must fold to the apostrophe like a typed backtick does; folding
    /// folded text must change nothing.
    #[test]
    fn greek_varia_folds_like_a_backtick_and_fold_is_idempotent() {
        for s in [
            "\u{1FEF}",
            "`",
            "l\u{1FEF}Oréal",
            "ﾟ\u{FF40}x",
            "Ａ\u{2019}Ｂ",
        ] {
            let once = fold(s).text;
            assert_eq!(fold(&once).text, once, "{s:?}");
        }
        assert_eq!(fold("\u{1FEF}").text, fold("`").text);
    }
}
