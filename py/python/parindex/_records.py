"""Result records: attribute access over the converted values. Which record types exist, their
fields, and which fields hold nested records, are read from the engine's result schema (generated
from its Rust types); each type's docstring is the schema's description. Their typed stubs
(``_records.pyi``) are generated from the same schema (py/tests/test_stubs.py)."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from typing import Any, ClassVar, Dict, List, Mapping, Optional, Tuple, TypeVar

from . import _parindex as _native

_R = TypeVar("_R", bound="Record")


def _plain(value: Any) -> Any:
    if isinstance(value, Record):
        return _plain(value._data)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, Record):
        return value._data
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


class Record:
    """A result record: fields as attributes (``unit.index``) or items (``unit["index"]``).

    Decimals are :class:`decimal.Decimal`; counts are ``int``; absent optional values are ``None``
    (``[]``/``{}`` for lists and maps).
    """

    __module__ = "parindex"  # where the package shows it (`parindex.UnitScore`), as before
    __slots__ = ("_data", "_cache", "_within")
    _schema: ClassVar[str] = ""
    _fields: ClassVar[Tuple[str, ...]] = ()
    _nested: ClassVar[Dict[str, Tuple[str, str]]] = {}

    def __init__(self, data: Mapping[str, Any]) -> None:
        # The engine's dicts are fresh and owned by the record; other mappings are copied.
        self._data: Dict[str, Any] = data if type(data) is dict else dict(data)
        self._cache: Optional[Dict[str, Any]] = None
        # The rule set (native) and level the record was scored in, when known (`_bound`): what
        # a node's text names options, outcomes and deductions by their labels with.
        self._within: Optional[Tuple[Any, Optional[str]]] = None

    def __reduce__(self) -> Tuple[Any, Tuple[Dict[str, Any]]]:
        # Pickled as its data: the rule set it was scored with (a native object) stays behind, so
        # a node unpickled names options, outcomes and deductions by their ids.
        return (type(self), (self._data,))

    def __copy__(self) -> "Record":
        new = type(self)(self._data)
        new._within = self._within
        return new

    def __deepcopy__(self, memo: Dict[int, Any]) -> "Record":
        new = type(self)(copy.deepcopy(self._data, memo))
        new._within = self._within
        return new

    def _get(self, name: str) -> Any:
        how, type_name = self._nested.get(name, ("", ""))
        value = self._data.get(name)
        if not how or value is None:
            return value
        if self._cache is None:
            self._cache = {}
        elif name in self._cache:
            return self._cache[name]
        cls = _RECORDS.get(type_name, Record)
        if self._within is None:
            make: Any = cls
        else:
            # A unit's records (its nodes) know the rule set and the unit's level.
            within = (self._within[0], self._data.get("level", self._within[1]))

            def make(v: Any) -> Record:
                r: Record = cls(v)
                r._within = within
                return r

        if how == "one":
            wrapped: Any = make(value)
        elif how == "list":
            wrapped = [make(v) for v in value]
        else:
            wrapped = {k: make(v) for k, v in value.items()}
        self._cache[name] = wrapped
        return wrapped

    def __getitem__(self, key: str) -> Any:
        return self._get(key) if key in self._data else self._data[key]

    def __contains__(self, key: object) -> bool:
        return key in self._data

    def keys(self) -> List[str]:
        """The record's field names."""
        return list(self._data)

    def to_dict(self) -> Dict[str, Any]:
        """The record as plain Python values (dicts, lists, ``Decimal``, ``int``, ``str``...)."""
        result: Dict[str, Any] = _plain(self._data)
        return result

    def to_json(self, indent: Optional[int] = None) -> str:
        """The record as JSON, decimals as strings (the engine's JSON format)."""
        return json.dumps(self._data, default=_json_default, ensure_ascii=False, indent=indent)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Record):
            return NotImplemented
        return type(self) is type(other) and self.to_dict() == other.to_dict()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        # What identifies the record, short: its identifying fields (those of `_IDENTIFYING` it
        # has), or every scalar field of a small record (a branch, facts, a cap...); hashes cut
        # to 12 characters, long texts left out.
        scalars = [(k, v) for k, v in self._data.items() if v is not None and not isinstance(v, (list, dict))]
        shown = [(k, self._data[k]) for k in _IDENTIFYING if k in self._data and (k, self._data[k]) in scalars]
        if len(scalars) <= _SMALL:
            shown = scalars
        parts = []
        for key, value in shown:
            if key.endswith("sha256") and isinstance(value, str) and len(value) > 12:
                parts.append(f"{key}='{value[:12]}…'")
            elif not (isinstance(value, str) and len(value) > 60):
                parts.append(f"{key}={value!r}")
        return f"{type(self).__name__}({', '.join(parts)})"


#: The fields a record's repr shows when it has them, in this order.
_IDENTIFYING = (
    "id",
    "ruleset_id",
    "code",
    "block",
    "rank",
    "name",
    "status",
    "provisional",
    "ruleset_sha256",
    "inputs_sha256",
    "units_scored",
    "units_failed",
    "index",
    "points",
    "max_points",
)
#: A record with at most this many scalar fields shows them all.
_SMALL = 6


class NodeScore(Record):
    """The explanation of one node's points."""

    __module__ = "parindex"
    __slots__ = ()
    _schema = "NodeScore"

    def text(self, lang: Optional[str] = None) -> str:
        """How the points were computed, in words (the engine's text, as in ``parindex explain``):
        in ``lang`` (``"vi"`` or ``"en"``), by default the language of the messages. A node of a
        result names the options, outcomes and deductions by their labels in the rule set; a node
        made from a dict (``NodeScore({...})``) has no rule set at hand and names them by their
        ids."""
        ruleset, level = self._within or (None, None)
        text: str = _native.node_text(self._data, lang, ruleset, level)
        return text


def _bound(record: _R, ruleset: Any, level: Optional[str] = None) -> _R:
    """``record`` (a unit or node of a result) knowing the rule set (native) it was scored with and,
    for a node, the unit's level; returned."""
    record._within = (ruleset, level)
    return record


def _field_property(name: str) -> property:
    def get(self: Record) -> Any:
        return self._get(name)

    return property(get, doc=f"The `{name}` field.")


def _record_types() -> Dict[str, type]:
    """A class for every record type of the result schema (one with methods is written above),
    each field a property."""
    docs = json.loads(_native.schema_json("result")).get("$defs", {})
    layout: Dict[str, Dict[str, Tuple[str, str]]] = _native.record_layout()
    records: Dict[str, type] = {"NodeScore": NodeScore}
    for type_name, fields in layout.items():
        cls = records.get(type_name)
        if cls is None:
            doc = " ".join(str(docs.get(type_name, {}).get("description", "")).split()) or None
            attrs = {"__slots__": (), "_schema": type_name, "__doc__": doc, "__module__": "parindex"}
            cls = records[type_name] = type(type_name, (Record,), attrs)
        cls._fields = tuple(fields)  # type: ignore[attr-defined]
        cls._nested = {k: v for k, v in fields.items() if v[0]}  # type: ignore[attr-defined]
        for field in fields:
            if field.isidentifier() and not hasattr(Record, field):
                setattr(cls, field, _field_property(field))
    return records


_RECORDS: Dict[str, type] = _record_types()
globals().update(_RECORDS)
