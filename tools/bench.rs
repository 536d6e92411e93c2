//! Benchmark: builds synthetic meetings of 1, 10 and 50 reports, each with a 20-row landscape
//! action plan shaped like the Lancaster peer-review plan, and prints pages, bytes, milliseconds
//! per stage and peak memory.
//!
//!     cargo run --release --features bench --bin bench [-- 1 10 50]
//!
//! Peak memory is the process's high-water mark so far (so the largest size run dominates).

use reportpack::layout::blocks::Document;
use reportpack::publish::{self, BuildOptions, Formats};
use reportpack::render::templates::Audience;
use reportpack::render::{documents, html};
use reportpack::{layout, pdf};
use std::fmt::Write as _;
use std::path::Path;
use std::time::Instant;

const WORDS: &str = "the council will review delivery models with partners to maintain open spaces and improve standards while reducing costs through benchmarking income generation and closer working with parish councils the police and the voluntary sector so that residents and visitors continue to enjoy parks";

fn sentence(seed: usize, words: usize) -> String {
    let all: Vec<&str> = WORDS.split(' ').collect();
    let mut out: Vec<&str> = (0..words)
        .map(|i| all[(seed * 7 + i * 3) % all.len()])
        .collect();
    out[0] = "The";
    format!("{}.", out.join(" "))
}

fn write_plan(dir: &Path, index: usize) {
    let mut text = String::from(
        "title: Synthetic Action Plan\ncolumns:\n  - {key: what, heading: What, width: 3}\n  - {key: how, heading: How, width: 4}\n  - {key: when, heading: \"When (Dec 15)\", width: 2}\n  - {key: lead, heading: Lead, width: 1}\n  - {key: resource, heading: Resource, width: 2}\nupdate_rounds: [{date: 2017-02-28, heading: Update Feb 2017}]\nrows:\n",
    );
    for row in 0..20 {
        if row % 5 == 0 {
            let _ = writeln!(text, "  - section: PRIORITY AREA {}", row / 5 + 1);
        }
        let seed = index * 31 + row;
        let _ = writeln!(
            text,
            "  - cells:\n      what: \"{}\"\n      how: \"{} {}\"\n      when: \"By April 2016\"\n      lead: MD\n      resource: \"{}\"\n    updates:\n      - date: 2017-02-28\n        text: |-\n          {}\n\n          {}",
            sentence(seed, 12),
            sentence(seed + 1, 20),
            sentence(seed + 2, 10),
            sentence(seed + 3, 10),
            sentence(seed + 4, 30),
            sentence(seed + 5, 15),
        );
    }
    std::fs::write(dir.join(format!("plan-{index}.yaml")), text).unwrap();
}

fn write_report(dir: &Path, index: usize) {
    let mut sections = String::new();
    for s in 0..4 {
        let _ = writeln!(sections, "  - title: Section {}\n    content:", s + 1);
        for p in 0..3 {
            let _ = writeln!(sections, "      - \"{}\"", sentence(index + s * 4 + p, 40));
        }
    }
    let text = format!(
        "title: Synthetic Report {index}\ncommittees: [Overview & Scrutiny]\ndate: 2017-03-08\nreport_of: Chief Executive\ndecision: non-key\npurpose: \"{}\"\nrecommendations:\n  - items: [\"{}\"]\nsections:\n{sections}implications:\n  - kind: legal\n    content: [\"{}\"]\n  - kind: financial\n    content: [\"{}\"]\nsection151_comments: The Section 151 Officer has been consulted and has no comments.\nmonitoring_officer_comments: The Monitoring Officer has been consulted and has no comments.\nbackground_papers: [none]\nappendices:\n  - {{label: A, title: Action Plan, action_plan: plan-{index}.yaml}}\ncontact: {{name: Susan Parsonage, telephone: 01524 582011, email: sparsonage@lancaster.gov.uk}}\n",
        sentence(index, 20),
        sentence(index + 1, 25),
        sentence(index + 2, 30),
        sentence(index + 3, 40),
    );
    std::fs::write(dir.join(format!("report-{index}.yaml")), text).unwrap();
}

