//! Links. Owns: which links are kept (absolute http(s) only) and their canonical form
//! (tracking parameters removed, Google redirects unwrapped), so the same story reached by
//! two links is stored once. Pure.

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

/// google.com, www.google.com, google.co.ma, news.google.fr...
pub(super) fn is_google_host(h: &str) -> bool {
    h == "google.com"
        || h.ends_with(".google.com")
        || h.starts_with("google.")
        || h.contains(".google.")
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
