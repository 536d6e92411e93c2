//! Cutting the flow into pages: vertical positions, page breaks with keep-with-next, boxes
//! continued across pages, table rows placed, moved or split line by line under repeated
//! headers, running header and footer, imported pages, link and outline resolution.

use super::flow::{Flow, PreparedCell, PreparedChart, PreparedRow, PreparedTable};
use super::text::{FragKind, Line, Mark, PendingTarget};
use super::Style;
use crate::layout::blocks::{ImportedPdf, Rgb, Section, SectionKind};
use crate::layout::fonts;
use crate::layout::pages::{
    FontStyle, ImportedPage, Item, LinkTarget, OpenLink, OutlineEntry, Page,
};
use std::collections::BTreeMap;

struct OpenBox {
    x: f32,
    width: f32,
    top: f32,
}

/// A link to a heading whose page was not known when the link was placed.
struct PendingLink {
    page: usize,
    item: usize,
    anchor: String,
}

/// How far from the page's left edge an imported page's band starts its text.
const BAND_INDENT: f32 = 28.0;

/// What the footer pass needs to know about each page.
struct PageInfo {
    section: usize,
}

pub(crate) struct Paginator<'a> {
    style: &'a Style,
    pages: Vec<Page>,
    page_info: Vec<PageInfo>,
    footers: Vec<String>,
    section_pages: Vec<usize>,
    section: usize,
    page_size: (f32, f32),
    header: Option<String>,
    y: f32,
    /// Nothing but running header (and repeated table header) on the current page yet.
    fresh: bool,
    open_boxes: Vec<OpenBox>,
    anchors: BTreeMap<String, (usize, f32)>,
    outline: Vec<OutlineEntry>,
    /// How the current section's headings nest in the outline.
    section_outline: SectionOutline,
    pending_links: Vec<PendingLink>,
}

/// A section is one outline entry (an appendix nests under the report before it); its first
/// bookmarked heading is that entry's position, and later headings nest beneath it.
#[derive(Clone, Copy, Default)]
struct SectionOutline {
    level: u8,
    /// Index of the section's own entry, while its first heading has not yet been seen.
    entry_awaiting_heading: Option<usize>,
    /// Heading level of the section's first bookmarked heading.
    base: Option<u8>,
}

impl<'a> Paginator<'a> {
    pub(crate) fn new(style: &'a Style, sections: usize) -> Self {
        Paginator {
            style,
            pages: Vec::new(),
            page_info: Vec::new(),
            footers: Vec::with_capacity(sections),
            section_pages: Vec::with_capacity(sections),
            section: 0,
            page_size: (style.page_width, style.page_height),
            header: None,
            y: 0.0,
            fresh: true,
            open_boxes: Vec::new(),
            anchors: BTreeMap::new(),
            outline: Vec::new(),
            section_outline: SectionOutline::default(),
            pending_links: Vec::new(),
        }
    }

    fn top(&self) -> f32 {
        self.style.margin_top
    }

    fn bottom(&self) -> f32 {
        self.page_size.1 - self.style.margin_bottom
    }

    fn content_height(&self) -> f32 {
        self.bottom() - self.top()
    }

    fn page_index(&self) -> usize {
        self.pages.len().saturating_sub(1)
    }

    fn items(&mut self) -> &mut Vec<Item> {
        // A page always exists while a section is being laid out.
        if self.pages.is_empty() {
            self.start_page();
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last].items
    }

    pub(crate) fn lay_section(
        &mut self,
        index: usize,
        section: &Section,
        page_size: (f32, f32),
        flow: &[Flow],
    ) {
        self.section = index;
        self.page_size = page_size;
        self.header = section.header.clone();
        self.footers.push(section.footer.clone());
        self.section_pages.push(self.pages.len());
        let title = section.title.trim();
        let level = if section.kind == SectionKind::Appendix {
            2
        } else {
            1
        };
        self.section_outline = SectionOutline {
            level,
            entry_awaiting_heading: (!title.is_empty()).then_some(self.outline.len()),
            base: None,
        };
        let imported = section
            .imported
            .as_ref()
            .filter(|pdf| !pdf.page_sizes.is_empty());
        if let Some(pdf) = imported {
            self.place_imported(pdf, flow, title, level);
            return;
        }
        {
            self.start_page();
            if !title.is_empty() {
                self.outline.push(OutlineEntry {
                    title: title.to_string(),
                    level,
                    page: self.page_index(),
                    y: 0.0,
                });
            }
            self.place_flow(flow);
            self.close_boxes();
        }
    }

