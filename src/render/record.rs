//! The published record of a meeting, `meeting.json`: what the public papers hold (items,
//! reports, documents with their addresses, sizes and lengths, exempt notices), for the
//! council's site, feeds and anyone who wants the papers as data. Its JSON Schema is committed
//! in `schema/`. Exempt business appears only as its title and paragraph.

use crate::render::html::DocumentIndex;
use crate::render::prepared::{Access, OutputFile, Prepared};
use crate::view::DocumentLink;
use anyhow::{Context, Result};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The file name of the record in a meeting's public folder.
pub const RECORD_FILE: &str = "meeting.json";

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct MeetingRecord {
    /// The meeting's folder name, which is also its address under the site's root.
    pub folder: String,
    /// The house style (council folder name).
    pub council: String,
    /// The council's name as it prints it.
    pub council_name: String,
    pub committee: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// `HH:MM`, local time (Europe/London).
    pub time: String,
    pub venue: String,
    /// `YYYY-MM-DD`: when the papers were published.
    pub published: String,
    /// Language of the papers (`en-GB`, `cy`).
    pub lang: String,
    /// The agenda page, relative to the meeting's folder.
    pub page: String,
    /// The agenda reports pack and any supplements.
    pub documents: Vec<RecordDocument>,
    pub items: Vec<RecordItem>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RecordDocument {
    /// What it is: `pack`, `supplement`.
    pub kind: String,
    pub link: DocumentLink,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RecordItem {
    /// As the agenda numbers it.
    pub number: String,
    pub title: String,
    /// The item's page, relative to the meeting's folder (report items only).
    pub page: Option<String>,
    /// The item's PDF (report items only).
    pub pdf: Option<DocumentLink>,
    /// Schedule 12A paragraph when the item is exempt: the public papers hold a notice only.
    pub exempt: Option<u8>,
    /// A late item, in a supplementary pack.
    pub supplement: bool,
    pub appendices: Vec<RecordAppendix>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RecordAppendix {
    pub label: String,
    pub title: String,
    /// The appendix's own PDF, published beside the item.
    pub pdf: Option<DocumentLink>,
    /// Schedule 12A paragraph when this appendix alone is exempt.
    pub exempt: Option<u8>,
}

/// The meeting's record as a file of its public folder.
pub fn record_file(
    prepared: &Prepared,
    documents: &DocumentIndex,
    folder: &str,
) -> Result<OutputFile> {
    let record = record(prepared, documents, folder);
    let mut json = serde_json::to_string_pretty(&record).context("writing meeting.json")?;
    json.push('\n');
    Ok(OutputFile::public(RECORD_FILE, json.into_bytes()))
}

fn record(prepared: &Prepared, documents: &DocumentIndex, folder: &str) -> MeetingRecord {
    let meeting = &prepared.loaded.meeting;
    let shown = documents.meeting(&prepared.meeting, Access::Public);
    let mut papers = Vec::new();
    if let Some(pack) = &shown.pack {
        papers.push(RecordDocument {
            kind: "pack".to_string(),
            link: pack.clone(),
        });
    }
    papers.extend(shown.supplements.iter().map(|link| RecordDocument {
        kind: "supplement".to_string(),
        link: link.clone(),
    }));
    let items = prepared
        .items
        .iter()
        .zip(&shown.items)
        .map(|(item, view)| {
            let appendices = match (&item.report, item.exempt()) {
                (Some(report), false) => (report.appendices.iter())
                    .map(|a| RecordAppendix {
                        label: a.label.clone(),
                        title: a.title.clone(),
                        pdf: documents.appendix_copy(item, &a.label, Access::Public),
                        exempt: a.exempt,
                    })
                    .collect(),
                _ => Vec::new(),
            };
            RecordItem {
                number: view.number.to_string(),
                title: view.title.clone(),
                page: view.stem.as_ref().map(|stem| format!("items/{stem}.html")),
                pdf: view.pdf.clone(),
                exempt: view.exempt,
                supplement: view.supplement.is_some(),
                appendices,
            }
        })
        .collect();
    MeetingRecord {
        folder: folder.to_string(),
        council: meeting.council.clone(),
        council_name: prepared.style.settings.config.name.clone(),
        committee: meeting.committee.clone(),
        date: meeting.date.to_string(),
        time: meeting.time.format("%H:%M").to_string(),
        venue: meeting.venue.clone(),
        published: meeting.published.to_string(),
        lang: meeting.lang.clone(),
        page: "index.html".to_string(),
        documents: papers,
        items,
    }
}
