"""DataFrame helpers (the optional ``pandas`` extra). Conversion only: the engine makes the result
frames' rows and columns and types each column (``parindex::api::frame``).

Decimal columns of result frames are exact decimals pandas computes with: with ``pyarrow``
installed, ``pd.ArrowDtype(pa.decimal128(p, s))`` (precision and scale those of the column's
values, so that every value is held exactly); without it, ``object`` columns of
:class:`decimal.Decimal` (the fallback). Neither holds a float."""

from __future__ import annotations

import importlib
from typing import Any, List, Optional, Tuple

_EXTRA = "pandas is needed for DataFrames: pip install 'parindex[pandas]'"


def _pd() -> Any:
    try:
        return importlib.import_module("pandas")
    except ImportError as e:
        raise ImportError(_EXTRA) from e


def _pa() -> Any:
    try:
        return importlib.import_module("pyarrow")
    except ImportError:
        return None


#: A frame of the engine: column names, column types (``("decimal", p, s)``, ``("list", t)``,
#: ``("struct", [(name, t)…])``, ``("str",)``, ``("int",)``, ``("bool",)``; ``None`` when the
#: values decide) and columns.
Frame = Tuple[List[str], List[Optional[Tuple[Any, ...]]], List[List[Any]]]


def _pl() -> Any:
    try:
        return importlib.import_module("polars")
    except ImportError as e:
        raise ImportError("polars is needed for to_polars(): pip install polars") from e


def _arrow_type(pa: Any, t: Tuple[Any, ...]) -> Any:
    kind = t[0]
    if kind == "decimal":
        return pa.decimal128(t[1], t[2])
    if kind == "list":
        return pa.list_(_arrow_type(pa, t[1]))
    if kind == "struct":
        return pa.struct([(k, _arrow_type(pa, c)) for k, c in t[1]])
    return {"bool": pa.bool_(), "int": pa.int64(), "str": pa.string()}[kind]


def _polars_type(pl: Any, t: Tuple[Any, ...]) -> Any:
    kind = t[0]
    if kind == "decimal":
        return pl.Decimal(t[1], t[2])
    if kind == "list":
        return pl.List(_polars_type(pl, t[1]))
    if kind == "struct":
        return pl.Struct([pl.Field(k, _polars_type(pl, c)) for k, c in t[1]])
    return {"bool": pl.Boolean, "int": pl.Int64, "str": pl.String}[kind]


def pandas_frame(frame: Frame) -> Any:
    """A pandas DataFrame of the engine's frame. With pyarrow installed, each column the engine
    types (decimals, lists) is an Arrow column of that type (``decimal128`` holding every value
    exactly); without it, ``object`` columns of ``Decimal`` and of lists."""
    pd = _pd()
    pa = _pa()
    names, types, columns = frame
    df = pd.DataFrame(dict(zip(names, columns)))
    if pa is not None:
        for name, t, values in zip(names, types, columns):
            if t is not None:
                df[name] = pd.array(values, dtype=pd.ArrowDtype(_arrow_type(pa, t)))
    return df


def polars_frame(frame: Frame) -> Any:
    """A polars DataFrame of the engine's frame, each column the engine types as that type
    (``pl.Decimal(p, s)`` holding every value exactly, ``pl.List`` of them…)."""
    pl = _pl()
    names, types, columns = frame
    series = {
        name: pl.Series(name, values, dtype=_polars_type(pl, t)) if t is not None else pl.Series(name, values, strict=False)
        for name, t, values in zip(names, types, columns)
    }
    return pl.DataFrame(series)


# --------------------------------------------------------------------------------------------------
# The fact table → the engine's fact-table reader.


def table_columns(frame: Any) -> Tuple[List[str], List[List[Any]]]:
    """The frame's column names and values, missing values (NaN, None, NA, NaT) as ``None``; the
    values otherwise as the frame holds them (NumPy scalars as Python scalars)."""
    _pd()
    header = [str(c) for c in frame.columns]
    columns = []
    for i in range(frame.shape[1]):
        col = frame.iloc[:, i]
        values = col.tolist()
        missing = col.isna().tolist()
        columns.append([None if m else v for v, m in zip(values, missing)])
    return header, columns


def is_arrow(frame: Any) -> bool:
    """Whether ``frame`` is Arrow data given through the PyCapsule interface (a pyarrow Table or
    RecordBatch, a polars DataFrame…), read by the engine in place through the Arrow C stream
    interface, rather than a pandas DataFrame (read by :func:`table_columns`)."""
    if type(frame).__module__.split(".")[0] == "pandas":
        return False
    return hasattr(frame, "__arrow_c_stream__") or hasattr(frame, "__arrow_c_array__")
