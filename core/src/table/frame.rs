//! The fact table held as columns: read from cells, written to cells, and turned into the units
//! of a batch (and back).

use super::arrow_data::{ArrowCells, ArrowColumn};
use super::cell::{self, Cell, CellOptions, Location, Value};
use super::columns::{ColumnKind, Columns, Entry, Fact, Role, Side};
use crate::batch::{self, BatchOptions, BatchResult};
use crate::compile::RuleSet;
use crate::error::{Error, Issue, Result};
use crate::input::{
    AdjustmentInput, ComponentInput, ItemInput, Items, ParsedBatch, UnitEntry, UnitInput,
};
use crate::support::limits::{Kind, Limits};
use rust_decimal::Decimal;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// One column's values, typed, with validity: `None` where the cell is empty.
#[derive(Debug, Clone, PartialEq)]
pub enum ColumnData {
    Text(Vec<Option<String>>),
    Decimal(Vec<Option<Decimal>>),
    Count(Vec<Option<u64>>),
    Bool(Vec<Option<bool>>),
    Lines(Vec<Option<Vec<String>>>),
    /// Arrow data read in place (a binding's pyarrow Table or polars DataFrame): each value is
    /// read from the data's buffers when asked for, of the column's type.
    Arrow(ArrowCells),
}

impl ColumnData {
    fn new(kind: ColumnKind, rows: usize) -> ColumnData {
        match kind {
            ColumnKind::Text => ColumnData::Text(vec![None; rows]),
            ColumnKind::Decimal => ColumnData::Decimal(vec![None; rows]),
            ColumnKind::Count => ColumnData::Count(vec![None; rows]),
            ColumnKind::Bool => ColumnData::Bool(vec![None; rows]),
            ColumnKind::Lines => ColumnData::Lines(vec![None; rows]),
        }
    }

    /// The type of the values.
    pub fn kind(&self) -> ColumnKind {
        match self {
            ColumnData::Text(_) => ColumnKind::Text,
            ColumnData::Decimal(_) => ColumnKind::Decimal,
            ColumnData::Count(_) => ColumnKind::Count,
            ColumnData::Bool(_) => ColumnKind::Bool,
            ColumnData::Lines(_) => ColumnKind::Lines,
            ColumnData::Arrow(a) => a.kind,
        }
    }

    /// How many rows.
    pub fn len(&self) -> usize {
        match self {
            ColumnData::Text(v) => v.len(),
            ColumnData::Decimal(v) => v.len(),
            ColumnData::Count(v) => v.len(),
            ColumnData::Bool(v) => v.len(),
            ColumnData::Lines(v) => v.len(),
            ColumnData::Arrow(a) => a.len(),
        }
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The value at `row`, if any.
    pub fn get(&self, row: usize) -> Option<Value> {
        match self {
            ColumnData::Text(v) => v.get(row)?.clone().map(Value::Text),
            ColumnData::Decimal(v) => v.get(row)?.map(Value::Decimal),
            ColumnData::Count(v) => v.get(row)?.map(Value::Count),
            ColumnData::Bool(v) => v.get(row)?.map(Value::Bool),
            ColumnData::Lines(v) => v.get(row)?.clone().map(Value::Lines),
            ColumnData::Arrow(a) => a.get(row),
        }
    }

    /// Whether the cell at `row` holds a value.
    pub fn is_set(&self, row: usize) -> bool {
        match self {
            ColumnData::Text(v) => v.get(row).is_some_and(Option::is_some),
            ColumnData::Decimal(v) => v.get(row).is_some_and(Option::is_some),
            ColumnData::Count(v) => v.get(row).is_some_and(Option::is_some),
            ColumnData::Bool(v) => v.get(row).is_some_and(Option::is_some),
            ColumnData::Lines(v) => v.get(row).is_some_and(Option::is_some),
            ColumnData::Arrow(a) => a.get(row).is_some(),
        }
    }

    /// Sets the value at `row` (of the column's type; another type is ignored).
    fn set(&mut self, row: usize, value: Value) {
        match (self, value) {
            (ColumnData::Text(v), Value::Text(x)) => v[row] = Some(x),
            (ColumnData::Decimal(v), Value::Decimal(x)) => v[row] = Some(x),
            (ColumnData::Count(v), Value::Count(x)) => v[row] = Some(x),
            (ColumnData::Bool(v), Value::Bool(x)) => v[row] = Some(x),
            (ColumnData::Lines(v), Value::Lines(x)) => v[row] = (!x.is_empty()).then_some(x),
            _ => {}
        }
    }
}

/// A column of the fact table: its name, what it stands for, its values.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    name: String,
    role: Role,
    data: ColumnData,
    /// The column's position in the file it was read from (from 0).
    source: Option<u32>,
    /// The row of the column's one cell, in a form read as a table of one row.
    source_row: Option<u32>,
}

impl Column {
    /// The column's name (`3.3.3.numerator`).
    pub fn name(&self) -> &str {
        &self.name
    }
    /// What the column stands for in a unit.
    pub fn role(&self) -> &Role {
        &self.role
    }
    /// The values.
    pub fn data(&self) -> &ColumnData {
        &self.data
    }
}

