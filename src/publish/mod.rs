//! Building a meeting's papers: load and check everything, then render every output into the
//! staging folders of its trees as it is made, and only when all are made swap each set in, so
//! a failed build leaves the last good papers as they were. Also knows which outputs belong to
//! one item, for `--only`.

pub mod write;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::digest::FileDigest;
use crate::input::load;
use crate::input::model::Meeting;
use crate::input::parses::KeptParses;
use crate::parallel::in_parallel;
use crate::render::decisions;
use crate::render::glyphs::{self, GlyphProblem};
use crate::render::html::{self, DocumentIndex};
use crate::render::papers::{self, Packs, Paper};
use crate::render::prepared::{
    Access, AppendixPdf, Discard, Prepared, PreparedItem, PreparedRecord, Sink, Writer,
};
use crate::render::record::{self, MeetingRecord, RECORD_FILE};
use crate::render::reuse::ItemCache;
use crate::render::site;
use crate::render::templates::{HouseSettings, HouseStyle, SiteStyle};
use crate::rules;
use crate::view;
use anyhow::{anyhow, bail, ensure, Context, Result};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Formats {
    pub html: bool,
    pub pdf: bool,
}

#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The public papers: a folder the web team can upload whole.
    pub out_dir: PathBuf,
    /// The private papers (exempt business): never inside `out_dir`, owner-only.
    pub private_dir: PathBuf,
    pub formats: Formats,
    /// Rebuild one item only: its number, or its report file's name or path.
    pub only: Option<String>,
    pub templates: PathBuf,
    /// Show progress (on a terminal; quiet when output goes to a file or another program).
    pub progress: bool,
}

