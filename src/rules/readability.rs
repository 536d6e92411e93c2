//! Plain-English notes on a meeting's reports (GOV.UK and LGA plain-English guidance): sentences
//! over 25 words, passive constructions (a simple heuristic: a form of "be" followed by a past
//! participle) and words from the council's jargon list. They are advice, not rules: `check`
//! counts them and `check --readability` lists them, each at the file, line and column of the
//! words in the YAML (as near as the text can be found there); `build` ignores them.

use super::content::report_texts;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::input::load::LoadedMeeting;
use crate::input::spans::Spans;

/// The longest sentence, in words, that passes without a note.
pub const LONGEST_SENTENCE: usize = 25;

/// Every readability note on the meeting's reports, as warnings.
pub fn notes(loaded: &LoadedMeeting, jargon: &[String]) -> Diagnostics {
    let mut found = Diagnostics::default();
    for report in loaded.items.iter().filter_map(|item| item.report.as_ref()) {
        for (field, text) in report_texts(&report.report) {
            let place = TextPlace {
                spans: &report.spans,
                path: report.spans.path_of_value(field, text),
            };
            notes_on(text, &place, jargon, &mut found);
        }
    }
    found
}

/// Where a text value sits in its YAML file (from the parser), to point at words inside it.
struct TextPlace<'a> {
    spans: &'a Spans,
    /// The value's path, when it was found among the file's values.
    path: Option<&'a str>,
}

impl TextPlace<'_> {
    /// A note at `phrase` as written inside the value; failing that (a phrase broken over
    /// lines of a folded value), at the value's start.
    fn note(&self, phrase: &str, message: String, hint: &str) -> Diagnostic {
        let diagnostic = self.spans.warning("", message).with_hint(hint);
        let Some(path) = self.path else {
            return diagnostic;
        };
        match self.spans.in_value(path, phrase) {
            Some(at) => Diagnostic {
                line: at.line,
                column: at.column,
                ..diagnostic
            },
            None => self.spans.place(diagnostic, path),
        }
    }
}

fn notes_on(text: &str, place: &TextPlace, jargon: &[String], found: &mut Diagnostics) {
    for sentence in sentences(text) {
        let words: Vec<&str> = sentence.split_whitespace().collect();
        let opening: String = words.iter().take(6).copied().collect::<Vec<_>>().join(" ");
        if words.len() > LONGEST_SENTENCE {
            found.push(place.note(
                words.first().copied().unwrap_or(""),
                format!(
                    "readability: a sentence of {} words (over {LONGEST_SENTENCE}): \"{opening}…\"",
                    words.len()
                ),
                "split it into shorter sentences, one point each",
            ));
        }
        if let Some(passive) = passive(&words) {
            found.push(place.note(
                &passive,
                format!("readability: passive \"{passive}\""),
                "say who does it (the council will review it, rather than it will be reviewed)",
            ));
        }
    }
    for term in jargon {
        if let Some(at) = find_term(text, term) {
            let written = &text[at..at + term.len()];
            found.push(place.note(
                written,
                format!("readability: \"{written}\" is on the jargon list"),
                "use a plainer word (the list is jargon.txt in the house style)",
            ));
        }
    }
}

/// The text's sentences, Markdown emphasis and line breaks set aside: split after `.`, `?` or
/// `!` followed by a space, and at blank lines and list items.
fn sentences(text: &str) -> Vec<String> {
    let plain: String = text
        .chars()
        .filter(|c| !matches!(c, '*' | '_' | '`'))
        .collect();
    let mut out = Vec::new();
    for block in plain.split("\n\n").flat_map(|b| b.split("\n- ")) {
        let flat = block.split_whitespace().collect::<Vec<_>>().join(" ");
        let mut current = String::new();
        let mut chars = flat.chars().peekable();
        while let Some(c) = chars.next() {
            current.push(c);
            if matches!(c, '.' | '?' | '!') && chars.peek().is_none_or(|n| *n == ' ') {
                out.push(std::mem::take(&mut current));
            }
        }
        out.push(current);
    }
    out.into_iter()
        .map(|s| s.trim().to_string())
        .filter(|s| {
            s.split_whitespace()
                .any(|w| w.chars().any(char::is_alphabetic))
        })
        .collect()
}

