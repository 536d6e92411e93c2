//! The logical structure: one `StructElem` per structure node, tied to the marked content that
//! `draw` wrote (MCIDs) and to link annotations (`OBJR`), plus the `ParentTree` that maps
//! content back to its element. Makes the file a Tagged PDF.
//!
//! The elements, the parent tree and the root are written as bytes (`syntax`): nothing edits
//! them afterwards, and a pack has tens of thousands. A stitched part's elements (an item in a
//! pack) are taken as an earlier build wrote them when everything they are written from is the
//! same ([`KnownElements`]).

use super::draw::Drawing;
use super::import::ForeignContent;
use super::import_tags::ImportedTree;
use super::links::PlacedLink;
use super::syntax::{
    push_array, push_integer, push_reference, push_text_string, DictBytes, PackedObjects,
    RawObjects,
};
use crate::digest::{Digest, Digester};
use crate::layout::pages::{HeaderScope, LaidOut, NodeId, Role, StructNode};
use anyhow::{bail, Context, Result};
use lopdf::{Dictionary, Object, ObjectId};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

/// Everything on the pages that the structure tree must point at.
pub(super) struct Content<'a> {
    pub drawing: &'a Drawing,
    pub foreign: &'a [ForeignContent],
    /// The structure trees of tagged PDF appendices, copied (each goes under its section).
    pub foreign_trees: &'a [ImportedTree],
    pub links: &'a [PlacedLink],
    pub page_ids: &'a [ObjectId],
    /// The parts stitched into the document (a pack's items), and the elements already written
    /// for them where they stood in the same place.
    pub parts: Parts<'a>,
}

/// A document's stitched parts, for taking their elements as written before.
pub(super) struct Parts<'a> {
    pub places: &'a [PartPlace],
    pub known: &'a dyn KnownElements,
    /// Of the characters the build's fonts hold (which the parts were drawn with).
    pub fonts: Digest,
}

impl Parts<'_> {
    /// A document that stitched nothing.
    pub fn none() -> Parts<'static> {
        Parts {
            places: &[],
            known: &NothingKnown,
            fonts: (0, 0),
        }
    }
}

/// Where one stitched part's structure nodes and pages lie in the whole, and the digest of what
/// the part was made from (which its caller vouches for: the same digest, the same part).
pub struct PartPlace {
    pub nodes: Range<NodeId>,
    pub pages: Range<usize>,
    pub made_from: Digest,
}

/// The structure elements of one stitched part, as written: packed into one object stream.
#[derive(Clone)]
pub struct ElementRun {
    packed: PackedObjects,
    /// The header cells among them that have an /ID (for the tree of IDs).
    named: Vec<NodeId>,
}

/// An [`ElementRun`] as stored: its object stream (bytes, whether compressed, how many
/// objects and where the first starts), then the named cells.
#[derive(Serialize, Deserialize)]
struct StoredRun<'a> {
    #[serde(borrow, serialize_with = "super::streams::stored_bytes::serialize")]
    bytes: &'a [u8],
    deflated: bool,
    count: u32,
    first: u32,
    named: Vec<NodeId>,
}

impl ElementRun {
    /// The runs, each under its key, of `stored` (from [`ElementRun::store`]) at `at` in
    /// `file`; none if they are not whole.
    pub fn read_all(file: Vec<u8>, at: usize) -> Option<Vec<(Digest, ElementRun)>> {
        let stored: Vec<(Digest, StoredRun)> = postcard::from_bytes(file.get(at..)?).ok()?;
        let runs = (stored.into_iter()).map(|(key, run)| {
            let packed =
                PackedObjects::from_stored(run.bytes.to_vec(), run.deflated, run.count, run.first);
            let named = run.named;
            (key, ElementRun { packed, named })
        });
        Some(runs.collect())
    }

    /// The runs, each under its key, as [`ElementRun::read_all`] reads them back.
    pub fn store(runs: &[(Digest, ElementRun)]) -> impl Serialize + '_ {
        let stored: Vec<(Digest, StoredRun<'_>)> = (runs.iter())
            .map(|(key, run)| {
                let (bytes, deflated, count, first) = run.packed.stored();
                let named = run.named.clone();
                let stored = StoredRun {
                    bytes,
                    deflated,
                    count,
                    first,
                    named,
                };
                (*key, stored)
            })
            .collect();
        stored
    }
}

/// Elements written for the parts of an earlier document, under the digest of everything they
/// were written from: a pack rebuilt after one item changed takes every other item's elements
/// as they were (writing them was a sixth of an `--only` rebuild's instructions at 50 reports).
pub trait KnownElements: Sync {
    /// The elements written from `key`, if they are known.
    fn take(&self, key: Digest) -> Option<ElementRun>;
    /// Hands over a part's elements, written from `key` (or taken), for the next build; the
    /// parts come in order.
    fn keep(&self, key: Digest, run: ElementRun);
}

