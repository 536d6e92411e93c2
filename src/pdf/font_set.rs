//! The embedded fonts of a build: each face is subset once, to every character that any of the
//! build's documents draws, and the resulting font objects are copied into every PDF, so no PDF
//! subsets a font of its own. Owns the character-to-glyph-code table the content streams use.
//!
//! printpdf does the subsetting (ToUnicode, widths, descriptor, the `RPKREG+` subset tag): it
//! draws one throwaway page per face showing every character once, and the codes it wrote for
//! them are read back from that page, so the codes and the font program always agree.

use super::draw;
use crate::digest::{Digest, Digester};
use crate::layout::fonts;
use crate::layout::pages::{FontStyle, Item, LaidOut};
use anyhow::{anyhow, bail, Context, Result};
use lopdf::{Dictionary, Object, ObjectId};
use printpdf::{
    Op, ParsedFont, PdfDocument, PdfFont, PdfFontHandle, PdfPage, PdfSaveOptions, Pt, TextItem,
};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

/// The fonts every PDF of one build embeds.
pub struct FontSet {
    faces: Vec<EmbeddedFace>,
    digest: Digest,
}

/// One subset face: its objects (the `Type0` font dictionary first, then everything it refers
/// to) and the glyph code of each character it covers.
struct EmbeddedFace {
    face: FontStyle,
    codes: CharCodes,
    objects: Vec<(ObjectId, Object)>,
    root: ObjectId,
}

/// The characters one document draws, face by face, each face's in character order: what
/// the build's font set must hold for it. Kept with an item that a later build reuses, whose
/// pages are no longer there to be read.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct DrawnChars(Vec<(FontStyle, Vec<char>)>);

impl DrawnChars {
    /// What `laid`'s pages draw (before their bodies are released).
    pub fn of(laid: &LaidOut) -> DrawnChars {
        let mut used: BTreeMap<usize, CharSet> = BTreeMap::new();
        for page in &laid.pages {
            for item in &page.items {
                if let Item::Text { font, text, .. } = item {
                    used.entry(draw::face_index(*font))
                        .or_default()
                        .extend(text.chars());
                }
            }
        }
        DrawnChars::from_sets(used)
    }

    /// Every character any of `documents` draws, face by face.
    pub fn union<'a>(documents: impl IntoIterator<Item = &'a DrawnChars>) -> DrawnChars {
        let mut used: BTreeMap<usize, CharSet> = BTreeMap::new();
        for document in documents {
            for (face, chars) in &document.0 {
                let index = draw::face_index(*face);
                used.entry(index).or_default().extend(chars.iter().copied());
            }
        }
        DrawnChars::from_sets(used)
    }

    /// What a font set subset to these characters is known by ([`FontSet::digest`]).
    pub fn digest(&self) -> Digest {
        Digester::default().debug(&self.0).finish()
    }

    fn from_sets(used: BTreeMap<usize, CharSet>) -> DrawnChars {
        DrawnChars(
            used.into_iter()
                .map(|(index, chars)| (draw::ALL_FACES[index], chars.into_sorted()))
                .collect(),
        )
    }
}

