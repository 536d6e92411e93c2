//! Pages shown from existing PDF files (external appendices). Each foreign page is copied with
//! lopdf (not printpdf's import, which loses content) into a form XObject, drawn underneath our
//! own items (the page-number stamp) and fitted to the page layout gave us.
//!
//! A tagged source keeps its marked content inside the form, and its structure tree is copied
//! into ours (`import_tags`), pointing at the forms. An untagged source's content is wrapped in
//! one marked-content sequence tied to a `Div` element, so its text is reachable through the
//! structure tree as one block. Filled-in form fields are flattened: each visible widget's
//! appearance is drawn into the page (as a `Div`), so the values stay although the annotations
//! themselves are not copied.

use super::draw::Drawing;
use super::font_mend::{self, Mend};
use super::import_tags::{ImportedTree, PlacedPage, TreeCopier};
use super::page_dicts::{PageDict, PageDicts};
use crate::foreign::ForeignPdf;
use crate::layout::pages::{LaidOut, Page};
use anyhow::{bail, Context, Result};
use lopdf::content::{Content, Operation};
use lopdf::{Dictionary, Object, ObjectId, Stream};
use std::collections::btree_map::Entry;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// The form XObject's resource name on our page.
const FORM_NAME: &str = "RPForeign";

/// Foreign content placed on a page, for the structure tree.
pub(super) struct ForeignContent {
    pub page: usize,
    /// The marked-content sequence on our page that a `Div` element stands for: the whole
    /// foreign page when its source is untagged, else only its flattened form fields (if any).
    pub mcid: Option<i64>,
}

/// Everything placed from other files.
pub(super) struct Imported {
    pub pages: Vec<ForeignContent>,
    /// The structure trees of tagged sources, one per placement.
    pub trees: Vec<ImportedTree>,
    /// Every source was tagged and every font it uses is embedded (or mended): the file can
    /// claim PDF/UA.
    pub conforming: bool,
}

/// The pages of one source placed one after another (one appendix).
struct Run {
    file: PathBuf,
    first_page: usize,
    placed: HashMap<ObjectId, PlacedPage>,
    /// Each copied link annotation of the source (by its source object) and its copy.
    links: HashMap<ObjectId, ObjectId>,
}

pub(super) fn place_imported_pages(
    doc: &mut lopdf::Document,
    pages: &mut PageDicts,
    laid: &LaidOut,
    drawing: &Drawing,
) -> Result<Imported> {
    let mut sources: BTreeMap<PathBuf, Source> = BTreeMap::new();
    let mut imported = Imported {
        pages: Vec::new(),
        trees: Vec::new(),
        conforming: true,
    };
    let mut run: Option<Run> = None;
    for (index, page) in laid.pages.iter().enumerate() {
        let Some(foreign) = &page.imported else {
            continue;
        };
        let continues = run
            .as_ref()
            .is_some_and(|r| r.file == foreign.file && foreign.index != 0);
        if !continues {
            if let Some(done) = run.take() {
                finish_run(doc, &mut sources, done, &mut imported);
            }
            run = Some(Run {
                file: foreign.file.clone(),
                first_page: index,
                placed: HashMap::new(),
                links: HashMap::new(),
            });
        }
        let source = match sources.entry(foreign.file.clone()) {
            Entry::Occupied(e) => e.into_mut(),
            Entry::Vacant(e) => e.insert(Source::load(&foreign.file)?),
        };
        // After our own MCIDs on the page, so the numbering stays dense.
        let mcid = drawing.pages[index].marked.len() as i64;
        let placed = source
            .place(doc, foreign.index, pages.get_mut(index), page, mcid)
            .with_context(|| {
                format!(
                    "placing page {} of {} as page {}",
                    foreign.index + 1,
                    foreign.file.display(),
                    index + 1
                )
            })?;
        if let Some(run) = run.as_mut() {
            run.placed.insert(placed.source_page, placed.page);
            run.links.extend(placed.links);
        }
        imported.pages.push(ForeignContent {
            page: index,
            mcid: placed.div.then_some(mcid),
        });
    }
    if let Some(done) = run.take() {
        finish_run(doc, &mut sources, done, &mut imported);
    }
    imported.conforming &= sources
        .values()
        .all(|s| s.pdf.tagged && s.copier.unmendable.is_empty());
    Ok(imported)
}

