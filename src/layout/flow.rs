//! Blocks to a vertical flow: lines positioned horizontally, vertical spaces, box borders and
//! prepared tables, plus the structure tree nodes, all in reading order. Pagination decides
//! the vertical positions afterwards.

use super::text::{break_lines, Frag, Line, Mark, TextStyle};
use super::{Style, Tree};
use crate::layout::blocks::{self, Block, Inline, ListItem, ListKind, ParagraphStyle, Rgb};
use crate::layout::fonts;
use crate::layout::pages::{FontStyle, HeaderScope, NodeId, Role};
use std::collections::BTreeSet;

#[derive(Debug, Clone)]
pub(crate) enum Flow {
    Line(Line),
    /// Vertical gap; dropped at the top of a page.
    Space(f32),
    /// A bordered box opens spanning `x..x + width`; closed by the matching `BoxEnd`.
    BoxStart {
        x: f32,
        width: f32,
    },
    BoxEnd,
    Table(Box<PreparedTable>),
    /// A chart, kept whole on one page.
    Chart(Box<PreparedChart>),
    PageBreak,
}

/// A chart's drawing, relative to its top: filled bars and their labels, all belonging to one
/// Figure node.
#[derive(Debug, Clone)]
pub(crate) struct PreparedChart {
    pub node: NodeId,
    pub height: f32,
    /// x, y from the chart's top, width, height, fill.
    pub bars: Vec<(f32, f32, f32, f32, Rgb)>,
    /// x, baseline from the chart's top, size, text.
    pub labels: Vec<(f32, f32, f32, String)>,
}

#[derive(Debug, Clone)]
pub(crate) struct PreparedTable {
    pub left: f32,
    pub right: f32,
    pub borders: bool,
    pub header: Vec<PreparedRow>,
    pub body: Vec<PreparedRow>,
}

#[derive(Debug, Clone)]
pub(crate) struct PreparedRow {
    pub cells: Vec<PreparedCell>,
    /// A section row ("CONTEXT + PRIORITIES"): it must not end a page.
    pub section: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct PreparedCell {
    pub x: f32,
    pub width: f32,
    pub fill: Option<Rgb>,
    /// Lines with their top offset inside the cell's content box (x relative to it too).
    pub lines: Vec<(f32, Line)>,
}

/// The horizontal band blocks are set in, and how.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Column {
    pub x: f32,
    pub width: f32,
    /// Inside a table cell: table type size, no page breaks or boxes, tighter spacing.
    in_cell: bool,
    /// Header and section cells are set bold throughout.
    bold: bool,
}

impl Column {
    pub(crate) fn body(x: f32, width: f32) -> Column {
        Column {
            x,
            width,
            in_cell: false,
            bold: false,
        }
    }

    fn inset(self, left: f32, right: f32) -> Column {
        Column {
            x: self.x + left,
            width: (self.width - left - right).max(1.0),
            ..self
        }
    }
}

pub(crate) struct Flattener<'a> {
    pub style: &'a Style,
    pub tree: &'a mut Tree,
    pub anchors: &'a BTreeSet<String>,
    pub doc_lang: &'a str,
    /// Type size of tables in this section (smaller in landscape action plans).
    pub table_size: f32,
}

/// Adds a gap, merging with a gap already there (the larger wins) and never opening a flow.
fn push_space(out: &mut Vec<Flow>, gap: f32) {
    match out.last_mut() {
        Some(Flow::Space(previous)) => *previous = previous.max(gap),
        Some(_) => out.push(Flow::Space(gap)),
        None => {}
    }
}

fn trim_spaces(flow: &mut Vec<Flow>) {
    while matches!(flow.last(), Some(Flow::Space(_))) {
        flow.pop();
    }
    let leading = flow
        .iter()
        .take_while(|f| matches!(f, Flow::Space(_)))
        .count();
    flow.drain(..leading);
}

