"""parindex: exact, explainable scoring of Vietnam's provincial PAR index.

A thin Python face of the Rust engine (crate ``parindex``). Every rule lives in the engine; this
package converts values and maps errors:

* every point, percentage and index is a :class:`decimal.Decimal` (never a ``float``);
* inputs accept ``Decimal``, ``int`` and ``str`` for decimals, and refuse ``float`` with an
  :class:`InputError`;
* errors are exceptions under :class:`ParIndexError`, each with ``code``, ``path`` and ``errors``;
* JSON text is a ``str`` (or UTF-8 ``bytes``), a file is a :class:`pathlib.Path` (any
  ``os.PathLike``): never guessed from the content;
* inputs are read within the engine's limits (:func:`get_limits`, :func:`set_limits`).

>>> import parindex
>>> rs = parindex.RuleSet.builtin()
>>> result = rs.score(parindex.example_province())
>>> result.units[0].index  # doctest: +SKIP
Decimal('87.25')
"""

from __future__ import annotations

import builtins as _builtins
import datetime
import json
import os
import pathlib
import warnings
from decimal import Decimal
from typing import Any, Dict, Iterator, List, Mapping, Optional, Sequence, Tuple, Union, overload

from . import _parindex as _native

__version__ = "0.1.0"

#: The engine's name and version, as recorded in every receipt (``"parindex 0.1.0"``).
ENGINE: str = _native.ENGINE
#: The id of the default built-in rule set.
DEFAULT_RULESET: str = _native.DEFAULT_RULESET
#: The input and rule-set format version the engine reads.
FORMAT_VERSION: int = _native.FORMAT_VERSION

__all__ = [
    "ENGINE",
    "DEFAULT_RULESET",
    "FORMAT_VERSION",
    "ParIndexError",
    "RuleSetError",
    "InputError",
    "WorkflowError",
    "NotFoundError",
    "DecimalOverflowError",
    "LimitError",
    "InternalError",
    "RuleSet",
    "UnitForm",
    "Dossier",
    "Actor",
    "BatchResult",
    "Units",
    "Ranking",
    "RankResult",
    "Record",
    "Receipt",
    "UnitScore",
    "NodeScore",
    "ComponentScore",
    "FieldScore",
    "Cap",
    "Carried",
    "Branch",
    "Facts",
    "History",
    "OutcomePart",
    "DeductionPart",
    "Issue",
    "UnitError",
    "RankBlock",
    "RankEntry",
    "builtin_rulesets",
    "example_province",
    "validate",
    "schema",
    "get_lang",
    "set_lang",
    "get_limits",
    "set_limits",
    "reset_limits",
]


# --------------------------------------------------------------------------------------------------
# Errors. The native module raises these (it maps the engine's error family once, by `kind`).


class ParIndexError(Exception):
    """Base class of every error the engine reports.

    ``code`` and ``path`` are those of the first problem; ``errors`` lists every problem as a dict
    ``{"code", "path", "message", "params"}`` (``message`` in the language of :func:`set_lang`,
    Vietnamese by default; ``params`` the values it names); ``kind`` is the family (``ruleset``, ``input``, ``workflow``,
    ``not_found``, ``arithmetic``, ``limits``, ``internal``).
    """

    code: str
    path: str
    errors: List[Dict[str, str]]
    kind: str

    def __init__(
        self,
        message: str,
        code: str = "",
        path: str = "$",
        errors: Optional[Sequence[Mapping[str, str]]] = None,
        kind: str = "",
    ) -> None:
        super().__init__(message)
        self.code = code
        self.path = path
        if errors is None:
            errors = [{"code": code, "path": path, "message": message}]
        self.errors = [dict(e) for e in errors]
        self.kind = kind


class RuleSetError(ParIndexError, ValueError):
    """A rule set is not valid; ``errors`` lists every problem found."""


class InputError(ParIndexError, ValueError):
    """An input (batch, unit, value) is not valid; ``errors`` lists every problem found."""


class WorkflowError(ParIndexError):
    """A workflow act (submission, appraisal) was refused."""


class NotFoundError(ParIndexError, LookupError):
    """A built-in rule set or a unit does not exist."""


class ArithmeticError(ParIndexError, _builtins.ArithmeticError):
    """Exact arithmetic went outside the decimal range (``arithmetic.overflow``); a subclass of
    Python's own ``ArithmeticError``. The same name as the npm package's error."""


#: The former name of :class:`ArithmeticError`, kept so that ``except DecimalOverflowError`` goes on
#: working.
DecimalOverflowError = ArithmeticError


class LimitError(ParIndexError, ValueError):
    """An input went beyond one of the engine's limits (``limits.*``, see :func:`set_limits`); nothing
    of it was read."""


class InternalError(ParIndexError):
    """A bug in the engine (code ``internal.panic``): please report it with the input that caused
    it. Raised instead of letting a Rust panic escape."""


# --------------------------------------------------------------------------------------------------
# Result records (`_records`): attribute access over the converted values, one class per record type
# of the engine's result schema.

from ._records import (  # noqa: E402
    Branch,
    Cap,
    Carried,
    ComponentScore,
    DeductionPart,
    Facts,
    FieldScore,
    History,
    Issue,
    NodeScore,
    OutcomePart,
    RankBlock,
    RankEntry,
    Receipt,
    Record,
    UnitError,
    UnitScore,
    _bound,
    _json_default,
)


