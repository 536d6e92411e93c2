//! The PDF papers of a meeting: one PDF per item, the agenda reports pack (front sheet, agenda,
//! every item, page numbers running through), its private twin with the exempt business, and the
//! supplementary pack of late items.
//!
//! Each item is laid out once (on every core); its own PDF and the pack showing it use those
//! pages. A pack's front sheet and agenda is laid out again with the page on which each item
//! starts until those numbers no longer change. Then the fonts are subset once for every PDF,
//! the item PDFs are written (on every core again), and each pack is stitched from its items'
//! pages, moved over rather than copied, and handed back to be written ([`Packs::write`]: the
//! orchestrator makes the item pages meanwhile, on the other core). Every PDF goes to the sink
//! as it is written, so the build never holds the meeting's files at once. An item the last
//! build made from the same inputs is taken as that build kept it (`reuse`): neither laid out,
//! drawn nor written again, and stitched into the packs the same way.

use crate::digest::{Digest, FileDigest, FileDigester};
use crate::input::model::ItemNumber;
use crate::layout;
use crate::layout::markup;
use crate::layout::pages::LaidOut;
use crate::parallel::in_parallel;
use crate::pdf::{self, PdfMeta};
use crate::render::documents;
use crate::render::prepared::{Access, OutputFile, Sink};
use crate::render::prepared::{Prepared, PreparedItem};
use crate::render::reuse::{Front, ItemCache, Kept, ToKeep};
use crate::render::templates::{Audience, ItemMeeting, PageContext, Target};
use crate::view::MeetingView;
use anyhow::{bail, Context, Result};
use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// A pack to stitch: which items, for whom, and where it goes.
struct PackJob<'a> {
    items: Vec<&'a PreparedItem>,
    audience: Audience,
    supplement: Option<u32>,
    path: String,
}

/// A PDF of the meeting as published: its tree and place, its bytes and pages (which the web
/// pages' links give). Its bytes have gone to the sink.
#[derive(Clone, Debug, PartialEq)]
pub struct Paper {
    pub access: Access,
    pub path: PathBuf,
    pub bytes: usize,
    pub pages: usize,
}

impl Paper {
    /// Puts `file` into `sink`, keeping what the web pages say of it.
    pub fn put(file: OutputFile, pages: usize, sink: &dyn Sink) -> Result<Paper> {
        let bytes = file.bytes.len();
        let (access, path) = (file.access, file.path.clone());
        sink.put(file)?;
        Ok(Paper {
            access,
            path,
            bytes,
            pages,
        })
    }
}

/// One item's document laid out for one audience: the pages its own PDF and the packs share.
struct LaidItem<'a> {
    item: &'a PreparedItem,
    audience: Audience,
    laid: LaidOut,
    title: String,
    /// Of everything the document is made from.
    inputs: Digest,
    chars: pdf::DrawnChars,
    /// Its PDF as the last build made it, when the cache kept it (`laid` has no bodies then).
    reused: Option<Reused>,
}

/// An item's PDF as the last build made it: drawn with fonts of digest `fonts`.
struct Reused {
    fonts: Digest,
    drawn: pdf::Drawn,
    /// Its file as published, placed again.
    pdf: FileDigest,
}

/// Every PDF of the meeting, each put into `sink` as soon as it is written: each item's PDFs
/// with copies of its PDF appendices, then the packs, which take the items' pages over. Items
/// that `cache` kept from the last build, made from the same inputs, are taken from it.
pub fn all_pdfs(
    prepared: &Prepared,
    progress: bool,
    sink: &dyn Sink,
    cache: &ItemCache,
) -> Result<Vec<Paper>> {
    let (mut papers, mut packs) = items_then_packs(prepared, progress, sink, cache)?;
    packs.take_kept().place(sink, cache)?;
    papers.extend(packs.write(sink, cache, &|_| {})?);
    Ok(papers)
}

/// The packs of a build, stitched from its items' pages once the items' own PDFs are written,
/// with the fonts they are written with.
pub struct Packs<'a> {
    planned: Vec<Planned<'a>>,
    shared: pdf::Shared,
    counter: Counter,
    kept: KeptPdfs,
}

