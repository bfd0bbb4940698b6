//! The `score --jsonl` protocol. Owns: reading `{"id","text"[,"brand"]}` lines,
//! writing `{"id","label","score","lang","terms"}` lines in the same order,
//! streaming with constant memory (a bounded number of recycled batches of
//! lines in flight, one BufWriter flushed at EOF), scoring on every core, and
//! brand-mention search for targeted scoring: a "brand" the config names is
//! found and scored as `score --brand` and the daemon do (`Brands`, built
//! once and shared by every scoring thread), any other name is searched as
//! written (`find_mentions`) with the base scorer. Blank lines are skipped; a
//! malformed line is an error naming its 1-based line number.
//!
//! Why a hand-written reader and writer: this protocol is veille's batch
//! interface, and with serde the JSON work cost about as much as the scoring.
//! The reader understands the exact three fields it needs and skips (while
//! validating) everything else; any line it is not sure about (a duplicate or
//! escaped key, a lone surrogate, deep nesting, any error) goes to serde_json,
//! which then decides, so error messages and edge cases stay serde_json's. The
//! writer produces byte-for-byte what serde_json's compact writer did (same
//! escapes, same float formatting through zmij).

use std::borrow::Cow;
use std::io::{BufRead, BufWriter, Write};

use serde::Deserialize;
use serde_json::value::RawValue;

use super::normalize::push_folded;
use super::{Brands, Scored, Scorer};

#[derive(Debug, thiserror::Error)]
pub enum JsonlError {
    #[error("line {line}: {msg}")]
    Malformed { line: usize, msg: String },
    #[error("i/o error: {0}")]
    Io(#[from] std::io::Error),
}

/// One input line, borrowed from the line buffer where possible; `id` is the
/// raw JSON text of the id value, echoed byte-for-byte.
#[derive(Debug, PartialEq)]
struct Record<'a> {
    id: &'a str,
    text: Cow<'a, str>,
    brand: Option<Cow<'a, str>>,
}

/// The reference reader (serde_json): used for lines the fast reader declines.
#[derive(Deserialize)]
struct In<'a> {
    #[serde(borrow)]
    id: &'a RawValue,
    #[serde(borrow)]
    text: Cow<'a, str>,
    #[serde(borrow, default)]
    brand: Option<Cow<'a, str>>,
}

fn parse_line(line: &str) -> Result<Record<'_>, String> {
    if let Some(r) = fast::record(line) {
        return Ok(r);
    }
    let v: In<'_> = serde_json::from_str(line).map_err(|e| e.to_string())?;
    Ok(Record {
        id: v.id.get(),
        text: v.text,
        brand: v.brand,
    })
}

/// Run the protocol with the embedded lexicons.
pub fn run_jsonl(input: impl BufRead, output: impl Write) -> Result<(), JsonlError> {
    let scorer = Scorer::new(&[]).expect("embedded lexicons are valid");
    run_jsonl_with(&scorer, input, output)
}

/// What a line is scored with: the base scorer, and the configured brands
/// (a line whose "brand" names one of them is scored as that brand).
/// Two references: copied into every scoring thread.
#[derive(Clone, Copy)]
struct Scoring<'a> {
    base: &'a Scorer,
    brands: Option<&'a Brands>,
}

/// Input bytes per batch (whole lines; a longer line is a batch of its own).
/// A batch is the unit of work of a scoring thread: several hundred lines,
/// a few milliseconds of scoring, so the per-batch hand-over (two channel
/// messages, a thread woken) is noise, and small enough that a dev set of a
/// few hundred kilobytes still spreads over two cores. Measured on 20 MB of
/// dev-set lines: 16 KiB batches cost 3,300 context switches and 25 % more
/// wall time, 64 KiB 1,000, 128 KiB 700; 256 KiB was no faster.
const BATCH_BYTES: usize = 128 * 1024;

/// Bytes per read from the input.
const READ_BYTES: usize = 64 * 1024;

/// Same, with a caller-provided scorer (user lexicon entries).
///
/// Input is cut into batches of whole lines that scoring threads take in
/// turn, and their answers are written in input order. The threads are
/// started once, with the second batch (a batch alone is scored on this
/// thread), and this thread only reads and writes meanwhile, so reading,
/// scoring and writing overlap. At most a few batches per thread are in
/// flight: memory stays bounded whatever the input's size. A malformed line
/// stops the run after every line before it was written, exactly as a
/// sequential run would.
pub fn run_jsonl_with(
    scorer: &Scorer,
    input: impl BufRead,
    output: impl Write,
) -> Result<(), JsonlError> {
    run_scoring(
        Scoring {
            base: scorer,
            brands: None,
        },
        input,
        output,
    )
}

/// Same, knowing the configured brands: a line whose "brand" is one of them
/// (its name in any case) is scored with that brand's scorer, on the
/// mentions its matcher finds, other brands' clauses left out, exactly as
/// `score --brand` scores it (`Brands::score`). Other lines as
/// `run_jsonl_with`. `scorer` is the base scorer `brands` was built on.
pub fn run_jsonl_brands(
    scorer: &Scorer,
    brands: &Brands,
    input: impl BufRead,
    output: impl Write,
) -> Result<(), JsonlError> {
    run_scoring(
        Scoring {
            base: scorer,
            // None configured: every line goes the way it went without a config.
            brands: (!brands.is_empty()).then_some(brands),
        },
        input,
        output,
    )
}

