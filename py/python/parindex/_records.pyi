# Type stubs of the result records (`parindex._records`), checked against the installed package by
# `mypy.stubtest` (scripts/test-py.sh). The record classes after `Record` are generated from the
# engine's result schema.
from decimal import Decimal
from typing import Any, ClassVar, Literal, Mapping, TypeVar

class Record:
    def __init__(self, data: Mapping[str, Any]) -> None: ...
    def __getitem__(self, key: str) -> Any: ...
    def __contains__(self, key: object) -> bool: ...
    def keys(self) -> list[str]: ...
    def to_dict(self) -> dict[str, Any]: ...
    def to_json(self, indent: int | None = None) -> str: ...
    def __eq__(self, other: object) -> bool: ...
    def __reduce__(self) -> tuple[Any, tuple[dict[str, Any]]]: ...
    def __copy__(self) -> Record: ...
    def __deepcopy__(self, memo: dict[int, Any]) -> Record: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

def _json_default(value: Any) -> Any: ...

_R = TypeVar("_R", bound=Record)

def _bound(record: _R, ruleset: Any, level: str | None = None) -> _R: ...

# --- records: generated from the engine's result schema by py/tests/test_stubs.py ---

class Receipt(Record):
    """What a batch was computed with: enough to reproduce and audit a published ranking."""

    @property
    def engine(self) -> str:
        """`parindex 0.1.0`"""
    @property
    def inputs_sha256(self) -> str:
        """SHA-256 of the input exactly as received (the bytes of the JSON text, so `sha256sum input.json` reproduces it); for typed inputs, of their JSON serialisation."""
    @property
    def notice(self) -> str | None: ...
    @property
    def provisional(self) -> bool:
        """True when the rule set is provisional (a reconstruction): every result says so."""
    @property
    def ruleset_id(self) -> str: ...
    @property
    def ruleset_sha256(self) -> str:
        """SHA-256 of the rule set's canonical JSON."""
    @property
    def ruleset_status(self) -> Literal['official', 'provisional']: ...
    @property
    def synthetic(self) -> bool:
        """Whether the inputs are marked synthetic."""
    @property
    def units_failed(self) -> int: ...
    @property
    def units_scored(self) -> int: ...

class UnitScore(Record):
    """The score of one unit."""

    @property
    def band(self) -> str:
        """Classification band id."""
    @property
    def band_label(self) -> str: ...
    @property
    def block(self) -> str:
        """The ranking block the unit belongs to."""
    @property
    def bonus(self) -> Decimal: ...
    @property
    def caps(self) -> list[Cap]: ...
    @property
    def carried(self) -> list[Carried]:
        """Values shown rounded but carried unrounded into the sums (`rounding.shown_only`), where the two differ."""
    @property
    def components(self) -> list[ComponentScore]: ...
    @property
    def declared_max(self) -> Decimal:
        """The group's declared rubric maximum (S2: 56 or 52)."""
    @property
    def fields(self) -> list[FieldScore]: ...
    @property
    def form(self) -> str | None: ...
    @property
    def group(self) -> str: ...
    @property
    def id(self) -> str: ...
    @property
    def index(self) -> Decimal:
        """total / max × 100 (rounded at the index stage)."""
    @property
    def index_raw(self) -> Decimal: ...
    @property
    def level(self) -> str: ...
    @property
    def max_points(self) -> Decimal:
        """Total applicable maximum (rubric max + other components' maxima)."""
    @property
    def name(self) -> str: ...
    @property
    def nodes(self) -> list[NodeScore]:
        """Every node, in tree order (pre-order), with its explanation."""
    @property
    def parent(self) -> str | None: ...
    @property
    def penalty(self) -> Decimal: ...
    @property
    def rubric_max(self) -> Decimal:
        """The rubric maximum after N/A reductions."""
    @property
    def rubric_points(self) -> Decimal: ...
    @property
    def total(self) -> Decimal:
        """Total points achieved (components + bonus − penalty, within [0, max])."""
    @property
    def warnings(self) -> list[Issue]:
        """Non-fatal observations (missing leaves or components), each with a code and a path."""

