//! The agenda and reports must be open to inspection a number of clear working days before the
//! meeting; an item published later may be taken only as urgent, with the chair's reason
//! recorded (LGA 1972 s100B(4)(b); LG(S)A 1973 s50B(4)(b)). Each supplementary agenda is held to
//! the same deadline by its own publication date.

use super::days::{latest_publication_date, publication_clear_days, publication_law};
use super::long_date;
use crate::diagnostics::Diagnostics;
use crate::input::load::LoadedMeeting;
use crate::input::model::{AgendaItem, CouncilConfig, Meeting, Supplement};
use crate::input::spans::Within;
use chrono::NaiveDate;

/// What every check here needs: the meeting, its file and its publication deadline.
struct Deadline<'a> {
    loaded: &'a LoadedMeeting,
    /// The latest day the papers may be published (clear working days before the meeting).
    latest: NaiveDate,
    law: &'static str,
}

impl Deadline<'_> {
    fn meeting(&self) -> &Meeting {
        &self.loaded.meeting
    }

    /// The meeting file as a whole.
    fn place(&self) -> Within<'_> {
        self.loaded.spans.within("")
    }

    /// Whether the papers holding `item` are published after the deadline. A `supplement: true`
    /// item with no `supplements:` entry has no date of its own: it follows the agenda, late.
    fn item_late(&self, item: &AgendaItem) -> bool {
        match item.supplement {
            None => self.meeting().published > self.latest,
            Some(number) => self
                .meeting()
                .supplement(number)
                .is_none_or(|s| s.published > self.latest),
        }
    }

    /// The chair's reason for taking the item late: its own, else its supplement's.
    fn urgent_reason<'i>(&'i self, item: &'i AgendaItem) -> Option<&'i str> {
        reason(&item.urgent).or_else(|| {
            item.supplement
                .and_then(|n| self.meeting().supplement(n))
                .and_then(|s| reason(&s.urgent))
        })
    }
}

pub(super) fn check(loaded: &LoadedMeeting, council: &CouncilConfig, problems: &mut Diagnostics) {
    let meeting = &loaded.meeting;
    let deadline = Deadline {
        loaded,
        latest: latest_publication_date(meeting.date, meeting.jurisdiction, &council.closure_days),
        law: publication_law(meeting.jurisdiction),
    };
    let late = meeting.published > deadline.latest;
    let not_urgent: Vec<String> = meeting
        .items
        .iter()
        .filter(|item| item.supplement.is_none() && deadline.urgent_reason(item).is_none())
        .map(|item| item.number.to_string())
        .collect();
    if late && !not_urgent.is_empty() {
        problems.push(
            deadline
                .place()
                .error(
                    "published",
                    format!(
                        "published: the papers are published on {} but must be open to inspection \
                         {} clear working days before the meeting on {} ({}): the latest \
                         publication date is {}",
                        long_date(meeting.published),
                        publication_clear_days(meeting.jurisdiction),
                        long_date(meeting.date),
                        deadline.law,
                        long_date(deadline.latest),
                    ),
                )
                .with_hint(format!(
                    "publish by {}, or move the meeting; an item can be taken late only as urgent, \
                     with the chair's reason in `urgent:` (items without it: {})",
                    long_date(deadline.latest),
                    not_urgent.join(", ")
                )),
        );
    }
    check_supplements(&deadline, problems);
    for (index, item) in meeting.items.iter().enumerate() {
        let place = loaded.spans.within(format!("items[{index}]"));
        check_item(&deadline, item, place, problems);
    }
}

