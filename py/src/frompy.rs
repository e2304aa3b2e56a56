//! Python values → JSON text for core. Exact values only: `decimal.Decimal`, `int` and `str` pass
//! (a `Decimal` is written as a JSON string, the way core reads decimals); a `float` anywhere is
//! refused with an error naming its path, never converted. Core then checks types and meaning.

use parindex::error::{key_path, Error, Issue};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};

/// Which family a conversion error belongs to (a rule set given as a dict, or an input).
#[derive(Clone, Copy)]
pub enum Family {
    RuleSet,
    Input,
}

impl Family {
    /// A one-issue error of this family: `{family}.{code}`.
    pub fn error(self, code: &str, path: String, message: String) -> Error {
        let (prefix, wrap): (&str, fn(Vec<Issue>) -> Error) = match self {
            Family::RuleSet => ("ruleset", Error::RuleSet),
            Family::Input => ("input", Error::Input),
        };
        wrap(vec![Issue::new(&format!("{prefix}.{code}"), path, message)])
    }
}

/// Why a conversion failed: a problem with the value (a core error), or a Python exception raised
/// while reading it.
pub enum Failure {
    Core(Error),
    Py(PyErr),
}

impl From<PyErr> for Failure {
    fn from(e: PyErr) -> Self {
        Failure::Py(e)
    }
}

const MAX_DEPTH: usize = 200;

/// Write `obj` as JSON text.
pub fn to_json(obj: &Bound<'_, PyAny>, family: Family) -> Result<String, Failure> {
    let decimal = crate::topy::decimal_type(obj.py())?.clone();
    let mut w = Writer {
        out: String::with_capacity(4096),
        path: Vec::new(),
        family,
        decimal,
    };
    w.value(obj)?;
    Ok(w.out)
}

enum Seg {
    Key(String),
    Index(usize),
}

struct Writer<'py> {
    out: String,
    path: Vec<Seg>,
    family: Family,
    decimal: Bound<'py, pyo3::types::PyType>,
}

impl<'py> Writer<'py> {
    fn path(&self) -> String {
        let mut p = "$".to_string();
        for seg in &self.path {
            match seg {
                Seg::Key(k) => p = key_path(&p, k),
                Seg::Index(i) => p.push_str(&format!("[{i}]")),
            }
        }
        p
    }

    fn fail(&self, code: &str, message: String) -> Failure {
        Failure::Core(self.family.error(code, self.path(), message))
    }

    fn value(&mut self, obj: &Bound<'py, PyAny>) -> Result<(), Failure> {
        if self.path.len() > MAX_DEPTH {
            return Err(self.fail(
                "too_deep",
                format!("values are nested more than {MAX_DEPTH} levels deep"),
            ));
        }
        if obj.is_none() {
            self.out.push_str("null");
        } else if let Ok(b) = obj.cast::<PyBool>() {
            self.out
                .push_str(if b.is_true() { "true" } else { "false" });
        } else if let Ok(s) = obj.cast::<PyString>() {
            write_str(&mut self.out, &s.to_cow()?);
        } else if obj.is_instance_of::<PyInt>() {
            self.out.push_str(&obj.str()?.to_cow()?);
        } else if obj.is_instance_of::<PyFloat>() {
            let shown = obj.repr().map(|r| r.to_string()).unwrap_or_default();
            return Err(self.fail(
                "float",
                format!(
                    "{} is a float ({shown}); floats are inexact and are never converted: \
                     pass a decimal.Decimal or a str such as \"{shown}\"",
                    self.path()
                ),
            ));
        } else if obj.is_instance(&self.decimal)? {
            self.decimal_value(obj)?;
        } else if let Ok(d) = obj.cast::<PyDict>() {
            self.object(d.iter())?;
        } else if let Ok(l) = obj.cast::<PyList>() {
            self.array(l.iter())?;
        } else if let Ok(t) = obj.cast::<PyTuple>() {
            self.array(t.iter())?;
        } else if obj.hasattr("__index__")? {
            // Integer-like objects (numpy integers): exact.
            self.out
                .push_str(&obj.call_method0("__index__")?.str()?.to_cow()?);
        } else if obj.hasattr("keys")? && obj.hasattr("__getitem__")? {
            let pairs: Vec<(Bound<'py, PyAny>, Bound<'py, PyAny>)> = obj
                .call_method0("keys")?
                .try_iter()?
                .map(|k| {
                    let k = k?;
                    let v = obj.get_item(&k)?;
                    Ok((k, v))
                })
                .collect::<PyResult<_>>()?;
            self.object(pairs.into_iter())?;
        } else {
            let ty = obj
                .get_type()
                .name()
                .map(|n| n.to_string())
                .unwrap_or_default();
            return Err(self.fail(
                "unsupported_type",
                format!(
                    "{} is a {ty}; use dict, list, str, int, bool, None or decimal.Decimal",
                    self.path()
                ),
            ));
        }
        Ok(())
    }

    fn decimal_value(&mut self, obj: &Bound<'py, PyAny>) -> Result<(), Failure> {
        if !obj.call_method0("is_finite")?.is_truthy()? {
            return Err(self.fail(
                "not_finite",
                format!(
                    "{} is {}; only finite decimals are accepted",
                    self.path(),
                    obj.str()?
                ),
            ));
        }
        // Fixed-point notation (`Decimal("1E+2")` → "100"), which core's decimal parser reads.
        let text = obj.call_method1("__format__", ("f",))?;
        write_str(
            &mut self.out,
            &text.cast::<PyString>().map_err(PyErr::from)?.to_cow()?,
        );
        Ok(())
    }

    fn object(
        &mut self,
        pairs: impl Iterator<Item = (Bound<'py, PyAny>, Bound<'py, PyAny>)>,
    ) -> Result<(), Failure> {
        self.out.push('{');
        for (i, (k, v)) in pairs.enumerate() {
            let Ok(key) = k.cast::<PyString>() else {
                let shown = k.repr().map(|r| r.to_string()).unwrap_or_default();
                return Err(self.fail(
                    "invalid_key",
                    format!("{}: key {shown} is not a str", self.path()),
                ));
            };
            let key = key.to_cow()?.into_owned();
            if i > 0 {
                self.out.push(',');
            }
            write_str(&mut self.out, &key);
            self.out.push(':');
            self.path.push(Seg::Key(key));
            self.value(&v)?;
            self.path.pop();
        }
        self.out.push('}');
        Ok(())
    }

    fn array(&mut self, items: impl Iterator<Item = Bound<'py, PyAny>>) -> Result<(), Failure> {
        self.out.push('[');
        for (i, v) in items.enumerate() {
            if i > 0 {
                self.out.push(',');
            }
            self.path.push(Seg::Index(i));
            self.value(&v)?;
            self.path.pop();
        }
        self.out.push(']');
        Ok(())
    }
}

fn write_str(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}