/// A paragraph of 2-3 lines stays together; a longer one leaves at least two lines on each
/// side of a page break (no orphans, no widows).
fn keep_paragraph_together(lines: &mut [Line]) {
    let count = lines.len();
    if count < 4 {
        let last = count.saturating_sub(1);
        lines
            .iter_mut()
            .take(last)
            .for_each(|l| l.keep_with_next = true);
    } else {
        lines[0].keep_with_next = true;
        lines[count - 2].keep_with_next = true;
    }
}

/// The language of a paragraph whose every run is marked with the same language.
fn uniform_lang(runs: &[Inline]) -> Option<&str> {
    let mut langs = runs.iter().filter_map(|run| match run {
        Inline::Text { text, lang, .. } if !text.trim().is_empty() => Some(lang.as_deref()),
        _ => None,
    });
    let first = langs.next()??;
    langs.all(|l| l == Some(first)).then_some(first)
}

impl Flattener<'_> {
    pub(crate) fn flatten_blocks(
        &mut self,
        blocks: &[Block],
        column: Column,
        parent: NodeId,
        out: &mut Vec<Flow>,
    ) {
        for block in blocks {
            match block {
                Block::Heading {
                    level,
                    runs,
                    bookmark,
                    id,
                } => self.heading(*level, runs, *bookmark, id.as_deref(), column, parent, out),
                Block::Paragraph { label, runs, style } => match label.as_deref().map(str::trim) {
                    Some(label) if !label.is_empty() => {
                        self.labelled_paragraph(label, runs, *style, column, parent, out)
                    }
                    _ => self.paragraph(runs, *style, column, parent, out),
                },
                Block::List { kind, items } => self.list(*kind, items, column, parent, out),
                Block::Boxed { blocks } => self.boxed(blocks, column, parent, out),
                Block::Table(table) => self.table(table, column, parent, out),
                Block::Chart(chart) => self.chart(chart, column, parent, out),
                Block::PageBreak if !column.in_cell => out.push(Flow::PageBreak),
                Block::PageBreak => {}
            }
        }
    }

    fn text_style(&self, style: ParagraphStyle, column: Column) -> TextStyle {
        let size = match (column.in_cell, style) {
            (true, ParagraphStyle::Small) => self.table_size - 1.0,
            (true, _) => self.table_size,
            (false, ParagraphStyle::Small) => self.style.small_size,
            (false, ParagraphStyle::Title) => self.style.title_size,
            (false, _) => self.style.body_size,
        };
        TextStyle {
            size,
            bold: column.bold || matches!(style, ParagraphStyle::Strong | ParagraphStyle::Title),
            color: self.style.text_color,
            centred: style == ParagraphStyle::Title && !column.in_cell,
        }
    }

    /// Cells get tighter vertical rhythm than the page.
    fn gap(&self, gap: f32, column: Column) -> f32 {
        if column.in_cell {
            gap * 0.5
        } else {
            gap
        }
    }

    fn set_lang(&mut self, node: NodeId, runs: &[Inline]) {
        if let Some(lang) = uniform_lang(runs).filter(|l| *l != self.doc_lang) {
            self.tree.node_mut(node).set_lang(lang);
        }
    }

    /// Breaks runs into lines placed at the column's left edge.
    fn lines(&mut self, runs: &[Inline], ts: TextStyle, column: Column, node: NodeId) -> Vec<Line> {
        let mut lines = break_lines(
            runs,
            ts,
            column.width,
            node,
            self.tree,
            self.anchors,
            self.style,
        );
        lines.iter_mut().for_each(|line| line.x += column.x);
        lines
    }

    #[allow(clippy::too_many_arguments)]
    fn heading(
        &mut self,
        level: u8,
        runs: &[Inline],
        bookmark: bool,
        id: Option<&str>,
        column: Column,
        parent: NodeId,
        out: &mut Vec<Flow>,
    ) {
        let level = level.clamp(1, 6);
        let node = self.tree.add(Role::H(level), parent);
        self.set_lang(node, runs);
        let size = if column.in_cell {
            self.table_size
        } else {
            self.style.heading_sizes[usize::from(level - 1)]
        };
        let ts = TextStyle {
            size,
            bold: true,
            color: self.style.text_color,
            centred: false,
        };
        push_space(out, self.gap(self.style.heading_space_before, column));
        let mut lines = self.lines(runs, ts, column, node);
        if lines.is_empty() {
            let mut blank = Line::blank(self.style, size);
            blank.x = column.x;
            lines.push(blank);
        }
        if bookmark {
            let title = blocks::plain_text(runs).trim().to_string();
            // The paginator nests it under its section.
            lines[0].marks.push(Mark::Outline { title, level });
        }
        if let Some(id) = id {
            lines[0].marks.push(Mark::Anchor(id.to_string()));
        }
        for mut line in lines {
            line.keep_with_next = true;
            out.push(Flow::Line(line));
        }
        push_space(out, self.gap(self.style.heading_space_after, column));
    }

    fn paragraph(
        &mut self,
        runs: &[Inline],
        style: ParagraphStyle,
        column: Column,
        parent: NodeId,
        out: &mut Vec<Flow>,
    ) {
        let node = self.tree.add(Role::P, parent);
        self.set_lang(node, runs);
        let ts = self.text_style(style, column);
        let mut lines = self.lines(runs, ts, column, node);
        keep_paragraph_together(&mut lines);
        out.extend(lines.into_iter().map(Flow::Line));
        push_space(out, self.gap(self.style.paragraph_space_after, column));
    }

    /// "1.1 Text...": a one-item list whose label hangs in the left column.
    fn labelled_paragraph(
        &mut self,
        label: &str,
        runs: &[Inline],
        style: ParagraphStyle,
        column: Column,
        parent: NodeId,
        out: &mut Vec<Flow>,
    ) {
        let ts = self.text_style(style, column);
        let hang = self.hang_width(std::iter::once(label), ts, self.style.label_width, column);
        let list = self.tree.add(Role::L, parent);
        let item = self.tree.add(Role::LI, list);
        let lbl = self.tree.add(Role::Lbl, item);
        let body = self.tree.add(Role::LBody, item);
        self.set_lang(body, runs);
        let mut lines = self.lines(runs, ts, column.inset(hang, 0.0), body);
        keep_paragraph_together(&mut lines);
        let mut flow: Vec<Flow> = lines.into_iter().map(Flow::Line).collect();
        self.hang_label(label, ts, hang, column, lbl, &mut flow);
        out.extend(flow);
        push_space(out, self.gap(self.style.paragraph_space_after, column));
    }

    /// Width of a hanging label column: the house width, widened for long labels, never more
    /// than a third of the column.
    fn hang_width<'l>(
        &self,
        labels: impl Iterator<Item = &'l str>,
        ts: TextStyle,
        house: f32,
        column: Column,
    ) -> f32 {
        let font = FontStyle::from_flags(ts.bold, false);
        let widest = labels
            .map(|l| fonts::text_width(font, ts.size, l))
            .fold(0.0, f32::max);
        house.max(widest + 6.0).min(column.width / 3.0)
    }

    /// Puts the label on the first line of `body` (or on a line of its own when it is too
    /// wide to hang, or when the body starts with something other than text).
    fn hang_label(
        &mut self,
        label: &str,
        ts: TextStyle,
        hang: f32,
        column: Column,
        lbl: NodeId,
        body: &mut Vec<Flow>,
    ) {
        let label_column = Column {
            width: (hang - 4.0).max(1.0),
            ..column
        };
        let mut label_lines = self.lines(&[Inline::plain(label)], ts, label_column, lbl);
        if label_lines.len() == 1 {
            if let Some(Flow::Line(first)) = body.first_mut() {
                let label_line = label_lines.remove(0);
                let shift = label_line.x - first.x;
                let frags: Vec<Frag> = label_line
                    .frags
                    .into_iter()
                    .map(|mut f| {
                        f.x += shift;
                        f
                    })
                    .collect();
                first.frags.splice(0..0, frags);
                first.height = first.height.max(label_line.height);
                first.baseline = first.baseline.max(label_line.baseline);
                return;
            }
        }
        for mut line in label_lines.into_iter().rev() {
            line.keep_with_next = true;
            body.insert(0, Flow::Line(line));
        }
    }

    fn list(
        &mut self,
        kind: ListKind,
        items: &[ListItem],
        column: Column,
        parent: NodeId,
        out: &mut Vec<Flow>,
    ) {
        let list = self.tree.add(Role::L, parent);
        let ts = self.text_style(ParagraphStyle::Normal, column);
        let house_indent = match kind {
            ListKind::Numbered => self.style.label_width,
            ListKind::Bullet | ListKind::Ordered => self.style.list_indent,
        };
        let indent = self.hang_width(
            items.iter().map(|i| i.label.as_str()),
            ts,
            house_indent,
            column,
        );
        for (index, item) in items.iter().enumerate() {
            let li = self.tree.add(Role::LI, list);
            let lbl = self.tree.add(Role::Lbl, li);
            let body = self.tree.add(Role::LBody, li);
            let mut flow = Vec::new();
            self.flatten_blocks(&item.blocks, column.inset(indent, 0.0), body, &mut flow);
            trim_spaces(&mut flow);
            self.hang_label(item.label.trim(), ts, indent, column, lbl, &mut flow);
            if index > 0 {
                push_space(out, self.gap(self.style.list_item_space, column));
            }
            out.extend(flow);
        }
        push_space(out, self.gap(self.style.paragraph_space_after, column));
    }

    /// A chart: one row per bar, its label on the left and its segments as filled rectangles
    /// across the rest, each segment's text printed in it when it fits (else its last word, the
    /// figure, or nothing: the table beside the chart gives every figure).
    fn chart(
        &mut self,
        chart: &blocks::Chart,
        column: Column,
        parent: NodeId,
        out: &mut Vec<Flow>,
    ) {
        let node = self.tree.add(Role::Figure, parent);
        self.tree.node_mut(node).set_alt(chart.alt.as_str());
        let size = self.style.small_size;
        let (bar_height, gap, pad) = (size * 2.0, size * 0.8, size * 0.5);
        let widest_label = chart
            .bars
            .iter()
            .map(|bar| fonts::text_width(FontStyle::Bold, size, &bar.label))
            .fold(0.0, f32::max);
        let label_width = (widest_label + size).min(column.width * 0.35);
        let (left, room) = (column.x + label_width, column.width - label_width);
        let mut prepared = PreparedChart {
            node,
            height: 0.0,
            bars: Vec::new(),
            labels: Vec::new(),
        };
        let white = Rgb(1.0, 1.0, 1.0);
        for (index, bar) in chart.bars.iter().enumerate() {
            let top = index as f32 * (bar_height + gap);
            let baseline = top + bar_height / 2.0 + size * 0.35;
            prepared
                .labels
                .push((column.x, baseline, size, format!("{} ", bar.label)));
            let mut x = left;
            for segment in &bar.segments {
                let width = segment.share * room;
                prepared
                    .bars
                    .push((x, top, width, bar_height, segment.fill.unwrap_or(white)));
                let fitting = [
                    segment.text.as_str(),
                    segment.text.rsplit(' ').next().unwrap_or(""),
                ]
                .into_iter()
                .find(|text| {
                    !text.is_empty()
                        && fonts::text_width(FontStyle::Regular, size, text) + pad * 2.0 <= width
                });
                if let Some(text) = fitting {
                    let text_width = fonts::text_width(FontStyle::Regular, size, text);
                    prepared.labels.push((
                        x + (width - text_width) / 2.0,
                        baseline,
                        size,
                        format!("{text} "),
                    ));
                }
                x += width;
            }
        }
        let rows = chart.bars.len() as f32;
        prepared.height = (rows * (bar_height + gap) - gap).max(0.0);
        out.push(Flow::Chart(Box::new(prepared)));
        push_space(out, self.style.paragraph_space_after);
    }

    fn boxed(&mut self, blocks: &[Block], column: Column, parent: NodeId, out: &mut Vec<Flow>) {
        let div = self.tree.add(Role::Div, parent);
        if column.in_cell {
            // A cell already has borders; a box inside one would only add noise.
            self.flatten_blocks(blocks, column, div, out);
            return;
        }
        let inset = self.style.box_padding + self.style.box_border_width;
        let mut inner = Vec::new();
        self.flatten_blocks(blocks, column.inset(inset, inset), div, &mut inner);
        trim_spaces(&mut inner);
        out.push(Flow::BoxStart {
            x: column.x,
            width: column.width,
        });
        out.extend(inner);
        out.push(Flow::BoxEnd);
        push_space(out, self.style.paragraph_space_after);
    }

    fn table(
        &mut self,
        table: &blocks::Table,
        column: Column,
        parent: NodeId,
        out: &mut Vec<Flow>,
    ) {
        let node = self.tree.add(Role::Table, parent);
        if let Some(caption) = &table.caption {
            if table.caption_visible {
                let caption_node = self.tree.add(Role::Caption, node);
                let ts = TextStyle {
                    bold: true,
                    ..self.text_style(ParagraphStyle::Normal, column)
                };
                for mut line in
                    self.lines(&[Inline::plain(caption.as_str())], ts, column, caption_node)
                {
                    line.keep_with_next = true;
                    out.push(Flow::Line(line));
                }
                push_space(out, self.gap(self.style.heading_space_after, column));
            } else {
                self.tree.node_mut(node).set_alt(caption.as_str());
            }
        }
        if column.in_cell {
            self.table_as_blocks(table, column, node, out);
            return;
        }
        let columns = column_count(table);
        let mut edges = column_edges(&table.column_widths, columns, column.x, column.width);
        widen_to_longest_words(&mut edges, &self.min_column_widths(table, columns));
        let header = self.row_group(&table.header, Role::THead, true, &edges, node);
        let body = self.row_group(&table.body, Role::TBody, false, &edges, node);
        if columns > 0 {
            out.push(Flow::Table(Box::new(PreparedTable {
                left: column.x,
                right: column.x + column.width,
                borders: table.borders,
                header,
                body,
            })));
        }
        push_space(out, self.style.paragraph_space_after);
    }

    /// A table nested in a cell is set as its cells' blocks one after another (still tagged
    /// as a table): a grid inside a grid cannot split across pages sensibly.
    fn table_as_blocks(
        &mut self,
        table: &blocks::Table,
        column: Column,
        node: NodeId,
        out: &mut Vec<Flow>,
    ) {
        for (rows, group, is_header) in [
            (&table.header, Role::THead, true),
            (&table.body, Role::TBody, false),
        ] {
            if rows.is_empty() {
                continue;
            }
            let group = self.tree.add(group, node);
            for row in rows {
                let tr = self.tree.add(Role::TR, group);
                for cell in &row.cells {
                    let cell_node = self.tree.add(cell_role(cell, is_header), tr);
                    self.flatten_blocks(&cell.blocks, column, cell_node, out);
                }
            }
        }
    }

    fn row_group(
        &mut self,
        rows: &[blocks::Row],
        role: Role,
        is_header: bool,
        edges: &[f32],
        table: NodeId,
    ) -> Vec<PreparedRow> {
        if rows.is_empty() {
            return Vec::new();
        }
        let group = self.tree.add(role, table);
        rows.iter()
            .map(|row| self.row(row, is_header, edges, group))
            .collect()
    }

    fn row(
        &mut self,
        row: &blocks::Row,
        is_header: bool,
        edges: &[f32],
        group: NodeId,
    ) -> PreparedRow {
        let tr = self.tree.add(Role::TR, group);
        let columns = edges.len().saturating_sub(1);
        let mut cells = Vec::new();
        if columns == 0 {
            return PreparedRow {
                cells,
                section: row.section,
            };
        }
        if row.section {
            // One shaded band across the table holding every cell's content.
            let (x, width) = (edges[0], edges[columns] - edges[0]);
            let column = self.cell_column(width, true);
            let mut flow = Vec::new();
            let spans_all = row.cells.len() == 1;
            for cell in &row.cells {
                let node = self.tree.add(cell_role(cell, is_header), tr);
                if spans_all {
                    self.tree.node_mut(node).colspan = columns;
                }
                self.flatten_blocks(&cell.blocks, column, node, &mut flow);
            }
            let fill = row
                .cells
                .iter()
                .find_map(|c| c.fill)
                .unwrap_or(self.style.section_row_fill);
            cells.push(self.cell(x, width, Some(fill), flow));
            return PreparedRow {
                cells,
                section: true,
            };
        }
        let mut next_column = 0;
        for cell in &row.cells {
            let start = next_column.min(columns - 1);
            let end = (next_column + cell.colspan.max(1)).clamp(start + 1, columns);
            next_column = end;
            let (x, width) = (edges[start], edges[end] - edges[start]);
            let node = self.tree.add(cell_role(cell, is_header), tr);
            self.tree.node_mut(node).colspan = end - start;
            let column = self.cell_column(width, is_header || cell.header.is_some());
            let mut flow = Vec::new();
            self.flatten_blocks(&cell.blocks, column, node, &mut flow);
            let fill = cell.fill.or(is_header.then_some(self.style.header_fill));
            cells.push(self.cell(x, width, fill, flow));
        }
        PreparedRow {
            cells,
            section: false,
        }
    }

    fn cell_column(&self, width: f32, bold: bool) -> Column {
        Column {
            x: 0.0,
            width: (width - 2.0 * self.style.cell_padding).max(1.0),
            in_cell: true,
            bold,
        }
    }

    fn cell(&self, x: f32, width: f32, fill: Option<Rgb>, mut flow: Vec<Flow>) -> PreparedCell {
        trim_spaces(&mut flow);
        let mut lines = Vec::new();
        let mut y = 0.0;
        for item in flow {
            match item {
                Flow::Space(gap) => y += gap,
                Flow::Line(line) => {
                    let height = line.height;
                    lines.push((y, line));
                    y += height;
                }
                // Cell columns never produce boxes, tables, charts or page breaks.
                Flow::BoxStart { .. }
                | Flow::BoxEnd
                | Flow::Table(_)
                | Flow::Chart(_)
                | Flow::PageBreak => {}
            }
        }
        PreparedCell {
            x,
            width,
            fill,
            lines,
        }
    }
}

