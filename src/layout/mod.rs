//! The layout engine: turns a `blocks::Document` into positioned `pages::LaidOut` pages.
//!
//! It owns everything about where ink goes: text measuring and line breaking (`text`), turning
//! blocks into a vertical flow of lines, boxes and prepared tables while building the structure
//! tree (`flow`), and cutting that flow into pages with keep-with-next, widow/orphan control,
//! table row splitting with repeated headers, running headers and footers (`paginate`).
//! It knows nothing of PDF bytes or YAML; every size, margin and colour lives in [`Style`].

pub mod blocks;
mod flow;
pub mod fonts;
pub mod markup;
pub mod pages;
mod paginate;
mod stitch;
mod text;

pub use stitch::{stitch, Placed};

use anyhow::{ensure, Context};
use blocks::Rgb;
use pages::{Role, StructNode};
use std::collections::BTreeSet;

/// Every measurement and colour the layout uses, in points. `Default` is the house style
/// (Arial 12 pt look, 2 cm margins); a council may later configure its own.
#[derive(Debug, Clone, PartialEq)]
pub struct Style {
    /// Portrait page size; landscape sections swap the two.
    pub page_width: f32,
    pub page_height: f32,
    pub margin_left: f32,
    pub margin_right: f32,
    pub margin_top: f32,
    /// Includes the room taken by the running footer.
    pub margin_bottom: f32,
    pub body_size: f32,
    /// Line height as a multiple of the font size.
    pub leading: f32,
    /// Sizes of heading levels 1 to 6.
    pub heading_sizes: [f32; 6],
    pub small_size: f32,
    pub title_size: f32,
    /// Table text in portrait sections.
    pub table_size: f32,
    /// Table text in landscape sections (wide action plans).
    pub landscape_table_size: f32,
    pub paragraph_space_after: f32,
    pub heading_space_before: f32,
    pub heading_space_after: f32,
    /// Gap between consecutive list items.
    pub list_item_space: f32,
    /// Width of the hanging column of a numbered paragraph ("10.12", "(12)").
    pub label_width: f32,
    /// Indent of list item text from the list's left edge (the label hangs in it).
    pub list_indent: f32,
    pub box_padding: f32,
    pub box_border_width: f32,
    pub cell_padding: f32,
    pub border_width: f32,
    pub border_color: Rgb,
    pub header_fill: Rgb,
    pub section_row_fill: Rgb,
    pub text_color: Rgb,
    pub link_color: Rgb,
    pub checkbox_size: f32,
    pub footer_size: f32,
    /// Distance of the footer baseline above the bottom page edge.
    pub footer_baseline_from_bottom: f32,
    /// Draw a thin rule above the footer.
    pub footer_rule: bool,
    pub header_size: f32,
    /// Distance of the running header baseline below the top page edge.
    pub header_baseline_from_top: f32,
    /// Size of the page number stamped on imported PDF pages.
    pub stamp_size: f32,
}

impl Default for Style {
    fn default() -> Self {
        Style {
            page_width: 595.28,
            page_height: 841.89,
            margin_left: 57.0,
            margin_right: 57.0,
            margin_top: 57.0,
            margin_bottom: 72.0,
            body_size: 12.0,
            leading: 1.25,
            heading_sizes: [16.0, 13.5, 12.0, 12.0, 12.0, 12.0],
            small_size: 10.0,
            title_size: 20.0,
            table_size: 10.0,
            landscape_table_size: 9.0,
            paragraph_space_after: 9.0,
            heading_space_before: 15.0,
            heading_space_after: 6.0,
            list_item_space: 4.0,
            label_width: 40.0,
            list_indent: 22.0,
            box_padding: 6.0,
            box_border_width: 0.75,
            cell_padding: 4.0,
            border_width: 0.5,
            border_color: Rgb(0.3, 0.3, 0.3),
            header_fill: Rgb(0.85, 0.85, 0.85),
            section_row_fill: Rgb(0.92, 0.92, 0.92),
            text_color: Rgb(0.0, 0.0, 0.0),
            link_color: Rgb(0.114, 0.439, 0.722),
            checkbox_size: 9.0,
            footer_size: 9.0,
            footer_baseline_from_bottom: 36.0,
            footer_rule: true,
            header_size: 10.0,
            header_baseline_from_top: 36.0,
            stamp_size: 8.0,
        }
    }
}

/// Lays out `doc` in the house style.
pub fn layout(doc: &blocks::Document) -> anyhow::Result<pages::LaidOut> {
    layout_with(doc, &Style::default())
}

/// Lays out `doc` with a given style.
pub fn layout_with(doc: &blocks::Document, style: &Style) -> anyhow::Result<pages::LaidOut> {
    lay_out(doc, style, BTreeSet::new())
}

