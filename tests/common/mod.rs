//! Helpers shared by the integration tests: feeds generated relative to now, a loopback
//! server, and configs written into a temporary folder.
#![allow(dead_code)]

pub mod desktop;

use chrono::{DateTime, Utc};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use veille::demo::server::{Resource, Server};

pub mod faults;

pub struct FeedItem {
    pub guid: String,
    pub title: String,
    pub body: String,
    pub at: DateTime<Utc>,
}

pub fn rss(title: &str, items: &[FeedItem]) -> String {
    let esc = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let mut x = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>{}</title>\n",
        esc(title)
    );
    for i in items {
        x.push_str(&format!(
            "<item><title>{}</title><link>https://t.example/{}</link><guid>{}</guid><pubDate>{}</pubDate><description>{}</description></item>\n",
            esc(&i.title),
            i.guid,
            i.guid,
            i.at.to_rfc2822(),
            esc(&i.body)
        ));
    }
    x.push_str("</channel></rss>\n");
    x
}

pub fn xml(body: impl Into<Vec<u8>>) -> Resource {
    Resource {
        content_type: "application/rss+xml; charset=utf-8".into(),
        body: body.into(),
    }
}

pub fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name),
    )
    .expect("fixture")
}

pub async fn serve(routes: Vec<(&str, Resource)>) -> Server {
    let map: HashMap<String, Resource> = routes
        .into_iter()
        .map(|(p, r)| (p.to_string(), r))
        .collect();
    Server::start(map).await.expect("bind loopback")
}

/// Writes `veille.toml` into `dir` with the database beside it; returns its path.
pub fn write_config(dir: &Path, feeds: &[String], brands: &str) -> PathBuf {
    let mut s = format!(
        "[storage]\npath = \"{}\"\n\n",
        dir.join("veille.db").display()
    );
    for f in feeds {
        s.push_str(&format!("[[feeds]]\nurl = \"{f}\"\n\n"));
    }
    s.push_str(brands);
    s.push_str("\n[alerts]\ndesktop = false\n");
    let p = dir.join("veille.toml");
    std::fs::write(&p, s).expect("write config");
    p
}

const CITIES: &[&str] = &[
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
    "Safi",
    "El Jadida",
];

/// A stream for one brand: `days` of ordinary mentions (one in ten negative), then a turn
/// of tone in the last day (`turn` mentions, four in five negative). Texts vary as real
/// coverage does: identical texts would rightly be clustered as one syndicated story.
pub fn tone_turn(
    brand: &str,
    now: DateTime<Utc>,
    days: i64,
    per_day: i64,
    turn: i64,
) -> Vec<FeedItem> {
    let mut out = Vec::new();
    let mut n = 0usize;
    let city = |n: usize| CITIES[n % CITIES.len()];
    for d in (2..days + 2).rev() {
        for k in 0..per_day {
            n += 1;
            let (title, body) = if n.is_multiple_of(10) {
                (
                    format!("{brand} : encore une panne à {}, service nul", city(n)),
                    format!("Les clients de {} sont en colère.", city(n + 3)),
                )
            } else if n.is_multiple_of(2) {
                (
                    format!("{brand} annonce une excellente offre à {}", city(n)),
                    format!(
                        "Bravo, un service rapide et fiable selon les clients de {}.",
                        city(n + 5)
                    ),
                )
            } else {
                (
                    format!("{brand} ouvre une agence à {}", city(n)),
                    format!("Ouverture prévue le {} du mois.", 1 + n % 28),
                )
            };
            out.push(FeedItem {
                guid: format!("n{n}"),
                title,
                body,
                at: now - chrono::Duration::days(d) + chrono::Duration::hours(2 * k + 1),
            });
        }
    }
    const COMPLAINTS: &[&str] = &[
        "c'est inadmissible",
        "les abonnés sont furieux",
        "une honte pour un opérateur",
        "le service client est injoignable",
        "des milliers de clients privés d'internet",
        "catastrophe pour les commerçants",
    ];
    for k in 0..turn {
        n += 1;
        let title = if k % 5 == 4 {
            format!(
                "{brand} publie un communiqué sur la situation à {}",
                city(n)
            )
        } else {
            format!(
                "Panne géante chez {brand} à {} : {}",
                city(n),
                COMPLAINTS[n % COMPLAINTS.len()]
            )
        };
        out.push(FeedItem {
            guid: format!("n{n}"),
            title,
            body: format!(
                "Témoignages recueillis à {} depuis {} heures.",
                city(n + 7),
                1 + k
            ),
            at: now - chrono::Duration::hours(20) + chrono::Duration::minutes(60 * k),
        });
    }
    out
}

/// Whether the external program `name` is installed. Under a plain `cargo test` a missing
/// component skips the test with a visible message; with `VEILLE_REQUIRE_REAL=1` (set by
/// `.ci/run`, which installs the components) a missing component fails the test.
pub fn require_component(name: &str, test: &str) -> bool {
    let found = std::env::var_os("PATH")
        .map(|paths| std::env::split_paths(&paths).any(|d| d.join(name).is_file()))
        .unwrap_or(false)
        || Path::new(name).is_file();
    if found {
        return true;
    }
    if std::env::var("VEILLE_REQUIRE_REAL").is_ok_and(|v| v == "1") {
        panic!("{test}: required component `{name}` is not installed (VEILLE_REQUIRE_REAL=1)");
    }
    eprintln!("SKIPPED {test}: `{name}` is not installed (install it, or run .ci/run)");
    false
}

/// Runs the real `veille` binary with an environment that cannot reach the developer's
/// desktop or journal: no session bus, no journald stream, no colour preference.
pub fn veille(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_veille"))
        .args(args)
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .env("XDG_RUNTIME_DIR", "/nonexistent")
        .env_remove("JOURNAL_STREAM")
        .env_remove("NO_COLOR")
        .output()
        .expect("run veille")
}

/// A process's output as text.
pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}
