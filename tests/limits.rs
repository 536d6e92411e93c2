//! Input that is valid but extreme is laid out, not refused and not blown up: a code block keeps
//! its lines, a very long link costs its length once, and what `check` accepts `build` builds.

mod support;
use support::*;

const ITEM_PDF: &str = "items/02-test-action-plan.pdf";

#[test]
fn a_markdown_code_block_is_laid_out_with_its_lines_and_indentation() {
    let (temp, meeting) = scratch_meeting("minimal");
    edit(
        &meeting.join("reports/plan-report.yaml"),
        "      - The first paragraph of the introduction.\n",
        "      - |-\n        Run this:\n\n            if ready {\n                publish();\n            }\n\n        Then wait.\n",
    );
    let check = reportpack(&["check", meeting.to_str().unwrap()]);
    assert!(check.status.success(), "{}", stderr(&check));
    let out = temp.path().join("out");
    build_into(&meeting, &out, &[]);
    let text = pdftotext(&paper(&out, ITEM_PDF), &["-layout"]);
    let lines: Vec<&str> = text.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.trim() == "if ready {")
        .unwrap_or_else(|| panic!("the code's first line stands alone:\n{text}"));
    let indent = |line: &str| line.len() - line.trim_start().len();
    assert_eq!(lines[at + 1].trim(), "publish();", "{text}");
    assert!(
        indent(lines[at + 1]) > indent(lines[at]),
        "the second line keeps its indentation:\n{text}"
    );
    assert_eq!(lines[at + 2].trim(), "}");
    assert_eq!(indent(lines[at + 2]), indent(lines[at]));
}

#[test]
fn a_very_long_email_address_costs_its_length_once() {
    let (temp, meeting) = scratch_meeting("minimal");
    let long = format!("{}@lancaster.gov.uk", "a".repeat(30_000));
    edit(
        &meeting.join("reports/plan-report.yaml"),
        "email: dchambers@lancaster.gov.uk",
        &format!("email: {long}"),
    );
    let out = temp.path().join("out");
    build_into(&meeting, &out, &[]);
    // Each of the ~700 lines the address wraps onto carried its own copy: 44 MB.
    let size = std::fs::metadata(paper(&out, ITEM_PDF)).unwrap().len();
    assert!(size < 2_000_000, "the report's PDF is {size} bytes");
    assert!(pdftotext(&paper(&out, ITEM_PDF), &[]).contains("aaaaaaaaaa"));
}

#[test]
fn what_build_cannot_render_check_refuses_too() {
    // A house style whose report template uses markup the PDF cannot lay out: only rendering
    // finds it, so `check` must render as `build` does.
    let (temp, meeting) = scratch_meeting("minimal");
    let templates = copy_templates(&temp.path().join("templates"));
    edit(
        &templates.join("lancaster/report.html"),
        "<p class=\"strong\">{{ report.date }}</p>",
        "<p class=\"strong\">{{ report.date }}</p><marquee>news</marquee>",
    );
    let templates = templates.to_str().unwrap();
    let out = temp.path().join("out");
    let build = run_build(&meeting, &out, &["--templates", templates]);
    assert!(!build.status.success(), "build refuses the template");
    let check = reportpack(&["check", meeting.to_str().unwrap(), "--templates", templates]);
    let printed = format!(
        "{}{}",
        String::from_utf8_lossy(&check.stdout),
        stderr(&check)
    );
    assert!(
        !check.status.success(),
        "check must refuse what build refuses:\n{printed}"
    );
    assert!(printed.contains("<marquee>"), "{printed}");
}
