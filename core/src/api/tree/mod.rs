//! Any serialisable value of the engine (a result, a rule set's definition, a dossier) with its
//! decimals marked, guided by a compiled schema ([`Shapes`]): a binding turns it into its
//! language's values (Python's `decimal.Decimal` for a decimal) without deciding anything itself,
//! and the result frames ([`super::frame`]) are built from it.
//!
//! The value is written as a [`Tape`]: its tokens depth first in one vector, its texts in one
//! string, so that writing and reading a large result allocates little. [`Tape::value`] makes the
//! [`Value`] tree of it. Objects keep their fields in declaration order; with defaults, an
//! object's missing optional fields are filled in after them, in schema order (`Null`, `[]`, `{}`
//! or `false`), so every record of a type has every field.

use super::shape::{ShapeId, Shapes};
use serde::ser::{self, Serialize};
use std::fmt;

mod tape;

pub use tape::{Tape, Tok, Value};

/// How a value is written.
#[derive(Clone, Copy)]
pub struct Tree<'a> {
    shapes: &'a Shapes,
    /// Fill in missing optional fields (results); a definition (a rule set) is kept as written.
    defaults: bool,
}

/// The error of a value the schema did not expect (a binary float): a bug of the engine.
#[derive(Debug)]
pub struct TreeError(String);

impl TreeError {
    pub(crate) fn new(what: &str) -> TreeError {
        TreeError(what.to_string())
    }
}

impl fmt::Display for TreeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot convert a value of the engine: {}", self.0)
    }
}

impl std::error::Error for TreeError {}

impl ser::Error for TreeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        TreeError(msg.to_string())
    }
}

type R = Result<(), TreeError>;

const TOO_MANY: &str = "a list or an object of over 2^32 values";

impl<'a> Tree<'a> {
    /// Values whose objects have every field (missing optional ones filled in).
    pub fn new(shapes: &'a Shapes) -> Tree<'a> {
        Tree {
            shapes,
            defaults: true,
        }
    }

    /// Values as serialised (absent optional fields stay absent).
    pub fn as_written(shapes: &'a Shapes) -> Tree<'a> {
        Tree {
            shapes,
            defaults: false,
        }
    }

    /// `value`, whose schema is `shape`, as a tree.
    pub fn of<T: Serialize + ?Sized>(self, value: &T, shape: ShapeId) -> Result<Value, TreeError> {
        Ok(self.tape(value, shape, &[])?.value())
    }

    /// `value` as a tree, without the named fields (see [`tape`](Self::tape)).
    pub fn skipping<T: Serialize + ?Sized>(
        self,
        value: &T,
        shape: ShapeId,
        skip: &[&str],
    ) -> Result<Value, TreeError> {
        Ok(self.tape(value, shape, skip)?.value())
    }

    /// `value` as a tape, without the named fields (e.g. a unit's `nodes`), or those of each
    /// element when `value` is a list; an object left without some fields is not filled in.
    pub fn tape<'s, T: Serialize + ?Sized>(
        self,
        value: &T,
        shape: ShapeId,
        skip: &[&str],
    ) -> Result<Tape<'s>, TreeError>
    where
        'a: 's,
    {
        let mut tape = Tape::default();
        self.tape_into(&mut tape, value, shape, skip, &[])?;
        Ok(tape)
    }

    /// [`tape`](Self::tape), written into `tape` (cleared first: a caller converting many values
    /// reuses one tape's memory), with a [`Tok::Hole`] in place of each field named in `holes`
    /// (top level; the caller converts those fields itself, where the holes are).
    pub fn tape_into<'s, T: Serialize + ?Sized>(
        self,
        tape: &mut Tape<'s>,
        value: &T,
        shape: ShapeId,
        skip: &[&str],
        holes: &[&str],
    ) -> Result<(), TreeError>
    where
        'a: 's,
    {
        tape.toks.clear();
        tape.text.clear();
        value.serialize(Ser {
            tree: self,
            tape,
            shape: Some(shape),
            skip,
            holes,
        })
    }

