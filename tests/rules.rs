//! The rules engine and the bank-holiday calendars, with dates at the edges: weekends,
//! Christmas, Easter, Scottish-only holidays, council closure days, and the 28-day and 5-day
//! notice boundaries. Meetings are written as YAML to a temporary folder and loaded, so each
//! diagnostic's file and line are checked as a clerk would see them.

use chrono::{Datelike, NaiveDate, Weekday};
use reportpack::diagnostics::{Diagnostic, Diagnostics, Severity};
use reportpack::input::load::{load_meeting, LoadedMeeting};
use reportpack::input::model::{CouncilConfig, DayCount, Jurisdiction};
use reportpack::rules::holidays::{bank_holidays, easter_sunday, is_bank_holiday, Calendar};
use reportpack::rules::{
    appendix_mentions, check, clear_days_between, deadline_summary, latest_publication_date,
};
use std::path::Path;

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn dates(texts: &[&str]) -> Vec<NaiveDate> {
    texts.iter().map(|t| date(t)).collect()
}

// ---------------------------------------------------------------- bank holidays (gov.uk lists)

#[test]
fn england_and_wales_bank_holidays() {
    let expected: [(i32, &[&str]); 5] = [
        (
            2015,
            &[
                "2015-01-01",
                "2015-04-03",
                "2015-04-06",
                "2015-05-04",
                "2015-05-25",
                "2015-08-31",
                "2015-12-25",
                "2015-12-28",
            ],
        ),
        (
            2017,
            &[
                "2017-01-02",
                "2017-04-14",
                "2017-04-17",
                "2017-05-01",
                "2017-05-29",
                "2017-08-28",
                "2017-12-25",
                "2017-12-26",
            ],
        ),
        (
            2020,
            &[
                "2020-01-01",
                "2020-04-10",
                "2020-04-13",
                "2020-05-08",
                "2020-05-25",
                "2020-08-31",
                "2020-12-25",
                "2020-12-28",
            ],
        ),
        (
            2022,
            &[
                "2022-01-03",
                "2022-04-15",
                "2022-04-18",
                "2022-05-02",
                "2022-06-02",
                "2022-06-03",
                "2022-08-29",
                "2022-09-19",
                "2022-12-26",
                "2022-12-27",
            ],
        ),
        (
            2023,
            &[
                "2023-01-02",
                "2023-04-07",
                "2023-04-10",
                "2023-05-01",
                "2023-05-08",
                "2023-05-29",
                "2023-08-28",
                "2023-12-25",
                "2023-12-26",
            ],
        ),
    ];
    for (year, days) in expected {
        assert_eq!(
            bank_holidays(Calendar::EnglandAndWales, year),
            dates(days),
            "{year}"
        );
    }
}

#[test]
fn scotland_bank_holidays() {
    let expected: [(i32, &[&str]); 5] = [
        (
            2015,
            &[
                "2015-01-01",
                "2015-01-02",
                "2015-04-03",
                "2015-05-04",
                "2015-05-25",
                "2015-08-03",
                "2015-11-30",
                "2015-12-25",
                "2015-12-28",
            ],
        ),
        (
            2017,
            &[
                "2017-01-02",
                "2017-01-03",
                "2017-04-14",
                "2017-05-01",
                "2017-05-29",
                "2017-08-07",
                "2017-11-30",
                "2017-12-25",
                "2017-12-26",
            ],
        ),
        (
            2020,
            &[
                "2020-01-01",
                "2020-01-02",
                "2020-04-10",
                "2020-05-08",
                "2020-05-25",
                "2020-08-03",
                "2020-11-30",
                "2020-12-25",
                "2020-12-28",
            ],
        ),
        (
            2022,
            &[
                "2022-01-03",
                "2022-01-04",
                "2022-04-15",
                "2022-05-02",
                "2022-06-02",
                "2022-06-03",
                "2022-08-01",
                "2022-09-19",
                "2022-11-30",
                "2022-12-26",
                "2022-12-27",
            ],
        ),
        (
            2023,
            &[
                "2023-01-02",
                "2023-01-03",
                "2023-04-07",
                "2023-05-01",
                "2023-05-08",
                "2023-05-29",
                "2023-08-07",
                "2023-11-30",
                "2023-12-25",
                "2023-12-26",
            ],
        ),
    ];
    for (year, days) in expected {
        assert_eq!(
            bank_holidays(Calendar::Scotland, year),
            dates(days),
            "{year}"
        );
    }
}