/// Cells laid out as a sheet: a header row of column names, then one row per unit. What a CSV
/// file, a worksheet or a binding's data frame is read into before it becomes a [`FactTable`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Grid {
    /// The sheet's name (workbooks): cells are located as `Sheet!C7`, else as `row 7, column
    /// 3.3.3.numerator`.
    pub sheet: Option<String>,
    /// The header's row number (from 1).
    pub header_row: u32,
    /// The header's cells: the column names.
    pub header: Vec<Cell>,
    /// The rows below the header: each row's number (from 1) and its cells by column.
    pub rows: Vec<(u32, Vec<Cell>)>,
    /// For a grid of one row read from a form, whose cells are not in one row: where each
    /// column's cell is (its row from 1, its column from 0). Empty otherwise.
    pub positions: Vec<Option<(u32, u32)>>,
}

impl Grid {
    /// A grid from a header and its columns' cells (a data frame's columns), rows numbered as a
    /// file writing the header in row 1 numbers them: the first row below it is row 2. A column
    /// shorter than the others is empty below its end; cells without a header name are refused
    /// as a file's are (`input.unknown_column`).
    pub fn from_columns(header: Vec<String>, columns: Vec<Vec<Cell>>) -> Grid {
        let n = columns.iter().map(Vec::len).max().unwrap_or(0);
        let mut rows: Vec<(u32, Vec<Cell>)> = (0..n)
            .map(|i| {
                let row = u32::try_from(i + 2).unwrap_or(u32::MAX);
                (row, Vec::with_capacity(columns.len()))
            })
            .collect();
        for col in columns {
            let mut cells = col.into_iter();
            for (_, row) in &mut rows {
                row.push(cells.next().unwrap_or(Cell::Empty));
            }
        }
        Grid {
            sheet: None,
            header_row: 1,
            header: header.into_iter().map(Cell::Text).collect(),
            rows,
            positions: Vec::new(),
        }
    }
}

/// How a table is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadOptions {
    /// How cells are read (the decimal comma).
    pub cells: CellOptions,
    /// The limits the file is read within: its size (`max_input_bytes`), the units
    /// (`max_units`: rows) and the length of one cell (`max_string_bytes`).
    pub limits: Limits,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            cells: CellOptions::default(),
            limits: Limits::DEFAULT,
        }
    }
}

/// The fact table: one row per unit, one column per fact (see `docs/fact-table.md`), held as
/// typed columns. The same inputs as a JSON batch: its units (`to_batch`) are the batch's
/// units (each read, or refused with the problems of its cells), [`FactTable::from_units`] the
/// table of a batch's units.
#[derive(Debug, Clone, PartialEq)]
pub struct FactTable {
    columns: Vec<Column>,
    rows: usize,
    /// For each row, the problems its cells have (the unit is refused).
    problems: Vec<Vec<Issue>>,
    /// For each row, its number in the file it was read from.
    source_rows: Vec<u32>,
    sheet: Option<String>,
    source_sha256: Option<String>,
    /// The rule set the table is meant for (id); checked when given, as a batch's `ruleset`.
    pub ruleset: Option<String>,
    /// A title (the batch's `title`).
    pub title: Option<String>,
    /// Whether the data are synthetic (the batch's `synthetic`); when not given, a table is
    /// synthetic when every unit is.
    pub synthetic: Option<bool>,
}

/// An issue about the table as a whole (its header, its file): refuses the table.
fn table_issue(key: &str, at: Option<&Location>, params: &[(&str, &str)]) -> Issue {
    let issue = Issue::new(key, "$.units", params);
    match at {
        Some(l) => issue.at_cell(l),
        None => issue,
    }
}

/// The JSON path of the unit at `i`.
fn unit_path(i: usize) -> String {
    format!("$.units[{i}]")
}

impl FactTable {
    /// An empty table with the rule set's columns ([`Columns::of`]).
    pub fn new(rs: &RuleSet) -> FactTable {
        FactTable::with_columns(&Columns::of(rs), 0)
    }

    fn with_columns(cols: &Columns, rows: usize) -> FactTable {
        FactTable {
            columns: (cols.roles().iter())
                .map(|r| Column {
                    name: r.name(),
                    role: r.clone(),
                    data: ColumnData::new(r.kind(), rows),
                    source: None,
                    source_row: None,
                })
                .collect(),
            rows,
            problems: vec![Vec::new(); rows],
            source_rows: Vec::new(),
            sheet: None,
            source_sha256: None,
            ruleset: None,
            title: None,
            synthetic: None,
        }
    }

    /// The rule set's columns, in the table's order: see [`Columns::of`].
    pub fn columns_of(rs: &RuleSet) -> Columns {
        Columns::of(rs)
    }

    /// How many rows (units).
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// The columns, in order.
    pub fn columns(&self) -> &[Column] {
        &self.columns
    }

