//! Action plans from the spreadsheets officers keep them in (CSV, or the first worksheet of an
//! XLSX workbook), and back out as YAML for `reportpack import action-plan FILE`.
//!
//! How a sheet is read:
//! - The first row holds the column headings.
//! - A row whose only filled cell is in the first column is a section row ("CONTEXT +
//!   PRIORITIES"); blank rows are skipped.
//! - A column headed "RAG", "Status" or "RAG status" (any case) gives each row's `status`, kept
//!   as written (`G`, `Green`, `Complete`...); the council's status scale decides, when the plan
//!   is built, which spellings it accepts, exactly as for a YAML plan.
//! - A column headed "Update <month> <year>" ("Update Feb 2017") is an update round dated the
//!   last day of that month; its cells become the rows' updates.
//! - Every other headed column is a plan column. Its key is the first word of the heading when
//!   that is what, how, when, lead or resource ("When (Dec 15)" -> `when`); otherwise the heading
//!   lower-cased with each run of other characters turned into `_` ("Target date" ->
//!   `target_date`). Its width is the column's average text length relative to the other
//!   columns, rounded to a half and kept between 0.5 and 3.
//! - The plan's title is the file name, humanised ("peer-review_plan.csv" -> "Peer review plan").
//! - Line breaks inside a cell are kept, so a blank line stays a paragraph break.

use crate::dates::last_day_of_month;
use crate::input::model::{ActionPlan, Column, PlanRow, RowUpdate, UpdateRound};
use crate::input::yaml::read_yaml;
use anyhow::{anyhow, bail, Context, Result};
use calamine::{open_workbook, Data, ExcelDateTime, Reader, Xlsx};
use chrono::{Datelike, NaiveDate};
use std::collections::BTreeMap;
use std::path::Path;

/// Reads an action plan from a `.csv`, `.xlsx`, `.yaml` or `.yml` file.
pub fn action_plan_from_file(path: &Path) -> Result<ActionPlan> {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match extension.as_str() {
        "csv" => action_plan_from_csv(path),
        "xlsx" => action_plan_from_xlsx(path),
        "yaml" | "yml" => read_yaml::<ActionPlan>(path)
            .map(|(_, plan)| plan)
            .map_err(|diagnostic| anyhow!("{diagnostic}")),
        _ => bail!(
            "{}: cannot read an action plan from a .{extension} file; use .csv, .xlsx, .yaml or .yml",
            path.display()
        ),
    }
}

pub fn action_plan_from_csv(path: &Path) -> Result<ActionPlan> {
    action_plan_from_sheet(path, &read_csv(path)?)
}

/// Reads the first worksheet of an XLSX workbook.
pub fn action_plan_from_xlsx(path: &Path) -> Result<ActionPlan> {
    action_plan_from_sheet(path, &read_xlsx(path)?)
}

/// The YAML of an imported plan, headed by a comment saying where it came from: the output of
/// `reportpack import action-plan FILE`.
pub fn import_action_plan(path: &Path) -> Result<String> {
    let plan = action_plan_from_file(path)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    Ok(format!(
        "# Action plan imported by reportpack from {name}.\n\
         # Check the title, column keys and widths; re-importing overwrites edits.\n{}",
        action_plan_to_yaml(&plan)?
    ))
}

/// The plan as YAML in the format `load` reads, leaving out empty and absent fields.
pub fn action_plan_to_yaml(plan: &ActionPlan) -> Result<String> {
    let mut value = serde_yaml::to_value(plan).context("cannot convert the action plan to YAML")?;
    prune_empty(&mut value);
    serde_yaml::to_string(&value).context("cannot write the action plan as YAML")
}

