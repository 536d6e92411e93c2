//! Every problem found after parsing (the rules, the loader's checks, the views' Markdown and
//! language tags) is printed at the exact `file:line:col` of the value it is about, taken from
//! the parser's spans. Each case edits the `minimal` meeting, then puts a comment line at the
//! top of every YAML file holding the words a text search would look for (`published:`,
//! `number: 4`, `appendix 2`...): a locator that searched the text would point at line 1.
//!
//! Lines are the fixture's plus one (the comment). A missing field points at the mapping that
//! lacks it; a quoted value at its opening quote.

mod support;
use std::path::Path;
use support::*;

/// Words that a search of the text would find first, in a comment on line 1 of every file.
const DECOY: &str =
    "# Text a search would find first: published: date: number: 2 number: 4 urgent: \
supplement: exempt: 3 private_notice: key_decision_notice: notice: agreed_by: reasons: purpose: \
recommendations: background_papers: contact: name: title: item: 9 item: 2 outcome: resolution: \
call_in_deadline: lead: when: who: X appendix 2 plan pdf: action_plan: label: cells: rows: lang: \
report: reports/no-such.yaml /etc/hostname gone.yaml 2015-10-31 2015-11-25\n";

/// One diagnostic: the edits that cause it (file in the meeting, text, replacement) and the
/// line it must print, `file:line:col: severity: message` (the message's start).
struct Case {
    name: &'static str,
    decisions: bool,
    edits: &'static [(&'static str, &'static str, &'static str)],
    expected: &'static str,
}

const M: &str = "meeting.yaml";
const P: &str = "reports/plan-report.yaml";
const X: &str = "reports/exempt-report.yaml";
const L: &str = "reports/plan.yaml";
const D: &str = "decisions.yaml";

const URGENT_4: &str =
    "    urgent: The contractor's final figures arrived after the agenda was published.\n";