    /// The column of this name.
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// The problems of each row's cells (empty for a row read without one).
    pub fn problems(&self) -> &[Vec<Issue>] {
        &self.problems
    }

    /// Reads a grid of cells: the header names the columns (any order, any subset of the rule
    /// set's columns, `id`, `name` and `group` required; a name the grammar of the names does not
    /// read refuses the table, `input.unknown_column`), and each row below is a unit. A row whose
    /// cells are all empty is no unit. A cell that cannot be read refuses its unit only, with the
    /// cell's location and the JSON path it stands for.
    pub fn from_grid(rs: &RuleSet, grid: Grid, opts: &ReadOptions) -> Result<FactTable> {
        let at = |column: u32, name: Option<&str>, row: u32| Location {
            sheet: grid.sheet.clone(),
            row,
            column,
            name: name.map(str::to_string),
        };
        let used = |j: usize| (grid.rows.iter()).any(|(_, r)| r.get(j).is_some_and(|c| !blank(c)));
        let width = (grid.rows.iter().map(|(_, r)| r.len()))
            .chain([grid.header.len()])
            .max()
            .unwrap_or(0);
        let (mapped, mut columns) = FactTable::read_header(rs, &grid, width, &used)?;
        // The rows: those with a value.
        let rows: Vec<&(u32, Vec<Cell>)> = (grid.rows.iter())
            .filter(|(_, r)| r.iter().any(|c| !blank(c)))
            .collect();
        opts.limits.check_units(rows.len())?;
        let n = rows.len();
        for c in &mut columns {
            c.data = ColumnData::new(c.role.kind(), n);
        }
        let mut problems = vec![Vec::new(); n];
        for (i, (row_no, cells)) in rows.iter().enumerate() {
            let upath = unit_path(i);
            for (j, cell) in cells.iter().enumerate() {
                let Some(Some(ci)) = mapped.get(j) else {
                    continue;
                };
                let col = &mut columns[*ci];
                if let Cell::Text(t) = cell {
                    if t.len() > opts.limits.max_string_bytes {
                        let l = at(
                            col.source.unwrap_or(0),
                            Some(&col.name),
                            col.source_row.unwrap_or(*row_no),
                        );
                        return Err(Error::Limit(
                            crate::error::issue!(
                                "limits.string_too_long:cell",
                                col.role.path(&upath, None),
                                bytes = t.len(),
                                max = opts.limits.max_string_bytes
                            )
                            .at_cell(&l),
                        ));
                    }
                }
                match cell::read(cell, col.role.kind(), opts.cells) {
                    Ok(Some(v)) => col.data.set(i, v),
                    Ok(None) => {}
                    Err(p) => {
                        let l = at(
                            col.source.unwrap_or(0),
                            Some(&col.name),
                            col.source_row.unwrap_or(*row_no),
                        );
                        problems[i].push(p.issue(col.role.path(&upath, None), &l));
                    }
                }
            }
        }
        Ok(FactTable {
            columns,
            rows: n,
            problems,
            source_rows: rows.iter().map(|(r, _)| *r).collect(),
            sheet: grid.sheet,
            source_sha256: None,
            ruleset: None,
            title: None,
            synthetic: None,
        })
    }

