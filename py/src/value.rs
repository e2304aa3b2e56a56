//! The core's value trees and frames → Python: decimals as `decimal.Decimal` (one object per
//! distinct text), integers as `int`, objects as dicts; a frame as its column names, column types
//! (tuples: `("decimal", p, s)`, `("list", t)`, `("struct", [(name, t)…])`, `("str",)`…; `None`
//! when the values decide) and columns (lists).

use crate::topy::decimal_type;
use parindex::api::frame::{Column, ColumnType};
use parindex::api::tree::Value;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyTuple};
use std::collections::HashMap;

/// A conversion, sharing equal decimals.
struct Conv<'py> {
    py: Python<'py>,
    decimal: Bound<'py, pyo3::types::PyType>,
    decimals: HashMap<String, Bound<'py, PyAny>>,
}

impl<'py> Conv<'py> {
    fn value(&mut self, v: &Value) -> PyResult<Bound<'py, PyAny>> {
        let py = self.py;
        Ok(match v {
            Value::Null => py.None().into_bound(py),
            Value::Bool(b) => b.into_pyobject(py)?.to_owned().into_any(),
            // Through i64 when it fits: the 128-bit conversion of the stable ABI goes through bytes.
            Value::Int(i) => match i64::try_from(*i) {
                Ok(small) => small.into_pyobject(py)?.into_any(),
                Err(_) => i.into_pyobject(py)?.into_any(),
            },
            Value::Str(s) => s.into_pyobject(py)?.into_any(),
            Value::Decimal(d) => match self.decimals.get(d.as_str()) {
                Some(x) => x.clone(),
                None => {
                    let x = self.decimal.call1((d.as_str(),))?;
                    self.decimals.insert(d.to_string(), x.clone());
                    x
                }
            },
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
                    dict.set_item(k.as_ref(), self.value(x)?)?;
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
pub fn frame<'py>(py: Python<'py>, columns: &[Column]) -> PyResult<Bound<'py, PyTuple>> {
    let mut conv = Conv {
        py,
        decimal: decimal_type(py)?.clone(),
        decimals: HashMap::new(),
    };
    let (names, types, values) = (PyList::empty(py), PyList::empty(py), PyList::empty(py));
    for c in columns {
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
