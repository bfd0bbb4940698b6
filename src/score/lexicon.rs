//! Lexicons. Owns: parsing the embedded TSV lists, merging them with user
//! entries (user wins), and the lookup strategy per script: Latin words by
//! folded key with light French/English inflection fallbacks, Arabizi by
//! spelling skeleton, Arabic by normalised key with proclitic / enclitic
//! stripping, Darija negation circumfix (ma-…-ch) detection, emoji, emoticons
//! and multi-word phrases. Every entry remembers its source for explanations.
//!
//! Speed: the per-language tables are gathered into one index (see `Entry`),
//! so the tokeniser hashes each word once and the rules read what it found;
//! only misses pay for fallbacks (plural stem, Arabic affixes, skeletons).
//!
//! Memory: a brand's lexicon (the base plus its `[[brands]] lexicon`
//! entries) shares every table with the base (`Shared`: copied on first
//! write, so only the tables its entries touch are copied) and the word
//! index too, holding only the words whose entry its entries change
//! (`Words::overlay`).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;

use super::normalize::{arabizi_skeleton, collapse_runs, fold, is_arabic_letter};
use super::tokenize::{ELISIONS, Vocabulary, collapse_elongation};
use super::words::{self, Func};
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

/// A table shared between the base lexicon and every brand's copy of it,
/// copied on the first write (`Arc::make_mut`): a brand's own entries copy
/// only the tables they touch, and keeps only those read at lookup time
/// (`IndexOnly`). Cloning a whole lexicon per brand with entries cost about
/// 13 MB and 45 ms each (40 such brands: 578 MB).
#[derive(Default)]
pub struct Shared<T>(Arc<T>);

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(Arc::clone(&self.0))
    }
}

impl<T> std::ops::Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<'a, T> IntoIterator for &'a Shared<T>
where
    &'a T: IntoIterator,
{
    type Item = <&'a T as IntoIterator>::Item;
    type IntoIter = <&'a T as IntoIterator>::IntoIter;
    fn into_iter(self) -> Self::IntoIter {
        (&*self.0).into_iter()
    }
}

impl<T: Clone> std::ops::DerefMut for Shared<T> {
    fn deref_mut(&mut self) -> &mut T {
        Arc::make_mut(&mut self.0)
    }
}

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
    /// Not a lexicon entry: the insufficiency rule ("pas assez", "not fast enough").
    Lack,
    /// Not a lexicon entry: the still-waiting rule ("toujours pas remboursé").
    Still,
    /// Not a lexicon entry: a business figure rises or falls ("le chiffre
    /// d'affaires en hausse", "revenue fell", "ارتفاع أرباح").
    FigureUp,
    FigureDown,
    /// Not a lexicon entry: what customers pay rises or falls ("la facture a
    /// doublé", "baisse des prix").
    CostUp,
    CostDown,
    /// Not a lexicon entry: a harm counted in the news rises or falls ("la
    /// mortalité a reculé", "hausse de la criminalité").
    HarmUp,
    HarmDown,
    /// Not a lexicon entry: a gain counted in the news rises or falls ("les
    /// réserves remontent", "baisse des récoltes").
    GainUp,
    GainDown,
    /// Not a lexicon entry: waiting for a stated time ("attendu une heure",
    /// "waited 40 minutes").
    Waiting,
    /// Not a lexicon entry: what a customer waits for, denied ("jamais reçue",
    /// "never answered").
    Service,
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
            Src::Lack => "not enough",
            Src::Still => "still not done",
            Src::FigureUp => "business figure up",
            Src::FigureDown => "business figure down",
            Src::CostUp => "price to customers up",
            Src::CostDown => "price to customers down",
            Src::HarmUp => "harm up",
            Src::HarmDown => "harm down",
            Src::GainUp => "gain up",
            Src::GainDown => "gain down",
            Src::Waiting => "waiting time",
            Src::Service => "service not given",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Val {
    pub w: f64,
    pub src: Src,
}

#[derive(Debug, Clone)]
pub struct Phrase {
    pub rest: Vec<String>,
    pub val: Val,
}

/// Everything the scorer may ask about one folded Latin or Arabic word,
/// gathered when the lexicon is built so that scoring hashes each word once
/// (twice for a plural-looking word that misses: see `plural_stem`).
/// (A French word used to cost up to eight lookups: closed-class table,
/// phrases, our list, the imported list, the plural stem in both, English and
/// its plural stem.) The fields mirror the lookups they replace.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Entry {
    pub func: Func,
    /// Some phrase starts with this word.
    pub phrase: bool,
    /// In FR_FALSE_FRIENDS: never taken from the English list inside French.
    pub false_friend: bool,
    /// Some accented spelling folds to this key but is another word
    /// (tâche/tache): see `Lexicon::fr_accented`.
    pub accented: bool,
    pub fr_core: Option<Val>,
    pub fr: Option<Val>,
    /// `fr_core` of the word's base form under `FR_INFLECTIONS` (feminine,
    /// plural, -ent/-issent verb forms), the earliest rule winning.
    pub fr_core_infl: Option<Val>,
    /// `fr` (imported lists) of the word's base form under `FR_INFLECTIONS`,
    /// for forms those lists lack ("boostée" from "boosté").
    pub fr_infl: Option<Val>,
    pub en: Option<Val>,
    /// Arabic-script entries: MSA and Darija.
    pub ar: Option<Val>,
    pub ary: Option<Val>,
    /// A spelling the Arabizi list names itself (at least 4 letters): what a
    /// French or English text reads as Darija without other evidence
    /// ("inwi c'est zwin"). See `Arabizi::Listed`.
    pub latn: Option<Val>,
    /// In NOT_ARABIZI: a French or English word, never read by its skeleton.
    pub not_arabizi: bool,
}

impl Entry {
    /// Whether any French list rates this key itself (not through a stem).
    fn rates_french(&self) -> bool {
        self.fr_core.is_some()
            || self.fr.is_some()
            || self.fr_core_infl.is_some()
            || self.fr_infl.is_some()
    }
}

/// How much Arabizi a French or English text reads in its Latin words.
/// Skeletons are forgiving (zwin, zwine, zwiin meet), so they also meet
/// French and English words ("mardi" is mrd, sick): plain words there are
/// read as Darija only on evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arabizi {
    /// No evidence: only a spelling the Arabizi list names itself, of four
    /// letters or more ("inwi c'est zwin", "service khayb").
    Listed,
    /// The text holds an unmistakable Darija word (`words::SWITCH`: "walakin",
    /// "bzaf", "dyal"), so it is code-switched: every word French and English
    /// leave unclaimed is looked up by skeleton ("le réseau zwin walakin
    /// ghaaali"), except the known collisions (NOT_ARABIZI).
    Switched,
    /// The word is written with a digit-letter (t9ada, 3jbni): by skeleton,
    /// two consonants are enough.
    Digit,
}

impl Arabizi {
    /// The reach for a word of a French or English text (`switched`: the
    /// text holds an unmistakable Darija word).
    pub fn of(digit_letter: bool, switched: bool) -> Arabizi {
        if digit_letter {
            Arabizi::Digit
        } else if switched {
            Arabizi::Switched
        } else {
            Arabizi::Listed
        }
    }
}

/// A word's plural stem entry, looked up at most once and only if asked for
/// (most words are found, or missed, on their own entry).
struct Stem<'l, 'k> {
    lx: &'l Lexicon,
    key: &'k str,
    cell: std::cell::OnceCell<Option<&'l Entry>>,
}

impl<'l, 'k> Stem<'l, 'k> {
    fn new(lx: &'l Lexicon, key: &'k str) -> Self {
        Stem {
            lx,
            key,
            cell: std::cell::OnceCell::new(),
        }
    }
    fn get(&self) -> Option<&'l Entry> {
        *self.cell.get_or_init(|| self.lx.plural_stem(self.key))
    }
}

/// The merged per-word index: key -> position in `entries`.
#[derive(Default)]
struct Words {
    index: Map<u32>,
    entries: Vec<Entry>,
}

impl Words {
    /// The words of `full` whose entry differs from `base`'s, numbered after
    /// `base`'s entries (so one id space serves both); a word `base` knows
    /// and `full` does not maps to NO_ENTRY. A brand's lexicon keeps only
    /// this, a few entries per brand entry, and reads the rest from `base`.
    fn overlay(full: &Words, base: &Words) -> Words {
        let mut over = Words::default();
        for (k, &i) in &full.index {
            let e = full.entries[i as usize];
            let same = base
                .index
                .get(k)
                .is_some_and(|&j| base.entries[j as usize] == e);
            if !same {
                over.index
                    .insert(k.clone(), (base.entries.len() + over.entries.len()) as u32);
                over.entries.push(e);
            }
        }
        for k in base.index.keys() {
            if !full.index.contains_key(k) {
                over.index.insert(k.clone(), NO_ENTRY);
            }
        }
        over
    }
}

