//! Limits checked on a YAML file's text before it is parsed, so that no input can make the parser
//! run for minutes or expand without bound: a size ceiling, a nesting ceiling and no anchors (the
//! `&name` that `*name` aliases repeat). Each refusal points at its line and column.

use crate::diagnostics::Diagnostic;
use std::path::Path;

/// The largest YAML file read (a long report is a few tens of kilobytes).
pub const MAX_YAML_BYTES: u64 = 2 * 1024 * 1024;
/// The deepest nesting of lists and maps (real files nest fewer than ten levels).
pub const MAX_DEPTH: usize = 64;

/// Refuses a file larger than [`MAX_YAML_BYTES`] before reading it.
pub fn check_size(file: &Path, bytes: u64) -> Result<(), Diagnostic> {
    if bytes > MAX_YAML_BYTES {
        return Err(Diagnostic::error(
            file,
            0,
            0,
            format!(
                "the file is {bytes} bytes; a YAML file may be at most {MAX_YAML_BYTES} bytes (2 MiB)"
            ),
        )
        .with_hint("split long text into appendices, or check that this is the right file"));
    }
    Ok(())
}

/// Scans the text the way a YAML reader tokenises it (quotes, comments, block scalars, flow
/// brackets, indentation) and refuses too deep nesting and anchors.
pub fn check_text(file: &Path, source: &str) -> Result<(), Diagnostic> {
    check_size(file, source.len() as u64)?;
    let mut scanner = Scanner::default();
    for (index, line) in source.lines().enumerate() {
        scanner
            .line(line)
            .map_err(|(column, problem)| problem.diagnostic(file, index + 1, column + 1))?;
    }
    Ok(())
}

enum Problem {
    TooDeep,
    Anchor,
}

impl Problem {
    fn diagnostic(self, file: &Path, line: usize, column: usize) -> Diagnostic {
        match self {
            Problem::TooDeep => Diagnostic::error(
                file,
                line,
                column,
                format!("lists and maps are nested more than {MAX_DEPTH} levels deep here"),
            )
            .with_hint("check the brackets and indentation; no reportpack file nests this deep"),
            Problem::Anchor => Diagnostic::error(
                file,
                line,
                column,
                "YAML anchors (&name) and aliases (*name) are not supported",
            )
            .with_hint(
                "write the value out in full; if the & is part of the text, put the text in quotes",
            ),
        }
    }
}

#[derive(Default)]
struct Scanner {
    /// Inside a quoted scalar that continues on the next line: its closing quote.
    quote: Option<u8>,
    /// Inside a block scalar (`|` or `>`): lines indented more than this belong to it.
    block_scalar: Option<usize>,
    /// Open flow brackets (`[`, `{`).
    flow: usize,
    /// Indentation of the open block collections.
    indents: Vec<usize>,
}

type Found = (usize, Problem);

impl Scanner {
    fn line(&mut self, line: &str) -> Result<(), Found> {
        let bytes = line.as_bytes();
        let indent = bytes.iter().take_while(|&&b| b == b' ').count();
        let blank = indent == bytes.len() || bytes[indent] == b'#';
        if let Some(parent) = self.block_scalar {
            if blank || indent > parent {
                return Ok(());
            }
            self.block_scalar = None;
        }
        let mut at = 0;
        if let Some(quote) = self.quote {
            match skip_quoted(bytes, 0, quote) {
                Some(end) => {
                    self.quote = None;
                    at = end;
                }
                None => return Ok(()),
            }
        } else if self.flow == 0 && !blank {
            while self.indents.last().is_some_and(|&open| open > indent) {
                self.indents.pop();
            }
            if self.indents.last() != Some(&indent) {
                self.indents.push(indent);
                if self.depth(0) > MAX_DEPTH {
                    return Err((indent, Problem::TooDeep));
                }
            }
            at = indent;
        }
        self.tokens(bytes, at, indent)
    }

    fn depth(&self, extra: usize) -> usize {
        self.indents.len() + self.flow + extra
    }

