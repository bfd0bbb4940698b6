//! Reports: what `veille report` writes (one self-contained HTML file with inline SVG
//! charts) and the `veille mentions` listing formats.
//!
//! `gather` reads the store once (mentions of the period, alerts); `build` turns those rows
//! into `ReportData` (pure: per-day tone counts in the configured time zone, share of voice,
//! top and most negative voices, extremes, languages); `html::render` draws it (pure). The
//! split keeps the arithmetic testable without a database and the drawing testable without
//! a browser.

pub mod html;
pub mod listing;
mod svg;
pub mod voices;

use crate::config::UiLang;
use crate::store::{AlertRow, MentionFilter, MentionRow, Store, StoreError};
use chrono::{DateTime, NaiveDate, Utc};
use std::collections::HashMap;

/// What to put in a report.
#[derive(Debug, Clone)]
pub struct ReportOptions {
    /// Brands to detail (empty: every configured brand). Share of voice always compares
    /// every configured brand.
    pub brands: Vec<String>,
    pub since: DateTime<Utc>,
    pub until: DateTime<Utc>,
    pub lang: UiLang,
    /// Days are cut in this zone (the daemon's `[daemon] timezone`).
    pub tz: chrono_tz::Tz,
}

/// A source (feed) or an author, with the tone of what it wrote about one brand.
#[derive(Debug, Clone, PartialEq)]
pub struct Voice {
    pub name: String,
    /// A link to the source (its feed URL); none for authors.
    pub link: Option<String>,
    pub is_author: bool,
    pub mentions: usize,
    pub negative: usize,
    pub positive: usize,
    pub mean_score: f64,
    /// Highest weight of its mentions (an influential author or source weighs more).
    pub weight: f64,
}

/// Everything the report shows about one brand.
#[derive(Debug, Clone)]
pub struct BrandReport {
    pub name: String,
    pub total: usize,
    /// [negative, neutral, positive]
    pub tone: [usize; 3],
    /// One [negative, neutral, positive] per day of `ReportData::days`.
    pub daily: Vec<[usize; 3]>,
    pub languages: Vec<(String, usize)>,
    /// Most active sources and authors, by number of mentions.
    pub top_voices: Vec<Voice>,
    /// Sources and authors whose mentions are most negative, whatever their volume.
    pub critical_voices: Vec<Voice>,
    pub most_negative: Vec<MentionRow>,
    pub most_positive: Vec<MentionRow>,
    /// Alerts of the period, oldest first, with their number on the timeline.
    pub alerts: Vec<(usize, AlertRow)>,
}

#[derive(Debug, Clone)]
pub struct ReportData {
    pub generated: DateTime<Utc>,
    pub since: DateTime<Utc>,
    pub until: DateTime<Utc>,
    pub lang: UiLang,
    pub tz: chrono_tz::Tz,
    pub days: Vec<NaiveDate>,
    pub brands: Vec<BrandReport>,
    /// Every configured brand: (name, mentions, [neg, neu, pos]).
    pub share_of_voice: Vec<(String, usize, [usize; 3])>,
    /// Daily volume of every configured brand, same order as `share_of_voice`.
    pub daily_volume: Vec<Vec<usize>>,
}

/// How many rows the lists of the report show.
const TOP: usize = 8;
const EXTREMES: usize = 5;

/// Reads the period's mentions and alerts and builds the report data.
pub fn gather(
    store: &Store,
    configured: &[String],
    opts: &ReportOptions,
    now: DateTime<Utc>,
) -> Result<ReportData, StoreError> {
    let rows = store.mentions(&MentionFilter {
        since: Some(opts.since),
        until: Some(opts.until),
        ..Default::default()
    })?;
    let alerts = store.alerts(None)?;
    Ok(build(&rows, alerts, configured, opts, now))
}

