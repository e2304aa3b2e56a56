//! The rubric as a workbook: a rule set written as sheets to read and edit in a spreadsheet
//! program, and read back, validated as the JSON rule set is, each problem told with its cell.
//!
//! The sheets: `ruleset` (key and value: the header fields, dotted: `decision.number`,
//! `rounding.scale`), `levels`, `components` and `criteria` (one row per criterion in the tree's
//! order, its `level` and `depth`; the rule's kind and parameters in `rule.*` columns), and a sheet
//! for each other list of the rule set (`groups`, `bands`, `calendar.periods`, …), one row per
//! entry. A column is a field's dotted path; a column `json:PATH` holds a list as JSON text (a
//! choice rule's options, an evidence list). Decimals are text cells, written exactly as the
//! canonical JSON writes them; whole numbers (a year, a scale) number cells; yes/no boolean cells.
//! Written then read, a rule set is the same rule set (the same canonical JSON and SHA-256).

use super::xlsx_file::{written, MAX_CELL_CHARS};
use crate::compile::RuleSet;
use crate::error::{issue, Error, Result};
use rust_xlsxwriter::{Format, Workbook, Worksheet};
use serde_json::{Map, Value};

/// The sheet of the rule set's header fields.
pub const RUBRIC_SHEET: &str = "ruleset";
pub(super) const LEVELS: &str = "levels";
pub(super) const CRITERIA: &str = "criteria";
pub(super) const COMPONENTS: &str = "components";
/// The prefix of a column holding JSON text.
pub(super) const JSON: &str = "json:";

/// Rows of one sheet: each a map from a column (a dotted path) to a cell's value.
struct Table {
    name: String,
    rows: Vec<Map<String, Value>>,
}

impl Table {
    fn new(name: &str) -> Table {
        Table {
            name: name.to_string(),
            rows: Vec::new(),
        }
    }
}

/// A value's fields as columns: objects by their dotted paths, lists as JSON text.
fn flat_row(prefix: &str, v: &Value, row: &mut Map<String, Value>) {
    match v {
        Value::Null => {}
        Value::Object(m) => {
            for (k, x) in m {
                flat_row(&join(prefix, k), x, row);
            }
        }
        Value::Array(_) => {
            row.insert(format!("{JSON}{prefix}"), Value::String(v.to_string()));
        }
        _ => {
            row.insert(prefix.to_string(), v.clone());
        }
    }
}

fn join(prefix: &str, k: &str) -> String {
    if prefix.is_empty() {
        k.to_string()
    } else {
        format!("{prefix}.{k}")
    }
}

/// The header fields (key and value rows) and the lists of objects, each a table of its own.
fn flat_top(prefix: &str, v: &Value, kv: &mut Map<String, Value>, tables: &mut Vec<Table>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                flat_top(&join(prefix, k), x, kv, tables);
            }
        }
        Value::Array(a) if !a.is_empty() && a.iter().all(Value::is_object) => {
            let mut t = Table::new(prefix);
            for x in a {
                let mut row = Map::new();
                flat_row("", x, &mut row);
                t.rows.push(row);
            }
            tables.push(t);
        }
        _ => flat_row(prefix, v, kv),
    }
}

fn pre_order(level: &str, nodes: &[Value], depth: u64, t: &mut Table) {
    for n in nodes {
        let mut row = Map::new();
        row.insert("level".into(), Value::String(level.to_string()));
        row.insert("depth".into(), Value::from(depth));
        let mut own = n.as_object().cloned().unwrap_or_default();
        let children = own.remove("children");
        flat_row("", &Value::Object(own), &mut row);
        t.rows.push(row);
        if let Some(Value::Array(c)) = children {
            pre_order(level, &c, depth + 1, t);
        }
    }
}

