//! Lexicons. Owns: parsing the embedded TSV lists, merging them with user
//! entries (user wins), and the lookup strategy per script: Latin words by
//! folded key with light French/English inflection fallbacks, Arabizi by
//! spelling skeleton, Arabic by normalised key with proclitic / enclitic
//! stripping, Darija negation circumfix (ma-…-ch) detection, emoji, emoticons
//! and multi-word phrases. Every entry remembers its source for explanations.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::normalize::{arabizi_skeleton, collapse_runs, fold, is_arabic_letter};
use super::tokenize::{ELISIONS, EmoticonSet, collapse_elongation};
use super::{LexiconEntry, ScoreError};

/// Small, fast, non-cryptographic hasher (FxHash-style multiply-rotate). Keys
/// are our own lexicon words, so HashDoS resistance is not needed, and lookup
/// speed dominates scoring time.
#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);
impl Hasher for FxHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = self.0;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let v = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
            h = (h.rotate_left(5) ^ v).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
        for &b in chunks.remainder() {
            h = (h.rotate_left(5) ^ b as u64).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
        self.0 = h;
    }
}
pub type Map<V> = HashMap<String, V, BuildHasherDefault<FxHasher>>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Src {
    Fr,
    En,
    Ar,
    Ary,
    Latn,
    Emoji,
    Emoticon,
    User,
}