/// The word tables nothing reads but `index_words` (a lookup asks the
/// index): a brand's copies of them are dropped once its overlay is built.
/// The Arabic, Arabizi, emoji, emoticon and phrase tables are read at lookup
/// time (affix-stripped candidates, skeletons) and stay the brand's own; they
/// are small, and only entries in their script copy them.
struct IndexOnly {
    arabic_filter: ArabicFilter,
    phrase_filter: ArabicFilter,
    fr_core: Shared<Map<Val>>,
    fr: Shared<Map<Val>>,
    en: Shared<Map<Val>>,
    fr_accented: Shared<Map<Val>>,
}

impl IndexOnly {
    fn of(lx: &Lexicon) -> IndexOnly {
        IndexOnly {
            arabic_filter: lx.arabic_filter.clone(),
            phrase_filter: lx.phrase_filter.clone(),
            fr_core: lx.fr_core.clone(),
            fr: lx.fr.clone(),
            en: lx.en.clone(),
            fr_accented: lx.fr_accented.clone(),
        }
    }
    fn restore(self, lx: &mut Lexicon) {
        // The filters are rebuilt from the brand's tables: most entries
        // leave them as they were, and then the base's copy serves.
        if lx.arabic_filter == self.arabic_filter {
            lx.arabic_filter = self.arabic_filter;
        }
        if lx.phrase_filter == self.phrase_filter {
            lx.phrase_filter = self.phrase_filter;
        }
        lx.fr_core = self.fr_core;
        lx.fr = self.fr;
        lx.en = self.en;
        lx.fr_accented = self.fr_accented;
    }
}

/// Token entry index meaning "this word is in no table".
pub const NO_ENTRY: u32 = u32::MAX;

#[derive(Clone, Default)]
pub struct Lexicon {
    /// French: our own list and user entries (trusted even on capitalised words).
    pub fr_core: Shared<Map<Val>>,
    /// French: imported lists (vaderSentiment-fr, Pattern).
    pub fr: Shared<Map<Val>>,
    pub en: Shared<Map<Val>>,
    /// Arabic script, one table for MSA and Darija (one hash per candidate
    /// instead of two): .0 = MSA entry, .1 = Darija entry.
    pub arabic: Shared<Map<(Option<Val>, Option<Val>)>>,
    /// French words whose accents tell them from another word that folds to
    /// the same key ("tâche" task / "tache" stain, "péché" sin / "pêche"
    /// fishing), keyed by the lower-cased spelling with its accents. Only a
    /// token written with exactly these accents takes this value; the folded
    /// tables answer every other spelling, unaccented posts included.
    pub fr_accented: Shared<Map<Val>>,
    /// Arabizi, keyed by skeleton.
    pub latn: Shared<Map<Val>>,
    /// Arabizi words whose skeleton another word shares ("khra" / "khir",
    /// "nadia" / "nadi", "ta7" / "t7iya"), keyed by folded spelling and
    /// consulted before the skeletons; "=word" in ary_latn.tsv. User entries
    /// go here too, so a brand manager's spelling wins over any collision.
    pub latn_exact: Shared<Map<Val>>,
    /// The single-word spellings ary_latn.tsv names, as written (folded):
    /// unlike a skeleton, a spelling an author chose is seldom a French or
    /// English word too (see `Arabizi::Listed`).
    latn_listed: Shared<Map<Val>>,
    pub emoji: Shared<Map<Val>>,
    pub emoticon: Shared<Map<Val>>,
    /// First word key -> phrases starting with it (longest first).
    pub phrases: Shared<Map<Vec<Phrase>>>,
    /// Arabizi phrases again, every word as its skeleton (first word's
    /// skeleton -> phrases, longest first): "ma3mrni n3awd" then also
    /// matches "ma3merni n3awed", as single Arabizi words already do.
    pub latn_phrases: Shared<Map<Vec<Phrase>>>,
    /// ASCII first letters of words that may start one of `latn_phrases` in
    /// some spelling (a head skeleton "a" may be written a-, e- or i-; "h"
    /// h- or 7-): most words are turned away before any skeleton is built.
    latn_phrase_first: u128,
    pub emoticon_max: usize,
    /// First chars of emoticons: ASCII bitmap + the rare non-ASCII ones.
    pub emoticon_first: u128,
    pub emoticon_first_other: Vec<char>,
    /// The merged per-word index (see Entry), rebuilt by `index_words`
    /// whenever the tables above change; shared with every brand's copy.
    words: Arc<Words>,
    /// A brand's lexicon: the words whose Entry differs from `words`
    /// (`Words::overlay`). `None` in the base lexicon.
    over: Option<Arc<Words>>,
    /// A brand's own entries, kept because its word tables that only
    /// `index_words` reads (`IndexOnly`) are the base's again once its
    /// overlay is built: a lexicon made from this one replays them first.
    own: Vec<LexiconEntry>,
    /// Quick "certainly not an Arabic key" test before hashing a candidate
    /// stem: Arabic lookups try many affix strippings per unknown word.
    arabic_filter: ArabicFilter,
    /// The same test for the Arabic-script first words of `phrases`, asked
    /// before a Darija verb prefix is stripped from a word to find a phrase
    /// ("كيقطعو الما" is the phrase "قطعو الما").
    phrase_filter: ArabicFilter,
}

/// For each (first letter, last letter) pair of the Arabic keys, the set of
/// their byte lengths (capped at 63). A stripped candidate whose pair and
/// length match no key cannot be in the table, and most candidates do not.
/// Shared (32 kB): a brand whose entries leave it unchanged keeps the base's.
#[derive(Clone, PartialEq)]
struct ArabicFilter(Arc<[u64; 64 * 64]>);

impl Default for ArabicFilter {
    fn default() -> Self {
        ArabicFilter(Arc::new([0; 64 * 64]))
    }
}

impl ArabicFilter {
    /// Arabic letters U+0620..U+065F map to 0..63; anything else shares a slot.
    fn slot(c: u32) -> usize {
        c.wrapping_sub(0x0620).min(63) as usize
    }
    fn cell(k: &str) -> Option<(usize, u64)> {
        let b = k.as_bytes();
        let bit = 1u64 << k.len().min(63);
        // Arabic letters are two bytes with a lead byte D8..DB: read the first
        // and last code points from the bytes (this runs for every stripped
        // candidate of every Arabic word). A continuation byte is never a lead
        // byte, so b[n-2] in D8..DB starts the last char.
        // (The code point, not a char: a two-byte sequence is always one.)
        let two = |hi: u8, lo: u8| (u32::from(hi & 0x1F) << 6) | u32::from(lo & 0x3F);
        let n = b.len();
        if n >= 4 && (0xD8..=0xDB).contains(&b[0]) && (0xD8..=0xDB).contains(&b[n - 2]) {
            let (first, last) = (two(b[0], b[1]), two(b[n - 2], b[n - 1]));
            return Some((Self::slot(first) * 64 + Self::slot(last), bit));
        }
        let first = k.chars().next()?;
        let last = k.chars().next_back()?;
        Some((Self::slot(first as u32) * 64 + Self::slot(last as u32), bit))
    }
    fn add(&mut self, k: &str) {
        if let Some((i, bit)) = Self::cell(k) {
            Arc::make_mut(&mut self.0)[i] |= bit;
        }
    }
    fn may_contain(&self, k: &str) -> bool {
        Self::cell(k).is_some_and(|(i, bit)| self.0[i] & bit != 0)
    }
}

