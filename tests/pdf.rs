//! The PDF writer, checked by reading its output back: tagging, structure, outline, links,
//! metadata, fonts, imported pages and determinism.

use chrono::NaiveDate;
use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId};
use reportpack::layout::pages::{
    FontStyle, HeaderScope, ImportedPage, Item, LaidOut, LinkTarget, OutlineEntry, Page, Rgb, Role,
    StructNode,
};
use reportpack::pdf::{write_pdf, PdfMeta};
use std::path::Path;
use std::process::Command;

const BLACK: Rgb = Rgb(0.0, 0.0, 0.0);
const GREY: Rgb = Rgb(0.4, 0.4, 0.4);

fn styled(
    x: f32,
    baseline: f32,
    words: &str,
    node: Option<usize>,
    font: FontStyle,
    size: f32,
    color: Rgb,
) -> Item {
    Item::Text {
        x,
        baseline,
        font,
        size,
        text: words.into(),
        color,
        node,
    }
}

fn text(x: f32, baseline: f32, words: &str, node: Option<usize>) -> Item {
    styled(x, baseline, words, node, FontStyle::Regular, 11.0, BLACK)
}

fn bold(x: f32, baseline: f32, words: &str, node: usize) -> Item {
    styled(x, baseline, words, Some(node), FontStyle::Bold, 16.0, BLACK)
}

fn line(x1: f32, y1: f32, x2: f32, y2: f32) -> Item {
    Item::Line {
        x1,
        y1,
        x2,
        y2,
        width: 0.5,
        color: GREY,
    }
}

fn footer(number: usize, height: f32) -> Item {
    let words = format!("Page {number}");
    styled(
        60.0,
        height - 30.0,
        &words,
        None,
        FontStyle::Regular,
        9.0,
        GREY,
    )
}

/// Roles with parents; children are derived in the order given.
fn structure(nodes: &[(Role, Option<usize>)]) -> Vec<StructNode> {
    let mut out: Vec<StructNode> = nodes
        .iter()
        .map(|(role, parent)| StructNode::new(*role, *parent))
        .collect();
    for (id, (_, parent)) in nodes.iter().enumerate() {
        if let Some(p) = parent {
            out[*p].children.push(id);
        }
    }
    out
}