    /// An existing PDF's pages, each as it was published. No page of our own goes before them:
    /// the appendix's heading (with its bookmark and tag) sits in a band across the top of its
    /// first page, and the running header (NOT FOR PUBLICATION in the private papers) in the
    /// same band on every page.
    fn place_imported(&mut self, pdf: &ImportedPdf, flow: &[Flow], title: &str, level: u8) {
        if !title.is_empty() {
            self.outline.push(OutlineEntry {
                title: title.to_string(),
                level,
                page: self.pages.len(),
                y: 0.0,
            });
        }
        let heading: Vec<&Line> = flow
            .iter()
            .filter_map(|item| match item {
                Flow::Line(line) => Some(line),
                _ => None,
            })
            .collect();
        for (page_index, &(width, height)) in pdf.page_sizes.iter().enumerate() {
            let usable = |v: f32| v.is_finite() && v > 1.0;
            let size = if usable(width) && usable(height) {
                (width, height)
            } else {
                (self.style.page_width, self.style.page_height)
            };
            self.pages.push(Page {
                width: size.0,
                height: size.1,
                items: Vec::new(),
                footer_start: 0,
                running_footer: String::new(),
                imported: Some(ImportedPage {
                    file: pdf.file.clone(),
                    index: page_index,
                }),
            });
            self.page_info.push(PageInfo {
                section: self.section,
            });
            let lines: &[&Line] = if page_index == 0 { &heading } else { &[] };
            self.band(lines);
        }
    }

    /// A white band across the top of an imported page holding the running header and `lines`
    /// (the appendix's heading), so they read clearly over whatever the page has there.
    fn band(&mut self, lines: &[&Line]) {
        let header = self.header.clone();
        if lines.is_empty() && header.is_none() {
            return;
        }
        let pad = self.style.stamp_size * 0.75;
        let header_size = self.style.header_size;
        let header_height = if header.is_some() {
            header_size * 1.5
        } else {
            0.0
        };
        let height = pad * 2.0 + header_height + lines.iter().map(|l| l.height).sum::<f32>();
        let width = self.pages.last().map_or(self.style.page_width, |p| p.width);
        self.items().push(Item::Rect {
            x: 0.0,
            y: 0.0,
            w: width,
            h: height,
            fill: Some(Rgb(1.0, 1.0, 1.0)),
            stroke: None,
            node: None,
        });
        if let Some(header) = header {
            let text_width = fonts::text_width(FontStyle::Bold, header_size, header.trim_end());
            let color = self.style.text_color;
            self.items().push(Item::Text {
                x: ((width - text_width) / 2.0).max(pad),
                baseline: pad + header_size,
                font: FontStyle::Bold,
                size: header_size,
                text: format!("{} ", header.trim()).into(),
                color,
                node: None,
            });
        }
        let mut top = pad + header_height;
        let dx = BAND_INDENT - self.style.margin_left;
        for line in lines {
            self.emit_line(line, dx, top, false);
            top += line.height;
        }
    }

    fn start_page(&mut self) {
        self.pages.push(Page {
            width: self.page_size.0,
            height: self.page_size.1,
            items: Vec::new(),
            footer_start: 0,
            running_footer: String::new(),
            imported: None,
        });
        self.page_info.push(PageInfo {
            section: self.section,
        });
        self.y = self.top();
        self.fresh = true;
        if let Some(header) = self.header.clone() {
            let size = self.style.header_size;
            let width = fonts::text_width(FontStyle::Bold, size, header.trim_end());
            let x = ((self.page_size.0 - width) / 2.0).max(self.style.margin_left);
            let baseline = self.style.header_baseline_from_top;
            let color = self.style.text_color;
            self.items().push(Item::Text {
                x,
                baseline,
                font: FontStyle::Bold,
                size,
                text: format!("{} ", header.trim()).into(),
                color,
                node: None,
            });
        }
    }

