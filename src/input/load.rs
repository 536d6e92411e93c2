//! Reading the input files: a meeting, the reports its agenda names, and their action plans.
//! Every problem is collected as a diagnostic with file, line, column and field path; nothing
//! here renders or writes anything.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::foreign::ForeignPdf;
use crate::input::decisions::Decisions;
use crate::input::model::{ActionPlan, AgendaItem, ItemNumber, Meeting, Report};
use crate::input::parses::KeptParses;
use crate::input::spans::Spans;
use crate::input::yaml::read_yaml;
use crate::parallel::in_parallel;
use anyhow::Result;
use std::path::{Path, PathBuf};

/// A meeting with everything its agenda refers to, read and parsed.
#[derive(Debug, Clone)]
pub struct LoadedMeeting {
    /// The meeting folder (`data/<meeting>`).
    pub dir: PathBuf,
    pub file: PathBuf,
    pub source: String,
    /// Where each value of the meeting file is written, for problems found later.
    pub spans: Spans,
    pub meeting: Meeting,
    pub items: Vec<LoadedItem>,
    /// `decisions.yaml` beside `meeting.yaml`, once the clerk has recorded the meeting.
    pub decisions: Option<LoadedDecisions>,
}

/// The decisions and minutes of the meeting, with the text they were read from.
#[derive(Debug, Clone)]
pub struct LoadedDecisions {
    pub file: PathBuf,
    pub source: String,
    pub spans: Spans,
    pub decisions: Decisions,
}

/// The decisions file of a meeting folder.
pub const DECISIONS_FILE: &str = "decisions.yaml";

#[derive(Debug, Clone)]
pub struct LoadedItem {
    pub item: AgendaItem,
    pub report: Option<LoadedReport>,
}

#[derive(Debug, Clone)]
pub struct LoadedReport {
    pub file: PathBuf,
    pub source: String,
    pub spans: Spans,
    pub report: Report,
    pub appendices: Vec<LoadedAppendix>,
}

#[derive(Debug, Clone)]
pub enum LoadedAppendix {
    ActionPlan {
        file: PathBuf,
        /// The plan's YAML text (empty for a spreadsheet).
        source: String,
        /// Where each value of the plan is written (none for a spreadsheet).
        spans: Box<Spans>,
        plan: ActionPlan,
    },
    /// An existing PDF, read once here so that `check` finds a broken one too.
    Pdf {
        file: PathBuf,
        page_sizes: Vec<(f32, f32)>,
        /// A Tagged PDF (structure tree); an untagged one cannot be read in order.
        tagged: bool,
        /// Fonts it leaves unembedded that no Liberation face can stand in for.
        unmendable_fonts: Vec<String>,
    },
    /// Listed in the report only (not part of the papers, or circulated separately).
    Listed,
}

/// The meeting file for a path that is either a meeting folder or its `meeting.yaml`.
pub fn meeting_file(path: &Path) -> PathBuf {
    if path.is_dir() {
        path.join("meeting.yaml")
    } else {
        path.to_path_buf()
    }
}

/// Reads a meeting and all it refers to. Returns every problem found, not just the first.
pub fn load_meeting(path: &Path) -> Result<LoadedMeeting, Diagnostics> {
    load_meeting_keeping(path, &KeptParses::default())
}

