//! Values as the templates are given them, in a form made only to be digested: every value and
//! field name written as it is, each behind a tag and its length, so that no two values of a
//! type give the same bytes. Serialising to JSON for the digest spent most of its time
//! escaping strings (20 M instructions of an `--only` rebuild at 50 reports) that a digest
//! never needs escaped.

use serde::ser::{self, Serialize};
use std::fmt;

/// Where the bytes go.
pub(super) trait Take {
    fn take(&mut self, bytes: &[u8]);
}

/// Writes `value` into `out` in the digest's form.
pub(super) fn write(value: &(impl Serialize + ?Sized), out: &mut impl Take) {
    // Writing into a digest cannot fail; a value that cannot be serialised cannot be given to
    // a template either, and its render fails on its own.
    let _ = value.serialize(&mut Writer { out });
}

struct Writer<'a, T> {
    out: &'a mut T,
}

impl<T: Take> Writer<'_, T> {
    fn tag(&mut self, tag: u8) {
        self.out.take(&[tag]);
    }

    /// A tag and a number (a length, a variant's index, a scalar's bits).
    fn tagged(&mut self, tag: u8, number: u64) {
        let mut bytes = [0; 9];
        bytes[0] = tag;
        bytes[1..].copy_from_slice(&number.to_le_bytes());
        self.out.take(&bytes);
    }

    /// A tag, a length and the bytes.
    fn run(&mut self, tag: u8, bytes: &[u8]) {
        self.tagged(tag, bytes.len() as u64);
        self.out.take(bytes);
    }
}

/// Never made: writing into a digest cannot fail.
#[derive(Debug)]
pub(super) struct Never;

impl fmt::Display for Never {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a value that cannot be digested")
    }
}

impl std::error::Error for Never {}

impl ser::Error for Never {
    fn custom<M: fmt::Display>(_: M) -> Self {
        Never
    }
}

type Done = Result<(), Never>;

/// Narrow numbers written as their wide kind: a value's bytes never depend on the width its
/// type happens to have.
macro_rules! widened {
    ($($narrow:ident($type:ty) => $wide:ident($as:ty)),+ $(,)?) => {
        $(fn $narrow(self, value: $type) -> Done {
            self.$wide(<$as>::from(value))
        })+
    };
}

/// A variant holding fields opens with its index; its fields follow, then the closing tag.
macro_rules! variant_opened {
    ($method:ident, $tag:literal) => {
        fn $method(
            self,
            _: &'static str,
            index: u32,
            _: &'static str,
            _: usize,
        ) -> Result<Self, Never> {
            self.tagged($tag, u64::from(index));
            Ok(self)
        }
    };
}