/// Copies a tagged source's structure tree for the pages of `run`.
fn finish_run(
    doc: &mut lopdf::Document,
    sources: &mut BTreeMap<PathBuf, Source>,
    run: Run,
    imported: &mut Imported,
) {
    let Some(source) = sources.get_mut(&run.file) else {
        return;
    };
    if !source.pdf.tagged {
        return;
    }
    let copier = TreeCopier {
        source: &source.pdf.doc,
        pages: &run.placed,
        links: &run.links,
        id_prefix: format!("RPA{}-", imported.trees.len() + 1),
        first_page: run.first_page,
    };
    match copier.copy(doc, &mut source.copier) {
        // A tree that claims none of the pages' content leaves it all untagged.
        Some(tree) if !tree.streams.is_empty() => imported.trees.push(tree),
        Some(tree) => {
            imported.trees.push(tree);
            imported.conforming = false;
        }
        None => imported.conforming = false,
    }
}

/// Where `Source::place` put a page.
struct Placed {
    source_page: ObjectId,
    page: PlacedPage,
    /// The placement holds a marked-content sequence for a `Div`.
    div: bool,
    /// The page's link annotations copied (tagged sources only): source object to copy.
    links: Vec<(ObjectId, ObjectId)>,
}

/// A loaded foreign file and the objects already copied from it (shared fonts and images are
/// copied once however many of its pages are used).
struct Source {
    pdf: ForeignPdf,
    copier: Copier,
}

impl Source {
    fn load(path: &Path) -> Result<Source> {
        Ok(Source {
            pdf: ForeignPdf::open(path)?,
            copier: Copier::default(),
        })
    }