/// `run_threads` with one scoring thread per core (at most 8) and the usual
/// batch size.
fn run_scoring(
    scoring: Scoring<'_>,
    input: impl BufRead,
    output: impl Write,
) -> Result<(), JsonlError> {
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .clamp(1, 8);
    run_threads(scoring, input, output, threads, BATCH_BYTES)
}

fn run_threads(
    scoring: Scoring<'_>,
    input: impl BufRead,
    output: impl Write,
    threads: usize,
    batch_bytes: usize,
) -> Result<(), JsonlError> {
    let mut input = Batches {
        input: std::io::BufReader::with_capacity(READ_BYTES, input),
        target: batch_bytes,
    };
    let mut out = BufWriter::with_capacity(READ_BYTES, output);
    let mut first = Batch::default();
    input.fill(&mut first.input)?;
    let mut second = Batch::default();
    if !first.input.is_empty() {
        input.fill(&mut second.input)?;
    }
    if threads > 1 && !second.input.is_empty() {
        pool(scoring, &mut input, &mut out, threads, [first, second])?;
    } else {
        // One core, or a single batch: no thread is worth starting.
        sequential(scoring, &mut input, &mut out, [first, second])?;
    }
    out.flush()?;
    Ok(())
}

/// Score `start` and the rest of the input on this thread.
fn sequential<R: std::io::Read>(
    scoring: Scoring<'_>,
    input: &mut Batches<R>,
    out: &mut impl Write,
    start: [Batch; 2],
) -> Result<(), JsonlError> {
    let [mut batch, mut next] = start;
    let mut lines_before = 0;
    while !batch.input.is_empty() {
        batch.score(scoring);
        batch.write(out, &mut lines_before)?;
        std::mem::swap(&mut batch, &mut next);
        input.fill(&mut next.input)?;
    }
    Ok(())
}

/// The input, cut at line ends into batches.
struct Batches<R> {
    input: std::io::BufReader<R>,
    /// Bytes per batch: BATCH_BYTES, smaller in tests.
    target: usize,
}

impl<R: std::io::Read> Batches<R> {
    /// Replace `dst` with the next whole lines, about BATCH_BYTES of them (a
    /// longer line whole; the last line even without its newline). Empty at
    /// the end of the input.
    fn fill(&mut self, dst: &mut Vec<u8>) -> std::io::Result<()> {
        dst.clear();
        loop {
            let buf = self.input.fill_buf()?;
            if buf.is_empty() {
                return Ok(());
            }
            let room = self.target.saturating_sub(dst.len()).min(buf.len());
            // Up to the last line end within the room, or else to the first
            // one after it (a long line), or else all (no line end yet).
            let take = memchr::memrchr(b'\n', &buf[..room])
                .or_else(|| memchr::memchr(b'\n', &buf[room..]).map(|p| room + p))
                .map_or(buf.len(), |p| p + 1);
            dst.extend_from_slice(&buf[..take]);
            self.input.consume(take);
            if dst.len() >= self.target / 2 && dst.ends_with(b"\n") {
                return Ok(());
            }
        }
    }
}

/// Lines to score, then their answers. Recycled from batch to batch, so its
/// buffers are allocated once for the whole run.
#[derive(Default)]
struct Batch {
    input: Vec<u8>,
    out: Vec<u8>,
    line: OutLine,
    /// Lines scored (a malformed one included: it is numbered in the error).
    lines: usize,
    /// The malformed line that stopped the batch, numbered within the batch.
    err: Option<JsonlError>,
    /// A scoring thread's panic, handed to the thread that waits for it.
    panic: Option<Box<dyn std::any::Any + Send>>,
    /// Position in the input, for writing in order.
    seq: usize,
}

impl Batch {
    fn score(&mut self, scoring: Scoring<'_>) {
        self.out.clear();
        self.err = None;
        self.lines = 0;
        let bytes = &self.input[..];
        let mut at = 0;
        while at < bytes.len() {
            let end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |p| at + p + 1);
            self.lines += 1;
            if let Err(e) = score_line(
                scoring,
                &bytes[at..end],
                self.lines,
                &mut self.line,
                &mut self.out,
            ) {
                self.err = Some(e);
                return;
            }
            at = end;
        }
    }

    /// Write the answers; a malformed line's error, renumbered from the
    /// start of the input.
    fn write(&mut self, out: &mut impl Write, lines_before: &mut usize) -> Result<(), JsonlError> {
        out.write_all(&self.out)?;
        if let Some(mut e) = self.err.take() {
            if let JsonlError::Malformed { line, .. } = &mut e {
                *line += *lines_before;
            }
            return Err(e);
        }
        *lines_before += self.lines;
        Ok(())
    }
}

