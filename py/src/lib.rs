//! `parindex._parindex`: the native half of the Python package `parindex`.
//!
//! A thin layer over `parindex::api`: it turns Python values into the JSON text core reads (refusing
//! floats), calls core with the GIL released, turns core's results into Python values (decimals as
//! `decimal.Decimal`, guided by core's generated JSON Schema) and maps core's errors to exceptions.
//! Every rule lives in core; the typed Python classes live in `python/parindex/`.

mod errors;
mod form;
mod frompy;
mod shape;
mod topy;
mod workflow;

use frompy::{Failure, Family};
use parindex::api;
use parindex::batch::{self, BatchOptions, BatchResult};
use parindex::ruleset::RuleSet;
use pyo3::exceptions::{PyIndexError, PyOSError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString, PyTuple};
use shape::{ShapeId, Shapes, ROOT};
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};
use topy::Conv;

/// Compiled result schema and the shapes of its parts.
struct ResultShapes {
    shapes: Shapes,
    receipt: ShapeId,
    unit: ShapeId,
    node: ShapeId,
    error: ShapeId,
    block: ShapeId,
}

fn result_shapes() -> PyResult<&'static ResultShapes> {
    static CELL: OnceLock<Option<ResultShapes>> = OnceLock::new();
    CELL.get_or_init(|| {
        let shapes = Shapes::compile(&parindex::schema::result_schema());
        Some(ResultShapes {
            receipt: shapes.at(&["receipt"])?,
            unit: shapes.at(&["units", "[]"])?,
            node: shapes.at(&["units", "[]", "nodes", "[]"])?,
            error: shapes.at(&["errors", "[]"])?,
            block: shapes.at(&["ranking", "[]"])?,
            shapes,
        })
    })
    .as_ref()
    .ok_or_else(|| {
        pyo3::exceptions::PyRuntimeError::new_err(
            "parindex: the result schema lacks receipt, units, nodes, errors or ranking",
        )
    })
}

fn ruleset_shapes() -> &'static Shapes {
    static CELL: OnceLock<Shapes> = OnceLock::new();
    CELL.get_or_init(|| Shapes::compile(&parindex::schema::ruleset_schema()))
}

fn read_file(path: &str, family: Family) -> Result<String, Failure> {
    match std::fs::read(path) {
        Ok(bytes) => String::from_utf8(bytes).map_err(|e| {
            let message = format!("{path} is not UTF-8 text: {e}");
            Failure::Core(family.error("utf8", "$".into(), message))
        }),
        Err(e) => Err(Failure::Py(PyOSError::new_err((
            e.raw_os_error().unwrap_or(0),
            e.to_string(),
            path.to_string(),
        )))),
    }
}

/// JSON text from what a caller passed: JSON text (a `str` starting with `{`), `bytes`, a path
/// (`str` or `os.PathLike`) or Python values (dicts, lists, str, int, bool, None, Decimal).
fn json_source(obj: &Bound<'_, PyAny>, family: Family) -> Result<String, Failure> {
    if let Ok(s) = obj.cast::<PyString>() {
        let s = s.to_cow()?;
        if s.trim_start().starts_with('{') {
            return Ok(s.into_owned());
        }
        return read_file(&s, family);
    }
    if let Ok(b) = obj.cast::<PyBytes>() {
        return String::from_utf8(b.as_bytes().to_vec()).map_err(|e| {
            let message = format!("the bytes are not UTF-8 JSON text: {e}");
            Failure::Core(family.error("utf8", "$".into(), message))
        });
    }
    if obj.hasattr("__fspath__")? {
        let path = obj.call_method0("__fspath__")?;
        let path = path
            .cast::<PyString>()
            .map_err(|_| PyValueError::new_err("parindex reads str paths, not bytes paths"))?
            .to_cow()?
            .into_owned();
        return read_file(&path, family);
    }
    frompy::to_json(obj, family)
}

fn json_text(obj: &Bound<'_, PyAny>, family: Family) -> PyResult<String> {
    json_source(obj, family).map_err(errors::failure)
}

/// A validated rule set.
#[pyclass(frozen, name = "NativeRuleSet", module = "parindex._parindex")]
pub(crate) struct NativeRuleSet {
    pub(crate) inner: Arc<RuleSet>,
}

#[pymethods]
impl NativeRuleSet {
    /// A built-in rule set by id.
    #[staticmethod]
    fn builtin(py: Python<'_>, id: &str) -> PyResult<Self> {
        let rs = py
            .detach(|| parindex::builtin::ruleset(id))
            .map_err(errors::to_py)?;
        Ok(NativeRuleSet {
            inner: Arc::new(rs),
        })
    }

    /// A rule set from JSON text, a path or Python values.
    #[staticmethod]
    fn load(py: Python<'_>, source: &Bound<'_, PyAny>) -> PyResult<Self> {
        let text = json_text(source, Family::RuleSet)?;
        let rs = py
            .detach(|| RuleSet::from_json(&text))
            .map_err(errors::to_py)?;
        Ok(NativeRuleSet {
            inner: Arc::new(rs),
        })
    }

