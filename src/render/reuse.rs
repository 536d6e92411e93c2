//! What a build keeps of each item for the next: its PDF (the pages as laid out, their bodies
//! released, and as drawn, the characters they draw, and the digest of the file's bytes) under
//! the digest of everything its document is made from, and its web page under the digest of
//! what its template was given.
//!
//! A later build whose item has the same digest takes them instead of laying the item out,
//! drawing it and writing its PDF again (as long as the build's fonts hold the same characters:
//! glyph codes depend on every character a build draws, and as long as the copy it published
//! still has those bytes: that copy is placed again), or rendering its page. The packs are
//! stitched from kept items exactly as from fresh ones, so every file is byte-identical to a
//! build from nothing.
//!
//! Each pack's items' structure elements are kept too, in one file per pack, each item's
//! under the digest of what they were written from and where (`pdf::KnownElements`).
//!
//! They are kept in a folder of files per item beside the private papers (owner-only, as an
//! exempt item's pages are in it), for the next `build`, `--only` or `watch` rebuild. A file is
//! used only when it was written by this very program from the same inputs and is whole;
//! anything else in it (another version's, a torn or altered file) is a miss, never an error.

use crate::digest::{Digest, Digester, FileDigest, FileDigester};
use crate::kept;
use crate::layout::pages::LaidOut;
use crate::pdf;
use crate::render::prepared::{Access, Prepared, PreparedItem};
use crate::render::templates::Audience;
use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::thread::JoinHandle;

/// Where one build finds the items the last kept, and keeps its own.
#[derive(Default)]
pub struct ItemCache {
    folder: Option<PathBuf>,
    /// The files of this build's items in the folder: the rest are of items gone.
    named: Mutex<HashSet<String>>,
    /// How many item PDFs this build took as kept.
    reused: AtomicUsize,
    /// How many items' web pages this build took as kept.
    pages_reused: AtomicUsize,
    /// How many items' structure elements in a pack this build took as kept.
    elements_reused: AtomicUsize,
    /// How many layouts of a pack's front matter this build took as kept.
    fronts_reused: AtomicUsize,
    /// Files being kept on threads of their own, all done before the build ends.
    keeping: Mutex<Vec<JoinHandle<()>>>,
}

/// An item's place: its file stem and who its PDF is for. A place holds one item at a time.
type Place = (String, Audience);

/// One item's PDF as a build made it (from the inputs its file's heading names).
#[derive(Deserialize)]
pub struct Kept {
    /// Of the characters the fonts held when it was drawn.
    pub fonts: Digest,
    pub title: String,
    pub chars: pdf::DrawnChars,
    /// Its pages, their bodies released (what the packs stitch).
    pub laid: LaidOut,
    pub drawn: pdf::Drawn,
    /// Its file's bytes, known by their digest: the copy published is placed again while it
    /// still has them (keeping the bytes too doubled what a rebuild read of every item).
    pub pdf: FileDigest,
}

/// A pack's front sheet and agenda, laid out with the page on which each of its items starts.
#[derive(Clone, Serialize, Deserialize)]
pub struct Front {
    pub laid: LaidOut,
    pub title: String,
    pub page_label: String,
    /// Each id its links point at, and whether the documents stitched after it held it.
    pub targets: Vec<(String, bool)>,
}

/// An item's PDF as this build made it from `inputs`, to keep: [`Kept`] borrowed.
#[derive(Serialize)]
pub struct ToKeep<'a> {
    #[serde(skip)]
    pub inputs: Digest,
    pub fonts: Digest,
    pub title: &'a str,
    pub chars: &'a pdf::DrawnChars,
    pub laid: &'a LaidOut,
    pub drawn: &'a pdf::Drawn,
    pub pdf: FileDigest,
}

impl ItemCache {
    /// Whether anything made is kept (and so its PDF's bytes are wanted).
    pub fn is_keeping(&self) -> bool {
        self.folder.is_some()
    }

    /// Starts a build that takes and keeps items in `folder` (none: nothing is taken or kept,
    /// as for `check`, which writes nothing).
    pub fn start_build(&mut self, folder: Option<PathBuf>) {
        // A build that failed may have left files being written: they are done first.
        self.wait_for_keeping();
        self.folder = folder;
        lock(&self.named).clear();
        self.reused.store(0, Ordering::Relaxed);
        self.pages_reused.store(0, Ordering::Relaxed);
        self.elements_reused.store(0, Ordering::Relaxed);
        self.fronts_reused.store(0, Ordering::Relaxed);
    }

