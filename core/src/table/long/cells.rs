//! The cells of long-format facts read as keys (text) and as the JSON batch's values.

use super::LongValue;
use crate::error::{issue, key_path, Error, Issue};
use crate::support::limits::Limits;
use crate::table::cell::{self, Cell, CellOptions};
use crate::table::columns::ColumnKind;
use serde_json::{Map, Value};

/// Why a cell cannot be read: its unit is refused, or the whole call is (a limit).
pub(super) enum Refusal {
    Unit(Issue),
    Call(Error),
}

impl From<Error> for Refusal {
    fn from(e: Error) -> Self {
        Refusal::Call(e)
    }
}

pub(super) type Read<T> = std::result::Result<T, Refusal>;

/// A key cell (`unit`, `code`, `field`, `section`, a units table's `id`) as text: text as it is,
/// a whole number as its digits. A float, a boolean, a date, an error value, a list or a map is
/// refused.
pub(super) fn key(limits: &Limits, v: &LongValue, path: &str) -> Read<String> {
    let found = match v {
        LongValue::Cell(Cell::Text(t)) => {
            limits.check_string(t.len(), path)?;
            return Ok(t.clone());
        }
        LongValue::Cell(Cell::Int(i)) => return Ok(i.to_string()),
        LongValue::Cell(c) => return Err(Refusal::Unit(not_text(c, path))),
        LongValue::List(_) => "an array",
        LongValue::Map(_) => "an object",
    };
    Err(Refusal::Unit(issue!(
        "input.invalid_type:cell",
        path,
        found = found,
        expected = "text"
    )))
}

/// A value as the JSON batch holds it, nested at `depth` in the batch (a list in it one level
/// deeper; an empty cell inside a list or a map is `null`).
pub(super) fn json(limits: &Limits, v: &LongValue, path: &str, depth: usize) -> Read<Value> {
    match v {
        LongValue::Cell(Cell::Empty) => Ok(Value::Null),
        LongValue::Cell(Cell::Text(t)) => {
            limits.check_string(t.len(), path)?;
            Ok(Value::String(t.clone()))
        }
        LongValue::Cell(Cell::Int(i)) => Ok(Value::from(*i)),
        LongValue::Cell(Cell::Bool(b)) => Ok(Value::Bool(*b)),
        LongValue::Cell(c) => Err(Refusal::Unit(not_text(c, path))),
        LongValue::List(l) => {
            limits.check_depth(depth + 1, path)?;
            (l.iter().enumerate())
                .map(|(k, x)| json(limits, x, &format!("{path}[{k}]"), depth + 1))
                .collect::<Read<Vec<_>>>()
                .map(Value::Array)
        }
        LongValue::Map(m) => {
            limits.check_depth(depth + 1, path)?;
            let mut o = Map::new();
            for (k, x) in m {
                let at = key_path(path, k);
                limits.check_string(k.len(), &at)?;
                o.insert(k.clone(), json(limits, x, &at, depth + 1)?);
            }
            Ok(Value::Object(o))
        }
    }
}

/// The refusal of a cell that is no text nor whole number: a float (`input.inexact_float`, a
/// whole one shown with its `.0`, as a data frame shows it), or why a text column of the fact
/// table refuses it (a boolean, a date, an error value).
fn not_text(c: &Cell, path: &str) -> Issue {
    match c {
        Cell::Float(x) | Cell::Number(x) => {
            let number = if x.is_finite() && x.fract() == 0.0 && x.abs() < 1e16 {
                format!("{x:.1}")
            } else {
                x.to_string()
            };
            issue!("input.inexact_float:long", path, number = number)
        }
        _ => match cell::read(c, ColumnKind::Text, CellOptions::default()) {
            Err(p) => p.to_issue(path),
            // Empty, text or a whole number: read by the callers.
            Ok(_) => issue!(
                "input.invalid_type:cell",
                path,
                found = "this value",
                expected = "text"
            ),
        },
    }
}
