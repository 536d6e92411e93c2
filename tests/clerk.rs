//! The clerk's helpers: starter files that build, and JSON Schemas that accept every example
//! file and reject a mistake.

mod support;
use reportpack::input::load::{load_meeting, LoadedAppendix};
use serde_json::Value;
use std::path::Path;
use support::*;

fn schema(name: &str) -> jsonschema::Validator {
    let text = reportpack::cli::scaffold::schemas()
        .unwrap()
        .into_iter()
        .find(|(file, _)| *file == name)
        .unwrap()
        .1;
    jsonschema::validator_for(&serde_json::from_str(&text).unwrap()).unwrap()
}

fn yaml_as_json(file: &Path) -> Value {
    let text = std::fs::read_to_string(file).unwrap();
    serde_yaml::from_str(&text).unwrap()
}

fn assert_valid(validator: &jsonschema::Validator, file: &Path) {
    let errors: Vec<String> = validator
        .iter_errors(&yaml_as_json(file))
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{} fails its schema: {errors:?}",
        file.display()
    );
}

fn meetings() -> Vec<std::path::PathBuf> {
    let mut found =
        reportpack::publish::meetings_under(&Path::new(env!("CARGO_MANIFEST_DIR")).join("data"))
            .unwrap_or_default();
    found.push(fixture("minimal"));
    found
}

#[test]
fn schemas_accept_every_example_file() {
    let (meeting_schema, report_schema, plan_schema, decisions_schema) = (
        schema("meeting.schema.json"),
        schema("report.schema.json"),
        schema("action-plan.schema.json"),
        schema("decisions.schema.json"),
    );
    assert_valid(&decisions_schema, &fixture("decisions/decisions.yaml"));
    for meeting in meetings() {
        let loaded = load_meeting(&meeting).unwrap_or_else(|d| panic!("{d}"));
        assert_valid(&meeting_schema, &loaded.file);
        if let Some(decisions) = &loaded.decisions {
            assert_valid(&decisions_schema, &decisions.file);
        }
        for report in loaded.items.iter().filter_map(|i| i.report.as_ref()) {
            assert_valid(&report_schema, &report.file);
            for appendix in &report.appendices {
                if let LoadedAppendix::ActionPlan { file, .. } = appendix {
                    assert_valid(&plan_schema, file);
                }
            }
        }
    }
}

#[test]
fn schema_rejects_an_unknown_field() {
    let validator = schema("report.schema.json");
    let mut report = yaml_as_json(&fixture("minimal/reports/plan-report.yaml"));
    assert!(validator.is_valid(&report));
    report["purpose_of_report"] = Value::String("typo".into());
    assert!(
        !validator.is_valid(&report),
        "unknown field must be rejected"
    );
}

#[test]
fn committed_schemas_are_current() {
    for (name, text) in reportpack::cli::scaffold::schemas().unwrap() {
        let committed = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("schema")
                .join(name),
        )
        .unwrap();
        assert_eq!(
            committed, text,
            "schema/{name} is stale: run `reportpack schema`"
        );
    }
}

