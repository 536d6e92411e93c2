//! Turns positioned items into content-stream bytes, wrapping each piece of content in marked
//! content: a structure node's items in `/<Role> <</MCID n>> BDC … EMC`, everything else in an
//! `/Artifact` sequence. Records which node every MCID belongs to so the structure tree can point
//! back at the content.
//!
//! The operators are written straight into a byte buffer: going through printpdf's operations
//! (one lopdf object per operand, a formatted hex string per glyph) was most of the time spent
//! writing a pack.

use super::font_set::FontSet;
use super::streams::{deflated, Packed, StreamCache};
use super::syntax::push_number;
use crate::layout::pages::{FontStyle, Item, LaidOut, LinkTarget, NodeId, Page, Rgb, StructNode};
use crate::layout::Placed;
use printpdf::FontId;
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::sync::Arc;

/// All four faces in a fixed order, so font resources are always added in the same order.
pub(super) const ALL_FACES: [FontStyle; 4] = [
    FontStyle::Regular,
    FontStyle::Bold,
    FontStyle::Italic,
    FontStyle::BoldItalic,
];

/// The resource name of a face. Six capital letters because printpdf builds the subset tag
/// (`ABCDEF+LiberationSans`) from the first six characters of the id, and viewers only
/// recognise a font as a subset when that tag is six capitals. Fixed (not printpdf's random
/// ids) so the same input always gives the same bytes.
pub(super) fn font_id(style: FontStyle) -> FontId {
    let id = match style {
        FontStyle::Regular => "RPKREG",
        FontStyle::Bold => "RPKBLD",
        FontStyle::Italic => "RPKITA",
        FontStyle::BoldItalic => "RPKBIT",
    };
    FontId(id.into())
}

/// One marked-content sequence that belongs to a structure node.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub(super) struct MarkedRef {
    pub node: NodeId,
    /// Position of this sequence among all content sequences of the document, so a node whose
    /// own content is interleaved with its children's can list both in reading order.
    pub seq: usize,
}

/// A clickable area in PDF coordinates (`[llx, lly, urx, ury]`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct LinkArea {
    pub rect: [f32; 4],
    pub target: LinkTarget,
    pub node: NodeId,
}

#[derive(Clone, Serialize, Deserialize)]
pub(super) struct DrawnPage {
    pub width: f32,
    pub height: f32,
    /// The page's content as stored in the file: everything but the running footer...
    #[serde(with = "super::streams::stored_packed")]
    pub body: Packed,
    /// ...and the running footer with the page number.
    #[serde(with = "super::streams::stored_packed")]
    pub footer: Packed,
    /// Indexed by MCID.
    pub marked: Vec<MarkedRef>,
    pub links: Vec<LinkArea>,
}

#[derive(Clone, Serialize, Deserialize)]
pub(super) struct Drawing {
    pub pages: Vec<DrawnPage>,
    pub faces_used: Vec<FontStyle>,
    /// How many content sequences of nodes the pages hold (the next `MarkedRef::seq`).
    pub sequences: usize,
}

/// Draws every page; each stream is compressed as soon as it is drawn (a body through the
/// build's `bodies`, so a page shown in two PDFs is compressed once), so a pack's pages are
/// never all held uncompressed.
pub(super) fn draw_document(laid: &LaidOut, fonts: &FontSet, bodies: &StreamCache) -> Drawing {
    let mut drawer = Drawer::new(&laid.structure, fonts, bodies);
    let pages = laid.pages.iter().map(|page| drawer.page(page)).collect();
    drawer.finish(pages)
}