impl BuildOptions {
    /// Every output of a meeting into `out_dir` and `private_dir`, quietly, all items.
    pub fn everything(out_dir: PathBuf, private_dir: PathBuf, templates: PathBuf) -> Self {
        BuildOptions {
            out_dir,
            private_dir,
            formats: Formats {
                html: true,
                pdf: true,
            },
            only: None,
            templates,
            progress: false,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct BuildSummary {
    pub written: Vec<PathBuf>,
    pub unchanged: usize,
    pub removed: Vec<PathBuf>,
    /// Files in the output folders that reportpack did not write, left as they were.
    pub kept: Vec<PathBuf>,
    pub warnings: Diagnostics,
}

/// What `check` and `build` both run on a meeting: loading every file, the rules and the
/// views. One path, so that nothing passes `check` and then fails `build`.
enum Assessment {
    /// The meeting or a file it names could not be read.
    Unloadable(Diagnostics),
    Loaded(Box<Assessed>),
}

struct Assessed {
    loaded: load::LoadedMeeting,
    style: HouseStyle,
    judged: Judged,
}

fn assess(path: &Path, templates: &Path, parses: &KeptParses) -> Result<Assessment> {
    let ahead = house_style_ahead(path, templates, parses);
    // The templates parse on a thread of their own while the reports load and the rules and
    // views run (one thread, no more: every thread allocating at once can cost the build a malloc
    // arena; this one, beside the loading's two, was measured to leave the peak at 200 reports
    // where it was).
    std::thread::scope(|scope| {
        let parsing =
            (ahead.as_ref()).map(|(_, settings)| scope.spawn(|| settings.parse_templates(parses)));
        let loaded = match load::load_meeting_keeping(path, parses) {
            Ok(loaded) => loaded,
            Err(problems) => return Ok(Assessment::Unloadable(problems)),
        };
        let named_in = || format!("loading the house style named in {}", loaded.file.display());
        let (settings, parsing) = match (&ahead, parsing) {
            (Some((council, settings)), Some(parsing)) if *council == loaded.meeting.council => {
                (settings.clone(), Some(parsing))
            }
            // Not read ahead, or the file named another since: read as the meeting names it.
            _ => {
                let settings = HouseSettings::load(templates, &loaded.meeting.council);
                (settings.with_context(named_in)?, None)
            }
        };
        let judged = judge(&loaded, &settings);
        let parsed = match parsing {
            Some(parsing) => (parsing.join()).unwrap_or_else(|_| Err(anyhow!("parsing stopped"))),
            None => settings.parse_templates(parses),
        };
        let style = settings.with_templates(parsed.with_context(named_in)?);
        Ok(Assessment::Loaded(Box::new(Assessed {
            loaded,
            style,
            judged: judged?,
        })))
    })
}

/// The house style the meeting file names, read before the meeting is loaded (its parse is
/// kept, so the file is read once more cheaply); none when the file or the style has a
/// problem, which loading the meeting then reports where it is.
fn house_style_ahead(
    path: &Path,
    templates: &Path,
    parses: &KeptParses,
) -> Option<(String, HouseSettings)> {
    let (_, meeting) = parses
        .read_yaml::<Meeting>(&load::meeting_file(path))
        .ok()?;
    let settings = HouseSettings::load(templates, &meeting.council).ok()?;
    Some((meeting.council, settings))
}

/// A loaded meeting's problems and its views, which the templates will be given.
struct Judged {
    problems: Diagnostics,
    meeting: Option<view::MeetingView>,
    reports: Vec<Option<view::ReportView>>,
    /// The record of decisions and minutes, once views are made (`None` inside: not recorded).
    record: Option<Option<PreparedRecord>>,
}

/// Runs the rules on the meeting and makes its views (each view that cannot be made adds its
/// problems instead).
fn judge(loaded: &load::LoadedMeeting, settings: &HouseSettings) -> Result<Judged> {
    let words = settings
        .date_words(&loaded.meeting.lang)
        .with_context(|| format!("the language of {}", loaded.file.display()))?;
    // The rules run beside the reports' views, which are made on every core: on one core,
    // judging kept the other idle for a tenth of an --only rebuild at 50 reports.
    let (mut problems, views) = std::thread::scope(|scope| {
        let checking = scope.spawn(|| {
            let mut problems = rules::check(loaded, &settings.config);
            problems.extend(glyph_warnings(loaded));
            problems
        });
        let views = in_parallel(loaded.items.len(), |index| {
            let report = loaded.items[index].report.as_ref()?;
            Some(view::report_view(
                report,
                &loaded.meeting,
                &words,
                &settings.statuses,
            ))
        });
        let problems = (checking.join()).unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (problems, views)
    });
    let reports = (views.into_iter())
        .map(|view| view?.map_err(|found| problems.extend(found)).ok())
        .collect();
    let meeting = view::meeting_view(loaded, &words)
        .map_err(|found| problems.extend(found))
        .ok();
    let record = record_views(loaded, &settings.config, &words)
        .map_err(|found| problems.extend(found))
        .ok();
    problems.withhold_quotes_in(&loaded.exempt_files());
    Ok(Judged {
        problems,
        meeting,
        reports,
        record,
    })
}

/// A warning for the characters the PDF cannot show as written, at the first in each input
/// file (one for those the fonts lack, one for right-to-left text).
fn glyph_warnings(loaded: &load::LoadedMeeting) -> Diagnostics {
    let mut warnings = Diagnostics::default();
    for (file, source) in loaded.sources() {
        for found in glyphs::glyph_problems(source) {
            let before = &source[..found.offset];
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            let shown: Vec<String> = found
                .chars
                .iter()
                .take(8)
                .map(|ch| format!("\"{ch}\" (U+{:04X})", *ch as u32))
                .collect();
            let more = found.chars.len().saturating_sub(shown.len());
            let listed = if more > 0 {
                format!("{} and {more} more", shown.join(", "))
            } else {
                shown.join(", ")
            };
            let (message, hint) = match found.problem {
                GlyphProblem::Undrawable => (
                    format!(
                        "not in the papers' fonts: {listed}; the PDF would print empty boxes and lose them from its text"
                    ),
                    "write them in words or leave them out (the web page shows them, the PDF cannot)",
                ),
                GlyphProblem::RightToLeft => (
                    format!(
                        "right-to-left text ({listed}) would be laid out left to right in the PDF, its letters in the wrong order"
                    ),
                    "publish right-to-left text as a PDF appendix made by a tool that orders it",
                ),
            };
            warnings.push(Diagnostic::warning(file, line, column, message).with_hint(hint));
        }
    }
    warnings
}

/// Loads a meeting and everything it names, and prepares the template views. Any problem in
/// any file is reported, all together.
pub fn prepare(path: &Path, templates: &Path) -> Result<Prepared> {
    into_prepared(assess(path, templates, &KeptParses::default())?)
}

fn into_prepared(assessment: Assessment) -> Result<Prepared> {
    let Assessed {
        loaded,
        style,
        judged:
            Judged {
                problems,
                meeting,
                reports,
                record,
            },
    } = match assessment {
        Assessment::Unloadable(problems) => return Err(anyhow!(problems)),
        Assessment::Loaded(assessed) => *assessed,
    };
    let (Some(meeting), Some(record), false) = (meeting, record, problems.has_errors()) else {
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
                .flat_map(|r| r.report.appendices.iter().zip(&r.appendices))
                .filter_map(|(appendix, loaded)| match loaded {
                    load::LoadedAppendix::Pdf {
                        file, page_sizes, ..
                    } => Some(AppendixPdf {
                        label: appendix.label.clone(),
                        file: file.clone(),
                        page_sizes: page_sizes.clone(),
                    }),
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
        record,
    })
}

/// The record of decisions and minutes for the public and for members, with the call-in period
/// the council's calendar gives; none until the clerk records the decisions.
fn record_views(
    loaded: &load::LoadedMeeting,
    council: &crate::input::model::CouncilConfig,
    words: &view::dates::DateWords,
) -> Result<Option<PreparedRecord>, Diagnostics> {
    let Some(decisions) = &loaded.decisions else {
        return Ok(None);
    };
    let call_in = rules::call_in(loaded, decisions, council);
    let dates = view::decisions::CallInDates {
        deadline: call_in.deadline,
        implement_from: call_in.implement_from,
    };
    let view =
        |private| view::decisions::record_view(loaded, decisions, council, dates, private, words);
    Ok(Some(PreparedRecord {
        public: view(false)?,
        private: view(true)?,
    }))
}

/// Everything `build` would object to, errors and warnings, without writing anything; and the
/// meeting's publication deadline. It runs what `build` runs, up to rendering every output in
/// memory, so that no input passes `check` and fails `build`.
pub fn check(path: &Path, templates: &Path) -> Result<(Diagnostics, String)> {
    check_with_readability(path, templates).map(|(problems, deadline, _)| (problems, deadline))
}

/// `check`, and the plain-English notes on the meeting's reports (sentences over 25 words,
/// passives, the house style's jargon), which are advice and never stop a build.
pub fn check_with_readability(
    path: &Path,
    templates: &Path,
) -> Result<(Diagnostics, String, Diagnostics)> {
    let assessment = assess(path, templates, &KeptParses::default())?;
    let (deadline, readability) = match &assessment {
        Assessment::Unloadable(problems) => {
            return Ok((problems.clone(), String::new(), Diagnostics::default()))
        }
        Assessment::Loaded(assessed) => {
            // Every template, not only those this meeting's papers render: a broken minutes
            // template is found before the meeting has minutes.
            assessed.style.all_templates()?;
            let deadline =
                rules::deadline_summary(&assessed.loaded.meeting, &assessed.style.settings.config);
            let readability = readability_notes(assessed)?;
            if assessed.judged.problems.has_errors() {
                return Ok((assessed.judged.problems.clone(), deadline, readability));
            }
            (deadline, readability)
        }
    };
    let prepared = into_prepared(assessment)?;
    let mut problems = prepared.warnings.clone();
    let everything = Formats {
        html: true,
        pdf: true,
    };
    let folder = meeting_folder_name(path);
    if let Err(error) = all_outputs(
        &prepared,
        everything,
        false,
        &folder,
        &Discard,
        &ItemCache::default(),
    ) {
        problems.push(Diagnostic::error(
            &prepared.loaded.file,
            0,
            0,
            format!("the papers cannot be made: {error:#}"),
        ));
    }
    Ok((problems, deadline, readability))
}

/// The readability notes, with the house style's jargon list (the council's `jargon.txt`, else
/// the shared one); quotations from exempt reports withheld as in every other message.
fn readability_notes(assessed: &Assessed) -> Result<Diagnostics> {
    let file = assessed.style.settings.house_file("jargon.txt");
    let jargon = match std::fs::read_to_string(&file) {
        Ok(text) => rules::readability::parse_jargon(&text),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(error) => return Err(error).with_context(|| format!("reading {}", file.display())),
    };
    let mut notes = rules::readability::notes(&assessed.loaded, &jargon);
    notes.withhold_quotes_in(&assessed.loaded.exempt_files());
    Ok(notes)
}

/// The folder name of a meeting (`data/<name>/meeting.yaml` -> `<name>`).
fn meeting_folder_name(meeting_path: &Path) -> String {
    load::meeting_file(meeting_path)
        .parent()
        .and_then(|p| p.file_name())
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "meeting".to_string())
}

/// The default public output folder of a meeting: `out/<meeting-folder-name>`.
pub fn default_out_dir(meeting_path: &Path) -> PathBuf {
    PathBuf::from("out").join(meeting_folder_name(meeting_path))
}

/// Where a build keeps its items' PDFs for the next build (`render::reuse`): beside the
/// private papers and as private as they are (`private/.<meeting>.kept/`), never in a public
/// folder and never inside a published tree, which is swapped whole.
pub fn kept_items_folder(private_dir: &Path) -> PathBuf {
    let name = (private_dir.file_name())
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "meeting".to_string());
    private_dir.with_file_name(format!(".{name}.kept"))
}

/// The default private output folder of a meeting: `private/<meeting-folder-name>`, beside
/// `out/` and never inside it.
pub fn default_private_dir(meeting_path: &Path) -> PathBuf {
    PathBuf::from("private").join(meeting_folder_name(meeting_path))
}

/// Builds the papers of one meeting. `--only` renders as much as a full build (an item's
/// change can show in the agenda, the packs and the supplement), so it is never less safe; only
/// the files whose bytes changed are written.
pub fn build(meeting_path: &Path, options: &BuildOptions) -> Result<BuildSummary> {
    build_reusing(meeting_path, options, &mut ItemCache::default())
}

/// [`build`] with the given `cache`, which takes from the meeting's kept folder the item PDFs
/// the last build made from the same inputs and keeps this build's there for the next (and
/// counts what it took, for the tests and the benchmark).
pub fn build_reusing(
    meeting_path: &Path,
    options: &BuildOptions,
    cache: &mut ItemCache,
) -> Result<BuildSummary> {
    let kept = kept_items_folder(&options.private_dir);
    let parses = KeptParses::in_folder(kept.clone());
    let prepared = into_prepared(assess(meeting_path, &options.templates, &parses)?)?;
    guard_output_folders(&prepared, options)?;
    guard_folders_apart(options)?;
    // Only now, with the folders known to be sound, is anything written.
    parses.keep_new();
    if let Some(selector) = &options.only {
        find_item(&prepared, selector)?;
    }
    let trees = Trees {
        public: write::Stage::open(&options.out_dir, Access::Public)?,
        private_dir: &options.private_dir,
        private: std::sync::OnceLock::new(),
    };
    let folder = (options.out_dir.file_name())
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    cache.start_build(Some(kept));
    all_outputs(
        &prepared,
        options.formats,
        options.progress,
        &folder,
        &trees,
        cache,
    )?;
    let mut summary = BuildSummary {
        warnings: prepared.warnings.clone(),
        ..BuildSummary::default()
    };
    // Every report's views and the parsed templates: freed while the stage is swapped in.
    crate::parallel::drop_aside(prepared);
    // What is kept for the next build is still being written while the stage's files go to
    // the disk and it is swapped in: on the disk, waiting for it first made an --only rebuild
    // wait for both in turn.
    let finished = trees.finish();
    cache.finish_build();
    parses.finish_build();
    for published in finished? {
        summary.written.extend(published.written);
        summary.unchanged += published.unchanged;
        summary.removed.extend(published.removed);
        summary.kept.extend(published.kept);
    }
    Ok(summary)
}

/// The two trees a build publishes, as the sink its outputs go into: the public papers, and the
/// private ones, staged when the first private file comes (or at the end, emptied, when there
/// were private papers before), so a meeting without exempt business makes no private folder.
struct Trees<'a> {
    public: write::Stage,
    private_dir: &'a Path,
    private: std::sync::OnceLock<Result<write::Stage, String>>,
}

impl Trees<'_> {
    fn private(&self) -> Result<&write::Stage> {
        let opened = self.private.get_or_init(|| {
            write::Stage::open(self.private_dir, Access::Private).map_err(|e| format!("{e:#}"))
        });
        opened.as_ref().map_err(|message| anyhow!("{message}"))
    }

