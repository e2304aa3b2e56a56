//! `parindex._parindex`: the native half of the Python package `parindex`.
//!
//! A thin layer over `parindex::api`: it turns Python values into the JSON text core reads (refusing
//! floats), calls core with the GIL released, turns core's results into Python values (decimals as
//! `decimal.Decimal`, guided by core's generated JSON Schema) and maps core's errors to exceptions.
//! Every rule lives in core; the typed Python classes live in `python/parindex/`.
//!
//! Every entry point runs through [`errors::shielded`] (a panic is raised as
//! `parindex.InternalError`), and reads its input within the core's limits in force
//! ([`limits`], set with `parindex.set_limits`).

mod arrow;
mod errors;
mod form;
mod frame;
mod frompy;
mod tables;
mod topy;
mod workflow;

use errors::shielded;
use frompy::Failure;
use parindex::api;
use parindex::api::frame as frames;
use parindex::api::shape::ROOT;
use parindex::api::{text_from_bytes, Kind, Limits};
use parindex::RuleSet;
use parindex::{BatchOptions, BatchResult};
use pyo3::exceptions::{PyIndexError, PyOSError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyDict, PyList, PyString, PyTuple};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};
use topy::Conv;

/// The input limits in force, for every call of the process (`parindex.set_limits`).
static LIMITS: Mutex<Limits> = Mutex::new(Limits::DEFAULT);

/// The input limits in force.
pub(crate) fn limits() -> Limits {
    *LIMITS
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A frame scored by `score` (the columns as Python values, or Arrow data read in place) under
/// the `floats` policy and the limits in force, as a batch result (the caller shields it).
fn framed(
    floats: &str,
    keep_nodes: bool,
    about: frame::About,
    score: impl FnOnce(bool, frame::About, BatchOptions) -> PyResult<parindex::BatchResult>,
) -> PyResult<NativeBatch> {
    let shortest = parindex::table::float_policy(floats).map_err(errors::to_py)?;
    let opts = BatchOptions {
        keep_nodes,
        limits: limits(),
    };
    Ok(NativeBatch {
        inner: score(shortest, about, opts)?,
        by_id: OnceLock::new(),
    })
}

/// The core's compiled result schema.
pub(crate) fn result_shapes() -> PyResult<&'static parindex::api::shape::ResultShapes> {
    parindex::api::shape::result().ok_or_else(|| {
        pyo3::exceptions::PyRuntimeError::new_err(
            "parindex: the result schema lacks receipt, units, nodes, errors or ranking",
        )
    })
}

/// The bytes of the file `obj` names when it is an `os.PathLike` (a `pathlib.Path`): refused by
/// its size, within the limits, before it is read. `None` for any other value.
pub(crate) fn path_bytes(
    obj: &Bound<'_, PyAny>,
    limits: &Limits,
) -> Result<Option<Vec<u8>>, Failure> {
    if !obj.hasattr("__fspath__")? {
        return Ok(None);
    }
    // As Python's `open` reads it: a name that is no UTF-8 (surrogate-escaped) or given as bytes
    // is the file's name as the system holds it.
    let path: std::path::PathBuf = obj.extract()?;
    let os_error = |e: std::io::Error| {
        Failure::Py(PyOSError::new_err((
            e.raw_os_error().unwrap_or(0),
            e.to_string(),
            path.clone().into_os_string(),
        )))
    };
    let size = std::fs::metadata(&path).map_err(os_error)?.len();
    limits.check_size(usize::try_from(size).unwrap_or(usize::MAX))?;
    std::fs::read(&path).map(Some).map_err(os_error)
}

/// UTF-8 bytes as text, or the core's `input.utf8` / `ruleset.utf8`.
fn text_of(bytes: Vec<u8>, kind: Kind) -> Result<String, Failure> {
    String::from_utf8(bytes).map_err(|e| match text_from_bytes(e.as_bytes(), kind) {
        Err(refused) => Failure::Core(refused),
        Ok(_) => Failure::Py(PyValueError::new_err(e.to_string())),
    })
}

