//! Parse: turns a feed's bytes into raw entries with feed-rs (RSS 0.9x/1.0/2.0, Atom,
//! JSON Feed).
//!
//! Bytes first go through `encoding` (BOM, HTTP charset, XML declaration; HTML entities
//! made XML-safe), and an XML document whose root element is never closed is refused as
//! truncated rather than half-read: a cut item stored now would never be completed later.
//!
//! This stage only extracts; it does not clean. Titles and bodies may still hold HTML;
//! `normalize` turns them into text. Ids that feed-rs would invent (it falls back to a
//! random UUID for entries with neither link nor title) are reported as `None`, so dedup
//! never relies on a value that changes between polls.

use chrono::{DateTime, Utc};

/// One entry as the feed gave it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawEntry {
    /// The feed's own id (RSS guid, Atom id, JSON Feed id); `None` when the feed gave none.
    pub id: Option<String>,
    pub title: Option<String>,
    pub link: Option<String>,
    pub summary: Option<String>,
    pub content: Option<String>,
    pub published: Option<DateTime<Utc>>,
    pub updated: Option<DateTime<Utc>>,
    pub authors: Vec<String>,
    pub language: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct ParsedFeed {
    pub title: Option<String>,
    pub language: Option<String>,
    pub entries: Vec<RawEntry>,
    /// RSS `<ttl>`: how long the feed asks readers to cache it.
    pub ttl: Option<std::time::Duration>,
}

#[derive(Debug, thiserror::Error)]
pub enum ParseError {
    #[error("an HTML page, not a feed{}", hint.as_ref().map(|h| format!(" (the page advertises a feed at {h})")).unwrap_or_default())]
    Html { hint: Option<String> },
    #[error("not a valid RSS, Atom or JSON feed: {0}")]
    Invalid(String),
    #[error("truncated feed: the document ends before its closing </{root}>")]
    Truncated { root: String },
    /// feed-rs panicked. Kept apart from `Invalid` so the fuzz tests can still tell a
    /// parser crash (a bug to work around) from a plain rejection.
    #[error("the feed parser crashed on these bytes ({0}); the feed is skipped")]
    ParserPanicked(String),
}

const GENERATED: &str = "\u{0}veille-generated-id";

/// Parses feed bytes. `base` resolves relative links.
pub fn parse(bytes: &[u8], base: Option<&str>) -> Result<ParsedFeed, ParseError> {
    parse_with(bytes, None, base)
}

/// Parses feed bytes served with `content_type` (whose `charset` counts). `base` resolves
/// relative links.
pub fn parse_with(
    bytes: &[u8],
    content_type: Option<&str>,
    base: Option<&str>,
) -> Result<ParsedFeed, ParseError> {
    let decoded = crate::encoding::decode(bytes, content_type);
    let text = decoded.text;
    let is_json = text
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|b| *b == b'{');
    let (declared, fixed);
    let bytes: &[u8] = if is_json {
        &text
    } else {
        // Nothing may come before an XML document's first `<`; servers still send
        // junk there (NUL padding, a PHP warning). It is dropped, and the declaration
        // it hid from the transcoder is made to say UTF-8, which the text now is: left
        // naming its old encoding, it made quick-xml switch decoders mid-stream.
        let xml = &text[text.iter().position(|b| *b == b'<').unwrap_or(0)..];
        declared = crate::encoding::declare_utf8(xml);
        if let Some(root) = unclosed_root(&declared)
            && !looks_like_html(&declared)
        {
            return Err(ParseError::Truncated { root });
        }
        fixed = crate::encoding::fix_entities(&declared);
        &fixed
    };
    let parser = feed_rs::parser::Builder::new()
        .base_uri(base)
        .id_generator(|_, _, _| GENERATED.to_string())
        .build();
    // feed-rs and quick-xml have panicked on hostile bytes (see the regression test
    // below); a feed is untrusted input, so any panic in them is this feed's error.
    let parsed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| parser.parse(bytes)))
        .map_err(|p| ParseError::ParserPanicked(crate::panic_message(Some(p.as_ref()))))?;
    let feed = match parsed {
        Ok(f) => f,
        Err(e) => {
            if looks_like_html(bytes) {
                // Name the advertised feed by its absolute URL, ready to paste in the config.
                let hint = advertised_feed(bytes).map(|h| {
                    base.and_then(|b| reqwest::Url::parse(b).ok())
                        .and_then(|b| b.join(&h).ok())
                        .map(|u| u.to_string())
                        .unwrap_or(h)
                });
                return Err(ParseError::Html { hint });
            }
            return Err(ParseError::Invalid(e.to_string()));
        }
    };
    let language = feed.language.clone();
    let entries = feed
        .entries
        .into_iter()
        .map(|e| {
            let link = e
                .links
                .iter()
                .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
                .or(e.links.first())
                .map(|l| l.href.trim().to_string())
                .filter(|l| !l.is_empty());
            // Video channels (YouTube's Atom feeds, Dailymotion, PeerTube) put the only text
            // of an entry in Media RSS's <media:description>: without it a video whose title
            // does not name the brand is never seen, whatever its description says.
            let media_description = e
                .media
                .iter()
                .filter_map(|m| m.description.as_ref())
                .map(|t| t.content.clone())
                .find(|d| !d.trim().is_empty());
            RawEntry {
                id: Some(e.id.trim().to_string()).filter(|i| !i.is_empty() && i != GENERATED),
                title: e.title.map(|t| t.content),
                link,
                summary: e
                    .summary
                    .map(|t| t.content)
                    .filter(|s| !s.trim().is_empty())
                    .or(media_description),
                content: e.content.and_then(|c| c.body),
                published: e.published,
                updated: e.updated,
                authors: e
                    .authors
                    .into_iter()
                    .filter_map(|p| p.name.map(|n| n.trim().to_string()))
                    .filter(|n| !n.is_empty())
                    .collect(),
                language: e.language,
            }
        })
        .collect();
    Ok(ParsedFeed {
        title: feed.title.map(|t| t.content),
        language,
        entries,
        ttl: feed
            .ttl
            .filter(|m| *m > 0)
            .map(|m| std::time::Duration::from_secs(u64::from(m) * 60)),
    })
}