    #[getter]
    fn id(&self) -> &str {
        self.inner.id()
    }

    #[getter]
    fn sha256(&self) -> &str {
        self.inner.sha256()
    }

    #[getter]
    fn provisional(&self) -> bool {
        self.inner.is_provisional()
    }

    #[getter]
    fn notice(&self) -> Option<String> {
        self.inner.notice()
    }

    /// The rule set's canonical JSON text.
    fn to_json(&self) -> String {
        self.inner.to_json()
    }

    /// The rule set's definition as Python values (decimals as `Decimal`).
    fn definition<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Conv::as_written(py, ruleset_shapes())?.convert(self.inner.def(), ROOT)
    }

    /// Score a batch; `keep_nodes=False` drops the node-by-node explanations (large batches).
    #[pyo3(signature = (batch, keep_nodes = true))]
    fn score(
        &self,
        py: Python<'_>,
        batch: &Bound<'_, PyAny>,
        keep_nodes: bool,
    ) -> PyResult<NativeBatch> {
        let text = json_text(batch, Family::Input)?;
        let rs = &*self.inner;
        let opts = BatchOptions { keep_nodes };
        let result = py
            .detach(|| batch::score_batch_json_with(rs, &text, opts))
            .map_err(errors::to_py)?;
        Ok(NativeBatch {
            inner: result,
            by_id: OnceLock::new(),
        })
    }

    /// Score one unit (a unit object); `keep_nodes=False` leaves the explanation out.
    #[pyo3(signature = (unit, keep_nodes = true))]
    fn score_unit<'py>(
        &self,
        py: Python<'py>,
        unit: &Bound<'py, PyAny>,
        keep_nodes: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        let text = json_text(unit, Family::Input)?;
        let rs = &*self.inner;
        let opts = BatchOptions { keep_nodes };
        let score = py
            .detach(|| api::score_one_with(rs, &text, opts))
            .map_err(errors::to_py)?;
        convert_unit(py, &score)
    }

    /// Score a batch and return one unit's score, node by node.
    fn explain<'py>(
        &self,
        py: Python<'py>,
        batch: &Bound<'py, PyAny>,
        unit_id: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        let text = json_text(batch, Family::Input)?;
        let rs = &*self.inner;
        let score = py
            .detach(|| api::explain(rs, &text, unit_id))
            .map_err(errors::to_py)?;
        convert_unit(py, &score)
    }
}

/// A unit's score as Python values.
pub(crate) fn convert_unit<'py>(
    py: Python<'py>,
    score: &parindex::UnitScore,
) -> PyResult<Bound<'py, PyAny>> {
    let shapes = result_shapes()?;
    Conv::new(py, &shapes.shapes)?.convert(score, shapes.unit)
}

/// A scored batch, kept in Rust; parts are converted to Python values when asked for.
#[pyclass(frozen, name = "NativeBatch", module = "parindex._parindex")]
struct NativeBatch {
    inner: BatchResult,
    by_id: OnceLock<HashMap<String, usize>>,
}

impl NativeBatch {
    fn position(&self, i: isize) -> PyResult<usize> {
        let n = self.inner.units.len() as isize;
        let j = if i < 0 { i + n } else { i };
        if j < 0 || j >= n {
            return Err(PyIndexError::new_err(format!(
                "unit index {i} out of range ({n} units)"
            )));
        }
        Ok(j as usize)
    }
}

