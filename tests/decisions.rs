//! After the meeting, through the real binary: the record of decisions with its call-in deadline
//! and implementation date (counted in working days past bank holidays and closure days), the
//! draft minutes, exempt decisions kept out of every public file, `check` on decisions that do
//! not match the agenda, and the forward plan of key decisions.

mod support;
use lopdf::{Document, Object};
use std::path::{Path, PathBuf};
use support::*;

/// The minimal meeting with the decisions fixture beside it, and a copy of the templates whose
/// Lancaster `council.yaml` can be edited.
struct Recorded {
    temp: tempfile::TempDir,
    meeting: PathBuf,
    templates: PathBuf,
}

impl Recorded {
    fn new() -> Self {
        let (temp, meeting) = scratch_meeting("minimal");
        std::fs::copy(
            fixture("decisions/decisions.yaml"),
            meeting.join("decisions.yaml"),
        )
        .unwrap();
        let templates = temp.path().join("report-templates");
        copy_dir(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("report-templates"),
            &templates,
        );
        Recorded {
            temp,
            meeting,
            templates,
        }
    }

    fn decisions(&self) -> PathBuf {
        self.meeting.join("decisions.yaml")
    }

    fn council(&self) -> PathBuf {
        self.templates.join("lancaster/council.yaml")
    }

    fn build(&self) -> PathBuf {
        let out = self.temp.path().join("out");
        build_into(
            &self.meeting,
            &out,
            &["--templates", self.templates.to_str().unwrap()],
        );
        out
    }

    fn check(&self) -> (bool, String) {
        let output = reportpack(&[
            "check",
            self.meeting.to_str().unwrap(),
            "--templates",
            self.templates.to_str().unwrap(),
        ]);
        (
            output.status.success(),
            String::from_utf8_lossy(&output.stdout).into_owned(),
        )
    }
}

fn html_text(file: &Path) -> String {
    visible_text(&std::fs::read_to_string(file).unwrap())
}

