//! Reads the semantic HTML the templates emit back into the block tree, so the PDF is laid out
//! from exactly the markup the web page shows. Only `<main>` is read; its `<section>`s become
//! document sections (`data-kind`, `data-orientation`, `data-footer`, `data-header`, `data-title`).
//! Markup outside the small vocabulary below is an error, never silently dropped.

use crate::layout::blocks::{
    Bar, BarSegment, Block, Cell, Chart, Document, HeaderScope, Inline, ListItem, ListKind,
    Orientation, ParagraphStyle, Rgb, Row, Section, SectionKind, Table,
};
use anyhow::{anyhow, bail, Context, Result};
use quick_xml::events::Event;
use quick_xml::Reader;

#[derive(Debug, Clone)]
struct Element {
    name: String,
    attrs: Vec<(String, String)>,
    children: Vec<Node>,
}

#[derive(Debug, Clone)]
enum Node {
    Element(Element),
    Text(String),
}

impl Element {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    fn has_class(&self, class: &str) -> bool {
        self.attr("class")
            .is_some_and(|classes| classes.split_whitespace().any(|c| c == class))
    }

    fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|node| match node {
            Node::Element(element) => Some(element),
            Node::Text(_) => None,
        })
    }

    fn find(&self, name: &str) -> Option<&Element> {
        if self.name == name {
            return Some(self);
        }
        self.elements().find_map(|child| child.find(name))
    }

    fn text(&self) -> String {
        let mut out = String::new();
        collect_text(&self.children, &mut out);
        collapse_whitespace(&out)
    }
}

fn collect_text(nodes: &[Node], out: &mut String) {
    for node in nodes {
        match node {
            Node::Text(text) => out.push_str(text),
            Node::Element(element) => collect_text(&element.children, out),
        }
    }
}

const VOID_ELEMENTS: [&str; 4] = ["meta", "br", "col", "hr"];

/// Parses a page the templates produced into a document of sections.
pub fn parse_page(html: &str) -> Result<Document> {
    let root = parse_tree(html)?;
    let lang = root
        .find("html")
        .and_then(|h| h.attr("lang"))
        .unwrap_or("en-GB")
        .to_string();
    let main = root.find("main").ok_or_else(|| {
        anyhow!("the page has no <main> element: the PDF is laid out from <main>")
    })?;
    let mut sections = Vec::new();
    collect_sections(main, &mut sections)?;
    if sections.is_empty() {
        bail!("<main> holds no <section data-kind=...>: nothing to lay out");
    }
    let page_label = main
        .attr("data-page-label")
        .filter(|label| label.contains("{page}"))
        .ok_or_else(|| {
            anyhow!(
                "<main> has no data-page-label with {{page}} in it: the template words the running page number there (for example: Page {{page}} of {{pages}})"
            )
        })?
        .to_string();
    Ok(Document {
        title: main
            .attr("data-title")
            .unwrap_or_default()
            .trim()
            .to_string(),
        lang,
        page_label,
        sections,
    })
}

fn collect_sections(element: &Element, out: &mut Vec<Section>) -> Result<()> {
    for child in element.elements() {
        if child.name == "section" {
            out.push(section(child)?);
        } else {
            collect_sections(child, out)?;
        }
    }
    Ok(())
}

fn section(element: &Element) -> Result<Section> {
    let kind = match element.attr("data-kind") {
        Some("front-sheet") => SectionKind::FrontSheet,
        Some("agenda") => SectionKind::Agenda,
        Some("report") => SectionKind::Report,
        Some("appendix") => SectionKind::Appendix,
        Some("notice") => SectionKind::Notice,
        other => bail!(
            "<section> has data-kind={other:?}; use front-sheet, agenda, report, appendix or notice"
        ),
    };
    let orientation = match element.attr("data-orientation") {
        Some("landscape") => Orientation::Landscape,
        Some("portrait") | None => Orientation::Portrait,
        Some(other) => bail!("<section> has data-orientation={other:?}; use portrait or landscape"),
    };
    let title = element.attr("data-title").unwrap_or_default().to_string();
    let mut blocks =
        blocks(&element.children).with_context(|| format!("in the section {title:?}"))?;
    if let Some(lang) = element.attr("lang") {
        blocks
            .iter_mut()
            .for_each(|block| set_language(block, lang));
    }
    Ok(Section {
        kind,
        title,
        orientation,
        footer: element.attr("data-footer").unwrap_or_default().to_string(),
        header: element.attr("data-header").map(str::to_string),
        blocks,
        imported: None,
    })
}

