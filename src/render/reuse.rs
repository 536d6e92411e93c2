//! What a build keeps of each item's PDF for the next build in the same process (`watch`): the
//! item's pages as laid out (their bodies released) and as drawn, the characters they draw, and
//! its PDF's bytes, under the digest of everything its document is made from.
//!
//! A later build whose item has the same digest takes them instead of laying the item out,
//! drawing it and writing its PDF again, as long as the build's fonts hold the same characters
//! (glyph codes depend on every character a build draws). The packs are stitched from kept
//! items exactly as from fresh ones, so every file is byte-identical to a build from nothing.
//! Each build keeps only its own items, so a `watch` session holds one meeting's worth.

use crate::digest::{Digest, Digester};
use crate::layout::pages::LaidOut;
use crate::pdf;
use crate::render::prepared::{Prepared, PreparedItem};
use crate::render::templates::Audience;
use anyhow::{Context, Result};
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

/// The items kept from the last build, and those this build keeps for the next.
pub struct ItemCache {
    keeping: bool,
    last: Mutex<HashMap<Place, Kept>>,
    next: Mutex<HashMap<Place, Kept>>,
    /// How many item PDFs this build took as kept.
    reused: AtomicUsize,
}

/// An item's place: its file stem and who its PDF is for. A place holds one item at a time.
type Place = (String, Audience);

/// One item's PDF as a build made it.
pub struct Kept {
    /// Of everything the item's document is made from ([`ItemCache::inputs`]).
    pub inputs: Digest,
    /// Of the characters the fonts held when it was drawn.
    pub fonts: Digest,
    pub title: String,
    pub chars: pdf::DrawnChars,
    /// Its pages, their bodies released (what the packs stitch).
    pub laid: LaidOut,
    pub drawn: pdf::Drawn,
    pub pdf: Arc<Vec<u8>>,
}

impl ItemCache {
    /// A cache that keeps nothing: a single build, which never draws an item twice.
    pub fn none() -> ItemCache {
        ItemCache::new(false)
    }

    /// A cache that keeps each build's items for the next (`watch`).
    pub fn keeping() -> ItemCache {
        ItemCache::new(true)
    }

    fn new(keeping: bool) -> ItemCache {
        ItemCache {
            keeping,
            last: Mutex::default(),
            next: Mutex::default(),
            reused: AtomicUsize::new(0),
        }
    }

    pub fn is_keeping(&self) -> bool {
        self.keeping
    }

    /// Starts a build: what the last one kept is there to take, and nothing yet for the next.
    pub fn start_build(&self) {
        let kept = std::mem::take(&mut *lock(&self.next));
        *lock(&self.last) = kept;
        self.reused.store(0, Ordering::Relaxed);
    }

    /// How many item PDFs the last build took as kept instead of making them (what `watch`
    /// saved; the tests' proof that it saved anything).
    pub fn reused(&self) -> usize {
        self.reused.load(Ordering::Relaxed)
    }

    /// Counts one item PDF taken as kept.
    pub fn note_reused(&self) {
        self.reused.fetch_add(1, Ordering::Relaxed);
    }

    /// The kept item at `item`'s place for `audience`, when it was made from the same inputs.
    pub fn take(&self, item: &PreparedItem, audience: Audience, inputs: Digest) -> Option<Kept> {
        let mut last = lock(&self.last);
        let place = (item.stem(), audience);
        match last.get(&place) {
            Some(kept) if kept.inputs == inputs => last.remove(&place),
            _ => None,
        }
    }

    /// Keeps `kept` for the next build, when keeping.
    pub fn keep(&self, item: &PreparedItem, audience: Audience, kept: Kept) {
        if self.keeping {
            lock(&self.next).insert((item.stem(), audience), kept);
        }
    }

    /// What every item's document shares: the house style, and the meeting as loaded and as
    /// the templates see it.
    pub fn meeting_inputs(prepared: &Prepared) -> Digest {
        Digester::default()
            .debug(&prepared.style.digest())
            .debug(&prepared.loaded.meeting)
            .debug(&prepared.meeting)
            .finish()
    }

    /// Everything `item`'s document for `audience` is made from, on top of the meeting's
    /// inputs: its views, and its PDF appendices' pages and bytes.
    pub fn inputs(meeting: Digest, item: &PreparedItem, audience: Audience) -> Result<Digest> {
        let mut digest = Digester::default();
        digest
            .debug(&meeting)
            .debug(&audience)
            .debug(&item.view)
            .debug(&item.report)
            .debug(&item.appendix_pdfs);
        for appendix in &item.appendix_pdfs {
            let bytes = std::fs::read(&appendix.file).with_context(|| {
                format!("cannot read the PDF appendix {}", appendix.file.display())
            })?;
            digest.bytes(&bytes);
        }
        Ok(digest.finish())
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // A poisoned lock only means a build panicked part-way; what is kept is whole.
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}
