//! Test helpers: the sentences of a seed text (a council paper extracted from its PDF) and an
//! in-order containment check, so a test can prove that a document (the YAML data, later the
//! rendered HTML and PDF text) carries every sentence of the seed, verbatim and in order.
//!
//! Not every test binary uses every helper.
#![allow(dead_code)]

use std::path::PathBuf;

/// `tests/seeds/<file_name>`.
pub fn seed_path(file_name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/seeds")
        .join(file_name)
}

/// The seed's text as the fragments a reader sees, in order: each must appear verbatim (after
/// [`normalise`]) in a faithful rendering. See [`sentences_of`].
pub fn seed_sentences(file_name: &str) -> Vec<String> {
    let path = seed_path(file_name);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("cannot read seed {}: {error}", path.display()));
    sentences_of(&text)
}

/// Splits text extracted from a PDF into fragments that must appear verbatim, in order.
///
/// - Extraction artefacts go: `<input .../>` checkbox tags, `**` bold markers, list markers
///   (`- `, `•`, `(1)`, `a)`), paragraph and section numbers (`1.0`, `4.2`, `1.`) and the dotted
///   leaders `· · · ·`. Where a marker or number is stripped a new fragment starts, because a
///   template may print the number differently (or not at all).
/// - A line that begins in lower case and has no marker continues the previous line when that line
///   did not end a sentence or clause (a sentence broken by a page break); otherwise every line is
///   its own fragment, as every table cell (tab-separated) is.
/// - The first line repeated as the next non-blank line (a running header) is dropped.
/// - A table whose header line (tab-separated) repeats after page breaks: the repeats are dropped;
///   the row just after a repeat that fills no more than half the columns continues the row before
///   the break, so its cells are joined back to that row's cells; a row whose cells are all in
///   capitals is a section row, its cells joined with no space (the extraction splits the name at a
///   column boundary: "CONTEXT + PRIORITI" "ES").
/// - Fragments are split into sentences at `. `, `? `, `! ` followed by a capital letter, and
///   whitespace is collapsed.
pub fn sentences_of(text: &str) -> Vec<String> {
    let text = strip_input_tags(text).replace("**", "");
    // Trailing tabs are kept: they are a table row's empty cells.
    let lines: Vec<&str> = text
        .lines()
        .map(|l| l.trim_end_matches([' ', '\r']))
        .collect();
    let header = repeated_table_header(&lines);

    let mut fragments: Vec<Fragment> = Vec::new();
    let mut table: Option<PlanTable> = None;
    let mut previous_line: Option<&str> = None;
    for line in &lines {
        if line.trim().is_empty() {
            continue;
        }
        // A running header: the same line again as the next non-blank line.
        if previous_line == Some(*line) {
            continue;
        }
        previous_line = Some(*line);
        if line.contains('\t') {
            let cells: Vec<String> = line.split('\t').map(clean_cell).collect();
            if header.as_deref() == Some(*line) {
                match &mut table {
                    Some(table) => table.after_break = true,
                    None => {
                        let plan = PlanTable::new(cells.len());
                        plan.push_fragments(&cells, &mut fragments);
                        table = Some(plan);
                    }
                }
                continue;
            }
            match &mut table {
                Some(plan) => plan.add_row(cells),
                None => {
                    for cell in cells.into_iter().filter(|c| !c.is_empty()) {
                        fragments.push(Fragment::cell(cell));
                    }
                }
            }
            continue;
        }
        if let Some(plan) = table.take() {
            plan.finish(&mut fragments);
        }
        let (rest, had_marker) = strip_markers(line.trim());
        if rest.is_empty() {
            continue;
        }
        let continues = !had_marker
            && rest.chars().next().is_some_and(|c| c.is_lowercase())
            && fragments
                .last()
                .is_some_and(|f| f.from_line && !ends_clause(&f.text) && !is_capitals(&f.text));
        if continues {
            let last = fragments.last_mut().expect("checked above");
            last.text.push(' ');
            last.text.push_str(rest);
        } else {
            fragments.push(Fragment {
                text: rest.to_string(),
                from_line: true,
            });
        }
    }
    if let Some(plan) = table.take() {
        plan.finish(&mut fragments);
    }

    let mut sentences: Vec<String> = Vec::new();
    for fragment in fragments {
        for sentence in split_sentences(&collapse_whitespace(&fragment.text)) {
            if !sentence.is_empty() && sentences.last() != Some(&sentence) {
                sentences.push(sentence);
            }
        }
    }
    sentences
}

struct Fragment {
    text: String,
    /// From a line of running text (may be continued by the next line), not a table cell.
    from_line: bool,
}

