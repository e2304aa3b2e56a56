//! Core errors → Python exceptions, mapped once. The classes are defined in Python (`parindex`),
//! because they need multiple inheritance (`InputError(ParIndexError, ValueError)`); each instance
//! carries the first issue's `code` and `path`, every issue in `errors`, and the family in `kind`.

use parindex::Error;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList, PyModule};

static ERRORS: PyOnceLock<Py<PyModule>> = PyOnceLock::new();

/// The Python exception class name for an error family (`Error::kind()`).
pub fn class_name(kind: &str) -> &'static str {
    match kind {
        "ruleset" => "RuleSetError",
        "input" => "InputError",
        "workflow" => "WorkflowError",
        "not_found" => "NotFoundError",
        "arithmetic" => "DecimalOverflowError",
        _ => "ParIndexError",
    }
}

/// Issues as a list of `{code, path, message}` dicts.
pub fn issues_to_py<'py>(
    py: Python<'py>,
    issues: &[parindex::Issue],
) -> PyResult<Bound<'py, PyList>> {
    let list = PyList::empty(py);
    for i in issues {
        let d = PyDict::new(py);
        d.set_item("code", &i.code)?;
        d.set_item("path", &i.path)?;
        d.set_item("message", &i.message)?;
        list.append(d)?;
    }
    Ok(list)
}

fn build(py: Python<'_>, e: &Error) -> PyResult<PyErr> {
    let module =
        ERRORS.get_or_try_init(py, || PyModule::import(py, "parindex").map(Bound::unbind))?;
    let cls = module.bind(py).getattr(class_name(e.kind()))?;
    let errors = issues_to_py(py, e.issues())?;
    let exc = cls.call1((e.to_string(), e.code(), e.path(), errors, e.kind()))?;
    Ok(PyErr::from_value(exc))
}

/// The Python exception for a core error.
pub fn to_py(e: Error) -> PyErr {
    Python::attach(|py| build(py, &e).unwrap_or_else(|failure| failure))
}

/// A conversion failure from Python values.
pub fn failure(f: crate::frompy::Failure) -> PyErr {
    match f {
        crate::frompy::Failure::Core(e) => to_py(e),
        crate::frompy::Failure::Py(e) => e,
    }
}