/// Two pages (portrait then landscape) with a heading, a paragraph holding a link, a list, a
/// table with column headers, a checkbox, a Welsh paragraph, footers and a two-level outline.
fn sample(title: &str) -> LaidOut {
    let mut nodes = structure(&[
        (Role::Document, None),                   // 0
        (Role::H(1), Some(0)),                    // 1
        (Role::P, Some(0)),                       // 2
        (Role::Link, Some(2)),                    // 3
        (Role::L, Some(0)),                       // 4
        (Role::LI, Some(4)),                      // 5
        (Role::Lbl, Some(5)),                     // 6
        (Role::LBody, Some(5)),                   // 7
        (Role::Table, Some(0)),                   // 8
        (Role::TR, Some(8)),                      // 9
        (Role::TH(HeaderScope::Column), Some(9)), // 10
        (Role::TH(HeaderScope::Column), Some(9)), // 11
        (Role::TR, Some(8)),                      // 12
        (Role::TD, Some(12)),                     // 13
        (Role::TD, Some(12)),                     // 14
        (Role::H(2), Some(0)),                    // 15
        (Role::Figure, Some(0)),                  // 16
        (Role::P, Some(0)),                       // 17
    ]);
    nodes[16].set_alt("Key Decision: no");
    nodes[17].set_lang("cy");

    let portrait = Page {
        width: 595.0,
        height: 842.0,
        items: vec![
            styled(
                60.0,
                40.0,
                "Cabinet, 14 March 2026",
                None,
                FontStyle::Regular,
                9.0,
                GREY,
            ),
            line(60.0, 50.0, 535.0, 50.0),
            bold(60.0, 90.0, title, 1),
            text(60.0, 120.0, "This is a paragraph with a ", Some(2)),
            text(200.0, 120.0, "link", Some(3)),
            Item::Link {
                x: 200.0,
                y: 110.0,
                w: 20.0,
                h: 12.0,
                target: LinkTarget::Uri("https://example.gov.uk/report".into()),
                node: 3,
            },
            text(222.0, 120.0, " in it.", Some(2)),
            text(60.0, 150.0, "1.", Some(6)),
            text(80.0, 150.0, "First item", Some(7)),
            line(60.0, 170.0, 535.0, 170.0),
            text(60.0, 185.0, "Action", Some(10)),
            text(300.0, 185.0, "Owner", Some(11)),
            line(60.0, 190.0, 535.0, 190.0),
            text(60.0, 205.0, "Fix roads", Some(13)),
            text(300.0, 205.0, "Highways", Some(14)),
            Item::Link {
                x: 300.0,
                y: 195.0,
                w: 40.0,
                h: 12.0,
                target: LinkTarget::Page { page: 1, y: 60.0 },
                node: 3,
            },
            footer(1, 842.0),
        ],
        footer_start: usize::MAX,
        running_footer: String::new(),
        imported: None,
    };
    let landscape = Page {
        width: 842.0,
        height: 595.0,
        items: vec![
            bold(60.0, 60.0, "Key decision", 15),
            Item::Rect {
                x: 60.0,
                y: 80.0,
                w: 10.0,
                h: 10.0,
                fill: None,
                stroke: Some((BLACK, 1.0)),
                node: Some(16),
            },
            Item::Rect {
                x: 60.0,
                y: 100.0,
                w: 700.0,
                h: 20.0,
                fill: Some(Rgb(0.9, 0.9, 0.9)),
                stroke: None,
                node: None,
            },
            text(60.0, 115.0, "Croeso i'r adroddiad", Some(17)),
            footer(2, 595.0),
        ],
        footer_start: usize::MAX,
        running_footer: String::new(),
        imported: None,
    };
    LaidOut {
        title: title.into(),
        lang: "en-GB".into(),
        pages: vec![portrait, landscape],
        structure: nodes,
        outline: vec![
            outline_entry("Annual report", 1, 0, 90.0),
            outline_entry("Actions", 2, 0, 185.0),
            outline_entry("Key decision", 2, 1, 60.0),
            outline_entry("Appendix", 1, 1, 115.0),
        ],
        section_pages: vec![0],
        anchors: Default::default(),
        open_links: Vec::new(),
    }
}

fn outline_entry(title: &str, level: u8, page: usize, y: f32) -> OutlineEntry {
    OutlineEntry {
        title: title.into(),
        level,
        page,
        y,
    }
}

fn meta(title: &str) -> PdfMeta {
    PdfMeta {
        title: title.into(),
        author: "Exampleshire County Council".into(),
        subject: "Annual performance report".into(),
        keywords: vec!["cabinet".into(), "performance".into()],
        date: NaiveDate::from_ymd_opt(2026, 3, 14).expect("valid date"),
        lang: "en-GB".into(),
    }
}

fn write(laid: &LaidOut) -> Vec<u8> {
    write_pdf(laid, &meta(&laid.title)).expect("the PDF is written")
}

fn load(bytes: &[u8]) -> Document {
    Document::load_mem(bytes).expect("the written PDF parses")
}

fn dict<'a>(doc: &'a Document, object: &'a Object) -> &'a Dictionary {
    match object {
        Object::Reference(id) => doc.get_dictionary(*id).expect("referenced dictionary"),
        Object::Dictionary(d) => d,
        other => panic!("expected a dictionary, got {other:?}"),
    }
}

fn name<'a>(d: &'a Dictionary, key: &[u8]) -> &'a [u8] {
    d.get(key).and_then(Object::as_name).expect("a name")
}

fn struct_root(doc: &Document) -> &Dictionary {
    let catalog = doc.catalog().expect("catalog");
    dict(doc, catalog.get(b"StructTreeRoot").expect("StructTreeRoot"))
}

