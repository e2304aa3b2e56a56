//! The fact table read from cells (a file's grid) and from Arrow data (a binding's columns, in
//! place): the header, then each cell as its column's value, a bad one refusing its row only.

use super::{blank, table_issue, unit_path, Column, ColumnData, FactTable, Grid, ReadOptions};
use crate::compile::RuleSet;
use crate::error::{Error, Issue, Result};
use crate::table::arrow_data::{ArrowCells, ArrowColumn};
use crate::table::cell::{self, Cell, Location};
use crate::table::columns::Columns;
use std::collections::HashMap;
use std::sync::Arc;

impl FactTable {
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
    /// [`FactTable::from_grid`] reads it, and the columns kept as they are, never copied: each
    /// cell is read from the data's buffers when the table turns into the batch's units, once,
    /// as a file's cell with the same value is (`shortest`: floats read as spreadsheet data, else
    /// only whole ones), a cell that cannot be read refusing its row then, with the same problem,
    /// cell and path as [`FactTable::from_grid`] gives. Rows are numbered as a file with the
    /// header in row 1 numbers them. A column of a type no column of the table holds (a list, a
    /// date…) refuses the table (`input.unsupported_column`, naming the column and its type), and
    /// a text longer than the limit of a cell refuses it here (`limits.string_too_long`).
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
            // Only a column of strings holds text: the others need no look at their cells.
            let texts = if d.holds_text() { &rows[..] } else { &[] };
            for (i, &r) in texts.iter().enumerate() {
                if let Some(bytes) = d.text_len(r).filter(|b| *b > opts.limits.max_string_bytes) {
                    return Err(Error::Limit(
                        crate::error::issue!(
                            "limits.string_too_long:cell",
                            col.role.path(&unit_path(i), None),
                            bytes = bytes,
                            max = opts.limits.max_string_bytes
                        )
                        .at_cell(&at(r)),
                    ));
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
            problems: vec![Vec::new(); rows.len()],
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
}