/// Score `start` and the rest of the input on `threads` scoring threads.
fn pool<R: std::io::Read>(
    scoring: Scoring<'_>,
    input: &mut Batches<R>,
    out: &mut impl Write,
    threads: usize,
    start: [Batch; 2],
) -> Result<(), JsonlError> {
    use std::sync::{Mutex, mpsc};
    let (todo_tx, todo_rx) = mpsc::channel::<Batch>();
    let (done_tx, done_rx) = mpsc::channel::<Batch>();
    let todo_rx = Mutex::new(todo_rx);
    let work = |done_tx: mpsc::Sender<Batch>| {
        loop {
            // The lock is held while waiting: the other threads queue on it.
            let next = todo_rx.lock().unwrap_or_else(|p| p.into_inner()).recv();
            let Ok(mut batch) = next else { break };
            let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                batch.score(scoring);
            }));
            batch.panic = r.err();
            if done_tx.send(batch).is_err() {
                break;
            }
        }
    };
    std::thread::scope(|s| {
        // Owned here, so that leaving this closure early (a malformed line)
        // closes the queue and the scoring threads stop.
        let todo_tx = todo_tx;
        // A thread the system refuses to start (a task limit) is no error:
        // the others do its share; with none, this thread scores alone.
        let mut started = 0;
        for _ in 0..threads {
            let done_tx = done_tx.clone();
            if std::thread::Builder::new()
                .spawn_scoped(s, move || work(done_tx))
                .is_ok()
            {
                started += 1;
            }
        }
        drop(done_tx);
        if started == 0 {
            return sequential(scoring, input, out, start);
        }
        // Enough batches in flight to keep every thread busy while this one
        // waits for the oldest to be written.
        let limit = 2 * started + 2;
        let mut spare: Vec<Batch> = Vec::new();
        // Scored batches waiting for an earlier one, at seq - next_write.
        let mut ready: std::collections::VecDeque<Option<Batch>> = Default::default();
        let (mut sent, mut next_write, mut lines_before) = (0, 0, 0);
        let mut start = start.into_iter();
        let mut read_err = None;
        let mut eof = false;
        loop {
            while !eof && sent - next_write < limit {
                let batch = match start.next() {
                    Some(b) => Ok(b),
                    None => {
                        let mut b = spare.pop().unwrap_or_default();
                        input.fill(&mut b.input).map(|()| b)
                    }
                };
                match batch {
                    Ok(mut b) if !b.input.is_empty() => {
                        b.seq = sent;
                        sent += 1;
                        // Cannot fail: the receiving end lives as long as this function.
                        let _ = todo_tx.send(b);
                    }
                    Ok(_) => eof = true,
                    Err(e) => {
                        // The lines read before are answered first.
                        read_err = Some(e);
                        eof = true;
                    }
                }
            }
            if next_write == sent {
                break;
            }
            let Ok(batch) = done_rx.recv() else {
                unreachable!("a scoring thread hands back every batch it takes")
            };
            if let Some(p) = batch.panic {
                std::panic::resume_unwind(p);
            }
            let k = batch.seq - next_write;
            if ready.len() <= k {
                ready.resize_with(k + 1, || None);
            }
            ready[k] = Some(batch);
            while let Some(Some(_)) = ready.front() {
                let Some(Some(mut batch)) = ready.pop_front() else {
                    break;
                };
                batch.write(out, &mut lines_before)?;
                next_write += 1;
                spare.push(batch);
            }
        }
        read_err.map_or(Ok(()), |e| Err(e.into()))
    })
}

/// One input line to one output line appended to `dst` (nothing for a blank line).
fn score_line(
    scoring: Scoring<'_>,
    line: &[u8],
    n: usize,
    buf: &mut OutLine,
    dst: &mut Vec<u8>,
) -> Result<(), JsonlError> {
    let bad = |msg: String| JsonlError::Malformed { line: n, msg };
    let text = std::str::from_utf8(line)
        .map_err(|e| bad(format!("not UTF-8 ({e}): each line must be UTF-8 JSON")))?;
    if text.trim().is_empty() {
        return Ok(());
    }
    let rec = parse_line(text).map_err(bad)?;
    let brand = rec.brand.as_deref().filter(|b| !b.trim().is_empty());
    // Scored as the daemon would score it after normalize repaired it.
    let text = crate::mojibake::repair(&rec.text);
    let score = match brand {
        Some(b) => match scoring.brands.and_then(|bs| Some((bs, bs.find(b)?))) {
            Some((bs, k)) => bs.score_raw(k, &text),
            None => {
                let targets = find_mentions(&text, b);
                scoring.base.score_target_raw(&text, &targets, &[], false)
            }
        },
        None => scoring.base.score_raw(&text),
    };
    buf.write(rec.id, &score);
    dst.extend_from_slice(&buf.bytes);
    Ok(())
}

/// One output line, built in a reused buffer.
#[derive(Default)]
struct OutLine {
    bytes: Vec<u8>,
    why: String,
}

impl OutLine {
    fn write(&mut self, id: &str, s: &Scored<'_>) {
        let b = &mut self.bytes;
        b.clear();
        b.extend_from_slice(b"{\"id\":");
        b.extend_from_slice(id.as_bytes());
        b.extend_from_slice(match s.label {
            -1 => b",\"label\":-1",
            1 => b",\"label\":1",
            _ => b",\"label\":0",
        });
        b.extend_from_slice(b",\"score\":");
        push_f64(b, s.score);
        b.extend_from_slice(b",\"lang\":");
        push_str(b, s.lang);
        b.extend_from_slice(b",\"terms\":[");
        for (k, h) in s.hits.iter().enumerate() {
            if k > 0 {
                b.push(b',');
            }
            b.extend_from_slice(b"{\"term\":");
            push_str(b, h.term);
            b.extend_from_slice(b",\"weight\":");
            push_f64(b, super::rules::round3(h.weight));
            b.extend_from_slice(b",\"why\":");
            self.why.clear();
            // Writing into a String cannot fail.
            let _ = h.write_why(&mut self.why);
            push_str(b, &self.why);
            b.push(b'}');
        }
        b.extend_from_slice(b"]}\n");
    }
}

/// A float as serde_json writes it (null when not finite).
fn push_f64(b: &mut Vec<u8>, x: f64) {
    if push_millis(b, x) {
        return;
    }
    if x.is_finite() {
        b.extend_from_slice(zmij::Buffer::new().format_finite(x).as_bytes());
    } else {
        b.extend_from_slice(b"null");
    }
}

