//! The agenda and reports must be open to inspection a number of clear working days before the
//! meeting; an item published later may be taken only as urgent, with the chair's reason
//! recorded (LGA 1972 s100B(4)(b); LG(S)A 1973 s50B(4)(b)).

use super::days::{latest_publication_date, publication_clear_days, publication_law};
use super::long_date;
use crate::diagnostics::Diagnostics;
use crate::input::load::LoadedMeeting;
use crate::input::model::{AgendaItem, CouncilConfig};
use crate::input::spans::Within;

pub(super) fn check(loaded: &LoadedMeeting, council: &CouncilConfig, problems: &mut Diagnostics) {
    let meeting = &loaded.meeting;
    let latest = latest_publication_date(meeting.date, meeting.jurisdiction, &council.closure_days);
    let late = meeting.published > latest;
    let law = publication_law(meeting.jurisdiction);

    let not_urgent: Vec<String> = meeting
        .items
        .iter()
        .filter(|item| urgent_reason(item).is_none())
        .map(|item| item.number.to_string())
        .collect();
    if late && !not_urgent.is_empty() {
        problems.push(
            loaded
                .spans
                .error(
                    "published",
                    format!(
                        "published: the papers are published on {} but must be open to inspection \
                         {} clear working days before the meeting on {} ({law}): the latest \
                         publication date is {}",
                        long_date(meeting.published),
                        publication_clear_days(meeting.jurisdiction),
                        long_date(meeting.date),
                        long_date(latest),
                    ),
                )
                .with_hint(format!(
                    "publish by {}, or move the meeting; an item can be taken late only as urgent, \
                     with the chair's reason in `urgent:` (items without it: {})",
                    long_date(latest),
                    not_urgent.join(", ")
                )),
        );
    }

    for (index, item) in meeting.items.iter().enumerate() {
        let at = loaded.spans.within(format!("items[{index}]"));
        check_item(item, late, law, at, problems);
    }
}

fn check_item(item: &AgendaItem, late: bool, law: &str, place: Within, problems: &mut Diagnostics) {
    let number = item.number;
    if item.urgent.is_some() && urgent_reason(item).is_none() {
        problems.push(
            place
                .error(
                    "urgent",
                    format!("items: item {number} is marked urgent without a reason"),
                )
                .with_hint(
                    "write the chair's reason, which goes in the minutes: \
                     `urgent: <the special circumstances>`",
                ),
        );
        return;
    }
    if item.supplement && item.urgent.is_none() {
        problems.push(
            place
                .error(
                    "supplement",
                    format!(
                        "items: item {number} is a supplement, published after the agenda, \
                         but is not marked urgent ({law})"
                    ),
                )
                .with_hint(
                    "a report published late can be considered only as urgent: add \
                     `urgent: <the chair's reason>`, or publish it with the agenda",
                ),
        );
    }
    if let Some(reason) = urgent_reason(item) {
        if late || item.supplement {
            problems.push(
                place
                    .warning(
                        "urgent",
                        format!(
                            "items: item {number} is published late and taken as urgent \
                             (\"{reason}\")"
                        ),
                    )
                    .with_hint(
                        "the chair must agree, and the reason must be specified in the minutes",
                    ),
            );
        }
    }
}

/// The chair's reason for taking a late item, when one is given.
fn urgent_reason(item: &AgendaItem) -> Option<&str> {
    item.urgent
        .as_deref()
        .map(str::trim)
        .filter(|reason| !reason.is_empty())
}
