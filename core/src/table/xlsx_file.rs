//! Workbooks: reading one (calamine) within the limits, its sheets as grids of cells; the fact
//! table as a workbook (rust_xlsxwriter).

use super::cell::{double_of_decimal, Cell, Value};
use super::columns::ColumnKind;
use super::frame::{FactTable, Grid, ReadOptions};
use super::TABLE_VERSION;
use crate::compile::RuleSet;
use crate::error::{issue, Error, Result};
use crate::support::limits::Limits;
use calamine::{Data, Reader, Xlsx};
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};
use std::io::Cursor;

/// The sheet of the fact table's units.
pub const UNITS_SHEET: &str = "units";
/// The sheet of what the table is (`table_version`, rule set, title, synthetic).
pub const ABOUT_SHEET: &str = "about";

/// The most characters a workbook's cell holds.
pub const MAX_CELL_CHARS: usize = 32_767;

/// A workbook opened for reading.
pub(super) type Book<'a> = Xlsx<Cursor<&'a [u8]>>;

/// How much larger than `max_input_bytes` a workbook's parts may be once unpacked: the XML of a
/// sheet takes a few times the bytes of the JSON of the same data.
const UNPACKED_FACTOR: u64 = 4;

/// Opens a workbook: refused beyond `max_input_bytes`, or when its parts would unpack to more
/// than four times that (as the archive declares them, before anything is unpacked).
pub(super) fn open<'a>(bytes: &'a [u8], limits: &Limits) -> Result<Book<'a>> {
    let max = limits.max_input_bytes;
    if bytes.len() > max {
        return Err(Error::Limit(issue!(
            "limits.input_too_large:workbook",
            "$",
            bytes = bytes.len(),
            max
        )));
    }
    let not_a_workbook = |e: String| Error::input(issue!("input.not_a_workbook", "$", detail = e));
    let mut archive =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| not_a_workbook(e.to_string()))?;
    let mut unpacked: u64 = 0;
    for i in 0..archive.len() {
        let f = archive
            .by_index_raw(i)
            .map_err(|e| not_a_workbook(e.to_string()))?;
        unpacked = unpacked.saturating_add(f.size());
    }
    let most = (limits.max_input_bytes as u64).saturating_mul(UNPACKED_FACTOR);
    if unpacked > most {
        return Err(Error::Limit(issue!(
            "limits.input_too_large:unpacked",
            "$",
            unpacked,
            factor = UNPACKED_FACTOR,
            max
        )));
    }
    calamine::open_workbook_from_rs(Cursor::new(bytes))
        .map_err(|e: calamine::XlsxError| not_a_workbook(e.to_string()))
}

/// A cell of a workbook as the table reads it.
pub(super) fn cell_of(d: &Data) -> Cell {
    match d {
        Data::Empty => Cell::Empty,
        Data::Int(i) => Cell::Int(*i),
        Data::Float(x) => Cell::Number(*x),
        Data::String(s) if s.is_empty() => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) => Cell::Date(format!("date serial {dt}")),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Date(s.clone()),
        Data::Error(e) => Cell::Error(e.to_string()),
    }
}

/// A sheet's cells by absolute position: rows from 1, columns from 0.
pub(super) struct Sheet {
    pub name: String,
    /// Rows from 1; each row's cells from column 0.
    pub rows: Vec<(u32, Vec<Cell>)>,
}

impl Sheet {
    /// The sheet as a grid whose header is its first row.
    pub fn into_grid(self) -> Grid {
        let mut rows = self.rows.into_iter();
        let (header_row, header) = rows.next().unwrap_or((1, Vec::new()));
        Grid {
            sheet: Some(self.name),
            header_row,
            header,
            rows: rows.collect(),
            positions: Vec::new(),
        }
    }
}