/// The drawing of a document stitched from parts, some already drawn for PDFs of their own
/// (`drawn`, each with where [`crate::layout::stitch`] put it): their pages' bodies, marked
/// content and links are taken over, renumbered as the stitching renumbered the pages and
/// nodes, and only their running footers (numbered for the whole) are drawn; every other page
/// is drawn. Each page's items are freed once it is done: a pack is drawn once, and its pages'
/// items are most of what a build holds.
pub(super) fn draw_stitched(
    laid: &mut LaidOut,
    drawn: Vec<(Placed, Drawing)>,
    fonts: &FontSet,
    bodies: &StreamCache,
) -> Drawing {
    let LaidOut {
        structure, pages, ..
    } = laid;
    let mut drawer = Drawer::new(structure, fonts, bodies);
    let mut drawn = drawn.into_iter().peekable();
    let mut done = Vec::with_capacity(pages.len());
    while done.len() < pages.len() {
        let index = done.len();
        let Some((placed, part)) = drawn.next_if(|(placed, _)| placed.first_page == index) else {
            done.push(drawer.page(&pages[index]));
            pages[index].items = Vec::new();
            continue;
        };
        let first_sequence = drawer.seq;
        for (page, old) in pages[index..].iter_mut().zip(part.pages) {
            done.push(drawer.taken_over(page, old, &placed, first_sequence));
            page.items = Vec::new();
        }
        drawer.seq = first_sequence + part.sequences;
        for face in part.faces_used {
            drawer.used[face_index(face)] = true;
        }
    }
    drawer.finish(done)
}

/// What drawing a document's pages carries from one page to the next.
struct Drawer<'a> {
    structure: &'a [StructNode],
    fonts: &'a FontSet,
    bodies: &'a StreamCache,
    seq: usize,
    used: [bool; 4],
}

impl<'a> Drawer<'a> {
    fn new(structure: &'a [StructNode], fonts: &'a FontSet, bodies: &'a StreamCache) -> Self {
        Drawer {
            structure,
            fonts,
            bodies,
            seq: 0,
            used: [false; 4],
        }
    }

    /// A writer for one page, carrying on the document's content sequence and faces.
    fn writer(&mut self, height: f32) -> PageWriter<'_> {
        PageWriter::new(
            self.structure,
            self.fonts,
            height,
            &mut self.seq,
            &mut self.used,
        )
    }

    fn page(&mut self, page: &Page) -> DrawnPage {
        let bodies = self.bodies;
        let mut writer = self.writer(page.height);
        let footer_start = page.footer_from();
        for item in &page.items[..footer_start] {
            writer.item(item);
        }
        // The running footer goes in a stream of its own, from a fresh graphics state, so
        // the body's bytes are the same wherever the page appears (its item PDF, a pack).
        let body = bodies.compressed(&writer.take_stream());
        for item in &page.items[footer_start..] {
            writer.item(item);
        }
        writer.finish(page, body)
    }

    /// A page drawn before (`old`, for its part's own PDF) as the whole shows it: its body,
    /// marked content and links renumbered by `placed`, and the whole's footer drawn anew (from
    /// the fresh graphics state every footer starts from; a footer holds no node's content).
    fn taken_over(
        &mut self,
        page: &Page,
        old: DrawnPage,
        placed: &Placed,
        first_sequence: usize,
    ) -> DrawnPage {
        let mut writer = self.writer(page.height);
        for item in &page.items[page.footer_from()..] {
            writer.item(item);
        }
        let mut drawn = writer.finish(page, old.body);
        drawn.marked = (old.marked.into_iter())
            .map(|marked| MarkedRef {
                node: placed.node(marked.node),
                seq: first_sequence + marked.seq,
            })
            .collect();
        drawn.links = (old.links.into_iter())
            .map(|mut link| {
                link.node = placed.node(link.node);
                if let LinkTarget::Page { page, .. } = &mut link.target {
                    *page += placed.first_page;
                }
                link
            })
            .collect();
        drawn
    }

    fn finish(self, pages: Vec<DrawnPage>) -> Drawing {
        let faces_used = ALL_FACES
            .iter()
            .zip(self.used)
            .filter(|(_, used)| *used)
            .map(|(face, _)| *face)
            .collect();
        Drawing {
            pages,
            faces_used,
            sequences: self.seq,
        }
    }
}

