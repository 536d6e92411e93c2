//! The document outline (bookmarks), nested by heading level. Built here rather than with
//! printpdf's `add_bookmark`, which is flat, jumps to the page top and sorts by name.

use super::{text_string, xyz_destination};
use crate::layout::pages::{LaidOut, OutlineEntry};
use anyhow::{bail, Context, Result};
use lopdf::{Dictionary, Object, ObjectId};

/// An entry with its children, as nested by level.
struct Node<'a> {
    entry: &'a OutlineEntry,
    depth: usize,
    children: Vec<Node<'a>>,
}

pub(super) fn add_outline(
    doc: &mut lopdf::Document,
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
    let (first, last) = writer.write_siblings(doc, &tree, root_id)?;
    let root = Dictionary::from_iter(vec![
        ("Type", Object::Name(b"Outlines".to_vec())),
        ("First", Object::Reference(first)),
        ("Last", Object::Reference(last)),
        ("Count", Object::Integer(visible_count(&tree, true))),
    ]);
    doc.objects.insert(root_id, Object::Dictionary(root));
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
        siblings: &[Node],
        parent: ObjectId,
    ) -> Result<(ObjectId, ObjectId)> {
        let ids: Vec<ObjectId> = siblings.iter().map(|_| doc.new_object_id()).collect();
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
            let mut item = Dictionary::from_iter(vec![
                ("Title", text_string(&entry.title)),
                ("Parent", Object::Reference(parent)),
                ("Dest", xyz_destination(*page_id, 0.0, top)),
            ]);
            if i > 0 {
                item.set("Prev", Object::Reference(ids[i - 1]));
            }
            if let Some(next) = ids.get(i + 1) {
                item.set("Next", Object::Reference(*next));
            }
            if !node.children.is_empty() {
                let (first, last) = self.write_siblings(doc, &node.children, ids[i])?;
                item.set("First", Object::Reference(first));
                item.set("Last", Object::Reference(last));
            }
            if let Some(count) = item_count(node) {
                item.set("Count", Object::Integer(count));
            }
            doc.objects.insert(ids[i], Object::Dictionary(item));
        }
        match (ids.first(), ids.last()) {
            (Some(first), Some(last)) => Ok((*first, *last)),
            _ => bail!("an outline level with no entries"),
        }
    }
}
