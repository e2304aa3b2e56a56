//! Columns in Arrow's memory layout, read in place. A binding's Arrow data (a pyarrow Table, a
//! polars DataFrame given through the C stream interface) become the fact table's columns without
//! their values being copied: the core knows the layout (decimal128 values with their scale,
//! integers, floats, strings as offsets and bytes or as views, booleans and validity as bitmaps,
//! dictionaries), not the arrow crates. The memory is the binding's, shared through [`Memory`]
//! and kept alive while the table uses it; each cell is read from it when the table is checked
//! and again when it turns into the batch's units, as the cell a file would hold ([`Cell`]).
//!
//! Every read is bounds-checked: data whose buffers are shorter than their layout says is read as
//! an error value (`input.cell_error`), never past its end.

use super::cell::{self, Cell, CellOptions, CellProblem, Value};
use super::columns::ColumnKind;
use rust_decimal::Decimal;
use std::fmt;
use std::sync::Arc;

/// Memory a binding owns (an Arrow buffer), kept alive while a column uses it.
pub trait Memory: Send + Sync {
    /// The buffer's bytes.
    fn bytes(&self) -> &[u8];
}

impl Memory for Vec<u8> {
    fn bytes(&self) -> &[u8] {
        self
    }
}

/// A buffer of Arrow data: shared memory, not copied.
#[derive(Clone)]
pub struct Buffer(Arc<dyn Memory>);

impl Buffer {
    /// A buffer over `memory`.
    pub fn new(memory: impl Memory + 'static) -> Buffer {
        Buffer(Arc::new(memory))
    }

    fn bytes(&self) -> &[u8] {
        self.0.bytes()
    }

    /// The `n` bytes of element `i` (of `n` bytes each), if the buffer holds them.
    fn slice(&self, i: usize, n: usize) -> Option<&[u8]> {
        let start = i.checked_mul(n)?;
        self.bytes().get(start..start.checked_add(n)?)
    }

    /// Element `i` of `N` bytes, if the buffer holds it.
    fn element<const N: usize>(&self, i: usize) -> Option<[u8; N]> {
        self.slice(i, N)?.try_into().ok()
    }
}

impl fmt::Debug for Buffer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Buffer({} bytes)", self.bytes().len())
    }
}

/// A bitmap (validity, booleans): bit `offset + i`, least significant first, is row `i`'s.
#[derive(Clone, Debug)]
pub struct Bitmap {
    pub buffer: Buffer,
    /// The first row's bit.
    pub offset: usize,
}

impl Bitmap {
    fn get(&self, i: usize) -> Option<bool> {
        let k = self.offset.checked_add(i)?;
        let byte = self.buffer.bytes().get(k / 8)?;
        Some(byte >> (k % 8) & 1 == 1)
    }
}

/// The values of a chunk in Arrow's layout, each buffer starting at the chunk's first row (the
/// offset of a sliced array applied), but bitmaps and the bytes strings point into.
#[derive(Clone, Debug)]
pub enum Values {
    /// Arrow's `null` type: every row is empty.
    Null,
    /// Booleans, one bit each.
    Bool(Bitmap),
    /// Integers of `width` bytes (1, 2, 4 or 8), signed or not.
    Int {
        buffer: Buffer,
        width: u8,
        signed: bool,
    },
    /// Binary floats of `width` bytes (4 or 8): read under the table's float policy.
    Float { buffer: Buffer, width: u8 },
    /// `decimal128(p, s)`: 16-byte integers, the value being the integer × 10^-`scale`.
    Decimal128 { buffer: Buffer, scale: i8 },
    /// `utf8` (32-bit offsets) or `large_utf8` (64-bit): row `i` is `data[offsets[i]..offsets[i + 1]]`.
    Utf8 {
        offsets: Buffer,
        large: bool,
        data: Buffer,
    },
    /// `utf8_view`: 16-byte views, a string of 12 bytes or fewer held in its view, a longer one
    /// in one of the data buffers.
    Utf8View { views: Buffer, data: Vec<Buffer> },
    /// A dictionary: integer keys (as [`Values::Int`]) into the dictionary's values.
    Dictionary {
        keys: Box<Values>,
        values: Arc<Chunk>,
    },
    /// A type no column of the fact table is read from (a list, a struct, a date…), named as
    /// Arrow names it (`list<item: int64>`): the table is refused (`input.unsupported_column`).
    Unsupported(String),
}

