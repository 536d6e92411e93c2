//! A report included by a meeting whose date or committee it does not name: a report shared by
//! two meetings (scrutiny refers it to Cabinet) prints each meeting's own date and committee, so
//! its own fields disagreeing with the meeting is worth a word, at the field's line.

use super::long_date;
use crate::diagnostics::Diagnostics;
use crate::input::load::{LoadedMeeting, LoadedReport};

pub(super) fn check(loaded: &LoadedMeeting, problems: &mut Diagnostics) {
    let meeting = &loaded.meeting;
    for item in &loaded.items {
        let Some(LoadedReport { report, spans, .. }) = &item.report else {
            continue;
        };
        let number = &item.item.number;
        if report.date != meeting.date {
            problems.push(
                spans
                    .warning(
                        "date",
                        format!(
                            "date: the report is dated {} but item {number} of {} on {} includes \
                             it; its papers print the meeting's date",
                            long_date(report.date),
                            meeting.committee,
                            long_date(meeting.date)
                        ),
                    )
                    .with_hint(
                        "date the report for the meeting it goes to; a report shared by two \
                         meetings is dated for the first and prints each meeting's own date",
                    ),
            );
        }
        if !report.committees.contains(&meeting.committee) {
            problems.push(
                spans
                    .warning(
                        "committees",
                        format!(
                            "committees: the report goes to {} but item {number} of {} \
                             includes it; its papers print {}",
                            report.committees.join(", "),
                            meeting.committee,
                            meeting.committee
                        ),
                    )
                    .with_hint(format!(
                        "add {:?} to `committees:`, in the order the report goes to them",
                        meeting.committee
                    )),
            );
        }
    }
}
