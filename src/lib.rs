//! veille: an e-reputation monitoring daemon.
//!
//! The crate is a library with a thin binary on top (`src/main.rs`). Data flows one way
//! through one module per pipeline stage:
//!
//! ```text
//! scheduler -> fetch -> parse -> normalize -> matcher -> score -> store -> detect -> notify
//! ```
//!
//! `pipeline` is the coordinator that runs the stages for one feed and for one poll cycle;
//! `daemon` drives cycles until shutdown. `normalize`, `matcher`, `score` and `detect` are
//! pure: no I/O, deterministic, cheap to test and benchmark.

// Mention spans are lists of byte ranges; a list holding one span is the common case, not
// a mistaken `vec![a..b]` for "the numbers from a to b".
#![allow(clippy::single_range_in_vec_init)]

pub mod cli;
pub mod config;
pub mod daemon;
pub mod demo;
pub mod detect;
pub mod encoding;
pub mod fetch;
pub mod logging;
pub mod matcher;
pub mod mojibake;
pub mod normalize;
pub mod notify;
pub mod opml;
pub mod parse;
pub mod pipeline;
pub mod presets;
pub mod progress;
pub mod report;
pub mod scheduler;
pub mod score;
pub mod sdnotify;
pub mod search;
pub mod store;
pub mod timeutil;

/// The text of a panic payload (`panic!` with a literal or a formatted message), for
/// turning a caught panic into an error message. `None` (a cancelled task) or another
/// payload type reads as a generic phrase.
pub fn panic_message(payload: Option<&(dyn std::any::Any + Send)>) -> String {
    match payload {
        Some(p) => p
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| p.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "panic with a non-text payload".to_string()),
        None => "task cancelled".to_string(),
    }
}