impl Vocabulary for Lexicon {
    #[inline]
    fn word(&self, key: &str) -> (Func, u32) {
        match self.word_id(key) {
            Some(i) => (self.entry(i).map(|e| e.func).unwrap_or_default(), i),
            None => (Func::default(), NO_ENTRY),
        }
    }
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

/// Whether a Latin-script entry is several tokens to the tokeniser: words
/// apart, an elision ("l'Oréal" is l' + oréal), or a hyphenated compound
/// ("sous-payés", "ras-le-bol", "non-stop": the hyphen splits words, so
/// such an entry filed as one word was never met).
fn several_words(t: &str) -> bool {
    t.contains([' ', '\'']) || (t.contains('-') && t.chars().any(char::is_alphabetic))
}

/// File a phrase under its first word, replacing one with the same words,
/// longest first (the matcher takes the first that fits).
fn add_phrase(map: &mut Map<Vec<Phrase>>, first: String, rest: Vec<String>, val: Val) {
    let v = map.entry(first).or_default();
    v.retain(|p| p.rest != rest);
    v.push(Phrase { rest, val });
    v.sort_by_key(|p| std::cmp::Reverse(p.rest.len()));
}

/// Lookup key of a single word, same pipeline as the tokeniser's key.
pub fn word_key(term: &str) -> String {
    collapse_elongation(fold(term)).0
}

/// English-list words never taken from the English list inside French text:
/// French words with another meaning ("pain" = bread, "dire", "fin", "lit",
/// "tard" = late, "champ" = field, "crédit" = a bank's loan: English "credit"
/// is praise, so every bank's "nouveau crédit immobilier" read positive),
/// French function words, and words the French lists already rate on their
/// own terms ("mal", "nul", "super").
const FR_FALSE_FRIENDS: &[&str] = &[
    "pain", "dire", "fin", "chat", "pour", "lit", "rage", "sale", "mine", "cher", "grave", "bug",
    "fun", "bat", "hate", "pue", "mal", "rate", "ride", "molest", "pet", "bite", "tort", "vie",
    "cool", "main", "mort", "crash", "pire", "nul", "joli", "super", "top", "bravo", "fort",
    "content", "sort", "vile", "damn", "hard", "lame", "sur", "respect", "hope", "lol", "ou", "la",
    "les", "des", "une", "son", "dans", "comme", "vu", "net", "bien", "no", "ne", "yes", "ok",
    "okay", "like", "passion", "luck", "gratuit", "credit", "champ", "tard", "die", "axe",
    "argument",
];

/// French and English words whose Arabizi skeleton names a Darija word: "mardi",
/// "married" (mrd, sick), "zone" (zin, beauty), "outbreak" (w + tbarkallah),
/// "plenty" (planta, crashed), and first names (Jamal, Hicham, Farah). Found by
/// scoring each of the 50,000 most frequent French and English words (wordfreq)
/// on its own, where Arabizi is read. No text takes them from the Arabizi
/// skeletons, a Darija one included ("la zone dyal Tanger" is French "zone");
/// a digit-letter spelling still counts.
const NOT_ARABIZI: &[&str] = &[
    // French
    "mot",
    "zone",
    "mardi",
    "chiffre",
    "chiffrer",
    "liquide",
    "moto",
    "sabre",
    "muet",
    "muette",
    "habille",
    "meute",
    "utopie",
    "milite",
    "taupe",
    "quid",
    "planete",
    "motte",
    "omelette",
    "halo",
    "ozone",
    "millet",
    "plant",
    "malien",
    "malienne",
    "kart",
    "quad",
    "chefferie",
    "malt",
    "mallet",
    "mallette",
    "topo",
    "labs",
    "harem",
    "maillet",
    "mouette",
    "mute",
    "marde",
    "pillent",
    "pliant",
    "damier",
    "myriade",
    "toupie",
    "moite",
    "plient",
    "syriaque",
    "mezzanine",
    "zona",
    "maline",
    "moitie",
    "basale",
    "mist",
    // English
    "married",
    "plenty",
    "planet",
    "liquid",
    "hammer",
    "lbs",
    "outbreak",
    "melt",
    "militia",
    "hallway",
    "motto",
    "mast",
    "myriad",
    "basal",
    "misty",
    "utopia",
    "offside",
    "moot",
    "karate",
    "millennia",
    "mammalian",
    "saber",
    "libs",
    "theta",
    "moat",
    "marred",
    "tfw",
    "mott",
    "mutt",
    "faqs",
    "omelet",
    "melanin",
    "mired",
    "queued",
    "mut",
    "malian",
    "wallabies",
    "dimmer",
    "dimer",
    "milt",
    "hrm",
    "karat",
    "mote",
    "mutate",
    "moiety",
    "mln",
    "myrrh",
    "hello",
    "hallo",
    "hilo",
    "tht",
    "twp",
    "mst",
    // Names (of people, places, teams: no tone)
    "jamal",
    "jamel",
    "farah",
    "farrah",
    "farhan",
    "hicham",
    "hashim",
    "rabah",
    "sabri",
    "khan",
    "kahn",
    "khanna",
    "khun",
    "jeremy",
    "martha",
    "marthe",
    "mariah",
    "melanie",
    "melania",
    "basile",
    "basil",
    "milan",
    "milano",
    "malte",
    "malta",
    "mayotte",
    "tahiti",
    "motta",
    "lamotte",
    "mirabeau",
    "milne",
    "basel",
    "zion",
    "merah",
    "siberia",
    "dhaka",
    "kershaw",
    "beasley",
    "hiram",
    "marathi",
    "shaffer",
    "quaid",
    "bahama",
    "mosby",
    "miyamoto",
    "wilmot",
    "mewtwo",
    "hamer",
    "malayan",
    "demar",
    "merida",
    "jermaine",
    // Met through the plural -in of Darija participles (verb_stems)
    "halloween",
    "hermine",
    "plantain",
    "baseline",
    "keratin",
];

impl Lexicon {
    pub fn embedded() -> Lexicon {
        let mut lx = Lexicon::default();
        // Pre-size the big tables: rehashing while growing was a visible part
        // of start-up time.
        lx.en.reserve(7_600);
        lx.fr.reserve(11_000);
        lx.latn.reserve(400);
        lx.latn_listed.reserve(400);
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
            if let Some(exact) = t.strip_prefix('=') {
                lx.fr_accented
                    .insert(exact.to_lowercase(), Val { w, src: Src::Fr });
            } else if several_words(t) {
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
        // Tweets exported through an API, and text copied out of HTML, keep
        // the markup escapes: "&lt;3" is a heart, "&gt;:(" anger. Only the
        // emoticons that start with the escaped sign, and only those no longer
        // than the longest plain one: a longer candidate window at every
        // emoticon-like char cost 1.5 % of scoring for a few roses ("@&gt;--").
        let plain_max = lx.emoticon.keys().map(|k| k.chars().count()).max();
        let escaped: Vec<(String, Val)> = lx
            .emoticon
            .iter()
            .filter(|(t, _)| t.starts_with(['<', '>']))
            .map(|(t, v)| {
                let e = t
                    .replace('&', "&amp;")
                    .replace('<', "&lt;")
                    .replace('>', "&gt;");
                (e, *v)
            })
            .filter(|(e, _)| Some(e.chars().count()) <= plain_max)
            .collect();
        for (t, v) in escaped {
            lx.emoticon.entry(t).or_insert(v);
        }
        lx.index_emoticons();
        lx.index_words();
        lx
    }

    /// Build the merged per-word index from the tables (see Entry).
    fn index_words(&mut self) {
        fn slot<'e>(index: &mut Map<u32>, entries: &'e mut Vec<Entry>, k: &str) -> &'e mut Entry {
            let i = match index.get(k) {
                Some(&i) => i as usize,
                None => {
                    index.insert(k.to_string(), entries.len() as u32);
                    entries.push(Entry::default());
                    entries.len() - 1
                }
            };
            &mut entries[i]
        }
        let mut index: Map<u32> = Map::default();
        index.reserve(
            self.fr.len() * 5
                + self.en.len() * 2
                + self.arabic.len()
                + self.latn_listed.len()
                + NOT_ARABIZI.len()
                + 1_000,
        );
        let mut entries: Vec<Entry> = Vec::with_capacity(index.capacity());
        let (ix, en) = (&mut index, &mut entries);
        for (k, v) in &self.fr_core {
            slot(ix, en, k).fr_core = Some(*v);
        }
        fr_inflections(&self.fr_core, true, |form, v| {
            let e = slot(ix, en, form);
            e.fr_core_infl.get_or_insert(v);
        });
        for (k, v) in &self.fr {
            slot(ix, en, k).fr = Some(*v);
        }
        fr_inflections(&self.fr, false, |form, v| {
            let e = slot(ix, en, form);
            e.fr_infl.get_or_insert(v);
        });
        for (k, v) in &self.en {
            slot(ix, en, k).en = Some(*v);
        }
        for (k, (ar, ary)) in &self.arabic {
            let e = slot(ix, en, k);
            e.ar = *ar;
            e.ary = *ary;
        }
        for k in self.phrases.keys() {
            slot(ix, en, k).phrase = true;
        }
        for k in FR_FALSE_FRIENDS {
            slot(ix, en, k).false_friend = true;
        }
        // User entries (latn_exact) win over our spellings.
        for (k, v) in self.latn_listed.iter().chain(&self.latn_exact) {
            if k.chars().count() >= 4 {
                slot(ix, en, k).latn = Some(*v);
            }
        }
        for k in NOT_ARABIZI {
            slot(ix, en, k).not_arabizi = true;
        }
        for k in self.fr_accented.keys() {
            slot(ix, en, &word_key(k)).accented = true;
        }
        for (k, f) in words::all() {
            slot(ix, en, k).func = *f;
        }
        let mut filter = ArabicFilter::default();
        for k in self.arabic.keys() {
            filter.add(k);
        }
        let mut phrase_filter = ArabicFilter::default();
        for k in self
            .phrases
            .keys()
            .filter(|k| k.chars().any(is_arabic_letter))
        {
            phrase_filter.add(k);
        }
        self.words = Arc::new(Words { index, entries });
        self.over = None;
        self.arabic_filter = filter;
        self.phrase_filter = phrase_filter;
    }