/// The kept items' PDFs, each the copy the last build published, still to be placed: the
/// packs need only their pages as drawn, which were kept, so placing them waits for nothing
/// and is done beside the packs (on the core the pack being written leaves).
#[derive(Default)]
pub struct KeptPdfs(Vec<PublishedCopy>);

/// Where a kept item's PDF was published, and the bytes it was published with.
type PublishedCopy = (Access, PathBuf, FileDigest);

/// A kept item's PDF, taken out of its plan: its paper, its published copy to place, and its
/// layout given back with its pages as drawn.
struct KeptItem<'a> {
    paper: Paper,
    copy: PublishedCopy,
    returned: Returned<'a>,
}

impl KeptPdfs {
    /// Places each in `sink`, as `cache` counts.
    pub fn place(self, sink: &dyn Sink, cache: &ItemCache) -> Result<()> {
        for (access, path, known) in self.0 {
            if !sink.keep_published(access, &path, known)? {
                // It had those bytes a moment ago, when the item was taken.
                bail!(
                    "{} changed while this build was placing it: build again",
                    path.display()
                );
            }
            cache.note_reused();
        }
        Ok(())
    }
}

impl Packs<'_> {
    /// The kept items' PDFs, to be placed (once) while the packs are written.
    pub fn take_kept(&mut self) -> KeptPdfs {
        std::mem::take(&mut self.kept)
    }

    /// How many packs there are to write.
    pub fn count(&self) -> usize {
        self.planned.len()
    }

    /// Writes the packs, each put into `sink` as it is written; each is `announce`d as soon as
    /// its length is known, before its bytes go into `sink`.
    pub fn write(
        self,
        sink: &dyn Sink,
        cache: &ItemCache,
        announce: &(dyn Fn(Paper) + Sync),
    ) -> Result<Vec<Paper>> {
        let writing = Writing {
            shared: &self.shared,
            sink,
            cache,
            counter: &self.counter,
            announce,
        };
        let written = write_all(self.planned, &writing)?;
        Ok(written.into_iter().map(|(paper, _)| paper).collect())
    }
}