# --------------------------------------------------------------------------------------------------
# Sources. A batch, a unit or a rule set may be given as JSON text (a `str`, or UTF-8 `bytes`), a
# file (a `pathlib.Path` or any `os.PathLike`), or Python values (dicts and lists of str, int,
# bool, None and Decimal). What a source is, is decided by its type, never by its content: a `str`
# is always JSON text (a file name in a `str` is refused as JSON, `input.json_syntax`).

Source = Union[str, bytes, "os.PathLike[str]", Mapping[str, Any]]


class Units(Sequence[UnitScore]):
    """The scored units of a batch, converted to Python when accessed."""

    __slots__ = ("_native", "_ruleset")

    def __init__(self, native: _native.NativeBatch, ruleset: Optional[_native.NativeRuleSet] = None) -> None:
        self._native = native
        self._ruleset = ruleset

    def _unit(self, data: Any) -> UnitScore:
        # A unit of the result, its nodes' texts naming labels of the rule set it was scored with.
        return UnitScore(data) if self._ruleset is None else _bound(UnitScore(data), self._ruleset)

    def __len__(self) -> int:
        return self._native.unit_count()

    @overload
    def __getitem__(self, i: int) -> UnitScore: ...

    @overload
    def __getitem__(self, i: slice) -> List[UnitScore]: ...

    @overload
    def __getitem__(self, i: str) -> UnitScore: ...

    def __getitem__(self, i: Union[int, slice, str]) -> Union[UnitScore, List[UnitScore]]:
        """A unit by position, a slice of them, or a unit by id (``units["so_noi_vu"]``, raises
        :class:`NotFoundError` when no unit of that id was scored)."""
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if isinstance(i, str):
            return self._unit(self._native.unit(self._native.locate(i)))
        return self._unit(self._native.unit(i))

    def __iter__(self) -> Iterator[UnitScore]:
        n = len(self)
        step = 256
        for start in range(0, n, step):
            for data in self._native.units(start, min(start + step, n)):
                yield self._unit(data)

    def get(self, unit_id: str) -> Optional[UnitScore]:
        """The unit with this id, or ``None`` if it was not scored."""
        i = self._native.find(unit_id)
        return None if i is None else self._unit(self._native.unit(i))

    def __repr__(self) -> str:
        return f"<Units: {len(self)} scored>"


class Ranking(List[RankBlock]):
    """The ranking blocks of a batch (departments; districts; communes of each district)."""

    def block(self, block: str) -> RankBlock:
        """The block with this id (raises :class:`NotFoundError`)."""
        return self[_native.ranking_block(self.to_json(), block)]

    def to_dict(self) -> List[Dict[str, Any]]:
        """The blocks as plain Python values."""
        return [b.to_dict() for b in self]

    def to_json(self, indent: Optional[int] = None) -> str:
        """The blocks as JSON, decimals as strings (the engine's format)."""
        return json.dumps(self, default=_json_default, ensure_ascii=False, indent=indent)

    def to_pandas(self) -> Any:
        """One row per ranked unit (block, level, parent, rank, id, name, index…)."""
        from . import _pandas

        return _pandas.pandas_frame(_native.ranking_frame(self.to_json()))

    def to_polars(self) -> Any:
        """The rows of :meth:`to_pandas` as a polars DataFrame (needs ``polars``), decimals as
        ``pl.Decimal``."""
        from . import _pandas

        return _pandas.polars_frame(_native.ranking_frame(self.to_json()))


class RankResult:
    """A batch scored for its ranking: ``receipt``, ``errors`` (the units refused) and ``ranking``,
    without the units' explanations; what ``rs.rank`` returns, in the engine's shape (as in
    JavaScript and the command line's ``rank --format json``)."""

    __slots__ = ("_result",)

    def __init__(self, result: "BatchResult") -> None:
        self._result = result

    @property
    def receipt(self) -> Receipt:
        """Engine, rule set and hashes: what the ranking was computed with."""
        return self._result.receipt

    @property
    def errors(self) -> List[UnitError]:
        """Units that could not be scored, so are not ranked."""
        return self._result.errors

    @property
    def ranking(self) -> Ranking:
        """The ranking blocks."""
        return self._result.ranking

    def to_dict(self) -> Dict[str, Any]:
        """The result as plain Python values (decimals as ``Decimal``)."""
        return self._result._native.to_dict(rank=True)

    def to_json(self, indent: Optional[int] = None) -> str:
        """The engine's JSON of the result (decimals as strings), as JavaScript's ``rs.rank`` and
        ``parindex rank --format json`` write it; ``indent`` pretty-prints."""
        return self._result._native.to_json(indent is not None, rank=True)


