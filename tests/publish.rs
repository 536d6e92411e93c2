//! Publishing: the output folders are reportpack's alone and change all at once; the public one
//! is readable by a web server and holds nothing exempt; the private one is owner-only and apart.

mod support;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use support::*;

const SECRET: &str = "confidential purchase of the Example Street site";

/// Every file under `dir` (relative, sorted), hidden ones included.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    fn walk(root: &Path, dir: &Path, found: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(root, &path, found);
            } else {
                found.push(path.strip_prefix(root).unwrap().to_path_buf());
            }
        }
    }
    let mut found = Vec::new();
    if dir.is_dir() {
        walk(dir, dir, &mut found);
    }
    found.sort();
    found
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// Runs a build under a known umask, as a server's deploy script would.
fn build_with_umask(meeting: &Path, out: &Path, umask: &str) {
    let private = private_of(out);
    let output = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "umask {umask}; exec \"$0\" build \"$1\" --out \"$2\" --private-out \"$3\""
        ))
        .arg(env!("CARGO_BIN_EXE_reportpack"))
        .arg(meeting)
        .arg(out)
        .arg(&private)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
}

#[test]
fn public_papers_are_world_readable_and_private_ones_owner_only() {
    let (temp, meeting) = scratch_meeting("minimal");
    let out = temp.path().join("site/cabinet");
    build_with_umask(&meeting, &out, "077");
    build_with_umask(&meeting, &out, "022");
    let public = files_under(&out);
    assert!(public.len() >= 6, "{public:?}");
    for file in &public {
        assert_eq!(mode(&out.join(file)), 0o644, "{}", file.display());
    }
    assert_eq!(mode(&out), 0o755);
    assert_eq!(mode(&out.join("items")), 0o755);
    let private = private_of(&out);
    let private_files = files_under(&private);
    assert!(private_files.iter().any(|f| f.ends_with("pack.pdf")));
    for file in &private_files {
        assert_eq!(mode(&private.join(file)), 0o600, "{}", file.display());
    }
    assert_eq!(mode(&private), 0o700);
    assert_eq!(mode(&private.join("items")), 0o700);
}

#[test]
fn a_tight_umask_is_respected_for_public_papers() {
    let (temp, meeting) = scratch_meeting("minimal");
    let out = temp.path().join("out");
    build_with_umask(&meeting, &out, "027");
    assert_eq!(mode(&out.join("index.html")), 0o640);
    assert_eq!(mode(&out.join("items")), 0o750);
}

#[test]
fn the_public_folder_holds_nothing_exempt_and_the_private_one_is_apart() {
    let (temp, meeting) = scratch_meeting("minimal");
    let out = temp.path().join("out");
    build_into(&meeting, &out, &[]);
    for file in files_under(&out) {
        let bytes = std::fs::read(out.join(&file)).unwrap();
        let text = if file.extension().is_some_and(|e| e == "pdf") {
            pdftotext(&out.join(&file), &[])
        } else {
            String::from_utf8_lossy(&bytes).into_owned()
        };
        assert!(!text.contains(SECRET), "{} leaks", file.display());
        assert!(
            !text.contains("NOT FOR PUBLICATION"),
            "{} is a private paper",
            file.display()
        );
    }
    let private = private_of(&out);
    assert!(!private.starts_with(&out));
    let page = std::fs::read_to_string(
        private.join("items/03-acquisition-of-land-at-example-street.html"),
    )
    .unwrap();
    assert!(page.contains(SECRET));
}

#[test]
fn the_private_folder_may_not_sit_inside_the_public_one() {
    let (temp, meeting) = scratch_meeting("minimal");
    let out = temp.path().join("out");
    let inside = out.join("private");
    let output = reportpack(&[
        "build",
        meeting.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--private-out",
        inside.to_str().unwrap(),
    ]);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("must be apart"),
        "{}",
        stderr(&output)
    );
    assert!(!out.exists(), "nothing written");
}

