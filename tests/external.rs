//! Appendices that are existing PDFs made by someone else (data/stand-ins/), merged end to end
//! through the real binary: their pages are in the item's PDF and the pack, unchanged under the
//! pack's "Page N of M" stamp, with a bookmark after the report's own; a missing, corrupt or
//! encrypted appendix fails the build, names the file and leaves earlier outputs alone.

mod support;
use lopdf::{Dictionary, Document, Object};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use support::*;

const LANCASTER: &str = "lancaster-cabinet-2015-12-01";
const WEST_LANCS: &str = "west-lancashire-executive-overview-scrutiny-2022-09-06";
const LANCASTER_STAND_IN: &str = "lancaster-lga-peer-challenge-2015.pdf";
const WL_REPORT_STAND_IN: &str = "west-lancashire-peer-challenge-2022.pdf";
const WL_PLAN_STAND_IN: &str = "west-lancashire-draft-action-plan-2022.pdf";
/// Untagged appendices by other producers (tests/fixtures/external/make.sh says how each was made).
const LIBREOFFICE_UNTAGGED: &str = "external/libreoffice-untagged.pdf";
const CAIRO_UNTAGGED: &str = "external/cairo-untagged.pdf";

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data")
}

fn stand_in(name: &str) -> PathBuf {
    data_dir().join("stand-ins").join(name)
}

/// A scratch copy of `data/` (meetings, action plans and stand-ins keep their relative paths).
fn scratch_data() -> (tempfile::TempDir, PathBuf) {
    let temp = tempfile::tempdir().expect("temporary folder");
    let data = temp.path().join("data");
    copy_dir(&data_dir(), &data);
    (temp, data)
}

fn build(meeting: &Path, out: &Path) -> std::process::Output {
    run_build(meeting, out, &[])
}

fn build_ok(meeting: &Path, out: &Path) {
    let output = build(meeting, out);
    assert!(
        output.status.success(),
        "build of {} failed: {}",
        meeting.display(),
        stderr(&output)
    );
}

/// One page's (1-based; without `page`, the whole file's) text in `mode` (`-raw`, `-layout`).
fn page_text(pdf: &Path, page: Option<usize>, mode: &str) -> String {
    match page.map(|p| p.to_string()) {
        Some(page) => pdftotext(pdf, &[mode, "-f", &page, "-l", &page]),
        None => pdftotext(pdf, &[mode]),
    }
}

fn page_count(pdf: &Path) -> usize {
    Document::load(pdf)
        .unwrap_or_else(|e| panic!("{} does not load: {e}", pdf.display()))
        .get_pages()
        .len()
}

fn words(text: &str) -> Vec<String> {
    text.split_whitespace().map(str::to_string).collect()
}

/// The item PDF among `dir`'s (non-recursive) whose name contains `stem` (not an appendix's
/// copy published beside it).
fn pdf_named(dir: &Path, stem: &str) -> PathBuf {
    let found: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension().is_some_and(|x| x == "pdf")
                && p.file_name().unwrap().to_string_lossy().contains(stem)
                && !p
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .contains("-appendix-")
        })
        .collect();
    assert_eq!(
        found.len(),
        1,
        "expected one PDF naming {stem} in {}",
        dir.display()
    );
    found.into_iter().next().unwrap()
}

/// A PDF text string as Rust text (UTF-16BE with a byte-order mark, or PDFDocEncoding, which
/// is ASCII for the titles used here).
fn text_of(object: &Object) -> String {
    let bytes = object.as_str().expect("a string");
    if let Some(utf16) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = utf16
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        bytes.iter().map(|&b| b as char).collect()
    }
}

/// The outline's titles in document order (depth first: an entry, then its children, then its
/// next sibling), with the 1-based page each one points at.
fn outline(pdf: &Path) -> Vec<(String, usize)> {
    let doc = Document::load(pdf).expect("load");
    let page_numbers: BTreeMap<lopdf::ObjectId, usize> = doc
        .get_pages()
        .into_iter()
        .map(|(number, id)| (id, number as usize))
        .collect();
    let catalog = doc.catalog().expect("catalog");
    let Ok(root) = catalog.get(b"Outlines") else {
        return Vec::new();
    };
    let root = doc
        .get_dictionary(root.as_reference().expect("/Outlines is a reference"))
        .expect("outline root");
    let mut out = Vec::new();
    walk(&doc, root, &page_numbers, &mut out, 0);
    out
}

fn walk(
    doc: &Document,
    parent: &Dictionary,
    pages: &BTreeMap<lopdf::ObjectId, usize>,
    out: &mut Vec<(String, usize)>,
    depth: usize,
) {
    assert!(depth < 16, "the outline nests too deep");
    let mut next = parent.get(b"First").and_then(Object::as_reference).ok();
    let mut guard = 0;
    while let Some(id) = next {
        guard += 1;
        assert!(guard < 10_000, "the outline's /Next chain does not end");
        let entry = doc.get_dictionary(id).expect("outline entry");
        let title = text_of(entry.get(b"Title").expect("/Title"));
        let destination = entry
            .get(b"Dest")
            .and_then(Object::as_array)
            .expect("an explicit /Dest");
        let page = destination[0].as_reference().expect("a page reference");
        out.push((title, pages[&page]));
        walk(doc, entry, pages, out, depth + 1);
        next = entry.get(b"Next").and_then(Object::as_reference).ok();
    }
}

/// The 1-based pages of `pdf` whose text contains `needle` (whitespace collapsed).
fn pages_containing(pages: &[String], needle: &str) -> Vec<usize> {
    let needle = words(needle).join(" ");
    pages
        .iter()
        .enumerate()
        .filter(|(_, text)| words(text).join(" ").contains(&needle))
        .map(|(i, _)| i + 1)
        .collect()
}

/// Checks that pages `first..first + source_pages` of `merged` are the source's pages: the
/// same words in the same order as `pdftotext -raw` of the source page once the pack's stamp
/// "Page N of M" is taken out, and the stamp there with the right N. The first page carries the
/// appendix's `heading` in a band at its top (no page of its own goes before it).
fn assert_pages_merged_unchanged(merged: &Path, first: usize, source: &Path, heading: &str) {
    let total = page_count(merged);
    let source_pages = page_count(source);
    assert!(first + source_pages - 1 <= total);
    for index in 0..source_pages {
        let number = first + index;
        let expected = words(&page_text(source, Some(index + 1), "-raw"));
        let text = page_text(merged, Some(number), "-raw");
        let stamp = format!("Page {number} of {total}");
        assert!(
            text.contains(&stamp),
            "page {number} of {} lacks its stamp {stamp:?}:\n{text}",
            merged.display()
        );
        let mut text = text.replacen(&stamp, " ", 1);
        if index == 0 {
            // Drawn over the page, it comes where the source's text ends in raw order; a
            // screen reader meets it first (the structure tree puts the heading first).
            assert!(
                text.contains(heading),
                "page {number} of {} lacks its heading {heading:?}:\n{text}",
                merged.display()
            );
            text = text.replacen(heading, " ", 1);
        }
        let without_stamp = words(&text);
        assert_eq!(
            without_stamp,
            expected,
            "page {number} of {} is not page {} of {} unchanged",
            merged.display(),
            index + 1,
            source.display()
        );
    }
}

