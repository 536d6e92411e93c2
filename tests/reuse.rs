//! A build keeps its item PDFs for the next in a private folder beside the private papers, so a
//! rebuild (`build`, `--only`, or `watch` on a save) redoes only the items that changed. Whatever changed (a report, a character the fonts did not hold, a
//! PDF appendix, a template, the meeting), a rebuild publishes byte for byte what a build from
//! nothing publishes, in both trees, and takes from the last build only what is unchanged.

mod support;
use reportpack::digest::{FileDigest, FileDigester};
use reportpack::input::load::{load_meeting, load_meeting_keeping, LoadedAppendix};
use reportpack::input::parses::KeptParses;
use reportpack::publish::{self, BuildOptions};
use reportpack::render::papers;
use reportpack::render::prepared::{Access, Sink, Writer};
use reportpack::render::reuse::ItemCache;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use support::*;

const STAND_IN: &str = "data/stand-ins/lancaster-lga-peer-challenge-2015.pdf";
const OTHER_STAND_IN: &str = "data/stand-ins/west-lancashire-peer-challenge-2022.pdf";

/// Item PDFs of the minimal meeting with a PDF appendix: the public report, the exempt item's
/// notice and its private PDF, and the late item.
const ITEM_PDFS: usize = 4;

/// Items' web pages of that meeting: the three report items' pages in each tree (in the
/// public one, the exempt item's notice).
const ITEM_PAGES: usize = 6;

/// Items' parts of the packs: the public pack's report and exempt notice, the private pack's
/// two reports, and the supplement's late item.
const PACK_PARTS: usize = 5;

/// What a rebuild took from the build before: item PDFs, items' web pages, and items' structure
/// elements in the packs.
#[derive(Debug, PartialEq)]
struct Reused {
    pdfs: usize,
    pages: usize,
    elements: usize,
}

fn reused(pdfs: usize, pages: usize, elements: usize) -> Reused {
    Reused {
        pdfs,
        pages,
        elements,
    }
}

fn options(out: &Path, templates: &Path) -> BuildOptions {
    BuildOptions::everything(out.to_path_buf(), private_of(out), templates.to_path_buf())
}