#[test]
fn a_users_own_files_in_the_output_folder_are_never_removed() {
    let (temp, meeting) = scratch_meeting("minimal");
    let out = temp.path().join("out");
    std::fs::create_dir_all(out.join("notes")).unwrap();
    std::fs::write(out.join("notes/mine.pdf"), b"my own PDF").unwrap();
    std::fs::write(out.join("extra.html"), b"my own page").unwrap();
    build_into(&meeting, &out, &[]);
    // Item 2 leaves the agenda: its pages are ours and go; the user's files stay.
    edit(
        &meeting.join("meeting.yaml"),
        "  - number: 2\n    report: reports/plan-report.yaml\n",
        "",
    );
    build_into(&meeting, &out, &[]);
    assert_eq!(
        std::fs::read(out.join("notes/mine.pdf")).unwrap(),
        b"my own PDF"
    );
    assert_eq!(
        std::fs::read(out.join("extra.html")).unwrap(),
        b"my own page"
    );
    assert!(!out.join("items/02-test-action-plan.html").exists());
    assert!(!out.join("items/02-test-action-plan.pdf").exists());
}

#[test]
fn a_users_file_where_a_paper_would_go_stops_the_build() {
    let (temp, meeting) = scratch_meeting("minimal");
    let out = temp.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("index.html"), b"my own index").unwrap();
    let output = run_build(&meeting, &out, &[]);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("was not written by reportpack"),
        "{}",
        stderr(&output)
    );
    assert_eq!(
        std::fs::read(out.join("index.html")).unwrap(),
        b"my own index"
    );
    // The PDFs went to the staging folder before the page was refused: none is published,
    // and the half-filled stage is gone.
    assert_eq!(files_under(&out), [PathBuf::from("index.html")]);
    let beside: Vec<String> = std::fs::read_dir(temp.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(".reportpack"))
        .collect();
    assert!(beside.is_empty(), "left beside the output: {beside:?}");
}

#[test]
fn an_output_folder_that_is_or_holds_an_input_folder_is_refused() {
    let (temp, meeting) = scratch_meeting("minimal");
    let before = files_under(temp.path());
    for out in [
        meeting.clone(),
        temp.path().to_path_buf(),
        meeting.join("out"),
    ] {
        let private = temp.path().join("elsewhere-private");
        let output = reportpack(&[
            "build",
            meeting.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--private-out",
            private.to_str().unwrap(),
        ]);
        assert!(!output.status.success(), "{} accepted", out.display());
        let message = stderr(&output);
        assert!(
            message.contains("which the meeting reads from")
                || message.contains("inside the meeting folder"),
            "{message}"
        );
        assert_eq!(files_under(temp.path()), before, "something was written");
    }
}

#[test]
fn only_never_leaves_exempt_text_in_the_public_pack() {
    let (temp, meeting) = scratch_meeting("minimal");
    let out = temp.path().join("out");
    build_into(&meeting, &out, &[]);
    let public_sentence = "The first paragraph of the introduction.";
    assert!(pdftotext(&out.join("pack.pdf"), &[]).contains(public_sentence));
    // Item 2 turns out to be exempt; the clerk rebuilds just that item.
    edit(
        &meeting.join("meeting.yaml"),
        "    report: reports/plan-report.yaml\n",
        "    report: reports/plan-report.yaml\n    exempt: 3\n",
    );
    edit(
        &meeting.join("reports/plan-report.yaml"),
        "decision: ",
        "exempt: 3\ndecision: ",
    );
    build_into(&meeting, &out, &["--only", "2"]);
    for file in ["pack.pdf", "items/02-test-action-plan.pdf"] {
        let text = pdftotext(&out.join(file), &[]);
        assert!(!text.contains(public_sentence), "{file} still shows it");
    }
    let html = std::fs::read_to_string(out.join("items/02-test-action-plan.html")).unwrap();
    assert!(!html.contains(public_sentence));
    let private = pdftotext(&private_of(&out).join("pack.pdf"), &[]);
    assert!(private.contains(public_sentence));
}

