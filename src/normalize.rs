//! Normalize: turns a raw feed entry into an `Item` the rest of the pipeline can trust.
//!
//! HTML becomes plain text (tags dropped, entities decoded, mojibake repaired, whitespace
//! collapsed, Unicode NFC); links are canonicalised (tracking parameters removed, Google redirects
//! unwrapped) so the same story is stored once; dates fall back sensibly and are clamped to
//! the fetch time (a feed's clock in the future must not reorder history). Pure.

use crate::parse::RawEntry;
use chrono::{DateTime, Utc};
use unicode_normalization::UnicodeNormalization;

#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// Dedup key within the feed: the feed's id, else the canonical link, else a hash.
    pub guid: String,
    pub link: Option<String>,
    pub title: String,
    pub text: String,
    pub author: Option<String>,
    /// Event time: publication (else update) time, clamped to the fetch time.
    pub published: DateTime<Utc>,
    /// Hash of title and text, the last-resort dedup key.
    pub hash: String,
}

impl Item {
    /// The text matching and scoring run on: the title, then the body. Mention offsets
    /// refer to this string.
    pub fn doc(&self) -> String {
        if self.text.is_empty() {
            self.title.clone()
        } else if self.title.is_empty() {
            self.text.clone()
        } else {
            format!("{}\n{}", self.title, self.text)
        }
    }
}

pub fn normalize(e: &RawEntry, fetched_at: DateTime<Utc>) -> Item {
    let mut title = html_to_text(e.title.as_deref().unwrap_or(""));
    // Prefer the full content; many feeds put only a teaser in the summary.
    let body = e.content.as_deref().or(e.summary.as_deref()).unwrap_or("");
    let mut text = html_to_text(body);
    // Only web links are kept: a feed's `javascript:` or `data:` link must never reach a
    // report, a notification's click or a CSV that someone opens.
    let link = e
        .link
        .as_deref()
        .map(canonical_link)
        .filter(|l| is_web_link(l));
    let publisher = match link.as_deref() {
        Some(l) if is_google_news(l) => split_publisher(&mut title, &mut text),
        // A Google Alerts link is a redirect to the story: the site it leads to is who
        // published it (the feed itself names no author).
        Some(l)
            if e.link
                .as_deref()
                .is_some_and(|raw| is_google_redirect(raw, l)) =>
        {
            site_of(l)
        }
        _ => None,
    };
    if link.as_deref().is_some_and(is_reddit) {
        drop_reddit_footer(&mut text);
    }
    if text == title {
        text.clear();
    }
    let hash = content_hash(&title, &text);
    let guid =
        e.id.clone()
            .or_else(|| link.clone())
            .unwrap_or_else(|| format!("hash:{hash}"));
    let published = e
        .published
        .or(e.updated)
        .unwrap_or(fetched_at)
        .min(fetched_at);
    // Who wrote it is part of the reputation: "Ahmed El MaÃ¢ti" must read as a name,
    // and a Mastodon post, whose feed names no author, is still somebody's.
    let author = e
        .authors
        .first()
        .map(|a| crate::mojibake::repair(a).into_owned())
        .or(publisher)
        .or_else(|| link.as_deref().and_then(author_from_link));
    Item {
        guid,
        link,
        title,
        text,
        author,
        published,
        hash,
    }
}

/// A Google News item's link (opaque, `https://news.google.com/rss/articles/...`): the
/// story's publisher is only in its title.
fn is_google_news(link: &str) -> bool {
    reqwest::Url::parse(link).is_ok_and(|u| u.host_str() == Some("news.google.com"))
}

fn is_reddit(link: &str) -> bool {
    reqwest::Url::parse(link).is_ok_and(|u| {
        u.host_str()
            .is_some_and(|h| h == "reddit.com" || h.ends_with(".reddit.com"))
    })
}

/// Reddit's feeds end every post with "submitted by /u/NAME to r/SUB [link] [comments]":
/// words that would otherwise fill the snippet of a short post, and the author is already
/// the entry's <author>.
fn drop_reddit_footer(text: &mut String) {
    if let Some(i) = text.rfind("submitted by /u/")
        && text[i..].contains("[comments]")
    {
        text.truncate(text[..i].trim_end().len());
    }
}

