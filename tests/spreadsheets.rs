//! An action plan kept as CSV, XLSX or YAML gives the same appendix: the same headings, section
//! rows, cells, statuses and updates, on the web page and in the PDF.

mod support;
use support::*;

/// The visible text of the action-plan table (headings and body) of an item page.
fn plan_table(html: &str) -> String {
    let start = html
        .find("<table class=\"action-plan")
        .expect("an action-plan table");
    let table = &html[start..];
    let end = table.find("</table>").expect("closed table");
    let table = &table[..end];
    let body = &table[table.find("<thead").expect("a header row")..];
    visible_text(&format!("<main>{body}"))
}

#[test]
fn csv_xlsx_and_yaml_plans_give_the_same_appendix() {
    let (temp, meeting) = scratch_meeting("spreadsheet");
    let out = temp.path().join("out");
    build_into(&meeting, &out, &[]);
    let page = |name: &str| std::fs::read_to_string(out.join("items").join(name)).unwrap();
    let from_yaml = plan_table(&page("03-action-plan-from-yaml.html"));
    assert!(from_yaml.contains("CONTEXT + PRIORITIES"), "{from_yaml}");
    assert!(from_yaml.contains("Update Feb 2017"), "{from_yaml}");
    assert!(
        from_yaml.contains("Green"),
        "the RAG status is shown as text: {from_yaml}"
    );
    assert_eq!(plan_table(&page("01-action-plan-from-csv.html")), from_yaml);
    assert_eq!(
        plan_table(&page("02-action-plan-from-xlsx.html")),
        from_yaml
    );

    let pdf_text = |name: &str| {
        let text = pdftotext(&out.join("items").join(name), &["-raw"]);
        // From the appendix heading on (the reports' own titles differ). Column widths (guessed
        // for a spreadsheet, chosen in YAML) move line and page breaks, and a row split across
        // pages interleaves its cells differently, so compare the words, ignoring running
        // footers, repeated header rows and spaces around slashes at line ends.
        let text = text
            .replace("/\n", "/")
            .replace(" /", "/")
            .replace("/ ", "/");
        let appendix = &text[text.find("Appendix A:").expect("appendix in the PDF")..];
        let mut words: Vec<&str> = appendix
            .split_whitespace()
            .filter(|w| !["Page", "of"].contains(w) && !w.chars().all(|c| c.is_ascii_digit()))
            .collect();
        words.sort_unstable();
        words.dedup_by(|a, b| {
            a == b
                && [
                    "What",
                    "How",
                    "When",
                    "(Dec",
                    "15)",
                    "Lead",
                    "Resource",
                    "Update",
                    "Feb",
                    "2017",
                    "Status",
                    "Overview",
                    "&",
                    "Scrutiny,",
                    "8",
                    "March",
                ]
                .contains(a)
        });
        words.join(" ")
    };
    let yaml_pdf = pdf_text("03-action-plan-from-yaml.pdf");
    assert!(
        yaml_pdf.contains("Complete"),
        "a status word is never broken: {yaml_pdf}"
    );
    assert_eq!(pdf_text("01-action-plan-from-csv.pdf"), yaml_pdf);
    assert_eq!(pdf_text("02-action-plan-from-xlsx.pdf"), yaml_pdf);
}

#[test]
fn a_bad_status_in_a_spreadsheet_is_reported_with_row_and_column() {
    let (_temp, meeting) = scratch_meeting("spreadsheet");
    let csv = meeting.join("reports/plan.csv");
    let text = std::fs::read_to_string(&csv)
        .unwrap()
        .replacen(",Green,", ",Greenish,", 1);
    std::fs::write(&csv, text).unwrap();
    let output = reportpack(&["check", meeting.to_str().unwrap()]);
    assert!(!output.status.success());
    let message = printed(&output);
    assert!(message.contains("plan.csv"), "{message}");
    assert!(message.contains("Greenish"), "{message}");
    assert!(message.contains("row 3"), "{message}");
}