/// For documents that keep nothing.
struct NothingKnown;

impl KnownElements for NothingKnown {
    fn take(&self, _: Digest) -> Option<ElementRun> {
        None
    }

    fn keep(&self, _: Digest, _: ElementRun) {}
}

/// Reading-order key of a piece of content: page, then drawing sequence.
type OrderKey = (usize, i64);

/// One piece of marked content as seen from its element.
#[derive(Clone, Copy)]
struct ContentRef {
    key: OrderKey,
    page: usize,
    mcid: i64,
}

pub(super) fn build_structure_tree(
    doc: &mut lopdf::Document,
    raw: &mut RawObjects,
    laid: &LaidOut,
    content: &Content,
) -> Result<()> {
    let nodes = &laid.structure;
    if nodes.first().map(|n| n.role) != Some(Role::Document) {
        bail!("the structure tree must start with a Document node");
    }
    let own = content_by_node(nodes.len(), content)?;
    let first_keys = first_keys(laid, &own);
    let root_id = doc.new_object_id();
    let elem_ids: Vec<ObjectId> = nodes.iter().map(|_| doc.new_object_id()).collect();
    // An object stream for each part's elements, and one for the rest.
    let streams: Vec<ObjectId> = (0..=content.parts.places.len())
        .map(|_| doc.new_object_id())
        .collect();

    let foreign = foreign_elements(doc, raw, laid, content, &elem_ids);

    let links = LinksByNode::of(content.links);
    let mut elements = Elements {
        laid,
        content,
        own: &own,
        first_keys: &first_keys,
        root_id,
        elem_ids: &elem_ids,
        foreign: &foreign,
        tables: TableHeaders::default(),
        links,
    };
    let known = elements.known_runs();
    // Tables inside a part taken as written need no reading again.
    let written_anew = |node: NodeId| {
        let place = (content.parts.places.iter()).position(|p| p.nodes.contains(&node));
        place.is_none_or(|index| known[index].1.is_none())
    };
    elements.tables = TableHeaders::of(nodes, written_anew);
    let named = elements.write_all(known, &streams, raw)?;
    let own_keys = (content.page_ids.len() + content.links.len()) as i64;
    let (parent_tree, next_key) = parent_tree(doc, content, &elem_ids, &foreign.divs, own_keys)?;
    let parent_tree_id = doc.new_object_id();
    raw.insert(parent_tree_id, &parent_tree);
    let mut bytes = Vec::with_capacity(256);
    let mut root = DictBytes::open(&mut bytes);
    root.name(b"Type", b"StructTreeRoot")
        .reference(b"K", elem_ids[0])
        .reference(b"ParentTree", parent_tree_id)
        .integer(b"ParentTreeNextKey", next_key);
    // The name tree from each header cell's /ID (and each copied element's) to its element.
    let mut names: Vec<(Vec<u8>, ObjectId)> = named
        .into_iter()
        .map(|id| (header_id(id).into_bytes(), elem_ids[id]))
        .chain(
            content
                .foreign_trees
                .iter()
                .flat_map(|t| t.ids.iter().cloned()),
        )
        .collect();
    if !names.is_empty() {
        names.sort();
        names.dedup_by(|a, b| a.0 == b.0);
        root.with(b"IDTree", |out| {
            let mut tree = DictBytes::open(out);
            tree.with(b"Names", |out| {
                let names = names.iter().flat_map(|(key, id)| {
                    [Object::string_literal(key.clone()), Object::Reference(*id)]
                });
                push_array(out, names.collect::<Vec<_>>().iter());
            });
            tree.close();
        });
    }
    let role_map: BTreeMap<&[u8], &[u8]> = content
        .foreign_trees
        .iter()
        .flat_map(|t| t.role_map.iter().map(|(k, v)| (k.as_slice(), v.as_slice())))
        .collect();
    if !role_map.is_empty() {
        root.with(b"RoleMap", |out| {
            let mut map = DictBytes::open(out);
            for (from, to) in role_map {
                map.name(from, to);
            }
            map.close();
        });
    }
    root.close();
    raw.insert(root_id, &bytes);

    // Each page's `/StructParents` is its index (`PageDicts::mark_structured`).
    let catalog = doc.catalog_mut().context("the PDF has no catalog")?;
    catalog.set("StructTreeRoot", Object::Reference(root_id));
    catalog.set(
        "MarkInfo",
        Dictionary::from_iter(vec![("Marked", Object::Boolean(true))]),
    );
    Ok(())
}