    /// Ends the page: boxes still open are drawn down to here and reopened on the next page.
    fn new_page(&mut self) {
        let bottom = self.y;
        let reopened: Vec<(f32, f32)> = self.open_boxes.iter().map(|b| (b.x, b.width)).collect();
        while let Some(open) = self.open_boxes.pop() {
            self.draw_box(&open, bottom + self.style.box_padding);
        }
        self.start_page();
        for (x, width) in reopened {
            let top = self.y;
            self.open_boxes.push(OpenBox { x, width, top });
            self.y += self.style.box_padding;
        }
    }

    fn draw_box(&mut self, open: &OpenBox, bottom: f32) {
        let stroke = Some((self.style.border_color, self.style.box_border_width));
        self.items().push(Item::Rect {
            x: open.x,
            y: open.top,
            w: open.width,
            h: (bottom - open.top).max(0.0),
            fill: None,
            stroke,
            node: None,
        });
    }

    fn close_boxes(&mut self) {
        while let Some(open) = self.open_boxes.pop() {
            let bottom = self.y + self.style.box_padding;
            self.draw_box(&open, bottom);
            self.y = bottom;
        }
    }

    fn place_flow(&mut self, flow: &[Flow]) {
        for (index, item) in flow.iter().enumerate() {
            match item {
                Flow::Space(gap) => {
                    if !self.fresh {
                        self.y += gap;
                    }
                }
                Flow::Line(line) => {
                    let need = if line.keep_with_next {
                        keep_chain_height(flow, index, self.style)
                    } else {
                        line.height
                    };
                    self.make_room(need, line.height);
                    let top = self.y;
                    self.emit_line(line, 0.0, top, false);
                    self.y += line.height;
                    self.fresh = false;
                }
                Flow::BoxStart { x, width } => {
                    let need = keep_chain_height(flow, index, self.style);
                    let first = self.style.box_padding * 2.0;
                    self.make_room(need, first);
                    let top = self.y;
                    self.open_boxes.push(OpenBox {
                        x: *x,
                        width: *width,
                        top,
                    });
                    self.y += self.style.box_padding;
                }
                Flow::BoxEnd => {
                    if let Some(open) = self.open_boxes.pop() {
                        let bottom = self.y + self.style.box_padding;
                        self.draw_box(&open, bottom);
                        self.y = bottom;
                        self.fresh = false;
                    }
                }
                Flow::Table(table) => self.place_table(table),
                Flow::Chart(chart) => self.place_chart(chart),
                Flow::PageBreak => {
                    if !self.fresh {
                        self.new_page();
                    }
                }
            }
        }
    }

    /// Starts a new page unless `keep` (what must stay together) fits below; when the group
    /// is taller than a page, only `at_least` (the first piece) has to fit.
    fn make_room(&mut self, keep: f32, at_least: f32) {
        if self.fresh {
            return;
        }
        let need = if keep <= self.content_height() {
            keep
        } else {
            at_least
        };
        if self.y + need > self.bottom() + 0.01 {
            self.new_page();
        }
    }

    /// The section's first heading gives its entry a position; the others nest below it.
    fn bookmark_heading(&mut self, title: &str, level: u8, page: usize, y: f32) {
        let outline = &mut self.section_outline;
        let base = *outline.base.get_or_insert(level);
        if let Some(entry) = outline.entry_awaiting_heading.take() {
            if let Some(entry) = self.outline.get_mut(entry) {
                entry.page = page;
                entry.y = y;
            }
            return;
        }
        let nested = outline.level + level.saturating_sub(base).max(1);
        self.outline.push(OutlineEntry {
            title: title.to_string(),
            level: nested.min(6),
            page,
            y,
        });
    }

