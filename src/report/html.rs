//! The report page: one self-contained HTML file (inline CSS and SVG, no script, no font,
//! no image, nothing fetched), in French or English, readable on screen and on paper.
//!
//! Feed text is hostile input: every piece of it goes through `esc`, links are kept only
//! when they are http(s) (a `javascript:` link from a feed is shown as text), and a
//! Content-Security-Policy forbids any script or network load, as a second wall.

use super::svg::{self, Marker};
use super::{BrandReport, ReportData, Voice};
use crate::config::UiLang;
use crate::store::{AlertRow, MentionRow};
use chrono::{DateTime, Utc};
use std::fmt::Write as _;

/// Escapes text for HTML content and quoted attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' && c != '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The link, escaped for an attribute, if it is a plain http(s) URL.
pub fn safe_href(link: Option<&str>) -> Option<String> {
    let l = link?.trim();
    let lower = l.to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://")).then(|| esc(l))
}

/// The words of the page in one language.
struct Words {
    html_lang: &'static str,
    title: &'static str,
    period: &'static str,
    generated: &'static str,
    overview: &'static str,
    brand: &'static str,
    mentions: &'static str,
    negative: &'static str,
    neutral: &'static str,
    positive: &'static str,
    net: &'static str,
    net_help: &'static str,
    alerts: &'static str,
    share_of_voice: &'static str,
    share_help: &'static str,
    volume_per_day: &'static str,
    tone_over_time: &'static str,
    tone_help: &'static str,
    no_mentions: &'static str,
    alerts_of_period: &'static str,
    no_alerts: &'static str,
    evidence: &'static str,
    top_voices: &'static str,
    critical_voices: &'static str,
    critical_help: &'static str,
    source: &'static str,
    author: &'static str,
    mean_tone: &'static str,
    weight: &'static str,
    languages: &'static str,
    most_negative: &'static str,
    most_positive: &'static str,
    none: &'static str,
    raised: &'static str,
    detector: &'static str,
    severity: &'static str,
    window: &'static str,
    direction_negative: &'static str,
    direction_positive: &'static str,
    direction_volume: &'static str,
    method: &'static str,
    date_axis: &'static str,
    date_time: &'static str,
    date: &'static str,
    pct: &'static str,
}

const FR: Words = Words {
    html_lang: "fr",
    title: "Rapport d'e-réputation",
    period: "Période",
    generated: "Généré le",
    overview: "Vue d'ensemble",
    brand: "Marque",
    mentions: "Mentions",
    negative: "Négatives",
    neutral: "Neutres",
    positive: "Positives",
    net: "Tonalité nette",
    net_help: "positives moins négatives, en points de pourcentage du total",
    alerts: "Alertes",
    share_of_voice: "Part de voix",
    share_help: "Part des mentions de chaque marque suivie sur la période.",
    volume_per_day: "Mentions par jour et par marque",
    tone_over_time: "Tonalité jour par jour",
    tone_help: "Hauteur de la barre : volume du jour. Les numéros renvoient aux alertes.",
    no_mentions: "Aucune mention sur la période.",
    alerts_of_period: "Alertes de la période",
    no_alerts: "Aucune alerte sur la période.",
    evidence: "Preuves",
    top_voices: "Sources et auteurs les plus actifs",
    critical_voices: "Voix les plus critiques",
    critical_help: "Classées par part de mentions négatives, quel que soit leur volume : une petite voix à l'audience engagée compte.",
    source: "source",
    author: "auteur",
    mean_tone: "Ton moyen",
    weight: "Poids",
    languages: "Langues des mentions",
    most_negative: "Mentions les plus négatives",
    most_positive: "Mentions les plus positives",
    none: "Aucune.",
    raised: "levée le",
    detector: "détecteur",
    severity: "gravité",
    window: "fenêtre",
    direction_negative: "Dégradation de la tonalité",
    direction_positive: "Amélioration de la tonalité",
    direction_volume: "Pic de volume",
    method: "Tonalité calculée par veille à partir de lexiques (français, arabe, darija, anglais) autour de chaque mention ; score de −1 (très négatif) à +1 (très positif). Jours découpés dans le fuseau",
    date_axis: "%d/%m",
    date_time: "%d/%m/%Y %H:%M",
    date: "%d/%m/%Y",
    pct: " %",
};

