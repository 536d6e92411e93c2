//! The PDF papers of a meeting: one PDF per item, the agenda reports pack (front sheet, agenda,
//! every item, page numbers running through), its private twin with the exempt business, and the
//! supplementary pack of late items. The agenda is laid out again with the page on which each
//! item starts until those numbers no longer change.

use crate::blocks::Document;
use crate::documents;
use crate::layout;
use crate::markup;
use crate::output::OutputFile;
use crate::pack::{Prepared, PreparedItem};
use crate::pages::LaidOut;
use crate::pdf::{self, PdfMeta};
use crate::templates::{Audience, Target};
use crate::view::MeetingView;
use anyhow::{Context, Result};
use std::path::Path;

/// Every PDF of the meeting.
pub fn all_pdfs(prepared: &Prepared, out_dir: &Path) -> Result<Vec<OutputFile>> {
    let mut files = Vec::new();
    for item in prepared.items.iter().filter(|i| i.report.is_some()) {
        files.extend(item_pdfs(prepared, item, out_dir)?);
    }
    let main: Vec<&PreparedItem> = prepared
        .items
        .iter()
        .filter(|i| !i.view.supplement)
        .collect();
    files.push(OutputFile {
        path: out_dir.join("pack.pdf"),
        bytes: pack_pdf(prepared, &main, Audience::Public, None)?,
    });
    if prepared.has_exempt() {
        files.push(OutputFile {
            path: out_dir.join("private/pack.pdf"),
            bytes: pack_pdf(prepared, &main, Audience::Private, None)?,
        });
    }
    let late: Vec<&PreparedItem> = prepared
        .items
        .iter()
        .filter(|i| i.view.supplement)
        .collect();
    if !late.is_empty() {
        files.push(OutputFile {
            path: out_dir.join("supplement-1.pdf"),
            bytes: pack_pdf(prepared, &late, Audience::Public, Some(1))?,
        });
    }
    Ok(files)
}

/// The PDFs of one item: `items/<stem>.pdf` for the public (the notice when exempt), and
/// `private/items/<stem>.pdf` with the report when it is exempt.
pub fn item_pdfs(
    prepared: &Prepared,
    item: &PreparedItem,
    out_dir: &Path,
) -> Result<Vec<OutputFile>> {
    if item.report.is_none() {
        return Ok(Vec::new());
    }
    let name = format!("{}.pdf", item.stem());
    let mut files = vec![OutputFile {
        path: out_dir.join("items").join(&name),
        bytes: item_pdf(prepared, item, Audience::Public)?,
    }];
    if item.exempt() {
        files.push(OutputFile {
            path: out_dir.join("private/items").join(&name),
            bytes: item_pdf(prepared, item, Audience::Private)?,
        });
    }
    Ok(files)
}

fn item_pdf(prepared: &Prepared, item: &PreparedItem, audience: Audience) -> Result<Vec<u8>> {
    let document = documents::item_document(prepared, item, audience)
        .with_context(|| format!("preparing item {} for the PDF", item.view.number))?;
    let laid = layout::layout(&document)
        .with_context(|| format!("laying out item {}", item.view.number))?;
    let subject = format!("{}: item {}", prepared.meeting.footer, item.view.number);
    pdf::write_pdf(&laid, &meta(prepared, &document.title, &subject))
        .with_context(|| format!("writing the PDF of item {}", item.view.number))
}

fn meta(prepared: &Prepared, title: &str, subject: &str) -> PdfMeta {
    let meeting = &prepared.loaded.meeting;
    PdfMeta {
        title: title.to_string(),
        author: prepared.style.config.name.clone(),
        subject: subject.to_string(),
        keywords: vec![
            meeting.committee.clone(),
            "agenda".to_string(),
            "committee report".to_string(),
        ],
        date: meeting.published,
        lang: meeting.lang.clone(),
    }
}

/// A pack: front sheet and agenda, then each item's document.
fn pack_pdf(
    prepared: &Prepared,
    items: &[&PreparedItem],
    audience: Audience,
    supplement: Option<u32>,
) -> Result<Vec<u8>> {
    let item_documents = items
        .iter()
        .filter(|item| item.report.is_some())
        .map(|item| {
            Ok((
                item.view.number,
                documents::item_document(prepared, item, audience)?,
            ))
        })
        .collect::<Result<Vec<_>>>()?;
    let laid = lay_out_pack(prepared, items, &item_documents, audience, supplement)?;
    let title = match supplement {
        Some(n) => format!("{}: supplementary agenda {n}", prepared.meeting.footer),
        None => format!("{}: agenda reports pack", prepared.meeting.footer),
    };
    pdf::write_pdf(&laid, &meta(prepared, &title, &title)).context("writing the pack PDF")
}

/// Lays the pack out, putting the start page of each item into the agenda, until stable.
fn lay_out_pack(
    prepared: &Prepared,
    items: &[&PreparedItem],
    item_documents: &[(u32, Document)],
    audience: Audience,
    supplement: Option<u32>,
) -> Result<LaidOut> {
    let mut pages: Vec<(u32, usize)> = Vec::new();
    let mut last = None;
    for _ in 0..5 {
        let agenda = agenda_document(prepared, items, &pages, audience, supplement)?;
        let mut document = Document {
            title: agenda.title.clone(),
            lang: agenda.lang.clone(),
            sections: agenda.sections,
        };
        let mut starts = Vec::new();
        for (number, item_document) in item_documents {
            starts.push((*number, document.sections.len()));
            document
                .sections
                .extend(item_document.sections.iter().cloned());
        }
        let laid = layout::layout(&document).context("laying out the pack")?;
        let found: Vec<(u32, usize)> = starts
            .iter()
            .map(|(number, section)| {
                (
                    *number,
                    laid.section_pages.get(*section).map_or(0, |p| p + 1),
                )
            })
            .collect();
        if found == pages {
            return Ok(laid);
        }
        pages = found;
        last = Some(laid);
    }
    last.context("the pack could not be laid out")
}

/// The front sheet and agenda, with the start page of each item when known.
fn agenda_document(
    prepared: &Prepared,
    items: &[&PreparedItem],
    pages: &[(u32, usize)],
    audience: Audience,
    supplement: Option<u32>,
) -> Result<Document> {
    let mut meeting: MeetingView = prepared.meeting.clone();
    meeting.supplement = supplement;
    if supplement.is_some() {
        meeting.items = items.iter().map(|item| item.view.clone()).collect();
        for item in &mut meeting.items {
            item.supplement = false;
        }
    }
    for item in &mut meeting.items {
        item.page = pages
            .iter()
            .find(|(number, _)| *number == item.number)
            .map(|(_, page)| *page);
    }
    let html = prepared
        .style
        .meeting_page(&meeting, audience, Target::Pdf)?;
    markup::parse_page(&html).context("reading the meeting template's markup")
}