/// Builds a scratch copy of `meeting` twice, with its PDF appendices and with them listed only
/// (the `pdf:` lines removed), and returns (temp, out with, out without).
fn built_with_and_without(meeting: &str) -> (tempfile::TempDir, PathBuf, PathBuf) {
    let (temp, data) = scratch_data();
    let folder = data.join(meeting);
    let with = temp.path().join("with");
    build_ok(&folder, &with);
    for report in std::fs::read_dir(folder.join("reports")).unwrap() {
        let report = report.unwrap().path();
        let text = std::fs::read_to_string(&report).unwrap();
        let listed: Vec<&str> = text
            .lines()
            .filter(|l| !l.trim_start().starts_with("pdf: ../../stand-ins/"))
            .collect();
        std::fs::write(&report, listed.join("\n") + "\n").unwrap();
    }
    let without = temp.path().join("without");
    build_ok(&folder, &without);
    (temp, with, without)
}

#[test]
fn lancaster_item_and_pack_carry_the_stand_in_pages() {
    let (_temp, with, without) = built_with_and_without(LANCASTER);
    let external = page_count(&stand_in(LANCASTER_STAND_IN));
    assert_eq!(external, 2);
    for (with_pdf, without_pdf) in [
        (
            pdf_named(&with.join("items"), "peer-challenge-action-plan"),
            pdf_named(&without.join("items"), "peer-challenge-action-plan"),
        ),
        (with.join("pack.pdf"), without.join("pack.pdf")),
    ] {
        // Own pages plus the external pages: no cover page goes before them.
        let own = page_count(&without_pdf);
        assert_eq!(
            page_count(&with_pdf),
            own + external,
            "{}",
            with_pdf.display()
        );
        let pages = pdf_pages(&with_pdf);
        let stand_in_pages = pages_containing(&pages, "STAND-IN: LGA Corporate Peer Challenge");
        assert_eq!(stand_in_pages.len(), 1, "{}", with_pdf.display());
        let first = stand_in_pages[0];
        // The action plan (Appendix B) comes after the stand-in.
        assert!(
            !pages_containing(
                &pages[first - 1 + external..],
                "Draft Peer Challenge Action Plan"
            )
            .is_empty(),
            "the action plan (Appendix B) does not follow the stand-in in {}",
            with_pdf.display()
        );
        assert!(pages[first].contains("4. Where the real report can be found"));
        // Every page is tagged, the merged appendix's too: the papers claim PDF/UA.
        assert!(
            xmp(&with_pdf).contains("<pdfuaid:part>1</pdfuaid:part>"),
            "{} does not claim PDF/UA",
            with_pdf.display()
        );
        assert_pages_merged_unchanged(
            &with_pdf,
            first,
            &stand_in(LANCASTER_STAND_IN),
            "Appendix A: LGA Corporate Peer Challenge report, 23 June 2015",
        );
    }
}

#[test]
fn west_lancashire_merges_both_stand_ins_in_the_report_order() {
    let (_temp, with, without) = built_with_and_without(WEST_LANCS);
    let report_pages = page_count(&stand_in(WL_REPORT_STAND_IN));
    let plan_pages = page_count(&stand_in(WL_PLAN_STAND_IN));
    for (with_pdf, without_pdf) in [
        (
            pdf_named(&with.join("items"), "corporate-peer-challenge"),
            pdf_named(&without.join("items"), "corporate-peer-challenge"),
        ),
        (with.join("pack.pdf"), without.join("pack.pdf")),
    ] {
        // Each file's pages, and no cover pages.
        assert_eq!(
            page_count(&with_pdf),
            page_count(&without_pdf) + report_pages + plan_pages,
            "{}",
            with_pdf.display()
        );
        let pages = pdf_pages(&with_pdf);
        let a = pages_containing(
            &pages,
            "STAND-IN: LGA Corporate Peer Challenge, West Lancashire",
        );
        let b = pages_containing(&pages, "STAND-IN: Draft Action Plan");
        assert_eq!((a.len(), b.len()), (1, 1), "{}", with_pdf.display());
        assert_eq!(b[0], a[0] + report_pages, "B follows A directly");
        assert!(
            xmp(&with_pdf).contains("<pdfuaid:part>1</pdfuaid:part>"),
            "{} does not claim PDF/UA",
            with_pdf.display()
        );
        assert_pages_merged_unchanged(
            &with_pdf,
            a[0],
            &stand_in(WL_REPORT_STAND_IN),
            "Appendix A: Peer Review report",
        );
        assert_pages_merged_unchanged(
            &with_pdf,
            b[0],
            &stand_in(WL_PLAN_STAND_IN),
            "Appendix B: Draft Action plan",
        );
        // The action plan's landscape page keeps its shape: wider than tall.
        let doc = Document::load(&with_pdf).unwrap();
        let landscape = doc.get_pages()[&((b[0] + 1) as u32)];
        let media = doc
            .get_dictionary(landscape)
            .unwrap()
            .get(b"MediaBox")
            .unwrap()
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n.as_float().unwrap())
            .collect::<Vec<f32>>();
        assert!(
            media[2] - media[0] > media[3] - media[1],
            "page {} of {} should be landscape: {media:?}",
            b[0] + 1,
            with_pdf.display()
        );
    }
}

#[test]
fn appendix_bookmarks_follow_the_reports_own() {
    let (temp, data) = scratch_data();
    let out = temp.path().join("out");
    build_ok(&data.join(LANCASTER), &out);
    for pdf in [
        pdf_named(&out.join("items"), "peer-challenge-action-plan"),
        out.join("pack.pdf"),
    ] {
        let entries = outline(&pdf);
        let titles: Vec<&str> = entries.iter().map(|(t, _)| t.as_str()).collect();
        let position = |needle: &str| {
            titles
                .iter()
                .position(|t| t.contains(needle))
                .unwrap_or_else(|| {
                    panic!("no bookmark {needle:?} in {}: {titles:?}", pdf.display())
                })
        };
        let conclusion = position("Conclusion");
        let a = position("Appendix A: LGA Corporate Peer Challenge report, 23 June 2015");
        let b = position("Appendix B: Draft Peer Challenge Action Plan");
        assert!(
            conclusion < a && a < b,
            "bookmarks out of order in {}: {titles:?}",
            pdf.display()
        );
        // The appendix's bookmark points at the stand-in's first page, and every bookmark of
        // the report's own comes on or before it.
        let pages = pdf_pages(&pdf);
        let first = pages_containing(&pages, "STAND-IN: LGA Corporate Peer Challenge")[0];
        assert_eq!(entries[a].1, first, "{}", pdf.display());
        let report_start = position("Peer Challenge Action Plan");
        for (title, page) in &entries[report_start..a] {
            assert!(
                *page <= entries[a].1,
                "{title:?} on page {page}, after the appendix"
            );
        }
    }
}

/// Every file under `dir`, with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    files_with_bytes(dir, dir)
}

/// The minimal fixture meeting with the Lancaster stand-in as its plan report's Appendix B, built
/// once: (temp, meeting folder, the appendix file, out, the outputs' bytes).
type Built = (
    tempfile::TempDir,
    PathBuf,
    PathBuf,
    PathBuf,
    BTreeMap<PathBuf, Vec<u8>>,
);

fn built_minimal_with_appendix() -> Built {
    let (temp, meeting) = scratch_meeting("minimal");
    let appendix = meeting.join("reports/peer-challenge.pdf");
    std::fs::copy(stand_in(LANCASTER_STAND_IN), &appendix).unwrap();
    edit(
        &meeting.join("reports/plan-report.yaml"),
        "    action_plan: plan.yaml\n",
        "    action_plan: plan.yaml\n  - label: B\n    title: Peer Challenge report\n    pdf: peer-challenge.pdf\n",
    );
    let out = temp.path().join("out");
    build_ok(&meeting, &out);
    let pages = pdf_pages(&out.join("pack.pdf"));
    assert_eq!(
        pages_containing(&pages, "STAND-IN: LGA Corporate Peer Challenge").len(),
        1
    );
    let before = snapshot(&out);
    (temp, meeting, appendix, out, before)
}