#[test]
fn catalog_carries_the_pdf_ua_entries() {
    let bytes = write(&sample("Annual report"));
    assert!(bytes.starts_with(b"%PDF-1.7"));
    let doc = load(&bytes);
    let catalog = doc.catalog().unwrap();
    let mark_info = dict(&doc, catalog.get(b"MarkInfo").unwrap());
    assert_eq!(mark_info.get(b"Marked").unwrap(), &Object::Boolean(true));
    assert_eq!(catalog.get(b"Lang").unwrap().as_str().unwrap(), b"en-GB");
    let prefs = dict(&doc, catalog.get(b"ViewerPreferences").unwrap());
    assert_eq!(
        prefs.get(b"DisplayDocTitle").unwrap(),
        &Object::Boolean(true)
    );
    assert_eq!(name(catalog, b"PageMode"), b"UseOutlines");

    let xmp_id = catalog.get(b"Metadata").unwrap().as_reference().unwrap();
    let xmp = doc.get_object(xmp_id).unwrap().as_stream().unwrap();
    assert!(
        xmp.dict.get(b"Filter").is_err(),
        "XMP must stay uncompressed"
    );
    let xmp = String::from_utf8(xmp.content.clone()).unwrap();
    for needle in [
        "<dc:title>",
        "Annual report",
        "<pdfuaid:part>1</pdfuaid:part>",
        "pdfaSchema:prefix>pdfuaid<",
        "<xmp:CreateDate>2026-03-14T00:00:00Z</xmp:CreateDate>",
        "Exampleshire County Council",
        "<pdf:Keywords>cabinet, performance</pdf:Keywords>",
    ] {
        assert!(xmp.contains(needle), "XMP lacks {needle}");
    }

    let info = dict(&doc, doc.trailer.get(b"Info").unwrap());
    assert_eq!(
        info.get(b"Producer").unwrap().as_str().unwrap(),
        b"reportpack"
    );
    assert_eq!(
        info.get(b"CreationDate").unwrap().as_str().unwrap(),
        b"D:20260314000000Z"
    );
    assert!(doc.trailer.get(b"ID").is_ok());

    let root = struct_root(&doc);
    assert!(root.get(b"ParentTree").is_ok());
    assert_eq!(
        root.get(b"ParentTreeNextKey").unwrap().as_i64().unwrap(),
        4,
        "two pages and two link annotations"
    );
    let boxes: Vec<Vec<f32>> = doc
        .get_pages()
        .values()
        .map(|id| {
            let page = doc.get_dictionary(*id).unwrap();
            let media = page.get(b"MediaBox").unwrap().as_array().unwrap();
            media.iter().map(|v| v.as_float().unwrap()).collect()
        })
        .collect();
    assert_eq!(
        boxes,
        [vec![0.0, 0.0, 595.0, 842.0], vec![0.0, 0.0, 842.0, 595.0]]
    );
    for (_, page_id) in doc.get_pages() {
        let page = doc.get_dictionary(page_id).unwrap();
        assert_eq!(name(page, b"Tabs"), b"S");
        assert!(page.get(b"StructParents").is_ok());
    }
}

/// Operators that put marks on the page and so must sit inside marked content.
fn paints(operator: &str) -> bool {
    matches!(
        operator,
        "Tj" | "TJ"
            | "'"
            | "\""
            | "S"
            | "s"
            | "f"
            | "F"
            | "f*"
            | "B"
            | "B*"
            | "b"
            | "b*"
            | "Do"
            | "sh"
    )
}

/// Every page's marked-content sequences, in stream order: (tag, MCID).
fn marked_sequences(doc: &Document) -> Vec<Vec<(String, Option<i64>)>> {
    doc.get_pages()
        .values()
        .map(|page_id| {
            let content = Content::decode(&doc.get_page_content(*page_id)).unwrap();
            let mut depth = 0;
            let mut sequences = Vec::new();
            for op in &content.operations {
                match op.operator.as_str() {
                    "BMC" | "BDC" => {
                        depth += 1;
                        let tag = String::from_utf8(op.operands[0].as_name().unwrap().to_vec());
                        let mcid = op
                            .operands
                            .get(1)
                            .and_then(|p| p.as_dict().ok())
                            .and_then(|d| d.get(b"MCID").ok())
                            .and_then(|m| m.as_i64().ok());
                        sequences.push((tag.unwrap(), mcid));
                    }
                    "EMC" => {
                        assert!(depth > 0, "EMC without a matching BDC/BMC");
                        depth -= 1;
                    }
                    other => assert!(
                        !(paints(other) && depth == 0),
                        "{other} is outside marked content"
                    ),
                }
            }
            assert_eq!(depth, 0, "unclosed marked content");
            sequences
        })
        .collect()
}

