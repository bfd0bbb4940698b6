//! Brand matcher: finds mentions of configured brands in a document.
//!
//! This module owns the public API (`BrandSpec`, `Matcher`, `Hit`, ...) and
//! the pipeline; it is pure and deterministic (no I/O, no clock, no
//! randomness), so the same specs and document always give the same hits.
//!
//! Pipeline for one document:
//! 1. `fold` the text once (case, accents, apostrophes, Arabic variants),
//!    keeping a map back to original byte offsets.
//! 2. Find every occurrence of every literal of every brand (aliases, query
//!    terms, exclusion phrases, context words) with ONE Aho-Corasick DFA,
//!    run anchored only at the positions where an accepted match can start
//!    (word starts, after an Arabic proclitic, inside hashtags) and whose
//!    first bytes look like some pattern (`scan.rs`). Overlapping semantics,
//!    so no brand hides another. The per-byte cost does not depend on the
//!    number of brands.
//! 3. Check word boundaries for each raw match (`boundary.rs`): elisions,
//!    hyphens, Arabic proclitics, script changes, hashtag camel case.
//! 4. Only for brands that got a candidate: source/language filters, URL
//!    filter, exclusion phrases, context words, then the boolean query.
//! 5. Drop overlapping hits of the same brand, map offsets back.
//!
//! Alias syntax, decided here because the config layer passes strings:
//! - A leading `=` makes the alias case-sensitive: `=RAM` matches "RAM" but
//!   not "ram"/"Ram" (for short acronyms that are also common words). The
//!   match stays accent-insensitive. Without `=` everything is
//!   case-insensitive.
//! - `#inwi` matches only the hashtag, `@inwi` only the handle; `inwi`
//!   matches the word, `#inwi` and `@inwi`.
//! - Aliases are literal: `l'OCP` matches "l'OCP"/"l’ocp" only. To also
//!   match "d'OCP", "OCP" write `OCP`: elided articles in front of an alias
//!   are always accepted.
//! - Multi-word aliases also match with a hyphen ("coca cola" ↔ "Coca-Cola").
//!   An Arabic alias starting with ال also matches after ل ("للبنك الشعبي"
//!   for "البنك الشعبي"; the hit covers "بنك الشعبي").
//!
//! Word boundaries (boundary.rs): Latin letters and digits join (Arabizi
//! writes "m3a", so "inwi4g" is not Inwi); a change of script splits
//! ("بInwi", "Inwiديال"); Arabic letters and digits split; apostrophes,
//! hyphens, `_`, punctuation and emoji separate. Inside a hashtag or handle
//! a lower→Upper or letter↔digit change also splits: `#InwiMaroc`,
//! `#MarocInwi`, `#Orange5G` mention the brand; `#inwimaroc` does not (the
//! all-lowercase run is ambiguous, cf. "#orangeade").
//!
//! Hit offsets: `start` excludes characters removed by folding that precede
//! the hit; `end` includes the ones that follow it (a trailing shadda).
//! `term` is the alias as written (with its `=` marker), the query term as
//! written in the query (quotes included), or the regex source.

mod boundary;
mod fold;
mod query;
mod scan;

pub use fold::{Folded, fold};

use std::cell::OnceCell;
use std::collections::HashMap;

use aho_corasick::automaton::OverlappingState;
use aho_corasick::{AhoCorasick, AhoCorasickKind, Anchored, Input, MatchKind, StartKind};
use regex::{Regex, RegexSet};