/// Every file of both trees of `out`, with its bytes.
fn papers(out: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let root = out.parent().unwrap();
    let mut files = files_with_bytes(out, root);
    files.extend(files_with_bytes(&private_of(out), root));
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

/// How the rebuild follows the first build: both take and keep items in the kept folder.
#[derive(Clone, Copy, Debug)]
enum Rebuild {
    /// With the same cache as the first (its names and counts start again with each build).
    SameCache,
    /// As a separate `build`, `--only` or `watch` rebuild, with a cache of its own.
    Separately,
}

/// Builds the meeting, makes `change`, and rebuilds it as `rebuild` says; then builds the
/// changed meeting from nothing elsewhere. Both must publish the same bytes. Returns what the
/// rebuild took from the first build.
fn rebuilt_after(rebuild: Rebuild, change: impl FnOnce(&Path, &Path)) -> Reused {
    let (temp, meeting, templates) = meeting_with_appendix();
    let watched = temp.path().join("watched/out");
    let mut cache = ItemCache::default();
    publish::build_reusing(&meeting, &options(&watched, &templates), &mut cache).unwrap();
    assert_eq!(cache.reused(), 0, "a first build has nothing to reuse");
    assert_eq!(
        cache.pages_reused(),
        0,
        "a first build has nothing to reuse"
    );
    assert_eq!(cache.elements_reused(), 0);

    change(&meeting, &templates);
    let mut cache = match rebuild {
        Rebuild::SameCache => cache,
        Rebuild::Separately => ItemCache::default(),
    };
    publish::build_reusing(&meeting, &options(&watched, &templates), &mut cache).unwrap();
    assert_as_from_nothing(temp.path(), &meeting, &templates, &watched);
    Reused {
        pdfs: cache.reused(),
        pages: cache.pages_reused(),
        elements: cache.elements_reused(),
    }
}

/// Builds `meeting` from nothing in `temp` and checks that both trees of `out` hold exactly
/// what that build published.
fn assert_as_from_nothing(temp: &Path, meeting: &Path, templates: &Path, out: &Path) {
    let fresh = temp.join("fresh/out");
    publish::build(meeting, &options(&fresh, templates)).unwrap();
    let (rebuilt, clean) = (papers(out), papers(&fresh));
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
}

/// Rebuilds after `change` both ways (see [`rebuilt_after`]) and checks that each took
/// `expected` from the first build.
fn assert_rebuilt_taking(expected: Reused, change: impl Fn(&Path, &Path)) {
    for rebuild in [Rebuild::SameCache, Rebuild::Separately] {
        assert_eq!(rebuilt_after(rebuild, &change), expected, "{rebuild:?}");
    }
}

/// The change of editing `file` in the meeting's folder from `from` to `to`.
fn editing(file: &'static str, from: &'static str, to: &'static str) -> impl Fn(&Path, &Path) {
    move |meeting, _| edit(&meeting.join(file), from, to)
}

const PLAN_REPORT: &str = "reports/plan-report.yaml";
const INTRODUCTION: &str = "The first paragraph of the introduction.";

#[test]
fn an_unchanged_meeting_is_rebuilt_entirely_from_what_was_kept() {
    assert_rebuilt_taking(reused(ITEM_PDFS, ITEM_PAGES, PACK_PARTS), |_, _| {});
}

#[test]
fn an_edited_report_alone_is_made_again() {
    let amended = "The first paragraph of the introduction, as amended.";
    // In both packs, the report's elements are written again, the others' taken as they were.
    assert_rebuilt_taking(
        reused(ITEM_PDFS - 1, ITEM_PAGES - 2, PACK_PARTS - 2),
        editing(PLAN_REPORT, INTRODUCTION, amended),
    );
}

#[test]
fn a_retitled_report_remakes_its_item_not_the_others_on_the_agenda() {
    // The title is on the agenda of both packs, in the meeting's items, yet no other item's
    // pages show it. (The same letters, so the fonts keep every glyph code.)
    let retitled = editing(
        PLAN_REPORT,
        "title: Test Action Plan\n",
        "title: Action Plan Test\n",
    );
    assert_rebuilt_taking(
        reused(ITEM_PDFS - 1, ITEM_PAGES - 2, PACK_PARTS - 2),
        retitled,
    );
}

#[test]
fn the_agenda_is_laid_out_again_only_when_what_it_shows_changed() {
    let (temp, meeting, templates) = meeting_with_appendix();
    let out = temp.path().join("site/out");
    let rebuild = || {
        let mut cache = ItemCache::default();
        publish::build_reusing(&meeting, &options(&out, &templates), &mut cache).unwrap();
        cache.fronts_reused()
    };
    assert_eq!(rebuild(), 0, "a first build has nothing to reuse");
    let unchanged = rebuild();
    assert!(unchanged > 0, "an unchanged agenda is taken as laid out");
    // An edit inside a report leaves every agenda as it was.
    let amended = "The first paragraph of the introduction, as amended.";
    edit(&meeting.join(PLAN_REPORT), INTRODUCTION, amended);
    assert_eq!(rebuild(), unchanged);
    assert_as_from_nothing(temp.path(), &meeting, &templates, &out);
    // A report pages longer moves the items after it: the agendas show their new pages.
    let paragraph = format!(
        "\n      - {}",
        "More words of the introduction. ".repeat(60)
    );
    let grown = format!("- {amended}{}", paragraph.repeat(40));
    edit(&meeting.join(PLAN_REPORT), &format!("- {amended}"), &grown);
    assert!(
        rebuild() < unchanged,
        "a longer report moves the agenda's page numbers"
    );
    assert_as_from_nothing(temp.path(), &meeting, &templates, &out);
}

#[test]
fn a_character_new_to_the_meeting_redraws_every_item() {
    // Every glyph code moves when the fonts gain a character: nothing drawn before still fits.
    let welsh = "The first paragraph of the introduction (Llanfairpwllgwyngyll ŵ ŷ).";
    // Its pages are made again, and so is each page linking an item PDF, whose size changed
    // with every glyph code: only the late item's private page, which links none, is kept.
    assert_rebuilt_taking(reused(0, 1, 0), editing(PLAN_REPORT, INTRODUCTION, welsh));
}

#[test]
fn a_replaced_pdf_appendix_remakes_its_item() {
    // Its public page links the appendix's copy, with its size. Its new pages move every item
    // after it in both packs: only the supplement's elements stay where they were.
    assert_rebuilt_taking(reused(ITEM_PDFS - 1, ITEM_PAGES - 1, 1), |meeting, _| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        std::fs::copy(
            root.join(OTHER_STAND_IN),
            meeting.join("reports/appendix.pdf"),
        )
        .unwrap();
    });
}