/// Writes the elements: one per structure node, each part's run taken as written before when
/// it would be written the same.
struct Elements<'a> {
    laid: &'a LaidOut,
    content: &'a Content<'a>,
    own: &'a NodeContent,
    first_keys: &'a [Option<OrderKey>],
    root_id: ObjectId,
    elem_ids: &'a [ObjectId],
    foreign: &'a Foreign,
    tables: TableHeaders,
    links: LinksByNode<'a>,
}

impl Elements<'_> {
    /// Each part's elements as written before, where they are known and would be written
    /// the same.
    fn known_runs(&self) -> Vec<(Digest, Option<ElementRun>)> {
        let parts = &self.content.parts;
        (parts.places.iter())
            .map(|part| {
                let key = self.part_key(part);
                let run = parts.known.take(key);
                let whole = |run: &ElementRun| {
                    run.packed.count() == part.nodes.len()
                        && run.named.iter().all(|n| part.nodes.contains(n))
                };
                (key, run.filter(whole))
            })
            .collect()
    }

    /// Writes every element into `raw`, each part's taken from `known` where it is there, and
    /// hands each part's run back to be kept; returns the header cells that have an /ID. Each
    /// part's elements go into an object stream of their own (numbered from `streams`), the
    /// rest into the last.
    fn write_all(
        &self,
        known: Vec<(Digest, Option<ElementRun>)>,
        streams: &[ObjectId],
        raw: &mut RawObjects,
    ) -> Result<Vec<NodeId>> {
        let nodes = self.laid.structure.len();
        let mut named: Vec<NodeId> = Vec::new();
        let mut next = 0;
        let mut alone: Vec<NodeId> = Vec::new();
        let places = self.content.parts.places.iter().enumerate();
        for ((index, part), (key, known)) in places.zip(known) {
            if part.nodes.start < next || part.nodes.end > nodes {
                bail!("stitched part {index} has structure nodes out of order");
            }
            alone.extend(next..part.nodes.start);
            let run = match known {
                Some(run) => run,
                None => self.write_part(part)?,
            };
            let held = self.numbers(part.nodes.clone());
            raw.insert_packed(streams[index], run.packed.clone(), held);
            named.extend(run.named.iter().copied());
            self.content.parts.known.keep(key, run);
            next = part.nodes.end;
        }
        alone.extend(next..nodes);
        let rest = *streams
            .last()
            .context("no object stream for the elements")?;
        let packed = self.pack(alone.iter().copied())?;
        raw.insert_packed(rest, packed, self.numbers(alone.iter().copied()));
        let in_parts = |n: &NodeId| (self.content.parts.places.iter()).any(|p| p.nodes.contains(n));
        named.extend(self.tables.named.iter().filter(|n| !in_parts(n)));
        named.sort_unstable();
        Ok(named)
    }

    /// The object numbers of the elements of `nodes`.
    fn numbers(&self, nodes: impl Iterator<Item = NodeId>) -> Vec<u32> {
        nodes.map(|node| self.elem_ids[node].0).collect()
    }

    /// The elements of `nodes`, written and packed into one object stream.
    fn pack(&self, nodes: impl Iterator<Item = NodeId> + Clone) -> Result<PackedObjects> {
        let (mut bytes, mut ends) = (Vec::new(), Vec::new());
        for node in nodes.clone() {
            self.write(node, &mut bytes)?;
            ends.push(bytes.len());
        }
        let starts = std::iter::once(0).chain(ends.iter().copied());
        let objects = (nodes.zip(starts.zip(&ends)))
            .map(|(node, (start, &end))| (self.elem_ids[node].0, &bytes[start..end]));
        Ok(PackedObjects::pack(objects))
    }

    /// A part's elements, written.
    fn write_part(&self, part: &PartPlace) -> Result<ElementRun> {
        Ok(ElementRun {
            packed: self.pack(part.nodes.clone())?,
            named: (self.tables.named.range(part.nodes.clone()).copied()).collect(),
        })
    }

    /// Everything a part's elements are written from beyond the part itself: where its nodes
    /// and pages are, the numbers of its elements, its pages and its links' annotations, the
    /// document element they hang from, and the foreign elements under its sections.
    fn part_key(&self, part: &PartPlace) -> Digest {
        let mut numbers: Vec<u8> = Vec::with_capacity(8 * (part.nodes.len() + part.pages.len()));
        let mut number = |n: usize| numbers.extend_from_slice(&(n as u64).to_le_bytes());
        for n in [
            part.nodes.start,
            part.nodes.end,
            part.pages.start,
            part.pages.end,
        ] {
            number(n);
        }
        let ids = (self.elem_ids[part.nodes.clone()].iter())
            .chain(&self.content.page_ids[part.pages.clone()])
            .chain([&self.root_id, &self.elem_ids[0]]);
        for &(id, generation) in ids {
            number(id as usize);
            number(generation as usize);
        }
        for link in self.links.of_nodes(part.nodes.clone()) {
            for n in [link.node, link.page, link.annotation.0 as usize] {
                number(n);
            }
        }
        let under = (self.foreign.under.iter()).filter(|(section, _)| part.nodes.contains(section));
        for (section, kid) in under {
            number(*section);
            number(kid.0 as usize);
        }
        Digester::default()
            .debug(&(part.made_from, self.content.parts.fonts))
            .bytes(&numbers)
            .finish()
    }

    /// The element of node `node_id`, appended to `out`.
    fn write(&self, node_id: NodeId, out: &mut Vec<u8>) -> Result<()> {
        let node = &self.laid.structure[node_id];
        let parent = match node.parent {
            Some(p) => *self
                .elem_ids
                .get(p)
                .with_context(|| format!("structure node {node_id} has unknown parent {p}"))?,
            None => self.root_id,
        };
        let mut kids = kids_in_reading_order(
            node_id,
            self.laid,
            self.own,
            self.first_keys,
            self.elem_ids,
            &self.links,
            self.content.page_ids,
        )?;
        // Pages from other files follow the section's own content (its heading).
        kids.extend(
            (self.foreign.under.iter())
                .filter(|(section, _)| *section == node_id)
                .map(|(_, kid)| Kid::Element(*kid)),
        );
        let first_page = (self.own[node_id].first().map(|c| c.key)).or(self.first_keys[node_id]);
        let mut elem = DictBytes::open(out);
        elem.name(b"Type", b"StructElem")
            .name(b"S", node.role.pdf_name().as_bytes())
            .reference(b"P", parent);
        // The page of the element's own first content, else of its subtree's first content:
        // an element holding only other elements (a Table, a list) still says where it
        // starts, which checkers use to find it on the page.
        if let Some((page, _)) = first_page {
            elem.reference(b"Pg", self.content.page_ids[page]);
        }
        elem.with(b"K", |out| push_kids(out, &kids));
        push_node_entries(&mut elem, node_id, node, &self.tables);
        elem.close();
        Ok(())
    }
}