use boundary::{Class, char_at, char_before, class, joins};
use query::Query;
use scan::StartIndex;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct BrandSpec {
    pub name: String,
    /// Plain aliases ("inwi", "إنوي", "#inwi", "@inwi", "=RAM"). The name
    /// itself is not implicitly an alias; the config layer adds it.
    pub aliases: Vec<String>,
    /// Exclusion phrases: a hit inside an occurrence of one of these is not a
    /// mention ("jus d'orange").
    pub exclude: Vec<String>,
    /// Context words: a hit whose sentence contains one of these is not a
    /// mention ("fruit", "pressé"; French -e/-s/-es/-x endings also match).
    pub exclude_context: Vec<String>,
    /// Boolean query; when set, a document must satisfy it for any hit of
    /// this brand to count. Without aliases/regex its positive terms are the
    /// hits.
    pub query: Option<String>,
    /// Regex escape hatch, run on the FOLDED text (lower case, no accents,
    /// normalised Arabic): each match is a hit.
    pub regex: Vec<String>,
    /// Source (feed URL or host) substrings, case-insensitive, whose
    /// documents never mention this brand.
    pub exclude_sources: Vec<String>,
    /// If non-empty, only documents in these languages ("fr" also accepts
    /// "fr-MA"). Documents with an empty language are not filtered.
    pub langs: Vec<String>,
    pub exclude_langs: Vec<String>,
    /// Default false: a hit inside a URL, host name or e-mail address is not
    /// a mention.
    pub match_urls: bool,
}

pub struct Doc<'a> {
    pub text: &'a str,
    pub source: &'a str,
    pub lang: &'a str,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub brand: usize,
    /// Byte offsets into the ORIGINAL `doc.text`, on char boundaries.
    pub start: usize,
    pub end: usize,
    /// The alias, query term or regex that matched, as written in the spec.
    pub term: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct SpecError {
    pub brand: usize,
    /// "aliases" | "exclude" | "exclude_context" | "query" | "regex"
    pub field: &'static str,
    /// Element index in that list (0 for query).
    pub index: usize,
    /// Byte offset within that string of the offending character.
    pub offset: usize,
    pub message: String,
}

/// What a literal pattern means for one brand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Alias(u32),
    Exclude,
    Context,
    Term(u32),
}

#[derive(Debug, Clone, Copy)]
struct Entry {
    brand: u32,
    role: Role,
    /// Variant of an "ال…" name with the article removed; it only counts
    /// after "لل" ("للبنك" is ل + البنك).
    lil: bool,
    /// Context word: tolerate French inflection endings.
    inflect: bool,
}

struct CompiledBrand {
    aliases: Vec<String>,
    /// Case-sensitive reference for each alias (the text after `=`).
    alias_case: Vec<Option<String>>,
    query: Option<Query>,
    regex: Vec<(String, Regex)>,
    /// Aliases or regexes exist: the query is only a gate.
    has_direct: bool,
    exclude_sources: Vec<String>,
    langs: Vec<String>,
    exclude_langs: Vec<String>,
    match_urls: bool,
}

/// Compiled brand matcher. Build once, share between threads (`Send + Sync`).
pub struct Matcher {
    brands: Vec<CompiledBrand>,
    /// Anchored automaton over every literal, run only at the positions
    /// `starts` lets through (see scan.rs).
    ac: Option<AhoCorasick>,
    starts: StartIndex,
    /// The folded literals, by AC pattern id.
    patterns: Vec<String>,
    /// AC pattern id → the (brand, role) pairs that use that literal.
    entries: Vec<Vec<Entry>>,
    regex_set: Option<RegexSet>,
    regex_ids: Vec<(u32, u32)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    // Order matters: on equal spans an alias is reported before a term.
    Alias(u32),
    Regex(u32),
    Term(u32),
    Exclude,
    Context,
}

#[derive(Debug, Clone, Copy)]
struct Cand {
    brand: u32,
    kind: Kind,
    s: usize,
    e: usize,
}

/// Per-document facts computed at most once, and only when needed.
struct DocCtx<'a> {
    folded: &'a Folded,
    orig: &'a str,
    sentences: OnceCell<Vec<usize>>,
    words: OnceCell<Vec<usize>>,
    urls: OnceCell<Vec<(usize, usize)>>,
}

impl DocCtx<'_> {
    fn ft(&self) -> &str {
        &self.folded.text
    }
    fn sentence(&self, pos: usize) -> usize {
        let s = self
            .sentences
            .get_or_init(|| boundary::sentence_starts(self.ft()));
        boundary::index_in(s, pos)
    }
    fn in_url(&self, s: usize, e: usize) -> bool {
        if let Some(local) = boundary::in_url_local(self.ft(), s, e, 512) {
            return local;
        }
        let u = self.urls.get_or_init(|| boundary::url_spans(self.ft()));
        boundary::inside(u, s, e)
    }
    fn word(&self, pos: usize) -> usize {
        let w = self.words.get_or_init(|| boundary::word_starts(self.ft()));
        boundary::index_in(w, pos)
    }
}