/// The rule set as a workbook (see the module's documentation).
pub fn rubric(rs: &RuleSet) -> Result<Vec<u8>> {
    let def: Value = serde_json::from_str(&rs.to_json())
        .map_err(|e| Error::input(issue!("input.not_representable:workbook", "$", detail = e)))?;
    let mut top = def.as_object().cloned().unwrap_or_default();
    let levels = top.remove("levels");
    let mut kv = Map::new();
    let mut lists = Vec::new();
    flat_top("", &Value::Object(top), &mut kv, &mut lists);
    let (mut lv, mut comps, mut crit) = (
        Table::new(LEVELS),
        Table::new(COMPONENTS),
        Table::new(CRITERIA),
    );
    for l in levels
        .as_ref()
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let mut own = l.as_object().cloned().unwrap_or_default();
        let id = own
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let nodes = own.remove("nodes");
        let components = own.remove("components");
        let mut row = Map::new();
        flat_row("", &Value::Object(own), &mut row);
        lv.rows.push(row);
        for c in components
            .as_ref()
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let mut row = Map::new();
            row.insert("level".into(), Value::String(id.clone()));
            flat_row("", c, &mut row);
            comps.rows.push(row);
        }
        let nodes = nodes
            .as_ref()
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        pre_order(&id, &nodes, 0, &mut crit);
    }
    let mut book = Workbook::new();
    let head = Format::new().set_bold().set_background_color("DDEBF7");
    let mut ws = Worksheet::new();
    ws.set_name(RUBRIC_SHEET).map_err(|e| written(e, "$"))?;
    let pairs: Vec<Map<String, Value>> = kv
        .into_iter()
        .map(|(k, v)| Map::from_iter([("key".to_string(), Value::String(k)), ("value".into(), v)]))
        .collect();
    write_sheet(&mut ws, &["key".into(), "value".into()], &pairs, &head)?;
    book.push_worksheet(ws);
    for t in [lv, comps, crit].into_iter().chain(lists) {
        let mut cols: Vec<String> = Vec::new();
        for r in &t.rows {
            for k in r.keys() {
                if !cols.contains(k) {
                    cols.push(k.clone());
                }
            }
        }
        // The columns an officer reads first, first; the others in the order the rows give.
        cols.sort_by_key(|c| reading_order(c));
        let mut ws = Worksheet::new();
        ws.set_name(&t.name).map_err(|e| written(e, "$"))?;
        write_sheet(&mut ws, &cols, &t.rows, &head)?;
        book.push_worksheet(ws);
    }
    book.save_to_buffer().map_err(|e| written(e, "$"))
}

/// Where a column stands in a sheet: what identifies a row and what it says (code, id, depth,
/// labels, points), then the rule, then where it comes from; any other column after these, in the
/// order the rows give it (the sort is stable). Reading goes by the header's names, not places.
fn reading_order(column: &str) -> usize {
    const FIRST: [&str; 10] = [
        "code",
        "id",
        "level",
        "depth",
        "label.vi",
        "label.en",
        "max_points",
        "min_points",
        "rule.kind",
        "form",
    ];
    const LAST: [&str; 5] = ["legal_ref", "source", "note", "appraiser", "json:evidence"];
    let rule = column.starts_with("rule.") || column.starts_with("json:rule.");
    match (
        FIRST.iter().position(|c| *c == column),
        LAST.iter().position(|c| *c == column),
    ) {
        (Some(i), _) => i,
        _ if rule => FIRST.len(),
        (None, None) => FIRST.len() + 1,
        (None, Some(i)) => FIRST.len() + 2 + i,
    }
}

fn write_sheet(
    ws: &mut Worksheet,
    cols: &[String],
    rows: &[Map<String, Value>],
    head: &Format,
) -> Result<()> {
    let at = |e| written(e, "$");
    for (j, c) in cols.iter().enumerate() {
        let j = u16::try_from(j).map_err(|_| too_wide())?;
        ws.write_string_with_format(0, j, c, head).map_err(at)?;
        let wide = c.starts_with(JSON) || c.starts_with("label.");
        ws.set_column_width(j, if wide { 40 } else { 16 })
            .map_err(at)?;
    }
    for (i, r) in rows.iter().enumerate() {
        let i = u32::try_from(i + 1).map_err(|_| too_wide())?;
        for (j, c) in cols.iter().enumerate() {
            let j = u16::try_from(j).map_err(|_| too_wide())?;
            match r.get(c) {
                None | Some(Value::Null) => {}
                Some(Value::String(s)) if s.chars().count() > MAX_CELL_CHARS => {
                    return Err(Error::input(issue!(
                        "input.not_representable:long_cell",
                        "$",
                        column = c,
                        max = MAX_CELL_CHARS
                    )))
                }
                Some(Value::String(s)) => {
                    ws.write_string(i, j, s).map_err(at)?;
                }
                Some(Value::Bool(b)) => {
                    ws.write_boolean(i, j, *b).map_err(at)?;
                }
                Some(Value::Number(n)) => match n.as_i64().filter(|x| x.abs() < 1 << 53) {
                    Some(x) => {
                        ws.write_number(i, j, x as f64).map_err(at)?;
                    }
                    None => {
                        return Err(Error::input(issue!(
                            "input.not_representable:number",
                            "$",
                            column = c,
                            number = n
                        )))
                    }
                },
                Some(v) => {
                    ws.write_string(i, j, v.to_string()).map_err(at)?;
                }
            }
        }
    }
    ws.set_freeze_panes(1, 0).map_err(at)?;
    Ok(())
}

fn too_wide() -> Error {
    Error::input(issue!("input.not_representable:sheet_size", "$"))
}
