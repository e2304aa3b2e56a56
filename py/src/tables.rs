//! Spreadsheets and documents in and out (the core's `parindex::table`, as the command line and
//! the npm package's `parindex/tables` use it): bytes in, bytes out, errors mapped. Which cell is
//! read as what, every refusal and every figure of a form is the core's.

use crate::errors::{self, shielded};
use crate::frompy::Failure;
use crate::topy::Conv;
use crate::{NativeBatch, NativeRuleSet};
use parindex::api::Kind;
use parindex::table::{
    self, Cell, FactTable, FileOptions, FormOptions, LongFacts, LongTable, LongValue, ReadOptions,
};
use parindex::{BatchOptions, RuleSet};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyDict, PyList, PyString, PyTuple};
use std::sync::Arc;

/// A file's bytes: `bytes`, `bytearray` or a file (`os.PathLike`), within the size limit.
fn file_bytes(obj: &Bound<'_, PyAny>) -> Result<Vec<u8>, Failure> {
    let limits = crate::limits();
    if let Ok(b) = obj.cast::<PyBytes>() {
        limits.check_size(b.as_bytes().len())?;
        return Ok(b.as_bytes().to_vec());
    }
    if let Ok(b) = obj.cast::<PyByteArray>() {
        limits.check_size(b.len())?;
        return Ok(b.to_vec());
    }
    if let Some(bytes) = crate::path_bytes(obj, &limits)? {
        return Ok(bytes);
    }
    Err(Failure::Py(PyTypeError::new_err(format!(
        "a file is given as bytes or a pathlib.Path, not {}",
        obj.get_type().name()?
    ))))
}

/// A fact table from a file (XLSX or CSV, told by its content; a filled template included).
fn read_table(
    py: Python<'_>,
    rs: &RuleSet,
    data: &Bound<'_, PyAny>,
    decimal_comma: bool,
    delimiter: Option<&str>,
) -> PyResult<FactTable> {
    let bytes = file_bytes(data)?;
    let opts = FileOptions {
        decimal_comma,
        delimiter,
        limits: crate::limits(),
    };
    py.detach(|| table::read_file(rs, &bytes, &opts))
        .map_err(errors::to_py)
}

/// The input workbook (XLSX) of a group.
#[pyfunction]
#[pyo3(signature = (ruleset, group, lang = None))]
pub fn table_template<'py>(
    py: Python<'py>,
    ruleset: &Bound<'py, NativeRuleSet>,
    group: &str,
    lang: Option<&str>,
) -> PyResult<Bound<'py, PyBytes>> {
    shielded(|| {
        let lang = errors::lang_named(lang)?;
        let rs = &ruleset.get().inner;
        let bytes = py
            .detach(|| table::template(rs, group, lang))
            .map_err(errors::to_py)?;
        Ok(PyBytes::new(py, &bytes))
    })
}

/// A file read as the batch of the units that read and score (input values, decimals as
/// `Decimal`) and the refusals of the other rows (unit errors).
#[pyfunction]
#[pyo3(signature = (ruleset, data, decimal_comma = false, delimiter = None))]
pub fn table_read<'py>(
    py: Python<'py>,
    ruleset: &Bound<'py, NativeRuleSet>,
    data: &Bound<'py, PyAny>,
    decimal_comma: bool,
    delimiter: Option<&str>,
) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyAny>)> {
    shielded(|| {
        let rs = &ruleset.get().inner;
        let bytes = file_bytes(data)?;
        let opts = FileOptions {
            decimal_comma,
            delimiter,
            limits: crate::limits(),
        };
        let (batch, refused) = py
            .detach(|| table::read_file_batch(rs, &bytes, &opts))
            .map_err(errors::to_py)?;
        let (inputs, _) = crate::workflow::input_unit_shapes()?;
        let batch = Conv::as_written(py, inputs)?.convert(&batch, parindex::api::shape::ROOT)?;
        let s = crate::result_shapes()?;
        let refused = Conv::new(py, &s.shapes)?.convert(&refused, s.errors)?;
        Ok((batch, refused))
    })
}