impl Fragment {
    fn cell(text: String) -> Self {
        Fragment {
            text,
            from_line: false,
        }
    }
}

/// A table whose header repeats after each page break (an action plan).
struct PlanTable {
    columns: usize,
    rows: Vec<PlanRow>,
    after_break: bool,
}

enum PlanRow {
    Section(String),
    Cells(Vec<String>),
}

impl PlanTable {
    fn new(columns: usize) -> Self {
        PlanTable {
            columns,
            rows: Vec::new(),
            after_break: false,
        }
    }

    fn add_row(&mut self, cells: Vec<String>) {
        let after_break = std::mem::replace(&mut self.after_break, false);
        let filled: Vec<&String> = cells.iter().filter(|c| !c.is_empty()).collect();
        if filled.is_empty() {
            return;
        }
        if filled.len() <= 2 && filled.iter().all(|c| is_capitals(c)) {
            self.rows.push(PlanRow::Section(cells.concat()));
            return;
        }
        if after_break && filled.len() * 2 <= self.columns {
            if let Some(PlanRow::Cells(previous)) = self.rows.last_mut() {
                for (index, cell) in cells.into_iter().enumerate() {
                    if cell.is_empty() {
                        continue;
                    }
                    if index >= previous.len() {
                        previous.resize(index + 1, String::new());
                    }
                    if !previous[index].is_empty() {
                        previous[index].push(' ');
                    }
                    previous[index].push_str(&cell);
                }
                return;
            }
        }
        self.rows.push(PlanRow::Cells(cells));
    }

    fn push_fragments(&self, cells: &[String], fragments: &mut Vec<Fragment>) {
        for cell in cells.iter().filter(|c| !c.is_empty()) {
            fragments.push(Fragment::cell(cell.clone()));
        }
    }

    fn finish(self, fragments: &mut Vec<Fragment>) {
        for row in &self.rows {
            match row {
                PlanRow::Section(name) => fragments.push(Fragment::cell(name.clone())),
                PlanRow::Cells(cells) => self.push_fragments(cells, fragments),
            }
        }
    }
}

/// The header line of a table that repeats after page breaks: a tab-separated line that occurs
/// again later, not as the very next non-blank line (that is a running header).
fn repeated_table_header(lines: &[&str]) -> Option<String> {
    let non_blank: Vec<&str> = lines
        .iter()
        .copied()
        .filter(|l| !l.trim().is_empty())
        .collect();
    for (index, line) in non_blank.iter().enumerate() {
        if !line.contains('\t') {
            continue;
        }
        let again = non_blank
            .iter()
            .enumerate()
            .skip(index + 2)
            .any(|(_, other)| other == line);
        if again {
            return Some(line.to_string());
        }
    }
    None
}

/// A table cell without its list marker or number; dotted leaders ("· · · ·") are empty.
fn clean_cell(cell: &str) -> String {
    let cell = collapse_whitespace(cell);
    if cell
        .chars()
        .all(|c| c == '·' || c == '•' || c.is_whitespace())
    {
        String::new()
    } else {
        strip_markers(&cell).0.to_string()
    }
}

