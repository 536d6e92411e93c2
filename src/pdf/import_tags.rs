//! The structure tree of a tagged PDF appendix, copied into ours so that its headings, tables,
//! figures, alternate text and languages survive the merge.
//!
//! `import` draws each foreign page as a form XObject and keeps the page's marked content (its
//! MCIDs) inside it. Here each of the source's structure elements is copied once per placement;
//! its marked-content kids become marked-content references into the form that now holds the
//! page (`/Stm`), and the forms are listed with the elements their MCIDs belong to, for the
//! writer's ParentTree. Role names travel with their RoleMap entries, element IDs are renamed so
//! they cannot collide with ours (table `/Headers` follow), and what cannot survive the merge
//! is made neutral: a link element whose annotation was not copied (only web links are) becomes
//! a `Span`, and the source's `Document` element becomes a `Div` inside the appendix's section.

use super::import::Copier;
use lopdf::{Dictionary, Object, ObjectId, StringFormat};
use std::collections::{BTreeMap, HashMap, HashSet};

/// A source's structure, copied for one placement of its pages.
pub(super) struct ImportedTree {
    /// Our page (zero-based) its first page was placed on: the writer hangs the tree under the
    /// section that page belongs to.
    pub first_page: usize,
    /// The copied top-level elements, in order; their `/P` is left for the writer to set.
    pub kids: Vec<ObjectId>,
    /// Each content stream holding marked content of the tree (a placed page's form, or a form
    /// the source page drew), with the element each MCID belongs to.
    pub streams: Vec<(ObjectId, Vec<Option<ObjectId>>)>,
    /// RoleMap entries the copied elements need (custom name to standard type).
    pub role_map: Vec<(Vec<u8>, Vec<u8>)>,
    /// The copied elements' `/ID`s, renamed, for the IDTree.
    pub ids: Vec<(Vec<u8>, ObjectId)>,
    /// Each copied link annotation with the element it belongs to (its `/StructParent`).
    pub annotations: Vec<(ObjectId, ObjectId)>,
}

/// Where one source page went: our page object and the form that holds its content.
#[derive(Clone, Copy)]
pub(super) struct PlacedPage {
    pub page: ObjectId,
    pub form: ObjectId,
}

/// The standard structure types of PDF 1.7 (14.8.4): names that need no RoleMap entry.
const STANDARD: &[&str] = &[
    "Document",
    "Part",
    "Art",
    "Sect",
    "Div",
    "BlockQuote",
    "Caption",
    "TOC",
    "TOCI",
    "Index",
    "NonStruct",
    "Private",
    "P",
    "H",
    "H1",
    "H2",
    "H3",
    "H4",
    "H5",
    "H6",
    "L",
    "LI",
    "Lbl",
    "LBody",
    "Table",
    "TR",
    "TH",
    "TD",
    "THead",
    "TBody",
    "TFoot",
    "Span",
    "Quote",
    "Note",
    "Reference",
    "BibEntry",
    "Code",
    "Link",
    "Annot",
    "Ruby",
    "RB",
    "RT",
    "RP",
    "Warichu",
    "WT",
    "WP",
    "Figure",
    "Formula",
    "Form",
];

/// Deeper nesting than this is not followed (a defence against crafted files).
const MAX_DEPTH: usize = 256;
/// At most this many elements are copied from one source.
const MAX_ELEMENTS: usize = 200_000;

fn is_standard(name: &[u8]) -> bool {
    STANDARD.iter().any(|s| s.as_bytes() == name)
}

/// Copies the structure tree of `source` for one placement of its pages.
///
/// `pages` maps each source page object to where it was placed; the [`Copier`] deep-copies
/// source objects into ours (sharing what it already copied: the forms the pages draw).
pub(super) struct TreeCopier<'a> {
    pub source: &'a lopdf::Document,
    pub pages: &'a HashMap<ObjectId, PlacedPage>,
    /// The source's link annotations that were copied, with their copies.
    pub links: &'a HashMap<ObjectId, ObjectId>,
    /// Prefix of the renamed `/ID`s: unique per placement.
    pub id_prefix: String,
    pub first_page: usize,
}