/// [`load_meeting`], taking each file's parse from `parses` when its text is unchanged.
pub fn load_meeting_keeping(
    path: &Path,
    parses: &KeptParses,
) -> Result<LoadedMeeting, Diagnostics> {
    let file = meeting_file(path);
    let dir = file.parent().unwrap_or(Path::new(".")).to_path_buf();
    let (source, meeting) = parses.read_yaml::<Meeting>(&file).map_err(single)?;
    let spans = Spans::of(&file, &source);
    let mut problems = Diagnostics::default();
    check_item_numbers(&spans, &meeting, &mut problems);
    let mut items = Vec::new();
    let inputs = InputFolders::of_meeting(&dir);
    // Reports are read, parsed and checked on every core; their problems are kept in item
    // order.
    let mut loaded = in_parallel(meeting.items.len(), |index| {
        let relative = meeting.items[index].report.as_ref()?;
        let at = format!("items[{index}]");
        Some(load_report_for_item(
            &inputs, parses, &dir, &spans, &at, relative,
        ))
    })
    .into_iter();
    for (index, item) in meeting.items.iter().enumerate() {
        let at = format!("items[{index}]");
        let report = match loaded.next().flatten() {
            Some(Ok(report)) => Some(report),
            Some(Err(mut found)) => {
                if item.exempt.is_some() {
                    found.withhold_all_quotes();
                }
                problems.extend(found);
                None
            }
            None => {
                if item.title.is_none() {
                    problems.push(
                        spans
                            .error(
                                &at,
                                format!(
                                    "items: item {} has neither a title nor a report",
                                    item.number
                                ),
                            )
                            .with_hint(
                                "give a plain item a `title:`, or a report item a `report:` file",
                            ),
                    );
                }
                None
            }
        };
        items.push(LoadedItem {
            item: item.clone(),
            report,
        });
    }
    let decisions_file = dir.join(DECISIONS_FILE);
    let decisions = if decisions_file.is_file() {
        match read_yaml::<Decisions>(&decisions_file) {
            Ok((source, decisions)) => Some(LoadedDecisions {
                spans: Spans::of(&decisions_file, &source),
                file: decisions_file,
                source,
                decisions,
            }),
            Err(problem) => {
                let mut found = single(problem);
                if meeting.items.iter().any(|item| item.exempt.is_some()) {
                    // The file holds exempt decisions too: an error quotes none of it.
                    found.withhold_all_quotes();
                }
                problems.extend(found);
                None
            }
        }
    } else {
        None
    };
    if problems.has_errors() {
        return Err(problems);
    }
    Ok(LoadedMeeting {
        dir,
        file,
        source,
        spans,
        meeting,
        items,
        decisions,
    })
}

fn check_item_numbers(spans: &Spans, meeting: &Meeting, problems: &mut Diagnostics) {
    let mut previous: Option<&ItemNumber> = None;
    for (index, item) in meeting.items.iter().enumerate() {
        if let Some(previous) = previous.filter(|previous| item.number <= **previous) {
            problems.push(spans.error(
                &format!("items[{index}].number"),
                format!(
                    "items: item number {} follows {previous}; agenda items must be numbered in increasing order",
                    item.number
                ),
            ));
        }
        previous = Some(&item.number);
    }
}

fn load_report_for_item(
    inputs: &InputFolders,
    parses: &KeptParses,
    dir: &Path,
    meeting: &Spans,
    item: &str,
    relative: &str,
) -> Result<LoadedReport, Diagnostics> {
    let report_file = dir.join(relative);
    let at = format!("{item}.report");
    if let Err(outside) = inputs.confine(&report_file) {
        return Err(single(
            meeting
                .error(&at, format!("items: report file {relative} {outside}"))
                .with_hint(inputs.hint()),
        ));
    }
    if !report_file.is_file() {
        return Err(single(
            meeting
                .error(
                    &at,
                    format!(
                        "items: report file {relative} does not exist (looked for {})",
                        report_file.display()
                    ),
                )
                .with_hint("the path is relative to the folder of meeting.yaml"),
        ));
    }
    load_report_keeping(inputs, parses, &report_file)
}

/// Reads one report and its action-plan appendices; PDF appendices are checked to exist. Every
/// file it names must lie inside `inputs`.
pub fn load_report(inputs: &InputFolders, file: &Path) -> Result<LoadedReport, Diagnostics> {
    load_report_keeping(inputs, &KeptParses::default(), file)
}

