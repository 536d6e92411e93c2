//! The template context: the model prepared for the templates. Markdown becomes safe HTML,
//! dates are spelt out, paragraphs get their sequence numbers and an action plan is taken as of
//! the meeting's date. Wording, headings and numbering style stay in the templates.

pub mod dates;
pub mod decisions;
pub mod markdown;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::input::load::{LoadedAppendix, LoadedItem, LoadedMeeting, LoadedReport};
use crate::input::model::{
    ActionPlan, Contact, Content, ContentBlock, Decision, ImplicationKind, ItemNumber, Meeting,
    PlanRow, Report, RoundChoice, StatusLevel, StatusScale, UpdateRound,
};
use crate::input::spans::Spans;
use chrono::NaiveDate;
use dates::DateWords;
use serde::Serialize;
use std::path::Path;

#[derive(Debug, Clone, Serialize)]
pub struct MeetingView {
    pub council: String,
    pub committee: String,
    pub date: String,
    pub date_iso: String,
    pub weekday: String,
    pub time: String,
    pub venue: String,
    pub jurisdiction: String,
    pub published: String,
    pub lang: String,
    pub membership: Vec<MemberView>,
    pub clerk: ContactView,
    pub notes: Vec<String>,
    /// Given to templates as the agenda's own `items`, not inside `meeting`: every item page
    /// would otherwise carry the whole agenda, a cost that grows with the square of the meeting.
    #[serde(skip)]
    pub items: Vec<AgendaItemView>,
    /// "Cabinet, 1 December 2015": the running footer.
    pub footer: String,
    /// Set for a supplementary pack (late items): which one.
    pub supplement: Option<SupplementView>,
    /// Every supplementary pack holding items, in order.
    pub late: Vec<SupplementView>,
    /// Whether the clerk has recorded the decisions (the record and minutes exist).
    pub decisions: bool,
    /// The agenda reports pack, on the web pages once it is built.
    pub pack: Option<DocumentLink>,
    /// The supplementary packs, in order, on the web pages once built.
    pub supplements: Vec<DocumentLink>,
    /// The record of decisions and the draft minutes as PDFs, once built.
    pub decisions_pdf: Option<DocumentLink>,
    pub minutes_pdf: Option<DocumentLink>,
    /// The meeting's locale: date names and the wording of the PDF document properties.
    #[serde(skip)]
    pub words: DateWords,
}

/// A supplementary agenda: its number, its own publication date and the chair's reason for
/// urgency.
#[derive(Debug, Clone, Serialize)]
pub struct SupplementView {
    pub number: u32,
    pub published: String,
    pub urgent: Option<String>,
}

impl MeetingView {
    /// The meeting as supplementary pack `number` shows it (`None`: the main pack).
    pub fn for_supplement(&mut self, number: Option<u32>) {
        self.supplement = number.and_then(|n| self.late.iter().find(|s| s.number == n).cloned());
    }
}

/// A published document as a web page links it: where it is and what the link says about it
/// (GOV.UK style: type, size and length in the link text).
#[derive(Debug, Clone, Serialize, serde::Deserialize, schemars::JsonSchema, PartialEq)]
pub struct DocumentLink {
    /// Relative to the root of the papers' folder (`pack.pdf`, `items/05-budget.pdf`).
    pub href: String,
    /// The file's size for people: `340 KB`, `1.2 MB`.
    pub size: String,
    /// The file's size in bytes.
    pub bytes: usize,
    pub pages: usize,
}

impl DocumentLink {
    pub fn new(href: impl Into<String>, bytes: usize, pages: usize) -> Self {
        DocumentLink {
            href: href.into(),
            size: human_size(bytes),
            bytes,
            pages,
        }
    }
}

