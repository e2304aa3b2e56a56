//! The fact table as CSV: cells are text, read exactly.

use super::cell::{Cell, Value};
use super::frame::{FactTable, Grid, ReadOptions};
use crate::compile::RuleSet;
use crate::error::{issue, Error, Result};
use crate::support::limits::{strip_bom, text_from_bytes, Kind};

/// How a CSV file is written (and, for the delimiter, read).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CsvOptions {
    /// The field delimiter: `,` by default; `;` is what a spreadsheet program set to Vietnamese
    /// writes.
    pub delimiter: u8,
    /// Write decimals with a comma (`99,75`), the Vietnamese way.
    pub decimal_comma: bool,
}

impl Default for CsvOptions {
    fn default() -> Self {
        CsvOptions {
            delimiter: b',',
            decimal_comma: false,
        }
    }
}

impl FactTable {
    /// Reads a fact table from CSV (UTF-8, a byte-order mark skipped): the first record is the
    /// header. Every cell is text, read exactly; with `opts.cells.decimal_comma`, decimals are
    /// written with a comma. A record with another number of fields than the header refuses the
    /// file (`input.csv_syntax`).
    pub fn read_csv(
        rs: &RuleSet,
        bytes: &[u8],
        delimiter: u8,
        opts: &ReadOptions,
    ) -> Result<FactTable> {
        if bytes.len() > opts.limits.max_input_bytes {
            return Err(Error::Limit(issue!(
                "limits.input_too_large:file",
                "$",
                bytes = bytes.len(),
                max = opts.limits.max_input_bytes
            )));
        }
        let text = strip_bom(text_from_bytes(bytes, Kind::Batch)?);
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(false)
            .from_reader(text.as_bytes());
        let mut grid = Grid {
            sheet: None,
            header_row: 1,
            ..Grid::default()
        };
        let mut record = csv::StringRecord::new();
        let mut row: u32 = 0;
        loop {
            match reader.read_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {}
                Err(e) => {
                    let mut issue = match e.kind() {
                        csv::ErrorKind::UnequalLengths {
                            expected_len, len, ..
                        } => issue!("input.csv_syntax:fields", "$", len, expected_len),
                        _ => issue!("input.csv_syntax", "$", detail = e),
                    };
                    if let Some(p) = e.position() {
                        let row = crate::error::lang().pick("dòng", "row");
                        issue.message = format!("{row} {}: {}", p.record() + 1, issue.message);
                    }
                    return Err(Error::input(issue));
                }
            }
            row = row.saturating_add(1);
            let cells: Vec<Cell> = record
                .iter()
                .map(|f| {
                    if f.is_empty() {
                        Cell::Empty
                    } else {
                        Cell::Text(f.to_string())
                    }
                })
                .collect();
            if row == 1 {
                grid.header = cells;
            } else {
                grid.rows.push((row, cells));
            }
        }
        let mut t = FactTable::from_grid(rs, grid, opts)?;
        t.set_source(bytes);
        Ok(t)
    }

    /// The table as CSV (UTF-8, no byte-order mark): a header of column names, then one record
    /// per unit. Decimals are written exactly (`1.50` stays `1.50`), counts as integers, yes/no as
    /// `true`/`false`, lists one entry per line within the cell.
    pub fn write_csv(&self, opts: &CsvOptions) -> Vec<u8> {
        let mut w = csv::WriterBuilder::new()
            .delimiter(opts.delimiter)
            .from_writer(Vec::new());
        // Writing into memory cannot fail.
        let _ = w.write_record(self.columns().iter().map(|c| c.name()));
        for row in 0..self.rows() {
            let _ = w.write_record(
                self.columns()
                    .iter()
                    .map(|c| text_of(c.data().get(row), opts.decimal_comma)),
            );
        }
        w.into_inner().unwrap_or_default()
    }
}

/// A value as a CSV cell writes it.
pub(super) fn text_of(v: Option<Value>, decimal_comma: bool) -> String {
    match v {
        None => String::new(),
        Some(Value::Text(t)) => t,
        Some(Value::Decimal(d)) => {
            let s = d.to_string();
            if decimal_comma {
                s.replacen('.', ",", 1)
            } else {
                s
            }
        }
        Some(Value::Count(n)) => n.to_string(),
        Some(Value::Bool(b)) => b.to_string(),
        Some(Value::Lines(l)) => l.join("\n"),
    }
}