    /// Reads Arrow data in place (a binding's pyarrow Table or polars DataFrame, its columns'
    /// chunks given as [`ArrowColumn`]s over the binding's memory): the header as
    /// [`FactTable::from_grid`] reads it, each cell checked as a file's cell with the same value
    /// is (`shortest`: floats read as spreadsheet data, else only whole ones), and the columns kept
    /// as they are: a value is read from the data's buffers again when the table turns into the
    /// batch's units, never copied. Rows are numbered as a file with the header in row 1 numbers
    /// them. A column of a type no column of the table holds (a list, a date…) refuses the table
    /// (`input.unsupported_column`, naming the column and its type).
    pub fn from_arrow(
        rs: &RuleSet,
        header: Vec<String>,
        data: Vec<ArrowColumn>,
        opts: &ReadOptions,
        shortest: bool,
    ) -> Result<FactTable> {
        let grid = Grid {
            header_row: 1,
            header: header.into_iter().map(Cell::Text).collect(),
            ..Grid::default()
        };
        let used = |j: usize| {
            data.get(j)
                .is_some_and(|c| (0..c.len()).any(|r| !c.blank(r)))
        };
        let width = data.len().max(grid.header.len());
        let (mapped, mut columns) = FactTable::read_header(rs, &grid, width, &used)?;
        let unsupported: Vec<Issue> = (data.iter().zip(&mapped))
            .filter_map(|(d, m)| {
                let c = &columns[(*m)?];
                let ty = d.unsupported()?;
                let at = Location {
                    sheet: None,
                    row: 1,
                    column: c.source.unwrap_or(0),
                    name: Some(c.name.clone()),
                };
                Some(table_issue(
                    "input.unsupported_column",
                    Some(&at),
                    &[("name", &c.name), ("type", ty)],
                ))
            })
            .collect();
        if !unsupported.is_empty() {
            return Err(Error::Input(unsupported));
        }
        // The rows: those with a value.
        let all = data.iter().map(ArrowColumn::len).max().unwrap_or(0);
        let rows: Arc<[usize]> = (0..all)
            .filter(|r| data.iter().any(|c| !c.blank(*r)))
            .collect();
        opts.limits.check_units(rows.len())?;
        let row_no = |r: usize| u32::try_from(r + 2).unwrap_or(u32::MAX);
        let mut problems = vec![Vec::new(); rows.len()];
        for (d, m) in data.into_iter().zip(mapped) {
            let Some(ci) = m else { continue };
            let col = &mut columns[ci];
            let kind = col.role.kind();
            let at = |r: usize| Location {
                sheet: None,
                row: row_no(r),
                column: col.source.unwrap_or(0),
                name: Some(col.name.clone()),
            };
            for (i, &r) in rows.iter().enumerate() {
                let upath = unit_path(i);
                if let Some(bytes) = d.text_len(r).filter(|b| *b > opts.limits.max_string_bytes) {
                    return Err(Error::Limit(
                        crate::error::issue!(
                            "limits.string_too_long:cell",
                            col.role.path(&upath, None),
                            bytes = bytes,
                            max = opts.limits.max_string_bytes
                        )
                        .at_cell(&at(r)),
                    ));
                }
                if let Err(p) = d.read(r, kind, opts.cells, shortest) {
                    problems[i].push(p.issue(col.role.path(&upath, None), &at(r)));
                }
            }
            col.data = ColumnData::Arrow(ArrowCells {
                column: Arc::new(d),
                rows: rows.clone(),
                kind,
                cells: opts.cells,
                shortest,
            });
        }
        // A column of the table with no data (fewer columns than header names): no value.
        for c in &mut columns {
            if !matches!(c.data, ColumnData::Arrow(_)) {
                c.data = ColumnData::new(c.role.kind(), rows.len());
            }
        }
        Ok(FactTable {
            columns,
            rows: rows.len(),
            problems,
            source_rows: rows.iter().map(|r| row_no(*r)).collect(),
            sheet: None,
            source_sha256: None,
            ruleset: None,
            title: None,
            synthetic: None,
        })
    }

    /// The header of a grid (its first `width` columns): which column of the grid is which
    /// column of the table (`used`: whether a column holds a value below its header), or the
    /// refusal of the table (an unknown, unnamed-but-used, duplicate or missing column).
    fn read_header(
        rs: &RuleSet,
        grid: &Grid,
        width: usize,
        used: &dyn Fn(usize) -> bool,
    ) -> Result<(Vec<Option<usize>>, Vec<Column>)> {
        let known = Columns::of(rs);
        let at = |column: u32, name: Option<&str>, row: u32| Location {
            sheet: grid.sheet.clone(),
            row,
            column,
            name: name.map(str::to_string),
        };
        let mut issues = Vec::new();
        // The header: which column of the grid is which column of the table.
        let mut mapped: Vec<Option<usize>> = Vec::new();
        let mut columns: Vec<Column> = Vec::new();
        let mut names: HashMap<String, u32> = HashMap::new();
        let position = |j: usize| grid.positions.get(j).copied().flatten();
        for j in 0..width {
            let jj = u32::try_from(j).unwrap_or(u32::MAX);
            let (header_row, jj) = match position(j) {
                Some((r, c)) => (r, c),
                None => (grid.header_row, jj),
            };
            let name = match grid.header.get(j) {
                Some(Cell::Text(t)) => t.trim().to_string(),
                Some(Cell::Int(i)) => i.to_string(),
                Some(Cell::Number(x)) => x.to_string(),
                _ => String::new(),
            };
            if name.is_empty() {
                if used(j) {
                    issues.push(table_issue(
                        "input.unknown_column:unnamed",
                        Some(&at(jj, None, header_row)),
                        &[],
                    ));
                }
                mapped.push(None);
                continue;
            }
            if let Some(first) = names.get(&name) {
                issues.push(table_issue(
                    "input.duplicate_column",
                    Some(&at(jj, Some(&name), header_row)),
                    &[("name", &name), ("first", &cell::column_letters(*first))],
                ));
                mapped.push(None);
                continue;
            }
            names.insert(name.clone(), jj);
            match known.find(&name) {
                Some(role) => {
                    mapped.push(Some(columns.len()));
                    columns.push(Column {
                        name: name.clone(),
                        data: ColumnData::new(role.kind(), 0),
                        role,
                        source: Some(jj),
                        source_row: position(j).map(|(r, _)| r),
                    });
                }
                None => {
                    issues.push(table_issue(
                        "input.unknown_column",
                        Some(&at(jj, Some(&name), header_row)),
                        &[("name", &name)],
                    ));
                    mapped.push(None);
                }
            }
        }
        for required in ["id", "name", "group"] {
            if !names.contains_key(required) {
                issues.push(table_issue(
                    "input.missing_column",
                    None,
                    &[("column", required)],
                ));
            }
        }
        if !issues.is_empty() {
            return Err(Error::Input(issues));
        }
        Ok((mapped, columns))
    }

