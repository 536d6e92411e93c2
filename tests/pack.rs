//! The agenda reports pack and the per-item PDFs, read back as a reader sees them (pdftotext),
//! and the build's promises: exempt text never public, a failed build leaves the last good pack,
//! `--only` touches one item.

mod support;
use std::path::Path;
use support::*;

fn built_minimal() -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    let (temp, meeting) = scratch_meeting("minimal");
    let out = temp.path().join("out");
    let output = run_build(&meeting, &out, &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    (temp, meeting, out)
}

/// The page the agenda gives for a title: the last number on the agenda line naming it.
fn agenda_page(pages: &[String], title: &str) -> usize {
    let line = pages
        .iter()
        .take(3)
        .flat_map(|p| p.lines())
        .find(|l| l.contains(title))
        .unwrap_or_else(|| panic!("{title:?} not in the agenda"));
    line.split_whitespace()
        .last()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no page number on the agenda line {line:?}"))
}

#[test]
fn agenda_page_numbers_are_where_each_report_starts() {
    let (_temp, _meeting, out) = built_minimal();
    let pages = pdf_pages(&out.join("pack.pdf"));
    for (title, first_words) in [
        ("Test Action Plan", "CABINET"),
        (
            "Acquisition of Land at Example Street",
            "This report is not for publication",
        ),
    ] {
        let page = agenda_page(&pages, title);
        let text = &pages[page - 1];
        assert!(
            text.contains(title),
            "page {page} should start {title:?}: {text}"
        );
        assert!(text.contains(first_words), "page {page}: {text}");
        assert!(
            !pages[page - 2].contains(first_words) || page == 1,
            "item starts on the page before {page}"
        );
    }
}

#[test]
fn every_page_of_the_pack_carries_its_number() {
    let (_temp, _meeting, out) = built_minimal();
    let pages = pdf_pages(&out.join("pack.pdf"));
    assert!(
        pages.len() >= 4,
        "front sheet, agenda, report, appendix: {} pages",
        pages.len()
    );
    for (index, text) in pages.iter().enumerate() {
        let label = format!("Page {} of {}", index + 1, pages.len());
        assert!(
            text.contains(&label),
            "page {} lacks {label:?}: {text}",
            index + 1
        );
    }
}

#[test]
fn exempt_report_never_reaches_public_outputs() {
    let (_temp, _meeting, out) = built_minimal();
    let secret = [
        "confidential purchase of the Example Street site",
        "secret bid of one pound",
    ];
    for public in [
        "pack.pdf",
        "items/03-acquisition-of-land-at-example-street.pdf",
        "items/02-test-action-plan.pdf",
    ] {
        let text = pdf_pages(&out.join(public)).join("\n");
        for sentence in secret {
            assert!(!text.contains(sentence), "{public} leaks {sentence:?}");
        }
    }
    let private = pdf_pages(&paper(&out, "private/pack.pdf"));
    let all = private.join("\n");
    for sentence in secret {
        assert!(all.contains(sentence), "private pack lacks {sentence:?}");
    }
    assert!(
        private.iter().all(|p| p.contains("NOT FOR PUBLICATION")),
        "every private page is marked"
    );
}

