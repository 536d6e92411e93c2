//! The file's bytes: PDF object syntax written straight into a buffer, and the whole file
//! (header, objects in number order, a cross-reference stream carrying the trailer's entries)
//! from a lopdf document plus the objects this writer made as bytes.
//!
//! Why not lopdf's writer: it formats through `dyn Write` one token (often one byte) at a time,
//! and a pack's ~20,000 structure elements built as lopdf dictionaries (a hashed map each) cost
//! as much again to make and to free. The structure tree, the parent tree and the page bodies
//! are therefore written here as bytes once; lopdf keeps the few objects that later steps edit
//! (pages, catalog) and those copied from other files.

use super::streams::Packed;
use crate::digest::FileDigester;
use lopdf::{Object, ObjectId, StringFormat};
use std::io::Write;
use std::ops::Range;
use std::sync::Arc;

/// Objects already in their final bytes. The values share one buffer: a pack has tens of
/// thousands, each a hundred bytes or so.
#[derive(Default)]
pub(super) struct RawObjects {
    values: Vec<u8>,
    objects: Vec<(ObjectId, Raw)>,
}

enum Raw {
    /// A whole object (a dictionary, an array), without `obj`/`endobj`: its bytes in `values`.
    Value(Range<usize>),
    /// A stream whose bytes are shared with other files of the build (a page body);
    /// `deflated` says they carry `/Filter /FlateDecode`.
    Shared {
        content: Arc<Vec<u8>>,
        deflated: bool,
    },
    /// An object stream holding the objects numbered `held`, in order.
    Packed {
        packed: PackedObjects,
        held: Vec<u32>,
    },
}

/// Objects gathered into one object stream (PDF 7.5.7), compressed together: a pack's 21,000
/// structure elements, written as objects of their own, were two thirds of its bytes, and
/// compress to a sixth. A part's stream is kept as it is for the next build.
#[derive(Clone)]
pub(crate) struct PackedObjects {
    /// The stream's bytes (each object's number and place, then the objects), compressed
    /// where that made them smaller.
    content: Arc<Vec<u8>>,
    deflated: bool,
    /// How many objects it holds, and where the first begins in the uncompressed bytes.
    count: u32,
    first: u32,
}

impl PackedObjects {
    /// `objects`, each its number and its bytes (a dictionary or array, never a stream), in
    /// one object stream.
    pub(super) fn pack<'a>(objects: impl Iterator<Item = (u32, &'a [u8])>) -> PackedObjects {
        let (mut places, mut bodies) = (Vec::new(), Vec::new());
        let mut count = 0;
        for (number, bytes) in objects {
            push_integer(&mut places, i64::from(number));
            places.push(b' ');
            push_integer(&mut places, bodies.len() as i64);
            places.push(b' ');
            bodies.extend_from_slice(bytes);
            bodies.push(b'\n');
            count += 1;
        }
        let first = places.len() as u32;
        places.extend_from_slice(&bodies);
        let (content, deflated) = super::streams::deflated(&places);
        PackedObjects {
            content: Arc::new(content),
            deflated,
            count,
            first,
        }
    }

    /// How many objects it holds.
    pub(super) fn count(&self) -> usize {
        self.count as usize
    }

    /// The packed objects as kept: their stream's bytes, whether compressed, count and start.
    pub(super) fn stored(&self) -> (&[u8], bool, u32, u32) {
        (&self.content, self.deflated, self.count, self.first)
    }

    /// Packed objects as [`Self::stored`] gave them.
    pub(super) fn from_stored(content: Vec<u8>, deflated: bool, count: u32, first: u32) -> Self {
        PackedObjects {
            content: Arc::new(content),
            deflated,
            count,
            first,
        }
    }
}

impl RawObjects {
    pub(super) fn insert(&mut self, id: ObjectId, bytes: &[u8]) {
        let start = self.values.len();
        self.values.extend_from_slice(bytes);
        self.objects
            .push((id, Raw::Value(start..self.values.len())));
    }

    pub(super) fn insert_stream(&mut self, id: ObjectId, (content, deflated): Packed) {
        self.objects.push((id, Raw::Shared { content, deflated }));
    }

