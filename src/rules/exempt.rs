//! Exempt items: the agenda and the report must agree on the Schedule 12A paragraph, or an
//! exempt report could be published with the public papers; and a meeting held partly in
//! private needs 28 clear days' notice of that intention (2012 Regulations, reg 5(2)).

use super::days::clear_days_between;
use super::long_date;
use crate::diagnostics::Diagnostics;
use crate::input::load::{LoadedItem, LoadedMeeting};
use crate::input::model::{CouncilConfig, DayCount, Jurisdiction};
use crate::rules::holidays::Calendar;

/// Reg 5(2): clear (calendar) days between the notice of a private meeting and the meeting.
pub const PRIVATE_MEETING_NOTICE_DAYS: i64 = 28;

pub(super) fn check(loaded: &LoadedMeeting, council: &CouncilConfig, problems: &mut Diagnostics) {
    for (index, item) in loaded.items.iter().enumerate() {
        check_consistency(loaded, index, item, problems);
    }
    let any_exempt = loaded.items.iter().any(|item| {
        item.item.exempt.is_some()
            || item.report.as_ref().is_some_and(|report| {
                report.report.exempt.is_some()
                    || report.report.appendices.iter().any(|a| a.exempt.is_some())
            })
    });
    if any_exempt && loaded.meeting.jurisdiction == Jurisdiction::England {
        check_private_notice(loaded, council, problems);
    }
}

fn check_consistency(
    loaded: &LoadedMeeting,
    index: usize,
    item: &LoadedItem,
    problems: &mut Diagnostics,
) {
    let Some(report) = &item.report else {
        return;
    };
    let number = item.item.number.clone();
    let item_place = loaded.spans.within(format!("items[{index}]"));
    let report_name = report.file.display();
    match (item.item.exempt, report.report.exempt) {
        (Some(on_agenda), Some(in_report)) if on_agenda != in_report => problems.push(
            report
                .spans
                .error(
                    "exempt",
                    format!(
                        "exempt: the report cites paragraph {} of Schedule 12A but agenda item \
                         {number} cites paragraph {}",
                        in_report.0, on_agenda.0
                    ),
                )
                .with_hint("correct whichever is wrong so both cite the same paragraph"),
        ),
        (Some(on_agenda), None) => problems.push(
            item_place
                .error(
                    "exempt",
                    format!(
                        "items: item {number} is exempt (paragraph {}) but its report \
                         {report_name} is not marked exempt",
                        on_agenda.0
                    ),
                )
                .with_hint(format!(
                    "add `exempt: {}` to the report, or remove `exempt:` from the item if it is public",
                    on_agenda.0
                )),
        ),
        (None, Some(in_report)) => problems.push(
            item_place
                .error(
                    "",
                    format!(
                        "items: report {report_name} is exempt (paragraph {}) but agenda item \
                         {number} is not: it would be published with the public papers",
                        in_report.0
                    ),
                )
                .with_hint(format!("add `exempt: {}` to agenda item {number}", in_report.0)),
        ),
        _ => {}
    }
}

fn check_private_notice(
    loaded: &LoadedMeeting,
    council: &CouncilConfig,
    problems: &mut Diagnostics,
) {
    let meeting = &loaded.meeting;
    let place = &loaded.spans;
    let hint = format!(
        "publish notice of the intention to meet in private at least {PRIVATE_MEETING_NOTICE_DAYS} \
         clear days ahead and record its date as `private_notice: YYYY-MM-DD`; with less notice, \
         reg 5(6) needs the agreement of the chair of the relevant overview and scrutiny committee"
    );
    let Some(notice) = meeting.private_notice else {
        problems.push(
            place
                .error(
                    "",
                    "private_notice: the meeting has exempt items (or exempt appendices) but no \
                     date of the notice of the intention to hold part of it in private (2012 \
                     Regulations, reg 5)",
                )
                .with_hint(hint),
        );
        return;
    };
    let days = clear_days_between(
        notice,
        meeting.date,
        Calendar::for_jurisdiction(meeting.jurisdiction),
        &council.closure_days,
        DayCount::Calendar,
    );
    if days < PRIVATE_MEETING_NOTICE_DAYS {
        problems.push(
            place
                .error(
                    "private_notice",
                    format!(
                        "private_notice: notice given on {} leaves {days} clear days before the \
                         meeting on {}; reg 5(2) needs {PRIVATE_MEETING_NOTICE_DAYS}",
                        long_date(notice),
                        long_date(meeting.date),
                    ),
                )
                .with_hint(hint),
        );
    }
}
