//! Files a build keeps for the next, in a folder beside the private papers: each written whole
//! or not at all, owner-only (exempt reports and pages are in them), and trusted only when this
//! very program wrote it from the same inputs and it is whole. Anything else (another version's
//! file, a torn or altered one) reads as nothing: the caller makes the value again.

use crate::digest::{self, Digest, Digester};
use anyhow::{Context, Result};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

/// The ending of a file being written.
const PARTIAL: &str = ".partial";

/// What a kept file starts with: whose it is, what it was made from, and the digest of the
/// rest, read before the rest (a file changed on disk by anything else is never used).
#[derive(Serialize, Deserialize, PartialEq)]
struct Heading {
    program: Digest,
    inputs: Digest,
    rest: Digest,
}

/// This program: its file, length and time of change. A kept file of another build of
/// reportpack (whose layout or digests may differ) is never used.
fn program() -> Digest {
    static PROGRAM: OnceLock<Digest> = OnceLock::new();
    *PROGRAM.get_or_init(|| {
        let exe = std::env::current_exe().ok();
        let meta = exe.as_ref().and_then(|exe| std::fs::metadata(exe).ok());
        let changed = meta.as_ref().and_then(|m| m.modified().ok());
        Digester::default()
            .debug(&(
                env!("CARGO_PKG_VERSION"),
                &exe,
                meta.map(|m| m.len()),
                changed,
            ))
            .finish()
    })
}

/// The value kept in `file`, when this program wrote it from `inputs` and it is whole.
pub fn read<T: DeserializeOwned>(file: &Path, inputs: Digest) -> Option<T> {
    let (bytes, at) = read_whole(file, inputs)?;
    postcard::from_bytes(&bytes[at..]).ok()
}

/// The bytes of `file` and where its value starts, when this program wrote it from `inputs`
/// and it is whole: for a value read back borrowing from the bytes it was read from.
pub fn read_whole(file: &Path, inputs: Digest) -> Option<(Vec<u8>, usize)> {
    let bytes = std::fs::read(file).ok()?;
    let (heading, rest) = postcard::take_from_bytes::<Heading>(&bytes).ok()?;
    let expected = Heading {
        program: program(),
        inputs,
        rest: digest::of_bytes(rest),
    };
    let at = bytes.len() - rest.len();
    (heading == expected).then_some((bytes, at))
}

/// Keeps `value`, made from `inputs`, in `file`: whole or not at all (written into a new file
/// beside it, then renamed over), owner-only in an owner-only folder.
pub fn write(file: &Path, inputs: Digest, value: &impl Serialize) -> Result<()> {
    write_bytes(file, inputs, &postcard::to_stdvec(value)?)
}

/// Keeps `rest`, bytes of the caller's own form made from `inputs`, in `file`, as [`write`]
/// keeps a value; [`read_whole`] reads them back.
pub fn write_bytes(file: &Path, inputs: Digest, rest: &[u8]) -> Result<()> {
    let folder = file.parent().context("a kept file has a folder")?;
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(folder)?;
    // Owner-only even when it was made otherwise: exempt reports and pages are in it.
    std::fs::set_permissions(folder, std::fs::Permissions::from_mode(0o700))?;
    let heading = Heading {
        program: program(),
        inputs,
        rest: digest::of_bytes(rest),
    };
    // The heading and the rest go out one after the other, never copied into one buffer (a
    // pack's kept elements at 200 reports are 6 MB).
    let heading = postcard::to_stdvec(&heading)?;
    // A name of this build's own: two builds keeping the same file never write into one.
    static WRITTEN: AtomicUsize = AtomicUsize::new(0);
    let count = WRITTEN.fetch_add(1, Ordering::Relaxed);
    let partial = file.with_extension(format!("{}-{count}{PARTIAL}", std::process::id()));
    let mut out = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(&partial)?;
    out.write_all(&heading)?;
    out.write_all(rest)?;
    drop(out);
    std::fs::rename(&partial, file)?;
    Ok(())
}

/// Removes from `folder` its files of the `kinds` (endings) a build named none of, for a kind it
/// named any of (a build that made no file of a kind leaves that kind be), and any file a build
/// stopped part-way through left (one still being written then fails to be renamed, which costs
/// its build nothing).
pub fn remove_unnamed(folder: &Path, kinds: &[&str], named: &HashSet<String>) {
    let made: Vec<&str> = (kinds.iter().copied())
        .filter(|kind| named.iter().any(|name| name.ends_with(kind)))
        .collect();
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let gone = made.iter().any(|kind| name.ends_with(kind)) && !named.contains(&name);
        if gone || name.ends_with(PARTIAL) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}