    /// The table of a batch's units: the rule set's columns, then any other column a unit needs
    /// (a fact the rule does not take, a code the rule set does not have, a second bonus entry…),
    /// in the order first needed. An item given with nothing in it (`{}`) is written as `false`
    /// in its `na:` column. Refused (`input.not_representable`, with each value's path) when a
    /// value has no cell that gives it back: a text of spaces only, or a document name or note
    /// that is blank or holds a line break (a cell holds one per line).
    pub fn from_units(rs: &RuleSet, units: &[UnitInput]) -> Result<FactTable> {
        let mut t = FactTable::with_columns(&Columns::of(rs), units.len());
        let mut index: HashMap<Role, usize> = (t.columns.iter().enumerate())
            .map(|(i, c)| (c.role.clone(), i))
            .collect();
        let mut issues = Vec::new();
        let mut synthetic = !units.is_empty();
        for (row, u) in units.iter().enumerate() {
            synthetic &= u.synthetic;
            let upath = unit_path(row);
            let mut put = |t: &mut FactTable, role: Role, v: Value| {
                let ci = *index.entry(role.clone()).or_insert_with(|| {
                    t.columns.push(Column {
                        name: role.name(),
                        data: ColumnData::new(role.kind(), t.rows),
                        role: role.clone(),
                        source: None,
                        source_row: None,
                    });
                    t.columns.len() - 1
                });
                t.columns[ci].data.set(row, v);
            };
            let refuse = |issues: &mut Vec<Issue>, path: String, key: &str| {
                issues.push(Issue::new(key, path, &[]));
            };
            for (role, v) in [
                (Role::Id, &u.id),
                (Role::Name, &u.name),
                (Role::Group, &u.group),
            ] {
                if v.trim().is_empty() && !v.is_empty() {
                    refuse(
                        &mut issues,
                        role.path(&upath, None),
                        "input.not_representable:spaces",
                    );
                } else if !v.is_empty() {
                    put(&mut t, role, Value::Text(v.clone()));
                }
            }
            for (role, v) in [(Role::Parent, &u.parent), (Role::Block, &u.block)] {
                match v {
                    Some(s) if s.trim().is_empty() => refuse(
                        &mut issues,
                        role.path(&upath, None),
                        "input.not_representable:empty_text",
                    ),
                    Some(s) => put(&mut t, role, Value::Text(s.clone())),
                    None => {}
                }
            }
            if u.synthetic {
                put(&mut t, Role::Synthetic, Value::Bool(true));
            }
            for (code, it) in u.items.iter() {
                let code = code.to_string();
                let fact = |fact: Fact| Role::Fact {
                    code: code.clone(),
                    fact,
                };
                let entry = |entry: Entry| Role::Entry {
                    code: code.clone(),
                    entry,
                };
                let before = issues.len();
                let mut cells: Vec<(Role, Value)> = Vec::new();
                if it.is_not_applicable() {
                    cells.push((entry(Entry::NotApplicable), Value::Bool(true)));
                }
                match it.choice() {
                    Some(c) if c.trim().is_empty() => {
                        refuse(
                            &mut issues,
                            fact(Fact::Choice).path(&upath, None),
                            "input.not_representable:empty_choice",
                        );
                    }
                    Some(c) => cells.push((fact(Fact::Choice), Value::Text(c.to_string()))),
                    None => {}
                }
                if let Some(v) = it.met() {
                    cells.push((fact(Fact::Met), Value::Bool(v)));
                }
                for (f, v) in [
                    (Fact::Percentage, it.percentage()),
                    (Fact::Value, it.value()),
                    (Fact::Points, it.points()),
                ] {
                    if let Some(v) = v {
                        cells.push((fact(f), Value::Decimal(v)));
                    }
                }
                for (f, v) in [
                    (Fact::Numerator, it.numerator()),
                    (Fact::Denominator, it.denominator()),
                    (Fact::Count, it.count()),
                ] {
                    if let Some(v) = v {
                        cells.push((fact(f), Value::Count(v)));
                    }
                }
                for (id, n) in it.outcomes() {
                    cells.push((fact(Fact::Outcome(id.clone())), Value::Count(*n)));
                }
                for (id, n) in it.events() {
                    cells.push((fact(Fact::Event(id.clone())), Value::Count(*n)));
                }
                for (e, v) in [
                    (Entry::SelfScore, it.self_score()),
                    (Entry::Appraised, it.appraised()),
                    (Entry::Reappraised, it.reappraised()),
                ] {
                    if let Some(v) = v {
                        cells.push((entry(e), Value::Decimal(v)));
                    }
                }
                for (e, lines) in [(Entry::Evidence, it.evidence()), (Entry::Notes, it.notes())] {
                    if lines.is_empty() {
                        continue;
                    }
                    let role = entry(e);
                    for (k, l) in lines.iter().enumerate() {
                        if l.trim().is_empty() || l.contains(['\n', '\r']) {
                            refuse(
                                &mut issues,
                                format!("{}[{k}]", role.path(&upath, None)),
                                "input.not_representable:line_break",
                            );
                        }
                    }
                    cells.push((role, Value::Lines(lines.to_vec())));
                }
                if cells.is_empty() {
                    // An item given with nothing in it: `na:` false says the item is there.
                    cells.push((entry(Entry::NotApplicable), Value::Bool(false)));
                }
                if issues.len() == before {
                    for (role, v) in cells {
                        put(&mut t, role, v);
                    }
                }
            }
            for (id, c) in &u.components {
                let (percentage, v) = match c {
                    ComponentInput::Percentage { percentage } => (true, *percentage),
                    ComponentInput::Points { points } => (false, *points),
                };
                put(
                    &mut t,
                    Role::Component {
                        id: id.clone(),
                        percentage,
                    },
                    Value::Decimal(v),
                );
            }
            for (side, entries) in [(Side::Bonus, &u.bonus), (Side::Penalty, &u.penalty)] {
                for (k, a) in entries.iter().enumerate() {
                    let n = k + 1;
                    let reason = Role::Adjustment {
                        side,
                        n,
                        reason: true,
                    };
                    if a.reason.trim().is_empty() {
                        refuse(
                            &mut issues,
                            reason.path(&upath, Some(k)),
                            "input.not_representable:empty_reason",
                        );
                        continue;
                    }
                    put(
                        &mut t,
                        Role::Adjustment {
                            side,
                            n,
                            reason: false,
                        },
                        Value::Decimal(a.points),
                    );
                    put(&mut t, reason, Value::Text(a.reason.clone()));
                }
            }
        }
        if !issues.is_empty() {
            return Err(Error::Input(issues));
        }
        t.synthetic = Some(synthetic);
        Ok(t)
    }