/// Whether `raw` is a Google redirect that canonical_link unwrapped into `canonical`.
fn is_google_redirect(raw: &str, canonical: &str) -> bool {
    let host = |l: &str| {
        reqwest::Url::parse(l.trim())
            .ok()?
            .host_str()
            .map(str::to_string)
    };
    host(raw).is_some_and(|h| is_google_host(&h))
        && host(canonical).is_some_and(|h| !is_google_host(&h))
}

/// google.com, www.google.com, google.co.ma, news.google.fr...
fn is_google_host(h: &str) -> bool {
    h == "google.com"
        || h.ends_with(".google.com")
        || h.starts_with("google.")
        || h.contains(".google.")
}

/// A link's site, as people name it: the host without "www.".
fn site_of(link: &str) -> Option<String> {
    let url = reqwest::Url::parse(link).ok()?;
    let host = url.host_str()?;
    Some(host.strip_prefix("www.").unwrap_or(host).to_string())
}

/// Google News titles a story "Headline - Publisher" and repeats the publisher at the end
/// of the description. The publisher is who mentions the brand (every item of a Google
/// News search feed otherwise comes from "Google News"), and left in the title it would
/// be matched and scored: a media brand would be mentioned by each of its own stories.
/// Moves it out of both and returns it.
fn split_publisher(title: &mut String, text: &mut String) -> Option<String> {
    let (headline, publisher) = title.rsplit_once(" - ")?;
    let publisher = publisher.trim();
    if headline.trim().is_empty() || publisher.is_empty() || publisher.chars().count() > 60 {
        return None;
    }
    let publisher = publisher.to_string();
    if let Some(rest) = text.strip_suffix(publisher.as_str()) {
        let rest = rest.trim_end();
        *text = rest
            .strip_suffix(" -")
            .unwrap_or(rest)
            .trim_end()
            .to_string();
    }
    // The description is the full title again, then the publisher.
    if *text == *title {
        text.clear();
    }
    title.truncate(headline.trim_end().len());
    Some(publisher)
}

/// The author a social link names, as a handle `@name@host`, for feeds that give none.
/// Mastodon's tag and account RSS carry no author at all: the status URL
/// (`https://host/@name/ID`, or `https://host/@name@home/ID` for an account of another
/// server) is the only place the author appears. TikTok, Medium and YouTube handle links
/// have the same shape.
pub fn author_from_link(link: &str) -> Option<String> {
    let url = reqwest::Url::parse(link).ok()?;
    let host = url.host_str()?;
    let host = host.strip_prefix("www.").unwrap_or(host);
    let handle = url.path_segments()?.next()?.strip_prefix('@')?;
    let (name, home) = handle.split_once('@').unwrap_or((handle, host));
    let ok = |s: &str, extra: &[char]| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_alphanumeric() || c == '_' || extra.contains(&c))
    };
    (ok(name, &['.', '-']) && ok(home, &['.', '-'])).then(|| format!("@{name}@{home}"))
}