const CASES: &[Case] = &[
    // --- rules/publication.rs
    Case {
        name: "late publication",
        decisions: false,
        edits: &[(M, "published: 2015-11-20", "published: 2015-11-25")],
        expected: "meeting.yaml:9:12: error: published: the papers are published on Wednesday 25 November 2015",
    },
    Case {
        name: "urgent without a reason",
        decisions: false,
        edits: &[(M, URGENT_4, "    urgent: ''\n")],
        expected: "meeting.yaml:26:13: error: items: item 4 is marked urgent without a reason",
    },
    Case {
        name: "supplement not urgent",
        decisions: false,
        edits: &[(M, URGENT_4, "")],
        expected: "meeting.yaml:25:17: error: items: item 4 is a supplement",
    },
    Case {
        name: "late and urgent",
        decisions: false,
        edits: &[],
        expected: "meeting.yaml:26:13: warning: items: item 4 is published late and taken as urgent",
    },
    // --- rules/exempt.rs
    Case {
        name: "report and agenda cite different paragraphs",
        decisions: false,
        edits: &[(X, "exempt: 3", "exempt: 1")],
        expected: "reports/exempt-report.yaml:7:9: error: exempt: the report cites paragraph 1",
    },
    Case {
        name: "exempt item, public report",
        decisions: false,
        edits: &[(X, "exempt: 3\n", "")],
        expected: "meeting.yaml:22:13: error: items: item 3 is exempt (paragraph 3) but its report",
    },
    Case {
        name: "exempt report, public item",
        decisions: false,
        edits: &[(M, "    exempt: 3\n", "")],
        expected: "meeting.yaml:20:5: error: items: report",
    },
    Case {
        name: "no notice of a private meeting",
        decisions: false,
        edits: &[(M, "private_notice: 2015-10-20\n", "")],
        expected: "meeting.yaml:3:1: error: private_notice: the meeting has exempt items",
    },
    Case {
        name: "short notice of a private meeting",
        decisions: false,
        edits: &[(M, "private_notice: 2015-10-20", "private_notice: 2015-11-25")],
        expected: "meeting.yaml:10:17: error: private_notice: notice given on Wednesday 25 November 2015",
    },
    // --- rules/key_decisions.rs
    Case {
        name: "key decision notice too short",
        decisions: false,
        edits: &[(P, "decision: non-key", "decision: key\nkey_decision_notice: 2015-11-20")],
        expected: "reports/plan-report.yaml:7:22: error: key_decision_notice: notice given on Friday 20 November 2015",
    },
    Case {
        name: "key decision without notice",
        decisions: false,
        edits: &[(P, "decision: non-key", "decision: key")],
        expected: "reports/plan-report.yaml:2:1: error: key_decision_notice: a key decision needs the date",
    },
    Case {
        name: "general exception too short",
        decisions: false,
        edits: &[(
            P,
            "decision: non-key",
            "decision: key\nkey_decision_notice: 2015-11-20\nkey_decision_exception:\n  general-exception:\n    notice: 2015-11-26",
        )],
        expected: "reports/plan-report.yaml:10:13: error: key_decision_exception: general exception notice on Thursday 26 November 2015",
    },
    Case {
        name: "special urgency without reasons",
        decisions: false,
        edits: &[(
            P,
            "decision: non-key",
            "decision: key\nkey_decision_exception:\n  special-urgency:\n    agreed_by: Councillor Hanson",
        )],
        expected: "reports/plan-report.yaml:9:5: error: key_decision_exception: special urgency needs the reasons",
    },
    Case {
        name: "special urgency agreed by nobody",
        decisions: false,
        edits: &[(
            P,
            "decision: non-key",
            "decision: key\nkey_decision_exception:\n  special-urgency:\n    agreed_by: ''\n    reasons: The contract lapses.",
        )],
        expected: "reports/plan-report.yaml:9:16: error: key_decision_exception: special urgency needs the agreement",
    },
    // --- rules/content.rs
    Case {
        name: "no purpose",
        decisions: false,
        edits: &[(P, "purpose: To approve the test action plan.", "purpose: ''")],
        expected: "reports/plan-report.yaml:7:10: error: purpose: the report has no purpose",
    },
    Case {
        name: "no recommendations",
        decisions: false,
        edits: &[(P, "      - That Cabinet approves the plan at **Appendix A**.", "      - ''")],
        expected: "reports/plan-report.yaml:9:3: error: recommendations: the report makes no recommendations",
    },
    Case {
        name: "no background papers",
        decisions: false,
        edits: &[(P, "background_papers: [none]", "background_papers: ['']")],
        expected: "reports/plan-report.yaml:30:20: error: background_papers: no background papers",
    },
    Case {
        name: "no contact officer",
        decisions: false,
        edits: &[(P, "  name: Debbie Chambers", "  name: ''")],
        expected: "reports/plan-report.yaml:36:9: error: contact.name: the report has no contact officer",
    },
    Case {
        name: "contact without email or telephone",
        decisions: false,
        edits: &[
            (P, "  telephone: 01524 582057\n", ""),
            (P, "  email: dchambers@lancaster.gov.uk\n", ""),
        ],
        expected: "reports/plan-report.yaml:36:3: error: contact: the contact officer has neither",
    },
    Case {
        name: "required comments missing",
        decisions: false,
        edits: &[(
            P,
            "section151_comments: The Section 151 Officer has been consulted and has no further comments.\n",
            "",
        )],
        expected: "reports/plan-report.yaml:2:1: error: section151_comments: Lancaster City Council requires this",
    },
    Case {
        name: "appendix mentioned, not listed",
        decisions: false,
        edits: &[(
            P,
            "The first paragraph of the introduction.",
            "The costs are in appendix 2 and annexes.",
        )],
        expected: "reports/plan-report.yaml:15:26: error: appendices: the report mentions \"appendix 2\"",
    },
    Case {
        name: "action without a lead",
        decisions: false,
        edits: &[(L, "lead: MD}", "lead: ''}")],
        expected: "reports/plan.yaml:12:92: warning: rows[1]: action \"Develop options\" has no lead",
    },
    Case {
        name: "action without a date",
        decisions: false,
        edits: &[(L, ", when: By April 2016", "")],
        expected: "reports/plan.yaml:12:12: warning: rows[1]: action \"Develop options\" has no date",
    },
    // --- rules/decisions.rs
    Case {
        name: "item recorded twice",
        decisions: true,
        edits: &[(D, "  - item: 4", "  - item: 2")],
        expected: "decisions.yaml:33:11: error: items: item 2 is recorded twice",
    },
    Case {
        name: "decision for no agenda item",
        decisions: true,
        edits: &[(D, "  - item: 1\n", "  - item: 9\n")],
        expected: "decisions.yaml:20:11: error: items: a decision is recorded for item 9",
    },
    Case {
        name: "declaration for no agenda item",
        decisions: true,
        edits: &[(D, "    item: 2\n    kind:", "    item: 7\n    kind:")],
        expected: "decisions.yaml:15:11: error: declarations: Councillor Janet Example declared an interest in item 7",
    },
    Case {
        name: "agenda item without an entry",
        decisions: true,
        edits: &[(
            D,
            "  - item: 1\n    minute: Apologies were received from Councillor Peter Sample.\n",
            "",
        )],
        expected: "decisions.yaml:20:3: warning: items: agenda item 1 has no entry",
    },
    Case {
        name: "decisions published before the meeting",
        decisions: true,
        edits: &[(D, "published: 2015-12-03", "published: 2015-11-30")],
        expected: "decisions.yaml:3:12: error: published: the record of decisions is dated Monday 30 November 2015",
    },
    Case {
        name: "call-in deadline before publication",
        decisions: true,
        edits: &[(D, "first_minute: 45", "first_minute: 45\ncall_in_deadline: 2015-12-02")],
        expected: "decisions.yaml:5:19: error: call_in_deadline: the call-in deadline Wednesday 2 December 2015",
    },
    Case {
        name: "call-in period too short",
        decisions: true,
        edits: &[(D, "first_minute: 45", "first_minute: 45\ncall_in_deadline: 2015-12-07")],
        expected: "decisions.yaml:5:19: warning: call_in_deadline: Monday 7 December 2015 leaves fewer",
    },
    Case {
        name: "recommendations without as-recommended",
        decisions: true,
        edits: &[(D, "    outcome: resolved\n", "    outcome: resolved\n    recommendations: [1]\n")],
        expected: "decisions.yaml:35:22: error: items: item 4: `recommendations:` names",
    },
    Case {
        name: "recommendation that does not exist",
        decisions: true,
        edits: &[(
            D,
            "    outcome: as-recommended\n",
            "    outcome: as-recommended\n    recommendations: [1, 5]\n",
        )],
        expected: "decisions.yaml:24:26: error: items: item 2: recommendation 5 does not exist",
    },
    Case {
        name: "as recommended without a report",
        decisions: true,
        edits: &[(D, "  - item: 1\n", "  - item: 1\n    outcome: as-recommended\n")],
        expected: "decisions.yaml:21:14: error: items: item 1 has no report",
    },
    Case {
        name: "as recommended with a resolution",
        decisions: true,
        edits: &[(
            D,
            "    outcome: as-recommended\n",
            "    outcome: as-recommended\n    resolution: That it be so.\n",
        )],
        expected: "decisions.yaml:24:17: error: items: item 2 is resolved as recommended",
    },
    Case {
        name: "resolved without a resolution",
        decisions: true,
        edits: &[(
            D,
            "    resolution: That the emergency roof repairs be approved at once.\n",
            "",
        )],
        expected: "decisions.yaml:33:5: error: items: item 4 is `resolved` but has no `resolution:` text",
    },
    Case {
        name: "urgent decision without a reason",
        decisions: true,
        edits: &[(
            D,
            "    urgent: The roof must be repaired before the storms forecast for next week.",
            "    urgent: ''",
        )],
        expected: "decisions.yaml:36:13: error: items: item 4: `urgent:` needs the reason",
    },
    Case {
        name: "exempt decision without a public summary",
        decisions: true,
        edits: &[(
            D,
            "    public_summary: Cabinet agreed to acquire the site at Example Street.\n",
            "",
        )],
        expected: "decisions.yaml:26:5: error: items: item 3 is exempt, so the public record",
    },
    // --- input/load.rs
    Case {
        name: "item without title or report",
        decisions: false,
        edits: &[(M, "    title: Apologies for Absence\n", "")],
        expected: "meeting.yaml:16:5: error: items: item 1 has neither a title nor a report",
    },
    Case {
        name: "item numbers decrease",
        decisions: false,
        edits: &[(M, "number: 4", "number: 2")],
        expected: "meeting.yaml:23:13: error: items: item number 2 follows 3",
    },
    Case {
        name: "report outside the meeting's folders",
        decisions: false,
        edits: &[(M, "report: reports/late-report.yaml", "report: /etc/hostname")],
        expected: "meeting.yaml:24:13: error: items: report file /etc/hostname is outside",
    },
    Case {
        name: "report missing",
        decisions: false,
        edits: &[(M, "report: reports/late-report.yaml", "report: reports/no-such.yaml")],
        expected: "meeting.yaml:24:13: error: items: report file reports/no-such.yaml does not exist",
    },
    Case {
        name: "appendix outside the meeting's folders",
        decisions: false,
        edits: &[(P, "action_plan: plan.yaml", "action_plan: /etc/hostname")],
        expected: "reports/plan-report.yaml:34:18: error: appendices: appendix A: /etc/hostname is outside",
    },
    Case {
        name: "appendix of both kinds",
        decisions: false,
        edits: &[(P, "    action_plan: plan.yaml", "    action_plan: plan.yaml\n    pdf: plan.pdf")],
        expected: "reports/plan-report.yaml:32:5: error: appendices: appendix A has both",
    },
    Case {
        name: "appendix PDF that is not a PDF",
        decisions: false,
        edits: &[(P, "action_plan: plan.yaml", "pdf: plan.yaml")],
        expected: "reports/plan-report.yaml:34:10: error: appendices: ",
    },
    Case {
        name: "action plan missing",
        decisions: false,
        edits: &[(P, "action_plan: plan.yaml", "action_plan: gone.yaml")],
        expected: "reports/plan-report.yaml:34:18: error: appendices: action plan gone.yaml does not exist",
    },
    Case {
        name: "plan row with a section and cells",
        decisions: false,
        edits: &[(
            L,
            "  - section: CONTEXT + PRIORITIES",
            "  - section: CONTEXT + PRIORITIES\n    cells: {what: x}",
        )],
        expected: "reports/plan.yaml:11:5: error: rows[0]: a row is either a `section` row",
    },
    Case {
        name: "plan cell in no column",
        decisions: false,
        edits: &[(L, "lead: MD}", "lead: MD, who: X}")],
        expected: "reports/plan.yaml:12:101: error: rows[1].cells: unknown column `who`",
    },
    Case {
        name: "plan update in no round",
        decisions: false,
        edits: &[(L, "{date: 2015-11-30, text", "{date: 2015-10-31, text")],
        expected: "reports/plan.yaml:15:16: error: rows[1].updates: update dated 2015-10-31",
    },
    // --- view: Markdown and language tags in values
    Case {
        name: "undefined Markdown reference",
        decisions: false,
        edits: &[(
            P,
            "The first paragraph of the introduction.",
            "See [the plan][plan].",
        )],
        expected: "reports/plan-report.yaml:15:18: error: sections.content: link reference [plan] is not defined",
    },
    Case {
        name: "language that is not a tag",
        decisions: false,
        edits: &[(
            P,
            "  - title: Introduction\n",
            "  - title: Introduction\n    lang: Welsh language\n",
        )],
        expected: "reports/plan-report.yaml:14:11: error: sections.lang: \"Welsh language\" is not a language tag",
    },
];

