//! After the meeting: the call-in period of the record of decisions, and the decisions checked
//! against the agenda they record.
//!
//! An executive decision may not be implemented until the call-in period has passed: a number of
//! clear working days (a council setting, 5 is common) after the record of decisions is
//! published (Local Government Act 2000 s9F and the council's scrutiny procedure rules). The
//! days are counted like the publication deadline: weekends, the nation's bank holidays and the
//! council's closure days do not count, nor does the day of publication.

use super::days::is_working_day;
use super::long_date;
use crate::diagnostics::Diagnostics;
use crate::input::decisions::{ItemDecision, Outcome};
use crate::input::load::{LoadedDecisions, LoadedItem, LoadedMeeting};
use crate::input::model::{CouncilConfig, ItemNumber, Jurisdiction};
use crate::input::spans::Within;
use crate::rules::holidays::Calendar;
use chrono::{Duration, NaiveDate};

/// The dates of the call-in period of one record of decisions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CallIn {
    pub published: NaiveDate,
    /// The last day on which a decision can be called in.
    pub deadline: NaiveDate,
    /// The first day a decision not called in may be implemented.
    pub implement_from: NaiveDate,
}

/// The `days`th working day after `published` (the day of publication is not counted).
pub fn call_in_deadline(
    published: NaiveDate,
    days: u32,
    jurisdiction: Jurisdiction,
    closure_days: &[NaiveDate],
) -> NaiveDate {
    let calendar = Calendar::for_jurisdiction(jurisdiction);
    let mut date = published;
    let mut counted = 0;
    while counted < days {
        date += Duration::days(1);
        if is_working_day(date, calendar, closure_days) {
            counted += 1;
        }
    }
    date
}

/// The first working day after `date`.
pub fn next_working_day(
    date: NaiveDate,
    jurisdiction: Jurisdiction,
    closure_days: &[NaiveDate],
) -> NaiveDate {
    call_in_deadline(date, 1, jurisdiction, closure_days)
}

/// The call-in period of a meeting's record of decisions: the deadline the clerk announced, or
/// else the one the council's number of clear working days gives.
pub fn call_in(
    meeting: &LoadedMeeting,
    decisions: &LoadedDecisions,
    council: &CouncilConfig,
) -> CallIn {
    let jurisdiction = meeting.meeting.jurisdiction;
    let published = decisions.decisions.published;
    let deadline = decisions.decisions.call_in_deadline.unwrap_or_else(|| {
        call_in_deadline(
            published,
            council.call_in_days,
            jurisdiction,
            &council.closure_days,
        )
    });
    CallIn {
        published,
        deadline,
        implement_from: next_working_day(deadline, jurisdiction, &council.closure_days),
    }
}

pub(super) fn check(loaded: &LoadedMeeting, council: &CouncilConfig, problems: &mut Diagnostics) {
    let Some(decisions) = &loaded.decisions else {
        return;
    };
    check_dates(loaded, decisions, council, problems);
    let record = &decisions.decisions;
    let numbers: Vec<String> = loaded
        .items
        .iter()
        .map(|i| i.item.number.to_string())
        .collect();
    let agenda_hint = format!("the agenda's items are {}", numbers.join(", "));
    let mut seen: Vec<ItemNumber> = Vec::new();
    for (index, entry) in record.items.iter().enumerate() {
        let place = decisions.spans.within(format!("items[{index}]"));
        if seen.contains(&entry.item) {
            problems.push(
                place
                    .error(
                        "item",
                        format!("items: item {} is recorded twice", entry.item),
                    )
                    .with_hint("record each agenda item once; put every resolution in one entry"),
            );
            continue;
        }
        seen.push(entry.item.clone());
        match loaded.items.iter().find(|i| i.item.number == entry.item) {
            None => problems.push(
                place
                    .error(
                        "item",
                        format!(
                            "items: a decision is recorded for item {}, but the agenda has no item {}",
                            entry.item, entry.item
                        ),
                    )
                    .with_hint(agenda_hint.clone()),
            ),
            Some(item) => check_entry(entry, item, &place, problems),
        }
    }
    for (index, declaration) in record.declarations.iter().enumerate() {
        if !loaded
            .items
            .iter()
            .any(|i| i.item.number == declaration.item)
        {
            problems.push(
                decisions
                    .spans
                    .error(
                    &format!("declarations[{index}].item"),
                    format!(
                        "declarations: {} declared an interest in item {}, but the agenda has no item {}",
                        declaration.member, declaration.item, declaration.item
                    ),
                )
                .with_hint(agenda_hint.clone()),
            );
        }
    }
    for item in &loaded.items {
        if !seen.contains(&item.item.number) && !record.items.is_empty() {
            problems.push(
                decisions
                    .spans
                    .warning(
                        "items",
                        format!(
                            "items: agenda item {} has no entry: the draft minutes show its title only",
                            item.item.number
                        ),
                    )
                    .with_hint(format!(
                        "add `- item: {}` with its `minute:` (and `outcome:` if something was decided)",
                        item.item.number
                    )),
            );
        }
    }
}

