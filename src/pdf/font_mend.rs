//! Fonts a merged PDF appendix uses without embedding them, mended as preflight tools do: a
//! simple font naming Helvetica, Arial, Times or Courier (the standard 14 and their Windows
//! twins) is replaced by an embedded TrueType font made from the metric-compatible Liberation
//! face (Sans, Serif, Mono; regular, bold, italic, bold italic), subset to the characters its
//! encoding can reach, with `/Widths` from the face and a ToUnicode CMap. The source's
//! encoding is kept (its codes reach the same characters), so its content streams are
//! untouched. Anything else left unembedded (another family, Symbol, a CID font) cannot be
//! mended and is reported by name. An embedded TrueType CID font without its `/CIDToGIDMap`
//! gets the default stated.

use crate::foreign::{font_embedded, font_name, stand_in, StandIn as Family};
use crate::layout::fonts;
use crate::layout::pages::FontStyle;
use lopdf::{Dictionary, Object, Stream};
use printpdf::ParsedFont;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// A font dictionary of a source file, as `mend` sees it.
pub(super) enum Mend {
    /// Embedded already, or a kind that needs no font program (Type3): copied as it is.
    NotNeeded,
    /// Replaced by this font dictionary (its other objects are already added).
    Mended(Dictionary),
    /// Unembedded and not mendable: the font's name.
    Unmendable(String),
}

/// Mends `font` (a font dictionary of `source`) if it needs it, adding the new font's objects
/// to `target`.
pub(super) fn mend(
    source: &lopdf::Document,
    target: &mut lopdf::Document,
    font: &Dictionary,
) -> Mend {
    let subtype = font
        .get(b"Subtype")
        .and_then(Object::as_name)
        .unwrap_or(b"");
    let name = font_name(font);
    match subtype {
        b"Type1" | b"MMType1" | b"TrueType" => {}
        b"Type0" => {
            let embedded = font
                .get(b"DescendantFonts")
                .and_then(|d| source.dereference(d))
                .and_then(|(_, d)| d.as_array())
                .ok()
                .and_then(|d| d.first())
                .and_then(|d| source.dereference(d).ok())
                .and_then(|(_, d)| d.as_dict().ok())
                .is_some_and(|d| font_embedded(source, d));
            return if embedded {
                Mend::NotNeeded
            } else {
                Mend::Unmendable(name)
            };
        }
        _ => return Mend::NotNeeded,
    }
    if font_embedded(source, font) {
        return Mend::NotNeeded;
    }
    let Some((family, style)) = face_for(&name) else {
        return Mend::Unmendable(name);
    };
    let Some(codes) = encoding(source, font) else {
        return Mend::Unmendable(name);
    };
    match embed(target, family, style, &codes) {
        Some(dict) => Mend::Mended(dict),
        None => Mend::Unmendable(name),
    }
}

/// Fills in what an embedded font may leave to its default but PDF/UA wants stated: a
/// TrueType-based CID font's `/CIDToGIDMap` (the default, `/Identity`, ISO 14289-1 7.21.3.2).
pub(super) fn complete(font: &mut Dictionary) {
    let subtype = font.get(b"Subtype").and_then(Object::as_name).ok();
    if subtype == Some(b"CIDFontType2".as_slice()) && !font.has(b"CIDToGIDMap") {
        font.set("CIDToGIDMap", Object::Name(b"Identity".to_vec()));
    }
}

/// The Liberation family and style standing in for a font name.
fn face_for(name: &str) -> Option<(Family, FontStyle)> {
    stand_in(name).map(|(family, bold, italic)| (family, FontStyle::from_flags(bold, italic)))
}