    /// How many item PDFs the last build took as kept instead of making them (what was saved;
    /// the tests' proof that anything was).
    pub fn reused(&self) -> usize {
        self.reused.load(Ordering::Relaxed)
    }

    /// How many items' web pages the last build took as kept.
    pub fn pages_reused(&self) -> usize {
        self.pages_reused.load(Ordering::Relaxed)
    }

    /// Counts one item PDF taken as kept.
    pub fn note_reused(&self) {
        self.reused.fetch_add(1, Ordering::Relaxed);
    }

    /// The kept item at `item`'s place for `audience`, when it was made from the same inputs.
    pub fn take(&self, item: &PreparedItem, audience: Audience, inputs: Digest) -> Option<Kept> {
        kept::read(&self.file_of(item, audience, PDF_KIND)?, inputs)
    }

    /// Keeps an item this build made, written whole, for the next.
    pub fn keep(&self, item: &PreparedItem, audience: Audience, kept: ToKeep) {
        if let Some(file) = self.file_of(item, audience, PDF_KIND) {
            // A file that cannot be written only costs the next build time.
            let _ = kept::write(&file, kept.inputs, &kept);
        }
    }

    /// The kept web page of `item` for `audience`, when it was made from a page context of the
    /// same digest (`templates::PageContext`).
    pub fn take_page(
        &self,
        item: &PreparedItem,
        audience: Audience,
        page: Digest,
    ) -> Option<FileDigest> {
        kept::read(&self.file_of(item, audience, PAGE_KIND)?, page)
    }

    /// Counts one item's web page placed as the last build published it.
    pub fn note_page_reused(&self) {
        self.pages_reused.fetch_add(1, Ordering::Relaxed);
    }

    /// The structure elements of the parts of the pack at `path` in the `access` tree as the
    /// last build kept them, by the digest of what each was written from.
    pub fn take_elements(&self, access: Access, path: &str) -> HashMap<Digest, pdf::ElementRun> {
        let Some((file, inputs)) = self.pack_file(access, path, ELEMENTS_KIND) else {
            return HashMap::new();
        };
        let runs = kept::read_whole(&file, inputs)
            .and_then(|(bytes, at)| pdf::ElementRun::read_all(bytes, at));
        runs.unwrap_or_default().into_iter().collect()
    }

    /// Keeps the structure elements of the parts of the pack at `path` in the `access` tree,
    /// written on a thread of its own while the build goes on (it waits for it at its end).
    /// That thread first frees `spent`, what writing the pack used: the core writing the pack
    /// goes on without freeing it (2 ms at 50 reports), and the kept file's bytes are never
    /// held beside it (at 200 reports that raised the peak by 3 to 7 MB).
    pub fn keep_elements(
        &self,
        access: Access,
        path: &str,
        runs: Vec<(Digest, pdf::ElementRun)>,
        spent: impl Send + 'static,
    ) {
        let kept = self.pack_file(access, path, ELEMENTS_KIND);
        // A thread that cannot start drops what it was given as it fails: nothing is kept.
        let keeping = std::thread::Builder::new().spawn(move || {
            drop(spent);
            if let Some((file, inputs)) = kept {
                let _ = kept::write(&file, inputs, &pdf::ElementRun::store(&runs));
            }
        });
        if let Ok(keeping) = keeping {
            lock(&self.keeping).push(keeping);
        }
    }

    /// Waits for every file being kept on a thread of its own.
    fn wait_for_keeping(&self) {
        for keeping in std::mem::take(&mut *lock(&self.keeping)) {
            // A keeping thread that panicked only costs the next build time.
            let _ = keeping.join();
        }
    }

    /// Counts one part's structure elements taken as kept.
    pub fn note_elements_reused(&self) {
        self.elements_reused.fetch_add(1, Ordering::Relaxed);
    }

    /// The file of what is kept of `kind` for the pack at `path` in the `access` tree, named as
    /// this build's own, and what it is for (the values in it each carry their own digest).
    fn pack_file(&self, access: Access, path: &str, kind: &str) -> Option<(PathBuf, Digest)> {
        let folder = self.folder.as_ref()?;
        let tree = match access {
            Access::Public => "public",
            Access::Private => "private",
        };
        let name = format!("{}.{tree}{kind}", path.trim_end_matches(".pdf"));
        lock(&self.named).insert(name.clone());
        let inputs = Digester::default().bytes(name.as_bytes()).finish();
        Some((folder.join(name), inputs))
    }

