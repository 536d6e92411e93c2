//! The PDF writer: draws the pages that `layout` positioned and writes an accessible, tagged
//! PDF (aiming at the PDF/UA-1 machine checks).
//!
//! It owns everything between a [`LaidOut`] and the file's bytes: the fonts of the build, subset
//! once (`font_set`), the pages' content streams (`draw`), the page tree, then the structure tree and marked
//! content bookkeeping (`tags`), link annotations (`links`), the nested outline (`outline`),
//! pages copied from external PDFs (`import`), and the catalog, XMP and Info metadata
//! (`metadata`). It never decides where anything goes: it draws what layout placed and tags it
//! by the role each item carries. The same input always gives byte-identical output.

mod draw;
mod font_mend;
mod font_set;
mod import;
mod import_tags;
mod links;
mod metadata;
mod outline;
mod page_dicts;
mod streams;
mod syntax;
mod tags;

use crate::digest::Digest;
use crate::layout::pages::LaidOut;
use anyhow::{Context, Result};
use lopdf::{Dictionary, Object, ObjectId, StringFormat};
use page_dicts::{PageDict, PageDicts};
use serde::{Deserialize, Serialize};
use std::io::Write;
use syntax::RawObjects;

pub use font_set::{DrawnChars, KeptFonts};
pub use metadata::PdfMeta;
pub use streams::stored_bytes;
pub use tags::{ElementRun, KnownElements};

/// What every PDF of one build shares: the fonts, subset once for all of them, and the
/// compressed bodies of pages that more than one of them shows.
pub struct Shared {
    fonts: font_set::FontSet,
    streams: streams::StreamCache,
}

impl Shared {
    /// For writing `documents` (and no others).
    pub fn for_documents<'a>(documents: impl IntoIterator<Item = &'a LaidOut>) -> Result<Shared> {
        Shared::with_fonts(font_set::FontSet::for_documents(documents))
    }

    /// For writing documents that draw `chars` between them (and no other characters).
    pub fn for_chars<'a>(chars: impl IntoIterator<Item = &'a DrawnChars>) -> Result<Shared> {
        Shared::with_fonts(font_set::FontSet::for_chars(chars))
    }

    /// [`Shared::for_chars`], with the fonts an earlier build subset to the same characters
    /// when `known` has them (and keeping them there when it had not).
    pub fn for_chars_known<'a>(
        chars: impl IntoIterator<Item = &'a DrawnChars>,
        known: &dyn KnownFonts,
    ) -> Result<Shared> {
        let all = DrawnChars::union(chars);
        let digest = all.digest();
        if let Some(kept) = known.take(digest) {
            return Shared::with_fonts(Ok(font_set::FontSet::from_kept(kept)));
        }
        let fonts = font_set::FontSet::for_chars([&all])?;
        known.keep(digest, &fonts.to_kept());
        Shared::with_fonts(Ok(fonts))
    }

    fn with_fonts(fonts: Result<font_set::FontSet>) -> Result<Shared> {
        Ok(Shared {
            fonts: fonts.context("subsetting the fonts")?,
            streams: streams::StreamCache::default(),
        })
    }

    /// Which characters the fonts hold: a PDF drawn with another build's fonts of the same
    /// digest has the same bytes.
    pub fn fonts_digest(&self) -> Digest {
        self.fonts.digest()
    }
}

/// Font sets an earlier build subset, by the digest of the characters they hold.
pub trait KnownFonts {
    fn take(&self, chars: Digest) -> Option<KeptFonts>;
    fn keep(&self, chars: Digest, fonts: &KeptFonts);
}

/// Writes one laid-out document as a tagged PDF, with fonts subset for it alone, and returns
/// its bytes.
pub fn write_pdf(laid: &LaidOut, meta: &PdfMeta) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    write_shared(laid, meta, &Shared::for_documents([laid])?, &mut bytes)?;
    Ok(bytes)
}

/// A document's pages as drawn for its own PDF, and what its links say, which a document
/// stitched from it (a pack) takes over instead of drawing them again.
#[derive(Clone, Serialize, Deserialize)]
pub struct Drawn {
    drawing: draw::Drawing,
    descriptions: links::LinkDescriptions,
}

