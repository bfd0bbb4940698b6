//! Feed presets: the sources people actually watch, expanded from a few words in the config
//! to the right feed URL, so nobody has to remember Google News' `ceid` or YouTube's feed
//! path.
//!
//! ```toml
//! [[feeds]]
//! preset = "google_news"   # google_news | google_alerts | reddit | mastodon | youtube
//! query = "inwi"
//! lang = "fr"
//! country = "MA"
//! ```
//!
//! Pure: a preset and its parameters in, a URL and a default display name out; errors say
//! which parameter is missing or wrong so the config can point at it.

use reqwest::Url;

/// The parameters a `[[feeds]]` table may give a preset.
#[derive(Debug, Clone, Default)]
pub struct Params<'a> {
    pub url: Option<&'a str>,
    pub query: Option<&'a str>,
    pub lang: Option<&'a str>,
    pub country: Option<&'a str>,
    pub instance: Option<&'a str>,
    pub tag: Option<&'a str>,
    pub channel_id: Option<&'a str>,
    pub subreddit: Option<&'a str>,
}

/// What went wrong, and which key it is about (for the error's location).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PresetError {
    /// `preset`, or the parameter's key.
    pub key: &'static str,
    pub message: String,
}

pub const NAMES: &[&str] = &[
    "google_news",
    "google_alerts",
    "reddit",
    "mastodon",
    "youtube",
];

/// The keys each preset uses (any other preset key given is an error: a `tag` on a
/// Google News preset is a mistake, not a wish).
fn keys(preset: &str) -> &'static [&'static str] {
    match preset {
        "google_news" => &["query", "lang", "country"],
        "google_alerts" => &["url"],
        "reddit" => &["query", "subreddit"],
        "mastodon" => &["instance", "tag"],
        "youtube" => &["channel_id"],
        _ => &[],
    }
}

