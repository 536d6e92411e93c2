//! The web pages of a meeting: the agenda page and one page per item, public and private, each
//! linking the meeting's PDFs with their type, size and length. The templates produce each page
//! whole; this module decides which pages exist, where, and which documents they link.

use crate::parallel::in_parallel;
use crate::render::papers::Paper;
use crate::render::prepared::{Access, OutputFile, Prepared, PreparedItem};
use crate::render::reuse::ItemCache;
use crate::render::templates::{Audience, ItemMeeting, Target};
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
/// An item's page whose page context has the digest of one `cache` kept is taken from it.
pub fn pages(
    prepared: &Prepared,
    documents: &DocumentIndex,
    cache: &ItemCache,
) -> Result<Vec<OutputFile>> {
    let mut files = tree(prepared, documents, Audience::Public, cache)?;
    if prepared.has_exempt() {
        files.extend(tree(prepared, documents, Audience::Private, cache)?);
    }
    Ok(files)
}

fn tree(
    prepared: &Prepared,
    documents: &DocumentIndex,
    audience: Audience,
    cache: &ItemCache,
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
    let items_meeting = prepared.style.item_meeting(&meeting)?;
    let pages = in_parallel(count, |index| {
        let (item, view) = (&prepared.items[index], &meeting.items[index]);
        let page = ItemPage {
            meeting: &items_meeting,
            item,
            view,
            audience,
        };
        page.file(prepared, documents, cache)
    });
    for page in pages {
        files.extend(page?);
    }
    Ok(files)
}

/// An item's page: the report, or for the public a notice in place of an exempt one.
struct ItemPage<'a> {
    meeting: &'a ItemMeeting,
    item: &'a PreparedItem,
    view: &'a AgendaItemView,
    audience: Audience,
}

impl ItemPage<'_> {
    /// The page's file (none for an item without a report), rendered or as kept.
    fn file(
        &self,
        prepared: &Prepared,
        documents: &DocumentIndex,
        cache: &ItemCache,
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
            shown.as_ref(),
            audience,
            Target::Html,
        );
        let digest = page.digest();
        let html = match cache.take_page(item, audience, digest) {
            Some(html) => html,
            None => {
                let html = style.render_page(&page)?;
                cache.keep_page(item, audience, digest, &html);
                html
            }
        };
        Ok(Some(OutputFile {
            access,
            path: format!("items/{}.html", item.stem()).into(),
            bytes: html.into_bytes(),
        }))
    }
}
