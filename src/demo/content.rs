//! The demo's bundled feeds: six fictional Moroccan sources (French press, Arabic news, a
//! Darija forum in Arabic script and Arabizi, English news, a Mastodon hashtag where
//! nano-influencers post, a YouTube channel) about three fictional brands,
//! with dates spread over the last four weeks relative to `now`, and a clear turn of tone
//! against one brand (Atlas Mobile, a network outage) in the last day and a half.
//!
//! Generated, not stored, so dates stay relative to the moment the demo runs. A fixed seed
//! keeps the content identical from run to run apart from the dates.

use super::server::Resource;
use chrono::{DateTime, Duration, Utc};
use std::collections::HashMap;

/// (name, Latin-script form, Arabic-script form, config aliases)
pub const BRANDS: &[(&str, &str, &str, &[&str])] = &[
    (
        "Atlas Mobile",
        "Atlas Mobile",
        "أطلس موبايل",
        &["أطلس موبايل", "#AtlasMobile", "@atlasmobile"],
    ),
    (
        "Bahia Bank",
        "Bahia Bank",
        "بنك باهية",
        &["بنك باهية", "#BahiaBank"],
    ),
    (
        "Sahara Air",
        "Sahara Air",
        "صحارى إير",
        &["صحارى إير", "#SaharaAir"],
    ),
];

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Src {
    Fr,
    Ar,
    Darija,
    Arabizi,
    En,
}

/// Templates by source and tone (-1, 0, 1); `{b}` is the brand in the source's script.
fn templates(src: Src, tone: i8) -> &'static [&'static str] {
    match (src, tone) {
        (Src::Fr, 1) => &[
            "{b} : le nouveau forfait est excellent, bravo à l'équipe",
            "Très satisfait du service client de {b}, rapide et efficace",
            "{b} récompensée pour la qualité de son service",
            "Super expérience avec {b} cette semaine, je recommande",
        ],
        (Src::Fr, 0) => &[
            "{b} annonce l'ouverture d'une agence à Tanger",
            "{b} publie ses résultats du troisième trimestre",
            "Le directeur général de {b} invité d'une conférence à Rabat",
        ],
        (Src::Fr, _) => &[
            "Encore une panne chez {b} à Casablanca, c'est inadmissible",
            "Clients en colère : la coupure du réseau {b} dure depuis ce matin",
            "{b} : service client injoignable, les abonnés sont très déçus",
            "Le réseau de {b} n'est pas fiable, quelle honte",
        ],
        (Src::Ar, 1) => &[
            "خدمة {b} ممتازة والعملاء راضون",
            "{b} تفوز بجائزة أفضل خدمة للعملاء",
        ],
        (Src::Ar, 0) => &[
            "{b} تعلن عن افتتاح وكالة جديدة في طنجة",
            "{b} تنشر نتائجها المالية",
        ],
        (Src::Ar, _) => &[
            "انقطاع شبكة {b} مرة أخرى والزبناء غاضبون",
            "شكايات كثيرة ضد {b} بسبب خدمة سيئة",
        ],
        (Src::Darija, 1) => &[
            "{b} زوين بزاف، الكونيكسيون مزيانة",
            "الله يعطيكم الصحة {b}، خدمة واعرة",
        ],
        (Src::Darija, 0) => &["شكون عندو {b} ف كازا؟"],
        (Src::Darija, _) => &[
            "{b} خايب بزاف، الريزو مقطوع من الصباح",
            "حشومة عليكم {b}، والو ما خدام",
        ],
        (Src::Arabizi, 1) => &[
            "{b} zwin bzaf, connexion mzyana",
            "tbarkellah 3la {b}, service nadi",
        ],
        (Src::Arabizi, 0) => &["chkoun 3ndo {b} f casa?"],
        (Src::Arabizi, _) => &[
            "{b} khayb bzaf, réseau ma khdamch",
            "7chouma 3likom {b}, walou khdma khayba",
        ],
        (Src::En, 1) => &[
            "{b} service is great, fast and reliable",
            "Loving the new {b} app, excellent work",
        ],
        (Src::En, 0) => &[
            "{b} reports third-quarter results",
            "{b} opens a new office in Tangier",
        ],
        (Src::En, _) => &[
            "{b} outage again, terrible customer service",
            "Angry customers as the {b} network goes down",
        ],
    }
}

/// Items that mention no brand, including near misses the matcher must ignore.
const NOISE: &[(Src, &str)] = &[
    (
        Src::Fr,
        "Randonnée dans l'Atlas : les plus beaux sentiers du Toubkal",
    ),
    (
        Src::Fr,
        "Météo : fortes pluies attendues sur Casablanca ce week-end",
    ),
    (Src::Fr, "Bank Al-Maghrib maintient son taux directeur"),
    (Src::Ar, "الأرصاد الجوية: أمطار غزيرة مرتقبة بعدد من المدن"),
    (Src::En, "Sahara dust expected over the Canary Islands"),
];