impl<T: Take> ser::Serializer for &mut Writer<'_, T> {
    type Ok = ();
    type Error = Never;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

    widened!(
        serialize_i8(i8) => serialize_i64(i64),
        serialize_i16(i16) => serialize_i64(i64),
        serialize_i32(i32) => serialize_i64(i64),
        serialize_u8(u8) => serialize_u64(u64),
        serialize_u16(u16) => serialize_u64(u64),
        serialize_u32(u32) => serialize_u64(u64),
        serialize_f32(f32) => serialize_f64(f64),
    );

    fn serialize_bool(self, value: bool) -> Done {
        self.tagged(b'b', u64::from(value));
        Ok(())
    }
    fn serialize_i64(self, value: i64) -> Done {
        self.tagged(b'i', value.cast_unsigned());
        Ok(())
    }
    fn serialize_i128(self, value: i128) -> Done {
        self.run(b'I', &value.to_le_bytes());
        Ok(())
    }
    fn serialize_u64(self, value: u64) -> Done {
        self.tagged(b'u', value);
        Ok(())
    }
    fn serialize_u128(self, value: u128) -> Done {
        self.run(b'U', &value.to_le_bytes());
        Ok(())
    }
    fn serialize_f64(self, value: f64) -> Done {
        self.tagged(b'f', value.to_bits());
        Ok(())
    }
    fn serialize_char(self, value: char) -> Done {
        self.tagged(b'c', u64::from(value));
        Ok(())
    }
    fn serialize_str(self, value: &str) -> Done {
        self.run(b's', value.as_bytes());
        Ok(())
    }
    fn serialize_bytes(self, value: &[u8]) -> Done {
        self.run(b'B', value);
        Ok(())
    }
    fn serialize_none(self) -> Done {
        self.tag(b'N');
        Ok(())
    }
    fn serialize_some<V: Serialize + ?Sized>(self, value: &V) -> Done {
        self.tag(b'S');
        value.serialize(self)
    }
    fn serialize_unit(self) -> Done {
        self.tag(b'0');
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Done {
        self.serialize_unit()
    }
    fn serialize_unit_variant(self, _: &'static str, index: u32, _: &'static str) -> Done {
        self.tagged(b'v', u64::from(index));
        Ok(())
    }
    fn serialize_newtype_struct<V: Serialize + ?Sized>(self, _: &'static str, value: &V) -> Done {
        value.serialize(self)
    }
    fn serialize_newtype_variant<V: Serialize + ?Sized>(
        self,
        _: &'static str,
        index: u32,
        _: &'static str,
        value: &V,
    ) -> Done {
        self.tagged(b'w', u64::from(index));
        value.serialize(self)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self, Never> {
        self.tag(b'[');
        Ok(self)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self, Never> {
        self.serialize_seq(None)
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self, Never> {
        self.serialize_seq(None)
    }
    variant_opened!(serialize_tuple_variant, b't');
    variant_opened!(serialize_struct_variant, b'x');
    fn serialize_map(self, _: Option<usize>) -> Result<Self, Never> {
        self.tag(b'{');
        Ok(self)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, Never> {
        self.serialize_map(None)
    }
}

/// Every compound value ends with the one closing tag: its items are each tagged, so the end
/// can never be taken for an item.
macro_rules! compound {
    ($trait:ident, $method:ident) => {
        impl<T: Take> ser::$trait for &mut Writer<'_, T> {
            type Ok = ();
            type Error = Never;
            fn $method<V: Serialize + ?Sized>(&mut self, value: &V) -> Done {
                value.serialize(&mut **self)
            }
            fn end(self) -> Done {
                self.tag(b'.');
                Ok(())
            }
        }
    };
}

compound!(SerializeSeq, serialize_element);
compound!(SerializeTuple, serialize_element);
compound!(SerializeTupleStruct, serialize_field);
compound!(SerializeTupleVariant, serialize_field);

impl<T: Take> ser::SerializeMap for &mut Writer<'_, T> {
    type Ok = ();
    type Error = Never;
    fn serialize_key<K: Serialize + ?Sized>(&mut self, key: &K) -> Done {
        key.serialize(&mut **self)
    }
    fn serialize_value<V: Serialize + ?Sized>(&mut self, value: &V) -> Done {
        value.serialize(&mut **self)
    }
    fn end(self) -> Done {
        self.tag(b'.');
        Ok(())
    }
}

/// A struct's fields each under their name: a field left out (`skip_serializing_if`) must not
/// let the next be taken for it.
macro_rules! named_fields {
    ($trait:ident) => {
        impl<T: Take> ser::$trait for &mut Writer<'_, T> {
            type Ok = ();
            type Error = Never;
            fn serialize_field<V: Serialize + ?Sized>(
                &mut self,
                name: &'static str,
                value: &V,
            ) -> Done {
                self.run(b'k', name.as_bytes());
                value.serialize(&mut **self)
            }
            fn end(self) -> Done {
                self.tag(b'.');
                Ok(())
            }
        }
    };
}

named_fields!(SerializeStruct);
named_fields!(SerializeStructVariant);

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Serialize;
    use std::collections::BTreeMap;

    impl Take for Vec<u8> {
        fn take(&mut self, bytes: &[u8]) {
            self.extend_from_slice(bytes);
        }
    }

    fn written(value: &impl Serialize) -> Vec<u8> {
        let mut out = Vec::new();
        write(value, &mut out);
        out
    }

    #[derive(Serialize)]
    struct Item {
        #[serde(skip_serializing_if = "Option::is_none")]
        title: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        subtitle: Option<String>,
        #[serde(skip)]
        _unseen: u32,
        rows: Vec<(String, u32)>,
    }

    fn item(title: Option<&str>, subtitle: Option<&str>, rows: &[(&str, u32)]) -> Item {
        Item {
            title: title.map(str::to_string),
            subtitle: subtitle.map(str::to_string),
            _unseen: 0,
            rows: rows.iter().map(|(s, n)| (s.to_string(), *n)).collect(),
        }
    }

    #[test]
    fn values_that_differ_in_anything_shown_give_different_bytes() {
        let values = [
            item(Some("Budget"), None, &[]),
            item(None, Some("Budget"), &[]),
            item(Some("Budget"), Some(""), &[]),
            item(Some("Bud"), Some("get"), &[]),
            item(Some("Budget"), None, &[("a", 1)]),
            item(Some("Budget"), None, &[("a", 1), ("", 0)]),
            item(Some("Budget"), None, &[("a", 10)]),
            item(Some("Budget"), None, &[("a1", 0)]),
        ];
        let bytes: Vec<Vec<u8>> = values.iter().map(written).collect();
        for (i, a) in bytes.iter().enumerate() {
            for b in &bytes[i + 1..] {
                assert_ne!(a, b);
            }
        }
        // What the templates never see is never in it.
        let mut unseen = item(Some("Budget"), None, &[]);
        unseen._unseen = 7;
        assert_eq!(written(&unseen), bytes[0]);
        let maps = [
            BTreeMap::from([("ab", "c")]),
            BTreeMap::from([("a", "bc")]),
            BTreeMap::from([("a", ""), ("b", "c")]),
        ];
        assert_ne!(written(&maps[0]), written(&maps[1]));
        assert_ne!(written(&maps[1]), written(&maps[2]));
        assert_ne!(written(&[Some(1u8)]), written(&[None::<u8>]));
        assert_ne!(written(&(1i32, 2i32)), written(&(2i32, 1i32)));
    }
}