    fn place(
        &mut self,
        target: &mut lopdf::Document,
        index: usize,
        our_page: Option<&mut PageDict>,
        page: &Page,
        mcid: i64,
    ) -> Result<Placed> {
        let our_page = our_page.context("our page is missing")?;
        let page_id = our_page.id;
        let Some(foreign) = self.pdf.pages.get(index) else {
            bail!("the file has only {} pages", self.pdf.pages.len());
        };
        let (foreign_page, visible, rotation) = (foreign.id, foreign.visible, foreign.rotation);
        let source = &self.pdf.doc;
        let resources = match self.pdf.inherited(foreign_page, b"Resources").cloned() {
            Some(r) => self.copier.copy(source, target, &r),
            None => Object::Dictionary(Dictionary::new()),
        };
        let content = source.get_page_content(foreign_page);
        // A tagged page keeps its marked content: the copied structure tree points into it.
        let tagged = self.pdf.tagged;
        let content = if tagged { content } else { untagged(content) };

        let form = Stream::new(
            Dictionary::from_iter(vec![
                ("Type", Object::Name(b"XObject".to_vec())),
                ("Subtype", Object::Name(b"Form".to_vec())),
                (
                    "BBox",
                    Object::Array(visible.iter().map(|v| Object::Real(*v)).collect()),
                ),
                ("Resources", resources),
            ]),
            content,
        );
        let form_id = target.add_object(form);
        // Filled-in form fields live in annotations, which are not copied: their appearances
        // are drawn into the page instead (flattened), so the values stay.
        let fields = self.field_appearances(target, foreign_page);
        let matrix = fit(visible, rotation, page);
        let links = if tagged {
            self.copy_links(target, foreign_page, page_id, matrix)
        } else {
            Vec::new()
        };
        let mut drawn_fields = Vec::new();
        for (index, (_, matrix)) in fields.iter().enumerate() {
            drawn_fields.extend([
                Operation::new("q", vec![]),
                Operation::new("cm", matrix.iter().map(|v| Object::Real(*v)).collect()),
                Operation::new("Do", vec![Object::Name(field_name(index).into_bytes())]),
                Operation::new("Q", vec![]),
            ]);
        }
        let draw_form = Operation::new("Do", vec![Object::Name(FORM_NAME.as_bytes().to_vec())]);
        // The Div: everything when untagged, else only the flattened fields (if any). A tagged
        // page's form carries its own MCIDs (tied to the structure through its /StructParents),
        // so it is painted outside any sequence tied to an element: in a plain /Span sequence
        // with no MCID, which marks it as content without claiming it for one.
        let (unmarked, marked) = if tagged {
            let content = vec![
                Operation::new("BMC", vec![Object::Name(b"Span".to_vec())]),
                draw_form,
                Operation::new("EMC", vec![]),
            ];
            (content, drawn_fields)
        } else {
            (
                Vec::new(),
                std::iter::once(draw_form).chain(drawn_fields).collect(),
            )
        };
        let div = !marked.is_empty();
        let begin_div = Operation::new(
            "BDC",
            vec![
                Object::Name(b"Div".to_vec()),
                Object::Dictionary(Dictionary::from_iter(vec![("MCID", mcid.into())])),
            ],
        );
        let mut operations = vec![
            Operation::new("q", vec![]),
            Operation::new("cm", matrix.into_iter().map(Object::Real).collect()),
        ];
        operations.extend(unmarked);
        if div {
            operations.push(begin_div);
            operations.extend(marked);
            operations.push(Operation::new("EMC", vec![]));
        }
        operations.push(Operation::new("Q", vec![]));
        let placement = Content { operations }
            .encode()
            .context("encoding the placement of the foreign page")?;
        let placement_id = target.add_object(Stream::new(Dictionary::new(), placement));
        let field_forms: Vec<ObjectId> = fields.into_iter().map(|(id, _)| id).collect();
        attach(target, our_page, placement_id, form_id, &field_forms)?;
        our_page.annots.extend(links.iter().map(|(_, copy)| *copy));
        Ok(Placed {
            source_page: foreign_page,
            page: PlacedPage {
                page: page_id,
                form: form_id,
            },
            div,
            links,
        })
    }

