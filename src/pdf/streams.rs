//! Compressing streams, and the build's store of compressed page bodies: a page that appears in
//! several PDFs (an item's own PDF and the pack) has the same body bytes in each, so it is
//! compressed once, looked up by a 128-bit digest of those bytes.

use crate::digest::{self, Digest};
use lopdf::Stream;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// A body's bytes as stored in the file, and whether they are Flate-compressed.
pub(super) type Packed = (Arc<Vec<u8>>, bool);

/// Compressed page bodies of one build, keyed by the digest of their uncompressed bytes.
#[derive(Default)]
pub(super) struct StreamCache {
    bodies: Mutex<HashMap<Digest, Packed>>,
}

impl StreamCache {
    /// `bytes` compressed (once per build for the same bytes), and whether they were: bytes
    /// that compression would not shrink are kept as they are.
    pub(super) fn compressed(&self, bytes: &[u8]) -> Packed {
        let key = digest::of_bytes(bytes);
        let known = self.lock().get(&key).cloned();
        if let Some(known) = known {
            return known;
        }
        let (packed, deflated) = deflated(bytes);
        let packed = (Arc::new(packed), deflated);
        self.lock().insert(key, packed.clone());
        packed
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Digest, Packed>> {
        // A poisoned lock only means another PDF's writing panicked; the map is still whole.
        self.bodies.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Streams shorter than this are stored as they are. A running footer (under 300 bytes) comes
/// out only about 40 bytes shorter, and setting the compressor up for it cost more than drawing
/// the whole page: a sixth of the instructions of writing a pack from kept items.
const STORED_BELOW: usize = 1024;

/// `bytes` compressed if they are long enough for it to pay and it makes them smaller, and
/// whether it did.
pub(super) fn deflated(bytes: &[u8]) -> (Vec<u8>, bool) {
    if bytes.len() < STORED_BELOW {
        return (bytes.to_vec(), false);
    }
    match compressed(bytes).filter(|packed| packed.len() < bytes.len()) {
        Some(packed) => (packed, true),
        None => (bytes.to_vec(), false),
    }
}

/// Flate-compresses one stream unless it is already filtered, may not be, or would grow.
pub(crate) fn compress_stream(stream: &mut Stream) {
    if !stream.allows_compression || stream.dict.has(b"Filter") {
        return;
    }
    if let Some(bytes) = compressed(&stream.content) {
        if bytes.len() < stream.content.len() {
            stream.dict.set("Filter", "FlateDecode");
            stream.set_content(bytes);
        }
    }
}

/// The fastest zlib level: a quarter larger files than level 6, a sixth less time per pack.
/// Each thread keeps one compressor and resets it between streams: setting one up (its window
/// and tables) cost more than compressing a page's footer.
pub(super) fn compressed(bytes: &[u8]) -> Option<Vec<u8>> {
    use flate2::{Compress, Compression, FlushCompress, Status};
    use std::cell::RefCell;
    thread_local! {
        static DEFLATE: RefCell<Compress> = RefCell::new(Compress::new(Compression::fast(), true));
    }
    DEFLATE.with(|deflate| {
        let mut deflate = deflate.borrow_mut();
        deflate.reset();
        let mut out = Vec::with_capacity(bytes.len() / 2 + 64);
        loop {
            let read = usize::try_from(deflate.total_in()).ok()?;
            match deflate
                .compress_vec(&bytes[read..], &mut out, FlushCompress::Finish)
                .ok()?
            {
                Status::StreamEnd => return Some(out),
                Status::Ok | Status::BufError => out.reserve(out.capacity().max(64)),
            }
        }
    })
}

/// Serde for a stream's bytes as one run of bytes (not a sequence of numbers), so that a stored
/// copy (the item cache) is read back with one copy per stream.
pub mod stored_bytes {
    use serde::de::{Deserializer, Error, Visitor};
    use serde::ser::Serializer;

    pub fn serialize<S: Serializer>(bytes: &[u8], serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(bytes)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<u8>, D::Error> {
        deserializer.deserialize_byte_buf(Bytes)
    }

    struct Bytes;

    impl<'de> Visitor<'de> for Bytes {
        type Value = Vec<u8>;

        fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
            formatter.write_str("bytes")
        }

        fn visit_bytes<E: Error>(self, bytes: &[u8]) -> Result<Vec<u8>, E> {
            Ok(bytes.to_vec())
        }

        fn visit_byte_buf<E: Error>(self, bytes: Vec<u8>) -> Result<Vec<u8>, E> {
            Ok(bytes)
        }
    }
}

/// Serde for shared bytes: one run of bytes (for [`stored_packed`]).
pub(super) mod stored_shared {
    use super::stored_bytes;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};
    use std::sync::Arc;

    pub(super) struct AsBytes<'a>(pub &'a Arc<Vec<u8>>);

    impl Serialize for AsBytes<'_> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            stored_bytes::serialize(self.0, serializer)
        }
    }

    pub(super) struct FromBytes(pub Vec<u8>);

    impl<'de> Deserialize<'de> for FromBytes {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            stored_bytes::deserialize(deserializer).map(FromBytes)
        }
    }
}

/// Serde for a [`Packed`] stream: its bytes as one run of bytes, and whether they are deflated.
pub(super) mod stored_packed {
    use super::stored_shared::{AsBytes, FromBytes};
    use super::Packed;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};
    use std::sync::Arc;

    pub fn serialize<S: Serializer>(packed: &Packed, serializer: S) -> Result<S::Ok, S::Error> {
        (AsBytes(&packed.0), packed.1).serialize(serializer)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Packed, D::Error> {
        let (FromBytes(bytes), deflated) = <(FromBytes, bool)>::deserialize(deserializer)?;
        Ok((Arc::new(bytes), deflated))
    }
}
