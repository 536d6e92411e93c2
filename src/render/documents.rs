//! Assembling what the PDF lays out: an item's document (its report, then its appendices in the
//! report's order: action plans from the template output, existing PDFs as imported pages), and
//! the page sizes of those existing PDFs. Everything comes from the templates' markup.

use crate::input::model::ItemNumber;
use crate::layout::blocks::{
    Block, Document, ImportedPdf, Inline, Orientation, Section, SectionKind,
};
use crate::layout::markup;
use crate::render::prepared::{AppendixPdf, Prepared, PreparedItem};
use crate::render::templates::{Audience, ItemMeeting, PageContext, Target};
use crate::view::dates::DateWords;
use crate::view::AppendixView;
use anyhow::{anyhow, Context, Result};
use std::path::Path;

/// What the PDF of one item for `audience` is made from: its page, given the report, or for
/// the public the notice that stands in for an exempt report.
pub fn item_page<'a>(
    prepared: &Prepared,
    meeting: &'a ItemMeeting,
    item: &'a PreparedItem,
    audience: Audience,
) -> Result<PageContext<'a>> {
    let report = item
        .report
        .as_ref()
        .ok_or_else(|| anyhow!("item {} has no report", item.view.number))?;
    let shown = (!is_notice(item, audience)).then_some(report);
    let style = &prepared.style;
    Ok(style.item_page_context(meeting, &item.view, shown, audience, Target::Pdf))
}

/// Whether `audience` is given a notice in place of `item`'s report.
fn is_notice(item: &PreparedItem, audience: Audience) -> bool {
    item.exempt() && audience == Audience::Public
}

/// The document of one item for `audience` from its `page` ([`item_page`]): the report and
/// its appendices, or for the public the notice that stands in for an exempt report.
pub fn item_document(
    prepared: &Prepared,
    item: &PreparedItem,
    audience: Audience,
    page: &PageContext,
) -> Result<Document> {
    let report = item
        .report
        .as_ref()
        .ok_or_else(|| anyhow!("item {} has no report", item.view.number))?;
    let html = prepared.style.render_page(page)?;
    if is_notice(item, audience) {
        return markup::parse_page(&html).context("reading the exempt-notice template's markup");
    }
    let mut document = markup::parse_page(&html).context("reading the report template's markup")?;
    // The report's own running header (NOT FOR PUBLICATION in the private papers, as the
    // template words it) heads its merged appendices too.
    let header = document.sections.first().and_then(|s| s.header.clone());
    let context = AppendixContext {
        item_number: item.view.number.clone(),
        footer: &prepared.meeting.footer,
        words: &prepared.meeting.words,
        audience,
        header,
    };
    document.sections = with_pdf_appendices(
        document.sections,
        &report.appendices,
        &item.appendix_pdfs,
        &context,
    )?;
    Ok(document)
}

/// Puts the appendices in the report's order: the template wrote the report section and one
/// section per action plan; existing PDFs are inserted where the report lists them.
struct AppendixContext<'a> {
    item_number: ItemNumber,
    footer: &'a str,
    words: &'a DateWords,
    audience: Audience,
    header: Option<String>,
}

fn with_pdf_appendices(
    sections: Vec<Section>,
    appendices: &[AppendixView],
    pdf_files: &[AppendixPdf],
    context: &AppendixContext,
) -> Result<Vec<Section>> {
    let (mut out, plans): (Vec<Section>, Vec<Section>) = sections
        .into_iter()
        .partition(|s| s.kind != SectionKind::Appendix);
    let mut plan_sections = plans.into_iter();
    let mut pdfs = pdf_files.iter();
    for appendix in appendices {
        match appendix.kind {
            "action_plan" | "text" => {
                if let Some(section) = plan_sections.next() {
                    out.push(section);
                }
            }
            "pdf" if appendix.exempt.is_some() && context.audience == Audience::Public => {
                // The template wrote the statutory notice in its place.
                pdfs.next();
                if let Some(section) = plan_sections.next() {
                    out.push(section);
                }
            }
            "pdf" => {
                let pdf = pdfs
                    .next()
                    .ok_or_else(|| anyhow!("appendix {} has no PDF file", appendix.label))?;
                out.push(imported_section(
                    appendix,
                    &pdf.file,
                    &pdf.page_sizes,
                    context,
                ));
            }
            _ => {}
        }
    }
    out.extend(plan_sections);
    Ok(out)
}

/// The existing PDF's pages under the appendix's heading (its bookmark and tag), which layout
/// puts in a band across the top of the first page.
fn imported_section(
    appendix: &AppendixView,
    file: &Path,
    page_sizes: &[(f32, f32)],
    context: &AppendixContext,
) -> Section {
    let page_sizes = page_sizes.to_vec();
    let title = context
        .words
        .appendix_heading(&appendix.label, &appendix.title);
    Section {
        kind: SectionKind::Appendix,
        title: title.clone(),
        orientation: Orientation::Portrait,
        footer: context.footer.to_string(),
        header: context.header.clone(),
        blocks: vec![Block::Heading {
            level: 2,
            runs: vec![Inline::plain(title)],
            bookmark: true,
            id: Some(format!("item-{}-{}", context.item_number, appendix.id)),
        }],
        imported: Some(ImportedPdf {
            file: file.to_path_buf(),
            page_sizes,
        }),
    }
}
