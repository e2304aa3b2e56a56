//! Arrow data given through the PyCapsule interface (a pyarrow Table or RecordBatch, a polars
//! DataFrame: anything with `__arrow_c_stream__` or `__arrow_c_array__`), imported through the
//! Arrow C data interface with the arrow crate and handed to the core's fact-table reader as it
//! is: each column's chunks become `parindex::table::ArrowColumn`s over the imported buffers, which
//! stay the producer's memory (shared, never copied, no Python object per value). Conversion only:
//! which Arrow type is which of the core's layouts; which cell is read as what, and every
//! refusal, is the core's.

use crate::errors;
use arrow_array::ffi::{from_ffi_and_data_type, FFI_ArrowArray, FFI_ArrowSchema};
use arrow_array::ffi_stream::FFI_ArrowArrayStream;
use arrow_array::{Array, StructArray};
use arrow_data::ArrayData;
use arrow_schema::DataType;
use parindex::table::{ArrowColumn, Bitmap, Buffer, Chunk, Memory, Values};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyCapsule, PyTuple};
use std::ffi::{c_char, c_int, c_void, CStr};
use std::sync::Arc;

/// An imported Arrow buffer, kept alive (with the producer's memory it points to) while the
/// core's column uses it.
struct Shared(arrow_buffer::Buffer);

impl Memory for Shared {
    fn bytes(&self) -> &[u8] {
        self.0.as_slice()
    }
}

/// The buffer from byte `start` (a sliced array's first value), shared; empty when the buffer is
/// shorter (the core then reads the column's cells as damaged data, never past the end).
fn shared(b: &arrow_buffer::Buffer, start: usize) -> Buffer {
    if start <= b.len() {
        Buffer::new(Shared(b.slice(start)))
    } else {
        Buffer::new(Vec::new())
    }
}

/// Buffer `i` of `data` from value `offset` (of `width` bytes each).
fn values(data: &ArrayData, i: usize, width: usize) -> Buffer {
    match data.buffers().get(i) {
        Some(b) => shared(b, data.offset().saturating_mul(width)),
        None => Buffer::new(Vec::new()),
    }
}

/// The core's layout of one Arrow array (a chunk of a column).
fn chunk(data: &ArrayData) -> Chunk {
    let validity = data.nulls().map(|n| Bitmap {
        buffer: shared(n.inner().inner(), 0),
        offset: n.offset(),
    });
    Chunk {
        len: data.len(),
        validity,
        values: layout(data),
    }
}

fn int(data: &ArrayData, width: u8, signed: bool) -> Values {
    Values::Int {
        buffer: values(data, 0, width.into()),
        width,
        signed,
    }
}

fn layout(data: &ArrayData) -> Values {
    match data.data_type() {
        DataType::Null => Values::Null,
        DataType::Boolean => Values::Bool(Bitmap {
            buffer: values(data, 0, 0),
            offset: data.offset(),
        }),
        DataType::Int8 => int(data, 1, true),
        DataType::Int16 => int(data, 2, true),
        DataType::Int32 => int(data, 4, true),
        DataType::Int64 => int(data, 8, true),
        DataType::UInt8 => int(data, 1, false),
        DataType::UInt16 => int(data, 2, false),
        DataType::UInt32 => int(data, 4, false),
        DataType::UInt64 => int(data, 8, false),
        DataType::Float32 => Values::Float {
            buffer: values(data, 0, 4),
            width: 4,
        },
        DataType::Float64 => Values::Float {
            buffer: values(data, 0, 8),
            width: 8,
        },
        DataType::Decimal128(_, scale) => Values::Decimal128 {
            buffer: values(data, 0, 16),
            scale: *scale,
        },
        DataType::Utf8 | DataType::LargeUtf8 => {
            let large = matches!(data.data_type(), DataType::LargeUtf8);
            Values::Utf8 {
                offsets: values(data, 0, if large { 8 } else { 4 }),
                large,
                data: values(data, 1, 0),
            }
        }
        DataType::Utf8View => Values::Utf8View {
            views: values(data, 0, 16),
            data: (data.buffers().iter().skip(1))
                .map(|b| shared(b, 0))
                .collect(),
        },
        DataType::Dictionary(key, _) if key.is_integer() => {
            let width = key.primitive_width().unwrap_or(8);
            let keys = Values::Int {
                buffer: values(data, 0, width),
                width: u8::try_from(width).unwrap_or(8),
                signed: key.is_signed_integer(),
            };
            match data.child_data().first() {
                Some(dict) => Values::Dictionary {
                    keys: Box::new(keys),
                    values: Arc::new(chunk(dict)),
                },
                None => Values::Unsupported(data.data_type().to_string()),
            }
        }
        other => Values::Unsupported(other.to_string()),
    }
}