/// The header cells heading each data cell, and the header cells named so (which get an /ID).
#[derive(Default)]
struct TableHeaders {
    of_cell: BTreeMap<NodeId, Vec<NodeId>>,
    named: BTreeSet<NodeId>,
}

impl TableHeaders {
    /// Of the tables whose node is `wanted`.
    fn of(nodes: &[StructNode], wanted: impl Fn(NodeId) -> bool) -> TableHeaders {
        let of_cell = cell_headers(nodes, wanted);
        let named = of_cell.values().flatten().copied().collect();
        TableHeaders { of_cell, named }
    }
}

/// What a node adds to its element beyond its place in the tree: its language, its text
/// alternative (or a table's summary), and a table cell's attributes and /ID.
fn push_node_entries(
    elem: &mut DictBytes<'_>,
    node_id: NodeId,
    node: &StructNode,
    tables: &TableHeaders,
) {
    if let Some(lang) = node.lang() {
        elem.with(b"Lang", |out| push_text_string(out, lang));
    }
    match (node.role, node.alt()) {
        // A table's hidden caption describes the table; as /Alt it would replace the whole
        // table (every cell) for assistive technology, so it becomes the table's /Summary
        // attribute instead.
        (Role::Table, Some(summary)) => {
            elem.with(b"A", |out| table_summary_attributes(out, summary));
        }
        (_, Some(alt)) => {
            elem.with(b"Alt", |out| push_text_string(out, alt));
        }
        (_, None) => {}
    }
    match node.role {
        Role::TH(scope) => {
            elem.with(b"A", |out| {
                table_cell_attributes(out, Some(scope), node.colspan, &[]);
            });
            if tables.named.contains(&node_id) {
                elem.with(b"ID", |out| push_header_id(out, node_id));
            }
        }
        Role::TD => {
            let heads = tables.of_cell.get(&node_id).map_or(&[][..], Vec::as_slice);
            if node.colspan > 1 || !heads.is_empty() {
                elem.with(b"A", |out| {
                    table_cell_attributes(out, None, node.colspan, heads)
                });
            }
        }
        _ => {}
    }
}

/// Each node's own marked content, in reading order: `[node]` gives a node's.
struct NodeContent {
    /// Where each node's run starts in `refs` (one more entry than nodes).
    starts: Vec<usize>,
    refs: Vec<ContentRef>,
}

impl std::ops::Index<NodeId> for NodeContent {
    type Output = [ContentRef];

