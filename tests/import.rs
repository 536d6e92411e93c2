//! Importing action plans from spreadsheets: the CSV and XLSX fixtures hold the same rows (the
//! start of the LGA peer review action plan, Lancaster, February 2017).

use chrono::NaiveDate;
use reportpack::input::load::check_action_plan;
use reportpack::input::model::ActionPlan;
use reportpack::input::sheet::{
    action_plan_from_csv, action_plan_from_file, action_plan_from_xlsx, action_plan_to_yaml,
    column_key, import_action_plan, update_round_date,
};
use reportpack::input::spans::Spans;
use reportpack::input::yaml::parse_yaml;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// `ActionPlan` has no `PartialEq`; its JSON form compares every field.
fn as_json(plan: &ActionPlan) -> serde_json::Value {
    serde_json::to_value(plan).expect("an action plan serialises")
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn csv_and_xlsx_give_the_same_plan() {
    let from_csv = action_plan_from_csv(&fixture("action-plan.csv")).unwrap();
    let from_xlsx = action_plan_from_xlsx(&fixture("action-plan.xlsx")).unwrap();
    assert_eq!(as_json(&from_csv), as_json(&from_xlsx));
}

#[test]
fn columns_keys_headings_and_title() {
    let plan = action_plan_from_file(&fixture("action-plan.csv")).unwrap();
    assert_eq!(plan.title, "Action plan");
    let keys: Vec<&str> = plan.columns.iter().map(|c| c.key.as_str()).collect();
    assert_eq!(keys, ["what", "how", "when", "lead", "resource"]);
    assert_eq!(plan.columns[2].heading, "When (Dec 15)");
    // Lead holds two or three letters, How long paragraphs.
    assert_eq!(plan.columns[3].width, 0.5);
    assert!(plan.columns[1].width > plan.columns[0].width);
}

#[test]
fn section_rows_are_recognised() {
    let plan = action_plan_from_file(&fixture("action-plan.xlsx")).unwrap();
    let sections: Vec<&str> = plan
        .rows
        .iter()
        .filter_map(|r| r.section.as_deref())
        .collect();
    assert_eq!(
        sections,
        ["CONTEXT + PRIORITIES", "POLITICAL + MANAGERIAL LEADERSHIP"]
    );
    assert_eq!(plan.rows.len(), 7);
    assert!(plan.rows[0].cells.is_empty());
    assert_eq!(plan.rows[1].cells["lead"], "MD");
}

#[test]
fn statuses_are_parsed() {
    let plan = action_plan_from_file(&fixture("action-plan.csv")).unwrap();
    let statuses: Vec<Option<&str>> = plan.rows.iter().map(|r| r.status.as_deref()).collect();
    assert_eq!(
        statuses,
        [
            None,
            Some("Green"),
            Some("Amber"),
            None,
            Some("Not started"),
            None,
            Some("Complete"),
        ]
    );
}

#[test]
fn update_column_becomes_a_dated_round() {
    let plan = action_plan_from_file(&fixture("action-plan.csv")).unwrap();
    assert_eq!(plan.update_rounds.len(), 1);
    assert_eq!(plan.update_rounds[0].heading, "Update Feb 2017");
    assert_eq!(plan.update_rounds[0].date, date(2017, 2, 28));
    let update = &plan.rows[4].updates[0];
    assert_eq!(update.date, date(2017, 2, 28));
    assert!(update
        .text
        .contains("narrative.\n\nAdditionally drawing together"));
    assert!(!plan.columns.iter().any(|c| c.heading.starts_with("Update")));
}

#[test]
fn blank_lines_in_cells_stay_paragraph_breaks() {
    let plan = action_plan_from_file(&fixture("action-plan.xlsx")).unwrap();
    assert!(plan.rows[2].cells["how"].contains("(Local Development Scheme)\n\nCouncil consensus"));
}

#[test]
fn imported_plan_passes_the_loader_checks() {
    let plan = action_plan_from_file(&fixture("action-plan.csv")).unwrap();
    let problems = check_action_plan(&Spans::none(Path::new("action-plan.csv")), &plan);
    assert!(problems.is_empty(), "{problems}");
}

#[test]
fn yaml_round_trip_gives_the_same_plan() {
    let plan = action_plan_from_file(&fixture("action-plan.xlsx")).unwrap();
    let yaml = action_plan_to_yaml(&plan).unwrap();
    let parsed: ActionPlan = parse_yaml(Path::new("plan.yaml"), &yaml).unwrap();
    assert_eq!(as_json(&plan), as_json(&parsed));
    assert!(!yaml.contains("null"), "empty fields are left out:\n{yaml}");
}

#[test]
fn import_writes_yaml_with_its_origin() {
    let yaml = import_action_plan(&fixture("action-plan.csv")).unwrap();
    assert!(yaml.starts_with("# Action plan imported by reportpack from action-plan.csv."));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("plan.yaml");
    std::fs::write(&file, &yaml).unwrap();
    let reloaded = action_plan_from_file(&file).unwrap();
    let original = action_plan_from_file(&fixture("action-plan.csv")).unwrap();
    assert_eq!(as_json(&reloaded), as_json(&original));
}

fn write_csv(text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("plan.csv");
    std::fs::write(&file, text).unwrap();
    (dir, file)
}

/// A status is kept as written, with its cell, for the council's scale to judge when the plan
/// is built (tests/action_plans.rs checks the message).
#[test]
fn a_status_keeps_its_spelling_and_cell() {
    let (_dir, file) = write_csv("What,Lead,Status\nDo it,MC,G\nDo more,MC,Blue\n");
    let plan = action_plan_from_csv(&file).unwrap();
    assert_eq!(plan.rows[1].status.as_deref(), Some("Blue"));
    assert_eq!(plan.rows[1].status_cell.as_deref(), Some("row 3, column C"));
}

#[test]
fn update_heading_without_a_month_is_an_error() {
    let (_dir, file) = write_csv("What,Update soon\nDo it,Done\n");
    let message = format!("{:#}", action_plan_from_csv(&file).unwrap_err());
    assert!(message.contains("row 1, column B"), "{message}");
    assert!(message.contains("Update Feb 2017"), "{message}");
}

#[test]
fn text_under_no_heading_is_an_error() {
    let (_dir, file) = write_csv("What,\nDo it,stray\n");
    let message = format!("{:#}", action_plan_from_csv(&file).unwrap_err());
    assert!(message.contains("row 2, column B"), "{message}");
}

#[test]
fn unknown_extension_is_an_error() {
    let message = format!(
        "{:#}",
        action_plan_from_file(Path::new("plan.ods")).unwrap_err()
    );
    assert!(message.contains(".ods"), "{message}");
}

#[test]
fn column_keys() {
    assert_eq!(column_key("When (Dec 15)"), "when");
    assert_eq!(column_key("What"), "what");
    assert_eq!(column_key("Resource implications"), "resource");
    assert_eq!(column_key("Whenever"), "whenever");
    assert_eq!(column_key("Target date (revised)"), "target_date_revised");
    assert_eq!(column_key("% done"), "done");
}

#[test]
fn update_round_dates() {
    assert_eq!(
        update_round_date("Update Feb 2017"),
        Some(date(2017, 2, 28))
    );
    assert_eq!(
        update_round_date("Update February 2016"),
        Some(date(2016, 2, 29))
    );
    assert_eq!(
        update_round_date("Update Sept 2022"),
        Some(date(2022, 9, 30))
    );
    assert_eq!(update_round_date("Update Dec 15"), Some(date(2015, 12, 31)));
    assert_eq!(update_round_date("Update soon"), None);
    assert_eq!(update_round_date("Update Feb"), None);
}

#[test]
fn a_workbook_in_the_1904_date_system_reads_its_dates_right() {
    // Excel for Mac's 1904 system: serial 41305 is 1 February 2017 there, 31 January 2013 in 1900's.
    let plan = action_plan_from_xlsx(&fixture("date-1904.xlsx")).unwrap();
    assert_eq!(plan.rows[0].cells["when"], "1 February 2017");
}
