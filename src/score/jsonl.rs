//! The `veille score --jsonl` protocol: stdin JSONL `{"id","text"[,"brand"]}` to stdout
//! JSONL `{"id","label","score","lang","terms"}`, one line per input line, same order,
//! streamed in constant memory.

use super::Scorer;
use std::io::{BufRead, Write};

#[derive(Debug, thiserror::Error)]
pub enum JsonlError {
    #[error("line {line}: {message}")]
    Malformed { line: usize, message: String },
    #[error("I/O error: {0}")]
    Io(#[from] std::io::Error),
}

#[derive(serde::Deserialize)]
struct In {
    id: serde_json::Value,
    text: String,
    #[serde(default)]
    brand: Option<String>,
}

pub fn run_jsonl(
    scorer: &Scorer,
    input: impl BufRead,
    mut output: impl Write,
) -> Result<(), JsonlError> {
    for (n, line) in input.lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let rec: In = serde_json::from_str(&line).map_err(|e| JsonlError::Malformed {
            line: n + 1,
            message: format!("expected {{\"id\", \"text\"[, \"brand\"]}}: {e}"),
        })?;
        let s = match rec.brand.as_deref().filter(|b| !b.is_empty()) {
            Some(b) => {
                let lower = rec.text.to_lowercase();
                let bl = b.to_lowercase();
                let targets: Vec<_> = if lower.len() == rec.text.len() {
                    lower
                        .match_indices(&bl)
                        .map(|(i, m)| i..i + m.len())
                        .collect()
                } else {
                    Vec::new()
                };
                scorer.score_targeted(&rec.text, &targets).target
            }
            None => scorer.score(&rec.text),
        };
        let out = serde_json::json!({
            "id": rec.id, "label": s.label, "score": s.score, "lang": s.lang,
            "terms": s.terms.iter().map(|t| serde_json::json!({"term": t.term, "weight": t.weight, "why": t.why})).collect::<Vec<_>>(),
        });
        serde_json::to_writer(&mut output, &out).map_err(std::io::Error::from)?;
        output.write_all(b"\n")?;
    }
    output.flush()?;
    Ok(())
}
