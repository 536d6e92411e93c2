//! The command line: `build`, `check`, and the clerk's helpers. Parses arguments, runs the
//! pipeline, prints what happened; errors go to stderr with a non-zero exit status.

/// Prints a line of what happened. A closed standard output (`reportpack build | head -1`)
/// stops the printing, not the work: every meeting is still built and the exit status still
/// says whether there were errors (`println!` would panic there).
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

/// Prints a line of warnings or problems to standard error, which may be closed too.
macro_rules! tell {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

pub mod scaffold;
pub mod watch;

use crate::input::model::{Meeting, Report};
use crate::input::sheet;
use crate::input::yaml::read_yaml;
use crate::publish::{self, BuildOptions, Formats};
use crate::render::templates;
use anyhow::{bail, Result};
use clap::{Parser, Subcommand, ValueEnum};
use scaffold::Starter;
use std::path::{Path, PathBuf};
use std::time::Instant;

#[derive(Debug, Parser)]
#[command(
    name = "reportpack",
    version,
    about = "Builds council committee papers from YAML: accessible HTML and tagged PDF"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build a meeting's papers (or every meeting under data/ when no PATH is given).
    Build {
        /// A meeting folder or its meeting.yaml.
        path: Option<PathBuf>,
        /// Output folder (default: out/<meeting-folder-name>).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Folder for the private papers, exempt business (default: private/<meeting-folder-name>).
        #[arg(long)]
        private_out: Option<PathBuf>,
        /// The address the site is published at (`https://example.gov.uk/meetings/`), for the
        /// calendar and feed; without it their links are relative.
        #[arg(long, default_value = "")]
        base_url: String,
        /// Which outputs to write.
        #[arg(long, value_enum, default_value_t = Format::All)]
        format: Format,
        /// Rebuild this item (its agenda number or its report file) and everything that shows it; unchanged files are left untouched.
        #[arg(long)]
        only: Option<String>,
        /// The house-style templates folder (default: ./report-templates).
        #[arg(long)]
        templates: Option<PathBuf>,
    },
    /// Check a meeting and all its reports against the rules without writing anything; exit
    /// status 1 when there are errors.
    Check {
        /// A meeting folder or its meeting.yaml (default: every meeting under data/).
        path: Option<PathBuf>,
        #[arg(long)]
        templates: Option<PathBuf>,
        /// List the plain-English notes (sentences over 25 words, passives, jargon) at their
        /// file:line:col; without it `check` prints only how many there are.
        #[arg(long)]
        readability: bool,
    },
    /// Write the forward plan (notice of key decisions) of every council with meetings under
    /// DATA: <out>/<council>.html and .pdf.
    Plan {
        /// The data folder holding the meetings (default: data).
        #[arg(default_value = "data")]
        data: PathBuf,
        /// Output folder (default: out/forward-plan).
        #[arg(long, default_value = "out/forward-plan")]
        out: PathBuf,
        /// The day this edition is published (YYYY-MM-DD): it lists the decisions from then on.
        #[arg(long)]
        published: Option<chrono::NaiveDate>,
        #[arg(long)]
        templates: Option<PathBuf>,
    },
    /// Convert a spreadsheet to YAML (printed): `reportpack import action-plan FILE.xlsx`.
    Import {
        #[arg(value_enum)]
        kind: ImportKind,
        /// A .csv or .xlsx file: first row the column headings.
        file: PathBuf,
    },
    /// Rebuild a meeting on every save, printing the time taken or the problems found.
    Watch {
        /// A meeting folder or its meeting.yaml.
        path: PathBuf,
        #[arg(long)]
        out: Option<PathBuf>,
        #[arg(long)]
        private_out: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = Format::All)]
        format: Format,
        #[arg(long)]
        templates: Option<PathBuf>,
        /// Stop after this many builds (for scripts and tests).
        #[arg(long, hide = true)]
        max_builds: Option<usize>,
    },
    /// Write JSON Schemas of the meeting, report, action-plan and decisions files, for editors.
    Schema {
        /// Folder to write them to.
        #[arg(long, default_value = "schema")]
        out: PathBuf,
    },
    /// Write a commented starter file that builds as it is.
    New {
        #[arg(value_enum)]
        kind: StarterKind,
        /// For a meeting, a new folder; for decisions, the meeting's folder; for a report or
        /// action plan, the file to write; for a council, its name (the folder made in the
        /// templates folder).
        path: PathBuf,
        /// For a council: the house-style templates folder holding base/ (default:
        /// $REPORTPACK_TEMPLATES, else ./report-templates).
        #[arg(long)]
        templates: Option<PathBuf>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportKind {
    ActionPlan,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StarterKind {
    Meeting,
    Report,
    ActionPlan,
    Decisions,
    /// A council's house style: report-templates/NAME/ extending base/.
    Council,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Html,
    Pdf,
    All,
}

impl Format {
    fn formats(self) -> Formats {
        Formats {
            html: self != Format::Pdf,
            pdf: self != Format::Html,
        }
    }
}

/// Sets the process's memory allocator for a build, before any thread starts. By default glibc
/// maps each buffer over a few hundred kilobytes (an item read back from the kept folder, a
/// pack's structure tree) freshly from the kernel and unmaps it when freed, and hands freed
/// heap back at once: a rebuild of one item spent an eighth of its time faulting in and zeroing
/// pages. Kept in the heap for reuse instead, the peak stays where it was (a build's largest
/// buffers are not alive at once); `--only` on 50 reports took 69 ms instead of 75
/// (medians of 30 in alternating batches), and a full build of 200 peaked as before. `watch`
/// may keep up to the trim threshold of freed heap between builds.
pub fn tune_allocator() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets the allocator's parameters; it reads nothing of ours.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 64 << 20);
        libc::mallopt(libc::M_TRIM_THRESHOLD, 128 << 20);
        libc::mallopt(libc::M_TOP_PAD, 16 << 20);
    }
}