impl Src {
    pub fn why(self) -> &'static str {
        match self {
            Src::Fr => "lexicon fr",
            Src::En => "lexicon en",
            Src::Ar => "lexicon ar",
            Src::Ary => "lexicon ary",
            Src::Latn => "lexicon ary-latn",
            Src::Emoji => "emoji",
            Src::Emoticon => "emoticon",
            Src::User => "user lexicon",
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Val {
    pub w: f64,
    pub src: Src,
}

#[derive(Debug, Clone)]
pub struct Phrase {
    pub rest: Vec<String>,
    pub val: Val,
}

#[derive(Clone, Default)]
pub struct Lexicon {
    /// French: our own list and user entries (trusted even on capitalised words).
    pub fr_core: Map<Val>,
    /// French: imported lists (vaderSentiment-fr, Pattern).
    pub fr: Map<Val>,
    pub en: Map<Val>,
    /// Arabic script, one table for MSA and Darija (one hash per candidate
    /// instead of two): .0 = MSA entry, .1 = Darija entry.
    pub arabic: Map<(Option<Val>, Option<Val>)>,
    /// Arabizi, keyed by skeleton.
    pub latn: Map<Val>,
    pub emoji: Map<Val>,
    pub emoticon: Map<Val>,
    /// First word key -> phrases starting with it (longest first).
    pub phrases: Map<Vec<Phrase>>,
    pub emoticon_max: usize,
    /// First chars of emoticons: ASCII bitmap + the rare non-ASCII ones.
    pub emoticon_first: u128,
    pub emoticon_first_other: Vec<char>,
}

impl EmoticonSet for Lexicon {
    fn contains(&self, s: &str) -> bool {
        self.emoticon.contains_key(s)
    }
    fn max_chars(&self) -> usize {
        self.emoticon_max
    }
    fn may_start(&self, c: char) -> bool {
        let u = c as u32;
        if u < 128 {
            self.emoticon_first & (1u128 << u) != 0
        } else {
            self.emoticon_first_other.contains(&c)
        }
    }
}

const EN_VADER: &str = include_str!("lexicons/en_vader.tsv");
const EN_OWN: &str = include_str!("lexicons/en_own.tsv");
const EMOTICONS: &str = include_str!("lexicons/emoticons_vader.tsv");
const FR_VADER: &str = include_str!("lexicons/fr_vader.tsv");
const FR_PATTERN: &str = include_str!("lexicons/fr_pattern.tsv");
const FR_OWN: &str = include_str!("lexicons/fr_own.tsv");
const AR: &str = include_str!("lexicons/ar.tsv");
const ARY: &str = include_str!("lexicons/ary.tsv");
const ARY_LATN: &str = include_str!("lexicons/ary_latn.tsv");
const EMOJI: &str = include_str!("lexicons/emoji.tsv");

fn parse(data: &str) -> impl Iterator<Item = (&str, f64)> {
    data.lines().filter_map(|l| {
        let l = l.trim_end();
        if l.is_empty() || l.starts_with('#') {
            return None;
        }
        let (t, w) = l.rsplit_once('\t')?;
        let w: f64 = w.trim().parse().ok()?;
        let t = t.trim();
        if t.is_empty() { None } else { Some((t, w)) }
    })
}

fn has_double(s: &str) -> bool {
    let mut prev = '\0';
    for c in s.chars() {
        if c == prev {
            return true;
        }
        prev = c;
    }
    false
}

/// Lookup key of a single word, same pipeline as the tokeniser's key.
pub fn word_key(term: &str) -> String {
    collapse_elongation(fold(term)).0
}

/// English-list words never taken from the English list inside French text:
/// French words with another meaning ("pain" = bread, "dire", "fin", "lit"),
/// French function words, and words the French lists already rate on their
/// own terms ("mal", "nul", "super").
const FR_FALSE_FRIENDS: &[&str] = &[
    "pain", "dire", "fin", "chat", "pour", "lit", "rage", "sale", "mine", "cher", "grave", "bug",
    "fun", "bat", "hate", "pue", "mal", "rate", "ride", "molest", "pet", "bite", "tort", "vie",
    "cool", "main", "mort", "crash", "pire", "nul", "joli", "super", "top", "bravo", "fort",
    "content", "sort", "vile", "damn", "hard", "lame", "sur", "respect", "hope", "lol", "ou", "la",
    "les", "des", "une", "son", "dans", "comme", "vu", "net", "bien", "no", "ne", "yes", "ok",
    "okay", "like", "passion", "luck", "gratuit",
];

impl Lexicon {
    pub fn embedded() -> Lexicon {
        let mut lx = Lexicon::default();
        // Pre-size the big tables: rehashing while growing was a visible part
        // of start-up time.
        lx.en.reserve(7_600);
        lx.fr.reserve(11_000);
        lx.latn.reserve(400);
        lx.arabic.reserve(1_400);
        for (t, w) in parse(EN_VADER) {
            lx.en.insert(word_key(t), Val { w, src: Src::En });
        }
        for (t, w) in parse(EN_OWN) {
            lx.insert_en(t, w, Src::En);
        }
        // French: Pattern fills gaps, vaderSentiment-fr overrides it, our own list wins.
        for (t, w) in parse(FR_PATTERN) {
            // Pattern's weakest polarities (|p| < 0.2) are mostly inferred, not rated.
            if t.chars().count() >= 2 && w.abs() >= 0.8 {
                lx.insert_fr(t, w, Src::Fr);
            }
        }
        for (t, w) in parse(FR_VADER) {
            // vaderSentiment-fr was machine-translated; multi-word and very weak
            // entries add noise more than signal.
            if t.chars().count() >= 2 && w.abs() >= 0.3 && !t.contains(' ') {
                lx.insert_fr(t, w, Src::Fr);
            }
        }
        for (t, w) in parse(FR_OWN) {
            if t.contains(' ') || t.contains('\'') {
                lx.insert_phrase(t, w, Src::Fr);
            } else {
                lx.fr_core.insert(word_key(t), Val { w, src: Src::Fr });
            }
        }
        for (t, w) in parse(AR) {
            lx.insert_arabic(t, w, Src::Ar);
        }
        for (t, w) in parse(ARY) {
            lx.insert_arabic(t, w, Src::Ary);
        }
        for (t, w) in parse(ARY_LATN) {
            lx.insert_latn(t, w, Src::Latn);
        }
        for (t, w) in parse(EMOTICONS) {
            lx.emoticon.insert(
                t.to_string(),
                Val {
                    w,
                    src: Src::Emoticon,
                },
            );
        }
        for (t, w) in parse(EMOJI) {
            if let Some(c) = t.chars().next() {
                if t.chars().count() == 1 || !t.chars().next().is_some_and(|c| c.is_ascii()) {
                    lx.emoji.insert(c.to_string(), Val { w, src: Src::Emoji });
                } else {
                    lx.emoticon.insert(
                        t.to_string(),
                        Val {
                            w,
                            src: Src::Emoticon,
                        },
                    );
                }
            }
        }
        lx.index_emoticons();
        lx
    }

    fn index_emoticons(&mut self) {
        self.emoticon_max = self
            .emoticon
            .keys()
            .map(|k| k.chars().count())
            .max()
            .unwrap_or(0);
        self.emoticon_first = 0;
        self.emoticon_first_other.clear();
        for k in self.emoticon.keys() {
            if let Some(c) = k.chars().next() {
                if (c as u32) < 128 {
                    self.emoticon_first |= 1u128 << (c as u32);
                } else if !self.emoticon_first_other.contains(&c) {
                    self.emoticon_first_other.push(c);
                }
            }
        }
    }

    fn insert_phrase(&mut self, term: &str, w: f64, src: Src) {
        // Split French elisions exactly as the tokeniser does ("n'importe
        // quoi" -> n, importe, quoi) so phrase words line up with tokens.
        let mut words: Vec<String> = Vec::new();
        for raw in term.split_whitespace() {
            let k = word_key(raw);
            match k.split_once('\'') {
                Some((pre, rest)) if ELISIONS.contains(&pre) && !rest.is_empty() => {
                    words.push(pre.to_string());
                    words.push(rest.to_string());
                }
                _ => words.push(k),
            }
        }
        let mut keys = words.into_iter();
        let Some(first) = keys.next() else { return };
        let rest: Vec<String> = keys.collect();
        let v = self.phrases.entry(first).or_default();
        v.retain(|p| p.rest != rest);
        v.push(Phrase {
            rest,
            val: Val { w, src },
        });
        v.sort_by_key(|p| std::cmp::Reverse(p.rest.len()));
    }

    fn insert_fr(&mut self, t: &str, w: f64, src: Src) {
        if t.contains(' ') || t.contains('\'') {
            self.insert_phrase(t, w, src);
        } else {
            self.fr.insert(word_key(t), Val { w, src });
        }
    }
    fn insert_en(&mut self, t: &str, w: f64, src: Src) {
        if t.contains(' ') {
            self.insert_phrase(t, w, src);
        } else {
            self.en.insert(word_key(t), Val { w, src });
        }
    }
    fn insert_arabic(&mut self, t: &str, w: f64, src: Src) {
        if t.contains(' ') {
            self.insert_phrase(t, w, src);
        } else {
            let e = self.arabic.entry(word_key(t)).or_default();
            if src == Src::Ary {
                e.1 = Some(Val { w, src });
            } else {
                e.0 = Some(Val { w, src });
            }
        }
    }
    fn insert_latn(&mut self, t: &str, w: f64, src: Src) {
        if t.contains(' ') {
            self.insert_phrase(t, w, src);
        } else {
            self.latn
                .insert(arabizi_skeleton(&word_key(t)), Val { w, src });
        }
    }

    /// Add user entries on top (they override embedded ones).
    pub fn add_user(&mut self, extra: &[LexiconEntry]) -> Result<(), ScoreError> {
        for e in extra {
            let term = e.term.trim();
            if term.is_empty() {
                return Err(ScoreError::EmptyTerm);
            }
            if !e.weight.is_finite() {
                return Err(ScoreError::NonFiniteWeight(e.term.clone()));
            }
            if e.weight.abs() > 10.0 {
                return Err(ScoreError::WeightOutOfRange(e.term.clone(), e.weight));
            }
            let w = e.weight;
            let v = Val { w, src: Src::User };
            let lang = e.lang.as_deref();
            if !matches!(lang, None | Some("fr" | "en" | "ar" | "ary" | "ary-latn")) {
                return Err(ScoreError::UnknownLang(
                    lang.unwrap_or_default().to_string(),
                ));
            }
            let mut chars = term.chars();
            let first = chars.next().unwrap_or(' ');
            if chars.next().is_none() && super::tokenize::is_emoji(first) {
                self.emoji.insert(first.to_string(), v);
                continue;
            }
            if !term.chars().any(|c| c.is_alphanumeric()) {
                self.emoticon.insert(term.to_string(), v);
                self.index_emoticons();
                continue;
            }
            // Several words, or an elided one ("l'Oréal" is tokenised l' + oréal).
            if term.split_whitespace().nth(1).is_some() || term.contains(['\'', '’']) {
                self.insert_phrase(term, w, Src::User);
                continue;
            }
            let key = word_key(term);
            let arabic = term.chars().any(is_arabic_letter);
            match (arabic, lang) {
                (true, Some("ar")) => {
                    self.arabic.entry(key).or_default().0 = Some(v);
                }
                (true, Some("ary")) => {
                    self.arabic.entry(key).or_default().1 = Some(v);
                }
                (true, _) => {
                    *self.arabic.entry(key).or_default() = (Some(v), Some(v));
                }
                (false, Some("fr")) => {
                    self.fr_core.insert(key, v);
                }
                (false, Some("en")) => {
                    self.en.insert(key, v);
                }
                (false, Some("ary-latn")) => {
                    self.latn.insert(arabizi_skeleton(&key), v);
                }
                (false, _) => {
                    // No language given: the brand manager means this word anywhere.
                    self.fr_core.insert(key.clone(), v);
                    self.en.insert(key.clone(), v);
                    self.latn.insert(arabizi_skeleton(&key), v);
                }
            }
        }
        Ok(())
    }

    fn fr_get(&self, k: &str, core_only: bool) -> Option<Val> {
        let maps: &[&Map<Val>] = if core_only {
            &[&self.fr_core]
        } else {
            &[&self.fr_core, &self.fr]
        };
        for m in maps {
            if let Some(v) = m.get(k) {
                return Some(*v);
            }
        }
        // Plural fallback: lexicons list many but not all forms.
        for suf in ["s", "x"] {
            if let Some(st) = k.strip_suffix(suf)
                && st.len() >= 3
            {
                for m in maps {
                    if let Some(v) = m.get(st) {
                        return Some(*v);
                    }
                }
            }
        }
        None
    }

    fn en_get(&self, k: &str, in_french: bool) -> Option<Val> {
        // In French text, English words shorter than 3 letters are French
        // clitics or typos ("l action"), never English.
        if in_french && k.len() < 3 {
            return None;
        }
        let v = self.en.get(k).or_else(|| {
            k.strip_suffix('s')
                .filter(|st| st.len() >= 3)
                .and_then(|st| self.en.get(st))
        })?;
        // The false-friend list is only scanned for the rare words that hit.
        if in_french && FR_FALSE_FRIENDS.contains(&k) {
            return None;
        }
        Some(*v)
    }

    fn latn_get(&self, k: &str, min_len: usize) -> Option<Val> {
        let sk = arabizi_skeleton(k);
        if sk.len() < min_len {
            return None;
        }
        if let Some(v) = self.latn.get(&sk) {
            return Some(*v);
        }
        // Darija article l-/el- and conjunction w- glued to the word (lkhir, wzwin).
        for p in ["l", "al", "w"] {
            if let Some(r) = sk.strip_prefix(p)
                && r.len() >= 3
                && let Some(v) = self.latn.get(r)
            {
                return Some(*v);
            }
        }
        None
    }

    /// Latin-script word. `lang` orders the lists consulted, because the same
    /// spelling can mean different things in French, English and Arabizi.
    /// In French or English text, Arabizi is consulted only for words written
    /// with digit-letters (3, 7, 9, 5): plain Latin words there are far more
    /// often French/English words whose skeleton collides with a Darija one.
    /// `proper` (a capitalised word inside a French sentence, likely a name)
    /// restricts French lookup to our own curated list.
    pub fn lookup_latin(
        &self,
        key: &str,
        alt: Option<&str>,
        lang: &str,
        proper: bool,
    ) -> Option<Val> {
        let keys = [Some(key), alt];
        let digit = key
            .bytes()
            .any(|b| matches!(b, b'2' | b'3' | b'5' | b'7' | b'9'));
        for k in keys.into_iter().flatten() {
            let r = match lang {
                "fr" => self
                    .fr_get(k, proper)
                    .or_else(|| if proper { None } else { self.en_get(k, true) })
                    .or_else(|| if digit { self.latn_get(k, 2) } else { None }),
                "en" => self
                    .en_get(k, false)
                    .or_else(|| if digit { self.latn_get(k, 2) } else { None }),
                "ary-latn" => self
                    .latn_get(k, 1)
                    .or_else(|| self.fr_get(k, false))
                    .or_else(|| self.en_get(k, true)),
                "ar" | "ary" => self
                    .latn_get(k, 2)
                    .or_else(|| self.fr_get(k, false))
                    .or_else(|| self.en_get(k, true)),
                // Unknown language (no function words): our curated French list,
                // then English, then the noisier imported French lists.
                _ => self
                    .fr_get(k, true)
                    .or_else(|| self.en_get(k, false))
                    .or_else(|| self.fr_get(k, false))
                    .or_else(|| if digit { self.latn_get(k, 2) } else { None }),
            };
            if r.is_some() {
                return r;
            }
        }
        None
    }

    /// Arabizi negation circumfix: ma-STEM-ch (ma3jbnich, mazwinch, mab9ach).
    pub fn lookup_latin_circumfix(&self, key: &str) -> Option<Val> {
        let rest = key.strip_prefix("ma")?;
        let stem = rest
            .strip_suffix("ch")
            .or_else(|| rest.strip_suffix("sh"))
            .or_else(|| rest.strip_suffix('x'))?;
        if stem.len() < 3 {
            return None;
        }
        self.latn_get(stem, 2).or_else(|| {
            // ma3jbnich: the object pronoun -ni often takes an epenthetic i.
            stem.strip_suffix('i').and_then(|s| self.latn_get(s, 2))
        })
    }

    fn ar_get(&self, k: &str, ary_first: bool) -> Option<Val> {
        let (ar, ary) = self.arabic.get(k)?;
        if ary_first { ary.or(*ar) } else { ar.or(*ary) }
    }

    /// Arabic-script word: exact, then without proclitics (و ف ب ل ك ال and
    /// combinations), then without common enclitics / inflection suffixes, then
    /// with doubled letters collapsed. Stripping only happens when the bare form
    /// is in a lexicon, and the remaining stem must keep >= 2 letters (3 after
    /// suffix stripping) so short function words are not mangled.
    pub fn lookup_arabic(&self, key: &str, ary_first: bool) -> Option<Val> {
        self.lookup_arabic_inner(key, ary_first).or_else(|| {
            // Moroccan spelling of the 3rd-person imperfect after "الله": ا for ي
            // ("الله اخليك" = "الله يخليك", "الله استر" = "الله يستر").
            let rest = key.strip_prefix('ا')?;
            if rest.starts_with('ل') || rest.chars().count() < 3 {
                return None;
            }
            let mut y = String::with_capacity(key.len());
            y.push('ي');
            y.push_str(rest);
            self.lookup_arabic_inner(&y, ary_first)
        })
    }

    fn lookup_arabic_inner(&self, key: &str, ary_first: bool) -> Option<Val> {
        if let Some(v) = self.ar_get(key, ary_first) {
            return Some(v);
        }
        // Proclitic chains grouped by first letter, enclitics by last letter, so
        // a word is only compared with affixes it can carry (this lookup runs
        // for every Arabic word, and most words are not in any lexicon).
        // ك alone is left out: as a proclitic it is rare in tweets, and
        // stripping it turns many words into unrelated ones (كامل -> امل).
        let pre: &[&str] = match key.chars().next() {
            Some('و') => &["وبال", "وال", "ولل", "وب", "ول", "وك", "و"],
            Some('ف') => &["فال", "فلل", "فب", "فل", "ف"],
            Some('ب') => &["بال", "ب"],
            Some('ل') => &["لل", "ل"],
            Some('ك') => &["كال"],
            Some('ا') => &["ال"],
            _ => &[],
        };
        let suf: &[&str] = match key.chars().next_back() {
            Some('م') => &["كم", "هم"],
            Some('ا') => &["ها", "نا", "ا"],
            Some('ي') => &["ني", "ي"],
            Some('ت') => &["ات"],
            Some('ن') => &["ين", "ون"],
            Some('ك') => &["ك"],
            Some('ه') => &["ه"],
            Some('و') => &["و"],
            _ => &[],
        };
        let nchars = |s: &str| s.chars().count();
        // Stems that may also lose a suffix: the word itself, and the word
        // without an article or the conjunction و (ال + noun + plural/feminine
        // ending is regular; other single-letter proclitics plus a suffix
        // yield too many false stems).
        let mut stems: [&str; 3] = [key, "", ""];
        let mut ns = 1;
        for p in pre {
            if let Some(r) = key.strip_prefix(p)
                && nchars(r) >= 2
            {
                if let Some(v) = self.ar_get(r, ary_first) {
                    return Some(v);
                }
                if ns < stems.len() && (p.contains("ال") || *p == "و") {
                    stems[ns] = r;
                    ns += 1;
                }
            }
        }
        for st in &stems[..ns] {
            for s in suf {
                if let Some(r) = st.strip_suffix(s)
                    && nchars(r) >= 3
                {
                    if let Some(v) = self.ar_get(r, ary_first) {
                        return Some(v);
                    }
                    // Teh marbuta is written ت before a pronoun: فضيحته = فضيحة + ه.
                    if let Some(t) = r.strip_suffix('ت') {
                        let mut m = String::with_capacity(r.len());
                        m.push_str(t);
                        m.push('ه');
                        if let Some(v) = self.ar_get(&m, ary_first) {
                            return Some(v);
                        }
                    }
                }
            }
        }
        // Verbs: imperfect prefixes (ي ت ن) and Darija durative ka-/ki-/ta-
        // (كي كت كن تي تن) before a stem that is listed (يحب، تقتل، كيقتل).
        let vpre: &[&str] = match key.chars().next() {
            Some('ي') => &["ي"],
            Some('ت') => &["تي", "تن", "ت"],
            Some('ن') => &["ن"],
            Some('ك') => &["كي", "كت", "كن"],
            _ => &[],
        };
        for p in vpre {
            if let Some(r) = key.strip_prefix(p)
                && nchars(r) >= 3
                && let Some(v) = self.ar_get(r, ary_first)
            {
                return Some(v);
            }
        }
        if has_double(key) {
            let (one, _) = collapse_runs(key, 1);
            if let Some(v) = self.ar_get(&one, ary_first) {
                return Some(v);
            }
        }
        None
    }

    /// Darija circumfix in Arabic script: ما-STEM-ش (ماعجبنيش، مازوينش).
    pub fn lookup_arabic_circumfix(&self, key: &str, ary_first: bool) -> Option<Val> {
        let rest = key.strip_prefix("ما").or_else(|| key.strip_prefix('م'))?;
        let stem = rest.strip_suffix('ش')?;
        if stem.chars().count() < 2 {
            return None;
        }
        self.lookup_arabic(stem, ary_first)
    }
}