    /// The table of a batch given as JSON text (read within `limits`): its units, its `ruleset`,
    /// `title` and `synthetic`. A unit that cannot be read has no row: the batch is refused,
    /// with every problem.
    pub fn from_batch_json(rs: &RuleSet, text: &str, limits: &Limits) -> Result<FactTable> {
        let scanned = limits.scan(text, Kind::Batch, "$")?;
        if !scanned.duplicates.is_empty() {
            return Err(Error::Input(
                scanned.duplicates.into_iter().map(|d| d.issue).collect(),
            ));
        }
        let v = batch::parse_json(crate::support::limits::strip_bom(text))?;
        let parsed = crate::input::parse_batch(&v).map_err(Error::Input)?;
        let mut units = Vec::with_capacity(parsed.units.len());
        let mut issues = Vec::new();
        for e in parsed.units {
            match e {
                UnitEntry::Ok(u) => units.push(u),
                UnitEntry::Bad { issues: i, .. } => issues.extend(i),
            }
        }
        if !issues.is_empty() {
            return Err(Error::Input(issues));
        }
        let mut t = FactTable::from_units(rs, &units)?;
        t.ruleset = parsed.ruleset;
        t.title = parsed.title;
        t.synthetic = Some(parsed.synthetic);
        Ok(t)
    }

    /// Each row as a unit, or the refusal of a row whose cells have a problem (with the cell and
    /// the JSON path it stands for).
    #[doc(hidden)]
    pub fn units(&self) -> Vec<UnitEntry> {
        (0..self.rows).map(|i| self.unit(i)).collect()
    }

    /// The batch the table stands for: each row a unit, or the refusal of a row whose cells have
    /// a problem. The batch is scored as JSON is ([`batch::score_parsed_batch`]).
    pub(crate) fn to_batch(&self) -> ParsedBatch {
        let units = self.units();
        let synthetic = self.synthetic.unwrap_or_else(|| {
            !units.is_empty()
                && (units.iter()).all(|u| matches!(u, UnitEntry::Ok(u) if u.synthetic))
        });
        ParsedBatch {
            ruleset: self.ruleset.clone(),
            title: self.title.clone(),
            synthetic,
            units,
        }
    }