/// Each item's PDFs with copies of its PDF appendices, put into `sink` as each is written (see
/// [`all_pdfs`]); and the packs, stitched from the items' pages, still to be written.
pub fn items_then_packs<'a>(
    prepared: &'a Prepared,
    progress: bool,
    sink: &dyn Sink,
    cache: &ItemCache,
) -> Result<(Vec<Paper>, Packs<'a>)> {
    let packs = pack_jobs(prepared);
    let wanted = item_layouts_wanted(prepared, &packs);
    let meeting = prepared.style.item_meeting(&prepared.meeting)?;
    let mut laid_items: Vec<Option<LaidItem>> = in_parallel(wanted.len(), |index| {
        let (item, audience) = wanted[index];
        let page = documents::item_page(prepared, &meeting, item, audience)?;
        let inputs = ItemCache::inputs(page.digest(), prepared, item, audience)?;
        // A kept item whose published PDF is gone or changed is made again.
        let published =
            |kept: &Kept| sink.is_published(audience.into(), pdf_path(item).as_ref(), kept.pdf);
        match cache.take(item, audience, inputs).filter(published) {
            Some(kept) => Ok(Some(LaidItem::kept(item, audience, inputs, kept))),
            None => lay_out_item(prepared, item, audience, &page, inputs).map(Some),
        }
    })
    .into_iter()
    .collect::<Result<_>>()?;
    let fronts: Vec<Front> = in_parallel(packs.len(), |index| {
        pack_front(prepared, &packs[index], &laid_items, cache)
    })
    .into_iter()
    .collect::<Result<_>>()?;
    let front_chars: Vec<pdf::DrawnChars> = fronts
        .iter()
        .map(|f| pdf::DrawnChars::of(&f.laid))
        .collect();
    let shared = pdf::Shared::for_chars_known(
        (laid_items.iter().flatten().map(|l| &l.chars)).chain(&front_chars),
        cache,
    )?;
    lay_out_drawn_with_other_fonts(prepared, &meeting, &mut laid_items, shared.fonts_digest())?;
    let mut planned = Vec::new();
    for item in prepared.items.iter().filter(|i| i.report.is_some()) {
        planned.extend(item_pdfs(prepared, item, &mut laid_items)?);
    }
    let mut drawn_items: Vec<Option<pdf::Drawn>> = laid_items.iter().map(|_| None).collect();
    let mut kept = KeptPdfs::default();
    let mut papers: Vec<Option<Paper>> = Vec::with_capacity(planned.len());
    let mut to_write = Vec::new();
    for planned in planned {
        match planned.kept() {
            Ok(KeptItem {
                paper,
                copy,
                returned,
            }) => {
                papers.push(Some(paper));
                kept.0.push(copy);
                laid_items[returned.slot] = Some(returned.laid);
                drawn_items[returned.slot] = Some(returned.drawing);
            }
            Err(to_make) => {
                papers.push(None);
                to_write.push(to_make);
            }
        }
    }
    let counter = Counter::new(progress, to_write.len() + packs.len());
    let writing = Writing {
        shared: &shared,
        sink,
        cache,
        counter: &counter,
        // Item PDFs are not announced: only packs are.
        announce: &|_| {},
    };
    let mut written = write_all(to_write, &writing)?.into_iter();
    for paper in &mut papers {
        if paper.is_none() {
            let (made, returned) = written.next().context("a PDF was not written")?;
            *paper = Some(made);
            if let Some(returned) = returned {
                laid_items[returned.slot] = Some(returned.laid);
                drawn_items[returned.slot] = Some(returned.drawing);
            }
        }
    }
    let papers: Vec<Paper> = papers.into_iter().flatten().collect();
    // No item PDF needs its layout now: each pack takes its items' pages over, uncopied, and
    // the pages as their PDFs drew them.
    let packs = packs
        .iter()
        .zip(fronts)
        .map(|(pack, front)| {
            let slots = pack
                .items
                .iter()
                .filter(|item| item.report.is_some())
                .map(|item| slot_of(&laid_items, item, pack.audience))
                .collect::<Result<Vec<_>>>()?;
            let items = (slots.iter())
                .map(|&slot| laid_items[slot].take())
                .collect::<Option<Vec<_>>>()
                .context("an item's pages were taken by two packs")?;
            let made_from: Vec<Digest> = items.iter().map(|l| l.inputs).collect();
            let parts = items.into_iter().map(|l| l.laid).collect();
            let (laid, placed) = layout::stitch(front.laid, parts, &front.page_label);
            let parts = (placed.into_iter().zip(&slots).zip(made_from))
                .map(|((placed, &slot), made_from)| pdf::StitchedPart {
                    placed,
                    drawn: drawn_items[slot].take(),
                    made_from,
                })
                .collect();
            Ok(Planned {
                access: pack.audience.into(),
                path: pack.path.clone(),
                pages: laid.pages.len(),
                source: Source::Pack(Box::new(PackSource {
                    laid,
                    parts,
                    meta: meta(prepared, &front.title, &front.title),
                })),
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let packs = Packs {
        planned: packs,
        shared,
        counter,
        kept,
    };
    Ok((papers, packs))
}

/// "n/N PDFs written" on the terminal as they are.
struct Counter {
    shown: bool,
    done: AtomicUsize,
    count: usize,
}

impl Counter {
    fn new(shown: bool, count: usize) -> Self {
        Counter {
            shown,
            done: AtomicUsize::new(0),
            count,
        }
    }

    fn tick(&self) {
        if self.shown {
            let done = self.done.fetch_add(1, Ordering::Relaxed) + 1;
            // Progress is not worth failing for: a closed standard error is ignored.
            let _ = write!(std::io::stderr(), "\r{done}/{} PDFs written", self.count);
            if done == self.count {
                let _ = writeln!(std::io::stderr());
            }
        }
    }
}

/// What writing a PDF uses: the build's fonts and page bodies, where each file goes, what is
/// kept for the next build, and the count on the terminal.
struct Writing<'w> {
    shared: &'w pdf::Shared,
    sink: &'w dyn Sink,
    cache: &'w ItemCache,
    counter: &'w Counter,
    /// Told of each pack once its length is known (see [`Packs::write`]).
    announce: &'w (dyn Fn(Paper) + Sync),
}

/// Writes the planned PDFs on every core, each dropped as soon as it is in the sink (and in
/// the cache); with each item PDF, its layout given back (without what its pages drew) and its
/// pages as drawn.
fn write_all<'a>(
    planned: Vec<Planned<'a>>,
    writing: &Writing,
) -> Result<Vec<(Paper, Option<Returned<'a>>)>> {
    let planned: Vec<Mutex<Option<Planned<'a>>>> =
        planned.into_iter().map(|p| Mutex::new(Some(p))).collect();
    let written = in_parallel(planned.len(), |index| {
        let taken = planned[index]
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take();
        let paper = taken
            .context("a PDF was written twice")
            .and_then(|p| p.write(writing));
        writing.counter.tick();
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
    page: &PageContext,
    inputs: Digest,
) -> Result<LaidItem<'a>> {
    let document = documents::item_document(prepared, item, audience, page)
        .with_context(|| format!("preparing item {} for the PDF", item.view.number))?;
    let laid = layout::layout(&document)
        .with_context(|| format!("laying out item {}", item.view.number))?;
    Ok(LaidItem {
        item,
        audience,
        chars: pdf::DrawnChars::of(&laid),
        laid,
        title: document.title,
        inputs,
        reused: None,
    })
}

impl<'a> LaidItem<'a> {
    /// An item as the last build made it.
    fn kept(
        item: &'a PreparedItem,
        audience: Audience,
        inputs: Digest,
        kept: Kept,
    ) -> LaidItem<'a> {
        LaidItem {
            item,
            audience,
            laid: kept.laid,
            title: kept.title,
            inputs,
            chars: kept.chars,
            reused: Some(Reused {
                fonts: kept.fonts,
                drawn: kept.drawn,
                pdf: kept.pdf,
            }),
        }
    }
}

/// Lays out again each kept item whose drawing used other fonts than this build's (an edit
/// elsewhere brought in a character, which moves the glyph codes): its kept pages have no
/// bodies left to draw.
fn lay_out_drawn_with_other_fonts(
    prepared: &Prepared,
    meeting: &ItemMeeting,
    laid_items: &mut [Option<LaidItem>],
    fonts: Digest,
) -> Result<()> {
    let stale: Vec<usize> = (laid_items.iter().enumerate())
        .filter(|(_, l)| {
            (l.as_ref()).is_some_and(|l| l.reused.as_ref().is_some_and(|r| r.fonts != fonts))
        })
        .map(|(slot, _)| slot)
        .collect();
    let relaid = in_parallel(stale.len(), |index| {
        let laid = laid_items[stale[index]]
            .as_ref()
            .context("an item was not laid out")?;
        let page = documents::item_page(prepared, meeting, laid.item, laid.audience)?;
        lay_out_item(prepared, laid.item, laid.audience, &page, laid.inputs)
    });
    for (slot, relaid) in stale.into_iter().zip(relaid) {
        laid_items[slot] = Some(relaid?);
    }
    Ok(())
}

/// Where the item's layout for `audience` is in `laid_items`.
fn slot_of(
    laid_items: &[Option<LaidItem>],
    item: &PreparedItem,
    audience: Audience,
) -> Result<usize> {
    laid_items
        .iter()
        .position(|l| {
            l.as_ref()
                .is_some_and(|l| std::ptr::eq(l.item, item) && l.audience == audience)
        })
        .with_context(|| format!("item {} was not laid out", item.view.number))
}

fn laid_item<'b>(
    laid_items: &'b [Option<LaidItem>],
    item: &PreparedItem,
    audience: Audience,
) -> Result<&'b LaidItem<'b>> {
    let slot = slot_of(laid_items, item, audience)?;
    laid_items[slot]
        .as_ref()
        .with_context(|| format!("item {} was not laid out", item.view.number))
}

/// Where an item's PDF is published (in each tree it is published in).
fn pdf_path(item: &PreparedItem) -> String {
    format!("items/{}.pdf", item.stem())
}

/// The PDFs of one item: `items/<stem>.pdf` for the public (the notice when exempt), and the
/// same name in the private tree with the report when it is exempt.
fn item_pdfs<'a>(
    prepared: &Prepared,
    item: &PreparedItem,
    laid_items: &mut [Option<LaidItem<'a>>],
) -> Result<Vec<Planned<'a>>> {
    let path = pdf_path(item);
    let subject =
        (prepared.meeting.words).item_subject(&prepared.meeting.footer, &item.view.number);
    let mut item_pdf = |audience: Audience| -> Result<Planned<'a>> {
        let slot = slot_of(laid_items, item, audience)?;
        let laid = laid_items[slot]
            .take()
            .context("an item's PDF was made twice")?;
        Ok(Planned {
            access: audience.into(),
            path: path.clone(),
            pages: laid.laid.pages.len(),
            source: Source::Item(Box::new(ItemSource {
                meta: meta(prepared, &laid.title, &subject),
                laid,
                slot,
            })),
        })
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
fn appendix_copies(item: &PreparedItem) -> Result<Vec<Planned<'static>>> {
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
            Ok(Planned {
                pages: appendix.page_sizes.len(),
                access,
                path: item.appendix_copy(&appendix.label),
                source: Source::Copy(appendix.file.clone()),
            })
        })
        .collect()
}