struct Builder {
    ids: HashMap<String, usize>,
    patterns: Vec<String>,
    entries: Vec<Vec<Entry>>,
}

impl Builder {
    fn add(&mut self, pat: String, entry: Entry) {
        let id = *self.ids.entry(pat.clone()).or_insert_with(|| {
            self.patterns.push(pat);
            self.entries.push(Vec::new());
            self.patterns.len() - 1
        });
        self.entries[id].push(entry);
    }

    /// Adds a literal with its spelling variants (space ↔ hyphen, Arabic
    /// article dropped after ل). `folded` is already folded and trimmed.
    fn add_literal(&mut self, folded: &str, entry: Entry) {
        self.add(folded.to_string(), entry);
        if folded.contains(' ') {
            self.add(folded.replace(' ', "-"), entry);
        }
        if folded.contains('-') {
            self.add(folded.replace('-', " "), entry);
        }
        if let Some(rest) = folded.strip_prefix("ال")
            && rest
                .chars()
                .take_while(|&c| class(c) == Class::Arabic)
                .count()
                >= 2
        {
            self.add(rest.to_string(), Entry { lil: true, ..entry });
        }
    }
}

/// Folds a literal for the automaton, or explains why it cannot be one.
fn fold_literal(s: &str) -> Result<String, (usize, String)> {
    let f = fold(s).text;
    let f = f.trim_matches(|c: char| c == ' ' || c == '\n');
    if f.is_empty() {
        return Err((0, "empty term".into()));
    }
    if !f.chars().any(|c| class(c) != Class::Sep) {
        return Err((0, "a term must contain at least one letter or digit".into()));
    }
    Ok(f.to_string())
}

/// Splits the case-sensitivity marker: "=RAM" → (true, "RAM").
fn case_marker(s: &str) -> (bool, &str) {
    match s.strip_prefix('=') {
        Some(rest) => (true, rest),
        None => (false, s),
    }
}

/// Offset of the caret in a regex syntax error, if the message has one.
fn regex_error_offset(pat: &str, e: &regex::Error) -> usize {
    let regex::Error::Syntax(msg) = e else {
        return 0;
    };
    let lines: Vec<&str> = msg.lines().collect();
    for i in 1..lines.len() {
        let l = lines[i];
        let t = l.trim_start();
        if t.is_empty() || !t.chars().all(|c| c == '^') {
            continue;
        }
        let col = l.len() - t.len();
        // The line above is the pattern, indented by 4 spaces (single-line
        // patterns only; multi-line ones are numbered and fall back to 0).
        if lines[i - 1].get(4..) == Some(pat) && col >= 4 {
            return pat
                .char_indices()
                .nth(col - 4)
                .map_or(pat.len(), |(b, _)| b);
        }
    }
    0
}

fn lang_in(list: &[String], lang: &str) -> bool {
    list.iter().any(|l| {
        lang == l
            || lang
                .strip_prefix(l.as_str())
                .is_some_and(|r| r.starts_with(['-', '_']))
    })
}

/// Whether the cased letters of `found` have the same case as those of `want`.
fn same_case(found: &str, want: &str) -> bool {
    let cased = |c: &char| c.is_uppercase() || c.is_lowercase();
    let a = found.chars().filter(cased).map(|c| c.is_uppercase());
    let b = want.chars().filter(cased).map(|c| c.is_uppercase());
    a.eq(b)
}

impl std::fmt::Debug for Matcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Matcher")
            .field("brands", &self.brands.len())
            .field("literals", &self.patterns.len())
            .finish_non_exhaustive()
    }
}