    /// An object stream, `id`, holding `packed`: the objects numbered `held`, in its order
    /// (none when it holds nothing: the number stays free).
    pub(super) fn insert_packed(&mut self, id: ObjectId, packed: PackedObjects, held: Vec<u32>) {
        if !held.is_empty() {
            self.objects.push((id, Raw::Packed { packed, held }));
        }
    }
}

/// A dictionary being written: `<<` on creation, `>>` on [`DictBytes::close`].
pub(super) struct DictBytes<'a> {
    out: &'a mut Vec<u8>,
}

impl<'a> DictBytes<'a> {
    pub(super) fn open(out: &'a mut Vec<u8>) -> Self {
        out.extend_from_slice(b"<<");
        DictBytes { out }
    }

    fn key(&mut self, key: &[u8]) -> &mut Vec<u8> {
        push_name(self.out, key);
        self.out
    }

    pub(super) fn name(&mut self, key: &[u8], value: &[u8]) -> &mut Self {
        let out = self.key(key);
        push_name(out, value);
        self
    }

    pub(super) fn reference(&mut self, key: &[u8], id: ObjectId) -> &mut Self {
        let out = self.key(key);
        out.push(b' ');
        push_reference(out, id);
        self
    }

    pub(super) fn integer(&mut self, key: &[u8], value: i64) -> &mut Self {
        let out = self.key(key);
        out.push(b' ');
        push_integer(out, value);
        self
    }

    pub(super) fn object(&mut self, key: &[u8], value: &Object) -> &mut Self {
        let out = self.key(key);
        if needs_separator(value) {
            out.push(b' ');
        }
        push_object(out, value);
        self
    }

    /// A value the caller writes itself (an array, a nested dictionary).
    pub(super) fn with(&mut self, key: &[u8], write: impl FnOnce(&mut Vec<u8>)) -> &mut Self {
        let out = self.key(key);
        write(out);
        self
    }

    pub(super) fn close(self) {
        self.out.extend_from_slice(b">>");
    }
}

/// Writes the file into `sink` as it goes (a pack is never held whole): every object of `doc`
/// and of `raw` in object-number order, then the cross-reference stream with `doc`'s trailer
/// entries, the size, and an `/ID` that is a fingerprint of every byte before it (so it
/// changes with the content and never otherwise). Streams that allow it and are not yet
/// filtered are Flate-compressed here.
pub(super) fn write_file(
    doc: &lopdf::Document,
    raw: &RawObjects,
    sink: &mut dyn Write,
) -> std::io::Result<()> {
    let mut out = Tally::new(sink);
    // Objects are gathered into runs of this size before they go on: passing each of a pack's
    // 28,000 objects through the writers and the fingerprint one by one was half the time of
    // writing its bytes.
    const RUN: usize = 64 * 1024;
    let mut run = Vec::with_capacity(RUN + 4096);
    let _ = writeln!(run, "%PDF-{}", doc.version);
    // Four bytes above 127 mark the file as binary for tools that guess.
    run.extend_from_slice(b"%\xE2\xE3\xCF\xD3\n");
    let mut entries: Vec<(ObjectId, Entry)> = doc
        .objects
        .iter()
        .filter(|(_, object)| !is_file_structure(object))
        .map(|(id, object)| (*id, Entry::Own(object)))
        .chain(
            raw.objects
                .iter()
                .map(|(id, made)| (*id, Entry::Made(made))),
        )
        .collect();
    entries.sort_by_key(|(id, _)| *id);
    let mut places: Vec<(u32, Place)> = Vec::with_capacity(entries.len());
    for (id, entry) in entries {
        places.push((id.0, Place::At(out.written + run.len())));
        push_integer(&mut run, i64::from(id.0));
        run.push(b' ');
        push_integer(&mut run, i64::from(id.1));
        run.extend_from_slice(b" obj\n");
        match entry {
            Entry::Own(object) => push_indirect(&mut run, object),
            Entry::Made(Raw::Value(range)) => run.extend_from_slice(&raw.values[range.clone()]),
            Entry::Made(Raw::Shared { content, deflated }) => {
                push_stream_dict(&mut run, content.len(), *deflated);
                run.extend_from_slice(b"stream\n");
                if content.len() >= RUN {
                    // A long body goes from the build's shared copy straight to the sink.
                    out.write_all(&run)?;
                    run.clear();
                    out.write_all(content)?;
                } else {
                    run.extend_from_slice(content);
                }
                run.extend_from_slice(b"\nendstream");
            }
            Entry::Made(Raw::Packed { packed, held }) => {
                let held = held.iter().enumerate().map(|(index, &number)| {
                    let index = u32::try_from(index).unwrap_or(u32::MAX);
                    (
                        number,
                        Place::Held {
                            stream: id.0,
                            index,
                        },
                    )
                });
                places.extend(held);
                push_object_stream(&mut run, packed);
            }
        }
        run.extend_from_slice(b"\nendobj\n");
        if run.len() >= RUN {
            out.write_all(&run)?;
            run.clear();
        }
    }
    out.write_all(&run)?;
    let xref_start = out.written;
    let fingerprint = id_of(&out.fingerprint);
    run.clear();
    push_xref_and_trailer(&mut run, doc, &places, xref_start, fingerprint);
    out.sink.write_all(&run)
}

