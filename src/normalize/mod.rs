//! Normalize: turns a raw feed entry into an `Item` the rest of the pipeline can trust.
//!
//! HTML becomes plain text (`html`); links are canonicalised so the same story is stored
//! once (`link`); the conventions of particular sources (who wrote a Mastodon post, a
//! Google News story's publisher, Reddit's footer) are applied (`sources`); dates fall back
//! sensibly and are clamped to the fetch time (a feed's clock in the future must not
//! reorder history). Pure.

mod html;
mod link;
mod sources;

pub use html::html_to_text;
pub use link::{canonical_link, is_web_link};
pub use sources::author_from_link;

use crate::parse::RawEntry;
use chrono::{DateTime, Utc};
use sources::{
    drop_reddit_footer, is_google_news, is_google_redirect, is_reddit, site_of, split_publisher,
};

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

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

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