impl Matcher {
    pub fn new(brands: &[BrandSpec]) -> Result<Matcher, SpecError> {
        let mut b = Builder {
            ids: HashMap::new(),
            patterns: Vec::new(),
            entries: Vec::new(),
        };
        let mut compiled = Vec::with_capacity(brands.len());
        let mut regex_srcs = Vec::new();
        let mut regex_ids = Vec::new();
        for (bi, spec) in brands.iter().enumerate() {
            let brand = bi as u32;
            let spec_err = |field, index, (offset, message): (usize, String)| SpecError {
                brand: bi,
                field,
                index,
                offset,
                message,
            };
            let entry = |role| Entry {
                brand,
                role,
                lil: false,
                inflect: false,
            };
            let mut alias_case = Vec::new();
            for (i, a) in spec.aliases.iter().enumerate() {
                let (cs, text) = case_marker(a);
                let f = fold_literal(text)
                    .map_err(|(o, m)| spec_err("aliases", i, (o + usize::from(cs), m)))?;
                b.add_literal(&f, entry(Role::Alias(i as u32)));
                alias_case.push(cs.then(|| text.to_string()));
            }
            for (i, x) in spec.exclude.iter().enumerate() {
                let f = fold_literal(x).map_err(|e| spec_err("exclude", i, e))?;
                b.add_literal(&f, entry(Role::Exclude));
            }
            for (i, x) in spec.exclude_context.iter().enumerate() {
                let f = fold_literal(x).map_err(|e| spec_err("exclude_context", i, e))?;
                b.add_literal(
                    &f,
                    Entry {
                        inflect: true,
                        ..entry(Role::Context)
                    },
                );
            }
            let mut regex = Vec::new();
            for (i, r) in spec.regex.iter().enumerate() {
                let re = Regex::new(r).map_err(|e| {
                    spec_err("regex", i, (regex_error_offset(r, &e), e.to_string()))
                })?;
                regex_srcs.push(r.clone());
                regex_ids.push((brand, i as u32));
                regex.push((r.clone(), re));
            }
            let has_direct = !spec.aliases.is_empty() || !spec.regex.is_empty();
            let query = match &spec.query {
                None => None,
                Some(src) => {
                    let q = query::parse(src)
                        .map_err(|e| spec_err("query", 0, (e.offset, e.message)))?;
                    for (ti, t) in q.terms.iter().enumerate() {
                        let f = fold_literal(&t.text)
                            .map_err(|(_, m)| spec_err("query", 0, (t.offset, m)))?;
                        b.add_literal(&f, entry(Role::Term(ti as u32)));
                    }
                    // A query that an empty document satisfies ("-fruit")
                    // is only meaningful as a gate on aliases.
                    if !has_direct && query::eval(&q.root, &|_| false, &mut |_| Vec::new()) {
                        return Err(spec_err(
                            "query",
                            0,
                            (
                                0,
                                "the query matches documents containing none of its terms; \
                                 add a positive term or aliases"
                                    .into(),
                            ),
                        ));
                    }
                    Some(q)
                }
            };
            let lower = |v: &[String]| -> Vec<String> {
                v.iter()
                    .map(|s| s.trim().to_lowercase())
                    .filter(|s| !s.is_empty())
                    .collect()
            };
            compiled.push(CompiledBrand {
                aliases: spec.aliases.clone(),
                alias_case,
                query,
                regex,
                has_direct,
                exclude_sources: lower(&spec.exclude_sources),
                langs: lower(&spec.langs),
                exclude_langs: lower(&spec.exclude_langs),
                match_urls: spec.match_urls,
            });
        }
        let ac = if b.patterns.is_empty() {
            None
        } else {
            // Anchored searches only (scan.rs picks the start positions). A
            // full DFA is the fastest automaton (one table lookup per byte);
            // it costs memory (a few MB for 1,000 brands), and if it exceeds
            // the crate's size limit we fall back to the builder's choice.
            let build = |kind| {
                AhoCorasick::builder()
                    .match_kind(MatchKind::Standard)
                    .start_kind(StartKind::Anchored)
                    .kind(kind)
                    .build(&b.patterns)
            };
            let ac = build(Some(AhoCorasickKind::DFA))
                .or_else(|_| build(None))
                .map_err(|e| SpecError {
                    brand: 0,
                    field: "aliases",
                    index: 0,
                    offset: 0,
                    message: format!("too many or too long terms: {e}"),
                })?;
            Some(ac)
        };
        let regex_set = if regex_srcs.is_empty() {
            None
        } else {
            // Every regex compiled alone above, so only size limits can fail.
            Some(RegexSet::new(&regex_srcs).map_err(|e| SpecError {
                brand: 0,
                field: "regex",
                index: 0,
                offset: 0,
                message: e.to_string(),
            })?)
        };
        Ok(Matcher {
            brands: compiled,
            ac,
            starts: StartIndex::new(&b.patterns),
            patterns: b.patterns,
            entries: b.entries,
            regex_set,
            regex_ids,
        })
    }