const PLACES: &[&str] = &[
    "Casablanca",
    "Rabat",
    "Fès",
    "Tanger",
    "Marrakech",
    "Agadir",
    "Oujda",
    "Meknès",
    "Tétouan",
    "Kénitra",
];
const PLACES_AR: &[&str] = &[
    "الدار البيضاء",
    "الرباط",
    "فاس",
    "طنجة",
    "مراكش",
    "أكادير",
    "وجدة",
    "مكناس",
    "تطوان",
    "القنيطرة",
];

const AUTHORS: &[&str] = &[
    "Salma B.",
    "@casa_foodie",
    "Youssef El Amrani",
    "@marrakech_daily",
    "Nadia K.",
    "@tanja_tech",
];

/// splitmix64: small, seedable, and good enough to spread demo items.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
}

struct DemoItem {
    src: Src,
    title: String,
    body: String,
    author: &'static str,
    at: DateTime<Utc>,
    n: usize,
}

fn pick_src(r: &mut Rng) -> Src {
    match r.below(20) {
        0..=8 => Src::Fr,
        9..=12 => Src::Ar,
        13..=14 => Src::Darija,
        15..=16 => Src::Arabizi,
        _ => Src::En,
    }
}

fn tone(r: &mut Rng, p_neg: f64, p_pos: f64) -> i8 {
    let x = (r.next() >> 11) as f64 / (1u64 << 53) as f64;
    if x < p_neg {
        -1
    } else if x < p_neg + p_pos {
        1
    } else {
        0
    }
}

