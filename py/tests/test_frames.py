"""DataFrames in the fact-table shape in (`score_frame`), exact decimal columns out."""

import os
import pathlib
import subprocess
import sys
from decimal import Decimal

import pytest

import parindex

import pandas as pd  # noqa: E402  (the test environment has the extra)
import pyarrow as pa  # noqa: E402

from conftest import FIXTURES

TABLES_OUT = os.environ.get("PARINDEX_TABLES_OUT")


def _same_units(a: parindex.BatchResult, b: parindex.BatchResult) -> None:
    assert a.to_dict()["units"] == b.to_dict()["units"]
    assert [(e.id, e.errors) for e in a.errors] == [(e.id, e.errors) for e in b.errors]


@pytest.mark.skipif(not TABLES_OUT, reason="scripts/test-py.sh writes the core's fact tables")
def test_read_excel_of_the_fact_table_scores_as_the_json(rs: parindex.RuleSet, example: dict) -> None:
    # The fact table the core writes for the example province, as an analyst reads it: numbers
    # are floats (81.37; 45.0 in a column with gaps), empty cells NaN.
    df = pd.read_excel(pathlib.Path(TABLES_OUT) / "facts.xlsx", sheet_name="units")
    assert any(t.kind == "f" for t in df.dtypes)
    framed = rs.score_frame(df, floats="shortest")
    assert framed.errors == []
    _same_units(framed, rs.score(example))
    assert framed.ranking == rs.score(example).ranking


@pytest.mark.skipif(not TABLES_OUT, reason="scripts/test-py.sh writes the core's fact tables")
def test_read_csv_as_text_is_exact_without_a_float_policy(rs: parindex.RuleSet, example: dict) -> None:
    df = pd.read_csv(pathlib.Path(TABLES_OUT) / "facts.csv", dtype=str, keep_default_na=False)
    framed = rs.score_frame(df)
    assert framed.errors == []
    _same_units(framed, rs.score(example))


def test_whole_floats_are_exact_and_other_floats_refuse_their_row_only(rs: parindex.RuleSet) -> None:
    df = pd.DataFrame(
        {
            "id": ["so_a", "so_b", "so_c", "so_d"],
            "name": ["Sở A", "Sở B", "Sở C", "Sở D"],
            "group": ["department"] * 4,
            # An integer column with a gap: float64, 180.0.
            "3.3.3.numerator": [180, None, 12, 180],
            "3.3.3.denominator": [200, None, 20, 200],
            "1.1.2.percentage": [Decimal("90.25"), 81.37, "92.8", 90.0],
        }
    )
    assert df["3.3.3.numerator"].dtype.kind == "f"
    r = rs.score_frame(df)
    assert [u.id for u in r.units] == ["so_a", "so_c", "so_d"]
    node = next(n for n in r.unit("so_a").nodes if n.code == "3.3.3")
    assert node.percentage == Decimal("90.00")  # 180/200 from 180.0 exactly (S9)
    (bad,) = r.errors
    assert bad.id == "so_b"
    issue = bad.errors[0]
    assert issue.code == "input.inexact_float"
    assert issue.path == '$.units[1].items["1.1.2"].percentage'
    assert issue.message.startswith("dòng 3, cột 1.1.2.percentage: ")
    # As spreadsheet data, 81.37 is the decimal 81.37.
    r2 = rs.score_frame(df, floats="shortest")
    assert r2.errors == []
    assert next(n for n in r2.unit("so_b").nodes if n.code == "1.1.2").percentage == Decimal("81.37")
    # Beyond 15 significant digits a float was computed, not typed: refused even then.
    df.loc[1, "1.1.2.percentage"] = 0.1 + 0.2
    (bad,) = rs.score_frame(df, floats="shortest").errors
    assert bad.errors[0].code == "input.cell_too_precise"
    with pytest.raises(parindex.InputError) as e:  # an InputError is a ValueError
        rs.score_frame(df, floats="nearest")
    assert (e.value.code, e.value.path) == ("input.invalid_type", "$.floats")


