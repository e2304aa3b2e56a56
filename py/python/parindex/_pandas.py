"""DataFrame helpers (the optional ``pandas`` extra). Conversion only: the engine makes the result
frames' rows and columns and types each column (``parindex::api::frame``).

Decimal columns of result frames are exact decimals pandas computes with: with ``pyarrow``
installed, ``pd.ArrowDtype(pa.decimal128(p, s))`` (precision and scale those of the column's
values, so that every value is held exactly); without it, ``object`` columns of
:class:`decimal.Decimal` (the fallback). Neither holds a float."""

from __future__ import annotations

import importlib
import math
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Dict, FrozenSet, Iterator, List, Optional, Tuple

if TYPE_CHECKING:  # pragma: no cover
    from . import RuleSet

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


def is_long_frame(frame: Any, units: Any) -> bool:
    """Whether ``frame`` is the long format of :meth:`RuleSet.score_long_frame` rather than the
    fact table (which has an ``id`` column and no ``unit``, ``field`` or ``value``)."""
    _pd()
    cols = {str(c) for c in frame.columns}
    return units is not None or ("id" not in cols and ("unit" in cols or {"code", "field"} <= cols))


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


# --------------------------------------------------------------------------------------------------
# Long-format facts → a batch.

_FACT_COLUMNS = ("unit", "code", "field", "value")
_item_kinds: Optional[Tuple[FrozenSet[str], FrozenSet[str]]] = None


def _item_field_kinds() -> Tuple[FrozenSet[str], FrozenSet[str]]:
    """Item input fields that are lists (``evidence``…) and maps (``outcomes``…), from the input
    schema the engine generates."""
    global _item_kinds
    if _item_kinds is None:
        from . import schema

        item = schema("input").get("$defs", {}).get("ItemInput", {})
        lists, maps = set(), set()
        for name, prop in item.get("properties", {}).items():
            types = prop.get("type", [])
            types = [types] if isinstance(types, str) else types
            if "array" in types:
                lists.add(name)
            elif "object" in types:
                maps.add(name)
        _item_kinds = (frozenset(lists), frozenset(maps))
    return _item_kinds


def _native_value(v: Any) -> Any:
    # NumPy scalars → Python scalars (a NumPy float becomes a float, which the engine refuses).
    if type(v).__module__ == "numpy" and hasattr(v, "item"):
        return v.item()
    return v


def _missing(pd: Any, v: Any) -> bool:
    # pandas marks absent cells with None, NA or NaN; NaN carries no number, so it is "absent".
    return v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v))


def _frame_error(code: str, path: str, message: str) -> Exception:
    from . import InputError

    return InputError(message, f"input.{code}", path, kind="input")


def frame_batch(
    rs: "RuleSet", facts: Any, units: Any = None, *, title: Optional[str] = None, synthetic: bool = False
) -> Dict[str, Any]:
    """Build a batch dict from a long-format DataFrame of facts and an optional units table."""
    pd = _pd()
    from . import FORMAT_VERSION

    missing_cols = [c for c in _FACT_COLUMNS if c not in facts.columns]
    if missing_cols:
        raise _frame_error(
            "frame_columns",
            "facts",
            f"the facts DataFrame lacks column(s) {', '.join(missing_cols)}; "
            f"it needs {', '.join(_FACT_COLUMNS)} (and optionally section)",
        )
    lists, maps = _item_field_kinds()
    by_id: Dict[str, Dict[str, Any]] = {}
    order: List[str] = []

    def unit(uid: Any) -> Dict[str, Any]:
        uid = str(_native_value(uid))
        u = by_id.get(uid)
        if u is None:
            u = by_id[uid] = {"id": uid}
            order.append(uid)
        return u

    if units is not None:
        key = "id" if "id" in units.columns else "unit" if "unit" in units.columns else None
        if key is None:
            raise _frame_error("frame_columns", "units", "the units DataFrame needs an `id` (or `unit`) column")
        for rec in units.to_dict("records"):
            u = unit(rec.pop(key))
            for k, v in rec.items():
                v = _native_value(v)
                if not _missing(pd, v):
                    u[str(k)] = v

    attr_cols = [c for c in facts.columns if c not in _FACT_COLUMNS and c != "section"]
    for i, rec in enumerate(facts.to_dict("records")):
        u = unit(rec["unit"])
        for c in attr_cols:
            v = _native_value(rec[c])
            if not _missing(pd, v):
                u.setdefault(str(c), v)
        value = _native_value(rec["value"])
        if _missing(pd, value):
            continue
        section = rec.get("section")
        section = "items" if _missing(pd, section) else str(section)
        if section not in ("items", "components"):
            raise _frame_error("frame_section", f"facts row {i}", f"section `{section}` is neither `items` nor `components`")
        code = str(_native_value(rec["code"]))
        field = str(_native_value(rec["field"]))
        target = u.setdefault(section, {}).setdefault(code, {})
        name, dot, key = field.partition(".")
        if dot and name in maps:
            target.setdefault(name, {})[key] = value
        elif section == "items" and field in lists:
            target.setdefault(field, []).append(value)
        elif field in target:
            raise _frame_error(
                "frame_duplicate",
                f"facts row {i}",
                f"unit `{u['id']}` has two values for `{code}` `{field}`",
            )
        else:
            target[field] = value

    batch: Dict[str, Any] = {"format_version": FORMAT_VERSION, "ruleset": rs.id, "units": [by_id[i] for i in order]}
    if title is not None:
        batch["title"] = title
    if synthetic:
        batch["synthetic"] = True
    return batch
