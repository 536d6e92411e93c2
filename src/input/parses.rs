//! YAML files as a build parsed them, kept for the next beside its kept items (see `kept`): a
//! meeting, report or action plan whose text is unchanged is read back from its parse, as
//! JSON, instead of through libyaml again (which was a third of an `--only` rebuild's
//! instructions at 50 reports). Only a parse that succeeded is kept, so its problems, and
//! every later check of the value, are exactly as from the text.

use crate::diagnostics::Diagnostic;
use crate::digest::{self, Digest, Digester};
use crate::input::yaml::{parse_yaml, read_source};
use crate::kept;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::collections::HashSet;
use std::fmt::Debug;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard};

/// The ending of a kept parse's file.
const KIND: &str = ".parsed";

/// Where one build finds the parses the last kept, and keeps its own (none: every file is
/// parsed, and nothing is kept, as for `check`).
#[derive(Default)]
pub struct KeptParses {
    folder: Option<PathBuf>,
    /// The files of this build's parses in the folder: the rest are of files no longer read.
    named: Mutex<HashSet<String>>,
    /// How many files this build read back from their kept parses.
    taken: AtomicUsize,
    /// The new parses to keep, once the build knows its folders are sound ([`Self::keep_new`]):
    /// a build refused for its folders writes nothing anywhere.
    new: Mutex<Vec<(PathBuf, Digest, NewParse)>>,
}

impl KeptParses {
    pub fn in_folder(folder: PathBuf) -> Self {
        KeptParses {
            folder: Some(folder),
            ..KeptParses::default()
        }
    }

    /// How many files were read back from their kept parses (the tests' proof that any were).
    pub fn taken(&self) -> usize {
        self.taken.load(Ordering::Relaxed)
    }

    /// Reads `file` and parses it as `T` (see `yaml::read_yaml`), taking the parse kept from the
    /// same text when there is one; a new parse is kept by [`Self::keep_new`].
    pub fn read_yaml<T: DeserializeOwned + Serialize + Debug>(
        &self,
        file: &Path,
    ) -> Result<(String, T), Diagnostic> {
        let source = read_source(file)?;
        let Some(folder) = &self.folder else {
            let value = parse_yaml(file, &source)?;
            return Ok((source, value));
        };
        // One kept parse per file read: a file's place, not its text, names it.
        let (high, low) = digest::of_bytes(file.as_os_str().as_encoded_bytes());
        let name = format!("{high:016x}{low:016x}{KIND}");
        let kept_file = folder.join(&name);
        lock(&self.named).insert(name);
        let inputs = Digester::default()
            .bytes(std::any::type_name::<T>().as_bytes())
            .bytes(source.as_bytes())
            .finish();
        let kept_value = kept::read::<String>(&kept_file, inputs)
            .and_then(|json| serde_json::from_str::<T>(&json).ok());
        if let Some(value) = kept_value {
            self.taken.fetch_add(1, Ordering::Relaxed);
            return Ok((source, value));
        }
        let value = parse_yaml(file, &source)?;
        if let Some(json) = faithful_json(&value) {
            lock(&self.new).push((kept_file, inputs, NewParse::Json(json)));
        }
        Ok((source, value))
    }

    /// The parse of another kind (a form of its caller's own) kept as `name` from `inputs`: its
    /// file's bytes and where the parse starts in them.
    pub fn read_parse(&self, name: &str, inputs: Digest) -> Option<(Vec<u8>, usize)> {
        let folder = self.folder.as_ref()?;
        let taken = kept::read_whole(&folder.join(name), inputs)?;
        self.taken.fetch_add(1, Ordering::Relaxed);
        Some(taken)
    }

    /// Keeps `parse` (see [`Self::read_parse`]) with the parses this build made.
    pub fn keep_parse(&self, name: &str, inputs: Digest, parse: Vec<u8>) {
        if let Some(folder) = &self.folder {
            let new = (folder.join(name), inputs, NewParse::Bytes(parse));
            lock(&self.new).push(new);
        }
    }

    /// Keeps the parses this build made for the next.
    pub fn keep_new(&self) {
        for (file, inputs, parse) in lock(&self.new).drain(..) {
            // A parse that cannot be kept only costs the next build time.
            let _ = match parse {
                NewParse::Json(json) => kept::write(&file, inputs, &json),
                NewParse::Bytes(bytes) => kept::write_bytes(&file, inputs, &bytes),
            };
        }
    }

    /// Ends a build that read the whole meeting: the kept parses of files it no longer reads go.
    pub fn finish_build(&self) {
        if let Some(folder) = &self.folder {
            kept::remove_unnamed(folder, &[KIND], &lock(&self.named));
        }
    }
}

/// A parse made by this build, to keep.
enum NewParse {
    /// A YAML file's value, as JSON.
    Json(String),
    /// Another kind's parse, in its own form.
    Bytes(Vec<u8>),
}

/// `value` as JSON, when reading that JSON back gives the same value (every field the same);
/// else none, and the value is never kept: a type whose own way of reading YAML takes another
/// shape than its serialisation writes would be misread, never trusted.
fn faithful_json<T: DeserializeOwned + Serialize + Debug>(value: &T) -> Option<String> {
    let json = serde_json::to_string(value).ok()?;
    let back: T = serde_json::from_str(&json).ok()?;
    (format!("{back:?}") == format!("{value:?}")).then_some(json)
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // A poisoned lock only means a build panicked part-way; what is kept is whole.
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    /// Reads its YAML, but writes less than it read: its JSON would read back another value.
    #[derive(Debug, Serialize, Deserialize, PartialEq)]
    struct Lossy {
        title: String,
        #[serde(default, skip_serializing)]
        count: u32,
    }

    #[derive(Debug, Serialize, Deserialize, PartialEq)]
    struct Faithful {
        title: String,
        count: u32,
    }

    fn read_twice<T: DeserializeOwned + Serialize + Debug>(text: &str) -> (T, T, usize, usize) {
        let folder = tempfile::tempdir().unwrap();
        let file = folder.path().join("input.yaml");
        std::fs::write(&file, text).unwrap();
        let kept = folder.path().join("kept");
        let first = KeptParses::in_folder(kept.clone());
        let (_, one) = first.read_yaml::<T>(&file).unwrap();
        first.keep_new();
        let second = KeptParses::in_folder(kept.clone());
        let (_, two) = second.read_yaml::<T>(&file).unwrap();
        let files = std::fs::read_dir(&kept).map_or(0, |entries| entries.count());
        (one, two, second.taken(), files)
    }

    #[test]
    fn a_parse_is_kept_only_when_its_json_reads_back_the_same() {
        let (one, two, taken, files) = read_twice::<Faithful>("title: Budget\ncount: 5\n");
        assert_eq!((one, taken, files), (two, 1, 1));
        let (one, two, taken, files) = read_twice::<Lossy>("title: Budget\ncount: 5\n");
        assert_eq!(one.count, 5);
        assert_eq!((one, taken, files), (two, 0, 0));
    }
}
