//! Token lookup keys. Owns: a small string stored inline when short (almost
//! every word), on the heap otherwise. Tokenising allocated one `String` per
//! word for its folded key, which was the largest per-token cost after the
//! folding itself; keys are immutable once built, so an inline buffer is enough.

use std::fmt;
use std::ops::Deref;

/// Longest key kept inline (bytes). 30 covers Latin words and Arabic words of
/// up to 15 letters; longer ones (URLs are skipped before) go to the heap.
const INLINE: usize = 30;

/// Fields are private so the only way in is `Key::new(&str)`: the inline
/// bytes are always a whole UTF-8 string.
#[derive(Clone)]
pub struct Key(Repr);

#[derive(Clone)]
enum Repr {
    Inline { len: u8, buf: [u8; INLINE] },
    Heap(Box<str>),
}

impl Key {
    pub fn new(s: &str) -> Key {
        if s.len() <= INLINE {
            let mut buf = [0u8; INLINE];
            buf[..s.len()].copy_from_slice(s.as_bytes());
            Key(Repr::Inline {
                len: s.len() as u8,
                buf,
            })
        } else {
            Key(Repr::Heap(s.into()))
        }
    }

    pub fn empty() -> Key {
        Key(Repr::Inline {
            len: 0,
            buf: [0u8; INLINE],
        })
    }

    pub fn as_str(&self) -> &str {
        match &self.0 {
            // SAFETY: the inline bytes were copied whole from a &str in
            // `Key::new` (the only constructor), so they are valid UTF-8.
            // Re-validating on every use would cost more than the allocation
            // this type saves.
            Repr::Inline { len, buf } => unsafe {
                std::str::from_utf8_unchecked(&buf[..*len as usize])
            },
            Repr::Heap(s) => s,
        }
    }
}

impl Deref for Key {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl fmt::Debug for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl PartialEq for Key {
    fn eq(&self, other: &Key) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialEq<str> for Key {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Key {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_and_heap_round_trip() {
        for s in ["", "a", "génial", "ممتاز", &"x".repeat(30), &"y".repeat(31)] {
            let k = Key::new(s);
            assert_eq!(k.as_str(), s);
            assert_eq!(k, s);
            assert_eq!(matches!(k.0, Repr::Heap(_)), s.len() > INLINE);
        }
    }
}
