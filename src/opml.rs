//! OPML: the subscription-list format every feed reader imports and exports.
//!
//! `veille feeds import FILE.opml` reads nested outlines (folders of feeds), keeps each
//! feed's title, and appends `[[feeds]]` tables to the end of the config file as text, so
//! the user's comments and layout stay as they were; the folder path goes into a comment
//! above each entry. Feeds the config already lists are skipped, and the new file is
//! validated before it replaces the old one. `veille feeds export` writes the configured
//! feeds (presets expanded) as OPML 2.0 on stdout.
//!
//! The file's bytes go through `encoding` first (BOM, XML declaration, HTML entities), as
//! feeds do: OPML files exported by old readers are often windows-1252.

use crate::config::FeedConfig;
use quick_xml::events::{BytesStart, Event};
use std::collections::HashSet;

/// One feed found in an OPML file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outline {
    pub url: String,
    pub title: Option<String>,
    /// The titles of the folders it sits in, outermost first.
    pub folders: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum OpmlError {
    #[error("{path}: not valid OPML near byte {offset}: {message}")]
    Xml {
        path: String,
        offset: u64,
        message: String,
    },
    #[error("{path}: no feeds found (expected <outline xmlUrl=\"...\"> elements)")]
    Empty { path: String },
}

fn attr(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        a.key
            .as_ref()
            .eq_ignore_ascii_case(name)
            .then(|| {
                a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .ok()
                    .map(|v| v.trim().to_string())
            })
            .flatten()
            .filter(|v| !v.is_empty())
    })
}

/// Reads the feeds of an OPML document. `path` names it in errors.
pub fn parse(bytes: &[u8], path: &str) -> Result<Vec<Outline>, OpmlError> {
    let decoded = crate::encoding::decode(bytes, None);
    let fixed = crate::encoding::fix_entities(&decoded.text);
    let text = String::from_utf8_lossy(&fixed);
    let mut reader = quick_xml::Reader::from_str(&text);
    let mut out = Vec::new();
    // One entry per open <outline>: Some(title) for folders, None for feeds and others.
    let mut stack: Vec<Option<String>> = Vec::new();
    loop {
        let ev = reader.read_event().map_err(|e| OpmlError::Xml {
            path: path.to_string(),
            offset: reader.error_position(),
            message: e.to_string(),
        })?;
        let (e, has_children) = match &ev {
            Event::Start(e) => (e, true),
            Event::Empty(e) => (e, false),
            Event::End(e) => {
                if e.local_name().as_ref().eq_ignore_ascii_case("outline") {
                    stack.pop();
                }
                continue;
            }
            Event::Eof => break,
            _ => continue,
        };
        if !e.local_name().as_ref().eq_ignore_ascii_case("outline") {
            continue;
        }
        let title = attr(e, "title").or_else(|| attr(e, "text"));
        let url = attr(e, "xmlUrl");
        if let Some(url) = &url {
            out.push(Outline {
                url: url.clone(),
                title: title.clone(),
                folders: stack.iter().flatten().cloned().collect(),
            });
        }
        if has_children {
            stack.push(if url.is_none() { title } else { None });
        }
    }
    if out.is_empty() {
        return Err(OpmlError::Empty {
            path: path.to_string(),
        });
    }
    Ok(out)
}

/// `[[feeds]]` tables for the outlines whose URL is not in `existing`, as TOML text to
/// append to a config; returns the text and how many outlines were skipped.
pub fn to_toml(outlines: &[Outline], existing: &HashSet<String>) -> (String, usize) {
    let mut s = String::new();
    let mut skipped = 0;
    let mut seen = existing.clone();
    for o in outlines {
        let key = normalise_url(&o.url);
        if !seen.insert(key) {
            skipped += 1;
            continue;
        }
        s.push('\n');
        if !o.folders.is_empty() {
            s.push_str(&format!("# OPML folder: {}\n", o.folders.join(" / ")));
        }
        s.push_str("[[feeds]]\n");
        s.push_str(&format!("url = {}\n", toml_str(&o.url)));
        if let Some(t) = &o.title {
            s.push_str(&format!("name = {}\n", toml_str(t)));
        }
    }
    (s, skipped)
}