/// JSON text from what a caller passed, decided by its type and never by its content: a `str` is
/// JSON text; `bytes` (or `bytearray`) are JSON text in UTF-8; an `os.PathLike` (`pathlib.Path`)
/// is a file of JSON text; anything else is Python values (dicts, lists, str, int, bool, None,
/// Decimal), converted within the limits. Text is checked against the limits by core.
fn json_source(obj: &Bound<'_, PyAny>, kind: Kind) -> Result<String, Failure> {
    let limits = limits();
    if let Ok(s) = obj.cast::<PyString>() {
        // At least one byte per character: refuse before copying when already too long.
        limits.check_size(s.len()?)?;
        return Ok(frompy::utf8(s, kind, || "$".to_string())?.into_owned());
    }
    if let Ok(b) = obj.cast::<PyBytes>() {
        limits.check_size(b.as_bytes().len())?;
        return text_of(b.as_bytes().to_vec(), kind);
    }
    if let Ok(b) = obj.cast::<PyByteArray>() {
        limits.check_size(b.len())?;
        return text_of(b.to_vec(), kind);
    }
    match path_bytes(obj, &limits)? {
        Some(bytes) => text_of(bytes, kind),
        None => frompy::to_json(obj, kind, &limits, "$"),
    }
}

/// A core error; JSON text given as a `str` that did not parse says how to pass a file (a
/// `pathlib.Path`, never a `str`): the registry's `input.json_syntax:str`.
fn text_error(source: &Bound<'_, PyAny>, mut e: parindex::Error) -> PyErr {
    if let parindex::Error::Input(issues) | parindex::Error::RuleSet(issues) = &mut e {
        if let [only] = &mut issues[..] {
            if let (Some((family, "json_syntax")), true) = (
                only.code.split_once('.'),
                source.is_instance_of::<PyString>(),
            ) {
                let params: Vec<(&str, &str)> = (only.params.iter())
                    .map(|(n, v)| (n.as_str(), v.as_str()))
                    .collect();
                let hinted = parindex::Issue::new("input.json_syntax:str", &*only.path, &params);
                *only = hinted.in_family(family);
            }
        }
    }
    errors::to_py(e)
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
        shielded(|| {
            let rs = py
                .detach(|| parindex::builtin::ruleset(id))
                .map_err(errors::to_py)?;
            Ok(NativeRuleSet {
                inner: Arc::new(rs),
            })
        })
    }

    /// A rule set from JSON text (`str`, `bytes`), a file (`os.PathLike`) or Python values.
    #[staticmethod]
    fn load(py: Python<'_>, source: &Bound<'_, PyAny>) -> PyResult<Self> {
        shielded(|| {
            let text = json_source(source, Kind::RuleSet)?;
            let limits = limits();
            let rs = py
                .detach(|| RuleSet::from_json_within(&text, &limits))
                .map_err(|e| text_error(source, e))?;
            Ok(NativeRuleSet {
                inner: Arc::new(rs),
            })
        })
    }

    #[getter]
    fn id(&self) -> PyResult<&str> {
        shielded(|| Ok(self.inner.id()))
    }

    #[getter]
    fn sha256(&self) -> PyResult<&str> {
        shielded(|| Ok(self.inner.sha256()))
    }

    #[getter]
    fn provisional(&self) -> PyResult<bool> {
        shielded(|| Ok(self.inner.is_provisional()))
    }

    #[getter]
    fn notice(&self) -> PyResult<Option<String>> {
        shielded(|| Ok(self.inner.notice()))
    }

    /// What validation warns of in this valid rule set, as issue dicts.
    #[getter]
    fn warnings<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        shielded(|| errors::issues_to_py(py, self.inner.warnings()))
    }

    /// The rule set's canonical JSON text.
    fn to_json(&self) -> PyResult<String> {
        shielded(|| Ok(self.inner.to_json()))
    }

    /// The rule set's definition as Python values (decimals as `Decimal`).
    fn definition<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        shielded(|| {
            Conv::as_written(py, parindex::api::shape::ruleset())?.convert(self.inner.def(), ROOT)
        })
    }

    /// The rubric as a frame, `(names, types, columns)`.
    fn criteria<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        shielded(|| {
            let columns = py.detach(|| frames::criteria(&self.inner));
            topy::frame(py, columns)
        })
    }

    /// Score a batch; `keep_nodes=False` drops the node-by-node explanations (large batches).
    #[pyo3(signature = (batch, keep_nodes = true))]
    fn score(
        &self,
        py: Python<'_>,
        batch: &Bound<'_, PyAny>,
        keep_nodes: bool,
    ) -> PyResult<NativeBatch> {
        shielded(|| {
            let text = json_source(batch, Kind::Batch)?;
            let rs = &*self.inner;
            let opts = BatchOptions {
                keep_nodes,
                limits: limits(),
            };
            let result = py
                .detach(|| rs.score_json_with(&text, opts))
                .map_err(|e| text_error(batch, e))?;
            Ok(NativeBatch {
                inner: result,
                by_id: OnceLock::new(),
            })
        })
    }

    /// Score a data frame in the fact-table shape, given as its column names and its columns'
    /// values (missing values as `None`); `floats` is `exact` or `shortest`.
    /// `title` and `synthetic` are the batch's (the receipt's).
    #[pyo3(signature = (header, columns, floats = "exact", keep_nodes = true, title = None, synthetic = None))]
    #[allow(clippy::too_many_arguments)]
    fn score_table(
        &self,
        py: Python<'_>,
        header: Vec<String>,
        columns: Vec<Bound<'_, PyList>>,
        floats: &str,
        keep_nodes: bool,
        title: Option<String>,
        synthetic: Option<bool>,
    ) -> PyResult<NativeBatch> {
        let about = frame::About { title, synthetic };
        shielded(|| {
            framed(floats, keep_nodes, about, |shortest, about, opts| {
                frame::score(py, &self.inner, header, columns, shortest, about, opts)
            })
        })
    }

    /// Score Arrow data in the fact-table shape given through the PyCapsule interface (a pyarrow
    /// Table, a polars DataFrame), its buffers read in place; `floats` is `exact` or `shortest`.
    #[pyo3(signature = (data, floats = "exact", keep_nodes = true, title = None, synthetic = None))]
    fn score_arrow(
        &self,
        py: Python<'_>,
        data: &Bound<'_, PyAny>,
        floats: &str,
        keep_nodes: bool,
        title: Option<String>,
        synthetic: Option<bool>,
    ) -> PyResult<NativeBatch> {
        let about = frame::About { title, synthetic };
        shielded(|| {
            framed(floats, keep_nodes, about, |shortest, about, opts| {
                frame::score_arrow(py, &self.inner, data, shortest, about, opts)
            })
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
        shielded(|| {
            let text = json_source(unit, Kind::Unit)?;
            let rs = &*self.inner;
            let opts = BatchOptions {
                keep_nodes,
                limits: limits(),
            };
            let score = py
                .detach(|| api::score_one_with(rs, &text, opts))
                .map_err(|e| text_error(unit, e))?;
            convert_unit(py, &score)
        })
    }

    /// Score a batch and return one unit's score, node by node.
    fn explain<'py>(
        &self,
        py: Python<'py>,
        batch: &Bound<'py, PyAny>,
        unit_id: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        shielded(|| {
            let text = json_source(batch, Kind::Batch)?;
            let rs = &*self.inner;
            let limits = limits();
            let score = py
                .detach(|| api::explain_within(rs, &text, unit_id, &limits))
                .map_err(|e| text_error(batch, e))?;
            convert_unit(py, &score)
        })
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
    /// A scored batch, its units found by id when asked for.
    pub(crate) fn new(inner: BatchResult) -> Self {
        NativeBatch {
            inner,
            by_id: OnceLock::new(),
        }
    }

    /// Units as a list of dicts, without their `nodes` unless `nodes`; one by one, so that a
    /// large batch's conversion reuses one unit's memory.
    fn convert_units<'py>(
        &self,
        conv: &Conv<'_, 'py>,
        units: &[parindex::UnitScore],
        nodes: bool,
    ) -> PyResult<Bound<'py, PyList>> {
        let s = result_shapes()?;
        let skip: &[&str] = if nodes { &[] } else { &["nodes"] };
        let list = PyList::empty(conv.py());
        for u in units {
            list.append(conv.convert_parts(u, s.unit, skip, &[])?)?;
        }
        Ok(list)
    }

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
        shielded(|| {
            let s = result_shapes()?;
            Conv::new(py, &s.shapes)?.convert(&self.inner.receipt, s.receipt)
        })
    }

    fn unit_count(&self) -> PyResult<usize> {
        shielded(|| Ok(self.inner.units.len()))
    }

    /// Unit `i` (negative counts from the end), every node included unless `nodes` is false.
    #[pyo3(signature = (i, nodes = true))]
    fn unit<'py>(&self, py: Python<'py>, i: isize, nodes: bool) -> PyResult<Bound<'py, PyAny>> {
        shielded(|| {
            let at = self.position(i)?;
            let one = self.inner.units.get(at..=at).unwrap_or_default();
            let conv = Conv::new(py, &result_shapes()?.shapes)?;
            self.convert_units(&conv, one, nodes)?.get_item(0)
        })
    }

    /// Units `start..stop`, every node included unless `nodes` is false.
    #[pyo3(signature = (start = 0, stop = None, nodes = true))]
    fn units<'py>(
        &self,
        py: Python<'py>,
        start: usize,
        stop: Option<usize>,
        nodes: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        shielded(|| {
            let all = &self.inner.units;
            let stop = stop.unwrap_or(all.len()).min(all.len());
            let part = all.get(start.min(stop)..stop).unwrap_or_default();
            let conv = Conv::new(py, &result_shapes()?.shapes)?;
            Ok(self.convert_units(&conv, part, nodes)?.into_any())
        })
    }

    /// Position of the unit with this id, if scored.
    fn find(&self, py: Python<'_>, id: &str) -> PyResult<Option<usize>> {
        shielded(|| {
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
            Ok(map.get(id).copied())
        })
    }

    /// Position of the unit with this id; when it was not scored, the core's error
    /// (`not_found.unit`, or `not_found.unit:failed` for a refused unit).
    fn locate(&self, py: Python<'_>, id: &str) -> PyResult<usize> {
        if let Some(i) = self.find(py, id)? {
            return Ok(i);
        }
        shielded(|| {
            let found = self.inner.unit(id).map_err(errors::to_py)?;
            let units = &self.inner.units;
            Ok((units.iter().position(|u| std::ptr::eq(u, found))).unwrap_or_default())
        })
    }

    fn errors<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        shielded(|| {
            let s = result_shapes()?;
            Conv::new(py, &s.shapes)?.convert(&self.inner.errors, s.errors)
        })
    }

    fn ranking<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        shielded(|| {
            let s = result_shapes()?;
            Conv::new(py, &s.shapes)?.convert(&self.inner.ranking, s.ranking)
        })
    }

    /// A frame of the result (`units` or `nodes`) as `(names, types, columns)`.
    fn frame<'py>(&self, py: Python<'py>, kind: &str) -> PyResult<Bound<'py, PyTuple>> {
        shielded(|| {
            let r = &self.inner;
            let columns = py.detach(|| match kind {
                "units" => Some(frames::units(r)),
                "nodes" => Some(frames::nodes(r)),
                _ => None,
            });
            let columns = columns
                .ok_or_else(|| PyValueError::new_err(format!("parindex: no frame {kind:?}")))?;
            topy::frame(py, columns)
        })
    }

    /// The whole result as Python values, its units converted one by one; with `rank`, its
    /// ranking part (receipt, errors, ranking).
    #[pyo3(signature = (rank = false))]
    fn to_dict<'py>(&self, py: Python<'py>, rank: bool) -> PyResult<Bound<'py, PyAny>> {
        shielded(|| {
            let conv = Conv::new(py, &result_shapes()?.shapes)?;
            if rank {
                return conv.convert_parts(&self.inner, ROOT, &["units"], &[]);
            }
            let whole = conv.convert_parts(&self.inner, ROOT, &[], &["units"])?;
            whole.set_item("units", self.convert_units(&conv, &self.inner.units, true)?)?;
            Ok(whole)
        })
    }

    /// The result as core's JSON (decimals as strings); with `rank`, its ranking part (`rank`'s
    /// result: receipt, errors, ranking).
    #[pyo3(signature = (pretty = false, rank = false))]
    fn to_json(&self, py: Python<'_>, pretty: bool, rank: bool) -> PyResult<String> {
        shielded(|| {
            let r = &self.inner;
            py.detach(|| match (rank, pretty) {
                (false, false) => serde_json::to_string(r),
                (false, true) => serde_json::to_string_pretty(r),
                (true, false) => serde_json::to_string(&r.rank_result()),
                (true, true) => serde_json::to_string_pretty(&r.rank_result()),
            })
            .map_err(|e| {
                PyValueError::new_err(format!("parindex: cannot serialise the result: {e}"))
            })
        })
    }
}

