//! The web pages of a meeting: the agenda page and one page per item, public and private, each
//! linking the meeting's PDFs with their type, size and length. The templates produce each page
//! whole; this module decides which pages exist, where, and which documents they link.

use crate::parallel::in_parallel;
use crate::render::papers::Paper;
use crate::render::prepared::{Access, OutputFile, Prepared, PreparedItem, Sink};
use crate::render::reuse::ItemCache;
use crate::render::templates::{Audience, ItemMeeting, Target};
use crate::view::{AgendaItemView, DocumentLink, MeetingView, ReportView};
use anyhow::Result;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// The PDFs built for the meeting, by tree and path, as the pages link them.
#[derive(Debug, Default)]
pub struct DocumentIndex(BTreeMap<(Access, String), DocumentLink>);

impl DocumentIndex {
    pub fn of(papers: &[Paper]) -> Self {
        DocumentIndex(
            papers
                .iter()
                .map(|paper| {
                    let path = paper.path.to_string_lossy().into_owned();
                    let link = DocumentLink::new(&path, paper.bytes, paper.pages);
                    ((paper.access, path), link)
                })
                .collect(),
        )
    }

    fn link(&self, access: Access, path: &str) -> Option<DocumentLink> {
        self.0.get(&(access, path.to_string())).cloned()
    }

    /// The meeting as a page of `access`'s tree shows it: its pack, supplements and item PDFs.
    pub fn meeting(&self, meeting: &MeetingView, access: Access) -> MeetingView {
        let mut meeting = meeting.clone();
        meeting.pack = self.link(access, "pack.pdf");
        meeting.decisions_pdf = self.link(access, "decisions.pdf");
        meeting.minutes_pdf = self.link(access, "minutes.pdf");
        meeting.supplements = (1..)
            .map_while(|n| self.link(access, &format!("supplement-{n}.pdf")))
            .collect();
        for item in &mut meeting.items {
            item.pdf = self.item_pdf(item, access);
        }
        meeting
    }

    fn item_pdf(&self, item: &AgendaItemView, access: Access) -> Option<DocumentLink> {
        let stem = item.stem.as_ref()?;
        self.link(access, &format!("items/{stem}.pdf"))
    }

    /// The report with a link on each PDF appendix's copy.
    pub fn report<'a>(
        &self,
        item: &PreparedItem,
        report: &'a ReportView,
        access: Access,
    ) -> Cow<'a, ReportView> {
        let documents: Vec<Option<DocumentLink>> = (report.appendices.iter())
            .map(|appendix| self.appendix_copy(item, &appendix.label, access))
            .collect();
        // Copied only when a link differs: a report without PDF appendices is shown as it is
        // (every item page of an --only rebuild copied its whole report, action plan and all).
        let linked = (report.appendices.iter().zip(&documents)).all(|(a, d)| a.document == *d);
        if linked {
            return Cow::Borrowed(report);
        }
        let mut report = report.clone();
        for (appendix, document) in report.appendices.iter_mut().zip(documents) {
            appendix.document = document;
        }
        Cow::Owned(report)
    }

    /// The copy of `item`'s appendix `label` in `access`'s tree, if there is one.
    pub fn appendix_copy(
        &self,
        item: &PreparedItem,
        label: &str,
        access: Access,
    ) -> Option<DocumentLink> {
        self.link(access, &item.appendix_copy(label))
    }
}

/// Every web page of the meeting, each put into `sink` as it is made: `index.html` and
/// `items/<stem>.html` in the public tree; when there is exempt business, the private tree holds
/// the whole set for members (every page marked not for publication), so none of its links leads
/// outside it. An item's page whose page context has the digest of one `cache` kept is taken
/// from it.
pub fn put_pages(
    prepared: &Prepared,
    documents: &DocumentIndex,
    cache: &ItemCache,
    sink: &dyn Sink,
) -> Result<()> {
    for page in meeting_pages(prepared, documents)? {
        sink.put(page)?;
    }
    put_item_pages(prepared, documents, cache, sink, Cores::Every)
}

/// The cores making pages may take: every one, or one while other work has the rest (which
/// also keeps the memory of one page in the making, not one per core, beside that work's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cores {
    Every,
    One,
}

