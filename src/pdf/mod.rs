//! The PDF writer: draws the pages that `layout` positioned and writes an accessible, tagged
//! PDF (aiming at the PDF/UA-1 machine checks).
//!
//! It owns everything between a [`LaidOut`] and the file's bytes: drawing with printpdf
//! (`draw`), then, on the lopdf document printpdf produces, the structure tree and marked
//! content bookkeeping (`tags`), link annotations (`links`), the nested outline (`outline`),
//! pages copied from external PDFs (`import`), and the catalog, XMP and Info metadata
//! (`metadata`). It never decides where anything goes: it draws what layout placed and tags it
//! by the role each item carries. The same input always gives byte-identical output.

mod draw;
mod font_mend;
mod import;
mod import_tags;
mod links;
mod metadata;
mod outline;
mod tags;

use crate::layout::fonts;
use crate::layout::pages::{FontStyle, LaidOut};
use anyhow::{anyhow, bail, Context, Result};
use lopdf::{Object, ObjectId, StringFormat};
use printpdf::{ParsedFont, PdfDocument, PdfFont, PdfSaveOptions};
use std::sync::OnceLock;

pub use metadata::PdfMeta;

/// Writes the laid-out document as a tagged PDF and returns its bytes.
pub fn write_pdf(laid: &LaidOut, meta: &PdfMeta) -> Result<Vec<u8>> {
    let drawing = draw::draw_document(laid);
    let mut doc = render_with_printpdf(laid, &drawing)?;
    let page_ids = page_ids(&doc, laid.pages.len())?;

    let imported = import::place_imported_pages(&mut doc, laid, &drawing, &page_ids)?;
    let links = links::add_link_annotations(&mut doc, laid, &drawing, &page_ids)?;
    tags::build_structure_tree(
        &mut doc,
        laid,
        &tags::Content {
            drawing: &drawing,
            foreign: &imported.pages,
            foreign_trees: &imported.trees,
            links: &links,
            page_ids: &page_ids,
        },
    )?;
    outline::add_outline(&mut doc, &laid.outline, laid, &page_ids)?;
    // Pages merged from an untagged file are one Div each, and a font no Liberation face can
    // stand in for stays unembedded: a file holding either does not claim PDF/UA.
    let conforms = imported.conforming;
    metadata::finish_document(&mut doc, meta, conforms)?;
    serialize(doc)
}

/// Draws every page with printpdf (fonts embedded and subset) and returns the lopdf document
/// for the post-processing printpdf cannot do.
fn render_with_printpdf(laid: &LaidOut, drawing: &draw::Drawing) -> Result<lopdf::Document> {
    let mut pdf = PdfDocument::new(&laid.title);
    for face in &drawing.faces_used {
        pdf.resources.fonts.map.insert(
            draw::font_id(*face),
            PdfFont::new(parsed_face(*face)?.clone()),
        );
    }
    pdf.pages = drawing.pages.iter().map(|p| p.page.clone()).collect();
    let options = PdfSaveOptions {
        // Streams are compressed once, at the end, after our own streams are added.
        optimize: false,
        subset_fonts: true,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let doc = pdf.to_lopdf_document(&options, &mut warnings);
    let errors: Vec<&str> = warnings
        .iter()
        .filter(|w| w.severity == printpdf::PdfParseErrorSeverity::Error)
        .map(|w| w.msg.as_str())
        .collect();
    if !errors.is_empty() {
        bail!(
            "printpdf could not draw the document: {}",
            errors.join("; ")
        );
    }
    Ok(doc)
}

/// Parsing a face takes milliseconds, so each is parsed once per process.
fn parsed_face(face: FontStyle) -> Result<&'static ParsedFont> {
    static FACES: [OnceLock<Option<ParsedFont>>; 4] = [
        OnceLock::new(),
        OnceLock::new(),
        OnceLock::new(),
        OnceLock::new(),
    ];
    let index = draw::ALL_FACES.iter().position(|f| *f == face).unwrap_or(0);
    FACES[index]
        .get_or_init(|| ParsedFont::from_bytes(fonts::font_bytes(face), 0, &mut Vec::new()))
        .as_ref()
        .ok_or_else(|| anyhow!("the vendored font {face:?} could not be parsed"))
}

/// Page object ids in document order.
fn page_ids(doc: &lopdf::Document, expected: usize) -> Result<Vec<ObjectId>> {
    let ids: Vec<ObjectId> = doc.get_pages().into_values().collect();
    if ids.len() != expected {
        bail!("printpdf wrote {} pages, expected {expected}", ids.len());
    }
    Ok(ids)
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
    use flate2::{write::ZlibEncoder, Compression};
    use std::io::Write;
    for object in doc.objects.values_mut() {
        let Object::Stream(stream) = object else {
            continue;
        };
        if !stream.allows_compression || stream.dict.has(b"Filter") {
            continue;
        }
        // The fastest level: a quarter larger files than level 6, a sixth less time per pack.
        let mut encoder = ZlibEncoder::new(Vec::new(), Compression::fast());
        if encoder.write_all(&stream.content).is_err() {
            continue;
        }
        if let Ok(compressed) = encoder.finish() {
            if compressed.len() < stream.content.len() {
                stream.dict.set("Filter", "FlateDecode");
                stream.set_content(compressed);
            }
        }
    }
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
