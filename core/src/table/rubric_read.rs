//! The rubric's workbook read back (`read_rubric`): each sheet's rows as the rule set's JSON, every
//! value with the cell it came from, so that the rule set's problems are told with their cells.

use super::cell::{decimal_of_double, Cell};
use super::frame::ReadOptions;
use super::rubric::{COMPONENTS, CRITERIA, JSON, LEVELS, RUBRIC_SHEET};
use super::xlsx_file;
use crate::compile::RuleSet;
use crate::error::{issue, key_path, Error, Issue, Result};
use calamine::Reader as _;
use serde_json::{Map, Number, Value};

/// Where each value read came from: its JSON path and its cell.
#[derive(Default)]
struct Cells {
    at: Vec<(String, String)>,
    issues: Vec<Issue>,
}

impl Cells {
    /// A problem told with its cell; a code the rule set's reader shares with every input's
    /// (`json_syntax`, the decimals') is written as the input's, in the rule set's family.
    fn problem(&mut self, issue: Issue, cell: &str) {
        let mut issue = issue.in_family("ruleset");
        issue.message = format!("{cell}: {}", issue.message);
        self.issues.push(issue);
    }

    /// The cell of the longest path recorded that holds `path`.
    fn cell_of(&self, path: &str) -> Option<&str> {
        self.at
            .iter()
            .filter(|(p, _)| {
                path == p
                    || (path.starts_with(p.as_str())
                        && matches!(path.as_bytes().get(p.len()), Some(b'.' | b'[')))
            })
            .max_by_key(|(p, _)| p.len())
            .map(|(_, c)| c.as_str())
    }
}

/// A cell's value as JSON; `None` for an empty cell.
fn value_of(cell: &Cell, json: bool, path: &str, at: &str, cells: &mut Cells) -> Option<Value> {
    let v = match cell {
        Cell::Empty => return None,
        Cell::Text(s) if json => match serde_json::from_str(s) {
            Ok(v) => v,
            Err(e) => {
                cells.problem(issue!("input.json_syntax", path, detail = e), at);
                return None;
            }
        },
        Cell::Text(s) => Value::String(s.clone()),
        Cell::Bool(b) => Value::Bool(*b),
        Cell::Int(i) => Value::from(*i),
        // A rubric is read from workbooks: a float is read as their numbers are.
        Cell::Number(x) | Cell::Float(x)
            if x.fract() == 0.0 && x.abs() < 9_007_199_254_740_992.0 =>
        {
            Value::from(*x as i64)
        }
        Cell::Number(x) | Cell::Float(x) => match decimal_of_double(*x) {
            Ok(d) => match d.to_string().parse::<Number>() {
                Ok(n) => Value::Number(n),
                Err(_) => Value::String(d.to_string()),
            },
            Err(p) => {
                cells.problem(p.to_issue(path), at);
                return None;
            }
        },
        Cell::Date(_) | Cell::Error(_) => {
            cells.problem(issue!("ruleset.invalid_type:rubric_cell", path), at);
            return None;
        }
    };
    Some(v)
}

/// Sets `value` at a dotted `column` under `base` in `obj`, recording the cell.
fn set(
    obj: &mut Map<String, Value>,
    base: &str,
    column: &str,
    cell: &Cell,
    at: String,
    cells: &mut Cells,
) {
    let (json, column) = match column.strip_prefix(JSON) {
        Some(c) => (true, c),
        None => (false, column),
    };
    let mut path = base.to_string();
    let parts: Vec<&str> = column.split('.').filter(|p| !p.is_empty()).collect();
    for p in &parts {
        path = key_path(&path, p);
    }
    let Some(v) = value_of(cell, json, &path, &at, cells) else {
        return;
    };
    let Some((last, inner)) = parts.split_last() else {
        return;
    };
    match object_at(obj, inner) {
        Some(o) => {
            o.insert(last.to_string(), v);
        }
        None => cells.problem(
            issue!("ruleset.invalid_type:inside_column", &path, column),
            &at,
        ),
    }
    cells.at.push((path, at));
}

/// The object at `parts` under `o`, made when absent; `None` where a value is not an object.
fn object_at<'a>(
    o: &'a mut Map<String, Value>,
    parts: &[&str],
) -> Option<&'a mut Map<String, Value>> {
    let Some((first, rest)) = parts.split_first() else {
        return Some(o);
    };
    match o
        .entry(first.to_string())
        .or_insert_with(|| Value::Object(Map::new()))
    {
        Value::Object(m) => object_at(m, rest),
        _ => None,
    }
}

/// A sheet's rows as objects (its first row the header), each with its path and its row number.
type Row = (Map<String, Value>, Map<String, Value>, u32);

/// Names a row's JSON path from its index and its `level` and `depth`; `None` refuses the row.
type PathOf<'a> = dyn FnMut(usize, &Map<String, Value>, &str, &mut Cells) -> Option<String> + 'a;

