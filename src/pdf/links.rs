//! Link annotations, built by hand because printpdf's draw a border and carry neither
//! `/Contents` nor `/StructParent`: borderless, printable, described, and tied to their `Link`
//! element.

use super::draw::Drawing;
use super::page_dicts::PageDicts;
use super::{text_string, xyz_destination};
use crate::layout::pages::{Item, LaidOut, LinkTarget, NodeId};
use anyhow::{bail, Context, Result};
use lopdf::{Dictionary, Object, ObjectId};
use std::collections::HashMap;

/// An annotation written to a page, for the structure tree.
pub(super) struct PlacedLink {
    pub node: NodeId,
    pub annotation: ObjectId,
    pub page: usize,
    /// Its `/StructParent` key in the parent tree.
    pub key: i64,
}

pub(super) fn add_link_annotations(
    doc: &mut lopdf::Document,
    pages: &mut PageDicts,
    laid: &LaidOut,
    drawing: &Drawing,
    descriptions: &LinkDescriptions,
) -> Result<Vec<PlacedLink>> {
    let page_ids = pages.ids();
    // A link that runs over many lines has an annotation per line; they share one action and
    // one description object, so a long link costs its length once, not once per line.
    let mut shared: HashMap<NodeId, (Object, Object)> = HashMap::new();
    let mut placed = Vec::new();
    // Keys after the pages' own `/StructParents` keys (which are the page indexes).
    let mut next_key = page_ids.len() as i64;
    for (page, drawn) in drawing.pages.iter().enumerate() {
        let mut annots = Vec::new();
        for area in &drawn.links {
            let (action, description) = shared
                .entry(area.node)
                .or_insert_with(|| {
                    let description =
                        text_string(descriptions.get(&area.node).map_or("", String::as_str));
                    let action = match &area.target {
                        LinkTarget::Uri(uri) => doc
                            .add_object(Dictionary::from_iter(vec![
                                ("S", Object::Name(b"URI".to_vec())),
                                ("URI", Object::string_literal(uri.as_bytes())),
                            ]))
                            .into(),
                        LinkTarget::Page { .. } => Object::Null,
                    };
                    // Short descriptions stay in the annotation, as readers expect most.
                    let long =
                        matches!(&description, Object::String(bytes, _) if bytes.len() > 512);
                    let description = if long {
                        Object::Reference(doc.add_object(description))
                    } else {
                        description
                    };
                    (action, description)
                })
                .clone();
            let action_or_dest = match &area.target {
                LinkTarget::Uri(_) => ("A", action),
                LinkTarget::Page { page: target, y } => {
                    let Some(target_id) = page_ids.get(*target) else {
                        bail!(
                            "a link on page {} points at page {}, but there are {} pages",
                            page + 1,
                            target + 1,
                            page_ids.len()
                        );
                    };
                    let top = laid.pages[*target].height - y;
                    ("Dest", xyz_destination(*target_id, 0.0, top))
                }
            };
            let annotation = Dictionary::from_iter(vec![
                ("Type", Object::Name(b"Annot".to_vec())),
                ("Subtype", Object::Name(b"Link".to_vec())),
                (
                    "Rect",
                    Object::Array(area.rect.iter().map(|v| Object::Real(*v)).collect()),
                ),
                ("Border", Object::Array(vec![0.into(), 0.into(), 0.into()])),
                // Print: shown and printed alike (PDF/UA 7.18.1 wants annotations that
                // readers get to be visible, and Hidden/NoView clear).
                ("F", Object::Integer(4)),
                ("Contents", description),
                ("StructParent", Object::Integer(next_key)),
                ("P", Object::Reference(page_ids[page])),
                action_or_dest,
            ]);
            let id = doc.add_object(annotation);
            annots.push(id);
            placed.push(PlacedLink {
                node: area.node,
                annotation: id,
                page,
                key: next_key,
            });
            next_key += 1;
        }
        let page_dict =
            (pages.get_mut(page)).with_context(|| format!("page {} is missing", page + 1))?;
        // After any a merged page brought (its web links).
        page_dict.annots.extend(annots);
    }
    Ok(placed)
}

/// What a screen reader announces for each link node.
pub(super) type LinkDescriptions = HashMap<NodeId, String>;

/// What a screen reader announces for each link: its node's `alt`, else the text it covers.
/// Taken from the pages' items before they are drawn (a pack's are freed as it is drawn).
pub(super) fn link_descriptions(laid: &LaidOut) -> LinkDescriptions {
    let items = || laid.pages.iter().flat_map(|p| &p.items);
    // Looked up by node number: a pack has tens of thousands of text runs.
    let mut covered: Vec<Option<String>> = vec![None; laid.structure.len()];
    for item in items() {
        if let Item::Link { node, .. } = item {
            if let Some(slot) = covered.get_mut(*node) {
                slot.get_or_insert_with(String::new);
            }
        }
    }
    for item in items() {
        if let Item::Text {
            text,
            node: Some(n),
            ..
        } = item
        {
            if let Some(Some(words)) = covered.get_mut(*n) {
                words.push_str(text);
            }
        }
    }
    covered
        .into_iter()
        .enumerate()
        .filter_map(|(node, words)| words.map(|words| (node, words)))
        .map(|(node, words)| {
            let alt = laid
                .structure
                .get(node)
                .and_then(|n| n.alt().map(String::from));
            let description =
                alt.unwrap_or_else(|| words.split_whitespace().collect::<Vec<_>>().join(" "));
            (node, description)
        })
        .collect()
}