/// Breaks the appendix with `break_it`, then checks the build fails naming the file and leaves
/// every output as it was.
fn assert_broken_appendix_fails(what: &str, break_it: impl FnOnce(&Path)) {
    let (_temp, meeting, appendix, out, before) = built_minimal_with_appendix();
    break_it(&appendix);
    let output = build(&meeting, &out);
    let message = stderr(&output);
    assert!(
        !output.status.success(),
        "a {what} appendix PDF must fail the build; stderr: {message}"
    );
    assert!(
        message.contains("peer-challenge.pdf"),
        "the message for a {what} appendix PDF should name the file: {message}"
    );
    let after = snapshot(&out);
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>(),
        "a failed build ({what}) changed the set of outputs"
    );
    for (path, bytes) in &before {
        assert!(
            after[path] == *bytes,
            "a failed build ({what}) changed {}",
            path.display()
        );
    }
}

#[test]
fn a_missing_appendix_pdf_fails_and_keeps_the_outputs() {
    assert_broken_appendix_fails("missing", |file| std::fs::remove_file(file).unwrap());
}

#[test]
fn a_corrupt_appendix_pdf_fails_and_keeps_the_outputs() {
    assert_broken_appendix_fails("corrupt", |file| {
        let garbage: Vec<u8> = (0..4096u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        std::fs::write(file, garbage).unwrap();
    });
}

#[test]
fn a_truncated_appendix_pdf_fails_and_keeps_the_outputs() {
    // A real PDF cut short: the header is right, the rest is missing.
    assert_broken_appendix_fails("truncated", |file| {
        let bytes = std::fs::read(file).unwrap();
        std::fs::write(file, &bytes[..bytes.len() / 3]).unwrap();
    });
}

#[test]
fn an_encrypted_appendix_pdf_fails_and_keeps_the_outputs() {
    let encrypted = fixture("external/encrypted.pdf");
    assert_broken_appendix_fails("encrypted", |file| {
        std::fs::copy(&encrypted, file).unwrap();
    });
    // And it says why.
    let (_temp, meeting, appendix, out, _) = built_minimal_with_appendix();
    std::fs::copy(&encrypted, &appendix).unwrap();
    let message = stderr(&build(&meeting, &out));
    assert!(message.contains("encrypted"), "{message}");
}

#[test]
fn check_accepts_the_wired_seed_meetings() {
    for meeting in [LANCASTER, WEST_LANCS] {
        let output = reportpack(&["check", data_dir().join(meeting).to_str().unwrap()]);
        assert!(output.status.success(), "{meeting}: {}", stderr(&output));
        // The stand-ins are tagged: no appendix is warned about.
        let printed = String::from_utf8_lossy(&output.stdout);
        assert!(
            !printed.contains("is not a tagged PDF"),
            "{meeting}: {printed}"
        );
    }
}

/// The `/Scope` of a table header cell, if it has one.
fn scope(doc: &Document, cell: lopdf::ObjectId) -> Option<String> {
    let attributes = doc.get_dictionary(cell).ok()?.get(b"A").ok()?;
    let attributes = match attributes {
        Object::Reference(id) => doc.get_dictionary(*id).ok()?,
        other => other.as_dict().ok()?,
    };
    let name = attributes.get(b"Scope").ok()?.as_name().ok()?;
    Some(String::from_utf8_lossy(name).into_owned())
}

/// What a council's published appendix should be: a tagged PDF/UA file with a title the viewer
/// shows, its language, embedded fonts and, for a table, header cells with a `/Scope`.
fn assert_accessible_pdf(file: &Path) {
    let name = file.display();
    let doc = Document::load(file).unwrap();
    let catalog = doc.catalog().unwrap();
    let dictionary = |key: &[u8]| match catalog.get(key) {
        Ok(Object::Reference(id)) => doc.get_dictionary(*id).ok(),
        Ok(other) => other.as_dict().ok(),
        Err(_) => None,
    };
    let marked = dictionary(b"MarkInfo").and_then(|m| m.get(b"Marked").ok()?.as_bool().ok());
    assert_eq!(marked, Some(true), "{name}: /MarkInfo /Marked");
    assert_eq!(
        catalog.get(b"Lang").map(text_of).ok().as_deref(),
        Some("en-GB"),
        "{name}: /Lang"
    );
    let shows_title = dictionary(b"ViewerPreferences")
        .and_then(|v| v.get(b"DisplayDocTitle").ok()?.as_bool().ok());
    assert_eq!(shows_title, Some(true), "{name}: /DisplayDocTitle");
    // WeasyPrint writes the identifier as an attribute, reportpack as an element.
    let metadata = xmp(file);
    assert!(
        metadata.contains("pdfuaid:part=\"1\"")
            || metadata.contains("<pdfuaid:part>1</pdfuaid:part>"),
        "{name}: no PDF/UA identifier in its XMP"
    );
    let fonts = pdffonts(file);
    assert!(
        !fonts.is_empty() && fonts.iter().all(|(_, _, embedded)| *embedded),
        "{name}: {fonts:?}"
    );
    let elements = structure_elements(&doc);
    let roles: Vec<String> = elements.iter().map(|(id, _)| role(&doc, *id)).collect();
    assert!(
        roles.iter().any(|r| r == "H1"),
        "{name}: no H1 in {roles:?}"
    );
    for (cell, _) in elements.iter().filter(|(id, _)| role(&doc, *id) == "TH") {
        assert_eq!(
            scope(&doc, *cell).as_deref(),
            Some("Column"),
            "{name}: a header cell with no /Scope /Column"
        );
    }
}

#[test]
fn stand_ins_are_small_labelled_tagged_and_not_ours() {
    let mut total = 0;
    for name in [LANCASTER_STAND_IN, WL_REPORT_STAND_IN, WL_PLAN_STAND_IN] {
        let file = stand_in(name);
        let size = std::fs::metadata(&file).unwrap().len();
        assert!(size < 100_000, "{name} is {size} bytes");
        total += size;
        let doc = Document::load(&file).unwrap();
        assert!(!doc.is_encrypted());
        let info = doc
            .trailer
            .get(b"Info")
            .and_then(Object::as_reference)
            .and_then(|id| doc.get_dictionary(id))
            .expect("an /Info dictionary");
        let producer = text_of(info.get(b"Producer").expect("/Producer"));
        assert!(!producer.contains("reportpack"), "{name}: {producer}");
        assert!(
            page_text(&file, Some(1), "-raw").contains("STAND-IN"),
            "{name} does not say on its first page that it is a stand-in"
        );
        let title = text_of(info.get(b"Title").expect("/Title"));
        assert!(title.starts_with("STAND-IN: "), "{name}: {title}");
        assert_accessible_pdf(&file);
    }
    // The action plan's header row is tagged as such.
    let plan = Document::load(stand_in(WL_PLAN_STAND_IN)).unwrap();
    let header_cells = structure_elements(&plan)
        .iter()
        .filter(|(id, _)| role(&plan, *id) == "TH")
        .count();
    assert_eq!(header_cells, 5);
    assert!(total < 300_000, "the stand-ins come to {total} bytes");
}

/// One page rendered by `pdftoppm -r 40 -gray` as (width, height, pixels): its CropBox, as a
/// reader shows it.
fn render_gray(pdf: &Path, page: usize) -> (usize, usize, Vec<u8>) {
    let dir = tempfile::tempdir().unwrap();
    let prefix = dir.path().join("page");
    let page = page.to_string();
    let status = Command::new("pdftoppm")
        .args([
            "-r",
            "40",
            "-gray",
            "-cropbox",
            "-singlefile",
            "-f",
            &page,
            "-l",
            &page,
        ])
        .arg(pdf)
        .arg(&prefix)
        .status()
        .expect("pdftoppm (poppler-utils) must be installed");
    assert!(status.success());
    let bytes = std::fs::read(prefix.with_extension("pgm")).unwrap();
    // A binary PGM: "P5", width, height, maxval, one whitespace byte, then the pixels.
    let mut fields = Vec::new();
    let mut pos = 0;
    while fields.len() < 4 {
        while bytes[pos].is_ascii_whitespace() {
            pos += 1;
        }
        let start = pos;
        while !bytes[pos].is_ascii_whitespace() {
            pos += 1;
        }
        fields.push(String::from_utf8_lossy(&bytes[start..pos]).into_owned());
    }
    assert_eq!(fields[0], "P5");
    let (width, height): (usize, usize) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
    let pixels = bytes[pos + 1..].to_vec();
    assert_eq!(pixels.len(), width * height);
    (width, height, pixels)
}

/// Checks that pages `first..` of `merged` render like the source's pages (same size in
/// pixels, hardly a pixel different) except in the stamp's corner, where the stamp is.
fn assert_pages_look_like_source(merged: &Path, first: usize, source: &Path) {
    for index in 0..page_count(source) {
        let number = first + index;
        let (w, h, original) = render_gray(source, index + 1);
        let (mw, mh, rendered) = render_gray(merged, number);
        assert_eq!((w, h), (mw, mh), "page {number} has not the source's shape");
        // The stamp's corner (the bottom 30 pt and the right 130 pt of the page), and on the
        // first page the band across the top holding the appendix's heading.
        let px = |pt: f32| (pt * 40.0 / 72.0).ceil() as usize;
        let in_stamp = |x: usize, y: usize| {
            (x + px(130.0) >= w && y + px(30.0) >= h) || (index == 0 && y <= px(40.0))
        };
        let (mut differ, mut stamp_differ) = (0, 0);
        for y in 0..h {
            for x in 0..w {
                let i = y * w + x;
                if original[i].abs_diff(rendered[i]) > 32 {
                    if in_stamp(x, y) {
                        stamp_differ += 1;
                    } else {
                        differ += 1;
                    }
                }
            }
        }
        assert!(
            differ * 1000 <= w * h,
            "page {number} of {} differs from page {} of {} in {differ} of {} pixels outside the stamp",
            merged.display(),
            index + 1,
            source.display(),
            w * h
        );
        assert!(stamp_differ > 0, "no stamp drawn on page {number}");
    }
}

#[test]
fn merged_pages_look_like_the_source_except_the_stamp() {
    let (temp, data) = scratch_data();
    let out = temp.path().join("out");
    build_ok(&data.join(WEST_LANCS), &out);
    let pack = out.join("pack.pdf");
    let pages = pdf_pages(&pack);
    for (needle, source) in [
        (
            "STAND-IN: LGA Corporate Peer Challenge, West",
            WL_REPORT_STAND_IN,
        ),
        ("STAND-IN: Draft Action Plan", WL_PLAN_STAND_IN),
    ] {
        let first = pages_containing(&pages, needle)[0];
        assert_pages_look_like_source(&pack, first, &stand_in(source));
    }
}

#[test]
fn turned_and_cropped_pages_keep_the_shape_a_reader_sees() {
    // Page 1 shown turned a quarter (/Rotate 90: portrait MediaBox, seen landscape); page 2
    // (landscape) cropped to its top-left part.
    let mut doc = Document::load(stand_in(WL_PLAN_STAND_IN)).unwrap();
    let pages = doc.get_pages();
    doc.get_dictionary_mut(pages[&1])
        .unwrap()
        .set("Rotate", Object::Integer(90));
    let crop: Vec<Object> = [0.0, 200.0, 600.0, 595.0]
        .into_iter()
        .map(Object::Real)
        .collect();
    doc.get_dictionary_mut(pages[&2])
        .unwrap()
        .set("CropBox", Object::Array(crop));
    let (temp, meeting) = scratch_meeting("minimal");
    let appendix = meeting.join("reports/turned.pdf");
    doc.save(&appendix).unwrap();
    edit(
        &meeting.join("reports/plan-report.yaml"),
        "    action_plan: plan.yaml\n",
        "    action_plan: plan.yaml\n  - label: B\n    title: Turned\n    pdf: turned.pdf\n",
    );
    let out = temp.path().join("out");
    build_ok(&meeting, &out);
    let item = pdf_named(&out.join("items"), "test-action-plan");
    let texts = pdf_pages(&item);
    let first = pages_containing(&texts, "STAND-IN: Draft Action Plan")[0];
    let merged = Document::load(&item).unwrap();
    let size = |number: usize| {
        let page = merged.get_pages()[&(number as u32)];
        let media: Vec<f32> = merged
            .get_dictionary(page)
            .unwrap()
            .get(b"MediaBox")
            .unwrap()
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n.as_float().unwrap())
            .collect();
        ((media[2] - media[0]).round(), (media[3] - media[1]).round())
    };
    assert_eq!(
        size(first),
        (842.0, 595.0),
        "the turned page is shown landscape"
    );
    assert_eq!(
        size(first + 1),
        (600.0, 395.0),
        "the cropped page has the crop's size"
    );
    assert_pages_look_like_source(&item, first, &appendix);
}

