//! Mojibake repair. Owns: undoing one common upstream mistake, UTF-8 bytes that a CMS,
//! a database export or a feed generator decoded as windows-1252 (or Latin-1) before the
//! feed was served. veille then receives valid UTF-8 that reads "TÃ©lÃ©com" for
//! "Télécom", "Ø¥Ù†ÙˆÙŠ" for "إنوي" and "ðŸ˜¡" for "😡". `encoding.rs` cannot see it (the
//! bytes it gets are valid), yet brand names stop matching and words stop scoring, and
//! Moroccan news sites with a misconfigured CMS serve exactly this.
//!
//! The repair is local. A character that windows-1252 encodes as a UTF-8 lead byte,
//! followed by as many characters that it encodes as continuation bytes, becomes the
//! character those bytes spell, but only when that character is one veille's users write:
//! Latin letters up to Latin Extended-A, Arabic, general punctuation, symbols and emoji.
//! Legitimate text does put an accented capital before a quote or a no-break space
//! ("L'ÉTÉ !" with the French no-break space), but those pairs spell characters outside
//! that set (U+0260 here) and stay as written. Two layers ("ÃƒÂ©") are undone by running
//! the repair again. Pure.

use std::borrow::Cow;

/// windows-1252's 0x80..=0x9F. The five bytes it leaves undefined decode to the C1
/// control of the same value, as browsers (and encoding_rs) decode them.
const CP1252_80: [char; 32] = [
    '\u{20AC}', '\u{81}', '\u{201A}', '\u{192}', '\u{201E}', '\u{2026}', '\u{2020}', '\u{2021}',
    '\u{2C6}', '\u{2030}', '\u{160}', '\u{2039}', '\u{152}', '\u{8D}', '\u{17D}', '\u{8F}',
    '\u{90}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}', '\u{2014}',
    '\u{2DC}', '\u{2122}', '\u{161}', '\u{203A}', '\u{153}', '\u{9D}', '\u{17E}', '\u{178}',
];

/// The byte windows-1252 (or Latin-1, for the C1 controls) encodes `c` as, for the
/// non-ASCII characters mojibake is made of.
fn cp1252_byte(c: char) -> Option<u8> {
    match c as u32 {
        // Latin-1 decodes every byte >= 0x80 to the code point of the same value.
        v @ 0x80..=0xFF => Some(v as u8),
        _ => CP1252_80
            .iter()
            .position(|&x| x == c)
            .map(|i| 0x80 + i as u8),
    }
}

/// Characters a repair may produce: what French, Arabic, Darija and English posts are
/// written with, and windows-1252's own characters (the first pass over two layers yields
/// them). Anything else spelled by a lead/continuation pair is far more likely a
/// legitimate pair of characters than mojibake.
fn plausible(c: char) -> bool {
    matches!(c as u32,
        0xA0..=0x17F            // Latin-1 Supplement, Latin Extended-A
        | 0x81 | 0x8D | 0x8F | 0x90 | 0x9D | 0x192 | 0x2C6 | 0x2DC  // the rest of windows-1252
        | 0x600..=0x6FF | 0x750..=0x77F  // Arabic, Arabic Supplement
        | 0x200B..=0x206F       // zero-width joiners, dashes, quotes, ellipsis, bullets
        | 0x20AC | 0x2122
        | 0x2190..=0x21FF       // arrows
        | 0x2600..=0x27BF       // symbols and dingbats (✔ ❤)
        | 0x2B00..=0x2BFF
        | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF  // Arabic presentation forms, byte-order mark
        | 0xFE00..=0xFE0F       // variation selectors (❤️)
        | 0x1F000..=0x1FAFF     // emoji
    )
}

/// The character spelled by the lead byte `chars[0]` and its continuation bytes, and how
/// many characters it takes.
fn decode_at(chars: &[char]) -> Option<(char, usize)> {
    // Leads are Latin-1 letters: no table lookup for the other characters.
    let lead = u8::try_from(chars[0] as u32).ok()?;
    let len = match lead {
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF4 => 4,
        _ => return None,
    };
    let mut bytes = [lead, 0, 0, 0];
    for (k, b) in bytes.iter_mut().enumerate().take(len).skip(1) {
        let cont = cp1252_byte(*chars.get(k)?)?;
        if !(0x80..=0xBF).contains(&cont) {
            return None;
        }
        *b = cont;
    }
    // from_utf8 rejects overlong forms and surrogates, which no encoder produced.
    let c = std::str::from_utf8(&bytes[..len]).ok()?.chars().next()?;
    plausible(c).then_some((c, len))
}

/// Cheap test on the UTF-8 bytes: every lead (U+00C2..=U+00F4) is `C3 xx`, and every
/// continuation character starts with C2 (U+0080..=U+00BF), C5 (Œ œ Š š Ÿ Ž ž), C6 (ƒ),
/// CB (ˆ ˜) or E2 (the other windows-1252 punctuation). "Ã" before a plain space is the
/// "à" whose no-break space a later step turned into a space. Clean French text, full of
/// `C3 xx` for its accents, fails this test at the first byte after each accent.
fn suspect(s: &str) -> bool {
    let b = s.as_bytes();
    memchr::memchr_iter(0xC3, b).any(|i| {
        matches!(b.get(i + 2), Some(0xC2 | 0xC5 | 0xC6 | 0xCB | 0xE2))
            || (b.get(i + 1) == Some(&0x83) && b.get(i + 2) == Some(&b' '))
    })
}

