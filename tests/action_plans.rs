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

fn item_pdf_text(out: &Path) -> String {
    pdftotext(&out.join("items/02-test-action-plan.pdf"), &["-raw"])
}

/// An update round: its column heading and the update it gives in the test plan.
const MAY: (&str, &str) = ("Update May 2015", "Scoping agreed in May.");
const NOV: (&str, &str) = ("Update Nov 2015", "Options being developed.");

/// The item's plan shows the round `shown` (its column and its update) and not `hidden`.
fn shows_only_round(out: &Path, shown: (&str, &str), hidden: (&str, &str)) {
    let headers = plan_headers(out);
    assert!(headers.iter().any(|h| h == shown.0), "{headers:?}");
    assert!(!headers.iter().any(|h| h == hidden.0), "{headers:?}");
    let text = item_pdf_text(out);
    assert!(text.contains(shown.1), "{text}");
    assert!(!text.contains(hidden.1), "{text}");
}

#[test]
fn the_latest_round_is_shown_by_default() {
    let (temp, meeting) = two_rounds();
    let out = temp.path().join("out");
    build_into(&meeting, &out, &[]);
    shows_only_round(&out, NOV, MAY);
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
    shows_only_round(&out, MAY, NOV);
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
        "{}:{line}:33: warning: update_rounds: the round \"Update Dec 2015\" is dated 2015-12-31, after the meeting on 2015-12-01: not shown",
        plan.display()
    );
    assert!(printed.contains(&want), "want {want} in:\n{printed}");
}

/// The status cell of each action row in the item page: (class, style, words).
fn status_cells(out: &Path) -> Vec<String> {
    let page = std::fs::read_to_string(out.join("items/02-test-action-plan.html")).unwrap();
    page.split("<td role=\"cell\" data-label=\"Status\"")
        .skip(1)
        .map(|cell| cell.split("</td>").next().unwrap().to_string())
        .collect()
}

#[test]
fn statuses_are_accepted_as_councils_write_them_and_printed_in_words() {
    for written in ["G", "green", "Green", "GREEN"] {
        let (temp, meeting) = scratch_meeting("minimal");
        edit(
            &meeting.join("reports/plan.yaml"),
            "status: amber",
            &format!("status: {written}"),
        );
        let out = temp.path().join("out");
        build_into(&meeting, &out, &[]);
        let cells = status_cells(&out);
        assert_eq!(
            cells,
            [" class=\"rag-green\" data-fill=\"#d4ecd8\" style=\"background: #d4ecd8\">Green"],
            "{written}"
        );
        let text = item_pdf_text(&out);
        assert!(text.contains("Green"), "{written}: {text}");
    }
}

#[test]
fn blue_is_the_base_scale_complete() {
    let (temp, meeting) = scratch_meeting("minimal");
    edit(
        &meeting.join("reports/plan.yaml"),
        "status: amber",
        "status: Blue",
    );
    let out = temp.path().join("out");
    build_into(&meeting, &out, &[]);
    assert_eq!(
        status_cells(&out),
        [" class=\"rag-complete\" data-fill=\"#d2e2f1\" style=\"background: #d2e2f1\">Complete"]
    );
}

/// A council's own scale in council.yaml: its labels and colours are printed, its aliases
/// accepted, and the base spellings it does not list refused.
#[test]
fn a_council_sets_its_own_scale() {
    let (temp, meeting) = scratch_meeting("minimal");
    let templates = copy_templates(&temp.path().join("templates"));
    let config = templates.join("lancaster/council.yaml");
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str(
        "statuses:\n  - {key: off-track, label: Off track, colour: \"#f6d7d2\", aliases: [R]}\n  - {key: on-track, label: On track, colour: \"#d4ecd8\", aliases: [G, Green]}\n  - {key: done, label: Done, colour: \"#cfe2f3\", aliases: [Blue]}\n",
    );
    std::fs::write(&config, text).unwrap();
    let plan = meeting.join("reports/plan.yaml");
    edit(&plan, "status: amber", "status: blue");
    let out = temp.path().join("out");
    build_with_templates(&meeting, &out, &templates);
    assert_eq!(
        status_cells(&out),
        [" class=\"rag-done\" data-fill=\"#cfe2f3\" style=\"background: #cfe2f3\">Done"]
    );
    assert!(item_pdf_text(&out).contains("Done"));

    edit(&plan, "status: blue", "status: amber");
    let output = reportpack(&[
        "check",
        meeting.to_str().unwrap(),
        "--templates",
        templates.to_str().unwrap(),
    ]);
    let printed = printed(&output);
    assert!(!output.status.success(), "{printed}");
    assert!(
        printed.contains("write one of: off-track (R), on-track (G, Green), done (Blue)"),
        "{printed}"
    );
}