/// The PDF's text with runs of white space made single spaces.
fn pdf_text(file: &Path) -> String {
    pdftotext(file, &[])
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Published on Wednesday 23 December 2015: Christmas Day, the weekend, the Boxing Day
/// substitute (Monday 28th) and New Year's Day do not count, nor the council's closure day on
/// Thursday 24th when it has one.
fn deadline_over_christmas(jurisdiction: &str, closure: bool, deadline: &str, implement: &str) {
    let recorded = Recorded::new();
    edit(
        &recorded.decisions(),
        "published: 2015-12-03",
        "published: 2015-12-23",
    );
    edit(
        &recorded.meeting.join("meeting.yaml"),
        "jurisdiction: england",
        &format!("jurisdiction: {jurisdiction}"),
    );
    if closure {
        edit(
            &recorded.council(),
            "closure_days: []",
            "closure_days: [2015-12-24]",
        );
    }
    let out = recorded.build();
    let expected = [
        "Date of publication: Wednesday 23 December 2015".to_string(),
        format!("Call-in deadline: 5.00 pm on {deadline}"),
        format!("Decisions may be implemented from: {implement} (unless called in)"),
    ];
    let html = html_text(&out.join("decisions.html"));
    let pdf = pdf_text(&out.join("decisions.pdf"));
    for line in &expected {
        assert!(
            html.contains(line.as_str()),
            "decisions.html lacks {line:?}: {html}"
        );
        assert!(
            pdf.contains(line.as_str()),
            "decisions.pdf lacks {line:?}: {pdf}"
        );
    }
}

#[test]
fn call_in_deadline_skips_bank_holidays_in_england() {
    deadline_over_christmas(
        "england",
        false,
        "Monday 4 January 2016",
        "Tuesday 5 January 2016",
    );
}

#[test]
fn call_in_deadline_skips_bank_holidays_and_a_closure_day_in_england() {
    deadline_over_christmas(
        "england",
        true,
        "Tuesday 5 January 2016",
        "Wednesday 6 January 2016",
    );
}

#[test]
fn call_in_deadline_skips_bank_holidays_and_a_closure_day_in_wales() {
    deadline_over_christmas(
        "wales",
        true,
        "Tuesday 5 January 2016",
        "Wednesday 6 January 2016",
    );
}

#[test]
fn call_in_days_are_the_councils_setting() {
    let recorded = Recorded::new();
    std::fs::write(
        recorded.council(),
        std::fs::read_to_string(recorded.council())
            .unwrap()
            .replace("call_in_days: 5", "call_in_days: 3"),
    )
    .unwrap();
    let out = recorded.build();
    // Thursday 3 December: Friday 4, Monday 7, Tuesday 8.
    let html = html_text(&out.join("decisions.html"));
    assert!(
        html.contains("Call-in deadline: 5.00 pm on Tuesday 8 December 2015"),
        "{html}"
    );
    assert!(html.contains("within 3 clear working days"), "{html}");
}

#[test]
fn record_of_decisions_pulls_the_recommendation_and_says_what_can_be_called_in() {
    let recorded = Recorded::new();
    let out = recorded.build();
    for text in [
        html_text(&out.join("decisions.html")),
        pdf_text(&out.join("decisions.pdf")),
    ] {
        for expected in [
            "Minute 46: Test Action Plan",
            // As recommended: the report's own recommendation, not retyped.
            "That Cabinet approves the plan at Appendix A.",
            "Reasons for the decision The plan answers the peer challenge.",
            "Alternative options considered and rejected Not to agree a plan.",
            "Councillor Janet Example declared an other registrable interest in minute 46",
            "Dispensation: granted by the Standards Committee on 2 November 2015",
            "That the emergency roof repairs be approved at once.",
            "Subject to call-in: No: urgent. The roof must be repaired before the storms",
        ] {
            assert!(text.contains(expected), "lacks {expected:?}: {text}");
        }
        assert!(
            !text.contains("Minute 45"),
            "apologies are not a decision: {text}"
        );
    }
}

#[test]
fn minutes_are_numbered_from_the_first_minute_with_attendance_and_resolutions() {
    let recorded = Recorded::new();
    let out = recorded.build();
    for text in [
        html_text(&out.join("minutes.html")),
        pdf_text(&out.join("minutes.pdf")),
    ] {
        let order = [
            "Present",
            "Councillor Eileen Blamire (Chair)",
            "Councillor Ruth Specimen (for Councillor Peter Sample)",
            "Mark Davies, Chief Officer (Resources)",
            "Apologies for absence were received from Councillor Peter Sample.",
            "Declarations of interest",
            "45 APOLOGIES FOR ABSENCE",
            "46 TEST ACTION PLAN",
            "RESOLVED: That Cabinet approves the plan at Appendix A.",
            "47 ACQUISITION OF LAND AT EXAMPLE STREET",
            "48 LEISURE CENTRE ROOF REPAIRS",
            "RESOLVED: That the emergency roof repairs be approved at once.",
        ];
        let mut from = 0;
        for expected in order {
            let at = text[from..]
                .find(expected)
                .unwrap_or_else(|| panic!("{expected:?} missing or out of order: {text}"));
            from += at + expected.len();
        }
    }
    // Without `first_minute`, the council's first number.
    let recorded = Recorded::new();
    edit(&recorded.decisions(), "first_minute: 45\n", "");
    let out = recorded.build();
    assert!(html_text(&out.join("minutes.html")).contains("1 APOLOGIES FOR ABSENCE"));
}

/// Every file under `dir`, recursively.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(files_under(&path));
        } else {
            found.push(path);
        }
    }
    found
}

fn any_text(file: &Path) -> String {
    match file.extension().and_then(|e| e.to_str()) {
        Some("pdf") => pdf_text(file),
        _ => String::from_utf8_lossy(&std::fs::read(file).unwrap()).into_owned(),
    }
}