/// Ranking blocks given as the engine's JSON (`Ranking.to_json()`: a `Ranking` is a list of records,
/// which pickles and copies as a list, and comes from a result, never from outside).
fn ranking_blocks(json: &str) -> PyResult<Vec<parindex::RankBlock>> {
    serde_json::from_str(json)
        .map_err(|e| PyValueError::new_err(format!("parindex: not ranking blocks: {e}")))
}

/// The frame of ranking blocks given as the engine's JSON, as `(names, types, columns)`.
#[pyfunction]
fn ranking_frame<'py>(py: Python<'py>, blocks: &str) -> PyResult<Bound<'py, PyTuple>> {
    shielded(|| topy::frame(py, frames::ranking(&ranking_blocks(blocks)?)))
}

/// Position of the block with this id among ranking blocks given as the engine's JSON; the
/// core's `not_found.block` when there is none.
#[pyfunction]
fn ranking_block(blocks: &str, id: &str) -> PyResult<usize> {
    shielded(|| {
        let blocks = ranking_blocks(blocks)?;
        let found = parindex::RankBlock::find(&blocks, id).map_err(errors::to_py)?;
        Ok((blocks.iter().position(|b| std::ptr::eq(b, found))).unwrap_or_default())
    })
}

/// Ids of the built-in rule sets.
#[pyfunction]
fn builtin_rulesets() -> PyResult<Vec<&'static str>> {
    shielded(|| Ok(parindex::builtin::ids()))
}

