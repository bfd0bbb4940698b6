//! The conventions of particular sources, applied after the generic steps. Owns: who
//! wrote an entry when its feed does not say (Mastodon handles from the post's address,
//! Google News publishers from the title, Google Alerts sites from the redirect) and the
//! boilerplate some sites wrap around every post (Reddit's footer). Pure.

use super::link::is_google_host;

/// A Google News item's link (opaque, `https://news.google.com/rss/articles/...`): the
/// story's publisher is only in its title.
pub(super) fn is_google_news(link: &str) -> bool {
    reqwest::Url::parse(link).is_ok_and(|u| u.host_str() == Some("news.google.com"))
}

pub(super) fn is_reddit(link: &str) -> bool {
    reqwest::Url::parse(link).is_ok_and(|u| {
        u.host_str()
            .is_some_and(|h| h == "reddit.com" || h.ends_with(".reddit.com"))
    })
}

/// Reddit's feeds end every post with "submitted by /u/NAME to r/SUB [link] [comments]":
/// words that would otherwise fill the snippet of a short post, and the author is already
/// the entry's <author>.
pub(super) fn drop_reddit_footer(text: &mut String) {
    if let Some(i) = text.rfind("submitted by /u/")
        && text[i..].contains("[comments]")
    {
        text.truncate(text[..i].trim_end().len());
    }
}

/// Whether `raw` is a Google redirect that canonical_link unwrapped into `canonical`.
pub(super) fn is_google_redirect(raw: &str, canonical: &str) -> bool {
    let host = |l: &str| {
        reqwest::Url::parse(l.trim())
            .ok()?
            .host_str()
            .map(str::to_string)
    };
    host(raw).is_some_and(|h| is_google_host(&h))
        && host(canonical).is_some_and(|h| !is_google_host(&h))
}

/// A link's site, as people name it: the host without "www.".
pub(super) fn site_of(link: &str) -> Option<String> {
    let url = reqwest::Url::parse(link).ok()?;
    let host = url.host_str()?;
    Some(host.strip_prefix("www.").unwrap_or(host).to_string())
}

/// Google News titles a story "Headline - Publisher" and repeats the publisher at the end
/// of the description. The publisher is who mentions the brand (every item of a Google
/// News search feed otherwise comes from "Google News"), and left in the title it would
/// be matched and scored: a media brand would be mentioned by each of its own stories.
/// Moves it out of both and returns it.
pub(super) fn split_publisher(title: &mut String, text: &mut String) -> Option<String> {
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

#[cfg(test)]
mod tests {
    use super::super::normalize;
    use super::*;
    use crate::parse::RawEntry;
    use chrono::{TimeZone, Utc};

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
}
