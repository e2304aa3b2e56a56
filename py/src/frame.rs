//! A data frame in the fact-table shape: its columns' Python values turned into the core's cells
//! (`parindex::table::Cell`), read and scored by the core's fact-table reader. Conversion only:
//! which cell a value is read as, and every refusal, is the core's.

use parindex::table::{Cell, FactTable, Grid, ReadOptions};
use parindex::{BatchOptions, BatchResult, RuleSet};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyFloat, PyInt, PyList, PyString};

/// One Python value as a cell. `None` is empty (the caller passes every missing value — NaN,
/// `pd.NA`, `NaT` — as `None`); a value of no column's type is an error value, refused by the
/// core as a cell holding no value.
pub(crate) fn cell(v: &Bound<'_, PyAny>, shortest: bool) -> PyResult<Cell> {
    if v.is_none() {
        return Ok(Cell::Empty);
    }
    if let Ok(b) = v.cast::<PyBool>() {
        return Ok(Cell::Bool(b.is_true()));
    }
    if v.is_instance_of::<PyInt>() {
        return Ok(match v.extract::<i64>() {
            Ok(i) => Cell::Int(i),
            Err(_) => Cell::Text(v.str()?.to_string()),
        });
    }
    if let Ok(f) = v.cast::<PyFloat>() {
        let x = f.value();
        if x.is_nan() {
            return Ok(Cell::Empty);
        }
        return Ok(if shortest {
            Cell::Number(x)
        } else {
            Cell::Float(x)
        });
    }
    if let Ok(s) = v.cast::<PyString>() {
        // A lone surrogate is no text: the cell refuses its row, shown as Python shows it.
        return Ok(match s.to_cow() {
            Ok(text) => Cell::Text(text.into_owned()),
            Err(_) => Cell::Error(v.repr()?.to_string()),
        });
    }
    let ty = v.get_type();
    let module: String = ty.module()?.to_string();
    let name: String = ty.name()?.to_string();
    match (module.as_str(), name.as_str()) {
        // A decimal's digits, exactly, without an exponent.
        ("decimal", "Decimal") => {
            if v.call_method0("is_nan")?.is_truthy()? {
                return Ok(Cell::Empty);
            }
            Ok(Cell::Text(v.call_method1("__format__", ("f",))?.extract()?))
        }
        ("numpy", _) if v.hasattr("item")? => cell(&v.call_method0("item")?, shortest),
        ("datetime", _) | ("pandas", "Timestamp" | "Timedelta") => {
            Ok(Cell::Date(v.str()?.to_string()))
        }
        _ => Ok(Cell::Error(format!("a value of type {module}.{name}"))),
    }
}

/// What a frame says of its batch beyond its rows: the batch's `title` and `synthetic` flag
/// (`None`: as the table's rows say).
pub struct About {
    pub title: Option<String>,
    pub synthetic: Option<bool>,
}

/// Scores the frame given as its column names and its columns' values (lists of one length).
pub fn score(
    py: Python<'_>,
    rs: &RuleSet,
    header: Vec<String>,
    columns: Vec<Bound<'_, PyList>>,
    shortest: bool,
    about: About,
    opts: BatchOptions,
) -> PyResult<BatchResult> {
    let mut cells = Vec::with_capacity(columns.len());
    for col in &columns {
        let mut c = Vec::with_capacity(col.len());
        for v in col.iter() {
            c.push(cell(&v, shortest)?);
        }
        cells.push(c);
    }
    let read = ReadOptions {
        limits: opts.limits,
        ..ReadOptions::default()
    };
    py.detach(|| {
        let mut t = FactTable::from_grid(rs, Grid::from_columns(header, cells), &read)?;
        t.title = about.title;
        t.synthetic = about.synthetic;
        t.score(rs, opts)
    })
    .map_err(crate::errors::to_py)
}

/// Scores Arrow data given through the PyCapsule interface, read in place by the core (the
/// imported buffers are the table's columns; see `crate::arrow`).
pub fn score_arrow(
    py: Python<'_>,
    rs: &RuleSet,
    data: &Bound<'_, PyAny>,
    shortest: bool,
    about: About,
    opts: BatchOptions,
) -> PyResult<BatchResult> {
    let (header, columns) = crate::arrow::columns(data)?;
    let read = ReadOptions {
        limits: opts.limits,
        ..ReadOptions::default()
    };
    py.detach(|| {
        let mut t = FactTable::from_arrow(rs, header, columns, &read, shortest)?;
        t.title = about.title;
        t.synthetic = about.synthetic;
        t.score(rs, opts)
    })
    .map_err(crate::errors::to_py)
}