/// 64-bit FNV-1a of the NFC title and text, hex. Stable across versions and platforms,
/// which a std `Hasher` is not.
pub fn content_hash(title: &str, text: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in title.bytes().chain([0u8]).chain(text.bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// Strips tags, decodes entities, collapses whitespace (keeping paragraph breaks as
/// newlines) and returns NFC text. Script and style contents are dropped.
pub fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        push_decoded(&mut out, &rest[..lt]);
        let after = &rest[lt + 1..];
        // As in HTML5, '<' opens a tag only before a letter, '/', '!' or '?': "a < b" is text.
        if !after.starts_with(|c: char| c.is_ascii_alphabetic() || matches!(c, '/' | '!' | '?')) {
            push_decoded(&mut out, "<");
            rest = after;
            continue;
        }
        let Some(gt) = after.find('>') else {
            // A lone '<' is text ("a < b"), not a tag.
            push_decoded(&mut out, &rest[lt..]);
            rest = "";
            break;
        };
        let tag = after[..gt].trim().to_ascii_lowercase();
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        rest = &after[gt + 1..];
        if (name == "script" || name == "style") && !tag.starts_with('/') {
            let close = format!("</{name}");
            let lower = rest.to_ascii_lowercase();
            rest = match lower.find(&close) {
                Some(i) => rest[i..]
                    .find('>')
                    .map(|j| &rest[i + j + 1..])
                    .unwrap_or(""),
                None => "",
            };
            continue;
        }
        let block = matches!(
            name.as_str(),
            "p" | "br"
                | "div"
                | "li"
                | "ul"
                | "ol"
                | "h1"
                | "h2"
                | "h3"
                | "h4"
                | "h5"
                | "h6"
                | "tr"
                | "blockquote"
                | "section"
                | "article"
                | "hr"
        );
        // Inline markup joins what it wraps, as a browser renders it: Mastodon writes a
        // hashtag as `#<span>inwi</span>`, which must stay "#inwi" for a hashtag alias.
        let inline = matches!(
            name.as_str(),
            "a" | "span"
                | "b"
                | "i"
                | "em"
                | "strong"
                | "u"
                | "s"
                | "small"
                | "mark"
                | "abbr"
                | "bdi"
                | "bdo"
                | "code"
                | "sub"
                | "sup"
                | "font"
                | "q"
                | "cite"
                | "time"
                | "wbr"
        );
        if block {
            out.push('\n');
        } else if !inline {
            out.push(' ');
        }
    }
    push_decoded(&mut out, rest);
    // Mojibake is repaired before whitespace is collapsed: the no-break space in "Ã\u{a0}"
    // is half of an "à".
    let out = crate::mojibake::repair(&out);
    collapse_whitespace(&out.nfc().collect::<String>())
}

fn collapse_whitespace(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    let mut pending_newline = false;
    for c in s.chars() {
        if c == '\n' {
            pending_newline = true;
        } else if c.is_whitespace() {
            pending_space = true;
        } else {
            if !out.is_empty() {
                if pending_newline {
                    out.push('\n');
                } else if pending_space {
                    out.push(' ');
                }
            }
            pending_space = false;
            pending_newline = false;
            out.push(c);
        }
    }
    out
}

/// Decodes character references (`&eacute;`, `&#233;`, `&#xE9;`). Unknown names stay as
/// written rather than vanish.
fn push_decoded(out: &mut String, s: &str) {
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let end = after.find(';').filter(|&i| i <= 10);
        let decoded = end.and_then(|i| decode_entity(&after[..i]).map(|c| (c, i)));
        match decoded {
            Some((c, i)) => {
                out.push(c);
                rest = &after[i + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
}

fn decode_entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let n = if let Some(hex) = num.strip_prefix('x').or_else(|| num.strip_prefix('X')) {
            u32::from_str_radix(hex, 16).ok()?
        } else {
            num.parse().ok()?
        };
        return char::from_u32(n).filter(|c| *c != '\0');
    }
    let c = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "rsquo" => '’',
        "lsquo" => '‘',
        "rdquo" => '”',
        "ldquo" => '“',
        "laquo" => '«',
        "raquo" => '»',
        "hellip" => '…',
        "ndash" => '–',
        "mdash" => '—',
        "euro" => '€',
        "copy" => '©',
        "reg" => '®',
        "deg" => '°',
        "middot" => '·',
        "bull" => '•',
        "eacute" => 'é',
        "Eacute" => 'É',
        "egrave" => 'è',
        "Egrave" => 'È',
        "ecirc" => 'ê',
        "Ecirc" => 'Ê',
        "euml" => 'ë',
        "agrave" => 'à',
        "Agrave" => 'À',
        "acirc" => 'â',
        "Acirc" => 'Â',
        "auml" => 'ä',
        "ccedil" => 'ç',
        "Ccedil" => 'Ç',
        "icirc" => 'î',
        "iuml" => 'ï',
        "ocirc" => 'ô',
        "Ocirc" => 'Ô',
        "ouml" => 'ö',
        "ugrave" => 'ù',
        "ucirc" => 'û',
        "uuml" => 'ü',
        "oelig" => 'œ',
        "OElig" => 'Œ',
        "aelig" => 'æ',
        "szlig" => 'ß',
        "ntilde" => 'ñ',
        "aacute" => 'á',
        "iacute" => 'í',
        "oacute" => 'ó',
        "uacute" => 'ú',
        "zwnj" => '\u{200c}',
        "zwj" => '\u{200d}',
        "lrm" => '\u{200e}',
        "rlm" => '\u{200f}',
        other => return crate::encoding::html_entity(other),
    };
    Some(c)
}