pub fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Build {
            path,
            out,
            private_out,
            base_url,
            format,
            only,
            templates,
        } => build(
            path,
            OutFolders { out, private_out },
            format,
            only,
            templates,
            base_url,
        ),
        Command::Check {
            path,
            templates,
            readability,
        } => check(
            path,
            templates.unwrap_or_else(templates::default_root),
            readability,
        ),
        Command::Plan {
            data,
            out,
            published,
            templates,
        } => {
            let templates = templates.unwrap_or_else(templates::default_root);
            let written = publish::forward_plan(&data, &templates, &out, published)?;
            say!(
                "forward plan: {} written, {} unchanged -> {}",
                written.written.len(),
                written.unchanged,
                out.display()
            );
            Ok(())
        }
        Command::Import {
            kind: ImportKind::ActionPlan,
            file,
        } => print_output(&sheet::import_action_plan(&file)?),
        Command::Watch {
            path,
            out,
            private_out,
            format,
            templates,
            max_builds,
        } => {
            let options = BuildOptions {
                out_dir: out.unwrap_or_else(|| publish::default_out_dir(&path)),
                private_dir: private_out.unwrap_or_else(|| publish::default_private_dir(&path)),
                formats: format.formats(),
                only: None,
                templates: templates.unwrap_or_else(templates::default_root),
                progress: std::io::IsTerminal::is_terminal(&std::io::stderr()),
            };
            watch::watch(&path, &options, max_builds);
            Ok(())
        }
        Command::Schema { out } => {
            for file in scaffold::write_schemas(&out)? {
                say!("wrote {}", file.display());
            }
            Ok(())
        }
        Command::New {
            kind,
            path,
            templates,
        } => {
            let starter = match kind {
                StarterKind::Meeting => Starter::Meeting,
                StarterKind::Report => Starter::Report,
                StarterKind::ActionPlan => Starter::ActionPlan,
                StarterKind::Decisions => Starter::Decisions,
                StarterKind::Council => {
                    // Never the set shipped beside the source: a new council goes where the
                    // clerk works.
                    let root = templates
                        .or_else(|| std::env::var_os("REPORTPACK_TEMPLATES").map(PathBuf::from))
                        .unwrap_or_else(|| PathBuf::from("report-templates"));
                    let name = path.to_string_lossy();
                    for file in scaffold::write_council(&root, &name)? {
                        say!("wrote {}", file.display());
                    }
                    return Ok(());
                }
            };
            for file in scaffold::write_starter(starter, &path)? {
                say!("wrote {}", file.display());
            }
            Ok(())
        }
    }
}