#[test]
fn a_renamed_item_leaves_no_old_files_after_only() {
    let (temp, meeting) = scratch_meeting("minimal");
    let out = temp.path().join("out");
    build_into(&meeting, &out, &[]);
    assert!(out.join("items/02-test-action-plan.pdf").exists());
    edit(
        &meeting.join("reports/plan-report.yaml"),
        "title: Test Action Plan",
        "title: Revised Action Plan",
    );
    build_into(&meeting, &out, &["--only", "2"]);
    assert!(!out.join("items/02-test-action-plan.pdf").exists());
    assert!(!out.join("items/02-test-action-plan.html").exists());
    assert!(out.join("items/02-revised-action-plan.pdf").exists());
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(index.contains("Revised Action Plan"));
}

/// A meeting of `count` report items, each a copy of the minimal fixture's plan report.
fn big_meeting(count: usize) -> (tempfile::TempDir, PathBuf) {
    let (temp, meeting) = scratch_meeting("minimal");
    let mut text = std::fs::read_to_string(meeting.join("meeting.yaml")).unwrap();
    let start = text.find("items:").unwrap();
    text.truncate(start);
    text.push_str("items:\n");
    for number in 1..=count {
        text.push_str(&format!(
            "  - number: {number}\n    report: reports/plan-report.yaml\n"
        ));
    }
    std::fs::write(meeting.join("meeting.yaml"), text).unwrap();
    (temp, meeting)
}

/// The set of (file, bytes) in a folder.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    files_under(dir)
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(dir.join(&f)).unwrap();
            (f, bytes)
        })
        .collect()
}

#[test]
fn a_build_killed_at_any_moment_leaves_the_old_set_or_the_new_one() {
    let (temp, meeting) = big_meeting(50);
    let out = temp.path().join("out");
    build_into(&meeting, &out, &["--format", "html"]);
    let old = snapshot(&out);
    edit(
        &meeting.join("reports/plan-report.yaml"),
        "title: Test Action Plan",
        "title: Second Action Plan",
    );
    // Named like `out`: the published record names its folder.
    let reference = temp.path().join("reference/out");
    build_into(&meeting, &reference, &["--format", "html"]);
    let new = snapshot(&reference);
    assert!(old != new);
    let private = private_of(&out);
    let mut saw = (0, 0);
    for attempt in 0..40u64 {
        // Kill points spread over the whole build, from start-up to the final swap.
        let delay = std::time::Duration::from_micros(attempt * attempt * 250);
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_reportpack"))
            .args(["build", meeting.to_str().unwrap(), "--format", "html"])
            .args(["--out", out.to_str().unwrap()])
            .args(["--private-out", private.to_str().unwrap()])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        let _ = child.kill();
        let _ = child.wait();
        let now = snapshot(&out);
        if !(now == old || now == new) {
            let differ = |a: &[(PathBuf, Vec<u8>)]| -> Vec<String> {
                now.iter()
                    .filter(|f| !a.contains(f))
                    .map(|(p, _)| p.display().to_string())
                    .collect()
            };
            panic!(
                "attempt {attempt}: a mixed or partial set ({} files); unlike the old set: {:?}; unlike the new: {:?}",
                now.len(),
                differ(&old),
                differ(&new)
            );
        }
        if now == old {
            saw.0 += 1;
        } else {
            saw.1 += 1;
        }
        // Back to the old set for the next attempt, through a real build.
        edit(
            &meeting.join("reports/plan-report.yaml"),
            "title: Second Action Plan",
            "title: Test Action Plan",
        );
        build_into(&meeting, &out, &["--format", "html"]);
        assert!(snapshot(&out) == old, "the rebuild restored the old set");
        let leftovers: Vec<_> = std::fs::read_dir(temp.path())
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().starts_with(".reportpack-"))
            .collect();
        assert!(leftovers.is_empty(), "a killed build's leftovers stay");
        edit(
            &meeting.join("reports/plan-report.yaml"),
            "title: Test Action Plan",
            "title: Second Action Plan",
        );
    }
    assert!(saw.0 > 0 && saw.1 > 0, "kills hit both sides: {saw:?}");
}