/// A PDF of the meeting placed in its tree, to be written (or copied as it is).
struct Planned<'a> {
    access: Access,
    path: String,
    pages: usize,
    source: Source<'a>,
}

enum Source<'a> {
    Item(Box<ItemSource<'a>>),
    Pack(Box<PackSource>),
    /// A PDF appendix published as it is, read as it is copied.
    Copy(PathBuf),
}

/// An item's own PDF, from its layout taken out of `slot` (and given back for the pack).
struct ItemSource<'a> {
    laid: LaidItem<'a>,
    slot: usize,
    meta: PdfMeta,
}

/// A writer that passes everything on, and digests it when given a digester.
struct Digesting<'w> {
    out: &'w mut dyn Write,
    digester: Option<&'w mut FileDigester>,
}

impl<'w> Digesting<'w> {
    fn new(out: &'w mut dyn Write, mut digester: Option<&'w mut FileDigester>) -> Self {
        if let Some(digester) = digester.as_mut() {
            **digester = FileDigester::default();
        }
        Digesting { out, digester }
    }
}

impl Write for Digesting<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let written = self.out.write(bytes)?;
        if let Some(digester) = &mut self.digester {
            digester.update(&bytes[..written]);
        }
        Ok(written)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

/// An item's layout given back once its PDF is written, with its pages as drawn.
struct Returned<'a> {
    slot: usize,
    laid: LaidItem<'a>,
    drawing: pdf::Drawn,
}

