//! Writing outputs safely: every file goes to a temporary file in its own folder and is renamed
//! into place, so a reader (or a failed build) never sees a half-written or mixed file.

use anyhow::{Context, Result};
use std::io::Write;
use std::path::{Path, PathBuf};

/// A file to write: where, and its bytes.
#[derive(Debug, Clone)]
pub struct OutputFile {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

/// Writes `bytes` to `path` atomically (temporary file in the same folder, then rename).
/// An unchanged file is left alone, so its modification time stays as it was.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<bool> {
    if std::fs::read(path).is_ok_and(|old| old == bytes) {
        return Ok(false);
    }
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)
        .with_context(|| format!("cannot create the folder {}", dir.display()))?;
    let mut temp = tempfile::Builder::new()
        .prefix(".reportpack-")
        .tempfile_in(dir)
        .with_context(|| format!("cannot create a temporary file in {}", dir.display()))?;
    temp.write_all(bytes)
        .with_context(|| format!("cannot write {}", path.display()))?;
    temp.persist(path)
        .with_context(|| format!("cannot move the new file into place at {}", path.display()))?;
    Ok(true)
}

/// Writes all files, each atomically; returns how many changed.
pub fn write_all(files: &[OutputFile]) -> Result<usize> {
    let mut changed = 0;
    for file in files {
        if write_atomic(&file.path, &file.bytes)? {
            changed += 1;
        }
    }
    Ok(changed)
}

/// Removes generated files (`.html`, `.pdf`) under `dir` that this build did not produce: pages
/// of items that left the agenda must not stay online.
pub fn remove_stale(dir: &Path, keep: &[OutputFile]) -> Result<Vec<PathBuf>> {
    let mut removed = Vec::new();
    for sub in [
        dir.to_path_buf(),
        dir.join("items"),
        dir.join("private"),
        dir.join("private/items"),
    ] {
        let Ok(entries) = std::fs::read_dir(&sub) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let generated = matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("html") | Some("pdf")
            );
            if generated && path.is_file() && !keep.iter().any(|f| f.path == path) {
                std::fs::remove_file(&path)
                    .with_context(|| format!("cannot remove the stale file {}", path.display()))?;
                removed.push(path);
            }
        }
    }
    Ok(removed)
}
