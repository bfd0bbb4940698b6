//! Targeting. Owns: which part of a text is about one brand, for
//! `Scorer::score_targeted`: the sentence a mention falls in and its byte
//! span, the clauses about the brand when a sentence also names another
//! (`brand_clauses`), and the clauses where the brand is what something is
//! compared against (`compared_against`). Pure functions of the tokens.

use std::ops::Range;

use super::tokenize;
use super::words::COMPARATIVE_FORMS;

/// Sentence index of the tokens overlapping [s, e); for an empty range or one
/// between tokens, the sentence of the nearest token at or before it.
pub(super) fn sentence_of(toks: &[tokenize::Token<'_>], s: usize, e: usize) -> Option<u32> {
    if toks.is_empty() {
        return None;
    }
    if let Some(t) = toks.iter().find(|t| t.start < e.max(s + 1) && t.end > s) {
        return Some(t.sentence);
    }
    toks.iter()
        .rev()
        .find(|t| t.start <= s)
        .or(toks.first())
        .map(|t| t.sentence)
}

/// Byte span from the start of the first chosen sentence to the end of the last:
/// from the end of the previous sentence's last token (skipping whitespace) to
/// the end of the chosen sentence's last token (including its terminator).
pub(super) fn sentence_span(
    text: &str,
    toks: &[tokenize::Token<'_>],
    sents: &[u32],
) -> Range<usize> {
    let (Some(&first), Some(&last)) = (sents.first(), sents.last()) else {
        return 0..text.len();
    };
    let start = toks
        .iter()
        .rev()
        .find(|t| t.sentence < first)
        .map_or(0, |t| t.end);
    let end = toks
        .iter()
        .rev()
        .find(|t| t.sentence == last)
        .map_or(text.len(), |t| t.end);
    let mut start = start.min(end);
    while start < end && text[start..].starts_with(char::is_whitespace) {
        start += text[start..].chars().next().map_or(1, char::len_utf8);
    }
    start..end
}

/// The clauses about the target brand in the target's sentences, when
/// another brand is named in one of them (None otherwise: the sentences are
/// scored whole). A sentence is cut into clauses at commas, semicolons, colons
/// and contrast words ("Inwi nul, Orange top"; "Inwi coupe tout mais Orange
/// tient"). A clause naming the target belongs to it, one naming the other
/// brand to that brand, one naming both to both ("Inwi et Orange augmentent
/// leurs prix"); a clause naming no brand belongs with the last brand named
/// before it (tone follows the mention: "Chez Inwi, le réseau est nul, alors
/// qu'Orange…"), or, at the start of the sentence, the first named after it.
/// Returns the byte spans of the target's clauses, every clause of a sentence
/// that names no other brand included.
pub(super) fn brand_clauses(
    toks: &[tokenize::Token<'_>],
    sents: &[u32],
    targets: &[Range<usize>],
    others: &[Range<usize>],
) -> Option<Vec<Range<usize>>> {
    let names =
        |rs: &[Range<usize>], a: usize, b: usize| rs.iter().any(|r| r.start < b && r.end > a);
    let mut spans = Vec::new();
    let mut narrowed = false;
    for &s in sents {
        let first = toks.partition_point(|t| t.sentence < s);
        let last = toks.partition_point(|t| t.sentence <= s);
        let (Some(a), Some(b)) = (
            toks.get(first),
            last.checked_sub(1).and_then(|k| toks.get(k)),
        ) else {
            continue;
        };
        if !names(others, a.start, b.end) {
            spans.push(a.start..b.end);
            continue;
        }
        // Clauses with whether each names the target, another brand.
        let clauses: Vec<(Range<usize>, bool, bool)> = clauses_of(&toks[first..last])
            .into_iter()
            .map(|c| {
                let (t, o) = (
                    names(targets, c.start, c.end),
                    names(others, c.start, c.end),
                );
                (c, t, o)
            })
            .collect();
        // Owner of each clause: Some(true) the target (or both), Some(false)
        // another brand, None not yet known.
        let mut owner: Vec<Option<bool>> = Vec::with_capacity(clauses.len());
        let mut last_named = None;
        for &(_, t, o) in &clauses {
            if t || o {
                last_named = Some(t);
            }
            owner.push(last_named);
        }
        let first_named = owner.iter().flatten().next().copied();
        for ((r, _, _), own) in clauses.iter().zip(&owner) {
            if own.or(first_named) == Some(true) {
                spans.push(r.clone());
            }
        }
        narrowed = true;
    }
    narrowed.then_some(spans)
}

/// The sentence after the target's last one, when it may be borrowed in a
/// sentence shared with another brand: the last brand named before it is the
/// target, and it names no brand itself (tone follows the last mention).
pub(super) fn next_about_target(
    toks: &[tokenize::Token<'_>],
    sents: &[u32],
    targets: &[Range<usize>],
    others: &[Range<usize>],
) -> Option<u32> {
    let last = *sents.last()?;
    let next = last + 1;
    let end_of_last = toks.iter().rev().find(|t| t.sentence == last)?.end;
    let next_toks: Vec<_> = toks.iter().filter(|t| t.sentence == next).collect();
    let (a, b) = (next_toks.first()?.start, next_toks.last()?.end);
    let overlaps = |r: &Range<usize>| r.start < b && r.end > a;
    if targets.iter().chain(others).any(overlaps) {
        return None;
    }
    let last_named = |rs: &[Range<usize>]| {
        rs.iter()
            .filter(|r| r.start < end_of_last)
            .map(|r| r.start)
            .max()
    };
    match (last_named(targets), last_named(others)) {
        (Some(t), Some(o)) if t > o => Some(next),
        (Some(_), None) => Some(next),
        _ => None,
    }
}

/// Verbs of moving from one provider to another: "switched from X to Y",
/// "passé de X à Y", "انتقلت من X إلى Y", "mchit mn X l Y" (folded keys).
const SWITCH_FROM: &[&str] = &[
    "switched",
    "switch",
    "switching",
    "moved",
    "moving",
    "changed",
    "migrated",
    "ported",
    "passe",
    "passee",
    "passes",
    "passer",
    "change",
    "changer",
    "migre",
    "bascule",
    "mchit",
    "ntaqlt",
    "t7wlt",
    "7wlt",
    "انتقلت",
    "انتقلنا",
    "تحولت",
    "حولت",
    "مشيت",
    "بدلت",
];
/// ("chez" is no "to": "changé de forfait chez Inwi" stays with one brand.)
/// Verbs of leaving one provider for another: "left X for Y", "quitté X pour
/// Y", "khlit X w mchit l Y", "خليت X ومشيت ل Y".
const LEAVE_FOR: &[&str] = &[
    "left",
    "quit",
    "ditched",
    "dropped",
    "dumped",
    "quitte",
    "lache",
    "abandonne",
    "khlit",
    "tlqt",
    "خليت",
    "تركت",
    "طلقت",
];
const FROM: &[&str] = &["from", "de", "d", "du", "mn", "men", "من"];
const TO: &[&str] = &[
    "to", "for", "a", "vers", "pour", "l", "li", "lel", "الي", "ل", "لل", "عند",
];

/// A switch between providers that the target takes part in (words before
/// `sents` ignored): the byte span of the frame and +1 if the target is
/// what was switched to, -1 if it is what was left. Churn is the plainest
/// verdict a customer gives: "J'ai quitté Inwi pour Orange" is bad news for
/// Inwi and good news for Orange, with no tone word in it. The frame is a
/// verb of switching, the left side (after "from"/"de"/"من", or right
/// after a verb of leaving), then "to"/"pour"/"l"/"إلى" and the side chosen,
/// each side at most four words, in one sentence.
pub(super) fn switch_side(
    toks: &[tokenize::Token<'_>],
    sents: &[u32],
    targets: &[Range<usize>],
    others: &[Range<usize>],
) -> Option<(Range<usize>, i8)> {
    let is = |t: &tokenize::Token<'_>, list: &[&str]| {
        t.kind == tokenize::Kind::Word && list.contains(&t.key.as_str())
    };
    let names_target = |a: usize, b: usize| targets.iter().any(|r| r.start < b && r.end > a);
    let names_any = |a: usize, b: usize| {
        targets
            .iter()
            .chain(others)
            .any(|r| r.start < b && r.end > a)
    };
    for &s in sents {
        let first = toks.partition_point(|t| t.sentence < s);
        let last = toks.partition_point(|t| t.sentence <= s);
        let sent = &toks[first..last];
        for (v, verb) in sent.iter().enumerate() {
            // Where the left side starts.
            let left = if is(verb, SWITCH_FROM) {
                match (v + 1..(v + 4).min(sent.len())).find(|&k| is(&sent[k], FROM)) {
                    Some(f) => f + 1,
                    None => continue,
                }
            } else if is(verb, LEAVE_FOR) {
                v + 1
            } else {
                continue;
            };
            let Some(to) = (left + 1..(left + 5).min(sent.len())).find(|&k| is(&sent[k], TO))
            else {
                continue;
            };
            // The chosen side: up to four words, not past a punctuation mark;
            // the frame ends with it.
            let right: Vec<usize> = (to + 1..sent.len())
                .take_while(|&k| sent[k].kind == tokenize::Kind::Word)
                .take(4)
                .collect();
            let (Some(&r0), Some(&r1)) = (right.first(), right.last()) else {
                continue;
            };
            let (la, lb) = (sent[left].start, sent[to - 1].end);
            let (ra, rb) = (sent[r0].start, sent[r1].end);
            // The frame ends with the last brand named on the chosen side
            // ("passé d'Inwi à Orange le mois dernier" ends at "Orange").
            let named_end = right
                .iter()
                .rev()
                .find(|&&k| names_any(sent[k].start, sent[k].end))
                .map_or(rb, |&k| sent[k].end);
            let frame = verb.start..named_end;
            match (names_target(la, lb), names_target(ra, rb)) {
                (true, false) => return Some((frame, -1)),
                (false, true) => return Some((frame, 1)),
                _ => {}
            }
        }
    }
    None
}

/// A sentence's tokens cut into clauses at commas, semicolons, colons and
/// contrast words (a contrast word opens the next clause): their byte spans.
fn clauses_of(toks: &[tokenize::Token<'_>]) -> Vec<Range<usize>> {
    let mut clauses = Vec::new();
    let mut start = None;
    for (k, t) in toks.iter().enumerate() {
        let cut = matches!(t.kind, tokenize::Kind::Punct(',' | ';' | ':'));
        if cut || (t.kind == tokenize::Kind::Word && t.is_contrast()) {
            if let Some(st) = start.take() {
                clauses.push(st..toks[k - 1].end);
            }
            if cut {
                continue;
            }
        }
        start.get_or_insert(t.start);
    }
    if let (Some(st), Some(last)) = (start, toks.last()) {
        clauses.push(st..last.end);
    }
    clauses
}

/// Comparative words beyond COMPARATIVE_FORMS ("plus", "more", "أحسن",
/// "kter"), and the words that introduce what is compared against ("que",
/// "than", "من", "mn").
const COMPARE: &[&str] = &[
    "plus", "moins", "more", "less", "faster", "cheaper", "slower", "احسن", "افضل", "اسوا", "اكثر",
    "اقل", "حسن", "كثر", "ahsen", "a7sen", "a7san", "7sen", "ktar", "kter", "khir",
];
const THAN: &[&str] = &["que", "qu", "than", "من", "mn", "men", "min"];

/// Clauses of the target's sentences in which the target is what something
/// is compared against: a comparative word, then "que"/"than"/"من", then the
/// target ("Orange est meilleur qu'Inwi", "mieux que Inwi", "better than
/// Inwi", "اتصالات أحسن من إنوي"). Their tone is said of the other side: for
/// the target it counts reversed (what precedes the target in the clause).
/// Not after a negator ("rien de mieux
/// qu'Inwi", "nothing better than Inwi" praise the target).
pub(super) fn compared_against(
    text: &str,
    toks: &[tokenize::Token<'_>],
    sents: &[u32],
    targets: &[Range<usize>],
) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for &s in sents {
        let first = toks.partition_point(|t| t.sentence < s);
        let last = toks.partition_point(|t| t.sentence <= s);
        let sent = &toks[first..last];
        for c in clauses_of(sent) {
            let words: Vec<&tokenize::Token<'_>> = sent
                .iter()
                .filter(|t| c.contains(&t.start) && t.kind == tokenize::Kind::Word)
                .collect();
            let Some(at) = words
                .iter()
                .position(|t| targets.iter().any(|r| r.start < t.end && r.end > t.start))
            else {
                continue;
            };
            let Some(than) = words[..at]
                .iter()
                .rposition(|t| THAN.contains(&t.key.as_str()))
            else {
                continue;
            };
            let comp = words[..than].iter().rposition(|t| {
                COMPARATIVE_FORMS.contains(&t.key.as_str()) || COMPARE.contains(&t.key.as_str())
            });
            // Close together, as a comparison is written ("plus rapide que
            // celui d'Inwi"): "من" is also "from", "أكثر من" "more than", so
            // "أكثر من 100 زبون اشتكاو من إنوي" (complained about Inwi) is no
            // comparison. Only what comes before the target is reversed: "…
            // qu'Inwi, qui est nul" is said of the target itself.
            // "more than 100 customers left Inwi", "أكثر من 100 زبون": a
            // quantity, not a comparison.
            let quantity = text[words[than].end..words[than + 1].start]
                .chars()
                .any(|c| c.is_numeric());
            if let Some(comp) = comp
                && than - comp <= 3
                && at - than <= 3
                && !quantity
                && !words[..comp].iter().any(|t| t.is_negator())
            {
                out.push(c.start..words[at].start);
            }
        }
    }
    out
}