fn meetings(path: &Option<PathBuf>) -> Result<Vec<PathBuf>> {
    let meetings = match path {
        Some(path) => {
            refuse_a_report(path)?;
            vec![path.clone()]
        }
        None if !Path::new("data").is_dir() => bail!(
            "there is no data/ folder here: name a meeting (reportpack build data/<meeting>) or run in the project folder"
        ),
        None => publish::meetings_under(Path::new("data"))?,
    };
    if meetings.is_empty() {
        bail!("no meeting folders (with a meeting.yaml) under data/");
    }
    Ok(meetings)
}

fn check(path: Option<PathBuf>, templates: PathBuf, readability: bool) -> Result<()> {
    let mut errors = 0;
    for meeting in meetings(&path)? {
        let (problems, deadline, notes) = publish::check_with_readability(&meeting, &templates)?;
        if !deadline.is_empty() {
            say!("{}: {deadline}", meeting.display());
        }
        for problem in &problems.0 {
            say!("{problem}");
        }
        if readability {
            for note in &notes.0 {
                say!("{note}");
            }
        } else if !notes.0.is_empty() {
            say!(
                "{}: readability: {} notes; run check --readability",
                meeting.display(),
                notes.0.len()
            );
        }
        errors += problems.error_count();
    }
    if errors > 0 {
        bail!("{errors} error(s) found");
    }
    say!("no errors");
    Ok(())
}

/// A report file given where a meeting is expected: say so, and name the meeting folders whose
/// agenda includes it (the meeting folder above it, or beside it under the same data folder).
fn refuse_a_report(path: &Path) -> Result<()> {
    let is_yaml = path.extension().is_some_and(|e| e == "yaml" || e == "yml");
    if !path.is_file() || !is_yaml || path.file_name().is_some_and(|n| n == "meeting.yaml") {
        return Ok(());
    }
    let Ok((_, report)) = read_yaml::<Report>(path) else {
        return Ok(());
    };
    let meetings = meetings_including(path);
    let build = if meetings.is_empty() {
        "no meeting folder near it names it in its agenda: add it to a meeting.yaml's items \
         (`report: reports/<file>`) and build that meeting's folder"
            .to_string()
    } else {
        let folders: Vec<String> = meetings
            .iter()
            .map(|m| format!("reportpack build {}", m.display()))
            .collect();
        format!(
            "build the meeting that includes it: {}",
            folders.join(", or ")
        )
    };
    bail!(
        "{} is a report file (\"{}\"), not a meeting: reportpack builds a meeting folder, the one \
         holding meeting.yaml; {build}",
        path.display(),
        report.title
    )
}

/// The meeting folders near `report` (up to three folders above it, and the folders in those)
/// whose agenda names it.
fn meetings_including(report: &Path) -> Vec<PathBuf> {
    let Ok(report) = report.canonicalize() else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for ancestor in report.ancestors().skip(1).take(3) {
        let children = std::fs::read_dir(ancestor)
            .into_iter()
            .flatten()
            .flatten()
            .map(|entry| entry.path());
        for folder in std::iter::once(ancestor.to_path_buf()).chain(children) {
            let names_it =
                read_yaml::<Meeting>(&folder.join("meeting.yaml")).is_ok_and(|(_, m)| {
                    m.items
                        .iter()
                        .filter_map(|i| i.report.as_ref())
                        .any(|relative| {
                            folder.join(relative).canonicalize().ok().as_deref() == Some(&*report)
                        })
                });
            if names_it && !found.contains(&folder) {
                found.push(folder);
            }
        }
    }
    let here = std::env::current_dir().unwrap_or_default();
    found
        .into_iter()
        .map(|f| f.strip_prefix(&here).map(Path::to_path_buf).unwrap_or(f))
        .collect()
}

