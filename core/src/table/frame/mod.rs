//! The fact table held as columns: read from cells, written to cells, and turned into the units
//! of a batch (and back).
//!
//! Read from cells and from Arrow data (`read`), made from a batch's units and turned into them
//! (`units`), scored with each problem told at its cell (`score`).

use super::arrow_data::ArrowCells;
use super::cell::{Cell, CellOptions, CellProblem, Location, Value};
use super::columns::{ColumnKind, Columns, Role};
use crate::compile::RuleSet;
use crate::error::Issue;
use crate::support::limits::Limits;
use rust_decimal::Decimal;

mod read;
mod score;
mod units;

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

    /// The value at `row` (`None`: empty), or why its cell cannot be read: a cell of Arrow data
    /// is read when asked for; the other columns hold the values their cells were read as.
    pub fn read(&self, row: usize) -> Result<Option<Value>, CellProblem> {
        match self {
            ColumnData::Arrow(a) => a.read(row),
            _ => Ok(self.get(row)),
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

    /// The problems of each row's cells (empty for a row read without one): those found when
    /// the table was read from cells, and those of cells of Arrow data, read now.
    pub fn problems(&self) -> Vec<Vec<Issue>> {
        (0..self.rows)
            .map(|i| match self.read_unit(i, &mut ()) {
                (crate::input::UnitEntry::Bad { issues, .. }, true) => issues,
                _ => Vec::new(),
            })
            .collect()
    }

    /// Where the cell of column `c` in row `i` is (the file's sheet, row and column).
    fn cell_at(&self, c: &Column, i: usize) -> Location {
        Location {
            sheet: self.sheet.clone(),
            row: c
                .source_row
                .or_else(|| self.source_rows.get(i).copied())
                .unwrap_or_else(|| u32::try_from(i + 2).unwrap_or(u32::MAX)),
            column: c.source.unwrap_or(0),
            name: Some(c.name.clone()),
        }
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
    hex(&Sha256::digest(bytes))
}

fn hex(digest: &[u8]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// A SHA-256 hash of the bytes written into it (a table's CSV text, never held whole).
#[derive(Default)]
struct Sha256Writer(sha2::Sha256);

impl Sha256Writer {
    /// The hash, in hexadecimal.
    fn hex(self) -> String {
        use sha2::Digest;
        hex(&self.0.finalize())
    }
}

impl std::io::Write for Sha256Writer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        sha2::Digest::update(&mut self.0, buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