/// Where an object is: at an offset in the file, or the `index`th of an object stream.
#[derive(Clone, Copy)]
enum Place {
    At(usize),
    Held { stream: u32, index: u32 },
}

/// An object stream's dictionary and bytes.
fn push_object_stream(out: &mut Vec<u8>, packed: &PackedObjects) {
    let mut dict = DictBytes::open(out);
    dict.name(b"Type", b"ObjStm")
        .integer(b"N", i64::from(packed.count))
        .integer(b"First", i64::from(packed.first))
        .integer(b"Length", packed.content.len() as i64);
    if packed.deflated {
        dict.name(b"Filter", b"FlateDecode");
    }
    dict.close();
    push_stream_content(out, &packed.content);
}

/// A sink that counts what goes through it (the objects' offsets) and fingerprints it.
struct Tally<'a> {
    sink: &'a mut dyn Write,
    written: usize,
    fingerprint: FileDigester,
}

impl<'a> Tally<'a> {
    fn new(sink: &'a mut dyn Write) -> Self {
        Tally {
            sink,
            written: 0,
            fingerprint: FileDigester::default(),
        }
    }

    fn write_all(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.fingerprint.update(bytes);
        self.written += bytes.len();
        self.sink.write_all(bytes)
    }
}

/// An object stream or cross-reference stream copied along from another file: they describe
/// that file's layout, not content, and this file has its own.
fn is_file_structure(object: &Object) -> bool {
    object
        .type_name()
        .is_ok_and(|name| matches!(name, b"ObjStm" | b"XRef"))
}