/// The `supplements:` list: numbered on from 1, each named by an item, each published between
/// the agenda and the meeting, and, when published after the deadline, with the chair's reason.
fn check_supplements(deadline: &Deadline, problems: &mut Diagnostics) {
    let loaded = deadline.loaded;
    let meeting = deadline.meeting();
    let used = meeting.supplement_numbers();
    for (index, supplement) in meeting.supplements.iter().enumerate() {
        let number = supplement.number;
        let place = loaded.spans.within(format!("supplements[{index}]"));
        let expected = index as u32 + 1;
        if number != expected {
            problems.push(
                place
                    .error(
                        "number",
                        format!(
                            "supplements: supplement {number} is listed where supplement \
                             {expected} belongs; supplements are numbered on from 1"
                        ),
                    )
                    .with_hint("number the supplements 1, 2, 3... in the order they are published"),
            );
            continue;
        }
        if !used.contains(&number) {
            problems.push(
                place
                    .warning(
                        "number",
                        format!("supplements: no item is in supplement {number}"),
                    )
                    .with_hint(format!(
                        "put its late items in it with `supplement: {number}`, or remove it"
                    )),
            );
        }
        check_supplement_date(deadline, supplement, place, problems);
    }
    if meeting.supplements.is_empty() {
        return;
    }
    let unlisted = meeting.items.iter().enumerate().filter(|(_, item)| {
        item.supplement
            .is_some_and(|n| meeting.supplement(n).is_none())
    });
    for (index, item) in unlisted {
        let number = item.supplement.unwrap_or_default();
        problems.push(
            loaded
                .spans
                .within(format!("items[{index}]"))
                .error(
                    "supplement",
                    format!(
                        "items: item {} is in supplement {number}, which `supplements:` does \
                         not list",
                        item.number
                    ),
                )
                .with_hint(format!(
                    "add supplement {number} to `supplements:` with its `published:` date"
                )),
        );
    }
}

/// A supplement's own date against the agenda's, the meeting's and the deadline.
fn check_supplement_date(
    deadline: &Deadline,
    supplement: &Supplement,
    place: Within,
    problems: &mut Diagnostics,
) {
    let meeting = deadline.meeting();
    let number = supplement.number;
    let published = long_date(supplement.published);
    if supplement.published < meeting.published || supplement.published >= meeting.date {
        problems.push(
            place
                .error(
                    "published",
                    format!(
                        "supplements: supplement {number} is published on {published}, which is \
                         not between the agenda's publication on {} and the meeting on {}",
                        long_date(meeting.published),
                        long_date(meeting.date)
                    ),
                )
                .with_hint("a supplement follows the agenda and comes before the meeting"),
        );
        return;
    }
    if supplement.published <= deadline.latest {
        return;
    }
    let without_reason: Vec<String> = meeting
        .items
        .iter()
        .filter(|item| item.supplement == Some(number) && deadline.urgent_reason(item).is_none())
        .map(|item| item.number.to_string())
        .collect();
    let lateness = format!(
        "supplement {number} is published on {published}, after the latest publication date {} \
         ({} clear working days before the meeting, {})",
        long_date(deadline.latest),
        publication_clear_days(meeting.jurisdiction),
        deadline.law
    );
    if !without_reason.is_empty() {
        problems.push(
            place
                .error(
                    "published",
                    format!("supplements: {lateness}, and gives no reason for urgency"),
                )
                .with_hint(format!(
                    "its items can be taken only as urgent: write the chair's reason in the \
                     supplement's `urgent:` (items without one of their own: {})",
                    without_reason.join(", ")
                )),
        );
    } else if let Some(reason) = reason(&supplement.urgent) {
        problems.push(
            place
                .warning(
                    "published",
                    format!(
                        "supplements: {lateness}: its items are taken as urgent (\"{reason}\")"
                    ),
                )
                .with_hint("the chair must agree, and the reason must be specified in the minutes"),
        );
    }
}

fn check_item(deadline: &Deadline, item: &AgendaItem, place: Within, problems: &mut Diagnostics) {
    let number = &item.number;
    if item.urgent.is_some() && reason(&item.urgent).is_none() {
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
    let undated = item
        .supplement
        .is_some_and(|n| deadline.meeting().supplement(n).is_none());
    if undated && deadline.meeting().supplements.is_empty() && item.urgent.is_none() {
        problems.push(
            place
                .error(
                    "supplement",
                    format!(
                        "items: item {number} is a supplement, published after the agenda, \
                         but is not marked urgent ({})",
                        deadline.law
                    ),
                )
                .with_hint(
                    "a report published late can be considered only as urgent: add \
                     `urgent: <the chair's reason>`, or list the supplement with its own date in \
                     `supplements:`",
                ),
        );
    }
    if let Some(reason) = reason(&item.urgent) {
        if deadline.item_late(item) {
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

/// A reason given, when it says something.
fn reason(text: &Option<String>) -> Option<&str> {
    text.as_deref()
        .map(str::trim)
        .filter(|reason| !reason.is_empty())
}