fn write_meeting(dir: &Path, reports: usize) {
    std::fs::create_dir_all(dir).unwrap();
    let mut items = String::from("  - number: 1\n    title: Apologies for Absence\n");
    for i in 0..reports {
        write_report(dir, i);
        write_plan(dir, i);
        let _ = writeln!(items, "  - number: {}\n    report: report-{i}.yaml", i + 2);
    }
    let meeting = format!(
        "council: lancaster\ncommittee: Overview & Scrutiny\ndate: 2017-03-08\ntime: \"18:00\"\nvenue: Lancaster Town Hall\njurisdiction: england\npublished: 2017-02-27\nclerk: {{name: Democratic Services, email: democracy@lancaster.gov.uk}}\nitems:\n{items}"
    );
    std::fs::write(dir.join("meeting.yaml"), meeting).unwrap();
}

fn peak_memory_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(str::to_string)
        })
        .and_then(|l| {
            l.split_whitespace()
                .nth(1)
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

fn ms(start: Instant) -> f64 {
    start.elapsed().as_secs_f64() * 1000.0
}

fn main() -> anyhow::Result<()> {
    // `bench --write DIR N`: only write the synthetic meeting of N reports, to build by hand.
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--write") {
        let (dir, reports) = (&args[2], args[3].parse()?);
        write_meeting(Path::new(dir), reports);
        return Ok(());
    }
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let sizes = if sizes.is_empty() {
        vec![1, 10, 50]
    } else {
        sizes
    };
    let templates = reportpack::render::templates::default_root();
    println!("reports  pages  pack-bytes  prepare  html   item-docs  layout  pdf-write  full-build  peak-MB");
    for reports in sizes {
        let temp = tempfile::tempdir()?;
        let meeting = temp.path().join("bench");
        write_meeting(&meeting, reports);

        let t = Instant::now();
        let prepared = publish::prepare(&meeting, &templates)?;
        let prepare_ms = ms(t);

        let t = Instant::now();
        let pages = html::pages(&prepared, &html::DocumentIndex::default())?;
        let html_ms = ms(t);
        assert!(!pages.is_empty());

        // The pack's stages on their own: item documents (templates + markup), layout, writing.
        let t = Instant::now();
        let mut sections = Vec::new();
        for item in prepared.items.iter().filter(|i| i.report.is_some()) {
            sections.extend(documents::item_document(&prepared, item, Audience::Public)?.sections);
        }
        let document = Document {
            title: "bench".into(),
            lang: "en-GB".into(),
            page_label: "Page {page} of {pages}".into(),
            sections,
        };
        let documents_ms = ms(t);
        let t = Instant::now();
        let laid = layout::layout(&document)?;
        let layout_ms = ms(t);
        let t = Instant::now();
        let meta = pdf::PdfMeta {
            title: "bench".into(),
            author: "bench".into(),
            subject: "bench".into(),
            keywords: vec![],
            date: chrono::NaiveDate::from_ymd_opt(2017, 2, 27).unwrap(),
            lang: "en-GB".into(),
        };
        let bytes = pdf::write_pdf(&laid, &meta)?;
        let write_ms = ms(t);
        let (page_count, byte_count) = (laid.pages.len(), bytes.len());
        // The stages' results go before the full build, so its peak memory is its own.
        drop((prepared, pages, document, laid, bytes));

        // The whole build as a clerk runs it: HTML, every item PDF, the pack, written to disk.
        let t = Instant::now();
        let options = BuildOptions {
            out_dir: temp.path().join("out"),
            private_dir: temp.path().join("private"),
            formats: Formats {
                html: true,
                pdf: true,
            },
            only: None,
            templates: templates.clone(),
            progress: false,
        };
        publish::build(&meeting, &options)?;
        let build_ms = ms(t);
        println!(
            "{reports:>7}  {:>5}  {:>10}  {prepare_ms:>7.1}  {html_ms:>5.1}  {documents_ms:>9.1}  {layout_ms:>6.1}  {write_ms:>9.1}  {build_ms:>10.1}  {:>7.1}",
            page_count,
            byte_count,
            peak_memory_mb()
        );
    }
    Ok(())
}