enum Entry<'a> {
    Own(&'a Object),
    Made(&'a Raw),
}

fn push_stream_dict(out: &mut Vec<u8>, length: usize, deflated: bool) {
    let mut dict = DictBytes::open(out);
    dict.integer(b"Length", length as i64);
    if deflated {
        dict.name(b"Filter", b"FlateDecode");
    }
    dict.close();
}

/// An object of the document; a stream that may be compressed and is not yet is compressed
/// on the way out (the XMP metadata says it may not be, so checkers can read it in place).
fn push_indirect(out: &mut Vec<u8>, object: &Object) {
    let Object::Stream(stream) = object else {
        push_object(out, object);
        return;
    };
    let compressed = (stream.allows_compression && !stream.dict.has(b"Filter"))
        .then(|| super::streams::compressed(&stream.content))
        .flatten()
        .filter(|packed| packed.len() < stream.content.len());
    let content = compressed.as_deref().unwrap_or(&stream.content);
    let mut dict = DictBytes::open(out);
    for (key, value) in stream.dict.iter() {
        if key.as_slice() != b"Length" {
            dict.object(key, value);
        }
    }
    if compressed.is_some() {
        dict.name(b"Filter", b"FlateDecode");
    }
    dict.integer(b"Length", content.len() as i64);
    dict.close();
    push_stream_content(out, content);
}

fn push_stream_content(out: &mut Vec<u8>, content: &[u8]) {
    out.extend_from_slice(b"stream\n");
    out.extend_from_slice(content);
    out.extend_from_slice(b"\nendstream");
}

/// The bytes of one cross-reference entry: its type, then an offset and a generation, or an
/// object stream's number and the place in it (`/W [1 4 4]`).
const XREF_ENTRY: usize = 9;

/// `rows` of `width` bytes each with PNG's Up filter before each (each byte less the byte
/// above it): consecutive entries differ in a byte or two of the offset, so the rows become
/// nearly all zeros, which deflate in a fraction of the time and space (PDF 7.4.4.4).
fn up_predicted(rows: &[u8], width: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(rows.len() / width * (width + 1));
    let mut above: &[u8] = &[0; XREF_ENTRY][..width.min(XREF_ENTRY)];
    for row in rows.chunks_exact(width) {
        out.push(2);
        out.extend(
            row.iter()
                .zip(above)
                .map(|(byte, up)| byte.wrapping_sub(*up)),
        );
        above = row;
    }
    out
}

/// The cross-reference stream (PDF 1.5: a few compressed bytes per object where a table takes
/// twenty), carrying the trailer's entries; then `startxref`.
fn push_xref_and_trailer(
    out: &mut Vec<u8>,
    doc: &lopdf::Document,
    places: &[(u32, Place)],
    xref_start: usize,
    fingerprint: [u8; 16],
) {
    // Each object's place by its number (the objects held in streams come with their stream,
    // out of number order: put in place, not sorted, which took a quarter of writing them).
    let xref_id = places.iter().map(|(id, _)| id + 1).max().unwrap_or(1);
    let mut by_number: Vec<Option<Place>> = vec![None; xref_id as usize];
    for &(id, place) in places {
        by_number[id as usize] = Some(place);
    }
    let mut entries = Vec::with_capacity((xref_id as usize + 1) * XREF_ENTRY);
    let mut entry = |kind: u8, field: u32, second: u32| {
        entries.push(kind);
        entries.extend_from_slice(&field.to_be_bytes());
        entries.extend_from_slice(&second.to_be_bytes());
    };
    let offset = |at: usize| u32::try_from(at).unwrap_or(u32::MAX);
    // Numbers never used (0 among them) are free entries, so the table stays contiguous.
    for place in by_number {
        match place {
            None => entry(0, 0, 65535),
            Some(Place::At(at)) => entry(1, offset(at), 0),
            Some(Place::Held { stream, index }) => entry(2, stream, index),
        }
    }
    entry(1, offset(xref_start), 0);
    // The predictor is a parameter of the compression: rows stored as they are go without.
    let (content, deflated) = match super::streams::deflated(&up_predicted(&entries, XREF_ENTRY)) {
        (content, true) => (content, true),
        (_, false) => (entries, false),
    };
    let id = Object::String(fingerprint.to_vec(), StringFormat::Hexadecimal);
    push_integer(out, i64::from(xref_id));
    out.extend_from_slice(b" 0 obj\n");
    let mut dict = DictBytes::open(out);
    dict.name(b"Type", b"XRef")
        .integer(b"Size", i64::from(xref_id) + 1)
        .with(b"W", |out| out.extend_from_slice(b"[1 4 4]"));
    for (key, value) in doc.trailer.iter() {
        if !matches!(
            key.as_slice(),
            b"Size"
                | b"ID"
                | b"Prev"
                | b"XRefStm"
                | b"W"
                | b"Index"
                | b"Type"
                | b"Length"
                | b"Filter"
        ) {
            dict.object(key, value);
        }
    }
    dict.object(b"ID", &Object::Array(vec![id.clone(), id]));
    if deflated {
        dict.name(b"Filter", b"FlateDecode")
            .with(b"DecodeParms", |out| {
                out.extend_from_slice(b"<</Columns 9/Predictor 12>>");
            });
    }
    dict.integer(b"Length", content.len() as i64);
    dict.close();
    push_stream_content(out, &content);
    out.extend_from_slice(b"\nendobj\nstartxref\n");
    push_integer(out, xref_start as i64);
    out.extend_from_slice(b"\n%%EOF");
}

/// The 16 bytes of the `/ID`: the file's bytes digested as they are written
/// ([`FileDigester`], XXH3-128: stable across machines and toolchains, and several gigabytes
/// a second; the same bytes give the same fingerprint however cut).
fn id_of(digester: &FileDigester) -> [u8; 16] {
    let (high, low) = digester.finish().digest;
    let mut id = [0; 16];
    id[..8].copy_from_slice(&high.to_be_bytes());
    id[8..].copy_from_slice(&low.to_be_bytes());
    id
}

#[cfg(test)]
fn fingerprint(bytes: &[u8]) -> [u8; 16] {
    let mut fingerprint = FileDigester::default();
    fingerprint.update(bytes);
    id_of(&fingerprint)
}

/// Whether a value must be parted from a preceding name by a space.
fn needs_separator(object: &Object) -> bool {
    matches!(
        object,
        Object::Null
            | Object::Boolean(_)
            | Object::Integer(_)
            | Object::Real(_)
            | Object::Reference(_)
    )
}

/// One object in PDF syntax (a stream as written, uncompressed here).
pub(super) fn push_object(out: &mut Vec<u8>, object: &Object) {
    match object {
        Object::Null => out.extend_from_slice(b"null"),
        Object::Boolean(true) => out.extend_from_slice(b"true"),
        Object::Boolean(false) => out.extend_from_slice(b"false"),
        Object::Integer(value) => push_integer(out, *value),
        Object::Real(value) => push_real(out, *value),
        Object::Name(name) => push_name(out, name),
        Object::String(text, StringFormat::Literal) => push_literal(out, text),
        Object::String(text, StringFormat::Hexadecimal) => push_hex(out, text),
        Object::Array(items) => push_array(out, items.iter()),
        Object::Dictionary(dict) => {
            let mut bytes = DictBytes::open(out);
            for (key, value) in dict.iter() {
                bytes.object(key, value);
            }
            bytes.close();
        }
        Object::Stream(stream) => {
            let mut dict = DictBytes::open(out);
            for (key, value) in stream.dict.iter() {
                if key.as_slice() != b"Length" {
                    dict.object(key, value);
                }
            }
            dict.integer(b"Length", stream.content.len() as i64);
            dict.close();
            push_stream_content(out, &stream.content);
        }
        Object::Reference(id) => push_reference(out, *id),
    }
}

/// An array of objects.
pub(super) fn push_array<'a>(out: &mut Vec<u8>, items: impl Iterator<Item = &'a Object>) {
    out.push(b'[');
    for (i, item) in items.enumerate() {
        if i > 0 && needs_separator(item) {
            out.push(b' ');
        }
        push_object(out, item);
    }
    out.push(b']');
}