def test_a_header_that_is_not_the_fact_tables_raises(rs: parindex.RuleSet) -> None:
    with pytest.raises(parindex.InputError) as info:
        rs.score_frame(pd.DataFrame({"id": ["a"], "name": ["A"], "group": ["department"], "3.3.3.bogus": [1]}))
    assert info.value.code == "input.unknown_column"


def test_title_and_synthetic_of_a_fact_table_frame_are_the_batchs(rs: parindex.RuleSet) -> None:
    """Regression: `score_frame(df, title=..., synthetic=True)` of a fact table raised TypeError;
    they are the batch's, and the receipt says whether the data are synthetic."""
    df = pd.DataFrame({"id": ["so_a"], "name": ["Sở A"], "group": ["department"], "3.3.3.numerator": [180], "3.3.3.denominator": [200]})
    assert rs.score_frame(df).receipt.synthetic is False
    r = rs.score_frame(df, title="Số liệu thử", synthetic=True)
    assert r.receipt.synthetic is True
    assert [u.id for u in r.units] == ["so_a"]
    assert rs.score_frame(df, title="Số liệu thử").receipt.synthetic is False


def test_the_long_format_still_scores_with_a_deprecation_warning(rs: parindex.RuleSet) -> None:
    facts = pd.DataFrame([{"unit": "a", "name": "A", "group": "department", "code": "1.1.2", "field": "percentage", "value": "92.8"}])
    with pytest.warns(DeprecationWarning, match="score_long_frame"):
        r = rs.score_frame(facts)
    assert [u.id for u in r.units] == ["a"]


def test_result_frames_have_exact_decimal_columns_pandas_computes_with(rs: parindex.RuleSet, example: dict) -> None:
    result = rs.score(example)
    df = result.to_pandas()
    assert isinstance(df["index"].dtype, pd.ArrowDtype)
    assert pa.types.is_decimal(df["index"].dtype.pyarrow_dtype)
    indexes = [u.index for u in result.units]
    # Every value held exactly.
    assert [Decimal(str(v)) for v in df["index"].tolist()] == indexes
    mean = df["index"].mean()
    assert not isinstance(mean, float)
    exact = sum(indexes) / len(indexes)
    assert abs(Decimal(str(mean)) - exact) < Decimal(10) ** -df["index"].dtype.pyarrow_dtype.scale
    assert Decimal(str(df["total"].sum())) == sum(u.total for u in result.units)
    top = df.sort_values("index", ascending=False).iloc[0]
    assert Decimal(str(top["index"])) == max(indexes)
    by_group = df.groupby("group")["total"].sum()
    for g, total in by_group.items():
        assert Decimal(str(total)) == sum(u.total for u in result.units if u.group == g)
    assert Decimal(str(df["index"].max())) == max(indexes)
    long = result.to_pandas(long=True)
    assert isinstance(long["points"].dtype, pd.ArrowDtype)
    assert isinstance(result.ranking.to_pandas()["index"].dtype, pd.ArrowDtype)