/// The form the config stores a feed URL in, for duplicate checks.
pub fn normalise_url(u: &str) -> String {
    reqwest::Url::parse(u.trim())
        .map(|u| u.to_string())
        .unwrap_or_else(|_| u.trim().to_string())
}

fn toml_str(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn xml_attr(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The configured feeds as an OPML 2.0 document.
pub fn export(feeds: &[FeedConfig]) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">\n  <head><title>veille feeds</title></head>\n  <body>\n",
    );
    for f in feeds {
        let title = f.name.as_deref().unwrap_or(&f.url);
        s.push_str(&format!(
            "    <outline type=\"rss\" text=\"{t}\" title=\"{t}\" xmlUrl=\"{u}\"/>\n",
            t = xml_attr(title),
            u = xml_attr(&f.url)
        ));
    }
    s.push_str("  </body>\n</opml>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    const NESTED: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<opml version="1.0"><head><title>Mes abonnements</title></head><body>
  <outline text="Presse" title="Presse">
    <outline text="Maroc">
      <outline type="rss" text="Hespress FR" xmlUrl="https://fr.hespress.com/feed"/>
      <outline type="rss" title="Médias24 &amp; co" text="m24" xmlUrl="https://www.medias24.com/feed/"></outline>
    </outline>
    <outline type="rss" text="Le Monde Afrique" xmlUrl="https://www.lemonde.fr/afrique/rss_full.xml"/>
  </outline>
  <outline type="rss" text="Caf&eacute; sans dossier" xmlUrl="https://blog.example/feed"/>
</body></opml>"#;

    #[test]
    fn nested_outlines_keep_titles_and_folders() {
        let o = parse(NESTED.as_bytes(), "subs.opml").unwrap();
        let got: Vec<(&str, Option<&str>, String)> = o
            .iter()
            .map(|o| (o.url.as_str(), o.title.as_deref(), o.folders.join("/")))
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    "https://fr.hespress.com/feed",
                    Some("Hespress FR"),
                    "Presse/Maroc".into()
                ),
                (
                    "https://www.medias24.com/feed/",
                    Some("Médias24 & co"),
                    "Presse/Maroc".into()
                ),
                (
                    "https://www.lemonde.fr/afrique/rss_full.xml",
                    Some("Le Monde Afrique"),
                    "Presse".into()
                ),
                (
                    "https://blog.example/feed",
                    Some("Café sans dossier"),
                    String::new()
                ),
            ]
        );
    }

    #[test]
    fn import_skips_known_feeds_and_writes_valid_toml() {
        let o = parse(NESTED.as_bytes(), "subs.opml").unwrap();
        let known: HashSet<String> = [normalise_url("https://fr.hespress.com/feed")].into();
        let (toml_text, skipped) = to_toml(&o, &known);
        assert_eq!(skipped, 1);
        assert!(toml_text.contains("# OPML folder: Presse / Maroc\n[[feeds]]\nurl = \"https://www.medias24.com/feed/\"\nname = \"Médias24 & co\""));
        let c = crate::config::parse(&toml_text, "t.toml", std::path::Path::new("/")).unwrap();
        assert_eq!(c.feeds.len(), 3);
    }

    #[test]
    fn export_round_trips() {
        let c = crate::config::parse(
            "[[feeds]]\nurl = \"https://x.example/a?b=1&c=2\"\nname = \"A & B\"\n[[feeds]]\npreset = \"youtube\"\nchannel_id = \"UCabcdefghijklmnopqrstuv\"\n",
            "t.toml",
            std::path::Path::new("/"),
        )
        .unwrap();
        let x = export(&c.feeds);
        let back = parse(x.as_bytes(), "export").unwrap();
        assert_eq!(back.len(), 2);
        assert_eq!(back[0].url, "https://x.example/a?b=1&c=2");
        assert_eq!(back[0].title.as_deref(), Some("A & B"));
        assert!(
            back[1]
                .url
                .starts_with("https://www.youtube.com/feeds/videos.xml")
        );
    }

    #[test]
    fn not_opml_is_a_clear_error() {
        assert!(matches!(
            parse(b"<html><body>no</body></html>", "x.opml"),
            Err(OpmlError::Empty { .. })
        ));
        let e = parse(b"<opml><body><outline xmlUrl=\"a\"></body>", "x.opml").unwrap_err();
        assert!(e.to_string().starts_with("x.opml: "), "{e}");
    }
}
