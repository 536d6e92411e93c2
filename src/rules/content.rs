//! Content every report needs (purpose, recommendations, contact officer, background papers,
//! and what the council's configuration requires), appendices that the text mentions but the
//! report does not list, and action-plan rows without a lead or a date.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::input::load::{LoadedAppendix, LoadedMeeting, LoadedReport};
use crate::input::model::{
    ActionPlan, Appendix, Column, Content, ContentBlock, CouncilConfig, ImplicationKind, Report,
    RoundChoice,
};
use crate::input::spans::Spans;
use chrono::NaiveDate;

pub(super) fn check(loaded: &LoadedMeeting, council: &CouncilConfig, problems: &mut Diagnostics) {
    for unknown in check_required_names(&council.required) {
        problems.push(
            Diagnostic::error(
                &loaded.file,
                0,
                0,
                format!("council configuration: required: unknown entry `{unknown}`"),
            )
            .with_hint(
                "use section151_comments, monitoring_officer_comments or implications.<kind> \
                 (legal, financial, risk, equality...)",
            ),
        );
    }
    for report in loaded.items.iter().filter_map(|item| item.report.as_ref()) {
        check_report(report, council, problems);
        check_appendix_mentions(report, problems);
        check_untagged_appendices(report, problems);
        check_unmendable_fonts(report, problems);
        for (appendix, content) in report.report.appendices.iter().zip(&report.appendices) {
            if let LoadedAppendix::ActionPlan { spans, plan, .. } = content {
                check_action_plan_rows(spans, plan, problems);
                check_late_rounds(spans, plan, &appendix.rounds, loaded.meeting.date, problems);
            }
        }
    }
}

/// The entries of `council.required` that name nothing this engine can check.
pub fn check_required_names(required: &[String]) -> Vec<String> {
    required
        .iter()
        .filter(|name| requirement(name).is_none())
        .cloned()
        .collect()
}

/// What a `required:` entry asks for.
enum Requirement {
    Section151Comments,
    MonitoringOfficerComments,
    Implication(ImplicationKind),
}

fn requirement(name: &str) -> Option<Requirement> {
    match name.trim() {
        "section151_comments" => Some(Requirement::Section151Comments),
        "monitoring_officer_comments" => Some(Requirement::MonitoringOfficerComments),
        other => other
            .strip_prefix("implications.")
            .and_then(|kind| serde_yaml::from_str::<ImplicationKind>(kind).ok())
            .map(Requirement::Implication),
    }
}

fn check_report(loaded: &LoadedReport, council: &CouncilConfig, problems: &mut Diagnostics) {
    let report = &loaded.report;
    let mut missing = |path: &str, message: String, hint: &str| {
        problems.push(loaded.spans.error(path, message).with_hint(hint));
    };
    if is_blank(&report.purpose) {
        missing(
            "purpose",
            "purpose: the report has no purpose".into(),
            "say in a sentence or two what the report is for",
        );
    }
    if report
        .recommendations
        .iter()
        .all(|group| group.items.iter().all(|item| is_blank(item)))
    {
        missing(
            "recommendations",
            "recommendations: the report makes no recommendations".into(),
            "list what the committee is asked to decide or note under `recommendations: - items:`",
        );
    }
    if report.background_papers.iter().all(|paper| is_blank(paper)) {
        missing(
            "background_papers",
            "background_papers: no background papers are listed".into(),
            "list them, or write `- None` when there are none (LGA 1972 s100D)",
        );
    }
    if is_blank(&report.contact.name) {
        missing(
            "contact.name",
            "contact.name: the report has no contact officer".into(),
            "name the officer who can answer questions on the report",
        );
    }
    if !has_text(&report.contact.email) && !has_text(&report.contact.telephone) {
        missing(
            "contact",
            "contact: the contact officer has neither an email address nor a telephone number"
                .into(),
            "add `email:` or `telephone:` under `contact:`",
        );
    }
    for name in &council.required {
        if let Some(requirement) = requirement(name) {
            if !meets(report, &requirement) {
                missing(
                    requirement_field(&requirement),
                    format!("{name}: {} requires this in every report", council.name),
                    &requirement_hint(&requirement),
                );
            }
        }
    }
}

fn meets(report: &Report, requirement: &Requirement) -> bool {
    match requirement {
        Requirement::Section151Comments => has_text(&report.section151_comments),
        Requirement::MonitoringOfficerComments => has_text(&report.monitoring_officer_comments),
        Requirement::Implication(kind) => report
            .implications
            .iter()
            .any(|implication| implication.kind == *kind),
    }
}

