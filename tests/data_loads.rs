//! The example data under `data/` loads cleanly, and it is a faithful transcription of the seed
//! papers in `tests/seeds/`: every sentence of each seed is in the data, verbatim and in order.

mod common;

use common::{assert_in_order, normalise, seed_sentences};
use reportpack::input::load::{load_meeting, LoadedAppendix, LoadedMeeting};
use std::path::{Path, PathBuf};

fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data")
}

fn meeting_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(data_dir())
        .expect("data/ exists")
        .map(|entry| {
            entry
                .expect("readable data/ entry")
                .path()
                .join("meeting.yaml")
        })
        .filter(|file| file.is_file())
        .collect();
    files.sort();
    files
}

fn load(file: &Path) -> LoadedMeeting {
    load_meeting(file)
        .unwrap_or_else(|diagnostics| panic!("{} does not load:\n{diagnostics}", file.display()))
}

#[test]
fn every_meeting_loads_with_its_reports_and_plans() {
    let files = meeting_files();
    assert_eq!(files.len(), 5, "expected five example meetings: {files:?}");
    let mut failures = Vec::new();
    for file in &files {
        let loaded = match load_meeting(file) {
            Ok(loaded) => loaded,
            Err(diagnostics) => {
                failures.push(format!("{}:\n{diagnostics}", file.display()));
                continue;
            }
        };
        for item in &loaded.items {
            let Some(path) = &item.item.report else {
                continue;
            };
            let report = item
                .report
                .as_ref()
                .unwrap_or_else(|| panic!("{}: report {path} not loaded", file.display()));
            assert_eq!(
                report.appendices.len(),
                report.report.appendices.len(),
                "{}: every appendix is loaded",
                report.file.display()
            );
            for (appendix, loaded) in report.report.appendices.iter().zip(&report.appendices) {
                match (&appendix.action_plan, loaded) {
                    (Some(_), LoadedAppendix::ActionPlan { plan, .. }) => {
                        assert!(!plan.rows.is_empty())
                    }
                    (None, LoadedAppendix::Listed | LoadedAppendix::Pdf { .. }) => {}
                    (plan, loaded) => panic!(
                        "{}: appendix {} ({plan:?}) loaded as {loaded:?}",
                        report.file.display(),
                        appendix.label
                    ),
                }
            }
        }
        assert!(
            loaded.items.iter().any(|item| item.report.is_some()),
            "{}: a report item",
            file.display()
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The Lancaster action plan: updates show only in reports dated on or after their round, so the
/// 2015 Cabinet gets none and the 2017 Overview & Scrutiny gets "Update Feb 2017".
#[test]
fn both_lancaster_meetings_use_the_one_action_plan() {
    let plans: Vec<(chrono::NaiveDate, PathBuf)> = [
        "lancaster-cabinet-2015-12-01",
        "lancaster-overview-scrutiny-2017-03-08",
    ]
    .iter()
    .flat_map(|dir| {
        let loaded = load(&data_dir().join(dir));
        let date = loaded.meeting.date;
        loaded
            .items
            .into_iter()
            .filter_map(|item| item.report)
            .flat_map(|report| report.appendices)
            .filter_map(move |appendix| match appendix {
                LoadedAppendix::ActionPlan { file, plan, .. } => {
                    let shown = plan
                        .update_rounds
                        .iter()
                        .filter(|round| round.date <= date)
                        .count();
                    Some((date, file.canonicalize().expect("plan file"), shown))
                }
                _ => None,
            })
            .map(|(date, file, shown)| {
                let expected = if date.to_string() == "2015-12-01" {
                    0
                } else {
                    1
                };
                assert_eq!(shown, expected, "update rounds shown on {date}");
                (date, file)
            })
            .collect::<Vec<_>>()
    })
    .collect();
    assert_eq!(plans.len(), 2);
    assert_eq!(plans[0].1, plans[1].1, "one plan file for both meetings");
}

/// Which data a seed is transcribed into, and what of the seed the data does not hold verbatim.
struct SeedCheck {
    seed: &'static str,
    /// The folder under `data/` of the meeting whose report (and action plan) hold the seed.
    meeting: &'static str,
    /// Fragments of the seed that the TEMPLATES print, not the data (labels and headings, the
    /// key-decision boxes, dates formatted from YYYY-MM-DD, capitals): each entry maps a seed
    /// fragment (as `seed_sentences` gives it) to what the data holds instead; "" means the data
    /// holds nothing of it. Every entry must be used, so the list stays exact.
    template: &'static [(&'static str, &'static str)],
    /// Fragments the data holds, but where the model's order differs from the seed's (the
    /// template restores the order): checked for presence only.
    unordered: &'static [&'static str],
}

const CHECKS: &[SeedCheck] = &[
    SeedCheck {
        seed: "000_cff314785255b9c7.txt",
        meeting: "lancaster-cabinet-2015-12-01",
        template: &[
            ("CABINET", "Cabinet"),
            ("Peer Challenge Action Plan 1 December 2015", "Peer Challenge Action Plan"),
            ("Report of the Chief Executive", "the Chief Executive"),
            ("PURPOSE OF REPORT", ""),
            ("Key Decision", ""),
            ("Non-Key Decision", ""),
            ("Referral from Cabinet Member", ""),
            ("Date of notice of forthcoming key decision", ""),
            ("N/A", ""),
            ("This report is public.", ""),
            ("RECOMMENDATIONS OF Councillor Blamire", "Councillor Blamire"),
            ("SECTION 151 OFFICER'S COMMENTS", ""),
            ("MONITORING OFFICER'S COMMENTS", ""),
            ("BACKGROUND PAPERS", ""),
            ("Contact Officer: Debbie Chambers", "Debbie Chambers"),
            ("Telephone: 01524 582057", "01524 582057"),
            ("E-mail: dchambers@lancaster.gov.uk", "dchambers@lancaster.gov.uk"),
            ("Ref:", ""),
        ],
        unordered: &[],
    },
    SeedCheck {
        seed: "001_dfcdab52b0494752.txt",
        meeting: "lancaster-overview-scrutiny-2017-03-08",
        template: &[
            ("OVERVIEW & SCRUTINY", "Overview & Scrutiny"),
            ("LGA Peer Review 2015: Update 8 March 2017", "LGA Peer Review 2015: Update"),
            ("Report of Chief Executive", "Chief Executive"),
            ("PURPOSE OF REPORT", ""),
            ("This report is public", ""),
            ("RECOMMENDATIONS", ""),
            ("SECTION 151 OFFICER'S COMMENTS", ""),
            ("MONITORING OFFICER'S COMMENTS", ""),
            ("BACKGROUND PAPERS", ""),
            ("Contact Officer: Susan Parsonage,", "Susan Parsonage"),
            ("Telephone: 01524 582011", "01524 582011"),
            ("E-mail: sparsonage@lancaster.gov.uk", "sparsonage@lancaster.gov.uk"),
            ("Ref:", ""),
        ],
        unordered: &[],
    },
    SeedCheck {
        seed: "002_ebde375e0309e8ea.txt",
        meeting: "gloucester-cabinet-2014-10-15",
        template: &[
            ("Meeting:", ""),
            ("Date:", ""),
            ("15 October 2014", ""),
            ("Subject:", ""),
            ("Report Of:", ""),
            ("Wards Affected:", ""),
            ("Key Decision:", ""),
            ("No", ""),
            ("Budget/Policy Framework:", ""),
            ("Contact Officer:", ""),
            (
                "Martin Shields, Corporate Director of Services & Neighbourhoods",
                "Martin Shields Corporate Director of Services & Neighbourhoods",
            ),
            (
                "Email: martin.shields@gloucester.gov.uk",
                "martin.shields@gloucester.gov.uk",
            ),
            ("Tel: 396326", "396326"),
            ("Appendices:", ""),
            ("Peer Challenge Action Plan", "1 Peer Challenge Action Plan"),
            ("FOR GENERAL RELEASE", ""),
            ("Purpose of Report", ""),
            ("Recommendations", ""),
            ("Background Documents: None", "None"),
        ],
        unordered: &[],
    },
    SeedCheck {
        seed: "003_546b7c196d22d957.txt",
        meeting: "west-lancashire-executive-overview-scrutiny-2022-09-06",
        template: &[
            (
                "Report of: Director of Transformation, Housing and Resources",
                "Director of Transformation, Housing and Resources",
            ),
            (
                "Relevant Portfolio Holder: Councillor Adam Yates / Portfolio Holder for Economic Regeneration",
                "Councillor Adam Yates / Portfolio Holder for Economic Regeneration",
            ),
            // The extraction put the template's label "Name" before the extension.
            (
                "Contact for further information: Name (Extn. 5262) Chris Twomey",
                "Chris Twomey 5262",
            ),
            (
                "(E-mail: Chris.twomey@westlancs.gov.uk)",
                "Chris.twomey@westlancs.gov.uk",
            ),
            ("SUBJECT: CORPORATE PEER CHALLENGE", "Corporate Peer Challenge"),
            ("Wards affected: Borough wide", "Borough wide"),
            ("PURPOSE OF THE REPORT", ""),
            (
                "RECOMMENDATIONS TO EXECUTIVE OVERVIEW AND SCRUTINY",
                "Executive Overview and Scrutiny",
            ),
            ("RECOMMENDATIONS TO CABINET", "Cabinet"),
            ("Background Documents", ""),
            ("Appendices", ""),
            ("Appendix A Peer Review report", "A Peer Review report"),
            ("Appendix B Draft Action plan", "B Draft Action plan"),
            (
                "Appendix C Minute of the Executive Overview & Scrutiny Committee - 6 September 2022 (Cabinet only)",
                "C Minute of the Executive Overview & Scrutiny Committee - 6 September 2022 Cabinet only",
            ),
        ],
        // The source prints the background documents before the (unnumbered) Equality Impact
        // Assessment; the model keeps that assessment with the other implications, which come
        // before the background papers.
        unordered: &[
            "There are no background documents (as defined in Section 100D(5) of the Local Government Act 1972) to this Report.",
        ],
    },
    SeedCheck {
        seed: "004_77448fbcabded5a8.txt",
        meeting: "lancaster-overview-scrutiny-2017-03-08",
        template: &[
            // The template prints "APPENDIX:" and the report's appendix title in capitals.
            (
                "APPENDIX: LGA PEER REVIEW ACTION PLAN UPDATE FEBRUARY 2017",
                "LGA Peer Review Action Plan Update February 2017",
            ),
            // Truncated by the extraction; the data has ORGANISATIONAL CAPACITY.
            ("ORGANISATIONAL C", "ORGANISATIONAL CAPACITY"),
        ],
        unordered: &[],
    },
];

/// Every string value of a YAML document, in document order (mapping keys are left out).
fn strings_of(value: &serde_yaml::Value, out: &mut Vec<String>) {
    match value {
        serde_yaml::Value::String(text) => out.push(text.clone()),
        serde_yaml::Value::Sequence(items) => items.iter().for_each(|item| strings_of(item, out)),
        serde_yaml::Value::Mapping(map) => map.values().for_each(|item| strings_of(item, out)),
        serde_yaml::Value::Tagged(tagged) => strings_of(&tagged.value, out),
        _ => {}
    }
}

fn yaml_text(file: &Path) -> String {
    let source = std::fs::read_to_string(file).expect("readable YAML");
    let value: serde_yaml::Value = serde_yaml::from_str(&source).expect("YAML");
    let mut strings = Vec::new();
    strings_of(&value, &mut strings);
    strings.join("\n")
}

/// The meeting file, then each report file, then each action plan, in agenda order.
fn data_text(meeting: &str) -> String {
    let loaded = load(&data_dir().join(meeting));
    let mut files = vec![loaded.file.clone()];
    for item in &loaded.items {
        if let Some(report) = &item.report {
            files.push(report.file.clone());
            for appendix in &report.appendices {
                if let LoadedAppendix::ActionPlan { file, .. } = appendix {
                    files.push(file.clone());
                }
            }
        }
    }
    files
        .iter()
        .map(|f| yaml_text(f))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The seed's sentences with template-supplied fragments replaced by what the data holds, and
/// the out-of-order ones taken out (returned separately).
fn data_needles(check: &SeedCheck) -> (Vec<String>, Vec<String>) {
    let mut used = vec![false; check.template.len()];
    let mut needles = Vec::new();
    let mut unordered = Vec::new();
    for sentence in seed_sentences(check.seed) {
        let key = normalise(&sentence);
        if let Some(index) = check
            .template
            .iter()
            .position(|(fragment, _)| normalise(fragment) == key)
        {
            used[index] = true;
            let instead = check.template[index].1;
            if !instead.is_empty() {
                needles.push(instead.to_string());
            }
        } else if check.unordered.iter().any(|u| normalise(u) == key) {
            unordered.push(sentence);
        } else {
            needles.push(sentence);
        }
    }
    let unused: Vec<&str> = check
        .template
        .iter()
        .zip(&used)
        .filter(|(_, used)| !**used)
        .map(|((fragment, _), _)| *fragment)
        .collect();
    assert!(
        unused.is_empty(),
        "{}: template entries matching no seed fragment: {unused:?}",
        check.seed
    );
    assert_eq!(
        unordered.len(),
        check.unordered.len(),
        "{}: every unordered entry is a seed fragment",
        check.seed
    );
    (needles, unordered)
}

#[test]
fn seed_text_is_in_data() {
    let mut failures = Vec::new();
    for check in CHECKS {
        let text = data_text(check.meeting);
        let (needles, unordered) = data_needles(check);
        if let Err(error) = assert_in_order(&text, &needles) {
            failures.push(format!("{} in data/{}: {error}", check.seed, check.meeting));
        }
        let all = normalise(&text);
        for fragment in unordered {
            if !all.contains(&normalise(&fragment)) {
                failures.push(format!("{}: missing «{fragment}»", check.seed));
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
}