    /// The page's web links (link annotations with a URI action), copied onto our page at the
    /// place the page is drawn: a tagged source's `Link` elements point at them. Links into
    /// the source itself would lead nowhere useful and are not copied.
    fn copy_links(
        &mut self,
        target: &mut lopdf::Document,
        page: ObjectId,
        our_page: ObjectId,
        matrix: [f32; 6],
    ) -> Vec<(ObjectId, ObjectId)> {
        let source = &self.pdf.doc;
        let annotations: Vec<Object> = source
            .get_dictionary(page)
            .ok()
            .and_then(|p| p.get(b"Annots").ok())
            .and_then(|a| source.dereference(a).ok())
            .and_then(|(_, a)| a.as_array().ok())
            .cloned()
            .unwrap_or_default();
        let mut copied = Vec::new();
        for annotation in annotations.iter().take(MAX_FIELDS) {
            let Ok(id) = annotation.as_reference() else {
                continue;
            };
            let Ok(link) = source.get_dictionary(id) else {
                continue;
            };
            if link.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Link".as_slice()) {
                continue;
            }
            let Some(action) = link
                .get(b"A")
                .ok()
                .and_then(|a| source.dereference(a).ok())
                .map(|(_, a)| a)
                .filter(|a| {
                    a.as_dict()
                        .and_then(|a| a.get(b"S"))
                        .and_then(Object::as_name)
                        .ok()
                        == Some(b"URI".as_slice())
                })
                .cloned()
            else {
                continue;
            };
            let Some(rect) = link.get(b"Rect").ok().and_then(|r| self.pdf.rectangle(r)) else {
                continue;
            };
            let uri = action
                .as_dict()
                .and_then(|a| a.get(b"URI"))
                .cloned()
                .unwrap_or(Object::Null);
            let description = link.get(b"Contents").cloned().unwrap_or(uri);
            let action = self.copier.copy(source, target, &action);
            let description = self.copier.copy(source, target, &description);
            let copy = Dictionary::from_iter(vec![
                ("Type", Object::Name(b"Annot".to_vec())),
                ("Subtype", Object::Name(b"Link".to_vec())),
                (
                    "Rect",
                    Object::Array(
                        transformed_bounds(rect, matrix)
                            .into_iter()
                            .map(Object::Real)
                            .collect(),
                    ),
                ),
                ("Border", Object::Array(vec![0.into(), 0.into(), 0.into()])),
                ("F", Object::Integer(4)),
                ("Contents", description),
                ("P", Object::Reference(our_page)),
                ("A", action),
            ]);
            copied.push((id, target.add_object(copy)));
        }
        copied
    }

    /// The visible appearance of each annotation of the page that shows a form field's value
    /// (widgets, not hidden), copied into `target`, with the matrix that puts it at its
    /// rectangle in the page's own coordinates.
    fn field_appearances(
        &mut self,
        target: &mut lopdf::Document,
        page: ObjectId,
    ) -> Vec<(ObjectId, [f32; 6])> {
        let annotations: Vec<Object> = self
            .pdf
            .doc
            .get_dictionary(page)
            .ok()
            .and_then(|p| p.get(b"Annots").ok())
            .and_then(|a| self.pdf.doc.dereference(a).ok())
            .and_then(|(_, a)| a.as_array().ok())
            .cloned()
            .unwrap_or_default();
        let mut found = Vec::new();
        for annotation in annotations.iter().take(MAX_FIELDS) {
            let Some((stream, matrix)) = self.appearance(annotation) else {
                continue;
            };
            let copied = self.copier.copy_reference(&self.pdf.doc, target, stream);
            found.push((copied, matrix));
        }
        found
    }

    /// A widget's normal appearance stream (the one its `/AS` state selects) and its placement.
    fn appearance(&self, annotation: &Object) -> Option<(ObjectId, [f32; 6])> {
        let (_, annotation) = self.pdf.doc.dereference(annotation).ok()?;
        let annotation = annotation.as_dict().ok()?;
        if annotation.get(b"Subtype").and_then(Object::as_name).ok()? != b"Widget" {
            return None;
        }
        let flags = annotation.get(b"F").and_then(Object::as_i64).unwrap_or(0);
        // Hidden (2) or NoView (32): not shown on screen, so not drawn.
        if flags & (2 | 32) != 0 {
            return None;
        }
        let rect = self.pdf.rectangle(annotation.get(b"Rect").ok()?)?;
        let appearances = annotation.get(b"AP").ok()?;
        let (_, appearances) = self.pdf.doc.dereference(appearances).ok()?;
        let normal = appearances.as_dict().ok()?.get(b"N").ok()?;
        let stream_id = match normal {
            Object::Reference(id) if self.pdf.doc.get_object(*id).ok()?.as_stream().is_ok() => *id,
            Object::Reference(_) | Object::Dictionary(_) => {
                // A dictionary of states (a checkbox's /Yes and /Off): the one /AS names.
                let (_, states) = self.pdf.doc.dereference(normal).ok()?;
                let state = annotation.get(b"AS").and_then(Object::as_name).ok()?;
                states
                    .as_dict()
                    .ok()?
                    .get(state)
                    .ok()?
                    .as_reference()
                    .ok()?
            }
            _ => return None,
        };
        let stream = self.pdf.doc.get_object(stream_id).ok()?.as_stream().ok()?;
        let bbox = self.pdf.rectangle(stream.dict.get(b"BBox").ok()?)?;
        let matrix = stream
            .dict
            .get(b"Matrix")
            .ok()
            .and_then(|m| m.as_array().ok())
            .and_then(|m| {
                let values: Vec<f32> = m.iter().filter_map(|v| v.as_float().ok()).collect();
                <[f32; 6]>::try_from(values).ok()
            })
            .unwrap_or([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);
        Some((stream_id, fit_appearance(bbox, matrix, rect)?))
    }
}