class BatchResult:
    """The result of scoring a batch: ``receipt``, ``units``, ``errors`` and ``ranking``.

    The result stays in the engine; units are converted to Python values when accessed.
    """

    __slots__ = ("_native", "_ruleset", "_receipt", "_errors", "_ranking")

    def __init__(self, native: _native.NativeBatch, ruleset: Optional[_native.NativeRuleSet] = None) -> None:
        self._native = native
        self._ruleset = ruleset
        self._receipt: Optional[Receipt] = None
        self._errors: Optional[List[UnitError]] = None
        self._ranking: Optional[Ranking] = None

    @property
    def receipt(self) -> Receipt:
        """Engine, rule set and hashes: what the result was computed with."""
        if self._receipt is None:
            self._receipt = Receipt(self._native.receipt())
        return self._receipt

    @property
    def units(self) -> Units:
        """The scored units, in batch order."""
        return Units(self._native, self._ruleset)

    @property
    def errors(self) -> List[UnitError]:
        """Units that could not be scored, each with every problem found."""
        if self._errors is None:
            self._errors = [UnitError(e) for e in self._native.errors()]
        return list(self._errors)

    @property
    def ranking(self) -> Ranking:
        """Ranking blocks: units ranked by index within their blocks."""
        if self._ranking is None:
            self._ranking = Ranking(RankBlock(b) for b in self._native.ranking())
        return self._ranking

    def unit(self, unit_id: str) -> UnitScore:
        """The scored unit with this id (raises :class:`NotFoundError`)."""
        return self.units[unit_id]

    def to_dict(self) -> Dict[str, Any]:
        """The whole result as plain Python values (decimals as ``Decimal``)."""
        return self._native.to_dict()

    def to_json(self, indent: Optional[int] = None) -> str:
        """The engine's JSON of the result (decimals as strings); ``indent`` pretty-prints."""
        return self._native.to_json(indent is not None)

    def to_pandas(self, long: bool = False) -> Any:
        """A DataFrame: one row per unit, or with ``long=True`` one row per unit and node."""
        from . import _pandas

        return _pandas.pandas_frame(self._native.frame("nodes" if long else "units"))

    def nodes_to_pandas(self) -> Any:
        """A DataFrame with one row per unit and node (the explanations, flattened)."""
        return self.to_pandas(long=True)

    def to_polars(self, long: bool = False) -> Any:
        """The rows of :meth:`to_pandas` as a polars DataFrame (needs ``polars``), every decimal
        column a ``pl.Decimal`` holding its values exactly."""
        from . import _pandas

        return _pandas.polars_frame(self._native.frame("nodes" if long else "units"))

    def __len__(self) -> int:
        return len(self.units)

    def __repr__(self) -> str:
        r = self.receipt
        return (
            f"<BatchResult {r.ruleset_id}: {r.units_scored} scored, {r.units_failed} failed"
            f"{', provisional' if r.provisional else ''}>"
        )