    /// The unit of row `i` (from 0), or its refusal.
    pub fn unit(&self, i: usize) -> UnitEntry {
        let text = |role: &Role| {
            (self.columns.iter())
                .find(|c| c.role == *role)
                .and_then(|c| match c.data.get(i) {
                    Some(Value::Text(t)) => Some(t),
                    _ => None,
                })
        };
        let id = text(&Role::Id);
        if !self.problems[i].is_empty() {
            return UnitEntry::Bad {
                id,
                issues: self.problems[i].clone(),
            };
        }
        let upath = unit_path(i);
        let mut issues = Vec::new();
        let mut items: BTreeMap<String, ItemInput> = BTreeMap::new();
        let mut outcomes: BTreeMap<String, BTreeMap<String, u64>> = BTreeMap::new();
        let mut events: BTreeMap<String, BTreeMap<String, u64>> = BTreeMap::new();
        let mut components: BTreeMap<String, (Option<Decimal>, Option<Decimal>)> = BTreeMap::new();
        let mut adjustments: BTreeMap<(u8, usize), (Option<Decimal>, Option<String>)> =
            BTreeMap::new();
        let mut synthetic = false;
        for c in &self.columns {
            let Some(v) = c.data.get(i) else { continue };
            match (&c.role, v) {
                (Role::Synthetic, Value::Bool(b)) => synthetic = b,
                (Role::Fact { code, fact }, v) => {
                    let it = items.entry(code.clone()).or_default();
                    match (fact, v) {
                        (Fact::Choice, Value::Text(s)) => it.set_choice(Some(s)),
                        (Fact::Met, Value::Bool(b)) => it.set_met(Some(b)),
                        (Fact::Percentage, Value::Decimal(d)) => it.set_percentage(Some(d)),
                        (Fact::Value, Value::Decimal(d)) => it.set_value(Some(d)),
                        (Fact::Points, Value::Decimal(d)) => it.set_points(Some(d)),
                        (Fact::Numerator, Value::Count(n)) => it.set_numerator(Some(n)),
                        (Fact::Denominator, Value::Count(n)) => it.set_denominator(Some(n)),
                        (Fact::Count, Value::Count(n)) => it.set_count(Some(n)),
                        (Fact::Outcome(id), Value::Count(n)) => {
                            outcomes
                                .entry(code.clone())
                                .or_default()
                                .insert(id.clone(), n);
                        }
                        (Fact::Event(id), Value::Count(n)) => {
                            events
                                .entry(code.clone())
                                .or_default()
                                .insert(id.clone(), n);
                        }
                        _ => {}
                    }
                }
                (Role::Entry { code, entry }, v) => {
                    let it = items.entry(code.clone()).or_default();
                    match (entry, v) {
                        // False: the item is there, not marked (an item with nothing else
                        // in it is the JSON `{}`).
                        (Entry::NotApplicable, Value::Bool(true)) => it.set_not_applicable(true),
                        (Entry::SelfScore, Value::Decimal(d)) => it.set_self_score(Some(d)),
                        (Entry::Appraised, Value::Decimal(d)) => it.set_appraised(Some(d)),
                        (Entry::Reappraised, Value::Decimal(d)) => it.set_reappraised(Some(d)),
                        (Entry::Evidence, Value::Lines(l)) => it.set_evidence(l),
                        (Entry::Notes, Value::Lines(l)) => it.set_notes(l),
                        _ => {}
                    }
                }
                (Role::Component { id, percentage }, Value::Decimal(d)) => {
                    let e = components.entry(id.clone()).or_default();
                    if *percentage {
                        e.0 = Some(d);
                    } else {
                        e.1 = Some(d);
                    }
                }
                (Role::Adjustment { side, n, reason }, v) => {
                    let e = adjustments
                        .entry((u8::from(*side == Side::Penalty), *n))
                        .or_default();
                    match (reason, v) {
                        (false, Value::Decimal(d)) => e.0 = Some(d),
                        (true, Value::Text(s)) => e.1 = Some(s),
                        _ => {}
                    }
                }
                _ => {}
            }
        }
        for (code, o) in outcomes {
            items.entry(code).or_default().set_outcomes(o);
        }
        for (code, e) in events {
            items.entry(code).or_default().set_events(e);
        }
        let mut unit_items = Items::new();
        // Every item here has a cell with a value.
        for (code, it) in items {
            unit_items.insert(code, it);
        }
        let mut comps = BTreeMap::new();
        for (id, (pct, pts)) in components {
            let v = match (pct, pts) {
                (Some(percentage), None) => ComponentInput::Percentage { percentage },
                (None, Some(points)) => ComponentInput::Points { points },
                _ => {
                    issues.push(self.located(
                        i,
                        crate::error::issue!(
                            "input.component_kind:both",
                            crate::error::key_path(&format!("{upath}.components"), &id),
                            id
                        ),
                    ));
                    continue;
                }
            };
            comps.insert(id, v);
        }
        let (mut bonus, mut penalty) = (Vec::new(), Vec::new());
        for ((side, n), (points, reason)) in adjustments {
            let list = if side == 0 { &mut bonus } else { &mut penalty };
            let side = if side == 0 {
                Side::Bonus
            } else {
                Side::Penalty
            };
            let k = list.len();
            match (points, reason) {
                (Some(points), Some(reason)) => list.push(AdjustmentInput { points, reason }),
                (points, _) => {
                    let missing = if points.is_none() { "points" } else { "reason" };
                    let role = Role::Adjustment {
                        side,
                        n,
                        reason: points.is_some(),
                    };
                    issues.push(self.located(
                        i,
                        crate::error::issue!(
                            match side {
                                Side::Bonus => "input.missing_field:bonus",
                                Side::Penalty => "input.missing_field:penalty",
                            },
                            role.path(&upath, Some(k)),
                            field = missing
                        ),
                    ));
                }
            }
        }
        if !issues.is_empty() {
            return UnitEntry::Bad { id, issues };
        }
        UnitEntry::Ok(UnitInput {
            id: id.unwrap_or_default(),
            name: text(&Role::Name).unwrap_or_default(),
            group: text(&Role::Group).unwrap_or_default(),
            block: text(&Role::Block),
            parent: text(&Role::Parent),
            items: unit_items,
            components: comps,
            bonus,
            penalty,
            synthetic,
        })
    }