#[test]
fn an_exempt_items_merged_pages_are_marked_and_its_papers_say_not_for_publication() {
    let (temp, data) = scratch_data();
    let meeting = data.join(LANCASTER);
    // Before the meeting: no decisions recorded yet.
    let _ = std::fs::remove_file(meeting.join("decisions.yaml"));
    edit(
        &meeting.join("meeting.yaml"),
        "    report: reports/peer-challenge-action-plan.yaml\n",
        "    report: reports/peer-challenge-action-plan.yaml\n    exempt: 3\n",
    );
    edit(
        &meeting.join("meeting.yaml"),
        "published: 2015-11-20\n",
        "published: 2015-11-20\nprivate_notice: 2015-10-20\n",
    );
    edit(
        &meeting.join("reports/peer-challenge-action-plan.yaml"),
        "\ndecision:",
        "\nexempt: 3\ndecision:",
    );
    let out = temp.path().join("out");
    build_ok(&meeting, &out);
    let private = private_of(&out);
    for pdf in [
        private.join("pack.pdf"),
        private.join("items/06-peer-challenge-action-plan.pdf"),
    ] {
        let pages = pdf_pages(&pdf);
        let merged = pages_containing(&pages, "STAND-IN: LGA Corporate Peer Challenge");
        assert_eq!(merged.len(), 1, "{}", pdf.display());
        for (index, page) in pages.iter().enumerate() {
            assert!(
                page.contains("NOT FOR PUBLICATION"),
                "page {} of {} is not marked",
                index + 1,
                pdf.display()
            );
        }
        let info = std::process::Command::new("pdfinfo")
            .arg(&pdf)
            .output()
            .unwrap();
        let info = String::from_utf8_lossy(&info.stdout).into_owned();
        let title = info.lines().find(|l| l.starts_with("Title:")).unwrap();
        assert!(
            title.contains("NOT FOR PUBLICATION"),
            "{}: {title}",
            pdf.display()
        );
    }
    // The appendix reaches the public in no form: not merged, not copied beside the item.
    let public = pdf_pages(&out.join("pack.pdf")).join("\n");
    assert!(!public.contains("STAND-IN: LGA Corporate Peer Challenge"));
    let copies: Vec<_> = std::fs::read_dir(out.join("items"))
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains("-appendix-"))
        .collect();
    assert!(copies.is_empty());
    // The public pack's title says nothing of the kind.
    let info = std::process::Command::new("pdfinfo")
        .arg(out.join("pack.pdf"))
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&info.stdout).contains("NOT FOR PUBLICATION"));
}

