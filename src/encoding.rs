//! Encoding: turns a feed's bytes, in whatever encoding the server used, into UTF-8 that
//! feed-rs can read, and makes HTML entities in XML feeds acceptable to an XML parser.
//!
//! Authority, highest first: a byte-order mark, the HTTP `charset`, the XML declaration's
//! `encoding`, then UTF-8 (and windows-1252 when the bytes are not valid UTF-8, the
//! WHATWG default for undeclared legacy text). Labels follow the WHATWG Encoding Standard
//! through encoding_rs, so `ISO-8859-1` reads as its superset windows-1252, as browsers do.
//! Once transcoded, the XML declaration is rewritten to say UTF-8: a parser that trusted
//! the old `encoding="windows-1256"` would decode the text a second time.
//!
//! XML defines five named entities; feeds written by HTML tools use `&eacute;`, `&nbsp;`
//! and friends anyway, and a strict parser rejects them. Outside CDATA sections and
//! comments, every HTML 4 named entity becomes a numeric reference, an unknown name or a
//! bare `&` becomes `&amp;`, so the text survives as written. Pure.

use encoding_rs::Encoding;
use std::borrow::Cow;

/// Which rule chose the encoding (for `inspect` and tests).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Bom,
    Http,
    XmlDeclaration,
    Default,
    /// Not valid UTF-8 and nothing declared: windows-1252.
    Fallback,
}

/// The feed text as UTF-8, ready for feed-rs.
#[derive(Debug)]
pub struct Decoded<'a> {
    pub text: Cow<'a, [u8]>,
    pub encoding: &'static Encoding,
    pub source: Source,
}

/// The `charset` parameter of a Content-Type header value.
pub fn http_charset(content_type: &str) -> Option<&str> {
    content_type.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| v.trim().trim_matches(|c| c == '"' || c == '\''))
            .filter(|v| !v.is_empty())
    })
}

/// The `encoding` pseudo-attribute of a leading `<?xml ...?>` declaration, if any. The
/// declaration is ASCII in every ASCII-compatible encoding, which are the only ones a
/// declaration can usefully name without a BOM.
pub fn xml_declared_encoding(bytes: &[u8]) -> Option<String> {
    let (start, end) = xml_declaration(bytes)?;
    let decl = std::str::from_utf8(&bytes[start..end]).ok()?;
    let at = decl.find("encoding")?;
    let rest = decl[at + "encoding".len()..]
        .trim_start()
        .strip_prefix('=')?
        .trim_start();
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let value = &rest[1..];
    value.find(quote).map(|e| value[..e].trim().to_string())
}

/// Byte range of a leading `<?xml ... ?>` declaration, `?>` included. It is sought
/// at the first `<`: whitespace or junk before it (NUL padding) must not hide it.
fn xml_declaration(bytes: &[u8]) -> Option<(usize, usize)> {
    let start = bytes.iter().position(|b| *b == b'<')?;
    if !bytes[start..].starts_with(b"<?xml") {
        return None;
    }
    let head = &bytes[start..bytes.len().min(start + 512)];
    let end = head.windows(2).position(|w| w == b"?>")?;
    Some((start, start + end + 2))
}

/// Decodes `bytes` to UTF-8 following the order of authority above.
pub fn decode<'a>(bytes: &'a [u8], content_type: Option<&str>) -> Decoded<'a> {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        return finish(&bytes[bom_len..], enc, Source::Bom);
    }
    let from_http = content_type
        .and_then(http_charset)
        .and_then(|l| Encoding::for_label(l.as_bytes()));
    if let Some(enc) = from_http {
        // A UTF-16 label without a BOM on ASCII-looking bytes is a lie more often than
        // not (servers default the header); the declaration then decides.
        if !(is_utf16(enc) && bytes.first().is_some_and(|b| *b == b'<' || *b == b'{')) {
            return finish(bytes, enc, Source::Http);
        }
    }
    if let Some(enc) = xml_declared_encoding(bytes)
        .and_then(|l| Encoding::for_label(l.as_bytes()))
        .filter(|e| !is_utf16(e))
    {
        return finish(bytes, enc, Source::XmlDeclaration);
    }
    if std::str::from_utf8(bytes).is_ok() {
        finish(bytes, encoding_rs::UTF_8, Source::Default)
    } else {
        finish(bytes, encoding_rs::WINDOWS_1252, Source::Fallback)
    }
}

