//! What of a context variable a template can show: the fields of `meeting` named anywhere in a
//! template, the templates it extends, includes and imports, and theirs. An item's page is
//! given only those, so its page (and its key for the kept items) changes only when they do,
//! not when the pack grows by a kilobyte or the venue moves.
//!
//! The reading is of the templates' text, and errs towards showing more: any use of the
//! variable other than `variable.field` (passed whole, subscripted, looped over, the whole
//! context) shows all of it.

use std::collections::{BTreeSet, HashMap};

/// How much of a variable a template set can show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shown {
    /// All of it: it is used whole somewhere.
    Everything,
    /// Only these fields (and whatever is inside them).
    Fields(BTreeSet<String>),
}

impl Shown {
    /// Whether the field `name` can be shown.
    pub fn shows(&self, name: &str) -> bool {
        match self {
            Shown::Everything => true,
            Shown::Fields(fields) => fields.contains(name),
        }
    }

    pub fn add(&mut self, more: Shown) {
        match (&mut *self, more) {
            (Shown::Everything, _) => {}
            (_, Shown::Everything) => *self = Shown::Everything,
            (Shown::Fields(fields), Shown::Fields(more)) => fields.extend(more),
        }
    }
}

/// What of `variable` the template `start` can show, with every template it reaches in
/// `sources` (template name to text).
pub fn shown_by(sources: &HashMap<&str, &str>, start: &str, variable: &str) -> Shown {
    walk(sources, &[start.to_string()], variable).1
}

/// The templates `starts` reach in `sources` (template name to text), with themselves: all
/// they extend, include and import, and all those do. A name with no text is still named.
pub fn reached_from(sources: &HashMap<&str, &str>, starts: &[String]) -> BTreeSet<String> {
    walk(sources, starts, "").0
}

/// The templates `starts` reach, and what of `variable` they show: each read once.
fn walk(
    sources: &HashMap<&str, &str>,
    starts: &[String],
    variable: &str,
) -> (BTreeSet<String>, Shown) {
    let mut seen = BTreeSet::new();
    let mut shown = Shown::Fields(BTreeSet::new());
    let mut waiting: Vec<String> = starts.to_vec();
    while let Some(name) = waiting.pop() {
        if !seen.insert(name.clone()) {
            continue;
        }
        if let Some(text) = sources.get(name.as_str()) {
            let reading = read(text, variable);
            shown.add(reading.shown);
            waiting.extend(reading.reaches);
        }
    }
    (seen, shown)
}

/// One template's text, read: what of the variable it shows, and the templates it names.
struct Reading {
    shown: Shown,
    reaches: Vec<String>,
}

fn read(text: &str, variable: &str) -> Reading {
    let mut reading = Reading {
        shown: Shown::Fields(BTreeSet::new()),
        reaches: Vec::new(),
    };
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        let after = &rest[start + 1..];
        let closer = match after.as_bytes().first() {
            Some(b'{') => "}}",
            Some(b'%') => "%}",
            Some(b'#') => {
                rest = after.find("#}").map_or("", |end| &after[end + 2..]);
                continue;
            }
            _ => {
                rest = after;
                continue;
            }
        };
        let (tokens, tag_end) = tokens_of_tag(&after[1..], closer);
        read_tag(&tokens, variable, &mut reading);
        rest = &after[1 + tag_end..];
    }
    reading
}

/// A piece of a tag: a name, a quoted string's text, or any other character.
#[derive(Debug, PartialEq)]
enum Token {
    Name(String),
    Text(String),
    Mark(char),
}