/// Keeps an item's PDF, made by this build and written whole, for the next build.
fn keep(writing: &Writing, laid: &LaidItem, drawing: &pdf::Drawn, pdf: FileDigest) {
    let kept = ToKeep {
        inputs: laid.inputs,
        fonts: writing.shared.fonts_digest(),
        title: &laid.title,
        chars: &laid.chars,
        laid: &laid.laid,
        drawn: drawing,
        pdf,
    };
    writing.cache.keep(laid.item, laid.audience, kept);
}

/// A pack stitched from its front matter and its items' pages, with the pages their own PDFs
/// drew.
struct PackSource {
    laid: LaidOut,
    parts: Vec<pdf::StitchedPart>,
    meta: PdfMeta,
}

/// A pack's parts' structure elements as the last build kept them, and as this build hands
/// them over, to be kept together (one file per pack: a file per item cost a first build of 50
/// reports fifty files more).
struct KeptElements<'c> {
    cache: &'c ItemCache,
    access: Access,
    path: &'c str,
    known: Mutex<HashMap<Digest, pdf::ElementRun>>,
    /// Every part's, in the parts' order.
    handed: Mutex<Vec<(Digest, pdf::ElementRun)>>,
}

impl<'c> KeptElements<'c> {
    fn of_pack(cache: &'c ItemCache, access: Access, path: &'c str) -> Self {
        KeptElements {
            cache,
            access,
            path,
            known: Mutex::new(cache.take_elements(access, path)),
            handed: Mutex::new(Vec::new()),
        }
    }