def test_without_pyarrow_decimal_columns_are_objects_of_decimal() -> None:
    code = """
import sys
sys.modules["pyarrow"] = None  # as if pyarrow were not installed
from decimal import Decimal
import parindex
r = parindex.RuleSet.builtin().score(parindex.example_province())
df = r.to_pandas()
assert df["index"].dtype == object, df["index"].dtype
assert all(type(v) is Decimal for v in df["index"])
# pandas sums Decimal objects exactly (its mean of them is a float: the fallback's documented limit).
assert df["index"].sum() == sum(u.index for u in r.units)
assert type(df["index"].sum()) is Decimal
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr


def test_criteria_is_the_rubric_of_the_definition_with_exact_points(rs: parindex.RuleSet) -> None:
    df = rs.criteria()
    definition = rs.to_dict()
    # One row per level and node, in the rule set's order.
    expected = []

    def walk(level: str, nodes: list, parent: object, field: object) -> None:
        for n in nodes:
            expected.append((level, n["code"], parent, field or n["code"], n["max_points"]))
            walk(level, n.get("children", []), n["code"], field or n["code"])

    for level in definition["levels"]:
        walk(level["id"], level["nodes"], None, None)
    got = list(zip(df["level"], df["code"], df["parent"], df["field"], df["max_points"]))
    assert [(lv, c, p if isinstance(p, str) else None, f) for lv, c, p, f, _ in got] == [e[:4] for e in expected]
    assert isinstance(df["max_points"].dtype, pd.ArrowDtype)
    assert pa.types.is_decimal(df["max_points"].dtype.pyarrow_dtype)
    assert [Decimal(str(v)) for v in df["max_points"]] == [e[4] for e in expected]
    dept = df[(df["level"] == "department") & (df["depth"] == 1)]
    # The fields of a department sum to its rubric's maximum of the 56-point group (S2).
    assert Decimal(str(dept["max_points"].sum())) == Decimal(56)
    row = df[(df["level"] == "department") & (df["code"] == "1.1.1")].iloc[0]
    assert row["label_vi"] == "Ban hành kế hoạch CCHC năm của cơ quan"
    assert row["rule"] == "choice" and row["field"] == "1" and row["parent"] == "1.1" and row["depth"] == 3
    assert Decimal(str(row["min_points"])) == Decimal(-1)  # C8: a negative minimum
    assert list(row["evidence"]) == ["Kế hoạch năm 2019 đã ban hành (văn bản, số, ngày ban hành)"]
    assert set(row["groups"]) == {"department", "department_52"}
    # 3.3.3 applies to the 56-point group only (S2).
    only56 = df[(df["level"] == "department") & (df["code"] == "3.3.3")].iloc[0]
    assert list(only56["groups"]) == ["department"]
    assert pd.isna(df[(df["level"] == "department") & (df["code"] == "1")].iloc[0]["rule"])
    # Its lists are Arrow list columns, as the node frame's are.
    assert df["groups"].dtype == pd.ArrowDtype(pa.list_(pa.string()))
    assert df["evidence"].dtype == pd.ArrowDtype(pa.list_(pa.string()))


def test_a_missing_value_is_none_in_every_row_of_an_object_column(rs: parindex.RuleSet, example: dict) -> None:
    # Each frame's rows are the engine's records with every field: a value a row lacks is None,
    # whether the record left the field out or had it empty (not NaN for one and None for the other).
    long = rs.score(example).to_pandas(long=True)
    met = long["facts.met"]
    assert met.dtype == object
    assert all(v is None or type(v) is bool for v in met)
    assert any(v is None for v in met) and any(v is True for v in met)


def test_to_polars_has_exact_pl_decimal_columns(rs: parindex.RuleSet, example: dict) -> None:
    import polars as pl

    result = rs.score(example)
    df = result.to_polars()
    indexes = [u.index for u in result.units]
    assert isinstance(df.schema["index"], pl.Decimal)
    assert df["id"].to_list() == [u.id for u in result.units]
    assert df["index"].to_list() == indexes  # every value held exactly, as Decimal
    assert all(type(v) is Decimal for v in df["index"].to_list())
    # Sums, maxima, group sums and a mean computed as a sum over the count stay decimals.
    assert df["total"].sum() == sum(u.total for u in result.units)
    assert type(df["total"].sum()) is Decimal and df["index"].max() == max(indexes)
    mean = df.select(pl.col("index").sum() / pl.len()).item()
    assert type(mean) is Decimal
    assert abs(mean - sum(indexes) / len(indexes)) < Decimal("0.01")
    by_group = dict(df.group_by("group").agg(pl.col("total").sum()).iter_rows())
    for g, total in by_group.items():
        assert total == sum(u.total for u in result.units if u.group == g)
    assert df.sort("index", descending=True)["index"][0] == max(indexes)
    # The same columns as the pandas frame, the component points decimals too.
    assert df.columns == list(result.to_pandas().columns)
    assert isinstance(df.schema["component.survey"], pl.Decimal)
    long = result.to_polars(long=True)
    assert long.height == sum(len(u.nodes) for u in result.units)
    assert isinstance(long.schema["points"], pl.Decimal)
    assert long["points"].to_list() == [n.points for u in result.units for n in u.nodes]
    ranking = result.ranking.to_polars()
    assert isinstance(ranking.schema["index"], pl.Decimal)
    assert ranking["id"].to_list() == [e.id for b in result.ranking for e in b.entries]


def test_pandas_mean_of_an_arrow_decimal_column_is_a_decimal(rs: parindex.RuleSet, example: dict) -> None:
    result = rs.score(example)
    df = result.to_pandas()
    mean = df["index"].mean()
    assert type(mean) is Decimal  # not a float: Arrow computes it in decimals
    indexes = [u.index for u in result.units]
    assert abs(mean - sum(indexes) / len(indexes)) < Decimal(10) ** -df["index"].dtype.pyarrow_dtype.scale


def test_the_long_frame_has_each_nodes_branch_facts_and_history(rs: parindex.RuleSet, example: dict) -> None:
    # Regression: branch, facts and history were 100% empty in the long frame.
    result = rs.score(example)
    long = result.to_pandas(long=True)
    nodes = [n for u in result.units for n in u.nodes]
    assert len(long) == len(nodes)

    def present(v: object) -> object:
        return None if v is None or v is pd.NA or (isinstance(v, float) and v != v) else v

    leaves = 0
    histories = 0
    for n, (_, row) in zip(nodes, long.iterrows()):
        assert row["code"] == n.code
        assert present(row["branch"]) == (n.branch.rule if n.branch is not None else None)
        assert present(row["facts"]) == (n.facts.to_dict() if n.facts is not None else None)
        assert present(row["history"]) == (n.history.to_dict() if n.history is not None else None)
        if n.branch is not None:
            leaves += 1
            for k, v in n.branch.to_dict().items():
                if k != "rule" and not isinstance(v, list):
                    assert present(row[f"branch.{k}"]) == v, (n.code, k)
        if n.facts is not None:
            for k, v in n.facts.to_dict().items():
                if v is not None and not isinstance(v, dict):
                    assert present(row[f"facts.{k}"]) == v, (n.code, k)
        if n.history is not None:
            histories += 1
            h = n.history.to_dict()
            assert present(row["history.self"]) == h.get("self")
            assert list(row["history.evidence"]) == h.get("evidence", [])
    assert leaves > len(nodes) / 2 and histories > 0
    assert long["branch"].notna().sum() == leaves
    # The values a rule compared stay exact decimals: a band's bounds, the facts' percentage, the
    # self score.
    for column in ("branch.min", "facts.percentage", "history.self"):
        assert isinstance(long[column].dtype, pd.ArrowDtype), column
        assert pa.types.is_decimal(long[column].dtype.pyarrow_dtype), column
    three = long[(long["unit"] == "so_noi_vu") & (long["code"] == "3.3.3")].iloc[0]
    node = result.unit("so_noi_vu").nodes
    n333 = next(n for n in node if n.code == "3.3.3")
    assert three["facts.numerator"] == n333.facts.numerator and three["facts.denominator"] == n333.facts.denominator
    assert long is not None and "branch.rule" not in long.columns


def _no_pandas(monkeypatch: pytest.MonkeyPatch) -> None:
    import parindex._pandas as helpers

    def refuse() -> None:
        raise AssertionError("Arrow data went through pandas")

    monkeypatch.setattr(helpers, "_pd", refuse)


def test_arrow_table_scores_column_by_column_without_pandas_decimals_exact(
    rs: parindex.RuleSet, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A pyarrow Table (PyCapsule interface): a decimal128 column read exactly, a float column
    under the `floats=` policy, a null an absent fact; the same scores as the JSON batch."""
    table = pa.table(
        {
            "id": ["so_a", "so_b"],
            "name": ["Sở A", "Sở B"],
            "group": ["department", "department"],
            "3.3.3.numerator": pa.array([180, None], pa.int64()),
            "3.3.3.denominator": pa.array([200, None], pa.int64()),
            "1.1.2.percentage": pa.array([Decimal("90.25"), Decimal("81.37")], pa.decimal128(5, 2)),
            "component:survey.percentage": pa.array([81.37, 90.0], pa.float64()),
        }
    )
    _no_pandas(monkeypatch)
    as_json = {
        "format_version": 1,
        "units": [
            {
                "id": "so_a",
                "name": "Sở A",
                "group": "department",
                "items": {"3.3.3": {"numerator": 180, "denominator": 200}, "1.1.2": {"percentage": "90.25"}},
                "components": {"survey": {"percentage": "81.37"}},
            },
            {
                "id": "so_b",
                "name": "Sở B",
                "group": "department",
                "items": {"1.1.2": {"percentage": "81.37"}},
                "components": {"survey": {"percentage": "90"}},
            },
        ],
    }
    r = rs.score_frame(table, floats="shortest")
    assert r.errors == []
    _same_units(r, rs.score(as_json))
    # Under the default policy a non-whole float refuses its row only; 90.0 is 90 exactly.
    exact = rs.score_frame(table)
    assert [u.id for u in exact.units] == ["so_b"]
    (bad,) = exact.errors
    assert (bad.id, bad.errors[0].code) == ("so_a", "input.inexact_float")
    assert bad.errors[0].path == '$.units[0].components.survey.percentage'