    fn default_for<'s>(self, tape: &mut Tape<'s>, shape: ShapeId)
    where
        'a: 's,
    {
        let s = self.shapes.get(shape);
        let tok = if s.nullable {
            Tok::Null
        } else if s.boolean && !s.string && !s.decimal {
            Tok::Bool(false)
        } else if s.items.is_some() {
            Tok::List(0)
        } else if s.values.is_some() {
            Tok::Map(0)
        } else if s.fills_defaults() {
            let at = tape.toks.len();
            tape.toks.push(Tok::Map(0));
            let n = self.fill(tape, shape, 0, 0);
            tape.toks[at] = Tok::Map(n);
            return;
        } else {
            Tok::Null
        };
        tape.toks.push(tok);
    }

    /// Append the properties of `shape` missing from an object of `written` fields, `set`
    /// marking their positions (below 64); the object's number of fields after.
    fn fill<'s>(self, tape: &mut Tape<'s>, shape: ShapeId, written: u32, set: u64) -> u32
    where
        'a: 's,
    {
        let s = self.shapes.get(shape);
        if !self.defaults || !s.fills_defaults() || written as usize == s.props.len() {
            return written;
        }
        let mut n = written;
        for (pos, (key, child)) in s.props.iter().enumerate() {
            // A property past the 64th is taken as written (the schema's records have fewer).
            if pos < 64 && set & (1 << pos) == 0 {
                tape.toks.push(Tok::Field(key.as_str()));
                self.default_for(tape, *child);
                n += 1;
            }
        }
        n
    }
}

struct Ser<'t, 's, 'a> {
    tree: Tree<'a>,
    tape: &'t mut Tape<'s>,
    /// `None` when the schema says nothing about the value (written plainly).
    shape: Option<ShapeId>,
    skip: &'t [&'t str],
    /// Fields written as a [`Tok::Hole`] instead of their value (top level only).
    holes: &'t [&'t str],
}

impl<'t, 's, 'a: 's> Ser<'t, 's, 'a> {
    fn prop(self, key: &str) -> Self {
        let shape = self.shape.and_then(|s| self.tree.shapes.get(s).prop(key));
        Ser {
            shape,
            skip: &[],
            holes: &[],
            ..self
        }
    }

    /// An enum's variant is written as an object of one field, the variant's name: its header,
    /// then the value at the variant's shape.
    fn variant(self, name: &'static str) -> Self {
        self.tape.toks.push(Tok::Map(1));
        self.tape.toks.push(Tok::Field(name));
        self.prop(name)
    }

    fn text(self, s: &str, tok: fn(u32, u32) -> Tok<'s>) -> R {
        let (start, len) = self.tape.push_text(s)?;
        self.tape.toks.push(tok(start, len));
        Ok(())
    }

    fn open(self, tok: Tok<'s>) -> Seq<'t, 's, 'a> {
        let at = self.tape.toks.len();
        self.tape.toks.push(tok);
        Seq {
            ser: self,
            at,
            n: 0,
            cursor: 0,
            set: 0,
        }
    }

    fn int(self, v: i128) -> R {
        match i64::try_from(v) {
            Ok(small) => {
                self.tape.toks.push(Tok::Int(small));
                Ok(())
            }
            Err(_) => self.text(&v.to_string(), Tok::BigInt),
        }
    }
}

macro_rules! ints {
    ($($method:ident: $t:ty),* $(,)?) => {$(
        fn $method(self, v: $t) -> R {
            self.int(i128::from(v))
        }
    )*};
}