fn one_pass(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        if let Some((c, used)) = decode_at(&chars[i..]) {
            // A byte-order mark that went through the same mistake ("ï»¿") is dropped:
            // it was never part of the text.
            if c != '\u{FEFF}' {
                out.push(c);
            }
            i += used;
            continue;
        }
        // "à" is C3 A0, and A0 is the no-break space, which HTML-to-text steps often turn
        // into a plain space: "Ã perturber", "voilÃ ". Not after a capital, where a
        // Portuguese "Ã" may end a word written in capitals.
        let after_capital = i > 0 && chars[i - 1].is_uppercase();
        if chars[i] == 'Ã' && chars.get(i + 1) == Some(&' ') && !after_capital {
            out.push('à');
            i += 1;
            continue;
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// `s` with windows-1252 mojibake undone (see the module header); borrowed when there
/// is nothing to repair, which is almost always.
pub fn repair(s: &str) -> Cow<'_, str> {
    if !suspect(s) {
        return Cow::Borrowed(s);
    }
    let mut cur = one_pass(s);
    // Text double-encoded twice needs a second pass, three layers a third; none needs more.
    for _ in 0..2 {
        if !suspect(&cur) {
            break;
        }
        let next = one_pass(&cur);
        if next == cur {
            break;
        }
        cur = next;
    }
    if cur == s {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(cur)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a CMS that decodes UTF-8 as windows-1252 serves.
    fn garble(s: &str) -> String {
        encoding_rs::WINDOWS_1252
            .decode_without_bom_handling(s.as_bytes())
            .0
            .into_owned()
    }

    #[test]
    fn table_matches_encoding_rs() {
        for b in 0x80u8..=0xFF {
            let c = encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(&[b])
                .0
                .chars()
                .next()
                .unwrap();
            assert_eq!(cp1252_byte(c), Some(b), "byte {b:#x} decodes to {c:?}");
        }
    }

    #[test]
    fn garbled_text_is_repaired() {
        for clean in [
            "Maroc Télécom : l’été « pénible » à Fès… Ça dure",
            "Société Générale, déçue, très déçue",
            "انقطاع شبكة إنوي في الدار البيضاء",
            "Inwi khayb 😡😡 ❤️ ✔ 👍🏽",
            "Ouverture à Rabat — 20 € de réduction™",
            "Çok güzel, ŞAHANE, Łódź",
            "l'Oréal d'Inwi ma3jbnich",
        ] {
            let bad = garble(clean);
            assert_ne!(bad, clean);
            assert_eq!(repair(&bad), clean, "{bad}");
        }
    }

    #[test]
    fn two_layers_are_undone() {
        let clean = "Télécom déçoit à Fès, إنوي 😡";
        assert_eq!(repair(&garble(&garble(clean))), clean);
    }

    #[test]
    fn a_lost_no_break_space_after_a_is_a_grave() {
        // ftfy's example: the A0 of "à" turned into a space and merged with the next one.
        assert_eq!(
            repair("Ã perturber la rÃ©flexion"),
            "à perturber la réflexion"
        );
        // Not merged: the space that was the no-break space stays, whitespace collapsing
        // later removes it.
        assert_eq!(repair("dÃ©jÃ  fait"), "déjà  fait");
    }

    #[test]
    fn a_byte_order_mark_garbled_at_the_start_is_dropped() {
        assert_eq!(repair("ï»¿Inwi"), "Inwi");
    }

    #[test]
    fn clean_text_is_left_alone() {
        for clean in [
            "L'ÉTÉ\u{a0}! CAFÉ… ÇA «\u{a0}BRÛLE\u{a0}»",
            "Coupure chez Inwi à Fès – l’été « pénible »",
            "SÃO PAULO, IRMÃ , São Tomé",
            "Ø København, Ærø, Ålesund",
            "naïve maïs Noël",
            "انقطاع شبكة إنوي",
            "zwin bzaf 😍, 3ajbni",
            "",
        ] {
            assert!(matches!(repair(clean), Cow::Borrowed(_)), "{clean}");
        }
    }

    #[test]
    fn partial_and_broken_sequences_keep_their_characters() {
        // A lead without its continuation, a continuation without its lead, a sequence cut
        // by ASCII: nothing to decode, nothing lost.
        for s in ["Ã", "©Ã", "Ø x", "Ù", "ðŸ", "â€", "ðŸ˜ fin"] {
            assert_eq!(repair(s), s);
        }
        assert_eq!(repair("Ã©t"), "ét");
        assert_eq!(repair("ðŸ˜¡ â€"), "😡 â€");
    }
}