/// Writes the laid-out document as a tagged PDF with the build's `shared` fonts and page
/// bodies (made for documents including this one) into `out`, as it goes; returns its pages
/// as drawn.
pub fn write_shared(
    laid: &LaidOut,
    meta: &PdfMeta,
    shared: &Shared,
    out: &mut dyn Write,
) -> Result<Drawn> {
    let descriptions = links::link_descriptions(laid);
    let drawing = draw::draw_document(laid, &shared.fonts, &shared.streams);
    write_drawn(
        laid,
        &drawing,
        &descriptions,
        meta,
        shared,
        tags::Parts::none(),
        out,
    )?;
    Ok(Drawn {
        drawing,
        descriptions,
    })
}

/// One part of a stitched document: where it was placed, its pages as drawn for its own PDF
/// (none: the whole draws them), and the digest of what it was made from (the same digest,
/// the same part: its structure elements are taken from `known` when they would be written
/// the same).
pub struct StitchedPart {
    pub placed: crate::layout::Placed,
    pub drawn: Option<Drawn>,
    pub made_from: Digest,
}

/// Writes a document stitched by [`crate::layout::stitch`] (a pack) from all its `parts`, in
/// order, taking over the pages of those already drawn for their own PDFs (their pages need
/// hold only their footers); each page's items are freed as soon as it is drawn. The parts'
/// structure elements are taken from `known` where they stand where they stood, and handed
/// back to it to be kept.
pub fn write_stitched(
    mut laid: LaidOut,
    parts: Vec<StitchedPart>,
    meta: &PdfMeta,
    shared: &Shared,
    known: &dyn KnownElements,
    out: &mut dyn Write,
) -> Result<Spent> {
    let mut descriptions = links::link_descriptions(&laid);
    let places = part_places(&laid, &parts);
    let mut drawings = Vec::with_capacity(parts.len());
    for (placed, drawn) in (parts.into_iter()).filter_map(|p| Some((p.placed, p.drawn?))) {
        let renumbered = (drawn.descriptions.into_iter()).map(|(node, d)| (placed.node(node), d));
        descriptions.extend(renumbered);
        drawings.push((placed, drawn.drawing));
    }
    let drawing = draw::draw_stitched(&mut laid, drawings, &shared.fonts, &shared.streams);
    let parts = tags::Parts {
        places: &places,
        known,
        fonts: shared.fonts_digest(),
    };
    let written = write_drawn(&laid, &drawing, &descriptions, meta, shared, parts, out)?;
    let held = Box::new((laid, drawing, descriptions, places, written));
    Ok(Spent { _held: held })
}

/// What writing a pack used: its layout, drawing and objects, the build's largest values,
/// handed back so that the caller can free them where it suits (on another core: at 50
/// reports freeing them took 2 ms of the one core the pack is written on).
pub struct Spent {
    _held: Box<dyn Send>,
}

/// Where each part's nodes (after its root, which became the whole's) and pages lie: up to
/// the next part's, the last up to the end.
fn part_places(laid: &LaidOut, parts: &[StitchedPart]) -> Vec<tags::PartPlace> {
    let ends = (parts.iter().skip(1))
        .map(|p| (p.placed.node_offset + 1, p.placed.first_page))
        .chain([(laid.structure.len(), laid.pages.len())]);
    (parts.iter().zip(ends))
        .map(|(part, (node_end, page_end))| tags::PartPlace {
            nodes: part.placed.node_offset + 1..node_end,
            pages: part.placed.first_page..page_end,
            made_from: part.made_from,
        })
        .collect()
}

