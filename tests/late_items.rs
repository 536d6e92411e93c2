//! Late items (LGA 1972 s100B(4)(b)): each supplementary agenda has its own publication date and
//! the chair's reason for urgency, printed on its front sheet and in its agenda; the main agenda
//! lists a late item by number and title, "to follow", and nothing of its text; supplements
//! number on; `check` holds each supplement to the deadline by its own date.

mod support;
use std::path::Path;
use support::*;

/// The minimal meeting (published 20 November 2015, meeting 1 December 2015: latest publication
/// date Monday 23 November) with two supplements: item 4 in the first, a new item 5 in the second.
fn two_supplements(second: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let (temp, meeting) = scratch_meeting("minimal");
    let file = meeting.join("meeting.yaml");
    edit(
        &file,
        "items:\n",
        &format!(
            "supplements:\n  - number: 1\n    published: 2015-11-25\n    urgent: The roofer's \
             survey came in after the agenda.\n{second}items:\n"
        ),
    );
    let report = std::fs::read_to_string(meeting.join("reports/late-report.yaml"))
        .unwrap()
        .replace("Leisure Centre Roof Repairs", "Flood Defence Grant")
        .replace(
            "To approve emergency repairs to the leisure centre roof before the winter storms.",
            "To accept the flood defence grant offered on 26 November.",
        );
    std::fs::write(meeting.join("reports/grant.yaml"), report).unwrap();
    let mut text = std::fs::read_to_string(&file).unwrap();
    text.push_str(
        "  - number: 5\n    report: reports/grant.yaml\n    supplement: 2\n    text: Private \
         briefing on the grant terms.\n",
    );
    std::fs::write(&file, text).unwrap();
    (temp, meeting)
}

const SECOND: &str = "  - number: 2\n    published: 2015-11-27\n    urgent: The grant offer \
                      expires before the next meeting.\n";

fn text_of(pdf: &Path) -> String {
    pdf_pages(pdf).join("\n")
}

#[test]
fn each_supplement_prints_its_own_date_and_reason_and_the_agenda_only_lists_late_items() {
    let (temp, meeting) = two_supplements(SECOND);
    let out = temp.path().join("out");
    build_into(&meeting, &out, &[]);

    let main = pdf_pages(&out.join("pack.pdf"));
    let agenda = main[..2].join("\n");
    for listed in [
        "Leisure Centre Roof Repairs",
        "Flood Defence Grant",
        "To follow",
    ] {
        assert!(agenda.contains(listed), "{listed:?} not in {agenda}");
    }
    let whole = main.join("\n");
    for leak in [
        "flood defence grant offered",
        "Private briefing",
        "Report of Chief Officer (Environment)",
        "emergency repairs",
    ] {
        assert!(!whole.contains(leak), "{leak:?} in the main pack");
    }
    assert!(whole.contains("Published:") && whole.contains("20 November 2015"));

    let first = text_of(&out.join("supplement-1.pdf"));
    assert!(first.contains("Supplementary agenda 1"), "{first}");
    assert!(first.contains("25 November 2015"), "{first}");
    assert!(
        !first.contains("20 November 2015"),
        "the agenda's date: {first}"
    );
    assert!(first.contains("Reason for urgency"), "{first}");
    assert!(first.contains("section 100B(4)(b)"), "{first}");
    assert!(first.contains("survey came in after the agenda"), "{first}");
    assert!(first.contains("emergency repairs"), "{first}");
    assert!(!first.contains("Flood Defence Grant"), "{first}");

    let second = text_of(&out.join("supplement-2.pdf"));
    assert!(second.contains("Supplementary agenda 2"), "{second}");
    assert!(second.contains("27 November 2015"), "{second}");
    assert!(
        second.contains("expires before the next meeting"),
        "{second}"
    );
    assert!(second.contains("flood defence grant offered"), "{second}");
    assert!(!second.contains("emergency repairs"), "{second}");

    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    for n in [1, 2] {
        let link = format!("<a href=\"supplement-{n}.pdf\">supplementary agenda {n}</a>");
        assert!(index.contains(&link), "{link} not in the agenda page");
        let download = format!("<a href=\"supplement-{n}.pdf\">Supplementary agenda {n}:");
        assert!(index.contains(&download), "{download} not in the downloads");
    }
    assert!(
        !index.contains("Private briefing"),
        "the late item's text on the agenda page"
    );
}

#[test]
fn a_late_supplement_without_a_reason_is_reported_at_its_line() {
    // Supplement 2 published on 27 November, after the 23 November deadline, with no reason:
    // its `published:` is line 19 of the meeting file (the list starts at line 14).
    let (_temp, meeting) = two_supplements("  - number: 2\n    published: 2015-11-27\n");
    let (ok, stdout) = check(&meeting);
    let file = meeting.join("meeting.yaml");
    let expected = format!(
        "{}:19:16: error: supplements: supplement 2 is published on Friday 27 November 2015, \
         after the latest publication date Monday 23 November 2015",
        file.display()
    );
    assert!(stdout.contains(&expected), "{expected}\nnot in\n{stdout}");
    assert!(!ok);

    // Published in time, it needs no reason.
    let (_temp, meeting) = two_supplements("  - number: 2\n    published: 2015-11-23\n");
    let (ok, stdout) = check(&meeting);
    assert!(ok, "{stdout}");
    assert!(!stdout.contains("supplement 2"), "{stdout}");
}

#[test]
fn supplements_number_on() {
    let (_temp, meeting) = two_supplements(
        "  - number: 3\n    published: 2015-11-27\n    urgent: The grant offer expires.\n",
    );
    edit(
        &meeting.join("meeting.yaml"),
        "supplement: 2\n",
        "supplement: 3\n",
    );
    let (_ok, stdout) = check(&meeting);
    let expected = format!(
        "{}:18:13: error: supplements: supplement 3 is listed where supplement 2 belongs",
        meeting.join("meeting.yaml").display()
    );
    assert!(stdout.contains(&expected), "{expected}\nnot in\n{stdout}");
}

#[test]
fn supplement_true_still_means_supplement_one() {
    let (temp, meeting) = scratch_meeting("minimal");
    let out = temp.path().join("out");
    build_into(&meeting, &out, &[]);
    let first = text_of(&out.join("supplement-1.pdf"));
    assert!(first.contains("Supplementary agenda 1"), "{first}");
    assert!(
        first.contains("Reason for urgency: The contractor's final figures"),
        "{first}"
    );
    assert!(!out.join("supplement-2.pdf").exists());
}