#[test]
fn substitutes_and_one_offs() {
    let ew = Calendar::EnglandAndWales;
    let scot = Calendar::Scotland;
    // Christmas on a Saturday (2021): Monday 27 and Tuesday 28 December.
    assert!(is_bank_holiday(ew, date("2021-12-27")) && is_bank_holiday(ew, date("2021-12-28")));
    // 1 January on a Friday, 2 January on a Saturday (Scotland 2021): Monday 4 January.
    assert!(is_bank_holiday(scot, date("2021-01-04")));
    assert!(!is_bank_holiday(ew, date("2021-01-04")));
    // St Andrew's Day on a Saturday (2019) and a Sunday (2025): the Monday after.
    assert!(is_bank_holiday(scot, date("2019-12-02")));
    assert!(is_bank_holiday(scot, date("2025-12-01")));
    assert!(!is_bank_holiday(ew, date("2019-12-02")));
    assert!(!is_bank_holiday(scot, date("2019-11-30")));
    // Royal wedding 2011, Diamond Jubilee 2012 (spring holiday moved to 4 June), VE Day 1995.
    assert!(is_bank_holiday(scot, date("2011-04-29")));
    assert_eq!(
        bank_holidays(ew, 2012)
            .iter()
            .filter(|d| d.month() == 6)
            .count(),
        2,
        "4 and 5 June 2012"
    );
    assert!(!is_bank_holiday(ew, date("2012-05-28")));
    assert!(is_bank_holiday(ew, date("1995-05-08")) && !is_bank_holiday(ew, date("1995-05-01")));
    assert!(!is_bank_holiday(ew, date("2020-05-04")));
}

#[test]
fn easter_computus() {
    for (year, easter) in [
        (2014, "2014-04-20"),
        (2016, "2016-03-27"),
        (2019, "2019-04-21"),
        (2024, "2024-03-31"),
        (2038, "2038-04-25"),
        (2285, "2285-03-22"),
    ] {
        assert_eq!(easter_sunday(year), date(easter), "{year}");
    }
}

#[test]
fn every_year_has_the_regular_holidays_on_weekdays() {
    for year in 1978..=2100 {
        for (calendar, regular) in [(Calendar::EnglandAndWales, 8), (Calendar::Scotland, 9)] {
            let days = bank_holidays(calendar, year);
            assert!(days.len() >= regular, "{calendar:?} {year}: {days:?}");
            assert!(days.iter().all(|d| d.year() == year));
            assert!(days
                .iter()
                .all(|d| !matches!(d.weekday(), Weekday::Sat | Weekday::Sun)));
        }
    }
}

#[test]
fn wales_uses_the_england_calendar() {
    assert_eq!(
        Calendar::for_jurisdiction(Jurisdiction::Wales),
        Calendar::EnglandAndWales
    );
    assert_eq!(
        Calendar::for_jurisdiction(Jurisdiction::Scotland),
        Calendar::Scotland
    );
}

// ---------------------------------------------------------------- clear days and deadlines

#[test]
fn clear_days_exclude_both_ends() {
    let ew = Calendar::EnglandAndWales;
    let (monday, next_monday) = (date("2015-11-23"), date("2015-11-30"));
    assert_eq!(
        clear_days_between(monday, next_monday, ew, &[], DayCount::Calendar),
        6
    );
    assert_eq!(
        clear_days_between(monday, next_monday, ew, &[], DayCount::Working),
        4
    );
    assert_eq!(
        clear_days_between(monday, monday, ew, &[], DayCount::Calendar),
        0
    );
    assert_eq!(
        clear_days_between(next_monday, monday, ew, &[], DayCount::Calendar),
        0
    );
    let closed = [date("2015-11-25")];
    assert_eq!(
        clear_days_between(monday, next_monday, ew, &closed, DayCount::Working),
        3
    );
}

fn latest(meeting: &str, jurisdiction: Jurisdiction) -> NaiveDate {
    latest_publication_date(date(meeting), jurisdiction, &[])
}

