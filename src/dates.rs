//! Calendar arithmetic shared by the input readers and the rules (a leaf: it imports nothing of
//! the crate).

use chrono::{Duration, NaiveDate};

/// The last day of a month (handles leap years).
pub fn last_day_of_month(year: i32, month: u32) -> NaiveDate {
    let (next_year, next_month) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    NaiveDate::from_ymd_opt(next_year, next_month, 1)
        .unwrap_or_else(|| panic!("invalid date {next_year}-{next_month}-1"))
        - Duration::days(1)
}