fn parse_time(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

fn tone_index(label: i8) -> usize {
    match label {
        l if l < 0 => 0,
        0 => 1,
        _ => 2,
    }
}

/// Pure: rows and alerts in, report data out.
pub fn build(
    rows: &[MentionRow],
    alerts: Vec<AlertRow>,
    configured: &[String],
    opts: &ReportOptions,
    now: DateTime<Utc>,
) -> ReportData {
    let in_period: Vec<&MentionRow> = rows
        .iter()
        .filter(|m| parse_time(&m.published).is_some_and(|t| t >= opts.since && t <= opts.until))
        .collect();
    let rows = in_period;
    let tz = opts.tz;
    let first = opts.since.with_timezone(&tz).date_naive();
    let last = opts.until.with_timezone(&tz).date_naive().max(first);
    let days: Vec<NaiveDate> = first.iter_days().take_while(|d| *d <= last).collect();
    let day_index = |t: DateTime<Utc>| -> Option<usize> {
        let d = t.with_timezone(&tz).date_naive();
        days.binary_search(&d).ok()
    };
    let same = |a: &str, b: &str| a.eq_ignore_ascii_case(b) || a.to_lowercase() == b.to_lowercase();

    let mut share_of_voice = Vec::new();
    let mut daily_volume = Vec::new();
    for b in configured {
        let mut tone = [0; 3];
        let mut vol = vec![0; days.len()];
        for m in rows.iter().filter(|m| same(&m.brand, b)) {
            tone[tone_index(m.label)] += 1;
            if let Some(i) = parse_time(&m.published).and_then(day_index) {
                vol[i] += 1;
            }
        }
        share_of_voice.push((b.clone(), tone.iter().sum(), tone));
        daily_volume.push(vol);
    }

    let selected: Vec<String> = if opts.brands.is_empty() {
        configured.to_vec()
    } else {
        opts.brands
            .iter()
            .map(|w| {
                configured
                    .iter()
                    .find(|c| same(c, w))
                    .cloned()
                    .unwrap_or_else(|| w.clone())
            })
            .collect()
    };

    let mut period_alerts: Vec<AlertRow> = alerts
        .into_iter()
        .filter(|a| parse_time(&a.raised_at).is_some_and(|t| t >= opts.since && t <= opts.until))
        .collect();
    period_alerts.sort_by(|a, b| a.raised_at.cmp(&b.raised_at).then(a.id.cmp(&b.id)));

    let brands = selected
        .iter()
        .map(|name| {
            let ms: Vec<&MentionRow> = rows
                .iter()
                .copied()
                .filter(|m| same(&m.brand, name))
                .collect();
            let mut tone = [0; 3];
            let mut daily = vec![[0; 3]; days.len()];
            let mut langs: HashMap<String, usize> = HashMap::new();
            for m in &ms {
                let k = tone_index(m.label);
                tone[k] += 1;
                if let Some(i) = parse_time(&m.published).and_then(day_index) {
                    daily[i][k] += 1;
                }
                *langs.entry(m.lang.clone()).or_default() += 1;
            }
            let mut languages: Vec<(String, usize)> = langs.into_iter().collect();
            languages.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            let voices = voices(&ms);
            let mut top_voices = rank_voices(voices.clone(), VoiceRank::Active);
            top_voices.truncate(TOP);
            let mut critical_voices = rank_voices(voices, VoiceRank::Critical);
            critical_voices.truncate(TOP);
            let mut sorted: Vec<MentionRow> = ms.iter().map(|m| (*m).clone()).collect();
            sorted.sort_by(|a, b| {
                a.score
                    .total_cmp(&b.score)
                    .then(b.published.cmp(&a.published))
            });
            let most_negative: Vec<MentionRow> = sorted
                .iter()
                .filter(|m| m.label < 0)
                .take(EXTREMES)
                .cloned()
                .collect();
            let most_positive: Vec<MentionRow> = sorted
                .iter()
                .rev()
                .filter(|m| m.label > 0)
                .take(EXTREMES)
                .cloned()
                .collect();
            let alerts = period_alerts
                .iter()
                .filter(|a| same(&a.brand, name))
                .cloned()
                .map(|a| (0, a))
                .collect();
            BrandReport {
                name: name.clone(),
                total: ms.len(),
                tone,
                daily,
                languages,
                top_voices,
                critical_voices,
                most_negative,
                most_positive,
                alerts,
            }
        })
        .collect::<Vec<_>>();
    // Alerts are numbered across the whole report so that a number means one alert.
    let mut n = 0;
    let brands = brands
        .into_iter()
        .map(|mut b: BrandReport| {
            b.alerts = std::mem::take(&mut b.alerts)
                .into_iter()
                .map(|(_, a)| {
                    n += 1;
                    (n, a)
                })
                .collect();
            b
        })
        .collect();

    ReportData {
        generated: now,
        since: opts.since,
        until: opts.until,
        lang: opts.lang,
        tz,
        days,
        brands,
        share_of_voice,
        daily_volume,
    }
}

/// How to rank voices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VoiceRank {
    /// Most mentions first (then the more negative).
    Active,
    /// The micro-influencer view: only voices with a negative mention, the largest
    /// negative share first, whatever their volume; one angry post from a small account
    /// counts.
    Critical,
}

/// `voices` ranked for the report and for `veille voices`.
pub fn rank_voices(mut voices: Vec<Voice>, rank: VoiceRank) -> Vec<Voice> {
    match rank {
        VoiceRank::Active => voices.sort_by(|a, b| {
            b.mentions
                .cmp(&a.mentions)
                .then(a.mean_score.total_cmp(&b.mean_score))
                .then(a.name.cmp(&b.name))
        }),
        VoiceRank::Critical => {
            voices.retain(|v| v.negative > 0);
            voices.sort_by(|a, b| {
                let share = |v: &Voice| v.negative as f64 / v.mentions as f64;
                share(b)
                    .total_cmp(&share(a))
                    .then(a.mean_score.total_cmp(&b.mean_score))
                    .then(b.weight.total_cmp(&a.weight))
                    .then(a.name.cmp(&b.name))
            });
        }
    }
    voices
}

/// Sources and authors of these mentions with their tone.
pub fn voices(ms: &[&MentionRow]) -> Vec<Voice> {
    let mut by: HashMap<(bool, String), Voice> = HashMap::new();
    for m in ms {
        let feed_name = m
            .feed_title
            .clone()
            .filter(|t| !t.trim().is_empty())
            .unwrap_or_else(|| m.feed.clone());
        let mut keys = vec![(false, feed_name, Some(m.feed.clone()))];
        if let Some(a) = m.author.as_deref().map(str::trim).filter(|a| !a.is_empty()) {
            keys.push((true, a.to_string(), None));
        }
        for (is_author, name, link) in keys {
            let v = by.entry((is_author, name.clone())).or_insert(Voice {
                name,
                link,
                is_author,
                mentions: 0,
                negative: 0,
                positive: 0,
                mean_score: 0.0,
                weight: 0.0,
            });
            v.mentions += 1;
            v.negative += usize::from(m.label < 0);
            v.positive += usize::from(m.label > 0);
            v.mean_score += m.score;
            v.weight = v.weight.max(m.weight);
        }
    }
    by.into_values()
        .map(|mut v| {
            v.mean_score /= v.mentions as f64;
            v
        })
        .collect()
}

#[cfg(test)]
mod tests;
