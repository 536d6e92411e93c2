//! Language of parts: a Welsh section, recommendations, appendix or inline passage is marked as
//! Welsh in the web page (`lang`) and in the PDF's structure (`/Lang` on its elements), so a
//! screen reader speaks it with a Welsh voice.

mod support;
use support::*;

/// Structure elements of a PDF with their role and /Lang, in no particular order.
fn languages(pdf: &std::path::Path) -> Vec<(String, String)> {
    let doc = lopdf::Document::load(pdf).unwrap();
    doc.objects
        .values()
        .filter_map(|object| object.as_dict().ok())
        .filter(|dict| dict.get(b"Type").and_then(|t| t.as_name()).ok() == Some(b"StructElem"))
        .filter_map(|dict| {
            let role = dict.get(b"S").ok()?.as_name().ok()?;
            let lang = dict.get(b"Lang").ok()?.as_str().ok()?;
            Some((
                String::from_utf8_lossy(role).into_owned(),
                String::from_utf8_lossy(lang).into_owned(),
            ))
        })
        .collect()
}

#[test]
fn welsh_parts_are_marked_welsh_in_both_outputs() {
    let (temp, meeting) = scratch_meeting("minimal");
    let report = meeting.join("reports/plan-report.yaml");
    edit(
        &report,
        "  - title: Introduction\n",
        "  - title: Introduction\n    lang: cy\n",
    );
    edit(
        &report,
        "      - That Cabinet approves the plan at **Appendix A**.",
        "      - That Cabinet approves the plan at **Appendix A**. [Diolch yn fawr.](lang:cy)",
    );
    let out = temp.path().join("out");
    build_into(&meeting, &out, &[]);
    let html = std::fs::read_to_string(out.join("items/02-test-action-plan.html")).unwrap();
    assert!(
        html.contains("<span lang=\"cy\">Diolch yn fawr.</span>"),
        "inline passage"
    );
    let section = html
        .split("<div lang=\"cy\">")
        .nth(1)
        .expect("the section is marked");
    assert!(
        section
            .trim_start()
            .starts_with("<h2>1.0 Introduction</h2>"),
        "{section}"
    );
    let tagged = languages(&out.join("items/02-test-action-plan.pdf"));
    let welsh: Vec<&String> = tagged
        .iter()
        .filter(|(_, lang)| lang == "cy")
        .map(|(role, _)| role)
        .collect();
    assert!(
        welsh.iter().any(|r| *r == "H2"),
        "the section heading: {tagged:?}"
    );
    assert!(
        welsh.iter().filter(|r| **r == "P").count() >= 1,
        "{tagged:?}"
    );
    assert!(
        tagged.iter().all(|(_, lang)| lang == "cy"),
        "only the Welsh parts carry a language of their own: {tagged:?}"
    );
}

#[test]
fn a_language_that_is_not_a_tag_is_an_error_at_its_line() {
    let (_temp, meeting) = scratch_meeting("minimal");
    let report = meeting.join("reports/plan-report.yaml");
    edit(
        &report,
        "  - title: Introduction\n",
        "  - title: Introduction\n    lang: Welsh language\n",
    );
    let (ok, printed) = check(&meeting);
    assert!(!ok);
    let line = std::fs::read_to_string(&report)
        .unwrap()
        .lines()
        .position(|l| l.contains("lang: Welsh language"))
        .unwrap()
        + 1;
    assert!(
        printed.contains(&format!("plan-report.yaml:{line}:11: error: sections.lang: \"Welsh language\" is not a language tag")),
        "{printed}"
    );
}

#[test]
fn a_welsh_meeting_prints_welsh_dates_and_page_numbers_in_both_outputs() {
    let (temp, meeting) = scratch_meeting("minimal");
    edit(
        &meeting.join("meeting.yaml"),
        "jurisdiction: england\n",
        "jurisdiction: england\nlang: cy\n",
    );
    let out = temp.path().join("out");
    build_into(&meeting, &out, &[]);
    let index = visible_text(&std::fs::read_to_string(out.join("index.html")).unwrap());
    assert!(index.contains("Dydd Mawrth 1 Rhagfyr 2015"), "{index}");
    assert!(
        index.contains("20 Tachwedd 2015"),
        "the publication date: {index}"
    );
    let pack = pdf_pages(&out.join("pack.pdf"));
    let words = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        words(&pack[0]).contains("Dydd Mawrth 1 Rhagfyr 2015"),
        "{}",
        pack[0]
    );
    for (number, page) in pack.iter().enumerate() {
        let label = format!("Tudalen {} o {}", number + 1, pack.len());
        assert!(words(page).contains(&label), "page {}: {page}", number + 1);
        assert!(
            words(page).contains("Cabinet, 1 Rhagfyr 2015"),
            "the running footer"
        );
    }
    let report =
        visible_text(&std::fs::read_to_string(out.join("items/02-test-action-plan.html")).unwrap());
    assert!(
        report.contains("1 Rhagfyr 2015") && !report.contains("December"),
        "{report}"
    );
}
