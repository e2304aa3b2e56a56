"""DataFrame helpers (the optional ``pandas`` extra). Reshaping only: every number comes from the
engine unchanged.

Decimal columns of result frames are exact decimals pandas computes with: with ``pyarrow``
installed, ``pd.ArrowDtype(pa.decimal128(p, s))`` (precision and scale those of the column's
values, so that every value is held exactly); without it, ``object`` columns of
:class:`decimal.Decimal` (the fallback). Neither holds a float."""

from __future__ import annotations

import importlib
import math
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Dict, Iterator, List, Optional, Tuple

if TYPE_CHECKING:  # pragma: no cover
    from . import BatchResult, Ranking, RuleSet

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


def exact_decimals(df: Any) -> Any:
    """The frame with each column of decimals (``Decimal`` or missing) as an Arrow decimal column,
    when pyarrow is installed; as it is (``object`` of ``Decimal``) otherwise."""
    pd = _pd()
    pa = _pa()
    if pa is None:
        return df
    for name, values in _object_columns(df):
        exact = _decimal_scale(values)
        if exact is not None:
            df[name] = pd.array(values, dtype=pd.ArrowDtype(pa.decimal128(*exact)))
    return df


def _object_columns(df: Any) -> Iterator[Tuple[str, List[Any]]]:
    """Each ``object`` column of ``df`` by name, its values with every missing one as ``None``."""
    pd = _pd()
    for name in df.columns:
        col = df[name]
        if col.dtype == object:
            yield name, [None if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)) else v for v in col.tolist()]


def _scalars(d: Dict[str, Any]) -> Dict[str, Any]:
    return {k: v for k, v in d.items() if not isinstance(v, (list, dict))}


def _pl() -> Any:
    try:
        return importlib.import_module("polars")
    except ImportError as e:
        raise ImportError("polars is needed for to_polars(): pip install polars") from e


def _decimal_scale(values: List[Any]) -> Optional[Tuple[int, int]]:
    """Precision and scale holding every one of ``values`` (``Decimal`` or ``None``) exactly, if
    every present value is a ``Decimal`` and there is one; ``None`` otherwise or past 38 digits."""
    scale = 0
    whole = 1
    present = False
    for v in values:
        if v is None:
            continue
        if type(v) is not Decimal:
            return None
        present = True
        sign, digits, exp = v.as_tuple()
        if not isinstance(exp, int):
            return None
        scale = max(scale, -exp)
        whole = max(whole, len(digits) + exp)
    if not present or whole + scale > 38:
        return None
    return whole + scale, scale


def _list_type(values: List[Any]) -> Optional[Tuple[Any, ...]]:
    """The type of a column of lists (``None`` where missing), as a tree: ``("list", element)``,
    an element being ``("decimal", p, s)`` (holding every value exactly), ``("str",)``,
    ``("int",)``, ``("bool",)``, ``("struct", [(name, type)…])`` or a list again; ``None`` when
    a value is no list, or when some part has no value to type it by or values of several
    types (the column then stays Python lists)."""
    present = [v for v in values if v is not None]
    if not present or not all(isinstance(v, list) for v in present):
        return None
    element = _value_type([x for v in present for x in v])
    return None if element is None else ("list", element)


def _value_type(values: List[Any]) -> Optional[Tuple[Any, ...]]:
    # The type of list elements or struct fields (see `_list_type`).
    present = [v for v in values if v is not None]
    if not present:
        return None
    if all(type(v) is Decimal for v in present):
        exact = _decimal_scale(present)
        return None if exact is None else ("decimal", *exact)
    if all(type(v) is bool for v in present):
        return ("bool",)
    if all(type(v) is int for v in present):
        return ("int",)
    if all(type(v) is str for v in present):
        return ("str",)
    if all(isinstance(v, list) for v in present):
        return _list_type(present)
    if all(isinstance(v, dict) for v in present):
        names: Dict[str, None] = {}
        for v in present:
            names.update(dict.fromkeys(v))
        fields = [(k, _value_type([v.get(k) for v in present])) for k in names]
        if any(t is None for _, t in fields):
            return None
        return ("struct", fields)
    return None


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