    fn finish(self) -> Result<Vec<write::Published>> {
        if self.private.get().is_none() && self.private_dir.exists() {
            self.private()?;
        }
        let mut published = vec![self.public.finish()?];
        if let Some(private) = self.private.into_inner() {
            published.push(private.map_err(|message| anyhow!("{message}"))?.finish()?);
        }
        Ok(published)
    }
}

impl Sink for Trees<'_> {
    fn write(&self, access: Access, path: &Path, write: Writer) -> Result<u64> {
        self.stage(access)?.write(path, write)
    }

    fn is_published(&self, access: Access, path: &Path, known: FileDigest) -> bool {
        (self.stage(access)).is_ok_and(|stage| stage.is_published(path, known))
    }

    fn keep_published(&self, access: Access, path: &Path, known: FileDigest) -> Result<bool> {
        self.stage(access)?.keep_published(path, known)
    }
}

impl Trees<'_> {
    fn stage(&self, access: Access) -> Result<&write::Stage> {
        match access {
            Access::Public => Ok(&self.public),
            Access::Private => self.private(),
        }
    }
}

fn all_outputs(
    prepared: &Prepared,
    formats: Formats,
    progress: bool,
    folder: &str,
    sink: &dyn Sink,
    cache: &ItemCache,
) -> Result<()> {
    // The PDFs first: the web pages link each with its size and length.
    let mut papers = Vec::new();
    let mut packs = None;
    let mut kept = papers::KeptPdfs::default();
    if formats.pdf {
        let (items, mut planned) = papers::items_then_packs(prepared, progress, sink, cache)?;
        papers.extend(items);
        papers.extend(decisions::pdfs(prepared, sink)?);
        kept = planned.take_kept();
        packs = Some(planned);
    }
    // Item pages that link only their own PDFs are made on one core while the packs are
    // written on the other (a pack is written on one): a full build of 200 reports took 0.49
    // s instead of 0.53, its peak memory as before (on every core it rose by 12 MB).
    let early = formats.html && !html::item_pages_show_meeting_papers(prepared);
    std::thread::scope(|scope| -> Result<()> {
        let expected = packs.as_ref().map_or(0, Packs::count);
        let (announce, announced) = std::sync::mpsc::channel::<Paper>();
        let writing = packs.map(|packs| {
            scope.spawn(move || {
                // Gone with the thread: a pack that fails is never waited for.
                let announce = move |paper: Paper| drop(announce.send(paper));
                packs.write(sink, cache, &announce)
            })
        });
        // The kept items' PDFs are placed beside the packs being written, and so are item
        // pages that link only their own PDFs.
        kept.place(sink, cache)?;
        if early {
            let items_only = DocumentIndex::of(&papers);
            html::put_item_pages(prepared, &items_only, cache, sink, html::Cores::One)?;
        }
        // What links the packs is made once their lengths are known, while their bytes go to
        // the disk.
        let mut linked = papers.clone();
        linked.extend(announced.iter().take(expected));
        let linking = put_linking(prepared, formats, folder, &linked, early, sink, cache);
        if let Some(writing) = writing {
            let written = writing.join();
            papers.extend(written.unwrap_or_else(|panic| std::panic::resume_unwind(panic))?);
        }
        linking?;
        let sorted = |papers: &[Paper]| {
            let mut listed: Vec<_> = (papers.iter())
                .map(|p| (p.access, p.path.clone(), p.bytes, p.pages))
                .collect();
            listed.sort();
            listed
        };
        ensure!(
            sorted(&linked) == sorted(&papers),
            "internal: a pack was written otherwise than announced"
        );
        Ok(())
    })
}

