//! Layout engine tests: positions, pages and structure, no PDF involved.

#[path = "support/pack.rs"]
mod pack;

use pack::*;
use reportpack::layout::blocks::*;
use reportpack::layout::fonts::text_width;
use reportpack::layout::pages::{Item, LaidOut, LinkTarget, Page, Role};
use reportpack::layout::{layout, Style};

fn laid_out(sections: Vec<Section>) -> LaidOut {
    layout(&document(sections)).expect("layout succeeds")
}

fn portrait(blocks: Vec<Block>) -> Section {
    section(Orientation::Portrait, "Cabinet, 1 December 2015", blocks)
}

/// Content (tagged) text of a page, in item order.
fn content_text(page: &Page) -> String {
    page.items
        .iter()
        .filter_map(|item| match item {
            Item::Text {
                text,
                node: Some(_),
                ..
            } => Some(&**text),
            _ => None,
        })
        .collect()
}

fn artifact_text(page: &Page) -> String {
    page.items
        .iter()
        .filter_map(|item| match item {
            Item::Text {
                text, node: None, ..
            } => Some(&**text),
            _ => None,
        })
        .collect()
}

fn has_ancestor(out: &LaidOut, mut node: usize, role: Role) -> bool {
    loop {
        if out.structure[node].role == role {
            return true;
        }
        match out.structure[node].parent {
            Some(parent) => node = parent,
            None => return false,
        }
    }
}

fn children_roles(out: &LaidOut, node: usize) -> Vec<Role> {
    out.structure[node]
        .children
        .iter()
        .map(|&c| out.structure[c].role)
        .collect()
}

fn action_table(body: Vec<Row>) -> Block {
    Block::Table(Table {
        caption: None,
        caption_visible: false,
        column_widths: vec![1.0, 3.0],
        header: vec![row(vec![
            header_cell("Action heading"),
            header_cell("Progress heading"),
        ])],
        body,
        borders: true,
    })
}

#[test]
fn row_taller_than_a_page_splits_and_repeats_the_header() {
    let long_cell: Vec<Block> = (0..60)
        .map(|i| para(format!("Step{i} {}", words(40, i))))
        .collect();
    let out = laid_out(vec![portrait(vec![
        para("Intro"),
        action_table(vec![row(vec![cell(vec![para("Short")]), cell(long_cell)])]),
    ])]);
    assert!(
        out.pages.len() >= 3,
        "a 60-paragraph cell needs several pages, got {}",
        out.pages.len()
    );
    // First page: the real header, tagged as TH.
    let first_header = out.pages[0].items.iter().find_map(|item| match item {
        Item::Text {
            text,
            node: Some(node),
            ..
        } if text.starts_with("Action heading") => Some(*node),
        _ => None,
    });
    let th = first_header.expect("header text on page 1 is tagged");
    assert!(has_ancestor(&out, th, Role::TH(HeaderScope::Column)));
    assert!(has_ancestor(&out, th, Role::THead));
    for page in &out.pages[1..] {
        assert!(
            artifact_text(page).contains("Action heading"),
            "header repeated as an artifact"
        );
        assert!(
            !content_text(page).contains("Action heading"),
            "repeated header is not content"
        );
    }
    // The row continues where it stopped: every paragraph appears exactly once, in order.
    let all: String = out.pages.iter().map(content_text).collect();
    let mut at = 0;
    for i in 0..60 {
        let found = all[at..]
            .find(&format!("Step{i} "))
            .unwrap_or_else(|| panic!("Step{i} missing or out of order"));
        at += found + 1;
    }
    assert_eq!(all.matches("Step59 ").count(), 1);
    let page2_content_top = out.pages[1]
        .items
        .iter()
        .filter_map(|item| match item {
            Item::Text {
                baseline,
                node: Some(_),
                ..
            } => Some(*baseline),
            _ => None,
        })
        .fold(f32::MAX, f32::min);
    let page2_header = out.pages[1]
        .items
        .iter()
        .find_map(|item| match item {
            Item::Text {
                baseline,
                text,
                node: None,
                ..
            } if text.starts_with("Action heading") => Some(*baseline),
            _ => None,
        })
        .expect("header on page 2");
    assert!(
        page2_header < page2_content_top,
        "header drawn above the continuation"
    );
}