impl FontSet {
    /// Subsets each face to the characters the documents draw in it.
    pub fn for_documents<'a>(documents: impl IntoIterator<Item = &'a LaidOut>) -> Result<FontSet> {
        let drawn: Vec<DrawnChars> = documents.into_iter().map(DrawnChars::of).collect();
        FontSet::for_chars(&drawn)
    }

    /// Subsets each face to the characters that any of `documents` draws in it.
    pub fn for_chars<'a>(documents: impl IntoIterator<Item = &'a DrawnChars>) -> Result<FontSet> {
        subset_faces(&DrawnChars::union(documents).0)
    }

    /// The set as kept for a later build of the same characters.
    pub fn to_kept(&self) -> KeptFonts {
        let faces = self.faces.iter().map(|face| KeptFace {
            face: face.face,
            codes: face.codes.pairs(),
            objects: (face.objects.iter())
                .map(|(id, object)| (*id, Stored::of(object)))
                .collect(),
            root: face.root,
        });
        KeptFonts {
            faces: faces.collect(),
            digest: self.digest,
        }
    }

    /// The set a build kept.
    pub fn from_kept(kept: KeptFonts) -> FontSet {
        let faces = kept.faces.into_iter().map(|face| EmbeddedFace {
            face: face.face,
            codes: CharCodes::of(face.codes.into_iter()),
            objects: (face.objects.into_iter())
                .map(|(id, stored)| (id, stored.into_object()))
                .collect(),
            root: face.root,
        });
        FontSet {
            faces: faces.collect(),
            digest: kept.digest,
        }
    }

    /// Which characters the set holds: two builds' glyph codes agree when this does.
    pub fn digest(&self) -> Digest {
        self.digest
    }

    /// The two-byte Identity-H codes of `text` in `face`, in order; `.notdef` (0) for
    /// characters the set was not built with (never the case for documents it was built from).
    pub(super) fn codes<'a>(
        &'a self,
        face: FontStyle,
        text: &'a str,
    ) -> impl Iterator<Item = [u8; 2]> + 'a {
        let codes = self.faces.iter().find(|f| f.face == face).map(|f| &f.codes);
        text.chars()
            .map(move |ch| codes.map_or(NOTDEF, |codes| codes.code(ch)))
    }

    /// Copies the faces `used` into `doc` and returns the `/Font` resource dictionary naming
    /// them.
    pub(super) fn add_to(&self, doc: &mut lopdf::Document, used: &[FontStyle]) -> Dictionary {
        let mut resources = Dictionary::new();
        for face in self.faces.iter().filter(|f| used.contains(&f.face)) {
            let offset = doc.max_id;
            let highest = face.objects.iter().map(|(id, _)| id.0).max().unwrap_or(0);
            for (id, object) in &face.objects {
                doc.objects
                    .insert((id.0 + offset, 0), renumbered(object.clone(), offset));
            }
            doc.max_id = offset + highest;
            resources.set(
                draw::font_id(face.face).0,
                Object::Reference((face.root.0 + offset, 0)),
            );
        }
        resources
    }
}

/// Characters below this are kept in tables indexed by the character: Latin, Welsh, Greek,
/// and the punctuation, currency and letter-like symbols papers use. Every glyph of every page
/// is looked up, and a hash each was a twentieth of a build's time.
const NEAR: usize = 0x2200;

/// The code of `.notdef`, drawn for a character the set was not built with.
const NOTDEF: [u8; 2] = [0, 0];

/// The characters one face draws, gathered from every text run of a build.
#[derive(Default)]
struct CharSet {
    near: Vec<bool>,
    far: BTreeSet<char>,
}

impl CharSet {
    fn extend(&mut self, chars: impl Iterator<Item = char>) {
        for ch in chars {
            let index = ch as usize;
            if index >= NEAR {
                self.far.insert(ch);
                continue;
            }
            if index >= self.near.len() {
                self.near.resize(index + 1, false);
            }
            self.near[index] = true;
        }
    }

    /// In character order (every near one is below every far one).
    fn into_sorted(self) -> Vec<char> {
        let near = (self.near.iter().enumerate())
            .filter(|(_, used)| **used)
            .filter_map(|(index, _)| char::from_u32(index as u32));
        near.chain(self.far).collect()
    }
}

/// Each character's glyph code in one subset face.
struct CharCodes {
    near: Vec<[u8; 2]>,
    far: BTreeMap<char, [u8; 2]>,
}

impl CharCodes {
    fn of(codes: impl Iterator<Item = (char, [u8; 2])>) -> CharCodes {
        let mut table = CharCodes {
            near: Vec::new(),
            far: BTreeMap::new(),
        };
        for (ch, code) in codes {
            let index = ch as usize;
            if index >= NEAR {
                table.far.insert(ch, code);
                continue;
            }
            if index >= table.near.len() {
                table.near.resize(index + 1, NOTDEF);
            }
            table.near[index] = code;
        }
        table
    }

    /// Every character with a code, and its code.
    fn pairs(&self) -> Vec<(char, [u8; 2])> {
        let near = (self.near.iter().enumerate())
            .filter(|(_, code)| **code != NOTDEF)
            .filter_map(|(index, code)| Some((char::from_u32(index as u32)?, *code)));
        near.chain(self.far.iter().map(|(ch, code)| (*ch, *code)))
            .collect()
    }