/// What a marked-content sequence is: content of a node, a running header/footer text, or
/// decoration.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Mark {
    Node(NodeId),
    Pagination,
    Decoration,
}

fn mark_of(item: &Item) -> Option<Mark> {
    match item {
        Item::Text { node: Some(n), .. } | Item::Rect { node: Some(n), .. } => Some(Mark::Node(*n)),
        Item::Text { node: None, .. } => Some(Mark::Pagination),
        Item::Line { .. } | Item::Rect { node: None, .. } => Some(Mark::Decoration),
        // A link area draws nothing; it becomes an annotation.
        Item::Link { .. } => None,
    }
}

/// Graphics and text state already set in the stream, so repeated values are not re-emitted.
struct PageWriter<'a> {
    structure: &'a [StructNode],
    fonts: &'a FontSet,
    height: f32,
    out: Vec<u8>,
    open: Option<Mark>,
    in_text: bool,
    font: Option<(FontStyle, f32)>,
    fill: Option<Rgb>,
    stroke: Option<(Rgb, f32)>,
    marked: Vec<MarkedRef>,
    links: Vec<LinkArea>,
    seq: &'a mut usize,
    used: &'a mut [bool; 4],
}

impl<'a> PageWriter<'a> {
    fn new(
        structure: &'a [StructNode],
        fonts: &'a FontSet,
        height: f32,
        seq: &'a mut usize,
        used: &'a mut [bool; 4],
    ) -> Self {
        PageWriter {
            structure,
            fonts,
            height,
            out: Vec::with_capacity(16 * 1024),
            open: None,
            in_text: false,
            font: None,
            fill: None,
            stroke: None,
            marked: Vec::new(),
            links: Vec::new(),
            seq,
            used,
        }
    }

    fn item(&mut self, item: &Item) {
        if let Some(mark) = mark_of(item) {
            self.enter(mark);
        }
        match item {
            Item::Text {
                x,
                baseline,
                font,
                size,
                text,
                color,
                ..
            } => self.text(*x, *baseline, *font, *size, text, *color),
            Item::Line {
                x1,
                y1,
                x2,
                y2,
                width,
                color,
            } => self.line((*x1, *y1), (*x2, *y2), *width, *color),
            Item::Rect {
                x,
                y,
                w,
                h,
                fill,
                stroke,
                ..
            } => self.rect(*x, *y, *w, *h, *fill, *stroke),
            Item::Link {
                x,
                y,
                w,
                h,
                target,
                node,
            } => self.links.push(LinkArea {
                rect: [*x, self.height - (*y + *h), *x + *w, self.height - *y],
                target: target.clone(),
                node: *node,
            }),
        }
    }

    /// Opens the marked-content sequence for `mark` unless it is the one already open.
    fn enter(&mut self, mark: Mark) {
        if self.open == Some(mark) {
            return;
        }
        self.close();
        match mark {
            Mark::Node(node) => {
                let mcid = self.marked.len();
                self.marked.push(MarkedRef {
                    node,
                    seq: *self.seq,
                });
                *self.seq += 1;
                let role = self
                    .structure
                    .get(node)
                    .map_or_else(|| "Span".to_string(), |n| n.role.pdf_name());
                let _ = writeln!(self.out, "/{role} <</MCID {mcid}>> BDC");
            }
            Mark::Pagination => self
                .out
                .extend_from_slice(b"/Artifact <</Type /Pagination>> BDC\n"),
            Mark::Decoration => self.out.extend_from_slice(b"/Artifact BMC\n"),
        }
        self.open = Some(mark);
    }

    fn close(&mut self) {
        self.leave_text();
        if self.open.take().is_some() {
            self.out.extend_from_slice(b"EMC\n");
        }
    }

    fn leave_text(&mut self) {
        if self.in_text {
            self.out.extend_from_slice(b"ET\n");
            self.in_text = false;
        }
    }

