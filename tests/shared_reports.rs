//! A report shared by two meetings (scrutiny refers it to Cabinet) prints each meeting's own
//! committee and date in that meeting's papers; `check` warns, at the report's field, when the
//! report's own date or committees disagree with a meeting that includes it.

mod support;
use std::path::{Path, PathBuf};
use support::*;

/// The minimal Cabinet meeting (1 December 2015) and an Overview & Scrutiny meeting on 24
/// November 2015 beside it, both including the report `reports/plan-report.yaml`, now dated for
/// scrutiny and going on to Cabinet.
fn shared() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let (temp, cabinet) = scratch_meeting("minimal");
    let report = cabinet.join("reports/plan-report.yaml");
    edit(
        &report,
        "committees: [Cabinet]",
        "committees: [Overview & Scrutiny, Cabinet]",
    );
    edit(&report, "date: 2015-12-01", "date: 2015-11-24");
    let scrutiny = temp.path().join("scrutiny");
    std::fs::create_dir_all(&scrutiny).unwrap();
    std::fs::write(
        scrutiny.join("meeting.yaml"),
        "council: lancaster\ncommittee: Overview & Scrutiny\ndate: 2015-11-24\ntime: \"18:00\"\n\
         venue: Lancaster Town Hall\njurisdiction: england\npublished: 2015-11-16\nclerk:\n  \
         name: Democratic Services\nitems:\n  - number: 1\n    report: \
         ../minimal/reports/plan-report.yaml\n",
    )
    .unwrap();
    (temp, cabinet, scrutiny)
}

fn page(out: &Path, file: &str) -> String {
    visible_text(&std::fs::read_to_string(out.join("items").join(file)).unwrap())
}

#[test]
fn each_meeting_prints_its_own_committee_and_date() {
    let (temp, cabinet, scrutiny) = shared();
    let scrutiny_out = temp.path().join("scrutiny-out");
    build_into(&scrutiny, &scrutiny_out, &[]);
    let text = page(&scrutiny_out, "01-test-action-plan.html");
    assert!(text.contains("OVERVIEW & SCRUTINY AND CABINET"), "{text}");
    assert!(text.contains("24 November 2015"), "{text}");

    let cabinet_out = temp.path().join("cabinet-out");
    build_into(&cabinet, &cabinet_out, &[]);
    let text = page(&cabinet_out, "02-test-action-plan.html");
    assert!(
        !text.contains("OVERVIEW"),
        "scrutiny's committee in Cabinet's papers: {text}"
    );
    assert!(
        !text.contains("24 November 2015"),
        "scrutiny's date in Cabinet's papers: {text}"
    );
    assert!(text.contains("1 December 2015"), "{text}");
    let pdf = pdftotext(&cabinet_out.join("items/02-test-action-plan.pdf"), &[]);
    assert!(!pdf.contains("OVERVIEW"), "{pdf}");
    assert!(!pdf.contains("24 November 2015"), "{pdf}");
    assert!(
        pdf.contains("CABINET") && pdf.contains("1 December 2015"),
        "{pdf}"
    );
}

#[test]
fn check_warns_at_the_report_field_that_disagrees_with_the_meeting() {
    let (_temp, cabinet, _scrutiny) = shared();
    let report = cabinet.join("reports/plan-report.yaml");
    let output = reportpack(&["check", cabinet.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let expected = format!(
        "{}:3:7: warning: date: the report is dated Tuesday 24 November 2015 but item 2 of \
         Cabinet on Tuesday 1 December 2015 includes it",
        report.display()
    );
    assert!(stdout.contains(&expected), "{expected}\nnot in\n{stdout}");
    assert!(!stdout.contains("warning: committees"), "{stdout}");

    edit(
        &report,
        "committees: [Overview & Scrutiny, Cabinet]",
        "committees: [Overview & Scrutiny]",
    );
    let output = reportpack(&["check", cabinet.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let expected = format!(
        "{}:2:13: warning: committees: the report goes to Overview & Scrutiny but item 2 of \
         Cabinet includes it",
        report.display()
    );
    assert!(stdout.contains(&expected), "{expected}\nnot in\n{stdout}");
}