fn cell_role(cell: &blocks::Cell, is_header_row: bool) -> Role {
    match (cell.header, is_header_row) {
        (Some(scope), _) => Role::TH(scope),
        (None, true) => Role::TH(HeaderScope::Column),
        (None, false) => Role::TD,
    }
}

impl Flattener<'_> {
    /// The narrowest each column can be without breaking a word: its longest word (at the
    /// table's type size, bold in header cells) plus the cell padding.
    fn min_column_widths(&self, table: &blocks::Table, columns: usize) -> Vec<f32> {
        let mut widths = vec![0.0f32; columns];
        for row in table
            .header
            .iter()
            .chain(&table.body)
            .filter(|r| !r.section)
        {
            let mut at = 0;
            for cell in &row.cells {
                let span = cell.colspan.max(1);
                if span == 1 && at < columns {
                    let bold = cell.header.is_some();
                    widths[at] = widths[at].max(longest_word(&cell.blocks, bold, self.table_size));
                }
                at += span;
            }
        }
        widths
            .into_iter()
            .map(|w| {
                if w > 0.0 {
                    w + 2.0 * self.style.cell_padding
                } else {
                    0.0
                }
            })
            .collect()
    }
}

/// Width of the longest unbreakable word in some blocks.
fn longest_word(blocks: &[Block], bold: bool, size: f32) -> f32 {
    let mut widest = 0.0f32;
    for block in blocks {
        let runs: &[Inline] = match block {
            Block::Paragraph { runs, .. } | Block::Heading { runs, .. } => runs,
            Block::List { items, .. } => {
                for item in items {
                    widest = widest.max(longest_word(&item.blocks, bold, size));
                }
                continue;
            }
            Block::Boxed { blocks } => {
                widest = widest.max(longest_word(blocks, bold, size));
                continue;
            }
            Block::Table(_) | Block::Chart(_) | Block::PageBreak => continue,
        };
        for run in runs {
            if let Inline::Text {
                text,
                bold: run_bold,
                italic,
                ..
            } = run
            {
                let font = FontStyle::from_flags(bold || *run_bold, *italic);
                // The line breaker keeps a line's trailing space inside the column too.
                let space = fonts::char_width(font, size, ' ');
                for word in text.split(|c: char| c.is_whitespace() || c == '/' || c == '-') {
                    widest = widest.max(fonts::text_width(font, size, word) + space + 0.5);
                }
            }
        }
    }
    widest
}