class NodeScore(Record):
    """The explanation of one node's points."""

    @property
    def appraiser(self) -> str | None: ...
    @property
    def branch(self) -> Branch | None: ...
    @property
    def caps(self) -> list[Cap]: ...
    @property
    def code(self) -> str: ...
    @property
    def depth(self) -> int: ...
    @property
    def facts(self) -> Facts | None: ...
    @property
    def history(self) -> History | None: ...
    @property
    def label(self) -> str: ...
    @property
    def leaf(self) -> bool: ...
    @property
    def legal_ref(self) -> str | None: ...
    @property
    def lost(self) -> Decimal:
        """max − points."""
    @property
    def lost_in(self) -> list[str]:
        """A parent that lost points: the codes of its children that lost points, in order."""
    @property
    def lost_reason(self) -> Literal['rule', 'appraisal', 'self_score', 'missing', 'no_evidence', 'children'] | None: ...
    @property
    def max_points(self) -> Decimal:
        """Maximum applicable to this unit (0 when excluded)."""
    @property
    def min_points(self) -> Decimal: ...
    @property
    def percentage(self) -> Decimal | None:
        """The percentage used by the rule (rounded where the rule set says so, S9)."""
    @property
    def percentage_raw(self) -> Decimal | None:
        """The unrounded percentage computed from counts."""
    @property
    def points(self) -> Decimal:
        """Final points."""
    @property
    def provenance(self) -> Literal['seed', 'decision', 'national_template', 'reconstructed']: ...
    @property
    def raw_points(self) -> Decimal:
        """Points before rounding and caps."""
    @property
    def rounded_points(self) -> Decimal:
        """Points after rounding, before caps."""
    @property
    def rule(self) -> str | None:
        """The rule kind (leaves)."""
    @property
    def source(self) -> Literal['reappraised', 'appraised', 'facts', 'self_score'] | None: ...
    @property
    def status(self) -> Literal['scored', 'sum', 'not_applicable_full', 'not_applicable_excluded', 'not_in_group', 'missing', 'not_recognised']: ...
    def text(self, lang: str | None = None) -> str:
        """How the points were computed, in words (the engine's text)."""

class ComponentScore(Record):
    """Points of one component of the total."""

    @property
    def id(self) -> str: ...
    @property
    def kind(self) -> Literal['rubric', 'external', 'survey']: ...
    @property
    def max_points(self) -> Decimal: ...
    @property
    def missing(self) -> bool:
        """Whether the value was missing (0 points)."""
    @property
    def percentage(self) -> Decimal | None: ...
    @property
    def points(self) -> Decimal: ...
    @property
    def raw_points(self) -> Decimal: ...

class FieldScore(Record):
    """A field's (top-level node's) points and sub-index."""

    @property
    def code(self) -> str: ...
    @property
    def label(self) -> str: ...
    @property
    def max_points(self) -> Decimal: ...
    @property
    def points(self) -> Decimal: ...
    @property
    def sub_index(self) -> Decimal | None:
        """points / max × 100; absent when nothing of the field applies."""

class Cap(Record):
    """A cap or floor that changed a value."""

    @property
    def before(self) -> Decimal: ...
    @property
    def cut(self) -> Decimal:
        """`before − limit`: the points the cap cut (negative where a floor raised the value)."""
    @property
    def kind(self) -> str:
        """`max`, `min`, `bonus_cap`, `penalty_cap`, `total_max`, `total_min`. On a criterion with sub-criteria, `max` is its declared cap (`capped`) and `min` its floor."""
    @property
    def limit(self) -> Decimal: ...

class Carried(Record):
    """A value whose rounding is only shown (`rounding.shown_only`): the rounded value results show, and the unrounded one carried into the sums, where the two differ."""

    @property
    def carried(self) -> Decimal:
        """As carried into the sums (unrounded)."""
    @property
    def id(self) -> str | None:
        """The component's id, for `component`."""
    @property
    def shown(self) -> Decimal:
        """As shown (rounded)."""
    @property
    def value(self) -> str:
        """`component` (with `id`), `bonus`, `penalty`, `total` or `index`."""

