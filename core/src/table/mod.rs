//! Tables in and out (feature `tables`): the fact table (the same inputs as a JSON batch, one row
//! per unit, one column per fact; CSV and XLSX), the input template of a group, forms 01–04 and
//! the rubric as a workbook.
//!
//! Every function takes bytes or typed values and gives bytes or typed results; problems are
//! [`Error`](crate::Error)s with stable codes, the JSON path a cell stands for and, in the
//! message, the cell (`Tiêu chí!E12`, `row 7, column 3.3.3.numerator`). What is scored from a
//! table is scored by the batch path, unit by unit, exactly as the JSON batch of the same units.
//!
//! What it holds, each tested by an independent reader of the files it writes (calamine,
//! openpyxl, python-docx, LibreOffice):
//! - the fact table ([`FactTable`], `docs/fact-table.md`): columns from the rule set, read from and
//!   written to CSV and XLSX ([`read_file`], [`fact_file`]), from data frames ([`Grid`]) and Arrow
//!   columns read in place ([`ArrowColumn`]); a bad cell refuses its unit only, told as `Sheet!C7` /
//!   `row 7, column …` with the JSON path it stands for. XLSX numbers are read as the shortest
//!   decimal that gives the double back (over 15 significant digits refused); CSV cells exactly,
//!   the decimal comma when declared;
//! - the long format of facts ([`LongFacts`]: one fact per row, columns `unit`, `code`, `field`,
//!   `value`, with a units table), a data frame's columns read into the batch they stand for and
//!   scored as it is; a bad row refuses its unit only, told at its row (`$.facts[3]`);
//! - the input template of a group ([`template`](template()), [`read_template`]), filled in a spreadsheet
//!   program and read back as the unit it was filled with;
//! - forms 02/03/04 as workbooks ([`form`](form()), [`form_rows`](form_rows()), [`form_number`]) and form 01 as a Word
//!   document ([`report`](report())), from the unit's scores and their explanations (S4); one unit of a
//!   batch's JSON at once with [`unit_form`];
//! - the rubric as a workbook ([`rubric`](rubric()), [`read_rubric`]): export then import is the identity.
//!
//! The command line (`template`, `facts`, `form`, `rubric`, and `score`/`rank`/`explain` of a
//! table), Python (`RuleSet.template`, `score_workbook`, `score_frame`, `score_long_frame`, …)
//! and the npm package's `parindex/tables` module call these functions and convert their types.
//!
//! ```
//! use parindex::table::{FactTable, ReadOptions, CsvOptions};
//!
//! let rs = parindex::builtin::ruleset(parindex::builtin::DEFAULT_RULESET).unwrap();
//! let csv = "id,name,group,3.3.3.numerator,3.3.3.denominator\n\
//!            so_x,Sở X,department,180,200\n";
//! let t = FactTable::read_csv(&rs, csv.as_bytes(), b',', &ReadOptions::default()).unwrap();
//! let result = t.score(&rs, Default::default()).unwrap();
//! let node = result.units[0].nodes.find("3.3.3").unwrap();
//! assert_eq!(node.percentage.unwrap().to_string(), "90.00"); // S9: the percentage first
//! // The table written back is the same text.
//! assert_eq!(t.rows(), 1);
//! assert!(String::from_utf8(t.write_csv(&CsvOptions::default())).unwrap().contains("so_x"));
//! ```

mod arrow_data;
mod cell;
mod columns;
mod csv_file;
mod describe;
mod entries;
mod form_rows;
mod forms;
mod frame;
mod long;
mod report;
mod rubric;
mod rubric_read;
mod template;
mod template_cells;
mod template_layout;
mod template_read;
mod xlsx_file;

pub use arrow_data::{ArrowCells, ArrowColumn, Bitmap, Buffer, Chunk, Memory, Values};
pub use cell::{
    bool_text, column_letters, decimal_of_double, double_of_decimal, Cell, CellOptions,
    CellProblem, Location, Value, MAX_CELL_DIGITS,
};
pub use columns::{facts_of, ColumnKind, Columns, Entry, Fact, Role, Side};
pub use csv_file::CsvOptions;
pub use describe::{num, rule_text, Lang};
pub use entries::{fact_file, float_policy, read_file, read_file_batch, unit_form, FileOptions};
pub use form_rows::{form_number, form_rows, FormRow};
pub use forms::{form, FormOptions};
pub use frame::{Column, ColumnData, FactTable, Grid, ReadOptions};
pub use long::{LongFacts, LongTable, LongValue};
pub use report::{report, without_evidence};
pub use rubric::{rubric, RUBRIC_SHEET};
pub use rubric_read::read_rubric;
pub use template::template;
pub use template_layout::sheet_name;
pub use template_read::{read_template, read_template_with};
pub use xlsx_file::{ABOUT_SHEET, MAX_CELL_CHARS, UNITS_SHEET};

/// The version of the fact table's shape (its column names and types, `docs/fact-table.md`).
/// Written in a workbook's `about` sheet and checked when read.
pub const TABLE_VERSION: u32 = 1;

/// What a file is, by its first bytes: an XLSX workbook (a ZIP archive) or CSV text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Xlsx,
}

impl Format {
    /// A ZIP archive (`PK\x03\x04`) is a workbook; anything else is read as CSV.
    pub fn sniff(bytes: &[u8]) -> Format {
        if bytes.starts_with(b"PK\x03\x04") {
            Format::Xlsx
        } else {
            Format::Csv
        }
    }
}

