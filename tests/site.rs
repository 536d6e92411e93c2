//! The council's site over many meetings: the index of meetings, the calendar (RFC 5545), the
//! feed (Atom) and each meeting's published record (`meeting.json`, with its JSON Schema), all
//! matching the meetings built.

mod support;
use reportpack::input::model::Meeting;
use reportpack::input::yaml::read_yaml;
use reportpack::render::record::MeetingRecord;
use std::path::{Path, PathBuf};
use support::*;

/// Every example meeting built into a fresh site folder.
fn built_site() -> (tempfile::TempDir, PathBuf) {
    let temp = tempfile::tempdir().unwrap();
    let out = temp.path().join("site");
    let private = temp.path().join("private");
    let output = reportpack(&[
        "build",
        "--out",
        out.to_str().unwrap(),
        "--private-out",
        private.to_str().unwrap(),
        "--base-url",
        "https://democracy.example.gov.uk/papers/",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    (temp, out)
}

fn data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data")
}

/// The meeting folders under data/, by name.
fn meeting_folders() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(data())
        .unwrap()
        .flatten()
        .filter(|e| e.path().join("meeting.yaml").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn record(site: &Path, folder: &str) -> MeetingRecord {
    let text = std::fs::read_to_string(site.join(folder).join("meeting.json")).unwrap();
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{folder}/meeting.json: {e}"))
}

#[test]
fn each_meeting_has_a_record_that_matches_it_and_its_schema() {
    let (_temp, site) = built_site();
    let schema_text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/meeting-record.schema.json"),
    )
    .unwrap();
    let validator =
        jsonschema::validator_for(&serde_json::from_str(&schema_text).unwrap()).unwrap();
    for folder in meeting_folders() {
        let (_, meeting) =
            read_yaml::<Meeting>(&data().join(&folder).join("meeting.yaml")).unwrap();
        let record = record(&site, &folder);
        assert_eq!(record.folder, folder);
        assert_eq!(record.committee, meeting.committee);
        assert_eq!(record.date, meeting.date.to_string());
        assert_eq!(record.time, meeting.time.format("%H:%M").to_string());
        assert_eq!(record.items.len(), meeting.items.len());
        let pack = &record.documents[0];
        assert_eq!(pack.kind, "pack");
        let pdf = site.join(&folder).join(&pack.link.href);
        assert_eq!(
            pack.link.bytes as u64,
            std::fs::metadata(&pdf).unwrap().len()
        );
        assert_eq!(pack.link.pages, pdf_pages(&pdf).len());
        let json: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(site.join(&folder).join("meeting.json")).unwrap(),
        )
        .unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&json)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{folder}: {errors:?}");
    }
}

/// The calendar's lines after unfolding, checking RFC 5545's form on the way.
fn calendar_lines(text: &str) -> Vec<String> {
    assert!(text.ends_with("\r\n"));
    let mut lines: Vec<String> = Vec::new();
    for line in text.split("\r\n").filter(|l| !l.is_empty()) {
        assert!(line.len() <= 75, "line of {} octets: {line}", line.len());
        assert!(!line.contains('\n'), "bare LF in {line:?}");
        match line.strip_prefix(' ') {
            Some(rest) => lines.last_mut().unwrap().push_str(rest),
            None => lines.push(line.to_string()),
        }
    }
    lines
}

#[test]
fn the_calendar_has_one_event_per_meeting_at_its_london_time() {
    let (_temp, site) = built_site();
    let text = std::fs::read_to_string(site.join("meetings.ics")).unwrap();
    let lines = calendar_lines(&text);
    assert_eq!(lines.first().unwrap(), "BEGIN:VCALENDAR");
    assert_eq!(lines.last().unwrap(), "END:VCALENDAR");
    for component in ["VCALENDAR", "VEVENT", "VTIMEZONE"] {
        let begins = lines
            .iter()
            .filter(|l| **l == format!("BEGIN:{component}"))
            .count();
        let ends = lines
            .iter()
            .filter(|l| **l == format!("END:{component}"))
            .count();
        assert_eq!(begins, ends, "{component}");
    }
    let folders = meeting_folders();
    let events = text.matches("BEGIN:VEVENT").count();
    assert_eq!(events, folders.len());
    for folder in &folders {
        let (_, meeting) = read_yaml::<Meeting>(&data().join(folder).join("meeting.yaml")).unwrap();
        let uid = format!("UID:{folder}@reportpack");
        let event: Vec<&String> = lines
            .iter()
            .skip_while(|l| **l != uid)
            .take_while(|l| *l != "END:VEVENT")
            .collect();
        assert!(!event.is_empty(), "no event {uid}");
        let start = format!(
            "DTSTART;TZID=Europe/London:{}",
            meeting.date.and_time(meeting.time).format("%Y%m%dT%H%M%S")
        );
        assert!(event.iter().any(|l| **l == start), "{folder}: {event:?}");
        let location = format!("LOCATION:{}", meeting.venue.replace(',', "\\,"));
        assert!(event.iter().any(|l| **l == location), "{folder}: {event:?}");
        let url = format!("URL:https://democracy.example.gov.uk/papers/{folder}/index.html");
        assert!(event.iter().any(|l| **l == url), "{folder}: {event:?}");
    }
    // The same input gives the same calendar: UIDs and stamps come from the meetings.
    let (_again, site_again) = built_site();
    assert_eq!(
        std::fs::read(site.join("meetings.ics")).unwrap(),
        std::fs::read(site_again.join("meetings.ics")).unwrap()
    );
}

#[test]
fn the_feed_is_well_formed_atom_with_an_entry_per_published_pack() {
    let (_temp, site) = built_site();
    let text = std::fs::read_to_string(site.join("feed.atom")).unwrap();
    let mut reader = quick_xml::Reader::from_str(&text);
    let mut entries = 0;
    let mut depth = 0i32;
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Start(e)) => {
                depth += 1;
                if e.name().as_ref() == b"entry" {
                    entries += 1;
                }
            }
            Ok(quick_xml::events::Event::End(_)) => depth -= 1,
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("feed.atom is not well formed: {e}"),
        }
    }
    assert_eq!(depth, 0);
    let documents: usize = meeting_folders()
        .iter()
        .map(|f| record(&site, f).documents.len())
        .sum();
    assert_eq!(entries, documents);
    assert!(text.replace("&#x2F;", "/").contains(
        "href=\"https://democracy.example.gov.uk/papers/lancaster-cabinet-2015-12-01/pack.pdf\""
    ));
}

#[test]
fn the_site_index_links_every_meeting_and_its_pack() {
    let (_temp, site) = built_site();
    let index = std::fs::read_to_string(site.join("index.html")).unwrap();
    for folder in meeting_folders() {
        let record = record(&site, &folder);
        let page = format!("href=\"{folder}/index.html\"");
        assert!(index.contains(&page), "{folder} not listed");
        assert!(site.join(&folder).join("index.html").is_file());
        let heading = format!("<h2>{}</h2>", record.committee.replace('&', "&amp;"));
        assert!(
            index.contains(&heading),
            "no heading for {}",
            record.committee
        );
    }
    assert!(index.contains("href=\"meetings.ics\"") && index.contains("href=\"feed.atom\""));
}