def list_columns(df: Any) -> Any:
    """The frame with each column of lists (a node's ``caps``, ``lost_in``, a branch's ``parts``…)
    as an Arrow list column, its decimals exact ``decimal128``, when pyarrow is installed; as it is
    (``object`` of Python lists, decimals ``Decimal``) otherwise."""
    pd = _pd()
    pa = _pa()
    if pa is None:
        return df
    for name, values in _object_columns(df):
        t = _list_type(values)
        if t is not None:
            df[name] = pd.array(values, dtype=pd.ArrowDtype(_arrow_type(pa, t)))
    return df


def polars_frame(rows: List[Dict[str, Any]]) -> Any:
    """A polars DataFrame of ``rows``, each column of decimals as ``pl.Decimal(p, s)`` holding its
    values exactly (the same precision and scale as the pandas frames' Arrow decimals), each
    column of lists as a ``pl.List`` (of ``pl.Decimal``, ``pl.String``, ``pl.Struct``…)."""
    pl = _pl()
    names: Dict[str, None] = {}
    for row in rows:
        names.update(dict.fromkeys(row))
    columns = {}
    for name in names:
        values = [row.get(name) for row in rows]
        exact = _decimal_scale(values)
        listed = None if exact is not None else _list_type(values)
        if exact is not None:
            columns[name] = pl.Series(name, values, dtype=pl.Decimal(*exact))
        elif listed is not None:
            columns[name] = pl.Series(name, values, dtype=_polars_type(pl, listed))
        else:
            columns[name] = pl.Series(name, values, strict=False)
    return pl.DataFrame(columns)


def unit_rows(result: "BatchResult") -> List[Dict[str, Any]]:
    """One row per scored unit: its scalar fields, rank, component points and field points."""
    native = result._native
    ranks = {e["id"]: e["rank"] for b in native.ranking() for e in b["entries"]}
    rows = []
    for u in native.units(0, None, False):
        row = _scalars(u)
        row["rank"] = ranks.get(u["id"])
        for c in u["components"]:
            row[f"component.{c['id']}"] = c["points"]
        for f in u["fields"]:
            row[f"field.{f['code']}"] = f["points"]
            row[f"sub_index.{f['code']}"] = f["sub_index"]
        rows.append(row)
    return rows


def units_frame(result: "BatchResult") -> Any:
    """One row per scored unit: its scalar fields, rank, component points and field points."""
    return exact_decimals(_pd().DataFrame(unit_rows(result)))


def _flat(prefix: str, d: Optional[Dict[str, Any]], row: Dict[str, Any]) -> None:
    # A record's fields as `prefix.name` columns (a map field as `prefix.name.key`).
    for k, v in (d or {}).items():
        if isinstance(v, dict):
            for kk, vv in v.items():
                row[f"{prefix}.{k}.{kk}"] = vv
        else:
            row[f"{prefix}.{k}"] = v


