"""DataFrames (the optional `pandas` extra): results out, long-format facts in."""

import subprocess
import sys
from decimal import Decimal
from typing import Any, Dict, List

import pytest

import parindex

import pandas as pd  # noqa: E402  (the test environment has the extra)


def facts_frames(batch: Dict[str, Any]) -> "tuple[Any, Any]":
    """A batch → (long facts, units table): the shape an officer's spreadsheet export has."""
    rows: List[Dict[str, Any]] = []
    units: List[Dict[str, Any]] = []
    for u in batch["units"]:
        units.append({k: v for k, v in u.items() if k not in ("items", "components")})
        for code, item in u.get("items", {}).items():
            for field, value in item.items():
                if isinstance(value, dict):
                    for key, v in value.items():
                        rows.append({"unit": u["id"], "code": code, "field": f"{field}.{key}", "value": v})
                elif isinstance(value, list):
                    for v in value:
                        rows.append({"unit": u["id"], "code": code, "field": field, "value": v})
                else:
                    rows.append({"unit": u["id"], "code": code, "field": field, "value": value})
        for cid, comp in u.get("components", {}).items():
            for field, value in comp.items():
                rows.append({"unit": u["id"], "section": "components", "code": cid, "field": field, "value": value})
    return pd.DataFrame(rows), pd.DataFrame(units)


def test_round_trip_through_a_long_frame(rs: parindex.RuleSet, example: dict) -> None:
    facts, units = facts_frames(example)
    assert len(facts) > 1000
    direct = rs.score(example)
    framed = rs.score_long_frame(facts, units, title=example.get("title"), synthetic=True)
    assert framed.errors == []
    assert framed.to_dict()["units"] == direct.to_dict()["units"]
    assert framed.ranking == direct.ranking


def test_unit_attributes_may_be_columns_of_the_facts(rs: parindex.RuleSet) -> None:
    facts = pd.DataFrame(
        [
            {"unit": "a", "name": "A", "group": "department", "code": "1.1.2", "field": "percentage", "value": "92.8"},
            {"unit": "a", "name": "A", "group": "department", "code": "1.3.1", "field": "met", "value": True},
            {"unit": "b", "name": "B", "group": "department", "code": "1.1.2", "field": "percentage", "value": Decimal("40")},
            {"unit": "b", "name": "B", "group": "department", "code": "1.3.1", "field": "met", "value": None},
        ]
    )
    result = rs.score_long_frame(facts)
    assert [u.id for u in result.units] == ["a", "b"]
    b = result.unit("b")
    assert next(n for n in b.nodes if n.code == "1.3.1").status == "missing"


def test_float_values_in_a_frame_are_refused(rs: parindex.RuleSet) -> None:
    facts = pd.DataFrame([{"unit": "a", "code": "1.1.2", "field": "percentage", "value": 92.8}])
    units = pd.DataFrame([{"id": "a", "name": "A", "group": "department"}])
    with pytest.raises(parindex.InputError) as info:
        rs.score_long_frame(facts, units)
    assert info.value.code == "input.float"
    assert info.value.path == '$.units[0].items["1.1.2"].percentage'


def test_frame_shape_errors(rs: parindex.RuleSet) -> None:
    with pytest.raises(parindex.InputError) as info:
        rs.score_long_frame(pd.DataFrame([{"unit": "a", "code": "1.1"}]))
    assert info.value.code == "input.frame_columns"
    dup = pd.DataFrame([{"unit": "a", "code": "1.3.1", "field": "met", "value": v} for v in (True, False)])
    with pytest.raises(parindex.InputError) as info:
        rs.score_long_frame(dup)
    assert info.value.code == "input.frame_duplicate"


def test_units_frame(rs: parindex.RuleSet, example: dict) -> None:
    result = rs.score(example)
    df = result.to_pandas()
    assert len(df) == len(result.units)
    assert list(df["id"]) == [u.id for u in result.units]
    first = result.units[0]
    row = df.iloc[0]
    assert row["index"] == first.index and type(row["index"]) is Decimal
    assert type(row["total"]) is Decimal
    assert row["rank"] == next(e.rank for b in result.ranking for e in b.entries if e.id == first.id)
    for c in first.components:
        assert row[f"component.{c.id}"] == c.points
    for f in first.fields:
        assert row[f"field.{f.code}"] == f.points


def test_nodes_frame(rs: parindex.RuleSet, example: dict) -> None:
    result = rs.score(example)
    df = result.to_pandas(long=True)
    assert len(df) == sum(len(u.nodes) for u in result.units)
    assert df.equals(result.nodes_to_pandas())
    first = result.units[0]
    rows = df[df["unit"] == first.id]
    assert list(rows["code"]) == [n.code for n in first.nodes]
    assert list(rows["points"]) == [n.points for n in first.nodes]
    assert all(type(p) is Decimal for p in df["points"])


def test_ranking_frame(rs: parindex.RuleSet, example: dict) -> None:
    ranking = rs.score(example).ranking
    df = ranking.to_pandas()
    assert len(df) == sum(len(b.entries) for b in ranking)
    assert set(df["block"]) == {b.block for b in ranking}
    assert all(type(i) is Decimal for i in df["index"])


def test_import_works_without_pandas_and_methods_name_the_extra() -> None:
    code = """
import sys
sys.modules["pandas"] = None  # as if pandas were not installed
import parindex
rs = parindex.RuleSet.builtin()
r = rs.score(parindex.example_province())
assert r.units[0].index
for call in (r.to_pandas, r.nodes_to_pandas, r.ranking.to_pandas, lambda: rs.score_frame(None)):
    try:
        call()
    except ImportError as e:
        assert "parindex[pandas]" in str(e), e
    else:
        raise AssertionError("no ImportError")
print("ok")
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"
