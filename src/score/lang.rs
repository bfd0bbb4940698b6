//! Language detection. Owns: deciding fr / en / ar / ary / ary-latn / und for a
//! text from script counts plus function-word and marker evidence. It is a
//! lexical vote, not a model: short social-media texts have few words, and the
//! markers below (Darija particles, Arabizi digit-letters) are exactly what a
//! Moroccan reader uses to tell the varieties apart.

use super::tokenize::{Kind, Token, tokenize};
use super::words::{AR, ARY, EN, FR, LATN};

/// Words that are markers in both French and English ("a", "on", "en"...) are
/// counted for both; the larger total wins.
pub fn detect_tokens(tokens: &[Token<'_>]) -> &'static str {
    let (mut arabic_words, mut latin_words) = (0u32, 0u32);
    let (mut ary, mut ar, mut fr, mut en, mut latn) = (0f32, 0f32, 0f32, 0f32, 0f32);
    // Whether the previous word was "ma": the Darija circumfix split over two
    // words ("ma zwinch", "ma 3jbatnich") outweighs French "ma" (my), which
    // never precedes a word ending in -ch.
    let mut after_ma = false;
    for t in tokens {
        if t.kind != Kind::Word {
            continue;
        }
        let k = t.key.as_str();
        let prev_ma = std::mem::replace(&mut after_ma, k == "ma");
        let f = t.func;
        if t.arabic {
            arabic_words += 1;
            if f.flags & ARY != 0 {
                ary += 1.0;
            } else if k.starts_with("كن") || k.starts_with("كت") || k.starts_with("كي") {
                // Darija present-tense prefix ka-/ki- (كنشوف، كتقول، كيدير).
                if k.chars().count() >= 5 {
                    ary += 0.5;
                }
            } else if (k.starts_with("ما") && k.ends_with('ش') && k.chars().count() >= 5)
                || (k.ends_with("ليا") && k.chars().count() >= 5)
            {
                ary += 1.0;
            }
            if f.flags & AR != 0 {
                ar += 1.0;
            }
        } else if t.key.chars().any(super::tokenize::is_letter) {
            latin_words += 1;
            if t.elision {
                fr += 1.0;
                continue;
            }
            if f.flags & FR != 0 {
                fr += 1.0;
            } else if !t.text.is_ascii() && t.text.chars().any(is_french_accent) {
                // Folding drops the accents the lists are keyed without, but an
                // accented letter is French evidence in itself ("rien à redire",
                // "livraison retardée"): English and Arabizi do not write them.
                fr += 1.0;
            }
            if f.flags & EN != 0 {
                en += 1.0;
            }
            if f.flags & LATN != 0 {
                latn += 1.2;
            }
            // Digit-letters inside a word (3la, 7ta, 9albi, ma3jbnich) are Arabizi
            // (the tokeniser noted them; bytes for the letters: they are ASCII, and
            // no byte of a multi-byte char is).
            let has_digit_letter = t.digit_letter
                && k.bytes().any(|c| c.is_ascii_alphabetic())
                && !k.ends_with("th")
                && !k.ends_with("st")
                && !k.ends_with("nd")
                && !k.ends_with("rd");
            if has_digit_letter {
                latn += 1.5;
            } else if prev_ma && (k.ends_with("ch") || k.ends_with("sh")) && k.len() >= 4 {
                latn += 2.0;
            } else if k.starts_with("ma")
                && (k.ends_with("ch") || k.ends_with("sh"))
                && k.len() >= 6
            {
                latn += 1.0;
            }
        }
    }
    if arabic_words == 0 && latin_words == 0 {
        return "und";
    }
    if arabic_words >= latin_words {
        // Darija if its markers are at least as frequent as MSA's (MSA and Darija
        // share a lot; Darija markers are rare in MSA, MSA markers common in both).
        if ary >= 1.0 && ary * 1.5 >= ar {
            "ary"
        } else {
            "ar"
        }
    } else {
        let best = fr.max(en).max(latn);
        if best == 0.0 {
            return "und";
        }
        if latn >= best {
            "ary-latn"
        } else if fr >= en {
            "fr"
        } else {
            "en"
        }
    }
}

fn is_french_accent(c: char) -> bool {
    matches!(
        c,
        'à' | 'â'
            | 'ç'
            | 'é'
            | 'è'
            | 'ê'
            | 'ë'
            | 'î'
            | 'ï'
            | 'ô'
            | 'ù'
            | 'û'
            | 'œ'
            | 'À'
            | 'Ç'
            | 'É'
            | 'È'
            | 'Ê'
    )
}

pub fn detect_lang(text: &str) -> &'static str {
    detect_tokens(&tokenize(text, None))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_languages() {
        let cases = [
            ("Je n'aime pas du tout ce service, c'est nul", "fr"),
            ("This is the best phone I have ever had", "en"),
            ("هذا المنتج رائع جدا وأنصح به الجميع", "ar"),
            ("هاد الشي زوين بزاف والله", "ary"),
            ("ماعجبنيش هاد الفيلم", "ary"),
            ("wach had lmontoj zwin bzaf?", "ary-latn"),
            ("ma3jbnich hadchi khayb", "ary-latn"),
            // The circumfix split over two words: "ma" is not French "my" here.
            ("ma zwinch", "ary-latn"),
            ("Inwi ma khdamach", "ary-latn"),
            ("ma maison est belle", "fr"),
            // Accented letters are French evidence: "à" is not English "a" here.
            ("Rien à redire, livraison parfaite", "fr"),
            ("rien à dire", "fr"),
            ("I love this café", "en"),
            ("😂😂👍", "und"),
            ("", "und"),
        ];
        for (t, want) in cases {
            assert_eq!(detect_lang(t), want, "{t}");
            // What a brand's `langs` filter may name (config validation).
            assert!(crate::score::DETECTED_LANGS.contains(&want));
        }
    }
}