/// The character each code of a simple font stands for: its `/Encoding` (a name, or a base
/// encoding with `/Differences`), StandardEncoding when it names none. `None` for an encoding
/// this cannot read (MacRoman, a symbolic font's built-in one).
fn encoding(source: &lopdf::Document, font: &Dictionary) -> Option<BTreeMap<u8, char>> {
    let encoding = match font.get(b"Encoding") {
        Ok(e) => Some(source.dereference(e).ok()?.1),
        Err(_) => None,
    };
    let (base, differences) = match encoding {
        None => (b"StandardEncoding".as_slice(), None),
        Some(Object::Name(name)) => (name.as_slice(), None),
        Some(Object::Dictionary(dict)) => (
            dict.get(b"BaseEncoding")
                .and_then(Object::as_name)
                .unwrap_or(b"StandardEncoding"),
            dict.get(b"Differences").ok(),
        ),
        Some(_) => return None,
    };
    let mut codes: BTreeMap<u8, char> = match base {
        b"WinAnsiEncoding" => (0..=255u8)
            .filter_map(|code| Some((code, win_ansi(code)?)))
            .collect(),
        b"StandardEncoding" => (0..=255u8)
            .filter_map(|code| Some((code, glyph_char(standard(code)?)?)))
            .collect(),
        _ => return None,
    };
    if let Some(differences) = differences {
        let (_, differences) = source.dereference(differences).ok()?;
        let mut code: i64 = 0;
        for item in differences.as_array().ok()? {
            match item {
                Object::Integer(start) => code = *start,
                Object::Name(glyph) => {
                    let slot = u8::try_from(code).ok()?;
                    match std::str::from_utf8(glyph).ok().and_then(glyph_char) {
                        Some(ch) => codes.insert(slot, ch),
                        None => codes.remove(&slot),
                    };
                    code += 1;
                }
                _ => return None,
            }
        }
    }
    Some(codes)
}

/// WinAnsiEncoding (PDF 1.7, D.2): Windows-1252.
fn win_ansi(code: u8) -> Option<char> {
    const HIGH: [u16; 32] = [
        0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039,
        0x0152, 0, 0x017D, 0, 0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC,
        0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
    ];
    match code {
        0x20..=0x7E | 0xA0..=0xFF => Some(char::from(code)),
        0x80..=0x9F => {
            char::from_u32(u32::from(HIGH[usize::from(code - 0x80)])).filter(|c| *c != '\0')
        }
        _ => None,
    }
}

/// StandardEncoding (PDF 1.7, D.2): the glyph name of each code.
fn standard(code: u8) -> Option<&'static str> {
    const HIGH: [(u8, &str); 56] = [
        (0xA1, "exclamdown"),
        (0xA2, "cent"),
        (0xA3, "sterling"),
        (0xA4, "fraction"),
        (0xA5, "yen"),
        (0xA6, "florin"),
        (0xA7, "section"),
        (0xA8, "currency"),
        (0xA9, "quotesingle"),
        (0xAA, "quotedblleft"),
        (0xAB, "guillemotleft"),
        (0xAC, "guilsinglleft"),
        (0xAD, "guilsinglright"),
        (0xAE, "fi"),
        (0xAF, "fl"),
        (0xB1, "endash"),
        (0xB2, "dagger"),
        (0xB3, "daggerdbl"),
        (0xB4, "periodcentered"),
        (0xB6, "paragraph"),
        (0xB7, "bullet"),
        (0xB8, "quotesinglbase"),
        (0xB9, "quotedblbase"),
        (0xBA, "quotedblright"),
        (0xBB, "guillemotright"),
        (0xBC, "ellipsis"),
        (0xBD, "perthousand"),
        (0xBF, "questiondown"),
        (0xC1, "grave"),
        (0xC2, "acute"),
        (0xC3, "circumflex"),
        (0xC4, "tilde"),
        (0xC5, "macron"),
        (0xC6, "breve"),
        (0xC7, "dotaccent"),
        (0xC8, "dieresis"),
        (0xCA, "ring"),
        (0xCB, "cedilla"),
        (0xCD, "hungarumlaut"),
        (0xCE, "ogonek"),
        (0xCF, "caron"),
        (0xD0, "emdash"),
        (0xE1, "AE"),
        (0xE3, "ordfeminine"),
        (0xE8, "Lslash"),
        (0xE9, "Oslash"),
        (0xEA, "OE"),
        (0xEB, "ordmasculine"),
        (0xF1, "ae"),
        (0xF5, "dotlessi"),
        (0xF8, "lslash"),
        (0xF9, "oslash"),
        (0xFA, "oe"),
        (0xFB, "germandbls"),
        (0x27, "quoteright"),
        (0x60, "quoteleft"),
    ];
    if let Some((_, name)) = HIGH.iter().find(|(c, _)| *c == code) {
        return Some(name);
    }
    match code {
        0x20..=0x7E => glyph_name(char::from(code)),
        _ => None,
    }
}

