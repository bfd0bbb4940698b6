//! `veille voices` output: who talks about each brand (sources and authors, ranked by
//! `rank_voices`) as an aligned table for terminals or JSON lines for tools. Pure
//! formatting into any `Write`.

use super::Voice;
use super::listing::{TableStyle, fit};
use serde::Serialize;
use std::io::{self, Write};

const RED: &str = "\x1b[31m";
const BLUE: &str = "\x1b[34m";
const DIM: &str = "\x1b[2m";
const RESET: &str = "\x1b[0m";

/// One brand's ranked voices.
pub struct BrandVoices<'a> {
    pub brand: &'a str,
    pub voices: &'a [Voice],
}

#[derive(Serialize)]
struct VoiceLine<'a> {
    brand: &'a str,
    kind: &'static str,
    name: &'a str,
    link: Option<&'a str>,
    mentions: usize,
    negative: usize,
    positive: usize,
    mean_score: f64,
    weight: f64,
}

fn kind(v: &Voice) -> &'static str {
    if v.is_author { "author" } else { "source" }
}

/// The aligned table: one block of rows per brand.
pub fn write_table(
    out: &mut dyn Write,
    brands: &[BrandVoices<'_>],
    style: TableStyle,
) -> io::Result<()> {
    let all = || {
        brands
            .iter()
            .flat_map(|b| b.voices.iter().map(move |v| (b.brand, v)))
    };
    let brand_w = all()
        .map(|(b, _)| b.chars().count())
        .max()
        .unwrap_or(5)
        .clamp(5, 18);
    let head_rest = format!(
        "{:>8}  {:>4}  {:>4}  {:>5}  {:>6}  ",
        "MENTIONS", "NEG", "POS", "TONE", "WEIGHT"
    );
    let fixed = brand_w + 2 + 6 + 2 + head_rest.chars().count();
    let name_w = all()
        .map(|(_, v)| v.name.chars().count())
        .max()
        .unwrap_or(5)
        .clamp(
            5,
            style
                .width
                .map_or(60, |w| w.saturating_sub(fixed).clamp(10, 60)),
        );
    let head = format!(
        "{}  {:<6}  {}  {}",
        fit("BRAND", brand_w),
        "KIND",
        fit("VOICE", name_w),
        head_rest.trim_end()
    );
    if style.color {
        writeln!(out, "{DIM}{head}{RESET}")?;
    } else {
        writeln!(out, "{head}")?;
    }
    for (brand, v) in all() {
        let tone = format!("{:+.2}", v.mean_score);
        let tone = match (style.color, v.mean_score) {
            (true, s) if s <= -0.05 => format!("{RED}{tone:>5}{RESET}"),
            (true, s) if s >= 0.05 => format!("{BLUE}{tone:>5}{RESET}"),
            _ => format!("{tone:>5}"),
        };
        let weight = format!("{}", v.weight);
        writeln!(
            out,
            "{}  {:<6}  {}  {:>8}  {:>4}  {:>4}  {tone}  {weight:>6}",
            fit(brand, brand_w),
            kind(v),
            fit(&v.name, name_w),
            v.mentions,
            v.negative,
            v.positive,
        )?;
    }
    Ok(())
}

/// One JSON object per voice: `brand`, `kind` (author or source), `name`, `link` (a
/// source's feed URL), `mentions`, `negative`, `positive`, `mean_score`, `weight`.
pub fn write_json(out: &mut dyn Write, brands: &[BrandVoices<'_>]) -> io::Result<()> {
    for b in brands {
        for v in b.voices {
            let line = VoiceLine {
                brand: b.brand,
                kind: kind(v),
                name: &v.name,
                link: v.link.as_deref(),
                mentions: v.mentions,
                negative: v.negative,
                positive: v.positive,
                mean_score: (v.mean_score * 1000.0).round() / 1000.0,
                weight: v.weight,
            };
            serde_json::to_writer(&mut *out, &line).map_err(io::Error::from)?;
            writeln!(out)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn voice(name: &str, is_author: bool, mentions: usize, negative: usize, mean: f64) -> Voice {
        Voice {
            name: name.into(),
            link: (!is_author).then(|| format!("https://{name}/feed")),
            is_author,
            mentions,
            negative,
            positive: mentions - negative,
            mean_score: mean,
            weight: 1.0,
        }
    }

    #[test]
    fn table_and_json_lines() {
        let vs = [
            voice("@casa_foodie@mastodon.social", true, 3, 2, -0.4123),
            voice("presse.example", false, 12, 1, 0.3),
        ];
        let brands = [BrandVoices {
            brand: "Inwi",
            voices: &vs,
        }];
        let mut t = Vec::new();
        write_table(
            &mut t,
            &brands,
            TableStyle {
                color: false,
                width: None,
            },
        )
        .unwrap();
        let t = String::from_utf8(t).unwrap();
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines.len(), 3, "{t}");
        assert!(lines[0].starts_with("BRAND  KIND    VOICE"), "{t}");
        assert!(
            lines[1].starts_with("Inwi   author  @casa_foodie@mastodon.social"),
            "{t}"
        );
        assert!(lines[1].ends_with("3     2     1  -0.41       1"), "{t}");
        assert!(lines[2].contains("source  presse.example"), "{t}");
        let mut j = Vec::new();
        write_json(&mut j, &brands).unwrap();
        let rows: Vec<serde_json::Value> = String::from_utf8(j)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(rows[0]["kind"], "author");
        assert_eq!(rows[0]["mean_score"], -0.412);
        assert_eq!(rows[0]["link"], serde_json::Value::Null);
        assert_eq!(rows[1]["link"], "https://presse.example/feed");
        assert_eq!(rows[1]["mentions"], 12);
    }
}
