//! The web pages: structure a screen reader relies on, and exempt business kept out of public view.

mod support;
use support::*;

fn build_minimal() -> (tempfile::TempDir, std::path::PathBuf) {
    let (temp, meeting) = scratch_meeting("minimal");
    let out = temp.path().join("out");
    build_into(&meeting, &out, &["--format", "html"]);
    (temp, out)
}

fn headings(html: &str) -> Vec<u8> {
    html.match_indices("<h")
        .filter_map(|(i, _)| html[i + 2..].chars().next()?.to_digit(10).map(|d| d as u8))
        .collect()
}

#[test]
fn every_page_has_language_one_h1_and_no_skipped_heading_level() {
    let (_temp, out) = build_minimal();
    for page in [
        "index.html",
        "items/02-test-action-plan.html",
        "private/items/03-acquisition-of-land-at-example-street.html",
    ] {
        let html = std::fs::read_to_string(paper(&out, page)).unwrap();
        assert!(html.contains("<html lang=\"en-GB\">"), "{page}");
        let levels = headings(&html);
        assert_eq!(
            levels.iter().filter(|l| **l == 1).count(),
            1,
            "{page}: one h1, got {levels:?}"
        );
        assert_eq!(levels[0], 1, "{page}: first heading is h1");
        for pair in levels.windows(2) {
            assert!(
                pair[1] <= pair[0] + 1,
                "{page}: heading level skipped in {levels:?}"
            );
        }
    }
}

#[test]
fn report_page_has_key_decision_box_and_action_plan_table() {
    let (_temp, out) = build_minimal();
    let html = std::fs::read_to_string(out.join("items/02-test-action-plan.html")).unwrap();
    assert!(html.contains("<div class=\"box\">"));
    assert!(html.contains("aria-label=\"Non-Key Decision: yes\""));
    assert!(html.contains("aria-label=\"Key Decision: no\""));
    assert!(html.contains("<th scope=\"col\">When (Dec 15)</th>"));
    assert!(
        html.contains("<th scope=\"col\">Update Nov 2015</th>"),
        "update column as of the meeting"
    );
    assert!(html.contains("<tr class=\"section-row\"><th scope=\"rowgroup\" colspan=\"6\">CONTEXT + PRIORITIES</th></tr>"));
    assert!(
        html.contains("class=\"rag-amber\">Amber</td>"),
        "RAG status is text, not colour alone"
    );
    let text = visible_text(&html);
    for sentence in [
        "PURPOSE OF REPORT To approve the test action plan.",
        "1.0 Introduction 1.1 The first paragraph of the introduction.",
        "1.2 A paragraph with a list first point second point",
        "a) to agree, or b) not to agree.",
    ] {
        assert!(text.contains(sentence), "missing {sentence:?} in {text}");
    }
    for tag in html.match_indices("<th").map(|(i, _)| &html[i..i + 20]) {
        assert!(
            tag.starts_with("<th scope=") || tag.starts_with("<thead"),
            "th without scope: {tag}"
        );
    }
}

#[test]
fn exempt_report_is_only_in_the_private_pages() {
    let (_temp, out) = build_minimal();
    let secret = "confidential purchase of the Example Street site";
    let public =
        std::fs::read_to_string(out.join("items/03-acquisition-of-land-at-example-street.html"))
            .unwrap();
    assert!(!public.contains(secret));
    assert!(public.contains("exempt information under paragraph 3 of Part 1 of Schedule 12A"));
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(!index.contains(secret));
    assert!(
        index.contains("Acquisition of Land at Example Street"),
        "the agenda lists the exempt item's title"
    );
    let private = std::fs::read_to_string(paper(
        &out,
        "private/items/03-acquisition-of-land-at-example-street.html",
    ))
    .unwrap();
    assert!(private.contains(secret));
    assert!(private.contains("NOT FOR PUBLICATION"));
}

#[test]
fn every_template_page_reads_back_as_blocks() {
    let (_temp, out) = build_minimal();
    for page in [
        "index.html",
        "items/02-test-action-plan.html",
        "items/03-acquisition-of-land-at-example-street.html",
        "private/index.html",
    ] {
        let html = std::fs::read_to_string(paper(&out, page)).unwrap();
        let doc = reportpack::layout::markup::parse_page(&html)
            .unwrap_or_else(|e| panic!("{page}: {e:#}"));
        assert!(!doc.sections.is_empty(), "{page}");
    }
}
