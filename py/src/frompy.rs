//! Python values → JSON text for core. Exact values only: `decimal.Decimal`, `int` and `str` pass
//! (a `Decimal` is written as a JSON string, the way core reads decimals); a `float` anywhere is
//! refused with an error naming its path, never converted. Core then checks types and meaning.
//!
//! The core's limits are checked as the values are read, each before the value is converted
//! (`limits.*`): nesting depth, the length of each string and key, the digits and exponent of each
//! `Decimal` and `int` (read from `str(Decimal)` or the `int`'s bit length, so that
//! `Decimal("1E+999999999")` is refused without being written out), the units of a batch and the
//! length of the text written.

use parindex::api::{Kind, Limits};
use parindex::internal::{excerpt, key_path};
use parindex::{Error, Issue};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};

/// A one-issue error of `kind`'s family: `{family}.{code}` (`input.float`, `ruleset.float`), its
/// message the registry's `input.{code}` with `params` (and `at`, the path).
fn family_error(kind: Kind, code: &str, path: String, params: &[(&str, &str)]) -> Error {
    let mut all = vec![("at", path.as_str())];
    all.extend_from_slice(params);
    let issue = Issue::new(&format!("input.{code}"), path.clone(), &all);
    kind.error(vec![issue.in_family(kind.family())])
}

/// A Python `str` as UTF-8, or `{family}.lone_surrogate` at `path` when it holds a lone surrogate
/// (which no UTF-8 text can hold; `json.loads('"\\ud800"')` makes one).
pub(crate) fn utf8<'a>(
    s: &'a Bound<'_, PyString>,
    kind: Kind,
    path: impl FnOnce() -> String,
) -> Result<std::borrow::Cow<'a, str>, Failure> {
    s.to_cow().map_err(|e| {
        let at = e.value(s.py()).getattr("start").map(|v| v.to_string());
        let index = at.unwrap_or_default();
        Failure::Core(family_error(
            kind,
            "lone_surrogate",
            path(),
            &[("index", &index)],
        ))
    })
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

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure::Core(e)
    }
}