/// Removes `<input ...>` tags (checkboxes in the extracted text).
fn strip_input_tags(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("<input") {
        out.push_str(&rest[..start]);
        match rest[start..].find('>') {
            Some(end) => rest = &rest[start + end + 1..],
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// Strips list markers and paragraph numbers from the start of a line; says whether any were.
fn strip_markers(line: &str) -> (&str, bool) {
    let mut rest = line;
    let mut stripped = false;
    loop {
        let before = rest;
        rest = rest.trim_start();
        if let Some(after) = rest
            .strip_prefix("- ")
            .or_else(|| rest.strip_prefix('•'))
            .or_else(|| rest.strip_prefix('·'))
        {
            rest = after;
        } else if rest == "-" {
            rest = "";
        } else if let Some(after) = strip_parenthesised_number(rest) {
            rest = after;
        } else if let Some(after) = strip_letter(rest) {
            rest = after;
        } else if let Some(after) = strip_paragraph_number(rest) {
            rest = after;
        }
        if rest.len() == before.trim_start().len() {
            return (rest.trim(), stripped);
        }
        stripped = true;
    }
}

/// "(1) " -> rest.
fn strip_parenthesised_number(text: &str) -> Option<&str> {
    let inner = text.strip_prefix('(')?;
    let digits = inner.chars().take_while(|c| c.is_ascii_digit()).count();
    if digits == 0 {
        return None;
    }
    let after = inner[digits..].strip_prefix(')')?;
    after.starts_with(' ').then_some(after)
}

/// "a) " -> rest.
fn strip_letter(text: &str) -> Option<&str> {
    let mut chars = text.chars();
    let letter = chars.next()?;
    if !letter.is_ascii_lowercase() {
        return None;
    }
    let after = chars.as_str().strip_prefix(") ")?;
    Some(after)
}

/// "1.0 ", "4.2 ", "1. ", "10.1 " -> rest. A number needs a dot: "15 October" is not numbering.
fn strip_paragraph_number(text: &str) -> Option<&str> {
    let end = text
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || *c == '.'))
        .map(|(i, _)| i)
        .unwrap_or(text.len());
    let number = &text[..end];
    if number.is_empty()
        || !number.contains('.')
        || !number.starts_with(|c: char| c.is_ascii_digit())
    {
        return None;
    }
    let after = &text[end..];
    (after.is_empty() || after.starts_with(' ')).then_some(after)
}

fn ends_clause(text: &str) -> bool {
    text.trim_end().ends_with(['.', ':', ';', '!', '?', ')'])
}

/// Has letters, none of them lower case ("PURPOSE OF REPORT", "CONTEXT + PRIORITI").
fn is_capitals(text: &str) -> bool {
    text.chars().any(|c| c.is_alphabetic()) && !text.chars().any(|c| c.is_lowercase())
}

fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Splits at ". ", "? ", "! " followed by a capital letter ("Extn. 5262" and "e.g. 'excellent"
/// stay whole).
fn split_sentences(text: &str) -> Vec<String> {
    let mut sentences = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for window in chars.windows(3) {
        let [(_, end), (_, space), (next_index, next)] = window else {
            continue;
        };
        if matches!(end, '.' | '?' | '!') && *space == ' ' && next.is_uppercase() {
            sentences.push(text[start..*next_index].trim().to_string());
            start = *next_index;
        }
    }
    sentences.push(text[start..].trim().to_string());
    sentences.retain(|s| !s.is_empty());
    sentences
}

/// Text as compared: typographic quotes and dashes made plain, `**` removed, non-breaking and
/// other whitespace collapsed to single spaces, trimmed.
pub fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.replace("**", "").chars() {
        match c {
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' => out.push('\''),
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' => out.push('"'),
            '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
            | '\u{2212}' => out.push('-'),
            '\u{00AD}' | '\u{200B}' => {}
            c if c.is_whitespace() => out.push(' '),
            c => out.push(c),
        }
    }
    collapse_whitespace(&out)
}

/// Checks that every needle occurs in the haystack, each after the previous one's match (both
/// normalised). The error names the first needle not found and shows where the search was.
pub fn assert_in_order(haystack: &str, needles: &[String]) -> Result<(), String> {
    in_order(haystack, needles, false)
}

/// As [`assert_in_order`], ignoring letter case (for HTML whose capitals come from CSS).
pub fn assert_in_order_ignoring_case(haystack: &str, needles: &[String]) -> Result<(), String> {
    in_order(haystack, needles, true)
}

fn in_order(haystack: &str, needles: &[String], ignore_case: bool) -> Result<(), String> {
    let fold = |s: &str| {
        let s = normalise(s);
        if ignore_case {
            s.to_lowercase()
        } else {
            s
        }
    };
    let hay = fold(haystack);
    let mut position = 0;
    let mut previous: Option<&str> = None;
    for (index, needle) in needles.iter().enumerate() {
        let wanted = fold(needle);
        if wanted.is_empty() {
            continue;
        }
        match hay[position..].find(&wanted) {
            Some(found) => {
                position += found + wanted.len();
                previous = Some(needle);
            }
            None => {
                let elsewhere = match hay.find(&wanted) {
                    Some(at) => format!(
                        "it occurs only earlier, out of order, at: «{}»",
                        excerpt(&hay, at, 120)
                    ),
                    None => "it does not occur at all".to_string(),
                };
                return Err(format!(
                    "needle {} of {} not found after the previous match\n  needle:   «{wanted}»\n  previous: «{}»\n  {elsewhere}\n  text after the previous match: «{}»",
                    index + 1,
                    needles.len(),
                    previous.map(normalise).unwrap_or_else(|| "(none)".to_string()),
                    excerpt(&hay, position, 240),
                ));
            }
        }
    }
    Ok(())
}

