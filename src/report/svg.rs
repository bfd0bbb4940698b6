//! Inline SVG charts for the HTML report, drawn as text: daily stacked tone bars with alert
//! markers, daily volume lines per brand, and a 100 % share bar.
//!
//! Pure. Every label that may come from a feed or the config goes through `esc`. Sizes are
//! in viewBox units; the page scales the SVG to its width.

use super::html::esc;
use chrono::NaiveDate;
use std::fmt::Write as _;

/// Okabe–Ito colours: told apart with every common colour-vision deficiency, and in grey
/// print (the three tone colours have distinct lightness).
pub const NEG: &str = "#D55E00";
pub const NEU: &str = "#BBBBBB";
pub const POS: &str = "#0072B2";
/// Brand colours: the rest of the Okabe–Ito set, so that no brand takes a tone's colour.
pub const BRAND_COLORS: &[&str] = &[
    "#E69F00", "#56B4E9", "#009E73", "#CC79A7", "#000000", "#F0E442",
];

const W: f64 = 900.0;
const H: f64 = 260.0;
const LEFT: f64 = 44.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 26.0;
const BOTTOM: f64 = 34.0;

/// A marker on a timeline: day index, alert number, direction.
pub struct Marker<'a> {
    pub day: usize,
    pub number: usize,
    pub direction: &'a str,
    pub title: String,
}

/// 1, 2, 5 × 10^k at or above `v` (at least 1).
pub fn nice_max(v: usize) -> usize {
    let v = v.max(1);
    let mut step = 1;
    loop {
        for m in [1, 2, 5] {
            if m * step >= v {
                return m * step;
            }
        }
        step *= 10;
    }
}

fn plot_w() -> f64 {
    W - LEFT - RIGHT
}

fn plot_h() -> f64 {
    H - TOP - BOTTOM
}

/// Y grid with four steps up to `max`.
fn grid(out: &mut String, max: usize) {
    // Whole-number ticks: nice_max gives 1, 2, 5 × 10^k, split into 4 or 5 equal steps.
    let steps = if max >= 4 && max.is_multiple_of(4) {
        4
    } else if max.is_multiple_of(5) {
        5
    } else {
        max.clamp(1, 2)
    };
    for k in 0..=steps {
        let v = max as f64 * k as f64 / steps as f64;
        let y = TOP + plot_h() - plot_h() * k as f64 / steps as f64;
        let _ = write!(
            out,
            r#"<line class="grid" x1="{LEFT}" x2="{:.1}" y1="{y:.1}" y2="{y:.1}"/><text class="tick" x="{:.1}" y="{:.1}" text-anchor="end">{v:.0}</text>"#,
            W - RIGHT,
            LEFT - 6.0,
            y + 4.0,
        );
    }
}

/// Date labels under the x axis, thinned to fit.
fn x_labels(out: &mut String, days: &[NaiveDate], fmt: &str) {
    let n = days.len().max(1);
    let slot = plot_w() / n as f64;
    let every = (n as f64 / 10.0).ceil().max(1.0) as usize;
    for (i, d) in days.iter().enumerate() {
        if i % every != 0 && i + 1 != n {
            continue;
        }
        if i + 1 == n && i % every != 0 && i % every < every / 2 + 1 {
            continue; // too close to the previous label
        }
        let x = LEFT + slot * (i as f64 + 0.5);
        let _ = write!(
            out,
            r#"<text class="tick" x="{x:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
            H - BOTTOM + 18.0,
            esc(&d.format(fmt).to_string())
        );
    }
}

/// Daily tone bars (negative at the bottom, then neutral, then positive: the height is the
/// day's volume) with the alerts marked above their day.
pub fn stacked_days(
    days: &[NaiveDate],
    daily: &[[usize; 3]],
    markers: &[Marker],
    date_fmt: &str,
    tone_names: [&str; 3],
    aria: &str,
) -> String {
    let max = nice_max(daily.iter().map(|d| d.iter().sum()).max().unwrap_or(0));
    let mut s = format!(
        r#"<svg class="chart tone-chart" viewBox="0 0 {W} {H}" role="img" aria-label="{}">"#,
        esc(aria)
    );
    grid(&mut s, max);
    let n = days.len().max(1);
    let slot = plot_w() / n as f64;
    let bw = (slot * 0.72).max(1.0);
    let colors = [NEG, NEU, POS];
    let classes = ["neg", "neu", "pos"];
    for (i, d) in daily.iter().enumerate() {
        let x = LEFT + slot * i as f64 + (slot - bw) / 2.0;
        let mut y = TOP + plot_h();
        let total: usize = d.iter().sum();
        for k in 0..3 {
            if d[k] == 0 {
                continue;
            }
            let h = plot_h() * d[k] as f64 / max as f64;
            y -= h;
            let _ = write!(
                s,
                r#"<rect class="bar {}" data-value="{}" x="{x:.1}" y="{y:.1}" width="{bw:.1}" height="{h:.1}" fill="{}"><title>{} — {}: {} / {}</title></rect>"#,
                classes[k],
                d[k],
                colors[k],
                esc(&days
                    .get(i)
                    .map(|d| d.format(date_fmt).to_string())
                    .unwrap_or_default()),
                esc(tone_names[k]),
                d[k],
                total
            );
        }
    }
    for m in markers {
        let x = LEFT + slot * (m.day as f64 + 0.5);
        let color = match m.direction {
            "positive" => POS,
            "volume" => "#444444",
            _ => NEG,
        };
        let _ = write!(
            s,
            r##"<a href="#alert-{n}" class="marker"><line x1="{x:.1}" x2="{x:.1}" y1="{:.1}" y2="{:.1}" stroke="{color}" stroke-width="1.5" stroke-dasharray="4 3"/><circle cx="{x:.1}" cy="{:.1}" r="10" fill="#fff" stroke="{color}" stroke-width="2"/><text x="{x:.1}" y="{:.1}" text-anchor="middle" class="marker-label" fill="{color}">{n}</text><title>{}</title></a>"##,
            TOP,
            TOP + plot_h(),
            TOP - 12.0,
            TOP - 8.0,
            esc(&m.title),
            n = m.number,
        );
    }
    s.push_str(&axis_line());
    x_labels(&mut s, days, date_fmt);
    s.push_str("</svg>");
    s
}

