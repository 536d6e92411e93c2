//! Markdown text fields to safe HTML fragments (pulldown-cmark). Raw HTML in the input is refused,
//! not escaped or dropped, so an author learns at once that it will not appear; links must use a
//! scheme a reader can follow safely.

use pulldown_cmark::{BrokenLink, CowStr, Event, Options, Parser, Tag, TagEnd};

/// Why a text field could not be turned into HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkdownError {
    pub message: String,
    /// A piece of the offending text, to find it in the file.
    pub snippet: String,
}

const ALLOWED_SCHEMES: [&str; 4] = ["https:", "http:", "mailto:", "tel:"];

/// Renders a text field. `inline` drops the wrapping `<p>` of a one-paragraph text, for places
/// such as table headings and list items where a paragraph would add space.
pub fn to_html(text: &str, inline: bool) -> Result<String, MarkdownError> {
    if let Some(html) = plain_paragraphs(text) {
        return Ok(if inline {
            unwrap_single_paragraph(html)
        } else {
            html
        });
    }
    let mut broken: Option<String> = None;
    let mut on_broken = |link: BrokenLink<'_>| {
        broken.get_or_insert_with(|| link.reference.to_string());
        None::<(CowStr<'_>, CowStr<'_>)>
    };
    let parser = Parser::new_with_broken_link_callback(
        text,
        Options::ENABLE_STRIKETHROUGH,
        Some(&mut on_broken),
    );
    let mut events = Vec::new();
    let mut depth = 0usize;
    // Whether each open link is a language span (`[Croeso](lang:cy)`) rather than a link.
    let mut open_links: Vec<bool> = Vec::new();
    for (event, range) in parser.into_offset_iter() {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth > MAX_DEPTH {
            return Err(too_deep(text, range.start));
        }
        let event = match event {
            Event::Start(Tag::Link { ref dest_url, .. }) => match language_of(dest_url)? {
                Some(lang) => {
                    open_links.push(true);
                    Event::InlineHtml(format!("<span lang=\"{lang}\">").into())
                }
                None => {
                    check_event(&event)?;
                    open_links.push(false);
                    event
                }
            },
            Event::End(TagEnd::Link) if open_links.pop() == Some(true) => {
                Event::InlineHtml("</span>".into())
            }
            other => {
                check_event(&other)?;
                other
            }
        };
        events.push(event);
    }
    if let Some(reference) = broken {
        return Err(MarkdownError {
            message: format!(
                "link reference [{reference}] is not defined; write links as [text](https://...)"
            ),
            snippet: reference,
        });
    }
    let mut html = String::with_capacity(text.len() + 16);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    let html = html.trim_end().to_string();
    Ok(if inline {
        unwrap_single_paragraph(html)
    } else {
        html
    })
}

/// Whether `text` is one line of words that Markdown leaves as it is, one paragraph with
/// nothing to escape: it starts with a letter (no list, heading, quote or code block), holds
/// only letters, digits, single spaces and punctuation no Markdown or HTML construct uses, and
/// ends without a space. Most fields are (an action plan's cells, titles, names), and parsing
/// each was a tenth of an `--only` rebuild's instructions at 50 reports.
fn is_plain_sentence(text: &str) -> bool {
    let starts_with_letter = text.chars().next().is_some_and(char::is_alphabetic);
    // Bytes above 127 are the parts of non-ASCII characters, checked last. The bytes are
    // looked up a run at a time, without a branch each: every field of every report is
    // checked, and byte by byte this took as long as Markdown took for the rest.
    let plain_bytes = (text.as_bytes().chunks(64)).all(|run| {
        run.iter()
            .fold(true, |plain, &byte| plain & PLAIN_BYTES[usize::from(byte)])
    });
    let non_ascii_plain = || {
        (text.chars().filter(|ch| !ch.is_ascii())).all(|ch| ch.is_alphanumeric() || ch == '\u{a3}')
    };
    starts_with_letter
        && !text.ends_with(' ')
        && plain_bytes
        && !text.contains("  ")
        && (text.is_ascii() || non_ascii_plain())
}