    /// All hits for all brands, sorted by start (then brand, then end).
    /// Hits of one brand never overlap.
    pub fn find(&self, doc: &Doc) -> Vec<Hit> {
        let mut hits = Vec::new();
        if doc.text.is_empty() || self.brands.is_empty() {
            return hits;
        }
        let folded = fold(doc.text);
        let ctx = DocCtx {
            folded: &folded,
            orig: doc.text,
            sentences: OnceCell::new(),
            words: OnceCell::new(),
            urls: OnceCell::new(),
        };
        let ft = ctx.ft();
        let mut cands = self.literal_candidates(&ctx);
        if let Some(set) = &self.regex_set {
            for idx in set.matches(ft).iter() {
                let (brand, ri) = self.regex_ids[idx];
                let re = &self.brands[brand as usize].regex[ri as usize].1;
                for m in re.find_iter(ft).filter(|m| !m.is_empty()) {
                    cands.push(Cand {
                        brand,
                        kind: Kind::Regex(ri),
                        s: m.start(),
                        e: m.end(),
                    });
                }
            }
        }
        if cands.is_empty() {
            return hits;
        }
        cands.sort_by_key(|c| c.brand);
        for group in cands.chunk_by(|a, b| a.brand == b.brand) {
            self.brand_hits(group, doc, &ctx, &mut hits);
        }
        hits.sort_by_key(|h| (h.start, h.brand, h.end));
        hits
    }

    /// Accepted literal matches: the automaton is run anchored at the
    /// candidate starts of `scan.rs` only.
    fn literal_candidates(&self, ctx: &DocCtx) -> Vec<Cand> {
        let mut cands = Vec::new();
        let Some(ac) = &self.ac else {
            return cands;
        };
        let ft = ctx.ft();
        self.starts.for_each_candidate(ft, |p| {
            let input = Input::new(ft).range(p..).anchored(Anchored::Yes);
            let mut state = OverlappingState::start();
            // The anchored DFA also reports patterns that are suffixes of
            // the path walked from `p`; those start later and are found from
            // their own start, so only matches starting at `p` are kept.
            while ac.try_find_overlapping(input.clone(), &mut state).is_ok() {
                let Some(m) = state.get_match() else { break };
                if m.start() == p {
                    self.push_literal(ctx, m.pattern().as_usize(), m.start(), m.end(), &mut cands);
                }
            }
        });
        cands
    }

    /// Reference for `literal_candidates`: a plain unanchored overlapping
    /// scan of the whole text (what the prefilter must be equivalent to).
    #[cfg(test)]
    fn literal_candidates_reference(&self, ctx: &DocCtx) -> Vec<Cand> {
        let mut cands = Vec::new();
        if self.patterns.is_empty() {
            return cands;
        }
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(&self.patterns)
            .expect("patterns built once already");
        for m in ac.find_overlapping_iter(ctx.ft()) {
            self.push_literal(ctx, m.pattern().as_usize(), m.start(), m.end(), &mut cands);
        }
        cands
    }

    fn push_literal(&self, ctx: &DocCtx, pid: usize, s: usize, e: usize, cands: &mut Vec<Cand>) {
        for en in &self.entries[pid] {
            if let Some(end) = self.accept(ctx, en, s, e) {
                let kind = match en.role {
                    Role::Alias(i) => Kind::Alias(i),
                    Role::Term(i) => Kind::Term(i),
                    Role::Exclude => Kind::Exclude,
                    Role::Context => Kind::Context,
                };
                cands.push(Cand {
                    brand: en.brand,
                    kind,
                    s,
                    e: end,
                });
            }
        }
    }