    fn text(&mut self, x: f32, baseline: f32, face: FontStyle, size: f32, text: &str, color: Rgb) {
        if !self.in_text {
            self.out.extend_from_slice(b"BT\n");
            self.in_text = true;
        }
        if self.font != Some((face, size)) {
            let _ = write!(self.out, "/{} ", font_id(face).0);
            self.number(size);
            self.out.extend_from_slice(b"Tf\n");
            self.font = Some((face, size));
            self.used[face_index(face)] = true;
        }
        self.set_fill(color);
        self.out.extend_from_slice(b"1 0 0 1 ");
        self.numbers(&[x, self.height - baseline]);
        self.out.extend_from_slice(b"Tm\n(");
        for code in self.fonts.codes(face, text) {
            literal_bytes(&mut self.out, code);
        }
        self.out.extend_from_slice(b") Tj\n");
    }

    fn line(&mut self, from: (f32, f32), to: (f32, f32), width: f32, color: Rgb) {
        self.leave_text();
        self.set_stroke(color, width);
        self.numbers(&[from.0, self.height - from.1]);
        self.out.extend_from_slice(b"m ");
        self.numbers(&[to.0, self.height - to.1]);
        self.out.extend_from_slice(b"l S\n");
    }

    fn rect(
        &mut self,
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Option<Rgb>,
        stroke: Option<(Rgb, f32)>,
    ) {
        self.leave_text();
        let paint: &[u8] = match (fill, stroke) {
            (Some(_), Some(_)) => b"re B\n",
            (Some(_), None) => b"re f\n",
            (None, Some(_)) => b"re S\n",
            (None, None) => return,
        };
        if let Some(color) = fill {
            self.set_fill(color);
        }
        if let Some((color, width)) = stroke {
            self.set_stroke(color, width);
        }
        self.numbers(&[x, self.height - y - h, w, h]);
        self.out.extend_from_slice(paint);
    }

    fn set_fill(&mut self, color: Rgb) {
        if self.fill != Some(color) {
            self.color(color);
            self.out.extend_from_slice(b"rg\n");
            self.fill = Some(color);
        }
    }

    fn set_stroke(&mut self, color: Rgb, width: f32) {
        if self.stroke != Some((color, width)) {
            self.color(color);
            self.out.extend_from_slice(b"RG\n");
            self.number(width);
            self.out.extend_from_slice(b"w\n");
            self.stroke = Some((color, width));
        }
    }

    fn color(&mut self, Rgb(r, g, b): Rgb) {
        self.numbers(&[r, g, b]);
    }

    /// Each value followed by a space.
    fn numbers(&mut self, values: &[f32]) {
        for value in values {
            self.number(*value);
        }
    }

    fn number(&mut self, value: f32) {
        push_number(&mut self.out, value);
        self.out.push(b' ');
    }

    /// Ends the stream written so far and starts another from the initial graphics state.
    fn take_stream(&mut self) -> Vec<u8> {
        self.close();
        self.font = None;
        self.fill = None;
        self.stroke = None;
        std::mem::take(&mut self.out)
    }

    fn finish(mut self, page: &Page, body: Packed) -> DrawnPage {
        let (footer, deflated) = deflated(&self.take_stream());
        let footer = (Arc::new(footer), deflated);
        DrawnPage {
            width: page.width,
            height: page.height,
            body,
            footer,
            marked: self.marked,
            links: self.links,
        }
    }
}

/// A glyph code inside a literal string: its two bytes as they are, half the size of hex, with
/// the string delimiters, the escape and line ends escaped.
fn literal_bytes(out: &mut Vec<u8>, code: [u8; 2]) {
    for byte in code {
        match byte {
            b'(' | b')' | b'\\' => out.extend_from_slice(&[b'\\', byte]),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\n' => out.extend_from_slice(b"\\n"),
            _ => out.push(byte),
        }
    }
}

pub(super) fn face_index(face: FontStyle) -> usize {
    ALL_FACES.iter().position(|f| *f == face).unwrap_or(0)
}
