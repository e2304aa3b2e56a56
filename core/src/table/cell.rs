//! Cells: what a file holds at one place, read as the value of a column, and where it is.

use super::columns::ColumnKind;
use crate::error::Issue;
use crate::support::decimal::{parse_exact, DecimalProblem};
use rust_decimal::Decimal;
use std::fmt;

/// The most significant digits a workbook's number holds faithfully: a spreadsheet program shows
/// and keeps 15, and a binary double has 15 to 17. A number cell with more is refused
/// (`input.cell_too_precise`): it was not typed, it was computed (`0.1 + 0.2` is
/// `0.30000000000000004`), and which decimal was meant cannot be known.
pub const MAX_CELL_DIGITS: usize = 15;

/// A cell as a file holds it, before it is read as the value of its column.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Nothing (an empty cell, or text of spaces only).
    Empty,
    /// Text, read exactly: every CSV cell, a workbook's text cell, a string from a binding.
    Text(String),
    /// A workbook's number cell: a binary double, read as the shortest decimal that gives it back
    /// ([`decimal_of_double`]).
    Number(f64),
    /// A whole number (a workbook's integer cell, an integer column of a data frame).
    Int(i64),
    /// A binary double that is not a spreadsheet's number (a float column of a data frame): read
    /// exactly when it is a whole number within ±2^53 (`45.0` is 45), else refused
    /// (`input.inexact_float`), since which decimal it stands for cannot be known. Data that came
    /// from a spreadsheet is given as [`Cell::Number`] instead, read as the shortest decimal.
    Float(f64),
    /// A workbook's `TRUE` / `FALSE`.
    Bool(bool),
    /// A date or a time, as the file writes it (no column holds dates).
    Date(String),
    /// A formula's error value (`#DIV/0!`, `#N/A`…).
    Error(String),
}

/// A value read from a cell, of its column's type.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    Decimal(Decimal),
    Count(u64),
    Bool(bool),
    Lines(Vec<String>),
}

/// How cells are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CellOptions {
    /// Decimals are written with a comma (`99,75`, the Vietnamese way): declared, never guessed.
    /// A dot in a number is then refused, since `1.000` would be a thousands separator.
    pub decimal_comma: bool,
}

/// Why a cell cannot be read: a code (`input.…`) and what to tell the person who filled it (the
/// registry's message, in the thread's language).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellProblem {
    pub code: &'static str,
    pub message: String,
    /// The message key and its parameters.
    key: String,
    params: Vec<(&'static str, String)>,
}

impl CellProblem {
    fn new(key: &str, params: &[(&'static str, String)]) -> Self {
        let issue = Issue::new(key, "$", &Self::pairs(params));
        CellProblem {
            code: crate::error::codes::entry(key).map_or("input.invalid_type", |e| e.code()),
            message: issue.message,
            key: key.to_string(),
            params: params.to_vec(),
        }
    }

    fn pairs<'a>(params: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
        params.iter().map(|(n, v)| (*n, v.as_str())).collect()
    }

    fn decimal(p: DecimalProblem) -> Self {
        let (variant, params) = p.variant_and_params();
        CellProblem::new(&format!("input.{}{variant}", p.code()), &params)
    }

    /// The problem as an issue at `path`, its message after the cell's place (`Tiêu chí!E12: …`).
    pub fn issue(&self, path: impl Into<String>, at: &Location) -> Issue {
        self.to_issue(path).at_cell(at)
    }

    /// The problem as an issue at `path`.
    pub(crate) fn to_issue(&self, path: impl Into<String>) -> Issue {
        Issue::new(&self.key, path, &Self::pairs(&self.params))
    }
}

/// Where a cell is: `Tiêu chí!E12` in a workbook, `row 7, column 3.3.3.numerator` in a CSV file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The sheet (workbooks only).
    pub sheet: Option<String>,
    /// The row, from 1 (the header is row 1).
    pub row: u32,
    /// The column, from 0 (`A`).
    pub column: u32,
    /// The column's name in the header, when it has one.
    pub name: Option<String>,
}

impl Location {
    /// The cell's reference in A1 notation (`C7`).
    pub fn a1(&self) -> String {
        format!("{}{}", column_letters(self.column), self.row)
    }
}

