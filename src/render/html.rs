//! The web pages of a meeting: the agenda page and one page per item, public and private, each
//! linking the meeting's PDFs with their type, size and length. The templates produce each page
//! whole; this module decides which pages exist, where, and which documents they link.

use crate::parallel::in_parallel;
use crate::render::papers::Paper;
use crate::render::prepared::{Access, OutputFile, Prepared, PreparedItem};
use crate::render::templates::{Audience, Target};
use crate::view::{AgendaItemView, DocumentLink, MeetingView, ReportView};
use anyhow::Result;
use std::collections::BTreeMap;

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
    pub fn report(&self, item: &PreparedItem, report: &ReportView, access: Access) -> ReportView {
        let mut report = report.clone();
        for appendix in &mut report.appendices {
            appendix.document = self.link(access, &item.appendix_copy(&appendix.label));
        }
        report
    }
}

/// Every web page of the meeting: `index.html` and `items/<stem>.html` in the public tree; when
/// there is exempt business, the private tree holds the whole set for members (every page marked
/// not for publication), so none of its links leads outside it.
pub fn pages(prepared: &Prepared, documents: &DocumentIndex) -> Result<Vec<OutputFile>> {
    let mut files = tree(prepared, documents, Audience::Public)?;
    if prepared.has_exempt() {
        files.extend(tree(prepared, documents, Audience::Private)?);
    }
    Ok(files)
}

fn tree(
    prepared: &Prepared,
    documents: &DocumentIndex,
    audience: Audience,
) -> Result<Vec<OutputFile>> {
    let access = Access::from(audience);
    let meeting = documents.meeting(&prepared.meeting, access);
    let index = prepared
        .style
        .meeting_page(&meeting, audience, Target::Html)?;
    let mut files = vec![OutputFile {
        access,
        path: "index.html".into(),
        bytes: index.into_bytes(),
    }];
    let count = prepared.items.len().min(meeting.items.len());
    let pages = in_parallel(count, |index| {
        let (item, view) = (&prepared.items[index], &meeting.items[index]);
        item_page(prepared, documents, &meeting, item, view, audience)
    });
    for page in pages {
        files.extend(page?);
    }
    Ok(files)
}

/// An item's page: the report, or for the public a notice in place of an exempt one.
fn item_page(
    prepared: &Prepared,
    documents: &DocumentIndex,
    meeting: &MeetingView,
    item: &PreparedItem,
    view: &AgendaItemView,
    audience: Audience,
) -> Result<Option<OutputFile>> {
    let style = &prepared.style;
    let Some(report) = &item.report else {
        return Ok(None);
    };
    let access = Access::from(audience);
    let html = if item.exempt() && audience == Audience::Public {
        style.exempt_notice_page(meeting, view, Target::Html)?
    } else {
        let report = documents.report(item, report, access);
        style.item_page(meeting, view, &report, audience, Target::Html)?
    };
    Ok(Some(OutputFile {
        access,
        path: format!("items/{}.html", item.stem()).into(),
        bytes: html.into_bytes(),
    }))
}
