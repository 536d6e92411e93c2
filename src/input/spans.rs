//! Where each value of a YAML file is written, taken from the parser's events rather than from
//! searching the text: a map from a value's path (`items[2].report`, `recommendations[0]`,
//! `date`, and `""` for the whole document) to its line and column, built once per file beside
//! the typed model. Problems found after parsing (the rules, the loader's checks, Markdown in a
//! value) ask it for the place of the value they are about. The map is made when it is first
//! asked for: a file nobody has a problem with is never walked a second time.

use crate::diagnostics::Diagnostic;
use saphyr_parser::{Event, Parser};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// A 1-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// The positions of the values of one YAML file, by path.
#[derive(Debug, Clone, Default)]
pub struct Spans {
    file: PathBuf,
    /// The file's text: walked for the map, and searched for a piece of a value (a link in a
    /// paragraph) within its span.
    source: String,
    walked: OnceLock<Walked>,
}

#[derive(Debug, Clone, Default)]
struct Walked {
    values: HashMap<String, Position>,
    /// Every scalar value, in the order written.
    scalars: Vec<Scalar>,
}

/// A scalar value: its path, its parsed text, and where it is written (character offsets of
/// its first character and of the one after it, as the parser counts them).
#[derive(Debug, Clone)]
struct Scalar {
    path: String,
    text: String,
    start: usize,
    end: usize,
}

impl Spans {
    /// The spans of `source`, the text of `file` (walked when first asked for).
    pub fn of(file: &Path, source: &str) -> Spans {
        Spans {
            file: file.to_path_buf(),
            source: source.to_string(),
            walked: OnceLock::new(),
        }
    }

    fn walked(&self) -> &Walked {
        self.walked.get_or_init(|| walk(&self.source))
    }

    /// Spans that know no value: the problems of a file read from a spreadsheet are about the
    /// file as a whole.
    pub fn none(file: &Path) -> Spans {
        Spans {
            file: file.to_path_buf(),
            source: String::new(),
            walked: OnceLock::from(Walked::default()),
        }
    }

    pub fn file(&self) -> &Path {
        &self.file
    }

    /// Where the value at `path` is written, if it is.
    pub fn get(&self, path: &str) -> Option<Position> {
        self.walked().values.get(path).copied()
    }

    /// Where the value at `path` is written; for a value that is absent (a missing field), the
    /// nearest enclosing value that is written, so the problem points at the mapping that lacks
    /// it. `None` when the file has no spans (a spreadsheet).
    pub fn at(&self, path: &str) -> Option<Position> {
        let mut path = path;
        loop {
            if let Some(found) = self.get(path) {
                return Some(found);
            }
            if path.is_empty() {
                return None;
            }
            path = parent(path);
        }
    }

    /// The path of the first scalar value that reads `text` in the field `field`, written
    /// without indices (`recommendations.items` finds `recommendations[1].items[0]`; a field
    /// also finds the values inside it). For code that holds a value but not its indices, such
    /// as the Markdown of a view: the match is on the parsed value and its field, so a comment,
    /// a key or another field with the same words is never taken for it.
    pub fn path_of_value(&self, field: &str, text: &str) -> Option<&str> {
        self.walked()
            .scalars
            .iter()
            .find(|scalar| scalar.text == text && within_field(&scalar.path, field))
            .map(|scalar| scalar.path.as_str())
    }

    /// Where `piece` (a link, a reference) is written inside the scalar value at `path`: found
    /// only within that value's own span, so it is never taken from another line. The value's
    /// start when the piece is not written as it reads (an escape, a folded line).
    pub fn in_value(&self, path: &str, piece: &str) -> Option<Position> {
        let start = self.get(path)?;
        let scalar = self
            .walked()
            .scalars
            .iter()
            .find(|scalar| scalar.path == path)?;
        let bytes = |index: usize| {
            self.source
                .char_indices()
                .nth(index)
                .map_or(self.source.len(), |(byte, _)| byte)
        };
        let written = self.source.get(bytes(scalar.start)..bytes(scalar.end))?;
        let Some(offset) = written.find(piece).filter(|_| !piece.is_empty()) else {
            return Some(start);
        };
        let before = &written[..offset];
        Some(match before.rfind('\n') {
            Some(newline) => Position {
                line: start.line + before.matches('\n').count(),
                column: before[newline + 1..].chars().count() + 1,
            },
            None => Position {
                line: start.line,
                column: start.column + before.chars().count(),
            },
        })
    }