/// [`load_report`], taking each file's parse from `parses` when its text is unchanged.
fn load_report_keeping(
    inputs: &InputFolders,
    parses: &KeptParses,
    file: &Path,
) -> Result<LoadedReport, Diagnostics> {
    let (source, report) = parses.read_yaml::<Report>(file).map_err(single)?;
    let spans = Spans::of(file, &source);
    let dir = file.parent().unwrap_or(Path::new("."));
    let mut problems = Diagnostics::default();
    let mut appendices = Vec::new();
    for (index, appendix) in report.appendices.iter().enumerate() {
        let at = format!("appendices[{index}]");
        let named = [
            ("action_plan", &appendix.action_plan),
            ("pdf", &appendix.pdf),
        ];
        if let Some(outside) = named
            .iter()
            .filter_map(|(field, relative)| {
                let relative = relative.as_ref()?;
                inputs
                    .confine(&dir.join(relative))
                    .err()
                    .map(|why| (field, relative, why))
            })
            .next()
        {
            let (field, relative, why) = outside;
            problems.push(
                spans
                    .error(
                        &format!("{at}.{field}"),
                        format!("appendices: appendix {}: {relative} {why}", appendix.label),
                    )
                    .with_hint(inputs.hint()),
            );
            continue;
        }
        let loaded = match (&appendix.action_plan, &appendix.pdf) {
            (Some(_), Some(_)) => Err(single(
                spans
                    .error(
                        &at,
                        format!(
                            "appendices: appendix {} has both `action_plan` and `pdf`",
                            appendix.label
                        ),
                    )
                    .with_hint("an appendix is either an action plan or an existing PDF"),
            )),
            (Some(plan), None) => load_action_plan(
                parses,
                &dir.join(plan),
                &spans,
                &format!("{at}.action_plan"),
                plan,
            ),
            (None, Some(pdf)) => {
                let pdf_file = dir.join(pdf);
                if pdf_file.is_file() {
                    pdf_page_sizes(&pdf_file)
                        .map(|pdf| LoadedAppendix::Pdf {
                            file: pdf_file.clone(),
                            page_sizes: pdf.page_sizes(),
                            tagged: pdf.tagged,
                            unmendable_fonts: pdf.unmendable_fonts(),
                        })
                        .map_err(|error| {
                            single(
                                spans.error(&format!("{at}.pdf"), format!("appendices: {error:#}")),
                            )
                        })
                } else {
                    Err(single(missing_file(
                        &spans,
                        &format!("{at}.pdf"),
                        pdf,
                        &pdf_file,
                        "PDF appendix",
                    )))
                }
            }
            (None, None) => Ok(LoadedAppendix::Listed),
        };
        match loaded {
            Ok(appendix) => appendices.push(appendix),
            Err(found) => problems.extend(found),
        }
    }
    if problems.has_errors() {
        return Err(problems);
    }
    Ok(LoadedReport {
        file: file.to_path_buf(),
        source,
        spans,
        report,
        appendices,
    })
}

fn load_action_plan(
    parses: &KeptParses,
    plan_file: &Path,
    report: &Spans,
    at: &str,
    relative: &str,
) -> Result<LoadedAppendix, Diagnostics> {
    if !plan_file.is_file() {
        return Err(single(missing_file(
            report,
            at,
            relative,
            plan_file,
            "action plan",
        )));
    }
    let (source, spans, plan) = if is_spreadsheet(plan_file) {
        // Officers keep plans in spreadsheets; they are read as they are, each time.
        let plan = crate::input::sheet::action_plan_from_file(plan_file)
            .map_err(|error| single(Diagnostic::error(plan_file, 0, 0, format!("{error:#}"))))?;
        (String::new(), Spans::none(plan_file), plan)
    } else {
        let (source, plan) = parses.read_yaml::<ActionPlan>(plan_file).map_err(single)?;
        (source.clone(), Spans::of(plan_file, &source), plan)
    };
    let problems = check_action_plan(&spans, &plan);
    if problems.has_errors() {
        return Err(problems);
    }
    Ok(LoadedAppendix::ActionPlan {
        file: plan_file.to_path_buf(),
        source,
        spans: Box::new(spans),
        plan,
    })
}

fn is_spreadsheet(file: &Path) -> bool {
    file.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("csv") || e.eq_ignore_ascii_case("xlsx"))
}

fn missing_file(
    spans: &Spans,
    at: &str,
    relative: &str,
    resolved: &Path,
    what: &str,
) -> Diagnostic {
    spans
        .error(
            at,
            format!(
                "appendices: {what} {relative} does not exist (looked for {})",
                resolved.display()
            ),
        )
        .with_hint("the path is relative to the folder of the report file")
}

/// Rows must use the plan's column keys, and updates must belong to a declared round.
pub fn check_action_plan(spans: &Spans, plan: &ActionPlan) -> Diagnostics {
    let mut problems = Diagnostics::default();
    let keys: Vec<&str> = plan.columns.iter().map(|c| c.key.as_str()).collect();
    for (index, row) in plan.rows.iter().enumerate() {
        if row.section.is_some() && !row.cells.is_empty() {
            problems.push(spans.error(
                &format!("rows[{index}]"),
                format!("rows[{index}]: a row is either a `section` row or has `cells`, not both"),
            ));
        }
        for key in row.cells.keys() {
            if !keys.contains(&key.as_str()) {
                problems.push(
                    spans
                        .error(
                            &format!("rows[{index}].cells.{key}"),
                            format!("rows[{index}].cells: unknown column `{key}`"),
                        )
                        .with_hint(format!("the plan's columns are: {}", keys.join(", "))),
                );
            }
        }
        for (number, update) in row.updates.iter().enumerate() {
            if !plan.update_rounds.iter().any(|r| r.date == update.date) {
                let rounds: Vec<String> = plan
                    .update_rounds
                    .iter()
                    .map(|r| r.date.to_string())
                    .collect();
                problems.push(
                    spans
                        .error(
                            &format!("rows[{index}].updates[{number}].date"),
                            format!(
                                "rows[{index}].updates: update dated {} matches no update round",
                                update.date
                            ),
                        )
                        .with_hint(format!(
                            "declared update_rounds: {}",
                            if rounds.is_empty() {
                                "none".to_string()
                            } else {
                                rounds.join(", ")
                            }
                        )),
                );
            }
        }
    }
    problems
}

