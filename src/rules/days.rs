//! Counting clear days, and the latest day an agenda may be published.
//!
//! A clear day excludes both the day of the notice (or publication) and the day of the meeting
//! (R v Swansea City Council, ex parte Elitestone Ltd (1993) 66 P & CR 422). Working days exclude
//! weekends, the bank holidays of the council's calendar and the council's own closure days.

use crate::input::model::{DayCount, Jurisdiction};
use crate::rules::holidays::{is_bank_holiday, is_weekend, Calendar};
use chrono::{Duration, NaiveDate};

/// A day the council's offices are open, so the papers can be inspected.
pub fn is_working_day(date: NaiveDate, calendar: Calendar, closure_days: &[NaiveDate]) -> bool {
    !is_weekend(date) && !is_bank_holiday(calendar, date) && !closure_days.contains(&date)
}

/// Whole days strictly between `from` and `to` (neither counted); 0 when `to` is not at least
/// two days after `from`. With `DayCount::Working` only working days count.
pub fn clear_days_between(
    from: NaiveDate,
    to: NaiveDate,
    calendar: Calendar,
    closure_days: &[NaiveDate],
    count: DayCount,
) -> i64 {
    let days_strictly_between = ((to - from).num_days() - 1).max(0);
    match count {
        DayCount::Calendar => days_strictly_between,
        DayCount::Working => (1..=days_strictly_between)
            .map(|offset| from + Duration::days(offset))
            .filter(|&date| is_working_day(date, calendar, closure_days))
            .count() as i64,
    }
}

/// Clear days' public notice of a meeting and its papers: five in England (Local Government
/// Act 1972 s100B(3), as amended in 2002); three in Wales (s100B as it applies to Wales) and in
/// Scotland (Local Government (Scotland) Act 1973 s50B(3)).
pub fn publication_clear_days(jurisdiction: Jurisdiction) -> i64 {
    match jurisdiction {
        Jurisdiction::England => 5,
        Jurisdiction::Wales | Jurisdiction::Scotland => 3,
    }
}

/// The statute requiring the papers to be open to inspection, for messages.
pub fn publication_law(jurisdiction: Jurisdiction) -> &'static str {
    match jurisdiction {
        Jurisdiction::England => "Local Government Act 1972 s100B",
        Jurisdiction::Wales => "Local Government Act 1972 s100B (Wales)",
        Jurisdiction::Scotland => "Local Government (Scotland) Act 1973 s50B",
    }
}

/// The latest working day on which the agenda can be published and still leave the required
/// number of clear working days before the meeting.
pub fn latest_publication_date(
    meeting_date: NaiveDate,
    jurisdiction: Jurisdiction,
    closure_days: &[NaiveDate],
) -> NaiveDate {
    let calendar = Calendar::for_jurisdiction(jurisdiction);
    let needed = publication_clear_days(jurisdiction);
    let mut clear_days_found = 0;
    let mut date = meeting_date - Duration::days(1);
    loop {
        if is_working_day(date, calendar, closure_days) {
            if clear_days_found == needed {
                return date;
            }
            clear_days_found += 1;
        }
        date -= Duration::days(1);
    }
}