/// Where a requirement is written in a report (its mapping, when it is not).
fn requirement_field(requirement: &Requirement) -> &'static str {
    match requirement {
        Requirement::Section151Comments => "section151_comments",
        Requirement::MonitoringOfficerComments => "monitoring_officer_comments",
        Requirement::Implication(_) => "implications",
    }
}

fn requirement_hint(requirement: &Requirement) -> String {
    match requirement {
        Requirement::Section151Comments => {
            "add the chief finance officer's comments: `section151_comments: ...`".to_string()
        }
        Requirement::MonitoringOfficerComments => {
            "add the monitoring officer's comments: `monitoring_officer_comments: ...`".to_string()
        }
        Requirement::Implication(kind) => format!(
            "add an implications block: `implications: - kind: {}`",
            serde_yaml::to_string(kind).unwrap_or_default().trim_end()
        ),
    }
}

fn is_blank(text: &str) -> bool {
    text.trim().is_empty()
}

fn has_text(text: &Option<String>) -> bool {
    text.as_deref().is_some_and(|text| !is_blank(text))
}

/// Each appendix given as an existing PDF: its index, its entry, what was loaded, its file name.
fn pdf_appendices(
    loaded: &LoadedReport,
) -> impl Iterator<Item = (usize, &Appendix, &LoadedAppendix, &str)> {
    let appendices = loaded.report.appendices.iter().zip(&loaded.appendices);
    appendices
        .enumerate()
        .filter_map(|(index, (appendix, content))| {
            let pdf = appendix.pdf.as_deref()?;
            Some((index, appendix, content, pdf))
        })
}

/// An untagged PDF appendix cannot be read in order by a screen reader, and nothing here can
/// mend that: the clerk should ask its author for an accessible (tagged) version.
fn check_untagged_appendices(loaded: &LoadedReport, problems: &mut Diagnostics) {
    for (index, appendix, content, pdf) in pdf_appendices(loaded) {
        if !matches!(content, LoadedAppendix::Pdf { tagged: false, .. }) {
            continue;
        }
        problems.push(
            loaded
                .spans
                .warning(
                    &format!("appendices[{index}].pdf"),
                    format!(
                        "appendices: appendix {} ({pdf}) is not a tagged PDF: screen readers cannot read it in order, and the papers that include it will not claim PDF/UA",
                        appendix.label
                    ),
                )
                .with_hint(
                    "ask its author for an accessible version (in Word: File > Save as > PDF with \"Document structure tags for accessibility\" ticked)",
                ),
        );
    }
}

/// A font a PDF appendix does not embed, and that no Liberation face can stand in for, stays
/// unembedded in the papers: readers substitute whatever they have, and the papers cannot claim
/// PDF/UA.
fn check_unmendable_fonts(loaded: &LoadedReport, problems: &mut Diagnostics) {
    for (index, appendix, content, pdf) in pdf_appendices(loaded) {
        let LoadedAppendix::Pdf {
            unmendable_fonts, ..
        } = content
        else {
            continue;
        };
        for font in unmendable_fonts {
            problems.push(
                loaded
                    .spans
                    .warning(
                        &format!("appendices[{index}].pdf"),
                        format!(
                            "appendices: appendix {} ({pdf}) uses the font {font} without embedding it, and no Liberation face can stand in for it: readers will show it in another font, and the papers that include it will not claim PDF/UA",
                            appendix.label
                        ),
                    )
                    .with_hint(
                        "ask its author for a copy with its fonts embedded (in Word: File > Options > Save > Embed fonts in the file)",
                    ),
            );
        }
    }
}