/// What copying gathers as it walks the source's tree.
struct State {
    kids_by_stream: BTreeMap<ObjectId, BTreeMap<i64, ObjectId>>,
    role_map: BTreeMap<Vec<u8>, Vec<u8>>,
    ids: Vec<(Vec<u8>, ObjectId)>,
    annotations: Vec<(ObjectId, ObjectId)>,
    visited: HashSet<ObjectId>,
    count: usize,
}

impl TreeCopier<'_> {
    /// The copied tree, or `None` when the source has no structure tree to copy.
    pub fn copy(&self, target: &mut lopdf::Document, copier: &mut Copier) -> Option<ImportedTree> {
        let catalog = self.source.catalog().ok()?;
        let (_, root) = self
            .source
            .dereference(catalog.get(b"StructTreeRoot").ok()?)
            .ok()?;
        let root = root.as_dict().ok()?;
        let role_map = self.source_role_map(root);
        let mut state = State {
            kids_by_stream: BTreeMap::new(),
            role_map: BTreeMap::new(),
            ids: Vec::new(),
            annotations: Vec::new(),
            visited: HashSet::new(),
            count: 0,
        };
        let mut kids = Vec::new();
        let top = root.get(b"K").ok().cloned().unwrap_or(Object::Null);
        for kid in as_list(self.source, &top) {
            if let Object::Reference(id) = kid {
                let context = Context {
                    page: None,
                    role_map: &role_map,
                };
                if let Some(new) = self.copy_element(target, id, &context, &mut state, copier, 0) {
                    kids.push(new);
                }
            }
        }
        Some(ImportedTree {
            first_page: self.first_page,
            kids,
            streams: state
                .kids_by_stream
                .into_iter()
                .map(|(stream, by_mcid)| (stream, by_mcid_array(&by_mcid)))
                .collect(),
            role_map: state.role_map.into_iter().collect(),
            ids: state.ids,
            annotations: state.annotations,
        })
    }

    fn source_role_map(&self, root: &Dictionary) -> HashMap<Vec<u8>, Vec<u8>> {
        let Some(map) = root
            .get(b"RoleMap")
            .ok()
            .and_then(|m| self.source.dereference(m).ok())
            .and_then(|(_, m)| m.as_dict().ok())
        else {
            return HashMap::new();
        };
        map.iter()
            .filter_map(|(k, v)| Some((k.clone(), v.as_name().ok()?.to_vec())))
            .collect()
    }

    /// Copies one element and its subtree; `None` if it is not an element or was seen before.
    fn copy_element(
        &self,
        target: &mut lopdf::Document,
        id: ObjectId,
        context: &Context,
        state: &mut State,
        copier: &mut Copier,
        depth: usize,
    ) -> Option<ObjectId> {
        if depth > MAX_DEPTH || state.count >= MAX_ELEMENTS || !state.visited.insert(id) {
            return None;
        }
        let elem = self.source.get_dictionary(id).ok()?;
        let role = elem.get(b"S").and_then(Object::as_name).ok()?.to_vec();
        state.count += 1;
        let new_id = target.new_object_id();
        let page = elem
            .get(b"Pg")
            .and_then(Object::as_reference)
            .ok()
            .or(context.page);
        let inner = Context {
            page,
            role_map: context.role_map,
        };

        let k = elem.get(b"K").ok().cloned().unwrap_or(Object::Null);
        let kids_in = as_list(self.source, &k);
        let annotated = kids_in.iter().any(|kid| self.link_of(kid).is_some());
        let mut copied = Dictionary::new();
        copied.set("Type", Object::Name(b"StructElem".to_vec()));
        copied.set(
            "S",
            Object::Name(self.role(&role, annotated, context.role_map, state)),
        );
        if let Some(placed) = page.and_then(|p| self.pages.get(&p)) {
            copied.set("Pg", Object::Reference(placed.page));
        }
        for key in [&b"Alt"[..], b"ActualText", b"E", b"Lang", b"T"] {
            if let Ok(value) = elem.get(key) {
                let (_, value) = self.source.dereference(value).ok()?;
                copied.set(key.to_vec(), value.clone());
            }
        }
        if let Ok(attributes) = elem.get(b"A") {
            let attributes = self.resolved(attributes, 0);
            let attributes = copier.copy(self.source, target, &attributes);
            copied.set("A", self.renamed_headers(attributes));
        }
        if let Ok(classes) = elem.get(b"C") {
            let classes = copier.copy(self.source, target, classes);
            copied.set("C", classes);
        }
        if let Some(element_id) = elem.get(b"ID").ok().and_then(|i| i.as_str().ok()) {
            let renamed = self.renamed(element_id);
            copied.set("ID", Object::String(renamed.clone(), StringFormat::Literal));
            state.ids.push((renamed, new_id));
        }

        let mut kids = Vec::new();
        for kid in kids_in {
            if let Some(link) = self.link_of(&kid) {
                if let Some(placed) = page.and_then(|p| self.pages.get(&p)) {
                    state.annotations.push((link, new_id));
                    kids.push(Object::Dictionary(Dictionary::from_iter(vec![
                        ("Type", Object::Name(b"OBJR".to_vec())),
                        ("Obj", Object::Reference(link)),
                        ("Pg", Object::Reference(placed.page)),
                    ])));
                }
                continue;
            }
            match kid {
                Object::Integer(mcid) => {
                    if let Some(mcr) = self.content(page, None, mcid, new_id, state, copier) {
                        kids.push(mcr);
                    }
                }
                Object::Reference(kid_id) => {
                    let is_elem = self
                        .source
                        .get_dictionary(kid_id)
                        .map(|d| d.has(b"S"))
                        .unwrap_or(false);
                    if is_elem {
                        if let Some(kid_new) =
                            self.copy_element(target, kid_id, &inner, state, copier, depth + 1)
                        {
                            if let Ok(Object::Dictionary(d)) = target.get_object_mut(kid_new) {
                                d.set("P", Object::Reference(new_id));
                            }
                            kids.push(Object::Reference(kid_new));
                        }
                    } else if let Some(mcr) = self.reference(&kid, page, new_id, state, copier) {
                        kids.push(mcr);
                    }
                }
                Object::Dictionary(_) => {
                    if let Some(mcr) = self.reference(&kid, page, new_id, state, copier) {
                        kids.push(mcr);
                    }
                }
                _ => {}
            }
        }
        copied.set("K", Object::Array(kids));
        target.objects.insert(new_id, Object::Dictionary(copied));
        Some(new_id)
    }

    /// The copy of the link annotation an object reference (`/OBJR`) kid points at, if copied.
    fn link_of(&self, kid: &Object) -> Option<ObjectId> {
        let (_, kid) = self.source.dereference(kid).ok()?;
        let objr = kid.as_dict().ok()?;
        if objr.get(b"Type").and_then(Object::as_name).ok()? != b"OBJR" {
            return None;
        }
        self.links
            .get(&objr.get(b"Obj").and_then(Object::as_reference).ok()?)
            .copied()
    }

    /// A marked-content reference dictionary (`/Type /MCR`) as a kid of our element; other
    /// object references (`/OBJR`) are dropped, as their annotations are not copied.
    fn reference(
        &self,
        kid: &Object,
        page: Option<ObjectId>,
        elem: ObjectId,
        state: &mut State,
        copier: &Copier,
    ) -> Option<Object> {
        let (_, kid) = self.source.dereference(kid).ok()?;
        let dict = kid.as_dict().ok()?;
        let mcid = dict.get(b"MCID").and_then(Object::as_i64).ok()?;
        let page = dict.get(b"Pg").and_then(Object::as_reference).ok().or(page);
        let stream = dict.get(b"Stm").and_then(Object::as_reference).ok();
        self.content(page, stream, mcid, elem, state, copier)
    }

    /// Our reference to marked content `mcid` of a source page (or of the source form
    /// `stream`), recorded for the ParentTree.
    fn content(
        &self,
        page: Option<ObjectId>,
        stream: Option<ObjectId>,
        mcid: i64,
        elem: ObjectId,
        state: &mut State,
        copier: &Copier,
    ) -> Option<Object> {
        let placed = self.pages.get(&page?)?;
        let stream = match stream {
            Some(source_form) => copier.copied(source_form)?,
            None => placed.form,
        };
        if !(0..=i64::from(u16::MAX)).contains(&mcid) {
            return None;
        }
        state
            .kids_by_stream
            .entry(stream)
            .or_default()
            .insert(mcid, elem);
        Some(Object::Dictionary(Dictionary::from_iter(vec![
            ("Type", Object::Name(b"MCR".to_vec())),
            ("Pg", Object::Reference(placed.page)),
            ("Stm", Object::Reference(stream)),
            ("MCID", Object::Integer(mcid)),
        ])))
    }

    /// The structure type our copy carries: the source's own name (with its RoleMap entry),
    /// or the standard type it stands for where that name is taken or cannot be kept.
    fn role(
        &self,
        role: &[u8],
        annotated: bool,
        source_map: &HashMap<Vec<u8>, Vec<u8>>,
        state: &mut State,
    ) -> Vec<u8> {
        let mut standard = role.to_vec();
        for _ in 0..16 {
            if is_standard(&standard) {
                break;
            }
            match source_map.get(&standard) {
                Some(next) => standard = next.clone(),
                None => break,
            }
        }
        let neutral: Option<&[u8]> = match standard.as_slice() {
            // Only web links' annotations are copied: a link without one would be an error.
            b"Link" | b"Annot" if !annotated => Some(b"Span"),
            b"Form" | b"Document" => Some(b"Div"),
            s if !is_standard(s) => Some(b"Div"),
            _ => None,
        };
        if let Some(neutral) = neutral {
            return neutral.to_vec();
        }
        if is_standard(role) {
            return role.to_vec();
        }
        match state.role_map.get(role) {
            Some(existing) if *existing != standard => standard,
            _ => {
                state.role_map.insert(role.to_vec(), standard);
                role.to_vec()
            }
        }
    }

    /// An object with its references resolved (attributes are small, and are renamed per
    /// placement, so they are copied afresh rather than shared).
    fn resolved(&self, object: &Object, depth: usize) -> Object {
        if depth > 8 {
            return Object::Null;
        }
        let object = match object {
            Object::Reference(_) => match self.source.dereference(object) {
                Ok((_, o)) => o,
                Err(_) => return Object::Null,
            },
            other => other,
        };
        match object {
            Object::Array(items) => {
                Object::Array(items.iter().map(|i| self.resolved(i, depth + 1)).collect())
            }
            Object::Dictionary(dict) => Object::Dictionary(Dictionary::from_iter(
                dict.iter()
                    .map(|(k, v)| (k.clone(), self.resolved(v, depth + 1))),
            )),
            Object::Stream(_) => Object::Null,
            other => other.clone(),
        }
    }

    fn renamed(&self, id: &[u8]) -> Vec<u8> {
        let mut renamed = self.id_prefix.as_bytes().to_vec();
        renamed.extend_from_slice(id);
        renamed
    }

    /// Table attributes with their `/Headers` IDs renamed as the header cells' IDs were.
    fn renamed_headers(&self, attributes: Object) -> Object {
        match attributes {
            Object::Array(items) => {
                Object::Array(items.into_iter().map(|i| self.renamed_headers(i)).collect())
            }
            Object::Dictionary(mut dict) => {
                if let Ok(Object::Array(headers)) = dict.get(b"Headers") {
                    let renamed = headers
                        .iter()
                        .filter_map(|h| h.as_str().ok())
                        .map(|h| Object::String(self.renamed(h), StringFormat::Literal))
                        .collect();
                    dict.set("Headers", Object::Array(renamed));
                }
                Object::Dictionary(dict)
            }
            other => other,
        }
    }
}

struct Context<'a> {
    /// The page an element's integer MCIDs refer to (its own `/Pg`, else its ancestor's).
    page: Option<ObjectId>,
    role_map: &'a HashMap<Vec<u8>, Vec<u8>>,
}

/// A `/K` value as a list of kids (a single kid, or an array's items, references resolved only
/// for the array itself).
fn as_list(doc: &lopdf::Document, k: &Object) -> Vec<Object> {
    match k {
        Object::Array(items) => items.clone(),
        Object::Reference(_) => match doc.dereference(k) {
            Ok((_, Object::Array(items))) => items.clone(),
            _ => vec![k.clone()],
        },
        Object::Null => Vec::new(),
        other => vec![other.clone()],
    }
}

/// A stream's ParentTree array: the element of each MCID, `None` where no element claims one.
fn by_mcid_array(by_mcid: &BTreeMap<i64, ObjectId>) -> Vec<Option<ObjectId>> {
    let len = by_mcid.keys().next_back().map_or(0, |m| *m as usize + 1);
    let mut array = vec![None; len];
    for (mcid, elem) in by_mcid {
        array[*mcid as usize] = Some(*elem);
    }
    array
}
