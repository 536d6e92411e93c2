//! Parsed templates as kept between builds: tera's syntax trees in a compact form of our own
//! (tera's types have no serde), read back instead of parsed again. Parsing the house style's
//! templates was a sixth of an `--only` rebuild's instructions at 50 reports; reading them
//! back is a few hundredths of it. Nothing is kept that does not read back the same.

use std::collections::HashMap;
use tera::ast::{
    Block, Expr, ExprVal, FilterSection, Forloop, FunctionCall, If, In, LogicExpr, LogicOperator,
    MacroCall, MacroDefinition, MathExpr, MathOperator, Node, Set, StringConcat, Test, WS,
};
use tera::Template;

/// `templates` in the kept form, when it reads back as the very same templates; otherwise none
/// (the codec would have missed something, and the templates are parsed every time instead).
pub fn faithful_encoding(templates: &[Template]) -> Option<Vec<u8>> {
    let mut bytes = Vec::new();
    put_items(templates, &mut bytes);
    let back = decode(&bytes)?;
    let same = back.len() == templates.len()
        && back.iter().zip(templates).all(|(a, b)| same_template(a, b));
    same.then_some(bytes)
}

/// The templates kept as `bytes`; none unless they are whole and nothing follows them.
pub fn decode(bytes: &[u8]) -> Option<Vec<Template>> {
    let mut reader = Reader { bytes };
    let templates = Vec::<Template>::take(&mut reader)?;
    reader.bytes.is_empty().then_some(templates)
}

/// Whether two templates are alike in everything tera reads of them.
fn same_template(a: &Template, b: &Template) -> bool {
    a.name == b.name
        && a.path == b.path
        && a.ast == b.ast
        && a.from_extend == b.from_extend
        && a.macros == b.macros
        && a.imported_macro_files == b.imported_macro_files
        && a.parent == b.parent
        && a.blocks == b.blocks
        && a.parents == b.parents
        && a.blocks_definitions == b.blocks_definitions
}

/// The kept bytes still to read.
struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    fn slice(&mut self, count: usize) -> Option<&'a [u8]> {
        let (taken, rest) = self.bytes.split_at_checked(count)?;
        self.bytes = rest;
        Some(taken)
    }

    fn byte(&mut self) -> Option<u8> {
        Some(self.slice(1)?[0])
    }

    /// A count, in LEB128 (seven bits a byte, low first).
    fn count(&mut self) -> Option<usize> {
        let mut value: u64 = 0;
        for shift in (0..64).step_by(7) {
            let byte = self.byte()?;
            value |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return usize::try_from(value).ok();
            }
        }
        None
    }
}