/// Reads a sheet; `None` when the workbook has no sheet of that name.
pub(super) fn sheet(book: &mut Book<'_>, name: &str) -> Result<Option<Sheet>> {
    if !book.sheet_names().iter().any(|s| s == name) {
        return Ok(None);
    }
    let range = book.worksheet_range(name).map_err(|e| {
        Error::input(issue!(
            "input.not_a_workbook:sheet",
            "$",
            sheet = name,
            detail = e
        ))
    })?;
    let (r0, c0) = range.start().unwrap_or((0, 0));
    let mut rows = Vec::new();
    for (i, r) in range.rows().enumerate() {
        let mut cells = vec![Cell::Empty; c0 as usize];
        cells.extend(r.iter().map(cell_of));
        let row = r0
            .saturating_add(u32::try_from(i).unwrap_or(u32::MAX))
            .saturating_add(1);
        rows.push((row, cells));
    }
    Ok(Some(Sheet {
        name: name.to_string(),
        rows,
    }))
}

/// A writer's failure, as the error of the value it was writing.
pub(super) fn written(e: XlsxError, path: &str) -> Error {
    Error::input(issue!("input.not_representable:workbook", path, detail = e))
}

/// Writes a value in a cell: decimals as numbers when a double gives them back exactly (else as
/// text, read back exactly), counts as numbers up to 10^15, lists one entry per line.
pub(super) fn write_value(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    v: &Value,
    fmt: &Format,
) -> std::result::Result<(), XlsxError> {
    match v {
        Value::Text(t) => ws.write_string_with_format(row, col, t, fmt).map(|_| ()),
        Value::Decimal(d) => match double_of_decimal(*d) {
            Some(f) => ws.write_number_with_format(row, col, f, fmt).map(|_| ()),
            None => ws
                .write_string_with_format(row, col, d.to_string(), fmt)
                .map(|_| ()),
        },
        Value::Count(n) if *n <= 1_000_000_000_000_000 => ws
            .write_number_with_format(row, col, *n as f64, fmt)
            .map(|_| ()),
        Value::Count(n) => ws
            .write_string_with_format(row, col, n.to_string(), fmt)
            .map(|_| ()),
        Value::Bool(b) => ws.write_boolean_with_format(row, col, *b, fmt).map(|_| ()),
        Value::Lines(l) => ws
            .write_string_with_format(row, col, l.join("\n"), fmt)
            .map(|_| ()),
    }
}

impl FactTable {
    /// The fact table of an open workbook (the reader of [`FactTable::read_xlsx`] once it has
    /// found that the workbook is not a filled input template).
    pub(super) fn read_units_book(
        rs: &RuleSet,
        mut book: Book<'_>,
        bytes: &[u8],
        opts: &ReadOptions,
    ) -> Result<FactTable> {
        let names = book.sheet_names();
        let name = if names.iter().any(|n| n == UNITS_SHEET) {
            UNITS_SHEET.to_string()
        } else {
            names
                .first()
                .cloned()
                .ok_or_else(|| Error::input(issue!("input.not_a_workbook:no_sheet", "$")))?
        };
        let units = sheet(&mut book, &name)?.unwrap_or(Sheet {
            name: name.clone(),
            rows: Vec::new(),
        });
        let about = sheet(&mut book, ABOUT_SHEET)?;
        let mut t = FactTable::from_grid(rs, units.into_grid(), opts)?;
        if let Some(about) = about {
            for (row, cells) in &about.rows {
                let key = match cells.first() {
                    Some(Cell::Text(k)) => k.trim(),
                    _ => continue,
                };
                let value = cells.get(1).cloned().unwrap_or(Cell::Empty);
                let text = match &value {
                    Cell::Text(t) => Some(t.clone()),
                    Cell::Int(i) => Some(i.to_string()),
                    Cell::Number(x) => Some(x.to_string()),
                    Cell::Bool(b) => Some(b.to_string()),
                    _ => None,
                };
                match key {
                    "table_version" if text.as_deref() != Some(&TABLE_VERSION.to_string()) => {
                        return Err(Error::input(issue!(
                            "input.unsupported_version:table",
                            "$",
                            cell = format!("{ABOUT_SHEET}!B{row}"),
                            version = text.unwrap_or_default(),
                            want = TABLE_VERSION
                        )))
                    }
                    "ruleset" => t.ruleset = text,
                    "title" => t.title = text,
                    "synthetic" => {
                        t.synthetic = match value {
                            Cell::Bool(b) => Some(b),
                            _ => text.as_deref().and_then(super::cell::bool_text),
                        }
                    }
                    _ => {}
                }
            }
        }
        t.set_source(bytes);
        Ok(t)
    }