/// The file of a drawn document: page tree, merged pages, links, structure, outline, metadata;
/// its objects handed back, written, for the caller to free.
fn write_drawn(
    laid: &LaidOut,
    drawing: &draw::Drawing,
    descriptions: &links::LinkDescriptions,
    meta: &PdfMeta,
    shared: &Shared,
    parts: tags::Parts,
    out: &mut dyn Write,
) -> Result<(lopdf::Document, RawObjects)> {
    let mut raw = RawObjects::default();
    let (mut doc, mut pages) = page_tree(laid, drawing, shared, &mut raw);
    let page_ids = pages.ids();

    let imported = import::place_imported_pages(&mut doc, &mut pages, laid, drawing)?;
    let links = links::add_link_annotations(&mut doc, &mut pages, laid, drawing, descriptions)?;
    tags::build_structure_tree(
        &mut doc,
        &mut raw,
        laid,
        &tags::Content {
            drawing,
            foreign: &imported.pages,
            foreign_trees: &imported.trees,
            links: &links,
            page_ids: &page_ids,
            parts,
        },
    )?;
    pages.mark_structured();
    pages.write(&mut raw);
    outline::add_outline(&mut doc, &mut raw, &laid.outline, laid, &page_ids)?;
    // Pages merged from an untagged file are one Div each, and a font no Liberation face can
    // stand in for stays unembedded: a file holding either does not claim PDF/UA.
    let conforms = imported.conforming;
    metadata::finish_document(&mut doc, meta, conforms)?;
    syntax::write_file(&doc, &raw, out).context("writing the PDF's bytes")?;
    Ok((doc, raw))
}

/// A document holding the drawn pages (each with its own resources dictionary, which merged
/// appendix pages extend) under one page tree, and a catalog; the pages' content streams go
/// into `raw`, already compressed.
fn page_tree(
    laid: &LaidOut,
    drawing: &draw::Drawing,
    shared: &Shared,
    raw: &mut RawObjects,
) -> (lopdf::Document, PageDicts) {
    let mut doc = lopdf::Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let font_resources = shared.fonts.add_to(&mut doc, &drawing.faces_used);
    let fonts_id = doc.add_object(font_resources);
    let font_only = || Dictionary::from_iter(vec![("Font", Object::Reference(fonts_id))]);
    // One resources dictionary for every page drawn here alone; a page that shows a merged
    // one gets its own, which merging extends (a pack's 454 copies of one dictionary were a
    // tenth of its page tree).
    let shared_resources = doc.add_object(font_only());
    let mut pages = PageDicts::new(pages_id);
    for (index, page) in drawing.pages.iter().enumerate() {
        let body = doc.new_object_id();
        raw.insert_stream(body, page.body.clone());
        let footer = doc.new_object_id();
        raw.insert_stream(footer, page.footer.clone());
        let merges = laid.pages.get(index).is_some_and(|p| p.imported.is_some());
        let resources = match merges {
            true => doc.add_object(font_only()),
            false => shared_resources,
        };
        pages.push(PageDict {
            id: doc.new_object_id(),
            size: (page.width, page.height),
            resources,
            contents: vec![body, footer],
            annots: Vec::new(),
        });
    }
    let page_ids = pages.ids();
    doc.objects.insert(
        pages_id,
        Object::Dictionary(Dictionary::from_iter(vec![
            ("Type", Object::Name(b"Pages".to_vec())),
            ("Count", Object::Integer(page_ids.len() as i64)),
            (
                "Kids",
                Object::Array(page_ids.iter().map(|id| Object::Reference(*id)).collect()),
            ),
        ])),
    );
    let catalog = doc.add_object(Dictionary::from_iter(vec![
        ("Type", Object::Name(b"Catalog".to_vec())),
        ("PageLayout", Object::Name(b"OneColumn".to_vec())),
        ("Pages", Object::Reference(pages_id)),
    ]));
    doc.trailer.set("Root", Object::Reference(catalog));
    (doc, pages)
}

/// A PDF text string: plain ASCII as a literal, anything else as UTF-16BE with a byte order
/// mark, as the spec requires for text outside PDFDocEncoding's ASCII range.
pub(crate) fn text_string(text: &str) -> Object {
    if text.is_ascii() {
        return Object::String(text.as_bytes().to_vec(), StringFormat::Literal);
    }
    let mut bytes = vec![0xFE, 0xFF];
    for unit in text.encode_utf16() {
        bytes.extend_from_slice(&unit.to_be_bytes());
    }
    Object::String(bytes, StringFormat::Hexadecimal)
}

/// `[page /XYZ left top null]`: a destination that keeps the reader's zoom.
pub(crate) fn xyz_destination(page: ObjectId, left: f32, top: f32) -> Object {
    Object::Array(vec![
        Object::Reference(page),
        Object::Name(b"XYZ".to_vec()),
        Object::Real(left),
        Object::Real(top),
        Object::Null,
    ])
}
