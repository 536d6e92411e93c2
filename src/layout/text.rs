//! Measuring inline runs and breaking them into lines: Unicode line breaking, greedy fill,
//! ragged right, words longer than the line broken by characters.

use super::{Style, Tree};
use crate::layout::blocks::{Inline, Rgb};
use crate::layout::fonts;
use crate::layout::pages::{FontStyle, NodeId, Role};
use std::collections::BTreeSet;
use unicode_linebreak::{linebreaks, BreakOpportunity};

/// How a run of inline content is set.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TextStyle {
    pub size: f32,
    /// Set everything bold (headings, header cells), whatever the runs say.
    pub bold: bool,
    pub color: Rgb,
    pub centred: bool,
}

/// Where a link fragment points before pages are known.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum PendingTarget {
    /// Shared: every line of a long link carries it.
    Uri(std::sync::Arc<str>),
    /// A heading id known to exist in the document.
    Anchor(String),
}

#[derive(Debug, Clone)]
pub(crate) struct LinkSpec {
    pub node: NodeId,
    pub target: PendingTarget,
}

#[derive(Debug, Clone)]
pub(crate) enum FragKind {
    Text {
        text: String,
        font: FontStyle,
        size: f32,
        color: Rgb,
        node: NodeId,
    },
    Checkbox {
        checked: bool,
        node: NodeId,
    },
}

/// One piece of a line: a text run in one font, or a checkbox.
#[derive(Debug, Clone)]
pub(crate) struct Frag {
    /// Offset from the line's left edge.
    pub x: f32,
    /// Ink width (without the trailing space that keeps extracted words apart).
    pub width: f32,
    pub kind: FragKind,
    pub link: Option<LinkSpec>,
}

/// Something to record when the line lands on a page.
#[derive(Debug, Clone)]
pub(crate) enum Mark {
    Outline { title: String, level: u8 },
    Anchor(String),
}

/// A line ready to place: positions relative to its top-left corner.
#[derive(Debug, Clone)]
pub(crate) struct Line {
    /// Left edge, relative to the origin of the flow it sits in.
    pub x: f32,
    pub height: f32,
    /// Baseline below the top of the line.
    pub baseline: f32,
    pub frags: Vec<Frag>,
    /// The page may not break after this line (headings, orphans, widows).
    pub keep_with_next: bool,
    pub marks: Vec<Mark>,
}

impl Line {
    /// An empty line of a given height carrying only marks or a label.
    pub(crate) fn blank(style: &Style, size: f32) -> Line {
        let (height, baseline) = line_metrics(style, size);
        Line {
            x: 0.0,
            height,
            baseline,
            frags: Vec::new(),
            keep_with_next: false,
            marks: Vec::new(),
        }
    }
}