    fn emit_line(&mut self, line: &Line, dx: f32, top: f32, artifact: bool) {
        let page = self.page_index();
        if !artifact {
            for mark in &line.marks {
                match mark {
                    Mark::Outline { title, level } => {
                        self.bookmark_heading(title, *level, page, top)
                    }
                    Mark::Anchor(id) => {
                        self.anchors.entry(id.clone()).or_insert((page, top));
                    }
                }
            }
        }
        let baseline = top + line.baseline;
        let left = dx + line.x;
        for frag in &line.frags {
            let x = left + frag.x;
            match &frag.kind {
                FragKind::Text {
                    text,
                    font,
                    size,
                    color,
                    node,
                } => {
                    self.items().push(Item::Text {
                        x,
                        baseline,
                        font: *font,
                        size: *size,
                        text: text.as_str().into(),
                        color: *color,
                        node: (!artifact).then_some(*node),
                    });
                    if let Some(link) = &frag.link {
                        // Underlined so colour is not the only sign of a link.
                        self.items().push(Item::Line {
                            x1: x,
                            y1: baseline + size * 0.12,
                            x2: x + frag.width,
                            y2: baseline + size * 0.12,
                            width: (size * 0.05).max(0.4),
                            color: *color,
                        });
                        if !artifact {
                            self.push_link(
                                x,
                                top,
                                frag.width,
                                line.height,
                                link.node,
                                &link.target,
                            );
                        }
                    }
                }
                FragKind::Checkbox { checked, node } => {
                    self.draw_checkbox(x, baseline, *checked, (!artifact).then_some(*node));
                }
            }
        }
    }

    fn push_link(&mut self, x: f32, y: f32, w: f32, h: f32, node: usize, target: &PendingTarget) {
        let target = match target {
            PendingTarget::Uri(uri) => LinkTarget::Uri(uri.clone()),
            PendingTarget::Anchor(anchor) => {
                let page = self.page_index();
                let item = self.items().len();
                self.pending_links.push(PendingLink {
                    page,
                    item,
                    anchor: anchor.clone(),
                });
                LinkTarget::Page { page: 0, y: 0.0 }
            }
        };
        self.items().push(Item::Link {
            x,
            y,
            w,
            h,
            target,
            node,
        });
    }

    /// A chart whole on this page or the next: its bars (filled, outlined) and its labels, all
    /// content of its Figure node.
    fn place_chart(&mut self, chart: &PreparedChart) {
        self.make_room(chart.height, chart.height);
        let top = self.y;
        let ink = self.style.text_color;
        let node = Some(chart.node);
        for &(x, y, w, h, fill) in &chart.bars {
            self.items().push(Item::Rect {
                x,
                y: top + y,
                w,
                h,
                fill: Some(fill),
                stroke: Some((ink, 0.5)),
                node,
            });
        }
        for (x, baseline, size, text) in &chart.labels {
            self.items().push(Item::Text {
                x: *x,
                baseline: top + baseline,
                font: FontStyle::Regular,
                size: *size,
                text: text.as_str().into(),
                color: ink,
                node,
            });
        }
        self.y += chart.height;
        self.fresh = false;
    }

    fn draw_checkbox(&mut self, x: f32, baseline: f32, checked: bool, node: Option<usize>) {
        let size = self.style.checkbox_size;
        let (left, top) = (x + 0.5, baseline + 1.0 - size);
        let ink = self.style.text_color;
        self.items().push(Item::Rect {
            x: left,
            y: top,
            w: size,
            h: size,
            fill: None,
            stroke: Some((ink, 0.75)),
            node,
        });
        if checked {
            let tick = |(a, b): (f32, f32)| (left + a * size, top + b * size);
            let points = [tick((0.2, 0.55)), tick((0.42, 0.78)), tick((0.8, 0.22))];
            for pair in points.windows(2) {
                self.items().push(Item::Line {
                    x1: pair[0].0,
                    y1: pair[0].1,
                    x2: pair[1].0,
                    y2: pair[1].1,
                    width: 1.2,
                    color: ink,
                });
            }
        }
    }

    fn place_table(&mut self, table: &PreparedTable) {
        let pad = self.style.cell_padding;
        let header_height: f32 = table.header.iter().map(|r| row_height(r, pad)).sum();
        // A header taller than half a page would leave no room for rows under every copy.
        let repeat = header_height <= self.content_height() / 2.0;
        let first_row = table
            .body
            .first()
            .map_or(0.0, |row| first_lines_height(row, pad));
        self.make_room(
            header_height + first_row,
            header_height.min(self.content_height()),
        );
        for row in &table.header {
            let height = row_height(row, pad);
            let from = vec![0; row.cells.len()];
            let to: Vec<usize> = row.cells.iter().map(|c| c.lines.len()).collect();
            self.emit_row(table, row, &from, &to, height, false);
        }
        let table_header: &[PreparedRow] = if repeat { &table.header } else { &[] };
        for (index, row) in table.body.iter().enumerate() {
            if row.section
                && !self.fresh
                && !self.next_row_follows(table, index, row, header_height)
            {
                // A section row keeps with the row it heads.
                self.table_page(table, table_header);
            }
            self.place_row(table, row, table_header, header_height);
        }
    }