fn check_appendix_mentions(loaded: &LoadedReport, problems: &mut Diagnostics) {
    let report = &loaded.report;
    let listed: Vec<&str> = report.appendices.iter().map(|a| a.label.trim()).collect();
    let mut reported: Vec<String> = Vec::new();
    for (field, text) in report_texts(report) {
        for mention in appendix_mentions(text) {
            let known = listed
                .iter()
                .any(|label| label.eq_ignore_ascii_case(&mention.label));
            if known || reported.contains(&mention.label) {
                continue;
            }
            let path = loaded.spans.path_of_value(field, text).unwrap_or(field);
            let mut diagnostic = loaded.spans.error(
                path,
                format!(
                    "appendices: the report mentions \"{}\" but lists no appendix {}",
                    mention.text, mention.label
                ),
            );
            if let Some(at) = loaded.spans.in_value(path, &mention.text) {
                diagnostic.line = at.line;
                diagnostic.column = at.column;
            }
            let listed_text = if listed.is_empty() {
                "none".to_string()
            } else {
                listed.join(", ")
            };
            problems.push(diagnostic.with_hint(format!(
                "add it under `appendices:` (`- label: {}` with a `title:`), or correct the \
                 reference; appendices listed: {listed_text}",
                mention.label
            )));
            reported.push(mention.label);
        }
    }
}

/// A reference such as "Appendix B" found in a report's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppendixMention {
    /// "B", "2".
    pub label: String,
    /// The words as written ("appendix 2").
    pub text: String,
}

/// Every "Appendix X" in `text`, where X is a capital letter or a number; "appendix" in any
/// case. A lower-case letter is not taken as a label ("an appendix a page long").
pub fn appendix_mentions(text: &str) -> Vec<AppendixMention> {
    const WORD: &str = "appendix";
    let bytes = text.as_bytes();
    let mut mentions = Vec::new();
    let mut start = 0;
    while let Some(offset) = find_ignore_ascii_case(&bytes[start..], WORD.as_bytes()) {
        let word_start = start + offset;
        let after_word = word_start + WORD.len();
        start = after_word;
        let starts_word = word_start == 0 || !bytes[word_start - 1].is_ascii_alphanumeric();
        if !starts_word {
            continue;
        }
        let rest = &text[after_word..];
        let label_start = rest.len() - rest.trim_start().len();
        if label_start == 0 {
            continue;
        }
        let label: String = rest[label_start..]
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect();
        if is_appendix_label(&label) {
            let end = after_word + label_start + label.len();
            mentions.push(AppendixMention {
                label,
                text: text[word_start..end].to_string(),
            });
        }
    }
    mentions
}

fn is_appendix_label(label: &str) -> bool {
    let single_capital = label.len() == 1 && label.chars().all(|c| c.is_ascii_uppercase());
    let number = !label.is_empty() && label.len() <= 3 && label.chars().all(|c| c.is_ascii_digit());
    single_capital || number
}

/// Byte offset of `needle` (ASCII) in `haystack`, ignoring ASCII case. ASCII bytes never occur
/// inside a multi-byte UTF-8 character, so the offset is a character boundary.
fn find_ignore_ascii_case(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window.eq_ignore_ascii_case(needle))
}

/// All the prose of a report in which an appendix could be mentioned, each with its field
/// (`recommendations.items`), by which the value is found among the parsed ones.
pub(super) fn report_texts<'a>(report: &'a Report) -> Vec<(&'static str, &'a str)> {
    let mut texts = vec![
        ("title", report.title.as_str()),
        ("purpose", report.purpose.as_str()),
    ];
    let mut add = |field: &'static str, found: Vec<&'a str>| {
        texts.extend(found.into_iter().map(|text| (field, text)));
    };
    let mut found = Vec::new();
    for group in &report.recommendations {
        found.extend(group.items.iter().map(String::as_str));
    }
    add("recommendations.items", std::mem::take(&mut found));
    for section in &report.sections {
        add("sections.title", vec![section.title.as_str()]);
        content_texts(&section.content, &mut found);
        add("sections.content", std::mem::take(&mut found));
    }
    for implication in &report.implications {
        found.extend(implication.heading.as_deref());
        found.extend(implication.qualifier.as_deref());
        content_texts(&implication.content, &mut found);
        add("implications", std::mem::take(&mut found));
    }
    add(
        "section151_comments",
        report
            .section151_comments
            .iter()
            .map(String::as_str)
            .collect(),
    );
    add(
        "monitoring_officer_comments",
        report
            .monitoring_officer_comments
            .iter()
            .map(String::as_str)
            .collect(),
    );
    add(
        "background_papers",
        report
            .background_papers
            .iter()
            .map(String::as_str)
            .collect(),
    );
    for appendix in &report.appendices {
        content_texts(&appendix.content, &mut found);
        add("appendices.content", std::mem::take(&mut found));
    }
    texts
}