impl<'t, 's, 'a: 's> ser::Serializer for Ser<'t, 's, 'a> {
    type Ok = ();
    type Error = TreeError;
    type SerializeSeq = Seq<'t, 's, 'a>;
    type SerializeTuple = Seq<'t, 's, 'a>;
    type SerializeTupleStruct = Seq<'t, 's, 'a>;
    type SerializeTupleVariant = Seq<'t, 's, 'a>;
    type SerializeMap = Seq<'t, 's, 'a>;
    type SerializeStruct = Seq<'t, 's, 'a>;
    type SerializeStructVariant = Seq<'t, 's, 'a>;

    fn serialize_bool(self, v: bool) -> R {
        self.tape.toks.push(Tok::Bool(v));
        Ok(())
    }
    ints! {
        serialize_i8: i8, serialize_i16: i16, serialize_i32: i32, serialize_i64: i64,
        serialize_i128: i128, serialize_u8: u8, serialize_u16: u16, serialize_u32: u32,
        serialize_u64: u64,
    }
    fn serialize_u128(self, v: u128) -> R {
        match i128::try_from(v) {
            Ok(v) => self.int(v),
            Err(_) => self.text(&v.to_string(), Tok::BigInt),
        }
    }
    fn serialize_f32(self, _v: f32) -> R {
        Err(TreeError("a binary float".into()))
    }
    fn serialize_f64(self, _v: f64) -> R {
        Err(TreeError("a binary float".into()))
    }
    fn serialize_char(self, v: char) -> R {
        self.serialize_str(v.encode_utf8(&mut [0u8; 4]))
    }
    fn serialize_str(self, v: &str) -> R {
        if self.shape.is_some_and(|s| self.tree.shapes.get(s).decimal) {
            self.text(v, Tok::Decimal)
        } else {
            self.text(v, Tok::Str)
        }
    }
    fn serialize_bytes(self, v: &[u8]) -> R {
        let n = u32::try_from(v.len()).map_err(|_| TreeError::new(TOO_MANY))?;
        self.tape.toks.push(Tok::List(n));
        (self.tape.toks).extend(v.iter().map(|b| Tok::Int(i64::from(*b))));
        Ok(())
    }
    fn serialize_none(self) -> R {
        self.tape.toks.push(Tok::Null);
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> R {
        value.serialize(self)
    }
    fn serialize_unit(self) -> R {
        self.serialize_none()
    }
    fn serialize_unit_struct(self, _name: &'static str) -> R {
        self.serialize_none()
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> R {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, value: &T) -> R {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> R {
        value.serialize(self.variant(variant))
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Seq<'t, 's, 'a>, TreeError> {
        // The fields left out of a list are left out of each element.
        let shape = self.shape.and_then(|s| self.tree.shapes.get(s).items);
        Ok(Ser { shape, ..self }.open(Tok::List(0)))
    }
    fn serialize_tuple(self, len: usize) -> Result<Seq<'t, 's, 'a>, TreeError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        len: usize,
    ) -> Result<Seq<'t, 's, 'a>, TreeError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Seq<'t, 's, 'a>, TreeError> {
        self.variant(variant).serialize_seq(Some(len))
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Seq<'t, 's, 'a>, TreeError> {
        let values = self.shape.and_then(|s| self.tree.shapes.get(s).values);
        let mut seq = self.open(Tok::Map(0));
        seq.cursor = usize::MAX; // a map: its values' shape is `values`, nothing is filled in
        seq.ser.shape = values;
        Ok(seq)
    }
    fn serialize_struct(self, _: &'static str, _len: usize) -> Result<Seq<'t, 's, 'a>, TreeError> {
        Ok(self.open(Tok::Map(0)))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Seq<'t, 's, 'a>, TreeError> {
        self.variant(variant).serialize_struct(variant, len)
    }
}

/// A list or an object being written: its header token at `at`, patched with its length `n` at
/// the end.
pub struct Seq<'t, 's, 'a> {
    ser: Ser<'t, 's, 'a>,
    at: usize,
    n: u32,
    /// A struct's fields come in the schema's order: where the next one is looked for first;
    /// `usize::MAX` for a map.
    cursor: usize,
    /// Positions (below 64) of the shape's properties written so far.
    set: u64,
}

impl<'t, 's, 'a: 's> Seq<'t, 's, 'a> {
    /// Write a value of shape `shape`.
    fn put<T: Serialize + ?Sized>(&mut self, value: &T, shape: Option<ShapeId>) -> R {
        value.serialize(Ser {
            tree: self.ser.tree,
            tape: &mut *self.ser.tape,
            shape,
            skip: &[],
            holes: &[],
        })
    }

    /// One more element or field (a tape's lengths are `u32`).
    fn count(&mut self) -> R {
        self.n = self
            .n
            .checked_add(1)
            .ok_or_else(|| TreeError::new(TOO_MANY))?;
        Ok(())
    }

    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> R {
        self.count()?;
        // A list's elements keep the fields left out.
        value.serialize(Ser {
            tree: self.ser.tree,
            tape: &mut *self.ser.tape,
            shape: self.ser.shape,
            skip: self.ser.skip,
            holes: &[],
        })
    }

    /// The position and shape of a struct's field `key`: found by comparing names from the
    /// cursor on (fields are serialised in the schema's order), else by the shape's index.
    fn locate(&mut self, key: &str) -> Option<ShapeId> {
        let s = self.ser.tree.shapes.get(self.ser.shape?);
        let ahead = s.props.get(self.cursor..).unwrap_or_default();
        let pos = match ahead.iter().position(|(k, _)| k == key) {
            Some(i) => self.cursor + i,
            None => s.prop_pos(key)?,
        };
        self.cursor = pos + 1;
        if pos < 64 {
            self.set |= 1 << pos;
        }
        s.props.get(pos).map(|p| p.1)
    }

    fn field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> R {
        if self.ser.skip.contains(&key) {
            return Ok(());
        }
        let shape = self.locate(key);
        self.ser.tape.toks.push(Tok::Field(key));
        self.count()?;
        if self.ser.holes.contains(&key) {
            self.ser.tape.toks.push(Tok::Hole);
            return Ok(());
        }
        self.put(value, shape)
    }

    fn close(self, fill: bool) -> R {
        let mut n = self.n;
        if let (true, Some(shape), true) = (fill, self.ser.shape, self.ser.skip.is_empty()) {
            n = self.ser.tree.fill(self.ser.tape, shape, n, self.set);
        }
        if let Some(tok) = self.ser.tape.toks.get_mut(self.at) {
            *tok = match tok {
                Tok::List(_) => Tok::List(n),
                _ => Tok::Map(n),
            };
        }
        Ok(())
    }
}

