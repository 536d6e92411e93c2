//! Benchmark: builds synthetic meetings of 1, 10, 50 and 200 reports, each with a 20-row
//! landscape action plan shaped like the Lancaster peer-review plan, and prints the pack's pages,
//! the bytes of every PDF, wall and CPU milliseconds per stage, the full build, an `--only`
//! rebuild after editing one report, and peak memory.
//!
//!     cargo run --release --features bench --bin bench [-- 1 10 50 200] [--runs N]
//!     cargo run --release --features bench --bin bench -- --write DIR 50   (the meeting only)
//!
//! Each size is built `--runs` times (3 unless given), each time on a fresh meeting, and the
//! median of each figure is printed, as the targets are medians. The full and `--only`
//! builds each run in a process of their own, as a clerk's `reportpack build` does, and peak
//! memory is the higher of those processes' high-water marks: measured in the benchmark's own
//! process it also counted what the stages measured first and the earlier rounds had left with
//! the allocator (freed, not given back), 30-50 MB at 200 reports.
//! Measure on a quiet machine: CPU milliseconds are steadier than wall time under load.

use reportpack::publish::{self, BuildOptions};
use reportpack::render::prepared::Discard;
use reportpack::render::reuse::ItemCache;
use reportpack::render::{html, papers};
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

/// Process CPU time (user + system, every thread) in milliseconds.
fn cpu_ms() -> f64 {
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: getrusage only writes the struct it is given.
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) };
    let ms = |t: libc::timeval| t.tv_sec as f64 * 1000.0 + t.tv_usec as f64 / 1000.0;
    ms(usage.ru_utime) + ms(usage.ru_stime)
}

/// Wall and CPU milliseconds of one stage.
#[derive(Clone, Copy)]
struct Timed {
    wall: f64,
    cpu: f64,
}

fn timed<T>(stage: impl FnOnce() -> anyhow::Result<T>) -> anyhow::Result<(T, Timed)> {
    let (start, cpu) = (Instant::now(), cpu_ms());
    let value = stage()?;
    Ok((
        value,
        Timed {
            wall: start.elapsed().as_secs_f64() * 1000.0,
            cpu: cpu_ms() - cpu,
        },
    ))
}