fn is_utf16(e: &'static Encoding) -> bool {
    e == encoding_rs::UTF_16LE || e == encoding_rs::UTF_16BE
}

fn finish<'a>(bytes: &'a [u8], enc: &'static Encoding, source: Source) -> Decoded<'a> {
    let text: Cow<'a, [u8]> = if enc == encoding_rs::UTF_8 {
        // Invalid sequences become U+FFFD rather than failing the whole feed.
        match String::from_utf8_lossy(bytes) {
            Cow::Borrowed(_) => Cow::Borrowed(bytes),
            Cow::Owned(s) => Cow::Owned(s.into_bytes()),
        }
    } else {
        let (s, _) = enc.decode_without_bom_handling(bytes);
        Cow::Owned(s.into_owned().into_bytes())
    };
    let text = if enc == encoding_rs::UTF_8 {
        text
    } else {
        Cow::Owned(declare_utf8(&text).into_owned())
    };
    Decoded {
        text,
        encoding: enc,
        source,
    }
}

/// Rewrites a leading XML declaration to `encoding="UTF-8"` (the text now is UTF-8).
pub fn declare_utf8(text: &[u8]) -> Cow<'_, [u8]> {
    match xml_declaration(text) {
        Some((s, e)) if xml_declared_encoding(text).is_some() => {
            let mut out = Vec::with_capacity(text.len());
            out.extend_from_slice(&text[..s]);
            out.extend_from_slice(br#"<?xml version="1.0" encoding="UTF-8"?>"#);
            out.extend_from_slice(&text[e..]);
            Cow::Owned(out)
        }
        _ => Cow::Borrowed(text),
    }
}

/// Makes the entity references of an XML document acceptable to a strict XML parser:
/// HTML named entities become numeric references, unknown names and bare ampersands are
/// escaped. CDATA sections, comments and processing instructions are left alone.
pub fn fix_entities(xml: &[u8]) -> Cow<'_, [u8]> {
    // Fast path: nothing but the five XML entities and numeric references.
    if !needs_fixing(xml) {
        return Cow::Borrowed(xml);
    }
    let mut out = Vec::with_capacity(xml.len() + 64);
    let mut i = 0;
    while i < xml.len() {
        let b = xml[i];
        if b == b'<' {
            let rest = &xml[i..];
            let close: Option<&[u8]> = if rest.starts_with(b"<![CDATA[") {
                Some(b"]]>")
            } else if rest.starts_with(b"<!--") {
                Some(b"-->")
            } else if rest.starts_with(b"<?") {
                Some(b"?>")
            } else {
                None
            };
            if let Some(close) = close {
                let end = find(&rest[2..], close)
                    .map(|p| i + 2 + p + close.len())
                    .unwrap_or(xml.len());
                out.extend_from_slice(&xml[i..end]);
                i = end;
                continue;
            }
            out.push(b);
            i += 1;
        } else if b == b'&' {
            let (fixed, used) = fix_reference(&xml[i + 1..]);
            match fixed {
                Fix::Keep => out.push(b'&'),
                Fix::Numeric(cp) => {
                    out.extend_from_slice(format!("&#{cp};").as_bytes());
                }
                Fix::Escape => out.extend_from_slice(b"&amp;"),
            }
            i += 1 + used;
        } else {
            out.push(b);
            i += 1;
        }
    }
    Cow::Owned(out)
}

enum Fix {
    Keep,
    Numeric(u32),
    Escape,
}

/// Looks at what follows an `&`; returns what to do and how many bytes were consumed
/// beyond the `&` (0 for Keep/Escape: the rest is copied as is).
fn fix_reference(after: &[u8]) -> (Fix, usize) {
    let Some(semi) = after.iter().take(34).position(|&c| c == b';') else {
        return (Fix::Escape, 0);
    };
    let name = &after[..semi];
    if name.is_empty() {
        return (Fix::Escape, 0);
    }
    if name[0] == b'#' {
        let ok = match name.get(1) {
            Some(b'x' | b'X') => name.len() > 2 && name[2..].iter().all(u8::is_ascii_hexdigit),
            _ => name.len() > 1 && name[1..].iter().all(u8::is_ascii_digit),
        };
        return (if ok { Fix::Keep } else { Fix::Escape }, 0);
    }
    if !name.iter().all(u8::is_ascii_alphanumeric) {
        return (Fix::Escape, 0);
    }
    match name {
        b"amp" | b"lt" | b"gt" | b"quot" | b"apos" => (Fix::Keep, 0),
        _ => match std::str::from_utf8(name).ok().and_then(html_entity) {
            Some(c) => (Fix::Numeric(c as u32), semi + 1),
            None => (Fix::Escape, 0),
        },
    }
}

