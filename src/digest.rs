//! 128-bit digests: of bytes, and of values through their `Debug` form, which spells out every
//! field. Two independent 64-bit SipHashes: a chance collision among the pages or items of a
//! build, or of a meeting's builds, is far beyond anything that will ever happen. The hash may
//! change between Rust releases, so a digest kept on disk (`render::reuse`) is trusted only
//! beside the identity of the program that wrote it.

use std::fmt;
use std::hash::{DefaultHasher, Hash, Hasher};

pub type Digest = (u64, u64);

/// Feeds bytes, and values' `Debug` form, into one digest.
pub struct Digester {
    halves: [DefaultHasher; 2],
}

impl Default for Digester {
    fn default() -> Self {
        let half = |seed: u8| {
            let mut hasher = DefaultHasher::new();
            seed.hash(&mut hasher);
            hasher
        };
        Digester {
            halves: [half(1), half(2)],
        }
    }
}

impl Digester {
    /// Adds `bytes`, with their length (so that no two sequences of additions run together).
    pub fn bytes(&mut self, bytes: &[u8]) -> &mut Self {
        for half in &mut self.halves {
            bytes.hash(half);
        }
        self
    }

    /// Adds everything `value`'s `Debug` form shows, without writing it out as a string.
    pub fn debug(&mut self, value: &impl fmt::Debug) -> &mut Self {
        // Writing into a digest cannot fail.
        let _ = fmt::write(self, format_args!("{value:?}"));
        self.bytes(b"")
    }

    pub fn finish(&self) -> Digest {
        (self.halves[0].finish(), self.halves[1].finish())
    }
}

impl fmt::Write for Digester {
    fn write_str(&mut self, text: &str) -> fmt::Result {
        for half in &mut self.halves {
            half.write(text.as_bytes());
        }
        Ok(())
    }
}

/// The digest of `bytes`.
pub fn of_bytes(bytes: &[u8]) -> Digest {
    Digester::default().bytes(bytes).finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_digest_tells_apart_what_its_parts_would_run_together() {
        let joined = Digester::default().bytes(b"ab").bytes(b"c").finish();
        let moved = Digester::default().bytes(b"a").bytes(b"bc").finish();
        assert_ne!(joined, moved);
        assert_eq!(of_bytes(b"abc"), of_bytes(b"abc"));
        let one = Digester::default().debug(&("a", 1.5f32)).finish();
        assert_eq!(one, Digester::default().debug(&("a", 1.5f32)).finish());
        assert_ne!(one, Digester::default().debug(&("a", 1.25f32)).finish());
    }
}
