//! Existing PDF files (appendices), read in one place: within size and inflation limits,
//! refused when encrypted or empty, whether tagged, and each page's visible box and rotation
//! worked out once, and which of its unembedded fonts a Liberation face can stand in for. The
//! loader checks appendices through it and the PDF writer merges their pages through it, so
//! both see the same pages (and fonts) the same way. A leaf: it imports nothing of
//! the crate.

use anyhow::{anyhow, bail, Context, Result};
use lopdf::{Dictionary, Object, ObjectId};
use std::collections::BTreeSet;
use std::path::Path;

/// The largest PDF appendix read, and the most its compressed streams may inflate to in all:
/// a few hundred pages of scans are far less; a "zip bomb" is far more.
pub const MAX_PDF_BYTES: u64 = 256 * 1024 * 1024;

/// A4 in points: the page box of a page that gives none usable.
const A4: [f32; 4] = [0.0, 0.0, 595.28, 841.89];

/// An existing PDF, opened and checked.
pub struct ForeignPdf {
    pub doc: lopdf::Document,
    pub pages: Vec<ForeignPage>,
    /// A Tagged PDF: a structure tree and `/MarkInfo << /Marked true >>`.
    pub tagged: bool,
}

/// One page: its object, its visible box (the CropBox, else the MediaBox, inherited through
/// the page tree) as `[x1 y1 x2 y2]`, and its clockwise `/Rotate`.
pub struct ForeignPage {
    pub id: ObjectId,
    pub visible: [f32; 4],
    pub rotation: i64,
}

impl ForeignPage {
    /// Width and height as a reader shows the page: its visible box, turned by its rotation.
    pub fn shown_size(&self) -> (f32, f32) {
        let [x1, y1, x2, y2] = self.visible;
        let (width, height) = ((x2 - x1).abs(), (y2 - y1).abs());
        if self.rotation.rem_euclid(180) == 90 {
            (height, width)
        } else {
            (width, height)
        }
    }
}

impl ForeignPdf {
    pub fn open(file: &Path) -> Result<ForeignPdf> {
        let bytes = read_within_limits(file)?;
        let doc = lopdf::Document::load_mem(&bytes)
            .with_context(|| format!("cannot read the PDF appendix {}", file.display()))?;
        // Also a file with only an owner password (lopdf opens it, but it restricts copying).
        if doc.is_encrypted() || doc.was_encrypted() {
            bail!(
                "the PDF appendix {} is encrypted (password-protected or restricted): ask for an unprotected copy",
                file.display()
            );
        }
        let ids: Vec<ObjectId> = doc.get_pages().into_values().collect();
        if ids.is_empty() {
            bail!("the PDF appendix {} has no pages", file.display());
        }
        let mut pdf = ForeignPdf {
            tagged: is_tagged(&doc),
            doc,
            pages: Vec::with_capacity(ids.len()),
        };
        pdf.pages = ids.into_iter().map(|id| pdf.page(id)).collect();
        Ok(pdf)
    }

    /// The fonts the file uses without embedding them that no Liberation face can stand in
    /// for (see [`stand_in`]), by name, sorted: the merged papers leave them unembedded.
    pub fn unmendable_fonts(&self) -> Vec<String> {
        let mut names = BTreeSet::new();
        for object in self.doc.objects.values() {
            let Ok(font) = object.as_dict() else {
                continue;
            };
            let is_font = font.get(b"Type").and_then(Object::as_name).ok() == Some(b"Font");
            let subtype = font
                .get(b"Subtype")
                .and_then(Object::as_name)
                .unwrap_or(b"");
            let unmendable = match subtype {
                _ if !is_font => false,
                b"Type1" | b"MMType1" | b"TrueType" => {
                    !font_embedded(&self.doc, font) && stand_in(&font_name(font)).is_none()
                }
                b"CIDFontType0" | b"CIDFontType2" => !font_embedded(&self.doc, font),
                _ => false,
            };
            if unmendable {
                names.insert(font_name(font));
            }
        }
        names.into_iter().collect()
    }

    /// Every page's shown size, in order.
    pub fn page_sizes(&self) -> Vec<(f32, f32)> {
        self.pages.iter().map(ForeignPage::shown_size).collect()
    }

    fn page(&self, id: ObjectId) -> ForeignPage {
        let usable = |key: &[u8]| {
            self.inherited(id, key)
                .and_then(|o| self.rectangle(o))
                .filter(|[x1, y1, x2, y2]| x2 - x1 > 1.0 && y2 - y1 > 1.0)
        };
        let visible = usable(b"CropBox")
            .or_else(|| usable(b"MediaBox"))
            .unwrap_or(A4);
        let rotation = self
            .inherited(id, b"Rotate")
            .and_then(|o| o.as_i64().ok())
            .unwrap_or(0);
        ForeignPage {
            id,
            visible,
            rotation,
        }
    }

    /// A page attribute, looked up through the page tree as the spec's inheritance says.
    pub fn inherited(&self, page: ObjectId, key: &[u8]) -> Option<&Object> {
        let mut node = self.doc.get_dictionary(page).ok()?;
        for _ in 0..64 {
            if let Ok(value) = node.get(key) {
                return self.doc.dereference(value).ok().map(|(_, o)| o);
            }
            let parent = node.get(b"Parent").and_then(Object::as_reference).ok()?;
            node = self.doc.get_dictionary(parent).ok()?;
        }
        None
    }