class RuleSet:
    """A validated rule set: one decision's rubric, as data.

    Make one with :meth:`builtin`, :meth:`from_json`, :meth:`from_file` or :meth:`from_dict`.
    """

    __slots__ = ("_native",)

    def __init__(self, native: _native.NativeRuleSet) -> None:
        # Only the constructors below call the class itself; `RuleSet("hoabinh-1440-2019")` (an id,
        # JSON text or a file) is refused at once, naming them (`input.unsupported_type:ruleset`).
        if not isinstance(native, _native.NativeRuleSet):
            given = repr(native)
            if len(given) > 40:
                given = given[:39] + "…"
            raise _native._input_error("input.unsupported_type:ruleset", "$", [("given", given)])
        self._native = native

    @classmethod
    def builtin(cls, id: str = DEFAULT_RULESET) -> "RuleSet":
        """A built-in rule set (see :func:`builtin_rulesets`)."""
        return cls(_native.NativeRuleSet.builtin(id))

    @classmethod
    def from_json(cls, text: Union[str, bytes]) -> "RuleSet":
        """A rule set from JSON text, a ``str`` or UTF-8 ``bytes`` (raises :class:`RuleSetError`
        listing every problem)."""
        if not isinstance(text, (str, bytes)):
            text = bytes(text)
        return cls(_native.NativeRuleSet.load(text))

    @classmethod
    def from_file(cls, path: Union[str, "os.PathLike[str]"]) -> "RuleSet":
        """A rule set from a JSON file (UTF-8; a ``str`` here is the file's name)."""
        return cls(_native.NativeRuleSet.load(pathlib.Path(path)))

    @classmethod
    def from_dict(cls, definition: Mapping[str, Any]) -> "RuleSet":
        """A rule set from Python values (decimals as ``Decimal``, ``int`` or ``str``)."""
        return cls(_native.NativeRuleSet.load(definition))

    @property
    def id(self) -> str:
        return self._native.id

    @property
    def sha256(self) -> str:
        """SHA-256 of the rule set's canonical JSON (recorded in receipts)."""
        return self._native.sha256

    @property
    def provisional(self) -> bool:
        """Whether the rubric is a reconstruction rather than the official text."""
        return self._native.provisional

    @property
    def notice(self) -> Optional[str]:
        """The notice shown with every result of a provisional rule set."""
        return self._native.notice

    @property
    def warnings(self) -> List[Dict[str, Any]]:
        """What validation warns of in this valid rule set (S5: a calendar date outside the rule
        set's year; S2: a form declared with two maxima, a unit listed in two groups), each as
        ``{code, path, message, params}``; ``[]`` when there is nothing to warn of. Every unit
        scored with the rule set carries them among its warnings too."""
        return self._native.warnings

    def to_dict(self) -> Dict[str, Any]:
        """The rule set's definition as Python values (decimals as ``Decimal``)."""
        return self._native.definition()

    def to_json(self) -> str:
        """The rule set's canonical JSON."""
        return self._native.to_json()

    def criteria(self) -> Any:
        """The rubric as a DataFrame (needs the ``pandas`` extra): one row per level and node
        (criterion, sub-criterion, field), in the rule set's order, with ``level``, ``code``,
        ``field``, ``parent``, ``depth``, ``label_vi``, ``label_en``, ``max_points`` and
        ``min_points`` (exact decimals), ``rule`` (its kind; ``None`` for a node summing its
        sub-criteria), ``groups`` (those it applies to), ``evidence`` (the documents it needs, in
        Vietnamese), ``appraiser``, ``legal_ref``, ``source`` and ``note``: the definition's own
        data (:meth:`to_dict`), reshaped."""
        from . import _pandas

        return _pandas.pandas_frame(self._native.criteria())

    def score(self, batch: Source, *, keep_nodes: bool = True) -> BatchResult:
        """Score a batch (``{"format_version": 1, "units": [...]}``) given as a dict, JSON text (a
        ``str`` or ``bytes``) or a file (a :class:`pathlib.Path`).

        A unit that cannot be scored is reported in ``errors``; the others are scored regardless.
        ``keep_nodes=False`` leaves out the node-by-node explanations (``unit.nodes`` is empty) to
        save memory on large batches; totals, indices and the ranking are the same.
        """
        return BatchResult(self._native.score(batch, keep_nodes), self._native)

    def score_unit(self, unit: Source, keep_nodes: bool = True) -> UnitScore:
        """Score one unit. Rules that compare units (normalised values) see this unit alone.

        ``keep_nodes=False`` leaves the node-by-node explanation out (``.nodes`` is empty): totals,
        fields and index only, e.g. to rescore a form as it is filled in.
        """
        return _bound(UnitScore(self._native.score_unit(unit, keep_nodes)), self._native)

    def explain(self, batch: Source, unit_id: str) -> UnitScore:
        """Score a batch and return one unit's score, every node explained (``.nodes``)."""
        return _bound(UnitScore(self._native.explain(batch, unit_id)), self._native)

    def form(self, unit: Source) -> "UnitForm":
        """A :class:`UnitForm` holding ``unit``, to rescore it criterion by criterion as it is
        filled in (raises :class:`InputError` when the unit does not score)."""
        return UnitForm(_native.NativeForm.open(self._native, unit), self)

    def rank(self, batch: Source) -> RankResult:
        """Score a batch for its ranking: ``receipt``, ``errors`` and ``ranking`` (``.ranking`` is
        the blocks), without the units' explanations."""
        return RankResult(self.score(batch, keep_nodes=False))

    def score_frame(
        self,
        frame: Any,
        units: Any = None,
        *,
        floats: str = "exact",
        keep_nodes: bool = True,
        title: Optional[str] = None,
        synthetic: Optional[bool] = None,
    ) -> BatchResult:
        """Score a DataFrame in the fact-table shape (needs the ``pandas`` extra), or the same
        table as Arrow data (a pyarrow ``Table`` or ``RecordBatch``, a polars ``DataFrame``:
        anything with ``__arrow_c_stream__`` or ``__arrow_c_array__``; needs neither pandas nor
        pyarrow). Arrow data are read by the engine through the Arrow C stream interface, in
        place: the columns' buffers are the table's columns, each cell read from them as the
        units are built, without copying the data or making a Python object per value. A
        ``decimal128`` column is read exactly (more than 28 significant digits refused, never
        rounded), integers as whole numbers, strings (``utf8``, ``large_utf8``, ``utf8_view``,
        dictionary-encoded) as text, booleans as yes/no, nulls as absent facts, a float column under
        the same ``floats=`` policy as a pandas frame's; a column of another type (a list, a struct,
        a date) refuses the table (``input.unsupported_column``, naming the column).

        One row per unit, one column per fact (``3.3.3.numerator``, ``1.1.1.choice``,
        ``self:2.1.2``, ``evidence:2.1.2``…) plus ``id``, ``name``, ``group`` (required),
        ``parent``…, as ``docs/fact-table.md`` describes and as ``pd.read_excel`` / ``read_csv``
        read the fact table and templates the engine writes. The cells are read by the engine's
        fact-table reader: ``Decimal``, ``str``, ``int`` and ``bool`` cells as a CSV file's text
        and a workbook's cells are; missing values (``None``, ``NaN``, ``pd.NA``) are absent facts.

        Floats: ``floats="exact"`` (the default) reads a whole float exactly (``45.0`` is 45, as
        pandas holds an integer column with a gap) and refuses any other (``input.inexact_float``:
        a binary float is not the decimal that was meant); ``floats="shortest"`` reads every float
        as spreadsheet data, as the shortest decimal that gives it back (``81.37``), refusing more
        than 15 significant digits (``input.cell_too_precise``).

        A bad cell refuses its row's unit only: it is in ``result.errors`` with its code, the JSON
        path it stands for and the cell (``row 7, column 3.3.3.numerator``; rows are numbered as
        in the file the frame was read from with its header in row 1: ``df.iloc[5]`` is row 7).
        The other rows are scored. A header that is not the fact table's raises ``InputError``.

        ``title`` and ``synthetic`` are the batch's, shown by the receipt (``synthetic``
        ``None``: as the table says, synthetic when every unit is).

        The long format of earlier versions (columns ``unit``, ``code``, ``field``, ``value``,
        with ``units``, ``title`` and ``synthetic``) is still read, with a ``DeprecationWarning``:
        use :meth:`score_long_frame`.
        """
        from . import _pandas

        if units is None and _pandas.is_arrow(frame):
            return BatchResult(self._native.score_arrow(frame, floats, keep_nodes, title, synthetic), self._native)
        header, columns = _pandas.table_columns(frame)
        if units is not None or _native.table_is_long(header):
            warnings.warn(
                "score_frame of a long frame (unit, code, field, value) is deprecated: call "
                "score_long_frame, or give score_frame the fact table (one row per unit)",
                DeprecationWarning,
                stacklevel=2,
            )
            return self.score_long_frame(frame, units, title=title, synthetic=bool(synthetic))
        return BatchResult(self._native.score_table(header, columns, floats, keep_nodes, title, synthetic), self._native)

    def score_long_frame(
        self, facts: Any, units: Any = None, *, title: Optional[str] = None, synthetic: bool = False, keep_nodes: bool = True
    ) -> BatchResult:
        """Score a long-format DataFrame of facts (needs the ``pandas`` extra).

        ``facts`` has columns ``unit``, ``code``, ``field``, ``value`` (one row per fact: a leaf
        code, an input field such as ``met``, ``numerator`` or ``self``, and its value; map fields
        as ``outcomes.<id>``; repeated rows add to list fields such as ``evidence``), and optionally
        ``section`` (``items``, the default, or ``components``). Unit attributes (``name``,
        ``group``, ``parent``…) come from ``units`` (a DataFrame with an ``id`` or ``unit`` column),
        or from columns of ``facts`` with those names (the first value given wins). Any non-missing
        float is refused. The engine reads the rows and scores the batch they stand for.

        A problem of a unit's rows refuses that unit only, in ``result.errors`` at the row's path
        (``$.facts[3]``: the row at position 3, from 0): a value given twice for one field
        (``input.frame_duplicate``), a section other than ``items`` and ``components``
        (``input.frame_section``), a float (``input.inexact_float``). A table without the columns
        it needs raises :class:`InputError` (``input.frame_columns``). ``keep_nodes=False`` leaves
        out the node-by-node explanations, as :meth:`score` does.
        """
        from . import _pandas

        units_columns = None if units is None else _pandas.table_columns(units)
        facts_columns = _pandas.table_columns(facts)
        native = _native.table_score_long(self._native, facts_columns, units_columns, title, synthetic, keep_nodes)
        return BatchResult(native, self._native)

    # ----------------------------------------------------------------------------------------------
    # Spreadsheets and documents (the engine's `table` module, as the command line's `template`,
    # `form`, `rubric` and `score` of a table, and the npm package's `parindex/tables`). A file
    # comes in as ``bytes`` or a :class:`pathlib.Path`, and goes out as ``bytes``.

    def template(self, group: str, lang: Optional[str] = None) -> bytes:
        """The input workbook (XLSX) of a group (``department_52``: form 02, ``department``: 03,
        ``district``: 04, ``commune``): one row per criterion with its code, content, maximum, how
        it is scored and the evidence it needs, and input cells with their checks; ``lang``
        ``"vi"`` or ``"en"`` (default: that of :func:`set_lang`). Filled in, :meth:`read_workbook`
        and :meth:`score_workbook` read it as the unit it was filled with. A group the rule set
        does not have raises :class:`NotFoundError` (``not_found.group``)."""
        return _native.table_template(self._native, group, lang)

    def read_workbook(
        self,
        data: Union[bytes, bytearray, "os.PathLike[str]"],
        *,
        decimal_comma: bool = False,
        delimiter: Optional[str] = None,
    ) -> Tuple[Dict[str, Any], List[UnitError]]:
        """Read a file: a fact table (XLSX or CSV, one row per unit, ``docs/fact-table.md``) or a
        filled input template (:meth:`template`), told by its content. Returns the batch of the
        units that read and score (a dict :meth:`score` takes, decimals as ``Decimal``) and the
        refusals of the other rows: each :class:`UnitError`'s ``index`` is the row's position among
        the table's units, each problem's message names its cell (``Tự chấm điểm!F12``, ``row 7,
        column 3.3.3.numerator``) and its ``path`` is the JSON path the cell stands for.

        CSV only: ``decimal_comma=True`` reads ``99,75`` (a dot in a number is then refused);
        ``delimiter`` is ``","``, ``";"`` or ``"\t"`` (default: the one the header row uses most).
        A file that cannot be read as a whole (not a table, an unknown column, another rule set's
        template) raises :class:`InputError`."""
        batch, errors = _native.table_read(self._native, data, decimal_comma, delimiter)
        return batch, [UnitError(e) for e in errors]

    def score_workbook(
        self,
        data: Union[bytes, bytearray, "os.PathLike[str]"],
        *,
        decimal_comma: bool = False,
        delimiter: Optional[str] = None,
        keep_nodes: bool = True,
    ) -> BatchResult:
        """Score a file read as :meth:`read_workbook` reads it: every row's unit, a refused one in
        ``result.errors`` with its cell and JSON path; the receipt's ``inputs_sha256`` is that of
        the file."""
        return BatchResult(_native.table_score(self._native, data, decimal_comma, delimiter, keep_nodes), self._native)

    def form_workbook(
        self,
        batch: Source,
        unit_id: str,
        *,
        lang: Optional[str] = None,
        report_number: Optional[str] = None,
        place: Optional[str] = None,
        date: Optional[str] = None,
    ) -> bytes:
        """The self-scoring table (biểu tự chấm điểm, S4) of one unit of a batch as a workbook
        (XLSX): form 02, 03 or 04, that of the unit's group. Every criterion with its maximum,
        self-score, evidence, points after appraisal, points lost and why; totals, header and
        signature block. The unit is scored here, as :meth:`explain` scores it: what the form
        prints is the engine's. ``report_number`` (``45/BC-SNV``), ``place`` and ``date``
        (``YYYY-MM-DD``, else ``input.bad_date``) fill the header and signature. Raises
        :class:`NotFoundError` when the batch has no such unit, :class:`InputError` when the unit
        is refused."""
        return _native.table_form(self._native, batch, unit_id, False, lang, report_number, place, date)

    def report_document(
        self,
        batch: Source,
        unit_id: str,
        *,
        lang: Optional[str] = None,
        report_number: Optional[str] = None,
        place: Optional[str] = None,
        date: Optional[str] = None,
    ) -> bytes:
        """The self-assessment report (báo cáo tự đánh giá, form 01) of one unit of a batch as a
        Word document (DOCX): the unit's figures and tables filled, the narrative headings left
        for the unit to write. Arguments and errors as :meth:`form_workbook`."""
        return _native.table_form(self._native, batch, unit_id, True, lang, report_number, place, date)

    def fact_table(self, batch: Optional[Source] = None, *, format: str = "xlsx") -> bytes:
        """A batch written as the fact table (``docs/fact-table.md``): one row per unit, one
        column per fact, as a workbook (``format="xlsx"``: the sheets ``units`` and ``about``) or
        CSV (``"csv"``: UTF-8, commas, a decimal dot). :meth:`score_workbook` reads it back as the
        same units, and ``pd.read_excel``/``pd.read_csv(..., dtype=str)`` then :meth:`score_frame`
        too. Without a batch: the header row alone, every column of the rule set, to fill in.
        A unit that cannot be read raises :class:`InputError` with every problem; another format
        raises :class:`InputError` (``input.invalid_type`` at ``$.format``)."""
        return _native.table_facts(self._native, batch, format)

    def rubric_workbook(self) -> bytes:
        """The rule set as a workbook (XLSX) to read and edit in a spreadsheet program: criteria
        with their rules, groups, components, bands, calendar. :meth:`from_workbook` reads it
        back."""
        return _native.table_rubric(self._native)

    @classmethod
    def from_workbook(cls, data: Union[bytes, bytearray, "os.PathLike[str]"]) -> "RuleSet":
        """A rule set from its workbook (of :meth:`rubric_workbook`, perhaps edited), checked as a
        JSON rule set is: :class:`RuleSetError` with every problem, each told with its sheet and
        cell."""
        return cls(_native.table_read_rubric(data))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, RuleSet):
            return NotImplemented
        return self.sha256 == other.sha256

    def __hash__(self) -> int:
        return hash(self.sha256)

    def __repr__(self) -> str:
        status = ", provisional" if self.provisional else ""
        return f"RuleSet({self.id!r}{status}, sha256='{self.sha256[:12]}…')"


