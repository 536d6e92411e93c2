//! Stitching documents laid out on their own into one: the agenda reports pack is its front
//! matter followed by each item exactly as the item's own PDF lays it out, so no item is laid
//! out twice. Pages, structure nodes, bookmarks and links are renumbered, the front matter's
//! links to the items' headings resolved, and every page numbered again for the whole.

use super::pages::{Item, LaidOut, LinkTarget, NodeId};
use super::paginate;
use super::Style;

/// Where a stitched part went in the whole: its pages start at `first_page`, and its node `n`
/// (other than its root, which becomes the whole's) is node `n + node_offset`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placed {
    pub first_page: usize,
    pub node_offset: usize,
}

impl Placed {
    /// The whole's number for the part's node `id`.
    pub fn node(&self, id: NodeId) -> NodeId {
        if id == 0 {
            0
        } else {
            id + self.node_offset
        }
    }
}

/// `front` followed by each of `parts` (their pages moved, not copied), numbered with
/// `page_label` (`Page {page} of {pages}`); and where each part went.
pub fn stitch(mut front: LaidOut, parts: Vec<LaidOut>, page_label: &str) -> (LaidOut, Vec<Placed>) {
    // Room for the whole at once: a pack's structure nodes alone run to tens of megabytes,
    // which a vector grown by doubling would hold up to twice over.
    let nodes: usize = parts
        .iter()
        .map(|p| p.structure.len().saturating_sub(1))
        .sum();
    front.structure.reserve_exact(nodes);
    front
        .pages
        .reserve_exact(parts.iter().map(|p| p.pages.len()).sum());
    front
        .outline
        .reserve_exact(parts.iter().map(|p| p.outline.len()).sum());
    let placed = parts
        .into_iter()
        .map(|part| append(&mut front, part))
        .collect();
    resolve_open_links(&mut front);
    paginate::stamp_footers(&mut front.pages, page_label, &Style::default());
    (front, placed)
}

fn append(whole: &mut LaidOut, part: LaidOut) -> Placed {
    let page_offset = whole.pages.len();
    // The part's Document root becomes the whole's; its other nodes follow the whole's.
    let placed = Placed {
        first_page: page_offset,
        node_offset: whole.structure.len() - 1,
    };
    let node = |id: NodeId| placed.node(id);
    let mut structure = part.structure.into_iter();
    let root = structure.next();
    for mut added in structure {
        added.parent = added.parent.map(node);
        added.children.iter_mut().for_each(|c| *c = node(*c));
        whole.structure.push(added);
    }
    if let Some(root) = root {
        let children = root.children.iter().map(|c| node(*c));
        whole.structure[0].children.extend(children);
    }
    for mut page in part.pages {
        for item in &mut page.items {
            renumber_item(item, &node, page_offset);
        }
        whole.pages.push(page);
    }
    (whole.outline).extend(moved_on(part.outline, page_offset, |e| &mut e.page));
    whole
        .section_pages
        .extend(part.section_pages.iter().map(|p| p + page_offset));
    for (anchor, (page, y)) in part.anchors {
        whole
            .anchors
            .entry(anchor)
            .or_insert((page + page_offset, y));
    }
    (whole.open_links).extend(moved_on(part.open_links, page_offset, |l| &mut l.page));
    placed
}

/// `items`, each one's page (found by `page`) moved on by `by`.
fn moved_on<T>(
    items: Vec<T>,
    by: usize,
    page: fn(&mut T) -> &mut usize,
) -> impl Iterator<Item = T> {
    items.into_iter().map(move |mut item| {
        *page(&mut item) += by;
        item
    })
}

fn renumber_item(item: &mut Item, node: &impl Fn(NodeId) -> NodeId, page_offset: usize) {
    match item {
        Item::Text { node: n, .. } | Item::Rect { node: n, .. } => *n = n.map(node),
        Item::Link {
            node: n, target, ..
        } => {
            *n = node(*n);
            if let LinkTarget::Page { page, .. } = target {
                *page += page_offset;
            }
        }
        Item::Line { .. } => {}
    }
}

/// Points links at headings now in the same document; those still without one stay open.
fn resolve_open_links(whole: &mut LaidOut) {
    let anchors = &whole.anchors;
    let pages = &mut whole.pages;
    whole.open_links.retain(|link| {
        let Some(&(page, y)) = anchors.get(&link.anchor) else {
            return true;
        };
        if let Some(Item::Link { target, .. }) = pages
            .get_mut(link.page)
            .and_then(|p| p.items.get_mut(link.item))
        {
            *target = LinkTarget::Page { page, y };
        }
        false
    });
}