/// Lays out `doc` in the house style, keeping live its links to the heading ids of
/// `later_anchors`, which documents stitched after it hold (see [`stitch`]).
pub fn layout_before(
    doc: &blocks::Document,
    later_anchors: impl IntoIterator<Item = String>,
) -> anyhow::Result<pages::LaidOut> {
    lay_out(doc, &Style::default(), later_anchors.into_iter().collect())
}

fn lay_out(
    doc: &blocks::Document,
    style: &Style,
    mut anchors: BTreeSet<String>,
) -> anyhow::Result<pages::LaidOut> {
    check_style(style).context("layout style is unusable")?;
    anchors.extend(heading_ids(doc));
    let mut tree = Tree::new();
    let mut paginator = paginate::Paginator::new(style, doc.sections.len());
    for (index, section) in doc.sections.iter().enumerate() {
        let sect = tree.add(Role::Sect, 0);
        let landscape = section.orientation == blocks::Orientation::Landscape;
        let page_size = if landscape {
            (style.page_height, style.page_width)
        } else {
            (style.page_width, style.page_height)
        };
        let content_width = page_size.0 - style.margin_left - style.margin_right;
        let mut flattener = flow::Flattener {
            style,
            tree: &mut tree,
            anchors: &anchors,
            doc_lang: &doc.lang,
            table_size: if landscape {
                style.landscape_table_size
            } else {
                style.table_size
            },
        };
        let column = flow::Column::body(style.margin_left, content_width);
        let mut items = Vec::new();
        flattener.flatten_blocks(&section.blocks, column, sect, &mut items);
        paginator.lay_section(index, section, page_size, &items);
    }
    let finished = paginator.finish(doc.sections.len(), &doc.page_label);
    Ok(pages::LaidOut {
        title: doc.title.clone(),
        lang: doc.lang.clone(),
        pages: finished.pages,
        structure: tree.nodes,
        outline: finished.outline,
        section_pages: finished.section_pages,
        anchors: finished.anchors,
        open_links: finished.open_links,
    })
}

/// Refuses styles that would make every line impossible (zero or negative content width),
/// so the engine itself can assume a usable column.
fn check_style(style: &Style) -> anyhow::Result<()> {
    let narrow_side = style.page_width.min(style.page_height);
    let short_side_content = narrow_side - style.margin_left - style.margin_right;
    ensure!(
        short_side_content.is_finite() && short_side_content > 4.0 * style.label_width.max(10.0),
        "content width {short_side_content} pt is too narrow"
    );
    let content_height = narrow_side - style.margin_top - style.margin_bottom;
    ensure!(
        content_height.is_finite() && content_height > 100.0,
        "content height {content_height} pt is too short"
    );
    let sizes = [
        style.body_size,
        style.small_size,
        style.title_size,
        style.table_size,
        style.landscape_table_size,
        style.footer_size,
        style.leading,
    ];
    ensure!(
        sizes
            .iter()
            .chain(&style.heading_sizes)
            .all(|s| s.is_finite() && *s > 0.0),
        "font sizes and leading must be positive"
    );
    Ok(())
}

/// Ids of every heading in the document: an `#id` link is live only if its target exists,
/// and we must know that before the target is laid out (links may point forwards).
fn heading_ids(doc: &blocks::Document) -> BTreeSet<String> {
    fn walk(blocks: &[blocks::Block], ids: &mut BTreeSet<String>) {
        for block in blocks {
            match block {
                blocks::Block::Heading { id: Some(id), .. } => {
                    ids.insert(id.clone());
                }
                blocks::Block::List { items, .. } => {
                    items.iter().for_each(|item| walk(&item.blocks, ids))
                }
                blocks::Block::Boxed { blocks } => walk(blocks, ids),
                blocks::Block::Table(table) => table
                    .header
                    .iter()
                    .chain(&table.body)
                    .flat_map(|row| &row.cells)
                    .for_each(|cell| walk(&cell.blocks, ids)),
                _ => {}
            }
        }
    }
    let mut ids = BTreeSet::new();
    doc.sections.iter().for_each(|s| walk(&s.blocks, &mut ids));
    ids
}

/// The structure tree under construction; nodes are added in reading order.
pub(crate) struct Tree {
    nodes: Vec<StructNode>,
}

impl Tree {
    fn new() -> Self {
        Tree {
            nodes: vec![StructNode::new(Role::Document, None)],
        }
    }

    pub(crate) fn add(&mut self, role: Role, parent: pages::NodeId) -> pages::NodeId {
        let id = self.nodes.len();
        self.nodes.push(StructNode::new(role, Some(parent)));
        self.nodes[parent].children.push(id);
        id
    }

    pub(crate) fn node_mut(&mut self, id: pages::NodeId) -> &mut StructNode {
        &mut self.nodes[id]
    }
}