# --------------------------------------------------------------------------------------------------
# The assessment workflow: a dossier per unit and year, moved by acts (self-score, submit, appraise,
# explain, review, enter a component, announce) along the rule set's calendar. The engine checks every
# act; a refused act raises WorkflowError and changes nothing. A time without an offset is the
# calendar's local time (Vietnam time, +07:00, for the built-in rule set).

When = Union[str, datetime.datetime]


def _when(now: When) -> str:
    # A naive datetime is the calendar's local time (Vietnam, +07:00, for the built-in rule set); an
    # aware one carries its offset and is converted. Microseconds are kept (exactly, by the engine).
    if isinstance(now, datetime.datetime):
        return now.isoformat()
    if isinstance(now, str):
        return now
    raise TypeError(f"a time is a str such as '2019-11-10T09:00' or a datetime, not {type(now).__name__}")


def _given(**fields: Any) -> Dict[str, Any]:
    """An actor or an act in the engine's form: the fields given, a ``None`` one left out."""
    return {k: v for k, v in fields.items() if v is not None}


class Actor:
    """Who performs an act, in the engine's form (a dict with a ``role``)."""

    @staticmethod
    def unit(unit: str) -> Dict[str, str]:
        """An officer of the assessed unit: self-scores, submits, explains (its own dossier only)."""
        return {"role": "unit_officer", "unit": unit}

    @staticmethod
    def member(member: str, district: Optional[str] = None) -> Dict[str, str]:
        """A council member (``council.members[].id``); ``district`` for a district's council."""
        return _given(role="council_member", member=member, district=district)

    @staticmethod
    def secretariat(district: Optional[str] = None) -> Dict[str, str]:
        """The council's standing body (Sở Nội vụ; for a commune, its district's home-affairs
        office): records the council's reviewed decisions (S8), enters the IT points and the survey
        percentage (S2, S9), may announce."""
        return _given(role="secretariat", district=district)

    @staticmethod
    def chairman(district: Optional[str] = None) -> Dict[str, str]:
        """The Chairman of the People's Committee (announces)."""
        return _given(role="chairman", district=district)