    /// The table as a workbook: the sheet `units` (the header row frozen, one row per unit) and
    /// the sheet `about` (the table's version, rule set, title and synthetic flag). Decimals are
    /// numbers when a double gives them back exactly (at most 15 significant digits; trailing
    /// zeros are not kept by a number: `1.50` reads back as `1.5`, the same value), else text;
    /// counts above 10^15 are text. Refused (`input.not_representable`) for a text longer than a
    /// cell holds (32,767 characters).
    pub fn write_xlsx(&self, rs: &RuleSet) -> Result<Vec<u8>> {
        let mut book = Workbook::new();
        let mut ws = Worksheet::new();
        let at = |e: XlsxError| written(e, "$");
        ws.set_name(UNITS_SHEET).map_err(at)?;
        let head = Format::new().set_bold().set_background_color(0xDDEBF7);
        let plain = Format::new();
        let wrap = Format::new().set_text_wrap();
        for (j, c) in self.columns().iter().enumerate() {
            let col = u16::try_from(j)
                .map_err(|_| Error::input(issue!("input.not_representable:columns", "$")))?;
            ws.write_string_with_format(0, col, c.name(), &head)
                .map_err(at)?;
            let width: f64 = match c.data().kind() {
                ColumnKind::Text | ColumnKind::Lines => 18.0,
                _ => 12.0,
            };
            ws.set_column_width(
                col,
                width.max(c.name().chars().count() as f64 * 0.9).min(40.0),
            )
            .map_err(at)?;
            for row in 0..self.rows() {
                let Some(v) = c.data().get(row) else { continue };
                let r = u32::try_from(row + 1).unwrap_or(u32::MAX);
                let fmt = if matches!(v, Value::Lines(_)) {
                    &wrap
                } else {
                    &plain
                };
                let too_long = match &v {
                    Value::Text(t) => t.chars().count() > MAX_CELL_CHARS,
                    // Each line and its line break (a count past usize is too long as well).
                    Value::Lines(l) => l
                        .iter()
                        .try_fold(0usize, |n, x| {
                            n.checked_add(x.chars().count())?.checked_add(1)
                        })
                        .is_none_or(|n| n > MAX_CELL_CHARS),
                    _ => false,
                };
                let path = || c.role().path(&format!("$.units[{row}]"), None);
                if too_long {
                    return Err(Error::input(issue!(
                        "input.not_representable:long_text",
                        path(),
                        max = MAX_CELL_CHARS
                    )));
                }
                write_value(&mut ws, r, col, &v, fmt).map_err(|e| written(e, &path()))?;
            }
        }
        ws.set_freeze_panes(1, 2).map_err(at)?;
        book.push_worksheet(ws);
        let mut about = Worksheet::new();
        about.set_name(ABOUT_SHEET).map_err(at)?;
        let rows: Vec<(&str, Option<Value>)> = vec![
            (
                "table_version",
                Some(Value::Text(TABLE_VERSION.to_string())),
            ),
            (
                "ruleset",
                Some(Value::Text(
                    self.ruleset.clone().unwrap_or_else(|| rs.id().to_string()),
                )),
            ),
            ("ruleset_sha256", Some(Value::Text(rs.sha256().to_string()))),
            ("title", self.title.clone().map(Value::Text)),
            ("synthetic", self.synthetic.map(Value::Bool)),
        ];
        for (i, (k, v)) in rows.into_iter().enumerate() {
            let r = u32::try_from(i).unwrap_or(0);
            about.write_string_with_format(r, 0, k, &head).map_err(at)?;
            if let Some(v) = v {
                write_value(&mut about, r, 1, &v, &plain).map_err(at)?;
            }
        }
        about.set_column_width(0, 18).map_err(at)?;
        about.set_column_width(1, 70).map_err(at)?;
        book.push_worksheet(about);
        book.save_to_buffer().map_err(at)
    }
}