/// The XMP metadata packet of a PDF, as text.
fn xmp(pdf: &Path) -> String {
    let bytes = std::fs::read(pdf).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    let start = text.find("<x:xmpmeta").expect("XMP metadata");
    let end = text[start..].find("</x:xmpmeta>").unwrap();
    text[start..start + end].to_string()
}

#[test]
fn an_untagged_appendix_is_a_check_warning_and_its_papers_claim_no_pdf_ua() {
    let (temp, data) = scratch_data();
    let meeting = data.join(LANCASTER);
    // The example's stand-in is tagged: put an untagged PDF (LibreOffice's, saved without tags)
    // in its place.
    std::fs::copy(
        fixture(LIBREOFFICE_UNTAGGED),
        data.join("stand-ins").join(LANCASTER_STAND_IN),
    )
    .unwrap();
    let (_ok, printed) = check(&meeting);
    let report = meeting.join("reports/peer-challenge-action-plan.yaml");
    let line = std::fs::read_to_string(&report)
        .unwrap()
        .lines()
        .position(|l| l.contains(LANCASTER_STAND_IN))
        .unwrap()
        + 1;
    assert!(
        printed.contains(&format!(
            "peer-challenge-action-plan.yaml:{line}:10: warning: appendices: appendix A (../../stand-ins/{LANCASTER_STAND_IN}) is not a tagged PDF"
        )),
        "{printed}"
    );
    let out = temp.path().join("out");
    build_ok(&meeting, &out);
    let item = pdf_named(&out.join("items"), "peer-challenge-action-plan");
    assert!(
        !xmp(&item).contains("pdfuaid:part"),
        "claims PDF/UA with untagged pages"
    );
    // Our own papers, tagged throughout, claim it; and as an appendix one raises no warning.
    let gloucester = temp.path().join("gloucester");
    build_ok(&data.join("gloucester-cabinet-2014-10-15"), &gloucester);
    let own = gloucester.join("pack.pdf");
    assert!(xmp(&own).contains("<pdfuaid:part>1</pdfuaid:part>"));
    std::fs::copy(&own, data.join("stand-ins").join(LANCASTER_STAND_IN)).unwrap();
    let output = reportpack(&["check", meeting.to_str().unwrap()]);
    assert!(
        !String::from_utf8_lossy(&output.stdout).contains("is not a tagged PDF"),
        "a tagged appendix is not warned about"
    );
}

/// A one-page PDF form with a text field filled in ("Jane Filled-In") and a ticked checkbox,
/// their values only in the widgets' appearance streams, as form-filling software leaves them.
fn filled_form() -> Document {
    use lopdf::Stream;
    let mut doc = Document::with_version("1.7");
    let font = doc.add_object(Dictionary::from_iter(vec![
        ("Type", Object::Name(b"Font".to_vec())),
        ("Subtype", Object::Name(b"Type1".to_vec())),
        ("BaseFont", Object::Name(b"Helvetica".to_vec())),
    ]));
    let resources = Dictionary::from_iter(vec![(
        "Font",
        Object::Dictionary(Dictionary::from_iter(vec![("F1", Object::Reference(font))])),
    )]);
    let appearance = |text: &str, width: f32| {
        Stream::new(
            Dictionary::from_iter(vec![
                ("Type", Object::Name(b"XObject".to_vec())),
                ("Subtype", Object::Name(b"Form".to_vec())),
                (
                    "BBox",
                    Object::Array(vec![0.into(), 0.into(), width.into(), 20.into()]),
                ),
                ("Resources", Object::Dictionary(resources.clone())),
            ]),
            format!("/Tx BMC BT /F1 10 Tf 2 6 Td ({text}) Tj ET EMC").into_bytes(),
        )
    };
    let name_ap = doc.add_object(appearance("Jane Filled-In", 228.0));
    let yes_ap = doc.add_object(appearance("Ticked box value", 120.0));
    let off_ap = doc.add_object(appearance("Unticked box value", 120.0));
    let widget = |rect: [i64; 4], ap: Object, extra: Vec<(&str, Object)>| {
        let mut dict = Dictionary::from_iter(vec![
            ("Type", Object::Name(b"Annot".to_vec())),
            ("Subtype", Object::Name(b"Widget".to_vec())),
            (
                "Rect",
                Object::Array(rect.iter().map(|&v| v.into()).collect()),
            ),
            ("F", Object::Integer(4)),
            (
                "AP",
                Object::Dictionary(Dictionary::from_iter(vec![("N", ap)])),
            ),
        ]);
        for (key, value) in extra {
            dict.set(key, value);
        }
        dict
    };
    let name = doc.add_object(widget(
        [72, 600, 300, 620],
        Object::Reference(name_ap),
        vec![
            ("FT", Object::Name(b"Tx".to_vec())),
            ("T", Object::string_literal("name")),
            ("V", Object::string_literal("Jane Filled-In")),
        ],
    ));
    let tick = doc.add_object(widget(
        [72, 560, 192, 580],
        Object::Dictionary(Dictionary::from_iter(vec![
            ("Yes", Object::Reference(yes_ap)),
            ("Off", Object::Reference(off_ap)),
        ])),
        vec![
            ("FT", Object::Name(b"Btn".to_vec())),
            ("T", Object::string_literal("agree")),
            ("AS", Object::Name(b"Yes".to_vec())),
        ],
    ));
    let content = doc.add_object(Stream::new(
        Dictionary::new(),
        b"BT /F1 14 Tf 72 700 Td (Application form) Tj ET".to_vec(),
    ));
    one_page_document(
        doc,
        vec![
            ("Contents", Object::Reference(content)),
            ("Resources", Object::Dictionary(resources.clone())),
            (
                "Annots",
                Object::Array(vec![Object::Reference(name), Object::Reference(tick)]),
            ),
        ],
        vec![(
            "AcroForm",
            Object::Dictionary(Dictionary::from_iter(vec![(
                "Fields",
                Object::Array(vec![Object::Reference(name), Object::Reference(tick)]),
            )])),
        )],
    )
}