#[test]
fn deadline_across_a_weekend() {
    // Wednesday 10 June 2015: clear days Tue 9, Mon 8, Fri 5, Thu 4, Wed 3.
    assert_eq!(
        latest("2015-06-10", Jurisdiction::England),
        date("2015-06-02")
    );
}

#[test]
fn deadline_across_christmas() {
    // Monday 4 January 2016: New Year's Day (Fri 1), Boxing Day substitute (Mon 28) and
    // Christmas (Fri 25) are not clear days: Thu 31, Wed 30, Tue 29, Thu 24, Wed 23.
    assert_eq!(
        latest("2016-01-04", Jurisdiction::England),
        date("2015-12-22")
    );
}

#[test]
fn deadline_across_easter_in_england_wales_and_scotland() {
    // Thursday 9 April 2015; Good Friday 3 April, Easter Monday 6 April (not in Scotland).
    // England, five: Wed 8, Tue 7, Thu 2, Wed 1, Tue 31 March.
    assert_eq!(
        latest("2015-04-09", Jurisdiction::England),
        date("2015-03-30")
    );
    // Wales, three: Wed 8, Tue 7, Thu 2.
    assert_eq!(
        latest("2015-04-09", Jurisdiction::Wales),
        date("2015-04-01")
    );
    // Scotland, three: Wed 8, Tue 7, Mon 6 (a working day there): a day later than Wales.
    assert_eq!(
        latest("2015-04-09", Jurisdiction::Scotland),
        date("2015-04-02")
    );
}

#[test]
fn deadline_across_scottish_only_holidays() {
    // 2 January: Wednesday 7 January 2015. Scotland: Tue 6, Mon 5, Wed 31 (Thu 1 and Fri 2
    // are holidays); Wales: Tue 6, Mon 5, Fri 2, then Thu 1 is a holiday.
    assert_eq!(
        latest("2015-01-07", Jurisdiction::Scotland),
        date("2014-12-30")
    );
    assert_eq!(
        latest("2015-01-07", Jurisdiction::Wales),
        date("2014-12-31")
    );
    // St Andrew's Day substitute, Monday 2 December 2019: Thursday 5 December.
    assert_eq!(
        latest("2019-12-05", Jurisdiction::Scotland),
        date("2019-11-28")
    );
    assert_eq!(
        latest("2019-12-05", Jurisdiction::Wales),
        date("2019-11-29")
    );
    // First Monday in August, 3 August 2015: Thursday 6 August.
    assert_eq!(
        latest("2015-08-06", Jurisdiction::Scotland),
        date("2015-07-30")
    );
    assert_eq!(
        latest("2015-08-06", Jurisdiction::Wales),
        date("2015-07-31")
    );
}

#[test]
fn deadline_with_a_council_closure_day() {
    // Tuesday 1 December 2015 with the offices closed on Friday 27 November: Mon 30, Thu 26,
    // Wed 25, Tue 24, Mon 23 are the clear days.
    let closed = [date("2015-11-27")];
    assert_eq!(
        latest_publication_date(date("2015-12-01"), Jurisdiction::England, &closed),
        date("2015-11-20")
    );
}

fn example_meeting(
    committee: &str,
    day: &str,
    jurisdiction: Jurisdiction,
) -> reportpack::input::model::Meeting {
    let yaml = format!(
        "council: example\ncommittee: {committee}\ndate: {day}\ntime: '18:00'\nvenue: Town Hall\n\
         jurisdiction: {}\npublished: {day}\nclerk: {{name: Clerk}}\nitems: []\n",
        format!("{jurisdiction:?}").to_lowercase()
    );
    serde_yaml::from_str(&yaml).unwrap()
}

