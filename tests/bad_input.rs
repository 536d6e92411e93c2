//! Every class of bad input stops the build with a message naming the file, the line and what
//! would be valid, and writes nothing.

mod support;
use std::path::Path;
use support::*;

fn assert_rejected(meeting: &std::path::Path, file_name: &str, expected: &[&str]) {
    let out = meeting.parent().unwrap().join("out");
    let output = reportpack(&[
        "build",
        meeting.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    let message = stderr(&output);
    assert!(
        !output.status.success(),
        "build should fail; stderr: {message}"
    );
    assert!(
        message.contains(file_name),
        "message should name {file_name}: {message}"
    );
    let located = message.lines().any(|line| {
        line.split_once(&format!("{file_name}:"))
            .and_then(|(_, rest)| rest.split(':').next())
            .is_some_and(|n| n.parse::<usize>().is_ok_and(|n| n > 0))
    });
    assert!(located, "message should give file:line: {message}");
    for needle in expected {
        assert!(
            message.contains(needle),
            "message should contain {needle:?}: {message}"
        );
    }
    assert!(!out.exists(), "nothing may be written on bad input");
    assert!(!message.contains("panicked"), "{message}");
}

#[test]
fn unknown_field_is_named_with_the_valid_ones() {
    let (_temp, meeting) = scratch_meeting("minimal");
    edit(
        &meeting.join("meeting.yaml"),
        "venue:",
        "venu: Town Hall\nvenue:",
    );
    assert_rejected(
        &meeting,
        "meeting.yaml",
        &["unknown field `venu`", "expected one of"],
    );
}

#[test]
fn missing_required_field() {
    let (_temp, meeting) = scratch_meeting("minimal");
    edit(
        &meeting.join("reports/plan-report.yaml"),
        "report_of: the Chief Executive\n",
        "",
    );
    assert_rejected(&meeting, "plan-report.yaml", &["missing field `report_of`"]);
}

#[test]
fn wrong_type() {
    let (_temp, meeting) = scratch_meeting("minimal");
    edit(&meeting.join("meeting.yaml"), "number: 2", "number: [2]");
    assert_rejected(
        &meeting,
        "meeting.yaml",
        &["items[1].number", "invalid type"],
    );
}

#[test]
fn bad_date() {
    let (_temp, meeting) = scratch_meeting("minimal");
    edit(
        &meeting.join("reports/plan-report.yaml"),
        "date: 2015-12-01",
        "date: 2015-13-01",
    );
    assert_rejected(&meeting, "plan-report.yaml", &["date", "YYYY-MM-DD"]);
}

#[test]
fn bad_markdown_link() {
    let (_temp, meeting) = scratch_meeting("minimal");
    edit(
        &meeting.join("reports/plan-report.yaml"),
        "To approve the test action plan.",
        "To approve the [plan](javascript:alert(1)).",
    );
    assert_rejected(&meeting, "plan-report.yaml", &["purpose", "https://"]);
}

#[test]
fn missing_report_file() {
    let (_temp, meeting) = scratch_meeting("minimal");
    edit(
        &meeting.join("meeting.yaml"),
        "reports/plan-report.yaml",
        "reports/no-such-report.yaml",
    );
    assert_rejected(
        &meeting,
        "meeting.yaml",
        &["no-such-report.yaml", "does not exist"],
    );
}

#[test]
fn raw_script_in_a_text_field() {
    let (_temp, meeting) = scratch_meeting("minimal");
    edit(
        &meeting.join("reports/plan-report.yaml"),
        "The first paragraph of the introduction.",
        "The first paragraph <script>alert(1)</script> of the introduction.",
    );
    assert_rejected(&meeting, "plan-report.yaml", &["raw HTML", "<script>"]);
}

#[test]
fn exempt_paragraph_out_of_range() {
    let (_temp, meeting) = scratch_meeting("minimal");
    edit(&meeting.join("meeting.yaml"), "exempt: 3", "exempt: 9");
    assert_rejected(&meeting, "meeting.yaml", &["paragraphs 1 to 7"]);
}

#[test]
fn unknown_column_in_an_action_plan() {
    let (_temp, meeting) = scratch_meeting("minimal");
    edit(&meeting.join("reports/plan.yaml"), "lead: MD", "leader: MD");
    assert_rejected(
        &meeting,
        "plan.yaml",
        &["unknown column `leader`", "what, how, when, lead"],
    );
}

#[test]
fn check_finds_an_unreadable_pdf_appendix() {
    let (_temp, meeting) = scratch_meeting("minimal");
    std::fs::write(
        meeting.join("reports/broken.pdf"),
        b"%PDF-1.7 not really a PDF",
    )
    .unwrap();
    edit(
        &meeting.join("reports/plan-report.yaml"),
        "    action_plan: plan.yaml",
        "    action_plan: plan.yaml\n  - label: B\n    title: Consultant's report\n    pdf: broken.pdf",
    );
    let output = reportpack(&["check", meeting.to_str().unwrap()]);
    let message = printed(&output);
    assert!(!output.status.success(), "{message}");
    assert!(message.contains("broken.pdf"), "{message}");
    assert!(
        message.contains("plan-report.yaml:"),
        "located in the report: {message}"
    );
}

/// A file outside the meeting's folders, with a sentence that must never be published or quoted.
fn foreign_file(name: &str, text: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let elsewhere = tempfile::tempdir().unwrap();
    let file = elsewhere.path().join(name);
    std::fs::write(&file, text).unwrap();
    (elsewhere, file)
}

const FOREIGN: &str = "title: Private diary of the chief executive\n";

#[test]
fn a_report_outside_the_meetings_folders_is_refused_without_quoting_it() {
    let (_temp, meeting) = scratch_meeting("minimal");
    let (_elsewhere, foreign) = foreign_file("diary.yaml", FOREIGN);
    edit(
        &meeting.join("meeting.yaml"),
        "report: reports/plan-report.yaml",
        &format!("report: {}", foreign.display()),
    );
    assert_rejected(
        &meeting,
        "meeting.yaml",
        &["is outside the meeting's folders", "copy the file there"],
    );
    let output = reportpack(&["check", meeting.to_str().unwrap()]);
    assert!(
        !stderr(&output).contains("Private diary")
            && !String::from_utf8_lossy(&output.stdout).contains("Private diary")
    );
}

#[test]
fn a_symlink_out_of_the_meeting_is_refused() {
    let (_temp, meeting) = scratch_meeting("minimal");
    let (_elsewhere, foreign) = foreign_file("plan.yaml", FOREIGN);
    std::os::unix::fs::symlink(&foreign, meeting.join("reports/linked-plan.yaml")).unwrap();
    edit(
        &meeting.join("reports/plan-report.yaml"),
        "action_plan: plan.yaml",
        "action_plan: linked-plan.yaml",
    );
    assert_rejected(
        &meeting,
        "plan-report.yaml",
        &["appendix A: linked-plan.yaml is outside the meeting's folders"],
    );
}

#[test]
fn a_pdf_appendix_climbing_out_with_dotdot_is_refused() {
    let (temp, meeting) = scratch_meeting("minimal");
    // Two levels up from reports/ is the data folder (allowed); three is outside it.
    let outside = temp
        .path()
        .parent()
        .unwrap()
        .join(format!("reportpack-outside-{}.pdf", std::process::id()));
    std::fs::write(&outside, "%PDF-1.4 not for you").unwrap();
    edit(
        &meeting.join("reports/plan-report.yaml"),
        "action_plan: plan.yaml",
        &format!(
            "pdf: ../../../{}",
            outside.file_name().unwrap().to_string_lossy()
        ),
    );
    let output = reportpack(&["check", meeting.to_str().unwrap()]);
    let _ = std::fs::remove_file(&outside);
    let printed = String::from_utf8_lossy(&output.stdout);
    assert!(!output.status.success());
    assert!(
        printed.contains("plan-report.yaml:")
            && printed.contains("is outside the meeting's folders"),
        "{printed}"
    );
}

#[test]
fn the_house_style_is_a_plain_name_under_report_templates() {
    let (_temp, meeting) = scratch_meeting("minimal");
    edit(
        &meeting.join("meeting.yaml"),
        "council: lancaster",
        "council: ../../..",
    );
    let out = meeting.parent().unwrap().join("out");
    let output = run_build(&meeting, &out, &[]);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("the council is the plain name of a folder there"),
        "{}",
        stderr(&output)
    );
    assert!(!out.exists());
}

/// A build reads the templates of its own council and the shared `base/` set, nothing else:
/// another council's broken template, or a `{{` in a data file, does not stop it; a broken
/// template of its own does, naming the file.
#[test]
fn a_build_parses_only_its_own_councils_templates() {
    let (temp, meeting) = scratch_meeting("minimal");
    let templates = copy_templates(&temp.path().join("report-templates"));
    let broken = "{% if unclosed %}\n";
    std::fs::write(templates.join("gloucester/report.html"), broken).unwrap();
    let jargon = templates.join("base/jargon.txt");
    let mut words = std::fs::read_to_string(&jargon).unwrap();
    words.push_str("{{ not a template\n");
    std::fs::write(&jargon, words).unwrap();
    let out = temp.path().join("out");
    let flags = ["--templates", templates.to_str().unwrap()];
    build_into(&meeting, &out, &flags);
    assert!(out.join("pack.pdf").is_file());

    std::fs::write(templates.join("lancaster/report.html"), broken).unwrap();
    assert_build_fails_naming(&meeting, &out, &flags, "lancaster/report.html");
}

/// Builds `meeting` and checks that it fails with a message naming `file`.
fn assert_build_fails_naming(meeting: &Path, out: &Path, flags: &[&str], file: &str) {
    let output = run_build(meeting, out, flags);
    assert!(!output.status.success());
    assert!(stderr(&output).contains(file), "{}", stderr(&output));
}

/// A build parses the templates it renders: a broken minutes template does not stop the
/// agenda and reports before the meeting has decisions, but `check` finds it, naming the file,
/// and so does the build once there are decisions to publish.
#[test]
fn a_broken_template_is_found_by_check_and_by_the_build_that_renders_it() {
    let (temp, meeting) = scratch_meeting("minimal");
    let templates = copy_templates(&temp.path().join("report-templates"));
    std::fs::write(templates.join("base/minutes.html"), "{% if unclosed %}\n").unwrap();
    let out = temp.path().join("out");
    let flags = ["--templates", templates.to_str().unwrap()];
    build_into(&meeting, &out, &flags);
    assert!(out.join("pack.pdf").is_file());

    let checked = reportpack(&["check", meeting.to_str().unwrap(), flags[0], flags[1]]);
    assert!(!checked.status.success());
    assert!(
        printed(&checked).contains("base/minutes.html"),
        "{}",
        printed(&checked)
    );

    std::fs::copy(
        fixture("decisions/decisions.yaml"),
        meeting.join("decisions.yaml"),
    )
    .unwrap();
    assert_build_fails_naming(&meeting, &out, &flags, "base/minutes.html");
}

#[test]
fn problems_in_an_exempt_report_never_print_its_text() {
    let secret = "valuation of four million pounds";
    for (exempt, shown) in [(true, false), (false, true)] {
        let (_temp, meeting) = scratch_meeting("minimal");
        let report = if exempt {
            "reports/exempt-report.yaml"
        } else {
            "reports/plan-report.yaml"
        };
        edit(
            &meeting.join(report),
            "decision: ",
            &format!("decision: \"{secret}\"\nx_decision: "),
        );
        let output = reportpack(&["check", meeting.to_str().unwrap()]);
        let printed = printed(&output);
        assert!(!output.status.success());
        assert_eq!(printed.contains(secret), shown, "{printed}");
        let file = report.rsplit('/').next().unwrap();
        assert!(printed.contains(&format!("{file}:")), "{printed}");
    }
}

#[test]
fn characters_the_pdf_cannot_show_are_warned_about_at_their_place() {
    let (_temp, meeting) = scratch_meeting("minimal");
    let report = meeting.join("reports/plan-report.yaml");
    edit(
        &report,
        "      - The first paragraph of the introduction.",
        "      - \"The first paragraph \u{1F600} of the introduction, \u{4F1A}\u{8BAE}, \u{05E9}\u{05DC}\u{05D5}\u{05DD}.\"",
    );
    let (ok, printed) = check(&meeting);
    assert!(ok, "warnings only: {printed}");
    let line = std::fs::read_to_string(&report)
        .unwrap()
        .lines()
        .position(|l| l.contains('\u{1F600}'))
        .unwrap()
        + 1;
    assert!(
        printed.contains(&format!(
            "plan-report.yaml:{line}:30: warning: not in the papers' fonts: \"\u{1F600}\" (U+1F600), \"\u{4F1A}\" (U+4F1A), \"\u{8BAE}\" (U+8BAE)"
        )),
        "{printed}"
    );
    assert!(
        printed.contains(&format!(
            "plan-report.yaml:{line}:57: warning: right-to-left text"
        )),
        "{printed}"
    );
    // Accented Latin, Welsh and typographic punctuation are all in the fonts.
    edit(
        &report,
        "\u{1F600} of the introduction, \u{4F1A}\u{8BAE}, \u{05E9}\u{05DC}\u{05D5}\u{05DD}.",
        "of the introduction: Ŵ ŵ Ŷ ŷ café – “quoted” … £5 €6.",
    );
    let (_ok, printed) = check(&meeting);
    assert!(
        !printed.contains("papers' fonts") && !printed.contains("right-to-left"),
        "{printed}"
    );
}