    fn code(&self, ch: char) -> [u8; 2] {
        match self.near.get(ch as usize) {
            Some(code) => *code,
            None => self.far.get(&ch).copied().unwrap_or(NOTDEF),
        }
    }
}

/// One printpdf document with a page per face, each showing the face's characters one at a
/// time; its font objects and the codes it drew are what every PDF of the build embeds.
fn subset_faces(chars: &[(FontStyle, Vec<char>)]) -> Result<FontSet> {
    let mut pdf = PdfDocument::new("fonts");
    for (face, _) in chars {
        pdf.resources.fonts.map.insert(
            draw::font_id(*face),
            PdfFont::new(parsed_face(*face)?.clone()),
        );
    }
    pdf.pages = chars
        .iter()
        .map(|(face, chars)| {
            let mut ops = vec![
                Op::StartTextSection,
                Op::SetFont {
                    font: PdfFontHandle::External(draw::font_id(*face)),
                    size: Pt(10.0),
                },
            ];
            ops.extend(chars.iter().map(|c| Op::ShowText {
                items: vec![TextItem::Text(c.to_string())],
            }));
            ops.push(Op::EndTextSection);
            PdfPage::new(printpdf::Mm(10.0), printpdf::Mm(10.0), ops)
        })
        .collect();
    let options = PdfSaveOptions {
        optimize: false,
        subset_fonts: true,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let doc = pdf.to_lopdf_document(&options, &mut warnings);
    if let Some(error) = warnings
        .iter()
        .find(|w| w.severity == printpdf::PdfParseErrorSeverity::Error)
    {
        bail!("printpdf could not subset the fonts: {}", error.msg);
    }
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    if pages.len() != chars.len() {
        bail!(
            "printpdf wrote {} font pages, expected {}",
            pages.len(),
            chars.len()
        );
    }
    let faces = chars
        .iter()
        .zip(pages)
        .map(|((face, chars), page)| embedded_face(&doc, page, *face, chars))
        .collect::<Result<Vec<_>>>()?;
    Ok(FontSet {
        faces,
        digest: Digester::default().debug(&chars).finish(),
    })
}

fn embedded_face(
    doc: &lopdf::Document,
    page: ObjectId,
    face: FontStyle,
    chars: &[char],
) -> Result<EmbeddedFace> {
    let content = doc.get_page_content(page);
    let operations = lopdf::content::Content::decode(&content)
        .context("decoding the font subset page")?
        .operations;
    let drawn: Vec<[u8; 2]> = operations
        .iter()
        .filter(|op| op.operator == "Tj")
        .filter_map(|op| match op.operands.first() {
            Some(Object::String(bytes, _)) if bytes.len() == 2 => Some([bytes[0], bytes[1]]),
            _ => None,
        })
        .collect();
    if drawn.len() != chars.len() {
        bail!(
            "the font subset page drew {} glyphs for {} characters",
            drawn.len(),
            chars.len()
        );
    }
    let codes = CharCodes::of(chars.iter().copied().zip(drawn));
    let root = font_reference(doc, page, face)?;
    let mut objects = Vec::new();
    collect_objects(doc, root, &mut BTreeSet::new(), &mut objects)?;
    for (_, object) in &mut objects {
        if let Object::Stream(stream) = object {
            super::streams::compress_stream(stream);
        }
    }
    Ok(EmbeddedFace {
        face,
        codes,
        objects,
        root,
    })
}

/// The page's `/Font` resource entry for `face`.
fn font_reference(doc: &lopdf::Document, page: ObjectId, face: FontStyle) -> Result<ObjectId> {
    let page = doc.get_dictionary(page)?;
    let resources = match page.get(b"Resources")? {
        Object::Reference(id) => doc.get_dictionary(*id)?,
        Object::Dictionary(d) => d,
        _ => bail!("the font subset page has no resources"),
    };
    let fonts = match resources.get(b"Font")? {
        Object::Reference(id) => doc.get_dictionary(*id)?,
        Object::Dictionary(d) => d,
        _ => bail!("the font subset page has no fonts"),
    };
    fonts
        .get(draw::font_id(face).0.as_bytes())?
        .as_reference()
        .map_err(|_| anyhow!("the subset font {face:?} is not an indirect object"))
}

/// `id` and every object it refers to, each once, in the order first reached.
fn collect_objects(
    doc: &lopdf::Document,
    id: ObjectId,
    seen: &mut BTreeSet<ObjectId>,
    out: &mut Vec<(ObjectId, Object)>,
) -> Result<()> {
    if !seen.insert(id) {
        return Ok(());
    }
    let object = doc.get_object(id)?.clone();
    let mut references = Vec::new();
    references_in(&object, &mut references);
    out.push((id, object));
    for reference in references {
        collect_objects(doc, reference, seen, out)?;
    }
    Ok(())
}

fn references_in(object: &Object, out: &mut Vec<ObjectId>) {
    match object {
        Object::Reference(id) => out.push(*id),
        Object::Array(items) => items.iter().for_each(|i| references_in(i, out)),
        Object::Dictionary(dict) => dict.iter().for_each(|(_, v)| references_in(v, out)),
        Object::Stream(stream) => stream.dict.iter().for_each(|(_, v)| references_in(v, out)),
        _ => {}
    }
}

fn renumbered(object: Object, offset: u32) -> Object {
    match object {
        Object::Reference((id, generation)) => Object::Reference((id + offset, generation)),
        Object::Array(items) => {
            Object::Array(items.into_iter().map(|i| renumbered(i, offset)).collect())
        }
        Object::Dictionary(dict) => Object::Dictionary(renumbered_dict(dict, offset)),
        Object::Stream(mut stream) => {
            stream.dict = renumbered_dict(stream.dict, offset);
            Object::Stream(stream)
        }
        other => other,
    }
}

fn renumbered_dict(dict: Dictionary, offset: u32) -> Dictionary {
    dict.into_iter()
        .map(|(key, value)| (key, renumbered(value, offset)))
        .collect()
}

/// A build's fonts as kept for the next (subsetting them was a thirtieth of an `--only`
/// rebuild's instructions at 50 reports, on the path every PDF waits for): each face's codes
/// and objects.
#[derive(Serialize, Deserialize)]
pub struct KeptFonts {
    faces: Vec<KeptFace>,
    digest: Digest,
}

#[derive(Serialize, Deserialize)]
struct KeptFace {
    face: FontStyle,
    codes: Vec<(char, [u8; 2])>,
    objects: Vec<(ObjectId, Stored)>,
    root: ObjectId,
}

/// A PDF object as serde can keep it (lopdf's cannot be): the same values, dictionaries in
/// their order.
#[derive(Serialize, Deserialize)]
enum Stored {
    Null,
    Boolean(bool),
    Integer(i64),
    Real(f32),
    Name(Vec<u8>),
    String {
        bytes: Vec<u8>,
        hexadecimal: bool,
    },
    Array(Vec<Stored>),
    Dictionary(Vec<(Vec<u8>, Stored)>),
    Stream {
        dict: Vec<(Vec<u8>, Stored)>,
        #[serde(with = "super::stored_bytes")]
        content: Vec<u8>,
        allows_compression: bool,
    },
    Reference(ObjectId),
}

impl Stored {
    fn of(object: &Object) -> Stored {
        let dict = |dict: &Dictionary| {
            (dict.iter())
                .map(|(key, value)| (key.clone(), Stored::of(value)))
                .collect()
        };
        match object {
            Object::Null => Stored::Null,
            Object::Boolean(value) => Stored::Boolean(*value),
            Object::Integer(value) => Stored::Integer(*value),
            Object::Real(value) => Stored::Real(*value),
            Object::Name(name) => Stored::Name(name.clone()),
            Object::String(bytes, format) => Stored::String {
                bytes: bytes.clone(),
                hexadecimal: *format == lopdf::StringFormat::Hexadecimal,
            },
            Object::Array(items) => Stored::Array(items.iter().map(Stored::of).collect()),
            Object::Dictionary(entries) => Stored::Dictionary(dict(entries)),
            Object::Stream(stream) => Stored::Stream {
                dict: dict(&stream.dict),
                content: stream.content.clone(),
                allows_compression: stream.allows_compression,
            },
            Object::Reference(id) => Stored::Reference(*id),
        }
    }

    fn into_object(self) -> Object {
        let dict = |entries: Vec<(Vec<u8>, Stored)>| -> Dictionary {
            (entries.into_iter())
                .map(|(key, value)| (key, value.into_object()))
                .collect()
        };
        match self {
            Stored::Null => Object::Null,
            Stored::Boolean(value) => Object::Boolean(value),
            Stored::Integer(value) => Object::Integer(value),
            Stored::Real(value) => Object::Real(value),
            Stored::Name(name) => Object::Name(name),
            Stored::String { bytes, hexadecimal } => {
                let format = match hexadecimal {
                    true => lopdf::StringFormat::Hexadecimal,
                    false => lopdf::StringFormat::Literal,
                };
                Object::String(bytes, format)
            }
            Stored::Array(items) => {
                Object::Array(items.into_iter().map(Stored::into_object).collect())
            }
            Stored::Dictionary(entries) => Object::Dictionary(dict(entries)),
            Stored::Stream {
                dict: entries,
                content,
                allows_compression,
            } => {
                let mut stream = lopdf::Stream::new(dict(entries), content);
                stream.allows_compression = allows_compression;
                Object::Stream(stream)
            }
            Stored::Reference(id) => Object::Reference(id),
        }
    }
}

/// Parsing a face takes milliseconds, so each is parsed once per process.
fn parsed_face(face: FontStyle) -> Result<&'static ParsedFont> {
    static FACES: [OnceLock<Option<ParsedFont>>; 4] = [
        OnceLock::new(),
        OnceLock::new(),
        OnceLock::new(),
        OnceLock::new(),
    ];
    FACES[draw::face_index(face)]
        .get_or_init(|| ParsedFont::from_bytes(fonts::font_bytes(face), 0, &mut Vec::new()))
        .as_ref()
        .ok_or_else(|| anyhow!("the vendored font {face:?} could not be parsed"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kept_font_set_writes_the_same_objects_as_the_one_it_was_kept_from() {
        let chars = DrawnChars(vec![
            (
                FontStyle::Regular,
                "Agenda \u{a3}5 \u{175}\u{2713}".chars().collect(),
            ),
            (FontStyle::Bold, "Item 1".chars().collect()),
        ]);
        let made = FontSet::for_chars([&chars]).unwrap();
        let kept = postcard::to_stdvec(&made.to_kept()).unwrap();
        let back = FontSet::from_kept(postcard::from_bytes(&kept).unwrap());
        assert_eq!(back.digest(), made.digest());
        let written = |set: &FontSet| {
            let mut doc = lopdf::Document::with_version("1.7");
            let resources = set.add_to(&mut doc, &[FontStyle::Regular, FontStyle::Bold]);
            let codes: Vec<[u8; 2]> = set.codes(FontStyle::Regular, "\u{a3}\u{2713}x").collect();
            (
                format!("{:?}", doc.objects),
                format!("{resources:?}"),
                codes,
            )
        };
        assert_eq!(written(&back), written(&made));
    }

    #[test]
    fn every_character_keeps_its_code_below_and_beyond_the_table() {
        let drawn = [('a', [0, 3]), ('€', [0, 9]), ('✓', [1, 2]), ('𝔸', [2, 7])];
        let codes = CharCodes::of(drawn.into_iter());
        for (ch, code) in drawn {
            assert_eq!(codes.code(ch), code, "{ch}");
        }
        for absent in ['b', '\u{21FF}', '\u{2200}', '✗'] {
            assert_eq!(codes.code(absent), NOTDEF, "{absent}");
        }
    }

    #[test]
    fn a_faces_characters_come_out_once_each_in_character_order() {
        let mut set = CharSet::default();
        set.extend("✓ba€a✓".chars());
        set.extend("\u{2200}\u{21FF}".chars());
        assert_eq!(
            set.into_sorted(),
            vec!['a', 'b', '€', '\u{21FF}', '\u{2200}', '✓']
        );
    }
}
