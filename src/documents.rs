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

/// The page's MediaBox, looked up through the page tree (it may be inherited).
fn media_box(document: &lopdf::Document, page: lopdf::ObjectId) -> Result<(f32, f32)> {
    let mut node = document.get_dictionary(page)?;
    for _ in 0..32 {
        if let Ok(array) = node
            .get(b"MediaBox")
            .and_then(|o| document.dereference(o).map(|(_, o)| o))
            .and_then(|o| o.as_array())
        {
            let numbers: Vec<f32> = array
                .iter()
                .filter_map(|n| {
                    n.as_float()
                        .ok()
                        .or_else(|| n.as_i64().ok().map(|i| i as f32))
                })
                .collect();
            if let [x0, y0, x1, y1] = numbers[..] {
                return Ok(((x1 - x0).abs(), (y1 - y0).abs()));
            }
            bail!("a page has a malformed MediaBox");
        }
        match node.get(b"Parent").and_then(|p| p.as_reference()) {
            Ok(parent) => node = document.get_dictionary(parent)?,
            Err(_) => break,
        }
    }
    Ok((595.28, 841.89))
}