/// A run of rows of a column: its values and which rows hold one.
#[derive(Clone, Debug)]
pub struct Chunk {
    /// How many rows.
    pub len: usize,
    /// Which rows hold a value (`None`: all of them).
    pub validity: Option<Bitmap>,
    pub values: Values,
}

/// What a cell of Arrow data holds, before it is read as its column's value.
enum Raw<'a> {
    Empty,
    Bool(bool),
    Int(i128),
    Float(f64),
    Decimal(i128, i8),
    Text(&'a str),
    Broken(&'static str),
}

impl Chunk {
    fn raw(&self, i: usize) -> Raw<'_> {
        if i >= self.len {
            return Raw::Broken("a row beyond the end of its column");
        }
        if let Some(v) = &self.validity {
            match v.get(i) {
                Some(true) => {}
                Some(false) => return Raw::Empty,
                None => return Raw::Broken(DAMAGED),
            }
        }
        self.values.raw(i)
    }
}

const DAMAGED: &str = "Arrow data shorter than their layout";

impl Values {
    fn raw(&self, i: usize) -> Raw<'_> {
        let damaged = Raw::Broken(DAMAGED);
        match self {
            Values::Null => Raw::Empty,
            Values::Bool(b) => b.get(i).map_or(damaged, Raw::Bool),
            Values::Int { .. } => self.int(i).map_or(damaged, Raw::Int),
            Values::Float { buffer, width: 4 } => buffer
                .element::<4>(i)
                .map_or(damaged, |b| Raw::Float(f64::from(f32::from_ne_bytes(b)))),
            Values::Float { buffer, .. } => buffer
                .element::<8>(i)
                .map_or(damaged, |b| Raw::Float(f64::from_ne_bytes(b))),
            Values::Decimal128 { buffer, scale } => buffer
                .element::<16>(i)
                .map_or(damaged, |b| Raw::Decimal(i128::from_ne_bytes(b), *scale)),
            Values::Utf8 {
                offsets,
                large,
                data,
            } => {
                let at = |k: usize| -> Option<usize> {
                    if *large {
                        usize::try_from(i64::from_ne_bytes(offsets.element::<8>(k)?)).ok()
                    } else {
                        usize::try_from(i32::from_ne_bytes(offsets.element::<4>(k)?)).ok()
                    }
                };
                let bytes = (at(i).zip(at(i + 1)))
                    .and_then(|(a, b)| data.bytes().get(a..b))
                    .map(std::str::from_utf8);
                match bytes {
                    Some(Ok(s)) => Raw::Text(s),
                    Some(Err(_)) => Raw::Broken("text that is not UTF-8"),
                    None => damaged,
                }
            }
            Values::Utf8View { views, data } => {
                let Some(view) = views.slice(i, 16) else {
                    return damaged;
                };
                let word =
                    |k: usize| u32::from_ne_bytes([view[k], view[k + 1], view[k + 2], view[k + 3]]);
                let len = word(0) as usize;
                let bytes = if len <= 12 {
                    view.get(4..4 + len)
                } else {
                    let (buf, start) = (word(8) as usize, word(12) as usize);
                    (data.get(buf)).and_then(|d| d.bytes().get(start..start.checked_add(len)?))
                };
                match bytes.map(std::str::from_utf8) {
                    Some(Ok(s)) => Raw::Text(s),
                    Some(Err(_)) => Raw::Broken("text that is not UTF-8"),
                    None => damaged,
                }
            }
            Values::Dictionary { keys, values } => match keys.int(i).map(usize::try_from) {
                Some(Ok(k)) => values.raw(k),
                _ => damaged,
            },
            Values::Unsupported(_) => Raw::Broken("a value of a type no column holds"),
        }
    }

    fn int(&self, i: usize) -> Option<i128> {
        let Values::Int {
            buffer,
            width,
            signed,
        } = self
        else {
            return None;
        };
        Some(match (width, signed) {
            (1, true) => i8::from_ne_bytes(buffer.element(i)?).into(),
            (1, false) => u8::from_ne_bytes(buffer.element(i)?).into(),
            (2, true) => i16::from_ne_bytes(buffer.element(i)?).into(),
            (2, false) => u16::from_ne_bytes(buffer.element(i)?).into(),
            (4, true) => i32::from_ne_bytes(buffer.element(i)?).into(),
            (4, false) => u32::from_ne_bytes(buffer.element(i)?).into(),
            (8, true) => i64::from_ne_bytes(buffer.element(i)?).into(),
            (8, false) => u64::from_ne_bytes(buffer.element(i)?).into(),
            _ => return None,
        })
    }
}

