//! Core results → Python objects, through serde and guided by a compiled schema ([`Shapes`]):
//! structs become dicts (fields in declaration order, missing optional fields filled in as `None`,
//! `[]`, `{}` or `False`), decimals become `decimal.Decimal`, integers `int`. Nothing is computed.
//!
//! A conversion shares equal objects: field names, and equal short strings and decimals (codes,
//! labels, statuses, `Decimal("0.00")`) are created once and reused, which keeps large results fast
//! and small. The cyclic garbage collector is paused while a conversion runs (it only creates
//! acyclic containers).

use parindex::api::shape::{ShapeId, Shapes};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyBytes, PyDict, PyList, PyModule, PyString, PyType};
use pyo3::BoundObject;
use rustc_hash::FxHashMap;
use serde::ser::{self, Serialize};
use std::cell::RefCell;
use std::fmt;

static DECIMAL: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// The `decimal.Decimal` class.
pub fn decimal_type(py: Python<'_>) -> PyResult<&Bound<'_, PyType>> {
    DECIMAL.import(py, "decimal", "Decimal")
}

static GC: PyOnceLock<Py<PyModule>> = PyOnceLock::new();

/// Strings longer than this are not looked up in the cache (ids and codes are short; labels are
/// repeated across units and worth sharing).
const SHARED_MAX: usize = 512;

/// How a struct field is written: its (shared) name, its position among the shape's properties,
/// and its shape.
#[derive(Clone)]
struct Field<'py> {
    key: Bound<'py, PyString>,
    pos: Option<usize>,
    shape: Option<ShapeId>,
}

#[derive(Default)]
struct Cache<'py> {
    /// (shape, address and length of the `&'static str` field name) → field.
    fields: FxHashMap<(ShapeId, usize, usize), Field<'py>>,
    /// Names of properties filled in with defaults, by (shape, position).
    names: FxHashMap<(ShapeId, usize), Bound<'py, PyString>>,
    strings: FxHashMap<Box<str>, Bound<'py, PyString>>,
    decimals: FxHashMap<Box<str>, Bound<'py, PyAny>>,
}

/// A conversion in progress.
pub struct Conv<'a, 'py> {
    py: Python<'py>,
    shapes: &'a Shapes,
    decimal: Bound<'py, PyType>,
    /// Fill in missing optional fields (results); a definition (a rule set) is kept as written.
    defaults: bool,
    cache: RefCell<Cache<'py>>,
}

/// Pauses Python's cyclic garbage collector while alive (if it was running).
struct GcPause<'py>(Option<Bound<'py, PyModule>>);

impl<'py> GcPause<'py> {
    fn new(py: Python<'py>) -> PyResult<Self> {
        let gc = GC.get_or_try_init(py, || PyModule::import(py, "gc").map(Bound::unbind))?;
        let gc = gc.bind(py).clone();
        if gc.call_method0("isenabled")?.is_truthy()? {
            gc.call_method0("disable")?;
            Ok(GcPause(Some(gc)))
        } else {
            Ok(GcPause(None))
        }
    }
}

impl Drop for GcPause<'_> {
    fn drop(&mut self) {
        if let Some(gc) = &self.0 {
            // Re-enabling cannot fail in practice; if it did, there is nobody to tell from a drop.
            let _ = gc.call_method0("enable");
        }
    }
}

impl<'a, 'py> Conv<'a, 'py> {
    /// A conversion that fills in missing optional fields (`None`, `[]`, `{}`, `False`).
    pub fn new(py: Python<'py>, shapes: &'a Shapes) -> PyResult<Self> {
        Ok(Conv {
            py,
            shapes,
            decimal: decimal_type(py)?.clone(),
            defaults: true,
            cache: RefCell::new(Cache::default()),
        })
    }

    /// A conversion that keeps objects as serialised (absent optional fields stay absent).
    pub fn as_written(py: Python<'py>, shapes: &'a Shapes) -> PyResult<Self> {
        Ok(Conv {
            defaults: false,
            ..Conv::new(py, shapes)?
        })
    }

