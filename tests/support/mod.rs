//! Helpers shared by the integration tests: a scratch copy of a fixture meeting, and running the
//! real `reportpack` binary on it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Output;

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Copies a fixture meeting folder into a new temporary folder.
pub fn scratch_meeting(name: &str) -> (tempfile::TempDir, PathBuf) {
    let temp = tempfile::tempdir().expect("temporary folder");
    let target = temp.path().join(name);
    copy_dir(&fixture(name), &target);
    (temp, target)
}

/// Every file under `dir` (named from `root`), with its bytes.
pub fn files_with_bytes(dir: &Path, root: &Path) -> std::collections::BTreeMap<PathBuf, Vec<u8>> {
    let mut files = std::collections::BTreeMap::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).expect("read folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                folders.push(path);
            } else {
                let bytes = std::fs::read(&path).expect("read file");
                files.insert(path.strip_prefix(root).unwrap().to_path_buf(), bytes);
            }
        }
    }
    files
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create folder");
    for entry in std::fs::read_dir(from).expect("read fixture") {
        let entry = entry.expect("entry");
        let path = entry.path();
        if path.is_dir() {
            copy_dir(&path, &to.join(entry.file_name()));
        } else {
            std::fs::copy(&path, to.join(entry.file_name())).expect("copy");
        }
    }
}

/// A copy of the shipped templates at `to`, for a test to change; returns `to`.
pub fn copy_templates(to: &Path) -> PathBuf {
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("report-templates"),
        to,
    );
    to.to_path_buf()
}

pub fn reportpack(args: &[&str]) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_reportpack"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run reportpack")
}

/// The private papers' folder the tests build beside `out`: `<out>-private`.
pub fn private_of(out: &Path) -> PathBuf {
    let name = out.file_name().unwrap().to_string_lossy();
    out.with_file_name(format!("{name}-private"))
}

/// A built file: `private/<rest>` is in the private tree, anything else in the public `out`.
pub fn paper(out: &Path, file: &str) -> PathBuf {
    match file.strip_prefix("private/") {
        Some(rest) => private_of(out).join(rest),
        None => out.join(file),
    }
}

/// Runs `reportpack build MEETING --out OUT --private-out OUT-private EXTRA...`.
pub fn run_build(meeting: &Path, out: &Path, extra: &[&str]) -> Output {
    let private = private_of(out);
    let mut args = vec![
        "build",
        meeting.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--private-out",
        private.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    reportpack(&args)
}

/// Builds a meeting folder into `out` with extra arguments; the build must succeed.
pub fn build_into(meeting: &Path, out: &Path, extra: &[&str]) {
    let output = run_build(meeting, out, extra);
    assert!(output.status.success(), "{}", stderr(&output));
}

/// Builds a meeting folder into `out` in the house style of the `templates` folder (a copy
/// a test has edited); the build must succeed.
pub fn build_with_templates(meeting: &Path, out: &Path, templates: &Path) {
    build_into(meeting, out, &["--templates", templates.to_str().unwrap()]);
}

/// The text of a PDF as poppler's `pdftotext` gives it, with `args` (`-layout`, `-raw`,
/// `-f N -l N`) before the file.
pub fn pdftotext(pdf: &Path, args: &[&str]) -> String {
    let output = std::process::Command::new("pdftotext")
        .args(args)
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) must be installed");
    assert!(
        output.status.success(),
        "pdftotext failed on {}",
        pdf.display()
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Every page's text (`-layout`), in order.
pub fn pdf_pages(pdf: &Path) -> Vec<String> {
    let text = pdftotext(pdf, &["-layout"]);
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// What `check` or `build` printed, standard output and error together.
pub fn printed(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        stderr(output)
    )
}

/// `reportpack check` on `meeting`: whether it passed, and what it printed on standard output.
pub fn check(meeting: &Path) -> (bool, String) {
    let output = reportpack(&["check", meeting.to_str().unwrap()]);
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
    )
}

/// Replaces `from` by `to` in a file, failing the test if `from` is not there.
pub fn edit(file: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(file).expect("read");
    assert!(text.contains(from), "{from:?} not in {}", file.display());
    std::fs::write(file, text.replacen(from, to, 1)).expect("write");
}

/// Text content of an HTML page with tags removed and whitespace collapsed.
pub fn visible_text(html: &str) -> String {
    let body = html.split("<main").nth(1).unwrap_or(html);
    let mut out = String::new();
    let mut rest = body;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let end = rest[start..]
            .find('>')
            .map_or(rest.len(), |e| start + e + 1);
        let name: String = rest[start + 1..end]
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        // Inline elements run on with their neighbours; block elements separate words.
        if !matches!(
            name.as_str(),
            "a" | "strong" | "em" | "span" | "b" | "i" | "code"
        ) {
            out.push(' ');
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    let out = out
        .replace("&amp;", "&")
        .replace("&#x27;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#x2F;", "/");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}