/// The bundled example province (a batch), as JSON text.
#[pyfunction]
fn example_province_json() -> PyResult<&'static str> {
    shielded(|| Ok(parindex::builtin::EXAMPLE_PROVINCE))
}

/// Every problem of a rule set (JSON text, path or Python values) as `{code, path, message}` dicts.
#[pyfunction]
fn validate<'py>(py: Python<'py>, source: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    shielded(|| {
        let issues = match json_source(source, Kind::RuleSet) {
            Ok(text) => {
                let limits = limits();
                py.detach(|| api::validate_ruleset_within(&text, &limits))
                    .map_err(errors::to_py)?
            }
            // A text or value beyond a limit is not read at all: raised, as by every other call.
            Err(Failure::Core(e @ parindex::Error::Limit(_))) => return Err(errors::to_py(e)),
            // A value that cannot even be written as JSON (a float…) is reported like any problem.
            Err(Failure::Core(e)) => e.issues().to_vec(),
            Err(Failure::Py(e)) => return Err(e),
        };
        errors::issues_to_py(py, &issues)
    })
}

/// A JSON Schema generated from core's types: `ruleset`, `input` or `result`.
#[pyfunction]
fn schema_json(kind: &str) -> PyResult<String> {
    shielded(|| schema_text(kind))
}