/// Expands a preset to (feed URL, default name).
pub fn expand(preset: &str, p: &Params) -> Result<(Url, String), PresetError> {
    if !NAMES.contains(&preset) {
        return Err(PresetError {
            key: "preset",
            message: format!(
                "unknown preset {preset:?}: expected one of {}",
                NAMES.join(", ")
            ),
        });
    }
    let given = [
        ("url", p.url.is_some()),
        ("query", p.query.is_some()),
        ("lang", p.lang.is_some()),
        ("country", p.country.is_some()),
        ("instance", p.instance.is_some()),
        ("tag", p.tag.is_some()),
        ("channel_id", p.channel_id.is_some()),
        ("subreddit", p.subreddit.is_some()),
    ];
    let allowed = keys(preset);
    if let Some((k, _)) = given.iter().find(|(k, g)| *g && !allowed.contains(k)) {
        return Err(PresetError {
            key: k,
            message: format!(
                "preset {preset:?} takes no `{k}` (it takes: {})",
                allowed.join(", ")
            ),
        });
    }
    fn need<'v>(preset: &str, key: &str, v: Option<&'v str>) -> Result<&'v str, PresetError> {
        v.map(str::trim)
            .filter(|v| !v.is_empty())
            .ok_or_else(|| PresetError {
                key: "preset",
                message: format!("preset {preset:?} needs `{key} = \"...\"`"),
            })
    }
    let bad = |key: &'static str, message: String| PresetError { key, message };
    let url = |s: &str| Url::parse(s).expect("preset URLs are well-formed");
    match preset {
        "google_news" => {
            let q = need(preset, "query", p.query)?;
            let lang = p.lang.unwrap_or("fr").trim();
            let country = p.country.unwrap_or("MA").trim().to_ascii_uppercase();
            if !is_code(lang, 2, 3) && !lang.contains('-') {
                return Err(bad(
                    "lang",
                    format!(
                        "lang {lang:?}: expected a language code such as \"fr\", \"ar\" or \"en\""
                    ),
                ));
            }
            if !is_code(&country, 2, 2) {
                return Err(bad(
                    "country",
                    format!("country {country:?}: expected a two-letter code such as \"MA\""),
                ));
            }
            let u = Url::parse_with_params(
                "https://news.google.com/rss/search",
                &[
                    ("q", q),
                    ("hl", lang),
                    ("gl", &country),
                    ("ceid", &format!("{country}:{lang}")),
                ],
            )
            .expect("static base");
            Ok((u, format!("Google News: {q} ({lang}-{country})")))
        }
        "google_alerts" => {
            let raw = need(preset, "url", p.url)?;
            let u = Url::parse(raw).map_err(|e| bad("url", format!("invalid URL {raw:?}: {e}")))?;
            let host_ok = u
                .host_str()
                .is_some_and(|h| h == "google.com" || h.ends_with(".google.com"));
            if !host_ok || !u.path().starts_with("/alerts/feeds/") {
                return Err(bad(
                    "url",
                    "a Google Alerts feed URL looks like https://www.google.com/alerts/feeds/NUMBERS/NUMBERS (create the alert with \"Deliver to: RSS feed\", then copy the RSS icon's link)".into(),
                ));
            }
            Ok((u, "Google Alerts".into()))
        }
        "reddit" => {
            let q = need(preset, "query", p.query)?;
            let base = match p.subreddit.map(str::trim) {
                Some(s) => {
                    let s = s.trim_start_matches("r/").trim_start_matches("/r/");
                    if s.is_empty() || !s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                        return Err(bad(
                            "subreddit",
                            format!("subreddit {s:?}: letters, digits and _ only"),
                        ));
                    }
                    format!("https://www.reddit.com/r/{s}/search.rss")
                }
                None => "https://www.reddit.com/search.rss".into(),
            };
            let mut params = vec![("q", q), ("sort", "new")];
            if p.subreddit.is_some() {
                params.push(("restrict_sr", "on"));
            }
            let u = Url::parse_with_params(&base, &params).expect("well-formed");
            let name = match p.subreddit {
                Some(s) => format!("Reddit r/{}: {q}", s.trim().trim_start_matches("r/")),
                None => format!("Reddit: {q}"),
            };
            Ok((u, name))
        }
        "mastodon" => {
            let inst = need(preset, "instance", p.instance)?
                .trim_start_matches("https://")
                .trim_end_matches('/');
            let tag = need(preset, "tag", p.tag)?.trim_start_matches('#');
            if inst.contains('/') || Url::parse(&format!("https://{inst}/")).is_err() {
                return Err(bad(
                    "instance",
                    format!("instance {inst:?}: expected a host name such as \"mastodon.social\""),
                ));
            }
            if !tag.chars().all(|c| c.is_alphanumeric() || c == '_') {
                return Err(bad(
                    "tag",
                    format!("tag {tag:?}: letters, digits and _ only, without #"),
                ));
            }
            let mut u = url(&format!("https://{inst}/"));
            u.path_segments_mut()
                .expect("https URL has a path")
                .pop_if_empty()
                .extend(["tags", &format!("{tag}.rss")]);
            Ok((u, format!("Mastodon #{tag} ({inst})")))
        }
        "youtube" => {
            let id = need(preset, "channel_id", p.channel_id)?;
            if !(id.len() == 24
                && id.starts_with("UC")
                && id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'))
            {
                return Err(bad(
                    "channel_id",
                    format!(
                        "channel_id {id:?}: expected the 24-character id starting with \"UC\" (from the channel's page source or URL, not the @handle)"
                    ),
                ));
            }
            let u = Url::parse_with_params(
                "https://www.youtube.com/feeds/videos.xml",
                &[("channel_id", id)],
            )
            .expect("well-formed");
            Ok((u, format!("YouTube {id}")))
        }
        _ => unreachable!("checked against NAMES"),
    }
}