#[test]
fn all_page_content_is_tagged_or_an_artifact() {
    let doc = load(&write(&sample("Annual report")));
    let sequences = marked_sequences(&doc);
    let page_one_tags: Vec<&str> = sequences[0].iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(
        page_one_tags,
        [
            "Artifact", "Artifact", "H1", "P", "Link", "P", "Lbl", "LBody", "Artifact", "TH", "TH",
            "Artifact", "TD", "TD", "Artifact"
        ]
    );
    // MCIDs are dense from 0 on each page.
    for page in &sequences {
        let mcids: Vec<i64> = page.iter().filter_map(|(_, m)| *m).collect();
        assert_eq!(mcids, (0..mcids.len() as i64).collect::<Vec<_>>());
    }
}

/// Structure elements in document order (depth first) with the MCIDs each holds directly.
fn walk(doc: &Document, elem: &Dictionary, out: &mut Vec<(String, Vec<(ObjectId, i64)>)>) {
    let role = String::from_utf8(name(elem, b"S").to_vec()).unwrap();
    let page = elem.get(b"Pg").and_then(Object::as_reference).ok();
    let kids = match elem.get(b"K") {
        Ok(Object::Array(kids)) => kids.clone(),
        Ok(single) => vec![single.clone()],
        Err(_) => Vec::new(),
    };
    let index = out.len();
    out.push((role, Vec::new()));
    for kid in kids {
        match kid {
            Object::Integer(mcid) => out[index].1.push((page.unwrap(), mcid)),
            Object::Reference(id) => walk(doc, doc.get_dictionary(id).unwrap(), out),
            Object::Dictionary(d) if name(&d, b"Type") == b"MCR" => {
                let pg = d.get(b"Pg").unwrap().as_reference().unwrap();
                out[index]
                    .1
                    .push((pg, d.get(b"MCID").unwrap().as_i64().unwrap()));
            }
            Object::Dictionary(d) => assert_eq!(name(&d, b"Type"), b"OBJR"),
            other => panic!("unexpected kid {other:?}"),
        }
    }
}

#[test]
fn structure_tree_follows_reading_order_and_covers_all_content() {
    let doc = load(&write(&sample("Annual report")));
    let root = struct_root(&doc);
    let document = dict(&doc, root.get(b"K").unwrap());
    let mut elems = Vec::new();
    walk(&doc, document, &mut elems);
    let roles: Vec<&str> = elems.iter().map(|(r, _)| r.as_str()).collect();
    assert_eq!(
        roles,
        [
            "Document", "H1", "P", "Link", "L", "LI", "Lbl", "LBody", "Table", "TR", "TH", "TH",
            "TR", "TD", "TD", "H2", "Figure", "P"
        ]
    );
    // Each MCID in the content is claimed by exactly one element, and the parent tree agrees.
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    let mut claimed: Vec<(ObjectId, i64)> = elems.iter().flat_map(|(_, m)| m.clone()).collect();
    claimed.sort();
    let mut drawn: Vec<(ObjectId, i64)> = marked_sequences(&doc)
        .iter()
        .zip(&pages)
        .flat_map(|(seqs, page)| seqs.iter().filter_map(|(_, m)| m.map(|m| (*page, m))))
        .collect();
    drawn.sort();
    assert_eq!(claimed, drawn);
    // The paragraph's own text comes before and after its link: MCIDs 1, then the Link
    // element, then MCID 3.
    let paragraph = &elems[2];
    assert_eq!(paragraph.1.iter().map(|m| m.1).collect::<Vec<_>>(), [1, 3]);
}

