//! The core's values → Python objects. The core writes a result (a definition, a dossier) as a
//! tape of tokens guided by its schema (`parindex::api::tree`: decimals marked, missing optional
//! fields filled in); this module only makes the Python objects of the tokens: decimals become
//! `decimal.Decimal`, integers `int`, objects dicts. A frame (`parindex::api::frame`) becomes its
//! column names, column types (tuples: `("decimal", p, s)`, `("list", t)`, `("struct", [(name,
//! t)…])`, `("str",)`…; `None` when the values decide) and columns (lists).
//!
//! A conversion shares equal objects: field names, and equal short strings and decimals (codes,
//! labels, statuses, `Decimal("0.00")`) are created once and reused, which keeps large results fast
//! and small. The cyclic garbage collector is paused while a conversion runs (it only creates
//! acyclic containers).

use parindex::api::frame::{Column, ColumnType};
use parindex::api::shape::{ShapeId, Shapes};
use parindex::api::tree::{Tape, Tok, Tree, TreeError, Value};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyDict, PyList, PyModule, PyString, PyTuple, PyType};
use rustc_hash::FxHashMap;
use serde::Serialize;
use std::cell::RefCell;

static DECIMAL: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// The `decimal.Decimal` class.
pub fn decimal_type(py: Python<'_>) -> PyResult<&Bound<'_, PyType>> {
    DECIMAL.import(py, "decimal", "Decimal")
}

static GC: PyOnceLock<Py<PyModule>> = PyOnceLock::new();

/// Strings longer than this are not looked up in the cache (ids and codes are short; labels are
/// repeated across units and worth sharing).
const SHARED_MAX: usize = 512;

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

/// A value of the engine the schema did not expect (a bug).
pub fn tree_error(e: TreeError) -> PyErr {
    pyo3::exceptions::PyRuntimeError::new_err(format!("parindex: {e}"))
}

/// A conversion in progress.
pub struct Conv<'a, 'py> {
    py: Python<'py>,
    tree: Tree<'a>,
    decimal: Bound<'py, PyType>,
    strings: RefCell<FxHashMap<Box<str>, Bound<'py, PyString>>>,
    /// Field names by the address and length of their text.
    keys: RefCell<FxHashMap<(usize, usize), Bound<'py, PyString>>>,
    decimals: RefCell<FxHashMap<Box<str>, Bound<'py, PyAny>>>,
    /// The tape of the value being converted, its memory reused by the next.
    tape: RefCell<Tape<'a>>,
}

impl<'a, 'py> Conv<'a, 'py> {
    /// A conversion that fills in missing optional fields (`None`, `[]`, `{}`, `False`).
    pub fn new(py: Python<'py>, shapes: &'a Shapes) -> PyResult<Self> {
        Self::with(py, Tree::new(shapes))
    }

    /// A conversion that keeps objects as serialised (absent optional fields stay absent).
    pub fn as_written(py: Python<'py>, shapes: &'a Shapes) -> PyResult<Self> {
        Self::with(py, Tree::as_written(shapes))
    }

    pub fn py(&self) -> Python<'py> {
        self.py
    }

    fn with(py: Python<'py>, tree: Tree<'a>) -> PyResult<Self> {
        Ok(Conv {
            py,
            tree,
            decimal: decimal_type(py)?.clone(),
            strings: RefCell::default(),
            keys: RefCell::default(),
            decimals: RefCell::default(),
            tape: RefCell::default(),
        })
    }

    /// Convert `value`, whose schema is `shape`.
    pub fn convert<T: Serialize + ?Sized>(
        &self,
        value: &T,
        shape: ShapeId,
    ) -> PyResult<Bound<'py, PyAny>> {
        self.convert_parts(value, shape, &[], &[])
    }

    /// Convert `value` without the named top-level fields in `skip` (a unit's `nodes`; those of
    /// each element when `value` is a list), and with `None` in place of those in `holes`, for
    /// the caller to set (a dict keeps a key's place when its value is replaced).
    pub fn convert_parts<T: Serialize + ?Sized>(
        &self,
        value: &T,
        shape: ShapeId,
        skip: &[&str],
        holes: &[&str],
    ) -> PyResult<Bound<'py, PyAny>> {
        let mut tape = self.tape.borrow_mut();
        (self.tree.tape_into(&mut tape, value, shape, skip, holes)).map_err(tree_error)?;
        let _gc = GcPause::new(self.py)?;
        self.read(&tape, &mut 0)
    }

    fn string(&self, v: &str) -> Bound<'py, PyString> {
        if v.len() > SHARED_MAX {
            return PyString::new(self.py, v);
        }
        if let Some(s) = self.strings.borrow().get(v) {
            return s.clone();
        }
        let s = PyString::new(self.py, v);
        self.strings.borrow_mut().insert(v.into(), s.clone());
        s
    }

    fn key(&self, name: &str) -> Bound<'py, PyString> {
        let slot = (name.as_ptr() as usize, name.len());
        if let Some(s) = self.keys.borrow().get(&slot) {
            return s.clone();
        }
        let s = PyString::intern(self.py, name);
        self.keys.borrow_mut().insert(slot, s.clone());
        s
    }

    fn decimal(&self, v: &str) -> PyResult<Bound<'py, PyAny>> {
        if let Some(d) = self.decimals.borrow().get(v) {
            return Ok(d.clone());
        }
        let d = self.decimal.call1((v,))?;
        self.decimals.borrow_mut().insert(v.into(), d.clone());
        Ok(d)
    }

    fn int(&self, digits: &str) -> PyResult<Bound<'py, PyAny>> {
        let int = self.py.get_type::<pyo3::types::PyInt>();
        int.call1((digits,))
    }

    /// The value at token `at` of `tape`; `at` moves past it.
    fn read(&self, tape: &Tape<'_>, at: &mut usize) -> PyResult<Bound<'py, PyAny>> {
        let py = self.py;
        let tok = tape.toks.get(*at).copied().unwrap_or(Tok::Null);
        *at += 1;
        Ok(match tok {
            Tok::Null | Tok::Field(_) | Tok::Key(..) | Tok::Hole => py.None().into_bound(py),
            Tok::Bool(b) => PyBool::new(py, b).to_owned().into_any(),
            Tok::Int(i) => i.into_pyobject(py)?.into_any(),
            Tok::BigInt(s, l) => self.int(tape.str(s, l))?,
            Tok::Str(s, l) => self.string(tape.str(s, l)).into_any(),
            Tok::Decimal(s, l) => self.decimal(tape.str(s, l))?,
            Tok::List(n) => {
                let list = PyList::empty(py);
                for _ in 0..n {
                    list.append(self.read(tape, at)?)?;
                }
                list.into_any()
            }
            Tok::Map(n) => {
                let dict = PyDict::new(py);
                for _ in 0..n {
                    let key = match tape.toks.get(*at) {
                        Some(Tok::Field(name)) => self.key(name),
                        Some(Tok::Key(s, l)) => self.string(tape.str(*s, *l)),
                        _ => self.string(""),
                    };
                    *at += 1;
                    dict.set_item(key, self.read(tape, at)?)?;
                }
                dict.into_any()
            }
        })
    }

    /// A value of a frame.
    fn value(&self, v: &Value) -> PyResult<Bound<'py, PyAny>> {
        let py = self.py;
        Ok(match v {
            Value::Null => py.None().into_bound(py),
            Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
            Value::Int(i) => match i64::try_from(*i) {
                Ok(small) => small.into_pyobject(py)?.into_any(),
                Err(_) => self.int(&i.to_string())?,
            },
            Value::Str(s) => self.string(s).into_any(),
            Value::Decimal(d) => self.decimal(d)?,
            Value::List(items) => {
                let list = PyList::empty(py);
                for x in items {
                    list.append(self.value(x)?)?;
                }
                list.into_any()
            }
            Value::Map(fields) => {
                let dict = PyDict::new(py);
                for (k, x) in fields {
                    dict.set_item(self.string(k), self.value(x)?)?;
                }
                dict.into_any()
            }
        })
    }
}