/// Deep-copies objects of one source file into ours, each referenced object once, mending the
/// fonts it left unembedded on the way.
#[derive(Default)]
pub(super) struct Copier {
    copied: HashMap<ObjectId, ObjectId>,
    /// The names of unembedded fonts that could not be mended.
    unmendable: BTreeSet<String>,
}

impl Copier {
    /// The copy of a source object already copied.
    pub(super) fn copied(&self, id: ObjectId) -> Option<ObjectId> {
        self.copied.get(&id).copied()
    }

    /// Deep-copies `object` of `source` into `target`.
    pub(super) fn copy(
        &mut self,
        source: &lopdf::Document,
        target: &mut lopdf::Document,
        object: &Object,
    ) -> Object {
        match object {
            Object::Reference(id) => Object::Reference(self.copy_reference(source, target, *id)),
            Object::Array(items) => {
                Object::Array(items.iter().map(|o| self.copy(source, target, o)).collect())
            }
            Object::Dictionary(dict) if is_font(dict) => {
                match font_mend::mend(source, target, dict) {
                    Mend::Mended(font) => return Object::Dictionary(font),
                    Mend::Unmendable(name) => {
                        self.unmendable.insert(name);
                    }
                    Mend::NotNeeded => {}
                }
                let mut copy = self.copy_dictionary(source, target, dict);
                font_mend::complete(&mut copy);
                Object::Dictionary(copy)
            }
            Object::Dictionary(dict) => {
                Object::Dictionary(self.copy_dictionary(source, target, dict))
            }
            Object::Stream(stream) => {
                let dict = self.copy_dictionary(source, target, &stream.dict);
                Object::Stream(Stream::new(dict, stream.content.clone()))
            }
            other => other.clone(),
        }
    }

    fn copy_reference(
        &mut self,
        source: &lopdf::Document,
        target: &mut lopdf::Document,
        id: ObjectId,
    ) -> ObjectId {
        if let Some(copied) = self.copied.get(&id) {
            return *copied;
        }
        let new_id = target.new_object_id();
        // Recorded before copying the object itself, so reference cycles terminate.
        self.copied.insert(id, new_id);
        let original = source.get_object(id).cloned().unwrap_or(Object::Null);
        let copy = self.copy(source, target, &original);
        target.objects.insert(new_id, copy);
        new_id
    }

    fn copy_dictionary(
        &mut self,
        source: &lopdf::Document,
        target: &mut lopdf::Document,
        dict: &Dictionary,
    ) -> Dictionary {
        let mut copy = Dictionary::new();
        for (key, value) in dict.iter() {
            // Links back into the foreign page tree and structure tree would drag in the
            // whole foreign document and point at elements we do not have (a copied
            // structure tree gives the forms it points into keys of our own).
            if matches!(
                key.as_slice(),
                b"Parent" | b"StructParent" | b"StructParents"
            ) {
                continue;
            }
            copy.set(key.clone(), self.copy(source, target, value));
        }
        copy
    }
}

/// A font dictionary (`/Type /Font`, or a `/BaseFont` with a `/Subtype`).
fn is_font(dict: &Dictionary) -> bool {
    dict.get(b"Type").and_then(Object::as_name).ok() == Some(b"Font".as_slice())
        || (dict.has(b"BaseFont") && dict.has(b"Subtype"))
}

/// The foreign content without its marked-content operators. Content lopdf cannot parse is
/// kept as it is.
fn untagged(content: Vec<u8>) -> Vec<u8> {
    let Ok(mut parsed) = Content::decode(&content) else {
        return content;
    };
    parsed
        .operations
        .retain(|op| !matches!(op.operator.as_str(), "BMC" | "BDC" | "EMC" | "MP" | "DP"));
    parsed.encode().unwrap_or(content)
}