/// Up to `length` bytes of `text` from `start`, cut at character boundaries.
fn excerpt(text: &str, start: usize, length: usize) -> String {
    let mut from = start.min(text.len());
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    let mut to = (from + length).min(text.len());
    while !text.is_char_boundary(to) {
        to += 1;
    }
    text[from..to].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn owned(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn in_order_passes_and_fails_on_order() {
        let text = "Alpha beta. Gamma delta. Epsilon.";
        assert!(assert_in_order(text, &owned(&["Alpha beta.", "Gamma", "Epsilon."])).is_ok());
        let error = assert_in_order(text, &owned(&["Gamma delta.", "Alpha beta."])).unwrap_err();
        assert!(error.contains("out of order"), "{error}");
        let error = assert_in_order(text, &owned(&["Zeta"])).unwrap_err();
        assert!(error.contains("does not occur"), "{error}");
    }

    #[test]
    fn the_same_needle_twice_needs_two_occurrences() {
        assert!(assert_in_order("None None", &owned(&["None", "None"])).is_ok());
        assert!(assert_in_order("None", &owned(&["None", "None"])).is_err());
    }

    #[test]
    fn normalises_quotes_dashes_space_and_bold() {
        assert_eq!(
            normalise("the \u{2018}critical friend\u{2019} \u{2013} **LGA**\u{a0}\n team"),
            "the 'critical friend' - LGA team"
        );
        let needles = owned(&["Officer time – potential", "“One Council”"]);
        assert!(assert_in_order("Officer time - potential  \"One Council\"", &needles).is_ok());
    }

    #[test]
    fn ignoring_case() {
        let needles = owned(&["PURPOSE OF REPORT"]);
        assert!(assert_in_order("Purpose of report", &needles).is_err());
        assert!(assert_in_order_ignoring_case("Purpose of report", &needles).is_ok());
    }

    #[test]
    fn strips_markers_numbers_and_artefacts() {
        let text = "CABINET\n\n\nCABINET\n\nKey Decision\t<input type=\"checkbox\"/>\tNon-Key\n\
                    - (1) That Cabinet agrees.\n1.0 Introduction\n\n- 1.2 The report. It is **attached**.\n\
                    - a) to agree, or:\n- b) not.\n- \n1. Peer Challenge Action Plan\n15 October 2014\n";
        assert_eq!(
            sentences_of(text),
            owned(&[
                "CABINET",
                "Key Decision",
                "Non-Key",
                "That Cabinet agrees.",
                "Introduction",
                "The report.",
                "It is attached.",
                "to agree, or:",
                "not.",
                "Peer Challenge Action Plan",
                "15 October 2014",
            ])
        );
    }

    #[test]
    fn joins_lines_broken_mid_sentence_only() {
        let text = "- create a more\n\neffective organisation, e.g. 'excellent'\nBACKGROUND PAPERS\n\nnone\n\
                    Name (Extn. 5262) Chris Twomey\n";
        assert_eq!(
            sentences_of(text),
            owned(&[
                "create a more effective organisation, e.g. 'excellent'",
                "BACKGROUND PAPERS",
                "none",
                "Name (Extn. 5262) Chris Twomey",
            ])
        );
    }

    #[test]
    fn rejoins_table_rows_split_by_page_breaks() {
        let text = "What\tHow\tLead\tNote\n\
                    CONTEXT + PRIORITI\tES\t\t\n\
                    Do this\tBy doing it and\tMC\tFirst.\n\
                    \n\
                    What\tHow\tLead\tNote\n\
                    \tthat.\t\tSecond.\n\
                    Next row\tHow\tNM\t· · · ·\n\
                    \n\
                    What\tHow\tLead\tNote\n\
                    Row after break\tIts how\tCEx\tIts note\n";
        assert_eq!(
            sentences_of(text),
            owned(&[
                "What",
                "How",
                "Lead",
                "Note",
                "CONTEXT + PRIORITIES",
                "Do this",
                "By doing it and that.",
                "MC",
                "First.",
                "Second.",
                "Next row",
                "How",
                "NM",
                "Row after break",
                "Its how",
                "CEx",
                "Its note",
            ])
        );
    }

    #[test]
    fn seeds_give_sentences() {
        let sentences = seed_sentences("004_77448fbcabded5a8.txt");
        let count = |s: &str| sentences.iter().filter(|x| x.as_str() == s).count();
        // The header once; continuation fragments joined to the row before the break.
        assert_eq!(count("When (Dec 15)"), 1);
        assert!(sentences.iter().any(|s| s.ends_with(
            "reported to Cabinet in September and presented to the Budget and Performance Panel, will be developed into a plan to implement changes in performance management arrangements."
        )));
        assert!(sentences.contains(&"ORGANISATIONAL C".to_string()));
        assert!(sentences.iter().any(|s| s.starts_with(
            "Establish a mechanism for staff to feed ideas about service delivery, budget savings or income generation to managers and MT"
        )));
        let sentences = seed_sentences("001_dfcdab52b0494752.txt");
        assert_eq!(sentences[0], "OVERVIEW & SCRUTINY");
        assert_ne!(sentences[1], "OVERVIEW & SCRUTINY");
    }
}