#[test]
fn an_unknown_status_is_an_error_at_its_line_listing_the_spellings() {
    let (_temp, meeting) = scratch_meeting("minimal");
    let plan = meeting.join("reports/plan.yaml");
    edit(&plan, "status: amber", "status: Purple");
    let output = reportpack(&["check", meeting.to_str().unwrap()]);
    let printed = printed(&output);
    assert!(!output.status.success(), "{printed}");
    let source = std::fs::read_to_string(&plan).unwrap();
    let line = source.lines().position(|l| l.contains("Purple")).unwrap() + 1;
    let want = format!(
        "{}:{line}:13: error: rows[1].status: \"Purple\" is not a status of this council's scale",
        plan.display()
    );
    assert!(printed.contains(&want), "want {want} in:\n{printed}");
    assert!(
        printed.contains("write one of: red (R), amber (A), green (G), complete (Blue, B, Completed, Done), not-started (any case)"),
        "{printed}"
    );
}

#[test]
fn a_spreadsheet_takes_the_same_spellings_and_names_a_bad_cell() {
    let (temp, meeting) = scratch_meeting("spreadsheet");
    let csv = meeting.join("reports/plan.csv");
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(text.contains(",Green,"));
    std::fs::write(&csv, text.replacen(",Green,", ",G,", 1)).unwrap();
    let out = temp.path().join("out");
    build_into(&meeting, &out, &[]);
    let text = std::fs::read_to_string(&csv).unwrap();
    std::fs::write(&csv, text.replacen(",G,", ",Purple,", 1)).unwrap();
    let output = reportpack(&["check", meeting.to_str().unwrap()]);
    let printed = printed(&output);
    assert!(!output.status.success(), "{printed}");
    assert!(
        printed.contains(
            "plan.csv: error: row 3, column F: rows[1].status: \"Purple\" is not a status"
        ),
        "{printed}"
    );
}

/// The minimal meeting's report with a text appendix B written in the report.
fn with_text_appendix() -> (tempfile::TempDir, PathBuf) {
    let (temp, meeting) = scratch_meeting("minimal");
    edit(
        &meeting.join("reports/plan-report.yaml"),
        "    action_plan: plan.yaml\n",
        "    action_plan: plan.yaml\n  - label: B\n    title: Consultees\n    content:\n      - heading: Who was asked\n      - The Friends of Williamson Park were consulted in October.\n      - bullets: [Lancaster Civic Society, Morecambe Bay Partnership]\n",
    );
    (temp, meeting)
}

/// How many structure elements of each heading level (`H2`...) a PDF has.
fn heading_tags(pdf: &Path) -> std::collections::BTreeMap<String, usize> {
    let doc = lopdf::Document::load(pdf).unwrap();
    let mut counts = std::collections::BTreeMap::new();
    for dict in doc.objects.values().filter_map(|o| o.as_dict().ok()) {
        if let Ok(tag) = dict.get(b"S").and_then(|s| s.as_name()) {
            let tag = String::from_utf8_lossy(tag).into_owned();
            if tag.len() == 2 && tag.starts_with('H') {
                *counts.entry(tag).or_insert(0) += 1;
            }
        }
    }
    counts
}