#[test]
fn the_four_example_meetings() {
    let council = CouncilConfig::default();
    let cases = [
        // Tue 1 Dec 2015: Mon 30, Fri 27, Thu 26, Wed 25, Tue 24 (St Andrew's Day is not an
        // English holiday).
        ("Cabinet", "2015-12-01", "Monday 23 November 2015"),
        // Wed 8 Mar 2017: Tue 7, Mon 6, Fri 3, Thu 2, Wed 1.
        (
            "Overview and Scrutiny Committee",
            "2017-03-08",
            "Tuesday 28 February 2017",
        ),
        // Wed 15 Oct 2014: Tue 14, Mon 13, Fri 10, Thu 9, Wed 8.
        ("Cabinet", "2014-10-15", "Tuesday 7 October 2014"),
        // Tue 6 Sep 2022: Mon 5, Fri 2, Thu 1, Wed 31, Tue 30; Monday 29 August is the summer
        // bank holiday, so the latest working day before is Friday 26 August.
        (
            "Executive Overview and Scrutiny Committee",
            "2022-09-06",
            "Friday 26 August 2022",
        ),
    ];
    for (committee, day, expected) in cases {
        let summary = deadline_summary(
            &example_meeting(committee, day, Jurisdiction::England),
            &council,
        );
        println!("{summary}");
        assert!(summary.ends_with(&format!(": {expected}")), "{summary}");
    }
    assert_eq!(
        deadline_summary(
            &example_meeting("Cabinet", "2015-12-01", Jurisdiction::England),
            &council
        ),
        "Latest publication date for Cabinet on Tuesday 1 December 2015 (England, 5 clear days): \
         Monday 23 November 2015"
    );
}

// ---------------------------------------------------------------- whole-meeting checks

/// A folder of papers written for one test.
struct Papers {
    dir: tempfile::TempDir,
}

const REPORT: &str = "\
title: Peer Review Action Plan Update
committees: [Cabinet]
date: 2015-12-01
report_of: Chief Executive
decision: non-key
purpose: To update Cabinet on the action plan.
recommendations:
  - items:
      - That the update in Appendix A be noted.
background_papers: [None]
appendices:
  - label: A
    title: Action plan
contact:
  name: Mark Cullinan
  email: mcullinan@lancaster.gov.uk
";

impl Papers {
    fn new() -> Self {
        Papers {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn write(&self, name: &str, text: &str) -> &Self {
        std::fs::write(self.dir.path().join(name), text).unwrap();
        self
    }

    /// A meeting on Tuesday 1 December 2015 in England, published on the last day allowed,
    /// with `extra` meeting fields and the agenda `items` (YAML list entries).
    fn meeting(&self, extra: &str, items: &str) -> LoadedMeeting {
        let yaml = format!(
            "council: lancaster\ncommittee: Cabinet\ndate: 2015-12-01\ntime: '10:00'\n\
             venue: Town Hall, Morecambe\njurisdiction: england\npublished: 2015-11-23\n\
             {extra}clerk:\n  name: Liz Bateson\nitems:\n{items}"
        );
        self.write("meeting.yaml", &yaml);
        load_meeting(self.dir.path()).unwrap_or_else(|problems| panic!("{problems}"))
    }

    /// Writes `report.yaml` and returns a meeting whose item 2 is that report.
    fn with_report(&self, report: &str, item_extra: &str, meeting_extra: &str) -> LoadedMeeting {
        self.write("report.yaml", report);
        self.meeting(
            meeting_extra,
            &format!(
                "  - number: 1\n    title: Apologies\n  - number: 2\n    report: report.yaml\n{item_extra}"
            ),
        )
    }

    fn file(&self, name: &str) -> std::path::PathBuf {
        self.dir.path().join(name)
    }
}

fn lancaster() -> CouncilConfig {
    CouncilConfig {
        name: "Lancaster City Council".into(),
        ..CouncilConfig::default()
    }
}

fn errors(problems: &Diagnostics) -> Vec<&Diagnostic> {
    problems
        .0
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect()
}

fn warnings(problems: &Diagnostics) -> Vec<&Diagnostic> {
    problems
        .0
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .collect()
}

/// The one error, checked to be in `file` at `line` and to mention `words`.
fn only_error<'a>(
    problems: &'a Diagnostics,
    file: &Path,
    line: usize,
    words: &str,
) -> &'a Diagnostic {
    let found = errors(problems);
    assert_eq!(found.len(), 1, "expected one error:\n{problems}");
    let error = found[0];
    assert_eq!(error.file, file, "{error}");
    assert_eq!(error.line, line, "{error}");
    assert!(error.message.contains(words), "{error}");
    assert!(error.hint.is_some(), "{error}");
    error
}

#[test]
fn a_good_meeting_has_no_problems() {
    let papers = Papers::new();
    let meeting = papers.with_report(REPORT, "", "");
    let problems = check(&meeting, &lancaster());
    assert!(problems.is_empty(), "{problems}");
}