fn axis_line() -> String {
    format!(
        r#"<line class="axis" x1="{LEFT}" x2="{:.1}" y1="{:.1}" y2="{:.1}"/>"#,
        W - RIGHT,
        TOP + plot_h(),
        TOP + plot_h()
    )
}

/// One line per brand: mentions per day.
pub fn volume_lines(
    days: &[NaiveDate],
    series: &[(String, Vec<usize>)],
    date_fmt: &str,
    aria: &str,
) -> String {
    let max = nice_max(
        series
            .iter()
            .flat_map(|(_, v)| v.iter().copied())
            .max()
            .unwrap_or(0),
    );
    let mut s = format!(
        r#"<svg class="chart volume-chart" viewBox="0 0 {W} {H}" role="img" aria-label="{}">"#,
        esc(aria)
    );
    grid(&mut s, max);
    let n = days.len().max(1);
    let slot = plot_w() / n as f64;
    for (k, (name, v)) in series.iter().enumerate() {
        let color = BRAND_COLORS[k % BRAND_COLORS.len()];
        let pts: Vec<String> = v
            .iter()
            .enumerate()
            .map(|(i, c)| {
                format!(
                    "{:.1},{:.1}",
                    LEFT + slot * (i as f64 + 0.5),
                    TOP + plot_h() - plot_h() * *c as f64 / max as f64
                )
            })
            .collect();
        // Dashes differ per brand too, so the lines stay apart without colour.
        let dash = ["", "6 3", "2 3", "8 3 2 3"][k % 4];
        let _ = write!(
            s,
            r#"<polyline class="series" data-brand="{}" points="{}" fill="none" stroke="{color}" stroke-width="2.2" stroke-dasharray="{dash}"><title>{}</title></polyline>"#,
            esc(name),
            pts.join(" "),
            esc(name)
        );
    }
    s.push_str(&axis_line());
    x_labels(&mut s, days, date_fmt);
    s.push_str("</svg>");
    s
}

/// A 100 % horizontal bar split between the segments (label, value, colour).
pub fn share_bar(segments: &[(String, usize, &str)], aria: &str) -> String {
    let total: usize = segments.iter().map(|s| s.1).sum();
    let (w, h) = (900.0, 44.0);
    let mut s = format!(
        r#"<svg class="chart share-chart" viewBox="0 0 {w} {h}" role="img" aria-label="{}">"#,
        esc(aria)
    );
    if total == 0 {
        let _ = write!(
            s,
            r##"<rect x="0" y="6" width="{w}" height="32" fill="#eeeeee"/>"##
        );
    }
    let mut x = 0.0;
    for (label, v, color) in segments {
        if *v == 0 || total == 0 {
            continue;
        }
        let sw = w * *v as f64 / total as f64;
        let pct = 100.0 * *v as f64 / total as f64;
        let _ = write!(
            s,
            r##"<rect class="share" data-value="{v}" x="{x:.1}" y="6" width="{sw:.1}" height="32" fill="{color}" stroke="#fff" stroke-width="1"><title>{}: {v} ({pct:.0} %)</title></rect>"##,
            esc(label)
        );
        if sw > 60.0 {
            let _ = write!(
                s,
                r##"<text x="{:.1}" y="27" text-anchor="middle" class="share-label" fill="{}">{pct:.0} %</text>"##,
                x + sw / 2.0,
                // Dark text on the light Okabe–Ito colours, white on black.
                if *color == "#000000" {
                    "#ffffff"
                } else {
                    "#1d2330"
                }
            );
        }
        x += sw;
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_max_table() {
        for (v, want) in [
            (0, 1),
            (1, 1),
            (3, 5),
            (7, 10),
            (11, 20),
            (200, 200),
            (201, 500),
        ] {
            assert_eq!(nice_max(v), want, "{v}");
        }
    }

    #[test]
    fn bars_scale_to_the_busiest_day() {
        let d0 = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
        let days: Vec<_> = d0.iter_days().take(3).collect();
        let svg = stacked_days(
            &days,
            &[[1, 0, 1], [0, 0, 0], [5, 2, 3]],
            &[Marker {
                day: 2,
                number: 1,
                direction: "negative",
                title: "<b>".into(),
            }],
            "%d/%m",
            ["neg", "neu", "pos"],
            "x",
        );
        assert_eq!(svg.matches("<rect class=\"bar").count(), 5);
        assert!(svg.contains("href=\"#alert-1\""));
        assert!(svg.contains("&lt;b&gt;") && !svg.contains("<b>"));
        // The busiest day (10) fills the plot: max is 10, its bars add up to the plot height.
        let heights: f64 = svg
            .split("<rect class=\"bar")
            .skip(3)
            .map(|r| {
                let h = r.split("height=\"").nth(1).unwrap();
                h[..h.find('"').unwrap()].parse::<f64>().unwrap()
            })
            .sum();
        assert!((heights - plot_h()).abs() < 0.5, "{heights}");
    }
}
