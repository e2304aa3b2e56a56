//! Any serialisable value of the engine (a result, a rule set's definition) as a tree of [`Value`]s
//! whose decimals are marked, guided by a compiled schema ([`Shapes`]): a binding turns the tree
//! into its language's values (Python's `decimal.Decimal` for [`Value::Decimal`]) without deciding
//! anything itself, and the result frames ([`super::frame`]) are built from it.
//!
//! Objects keep their fields in declaration order; with defaults, an object's missing optional
//! fields are filled in after them, in schema order (`Null`, `[]`, `{}` or `false`), so every
//! record of a type has every field.

use super::shape::{ShapeId, Shapes};
use serde::ser::{self, Serialize};
use smol_str::SmolStr;
use std::borrow::Cow;
use std::fmt;

/// A value of the tree.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i128),
    Str(SmolStr),
    /// A decimal, as the engine writes it (`"12.50"`, `"-0.25"`): exact, never a float.
    Decimal(SmolStr),
    List(Vec<Value>),
    /// An object or a map: its fields in order.
    Map(Vec<(Cow<'static, str>, Value)>),
}

impl Value {
    /// The field `key` of an object.
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Map(fields) => fields.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// Whether the value is a list or a map (not a scalar).
    pub fn is_nested(&self) -> bool {
        matches!(self, Value::List(_) | Value::Map(_))
    }

    /// The text of a string or a decimal.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) | Value::Decimal(s) => Some(s),
            _ => None,
        }
    }
}

/// How a value is turned into a tree.
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

type R = Result<Value, TreeError>;