fn pdf_bookmarks(pdf: &Path) -> String {
    let output = std::process::Command::new("qpdf")
        .args(["--json", "--json-key=outlines"])
        .arg(pdf)
        .output()
        .expect("qpdf must be installed");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn a_text_appendix_is_laid_out_like_a_section_in_the_page_the_pdf_and_the_pack() {
    let (temp, meeting) = with_text_appendix();
    let out = temp.path().join("out");
    build_into(&meeting, &out, &[]);
    let (plain_temp, plain_meeting) = scratch_meeting("minimal");
    let plain = plain_temp.path().join("out");
    build_into(&plain_meeting, &plain, &[]);
    let page = std::fs::read_to_string(out.join("items/02-test-action-plan.html")).unwrap();
    assert!(
        page.contains("<h2 id=\"item-2-appendix-b\">Appendix B: Consultees</h2>"),
        "{page}"
    );
    assert!(page.contains("<h3>Who was asked</h3>"), "{page}");
    assert!(
        page.contains("<li>Morecambe Bay Partnership</li>"),
        "{page}"
    );
    // The report's list of appendices links to it.
    assert!(
        page.contains("<a href=\"#item-2-appendix-b\">Appendix B</a>"),
        "{page}"
    );
    for pdf in ["items/02-test-action-plan.pdf", "pack.pdf"] {
        let text = pdftotext(&out.join(pdf), &["-raw"]);
        assert!(text.contains("Appendix B: Consultees"), "{pdf}: {text}");
        assert!(
            text.contains("The Friends of Williamson Park were consulted in October."),
            "{pdf}: {text}"
        );
        assert!(text.contains("Morecambe Bay Partnership"), "{pdf}: {text}");
        // Its heading and sub-heading are tagged: one H2 and one H3 more than without it.
        let (with, without) = (heading_tags(&out.join(pdf)), heading_tags(&plain.join(pdf)));
        assert_eq!(with["H2"], without["H2"] + 1, "{pdf}: {with:?} {without:?}");
        assert_eq!(
            with.get("H3").copied().unwrap_or(0),
            without.get("H3").copied().unwrap_or(0) + 1,
            "{pdf}"
        );
        let bookmarks = pdf_bookmarks(&out.join(pdf));
        assert!(
            bookmarks.contains("\"title\": \"Appendix B: Consultees\""),
            "{pdf}: {bookmarks}"
        );
    }
}

#[test]
fn an_appendix_with_content_and_a_plan_is_an_error_at_its_label() {
    let (_temp, meeting) = with_text_appendix();
    let report = meeting.join("reports/plan-report.yaml");
    edit(
        &report,
        "    title: Consultees\n",
        "    title: Consultees\n    action_plan: plan.yaml\n",
    );
    let output = reportpack(&["check", meeting.to_str().unwrap()]);
    let printed = printed(&output);
    assert!(!output.status.success(), "{printed}");
    let source = std::fs::read_to_string(&report).unwrap();
    let line = source.lines().position(|l| l.contains("label: B")).unwrap() + 1;
    let want = format!(
        "{}:{line}:12: error: appendices: appendix B has both `content` and `action_plan`",
        report.display()
    );
    assert!(printed.contains(&want), "want {want} in:\n{printed}");
}

/// The minimal meeting's plan with four actions over two rounds (statuses recorded at May's
/// round in the updates), showing every round and the picture of progress.
fn with_progress() -> (tempfile::TempDir, PathBuf) {
    let (temp, meeting) = two_rounds();
    edit(
        &meeting.join("reports/plan.yaml"),
        "      - {date: 2015-05-31, text: Scoping agreed in May.}",
        "      - {date: 2015-05-31, text: Scoping agreed in May., status: red}",
    );
    let mut plan = std::fs::read_to_string(meeting.join("reports/plan.yaml")).unwrap();
    plan.push_str(
        "  - cells: {what: Agree budget, how: Consult, when: By March 2016, lead: CE}\n    status: green\n    updates: [{date: 2015-05-31, text: Started., status: A}]\n  - cells: {what: Review staffing, how: Benchmark, when: By June 2016, lead: HR}\n    status: complete\n    updates: [{date: 2015-05-31, text: Started., status: amber}]\n  - cells: {what: New website, how: Procure, when: By 2017, lead: DS}\n    status: not-started\n",
    );
    std::fs::write(meeting.join("reports/plan.yaml"), plan).unwrap();
    choose_rounds(&meeting, "all\n    progress: true");
    (temp, meeting)
}

const PROGRESS_ALT: &str = "Bar chart of the actions' statuses at each update round. Update May 2015: Red 1, Amber 2. Update Nov 2015: Amber 1, Green 1, Complete 1, Not started 1.";

/// Every /Alt of a /Figure structure element in a PDF.
fn figure_alts(pdf: &Path) -> Vec<String> {
    let doc = lopdf::Document::load(pdf).unwrap();
    doc.objects
        .values()
        .filter_map(|object| object.as_dict().ok())
        .filter(|dict| dict.get(b"S").and_then(|s| s.as_name()).ok() == Some(b"Figure"))
        .filter_map(|dict| dict.get(b"Alt").ok())
        .filter_map(|alt| alt.as_str().ok())
        .map(|alt| String::from_utf8_lossy(alt).into_owned())
        .collect()
}

#[test]
fn the_picture_of_progress_is_a_figure_with_alt_text_and_a_table_in_the_page() {
    let (temp, meeting) = with_progress();
    let out = temp.path().join("out");
    build_into(&meeting, &out, &[]);
    let page = std::fs::read_to_string(out.join("items/02-test-action-plan.html")).unwrap();
    let figure = page
        .split("<figure class=\"progress-chart\">")
        .nth(1)
        .expect("a progress figure")
        .split("</figure>")
        .next()
        .unwrap();
    assert!(
        figure.contains("<svg role=\"img\" aria-labelledby=\"chart-2-appendix-a\""),
        "{figure}"
    );
    let alt_html = PROGRESS_ALT.replace('\'', "&#x27;");
    assert!(
        figure.contains(&format!(
            "<title id=\"chart-2-appendix-a\">{alt_html}</title>"
        )),
        "{figure}"
    );
    // Bars take the scale's colours and say their status in words.
    assert_eq!(figure.matches("<rect ").count(), 6, "{figure}");
    assert!(figure.contains("fill=\"#f6d7d2\""), "{figure}");
    assert!(figure.contains(">Red 1</text>"), "{figure}");
    // The same figures as a table with real headers.
    let table = page
        .split("<table class=\"progress\"")
        .nth(1)
        .expect("a progress table");
    assert!(table.contains("<th scope=\"col\" role=\"columnheader\">Update round</th><th scope=\"col\" role=\"columnheader\">Red</th><th scope=\"col\" role=\"columnheader\">Amber</th>"), "{table}");
    assert!(table.contains("<th scope=\"row\" role=\"rowheader\">Update May 2015</th><td role=\"cell\" data-label=\"Red\">1</td><td role=\"cell\" data-label=\"Amber\">2</td><td role=\"cell\" data-label=\"Green\">0</td>"), "{table}");
}

#[test]
fn the_picture_of_progress_is_drawn_in_the_pdf_as_a_tagged_figure() {
    let (temp, meeting) = with_progress();
    let out = temp.path().join("out");
    build_into(&meeting, &out, &[]);
    for pdf in ["items/02-test-action-plan.pdf", "pack.pdf"] {
        let file = out.join(pdf);
        assert!(
            figure_alts(&file).contains(&PROGRESS_ALT.to_string()),
            "{pdf}: {:?}",
            figure_alts(&file)
        );
        let text = pdftotext(&file, &["-raw"]);
        assert!(
            text.contains("Update May 2015 Red 1 Amber 2"),
            "{pdf}: {text}"
        );
        assert!(
            text.contains("Update Nov 2015 0 1 1 1 1 4"),
            "{pdf}: {text}"
        );
    }
    // The bars are filled rectangles in the page's drawing: the scale's red (#f6d7d2) as a
    // fill colour next to a rectangle.
    let doc = lopdf::Document::load(out.join("items/02-test-action-plan.pdf")).unwrap();
    let last = *doc.get_pages().keys().last().unwrap();
    let content =
        String::from_utf8_lossy(&doc.get_page_content(doc.get_pages()[&last])).into_owned();
    assert!(
        content.contains("0.965 0.843 0.824 rg")
            || content.contains("0.9647059 0.84313726 0.8235294 rg"),
        "no red fill on the chart's page"
    );
}

#[test]
fn without_progress_there_is_no_chart() {
    let (temp, meeting) = with_progress();
    edit(
        &meeting.join("reports/plan-report.yaml"),
        "    progress: true\n",
        "",
    );
    let out = temp.path().join("out");
    build_into(&meeting, &out, &[]);
    let page = std::fs::read_to_string(out.join("items/02-test-action-plan.html")).unwrap();
    assert!(!page.contains("progress-chart"));
    assert!(figure_alts(&out.join("items/02-test-action-plan.pdf"))
        .iter()
        .all(|a| !a.contains("Bar chart")));
}

/// A round dated after the meeting that the report names is shown, and `check` still says so.
#[test]
fn a_named_round_dated_after_the_meeting_is_shown_with_a_warning() {
    let (temp, meeting) = scratch_meeting("minimal");
    let plan = meeting.join("reports/plan.yaml");
    edit(
        &plan,
        "  - {date: 2015-11-30, heading: Update Nov 2015}",
        "  - {date: 2015-11-30, heading: Update Nov 2015}\n  - {date: 2015-12-31, heading: Update Dec 2015}",
    );
    choose_rounds(&meeting, "[Update Nov 2015, Update Dec 2015]");
    let output = reportpack(&["check", meeting.to_str().unwrap()]);
    let printed = printed(&output);
    assert!(output.status.success(), "{printed}");
    assert!(
        printed.contains("the round \"Update Dec 2015\" is dated 2015-12-31, after the meeting on 2015-12-01: shown because the report names it"),
        "{printed}"
    );
    let out = temp.path().join("out");
    build_into(&meeting, &out, &[]);
    let headers = plan_headers(&out);
    let nov = headers.iter().position(|h| h == "Update Nov 2015");
    let dec = headers.iter().position(|h| h == "Update Dec 2015");
    assert!(nov.is_some() && dec.is_some() && nov < dec, "{headers:?}");
}