fn is_inline(name: &str) -> bool {
    matches!(
        name,
        "a" | "strong"
            | "b"
            | "em"
            | "i"
            | "span"
            | "br"
            | "code"
            | "del"
            | "s"
            | "abbr"
            | "sup"
            | "sub"
    )
}

/// Block content: block elements become blocks; runs of text and inline elements between them
/// become paragraphs.
fn blocks(nodes: &[Node]) -> Result<Vec<Block>> {
    let mut out = Vec::new();
    let mut pending: Vec<&Node> = Vec::new();
    for node in nodes {
        match node {
            Node::Element(element) if !is_inline(&element.name) => {
                flush_paragraph(&mut pending, &mut out)?;
                block(element, &mut out)?;
            }
            other => pending.push(other),
        }
    }
    flush_paragraph(&mut pending, &mut out)?;
    Ok(out)
}

fn flush_paragraph(pending: &mut Vec<&Node>, out: &mut Vec<Block>) -> Result<()> {
    let owned: Vec<Node> = pending.drain(..).cloned().collect();
    let runs = inlines(&owned)?;
    if !runs.is_empty() {
        out.push(Block::Paragraph {
            label: None,
            runs,
            style: ParagraphStyle::Normal,
        });
    }
    Ok(())
}

fn block(element: &Element, out: &mut Vec<Block>) -> Result<()> {
    match element.name.as_str() {
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => out.push(heading(element)?),
        "p" => {
            let runs = inlines(&element.children)?;
            if !runs.is_empty() {
                out.push(Block::Paragraph {
                    label: None,
                    runs,
                    style: paragraph_style(element),
                });
            }
        }
        "pre" => out.extend(code_block(element)),
        "ul" | "ol" => out.push(list(element)?),
        "table" => out.push(Block::Table(table(element)?)),
        "hr" => out.push(Block::PageBreak),
        "div" if element.has_class("page-break") => out.push(Block::PageBreak),
        "div" if element.has_class("box") => out.push(Block::Boxed {
            blocks: blocks(&element.children)?,
        }),
        "div" if element.has_class("numbered") => numbered(element, out)?,
        "div" if element.has_class("chart") => out.push(Block::Chart(chart(element)?)),
        "div" | "blockquote" | "nav" => {
            let mut inner = blocks(&element.children)?;
            if let Some(lang) = element.attr("lang") {
                inner.iter_mut().for_each(|block| set_language(block, lang));
            }
            out.extend(inner);
        }
        other => bail!(
            "<{other}> is not part of the markup the PDF understands (see README.md, \"Markup the PDF understands\")"
        ),
    }
    Ok(())
}