impl<'a> Tree<'a> {
    /// Trees that fill in missing optional fields.
    pub fn new(shapes: &'a Shapes) -> Tree<'a> {
        Tree {
            shapes,
            defaults: true,
        }
    }

    /// Trees of objects as serialised (absent optional fields stay absent).
    pub fn as_written(shapes: &'a Shapes) -> Tree<'a> {
        Tree {
            shapes,
            defaults: false,
        }
    }

    /// `value`, whose schema is `shape`.
    pub fn of<T: Serialize + ?Sized>(self, value: &T, shape: ShapeId) -> R {
        self.skipping(value, shape, &[])
    }

    /// `value` without the named fields (e.g. a unit's `nodes`), or those of each element when
    /// `value` is a list; an object left without some fields is not filled in.
    pub fn skipping<T: Serialize + ?Sized>(self, value: &T, shape: ShapeId, skip: &[&str]) -> R {
        value.serialize(Ser {
            tree: self,
            shape: Some(shape),
            skip,
        })
    }

    fn default_for(self, shape: ShapeId) -> Value {
        let s = self.shapes.get(shape);
        if s.nullable {
            Value::Null
        } else if s.boolean && !s.string && !s.decimal {
            Value::Bool(false)
        } else if s.items.is_some() {
            Value::List(Vec::new())
        } else if s.values.is_some() {
            Value::Map(Vec::new())
        } else if s.fills_defaults() {
            let mut fields = Vec::new();
            self.fill(&mut fields, shape, 0);
            Value::Map(fields)
        } else {
            Value::Null
        }
    }

    /// Append the properties of `shape` missing from `fields`; `set` marks the positions (below
    /// 64) already written.
    fn fill(self, fields: &mut Vec<(Cow<'static, str>, Value)>, shape: ShapeId, set: u64) {
        let s = self.shapes.get(shape);
        if !self.defaults || !s.fills_defaults() || fields.len() == s.props.len() {
            return;
        }
        for (pos, (key, child)) in s.props.iter().enumerate() {
            let written = if pos < 64 {
                set & (1 << pos) != 0
            } else {
                fields.iter().any(|(k, _)| k == key)
            };
            if !written {
                fields.push((Cow::Owned(key.clone()), self.default_for(*child)));
            }
        }
    }
}

#[derive(Clone, Copy)]
struct Ser<'t, 'a> {
    tree: Tree<'a>,
    /// `None` when the schema says nothing about the value (converted plainly).
    shape: Option<ShapeId>,
    skip: &'t [&'t str],
}

impl<'t, 'a> Ser<'t, 'a> {
    fn at(self, shape: Option<ShapeId>) -> Self {
        Ser {
            shape,
            skip: &[],
            ..self
        }
    }

    fn prop(self, key: &str) -> Self {
        self.at(self.shape.and_then(|s| self.tree.shapes.get(s).prop(key)))
    }
}

macro_rules! ints {
    ($($method:ident: $t:ty),* $(,)?) => {$(
        fn $method(self, v: $t) -> R {
            Ok(Value::Int(i128::from(v)))
        }
    )*};
}

impl<'t, 'a> ser::Serializer for Ser<'t, 'a> {
    type Ok = Value;
    type Error = TreeError;
    type SerializeSeq = Seq<'t, 'a>;
    type SerializeTuple = Seq<'t, 'a>;
    type SerializeTupleStruct = Seq<'t, 'a>;
    type SerializeTupleVariant = Variant<Seq<'t, 'a>>;
    type SerializeMap = Obj<'t, 'a>;
    type SerializeStruct = Obj<'t, 'a>;
    type SerializeStructVariant = Variant<Obj<'t, 'a>>;

    fn serialize_bool(self, v: bool) -> R {
        Ok(Value::Bool(v))
    }
    ints! {
        serialize_i8: i8, serialize_i16: i16, serialize_i32: i32, serialize_i64: i64,
        serialize_i128: i128, serialize_u8: u8, serialize_u16: u16, serialize_u32: u32,
        serialize_u64: u64,
    }
    fn serialize_u128(self, v: u128) -> R {
        i128::try_from(v)
            .map(Value::Int)
            .map_err(|_| TreeError("an integer beyond 2^127".into()))
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
        let decimal = self.shape.is_some_and(|s| self.tree.shapes.get(s).decimal);
        Ok(if decimal {
            Value::Decimal(SmolStr::new(v))
        } else {
            Value::Str(SmolStr::new(v))
        })
    }
    fn serialize_bytes(self, v: &[u8]) -> R {
        Ok(Value::List(
            v.iter().map(|b| Value::Int(i128::from(*b))).collect(),
        ))
    }
    fn serialize_none(self) -> R {
        Ok(Value::Null)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> R {
        value.serialize(self)
    }
    fn serialize_unit(self) -> R {
        Ok(Value::Null)
    }
    fn serialize_unit_struct(self, _name: &'static str) -> R {
        Ok(Value::Null)
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> R {
        Ok(Value::Str(SmolStr::new_static(variant)))
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
        let v = value.serialize(self.prop(variant))?;
        Ok(Value::Map(vec![(Cow::Borrowed(variant), v)]))
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Seq<'t, 'a>, TreeError> {
        // The fields left out of a list are left out of each element.
        let shape = self.shape.and_then(|s| self.tree.shapes.get(s).items);
        Ok(Seq {
            ser: Ser { shape, ..self },
            items: Vec::with_capacity(len.unwrap_or(0).min(4096)),
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<Seq<'t, 'a>, TreeError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Seq<'t, 'a>, TreeError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Variant<Seq<'t, 'a>>, TreeError> {
        Ok(Variant {
            variant,
            inner: self.prop(variant).serialize_seq(Some(len))?,
        })
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Obj<'t, 'a>, TreeError> {
        let values = self.shape.and_then(|s| self.tree.shapes.get(s).values);
        Ok(Obj {
            ser: self,
            values: Some(values),
            fields: Vec::new(),
            key: None,
            cursor: 0,
            set: 0,
        })
    }
    fn serialize_struct(self, _: &'static str, len: usize) -> Result<Obj<'t, 'a>, TreeError> {
        Ok(Obj {
            ser: self,
            values: None,
            fields: Vec::with_capacity(len),
            key: None,
            cursor: 0,
            set: 0,
        })
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Variant<Obj<'t, 'a>>, TreeError> {
        Ok(Variant {
            variant,
            inner: self.prop(variant).serialize_struct(variant, len)?,
        })
    }
}

pub struct Seq<'t, 'a> {
    ser: Ser<'t, 'a>,
    items: Vec<Value>,
}

impl Seq<'_, '_> {
    fn push<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), TreeError> {
        self.items.push(value.serialize(self.ser)?);
        Ok(())
    }
}

impl ser::SerializeSeq for Seq<'_, '_> {
    type Ok = Value;
    type Error = TreeError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), TreeError> {
        self.push(value)
    }
    fn end(self) -> R {
        Ok(Value::List(self.items))
    }
}

impl ser::SerializeTuple for Seq<'_, '_> {
    type Ok = Value;
    type Error = TreeError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), TreeError> {
        self.push(value)
    }
    fn end(self) -> R {
        Ok(Value::List(self.items))
    }
}

impl ser::SerializeTupleStruct for Seq<'_, '_> {
    type Ok = Value;
    type Error = TreeError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), TreeError> {
        self.push(value)
    }
    fn end(self) -> R {
        Ok(Value::List(self.items))
    }
}

/// An object being written: a struct's fields, or a map's entries (`values`: the shape of a
/// map's values).
pub struct Obj<'t, 'a> {
    ser: Ser<'t, 'a>,
    values: Option<Option<ShapeId>>,
    fields: Vec<(Cow<'static, str>, Value)>,
    key: Option<String>,
    /// A struct's fields come in the schema's order: where the next one is looked for first.
    cursor: usize,
    /// Positions (below 64) of the shape's properties written so far.
    set: u64,
}

impl Obj<'_, '_> {
    fn finish(mut self) -> R {
        if let (None, Some(shape), true) = (self.values, self.ser.shape, self.ser.skip.is_empty()) {
            self.ser.tree.fill(&mut self.fields, shape, self.set);
        }
        Ok(Value::Map(self.fields))
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
}

impl ser::SerializeMap for Obj<'_, '_> {
    type Ok = Value;
    type Error = TreeError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), TreeError> {
        self.key = Some(match key.serialize(self.ser.at(None))? {
            Value::Str(s) => s.to_string(),
            Value::Int(i) => i.to_string(),
            other => return Err(TreeError(format!("a map key {other:?}"))),
        });
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), TreeError> {
        let key = self.key.take().unwrap_or_default();
        let v = value.serialize(self.ser.at(self.values.flatten()))?;
        self.fields.push((Cow::Owned(key), v));
        Ok(())
    }
    fn end(self) -> R {
        self.finish()
    }
}

impl ser::SerializeStruct for Obj<'_, '_> {
    type Ok = Value;
    type Error = TreeError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), TreeError> {
        if self.ser.skip.contains(&key) {
            return Ok(());
        }
        let shape = self.locate(key);
        let v = value.serialize(self.ser.at(shape))?;
        self.fields.push((Cow::Borrowed(key), v));
        Ok(())
    }
    fn end(self) -> R {
        self.finish()
    }
}

/// An enum's variant written as `{variant: value}`.
pub struct Variant<S> {
    variant: &'static str,
    inner: S,
}

impl ser::SerializeTupleVariant for Variant<Seq<'_, '_>> {
    type Ok = Value;
    type Error = TreeError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), TreeError> {
        self.inner.push(value)
    }
    fn end(self) -> R {
        let v = Value::List(self.inner.items);
        Ok(Value::Map(vec![(Cow::Borrowed(self.variant), v)]))
    }
}

impl ser::SerializeStructVariant for Variant<Obj<'_, '_>> {
    type Ok = Value;
    type Error = TreeError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), TreeError> {
        ser::SerializeStruct::serialize_field(&mut self.inner, key, value)
    }
    fn end(self) -> R {
        let v = self.inner.finish()?;
        Ok(Value::Map(vec![(Cow::Borrowed(self.variant), v)]))
    }
}