class Branch(Record):
    """The branch of the rule that produced a leaf's raw points."""

    @property
    def option(self) -> str | None: ...
    @property
    def rule(self) -> Literal['choice', 'met', 'band', 'zero_denominator', 'proportional', 'below_threshold', 'normalized', 'zero_best', 'count', 'outcome_ratio', 'deductions', 'survey', 'external', 'manual', 'entered']: ...
    @property
    def met(self) -> bool | None: ...
    @property
    def index(self) -> int | None: ...
    @property
    def max(self) -> Decimal | None: ...
    @property
    def max_inclusive(self) -> bool | None: ...
    @property
    def min(self) -> Decimal | None: ...
    @property
    def min_inclusive(self) -> bool | None: ...
    @property
    def full_at(self) -> Decimal | None: ...
    @property
    def inclusive(self) -> bool | None: ...
    @property
    def threshold(self) -> Decimal | None: ...
    @property
    def best(self) -> Decimal | None:
        """The best value among the units scored together (the unit's own when it is higher)."""
    @property
    def best_name(self) -> str | None:
        """The name of the unit giving the best value (`best_unit`)."""
    @property
    def best_unit(self) -> str | None:
        """The id of the unit giving the best value (the first in input order, when several do); absent when the best is this unit's own value, higher than any gathered (a unit scored against units it was not gathered with)."""
    @property
    def value(self) -> Decimal | None: ...
    @property
    def count(self) -> int | None: ...
    @property
    def points_each(self) -> Decimal | None: ...
    @property
    def parts(self) -> list[OutcomePart] | None:
        """Per outcome: id, count, percentage, weight. With `weighted_rate`, each outcome's percentage is unrounded (only the weighted rate, the node's `percentage`, is rounded)."""
    @property
    def percentage_of(self) -> Literal['each_outcome', 'weighted_rate'] | None:
        """The rule's reading (C7, S9); absent for `each_outcome`."""
    @property
    def start(self) -> Decimal | None: ...
    @property
    def taken(self) -> list[DeductionPart] | None:
        """Per deduction: id, events, points taken off."""

class Facts(Record):
    """The facts given for a leaf (echoed in the explanation)."""

    @property
    def choice(self) -> str | None: ...
    @property
    def count(self) -> int | None: ...
    @property
    def denominator(self) -> int | None: ...
    @property
    def events(self) -> dict[str, int]: ...
    @property
    def met(self) -> bool | None: ...
    @property
    def numerator(self) -> int | None: ...
    @property
    def outcomes(self) -> dict[str, int]: ...
    @property
    def percentage(self) -> Decimal | None: ...
    @property
    def points(self) -> Decimal | None: ...
    @property
    def value(self) -> Decimal | None: ...

class History(Record):
    """The history of a leaf's values (self → appraised → the council's reviewed decision)."""

    @property
    def appraised(self) -> Decimal | None: ...
    @property
    def evidence(self) -> list[str]: ...
    @property
    def notes(self) -> list[str]: ...
    @property
    def reappraised(self) -> Decimal | None: ...
    @property
    def self(self) -> Decimal | None: ...

class OutcomePart(Record):
    @property
    def count(self) -> int: ...
    @property
    def id(self) -> str: ...
    @property
    def percentage(self) -> Decimal: ...
    @property
    def weight(self) -> Decimal: ...

class DeductionPart(Record):
    @property
    def events(self) -> int: ...
    @property
    def id(self) -> str: ...
    @property
    def points(self) -> Decimal: ...

class Issue(Record):
    """One problem found in a rule set or an input: a stable `code`, the JSON `path` it was found at (`$.nodes[2].children[0].rule.bands[1].min`), the `params` of its message (`{"choice": "x"}`) and the `message`, the registry's template of the code filled with them, in the language of the thread that made the issue ([`with_lang`]; Vietnamese by default). [`Issue::message_in`] writes it in another language."""

    @property
    def code(self) -> str: ...
    @property
    def message(self) -> str: ...
    @property
    def params(self) -> dict[str, str]:
        """The values the message names, by the names of the registry's template (every value as text), so that a program need not parse the message."""
    @property
    def path(self) -> str: ...

class UnitError(Record):
    """A unit that could not be scored, with every problem found."""

    @property
    def errors(self) -> list[Issue]: ...
    @property
    def id(self) -> str | None: ...
    @property
    def index(self) -> int:
        """Position of the unit in the batch."""

class RankBlock(Record):
    """A ranking block: departments; districts; communes of one district (S10)."""

    @property
    def block(self) -> str: ...
    @property
    def entries(self) -> list[RankEntry]: ...
    @property
    def level(self) -> str: ...
    @property
    def parent(self) -> str | None: ...

class RankEntry(Record):
    """One line of a ranking."""

    @property
    def band(self) -> str: ...
    @property
    def group(self) -> str: ...
    @property
    def id(self) -> str: ...
    @property
    def index(self) -> Decimal: ...
    @property
    def max_points(self) -> Decimal: ...
    @property
    def name(self) -> str: ...
    @property
    def note(self) -> str | None:
        """Why the unit shares a rank, or which tie-breaker separated it."""
    @property
    def rank(self) -> int:
        """Competition rank: ties share a rank and the next rank is skipped (1, 2, 2, 4)."""
    @property
    def tied(self) -> bool:
        """True when another unit of the block has the same rank."""
    @property
    def total(self) -> Decimal: ...

# --- end of generated records ---