    /// The units of the rows, or every problem of the rows that cannot be read.
    pub fn to_units(&self) -> Result<Vec<UnitInput>> {
        let mut units = Vec::with_capacity(self.rows);
        let mut issues = Vec::new();
        for e in self.to_batch().units {
            match e {
                UnitEntry::Ok(u) => units.push(u),
                UnitEntry::Bad { issues: i, .. } => issues.extend(i),
            }
        }
        if issues.is_empty() {
            Ok(units)
        } else {
            Err(Error::Input(issues))
        }
    }

    /// Scores the table as a batch: the same results as the JSON batch of the same units
    /// (per-unit refusals included), every problem of a refused unit told with the cell it comes
    /// from (`Sheet!C7` or `row 7, column 3.3.3.numerator`) before its message, and the JSON path
    /// it stands for as its path. The receipt's `inputs_sha256` is the SHA-256 of the file read
    /// (of the table's CSV text for a table built in memory).
    pub fn score(&self, rs: &RuleSet, opts: BatchOptions) -> Result<BatchResult> {
        let sha = match &self.source_sha256 {
            Some(s) => s.clone(),
            None => sha256_hex(&self.write_csv(&super::CsvOptions::default())),
        };
        let mut result = batch::score_parsed_batch(rs, self.to_batch(), sha, opts)?;
        for e in &mut result.errors {
            if self.problems.get(e.index).is_some_and(|p| !p.is_empty()) {
                continue;
            }
            for issue in &mut e.errors {
                if let Some(l) = self.locate(&issue.path) {
                    if !issue.message.starts_with(&l.to_string()) {
                        issue.message = format!("{l}: {}", issue.message);
                    }
                }
            }
        }
        Ok(result)
    }

    /// An issue told with the cell its path stands for.
    fn located(&self, _row: usize, issue: Issue) -> Issue {
        match self.locate(&issue.path) {
            Some(l) => issue.at_cell(&l),
            None => issue,
        }
    }

    /// The cell a JSON path of the batch (`$.units[5].items["3.3.3"].numerator`) stands for: the
    /// column whose path is the path or holds it, else the first cell of the row with a value
    /// below it (a whole item: `$.units[5].items["3.3.3"]`).
    pub fn locate(&self, path: &str) -> Option<Location> {
        let rest = path.strip_prefix("$.units[")?;
        let close = rest.find(']')?;
        let row: usize = rest[..close].parse().ok()?;
        if row >= self.rows {
            return None;
        }
        let upath = unit_path(row);
        let below = |p: &str, base: &str| {
            p.strip_prefix(base)
                .is_some_and(|r| r.is_empty() || r.starts_with(['.', '[']))
        };
        let slot = |side: Side, n: usize| {
            (self.columns.iter())
                .filter_map(|c| match &c.role {
                    Role::Adjustment {
                        side: s,
                        n: m,
                        reason: false,
                    } if *s == side
                        && *m < n
                        && (c.data.is_set(row) || self.adjustment_reason_set(*s, *m, row)) =>
                    {
                        Some(())
                    }
                    _ => None,
                })
                .count()
        };
        let path_of = |c: &Column| match &c.role {
            Role::Adjustment { side, n, .. } => c.role.path(&upath, Some(slot(*side, *n))),
            r => r.path(&upath, None),
        };
        let found = (self.columns.iter().enumerate())
            .find(|(_, c)| below(path, &path_of(c)))
            .or_else(|| {
                (self.columns.iter().enumerate())
                    .find(|(_, c)| c.data.is_set(row) && below(&path_of(c), path))
            })
            .or_else(|| {
                // The unit as a whole: its id.
                (path == upath)
                    .then(|| (self.columns.iter().enumerate()).find(|(_, c)| c.role == Role::Id))
                    .flatten()
            })?;
        let (j, c) = found;
        Some(Location {
            sheet: self.sheet.clone(),
            row: c
                .source_row
                .or_else(|| self.source_rows.get(row).copied())
                .unwrap_or_else(|| u32::try_from(row + 2).unwrap_or(u32::MAX)),
            column: c
                .source
                .unwrap_or_else(|| u32::try_from(j).unwrap_or(u32::MAX)),
            name: Some(c.name.clone()),
        })
    }

    fn adjustment_reason_set(&self, side: Side, n: usize, row: usize) -> bool {
        self.columns.iter().any(|c| {
            c.role
                == Role::Adjustment {
                    side,
                    n,
                    reason: true,
                }
                && c.data.is_set(row)
        })
    }

    pub(super) fn set_source(&mut self, bytes: &[u8]) {
        self.source_sha256 = Some(sha256_hex(bytes));
    }
}

/// Whether a cell holds nothing.
fn blank(c: &Cell) -> bool {
    match c {
        Cell::Empty => true,
        Cell::Text(t) => t.trim().is_empty(),
        _ => false,
    }
}

pub(super) fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