/// True for absolute http(s) URLs.
pub fn is_web_link(l: &str) -> bool {
    reqwest::Url::parse(l)
        .is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.host_str().is_some())
}

/// Removes tracking parameters and unwraps Google redirect links. Anything that does not
/// parse as a URL is returned trimmed, unchanged.
pub fn canonical_link(link: &str) -> String {
    let Ok(mut url) = reqwest::Url::parse(link.trim()) else {
        return link.trim().to_string();
    };
    let is_google = url.host_str().is_some_and(is_google_host);
    if is_google
        && url.path() == "/url"
        && let Some((_, target)) = url.query_pairs().find(|(k, _)| k == "url" || k == "q")
        && (target.starts_with("http://") || target.starts_with("https://"))
    {
        return canonical_link(&target);
    }
    let kept: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(k, _)| !is_tracking_param(k))
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    if kept.is_empty() {
        url.set_query(None);
    } else {
        url.query_pairs_mut().clear().extend_pairs(kept);
    }
    url.set_fragment(None);
    url.to_string()
}

fn is_tracking_param(k: &str) -> bool {
    let k = k.to_ascii_lowercase();
    k.starts_with("utm_")
        || matches!(
            k.as_str(),
            "fbclid"
                | "gclid"
                | "dclid"
                | "msclkid"
                | "mc_cid"
                | "mc_eid"
                | "igshid"
                | "yclid"
                | "_hsenc"
                | "_hsmi"
                | "ref_src"
                | "xtor"
                | "at_medium"
                | "at_campaign"
        )
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn html_to_text_table() {
        let cases = [
            ("<p>Bonjour&nbsp;le monde</p>", "Bonjour le monde"),
            ("a&eacute;b &amp; c &#233; &#xE9;", "aéb & c é é"),
            ("<script>alert(1)</script>Texte <b>gras</b>", "Texte gras"),
            ("ligne<br/>suivante", "ligne\nsuivante"),
            ("a < b et b > c", "a < b et b > c"),
            ("&unknown; reste", "&unknown; reste"),
            ("&Alpha;&thorn;&frac12;", "Αþ½"),
            ("e\u{301}cole", "école"),
            ("  beaucoup   d'espaces \t ", "beaucoup d'espaces"),
            // Regression: Mastodon's hashtag markup became "# inwi", which a "#inwi" alias
            // never matched. Inline tags join, other tags still separate.
            (
                "<p>Réseau <a href=\"https://m.example/tags/inwi\" class=\"mention hashtag\">#<span>inwi</span></a> coupé</p>",
                "Réseau #inwi coupé",
            ),
            (
                "<a href=\"https://m.example/@casa\">@<span>casa</span></a>",
                "@casa",
            ),
            ("l'<em>Oréal</em>", "l'Oréal"),
            ("<td>a</td><td>b</td>", "a b"),
            ("a<img src=x>b", "a b"),
        ];
        for (html, want) in cases {
            assert_eq!(html_to_text(html), want, "{html}");
        }
    }

    #[test]
    fn canonical_links() {
        let cases = [
            (
                "https://x.ma/a?utm_source=fb&id=3&fbclid=zz",
                "https://x.ma/a?id=3",
            ),
            ("https://x.ma/a?gclid=1#top", "https://x.ma/a"),
            (
                "https://www.google.com/url?rct=j&sa=t&url=https://le360.ma/eco/inwi%3Futm_medium%3Drss&ct=ga",
                "https://le360.ma/eco/inwi",
            ),
            ("not a url", "not a url"),
        ];
        for (l, want) in cases {
            assert_eq!(canonical_link(l), want, "{l}");
        }
    }

    /// Regression: a `javascript:` link from a feed was stored as the item's link.
    #[test]
    fn authors_from_social_links() {
        for (link, want) in [
            (
                "https://mastodon.social/@casa_foodie/113456789",
                Some("@casa_foodie@mastodon.social"),
            ),
            // A remote account seen from another server keeps its home server.
            (
                "https://piaille.fr/@nadia@eldritch.cafe/1134",
                Some("@nadia@eldritch.cafe"),
            ),
            (
                "https://www.tiktok.com/@atlas.fan/video/7300000000",
                Some("@atlas.fan@tiktok.com"),
            ),
            (
                "https://medium.com/@omar-b/mon-avis-sur-inwi-3f2a",
                Some("@omar-b@medium.com"),
            ),
            ("https://news.example/2026/12/inwi", None),
            ("https://news.example/@/1", None),
            ("https://news.example/@a b/1", None),
            ("https://news.example/@x@/1", None),
            ("pas un lien", None),
        ] {
            assert_eq!(author_from_link(link).as_deref(), want, "{link}");
        }
        // A feed's own author wins; the link only fills the gap.
        let now = Utc.with_ymd_and_hms(2026, 11, 22, 12, 0, 0).unwrap();
        let e = |authors: Vec<String>| RawEntry {
            link: Some("https://mastodon.social/@casa_foodie/1".into()),
            summary: Some("<p>Inwi zwin</p>".into()),
            authors,
            ..Default::default()
        };
        let author = |authors| normalize(&e(authors), now).author;
        assert_eq!(
            author(vec![]).as_deref(),
            Some("@casa_foodie@mastodon.social")
        );
        assert_eq!(
            author(vec!["Casa Foodie".into()]).as_deref(),
            Some("Casa Foodie")
        );
    }

    #[test]
    fn google_news_publishers_leave_the_title_and_become_the_author() {
        let now = Utc.with_ymd_and_hms(2026, 11, 22, 12, 0, 0).unwrap();
        let entry = |title: &str, link: &str| RawEntry {
            title: Some(title.into()),
            link: Some(link.into()),
            // What Google News puts in <description>.
            summary: Some(format!(
                "<a href=\"{link}\" target=\"_blank\">{title}</a>&nbsp;&nbsp;<font color=\"#6f6f6f\">{}</font>",
                title.rsplit_once(" - ").map_or("", |(_, p)| p)
            )),
            ..Default::default()
        };
        let gn = "https://news.google.com/rss/articles/CBMiV2h0dHBzOi8vZnIuaGVzcHJlc3MuY29t?oc=5";
        for (title, want_title, want_author) in [
            (
                "Inwi lance la 5G à Casablanca - Hespress FR",
                "Inwi lance la 5G à Casablanca",
                Some("Hespress FR"),
            ),
            // Only the last " - " separates the publisher.
            (
                "Maroc - Inwi : le réseau rétabli - Le360",
                "Maroc - Inwi : le réseau rétabli",
                Some("Le360"),
            ),
            (
                "إنوي تطلق عرضا جديدا - هسبريس",
                "إنوي تطلق عرضا جديدا",
                Some("هسبريس"),
            ),
            ("Pas de publisher", "Pas de publisher", None),
        ] {
            let it = normalize(&entry(title, gn), now);
            assert_eq!(it.title, want_title, "{title}");
            assert_eq!(it.author.as_deref(), want_author, "{title}");
            assert!(!it.doc().contains("Hespress FR"), "{:?}", it.doc());
        }
        // Google Alerts: the redirect's target names the site.
        let alert = "https://www.google.com/url?rct=j&sa=t&url=https://www.hespress.com/inwi-123.html&ct=ga&cd=CAIy&usg=AOv";
        let it = normalize(&entry("<b>Inwi</b> : nouvelle offre", alert), now);
        assert_eq!(
            it.link.as_deref(),
            Some("https://www.hespress.com/inwi-123.html")
        );
        assert_eq!(it.author.as_deref(), Some("hespress.com"));
        assert_eq!(it.title, "Inwi : nouvelle offre");
        // Elsewhere a " - " in a title is the title's own.
        let it = normalize(
            &entry("Inwi - le bilan - Le Matin", "https://lematin.ma/a"),
            now,
        );
        assert_eq!(it.title, "Inwi - le bilan - Le Matin");
        assert_eq!(it.author, None);
    }

    #[test]
    fn reddit_footers_leave_the_text() {
        let now = Utc.with_ymd_and_hms(2026, 11, 22, 12, 0, 0).unwrap();
        let e = |link: &str, content: &str| RawEntry {
            title: Some("Inwi ou Orange pour la fibre ?".into()),
            link: Some(link.into()),
            content: Some(content.into()),
            authors: vec!["/u/karim_ma".into()],
            ..Default::default()
        };
        let post = "<!-- SC_OFF --><div class=\"md\"><p>Inwi khayb bzaf f Rabat, chi nasi7a ?</p></div><!-- SC_ON --> &#32; submitted by &#32; <a href=\"https://www.reddit.com/user/karim_ma\"> /u/karim_ma </a> &#32; to &#32; <a href=\"https://www.reddit.com/r/Morocco/\"> r/Morocco </a> <br/> <span><a href=\"https://www.reddit.com/r/Morocco/comments/1abc/\">[link]</a></span> &#32; <span><a href=\"https://www.reddit.com/r/Morocco/comments/1abc/\">[comments]</a></span>";
        let it = normalize(
            &e("https://www.reddit.com/r/Morocco/comments/1abc/inwi/", post),
            now,
        );
        assert_eq!(it.text, "Inwi khayb bzaf f Rabat, chi nasi7a ?");
        // A link post: nothing but the footer, so no text at all.
        let link_post = "<table><tr><td> &#32; submitted by &#32; <a href=\"https://www.reddit.com/user/karim_ma\"> /u/karim_ma </a> &#32; to &#32; <a href=\"https://www.reddit.com/r/Morocco/\"> r/Morocco </a> <br/> <span><a href=\"https://x.example/\">[link]</a></span> &#32; <span><a href=\"https://www.reddit.com/r/Morocco/comments/1abd/\">[comments]</a></span></td></tr></table>";
        let it = normalize(
            &e(
                "https://www.reddit.com/r/Morocco/comments/1abd/x/",
                link_post,
            ),
            now,
        );
        assert_eq!(it.text, "");
        // Other sites keep every word.
        let it = normalize(&e("https://forum.example/t/1", post), now);
        assert!(it.text.ends_with("[comments]"), "{}", it.text);
    }

    #[test]
    fn only_web_links_are_kept() {
        let now = Utc.with_ymd_and_hms(2026, 11, 22, 12, 0, 0).unwrap();
        let cases = [
            ("javascript:alert(1)", None),
            ("data:text/html,<b>x</b>", None),
            ("ftp://x.ma/a", None),
            ("https://x.ma/a?utm_source=x", Some("https://x.ma/a")),
            ("http://x.ma/a", Some("http://x.ma/a")),
        ];
        for (link, want) in cases {
            let e = RawEntry {
                id: Some("g".into()),
                title: Some("T".into()),
                link: Some(link.into()),
                ..Default::default()
            };
            assert_eq!(normalize(&e, now).link.as_deref(), want, "{link}");
        }
    }

    #[test]
    fn future_dates_are_clamped_and_missing_ids_fall_back() {
        let now = Utc.with_ymd_and_hms(2026, 11, 22, 12, 0, 0).unwrap();
        let e = RawEntry {
            title: Some("Titre".into()),
            summary: Some("Texte".into()),
            published: Some(now + chrono::Duration::days(3)),
            ..Default::default()
        };
        let it = normalize(&e, now);
        assert_eq!(it.published, now);
        assert!(it.guid.starts_with("hash:"));
        let e2 = RawEntry {
            link: Some("https://x.ma/a?utm_source=x".into()),
            ..e
        };
        assert_eq!(normalize(&e2, now).guid, "https://x.ma/a");
    }
}