/// Drops nulls and empty lists and maps from mappings, so rows read as they would be written.
fn prune_empty(value: &mut serde_yaml::Value) {
    use serde_yaml::Value;
    match value {
        Value::Mapping(map) => {
            map.retain(|_, v| match v {
                Value::Null => false,
                Value::Sequence(items) => !items.is_empty(),
                Value::Mapping(entries) => !entries.is_empty(),
                _ => true,
            });
            for (_, v) in map.iter_mut() {
                prune_empty(v);
            }
        }
        Value::Sequence(items) => items.iter_mut().for_each(prune_empty),
        _ => {}
    }
}

/// A worksheet as text: `rows[0]` is the first row of the sheet, `rows[r][c]` a trimmed cell.
pub type Sheet = Vec<Vec<String>>;

fn read_csv(path: &Path) -> Result<Sheet> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_path(path)
        .with_context(|| format!("{}: cannot open the CSV file", path.display()))?;
    let mut sheet = Sheet::new();
    for (index, record) in reader.records().enumerate() {
        let record = record
            .with_context(|| format!("{}: row {}: cannot read", path.display(), index + 1))?;
        sheet.push(record.iter().map(clean_cell).collect());
    }
    if let Some(first) = sheet.first_mut().and_then(|row| row.first_mut()) {
        *first = first.trim_start_matches('\u{feff}').to_string();
    }
    Ok(sheet)
}

fn read_xlsx(path: &Path) -> Result<Sheet> {
    let mut workbook: Xlsx<_> = open_workbook(path)
        .with_context(|| format!("{}: cannot open the XLSX workbook", path.display()))?;
    let range = workbook
        .worksheet_range_at(0)
        .ok_or_else(|| anyhow!("{}: the workbook has no worksheets", path.display()))?
        .with_context(|| format!("{}: cannot read the first worksheet", path.display()))?;
    // The range starts at the first filled cell; pad so row and column numbers match the sheet.
    let (first_row, first_column) = range.start().unwrap_or((0, 0));
    let mut sheet: Sheet = vec![Vec::new(); first_row as usize];
    for (row_index, row) in range.rows().enumerate() {
        let mut cells = vec![String::new(); first_column as usize];
        for (column_index, cell) in row.iter().enumerate() {
            let text = xlsx_cell_text(cell).ok_or_else(|| {
                anyhow!(
                    "{}: row {}, column {}: the date cell holds {}, which is no date between the years 1900 and 2200",
                    path.display(),
                    first_row as usize + row_index + 1,
                    column_letter(first_column as usize + column_index),
                    cell
                )
            })?;
            cells.push(text);
        }
        sheet.push(cells);
    }
    Ok(sheet)
}

/// A cell's text; `None` for a date cell whose serial number is out of range.
fn xlsx_cell_text(cell: &Data) -> Option<String> {
    Some(match cell {
        Data::Float(number) if number.fract() == 0.0 && number.abs() < 1e15 => {
            format!("{}", *number as i64)
        }
        Data::DateTime(date) if date.is_datetime() => {
            excel_date(date)?.format("%-d %B %Y").to_string()
        }
        other => clean_cell(&other.to_string()),
    })
}

/// The day of an Excel date cell in the workbook's own date system: serials count days from 30
/// December 1899 (the 1900 system) or from 1 January 1904 (the 1904 system of Excel for Mac),
/// which calamine records per workbook. `None` outside the years 1900 to 2200 (serials up to
/// 109,939), so no arithmetic can overflow.
fn excel_date(date: &ExcelDateTime) -> Option<NaiveDate> {
    const LAST: f64 = 109_939.0; // 2200-12-31 in the 1900 system
    if !(0.0..=LAST).contains(&date.as_f64()) {
        return None;
    }
    let (year, month, day, ..) = date.to_ymd_hms_milli();
    NaiveDate::from_ymd_opt(i32::from(year), u32::from(month), u32::from(day))
        .filter(|day| (1900..=2200).contains(&day.year()))
}

/// Unifies line endings and trims the cell, keeping the line breaks inside it.
fn clean_cell(text: &str) -> String {
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .trim()
        .to_string()
}