    /// Convert `value`, whose schema is `shape`.
    pub fn convert<T: Serialize + ?Sized>(
        &self,
        value: &T,
        shape: ShapeId,
    ) -> PyResult<Bound<'py, PyAny>> {
        self.convert_skipping(value, shape, &[])
    }

    /// Convert `value`, leaving out the named top-level fields (e.g. a unit's `nodes`), or those
    /// of each element when `value` is a list.
    pub fn convert_skipping<T: Serialize + ?Sized>(
        &self,
        value: &T,
        shape: ShapeId,
        skip: &'a [&'a str],
    ) -> PyResult<Bound<'py, PyAny>> {
        let _pause = GcPause::new(self.py)?;
        value
            .serialize(Ser {
                cx: self,
                shape: Some(shape),
                skip,
            })
            .map_err(|e| e.into_py_err())
    }

    fn field(&self, shape: Option<ShapeId>, key: &'static str) -> Field<'py> {
        let id = shape.unwrap_or(usize::MAX);
        let slot = (id, key.as_ptr() as usize, key.len());
        if let Some(f) = self.cache.borrow().fields.get(&slot) {
            return f.clone();
        }
        let s = shape.map(|s| self.shapes.get(s));
        let f = Field {
            key: PyString::intern(self.py, key),
            pos: s.and_then(|s| s.prop_pos(key)),
            shape: s.and_then(|s| s.prop(key)),
        };
        self.cache.borrow_mut().fields.insert(slot, f.clone());
        f
    }

    fn string(&self, v: &str) -> Bound<'py, PyAny> {
        if v.len() > SHARED_MAX {
            return PyString::new(self.py, v).into_any();
        }
        if let Some(s) = self.cache.borrow().strings.get(v) {
            return s.clone().into_any();
        }
        let s = PyString::new(self.py, v);
        self.cache.borrow_mut().strings.insert(v.into(), s.clone());
        s.into_any()
    }

    fn decimal(&self, v: &str) -> PyResult<Bound<'py, PyAny>> {
        if let Some(d) = self.cache.borrow().decimals.get(v) {
            return Ok(d.clone());
        }
        let d = self.decimal.call1((v,))?;
        self.cache.borrow_mut().decimals.insert(v.into(), d.clone());
        Ok(d)
    }

    fn default_for(&self, shape: ShapeId) -> PyResult<Bound<'py, PyAny>> {
        let py = self.py;
        let s = self.shapes.get(shape);
        Ok(if s.nullable {
            py.None().into_bound(py)
        } else if s.boolean && !s.string && !s.decimal {
            PyBool::new(py, false).to_owned().into_any()
        } else if s.items.is_some() {
            PyList::empty(py).into_any()
        } else if s.values.is_some() {
            PyDict::new(py).into_any()
        } else if s.fills_defaults() {
            let d = PyDict::new(py);
            self.fill(&d, shape, 0)?;
            d.into_any()
        } else {
            py.None().into_bound(py)
        })
    }

    /// Fill in the properties of `shape` missing from `dict`; `set` marks the positions (below 64)
    /// already written.
    fn fill(&self, dict: &Bound<'py, PyDict>, shape: ShapeId, set: u64) -> PyResult<()> {
        let s = self.shapes.get(shape);
        if !self.defaults || !s.fills_defaults() || dict.len() == s.props.len() {
            return Ok(());
        }
        for (pos, (key, child)) in s.props.iter().enumerate() {
            let written = if pos < 64 {
                set & (1 << pos) != 0
            } else {
                dict.contains(key.as_str())?
            };
            if !written {
                let name = self.cache.borrow().names.get(&(shape, pos)).cloned();
                let name = match name {
                    Some(n) => n,
                    None => {
                        let n = PyString::intern(self.py, key);
                        self.cache
                            .borrow_mut()
                            .names
                            .insert((shape, pos), n.clone());
                        n
                    }
                };
                dict.set_item(name, self.default_for(*child)?)?;
            }
        }
        Ok(())
    }
}

/// A conversion error: a Python error, or a value the schema did not expect.
#[derive(Debug)]
pub enum ConvError {
    Py(PyErr),
    Msg(String),
}

impl ConvError {
    fn into_py_err(self) -> PyErr {
        match self {
            ConvError::Py(e) => e,
            ConvError::Msg(m) => pyo3::exceptions::PyRuntimeError::new_err(format!(
                "parindex: cannot convert a result to Python: {m}"
            )),
        }
    }
}

impl fmt::Display for ConvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConvError::Py(e) => write!(f, "{e}"),
            ConvError::Msg(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for ConvError {}

impl ser::Error for ConvError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        ConvError::Msg(msg.to_string())
    }
}

impl From<PyErr> for ConvError {
    fn from(e: PyErr) -> Self {
        ConvError::Py(e)
    }
}

type R<'py> = Result<Bound<'py, PyAny>, ConvError>;