/// Glyph names (Adobe Glyph List) of the characters the Latin encodings reach, beyond the
/// letters and digits.
const NAMES: &[(&str, char)] = &[
    ("space", ' '),
    ("exclam", '!'),
    ("quotedbl", '"'),
    ("numbersign", '#'),
    ("dollar", '$'),
    ("percent", '%'),
    ("ampersand", '&'),
    ("quotesingle", '\''),
    ("parenleft", '('),
    ("parenright", ')'),
    ("asterisk", '*'),
    ("plus", '+'),
    ("comma", ','),
    ("hyphen", '-'),
    ("period", '.'),
    ("slash", '/'),
    ("zero", '0'),
    ("one", '1'),
    ("two", '2'),
    ("three", '3'),
    ("four", '4'),
    ("five", '5'),
    ("six", '6'),
    ("seven", '7'),
    ("eight", '8'),
    ("nine", '9'),
    ("colon", ':'),
    ("semicolon", ';'),
    ("less", '<'),
    ("equal", '='),
    ("greater", '>'),
    ("question", '?'),
    ("at", '@'),
    ("bracketleft", '['),
    ("backslash", '\\'),
    ("bracketright", ']'),
    ("asciicircum", '^'),
    ("underscore", '_'),
    ("grave", '`'),
    ("braceleft", '{'),
    ("bar", '|'),
    ("braceright", '}'),
    ("asciitilde", '~'),
    ("exclamdown", '¡'),
    ("cent", '¢'),
    ("sterling", '£'),
    ("currency", '¤'),
    ("yen", '¥'),
    ("brokenbar", '¦'),
    ("section", '§'),
    ("dieresis", '¨'),
    ("copyright", '©'),
    ("ordfeminine", 'ª'),
    ("guillemotleft", '«'),
    ("logicalnot", '¬'),
    ("registered", '®'),
    ("macron", '¯'),
    ("degree", '°'),
    ("plusminus", '±'),
    ("twosuperior", '²'),
    ("threesuperior", '³'),
    ("acute", '´'),
    ("mu", 'µ'),
    ("paragraph", '¶'),
    ("periodcentered", '·'),
    ("cedilla", '¸'),
    ("onesuperior", '¹'),
    ("ordmasculine", 'º'),
    ("guillemotright", '»'),
    ("onequarter", '¼'),
    ("onehalf", '½'),
    ("threequarters", '¾'),
    ("questiondown", '¿'),
    ("Agrave", 'À'),
    ("Aacute", 'Á'),
    ("Acircumflex", 'Â'),
    ("Atilde", 'Ã'),
    ("Adieresis", 'Ä'),
    ("Aring", 'Å'),
    ("AE", 'Æ'),
    ("Ccedilla", 'Ç'),
    ("Egrave", 'È'),
    ("Eacute", 'É'),
    ("Ecircumflex", 'Ê'),
    ("Edieresis", 'Ë'),
    ("Igrave", 'Ì'),
    ("Iacute", 'Í'),
    ("Icircumflex", 'Î'),
    ("Idieresis", 'Ï'),
    ("Eth", 'Ð'),
    ("Ntilde", 'Ñ'),
    ("Ograve", 'Ò'),
    ("Oacute", 'Ó'),
    ("Ocircumflex", 'Ô'),
    ("Otilde", 'Õ'),
    ("Odieresis", 'Ö'),
    ("multiply", '×'),
    ("Oslash", 'Ø'),
    ("Ugrave", 'Ù'),
    ("Uacute", 'Ú'),
    ("Ucircumflex", 'Û'),
    ("Udieresis", 'Ü'),
    ("Yacute", 'Ý'),
    ("Thorn", 'Þ'),
    ("germandbls", 'ß'),
    ("agrave", 'à'),
    ("aacute", 'á'),
    ("acircumflex", 'â'),
    ("atilde", 'ã'),
    ("adieresis", 'ä'),
    ("aring", 'å'),
    ("ae", 'æ'),
    ("ccedilla", 'ç'),
    ("egrave", 'è'),
    ("eacute", 'é'),
    ("ecircumflex", 'ê'),
    ("edieresis", 'ë'),
    ("igrave", 'ì'),
    ("iacute", 'í'),
    ("icircumflex", 'î'),
    ("idieresis", 'ï'),
    ("eth", 'ð'),
    ("ntilde", 'ñ'),
    ("ograve", 'ò'),
    ("oacute", 'ó'),
    ("ocircumflex", 'ô'),
    ("otilde", 'õ'),
    ("odieresis", 'ö'),
    ("divide", '÷'),
    ("oslash", 'ø'),
    ("ugrave", 'ù'),
    ("uacute", 'ú'),
    ("ucircumflex", 'û'),
    ("udieresis", 'ü'),
    ("yacute", 'ý'),
    ("thorn", 'þ'),
    ("ydieresis", 'ÿ'),
    ("Euro", '€'),
    ("quotesinglbase", '‚'),
    ("florin", 'ƒ'),
    ("quotedblbase", '„'),
    ("ellipsis", '…'),
    ("dagger", '†'),
    ("daggerdbl", '‡'),
    ("circumflex", 'ˆ'),
    ("perthousand", '‰'),
    ("Scaron", 'Š'),
    ("guilsinglleft", '‹'),
    ("OE", 'Œ'),
    ("Zcaron", 'Ž'),
    ("quoteleft", '‘'),
    ("quoteright", '’'),
    ("quotedblleft", '“'),
    ("quotedblright", '”'),
    ("bullet", '•'),
    ("endash", '–'),
    ("emdash", '—'),
    ("tilde", '˜'),
    ("trademark", '™'),
    ("scaron", 'š'),
    ("guilsinglright", '›'),
    ("oe", 'œ'),
    ("zcaron", 'ž'),
    ("Ydieresis", 'Ÿ'),
    ("fraction", '⁄'),
    ("dotlessi", 'ı'),
    ("ring", '˚'),
    ("hungarumlaut", '˝'),
    ("ogonek", '˛'),
    ("caron", 'ˇ'),
    ("breve", '˘'),
    ("dotaccent", '˙'),
    ("Lslash", 'Ł'),
    ("lslash", 'ł'),
    ("fi", '\u{FB01}'),
    ("fl", '\u{FB02}'),
    ("nbspace", '\u{A0}'),
    ("sfthyphen", '\u{AD}'),
    ("minus", '−'),
];