class UnitForm:
    """A unit being filled in (a self-assessment form), held in the engine and rescored after each
    change without reading the whole unit again. Make one with :meth:`RuleSet.form`.

    A change the rules refuse raises :class:`InputError` (every problem, with its path) and leaves
    the form as it was, so the form always holds a unit that scores.
    """

    __slots__ = ("_native", "ruleset")

    def __init__(self, native: _native.NativeForm, ruleset: RuleSet) -> None:
        self._native = native
        self.ruleset = ruleset

    def set(self, code: str, item: Mapping[str, Any]) -> UnitScore:
        """Give criterion ``code`` its facts or points (``{"numerator": 3, "denominator": 4}``),
        replacing what it had; returns the new score without the explanation (``.nodes`` empty)."""
        return _bound(UnitScore(self._native.set(code, item)), self.ruleset._native)

    def clear(self, code: str) -> UnitScore:
        """Clear criterion ``code`` (0 points and a warning, as if never filled in); returns the
        new score without the explanation."""
        return _bound(UnitScore(self._native.clear(code)), self.ruleset._native)

    def score(self, keep_nodes: bool = True) -> UnitScore:
        """The unit's score as it stands; ``keep_nodes=False`` leaves the explanation out."""
        return _bound(UnitScore(self._native.score(keep_nodes)), self.ruleset._native)

    def explain(self, code: str) -> NodeScore:
        """One node (field, criterion or sub-criterion) with its explanation (raises
        :class:`NotFoundError` when the unit's rubric has no such node)."""
        return _bound(NodeScore(self._native.explain(code)), self.ruleset._native, self._native.level())

    @property
    def unit(self) -> Dict[str, Any]:
        """The unit as it stands (a dict in the input format, decimals as ``Decimal``)."""
        return self._native.unit()

    def __repr__(self) -> str:
        unit = self.unit
        index = self.score(keep_nodes=False).index
        return (
            f"UnitForm(id={unit.get('id')!r}, group={unit.get('group')!r}, items={len(unit.get('items') or {})}, "
            f"index={index!r}, ruleset={self.ruleset.id!r})"
        )