/// The trees the pages go in: the public's, and the members' when any business is exempt.
fn audiences(prepared: &Prepared) -> Vec<Audience> {
    let mut audiences = vec![Audience::Public];
    if prepared.has_exempt() {
        audiences.push(Audience::Private);
    }
    audiences
}

/// Each tree's `index.html`: the agenda, linking every PDF of the meeting.
pub fn meeting_pages(prepared: &Prepared, documents: &DocumentIndex) -> Result<Vec<OutputFile>> {
    let mut files = Vec::new();
    for audience in audiences(prepared) {
        let access = Access::from(audience);
        let meeting = documents.meeting(&prepared.meeting, access);
        let index = prepared
            .style
            .meeting_page(&meeting, audience, Target::Html)?;
        files.push(OutputFile {
            access,
            path: "index.html".into(),
            bytes: index.into_bytes(),
        });
    }
    Ok(files)
}

/// Each tree's item pages, each linking its own PDF and its appendices' copies, and whatever of
/// the meeting the house style's item templates show; each put into `sink` as it is made (a
/// meeting's pages are never held at once), on `cores`.
pub fn put_item_pages(
    prepared: &Prepared,
    documents: &DocumentIndex,
    cache: &ItemCache,
    sink: &dyn Sink,
    cores: Cores,
) -> Result<()> {
    for audience in audiences(prepared) {
        let meeting = documents.meeting(&prepared.meeting, Access::from(audience));
        let count = prepared.items.len().min(meeting.items.len());
        let items_meeting = prepared.style.item_meeting(&meeting)?;
        let put_page = |index: usize| {
            let (item, view) = (&prepared.items[index], &meeting.items[index]);
            let page = ItemPage {
                meeting: &items_meeting,
                item,
                view,
                audience,
            };
            match page.file(prepared, documents, cache, sink)? {
                Some(file) => sink.put(file),
                None => Ok(()),
            }
        };
        match cores {
            Cores::Every => in_parallel(count, put_page).into_iter().collect(),
            Cores::One => (0..count).try_for_each(put_page),
        }?;
    }
    Ok(())
}

/// Whether the item pages show any of the meeting's papers that [`DocumentIndex::meeting`] links
/// (the packs, the record of decisions, the minutes): if not, they need only the item PDFs and
/// can be made while the packs are still being written.
pub fn item_pages_show_meeting_papers(prepared: &Prepared) -> bool {
    MEETING_PAPERS
        .iter()
        .any(|field| prepared.style.item_pages_show(field))
}

/// The fields of the meeting that [`DocumentIndex::meeting`] sets, besides each item's PDF.
const MEETING_PAPERS: [&str; 4] = ["pack", "decisions_pdf", "minutes_pdf", "supplements"];

/// An item's page: the report, or for the public a notice in place of an exempt one.
struct ItemPage<'a> {
    meeting: &'a ItemMeeting,
    item: &'a PreparedItem,
    view: &'a AgendaItemView,
    audience: Audience,
}

impl ItemPage<'_> {
    /// The page's file (none for an item without a report, or when the copy the last build
    /// published is placed again, made from the same page context and still as it was).
    fn file(
        &self,
        prepared: &Prepared,
        documents: &DocumentIndex,
        cache: &ItemCache,
        sink: &dyn Sink,
    ) -> Result<Option<OutputFile>> {
        let (item, audience) = (self.item, self.audience);
        let Some(report) = &item.report else {
            return Ok(None);
        };
        let access = Access::from(audience);
        let shown = (!item.exempt() || audience == Audience::Private)
            .then(|| documents.report(item, report, access));
        let style = &prepared.style;
        let page = style.item_page_context(
            self.meeting,
            self.view,
            shown.as_deref(),
            audience,
            Target::Html,
        );
        let digest = page.digest();
        let path = PathBuf::from(format!("items/{}.html", item.stem()));
        // Only the page's digest is kept: the published copy stands in for it while it still
        // has those bytes (reading a kept copy and comparing it with the published one read
        // both, for every item of an --only rebuild).
        if let Some(known) = cache.take_page(item, audience, digest) {
            if sink.keep_published(access, &path, known)? {
                cache.note_page_reused();
                return Ok(None);
            }
        }
        let html = style.render_page(&page)?;
        cache.keep_page(item, audience, digest, &html);
        Ok(Some(OutputFile {
            access,
            path,
            bytes: html.into_bytes(),
        }))
    }
}
