//! `veille mentions` output: an aligned table for terminals (tone in colour, search matches
//! in bold, cut to the terminal's width), JSON lines and RFC 4180 CSV for tools.
//!
//! Pure formatting over `MentionRow`s into any `Write`; whether the output is a terminal,
//! its width and whether colour is wanted are decided by the caller (`TableStyle`).

use crate::store::MentionRow;
use std::io::{self, Write};
use std::ops::Range;

/// How the table is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TableStyle {
    /// ANSI colour and bold.
    pub color: bool,
    /// Cut every line to this many columns (None: no cut, e.g. into a pipe).
    pub width: Option<usize>,
}

impl TableStyle {
    /// The style for standard output: colour and width only on a terminal; `NO_COLOR`
    /// (any value) turns colour off (https://no-color.org).
    pub fn for_stdout() -> TableStyle {
        use std::io::IsTerminal;
        let tty = io::stdout().is_terminal();
        TableStyle {
            color: tty && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
            width: tty.then(terminal_width),
        }
    }
}

/// The terminal's width: `COLUMNS` when set, else the window size of standard output,
/// else 100.
pub fn terminal_width() -> usize {
    if let Some(n) = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|&n| n >= 20)
    {
        return n;
    }
    // SAFETY: TIOCGWINSZ only writes a `winsize` into the struct we pass; a failing call
    // leaves it zeroed, which we treat as unknown.
    let mut ws: libc::winsize = unsafe { std::mem::zeroed() };
    let ok = unsafe { libc::ioctl(libc::STDOUT_FILENO, libc::TIOCGWINSZ, &mut ws) } == 0;
    if ok && ws.ws_col >= 20 {
        ws.ws_col as usize
    } else {
        100
    }
}

const RED: &str = "\x1b[31m";
const BLUE: &str = "\x1b[34m";
const DIM: &str = "\x1b[2m";
const BOLD: &str = "\x1b[1m";
const RESET: &str = "\x1b[0m";

/// Where a row came from, shortly: the author if known, else the feed's title or host.
fn source_label(m: &MentionRow) -> String {
    if let Some(a) = m.author.as_deref().filter(|a| !a.trim().is_empty()) {
        return a.trim().to_string();
    }
    if let Some(t) = m.feed_title.as_deref().filter(|t| !t.trim().is_empty()) {
        return t.trim().to_string();
    }
    let rest = m.feed.split("://").nth(1).unwrap_or(&m.feed);
    rest.split('/').next().unwrap_or(rest).to_string()
}

/// The text shown in the last column and its marks: the title, or with a search that only
/// matched the body, the excerpt of the body.
fn shown_text(m: &MentionRow) -> (String, Vec<Range<usize>>) {
    match &m.marks {
        Some(k) if k.title.is_empty() && !k.excerpt.is_empty() => {
            (k.excerpt.clone(), k.excerpt_marks.clone())
        }
        Some(k) => (m.title.clone(), k.title.clone()),
        None => (m.title.clone(), Vec::new()),
    }
}

/// Pads or cuts `s` to exactly `w` characters (an ellipsis marks a cut).
pub(crate) fn fit(s: &str, w: usize) -> String {
    let n = s.chars().count();
    if n <= w {
        let mut out = s.to_string();
        out.extend(std::iter::repeat_n(' ', w - n));
        out
    } else if w == 0 {
        String::new()
    } else {
        let mut out: String = s.chars().take(w - 1).collect();
        out.push('…');
        out
    }
}

/// The aligned table.
pub fn write_table(out: &mut dyn Write, rows: &[MentionRow], style: TableStyle) -> io::Result<()> {
    let brand_w = rows
        .iter()
        .map(|m| m.brand.chars().count())
        .max()
        .unwrap_or(5)
        .clamp(5, 18);
    let source_w = rows
        .iter()
        .map(|m| source_label(m).chars().count())
        .max()
        .unwrap_or(6)
        .clamp(6, 22);
    let head = format!(
        "{:<16}  {}  {:>5}  {:<4}  {}  ",
        "PUBLISHED (UTC)",
        fit("BRAND", brand_w),
        "TONE",
        "LANG",
        fit("SOURCE", source_w)
    );
    let fixed = head.chars().count();
    let text_w = style.width.map(|w| w.saturating_sub(fixed).max(10));
    let title = "TITLE (or matching text)";
    if style.color {
        writeln!(out, "{DIM}{head}{title}{RESET}")?;
    } else {
        writeln!(out, "{}", format!("{head}{title}").trim_end())?;
    }
    for m in rows {
        let when = m
            .published
            .get(..16)
            .unwrap_or(&m.published)
            .replace('T', " ");
        let tone = format!("{:+.2}", m.score);
        let tone = if style.color {
            let c = match m.label {
                l if l < 0 => RED,
                l if l > 0 => BLUE,
                _ => DIM,
            };
            format!("{c}{tone:>5}{RESET}")
        } else {
            format!("{tone:>5}")
        };
        let (text, marks) = shown_text(m);
        let text = one_line(&text);
        let (text, marks) = match text_w {
            Some(w) => cut(&text, &marks, w),
            None => (text, marks),
        };
        let text = if style.color {
            crate::search::wrap(&text, &marks, BOLD, "\x1b[22m")
        } else {
            text
        };
        writeln!(
            out,
            "{when:<16}  {}  {tone}  {}  {}  {text}",
            fit(&m.brand, brand_w),
            fit(&m.lang, 4),
            fit(&source_label(m), source_w)
        )?;
    }
    Ok(())
}

fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// Cuts `text` to `w` characters, keeping the marks that still fit.
fn cut(text: &str, marks: &[Range<usize>], w: usize) -> (String, Vec<Range<usize>>) {
    if text.chars().count() <= w {
        return (text.to_string(), marks.to_vec());
    }
    let end = text
        .char_indices()
        .nth(w.saturating_sub(1))
        .map(|(i, _)| i)
        .unwrap_or(text.len());
    let mut s = text[..end].to_string();
    s.push('…');
    let kept = marks
        .iter()
        .filter(|m| m.start < end)
        .map(|m| m.start..m.end.min(end))
        .collect();
    (s, kept)
}

/// One JSON object per line (DESIGN.md fields and more).
pub fn write_json(out: &mut dyn Write, rows: &[MentionRow]) -> io::Result<()> {
    for m in rows {
        serde_json::to_writer(&mut *out, m).map_err(io::Error::from)?;
        writeln!(out)?;
    }
    Ok(())
}

/// Columns of the CSV output, in order.
pub const CSV_HEADER: &[&str] = &[
    "published",
    "brand",
    "label",
    "score",
    "lang",
    "feed",
    "author",
    "title",
    "link",
    "snippet",
    "highlight",
];

/// RFC 4180: CRLF line ends, a field holding a comma, quote or line break is quoted and its
/// quotes doubled.
pub fn write_csv(out: &mut dyn Write, rows: &[MentionRow]) -> io::Result<()> {
    let line = |out: &mut dyn Write, fields: &[&str]| -> io::Result<()> {
        let cells: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        write!(out, "{}\r\n", cells.join(","))
    };
    line(out, CSV_HEADER)?;
    for m in rows {
        let label = m.label.to_string();
        let score = format!("{:.4}", m.score);
        line(
            out,
            &[
                &m.published,
                &m.brand,
                &label,
                &score,
                &m.lang,
                &m.feed,
                m.author.as_deref().unwrap_or(""),
                &m.title,
                m.link.as_deref().unwrap_or(""),
                &m.snippet,
                m.highlight.as_deref().unwrap_or(""),
            ],
        )?;
    }
    Ok(())
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Marks;

    fn row(title: &str) -> MentionRow {
        MentionRow {
            id: 1,
            brand: "Inwi".into(),
            title: title.into(),
            link: Some("https://x/1".into()),
            published: "2026-11-01T10:00:00Z".into(),
            feed: "https://press.example/rss".into(),
            author: None,
            lang: "fr".into(),
            label: -1,
            score: -0.5,
            snippet: "a, \"b\"\nc".into(),
            terms: serde_json::json!([]),
            feed_title: None,
            weight: 1.0,
            highlight: None,
            marks: None,
        }
    }

    #[test]
    fn csv_quotes_per_rfc_4180() {
        let mut out = Vec::new();
        write_csv(&mut out, &[row("Panne, encore")]).unwrap();
        let s = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = s.split("\r\n").collect();
        assert_eq!(lines[0], CSV_HEADER.join(","));
        assert!(s.contains("\"Panne, encore\""));
        assert!(s.contains("\"a, \"\"b\"\"\nc\""));
    }

    #[test]
    fn table_fits_the_width_and_colours_only_when_asked() {
        let mut r = row(&"panne ".repeat(40));
        r.marks = Some(Marks {
            title: vec![0..5],
            ..Default::default()
        });
        let mut plain = Vec::new();
        write_table(
            &mut plain,
            std::slice::from_ref(&r),
            TableStyle {
                color: false,
                width: Some(80),
            },
        )
        .unwrap();
        let plain = String::from_utf8(plain).unwrap();
        assert!(!plain.contains('\x1b'));
        for l in plain.lines() {
            assert!(l.chars().count() <= 80, "{l:?}");
        }
        let mut col = Vec::new();
        write_table(
            &mut col,
            &[r],
            TableStyle {
                color: true,
                width: Some(80),
            },
        )
        .unwrap();
        let col = String::from_utf8(col).unwrap();
        assert!(col.contains(&format!("{BOLD}panne\x1b[22m")), "{col}");
        assert!(col.contains(RED));
    }
}