def test_polars_frame_scores_through_the_arrow_interface(rs: parindex.RuleSet, monkeypatch: pytest.MonkeyPatch) -> None:
    pl = pytest.importorskip("polars")
    df = pl.DataFrame(
        {
            "id": ["so_a"],
            "name": ["Sở A"],
            "group": ["department"],
            "3.3.3.numerator": [180],
            "3.3.3.denominator": [200],
            "1.1.2.percentage": pl.Series([Decimal("92.8")], dtype=pl.Decimal(5, 1)),
        }
    )
    _no_pandas(monkeypatch)
    r = rs.score_frame(df, title="polars", synthetic=True)
    assert r.errors == [] and r.receipt.synthetic is True
    node = next(n for n in r.unit("so_a").nodes if n.code == "1.1.2")
    want = rs.score({"format_version": 1, "units": [{"id": "so_a", "name": "Sở A", "group": "department", "items": {"1.1.2": {"percentage": "92.8"}, "3.3.3": {"numerator": 180, "denominator": 200}}}]})
    assert node.to_dict() == next(n for n in want.unit("so_a").nodes if n.code == "1.1.2").to_dict()
    assert r.unit("so_a").total == want.unit("so_a").total


def _capped() -> parindex.BatchResult:
    # S2: criterion 1 of u1 is capped at 7 while its sub-criteria give 7.50.
    case = FIXTURES / "conformance" / "s2-parent-cap-below-children-sum"
    return parindex.RuleSet.from_file(case / "ruleset.json").score(case / "input.json")