    /// The values inside the value at `path` (see [`Within`]).
    pub fn within(&self, path: impl Into<String>) -> Within<'_> {
        Within {
            spans: self,
            path: path.into(),
        }
    }

    /// An error about the value at `path` of this file.
    pub fn error(&self, path: &str, message: impl Into<String>) -> Diagnostic {
        self.place(Diagnostic::error(&self.file, 0, 0, message), path)
    }

    /// A warning about the value at `path` of this file.
    pub fn warning(&self, path: &str, message: impl Into<String>) -> Diagnostic {
        self.place(Diagnostic::warning(&self.file, 0, 0, message), path)
    }

    /// `diagnostic` pointed at the value at `path` (see [`Spans::at`]).
    pub fn place(&self, mut diagnostic: Diagnostic, path: &str) -> Diagnostic {
        if let Some(at) = self.at(path) {
            diagnostic.line = at.line;
            diagnostic.column = at.column;
        }
        diagnostic
    }
}

/// The positions of every value of `source`; a file the parser rejects keeps those read before
/// the fault (serde reports the fault itself).
fn walk(source: &str) -> Walked {
    let mut walk = Walk::default();
    for event in Parser::new_from_str(source) {
        let Ok((event, span)) = event else {
            break;
        };
        let at = Position {
            line: span.start.line(),
            column: span.start.col() + 1,
        };
        let range = (span.start.index(), span.end.index());
        if !walk.step(event, at, range) {
            break;
        }
    }
    Walked {
        values: walk.values,
        scalars: walk.scalars,
    }
}

/// The values inside one value of a file, such as an agenda item: `spans.within("items[2]")
/// .error("urgent", ...)` is about `items[2].urgent`.
#[derive(Debug, Clone)]
pub struct Within<'a> {
    spans: &'a Spans,
    path: String,
}

impl<'a> Within<'a> {
    /// The path of `field` inside this value.
    pub fn path(&self, field: &str) -> String {
        if field.is_empty() {
            self.path.clone()
        } else if self.path.is_empty() || field.starts_with('[') {
            format!("{}{field}", self.path)
        } else {
            format!("{}.{field}", self.path)
        }
    }

    /// An error about `field` of this value (`""`: the value itself).
    pub fn error(&self, field: &str, message: impl Into<String>) -> Diagnostic {
        self.spans.error(&self.path(field), message)
    }

    /// A warning about `field` of this value (`""`: the value itself).
    pub fn warning(&self, field: &str, message: impl Into<String>) -> Diagnostic {
        self.spans.warning(&self.path(field), message)
    }
}

/// The path of the value holding the one at `path`: `items[2]` for `items[2].report`, `items`
/// for `items[2]`, `""` for `date`.
fn parent(path: &str) -> &str {
    match path.rfind(['.', '[']) {
        Some(cut) => &path[..cut],
        None => "",
    }
}

/// Whether `path` (`sections[2].content[0].lettered[1]`) lies in `field` (`sections.content`),
/// indices aside.
fn within_field(path: &str, field: &str) -> bool {
    let mut bare = String::with_capacity(path.len());
    let mut in_index = false;
    for c in path.chars() {
        match c {
            '[' => in_index = true,
            ']' => in_index = false,
            _ if !in_index => bare.push(c),
            _ => {}
        }
    }
    bare == field
        || bare
            .strip_prefix(field)
            .is_some_and(|rest| rest.starts_with('.'))
}

/// A mapping or sequence being read, with where its next value goes.
enum Open {
    Mapping {
        path: String,
        /// The key just read, whose value comes next; `None` when a key comes next.
        key: Option<String>,
    },
    Sequence {
        path: String,
        next: usize,
    },
}

/// The walk over a document's events, keeping the path of the node being read.
#[derive(Default)]
struct Walk {
    open: Vec<Open>,
    values: HashMap<String, Position>,
    scalars: Vec<Scalar>,
    started: bool,
}