fn main() -> anyhow::Result<()> {
    // `bench --write DIR N`: only write the synthetic meeting of N reports, to build by hand.
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--write") {
        let (dir, reports) = (&args[2], args[3].parse()?);
        write_meeting(Path::new(dir), reports);
        return Ok(());
    }
    if args.get(1).map(String::as_str) == Some(CLERK_BUILD) {
        reportpack::cli::tune_allocator();
        return build_as_clerk(&args[2..]);
    }
    let runs: usize = match args.iter().position(|a| a == "--runs") {
        Some(at) => args.get(at + 1).map_or(Ok(3), |n| n.parse())?,
        None => 3,
    };
    let sizes: Vec<usize> = (args.iter().enumerate().skip(1))
        .filter(|(at, _)| args.get(at - 1).map(String::as_str) != Some("--runs"))
        .filter_map(|(_, a)| a.parse().ok())
        .collect();
    let sizes = if sizes.is_empty() {
        vec![1, 10, 50, 200]
    } else {
        sizes
    };
    let templates = reportpack::render::templates::default_root();
    // Every round's files stay until the end: ext4 makes a new file slow to create for half a
    // minute after thousands were deleted (it skips recently freed inodes), which doubled the
    // next round's build time. A clerk's build does not follow such a deletion.
    let folder = tempfile::tempdir()?;
    println!("Each stage as wall/CPU ms, the median of {runs} runs; the full build is `reportpack build` as a clerk runs it (HTML, item PDFs, packs, written to disk).");
    println!("only-1-item is `build --only 2` after an edit to that report, taking the other items from what the full build kept; `watch` runs the same build on each save, so it is also the watch rebuild time.");
    println!("peak-MB is the higher peak memory of the full and --only builds, each in a process of its own as a clerk's is.");
    println!("reports  pages  pdf-bytes  prepare      pdfs         html        full-build    only-1-item  peak-MB");
    for reports in sizes {
        let rounds = (0..runs.max(1))
            .map(|round| {
                let dir = folder.path().join(format!("{reports}-{round}"));
                one_round(reports, &templates, &dir)
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        let median = |stage: fn(&Round) -> Timed| {
            let mut walls: Vec<f64> = rounds.iter().map(|r| stage(r).wall).collect();
            let mut cpus: Vec<f64> = rounds.iter().map(|r| stage(r).cpu).collect();
            Timed {
                wall: middle(&mut walls),
                cpu: middle(&mut cpus),
            }
        };
        let (prepare, pdfs, html) = (
            median(|r| r.prepare),
            median(|r| r.pdfs),
            median(|r| r.html),
        );
        let (full, only) = (median(|r| r.full), median(|r| r.only));
        let peak = middle(&mut rounds.iter().map(|r| r.peak).collect::<Vec<_>>());
        let (pages, bytes) = (rounds[0].pages, rounds[0].bytes);
        println!(
            "{reports:>7}  {pages:>5}  {bytes:>9}  {:>5.0}/{:<5.0} {:>5.0}/{:<5.0}  {:>5.0}/{:<5.0} {:>6.0}/{:<6.0} {:>6.0}/{:<6.0} {:>7.1}",
            prepare.wall,
            prepare.cpu,
            pdfs.wall,
            pdfs.cpu,
            html.wall,
            html.cpu,
            full.wall,
            full.cpu,
            only.wall,
            only.cpu,
            peak,
        );
    }
    Ok(())
}

/// What one build of one meeting size measured.
struct Round {
    pages: usize,
    bytes: usize,
    prepare: Timed,
    pdfs: Timed,
    html: Timed,
    full: Timed,
    only: Timed,
    /// Of the full and `--only` builds, in MiB.
    peak: f64,
}

/// The median of `values` (the lower middle of an even count).
fn middle(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values[(values.len() - 1) / 2]
}

/// Builds a fresh synthetic meeting of `reports` reports: its stages, the full build, and the
/// `--only` rebuild after an edit.
fn one_round(reports: usize, templates: &Path, dir: &Path) -> anyhow::Result<Round> {
    let meeting = dir.join("bench");
    write_meeting(&meeting, reports);

    let (prepared, prepare) = timed(|| publish::prepare(&meeting, templates))?;
    let (papers, pdfs) =
        timed(|| papers::all_pdfs(&prepared, false, &Discard, &ItemCache::default()))?;
    let pages: usize = papers
        .iter()
        .filter(|p| p.path.to_string_lossy() == "pack.pdf")
        .map(|p| p.pages)
        .sum();
    let bytes: usize = papers.iter().map(|p| p.bytes).sum();
    let index = html::DocumentIndex::of(&papers);
    let (_, html) = timed(|| html::put_pages(&prepared, &index, &ItemCache::default(), &Discard))?;
    drop((prepared, papers));

    let (full, full_peak) = clerk_build(&meeting, templates, dir, None)?;
    // An officer's edit to one report, rebuilt with --only.
    let report = meeting.join("report-0.yaml");
    let text = std::fs::read_to_string(&report)?;
    std::fs::write(&report, text.replace("Section 1", "Section One"))?;
    let (only, only_peak) = clerk_build(&meeting, templates, dir, Some("2"))?;
    let peak = full_peak.max(only_peak);
    Ok(Round {
        pages,
        bytes,
        prepare,
        pdfs,
        html,
        full,
        only,
        peak,
    })
}

/// The argument that makes the benchmark run [`build_as_clerk`] in a process of its own.
const CLERK_BUILD: &str = "--clerk-build";

/// Runs `reportpack build` (with `--only` when `only` is given) on `meeting` as a clerk does, in a
/// process of its own, and returns its wall and CPU ms and that process's peak memory in MiB.
fn clerk_build(
    meeting: &Path,
    templates: &Path,
    folder: &Path,
    only: Option<&str>,
) -> anyhow::Result<(Timed, f64)> {
    // The files the last build wrote are flushed first, so that their writing does not slow it.
    // SAFETY: sync takes no arguments and cannot fail.
    unsafe { libc::sync() };
    let child = std::process::Command::new(std::env::current_exe()?)
        .arg(CLERK_BUILD)
        .args([meeting, templates, folder])
        .args(only)
        .output()?;
    anyhow::ensure!(
        child.status.success(),
        "the clerk's build failed: {}",
        String::from_utf8_lossy(&child.stderr)
    );
    let figures: Vec<f64> = String::from_utf8(child.stdout)?
        .split_whitespace()
        .map(str::parse)
        .collect::<Result<_, _>>()?;
    let [wall, cpu, peak] = figures[..] else {
        anyhow::bail!("the clerk's build printed {figures:?}");
    };
    Ok((Timed { wall, cpu }, peak))
}

/// The child's side of [`clerk_build`]: builds, then prints wall ms, CPU ms and peak MiB.
fn build_as_clerk(args: &[String]) -> anyhow::Result<()> {
    let [meeting, templates, folder] = [&args[0], &args[1], &args[2]].map(Path::new);
    let mut options = BuildOptions::everything(
        folder.join("out"),
        folder.join("private"),
        templates.to_path_buf(),
    );
    options.only = args.get(3).cloned();
    let (_, build) = timed(|| publish::build(meeting, &options))?;
    println!("{} {} {}", build.wall, build.cpu, peak_memory_mb());
    Ok(())
}