/// A bar chart: `<div class="chart" data-alt="...">` holding one `<div class="bar"
/// data-label="...">` per bar, each holding one `<span data-fill="#..." data-share="0.5">` per
/// segment, whose text is printed in it when it fits.
fn chart(element: &Element) -> Result<Chart> {
    let alt = element
        .attr("data-alt")
        .map(str::trim)
        .filter(|alt| !alt.is_empty())
        .context("a chart needs its alternative text in data-alt")?;
    let bars = element
        .elements()
        .map(|bar| {
            if !bar.has_class("bar") {
                bail!(
                    "<{}> inside a chart: it holds <div class=\"bar\">",
                    bar.name
                );
            }
            let segments = bar
                .elements()
                .map(|segment| {
                    let share = segment
                        .attr("data-share")
                        .and_then(|s| s.trim().parse::<f32>().ok())
                        .filter(|s| s.is_finite() && (0.0..=1.0).contains(s))
                        .context("a chart segment needs data-share between 0 and 1")?;
                    Ok(BarSegment {
                        text: segment.text(),
                        fill: segment.attr("data-fill").and_then(hex_colour),
                        share,
                    })
                })
                .collect::<Result<Vec<_>>>()?;
            Ok(Bar {
                label: bar
                    .attr("data-label")
                    .unwrap_or_default()
                    .trim()
                    .to_string(),
                segments,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(Chart {
        alt: collapse_whitespace(alt),
        bars,
    })
}

/// A code block (`<pre><code>`), set in the regular face with its line breaks and indentation
/// kept: each line is a line of the paragraph, leading spaces held by no-break spaces.
fn code_block(element: &Element) -> Option<Block> {
    let mut text = String::new();
    collect_text(&element.children, &mut text);
    let mut runs = Vec::new();
    for (index, line) in text.trim_end_matches('\n').split('\n').enumerate() {
        if index > 0 {
            runs.push(Inline::LineBreak);
        }
        let line = line.replace('\t', "    ");
        let indent = line.len() - line.trim_start_matches(' ').len();
        let kept = "\u{a0}".repeat(indent) + &collapse_whitespace(&line);
        if !kept.is_empty() {
            runs.push(Inline::Text {
                text: kept,
                bold: false,
                italic: false,
                link: None,
                lang: None,
            });
        }
    }
    (!runs.is_empty()).then_some(Block::Paragraph {
        label: None,
        runs,
        style: ParagraphStyle::Normal,
    })
}

fn heading(element: &Element) -> Result<Block> {
    let level = element.name[1..].parse::<u8>().unwrap_or(6);
    let bookmark = match element.attr("data-bookmark") {
        Some(value) => value != "false",
        None => level <= 2,
    };
    Ok(Block::Heading {
        level,
        runs: inlines(&element.children)?,
        bookmark,
        id: element.attr("id").map(str::to_string),
    })
}

fn paragraph_style(element: &Element) -> ParagraphStyle {
    if element.has_class("title") {
        ParagraphStyle::Title
    } else if element.has_class("small") {
        ParagraphStyle::Small
    } else if element.has_class("strong")
        || element.has_class("committee")
        || element.has_class("notice")
    {
        ParagraphStyle::Strong
    } else {
        ParagraphStyle::Normal
    }
}

/// `<div class="numbered"><span class="num">1.1</span><div class="body">...</div></div>`: the
/// number hangs beside the first paragraph of the body.
fn numbered(element: &Element, out: &mut Vec<Block>) -> Result<()> {
    let label = element
        .elements()
        .find(|e| e.has_class("num"))
        .map(Element::text)
        .unwrap_or_default();
    let body = element
        .elements()
        .find(|e| e.has_class("body"))
        .ok_or_else(|| anyhow!("<div class=\"numbered\"> needs a <div class=\"body\">"))?;
    let body_blocks = blocks(&body.children)?;
    match body_blocks.as_slice() {
        [Block::Paragraph { runs, style, .. }] => out.push(Block::Paragraph {
            label: Some(label),
            runs: runs.clone(),
            style: *style,
        }),
        _ => out.push(Block::List {
            kind: ListKind::Numbered,
            items: vec![ListItem {
                label,
                blocks: body_blocks,
            }],
        }),
    }
    Ok(())
}

fn list(element: &Element) -> Result<Block> {
    let ordered = element.name == "ol";
    let start: usize = element
        .attr("start")
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    let mut items = Vec::new();
    for (index, li) in element.elements().enumerate() {
        if li.name != "li" {
            bail!(
                "<{}> inside <{}>: lists hold <li> only",
                li.name,
                element.name
            );
        }
        let (written_label, content) = split_label(li);
        let label = match written_label.or_else(|| li.attr("data-label").map(str::to_string)) {
            Some(label) => label,
            None if ordered => format!("{}.", start + index),
            None => "•".to_string(),
        };
        items.push(ListItem {
            label,
            blocks: blocks(content)?,
        });
    }
    Ok(Block::List {
        kind: if ordered {
            ListKind::Ordered
        } else {
            ListKind::Bullet
        },
        items,
    })
}

/// A list item may write its label as text (`<li><span class="label">a)</span> ...`) so that it
/// is read out and copied with the text, not only drawn by CSS.
fn split_label(li: &Element) -> (Option<String>, &[Node]) {
    let first_element = li.children.iter().position(|n| match n {
        Node::Element(_) => true,
        Node::Text(text) => !text.trim().is_empty(),
    });
    match first_element.map(|i| (i, &li.children[i])) {
        Some((index, Node::Element(span))) if span.name == "span" && span.has_class("label") => {
            (Some(span.text()), &li.children[index + 1..])
        }
        _ => (None, &li.children),
    }
}

fn table(element: &Element) -> Result<Table> {
    let mut table = Table {
        caption: None,
        caption_visible: false,
        column_widths: Vec::new(),
        header: Vec::new(),
        body: Vec::new(),
        borders: !element.has_class("borderless"),
    };
    for part in element.elements() {
        match part.name.as_str() {
            "caption" => {
                table.caption = Some(part.text());
                table.caption_visible = !part.has_class("visually-hidden");
            }
            "colgroup" => table.column_widths = column_widths(part),
            "thead" => table.header.extend(rows(part, HeaderScope::Column)?),
            "tbody" => table.body.extend(rows(part, HeaderScope::Row)?),
            "tr" => table.body.push(row(part, HeaderScope::Row)?),
            other => bail!("<{other}> inside <table>: use caption, colgroup, thead, tbody, tr"),
        }
    }
    Ok(table)
}

fn column_widths(colgroup: &Element) -> Vec<f32> {
    colgroup
        .elements()
        .filter(|col| col.name == "col")
        .map(|col| {
            col.attr("data-width")
                .and_then(|w| w.trim_end_matches('%').parse::<f32>().ok())
                .filter(|w| *w > 0.0)
                .unwrap_or(1.0)
        })
        .collect()
}

fn rows(group: &Element, default_scope: HeaderScope) -> Result<Vec<Row>> {
    group.elements().map(|tr| row(tr, default_scope)).collect()
}

fn row(tr: &Element, default_scope: HeaderScope) -> Result<Row> {
    if tr.name != "tr" {
        bail!("<{}> where a table row <tr> was expected", tr.name);
    }
    let cells = tr
        .elements()
        .map(|cell| table_cell(cell, default_scope))
        .collect::<Result<Vec<_>>>()?;
    Ok(Row {
        cells,
        section: tr.has_class("section-row"),
    })
}

fn table_cell(cell: &Element, default_scope: HeaderScope) -> Result<Cell> {
    let header = match cell.name.as_str() {
        "th" => Some(match cell.attr("scope") {
            Some("col") | Some("colgroup") => HeaderScope::Column,
            Some("row") | Some("rowgroup") => HeaderScope::Row,
            _ => default_scope,
        }),
        "td" => None,
        other => bail!("<{other}> inside <tr>: rows hold <th> and <td>"),
    };
    Ok(Cell {
        blocks: blocks(&cell.children)?,
        header,
        colspan: cell
            .attr("colspan")
            .and_then(|c| c.parse().ok())
            .filter(|c| *c >= 1)
            .unwrap_or(1),
        fill: cell.attr("data-fill").and_then(hex_colour),
    })
}

/// A cell's background from the template (`data-fill="#f6d7d2"`, a RAG status's colour).
fn hex_colour(value: &str) -> Option<Rgb> {
    let hex = value.trim().strip_prefix('#')?;
    if hex.len() != 6 || !hex.is_ascii() {
        return None;
    }
    let channel = |at: usize| u8::from_str_radix(&hex[at..at + 2], 16).ok();
    let (r, g, b) = (channel(0)?, channel(2)?, channel(4)?);
    Some(Rgb(
        f32::from(r) / 255.0,
        f32::from(g) / 255.0,
        f32::from(b) / 255.0,
    ))
}

/// Gives `lang` to every run of text inside `block` that has no language of its own: the
/// language of a container (`<div lang="cy">`, `<section lang="cy">`) reaches its text.
fn set_language(block: &mut Block, lang: &str) {
    let runs = |runs: &mut Vec<Inline>| {
        for run in runs.iter_mut() {
            if let Inline::Text { lang: run_lang, .. } = run {
                run_lang.get_or_insert_with(|| lang.to_string());
            }
        }
    };
    match block {
        Block::Heading { runs: r, .. } | Block::Paragraph { runs: r, .. } => runs(r),
        Block::List { items, .. } => items
            .iter_mut()
            .flat_map(|item| item.blocks.iter_mut())
            .for_each(|b| set_language(b, lang)),
        Block::Boxed { blocks } => blocks.iter_mut().for_each(|b| set_language(b, lang)),
        Block::Table(table) => table
            .header
            .iter_mut()
            .chain(table.body.iter_mut())
            .flat_map(|row| row.cells.iter_mut())
            .flat_map(|cell| cell.blocks.iter_mut())
            .for_each(|b| set_language(b, lang)),
        _ => {}
    }
}

#[derive(Clone, Default)]
struct InlineStyle {
    bold: bool,
    italic: bool,
    link: Option<String>,
    lang: Option<String>,
}

/// Inline content with HTML's whitespace rules: runs of spaces and newlines become one space,
/// and a paragraph neither starts nor ends with one.
fn inlines(nodes: &[Node]) -> Result<Vec<Inline>> {
    let mut runs = Vec::new();
    inline_nodes(nodes, &InlineStyle::default(), &mut runs)?;
    trim_runs(&mut runs);
    Ok(runs)
}

fn inline_nodes(nodes: &[Node], style: &InlineStyle, out: &mut Vec<Inline>) -> Result<()> {
    for node in nodes {
        match node {
            Node::Text(text) => push_text(out, text, style),
            Node::Element(element) => inline_element(element, style, out)?,
        }
    }
    Ok(())
}

fn inline_element(element: &Element, style: &InlineStyle, out: &mut Vec<Inline>) -> Result<()> {
    let mut inner = style.clone();
    match element.name.as_str() {
        "strong" | "b" => inner.bold = true,
        "em" | "i" => inner.italic = true,
        "a" => inner.link = element.attr("href").map(str::to_string),
        "br" => {
            out.push(Inline::LineBreak);
            return Ok(());
        }
        "span" if element.has_class("checkbox") => {
            out.push(Inline::Checkbox {
                checked: element.attr("data-checked") == Some("true"),
                label: element.attr("aria-label").unwrap_or("tick box").to_string(),
            });
            return Ok(());
        }
        "span" | "code" | "del" | "s" | "abbr" | "sup" | "sub" => {}
        other => {
            bail!("<{other}> inside a paragraph is not part of the markup the PDF understands")
        }
    }
    if let Some(lang) = element.attr("lang") {
        inner.lang = Some(lang.to_string());
    }
    inline_nodes(&element.children, &inner, out)
}

fn push_text(out: &mut Vec<Inline>, text: &str, style: &InlineStyle) {
    let mut collapsed = collapse_whitespace_keep_edges(text);
    let previous_ends_in_space = match out.last() {
        Some(Inline::Text { text, .. }) => text.ends_with(' '),
        Some(Inline::LineBreak) | None => true,
        Some(Inline::Checkbox { .. }) => false,
    };
    if previous_ends_in_space && collapsed.starts_with(' ') {
        collapsed.remove(0);
    }
    if collapsed.is_empty() {
        return;
    }
    if let Some(Inline::Text {
        text,
        bold,
        italic,
        link,
        lang,
    }) = out.last_mut()
    {
        if *bold == style.bold
            && *italic == style.italic
            && *link == style.link
            && *lang == style.lang
        {
            text.push_str(&collapsed);
            return;
        }
    }
    out.push(Inline::Text {
        text: collapsed,
        bold: style.bold,
        italic: style.italic,
        link: style.link.clone(),
        lang: style.lang.clone(),
    });
}

fn trim_runs(runs: &mut Vec<Inline>) {
    if let Some(Inline::Text { text, .. }) = runs.first_mut() {
        *text = text.trim_start().to_string();
    }
    if let Some(Inline::Text { text, .. }) = runs.last_mut() {
        *text = text.trim_end().to_string();
    }
    for index in 0..runs.len() {
        if let (Some(Inline::LineBreak), Some(Inline::Text { text, .. })) =
            (runs.get(index).cloned(), runs.get_mut(index + 1))
        {
            *text = text.trim_start().to_string();
        }
    }
    runs.retain(|run| !matches!(run, Inline::Text { text, .. } if text.is_empty()));
}

fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn collapse_whitespace_keep_edges(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_space = false;
    for c in text.chars() {
        // A no-break space is content, not layout whitespace.
        if c.is_whitespace() && c != '\u{a0}' {
            if !in_space {
                out.push(' ');
            }
            in_space = true;
        } else {
            out.push(c);
            in_space = false;
        }
    }
    out
}

/// Builds the element tree. The templates emit well-formed markup (void elements closed with
/// `/>`), so an XML reader suffices and reports mistakes with their byte position.
fn parse_tree(html: &str) -> Result<Element> {
    let mut reader = Reader::from_str(html);
    reader.config_mut().check_end_names = true;
    let mut stack = vec![Element {
        name: "#document".to_string(),
        attrs: Vec::new(),
        children: Vec::new(),
    }];
    loop {
        let position = reader.buffer_position();
        let event = reader
            .read_event()
            .map_err(|error| anyhow!("malformed markup at byte {position}: {error}"))?;
        match event {
            Event::Start(start) => {
                let element = open_element(&start, reader.decoder())?;
                if VOID_ELEMENTS.contains(&element.name.as_str()) {
                    bail!(
                        "<{}> at byte {position} must be written <{} />",
                        element.name,
                        element.name
                    );
                }
                stack.push(element);
            }
            Event::Empty(start) => {
                let element = open_element(&start, reader.decoder())?;
                push_child(&mut stack, Node::Element(element));
            }
            Event::End(_) => {
                let element = stack
                    .pop()
                    .filter(|_| !stack.is_empty())
                    .ok_or_else(|| anyhow!("unexpected closing tag at byte {position}"))?;
                push_child(&mut stack, Node::Element(element));
            }
            Event::Text(text) => {
                let decoded = text.decode().context("markup is not valid UTF-8")?;
                push_text_node(&mut stack, &decoded);
            }
            Event::GeneralRef(reference) => {
                let resolved = resolve_reference(&reference)?;
                push_text_node(&mut stack, &resolved);
            }
            Event::CData(data) => {
                let decoded = data.decode().context("markup is not valid UTF-8")?;
                push_text_node(&mut stack, &decoded);
            }
            Event::Eof => break,
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
    if stack.len() != 1 {
        let open = stack.last().map(|e| e.name.clone()).unwrap_or_default();
        bail!("the markup ends with <{open}> still open");
    }
    stack.pop().ok_or_else(|| anyhow!("empty markup"))
}

fn open_element(
    start: &quick_xml::events::BytesStart<'_>,
    decoder: quick_xml::encoding::Decoder,
) -> Result<Element> {
    let name = String::from_utf8_lossy(start.name().as_ref()).to_ascii_lowercase();
    let mut attrs = Vec::new();
    for attribute in start.attributes() {
        let attribute = attribute.with_context(|| format!("bad attribute on <{name}>"))?;
        let key = String::from_utf8_lossy(attribute.key.as_ref()).to_string();
        let value = attribute
            .decode_and_unescape_value(decoder)
            .with_context(|| format!("bad value of {key} on <{name}>"))?
            .to_string();
        attrs.push((key, value));
    }
    Ok(Element {
        name,
        attrs,
        children: Vec::new(),
    })
}

fn push_child(stack: &mut [Element], node: Node) {
    if let Some(parent) = stack.last_mut() {
        parent.children.push(node);
    }
}

fn push_text_node(stack: &mut [Element], text: &str) {
    if let Some(parent) = stack.last_mut() {
        if let Some(Node::Text(previous)) = parent.children.last_mut() {
            previous.push_str(text);
        } else {
            parent.children.push(Node::Text(text.to_string()));
        }
    }
}

fn resolve_reference(reference: &quick_xml::events::BytesRef<'_>) -> Result<String> {
    if let Some(c) = reference
        .resolve_char_ref()
        .map_err(|e| anyhow!("bad character reference: {e}"))?
    {
        return Ok(c.to_string());
    }
    let name = reference.decode().context("markup is not valid UTF-8")?;
    Ok(match name.as_ref() {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        "nbsp" => "\u{a0}",
        other => bail!("unknown entity &{other}; (write the character itself)"),
    }
    .to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(body: &str) -> String {
        format!(
            "<!DOCTYPE html><html lang=\"en-GB\"><head><meta charset=\"utf-8\" /></head><body><main data-title=\"T\" data-page-label=\"Page {{page}} of {{pages}}\"><section data-kind=\"report\" data-footer=\"Cabinet, 1 December 2015\">{body}</section></main></body></html>"
        )
    }

    #[test]
    fn numbered_paragraph_hangs_its_number() {
        let doc = parse_page(&page(
            "<div class=\"numbered\"><span class=\"num\">2.1</span><div class=\"body\"><p>The <strong>plan</strong> &amp; more</p><ul><li>one</li></ul></div></div>",
        ))
        .unwrap();
        let blocks = &doc.sections[0].blocks;
        let Block::List {
            kind: ListKind::Numbered,
            items,
        } = &blocks[0]
        else {
            panic!("expected a numbered paragraph, got {:?}", blocks[0])
        };
        assert_eq!(items[0].label, "2.1");
        let Block::Paragraph { runs, .. } = &items[0].blocks[0] else {
            panic!("expected the paragraph first")
        };
        assert_eq!(crate::layout::blocks::plain_text(runs), "The plan & more");
        assert!(
            matches!(&items[0].blocks[1], Block::List { kind: ListKind::Bullet, items } if items.len() == 1)
        );
    }

    #[test]
    fn table_keeps_headers_sections_and_widths() {
        let doc = parse_page(&page(
            "<table><caption class=\"visually-hidden\">Plan</caption><colgroup><col data-width=\"3\" /><col data-width=\"1\" /></colgroup><thead><tr><th scope=\"col\">What</th><th scope=\"col\">Lead</th></tr></thead><tbody><tr class=\"section-row\"><th scope=\"rowgroup\" colspan=\"2\">CONTEXT</th></tr><tr><td>Do it</td><td class=\"rag-red\" data-fill=\"#f6d7d2\">MD</td></tr></tbody></table>",
        ))
        .unwrap();
        let Block::Table(table) = &doc.sections[0].blocks[0] else {
            panic!("not a table")
        };
        assert_eq!(table.column_widths, vec![3.0, 1.0]);
        assert!(!table.caption_visible);
        assert_eq!(table.header[0].cells[0].header, Some(HeaderScope::Column));
        assert!(table.body[0].section);
        assert_eq!(table.body[0].cells[0].colspan, 2);
        assert!(table.body[1].cells[1].fill.is_some());
    }

    #[test]
    fn unknown_markup_is_an_error() {
        let error = parse_page(&page("<marquee>hi</marquee>")).unwrap_err();
        assert!(format!("{error:#}").contains("<marquee>"), "{error:#}");
    }

    #[test]
    fn whitespace_collapses_like_html() {
        let doc = parse_page(&page("<p>  Two\n   words <em>and</em>  more </p>")).unwrap();
        let Block::Paragraph { runs, .. } = &doc.sections[0].blocks[0] else {
            panic!()
        };
        assert_eq!(
            crate::layout::blocks::plain_text(runs),
            "Two words and more"
        );
    }
}