/// A file scored as the core scores a fact table: every row's unit, a bad one in the errors.
#[pyfunction]
#[pyo3(signature = (ruleset, data, decimal_comma = false, delimiter = None, keep_nodes = true))]
pub fn table_score(
    py: Python<'_>,
    ruleset: &Bound<'_, NativeRuleSet>,
    data: &Bound<'_, PyAny>,
    decimal_comma: bool,
    delimiter: Option<&str>,
    keep_nodes: bool,
) -> PyResult<NativeBatch> {
    shielded(|| {
        let rs = &ruleset.get().inner;
        let t = read_table(py, rs, data, decimal_comma, delimiter)?;
        let opts = BatchOptions {
            keep_nodes,
            limits: crate::limits(),
        };
        let result = py.detach(|| t.score(rs, opts)).map_err(errors::to_py)?;
        Ok(NativeBatch::new(result))
    })
}

/// One value of a long-format table: a list, tuple or dict (a data frame's cell holding one) as
/// a list or map of values, anything else as a cell ([`crate::frame::cell`]; a float as a float,
/// read by no one). A dict with a key that is no `str` is an error value. Lists and dicts are
/// followed `level` by `level` down to `max` levels: one deeper is kept as an empty list, which
/// the core refuses as too deep (it counts the levels above the cell as well).
fn long_value(v: &Bound<'_, PyAny>, level: usize, max: usize) -> PyResult<LongValue> {
    let nested = v.is_instance_of::<PyList>() || v.is_instance_of::<PyTuple>();
    if (nested || v.is_instance_of::<PyDict>()) && level > max {
        return Ok(LongValue::List(Vec::new()));
    }
    if nested {
        let items = v.try_iter()?.map(|x| long_value(&x?, level + 1, max));
        return items.collect::<PyResult<_>>().map(LongValue::List);
    }
    if let Ok(d) = v.cast::<PyDict>() {
        let mut map = Vec::with_capacity(d.len());
        for (k, x) in d.iter() {
            let Some(key) = k.cast::<PyString>().ok().and_then(|k| k.to_cow().ok()) else {
                let what = format!("a dict with the key {}", k.repr()?);
                return Ok(LongValue::Cell(Cell::Error(what)));
            };
            map.push((key.into_owned(), long_value(&x, level + 1, max)?));
        }
        return Ok(LongValue::Map(map));
    }
    Ok(LongValue::Cell(crate::frame::cell(v, false)?))
}

