//! What the record of decisions, the draft minutes and the forward plan templates see. Each
//! agenda item with its minute number and decision; a resolution "as recommended" is the
//! report's own recommendation text. The public view of an exempt item holds its title, its
//! paragraph and the public summary only: its resolution, reasons and minute never enter it.

use super::dates::DateWords;
use super::{item_stem, Renderer};
use crate::diagnostics::Diagnostics;
use crate::input::decisions::{Attendee, Declaration, InterestKind, ItemDecision, Outcome};
use crate::input::load::{LoadedDecisions, LoadedItem, LoadedMeeting};
use crate::input::model::{CouncilConfig, Decision, ItemNumber, KeyDecisionException, Report};
use chrono::NaiveDate;
use serde::Serialize;

/// The call-in period, computed by the rules from the council's calendar.
#[derive(Debug, Clone, Copy)]
pub struct CallInDates {
    pub deadline: NaiveDate,
    pub implement_from: NaiveDate,
}

#[derive(Debug, Clone, Serialize)]
pub struct RecordView {
    /// "3 December 2015": the day the record was published.
    pub published: String,
    pub published_weekday: String,
    /// Whether this body's decisions can be called in at all.
    pub call_in: bool,
    pub call_in_deadline: String,
    pub call_in_deadline_weekday: String,
    pub call_in_days: u32,
    pub call_in_time: Option<String>,
    pub implement_from: String,
    pub implement_from_weekday: String,
    pub present: Vec<PersonView>,
    pub apologies: Vec<String>,
    pub substitutes: Vec<SubstituteView>,
    pub also_present: Vec<PersonView>,
    pub officers: Vec<PersonView>,
    pub declarations: Vec<DeclarationView>,
    /// Every agenda item, in order, whether or not something was recorded for it.
    pub items: Vec<DecisionItemView>,
    /// Whether any item of this view is held back as exempt.
    pub has_withheld: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct PersonView {
    pub name: String,
    pub role: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SubstituteView {
    pub name: String,
    pub substitute_for: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct DeclarationView {
    pub member: String,
    pub item: ItemNumber,
    pub minute: String,
    /// `disclosable-pecuniary`, `other-registrable`...: the template words it.
    pub kind: &'static str,
    pub interest: String,
    pub dispensation: Option<String>,
    pub withdrew: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct DecisionItemView {
    pub number: ItemNumber,
    /// The minute number as printed ("45", "CAB.45").
    pub minute: String,
    pub title: String,
    pub report_of: Option<String>,
    /// The item's page (`items/<stem>.html`), for report items.
    pub stem: Option<String>,
    pub exempt: Option<u8>,
    /// True in the public view of an exempt item: only the title, paragraph and summary show.
    pub withheld: bool,
    pub key_decision: bool,
    pub key_decision_ref: Option<String>,
    /// Set when something was recorded for the item.
    pub recorded: bool,
    /// `as-recommended`, `amended`, `resolved`, `deferred`, `withdrawn`, `noted`.
    pub outcome: Option<&'static str>,
    /// Whether the outcome is a decision (as recommended, amended or resolved).
    pub decided: bool,
    /// Whether the record of decisions lists it: a report item with an outcome (procedural
    /// resolutions, such as approving the last minutes, are in the minutes only).
    pub in_record: bool,
    /// The resolution, one entry per numbered part (HTML).
    pub resolutions: Vec<String>,
    pub narrative: Option<String>,
    pub reasons: Option<String>,
    pub alternatives: Option<String>,
    pub public_summary: Option<String>,
    pub subject_to_call_in: bool,
    /// Why the decision is exempt from call-in.
    pub urgent: Option<String>,
    pub declarations: Vec<DeclarationView>,
}

/// The record of decisions and the minutes' content for one audience: `private` includes the
/// full text of exempt items, the public view their title, paragraph and summary only.
pub fn record_view(
    loaded: &LoadedMeeting,
    decisions: &LoadedDecisions,
    council: &CouncilConfig,
    call_in: CallInDates,
    private: bool,
    words: &DateWords,
) -> Result<RecordView, Diagnostics> {
    let record = &decisions.decisions;
    let mut r = Renderer {
        file: &decisions.file,
        spans: &decisions.spans,
        problems: Diagnostics::default(),
    };
    let first = record.first_minute.unwrap_or(council.first_minute_number);
    let minute_of = |number: &ItemNumber| {
        let index = loaded
            .items
            .iter()
            .position(|i| i.item.number == *number)
            .unwrap_or(0);
        format!("{}{}", council.minute_prefix, first as usize + index)
    };
    let declarations: Vec<DeclarationView> = record
        .declarations
        .iter()
        .map(|d| declaration_view(d, minute_of(&d.item), &mut r))
        .collect();
    let mut items = Vec::new();
    for (index, item) in loaded.items.iter().enumerate() {
        let entry = record.items.iter().find(|e| e.item == item.item.number);
        let context = ItemContext {
            item,
            minute: format!("{}{}", council.minute_prefix, first as usize + index),
            body_call_in: record.call_in,
            private,
            declarations: declarations
                .iter()
                .filter(|d| d.item == item.item.number)
                .cloned()
                .collect(),
        };
        let before = r.problems.0.len();
        items.push(item_view(&context, entry, &mut r)?);
        if items.last().is_some_and(|i| i.exempt.is_some()) {
            // A problem in an exempt decision's text quotes none of it.
            let mut found = Diagnostics(r.problems.0.split_off(before));
            found.withhold_all_quotes();
            r.problems.extend(found);
        }
    }
    if r.problems.has_errors() {
        return Err(r.problems);
    }
    let attendance = &record.attendance;
    Ok(RecordView {
        published: words.long_date(record.published),
        published_weekday: words.weekday(record.published),
        call_in: record.call_in,
        call_in_deadline: words.long_date(call_in.deadline),
        call_in_deadline_weekday: words.weekday(call_in.deadline),
        call_in_days: council.call_in_days,
        call_in_time: council.call_in_time.clone(),
        implement_from: words.long_date(call_in.implement_from),
        implement_from_weekday: words.weekday(call_in.implement_from),
        present: people(&attendance.present),
        apologies: attendance.apologies.clone(),
        substitutes: attendance
            .substitutes
            .iter()
            .map(|s| SubstituteView {
                name: s.name.clone(),
                substitute_for: s.substitute_for.clone(),
            })
            .collect(),
        also_present: people(&attendance.also_present),
        officers: people(&attendance.officers),
        declarations,
        has_withheld: items.iter().any(|i| i.withheld),
        items,
    })
}

fn people(list: &[Attendee]) -> Vec<PersonView> {
    list.iter()
        .map(|p| PersonView {
            name: p.name.clone(),
            role: p.role.clone(),
        })
        .collect()
}

fn declaration_view(d: &Declaration, minute: String, r: &mut Renderer) -> DeclarationView {
    DeclarationView {
        member: d.member.clone(),
        item: d.item.clone(),
        minute,
        kind: interest_key(d.kind),
        interest: r.inline("declarations.interest", &d.interest),
        dispensation: d
            .dispensation
            .as_ref()
            .map(|t| r.inline("declarations.dispensation", t)),
        withdrew: d.withdrew,
    }
}

fn interest_key(kind: InterestKind) -> &'static str {
    match kind {
        InterestKind::DisclosablePecuniary => "disclosable-pecuniary",
        InterestKind::OtherRegistrable => "other-registrable",
        InterestKind::NonRegistrable => "non-registrable",
        InterestKind::Personal => "personal",
        InterestKind::Prejudicial => "prejudicial",
    }
}

struct ItemContext<'a> {
    item: &'a LoadedItem,
    minute: String,
    body_call_in: bool,
    private: bool,
    declarations: Vec<DeclarationView>,
}

fn item_view(
    context: &ItemContext,
    entry: Option<&ItemDecision>,
    r: &mut Renderer,
) -> Result<DecisionItemView, Diagnostics> {
    let loaded = context.item;
    let item = &loaded.item;
    let report = loaded.report.as_ref().map(|l| &l.report);
    let title = item
        .title
        .clone()
        .or_else(|| report.map(|rep| rep.title.clone()))
        .unwrap_or_default();
    let exempt = item
        .exempt
        .or(report.and_then(|rep| rep.exempt))
        .map(|p| p.0);
    let withheld = exempt.is_some() && !context.private;
    let outcome = entry.and_then(|e| e.outcome);
    let decided = outcome.is_some_and(Outcome::decides);
    let mut view = DecisionItemView {
        number: item.number.clone(),
        minute: context.minute.clone(),
        stem: report.map(|_| item_stem(&item.number, &title)),
        report_of: report.map(|rep| rep.report_of.clone()),
        title,
        exempt,
        withheld,
        key_decision: report.is_some_and(|rep| rep.decision == Decision::Key),
        key_decision_ref: report.and_then(|rep| rep.key_decision_ref.clone()),
        recorded: entry.is_some(),
        outcome: outcome.map(Outcome::key),
        decided,
        in_record: outcome.is_some() && report.is_some(),
        resolutions: Vec::new(),
        narrative: None,
        reasons: None,
        alternatives: None,
        public_summary: entry
            .and_then(|e| e.public_summary.as_ref())
            .map(|t| r.html("items.public_summary", t)),
        subject_to_call_in: context.body_call_in
            && decided
            && report.is_some()
            && entry.is_some_and(|e| e.urgent.is_none()),
        urgent: None,
        declarations: context.declarations.clone(),
    };
    let Some(entry) = entry else {
        return Ok(view);
    };
    if withheld {
        // Only the title, paragraph, summary and whether call-in applies reach the public.
        return Ok(view);
    }
    view.resolutions = resolutions(loaded, entry, r)?;
    view.narrative = entry.minute.as_ref().map(|t| r.html("items.minute", t));
    view.reasons = entry.reasons.as_ref().map(|t| r.html("items.reasons", t));
    view.alternatives = entry
        .alternatives
        .as_ref()
        .map(|t| r.html("items.alternatives", t));
    view.urgent = entry.urgent.as_ref().map(|t| r.inline("items.urgent", t));
    Ok(view)
}

/// The resolution's parts: the report's recommendations agreed as written (all, or those
/// numbered), or the resolution the clerk wrote.
fn resolutions(
    loaded: &LoadedItem,
    entry: &ItemDecision,
    r: &mut Renderer,
) -> Result<Vec<String>, Diagnostics> {
    if entry.outcome != Some(Outcome::AsRecommended) {
        return Ok(entry
            .resolution
            .iter()
            .map(|t| r.html("items.resolution", t))
            .collect());
    }
    let Some(report) = &loaded.report else {
        return Ok(Vec::new());
    };
    let mut from_report = Renderer {
        file: &report.file,
        spans: &report.spans,
        problems: Diagnostics::default(),
    };
    let all: Vec<&String> = report
        .report
        .recommendations
        .iter()
        .flat_map(|group| &group.items)
        .collect();
    let chosen: Vec<String> = match &entry.recommendations {
        None => all
            .iter()
            .map(|t| from_report.html("recommendations.items", t))
            .collect(),
        Some(numbers) => numbers
            .iter()
            .filter_map(|&n| all.get((n as usize).wrapping_sub(1)))
            .map(|t| from_report.html("recommendations.items", t))
            .collect(),
    };
    if from_report.problems.has_errors() {
        return Err(from_report.problems);
    }
    Ok(chosen)
}

/// The forward plan (notice of key decisions) of one council.
#[derive(Debug, Clone, Serialize)]
pub struct ForwardPlanView {
    pub council: String,
    pub lang: String,
    /// The locale of `lang`: date names and the wording of the PDF's properties.
    #[serde(skip)]
    pub words: DateWords,
    /// The day this edition is published, when given.
    pub published: Option<String>,
    pub entries: Vec<PlanEntryView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PlanEntryView {
    pub reference: Option<String>,
    pub title: String,
    /// What the decision is about (the report's purpose); absent for an exempt report.
    pub purpose: Option<String>,
    pub decision_maker: String,
    pub date: String,
    pub date_iso: String,
    pub report_of: String,
    pub exempt: Option<u8>,
    pub consultation: Option<String>,
    /// The day the decision was first published in the plan.
    pub notice: Option<String>,
    /// `general-exception` or `special-urgency` when taken with less than 28 days' notice.
    pub exception: Option<&'static str>,
    pub exception_notice: Option<String>,
    pub exception_agreed_by: Option<String>,
}

/// Every key decision of `meetings` (one council's), in date order; with a publication date,
/// those to be taken on or after it.
pub fn forward_plan_view(
    council: &CouncilConfig,
    meetings: &[LoadedMeeting],
    published: Option<NaiveDate>,
    words: &DateWords,
) -> Result<ForwardPlanView, Diagnostics> {
    let mut entries: Vec<(NaiveDate, ItemNumber, PlanEntryView)> = Vec::new();
    let mut problems = Diagnostics::default();
    for loaded in meetings {
        let meeting = &loaded.meeting;
        if published.is_some_and(|p| meeting.date < p) {
            continue;
        }
        for item in &loaded.items {
            let Some(report) = &item.report else {
                continue;
            };
            if report.report.decision != Decision::Key {
                continue;
            }
            let mut r = Renderer {
                file: &report.file,
                spans: &report.spans,
                problems: Diagnostics::default(),
            };
            let entry = plan_entry(loaded, item, &report.report, words, &mut r);
            problems.extend(r.problems);
            entries.push((meeting.date, item.item.number.clone(), entry));
        }
    }
    if problems.has_errors() {
        return Err(problems);
    }
    entries.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    Ok(ForwardPlanView {
        council: council.name.clone(),
        lang: forward_plan_lang(meetings).to_string(),
        words: words.clone(),
        published: published.map(|d| words.long_date(d)),
        entries: entries.into_iter().map(|(_, _, entry)| entry).collect(),
    })
}

/// The language of a council's forward plan: its first meeting's.
pub fn forward_plan_lang(meetings: &[LoadedMeeting]) -> &str {
    meetings
        .first()
        .map_or("en-GB", |m| m.meeting.lang.as_str())
}

fn plan_entry(
    loaded: &LoadedMeeting,
    item: &LoadedItem,
    report: &Report,
    words: &DateWords,
    r: &mut Renderer,
) -> PlanEntryView {
    let long_date = |date: NaiveDate| words.long_date(date);
    let meeting = &loaded.meeting;
    let exempt = item.item.exempt.or(report.exempt).map(|p| p.0);
    let public = exempt.is_none();
    let (exception, exception_notice, exception_agreed_by) = match &report.key_decision_exception {
        Some(KeyDecisionException::GeneralException { notice }) => {
            (Some("general-exception"), Some(long_date(*notice)), None)
        }
        Some(KeyDecisionException::SpecialUrgency {
            agreed_by, notice, ..
        }) => (
            Some("special-urgency"),
            notice.map(long_date),
            Some(agreed_by.clone()),
        ),
        None => (None, None, None),
    };
    PlanEntryView {
        reference: report.key_decision_ref.clone(),
        title: item.item.title.clone().unwrap_or(report.title.clone()),
        purpose: public.then(|| r.html("purpose", &report.purpose)),
        decision_maker: meeting.committee.clone(),
        date: long_date(meeting.date),
        date_iso: meeting.date.to_string(),
        report_of: report.report_of.clone(),
        exempt,
        consultation: report
            .consultation
            .as_ref()
            .filter(|_| public)
            .map(|t| r.html("consultation", t)),
        notice: report.key_decision_notice.map(long_date),
        exception,
        exception_notice,
        exception_agreed_by,
    }
}