#[test]
fn a_kept_item_whose_published_pdf_or_page_changed_or_went_is_made_again() {
    let (temp, meeting, templates) = meeting_with_appendix();
    let out = temp.path().join("watched/out");
    publish::build(&meeting, &options(&out, &templates)).unwrap();
    // A kept item's PDF and page are not kept twice: the copy published is placed again,
    // while it is what this program wrote.
    let published = |kind: &str| {
        let mut files: Vec<PathBuf> = (std::fs::read_dir(out.join("items")).unwrap())
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.extension().is_some_and(|e| e == kind))
            .filter(|path| !path.to_string_lossy().contains("-appendix-"))
            .collect();
        files.sort();
        files
    };
    for (kind, addition) in [
        ("pdf", "% added by hand\n"),
        ("html", "<!-- added by hand -->\n"),
    ] {
        let files = published(kind);
        let mut changed = std::fs::read(&files[0]).unwrap();
        changed.extend_from_slice(addition.as_bytes());
        std::fs::write(&files[0], changed).unwrap();
        std::fs::remove_file(&files[1]).unwrap();
    }

    let mut cache = ItemCache::default();
    publish::build_reusing(&meeting, &options(&out, &templates), &mut cache).unwrap();
    assert_as_from_nothing(temp.path(), &meeting, &templates, &out);
    // The two of each are made again, the same bytes; the packs' elements still hold.
    assert_eq!(
        (
            cache.reused(),
            cache.pages_reused(),
            cache.elements_reused()
        ),
        (ITEM_PDFS - 2, ITEM_PAGES - 2, PACK_PARTS)
    );
}

#[test]
fn an_edited_template_remakes_every_item() {
    assert_rebuilt_taking(reused(0, 0, 0), |_, templates| {
        edit(
            &templates.join("lancaster/report.html"),
            "Report of {{ report.report_of }}",
            "A report of {{ report.report_of }}",
        );
    });
}

#[test]
fn a_new_meeting_date_remakes_every_item() {
    // Every page's running footer gives the meeting's date (the reports, still dated for the
    // first, are only warned about).
    let redated = editing("meeting.yaml", "date: 2015-12-01", "date: 2015-12-02");
    assert_rebuilt_taking(reused(0, 0, 0), redated);
}

#[test]
fn a_meeting_detail_no_item_shows_remakes_no_item() {
    // The venue is on the agenda, but on no item's pages: their templates never name it,
    // so they are not given it.
    let moved = editing(
        "meeting.yaml",
        "venue: Morecambe Town Hall",
        "venue: Lancaster Town Hall",
    );
    assert_rebuilt_taking(reused(ITEM_PDFS, ITEM_PAGES, PACK_PARTS), moved);
}

fn kept_folder(out: &Path) -> PathBuf {
    publish::kept_items_folder(&private_of(out))
}

fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn kept_items_are_owner_only_beside_the_private_papers_and_follow_the_agenda() {
    let (temp, meeting, templates) = meeting_with_appendix();
    let out = temp.path().join("site/out");
    publish::build(&meeting, &options(&out, &templates)).unwrap();
    let kept = kept_folder(&out);
    assert_eq!(kept.parent(), private_of(&out).parent());
    assert!(
        !kept.starts_with(&out),
        "kept items must never be in the public folder"
    );
    assert_eq!(mode(&kept), 0o700);
    let mut names: Vec<String> = std::fs::read_dir(&kept)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    for name in &names {
        assert_eq!(mode(&kept.join(name)), 0o600, "{name}");
    }
    // The parses of the meeting file and its four YAML files (the exempt report's among them);
    // the house style's templates' parse is among the rest.
    let (parses, items): (Vec<String>, Vec<String>) = names
        .into_iter()
        .partition(|name| name.ends_with(".parsed"));
    assert_eq!(parses.len(), 5, "{parses:?}");
    let names = items;
    assert_eq!(
        names,
        [
            "02-test-action-plan.private.page",
            "02-test-action-plan.public.item",
            "02-test-action-plan.public.page",
            "03-acquisition-of-land-at-example-street.private.item",
            "03-acquisition-of-land-at-example-street.private.page",
            "03-acquisition-of-land-at-example-street.public.item",
            "03-acquisition-of-land-at-example-street.public.page",
            "04-leisure-centre-roof-repairs.private.page",
            "04-leisure-centre-roof-repairs.public.item",
            "04-leisure-centre-roof-repairs.public.page",
            "pack.private.elements",
            "pack.private.front",
            "pack.public.elements",
            "pack.public.front",
            "subset.fonts",
            "supplement-1.public.elements",
            "supplement-1.public.front",
            "templates.tera",
        ]
        .map(str::to_string)
    );
    // A file a stopped build left part-written goes; a folder opened up is closed again.
    std::fs::write(
        kept.join("02-test-action-plan.public.4242-0.partial"),
        b"part",
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&kept, std::fs::Permissions::from_mode(0o755)).unwrap();
    edit(
        &meeting.join("reports/plan-report.yaml"),
        "The first paragraph of the introduction.",
        "The first paragraph of the introduction, as amended.",
    );
    publish::build(&meeting, &options(&out, &templates)).unwrap();
    assert_eq!(mode(&kept), 0o700);
    assert!(!kept
        .join("02-test-action-plan.public.4242-0.partial")
        .exists());
    // The late item leaves the agenda: its kept PDF and pages go with it, once a build makes
    // each kind (a build of the PDFs alone leaves the pages of items still there be).
    let text = std::fs::read_to_string(meeting.join("meeting.yaml")).unwrap();
    let late = text.find("  - number: 4").unwrap();
    std::fs::write(meeting.join("meeting.yaml"), &text[..late]).unwrap();
    let mut pdfs_only = options(&out, &templates);
    pdfs_only.formats.html = false;
    publish::build(&meeting, &pdfs_only).unwrap();
    let kept_file = |name: &str| kept.join(name).exists();
    assert!(!kept_file("04-leisure-centre-roof-repairs.public.item"));
    assert!(kept_file("04-leisure-centre-roof-repairs.public.page"));
    assert!(kept_file("02-test-action-plan.public.page"));
    publish::build(&meeting, &options(&out, &templates)).unwrap();
    assert!(!kept_file("04-leisure-centre-roof-repairs.public.page"));
    assert!(!kept_file("04-leisure-centre-roof-repairs.private.page"));
    assert!(kept_file("02-test-action-plan.public.item"));
    assert!(kept_file("02-test-action-plan.private.page"));
}

