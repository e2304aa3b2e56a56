//! The long format of facts: one fact per row, as a spreadsheet of facts exported to a data frame
//! holds them, read into the batch the rows stand for and scored as that batch is.
//!
//! The facts table has the columns `unit` (the unit's id), `code` (a leaf's code, or a component's
//! id), `field` (an input field of the item or component: `met`, `percentage`, `numerator`,
//! `self`…) and `value`, and may have `section`: `items` (the default, when empty) or
//! `components`. A field the item's JSON form reads as an object (`outcomes`, `events`) is given
//! one entry per row, as `outcomes.<id>`; a field it reads as a list (`evidence`, `notes`) takes
//! one entry per row, in the rows' order. Every other column is an attribute of the row's unit
//! (`name`, `group`, `parent`, `block`…), the first value given winning. A units table, when
//! given, names each row's unit in its column `id` (or else `unit`) and gives attributes in its
//! other columns; its units come first, in its order, then those the facts name, in the order
//! they first appear. A row whose every cell is empty is no row; a row whose `value` is empty
//! gives no fact (its unit and attributes are read all the same).
//!
//! Cells are read as a JSON batch's values: text as a string, a whole number as a number, a
//! boolean as `true` or `false`, a list or a map (a data frame's cell holding one) as an array
//! or an object. Keys (`unit`, `code`, `field`, `section`, the units table's `id`) are text or
//! whole numbers (`101` is the unit `"101"`). A float is never read, whole or not
//! (`input.inexact_float`): which decimal it stands for cannot be known, and the long format has
//! no policy reading floats as a spreadsheet's numbers.
//!
//! Problems are told at paths of the tables: `$.facts[3]` is the facts table's row at position 3
//! (from 0, as a data frame counts its rows), `$.facts[3].value` its cell of column `value`;
//! `$.units_table[2].name` a cell of the units table; `$.facts` and `$.units_table` the tables as
//! a whole. What a row gives a unit is then validated as the JSON batch's unit, its problems at
//! the batch's paths (`$.units[1].items["1.1.2"].percentage`, the unit at position 1 of the
//! batch).
//!
//! What refuses what:
//! - the whole call ([`Error::Input`](crate::Error::Input)): a facts table without `unit`,
//!   `code`, `field` or `value` (`input.frame_columns`), a units table without `id` or `unit`
//!   (`input.frame_columns:units`), a column `items` or `components` in either
//!   (`input.frame_columns:reserved`), and a row with no unit to blame: its `unit` (or `id`)
//!   empty (`input.missing_field`) or not a key (a float, a date…); a text or a nesting beyond
//!   the limits ([`Error::Limit`](crate::Error::Limit));
//! - one unit, in the result's `errors` with every problem of its rows (the other units are
//!   scored as in a batch without it): a value given twice for one field of one code
//!   (`input.frame_duplicate`, at the second row), a section other than `items` and `components`
//!   (`input.frame_section`), an empty `code` or `field` in a row with a value
//!   (`input.missing_field`), a float (`input.inexact_float`), a date or a value of no JSON type
//!   (`input.cell_date`, `input.cell_error`); then, as in every batch, whatever the unit's
//!   validation finds.
//!
//! The receipt's `inputs_sha256` is that of the batch the rows stand for, written as canonical
//! JSON, as [`score_batch_value`](crate::internal::score_batch_value) hashes a batch given as a
//! JSON value: that batch scores to the same result, byte for byte. A refused unit is hashed as
//! what its rows gave it.

use super::cell::Cell;
use crate::batch::{self, BatchOptions, BatchResult};
use crate::compile::RuleSet;
use crate::error::{Issue, Result};
use crate::input::{parse_unit, ParsedBatch, UnitEntry};
use serde_json::{Map, Value};

mod cells;
mod read;

#[cfg(test)]
mod tests;

