//! The prepared meeting, the one thing every output reads: the loaded meeting, its house style,
//! the template views of the meeting and each item; and where an output puts what it makes (a
//! sink taking each file, for the public or the private papers, as soon as it is made).

use crate::diagnostics::Diagnostics;
use crate::digest::FileDigest;
use crate::input::load::LoadedMeeting;
use crate::render::templates::{Audience, HouseStyle};
use crate::view::decisions::RecordView;
use crate::view::{slug, AgendaItemView, MeetingView, ReportView};
use std::io::Write;
use std::path::{Path, PathBuf};

/// A meeting loaded, checked and turned into template views, ready to render.
pub struct Prepared {
    pub loaded: LoadedMeeting,
    /// Warnings from the rules (errors stop the build before this exists).
    pub warnings: Diagnostics,
    pub style: HouseStyle,
    pub meeting: MeetingView,
    pub items: Vec<PreparedItem>,
    /// The decisions recorded after the meeting, when there are some.
    pub record: Option<PreparedRecord>,
}

/// The record of decisions and minutes as the public and the members see them.
pub struct PreparedRecord {
    /// Exempt items by title, paragraph and public summary only.
    pub public: RecordView,
    /// Everything, for the private papers.
    pub private: RecordView,
}

pub struct PreparedItem {
    pub view: AgendaItemView,
    pub report: Option<ReportView>,
    /// The report file, for `--only` by file name.
    pub report_file: Option<PathBuf>,
    /// Existing PDFs among the report's appendices, in the report's order.
    pub appendix_pdfs: Vec<AppendixPdf>,
}

/// An existing PDF named as an appendix, with its page sizes (read once, when it was loaded).
#[derive(Debug, Clone)]
pub struct AppendixPdf {
    pub label: String,
    pub file: PathBuf,
    pub page_sizes: Vec<(f32, f32)>,
}

impl PreparedItem {
    pub fn stem(&self) -> String {
        self.view
            .stem
            .clone()
            .unwrap_or_else(|| self.view.number.file_part())
    }

    /// Where a PDF appendix is published beside the item: `items/<stem>-appendix-<label>.pdf`.
    pub fn appendix_copy(&self, label: &str) -> String {
        format!("items/{}-appendix-{}.pdf", self.stem(), slug(label))
    }

    /// A public item with an exempt part (an appendix): its full text goes to the private papers.
    pub fn has_exempt_part(&self) -> bool {
        self.report
            .as_ref()
            .is_some_and(|r| r.appendices.iter().any(|a| a.exempt.is_some()))
    }

    /// Whether the private papers hold this item's full text.
    pub fn in_private_papers(&self) -> bool {
        self.exempt() || self.has_exempt_part()
    }

    /// Exempt when either the agenda or the report says so: never publish on one word alone.
    pub fn exempt(&self) -> bool {
        self.view.exempt.is_some() || self.report.as_ref().is_some_and(|r| r.exempt.is_some())
    }

    /// Whether `--only SELECTOR` names this item: its number (`5`, `05`, `7.1`), or its report
    /// file.
    pub fn matches(&self, selector: &str) -> bool {
        if self.view.number == *selector || self.view.number.file_part() == selector {
            return true;
        }
        self.report_file.as_ref().is_some_and(|file| {
            file.ends_with(selector)
                || file.file_name().is_some_and(|name| name == selector)
                || Path::new(selector).canonicalize().ok() == file.canonicalize().ok()
        })
    }
}

impl Prepared {
    /// Whether the meeting has private papers: an exempt item or an exempt part of one.
    pub fn has_exempt(&self) -> bool {
        self.items.iter().any(PreparedItem::in_private_papers)
    }
}

/// A file to write: which tree it belongs to, where in it, and its bytes.
#[derive(Debug, Clone)]
pub struct OutputFile {
    pub access: Access,
    /// Relative to the tree's root: `index.html`, `items/05-budget.pdf`.
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

impl OutputFile {
    pub fn public(path: impl Into<PathBuf>, bytes: Vec<u8>) -> Self {
        OutputFile {
            access: Access::Public,
            path: path.into(),
            bytes,
        }
    }

    pub fn private(path: impl Into<PathBuf>, bytes: Vec<u8>) -> Self {
        OutputFile {
            access: Access::Private,
            path: path.into(),
            bytes,
        }
    }
}

/// Where each finished file goes as soon as it is made (the publish stage's staging folders,
/// or nowhere for `check`), so that no file's bytes outlive its writing.
pub trait Sink: Sync {
    /// Places the file at `path` in `access`'s tree, written by `write` as it goes (a pack is
    /// never held whole); returns its length in bytes.
    fn write(&self, access: Access, path: &Path, write: Writer) -> anyhow::Result<u64>;

    /// Whether the copy the last build published at `path` in `access`'s tree still has the
    /// bytes `known` (a sink that publishes nothing has none).
    fn is_published(&self, _access: Access, _path: &Path, _known: FileDigest) -> bool {
        false
    }

    /// Places at `path` the copy the last build published there, when it still has the bytes
    /// `known`: whether it did (otherwise nothing is placed, and the file is still to write).
    fn keep_published(
        &self,
        _access: Access,
        _path: &Path,
        _known: FileDigest,
    ) -> anyhow::Result<bool> {
        Ok(false)
    }

    /// Places a file already made.
    fn put(&self, file: OutputFile) -> anyhow::Result<()> {
        let bytes = &file.bytes;
        let mut write = |out: &mut dyn Write| Ok(out.write_all(bytes)?);
        self.write(file.access, &file.path, &mut write).map(|_| ())
    }
}

/// Writes one file's bytes into what it is given.
pub type Writer<'a> = &'a mut dyn FnMut(&mut dyn Write) -> anyhow::Result<()>;

/// The sink that keeps nothing, only the length of each file: what `check` renders into.
pub struct Discard;

impl Sink for Discard {
    fn write(&self, _: Access, _: &Path, write: Writer) -> anyhow::Result<u64> {
        let mut counted = Counted::new(std::io::sink());
        write(&mut counted)?;
        Ok(counted.count)
    }
}

/// A writer that counts the bytes it passes on.
pub struct Counted<W> {
    pub inner: W,
    pub count: u64,
}

impl<W: Write> Counted<W> {
    pub fn new(inner: W) -> Self {
        Counted { inner, count: 0 }
    }
}

impl<W: Write> Write for Counted<W> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let written = self.inner.write(bytes)?;
        self.count += written as u64;
        Ok(written)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Who may read a published tree: the web server (public) or only its owner (private).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Access {
    /// Files 0644 and folders 0755, as the umask allows.
    Public,
    /// Files 0600 and folders 0700.
    Private,
}

impl From<Audience> for Access {
    /// The public's papers are published; members' papers (exempt business) are private.
    fn from(audience: Audience) -> Access {
        match audience {
            Audience::Public => Access::Public,
            Audience::Private => Access::Private,
        }
    }
}