class Dossier:
    """A unit's dossier for one year: draft → submitted → under appraisal → locked → explanation →
    compilation → review → final → announced, along the rule set's calendar.

    Every act takes an actor (see :class:`Actor`) and the current time: a ``str``
    (``"2019-11-10T09:00"``, ``"2019-11-17T23:59:59.999"``, JavaScript's
    ``"2019-11-17T16:59:59.999Z"``) or a ``datetime``. **A time without an offset (a naive
    ``datetime`` too) is the calendar's local time: Vietnam time, +07:00, for the built-in rule
    set**; a time with an offset is converted. Fractions of a second are kept exactly. The dossier
    never reads a clock. Acts return the events appended to the log, each with its legal basis.
    Points are ``Decimal``, ``int`` or ``str``.

    From the lock (end of 26/11) council members can no longer act (S6, ``workflow.locked``);
    after the explanations the standing body records the council's reviewed decision
    (:meth:`review`, S8).
    """

    __slots__ = ("_native", "ruleset")

    def __init__(self, native: _native.NativeDossier, ruleset: RuleSet) -> None:
        self._native = native
        self.ruleset = ruleset

    @classmethod
    def open(
        cls,
        ruleset: RuleSet,
        unit: str,
        name: str,
        group: str,
        parent: Optional[str] = None,
        calendar: Optional[Mapping[str, Any]] = None,
    ) -> "Dossier":
        """Open a unit's dossier with the calendar of the rule set. A commune's dossier (S10) needs
        its district (``parent``) and the calendar the district sets by filling the rule set's
        template, ``{"periods": [{"id": "self_assessment", "start": "2019-11-01", "end":
        "2019-11-22"}, ...]}`` (every day within the template's bounds: by 30/12/2019 for the
        built-in rule set; else ``workflow.outside_template``)."""
        return cls(_native.NativeDossier.open(ruleset._native, unit, name, group, parent, calendar), ruleset)

    @classmethod
    def from_json(cls, ruleset: RuleSet, text: str) -> "Dossier":
        """Read a stored dossier: its schedule must be the rule set's (``workflow.schedule_mismatch``
        otherwise), its log is replayed and must reproduce the stored state."""
        return cls(_native.NativeDossier.from_json(ruleset._native, text), ruleset)

    def to_json(self) -> str:
        """The dossier (header, schedule, state, log) as JSON, to store it."""
        return self._native.to_json()

    def to_dict(self) -> Dict[str, Any]:
        """The dossier as Python values (points as ``Decimal``)."""
        return self._native.data()

    @property
    def header(self) -> Dict[str, Any]:
        h: Dict[str, Any] = self.to_dict()["header"]
        return h

    @property
    def schedule(self) -> Dict[str, Any]:
        s: Dict[str, Any] = self.to_dict()["schedule"]
        return s

    @property
    def calendar(self) -> Optional[Dict[str, Any]]:
        """The calendar the district set for a commune's dossier (S10); ``None`` otherwise."""
        c: Optional[Dict[str, Any]] = self.to_dict().get("calendar")
        return c

    @property
    def state(self) -> Dict[str, Any]:
        s: Dict[str, Any] = self.to_dict()["state"]
        return s

    @property
    def log(self) -> List[Dict[str, Any]]:
        entries: List[Dict[str, Any]] = self.to_dict()["log"]
        return entries

    @property
    def phase(self) -> str:
        """The current phase (``draft``, ``submitted``, ``under_appraisal``, ``locked``…)."""
        return self._native.phase

    def phase_at(self, now: When) -> str:
        """The phase the calendar puts the dossier in at ``now``."""
        return self._native.phase_at(_when(now))

    def apply(self, actor: Mapping[str, Any], now: When, act: Mapping[str, Any]) -> List[Dict[str, Any]]:
        """Perform an act given in the engine's form (``{"kind": "appraise", "code": ..., ...}``)."""
        return self._native.apply(actor, _when(now), act)

    def advance(self, now: When) -> List[Dict[str, Any]]:
        """Record the automatic transitions due by ``now`` (deadline, lock, explanation window)."""
        return self._native.advance(_when(now))

    def self_score(
        self,
        actor: Mapping[str, Any],
        now: When,
        code: str,
        points: Union[Decimal, int, str],
        evidence: Sequence[str] = (),
        note: Optional[str] = None,
    ) -> List[Dict[str, Any]]:
        """The unit scores a leaf itself, with its evidence (S3)."""
        act = _given(kind="self_score", code=code, points=points, evidence=list(evidence), note=note)
        return self.apply(actor, now, act)

    def clear_self_score(self, actor: Mapping[str, Any], now: When, code: str) -> List[Dict[str, Any]]:
        """The unit withdraws its self score of a leaf (before submitting)."""
        return self.apply(actor, now, {"kind": "clear_self_score", "code": code})

    def submit(self, actor: Mapping[str, Any], now: When) -> List[Dict[str, Any]]:
        """The unit submits its self-assessment, once (S3)."""
        return self.apply(actor, now, {"kind": "submit"})

    def appraise(
        self, actor: Mapping[str, Any], now: When, code: str, points: Union[Decimal, int, str], note: Optional[str] = None
    ) -> List[Dict[str, Any]]:
        """A council member appraises a leaf of their remit (S7)."""
        return self.apply(actor, now, _given(kind="appraise", code=code, points=points, note=note))

    def explain(
        self, actor: Mapping[str, Any], now: When, code: str, text: str, evidence: Sequence[str] = ()
    ) -> List[Dict[str, Any]]:
        """The unit explains a leaf and adds evidence, in the explanation window (S8)."""
        return self.apply(actor, now, {"kind": "explain", "code": code, "text": text, "evidence": list(evidence)})

    def review(
        self,
        actor: Mapping[str, Any],
        now: When,
        code: str,
        points: Union[Decimal, int, str],
        note: Optional[str] = None,
        explanation: Optional[int] = None,
    ) -> List[Dict[str, Any]]:
        """The council's reviewed decision on an explained leaf, recorded by the standing body
        (``Actor.secretariat()``) during the council's review (S8: 16–17/12); ``explanation`` is the
        index of the explanation it answers (default: the latest). Council members cannot act after
        the lock (S6)."""
        act = _given(kind="review", code=code, points=points, explanation=explanation, note=note)
        return self.apply(actor, now, act)

    def enter_component(
        self,
        actor: Mapping[str, Any],
        now: When,
        component: str,
        *,
        points: Union[Decimal, int, str, None] = None,
        percentage: Union[Decimal, int, str, None] = None,
        note: Optional[str] = None,
    ) -> List[Dict[str, Any]]:
        """The secretariat enters a component of the unit's index: the IT points the Chairman
        announced (``points``, S2) or the survey percentage (``percentage``, S9), from the
        appraisal's start until the results are final; a later entry replaces an earlier one."""
        act = _given(kind="enter_component", component=component, points=points, percentage=percentage, note=note)
        return self.apply(actor, now, act)

    def announce(self, actor: Mapping[str, Any], now: When) -> List[Dict[str, Any]]:
        """The Chairman or the secretariat announces the results (S8)."""
        return self.apply(actor, now, {"kind": "announce"})

    def unit_input(self) -> Dict[str, Any]:
        """The dossier as a scoring input (a unit): each leaf's self score, appraisals and notes."""
        return self._native.unit_input()

    def score(self) -> UnitScore:
        """Score the dossier as it stands; each leaf's explanation shows its history. With every
        component entered (:meth:`enter_component`) it is the unit's full index; each component
        still missing counts 0 and is named by a warning ``workflow.component_pending``."""
        return _bound(UnitScore(self._native.score()), self.ruleset._native)

    def __repr__(self) -> str:
        h = self.header
        return f"<Dossier {h['unit']} {h['year']}: {self.phase}>"


