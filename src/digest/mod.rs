//! 128-bit digests: of bytes, of values as serialised (what the templates are given), and of
//! values through their `Debug` form, which spells out every field. XXH3-128: a chance collision
//! among the pages or items of a build, or of a meeting's builds, is far beyond anything that
//! will ever happen, and it reads a kept item's megabytes in a fraction of a millisecond. A
//! digest kept on disk (`render::reuse`) is still trusted only beside the identity of the
//! program that wrote it.

mod values;

use serde::Serialize;
use std::fmt;
use xxhash_rust::xxh3::Xxh3;

pub type Digest = (u64, u64);

/// Feeds bytes, serialised values and values' `Debug` form into one digest.
#[derive(Default, Clone)]
pub struct Digester {
    state: Xxh3,
}

impl Digester {
    /// Adds `bytes`, with their length (so that no two sequences of additions run together).
    pub fn bytes(&mut self, bytes: &[u8]) -> &mut Self {
        self.state.update(&(bytes.len() as u64).to_le_bytes());
        self.state.update(bytes);
        self
    }

    /// Adds `value` as serialised: exactly what a template is given of it (fields the
    /// templates never see, `#[serde(skip)]`, are left out), in the form of [`values`].
    pub fn serialized(&mut self, value: &impl Serialize) -> &mut Self {
        let mut feed = Feed::new(&mut self.state);
        values::write(value, &mut feed);
        feed.close();
        self
    }

    /// Adds everything `value`'s `Debug` form shows, without writing it out as a string.
    pub fn debug(&mut self, value: &impl fmt::Debug) -> &mut Self {
        let mut feed = Feed::new(&mut self.state);
        let _ = fmt::write(&mut feed, format_args!("{value:?}"));
        feed.close();
        self
    }

    pub fn finish(&self) -> Digest {
        let whole = self.state.digest128();
        ((whole >> 64) as u64, whole as u64)
    }
}

/// Bytes written into a digest in pieces, gathered into runs first (serialisers write a few
/// bytes at a time, and each update of the state has a cost of its own), and counted: the
/// count closes the addition.
struct Feed<'a> {
    state: &'a mut Xxh3,
    run: Vec<u8>,
    count: u64,
}

impl<'a> Feed<'a> {
    const RUN: usize = 8192;

    fn new(state: &'a mut Xxh3) -> Self {
        Feed {
            state,
            run: Vec::with_capacity(Self::RUN),
            count: 0,
        }
    }

    fn add(&mut self, bytes: &[u8]) {
        self.count += bytes.len() as u64;
        if self.run.len() + bytes.len() > Self::RUN {
            self.state.update(&self.run);
            self.run.clear();
        }
        if bytes.len() >= Self::RUN {
            self.state.update(bytes);
        } else {
            self.run.extend_from_slice(bytes);
        }
    }

    fn close(self) {
        self.state.update(&self.run);
        self.state.update(&self.count.to_le_bytes());
    }
}

impl values::Take for Feed<'_> {
    fn take(&mut self, bytes: &[u8]) {
        self.add(bytes);
    }
}

impl std::io::Write for Feed<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.add(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl fmt::Write for Feed<'_> {
    fn write_str(&mut self, text: &str) -> fmt::Result {
        self.add(text.as_bytes());
        Ok(())
    }
}

/// A file's bytes, known by their length and XXH3-128 digest: a file the last build published
/// is placed again when its copy still has them, without keeping the bytes themselves.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default, Serialize, serde::Deserialize)]
pub struct FileDigest {
    pub length: u64,
    pub digest: Digest,
}

/// Digests a file's bytes as they go by, in pieces of any size.
#[derive(Default)]
pub struct FileDigester {
    state: Xxh3,
    length: u64,
}

impl FileDigester {
    pub fn update(&mut self, bytes: &[u8]) {
        self.state.update(bytes);
        self.length += bytes.len() as u64;
    }

    pub fn finish(&self) -> FileDigest {
        let whole = self.state.digest128();
        FileDigest {
            length: self.length,
            digest: ((whole >> 64) as u64, whole as u64),
        }
    }
}

/// The [`FileDigest`] of the file at `path`, read in pieces (never held whole).
pub fn of_file(path: &std::path::Path) -> std::io::Result<FileDigest> {
    use std::io::Read;
    let mut file = std::fs::File::open(path)?;
    let mut digester = FileDigester::default();
    // On the stack: a fresh buffer on the heap for each file cost more than reading it.
    let mut piece = [0; 16 * 1024];
    loop {
        match file.read(&mut piece) {
            Ok(0) => return Ok(digester.finish()),
            Ok(read) => digester.update(&piece[..read]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
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
        let parts = |a: &str, b: &str| Digester::default().debug(&a).debug(&b).finish();
        assert_ne!(parts("ab", "c"), parts("a", "bc"));
    }

    #[test]
    fn a_file_digest_is_of_its_bytes_however_they_come() {
        let bytes: Vec<u8> = (0..200_000u32).map(|n| (n % 251) as u8).collect();
        let mut pieces = FileDigester::default();
        for piece in bytes.chunks(7919) {
            pieces.update(piece);
        }
        let file = std::env::temp_dir().join(format!("digest-{}", std::process::id()));
        std::fs::write(&file, &bytes).unwrap();
        let read = of_file(&file).unwrap();
        let mut changed = bytes.clone();
        changed[150_000] ^= 1;
        std::fs::write(&file, &changed).unwrap();
        let read_changed = of_file(&file).unwrap();
        std::fs::remove_file(&file).unwrap();
        assert_eq!(read, pieces.finish());
        assert_eq!(read.length, 200_000);
        assert_ne!(read_changed, read);
    }

    #[test]
    fn a_serialized_digest_is_of_what_a_template_is_given() {
        #[derive(Serialize, Debug)]
        struct Shown {
            title: String,
            #[serde(skip)]
            #[expect(dead_code, reason = "read only through Debug")]
            hidden: u32,
        }
        let of = |title: &str, hidden| {
            let value = Shown {
                title: title.into(),
                hidden,
            };
            let shown = Digester::default().serialized(&value).finish();
            (shown, Digester::default().debug(&value).finish())
        };
        assert_eq!(of("Budget", 1).0, of("Budget", 2).0);
        assert_ne!(
            of("Budget", 1).1,
            of("Budget", 2).1,
            "Debug shows every field"
        );
        assert_ne!(of("Budget", 1).0, of("Budget 2027", 1).0);
        let parts = |a: &str, b: &str| Digester::default().serialized(&a).serialized(&b).finish();
        assert_ne!(parts("ab", "c"), parts("a", "bc"));
    }
}