/// What `check` prints for the `minimal` meeting after `case`'s edits and the decoy line.
fn check_output(case: &Case) -> (String, std::path::PathBuf, tempfile::TempDir) {
    let (temp, meeting) = scratch_meeting("minimal");
    if case.decisions {
        std::fs::copy(fixture("decisions/decisions.yaml"), meeting.join(D)).unwrap();
    }
    for (file, from, to) in case.edits {
        edit(&meeting.join(file), from, to);
    }
    for file in [M, P, X, L, D, "reports/late-report.yaml"] {
        let path = meeting.join(file);
        if let Ok(text) = std::fs::read_to_string(&path) {
            std::fs::write(&path, format!("{DECOY}{text}")).unwrap();
        }
    }
    let printed = printed(&reportpack(&["check", meeting.to_str().unwrap()]));
    (printed, meeting, temp)
}

fn mismatch(case: &Case) -> Option<String> {
    let (printed, meeting, _temp) = check_output(case);
    let want = format!("{}/{}", meeting.display(), case.expected);
    (!printed.lines().any(|line| line.starts_with(&want))).then(|| {
        format!(
            "{}: expected a line starting\n  {}\ngot:\n{printed}",
            case.name, case.expected
        )
    })
}

#[test]
fn every_problem_found_after_parsing_is_printed_at_its_value() {
    let failures: Vec<String> = CASES.iter().filter_map(mismatch).collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n\n{}",
        failures.len(),
        CASES.len(),
        failures.join("\n")
    );
}

#[test]
fn the_decoy_holds_the_text_of_every_value_a_case_points_at() {
    // The comment must come first in each file, so that a text search would stop there.
    let (printed, meeting, _temp) = check_output(&CASES[3]);
    assert!(printed.contains("warning"), "{printed}");
    let text = std::fs::read_to_string(Path::new(&meeting).join(M)).unwrap();
    assert!(text.starts_with(DECOY));
    for words in [
        "urgent:",
        "number: 4",
        "published:",
        "appendix 2",
        "item: 9",
    ] {
        assert!(DECOY.contains(words), "{words}");
    }
}
