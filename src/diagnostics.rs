//! Problems found in the input, each pointing at a file, line and column, printed the way
//! compilers do (`file:line:col: error: message`) so editors can jump to them.

use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub file: PathBuf,
    /// 1-based; 0 when the problem is about the file as a whole.
    pub line: usize,
    pub column: usize,
    pub severity: Severity,
    pub message: String,
    /// What would be valid, or how to fix it.
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn error(file: &Path, line: usize, column: usize, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.to_path_buf(),
            line,
            column,
            severity: Severity::Error,
            message: message.into(),
            hint: None,
        }
    }

    pub fn warning(file: &Path, line: usize, column: usize, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, line, column, message)
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    fn withhold_quotes(&mut self) {
        self.message = withhold_quoted(&self.message, true);
        // A hint is our own advice (field names in backticks), but may still quote a value.
        self.hint = self
            .hint
            .as_deref()
            .map(|hint| withhold_quoted(hint, false));
    }
}

/// What stands in for quoted text from an exempt paper.
const WITHHELD: &str = "[text withheld: exempt]";

/// `message` with every quoted passage ("…", `…`, “…”) replaced: problems with exempt papers are
/// printed to consoles and CI logs, which are not private, so they name the place and field only.
fn withhold_quoted(message: &str, backticks: bool) -> String {
    let mut out = String::with_capacity(message.len());
    let mut closing: Option<char> = None;
    for c in message.chars() {
        match closing {
            Some(end) if c == end => {
                out.push_str(WITHHELD);
                out.push(c);
                closing = None;
            }
            Some(_) => {}
            None => {
                out.push(c);
                closing = match c {
                    '"' => Some('"'),
                    '`' if backticks => Some('`'),
                    '\u{201c}' => Some('\u{201d}'),
                    _ => None,
                };
            }
        }
    }
    if closing.is_some() {
        out.push_str(WITHHELD);
    }
    out
}

/// `message` with any quoted passage longer than a few words cut short, so an error never
/// reproduces a whole file it was given by mistake.
pub fn shorten_quoted(message: &str) -> String {
    const LONGEST: usize = 60;
    let mut out = String::with_capacity(message.len().min(512));
    let mut inside = 0usize;
    for c in message.chars() {
        if c == '"' {
            if inside > LONGEST {
                out.push('…');
            }
            inside = if inside == 0 { 1 } else { 0 };
            out.push(c);
        } else if inside > 0 {
            inside += 1;
            if inside <= LONGEST {
                out.push(c);
            }
        } else {
            out.push(c);
        }
    }
    out
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{}", self.file.display())?;
        if self.line > 0 {
            write!(f, ":{}:{}", self.line, self.column)?;
        }
        write!(f, ": {severity}: {}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// Every problem found, so a clerk fixes them all in one pass rather than one per run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0);
    }

    pub fn has_errors(&self) -> bool {
        self.0.iter().any(|d| d.severity == Severity::Error)
    }

    /// Withholds the quoted text of every problem in `files` (an exempt report and its
    /// appendices).
    pub fn withhold_quotes_in(&mut self, files: &[PathBuf]) {
        for diagnostic in &mut self.0 {
            if files.contains(&diagnostic.file) {
                diagnostic.withhold_quotes();
            }
        }
    }

    /// Withholds the quoted text of every problem (all found in an exempt report).
    pub fn withhold_all_quotes(&mut self) {
        self.0.iter_mut().for_each(Diagnostic::withhold_quotes);
    }

    pub fn error_count(&self) -> usize {
        self.0
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, diagnostic) in self.0.iter().enumerate() {
            if index > 0 {
                writeln!(f)?;
            }
            write!(f, "{diagnostic}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}
