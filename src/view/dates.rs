//! Dates spelt out in the papers' language: month and weekday names come from the house style's
//! locale file (`report-templates/base/locales/<lang>.yaml`), so a Welsh meeting prints "Dydd
//! Mawrth" and "1 Rhagfyr 2015" and an English one "Tuesday" and "1 December 2015".

use chrono::{Datelike, NaiveDate};
use serde::Deserialize;

/// A language's month names (January first) and weekday names (Monday first).
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct DateWords {
    pub months: Vec<String>,
    pub weekdays: Vec<String>,
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
}