/// A cell of a long table: a cell as a data frame holds it, or a list or a map (a data frame's
/// cell holding one, such as a unit's `bonus` entries in a units table).
#[derive(Debug, Clone, PartialEq)]
pub enum LongValue {
    /// A cell: empty (missing), text, a whole number, a float, a boolean, a date or an error
    /// value (a value of no JSON type).
    Cell(Cell),
    List(Vec<LongValue>),
    Map(Vec<(String, LongValue)>),
}

impl From<Cell> for LongValue {
    fn from(c: Cell) -> Self {
        LongValue::Cell(c)
    }
}

impl LongValue {
    fn is_empty(&self) -> bool {
        matches!(self, LongValue::Cell(Cell::Empty))
    }
}

static EMPTY: LongValue = LongValue::Cell(Cell::Empty);

/// A table of the long format as a data frame holds it: its column names and each column's
/// values (a column shorter than the others is empty below its end).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LongTable {
    pub header: Vec<String>,
    pub columns: Vec<Vec<LongValue>>,
}

impl LongTable {
    /// A table of these columns.
    pub fn new(header: Vec<String>, columns: Vec<Vec<LongValue>>) -> LongTable {
        LongTable { header, columns }
    }

    /// Whether a table with these column names is in the long format (a `unit` column, or `code`
    /// and `field`) rather than the fact table's (one row per unit, which has an `id` column).
    ///
    /// ```
    /// use parindex::table::LongTable;
    /// assert!(LongTable::is_long(&["unit", "code", "field", "value"]));
    /// assert!(!LongTable::is_long(&["id", "name", "group", "unit"]));
    /// ```
    pub fn is_long(header: &[impl AsRef<str>]) -> bool {
        let has = |name: &str| header.iter().any(|h| h.as_ref() == name);
        !has("id") && (has("unit") || (has("code") && has("field")))
    }

    fn rows(&self) -> usize {
        self.columns.iter().map(Vec::len).max().unwrap_or(0)
    }

    /// The first column of this name.
    fn position(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|h| h == name)
    }

    fn at(&self, column: usize, row: usize) -> &LongValue {
        (self.columns.get(column))
            .and_then(|c| c.get(row))
            .unwrap_or(&EMPTY)
    }

    fn blank_row(&self, row: usize) -> bool {
        (0..self.columns.len()).all(|j| self.at(j, row).is_empty())
    }

    /// The name of column `j` (its position when it has none).
    fn name(&self, j: usize) -> String {
        self.header.get(j).cloned().unwrap_or_else(|| j.to_string())
    }
}

/// The columns every facts table has.
const FACT_COLUMNS: [&str; 4] = ["unit", "code", "field", "value"];

/// The names no attribute column may have: a unit's items and components are rows of the facts.
const RESERVED: [&str; 2] = ["items", "components"];

/// The level of nesting, in the batch's JSON, of a unit's object and of an item's (`$`, `units`,
/// the unit, `items`, the item): a list in a cell is one level deeper.
const UNIT_DEPTH: usize = 3;
const ITEM_DEPTH: usize = 5;