fn needs_fixing(xml: &[u8]) -> bool {
    let mut from = 0;
    while let Some(p) = xml[from..].iter().position(|&c| c == b'&') {
        let at = from + p;
        if !matches!(fix_reference(&xml[at + 1..]).0, Fix::Keep) {
            return true;
        }
        from = at + 1;
    }
    false
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// The character an HTML 4 named entity stands for (`eacute` -> 'é').
pub fn html_entity(name: &str) -> Option<char> {
    HTML_ENTITIES
        .binary_search_by(|(n, _)| n.cmp(&name))
        .ok()
        .and_then(|i| char::from_u32(HTML_ENTITIES[i].1))
}

/// The 252 named character references of HTML 4, sorted by name (byte order).
const HTML_ENTITIES: &[(&str, u32)] = &[
    ("AElig", 198),
    ("Aacute", 193),
    ("Acirc", 194),
    ("Agrave", 192),
    ("Alpha", 913),
    ("Aring", 197),
    ("Atilde", 195),
    ("Auml", 196),
    ("Beta", 914),
    ("Ccedil", 199),
    ("Chi", 935),
    ("Dagger", 8225),
    ("Delta", 916),
    ("ETH", 208),
    ("Eacute", 201),
    ("Ecirc", 202),
    ("Egrave", 200),
    ("Epsilon", 917),
    ("Eta", 919),
    ("Euml", 203),
    ("Gamma", 915),
    ("Iacute", 205),
    ("Icirc", 206),
    ("Igrave", 204),
    ("Iota", 921),
    ("Iuml", 207),
    ("Kappa", 922),
    ("Lambda", 923),
    ("Mu", 924),
    ("Ntilde", 209),
    ("Nu", 925),
    ("OElig", 338),
    ("Oacute", 211),
    ("Ocirc", 212),
    ("Ograve", 210),
    ("Omega", 937),
    ("Omicron", 927),
    ("Oslash", 216),
    ("Otilde", 213),
    ("Ouml", 214),
    ("Phi", 934),
    ("Pi", 928),
    ("Prime", 8243),
    ("Psi", 936),
    ("Rho", 929),
    ("Scaron", 352),
    ("Sigma", 931),
    ("THORN", 222),
    ("Tau", 932),
    ("Theta", 920),
    ("Uacute", 218),
    ("Ucirc", 219),
    ("Ugrave", 217),
    ("Upsilon", 933),
    ("Uuml", 220),
    ("Xi", 926),
    ("Yacute", 221),
    ("Yuml", 376),
    ("Zeta", 918),
    ("aacute", 225),
    ("acirc", 226),
    ("acute", 180),
    ("aelig", 230),
    ("agrave", 224),
    ("alefsym", 8501),
    ("alpha", 945),
    ("amp", 38),
    ("and", 8743),
    ("ang", 8736),
    ("aring", 229),
    ("asymp", 8776),
    ("atilde", 227),
    ("auml", 228),
    ("bdquo", 8222),
    ("beta", 946),
    ("brvbar", 166),
    ("bull", 8226),
    ("cap", 8745),
    ("ccedil", 231),
    ("cedil", 184),
    ("cent", 162),
    ("chi", 967),
    ("circ", 710),
    ("clubs", 9827),
    ("cong", 8773),
    ("copy", 169),
    ("crarr", 8629),
    ("cup", 8746),
    ("curren", 164),
    ("dArr", 8659),
    ("dagger", 8224),
    ("darr", 8595),
    ("deg", 176),
    ("delta", 948),
    ("diams", 9830),
    ("divide", 247),
    ("eacute", 233),
    ("ecirc", 234),
    ("egrave", 232),
    ("empty", 8709),
    ("emsp", 8195),
    ("ensp", 8194),
    ("epsilon", 949),
    ("equiv", 8801),
    ("eta", 951),
    ("eth", 240),
    ("euml", 235),
    ("euro", 8364),
    ("exist", 8707),
    ("fnof", 402),
    ("forall", 8704),
    ("frac12", 189),
    ("frac14", 188),
    ("frac34", 190),
    ("frasl", 8260),
    ("gamma", 947),
    ("ge", 8805),
    ("gt", 62),
    ("hArr", 8660),
    ("harr", 8596),
    ("hearts", 9829),
    ("hellip", 8230),
    ("iacute", 237),
    ("icirc", 238),
    ("iexcl", 161),
    ("igrave", 236),
    ("image", 8465),
    ("infin", 8734),
    ("int", 8747),
    ("iota", 953),
    ("iquest", 191),
    ("isin", 8712),
    ("iuml", 239),
    ("kappa", 954),
    ("lArr", 8656),
    ("lambda", 955),
    ("lang", 9001),
    ("laquo", 171),
    ("larr", 8592),
    ("lceil", 8968),
    ("ldquo", 8220),
    ("le", 8804),
    ("lfloor", 8970),
    ("lowast", 8727),
    ("loz", 9674),
    ("lrm", 8206),
    ("lsaquo", 8249),
    ("lsquo", 8216),
    ("lt", 60),
    ("macr", 175),
    ("mdash", 8212),
    ("micro", 181),
    ("middot", 183),
    ("minus", 8722),
    ("mu", 956),
    ("nabla", 8711),
    ("nbsp", 160),
    ("ndash", 8211),
    ("ne", 8800),
    ("ni", 8715),
    ("not", 172),
    ("notin", 8713),
    ("nsub", 8836),
    ("ntilde", 241),
    ("nu", 957),
    ("oacute", 243),
    ("ocirc", 244),
    ("oelig", 339),
    ("ograve", 242),
    ("oline", 8254),
    ("omega", 969),
    ("omicron", 959),
    ("oplus", 8853),
    ("or", 8744),
    ("ordf", 170),
    ("ordm", 186),
    ("oslash", 248),
    ("otilde", 245),
    ("otimes", 8855),
    ("ouml", 246),
    ("para", 182),
    ("part", 8706),
    ("permil", 8240),
    ("perp", 8869),
    ("phi", 966),
    ("pi", 960),
    ("piv", 982),
    ("plusmn", 177),
    ("pound", 163),
    ("prime", 8242),
    ("prod", 8719),
    ("prop", 8733),
    ("psi", 968),
    ("quot", 34),
    ("rArr", 8658),
    ("radic", 8730),
    ("rang", 9002),
    ("raquo", 187),
    ("rarr", 8594),
    ("rceil", 8969),
    ("rdquo", 8221),
    ("real", 8476),
    ("reg", 174),
    ("rfloor", 8971),
    ("rho", 961),
    ("rlm", 8207),
    ("rsaquo", 8250),
    ("rsquo", 8217),
    ("sbquo", 8218),
    ("scaron", 353),
    ("sdot", 8901),
    ("sect", 167),
    ("shy", 173),
    ("sigma", 963),
    ("sigmaf", 962),
    ("sim", 8764),
    ("spades", 9824),
    ("sub", 8834),
    ("sube", 8838),
    ("sum", 8721),
    ("sup", 8835),
    ("sup1", 185),
    ("sup2", 178),
    ("sup3", 179),
    ("supe", 8839),
    ("szlig", 223),
    ("tau", 964),
    ("there4", 8756),
    ("theta", 952),
    ("thetasym", 977),
    ("thinsp", 8201),
    ("thorn", 254),
    ("tilde", 732),
    ("times", 215),
    ("trade", 8482),
    ("uArr", 8657),
    ("uacute", 250),
    ("uarr", 8593),
    ("ucirc", 251),
    ("ugrave", 249),
    ("uml", 168),
    ("upsih", 978),
    ("upsilon", 965),
    ("uuml", 252),
    ("weierp", 8472),
    ("xi", 958),
    ("yacute", 253),
    ("yen", 165),
    ("yuml", 255),
    ("zeta", 950),
    ("zwj", 8205),
    ("zwnj", 8204),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entity_table_is_sorted_for_binary_search() {
        assert!(HTML_ENTITIES.windows(2).all(|w| w[0].0 < w[1].0));
        assert_eq!(html_entity("eacute"), Some('é'));
        assert_eq!(html_entity("Eacute"), Some('É'));
        assert_eq!(html_entity("nbsp"), Some('\u{a0}'));
        assert_eq!(html_entity("nope"), None);
    }

    #[test]
    fn authority_order() {
        let decl_1256 = b"<?xml version=\"1.0\" encoding=\"windows-1256\"?><rss/>";
        // (bytes, content type, expected encoding, expected source)
        let cases: &[(&[u8], Option<&str>, &str, Source)] = &[
            (
                b"\xEF\xBB\xBF<rss/>",
                Some("text/xml; charset=windows-1256"),
                "UTF-8",
                Source::Bom,
            ),
            (
                decl_1256,
                Some("text/xml; charset=ISO-8859-6"),
                "ISO-8859-6",
                Source::Http,
            ),
            (
                decl_1256,
                Some("text/xml"),
                "windows-1256",
                Source::XmlDeclaration,
            ),
            (decl_1256, None, "windows-1256", Source::XmlDeclaration),
            (b"<rss>caf\xc3\xa9</rss>", None, "UTF-8", Source::Default),
            (
                b"<rss>caf\xe9</rss>",
                None,
                "windows-1252",
                Source::Fallback,
            ),
            (
                b"<rss>caf\xe9</rss>",
                Some("application/rss+xml; charset=\"iso-8859-1\""),
                "windows-1252",
                Source::Http,
            ),
        ];
        for (bytes, ct, enc, src) in cases {
            let d = decode(bytes, *ct);
            assert_eq!(
                (d.encoding.name(), d.source),
                (*enc, *src),
                "{:?}",
                String::from_utf8_lossy(bytes)
            );
        }
    }

    #[test]
    fn legacy_encodings_become_utf8_and_the_declaration_follows() {
        // "إنوي" in windows-1256 and "été" in windows-1252.
        let arabic = b"<?xml version=\"1.0\" encoding=\"windows-1256\"?><t>\xC5\xE4\xE6\xED</t>";
        let d = decode(arabic, None);
        let s = std::str::from_utf8(&d.text).unwrap();
        assert_eq!(s, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><t>إنوي</t>");
        let french = b"<?xml version='1.0' encoding='ISO-8859-1'?><t>\xE9t\xE9</t>";
        let d = decode(french, None);
        assert_eq!(
            std::str::from_utf8(&d.text).unwrap(),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><t>été</t>"
        );
    }

    #[test]
    fn entities_are_made_xml_safe() {
        let cases: &[(&str, &str)] = &[
            ("<t>caf&eacute;&nbsp;ok</t>", "<t>caf&#233;&#160;ok</t>"),
            (
                "<t>a &amp; b &lt; &#233; &#xE9;</t>",
                "<t>a &amp; b &lt; &#233; &#xE9;</t>",
            ),
            (
                "<t>AT&T &bogus; &#zz;</t>",
                "<t>AT&amp;T &amp;bogus; &amp;#zz;</t>",
            ),
            (
                "<t><![CDATA[caf&eacute; & co]]>&hellip;</t>",
                "<t><![CDATA[caf&eacute; & co]]>&#8230;</t>",
            ),
            ("<!-- &eacute; --><t/>", "<!-- &eacute; --><t/>"),
            ("<a href=\"x?a=1&b=2\"/>", "<a href=\"x?a=1&amp;b=2\"/>"),
        ];
        for (i, want) in cases {
            assert_eq!(
                std::str::from_utf8(&fix_entities(i.as_bytes())).unwrap(),
                *want,
                "{i}"
            );
        }
        assert!(matches!(fix_entities(b"<t>&amp;</t>"), Cow::Borrowed(_)));
    }

    #[test]
    fn http_charset_parameter() {
        assert_eq!(http_charset("text/xml; charset=UTF-8"), Some("UTF-8"));
        assert_eq!(
            http_charset("text/xml;Charset=\"windows-1256\""),
            Some("windows-1256")
        );
        assert_eq!(http_charset("text/xml"), None);
    }
}