#[test]
fn exempt_decisions_stay_out_of_every_public_file() {
    let recorded = Recorded::new();
    let out = recorded.build();
    let secrets = [
        "sealed sum of two pounds",
        "confidential deadline of 14 December",
        "vendor's confidential deadline",
        "compulsory purchase order",
        "secret bid of one pound",
    ];
    for file in files_under(&out) {
        let text = any_text(&file);
        for secret in secrets {
            assert!(
                !text.contains(secret),
                "{} leaks {secret:?}",
                file.display()
            );
        }
    }
    for public in ["decisions.html", "minutes.html"] {
        let text = html_text(&out.join(public));
        assert!(
            text.contains("Cabinet agreed to acquire the site at Example Street."),
            "{public} lacks the public summary: {text}"
        );
        assert!(
            text.contains("paragraph 3 of Part 1 of Schedule 12A"),
            "{text}"
        );
    }
    let in_record = [secrets[0], secrets[2], secrets[3]];
    for (private, expected) in [
        ("private/decisions.html", &in_record[..]),
        ("private/decisions.pdf", &in_record[..]),
        ("private/minutes.html", &secrets[..4]),
        ("private/minutes.pdf", &secrets[..4]),
    ] {
        let file = paper(&out, private);
        let text = if private.ends_with(".html") {
            html_text(&file)
        } else {
            pdf_text(&file)
        };
        for secret in expected {
            assert!(text.contains(secret), "{private} lacks {secret:?}: {text}");
        }
        assert!(
            any_text(&file).contains("NOT FOR PUBLICATION"),
            "{private} is not marked"
        );
    }
}

/// The public view itself holds nothing of an exempt decision but its summary, whatever a
/// template does with it.
#[test]
fn the_public_view_of_an_exempt_decision_holds_only_its_summary() {
    let recorded = Recorded::new();
    let loaded = reportpack::input::load::load_meeting(&recorded.meeting).unwrap();
    let decisions = loaded.decisions.as_ref().unwrap();
    let dates = reportpack::view::decisions::CallInDates {
        deadline: chrono::NaiveDate::from_ymd_opt(2015, 12, 10).unwrap(),
        implement_from: chrono::NaiveDate::from_ymd_opt(2015, 12, 11).unwrap(),
    };
    let council = reportpack::input::model::CouncilConfig::default();
    let words = reportpack::render::templates::HouseSettings::load(
        &reportpack::render::templates::default_root(),
        "lancaster",
    )
    .unwrap()
    .date_words("en-GB")
    .unwrap();
    let view = |private| {
        let record = reportpack::view::decisions::record_view(
            &loaded, decisions, &council, dates, private, &words,
        )
        .unwrap();
        serde_json::to_string(&record).unwrap()
    };
    let (public, private) = (view(false), view(true));
    for secret in ["sealed sum", "confidential deadline", "compulsory purchase"] {
        assert!(!public.contains(secret), "public view holds {secret:?}");
        assert!(private.contains(secret), "private view lacks {secret:?}");
    }
    assert!(public.contains("Cabinet agreed to acquire the site"));
}

#[test]
fn decisions_published_before_the_meeting_are_an_error() {
    let recorded = Recorded::new();
    edit(
        &recorded.decisions(),
        "published: 2015-12-03",
        "published: 2015-11-30",
    );
    let (ok, printed) = recorded.check();
    assert!(!ok);
    assert!(
        printed.contains(&format!(
            "{}:2:12: error: published: the record of decisions is dated Monday 30 November 2015, before the meeting on Tuesday 1 December 2015",
            recorded.decisions().display()
        )),
        "{printed}"
    );
}

