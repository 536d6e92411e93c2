//! The shape of the code: `src/`'s folders are the pipeline's stages and data flows one way.
//! Each stage may use only the stages listed for it below; a new import against the flow (or a
//! cycle, which needs one) fails this test with the file and the line.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Each top-level module and the modules it may use. Mirrors `src/lib.rs` and the README's
/// "How it is built".
const ALLOWED: &[(&str, &[&str])] = &[
    ("cli", &["publish", "render", "input", "diagnostics"]),
    (
        "publish",
        &[
            "render",
            "rules",
            "view",
            "input",
            "diagnostics",
            "dates",
            "digest",
            "parallel",
        ],
    ),
    (
        "render",
        &[
            "view",
            "layout",
            "pdf",
            "input",
            "diagnostics",
            "dates",
            "digest",
            "kept",
            "parallel",
        ],
    ),
    ("rules", &["input", "diagnostics", "dates"]),
    ("view", &["input", "diagnostics", "dates"]),
    ("pdf", &["layout", "foreign", "digest"]),
    ("layout", &[]),
    (
        "input",
        &[
            "diagnostics",
            "dates",
            "foreign",
            "digest",
            "kept",
            "parallel",
        ],
    ),
    ("diagnostics", &[]),
    ("dates", &[]),
    ("digest", &[]),
    ("kept", &["digest"]),
    ("foreign", &[]),
    ("parallel", &[]),
];

fn rust_files(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
}

/// The top-level module a file of `src/` belongs to (`src/render/html.rs` -> `render`).
fn stage_of(src: &Path, file: &Path) -> Option<String> {
    let relative = file.strip_prefix(src).ok()?;
    let first = relative.components().next()?.as_os_str().to_string_lossy();
    Some(first.trim_end_matches(".rs").to_string())
}

/// Every `crate::<module>` named in the text, with its line number.
fn crate_paths(text: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let mut rest = line;
        while let Some(at) = rest.find("crate::") {
            let name: String = rest[at + 7..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            found.push((index + 1, name));
            rest = &rest[at + 7..];
        }
    }
    found
}

#[test]
fn every_stage_uses_only_the_stages_after_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let allowed: BTreeMap<&str, &[&str]> = ALLOWED.iter().copied().collect();
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut against_the_flow = Vec::new();
    let mut stages_seen = Vec::new();
    for file in &files {
        let Some(stage) = stage_of(&src, file) else {
            continue;
        };
        if stage == "lib" || stage == "main" {
            continue;
        }
        let Some(may_use) = allowed.get(stage.as_str()) else {
            panic!(
                "{}: the stage `{stage}` is not in tests/architecture.rs: say which stages it may use",
                file.display()
            );
        };
        stages_seen.push(stage.clone());
        let text = std::fs::read_to_string(file).unwrap();
        for (line, used) in crate_paths(&text) {
            if used != stage && !may_use.contains(&used.as_str()) {
                against_the_flow.push(format!(
                    "{}:{line}: `{stage}` uses `{used}`",
                    file.display()
                ));
            }
        }
    }
    assert!(
        against_the_flow.is_empty(),
        "imports against the pipeline's flow:\n{}",
        against_the_flow.join("\n")
    );
    for stage in ["cli", "publish", "render", "layout", "pdf", "input"] {
        assert!(stages_seen.iter().any(|s| s == stage), "{stage} found");
    }
}

#[test]
fn the_allowed_uses_form_no_cycle() {
    // Depth-first search over ALLOWED: the table itself must be a one-way order.
    fn visit<'a>(node: &'a str, graph: &BTreeMap<&'a str, &'a [&'a str]>, path: &mut Vec<&'a str>) {
        assert!(!path.contains(&node), "cycle: {path:?} -> {node}");
        path.push(node);
        for next in graph.get(node).copied().unwrap_or_default() {
            visit(next, graph, path);
        }
        path.pop();
    }
    let graph: BTreeMap<&str, &[&str]> = ALLOWED.iter().copied().collect();
    for node in graph.keys() {
        visit(node, &graph, &mut Vec::new());
    }
}

#[test]
fn every_module_opens_with_a_doc_comment_saying_what_it_owns() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let undocumented: Vec<String> = files
        .iter()
        .filter(|f| f.file_name().is_some_and(|n| n != "main.rs"))
        .filter(|f| {
            !std::fs::read_to_string(f)
                .unwrap()
                .trim_start()
                .starts_with("//!")
        })
        .map(|f| f.display().to_string())
        .collect();
    assert!(undocumented.is_empty(), "{undocumented:?}");
}