/// The root element's name when the document does not end with its closing tag.
fn unclosed_root(xml: &[u8]) -> Option<String> {
    let mut i = 0;
    // Skip the prolog: declaration, comments, doctype, processing instructions.
    let root = loop {
        let lt = i + xml[i..].iter().position(|b| *b == b'<')?;
        let rest = &xml[lt..];
        if rest.starts_with(b"<?") || rest.starts_with(b"<!") {
            let close: &[u8] = if rest.starts_with(b"<!--") {
                b"-->"
            } else {
                b">"
            };
            i = lt + rest.windows(close.len()).position(|w| w == close)? + close.len();
            continue;
        }
        let name: Vec<u8> = rest[1..]
            .iter()
            .take_while(|b| !b.is_ascii_whitespace() && **b != b'>' && **b != b'/')
            .copied()
            .collect();
        let tag_end = lt + rest.iter().position(|b| *b == b'>')?;
        if xml[..tag_end].ends_with(b"/") {
            return None; // <rss/>: an empty document, but a whole one
        }
        break String::from_utf8_lossy(&name).into_owned();
    };
    let end = xml.iter().rposition(|b| !b.is_ascii_whitespace())?;
    let closing = format!("</{root}>");
    let tail = &xml[..=end];
    // Trailing comments after the root are legal; look at the last closing tag only.
    let tail_trimmed = match tail.ends_with(b"-->") {
        true => tail
            .windows(4)
            .rposition(|w| w == b"<!--")
            .map(|p| xml[..p].trim_ascii_end())
            .unwrap_or(tail),
        false => tail,
    };
    if tail_trimmed.ends_with(closing.as_bytes())
        || tail_trimmed.ends_with(format!("</{root} >").as_bytes())
    {
        None
    } else {
        Some(root)
    }
}

fn looks_like_html(bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_ascii_lowercase();
    let t = head.trim_start_matches('\u{feff}').trim_start();
    t.starts_with("<!doctype html")
        || t.starts_with("<html")
        || (t.contains("<html") && !t.contains("<rss") && !t.contains("<feed"))
}