    /// Whether the row after section row `index` would start on this page, by the same rule
    /// `place_row` uses (a row that does not fit moves on when less than a third is left).
    fn next_row_follows(
        &self,
        table: &PreparedTable,
        index: usize,
        section_row: &PreparedRow,
        header_height: f32,
    ) -> bool {
        let pad = self.style.cell_padding;
        let left = self.bottom() - self.y - row_height(section_row, pad);
        let Some(next) = table.body.get(index + 1) else {
            return left >= 0.0;
        };
        let rest = row_height(next, pad);
        let fresh_room = self.content_height() - header_height;
        left >= first_lines_height(next, pad)
            && (rest <= left || left >= self.content_height() / 3.0 || rest > fresh_room)
    }

    fn table_page(&mut self, table: &PreparedTable, header: &[PreparedRow]) {
        self.new_page();
        let pad = self.style.cell_padding;
        for row in header {
            let from = vec![0; row.cells.len()];
            let to: Vec<usize> = row.cells.iter().map(|c| c.lines.len()).collect();
            self.emit_row(table, row, &from, &to, row_height(row, pad), true);
        }
        self.fresh = true;
    }

    /// Places a row whole, moves it to the next page, or splits it line by line.
    fn place_row(
        &mut self,
        table: &PreparedTable,
        row: &PreparedRow,
        header: &[PreparedRow],
        header_height: f32,
    ) {
        let pad = self.style.cell_padding;
        let mut from = vec![0; row.cells.len()];
        let all: Vec<usize> = row.cells.iter().map(|c| c.lines.len()).collect();
        let fresh_room = self.content_height()
            - if header.is_empty() {
                0.0
            } else {
                header_height
            };
        loop {
            let rest = rest_height(row, &from, pad);
            if self.y + rest <= self.bottom() + 0.01 || (self.fresh && rest <= 2.0 * pad) {
                self.emit_row(table, row, &from, &all, rest, false);
                self.fresh = false;
                return;
            }
            let left = self.bottom() - self.y;
            if !self.fresh && rest <= fresh_room && left < self.content_height() / 3.0 {
                self.table_page(table, header);
                continue;
            }
            let room = left - 2.0 * pad;
            let to: Vec<usize> = row
                .cells
                .iter()
                .zip(&from)
                .map(|(cell, &start)| lines_fitting(cell, start, room))
                .collect();
            let progress = to.iter().zip(&from).any(|(t, f)| t > f);
            if !progress {
                if self.fresh {
                    // Not even one line fits on an empty page: place one line per cell anyway.
                    let forced: Vec<usize> = from
                        .iter()
                        .zip(&all)
                        .map(|(f, a)| (f + 1).min(*a))
                        .collect();
                    let height = chunk_height(row, &from, &forced, pad);
                    self.emit_row(table, row, &from, &forced, height, false);
                    from = forced;
                } else {
                    self.table_page(table, header);
                    continue;
                }
            } else {
                let height = chunk_height(row, &from, &to, pad);
                self.emit_row(table, row, &from, &to, height, false);
                from = to;
            }
            self.fresh = false;
            if from == all {
                return;
            }
            self.table_page(table, header);
        }
    }