/// The output folders given on the command line, if any.
struct OutFolders {
    out: Option<PathBuf>,
    private_out: Option<PathBuf>,
}

impl OutFolders {
    /// Where the site's own pages go: the folder holding the meetings' public folders, when
    /// reportpack chose their places (no `--out` for a single meeting).
    fn site_root(&self, one_meeting: bool) -> Option<PathBuf> {
        match (&self.out, one_meeting) {
            (Some(_), true) => None,
            (Some(dir), false) => Some(dir.clone()),
            (None, _) => publish::default_out_dir(Path::new("meeting"))
                .parent()
                .map(Path::to_path_buf),
        }
    }

    /// The public and private folders of one meeting: as given when one meeting is built, or
    /// the meeting's folder name under them when every meeting is.
    fn for_meeting(&self, meeting: &Path, one_meeting: bool) -> (PathBuf, PathBuf) {
        let choose = |given: &Option<PathBuf>, default: PathBuf| match given {
            Some(dir) if one_meeting => dir.clone(),
            Some(dir) => dir.join(default.file_name().unwrap_or_default()),
            None => default,
        };
        (
            choose(&self.out, publish::default_out_dir(meeting)),
            choose(&self.private_out, publish::default_private_dir(meeting)),
        )
    }
}

fn build(
    path: Option<PathBuf>,
    folders: OutFolders,
    format: Format,
    only: Option<String>,
    templates: Option<PathBuf>,
    base_url: String,
) -> Result<()> {
    let templates = templates.unwrap_or_else(templates::default_root);
    let meetings = meetings(&path)?;
    if only.is_some() && meetings.len() > 1 {
        bail!("--only needs the meeting: reportpack build data/<meeting> --only <item>");
    }
    for meeting in &meetings {
        let (out_dir, private_dir) = folders.for_meeting(meeting, path.is_some());
        let started = Instant::now();
        let options = BuildOptions {
            out_dir: out_dir.clone(),
            private_dir,
            formats: format.formats(),
            only: only.clone(),
            templates: templates.clone(),
            progress: std::io::IsTerminal::is_terminal(&std::io::stderr()),
        };
        let summary = publish::build(meeting, &options)?;
        for warning in &summary.warnings.0 {
            tell!("{warning}");
        }
        say!(
            "{}: {} written, {} unchanged{} in {} ms -> {}",
            meeting.display(),
            summary.written.len(),
            summary.unchanged,
            if summary.removed.is_empty() {
                String::new()
            } else {
                format!(", {} stale removed", summary.removed.len())
            },
            started.elapsed().as_millis(),
            out_dir.display()
        );
        // With --only the clerk wants to know exactly what changed (the item and what shows it).
        if only.is_some() {
            for file in &summary.written {
                say!("  wrote {}", file.display());
            }
            for file in &summary.removed {
                say!("  removed {}", file.display());
            }
        }
    }
    if let Some(root) = folders.site_root(path.is_some()) {
        let written = publish::build_site(&root, &templates, &base_url)?;
        say!(
            "site: index of meetings, calendar and feed in {} ({} written)",
            root.display(),
            written.len()
        );
    }
    Ok(())
}

/// Writes a command's output (YAML to be saved or piped): a reader that stops early (`| head`)
/// is not an error, any other failure to write is.
fn print_output(text: &str) -> Result<()> {
    use std::io::Write as _;
    match std::io::stdout().write_all(text.as_bytes()) {
        Err(error) if error.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(anyhow::Error::new(error).context("writing to standard output"))
        }
        _ => Ok(()),
    }
}