/// Every `href` of an HTML page, entities decoded.
fn hrefs(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(|href| href.replace("&#x2F;", "/").replace("&amp;", "&"))
        .collect()
}

/// Local links of every page in `root`, as (page, target file) with the target resolved.
fn local_links(root: &Path) -> Vec<(PathBuf, PathBuf)> {
    let mut links = Vec::new();
    for page in files_under(root)
        .into_iter()
        .filter(|f| f.extension().is_some_and(|e| e == "html"))
    {
        let html = std::fs::read_to_string(root.join(&page)).unwrap();
        for href in hrefs(&html) {
            let external = ["https:", "http:", "mailto:", "tel:", "#"]
                .iter()
                .any(|scheme| href.starts_with(scheme));
            if external {
                continue;
            }
            let file = href.split('#').next().unwrap();
            let target = root.join(page.parent().unwrap()).join(file);
            links.push((page.clone(), target));
        }
    }
    links
}

/// Builds `meeting` into a fresh `out` and returns it.
fn built(meeting: &Path, temp: &Path) -> PathBuf {
    let out = temp.join("out");
    build_into(meeting, &out, &[]);
    out
}

#[test]
fn every_local_link_resolves_and_every_pdf_is_linked() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let (temp, minimal) = scratch_meeting("minimal");
    let copy = temp.path().join("data");
    copy_dir(&data, &copy);
    for meeting in [
        minimal,
        copy.join("lancaster-cabinet-2015-12-01"),
        copy.join("west-lancashire-executive-overview-scrutiny-2022-09-06"),
    ] {
        let scratch = tempfile::tempdir().unwrap();
        let out = built(&meeting, scratch.path());
        for root in [out.clone(), private_of(&out)] {
            let links = local_links(&root);
            for (page, target) in &links {
                assert!(
                    target.is_file(),
                    "{}: broken link to {}",
                    root.join(page).display(),
                    target.display()
                );
            }
            let linked: Vec<PathBuf> = links
                .iter()
                .filter_map(|(_, t)| t.canonicalize().ok())
                .collect();
            for pdf in files_under(&root)
                .into_iter()
                .filter(|f| f.extension().is_some_and(|e| e == "pdf"))
            {
                let pdf = root.join(pdf).canonicalize().unwrap();
                assert!(
                    linked.contains(&pdf),
                    "{} is linked from no page",
                    pdf.display()
                );
            }
        }
    }
}

#[test]
fn links_give_type_size_and_page_count_and_appendices_are_published_beside_their_item() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let temp = tempfile::tempdir().unwrap();
    copy_dir(&data, &temp.path().join("data"));
    let meeting = temp.path().join("data/lancaster-cabinet-2015-12-01");
    let out = built(&meeting, temp.path());
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    let pack_pages = pdf_pages(&out.join("pack.pdf")).len();
    let text = visible_text(&index);
    assert!(
        text.contains("Agenda reports pack (PDF, ")
            && text.contains(&format!(", {pack_pages} pages)")),
        "{text}"
    );
    let appendix = out.join("items/06-peer-challenge-action-plan-appendix-a.pdf");
    let source = data.join("stand-ins/lancaster-lga-peer-challenge-2015.pdf");
    assert_eq!(
        std::fs::read(&appendix).unwrap(),
        std::fs::read(source).unwrap()
    );
    let page =
        std::fs::read_to_string(out.join("items/06-peer-challenge-action-plan.html")).unwrap();
    let page_text = visible_text(&page);
    let appendix_pages = pdf_pages(&appendix).len();
    assert!(
        page_text.contains("Appendix A: LGA Corporate Peer Challenge report, 23 June 2015 (PDF, ")
            && page_text.contains(&format!("{appendix_pages} pages)")),
        "{page_text}"
    );
    assert!(
        hrefs(&page).contains(&"../items/06-peer-challenge-action-plan-appendix-a.pdf".to_string())
    );
}