#[test]
fn elements_carry_scope_language_and_alt_text() {
    let doc = load(&write(&sample("Annual report")));
    let elems: Vec<&Dictionary> = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.get(b"Type").and_then(Object::as_name).ok() == Some(b"StructElem"))
        .collect();
    let with_role = |role: &'static [u8]| elems.iter().filter(move |d| name(d, b"S") == role);
    for th in with_role(b"TH") {
        let attrs = dict(&doc, th.get(b"A").unwrap());
        assert_eq!(name(attrs, b"O"), b"Table");
        assert_eq!(name(attrs, b"Scope"), b"Column");
    }
    assert_eq!(with_role(b"TH").count(), 2);
    let figure = with_role(b"Figure").next().unwrap();
    assert_eq!(
        figure.get(b"Alt").unwrap().as_str().unwrap(),
        b"Key Decision: no"
    );
    let welsh = with_role(b"P").find(|p| p.get(b"Lang").is_ok()).unwrap();
    assert_eq!(welsh.get(b"Lang").unwrap().as_str().unwrap(), b"cy");
}

#[test]
fn hidden_table_caption_is_a_summary_not_alternate_text() {
    // A visually hidden caption reaches layout as the table's `alt`. As /Alt it would stand in
    // for every cell of the table (outloud TAG-031); it must be the Table's /Summary.
    let mut laid = sample("Annual report");
    laid.structure[8].set_alt("Actions and owners");
    let doc = load(&write(&laid));
    let table = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .find(|d| d.get(b"S").and_then(Object::as_name).ok() == Some(b"Table"))
        .expect("a Table element");
    assert!(table.get(b"Alt").is_err(), "a Table carries no /Alt");
    let attrs = dict(&doc, table.get(b"A").expect("table attributes"));
    assert_eq!(name(attrs, b"O"), b"Table");
    assert_eq!(
        attrs.get(b"Summary").unwrap().as_str().unwrap(),
        b"Actions and owners"
    );
    // The Table holds only rows, yet names the page it starts on.
    let first_page = *doc.get_pages().get(&1).unwrap();
    assert_eq!(
        table.get(b"Pg").unwrap().as_reference().unwrap(),
        first_page
    );
}

#[test]
fn outline_is_nested_in_order_with_counts() {
    let doc = load(&write(&sample("Annual report")));
    let catalog = doc.catalog().unwrap();
    let outlines = dict(&doc, catalog.get(b"Outlines").unwrap());
    assert_eq!(outlines.get(b"Count").unwrap().as_i64().unwrap(), 4);
    let children = |d: &Dictionary| -> Vec<Dictionary> {
        let mut out = Vec::new();
        let mut next = d.get(b"First").ok().cloned();
        while let Some(Object::Reference(id)) = next {
            let item = doc.get_dictionary(id).unwrap().clone();
            next = item.get(b"Next").ok().cloned();
            out.push(item);
        }
        out
    };
    let title = |d: &Dictionary| {
        String::from_utf8(d.get(b"Title").unwrap().as_str().unwrap().to_vec()).unwrap()
    };
    let top = children(outlines);
    assert_eq!(
        top.iter().map(title).collect::<Vec<_>>(),
        ["Annual report", "Appendix"]
    );
    assert_eq!(top[0].get(b"Count").unwrap().as_i64().unwrap(), 2);
    assert!(top[1].get(b"Count").is_err(), "a leaf has no Count");
    let nested = children(&top[0]);
    assert_eq!(
        nested.iter().map(title).collect::<Vec<_>>(),
        ["Actions", "Key decision"]
    );
    // Destination: the heading's page and position, flipped to PDF's bottom-up y.
    let dest = nested[1].get(b"Dest").unwrap().as_array().unwrap();
    let second_page = *doc.get_pages().get(&2).unwrap();
    assert_eq!(dest[0].as_reference().unwrap(), second_page);
    assert_eq!(dest[1].as_name().unwrap(), b"XYZ");
    assert_eq!(dest[3].as_float().unwrap(), 595.0 - 60.0);
}