fn items(now: DateTime<Utc>) -> Vec<DemoItem> {
    let mut r = Rng(0x7665_696c_6c65);
    let mut out = Vec::new();
    let push =
        |r: &mut Rng, src: Src, brand: usize, t: i8, at: DateTime<Utc>, out: &mut Vec<DemoItem>| {
            let (_, latin, arabic, _) = BRANDS[brand];
            let b = match src {
                Src::Ar | Src::Darija => arabic,
                _ => latin,
            };
            let ts = templates(src, t);
            // A place and a moment make each post its own story: identical texts would be
            // (rightly) clustered by detection as syndicated copies of one story.
            let place = match src {
                Src::Ar | Src::Darija => PLACES_AR[r.below(PLACES_AR.len() as u64) as usize],
                _ => PLACES[r.below(PLACES.len() as u64) as usize],
            };
            let title = format!(
                "{} ({place})",
                ts[r.below(ts.len() as u64) as usize].replace("{b}", b)
            );
            let body = match src {
                Src::Fr => {
                    format!("<p>{title}.</p><p>Réactions recueillies sur les réseaux sociaux.</p>")
                }
                Src::En => format!("<p>{title}.</p>"),
                _ => format!("<p>{title}</p>"),
            };
            let n = out.len();
            out.push(DemoItem {
                src,
                title,
                body,
                author: AUTHORS[r.below(AUTHORS.len() as u64) as usize],
                at,
                n,
            });
        };
    // Four weeks of ordinary life for the three brands.
    for day in (2..28).rev() {
        for brand in 0..BRANDS.len() {
            let count = 2 + r.below(2);
            for _ in 0..count {
                let at = now - Duration::days(day) + Duration::minutes(r.below(20 * 60) as i64);
                let src = pick_src(&mut r);
                let t = tone(&mut r, 0.12, 0.45);
                push(&mut r, src, brand, t, at, &mut out);
            }
        }
        if r.chance(0.6) {
            let (src, title) = NOISE[r.below(NOISE.len() as u64) as usize];
            let at = now - Duration::days(day) + Duration::hours(9);
            let n = out.len();
            out.push(DemoItem {
                src,
                title: title.to_string(),
                body: format!("<p>{title}</p>"),
                author: "Rédaction",
                at,
                n,
            });
        }
    }
    // The turn: an outage at Atlas Mobile over the last 36 hours, in every language.
    for i in 0..16 {
        let at = now - Duration::hours(36) + Duration::minutes(i * 130);
        let src = pick_src(&mut r);
        let t = if r.chance(0.8) { -1 } else { 0 };
        push(&mut r, src, 0, t, at, &mut out);
    }
    // The other brands carry on as usual.
    for i in 0..4 {
        let at = now - Duration::hours(30) + Duration::hours(i * 7);
        let src = pick_src(&mut r);
        let t = tone(&mut r, 0.12, 0.45);
        push(&mut r, src, 1 + (i as usize % 2), t, at, &mut out);
    }
    out
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The demo's feeds, keyed by path.
pub fn feeds(now: DateTime<Utc>) -> HashMap<String, Resource> {
    let all = items(now);
    let of = |srcs: &[Src]| {
        all.iter()
            .filter(|i| srcs.contains(&i.src))
            .collect::<Vec<_>>()
    };
    let mut out = HashMap::new();

    let rss = |title: &str, lang: &str, slug: &str, items: &[&DemoItem]| {
        let mut x = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel><title>{}</title><link>https://{slug}.example/</link><language>{lang}</language><ttl>15</ttl>\n",
            xml_escape(title)
        );
        for i in items.iter().rev() {
            x.push_str(&format!(
                "<item><title>{}</title><link>https://{slug}.example/article/{}?utm_source=rss</link><guid isPermaLink=\"false\">{slug}-{}</guid><pubDate>{}</pubDate><dc:creator>{}</dc:creator><description>{}</description></item>\n",
                xml_escape(&i.title),
                i.n,
                i.n,
                i.at.to_rfc2822(),
                xml_escape(i.author),
                xml_escape(&i.body)
            ));
        }
        x.push_str("</channel></rss>\n");
        x
    };
    out.insert(
        "/presse-fr.xml".into(),
        Resource {
            content_type: "application/rss+xml; charset=utf-8".into(),
            body: rss(
                "Le Quotidien de l'Économie",
                "fr",
                "quotidien-eco",
                &of(&[Src::Fr]),
            )
            .into_bytes(),
        },
    );
    out.insert(
        "/akhbar-ar.xml".into(),
        Resource {
            content_type: "application/rss+xml; charset=utf-8".into(),
            body: rss("أخبار الاقتصاد", "ar", "akhbar", &of(&[Src::Ar])).into_bytes(),
        },
    );

    let mut atom = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Forum Darija — Tech w Khedma</title><id>urn:veille-demo:forum</id>",
    );
    atom.push_str(&format!("<updated>{}</updated>\n", now.to_rfc3339()));
    for i in of(&[Src::Darija, Src::Arabizi]).iter().rev() {
        atom.push_str(&format!(
            "<entry><title>{}</title><id>urn:veille-demo:forum:{}</id><link href=\"https://forum.example/t/{}\"/><published>{}</published><updated>{}</updated><author><name>{}</name></author><content type=\"html\">{}</content></entry>\n",
            xml_escape(&i.title),
            i.n,
            i.n,
            i.at.to_rfc3339(),
            i.at.to_rfc3339(),
            xml_escape(i.author),
            xml_escape(&i.body)
        ));
    }
    atom.push_str("</feed>\n");
    out.insert(
        "/forum-darija.atom".into(),
        Resource {
            content_type: "application/atom+xml; charset=utf-8".into(),
            body: atom.into_bytes(),
        },
    );

    let items: Vec<serde_json::Value> = of(&[Src::En])
        .iter()
        .rev()
        .map(|i| {
            serde_json::json!({
                "id": format!("morocco-wire-{}", i.n),
                "url": format!("https://wire.example/story/{}", i.n),
                "title": i.title,
                "content_html": i.body,
                "date_published": i.at.to_rfc3339(),
                "authors": [{"name": i.author}],
            })
        })
        .collect();
    let json = serde_json::json!({
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Morocco Business Wire",
        "items": items,
    });
    out.insert(
        "/wire-en.json".into(),
        Resource {
            content_type: "application/feed+json".into(),
            body: serde_json::to_vec_pretty(&json).expect("json"),
        },
    );
    out.insert(
        "/tags/Maroc.rss".into(),
        Resource {
            content_type: "application/rss+xml; charset=utf-8".into(),
            body: mastodon_feed(now).into_bytes(),
        },
    );
    out.insert(
        "/feeds/videos.xml".into(),
        Resource {
            content_type: "application/atom+xml; charset=utf-8".into(),
            body: youtube_feed(now).into_bytes(),
        },
    );
    out
}

/// The feed paths with a display name, in the order the demo config lists them.
pub const FEEDS: &[(&str, &str)] = &[
    ("/presse-fr.xml", "Le Quotidien de l'Économie (fr)"),
    ("/akhbar-ar.xml", "أخبار الاقتصاد (ar)"),
    ("/forum-darija.atom", "Forum Darija (ary)"),
    ("/wire-en.json", "Morocco Business Wire (en)"),
    ("/tags/Maroc.rss", "Mastodon #Maroc"),
    ("/feeds/videos.xml", "YouTube: Tech Maroc"),
];