    /// Keeps every part's elements for the next build, once `spent` (what writing the pack
    /// used) is freed.
    fn keep_all(self, spent: pdf::Spent) {
        let runs = self.handed.into_inner().unwrap_or_else(|e| e.into_inner());
        self.cache
            .keep_elements(self.access, self.path, runs, spent);
    }
}

impl pdf::KnownElements for KeptElements<'_> {
    fn take(&self, key: Digest) -> Option<pdf::ElementRun> {
        let run = lock(&self.known).remove(&key)?;
        self.cache.note_elements_reused();
        Some(run)
    }

    fn keep(&self, key: Digest, run: pdf::ElementRun) {
        lock(&self.handed).push((key, run));
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // A poisoned lock only means a writer panicked part-way; the build fails on its own.
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

impl<'a> Planned<'a> {
    /// A kept item's PDF; any other PDF, to be made, as it was.
    fn kept(self) -> std::result::Result<KeptItem<'a>, Self> {
        let Source::Item(source) = self.source else {
            return Err(self);
        };
        let ItemSource {
            mut laid,
            slot,
            meta,
        } = *source;
        let Some(Reused { drawn, pdf, .. }) = laid.reused.take() else {
            let source = Source::Item(Box::new(ItemSource { laid, slot, meta }));
            return Err(Planned { source, ..self });
        };
        let path = PathBuf::from(&self.path);
        let paper = Paper {
            access: self.access,
            path: path.clone(),
            bytes: pdf.length as usize,
            pages: self.pages,
        };
        let returned = Returned {
            slot,
            laid,
            drawing: drawn,
        };
        Ok(KeptItem {
            paper,
            copy: (self.access, path, pdf),
            returned,
        })
    }

    /// Writes the PDF straight into its place in `sink`; an item PDF gives its layout back
    /// (what its pages drew freed) with its pages as drawn, for the pack.
    fn write(self, writing: &Writing) -> Result<(Paper, Option<Returned<'a>>)> {
        let (shared, sink) = (writing.shared, writing.sink);
        let path = PathBuf::from(&self.path);
        let mut returned = None;
        let bytes = match self.source {
            Source::Item(source) => {
                let ItemSource {
                    mut laid,
                    slot,
                    meta,
                } = *source;
                let mut drawing = None;
                let mut digested = writing.cache.is_keeping().then(FileDigester::default);
                let mut write = |out: &mut dyn Write| {
                    let mut out = Digesting::new(out, digested.as_mut());
                    drawing = Some(pdf::write_shared(&laid.laid, &meta, shared, &mut out)?);
                    Ok(())
                };
                let written = sink.write(self.access, &path, &mut write);
                // The pack takes the drawing over: what the pages drew is never needed again.
                laid.laid.release_bodies();
                if let Some(drawing) = drawing {
                    // Only a file written whole is kept: a copy cut short by a failed write
                    // must never stand in for the item next time.
                    if let (Ok(_), Some(digested)) = (&written, digested) {
                        keep(writing, &laid, &drawing, digested.finish());
                    }
                    returned = Some(Returned {
                        slot,
                        laid,
                        drawing,
                    });
                }
                written
            }
            Source::Pack(pack) => {
                let mut pack = Some(*pack);
                let mut write = |out: &mut dyn Write| {
                    let PackSource { laid, parts, meta } = pack.take().context("written twice")?;
                    let known = KeptElements::of_pack(writing.cache, self.access, &self.path);
                    // Written in memory first: its length, which the record and the web pages
                    // give, is announced before its bytes go to the sink, and those are made
                    // meanwhile (after the pack they took a tenth of an --only rebuild).
                    let mut bytes = Vec::new();
                    let spent =
                        pdf::write_stitched(laid, parts, &meta, shared, &known, &mut bytes)?;
                    known.keep_all(spent);
                    (writing.announce)(Paper {
                        access: self.access,
                        path: path.clone(),
                        bytes: bytes.len(),
                        pages: self.pages,
                    });
                    Ok(out.write_all(&bytes)?)
                };
                sink.write(self.access, &path, &mut write)
            }
            Source::Copy(file) => {
                let mut write = |out: &mut dyn Write| {
                    let mut appendix = std::fs::File::open(&file).with_context(|| {
                        format!("cannot read the PDF appendix {}", file.display())
                    })?;
                    std::io::copy(&mut appendix, out).with_context(|| {
                        format!("cannot copy the PDF appendix {}", file.display())
                    })?;
                    Ok(())
                };
                sink.write(self.access, &path, &mut write)
            }
        }
        .with_context(|| format!("writing {}", self.path))?;
        let paper = Paper {
            access: self.access,
            path,
            bytes: bytes as usize,
            pages: self.pages,
        };
        Ok((paper, returned))
    }
}

