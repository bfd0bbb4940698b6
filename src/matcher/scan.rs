//! Candidate-start prefilter: owns the decision of WHERE in the folded text
//! the automaton is run.
//!
//! Every accepted match starts at a position that `accept` (mod.rs) allows:
//! a word start (script change, separator before), a position just after an
//! Arabic proclitic (≤ 4 letters from و ف ب ل ك ا), or any position inside a
//! hashtag/handle (camel case). This module enumerates a SUPERSET of those
//! positions with a cheap byte-level state machine, filters them with
//! bitsets over the first bytes of every pattern, and only then runs an
//! anchored Aho-Corasick search there.
//!
//! Why: a full DFA pass costs one dependent table lookup per byte (about
//! 500 MB/s with 1,000 brands on the 2-core dev machine) and gets slower as
//! the automaton outgrows the cache. Here ASCII text is classified 8 bytes
//! at a time, Arabic letters inside a word are skipped in a tight loop, and a
//! candidate costs one or two bitset probes, so the cost barely depends on
//! the number of brands. Exactness rests on "superset of accepted starts";
//! a differential proptest (mod.rs) checks it against the plain overlapping
//! scan.

use super::boundary::{Class, PROCLITICS, class};

/// log2 of the number of bits in each prefix bitset (32 KiB each).
const BITS: u32 = 17;

pub(crate) struct StartIndex {
    /// Bytes that begin at least one pattern.
    first: [bool; 256],
    /// Hashes of the first 8 bytes of patterns at least 8 bytes long (an
    /// Arabic letter takes 2 bytes: 4 bytes would be only 2 letters, which
    /// half of all Arabic words share with some brand).
    long8: Vec<u64>,
    /// Hashes of the first 4 bytes of patterns of 4 to 7 bytes.
    long: Vec<u64>,
    /// Hashes of whole patterns shorter than 4 bytes (length-tagged).
    short: Vec<u64>,
    /// Which short lengths (1..=3) occur at all.
    short_lens: [bool; 4],
    /// Arabic-block chars (U+0600..U+06FF) that are letters for `class`.
    arabic_letter: [bool; 256],
    /// Codes (`proclitic_code`) of the proclitic sequences of boundary.rs.
    proclitic: Vec<bool>,
    /// ASCII non-alphanumeric bytes that begin a pattern (other than the
    /// tag signs, which take the slow path).
    sep_first: Vec<u8>,
}

fn hash(x: u32) -> usize {
    (x.wrapping_mul(0x9E37_79B1) >> (32 - BITS)) as usize
}

fn hash8(x: u64) -> usize {
    (x.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - BITS)) as usize
}

fn key_long8(b: &[u8]) -> u64 {
    u64::from_le_bytes(b[..8].try_into().expect("8 bytes"))
}

fn key_long(b: &[u8]) -> u32 {
    u32::from_le_bytes([b[0], b[1], b[2], b[3]])
}

fn key_short(b: &[u8]) -> u32 {
    let mut k = (b.len() as u32) << 24;
    for (i, &x) in b.iter().enumerate() {
        k |= (x as u32) << (8 * i);
    }
    k
}

fn set(bits: &mut [u64], h: usize) {
    bits[h / 64] |= 1 << (h % 64);
}

fn get(bits: &[u64], h: usize) -> bool {
    bits[h / 64] & (1 << (h % 64)) != 0
}

/// Folded letters that proclitics are made of, numbered 1..=6 (0: other).
fn proclitic_letter(cp: u32) -> u32 {
    match cp {
        0x0648 => 1, // و
        0x0641 => 2, // ف
        0x0628 => 3, // ب
        0x0644 => 4, // ل
        0x0643 => 5, // ك
        0x0627 => 6, // ا
        _ => 0,
    }
}