CAP = {"kind": "max", "limit": Decimal("7"), "before": Decimal("7.50"), "cut": Decimal("0.50")}


def test_the_long_frame_has_each_nodes_caps_and_lost_in_exact(rs: parindex.RuleSet, example: dict) -> None:
    # Regression: the long frame had no column for the node's lists `caps` and `lost_in`.
    result = _capped()
    node = result.unit("u1").nodes[0]
    assert node.code == "1" and [c.to_dict() for c in node.caps] == [CAP]
    long = result.to_pandas(long=True)
    row = long[(long["unit"] == "u1") & (long["code"] == "1")].iloc[0]
    assert row["caps"] == [CAP]
    assert {k: type(v) for k, v in row["caps"][0].items()} == {"kind": str, "limit": Decimal, "before": Decimal, "cut": Decimal}
    caps = long["caps"].dtype
    assert isinstance(caps, pd.ArrowDtype) and pa.types.is_list(caps.pyarrow_dtype)
    cap = caps.pyarrow_dtype.value_type
    assert pa.types.is_struct(cap) and pa.types.is_decimal(cap.field("cut").type)
    # Every node has its list, empty where nothing capped it.
    uncapped = long[(long["unit"] == "u1") & (long["code"] == "1.1")].iloc[0]
    assert list(uncapped["caps"]) == [] and list(uncapped["lost_in"]) == []
    # A parent that lost points: the children it lost them in (so_noi_vu, example province).
    example_long = rs.score(example).to_pandas(long=True)
    # Every field of a node (the result schema's NodeScore) has its column.
    fields = parindex.schema("result")["$defs"]["NodeScore"]["properties"]
    assert set(fields) <= set(example_long.columns), set(fields) - set(example_long.columns)
    explained = rs.explain(example, "so_noi_vu")
    losing = [n for n in explained.nodes if n.lost_in]
    assert losing
    for n in losing:
        r = example_long[(example_long["unit"] == "so_noi_vu") & (example_long["code"] == n.code)].iloc[0]
        assert list(r["lost_in"]) == n.lost_in and n.lost_in
    lost_in = example_long["lost_in"].dtype
    assert isinstance(lost_in, pd.ArrowDtype) and pa.types.is_string(lost_in.pyarrow_dtype.value_type)
    # C7, C8: the outcomes' and deductions' lists of a branch, decimals exact.
    tnmt = example_long[(example_long["unit"] == "so_tnmt")].set_index("code")
    assert list(tnmt.loc["1.2", "branch.taken"]) == [
        {"id": "bao_cao_tre_han", "events": 2, "points": Decimal("0.50")},
        {"id": "thieu_bao_cao_quy", "events": 1, "points": Decimal("0.5")},
    ]
    parts = tnmt.loc["1.4.2", "branch.parts"]
    assert [p["id"] for p in parts] == ["da_xu_ly", "dang_xu_ly"] and type(parts[0]["percentage"]) is Decimal


