//! The bad-input corpus (tests/bad-inputs/, written by tools/make-bad-inputs.py): each case is
//! the minimal meeting with some files changed and an `expected.txt` giving the location
//! (`file` or `file:line:column` in the meeting) and part of the message. `check` and `build`
//! must both refuse it there, with that message, without panicking, and `build` must write
//! nothing.

mod support;
use std::path::{Path, PathBuf};
use std::process::Output;
use support::*;

struct Expected {
    location: String,
    message: String,
}

fn expected(case: &Path) -> Expected {
    let text = std::fs::read_to_string(case.join("expected.txt")).expect("expected.txt");
    let field = |name: &str| {
        text.lines()
            .find_map(|line| line.strip_prefix(&format!("{name}: ")))
            .unwrap_or_else(|| panic!("{}: no `{name}:` line", case.display()))
            .to_string()
    };
    Expected {
        location: field("location"),
        message: field("message"),
    }
}

fn cases() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad-inputs");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("tests/bad-inputs")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.is_dir())
        .collect();
    cases.sort();
    cases
}

/// Why the output does not show the expected problem, if it does not.
fn mismatch(meeting: &Path, output: &Output, want: &Expected) -> Option<String> {
    let printed = printed(output);
    if output.status.success() {
        return Some(format!("succeeded:\n{printed}"));
    }
    if printed.contains("panicked") || output.status.code().is_none() {
        return Some(format!("crashed ({}):\n{printed}", output.status));
    }
    let prefix = format!("{}: error: ", meeting.join(&want.location).display());
    let found = printed
        .lines()
        .any(|line| line.starts_with(&prefix) && line.contains(&want.message));
    (!found).then(|| {
        format!(
            "expected a line `{}: error: …{}…`, got:\n{printed}",
            want.location, want.message
        )
    })
}

#[test]
fn every_bad_input_is_refused_by_check_and_build_at_its_place() {
    let cases = cases();
    assert!(cases.len() >= 100, "the corpus has {} cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let want = expected(case);
        let temp = tempfile::tempdir().expect("temp dir");
        let meeting = temp.path().join("meeting");
        copy_dir(&fixture("minimal"), &meeting);
        copy_dir(case, &meeting);
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let check = reportpack(&["check", meeting.to_str().unwrap()]);
        if let Some(why) = mismatch(&meeting, &check, &want) {
            failures.push(format!("{name}: check {why}"));
            continue;
        }
        let out = temp.path().join("out");
        let private = private_of(&out);
        let build = run_build(&meeting, &out, &[]);
        if let Some(why) = mismatch(&meeting, &build, &want) {
            failures.push(format!("{name}: build {why}"));
        } else if out.exists() || private.exists() {
            failures.push(format!("{name}: build wrote output for bad input"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}