/// A sheet's rows as objects (its first row the header), each with its `level` and `depth`
/// (criteria and components: where the row belongs, not fields of its own) and its row number;
/// `path_of` names the JSON path of a row from them.
fn rows_of(sheet: &xlsx_file::Sheet, path_of: &mut PathOf<'_>, cells: &mut Cells) -> Vec<Row> {
    let mut rows = sheet.rows.iter();
    let head: Vec<String> = match rows.next() {
        Some((_, h)) => h
            .iter()
            .map(|c| match c {
                Cell::Text(t) => t.trim().to_string(),
                _ => String::new(),
            })
            .collect(),
        None => return Vec::new(),
    };
    let mut out = Vec::new();
    for (row, r) in rows {
        if r.iter().all(|c| *c == Cell::Empty) {
            continue;
        }
        // `level` and `depth` place a criterion; they are read first to name its path.
        let mut own = Map::new();
        for (j, c) in r.iter().enumerate() {
            if let Some(name @ ("level" | "depth")) = head.get(j).map(String::as_str) {
                if let Some(v) = value_of(c, false, "$", &cell_ref(sheet, *row, j), cells) {
                    own.insert(name.to_string(), v);
                }
            }
        }
        let placed = matches!(sheet.name.as_str(), CRITERIA | COMPONENTS);
        let Some(path) = path_of(out.len(), &own, &cell_ref(sheet, *row, 0), cells) else {
            continue;
        };
        let mut obj = Map::new();
        for (j, c) in r.iter().enumerate() {
            match head.get(j).map(String::as_str) {
                None | Some("") => {}
                Some("level" | "depth") if placed => {}
                Some(name) => set(&mut obj, &path, name, c, cell_ref(sheet, *row, j), cells),
            }
        }
        cells.at.push((path, cell_ref(sheet, *row, 0)));
        out.push((obj, own, *row));
    }
    out
}