#[test]
fn link_annotations_are_borderless_described_and_tagged() {
    let doc = load(&write(&sample("Annual report")));
    let first_page = *doc.get_pages().get(&1).unwrap();
    let page = doc.get_dictionary(first_page).unwrap();
    let annots = page.get(b"Annots").unwrap().as_array().unwrap();
    assert_eq!(annots.len(), 2);
    let root = struct_root(&doc);
    let parent_tree = dict(&doc, root.get(b"ParentTree").unwrap());
    let nums = parent_tree.get(b"Nums").unwrap().as_array().unwrap();
    for annot in annots {
        let annot_id = annot.as_reference().unwrap();
        let a = doc.get_dictionary(annot_id).unwrap();
        assert_eq!(name(a, b"Subtype"), b"Link");
        assert_eq!(a.get(b"Border").unwrap().as_array().unwrap().len(), 3);
        assert!(a
            .get(b"Border")
            .unwrap()
            .as_array()
            .unwrap()
            .iter()
            .all(|v| v.as_float().unwrap() == 0.0));
        assert_eq!(a.get(b"Contents").unwrap().as_str().unwrap(), b"link");
        // Print flag set, Hidden and NoView clear (outloud LNK-004, PDF/UA 7.18.1).
        assert_eq!(a.get(b"F").unwrap().as_i64().unwrap(), 4);
        let key = a.get(b"StructParent").unwrap().as_i64().unwrap();
        let position = nums
            .chunks(2)
            .position(|pair| pair[0].as_i64().unwrap() == key)
            .expect("the annotation's key is in the parent tree");
        let elem = dict(&doc, &nums[position * 2 + 1]);
        assert_eq!(name(elem, b"S"), b"Link");
        let objrs = elem
            .get(b"K")
            .unwrap()
            .as_array()
            .unwrap()
            .iter()
            .filter(|k| {
                k.as_dict().is_ok_and(|d| {
                    d.get(b"Obj").and_then(Object::as_reference).ok() == Some(annot_id)
                })
            })
            .count();
        assert_eq!(objrs, 1, "the Link element holds an OBJR to its annotation");
    }
    let uri = dict(&doc, &annots[0]);
    let action = dict(&doc, uri.get(b"A").unwrap());
    assert_eq!(
        action.get(b"URI").unwrap().as_str().unwrap(),
        b"https://example.gov.uk/report"
    );
    let internal = dict(&doc, &annots[1]);
    assert!(internal.get(b"Dest").is_ok());
}

#[test]
fn same_input_gives_the_same_bytes() {
    let first = write(&sample("Annual report"));
    let _other = write(&sample("A different report"));
    let second = write(&sample("Annual report"));
    let _another = write(&sample("Yet another"));
    let third = write(&sample("Annual report"));
    assert!(
        first == second && second == third,
        "output differs between runs"
    );
    assert_ne!(first, write(&sample("A different report")));
}

fn tool(name: &str, args: &[&str], file: &Path) -> Option<String> {
    // pdftotext writes to a file unless told "-" after the input.
    let stdout: &[&str] = if name == "pdftotext" { &["-"] } else { &[] };
    match Command::new(name)
        .args(args)
        .arg(file)
        .args(stdout)
        .output()
    {
        Ok(out) if out.status.success() => Some(String::from_utf8_lossy(&out.stdout).into_owned()),
        Ok(out) => panic!("{name} failed: {}", String::from_utf8_lossy(&out.stderr)),
        Err(error) => panic!("{name} (poppler-utils) must be installed: {error}"),
    }
}

fn written_file(laid: &LaidOut) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.pdf");
    std::fs::write(&path, write(laid)).unwrap();
    (dir, path)
}

#[test]
fn poppler_sees_tags_fonts_and_spaced_text() {
    let (_dir, path) = written_file(&sample("Annual report"));
    if let Ok(keep) = std::env::var("REPORTPACK_KEEP_PDF") {
        std::fs::copy(&path, keep).unwrap();
    }
    if let Some(info) = tool("pdfinfo", &[], &path) {
        assert!(info.contains("Tagged:          yes"), "{info}");
        assert!(info.contains("Title:           Annual report"), "{info}");
    }
    if let Some(fonts) = tool("pdffonts", &[], &path) {
        let rows: Vec<&str> = fonts.lines().skip(2).collect();
        assert_eq!(
            rows.len(),
            2,
            "only the faces used (regular, bold): {fonts}"
        );
        for row in rows {
            let cols: Vec<&str> = row.split_whitespace().collect();
            // name type... emb sub uni object generation
            let n = cols.len();
            assert_eq!(&cols[n - 5..n - 2], ["yes", "yes", "yes"], "{row}");
            assert!(cols[0].len() > 7 && cols[0].as_bytes()[6] == b'+', "{row}");
        }
    }
    if let Some(text) = tool("pdftotext", &[], &path) {
        // Layout may widen a gap between runs; what matters is that words stay apart.
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            text.contains("This is a paragraph with a link in it."),
            "{text}"
        );
        assert!(text.contains("Croeso i'r adroddiad"), "{text}");
    }
    if let Some(tree) = tool("pdfinfo", &["-struct-text"], &path) {
        let order: Vec<&str> = [
            "Annual report",
            "This is a paragraph",
            "link",
            "in it.",
            "First item",
            "Action",
            "Owner",
            "Fix roads",
            "Key decision",
            "Croeso",
        ]
        .into_iter()
        .collect();
        let mut from = 0;
        for needle in order {
            let at = tree[from..]
                .find(needle)
                .unwrap_or_else(|| panic!("{needle} out of order in\n{tree}"));
            from += at;
        }
    }
}