impl Walk {
    /// Takes one event; false once the first document is over.
    fn step(&mut self, event: Event, at: Position, (start, end): (usize, usize)) -> bool {
        match event {
            Event::DocumentEnd if self.started => return false,
            Event::Scalar(text, ..) => {
                if let Some(Open::Mapping {
                    key: key @ None, ..
                }) = self.open.last_mut()
                {
                    *key = Some(text.into_owned());
                } else {
                    let path = self.node(at);
                    self.scalars.push(Scalar {
                        path,
                        text: text.into_owned(),
                        start,
                        end,
                    });
                    self.done();
                }
            }
            Event::Alias(_) => {
                self.node(at);
                self.done();
            }
            Event::MappingStart(..) => {
                let path = self.node(at);
                self.open.push(Open::Mapping { path, key: None });
            }
            Event::SequenceStart(..) => {
                let path = self.node(at);
                self.open.push(Open::Sequence { path, next: 0 });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.open.pop();
                self.done();
            }
            _ => {}
        }
        true
    }

    /// Records a value starting at `at` under its path, and returns the path.
    fn node(&mut self, at: Position) -> String {
        self.started = true;
        let path = match self.open.last() {
            None => String::new(),
            Some(Open::Mapping { path, key }) => {
                // A key that is itself a mapping or list has no path of its own: its values
                // share the mapping's, which no problem is about.
                let key = key.as_deref().unwrap_or("?");
                if path.is_empty() {
                    key.to_string()
                } else {
                    format!("{path}.{key}")
                }
            }
            Some(Open::Sequence { path, next }) => format!("{path}[{next}]"),
        };
        self.values.entry(path.clone()).or_insert(at);
        path
    }

    /// A value is read: the mapping holding it expects a key next, a list its next entry.
    fn done(&mut self) {
        match self.open.last_mut() {
            Some(Open::Mapping { key, .. }) => *key = None,
            Some(Open::Sequence { next, .. }) => *next += 1,
            None => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(source: &str, path: &str) -> (usize, usize) {
        let spans = Spans::of(Path::new("f.yaml"), source);
        let found = spans.at(path).expect("a position");
        (found.line, found.column)
    }

    const MEETING: &str = "\
date: 2015-12-01   # report: b.yaml
items:
  - number: 1
    title: Apologies
  - {number: 2, report: b.yaml}
  - number: 3
    report: b.yaml
    urgent:
    lines:
      - first
      - second: [x, y]
";

    #[test]
    fn values_are_found_by_path_not_by_their_text() {
        assert_eq!(at(MEETING, ""), (1, 1));
        assert_eq!(at(MEETING, "date"), (1, 7));
        assert_eq!(at(MEETING, "items"), (3, 3));
        assert_eq!(at(MEETING, "items[0]"), (3, 5));
        assert_eq!(at(MEETING, "items[0].title"), (4, 12));
        assert_eq!(at(MEETING, "items[1].report"), (5, 25));
        assert_eq!(at(MEETING, "items[2].report"), (7, 13));
        assert_eq!(at(MEETING, "items[2].lines[1].second[1]"), (11, 21));
    }

    #[test]
    fn a_missing_value_points_at_the_mapping_that_lacks_it() {
        assert_eq!(at(MEETING, "items[0].report"), (3, 5));
        assert_eq!(at(MEETING, "private_notice"), (1, 1));
        assert!(Spans::none(Path::new("plan.csv")).at("rows[0]").is_none());
    }

    #[test]
    fn a_value_is_found_by_its_text_within_its_field_only() {
        let spans = Spans::of(Path::new("f.yaml"), MEETING);
        assert_eq!(
            spans.path_of_value("items.report", "b.yaml"),
            Some("items[1].report")
        );
        assert_eq!(
            spans.path_of_value("items", "y"),
            Some("items[2].lines[1].second[1]")
        );
        assert_eq!(spans.path_of_value("date", "b.yaml"), None);
        assert_eq!(spans.path_of_value("item", "Apologies"), None);
    }

    #[test]
    fn a_piece_of_a_value_is_found_within_that_value() {
        let source = "a: See [x](y) and [x](z)\nb: |\n  one\n  two [x](z)\nc: 'it''s [x](z)'\n";
        let spans = Spans::of(Path::new("f.yaml"), source);
        let at = |path: &str, piece: &str| spans.in_value(path, piece).map(|p| (p.line, p.column));
        assert_eq!(at("a", "[x](z)"), Some((1, 19)));
        assert_eq!(at("b", "[x](z)"), Some((4, 7)));
        assert_eq!(at("c", "[x](z)"), Some((5, 11)));
        assert_eq!(at("c", "nowhere"), Some((5, 4)));
    }
}