/// Whether a plain sentence may hold each byte: [`is_plain_ascii`], or a part of a non-ASCII
/// character.
const PLAIN_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        table[byte] = byte >= 128 || is_plain_ascii(byte as u8);
        byte += 1;
    }
    table
};

/// Text of plain sentences ([`is_plain_sentence`]) parted by blank lines, as Markdown renders
/// it: one paragraph each, a line apart. An action plan's updates are mostly such text, and
/// they were most of the fields still parsed.
fn plain_paragraphs(text: &str) -> Option<String> {
    let mut html = String::with_capacity(text.len() + 16);
    for paragraph in text.split("\n\n") {
        if !is_plain_sentence(paragraph) {
            return None;
        }
        if !html.is_empty() {
            html.push('\n');
        }
        html.push_str("<p>");
        html.push_str(paragraph);
        html.push_str("</p>");
    }
    Some(html)
}

/// Whether a plain sentence may hold the ASCII `byte`: a letter, a digit, the space, or
/// punctuation that no Markdown or HTML construct uses inside a line.
const fn is_plain_ascii(byte: u8) -> bool {
    matches!(byte,
        b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9'
        | b' ' | b',' | b'.' | b';' | b':' | b'\'' | b'(' | b')' | b'/' | b'%' | b'?' | b'-')
}

/// The deepest nesting of quotes, lists and emphasis in one text field; deeper text is refused,
/// so that laying it out never recurses without bound.
pub const MAX_DEPTH: usize = 24;

fn too_deep(text: &str, offset: usize) -> MarkdownError {
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line = text[line_start..].lines().next().unwrap_or_default();
    MarkdownError {
        message: format!(
            "the text nests quotes (>), lists or emphasis more than {MAX_DEPTH} levels deep"
        ),
        snippet: line.trim().chars().take(40).collect(),
    }
}

fn check_event(event: &Event<'_>) -> Result<(), MarkdownError> {
    match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Err(MarkdownError {
            message: format!(
                "raw HTML {:?} is not allowed in text fields; use Markdown (**bold**, *italic*, [link](https://...))",
                raw.trim()
            ),
            snippet: raw.trim().chars().take(40).collect(),
        }),
        Event::Start(Tag::Link { dest_url, .. }) => check_link(dest_url),
        Event::Start(Tag::Image { .. }) => Err(MarkdownError {
            message: "images are not supported in text fields".to_string(),
            snippet: "![".to_string(),
        }),
        _ => Ok(()),
    }
}

/// The language of a `[passage](lang:cy)` span: a BCP 47 tag such as `cy`, `en-GB`, `ga`.
fn language_of(dest: &str) -> Result<Option<String>, MarkdownError> {
    let Some(tag) = dest.trim().strip_prefix("lang:") else {
        return Ok(None);
    };
    if is_language_tag(tag) {
        Ok(Some(tag.to_string()))
    } else {
        Err(MarkdownError {
            message: format!(
                "{tag:?} is not a language tag: write [passage](lang:cy) with a BCP 47 tag such as cy, en-GB or ga"
            ),
            snippet: format!("lang:{tag}"),
        })
    }
}

/// A BCP 47 language tag as councils need them: a 2-3 letter language, then subtags of 1-8
/// letters or digits (`cy`, `en-GB`, `gd`, `zh-Hant`).
pub fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let language = parts.next().unwrap_or_default();
    (2..=3).contains(&language.len())
        && language.bytes().all(|b| b.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

fn check_link(url: &str) -> Result<(), MarkdownError> {
    let url = url.trim();
    let lower = url.to_ascii_lowercase();
    let allowed_scheme = ALLOWED_SCHEMES.iter().any(|s| lower.starts_with(s));
    let has_scheme = lower.split_once(':').is_some_and(|(scheme, _)| {
        scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '+')
    });
    let internal = url.starts_with('#');
    if url.is_empty() || (has_scheme && !allowed_scheme) || (!has_scheme && !internal) {
        return Err(MarkdownError {
            message: format!(
                "link target {url:?} is not allowed: use https://, http://, mailto:, tel: or #anchor"
            ),
            snippet: if url.is_empty() { "]()".to_string() } else { url.to_string() },
        });
    }
    let host_missing = (lower.starts_with("https:") || lower.starts_with("http:"))
        && !lower
            .trim_start_matches("https:")
            .trim_start_matches("http:")
            .starts_with("//");
    if host_missing || url.contains(' ') {
        return Err(MarkdownError {
            message: format!("link target {url:?} is not a valid web address"),
            snippet: url.to_string(),
        });
    }
    Ok(())
}

