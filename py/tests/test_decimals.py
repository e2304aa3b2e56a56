"""Exact numbers: every point, percentage and index is a Decimal, counts are ints, no float anywhere."""

from decimal import Decimal
from typing import Any, Iterator, Tuple

import parindex

from conftest import FIXTURES, unit

DECIMAL_FIELDS = {
    "UnitScore": ["declared_max", "rubric_max", "rubric_points", "bonus", "penalty", "total", "max_points", "index", "index_raw"],
    "NodeScore": ["max_points", "min_points", "raw_points", "rounded_points", "points", "lost"],
    "ComponentScore": ["max_points", "raw_points", "points"],
    "FieldScore": ["points", "max_points"],
    "RankEntry": ["index", "total", "max_points"],
}


def walk(value: Any, path: str = "$") -> Iterator[Tuple[str, Any]]:
    yield path, value
    if isinstance(value, dict):
        for k, v in value.items():
            yield from walk(v, f"{path}.{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from walk(v, f"{path}[{i}]")


def test_no_float_anywhere_in_a_result(rs: parindex.RuleSet, example: dict) -> None:
    d = rs.score(example).to_dict()
    floats = [p for p, v in walk(d) if isinstance(v, float)]
    assert not floats
    decimals = [p for p, v in walk(d) if isinstance(v, Decimal)]
    assert len(decimals) > 1000


def test_decimal_fields_are_decimals(rs: parindex.RuleSet, example: dict) -> None:
    result = rs.score(example)
    for u in result.units:
        for f in DECIMAL_FIELDS["UnitScore"]:
            assert type(getattr(u, f)) is Decimal, f
        for n in u.nodes:
            for f in DECIMAL_FIELDS["NodeScore"]:
                assert type(getattr(n, f)) is Decimal, f
            assert n.percentage is None or type(n.percentage) is Decimal
            assert type(n.depth) is int
            assert type(n.code) is str  # "1.1" is a code, not a number
            if n.facts is not None:
                for count in ("numerator", "denominator", "count"):
                    v = getattr(n.facts, count)
                    assert v is None or type(v) is int
        for c in u.components:
            for f in DECIMAL_FIELDS["ComponentScore"]:
                assert type(getattr(c, f)) is Decimal
        for fs in u.fields:
            for f in DECIMAL_FIELDS["FieldScore"]:
                assert type(getattr(fs, f)) is Decimal
    for b in result.ranking:
        for e in b.entries:
            assert type(e.rank) is int
            for f in DECIMAL_FIELDS["RankEntry"]:
                assert type(getattr(e, f)) is Decimal


def test_decimals_keep_their_scale(rs: parindex.RuleSet) -> None:
    """S9: percentage first, rounded half-up to 2 places; 57.5% of 1 point is 0.575 → 0.58."""
    u = rs.score_unit(unit(**{"1.5": {"numerator": 23, "denominator": 40}}))
    node = next(n for n in u.nodes if n.code == "1.5")
    assert node.percentage == Decimal("57.50") and str(node.percentage) == "57.50"
    assert node.facts.numerator == 23 and node.facts.denominator == 40
    assert str(u.index) == format(u.index, "f")
    assert u.index.as_tuple().exponent == -2


def test_the_float_trap_does_not_happen() -> None:
    """S9: 23 of 40 on time = 57.50%; 1 point × 57.50 / 100 = 0.575 → 0.58 half-up. Binary floats
    hold 0.575 as 0.57499… and give 0.57."""
    assert round(1 * 57.5 / 100, 2) == 0.57  # the float way, wrong
    rs = parindex.RuleSet.from_file(FIXTURES / "conformance" / "s9-percentage-first-half-up" / "ruleset.json")
    u = {"id": "u1", "name": "U1", "group": rs.to_dict()["groups"][0]["id"], "items": {"1.1": {"numerator": 23, "denominator": 40}}}
    node = next(n for n in rs.score_unit(u).nodes if n.code == "1.1")
    assert node.percentage == Decimal("57.50")
    assert node.raw_points == Decimal("0.575")
    assert node.points == Decimal("0.58") and str(node.points) == "0.58"


def test_inputs_accept_decimal_int_and_str_alike(rs: parindex.RuleSet) -> None:
    def score(v: Any) -> Any:
        return rs.score_unit(unit(**{"1.1.2": {"percentage": v}})).to_dict()

    assert score(Decimal("80")) == score("80") == score(80)
    assert score(Decimal("8E+1")) == score("80")


def test_json_and_python_agree(rs: parindex.RuleSet, example: dict) -> None:
    import json

    result = rs.score(example)
    engine = json.loads(result.to_json())
    assert engine["units"][0]["index"] == format(result.units[0].index, "f")
    assert json.loads(result.units[0].to_json())["index"] == engine["units"][0]["index"]
    assert json.loads(result.to_json(indent=2)) == engine


def test_rule_set_definitions_are_exact_at_every_depth(rs: parindex.RuleSet) -> None:
    seen = 0
    for path, v in walk(rs.to_dict()):
        if path.endswith(".max_points"):
            assert type(v) is Decimal, path
            seen += 1
    assert seen > 50
    assert not [p for p, v in walk(rs.to_dict()) if isinstance(v, float)]