    fn index(&self, node: NodeId) -> &[ContentRef] {
        &self.refs[self.starts[node]..self.starts[node + 1]]
    }
}

/// Each node's own marked content, gathered in one list ordered by node: a list per node was
/// the largest thing a 200-report build held (48 MB, most of it small allocations).
fn content_by_node(node_count: usize, content: &Content) -> Result<NodeContent> {
    let marked = || {
        (content.drawing.pages.iter().enumerate())
            .flat_map(|(page, drawn)| drawn.marked.iter().enumerate().map(move |m| (page, m)))
    };
    let mut starts = vec![0; node_count + 1];
    for (page, (_, marked)) in marked() {
        if marked.node >= node_count {
            bail!(
                "page {} draws content of structure node {}, which does not exist",
                page + 1,
                marked.node
            );
        }
        starts[marked.node + 1] += 1;
    }
    for node in 0..node_count {
        starts[node + 1] += starts[node];
    }
    let mut next = starts.clone();
    let unset = ContentRef {
        key: (0, 0),
        page: 0,
        mcid: 0,
    };
    let mut refs = vec![unset; starts[node_count]];
    for (page, (mcid, marked)) in marked() {
        refs[next[marked.node]] = ContentRef {
            key: (page, marked.seq as i64),
            page,
            mcid: mcid as i64,
        };
        next[marked.node] += 1;
    }
    Ok(NodeContent { starts, refs })
}

/// The earliest content of each node's subtree; `None` for a subtree with no content.
fn first_keys(laid: &LaidOut, own: &NodeContent) -> Vec<Option<OrderKey>> {
    fn visit(
        node: NodeId,
        laid: &LaidOut,
        own: &NodeContent,
        out: &mut Vec<Option<OrderKey>>,
        depth: usize,
    ) -> Option<OrderKey> {
        // A malformed tree with a cycle must not overflow the stack.
        if depth > laid.structure.len() {
            return None;
        }
        let mut first = own[node].first().map(|c| c.key);
        for &child in &laid.structure[node].children {
            if child < laid.structure.len() {
                let child_first = visit(child, laid, own, out, depth + 1);
                first = min_key(first, child_first);
            }
        }
        out[node] = first;
        first
    }
    let mut out = vec![None; laid.structure.len()];
    visit(0, laid, own, &mut out, 0);
    out
}

fn min_key(a: Option<OrderKey>, b: Option<OrderKey>) -> Option<OrderKey> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, None) => a,
        (None, b) => b,
    }
}

/// One entry of an element's `/K`.
enum Kid {
    /// Marked content on the element's own page.
    Mcid(i64),
    /// Marked content on another page: an `MCR` dictionary.
    Marked { page: ObjectId, mcid: i64 },
    /// A child element.
    Element(ObjectId),
    /// A link annotation: an `OBJR` dictionary.
    Annotation {
        annotation: ObjectId,
        page: ObjectId,
    },
}

/// `kids` as a PDF array, written straight as bytes (no object per entry: a pack has tens of
/// thousands of elements).
fn push_kids(out: &mut Vec<u8>, kids: &[Kid]) {
    out.push(b'[');
    for (index, kid) in kids.iter().enumerate() {
        let separated = index > 0;
        match *kid {
            Kid::Mcid(mcid) => {
                if separated {
                    out.push(b' ');
                }
                push_integer(out, mcid);
            }
            Kid::Element(id) => {
                if separated {
                    out.push(b' ');
                }
                push_reference(out, id);
            }
            Kid::Marked { page, mcid } => {
                let mut marked = DictBytes::open(out);
                marked
                    .name(b"Type", b"MCR")
                    .reference(b"Pg", page)
                    .integer(b"MCID", mcid);
                marked.close();
            }
            Kid::Annotation { annotation, page } => {
                let mut objr = DictBytes::open(out);
                objr.name(b"Type", b"OBJR")
                    .reference(b"Obj", annotation)
                    .reference(b"Pg", page);
                objr.close();
            }
        }
    }
    out.push(b']');
}

/// The links of each node, in the order they were placed.
struct LinksByNode<'a> {
    links: &'a [PlacedLink],
    /// Indices into `links`, ordered by node (stably).
    order: Vec<usize>,
}

impl<'a> LinksByNode<'a> {
    fn of(links: &'a [PlacedLink]) -> Self {
        let mut order: Vec<usize> = (0..links.len()).collect();
        order.sort_by_key(|&index| links[index].node);
        LinksByNode { links, order }
    }

    /// The links of the nodes in `nodes`, by node.
    fn of_nodes(&self, nodes: Range<NodeId>) -> impl Iterator<Item = &'a PlacedLink> + '_ {
        let start = (self.order).partition_point(|&index| self.links[index].node < nodes.start);
        (self.order[start..].iter())
            .map(|&index| &self.links[index])
            .take_while(move |link| link.node < nodes.end)
    }