/// The record and the web pages that link the meeting's PDFs, `papers`, put into `sink`.
fn put_linking(
    prepared: &Prepared,
    formats: Formats,
    folder: &str,
    papers: &[Paper],
    early: bool,
    sink: &dyn Sink,
    cache: &ItemCache,
) -> Result<()> {
    let documents = DocumentIndex::of(papers);
    sink.put(record::record_file(prepared, &documents, folder)?)?;
    if formats.html {
        if early {
            for page in html::meeting_pages(prepared, &documents)? {
                sink.put(page)?;
            }
        } else {
            html::put_pages(prepared, &documents, cache, sink)?;
        }
        for page in decisions::pages(prepared)? {
            sink.put(page)?;
        }
    }
    Ok(())
}

fn find_item<'a>(prepared: &'a Prepared, selector: &str) -> Result<&'a PreparedItem> {
    prepared
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
        })
}

/// The output folders are reportpack's alone: neither may be, or contain, a folder the meeting
/// reads from (the whole folder is replaced on publishing), sit inside the meeting folder, or
/// hold the other (private papers inside the public folder would be uploaded with it).
fn guard_output_folders(prepared: &Prepared, options: &BuildOptions) -> Result<()> {
    let public = absolute(&options.out_dir);
    let private = absolute(&options.private_dir);
    let meeting_dir = absolute(&prepared.loaded.dir);
    for (out, flag) in [(&public, "--out"), (&private, "--private-out")] {
        if out.starts_with(&meeting_dir) {
            bail!(
                "{flag} {} is inside the meeting folder {}: choose a folder outside it",
                out.display(),
                prepared.loaded.dir.display()
            );
        }
        for input in input_folders(prepared, options) {
            if absolute(&input).starts_with(out) {
                bail!(
                    "{flag} {} holds {}, which the meeting reads from: reportpack replaces its output folder whole, so choose another",
                    out.display(),
                    input.display()
                );
            }
        }
    }
    Ok(())
}

