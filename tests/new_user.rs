//! What a new user meets first: starting a council's house style, and giving a report file
//! where a meeting folder is expected.

mod support;
use std::path::Path;
use support::*;

/// Every file under `dir`, by path relative to it, with its bytes.
fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else {
                let name = path
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                files.push((name, std::fs::read(&path).unwrap()));
            }
        }
    }
    files.sort();
    files
}

#[test]
fn new_council_extends_base_and_changes_nothing_yet() {
    let (temp, meeting) = scratch_meeting("minimal");
    let templates = copy_templates(&temp.path().join("report-templates"));
    let templates_arg = templates.to_str().unwrap();
    let output = reportpack(&[
        "new",
        "council",
        "north-exampleshire",
        "--templates",
        templates_arg,
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let folder = templates.join("north-exampleshire");
    let stdout = String::from_utf8_lossy(&output.stdout);
    for file in ["council.yaml", "report.html", "meeting.html"] {
        assert!(folder.join(file).is_file(), "{file} written");
        assert!(stdout.contains(file), "{stdout}");
    }
    let report = std::fs::read_to_string(folder.join("report.html")).unwrap();
    assert!(
        report.starts_with("{% extends \"base/report.html\" %}"),
        "{report}"
    );

    // Papers in the new style are those of base/ alone (same council.yaml, no templates).
    edit(
        &meeting.join("meeting.yaml"),
        "council: lancaster",
        "council: north-exampleshire",
    );
    // Built into folders of the same name (meeting.json records the folder's name).
    let out = temp.path().join("new/papers");
    build_into(&meeting, &out, &["--templates", templates_arg]);
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(index.contains("North Exampleshire Council"), "{index}");
    std::fs::remove_file(folder.join("report.html")).unwrap();
    std::fs::remove_file(folder.join("meeting.html")).unwrap();
    let plain = temp.path().join("plain/papers");
    build_into(&meeting, &plain, &["--templates", templates_arg]);
    assert!(
        tree(&out) == tree(&plain),
        "the new council's templates change the papers"
    );

    // Never over an existing council, and never a name that is no plain folder name.
    for name in ["north-exampleshire", "base", "../outside"] {
        let output = reportpack(&["new", "council", name, "--templates", templates_arg]);
        assert!(!output.status.success(), "{name} accepted");
    }
    let again = reportpack(&[
        "new",
        "council",
        "north-exampleshire",
        "--templates",
        templates_arg,
    ]);
    assert!(
        stderr(&again).contains("already exists"),
        "{}",
        stderr(&again)
    );
}

#[test]
fn a_report_file_given_to_build_names_the_meeting_folder() {
    let (temp, meeting) = scratch_meeting("minimal");
    let report = meeting.join("reports/plan-report.yaml");
    let output = run_build(&report, &temp.path().join("out"), &[]);
    assert!(!output.status.success());
    let error = stderr(&output);
    assert!(error.contains("is a report file"), "{error}");
    assert!(
        error.contains(&format!(
            "reportpack build {}",
            meeting.canonicalize().unwrap().display()
        )),
        "{error}"
    );
    let check = reportpack(&["check", report.to_str().unwrap()]);
    assert!(
        stderr(&check).contains("is a report file"),
        "{}",
        stderr(&check)
    );
}