    fn of_node(&self, node: NodeId) -> impl Iterator<Item = &'a PlacedLink> + '_ {
        self.of_nodes(node..node + 1)
    }
}

/// A node's `/K` entries: its own marked content interleaved with its children by reading
/// order (a paragraph's text, then a link inside it, then the rest of the paragraph), then the
/// annotations of a link.
fn kids_in_reading_order(
    node_id: NodeId,
    laid: &LaidOut,
    own: &NodeContent,
    first_keys: &[Option<OrderKey>],
    elem_ids: &[ObjectId],
    links: &LinksByNode,
    page_ids: &[ObjectId],
) -> Result<Vec<Kid>> {
    let own_refs = &own[node_id];
    let home_page = own_refs.first().map(|c| c.page);
    let content_kid = |c: &ContentRef| -> Kid {
        if Some(c.page) == home_page {
            Kid::Mcid(c.mcid)
        } else {
            Kid::Marked {
                page: page_ids[c.page],
                mcid: c.mcid,
            }
        }
    };

    let mut kids = Vec::new();
    let mut pending = own_refs.iter().peekable();
    for &child in &laid.structure[node_id].children {
        let child_elem = *elem_ids
            .get(child)
            .with_context(|| format!("structure node {node_id} has unknown child {child}"))?;
        if let Some(child_key) = first_keys[child] {
            while let Some(c) = pending.next_if(|c| c.key < child_key) {
                kids.push(content_kid(c));
            }
        }
        kids.push(Kid::Element(child_elem));
    }
    kids.extend(pending.map(content_kid));
    kids.extend(links.of_node(node_id).map(|link| Kid::Annotation {
        annotation: link.annotation,
        page: page_ids[link.page],
    }));
    Ok(kids)
}

/// The elements standing for content from other files.
struct Foreign {
    /// (section node, element) in reading order: each foreign page's Div and each copied
    /// tree's top-level elements, to be appended to the section's kids.
    under: Vec<(NodeId, ObjectId)>,
    /// (page, MCID, Div element) of each marked-content sequence a Div stands for.
    divs: Vec<(usize, i64, ObjectId)>,
}

/// Makes a Div for each foreign page drawn as one marked-content sequence, and hangs it and each
/// copied structure tree under the section their pages are in.
fn foreign_elements(
    doc: &mut lopdf::Document,
    raw: &mut RawObjects,
    laid: &LaidOut,
    content: &Content,
    elem_ids: &[ObjectId],
) -> Foreign {
    let mut under: Vec<((usize, u8), NodeId, ObjectId)> = Vec::new();
    let mut divs = Vec::new();
    for f in content.foreign {
        let Some(mcid) = f.mcid else {
            continue;
        };
        let section = section_of(laid, f.page);
        let div = doc.new_object_id();
        let mut bytes = Vec::new();
        let mut elem = DictBytes::open(&mut bytes);
        elem.name(b"Type", b"StructElem")
            .name(b"S", b"Div")
            .reference(b"P", elem_ids[section])
            .reference(b"Pg", content.page_ids[f.page])
            .integer(b"K", mcid);
        elem.close();
        raw.insert(div, &bytes);
        under.push(((f.page, 1), section, div));
        divs.push((f.page, mcid, div));
    }
    for tree in content.foreign_trees {
        let section = section_of(laid, tree.first_page);
        for &kid in &tree.kids {
            if let Ok(Object::Dictionary(elem)) = doc.get_object_mut(kid) {
                elem.set("P", Object::Reference(elem_ids[section]));
            }
            under.push(((tree.first_page, 0), section, kid));
        }
    }
    // Stable: a tree's elements keep their order.
    under.sort_by_key(|(key, _, _)| *key);
    Foreign {
        under: under.into_iter().map(|(_, s, e)| (s, e)).collect(),
        divs,
    }
}

/// The section node (a child of the Document) that page `page` belongs to; the Document itself
/// if the sections cannot be matched to pages.
fn section_of(laid: &LaidOut, page: usize) -> NodeId {
    let sections = &laid.structure[0].children;
    if sections.len() != laid.section_pages.len() {
        return 0;
    }
    laid.section_pages
        .iter()
        .rposition(|&first| first <= page)
        .map_or(0, |index| sections[index])
}

/// The /ID of a header cell's element: unique, and sorting as the node numbers do.
fn header_id(node: NodeId) -> String {
    format!("TH{node:08}")
}

