//! The PDF papers of a meeting: one PDF per item, the agenda reports pack (front sheet, agenda,
//! every item, page numbers running through), its private twin with the exempt business, and the
//! supplementary pack of late items.
//!
//! Each item is laid out once (on every core); its own PDF and every pack showing it use those
//! pages, the packs stitched from them behind a front sheet and agenda that is laid out again
//! with the page on which each item starts until those numbers no longer change. Then the fonts
//! are subset once for every PDF, and each PDF is written (on every core again).

use crate::input::model::ItemNumber;
use crate::layout;
use crate::layout::blocks::Document;
use crate::layout::markup;
use crate::layout::pages::LaidOut;
use crate::parallel::in_parallel;
use crate::pdf::{self, PdfMeta};
use crate::render::documents;
use crate::render::prepared::{Access, OutputFile};
use crate::render::prepared::{Prepared, PreparedItem};
use crate::render::templates::{Audience, Target};
use crate::view::MeetingView;
use anyhow::{Context, Result};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// A pack to stitch: which items, for whom, and where it goes.
struct PackJob<'a> {
    items: Vec<&'a PreparedItem>,
    audience: Audience,
    supplement: Option<u32>,
    path: String,
}

/// A PDF of the meeting, placed in its tree, with its length (which the web pages' links give).
pub struct Paper {
    pub file: OutputFile,
    pub pages: usize,
}

/// One item's document laid out for one audience: the pages its own PDF and the packs share.
struct LaidItem<'a> {
    item: &'a PreparedItem,
    audience: Audience,
    laid: LaidOut,
    title: String,
}

/// Every PDF of the meeting: the packs first, then each item's PDFs with copies of its PDF
/// appendices.
pub fn all_pdfs(prepared: &Prepared, progress: bool) -> Result<Vec<Paper>> {
    let packs = pack_jobs(prepared);
    let wanted = item_layouts_wanted(prepared, &packs);
    let mut laid_items: Vec<Option<LaidItem>> = in_parallel(wanted.len(), |index| {
        let (item, audience) = wanted[index];
        lay_out_item(prepared, item, audience).map(Some)
    })
    .into_iter()
    .collect::<Result<_>>()?;
    let mut planned: Vec<Planned> = in_parallel(packs.len(), |index| {
        let pack = &packs[index];
        pack_pdf(prepared, pack, &laid_items).map(|laid| laid.at(pack.audience.into(), &pack.path))
    })
    .into_iter()
    .collect::<Result<_>>()?;
    // The packs hold their own pages now: each item's layout moves into its own PDF, and is
    // freed when that is written.
    for item in prepared.items.iter().filter(|i| i.report.is_some()) {
        planned.extend(item_pdfs(prepared, item, &mut laid_items)?);
    }
    drop(laid_items);
    let shared = pdf::Shared::for_documents(planned.iter().filter_map(|p| match &p.source {
        Source::Laid(laid) => Some(&laid.0),
        Source::Copy(_) => None,
    }))?;
    let count = planned.len();
    // Each PDF's layout is dropped as soon as it is written.
    let planned: Vec<Mutex<Option<Planned>>> =
        planned.into_iter().map(|p| Mutex::new(Some(p))).collect();
    let done = AtomicUsize::new(0);
    let written = in_parallel(count, |index| {
        let taken = planned[index]
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take();
        let paper = taken
            .context("a PDF was written twice")
            .and_then(|p| p.write(&shared));
        if progress {
            let done = done.fetch_add(1, Ordering::Relaxed) + 1;
            eprint!("\r{done}/{count} PDFs written");
            if done == count {
                eprintln!();
            }
        }
        paper
    });
    written.into_iter().collect()
}

/// The packs: the main one, its private twin when any business is exempt, each supplement.
fn pack_jobs(prepared: &Prepared) -> Vec<PackJob<'_>> {
    let main: Vec<&PreparedItem> = prepared
        .items
        .iter()
        .filter(|i| i.view.supplement.is_none())
        .collect();
    let mut packs = vec![PackJob {
        items: main.clone(),
        audience: Audience::Public,
        supplement: None,
        path: "pack.pdf".to_string(),
    }];
    if prepared.has_exempt() {
        packs.push(PackJob {
            items: main,
            audience: Audience::Private,
            supplement: None,
            path: "pack.pdf".to_string(),
        });
    }
    // Each supplementary pack of late items, numbered on: supplement-1.pdf, supplement-2.pdf...
    for late in &prepared.meeting.late {
        packs.push(PackJob {
            items: prepared
                .items
                .iter()
                .filter(|i| i.view.supplement == Some(late.number))
                .collect(),
            audience: Audience::Public,
            supplement: Some(late.number),
            path: format!("supplement-{}.pdf", late.number),
        });
    }
    packs
}