/// A table given as its column names and its columns' values (`_pandas.table_columns`).
fn long_table(
    (header, columns): (Vec<String>, Vec<Bound<'_, PyList>>),
    max: usize,
) -> PyResult<LongTable> {
    let columns = (columns.iter())
        .map(|c| c.iter().map(|v| long_value(&v, 1, max)).collect())
        .collect::<PyResult<_>>()?;
    Ok(LongTable::new(header, columns))
}

/// Long-format facts (and a units table), each given as its column names and its columns'
/// values, scored by the core as the batch their rows stand for: a bad row refuses its unit, in
/// the result's errors.
#[pyfunction]
#[pyo3(signature = (ruleset, facts, units = None, title = None, synthetic = false, keep_nodes = true))]
pub fn table_score_long(
    py: Python<'_>,
    ruleset: &Bound<'_, NativeRuleSet>,
    facts: (Vec<String>, Vec<Bound<'_, PyList>>),
    units: Option<(Vec<String>, Vec<Bound<'_, PyList>>)>,
    title: Option<String>,
    synthetic: bool,
    keep_nodes: bool,
) -> PyResult<NativeBatch> {
    shielded(|| {
        let rs = &ruleset.get().inner;
        let limits = crate::limits();
        let facts = long_table(facts, limits.max_depth)?;
        let units = units.map(|u| long_table(u, limits.max_depth)).transpose()?;
        let opts = BatchOptions { keep_nodes, limits };
        let result = py
            .detach(|| {
                let mut long = LongFacts::read(&facts, units.as_ref(), &limits)?;
                long.title = title;
                long.synthetic = synthetic;
                long.score(rs, opts)
            })
            .map_err(errors::to_py)?;
        Ok(NativeBatch::new(result))
    })
}

/// Whether a frame of these column names is the long format (`score_long_frame`'s) rather than
/// the fact table.
#[pyfunction]
pub fn table_is_long(header: Vec<String>) -> PyResult<bool> {
    shielded(|| Ok(parindex::table::LongTable::is_long(&header)))
}

/// One unit of a batch scored with its explanation, as `explain` gives it, then its form:
/// `report` true for form 01 (DOCX), else the self-scoring table of its group (XLSX).
#[pyfunction]
#[pyo3(signature = (ruleset, batch, unit_id, report, lang = None, report_number = None, place = None, date = None))]
#[allow(clippy::too_many_arguments)]
pub fn table_form<'py>(
    py: Python<'py>,
    ruleset: &Bound<'py, NativeRuleSet>,
    batch: &Bound<'py, PyAny>,
    unit_id: &str,
    report: bool,
    lang: Option<&str>,
    report_number: Option<String>,
    place: Option<String>,
    date: Option<String>,
) -> PyResult<Bound<'py, PyBytes>> {
    shielded(|| {
        let opts = FormOptions {
            lang: errors::lang_named(lang)?,
            report_number,
            place,
            date,
        };
        let text = crate::json_source(batch, Kind::Batch)?;
        let rs = &ruleset.get().inner;
        let limits = crate::limits();
        let bytes = py
            .detach(|| table::unit_form(rs, &text, unit_id, report, &opts, &limits))
            .map_err(|e| crate::text_error(batch, e))?;
        Ok(PyBytes::new(py, &bytes))
    })
}

/// A batch (or no unit) written as the fact table, `"xlsx"` or `"csv"`.
#[pyfunction]
#[pyo3(signature = (ruleset, batch = None, format = "xlsx"))]
pub fn table_facts<'py>(
    py: Python<'py>,
    ruleset: &Bound<'py, NativeRuleSet>,
    batch: Option<&Bound<'py, PyAny>>,
    format: &str,
) -> PyResult<Bound<'py, PyBytes>> {
    shielded(|| {
        let text = batch
            .map(|b| crate::json_source(b, Kind::Batch))
            .transpose()?;
        let rs = &ruleset.get().inner;
        let limits = crate::limits();
        let bytes = py
            .detach(|| table::fact_file(rs, text.as_deref(), format, &limits))
            .map_err(|e| match batch {
                Some(b) => crate::text_error(b, e),
                None => errors::to_py(e),
            })?;
        Ok(PyBytes::new(py, &bytes))
    })
}

/// The rule set as a workbook (XLSX).
#[pyfunction]
pub fn table_rubric<'py>(
    py: Python<'py>,
    ruleset: &Bound<'py, NativeRuleSet>,
) -> PyResult<Bound<'py, PyBytes>> {
    shielded(|| {
        let rs = &ruleset.get().inner;
        let bytes = py.detach(|| table::rubric(rs)).map_err(errors::to_py)?;
        Ok(PyBytes::new(py, &bytes))
    })
}

/// A rule set from its workbook, checked as a JSON rule set is.
#[pyfunction]
pub fn table_read_rubric(py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<NativeRuleSet> {
    shielded(|| {
        let bytes = file_bytes(data)?;
        let opts = ReadOptions {
            limits: crate::limits(),
            ..Default::default()
        };
        let rs = py
            .detach(|| table::read_rubric(&bytes, &opts))
            .map_err(errors::to_py)?;
        Ok(NativeRuleSet {
            inner: Arc::new(rs),
        })
    })
}