#[test]
fn an_exempt_appendix_of_a_public_report_is_a_notice_in_public_and_whole_in_private() {
    let (temp, meeting) = scratch_meeting("minimal");
    edit(
        &meeting.join("reports/plan-report.yaml"),
        "    action_plan: plan.yaml\n",
        "    action_plan: plan.yaml\n    exempt: 3\n",
    );
    let out = temp.path().join("out");
    build_into(&meeting, &out, &[]);
    let plan_text = "Options being developed.";
    let notice = "This appendix is not for publication because it contains exempt information under paragraph 3 of Part 1 of Schedule 12A";
    let report_text = "The first paragraph of the introduction.";
    let page =
        visible_text(&std::fs::read_to_string(out.join("items/02-test-action-plan.html")).unwrap());
    assert!(page.contains(report_text), "the report stays public");
    assert!(page.contains(notice), "{page}");
    assert!(!page.contains(plan_text));
    for pdf in ["items/02-test-action-plan.pdf", "pack.pdf"] {
        let text = pdf_pages(&out.join(pdf)).join("\n");
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat.contains(report_text), "{pdf}");
        assert!(flat.contains(notice), "{pdf}: {flat}");
        assert!(!flat.contains(plan_text), "{pdf} leaks the exempt appendix");
    }
    let private = private_of(&out);
    for pdf in ["items/02-test-action-plan.pdf", "pack.pdf"] {
        let text = pdf_pages(&private.join(pdf)).join("\n");
        assert!(text.contains(plan_text), "private {pdf} lacks the appendix");
    }
    let private_page =
        std::fs::read_to_string(private.join("items/02-test-action-plan.html")).unwrap();
    assert!(private_page.contains(plan_text));
}

#[test]
fn check_wants_the_private_meeting_notice_for_an_exempt_appendix() {
    let (_temp, meeting) = scratch_meeting("minimal");
    // Only the appendix is exempt now: the exempt item goes, and so does the notice date.
    edit(
        &meeting.join("meeting.yaml"),
        "  - number: 3\n    report: reports/exempt-report.yaml\n    exempt: 3\n",
        "",
    );
    edit(
        &meeting.join("meeting.yaml"),
        "private_notice: 2015-10-20\n",
        "",
    );
    let output = reportpack(&["check", meeting.to_str().unwrap()]);
    assert!(
        output.status.success(),
        "public papers only: no notice needed"
    );
    edit(
        &meeting.join("reports/plan-report.yaml"),
        "    action_plan: plan.yaml\n",
        "    action_plan: plan.yaml\n    exempt: 3\n",
    );
    let (ok, printed) = check(&meeting);
    assert!(!ok);
    assert!(
        printed.contains("meeting.yaml:")
            && printed
                .contains("private_notice: the meeting has exempt items (or exempt appendices)"),
        "{printed}"
    );
}

/// A build running beside another on the same folder (`watch` in one terminal, `build` in
/// another) keeps its staging folder: only a stage no running build holds is a leftover.
#[test]
fn a_running_builds_staging_folder_is_not_cleared_as_a_leftover() {
    let (temp, meeting) = scratch_meeting("minimal");
    let out = temp.path().join("out");
    let running = temp.path().join(".reportpack-stage-out-4194301");
    std::fs::create_dir(&running).unwrap();
    std::fs::write(running.join("index.html"), b"half made").unwrap();
    // What a running build holds while it fills its stage.
    let held = std::fs::File::open(&running).unwrap();
    held.try_lock().unwrap();
    build_into(&meeting, &out, &[]);
    assert!(
        running.join("index.html").is_file(),
        "a running build's stage was cleared"
    );
    drop(held);
    build_into(&meeting, &out, &[]);
    assert!(!running.exists(), "a killed build's stage was left");
}