/// The public folder, the private papers' and the kept items' are apart (what is kept holds
/// exempt reports and pages).
fn guard_folders_apart(options: &BuildOptions) -> Result<()> {
    let public = absolute(&options.out_dir);
    let private = absolute(&options.private_dir);
    if public.starts_with(&private) || private.starts_with(&public) {
        bail!(
            "the private papers' folder {} and the public folder {} must be apart (neither inside the other): the public folder is uploaded whole",
            options.private_dir.display(),
            options.out_dir.display()
        );
    }
    let kept = absolute(&kept_items_folder(&options.private_dir));
    if kept.starts_with(&public) || public.starts_with(&kept) {
        bail!(
            "the private papers' folder {} keeps what each build made of its items (exempt pages among them) in {}, which would be in or hold the public folder {}: choose folders apart",
            options.private_dir.display(),
            kept.display(),
            options.out_dir.display()
        );
    }
    Ok(())
}

/// Every folder an input file of the meeting lives in, and the templates.
fn input_folders(prepared: &Prepared, options: &BuildOptions) -> Vec<PathBuf> {
    let loaded = &prepared.loaded;
    let mut folders = vec![loaded.dir.clone(), options.templates.clone()];
    for report in loaded.items.iter().filter_map(|i| i.report.as_ref()) {
        folders.extend(report.file.parent().map(Path::to_path_buf));
        for appendix in &report.appendices {
            let file = match appendix {
                load::LoadedAppendix::ActionPlan { file, .. } => file,
                load::LoadedAppendix::Pdf { file, .. } => file,
                load::LoadedAppendix::Listed => continue,
            };
            folders.extend(file.parent().map(Path::to_path_buf));
        }
    }
    folders
}