    /// Phrases whose first word is `key` without a Darija present-tense or
    /// conjunction prefix (كي-, كا-, ك-, تي-, و-, ف-) or the preposition
    /// ب-: the phrase lists name the bare verb once ("قطعو الما") and posts
    /// conjugate it ("كيقطعو الما", "وقطعو الما"). A verb stem keeps at
    /// least three letters ("كيما", like, is not كي + ما), and so does a
    /// noun after ب-; after a conjunction two will do ("وما بغاوش" is the
    /// phrase "ما بغاوش").
    pub fn arabic_phrases_after_prefix(&self, key: &str) -> Option<&[Phrase]> {
        // Arabic letters are two bytes: `min` letters are 2 * min bytes. The
        // first letter picks the prefixes to try (this runs for every Arabic
        // word that starts no phrase, and most start with none of them).
        let (prefixes, min): (&[&str], usize) = match key.chars().next()? {
            'ك' => (&["كي", "كا", "ك"], 3),
            'ت' => (&["تي"], 3),
            'و' => (&["و"], 2),
            'ف' => (&["ف"], 2),
            // The preposition: "بتصريح فارغ" is the phrase "تصريح فارغ".
            'ب' => (&["ب"], 3),
            _ => return None,
        };
        prefixes.iter().find_map(|p| {
            let stem = key.strip_prefix(p)?;
            if stem.len() < 2 * min || !self.phrase_filter.may_contain(stem) {
                return None;
            }
            self.phrases.get(stem).map(Vec::as_slice)
        })
    }

    /// Whether a Latin word may start one of `latn_phrases` (by its first byte).
    pub fn may_start_latn_phrase(&self, key: &str) -> bool {
        key.as_bytes()
            .first()
            .is_some_and(|&b| b < 128 && self.latn_phrase_first & (1u128 << b) != 0)
    }

    pub fn entry(&self, i: u32) -> Option<&Entry> {
        let base = &self.words.entries;
        match base.get(i as usize) {
            Some(e) => Some(e),
            None => self.over.as_ref()?.entries.get(i as usize - base.len()),
        }
    }

    /// The entry id of a folded word, the brand's own entries first.
    pub fn word_id(&self, key: &str) -> Option<u32> {
        if let Some(over) = &self.over
            && let Some(&i) = over.index.get(key)
        {
            return (i != NO_ENTRY).then_some(i);
        }
        self.words.index.get(key).copied()
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
        for raw in term.split([' ', '-']).filter(|w| !w.is_empty()) {
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
        add_phrase(&mut self.phrases, first, rest, Val { w, src });
    }

    fn insert_fr(&mut self, t: &str, w: f64, src: Src) {
        if several_words(t) {
            self.insert_phrase(t, w, src);
        } else {
            self.fr.insert(word_key(t), Val { w, src });
        }
    }
    fn insert_en(&mut self, t: &str, w: f64, src: Src) {
        if several_words(t) {
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
        if let Some(exact) = t.strip_prefix('=') {
            self.latn_exact.insert(word_key(exact), Val { w, src });
        } else if t.contains(' ') {
            self.insert_phrase(t, w, src);
            self.insert_latn_phrase(t, w, src);
        } else {
            let key = word_key(t);
            self.latn.insert(arabizi_skeleton(&key), Val { w, src });
            self.latn_listed.insert(key, Val { w, src });
        }
    }

    /// An Arabizi phrase keyed by skeletons (see `latn_phrases`).
    fn insert_latn_phrase(&mut self, term: &str, w: f64, src: Src) {
        let mut keys = term
            .split_whitespace()
            .map(|raw| arabizi_skeleton(&word_key(raw)));
        let Some(first) = keys.next() else { return };
        let rest: Vec<String> = keys.collect();
        // The spellings whose skeleton starts with this letter (see
        // `arabizi_skeleton`); a dropped hamza digit (2) may come first.
        let spellings: &[u8] = match first.as_bytes().first() {
            Some(b'a') => b"aei",
            Some(b'w') => b"ouw",
            Some(b'h') => b"h7",
            Some(b'q') => b"q9",
            Some(b'k') => b"k5",
            Some(b'g') => b"g8",
            Some(b'c') => b"csx",
            Some(other) => std::slice::from_ref(other),
            None => b"",
        };
        for &b in spellings.iter().chain(b"2") {
            self.latn_phrase_first |= 1u128 << (b & 0x7F);
        }
        add_phrase(&mut self.latn_phrases, first, rest, Val { w, src });
    }

    /// Add user entries on top (they override embedded ones).
    pub fn add_user(&mut self, extra: &[LexiconEntry]) -> Result<(), ScoreError> {
        if extra.is_empty() {
            return Ok(());
        }
        // All or nothing: a bad entry leaves the lexicon as it was.
        extra.iter().try_for_each(LexiconEntry::check)?;
        // Cloned from a base (a brand's lexicon): see the end.
        let shared = Arc::strong_count(&self.words) > 1;
        let base_tables = shared.then(|| IndexOnly::of(self));
        let own = std::mem::take(&mut self.own);
        for e in own.iter().chain(extra) {
            let term = e.term.trim();
            let w = e.weight;
            let v = Val { w, src: Src::User };
            let lang = e.lang.as_deref();
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
            if several_words(term) || term.contains('’') {
                self.insert_phrase(term, w, Src::User);
                if lang == Some("ary-latn") && !term.chars().any(is_arabic_letter) {
                    self.insert_latn_phrase(term, w, Src::User);
                }
                continue;
            }
            let key = word_key(term);
            let arabic = term.chars().any(is_arabic_letter);
            if !arabic {
                // A user's word wins over our accent-exact spellings of it too.
                self.fr_accented.retain(|k, _| word_key(k) != key);
            }
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
                    self.latn_exact.insert(key, v);
                }
                (false, _) => {
                    // No language given: the brand manager means this word anywhere.
                    self.fr_core.insert(key.clone(), v);
                    self.en.insert(key.clone(), v);
                    self.latn.insert(arabizi_skeleton(&key), v);
                    self.latn_exact.insert(key, v);
                }
            }
        }
        // The index of the base lexicon this one was cloned from (a brand's)
        // stays shared: rebuild the whole index, then keep only the words it
        // changed. A lexicon no one shares (`Scorer::new`) keeps the rebuild.
        let base = Arc::clone(&self.words);
        self.index_words();
        if let Some(tables) = base_tables {
            let over = Words::overlay(&self.words, &base);
            self.words = base;
            self.over = Some(Arc::new(over));
            // The overlay now holds what these copies changed: keeping them
            // cost each brand about 0.8 MB (the English table alone is 7k
            // words), so the brand shares the base's again.
            tables.restore(self);
            self.own = own;
            self.own.extend_from_slice(extra);
        }
        Ok(())
    }

    /// The entry of `k` without its plural ending (s or x),
    /// when that stem keeps at least 3 bytes: lexicons list many but not all
    /// plural forms. Looked up only after the word itself missed, so plural
    /// forms need no entries of their own.
    fn plural_stem(&self, k: &str) -> Option<&Entry> {
        let st = k.strip_suffix('s').or_else(|| k.strip_suffix('x'))?;
        if st.len() < 3 {
            return None;
        }
        self.word_id(st).and_then(|i| self.entry(i))
    }

    /// French lists: ours (the word, its plural stem, its base form under
    /// FR_INFLECTIONS), then (unless `core_only`) the imported ones and their
    /// plural stem, and last the base form of a form they lack. Our own words
    /// and their inflections win over imported
    /// exact forms, which rate inflections of one word inconsistently
    /// (vaderSentiment-fr: "ravi" 2.5 but "ravis" 0.7, "inadmissible" -2.0 but
    /// "inadmissibles" +1.2).
    fn fr_get(e: &Entry, stem: &Stem<'_, '_>, core_only: bool) -> Option<Val> {
        let own = e.fr_core.or_else(|| stem.get()?.fr_core).or(e.fr_core_infl);
        if core_only {
            own
        } else {
            own.or(e.fr).or_else(|| stem.get()?.fr).or(e.fr_infl)
        }
    }

    fn en_get(e: &Entry, k: &str, stem: &Stem<'_, '_>, in_french: bool) -> Option<Val> {
        // In French text, English words shorter than 3 letters are French
        // clitics or typos ("l action"), never English.
        if in_french && (k.len() < 3 || e.false_friend) {
            return None;
        }
        // English plurals take an s only.
        e.en.or_else(|| stem.get().filter(|_| k.ends_with('s'))?.en)
    }