fn meta(prepared: &Prepared, title: &str, subject: &str) -> PdfMeta {
    let meeting = &prepared.loaded.meeting;
    PdfMeta {
        title: title.to_string(),
        author: prepared.style.settings.config.name.clone(),
        subject: subject.to_string(),
        keywords: prepared.meeting.words.item_keywords(&meeting.committee),
        date: meeting.published,
        lang: meeting.lang.clone(),
    }
}

/// A pack's front sheet and agenda, laid out again with the page each item starts on until
/// those numbers no longer change its length.
fn pack_front(
    prepared: &Prepared,
    pack: &PackJob,
    laid_items: &[Option<LaidItem>],
    cache: &ItemCache,
) -> Result<Front> {
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
    // The front matter is laid out again only when what it shows changed: an edit inside an
    // item leaves the agenda as it was (laying it out twice was a tenth of an --only rebuild).
    // What it is made from is the house style and the meeting it shows; from the documents
    // after it, only whether each id its links point at is among their anchors.
    let access = Access::from(pack.audience);
    let later: HashSet<&str> = later_anchors.iter().map(String::as_str).collect();
    let finds_the_same = |front: &Front| {
        (front.targets.iter()).all(|(id, found)| later.contains(id.as_str()) == *found)
    };
    let mut kept = cache.take_fronts(access, &pack.path);
    let mut laid_out: Vec<(Digest, Front)> = Vec::new();
    let mut made_new = false;
    // Each layout goes into `laid_out` (to keep, and the last to return); its page count back.
    let mut lay_out_front = |pages: &[(ItemNumber, usize)]| -> Result<usize> {
        let meeting = agenda_meeting(prepared, &pack.items, pages, pack.supplement);
        let key = (prepared.style).meeting_page_digest(&meeting, pack.audience, Target::Pdf);
        let front = match kept.remove(&key).filter(|front| finds_the_same(front)) {
            Some(front) => {
                cache.note_front_reused();
                front
            }
            None => {
                made_new = true;
                let html = (prepared.style).meeting_page(&meeting, pack.audience, Target::Pdf)?;
                let agenda =
                    markup::parse_page(&html).context("reading the meeting template's markup")?;
                let laid = layout::layout_before(&agenda, later_anchors.iter().cloned())
                    .context("laying out the agenda")?;
                let targets = (agenda.link_targets().into_iter())
                    .map(|id| (id.to_string(), later.contains(id)))
                    .collect();
                Front {
                    laid,
                    title: agenda.title,
                    page_label: agenda.page_label,
                    targets,
                }
            }
        };
        let count = front.laid.pages.len();
        laid_out.push((key, front));
        Ok(count)
    };
    let mut front_pages = lay_out_front(&[])?;
    let mut settled = false;
    for _ in 0..5 {
        let pages: Vec<(ItemNumber, usize)> = offsets
            .iter()
            .map(|(number, offset)| (number.clone(), front_pages + offset + 1))
            .collect();
        let laid_pages = lay_out_front(&pages)?;
        settled = laid_pages == front_pages;
        if settled {
            break;
        }
        front_pages = laid_pages;
    }
    if !settled {
        bail!("the agenda's length did not settle: its page numbers keep changing its length");
    }
    if made_new {
        cache.keep_fronts(access, &pack.path, &laid_out);
    }
    let (_, front) = laid_out.pop().context("the agenda was never laid out")?;
    Ok(front)
}

/// The meeting as the front sheet and agenda show it, with the start page of each item when
/// known.
fn agenda_meeting(
    prepared: &Prepared,
    items: &[&PreparedItem],
    pages: &[(ItemNumber, usize)],
    supplement: Option<u32>,
) -> MeetingView {
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
    meeting
}