fn schema_text(kind: &str) -> PyResult<String> {
    let schema = parindex::api::schema::named(kind).map_err(errors::to_py)?;
    serde_json::to_string(&schema).map_err(|e| PyValueError::new_err(e.to_string()))
}

/// For every record type of the result schema: `{field: (how, nested type)}` for fields holding
/// records (`how` is `one`, `list` or `map`), and `(\"\", \"\")` for plain fields.
#[pyfunction]
fn record_layout(py: Python<'_>) -> PyResult<Bound<'_, PyDict>> {
    shielded(|| {
        let out = PyDict::new(py);
        for (name, fields) in result_shapes()?.shapes.layout() {
            let d = PyDict::new(py);
            for (field, nested) in fields {
                d.set_item(field, nested)?;
            }
            out.set_item(name, d)?;
        }
        Ok(out)
    })
}

/// The input limits in force, by name (`max_units`…).
#[pyfunction]
fn get_limits(py: Python<'_>) -> PyResult<Bound<'_, PyDict>> {
    shielded(|| limits_dict(py, &limits()))
}

fn limits_dict<'py>(py: Python<'py>, l: &Limits) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    for name in Limits::NAMES {
        d.set_item(name, l.get(name).unwrap_or_default())?;
    }
    Ok(d)
}

