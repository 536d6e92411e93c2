//! Action-plan appendices as a clerk sees them: which update rounds are shown, the status
//! scale as councils write it, and the picture of progress.

mod support;
use std::path::{Path, PathBuf};
use support::*;

/// The minimal meeting with its plan given two update rounds (May and November 2015) before
/// the meeting (1 December 2015), each with a row update.
fn two_rounds() -> (tempfile::TempDir, PathBuf) {
    let (temp, meeting) = scratch_meeting("minimal");
    let plan = meeting.join("reports/plan.yaml");
    edit(
        &plan,
        "  - {date: 2015-11-30, heading: Update Nov 2015}",
        "  - {date: 2015-05-31, heading: Update May 2015}\n  - {date: 2015-11-30, heading: Update Nov 2015}",
    );
    edit(
        &plan,
        "      - {date: 2015-11-30, text: Options being developed.}",
        "      - {date: 2015-05-31, text: Scoping agreed in May.}\n      - {date: 2015-11-30, text: Options being developed.}",
    );
    (temp, meeting)
}

fn choose_rounds(meeting: &Path, rounds: &str) {
    edit(
        &meeting.join("reports/plan-report.yaml"),
        "    action_plan: plan.yaml",
        &format!("    action_plan: plan.yaml\n    rounds: {rounds}"),
    );
}

fn plan_headers(out: &Path) -> Vec<String> {
    let page = std::fs::read_to_string(out.join("items/02-test-action-plan.html")).unwrap();
    let table = page
        .split("<table class=\"action-plan")
        .nth(1)
        .expect("the page has an action-plan table");
    let head = table.split("</thead>").next().unwrap();
    head.split("<th scope=\"col\"")
        .skip(1)
        .map(|cell| {
            let text = cell.split_once('>').unwrap().1;
            text.split("</th>").next().unwrap().to_string()
        })
        .collect()
}

/// What `check` or `build` printed, standard output and error together.
fn printed(output: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        stderr(output)
    )
}

fn item_pdf_text(out: &Path) -> String {
    pdftotext(&out.join("items/02-test-action-plan.pdf"), &["-raw"])
}

#[test]
fn the_latest_round_is_shown_by_default() {
    let (temp, meeting) = two_rounds();
    let out = temp.path().join("out");
    build_into(&meeting, &out, &[]);
    let headers = plan_headers(&out);
    assert!(
        headers.contains(&"Update Nov 2015".to_string()),
        "{headers:?}"
    );
    assert!(
        !headers.contains(&"Update May 2015".to_string()),
        "{headers:?}"
    );
    let text = item_pdf_text(&out);
    assert!(text.contains("Options being developed."), "{text}");
    assert!(!text.contains("Scoping agreed in May."), "{text}");
}

#[test]
fn all_rounds_up_to_the_meeting_are_columns_in_date_order() {
    let (temp, meeting) = two_rounds();
    choose_rounds(&meeting, "all");
    let out = temp.path().join("out");
    build_into(&meeting, &out, &[]);
    let headers = plan_headers(&out);
    let may = headers.iter().position(|h| h == "Update May 2015");
    let nov = headers.iter().position(|h| h == "Update Nov 2015");
    assert!(may.is_some() && nov.is_some() && may < nov, "{headers:?}");
    let text = item_pdf_text(&out);
    assert!(text.contains("Scoping agreed in May."), "{text}");
    assert!(text.contains("Options being developed."), "{text}");
    assert!(text.contains("Update May 2015"), "{text}");
}

#[test]
fn named_rounds_are_shown_in_the_order_named() {
    let (temp, meeting) = two_rounds();
    choose_rounds(&meeting, "[Update May 2015]");
    let out = temp.path().join("out");
    build_into(&meeting, &out, &[]);
    let headers = plan_headers(&out);
    assert!(
        headers.contains(&"Update May 2015".to_string()),
        "{headers:?}"
    );
    assert!(
        !headers.contains(&"Update Nov 2015".to_string()),
        "{headers:?}"
    );
    let text = item_pdf_text(&out);
    assert!(text.contains("Scoping agreed in May."), "{text}");
    assert!(!text.contains("Options being developed."), "{text}");
}

#[test]
fn a_named_round_the_plan_lacks_is_an_error_at_its_line() {
    let (_temp, meeting) = two_rounds();
    choose_rounds(&meeting, "[Update June 2015]");
    let output = reportpack(&["check", meeting.to_str().unwrap()]);
    let printed = printed(&output);
    assert!(!output.status.success(), "{printed}");
    let report = meeting.join("reports/plan-report.yaml");
    let source = std::fs::read_to_string(&report).unwrap();
    let line = source.lines().position(|l| l.contains("rounds:")).unwrap() + 1;
    let want = format!("{}:{line}:14: error: appendices.rounds:", report.display());
    assert!(printed.contains(&want), "want {want} in:\n{printed}");
    assert!(
        printed.contains("Update May 2015, Update Nov 2015"),
        "{printed}"
    );
}

/// A round dated at the end of the meeting's month (a spreadsheet's "Update Dec 2015" column is
/// dated 31 December) cannot be shown for a meeting on 1 December: `check` says so at the
/// round's line rather than dropping it silently.
#[test]
fn a_round_dated_after_the_meeting_is_a_warning_at_its_line() {
    let (_temp, meeting) = scratch_meeting("minimal");
    let plan = meeting.join("reports/plan.yaml");
    edit(
        &plan,
        "  - {date: 2015-11-30, heading: Update Nov 2015}",
        "  - {date: 2015-11-30, heading: Update Nov 2015}\n  - {date: 2015-12-31, heading: Update Dec 2015}",
    );
    let output = reportpack(&["check", meeting.to_str().unwrap()]);
    let printed = printed(&output);
    assert!(output.status.success(), "warnings only: {printed}");
    let source = std::fs::read_to_string(&plan).unwrap();
    let line = source
        .lines()
        .position(|l| l.contains("Update Dec 2015"))
        .unwrap()
        + 1;
    let want = format!(
        "{}:{line}:24: warning: update_rounds: the round \"Update Dec 2015\" is dated 2015-12-31, after the meeting on 2015-12-01: not shown",
        plan.display()
    );
    assert!(printed.contains(&want), "want {want} in:\n{printed}");
}