/// The `cm` matrix that shows the foreign visible box, turned by its `/Rotate`, as large as
/// fits and centred on our page.
/// At most this many form fields are drawn on one page (a defence against crafted files).
const MAX_FIELDS: usize = 2000;

/// Resource name of the `index`th flattened form field on our page.
fn field_name(index: usize) -> String {
    format!("{FORM_NAME}F{index}")
}

/// The matrix that maps an appearance's bounding box, as its own `/Matrix` transforms it, onto
/// the annotation's rectangle (PDF 1.7, 12.5.5); `None` for a degenerate box.
fn fit_appearance(bbox: [f32; 4], matrix: [f32; 6], rect: [f32; 4]) -> Option<[f32; 6]> {
    let [min_x, min_y, max_x, max_y] = transformed_bounds(bbox, matrix);
    let (w, h) = (max_x - min_x, max_y - min_y);
    if !(w > 0.0 && h > 0.0 && w.is_finite() && h.is_finite()) {
        return None;
    }
    let sx = (rect[2] - rect[0]) / w;
    let sy = (rect[3] - rect[1]) / h;
    Some([sx, 0.0, 0.0, sy, rect[0] - min_x * sx, rect[1] - min_y * sy])
}

/// The bounds `[x1 y1 x2 y2]` of rectangle `rect` once transformed by `matrix`.
fn transformed_bounds(rect: [f32; 4], matrix: [f32; 6]) -> [f32; 4] {
    let [a, b, c, d, e, f] = matrix;
    let [x1, y1, x2, y2] = rect;
    let corners = [(x1, y1), (x1, y2), (x2, y1), (x2, y2)]
        .map(|(x, y)| (a * x + c * y + e, b * x + d * y + f));
    let (xs, ys) = (corners.map(|p| p.0), corners.map(|p| p.1));
    let min = |v: [f32; 4]| v.into_iter().fold(f32::INFINITY, f32::min);
    let max = |v: [f32; 4]| v.into_iter().fold(f32::NEG_INFINITY, f32::max);
    [min(xs), min(ys), max(xs), max(ys)]
}

fn fit(visible: [f32; 4], rotation: i64, page: &Page) -> [f32; 6] {
    // Clockwise display rotation as a matrix [a b c d].
    let (a, b, c, d) = match rotation.rem_euclid(360) {
        90 => (0.0, -1.0, 1.0, 0.0),
        180 => (-1.0, 0.0, 0.0, -1.0),
        270 => (0.0, 1.0, -1.0, 0.0),
        _ => (1.0, 0.0, 0.0, 1.0),
    };
    let [min_x, min_y, max_x, max_y] = transformed_bounds(visible, [a, b, c, d, 0.0, 0.0]);
    let (w, h) = (max_x - min_x, max_y - min_y);
    let scale = if w > 0.0 && h > 0.0 {
        (page.width / w).min(page.height / h)
    } else {
        1.0
    };
    let e = (page.width - w * scale) / 2.0 - min_x * scale;
    let f = (page.height - h * scale) / 2.0 - min_y * scale;
    [a * scale, b * scale, c * scale, d * scale, e, f]
}

/// Puts the placement stream before our own content and gives the page the form resource.
fn attach(
    doc: &mut lopdf::Document,
    page: &mut PageDict,
    placement: ObjectId,
    form: ObjectId,
    fields: &[ObjectId],
) -> Result<()> {
    page.contents.insert(0, placement);
    let resources_id = page.resources;
    // printpdf points every page at one shared XObject dictionary: give this page its own.
    doc.get_dictionary_mut(resources_id)
        .context("our page resources are missing")?
        .set(
            "XObject",
            Dictionary::from_iter(
                std::iter::once((FORM_NAME.to_string(), Object::Reference(form))).chain(
                    fields
                        .iter()
                        .enumerate()
                        .map(|(index, id)| (field_name(index), Object::Reference(*id))),
                ),
            ),
        );
    Ok(())
}