pub(super) fn push_reference(out: &mut Vec<u8>, (id, generation): ObjectId) {
    push_integer(out, i64::from(id));
    out.push(b' ');
    push_integer(out, i64::from(generation));
    out.extend_from_slice(b" R");
}

pub(super) fn push_integer(out: &mut Vec<u8>, value: i64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut rest = value.unsigned_abs();
    loop {
        at -= 1;
        digits[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    if value < 0 {
        out.push(b'-');
    }
    out.extend_from_slice(&digits[at..]);
}

/// A real as [`push_number`] writes it when three decimals hold it exactly (everything this
/// writer makes); otherwise (a value copied from another file, however small or large) in full.
pub(super) fn push_real(out: &mut Vec<u8>, value: f32) {
    if !value.is_finite() {
        out.push(b'0');
    } else if value.abs() < 1e9
        && ((value * 1000.0).round() / 1000.0 - value).abs() <= f32::EPSILON * value.abs()
    {
        push_number(out, value);
    } else {
        // Always with a decimal point: a reader takes a run of digits for an integer, which a
        // large value would overflow.
        let text = value.to_string();
        out.extend_from_slice(text.as_bytes());
        if !text.contains('.') {
            out.extend_from_slice(b".0");
        }
    }
}

/// A real number with at most three decimals (a thousandth of a point is far below what any
/// device shows), without trailing zeros, so the same value is always the same bytes.
pub(super) fn push_number(out: &mut Vec<u8>, value: f32) {
    let thousandths = (f64::from(value) * 1000.0).round() as i64;
    if thousandths < 0 {
        out.push(b'-');
    }
    let magnitude = thousandths.unsigned_abs();
    push_integer(out, (magnitude / 1000) as i64);
    let mut fraction = magnitude % 1000;
    if fraction != 0 {
        // The thousandths' digits without the trailing zeros, written by hand: `write!` was a
        // twentieth of drawing a page.
        out.push(b'.');
        let mut unit = 100;
        while fraction > 0 {
            out.push(b'0' + (fraction / unit) as u8);
            fraction %= unit;
            unit /= 10;
        }
    }
}

/// A name: delimiters, `#` and bytes outside `!`..`~` as `#XX`. Names are written for every
/// structure element and marked-content reference, nearly always plain: those go in one copy.
pub(super) fn push_name(out: &mut Vec<u8>, name: &[u8]) {
    out.push(b'/');
    if !name.iter().any(|&byte| NAME_ESCAPED[byte as usize]) {
        out.extend_from_slice(name);
        return;
    }
    for &byte in name {
        if NAME_ESCAPED[byte as usize] {
            let _ = write!(out, "#{byte:02X}");
        } else {
            out.push(byte);
        }
    }
}

/// The bytes a name writes as `#XX`: delimiters, whitespace, `#`, and bytes outside `!`..`~`.
const NAME_ESCAPED: [bool; 256] = {
    let mut escaped = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        escaped[byte] = byte < 33 || byte > 126;
        byte += 1;
    }
    let delimiters = b"()<>[]{}/%#";
    let mut index = 0;
    while index < delimiters.len() {
        escaped[delimiters[index] as usize] = true;
        index += 1;
    }
    escaped
};

/// A literal string, every parenthesis, backslash and line end escaped (always valid, whether
/// or not the parentheses balance).
pub(super) fn push_literal(out: &mut Vec<u8>, text: &[u8]) {
    out.push(b'(');
    for &byte in text {
        match byte {
            b'(' | b')' | b'\\' => out.extend_from_slice(&[b'\\', byte]),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\n' => out.extend_from_slice(b"\\n"),
            _ => out.push(byte),
        }
    }
    out.push(b')');
}

fn push_hex(out: &mut Vec<u8>, bytes: &[u8]) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    out.push(b'<');
    for &byte in bytes {
        out.extend_from_slice(&[HEX[usize::from(byte >> 4)], HEX[usize::from(byte & 15)]]);
    }
    out.push(b'>');
}