/// Every float written is rounded to three decimals (scores and weights):
/// the double nearest k / 1000 for an integer k. Its shortest representation,
/// which zmij finds with a general algorithm, is k / 1000 written out in
/// decimal with its trailing zeros dropped ("0.5", "-1.25", "2.0"), so those
/// are written from k directly. False (nothing written) for any other
/// float, for -0.0, and outside |x| < 1000: zmij writes those. The test
/// `millis_match_zmij` checks every k of the range against zmij.
fn push_millis(b: &mut Vec<u8>, x: f64) -> bool {
    // Rounded half away from zero. Any k would do: the check that follows,
    // not the rounding, decides whether x is k / 1000 (NaN gives k = 0 and
    // infinities saturate, and both fail it; so does -0.0).
    let k = (x * 1000.0 + if x < 0.0 { -0.5 } else { 0.5 }) as i64;
    if k.unsigned_abs() >= 1_000_000 || (k as f64 / 1000.0).to_bits() != x.to_bits() {
        return false;
    }
    let m = k.unsigned_abs();
    let (int, frac) = (m / 1000, m % 1000);
    // At most "-999.999": built on the stack, appended once.
    let mut out = [0u8; 8];
    let mut n = 0;
    if k < 0 {
        out[0] = b'-';
        n = 1;
    }
    if int >= 100 {
        out[n] = b'0' + (int / 100) as u8;
        n += 1;
    }
    if int >= 10 {
        out[n] = b'0' + (int / 10 % 10) as u8;
        n += 1;
    }
    out[n] = b'0' + (int % 10) as u8;
    out[n + 1] = b'.';
    out[n + 2] = b'0' + (frac / 100) as u8;
    out[n + 3] = b'0' + (frac / 10 % 10) as u8;
    out[n + 4] = b'0' + (frac % 10) as u8;
    // Trailing zeros dropped, one digit kept ("2.0").
    let digits = if frac % 100 == 0 {
        1
    } else if frac % 10 == 0 {
        2
    } else {
        3
    };
    b.extend_from_slice(&out[..n + 2 + digits]);
    true
}

/// A JSON string with serde_json's escapes: `"` `\` and control characters
/// (\b \t \n \f \r by name, the others as \u00XX); everything else raw.
fn push_str(b: &mut Vec<u8>, s: &str) {
    b.push(b'"');
    let bytes = s.as_bytes();
    let mut from = 0;
    let mut i = 0;
    while i < bytes.len() {
        // Eight bytes with nothing to escape are skipped at once (the
        // explanations are mostly plain text).
        if let Some(w) = bytes.get(i..i + 8)
            && !needs_escape(w)
        {
            i += 8;
            continue;
        }
        let c = bytes[i];
        i += 1;
        let esc: &[u8] = match c {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\t' => b"\\t",
            b'\r' => b"\\r",
            0x08 => b"\\b",
            0x0C => b"\\f",
            0..=0x1F => b"",
            _ => continue,
        };
        b.extend_from_slice(&bytes[from..i - 1]);
        if esc.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            b.extend_from_slice(b"\\u00");
            b.push(HEX[usize::from(c >> 4)]);
            b.push(HEX[usize::from(c & 0xF)]);
        } else {
            b.extend_from_slice(esc);
        }
        from = i;
    }
    b.extend_from_slice(&bytes[from..]);
    b.push(b'"');
}

/// Whether any of eight bytes is escaped in a JSON string: a quote, a
/// backslash or a control character. `x - 1 per byte & !x & 0x80 per byte`
/// is non-zero exactly when some byte of x is zero (see `fast::has_control`
/// for the control characters).
fn needs_escape(w: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = ONES * 0x80;
    let mut a = [0u8; 8];
    a.copy_from_slice(w);
    let v = u64::from_le_bytes(a);
    let zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGH;
    (v.wrapping_sub(ONES * 0x20) & !v & HIGH)
        | zero(v ^ (ONES * u64::from(b'"')))
        | zero(v ^ (ONES * u64::from(b'\\')))
        != 0
}

/// The fast reader: a strict JSON parser for one object, which returns None
/// (letting serde_json decide) rather than guess.
mod fast {
    use super::Record;
    use std::borrow::Cow;

    /// Deeper ids than this go to serde_json (which has its own limit).
    const MAX_DEPTH: u32 = 64;