#[test]
fn late_publication_is_an_error_at_published() {
    let papers = Papers::new();
    let meeting = papers.with_report(REPORT, "", "");
    let mut late = meeting.clone();
    late.meeting.published = date("2015-11-24");
    let problems = check(&late, &lancaster());
    let error = only_error(
        &problems,
        &papers.file("meeting.yaml"),
        7,
        "Monday 23 November 2015",
    );
    assert!(error.hint.as_deref().unwrap().contains("1, 2"), "{error}");
}

#[test]
fn late_urgent_item_is_a_warning_for_that_item() {
    let papers = Papers::new();
    let meeting = papers.with_report(
        REPORT,
        "    urgent: The contract must be let this week.\n",
        "",
    );
    let mut late = meeting.clone();
    late.meeting.published = date("2015-11-25");
    let problems = check(&late, &lancaster());
    // Item 1 (apologies) is not urgent, so publication is still late for it.
    let error = only_error(
        &problems,
        &papers.file("meeting.yaml"),
        7,
        "latest publication date",
    );
    assert!(
        error
            .hint
            .as_deref()
            .unwrap()
            .ends_with("items without it: 1)"),
        "{error}"
    );
    let found = warnings(&problems);
    assert_eq!(found.len(), 1, "{problems}");
    assert_eq!(found[0].line, 15, "{}", found[0]);
    assert!(found[0].message.contains("item 2"));
}

#[test]
fn supplement_without_urgent_is_an_error() {
    let papers = Papers::new();
    let meeting = papers.with_report(REPORT, "    supplement: true\n", "");
    let problems = check(&meeting, &lancaster());
    only_error(&problems, &papers.file("meeting.yaml"), 15, "supplement");

    let meeting = papers.with_report(
        REPORT,
        "    supplement: true\n    urgent: Figures arrive late.\n",
        "",
    );
    let problems = check(&meeting, &lancaster());
    assert!(errors(&problems).is_empty(), "{problems}");
    assert_eq!(warnings(&problems).len(), 1, "{problems}");
}

#[test]
fn urgent_without_a_reason_is_an_error() {
    let papers = Papers::new();
    let meeting = papers.with_report(REPORT, "    urgent: ''\n", "");
    let problems = check(&meeting, &lancaster());
    only_error(
        &problems,
        &papers.file("meeting.yaml"),
        15,
        "without a reason",
    );
}

fn key_report(notice_lines: &str) -> String {
    REPORT.replace(
        "decision: non-key\n",
        &format!("decision: key\n{notice_lines}"),
    )
}

#[test]
fn key_decision_needs_28_clear_days() {
    let papers = Papers::new();
    // Notice on Monday 2 November leaves 3..30 November: 28 clear days.
    let meeting = papers.with_report(&key_report("key_decision_notice: 2015-11-02\n"), "", "");
    assert!(check(&meeting, &lancaster()).is_empty());
    // A day later leaves 27.
    let meeting = papers.with_report(&key_report("key_decision_notice: 2015-11-03\n"), "", "");
    let problems = check(&meeting, &lancaster());
    let error = only_error(&problems, &papers.file("report.yaml"), 6, "27 clear days");
    assert!(error.message.contains("reg 9"), "{error}");
}

#[test]
fn key_decision_counted_in_working_days_when_configured() {
    let papers = Papers::new();
    let meeting = papers.with_report(&key_report("key_decision_notice: 2015-11-02\n"), "", "");
    let council = CouncilConfig {
        key_decision_days: DayCount::Working,
        ..lancaster()
    };
    only_error(
        &check(&meeting, &council),
        &papers.file("report.yaml"),
        6,
        "20 clear working days",
    );
}

#[test]
fn key_decision_without_notice_is_an_error() {
    let papers = Papers::new();
    let meeting = papers.with_report(&key_report(""), "", "");
    only_error(
        &check(&meeting, &lancaster()),
        &papers.file("report.yaml"),
        1,
        "key_decision_notice",
    );
}

#[test]
fn non_key_decision_with_a_notice_is_fine() {
    let papers = Papers::new();
    let report = REPORT.replace(
        "decision: non-key\n",
        "decision: non-key\nkey_decision_notice: 2015-11-20\n",
    );
    let meeting = papers.with_report(&report, "", "");
    assert!(check(&meeting, &lancaster()).is_empty());
}

