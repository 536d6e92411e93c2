//! What a build keeps of each item for the next: its PDF (the pages as laid out, their bodies
//! released, and as drawn, the characters they draw, and the file's bytes) under the digest of
//! everything its document is made from, and its web page under the digest of what its
//! template was given.
//!
//! A later build whose item has the same digest takes them instead of laying the item out,
//! drawing it and writing its PDF again (as long as the build's fonts hold the same characters:
//! glyph codes depend on every character a build draws), or rendering its page. The packs are
//! stitched from kept items exactly as from fresh ones, so every file is byte-identical to a
//! build from nothing.
//!
//! They are kept in a folder of files per item beside the private papers (owner-only, as an
//! exempt item's pages are in it), for the next `build`, `--only` or `watch` rebuild. A file is
//! used only when it was written by this very program from the same inputs and is whole;
//! anything else in it (another version's, a torn or altered file) is a miss, never an error.

use crate::digest::{self, Digest, Digester};
use crate::layout::pages::LaidOut;
use crate::pdf;
use crate::render::prepared::{Prepared, PreparedItem};
use crate::render::templates::Audience;
use anyhow::{Context, Result};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard, OnceLock};

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
    #[serde(with = "pdf::stored_bytes")]
    pub pdf: Vec<u8>,
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
    #[serde(with = "pdf::stored_bytes")]
    pub pdf: &'a [u8],
}

/// What a kept file starts with: whose it is, what it was made from, and the digest of the
/// rest, read before the rest (a file changed on disk by anything else is never used).
#[derive(Serialize, Deserialize, PartialEq)]
struct Heading {
    program: Digest,
    inputs: Digest,
    rest: Digest,
}

impl ItemCache {
    /// Whether anything made is kept (and so its PDF's bytes are wanted).
    pub fn is_keeping(&self) -> bool {
        self.folder.is_some()
    }

    /// Starts a build that takes and keeps items in `folder` (none: nothing is taken or kept,
    /// as for `check`, which writes nothing).
    pub fn start_build(&mut self, folder: Option<PathBuf>) {
        self.folder = folder;
        lock(&self.named).clear();
        self.reused.store(0, Ordering::Relaxed);
        self.pages_reused.store(0, Ordering::Relaxed);
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
        read_kept(&self.file_of(item, audience, PDF_KIND)?, inputs)
    }

    /// Keeps an item this build made, written whole, for the next.
    pub fn keep(&self, item: &PreparedItem, audience: Audience, kept: ToKeep) {
        if let Some(file) = self.file_of(item, audience, PDF_KIND) {
            // A file that cannot be written only costs the next build time.
            let _ = write_kept(&file, kept.inputs, &kept);
        }
    }

    /// The kept web page of `item` for `audience`, when it was made from a page context of the
    /// same digest (`templates::PageContext`).
    pub fn take_page(
        &self,
        item: &PreparedItem,
        audience: Audience,
        page: Digest,
    ) -> Option<String> {
        let html = read_kept(&self.file_of(item, audience, PAGE_KIND)?, page)?;
        self.pages_reused.fetch_add(1, Ordering::Relaxed);
        Some(html)
    }

    /// Keeps the web page of `item` this build rendered from a page context of digest `page`.
    pub fn keep_page(&self, item: &PreparedItem, audience: Audience, page: Digest, html: &str) {
        if let Some(file) = self.file_of(item, audience, PAGE_KIND) {
            let _ = write_kept(&file, page, &html);
        }
    }

    /// Ends a build: the folder's files of items no longer in the meeting go (of each kind
    /// this build took or kept: a build of the PDFs alone leaves the web pages be).
    pub fn finish_build(&self) {
        let Some(folder) = &self.folder else {
            return;
        };
        let named = lock(&self.named);
        let kinds: Vec<&str> = (KINDS.iter().copied())
            .filter(|kind| named.iter().any(|name| name.ends_with(kind)))
            .collect();
        let Ok(entries) = std::fs::read_dir(folder) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            // Also a file a build stopped part-way through left (one still being written then
            // fails to be renamed, which costs its build nothing).
            let gone = kinds.iter().any(|kind| name.ends_with(kind)) && !named.contains(&name);
            if gone || name.ends_with(PARTIAL_KIND) {
                let _ = std::fs::remove_file(entry.path());
            }
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

/// The endings of a kept item's PDF, of its web page, and of a file being written.
const PDF_KIND: &str = ".item";
const PAGE_KIND: &str = ".page";
const KINDS: [&str; 2] = [PDF_KIND, PAGE_KIND];
const PARTIAL_KIND: &str = ".partial";

fn file_name((stem, audience): &Place, kind: &str) -> String {
    let audience = match audience {
        Audience::Public => "public",
        Audience::Private => "private",
    };
    format!("{stem}.{audience}{kind}")
}

/// This program: its file, length and time of change. A kept file of another build of
/// reportpack (whose layout or digests may differ) is never used.
fn program() -> Digest {
    static PROGRAM: OnceLock<Digest> = OnceLock::new();
    *PROGRAM.get_or_init(|| {
        let exe = std::env::current_exe().ok();
        let meta = exe.as_ref().and_then(|exe| std::fs::metadata(exe).ok());
        let changed = meta.as_ref().and_then(|m| m.modified().ok());
        Digester::default()
            .debug(&(
                env!("CARGO_PKG_VERSION"),
                &exe,
                meta.map(|m| m.len()),
                changed,
            ))
            .finish()
    })
}

fn read_kept<T: DeserializeOwned>(file: &Path, inputs: Digest) -> Option<T> {
    let bytes = std::fs::read(file).ok()?;
    let (heading, rest) = postcard::take_from_bytes::<Heading>(&bytes).ok()?;
    let expected = Heading {
        program: program(),
        inputs,
        rest: digest::of_bytes(rest),
    };
    if heading != expected {
        return None;
    }
    postcard::from_bytes(rest).ok()
}

/// Writes the item's file whole or not at all: into a new file beside it, then renamed over.
fn write_kept(file: &Path, inputs: Digest, kept: &impl Serialize) -> Result<()> {
    let folder = file.parent().context("a kept file has a folder")?;
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(folder)?;
    // Owner-only even when it was made otherwise: an exempt item's pages are in it.
    std::fs::set_permissions(folder, std::fs::Permissions::from_mode(0o700))?;
    let rest = postcard::to_stdvec(kept)?;
    let heading = Heading {
        program: program(),
        inputs,
        rest: digest::of_bytes(&rest),
    };
    let mut bytes = postcard::to_stdvec(&heading)?;
    bytes.extend(rest);
    // A name of this build's own: two builds keeping the same item never write one file.
    static WRITTEN: AtomicUsize = AtomicUsize::new(0);
    let count = WRITTEN.fetch_add(1, Ordering::Relaxed);
    let partial = file.with_extension(format!("{}-{count}{PARTIAL_KIND}", std::process::id()));
    let mut out = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(&partial)?;
    out.write_all(&bytes)?;
    drop(out);
    std::fs::rename(&partial, file)?;
    Ok(())
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // A poisoned lock only means a build panicked part-way; what is kept is whole.
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}