/// The batch long-format facts stand for: each unit's JSON object as its rows give it, and the
/// problems of its rows. Read with [`LongFacts::read`], scored with [`LongFacts::score`].
///
/// ```
/// use parindex::table::{Cell, LongFacts, LongTable, LongValue};
///
/// let rs = parindex::builtin::ruleset(parindex::builtin::DEFAULT_RULESET).unwrap();
/// let text = |s: &str| LongValue::Cell(Cell::Text(s.into()));
/// let column = |cells: &[&str]| cells.iter().map(|s| text(s)).collect();
/// let header = ["unit", "name", "group", "code", "field", "value"].map(String::from).to_vec();
/// let mut columns: Vec<Vec<LongValue>> = vec![
///     column(&["so_x", "so_x", "so_y", "so_y", "so_y"]),
///     column(&["Sở X", "Sở X", "Sở Y", "Sở Y", "Sở Y"]),
///     column(&["department"; 5]),
///     column(&["3.3.3"; 5]),
///     column(&["numerator", "denominator", "numerator", "denominator", "numerator"]),
/// ];
/// columns.push([180, 200, 150, 200, 160].map(|n| LongValue::Cell(Cell::Int(n))).to_vec());
/// let table = LongTable::new(header, columns);
/// let facts = LongFacts::read(&table, None, &Default::default()).unwrap();
/// let result = facts.score(&rs, Default::default()).unwrap();
/// let node = result.units[0].nodes.find("3.3.3").unwrap();
/// assert_eq!(node.percentage.unwrap().to_string(), "90.00");
/// // Sở Y is given its numerator twice: refused, at the second row; Sở X is scored.
/// let e = &result.errors[0];
/// assert_eq!(e.id.as_deref(), Some("so_y"));
/// let issue = &e.errors[0];
/// assert_eq!((issue.code.as_str(), issue.path.as_str()), ("input.frame_duplicate", "$.facts[4]"));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct LongFacts {
    units: Vec<LongUnit>,
    /// A title (the batch's `title`).
    pub title: Option<String>,
    /// Whether the data are synthetic (the batch's `synthetic`, the receipt's).
    pub synthetic: bool,
}

#[derive(Debug, Clone, PartialEq)]
struct LongUnit {
    id: String,
    /// `id` and the attributes.
    object: Map<String, Value>,
    items: Option<Map<String, Value>>,
    components: Option<Map<String, Value>>,
    /// The problems of the unit's rows: the unit is refused.
    issues: Vec<Issue>,
}

impl LongUnit {
    /// The unit's JSON object.
    fn json(&self) -> Value {
        let mut o = self.object.clone();
        for (name, section) in [("items", &self.items), ("components", &self.components)] {
            if let Some(s) = section {
                o.insert(name.to_string(), Value::Object(s.clone()));
            }
        }
        Value::Object(o)
    }
}

impl LongFacts {
    /// How many units the rows name.
    pub fn len(&self) -> usize {
        self.units.len()
    }

    /// Whether the rows name no unit.
    pub fn is_empty(&self) -> bool {
        self.units.is_empty()
    }

    /// The JSON batch the rows stand for (for the rule set `ruleset`): what is hashed.
    fn batch_json(&self, ruleset: &str) -> Value {
        let mut b = Map::new();
        b.insert(
            "format_version".into(),
            Value::from(crate::def::FORMAT_VERSION),
        );
        b.insert("ruleset".into(), Value::String(ruleset.to_string()));
        if let Some(t) = &self.title {
            b.insert("title".into(), Value::String(t.clone()));
        }
        if self.synthetic {
            b.insert("synthetic".into(), Value::Bool(true));
        }
        let units = self.units.iter().map(LongUnit::json).collect();
        b.insert("units".into(), Value::Array(units));
        Value::Object(b)
    }

    /// Scores the batch the rows stand for, exactly as the JSON batch of the same units is scored
    /// (each unit validated with its usual paths, the per-unit refusals, settling and ranking);
    /// a unit whose rows have a problem is refused with them, the others scored regardless.
    pub fn score(&self, rs: &RuleSet, opts: BatchOptions) -> Result<BatchResult> {
        let batch = self.batch_json(rs.id());
        let sha = crate::support::hash::canonical_sha256(&batch);
        let objects = match batch.get("units") {
            Some(Value::Array(a)) => a.as_slice(),
            _ => &[],
        };
        let units = (self.units.iter().zip(objects).enumerate())
            .map(|(k, (u, object))| {
                if u.issues.is_empty() {
                    parse_unit(object, &format!("$.units[{k}]"))
                } else {
                    UnitEntry::Bad {
                        id: Some(u.id.clone()),
                        issues: u.issues.clone(),
                    }
                }
            })
            .collect();
        let parsed = ParsedBatch {
            ruleset: None,
            title: self.title.clone(),
            synthetic: self.synthetic,
            units,
        };
        batch::score_parsed_batch(rs, parsed, sha, opts)
    }
}