const EN: Words = Words {
    html_lang: "en",
    title: "E-reputation report",
    period: "Period",
    generated: "Generated on",
    overview: "Overview",
    brand: "Brand",
    mentions: "Mentions",
    negative: "Negative",
    neutral: "Neutral",
    positive: "Positive",
    net: "Net tone",
    net_help: "positive minus negative, in percentage points of the total",
    alerts: "Alerts",
    share_of_voice: "Share of voice",
    share_help: "Each tracked brand's share of the mentions over the period.",
    volume_per_day: "Mentions per day and brand",
    tone_over_time: "Tone day by day",
    tone_help: "Bar height: the day's volume. Numbers point to the alerts.",
    no_mentions: "No mentions in this period.",
    alerts_of_period: "Alerts of the period",
    no_alerts: "No alerts in this period.",
    evidence: "Evidence",
    top_voices: "Most active sources and authors",
    critical_voices: "Most critical voices",
    critical_help: "Ranked by their share of negative mentions, whatever their volume: a small voice with an engaged audience matters.",
    source: "source",
    author: "author",
    mean_tone: "Mean tone",
    weight: "Weight",
    languages: "Languages of the mentions",
    most_negative: "Most negative mentions",
    most_positive: "Most positive mentions",
    none: "None.",
    raised: "raised on",
    detector: "detector",
    severity: "severity",
    window: "window",
    direction_negative: "Tone turning negative",
    direction_positive: "Tone turning positive",
    direction_volume: "Volume spike",
    method: "Tone computed by veille from lexicons (French, Arabic, Darija, English) around each mention; score from −1 (very negative) to +1 (very positive). Days cut in the time zone",
    date_axis: "%b %d",
    date_time: "%Y-%m-%d %H:%M",
    date: "%Y-%m-%d",
    pct: "%",
};

fn words(lang: UiLang) -> &'static Words {
    match lang {
        UiLang::Fr => &FR,
        UiLang::En => &EN,
    }
}

fn lang_name(code: &str, lang: UiLang) -> String {
    let fr = lang == UiLang::Fr;
    match code {
        "fr" => if fr { "Français" } else { "French" }.into(),
        "en" => if fr { "Anglais" } else { "English" }.into(),
        "ar" => if fr { "Arabe" } else { "Arabic" }.into(),
        "ary" | "darija" => "Darija".into(),
        "ary-Latn" | "arabizi" => "Arabizi".into(),
        "und" => if fr { "Indéterminée" } else { "Undetermined" }.into(),
        other => other.to_string(),
    }
}