    /// Draws lines `from[i]..to[i]` of each cell as one band `height` tall at the cursor:
    /// fills first (under the text), then text, then borders.
    fn emit_row(
        &mut self,
        table: &PreparedTable,
        row: &PreparedRow,
        from: &[usize],
        to: &[usize],
        height: f32,
        artifact: bool,
    ) {
        let top = self.y;
        let pad = self.style.cell_padding;
        for cell in &row.cells {
            if let Some(fill) = cell.fill {
                self.items().push(Item::Rect {
                    x: cell.x,
                    y: top,
                    w: cell.width,
                    h: height,
                    fill: Some(fill),
                    stroke: None,
                    node: None,
                });
            }
        }
        for ((cell, &start), &end) in row.cells.iter().zip(from).zip(to) {
            let Some(base) = cell.lines.get(start).map(|(offset, _)| *offset) else {
                continue;
            };
            for (offset, line) in &cell.lines[start..end.min(cell.lines.len())] {
                self.emit_line(line, cell.x + pad, top + pad + offset - base, artifact);
            }
        }
        if table.borders {
            let color = self.style.border_color;
            let width = self.style.border_width;
            let bottom = top + height;
            let rule = |x1: f32, y1: f32, x2: f32, y2: f32| Item::Line {
                x1,
                y1,
                x2,
                y2,
                width,
                color,
            };
            let mut lines = vec![
                rule(table.left, top, table.right, top),
                rule(table.left, bottom, table.right, bottom),
            ];
            lines.extend(row.cells.iter().map(|c| rule(c.x, top, c.x, bottom)));
            lines.push(rule(table.right, top, table.right, bottom));
            self.items().extend(lines);
        }
        self.y = top + height;
    }

    /// Ends the document: links resolved, and every page numbered with `page_label`.
    pub(crate) fn finish(mut self, sections: usize, page_label: &str) -> Finished {
        if self.pages.is_empty() {
            // A PDF needs at least one page, even for an empty document.
            self.start_page();
            self.footers.push(String::new());
        }
        let open_links = self.resolve_links();
        for (page, info) in self.pages.iter_mut().zip(&self.page_info) {
            page.footer_start = page.items.len();
            page.running_footer = self
                .footers
                .get(info.section)
                .map_or("", |s| s.trim())
                .to_string();
        }
        stamp_footers(&mut self.pages, page_label, self.style);
        debug_assert_eq!(self.section_pages.len(), sections);
        Finished {
            pages: self.pages,
            outline: self.outline,
            section_pages: self.section_pages,
            anchors: self.anchors,
            open_links,
        }
    }

    /// Points each link at its heading; returns those whose heading is in another document.
    fn resolve_links(&mut self) -> Vec<OpenLink> {
        let mut open = Vec::new();
        for link in std::mem::take(&mut self.pending_links) {
            let Some(&(page, y)) = self.anchors.get(&link.anchor) else {
                open.push(OpenLink {
                    page: link.page,
                    item: link.item,
                    anchor: link.anchor,
                });
                continue;
            };
            if let Some(Item::Link { target, .. }) = self.pages[link.page].items.get_mut(link.item)
            {
                *target = LinkTarget::Page { page, y };
            }
        }
        open
    }
}

/// What pagination hands back to `layout`.
pub(crate) struct Finished {
    pub pages: Vec<Page>,
    pub outline: Vec<OutlineEntry>,
    pub section_pages: Vec<usize>,
    pub anchors: BTreeMap<String, (usize, f32)>,
    pub open_links: Vec<OpenLink>,
}

/// Numbers every page with `page_label`, replacing its running footer (`items[footer_start..]`):
/// the number (and on our own pages the section's footer text and a rule) at the foot.
pub(crate) fn stamp_footers(pages: &mut [Page], page_label: &str, style: &Style) {
    let total = pages.len();
    for (index, page) in pages.iter_mut().enumerate() {
        page.items.truncate(page.footer_from());
        page.footer_start = page.items.len();
        let number = format!(
            "{} ",
            page_label
                .replace("{page}", &(index + 1).to_string())
                .replace("{pages}", &total.to_string())
        );
        if page.imported.is_some() {
            let size = style.stamp_size;
            let width = fonts::text_width(FontStyle::Regular, size, &number);
            page.items.push(footer_text(
                page.width - 28.0 - width,
                page.height - 14.0,
                size,
                number,
                style.text_color,
            ));
            continue;
        }
        let size = style.footer_size;
        let baseline = page.height - style.footer_baseline_from_bottom;
        let right = page.width - style.margin_right;
        // Right-aligned including the trailing space, so nothing passes the margin.
        let number_width = fonts::text_width(FontStyle::Regular, size, &number);
        if style.footer_rule {
            let y = baseline - size * 1.4;
            page.items.push(Item::Line {
                x1: style.margin_left,
                y1: y,
                x2: right,
                y2: y,
                width: 0.5,
                color: style.border_color,
            });
        }
        let room = right - style.margin_left - number_width - 12.0;
        let footer = fit_text(&page.running_footer, FontStyle::Regular, size, room);
        if !footer.is_empty() {
            page.items.push(footer_text(
                style.margin_left,
                baseline,
                size,
                format!("{footer} "),
                style.text_color,
            ));
        }
        page.items.push(footer_text(
            right - number_width,
            baseline,
            size,
            number,
            style.text_color,
        ));
        // The page is complete: a vector grown by doubling holds up to twice its items, and a
        // meeting's pages are most of what a build holds.
        page.items.shrink_to_fit();
    }
}

