//! The assessment workflow (core's `workflow::Dossier`): acts in, events and state out. Acts and
//! actors are read from Python values through their serde form (`{"kind": "appraise", ...}`,
//! `{"role": "council_member", ...}`), times through the dossier's calendar; every check is core's.
//! Decimals become `decimal.Decimal` where core's dossier schema marks them.

use crate::errors::{self, shielded};
use crate::frompy;
use crate::topy::Conv;
use crate::NativeRuleSet;
use parindex::api::shape::{ShapeId, Shapes};
use parindex::api::Kind;
use parindex::workflow::DateTime;
use parindex::workflow::{Act, Actor, DistrictCalendar, Dossier, Event};
use parindex::RuleSet;
use pyo3::prelude::*;
use pyo3::types::PyList;
use std::sync::{Arc, OnceLock};

struct DossierShapes {
    shapes: Shapes,
    event: ShapeId,
}

fn shapes() -> PyResult<&'static DossierShapes> {
    static CELL: OnceLock<Option<DossierShapes>> = OnceLock::new();
    CELL.get_or_init(|| {
        let shapes = Shapes::compile(&parindex::api::schema::dossier_schema());
        Some(DossierShapes {
            event: shapes.at(&["log", "[]"])?,
            shapes,
        })
    })
    .as_ref()
    .ok_or_else(|| pyo3::exceptions::PyRuntimeError::new_err("parindex: bad dossier schema"))
}

pub(crate) fn input_unit_shapes() -> PyResult<(&'static Shapes, ShapeId)> {
    static CELL: OnceLock<Shapes> = OnceLock::new();
    let s = CELL.get_or_init(|| Shapes::compile(&parindex::api::schema::input_schema()));
    let unit = s.at(&["units", "[]"]).ok_or_else(|| {
        pyo3::exceptions::PyRuntimeError::new_err("parindex: the input schema lacks units")
    })?;
    Ok((s, unit))
}

/// A typed value from Python values (an actor, an act), as its serde form, within the limits.
fn from_py<T: parindex::workflow::FromTree>(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<T> {
    let limits = crate::limits();
    let text = frompy::to_json(obj, Kind::Act, &limits, &format!("$.{what}"))?;
    parindex::workflow::read_json_text(what, &text, &limits).map_err(errors::to_py)
}

/// A unit's dossier for one year: a state machine over the calendar of its rule set.
#[pyclass(name = "NativeDossier", module = "parindex._parindex")]
pub struct NativeDossier {
    rs: Arc<RuleSet>,
    inner: Dossier,
}

impl NativeDossier {
    fn time(&self, now: &str) -> PyResult<DateTime> {
        self.inner.schedule().time(now).map_err(errors::to_py)
    }

    fn events<'py>(&self, py: Python<'py>, events: &[Event]) -> PyResult<Bound<'py, PyList>> {
        let s = shapes()?;
        let cx = Conv::as_written(py, &s.shapes)?;
        let list = PyList::empty(py);
        for e in events {
            list.append(cx.convert(e, s.event)?)?;
        }
        Ok(list)
    }
}

#[pymethods]
impl NativeDossier {
    /// Open a unit's dossier with the calendar of the rule set, or for a commune, the calendar its
    /// district sets from the rule set's template (`calendar`, S10).
    #[staticmethod]
    #[pyo3(signature = (ruleset, unit, name, group, parent = None, calendar = None))]
    fn open(
        ruleset: &Bound<'_, NativeRuleSet>,
        unit: &str,
        name: &str,
        group: &str,
        parent: Option<&str>,
        calendar: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        shielded(|| {
            let rs = ruleset.get().inner.clone();
            let calendar: Option<DistrictCalendar> = match calendar {
                Some(c) if !c.is_none() => Some(from_py(c, "calendar")?),
                _ => None,
            };
            let inner = Dossier::open_with(&rs, unit, name, group, parent, calendar)
                .map_err(errors::to_py)?;
            Ok(NativeDossier { rs, inner })
        })
    }

    /// Read a stored dossier: its log is replayed and must reproduce the stored state.
    #[staticmethod]
    fn from_json(py: Python<'_>, ruleset: &Bound<'_, NativeRuleSet>, text: &str) -> PyResult<Self> {
        shielded(|| {
            let rs = ruleset.get().inner.clone();
            let limits = crate::limits();
            let inner = py
                .detach(|| Dossier::from_json_within(&rs, text, &limits))
                .map_err(errors::to_py)?;
            Ok(NativeDossier { rs, inner })
        })
    }

    fn to_json(&self) -> PyResult<String> {
        shielded(|| Ok(self.inner.to_json()))
    }

    /// The dossier (header, schedule, state, log) as Python values.
    fn data<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        shielded(|| {
            let s = shapes()?;
            Conv::as_written(py, &s.shapes)?.convert(&self.inner, parindex::api::shape::ROOT)
        })
    }

    #[getter]
    fn phase(&self) -> PyResult<String> {
        shielded(|| Ok(self.inner.phase().to_string()))
    }

    /// The phase the calendar puts the dossier in at `now`.
    fn phase_at(&self, now: &str) -> PyResult<String> {
        shielded(|| Ok(self.inner.phase_at(&self.time(now)?).to_string()))
    }

    /// Perform an act (`{"kind": ...}`) as `actor` at `now`; returns the events appended.
    fn apply<'py>(
        &mut self,
        py: Python<'py>,
        actor: &Bound<'py, PyAny>,
        now: &str,
        act: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyList>> {
        shielded(|| {
            let actor: Actor = from_py(actor, "actor")?;
            let act: Act = from_py(act, "act")?;
            let now = self.time(now)?;
            let rs = self.rs.clone();
            let events = self
                .inner
                .apply(&rs, &actor, now, act)
                .map_err(errors::to_py)?
                .to_vec();
            self.events(py, &events)
        })
    }

    /// Record the automatic transitions due by `now`; returns the events appended.
    fn advance<'py>(&mut self, py: Python<'py>, now: &str) -> PyResult<Bound<'py, PyList>> {
        shielded(|| {
            let now = self.time(now)?;
            let events = self.inner.advance(now).map_err(errors::to_py)?.to_vec();
            self.events(py, &events)
        })
    }

    /// The scoring input of the dossier (a unit).
    fn unit_input<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        shielded(|| {
            let (s, unit) = input_unit_shapes()?;
            Conv::as_written(py, s)?.convert(&self.inner.unit_input(), unit)
        })
    }

    /// Score the dossier as it stands: with the components the secretariat entered; a missing one
    /// is a warning `workflow.component_pending`.
    fn score<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        shielded(|| {
            let score = self.inner.score(&self.rs).map_err(errors::to_py)?;
            crate::convert_unit(py, &score)
        })
    }
}