/// The core's `input.arrow` with the reason the data could not be imported.
fn arrow_error(detail: impl std::fmt::Display) -> PyErr {
    errors::input_error("input.arrow", "$", &[("detail", &detail.to_string())])
}

/// The C data interface's `ArrowArray` as the Arrow specification lays it out (the arrow crate's
/// `FFI_ArrowArray` has this layout, its fields private): read to mend a producer's column of
/// the `null` type before the import.
#[repr(C)]
struct RawArray {
    length: i64,
    null_count: i64,
    offset: i64,
    n_buffers: i64,
    n_children: i64,
    buffers: *mut *const c_void,
    children: *mut *mut RawArray,
    dictionary: *mut RawArray,
    release: Option<unsafe extern "C" fn(*mut RawArray)>,
    private_data: *mut c_void,
}

/// The C stream interface's `ArrowArrayStream` as the specification lays it out.
#[repr(C)]
struct RawStream {
    get_schema: Option<unsafe extern "C" fn(*mut RawStream, *mut FFI_ArrowSchema) -> c_int>,
    get_next: Option<unsafe extern "C" fn(*mut RawStream, *mut FFI_ArrowArray) -> c_int>,
    get_last_error: Option<unsafe extern "C" fn(*mut RawStream) -> *const c_char>,
    release: Option<unsafe extern "C" fn(*mut RawStream)>,
    private_data: *mut c_void,
}

/// pyarrow and polars export a column of the `null` type with one buffer (a null validity
/// pointer), which the specification's layout of the type does not have and the arrow crate
/// refuses to import: the column's buffer count is set to the layout's, none.
///
/// # Safety
/// `array` is a valid, unreleased `ArrowArray` of a struct of `fields`.
unsafe fn mend_null_columns(array: &mut FFI_ArrowArray, fields: &[DataType]) {
    let raw = std::ptr::from_mut(array).cast::<RawArray>();
    // SAFETY: `FFI_ArrowArray` is `#[repr(C)]` with the specification's layout; the children
    // pointers are the producer's, one per field.
    unsafe {
        let n = usize::try_from((*raw).n_children).unwrap_or(0);
        for (j, ty) in fields.iter().enumerate().take(n) {
            let child = *(*raw).children.add(j);
            if matches!(ty, DataType::Null) && !child.is_null() && (*child).n_buffers == 1 {
                (*child).n_buffers = 0;
            }
        }
    }
}

/// Adds each column of a record batch (a struct array imported from the C interface) to its
/// chunks.
fn batch_columns(data: ArrayData, chunks: &mut [Vec<Chunk>]) {
    let batch = StructArray::from(data);
    for (j, c) in batch.columns().iter().enumerate() {
        if let Some(col) = chunks.get_mut(j) {
            col.push(chunk(&c.to_data()));
        }
    }
}

/// The names and types of the columns of a record batch's type (a struct), else an error.
fn fields(ty: &DataType) -> PyResult<(Vec<String>, Vec<DataType>)> {
    match ty {
        DataType::Struct(fields) => Ok((
            fields.iter().map(|f| f.name().clone()).collect(),
            fields.iter().map(|f| f.data_type().clone()).collect(),
        )),
        other => Err(errors::input_error(
            "input.arrow:not_table",
            "$",
            &[("type", &other.to_string())],
        )),
    }
}