/// A file size as GOV.UK writes it: whole kilobytes below a megabyte, one decimal above.
pub fn human_size(bytes: usize) -> String {
    const KB: f64 = 1024.0;
    let bytes = bytes as f64;
    if bytes < KB * KB {
        format!("{} KB", (bytes / KB).ceil().max(1.0))
    } else {
        format!("{:.1} MB", bytes / (KB * KB))
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct MemberView {
    pub name: String,
    pub role: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ContactView {
    pub name: String,
    pub title: Option<String>,
    pub telephone: Option<String>,
    pub email: Option<String>,
    pub reference: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AgendaItemView {
    pub number: ItemNumber,
    pub title: String,
    pub text: Option<String>,
    pub report_of: Option<String>,
    /// File stem of the item's pages (`05-peer-challenge-action-plan`), for report items.
    pub stem: Option<String>,
    pub exempt: Option<u8>,
    /// The number of the supplementary pack of a late item.
    pub supplement: Option<u32>,
    pub urgent: Option<String>,
    /// Page on which the item starts in the pack, once known.
    pub page: Option<usize>,
    /// The item's PDF, on the web pages once it is built.
    pub pdf: Option<DocumentLink>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReportView {
    pub title: String,
    pub committees: Vec<String>,
    pub date: String,
    pub report_of: String,
    pub portfolio_holder: Option<String>,
    pub wards: Option<String>,
    pub key_decision: bool,
    pub referral_from_cabinet_member: bool,
    pub key_decision_notice: Option<String>,
    pub budget_policy_framework: Option<bool>,
    pub exempt: Option<u8>,
    pub purpose: String,
    pub recommendations: Vec<RecommendationsView>,
    pub sections: Vec<SectionView>,
    /// How many sections are numbered (the number after the last one continues from here).
    pub numbered_sections: usize,
    pub implications: Vec<ImplicationView>,
    pub section151_comments: Option<String>,
    pub monitoring_officer_comments: Option<String>,
    pub background_papers: Vec<String>,
    pub appendices: Vec<AppendixView>,
    pub contact: ContactView,
}

#[derive(Debug, Clone, Serialize)]
pub struct RecommendationsView {
    pub to: Option<String>,
    pub of: Option<String>,
    pub items: Vec<String>,
    /// Each item's letter ("a", "b"...), for councils numbering paragraphs a), b)...
    pub letters: Vec<String>,
    /// Language of the group when it is not the meeting's.
    pub lang: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SectionView {
    pub title: String,
    /// Whether the section is printed with a number.
    pub numbered: bool,
    /// The section's place among the numbered sections (1, 2...); 0 when unnumbered.
    pub seq: usize,
    pub content: Vec<ContentView>,
    /// Language of the section when it is not the meeting's.
    pub lang: Option<String>,
}

/// One piece of section content; `kind` tells the template which markup to use.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ContentView {
    /// `seq` counts numbered paragraphs within the section (1, 2, ...).
    Paragraph {
        html: String,
        seq: usize,
        /// `seq` as a letter (1 is "a"), for councils numbering paragraphs a), b)...
        letter: String,
    },
    Heading {
        text: String,
    },
    Note {
        html: String,
    },
    Lettered {
        items: Vec<LetteredItem>,
    },
    Bullets {
        items: Vec<String>,
    },
    Options {
        rows: Vec<OptionView>,
    },
    Table {
        caption: Option<String>,
        headings: Vec<String>,
        rows: Vec<Vec<String>>,
    },
}

#[derive(Debug, Clone, Serialize)]
pub struct LetteredItem {
    /// "a", "b", ... (the template adds the bracket style).
    pub letter: String,
    pub html: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct OptionView {
    pub option: String,
    pub advantages: String,
    pub disadvantages: String,
    pub risks: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ImplicationView {
    pub kind: ImplicationKind,
    pub heading: Option<String>,
    pub qualifier: Option<String>,
    pub content: Vec<ContentView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AppendixView {
    pub label: String,
    pub title: String,
    pub note: Option<String>,
    /// `action_plan`, `pdf`, `text` (written in the report) or `listed`.
    pub kind: &'static str,
    /// Anchor of the appendix in the item's page (`appendix-b`).
    pub id: String,
    pub plan: Option<PlanView>,
    /// A text appendix's content, laid out like a report section's.
    pub content: Vec<ContentView>,
    /// A PDF appendix's copy beside the item, on the web pages once it is built.
    pub document: Option<DocumentLink>,
    /// Schedule 12A paragraph when this appendix alone is exempt.
    pub exempt: Option<u8>,
    /// Language of the appendix when it is not the meeting's.
    pub lang: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PlanView {
    pub title: String,
    /// Column headings with their share of the table width in percent.
    pub columns: Vec<PlanColumnView>,
    pub rows: Vec<PlanRowView>,
    /// Headings of the update columns shown (comma-separated), when any round is shown.
    pub update_heading: Option<String>,
    pub has_status: bool,
    /// The summary of statuses per update round, when the appendix asks for it.
    pub progress: Option<ProgressView>,
}

/// How many actions had each status at each update round shown: a chart and a table.
#[derive(Debug, Clone, Serialize)]
pub struct ProgressView {
    /// The statuses of the scale, in its order (the table's columns, the chart's key).
    pub statuses: Vec<StatusView>,
    pub rounds: Vec<ProgressRound>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProgressRound {
    /// The round's heading; none for a plan without rounds (the statuses now).
    pub heading: Option<String>,
    /// Actions with each status, in the scale's order.
    pub counts: Vec<usize>,
    /// Actions with a status recorded at this round.
    pub total: usize,
    /// The bar: one segment per status with actions, left to right.
    pub segments: Vec<ProgressSegment>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProgressSegment {
    pub label: String,
    pub colour: Option<String>,
    pub count: usize,
    /// Start and length along the bar, as a share (0 to 1) of the longest round's total.
    pub start: f32,
    pub share: f32,
}

#[derive(Debug, Clone, Serialize)]
pub struct PlanColumnView {
    pub heading: String,
    pub width: f32,
}

#[derive(Debug, Clone, Serialize)]
pub struct PlanRowView {
    pub section: Option<String>,
    pub cells: Vec<String>,
    pub status: Option<StatusView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StatusView {
    /// The words printed (the house style's label).
    pub label: String,
    /// CSS class suffix (`red`, `not-started`): the status's key.
    pub class: String,
    /// The cell's background in the web page and the PDF, when the scale gives one.
    pub colour: Option<String>,
}

/// "a" for 0, "z" for 25, "aa" for 26: list letters as councils use them.
fn letter(index: usize) -> String {
    let alphabet = b"abcdefghijklmnopqrstuvwxyz";
    let mut out = String::new();
    let mut n = index;
    loop {
        out.insert(0, alphabet[n % 26] as char);
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    out
}

/// A file-name-safe form of a title: lower case, words joined by hyphens.
pub fn slug(title: &str) -> String {
    let mut out = String::new();
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let trimmed = out.trim_end_matches('-');
    trimmed
        .chars()
        .take(60)
        .collect::<String>()
        .trim_end_matches('-')
        .to_string()
}

/// The stem of an item's output files: `05-peer-challenge-action-plan`.
pub fn item_stem(number: &ItemNumber, title: &str) -> String {
    format!("{}-{}", number.file_part(), slug(title))
}

/// Collects Markdown problems with their location while building a view.
struct Renderer<'a> {
    file: &'a Path,
    spans: &'a Spans,
    problems: Diagnostics,
}

impl Renderer<'_> {
    fn html(&mut self, field: &str, text: &str) -> String {
        self.render(field, text, false)
    }

    fn inline(&mut self, field: &str, text: &str) -> String {
        self.render(field, text, true)
    }

    fn render(&mut self, field: &str, text: &str, inline: bool) -> String {
        match markdown::to_html(text, inline) {
            Ok(html) => html,
            Err(error) => {
                let problem =
                    Diagnostic::error(self.file, 0, 0, format!("{field}: {}", error.message));
                self.problems
                    .push(self.at_value(problem, field, text, &error.snippet));
                String::new()
            }
        }
    }

    fn optional(&mut self, field: &str, text: &Option<String>) -> Option<String> {
        text.as_ref().map(|t| self.html(field, t))
    }

    /// A part's `lang:`, checked to be a language tag.
    fn language(&mut self, field: &str, lang: &Option<String>) -> Option<String> {
        let tag = lang.as_ref()?;
        if markdown::is_language_tag(tag) {
            return Some(tag.clone());
        }
        let problem = Diagnostic::error(
            self.file,
            0,
            0,
            format!("{field}: {tag:?} is not a language tag"),
        )
        .with_hint("write a BCP 47 tag such as cy (Welsh), en-GB or ga");
        self.problems.push(self.at_value(problem, field, tag, ""));
        None
    }

    /// `problem` pointed at `piece` of the value `text` of `field` (`recommendations.items`),
    /// the value found among the parsed values of the file (see [`Spans::path_of_value`]).
    fn at_value(
        &self,
        mut problem: Diagnostic,
        field: &str,
        text: &str,
        piece: &str,
    ) -> Diagnostic {
        let path = self.spans.path_of_value(field, text);
        if let Some(at) = path.and_then(|path| self.spans.in_value(path, piece)) {
            problem.line = at.line;
            problem.column = at.column;
        }
        problem
    }
}

pub fn meeting_view(loaded: &LoadedMeeting, words: &DateWords) -> Result<MeetingView, Diagnostics> {
    let meeting = &loaded.meeting;
    let mut renderer = Renderer {
        file: &loaded.file,
        spans: &loaded.spans,
        problems: Diagnostics::default(),
    };
    let notes = meeting
        .notes
        .iter()
        .map(|n| renderer.inline("notes", n))
        .collect();
    let items = loaded
        .items
        .iter()
        .map(|item| agenda_item_view(item, &mut renderer))
        .collect();
    if renderer.problems.has_errors() {
        return Err(renderer.problems);
    }
    Ok(MeetingView {
        council: meeting.council.clone(),
        committee: meeting.committee.clone(),
        date: words.long_date(meeting.date),
        date_iso: meeting.date.to_string(),
        weekday: words.weekday(meeting.date),
        time: meeting.time.format("%H:%M").to_string(),
        venue: meeting.venue.clone(),
        jurisdiction: format!("{:?}", meeting.jurisdiction).to_lowercase(),
        published: words.long_date(meeting.published),
        lang: meeting.lang.clone(),
        membership: meeting
            .membership
            .iter()
            .map(|m| MemberView {
                name: m.name.clone(),
                role: m.role.clone(),
            })
            .collect(),
        clerk: contact_view(&meeting.clerk),
        notes,
        items,
        footer: footer(meeting, words),
        supplement: None,
        late: meeting
            .supplement_numbers()
            .into_iter()
            .map(|number| supplement_view(meeting, number, words))
            .collect(),
        pack: None,
        supplements: Vec::new(),
        decisions_pdf: None,
        minutes_pdf: None,
        decisions: loaded.decisions.is_some(),
        words: words.clone(),
    })
}

/// Supplement `number` as declared, or (with `supplement: true` and no `supplements:` list)
/// published with the agenda.
fn supplement_view(meeting: &Meeting, number: u32, words: &DateWords) -> SupplementView {
    let declared = meeting.supplement(number);
    SupplementView {
        number,
        published: words.long_date(declared.map_or(meeting.published, |s| s.published)),
        urgent: declared.and_then(|s| s.urgent.clone()),
    }
}

/// The running footer of every page of a meeting's papers, worded by its locale.
pub fn footer(meeting: &Meeting, words: &DateWords) -> String {
    words.footer(&meeting.committee, meeting.date)
}

fn agenda_item_view(loaded: &LoadedItem, renderer: &mut Renderer) -> AgendaItemView {
    let item = &loaded.item;
    let report = loaded.report.as_ref().map(|r| &r.report);
    let title = item
        .title
        .clone()
        .or_else(|| report.map(|r| r.title.clone()))
        .unwrap_or_default();
    AgendaItemView {
        number: item.number.clone(),
        stem: report.map(|_| item_stem(&item.number, &title)),
        text: renderer.optional("items.text", &item.text),
        report_of: report.map(|r| r.report_of.clone()),
        title,
        exempt: item.exempt.map(|p| p.0),
        supplement: item.supplement,
        urgent: item.urgent.clone(),
        page: None,
        pdf: None,
    }
}

fn contact_view(contact: &Contact) -> ContactView {
    ContactView {
        name: contact.name.clone(),
        title: contact.title.clone(),
        telephone: contact.telephone.clone(),
        email: contact.email.clone(),
        reference: contact.reference.clone(),
    }
}

/// The report as the templates see it in `meeting`'s papers, with its appendices as of the
/// meeting's date. A report shared by several meetings (scrutiny refers it to Cabinet) carries
/// each meeting's own date, and the committees from that meeting's on.
pub fn report_view(
    loaded: &LoadedReport,
    meeting: &Meeting,
    words: &DateWords,
    statuses: &StatusScale,
) -> Result<ReportView, Diagnostics> {
    let as_of = meeting.date;
    let report = &loaded.report;
    let mut renderer = Renderer {
        file: &loaded.file,
        spans: &loaded.spans,
        problems: Diagnostics::default(),
    };
    let mut view = build_report_view(report, loaded, as_of, words, statuses, &mut renderer);
    view.date = words.long_date(meeting.date);
    view.committees = committees_from(&report.committees, &meeting.committee);
    if renderer.problems.has_errors() {
        return Err(renderer.problems);
    }
    Ok(view)
}

fn build_report_view(
    report: &Report,
    loaded: &LoadedReport,
    as_of: NaiveDate,
    words: &DateWords,
    statuses: &StatusScale,
    r: &mut Renderer,
) -> ReportView {
    ReportView {
        title: report.title.clone(),
        committees: report.committees.clone(),
        date: words.long_date(report.date),
        report_of: report.report_of.clone(),
        portfolio_holder: report.portfolio_holder.clone(),
        wards: report.wards.clone(),
        key_decision: report.decision == Decision::Key,
        referral_from_cabinet_member: report.referral_from_cabinet_member,
        key_decision_notice: report.key_decision_notice.map(|d| words.long_date(d)),
        budget_policy_framework: report.budget_policy_framework,
        exempt: report.exempt.map(|p| p.0),
        purpose: r.html("purpose", &report.purpose),
        recommendations: report
            .recommendations
            .iter()
            .map(|group| RecommendationsView {
                lang: r.language("recommendations.lang", &group.lang),
                to: group.to.clone(),
                of: group.of.clone(),
                letters: (0..group.items.len()).map(letter).collect(),
                items: group
                    .items
                    .iter()
                    .map(|i| r.html("recommendations.items", i))
                    .collect(),
            })
            .collect(),
        numbered_sections: report.sections.iter().filter(|s| s.numbered).count(),
        sections: report
            .sections
            .iter()
            .scan(0, |seq, s| {
                *seq += usize::from(s.numbered);
                Some((if s.numbered { *seq } else { 0 }, s))
            })
            .map(|(seq, s)| SectionView {
                title: s.title.clone(),
                numbered: s.numbered,
                seq,
                content: content_views(&s.content, "sections.content", r),
                lang: r.language("sections.lang", &s.lang),
            })
            .collect(),
        implications: report
            .implications
            .iter()
            .map(|i| ImplicationView {
                kind: i.kind,
                heading: i.heading.clone(),
                qualifier: i.qualifier.clone(),
                content: content_views(&i.content, "implications.content", r),
            })
            .collect(),
        section151_comments: r.optional("section151_comments", &report.section151_comments),
        monitoring_officer_comments: r.optional(
            "monitoring_officer_comments",
            &report.monitoring_officer_comments,
        ),
        background_papers: report
            .background_papers
            .iter()
            .map(|p| r.inline("background_papers", p))
            .collect(),
        appendices: report
            .appendices
            .iter()
            .zip(&loaded.appendices)
            .enumerate()
            .map(|(index, (appendix, content))| {
                let (kind, plan) = match content {
                    LoadedAppendix::ActionPlan {
                        file, spans, plan, ..
                    } => {
                        // Problems in the plan's text are the plan file's, not the report's.
                        let mut in_plan = Renderer {
                            file,
                            spans,
                            problems: Diagnostics::default(),
                        };
                        let rounds = chosen_rounds(plan, &appendix.rounds, as_of, r);
                        let mut view =
                            plan_view(plan, &rounds, statuses, &words.status_heading, &mut in_plan);
                        if appendix.progress {
                            view.progress = Some(progress_view(plan, &rounds, statuses, &mut in_plan));
                        }
                        r.problems.extend(in_plan.problems);
                        ("action_plan", Some(view))
                    }
                    LoadedAppendix::Pdf { .. } => ("pdf", None),
                    LoadedAppendix::Listed if !appendix.content.is_empty() => ("text", None),
                    LoadedAppendix::Listed => ("listed", None),
                };
                if !appendix.content.is_empty() && kind != "text" {
                    r.problems.push(
                        r.spans
                            .error(
                                &format!("appendices[{index}].label"),
                                format!(
                                    "appendices: appendix {} has both `content` and `{kind}`",
                                    appendix.label
                                ),
                            )
                        .with_hint("an appendix is its own text, an action plan or an existing PDF: make it one of them"),
                    );
                }
                let content = content_views(&appendix.content, "appendices.content", r);
                AppendixView {
                    label: appendix.label.clone(),
                    title: appendix.title.clone(),
                    note: appendix.note.clone(),
                    kind,
                    id: format!("appendix-{}", slug(&appendix.label)),
                    plan,
                    content,
                    document: None,
                    exempt: appendix.exempt.map(|p| p.0),
                    lang: r.language("appendices.lang", &appendix.lang),
                }
            })
            .collect(),
        contact: contact_view(&report.contact),
    }
}

/// The committees a report goes to from `committee`'s meeting on; just that committee when the
/// report does not name it (`check` warns).
fn committees_from(committees: &[String], committee: &str) -> Vec<String> {
    match committees.iter().position(|c| c == committee) {
        Some(index) => committees[index..].to_vec(),
        None => vec![committee.to_string()],
    }
}

fn content_views(content: &[Content], field: &str, r: &mut Renderer) -> Vec<ContentView> {
    let mut seq = 0;
    content
        .iter()
        .map(|piece| match piece {
            Content::Paragraph(text) => {
                seq += 1;
                ContentView::Paragraph {
                    html: r.html(field, text),
                    seq,
                    letter: letter(seq - 1),
                }
            }
            Content::Block(block) => block_view(block, field, r),
        })
        .collect()
}

fn block_view(block: &ContentBlock, field: &str, r: &mut Renderer) -> ContentView {
    let inline_all =
        |items: &[String], r: &mut Renderer| items.iter().map(|i| r.inline(field, i)).collect();
    match block {
        ContentBlock::Heading(text) => ContentView::Heading { text: text.clone() },
        ContentBlock::Note(text) => ContentView::Note {
            html: r.html(field, text),
        },
        ContentBlock::Lettered(items) => ContentView::Lettered {
            items: items
                .iter()
                .enumerate()
                .map(|(index, text)| LetteredItem {
                    letter: letter(index),
                    html: r.inline(field, text),
                })
                .collect(),
        },
        ContentBlock::Bullets(items) => ContentView::Bullets {
            items: inline_all(items, r),
        },
        ContentBlock::Options(rows) => ContentView::Options {
            rows: rows
                .iter()
                .map(|o| OptionView {
                    option: r.inline(field, &o.option),
                    advantages: r.inline(field, o.advantages.as_deref().unwrap_or("")),
                    disadvantages: r.inline(field, o.disadvantages.as_deref().unwrap_or("")),
                    risks: r.inline(field, o.risks.as_deref().unwrap_or("")),
                })
                .collect(),
        },
        ContentBlock::Table(table) => ContentView::Table {
            caption: table.caption.clone(),
            headings: table.headings.clone(),
            rows: table.rows.iter().map(|row| inline_all(row, r)).collect(),
        },
    }
}

/// A row's status as the house style prints it; one the scale does not know is an error at the
/// row's `status:` (or, in a spreadsheet, its cell) listing the spellings accepted.
fn status_view(
    row: &PlanRow,
    index: usize,
    statuses: &StatusScale,
    r: &mut Renderer,
) -> Option<StatusView> {
    let written = row.status.as_deref()?;
    resolve_status(row, written, index, statuses, r).map(level_view)
}

/// The status of the scale that `written` (in row `index`) names; an error if none does.
fn resolve_status<'s>(
    row: &PlanRow,
    written: &str,
    index: usize,
    statuses: &'s StatusScale,
    r: &mut Renderer,
) -> Option<&'s StatusLevel> {
    if let Some(level) = statuses.find(written) {
        return Some(level);
    }
    let place = row
        .status_cell
        .as_ref()
        .map_or(String::new(), |cell| format!("{cell}: "));
    // The status as written: the row's own, or an update's.
    let row_status = format!("rows[{index}].status");
    let path = r
        .spans
        .path_of_value(&format!("rows[{index}]"), written)
        .unwrap_or(&row_status)
        .to_string();
    let problem = r
        .spans
        .error(
            &path,
            format!(
                "{place}rows[{index}].status: {written:?} is not a status of this council's scale"
            ),
        )
        .with_hint(format!(
            "write one of: {} (any case); a council sets its scale in `statuses:` in its council.yaml",
            statuses.spellings()
        ));
    if !r.problems.0.contains(&problem) {
        r.problems.push(problem);
    }
    None
}

/// The update rounds an appendix shows, in order: the latest on or before `as_of`, every one
/// up to it, or those named (a name that is no round of the plan is an error in the report).
fn chosen_rounds<'p>(
    plan: &'p ActionPlan,
    choice: &RoundChoice,
    as_of: NaiveDate,
    r: &mut Renderer,
) -> Vec<&'p UpdateRound> {
    let mut due: Vec<&UpdateRound> = plan
        .update_rounds
        .iter()
        .filter(|round| round.date <= as_of)
        .collect();
    due.sort_by_key(|round| round.date);
    match choice {
        RoundChoice::Latest => due.last().copied().into_iter().collect(),
        RoundChoice::All => due,
        RoundChoice::Named(names) => names
            .iter()
            .filter_map(|name| {
                let found = plan
                    .update_rounds
                    .iter()
                    .find(|round| round.heading.trim().eq_ignore_ascii_case(name.trim()));
                if found.is_none() {
                    let known: Vec<&str> = plan
                        .update_rounds
                        .iter()
                        .map(|round| round.heading.as_str())
                        .collect();
                    let path = r
                        .spans
                        .path_of_value("appendices", name)
                        .unwrap_or("appendices")
                        .to_string();
                    r.problems.push(
                        r.spans
                            .error(
                                &path,
                                format!(
                                    "appendices.rounds: the plan \"{}\" has no update round \"{name}\"",
                                    plan.title
                                ),
                            )
                        .with_hint(if known.is_empty() {
                            "the plan has no update rounds; write `rounds: latest`".to_string()
                        } else {
                            format!("its rounds are: {}", known.join(", "))
                        }),
                    );
                }
                found
            })
            .collect(),
    }
}

/// The plan with `rounds` as extra columns, one per update round, after the plan's own.
fn plan_view(
    plan: &ActionPlan,
    rounds: &[&UpdateRound],
    statuses: &StatusScale,
    status_heading: &str,
    r: &mut Renderer,
) -> PlanView {
    let has_status = plan.rows.iter().any(|row| row.status.is_some());
    let mut columns: Vec<(String, f32)> = plan
        .columns
        .iter()
        .map(|c| (c.heading.clone(), c.width))
        .collect();
    let widest = columns.iter().map(|c| c.1).fold(1.0, f32::max);
    for round in rounds {
        columns.push((round.heading.clone(), widest));
    }
    if has_status {
        columns.push((status_heading.to_string(), 1.0));
    }
    let total: f32 = columns.iter().map(|c| c.1.max(0.1)).sum();
    let rows = plan
        .rows
        .iter()
        .enumerate()
        .map(|(index, row)| {
            if let Some(section) = &row.section {
                return PlanRowView {
                    section: Some(section.clone()),
                    cells: Vec::new(),
                    status: None,
                };
            }
            let mut cells: Vec<String> = plan
                .columns
                .iter()
                .map(|c| {
                    r.html(
                        "rows.cells",
                        row.cells.get(&c.key).map_or("", String::as_str),
                    )
                })
                .collect();
            for round in rounds {
                let text = row
                    .updates
                    .iter()
                    .find(|u| u.date == round.date)
                    .map_or("", |u| u.text.as_str());
                cells.push(r.html("rows.updates", text));
            }
            PlanRowView {
                section: None,
                cells,
                status: status_view(row, index, statuses, r),
            }
        })
        .collect();
    PlanView {
        title: plan.title.clone(),
        columns: columns
            .into_iter()
            .map(|(heading, width)| PlanColumnView {
                heading,
                width: (width.max(0.1) * 1000.0 / total).round() / 10.0,
            })
            .collect(),
        rows,
        update_heading: (!rounds.is_empty()).then(|| {
            rounds
                .iter()
                .map(|round| round.heading.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        }),
        has_status,
        progress: None,
    }
}

/// Each row's status at each round shown (its update's `status`, else, at the last round shown
/// or when there are no rounds, the row's own), counted by the scale's statuses.
fn progress_view(
    plan: &ActionPlan,
    rounds: &[&UpdateRound],
    statuses: &StatusScale,
    r: &mut Renderer,
) -> ProgressView {
    let mut columns: Vec<Option<&UpdateRound>> = rounds.iter().copied().map(Some).collect();
    if columns.is_empty() {
        columns.push(None);
    }
    let last = columns.len() - 1;
    let mut counted: Vec<(Option<String>, Vec<usize>)> = Vec::new();
    for (position, round) in columns.iter().enumerate() {
        let mut counts = vec![0; statuses.0.len()];
        for (index, row) in plan.rows.iter().enumerate() {
            let at_round = round.and_then(|round| {
                row.updates
                    .iter()
                    .find(|u| u.date == round.date)
                    .and_then(|u| u.status.as_deref())
            });
            let written = at_round.or(if position == last {
                row.status.as_deref()
            } else {
                None
            });
            let Some(written) = written else { continue };
            if let Some(level) = resolve_status(row, written, index, statuses, r) {
                if let Some(slot) = statuses.0.iter().position(|l| l.key == level.key) {
                    counts[slot] += 1;
                }
            }
        }
        counted.push((round.map(|round| round.heading.clone()), counts));
    }
    let longest = counted
        .iter()
        .map(|(_, counts)| counts.iter().sum::<usize>())
        .max()
        .unwrap_or(0)
        .max(1) as f32;
    let rounds = counted
        .into_iter()
        .map(|(heading, counts)| {
            let mut start = 0.0;
            let segments = counts
                .iter()
                .zip(&statuses.0)
                .filter(|(count, _)| **count > 0)
                .map(|(&count, level)| {
                    let share = (count as f32 / longest * 1000.0).round() / 1000.0;
                    let segment = ProgressSegment {
                        label: level.label.clone(),
                        colour: level.colour.clone(),
                        count,
                        start,
                        share,
                    };
                    start = ((start + share) * 1000.0).round() / 1000.0;
                    segment
                })
                .collect();
            ProgressRound {
                heading,
                total: counts.iter().sum(),
                counts,
                segments,
            }
        })
        .collect();
    ProgressView {
        statuses: statuses.0.iter().map(level_view).collect(),
        rounds,
    }
}

fn level_view(level: &StatusLevel) -> StatusView {
    StatusView {
        label: level.label.clone(),
        class: slug(&level.key),
        colour: level.colour.clone(),
    }
}