/// The tokens of a tag body up to its `closer` (outside strings), and where the tag ends.
fn tokens_of_tag(body: &str, closer: &str) -> (Vec<Token>, usize) {
    let mut tokens = Vec::new();
    let mut chars = body.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if body[at..].starts_with(closer) {
            return (tokens, at + closer.len());
        }
        if c == '"' || c == '\'' || c == '`' {
            let mut text = String::new();
            for (_, inner) in chars.by_ref() {
                if inner == c {
                    break;
                }
                text.push(inner);
            }
            tokens.push(Token::Text(text));
        } else if c.is_alphabetic() || c == '_' {
            let mut name = c.to_string();
            while let Some(&(_, next)) = chars.peek() {
                if !(next.is_alphanumeric() || next == '_') {
                    break;
                }
                name.push(next);
                chars.next();
            }
            tokens.push(Token::Name(name));
        } else if !c.is_whitespace() {
            tokens.push(Token::Mark(c));
        }
    }
    (tokens, body.len())
}

fn read_tag(tokens: &[Token], variable: &str, reading: &mut Reading) {
    // `{%- include ... %}`: the whitespace mark comes before the keyword.
    let keyword = tokens.iter().find(|token| **token != Token::Mark('-'));
    let names_templates = matches!(keyword, Some(Token::Name(keyword))
        if ["extends", "include", "import"].contains(&keyword.as_str()));
    for (index, token) in tokens.iter().enumerate() {
        match token {
            Token::Text(name) if names_templates => reading.reaches.push(name.clone()),
            Token::Name(name) if name == "__tera_context" => reading.shown = Shown::Everything,
            Token::Name(name) if name == variable => {
                let after_dot = index > 0 && tokens[index - 1] == Token::Mark('.');
                if !after_dot {
                    reading.shown.add(use_of(&tokens[index + 1..]));
                }
            }
            _ => {}
        }
    }
}

/// What one use of the variable shows, from the tokens after its name.
fn use_of(after: &[Token]) -> Shown {
    match after {
        [Token::Mark('.'), Token::Name(field), ..] => {
            Shown::Fields(BTreeSet::from([field.clone()]))
        }
        // A keyword argument's name (`footer(meeting=...)`), not the variable: `==` compares it.
        [Token::Mark('='), next, ..] if *next != Token::Mark('=') => Shown::Fields(BTreeSet::new()),
        _ => Shown::Everything,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(templates: &[(&str, &str)]) -> Shown {
        let sources: HashMap<&str, &str> = templates.iter().copied().collect();
        shown_by(&sources, templates[0].0, "meeting")
    }

    fn fields(names: &[&str]) -> Shown {
        Shown::Fields(names.iter().map(|n| n.to_string()).collect())
    }

    #[test]
    fn fields_named_in_the_template_and_what_it_reaches_are_shown() {
        let templates = [
            (
                "report.html",
                "{% extends \"page.html\" %}{{ meeting.footer }}",
            ),
            (
                "page.html",
                "{% import 'macros.html' as m %}<h1>{{ meeting . committee | upper }}</h1>\
                 {%- include \"part.html\" -%}",
            ),
            (
                "macros.html",
                "{% macro x(a) %}{{ meeting.date }}{% endmacro %}",
            ),
            (
                "part.html",
                "{% if meeting.pack %}{{ other.meeting }}{% endif %}",
            ),
            ("unreached.html", "{{ meeting }}"),
        ];
        let shown = shown(&templates);
        assert_eq!(shown, fields(&["committee", "date", "footer", "pack"]));
        assert!(shown.shows("footer") && !shown.shows("venue"));
    }

    #[test]
    fn a_whole_use_shows_everything() {
        for whole in [
            "{{ meeting | json_encode }}",
            "{% set m = meeting %}{{ m.venue }}",
            "{{ meeting['venue'] }}",
            "{% for key, value in meeting %}{{ value }}{% endfor %}",
            "{{ __tera_context }}",
            "{{ m::footer(meeting=meeting) }}",
        ] {
            assert_eq!(shown(&[("t.html", whole)]), Shown::Everything, "{whole}");
        }
    }

    #[test]
    fn words_outside_tags_in_strings_and_comments_show_nothing() {
        let text = "<p>The meeting</p>{# {{ meeting }} #}{{ \"meeting }}\" }}\
                    {{ m::footer(meeting=report.title) }}{% if item.meeting == 1 %}{% endif %}";
        assert_eq!(shown(&[("t.html", text)]), fields(&[]));
    }
}