/// [`header_id`] as a PDF string, written in place: every data cell names its headers, and
/// formatting a string for each was a fiftieth of a build.
fn push_header_id(out: &mut Vec<u8>, node: NodeId) {
    out.extend_from_slice(b"(TH");
    let digits = node.checked_ilog10().unwrap_or(0) + 1;
    for _ in digits..8 {
        out.push(b'0');
    }
    push_integer(out, node as i64);
    out.push(b')');
}

/// For each data cell, the header cells that head it: its column's headers in the table's head,
/// the section row above it (a body row holding one header cell heads the rows under it, up to
/// the next), and its row's header. Checkers and screen readers then read a cell with its
/// column and section, and a section row is no stray header row.
fn cell_headers(
    nodes: &[StructNode],
    wanted: impl Fn(NodeId) -> bool,
) -> BTreeMap<NodeId, Vec<NodeId>> {
    let is_header = |id: NodeId| matches!(nodes[id].role, Role::TH(_));
    let span = |id: NodeId| nodes[id].colspan.max(1);
    let groups = |table: NodeId, role: Role| {
        nodes[table]
            .children
            .iter()
            .copied()
            .filter(move |&g| nodes[g].role == role)
    };
    let mut out = BTreeMap::new();
    for table in (0..nodes.len()).filter(|&n| nodes[n].role == Role::Table && wanted(n)) {
        let mut columns: Vec<Vec<NodeId>> = Vec::new();
        for row in groups(table, Role::THead).flat_map(|g| nodes[g].children.iter().copied()) {
            let mut column = 0;
            for &cell in &nodes[row].children {
                if is_header(cell) {
                    for c in column..column + span(cell) {
                        if columns.len() <= c {
                            columns.resize(c + 1, Vec::new());
                        }
                        columns[c].push(cell);
                    }
                }
                column += span(cell);
            }
        }
        for body in groups(table, Role::TBody) {
            let mut section = None;
            for &row in &nodes[body].children {
                let cells = &nodes[row].children;
                if cells.len() == 1 && is_header(cells[0]) {
                    section = Some(cells[0]);
                    continue;
                }
                let (mut column, mut row_header) = (0, None);
                for &cell in cells {
                    if is_header(cell) {
                        row_header = Some(cell);
                    } else if nodes[cell].role == Role::TD {
                        let mut heads: Vec<NodeId> = (column..column + span(cell))
                            .filter_map(|c| columns.get(c))
                            .flatten()
                            .copied()
                            .collect();
                        heads.dedup();
                        heads.extend(section);
                        heads.extend(row_header);
                        if !heads.is_empty() {
                            out.insert(cell, heads);
                        }
                    }
                    column += span(cell);
                }
            }
        }
    }
    out
}

/// Table attributes of a cell: a header's /Scope, and /ColSpan where it spans columns, so that
/// every row adds up to the same number of columns; a data cell's /Headers.
fn table_cell_attributes(
    out: &mut Vec<u8>,
    scope: Option<HeaderScope>,
    colspan: usize,
    headers: &[NodeId],
) {
    let mut attributes = DictBytes::open(out);
    attributes.name(b"O", b"Table");
    if let Some(scope) = scope {
        let scope: &[u8] = match scope {
            HeaderScope::Column => b"Column",
            HeaderScope::Row => b"Row",
        };
        attributes.name(b"Scope", scope);
    }
    if colspan > 1 {
        attributes.integer(b"ColSpan", colspan as i64);
    }
    if !headers.is_empty() {
        attributes.with(b"Headers", |out| {
            out.push(b'[');
            for &header in headers {
                push_header_id(out, header);
            }
            out.push(b']');
        });
    }
    attributes.close();
}

fn table_summary_attributes(out: &mut Vec<u8>, summary: &str) {
    let mut attributes = DictBytes::open(out);
    attributes.name(b"O", b"Table");
    attributes.with(b"Summary", |out| push_text_string(out, summary));
    attributes.close();
}