#[test]
fn a_row_that_does_not_fit_moves_whole_when_less_than_a_third_of_the_page_is_left() {
    // Fillers leave every amount of room at the foot of the page, from most of it to none; the
    // row (a dozen lines) never fits in what is left. Where less than a third of the page is
    // left the row must move whole to the next page; only with more may it split.
    let style = Style::default();
    let row_text = words(120, 1);
    let mut moved_with_room = 0;
    for filler in 18..40 {
        let mut blocks: Vec<Block> = (0..filler).map(|i| para(format!("Filler {i}"))).collect();
        blocks.push(action_table(vec![row(vec![
            cell(vec![para("Label")]),
            cell(vec![para(row_text.clone())]),
        ])]));
        let out = laid_out(vec![portrait(blocks)]);
        let last_filler = format!("Filler {}", filler - 1);
        let (filler_page, filler_baseline) = out
            .pages
            .iter()
            .enumerate()
            .find_map(|(index, page)| {
                page.items.iter().find_map(|item| match item {
                    Item::Text { text, baseline, .. } if text.trim() == last_filler => {
                        Some((index, *baseline))
                    }
                    _ => None,
                })
            })
            .expect("the last filler");
        let page = &out.pages[filler_page];
        let content_height = page.height - style.margin_top - style.margin_bottom;
        let left = page.height - style.margin_bottom - filler_baseline;
        let row_pages: Vec<usize> = out
            .pages
            .iter()
            .enumerate()
            .filter(|(_, page)| {
                page.items.iter().any(|item| {
                    matches!(item, Item::Text { text, node: Some(_), .. }
                        if !text.trim().is_empty() && row_text.contains(text.trim()))
                })
            })
            .map(|(index, _)| index)
            .collect();
        if row_pages.len() > 1 {
            assert!(
                left >= content_height / 3.0,
                "{filler} fillers: the row split with {left:.0}pt of {content_height:.0}pt left"
            );
        } else if row_pages[0] > filler_page && left > 60.0 {
            moved_with_room += 1;
        }
    }
    assert!(
        moved_with_room >= 3,
        "the rows should have moved with room for some of their lines left"
    );
}

#[test]
fn a_heading_never_ends_a_page() {
    for filler in 30..60 {
        let mut blocks: Vec<Block> = (0..filler).map(|i| para(format!("Line {i}"))).collect();
        blocks.push(heading(2, "Financial implications"));
        blocks.extend((0..6).map(|i| para(words(30, i))));
        let out = laid_out(vec![portrait(blocks)]);
        assert!(out.pages.len() >= 2 || filler < 40);
        for (index, page) in out.pages.iter().enumerate() {
            let last = page.items.iter().rev().find_map(|item| match item {
                Item::Text {
                    node: Some(node), ..
                } => Some(*node),
                _ => None,
            });
            if let Some(node) = last {
                assert!(
                    !matches!(out.structure[node].role, Role::H(_)),
                    "filler {filler}: page {index} ends with a heading"
                );
            }
        }
    }
}

#[test]
fn paragraphs_leave_no_orphans_or_widows() {
    // Every room left at the foot of the page (fillers) and every split of the long paragraph
    // (its length), so that without the rule some page would hold one of its lines alone.
    // Two-line fillers move the paragraph by single lines (a one-line filler moves it by a line
    // and a gap), so the foot of the page can hold exactly one of its lines.
    let cases = (40..58).flat_map(|f| {
        (0..3).flat_map(move |twos| (100..=136).step_by(4).map(move |l| (f, twos, l)))
    });
    for (filler, twos, length) in cases {
        let mut blocks: Vec<Block> = (0..twos).map(|i| para(words(26, i))).collect();
        blocks.extend((0..filler).map(|i| para(format!("Line {i}"))));
        blocks.push(para(words(length, 3)));
        let out = laid_out(vec![portrait(blocks)]);
        let long_node = out
            .structure
            .iter()
            .rposition(|n| n.role == Role::P)
            .expect("paragraph");
        for page in &out.pages {
            let mut baselines: Vec<u32> = page
                .items
                .iter()
                .filter_map(|item| match item {
                    Item::Text {
                        baseline,
                        node: Some(n),
                        ..
                    } if *n == long_node => Some(baseline.to_bits()),
                    _ => None,
                })
                .collect();
            baselines.dedup();
            assert!(
                baselines.is_empty() || baselines.len() >= 2,
                "filler {filler}+{twos}, {length} words: {} line(s) alone",
                baselines.len()
            );
        }
    }
}

