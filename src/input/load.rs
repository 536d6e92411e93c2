//! Reading the input files: a meeting, the reports its agenda names, and their action plans.
//! Every problem is collected as a diagnostic with file, line, column and field path; nothing
//! here renders or writes anything.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::input::decisions::Decisions;
use crate::input::model::{ActionPlan, AgendaItem, Meeting, Report};
use crate::input::yaml::read_yaml;
use anyhow::{anyhow, bail, Context, Result};
use std::path::{Path, PathBuf};

/// A meeting with everything its agenda refers to, read and parsed.
#[derive(Debug, Clone)]
pub struct LoadedMeeting {
    /// The meeting folder (`data/<meeting>`).
    pub dir: PathBuf,
    pub file: PathBuf,
    pub source: String,
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
    pub report: Report,
    pub appendices: Vec<LoadedAppendix>,
}

#[derive(Debug, Clone)]
pub enum LoadedAppendix {
    ActionPlan {
        file: PathBuf,
        /// The plan's YAML text, to locate problems found later (empty for a spreadsheet).
        source: String,
        plan: ActionPlan,
    },
    /// An existing PDF, read once here so that `check` finds a broken one too.
    Pdf {
        file: PathBuf,
        page_sizes: Vec<(f32, f32)>,
        /// A Tagged PDF (structure tree); an untagged one cannot be read in order.
        tagged: bool,
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
    let file = meeting_file(path);
    let dir = file.parent().unwrap_or(Path::new(".")).to_path_buf();
    let (source, meeting) = read_yaml::<Meeting>(&file).map_err(single)?;
    let mut problems = Diagnostics::default();
    check_item_numbers(&file, &source, &meeting, &mut problems);
    let mut items = Vec::new();
    let inputs = InputFolders::of_meeting(&dir);
    for item in &meeting.items {
        let report = match &item.report {
            Some(relative) => match load_report_for_item(&inputs, &dir, &file, &source, relative) {
                Ok(report) => Some(report),
                Err(mut found) => {
                    if item.exempt.is_some() {
                        found.withhold_all_quotes();
                    }
                    problems.extend(found);
                    None
                }
            },
            None => {
                if item.title.is_none() {
                    problems.push(
                        Diagnostic::error(
                            &file,
                            0,
                            0,
                            format!(
                                "items: item {} has neither a title nor a report",
                                item.number
                            ),
                        )
                        .at_text(&source, &format!("number: {}", item.number))
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
        meeting,
        items,
        decisions,
    })
}

fn check_item_numbers(file: &Path, source: &str, meeting: &Meeting, problems: &mut Diagnostics) {
    let mut previous = 0;
    for item in &meeting.items {
        if item.number <= previous {
            problems.push(
                Diagnostic::error(
                    file,
                    0,
                    0,
                    format!(
                        "items: item number {} follows {previous}; agenda items must be numbered in increasing order",
                        item.number
                    ),
                )
                .at_text(source, &format!("number: {}", item.number)),
            );
        }
        previous = item.number;
    }
}

fn load_report_for_item(
    inputs: &InputFolders,
    dir: &Path,
    meeting_file: &Path,
    meeting_source: &str,
    relative: &str,
) -> Result<LoadedReport, Diagnostics> {
    let report_file = dir.join(relative);
    if let Err(outside) = inputs.confine(&report_file) {
        return Err(single(
            Diagnostic::error(
                meeting_file,
                0,
                0,
                format!("items: report file {relative} {outside}"),
            )
            .at_text(meeting_source, relative)
            .with_hint(inputs.hint()),
        ));
    }
    if !report_file.is_file() {
        return Err(single(
            Diagnostic::error(
                meeting_file,
                0,
                0,
                format!(
                    "items: report file {relative} does not exist (looked for {})",
                    report_file.display()
                ),
            )
            .at_text(meeting_source, relative)
            .with_hint("the path is relative to the folder of meeting.yaml"),
        ));
    }
    load_report(inputs, &report_file)
}

/// Reads one report and its action-plan appendices; PDF appendices are checked to exist. Every
/// file it names must lie inside `inputs`.
pub fn load_report(inputs: &InputFolders, file: &Path) -> Result<LoadedReport, Diagnostics> {
    let (source, report) = read_yaml::<Report>(file).map_err(single)?;
    let dir = file.parent().unwrap_or(Path::new("."));
    let mut problems = Diagnostics::default();
    let mut appendices = Vec::new();
    for appendix in &report.appendices {
        let named = appendix.action_plan.iter().chain(&appendix.pdf);
        if let Some(outside) = named
            .filter_map(|relative| {
                inputs
                    .confine(&dir.join(relative))
                    .err()
                    .map(|why| (relative, why))
            })
            .next()
        {
            let (relative, why) = outside;
            problems.push(
                Diagnostic::error(
                    file,
                    0,
                    0,
                    format!("appendices: appendix {}: {relative} {why}", appendix.label),
                )
                .at_text(&source, relative)
                .with_hint(inputs.hint()),
            );
            continue;
        }
        let loaded = match (&appendix.action_plan, &appendix.pdf) {
            (Some(_), Some(_)) => Err(single(
                Diagnostic::error(
                    file,
                    0,
                    0,
                    format!(
                        "appendices: appendix {} has both `action_plan` and `pdf`",
                        appendix.label
                    ),
                )
                .at_text(&source, &format!("label: {}", appendix.label))
                .with_hint("an appendix is either an action plan or an existing PDF"),
            )),
            (Some(plan), None) => load_action_plan(&dir.join(plan), file, &source, plan),
            (None, Some(pdf)) => {
                let pdf_file = dir.join(pdf);
                if pdf_file.is_file() {
                    pdf_page_sizes(&pdf_file)
                        .map(|(page_sizes, tagged)| LoadedAppendix::Pdf {
                            file: pdf_file.clone(),
                            page_sizes,
                            tagged,
                        })
                        .map_err(|error| {
                            single(
                                Diagnostic::error(file, 0, 0, format!("appendices: {error:#}"))
                                    .at_text(&source, pdf),
                            )
                        })
                } else {
                    Err(single(missing_file(
                        file,
                        &source,
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
        report,
        appendices,
    })
}

fn load_action_plan(
    plan_file: &Path,
    report_file: &Path,
    report_source: &str,
    relative: &str,
) -> Result<LoadedAppendix, Diagnostics> {
    if !plan_file.is_file() {
        return Err(single(missing_file(
            report_file,
            report_source,
            relative,
            plan_file,
            "action plan",
        )));
    }
    let (source, plan) = if is_spreadsheet(plan_file) {
        // Officers keep plans in spreadsheets; they are read as they are, each time.
        let plan = crate::input::sheet::action_plan_from_file(plan_file)
            .map_err(|error| single(Diagnostic::error(plan_file, 0, 0, format!("{error:#}"))))?;
        (String::new(), plan)
    } else {
        read_yaml::<ActionPlan>(plan_file).map_err(single)?
    };
    let problems = check_action_plan(plan_file, &source, &plan);
    if problems.has_errors() {
        return Err(problems);
    }
    Ok(LoadedAppendix::ActionPlan {
        file: plan_file.to_path_buf(),
        source,
        plan,
    })
}

fn is_spreadsheet(file: &Path) -> bool {
    file.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("csv") || e.eq_ignore_ascii_case("xlsx"))
}

fn missing_file(
    file: &Path,
    source: &str,
    relative: &str,
    resolved: &Path,
    what: &str,
) -> Diagnostic {
    Diagnostic::error(
        file,
        0,
        0,
        format!(
            "appendices: {what} {relative} does not exist (looked for {})",
            resolved.display()
        ),
    )
    .at_text(source, relative)
    .with_hint("the path is relative to the folder of the report file")
}

/// Rows must use the plan's column keys, and updates must belong to a declared round.
pub fn check_action_plan(file: &Path, source: &str, plan: &ActionPlan) -> Diagnostics {
    let mut problems = Diagnostics::default();
    let keys: Vec<&str> = plan.columns.iter().map(|c| c.key.as_str()).collect();
    for (index, row) in plan.rows.iter().enumerate() {
        if row.section.is_some() && !row.cells.is_empty() {
            problems.push(Diagnostic::error(
                file,
                0,
                0,
                format!("rows[{index}]: a row is either a `section` row or has `cells`, not both"),
            ));
        }
        for key in row.cells.keys() {
            if !keys.contains(&key.as_str()) {
                problems.push(
                    Diagnostic::error(
                        file,
                        0,
                        0,
                        format!("rows[{index}].cells: unknown column `{key}`"),
                    )
                    .at_text(source, &format!("{key}:"))
                    .with_hint(format!("the plan's columns are: {}", keys.join(", "))),
                );
            }
        }
        for update in &row.updates {
            if !plan.update_rounds.iter().any(|r| r.date == update.date) {
                let rounds: Vec<String> = plan
                    .update_rounds
                    .iter()
                    .map(|r| r.date.to_string())
                    .collect();
                problems.push(
                    Diagnostic::error(
                        file,
                        0,
                        0,
                        format!(
                            "rows[{index}].updates: update dated {} matches no update round",
                            update.date
                        ),
                    )
                    .at_text(source, &format!("date: {}", update.date))
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

/// Width and height in points of every page of an existing PDF. A missing, unreadable or
/// encrypted file is an error: a pack must never be silently shorter.
/// Also says whether the file is tagged (a structure tree, marked as tagged), which decides
/// whether a screen reader can read it in order.
pub fn pdf_page_sizes(file: &Path) -> Result<(Vec<(f32, f32)>, bool)> {
    let bytes = read_pdf_within_limits(file)?;
    let document = lopdf::Document::load_mem(&bytes)
        .with_context(|| format!("cannot read the PDF appendix {}", file.display()))?;
    // Also a file with only an owner password (lopdf opens it, but it restricts copying):
    // `build` refuses both when it merges the pages, so `check` must too.
    if document.is_encrypted() || document.was_encrypted() {
        bail!(
            "the PDF appendix {} is encrypted (password-protected or restricted): ask for an unprotected copy",
            file.display()
        );
    }
    let pages = document.get_pages();
    if pages.is_empty() {
        bail!("the PDF appendix {} has no pages", file.display());
    }
    let sizes = pages
        .values()
        .map(|&id| media_box(&document, id))
        .collect::<Result<Vec<_>>>()
        .with_context(|| format!("reading the page sizes of {}", file.display()))?;
    Ok((sizes, is_tagged(&document)))
}

/// A Tagged PDF: the catalog has a structure tree and `/MarkInfo << /Marked true >>`.
fn is_tagged(document: &lopdf::Document) -> bool {
    let Ok(catalog) = document.catalog() else {
        return false;
    };
    let marked = catalog
        .get(b"MarkInfo")
        .and_then(|m| document.dereference(m))
        .and_then(|(_, m)| m.as_dict())
        .and_then(|m| m.get(b"Marked"))
        .and_then(|m| m.as_bool())
        .unwrap_or(false);
    marked && catalog.get(b"StructTreeRoot").is_ok()
}

/// The largest PDF appendix read, and the most its compressed streams may inflate to in all:
/// a few hundred pages of scans are far less; a "zip bomb" is far more.
pub const MAX_PDF_BYTES: u64 = 256 * 1024 * 1024;

/// The file's bytes, once its size and the inflated size of its Flate streams (counted as they
/// are inflated, nothing kept) are known to be within [`MAX_PDF_BYTES`], so that neither
/// reading it here nor merging its pages later can take unbounded memory.
fn read_pdf_within_limits(file: &Path) -> Result<Vec<u8>> {
    let too_large = |what: &str| {
        anyhow!(
            "the PDF appendix {} {what}; at most {} MiB is accepted: ask for a smaller copy",
            file.display(),
            MAX_PDF_BYTES / (1024 * 1024)
        )
    };
    let size = std::fs::metadata(file)
        .with_context(|| format!("cannot read the PDF appendix {}", file.display()))?
        .len();
    if size > MAX_PDF_BYTES {
        return Err(too_large(&format!("is {} MiB", size / (1024 * 1024))));
    }
    let bytes = std::fs::read(file)
        .with_context(|| format!("cannot read the PDF appendix {}", file.display()))?;
    let mut inflated = 0u64;
    for start in stream_starts(&bytes) {
        let mut decoder = flate2::read::ZlibDecoder::new(&bytes[start..]);
        let budget = MAX_PDF_BYTES - inflated + 1;
        let mut limited = std::io::Read::take(&mut decoder, budget);
        // Not every stream is Flate-compressed: what fails to inflate counts what it gave.
        let count = std::io::copy(&mut limited, &mut std::io::sink()).unwrap_or(0);
        inflated = inflated.saturating_add(count);
        if inflated > MAX_PDF_BYTES {
            return Err(too_large(
                "inflates to more than that when its compressed streams are unpacked",
            ));
        }
    }
    Ok(bytes)
}

/// Where the data of every `stream` in a PDF's bytes begins (after the keyword's end of line).
fn stream_starts(bytes: &[u8]) -> Vec<usize> {
    const KEYWORD: &[u8] = b"stream";
    let mut starts = Vec::new();
    let mut at = 0;
    while let Some(found) = find(&bytes[at..], KEYWORD) {
        let index = at + found;
        at = index + KEYWORD.len();
        if bytes[..index].ends_with(b"end") {
            continue;
        }
        let data = match &bytes[at..] {
            [b'\r', b'\n', ..] => at + 2,
            [b'\n', ..] | [b'\r', ..] => at + 1,
            _ => continue,
        };
        starts.push(data);
    }
    starts
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The page's size as a reader shows it: its visible box (the CropBox, else the MediaBox, both
/// inherited through the page tree), turned by its `/Rotate`. The same box and rotation that
/// `pdf::import` fits onto the page, so a page shown turned gets a page of its turned shape.
fn media_box(document: &lopdf::Document, page: lopdf::ObjectId) -> Result<(f32, f32)> {
    let (width, height) = match inherited(document, page, b"CropBox") {
        Some(crop) => rectangle_size(document, crop)
            .or_else(|_| page_box(document, page))
            .unwrap_or((595.28, 841.89)),
        None => page_box(document, page)?,
    };
    let rotation = inherited(document, page, b"Rotate")
        .and_then(|o| o.as_i64().ok())
        .unwrap_or(0);
    Ok(if rotation.rem_euclid(180) == 90 {
        (height, width)
    } else {
        (width, height)
    })
}

/// The page's MediaBox size; A4 when it has none.
fn page_box(document: &lopdf::Document, page: lopdf::ObjectId) -> Result<(f32, f32)> {
    match inherited(document, page, b"MediaBox") {
        Some(media) => rectangle_size(document, media),
        None => Ok((595.28, 841.89)),
    }
}

/// A page attribute, looked up through the page tree (it may be inherited).
fn inherited<'a>(
    document: &'a lopdf::Document,
    page: lopdf::ObjectId,
    key: &[u8],
) -> Option<&'a lopdf::Object> {
    let mut node = document.get_dictionary(page).ok()?;
    for _ in 0..32 {
        if let Ok(value) = node.get(key) {
            return document.dereference(value).ok().map(|(_, o)| o);
        }
        let parent = node.get(b"Parent").and_then(|p| p.as_reference()).ok()?;
        node = document.get_dictionary(parent).ok()?;
    }
    None
}

/// Width and height of a rectangle `[x0 y0 x1 y1]`.
fn rectangle_size(document: &lopdf::Document, object: &lopdf::Object) -> Result<(f32, f32)> {
    let numbers: Vec<f32> = object
        .as_array()
        .map_err(|_| anyhow!("a page has a malformed MediaBox"))?
        .iter()
        .filter_map(|n| document.dereference(n).ok().map(|(_, n)| n))
        .filter_map(|n| {
            n.as_float()
                .ok()
                .or_else(|| n.as_i64().ok().map(|i| i as f32))
        })
        .collect();
    match numbers[..] {
        [x0, y0, x1, y1] => Ok(((x1 - x0).abs(), (y1 - y0).abs())),
        _ => bail!("a page has a malformed MediaBox"),
    }
}
