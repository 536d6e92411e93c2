//! Key decisions: notice of a forthcoming key decision must be published at least 28 clear days
//! before it is taken (Local Authorities (Executive Arrangements) (Meetings and Access to
//! Information) (England) Regulations 2012, reg 9), unless the general exception (reg 10: the
//! scrutiny chair informed and five clear days' notice) or special urgency (reg 11: the scrutiny
//! chair agrees the decision cannot reasonably be deferred) applies.

use super::days::clear_days_between;
use super::long_date;
use crate::diagnostics::Diagnostics;
use crate::input::load::{LoadedMeeting, LoadedReport};
use crate::input::model::{CouncilConfig, DayCount, Decision, Jurisdiction, KeyDecisionException};
use crate::rules::holidays::Calendar;
use chrono::NaiveDate;

/// Reg 9: clear days between the notice and the decision.
pub const KEY_DECISION_NOTICE_DAYS: i64 = 28;
/// Reg 10(2)(c): clear days' notice under the general exception.
pub const GENERAL_EXCEPTION_DAYS: i64 = 5;

/// How the council counts notice days for this meeting.
struct Counting<'a> {
    decision_date: NaiveDate,
    calendar: Calendar,
    closure_days: &'a [NaiveDate],
    count: DayCount,
}

impl Counting<'_> {
    fn clear_days_from(&self, notice: NaiveDate) -> i64 {
        clear_days_between(
            notice,
            self.decision_date,
            self.calendar,
            self.closure_days,
            self.count,
        )
    }

    fn unit(&self) -> &'static str {
        match self.count {
            DayCount::Calendar => "clear days",
            DayCount::Working => "clear working days",
        }
    }
}

pub(super) fn check(loaded: &LoadedMeeting, council: &CouncilConfig, problems: &mut Diagnostics) {
    let meeting = &loaded.meeting;
    if meeting.jurisdiction != Jurisdiction::England {
        return;
    }
    let counting = Counting {
        decision_date: meeting.date,
        calendar: Calendar::for_jurisdiction(meeting.jurisdiction),
        closure_days: &council.closure_days,
        count: council.key_decision_days,
    };
    for report in loaded.items.iter().filter_map(|item| item.report.as_ref()) {
        if report.report.decision == Decision::Key {
            check_report(report, &counting, problems);
        }
    }
}

fn check_report(loaded: &LoadedReport, counting: &Counting, problems: &mut Diagnostics) {
    let report = &loaded.report;
    let place = &loaded.spans;
    let notice_days = report
        .key_decision_notice
        .map(|notice| counting.clear_days_from(notice));
    if notice_days.is_some_and(|days| days >= KEY_DECISION_NOTICE_DAYS) {
        return;
    }
    match &report.key_decision_exception {
        None => problems.push(match (report.key_decision_notice, notice_days) {
            (Some(notice), Some(days)) => place
                .error(
                    "key_decision_notice",
                    format!(
                        "key_decision_notice: notice given on {} leaves {days} {} before the \
                         decision on {}; a key decision needs {KEY_DECISION_NOTICE_DAYS} (2012 \
                         Regulations, reg 9)",
                        long_date(notice),
                        counting.unit(),
                        long_date(counting.decision_date),
                    ),
                )
                .with_hint(exception_hint()),
            _ => place
                .error(
                    "key_decision_notice",
                    "key_decision_notice: a key decision needs the date its notice was published \
                     (2012 Regulations, reg 9)",
                )
                .with_hint(format!(
                    "add `key_decision_notice: YYYY-MM-DD`; {}",
                    exception_hint()
                )),
        }),
        Some(KeyDecisionException::GeneralException { notice }) => {
            let days = counting.clear_days_from(*notice);
            if days < GENERAL_EXCEPTION_DAYS {
                problems.push(
                    place
                        .error(
                            "key_decision_exception.general-exception.notice",
                            format!(
                                "key_decision_exception: general exception notice on {} leaves \
                                 {days} {} before the decision on {}; reg 10 needs \
                                 {GENERAL_EXCEPTION_DAYS}",
                                long_date(*notice),
                                counting.unit(),
                                long_date(counting.decision_date),
                            ),
                        )
                        .with_hint(
                            "with less notice than that, the decision can be taken only under \
                             special urgency (reg 11): \
                             `key_decision_exception: {special-urgency: {agreed_by: ...}}`",
                        ),
                );
            }
        }
        Some(KeyDecisionException::SpecialUrgency {
            agreed_by, reasons, ..
        }) => {
            if reasons.as_deref().is_none_or(|r| r.trim().is_empty()) {
                problems.push(
                    place
                        .error(
                            "key_decision_exception.special-urgency.reasons",
                            "key_decision_exception: special urgency needs the reasons the \
                             decision cannot reasonably be deferred, which reg 11(3) requires \
                             in a published notice",
                        )
                        .with_hint(
                            "add `reasons: ...` (and `notice: YYYY-MM-DD`, the day that notice \
                             was published) under `special-urgency:`",
                        ),
                );
            }
            if agreed_by.trim().is_empty() {
                problems.push(
                    place
                        .error(
                            "key_decision_exception.special-urgency.agreed_by",
                            "key_decision_exception: special urgency needs the agreement of the \
                             chair of the relevant overview and scrutiny committee (reg 11)",
                        )
                        .with_hint("name who agreed: `agreed_by: Councillor ...`"),
                );
            }
        }
    }
}

fn exception_hint() -> String {
    format!(
        "give notice earlier, or state the exception: `key_decision_exception: \
         {{general-exception: {{notice: YYYY-MM-DD}}}}` (reg 10: scrutiny chair informed, \
         {GENERAL_EXCEPTION_DAYS} clear days' notice) or `key_decision_exception: \
         {{special-urgency: {{agreed_by: ..., reasons: ...}}}}` (reg 11)"
    )
}
