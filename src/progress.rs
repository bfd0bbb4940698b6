//! Progress of long work (a first poll over many feeds, a re-score, an import): a bar on
//! standard error when it is a terminal, plain log lines every few seconds otherwise (a
//! journal or a CI log wants lines, not carriage returns; work shorter than that logs
//! nothing).
//!
//! Hand-written rather than indicatif: one bar, no styles, a few dozen lines, and it must
//! be callable from several tokio tasks at once (interior mutex).

use std::io::{IsTerminal, Write};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How often the bar is redrawn and how often a log line is written when not on a terminal.
const DRAW_EVERY: Duration = Duration::from_millis(100);
const LOG_EVERY: Duration = Duration::from_secs(5);

pub struct Progress {
    label: String,
    tty: bool,
    state: Mutex<State>,
}

struct State {
    done: usize,
    total: usize,
    started: Instant,
    last: Option<Instant>,
    finished: bool,
}

impl Progress {
    /// A bar for `total` steps; on a terminal only if standard error is one.
    pub fn new(label: &str, total: usize) -> Progress {
        Progress::with_terminal(label, total, std::io::stderr().is_terminal())
    }

    pub fn with_terminal(label: &str, total: usize, tty: bool) -> Progress {
        Progress {
            label: label.to_string(),
            tty,
            state: Mutex::new(State {
                done: 0,
                total,
                started: Instant::now(),
                last: None,
                finished: false,
            }),
        }
    }

    pub fn set_total(&self, total: usize) {
        self.lock().total = total;
    }

    /// `n` more steps done.
    pub fn inc(&self, n: usize) {
        let done = self.lock().done + n;
        self.set(done);
    }

    /// `done` steps done in all.
    pub fn set(&self, done: usize) {
        let mut st = self.lock();
        st.done = done;
        let now = Instant::now();
        let due = if self.tty {
            st.last.is_none_or(|l| now.duration_since(l) >= DRAW_EVERY) || st.done >= st.total
        } else {
            // Logs stay quiet for short work: the first line after LOG_EVERY, then one
            // per LOG_EVERY.
            now.duration_since(st.last.unwrap_or(st.started)) >= LOG_EVERY
        };
        if due {
            st.last = Some(now);
            self.show(&st);
        }
    }

    /// Ends the bar with a final line.
    pub fn finish(&self) {
        let mut st = self.lock();
        if st.finished {
            return;
        }
        st.finished = true;
        if self.tty {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r\x1b[2K");
            let _ = writeln!(err, "{}", line(&self.label, &st));
        } else if st.last.is_some() {
            // Close the series of periodic lines; short work logged none and ends quietly.
            tracing::info!("{}", line(&self.label, &st));
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn show(&self, st: &State) {
        if self.tty {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r\x1b[2K{}", bar_line(&self.label, st));
            let _ = err.flush();
        } else if st.done < st.total {
            tracing::info!("{}", line(&self.label, st));
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.finish();
    }
}

fn line(label: &str, st: &State) -> String {
    format!(
        "{label}: {}/{} ({}%) in {:.1}s",
        st.done,
        st.total,
        percent(st),
        st.started.elapsed().as_secs_f64()
    )
}

fn percent(st: &State) -> usize {
    (st.done * 100)
        .checked_div(st.total)
        .unwrap_or(100)
        .min(100)
}

fn bar_line(label: &str, st: &State) -> String {
    const WIDTH: usize = 30;
    let filled = (st.done * WIDTH)
        .checked_div(st.total)
        .unwrap_or(WIDTH)
        .min(WIDTH);
    format!(
        "{label} [{}{}] {}/{} ({}%)",
        "#".repeat(filled),
        "-".repeat(WIDTH - filled),
        st.done,
        st.total,
        percent(st)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bar_and_line_table() {
        let st = |done, total| State {
            done,
            total,
            started: Instant::now(),
            last: None,
            finished: false,
        };
        assert!(bar_line("x", &st(0, 10)).contains(&format!("[{}] 0/10 (0%)", "-".repeat(30))));
        assert!(bar_line("x", &st(5, 10)).contains("(50%)"));
        assert!(bar_line("x", &st(10, 10)).contains(&format!("[{}]", "#".repeat(30))));
        // Nothing to do is done.
        assert!(bar_line("x", &st(0, 0)).contains("(100%)"));
        assert!(line("feeds", &st(3, 4)).starts_with("feeds: 3/4 (75%)"));
    }
}
