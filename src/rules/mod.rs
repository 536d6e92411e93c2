//! The rules engine: checks a loaded meeting against the law on access to information and
//! executive decisions, and against the content a council requires of its reports.
//!
//! `check` returns every problem at once, each located in the file that needs changing, with a
//! hint. The building blocks (day counting, the publication deadline, appendix mentions) are
//! public so they can be tested and reused on their own.
//!
//! The executive-arrangements regulations (key decisions, notice of private meetings) are those
//! of England; they are checked only for meetings whose jurisdiction is England.

mod content;
mod days;
mod decisions;
mod exempt;
pub mod holidays;
mod key_decisions;
mod publication;
pub mod readability;
mod shared;

pub use content::{appendix_mentions, check_required_names, AppendixMention};
pub use days::{
    clear_days_between, is_working_day, latest_publication_date, publication_clear_days,
    publication_law,
};
pub use decisions::{call_in, call_in_deadline, next_working_day, CallIn};

use crate::diagnostics::Diagnostics;
use crate::input::load::LoadedMeeting;
use crate::input::model::{CouncilConfig, Meeting};

/// Every problem with the meeting and its reports, errors and warnings together.
pub fn check(meeting: &LoadedMeeting, council: &CouncilConfig) -> Diagnostics {
    let mut problems = Diagnostics::default();
    publication::check(meeting, council, &mut problems);
    shared::check(meeting, &mut problems);
    key_decisions::check(meeting, council, &mut problems);
    exempt::check(meeting, council, &mut problems);
    content::check(meeting, council, &mut problems);
    decisions::check(meeting, council, &mut problems);
    problems
}

/// The line the command line prints before building a pack, for example "Latest publication
/// date for Cabinet on Tuesday 1 December 2015 (England, 5 clear days): Monday 23 November 2015".
pub fn deadline_summary(meeting: &Meeting, council: &CouncilConfig) -> String {
    let latest = latest_publication_date(meeting.date, meeting.jurisdiction, &council.closure_days);
    format!(
        "Latest publication date for {} on {} ({}, {} clear days): {}",
        meeting.committee,
        long_date(meeting.date),
        jurisdiction_name(meeting.jurisdiction),
        publication_clear_days(meeting.jurisdiction),
        long_date(latest),
    )
}

/// "Tuesday 1 December 2015".
pub fn long_date(date: chrono::NaiveDate) -> String {
    date.format("%A %-d %B %Y").to_string()
}

fn jurisdiction_name(jurisdiction: crate::input::model::Jurisdiction) -> &'static str {
    match jurisdiction {
        crate::input::model::Jurisdiction::England => "England",
        crate::input::model::Jurisdiction::Wales => "Wales",
        crate::input::model::Jurisdiction::Scotland => "Scotland",
    }
}
