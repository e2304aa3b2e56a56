//! The result frames: a batch's units (one row each), its nodes (one row per unit and node), its
//! ranking (one row per ranked unit) and a rule set's rubric (one row per level and node), as
//! columns of [`Value`]s, each column with the type that holds all its values exactly
//! ([`ColumnType`]: decimals with the precision and scale of their values, lists of them). A
//! binding makes its language's data frame of them (pandas, polars) and decides nothing.
//!
//! The rows are the result's own records, reshaped: a record's scalar fields as columns, some of
//! its records flattened into `prefix.name` columns. Nothing is computed.

use super::shape::{self, ShapeId};
use super::tree::{Tree, TreeError, Value};
use crate::batch::BatchResult;
use crate::compile::RuleSet;
use crate::ranking::RankBlock;
use rust_decimal::Decimal;
use std::borrow::Cow;
use std::collections::HashMap;

/// The type of a column, or of its lists' elements: what a data frame holds its values as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ColumnType {
    /// Decimals; `precision` digits, `scale` of them after the point (at most 38, Arrow's
    /// `decimal128`).
    Decimal {
        precision: u32,
        scale: u32,
    },
    Bool,
    Int,
    Str,
    List(Box<ColumnType>),
    Struct(Vec<(String, ColumnType)>),
}

/// A column: its name, its values (`Null` where a row has none) and, when its values are
/// decimals or lists whose type is known, that type; `None` leaves it to the data frame library.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub name: String,
    pub values: Vec<Value>,
    pub kind: Option<ColumnType>,
}

/// Rows becoming columns: a column for each name, in the order first met.
#[derive(Default)]
struct Rows {
    names: Vec<String>,
    at: HashMap<String, usize>,
    rows: Vec<Vec<(usize, Value)>>,
}

impl Rows {
    fn row(&mut self) -> Row<'_> {
        self.rows.push(Vec::new());
        Row(self)
    }

    fn columns(self) -> Vec<Column> {
        let n = self.rows.len();
        let mut values: Vec<Vec<Value>> = vec![vec![Value::Null; n]; self.names.len()];
        for (r, row) in self.rows.into_iter().enumerate() {
            for (c, v) in row {
                if let Some(slot) = values.get_mut(c).and_then(|col| col.get_mut(r)) {
                    *slot = v;
                }
            }
        }
        (self.names.into_iter().zip(values))
            .map(|(name, values)| {
                let kind = column_type(&values);
                Column { name, values, kind }
            })
            .collect()
    }
}

/// The row being written.
struct Row<'r>(&'r mut Rows);

impl Row<'_> {
    fn set(&mut self, name: &str, v: Value) {
        let rows = &mut *self.0;
        let c = match rows.at.get(name) {
            Some(c) => *c,
            None => {
                rows.names.push(name.to_string());
                rows.at.insert(name.to_string(), rows.names.len() - 1);
                rows.names.len() - 1
            }
        };
        if let Some(row) = rows.rows.last_mut() {
            match row.iter_mut().find(|(at, _)| *at == c) {
                Some(slot) => slot.1 = v,
                None => row.push((c, v)),
            }
        }
    }

    /// The record's scalar fields (not lists or objects), as columns of their names.
    fn scalars(&mut self, record: &Value) {
        for (k, v) in fields(record) {
            if !v.is_nested() {
                self.set(k, v.clone());
            }
        }
    }

    /// The record's fields as `prefix.name` columns (an object field as `prefix.name.key`),
    /// leaving out `except`.
    fn flat(&mut self, prefix: &str, record: &Value, except: &str) {
        for (k, v) in fields(record).filter(|(k, _)| *k != except) {
            match v {
                Value::Map(m) => {
                    for (kk, vv) in m {
                        self.set(&format!("{prefix}.{k}.{kk}"), vv.clone());
                    }
                }
                _ => self.set(&format!("{prefix}.{k}"), v.clone()),
            }
        }
    }
}

fn fields(record: &Value) -> impl Iterator<Item = (&str, &Value)> {
    let m: &[(Cow<'static, str>, Value)] = match record {
        Value::Map(m) => m,
        _ => &[],
    };
    m.iter().map(|(k, v)| (k.as_ref(), v))
}

fn list(v: Option<&Value>) -> &[Value] {
    match v {
        Some(Value::List(l)) => l,
        _ => &[],
    }
}

fn text<'v>(record: &'v Value, key: &str) -> &'v str {
    record.get(key).and_then(Value::as_str).unwrap_or("")
}

fn result_tree<T: serde::Serialize + ?Sized>(
    value: &T,
    part: fn(&shape::ResultShapes) -> ShapeId,
    skip: &[&str],
) -> Result<Value, TreeError> {
    let s = shape::result().ok_or_else(|| {
        TreeError::new("the result schema lacks receipt, units, nodes, errors or ranking")
    })?;
    Tree::new(&s.shapes).skipping(value, part(s), skip)
}