/// The language of the engine's messages for every later call: `"vi"` (the default) or `"en"`.
#[pyfunction]
fn set_lang(lang: &str) -> PyResult<()> {
    shielded(|| errors::set_lang(lang))
}

/// A node's explanation in words, in `lang` (`"vi"`, `"en"`) or, by default, the language of the
/// messages: with the rule set and the unit's level it was scored in (core's
/// `RuleSet::node_text`), the options, outcomes and deductions it names by their labels; without
/// them (a node made from a dict), by their ids (core's `NodeScore::text`).
#[pyfunction]
#[pyo3(signature = (node, lang = None, ruleset = None, level = None))]
fn node_text(
    node: &Bound<'_, PyAny>,
    lang: Option<&str>,
    ruleset: Option<&Bound<'_, NativeRuleSet>>,
    level: Option<&str>,
) -> PyResult<String> {
    shielded(|| {
        let lang = errors::lang_named(lang)?;
        let text = frompy::to_json(node, Kind::Unit, &limits(), "$.node")?;
        let node: parindex::NodeScore = serde_json::from_str(&text).map_err(|e| {
            errors::input_error("input.not_a_node", "$.node", &[("detail", &e.to_string())])
        })?;
        Ok(match (ruleset, level) {
            (Some(rs), Some(level)) => rs.get().inner.node_text(level, &node, lang),
            _ => node.text(lang),
        })
    })
}

/// The language of the engine's messages: `"vi"` or `"en"`.
#[pyfunction]
fn get_lang() -> PyResult<&'static str> {
    shielded(|| Ok(errors::lang().as_str()))
}

/// The exception of an `input.*` issue (`key`, a registry key) at `path`, its message from the
/// registry in the current language: what the Python layer raises for a misuse of its own API
/// (`RuleSet("id")`).
#[pyfunction]
fn _input_error(key: &str, path: &str, params: Vec<(String, String)>) -> PyResult<PyErr> {
    shielded(|| {
        let params: Vec<(&str, &str)> = (params.iter())
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        Ok(errors::input_error(key, path, &params))
    })
}