/// The character a glyph name stands for: a letter, a listed name, or `uniXXXX` / `uXXXX[XX]`.
fn glyph_char(name: &str) -> Option<char> {
    let mut letters = name.chars();
    if let (Some(ch), None) = (letters.next(), letters.next()) {
        if ch.is_ascii_alphabetic() {
            return Some(ch);
        }
    }
    if let Some((_, ch)) = NAMES.iter().find(|(n, _)| *n == name) {
        return Some(*ch);
    }
    let hex = name
        .strip_prefix("uni")
        .filter(|h| h.len() == 4)
        .or_else(|| {
            name.strip_prefix('u')
                .filter(|h| (4..=6).contains(&h.len()))
        })?;
    char::from_u32(u32::from_str_radix(hex, 16).ok()?)
}

/// The glyph name of a character (for `/Differences`).
fn glyph_name(ch: char) -> Option<&'static str> {
    if let Some((name, _)) = NAMES.iter().find(|(_, c)| *c == ch) {
        return Some(name);
    }
    const LETTERS: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    LETTERS.find(ch).map(|at| &LETTERS[at..at + 1])
}

fn glyph_name_owned(ch: char) -> String {
    glyph_name(ch).map_or_else(|| format!("uni{:04X}", ch as u32), str::to_string)
}

const SERIF: [&[u8]; 4] = [
    include_bytes!("../../assets/fonts/LiberationSerif-Regular.ttf"),
    include_bytes!("../../assets/fonts/LiberationSerif-Bold.ttf"),
    include_bytes!("../../assets/fonts/LiberationSerif-Italic.ttf"),
    include_bytes!("../../assets/fonts/LiberationSerif-BoldItalic.ttf"),
];
const MONO: [&[u8]; 4] = [
    include_bytes!("../../assets/fonts/LiberationMono-Regular.ttf"),
    include_bytes!("../../assets/fonts/LiberationMono-Bold.ttf"),
    include_bytes!("../../assets/fonts/LiberationMono-Italic.ttf"),
    include_bytes!("../../assets/fonts/LiberationMono-BoldItalic.ttf"),
];
const STYLES: [FontStyle; 4] = [
    FontStyle::Regular,
    FontStyle::Bold,
    FontStyle::Italic,
    FontStyle::BoldItalic,
];

/// A Liberation face, parsed once per process.
fn face(family: Family, style: FontStyle) -> Option<&'static ParsedFont> {
    static FACES: [OnceLock<Option<ParsedFont>>; 12] = [const { OnceLock::new() }; 12];
    let index = STYLES.iter().position(|s| *s == style)?;
    let (slot, bytes) = match family {
        Family::Sans => (index, fonts::font_bytes(style)),
        Family::Serif => (4 + index, SERIF[index]),
        Family::Mono => (8 + index, MONO[index]),
    };
    FACES[slot]
        .get_or_init(|| ParsedFont::from_bytes(bytes, 0, &mut Vec::new()))
        .as_ref()
}