/// The serde traits of a list's elements: each writes one element, and the list's length at the
/// end.
macro_rules! elements {
    ($($trait:ident: $method:ident),* $(,)?) => {$(
        impl<'a: 's, 's> ser::$trait for Seq<'_, 's, 'a> {
            type Ok = ();
            type Error = TreeError;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> R {
                self.element(value)
            }
            fn end(self) -> R {
                self.close(false)
            }
        }
    )*};
}

elements! {
    SerializeSeq: serialize_element,
    SerializeTuple: serialize_element,
    SerializeTupleStruct: serialize_field,
    SerializeTupleVariant: serialize_field,
}

impl<'a: 's, 's> ser::SerializeMap for Seq<'_, 's, 'a> {
    type Ok = ();
    type Error = TreeError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> R {
        let at = self.ser.tape.toks.len();
        self.put(key, None)?;
        self.count()?;
        // A key is text: a string key, or the digits of an integer key.
        let tok = match self.ser.tape.toks.get(at) {
            Some(Tok::Str(s, l) | Tok::BigInt(s, l)) => Tok::Key(*s, *l),
            Some(Tok::Int(i)) => {
                let (s, l) = self.ser.tape.push_text(&i.to_string())?;
                Tok::Key(s, l)
            }
            other => return Err(TreeError(format!("a map key {other:?}"))),
        };
        self.ser.tape.toks.truncate(at);
        self.ser.tape.toks.push(tok);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> R {
        self.put(value, self.ser.shape)
    }
    fn end(self) -> R {
        self.close(false)
    }
}

/// The serde traits of a struct's fields: each writes one named field, and the missing ones at
/// the end.
macro_rules! fields {
    ($($trait:ident),*) => {$(
        impl<'a: 's, 's> ser::$trait for Seq<'_, 's, 'a> {
            type Ok = ();
            type Error = TreeError;
            fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> R {
                self.field(key, value)
            }
            fn end(self) -> R {
                self.close(true)
            }
        }
    )*};
}

fields!(SerializeStruct, SerializeStructVariant);