/// The number tree from `/StructParents` (page index; then the forms holding copied foreign
/// content, numbered after the links) and `/StructParent` (link annotations, numbered after
/// the pages; then copied foreign ones, after the forms) to structure elements. One flat `/Nums` array: keys ascend. Returns it with the
/// next free key; gives each of those forms its `/StructParents`.
fn parent_tree(
    doc: &mut lopdf::Document,
    content: &Content,
    elem_ids: &[ObjectId],
    divs: &[(usize, i64, ObjectId)],
    mut next_key: i64,
) -> Result<(Vec<u8>, i64)> {
    // Written straight as bytes: as lopdf objects, a pack's 21,000 references were made,
    // written and freed one by one on the core writing the pack.
    let mut nums = NumberTree::default();
    let mut by_mcid: Vec<Option<ObjectId>> = Vec::new();
    for (page, drawn) in content.drawing.pages.iter().enumerate() {
        by_mcid.clear();
        by_mcid.extend(drawn.marked.iter().map(|m| Some(elem_ids[m.node])));
        for &(_, mcid, div) in divs.iter().filter(|d| d.0 == page) {
            let slot = mcid as usize;
            if by_mcid.len() <= slot {
                by_mcid.resize(slot + 1, None);
            }
            by_mcid[slot] = Some(div);
        }
        nums.array(page as i64, &by_mcid);
    }
    for link in content.links {
        nums.reference(link.key, elem_ids[link.node]);
    }
    for (stream, by_mcid) in content.foreign_trees.iter().flat_map(|t| &t.streams) {
        let Ok(Object::Stream(form)) = doc.get_object_mut(*stream) else {
            bail!("a form holding foreign marked content is missing");
        };
        form.dict.set("StructParents", Object::Integer(next_key));
        nums.array(next_key, by_mcid);
        next_key += 1;
    }
    for (annotation, elem) in content.foreign_trees.iter().flat_map(|t| &t.annotations) {
        let Ok(Object::Dictionary(link)) = doc.get_object_mut(*annotation) else {
            bail!("a copied link annotation is missing");
        };
        link.set("StructParent", Object::Integer(next_key));
        nums.reference(next_key, *elem);
        next_key += 1;
    }
    let mut bytes = Vec::with_capacity(nums.bytes.len() + 16);
    let mut tree = DictBytes::open(&mut bytes);
    tree.with(b"Nums", |out| {
        out.push(b'[');
        out.extend_from_slice(&nums.bytes);
        out.push(b']');
    });
    tree.close();
    Ok((bytes, next_key))
}

/// A number tree's `/Nums` entries, key then value, as bytes (between the array's brackets).
#[derive(Default)]
struct NumberTree {
    bytes: Vec<u8>,
}

impl NumberTree {
    fn key(&mut self, key: i64) {
        if !self.bytes.is_empty() {
            self.bytes.push(b' ');
        }
        push_integer(&mut self.bytes, key);
    }

    /// An entry whose value is an array of references (`null` where there is none).
    fn array(&mut self, key: i64, ids: &[Option<ObjectId>]) {
        self.key(key);
        self.bytes.push(b'[');
        for (index, id) in ids.iter().enumerate() {
            if index > 0 {
                self.bytes.push(b' ');
            }
            match id {
                Some(id) => push_reference(&mut self.bytes, *id),
                None => self.bytes.extend_from_slice(b"null"),
            }
        }
        self.bytes.push(b']');
    }

    fn reference(&mut self, key: i64, id: ObjectId) {
        self.key(key);
        self.bytes.push(b' ');
        push_reference(&mut self.bytes, id);
    }
}

#[cfg(test)]
mod tests {
    use super::super::syntax::push_literal;
    use super::*;

    fn run(elements: &[&str], named: Vec<NodeId>) -> ElementRun {
        let numbers = 10..;
        let objects = numbers.zip(elements).map(|(n, e)| (n, e.as_bytes()));
        ElementRun {
            packed: PackedObjects::pack(objects),
            named,
        }
    }

    /// `runs` as a kept file holds them, after a heading of `at` bytes.
    fn stored(runs: &[(Digest, ElementRun)], at: usize) -> Vec<u8> {
        let mut file = vec![7; at];
        file.extend(postcard::to_stdvec(&ElementRun::store(runs)).unwrap());
        file
    }

    #[test]
    fn kept_runs_read_back_as_they_were_packed() {
        let long = "<</S/P/K[1 2 3]>>".repeat(100);
        let runs = vec![
            ((1, 2), run(&["<<a>>", "<<bb>>"], vec![3])),
            ((3, 4), run(&[&long, &long, "<<ccc>>"], vec![])),
        ];
        let read = ElementRun::read_all(stored(&runs, 5), 5).unwrap();
        assert_eq!(read.len(), 2);
        for ((key, before), (read_key, after)) in runs.iter().zip(&read) {
            assert_eq!(key, read_key);
            assert_eq!(before.packed.stored(), after.packed.stored());
            assert_eq!(before.named, after.named);
        }
        assert_eq!(read[1].1.packed.count(), 3);
        assert!(ElementRun::read_all(b"not runs".to_vec(), 20).is_none());
    }

    #[test]
    fn a_header_cells_id_is_written_as_the_string_it_names() {
        for node in [0, 7, 10, 99_999_999, 100_000_000, 123_456_789] {
            let (mut written, mut named) = (Vec::new(), Vec::new());
            push_header_id(&mut written, node);
            push_literal(&mut named, header_id(node).as_bytes());
            assert_eq!(
                String::from_utf8_lossy(&written),
                String::from_utf8_lossy(&named)
            );
        }
    }
}
