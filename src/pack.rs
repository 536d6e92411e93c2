//! Building a meeting's papers: load and check everything, render every output in memory, and
//! only then write, each file atomically, so a failed build leaves the last good papers as they
//! were. Also knows which outputs belong to one item, for `--only`.

use crate::diagnostics::Diagnostics;
use crate::html;
use crate::load::{self, LoadedMeeting};
use crate::output::{self, OutputFile};
use crate::papers;
use crate::rules;
use crate::templates::HouseStyle;
use crate::view::{self, AgendaItemView, MeetingView, ReportView};
use anyhow::{anyhow, Context, Result};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Formats {
    pub html: bool,
    pub pdf: bool,
}

#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub out_dir: PathBuf,
    pub formats: Formats,
    /// Rebuild one item only: its number, or its report file's name or path.
    pub only: Option<String>,
    pub templates: PathBuf,
    /// Show progress (on a terminal; quiet when output goes to a file or another program).
    pub progress: bool,
}

#[derive(Debug, Clone, Default)]
pub struct BuildSummary {
    pub written: Vec<PathBuf>,
    pub unchanged: usize,
    pub removed: Vec<PathBuf>,
    pub warnings: Diagnostics,
}

/// A meeting loaded, checked and turned into template views, ready to render.
pub struct Prepared {
    pub loaded: LoadedMeeting,
    /// Warnings from the rules (errors stop the build before this exists).
    pub warnings: Diagnostics,
    pub style: HouseStyle,
    pub meeting: MeetingView,
    pub items: Vec<PreparedItem>,
}

pub struct PreparedItem {
    pub view: AgendaItemView,
    pub report: Option<ReportView>,
    /// The report file, for `--only` by file name.
    pub report_file: Option<PathBuf>,
    /// Existing PDFs among the report's appendices, in the report's order, with their page sizes.
    pub appendix_pdfs: Vec<(PathBuf, Vec<(f32, f32)>)>,
}

impl PreparedItem {
    pub fn stem(&self) -> String {
        self.view
            .stem
            .clone()
            .unwrap_or_else(|| format!("{:02}", self.view.number))
    }

    /// Exempt when either the agenda or the report says so: never publish on one word alone.
    pub fn exempt(&self) -> bool {
        self.view.exempt.is_some() || self.report.as_ref().is_some_and(|r| r.exempt.is_some())
    }

    fn matches(&self, selector: &str) -> bool {
        if selector.parse::<u32>().ok() == Some(self.view.number) {
            return true;
        }
        self.report_file.as_ref().is_some_and(|file| {
            file.ends_with(selector)
                || file.file_name().is_some_and(|name| name == selector)
                || Path::new(selector).canonicalize().ok() == file.canonicalize().ok()
        })
    }
}

impl Prepared {
    pub fn has_exempt(&self) -> bool {
        self.items.iter().any(PreparedItem::exempt)
    }
}

/// Loads a meeting and everything it names, and prepares the template views. Any problem in
/// any file is reported, all together.
pub fn prepare(path: &Path, templates: &Path) -> Result<Prepared> {
    let loaded = load::load_meeting(path).map_err(|problems| anyhow!(problems))?;
    let style = HouseStyle::load(templates, &loaded.meeting.council)
        .with_context(|| format!("loading the house style named in {}", loaded.file.display()))?;
    let mut problems = rules::check(&loaded, &style.config);
    let mut reports = Vec::new();
    for loaded_item in &loaded.items {
        reports.push(match &loaded_item.report {
            Some(report) => view::report_view(report, loaded.meeting.date)
                .map_err(|found| problems.extend(found))
                .ok(),
            None => None,
        });
    }
    let meeting = view::meeting_view(&loaded).map_err(|found| problems.extend(found));
    let (Ok(meeting), false) = (meeting, problems.has_errors()) else {
        return Err(anyhow!(problems))
            .context("the papers were not published: fix the errors above");
    };
    let items = loaded
        .items
        .iter()
        .zip(&meeting.items)
        .zip(reports)
        .map(|((loaded_item, item_view), report)| PreparedItem {
            view: item_view.clone(),
            report,
            report_file: loaded_item.report.as_ref().map(|r| r.file.clone()),
            appendix_pdfs: loaded_item
                .report
                .iter()
                .flat_map(|r| &r.appendices)
                .filter_map(|a| match a {
                    load::LoadedAppendix::Pdf { file, page_sizes } => {
                        Some((file.clone(), page_sizes.clone()))
                    }
                    _ => None,
                })
                .collect(),
        })
        .collect();
    Ok(Prepared {
        warnings: problems,
        loaded,
        style,
        meeting,
        items,
    })
}