/// Reads a rule set from its workbook (written by `rubric`) and validates it as the JSON rule set is
/// validated: every problem with its code, its JSON path and, in its message, its cell
/// (`criteria!F7`). A criterion deeper than the one before it allows, or of a level the sheet
/// `levels` lacks, is refused (`ruleset.rubric_tree`); a workbook without the sheet `ruleset`
/// too (`ruleset.not_a_rubric`).
pub fn read_rubric(bytes: &[u8], opts: &ReadOptions) -> Result<RuleSet> {
    let mut book = xlsx_file::open(bytes, &opts.limits)?;
    let Some(head) = xlsx_file::sheet(&mut book, RUBRIC_SHEET)? else {
        return Err(Error::RuleSet(vec![issue!(
            "ruleset.not_a_rubric",
            "$",
            sheet = RUBRIC_SHEET
        )]));
    };
    let mut cells = Cells::default();
    let mut top = Map::new();
    for (row, r) in head.rows.iter().skip(1) {
        let key = match r.first() {
            Some(Cell::Text(k)) => k.trim().to_string(),
            _ => continue,
        };
        let value = r.get(1).cloned().unwrap_or(Cell::Empty);
        set(
            &mut top,
            "$",
            &key,
            &value,
            cell_ref(&head, *row, 1),
            &mut cells,
        );
    }
    // The levels, then their components and criteria.
    let mut level_ids: Vec<String> = Vec::new();
    let mut levels: Vec<Map<String, Value>> = Vec::new();
    if let Some(sheet) = xlsx_file::sheet(&mut book, LEVELS)? {
        let mut path = |i: usize, _: &Map<String, Value>, _: &str, _: &mut Cells| {
            Some(format!("$.levels[{i}]"))
        };
        for (obj, _, _) in rows_of(&sheet, &mut path, &mut cells) {
            level_ids.push(
                obj.get("id")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string(),
            );
            levels.push(obj);
        }
    }
    let level_of = |meta: &Map<String, Value>, at: &str, cells: &mut Cells| {
        let id = meta
            .get("level")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let found = level_ids.iter().position(|l| l == id);
        if found.is_none() {
            cells.problem(
                issue!(
                    "ruleset.rubric_tree:level",
                    "$.levels",
                    id,
                    sheet = LEVELS,
                    levels = level_ids.join(", ")
                ),
                at,
            );
        }
        found
    };
    let mut components: Vec<Vec<Value>> = vec![Vec::new(); levels.len()];
    if let Some(sheet) = xlsx_file::sheet(&mut book, COMPONENTS)? {
        let mut placed: Vec<usize> = Vec::new();
        let mut path = |_: usize, meta: &Map<String, Value>, at: &str, cells: &mut Cells| {
            let l = level_of(meta, at, cells)?;
            placed.push(l);
            Some(format!(
                "$.levels[{l}].components[{}]",
                components_len(&placed, l)
            ))
        };
        let rows = rows_of(&sheet, &mut path, &mut cells);
        for ((obj, _, _), l) in rows.into_iter().zip(placed) {
            components[l].push(Value::Object(obj));
        }
    }
    let mut criteria: Vec<Vec<(usize, Map<String, Value>)>> = vec![Vec::new(); levels.len()];
    if let Some(sheet) = xlsx_file::sheet(&mut book, CRITERIA)? {
        let mut counters: Vec<Vec<usize>> = vec![Vec::new(); levels.len()];
        let mut placed: Vec<(usize, usize)> = Vec::new();
        let mut path = |_: usize, meta: &Map<String, Value>, at: &str, cells: &mut Cells| {
            let l = level_of(meta, at, cells)?;
            let depth = meta
                .get("depth")
                .and_then(Value::as_u64)
                .unwrap_or(u64::MAX);
            let c = &mut counters[l];
            let depth = usize::try_from(depth).ok().filter(|d| *d <= c.len());
            let Some(depth) = depth else {
                cells.problem(
                    issue!(
                        "ruleset.rubric_tree:depth",
                        format!("$.levels[{l}].nodes"),
                        max = c.len()
                    ),
                    at,
                );
                return None;
            };
            c.truncate(depth + 1);
            if c.len() == depth + 1 {
                c[depth] += 1;
            } else {
                c.push(0);
            }
            placed.push((l, depth));
            let mut p = format!("$.levels[{l}].nodes[{}]", c[0]);
            for i in &c[1..] {
                p.push_str(&format!(".children[{i}]"));
            }
            Some(p)
        };
        let rows = rows_of(&sheet, &mut path, &mut cells);
        for ((obj, _, _), (l, depth)) in rows.into_iter().zip(placed) {
            criteria[l].push((depth, obj));
        }
    }
    // The other lists, each from its sheet.
    for name in book.sheet_names() {
        if matches!(name.as_str(), RUBRIC_SHEET | LEVELS | COMPONENTS | CRITERIA) {
            continue;
        }
        let Some(sheet) = xlsx_file::sheet(&mut book, &name)? else {
            continue;
        };
        let base = name
            .split('.')
            .fold("$".to_string(), |p: String, k| key_path(&p, k));
        let mut path =
            |i: usize, _: &Map<String, Value>, _: &str, _: &mut Cells| Some(format!("{base}[{i}]"));
        let rows: Vec<Value> = rows_of(&sheet, &mut path, &mut cells)
            .into_iter()
            .map(|(o, _, _)| Value::Object(o))
            .collect();
        let parts: Vec<&str> = name.split('.').collect();
        let Some((last, inner)) = parts.split_last() else {
            continue;
        };
        match object_at(&mut top, inner) {
            Some(o) => {
                o.insert(last.to_string(), Value::Array(rows));
            }
            None => cells.problem(
                issue!(
                    "ruleset.invalid_type:inside_sheet",
                    &base,
                    name,
                    sheet = RUBRIC_SHEET
                ),
                &format!("{name}!A1"),
            ),
        }
    }
    let levels: Vec<Value> = levels
        .into_iter()
        .zip(components)
        .zip(criteria)
        .map(|((mut l, comps), nodes)| {
            l.insert("components".into(), Value::Array(comps));
            let mut i = 0;
            l.insert("nodes".into(), Value::Array(tree(&nodes, &mut i, 0)));
            Value::Object(l)
        })
        .collect();
    top.insert("levels".into(), Value::Array(levels));
    if !cells.issues.is_empty() {
        return Err(Error::RuleSet(cells.issues));
    }
    let text = Value::Object(top).to_string();
    RuleSet::from_json_within(&text, &opts.limits).map_err(|e| located(e, &cells))
}

fn components_len(placed: &[usize], l: usize) -> usize {
    placed.iter().filter(|x| **x == l).count().saturating_sub(1)
}

/// The criteria in the tree's order, each with its depth, as nested `children`.
fn tree(rows: &[(usize, Map<String, Value>)], i: &mut usize, depth: usize) -> Vec<Value> {
    let mut out = Vec::new();
    while let Some((d, obj)) = rows.get(*i) {
        if *d != depth {
            break;
        }
        let mut obj = obj.clone();
        *i += 1;
        let kids = tree(rows, i, depth + 1);
        if !kids.is_empty() {
            obj.insert("children".into(), Value::Array(kids));
        }
        out.push(Value::Object(obj));
    }
    out
}

/// The rule set's problems, each told with the cell its path stands for.
fn located(e: Error, cells: &Cells) -> Error {
    let relocate = |mut i: Issue| {
        if let Some(c) = cells.cell_of(&i.path) {
            i.message = format!("{c}: {}", i.message);
        }
        i
    };
    match e {
        Error::RuleSet(v) => Error::RuleSet(v.into_iter().map(relocate).collect()),
        other => other,
    }
}

fn cell_ref(sheet: &xlsx_file::Sheet, row: u32, col: usize) -> String {
    format!(
        "{}!{}{row}",
        sheet.name,
        super::cell::column_letters(u32::try_from(col).unwrap_or(u32::MAX))
    )
}