const CSS: &str = r#"
:root { --ink:#1d2330; --muted:#5b6475; --line:#dfe3ea; --bg:#ffffff; --panel:#f6f7f9;
  --neg:#D55E00; --neu:#BBBBBB; --pos:#0072B2; }
* { box-sizing: border-box; }
body { margin:0; background:var(--bg); color:var(--ink);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans Arabic", "Helvetica Neue", Arial, sans-serif; }
main, header, footer { max-width: 1100px; margin: 0 auto; padding: 0 28px; }
header { padding-top: 28px; padding-bottom: 12px; border-bottom: 3px solid var(--ink); }
header h1 { margin: 0 0 4px; font-size: 28px; letter-spacing: -0.01em; }
header p { margin: 2px 0; color: var(--muted); }
h2 { font-size: 21px; margin: 34px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 16px; margin: 22px 0 8px; }
p.help { color: var(--muted); font-size: 13px; margin: 2px 0 10px; }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-weight: 600; color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.chart { width: 100%; height: auto; display: block; }
.chart .grid { stroke: #eceef2; stroke-width: 1; }
.chart .axis { stroke: #9aa1ad; stroke-width: 1; }
.chart .tick { font-size: 11px; fill: #5b6475; }
.chart .marker-label { font-size: 12px; font-weight: 700; }
.chart .share-label { font-size: 13px; font-weight: 700; }
.legend { display: flex; flex-wrap: wrap; gap: 14px; font-size: 13px; color: var(--muted); margin: 6px 0; }
.legend span::before { content: ""; display: inline-block; width: 11px; height: 11px; margin-right: 5px; vertical-align: -1px; background: var(--c); border-radius: 2px; }
.cols { display: grid; grid-template-columns: 1fr 1fr; gap: 28px; }
.bar-cell { width: 34%; }
.hbar { height: 10px; background: var(--panel); border-radius: 5px; overflow: hidden; display: flex; }
.hbar i { display: block; height: 100%; }
.tag { display: inline-block; font-size: 11px; padding: 0 6px; border-radius: 8px; background: var(--panel); color: var(--muted); margin-left: 4px; }
.score { font-variant-numeric: tabular-nums; font-weight: 600; }
.score.neg { color: #b34700; } .score.pos { color: #005a8c; } .score.neu { color: var(--muted); }
ul.mentions { list-style: none; padding: 0; margin: 0; }
ul.mentions li { padding: 10px 12px; margin-bottom: 8px; background: var(--panel); border-radius: 6px; border-left: 4px solid var(--c); }
ul.mentions .meta { font-size: 12px; color: var(--muted); }
ul.mentions blockquote { margin: 4px 0 0; font-size: 14px; }
.alert { border: 1px solid var(--line); border-left: 5px solid var(--c); border-radius: 6px; padding: 10px 14px; margin-bottom: 10px; }
.alert h4 { margin: 0 0 2px; font-size: 15px; }
.alert .num { display: inline-block; min-width: 22px; height: 22px; line-height: 20px; text-align: center; border: 2px solid var(--c); border-radius: 11px; font-size: 12px; margin-right: 6px; }
.alert ol { margin: 6px 0 0; padding-left: 20px; font-size: 14px; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(260px, 1fr)); gap: 14px; }
.card { background: var(--panel); border-radius: 8px; padding: 12px 14px; }
.card .legend { gap: 4px 10px; margin: 6px 0 4px; }
.card b { font-size: 16px; }
.card .big { font-size: 26px; font-weight: 700; }
a { color: #0b5cad; }
section.brand { break-before: page; }
footer { color: var(--muted); font-size: 12px; margin-top: 40px; padding-top: 10px; padding-bottom: 30px; border-top: 1px solid var(--line); }
@media (max-width: 760px) { .cols { grid-template-columns: 1fr; } }
@media print {
  body { font-size: 11pt; }
  main, header, footer { max-width: none; padding: 0; }
  .chart, .alert, ul.mentions li, table tr { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
  @page { margin: 14mm; }
}
"#;

/// The whole page.
pub fn render(d: &ReportData) -> String {
    let w = words(d.lang);
    let mut s = String::with_capacity(64 * 1024);
    let fmt_date = |t: DateTime<Utc>, f: &str| t.with_timezone(&d.tz).format(f).to_string();
    let brand_names = d
        .brands
        .iter()
        .map(|b| b.name.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let _ = write!(
        s,
        r#"<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="generator" content="veille {version}">
<title>{title} — {brands}</title>
<style>{CSS}</style>
</head>
<body>
<header>
<h1>{title}</h1>
<p><strong>{brands}</strong></p>
<p>{period} : {from} → {to} · {generated} {now}</p>
</header>
<main>
"#,
        lang = w.html_lang,
        version = env!("CARGO_PKG_VERSION"),
        title = esc(w.title),
        brands = esc(&brand_names),
        period = w.period,
        from = esc(&fmt_date(d.since, w.date)),
        to = esc(&fmt_date(d.until, w.date)),
        generated = w.generated,
        now = esc(&fmt_date(d.generated, w.date_time)),
    );
    overview(&mut s, d, w);
    share_of_voice(&mut s, d, w);
    for (i, b) in d.brands.iter().enumerate() {
        brand_section(&mut s, d, w, i, b);
    }
    let _ = write!(
        s,
        "</main>\n<footer><p>{} {}.</p><p>veille {}</p></footer>\n</body>\n</html>\n",
        esc(w.method),
        esc(d.tz.name()),
        env!("CARGO_PKG_VERSION")
    );
    s
}

fn pct(n: usize, total: usize) -> f64 {
    if total == 0 {
        0.0
    } else {
        100.0 * n as f64 / total as f64
    }
}

fn overview(s: &mut String, d: &ReportData, w: &Words) {
    let _ = write!(
        s,
        r#"<section id="overview"><h2>{}</h2><div class="cards">"#,
        esc(w.overview)
    );
    for b in &d.brands {
        let net = pct(b.tone[2], b.total) - pct(b.tone[0], b.total);
        let _ = write!(
            s,
            r#"<div class="card" data-brand="{name}"><b>{name}</b><div class="big" data-mentions="{total}">{total}</div><div>{m}</div>
<div class="hbar" title="{neg_l} {neg} · {neu_l} {neu} · {pos_l} {pos}"><i style="width:{pn:.1}%;background:var(--neg)"></i><i style="width:{pu:.1}%;background:var(--neu)"></i><i style="width:{pp:.1}%;background:var(--pos)"></i></div>
<div class="legend"><span style="--c:var(--neg)">{neg_l} {neg}</span><span style="--c:var(--neu)">{neu_l} {neu}</span><span style="--c:var(--pos)">{pos_l} {pos}</span></div>
<div title="{net_help}">{net_l} : <span class="score {cls}">{net:+.0}</span> · {alerts_l} : {alerts}</div></div>"#,
            name = esc(&b.name),
            total = b.total,
            m = esc(&w.mentions.to_lowercase()),
            neg_l = esc(w.negative),
            neu_l = esc(w.neutral),
            pos_l = esc(w.positive),
            neg = b.tone[0],
            neu = b.tone[1],
            pos = b.tone[2],
            pn = pct(b.tone[0], b.total),
            pu = pct(b.tone[1], b.total),
            pp = pct(b.tone[2], b.total),
            net_help = esc(w.net_help),
            net_l = esc(w.net),
            cls = if net < 0.0 {
                "neg"
            } else if net > 0.0 {
                "pos"
            } else {
                "neu"
            },
            alerts_l = esc(w.alerts),
            alerts = b.alerts.len(),
        );
    }
    s.push_str("</div></section>\n");
}

fn share_of_voice(s: &mut String, d: &ReportData, w: &Words) {
    let total: usize = d.share_of_voice.iter().map(|x| x.1).sum();
    let segs: Vec<(String, usize, &str)> = d
        .share_of_voice
        .iter()
        .enumerate()
        .map(|(i, (n, c, _))| {
            (
                n.clone(),
                *c,
                svg::BRAND_COLORS[i % svg::BRAND_COLORS.len()],
            )
        })
        .collect();
    let _ = write!(
        s,
        r#"<section id="share-of-voice"><h2>{}</h2><p class="help">{}</p>{}"#,
        esc(w.share_of_voice),
        esc(w.share_help),
        svg::share_bar(&segs, w.share_of_voice)
    );
    let _ = write!(
        s,
        r#"<table class="sov"><thead><tr><th>{}</th><th class="num">{}</th><th class="num">%</th><th class="num">{}</th><th class="num">{}</th><th class="num">{}</th></tr></thead><tbody>"#,
        esc(w.brand),
        esc(w.mentions),
        esc(w.negative),
        esc(w.neutral),
        esc(w.positive)
    );
    for (i, (name, c, tone)) in d.share_of_voice.iter().enumerate() {
        let _ = write!(
            s,
            r#"<tr data-brand="{n}"><td><span class="legend"><span style="--c:{col}">{n}</span></span></td><td class="num">{c}</td><td class="num">{p:.0}{pc}</td><td class="num">{}</td><td class="num">{}</td><td class="num">{}</td></tr>"#,
            tone[0],
            tone[1],
            tone[2],
            n = esc(name),
            col = svg::BRAND_COLORS[i % svg::BRAND_COLORS.len()],
            p = pct(*c, total),
            pc = w.pct,
        );
    }
    s.push_str("</tbody></table>");
    let series: Vec<(String, Vec<usize>)> = d
        .share_of_voice
        .iter()
        .zip(&d.daily_volume)
        .map(|((n, _, _), v)| (n.clone(), v.clone()))
        .collect();
    let _ = write!(
        s,
        r#"<h3>{}</h3>{}<div class="legend">"#,
        esc(w.volume_per_day),
        svg::volume_lines(&d.days, &series, w.date_axis, w.volume_per_day)
    );
    for (i, (n, _)) in series.iter().enumerate() {
        let _ = write!(
            s,
            r#"<span style="--c:{}">{}</span>"#,
            svg::BRAND_COLORS[i % svg::BRAND_COLORS.len()],
            esc(n)
        );
    }
    s.push_str("</div></section>\n");
}

fn direction_name<'a>(w: &'a Words, direction: &str) -> &'a str {
    match direction {
        "positive" => w.direction_positive,
        "volume" => w.direction_volume,
        _ => w.direction_negative,
    }
}

fn direction_color(direction: &str) -> &'static str {
    match direction {
        "positive" => svg::POS,
        "volume" => "#444444",
        _ => svg::NEG,
    }
}

fn brand_section(s: &mut String, d: &ReportData, w: &Words, i: usize, b: &BrandReport) {
    let _ = write!(
        s,
        r#"<section class="brand" id="brand-{i}" data-brand="{n}"><h2>{n}</h2><h3>{t}</h3>"#,
        n = esc(&b.name),
        t = esc(w.tone_over_time)
    );
    if b.total == 0 {
        let _ = write!(s, r#"<p class="empty">{}</p>"#, esc(w.no_mentions));
    } else {
        let markers: Vec<Marker> = b
            .alerts
            .iter()
            .filter_map(|(n, a)| {
                let t = DateTime::parse_from_rfc3339(&a.raised_at).ok()?;
                let day = t.with_timezone(&d.tz).date_naive();
                let idx = d.days.binary_search(&day).ok()?;
                Some(Marker {
                    day: idx,
                    number: *n,
                    direction: &a.direction,
                    title: format!("{n}. {}", direction_name(w, &a.direction)),
                })
            })
            .collect();
        let _ = write!(
            s,
            r#"<p class="help">{}</p>{}<div class="legend"><span style="--c:var(--neg)">{}</span><span style="--c:var(--neu)">{}</span><span style="--c:var(--pos)">{}</span></div>"#,
            esc(w.tone_help),
            svg::stacked_days(
                &d.days,
                &b.daily,
                &markers,
                w.date_axis,
                [w.negative, w.neutral, w.positive],
                &format!("{} — {}", w.tone_over_time, b.name)
            ),
            esc(w.negative),
            esc(w.neutral),
            esc(w.positive)
        );
    }

    let _ = write!(s, "<h3>{}</h3>", esc(w.alerts_of_period));
    if b.alerts.is_empty() {
        let _ = write!(s, r#"<p class="empty">{}</p>"#, esc(w.no_alerts));
    }
    for (n, a) in &b.alerts {
        alert_block(s, d, w, *n, a);
    }

    s.push_str(r#"<div class="cols"><div>"#);
    voices_table(s, w, w.top_voices, None, &b.top_voices);
    s.push_str("</div><div>");
    voices_table(
        s,
        w,
        w.critical_voices,
        Some(w.critical_help),
        &b.critical_voices,
    );
    s.push_str("</div></div>");

    let _ = write!(
        s,
        r#"<h3>{}</h3><table class="langs"><tbody>"#,
        esc(w.languages)
    );
    for (code, n) in &b.languages {
        let _ = write!(
            s,
            r#"<tr data-lang="{c}"><td>{name}</td><td class="num">{n}</td><td class="num">{p:.0}{pc}</td><td class="bar-cell"><div class="hbar"><i style="width:{p:.1}%;background:#009E73"></i></div></td></tr>"#,
            c = esc(code),
            name = esc(&lang_name(code, d.lang)),
            p = pct(*n, b.total),
            pc = w.pct,
        );
    }
    s.push_str("</tbody></table>");

    s.push_str(r#"<div class="cols"><div>"#);
    mention_list(s, d, w, w.most_negative, "most-negative", &b.most_negative);
    s.push_str("</div><div>");
    mention_list(s, d, w, w.most_positive, "most-positive", &b.most_positive);
    s.push_str("</div></div></section>\n");
}

fn alert_block(s: &mut String, d: &ReportData, w: &Words, n: usize, a: &AlertRow) {
    let t = |x: &str| {
        DateTime::parse_from_rfc3339(x)
            .map(|t| t.with_timezone(&d.tz).format(w.date_time).to_string())
            .unwrap_or_else(|_| x.to_string())
    };
    let _ = write!(
        s,
        r#"<div class="alert" id="alert-{n}" data-direction="{dir}" style="--c:{c}"><h4><span class="num">{n}</span>{name}</h4><div class="meta">{raised} {at} · {det_l} {det} · {sev_l} {sev} · {win_l} {ws} → {we}</div>"#,
        dir = esc(&a.direction),
        c = direction_color(&a.direction),
        name = esc(direction_name(w, &a.direction)),
        raised = esc(w.raised),
        at = esc(&t(&a.raised_at)),
        det_l = esc(w.detector),
        det = esc(&a.detector),
        sev_l = esc(w.severity),
        sev = esc(&a.severity),
        win_l = esc(w.window),
        ws = esc(&t(&a.window_start)),
        we = esc(&t(&a.window_end)),
    );
    if !a.evidence_rows.is_empty() {
        let _ = write!(s, "<div><strong>{}</strong></div><ol>", esc(w.evidence));
        for e in &a.evidence_rows {
            let title = esc(&e.title);
            let linked = match safe_href(e.link.as_deref()) {
                Some(h) => format!(r#"<a href="{h}" rel="noopener noreferrer">{title}</a>"#),
                None => title,
            };
            let _ = write!(
                s,
                r#"<li><bdi>{linked}</bdi> <span class="score {cls}">{sc}</span> <span class="tag">{feed}</span><br><small dir="auto">{snip}</small></li>"#,
                cls = score_class(e.score),
                sc = fmt_score(e.score),
                feed = esc(&short_feed(&e.feed)),
                snip = esc(&e.snippet),
            );
        }
        s.push_str("</ol>");
    }
    s.push_str("</div>");
}

/// A score with its sign, without a "-0.00" for tiny negatives.
fn fmt_score(v: f64) -> String {
    if v.abs() < 0.005 {
        "0.00".into()
    } else {
        format!("{v:+.2}")
    }
}

fn score_class(score: f64) -> &'static str {
    if score < 0.0 {
        "neg"
    } else if score > 0.0 {
        "pos"
    } else {
        "neu"
    }
}

/// A feed URL without scheme, for display.
fn short_feed(url: &str) -> String {
    url.split("://").nth(1).unwrap_or(url).to_string()
}

fn voices_table(s: &mut String, w: &Words, title: &str, help: Option<&str>, vs: &[Voice]) {
    let _ = write!(s, "<h3>{}</h3>", esc(title));
    if let Some(h) = help {
        let _ = write!(s, r#"<p class="help">{}</p>"#, esc(h));
    }
    if vs.is_empty() {
        let _ = write!(s, r#"<p class="empty">{}</p>"#, esc(w.none));
        return;
    }
    let _ = write!(
        s,
        r#"<table class="voices"><thead><tr><th></th><th class="num">{}</th><th class="num">{}</th><th class="num">{}</th><th class="num">{}</th></tr></thead><tbody>"#,
        esc(w.mentions),
        esc(w.negative),
        esc(w.mean_tone),
        esc(w.weight)
    );
    for v in vs {
        let name = esc(&short_feed(&v.name));
        let _ = write!(
            s,
            r#"<tr><td><bdi>{name}</bdi><span class="tag">{kind}</span></td><td class="num">{m}</td><td class="num">{neg}</td><td class="num"><span class="score {cls}">{ms}</span></td><td class="num">{wt:.1}</td></tr>"#,
            kind = esc(if v.is_author { w.author } else { w.source }),
            m = v.mentions,
            neg = v.negative,
            cls = score_class(v.mean_score),
            ms = fmt_score(v.mean_score),
            wt = v.weight,
        );
    }
    s.push_str("</tbody></table>");
}

fn mention_list(
    s: &mut String,
    d: &ReportData,
    w: &Words,
    title: &str,
    class: &str,
    ms: &[MentionRow],
) {
    let _ = write!(s, "<h3>{}</h3>", esc(title));
    if ms.is_empty() {
        let _ = write!(s, r#"<p class="empty">{}</p>"#, esc(w.none));
        return;
    }
    let _ = write!(s, r#"<ul class="mentions {class}">"#);
    for m in ms {
        // A post without a title (Mastodon) is named by the start of its snippet.
        let t = if m.title.trim().is_empty() {
            let mut cut: String = m.snippet.chars().take(90).collect();
            if m.snippet.chars().count() > 90 {
                cut.push('…');
            }
            esc(&cut)
        } else {
            esc(&m.title)
        };
        let linked = match safe_href(m.link.as_deref()) {
            Some(h) => format!(r#"<a href="{h}" rel="noopener noreferrer">{t}</a>"#),
            None => t,
        };
        let when = DateTime::parse_from_rfc3339(&m.published)
            .map(|x| x.with_timezone(&d.tz).format(w.date_time).to_string())
            .unwrap_or_else(|_| m.published.clone());
        let source = m
            .feed_title
            .clone()
            .filter(|t| !t.trim().is_empty())
            .unwrap_or_else(|| short_feed(&m.feed));
        let author = m
            .author
            .as_deref()
            .map(|a| format!(" · <bdi>{}</bdi>", esc(a)))
            .unwrap_or_default();
        let _ = write!(
            s,
            r#"<li style="--c:{c}"><div dir="auto"><strong>{linked}</strong></div><div class="meta"><span class="score {cls}">{sc}</span> · {when} · <bdi>{src}</bdi>{author} · {lang}</div><blockquote dir="auto">{snip}</blockquote></li>"#,
            c = if m.label < 0 { svg::NEG } else { svg::POS },
            cls = score_class(m.score),
            sc = fmt_score(m.score),
            when = esc(&when),
            src = esc(&source),
            lang = esc(&lang_name(&m.lang, d.lang)),
            snip = esc(&m.snippet),
        );
    }
    s.push_str("</ul>");
}