/// Each item with a report, for each audience some PDF shows it to: the public always, the
/// private papers when it is (partly) exempt or a private pack holds it. Each once.
fn item_layouts_wanted<'a>(
    prepared: &'a Prepared,
    packs: &[PackJob<'a>],
) -> Vec<(&'a PreparedItem, Audience)> {
    let mut wanted = Vec::new();
    for item in prepared.items.iter().filter(|i| i.report.is_some()) {
        wanted.push((item, Audience::Public));
        let in_private_pack = packs.iter().any(|pack| {
            pack.audience == Audience::Private && pack.items.iter().any(|i| std::ptr::eq(*i, item))
        });
        if item.in_private_papers() || in_private_pack {
            wanted.push((item, Audience::Private));
        }
    }
    wanted
}

fn lay_out_item<'a>(
    prepared: &Prepared,
    item: &'a PreparedItem,
    audience: Audience,
) -> Result<LaidItem<'a>> {
    let document = documents::item_document(prepared, item, audience)
        .with_context(|| format!("preparing item {} for the PDF", item.view.number))?;
    let laid = layout::layout(&document)
        .with_context(|| format!("laying out item {}", item.view.number))?;
    Ok(LaidItem {
        item,
        audience,
        laid,
        title: document.title,
    })
}

fn laid_item<'b>(
    laid_items: &'b [Option<LaidItem>],
    item: &PreparedItem,
    audience: Audience,
) -> Result<&'b LaidItem<'b>> {
    laid_items
        .iter()
        .flatten()
        .find(|l| std::ptr::eq(l.item, item) && l.audience == audience)
        .with_context(|| format!("item {} was not laid out", item.view.number))
}

/// Takes the item's layout for `audience` out of `laid_items` (no item PDF shares one).
fn take_laid_item<'a>(
    laid_items: &mut [Option<LaidItem<'a>>],
    item: &PreparedItem,
    audience: Audience,
) -> Result<LaidItem<'a>> {
    laid_items
        .iter_mut()
        .find(|l| {
            l.as_ref()
                .is_some_and(|l| std::ptr::eq(l.item, item) && l.audience == audience)
        })
        .and_then(Option::take)
        .with_context(|| format!("item {} was not laid out", item.view.number))
}

/// The PDFs of one item: `items/<stem>.pdf` for the public (the notice when exempt), and the
/// same name in the private tree with the report when it is exempt.
fn item_pdfs(
    prepared: &Prepared,
    item: &PreparedItem,
    laid_items: &mut [Option<LaidItem>],
) -> Result<Vec<Planned>> {
    let path = format!("items/{}.pdf", item.stem());
    let subject =
        (prepared.meeting.words).item_subject(&prepared.meeting.footer, &item.view.number);
    let mut item_pdf = |audience: Audience| -> Result<Planned> {
        let laid = take_laid_item(laid_items, item, audience)?;
        Ok(Laid {
            laid: laid.laid,
            meta: meta(prepared, &laid.title, &subject),
        }
        .at(audience.into(), &path))
    };
    let mut papers = vec![item_pdf(Audience::Public)?];
    if item.in_private_papers() {
        papers.push(item_pdf(Audience::Private)?);
    }
    papers.extend(appendix_copies(item)?);
    Ok(papers)
}

/// Each PDF appendix of the item as published, copied beside the item's PDF under a name that
/// stays put (`items/<stem>-appendix-a.pdf`) so the web pages can link it; public items only.
fn appendix_copies(item: &PreparedItem) -> Result<Vec<Planned>> {
    if item.exempt() {
        // Members read an exempt item's appendices in its private PDF, every page marked.
        return Ok(Vec::new());
    }
    let access = Access::Public;
    let public = |label: &str| {
        item.report.as_ref().is_some_and(|r| {
            r.appendices
                .iter()
                .any(|a| a.label == label && a.exempt.is_none())
        })
    };
    item.appendix_pdfs
        .iter()
        .filter(|appendix| public(&appendix.label))
        .map(|appendix| {
            let bytes = std::fs::read(&appendix.file).with_context(|| {
                format!("cannot read the PDF appendix {}", appendix.file.display())
            })?;
            Ok(Planned {
                pages: appendix.page_sizes.len(),
                access,
                path: item.appendix_copy(&appendix.label),
                source: Source::Copy(bytes),
            })
        })
        .collect()
}