/// Everything `build` would object to, errors and warnings, without writing anything; and the
/// meeting's publication deadline.
pub fn check(path: &Path, templates: &Path) -> Result<(Diagnostics, String)> {
    let loaded = match load::load_meeting(path) {
        Ok(loaded) => loaded,
        Err(problems) => return Ok((problems, String::new())),
    };
    let style = HouseStyle::load(templates, &loaded.meeting.council)
        .with_context(|| format!("loading the house style named in {}", loaded.file.display()))?;
    let mut problems = rules::check(&loaded, &style.config);
    if let Err(found) = view::meeting_view(&loaded) {
        problems.extend(found);
    }
    for report in loaded.items.iter().filter_map(|i| i.report.as_ref()) {
        if let Err(found) = view::report_view(report, loaded.meeting.date) {
            problems.extend(found);
        }
    }
    Ok((
        problems,
        rules::deadline_summary(&loaded.meeting, &style.config),
    ))
}

/// The default output folder of a meeting: `out/<meeting-folder-name>`.
pub fn default_out_dir(meeting_path: &Path) -> PathBuf {
    let file = load::meeting_file(meeting_path);
    let folder = file
        .parent()
        .and_then(|p| p.file_name())
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "meeting".to_string());
    PathBuf::from("out").join(folder)
}

/// Builds the papers of one meeting.
pub fn build(meeting_path: &Path, options: &BuildOptions) -> Result<BuildSummary> {
    let prepared = prepare(meeting_path, &options.templates)?;
    let files = match &options.only {
        Some(selector) => item_outputs(&prepared, selector, options)?,
        None => all_outputs(&prepared, options)?,
    };
    let mut summary = BuildSummary {
        warnings: prepared.warnings.clone(),
        ..BuildSummary::default()
    };
    for file in &files {
        if output::write_atomic(&file.path, &file.bytes)? {
            summary.written.push(file.path.clone());
        } else {
            summary.unchanged += 1;
        }
    }
    if options.only.is_none() {
        summary.removed = output::remove_stale(&options.out_dir, &files)?;
    }
    Ok(summary)
}

fn all_outputs(prepared: &Prepared, options: &BuildOptions) -> Result<Vec<OutputFile>> {
    let mut files = Vec::new();
    if options.formats.html {
        files.extend(html::pages(prepared, &options.out_dir)?);
    }
    if options.formats.pdf {
        files.extend(papers::all_pdfs(
            prepared,
            &options.out_dir,
            options.progress,
        )?);
    }
    Ok(files)
}

fn item_outputs(
    prepared: &Prepared,
    selector: &str,
    options: &BuildOptions,
) -> Result<Vec<OutputFile>> {
    let item = prepared
        .items
        .iter()
        .find(|item| item.matches(selector))
        .ok_or_else(|| {
            let numbers: Vec<String> = prepared
                .items
                .iter()
                .filter(|i| i.report.is_some())
                .map(|i| i.view.number.to_string())
                .collect();
            anyhow!(
                "--only {selector}: no agenda item has that number or report file (report items: {})",
                numbers.join(", ")
            )
        })?;
    let mut files = Vec::new();
    if options.formats.html {
        files.extend(html::item_pages(prepared, item, &options.out_dir)?);
    }
    if options.formats.pdf {
        files.extend(papers::item_pdfs(prepared, item, &options.out_dir)?);
    }
    Ok(files)
}

/// Every meeting folder under `data_dir` (folders holding a `meeting.yaml`), in name order.
pub fn meetings_under(data_dir: &Path) -> Result<Vec<PathBuf>> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(data_dir)
        .with_context(|| format!("cannot read the folder {}", data_dir.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.join("meeting.yaml").is_file())
        .collect();
    found.sort();
    Ok(found)
}