    /// Boundary checks for one raw automaton match; returns the match end
    /// (which may grow by an inflection ending for context words).
    fn accept(&self, ctx: &DocCtx, en: &Entry, s: usize, e: usize) -> Option<usize> {
        let ft = ctx.ft();
        let first = char_at(ft, s)?;
        let start_ok = if en.lil {
            boundary::proclitic_before(ft, s, true)
        } else {
            match char_before(ft, s) {
                None => true,
                Some(p) if !joins(p, first) => true,
                Some(_) if class(first) == Class::Arabic => {
                    boundary::proclitic_before(ft, s, false)
                }
                Some(_) => {
                    boundary::camel_split(ctx.orig, ctx.folded.to_original(s))
                        && boundary::in_tag(ft, s)
                }
            }
        };
        if !start_ok {
            return None;
        }
        let suffixes: &[&str] = if en.inflect {
            &["", "e", "s", "es", "x"]
        } else {
            &[""]
        };
        let end = suffixes.iter().find_map(|suf| {
            let e2 = e + suf.len();
            if !ft[e..].starts_with(suf) {
                return None;
            }
            let last = char_before(ft, e2)?;
            let ok = match char_at(ft, e2) {
                None => true,
                Some(n) if !joins(last, n) => true,
                Some(_) => {
                    // Scan back from the end: the alias may itself be "#tag".
                    boundary::camel_split(ctx.orig, ctx.folded.to_original(e2))
                        && boundary::in_tag(ft, e2)
                }
            };
            ok.then_some(e2)
        })?;
        let want = match en.role {
            Role::Alias(i) => self.brands[en.brand as usize].alias_case[i as usize].as_deref(),
            Role::Term(i) => {
                let q = self.brands[en.brand as usize].query.as_ref()?;
                let t = &q.terms[i as usize];
                t.case_sensitive.then_some(t.text.as_str())
            }
            _ => None,
        };
        if let Some(want) = want {
            let os = ctx.folded.to_original(s);
            let oe = ctx.folded.to_original(end);
            if !same_case(&ctx.orig[os..oe], want) {
                return None;
            }
        }
        Some(end)
    }

    fn doc_allowed(b: &CompiledBrand, doc: &Doc) -> bool {
        if !b.exclude_sources.is_empty() {
            let src = doc.source.to_lowercase();
            if b.exclude_sources.iter().any(|x| src.contains(x.as_str())) {
                return false;
            }
        }
        let lang = doc.lang.trim().to_lowercase();
        if lang.is_empty() {
            return true;
        }
        if !b.langs.is_empty() && !lang_in(&b.langs, &lang) {
            return false;
        }
        !lang_in(&b.exclude_langs, &lang)
    }