/// A decimal128 value's digits as Python's `format(d, "f")` writes them (`4500`, scale 2:
/// `45.00`; scale −2: `450000`): the text a CSV cell would hold.
fn decimal_text(v: i128, scale: i8) -> String {
    let digits = v.unsigned_abs().to_string();
    let sign = if v < 0 { "-" } else { "" };
    let scale = i32::from(scale);
    if scale <= 0 {
        let zeros = if v == 0 {
            0
        } else {
            scale.unsigned_abs() as usize
        };
        return format!("{sign}{digits}{}", "0".repeat(zeros));
    }
    let s = scale as usize;
    let padded = format!("{digits:0>width$}", width = s + 1);
    let (int, frac) = padded.split_at(padded.len() - s);
    format!("{sign}{int}.{frac}")
}

/// A column of Arrow data: its chunks (a chunked array's, a stream's batches), in order.
#[derive(Clone, Debug, Default)]
pub struct ArrowColumn {
    chunks: Vec<Chunk>,
    /// The first row of each chunk.
    starts: Vec<usize>,
    len: usize,
}

impl ArrowColumn {
    /// A column of these chunks.
    pub fn new(chunks: Vec<Chunk>) -> ArrowColumn {
        let mut starts = Vec::with_capacity(chunks.len());
        let mut len = 0usize;
        for c in &chunks {
            starts.push(len);
            len = len.saturating_add(c.len);
        }
        ArrowColumn {
            chunks,
            starts,
            len,
        }
    }

    /// How many rows.
    pub fn len(&self) -> usize {
        self.len
    }

    /// The type of a chunk no column of the fact table is read from, if any.
    pub(super) fn unsupported(&self) -> Option<&str> {
        fn of(v: &Values) -> Option<&str> {
            match v {
                Values::Unsupported(t) => Some(t),
                Values::Dictionary { keys, values } => of(keys).or_else(|| of(&values.values)),
                _ => None,
            }
        }
        self.chunks.iter().find_map(|c| of(&c.values))
    }

    /// Whether the column has no rows.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    fn raw(&self, row: usize) -> Raw<'_> {
        if row >= self.len {
            return Raw::Empty;
        }
        if let [c] = self.chunks.as_slice() {
            return c.raw(row);
        }
        let k = self.starts.partition_point(|s| *s <= row).saturating_sub(1);
        match (self.chunks.get(k), self.starts.get(k)) {
            (Some(c), Some(s)) => c.raw(row - s),
            _ => Raw::Empty,
        }
    }

    /// Whether the cell at `row` holds nothing (a null, text of spaces only, a NaN).
    pub(super) fn blank(&self, row: usize) -> bool {
        match self.raw(row) {
            Raw::Empty => true,
            Raw::Text(t) => t.trim().is_empty(),
            Raw::Float(x) => x.is_nan(),
            _ => false,
        }
    }

    /// Whether a cell of the column may hold text (a string column, a dictionary of strings):
    /// the others hold none whatever their values.
    pub(super) fn holds_text(&self) -> bool {
        fn of(v: &Values) -> bool {
            match v {
                Values::Utf8 { .. } | Values::Utf8View { .. } => true,
                Values::Dictionary { values, .. } => of(&values.values),
                _ => false,
            }
        }
        self.chunks.iter().any(|c| of(&c.values))
    }

    /// The length in bytes of the text at `row`, if it holds text.
    pub(super) fn text_len(&self, row: usize) -> Option<usize> {
        match self.raw(row) {
            Raw::Text(t) => Some(t.len()),
            _ => None,
        }
    }

    /// The cell at `row` read as a value of `kind`, as the same value in a file's cell is read:
    /// a decimal128 as the text of its digits (exactly; a value of more than 28 digits refused,
    /// never rounded), an integer as a whole number, a float under the float policy (`shortest`:
    /// as spreadsheet data; else only a whole one), a NaN as nothing, a string as text.
    pub(super) fn read(
        &self,
        row: usize,
        kind: ColumnKind,
        opts: CellOptions,
        shortest: bool,
    ) -> Result<Option<Value>, CellProblem> {
        let cell = match self.raw(row) {
            Raw::Empty => return Ok(None),
            Raw::Bool(b) => Cell::Bool(b),
            Raw::Int(i) => match i64::try_from(i) {
                Ok(i) => Cell::Int(i),
                Err(_) => Cell::Text(i.to_string()),
            },
            Raw::Float(x) if x.is_nan() => return Ok(None),
            Raw::Float(x) if shortest => Cell::Number(x),
            Raw::Float(x) => Cell::Float(x),
            Raw::Decimal(v, scale) => {
                // The digits as they are, when a decimal holds them: what the text gives.
                if kind == ColumnKind::Decimal && (0..=28).contains(&scale) {
                    if let Ok(d) = Decimal::try_from_i128_with_scale(v, scale.unsigned_abs().into())
                    {
                        return Ok(Some(Value::Decimal(d)));
                    }
                }
                Cell::Text(decimal_text(v, scale))
            }
            // Text as it is, read in place: the reader trims it (the text of the cell it
            // stands for).
            Raw::Text(t) => return cell::read_str(t, kind, opts),
            Raw::Broken(why) => Cell::Error(why.to_string()),
        };
        cell::read(&cell, kind, opts)
    }
}