    struct P<'a> {
        s: &'a str,
        i: usize,
    }

    pub(super) fn record(s: &str) -> Option<Record<'_>> {
        let mut p = P { s, i: 0 };
        p.ws();
        p.eat(b'{')?;
        let (mut id, mut text, mut brand) = (None, None, None);
        loop {
            p.ws();
            let key = p.string()?;
            p.ws();
            p.eat(b':')?;
            p.ws();
            match key.as_ref() {
                "id" if id.is_none() && !matches!(key, Cow::Owned(_)) => {
                    let st = p.i;
                    p.value(0)?;
                    id = Some(&s[st..p.i]);
                }
                "text" if text.is_none() && !matches!(key, Cow::Owned(_)) => {
                    text = Some(p.string()?);
                }
                "brand" if brand.is_none() && !matches!(key, Cow::Owned(_)) => {
                    brand = Some(if p.peek()? == b'n' {
                        p.lit(b"null")?;
                        None
                    } else {
                        Some(p.string()?)
                    });
                }
                // A repeated or escaped known key: serde_json decides.
                "id" | "text" | "brand" => return None,
                _ => p.value(0)?,
            }
            p.ws();
            match p.next()? {
                b',' => continue,
                b'}' => break,
                _ => return None,
            }
        }
        p.ws();
        if p.i != s.len() {
            return None;
        }
        Some(Record {
            id: id?,
            text: text?,
            brand: brand.flatten(),
        })
    }

    /// Whether any byte is below 0x20 (a control character, which a JSON
    /// string may not hold raw), eight bytes at a time: a byte-by-byte scan
    /// of every text cost more than finding its end. `v - 0x20 per byte` sets
    /// a byte's top bit where that byte was below 0x20 or borrowed from one
    /// that was, and `!v` keeps only bytes that were below 0x80, so the test
    /// is exact for "any".
    pub(super) fn has_control(b: &[u8]) -> bool {
        const ONES: u64 = 0x0101_0101_0101_0101;
        let mut words = b.chunks_exact(8);
        for w in &mut words {
            let mut a = [0u8; 8];
            a.copy_from_slice(w);
            let v = u64::from_le_bytes(a);
            if v.wrapping_sub(ONES * 0x20) & !v & (ONES * 0x80) != 0 {
                return true;
            }
        }
        words.remainder().iter().any(|&c| c < 0x20)
    }

    impl<'a> P<'a> {
        fn peek(&self) -> Option<u8> {
            self.s.as_bytes().get(self.i).copied()
        }
        fn next(&mut self) -> Option<u8> {
            let c = self.peek()?;
            self.i += 1;
            Some(c)
        }
        fn eat(&mut self, c: u8) -> Option<()> {
            (self.next()? == c).then_some(())
        }
        fn ws(&mut self) {
            while matches!(self.peek(), Some(b' ' | b'\n' | b'\r' | b'\t')) {
                self.i += 1;
            }
        }
        fn lit(&mut self, w: &[u8]) -> Option<()> {
            let b = self.s.as_bytes();
            (b.len() >= self.i + w.len() && &b[self.i..self.i + w.len()] == w).then(|| {
                self.i += w.len();
            })
        }

        /// A string value; borrowed when it holds no escape.
        fn string(&mut self) -> Option<Cow<'a, str>> {
            self.eat(b'"')?;
            let b = self.s.as_bytes();
            let st = self.i;
            // The common case, no escape: one vectorised search for the end.
            let end = st + memchr::memchr2(b'"', b'\\', &b[st..])?;
            if has_control(&b[st..end]) {
                return None;
            }
            self.i = end;
            if b[end] == b'"' {
                self.i += 1;
                return Some(Cow::Borrowed(&self.s[st..end]));
            }
            let mut out = String::with_capacity(self.i - st + 16);
            out.push_str(&self.s[st..self.i]);
            loop {
                let c = *b.get(self.i)?;
                match c {
                    b'"' => {
                        self.i += 1;
                        return Some(Cow::Owned(out));
                    }
                    b'\\' => {
                        self.i += 1;
                        let e = self.next()?;
                        out.push(match e {
                            b'"' => '"',
                            b'\\' => '\\',
                            b'/' => '/',
                            b'b' => '\u{8}',
                            b'f' => '\u{c}',
                            b'n' => '\n',
                            b'r' => '\r',
                            b't' => '\t',
                            b'u' => {
                                let hi = self.hex4()?;
                                match hi {
                                    0xD800..=0xDBFF => {
                                        self.lit(b"\\u")?;
                                        let lo = self.hex4()?;
                                        if !(0xDC00..=0xDFFF).contains(&lo) {
                                            return None;
                                        }
                                        let cp = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                                        char::from_u32(cp)?
                                    }
                                    0xDC00..=0xDFFF => return None,
                                    _ => char::from_u32(hi)?,
                                }
                            }
                            _ => return None,
                        });
                    }
                    0..=0x1F => return None,
                    _ => {
                        // Copy the run up to the next quote or backslash.
                        let run = b[self.i..]
                            .iter()
                            .position(|&x| x == b'"' || x == b'\\' || x < 0x20)?;
                        out.push_str(&self.s[self.i..self.i + run]);
                        self.i += run;
                    }
                }
            }
        }

        fn hex4(&mut self) -> Option<u32> {
            let h = self.s.get(self.i..self.i + 4)?;
            if !h.bytes().all(|c| c.is_ascii_hexdigit()) {
                return None;
            }
            self.i += 4;
            u32::from_str_radix(h, 16).ok()
        }

        /// Skip one JSON value, checking its grammar.
        fn value(&mut self, depth: u32) -> Option<()> {
            if depth > MAX_DEPTH {
                return None;
            }
            match self.peek()? {
                b'"' => self.string().map(drop),
                b'{' => {
                    self.i += 1;
                    self.ws();
                    if self.peek()? == b'}' {
                        self.i += 1;
                        return Some(());
                    }
                    loop {
                        self.ws();
                        self.string()?;
                        self.ws();
                        self.eat(b':')?;
                        self.ws();
                        self.value(depth + 1)?;
                        self.ws();
                        match self.next()? {
                            b',' => continue,
                            b'}' => return Some(()),
                            _ => return None,
                        }
                    }
                }
                b'[' => {
                    self.i += 1;
                    self.ws();
                    if self.peek()? == b']' {
                        self.i += 1;
                        return Some(());
                    }
                    loop {
                        self.ws();
                        self.value(depth + 1)?;
                        self.ws();
                        match self.next()? {
                            b',' => continue,
                            b']' => return Some(()),
                            _ => return None,
                        }
                    }
                }
                b't' => self.lit(b"true"),
                b'f' => self.lit(b"false"),
                b'n' => self.lit(b"null"),
                b'-' | b'0'..=b'9' => self.number(),
                _ => None,
            }
        }

        /// -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
        fn number(&mut self) -> Option<()> {
            let b = self.s.as_bytes();
            let digits = |p: &mut Self| {
                let st = p.i;
                while b.get(p.i).is_some_and(u8::is_ascii_digit) {
                    p.i += 1;
                }
                (p.i > st).then_some(())
            };
            if self.peek() == Some(b'-') {
                self.i += 1;
            }
            if self.peek()? == b'0' {
                self.i += 1;
            } else {
                digits(self)?;
            }
            if self.peek() == Some(b'.') {
                self.i += 1;
                digits(self)?;
            }
            if matches!(self.peek(), Some(b'e' | b'E')) {
                self.i += 1;
                if matches!(self.peek(), Some(b'+' | b'-')) {
                    self.i += 1;
                }
                digits(self)?;
            }
            Some(())
        }
    }
}

