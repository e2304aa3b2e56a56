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
        let mut w = CsvCells::new(Vec::new(), self.columns().iter().map(|c| c.name()), opts);
        for row in 0..self.rows() {
            for c in self.columns() {
                w.cell(c.data().get(row).as_ref());
            }
            w.end_row();
        }
        w.finish().unwrap_or_default()
    }
}

/// The table's CSV text written a cell at a time into `W` (memory, a hash), no text of a row or
/// of a value built: what [`FactTable::write_csv`] writes.
pub(super) struct CsvCells<W: std::io::Write> {
    w: csv::Writer<W>,
    /// The text of the cell being written.
    text: Vec<u8>,
    decimal_comma: bool,
}

impl<W: std::io::Write> CsvCells<W> {
    /// The writer, the header of the column `names` written.
    pub(super) fn new<'a>(
        out: W,
        names: impl IntoIterator<Item = &'a str>,
        opts: &CsvOptions,
    ) -> Self {
        let mut w = csv::WriterBuilder::new()
            .delimiter(opts.delimiter)
            .from_writer(out);
        // Writing into memory or a hash cannot fail.
        let _ = w.write_record(names);
        CsvCells {
            w,
            text: Vec::new(),
            decimal_comma: opts.decimal_comma,
        }
    }

    /// Writes the next cell of the row: a value as a CSV cell writes it (decimals exactly,
    /// counts as integers, yes/no as `true`/`false`, lists one entry per line), nothing as empty.
    pub(super) fn cell(&mut self, v: Option<&Value>) {
        use std::io::Write;
        let text = &mut self.text;
        text.clear();
        // Writing into memory cannot fail.
        let _ = match v {
            None => Ok(()),
            Some(Value::Text(t)) => text.write_all(t.as_bytes()),
            Some(Value::Decimal(d)) => {
                let r = write!(text, "{d}");
                if self.decimal_comma {
                    if let Some(dot) = text.iter().position(|b| *b == b'.') {
                        text[dot] = b',';
                    }
                }
                r
            }
            Some(Value::Count(n)) => write!(text, "{n}"),
            Some(Value::Bool(b)) => write!(text, "{b}"),
            Some(Value::Lines(l)) => {
                for (k, line) in l.iter().enumerate() {
                    if k > 0 {
                        text.push(b'\n');
                    }
                    text.extend_from_slice(line.as_bytes());
                }
                Ok(())
            }
        };
        let _ = self.w.write_field(&self.text);
    }

    /// Ends the row.
    pub(super) fn end_row(&mut self) {
        let _ = self.w.write_record(std::iter::empty::<&[u8]>());
    }

    /// What was written into.
    pub(super) fn finish(self) -> Option<W> {
        self.w.into_inner().ok()
    }
}