impl fmt::Display for Location {
    /// In the thread's language: `dòng 7, cột 3.3.3.numerator` or `row 7, column 3.3.3.numerator`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (row, column) = crate::error::lang().pick(("dòng", "cột"), ("row", "column"));
        match (&self.sheet, &self.name) {
            (Some(sheet), _) => write!(f, "{sheet}!{}", self.a1()),
            (None, Some(name)) => write!(f, "{row} {}, {column} {name}", self.row),
            (None, None) => write!(f, "{row} {}, {column} {}", self.row, self.column + 1),
        }
    }
}

impl Issue {
    /// The issue told with the cell it comes from, before its message (`Tiêu chí!E12: …`).
    pub(crate) fn at_cell(mut self, at: &Location) -> Issue {
        self.message = format!("{at}: {}", self.message);
        self
    }
}

/// A column's letters: 0 → `A`, 25 → `Z`, 26 → `AA`.
pub fn column_letters(mut col: u32) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// The decimal a binary double stands for: the shortest decimal that reads back as the same
/// double (what a spreadsheet program shows, and what was typed), refused beyond
/// [`MAX_CELL_DIGITS`] significant digits (`input.cell_too_precise`).
///
/// ```
/// use parindex::table::decimal_of_double;
/// assert_eq!(decimal_of_double(45.0).unwrap().to_string(), "45");
/// assert_eq!(decimal_of_double(0.1).unwrap().to_string(), "0.1");
/// assert_eq!(decimal_of_double(99.75).unwrap().to_string(), "99.75");
/// let e = decimal_of_double(0.1 + 0.2).unwrap_err();
/// assert_eq!(e.code, "input.cell_too_precise");
/// ```
pub fn decimal_of_double(x: f64) -> Result<Decimal, CellProblem> {
    if !x.is_finite() {
        return Err(CellProblem::new(
            "input.not_a_decimal:not_finite",
            &[("number", x.to_string())],
        ));
    }
    // Rust writes a double as the shortest decimal that reads back as it, without an exponent.
    let text = format!("{x}");
    let digits = significant_digits(&text);
    if digits > MAX_CELL_DIGITS {
        return Err(CellProblem::new(
            "input.cell_too_precise",
            &[
                ("number", text.clone()),
                ("digits", digits.to_string()),
                ("max", MAX_CELL_DIGITS.to_string()),
            ],
        ));
    }
    parse_exact(&text).map_err(CellProblem::decimal)
}

/// The largest whole number from which every whole number is a double: 2^53.
const MAX_WHOLE_DOUBLE: f64 = 9_007_199_254_740_992.0;

/// A float of a data frame that is a whole number every double below it can tell apart (within
/// ±2^53), else the refusal of [`Cell::Float`].
fn whole_of_float(x: f64) -> Result<i64, CellProblem> {
    if !x.is_finite() {
        return Err(CellProblem::new(
            "input.not_a_decimal:not_finite",
            &[("number", x.to_string())],
        ));
    }
    if x.fract() == 0.0 && x.abs() <= MAX_WHOLE_DOUBLE {
        // Exact: a whole double within ±2^53 is an i64.
        return Ok(x as i64);
    }
    Err(CellProblem::new(
        "input.inexact_float",
        &[("number", x.to_string())],
    ))
}

/// The significant digits of a decimal's text (`0.0250` → 2; `1200` → 2).
fn significant_digits(text: &str) -> usize {
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    digits.trim_start_matches('0').trim_end_matches('0').len()
}

/// A double the decimal reads as, when it is one exactly enough for a workbook's number cell:
/// at most [`MAX_CELL_DIGITS`] significant digits and read back by [`decimal_of_double`] as the
/// same value. Otherwise the decimal is written as text (read exactly).
pub fn double_of_decimal(d: Decimal) -> Option<f64> {
    let f: f64 = d.to_string().parse().ok()?;
    match decimal_of_double(f) {
        Ok(back) if back == d => Some(f),
        _ => None,
    }
}