/// The record is published after the meeting, and a call-in deadline the clerk announced falls
/// after that (and, if shorter than the council's period, is worth a second look).
fn check_dates(
    loaded: &LoadedMeeting,
    decisions: &LoadedDecisions,
    council: &CouncilConfig,
    problems: &mut Diagnostics,
) {
    let record = &decisions.decisions;
    let place = &decisions.spans;
    let meeting_date = loaded.meeting.date;
    if record.published < meeting_date {
        problems.push(
            place
                .error(
                    "published",
                    format!(
                        "published: the record of decisions is dated {}, before the meeting on {}",
                        long_date(record.published),
                        long_date(meeting_date)
                    ),
                )
                .with_hint("give the day the record of decisions was published, after the meeting"),
        );
    }
    let Some(deadline) = record.call_in_deadline else {
        return;
    };
    if deadline <= record.published {
        problems.push(
            place
                .error(
                    "call_in_deadline",
                    format!(
                        "call_in_deadline: the call-in deadline {} is not after the publication \
                         date {}: the call-in period starts when the decisions are published",
                        long_date(deadline),
                        long_date(record.published)
                    ),
                )
                .with_hint(format!(
                    "remove `call_in_deadline:` to use {} ({} clear working days), or correct it",
                    long_date(call_in_deadline(
                        record.published,
                        council.call_in_days,
                        loaded.meeting.jurisdiction,
                        &council.closure_days
                    )),
                    council.call_in_days
                )),
        );
        return;
    }
    let computed = call_in_deadline(
        record.published,
        council.call_in_days,
        loaded.meeting.jurisdiction,
        &council.closure_days,
    );
    if deadline < computed {
        problems.push(
            place
                .warning(
                    "call_in_deadline",
                    format!(
                        "call_in_deadline: {} leaves fewer than the council's {} clear working \
                         days for call-in (they end on {})",
                        long_date(deadline),
                        council.call_in_days,
                        long_date(computed)
                    ),
                )
                .with_hint("check the date announced, or remove it to use the computed one"),
        );
    }
}

fn check_entry(
    entry: &ItemDecision,
    item: &LoadedItem,
    place: &Within,
    problems: &mut Diagnostics,
) {
    let number = &entry.item;
    let recommendations = item.report.as_ref().map_or(0, |report| {
        report
            .report
            .recommendations
            .iter()
            .map(|group| group.items.len())
            .sum::<usize>()
    });
    let has_text = |text: &Option<String>| text.as_deref().is_some_and(|t| !t.trim().is_empty());
    let outcome = entry.outcome;
    if let Some(chosen) = &entry.recommendations {
        if outcome != Some(Outcome::AsRecommended) {
            problems.push(
                place
                    .error(
                        "recommendations",
                        format!(
                            "items: item {number}: `recommendations:` names the recommendations \
                             agreed as written, so it goes with `outcome: as-recommended`"
                        ),
                    )
                    .with_hint("with `amended`, write the whole resolution in `resolution:`"),
            );
        }
        for (index, &n) in chosen.iter().enumerate() {
            if n == 0 || n as usize > recommendations {
                problems.push(
                    place
                        .error(
                            &format!("recommendations[{index}]"),
                            format!(
                                "items: item {number}: recommendation {n} does not exist: the \
                                 report makes {recommendations} recommendation{}",
                                if recommendations == 1 { "" } else { "s" }
                            ),
                        )
                        .with_hint(format!(
                            "number the report's recommendations from 1 to {recommendations}"
                        )),
                );
            }
        }
    }
    match outcome {
        Some(Outcome::AsRecommended) if item.report.is_none() => problems.push(
            place
                .error(
                    "outcome",
                    format!(
                        "items: item {number} has no report, so there are no recommendations to \
                         agree as recommended"
                    ),
                )
                .with_hint("use `outcome: resolved` with the resolution in `resolution:`"),
        ),
        Some(Outcome::AsRecommended) if has_text(&entry.resolution) => problems.push(
            place
                .error(
                    "resolution",
                    format!(
                        "items: item {number} is resolved as recommended, so its text is the \
                         report's; `resolution:` would be a second, different text"
                    ),
                )
                .with_hint("use `outcome: amended` when the resolution differs from the report"),
        ),
        Some(kind) if kind.needs_resolution() && !has_text(&entry.resolution) => problems.push(
            place
                .error(
                    "resolution",
                    format!(
                        "items: item {number} is `{}` but has no `resolution:` text",
                        kind.key()
                    ),
                )
                .with_hint("write the resolution as it was agreed: `resolution: That ...`"),
        ),
        _ => {}
    }
    if entry.urgent.is_some() && !has_text(&entry.urgent) {
        problems.push(
            place
                .error(
                    "urgent",
                    format!("items: item {number}: `urgent:` needs the reason"),
                )
                .with_hint(
                    "say why the decision cannot wait for the call-in period; the record prints it",
                ),
        );
    }
    let exempt = item.item.exempt.is_some()
        || item
            .report
            .as_ref()
            .is_some_and(|r| r.report.exempt.is_some());
    if exempt && outcome.is_some() && !has_text(&entry.public_summary) {
        problems.push(
            place
                .error(
                    "public_summary",
                    format!(
                        "items: item {number} is exempt, so the public record of decisions \
                         needs a `public_summary:` of the decision"
                    ),
                )
                .with_hint(
                    "write what may be published, for example: Cabinet agreed to acquire the \
                     site; the full resolution goes only in the private papers",
                ),
        );
    }
}