#[test]
fn a_damaged_or_foreign_kept_file_is_made_again_never_trusted() {
    let (temp, meeting, templates) = meeting_with_appendix();
    let out = temp.path().join("a/out");
    publish::build(&meeting, &options(&out, &templates)).unwrap();
    let kept = kept_folder(&out);
    let public = kept.join("02-test-action-plan.public.item");
    let private = kept.join("03-acquisition-of-land-at-example-street.private.item");
    let late = kept.join("04-leisure-centre-roof-repairs.public.item");
    // Cut short; garbage; another item's file in its place (the exempt report's private pages
    // where the public notice's belong: read, they would publish exempt text); one byte
    // changed near the end (in its PDF's bytes, which would still read back).
    let bytes = std::fs::read(&public).unwrap();
    std::fs::write(&public, &bytes[..bytes.len() / 2]).unwrap();
    std::fs::write(&late, b"not a kept item").unwrap();
    let notice = kept.join("03-acquisition-of-land-at-example-street.public.item");
    std::fs::copy(&private, notice).unwrap();
    let mut bytes = std::fs::read(&private).unwrap();
    let near_end = bytes.len() - 2000;
    bytes[near_end] ^= 0x20;
    std::fs::write(&private, bytes).unwrap();
    // The private pack's structure elements where the public pack's belong (they may carry
    // exempt text: a table's summary), and the kept fonts with one byte changed.
    std::fs::copy(
        kept.join("pack.private.elements"),
        kept.join("pack.public.elements"),
    )
    .unwrap();
    let fonts = kept.join("subset.fonts");
    let mut bytes = std::fs::read(&fonts).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x20;
    std::fs::write(&fonts, bytes).unwrap();

    let mut cache = ItemCache::default();
    publish::build_reusing(&meeting, &options(&out, &templates), &mut cache).unwrap();
    assert_eq!(cache.reused(), 0, "no file is whole and its own");
    // Only the private pack's and the supplement's elements were whole and their own.
    assert_eq!(cache.elements_reused(), 3);
    assert_as_from_nothing(temp.path(), &meeting, &templates, &out);
}

/// A sink that keeps every file in memory, and fails to place `failing` once it is written
/// (a full disk when the file is closed).
struct Collecting {
    files: std::sync::Mutex<BTreeMap<(Access, PathBuf), Vec<u8>>>,
    failing: Option<PathBuf>,
    /// What an earlier build placed: a kept item is placed again from it.
    published: BTreeMap<(Access, PathBuf), Vec<u8>>,
}

impl Collecting {
    fn new(failing: Option<&str>) -> Self {
        Collecting {
            files: Default::default(),
            failing: failing.map(PathBuf::from),
            published: BTreeMap::new(),
        }
    }

    /// A sink after `earlier`, which published what it collected.
    fn after(earlier: Collecting) -> Self {
        Collecting {
            published: earlier.files.into_inner().unwrap(),
            ..Collecting::new(None)
        }
    }

    fn published_with(&self, access: Access, path: &Path, known: FileDigest) -> Option<&[u8]> {
        let bytes = self.published.get(&(access, path.to_path_buf()))?;
        let mut digester = FileDigester::default();
        digester.update(bytes);
        (digester.finish() == known).then_some(bytes.as_slice())
    }
}

impl Sink for Collecting {
    fn write(&self, access: Access, path: &Path, write: Writer) -> anyhow::Result<u64> {
        let mut bytes = Vec::new();
        write(&mut bytes)?;
        if self.failing.as_deref() == Some(path) {
            anyhow::bail!("the disk is full");
        }
        let length = bytes.len() as u64;
        let file = (access, path.to_path_buf());
        self.files.lock().unwrap().insert(file, bytes);
        Ok(length)
    }

    fn is_published(&self, access: Access, path: &Path, known: FileDigest) -> bool {
        self.published_with(access, path, known).is_some()
    }

    fn keep_published(
        &self,
        access: Access,
        path: &Path,
        known: FileDigest,
    ) -> anyhow::Result<bool> {
        let Some(bytes) = self.published_with(access, path, known) else {
            return Ok(false);
        };
        let file = (access, path.to_path_buf());
        self.files.lock().unwrap().insert(file, bytes.to_vec());
        Ok(true)
    }
}