impl LoadedMeeting {
    /// Every text file the meeting was read from, with its text: the meeting, its decisions,
    /// each report and each YAML action plan (a shared plan once).
    pub fn sources(&self) -> Vec<(&Path, &str)> {
        let mut sources = vec![(self.file.as_path(), self.source.as_str())];
        if let Some(decisions) = &self.decisions {
            sources.push((decisions.file.as_path(), decisions.source.as_str()));
        }
        for report in self.items.iter().filter_map(|i| i.report.as_ref()) {
            sources.push((report.file.as_path(), report.source.as_str()));
            for appendix in &report.appendices {
                if let LoadedAppendix::ActionPlan { file, source, .. } = appendix {
                    sources.push((file.as_path(), source.as_str()));
                }
            }
        }
        let mut seen = std::collections::BTreeSet::new();
        sources.retain(|(file, _)| seen.insert(file.to_path_buf()));
        sources
    }

    /// The files of every exempt item (its report and its appendices) and of every exempt
    /// appendix. (The decisions file holds public and exempt decisions: problems in an exempt
    /// item's entry withhold their quotes where they are found.)
    pub fn exempt_files(&self) -> Vec<PathBuf> {
        let mut files = Vec::new();
        for loaded in &self.items {
            let Some(report) = &loaded.report else {
                continue;
            };
            let whole = loaded.item.exempt.is_some() || report.report.exempt.is_some();
            if whole {
                files.push(report.file.clone());
            }
            for (model, appendix) in report.report.appendices.iter().zip(&report.appendices) {
                if !whole && model.exempt.is_none() {
                    continue;
                }
                match appendix {
                    LoadedAppendix::ActionPlan { file, .. } | LoadedAppendix::Pdf { file, .. } => {
                        files.push(file.clone())
                    }
                    LoadedAppendix::Listed => {}
                }
            }
        }
        files
    }
}

/// The folders a meeting may read from: its own folder and the data folder holding it (where
/// shared action plans live). A file named by an input must resolve inside one of them, with
/// symlinks followed, so a meeting can never publish a file from elsewhere on the machine.
#[derive(Debug, Clone)]
pub struct InputFolders {
    meeting: PathBuf,
    data: Option<PathBuf>,
}

impl InputFolders {
    pub fn of_meeting(meeting_dir: &Path) -> Self {
        let meeting = meeting_dir
            .canonicalize()
            .unwrap_or_else(|_| meeting_dir.to_path_buf());
        let data = meeting.parent().map(Path::to_path_buf);
        InputFolders { meeting, data }
    }

    /// Ok when `file` (followed through symlinks) lies inside the meeting or data folder, or
    /// does not exist yet (reported as missing elsewhere); else why not, without its contents.
    pub fn confine(&self, file: &Path) -> Result<(), String> {
        let Ok(resolved) = file.canonicalize() else {
            return Ok(());
        };
        let inside = resolved.starts_with(&self.meeting)
            || self.data.as_ref().is_some_and(|d| resolved.starts_with(d));
        if inside {
            Ok(())
        } else {
            Err(format!(
                "is outside the meeting's folders (it resolves to {})",
                resolved.display()
            ))
        }
    }

    pub fn hint(&self) -> String {
        format!(
            "a meeting reads only files inside its own folder ({}) or the data folder ({}): copy the file there",
            self.meeting.display(),
            self.data
                .as_deref()
                .map(|d| d.display().to_string())
                .unwrap_or_default()
        )
    }
}

fn single(diagnostic: Diagnostic) -> Diagnostics {
    Diagnostics(vec![diagnostic])
}

/// An existing PDF, opened to learn its pages' sizes, whether it is tagged and which fonts
/// cannot be mended. A missing, unreadable or encrypted file is an error: a pack must never be
/// silently shorter.
fn pdf_page_sizes(file: &Path) -> Result<ForeignPdf> {
    ForeignPdf::open(file)
}