    /// A rectangle `[x1 y1 x2 y2]`, normalised so x1 <= x2 and y1 <= y2; `None` if malformed.
    pub fn rectangle(&self, object: &Object) -> Option<[f32; 4]> {
        let values = object.as_array().ok()?;
        if values.len() != 4 {
            return None;
        }
        let mut rect = [0.0; 4];
        for (slot, value) in rect.iter_mut().zip(values) {
            let (_, value) = self.doc.dereference(value).ok()?;
            *slot = value
                .as_float()
                .ok()
                .or_else(|| value.as_i64().ok().map(|i| i as f32))?;
        }
        let [x1, y1, x2, y2] = rect;
        rect.iter().all(|v| v.is_finite()).then_some([
            x1.min(x2),
            y1.min(y2),
            x1.max(x2),
            y1.max(y2),
        ])
    }
}

/// The file's bytes, once its size and the inflated size of its Flate streams (counted as they
/// are inflated, nothing kept) are known to be within [`MAX_PDF_BYTES`], so that neither
/// reading it here nor merging its pages later can take unbounded memory.
fn read_within_limits(file: &Path) -> Result<Vec<u8>> {
    let too_large = |what: &str| {
        anyhow!(
            "the PDF appendix {} {what}; at most {} MiB is accepted: ask for a smaller copy",
            file.display(),
            MAX_PDF_BYTES / (1024 * 1024)
        )
    };
    let size = std::fs::metadata(file)
        .with_context(|| format!("cannot read the PDF appendix {}", file.display()))?
        .len();
    if size > MAX_PDF_BYTES {
        return Err(too_large(&format!("is {} MiB", size / (1024 * 1024))));
    }
    let bytes = std::fs::read(file)
        .with_context(|| format!("cannot read the PDF appendix {}", file.display()))?;
    let mut inflated = 0u64;
    for start in stream_starts(&bytes) {
        let mut decoder = flate2::read::ZlibDecoder::new(&bytes[start..]);
        let budget = MAX_PDF_BYTES - inflated + 1;
        let mut limited = std::io::Read::take(&mut decoder, budget);
        // Not every stream is Flate-compressed: what fails to inflate counts what it gave.
        let count = std::io::copy(&mut limited, &mut std::io::sink()).unwrap_or(0);
        inflated = inflated.saturating_add(count);
        if inflated > MAX_PDF_BYTES {
            return Err(too_large(
                "inflates to more than that when its compressed streams are unpacked",
            ));
        }
    }
    Ok(bytes)
}

/// Where the data of every `stream` in a PDF's bytes begins (after the keyword's end of line).
fn stream_starts(bytes: &[u8]) -> Vec<usize> {
    const KEYWORD: &[u8] = b"stream";
    let mut starts = Vec::new();
    let mut at = 0;
    while let Some(found) = find(&bytes[at..], KEYWORD) {
        let index = at + found;
        at = index + KEYWORD.len();
        if bytes[..index].ends_with(b"end") {
            continue;
        }
        let data = match &bytes[at..] {
            [b'\r', b'\n', ..] => at + 2,
            [b'\n', ..] | [b'\r', ..] => at + 1,
            _ => continue,
        };
        starts.push(data);
    }
    starts
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// A Tagged PDF: the catalog has a structure tree and `/MarkInfo << /Marked true >>`.
fn is_tagged(document: &lopdf::Document) -> bool {
    let Ok(catalog) = document.catalog() else {
        return false;
    };
    let marked = catalog
        .get(b"MarkInfo")
        .and_then(|m| document.dereference(m))
        .and_then(|(_, m)| m.as_dict())
        .and_then(|m| m.get(b"Marked"))
        .and_then(|m| m.as_bool())
        .unwrap_or(false);
    marked && catalog.get(b"StructTreeRoot").is_ok()
}

/// A Liberation family metric-compatible with fonts a PDF may name without embedding.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum StandIn {
    /// Liberation Sans, for Helvetica and Arial.
    Sans,
    /// Liberation Serif, for Times and Times New Roman.
    Serif,
    /// Liberation Mono, for Courier and Courier New.
    Mono,
}

/// The Liberation family standing in for a font name ("Helvetica-BoldOblique", "Arial,Bold",
/// "TimesNewRomanPS-ItalicMT", "Courier New"), and whether it is bold and italic; `None` for
/// any other family (Arial Narrow and Arial Black have other metrics).
pub fn stand_in(name: &str) -> Option<(StandIn, bool, bool)> {
    let plain = name
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase();
    let arial = plain.starts_with("arial")
        && !plain.starts_with("arialnarrow")
        && !plain.starts_with("arialblack");
    let family = if plain.starts_with("helvetica") || arial {
        StandIn::Sans
    } else if plain.starts_with("times") {
        StandIn::Serif
    } else if plain.starts_with("courier") {
        StandIn::Mono
    } else {
        return None;
    };
    let italic = plain.contains("italic") || plain.contains("oblique");
    Some((family, plain.contains("bold"), italic))
}

/// A font's `/BaseFont` without its subset tag ("ABCDEF+").
pub fn font_name(font: &Dictionary) -> String {
    let name = font
        .get(b"BaseFont")
        .and_then(Object::as_name)
        .map(|n| String::from_utf8_lossy(n).into_owned())
        .unwrap_or_else(|_| "(unnamed)".into());
    match name.split_once('+') {
        Some((tag, rest)) if tag.len() == 6 && tag.bytes().all(|b| b.is_ascii_uppercase()) => {
            rest.to_string()
        }
        _ => name,
    }
}

/// Whether a font (or CID font) dictionary's descriptor carries a font program.
pub fn font_embedded(document: &lopdf::Document, font: &Dictionary) -> bool {
    font.get(b"FontDescriptor")
        .and_then(|d| document.dereference(d))
        .and_then(|(_, d)| d.as_dict())
        .is_ok_and(|d| d.has(b"FontFile") || d.has(b"FontFile2") || d.has(b"FontFile3"))
}