/// A path made absolute with symlinks resolved, also when it does not exist yet (its nearest
/// existing ancestor is resolved and the rest appended).
fn absolute(path: &Path) -> PathBuf {
    let mut existing = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut rest = Vec::new();
    loop {
        if let Ok(resolved) = existing.canonicalize() {
            return rest.iter().rev().fold(resolved, |p, part| p.join(part));
        }
        match (existing.file_name(), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name.to_os_string());
                existing = parent.to_path_buf();
            }
            _ => return existing,
        }
    }
}

/// The forward plan of key decisions of each council with meetings under `data_dir`, written
/// to `out_dir` as `<council>.html` and `<council>.pdf`; with `published`, the edition published
/// that day (the decisions to be taken from then on).
pub fn forward_plan(
    data_dir: &Path,
    templates: &Path,
    out_dir: &Path,
    published: Option<chrono::NaiveDate>,
) -> Result<write::Published> {
    let out = absolute(out_dir);
    for input in [data_dir, templates] {
        if out.starts_with(absolute(input)) || absolute(input).starts_with(&out) {
            bail!(
                "--out {} overlaps {}, which the plan reads from: choose a folder apart from it",
                out_dir.display(),
                input.display()
            );
        }
    }
    let mut problems = Diagnostics::default();
    let mut by_council: std::collections::BTreeMap<String, Vec<load::LoadedMeeting>> =
        Default::default();
    for meeting in meetings_under(data_dir)? {
        match load::load_meeting(&meeting) {
            Ok(loaded) => by_council
                .entry(loaded.meeting.council.clone())
                .or_default()
                .push(loaded),
            Err(found) => problems.extend(found),
        }
    }
    let mut files = Vec::new();
    for (council, meetings) in &by_council {
        let style = HouseStyle::load(templates, council)?;
        let words = style
            .settings
            .date_words(view::decisions::forward_plan_lang(meetings))?;
        match view::decisions::forward_plan_view(
            &style.settings.config,
            meetings,
            published,
            &words,
        ) {
            Ok(plan) => {
                let date = published
                    .or_else(|| meetings.iter().map(|m| m.meeting.date).min())
                    .unwrap_or_default();
                files.extend(decisions::forward_plan_files(&style, council, &plan, date)?);
            }
            Err(found) => {
                let mut found = found;
                for loaded in meetings {
                    found.withhold_quotes_in(&loaded.exempt_files());
                }
                problems.extend(found);
            }
        }
    }
    if problems.has_errors() {
        return Err(anyhow!(problems)).context("the forward plan was not published");
    }
    write::publish(out_dir, &files, Access::Public)
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

/// Rebuilds the site's own pages at `root` (the folder holding the meetings' public folders):
/// the index of every meeting published there, the calendar and the feed, from each meeting's
/// `meeting.json`. `base_url` (ending in `/`, or empty for relative addresses) prefixes the
/// addresses in the calendar and the feed.
pub fn build_site(root: &Path, templates: &Path, base_url: &str) -> Result<Vec<PathBuf>> {
    let records = published_records(root)?;
    let style = SiteStyle::load(templates)?;
    let files = site::site_files(&style, &records, base_url)?;
    write::publish_files(root, &files)
}

/// The records of the meetings published under `root`: folders reportpack wrote (with its
/// manifest) holding a `meeting.json`, in folder order.
fn published_records(root: &Path) -> Result<Vec<MeetingRecord>> {
    let mut folders: Vec<PathBuf> = match std::fs::read_dir(root) {
        Ok(entries) => entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.join(write::MANIFEST).is_file() && p.join(RECORD_FILE).is_file())
            .collect(),
        Err(_) => Vec::new(),
    };
    folders.sort();
    folders
        .iter()
        .map(|folder| {
            let file = folder.join(RECORD_FILE);
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("cannot read {}", file.display()))?;
            serde_json::from_str(&text)
                .with_context(|| format!("{} is not a meeting record", file.display()))
        })
        .collect()
}
