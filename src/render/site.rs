//! The council's site over many meetings: `index.html` listing every meeting published, by
//! committee and date; `meetings.ics`, a calendar with one event per meeting (RFC 5545); and
//! `feed.atom`, a feed of the published documents. Made from the meetings' published records
//! (`meeting.json`) through the shared templates.

use crate::render::prepared::OutputFile;
use crate::render::record::MeetingRecord;
use crate::render::templates::SiteStyle;
use crate::view::dates::DateWords;
use crate::view::DocumentLink;
use anyhow::Result;
use chrono::{NaiveDate, NaiveTime};
use serde::Serialize;
use std::collections::BTreeMap;

/// A committee and its meetings, latest first.
#[derive(Debug, Serialize)]
struct CommitteeView {
    name: String,
    meetings: Vec<SiteMeetingView>,
}

/// One meeting as the site's pages, calendar and feed show it.
#[derive(Debug, Serialize)]
struct SiteMeetingView {
    committee: String,
    council_name: String,
    date: String,
    weekday: String,
    time: String,
    venue: String,
    /// The agenda page's address (relative to the site, or absolute with a base URL).
    url: String,
    /// The meeting's folder, for addresses relative to the site's index.
    folder: String,
    documents: Vec<SiteDocumentView>,
    /// Calendar fields, already in iCalendar form (escaped text, basic-format times).
    uid: String,
    dtstart: String,
    dtstamp: String,
    ics_summary: String,
    ics_location: String,
    /// The feed's `updated` (RFC 3339).
    updated: String,
}

#[derive(Debug, Serialize)]
struct SiteDocumentView {
    kind: String,
    url: String,
    /// Relative to the site's index.
    href: String,
    link: DocumentLink,
    /// A stable identifier for the feed entry.
    id: String,
}

/// The site's files, to be written at the root of the public output.
pub fn site_files(
    style: &SiteStyle,
    records: &[MeetingRecord],
    base_url: &str,
) -> Result<Vec<OutputFile>> {
    let mut locales: BTreeMap<&str, DateWords> = BTreeMap::new();
    for record in records {
        if !locales.contains_key(record.lang.as_str()) {
            locales.insert(&record.lang, style.date_words(&record.lang)?);
        }
    }
    let meeting =
        |record: &MeetingRecord| meeting(record, base_url, &locales[record.lang.as_str()]);
    let meetings: Vec<SiteMeetingView> = records.iter().map(meeting).collect();
    let mut context = tera::Context::new();
    context.insert("committees", &committees(records, meeting));
    context.insert("meetings", &meetings);
    context.insert(
        "updated",
        &meetings
            .iter()
            .map(|m| m.updated.as_str())
            .max()
            .unwrap_or("1970-01-01T00:00:00Z"),
    );
    context.insert("base_url", base_url);
    let calendar = fold_ics(&style.render("meetings.ics", &context)?);
    Ok(vec![
        OutputFile::public(
            "index.html",
            style.render("site-index.html", &context)?.into_bytes(),
        ),
        OutputFile::public("meetings.ics", calendar.into_bytes()),
        OutputFile::public(
            "feed.atom",
            style.render("feed.atom", &context)?.into_bytes(),
        ),
    ])
}

/// Committees in name order, each with its meetings latest first.
fn committees(
    records: &[MeetingRecord],
    meeting: impl Fn(&MeetingRecord) -> SiteMeetingView,
) -> Vec<CommitteeView> {
    let mut grouped: BTreeMap<String, Vec<SiteMeetingView>> = BTreeMap::new();
    for record in records {
        grouped
            .entry(record.committee.clone())
            .or_default()
            .push(meeting(record));
    }
    grouped
        .into_iter()
        .map(|(name, mut meetings)| {
            meetings.sort_by(|a, b| b.dtstart.cmp(&a.dtstart));
            CommitteeView { name, meetings }
        })
        .collect()
}

/// One meeting, its date in the words of its own language (`words`).
fn meeting(record: &MeetingRecord, base_url: &str, words: &DateWords) -> SiteMeetingView {
    let date = NaiveDate::parse_from_str(&record.date, "%Y-%m-%d").ok();
    let time = NaiveTime::parse_from_str(&record.time, "%H:%M").unwrap_or_default();
    let published = NaiveDate::parse_from_str(&record.published, "%Y-%m-%d").ok();
    let address = |path: &str| format!("{base_url}{}/{path}", record.folder);
    SiteMeetingView {
        committee: record.committee.clone(),
        council_name: record.council_name.clone(),
        date: date
            .map(|d| words.long_date(d))
            .unwrap_or_else(|| record.date.clone()),
        weekday: date.map(|d| words.weekday(d)).unwrap_or_default(),
        time: record.time.clone(),
        venue: record.venue.clone(),
        url: address(&record.page),
        folder: record.folder.clone(),
        documents: record
            .documents
            .iter()
            .map(|d| SiteDocumentView {
                kind: d.kind.clone(),
                url: address(&d.link.href),
                href: format!("{}/{}", record.folder, d.link.href),
                link: d.link.clone(),
                id: format!("urn:reportpack:{}:{}", record.folder, d.link.href),
            })
            .collect(),
        uid: format!("{}@reportpack", record.folder),
        dtstart: date
            .map(|d| d.and_time(time).format("%Y%m%dT%H%M%S").to_string())
            .unwrap_or_default(),
        dtstamp: published
            .map(|d| d.format("%Y%m%dT000000Z").to_string())
            .unwrap_or_default(),
        ics_summary: ics_text(&format!("{}: {}", record.council_name, record.committee)),
        ics_location: ics_text(&record.venue),
        updated: published
            .map(|d| d.format("%Y-%m-%dT00:00:00Z").to_string())
            .unwrap_or_default(),
    }
}

/// Text as an iCalendar TEXT value: backslash, semicolon, comma and newline escaped.
fn ics_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// The calendar as RFC 5545 wants it: CRLF line ends, blank lines dropped, and lines longer
/// than 75 octets folded (CRLF and a space), never inside a character.
fn fold_ics(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    for line in text.lines().map(str::trim_end).filter(|l| !l.is_empty()) {
        let mut used = 0;
        for c in line.chars() {
            let width = c.len_utf8();
            if used + width > 75 {
                out.push_str("\r\n ");
                used = 1;
            }
            out.push(c);
            used += width;
        }
        out.push_str("\r\n");
    }
    out
}
