//! Dates spelt out in the papers' language: month and weekday names come from the house style's
//! locale file (`report-templates/base/locales/<lang>.yaml`), so a Welsh meeting prints "Dydd
//! Mawrth" and "1 Rhagfyr 2015" and an English one "Tuesday" and "1 December 2015". The same
//! file words the running footer and the PDFs' document properties (subject, keywords), as
//! patterns with `{name}` for the values filled in here.

use chrono::{Datelike, NaiveDate};
use serde::Deserialize;
use std::collections::BTreeMap;

/// A language's month names (January first) and weekday names (Monday first), and the wording
/// of the footer and the PDF document properties.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct DateWords {
    pub months: Vec<String>,
    pub weekdays: Vec<String>,
    /// The running footer: `{committee}`, `{date}`.
    pub footer: String,
    /// The heading of an existing PDF merged as an appendix: `{label}`, `{title}`.
    pub appendix_heading: String,
    /// The heading of an action plan's status column.
    pub status_heading: String,
    pub pdf: PdfWords,
}

/// The PDFs' document properties, as patterns.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PdfWords {
    /// An item's PDF: `{footer}`, `{number}`.
    pub item_subject: String,
    /// Keywords of the items and packs: `{committee}`.
    pub item_keywords: Vec<String>,
    /// The record of decisions and the minutes, by file stem (`decisions`, `minutes`).
    pub documents: BTreeMap<String, String>,
    /// Their title and subject: `{footer}`, `{document}`.
    pub record_title: String,
    /// Their keywords: `{committee}`, `{file}` (the file stem).
    pub record_keywords: Vec<String>,
    /// The forward plan's title and subject: `{council}`.
    pub forward_plan_title: String,
    pub forward_plan_keywords: Vec<String>,
}

/// `pattern` with each `{name}` of `values` replaced by its value.
pub fn fill(pattern: &str, values: &[(&str, &str)]) -> String {
    values
        .iter()
        .fold(pattern.to_string(), |text, (name, value)| {
            text.replace(&format!("{{{name}}}"), value)
        })
}

fn fill_all(patterns: &[String], values: &[(&str, &str)]) -> Vec<String> {
    patterns.iter().map(|p| fill(p, values)).collect()
}

impl DateWords {
    /// Twelve months and seven days, or what is wrong.
    pub fn check(&self) -> Result<(), String> {
        if self.months.len() != 12 {
            return Err(format!(
                "months: {} names; a year has 12",
                self.months.len()
            ));
        }
        if self.weekdays.len() != 7 {
            return Err(format!(
                "weekdays: {} names; a week has 7 (Monday first)",
                self.weekdays.len()
            ));
        }
        Ok(())
    }

    /// "1 December 2015".
    pub fn long_date(&self, date: NaiveDate) -> String {
        let month = self
            .months
            .get(date.month0() as usize)
            .map_or("", String::as_str);
        format!("{} {month} {}", date.day(), date.year())
    }

    /// "Tuesday".
    pub fn weekday(&self, date: NaiveDate) -> String {
        let day = date.weekday().num_days_from_monday() as usize;
        self.weekdays.get(day).cloned().unwrap_or_default()
    }

    /// "Cabinet, 1 December 2015".
    pub fn footer(&self, committee: &str, date: NaiveDate) -> String {
        fill(
            &self.footer,
            &[("committee", committee), ("date", &self.long_date(date))],
        )
    }

    /// The heading of appendix `label`, an existing PDF.
    pub fn appendix_heading(&self, label: &str, title: &str) -> String {
        fill(
            &self.appendix_heading,
            &[("label", label), ("title", title)],
        )
    }

    /// The subject of item `number`'s PDF.
    pub fn item_subject(&self, footer: &str, number: impl std::fmt::Display) -> String {
        fill(
            &self.pdf.item_subject,
            &[("footer", footer), ("number", &number.to_string())],
        )
    }

    /// The keywords of an item's PDF or a pack.
    pub fn item_keywords(&self, committee: &str) -> Vec<String> {
        fill_all(&self.pdf.item_keywords, &[("committee", committee)])
    }

    /// The title of the record of decisions (`decisions`) or the minutes (`minutes`).
    pub fn record_title(&self, footer: &str, file: &str) -> String {
        let document = self.pdf.documents.get(file).map_or(file, String::as_str);
        fill(
            &self.pdf.record_title,
            &[("footer", footer), ("document", document)],
        )
    }

    /// The keywords of the record of decisions or the minutes.
    pub fn record_keywords(&self, committee: &str, file: &str) -> Vec<String> {
        fill_all(
            &self.pdf.record_keywords,
            &[("committee", committee), ("file", file)],
        )
    }

    /// The forward plan's title.
    pub fn forward_plan_title(&self, council: &str) -> String {
        fill(&self.pdf.forward_plan_title, &[("council", council)])
    }

    /// The forward plan's keywords.
    pub fn forward_plan_keywords(&self, council: &str) -> Vec<String> {
        fill_all(&self.pdf.forward_plan_keywords, &[("council", council)])
    }
}
