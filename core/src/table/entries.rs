//! The table entries with their arguments as a caller gives them (names, texts, bytes): what the
//! Python package and the npm package's `parindex/tables` call, so that each converts its types
//! and nothing else. Which option is refused and how is decided here, once.

use super::{check_date, form, read, report, sniff_delimiter, CellOptions, FormOptions};
use super::{CsvOptions, FactTable, ReadOptions};
use crate::batch::explain_json_within;
use crate::compile::RuleSet;
use crate::error::{excerpt, Error, Issue, Result};
use crate::{BatchInput, Limits, UnitError};

/// How a file is read ([`read_file`]): the CSV options as a caller names them, and the limits.
#[derive(Debug, Clone, Default)]
pub struct FileOptions<'a> {
    /// CSV only: numbers written with a decimal comma (`99,75`).
    pub decimal_comma: bool,
    /// CSV only: the column separator, `","`, `";"` or `"\t"`; `None`, the one the header row
    /// uses most.
    pub delimiter: Option<&'a str>,
    pub limits: Limits,
}

/// A data frame's float policy by its name: `"exact"` (only whole floats, the others refused
/// cell by cell as `input.inexact_float`) is `false`, `"shortest"` (a float read as the shortest
/// decimal that gives it back, as a spreadsheet's number) `true`; another name is
/// `input.invalid_type` at `$.floats`.
///
/// ```
/// use parindex::table::float_policy;
///
/// assert_eq!((float_policy("exact").unwrap(), float_policy("shortest").unwrap()), (false, true));
/// let e = float_policy("round").unwrap_err();
/// assert_eq!((e.code(), e.issues()[0].path.as_str()), ("input.invalid_type", "$.floats"));
/// ```
pub fn float_policy(name: &str) -> Result<bool> {
    match name {
        "exact" => Ok(false),
        "shortest" => Ok(true),
        other => Err(Error::Input(vec![Issue::new(
            "input.invalid_type",
            "$.floats",
            &[
                ("found", &excerpt(other)),
                ("expected", r#""exact" or "shortest""#),
            ],
        )])),
    }
}

/// Reads a file as its fact table: a workbook (XLSX) or CSV, told by its content, a filled input
/// template included. Another delimiter than `","`, `";"` or `"\t"` is `input.invalid_type` at
/// `$.delimiter`.
///
/// ```
/// use parindex::table::{read_file, FileOptions};
///
/// let rs = parindex::builtin::ruleset(parindex::builtin::DEFAULT_RULESET).unwrap();
/// let csv = "id;name;group;1.1.2.percentage\nso_x;Sở X;department;92,5\n";
/// let opts = FileOptions { decimal_comma: true, ..Default::default() };
/// assert_eq!(read_file(&rs, csv.as_bytes(), &opts).unwrap().rows(), 1);
/// let opts = FileOptions { delimiter: Some("|"), ..Default::default() };
/// let e = read_file(&rs, csv.as_bytes(), &opts).unwrap_err();
/// assert_eq!((e.code(), e.issues()[0].path.as_str()), ("input.invalid_type", "$.delimiter"));
/// ```
pub fn read_file(rs: &RuleSet, bytes: &[u8], opts: &FileOptions<'_>) -> Result<FactTable> {
    let delimiter = match opts.delimiter {
        None => sniff_delimiter(bytes),
        Some(",") => b',',
        Some(";") => b';',
        Some("\t") => b'\t',
        Some(other) => {
            return Err(Error::Input(vec![Issue::new(
                "input.invalid_type",
                "$.delimiter",
                &[
                    ("found", &excerpt(other)),
                    ("expected", r#"",", ";" or "\t""#),
                ],
            )]))
        }
    };
    let read_opts = ReadOptions {
        cells: CellOptions {
            decimal_comma: opts.decimal_comma,
        },
        limits: opts.limits,
    };
    read(rs, bytes, delimiter, &read_opts)
}

/// A file read ([`read_file`]) as the batch of the units that read and score, and the refusals
/// of the other rows ([`FactTable::to_batch_input`]).
pub fn read_file_batch(
    rs: &RuleSet,
    bytes: &[u8],
    opts: &FileOptions<'_>,
) -> Result<(BatchInput, Vec<UnitError>)> {
    read_file(rs, bytes, opts)?.to_batch_input(rs, &opts.limits)
}

/// The form of one unit of a batch (its JSON text, checked against `limits`): the unit scored
/// with its explanation as `explain` scores it, then written as form 01 (`report` true, DOCX,
/// [`report`](super::report())) or its group's self-scoring table (XLSX, [`form`](super::form())).
/// A date that is none is refused first (`input.bad_date` at `$.date`); then a unit the batch
/// does not have (`not_found.unit`) or refuses (its problems).
pub fn unit_form(
    rs: &RuleSet,
    batch_json: &str,
    unit_id: &str,
    report: bool,
    opts: &FormOptions,
    limits: &Limits,
) -> Result<Vec<u8>> {
    if let Some(d) = &opts.date {
        check_date(d, "$.date")?;
    }
    let unit = explain_json_within(rs, batch_json, unit_id, limits)?;
    if report {
        self::report(rs, &unit, opts)
    } else {
        form(rs, &unit, opts)
    }
}

/// A batch (its JSON text, checked against `limits`; `None`: no unit, every column's header)
/// written as the fact table in `format`: `"xlsx"` (the sheets `units` and `about`) or `"csv"`
/// (comma-separated, decimal dot), the file [`read_file`] reads back as the same units. Another
/// format is `input.invalid_type` at `$.format`; a unit that cannot be read refuses the batch
/// with every problem (a table holds only what it can give back).
///
/// ```
/// use parindex::table::{fact_file, read_file, FileOptions};
///
/// let rs = parindex::builtin::ruleset(parindex::builtin::DEFAULT_RULESET).unwrap();
/// let example = parindex::builtin::EXAMPLE_PROVINCE;
/// let csv = fact_file(&rs, Some(example), "csv", &Default::default()).unwrap();
/// let read = read_file(&rs, &csv, &FileOptions::default()).unwrap();
/// assert_eq!(read.rows(), 41);
/// let e = fact_file(&rs, None, "ods", &Default::default()).unwrap_err();
/// assert_eq!((e.code(), e.issues()[0].path.as_str()), ("input.invalid_type", "$.format"));
/// ```
pub fn fact_file(
    rs: &RuleSet,
    batch_json: Option<&str>,
    format: &str,
    limits: &Limits,
) -> Result<Vec<u8>> {
    let xlsx = match format {
        "xlsx" => true,
        "csv" => false,
        other => {
            return Err(Error::Input(vec![Issue::new(
                "input.invalid_type",
                "$.format",
                &[
                    ("found", &excerpt(other)),
                    ("expected", r#""xlsx" or "csv""#),
                ],
            )]))
        }
    };
    let table = match batch_json {
        Some(text) => FactTable::from_batch_json(rs, text, limits)?,
        None => FactTable::new(rs),
    };
    if xlsx {
        table.write_xlsx(rs)
    } else {
        Ok(table.write_csv(&CsvOptions::default()))
    }
}
