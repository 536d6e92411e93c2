//! `watch` keeps each build's item PDFs for the next, so a save redoes only the items it
//! changed. Whatever changed (a report, a character the fonts did not hold, a PDF appendix,
//! a template), a rebuild in a watch session publishes byte for byte what a build from nothing
//! publishes, in both trees, and takes from the last build only what is unchanged.

mod support;
use reportpack::publish::{self, BuildOptions, Formats};
use reportpack::render::reuse::ItemCache;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use support::*;

const STAND_IN: &str = "data/stand-ins/lancaster-lga-peer-challenge-2015.pdf";
const OTHER_STAND_IN: &str = "data/stand-ins/west-lancashire-peer-challenge-2022.pdf";

/// Item PDFs of the minimal meeting with a PDF appendix: the public report, the exempt item's
/// notice and its private PDF, and the late item.
const ITEM_PDFS: usize = 4;

fn options(out: &Path, templates: &Path) -> BuildOptions {
    BuildOptions {
        out_dir: out.to_path_buf(),
        private_dir: private_of(out),
        formats: Formats {
            html: true,
            pdf: true,
        },
        only: None,
        templates: templates.to_path_buf(),
        progress: false,
    }
}

/// Every file of both trees of `out`, with its bytes.
fn papers(out: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn visit(dir: &Path, root: &Path, files: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                visit(&path, root, files);
            } else {
                let name = path.strip_prefix(root).unwrap().to_path_buf();
                files.insert(name, std::fs::read(&path).unwrap());
            }
        }
    }
    let mut files = BTreeMap::new();
    let root = out.parent().unwrap();
    visit(out, root, &mut files);
    visit(&private_of(out), root, &mut files);
    files
}

/// The minimal meeting (a public report, an exempt item, a late item), its report with an
/// action plan and a PDF appendix, and a copy of the templates.
fn meeting_with_appendix() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let (temp, meeting) = scratch_meeting("minimal");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(root.join(STAND_IN), meeting.join("reports/appendix.pdf")).unwrap();
    edit(
        &meeting.join("reports/plan-report.yaml"),
        "    action_plan: plan.yaml\n",
        "    action_plan: plan.yaml\n  - label: B\n    title: Peer Challenge report\n    pdf: appendix.pdf\n",
    );
    let templates = copy_templates(&temp.path().join("templates"));
    (temp, meeting, templates)
}

/// Builds the meeting in a watch session, makes `change`, and rebuilds in the session; then
/// builds the changed meeting from nothing elsewhere. Both must publish the same bytes.
/// Returns how many item PDFs the rebuild took from the session.
fn rebuilt_after(change: impl FnOnce(&Path, &Path)) -> usize {
    let (temp, meeting, templates) = meeting_with_appendix();
    let watched = temp.path().join("watched/out");
    let cache = ItemCache::keeping();
    publish::build_reusing(&meeting, &options(&watched, &templates), &cache).unwrap();
    assert_eq!(cache.reused(), 0, "a first build has nothing to reuse");

    change(&meeting, &templates);
    publish::build_reusing(&meeting, &options(&watched, &templates), &cache).unwrap();
    let fresh = temp.path().join("fresh/out");
    publish::build(&meeting, &options(&fresh, &templates)).unwrap();

    let (rebuilt, clean) = (papers(&watched), papers(&fresh));
    assert_eq!(
        rebuilt.keys().collect::<Vec<_>>(),
        clean.keys().collect::<Vec<_>>()
    );
    for (file, bytes) in &clean {
        assert!(
            rebuilt[file] == *bytes,
            "{} differs from a build from nothing",
            file.display()
        );
    }
    cache.reused()
}

#[test]
fn an_unchanged_meeting_is_rebuilt_entirely_from_what_was_kept() {
    assert_eq!(rebuilt_after(|_, _| {}), ITEM_PDFS);
}

#[test]
fn an_edited_report_alone_is_made_again() {
    let reused = rebuilt_after(|meeting, _| {
        edit(
            &meeting.join("reports/plan-report.yaml"),
            "The first paragraph of the introduction.",
            "The first paragraph of the introduction, as amended.",
        );
    });
    assert_eq!(reused, ITEM_PDFS - 1);
}

#[test]
fn a_character_new_to_the_meeting_redraws_every_item() {
    // Every glyph code moves when the fonts gain a character: nothing drawn before still fits.
    let reused = rebuilt_after(|meeting, _| {
        edit(
            &meeting.join("reports/plan-report.yaml"),
            "The first paragraph of the introduction.",
            "The first paragraph of the introduction (Llanfairpwllgwyngyll ŵ ŷ).",
        );
    });
    assert_eq!(reused, 0);
}

#[test]
fn a_replaced_pdf_appendix_remakes_its_item() {
    let reused = rebuilt_after(|meeting, _| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        std::fs::copy(
            root.join(OTHER_STAND_IN),
            meeting.join("reports/appendix.pdf"),
        )
        .unwrap();
    });
    assert_eq!(reused, ITEM_PDFS - 1);
}

#[test]
fn an_edited_template_remakes_every_item() {
    let reused = rebuilt_after(|_, templates| {
        edit(
            &templates.join("lancaster/report.html"),
            "Report of {{ report.report_of }}",
            "A report of {{ report.report_of }}",
        );
    });
    assert_eq!(reused, 0);
}

#[test]
fn a_new_meeting_date_remakes_every_item() {
    // Every page's running footer gives the meeting's date (the reports, still dated for the
    // first, are only warned about).
    let reused = rebuilt_after(|meeting, _| {
        edit(
            &meeting.join("meeting.yaml"),
            "date: 2015-12-01",
            "date: 2015-12-02",
        );
    });
    assert_eq!(reused, 0);
}

#[test]
fn a_changed_meeting_detail_remakes_every_item() {
    // The venue is on no item's pages, but the meeting as a whole is an input of each.
    let reused = rebuilt_after(|meeting, _| {
        edit(
            &meeting.join("meeting.yaml"),
            "venue: Morecambe Town Hall",
            "venue: Lancaster Town Hall",
        );
    });
    assert_eq!(reused, 0);
}
