//! Core errors → Python exceptions, mapped once. The classes are defined in Python (`parindex`),
//! because they need multiple inheritance (`InputError(ParIndexError, ValueError)`); each instance
//! carries the first issue's `code` and `path`, every issue in `errors`, and the family in `kind`.
//!
//! Every native entry point runs through [`shielded`]: a panic (a bug) is raised as
//! `parindex.InternalError` (code `internal.panic`), never as pyo3's `PanicException`, a
//! `BaseException` that `except Exception` does not catch.

use parindex::internal::excerpt;
use parindex::{Error, ErrorKind, Issue, Lang};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyModule;
use std::any::Any;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, Ordering};

static ERRORS: PyOnceLock<Py<PyModule>> = PyOnceLock::new();

/// The Python exception class name for an error family, the same names as the npm package's
/// (`DecimalOverflowError` is kept as an alias of `ArithmeticError` in Python). Every kind is
/// mapped: a new kind does not compile until it is.
pub fn class_name(kind: ErrorKind) -> &'static str {
    match kind {
        ErrorKind::RuleSet => "RuleSetError",
        ErrorKind::Input => "InputError",
        ErrorKind::Workflow => "WorkflowError",
        ErrorKind::NotFound => "NotFoundError",
        ErrorKind::Arithmetic => "ArithmeticError",
        ErrorKind::Limit => "LimitError",
        ErrorKind::Internal => "InternalError",
    }
}

/// English messages (`parindex.set_lang("en")`); Vietnamese otherwise.
static ENGLISH: AtomicBool = AtomicBool::new(false);

/// A language given by name: `"vi"` or `"en"` (else `InputError`, `input.unknown_lang`); `None`,
/// the language of the messages.
pub fn lang_named(lang: Option<&str>) -> PyResult<Lang> {
    lang.map_or(Ok(self::lang()), |name| Lang::named(name).map_err(to_py))
}

/// The language of the messages (`parindex.set_lang`): `"vi"` (the default) or `"en"`.
pub fn set_lang(lang: &str) -> PyResult<()> {
    let lang = lang_named(Some(lang))?;
    ENGLISH.store(lang == Lang::En, Ordering::Relaxed);
    Ok(())
}

/// The language of the messages: `"vi"` or `"en"`.
pub fn lang() -> Lang {
    if ENGLISH.load(Ordering::Relaxed) {
        Lang::En
    } else {
        Lang::Vi
    }
}

/// Issues as a list of `{code, path, message, params}` dicts.
pub fn issues_to_py<'py>(py: Python<'py>, issues: &[Issue]) -> PyResult<Bound<'py, PyAny>> {
    let s = crate::result_shapes()?;
    crate::topy::Conv::new(py, &s.shapes)?.convert(issues, s.issues)
}

fn build(py: Python<'_>, kind: ErrorKind, message: &str, issues: &[Issue]) -> PyResult<PyErr> {
    let module =
        ERRORS.get_or_try_init(py, || PyModule::import(py, "parindex").map(Bound::unbind))?;
    let cls = module.bind(py).getattr(class_name(kind))?;
    let errors = issues_to_py(py, issues)?;
    let (code, path) = issues
        .first()
        .map(|i| (i.code.as_str(), i.path.as_str()))
        .unwrap_or((kind.as_str(), "$"));
    let exc = cls.call1((message, code, path, errors, kind.as_str()))?;
    Ok(PyErr::from_value(exc))
}

/// The Python exception for a core error.
pub fn to_py(e: Error) -> PyErr {
    let message = match &e {
        Error::Limit(_) => format!(
            "{e} ({})",
            lang().pick(
                "parindex.set_limits thay đổi các giới hạn",
                "parindex.set_limits changes the limits"
            )
        ),
        _ => e.to_string(),
    };
    Python::attach(|py| build(py, e.kind(), &message, e.issues()).unwrap_or_else(|failure| failure))
}

/// The `InputError` of the registry's message `key` at `path`, its message in the current
/// language.
pub fn input_error(key: &str, path: &str, params: &[(&str, &str)]) -> PyErr {
    to_py(Error::Input(vec![Issue::new(key, path, params)]))
}

/// A conversion failure from Python values, raised.
impl From<crate::frompy::Failure> for PyErr {
    fn from(f: crate::frompy::Failure) -> PyErr {
        match f {
            crate::frompy::Failure::Core(e) => to_py(e),
            crate::frompy::Failure::Py(e) => e,
        }
    }
}

/// Run a native entry point, its messages in the language of `parindex.set_lang`; a panic is raised
/// as `parindex.InternalError` with code `internal.panic` and the panic's message.
pub fn shielded<T>(f: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    parindex::with_lang(lang(), || {
        catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|payload| Err(panic_error(&*payload)))
    })
}

fn panic_error(payload: &(dyn Any + Send)) -> PyErr {
    let what = (payload.downcast_ref::<&str>().copied())
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("a panic without a message");
    let detail = excerpt(what);
    let issue = Issue::new("internal.panic", "$", &[("detail", &detail)]);
    Python::attach(|py| {
        build(
            py,
            ErrorKind::Internal,
            &issue.message,
            std::slice::from_ref(&issue),
        )
        .unwrap_or_else(|e| e)
    })
}