    /// The front matter of the pack at `path` in the `access` tree as the last build laid it
    /// out, by the digest of what each layout was made from.
    pub fn take_fronts(&self, access: Access, path: &str) -> HashMap<Digest, Front> {
        let Some((file, inputs)) = self.pack_file(access, path, FRONT_KIND) else {
            return HashMap::new();
        };
        let fronts: Vec<(Digest, Front)> = kept::read(&file, inputs).unwrap_or_default();
        fronts.into_iter().collect()
    }

    /// Counts one layout of a pack's front matter taken as kept.
    pub fn note_front_reused(&self) {
        self.fronts_reused.fetch_add(1, Ordering::Relaxed);
    }

    /// How many layouts of the packs' front matter the last build took as kept.
    pub fn fronts_reused(&self) -> usize {
        self.fronts_reused.load(Ordering::Relaxed)
    }

    /// Keeps the front matter this build laid out for the pack at `path` in the `access` tree.
    pub fn keep_fronts(&self, access: Access, path: &str, fronts: &[(Digest, Front)]) {
        if let Some((file, inputs)) = self.pack_file(access, path, FRONT_KIND) {
            let _ = kept::write(&file, inputs, &fronts);
        }
    }

    /// How many items' pack structure elements the last build took as kept.
    pub fn elements_reused(&self) -> usize {
        self.elements_reused.load(Ordering::Relaxed)
    }

    /// Keeps what the web page of `item` this build rendered from a page context of digest
    /// `page` is: its bytes' length and digest.
    pub fn keep_page(&self, item: &PreparedItem, audience: Audience, page: Digest, html: &str) {
        if let Some(file) = self.file_of(item, audience, PAGE_KIND) {
            let mut bytes = FileDigester::default();
            bytes.update(html.as_bytes());
            let _ = kept::write(&file, page, &bytes.finish());
        }
    }

    /// Ends a build: the folder's files of items no longer in the meeting go (of each kind
    /// this build took or kept: a build of the PDFs alone leaves the web pages be).
    pub fn finish_build(&self) {
        self.wait_for_keeping();
        if let Some(folder) = &self.folder {
            let kinds = [PDF_KIND, PAGE_KIND, ELEMENTS_KIND, FONTS_KIND, FRONT_KIND];
            kept::remove_unnamed(folder, &kinds, &lock(&self.named));
        }
    }

    /// The file of `item`'s place for `audience` and `kind`, named as this build's own.
    fn file_of(&self, item: &PreparedItem, audience: Audience, kind: &str) -> Option<PathBuf> {
        let folder = self.folder.as_ref()?;
        let name = file_name(&(item.stem(), audience), kind);
        let file = folder.join(&name);
        lock(&self.named).insert(name);
        Some(file)
    }

    /// Everything `item`'s document for `audience` is made from: what its page is given (its
    /// `page` context's digest, of the house style and of the views its templates see), the
    /// running footer and date words of its appendices, and its PDF appendices' pages and bytes.
    pub fn inputs(
        page: Digest,
        prepared: &Prepared,
        item: &PreparedItem,
        audience: Audience,
    ) -> Result<Digest> {
        let mut digest = Digester::default();
        digest
            .debug(&page)
            .debug(&audience)
            .bytes(prepared.meeting.footer.as_bytes())
            .debug(&prepared.meeting.words)
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

/// The endings of a kept item's PDF and of its web page.
const PDF_KIND: &str = ".item";
const PAGE_KIND: &str = ".page";
/// The ending of the build's kept fonts.
const FONTS_KIND: &str = ".fonts";
/// The ending of a pack's kept structure elements.
const ELEMENTS_KIND: &str = ".elements";
/// The ending of a pack's kept front matter.
const FRONT_KIND: &str = ".front";

/// The build's fonts, subset once for all its PDFs, kept under the digest of the characters
/// they hold: a rebuild drawing the same characters takes them as they were.
impl pdf::KnownFonts for ItemCache {
    fn take(&self, chars: Digest) -> Option<pdf::KeptFonts> {
        kept::read(&self.fonts_file()?, chars)
    }

    fn keep(&self, chars: Digest, fonts: &pdf::KeptFonts) {
        if let Some(file) = self.fonts_file() {
            let _ = kept::write(&file, chars, fonts);
        }
    }
}

impl ItemCache {
    fn fonts_file(&self) -> Option<PathBuf> {
        let folder = self.folder.as_ref()?;
        let name = format!("subset{FONTS_KIND}");
        lock(&self.named).insert(name.clone());
        Some(folder.join(name))
    }
}

fn file_name((stem, audience): &Place, kind: &str) -> String {
    let audience = match audience {
        Audience::Public => "public",
        Audience::Private => "private",
    };
    format!("{stem}.{audience}{kind}")
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // A poisoned lock only means a build panicked part-way; what is kept is whole.
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}