    /// Walks one line from `at`: `token` is true where a new node may begin.
    fn tokens(&mut self, bytes: &[u8], mut at: usize, indent: usize) -> Result<(), Found> {
        let mut token = true;
        let mut dashes = 0;
        while at < bytes.len() {
            let byte = bytes[at];
            let next = bytes.get(at + 1).copied();
            let spaced = next.is_none_or(|b| b == b' ' || b == b'\t');
            match byte {
                b' ' | b'\t' => {}
                b'#' if at == 0 || matches!(bytes[at - 1], b' ' | b'\t') => return Ok(()),
                b'"' | b'\'' if token => match skip_quoted(bytes, at + 1, byte) {
                    Some(end) => {
                        at = end;
                        token = false;
                        continue;
                    }
                    None => {
                        self.quote = Some(byte);
                        return Ok(());
                    }
                },
                b'&' | b'*' if token && next.is_some_and(|b| !b" \t,[]{}".contains(&b)) => {
                    return Err((at, Problem::Anchor));
                }
                b'[' | b'{' if token || self.flow > 0 => {
                    self.flow += 1;
                    if self.depth(dashes) > MAX_DEPTH {
                        return Err((at, Problem::TooDeep));
                    }
                    token = true;
                }
                b']' | b'}' if self.flow > 0 => {
                    self.flow -= 1;
                    token = false;
                }
                b',' if self.flow > 0 => token = true,
                b'-' | b'?' if token && spaced => {
                    dashes += 1;
                    if self.depth(dashes) > MAX_DEPTH {
                        return Err((at, Problem::TooDeep));
                    }
                }
                b':' if spaced || self.flow > 0 => token = true,
                b'|' | b'>' if token && self.flow == 0 => {
                    self.block_scalar = Some(indent);
                    return Ok(());
                }
                _ => token = false,
            }
            at += 1;
        }
        Ok(())
    }
}

/// The index just past the closing `quote` of a scalar whose text starts at `from`, or `None`
/// when it continues on the next line. Doubled single quotes and backslash escapes are skipped.
fn skip_quoted(bytes: &[u8], from: usize, quote: u8) -> Option<usize> {
    let mut at = from;
    while at < bytes.len() {
        match bytes[at] {
            b'\\' if quote == b'"' => at += 2,
            b'\'' if quote == b'\'' && bytes.get(at + 1) == Some(&b'\'') => at += 2,
            b if b == quote => return Some(at + 1),
            _ => at += 1,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str) -> Result<(), (usize, usize, String)> {
        check_text(Path::new("f.yaml"), text).map_err(|d| (d.line, d.column, d.message))
    }

    #[test]
    fn ordinary_files_pass() {
        let text = "title: A & B\npurpose: >\n  *Not* an alias & text\nitems:\n  - a: 'it''s'\n    b: \"x\\\"y\" # c\n  - [1, {a: b}]\n  - *emphasis* is text after a space? no\n";
        // the last line starts a node with `*`: YAML reads that as an alias, so it is refused.
        assert_eq!(check(text).unwrap_err().0, 8);
        assert!(check(&text.replace("  - *emphasis* is text after a space? no\n", "")).is_ok());
    }

    #[test]
    fn anchors_are_refused_where_they_are() {
        assert_eq!(check("a: &x [1]\nb: *x\n").unwrap_err().0, 1);
        assert_eq!(check("a: &x [1]\n").unwrap_err().1, 4);
        assert!(check("a: \"&x\"\nb: x & y\n").is_ok());
    }

    #[test]
    fn deep_nesting_is_refused_quickly() {
        let deep = format!("a: {}", "[".repeat(200_000));
        assert_eq!(check(&deep).unwrap_err().1, 4 + MAX_DEPTH - 1);
        let dashes = format!("a:\n{}x\n", "- ".repeat(100));
        assert!(check(&dashes).is_err());
        let indented: String = (0..100)
            .map(|i| format!("{}k{i}:\n", " ".repeat(i)))
            .collect();
        assert!(check(&indented).is_err());
        assert!(check("a:\n  - b: [1, [2, {c: d}]]\n").is_ok());
    }
}