#[test]
fn a_pdf_that_was_not_placed_is_never_kept() {
    let (temp, meeting, templates) = meeting_with_appendix();
    let prepared = publish::prepare(&meeting, &templates).unwrap();
    let failing = "items/02-test-action-plan.pdf";
    let kept = temp.path().join("kept");
    let mut cache = ItemCache::default();
    cache.start_build(Some(kept.clone()));
    let first = Collecting::new(Some(failing));
    let failed = papers::all_pdfs(&prepared, false, &first, &cache);
    assert!(failed.is_err());

    // Every other item was written and kept; the one the sink refused is made again.
    cache.start_build(Some(kept));
    let rebuilt = Collecting::after(first);
    papers::all_pdfs(&prepared, false, &rebuilt, &cache).unwrap();
    assert_eq!(cache.reused(), ITEM_PDFS - 1);
    let clean = Collecting::new(None);
    papers::all_pdfs(&prepared, false, &clean, &ItemCache::default()).unwrap();
    let (rebuilt, clean) = (
        rebuilt.files.into_inner().unwrap(),
        clean.files.into_inner().unwrap(),
    );
    assert_eq!(
        rebuilt.keys().collect::<Vec<_>>(),
        clean.keys().collect::<Vec<_>>()
    );
    for (file, bytes) in &clean {
        assert!(rebuilt[file] == *bytes, "{file:?} differs");
    }
}

#[test]
fn kept_items_may_never_land_in_the_public_folder() {
    let (temp, meeting, _templates) = meeting_with_appendix();
    let private = temp.path().join("papers");
    let public = publish::kept_items_folder(&private);
    let output = reportpack(&[
        "build",
        meeting.to_str().unwrap(),
        "--out",
        public.to_str().unwrap(),
        "--private-out",
        private.to_str().unwrap(),
    ]);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("which would be in or hold the public folder"),
        "{}",
        stderr(&output)
    );
    assert!(!public.exists() && !private.exists(), "nothing written");
}

/// Every meeting of `data/` and of the test fixtures reads back from its kept parses exactly as
/// from its YAML, and every YAML file it reads is kept: each type's JSON reads back the same.
#[test]
fn kept_parses_read_back_as_their_yaml_reads() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut meetings: Vec<PathBuf> = ["data", "tests/fixtures"]
        .iter()
        .flat_map(|folder| std::fs::read_dir(root.join(folder)).unwrap())
        .map(|entry| entry.unwrap().path())
        .filter(|dir| dir.join("meeting.yaml").is_file())
        .collect();
    meetings.sort();
    assert!(meetings.len() >= 7, "{meetings:?}");
    for meeting in &meetings {
        let from_yaml = load_meeting(meeting).unwrap_or_else(|problems| panic!("{problems}"));
        let mut yaml_files = BTreeSet::from([from_yaml.file.clone()]);
        for report in from_yaml
            .items
            .iter()
            .filter_map(|item| item.report.as_ref())
        {
            yaml_files.insert(report.file.clone());
            for appendix in &report.appendices {
                if let LoadedAppendix::ActionPlan { file, .. } = appendix {
                    if file.extension().is_some_and(|kind| kind == "yaml") {
                        yaml_files.insert(file.clone());
                    }
                }
            }
        }
        let folder = tempfile::tempdir().unwrap();
        let keeping = KeptParses::in_folder(folder.path().to_path_buf());
        let first = load_meeting_keeping(meeting, &keeping).unwrap();
        assert_eq!(keeping.taken(), 0);
        keeping.keep_new();
        let kept = std::fs::read_dir(folder.path()).unwrap().count();
        assert_eq!(
            kept,
            yaml_files.len(),
            "{}: {yaml_files:?}",
            meeting.display()
        );
        let taking = KeptParses::in_folder(folder.path().to_path_buf());
        let again = load_meeting_keeping(meeting, &taking).unwrap();
        assert_eq!(taking.taken(), yaml_files.len(), "{}", meeting.display());
        let expected = format!("{from_yaml:?}");
        assert_eq!(format!("{first:?}"), expected);
        assert_eq!(format!("{again:?}"), expected, "{}", meeting.display());
    }
}