/// `doc` finished as a one-page A4 document: the page with `page_entries`, its page tree, and
/// a catalog with `catalog_entries`.
fn one_page_document(
    mut doc: Document,
    page_entries: Vec<(&str, Object)>,
    catalog_entries: Vec<(&str, Object)>,
) -> Document {
    let pages_id = doc.new_object_id();
    let mut page = Dictionary::from_iter(vec![
        ("Type", Object::Name(b"Page".to_vec())),
        ("Parent", Object::Reference(pages_id)),
        (
            "MediaBox",
            Object::Array(vec![0.into(), 0.into(), 595.into(), 842.into()]),
        ),
    ]);
    for (key, value) in page_entries {
        page.set(key, value);
    }
    let page = doc.add_object(page);
    doc.objects.insert(
        pages_id,
        Object::Dictionary(Dictionary::from_iter(vec![
            ("Type", Object::Name(b"Pages".to_vec())),
            ("Kids", Object::Array(vec![Object::Reference(page)])),
            ("Count", Object::Integer(1)),
        ])),
    );
    let mut catalog = Dictionary::from_iter(vec![
        ("Type", Object::Name(b"Catalog".to_vec())),
        ("Pages", Object::Reference(pages_id)),
    ]);
    for (key, value) in catalog_entries {
        catalog.set(key, value);
    }
    let catalog = doc.add_object(catalog);
    doc.trailer.set("Root", Object::Reference(catalog));
    doc
}

#[test]
fn filled_form_fields_of_an_appendix_keep_their_values() {
    let (temp, meeting) = scratch_meeting("minimal");
    filled_form()
        .save(meeting.join("reports/form.pdf"))
        .unwrap();
    let source = pdftotext(&meeting.join("reports/form.pdf"), &[]);
    assert!(source.contains("Application form"));
    edit(
        &meeting.join("reports/plan-report.yaml"),
        "    action_plan: plan.yaml\n",
        "    action_plan: plan.yaml\n  - label: B\n    title: Application\n    pdf: form.pdf\n",
    );
    let out = temp.path().join("out");
    build_ok(&meeting, &out);
    let item = pdf_named(&out.join("items"), "test-action-plan");
    let text = pdftotext(&item, &[]);
    assert!(text.contains("Application form"), "the page itself");
    assert!(
        text.contains("Jane Filled-In"),
        "the filled-in field's value is lost"
    );
    assert!(
        text.contains("Ticked box value"),
        "the checkbox's chosen state"
    );
    assert!(
        !text.contains("Unticked box value"),
        "only the state /AS names"
    );
}

/// A scratch minimal meeting whose plan report has `pdf` as its appendix B, built into `out`;
/// returns (temp, meeting, out).
fn minimal_with_pdf_appendix(pdf: &Path) -> (tempfile::TempDir, PathBuf, PathBuf) {
    let (temp, meeting) = scratch_meeting("minimal");
    std::fs::copy(pdf, meeting.join("reports/source.pdf")).unwrap();
    edit(
        &meeting.join("reports/plan-report.yaml"),
        "    action_plan: plan.yaml\n",
        "    action_plan: plan.yaml\n  - label: B\n    title: Source document\n    pdf: source.pdf\n",
    );
    let out = temp.path().join("out");
    build_ok(&meeting, &out);
    (temp, meeting, out)
}

/// Every structure element reachable from the structure tree root, with its parent.
fn structure_elements(doc: &Document) -> Vec<(lopdf::ObjectId, Option<lopdf::ObjectId>)> {
    let catalog = doc.catalog().unwrap();
    let root = doc
        .get_dictionary(
            catalog
                .get(b"StructTreeRoot")
                .unwrap()
                .as_reference()
                .unwrap(),
        )
        .unwrap();
    let mut found = Vec::new();
    let mut pending: Vec<(Object, Option<lopdf::ObjectId>)> =
        vec![(root.get(b"K").unwrap().clone(), None)];
    while let Some((kid, parent)) = pending.pop() {
        match kid {
            Object::Array(items) => pending.extend(items.into_iter().map(|i| (i, parent))),
            Object::Reference(id) => {
                let Ok(elem) = doc.get_dictionary(id) else {
                    continue;
                };
                if !elem.has(b"S") {
                    continue;
                }
                assert!(found.len() < 100_000, "the structure tree does not end");
                found.push((id, parent));
                if let Ok(k) = elem.get(b"K") {
                    pending.push((k.clone(), Some(id)));
                }
            }
            _ => {}
        }
    }
    found
}

fn role(doc: &Document, elem: lopdf::ObjectId) -> String {
    let name = doc
        .get_dictionary(elem)
        .unwrap()
        .get(b"S")
        .unwrap()
        .as_name()
        .unwrap();
    String::from_utf8_lossy(name).into_owned()
}

/// The marked-content references of an element that point into a form XObject (`/Stm`).
fn stream_references(doc: &Document, elem: lopdf::ObjectId) -> Vec<(lopdf::ObjectId, i64)> {
    let kids = match doc.get_dictionary(elem).unwrap().get(b"K") {
        Ok(Object::Array(items)) => items.clone(),
        Ok(other) => vec![other.clone()],
        Err(_) => Vec::new(),
    };
    kids.iter()
        .filter_map(|k| k.as_dict().ok())
        .filter_map(|mcr| {
            Some((
                mcr.get(b"Stm").ok()?.as_reference().ok()?,
                mcr.get(b"MCID").ok()?.as_i64().ok()?,
            ))
        })
        .collect()
}

/// The ParentTree's entry for `key` (a flat `/Nums` array, as ours are written), an array.
fn parent_tree_entry(doc: &Document, key: i64) -> Vec<Object> {
    parent_tree_value(doc, key).as_array().unwrap().clone()
}

/// The ParentTree's value for `key`: an array (a page's or form's marked content) or a
/// reference (an annotation's element).
fn parent_tree_value(doc: &Document, key: i64) -> Object {
    let catalog = doc.catalog().unwrap();
    let root = doc
        .get_dictionary(
            catalog
                .get(b"StructTreeRoot")
                .unwrap()
                .as_reference()
                .unwrap(),
        )
        .unwrap();
    let tree = doc
        .get_dictionary(root.get(b"ParentTree").unwrap().as_reference().unwrap())
        .unwrap();
    let nums = tree.get(b"Nums").unwrap().as_array().unwrap();
    let at = nums
        .chunks(2)
        .find(|pair| pair[0].as_i64().unwrap() == key)
        .unwrap_or_else(|| panic!("no ParentTree entry {key}"));
    at[1].clone()
}