/// The href of a `<link rel="alternate" type="application/rss+xml|atom+xml" href=…>`.
fn advertised_feed(bytes: &[u8]) -> Option<String> {
    let page = String::from_utf8_lossy(bytes);
    let lower = page.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find("<link") {
        let start = from + i;
        let end = lower[start..].find('>').map(|j| start + j)?;
        let tag = &lower[start..end];
        if tag.contains("alternate")
            && (tag.contains("rss+xml") || tag.contains("atom+xml") || tag.contains("feed+json"))
        {
            let href_at = tag.find("href=")? + 5;
            let quote = page[start + href_at..].chars().next()?;
            let v = &page[start + href_at + 1..];
            if quote == '"' || quote == '\'' {
                return v.find(quote).map(|k| v[..k].to_string());
            }
        }
        from = end;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rss_atom_json() {
        let rss = br#"<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
            <item><title>A</title><link>http://x/a</link><guid>g1</guid><author>Sara</author></item>
            <item><title>B</title><description>no link, no guid</description></item>
            </channel></rss>"#;
        let f = parse(rss, None).unwrap();
        assert_eq!(f.entries.len(), 2);
        assert_eq!(f.entries[0].id.as_deref(), Some("g1"));
        assert_eq!(f.entries[1].id, None);
        let atom = br#"<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><id>f</id><updated>2026-11-01T00:00:00Z</updated>
            <entry><title>A</title><id>urn:a</id><updated>2026-11-01T00:00:00Z</updated><link href="http://x/a"/><author><name>Omar</name></author></entry></feed>"#;
        let f = parse(atom, None).unwrap();
        assert_eq!(f.entries[0].authors, vec!["Omar"]);
        let json = br#"{"version":"https://jsonfeed.org/version/1.1","title":"T","items":[{"id":"1","content_text":"hello","url":"http://x/1"}]}"#;
        let f = parse(json, None).unwrap();
        assert_eq!(f.entries[0].link.as_deref(), Some("http://x/1"));
    }

    /// Regression (found by `tests/fuzz_feed.rs`): junk bytes before the XML
    /// declaration hid it from the transcoder, the declaration still said
    /// ISO-8859-1 over UTF-8 text, and quick-xml (under feed-rs) panicked
    /// switching encodings mid-stream: one hostile feed killed its poll.
    #[test]
    fn junk_before_the_declaration_is_an_error_or_a_feed_never_a_panic() {
        let feed = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns=\"http://purl.org/rss/1.0/\"><channel><title>T</title></channel><item rdf:about=\"http://x.example/0\"><title>ç0a</title><link>http://x.example/0</link></item></rdf:RDF>";
        for (junk, readable) in [
            (&b"\0\x91\x80\0\0\0\x80\x80\x80\0\0\0"[..], true),
            (b"\0\0\0", true),
            (b"Warning: session_start() failed\n", true),
            // A UTF-16 byte-order mark over single-byte text: unreadable, but an error.
            (b"\xff\xfe\0", false),
        ] {
            let mut bytes = junk.to_vec();
            // Encoded as declared: ç is one byte, 0xE7.
            bytes.extend(feed.chars().map(|c| u8::try_from(u32::from(c)).unwrap()));
            match parse(&bytes, None) {
                Ok(f) => {
                    assert!(readable, "{junk:?}: {f:?}");
                    assert_eq!(f.entries.len(), 1, "{junk:?}");
                    assert_eq!(f.entries[0].title.as_deref(), Some("ç0a"), "{junk:?}");
                }
                Err(e) => assert!(!readable, "{junk:?}: {e}"),
            }
        }
    }

    /// Regression: a YouTube channel's feed carries each video's description only in
    /// <media:group><media:description>, and veille read none of it, so a video that named
    /// the brand only in its description was never a mention.
    #[test]
    fn video_descriptions_in_media_rss_are_the_body() {
        let youtube = r#"<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns:yt="http://www.youtube.com/xml/schemas/2015" xmlns:media="http://search.yahoo.com/mrss/" xmlns="http://www.w3.org/2005/Atom">
 <id>yt:channel:UC1</id><title>Chaîne</title>
 <entry>
  <id>yt:video:v1</id><yt:videoId>v1</yt:videoId><title>Unboxing du nouveau téléphone</title>
  <link rel="alternate" href="https://www.youtube.com/watch?v=v1"/>
  <author><name>Chaîne</name><uri>https://www.youtube.com/channel/UC1</uri></author>
  <published>2026-12-01T10:00:00+00:00</published>
  <media:group>
   <media:title>Unboxing du nouveau téléphone</media:title>
   <media:content url="https://www.youtube.com/v/v1?version=3" type="application/x-shockwave-flash" width="640" height="390"/>
   <media:thumbnail url="https://i1.ytimg.com/vi/v1/hqdefault.jpg" width="480" height="360"/>
   <media:description>Le réseau Inwi est nul à Tanger
abonnez-vous</media:description>
  </media:group>
 </entry>
</feed>"#;
        let f = parse(youtube.as_bytes(), None).unwrap();
        let e = &f.entries[0];
        assert_eq!(
            e.summary.as_deref(),
            Some("Le réseau Inwi est nul à Tanger\nabonnez-vous")
        );
        assert_eq!(
            e.link.as_deref(),
            Some("https://www.youtube.com/watch?v=v1")
        );
        // RSS with Media RSS (Dailymotion, PeerTube): an empty <description> does not hide it;
        // a real one wins over it.
        let rss = |desc: &str| {
            format!(
                r#"<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>T</title>
            <item><title>Vidéo</title><guid>d1</guid><description>{desc}</description>
            <media:content url="https://v.example/1.mp4" type="video/mp4"><media:description>Avis sur Inwi</media:description></media:content>
            </item></channel></rss>"#
            )
        };
        let f = parse(rss("").as_bytes(), None).unwrap();
        assert_eq!(f.entries[0].summary.as_deref(), Some("Avis sur Inwi"));
        let f = parse(rss("Le texte de l'article").as_bytes(), None).unwrap();
        assert_eq!(
            f.entries[0].summary.as_deref(),
            Some("Le texte de l'article")
        );
    }

    #[test]
    fn rss_091_and_rdf_10_and_authors() {
        let rss091 = br#"<?xml version="1.0" encoding="ISO-8859-1"?><!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd">
            <rss version="0.91"><channel><title>Vieux</title><language>fr</language><item><title>Ann&eacute;e</title><link>http://x/1</link></item></channel></rss>"#;
        let f = parse(rss091, None).unwrap();
        assert_eq!(f.entries[0].title.as_deref(), Some("Année"));
        let rdf = br#"<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
            <channel rdf:about="http://x/"><title>RDF</title><link>http://x/</link><description>d</description></channel>
            <item rdf:about="http://x/a"><title>A</title><link>http://x/a</link><dc:creator>Nadia E.</dc:creator><dc:date>2026-11-01T10:00:00Z</dc:date></item></rdf:RDF>"#;
        let f = parse(rdf, None).unwrap();
        assert_eq!(f.entries.len(), 1);
        assert_eq!(f.entries[0].authors, vec!["Nadia E."]);
        assert!(f.entries[0].published.is_some());
        let dc = br#"<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>T</title>
            <item><title>A</title><guid>1</guid><dc:creator>Youssef A.</dc:creator></item></channel></rss>"#;
        assert_eq!(
            parse(dc, None).unwrap().entries[0].authors,
            vec!["Youssef A."]
        );
    }

    #[test]
    fn truncated_documents_are_refused() {
        let whole = "<rss version=\"2.0\"><channel><title>T</title><item><title>A</title><guid>1</guid></item></channel></rss>";
        assert!(parse(whole.as_bytes(), None).is_ok());
        assert!(parse(format!("{whole}\n<!-- cached -->\n").as_bytes(), None).is_ok());
        for cut in [40, 70, whole.len() - 3] {
            match parse(&whole.as_bytes()[..cut], None) {
                Err(ParseError::Truncated { root }) => assert_eq!(root, "rss"),
                other => panic!("cut at {cut}: {other:?}"),
            }
        }
    }

    #[test]
    fn ttl_is_read() {
        let f = parse(
            b"<rss version=\"2.0\"><channel><title>T</title><ttl>60</ttl></channel></rss>",
            None,
        )
        .unwrap();
        assert_eq!(f.ttl, Some(std::time::Duration::from_secs(3600)));
    }

    #[test]
    fn html_page_names_advertised_feed_as_an_absolute_url() {
        let page = br#"<!DOCTYPE html><html><head><link rel="alternate" type="application/rss+xml" href="/feed.xml"></head><body>hi</body></html>"#;
        match parse(page, Some("https://site.example/news/")) {
            Err(ParseError::Html { hint }) => {
                assert_eq!(hint.as_deref(), Some("https://site.example/feed.xml"))
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn html_page_names_advertised_feed() {
        let page = br#"<!DOCTYPE html><html><head><link rel="alternate" type="application/rss+xml" href="/feed.xml"></head><body>hi</body></html>"#;
        match parse(page, None) {
            Err(ParseError::Html { hint }) => assert_eq!(hint.as_deref(), Some("/feed.xml")),
            other => panic!("{other:?}"),
        }
    }
}
