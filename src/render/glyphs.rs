//! Text the PDF cannot show as written, found in the input so that `check` warns before
//! anything is published: characters the papers' fonts have no glyph for (emoji, CJK, Arabic),
//! which would print as empty boxes and vanish from the PDF's text, and right-to-left scripts,
//! which the layout engine does not reorder.

use crate::layout::fonts;

/// Why a character will not read right in the PDF.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GlyphProblem {
    /// No glyph in the fonts.
    Undrawable,
    /// Drawn, but a right-to-left script, so laid out in the wrong order.
    RightToLeft,
}

/// The characters of one kind of problem in a text: where the first is (byte offset) and the
/// distinct characters, in the order met.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub problem: GlyphProblem,
    pub offset: usize,
    pub chars: Vec<char>,
}

/// The problems of `text`, one entry per kind. YAML comment lines are skipped: they are never
/// printed.
pub fn glyph_problems(text: &str) -> Vec<Found> {
    let mut found: Vec<Found> = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        // The fonts draw every ASCII character and ASCII is left to right: nearly every line of
        // a report needs no look at each character.
        if !line.is_ascii() && !line.trim_start().starts_with('#') {
            for (index, ch) in line.char_indices() {
                let problem = if !fonts::drawable(ch) {
                    GlyphProblem::Undrawable
                } else if is_right_to_left(ch) {
                    GlyphProblem::RightToLeft
                } else {
                    continue;
                };
                match found.iter_mut().find(|f| f.problem == problem) {
                    Some(entry) if !entry.chars.contains(&ch) => entry.chars.push(ch),
                    Some(_) => {}
                    None => found.push(Found {
                        problem,
                        offset: offset + index,
                        chars: vec![ch],
                    }),
                }
            }
        }
        offset += line.len();
    }
    found
}

/// Letters of the right-to-left scripts: Hebrew, Arabic, Syriac, Thaana, N'Ko and their
/// presentation forms.
fn is_right_to_left(ch: char) -> bool {
    matches!(ch as u32,
        0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF | 0x10800..=0x10FFF | 0x1E800..=0x1EFFF)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_ascii_character_is_drawable_and_left_to_right() {
        for byte in 0..=0x7Fu8 {
            let ch = char::from(byte);
            assert!(fonts::drawable(ch), "{ch:?}");
            assert!(!is_right_to_left(ch), "{ch:?}");
        }
    }

    #[test]
    fn a_problem_is_found_on_a_line_with_ascii_around_it() {
        let text =
            "title: Plan\n# a comment with \u{1F600}\npurpose: See \u{05D0} and \u{1F600} here.\n";
        let found = glyph_problems(text);
        let offset = text.find("\u{05D0}").unwrap();
        let undrawable = text.rfind('\u{1F600}').unwrap();
        assert_eq!(
            found,
            vec![
                Found {
                    problem: GlyphProblem::RightToLeft,
                    offset,
                    chars: vec!['\u{05D0}'],
                },
                Found {
                    problem: GlyphProblem::Undrawable,
                    offset: undrawable,
                    chars: vec!['\u{1F600}'],
                },
            ]
        );
    }
}
