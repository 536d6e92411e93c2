//! Positioned pages: what `layout` produces and `pdf` draws.
//!
//! Units are PDF points (1/72 inch); the origin is the top-left corner of the page and y grows
//! downwards, as a reader sees it (the PDF writer flips it). Every drawn item either belongs to a
//! node of the structure tree (real content) or to none (an artifact: running header and footer,
//! page numbers, rules, borders, fills), so the writer can tag without re-doing layout.

pub use crate::layout::blocks::{HeaderScope, Rgb};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

/// A laid-out document: pages plus the structure and outline that describe them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LaidOut {
    pub title: String,
    pub lang: String,
    pub pages: Vec<Page>,
    /// Node 0 is the `Document` root; the other nodes hang beneath it in reading order.
    pub structure: Vec<StructNode>,
    /// Bookmarks in document order; `level` 1 is a section, 2 its top headings, and so on.
    pub outline: Vec<OutlineEntry>,
    /// Zero-based index of the first page of each `blocks::Section`, in order (the pack uses it
    /// for the agenda's page numbers).
    pub section_pages: Vec<usize>,
    /// Where each heading with an id is (page, y from top), for links from documents stitched
    /// in front of this one.
    pub anchors: BTreeMap<String, (usize, f32)>,
    /// Links to ids held by documents that will be stitched after this one (the agenda's links
    /// to its items), resolved by the stitching.
    pub open_links: Vec<OpenLink>,
}

impl LaidOut {
    /// Frees what each page shows before its running footer, once the pages are drawn: a
    /// document stitched from this one takes that drawing over, and numbers the footers, which
    /// stay, anew.
    pub fn release_bodies(&mut self) {
        for page in &mut self.pages {
            page.items.drain(..page.footer_from());
            page.items.shrink_to_fit();
            page.footer_start = 0;
        }
    }
}

/// A link item whose target heading is in another document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OpenLink {
    pub page: usize,
    /// Index of the `Item::Link` in the page's items.
    pub item: usize,
    pub anchor: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Page {
    pub width: f32,
    pub height: f32,
    /// Drawn in this order, which is also the reading order of the content items.
    pub items: Vec<Item>,
    /// `items[footer_start..]` are the running footer and page number, which differ between an
    /// item's own PDF and the pack holding it; everything before is the same in both.
    pub footer_start: usize,
    /// The running footer text of the page's section (numbered again when stitched).
    pub running_footer: String,
    /// When set, the page shows a page of an existing PDF (an external appendix), drawn under
    /// `items` (which then hold only the stamped page number).
    pub imported: Option<ImportedPage>,
}

impl Page {
    /// Where the running footer's items begin in `items` (their end when there is none).
    pub fn footer_from(&self) -> usize {
        self.footer_start.min(self.items.len())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportedPage {
    pub file: PathBuf,
    /// Zero-based page index in that file.
    pub index: usize,
}

pub type NodeId = usize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum FontStyle {
    Regular,
    Bold,
    Italic,
    BoldItalic,
}

impl FontStyle {
    pub fn from_flags(bold: bool, italic: bool) -> Self {
        match (bold, italic) {
            (false, false) => FontStyle::Regular,
            (true, false) => FontStyle::Bold,
            (false, true) => FontStyle::Italic,
            (true, true) => FontStyle::BoldItalic,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Item {
    /// One run of text in one font on one baseline. A line ending a paragraph line carries a
    /// trailing space in `text` so extracted text keeps words apart.
    Text {
        x: f32,
        /// Baseline position from the top of the page.
        baseline: f32,
        font: FontStyle,
        size: f32,
        /// Shared, not copied, when a pack is stitched from its items' pages.
        text: Arc<str>,
        color: Rgb,
        /// `None`: an artifact (header, footer, page number).
        node: Option<NodeId>,
    },
    /// A straight line; always an artifact (borders, rules).
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width: f32,
        color: Rgb,
    },
    /// A rectangle with optional fill and stroke; an artifact unless `node` is set (a checkbox,
    /// whose node carries its accessible text).
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Option<Rgb>,
        stroke: Option<(Rgb, f32)>,
        node: Option<NodeId>,
    },
    /// A clickable area (no visible border) belonging to a `Link` structure node.
    Link {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        target: LinkTarget,
        node: NodeId,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum LinkTarget {
    /// Shared by every line and page the link covers (a long link is on many lines).
    Uri(std::sync::Arc<str>),
    /// A position inside this document (zero-based page, y from top).
    Page { page: usize, y: f32 },
}

/// A node of the structure tree. A pack has hundreds of thousands, so what few of them carry
/// (a language, a text alternative) is kept apart, behind one pointer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StructNode {
    pub role: Role,
    pub parent: Option<NodeId>,
    pub children: Vec<NodeId>,
    /// Columns a table cell spans (1 for everything else).
    pub colspan: usize,
    spoken: Option<Box<Spoken>>,
}

/// How a node is read out when it differs from its text in the document's language.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
struct Spoken {
    lang: Option<String>,
    alt: Option<String>,
}

impl StructNode {
    /// A node with no children yet, spanning one column, read out as written.
    pub fn new(role: Role, parent: Option<NodeId>) -> Self {
        StructNode {
            role,
            parent,
            children: Vec::new(),
            colspan: 1,
            spoken: None,
        }
    }

    /// Language of this node when it differs from the document's.
    pub fn lang(&self) -> Option<&str> {
        self.spoken.as_ref()?.lang.as_deref()
    }

    /// Replacement or alternate text: a checkbox's "Key Decision: no", a link's description.
    pub fn alt(&self) -> Option<&str> {
        self.spoken.as_ref()?.alt.as_deref()
    }

    pub fn set_lang(&mut self, lang: impl Into<String>) {
        self.spoken.get_or_insert_default().lang = Some(lang.into());
    }

    pub fn set_alt(&mut self, alt: impl Into<String>) {
        self.spoken.get_or_insert_default().alt = Some(alt.into());
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Role {
    Document,
    Sect,
    Div,
    H(u8),
    P,
    L,
    LI,
    Lbl,
    LBody,
    Table,
    Caption,
    THead,
    TBody,
    TR,
    TH(HeaderScope),
    TD,
    Link,
    /// A drawn checkbox or chart with its text in `alt`.
    Figure,
}

impl Role {
    /// The standard PDF structure type name.
    pub fn pdf_name(self) -> String {
        match self {
            Role::Document => "Document".into(),
            Role::Sect => "Sect".into(),
            Role::Div => "Div".into(),
            Role::H(level) => format!("H{level}"),
            Role::P => "P".into(),
            Role::L => "L".into(),
            Role::LI => "LI".into(),
            Role::Lbl => "Lbl".into(),
            Role::LBody => "LBody".into(),
            Role::Table => "Table".into(),
            Role::Caption => "Caption".into(),
            Role::THead => "THead".into(),
            Role::TBody => "TBody".into(),
            Role::TR => "TR".into(),
            Role::TH(_) => "TH".into(),
            Role::TD => "TD".into(),
            Role::Link => "Link".into(),
            Role::Figure => "Figure".into(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutlineEntry {
    pub title: String,
    pub level: u8,
    pub page: usize,
    pub y: f32,
}