    fn latn_get(&self, k: &str, min_len: usize) -> Option<Val> {
        // "2nd", "3eme", "1er" are ordinals, not digit-letter Arabizi ("2nd"
        // has the skeleton of "nadi", great).
        let digits = k.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0
            && matches!(
                &k[digits..],
                "st" | "nd" | "rd" | "th" | "e" | "er" | "eme" | "ere" | "em"
            )
        {
            return None;
        }
        // Exact spellings first, with the same glued article or conjunction
        // as the skeletons below ("lkhra" is "khra", not "lkhir").
        if let Some(v) = self.latn_exact.get(k) {
            return Some(*v);
        }
        for p in ["l", "el", "al", "w"] {
            if let Some(r) = k.strip_prefix(p)
                && r.len() >= 3
                && let Some(v) = self.latn_exact.get(r)
            {
                return Some(*v);
            }
        }
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
        Self::verb_stems(k, &sk).find_map(|r| self.latn.get(r).copied())
    }

    /// A conjugated Darija verb's skeleton without its inflection, for words
    /// the lists name only in the bare form: present-tense ka-/kay-/ki-
    /// (skeleton k-), with a person (kan-, kat-: kn-, kt-), and the plural
    /// -ou/-o/-w (skeleton -w). "kay7tarmou" is "7tarm", "kayjawbou" is
    /// "jawb". Stems keep three consonants, four when only a k- was cut:
    /// many words start with ka- that is no prefix ("kamlin", all of them,
    /// is not "mlina", we are fed up). Then the plural -in of participles and
    /// adjectives ("nasabin" is "nasab", "mkhassrin" "mkhassr"), and the bare
    /// imperfect y-/t-/n- ("ychfrou lina flousna" is "chfar", steal), which
    /// must leave four letters: y-, t- and n- start many stems. Then the
    /// feminine plural -at and the object pronouns -ni and -ouna.
    /// `k` is the word as spelled (the plural -in is read from it: "Hermana"
    /// has the skeleton of a plural of haram).
    fn verb_stems<'s>(k: &str, sk: &'s str) -> impl Iterator<Item = &'s str> {
        let plural = sk.strip_suffix('w').filter(|r| r.len() >= 3);
        let present = ["kn", "kt", "k"].iter().find_map(|p| sk.strip_prefix(p));
        let both = present.and_then(|r| r.strip_suffix('w').filter(|r| r.len() >= 3));
        let present = present.filter(|r| r.len() >= 4);
        let adjective_plural = sk.strip_suffix('n').filter(|r| {
            r.len() >= 3
                && ["in", "ine", "yn", "ien", "een"]
                    .iter()
                    .any(|e| k.ends_with(e))
        });
        // The feminine plural -at of adjectives and the perfect's -at
        // ("khaybat", "t9at3at"), read from the spelling like -in.
        let feminine = sk
            .strip_suffix('t')
            .filter(|r| r.len() >= 3 && ["at", "ate", "aat"].iter().any(|e| k.ends_with(e)));
        // The object pronoun "me" (-ni) and "us" after a plural (-ouna):
        // "khla3ni", "nsbouni", "nsbouna".
        let object = sk.strip_suffix('n').filter(|r| {
            r.len() >= 3 && ["ni", "nii", "ouna", "ona"].iter().any(|e| k.ends_with(e))
        });
        let object_plural = object.and_then(|r| r.strip_suffix('w').filter(|r| r.len() >= 3));
        let imperfect = ["y", "t", "n"].iter().find_map(|p| sk.strip_prefix(p));
        let imperfect_plural = imperfect.and_then(|r| r.strip_suffix('w').filter(|r| r.len() >= 4));
        let imperfect = imperfect.filter(|r| r.len() >= 4);
        [
            plural,
            present,
            both,
            adjective_plural,
            feminine,
            object,
            object_plural,
            imperfect,
            imperfect_plural,
        ]
        .into_iter()
        .flatten()
    }

    /// English when a text with no function word of any language
    /// ("fucking hates traffic") has more Latin words that
    /// only the English list knows than words French or Arabizi know: read as
    /// "und", its words would go to the French lists first, where "hates" is
    /// the plural of "hâte" (eagerness) and scores positive. Only English is
    /// promoted: for the rest, "und" already consults French first and then
    /// Arabizi, which is what short Moroccan posts need.
    pub fn english_hint(&self, toks: &[super::tokenize::Token<'_>]) -> bool {
        let none = Entry::default();
        let (mut en, mut other) = (0u32, 0u32);
        for t in toks {
            if t.kind != super::tokenize::Kind::Word
                || t.arabic
                || t.digit_letter
                || !t.key.chars().any(super::tokenize::is_letter)
            {
                continue;
            }
            let k = t.key.as_str();
            let e = self.entry(t.entry).unwrap_or(&none);
            let stem = Stem::new(self, k);
            // A word's own entry outweighs a match through its plural stem:
            // "hates" is in the English list, and French only as "hâte" + s.
            let strength = |exact: bool, any: bool| u8::from(any) + u8::from(exact);
            let en_any = Self::en_get(e, k, &stem, false).is_some();
            let en_side = strength(e.en.is_some(), en_any);
            let fr_exact = e.rates_french();
            let latn = self.latn_get(k, 3).is_some();
            let other_any = fr_exact || latn || Self::fr_get(e, &stem, false).is_some();
            let other_side = strength(fr_exact || latn, other_any);
            match en_side.cmp(&other_side) {
                std::cmp::Ordering::Greater => en += 1,
                std::cmp::Ordering::Less => other += 1,
                std::cmp::Ordering::Equal => {}
            }
        }
        en > other
    }

    /// Latin-script word. `lang` orders the lists consulted, because the same
    /// spelling can mean different things in French, English and Arabizi.
    /// `reach` says how much Arabizi a French or English text reads (see
    /// `Arabizi`); texts in other languages read it all, by skeleton.
    /// `proper` (a capitalised word inside a French sentence, likely a name)
    /// restricts French lookup to our own curated list, and keeps it from Arabizi.
    pub fn lookup_latin(
        &self,
        key: &str,
        entry: u32,
        alt: Option<&str>,
        lang: &str,
        proper: bool,
        reach: Arabizi,
    ) -> Option<Val> {
        // The common case, a word in no Latin list, answered without the
        // fallbacks below: no elongated variant, no Arabizi skeleton to try
        // (a plain word in a language that consults Arabizi skeletons only for
        // digit-letters and code-switched texts), no plural stem (no final s
        // or x), and an entry with no French, English or listed Arabizi value.
        let arabizi_always = matches!(lang, "ary-latn" | "ar" | "ary" | "und");
        if alt.is_none()
            && reach == Arabizi::Listed
            && !arabizi_always
            && !key.ends_with(['s', 'x'])
            && self
                .entry(entry)
                .is_none_or(|e| !e.rates_french() && e.en.is_none() && e.latn.is_none())
        {
            return None;
        }
        self.lookup_latin_full(key, entry, alt, lang, proper, reach)
    }

    /// `lookup_latin` without its fast miss (the reference it is tested against).
    fn lookup_latin_full(
        &self,
        key: &str,
        entry: u32,
        alt: Option<&str>,
        lang: &str,
        proper: bool,
        reach: Arabizi,
    ) -> Option<Val> {
        let alt = alt.map(|a| (a, self.word_id(a).unwrap_or(NO_ENTRY)));
        let none = Entry::default();
        let digit = reach == Arabizi::Digit;
        for (k, i) in [Some((key, entry)), alt].into_iter().flatten() {
            let e = self.entry(i).unwrap_or(&none);
            let stem = Stem::new(self, k);
            let r = match lang {
                "fr" => Self::fr_get(e, &stem, proper)
                    .or_else(|| {
                        if proper {
                            None
                        } else {
                            Self::en_get(e, k, &stem, true)
                        }
                    })
                    .or_else(|| self.arabizi_among_latin(k, e, reach, proper)),
                "en" => Self::en_get(e, k, &stem, false)
                    .or_else(|| self.arabizi_among_latin(k, e, reach, proper)),
                "ary-latn" => self
                    .latn_unless_french(k, e, 1)
                    .or_else(|| Self::fr_get(e, &stem, false))
                    .or_else(|| Self::en_get(e, k, &stem, true)),
                "ar" | "ary" => self
                    .latn_unless_french(k, e, 2)
                    .or_else(|| Self::fr_get(e, &stem, false))
                    .or_else(|| Self::en_get(e, k, &stem, true)),
                // Unknown language (no function words): our curated French list,
                // then English, then the noisier imported French lists, then
                // Arabizi. Short Moroccan posts often have no function word at
                // all ("Inwi khayb", "msrota 😭"), and whatever French and
                // English did not claim is more likely Darija than a collision,
                // except the known ones (NOT_ARABIZI).
                _ => Self::fr_get(e, &stem, true)
                    .or_else(|| Self::en_get(e, k, &stem, false))
                    .or_else(|| Self::fr_get(e, &stem, false))
                    .or_else(|| self.latn_unless_french(k, e, if digit { 2 } else { 3 })),
            };
            if r.is_some() {
                return r;
            }
        }
        None
    }

    /// The Arabizi value of `k` by skeleton, unless it is a known French or
    /// English word (NOT_ARABIZI: "zone" is no zin, even in "la zone dyal
    /// Tanger"; a name has no tone in any language).
    fn latn_unless_french(&self, k: &str, e: &Entry, min_len: usize) -> Option<Val> {
        if e.not_arabizi {
            None
        } else {
            self.latn_get(k, min_len)
        }
    }

    /// The Arabizi value of a word French and English left unclaimed in a
    /// French or English text, as far as `reach` allows.
    fn arabizi_among_latin(&self, k: &str, e: &Entry, reach: Arabizi, proper: bool) -> Option<Val> {
        match reach {
            Arabizi::Digit => self.latn_get(k, 2),
            _ if proper || e.not_arabizi => None,
            Arabizi::Switched => self.latn_get(k, 3),
            Arabizi::Listed => e.latn,
        }
    }

    /// The value of a word written with the accents of an entry of
    /// `fr_accented` (None for any other word or spelling). `entry` is the
    /// token's index entry, so words with no accented homograph pay one
    /// bool test.
    pub fn lookup_accented(&self, entry: u32, text: &str) -> Option<Val> {
        if !self.entry(entry).is_some_and(|e| e.accented) || text.is_ascii() {
            return None;
        }
        self.fr_accented.get(&text.to_lowercase()).copied()
    }

    /// Arabizi negation circumfix: ma-STEM-ch (ma3jbnich, mazwinch, mab9ach).
    pub fn lookup_latin_circumfix(&self, key: &str) -> Option<Val> {
        self.lookup_latin_neg_suffix(key.strip_prefix("ma")?)
    }

    /// The second half of a split Arabizi circumfix: STEM-ch after a separate
    /// "ma" ("ma 3jbatnich").
    pub fn lookup_latin_neg_suffix(&self, rest: &str) -> Option<Val> {
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
        if !self.arabic_filter.may_contain(k) {
            return None;
        }
        let (ar, ary) = self.arabic.get(k)?;
        if ary_first { ary.or(*ar) } else { ar.or(*ary) }
    }

    /// Arabic-script word: exact, then without proclitics (و ف ب ل ك ال and
    /// combinations), then without common enclitics / inflection suffixes, then
    /// with doubled letters collapsed. Stripping only happens when the bare form
    /// is in a lexicon, and the remaining stem must keep >= 2 letters (3 after
    /// suffix stripping) so short function words are not mangled.
    ///
    /// `entry` is the key's position in the merged index (NO_ENTRY if absent),
    /// as the tokeniser found it: the index holds every Arabic key with its
    /// values, so the exact form costs no second hash.
    pub fn lookup_arabic(&self, key: &str, entry: u32, ary_first: bool) -> Option<Val> {
        let exact = self.entry(entry).and_then(|e| {
            if ary_first {
                e.ary.or(e.ar)
            } else {
                e.ar.or(e.ary)
            }
        });
        self.lookup_arabic_from(key, exact, ary_first)
    }

    /// `lookup_arabic` of a key whose index entry is not known (a stem).
    fn lookup_arabic_key(&self, key: &str, ary_first: bool) -> Option<Val> {
        self.lookup_arabic_from(key, self.ar_get(key, ary_first), ary_first)
    }

    /// `lookup_arabic` once the exact form's value (`exact`) is known.
    fn lookup_arabic_from(&self, key: &str, exact: Option<Val>, ary_first: bool) -> Option<Val> {
        exact
            .or_else(|| self.lookup_arabic_affixes(key, ary_first))
            .or_else(|| {
                // Moroccan spelling of the 3rd-person imperfect after "الله": ا for ي
                // ("الله اخليك" = "الله يخليك", "الله استر" = "الله يستر").
                let rest = strip_pre(key, "ا")?;
                if strip_pre(rest, "ل").is_some() || !at_least_chars(rest, 3) {
                    return None;
                }
                let mut y = String::with_capacity(key.len());
                y.push('ي');
                y.push_str(rest);
                self.ar_get(&y, ary_first)
                    .or_else(|| self.lookup_arabic_affixes(&y, ary_first))
            })
    }

    /// The affix strippings of `lookup_arabic`, after the exact form missed.
    fn lookup_arabic_affixes(&self, key: &str, ary_first: bool) -> Option<Val> {
        // Proclitic chains grouped by first letter, enclitics by last letter, so
        // a word is only compared with affixes it can carry (this lookup runs
        // for every Arabic word, and most words are not in any lexicon).
        // ك alone is left out: as a proclitic it is rare in tweets, and
        // stripping it turns many words into unrelated ones (كامل -> امل).
        // The flag: whether the stem left may also lose a suffix (see `stems`).
        let first = key.chars().next();
        let pre: &[(&str, bool)] = match first {
            Some('و') => &[
                ("وبال", true),
                ("وال", true),
                ("ولل", false),
                ("وب", false),
                ("ول", false),
                ("وك", false),
                ("و", true),
            ],
            Some('ف') => &[
                ("فال", true),
                ("فلل", false),
                ("فب", false),
                ("فل", false),
                ("ف", false),
            ],
            Some('ب') => &[("بال", true), ("ب", false)],
            Some('ل') => &[("لل", false), ("ل", false)],
            Some('ك') => &[("كال", true)],
            Some('ا') => &[("ال", true)],
            _ => &[],
        };
        let suf: &[&str] = match key.chars().next_back() {
            Some('م') => &["كم", "هم"],
            Some('ا') => &["ها", "نا", "ا"],
            Some('ي') => &["وني", "ني", "ي"],
            Some('ت') => &["ات"],
            Some('ن') => &["ين", "ون"],
            Some('ك') => &["ك"],
            Some('ه') => &["ه"],
            Some('و') => &["و"],
            _ => &[],
        };
        // Stems that may also lose a suffix: the word itself, and the word
        // without an article or the conjunction و (ال + noun + plural/feminine
        // ending is regular; other single-letter proclitics plus a suffix
        // yield too many false stems).
        let mut stems: [&str; 3] = [key, "", ""];
        let mut ns = 1;
        for &(p, keeps) in pre {
            if let Some(r) = strip_pre(key, p)
                && at_least_chars(r, 2)
            {
                if let Some(v) = self.ar_get(r, ary_first) {
                    return Some(v);
                }
                if ns < stems.len() && keeps {
                    stems[ns] = r;
                    ns += 1;
                }
            }
        }
        // One buffer for the teh marbuta forms below, allocated if needed.
        let mut m = String::new();
        for st in &stems[..ns] {
            for s in suf {
                if let Some(r) = strip_suf(st, s)
                    && at_least_chars(r, 3)
                {
                    if let Some(v) = self.ar_get(r, ary_first) {
                        return Some(v);
                    }
                    // Teh marbuta is written ت before a pronoun: فضيحته = فضيحة + ه.
                    if let Some(t) = strip_suf(r, "ت") {
                        m.clear();
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
        let vpre: &[&str] = match first {
            Some('ي') => &["ي"],
            Some('ت') => &["تي", "تن", "ت"],
            Some('ن') => &["ن"],
            Some('ك') => &["كي", "كت", "كن"],
            _ => &[],
        };
        for p in vpre {
            if let Some(r) = strip_pre(key, p)
                && at_least_chars(r, 3)
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
        let rest = strip_pre(key, "ما").or_else(|| strip_pre(key, "م"))?;
        self.lookup_arabic_neg_suffix(rest, ary_first)
    }

    /// The second half of a split circumfix: STEM-ش after a separate ما
    /// ("ما عجبنيش").
    pub fn lookup_arabic_neg_suffix(&self, rest: &str, ary_first: bool) -> Option<Val> {
        let stem = strip_suf(rest, "ش")?;
        if !at_least_chars(stem, 2) {
            return None;
        }
        self.lookup_arabic_key(stem, ary_first)
    }
}

/// `s` without the prefix `p`. Compared byte by byte in line: the Arabic
/// affixes are two to eight bytes, and `str::strip_prefix` called memcmp for
/// each of the dozen candidates an unknown word is tried with. (A prefix that
/// is a whole string ends on a char boundary of `s`, so `get` cannot fail.)
#[inline]
fn strip_pre<'a>(s: &'a str, p: &str) -> Option<&'a str> {
    let (sb, pb) = (s.as_bytes(), p.as_bytes());
    if sb.len() < pb.len() || !sb.iter().zip(pb).all(|(a, b)| a == b) {
        return None;
    }
    s.get(pb.len()..)
}

/// `s` without the suffix `p`, as `strip_pre`.
#[inline]
fn strip_suf<'a>(s: &'a str, p: &str) -> Option<&'a str> {
    let (sb, pb) = (s.as_bytes(), p.as_bytes());
    let cut = sb.len().checked_sub(pb.len())?;
    if !sb[cut..].iter().zip(pb).all(|(a, b)| a == b) {
        return None;
    }
    s.get(..cut)
}

/// Whether `s` has at least `n` (>= 1) chars. A char is at most four bytes,
/// so the length alone answers for most stems; otherwise count the bytes that
/// start a char (no decoding).
#[inline]
fn at_least_chars(s: &str, n: usize) -> bool {
    s.len() >= 4 * n - 3 || s.bytes().filter(|&b| (b as i8) >= -0x40).count() >= n
}

/// French inflection rules (suffix of the form, ending of its base form):
/// "énervée" -> "énervé", "heureuses" -> "heureux", "adorent" -> "adore",
/// "applaudissent" -> "applaudit". The stem must keep 4 bytes, and bare -e/-es
/// is only stripped after t, s, d, u, i ("contente", "mauvaise", "déçue"), so
/// "France" never becomes "franc". Folded keys.
const FR_INFLECTIONS: &[(&str, &str)] = &[
    ("euses", "eux"),
    ("euse", "eux"),
    ("ives", "if"),
    ("ive", "if"),
    ("ees", "e"),
    ("ee", "e"),
    ("es", ""),
    ("e", ""),
    ("issent", "it"),
    ("ent", "e"),
];

/// Inflected forms of French words (see FR_INFLECTIONS), generated when the
/// lexicon is built so lookup stays one hash. A rated infinitive's verb forms
/// come first; then rules are applied in order over all bases and `add` keeps
/// the first value it gets for a form, so when a form could come from several
/// bases the earliest rule wins, as a suffix-stripping lookup would find it.
/// One reused buffer: this runs for every imported word at start-up.
fn fr_inflections(bases: &Map<Val>, verbs: bool, mut add: impl FnMut(&str, Val)) {
    let mut form = String::with_capacity(64);
    // First-group verbs from their infinitive: participle and present ("supprimé",
    // "supprime", "supprimées"), future and conditional ("sauvera", "sauverait"),
    // imperfect ("détruisait" is irregular; "gâchait" is not). The lists rate
    // infinitives; posts use every tense. Stems keep 3 bytes ("tuer" has its own forms).
    // Only for veille's own list: the imported lists' infinitives are machine
    // translations whose weak weights ("dominer", "oublier") misread plain narration
    // once every tense of them fires (measured on the French and English dev sets).
    // They come first: a rated infinitive names its verb, and its forms must not be
    // shadowed by the same folded form guessed from another base ("protègent" from the
    // deny-listed participle "protégé", folded "protege" + -nt).
    if verbs {
        for suf in FR_VERB_ER_FORMS {
            for (base, v) in bases {
                let Some(st) = base.strip_suffix("er") else {
                    continue;
                };
                // A deny-listed infinitive (weight 0) names that one misleading form.
                if st.len() < 3 || v.w == 0.0 {
                    continue;
                }
                form.clear();
                form.push_str(st);
                form.push_str(suf);
                add(&form, *v);
            }
        }
    }
    for (suf, rep) in FR_INFLECTIONS {
        for (base, v) in bases {
            let Some(st) = base.strip_suffix(rep) else {
                continue;
            };
            if st.len() < 4 || (rep.is_empty() && !st.ends_with(['t', 's', 'd', 'u', 'i'])) {
                continue;
            }
            form.clear();
            form.push_str(st);
            form.push_str(suf);
            add(&form, *v);
        }
    }
}

/// Endings of a first-group verb's forms (folded), from its stem: participles,
/// present, future, conditional, imperfect.
const FR_VERB_ER_FORMS: &[&str] = &[
    "e", "es", "ee", "ees", "ent", "era", "eront", "erait", "eraient", "ait", "aient", "ez",
];

/// The Arabic lookup as it was before it took the token's index entry and
/// compared affixes in line: the reference the fast one is checked against.
#[cfg(test)]
mod reference {
    use super::*;

    impl Lexicon {
        /// Arabic-script word: exact, then without proclitics (و ف ب ل ك ال and
        /// combinations), then without common enclitics / inflection suffixes, then
        /// with doubled letters collapsed. Stripping only happens when the bare form
        /// is in a lexicon, and the remaining stem must keep >= 2 letters (3 after
        /// suffix stripping) so short function words are not mangled.
        pub(super) fn lookup_arabic_reference(&self, key: &str, ary_first: bool) -> Option<Val> {
            self.lookup_arabic_inner_reference(key, ary_first)
                .or_else(|| {
                    // Moroccan spelling of the 3rd-person imperfect after "الله": ا for ي
                    // ("الله اخليك" = "الله يخليك", "الله استر" = "الله يستر").
                    let rest = key.strip_prefix('ا')?;
                    if rest.starts_with('ل') || rest.chars().count() < 3 {
                        return None;
                    }
                    let mut y = String::with_capacity(key.len());
                    y.push('ي');
                    y.push_str(rest);
                    self.lookup_arabic_inner_reference(&y, ary_first)
                })
        }

        fn lookup_arabic_inner_reference(&self, key: &str, ary_first: bool) -> Option<Val> {
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
                Some('ي') => &["وني", "ني", "ي"],
                Some('ت') => &["ات"],
                Some('ن') => &["ين", "ون"],
                Some('ك') => &["ك"],
                Some('ه') => &["ه"],
                Some('و') => &["و"],
                _ => &[],
            };
            // "At least n chars", decoding no more than n of them.
            let at_least = |s: &str, n: usize| s.chars().nth(n - 1).is_some();
            // Stems that may also lose a suffix: the word itself, and the word
            // without an article or the conjunction و (ال + noun + plural/feminine
            // ending is regular; other single-letter proclitics plus a suffix
            // yield too many false stems).
            let mut stems: [&str; 3] = [key, "", ""];
            let mut ns = 1;
            for p in pre {
                if let Some(r) = key.strip_prefix(p)
                    && at_least(r, 2)
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
                        && at_least(r, 3)
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
                    && at_least(r, 3)
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
        pub(super) fn lookup_arabic_circumfix_reference(
            &self,
            key: &str,
            ary_first: bool,
        ) -> Option<Val> {
            let rest = key.strip_prefix("ما").or_else(|| key.strip_prefix('م'))?;
            let stem = rest.strip_suffix('ش')?;
            if stem.chars().count() < 2 {
                return None;
            }
            self.lookup_arabic_reference(stem, ary_first)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The filter may only answer "certainly absent" for absent keys: a false
    /// "absent" would silently drop a lexicon word. Checked on every Arabic
    /// key, plus keys whose first or last char is not a two-byte letter (the
    /// byte-level fast path must hand those to the general one).
    #[test]
    fn arabic_filter_never_rejects_a_stored_key() {
        let lx = Lexicon::embedded();
        for k in lx.arabic.keys() {
            assert!(lx.arabic_filter.may_contain(k), "{k}");
        }
        let mut f = ArabicFilter::default();
        let odd = ["3ب", "ب3", "ا", "aبc", "ﻻب", "بﻻ", "ب😀ب"];
        for k in odd {
            f.add(k);
        }
        for k in odd {
            assert!(f.may_contain(k), "{k}");
        }
        assert!(!f.may_contain("تت"));
    }

    /// Regression: "nadia" (a name, 0) shared "nadi"'s skeleton and zeroed
    /// it, and "lkhir" (the good) read as "khra" (-3). Words that share a
    /// skeleton must agree in tone, or be listed as exact spellings ("=").
    #[test]
    fn arabizi_skeletons_never_collide_silently() {
        let mut seen: Map<(String, f64)> = Map::default();
        for (t, w) in parse(ARY_LATN) {
            if t.starts_with('=') || t.contains(' ') {
                continue;
            }
            let sk = arabizi_skeleton(&word_key(t));
            if let Some((other, w0)) = seen.get(&sk) {
                assert!(
                    (w0 * w > 0.0 || (*w0 == 0.0 && w == 0.0)) && (w0 - w).abs() <= 1.0,
                    "{t} ({w}) and {other} ({w0}) share the skeleton {sk:?}"
                );
            }
            seen.insert(sk, (t.to_string(), w));
        }
        let lx = Lexicon::embedded();
        let w = |k: &str| lx.latn_get(k, 1).map(|v| v.w);
        assert_eq!(w("nadi"), Some(2.0));
        assert_eq!(w("nadia"), Some(0.0));
        assert!(w("lkhir").unwrap() > 0.0 && w("5ir").unwrap() > 0.0);
        assert!(w("lkhra").unwrap() < 0.0 && w("khra").unwrap() < 0.0);
        assert!(w("t7iya").unwrap() > 0.0 && w("ta7").unwrap() < 0.0);
        for ordinal in ["2nd", "3rd", "1er", "2eme", "4th"] {
            assert_eq!(w(ordinal), None, "{ordinal}");
        }
    }

    /// Every word of our own lists' entries is a word to the tokenizer: one
    /// it skips (a number: "10/10", "0 stars") makes the entry dead text.
    #[test]
    fn own_entries_are_made_of_words() {
        use crate::score::tokenize::{Kind, tokenize};
        for list in [FR_OWN, EN_OWN, AR, ARY, ARY_LATN] {
            for (t, _) in parse(list) {
                let term = t.strip_prefix('=').unwrap_or(t);
                for piece in term.split_whitespace() {
                    let toks = tokenize(piece, None);
                    assert!(
                        !toks.is_empty() && toks.iter().all(|k| k.kind == Kind::Word),
                        "{t:?}: {piece:?} is not read as words"
                    );
                }
            }
        }
    }

    /// Regression: every brand with lexicon entries of its own used to copy
    /// the whole lexicon (13 MB and 45 ms each: 578 MB for 40 such brands).
    /// Its copy now shares the word index, every table its entries leave
    /// alone and every table only the index reads (their copies, 1.1 MB a
    /// brand, are dropped once its overlay is built), and holds only the
    /// words they change.
    #[test]
    fn brand_lexicon_shares_the_base_tables() {
        let base = Lexicon::embedded();
        let mut brand = base.clone();
        let e = |term: &str, lang: Option<&str>| LexiconEntry {
            term: term.into(),
            weight: -2.5,
            lang: lang.map(Into::into),
        };
        brand
            .add_user(&[e("coupure", Some("fr")), e("réseau instable", None)])
            .unwrap();
        assert!(Arc::ptr_eq(&brand.words, &base.words));
        for (b, o) in [
            (&brand.fr, &base.fr),
            (&brand.en, &base.en),
            (&brand.fr_accented, &base.fr_accented),
            (&brand.latn, &base.latn),
        ] {
            assert!(Arc::ptr_eq(&b.0, &o.0));
        }
        // The French entry went into the overlay; the tables only the index
        // reads went back to the base's (they were 0.8 MB a brand).
        assert!(Arc::ptr_eq(&brand.fr_core.0, &base.fr_core.0));
        let over = brand
            .over
            .as_ref()
            .expect("a brand's lexicon has an overlay");
        // "coupure", its inflections and the phrase head "réseau".
        assert!(
            (2..40).contains(&over.entries.len()),
            "{} words overlaid",
            over.entries.len()
        );
        let id = brand.word_id("coupure").unwrap();
        assert_eq!(brand.entry(id).unwrap().fr_core.map(|v| v.w), Some(-2.5));
        let id = base.word_id("coupure").unwrap();
        assert_ne!(base.entry(id).unwrap().fr_core.map(|v| v.w), Some(-2.5));
        assert!(base.over.is_none());
    }

    /// Every NOT_ARABIZI word does meet a Darija word by its skeleton (else
    /// it is dead text), and no text reads it as Arabizi.
    #[test]
    fn not_arabizi_words_collide_and_are_kept_out() {
        let lx = Lexicon::embedded();
        for w in NOT_ARABIZI {
            assert!(lx.latn_get(w, 1).is_some(), "{w} meets no Darija word");
            let e = lx.entry(lx.word_id(w).unwrap()).unwrap();
            assert!(e.not_arabizi, "{w}");
            for lang in ["fr", "en", "ary-latn", "ar", "ary", "und"] {
                for reach in [Arabizi::Listed, Arabizi::Switched] {
                    let v = lx.lookup_latin(w, lx.word_id(w).unwrap(), None, lang, false, reach);
                    assert!(v.is_none_or(|v| v.src != Src::Latn), "{w} {lang} {reach:?}");
                }
            }
        }
    }

    /// A list that names a term twice keeps only the later weight (entries are
    /// inserted in file order, accents folded), so the earlier line is dead text
    /// that a reader would edit in vain: fr_own.tsv held "bien" at 1.2 and again
    /// at 0.8, "tué" at -2.8 and "tue" at -2.0.
    #[test]
    fn own_lists_name_each_term_once() {
        let mut twice = Vec::new();
        for (name, list) in [
            ("fr_own", FR_OWN),
            ("en_own", EN_OWN),
            ("ar", AR),
            ("ary", ARY),
            ("ary_latn", ARY_LATN),
            ("emoji", EMOJI),
        ] {
            let mut seen: Map<(String, f64)> = Map::default();
            for (t, w) in parse(list) {
                // "=" entries live in their own exact-spelling table.
                let key = match t.strip_prefix('=') {
                    Some(exact) => format!("={exact}"),
                    None => t
                        .split_whitespace()
                        .map(word_key)
                        .collect::<Vec<_>>()
                        .join(" "),
                };
                // Spellings that fold to one key ("kiffe", "kiffé") may both be
                // listed, as long as they agree; one spelling listed twice is a
                // copy even with one weight (ما وصلنيش and مبلوكي were, unseen).
                if let Some((t0, w0)) = seen.insert(key, (t.to_string(), w))
                    && (w0 != w || t0 == t)
                {
                    twice.push(format!("{name}: {t0:?} ({w0}) then {t:?} ({w})"));
                }
            }
        }
        assert!(twice.is_empty(), "listed twice:\n{}", twice.join("\n"));
    }

    /// The Arabic lookup answers exactly as the reference: every Arabic key,
    /// with each proclitic, enclitic, verb prefix, the Darija circumfix and a
    /// doubled letter added, in both orders of the MSA and Darija lists.
    #[test]
    fn arabic_lookup_agrees_with_reference() {
        let lx = Lexicon::embedded();
        let mut keys: Vec<String> = lx.arabic.keys().cloned().collect();
        keys.extend(
            ["", "ا", "اا", "ال", "مش", "ماش", "ت", "كت", "a", "aب", "بa"].map(String::from),
        );
        let pre = [
            "وبال", "وال", "ولل", "وب", "ول", "وك", "و", "فال", "فلل", "فب", "فل", "ف", "بال", "ب",
            "لل", "ل", "كال", "ال", "ي", "تي", "تن", "ت", "ن", "كي", "كت", "كن", "ا", "ما", "م",
            "😀",
        ];
        let suf = [
            "كم", "هم", "ها", "نا", "ا", "وني", "ني", "ي", "ات", "ين", "ون", "ك", "ه", "و", "ته",
            "ش", "يش", "😀",
        ];
        let base: Vec<String> = lx.arabic.keys().cloned().collect();
        for k in &base {
            for p in pre {
                keys.push(format!("{p}{k}"));
                for s in suf {
                    keys.push(format!("{p}{k}{s}"));
                }
            }
            for s in suf {
                keys.push(format!("{k}{s}"));
            }
            let mut cs = k.chars();
            if let Some(c) = cs.next() {
                keys.push(format!("{c}{c}{}", cs.as_str()));
            }
        }
        let show = |v: Option<Val>| v.map(|v| (v.w, v.src));
        for k in &keys {
            let entry = lx.word_id(k).unwrap_or(NO_ENTRY);
            for ary_first in [false, true] {
                assert_eq!(
                    show(lx.lookup_arabic(k, entry, ary_first)),
                    show(lx.lookup_arabic_reference(k, ary_first)),
                    "{k:?} ary_first={ary_first}"
                );
                assert_eq!(
                    show(lx.lookup_arabic_circumfix(k, ary_first)),
                    show(lx.lookup_arabic_circumfix_reference(k, ary_first)),
                    "{k:?} ary_first={ary_first}"
                );
            }
        }
        for s in [
            "", "a", "é", "ab", "ب", "بب", "ببب", "😀", "😀😀", "a😀", "بé",
        ] {
            for n in 1..5 {
                assert_eq!(at_least_chars(s, n), s.chars().count() >= n, "{s:?} {n}");
            }
        }
    }

    /// The fast miss in `lookup_latin` answers exactly as the full lookup:
    /// every indexed key, its plural and some unknown words, in every language,
    /// as a name or not.
    #[test]
    fn latin_fast_miss_agrees_with_full_lookup() {
        let lx = Lexicon::embedded();
        let mut keys: Vec<String> = lx.words.index.keys().cloned().collect();
        keys.extend(lx.words.index.keys().map(|k| format!("{k}s")));
        keys.extend(["zzqv", "bonjourx", "3ajbni", "ok", "a", ""].map(String::from));
        for k in &keys {
            let entry = lx.word_id(k).unwrap_or(NO_ENTRY);
            let digit = k.bytes().any(crate::score::normalize::is_digit_letter);
            let reaches: &[Arabizi] = if digit {
                &[Arabizi::Digit]
            } else {
                &[Arabizi::Listed, Arabizi::Switched]
            };
            for lang in ["fr", "en", "ary-latn", "ar", "ary", "und"] {
                for proper in [false, true] {
                    for &reach in reaches {
                        let fast = lx.lookup_latin(k, entry, None, lang, proper, reach);
                        let full = lx.lookup_latin_full(k, entry, None, lang, proper, reach);
                        assert_eq!(
                            fast.map(|v| (v.w, v.src)),
                            full.map(|v| (v.w, v.src)),
                            "{k:?} {lang} proper={proper} {reach:?}"
                        );
                    }
                }
            }
        }
    }
}