/// The PostScript name of a face ("LiberationSerif-BoldItalic").
fn postscript_name(family: Family, style: FontStyle) -> String {
    let family = match family {
        Family::Sans => "LiberationSans",
        Family::Serif => "LiberationSerif",
        Family::Mono => "LiberationMono",
    };
    let style = match style {
        FontStyle::Regular => "",
        FontStyle::Bold => "-Bold",
        FontStyle::Italic => "-Italic",
        FontStyle::BoldItalic => "-BoldItalic",
    };
    format!("{family}{style}")
}

/// Adds the subset face, its descriptor and its ToUnicode CMap to `target`, and returns the
/// font dictionary that uses them with `codes`.
fn embed(
    target: &mut lopdf::Document,
    family: Family,
    style: FontStyle,
    codes: &BTreeMap<u8, char>,
) -> Option<Dictionary> {
    let parsed = face(family, style)?;
    let glyphs: BTreeMap<u8, (char, u16)> = codes
        .iter()
        .filter_map(|(&code, &ch)| Some((code, (ch, parsed.lookup_glyph_index(ch as u32)?))))
        .collect();
    let (&first, _) = glyphs.first_key_value()?;
    let (&last, _) = glyphs.last_key_value()?;
    let used: BTreeMap<u16, String> = glyphs
        .values()
        .map(|&(ch, gid)| (gid, ch.to_string()))
        .collect();
    let subset = printpdf::subset_font(parsed, &used).ok()?;
    let metrics = &parsed.pdf_font_metrics;
    let em = f32::from(metrics.units_per_em.max(1));
    let scale = |v: i16| Object::Integer((f32::from(v) * 1000.0 / em).round() as i64);
    let widths = (first..=last)
        .map(|code| {
            let width = glyphs
                .get(&code)
                .map_or(0, |&(_, gid)| parsed.get_horizontal_advance(gid));
            Object::Integer((f32::from(width) * 1000.0 / em).round() as i64)
        })
        .collect();
    let name = format!(
        "{}+{}",
        subset_tag(family, style, codes),
        postscript_name(family, style)
    );

    let mut file = Stream::new(
        Dictionary::from_iter(vec![(
            "Length1",
            Object::Integer(subset.bytes.len() as i64),
        )]),
        subset.bytes,
    );
    file.allows_compression = true;
    let file_id = target.add_object(file);
    let italic = matches!(style, FontStyle::Italic | FontStyle::BoldItalic);
    let flags = 32
        | if italic { 64 } else { 0 }
        | if family == Family::Serif { 2 } else { 0 }
        | if family == Family::Mono { 1 } else { 0 };
    let bold = matches!(style, FontStyle::Bold | FontStyle::BoldItalic);
    let descriptor = Dictionary::from_iter(vec![
        ("Type", Object::Name(b"FontDescriptor".to_vec())),
        ("FontName", Object::Name(name.clone().into_bytes())),
        ("Flags", Object::Integer(flags)),
        (
            "FontBBox",
            Object::Array(vec![
                scale(metrics.x_min),
                scale(metrics.y_min),
                scale(metrics.x_max),
                scale(metrics.y_max),
            ]),
        ),
        ("ItalicAngle", Object::Integer(if italic { -12 } else { 0 })),
        ("Ascent", scale(metrics.ascender)),
        ("Descent", scale(metrics.descender)),
        ("CapHeight", scale(metrics.ascender)),
        ("StemV", Object::Integer(if bold { 140 } else { 80 })),
        ("FontFile2", Object::Reference(file_id)),
    ]);
    let descriptor_id = target.add_object(descriptor);
    let to_unicode = target.add_object(Stream::new(Dictionary::new(), to_unicode_cmap(&glyphs)));
    Some(Dictionary::from_iter(vec![
        ("Type", Object::Name(b"Font".to_vec())),
        ("Subtype", Object::Name(b"TrueType".to_vec())),
        ("BaseFont", Object::Name(name.into_bytes())),
        ("FirstChar", Object::Integer(i64::from(first))),
        ("LastChar", Object::Integer(i64::from(last))),
        ("Widths", Object::Array(widths)),
        ("Encoding", encoding_object(codes)),
        ("FontDescriptor", Object::Reference(descriptor_id)),
        ("ToUnicode", Object::Reference(to_unicode)),
    ]))
}