#[derive(Clone, Copy)]
struct Ser<'c, 'a, 'py> {
    cx: &'c Conv<'a, 'py>,
    /// `None` when the schema says nothing about the value (converted plainly).
    shape: Option<ShapeId>,
    skip: &'a [&'a str],
}

impl<'c, 'a, 'py> Ser<'c, 'a, 'py> {
    fn at(self, shape: Option<ShapeId>) -> Self {
        Ser {
            cx: self.cx,
            shape,
            skip: &[],
        }
    }

    /// The elements of a list: the fields left out of a list are left out of each element.
    fn items(self) -> Self {
        let shape = self.shape.and_then(|s| self.cx.shapes.get(s).items);
        Ser { shape, ..self }
    }

    fn values(self) -> Self {
        self.at(self.shape.and_then(|s| self.cx.shapes.get(s).values))
    }

    fn prop(self, key: &str) -> Self {
        self.at(self.shape.and_then(|s| self.cx.shapes.get(s).prop(key)))
    }

    fn is_decimal(self) -> bool {
        self.shape.is_some_and(|s| self.cx.shapes.get(s).decimal)
    }
}

/// The integer methods of the serializer: every integer becomes a Python `int`.
macro_rules! ints {
    ($($method:ident: $t:ty),* $(,)?) => {$(
        fn $method(self, v: $t) -> R<'py> {
            let v = v.into_pyobject(self.cx.py).map_err(PyErr::from)?;
            Ok(v.into_any().into_bound())
        }
    )*};
}

impl<'c, 'a, 'py> ser::Serializer for Ser<'c, 'a, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = ConvError;
    type SerializeSeq = SeqSer<'c, 'a, 'py>;
    type SerializeTuple = SeqSer<'c, 'a, 'py>;
    type SerializeTupleStruct = SeqSer<'c, 'a, 'py>;
    type SerializeTupleVariant = VariantSer<SeqSer<'c, 'a, 'py>>;
    type SerializeMap = MapSer<'c, 'a, 'py>;
    type SerializeStruct = StructSer<'c, 'a, 'py>;
    type SerializeStructVariant = VariantSer<StructSer<'c, 'a, 'py>>;

    fn serialize_bool(self, v: bool) -> R<'py> {
        Ok(PyBool::new(self.cx.py, v).to_owned().into_any())
    }
    ints! {
        serialize_i8: i8, serialize_i16: i16, serialize_i32: i32, serialize_i64: i64,
        serialize_i128: i128, serialize_u8: u8, serialize_u16: u16, serialize_u32: u32,
        serialize_u64: u64, serialize_u128: u128,
    }
    fn serialize_f32(self, _v: f32) -> R<'py> {
        Err(ConvError::Msg("core produced a binary float".into()))
    }
    fn serialize_f64(self, _v: f64) -> R<'py> {
        Err(ConvError::Msg("core produced a binary float".into()))
    }
    fn serialize_char(self, v: char) -> R<'py> {
        let mut buf = [0u8; 4];
        self.serialize_str(v.encode_utf8(&mut buf))
    }
    fn serialize_str(self, v: &str) -> R<'py> {
        if self.is_decimal() {
            Ok(self.cx.decimal(v)?)
        } else {
            Ok(self.cx.string(v))
        }
    }
    fn serialize_bytes(self, v: &[u8]) -> R<'py> {
        Ok(PyBytes::new(self.cx.py, v).into_any())
    }
    fn serialize_none(self) -> R<'py> {
        Ok(self.cx.py.None().into_bound(self.cx.py))
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> R<'py> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> R<'py> {
        self.serialize_none()
    }
    fn serialize_unit_struct(self, _name: &'static str) -> R<'py> {
        self.serialize_none()
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> R<'py> {
        Ok(self.cx.string(variant))
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> R<'py> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> R<'py> {
        let d = PyDict::new(self.cx.py);
        d.set_item(variant, value.serialize(self.prop(variant))?)?;
        Ok(d.into_any())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<SeqSer<'c, 'a, 'py>, ConvError> {
        Ok(SeqSer {
            ser: self.items(),
            list: PyList::empty(self.cx.py),
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<SeqSer<'c, 'a, 'py>, ConvError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<SeqSer<'c, 'a, 'py>, ConvError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self::SerializeTupleVariant, ConvError> {
        Ok(VariantSer {
            variant,
            inner: self.prop(variant).serialize_seq(Some(len))?,
        })
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<MapSer<'c, 'a, 'py>, ConvError> {
        Ok(MapSer {
            ser: self.values(),
            dict: PyDict::new(self.cx.py),
            key: None,
        })
    }
    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<StructSer<'c, 'a, 'py>, ConvError> {
        Ok(StructSer {
            ser: self,
            dict: PyDict::new(self.cx.py),
            set: 0,
        })
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self::SerializeStructVariant, ConvError> {
        Ok(VariantSer {
            variant,
            inner: self.prop(variant).serialize_struct(variant, len)?,
        })
    }
}

pub struct SeqSer<'c, 'a, 'py> {
    ser: Ser<'c, 'a, 'py>,
    list: Bound<'py, PyList>,
}

impl<'c, 'a, 'py> ser::SerializeSeq for SeqSer<'c, 'a, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = ConvError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ConvError> {
        self.list.append(value.serialize(self.ser)?)?;
        Ok(())
    }
    fn end(self) -> R<'py> {
        Ok(self.list.into_any())
    }
}