fn put_count(count: usize, out: &mut Vec<u8>) {
    let mut value = count as u64;
    while value >= 0x80 {
        out.push((value as u8 & 0x7f) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

/// A value as kept: written by `put`, read back by `take` (none for bytes it did not write).
trait Kept: Sized {
    fn put(&self, out: &mut Vec<u8>);
    fn take(input: &mut Reader) -> Option<Self>;
}

impl Kept for bool {
    fn put(&self, out: &mut Vec<u8>) {
        out.push(u8::from(*self));
    }
    fn take(input: &mut Reader) -> Option<Self> {
        match input.byte()? {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }
}

impl Kept for i64 {
    fn put(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.to_le_bytes());
    }
    fn take(input: &mut Reader) -> Option<Self> {
        Some(i64::from_le_bytes(input.slice(8)?.try_into().ok()?))
    }
}

impl Kept for f64 {
    fn put(&self, out: &mut Vec<u8>) {
        self.to_bits().cast_signed().put(out);
    }
    fn take(input: &mut Reader) -> Option<Self> {
        Some(f64::from_bits(i64::take(input)?.cast_unsigned()))
    }
}

impl Kept for String {
    fn put(&self, out: &mut Vec<u8>) {
        put_count(self.len(), out);
        out.extend_from_slice(self.as_bytes());
    }
    fn take(input: &mut Reader) -> Option<Self> {
        let count = input.count()?;
        String::from_utf8(input.slice(count)?.to_vec()).ok()
    }
}

fn put_items<T: Kept>(items: &[T], out: &mut Vec<u8>) {
    put_count(items.len(), out);
    items.iter().for_each(|item| item.put(out));
}

impl<T: Kept> Kept for Vec<T> {
    fn put(&self, out: &mut Vec<u8>) {
        put_items(self, out);
    }
    fn take(input: &mut Reader) -> Option<Self> {
        let count = input.count()?;
        // Every item takes a byte at least: a count past the bytes left is refused, unallocated.
        let mut items = Vec::with_capacity(count.min(input.bytes.len()));
        for _ in 0..count {
            items.push(T::take(input)?);
        }
        Some(items)
    }
}

impl<T: Kept> Kept for Option<T> {
    fn put(&self, out: &mut Vec<u8>) {
        match self {
            None => out.push(0),
            Some(value) => {
                out.push(1);
                value.put(out);
            }
        }
    }
    fn take(input: &mut Reader) -> Option<Self> {
        match input.byte()? {
            0 => Some(None),
            1 => Some(Some(T::take(input)?)),
            _ => None,
        }
    }
}

impl<T: Kept> Kept for Box<T> {
    fn put(&self, out: &mut Vec<u8>) {
        (**self).put(out);
    }
    fn take(input: &mut Reader) -> Option<Self> {
        T::take(input).map(Box::new)
    }
}

/// A map's entries in the order of their keys, so that the same templates keep the same bytes.
impl<T: Kept> Kept for HashMap<String, T> {
    fn put(&self, out: &mut Vec<u8>) {
        let mut entries: Vec<(&String, &T)> = self.iter().collect();
        entries.sort_unstable_by_key(|(key, _)| *key);
        put_count(entries.len(), out);
        for (key, value) in entries {
            key.put(out);
            value.put(out);
        }
    }
    fn take(input: &mut Reader) -> Option<Self> {
        let count = input.count()?;
        let mut map = HashMap::with_capacity(count.min(input.bytes.len()));
        for _ in 0..count {
            map.insert(String::take(input)?, T::take(input)?);
        }
        Some(map)
    }
}

impl<A: Kept, B: Kept> Kept for (A, B) {
    fn put(&self, out: &mut Vec<u8>) {
        self.0.put(out);
        self.1.put(out);
    }
    fn take(input: &mut Reader) -> Option<Self> {
        Some((A::take(input)?, B::take(input)?))
    }
}

impl<A: Kept, B: Kept, C: Kept> Kept for (A, B, C) {
    fn put(&self, out: &mut Vec<u8>) {
        self.0.put(out);
        self.1.put(out);
        self.2.put(out);
    }
    fn take(input: &mut Reader) -> Option<Self> {
        Some((A::take(input)?, B::take(input)?, C::take(input)?))
    }
}

/// A struct kept as its fields, in the order named.
macro_rules! kept_fields {
    ($type:ident { $($field:ident),+ $(,)? }) => {
        impl Kept for $type {
            fn put(&self, out: &mut Vec<u8>) {
                $(self.$field.put(out);)+
            }
            fn take(input: &mut Reader) -> Option<Self> {
                Some($type { $($field: Kept::take(input)?),+ })
            }
        }
    };
}

kept_fields!(WS { left, right });
kept_fields!(FunctionCall { name, args });
kept_fields!(MathExpr { lhs, rhs, operator });
kept_fields!(LogicExpr { lhs, rhs, operator });
kept_fields!(StringConcat { values });
kept_fields!(In { lhs, rhs, negated });
kept_fields!(Expr {
    val,
    negated,
    filters
});
kept_fields!(Test {
    ident,
    negated,
    name,
    args
});
kept_fields!(FilterSection { filter, body });
kept_fields!(Set { key, value, global });
kept_fields!(MacroCall {
    namespace,
    name,
    args
});
kept_fields!(MacroDefinition { name, args, body });
kept_fields!(Block { name, body });
kept_fields!(Forloop {
    key,
    value,
    container,
    body,
    empty_body
});
kept_fields!(If {
    conditions,
    otherwise
});
kept_fields!(Template {
    name,
    path,
    ast,
    from_extend,
    macros,
    imported_macro_files,
    parent,
    blocks,
    parents,
    blocks_definitions,
});

/// A variant kept as its tag, then its fields in order.
macro_rules! tagged {
    ($out:expr, $tag:literal, $($field:expr),+) => {{
        $out.push($tag);
        $($field.put($out);)+
    }};
}

/// A variant read back: its fields in order, then the variant made of them.
macro_rules! taken {
    ($input:expr, $variant:path, $($field:ident),+) => {{
        $(let $field = Kept::take($input)?;)+
        $variant($($field),+)
    }};
}

/// An enum without fields, kept as its place in `ALL`.
macro_rules! kept_choice {
    ($type:ident [$($variant:ident),+ $(,)?]) => {
        impl Kept for $type {
            fn put(&self, out: &mut Vec<u8>) {
                const ALL: &[$type] = &[$($type::$variant),+];
                let place = ALL.iter().position(|v| v == self).unwrap_or(0);
                out.push(place as u8);
            }
            fn take(input: &mut Reader) -> Option<Self> {
                const ALL: &[$type] = &[$($type::$variant),+];
                ALL.get(usize::from(input.byte()?)).copied()
            }
        }
    };
}

kept_choice!(MathOperator [Add, Sub, Mul, Div, Modulo]);
kept_choice!(LogicOperator [Gt, Gte, Lt, Lte, Eq, NotEq, And, Or]);

/// An enum whose every variant holds one value, kept as the variant's tag and the value.
macro_rules! kept_variants {
    ($type:ident { $($tag:literal => $variant:ident),+ $(,)? }) => {
        impl Kept for $type {
            fn put(&self, out: &mut Vec<u8>) {
                match self {
                    $($type::$variant(value) => tagged!(out, $tag, value),)+
                }
            }
            fn take(input: &mut Reader) -> Option<Self> {
                Some(match input.byte()? {
                    $($tag => $type::$variant(Kept::take(input)?),)+
                    _ => return None,
                })
            }
        }
    };
}

kept_variants!(ExprVal {
    0 => String,
    1 => Int,
    2 => Float,
    3 => Bool,
    4 => Ident,
    5 => Math,
    6 => Logic,
    7 => Test,
    8 => MacroCall,
    9 => FunctionCall,
    10 => Array,
    11 => StringConcat,
    12 => In,
});

impl Kept for Node {
    fn put(&self, out: &mut Vec<u8>) {
        match self {
            Node::Super => out.push(0),
            Node::Text(text) => tagged!(out, 1, text),
            Node::VariableBlock(ws, expr) => tagged!(out, 2, ws, expr),
            Node::MacroDefinition(before, definition, after) => {
                tagged!(out, 3, before, definition, after)
            }
            Node::Extends(ws, name) => tagged!(out, 4, ws, name),
            Node::Include(ws, names, ignore_missing) => tagged!(out, 5, ws, names, ignore_missing),
            Node::ImportMacro(ws, file, namespace) => tagged!(out, 6, ws, file, namespace),
            Node::Set(ws, set) => tagged!(out, 7, ws, set),
            Node::Raw(before, text, after) => tagged!(out, 8, before, text, after),
            Node::FilterSection(before, section, after) => tagged!(out, 9, before, section, after),
            Node::Block(before, block, after) => tagged!(out, 10, before, block, after),
            Node::Forloop(before, forloop, after) => tagged!(out, 11, before, forloop, after),
            Node::If(branches, ws) => tagged!(out, 12, branches, ws),
            Node::Break(ws) => tagged!(out, 13, ws),
            Node::Continue(ws) => tagged!(out, 14, ws),
            Node::Comment(ws, text) => tagged!(out, 15, ws, text),
        }
    }
    fn take(input: &mut Reader) -> Option<Self> {
        Some(match input.byte()? {
            0 => Node::Super,
            1 => Node::Text(Kept::take(input)?),
            2 => taken!(input, Node::VariableBlock, ws, expr),
            3 => taken!(input, Node::MacroDefinition, before, definition, after),
            4 => taken!(input, Node::Extends, ws, name),
            5 => taken!(input, Node::Include, ws, names, ignore_missing),
            6 => taken!(input, Node::ImportMacro, ws, file, namespace),
            7 => taken!(input, Node::Set, ws, set),
            8 => taken!(input, Node::Raw, before, text, after),
            9 => taken!(input, Node::FilterSection, before, section, after),
            10 => taken!(input, Node::Block, before, block, after),
            11 => taken!(input, Node::Forloop, before, forloop, after),
            12 => taken!(input, Node::If, branches, ws),
            13 => Node::Break(Kept::take(input)?),
            14 => Node::Continue(Kept::take(input)?),
            15 => taken!(input, Node::Comment, ws, text),
            _ => return None,
        })
    }
}