pub(crate) fn line_metrics(style: &Style, size: f32) -> (f32, f32) {
    let face = fonts::metrics(FontStyle::Regular);
    let height = size * style.leading;
    let half_leading = (height - (face.ascender() + face.descender()) * size) / 2.0;
    (height, half_leading + face.ascender() * size)
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum SpanKind {
    Text(FontStyle),
    Checkbox(bool),
    Break,
}

/// A stretch of the paragraph's concatenated text with one look and one structure node.
struct Span {
    start: usize,
    end: usize,
    kind: SpanKind,
    node: NodeId,
    link: Option<usize>,
}

/// A measured part of a word lying inside one span.
#[derive(Debug, Clone, Copy)]
struct Piece {
    span: usize,
    start: usize,
    end: usize,
    width: f32,
}

/// A break-free unit (a word and its trailing spaces) measured once.
struct Word {
    /// Range in the paragraph's shared piece list (one allocation per paragraph, not per word).
    pieces: std::ops::Range<usize>,
    width: f32,
    /// Width without trailing spaces: what counts when the word ends a line.
    ink_width: f32,
    mandatory_break_after: bool,
}

/// The paragraph's runs flattened to one string so Unicode breaking sees across style changes.
struct Prepared {
    text: String,
    spans: Vec<Span>,
    links: Vec<LinkSpec>,
}

const OBJECT_REPLACEMENT: char = '\u{FFFC}';

/// Breaks `runs` into lines at most `width` wide. Link and checkbox nodes are created under
/// `node`, which owns the plain text.
pub(crate) fn break_lines(
    runs: &[Inline],
    ts: TextStyle,
    width: f32,
    node: NodeId,
    tree: &mut Tree,
    anchors: &BTreeSet<String>,
    style: &Style,
) -> Vec<Line> {
    let prepared = prepare(runs, ts, node, tree, anchors);
    let (words, pieces) = measure_words(&prepared, ts, style);
    let broken = fill_lines(&prepared, &words, &pieces, ts, width, style);
    let (height, baseline) = line_metrics(style, ts.size);
    broken
        .iter()
        .map(|pieces| {
            let frags = build_frags(&prepared, pieces, ts, style);
            let ink: f32 = frags.last().map_or(0.0, |f| f.x + f.width);
            Line {
                x: if ts.centred {
                    ((width - ink) / 2.0).max(0.0)
                } else {
                    0.0
                },
                height,
                baseline,
                frags,
                keep_with_next: false,
                marks: Vec::new(),
            }
        })
        .collect()
}

fn prepare(
    runs: &[Inline],
    ts: TextStyle,
    node: NodeId,
    tree: &mut Tree,
    anchors: &BTreeSet<String>,
) -> Prepared {
    let mut out = Prepared {
        text: String::new(),
        spans: Vec::new(),
        links: Vec::new(),
    };
    for run in runs {
        let start = out.text.len();
        let (kind, span_node, link) = match run {
            Inline::Text {
                text,
                bold,
                italic,
                link,
                ..
            } => {
                if text.is_empty() {
                    continue;
                }
                // Control characters would measure as .notdef and confuse breaking.
                out.text.extend(text.chars().map(|c| {
                    if c.is_control() || c == OBJECT_REPLACEMENT {
                        ' '
                    } else {
                        c
                    }
                }));
                let target = link.as_deref().and_then(|t| live_target(t, anchors));
                let (span_node, link) = match target {
                    Some(target) => {
                        let link_node = tree.add(Role::Link, node);
                        out.links.push(LinkSpec {
                            node: link_node,
                            target,
                        });
                        (link_node, Some(out.links.len() - 1))
                    }
                    None => (node, None),
                };
                let font = FontStyle::from_flags(*bold || ts.bold, *italic);
                (SpanKind::Text(font), span_node, link)
            }
            Inline::LineBreak => {
                out.text.push('\n');
                (SpanKind::Break, node, None)
            }
            Inline::Checkbox { checked, label } => {
                let figure = tree.add(Role::Figure, node);
                tree.node_mut(figure).set_alt(label.as_str());
                out.text.push(OBJECT_REPLACEMENT);
                (SpanKind::Checkbox(*checked), figure, None)
            }
        };
        out.spans.push(Span {
            start,
            end: out.text.len(),
            kind,
            node: span_node,
            link,
        });
    }
    out
}

/// `#id` links live only when the id exists; everything else is a URI.
fn live_target(target: &str, anchors: &BTreeSet<String>) -> Option<PendingTarget> {
    match target.strip_prefix('#') {
        Some(id) if anchors.contains(id) => Some(PendingTarget::Anchor(id.to_string())),
        Some(_) => None,
        None if target.trim().is_empty() => None,
        None => Some(PendingTarget::Uri(target.into())),
    }
}

fn piece_width(
    prepared: &Prepared,
    span: &Span,
    start: usize,
    end: usize,
    ts: TextStyle,
    style: &Style,
) -> f32 {
    match span.kind {
        SpanKind::Text(font) => fonts::text_width(font, ts.size, &prepared.text[start..end]),
        SpanKind::Checkbox(_) => checkbox_advance(style),
        SpanKind::Break => 0.0,
    }
}

pub(crate) fn checkbox_advance(style: &Style) -> f32 {
    style.checkbox_size + 3.0
}

fn measure_words(prepared: &Prepared, ts: TextStyle, style: &Style) -> (Vec<Word>, Vec<Piece>) {
    let mut words = Vec::new();
    let mut pieces = Vec::new();
    let mut span_index = 0;
    let mut word_start = 0;
    for (at, opportunity) in linebreaks(&prepared.text) {
        let (start, end) = (word_start, at);
        word_start = at;
        if start == end {
            continue;
        }
        let mut word = Word {
            pieces: pieces.len()..pieces.len(),
            width: 0.0,
            ink_width: 0.0,
            mandatory_break_after: opportunity == BreakOpportunity::Mandatory,
        };
        // Spans and words both advance monotonically, so one cursor suffices.
        while span_index < prepared.spans.len() && prepared.spans[span_index].end <= start {
            span_index += 1;
        }
        let mut index = span_index;
        while index < prepared.spans.len() && prepared.spans[index].start < end {
            let span = &prepared.spans[index];
            let (s, e) = (span.start.max(start), span.end.min(end));
            let width = piece_width(prepared, span, s, e, ts, style);
            pieces.push(Piece {
                span: index,
                start: s,
                end: e,
                width,
            });
            word.width += width;
            index += 1;
        }
        word.pieces.end = pieces.len();
        word.ink_width =
            word.width - trailing_space_width(prepared, &pieces[word.pieces.clone()], ts);
        words.push(word);
    }
    (words, pieces)
}

fn trailing_space_width(prepared: &Prepared, pieces: &[Piece], ts: TextStyle) -> f32 {
    let mut width = 0.0;
    for piece in pieces.iter().rev() {
        let span = &prepared.spans[piece.span];
        let font = match span.kind {
            SpanKind::Text(font) => font,
            SpanKind::Break => continue,
            SpanKind::Checkbox(_) => return width,
        };
        for ch in prepared.text[piece.start..piece.end].chars().rev() {
            if !ch.is_whitespace() {
                return width;
            }
            width += fonts::char_width(font, ts.size, ch);
        }
    }
    width
}

/// The width of the single space that ends every line (so extracted words stay apart).
fn closing_space(prepared: &Prepared, pieces: &[Piece], ts: TextStyle) -> f32 {
    let font = pieces
        .iter()
        .rev()
        .find_map(|p| match prepared.spans[p.span].kind {
            SpanKind::Text(font) => Some(font),
            _ => None,
        })
        .unwrap_or(FontStyle::Regular);
    fonts::char_width(font, ts.size, ' ')
}

/// Greedy filling: a line takes words while the words so far plus this word's ink plus one
/// closing space fit.
fn fill_lines(
    prepared: &Prepared,
    words: &[Word],
    pieces: &[Piece],
    ts: TextStyle,
    width: f32,
    style: &Style,
) -> Vec<Vec<Piece>> {
    let mut lines: Vec<Vec<Piece>> = Vec::new();
    let mut line: Vec<Piece> = Vec::new();
    let mut used = 0.0;
    for word in words {
        let word_pieces = &pieces[word.pieces.clone()];
        let closing = closing_space(prepared, word_pieces, ts);
        if !line.is_empty() && used + word.ink_width + closing > width {
            lines.push(std::mem::take(&mut line));
            used = 0.0;
        }
        if line.is_empty() && word.ink_width + closing > width {
            for chunk in split_by_characters(prepared, word_pieces, ts, width, style) {
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                used = chunk.iter().map(|p| p.width).sum();
                line = chunk;
            }
        } else {
            line.extend_from_slice(word_pieces);
            used += word.width;
        }
        if word.mandatory_break_after {
            lines.push(std::mem::take(&mut line));
            used = 0.0;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    // The final mandatory break (end of text) must not leave an empty last line.
    while lines.last().is_some_and(|l| {
        l.iter()
            .all(|p| prepared.spans[p.span].kind == SpanKind::Break)
    }) && lines.len() > 1
    {
        lines.pop();
    }
    lines
}

/// Cuts an over-long word into chunks that each fit the line (at least one character each,
/// so even a column narrower than a letter makes progress).
fn split_by_characters(
    prepared: &Prepared,
    pieces: &[Piece],
    ts: TextStyle,
    width: f32,
    style: &Style,
) -> Vec<Vec<Piece>> {
    let mut chunks: Vec<Vec<Piece>> = Vec::new();
    let mut chunk: Vec<Piece> = Vec::new();
    let mut used = 0.0;
    for piece in pieces {
        let span = &prepared.spans[piece.span];
        for (offset, ch) in prepared.text[piece.start..piece.end].char_indices() {
            let start = piece.start + offset;
            let end = start + ch.len_utf8();
            let w = piece_width(prepared, span, start, end, ts, style);
            let closing = closing_space(prepared, std::slice::from_ref(piece), ts);
            if !chunk.is_empty() && !ch.is_whitespace() && used + w + closing > width {
                chunks.push(std::mem::take(&mut chunk));
                used = 0.0;
            }
            match chunk.last_mut() {
                Some(last) if last.span == piece.span && last.end == start => {
                    last.end = end;
                    last.width += w;
                }
                _ => chunk.push(Piece {
                    span: piece.span,
                    start,
                    end,
                    width: w,
                }),
            }
            used += w;
        }
    }
    chunks.push(chunk);
    chunks.retain(|c| !c.is_empty());
    chunks
}

/// Merges a line's pieces into fragments (one per font, node and link) with final text: no
/// leading space, exactly one trailing space on the last text fragment.
fn build_frags(prepared: &Prepared, pieces: &[Piece], ts: TextStyle, style: &Style) -> Vec<Frag> {
    let mut frags: Vec<Frag> = Vec::new();
    let mut last_span: Option<usize> = None;
    for piece in pieces {
        let span = &prepared.spans[piece.span];
        let slice = &prepared.text[piece.start..piece.end];
        match span.kind {
            SpanKind::Break => continue,
            SpanKind::Checkbox(checked) => frags.push(Frag {
                x: 0.0,
                width: checkbox_advance(style),
                kind: FragKind::Checkbox {
                    checked,
                    node: span.node,
                },
                link: None,
            }),
            SpanKind::Text(font) => {
                let same_run = last_span.is_some_and(|last| {
                    let previous = &prepared.spans[last];
                    previous.kind == span.kind
                        && previous.node == span.node
                        && previous.link == span.link
                });
                match frags.last_mut() {
                    Some(Frag {
                        kind: FragKind::Text { text, .. },
                        ..
                    }) if same_run => text.push_str(slice),
                    _ => frags.push(Frag {
                        x: 0.0,
                        width: 0.0,
                        kind: FragKind::Text {
                            text: slice.to_string(),
                            font,
                            size: ts.size,
                            color: if span.link.is_some() {
                                style.link_color
                            } else {
                                ts.color
                            },
                            node: span.node,
                        },
                        link: span.link.map(|i| prepared.links[i].clone()),
                    }),
                }
            }
        }
        last_span = Some(piece.span);
    }
    if let Some(Frag {
        kind: FragKind::Text { text, .. },
        ..
    }) = frags.first_mut()
    {
        // A no-break space is content (a code block's indentation), not a line's edge.
        let trimmed = text
            .trim_start_matches(|c: char| c.is_whitespace() && c != '\u{a0}')
            .len();
        text.drain(..text.len() - trimmed);
    }
    if let Some(text) = frags.iter_mut().rev().find_map(|f| match &mut f.kind {
        FragKind::Text { text, .. } => Some(text),
        FragKind::Checkbox { .. } => None,
    }) {
        text.truncate(text.trim_end().len());
        text.push(' ');
    }
    frags.retain(|f| !matches!(&f.kind, FragKind::Text { text, .. } if text.is_empty()));
    let mut x = 0.0;
    for frag in &mut frags {
        frag.x = x;
        let advance = match &frag.kind {
            FragKind::Text {
                text, font, size, ..
            } => {
                let advance = fonts::text_width(*font, *size, text);
                let trailing: f32 = text
                    .chars()
                    .rev()
                    .take_while(|c| c.is_whitespace())
                    .map(|c| fonts::char_width(*font, *size, c))
                    .sum();
                frag.width = advance - trailing;
                advance
            }
            FragKind::Checkbox { .. } => frag.width,
        };
        x += advance;
    }
    frags
}