/// A text string as bytes: plain ASCII as a literal, anything else as UTF-16BE with a byte
/// order mark, as the spec requires for text outside PDFDocEncoding's ASCII range.
pub(super) fn push_text_string(out: &mut Vec<u8>, text: &str) {
    if text.is_ascii() {
        push_literal(out, text.as_bytes());
        return;
    }
    let mut bytes = vec![0xFE, 0xFF];
    for unit in text.encode_utf16() {
        bytes.extend_from_slice(&unit.to_be_bytes());
    }
    push_hex(out, &bytes);
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::Dictionary;

    fn written(object: &Object) -> String {
        let mut out = Vec::new();
        push_object(&mut out, object);
        String::from_utf8_lossy(&out).into_owned()
    }

    #[test]
    fn a_name_escapes_exactly_its_delimiters_whitespace_and_bytes_outside_print() {
        let name = |bytes: &[u8]| {
            let mut out = Vec::new();
            push_name(&mut out, bytes);
            String::from_utf8_lossy(&out).into_owned()
        };
        assert_eq!(name(b"StructElem"), "/StructElem");
        assert_eq!(name(b"!~AZ09_-.*"), "/!~AZ09_-.*");
        assert_eq!(
            name(b"a b\t()<>[]{}/%#\x7f\xe9"),
            "/a#20b#09#28#29#3C#3E#5B#5D#7B#7D#2F#25#23#7F#E9"
        );
    }

    #[test]
    fn objects_are_written_as_lopdf_reads_them() {
        let dict = Object::Dictionary(Dictionary::from_iter(vec![
            ("Type", Object::Name(b"StructElem".to_vec())),
            (
                "K",
                Object::Array(vec![0.into(), Object::Reference((12, 0)), 3.into()]),
            ),
            ("Alt", Object::string_literal("a (b) c\\")),
            ("W", Object::Real(-12.5)),
            ("F", Object::Real(0.000_48)),
            ("Big", Object::Real(3.0e20)),
            ("N", Object::Name(b"A B#".to_vec())),
        ]));
        assert_eq!(
            written(&dict),
            "<</Type/StructElem/K[0 12 0 R 3]/Alt(a \\(b\\) c\\\\)/W -12.5/F 0.00048/Big 300000000000000000000.0/N/A#20B#23>>"
        );
        let mut file = lopdf::Document::with_version("1.7");
        let id = file.add_object(dict.clone());
        let mut bytes = Vec::new();
        write_file(&file, &RawObjects::default(), &mut bytes).expect("written");
        let read = lopdf::Document::load_mem(&bytes).expect("the file parses");
        assert_eq!(read.get_object(id).ok(), Some(&dict));
    }

    #[test]
    fn a_file_of_many_objects_reads_back_through_its_compressed_cross_references() {
        // Enough objects that the cross-reference rows are compressed with their predictor.
        let mut file = lopdf::Document::with_version("1.7");
        let ids: Vec<ObjectId> = (0..400i64)
            .map(|n| file.add_object(Object::Integer(n * 1000)))
            .collect();
        let mut bytes = Vec::new();
        write_file(&file, &RawObjects::default(), &mut bytes).expect("written");
        let text = String::from_utf8_lossy(&bytes);
        assert!(text.contains("/Filter/FlateDecode/DecodeParms<</Columns 9/Predictor 12>>"));
        let read = lopdf::Document::load_mem(&bytes).expect("the file parses");
        for (n, id) in ids.into_iter().enumerate() {
            assert_eq!(
                read.get_object(id).ok(),
                Some(&Object::Integer(n as i64 * 1000))
            );
        }
    }

    #[test]
    fn objects_packed_into_object_streams_read_back_among_the_others() {
        let mut file = lopdf::Document::with_version("1.7");
        let plain: Vec<ObjectId> = (0..50i64)
            .map(|n| file.add_object(Object::Integer(n)))
            .collect();
        // Two streams holding numbers interleaved with each other's, after the plain ones.
        let held = |first: u32| (0..300u32).map(move |n| first + 2 * n);
        let mut raw = RawObjects::default();
        for (stream, first) in [(700, 51), (701, 52)] {
            let bodies: Vec<(u32, Vec<u8>)> = (held(first))
                .map(|number| {
                    (
                        number,
                        format!("<</Type/StructElem/K[{number}]>>").into_bytes(),
                    )
                })
                .collect();
            let packed = PackedObjects::pack(bodies.iter().map(|(n, b)| (*n, b.as_slice())));
            assert!(packed.deflated, "a long stream is compressed");
            raw.insert_packed((stream, 0), packed, held(first).collect());
        }
        let mut bytes = Vec::new();
        write_file(&file, &raw, &mut bytes).expect("written");
        let read = lopdf::Document::load_mem(&bytes).expect("the file parses");
        for (n, id) in plain.into_iter().enumerate() {
            assert_eq!(read.get_object(id).ok(), Some(&Object::Integer(n as i64)));
        }
        for number in held(51).chain(held(52)) {
            let element = read.get_dictionary((number, 0)).expect("held object");
            let kids = element.get(b"K").and_then(Object::as_array).unwrap();
            assert_eq!(kids, &vec![Object::Integer(i64::from(number))]);
        }
    }

    #[test]
    fn the_fingerprint_is_the_same_however_the_bytes_are_cut() {
        let bytes = b"twenty-three bytes long, then some more words after them";
        let whole = fingerprint(bytes);
        for cut in [1, 3, 7, 8, 9, 23] {
            let mut pieces = FileDigester::default();
            for piece in bytes.chunks(cut) {
                pieces.update(piece);
            }
            assert_eq!(id_of(&pieces), whole, "cut every {cut} bytes");
        }
    }

    #[test]
    fn a_number_has_at_most_three_decimals_and_no_trailing_zeros() {
        let cases = [
            (612.0, "612"),
            (0.5, "0.5"),
            (2.05, "2.05"),
            (0.005, "0.005"),
            (-12.345, "-12.345"),
            (10.1204, "10.12"),
            (0.0004, "0"),
            (-0.0004, "0"),
            (99.9996, "100"),
        ];
        for (value, expected) in cases {
            let mut out = Vec::new();
            push_number(&mut out, value);
            assert_eq!(String::from_utf8(out).unwrap(), expected, "{value}");
        }
    }

    #[test]
    fn the_fingerprint_changes_with_any_byte() {
        let a = fingerprint(b"the same words, over more than one eight-byte word");
        let b = fingerprint(b"the same words, over more than one eight-byte wore");
        assert_ne!(a, b);
        assert_eq!(
            a,
            fingerprint(b"the same words, over more than one eight-byte word")
        );
    }
}