    fn brand_hits(&self, group: &[Cand], doc: &Doc, ctx: &DocCtx, hits: &mut Vec<Hit>) {
        let bi = group[0].brand as usize;
        let b = &self.brands[bi];
        if !Self::doc_allowed(b, doc) {
            return;
        }
        let mut excl = Vec::new();
        let mut context = Vec::new();
        for c in group {
            match c.kind {
                Kind::Exclude => excl.push((c.s, c.e)),
                Kind::Context => context.push(ctx.sentence(c.s)),
                _ => {}
            }
        }
        // Sentences holding a context word, deduplicated for binary search
        // (a long document can hold thousands of context-word occurrences).
        context.sort_unstable();
        context.dedup();
        let outside_url = |c: &Cand| b.match_urls || !ctx.in_url(c.s, c.e);
        let is_mention = |c: &Cand| {
            outside_url(c)
                && !excl.iter().any(|&(xs, xe)| xs <= c.s && c.e <= xe)
                && (context.is_empty() || context.binary_search(&ctx.sentence(c.s)).is_err())
        };
        let mut mentions: Vec<Cand> = Vec::new();
        let mut occ: Vec<Vec<Cand>> = Vec::new();
        if let Some(q) = &b.query {
            occ = vec![Vec::new(); q.terms.len()];
        }
        for c in group {
            match c.kind {
                Kind::Alias(_) | Kind::Regex(_) if is_mention(c) => mentions.push(*c),
                Kind::Term(i) => {
                    let positive = b
                        .query
                        .as_ref()
                        .is_some_and(|q| q.terms[i as usize].positive);
                    let keep = if positive {
                        is_mention(c)
                    } else {
                        outside_url(c)
                    };
                    if keep {
                        occ[i as usize].push(*c);
                    }
                }
                _ => {}
            }
        }
        if b.has_direct && mentions.is_empty() {
            return;
        }
        if let Some(q) = &b.query {
            let present = |i: usize| !occ[i].is_empty();
            let mut spans = |i: usize| {
                occ[i]
                    .iter()
                    .map(|c| (ctx.word(c.s), ctx.word(c.e.saturating_sub(1).max(c.s))))
                    .collect()
            };
            if !query::eval(&q.root, &present, &mut spans) {
                return;
            }
            if !b.has_direct {
                for (i, t) in q.terms.iter().enumerate() {
                    if t.positive {
                        mentions.extend(occ[i].iter().copied());
                    }
                }
            }
        }
        // Leftmost-longest among this brand's hits.
        mentions.sort_by_key(|c| (c.s, std::cmp::Reverse(c.e), c.kind));
        let mut last_end = 0;
        for c in mentions {
            if c.s < last_end {
                continue;
            }
            let start = ctx.folded.to_original(c.s);
            let end = ctx.folded.to_original(c.e);
            if start >= end {
                continue;
            }
            last_end = c.e;
            let term = match c.kind {
                Kind::Alias(i) => b.aliases[i as usize].clone(),
                Kind::Regex(i) => b.regex[i as usize].0.clone(),
                Kind::Term(i) => b
                    .query
                    .as_ref()
                    .map(|q| q.terms[i as usize].source.clone())
                    .unwrap_or_default(),
                Kind::Exclude | Kind::Context => continue,
            };
            hits.push(Hit {
                brand: bi,
                start,
                end,
                term,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matcher_is_send_sync() {
        fn assert<T: Send + Sync>() {}
        assert::<Matcher>();
    }

    fn doc_cands(m: &Matcher, text: &str, fast: bool) -> Vec<(u32, Kind, usize, usize)> {
        let folded = fold(text);
        let ctx = DocCtx {
            folded: &folded,
            orig: text,
            sentences: OnceCell::new(),
            words: OnceCell::new(),
            urls: OnceCell::new(),
        };
        let c = if fast {
            m.literal_candidates(&ctx)
        } else {
            m.literal_candidates_reference(&ctx)
        };
        let mut v: Vec<_> = c.iter().map(|c| (c.brand, c.kind, c.s, c.e)).collect();
        v.sort_unstable();
        v
    }

    fn tricky() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        prop_oneof![
            any::<String>(),
            "[a-zA-Z0-9 '’#@._\\-éœ\u{301}\u{200D}\n]{0,40}",
            "[ءاأإآىيةـًّونبلكفالمت٣ a-zA-Z#@_]{0,40}",
            "(inwi|Inwi|#InwiMaroc|وال|لل|بال|إنوي|البنك|بنك|ال|و|ب|ف|ك|ل| |-|'|_|#|@|4|x|A|مرجان|orange| jus d'orange){0,12}",
        ]
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1500))]
        /// The candidate-start prefilter finds exactly what a full
        /// overlapping scan finds, after boundary checks.
        #[test]
        fn prefilter_equals_full_scan(
            text in tricky(),
            aliases in proptest::collection::vec(
                proptest::prop_oneof![
                    tricky(),
                    "(inwi|maroc|انوي|البنك|بنك|ب|a|ab|#inwi|@inwi|=Inwi|orange|jus d'orange|x4)"
                ],
                1..5,
            ),
        ) {
            let spec = BrandSpec { aliases, exclude_context: vec!["orange".into()], ..Default::default() };
            if let Ok(m) = Matcher::new(&[spec]) {
                proptest::prop_assert_eq!(doc_cands(&m, &text, true), doc_cands(&m, &text, false));
            }
        }
    }

    #[test]
    fn regex_error_points_at_caret() {
        let e = Matcher::new(&[BrandSpec {
            regex: vec!["ab(c".into()],
            ..Default::default()
        }])
        .unwrap_err();
        assert_eq!((e.field, e.offset), ("regex", 2));
    }
}