/// Byte ranges of case- and accent-insensitive occurrences of `brand` in `text`
/// (same folding as the lexicons: "INWI", "inwi", "Orangé" ~ "orange").
pub fn find_mentions(text: &str, brand: &str) -> Vec<std::ops::Range<usize>> {
    let mut needle = String::new();
    for c in brand.trim().chars() {
        push_folded(c, &mut needle);
    }
    if needle.is_empty() {
        return Vec::new();
    }
    let mut hay = String::with_capacity(text.len());
    // map[i] = byte offset in `text` of the char that produced hay byte i.
    let mut map: Vec<usize> = Vec::with_capacity(text.len() + 1);
    for (b, c) in text.char_indices() {
        let before = hay.len();
        push_folded(c, &mut hay);
        for _ in before..hay.len() {
            map.push(b);
        }
    }
    map.push(text.len());
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(p) = hay[from..].find(&needle) {
        let s = from + p;
        let e = s + needle.len();
        let os = map[s];
        // End: start of the char after the last matched byte.
        let oe = map[e..]
            .iter()
            .copied()
            .find(|&o| o > map[e - 1])
            .unwrap_or(text.len());
        out.push(os..oe);
        from = e;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// serde_json's reading of a line, for comparison.
    fn reference(line: &str) -> Result<Record<'_>, String> {
        let v: In<'_> = serde_json::from_str(line).map_err(|e| e.to_string())?;
        Ok(Record {
            id: v.id.get(),
            text: v.text,
            brand: v.brand,
        })
    }

    /// The fast reader may decline a line, never disagree with serde_json.
    fn agrees(line: &str) {
        if let Some(f) = fast::record(line) {
            assert_eq!(Ok(f), reference(line), "{line:?}");
        }
    }

    #[test]
    fn fast_reader_agrees_with_serde_on_edge_cases() {
        let cases = [
            r#"{"id": 1, "text": "a"}"#,
            r#"  {"text":"x","id":"q"}  "#,
            r#"{"id": -0.5e+3, "text": "é\u00e9\n\"\\\/\b\f\r\t"}"#,
            r#"{"id": [1, {"a": [true, false, null]}], "text": "😀\ud83d\ude00"}"#,
            r#"{"id": {}, "text": "", "brand": null}"#,
            r#"{"id": [], "text": "", "brand": "inwi", "lang": "fr"}"#,
            r#"{"id": 1, "text": "a", "id": 2}"#,
            r#"{"id": 1, "t\u0065xt": "a", "text": "b"}"#,
            r#"{"id": 1, "text": "\ud800"}"#,
            r#"{"id": 1, "text": "\udc00x"}"#,
            r#"{"id": 01, "text": "a"}"#,
            r#"{"id": 1., "text": "a"}"#,
            r#"{"id": 1, "text": "a",}"#,
            r#"{"id": 1, "text": "a"} x"#,
            r#"{"id": 1, "text": 5}"#,
            r#"{"id": 1}"#,
            r#"{"id": tru, "text": "a"}"#,
            "{\"id\": 1, \"text\": \"tab\there\"}",
            r#"{"id": 1, "text": "a", "brand": 3}"#,
            "[1,2]",
            "",
        ];
        for c in cases {
            agrees(c);
        }
        // The common shapes do take the fast path.
        assert!(fast::record(r#"{"id": "a-1", "text": "Très bien 👍"}"#).is_some());
        assert!(fast::record(r#"{"id": 1, "text": "a\"b"}"#).is_some());
    }

    #[test]
    fn escape_test_is_exact() {
        for fill in [b'a', 0x20, 0x21, 0x7F, 0x80, 0xFF] {
            for pos in 0..8 {
                for x in 0..=255u8 {
                    let mut b = [fill; 8];
                    b[pos] = x;
                    let want = x < 0x20 || x == b'"' || x == b'\\' || fill < 0x20;
                    assert_eq!(needs_escape(&b), want, "{b:?}");
                }
            }
        }
    }

    /// The fast float writer agrees with zmij on every float it takes,
    /// every multiple of 0.001 below 1000 in magnitude, and declines the rest.
    #[test]
    fn millis_match_zmij() {
        let mut b = Vec::new();
        for k in -1_000_000i64..=1_000_000 {
            let x = k as f64 / 1000.0;
            b.clear();
            let took = push_millis(&mut b, x);
            assert_eq!(took, k.abs() < 1_000_000, "{k}");
            if took {
                assert_eq!(
                    std::str::from_utf8(&b).unwrap(),
                    zmij::Buffer::new().format_finite(x),
                    "{k}"
                );
            }
        }
        for x in [
            -0.0,
            0.1 + 0.2,
            1e-7,
            1e300,
            1000.0,
            -1000.5,
            f64::NAN,
            f64::INFINITY,
        ] {
            b.clear();
            assert!(!push_millis(&mut b, x), "{x}");
            assert!(b.is_empty());
        }
        for x in [
            0.0,
            -0.0,
            0.1 + 0.2,
            1e-7,
            1e300,
            1234.5678,
            0.5,
            -0.005,
            f64::NAN,
        ] {
            b.clear();
            push_f64(&mut b, x);
            let want = if x.is_finite() {
                zmij::Buffer::new().format_finite(x).to_string()
            } else {
                "null".to_string()
            };
            assert_eq!(std::str::from_utf8(&b).unwrap(), want, "{x}");
        }
    }

    #[test]
    fn control_byte_test_is_exact() {
        // Every byte value at every position of a 17-byte run, among bytes
        // just above and below the limit and high bytes (UTF-8).
        for fill in [0x20u8, 0x21, 0x7F, 0x80, 0xA0, 0xFF] {
            for pos in 0..17 {
                for x in 0..=255u8 {
                    let mut b = vec![fill; 17];
                    b[pos] = x;
                    assert_eq!(fast::has_control(&b), x < 0x20, "{b:?}");
                }
            }
        }
    }

    fn json_value() -> impl Strategy<Value = serde_json::Value> {
        let leaf = prop_oneof![
            Just(serde_json::Value::Null),
            any::<bool>().prop_map(serde_json::Value::from),
            any::<i64>().prop_map(serde_json::Value::from),
            any::<f64>()
                .prop_filter("finite", |f| f.is_finite())
                .prop_map(serde_json::Value::from),
            any::<String>().prop_map(serde_json::Value::from),
        ];
        leaf.prop_recursive(4, 24, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::from),
                prop::collection::btree_map(any::<String>(), inner, 0..4)
                    .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #[test]
        fn fast_reader_agrees_with_serde(
            id in json_value(),
            text in any::<String>(),
            extra in json_value(),
            brand in prop::option::of(any::<String>()),
            cut in any::<prop::sample::Index>(),
            junk in any::<char>(),
        ) {
            let mut obj = serde_json::Map::new();
            obj.insert("extra".into(), extra);
            obj.insert("id".into(), id);
            obj.insert("text".into(), text.into());
            if let Some(b) = brand {
                obj.insert("brand".into(), b.into());
            }
            let line = serde_json::Value::Object(obj).to_string();
            let parsed = fast::record(&line);
            prop_assert!(parsed.is_some(), "valid line declined: {line}");
            agrees(&line);
            // A corrupted copy: a character inserted anywhere.
            let mut bad = line.clone();
            let mut at = cut.index(bad.len() + 1);
            while !bad.is_char_boundary(at) {
                at -= 1;
            }
            bad.insert(at, junk);
            agrees(&bad);
        }
    }

    fn input_lines(n: usize) -> Vec<String> {
        let texts = [
            "Inwi est vraiment top 👍",
            "ماعجبنيش هاد الشي، خايب بزاف",
            "the service was not good at all",
            "",
            "ma3jbnich had lkhedma",
        ];
        (0..n)
            .map(|i| {
                if i % 97 == 13 {
                    String::new() // blank lines are skipped, still counted
                } else {
                    serde_json::json!({"id": i, "text": texts[i % texts.len()]}).to_string()
                }
            })
            .collect()
    }

    /// Each line scored alone: what the chunked, multi-threaded run must equal.
    fn one_by_one(lines: &[String]) -> String {
        let scorer = Scorer::new(&[]).unwrap();
        one_by_one_with(
            Scoring {
                base: &scorer,
                brands: None,
            },
            lines,
        )
    }

    fn one_by_one_with(scoring: Scoring<'_>, lines: &[String]) -> String {
        let mut out = Vec::new();
        let mut buf = OutLine::default();
        for (i, l) in lines.iter().enumerate() {
            score_line(scoring, l.as_bytes(), i + 1, &mut buf, &mut out).unwrap();
        }
        String::from_utf8(out).unwrap()
    }

    fn run(input: &str) -> (String, Result<(), JsonlError>) {
        let mut out = Vec::new();
        let r = run_jsonl(input.as_bytes(), &mut out);
        (String::from_utf8(out).unwrap(), r)
    }

    /// Every thread count answers alike: one (scored on the calling
    /// thread), and pools of two and three scoring threads, with batches
    /// of the usual size and small ones (many batches in flight).
    fn run_each(input: &str) -> Vec<(String, Result<(), JsonlError>)> {
        let scorer = Scorer::new(&[]).unwrap();
        run_each_with(
            Scoring {
                base: &scorer,
                brands: None,
            },
            input,
        )
    }

    fn run_each_with(scoring: Scoring<'_>, input: &str) -> Vec<(String, Result<(), JsonlError>)> {
        let mut runs = Vec::new();
        for threads in 1..=3 {
            for batch in [BATCH_BYTES, 2048] {
                let mut out = Vec::new();
                let r = run_threads(scoring, input.as_bytes(), &mut out, threads, batch);
                runs.push((String::from_utf8(out).unwrap(), r));
            }
        }
        runs
    }

    /// Lines naming configured brands, other names and none, mixed: every
    /// thread count answers as the lines scored one by one, the brands'
    /// matcher and scorers shared by every thread.
    #[test]
    fn configured_brands_answer_alike_on_every_thread_count() {
        let base = Scorer::new(&[]).unwrap();
        let iam = crate::matcher::BrandSpec {
            name: "Maroc Telecom".into(),
            aliases: vec!["Maroc Telecom".into(), "IAM".into()],
            ..Default::default()
        };
        let inwi = crate::matcher::BrandSpec {
            name: "Inwi".into(),
            aliases: vec!["inwi".into()],
            ..Default::default()
        };
        let entry = [crate::score::LexiconEntry {
            term: "coupure".into(),
            weight: -2.5,
            lang: None,
        }];
        let brands = Brands::new(&base, [(&iam, &entry[..]), (&inwi, &[][..])]).unwrap();
        let texts = [
            ("IAM : coupure internet, inwi au top", Some("Maroc Telecom")),
            ("IAM : coupure internet, inwi au top", Some("INWI")),
            ("IAM : coupure internet, inwi au top", Some("Orange")),
            ("IAM : coupure internet, inwi au top", None),
            ("ماعجبنيش هاد الشي، خايب بزاف", Some("inwi")),
        ];
        let lines: Vec<String> = (0..6_000)
            .map(|i| {
                let (text, brand) = texts[i % texts.len()];
                serde_json::json!({"id": i, "text": text, "brand": brand}).to_string()
            })
            .collect();
        let scoring = Scoring {
            base: &base,
            brands: Some(&brands),
        };
        let want = one_by_one_with(scoring, &lines);
        for (out, r) in run_each_with(scoring, &(lines.join("\n") + "\n")) {
            r.unwrap();
            assert_eq!(out, want);
        }
        // The brand lines did go through the brands.
        let plain = one_by_one(&lines);
        assert_ne!(want, plain);
        let (w, p): (Vec<_>, Vec<_>) = (want.lines().collect(), plain.lines().collect());
        assert_ne!(w[0], p[0], "configured brand");
        assert_ne!(w[1], p[1], "configured brand, other case");
        assert_eq!(w[2], p[2], "unconfigured brand");
        assert_eq!(w[3], p[3], "no brand");
    }

    #[test]
    fn chunked_parallel_run_equals_line_by_line() {
        let lines = input_lines(5_000);
        let (out, r) = run(&(lines.join("\n") + "\n"));
        r.unwrap();
        assert_eq!(out, one_by_one(&lines));
        // No final newline, and CRLF line ends.
        let (out, r) = run(&lines.join("\r\n"));
        r.unwrap();
        assert_eq!(out, one_by_one(&lines));
    }

    #[test]
    fn malformed_line_in_a_parallel_chunk_stops_after_the_lines_before_it() {
        let mut lines = input_lines(3_000);
        lines[2_345] = r#"{"id": 1, "text": }"#.into();
        for (out, r) in run_each(&(lines.join("\n") + "\n")) {
            match r {
                Err(JsonlError::Malformed { line, .. }) => assert_eq!(line, 2_346),
                other => panic!("{other:?}"),
            }
            assert_eq!(out, one_by_one(&lines[..2_345]));
        }
    }

    #[test]
    fn every_thread_count_answers_alike_across_many_batches() {
        // About ten batches, a malformed line in the last ones: what was
        // before it is written whichever thread scored it.
        let mut lines = input_lines(20_000);
        let (out, r) = run(&(lines.join("\n") + "\n"));
        r.unwrap();
        let want = one_by_one(&lines);
        assert_eq!(out, want);
        for (out, r) in run_each(&lines.join("\n")) {
            r.unwrap();
            assert_eq!(out, want);
        }
        lines[19_000] = "{".into();
        for (out, r) in run_each(&(lines.join("\n") + "\n")) {
            match r {
                Err(JsonlError::Malformed { line, .. }) => assert_eq!(line, 19_001),
                other => panic!("{other:?}"),
            }
            assert_eq!(out, one_by_one(&lines[..19_000]));
        }
    }

    #[test]
    fn a_line_longer_than_the_read_buffer() {
        let long = "très bien ".repeat(60_000); // 660 KB, several buffer refills
        let lines = vec![
            serde_json::json!({"id": 1, "text": "nul"}).to_string(),
            serde_json::json!({"id": 2, "text": long}).to_string(),
            serde_json::json!({"id": 3, "text": "super"}).to_string(),
        ];
        for input in [lines.join("\n"), lines.join("\n") + "\n"] {
            for (out, r) in run_each(&input) {
                r.unwrap();
                assert_eq!(out, one_by_one(&lines));
            }
        }
    }

    #[test]
    fn writer_matches_serde_json() {
        #[derive(serde::Serialize)]
        struct Out<'a> {
            id: &'a RawValue,
            label: i8,
            score: f64,
            lang: &'a str,
            terms: &'a [super::super::TermHit],
        }
        let scorer = Scorer::new(&[]).unwrap();
        for (id, text) in [
            ("7", "Super \"service\" \u{1}\u{8}\t\\ 👍 !!"),
            (r#"{"k":[1,2.5]}"#, "Je n'aime PAS ce réseau, nul"),
            ("null", "rien"),
            (r#""x""#, "ماعجبنيش هاد الشي، خايب بزاف"),
        ] {
            let sc = scorer.score_raw(text);
            let mut line = OutLine::default();
            line.write(id, &sc);
            let owned = sc.to_score();
            let raw: Box<RawValue> = serde_json::from_str(id).unwrap();
            let mut want = serde_json::to_vec(&Out {
                id: &raw,
                label: owned.label,
                score: owned.score,
                lang: &owned.lang,
                terms: &owned.terms,
            })
            .unwrap();
            want.push(b'\n');
            assert_eq!(
                String::from_utf8_lossy(&line.bytes),
                String::from_utf8_lossy(&want)
            );
        }
    }
}