/// A PDF laid out (a pack stitched here, or an item's own pages), with its metadata, not yet
/// placed in a tree.
struct Laid {
    laid: LaidOut,
    meta: PdfMeta,
}

impl Laid {
    fn at(self, access: Access, path: &str) -> Planned {
        Planned {
            pages: self.laid.pages.len(),
            access,
            path: path.into(),
            source: Source::Laid(Box::new((self.laid, self.meta))),
        }
    }
}

/// A PDF of the meeting placed in its tree, to be written (or copied as it is).
struct Planned {
    access: Access,
    path: String,
    pages: usize,
    source: Source,
}

enum Source {
    Laid(Box<(LaidOut, PdfMeta)>),
    Copy(Vec<u8>),
}

impl Planned {
    fn write(self, shared: &pdf::Shared) -> Result<Paper> {
        let bytes = match self.source {
            Source::Laid(laid) => pdf::write_shared(&laid.0, &laid.1, shared)
                .with_context(|| format!("writing {}", self.path))?,
            Source::Copy(bytes) => bytes,
        };
        Ok(Paper {
            file: OutputFile {
                access: self.access,
                path: self.path.into(),
                bytes,
            },
            pages: self.pages,
        })
    }
}

fn meta(prepared: &Prepared, title: &str, subject: &str) -> PdfMeta {
    let meeting = &prepared.loaded.meeting;
    PdfMeta {
        title: title.to_string(),
        author: prepared.style.config.name.clone(),
        subject: subject.to_string(),
        keywords: prepared.meeting.words.item_keywords(&meeting.committee),
        date: meeting.published,
        lang: meeting.lang.clone(),
    }
}

/// A pack: front sheet and agenda, then each item's pages as its own PDF has them.
fn pack_pdf(prepared: &Prepared, pack: &PackJob, laid_items: &[Option<LaidItem>]) -> Result<Laid> {
    let parts = pack
        .items
        .iter()
        .filter(|item| item.report.is_some())
        .map(|item| laid_item(laid_items, item, pack.audience))
        .collect::<Result<Vec<_>>>()?;
    let later_anchors: Vec<String> = parts
        .iter()
        .flat_map(|part| part.laid.anchors.keys().cloned())
        .collect();
    // Where each item starts, counted from the end of the front matter.
    let mut offsets = Vec::with_capacity(parts.len());
    let mut offset = 0;
    for part in &parts {
        offsets.push((part.item.view.number.clone(), offset));
        offset += part.laid.pages.len();
    }
    let lay_out_front = |pages: &[(ItemNumber, usize)]| -> Result<_> {
        let agenda = agenda_document(prepared, &pack.items, pages, pack.audience, pack.supplement)?;
        let laid = layout::layout_before(&agenda, later_anchors.iter().cloned())
            .context("laying out the agenda")?;
        Ok((agenda, laid))
    };
    let mut front_pages = lay_out_front(&[])?.1.pages.len();
    for _ in 0..5 {
        let pages: Vec<(ItemNumber, usize)> = offsets
            .iter()
            .map(|(number, offset)| (number.clone(), front_pages + offset + 1))
            .collect();
        let (agenda, front) = lay_out_front(&pages)?;
        if front.pages.len() == front_pages {
            let laid = layout::stitch(front, parts.iter().map(|p| &p.laid), &agenda.page_label);
            let meta = meta(prepared, &agenda.title, &agenda.title);
            return Ok(Laid { laid, meta });
        }
        front_pages = front.pages.len();
    }
    anyhow::bail!("the agenda's length did not settle: its page numbers keep changing its length")
}

/// The front sheet and agenda, with the start page of each item when known.
fn agenda_document(
    prepared: &Prepared,
    items: &[&PreparedItem],
    pages: &[(ItemNumber, usize)],
    audience: Audience,
    supplement: Option<u32>,
) -> Result<Document> {
    let mut meeting: MeetingView = prepared.meeting.clone();
    meeting.for_supplement(supplement);
    if supplement.is_some() {
        meeting.items = items.iter().map(|item| item.view.clone()).collect();
        for item in &mut meeting.items {
            item.supplement = None;
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
