//! Assembling what the PDF lays out: an item's document (its report, then its appendices in the
//! report's order: action plans from the template output, existing PDFs as imported pages), and
//! the page sizes of those existing PDFs. Everything comes from the templates' markup.

use crate::blocks::{Block, Document, ImportedPdf, Inline, Orientation, Section, SectionKind};
use crate::markup;
use crate::pack::{Prepared, PreparedItem};
use crate::templates::{Audience, Target};
use crate::view::AppendixView;
use anyhow::{anyhow, bail, Context, Result};
use std::path::Path;

/// The document of one item for `audience`: the report and its appendices, or for the public
/// the notice that stands in for an exempt report.
pub fn item_document(
    prepared: &Prepared,
    item: &PreparedItem,
    audience: Audience,
) -> Result<Document> {
    let style = &prepared.style;
    let report = item
        .report
        .as_ref()
        .ok_or_else(|| anyhow!("item {} has no report", item.view.number))?;
    if item.exempt() && audience == Audience::Public {
        let html = style.exempt_notice_page(&prepared.meeting, &item.view, Target::Pdf)?;
        return markup::parse_page(&html).context("reading the exempt-notice template's markup");
    }
    let html = style.item_page(&prepared.meeting, &item.view, report, audience, Target::Pdf)?;
    let mut document = markup::parse_page(&html).context("reading the report template's markup")?;
    let pdf_files: Vec<&Path> = item.appendix_pdfs.iter().map(|p| p.as_path()).collect();
    let context = AppendixContext {
        item_number: item.view.number,
        footer: &prepared.meeting.footer,
        audience,
    };
    document.sections =
        with_pdf_appendices(document.sections, &report.appendices, &pdf_files, &context)?;
    Ok(document)
}

/// Puts the appendices in the report's order: the template wrote the report section and one
/// section per action plan; existing PDFs are inserted where the report lists them.
struct AppendixContext<'a> {
    item_number: u32,
    footer: &'a str,
    audience: Audience,
}

fn with_pdf_appendices(
    sections: Vec<Section>,
    appendices: &[AppendixView],
    pdf_files: &[&Path],
    context: &AppendixContext,
) -> Result<Vec<Section>> {
    let (mut out, plans): (Vec<Section>, Vec<Section>) = sections
        .into_iter()
        .partition(|s| s.kind != SectionKind::Appendix);
    let mut plan_sections = plans.into_iter();
    let mut pdfs = pdf_files.iter();
    for appendix in appendices {
        match appendix.kind {
            "action_plan" => {
                if let Some(section) = plan_sections.next() {
                    out.push(section);
                }
            }
            "pdf" => {
                let file = pdfs
                    .next()
                    .ok_or_else(|| anyhow!("appendix {} has no PDF file", appendix.label))?;
                out.push(imported_section(appendix, file, context)?);
            }
            _ => {}
        }
    }
    out.extend(plan_sections);
    Ok(out)
}

/// A cover page naming the appendix (its bookmark and heading), then the existing PDF's pages.
fn imported_section(
    appendix: &AppendixView,
    file: &Path,
    context: &AppendixContext,
) -> Result<Section> {
    let page_sizes = pdf_page_sizes(file)?;
    let title = format!("Appendix {}: {}", appendix.label, appendix.title);
    let pages = page_sizes.len();
    Ok(Section {
        kind: SectionKind::Appendix,
        title: title.clone(),
        orientation: Orientation::Portrait,
        footer: context.footer.to_string(),
        header: (context.audience == Audience::Private).then(|| "NOT FOR PUBLICATION".to_string()),
        blocks: vec![
            Block::Heading {
                level: 2,
                runs: vec![Inline::plain(title)],
                bookmark: true,
                id: Some(format!("item-{}-{}", context.item_number, appendix.id)),
            },
            Block::Paragraph {
                label: None,
                runs: vec![Inline::plain(format!(
                    "The {pages} page{} of this appendix follow{} as published.",
                    if pages == 1 { "" } else { "s" },
                    if pages == 1 { "s" } else { "" }
                ))],
                style: crate::blocks::ParagraphStyle::Normal,
            },
        ],
        imported: Some(ImportedPdf {
            file: file.to_path_buf(),
            page_sizes,
        }),
    })
}

/// Width and height in points of every page of an existing PDF. A missing, unreadable or
/// encrypted file is an error: a pack must never be silently shorter.
pub fn pdf_page_sizes(file: &Path) -> Result<Vec<(f32, f32)>> {
    let document = lopdf::Document::load(file)
        .with_context(|| format!("cannot read the PDF appendix {}", file.display()))?;
    if document.is_encrypted() {
        bail!(
            "the PDF appendix {} is encrypted: ask for an unprotected copy",
            file.display()
        );
    }
    let pages = document.get_pages();
    if pages.is_empty() {
        bail!("the PDF appendix {} has no pages", file.display());
    }
    pages
        .values()
        .map(|&id| media_box(&document, id))
        .collect::<Result<Vec<_>>>()
        .with_context(|| format!("reading the page sizes of {}", file.display()))
}

/// The page's size as a reader shows it: its visible box (the CropBox, else the MediaBox, both
/// inherited through the page tree), turned by its `/Rotate`. The same box and rotation that
/// `pdf::import` fits onto the page, so a page shown turned gets a page of its turned shape.
fn media_box(document: &lopdf::Document, page: lopdf::ObjectId) -> Result<(f32, f32)> {
    let (width, height) = match inherited(document, page, b"CropBox") {
        Some(crop) => rectangle_size(document, crop)
            .or_else(|_| page_box(document, page))
            .unwrap_or((595.28, 841.89)),
        None => page_box(document, page)?,
    };
    let rotation = inherited(document, page, b"Rotate")
        .and_then(|o| o.as_i64().ok())
        .unwrap_or(0);
    Ok(if rotation.rem_euclid(180) == 90 {
        (height, width)
    } else {
        (width, height)
    })
}

/// The page's MediaBox size; A4 when it has none.
fn page_box(document: &lopdf::Document, page: lopdf::ObjectId) -> Result<(f32, f32)> {
    match inherited(document, page, b"MediaBox") {
        Some(media) => rectangle_size(document, media),
        None => Ok((595.28, 841.89)),
    }
}

/// A page attribute, looked up through the page tree (it may be inherited).
fn inherited<'a>(
    document: &'a lopdf::Document,
    page: lopdf::ObjectId,
    key: &[u8],
) -> Option<&'a lopdf::Object> {
    let mut node = document.get_dictionary(page).ok()?;
    for _ in 0..32 {
        if let Ok(value) = node.get(key) {
            return document.dereference(value).ok().map(|(_, o)| o);
        }
        let parent = node.get(b"Parent").and_then(|p| p.as_reference()).ok()?;
        node = document.get_dictionary(parent).ok()?;
    }
    None
}

/// Width and height of a rectangle `[x0 y0 x1 y1]`.
fn rectangle_size(document: &lopdf::Document, object: &lopdf::Object) -> Result<(f32, f32)> {
    let numbers: Vec<f32> = object
        .as_array()
        .map_err(|_| anyhow!("a page has a malformed MediaBox"))?
        .iter()
        .filter_map(|n| document.dereference(n).ok().map(|(_, n)| n))
        .filter_map(|n| {
            n.as_float()
                .ok()
                .or_else(|| n.as_i64().ok().map(|i| i as f32))
        })
        .collect();
    match numbers[..] {
        [x0, y0, x1, y1] => Ok(((x1 - x0).abs(), (y1 - y0).abs())),
        _ => bail!("a page has a malformed MediaBox"),
    }
}