fn footer_text(x: f32, baseline: f32, size: f32, text: String, color: Rgb) -> Item {
    let text = text.into();
    Item::Text {
        x,
        baseline,
        font: FontStyle::Regular,
        size,
        text,
        color,
        node: None,
    }
}

/// `text` shortened with an ellipsis to fit `room` (with its trailing space).
fn fit_text(text: &str, font: FontStyle, size: f32, room: f32) -> String {
    let space = fonts::char_width(font, size, ' ');
    if fonts::text_width(font, size, text) + space <= room {
        return text.to_string();
    }
    let budget = room - space - fonts::char_width(font, size, '…');
    let mut used = 0.0;
    let mut out: String = text
        .chars()
        .take_while(|&c| {
            used += fonts::char_width(font, size, c);
            used <= budget
        })
        .collect();
    out.push('…');
    out
}

/// Height that must stay together starting at `flow[index]`: lines joined by keep-with-next,
/// the spaces between them, box openings, and the first line of what follows; a table
/// contributes its header and first row's first lines.
fn keep_chain_height(flow: &[Flow], index: usize, style: &Style) -> f32 {
    let mut height = 0.0;
    for item in &flow[index..] {
        match item {
            Flow::Line(line) => {
                height += line.height;
                if !line.keep_with_next {
                    break;
                }
            }
            Flow::Space(gap) => height += gap,
            Flow::BoxStart { .. } | Flow::BoxEnd => height += style.box_padding,
            Flow::Table(table) => {
                let pad = style.cell_padding;
                height += table.header.iter().map(|r| row_height(r, pad)).sum::<f32>();
                height += table
                    .body
                    .first()
                    .map_or(0.0, |row| first_lines_height(row, pad));
                break;
            }
            Flow::Chart(chart) => {
                height += chart.height;
                break;
            }
            Flow::PageBreak => break,
        }
    }
    height
}

fn cell_extent(cell: &PreparedCell, from: usize, to: usize) -> f32 {
    if to <= from {
        return 0.0;
    }
    let (Some((start, _)), Some((last, line))) = (cell.lines.get(from), cell.lines.get(to - 1))
    else {
        return 0.0;
    };
    last + line.height - start
}

fn chunk_height(row: &PreparedRow, from: &[usize], to: &[usize], pad: f32) -> f32 {
    let content = row
        .cells
        .iter()
        .zip(from.iter().zip(to))
        .map(|(cell, (&f, &t))| cell_extent(cell, f, t))
        .fold(0.0, f32::max);
    content + 2.0 * pad
}

fn rest_height(row: &PreparedRow, from: &[usize], pad: f32) -> f32 {
    let to: Vec<usize> = row.cells.iter().map(|c| c.lines.len()).collect();
    chunk_height(row, from, &to, pad)
}

fn row_height(row: &PreparedRow, pad: f32) -> f32 {
    rest_height(row, &vec![0; row.cells.len()], pad)
}

/// Height of a row's first two lines per cell: what must fit for the row to start on a page.
fn first_lines_height(row: &PreparedRow, pad: f32) -> f32 {
    let from = vec![0; row.cells.len()];
    let to: Vec<usize> = row.cells.iter().map(|c| c.lines.len().min(2)).collect();
    chunk_height(row, &from, &to, pad)
}

/// The end index of the lines of `cell` from `start` that fit in `room`.
fn lines_fitting(cell: &PreparedCell, start: usize, room: f32) -> usize {
    let mut end = start;
    while end < cell.lines.len() && cell_extent(cell, start, end + 1) <= room + 0.01 {
        end += 1;
    }
    end
}