/// `/WinAnsiEncoding`, with `/Differences` for the codes the source's encoding maps otherwise
/// (`.notdef` for a code it leaves undefined, so nothing is drawn there, as before).
fn encoding_object(codes: &BTreeMap<u8, char>) -> Object {
    let mut differences = Vec::new();
    let mut next = None;
    for code in 0..=255u8 {
        let ch = codes.get(&code).copied();
        if win_ansi(code) == ch {
            continue;
        }
        if next != Some(code) {
            differences.push(Object::Integer(i64::from(code)));
        }
        let name = ch.map_or_else(|| ".notdef".to_string(), glyph_name_owned);
        differences.push(Object::Name(name.into_bytes()));
        next = code.checked_add(1);
    }
    if differences.is_empty() {
        return Object::Name(b"WinAnsiEncoding".to_vec());
    }
    Object::Dictionary(Dictionary::from_iter(vec![
        ("Type", Object::Name(b"Encoding".to_vec())),
        ("BaseEncoding", Object::Name(b"WinAnsiEncoding".to_vec())),
        ("Differences", Object::Array(differences)),
    ]))
}

/// The ToUnicode CMap of a simple font: each code to its character.
fn to_unicode_cmap(glyphs: &BTreeMap<u8, (char, u16)>) -> Vec<u8> {
    let mut cmap = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
         1 begincodespacerange\n<00> <FF>\nendcodespacerange\n",
    );
    let entries: Vec<(u8, char)> = glyphs.iter().map(|(&code, &(ch, _))| (code, ch)).collect();
    for chunk in entries.chunks(100) {
        cmap.push_str(&format!("{} beginbfchar\n", chunk.len()));
        for (code, ch) in chunk {
            let mut units = [0u16; 2];
            let hex: String = ch
                .encode_utf16(&mut units)
                .iter()
                .map(|u| format!("{u:04X}"))
                .collect();
            cmap.push_str(&format!("<{code:02X}> <{hex}>\n"));
        }
        cmap.push_str("endbfchar\n");
    }
    cmap.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    cmap.into_bytes()
}

/// Six capital letters naming a subset, the same for the same face and codes (so the same
/// input gives the same bytes).
fn subset_tag(family: Family, style: FontStyle, codes: &BTreeMap<u8, char>) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |value: u32| {
        for byte in value.to_le_bytes() {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    };
    feed(family as u32);
    feed(STYLES.iter().position(|s| *s == style).unwrap_or(0) as u32);
    for (&code, &ch) in codes {
        feed(u32::from(code));
        feed(ch as u32);
    }
    (0..6)
        .map(|i| char::from(b'A' + ((hash >> (i * 8)) % 26) as u8))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_find_their_liberation_face() {
        assert_eq!(
            face_for("Helvetica"),
            Some((Family::Sans, FontStyle::Regular))
        );
        assert_eq!(
            face_for("Helvetica-BoldOblique"),
            Some((Family::Sans, FontStyle::BoldItalic))
        );
        assert_eq!(
            face_for("Arial,Bold"),
            Some((Family::Sans, FontStyle::Bold))
        );
        assert_eq!(
            face_for("TimesNewRomanPS-ItalicMT"),
            Some((Family::Serif, FontStyle::Italic))
        );
        assert_eq!(
            face_for("Times-Roman"),
            Some((Family::Serif, FontStyle::Regular))
        );
        assert_eq!(
            face_for("Courier New"),
            Some((Family::Mono, FontStyle::Regular))
        );
        assert_eq!(face_for("Symbol"), None);
        assert_eq!(face_for("Arial Narrow"), None);
        assert_eq!(face_for("Verdana"), None);
    }

    #[test]
    fn encodings_reach_the_same_characters() {
        assert_eq!(win_ansi(0x80), Some('€'));
        assert_eq!(win_ansi(0x81), None);
        assert_eq!(standard(0x27).and_then(glyph_char), Some('’'));
        assert_eq!(standard(0xE8).and_then(glyph_char), Some('Ł'));
        assert_eq!(standard(0x41).and_then(glyph_char), Some('A'));
        assert_eq!(glyph_char("uni20AC"), Some('€'));
        assert_eq!(glyph_name('é'), Some("eacute"));
        for code in 0x20..=0xFFu8 {
            if let Some(ch) = win_ansi(code) {
                assert_eq!(
                    glyph_name(ch).and_then(glyph_char),
                    Some(ch),
                    "code {code:#x}"
                );
            }
        }
    }
}