/// What a column of the sheet becomes in the plan.
#[derive(Debug, Clone)]
enum Role {
    Cell(Column),
    Status,
    Update(UpdateRound),
    /// No heading: allowed only while the column is empty.
    Unheaded,
}

/// Builds a plan from a sheet read from `path` (named in errors, and giving the title).
pub fn action_plan_from_sheet(path: &Path, sheet: &Sheet) -> Result<ActionPlan> {
    let file = path.display();
    let header_index = sheet
        .iter()
        .position(|row| row.iter().any(|cell| !cell.is_empty()))
        .ok_or_else(|| {
            anyhow!("{file}: the sheet is empty; the first row must hold the column headings")
        })?;
    let roles = column_roles(path, &sheet[header_index])?;
    let first_headed = roles
        .iter()
        .position(|role| !matches!(role, Role::Unheaded))
        .unwrap_or(0);
    let mut rows = Vec::new();
    for (index, cells) in sheet.iter().enumerate().skip(header_index + 1) {
        let row_number = index + 1;
        let filled: Vec<usize> = (0..cells.len()).filter(|&c| !cells[c].is_empty()).collect();
        match filled.as_slice() {
            [] => continue,
            [only] if *only == first_headed => rows.push(PlanRow {
                section: Some(cells[*only].clone()),
                cells: BTreeMap::new(),
                status: None,
                updates: Vec::new(),
                status_cell: None,
            }),
            _ => rows.push(action_row(path, row_number, cells, &roles)?),
        }
    }
    let mut columns: Vec<Column> = roles
        .iter()
        .filter_map(|role| match role {
            Role::Cell(column) => Some(column.clone()),
            _ => None,
        })
        .collect();
    guess_widths(&mut columns, &rows);
    let update_rounds = roles
        .iter()
        .filter_map(|role| match role {
            Role::Update(round) => Some(round.clone()),
            _ => None,
        })
        .collect();
    Ok(ActionPlan {
        title: humanised_title(path),
        columns,
        update_rounds,
        rows,
    })
}

fn column_roles(path: &Path, headings: &[String]) -> Result<Vec<Role>> {
    let mut roles = Vec::new();
    let mut keys: Vec<String> = Vec::new();
    for (index, heading) in headings.iter().enumerate() {
        let lower = heading.to_lowercase();
        let role = if heading.is_empty() {
            Role::Unheaded
        } else if matches!(lower.as_str(), "rag" | "status" | "rag status") {
            Role::Status
        } else if lower.starts_with("update ") || lower == "update" {
            let date = update_round_date(heading).ok_or_else(|| {
                anyhow!(
                    "{}: row 1, column {} ({heading:?}): an update column's heading must give \
                     its month and year, for example \"Update Feb 2017\"",
                    path.display(),
                    column_letter(index)
                )
            })?;
            Role::Update(UpdateRound {
                date,
                heading: heading.clone(),
            })
        } else {
            let key = unique_key(column_key(heading), &keys);
            keys.push(key.clone());
            Role::Cell(Column {
                key,
                heading: heading.clone(),
                width: 1.0,
            })
        };
        roles.push(role);
    }
    Ok(roles)
}

fn action_row(path: &Path, row_number: usize, cells: &[String], roles: &[Role]) -> Result<PlanRow> {
    let mut row = PlanRow {
        section: None,
        cells: BTreeMap::new(),
        status: None,
        updates: Vec::new(),
        status_cell: None,
    };
    for (index, text) in cells.iter().enumerate().filter(|(_, t)| !t.is_empty()) {
        let place = || {
            format!(
                "{}: row {row_number}, column {}",
                path.display(),
                column_letter(index)
            )
        };
        match roles.get(index).unwrap_or(&Role::Unheaded) {
            Role::Cell(column) => {
                row.cells.insert(column.key.clone(), text.clone());
            }
            Role::Status => {
                row.status = Some(text.clone());
                row.status_cell = Some(format!(
                    "row {row_number}, column {}",
                    column_letter(index)
                ));
            }
            Role::Update(round) => row.updates.push(RowUpdate {
                date: round.date,
                text: text.clone(),
                status: None,
            }),
            Role::Unheaded => bail!(
                "{}: the cell has text but its column has no heading; give the column a heading in row 1",
                place()
            ),
        }
    }
    Ok(row)
}