/// Reads `cell` as a value of `kind`: `None` for an empty cell.
pub fn read(
    cell: &Cell,
    kind: ColumnKind,
    opts: CellOptions,
) -> Result<Option<Value>, CellProblem> {
    let problem = |found: &str| {
        CellProblem::new(
            "input.invalid_type:cell",
            &[
                ("found", found.to_string()),
                ("expected", expected(kind).to_string()),
            ],
        )
    };
    match cell {
        Cell::Empty => Ok(None),
        Cell::Date(shown) => Err(CellProblem::new(
            "input.cell_date",
            &[
                ("shown", shown.clone()),
                ("expected", expected(kind).to_string()),
            ],
        )),
        Cell::Error(e) => Err(CellProblem::new(
            "input.cell_error",
            &[("value", e.clone())],
        )),
        Cell::Text(t) => read_str(t, kind, opts),
        Cell::Bool(b) => match kind {
            ColumnKind::Bool => Ok(Some(Value::Bool(*b))),
            _ => Err(problem(&format!(
                "the value {}",
                if *b { "TRUE" } else { "FALSE" }
            ))),
        },
        Cell::Int(i) => match kind {
            ColumnKind::Text => Ok(Some(Value::Text(i.to_string()))),
            ColumnKind::Lines => Ok(Some(Value::Lines(vec![i.to_string()]))),
            ColumnKind::Decimal => Ok(Some(Value::Decimal(Decimal::from(*i)))),
            ColumnKind::Count => u64::try_from(*i)
                .map(|c| Some(Value::Count(c)))
                .map_err(|_| count_problem(&i.to_string())),
            ColumnKind::Bool => match i {
                0 => Ok(Some(Value::Bool(false))),
                1 => Ok(Some(Value::Bool(true))),
                _ => Err(problem(&format!("the number {i}"))),
            },
        },
        Cell::Float(x) => read(&Cell::Int(whole_of_float(*x)?), kind, opts),
        Cell::Number(x) => {
            let d = decimal_of_double(*x)?;
            match kind {
                ColumnKind::Decimal => Ok(Some(Value::Decimal(d))),
                ColumnKind::Count => count_of(d).map(|c| Some(Value::Count(c))),
                ColumnKind::Text => Ok(Some(Value::Text(d.normalize().to_string()))),
                ColumnKind::Lines => Ok(Some(Value::Lines(vec![d.normalize().to_string()]))),
                ColumnKind::Bool => {
                    if d == Decimal::ZERO {
                        Ok(Some(Value::Bool(false)))
                    } else if d == Decimal::ONE {
                        Ok(Some(Value::Bool(true)))
                    } else {
                        Err(problem(&format!("the number {d}")))
                    }
                }
            }
        }
    }
}

/// Reads the text of a cell (`Cell::Text` without its `String`: text read in place) as a value
/// of `kind`: `None` for text of spaces only.
pub(super) fn read_str(
    t: &str,
    kind: ColumnKind,
    opts: CellOptions,
) -> Result<Option<Value>, CellProblem> {
    if t.trim().is_empty() {
        return Ok(None);
    }
    read_text(t, kind, opts).map(Some)
}

fn expected(kind: ColumnKind) -> &'static str {
    match kind {
        ColumnKind::Text | ColumnKind::Lines => "text",
        ColumnKind::Decimal => "a number",
        ColumnKind::Count => "a whole number (0 or more)",
        ColumnKind::Bool => "yes or no (true/false, đạt/không đạt, có/không, x)",
    }
}

fn count_problem(shown: &str) -> CellProblem {
    CellProblem::new("input.invalid_type:count", &[("number", shown.to_string())])
}

/// A count from a decimal: whole, 0 or more, within 2^64 − 1 (`45.0` is 45).
fn count_of(d: Decimal) -> Result<u64, CellProblem> {
    use rust_decimal::prelude::ToPrimitive;
    if d.fract() != Decimal::ZERO || d.is_sign_negative() && d != Decimal::ZERO {
        return Err(count_problem(&d.to_string()));
    }
    d.trunc()
        .to_u64()
        .ok_or_else(|| count_problem(&d.to_string()))
}

fn read_text(t: &str, kind: ColumnKind, opts: CellOptions) -> Result<Value, CellProblem> {
    match kind {
        ColumnKind::Text => Ok(Value::Text(t.to_string())),
        ColumnKind::Lines => Ok(Value::Lines(
            t.split('\n')
                .map(|l| l.strip_suffix('\r').unwrap_or(l))
                .filter(|l| !l.trim().is_empty())
                .map(str::to_string)
                .collect(),
        )),
        ColumnKind::Decimal => decimal_text(t.trim(), opts).map(Value::Decimal),
        ColumnKind::Count => {
            let s = t.trim();
            if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
                return s.parse().map(Value::Count).map_err(|_| count_problem(s));
            }
            match decimal_text(s, opts) {
                Ok(d) => count_of(d).map(Value::Count),
                Err(_) => Err(count_problem(&crate::error::excerpt(s))),
            }
        }
        ColumnKind::Bool => bool_text(t.trim()).map(Value::Bool).ok_or_else(|| {
            CellProblem::new(
                "input.invalid_type:bool",
                &[("value", crate::error::excerpt(t.trim()))],
            )
        }),
    }
}