/// Widens columns narrower than their longest word, taking the room from columns that have
/// some to spare, so a word such as "Complete" is not broken across lines.
fn widen_to_longest_words(edges: &mut [f32], minimum: &[f32]) {
    let widths: Vec<f32> = edges.windows(2).map(|w| w[1] - w[0]).collect();
    if widths.len() != minimum.len() {
        return;
    }
    let deficit: f32 = widths
        .iter()
        .zip(minimum)
        .map(|(w, m)| (m - w).max(0.0))
        .sum();
    let spare: f32 = widths
        .iter()
        .zip(minimum)
        .map(|(w, m)| (w - m).max(0.0))
        .sum();
    // When the longest words cannot all fit, keep the template's widths: they will break anyway.
    if deficit <= 0.0 || spare < deficit {
        return;
    }
    let taken = deficit;
    let grant = 1.0;
    let right = edges[edges.len() - 1];
    let mut at = edges[0];
    for (index, (width, min)) in widths.iter().zip(minimum).enumerate() {
        let new_width = if width < min {
            width + (min - width) * grant
        } else {
            width - (width - min) * taken / spare
        };
        at += new_width;
        edges[index + 1] = at;
    }
    // Rounding must not push the table past the margin.
    edges[edges.len() - 1] = right;
}

/// Columns of the grid: the widest row, counting spans (section rows span whatever there is).
fn column_count(table: &blocks::Table) -> usize {
    let rows = || table.header.iter().chain(&table.body);
    let widest = rows()
        .filter(|row| !row.section)
        .map(|row| row.cells.iter().map(|c| c.colspan.max(1)).sum::<usize>())
        .max()
        .unwrap_or(0);
    if widest == 0 && rows().any(|row| !row.cells.is_empty()) {
        table.column_widths.len().max(1)
    } else {
        widest
    }
}

/// Column boundaries: the template's relative widths when they fit the grid, else equal.
fn column_edges(widths: &[f32], columns: usize, x: f32, total: f32) -> Vec<f32> {
    let usable = widths.len() == columns && widths.iter().all(|w| w.is_finite() && *w > 0.0);
    let weights: Vec<f32> = if usable {
        widths.to_vec()
    } else {
        vec![1.0; columns]
    };
    let sum: f32 = weights.iter().sum();
    let mut edges = Vec::with_capacity(columns + 1);
    let mut at = x;
    edges.push(at);
    for weight in weights {
        at += total * weight / sum;
        edges.push(at);
    }
    if let Some(last) = edges.last_mut() {
        // Rounding must not push the table past the margin.
        *last = x + total;
    }
    edges
}