/// One row per scored unit: its scalar fields, its `rank`, and the points of each component
/// (`component.<id>`) and field (`field.<code>`, `sub_index.<code>`).
pub fn units(result: &BatchResult) -> Result<Vec<Column>, TreeError> {
    let ranks: HashMap<&str, usize> = (result.ranking.iter())
        .flat_map(|b| b.entries.iter().map(|e| (e.id.as_str(), e.rank)))
        .collect();
    let units = result_tree(&result.units, |s| s.units, &["nodes"])?;
    let mut rows = Rows::default();
    for u in list(Some(&units)) {
        let mut row = rows.row();
        row.scalars(u);
        let rank = ranks.get(text(u, "id")).map(|r| Value::Int(*r as i128));
        row.set("rank", rank.unwrap_or(Value::Null));
        for c in list(u.get("components")) {
            row.set(
                &format!("component.{}", text(c, "id")),
                c.get("points").cloned().unwrap_or(Value::Null),
            );
        }
        for f in list(u.get("fields")) {
            let code = text(f, "code");
            row.set(
                &format!("field.{code}"),
                f.get("points").cloned().unwrap_or(Value::Null),
            );
            row.set(
                &format!("sub_index.{code}"),
                f.get("sub_index").cloned().unwrap_or(Value::Null),
            );
        }
    }
    Ok(rows.columns())
}

/// One row per unit and node: the unit's `unit` (id), `unit_name`, `level`, `group` and `block`,
/// then the node's scalar fields; its `caps` and `lost_in` (lists); the branch of the rule that
/// gave its points (`branch`: the rule's name, `branch.<name>` what it compared); the facts given
/// (`facts`, and `facts.<name>`) and the leaf's history (`history`, and `history.<name>`).
pub fn nodes(result: &BatchResult) -> Result<Vec<Column>, TreeError> {
    let mut rows = Rows::default();
    for unit in &result.units {
        let u = result_tree(unit, |s| s.unit, &[])?;
        for node in list(u.get("nodes")) {
            let mut row = rows.row();
            for (name, key) in [
                ("unit", "id"),
                ("unit_name", "name"),
                ("level", "level"),
                ("group", "group"),
                ("block", "block"),
            ] {
                row.set(name, u.get(key).cloned().unwrap_or(Value::Null));
            }
            row.scalars(node);
            for key in ["caps", "lost_in"] {
                row.set(key, Value::List(list(node.get(key)).to_vec()));
            }
            let branch = node.get("branch").filter(|b| **b != Value::Null);
            row.set(
                "branch",
                branch
                    .and_then(|b| b.get("rule"))
                    .cloned()
                    .unwrap_or(Value::Null),
            );
            if let Some(b) = branch {
                row.flat("branch", b, "rule");
            }
            for key in ["facts", "history"] {
                let record = node.get(key).cloned().unwrap_or(Value::Null);
                row.set(key, record.clone());
                row.flat(key, &record, "");
            }
        }
    }
    Ok(rows.columns())
}

/// One row per ranked unit: its block's `block`, `level` and `parent`, then the entry's scalar
/// fields (`rank`, `id`, `name`, `index`…).
pub fn ranking(blocks: &[RankBlock]) -> Result<Vec<Column>, TreeError> {
    let tree = result_tree(blocks, |s| s.ranking, &[])?;
    let mut rows = Rows::default();
    for b in list(Some(&tree)) {
        for e in list(b.get("entries")) {
            let mut row = rows.row();
            for key in ["block", "level", "parent"] {
                row.set(key, b.get(key).cloned().unwrap_or(Value::Null));
            }
            row.scalars(e);
        }
    }
    Ok(rows.columns())
}

/// The rubric of the rule set's definition, one row per level and node in the rule set's order:
/// its `level`, `code`, `field` (the top node it belongs to), `parent` and `depth`, its labels
/// (`label_vi`, `label_en`), `max_points` and `min_points`, `rule` (its kind; `Null` for a node
/// summing its sub-criteria), the `groups` it applies to (every group of the level when it names
/// none), the `evidence` it needs (the Vietnamese texts), `appraiser`, `legal_ref`, `source` and
/// `note`: the definition as it is.
pub fn criteria(rs: &RuleSet) -> Result<Vec<Column>, TreeError> {
    let def = Tree::as_written(shape::ruleset()).of(rs.def(), shape::ROOT)?;
    let mut of_level: Vec<(&str, Vec<Value>)> = Vec::new();
    for g in list(def.get("groups")) {
        let level = text(g, "level");
        let id = g.get("id").cloned().unwrap_or(Value::Null);
        match of_level.iter_mut().find(|(l, _)| *l == level) {
            Some((_, ids)) => ids.push(id),
            None => of_level.push((level, vec![id])),
        }
    }
    let mut rows = Rows::default();
    for level in list(def.get("levels")) {
        let id = text(level, "id");
        let groups = of_level
            .iter()
            .find(|(l, _)| *l == id)
            .map(|(_, g)| g.as_slice())
            .unwrap_or(&[]);
        walk(
            &mut rows,
            id,
            groups,
            list(level.get("nodes")),
            None,
            None,
            1,
        );
    }
    Ok(rows.columns())
}

