//! The vendored Liberation Sans faces (Arial-metric, SIL OFL, see assets/fonts/LICENSE): their
//! bytes for embedding and their metrics for measuring text. Vendored so every machine lays out
//! and embeds exactly the same glyphs.

use crate::layout::pages::FontStyle;

const REGULAR: &[u8] = include_bytes!("../../assets/fonts/LiberationSans-Regular.ttf");
const BOLD: &[u8] = include_bytes!("../../assets/fonts/LiberationSans-Bold.ttf");
const ITALIC: &[u8] = include_bytes!("../../assets/fonts/LiberationSans-Italic.ttf");
const BOLD_ITALIC: &[u8] = include_bytes!("../../assets/fonts/LiberationSans-BoldItalic.ttf");

/// The TrueType file of a face.
pub fn font_bytes(style: FontStyle) -> &'static [u8] {
    match style {
        FontStyle::Regular => REGULAR,
        FontStyle::Bold => BOLD,
        FontStyle::Italic => ITALIC,
        FontStyle::BoldItalic => BOLD_ITALIC,
    }
}

/// Horizontal metrics of one face, in em units (multiply by the font size for points).
///
/// Only what layout needs: advance widths (no kerning, because the PDF writer draws unkerned
/// text and the two must agree), ascender and descender.
#[derive(Debug, Clone)]
pub struct FontMetrics {
    /// Advance of each code point U+0000..U+024F (Latin, Latin-1, Latin Extended A/B): the
    /// characters of nearly every council paper, looked up without searching.
    latin: Vec<f32>,
    /// Whether the face has a glyph for each of the code points in `latin`.
    latin_mapped: Vec<bool>,
    /// Every other mapped code point, sorted for binary search.
    other: Vec<(u32, f32)>,
    /// Advance of glyph 0, drawn for characters the face lacks.
    notdef: f32,
    ascender: f32,
    descender: f32,
}

const LATIN_END: u32 = 0x250;

impl FontMetrics {
    /// Advance width of `ch` in em; characters missing from the face measure as `.notdef`.
    pub fn advance(&self, ch: char) -> f32 {
        let code = ch as u32;
        if code < LATIN_END {
            return self.latin[code as usize];
        }
        match self.other.binary_search_by_key(&code, |&(c, _)| c) {
            Ok(found) => self.other[found].1,
            Err(_) => self.notdef,
        }
    }

    /// Whether the face has a glyph for `ch` (spaces and controls draw nothing, so they count).
    pub fn covers(&self, ch: char) -> bool {
        let code = ch as u32;
        if ch.is_whitespace() || ch.is_control() {
            return true;
        }
        if code < LATIN_END {
            return self.latin_mapped[code as usize];
        }
        self.other.binary_search_by_key(&code, |&(c, _)| c).is_ok()
    }

    /// Height above the baseline, in em (positive).
    pub fn ascender(&self) -> f32 {
        self.ascender
    }

    /// Depth below the baseline, in em (positive).
    pub fn descender(&self) -> f32 {
        self.descender
    }
}

/// The metrics of a face, parsed once per process.
pub fn metrics(style: FontStyle) -> &'static FontMetrics {
    static FACES: std::sync::OnceLock<[FontMetrics; 4]> = std::sync::OnceLock::new();
    let faces = FACES.get_or_init(|| {
        [
            FontStyle::Regular,
            FontStyle::Bold,
            FontStyle::Italic,
            FontStyle::BoldItalic,
        ]
        .map(|face| {
            // The faces are compiled in, so a parse failure is a broken build, not bad input;
            // the unit test below catches it before anyone ships.
            truetype::parse(font_bytes(face)).expect("vendored Liberation Sans face parses")
        })
    });
    match style {
        FontStyle::Regular => &faces[0],
        FontStyle::Bold => &faces[1],
        FontStyle::Italic => &faces[2],
        FontStyle::BoldItalic => &faces[3],
    }
}

/// Width in points of `ch` set in `style` at `size` points.
/// Whether the papers' fonts can draw `ch` (every face covers the same characters).
pub fn drawable(ch: char) -> bool {
    metrics(FontStyle::Regular).covers(ch)
}

pub fn char_width(style: FontStyle, size: f32, ch: char) -> f32 {
    metrics(style).advance(ch) * size
}

/// Width in points of `text` set unkerned in `style` at `size` points.
pub fn text_width(style: FontStyle, size: f32, text: &str) -> f32 {
    let face = metrics(style);
    text.chars().map(|ch| face.advance(ch)).sum::<f32>() * size
}

/// Just enough TrueType reading for advance widths: `head`, `hhea`, `hmtx` and `cmap`
/// (formats 4 and 12). Hand-written because four tables do not justify a dependency.
mod truetype {
    use super::{FontMetrics, LATIN_END};

    fn u16_at(data: &[u8], at: usize) -> Option<u16> {
        let bytes = data.get(at..at.checked_add(2)?)?;
        Some(u16::from_be_bytes([bytes[0], bytes[1]]))
    }

    fn i16_at(data: &[u8], at: usize) -> Option<i16> {
        u16_at(data, at).map(|v| v as i16)
    }