impl PartialEq for ArrowColumn {
    /// Equal when every cell holds the same value.
    fn eq(&self, other: &Self) -> bool {
        self.len == other.len
            && (0..self.len).all(|r| {
                let same = |a: Raw<'_>, b: Raw<'_>| match (a, b) {
                    (Raw::Empty, Raw::Empty) => true,
                    (Raw::Bool(a), Raw::Bool(b)) => a == b,
                    (Raw::Int(a), Raw::Int(b)) => a == b,
                    (Raw::Float(a), Raw::Float(b)) => a.to_bits() == b.to_bits(),
                    (Raw::Decimal(a, s), Raw::Decimal(b, t)) => a == b && s == t,
                    (Raw::Text(a), Raw::Text(b)) => a == b,
                    (Raw::Broken(a), Raw::Broken(b)) => a == b,
                    _ => false,
                };
                same(self.raw(r), other.raw(r))
            })
    }
}

/// A column of the fact table read in place from a column of Arrow data: the rows of the table
/// (those with a value: a row whose cells are all empty is no unit) and how cells are read.
#[derive(Debug, Clone, PartialEq)]
pub struct ArrowCells {
    pub(super) column: Arc<ArrowColumn>,
    /// For each row of the table, its row in the Arrow data.
    pub(super) rows: Arc<[usize]>,
    pub(super) kind: ColumnKind,
    pub(super) cells: CellOptions,
    pub(super) shortest: bool,
}

impl ArrowCells {
    /// The value at `row` of the table (`None`: empty, or a cell the table refused its unit for).
    pub(super) fn get(&self, row: usize) -> Option<Value> {
        self.read(row).unwrap_or(None)
    }

    /// The value at `row` of the table (`None`: empty), or why the cell cannot be read.
    pub(super) fn read(&self, row: usize) -> Result<Option<Value>, CellProblem> {
        match self.rows.get(row) {
            Some(&r) => (self.column).read(r, self.kind, self.cells, self.shortest),
            None => Ok(None),
        }
    }