/// The key rows use for a column with this heading (see the module documentation).
pub fn column_key(heading: &str) -> String {
    const PLAIN_WORDS: [&str; 5] = ["what", "how", "when", "lead", "resource"];
    let lower = heading.trim().to_lowercase();
    let first_word: String = lower.chars().take_while(|c| c.is_alphanumeric()).collect();
    if PLAIN_WORDS.contains(&first_word.as_str()) {
        return first_word;
    }
    let mut key = String::new();
    for c in lower.chars() {
        if c.is_ascii_alphanumeric() {
            key.push(c);
        } else if !key.ends_with('_') {
            key.push('_');
        }
    }
    let key = key.trim_matches('_').to_string();
    if key.is_empty() {
        "column".to_string()
    } else {
        key
    }
}

/// Two headings with the same key ("When", "When (revised)") get `when` and `when_2`.
fn unique_key(key: String, taken: &[String]) -> String {
    if !taken.contains(&key) {
        return key;
    }
    (2..)
        .map(|n| format!("{key}_{n}"))
        .find(|candidate| !taken.contains(candidate))
        .unwrap_or(key)
}

/// The date of an update round from its heading: the last day of the month named ("Update Feb
/// 2017" -> 2017-02-28). Months may be full or abbreviated; a two-digit year means 20YY.
pub fn update_round_date(heading: &str) -> Option<NaiveDate> {
    let words: Vec<String> = heading
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let month = words.iter().find_map(|w| month_number(w))?;
    let year = words.iter().find_map(|w| year_number(w))?;
    Some(last_day_of_month(year, month))
}

fn month_number(word: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    if word.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|month| month.starts_with(word))
        .map(|index| index as u32 + 1)
}

fn year_number(word: &str) -> Option<i32> {
    if !word.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let number: i32 = word.parse().ok()?;
    match word.len() {
        2 => Some(2000 + number),
        4 if (1900..=2100).contains(&number) => Some(number),
        _ => None,
    }
}

/// Widths relative to the average: a column of long text gets more room (0.5 to 3, in halves).
fn guess_widths(columns: &mut [Column], rows: &[PlanRow]) {
    let averages: Vec<f32> = columns
        .iter()
        .map(|column| average_length(rows, &column.key))
        .collect();
    let filled: Vec<f32> = averages.iter().copied().filter(|a| *a > 0.0).collect();
    if filled.is_empty() {
        return;
    }
    let overall = filled.iter().sum::<f32>() / filled.len() as f32;
    for (column, average) in columns.iter_mut().zip(averages) {
        let relative = if average > 0.0 {
            average / overall
        } else {
            1.0
        };
        column.width = ((relative * 2.0).round() / 2.0).clamp(0.5, 3.0);
    }
}

fn average_length(rows: &[PlanRow], key: &str) -> f32 {
    let lengths: Vec<usize> = rows
        .iter()
        .filter_map(|row| row.cells.get(key))
        .map(|text| text.chars().count())
        .collect();
    if lengths.is_empty() {
        0.0
    } else {
        lengths.iter().sum::<usize>() as f32 / lengths.len() as f32
    }
}

/// "A", "B", ... "Z", "AA": how spreadsheets name the column at `index` (0-based).
fn column_letter(index: usize) -> String {
    let mut letters = Vec::new();
    let mut n = index + 1;
    while n > 0 {
        let remainder = (n - 1) % 26;
        letters.push(char::from(b'A' + remainder as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// "peer-review_plan" -> "Peer review plan".
fn humanised_title(path: &Path) -> String {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let spaced = stem.replace(['-', '_'], " ");
    let mut chars = spaced.trim().chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => "Action plan".to_string(),
    }
}