#[test]
fn general_exception_needs_5_clear_days() {
    let papers = Papers::new();
    let exception = |notice: &str| {
        key_report(&format!(
            "key_decision_notice: 2015-11-20\nkey_decision_exception:\n  general-exception:\n    notice: {notice}\n"
        ))
    };
    // Wednesday 25 November leaves 26..30 November: 5 clear days.
    let meeting = papers.with_report(&exception("2015-11-25"), "", "");
    assert!(check(&meeting, &lancaster()).is_empty());
    let meeting = papers.with_report(&exception("2015-11-26"), "", "");
    only_error(
        &check(&meeting, &lancaster()),
        &papers.file("report.yaml"),
        9,
        "4 clear days",
    );
}

#[test]
fn special_urgency_needs_who_agreed() {
    let papers = Papers::new();
    let urgency = |agreed_by: &str| {
        key_report(&format!(
            "key_decision_exception:\n  special-urgency:\n    agreed_by: {agreed_by}\n    reasons: The contract lapses before the next meeting.\n"
        ))
    };
    let meeting = papers.with_report(&urgency("Councillor Hanson, chair of O&S"), "", "");
    assert!(check(&meeting, &lancaster()).is_empty());
    let meeting = papers.with_report(&urgency("''"), "", "");
    only_error(
        &check(&meeting, &lancaster()),
        &papers.file("report.yaml"),
        8,
        "reg 11",
    );
}

#[test]
fn special_urgency_needs_its_reasons_for_the_reg_11_notice() {
    let papers = Papers::new();
    let report = key_report(
        "key_decision_exception:\n  special-urgency:\n    agreed_by: Councillor Hanson\n",
    );
    let meeting = papers.with_report(&report, "", "");
    only_error(
        &check(&meeting, &lancaster()),
        &papers.file("report.yaml"),
        8,
        "reg 11(3)",
    );
}

#[test]
fn key_decision_rules_are_english() {
    let papers = Papers::new();
    let mut meeting = papers.with_report(&key_report(""), "", "");
    meeting.meeting.jurisdiction = Jurisdiction::Scotland;
    meeting.meeting.published = date("2015-11-20");
    assert!(check(&meeting, &lancaster()).is_empty());
}

const PRIVATE_NOTICE: &str = "private_notice: 2015-11-02\n";

#[test]
fn exempt_item_and_report_agree() {
    let papers = Papers::new();
    let report = REPORT.replace("purpose:", "exempt: 3\npurpose:");
    let meeting = papers.with_report(&report, "    exempt: 3\n", PRIVATE_NOTICE);
    assert!(check(&meeting, &lancaster()).is_empty());
}

#[test]
fn exempt_paragraphs_differ() {
    let papers = Papers::new();
    let report = REPORT.replace("purpose:", "exempt: 1\npurpose:");
    let meeting = papers.with_report(&report, "    exempt: 3\n", PRIVATE_NOTICE);
    only_error(
        &check(&meeting, &lancaster()),
        &papers.file("report.yaml"),
        6,
        "paragraph 1",
    );
}

#[test]
fn exempt_item_with_a_public_report() {
    let papers = Papers::new();
    let meeting = papers.with_report(REPORT, "    exempt: 3\n", PRIVATE_NOTICE);
    only_error(
        &check(&meeting, &lancaster()),
        &papers.file("meeting.yaml"),
        16,
        "not marked exempt",
    );
}

#[test]
fn exempt_report_on_a_public_item_would_be_published() {
    let papers = Papers::new();
    let report = REPORT.replace("purpose:", "exempt: 3\npurpose:");
    let meeting = papers.with_report(&report, "", PRIVATE_NOTICE);
    only_error(
        &check(&meeting, &lancaster()),
        &papers.file("meeting.yaml"),
        14,
        "would be published",
    );
}

#[test]
fn private_meeting_needs_28_clear_days_notice() {
    let papers = Papers::new();
    let report = REPORT.replace("purpose:", "exempt: 3\npurpose:");
    let meeting = papers.with_report(&report, "    exempt: 3\n", "");
    only_error(
        &check(&meeting, &lancaster()),
        &papers.file("meeting.yaml"),
        1,
        "private_notice",
    );
    let meeting = papers.with_report(&report, "    exempt: 3\n", "private_notice: 2015-11-03\n");
    only_error(
        &check(&meeting, &lancaster()),
        &papers.file("meeting.yaml"),
        8,
        "27 clear days",
    );
}