#[test]
fn the_meeting_page_links_the_record_and_the_minutes() {
    let recorded = Recorded::new();
    let out = recorded.build();
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(index.contains(r#"<a href="decisions.html">Record of decisions</a>"#));
    assert!(index.contains(r#"<a href="minutes.html">Draft minutes</a>"#));
    let (temp, meeting) = scratch_meeting("minimal");
    let without = temp.path().join("out");
    build_into(&meeting, &without, &["--format", "html"]);
    let index = std::fs::read_to_string(without.join("index.html")).unwrap();
    assert!(!index.contains("decisions.html"), "no record, no link");
    assert!(!without.join("decisions.html").exists());
}

/// The outline's titles, depth first.
fn outline_titles(doc: &Document) -> Vec<String> {
    fn walk(doc: &Document, first: Option<&Object>, out: &mut Vec<String>) {
        let mut next = first.and_then(|o| o.as_reference().ok());
        while let Some(id) = next {
            let item = doc.get_dictionary(id).unwrap();
            let title = item.get(b"Title").unwrap().as_str().unwrap();
            out.push(
                lopdf::decode_text_string(&Object::string_literal(title.to_vec()))
                    .unwrap_or_default(),
            );
            walk(doc, item.get(b"First").ok(), out);
            next = item.get(b"Next").ok().and_then(|o| o.as_reference().ok());
        }
    }
    let catalog = doc.catalog().unwrap();
    let outlines = doc
        .get_dictionary(catalog.get(b"Outlines").unwrap().as_reference().unwrap())
        .unwrap();
    let mut titles = Vec::new();
    walk(doc, outlines.get(b"First").ok(), &mut titles);
    titles
}

fn assert_tagged_with_bookmarks(pdf: &Path, bookmarks: &[&str]) {
    let doc = Document::load(pdf).unwrap();
    let catalog = doc.catalog().unwrap();
    assert!(
        catalog.get(b"StructTreeRoot").is_ok(),
        "{} untagged",
        pdf.display()
    );
    let titles = outline_titles(&doc);
    for bookmark in bookmarks {
        assert!(
            titles.iter().any(|t| t.contains(bookmark)),
            "{} lacks the bookmark {bookmark:?}: {titles:?}",
            pdf.display()
        );
    }
}

#[test]
fn record_and_minutes_are_tagged_pdfs_with_bookmarks() {
    let recorded = Recorded::new();
    let out = recorded.build();
    assert_tagged_with_bookmarks(
        &out.join("decisions.pdf"),
        &["Record of decisions", "Minute 46: Test Action Plan"],
    );
    assert_tagged_with_bookmarks(
        &out.join("minutes.pdf"),
        &["Present", "Declarations of interest", "46 TEST ACTION PLAN"],
    );
}

/// The 1-based line of the first line of `file` holding `needle` after the line holding `after`.
fn line_of(file: &Path, after: &str, needle: &str) -> usize {
    let text = std::fs::read_to_string(file).unwrap();
    let start = text.lines().position(|l| l.contains(after)).unwrap();
    start
        + 1
        + text
            .lines()
            .skip(start)
            .position(|l| l.contains(needle))
            .unwrap()
}

#[test]
fn check_reports_decisions_that_do_not_match_the_agenda() {
    let recorded = Recorded::new();
    let file = recorded.decisions();
    edit(&file, "  - item: 1\n", "  - item: 9\n");
    edit(
        &file,
        "    outcome: as-recommended\n",
        "    outcome: as-recommended\n    recommendations: [1, 5]\n",
    );
    edit(
        &file,
        "    resolution: That the emergency roof repairs be approved at once.\n",
        "",
    );
    edit(
        &file,
        "first_minute: 45",
        "first_minute: 45\ncall_in_deadline: 2015-12-02",
    );
    let (ok, printed) = recorded.check();
    assert!(!ok, "{printed}");
    let name = file.display().to_string();
    let expected = [
        format!(
            "{name}:{}:11: error: items: a decision is recorded for item 9, but the agenda has no item 9",
            line_of(&file, "items:", "item: 9")
        ),
        format!(
            "{name}:{}:26: error: items: item 2: recommendation 5 does not exist: the report makes 1 recommendation",
            line_of(&file, "item: 2", "recommendations:")
        ),
        format!(
            "{name}:{}:5: error: items: item 4 is `resolved` but has no `resolution:` text",
            line_of(&file, "items:", "item: 4")
        ),
        format!(
            "{name}:{}:19: error: call_in_deadline: the call-in deadline Wednesday 2 December 2015 is not after the publication date Thursday 3 December 2015",
            line_of(&file, "published", "call_in_deadline")
        ),
    ];
    for line in &expected {
        assert!(
            printed.contains(line.as_str()),
            "missing {line:?} in:\n{printed}"
        );
    }
    assert!(
        printed.contains("warning: items: agenda item 1 has no entry"),
        "{printed}"
    );
}

#[test]
fn an_exempt_decision_without_a_public_summary_is_an_error_quoting_nothing() {
    let recorded = Recorded::new();
    edit(
        &recorded.decisions(),
        "    public_summary: Cabinet agreed to acquire the site at Example Street.\n",
        "",
    );
    let (ok, printed) = recorded.check();
    assert!(!ok);
    assert!(
        printed.contains(
            "items: item 3 is exempt, so the public record of decisions needs a `public_summary:`"
        ),
        "{printed}"
    );
    assert!(!printed.contains("sealed sum"), "{printed}");
}

#[test]
fn a_bad_field_in_decisions_is_located() {
    let recorded = Recorded::new();
    edit(
        &recorded.decisions(),
        "outcome: amended",
        "outcome: approved",
    );
    let (ok, printed) = recorded.check();
    assert!(!ok);
    let line = line_of(&recorded.decisions(), "item: 3", "outcome:");
    assert!(
        printed.contains(&format!(
            "decisions.yaml:{line}:14: error: items[2].outcome: unknown variant"
        )),
        "{printed}"
    );
}

/// A data folder with the minimal meeting whose item 2 is a key decision noticed in the plan,
/// and item 3 (exempt) a key decision too.
fn plan_data() -> (tempfile::TempDir, PathBuf) {
    let (temp, meeting) = scratch_meeting("minimal");
    let data = temp.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    let moved = data.join("lancaster-cabinet-2015-12-01");
    std::fs::rename(&meeting, &moved).unwrap();
    edit(
        &moved.join("reports/plan-report.yaml"),
        "decision: non-key",
        "decision: key\nkey_decision_notice: 2015-10-30\nkey_decision_ref: KD/2015/12\n\
         consultation: The Overview and Scrutiny Committee on 4 November 2015.",
    );
    edit(
        &moved.join("reports/exempt-report.yaml"),
        "decision: non-key",
        "decision: key\nkey_decision_notice: 2015-10-30\nkey_decision_ref: KD/2015/13",
    );
    (temp, data)
}

#[test]
fn forward_plan_lists_every_key_decision_and_keeps_exempt_detail_out() {
    let (temp, data) = plan_data();
    let out = temp.path().join("plan");
    let output = reportpack(&[
        "plan",
        data.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--published",
        "2015-10-30",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let html = html_text(&out.join("lancaster.html"));
    let pdf = pdf_text(&out.join("lancaster.pdf"));
    for text in [&html, &pdf] {
        for expected in [
            "Published on 30 October 2015.",
            "Test Action Plan",
            "To approve the test action plan.",
            "Cabinet, 1 December 2015",
            "The Overview and Scrutiny Committee on 4 November 2015.",
            "First published in the plan on 30 October 2015.",
            "Acquisition of Land at Example Street",
            "Exempt: paragraph 3 of Part 1 of Schedule 12A",
        ] {
            assert!(text.contains(expected), "lacks {expected:?}: {text}");
        }
        assert!(
            !text.contains("confidential purchase"),
            "exempt purpose leaked"
        );
        assert!(
            !text.contains("Leisure Centre"),
            "non-key decisions are not listed"
        );
    }
    for reference in [
        "KD/2015/12 Test Action Plan",
        "KD/2015/13 Acquisition of Land",
    ] {
        assert!(html.contains(reference), "lacks {reference:?}: {html}");
    }
    assert_tagged_with_bookmarks(&out.join("lancaster.pdf"), &["Forward plan"]);
    // A later edition no longer lists decisions already taken.
    let later = reportpack(&[
        "plan",
        data.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--published",
        "2015-12-02",
    ]);
    assert!(later.status.success(), "{}", stderr(&later));
    assert!(html_text(&out.join("lancaster.html")).contains("No key decisions are due"));
}

/// The example in `data/`: Lancaster's Cabinet of 1 December 2015, as the README shows it.
#[test]
fn the_lancaster_example_builds_its_record_and_minutes() {
    let temp = tempfile::tempdir().unwrap();
    let out = temp.path().join("out");
    let meeting = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/lancaster-cabinet-2015-12-01");
    build_into(&meeting, &out, &[]);
    let record = pdf_text(&out.join("decisions.pdf"));
    for expected in [
        "Date of publication: Thursday 3 December 2015",
        "Call-in deadline: 5.00 pm on Thursday 10 December 2015",
        "Decisions may be implemented from: Friday 11 December 2015",
        "Minute 66: Peer Challenge Action Plan",
        "That Cabinet considers the attached draft Action Plan",
    ] {
        assert!(record.contains(expected), "lacks {expected:?}: {record}");
    }
    let minutes = html_text(&out.join("minutes.html"));
    assert!(minutes.contains("61 APOLOGIES FOR ABSENCE"), "{minutes}");
    assert!(
        minutes.contains("66 PEER CHALLENGE ACTION PLAN"),
        "{minutes}"
    );
}
