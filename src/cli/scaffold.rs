//! Helping people write the input: commented starter files that build as they are, and JSON
//! Schemas of the four file kinds for editors' YAML support (autocomplete, inline errors),
//! derived from the same types that parse the files.

use crate::input::decisions::Decisions;
use crate::input::load::DECISIONS_FILE;
use crate::input::model::{ActionPlan, Meeting, Report};
use crate::publish::write::write_atomic;
use crate::render::record::MeetingRecord;
use anyhow::{bail, Result};
use schemars::{schema_for, JsonSchema};
use std::path::{Path, PathBuf};

const MEETING: &str = include_str!("starters/meeting.yaml");
const REPORT: &str = include_str!("starters/report.yaml");
const ACTION_PLAN: &str = include_str!("starters/action-plan.yaml");
const DECISIONS: &str = include_str!("starters/decisions.yaml");
const COUNCIL: [(&str, &str); 3] = [
    (
        "council.yaml",
        include_str!("starters/council/council.yaml"),
    ),
    ("report.html", include_str!("starters/council/report.html")),
    (
        "meeting.html",
        include_str!("starters/council/meeting.html"),
    ),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Starter {
    Meeting,
    Report,
    ActionPlan,
    /// A meeting's `decisions.yaml` (PATH is the meeting folder).
    Decisions,
}

/// Writes a starter file (for a meeting: a folder with `meeting.yaml` and the example report it
/// names). Never overwrites: an existing file is an error.
pub fn write_starter(kind: Starter, path: &Path) -> Result<Vec<PathBuf>> {
    let files: Vec<(PathBuf, &str)> = match kind {
        Starter::Meeting => vec![
            (path.join("meeting.yaml"), MEETING),
            (path.join("reports/example-report.yaml"), REPORT),
        ],
        Starter::Report => vec![(path.to_path_buf(), REPORT)],
        Starter::ActionPlan => vec![(path.to_path_buf(), ACTION_PLAN)],
        Starter::Decisions if path.is_dir() => vec![(path.join(DECISIONS_FILE), DECISIONS)],
        Starter::Decisions => vec![(path.to_path_buf(), DECISIONS)],
    };
    if let Some((existing, _)) = files.iter().find(|(file, _)| file.exists()) {
        bail!(
            "{} already exists; reportpack new never overwrites a file",
            existing.display()
        );
    }
    for (file, text) in &files {
        write_atomic(file, text.as_bytes())?;
    }
    Ok(files.into_iter().map(|(file, _)| file).collect())
}

/// Writes a new council's house style, `<root>/<name>/`: its `council.yaml` and templates that
/// extend `base/` and override nothing yet. The folder must not exist; `root` must hold `base/`.
pub fn write_council(root: &Path, name: &str) -> Result<Vec<PathBuf>> {
    let plain = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if !plain || name == "base" {
        bail!(
            "{name:?} cannot name a council's folder: use letters, digits, - and _ only (for \
             example north-exampleshire), and not `base`, which every council extends"
        );
    }
    if !root.join("base").is_dir() {
        bail!(
            "{} has no base/ template set for the new council to extend: run this in the folder \
             holding report-templates/, or name it with --templates",
            root.display()
        );
    }
    let folder = root.join(name);
    if folder.exists() {
        bail!(
            "{} already exists; reportpack new never overwrites a file",
            folder.display()
        );
    }
    let full_name = format!("{} Council", title_case(name));
    let mut written = Vec::new();
    for (file, text) in COUNCIL {
        let file = folder.join(file);
        write_atomic(&file, text.replace("{{NAME}}", &full_name).as_bytes())?;
        written.push(file);
    }
    Ok(written)
}

/// `north-exampleshire` -> `North Exampleshire`: a first guess at the council's printed name.
fn title_case(name: &str) -> String {
    name.split(['-', '_'])
        .filter(|word| !word.is_empty())
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_uppercase().chain(chars).collect()
            })
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The JSON Schemas: (file name, schema text) for meeting, report and action-plan files.
pub fn schemas() -> Result<Vec<(&'static str, String)>> {
    Ok(vec![
        (
            "meeting.schema.json",
            schema_text::<Meeting>("reportpack meeting")?,
        ),
        (
            "report.schema.json",
            schema_text::<Report>("reportpack report")?,
        ),
        (
            "action-plan.schema.json",
            schema_text::<ActionPlan>("reportpack action plan")?,
        ),
        (
            "meeting-record.schema.json",
            schema_text::<MeetingRecord>("reportpack published meeting record (meeting.json)")?,
        ),
        (
            "decisions.schema.json",
            schema_text::<Decisions>("reportpack decisions and minutes")?,
        ),
    ])
}

fn schema_text<T: JsonSchema>(title: &str) -> Result<String> {
    let mut schema = schema_for!(T);
    schema.insert("title".to_string(), title.into());
    Ok(serde_json::to_string_pretty(&schema)? + "\n")
}

/// Writes the schemas into `dir`.
pub fn write_schemas(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    for (name, text) in schemas()? {
        let file = dir.join(name);
        write_atomic(&file, text.as_bytes())?;
        written.push(file);
    }
    Ok(written)
}