fn unwrap_single_paragraph(html: String) -> String {
    let inner = html
        .strip_prefix("<p>")
        .and_then(|rest| rest.strip_suffix("</p>"));
    match inner {
        Some(inner) if !inner.contains("<p>") => inner.to_string(),
        _ => html,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What Markdown makes of `text`, never taking the plain-sentence way.
    fn parsed(text: &str, inline: bool) -> String {
        let html = to_html(&format!("{text}\n\n[x](https://example.org)"), false).unwrap();
        let first = html.split("\n<p><a").next().unwrap_or_default().to_string();
        if inline {
            unwrap_single_paragraph(first)
        } else {
            first
        }
    }

    #[test]
    fn a_plain_sentence_renders_as_markdown_renders_it() {
        let sentences = [
            "Ongoing",
            "Review the Council's approach (phase 2) by 31/03/2017; report to Cabinet.",
            "Costs rise by 5% to \u{a3}1.2m: see section 4.",
            "Gwasanaethau Cymraeg yn \u{f4}l y gofyn",
            "Year-on-year savings",
            "Is it ready?",
        ];
        let paragraphs = [
            "First we review.\n\nThen we report (phase 2).",
            "One.\n\nTwo.\n\nThree: all \u{a3}5m.",
        ];
        for text in sentences.into_iter().chain(paragraphs) {
            assert!(plain_paragraphs(text).is_some(), "{text}");
            for inline in [false, true] {
                assert_eq!(
                    to_html(text, inline).unwrap(),
                    parsed(text, inline),
                    "{text}"
                );
            }
        }
        let not_plain = [
            "1. First",
            "- item",
            "# Heading",
            "A *word*",
            "A & B",
            "a_b_c",
            "Trailing ",
            "Two  spaces",
            "Line\nbreak",
            "[link](https://example.org)",
            "~~struck~~",
            "",
        ];
        for text in not_plain {
            assert!(!is_plain_sentence(text), "{text:?}");
        }
        let not_plain_paragraphs = [
            "One.\n\n\nTwo.",
            "One.\n\n- two",
            "One.\n\n",
            "One.\n \nTwo.",
            "One.\n\nTwo\nlines.",
            "Title\n\n===",
        ];
        for text in not_plain_paragraphs {
            assert!(plain_paragraphs(text).is_none(), "{text:?}");
        }
    }

    #[test]
    fn emphasis_and_lists_render() {
        let html = to_html("Some **bold** text\n\n- one\n- two", false).unwrap();
        assert!(html.contains("<strong>bold</strong>"));
        assert!(html.contains("<li>one</li>"));
    }

    #[test]
    fn raw_html_is_refused() {
        let error = to_html("Hello <script>alert(1)</script>", false).unwrap_err();
        assert!(error.message.contains("raw HTML"), "{}", error.message);
    }

    #[test]
    fn unsafe_and_broken_links_are_refused() {
        assert!(to_html("[x](javascript:alert(1))", false).is_err());
        assert!(to_html("[x][nowhere]", false).is_err());
        assert!(to_html("[x](https:/nohost)", false).is_err());
        assert!(to_html(
            "[mail](mailto:a@b.gov.uk) and [web](https://www.gov.uk)",
            false
        )
        .is_ok());
    }

    #[test]
    fn single_paragraph_unwraps_inline() {
        assert_eq!(to_html("Just *this*", true).unwrap(), "Just <em>this</em>");
    }
}