def builtin_rulesets() -> List[str]:
    """Ids of the rule sets built into the engine."""
    return _native.builtin_rulesets()


def example_province() -> Dict[str, Any]:
    """The bundled example province (synthetic facts) as a batch dict, decimals as ``Decimal``."""
    data: Dict[str, Any] = json.loads(_native.example_province_json(), parse_float=Decimal)
    return data


def validate(ruleset: Source) -> List[Dict[str, str]]:
    """Every problem of a rule set (JSON text, a :class:`pathlib.Path` or a dict) as
    ``{code, path, message}``.

    Empty when the rule set is valid. A rule set beyond a limit is not read: :class:`LimitError`.
    """
    return _native.validate(ruleset)


def set_lang(lang: str) -> None:
    """The language of the engine's messages (an error's message, each issue's ``message``):
    ``"vi"`` (Vietnamese, the default) or ``"en"`` (English), for every call of the process.
    Codes, paths and ``params`` are the same in every language. Another value raises ``ValueError``.

    >>> parindex.set_lang("en")
    """
    _native.set_lang(lang)


def get_lang() -> str:
    """The language of the engine's messages: ``"vi"`` or ``"en"`` (see :func:`set_lang`)."""
    return _native.get_lang()


def get_limits() -> Dict[str, int]:
    """The input limits in force (the engine's, the same as the command line's and the npm
    package's): ``max_input_bytes`` (64 MiB), ``max_units`` (20,000), ``max_nodes`` (5,000),
    ``max_string_bytes`` (64 KiB), ``max_depth`` (64), ``max_number_digits`` (64) and
    ``max_exponent`` (64). An input beyond one is refused with :class:`LimitError` (``limits.*``)
    before it is read."""
    return _native.get_limits()


def set_limits(**changes: int) -> Dict[str, int]:
    """Change some input limits (``set_limits(max_units=100_000)``); the others keep their value.
    Limits hold for every call of the process. Returns the limits now in force; an unknown name or
    a value that is not a whole number above 0 raises :class:`InputError` (``limits.invalid``)."""
    return _native.set_limits(changes)


def reset_limits() -> Dict[str, int]:
    """Restore the default input limits; returns them."""
    return _native.set_limits(None)


def schema(kind: str = "ruleset") -> Dict[str, Any]:
    """The JSON Schema of a format, generated from the engine's types: ``ruleset``, ``input``,
    ``result``, ``dossier`` (a stored dossier, :meth:`Dossier.to_json`); another name raises
    :class:`NotFoundError` (``not_found.schema``)."""
    s: Dict[str, Any] = json.loads(_native.schema_json(kind))
    return s