#[test]
fn imported_pages_keep_their_content_under_our_stamp() {
    let appendix = {
        let mut laid = sample("Foreign council report");
        laid.pages.truncate(1);
        laid.pages[0].items.retain(|item| {
            !matches!(
                item,
                Item::Link {
                    target: LinkTarget::Page { .. },
                    ..
                }
            )
        });
        laid.outline.clear();
        laid
    };
    let (_dir, foreign) = written_file(&appendix);
    let mut laid = sample("Annual report");
    laid.pages.push(Page {
        width: 595.0,
        height: 842.0,
        items: vec![footer(3, 842.0)],
        footer_start: usize::MAX,
        running_footer: String::new(),
        imported: Some(ImportedPage {
            file: foreign.clone(),
            index: 0,
        }),
    });
    let (_dir2, path) = written_file(&laid);
    let doc = load(&std::fs::read(&path).unwrap());
    assert_eq!(doc.get_pages().len(), 3);
    // The appendix is tagged: its page is painted as a form holding its own marked content
    // (in a sequence tied to no element), and its elements join our structure tree.
    let sequences = marked_sequences(&doc);
    assert_eq!(
        sequences[2],
        [("Span".to_string(), None), ("Artifact".to_string(), None)]
    );
    if let Some(text) = tool("pdftotext", &["-f", "3", "-l", "3"], &path) {
        assert!(text.contains("Foreign council report"), "{text}");
        assert!(text.contains("Page 3"), "{text}");
    }
    if let Some(tree) = tool("pdfinfo", &["-struct-text"], &path) {
        assert!(tree.contains("Foreign council report"), "{tree}");
    }
}

#[test]
fn missing_or_unreadable_appendix_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing-appendix.pdf");
    let garbage = dir.path().join("not-a-pdf.pdf");
    std::fs::write(&garbage, b"hello").unwrap();
    for file in [missing, garbage] {
        let mut laid = sample("Annual report");
        laid.pages.push(Page {
            width: 595.0,
            height: 842.0,
            items: vec![],
            footer_start: usize::MAX,
            running_footer: String::new(),
            imported: Some(ImportedPage {
                file: file.clone(),
                index: 0,
            }),
        });
        let error = write_pdf(&laid, &meta("Annual report")).unwrap_err();
        let message = format!("{error:#}");
        assert!(message.contains(&file.display().to_string()), "{message}");
    }
}

#[test]
fn encrypted_appendix_is_refused() {
    let (dir, plain) = written_file(&sample("Secret"));
    let encrypted = dir.path().join("encrypted.pdf");
    let made = Command::new("qpdf")
        .args(["--encrypt", "user", "owner", "256", "--"])
        .arg(&plain)
        .arg(&encrypted)
        .status();
    assert!(
        made.is_ok_and(|s| s.success()),
        "qpdf must be installed (.ci/run installs it)"
    );
    let mut laid = sample("Annual report");
    laid.pages.push(Page {
        width: 595.0,
        height: 842.0,
        items: vec![],
        footer_start: usize::MAX,
        running_footer: String::new(),
        imported: Some(ImportedPage {
            file: encrypted.clone(),
            index: 0,
        }),
    });
    let message = format!(
        "{:#}",
        write_pdf(&laid, &meta("Annual report")).unwrap_err()
    );
    assert!(message.contains("encrypted.pdf"), "{message}");
}