#[test]
fn a_broken_report_leaves_the_last_good_pack() {
    let (_temp, meeting, out) = built_minimal();
    let before = std::fs::read(out.join("pack.pdf")).unwrap();
    edit(
        &meeting.join("reports/plan-report.yaml"),
        "title: Test Action Plan",
        "title: [unclosed",
    );
    let output = run_build(&meeting, &out, &[]);
    assert!(!output.status.success());
    assert_eq!(
        std::fs::read(out.join("pack.pdf")).unwrap(),
        before,
        "pack changed by a failed build"
    );
    let leftovers: Vec<_> = [&out, out.parent().unwrap()]
        .iter()
        .flat_map(|dir| std::fs::read_dir(dir).unwrap())
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with(".reportpack-"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left behind");
}

#[test]
fn only_rebuilds_the_item_and_the_pack_and_leaves_the_rest_untouched() {
    let (_temp, meeting, out) = built_minimal();
    let others = [
        "index.html",
        "items/03-acquisition-of-land-at-example-street.pdf",
        "private/items/03-acquisition-of-land-at-example-street.pdf",
    ];
    let times: Vec<_> = others
        .iter()
        .map(|f| {
            std::fs::metadata(paper(&out, f))
                .unwrap()
                .modified()
                .unwrap()
        })
        .collect();
    std::thread::sleep(std::time::Duration::from_millis(20));
    edit(
        &meeting.join("reports/plan.yaml"),
        "Options being developed.",
        "Options agreed in principle.",
    );
    let output = run_build(&meeting, &out, &["--only", "2"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let printed = String::from_utf8_lossy(&output.stdout);
    for written in ["items/02-test-action-plan.pdf", "pack.pdf"] {
        assert!(
            printed
                .lines()
                .any(|l| l.starts_with("  wrote ") && l.ends_with(written)),
            "--only names {written}: {printed}"
        );
    }
    assert!(
        !printed.contains("03-acquisition"),
        "an untouched item is not listed"
    );
    for shows_the_item in ["items/02-test-action-plan.pdf", "pack.pdf"] {
        let text = pdf_pages(&out.join(shows_the_item)).join("\n");
        assert!(
            text.contains("Options agreed in principle."),
            "{shows_the_item} was not rebuilt"
        );
    }
    for (file, time) in others.iter().zip(times) {
        let now = std::fs::metadata(paper(&out, file))
            .unwrap()
            .modified()
            .unwrap();
        assert_eq!(now, time, "{file} was touched by --only");
    }
}

#[test]
fn rebuilding_gives_byte_identical_pdfs() {
    let (temp, meeting, out) = built_minimal();
    let second = temp.path().join("again");
    let output = run_build(&meeting, &second, &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    for file in [
        "pack.pdf",
        "items/02-test-action-plan.pdf",
        "private/pack.pdf",
    ] {
        assert_eq!(
            std::fs::read(paper(&out, file)).unwrap(),
            std::fs::read(paper(&second, file)).unwrap(),
            "{file} differs"
        );
    }
}

/// The outline as (depth, title), read with lopdf by following /First and /Next.
fn outline(pdf: &Path) -> Vec<(usize, String)> {
    fn walk(
        doc: &lopdf::Document,
        node: Option<lopdf::ObjectId>,
        depth: usize,
        out: &mut Vec<(usize, String)>,
    ) {
        let mut next = node;
        while let Some(id) = next {
            let entry = doc.get_dictionary(id).unwrap();
            let title = entry
                .get(b"Title")
                .and_then(|t| t.as_str())
                .unwrap_or_default();
            let title = if title.starts_with(&[0xFE, 0xFF]) {
                let units: Vec<u16> = title[2..]
                    .chunks(2)
                    .map(|c| u16::from_be_bytes([c[0], c[1]]))
                    .collect();
                String::from_utf16_lossy(&units)
            } else {
                String::from_utf8_lossy(title).into_owned()
            };
            out.push((depth, title));
            walk(
                doc,
                entry.get(b"First").and_then(|f| f.as_reference()).ok(),
                depth + 1,
                out,
            );
            next = entry.get(b"Next").and_then(|n| n.as_reference()).ok();
        }
    }
    let doc = lopdf::Document::load(pdf).unwrap();
    let root = doc
        .catalog()
        .unwrap()
        .get(b"Outlines")
        .and_then(|o| o.as_reference())
        .unwrap();
    let first = doc
        .get_dictionary(root)
        .unwrap()
        .get(b"First")
        .and_then(|f| f.as_reference())
        .ok();
    let mut out = Vec::new();
    walk(&doc, first, 0, &mut out);
    out
}

#[test]
fn bookmarks_follow_the_items_with_appendices_nested() {
    let (_temp, _meeting, out) = built_minimal();
    let entries = outline(&out.join("pack.pdf"));
    let top: Vec<&str> = entries
        .iter()
        .filter(|(d, _)| *d == 0)
        .map(|(_, t)| t.as_str())
        .collect();
    assert_eq!(
        top,
        [
            "Front sheet",
            "Agenda",
            "Item 2: Test Action Plan",
            "Item 3: Acquisition of Land at Example Street"
        ]
    );
    let item = entries
        .iter()
        .position(|(_, t)| t == "Item 2: Test Action Plan")
        .unwrap();
    let children: Vec<&str> = entries[item + 1..]
        .iter()
        .take_while(|(d, _)| *d > 0)
        .filter(|(d, _)| *d == 1)
        .map(|(_, t)| t.as_str())
        .collect();
    assert_eq!(children.first(), Some(&"PURPOSE OF REPORT"));
    assert!(children.contains(&"1.0 Introduction"));
    assert_eq!(
        children.last(),
        Some(&"Appendix A: Test Plan"),
        "the appendix nests under its report, last"
    );
}

#[test]
fn spanning_cells_declare_their_column_span() {
    let (_temp, _meeting, out) = built_minimal();
    let doc = lopdf::Document::load(out.join("items/02-test-action-plan.pdf")).unwrap();
    let spans: Vec<i64> = doc
        .objects
        .values()
        .filter_map(|object| object.as_dict().ok())
        .filter(|dict| {
            dict.get(b"S")
                .and_then(|s| s.as_name())
                .is_ok_and(|s| s == b"TH" || s == b"TD")
        })
        .filter_map(|dict| dict.get(b"A").and_then(|a| a.as_dict()).ok())
        .filter_map(|attributes| attributes.get(b"ColSpan").and_then(|c| c.as_i64()).ok())
        .collect();
    // The action plan's section row spans its six columns; the key-decision table's notice
    // date spans three.
    assert!(spans.contains(&6), "{spans:?}");
    assert!(spans.contains(&3), "{spans:?}");
}

#[test]
fn late_items_go_in_a_supplementary_pack_and_are_to_follow_in_the_agenda() {
    let (_temp, _meeting, out) = built_minimal();
    let late = "emergency repairs to the leisure centre roof";
    let main = pdf_pages(&out.join("pack.pdf"));
    let agenda = main[..2].join("\n");
    assert!(
        agenda.contains("Leisure Centre Roof Repairs"),
        "listed in the agenda"
    );
    assert!(agenda.contains("To follow"), "{agenda}");
    assert!(!main.join("\n").contains(late), "not in the main pack");
    let supplement = pdf_pages(&out.join("supplement-1.pdf"));
    let all = supplement.join("\n");
    assert!(all.contains("Supplementary agenda 1"), "{all}");
    assert!(all.contains(late));
    let page = agenda_page(&supplement, "Leisure Centre Roof Repairs");
    assert!(supplement[page - 1].contains("Leisure Centre Roof Repairs"));
}

/// Heading levels and table first cells, walking a PDF's structure tree in reading order.
fn structure_walk(pdf: &Path) -> Vec<(String, Option<Vec<u8>>)> {
    fn walk(
        doc: &lopdf::Document,
        object: &lopdf::Object,
        out: &mut Vec<(String, Option<Vec<u8>>)>,
    ) {
        let object = match object {
            lopdf::Object::Reference(id) => match doc.get_object(*id) {
                Ok(o) => o,
                Err(_) => return,
            },
            other => other,
        };
        match object {
            lopdf::Object::Array(items) => items.iter().for_each(|i| walk(doc, i, out)),
            lopdf::Object::Dictionary(dict) => {
                if let Ok(role) = dict.get(b"S").and_then(|s| s.as_name()) {
                    let scope = dict
                        .get(b"A")
                        .and_then(|a| a.as_dict())
                        .and_then(|a| a.get(b"Scope"))
                        .and_then(|s| s.as_name())
                        .ok()
                        .map(<[u8]>::to_vec);
                    out.push((String::from_utf8_lossy(role).into_owned(), scope));
                }
                if let Ok(kids) = dict.get(b"K") {
                    walk(doc, kids, out);
                }
            }
            _ => {}
        }
    }
    let doc = lopdf::Document::load(pdf).unwrap();
    let root = doc
        .catalog()
        .unwrap()
        .get(b"StructTreeRoot")
        .unwrap()
        .clone();
    let mut out = Vec::new();
    walk(&doc, &root, &mut out);
    out
}

#[test]
fn tagged_headings_never_skip_a_level_and_tables_start_with_scoped_headers() {
    let (_temp, _meeting, out) = built_minimal();
    for pdf in [
        "pack.pdf",
        "items/02-test-action-plan.pdf",
        "private/pack.pdf",
    ] {
        let elements = structure_walk(&paper(&out, pdf));
        let mut previous = 0;
        let mut headings = 0;
        for (role, _) in &elements {
            if let Some(level) = role.strip_prefix('H').and_then(|l| l.parse::<usize>().ok()) {
                assert!(level <= previous + 1, "{pdf}: H{level} after H{previous}");
                previous = level;
                headings += 1;
            }
        }
        assert!(headings >= 5, "{pdf}: headings found");
        for (index, (role, _)) in elements.iter().enumerate() {
            if role == "Table" {
                let first_cell = elements[index + 1..]
                    .iter()
                    .find(|(r, _)| r == "TH" || r == "TD")
                    .unwrap();
                assert_eq!(
                    first_cell.0, "TH",
                    "{pdf}: a table starts with a header cell"
                );
                assert!(
                    first_cell.1.is_some(),
                    "{pdf}: its header cell has a /Scope"
                );
            }
        }
    }
}

#[test]
fn every_action_plan_cell_names_its_column_and_section_headers() {
    let (_temp, _meeting, out) = built_minimal();
    let doc = lopdf::Document::load(out.join("items/02-test-action-plan.pdf")).unwrap();
    let root = doc
        .catalog()
        .unwrap()
        .get(b"StructTreeRoot")
        .and_then(|r| r.as_reference())
        .unwrap();
    let root = doc.get_dictionary(root).unwrap();
    let names = root
        .get(b"IDTree")
        .and_then(|t| t.as_dict())
        .and_then(|t| t.get(b"Names"))
        .and_then(|n| n.as_array())
        .expect("an IDTree of header cells");
    // ID -> the text of the header cell it names.
    let mut headers = std::collections::HashMap::new();
    for pair in names.chunks(2) {
        let id = pair[0].as_str().unwrap().to_vec();
        let element = doc.get_dictionary(pair[1].as_reference().unwrap()).unwrap();
        assert_eq!(element.get(b"S").unwrap().as_name().unwrap(), b"TH");
        assert_eq!(element.get(b"ID").unwrap().as_str().unwrap(), &id[..]);
        headers.insert(id, ());
    }
    let cells: Vec<&lopdf::Dictionary> = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.get(b"S").and_then(|s| s.as_name()).ok() == Some(b"TD"))
        .filter(|cell| in_table_with_head(&doc, cell))
        .collect();
    assert!(!cells.is_empty());
    let mut with_section = 0;
    for cell in &cells {
        let named = cell
            .get(b"A")
            .and_then(|a| a.as_dict())
            .and_then(|a| a.get(b"Headers"))
            .and_then(|h| h.as_array())
            .expect("a data cell without /Headers");
        for id in named {
            assert!(
                headers.contains_key(id.as_str().unwrap()),
                "unknown header id"
            );
        }
        if named.len() >= 2 {
            with_section += 1;
        }
    }
    assert!(
        with_section > 0,
        "no cell is headed by its column and its section"
    );
}

/// Whether a cell's table (its TR's parent's parent) has a head row group.
fn in_table_with_head(doc: &lopdf::Document, cell: &lopdf::Dictionary) -> bool {
    let parent = |d: &lopdf::Dictionary| {
        d.get(b"P")
            .and_then(|p| p.as_reference())
            .and_then(|p| doc.get_dictionary(p))
            .ok()
    };
    let Some(table) = parent(cell).and_then(parent).and_then(parent) else {
        return false;
    };
    let kids = match table.get(b"K") {
        Ok(lopdf::Object::Array(kids)) => kids.clone(),
        _ => return false,
    };
    kids.iter().any(|kid| {
        kid.as_reference()
            .and_then(|k| doc.get_dictionary(k))
            .is_ok_and(|k| k.get(b"S").and_then(|s| s.as_name()).ok() == Some(b"THead"))
    })
}

/// A page's text without its running footer's page number ("Page 3 of 12").
fn without_page_number(page: &str) -> String {
    page.lines()
        .map(|line| match line.find("Page ") {
            Some(at) => line[..at].trim_end(),
            None => line.trim_end(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn an_item_reads_the_same_in_the_pack_as_in_its_own_pdf() {
    // The pack is stitched from the items' own pages: same lines, same page breaks; only the
    // running page numbers differ.
    let (_temp, _meeting, out) = built_minimal();
    let pack = pdf_pages(&out.join("pack.pdf"));
    let item = pdf_pages(&paper(&out, "items/02-test-action-plan.pdf"));
    assert!(item.len() > 1, "the item should run over pages: {item:?}");
    let start = agenda_page(&pack, "Test Action Plan") - 1;
    for (index, page) in item.iter().enumerate() {
        assert_eq!(
            without_page_number(page),
            without_page_number(&pack[start + index]),
            "page {} of the item differs from page {} of the pack",
            index + 1,
            start + index + 1
        );
    }
    assert!(pack[start].contains(&format!("Page {} of {}", start + 1, pack.len())));
    assert!(item[0].contains(&format!("Page 1 of {}", item.len())));
}

/// The West Lancashire example built: its report links to its two appendices.
fn built_west_lancashire() -> (tempfile::TempDir, std::path::PathBuf) {
    let temp = tempfile::tempdir().unwrap();
    let out = temp.path().join("out");
    let meeting = Path::new("data/west-lancashire-executive-overview-scrutiny-2022-09-06");
    build_into(meeting, &out, &[]);
    (temp, out)
}

/// Every link in a pack leads where the bookmark of the heading it names leads: the agenda's
/// to each item, and an item's own to its appendices, wherever the item's pages sit in the pack
/// (the pack takes over the pages its items' PDFs drew, their links renumbered; the bookmarks
/// are the stitched layout's).
#[test]
fn every_link_in_the_pack_leads_where_its_headings_bookmark_does() {
    let (_temp, out) = built_west_lancashire();
    let doc = lopdf::Document::load(out.join("pack.pdf")).unwrap();
    let numbers: std::collections::HashMap<lopdf::ObjectId, u32> =
        doc.get_pages().into_iter().map(|(n, id)| (id, n)).collect();
    let text = |object: &lopdf::Object| lopdf::decode_text_string(object).unwrap();
    // (page, top) of a `[page /XYZ left top zoom]` destination.
    let place = |dest: &[lopdf::Object]| {
        let top = dest[3].as_float().unwrap();
        (
            numbers[&dest[0].as_reference().unwrap()],
            (top * 10.0).round() as i64,
        )
    };
    let mut bookmarks = Vec::new();
    let outlines = doc.catalog().unwrap().get(b"Outlines").unwrap();
    let mut next = vec![doc
        .dereference(outlines)
        .unwrap()
        .1
        .as_dict()
        .unwrap()
        .get(b"First")];
    while let Some(entry) = next.pop() {
        let Ok(entry) = entry else { continue };
        let entry = doc.dereference(entry).unwrap().1.as_dict().unwrap();
        let dest = entry.get(b"Dest").unwrap().as_array().unwrap();
        bookmarks.push((text(entry.get(b"Title").unwrap()), place(dest)));
        next.extend([entry.get(b"Next"), entry.get(b"First")]);
    }
    let mut followed = Vec::new();
    for (number, page) in doc.get_pages() {
        let page = doc.get_dictionary(page).unwrap();
        let Ok(annots) = page.get(b"Annots").and_then(lopdf::Object::as_array) else {
            continue;
        };
        for annot in annots {
            let annot = doc.dereference(annot).unwrap().1.as_dict().unwrap();
            let Ok(dest) = annot.get(b"Dest").and_then(lopdf::Object::as_array) else {
                continue;
            };
            let says = text(annot.get(b"Contents").unwrap());
            let (title, heading) = (bookmarks.iter())
                .find(|(title, _)| title.contains(&says))
                .unwrap_or_else(|| panic!("no bookmark names {says:?}: {bookmarks:?}"));
            assert_eq!(
                place(dest),
                *heading,
                "the link {says:?} on page {number} does not lead where the bookmark {title:?} does"
            );
            followed.push((number, says));
        }
    }
    // The agenda's link to the report, and the report's to its two appendices, pages on.
    assert!(followed.len() >= 3, "{followed:?}");
    assert!(followed.iter().any(|(from, _)| *from > 3), "{followed:?}");
}

/// The pack's structure tree holds each item's exactly as the item's own PDF does (its pages
/// are taken over from that PDF's drawing, their content renumbered to the pack's elements).
#[test]
fn the_pack_tags_an_item_as_its_own_pdf_does() {
    let (_temp, out) = built_west_lancashire();
    // Header cell ids and annotation object numbers are the file's own (numbers are hidden);
    // the rest must agree.
    let tree = |pdf: &Path| -> Vec<String> {
        let output = std::process::Command::new("pdfinfo")
            .arg("-struct-text")
            .arg(pdf)
            .output()
            .expect("pdfinfo must be installed");
        let text = String::from_utf8_lossy(&output.stdout).into_owned();
        // Every run of digits as one `#`.
        let numbers_hidden = |line: &str| {
            let mut out = String::new();
            for ch in line.chars() {
                match (ch.is_ascii_digit(), out.ends_with('#')) {
                    (true, true) => {}
                    (true, false) => out.push('#'),
                    (false, _) => out.push(ch),
                }
            }
            out
        };
        text.lines().map(numbers_hidden).collect()
    };
    let item = tree(&out.join("items/06-corporate-peer-challenge.pdf"));
    let pack = tree(&out.join("pack.pdf"));
    assert_eq!(item.first().map(String::as_str), Some("Document"));
    let item = &item[1..];
    assert!(item.len() > 100, "{item:?}");
    assert!(
        pack.windows(item.len()).any(|window| window == item),
        "the item's structure is not in the pack as it is in the item's PDF"
    );
}
