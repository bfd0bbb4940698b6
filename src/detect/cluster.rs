//! SimHash fingerprints and near-duplicate clustering.
//!
//! Owns the "count a syndicated story once" rule. A wire story copied on ten
//! sites differs by a byline, a date, a trailing link: its word-bigram SimHash
//! stays within a few bits. Numbers (documented, tested):
//! - an item joins a cluster if its fingerprint is within Hamming distance
//!   `MAX_HAMMING` = 3 of the cluster's first item, and it arrives within
//!   `CLUSTER_WINDOW` = 3 days of that first item (syndication happens within
//!   hours; three days covers weekly print-to-web copies without merging a
//!   recurring boilerplate press release a month later);
//! - fingerprint 0 means "no text" and never clusters.
//!
//! Clusters are assigned greedily in (time, id) order, so the assignment is a
//! deterministic function of the sorted history.

use chrono::{DateTime, Duration, Utc};

pub(crate) const MAX_HAMMING: u32 = 3;
pub(crate) const CLUSTER_WINDOW_HOURS: i64 = 72;

/// 64-bit FNV-1a followed by a splitmix64 finaliser. Our own hash so that
/// fingerprints stored in SQLite stay valid across Rust releases (std's
/// hashers make no such promise).
fn hash64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    mix64(h)
}

pub(crate) fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// SimHash of normalised text: lowercase, split on anything that is not a
/// letter or digit (so punctuation, case, spacing and URL slashes do not
/// matter), features = word unigrams + word bigrams, each weighted 1. Bigrams
/// make the fingerprint sensitive to wording, not just vocabulary; unigrams
/// double the feature count, which halves the bits one edit flips. Measured
/// (tests): a 70-word story with a dateline, a "(MAP)" credit, a changed word
/// or an appended "Lire aussi" stays within 3 bits; texts that differ only in
/// punctuation/case/spacing hash identically. Items of a dozen words (titles
/// only) match only when identical after normalisation: one changed word
/// there flips ~6 bits. Empty text gives 0.
pub fn simhash(text: &str) -> u64 {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty() {
        return 0;
    }
    let mut acc = [0i64; 64];
    let mut add = |h: u64| {
        for (bit, a) in acc.iter_mut().enumerate() {
            if (h >> bit) & 1 == 1 {
                *a += 1;
            } else {
                *a -= 1;
            }
        }
    };
    for w in &words {
        add(hash64(w.as_bytes()));
    }
    if words.len() > 1 {
        for pair in words.windows(2) {
            let mut s = String::with_capacity(pair[0].len() + pair[1].len() + 1);
            s.push_str(pair[0]);
            s.push(' ');
            s.push_str(pair[1]);
            add(hash64(s.as_bytes()));
        }
    }
    let mut out = 0u64;
    for (bit, a) in acc.iter().enumerate() {
        if *a > 0 {
            out |= 1 << bit;
        }
    }
    // 0 is reserved for "no fingerprint"; a real text hashing to 0 is
    // vanishingly rare, map it away so it still clusters.
    if out == 0 { 1 } else { out }
}

struct Cluster {
    first_t: DateTime<Utc>,
    fingerprint: u64,
    /// Set once a high-impact alert was raised for this story.
    high_impact_done: bool,
}

/// Result of assigning one observation.
pub(crate) struct Assigned {
    /// Index of the cluster (stable for the lifetime of the clusterer).
    pub cluster: usize,
    /// True if this observation opened the cluster (it is the representative
    /// that the statistical detectors count).
    pub is_new: bool,
}

#[derive(Default)]
pub(crate) struct Clusterer {
    clusters: Vec<Cluster>,
    /// Index of the oldest cluster still inside the window (clusters are
    /// created in time order, so older ones can be skipped for good).
    active_from: usize,
}

impl Clusterer {
    pub fn assign(&mut self, t: DateTime<Utc>, fingerprint: u64) -> Assigned {
        let window = Duration::hours(CLUSTER_WINDOW_HOURS);
        while self.active_from < self.clusters.len()
            && t - self.clusters[self.active_from].first_t > window
        {
            self.active_from += 1;
        }
        if fingerprint != 0 {
            // First (oldest) match wins: deterministic and keeps the story's
            // earliest copy as representative.
            for i in self.active_from..self.clusters.len() {
                let c = &self.clusters[i];
                if (c.fingerprint ^ fingerprint).count_ones() <= MAX_HAMMING {
                    return Assigned {
                        cluster: i,
                        is_new: false,
                    };
                }
            }
        }
        self.clusters.push(Cluster {
            first_t: t,
            fingerprint,
            high_impact_done: false,
        });
        Assigned {
            cluster: self.clusters.len() - 1,
            is_new: true,
        }
    }

    /// Marks the cluster as having raised its high-impact alert; returns
    /// false if it already had one (a story is high-impact once).
    pub fn claim_high_impact(&mut self, cluster: usize) -> bool {
        let c = &mut self.clusters[cluster];
        if c.high_impact_done {
            false
        } else {
            c.high_impact_done = true;
            true
        }
    }
}
