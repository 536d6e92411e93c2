//! Reading YAML strictly: one file's text into a typed value, or a diagnostic with the file,
//! line, column and dotted field path (`items[2].exempt`) and a hint of what would be valid.

use crate::diagnostics::{shorten_quoted, Diagnostic};
use crate::input::guard;
use crate::input::spans::Spans;
use serde::de::DeserializeOwned;
use std::path::Path;

/// Reads and strictly parses one YAML file, keeping its text for locating later problems.
pub fn read_yaml<T: DeserializeOwned>(file: &Path) -> Result<(String, T), Diagnostic> {
    let source = read_source(file)?;
    let value = parse_yaml(file, &source)?;
    Ok((source, value))
}

/// Reads one input file's text, refusing one too large to be a council paper.
pub fn read_source(file: &Path) -> Result<String, Diagnostic> {
    let unreadable =
        |error: std::io::Error| Diagnostic::error(file, 0, 0, format!("cannot read file: {error}"));
    guard::check_size(file, std::fs::metadata(file).map_err(unreadable)?.len())?;
    std::fs::read_to_string(file).map_err(unreadable)
}

/// Parses YAML text into `T`, turning a serde error into a diagnostic with line, column and the
/// dotted path of the field (`items[2].exempt`).
pub fn parse_yaml<T: DeserializeOwned>(file: &Path, source: &str) -> Result<T, Diagnostic> {
    guard::check_text(file, source)?;
    let deserializer = serde_yaml::Deserializer::from_str(source);
    serde_path_to_error::deserialize(deserializer).map_err(|error| {
        let path = error.path().to_string();
        let inner = error.into_inner();
        let (line, column) = inner
            .location()
            .map(|l| {
                value_of_field(
                    file,
                    source,
                    &path,
                    &inner.to_string(),
                    (l.line(), l.column()),
                )
            })
            .unwrap_or((0, 0));
        let message = shorten_quoted(&strip_location(&inner.to_string()));
        // serde_yaml names the path itself below the top level; add it only where it does not.
        let message = if path.is_empty() || path == "." || message.starts_with(&path) {
            message
        } else {
            format!("{path}: {message}")
        };
        Diagnostic::error(file, line, column, message).with_hint(hint_for(&inner.to_string()))
    })
}

/// Where the value at `path` is written. serde_yaml places errors raised while converting a
/// value (a date out of range, an invalid time, a paragraph number) at the start of the map
/// holding it; these are moved to the value itself, found by its path in the file's spans.
/// Other errors are where serde_yaml found them.
fn value_of_field(
    file: &Path,
    source: &str,
    path: &str,
    message: &str,
    found: (usize, usize),
) -> (usize, usize) {
    const CONVERSIONS: [&str; 3] = ["the date ", "invalid time ", "exempt paragraph "];
    if found.0 == 0 || !CONVERSIONS.iter().any(|c| message.contains(c)) {
        return found;
    }
    Spans::of(file, source)
        .get(path)
        .map_or(found, |at| (at.line, at.column))
}

/// serde_yaml appends " at line L column C" to its messages; we print the location ourselves.
fn strip_location(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(index) => message[..index].to_string(),
        None => message.to_string(),
    }
}

fn hint_for(message: &str) -> String {
    const DATE_ERRORS: [&str; 6] = [
        "input contains invalid characters",
        "premature end of input",
        "input is out of range",
        "input is not enough",
        "trailing input",
        "no possible date",
    ];
    if DATE_ERRORS.iter().any(|e| message.contains(e)) {
        "write dates as YYYY-MM-DD, for example 2017-03-08".to_string()
    } else if message.contains("unknown field") {
        "remove the field or correct its spelling; the fields allowed here are listed in the message"
            .to_string()
    } else if message.contains("missing field") {
        "add the field; README.md lists the fields of each file".to_string()
    } else if message.contains("invalid type") {
        "check the value's type: text, a number, a list (- item) or a map (key: value)".to_string()
    } else if message.contains("unknown variant") {
        "use one of the values listed above".to_string()
    } else {
        "see README.md for the input format".to_string()
    }
}