/// Posts under a Mastodon hashtag: (hours ago, account as in the post's address, text
/// before and after the brand's hashtag). Nano-influencers: few followers, a clear voice,
/// and the last three complain about the outage of the demo's turn.
const TOOTS: &[(i64, &str, &str, &str, &str)] = &[
    (
        480,
        "casa_foodie",
        "Lfibre dyal ",
        "AtlasMobile",
        " zwina bzaf, streaming bla mochkil 👌",
    ),
    (
        290,
        "nadia_tech@piaille.example",
        "Nouvelle offre ",
        "AtlasMobile",
        " : 50 Go pour 99 DH, excellent rapport qualité-prix.",
    ),
    (
        200,
        "sahara_voyage",
        "Vol ",
        "SaharaAir",
        " à l'heure et équipage adorable ✈️",
    ),
    (
        120,
        "rabat_runner",
        "L'application ",
        "BahiaBank",
        " marche bien, virement reçu en deux minutes 👍",
    ),
    (
        30,
        "casa_foodie",
        "Deux jours sans réseau ",
        "AtlasMobile",
        ", impossible de poster mes vidéos 😡",
    ),
    (
        20,
        "nadia_tech@piaille.example",
        "",
        "AtlasMobile",
        " : panne générale à Casa et aucune communication, c'est honteux.",
    ),
    (
        10,
        "marrakech_daily",
        "",
        "AtlasMobile",
        " ma kayn la réseau la walou, khayb bzaf",
    ),
];

/// Videos of a YouTube channel: (hours ago, id, title, description). As on YouTube, the
/// brand is named only in the description.
const VIDEOS: &[(i64, &str, &str, &str)] = &[
    (
        360,
        "dmV0dGVzdDAx",
        "Test complet du forfait 5G",
        "J'ai testé le forfait 5G d'Atlas Mobile pendant une semaine : débit excellent à Rabat, je recommande.",
    ),
    (
        26,
        "dmV0dGVzdDAy",
        "Panne réseau : ce qui s'est passé",
        "Retour sur la panne d'Atlas Mobile : deux jours sans service, des clients très en colère.",
    ),
];

/// A Mastodon 4 hashtag feed: no title, no author, the handle only in the address.
fn mastodon_feed(now: DateTime<Utc>) -> String {
    let mut x = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" xmlns:media=\"http://search.yahoo.com/mrss/\"><channel><title>#Maroc</title><description>Public posts from #Maroc</description><link>https://masto.example/tags/Maroc</link><generator>Mastodon v4.3.0</generator>\n",
    );
    for (i, (hours, account, before, tag, after)) in TOOTS.iter().enumerate().rev() {
        let url = format!("https://masto.example/@{account}/11345{i:04}");
        let html = format!(
            "<p>{before}<a href=\"https://masto.example/tags/{tag}\" class=\"mention hashtag\" rel=\"tag\">#<span>{tag}</span></a>{after} <a href=\"https://masto.example/tags/Maroc\" class=\"mention hashtag\" rel=\"tag\">#<span>Maroc</span></a></p>"
        );
        x.push_str(&format!(
            "<item><guid isPermaLink=\"true\">{url}</guid><link>{url}</link><pubDate>{}</pubDate><description>{}</description><category>{}</category><category>maroc</category></item>\n",
            (now - Duration::hours(*hours)).to_rfc2822(),
            xml_escape(&html),
            tag.to_lowercase()
        ));
    }
    x.push_str("</channel></rss>\n");
    x
}

/// A YouTube channel feed: the text of a video is its Media RSS description.
fn youtube_feed(now: DateTime<Utc>) -> String {
    let mut x = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns:yt=\"http://www.youtube.com/xml/schemas/2015\" xmlns:media=\"http://search.yahoo.com/mrss/\" xmlns=\"http://www.w3.org/2005/Atom\"><id>yt:channel:UCtechmaroc</id><title>Tech Maroc</title><author><name>Tech Maroc</name><uri>https://www.youtube.com/channel/UCtechmaroc</uri></author>\n",
    );
    for (hours, id, title, description) in VIDEOS.iter().rev() {
        let at = (now - Duration::hours(*hours)).to_rfc3339();
        x.push_str(&format!(
            "<entry><id>yt:video:{id}</id><yt:videoId>{id}</yt:videoId><title>{}</title><link rel=\"alternate\" href=\"https://www.youtube.com/watch?v={id}\"/><author><name>Tech Maroc</name></author><published>{at}</published><updated>{at}</updated><media:group><media:title>{}</media:title><media:content url=\"https://www.youtube.com/v/{id}?version=3\" type=\"application/x-shockwave-flash\" width=\"640\" height=\"390\"/><media:description>{}</media:description></media:group></entry>\n",
            xml_escape(title),
            xml_escape(title),
            xml_escape(description)
        ));
    }
    x.push_str("</feed>\n");
    x
}
