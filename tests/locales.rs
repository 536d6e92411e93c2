//! Wording that follows the meeting's language comes from the locale files
//! (`report-templates/base/locales/<lang>.yaml`), not from the code: a Welsh meeting's forward
//! plan, site index and PDF properties are Welsh, and a council that rewords its locale sees
//! its own footer in the papers.

mod support;
use std::path::{Path, PathBuf};
use support::*;

/// The `minimal` meeting in Welsh, with its report 2 a key decision (so the forward plan lists
/// it); the scratch folder and the meeting.
fn welsh_meeting() -> (tempfile::TempDir, PathBuf) {
    let (temp, meeting) = scratch_meeting("minimal");
    edit(
        &meeting.join("meeting.yaml"),
        "jurisdiction: england\n",
        "jurisdiction: england\nlang: cy\n",
    );
    edit(
        &meeting.join("reports/plan-report.yaml"),
        "decision: non-key\n",
        "decision: key\nkey_decision_notice: 2015-10-20\n",
    );
    (temp, meeting)
}

/// A PDF's document property `field` (`Subject`, `Keywords`), as poppler's pdfinfo prints it.
fn pdf_property(pdf: &Path, field: &str) -> String {
    let output = std::process::Command::new("pdfinfo")
        .arg(pdf)
        .output()
        .expect("pdfinfo (poppler-utils) must be installed");
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .find_map(|line| line.strip_prefix(&format!("{field}:")))
        .unwrap_or_default()
        .trim()
        .to_string()
}

#[test]
fn a_welsh_meetings_forward_plan_and_site_index_print_welsh_dates() {
    let (_temp, meeting) = welsh_meeting();
    // Outputs apart from the data folder, which the plan reads.
    let outputs = tempfile::tempdir().unwrap();
    let plan = outputs.path().join("plan");
    let output = reportpack(&[
        "plan",
        meeting.parent().unwrap().to_str().unwrap(),
        "--out",
        plan.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let html = std::fs::read_to_string(plan.join("lancaster.html")).unwrap();
    assert!(html.contains("1 Rhagfyr 2015"), "the decision's date");
    assert!(html.contains("20 Hydref 2015"), "the notice's date");
    assert!(!html.contains("December") && !html.contains("October"));
    assert_eq!(
        pdf_property(&plan.join("lancaster.pdf"), "Keywords"),
        "blaengynllun, penderfyniadau allweddol"
    );

    let site = outputs.path().join("site");
    build_into(&meeting, &site.join("minimal"), &[]);
    let templates = Path::new(env!("CARGO_MANIFEST_DIR")).join("report-templates");
    reportpack::publish::build_site(&site, &templates, "").unwrap();
    let index = std::fs::read_to_string(site.join("index.html")).unwrap();
    assert!(index.contains("Dydd Mawrth 1 Rhagfyr 2015"), "{index}");
    assert!(!index.contains("Tuesday") && !index.contains("December"));
}

#[test]
fn a_welsh_items_pdf_properties_are_welsh() {
    let (temp, meeting) = welsh_meeting();
    let out = temp.path().join("out");
    build_into(&meeting, &out, &[]);
    let item = out.join("items/02-test-action-plan.pdf");
    assert_eq!(
        pdf_property(&item, "Subject"),
        "Cabinet, 1 Rhagfyr 2015: eitem 2"
    );
    assert_eq!(
        pdf_property(&item, "Keywords"),
        "Cabinet, agenda, adroddiad pwyllgor"
    );
}

#[test]
fn the_footer_and_pdf_properties_are_worded_by_the_locale_file() {
    let (temp, meeting) = scratch_meeting("minimal");
    let templates = copy_templates(&temp.path().join("report-templates"));
    let english = templates.join("base/locales/en.yaml");
    edit(
        &english,
        "footer: \"{committee}, {date}\"",
        "footer: \"{committee} meeting of {date}\"",
    );
    edit(
        &english,
        "item_subject: \"{footer}: item {number}\"",
        "item_subject: \"Report {number} to {footer}\"",
    );
    let out = temp.path().join("out");
    build_with_templates(&meeting, &out, &templates);
    let item = out.join("items/02-test-action-plan.pdf");
    assert!(pdftotext(&item, &[]).contains("Cabinet meeting of 1 December 2015"));
    assert_eq!(
        pdf_property(&item, "Subject"),
        "Report 2 to Cabinet meeting of 1 December 2015"
    );
}