#[test]
fn no_text_crosses_the_right_margin_in_a_large_document() {
    let out = layout(&council_pack(4)).expect("layout");
    let style = Style::default();
    let mut checked = 0;
    for page in &out.pages {
        for item in &page.items {
            if let Item::Text {
                x,
                text,
                font,
                size,
                ..
            } = item
            {
                let right = x + text_width(*font, *size, text);
                assert!(
                    right <= page.width - style.margin_right + 0.01,
                    "{text:?} ends at {right}"
                );
                assert!(*x >= style.margin_left - 0.01, "{text:?} starts at {x}");
                checked += 1;
            }
        }
    }
    assert!(checked > 1000);
}

#[test]
fn table_text_stays_inside_its_column() {
    let huge = "x".repeat(300);
    let cells = |i: usize| {
        row(vec![
            cell(vec![para(words(30, i))]),
            cell(vec![para(huge.clone())]),
            cell(vec![para(format!("{} {huge}", words(9, i)))]),
        ])
    };
    let out = laid_out(vec![portrait(vec![Block::Table(Table {
        caption: None,
        caption_visible: false,
        column_widths: vec![],
        header: vec![],
        body: (0..6).map(cells).collect(),
        borders: true,
    })])]);
    let style = Style::default();
    let column = (595.28 - style.margin_left - style.margin_right) / 3.0;
    let mut checked = 0;
    for page in &out.pages {
        for item in &page.items {
            if let Item::Text {
                x,
                text,
                font,
                size,
                node: Some(node),
                ..
            } = item
            {
                assert!(has_ancestor(&out, *node, Role::TD));
                let index = ((x - style.margin_left) / column).floor();
                let right_edge = style.margin_left + (index + 1.0) * column - style.cell_padding;
                assert!(
                    x + text_width(*font, *size, text) <= right_edge + 0.01,
                    "{text:?} crosses its column"
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 50);
}

#[test]
fn footer_numbers_pages_x_of_y() {
    let out = laid_out(vec![
        portrait(vec![para("One")]),
        portrait(vec![para("Two")]),
        portrait(vec![para("Three")]),
    ]);
    assert_eq!(out.pages.len(), 3);
    assert_eq!(out.section_pages, vec![0, 1, 2]);
    let footer = artifact_text(&out.pages[1]);
    assert!(footer.contains("Page 2 of 3"), "{footer}");
    assert!(footer.contains("Cabinet, 1 December 2015"));
}

#[test]
fn page_breaks_and_section_starts() {
    let out = laid_out(vec![
        portrait(vec![para("A"), Block::PageBreak, para("B")]),
        section(Orientation::Landscape, "f", vec![para("C")]),
    ]);
    assert_eq!(out.pages.len(), 3);
    assert_eq!(out.section_pages, vec![0, 2]);
    assert!(content_text(&out.pages[1]).starts_with('B'));
    assert_eq!((out.pages[0].width, out.pages[0].height), (595.28, 841.89));
    assert_eq!((out.pages[2].width, out.pages[2].height), (841.89, 595.28));
}

#[test]
fn landscape_tables_use_the_smaller_type() {
    let out = layout(&council_pack(1)).expect("layout");
    let landscape = &out.pages[out.section_pages[1]];
    assert!(landscape.width > landscape.height);
    let sizes: Vec<f32> = landscape
        .items
        .iter()
        .filter_map(|item| match item {
            Item::Text {
                size,
                node: Some(node),
                ..
            } if has_ancestor(&out, *node, Role::TD) => Some(*size),
            _ => None,
        })
        .collect();
    assert!(!sizes.is_empty() && sizes.iter().all(|s| *s == 9.0));
}

#[test]
fn structure_tree_tags_headings_lists_and_tables() {
    let out = layout(&council_pack(1)).expect("layout");
    let roles: Vec<Role> = out.structure.iter().map(|n| n.role).collect();
    assert_eq!(roles[0], Role::Document);
    assert_eq!(children_roles(&out, 0), vec![Role::Sect, Role::Sect]);
    assert!(roles.contains(&Role::H(1)) && roles.contains(&Role::H(2)));
    assert!(roles.contains(&Role::TH(HeaderScope::Column)));
    // Every LI is Lbl + LBody, and the numbered paragraph's label is "1.1".
    for (id, node) in out.structure.iter().enumerate() {
        if node.role == Role::LI {
            assert_eq!(children_roles(&out, id), vec![Role::Lbl, Role::LBody]);
            assert_eq!(node.parent.map(|p| out.structure[p].role), Some(Role::L));
        }
        for &child in &node.children {
            assert_eq!(out.structure[child].parent, Some(id));
        }
    }
    let label = out.pages[0].items.iter().find_map(|item| match item {
        Item::Text {
            text,
            node: Some(node),
            ..
        } if &**text == "1.1 " => Some(*node),
        _ => None,
    });
    assert_eq!(label.map(|n| out.structure[n].role), Some(Role::Lbl));
    let table = roles.iter().position(|r| *r == Role::Table).expect("table");
    assert_eq!(
        children_roles(&out, table)[..2],
        [Role::Caption, Role::THead]
    );
    let row_header = laid_out(vec![portrait(vec![Block::Table(Table {
        caption: None,
        caption_visible: false,
        column_widths: vec![1.0, 1.0],
        header: vec![],
        body: vec![row(vec![
            Cell {
                header: Some(HeaderScope::Row),
                ..cell(vec![para("Name")])
            },
            cell(vec![para("Value")]),
        ])],
        borders: false,
    })])]);
    assert!(row_header
        .structure
        .iter()
        .any(|n| n.role == Role::TH(HeaderScope::Row)));
    assert!(row_header.structure.iter().any(|n| n.role == Role::TD));
    // Outline: the section at level 1, placed at its first heading (the H1, not repeated);
    // the H2s nest beneath it.
    assert_eq!(out.outline[0].level, 1);
    assert!(
        out.outline[0].y > 0.0,
        "the section entry points at its first heading"
    );
    assert!(!out.outline.iter().any(|e| e.title == "1.0 Introduction"));
    assert!(out
        .outline
        .iter()
        .any(|e| e.title == "2.0 Proposal details" && e.level == 2));
}

#[test]
fn labelled_paragraph_hangs_its_label() {
    let out = laid_out(vec![portrait(vec![numbered("10.12", words(80, 1))])]);
    let style = Style::default();
    let texts: Vec<(f32, &str, usize)> = out.pages[0]
        .items
        .iter()
        .filter_map(|item| match item {
            Item::Text {
                x,
                text,
                node: Some(n),
                ..
            } => Some((*x, &**text, *n)),
            _ => None,
        })
        .collect();
    assert_eq!(texts[0].1, "10.12 ");
    assert_eq!(texts[0].0, style.margin_left);
    assert!(texts[1..]
        .iter()
        .all(|(x, _, n)| *x == style.margin_left + style.label_width
            && out.structure[*n].role == Role::LBody));
    assert!(texts.len() > 3, "the body wraps");
}

#[test]
fn lines_end_with_a_space_and_honour_forced_breaks() {
    let out = laid_out(vec![portrait(vec![Block::Paragraph {
        label: None,
        runs: vec![
            Inline::plain("First"),
            Inline::LineBreak,
            Inline::bold("Second"),
            Inline::plain(" third "),
            Inline::plain(words(60, 2)),
        ],
        style: ParagraphStyle::Normal,
    }])]);
    let mut lines: Vec<(f32, String)> = Vec::new();
    for item in &out.pages[0].items {
        if let Item::Text {
            baseline,
            text,
            node: Some(_),
            ..
        } = item
        {
            match lines.last_mut() {
                Some((b, line)) if *b == *baseline => line.push_str(text),
                _ => lines.push((*baseline, text.to_string())),
            }
        }
    }
    assert_eq!(lines[0].1, "First ");
    assert!(lines[1].1.starts_with("Second third "));
    assert!(lines
        .iter()
        .all(|(_, l)| l.ends_with(' ') && !l.ends_with("  ")));
    let bold = out.pages[0].items.iter().any(|i| matches!(i, Item::Text { text, font: reportpack::layout::pages::FontStyle::Bold, .. } if &**text == "Second"));
    assert!(bold, "style change is its own text item");
}

#[test]
fn links_resolve_to_heading_pages() {
    let link = |target: &str| Inline::Text {
        text: "see appendix".into(),
        bold: false,
        italic: false,
        link: Some(target.into()),
        lang: None,
    };
    let out = laid_out(vec![
        portrait(vec![Block::Paragraph {
            label: None,
            runs: vec![
                link("#appendix-b"),
                Inline::plain(" and "),
                link("#nowhere"),
                Inline::plain(" or "),
                link("https://www.lancaster.gov.uk"),
            ],
            style: ParagraphStyle::Normal,
        }]),
        portrait(vec![Block::Heading {
            level: 1,
            runs: vec![Inline::plain("Appendix B")],
            bookmark: false,
            id: Some("appendix-b".into()),
        }]),
    ]);
    let targets: Vec<&LinkTarget> = out.pages[0]
        .items
        .iter()
        .filter_map(|item| match item {
            Item::Link { target, node, .. } => {
                assert_eq!(out.structure[*node].role, Role::Link);
                Some(target)
            }
            _ => None,
        })
        .collect();
    assert_eq!(targets.len(), 2, "the unknown #id stays unlinked");
    assert!(matches!(targets[0], LinkTarget::Page { page: 1, y } if *y > 0.0));
    assert_eq!(
        targets[1],
        &LinkTarget::Uri("https://www.lancaster.gov.uk".into())
    );
    assert_eq!(
        out.structure
            .iter()
            .filter(|n| n.role == Role::Link)
            .count(),
        2
    );
}

#[test]
fn checkboxes_are_figures_with_their_label() {
    let out = laid_out(vec![portrait(vec![Block::Paragraph {
        label: None,
        runs: vec![
            Inline::plain("Key Decision "),
            Inline::Checkbox {
                checked: true,
                label: "Key Decision: yes".into(),
            },
        ],
        style: ParagraphStyle::Normal,
    }])]);
    let node = out.pages[0].items.iter().find_map(|item| match item {
        Item::Rect {
            node: Some(node),
            stroke: Some(_),
            ..
        } => Some(*node),
        _ => None,
    });
    let figure = &out.structure[node.expect("checkbox rect")];
    assert_eq!(figure.role, Role::Figure);
    assert_eq!(figure.alt(), Some("Key Decision: yes"));
    assert_eq!(
        out.pages[0]
            .items
            .iter()
            .filter(|i| matches!(i, Item::Line { .. }))
            .count(),
        2 + 1,
        "tick + footer rule"
    );
}

#[test]
fn boxes_continue_across_pages() {
    let blocks = vec![Block::Boxed {
        blocks: (0..70).map(|i| para(format!("Boxed {i}"))).collect(),
    }];
    let out = laid_out(vec![portrait(blocks)]);
    assert!(out.pages.len() >= 2);
    for page in &out.pages {
        let boxes = page
            .items
            .iter()
            .filter(|i| {
                matches!(
                    i,
                    Item::Rect {
                        stroke: Some(_),
                        node: None,
                        ..
                    }
                )
            })
            .count();
        assert_eq!(boxes, 1);
    }
    assert!(out.structure.iter().any(|n| n.role == Role::Div));
}

#[test]
fn imported_pages_carry_only_the_page_stamp() {
    let mut appendix = portrait(vec![]);
    appendix.imported = Some(ImportedPdf {
        file: "appendix.pdf".into(),
        page_sizes: vec![(595.0, 842.0), (842.0, 595.0)],
    });
    let out = laid_out(vec![portrait(vec![para("Report")]), appendix]);
    assert_eq!(out.pages.len(), 3);
    assert_eq!(out.section_pages, vec![0, 1]);
    let imported = &out.pages[2];
    assert_eq!(imported.imported.as_ref().map(|p| p.index), Some(1));
    assert_eq!((imported.width, imported.height), (842.0, 595.0));
    assert_eq!(imported.items.len(), 1);
    assert_eq!(artifact_text(imported), "Page 3 of 3 ");
}

#[test]
fn running_header_is_centred_on_every_page() {
    let mut exempt = portrait((0..80).map(|i| para(format!("Exempt {i}"))).collect());
    exempt.header = Some("NOT FOR PUBLICATION".into());
    let out = laid_out(vec![exempt]);
    assert!(out.pages.len() >= 2);
    for page in &out.pages {
        assert!(artifact_text(page).contains("NOT FOR PUBLICATION"));
    }
}

#[test]
fn whole_paragraph_language_is_tagged() {
    let welsh = Inline::Text {
        text: "Cyngor Sir".into(),
        bold: false,
        italic: false,
        link: None,
        lang: Some("cy".into()),
    };
    let out = laid_out(vec![portrait(vec![Block::Paragraph {
        label: None,
        runs: vec![welsh],
        style: ParagraphStyle::Normal,
    }])]);
    assert!(out
        .structure
        .iter()
        .any(|n| n.role == Role::P && n.lang() == Some("cy")));
}

#[test]
fn odd_input_does_not_panic() {
    let empty_table = Block::Table(Table {
        caption: None,
        caption_visible: true,
        column_widths: vec![],
        header: vec![],
        body: vec![],
        borders: true,
    });
    let empty_rows = Block::Table(Table {
        caption: Some("x".into()),
        caption_visible: true,
        column_widths: vec![0.0, f32::NAN],
        header: vec![row(vec![])],
        body: vec![
            row(vec![]),
            Row {
                cells: vec![],
                section: true,
            },
            row(vec![Cell {
                colspan: 99,
                ..cell(vec![])
            }]),
        ],
        borders: true,
    });
    let nested = Block::Table(Table {
        caption: None,
        caption_visible: false,
        column_widths: vec![1.0],
        header: vec![],
        body: vec![row(vec![cell(vec![
            Block::Boxed {
                blocks: vec![para("in box")],
            },
            Block::PageBreak,
            heading(3, "cell heading"),
            Block::Table(Table {
                caption: None,
                caption_visible: false,
                column_widths: vec![],
                header: vec![],
                body: vec![row(vec![cell(vec![para("nested")])])],
                borders: true,
            }),
        ])])],
        borders: false,
    });
    let weird_text = para(format!(
        "{}\t\n\u{FFFC}\u{1F600}{}",
        "W".repeat(2000),
        " ".repeat(50)
    ));
    let cases = vec![
        document(vec![]),
        document(vec![portrait(vec![])]),
        document(vec![portrait(vec![
            empty_table,
            empty_rows,
            nested,
            weird_text,
        ])]),
        document(vec![portrait(vec![
            Block::Heading {
                level: 0,
                runs: vec![],
                bookmark: true,
                id: Some("x".into()),
            },
            Block::Heading {
                level: 200,
                runs: vec![Inline::LineBreak, Inline::LineBreak],
                bookmark: true,
                id: None,
            },
            Block::List {
                kind: ListKind::Ordered,
                items: vec![ListItem {
                    label: "(1000000000000)".repeat(5),
                    blocks: vec![],
                }],
            },
            numbered(&"9".repeat(100), ""),
            Block::Boxed { blocks: vec![] },
            Block::PageBreak,
            Block::PageBreak,
        ])]),
    ];
    for doc in &cases {
        let out = layout(doc).expect("layout");
        assert!(!out.pages.is_empty());
        assert_eq!(out.section_pages.len(), doc.sections.len());
    }
    let narrow = Style {
        margin_left: 400.0,
        ..Style::default()
    };
    assert!(reportpack::layout::layout_with(&cases[1], &narrow).is_err());
}

#[test]
fn layout_is_deterministic() {
    let doc = council_pack(3);
    let first = layout(&doc).expect("layout");
    let second = layout(&doc).expect("layout");
    assert!(first == second);
    assert_eq!(first.section_pages.len(), 6);
}

#[test]
fn a_section_row_never_ends_a_page() {
    // Rows of growing length push each section row to every possible height on the page.
    for extra in 0..12 {
        let mut body = Vec::new();
        for block in 0..6 {
            body.push(Row {
                cells: vec![Cell {
                    colspan: 2,
                    ..cell(vec![para(format!("SECTIONROW{block}"))])
                }],
                section: true,
            });
            for r in 0..3 {
                body.push(row(vec![
                    cell(vec![para(words(8, block * 10 + r))]),
                    cell(vec![para(words(40 + extra * 9 + r * 13, block + r))]),
                ]));
            }
        }
        let out = laid_out(vec![portrait(vec![
            para(words(30 * extra, 1)),
            action_table(body),
        ])]);
        for (index, page) in out.pages.iter().enumerate() {
            let text = content_text(page);
            let last_row_text = text.trim_end();
            assert!(
                !last_row_text.ends_with(|c: char| c.is_ascii_digit())
                    || !last_row_text
                        .rsplit(' ')
                        .next()
                        .unwrap_or("")
                        .starts_with("SECTIONROW"),
                "page {} ends with a section row (extra {extra}): …{}",
                index + 1,
                &last_row_text[last_row_text.len().saturating_sub(60)..]
            );
        }
    }
}