/// Change some input limits (`{"max_units": 100000}`), the others keeping their value; `None`
/// restores the defaults. Returns the limits now in force. A name that is not a limit, or a value
/// that is not a whole number above 0, is `InputError` `limits.invalid` and changes nothing.
#[pyfunction]
#[pyo3(signature = (changes = None))]
fn set_limits<'py>(
    py: Python<'py>,
    changes: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyDict>> {
    shielded(|| {
        let Some(changes) = changes else {
            *LIMITS.lock().unwrap_or_else(|p| p.into_inner()) = Limits::DEFAULT;
            return limits_dict(py, &Limits::DEFAULT);
        };
        let mut named = Vec::new();
        for (k, v) in changes.iter() {
            let whole = (!v.is_instance_of::<pyo3::types::PyBool>()).then(|| v.extract().ok());
            named.push((k.str()?.to_cow()?.into_owned(), whole.flatten()));
        }
        let l = limits()
            .changed(named.iter().map(|(k, v)| (k.as_str(), *v)))
            .map_err(errors::to_py)?;
        *LIMITS.lock().unwrap_or_else(|p| p.into_inner()) = l;
        limits_dict(py, &l)
    })
}

/// Test hook: panics, to prove a panic reaches Python as `parindex.InternalError`. Compiled only
/// with the `test-panic` feature (never in the published wheel).
#[cfg(feature = "test-panic")]
#[pyfunction]
fn _test_panic() -> PyResult<()> {
    shielded(|| std::panic::panic_any("deliberate panic from _test_panic".to_string()))
}

#[pymodule]
fn _parindex(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("ENGINE", parindex::ENGINE)?;
    m.add("DEFAULT_RULESET", parindex::builtin::DEFAULT_RULESET)?;
    m.add("FORMAT_VERSION", parindex::internal::FORMAT_VERSION)?;
    m.add_class::<NativeRuleSet>()?;
    m.add_class::<NativeBatch>()?;
    m.add_class::<workflow::NativeDossier>()?;
    m.add_class::<form::NativeForm>()?;
    m.add_function(wrap_pyfunction!(ranking_frame, m)?)?;
    m.add_function(wrap_pyfunction!(ranking_block, m)?)?;
    m.add_function(wrap_pyfunction!(builtin_rulesets, m)?)?;
    m.add_function(wrap_pyfunction!(example_province_json, m)?)?;
    m.add_function(wrap_pyfunction!(validate, m)?)?;
    m.add_function(wrap_pyfunction!(schema_json, m)?)?;
    m.add_function(wrap_pyfunction!(record_layout, m)?)?;
    m.add_function(wrap_pyfunction!(get_limits, m)?)?;
    m.add_function(wrap_pyfunction!(set_lang, m)?)?;
    m.add_function(wrap_pyfunction!(get_lang, m)?)?;
    m.add_function(wrap_pyfunction!(node_text, m)?)?;
    m.add_function(wrap_pyfunction!(set_limits, m)?)?;
    m.add_function(wrap_pyfunction!(_input_error, m)?)?;
    m.add_function(wrap_pyfunction!(tables::table_template, m)?)?;
    m.add_function(wrap_pyfunction!(tables::table_read, m)?)?;
    m.add_function(wrap_pyfunction!(tables::table_score, m)?)?;
    m.add_function(wrap_pyfunction!(tables::table_score_long, m)?)?;
    m.add_function(wrap_pyfunction!(tables::table_is_long, m)?)?;
    m.add_function(wrap_pyfunction!(tables::table_form, m)?)?;
    m.add_function(wrap_pyfunction!(tables::table_facts, m)?)?;
    m.add_function(wrap_pyfunction!(tables::table_rubric, m)?)?;
    m.add_function(wrap_pyfunction!(tables::table_read_rubric, m)?)?;
    #[cfg(feature = "test-panic")]
    m.add_function(wrap_pyfunction!(_test_panic, m)?)?;
    Ok(())
}