#[test]
fn appendix_mentioned_but_missing() {
    let papers = Papers::new();
    let report = REPORT.replace(
        "      - That the update in Appendix A be noted.\n",
        "      - That the update in Appendix A be noted.\n      - That the costs in appendix 2 be approved.\n",
    );
    let meeting = papers.with_report(&report, "", "");
    let problems = check(&meeting, &lancaster());
    let error = only_error(&problems, &papers.file("report.yaml"), 10, "appendix 2");
    assert_eq!(error.column, 27, "{error}");
}

#[test]
fn appendix_mentions_in_text() {
    let labels = |text: &str| -> Vec<String> {
        appendix_mentions(text)
            .into_iter()
            .map(|m| m.label)
            .collect()
    };
    assert_eq!(
        labels("See Appendix A and APPENDIX 12, and appendix B."),
        ["A", "12", "B"]
    );
    assert!(labels("an appendix a page long; the appendices; Appendix to follow").is_empty());
    assert!(labels("Subappendix C; AppendixD").is_empty());
    assert_eq!(
        appendix_mentions("as Appendix\u{a0}C shows")[0].text,
        "Appendix\u{a0}C"
    );
}

#[test]
fn required_content_is_checked() {
    let papers = Papers::new();
    let report = REPORT
        .replace(
            "purpose: To update Cabinet on the action plan.",
            "purpose: ' '",
        )
        .replace("background_papers: [None]", "background_papers: []")
        .replace("  email: mcullinan@lancaster.gov.uk\n", "");
    let meeting = papers.with_report(&report, "", "");
    let council = CouncilConfig {
        required: vec![
            "section151_comments".into(),
            "implications.legal".into(),
            "monitoring_officer_comment".into(),
        ],
        ..lancaster()
    };
    let problems = check(&meeting, &council);
    let messages: Vec<&str> = errors(&problems)
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(messages.len(), 6, "{problems}");
    for words in [
        "unknown entry `monitoring_officer_comment`",
        "purpose:",
        "background_papers:",
        "neither an email address nor a telephone number",
        "section151_comments: Lancaster City Council requires",
        "implications.legal:",
    ] {
        assert!(
            messages.iter().any(|m| m.contains(words)),
            "{words}:\n{problems}"
        );
    }
}

#[test]
fn required_content_present() {
    let papers = Papers::new();
    let report = format!(
        "{REPORT}section151_comments: No comments.\nimplications:\n  - kind: legal\n    content: [None.]\n"
    );
    let meeting = papers.with_report(&report, "", "");
    let council = CouncilConfig {
        required: vec!["section151_comments".into(), "implications.legal".into()],
        ..lancaster()
    };
    assert!(check(&meeting, &council).is_empty());
}

#[test]
fn action_plan_gaps_are_warnings() {
    let papers = Papers::new();
    papers.write(
        "plan.yaml",
        "title: Peer review action plan\ncolumns:\n  - {key: what, heading: What}\n  - {key: when, heading: When (Dec 15)}\n  - {key: lead, heading: Lead}\nrows:\n  - section: GOVERNANCE + DECISION MAKING\n  - cells:\n      what: Consider what level of delegation is most appropriate\n      lead: CEx\n  - cells:\n      what: Agree a proportionate approach to risk\n      when: Outline March 2016\n",
    );
    let report = REPORT.replace(
        "    title: Action plan\n",
        "    title: Action plan\n    action_plan: plan.yaml\n",
    );
    let meeting = papers.with_report(&report, "", "");
    let problems = check(&meeting, &lancaster());
    assert!(errors(&problems).is_empty(), "{problems}");
    let found = warnings(&problems);
    assert_eq!(found.len(), 2, "{problems}");
    assert!(found[0].message.contains("rows[1]") && found[0].message.contains("no date"));
    assert_eq!(found[0].line, 9);
    assert!(found[1].message.contains("rows[2]") && found[1].message.contains("no lead"));
    assert_eq!(found[1].line, 12);
}