impl<'c, 'a, 'py> ser::SerializeTuple for SeqSer<'c, 'a, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = ConvError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ConvError> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> R<'py> {
        ser::SerializeSeq::end(self)
    }
}

impl<'c, 'a, 'py> ser::SerializeTupleStruct for SeqSer<'c, 'a, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = ConvError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ConvError> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> R<'py> {
        ser::SerializeSeq::end(self)
    }
}

pub struct MapSer<'c, 'a, 'py> {
    ser: Ser<'c, 'a, 'py>,
    dict: Bound<'py, PyDict>,
    key: Option<Bound<'py, PyAny>>,
}

impl<'c, 'a, 'py> ser::SerializeMap for MapSer<'c, 'a, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = ConvError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), ConvError> {
        // Keys are plain (map keys are ids and codes, never decimals).
        self.key = Some(key.serialize(self.ser.at(None))?);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ConvError> {
        let key = self
            .key
            .take()
            .ok_or_else(|| ConvError::Msg("a map value without a key".into()))?;
        self.dict.set_item(key, value.serialize(self.ser)?)?;
        Ok(())
    }
    fn end(self) -> R<'py> {
        Ok(self.dict.into_any())
    }
}

pub struct StructSer<'c, 'a, 'py> {
    ser: Ser<'c, 'a, 'py>,
    dict: Bound<'py, PyDict>,
    /// Positions (below 64) of the shape's properties written so far.
    set: u64,
}

impl<'c, 'a, 'py> ser::SerializeStruct for StructSer<'c, 'a, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = ConvError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), ConvError> {
        if self.ser.skip.contains(&key) {
            return Ok(());
        }
        let f = self.ser.cx.field(self.ser.shape, key);
        if let Some(pos) = f.pos.filter(|p| *p < 64) {
            self.set |= 1 << pos;
        }
        self.dict
            .set_item(f.key, value.serialize(self.ser.at(f.shape))?)?;
        Ok(())
    }
    fn end(self) -> R<'py> {
        if let Some(shape) = self.ser.shape {
            if self.ser.skip.is_empty() {
                self.ser.cx.fill(&self.dict, shape, self.set)?;
            }
        }
        Ok(self.dict.into_any())
    }
}

pub struct VariantSer<S> {
    variant: &'static str,
    inner: S,
}

impl<'c, 'a, 'py> ser::SerializeTupleVariant for VariantSer<SeqSer<'c, 'a, 'py>> {
    type Ok = Bound<'py, PyAny>;
    type Error = ConvError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ConvError> {
        ser::SerializeSeq::serialize_element(&mut self.inner, value)
    }
    fn end(self) -> R<'py> {
        let py = self.inner.ser.cx.py;
        let d = PyDict::new(py);
        d.set_item(self.variant, ser::SerializeSeq::end(self.inner)?)?;
        Ok(d.into_any())
    }
}

impl<'c, 'a, 'py> ser::SerializeStructVariant for VariantSer<StructSer<'c, 'a, 'py>> {
    type Ok = Bound<'py, PyAny>;
    type Error = ConvError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), ConvError> {
        ser::SerializeStruct::serialize_field(&mut self.inner, key, value)
    }
    fn end(self) -> R<'py> {
        let py = self.inner.ser.cx.py;
        let d = PyDict::new(py);
        d.set_item(self.variant, ser::SerializeStruct::end(self.inner)?)?;
        Ok(d.into_any())
    }
}
