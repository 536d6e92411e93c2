//! A generated agenda pack shaped like the real thing (numbered report paragraphs, boxed
//! purpose, lists, a portrait table, a landscape six-column action plan with long cells),
//! shared by the layout tests and `examples/layout_bench.rs`.
#![allow(dead_code)]

use reportpack::layout::blocks::*;

/// Deterministic filler text of `count` words, varied by `seed`.
pub fn words(count: usize, seed: usize) -> String {
    const WORDS: &[&str] = &[
        "council",
        "the",
        "officers",
        "recommend",
        "that",
        "members",
        "note",
        "progress",
        "against",
        "actions",
        "arising",
        "from",
        "peer",
        "challenge",
        "and",
        "approve",
        "revised",
        "budget",
        "of",
        "£1,250,000",
        "for",
        "2015/16",
        "including",
        "health",
        "safety",
        "implications",
        "consultation",
        "with",
        "ward",
        "councillors",
        "Lancaster",
        "district",
        "community",
        "infrastructure",
        "partnership",
        "arrangements",
    ];
    (0..count)
        .map(|i| WORDS[(i * 7 + seed * 13 + i / 5) % WORDS.len()])
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn para(text: impl Into<String>) -> Block {
    Block::Paragraph {
        label: None,
        runs: vec![Inline::plain(text)],
        style: ParagraphStyle::Normal,
    }
}

pub fn numbered(label: &str, text: impl Into<String>) -> Block {
    Block::Paragraph {
        label: Some(label.to_string()),
        runs: vec![Inline::plain(text)],
        style: ParagraphStyle::Normal,
    }
}

pub fn heading(level: u8, text: &str) -> Block {
    Block::Heading {
        level,
        runs: vec![Inline::plain(text)],
        bookmark: true,
        id: None,
    }
}

pub fn cell(blocks: Vec<Block>) -> Cell {
    Cell {
        blocks,
        header: None,
        colspan: 1,
        fill: None,
    }
}

pub fn header_cell(text: &str) -> Cell {
    Cell {
        blocks: vec![para(text)],
        header: Some(HeaderScope::Column),
        colspan: 1,
        fill: None,
    }
}

pub fn row(cells: Vec<Cell>) -> Row {
    Row {
        cells,
        section: false,
    }
}

pub fn section(orientation: Orientation, footer: &str, blocks: Vec<Block>) -> Section {
    Section {
        kind: SectionKind::Report,
        title: "Report".into(),
        orientation,
        footer: footer.into(),
        header: None,
        blocks,
        imported: None,
    }
}

pub fn document(sections: Vec<Section>) -> Document {
    Document {
        title: "Cabinet".into(),
        lang: "en-GB".into(),
        page_label: "Page {page} of {pages}".into(),
        sections,
    }
}

fn report(n: usize) -> Section {
    let mut blocks = vec![
        Block::Paragraph {
            label: None,
            runs: vec![Inline::bold(format!("Peer Challenge Progress Report {n}"))],
            style: ParagraphStyle::Title,
        },
        Block::Boxed {
            blocks: vec![
                Block::Paragraph {
                    label: None,
                    runs: vec![Inline::plain("PURPOSE OF REPORT")],
                    style: ParagraphStyle::Strong,
                },
                para(words(60, n)),
                Block::Paragraph {
                    label: None,
                    runs: vec![
                        Inline::plain("Key Decision "),
                        Inline::Checkbox {
                            checked: false,
                            label: "Key Decision: no".into(),
                        },
                        Inline::plain(" Non-Key Decision "),
                        Inline::Checkbox {
                            checked: true,
                            label: "Non-Key Decision: yes".into(),
                        },
                    ],
                    style: ParagraphStyle::Normal,
                },
            ],
        },
        heading(1, "1.0 Introduction"),
    ];
    for i in 1..=6 {
        blocks.push(numbered(&format!("1.{i}"), words(50 + i * 9, n + i)));
    }
    blocks.push(heading(2, "2.0 Proposal details"));
    blocks.push(Block::List {
        kind: ListKind::Bullet,
        items: (0..5)
            .map(|i| ListItem {
                label: "•".into(),
                blocks: vec![para(words(20 + i * 7, n * 3 + i))],
            })
            .collect(),
    });
    for i in 1..=5 {
        blocks.push(numbered(&format!("2.{i}"), words(70, n + 40 + i)));
    }
    blocks.push(Block::Table(Table {
        caption: Some("Options".into()),
        caption_visible: true,
        column_widths: vec![1.0, 2.0, 2.0],
        header: vec![row(vec![
            header_cell("Option"),
            header_cell("Advantages"),
            header_cell("Risks"),
        ])],
        body: (0..3)
            .map(|i| {
                row(vec![
                    cell(vec![para(format!("Option {i}"))]),
                    cell(vec![para(words(30, i))]),
                    cell(vec![para(words(25, i + 9))]),
                ])
            })
            .collect(),
        borders: true,
    }));
    blocks.push(heading(2, "3.0 Conclusion"));
    blocks.push(para(words(90, n + 77)));
    section(Orientation::Portrait, "Cabinet, 1 December 2015", blocks)
}

fn action_plan(n: usize) -> Section {
    let titles = [
        "Recommendation",
        "Action",
        "Lead",
        "Deadline",
        "RAG",
        "Progress",
    ];
    let rag = [Rgb(0.8, 0.2, 0.2), Rgb(1.0, 0.75, 0.0), Rgb(0.3, 0.7, 0.3)];
    let mut body = Vec::new();
    for r in 0..20 {
        if r % 7 == 0 {
            body.push(Row {
                cells: vec![cell(vec![para("CONTEXT + PRIORITIES")])],
                section: true,
            });
        }
        body.push(row(vec![
            cell(vec![para(words(25, r + n)), para(words(15, r * 2))]),
            cell(vec![
                para(words(40, r + 1)),
                Block::List {
                    kind: ListKind::Bullet,
                    items: (0..2)
                        .map(|i| ListItem {
                            label: "•".into(),
                            blocks: vec![para(words(12, r + i))],
                        })
                        .collect(),
                },
            ]),
            cell(vec![para("Chief Executive")]),
            cell(vec![para("March 2016")]),
            Cell {
                fill: Some(rag[r % 3]),
                ..cell(vec![para(["Red", "Amber", "Green"][r % 3])])
            },
            cell(vec![para(words(60, r + 5)), para(words(30, r + 6))]),
        ]));
    }
    section(
        Orientation::Landscape,
        "Cabinet, 1 December 2015",
        vec![
            heading(1, "Appendix A: Peer Challenge Action Plan"),
            Block::Table(Table {
                caption: Some("Action plan".into()),
                caption_visible: false,
                column_widths: vec![15.0, 25.0, 10.0, 10.0, 8.0, 32.0],
                header: vec![row(titles.iter().map(|t| header_cell(t)).collect())],
                body,
                borders: true,
            }),
        ],
    )
}

/// `reports` reports, each followed by its landscape action plan.
pub fn council_pack(reports: usize) -> Document {
    document(
        (0..reports)
            .flat_map(|n| [report(n), action_plan(n)])
            .collect(),
    )
}