impl FactTable {
    /// Reads a fact table from a workbook: the sheet `units` (else the first sheet), its first
    /// row the header. A number cell is read as the shortest decimal that gives its double back
    /// (refused beyond 15 significant digits, `input.cell_too_precise`); a text cell exactly; a
    /// date, a boolean where a number belongs, or an error value each with its code. The sheet
    /// `about`, when present, gives the table's rule set, title and synthetic flag.
    ///
    /// A filled input template ([`template`](template())) is read as the table of its one unit.
    pub fn read_xlsx(
        rs: &crate::RuleSet,
        bytes: &[u8],
        opts: &ReadOptions,
    ) -> crate::Result<FactTable> {
        let mut book = xlsx_file::open(bytes, &opts.limits)?;
        if template_read::is_template(&mut book) {
            drop(book);
            return template_read::read_template_table(rs, bytes, opts);
        }
        FactTable::read_units_book(rs, book, bytes, opts)
    }
}

/// Reads a fact table from a file of either format (a filled input template included), CSV with
/// `delimiter`.
pub fn read(
    rs: &crate::RuleSet,
    bytes: &[u8],
    delimiter: u8,
    opts: &ReadOptions,
) -> crate::Result<FactTable> {
    match Format::sniff(bytes) {
        Format::Xlsx => FactTable::read_xlsx(rs, bytes, opts),
        Format::Csv => FactTable::read_csv(rs, bytes, delimiter, opts),
    }
}

/// The column separator of CSV text: the one of `,`, `;` and tab its first line has most of
/// (`,` when none).
pub fn sniff_delimiter(bytes: &[u8]) -> u8 {
    let line = bytes.split(|b| *b == b'\n').next().unwrap_or_default();
    let count = |d: u8| line.iter().filter(|b| **b == d).count();
    [b';', b'\t']
        .into_iter()
        .filter(|d| count(*d) > count(b','))
        .max_by_key(|d| count(*d))
        .unwrap_or(b',')
}

/// Checks a form's date of signing ([`FormOptions::date`]): `YYYY-MM-DD`, its month 1–12 and
/// its day 1–31, else `input.bad_date` at `path`.
///
/// ```
/// use parindex::table::check_date;
///
/// assert!(check_date("2019-11-15", "$.date").is_ok());
/// for bad in ["2019-13-01", "2019-11-32", "15/11/2019", "2019-1-5", "2019-11-15T08:00"] {
///     let e = check_date(bad, "$.date").unwrap_err();
///     assert_eq!((e.code(), e.issues()[0].path.as_str()), ("input.bad_date", "$.date"));
/// }
/// ```
pub fn check_date(date: &str, path: &str) -> crate::Result<()> {
    let p: Vec<&str> = date.split('-').collect();
    let number = |s: &str, len: usize| {
        (s.len() == len && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u16>().ok())
            .flatten()
    };
    let ok = p.len() == 3
        && number(p[0], 4).is_some()
        && number(p[1], 2).is_some_and(|m| (1..=12).contains(&m))
        && number(p[2], 2).is_some_and(|d| (1..=31).contains(&d));
    if ok {
        Ok(())
    } else {
        Err(crate::Error::Input(vec![crate::error::issue!(
            "input.bad_date",
            path,
            date = crate::error::excerpt(date)
        )]))
    }
}

impl FactTable {
    /// The table as a JSON batch for a caller that scores it elsewhere (the JavaScript package's
    /// main module): the units of the rows that read and score, in the table's order, and the
    /// refusals of the others, each as [`FactTable::score`] gives it (`index` the row's position
    /// among the table's units, every problem with its cell and the JSON path it stands for in
    /// the table). Scoring the batch gives the scores [`FactTable::score`] gives those units,
    /// except that the paths of their warnings (`$.units[1].items["7.4"]`) are those of the
    /// batch; the receipt's inputs hash is then that of the batch's text, not of the file.
    ///
    /// ```
    /// use parindex::table::{FactTable, ReadOptions};
    ///
    /// let rs = parindex::builtin::ruleset(parindex::builtin::DEFAULT_RULESET).unwrap();
    /// let csv = "id,name,group,3.3.3.numerator,3.3.3.denominator\n\
    ///            so_x,Sở X,department,180,200\n\
    ///            so_y,Sở Y,department,x,200\n\
    ///            so_z,Sở Z,department,300,200\n";
    /// let t = FactTable::read_csv(&rs, csv.as_bytes(), b',', &ReadOptions::default()).unwrap();
    /// let (batch, refused) = t.to_batch_input(&rs, &Default::default()).unwrap();
    /// assert_eq!(batch.units.len(), 1);
    /// assert_eq!(batch.units[0].id, "so_x");
    /// // A cell that is no number, and a numerator above its denominator (found by scoring).
    /// let codes: Vec<_> = refused.iter().map(|e| (e.index, e.errors[0].code.as_str())).collect();
    /// assert_eq!(codes, [(1, "input.invalid_type"), (2, "input.numerator_above_denominator")]);
    /// ```
    pub fn to_batch_input(
        &self,
        rs: &crate::RuleSet,
        limits: &crate::Limits,
    ) -> crate::Result<(crate::BatchInput, Vec<crate::UnitError>)> {
        let opts = crate::BatchOptions {
            keep_nodes: false,
            limits: *limits,
        };
        let errors = self.score(rs, opts)?.errors;
        let parsed = self.to_batch();
        let units = (parsed.units.into_iter().enumerate())
            .filter(|(i, _)| !errors.iter().any(|e| e.index == *i))
            .filter_map(|(_, e)| match e {
                crate::input::UnitEntry::Ok(u) => Some(u),
                crate::input::UnitEntry::Bad { .. } => None,
            })
            .collect();
        let batch = crate::BatchInput {
            format_version: crate::def::FORMAT_VERSION,
            ruleset: parsed.ruleset,
            title: parsed.title,
            synthetic: parsed.synthetic,
            units,
        };
        Ok((batch, errors))
    }
}