/// Write `obj` (what `kind` says it is) as JSON text, within `limits`; problems are reported at
/// paths from `base` (`$`, or `$.act`, `$.items["1.1"]`: where core reports problems of the text).
pub fn to_json(
    obj: &Bound<'_, PyAny>,
    kind: Kind,
    limits: &Limits,
    base: &str,
) -> Result<String, Failure> {
    let decimal = crate::topy::decimal_type(obj.py())?.clone();
    let mut w = Writer {
        out: String::with_capacity(4096),
        base: base.to_string(),
        path: Vec::new(),
        kind,
        limits: *limits,
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
    base: String,
    path: Vec<Seg>,
    kind: Kind,
    limits: Limits,
    decimal: Bound<'py, pyo3::types::PyType>,
}

impl<'py> Writer<'py> {
    fn path(&self) -> String {
        let mut p = self.base.clone();
        for seg in &self.path {
            match seg {
                Seg::Key(k) => p = key_path(&p, k),
                Seg::Index(i) => p.push_str(&format!("[{i}]")),
            }
        }
        p
    }

    fn fail(&self, code: &str, params: &[(&str, &str)]) -> Failure {
        Failure::Core(family_error(self.kind, code, self.path(), params))
    }

    /// An array or object opens at the current path: one level deeper.
    fn open(&self) -> Result<(), Failure> {
        if self.path.len() >= self.limits.max_depth {
            self.limits.check_depth(self.path.len() + 1, &self.path())?;
        }
        Ok(())
    }

    /// A string (a value, or a key of the object at the current path), its length checked before
    /// it is copied.
    fn string(&mut self, s: &Bound<'py, PyString>) -> Result<(), Failure> {
        // A character is at least one UTF-8 byte: a string of too many characters is refused
        // without encoding it.
        let chars = s.len()?;
        if chars > self.limits.max_string_bytes {
            self.limits.check_string(chars, &self.path())?;
        }
        let text = utf8(s, self.kind, || self.path())?;
        if text.len() > self.limits.max_string_bytes {
            self.limits.check_string(text.len(), &self.path())?;
        }
        write_str(&mut self.out, &text);
        Ok(())
    }

    /// An `int` (or an integer-like object's `__index__`), its size checked before it is written
    /// out in decimal.
    fn int(&mut self, i: &Bound<'py, PyAny>) -> Result<(), Failure> {
        let bits: u64 = i.call_method0("bit_length")?.extract()?;
        // 2^(bits-1) <= |i|: at least (bits - 1) × log10(2) + 1 digits.
        let at_least = bits.saturating_sub(1).saturating_mul(30_103) / 100_000 + 1;
        if at_least > self.limits.max_number_digits as u64 {
            self.limits.check_digits(
                usize::try_from(at_least).unwrap_or(usize::MAX),
                &self.path(),
            )?;
        }
        let text = i.str()?;
        let text = text.to_cow()?;
        self.limits.check_number(&text, &self.path())?;
        self.out.push_str(&text);
        Ok(())
    }

    fn value(&mut self, obj: &Bound<'py, PyAny>) -> Result<(), Failure> {
        if self.out.len() > self.limits.max_input_bytes {
            self.limits.check_size(self.out.len())?;
        }
        if obj.is_none() {
            self.out.push_str("null");
        } else if let Ok(b) = obj.cast::<PyBool>() {
            self.out
                .push_str(if b.is_true() { "true" } else { "false" });
        } else if let Ok(s) = obj.cast::<PyString>() {
            self.string(s)?;
        } else if obj.is_instance_of::<PyInt>() {
            self.int(obj)?;
        } else if obj.is_instance_of::<PyFloat>() {
            let shown = obj.repr().map(|r| r.to_string()).unwrap_or_default();
            return Err(self.fail("float", &[("shown", &shown)]));
        } else if obj.is_instance(&self.decimal)? {
            self.decimal_value(obj)?;
        } else if let Ok(d) = obj.cast::<PyDict>() {
            self.open()?;
            self.object(d.iter())?;
        } else if let Ok(l) = obj.cast::<PyList>() {
            self.open()?;
            self.units(l.len())?;
            self.array(l.iter())?;
        } else if let Ok(t) = obj.cast::<PyTuple>() {
            self.open()?;
            self.units(t.len())?;
            self.array(t.iter())?;
        } else if obj.hasattr("__index__")? {
            // Integer-like objects (numpy integers): exact.
            self.int(&obj.call_method0("__index__")?)?;
        } else if obj.hasattr("keys")? && obj.hasattr("__getitem__")? {
            self.open()?;
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
            return Err(self.fail("unsupported_type", &[("type", &ty)]));
        }
        Ok(())
    }

    /// A batch's `units` of `n` units: counted before they are converted.
    fn units(&self, n: usize) -> Result<(), Failure> {
        if self.kind == Kind::Batch && matches!(&self.path[..], [Seg::Key(k)] if k == "units") {
            self.limits.check_units(n)?;
        }
        Ok(())
    }

    fn decimal_value(&mut self, obj: &Bound<'py, PyAny>) -> Result<(), Failure> {
        if !obj.call_method0("is_finite")?.is_truthy()? {
            let value = excerpt(&obj.str()?.to_cow()?);
            return Err(self.fail("not_finite", &[("value", &value)]));
        }
        // Its digits and exponent as `str` writes them (`1E+999999999`: no longer than the
        // Decimal's digits), checked before the value is written out in full.
        self.limits
            .check_number(&obj.str()?.to_cow()?, &self.path())?;
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
                return Err(self.fail("invalid_key", &[("key", &excerpt(&shown))]));
            };
            if i > 0 {
                self.out.push(',');
            }
            self.string(key)?;
            let key = key.to_cow()?.into_owned();
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