fn walk(
    rows: &mut Rows,
    level: &str,
    groups: &[Value],
    nodes: &[Value],
    parent: Option<&str>,
    field: Option<&str>,
    depth: i128,
) {
    let got = |node: &Value, key: &str| node.get(key).cloned().unwrap_or(Value::Null);
    for node in nodes {
        let code = text(node, "code");
        let field = field.unwrap_or(code);
        let label = got(node, "label");
        let mut row = rows.row();
        row.set("level", Value::Str(level.into()));
        row.set("code", Value::Str(code.into()));
        row.set("field", Value::Str(field.into()));
        row.set(
            "parent",
            parent.map_or(Value::Null, |p| Value::Str(p.into())),
        );
        row.set("depth", Value::Int(depth));
        row.set("label_vi", got(&label, "vi"));
        row.set("label_en", got(&label, "en"));
        row.set("max_points", got(node, "max_points"));
        row.set("min_points", got(node, "min_points"));
        row.set("rule", got(&got(node, "rule"), "kind"));
        let own = list(node.get("groups"));
        row.set(
            "groups",
            Value::List(if own.is_empty() { groups } else { own }.to_vec()),
        );
        let evidence = list(node.get("evidence")).iter().map(|e| got(e, "vi"));
        row.set("evidence", Value::List(evidence.collect()));
        for key in ["appraiser", "legal_ref", "source", "note"] {
            row.set(key, got(node, key));
        }
        walk(
            rows,
            level,
            groups,
            list(node.get("children")),
            Some(code),
            Some(field),
            depth + 1,
        );
    }
}

/// The type holding every value of a column exactly, when it is decimals or lists of a known
/// type; `None` otherwise (no value, values of several types, or beyond 38 digits).
pub fn column_type(values: &[Value]) -> Option<ColumnType> {
    decimal_type(values).or_else(|| list_type(values))
}

fn present(values: &[Value]) -> impl Iterator<Item = &Value> {
    values.iter().filter(|v| **v != Value::Null)
}

/// Precision and scale holding every decimal exactly, when every present value is one.
fn decimal_type(values: &[Value]) -> Option<ColumnType> {
    let (mut scale, mut whole, mut any) = (0i64, 1i64, false);
    for v in present(values) {
        let Value::Decimal(t) = v else { return None };
        any = true;
        // The digits of the value's coefficient (at least one) and its exponent, as Python's
        // `Decimal.as_tuple()` counts them: 12.50 is 1250 × 10^-2.
        let d: Decimal = t.parse().ok()?;
        let digits = (d.mantissa().unsigned_abs().checked_ilog10()).map_or(1, |l| i64::from(l) + 1);
        let exp = -i64::from(d.scale());
        scale = scale.max(-exp);
        whole = whole.max(digits + exp);
    }
    (any && whole + scale <= 38).then(|| ColumnType::Decimal {
        precision: (whole + scale) as u32,
        scale: scale as u32,
    })
}

/// The type of a column of lists, when every present value is a list and their elements have one.
fn list_type(values: &[Value]) -> Option<ColumnType> {
    let mut elements = Vec::new();
    for v in present(values) {
        let Value::List(l) = v else { return None };
        elements.extend(l.iter().cloned());
    }
    present(values).next()?;
    value_type(&elements).map(|t| ColumnType::List(Box::new(t)))
}

/// The type of list elements or of a struct's field.
fn value_type(values: &[Value]) -> Option<ColumnType> {
    let first = present(values).next()?;
    let all = |f: fn(&Value) -> bool| present(values).all(f);
    match first {
        Value::Decimal(_) => decimal_type(values),
        Value::Bool(_) if all(|v| matches!(v, Value::Bool(_))) => Some(ColumnType::Bool),
        Value::Int(_) if all(|v| matches!(v, Value::Int(_))) => Some(ColumnType::Int),
        Value::Str(_) if all(|v| matches!(v, Value::Str(_))) => Some(ColumnType::Str),
        Value::List(_) => list_type(values),
        Value::Map(_) if all(|v| matches!(v, Value::Map(_))) => {
            let mut names: Vec<&str> = Vec::new();
            for v in present(values) {
                for (k, _) in fields(v) {
                    if !names.contains(&k) {
                        names.push(k);
                    }
                }
            }
            let field = |k: &str| -> Vec<Value> {
                present(values)
                    .map(|v| v.get(k).cloned().unwrap_or(Value::Null))
                    .collect()
            };
            let typed: Option<Vec<(String, ColumnType)>> = names
                .iter()
                .map(|k| Some((k.to_string(), value_type(&field(k))?)))
                .collect();
            typed.map(ColumnType::Struct)
        }
        _ => None,
    }
}