def node_rows(result: "BatchResult") -> List[Dict[str, Any]]:
    """One row per unit and node: the unit's id, name, level, group and block, then the node's
    scalar fields (code, status, rule, percentage, raw/rounded/final points, lost, reason…), the
    caps and floors that changed its points (``caps``: a list of ``{kind, limit, before, cut}``)
    and, for a parent, the children it lost points in (``lost_in``: a list of codes), both empty
    lists where there are none, the branch of the rule that gave the points (``branch``: its name;
    ``branch.<value>``: what it compared, ``branch.parts`` and ``branch.taken`` lists of the
    outcomes and deductions), the facts given (``facts``: a dict; ``facts.<name>``) and the leaf's
    history (``history``: a dict; ``history.self``, ``history.appraised``, ``history.evidence``…),
    each as the result holds it: every field of the node."""
    native = result._native
    n = native.unit_count()
    rows = []
    step = 256
    for start in range(0, n, step):
        for u in native.units(start, min(start + step, n)):
            base = {
                "unit": u["id"],
                "unit_name": u["name"],
                "level": u["level"],
                "group": u["group"],
                "block": u["block"],
            }
            for node in u["nodes"]:
                row = dict(base)
                row.update(_scalars(node))
                row["caps"] = node.get("caps") or []
                row["lost_in"] = node.get("lost_in") or []
                branch = node.get("branch")
                row["branch"] = None if branch is None else branch.get("rule")
                _flat("branch", {k: v for k, v in (branch or {}).items() if k != "rule"}, row)
                row["facts"] = node.get("facts")
                _flat("facts", node.get("facts"), row)
                row["history"] = node.get("history")
                _flat("history", node.get("history"), row)
                rows.append(row)
    return rows


def nodes_frame(result: "BatchResult") -> Any:
    """One row per unit and node (see :func:`node_rows`), lists as Arrow list columns."""
    return list_columns(exact_decimals(_pd().DataFrame(node_rows(result))))


def rank_rows(ranking: "Ranking") -> List[Dict[str, Any]]:
    """One row per ranked unit: block, level, parent, then the entry (rank, id, name, index…)."""
    rows = []
    for b in ranking:
        for e in b.entries:
            row: Dict[str, Any] = {"block": b.block, "level": b.level, "parent": b.parent}
            row.update(_scalars(e.to_dict()))
            rows.append(row)
    return rows


def ranking_frame(ranking: "Ranking") -> Any:
    """One row per ranked unit: block, level, parent, then the entry (rank, id, name, index…)."""
    return exact_decimals(_pd().DataFrame(rank_rows(ranking)))


def criteria_rows(rs: "RuleSet") -> List[Dict[str, Any]]:
    """The rubric of the rule set's definition, one row per level and node, in the rule set's
    order: the node's level, code, field (the top node it belongs to), parent and depth, its
    labels (Vietnamese, English), maximum and minimum points, rule kind (``None`` for a node summing
    its sub-criteria), the groups it applies to (the definition's list; every group of the level
    when it lists none), the evidence it needs (Vietnamese texts), appraiser, legal reference,
    provenance and note. Read from the definition as it is: nothing is computed."""
    definition = rs.to_dict()
    of_level: Dict[str, List[str]] = {}
    for g in definition.get("groups", []):
        of_level.setdefault(g["level"], []).append(g["id"])
    rows: List[Dict[str, Any]] = []

    def walk(level: str, nodes: List[Dict[str, Any]], parent: Optional[str], field: Optional[str], depth: int) -> None:
        for node in nodes:
            label = node.get("label") or {}
            rule = node.get("rule")
            rows.append(
                {
                    "level": level,
                    "code": node["code"],
                    "field": field or node["code"],
                    "parent": parent,
                    "depth": depth,
                    "label_vi": label.get("vi"),
                    "label_en": label.get("en"),
                    "max_points": node.get("max_points"),
                    "min_points": node.get("min_points"),
                    "rule": None if rule is None else rule.get("kind"),
                    "groups": list(node.get("groups") or of_level.get(level, [])),
                    "evidence": [e.get("vi") for e in node.get("evidence") or []],
                    "appraiser": node.get("appraiser"),
                    "legal_ref": node.get("legal_ref"),
                    "source": node.get("source"),
                    "note": node.get("note"),
                }
            )
            walk(level, node.get("children") or [], node["code"], field or node["code"], depth + 1)

    for level in definition.get("levels", []):
        walk(level["id"], level.get("nodes") or [], None, None, 1)
    return rows


def criteria_frame(rs: "RuleSet") -> Any:
    """The rubric as a DataFrame (see :func:`criteria_rows`), points as exact decimals."""
    return exact_decimals(_pd().DataFrame(criteria_rows(rs)))


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