fn content_texts<'a>(content: &'a [Content], texts: &mut Vec<&'a str>) {
    for piece in content {
        match piece {
            Content::Paragraph(text) => texts.push(text),
            Content::Block(block) => match block {
                ContentBlock::Heading(text) | ContentBlock::Note(text) => texts.push(text),
                ContentBlock::Lettered(items) | ContentBlock::Bullets(items) => {
                    texts.extend(items.iter().map(String::as_str))
                }
                ContentBlock::Options(options) => {
                    for option in options {
                        texts.push(&option.option);
                        texts.extend(option.advantages.as_deref());
                        texts.extend(option.disadvantages.as_deref());
                        texts.extend(option.risks.as_deref());
                    }
                }
                ContentBlock::Table(table) => {
                    texts.extend(table.caption.as_deref());
                    texts.extend(table.headings.iter().map(String::as_str));
                    texts.extend(table.rows.iter().flatten().map(String::as_str));
                }
            },
        }
    }
}

/// Action rows should say who leads and by when; a gap is a warning, since plans are often
/// taken to committee while still being completed.
fn check_action_plan_rows(spans: &Spans, plan: &ActionPlan, problems: &mut Diagnostics) {
    let lead = find_column(&plan.columns, |name| name == "lead");
    let when = find_column(&plan.columns, |name| name.starts_with("when"));
    for (index, row) in plan.rows.iter().enumerate() {
        if row.section.is_some() {
            continue;
        }
        let cell = |column: Option<&Column>| {
            column
                .and_then(|c| row.cells.get(&c.key))
                .map(|t| t.trim())
                .unwrap_or("")
        };
        let label = row_label(&plan.columns, &row.cells);
        let row_at = spans.within(format!("rows[{index}].cells"));
        if let Some(column) = lead.filter(|_| cell(lead).is_empty()) {
            problems.push(
                row_at
                    .warning(
                        &column.key,
                        format!("rows[{index}]: action \"{label}\" has no lead"),
                    )
                    .with_hint(format!("name who leads it in `{}:`", column.key)),
            );
        }
        if let Some(column) = when.filter(|_| cell(when).is_empty()) {
            problems.push(
                row_at
                    .warning(
                        &column.key,
                        format!(
                            "rows[{index}]: action \"{label}\" has no date ({})",
                            column.heading
                        ),
                    )
                    .with_hint(format!(
                        "give a date in `{}:`, or write `ongoing`",
                        column.key
                    )),
            );
        }
    }
}

/// An update round dated after the meeting cannot be the one reported to it: it is left out of
/// the papers (or shown, when the report names it), and either way the clerk is told.
fn check_late_rounds(
    spans: &Spans,
    plan: &ActionPlan,
    choice: &RoundChoice,
    meeting: NaiveDate,
    problems: &mut Diagnostics,
) {
    let rounds = plan.update_rounds.iter().enumerate();
    for (index, round) in rounds.filter(|(_, round)| round.date > meeting) {
        let named = matches!(choice, RoundChoice::Named(names)
            if names.iter().any(|name| name.trim().eq_ignore_ascii_case(round.heading.trim())));
        let what = if named {
            "shown because the report names it"
        } else {
            "not shown"
        };
        problems.push(
            spans
                .warning(
                    &format!("update_rounds[{index}].heading"),
                    format!(
                        "update_rounds: the round \"{}\" is dated {}, after the meeting on {}: {what}",
                        round.heading, round.date, meeting
                    ),
                )
                .with_hint(format!(
                    "if it is the update for this meeting, date it on or before {meeting}; a spreadsheet's \"Update <month> <year>\" column is dated the last day of that month"
                )),
        );
    }
}

/// A column whose key or heading, lower-cased, satisfies `matches`.
fn find_column(columns: &[Column], matches: impl Fn(&str) -> bool) -> Option<&Column> {
    columns.iter().find(|column| {
        matches(&column.key.to_lowercase()) || matches(&column.heading.trim().to_lowercase())
    })
}

/// The first line of a row's first filled cell, to name the row in a message.
fn row_label(columns: &[Column], cells: &std::collections::BTreeMap<String, String>) -> String {
    let first = columns
        .iter()
        .filter_map(|column| cells.get(&column.key))
        .find(|text| !is_blank(text))
        .map(|text| text.trim().lines().next().unwrap_or("").to_string())
        .unwrap_or_default();
    let short: String = first.chars().take(60).collect();
    if short.len() < first.len() {
        format!("{short}…")
    } else {
        short
    }
}
