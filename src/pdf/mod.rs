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
mod font_set;
mod import;
mod links;
mod metadata;
mod outline;
mod tags;

use crate::layout::pages::LaidOut;
use anyhow::{Context, Result};
use lopdf::{Dictionary, Object, ObjectId, Stream, StringFormat};

pub use font_set::FontSet;
pub use metadata::PdfMeta;

/// Writes one laid-out document as a tagged PDF, with fonts subset for it alone.
pub fn write_pdf(laid: &LaidOut, meta: &PdfMeta) -> Result<Vec<u8>> {
    let fonts = FontSet::for_documents([laid]).context("subsetting the fonts")?;
    write_pdf_with_fonts(laid, meta, &fonts)
}

/// Writes the laid-out document as a tagged PDF embedding `fonts` (which must have been built
/// from documents including this one) and returns its bytes.
pub fn write_pdf_with_fonts(laid: &LaidOut, meta: &PdfMeta, fonts: &FontSet) -> Result<Vec<u8>> {
    let drawing = draw::draw_document(laid, fonts);
    let (mut doc, page_ids) = page_tree(&drawing, fonts);

    let foreign = import::place_imported_pages(&mut doc, laid, &drawing, &page_ids)?;
    let links = links::add_link_annotations(&mut doc, laid, &drawing, &page_ids)?;
    tags::build_structure_tree(
        &mut doc,
        laid,
        &tags::Content {
            drawing: &drawing,
            foreign: &foreign,
            links: &links,
            page_ids: &page_ids,
        },
    )?;
    outline::add_outline(&mut doc, &laid.outline, laid, &page_ids)?;
    // Pages merged from other files keep none of their own tags yet (they are one Div each),
    // so a file holding any does not claim PDF/UA conformance.
    let conforms = foreign.is_empty();
    metadata::finish_document(&mut doc, meta, conforms)?;
    serialize(doc)
}

/// A document holding the drawn pages (each with its own resources dictionary, which merged
/// appendix pages extend) under one page tree, and a catalog.
fn page_tree(drawing: &draw::Drawing, fonts: &FontSet) -> (lopdf::Document, Vec<ObjectId>) {
    let mut doc = lopdf::Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let font_resources = fonts.add_to(&mut doc, &drawing.faces_used);
    let fonts_id = doc.add_object(font_resources);
    let page_ids: Vec<ObjectId> = drawing
        .pages
        .iter()
        .map(|page| {
            let mut content = Stream::new(Dictionary::new(), page.content.clone());
            compress_stream(&mut content);
            let contents = doc.add_object(content);
            let resources = doc.add_object(Dictionary::from_iter(vec![(
                "Font",
                Object::Reference(fonts_id),
            )]));
            let media = Object::Array(
                [0.0, 0.0, page.width, page.height]
                    .into_iter()
                    .map(Object::Real)
                    .collect(),
            );
            doc.add_object(Dictionary::from_iter(vec![
                ("Type", Object::Name(b"Page".to_vec())),
                ("MediaBox", media.clone()),
                ("TrimBox", media.clone()),
                ("CropBox", media),
                ("Parent", Object::Reference(pages_id)),
                ("Resources", Object::Reference(resources)),
                ("Contents", Object::Reference(contents)),
            ]))
        })
        .collect();
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
    (doc, page_ids)
}

fn serialize(mut doc: lopdf::Document) -> Result<Vec<u8>> {
    compress_streams(&mut doc);
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).context("writing the PDF")?;
    Ok(bytes)
}

/// Flate-compresses every stream that allows it, except the XMP metadata (kept readable so
/// checkers and humans can find it). lopdf's own `compress` uses the slowest level, which on
/// hundreds of pages costs more than everything else put together.
fn compress_streams(doc: &mut lopdf::Document) {
    for object in doc.objects.values_mut() {
        let Object::Stream(stream) = object else {
            continue;
        };
        compress_stream(stream);
    }
}

/// Flate-compresses one stream unless it is already filtered, may not be, or would grow.
pub(crate) fn compress_stream(stream: &mut Stream) {
    if !stream.allows_compression || stream.dict.has(b"Filter") {
        return;
    }
    if let Some(bytes) = compressed(&stream.content) {
        if bytes.len() < stream.content.len() {
            stream.dict.set("Filter", "FlateDecode");
            stream.set_content(bytes);
        }
    }
}

/// The fastest zlib level: a quarter larger files than level 6, a sixth less time per pack.
fn compressed(bytes: &[u8]) -> Option<Vec<u8>> {
    use flate2::{write::ZlibEncoder, Compression};
    use std::io::Write;
    let mut encoder = ZlibEncoder::new(Vec::with_capacity(bytes.len() / 3), Compression::fast());
    encoder.write_all(bytes).ok()?;
    encoder.finish().ok()
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
