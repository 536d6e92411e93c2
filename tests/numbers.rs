//! Numbers as councils write them: agenda items numbered `7.1` or `115a` (whole numbers in YAML
//! still load), in natural order; report sections left unnumbered; the numbering style of
//! sections and paragraphs set by the house style, alike on the web page and in the PDF.

mod support;
use support::*;

/// The minimal meeting with its items numbered 1, 7.1, 115a and 116.
fn renumbered() -> (tempfile::TempDir, std::path::PathBuf) {
    let (temp, meeting) = scratch_meeting("minimal");
    let file = meeting.join("meeting.yaml");
    edit(&file, "number: 2\n", "number: 7.1\n");
    edit(&file, "number: 3\n", "number: 115a\n");
    edit(&file, "number: 4\n", "number: \"116\"\n");
    (temp, meeting)
}

#[test]
fn item_numbers_are_printed_as_the_council_writes_them() {
    let (temp, meeting) = renumbered();
    let out = temp.path().join("out");
    build_into(&meeting, &out, &[]);
    let agenda = pdf_pages(&out.join("pack.pdf"))[..2].join("\n");
    for line in ["7.1", "115a", "116"] {
        assert!(
            agenda.lines().any(|l| l.trim_start().starts_with(line)),
            "item {line} not in the agenda:\n{agenda}"
        );
    }
    assert!(out.join("items/7-1-test-action-plan.html").is_file());
    assert!(out.join("items/7-1-test-action-plan.pdf").is_file());
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(index.contains("<td>115a</td>"), "{index}");
    assert!(
        index.contains("href=\"items/7-1-test-action-plan.html\""),
        "{index}"
    );
}

#[test]
fn item_numbers_must_increase_in_natural_order() {
    let (_temp, meeting) = renumbered();
    // 115a after 115b: out of order (line 19 of the meeting file).
    edit(
        &meeting.join("meeting.yaml"),
        "number: 7.1\n",
        "number: 115b\n",
    );
    let (_ok, stdout) = check(&meeting);
    let expected = format!(
        "{}:19:13: error: items: item number 115a follows 115b",
        meeting.join("meeting.yaml").display()
    );
    assert!(stdout.contains(&expected), "{expected}\nnot in\n{stdout}");
}

/// The test report with an unnumbered "Background" section before its "Introduction".
fn with_unnumbered_section() -> (tempfile::TempDir, std::path::PathBuf) {
    let (temp, meeting) = scratch_meeting("minimal");
    edit(
        &meeting.join("reports/plan-report.yaml"),
        "sections:\n",
        "sections:\n  - title: Background\n    numbered: false\n    content:\n      - An \
         unnumbered paragraph of background.\n",
    );
    (temp, meeting)
}

#[test]
fn a_section_can_be_unnumbered_and_the_count_goes_on() {
    let (temp, meeting) = with_unnumbered_section();
    let out = temp.path().join("out");
    build_into(&meeting, &out, &[]);
    let html = std::fs::read_to_string(out.join("items/02-test-action-plan.html")).unwrap();
    assert!(html.contains("<h2>Background</h2>"), "{html}");
    assert!(html.contains("<h2>1.0 Introduction</h2>"), "{html}");
    assert!(
        html.contains("<span class=\"num\">1.1</span><div class=\"body\"><p>The first paragraph"),
        "{html}"
    );
    let pdf = pdftotext(&out.join("items/02-test-action-plan.pdf"), &["-raw"]);
    assert!(
        pdf.contains("\nBackground\nAn unnumbered paragraph"),
        "{pdf}"
    );
    assert!(pdf.contains("1.0 Introduction"), "{pdf}");
    assert!(pdf.contains("1.1 The first paragraph"), "{pdf}");
}

#[test]
fn the_house_style_sets_the_numbering_style() {
    let (temp, meeting) = with_unnumbered_section();
    let out = build_numbered_one_and_a(&temp, &meeting, "lancaster");
    let html = std::fs::read_to_string(out.join("items/02-test-action-plan.html")).unwrap();
    assert!(html.contains("<h2>1 Introduction</h2>"), "{html}");
    assert!(
        html.contains("<span class=\"num\">a)</span><div class=\"body\"><p>The first paragraph"),
        "{html}"
    );
    assert!(
        html.contains(
            "<span class=\"num\">b)</span><div class=\"body\"><p>A paragraph with a list"
        ),
        "{html}"
    );
    let pdf = pdftotext(&out.join("items/02-test-action-plan.pdf"), &["-raw"]);
    assert!(pdf.contains("1 Introduction"), "{pdf}");
    assert!(!pdf.contains("1.0 Introduction"), "{pdf}");
    assert!(pdf.contains("a) The first paragraph"), "{pdf}");
}

#[test]
fn only_names_an_item_by_its_number_as_written() {
    let (temp, meeting) = renumbered();
    let out = temp.path().join("out");
    build_into(&meeting, &out, &[]);
    edit(
        &meeting.join("reports/plan-report.yaml"),
        "To approve the test action plan.",
        "To approve the revised test action plan.",
    );
    let output = run_build(&meeting, &out, &["--only", "7.1"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let page = std::fs::read_to_string(out.join("items/7-1-test-action-plan.html")).unwrap();
    assert!(page.contains("revised test action plan"), "{page}");
}

#[test]
fn lettered_paragraphs_reach_the_purpose_and_recommendations_of_a_numbered_house_style() {
    let (temp, meeting) = scratch_meeting("minimal");
    edit(
        &meeting.join("meeting.yaml"),
        "council: lancaster",
        "council: gloucester",
    );
    let out = build_numbered_one_and_a(&temp, &meeting, "gloucester");
    let pdf = pdftotext(&out.join("items/02-test-action-plan.pdf"), &["-raw"]);
    assert!(pdf.contains("1 Purpose of Report\na) To approve"), "{pdf}");
    assert!(pdf.contains("2 Recommendations"), "{pdf}");
    assert!(pdf.contains("a) That Cabinet approves the plan"), "{pdf}");
    assert!(!pdf.contains("2.1 That Cabinet"), "{pdf}");
}

/// Builds `meeting` with a copy of the templates in which `council` numbers sections `1` and
/// paragraphs `a)`; returns the output folder.
fn build_numbered_one_and_a(
    temp: &tempfile::TempDir,
    meeting: &std::path::Path,
    council: &str,
) -> std::path::PathBuf {
    let templates = copy_templates(&temp.path().join("report-templates"));
    let config_file = templates.join(council).join("council.yaml");
    let mut config = std::fs::read_to_string(&config_file).unwrap();
    config.push_str("numbering:\n  sections: \"1\"\n  paragraphs: \"a)\"\n");
    std::fs::write(&config_file, config).unwrap();
    let out = temp.path().join("out");
    build_with_templates(meeting, &out, &templates);
    out
}