#[pymethods]
impl NativeBatch {
    fn receipt<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let s = result_shapes()?;
        Conv::new(py, &s.shapes)?.convert(&self.inner.receipt, s.receipt)
    }

    fn unit_count(&self) -> usize {
        self.inner.units.len()
    }

    /// Unit `i` (negative counts from the end), every node included unless `nodes` is false.
    #[pyo3(signature = (i, nodes = true))]
    fn unit<'py>(&self, py: Python<'py>, i: isize, nodes: bool) -> PyResult<Bound<'py, PyAny>> {
        let u = self
            .inner
            .units
            .get(self.position(i)?)
            .ok_or_else(|| PyIndexError::new_err("unit index out of range"))?;
        let s = result_shapes()?;
        let cx = Conv::new(py, &s.shapes)?;
        if nodes {
            cx.convert(u, s.unit)
        } else {
            cx.convert_skipping(u, s.unit, &["nodes"])
        }
    }

    /// Units `start..stop`, every node included unless `nodes` is false.
    #[pyo3(signature = (start = 0, stop = None, nodes = true))]
    fn units<'py>(
        &self,
        py: Python<'py>,
        start: usize,
        stop: Option<usize>,
        nodes: bool,
    ) -> PyResult<Bound<'py, PyList>> {
        let all = &self.inner.units;
        let stop = stop.unwrap_or(all.len()).min(all.len());
        let s = result_shapes()?;
        let cx = Conv::new(py, &s.shapes)?;
        let list = PyList::empty(py);
        for u in all.get(start.min(stop)..stop).unwrap_or_default() {
            list.append(if nodes {
                cx.convert(u, s.unit)?
            } else {
                cx.convert_skipping(u, s.unit, &["nodes"])?
            })?;
        }
        Ok(list)
    }

    /// Position of the unit with this id, if scored.
    fn find(&self, py: Python<'_>, id: &str) -> Option<usize> {
        let units = &self.inner.units;
        let map = py.detach(|| {
            self.by_id.get_or_init(|| {
                units
                    .iter()
                    .enumerate()
                    .map(|(i, u)| (u.id.clone(), i))
                    .collect()
            })
        });
        map.get(id).copied()
    }

    fn errors<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let s = result_shapes()?;
        let cx = Conv::new(py, &s.shapes)?;
        let list = PyList::empty(py);
        for e in &self.inner.errors {
            list.append(cx.convert(e, s.error)?)?;
        }
        Ok(list.into_any())
    }

    fn ranking<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let s = result_shapes()?;
        let cx = Conv::new(py, &s.shapes)?;
        let list = PyList::empty(py);
        for b in &self.inner.ranking {
            list.append(cx.convert(b, s.block)?)?;
        }
        Ok(list.into_any())
    }

    /// The whole result as Python values.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let s = result_shapes()?;
        Conv::new(py, &s.shapes)?.convert(&self.inner, ROOT)
    }

    /// The result as core's JSON (decimals as strings).
    #[pyo3(signature = (pretty = false))]
    fn to_json(&self, py: Python<'_>, pretty: bool) -> PyResult<String> {
        let r = &self.inner;
        py.detach(|| {
            if pretty {
                serde_json::to_string_pretty(r)
            } else {
                serde_json::to_string(r)
            }
        })
        .map_err(|e| PyValueError::new_err(format!("parindex: cannot serialise the result: {e}")))
    }
}

/// Ids of the built-in rule sets.
#[pyfunction]
fn builtin_rulesets() -> Vec<&'static str> {
    parindex::builtin::ids()
}

/// The bundled example province (a batch), as JSON text.
#[pyfunction]
fn example_province_json() -> &'static str {
    parindex::builtin::EXAMPLE_PROVINCE
}

/// Every problem of a rule set (JSON text, path or Python values) as `{code, path, message}` dicts.
#[pyfunction]
fn validate<'py>(py: Python<'py>, source: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyList>> {
    let issues = match json_source(source, Family::RuleSet) {
        Ok(text) => py.detach(|| api::validate_ruleset(&text)),
        // A value that cannot even be written as JSON (a float…) is reported like any problem.
        Err(Failure::Core(e)) => e.issues().to_vec(),
        Err(Failure::Py(e)) => return Err(e),
    };
    errors::issues_to_py(py, &issues)
}

/// A JSON Schema generated from core's types: `ruleset`, `input` or `result`.
#[pyfunction]
fn schema_json(kind: &str) -> PyResult<String> {
    let schema = match kind {
        "ruleset" => parindex::schema::ruleset_schema(),
        "input" => parindex::schema::input_schema(),
        "result" => parindex::schema::result_schema(),
        other => {
            return Err(PyValueError::new_err(format!(
                "unknown schema `{other}`: use `ruleset`, `input` or `result`"
            )))
        }
    };
    serde_json::to_string(&schema).map_err(|e| PyValueError::new_err(e.to_string()))
}

/// For every record type of the result schema: `{field: (how, nested type)}` for fields holding
/// records (`how` is `one`, `list` or `map`), and `(\"\", \"\")` for plain fields.
#[pyfunction]
fn record_layout(py: Python<'_>) -> PyResult<Bound<'_, PyDict>> {
    let out = PyDict::new(py);
    for (name, fields) in result_shapes()?.shapes.layout() {
        let d = PyDict::new(py);
        for (field, nested) in fields {
            d.set_item(field, PyTuple::new(py, [nested.kind(), nested.name()])?)?;
        }
        out.set_item(name, d)?;
    }
    Ok(out)
}

#[pymodule]
fn _parindex(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("ENGINE", parindex::ENGINE)?;
    m.add("DEFAULT_RULESET", parindex::builtin::DEFAULT_RULESET)?;
    m.add("FORMAT_VERSION", parindex::model::FORMAT_VERSION)?;
    m.add_class::<NativeRuleSet>()?;
    m.add_class::<NativeBatch>()?;
    m.add_class::<workflow::NativeDossier>()?;
    m.add_class::<form::NativeForm>()?;
    m.add_function(wrap_pyfunction!(builtin_rulesets, m)?)?;
    m.add_function(wrap_pyfunction!(example_province_json, m)?)?;
    m.add_function(wrap_pyfunction!(validate, m)?)?;
    m.add_function(wrap_pyfunction!(schema_json, m)?)?;
    m.add_function(wrap_pyfunction!(record_layout, m)?)?;
    Ok(())
}
