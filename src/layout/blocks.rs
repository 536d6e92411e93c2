//! The block tree: the semantic markup of the templates, reduced to what a page can show.
//!
//! `markup` builds it from the HTML the templates emit; `layout` places it on pages. Nothing here
//! knows about YAML, HTML syntax or PDF bytes.

use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// A whole document to lay out: one report with its appendices, a front sheet and agenda, or a pack.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// Shown as the PDF title and in the window bar.
    pub title: String,
    /// BCP 47 language of the document (`en-GB`, `cy`).
    pub lang: String,
    /// The running page number as the template words it, with `{page}` and `{pages}` for the
    /// numbers (`Page {page} of {pages}`, `Tudalen {page} o {pages}`).
    pub page_label: String,
    pub sections: Vec<Section>,
}

/// A run of content that starts on a new page with its own orientation and running header/footer:
/// a report, an appendix, the front sheet. Becomes a `Sect` in the PDF structure tree.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub kind: SectionKind,
    /// Bookmark text for the section itself (for example "Item 5: Peer Challenge Action Plan").
    pub title: String,
    pub orientation: Orientation,
    /// Left part of the running footer (for example "Cabinet, 1 December 2015").
    pub footer: String,
    /// Running header, if the house style has one (for example "NOT FOR PUBLICATION").
    pub header: Option<String>,
    pub blocks: Vec<Block>,
    /// An existing PDF shown page for page after `blocks` (an external appendix): layout gives
    /// each of its pages a page of the same size carrying only the running page number.
    pub imported: Option<ImportedPdf>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ImportedPdf {
    pub file: std::path::PathBuf,
    /// Width and height in points of each page, in order.
    pub page_sizes: Vec<(f32, f32)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SectionKind {
    FrontSheet,
    Agenda,
    Report,
    Appendix,
    /// The notice that stands in for an exempt report in the public pack.
    Notice,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Orientation {
    Portrait,
    Landscape,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// `level` 1..=6. `bookmark` puts it in the PDF outline (nested by level).
    Heading {
        level: u8,
        runs: Vec<Inline>,
        bookmark: bool,
        /// Anchor that `#id` links inside the document point at (`appendix-b`).
        id: Option<String>,
    },
    /// A paragraph; `label` is a hanging number such as "1.1" or "(1)" set in the left margin
    /// column (tagged as a one-item list: Lbl + LBody).
    Paragraph {
        label: Option<String>,
        runs: Vec<Inline>,
        style: ParagraphStyle,
    },
    List {
        kind: ListKind,
        items: Vec<ListItem>,
    },
    /// A bordered group of blocks (Lancaster's boxed "PURPOSE OF REPORT").
    Boxed {
        blocks: Vec<Block>,
    },
    Table(Table),
    /// A bar chart drawn as filled rectangles, read as one figure with its alternative text.
    Chart(Chart),
    /// Forces a new page (within the same section).
    PageBreak,
}

/// Horizontal stacked bars, one per labelled row (an action plan's statuses per update round).
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// What the chart shows, in words: the figure's alternative text.
    pub alt: String,
    pub bars: Vec<Bar>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub segments: Vec<BarSegment>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct BarSegment {
    /// Printed inside the segment when it fits ("Green 3").
    pub text: String,
    pub fill: Option<Rgb>,
    /// Length as a share (0 to 1) of the chart's full bar.
    pub share: f32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParagraphStyle {
    Normal,
    /// Smaller type: notes, captions, "(including Health & Safety, ...)".
    Small,
    /// Bold caps label lines such as "LEGAL IMPLICATIONS" that are not headings.
    Strong,
    /// Centred large text on a front sheet.
    Title,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListKind {
    Bullet,
    /// Labels come from the items ("a)", "(1)", "1.").
    Ordered,
    /// Paragraph numbers ("1.4") with the paragraph and what belongs to it (a list that
    /// continues it): the number hangs in the wide paragraph-number column.
    Numbered,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ListItem {
    /// "•" for bullets, "a)" / "(1)" / "1." for ordered lists.
    pub label: String,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Accessible summary / caption; drawn above the table when `caption_visible`.
    pub caption: Option<String>,
    pub caption_visible: bool,
    /// Relative column widths from the template (`<col style="width: 20%">`); they are
    /// normalised by layout, so 1:2:1 and 25%/50%/25% mean the same.
    pub column_widths: Vec<f32>,
    /// Header rows, repeated at the top of every page the table continues on.
    pub header: Vec<Row>,
    pub body: Vec<Row>,
    /// Draw cell borders (data tables) or not (layout tables such as key/value blocks).
    pub borders: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub cells: Vec<Cell>,
    /// A section row ("CONTEXT + PRIORITIES"): one cell spanning the table, shaded.
    pub section: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub blocks: Vec<Block>,
    /// `Some` for a header cell (`<th scope=...>`), `None` for a data cell.
    pub header: Option<HeaderScope>,
    pub colspan: usize,
    /// Background fill, for example the RAG status colour (never the only signal: the text says it).
    pub fill: Option<Rgb>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum HeaderScope {
    Column,
    Row,
}

/// Colour with components in 0.0..=1.0.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Rgb(pub f32, pub f32, pub f32);

/// Inline content of a paragraph, heading or cell line.
#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    Text {
        text: String,
        bold: bool,
        italic: bool,
        /// Target of a link this run belongs to (`mailto:`, `https:`, or `#id` inside the document).
        link: Option<String>,
        /// Language of this span when it differs from the document's (`cy` inside an English report).
        lang: Option<String>,
    },
    /// A forced line break (`<br>`).
    LineBreak,
    /// A tick box drawn as a vector box; `label` is its accessible text ("Key Decision: no").
    Checkbox { checked: bool, label: String },
}

impl Document {
    /// Every id the document's `#id` links point at: with the anchors they find, all a layout
    /// takes from the documents stitched after it.
    pub fn link_targets(&self) -> BTreeSet<&str> {
        let mut targets = BTreeSet::new();
        for section in &self.sections {
            block_targets(&section.blocks, &mut targets);
        }
        targets
    }
}

fn block_targets<'a>(blocks: &'a [Block], targets: &mut BTreeSet<&'a str>) {
    for block in blocks {
        match block {
            Block::Heading { runs, .. } | Block::Paragraph { runs, .. } => {
                let links = runs.iter().filter_map(|run| match run {
                    Inline::Text {
                        link: Some(link), ..
                    } => link.strip_prefix('#'),
                    _ => None,
                });
                targets.extend(links);
            }
            Block::List { items, .. } => {
                (items.iter()).for_each(|item| block_targets(&item.blocks, targets));
            }
            Block::Boxed { blocks } => block_targets(blocks, targets),
            Block::Table(table) => {
                let cells = (table.header.iter().chain(&table.body)).flat_map(|row| &row.cells);
                cells.for_each(|cell| block_targets(&cell.blocks, targets));
            }
            Block::Chart(_) | Block::PageBreak => {}
        }
    }
}

impl Inline {
    pub fn plain(text: impl Into<String>) -> Self {
        Inline::Text {
            text: text.into(),
            bold: false,
            italic: false,
            link: None,
            lang: None,
        }
    }

    pub fn bold(text: impl Into<String>) -> Self {
        Inline::Text {
            text: text.into(),
            bold: true,
            italic: false,
            link: None,
            lang: None,
        }
    }
}

/// The plain text of some inline runs, as a reader would speak it.
pub fn plain_text(runs: &[Inline]) -> String {
    let mut out = String::new();
    for run in runs {
        match run {
            Inline::Text { text, .. } => out.push_str(text),
            Inline::LineBreak => out.push(' '),
            Inline::Checkbox { label, .. } => out.push_str(label),
        }
    }
    out
}
