//! Every sentence of every seed paper appears, in order, in what a reader gets: the web page and
//! the PDF text (pdftotext) of the item built from `data/`.

mod common;
mod support;

use common::{assert_in_order_ignoring_case, seed_sentences};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use support::{pdftotext, reportpack, stderr, visible_text};

/// (seed, meeting folder under data/, running footer)
const SEEDS: [(&str, &str, &str); 5] = [
    (
        "000_cff314785255b9c7.txt",
        "lancaster-cabinet-2015-12-01",
        "Cabinet, 1 December 2015",
    ),
    (
        "001_dfcdab52b0494752.txt",
        "lancaster-overview-scrutiny-2017-03-08",
        "Overview & Scrutiny, 8 March 2017",
    ),
    (
        "002_ebde375e0309e8ea.txt",
        "gloucester-cabinet-2014-10-15",
        "Cabinet, 15 October 2014",
    ),
    (
        "003_546b7c196d22d957.txt",
        "west-lancashire-executive-overview-scrutiny-2022-09-06",
        "Executive Overview and Scrutiny, 6 September 2022",
    ),
    (
        "004_77448fbcabded5a8.txt",
        "lancaster-overview-scrutiny-2017-03-08",
        "Overview & Scrutiny, 8 March 2017",
    ),
];

/// Fragments the house style prints differently from the extracted text, each with why.
const PRINTED_DIFFERENTLY: [&str; 2] = [
    // West Lancashire's contact line was extracted out of order from its two-column header.
    "Name (Extn. 5262) Chris Twomey",
    // The appendix was published on its own; in the papers it carries its letter
    // ("Appendix A: LGA Peer Review Action Plan Update February 2017").
    "APPENDIX: LGA PEER REVIEW ACTION PLAN UPDATE FEBRUARY 2017",
];

/// All example meetings built once (HTML and PDF) into a temporary folder.
fn built() -> &'static Path {
    static OUT: OnceLock<PathBuf> = OnceLock::new();
    OUT.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("reportpack-seeds-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let output = reportpack(&["build", "--out", dir.to_str().unwrap()]);
        assert!(output.status.success(), "{}", stderr(&output));
        dir
    })
}

/// The one report item of a meeting: its page and its PDF.
fn item_files(meeting: &str) -> (PathBuf, PathBuf) {
    let items = built().join(meeting).join("items");
    let html = std::fs::read_dir(&items)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.extension().is_some_and(|e| e == "html"))
        .unwrap_or_else(|| panic!("no item page in {}", items.display()));
    (html.clone(), html.with_extension("pdf"))
}

fn needles(seed: &str) -> Vec<String> {
    seed_sentences(seed)
        .into_iter()
        .filter(|s| !PRINTED_DIFFERENTLY.iter().any(|p| s.contains(p)))
        .collect()
}

fn pdf_text(pdf: &Path, footer: &str) -> String {
    let text = pdftotext(pdf, &["-raw"]);
    // The running footer ("Cabinet, 1 December 2015 Page 2 of 7") comes between the pages' text.
    // A line broken after a slash continues the same word ("clarifying/" "expanding").
    let text = text.replace(" /\n", " / ").replace("/\n", "/");
    let mut words: Vec<&str> = text.split_whitespace().collect();
    let footer_words: Vec<&str> = footer.split_whitespace().collect();
    let mut index = 0;
    while index < words.len() {
        let is_footer = words[index..].starts_with(&footer_words)
            && words.get(index + footer_words.len()) == Some(&"Page")
            && words.get(index + footer_words.len() + 2) == Some(&"of");
        if is_footer {
            words.drain(index..index + footer_words.len() + 4);
        } else {
            index += 1;
        }
    }
    words.join(" ")
}

#[test]
fn every_seed_sentence_is_in_the_html_in_order() {
    let mut failures = Vec::new();
    for (seed, meeting, _) in SEEDS {
        let (html, _) = item_files(meeting);
        let text = visible_text(&std::fs::read_to_string(&html).unwrap());
        if let Err(error) = assert_in_order_ignoring_case(&text, &needles(seed)) {
            failures.push(format!("{seed} in {}: {error}", html.display()));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
}

#[test]
fn every_seed_sentence_is_in_the_pdf_in_order() {
    let mut failures = Vec::new();
    for (seed, meeting, footer) in SEEDS {
        let (_, pdf) = item_files(meeting);
        if let Err(error) = assert_in_order_ignoring_case(&pdf_text(&pdf, footer), &needles(seed)) {
            failures.push(format!("{seed} in {}: {error}", pdf.display()));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
}

#[test]
fn seed_reports_have_a_plausible_page_count() {
    // Lancaster (Cabinet) and West Lancashire merge stand-in PDF appendices (data/stand-ins/):
    // their ranges include the stand-in's pages (2 and 4 pages; no cover page goes before them).
    for (meeting, pages) in [
        ("lancaster-cabinet-2015-12-01", 7..=14),
        ("lancaster-overview-scrutiny-2017-03-08", 8..=14),
        ("gloucester-cabinet-2014-10-15", 2..=5),
        (
            "west-lancashire-executive-overview-scrutiny-2022-09-06",
            6..=9,
        ),
    ] {
        let (_, pdf) = item_files(meeting);
        let info = std::process::Command::new("pdfinfo")
            .arg(&pdf)
            .output()
            .unwrap();
        let info = String::from_utf8_lossy(&info.stdout).into_owned();
        let count: usize = info
            .lines()
            .find_map(|l| l.strip_prefix("Pages:"))
            .and_then(|n| n.trim().parse().ok())
            .unwrap();
        assert!(
            pages.contains(&count),
            "{meeting}: {count} pages, expected {pages:?}"
        );
    }
}
