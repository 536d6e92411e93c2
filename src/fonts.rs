//! The vendored Liberation Sans faces (Arial-metric, SIL OFL, see assets/fonts/LICENSE): their
//! bytes for embedding and their metrics for measuring text. Vendored so every machine lays out
//! and embeds exactly the same glyphs.

use crate::pages::FontStyle;

const REGULAR: &[u8] = include_bytes!("../assets/fonts/LiberationSans-Regular.ttf");
const BOLD: &[u8] = include_bytes!("../assets/fonts/LiberationSans-Bold.ttf");
const ITALIC: &[u8] = include_bytes!("../assets/fonts/LiberationSans-Italic.ttf");
const BOLD_ITALIC: &[u8] = include_bytes!("../assets/fonts/LiberationSans-BoldItalic.ttf");

/// The TrueType file of a face.
pub fn font_bytes(style: FontStyle) -> &'static [u8] {
    match style {
        FontStyle::Regular => REGULAR,
        FontStyle::Bold => BOLD,
        FontStyle::Italic => ITALIC,
        FontStyle::BoldItalic => BOLD_ITALIC,
    }
}