    fn u32_at(data: &[u8], at: usize) -> Option<u32> {
        let bytes = data.get(at..at.checked_add(4)?)?;
        Some(u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]))
    }

    fn table<'a>(font: &'a [u8], tag: &[u8; 4]) -> Option<&'a [u8]> {
        let count = u16_at(font, 4)? as usize;
        (0..count).find_map(|index| {
            let record = 12 + 16 * index;
            if font.get(record..record + 4)? != tag {
                return None;
            }
            let offset = u32_at(font, record + 8)? as usize;
            let length = u32_at(font, record + 12)? as usize;
            font.get(offset..offset.checked_add(length)?)
        })
    }

    pub(super) fn parse(font: &[u8]) -> Option<FontMetrics> {
        let units_per_em = f32::from(u16_at(table(font, b"head")?, 18)?.max(1));
        let hhea = table(font, b"hhea")?;
        let ascender = f32::from(i16_at(hhea, 4)?) / units_per_em;
        let descender = -f32::from(i16_at(hhea, 6)?) / units_per_em;
        let long_metrics = usize::from(u16_at(hhea, 34)?.max(1));
        let hmtx = table(font, b"hmtx")?;
        // Glyphs past the long metrics share the last advance (TrueType's monospace tail).
        let advance = |glyph: u16| -> f32 {
            let index = usize::from(glyph).min(long_metrics - 1);
            f32::from(u16_at(hmtx, 4 * index).unwrap_or(0)) / units_per_em
        };
        let notdef = advance(0);
        let mut latin = vec![notdef; LATIN_END as usize];
        let mut latin_mapped = vec![false; LATIN_END as usize];
        let mut other = Vec::new();
        for_each_mapping(table(font, b"cmap")?, |code, glyph| {
            if glyph == 0 {
                return;
            }
            if code < LATIN_END {
                latin[code as usize] = advance(glyph);
                latin_mapped[code as usize] = true;
            } else {
                other.push((code, advance(glyph)));
            }
        })?;
        other.sort_by_key(|&(code, _)| code);
        other.dedup_by_key(|&mut (code, _)| code);
        Some(FontMetrics {
            latin,
            latin_mapped,
            other,
            notdef,
            ascender,
            descender,
        })
    }

    /// Calls `visit(code point, glyph)` for the best Unicode subtable: full repertoire
    /// (format 12) if present, else the BMP one (format 4).
    fn for_each_mapping(cmap: &[u8], mut visit: impl FnMut(u32, u16)) -> Option<()> {
        let count = usize::from(u16_at(cmap, 2)?);
        let mut best: Option<(u8, usize)> = None;
        for index in 0..count {
            let record = 4 + 8 * index;
            let platform = u16_at(cmap, record)?;
            let encoding = u16_at(cmap, record + 2)?;
            let offset = u32_at(cmap, record + 4)? as usize;
            let format = u16_at(cmap, offset)?;
            let rank = match (platform, encoding, format) {
                (3, 10, 12) | (0, _, 12) => 2,
                (3, 1, 4) | (0, _, 4) => 1,
                _ => 0,
            };
            if rank > 0 && best.is_none_or(|(best_rank, _)| rank > best_rank) {
                best = Some((rank, offset));
            }
        }
        let (_, offset) = best?;
        let subtable = cmap.get(offset..)?;
        match u16_at(subtable, 0)? {
            12 => {
                let groups = u32_at(subtable, 12)? as usize;
                for group in 0..groups {
                    let at = 16 + 12 * group;
                    let (start, end, first) = (
                        u32_at(subtable, at)?,
                        u32_at(subtable, at + 4)?,
                        u32_at(subtable, at + 8)?,
                    );
                    for code in start..=end.min(0x10FFFF) {
                        visit(code, u16::try_from(first + (code - start)).unwrap_or(0));
                    }
                }
            }
            _ => {
                let segments = usize::from(u16_at(subtable, 6)? / 2);
                let ends = 14;
                let starts = ends + 2 * segments + 2;
                let deltas = starts + 2 * segments;
                let range_offsets = deltas + 2 * segments;
                for segment in 0..segments {
                    let end = u16_at(subtable, ends + 2 * segment)?;
                    let start = u16_at(subtable, starts + 2 * segment)?;
                    let delta = u16_at(subtable, deltas + 2 * segment)?;
                    let range_at = range_offsets + 2 * segment;
                    let range_offset = usize::from(u16_at(subtable, range_at)?);
                    for code in start..=end {
                        if code == 0xFFFF {
                            break;
                        }
                        let glyph = if range_offset == 0 {
                            code.wrapping_add(delta)
                        } else {
                            let at = range_at + range_offset + 2 * usize::from(code - start);
                            match u16_at(subtable, at) {
                                Some(0) | None => 0,
                                Some(glyph) => glyph.wrapping_add(delta),
                            }
                        };
                        visit(u32::from(code), glyph);
                    }
                }
            }
        }
        Some(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_match_arial_metrics() {
        // Arial/Liberation: H 1479, e 1139, l 455, o 1139 units of 2048.
        let expected = (1479.0 + 1139.0 + 455.0 + 455.0 + 1139.0) / 2048.0 * 10.0;
        let measured = text_width(FontStyle::Regular, 10.0, "Hello");
        assert!(
            (measured - expected).abs() < 0.001,
            "{measured} vs {expected}"
        );
        assert!(text_width(FontStyle::Bold, 10.0, "Hello") > measured);
        assert!(metrics(FontStyle::Regular).ascender() > 0.8);
        assert!(metrics(FontStyle::Regular).descender() > 0.1);
    }

    #[test]
    fn missing_characters_measure_as_notdef() {
        let notdef = metrics(FontStyle::Regular).notdef;
        assert!(notdef > 0.0);
        assert_eq!(char_width(FontStyle::Regular, 1.0, '\u{1F600}'), notdef);
        // Beyond Latin but present in Liberation Sans: the euro sign and en dash.
        assert!(char_width(FontStyle::Regular, 12.0, '€') > 0.0);
        assert!(char_width(FontStyle::Regular, 12.0, '–') > 0.0);
    }
}