/// The column names and columns (their chunks) of Arrow data given through the PyCapsule
/// interface: a stream (`__arrow_c_stream__`: a table, its record batches read in turn) or one
/// record batch (`__arrow_c_array__`).
pub fn columns(obj: &Bound<'_, PyAny>) -> PyResult<(Vec<String>, Vec<ArrowColumn>)> {
    if obj.hasattr("__arrow_c_stream__")? {
        let capsule = obj.call_method0("__arrow_c_stream__")?;
        let capsule = capsule.cast::<PyCapsule>()?;
        let ptr = capsule.pointer_checked(Some(c"arrow_array_stream"))?;
        // SAFETY: the capsule's name says it holds an `ArrowArrayStream`; `from_raw` moves the
        // stream out and leaves a released one behind, which the capsule's destructor ignores.
        // The stream is released when `stream` is dropped.
        let mut stream = unsafe { FFI_ArrowArrayStream::from_raw(ptr.as_ptr().cast()) };
        let raw = std::ptr::from_mut(&mut stream).cast::<RawStream>();
        // SAFETY (every block below): `RawStream` is the specification's layout of
        // `FFI_ArrowArrayStream` (`#[repr(C)]`); its callbacks are called on the stream they
        // belong to, their outputs then owned by the arrow crate (the schema, each array).
        let failed = |rc: c_int| {
            let message = unsafe {
                match (*raw).get_last_error.map(|f| f(raw)) {
                    Some(m) if !m.is_null() => CStr::from_ptr(m).to_string_lossy().into_owned(),
                    _ => format!("error {rc}"),
                }
            };
            arrow_error(message)
        };
        let (get_schema, get_next) = unsafe { ((*raw).get_schema, (*raw).get_next) };
        let (Some(get_schema), Some(get_next)) = (get_schema, get_next) else {
            return Err(errors::input_error("input.arrow:released", "$", &[]));
        };
        let mut schema = FFI_ArrowSchema::empty();
        let rc = unsafe { get_schema(raw, &mut schema) };
        if rc != 0 {
            return Err(failed(rc));
        }
        let ty = DataType::try_from(&schema).map_err(arrow_error)?;
        let (names, types) = fields(&ty)?;
        let mut chunks: Vec<Vec<Chunk>> = vec![Vec::new(); names.len()];
        loop {
            let mut array = FFI_ArrowArray::empty();
            let rc = unsafe { get_next(raw, &mut array) };
            if rc != 0 {
                return Err(failed(rc));
            }
            if array.is_released() {
                break;
            }
            // SAFETY: an unreleased array of the stream's type, imported as that type.
            let data = unsafe {
                mend_null_columns(&mut array, &types);
                from_ffi_and_data_type(array, ty.clone())
            }
            .map_err(arrow_error)?;
            batch_columns(data, &mut chunks);
        }
        drop(stream);
        return Ok((names, chunks.into_iter().map(ArrowColumn::new).collect()));
    }
    if obj.hasattr("__arrow_c_array__")? {
        let pair = obj.call_method0("__arrow_c_array__")?;
        let pair = pair.cast::<PyTuple>()?;
        let schema = pair.get_item(0)?;
        let schema = schema.cast::<PyCapsule>()?;
        let array = pair.get_item(1)?;
        let array = array.cast::<PyCapsule>()?;
        let schema = schema.pointer_checked(Some(c"arrow_schema"))?;
        let array = array.pointer_checked(Some(c"arrow_array"))?;
        // SAFETY: the capsules' names say they hold an `ArrowSchema` (read in place, released by
        // its capsule) and an `ArrowArray` (moved out, a released one left behind, and imported
        // as the schema's type).
        let schema = unsafe { &*schema.as_ptr().cast::<FFI_ArrowSchema>() };
        let ty = DataType::try_from(schema).map_err(arrow_error)?;
        let (names, types) = fields(&ty)?;
        let data = unsafe {
            let mut array = FFI_ArrowArray::from_raw(array.as_ptr().cast());
            mend_null_columns(&mut array, &types);
            from_ffi_and_data_type(array, ty.clone())
        }
        .map_err(arrow_error)?;
        let mut chunks: Vec<Vec<Chunk>> = vec![Vec::new(); names.len()];
        batch_columns(data, &mut chunks);
        return Ok((names, chunks.into_iter().map(ArrowColumn::new).collect()));
    }
    Err(PyTypeError::new_err(
        "Arrow data have __arrow_c_stream__ or __arrow_c_array__",
    ))
}