fn column_type<'py>(py: Python<'py>, t: &ColumnType) -> PyResult<Bound<'py, PyAny>> {
    Ok(match t {
        ColumnType::Decimal { precision, scale } => {
            ("decimal", precision, scale).into_pyobject(py)?.into_any()
        }
        ColumnType::Bool => ("bool",).into_pyobject(py)?.into_any(),
        ColumnType::Int => ("int",).into_pyobject(py)?.into_any(),
        ColumnType::Str => ("str",).into_pyobject(py)?.into_any(),
        ColumnType::List(of) => ("list", column_type(py, of)?).into_pyobject(py)?.into_any(),
        ColumnType::Struct(fields) => {
            let list = PyList::empty(py);
            for (name, t) in fields {
                list.append((name, column_type(py, t)?))?;
            }
            ("struct", list).into_pyobject(py)?.into_any()
        }
    })
}

/// A frame as `(names, types, columns)`.
pub fn frame<'py>(
    py: Python<'py>,
    columns: Result<Vec<Column>, TreeError>,
) -> PyResult<Bound<'py, PyTuple>> {
    let columns = columns.map_err(tree_error)?;
    let none = Shapes::default();
    let conv = Conv::new(py, &none)?;
    let _gc = GcPause::new(py)?;
    let (names, types, values) = (PyList::empty(py), PyList::empty(py), PyList::empty(py));
    for c in &columns {
        names.append(&c.name)?;
        match &c.kind {
            Some(t) => types.append(column_type(py, t)?)?,
            None => types.append(py.None())?,
        }
        let list = PyList::empty(py);
        for v in &c.values {
            list.append(conv.value(v)?)?;
        }
        values.append(list)?;
    }
    (names, types, values).into_pyobject(py)
}
