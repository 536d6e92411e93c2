//! The document outline (bookmarks), nested by heading level. Built here rather than with
//! printpdf's `add_bookmark`, which is flat, jumps to the page top and sorts by name. Its
//! items are written as bytes (`syntax`): nothing edits them afterwards, and a pack has
//! hundreds.

use super::syntax::{DictBytes, RawObjects};
use super::{text_string, xyz_destination};
use crate::layout::pages::{LaidOut, OutlineEntry};
use anyhow::{bail, Context, Result};
use lopdf::{Object, ObjectId};

/// An entry with its children, as nested by level.
struct Node<'a> {
    entry: &'a OutlineEntry,
    depth: usize,
    children: Vec<Node<'a>>,
}

pub(super) fn add_outline(
    doc: &mut lopdf::Document,
    raw: &mut RawObjects,
    entries: &[OutlineEntry],
    laid: &LaidOut,
    page_ids: &[ObjectId],
) -> Result<()> {
    if entries.is_empty() {
        return Ok(());
    }
    let tree = nest(entries);
    let root_id = doc.new_object_id();
    let writer = Writer { laid, page_ids };
    let (first, last) = writer.write_siblings(doc, raw, &tree, root_id)?;
    let mut bytes = Vec::with_capacity(96);
    let mut root = DictBytes::open(&mut bytes);
    root.name(b"Type", b"Outlines")
        .reference(b"First", first)
        .reference(b"Last", last)
        .integer(b"Count", visible_count(&tree, true));
    root.close();
    raw.insert(root_id, &bytes);
    let catalog = doc.catalog_mut().context("the PDF has no catalog")?;
    catalog.set("Outlines", Object::Reference(root_id));
    catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
    Ok(())
}

/// Nests entries by level: each goes under the nearest earlier entry of a lower level, so a
/// skipped level (1 then 3) still nests rather than being lost.
fn nest(entries: &[OutlineEntry]) -> Vec<Node<'_>> {
    fn take<'a>(
        entries: &'a [OutlineEntry],
        pos: &mut usize,
        parent_level: u8,
        depth: usize,
    ) -> Vec<Node<'a>> {
        let mut siblings = Vec::new();
        while let Some(entry) = entries.get(*pos) {
            if entry.level <= parent_level {
                break;
            }
            *pos += 1;
            let children = take(entries, pos, entry.level, depth + 1);
            siblings.push(Node {
                entry,
                depth,
                children,
            });
        }
        siblings
    }
    take(entries, &mut 0, 0, 0)
}

/// How many entries show below these siblings: top-level entries are open, deeper ones
/// closed, so the panel starts with sections and their headings visible.
fn visible_count(siblings: &[Node], open: bool) -> i64 {
    if !open {
        return 0;
    }
    siblings
        .iter()
        .map(|n| 1 + visible_count(&n.children, is_open(n)))
        .sum()
}

fn is_open(node: &Node) -> bool {
    node.depth == 0
}

/// `/Count` of an item: positive (visible descendants) when open, negative (descendants that
/// would show if opened) when closed, absent without children.
fn item_count(node: &Node) -> Option<i64> {
    if node.children.is_empty() {
        return None;
    }
    let when_open = visible_count(&node.children, true);
    Some(if is_open(node) { when_open } else { -when_open })
}

struct Writer<'a> {
    laid: &'a LaidOut,
    page_ids: &'a [ObjectId],
}

impl Writer<'_> {
    /// Writes a sibling chain under `parent`; returns the first and last item ids.
    fn write_siblings(
        &self,
        doc: &mut lopdf::Document,
        raw: &mut RawObjects,
        siblings: &[Node],
        parent: ObjectId,
    ) -> Result<(ObjectId, ObjectId)> {
        let ids: Vec<ObjectId> = siblings.iter().map(|_| doc.new_object_id()).collect();
        let mut bytes = Vec::with_capacity(256);
        for (i, node) in siblings.iter().enumerate() {
            let entry = node.entry;
            let Some(page_id) = self.page_ids.get(entry.page) else {
                bail!(
                    "outline entry {:?} points at page {}, but there are {} pages",
                    entry.title,
                    entry.page + 1,
                    self.page_ids.len()
                );
            };
            let top = self.laid.pages[entry.page].height - entry.y;
            let children = match node.children.is_empty() {
                true => None,
                false => Some(self.write_siblings(doc, raw, &node.children, ids[i])?),
            };
            bytes.clear();
            let mut item = DictBytes::open(&mut bytes);
            item.object(b"Title", &text_string(&entry.title))
                .reference(b"Parent", parent)
                .object(b"Dest", &xyz_destination(*page_id, 0.0, top));
            if i > 0 {
                item.reference(b"Prev", ids[i - 1]);
            }
            if let Some(next) = ids.get(i + 1) {
                item.reference(b"Next", *next);
            }
            if let Some((first, last)) = children {
                item.reference(b"First", first).reference(b"Last", last);
            }
            if let Some(count) = item_count(node) {
                item.integer(b"Count", count);
            }
            item.close();
            raw.insert(ids[i], &bytes);
        }
        match (ids.first(), ids.last()) {
            (Some(first), Some(last)) => Ok((*first, *last)),
            _ => bail!("an outline level with no entries"),
        }
    }
}
