//! Plain-English notes: `check --readability` lists long sentences, passives and jargon at the
//! file:line:col of the words; `check` alone prints how many; `build` says nothing of them.

mod support;
use std::path::{Path, PathBuf};
use support::*;

const PURPOSE: &str = "purpose: To approve the test action plan.";

/// The minimal meeting with a purpose holding one of each kind of note on its own line.
fn wordy() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let (temp, meeting) = scratch_meeting("minimal");
    let report = meeting.join("reports/plan-report.yaml");
    edit(
        &report,
        PURPOSE,
        "purpose: >-\n  Going forward we will work with every partner.\n  The plan will be reviewed in May.\n  This report sets out the plan that the council and its partners agreed last year for the parks, the libraries, the leisure centres and the markets in the district.",
    );
    (temp, meeting, report)
}

fn run_check(meeting: &Path, extra: &[&str]) -> String {
    let mut args = vec!["check", meeting.to_str().unwrap()];
    args.extend_from_slice(extra);
    let output = reportpack(&args);
    let printed = printed(&output);
    assert!(output.status.success(), "notes are not errors: {printed}");
    printed
}

fn line_of(file: &Path, needle: &str) -> usize {
    std::fs::read_to_string(file)
        .unwrap()
        .lines()
        .position(|line| line.contains(needle))
        .unwrap()
        + 1
}

#[test]
fn check_readability_lists_each_note_at_its_words() {
    let (_temp, meeting, report) = wordy();
    let printed = run_check(&meeting, &["--readability"]);
    let file = report.display();
    let jargon = format!(
        "{file}:{}:3: warning: readability: \"Going forward\" is on the jargon list",
        line_of(&report, "Going forward")
    );
    let passive = format!(
        "{file}:{}:17: warning: readability: passive \"be reviewed\"",
        line_of(&report, "will be reviewed")
    );
    let long = format!(
        "{file}:{}:3: warning: readability: a sentence of 29 words (over 25): \"This report sets out the plan…\"",
        line_of(&report, "This report sets out")
    );
    for want in [&jargon, &passive, &long] {
        assert!(
            printed.contains(want.as_str()),
            "want {want} in:\n{printed}"
        );
    }
}

#[test]
fn check_alone_prints_one_summary_line() {
    let (_temp, meeting, _report) = wordy();
    let printed = run_check(&meeting, &[]);
    let summary: Vec<&str> = printed
        .lines()
        .filter(|l| l.contains("readability"))
        .collect();
    assert_eq!(summary.len(), 1, "{printed}");
    let listed = run_check(&meeting, &["--readability"])
        .lines()
        .filter(|l| l.contains(": warning: readability: "))
        .count();
    assert!(listed >= 3, "{listed}");
    assert!(
        summary[0].ends_with(&format!(
            ": readability: {listed} notes; run check --readability"
        )),
        "{printed}"
    );
}

#[test]
fn build_does_not_mention_readability() {
    let (temp, meeting, _report) = wordy();
    let output = run_build(&meeting, &temp.path().join("out"), &[]);
    assert!(output.status.success());
    let printed = printed(&output);
    assert!(!printed.contains("readability"), "{printed}");
}

/// A council's jargon.txt replaces the shared list.
#[test]
fn a_council_keeps_its_own_jargon_list() {
    let (temp, meeting, report) = wordy();
    let templates = copy_templates(&temp.path().join("templates"));
    std::fs::write(templates.join("lancaster/jargon.txt"), "# ours\npartner\n").unwrap();
    let printed = run_check(
        &meeting,
        &["--readability", "--templates", templates.to_str().unwrap()],
    );
    assert!(
        printed.contains(&format!(
            "{}:{}:41: warning: readability: \"partner\" is on the jargon list",
            report.display(),
            line_of(&report, "every partner")
        )),
        "{printed}"
    );
    assert!(!printed.contains("\"Going forward\""), "{printed}");
}

/// Notes on an exempt report name the place only: the words are withheld from the console.
#[test]
fn notes_on_an_exempt_report_quote_nothing() {
    let (_temp, meeting, _report) = wordy();
    let exempt = meeting.join("reports/exempt-report.yaml");
    let printed = run_check(&meeting, &["--readability"]);
    let want = format!(
        "{}:{}:46: warning: readability: passive \"[text withheld: exempt]\"",
        exempt.display(),
        line_of(&exempt, "secret bid")
    );
    assert!(printed.contains(&want), "want {want} in:\n{printed}");
    let about_exempt: Vec<&str> = printed
        .lines()
        .filter(|l| l.contains("exempt-report.yaml"))
        .collect();
    assert!(!about_exempt.is_empty());
    for line in about_exempt {
        assert!(
            !line.contains("approved") && !line.contains("secret"),
            "{line}"
        );
    }
}