const BE: [&str; 8] = ["am", "is", "are", "was", "were", "be", "been", "being"];

/// Past participles that do not end in -ed.
const IRREGULAR: [&str; 28] = [
    "made", "done", "given", "taken", "seen", "known", "shown", "written", "sent", "held", "paid",
    "built", "brought", "kept", "left", "met", "put", "set", "sought", "told", "found", "thought",
    "bought", "chosen", "spent", "drawn", "led", "won",
];

/// Adjectives ending in -ed that follow "be" without making it passive.
const NOT_PARTICIPLES: [&str; 6] = ["need", "seed", "bed", "red", "shed", "hundred"];

/// The first "be + past participle" in a sentence's words ("will be reviewed", "was
/// agreed"), allowing one adverb between ("is currently being developed" has its pair later).
fn passive(words: &[&str]) -> Option<String> {
    let bare = |w: &str| {
        w.trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase()
    };
    for (index, word) in words.iter().enumerate() {
        if !BE.contains(&bare(word).as_str()) {
            continue;
        }
        let mut next = index + 1;
        if words.get(next).is_some_and(|w| bare(w).ends_with("ly")) {
            next += 1;
        }
        let Some(candidate) = words.get(next) else {
            continue;
        };
        let candidate = bare(candidate);
        let participle = (candidate.len() > 4
            && candidate.ends_with("ed")
            && !NOT_PARTICIPLES.contains(&candidate.as_str()))
            || IRREGULAR.contains(&candidate.as_str());
        if participle {
            let phrase = words[index..=next]
                .iter()
                .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
                .collect::<Vec<_>>()
                .join(" ");
            return Some(phrase);
        }
    }
    None
}

/// Byte offset of `term` in `text` as a whole word or phrase (a plural -s allowed), ignoring
/// case.
fn find_term(text: &str, term: &str) -> Option<usize> {
    let term = term.trim();
    if term.is_empty() {
        return None;
    }
    let mut from = 0;
    while let Some(offset) = find_ignore_case(&text[from..], term) {
        let at = from + offset;
        let end = at + term.len();
        let before_ok = text[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        let rest = &text[end..];
        let rest = rest.strip_prefix('s').unwrap_or(rest);
        let after_ok = rest.chars().next().is_none_or(|c| !c.is_alphanumeric());
        if before_ok && after_ok {
            return Some(at);
        }
        from = end;
    }
    None
}

/// Byte offset of `needle` in `haystack`, ignoring case (ASCII letters), at a character boundary.
fn find_ignore_case(haystack: &str, needle: &str) -> Option<usize> {
    let needle = needle.as_bytes();
    if needle.is_empty() {
        return None;
    }
    haystack
        .as_bytes()
        .windows(needle.len())
        .position(|window| window.eq_ignore_ascii_case(needle))
        .filter(|at| haystack.is_char_boundary(*at))
}

/// A council's jargon list: one word or phrase a line; `#` starts a comment.
pub fn parse_jargon(text: &str) -> Vec<String> {
    text.lines()
        .map(|line| line.split('#').next().unwrap_or("").trim())
        .filter(|line| !line.is_empty())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passive_needs_be_and_a_participle() {
        let words = |s: &'static str| s.split_whitespace().collect::<Vec<_>>();
        assert_eq!(
            passive(&words("The plan will be reviewed in May.")),
            Some("be reviewed".into())
        );
        assert_eq!(
            passive(&words("It was quickly agreed.")),
            Some("was quickly agreed".into())
        );
        assert_eq!(passive(&words("The council will review the plan.")), None);
        assert_eq!(passive(&words("There is a need.")), None);
    }

    #[test]
    fn terms_match_whole_words_and_plurals() {
        assert_eq!(find_term("Our Stakeholders agree", "stakeholder"), Some(4));
        assert_eq!(find_term("leveraged buyout", "leverage"), None);
        assert_eq!(find_term("Going forward, we", "going forward"), Some(0));
    }

    #[test]
    fn sentences_split_at_full_stops_and_list_items() {
        assert_eq!(
            sentences("One two. Three four?\n\n- five\n- six"),
            ["One two.", "Three four?", "- five", "six"]
        );
    }
}
