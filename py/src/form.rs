//! A unit being filled in (core's `UnitForm`): items in as Python values, scores out.

use crate::errors::{self, shielded};
use crate::frompy;
use crate::topy::Conv;
use crate::NativeRuleSet;
use parindex::api::Kind;
use parindex::api::UnitForm;
use pyo3::prelude::*;

/// One unit's inputs held in Rust, rescored after each change.
#[pyclass(name = "NativeForm", module = "parindex._parindex")]
pub struct NativeForm {
    inner: UnitForm,
}

#[pymethods]
impl NativeForm {
    /// A form holding `unit` (a unit dict, JSON text or a file); refused when the unit does not
    /// score.
    #[staticmethod]
    fn open(
        py: Python<'_>,
        ruleset: &Bound<'_, NativeRuleSet>,
        unit: &Bound<'_, PyAny>,
    ) -> PyResult<Self> {
        shielded(|| {
            let text = crate::json_source(unit, Kind::Unit)?;
            let rs = ruleset.get().inner.clone();
            let limits = crate::limits();
            let inner = py
                .detach(|| UnitForm::from_json_within(&rs, &text, &limits))
                .map_err(|e| crate::text_error(unit, e))?;
            Ok(NativeForm { inner })
        })
    }

    /// Give a criterion's facts or points; returns the new score without the explanation.
    fn set<'py>(
        &mut self,
        py: Python<'py>,
        code: &str,
        item: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        shielded(|| {
            let limits = crate::limits();
            let at = parindex::internal::key_path("$.items", code);
            let text = frompy::to_json(item, Kind::Item, &limits, &at)?;
            let score = self
                .inner
                .set_json_within(code, &text, &limits)
                .map_err(errors::to_py)?;
            crate::convert_unit(py, &score)
        })
    }

    /// Clear a criterion; returns the new score without the explanation.
    fn clear<'py>(&mut self, py: Python<'py>, code: &str) -> PyResult<Bound<'py, PyAny>> {
        shielded(|| {
            let score = self.inner.clear(code).map_err(errors::to_py)?;
            crate::convert_unit(py, &score)
        })
    }

    /// The unit's score as it stands; `keep_nodes=False` leaves the explanation out.
    #[pyo3(signature = (keep_nodes = true))]
    fn score<'py>(&self, py: Python<'py>, keep_nodes: bool) -> PyResult<Bound<'py, PyAny>> {
        shielded(|| {
            let score = self.inner.score(keep_nodes).map_err(errors::to_py)?;
            crate::convert_unit(py, &score)
        })
    }

    /// One node with its explanation.
    fn explain<'py>(&self, py: Python<'py>, code: &str) -> PyResult<Bound<'py, PyAny>> {
        shielded(|| {
            let node = self.inner.explain(code).map_err(errors::to_py)?;
            let shapes = crate::result_shapes()?;
            Conv::new(py, &shapes.shapes)?.convert(&node, shapes.node)
        })
    }

    /// The level of the unit's group: the level its nodes are read in (their texts' labels).
    fn level(&self) -> PyResult<String> {
        shielded(|| Ok(self.inner.level().to_string()))
    }

    /// The unit as it stands, as Python values.
    fn unit<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        shielded(|| {
            let (s, unit) = crate::workflow::input_unit_shapes()?;
            Conv::as_written(py, s)?.convert(self.inner.unit(), unit)
        })
    }
}