#[test]
fn a_tagged_appendix_brings_its_headings_and_tables_into_the_structure_tree() {
    // Our own item PDF (tagged: headings, the action plan's table) is another meeting's appendix.
    let (_source_temp, source_meeting) = scratch_meeting("minimal");
    // One section in Welsh, so its elements carry /Lang.
    edit(
        &source_meeting.join("reports/plan-report.yaml"),
        "  - title: Introduction\n",
        "  - title: Introduction\n    lang: cy\n",
    );
    let source_out = source_meeting.with_file_name("source-out");
    build_ok(&source_meeting, &source_out);
    let source = pdf_named(&source_out.join("items"), "test-action-plan");
    let source_doc = Document::load(&source).unwrap();
    let source_roles: Vec<String> = structure_elements(&source_doc)
        .into_iter()
        .map(|(e, _)| role(&source_doc, e))
        .collect();

    let (_temp, meeting, out) = minimal_with_pdf_appendix(&source);
    let pack = out.join("pack.pdf");
    let doc = Document::load(&pack).unwrap();
    let elements = structure_elements(&doc);
    let parent_of: BTreeMap<_, _> = elements.iter().copied().collect();
    // The copied elements: those whose content is in a form XObject (a merged page), and the
    // elements holding them (tables, rows, cells holding paragraphs) below the section.
    let mut imported: Vec<lopdf::ObjectId> = elements
        .iter()
        .map(|(e, _)| *e)
        .filter(|e| !stream_references(&doc, *e).is_empty())
        .collect();
    for index in 0..imported.len() {
        let mut at = imported[index];
        while let Some(Some(parent)) = parent_of.get(&at) {
            if role(&doc, *parent) == "Sect" || imported.contains(parent) {
                break;
            }
            imported.push(*parent);
            at = *parent;
        }
    }
    let imported_roles: BTreeMap<String, usize> =
        imported.iter().fold(BTreeMap::new(), |mut count, e| {
            *count.entry(role(&doc, *e)).or_default() += 1;
            count
        });
    for expected in ["H1", "H2", "Table", "TR", "TH", "TD", "P", "Figure", "Link"] {
        assert!(
            imported_roles.contains_key(expected),
            "no {expected} from the appendix in the pack's structure tree: {imported_roles:?}"
        );
        assert!(source_roles.iter().any(|r| r == expected));
    }
    // Tables (which hold rows, not content) came too: the item PDF and the pack hold the
    // report's own action-plan table and the appendix's copy of it.
    let count_tables = |doc: &Document| {
        structure_elements(doc)
            .iter()
            .filter(|(e, _)| role(doc, *e) == "Table")
            .count()
    };
    let source_tables = count_tables(&source_doc);
    assert!(source_tables > 0);
    let item = Document::load(pdf_named(&out.join("items"), "test-action-plan")).unwrap();
    assert!(
        count_tables(&item) >= 2 * source_tables,
        "the item PDF lacks the appendix's tables"
    );
    assert!(
        count_tables(&doc) >= 2 * source_tables,
        "the pack lacks the appendix's tables"
    );

    // Web links keep their annotations (the contact's email address), tied to their Link.
    let mut links = 0;
    for &elem in imported.iter().filter(|e| role(&doc, **e) == "Link") {
        let kids = doc
            .get_dictionary(elem)
            .unwrap()
            .get(b"K")
            .unwrap()
            .as_array()
            .unwrap();
        for objr in kids.iter().filter_map(|k| k.as_dict().ok()) {
            let Ok(annotation) = objr.get(b"Obj") else {
                continue;
            };
            let annotation = doc
                .get_dictionary(annotation.as_reference().unwrap())
                .unwrap();
            let uri = annotation
                .get(b"A")
                .unwrap()
                .as_dict()
                .unwrap()
                .get(b"URI")
                .unwrap();
            assert!(uri.as_str().unwrap().starts_with(b"mailto:"));
            let key = annotation.get(b"StructParent").unwrap().as_i64().unwrap();
            assert_eq!(parent_tree_value(&doc, key).as_reference().ok(), Some(elem));
            links += 1;
        }
    }
    assert!(links > 0, "no copied Link keeps its annotation");
    // The Welsh section keeps its language.
    assert!(
        imported.iter().any(|e| {
            doc.get_dictionary(*e)
                .unwrap()
                .get(b"Lang")
                .is_ok_and(|l| l.as_str().unwrap() == b"cy")
        }),
        "no copied element keeps /Lang cy"
    );
    // Figures keep their alternate text.
    for &elem in imported.iter().filter(|e| role(&doc, **e) == "Figure") {
        assert!(
            doc.get_dictionary(elem).unwrap().has(b"Alt"),
            "a Figure lost its /Alt"
        );
    }
    // Each copied element hangs under the appendix's section, not loose under the Document.
    for &elem in &imported {
        let mut at = elem;
        let mut chain = Vec::new();
        while let Some(Some(parent)) = parent_of.get(&at) {
            chain.push(role(&doc, *parent));
            at = *parent;
        }
        assert_eq!(chain.last().map(String::as_str), Some("Document"));
        assert!(
            chain.len() >= 2 && chain[chain.len() - 2] == "Sect",
            "{} is not inside a section: {chain:?}",
            role(&doc, elem)
        );
    }
    // Every reference into a form is mapped back by the ParentTree through the form's key.
    for &elem in &imported {
        for (form, mcid) in stream_references(&doc, elem) {
            let key = doc
                .get_object(form)
                .unwrap()
                .as_stream()
                .unwrap()
                .dict
                .get(b"StructParents")
                .expect("the form has /StructParents")
                .as_i64()
                .unwrap();
            let entry = parent_tree_entry(&doc, key);
            assert_eq!(
                entry[mcid as usize].as_reference().ok(),
                Some(elem),
                "ParentTree {key}[{mcid}] is not the element"
            );
        }
    }
    // Data cells name header cells that exist, through the IDTree.
    let catalog = doc.catalog().unwrap();
    let root = doc
        .get_dictionary(
            catalog
                .get(b"StructTreeRoot")
                .unwrap()
                .as_reference()
                .unwrap(),
        )
        .unwrap();
    let ids: Vec<Vec<u8>> = root
        .get(b"IDTree")
        .unwrap()
        .as_dict()
        .unwrap()
        .get(b"Names")
        .unwrap()
        .as_array()
        .unwrap()
        .chunks(2)
        .map(|pair| pair[0].as_str().unwrap().to_vec())
        .collect();
    let mut headed = 0;
    for &elem in imported.iter().filter(|e| role(&doc, **e) == "TD") {
        let Ok(attributes) = doc.get_dictionary(elem).unwrap().get(b"A") else {
            continue;
        };
        let Ok(headers) = attributes.as_dict().unwrap().get(b"Headers") else {
            continue;
        };
        for header in headers.as_array().unwrap() {
            assert!(ids.contains(&header.as_str().unwrap().to_vec()));
            headed += 1;
        }
    }
    assert!(headed > 0, "no copied data cell names its headers");
    // Tagged throughout, the pack claims PDF/UA; check raises no untagged warning.
    assert!(xmp(&pack).contains("<pdfuaid:part>1</pdfuaid:part>"));
    let output = reportpack(&["check", meeting.to_str().unwrap()]);
    assert!(!String::from_utf8_lossy(&output.stdout).contains("is not a tagged PDF"));
}

/// A one-page untagged PDF whose text is set in fonts it does not embed: `fonts` are
/// (resource name, BaseFont, Encoding or None) and `lines` (resource name, PDF string bytes).
fn unembedded_fonts_pdf(fonts: &[(&str, &str, Option<&str>)], lines: &[(&str, &[u8])]) -> Document {
    use lopdf::Stream;
    let mut doc = Document::with_version("1.7");
    let mut font_resources = Dictionary::new();
    for (resource, base, encoding) in fonts {
        let mut font = Dictionary::from_iter(vec![
            ("Type", Object::Name(b"Font".to_vec())),
            ("Subtype", Object::Name(b"Type1".to_vec())),
            ("BaseFont", Object::Name(base.as_bytes().to_vec())),
        ]);
        if let Some(encoding) = encoding {
            font.set("Encoding", Object::Name(encoding.as_bytes().to_vec()));
        }
        font_resources.set(*resource, Object::Reference(doc.add_object(font)));
    }
    let mut content = Vec::new();
    for (index, (resource, text)) in lines.iter().enumerate() {
        content.extend_from_slice(
            format!("BT /{resource} 14 Tf 72 {} Td (", 760 - 30 * index as i64).as_bytes(),
        );
        content.extend_from_slice(text);
        content.extend_from_slice(b") Tj ET\n");
    }
    let contents = doc.add_object(Stream::new(Dictionary::new(), content));
    one_page_document(
        doc,
        vec![
            ("Contents", Object::Reference(contents)),
            (
                "Resources",
                Object::Dictionary(Dictionary::from_iter(vec![(
                    "Font",
                    Object::Dictionary(font_resources),
                )])),
            ),
        ],
        Vec::new(),
    )
}