    /// How many rows.
    pub(super) fn len(&self) -> usize {
        self.rows.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::support::decimal::parse_exact;

    fn buffer<T: Copy>(values: &[T], bytes: impl Fn(T) -> Vec<u8>) -> Buffer {
        Buffer::new(values.iter().flat_map(|v| bytes(*v)).collect::<Vec<u8>>())
    }

    fn decimals(values: &[i128], scale: i8) -> ArrowColumn {
        ArrowColumn::new(vec![Chunk {
            len: values.len(),
            validity: None,
            values: Values::Decimal128 {
                buffer: buffer(values, |v| v.to_ne_bytes().to_vec()),
                scale,
            },
        }])
    }

    #[test]
    fn a_decimal128_cell_reads_as_the_text_of_its_digits_reads() {
        let big = 10i128.pow(28);
        let cases: &[(i128, i8)] = &[
            (4500, 2),
            (-4500, 2),
            (0, 2),
            (0, 0),
            (5, 3),
            (-5, 3),
            (12, -2),
            (big - 1, 0),
            (big - 1, 28),
            (big, 0),
            (big * 10 - 1, 28),
            (79_228_162_514_264_337_593_543_950_335, 0),
            (79_228_162_514_264_337_593_543_950_336, 0),
            (79_228_162_514_264_337_593_543_950_336, 10),
            (i128::MAX, 38),
            (i128::MIN + 1, 38),
        ];
        for &(v, s) in cases {
            let text = decimal_text(v, s);
            let col = decimals(&[v], s);
            let got = col.read(0, ColumnKind::Decimal, CellOptions::default(), false);
            let want = cell::read(
                &Cell::Text(text.clone()),
                ColumnKind::Decimal,
                CellOptions::default(),
            );
            assert_eq!(got, want, "{v} scale {s} ({text})");
            if let Ok(Some(Value::Decimal(d))) = got {
                assert_eq!(d, parse_exact(&text).unwrap(), "{text}");
                assert_eq!(d.scale(), parse_exact(&text).unwrap().scale(), "{text}");
            }
        }
        assert_eq!(decimal_text(4500, 2), "45.00");
        assert_eq!(decimal_text(-5, 3), "-0.005");
        assert_eq!(decimal_text(12, -2), "1200");
        // More digits than a decimal holds: refused with a code, not rounded.
        let e = decimals(&[i128::MAX], 10)
            .read(0, ColumnKind::Decimal, CellOptions::default(), false)
            .unwrap_err();
        assert!(e.code.starts_with("input."), "{}", e.code);
    }

    #[test]
    fn strings_offsets_views_validity_and_chunks_are_read_in_place() {
        let data = Buffer::new(b"abcdefa long text of more than twelve".to_vec());
        let offsets = buffer(&[0i32, 3, 3, 6], |v| v.to_ne_bytes().to_vec());
        let utf8 = Chunk {
            len: 3,
            // Rows 0 and 2 valid, row 1 null, from bit 1.
            validity: Some(Bitmap {
                buffer: Buffer::new(vec![0b1010u8]),
                offset: 1,
            }),
            values: Values::Utf8 {
                offsets,
                large: false,
                data: data.clone(),
            },
        };
        let mut short = [0u8; 16];
        short[0] = 2;
        short[4..6].copy_from_slice(b"xy");
        let mut long = [0u8; 16];
        long[0] = 31;
        long[12] = 6;
        let views = Buffer::new([short, long].concat());
        let view = Chunk {
            len: 2,
            validity: None,
            values: Values::Utf8View {
                views,
                data: vec![data],
            },
        };
        let col = ArrowColumn::new(vec![utf8, view]);
        let text = |r| col.read(r, ColumnKind::Text, CellOptions::default(), false);
        assert_eq!(col.len(), 5);
        assert_eq!(text(0), Ok(Some(Value::Text("abc".into()))));
        assert_eq!(text(1), Ok(None));
        assert_eq!(text(2), Ok(Some(Value::Text("def".into()))));
        assert_eq!(text(3), Ok(Some(Value::Text("xy".into()))));
        assert_eq!(
            text(4),
            Ok(Some(Value::Text("a long text of more than twelve".into())))
        );
        assert_eq!(text(5), Ok(None));
    }

    #[test]
    fn damaged_data_is_an_error_value_not_a_read_past_the_end() {
        let col = ArrowColumn::new(vec![Chunk {
            len: 3,
            validity: None,
            values: Values::Int {
                buffer: Buffer::new(vec![1u8, 0, 0, 0]),
                width: 4,
                signed: true,
            },
        }]);
        let read = |r| col.read(r, ColumnKind::Count, CellOptions::default(), false);
        assert_eq!(read(0), Ok(Some(Value::Count(1))));
        assert_eq!(read(1).unwrap_err().code, "input.cell_error");
    }
}
