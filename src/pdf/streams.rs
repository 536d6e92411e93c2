//! Compressing streams, and the build's store of compressed page bodies: a page that appears in
//! several PDFs (an item's own PDF and the pack) has the same body bytes in each, so it is
//! compressed once, looked up by a 128-bit digest of those bytes.

use lopdf::{Dictionary, Stream};
use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::{Arc, Mutex};

type Digest = (u64, u64);

/// Compressed page bodies of one build, keyed by the digest of their uncompressed bytes.
#[derive(Default)]
pub(super) struct StreamCache {
    bodies: Mutex<HashMap<Digest, Arc<Vec<u8>>>>,
}

impl StreamCache {
    /// A content stream holding `bytes`, compressed (once per build for the same bytes).
    pub(super) fn compressed(&self, bytes: &[u8]) -> Stream {
        let key = digest(bytes);
        let known = self.lock().get(&key).cloned();
        let packed = known.unwrap_or_else(|| {
            let packed = Arc::new(compressed(bytes).unwrap_or_else(|| bytes.to_vec()));
            self.lock().insert(key, packed.clone());
            packed
        });
        let mut stream = Stream::new(Dictionary::new(), packed.to_vec());
        if packed.len() != bytes.len() || packed.as_slice() != bytes {
            stream.dict.set("Filter", "FlateDecode");
        }
        stream
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Digest, Arc<Vec<u8>>>> {
        // A poisoned lock only means another PDF's writing panicked; the map is still whole.
        self.bodies.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Two independent 64-bit SipHashes of the bytes (with their length): a chance collision among
/// a build's pages is far beyond anything that will ever happen.
fn digest(bytes: &[u8]) -> Digest {
    let half = |seed: u8| {
        let mut hasher = DefaultHasher::new();
        seed.hash(&mut hasher);
        bytes.hash(&mut hasher);
        hasher.finish()
    };
    (half(1), half(2))
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
fn compressed(bytes: &[u8]) -> Option<Vec<u8>> {
    use flate2::{write::ZlibEncoder, Compression};
    use std::io::Write;
    let mut encoder = ZlibEncoder::new(Vec::with_capacity(bytes.len() / 3), Compression::fast());
    encoder.write_all(bytes).ok()?;
    encoder.finish().ok()
}
