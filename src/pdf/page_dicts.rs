//! The pages' own dictionaries: made with the page tree, filled in by the steps after it
//! (merged pages' content and annotations, link annotations, the structure tree's keys), and
//! written as bytes once the file is assembled (`syntax`). As lopdf dictionaries, a pack's
//! pages cost as much to make, edit and write again as the rest of its page tree.

use super::syntax::{push_real, push_reference, DictBytes, RawObjects};
use lopdf::ObjectId;

/// Every page's dictionary, in page order, under one `/Pages` node.
pub(super) struct PageDicts {
    parent: ObjectId,
    pages: Vec<PageDict>,
    /// Whether the structure tree ties each page to its marked content, as the parent tree's
    /// key of the page's index (`/StructParents`), read in structure order (`/Tabs /S`).
    structured: bool,
}

/// One page's dictionary.
pub(super) struct PageDict {
    pub id: ObjectId,
    /// Width and height, in points.
    pub size: (f32, f32),
    pub resources: ObjectId,
    /// Painted in this order.
    pub contents: Vec<ObjectId>,
    pub annots: Vec<ObjectId>,
}

impl PageDicts {
    pub(super) fn new(parent: ObjectId) -> Self {
        PageDicts {
            parent,
            pages: Vec::new(),
            structured: false,
        }
    }

    pub(super) fn push(&mut self, page: PageDict) {
        self.pages.push(page);
    }

    /// The pages' object numbers, in page order.
    pub(super) fn ids(&self) -> Vec<ObjectId> {
        self.pages.iter().map(|page| page.id).collect()
    }

    pub(super) fn get_mut(&mut self, index: usize) -> Option<&mut PageDict> {
        self.pages.get_mut(index)
    }

    /// Ties each page to the structure tree's parent tree by its index.
    pub(super) fn mark_structured(&mut self) {
        self.structured = true;
    }

    /// Writes every page's dictionary into `raw`.
    pub(super) fn write(&self, raw: &mut RawObjects) {
        let mut bytes = Vec::with_capacity(256);
        for (index, page) in self.pages.iter().enumerate() {
            bytes.clear();
            let mut dict = DictBytes::open(&mut bytes);
            dict.name(b"Type", b"Page");
            for key in [&b"MediaBox"[..], b"TrimBox", b"CropBox"] {
                dict.with(key, |out| push_box(out, page.size));
            }
            dict.reference(b"Parent", self.parent)
                .reference(b"Resources", page.resources)
                .with(b"Contents", |out| push_references(out, &page.contents));
            if !page.annots.is_empty() {
                dict.with(b"Annots", |out| push_references(out, &page.annots));
            }
            if self.structured {
                dict.integer(b"StructParents", index as i64)
                    .name(b"Tabs", b"S");
            }
            dict.close();
            raw.insert(page.id, &bytes);
        }
    }
}

/// A page box from the origin: `[0 0 width height]`.
fn push_box(out: &mut Vec<u8>, (width, height): (f32, f32)) {
    out.extend_from_slice(b"[0 0 ");
    push_real(out, width);
    out.push(b' ');
    push_real(out, height);
    out.push(b']');
}

fn push_references(out: &mut Vec<u8>, ids: &[ObjectId]) {
    out.push(b'[');
    for (index, id) in ids.iter().enumerate() {
        if index > 0 {
            out.push(b' ');
        }
        push_reference(out, *id);
    }
    out.push(b']');
}