fn is_code(s: &str, min: usize, max: usize) -> bool {
    (min..=max).contains(&s.len()) && s.chars().all(|c| c.is_ascii_alphabetic())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_expand_to_the_right_urls() {
        let cases: &[(&str, Params, &str)] = &[
            (
                "google_news",
                Params {
                    query: Some("inwi"),
                    lang: Some("fr"),
                    country: Some("ma"),
                    ..Default::default()
                },
                "https://news.google.com/rss/search?q=inwi&hl=fr&gl=MA&ceid=MA%3Afr",
            ),
            (
                "google_news",
                Params {
                    query: Some("\"Maroc Telecom\" panne"),
                    lang: Some("ar"),
                    ..Default::default()
                },
                "https://news.google.com/rss/search?q=%22Maroc+Telecom%22+panne&hl=ar&gl=MA&ceid=MA%3Aar",
            ),
            (
                "google_alerts",
                Params {
                    url: Some("https://www.google.com/alerts/feeds/0123/4567"),
                    ..Default::default()
                },
                "https://www.google.com/alerts/feeds/0123/4567",
            ),
            (
                "reddit",
                Params {
                    query: Some("inwi"),
                    ..Default::default()
                },
                "https://www.reddit.com/search.rss?q=inwi&sort=new",
            ),
            (
                "reddit",
                Params {
                    query: Some("inwi 5G"),
                    subreddit: Some("r/Morocco"),
                    ..Default::default()
                },
                "https://www.reddit.com/r/Morocco/search.rss?q=inwi+5G&sort=new&restrict_sr=on",
            ),
            (
                "mastodon",
                Params {
                    instance: Some("mastodon.social"),
                    tag: Some("#Maroc"),
                    ..Default::default()
                },
                "https://mastodon.social/tags/Maroc.rss",
            ),
            (
                "mastodon",
                Params {
                    instance: Some("https://piaille.fr/"),
                    tag: Some("المغرب"),
                    ..Default::default()
                },
                "https://piaille.fr/tags/%D8%A7%D9%84%D9%85%D8%BA%D8%B1%D8%A8.rss",
            ),
            (
                "youtube",
                Params {
                    channel_id: Some("UCabcdefghijklmnopqrstuv"),
                    ..Default::default()
                },
                "https://www.youtube.com/feeds/videos.xml?channel_id=UCabcdefghijklmnopqrstuv",
            ),
        ];
        for (preset, p, want) in cases {
            let (u, _) = expand(preset, p).unwrap_or_else(|e| panic!("{preset}: {e:?}"));
            assert_eq!(u.as_str(), *want, "{preset}");
        }
    }

    #[test]
    fn preset_errors_name_the_key() {
        let cases: &[(&str, Params, &str, &str)] = &[
            ("bing", Params::default(), "preset", "unknown preset"),
            ("google_news", Params::default(), "preset", "needs `query"),
            (
                "google_news",
                Params {
                    query: Some("x"),
                    tag: Some("y"),
                    ..Default::default()
                },
                "tag",
                "takes no `tag`",
            ),
            (
                "google_news",
                Params {
                    query: Some("x"),
                    country: Some("Maroc"),
                    ..Default::default()
                },
                "country",
                "two-letter",
            ),
            (
                "google_alerts",
                Params {
                    url: Some("https://evil.example/alerts/feeds/1/2"),
                    ..Default::default()
                },
                "url",
                "Google Alerts",
            ),
            (
                "mastodon",
                Params {
                    instance: Some("mastodon.social"),
                    ..Default::default()
                },
                "preset",
                "needs `tag",
            ),
            (
                "youtube",
                Params {
                    channel_id: Some("@inwi"),
                    ..Default::default()
                },
                "channel_id",
                "24-character",
            ),
        ];
        for (preset, p, key, msg) in cases {
            let e = expand(preset, p).unwrap_err();
            assert_eq!(e.key, *key, "{preset}: {e:?}");
            assert!(e.message.contains(msg), "{preset}: {e:?}");
        }
    }
}
