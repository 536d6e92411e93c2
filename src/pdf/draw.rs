//! Turns positioned items into printpdf drawing operations, wrapping each piece of content in
//! marked content: a structure node's items in `/<Role> <</MCID n>> BDC … EMC`, everything else
//! in an `/Artifact` sequence. Records which node every MCID belongs to so the structure tree
//! can point back at the content.

use crate::layout::pages::{FontStyle, Item, LaidOut, LinkTarget, NodeId, Page, Rgb};
use printpdf::{
    Color, DictItem, FontId, Line, LinePoint, Mm, Op, PaintMode, PdfFontHandle, PdfPage, Point, Pt,
    Rect, TextItem, TextMatrix,
};
use std::collections::BTreeMap;

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
#[derive(Debug, Clone, Copy)]
pub(super) struct MarkedRef {
    pub node: NodeId,
    /// Position of this sequence among all content sequences of the document, so a node whose
    /// own content is interleaved with its children's can list both in reading order.
    pub seq: usize,
}

/// A clickable area in PDF coordinates (`[llx, lly, urx, ury]`).
#[derive(Debug, Clone)]
pub(super) struct LinkArea {
    pub rect: [f32; 4],
    pub target: LinkTarget,
    pub node: NodeId,
}

pub(super) struct DrawnPage {
    pub page: PdfPage,
    /// Indexed by MCID.
    pub marked: Vec<MarkedRef>,
    pub links: Vec<LinkArea>,
}

pub(super) struct Drawing {
    pub pages: Vec<DrawnPage>,
    pub faces_used: Vec<FontStyle>,
}

pub(super) fn draw_document(laid: &LaidOut) -> Drawing {
    let mut seq = 0;
    let mut used = [false; 4];
    let pages = laid
        .pages
        .iter()
        .map(|page| {
            let mut writer = PageWriter::new(laid, page.height, &mut seq, &mut used);
            for item in &page.items {
                writer.item(item);
            }
            writer.finish(page)
        })
        .collect();
    let faces_used = ALL_FACES
        .iter()
        .zip(used)
        .filter(|(_, used)| *used)
        .map(|(face, _)| *face)
        .collect();
    Drawing { pages, faces_used }
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
    laid: &'a LaidOut,
    height: f32,
    ops: Vec<Op>,
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
    fn new(laid: &'a LaidOut, height: f32, seq: &'a mut usize, used: &'a mut [bool; 4]) -> Self {
        PageWriter {
            laid,
            height,
            ops: Vec::new(),
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
        let op = match mark {
            Mark::Node(node) => {
                let mcid = self.marked.len() as i64;
                self.marked.push(MarkedRef {
                    node,
                    seq: *self.seq,
                });
                *self.seq += 1;
                let role = self
                    .laid
                    .structure
                    .get(node)
                    .map_or_else(|| "Span".to_string(), |n| n.role.pdf_name());
                Op::BeginMarkedContentWithProperties {
                    tag: role,
                    properties: dict([("MCID", DictItem::Int(mcid))]),
                }
            }
            Mark::Pagination => Op::BeginMarkedContentWithProperties {
                tag: "Artifact".into(),
                properties: dict([("Type", DictItem::Name(b"Pagination".to_vec()))]),
            },
            Mark::Decoration => Op::BeginMarkedContent {
                tag: "Artifact".into(),
            },
        };
        self.ops.push(op);
        self.open = Some(mark);
    }

    fn close(&mut self) {
        self.leave_text();
        if self.open.take().is_some() {
            self.ops.push(Op::EndMarkedContent);
        }
    }

    fn leave_text(&mut self) {
        if self.in_text {
            self.ops.push(Op::EndTextSection);
            self.in_text = false;
        }
    }

    fn text(&mut self, x: f32, baseline: f32, face: FontStyle, size: f32, text: &str, color: Rgb) {
        if !self.in_text {
            self.ops.push(Op::StartTextSection);
            self.in_text = true;
        }
        if self.font != Some((face, size)) {
            self.ops.push(Op::SetFont {
                font: PdfFontHandle::External(font_id(face)),
                size: Pt(size),
            });
            self.font = Some((face, size));
            self.used[face_index(face)] = true;
        }
        self.set_fill(color);
        self.ops.push(Op::SetTextMatrix {
            matrix: TextMatrix::Translate(Pt(x), Pt(self.height - baseline)),
        });
        self.ops.push(Op::ShowText {
            items: vec![TextItem::Text(text.to_string())],
        });
    }

    fn line(&mut self, from: (f32, f32), to: (f32, f32), width: f32, color: Rgb) {
        self.leave_text();
        self.set_stroke(color, width);
        let point = |(x, y): (f32, f32)| LinePoint {
            p: Point {
                x: Pt(x),
                y: Pt(self.height - y),
            },
            bezier: false,
        };
        self.ops.push(Op::DrawLine {
            line: Line {
                points: vec![point(from), point(to)],
                is_closed: false,
            },
        });
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
        let mode = match (fill, stroke) {
            (Some(_), Some(_)) => PaintMode::FillStroke,
            (Some(_), None) => PaintMode::Fill,
            (None, Some(_)) => PaintMode::Stroke,
            (None, None) => return,
        };
        if let Some(color) = fill {
            self.set_fill(color);
        }
        if let Some((color, width)) = stroke {
            self.set_stroke(color, width);
        }
        self.ops.push(Op::DrawRectangle {
            rectangle: Rect {
                x: Pt(x),
                y: Pt(self.height - y - h),
                width: Pt(w),
                height: Pt(h),
                mode: Some(mode),
                winding_order: None,
            },
        });
    }

    fn set_fill(&mut self, color: Rgb) {
        if self.fill != Some(color) {
            self.ops.push(Op::SetFillColor {
                col: pdf_color(color),
            });
            self.fill = Some(color);
        }
    }

    fn set_stroke(&mut self, color: Rgb, width: f32) {
        if self.stroke != Some((color, width)) {
            self.ops.push(Op::SetOutlineColor {
                col: pdf_color(color),
            });
            self.ops.push(Op::SetOutlineThickness { pt: Pt(width) });
            self.stroke = Some((color, width));
        }
    }

    fn finish(mut self, page: &Page) -> DrawnPage {
        self.close();
        let mut pdf_page = PdfPage::new(Mm(0.0), Mm(0.0), self.ops);
        // Exact point sizes: going through millimetres would round A4 to 595.2756.
        let media = Rect::from_wh(Pt(page.width), Pt(page.height));
        pdf_page.media_box = media.clone();
        pdf_page.trim_box = media.clone();
        pdf_page.crop_box = media;
        DrawnPage {
            page: pdf_page,
            marked: self.marked,
            links: self.links,
        }
    }
}

fn face_index(face: FontStyle) -> usize {
    ALL_FACES.iter().position(|f| *f == face).unwrap_or(0)
}

fn pdf_color(Rgb(r, g, b): Rgb) -> Color {
    Color::Rgb(printpdf::Rgb::new(r, g, b, None))
}

fn dict<const N: usize>(entries: [(&str, DictItem); N]) -> DictItem {
    DictItem::Dict {
        map: entries
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect::<BTreeMap<_, _>>(),
    }
}