#[test]
fn a_new_meeting_builds_as_it_is() {
    let temp = tempfile::tempdir().unwrap();
    let meeting = temp.path().join("new-meeting");
    let output = reportpack(&["new", "meeting", meeting.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let out = temp.path().join("out");
    build_into(&meeting, &out, &["--format", "html"]);
    assert!(out.join("items/03-example-report.html").is_file());
    let again = reportpack(&["new", "meeting", meeting.to_str().unwrap()]);
    assert!(!again.status.success(), "new must not overwrite");
}

#[test]
fn new_decisions_build_with_a_new_meeting() {
    let temp = tempfile::tempdir().unwrap();
    let meeting = temp.path().join("new-meeting");
    assert!(reportpack(&["new", "meeting", meeting.to_str().unwrap()])
        .status
        .success());
    let output = reportpack(&["new", "decisions", meeting.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(meeting.join("decisions.yaml").is_file());
    let out = temp.path().join("out");
    build_into(&meeting, &out, &["--format", "html"]);
    let record = visible_text(&std::fs::read_to_string(out.join("decisions.html")).unwrap());
    assert!(
        record.contains("Reasons for the decision The reasons for the decision"),
        "{record}"
    );
    assert!(out.join("minutes.html").is_file());
}

#[test]
fn new_report_and_action_plan_parse() {
    let temp = tempfile::tempdir().unwrap();
    for (kind, file) in [("report", "r.yaml"), ("action-plan", "p.yaml")] {
        let path = temp.path().join(file);
        let output = reportpack(&["new", kind, path.to_str().unwrap()]);
        assert!(output.status.success(), "{}", stderr(&output));
    }
    reportpack::input::load::load_report(
        &reportpack::input::load::InputFolders::of_meeting(temp.path()),
        &temp.path().join("r.yaml"),
    )
    .unwrap_or_else(|d| panic!("{d}"));
    let (_, plan) = reportpack::input::yaml::read_yaml::<reportpack::input::model::ActionPlan>(
        &temp.path().join("p.yaml"),
    )
    .unwrap();
    assert_eq!(plan.columns.len(), 4);
}

#[test]
fn watch_rebuilds_after_a_save_and_keeps_the_last_good_output_on_a_broken_one() {
    let (temp, meeting) = scratch_meeting("minimal");
    let out = temp.path().join("out");
    let private = private_of(&out);
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_reportpack"))
        .args([
            "watch",
            meeting.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--private-out",
            private.to_str().unwrap(),
            "--format",
            "html",
            "--max-builds",
            "3",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let page = out.join("items/02-test-action-plan.html");
    let wait_for = |what: &dyn Fn() -> bool| {
        for _ in 0..200 {
            if what() {
                return true;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        false
    };
    assert!(wait_for(&|| page.is_file()), "first build");
    let report = meeting.join("reports/plan-report.yaml");
    edit(
        &report,
        "The first paragraph of the introduction.",
        "An edited first paragraph.",
    );
    assert!(
        wait_for(&|| std::fs::read_to_string(&page)
            .is_ok_and(|t| t.contains("An edited first paragraph."))),
        "rebuilt after the save"
    );
    let good = std::fs::read(&page).unwrap();
    edit(&report, "title: Test Action Plan", "title: [broken");
    // A watcher that misses the save never ends on its own: give it a minute, then fail.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while child.try_wait().unwrap().is_none() {
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("watch did not finish its third build within 60 s of the broken save");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success());
    let printed = String::from_utf8_lossy(&output.stdout);
    assert!(
        printed.contains("rebuilt") && printed.contains(" ms"),
        "{printed}"
    );
    assert!(
        stderr(&output).contains("plan-report.yaml"),
        "the broken save's error is shown"
    );
    assert_eq!(
        std::fs::read(&page).unwrap(),
        good,
        "the last good output is kept"
    );
}

#[test]
fn a_closed_output_stops_the_printing_not_the_build() {
    // `reportpack build | head -1`: the reader goes after the first line. Every meeting is
    // still built, and the status still says how it went.
    let temp = tempfile::tempdir().unwrap();
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    copy_dir(&data, &temp.path().join("data"));
    let templates = Path::new(env!("CARGO_MANIFEST_DIR")).join("report-templates");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_reportpack"))
        .args(["build", "--templates", templates.to_str().unwrap()])
        .current_dir(temp.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Both pipes closed before the first meeting is built: every line it prints (and the
    // warnings some meetings have) meets a closed pipe.
    drop(child.stdout.take());
    drop(child.stderr.take());
    let status = child.wait().unwrap();
    assert!(status.success(), "{status}");
    let meetings: Vec<_> = std::fs::read_dir(&data)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|dir| dir.join("meeting.yaml").is_file())
        .collect();
    assert!(meetings.len() >= 4, "{meetings:?}");
    for meeting in meetings {
        let name = meeting.file_name().unwrap();
        let pack = temp.path().join("out").join(name).join("pack.pdf");
        assert!(pack.is_file(), "{} was not built", pack.display());
    }
}
