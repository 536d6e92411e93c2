//! `reportpack watch`: rebuild a meeting whenever one of its files or the templates change, and
//! say how long it took. A broken save prints its problems and leaves the last good output in
//! place (the build writes nothing until everything has rendered).

use crate::publish::{self, BuildOptions};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

/// Modification times of every file under the watched folders; a change in any is a rebuild.
fn snapshot(roots: &[PathBuf]) -> BTreeMap<PathBuf, SystemTime> {
    let mut files = BTreeMap::new();
    for root in roots {
        collect(root, &mut files);
    }
    files
}

fn collect(dir: &Path, files: &mut BTreeMap<PathBuf, SystemTime>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, files);
        } else if let Ok(modified) = entry.metadata().and_then(|m| m.modified()) {
            files.insert(path, modified);
        }
    }
}

/// Builds once, then again on every change; stops after `max_builds` builds when given.
pub fn watch(meeting: &Path, options: &BuildOptions, max_builds: Option<usize>) {
    let meeting_dir = crate::input::load::meeting_file(meeting)
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    let mut roots = vec![meeting_dir, options.templates.clone()];
    if let Some(shared) = shared_plan_folders(meeting) {
        roots.extend(shared);
    }
    let mut seen = snapshot(&roots);
    let mut builds = 0;
    loop {
        let started = Instant::now();
        match publish::build(meeting, options) {
            Ok(summary) => say!(
                "rebuilt {}: {} written, {} unchanged in {} ms",
                meeting.display(),
                summary.written.len(),
                summary.unchanged,
                started.elapsed().as_millis()
            ),
            Err(error) => tell!("not rebuilt, the last good output is kept:\n{error:#}"),
        }
        builds += 1;
        if max_builds.is_some_and(|max| builds >= max) {
            return;
        }
        loop {
            std::thread::sleep(Duration::from_millis(250));
            let now = snapshot(&roots);
            if now != seen {
                seen = now;
                break;
            }
        }
    }
}

/// Folders outside the meeting that its reports take action plans from (shared plan files).
fn shared_plan_folders(meeting: &Path) -> Option<Vec<PathBuf>> {
    let loaded = crate::input::load::load_meeting(meeting).ok()?;
    let mut folders: Vec<PathBuf> = loaded
        .items
        .iter()
        .filter_map(|i| i.report.as_ref())
        .flat_map(|r| &r.appendices)
        .filter_map(|a| match a {
            crate::input::load::LoadedAppendix::ActionPlan { file, .. } => {
                file.parent().map(Path::to_path_buf)
            }
            _ => None,
        })
        .collect();
    folders.sort();
    folders.dedup();
    Some(folders)
}
