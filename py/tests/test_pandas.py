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
    # Without the explanations: the same totals and ranking, no node kept.
    lean = rs.score_long_frame(facts, units, title=example.get("title"), synthetic=True, keep_nodes=False)
    assert all(u.nodes == [] for u in lean.units) and any(u.nodes for u in framed.units)
    assert [u.index for u in lean.units] == [u.index for u in framed.units]
    assert lean.ranking == framed.ranking


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


def test_float_values_in_a_frame_refuse_their_unit(rs: parindex.RuleSet) -> None:
    facts = pd.DataFrame(
        [
            {"unit": "a", "code": "1.3.1", "field": "met", "value": True},
            {"unit": "b", "code": "1.1.2", "field": "percentage", "value": 92.8},
        ]
    )
    units = pd.DataFrame([{"id": "a", "name": "A", "group": "department"}, {"id": "b", "name": "B", "group": "department"}])
    result = rs.score_long_frame(facts, units)
    assert [u.id for u in result.units] == ["a"]
    (error,) = result.errors
    assert error.id == "b"
    (issue,) = error.errors
    assert issue.code == "input.inexact_float"
    assert issue.path == "$.facts[1].value"
    assert issue.message.startswith("số thực float 92.8 là giá trị xấp xỉ nhị phân")


def test_frame_shape_errors(rs: parindex.RuleSet) -> None:
    with pytest.raises(parindex.InputError) as info:
        rs.score_long_frame(pd.DataFrame([{"unit": "a", "code": "1.1"}]))
    assert info.value.code == "input.frame_columns"
    assert info.value.path == "$.facts"
    assert "bảng dữ kiện (mỗi dòng một dữ kiện) không có cột `field`, `value`" in str(info.value)
    with pytest.raises(parindex.InputError) as info:
        rs.score_long_frame(pd.DataFrame([{"unit": "a", "code": "1.3.1", "field": "met", "value": True}]), pd.DataFrame([{"name": "A"}]))
    assert info.value.code == "input.frame_columns"
    assert info.value.path == "$.units_table"
    parindex.set_lang("en")
    try:
        with pytest.raises(parindex.InputError) as info:
            rs.score_long_frame(pd.DataFrame([{"unit": "a", "code": "1.1"}]))
    finally:
        parindex.set_lang("vi")
    assert info.value.code == "input.frame_columns"
    assert info.value.errors[0]["message"] == (
        "the facts table (one fact per row) has no column `field`, `value`: it needs the columns "
        "`unit`, `code`, `field` and `value`, and may have `section`"
    )


def _department_units(*ids: str) -> Any:
    return pd.DataFrame([{"id": i, "name": i.upper(), "group": "department"} for i in ids])


def test_a_fact_given_twice_refuses_its_unit_only(rs: parindex.RuleSet) -> None:
    rows = [
        {"unit": "a", "code": "1.3.1", "field": "met", "value": True},
        {"unit": "b", "code": "1.3.1", "field": "met", "value": True},
        {"unit": "b", "code": "1.3.1", "field": "met", "value": False},
    ]
    result = rs.score_long_frame(pd.DataFrame(rows), _department_units("a", "b"))
    assert [u.id for u in result.units] == ["a"]
    (error,) = result.errors
    assert (error.index, error.id) == (1, "b")
    (issue,) = error.errors
    assert (issue.code, issue.path) == ("input.frame_duplicate", "$.facts[2]")
    assert issue.message == (
        "đơn vị `b` được nhập `met` của `1.3.1` hai lần, lần đầu tại $.facts[1]: mỗi dữ kiện chỉ được nhập một lần"
    )
    assert issue.params == {"unit": "`b`", "field": "`met`", "code": "`1.3.1`", "first": "1"}
    parindex.set_lang("en")
    try:
        english = rs.score_long_frame(pd.DataFrame(rows), _department_units("a", "b"))
    finally:
        parindex.set_lang("vi")
    assert english.errors[0].errors[0].message == (
        "unit `b` is given `met` of `1.3.1` twice, first at $.facts[1]: a fact is given once"
    )
    # The other unit is scored as in a batch without the refused one.
    alone = rs.score_long_frame(pd.DataFrame(rows[:1]), _department_units("a"))
    assert result.to_dict()["units"] == alone.to_dict()["units"]
    assert result.ranking == alone.ranking


def test_an_unknown_section_refuses_its_unit_only(rs: parindex.RuleSet, example: dict) -> None:
    facts, units = facts_frames(example)
    last = example["units"][-1]["id"]
    bad = pd.DataFrame([{"unit": last, "section": "criteria", "code": "1.3.1", "field": "met", "value": True}])
    result = rs.score_long_frame(pd.concat([facts, bad], ignore_index=True), units)
    (error,) = result.errors
    assert error.id == last
    (issue,) = error.errors
    assert (issue.code, issue.path) == ("input.frame_section", f"$.facts[{len(facts)}].section")
    assert issue.message == "phần `criteria` không phải `items` (tiêu chí) hay `components` (thành phần)"
    parindex.set_lang("en")
    try:
        english = rs.score_long_frame(pd.concat([facts, bad], ignore_index=True), units)
    finally:
        parindex.set_lang("vi")
    assert english.errors[0].errors[0].message == "section `criteria` is neither `items` nor `components`"
    # Every other unit scores as in the JSON batch without the refused one.
    without = dict(example, units=example["units"][:-1])
    direct = rs.score(without)
    assert result.to_dict()["units"] == direct.to_dict()["units"]
    assert result.ranking == direct.ranking


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