/// `pdffonts` of a file: (name, type, embedded) per font.
fn pdffonts(pdf: &Path) -> Vec<(String, String, bool)> {
    let output = Command::new("pdffonts")
        .arg(pdf)
        .output()
        .expect("pdffonts runs");
    assert!(output.status.success());
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .skip(2)
        .map(|line| {
            let fields: Vec<&str> = line.split_whitespace().collect();
            // name type [type...] encoding emb sub uni object ID
            let emb = fields[fields.len() - 5] == "yes";
            (
                fields[0].to_string(),
                fields[1..fields.len() - 6].join(" "),
                emb,
            )
        })
        .collect()
}

#[test]
fn unembedded_standard_fonts_of_an_appendix_are_embedded_from_liberation() {
    let temp = tempfile::tempdir().unwrap();
    let source = temp.path().join("unembedded.pdf");
    unembedded_fonts_pdf(
        &[
            ("F1", "Helvetica", None),
            ("F2", "Times-Bold", Some("WinAnsiEncoding")),
            ("F3", "Courier-Oblique", Some("WinAnsiEncoding")),
            ("F4", "Arial,BoldItalic", Some("WinAnsiEncoding")),
        ],
        &[
            // StandardEncoding: 0x27 is a right quote, 0xE8 an L with a stroke, and 0xF3
            // undefined (no character to extract there, in the source or the papers).
            ("F1", b"Helvetica that isn't embedded: \xe8\xf3odz"),
            ("F2", b"Times bold: caf\xe9 \x80 20"),
            ("F3", b"Courier oblique: x = 42;"),
            ("F4", b"Arial bold italic \x96 mended"),
        ],
    )
    .save(&source)
    .unwrap();
    assert!(
        pdffonts(&source).iter().all(|(_, _, emb)| !emb),
        "the fixture should embed nothing"
    );
    let (_temp, meeting, out) = minimal_with_pdf_appendix(&source);
    let output = reportpack(&["check", meeting.to_str().unwrap()]);
    assert!(
        !String::from_utf8_lossy(&output.stdout).contains("without embedding"),
        "a mendable font is warned about"
    );
    for pdf in [
        out.join("pack.pdf"),
        pdf_named(&out.join("items"), "test-action-plan"),
    ] {
        let fonts = pdffonts(&pdf);
        // The four mended fonts and our own.
        assert!(fonts.len() > 4, "{fonts:?}");
        for (name, kind, emb) in &fonts {
            assert!(emb, "{name} ({kind}) is not embedded in {}", pdf.display());
        }
        for face in [
            "LiberationSans",
            "LiberationSerif-Bold",
            "LiberationMono-Italic",
            "LiberationSans-BoldItalic",
        ] {
            assert!(
                fonts.iter().any(
                    |(name, kind, _)| name.ends_with(&format!("+{face}")) && kind == "TrueType"
                ),
                "no {face} in {fonts:?}"
            );
        }
        let text = pdftotext(&pdf, &[]);
        for line in [
            "Helvetica that isn\u{2019}t embedded: \u{141}odz",
            "Times bold: caf\u{e9} \u{20ac} 20",
            "Courier oblique: x = 42;",
            "Arial bold italic \u{2013} mended",
        ] {
            assert!(
                text.contains(line),
                "{line:?} not in the text of {}:\n{text}",
                pdf.display()
            );
        }
    }
}

#[test]
fn an_unembedded_font_no_liberation_face_matches_is_left_and_claims_no_pdf_ua() {
    let temp = tempfile::tempdir().unwrap();
    let source = temp.path().join("verdana.pdf");
    let mut doc = unembedded_fonts_pdf(
        &[("F1", "Verdana", Some("WinAnsiEncoding"))],
        &[("F1", b"Set in Verdana, not embedded")],
    );
    // Tagged (its line a P in the structure tree), so the font alone keeps the papers from
    // claiming PDF/UA.
    let page = *doc.get_pages().values().next().unwrap();
    let contents = doc
        .get_dictionary(page)
        .unwrap()
        .get(b"Contents")
        .unwrap()
        .as_reference()
        .unwrap();
    let stream = doc
        .get_object_mut(contents)
        .unwrap()
        .as_stream_mut()
        .unwrap();
    let marked = [
        b"/P <</MCID 0>> BDC\n".as_slice(),
        &stream.content,
        b"EMC\n",
    ]
    .concat();
    stream.set_content(marked);
    let tree = doc.new_object_id();
    let paragraph = doc.add_object(Dictionary::from_iter(vec![
        ("Type", Object::Name(b"StructElem".to_vec())),
        ("S", Object::Name(b"P".to_vec())),
        ("P", Object::Reference(tree)),
        ("Pg", Object::Reference(page)),
        ("K", Object::Integer(0)),
    ]));
    doc.get_dictionary_mut(page)
        .unwrap()
        .set("StructParents", Object::Integer(0));
    doc.objects.insert(
        tree,
        Object::Dictionary(Dictionary::from_iter(vec![
            ("Type", Object::Name(b"StructTreeRoot".to_vec())),
            ("K", Object::Reference(paragraph)),
            (
                "ParentTree",
                Object::Dictionary(Dictionary::from_iter(vec![(
                    "Nums",
                    Object::Array(vec![
                        0.into(),
                        Object::Array(vec![Object::Reference(paragraph)]),
                    ]),
                )])),
            ),
        ])),
    );
    let catalog = doc.catalog_mut().unwrap();
    catalog.set("StructTreeRoot", Object::Reference(tree));
    catalog.set(
        "MarkInfo",
        Dictionary::from_iter(vec![("Marked", Object::Boolean(true))]),
    );
    doc.save(&source).unwrap();
    let (_temp, meeting, out) = minimal_with_pdf_appendix(&source);
    let report = meeting.join("reports/plan-report.yaml");
    let line = std::fs::read_to_string(&report)
        .unwrap()
        .lines()
        .position(|l| l.contains("pdf: source.pdf"))
        .unwrap()
        + 1;
    let (_ok, printed) = check(&meeting);
    assert!(
        printed.contains(&format!(
            "plan-report.yaml:{line}:10: warning: appendices: appendix B (source.pdf) uses the font Verdana without embedding it"
        )),
        "{printed}"
    );
    let pack = out.join("pack.pdf");
    let fonts = pdffonts(&pack);
    assert!(
        fonts.iter().any(|(name, _, emb)| name == "Verdana" && !emb),
        "{fonts:?}"
    );
    assert!(pdftotext(&pack, &[]).contains("Set in Verdana, not embedded"));
    assert!(!xmp(&pack).contains("pdfuaid:part"));
}

/// Whether each TrueType CID font of a file states its `/CIDToGIDMap`.
fn cid_fonts_with_glyph_maps(pdf: &Path) -> Vec<bool> {
    let doc = Document::load(pdf).unwrap();
    doc.objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| {
            d.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"CIDFontType2".as_slice())
        })
        .map(|d| d.has(b"CIDToGIDMap"))
        .collect()
}

#[test]
fn an_appendix_cid_font_states_its_glyph_map() {
    let source = fixture(CAIRO_UNTAGGED);
    assert!(
        cid_fonts_with_glyph_maps(&source).contains(&false),
        "the stand-in should leave a /CIDToGIDMap to its default"
    );
    let (_temp, _meeting, out) = minimal_with_pdf_appendix(&source);
    let maps = cid_fonts_with_glyph_maps(&out.join("pack.pdf"));
    assert!(!maps.is_empty() && maps.iter().all(|m| *m), "{maps:?}");
}
