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
    assert!(html.contains("<th scope=\"col\" role=\"columnheader\">When (Dec 15)</th>"));
    assert!(
        html.contains("<th scope=\"col\" role=\"columnheader\">Update Nov 2015</th>"),
        "update column as of the meeting"
    );
    assert!(html.contains("<tr class=\"section-row\" role=\"row\"><th scope=\"rowgroup\" role=\"rowheader\" colspan=\"6\">CONTEXT + PRIORITIES</th></tr>"));
    // Each section row heads a row group of its own: the rows under it, up to the next.
    let plan = html.split("<table class=\"action-plan").nth(1).unwrap();
    let plan = plan.split("</table>").next().unwrap();
    let sections = plan.matches("scope=\"rowgroup\"").count();
    assert!(sections >= 1);
    for group in plan.split("<tbody").skip(1) {
        let group = group.split("</tbody>").next().unwrap();
        assert!(
            group.matches("scope=\"rowgroup\"").count() <= 1,
            "two sections in one row group"
        );
    }
    assert_eq!(plan.matches("<tbody").count(), sections);
    assert!(
        html.contains(
            "class=\"rag-amber\" data-fill=\"#fff2cc\" style=\"background: #fff2cc\">Amber</td>"
        ),
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

#[test]
fn wide_tables_stack_at_narrow_widths_with_every_cell_labelled_by_its_heading() {
    let (_temp, out) = build_minimal();
    let html = std::fs::read_to_string(out.join("items/02-test-action-plan.html")).unwrap();
    let plan = html
        .split("<table class=\"action-plan stack\"")
        .nth(1)
        .expect("the action plan is a stacking table")
        .split("</table>")
        .next()
        .unwrap();
    let cells = plan.matches("<td").count();
    assert!(cells > 0);
    assert_eq!(
        plan.matches("<td role=\"cell\" data-label=\"").count(),
        cells,
        "a cell without its column's heading"
    );
    assert!(plan.contains("data-label=\"When (Dec 15)\""));
    let css = html.split("<style>").nth(1).unwrap();
    assert!(css.contains("td[data-label]::before { content: attr(data-label)"));
}

#[test]
fn the_private_marking_sits_in_the_banner_landmark() {
    let (_temp, out) = build_minimal();
    let html = std::fs::read_to_string(paper(
        &out,
        "private/items/03-acquisition-of-land-at-example-street.html",
    ))
    .unwrap();
    let banner = html
        .split("<header class=\"site-header\">")
        .nth(1)
        .unwrap()
        .split("</header>")
        .next()
        .unwrap();
    assert!(banner.contains("NOT FOR PUBLICATION"));
    let outside = html.split("</header>").nth(1).unwrap();
    let before_main = outside.split("<main").next().unwrap();
    assert!(
        !before_main.contains("NOT FOR PUBLICATION"),
        "outside every landmark"
    );
}

#[test]
fn every_section_of_an_example_plan_heads_its_own_row_group() {
    let temp = tempfile::tempdir().unwrap();
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    copy_dir(&data, &temp.path().join("data"));
    let out = temp.path().join("out");
    build_into(
        &temp
            .path()
            .join("data/lancaster-overview-scrutiny-2017-03-08"),
        &out,
        &["--format", "html"],
    );
    let html =
        std::fs::read_to_string(out.join("items/05-lga-peer-review-2015-update.html")).unwrap();
    let plan = html.split("<table class=\"action-plan").nth(1).unwrap();
    let plan = plan.split("</table>").next().unwrap();
    let groups: Vec<&str> = plan.split("<tbody").skip(1).collect();
    assert!(groups.len() >= 3, "{} row groups", groups.len());
    for group in groups {
        let group = group.split("</tbody>").next().unwrap();
        assert_eq!(group.matches("scope=\"rowgroup\"").count(), 1, "{group}");
        assert!(group.contains("<td"), "a section heading no rows");
    }
}

#[test]
fn an_item_page_that_shows_the_pack_links_it_with_its_size_and_length() {
    // Item pages that show only their own PDF are made while the packs are still being written;
    // a house style whose item pages show the pack must still get the written pack's figures.
    let (temp, meeting) = scratch_meeting("minimal");
    let templates = copy_templates(&temp.path().join("templates"));
    edit(
        &templates.join("lancaster/report.html"),
        "{% endblock report %}",
        "{% if target == \"html\" and meeting.pack %}<p id=\"whole-pack\">Whole pack: {{ meeting.pack.href }}, {{ meeting.pack.size }}, {{ meeting.pack.pages }} pages</p>{% endif %}\n{% endblock report %}",
    );
    let out = temp.path().join("out");
    build_with_templates(&meeting, &out, &templates);
    let pack = paper(&out, "pack.pdf");
    let bytes = std::fs::metadata(&pack).unwrap().len() as usize;
    let pages = pdf_pages(&pack).len();
    let html = std::fs::read_to_string(paper(&out, "items/02-test-action-plan.html")).unwrap();
    let shown = html
        .split("<p id=\"whole-pack\">")
        .nth(1)
        .and_then(|rest| rest.split("</p>").next())
        .expect("the item page shows the pack");
    let size = reportpack::view::DocumentLink::new("pack.pdf", bytes, pages).size;
    assert_eq!(
        shown,
        format!("Whole pack: pack.pdf, {size}, {pages} pages")
    );
}
