//! Locating a problem in the YAML text it came from, once parsing is over.

use crate::diagnostics::{locate, Diagnostic};
use crate::input::model::ItemNumber;
use std::path::Path;

/// A file's text and, optionally, the line an agenda item starts on, so that a field such as
/// `urgent:` is found within that item rather than in the first item that has one.
#[derive(Clone, Copy)]
pub(super) struct Place<'a> {
    file: &'a Path,
    text: &'a str,
    /// 0-based index of the first line to search from.
    from_line: usize,
}

impl<'a> Place<'a> {
    pub(super) fn file(file: &'a Path, text: &'a str) -> Self {
        Place {
            file,
            text,
            from_line: 0,
        }
    }

    /// The agenda item with `number` in a meeting file (its `number: N` line).
    pub(super) fn item(file: &'a Path, text: &'a str, number: &ItemNumber) -> Self {
        let wanted = [
            format!("number: {number}"),
            format!("number: \"{number}\""),
            format!("number: '{number}'"),
        ];
        let from_line = text
            .lines()
            .position(|line| {
                wanted
                    .iter()
                    .any(|w| line.trim().trim_start_matches("- ").trim() == w)
            })
            .unwrap_or(0);
        Place {
            file,
            text,
            from_line,
        }
    }

    /// The entry `entry` (`item: 6`) of the top-level list `list` (`items:`), so that an entry
    /// is found in that list and not in another one using the same key.
    pub(super) fn entry(file: &'a Path, text: &'a str, list: &str, entry: &str) -> Self {
        let start = text
            .lines()
            .position(|line| line.trim_end() == list)
            .unwrap_or(0);
        let from_line = text
            .lines()
            .enumerate()
            .skip(start)
            .find(|(_, line)| {
                line.trim().trim_start_matches("- ").trim() == entry
                    || line.contains(&format!("{{{entry},"))
            })
            .map_or(start, |(index, _)| index);
        Place {
            file,
            text,
            from_line,
        }
    }

    /// The top-level field `key` of a file (a line starting `key:`), not a nested one.
    pub(super) fn top_level(file: &'a Path, text: &'a str, key: &str) -> Self {
        let wanted = format!("{key}:");
        let from_line = text
            .lines()
            .position(|line| line.starts_with(&wanted))
            .unwrap_or(0);
        Place {
            file,
            text,
            from_line,
        }
    }

    pub(super) fn error(&self, needle: &str, message: impl Into<String>) -> Diagnostic {
        self.locate(Diagnostic::error(self.file, 0, 0, message), needle)
    }

    pub(super) fn warning(&self, needle: &str, message: impl Into<String>) -> Diagnostic {
        self.locate(Diagnostic::warning(self.file, 0, 0, message), needle)
    }

    /// The first of `needle` from the item's line on; failing that, the item's line itself.
    fn locate(&self, mut diagnostic: Diagnostic, needle: &str) -> Diagnostic {
        let rest: String = self
            .text
            .lines()
            .skip(self.from_line)
            .collect::<Vec<_>>()
            .join("\n");
        let found = locate(&rest, needle)
            .map(|(line, column)| (line + self.from_line, column))
            .or_else(|| (self.from_line > 0).then_some((self.from_line + 1, 1)));
        if let Some((line, column)) = found {
            diagnostic.line = line;
            diagnostic.column = column;
        }
        diagnostic
    }
}