def test_the_long_polars_frame_has_caps_and_lost_in_as_lists_exact() -> None:
    pl = pytest.importorskip("polars")
    long = _capped().to_polars(long=True)
    assert isinstance(long.schema["caps"], pl.List) and isinstance(long.schema["lost_in"], pl.List)
    cap = long.schema["caps"].inner
    assert isinstance(cap, pl.Struct) and isinstance(dict(cap.to_schema())["cut"], pl.Decimal)
    row = long.filter((pl.col("unit") == "u1") & (pl.col("code") == "1")).row(0, named=True)
    assert row["caps"] == [CAP]
    assert type(row["caps"][0]["cut"]) is Decimal


def test_without_pyarrow_the_long_frames_lists_are_python_lists_of_decimals() -> None:
    case = FIXTURES / "conformance" / "s2-parent-cap-below-children-sum"
    code = f"""
import pathlib
import sys
sys.modules["pyarrow"] = None  # as if pyarrow were not installed
from decimal import Decimal
import parindex
case = pathlib.Path({str(case)!r})
long = parindex.RuleSet.from_file(case / "ruleset.json").score(case / "input.json").to_pandas(long=True)
row = long[(long["unit"] == "u1") & (long["code"] == "1")].iloc[0]
assert long["caps"].dtype == object, long["caps"].dtype
assert row["caps"] == [{{"kind": "max", "limit": Decimal("7"), "before": Decimal("7.50"), "cut": Decimal("0.50")}}], row["caps"]
assert type(row["caps"][0]["cut"]) is Decimal
assert isinstance(row["lost_in"], list)
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