/// Base-8 code of a letter sequence (see `proclitic_letter`); 0 if some
/// letter is not a proclitic letter or the sequence is too long.
fn proclitic_code(prefix: &str) -> u32 {
    let mut code = 0;
    for (i, c) in prefix.chars().enumerate() {
        let x = proclitic_letter(c as u32);
        if x == 0 || i >= 4 {
            return 0;
        }
        code = code * 8 + x;
    }
    code
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Coarse {
    /// Start of text, or a char this scanner does not classify precisely:
    /// whatever follows is a candidate.
    Unknown,
    Sep,
    /// ASCII letter or digit (they join: Arabizi).
    Latin,
    Arabic,
}

impl StartIndex {
    pub(crate) fn new<S: AsRef<[u8]>>(patterns: &[S]) -> StartIndex {
        let mut ix = StartIndex {
            first: [false; 256],
            long8: vec![0; (1 << BITS) / 64],
            long: vec![0; (1 << BITS) / 64],
            short: vec![0; (1 << BITS) / 64],
            short_lens: [false; 4],
            arabic_letter: [false; 256],
            sep_first: Vec::new(),
            proclitic: vec![false; 8 * 8 * 8 * 8],
        };
        for p in PROCLITICS {
            ix.proclitic[proclitic_code(p) as usize] = true;
        }
        for p in patterns {
            let p = p.as_ref();
            let Some(&b0) = p.first() else { continue };
            ix.first[b0 as usize] = true;
            if p.len() >= 8 {
                set(&mut ix.long8, hash8(key_long8(p)));
            } else if p.len() >= 4 {
                set(&mut ix.long, hash(key_long(p)));
            } else {
                ix.short_lens[p.len()] = true;
                set(&mut ix.short, hash(key_short(p)));
            }
        }
        ix.sep_first = (0u8..0x80)
            .filter(|&b| ix.first[b as usize] && !b.is_ascii_alphanumeric())
            .collect();
        for (i, slot) in ix.arabic_letter.iter_mut().enumerate() {
            let c = char::from_u32(0x0600 + i as u32).expect("valid BMP char");
            *slot = class(c) == Class::Arabic;
        }
        ix
    }

    /// Whether some pattern may start at `p` (no false negatives).
    #[inline(always)]
    fn may_start(&self, hay: &[u8], p: usize) -> bool {
        let rest = &hay[p..];
        if rest.len() >= 8 && get(&self.long8, hash8(key_long8(rest))) {
            return true;
        }
        if rest.len() >= 4 && get(&self.long, hash(key_long(rest))) {
            return true;
        }
        (1..=3).any(|l| {
            self.short_lens[l] && rest.len() >= l && get(&self.short, hash(key_short(&rest[..l])))
        })
    }

    /// Calls `f(p)` for every position `p` (a char boundary of `hay`, which
    /// must be folded text) where a match could be accepted and some pattern
    /// may start, in increasing order.
    pub(crate) fn for_each_candidate(&self, hay: &str, mut f: impl FnMut(usize)) {
        let hay = hay.as_bytes();
        let n = hay.len();
        let mut st = State {
            prev: Coarse::Unknown,
            in_tag: false,
            ar_code: 0,
        };
        let mut i = 0;
        while i < n {
            // Fast path: 8 ASCII bytes outside hashtags, word starts found
            // with bit tricks instead of a branch per byte.
            if !st.in_tag
                && let Some(chunk) = hay.get(i..i + 8)
            {
                let w = u64::from_le_bytes(chunk.try_into().expect("8 bytes"));
                if w & HI == 0 && self.chunk_is_plain(w) {
                    let alnum = alnum_mask(w);
                    let carry = u64::from(st.prev == Coarse::Latin) << 7;
                    let mut starts = alnum & !((alnum << 8) | carry);
                    // Separators that begin a pattern ("#inwi" is handled by
                    // the slow path, but e.g. "'" or "(" may start one).
                    starts |= self.sep_first_mask(w) & !alnum;
                    while starts != 0 {
                        let p = i + (starts.trailing_zeros() / 8) as usize;
                        if self.first[hay[p] as usize] && self.may_start(hay, p) {
                            f(p);
                        }
                        starts &= starts - 1;
                    }
                    st.prev = if alnum >> 63 != 0 {
                        Coarse::Latin
                    } else {
                        Coarse::Sep
                    };
                    i += 8;
                    continue;
                }
            }
            // Slow path for (at least) the next 8 bytes, so that non-ASCII
            // text does not retry the fast path at every char.
            let stop = (i + 8).min(n);
            while i < stop {
                i = self.step(hay, i, &mut st, &mut f);
            }
        }
    }

    /// No '#' or '@' (tags need every position): the SWAR path applies.
    fn chunk_is_plain(&self, w: u64) -> bool {
        eq(w, b'#') | eq(w, b'@') == 0
    }

    /// 0x80 in each byte of `w` that is a non-alphanumeric pattern start.
    fn sep_first_mask(&self, w: u64) -> u64 {
        self.sep_first.iter().fold(0, |m, &b| m | eq(w, b))
    }

    /// Slow path: one char, any script. Returns the next position.
    #[inline(always)]
    fn step(&self, hay: &[u8], p: usize, st: &mut State, f: &mut impl FnMut(usize)) -> usize {
        let n = hay.len();
        let b = hay[p];
        let mut next;
        let (cur, cand) = if b < 0x80 {
            next = p + 1;
            if b.is_ascii_alphanumeric() {
                (Coarse::Latin, st.prev != Coarse::Latin || st.in_tag)
            } else {
                (Coarse::Sep, true)
            }
        } else if (0xD8..=0xDB).contains(&b) && p + 1 < n {
            next = p + 2;
            let cp = ((b as u32 & 0x1F) << 6) | (hay[p + 1] as u32 & 0x3F);
            if self.arabic_letter[(cp - 0x0600) as usize] {
                if st.prev != Coarse::Arabic {
                    st.ar_code = 0;
                }
                // Inside a run, only right after an exact proclitic.
                let cand = st.prev != Coarse::Arabic
                    || (st.ar_code != DEAD && self.proclitic[st.ar_code as usize])
                    || st.in_tag;
                let x = proclitic_letter(cp);
                st.ar_code = if x == 0 || st.ar_code == DEAD || st.ar_code >= 8 * 8 * 8 {
                    DEAD
                } else {
                    st.ar_code * 8 + x
                };
                if cand && self.first[b as usize] && self.may_start(hay, p) {
                    f(p);
                }
                st.prev = Coarse::Arabic;
                if st.ar_code == DEAD && !st.in_tag {
                    // No later letter of this word can start a match: skip
                    // them in a tight loop.
                    while let [l @ 0xD8..=0xDB, c, ..] = hay[next..] {
                        let cp = ((l as u32 & 0x1F) << 6) | (c as u32 & 0x3F);
                        if !self.arabic_letter[(cp - 0x0600) as usize] {
                            break;
                        }
                        next += 2;
                    }
                }
                return next;
            } else {
                (Coarse::Sep, true)
            }
        } else {
            // Other scripts, symbols, emoji: classify conservatively.
            next = p + match b {
                0xC0..=0xDF => 2,
                0xE0..=0xEF => 3,
                _ => 4,
            }
            .min(n - p);
            (Coarse::Unknown, true)
        };
        if cand && self.first[b as usize] && self.may_start(hay, p) {
            f(p);
        }
        if b == b'#' || b == b'@' {
            st.in_tag = true;
        } else if cur == Coarse::Sep {
            st.in_tag = false;
        }
        st.prev = cur;
        next
    }
}

struct State {
    prev: Coarse,
    in_tag: bool,
    /// `proclitic_code` of the Arabic letters seen so far in the current
    /// run (`DEAD` once they cannot be a proclitic).
    ar_code: u32,
}

/// `State::ar_code` once the letters seen cannot be a proclitic.
const DEAD: u32 = u32::MAX;

const HI: u64 = 0x8080_8080_8080_8080;
const LO7: u64 = 0x7F7F_7F7F_7F7F_7F7F;

const fn splat(b: u8) -> u64 {
    0x0101_0101_0101_0101 * b as u64
}

/// 0x80 in each byte equal to `b` (exact, for any bytes).
fn eq(w: u64, b: u8) -> u64 {
    let x = w ^ splat(b);
    !(((x & LO7) + LO7) | x) & HI
}

/// 0x80 in each byte >= `c` (all bytes of `w` < 0x80, so no carries).
fn ge(w: u64, c: u8) -> u64 {
    (w + splat(0x80 - c)) & HI
}

/// 0x80 in each ASCII letter or digit.
fn alnum_mask(w: u64) -> u64 {
    let digit = ge(w, b'0') & !ge(w, b'9' + 1);
    let l = w | splat(0x20);
    let letter = ge(l, b'a') & !ge(l, b'z' + 1);
    digit | letter
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cands(pats: &[&str], hay: &str) -> Vec<usize> {
        let ix = StartIndex::new(pats);
        let mut v = Vec::new();
        ix.for_each_candidate(hay, |p| v.push(p));
        v
    }

    #[test]
    fn alnum_mask_is_exact() {
        for b in 0u8..0x80 {
            let want = if b.is_ascii_alphanumeric() { HI } else { 0 };
            assert_eq!(alnum_mask(splat(b)), want, "{b}");
        }
    }

    #[test]
    fn swar_and_slow_paths_agree() {
        // Long ASCII stretches take the SWAR path; the same text split by
        // non-ASCII chars takes the slow one.
        let pats = ["inwi", "(x", "ab", "#tag"];
        let hay = "xx inwi, (x abab ab #tag inwinwi 12ab ab12 inwi";
        let fast = cands(&pats, hay);
        let mut slow = Vec::new();
        let ix = StartIndex::new(&pats);
        let mut st = State {
            prev: Coarse::Unknown,
            in_tag: false,
            ar_code: 0,
        };
        let mut i = 0;
        while i < hay.len() {
            i = ix.step(hay.as_bytes(), i, &mut st, &mut |p| slow.push(p));
        }
        assert_eq!(fast, slow);
        assert!(!fast.is_empty());
    }

    #[test]
    fn word_starts_only() {
        assert_eq!(cands(&["inwi"], "inwi xinwi inwi"), vec![0, 11]);
        assert_eq!(cands(&["ab", "a"], "a ab ba"), vec![0, 2]);
        assert_eq!(cands(&["#inwi"], "x #inwi"), vec![2]);
    }

    #[test]
    fn proclitic_and_tag_positions() {
        let hay = "والانوي";
        let want = hay.find("انوي").unwrap();
        assert!(cands(&["انوي"], hay).contains(&want));
        assert_eq!(cands(&["maroc"], "#inwimaroc"), vec![5]);
        assert_eq!(cands(&["maroc"], "inwimaroc"), Vec::<usize>::new());
    }
}
