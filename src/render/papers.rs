//! The PDF papers of a meeting: one PDF per item, the agenda reports pack (front sheet, agenda,
//! every item, page numbers running through), its private twin with the exempt business, and the
//! supplementary pack of late items. The agenda is laid out again with the page on which each
//! item starts until those numbers no longer change.

use crate::input::model::ItemNumber;
use crate::layout;
use crate::layout::blocks::Document;
use crate::layout::markup;
use crate::layout::pages::LaidOut;
use crate::pdf::{self, PdfMeta};
use crate::render::documents;
use crate::render::prepared::{Access, OutputFile};
use crate::render::prepared::{Prepared, PreparedItem};
use crate::render::templates::{Audience, Target};
use crate::view::MeetingView;
use anyhow::{Context, Result};
use std::sync::atomic::{AtomicUsize, Ordering};

/// One PDF output to produce; jobs are independent, so they run on every core.
enum Job<'a> {
    Item(&'a PreparedItem),
    Pack {
        items: Vec<&'a PreparedItem>,
        audience: Audience,
        supplement: Option<u32>,
        path: String,
    },
}

/// A PDF of the meeting, placed in its tree, with its length (which the web pages' links give).
pub struct Paper {
    pub file: OutputFile,
    pub pages: usize,
}

/// Every PDF of the meeting: the packs first (the longest jobs), then each item with copies of
/// its PDF appendices.
pub fn all_pdfs(prepared: &Prepared, progress: bool) -> Result<Vec<Paper>> {
    let main: Vec<&PreparedItem> = prepared
        .items
        .iter()
        .filter(|i| i.view.supplement.is_none())
        .collect();
    let mut jobs = vec![Job::Pack {
        items: main.clone(),
        audience: Audience::Public,
        supplement: None,
        path: "pack.pdf".to_string(),
    }];
    if prepared.has_exempt() {
        jobs.push(Job::Pack {
            items: main,
            audience: Audience::Private,
            supplement: None,
            path: "pack.pdf".to_string(),
        });
    }
    // Each supplementary pack of late items, numbered on: supplement-1.pdf, supplement-2.pdf...
    for late in &prepared.meeting.late {
        jobs.push(Job::Pack {
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
    jobs.extend(
        prepared
            .items
            .iter()
            .filter(|i| i.report.is_some())
            .map(Job::Item),
    );
    let done = AtomicUsize::new(0);
    let report = |result| {
        if progress {
            let done = done.fetch_add(1, Ordering::Relaxed) + 1;
            eprint!("\r{done}/{} PDFs laid out and written", jobs.len());
            if done == jobs.len() {
                eprintln!();
            }
        }
        result
    };
    let results = in_parallel(jobs.len(), |index| {
        report(match &jobs[index] {
            Job::Item(item) => item_pdfs(prepared, item),
            Job::Pack {
                items,
                audience,
                supplement,
                path,
            } => Ok(vec![pack_pdf(prepared, items, *audience, *supplement)?
                .at(Access::from(*audience), path)]),
        })
    });
    let mut files = Vec::new();
    for result in results {
        files.extend(result?);
    }
    Ok(files)
}

/// Runs `job(0..count)` on as many threads as the machine has cores and returns the results in
/// job order, so the output does not depend on which thread finished first.
fn in_parallel<T: Send>(count: usize, job: impl Fn(usize) -> T + Sync) -> Vec<T> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(count.max(1));
    let next = AtomicUsize::new(0);
    let mut results: Vec<(usize, T)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let index = next.fetch_add(1, Ordering::Relaxed);
                        if index >= count {
                            return done;
                        }
                        done.push((index, job(index)));
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|worker| {
                worker
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    results.sort_by_key(|(index, _)| *index);
    results.into_iter().map(|(_, result)| result).collect()
}

/// The PDFs of one item: `items/<stem>.pdf` for the public (the notice when exempt), and the
/// same name in the private tree with the report when it is exempt.
pub fn item_pdfs(prepared: &Prepared, item: &PreparedItem) -> Result<Vec<Paper>> {
    if item.report.is_none() {
        return Ok(Vec::new());
    }
    let path = format!("items/{}.pdf", item.stem());
    let mut papers = vec![item_pdf(prepared, item, Audience::Public)?.at(Access::Public, &path)];
    if item.in_private_papers() {
        papers.push(item_pdf(prepared, item, Audience::Private)?.at(Access::Private, &path));
    }
    papers.extend(appendix_copies(item)?);
    Ok(papers)
}

/// Each PDF appendix of the item as published, copied beside the item's PDF under a name that
/// stays put (`items/<stem>-appendix-a.pdf`) so the web pages can link it; public items only.
fn appendix_copies(item: &PreparedItem) -> Result<Vec<Paper>> {
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
            Ok(Paper {
                pages: appendix.page_sizes.len(),
                file: OutputFile {
                    access,
                    path: item.appendix_copy(&appendix.label).into(),
                    bytes,
                },
            })
        })
        .collect()
}

/// A PDF laid out and written, not yet placed in a tree.
struct Written {
    bytes: Vec<u8>,
    pages: usize,
}

impl Written {
    fn at(self, access: Access, path: &str) -> Paper {
        Paper {
            file: OutputFile {
                access,
                path: path.into(),
                bytes: self.bytes,
            },
            pages: self.pages,
        }
    }
}

fn item_pdf(prepared: &Prepared, item: &PreparedItem, audience: Audience) -> Result<Written> {
    let document = documents::item_document(prepared, item, audience)
        .with_context(|| format!("preparing item {} for the PDF", item.view.number))?;
    let laid = layout::layout(&document)
        .with_context(|| format!("laying out item {}", item.view.number))?;
    let subject = format!("{}: item {}", prepared.meeting.footer, item.view.number);
    let bytes = pdf::write_pdf(&laid, &meta(prepared, &document.title, &subject))
        .with_context(|| format!("writing the PDF of item {}", item.view.number))?;
    Ok(Written {
        bytes,
        pages: laid.pages.len(),
    })
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
) -> Result<Written> {
    let item_documents = items
        .iter()
        .filter(|item| item.report.is_some())
        .map(|item| {
            Ok((
                item.view.number.clone(),
                documents::item_document(prepared, item, audience)?,
            ))
        })
        .collect::<Result<Vec<_>>>()?;
    let (laid, title) = lay_out_pack(prepared, items, &item_documents, audience, supplement)?;
    let bytes =
        pdf::write_pdf(&laid, &meta(prepared, &title, &title)).context("writing the pack PDF")?;
    Ok(Written {
        bytes,
        pages: laid.pages.len(),
    })
}

/// Lays the pack out with the agenda showing the page on which each item starts. The items'
/// pages only move when the front sheet and agenda change length, so after one full layout only
/// the agenda is laid out again until its length is stable, then the whole pack once more.
fn lay_out_pack(
    prepared: &Prepared,
    items: &[&PreparedItem],
    item_documents: &[(ItemNumber, Document)],
    audience: Audience,
    supplement: Option<u32>,
) -> Result<(LaidOut, String)> {
    let agenda = agenda_document(prepared, items, &[], audience, supplement)?;
    let front_sections = agenda.sections.len();
    let first = layout::layout(&joined(agenda, item_documents)).context("laying out the pack")?;
    let mut front_pages = first
        .section_pages
        .get(front_sections)
        .copied()
        .unwrap_or(first.pages.len());
    // Where each item starts, counted from the end of the front matter.
    let mut offsets = Vec::new();
    let mut section = front_sections;
    for (number, document) in item_documents {
        let start = first
            .section_pages
            .get(section)
            .copied()
            .unwrap_or(front_pages);
        offsets.push((number.clone(), start - front_pages));
        section += document.sections.len();
    }
    for _ in 0..5 {
        let pages: Vec<(ItemNumber, usize)> = offsets
            .iter()
            .map(|(number, offset)| (number.clone(), front_pages + offset + 1))
            .collect();
        let agenda = agenda_document(prepared, items, &pages, audience, supplement)?;
        let agenda_pages = layout::layout(&agenda)
            .context("laying out the agenda")?
            .pages
            .len();
        if agenda_pages == front_pages {
            let title = agenda.title.clone();
            let laid =
                layout::layout(&joined(agenda, item_documents)).context("laying out the pack")?;
            return Ok((laid, title));
        }
        front_pages = agenda_pages;
    }
    anyhow::bail!("the agenda's length did not settle: its page numbers keep changing its length")
}

fn joined(front: Document, item_documents: &[(ItemNumber, Document)]) -> Document {
    let mut document = front;
    for (_, item) in item_documents {
        document.sections.extend(item.sections.iter().cloned());
    }
    document
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