/// A decimal's text, exactly: with the decimal comma when declared.
fn decimal_text(s: &str, opts: CellOptions) -> Result<Decimal, CellProblem> {
    if opts.decimal_comma {
        if s.contains('.') {
            return Err(CellProblem::new(
                "input.not_a_decimal:dot",
                &[("text", crate::error::excerpt(s))],
            ));
        }
        return parse_exact(&s.replacen(',', ".", 1)).map_err(CellProblem::decimal);
    }
    parse_exact(s).map_err(CellProblem::decimal)
}

/// Yes or no as written: `true`/`false` in any case (a spreadsheet's `TRUE`), `1`/`0`, `yes`/`no`,
/// Vietnamese `đạt`/`không đạt` and `có`/`không`, and `x` (a ticked box) for yes.
pub fn bool_text(s: &str) -> Option<bool> {
    match s.to_lowercase().as_str() {
        "true" | "1" | "yes" | "x" | "đạt" | "có" => Some(true),
        "false" | "0" | "no" | "không đạt" | "không" | "chưa đạt" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(s: &str) -> Decimal {
        parse_exact(s).unwrap()
    }

    #[test]
    fn a_double_is_read_as_the_shortest_decimal_that_gives_it_back() {
        for (x, want) in [
            (45.0, "45"),
            (0.1, "0.1"),
            (99.75, "99.75"),
            (84.03614457831326, "84.03614457831326"),
            (-0.0, "0"),
            (1e20, "100000000000000000000"),
            (123456789012345.0, "123456789012345"),
        ] {
            match decimal_of_double(x) {
                Ok(d) => assert_eq!(d.to_string(), want, "{x}"),
                Err(e) => assert_eq!(e.code, "input.cell_too_precise", "{x}: {}", e.message),
            }
        }
        assert_eq!(
            decimal_of_double(0.1 + 0.2).unwrap_err().code,
            "input.cell_too_precise"
        );
        assert_eq!(
            decimal_of_double(84.03614457831326).unwrap_err().code,
            "input.cell_too_precise"
        );
        assert_eq!(
            decimal_of_double(1e300).unwrap_err().code,
            "input.decimal_out_of_range"
        );
        assert_eq!(
            decimal_of_double(f64::NAN).unwrap_err().code,
            "input.not_a_decimal"
        );
    }

    #[test]
    fn decimals_within_fifteen_digits_go_through_a_double_and_back() {
        for s in ["0.1", "99.75", "56", "0.25", "123456789012.345", "-1"] {
            let d = dec(s);
            let f = double_of_decimal(d).unwrap();
            assert_eq!(decimal_of_double(f).unwrap(), d, "{s}");
        }
        // Sixteen significant digits: written as text instead.
        assert_eq!(double_of_decimal(dec("1234567890.123456")), None);
    }

    #[test]
    fn cells_are_read_as_their_columns_types() {
        let o = CellOptions::default();
        let t = |s: &str| Cell::Text(s.into());
        assert_eq!(
            read(&t("45.0"), ColumnKind::Count, o).unwrap(),
            Some(Value::Count(45))
        );
        assert_eq!(
            read(&Cell::Number(45.0), ColumnKind::Count, o).unwrap(),
            Some(Value::Count(45))
        );
        assert_eq!(
            read(&t("4.5"), ColumnKind::Count, o).unwrap_err().code,
            "input.invalid_type"
        );
        assert_eq!(
            read(&t("-1"), ColumnKind::Count, o).unwrap_err().code,
            "input.invalid_type"
        );
        assert_eq!(
            read(&t("18446744073709551615"), ColumnKind::Count, o).unwrap(),
            Some(Value::Count(u64::MAX))
        );
        assert_eq!(
            read(&t(" 99.75 "), ColumnKind::Decimal, o).unwrap(),
            Some(Value::Decimal(dec("99.75")))
        );
        assert_eq!(
            read(&t("99,75"), ColumnKind::Decimal, o).unwrap_err().code,
            "input.decimal_comma"
        );
        let comma = CellOptions {
            decimal_comma: true,
        };
        assert_eq!(
            read(&t("99,75"), ColumnKind::Decimal, comma).unwrap(),
            Some(Value::Decimal(dec("99.75")))
        );
        assert_eq!(
            read(&t("1.000"), ColumnKind::Decimal, comma)
                .unwrap_err()
                .code,
            "input.not_a_decimal"
        );
        assert_eq!(read(&t("   "), ColumnKind::Decimal, o).unwrap(), None);
        assert_eq!(
            read(&t("Đạt"), ColumnKind::Bool, o).unwrap(),
            Some(Value::Bool(true))
        );
        assert_eq!(
            read(&t("FALSE"), ColumnKind::Bool, o).unwrap(),
            Some(Value::Bool(false))
        );
        assert_eq!(
            read(&t("maybe"), ColumnKind::Bool, o).unwrap_err().code,
            "input.invalid_type"
        );
        assert_eq!(
            read(&Cell::Date("2019-11-18".into()), ColumnKind::Decimal, o)
                .unwrap_err()
                .code,
            "input.cell_date"
        );
        assert_eq!(
            read(&Cell::Error("#DIV/0!".into()), ColumnKind::Decimal, o)
                .unwrap_err()
                .code,
            "input.cell_error"
        );
        assert_eq!(
            read(&Cell::Bool(true), ColumnKind::Decimal, o)
                .unwrap_err()
                .code,
            "input.invalid_type"
        );
        assert_eq!(
            read(&t("a.pdf\r\n\nb.pdf\n"), ColumnKind::Lines, o).unwrap(),
            Some(Value::Lines(vec!["a.pdf".into(), "b.pdf".into()]))
        );
        assert_eq!(
            read(&Cell::Number(12.0), ColumnKind::Text, o).unwrap(),
            Some(Value::Text("12".into()))
        );
    }

    #[test]
    fn a_data_frames_float_is_read_exactly_when_whole_and_refused_otherwise() {
        let o = CellOptions::default();
        let f = |x: f64, kind| read(&Cell::Float(x), kind, o);
        // `45.0` from pandas (an integer column with a gap is float64) is 45, exactly.
        assert_eq!(f(45.0, ColumnKind::Count).unwrap(), Some(Value::Count(45)));
        assert_eq!(
            f(-0.0, ColumnKind::Decimal).unwrap(),
            Some(Value::Decimal(Decimal::ZERO))
        );
        assert_eq!(
            f(9_007_199_254_740_992.0, ColumnKind::Decimal).unwrap(),
            Some(Value::Decimal(dec("9007199254740992")))
        );
        // Not whole, or past 2^53 (where a double skips whole numbers): which decimal was meant
        // cannot be known, so it is refused rather than read as the nearest guess.
        for x in [81.37, 0.1, 1e17, -2.5] {
            assert_eq!(
                f(x, ColumnKind::Decimal).unwrap_err().code,
                "input.inexact_float",
                "{x}"
            );
        }
        // The same double as a spreadsheet's number is read as the shortest decimal.
        assert_eq!(
            read(&Cell::Number(81.37), ColumnKind::Decimal, o).unwrap(),
            Some(Value::Decimal(dec("81.37")))
        );
        assert_eq!(
            f(f64::NAN, ColumnKind::Decimal).unwrap_err().code,
            "input.not_a_decimal"
        );
        assert_eq!(f(1.0, ColumnKind::Bool).unwrap(), Some(Value::Bool(true)));
    }

    #[test]
    fn locations_read_as_a_spreadsheet_shows_them() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
        let mut l = Location {
            sheet: Some("Tiêu chí".into()),
            row: 12,
            column: 4,
            name: Some("max_points".into()),
        };
        assert_eq!(l.to_string(), "Tiêu chí!E12");
        l.sheet = None;
        assert_eq!(l.to_string(), "dòng 12, cột max_points");
        let en = crate::error::with_lang(crate::error::Lang::En, || l.to_string());
        assert_eq!(en, "row 12, column max_points");
    }
}
