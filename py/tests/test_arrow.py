"""Arrow data in the fact-table shape (`score_frame` of a pyarrow Table, a polars DataFrame): read
by the engine in place through the Arrow C stream interface, with the same cells, codes and
per-row refusals as a CSV file of the same table."""

import os
import pathlib
import re
import tracemalloc
from decimal import Decimal
from typing import Any, Dict, List

import pytest

import parindex

pa = pytest.importorskip("pyarrow")
pl = pytest.importorskip("polars")

TABLES_OUT = os.environ.get("PARINDEX_TABLES_OUT")
needs_tables = pytest.mark.skipif(not TABLES_OUT, reason="scripts/test-py.sh writes the core's fact tables")


def _same_units(a: parindex.BatchResult, b: parindex.BatchResult) -> None:
    assert a.to_dict()["units"] == b.to_dict()["units"]
    assert [(e.id, e.errors) for e in a.errors] == [(e.id, e.errors) for e in b.errors]


def _no_python_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    """Arrow data must not go through pandas, nor through pyarrow into Python values."""
    import parindex._pandas as helpers

    def refuse() -> None:
        raise AssertionError("Arrow data went through a Python reader")

    monkeypatch.setattr(helpers, "_pd", refuse)
    monkeypatch.setattr(helpers, "_pa", refuse)


def typed_table(csv: pathlib.Path) -> Any:
    """The fact table the core writes (CSV text), each column as an analyst's typed Arrow column:
    `true`/`false` booleans, whole numbers int64, other numbers decimal128 with their places,
    the rest strings; empty cells null."""
    import csv as csvlib

    with open(csv, newline="", encoding="utf-8-sig") as f:
        rows = list(csvlib.reader(f))
    header, body = rows[0], rows[1:]
    columns: Dict[str, Any] = {}
    for j, name in enumerate(header):
        values = [r[j] if j < len(r) and r[j] != "" else None for r in body]
        given = [v for v in values if v is not None]
        if given and all(v in ("true", "false") for v in given):
            columns[name] = pa.array([None if v is None else v == "true" for v in values], pa.bool_())
        elif given and all(re.fullmatch(r"-?\d+", v) for v in given) and not name.startswith(("id", "name")):
            columns[name] = pa.array([None if v is None else int(v) for v in values], pa.int64())
        elif given and all(re.fullmatch(r"-?\d+\.\d+", v) for v in given):
            scale = max(len(v.split(".")[1]) for v in given)
            columns[name] = pa.array([None if v is None else Decimal(v) for v in values], pa.decimal128(38, scale))
        else:
            columns[name] = pa.array(values, pa.string())
    return pa.table(columns)


@needs_tables
def test_the_example_province_as_typed_arrow_scores_as_the_json(
    rs: parindex.RuleSet, example: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    table = typed_table(pathlib.Path(TABLES_OUT or ".") / "facts.csv")
    kinds = {str(t) for t in table.schema.types}
    assert {"bool", "int64", "string"} <= kinds and any(k.startswith("decimal128") for k in kinds)
    want = rs.score(example)
    _no_python_reader(monkeypatch)
    # As one chunk, as several chunks (record batches of 3 rows), and as a polars frame.
    several = pa.Table.from_batches(table.to_batches(max_chunksize=3))
    assert several.column(0).num_chunks > 1
    for data in (table, several, pl.from_arrow(table), table.to_batches()[0] if table.num_rows else table):
        framed = rs.score_frame(data)
        assert framed.errors == [], type(data)
        _same_units(framed, want)
        assert framed.ranking == want.ranking


def _units(*ids: str) -> Dict[str, List[Any]]:
    return {"id": list(ids), "name": [i.upper() for i in ids], "group": ["department"] * len(ids)}


def test_every_arrow_layout_reads_as_the_same_value_in_json(rs: parindex.RuleSet, monkeypatch: pytest.MonkeyPatch) -> None:
    """Integers of every width, decimal128, float32, large and view strings, dictionary-encoded
    choices, booleans, a column of Arrow's null type: each as the JSON batch gives it."""
    table = pa.table(
        {
            "id": pa.array(["so_a", "so_b"], pa.large_string()),
            "name": pa.array(["Sở A", "Sở B"], pa.string_view()),
            "group": pa.array(["department", "department"]).dictionary_encode(),
            "parent": pa.array([None, None], pa.null()),
            "1.3.1.met": pa.array([True, False]),
            "3.3.3.numerator": pa.array([180, 7], pa.uint8()),
            "3.3.3.denominator": pa.array([200, 9], pa.int16()),
            "1.1.2.percentage": pa.array([Decimal("90.25"), Decimal("100.00")], pa.decimal128(5, 2)),
            "component:survey.percentage": pa.array([81.5, 90.0], pa.float32()),
        }
    )
    as_json = {
        "format_version": 1,
        "units": [
            {
                "id": "so_a",
                "name": "Sở A",
                "group": "department",
                "items": {
                    "3.3.3": {"numerator": 180, "denominator": 200},
                    "1.1.2": {"percentage": "90.25"},
                    "1.3.1": {"met": True},
                },
                "components": {"survey": {"percentage": "81.5"}},
            },
            {
                "id": "so_b",
                "name": "Sở B",
                "group": "department",
                "items": {
                    "3.3.3": {"numerator": 7, "denominator": 9},
                    "1.1.2": {"percentage": "100.00"},
                    "1.3.1": {"met": False},
                },
                "components": {"survey": {"percentage": "90"}},
            },
        ],
    }
    _no_python_reader(monkeypatch)
    r = rs.score_frame(table, floats="shortest")
    assert r.errors == []
    _same_units(r, rs.score(as_json))
    # The same data as polars holds them (its strings are views).
    _same_units(rs.score_frame(pl.from_arrow(table), floats="shortest"), r)


def test_chunked_and_sliced_columns_score_as_the_whole_table(rs: parindex.RuleSet, monkeypatch: pytest.MonkeyPatch) -> None:
    ids = [f"so_{i}" for i in range(7)]
    table = pa.table(
        {
            **_units(*ids),
            "3.3.3.numerator": pa.array([10, None, 12, 13, None, 15, 16], pa.int64()),
            "3.3.3.denominator": pa.array([20, None, 20, 20, None, 20, 20], pa.int64()),
            "1.1.2.percentage": pa.array([Decimal(f"{80 + i}.5") for i in range(7)], pa.decimal128(4, 1)),
            "1.3.1.met": pa.array([True, None, False, True, None, None, True], pa.bool_()),
            "na:2.1.2": pa.array([None, True, None, None, True, None, None], pa.bool_()),
        }
    )
    _no_python_reader(monkeypatch)
    whole = rs.score_frame(table)
    assert whole.errors == [] and [u.id for u in whole.units] == ids
    # Several chunks, each from an offset into its buffers.
    chunked = pa.concat_tables([table.slice(0, 2), table.slice(2, 3), table.slice(5)])
    assert chunked.column("3.3.3.numerator").num_chunks == 3
    _same_units(rs.score_frame(chunked), whole)
    # A slice of the table: its rows from an offset (validity bitmaps included).
    sliced = rs.score_frame(table.slice(1, 4))
    assert [u.id for u in sliced.units] == ids[1:5]

    def scores(u: Any) -> Any:
        # A unit's figures; its warnings' paths name its place in its own batch.
        d = u.to_dict()
        return {k: v for k, v in d.items() if k != "warnings"}, [w["code"] for w in d["warnings"]]

    for u in sliced.units:
        assert scores(u) == scores(whole.unit(u.id))
    _same_units(rs.score_frame(pl.from_arrow(table).slice(1, 4)), sliced)


def test_a_bad_arrow_cell_refuses_its_row_only_with_row_column_and_path(rs: parindex.RuleSet) -> None:
    table = pa.table(
        {
            **_units("so_a", "so_b", "so_c"),
            "3.3.3.numerator": pa.array([180, -5, 12], pa.int64()),
            "3.3.3.denominator": pa.array([200, 200, 20], pa.int64()),
            # More digits than a decimal holds (28): refused, never rounded.
            "1.1.2.percentage": pa.array(
                [Decimal("90.25"), Decimal("1.00"), Decimal("1" * 30 + ".00")], pa.decimal128(38, 2)
            ),
        }
    )
    csv = "id,name,group,3.3.3.numerator,3.3.3.denominator,1.1.2.percentage\n" + "\n".join(
        f"{i},{i.upper()},department,{n},{d},{p}"
        for i, n, d, p in [("so_a", 180, 200, "90.25"), ("so_b", -5, 200, "1.00"), ("so_c", 12, 20, "1" * 30 + ".00")]
    )
    parindex.set_lang("en")
    try:
        r = rs.score_frame(table)
        from_csv = rs.score_workbook(csv.encode())
    finally:
        parindex.set_lang("vi")
    assert [u.id for u in r.units] == ["so_a"]
    bad = {e.id: e.errors for e in r.errors}
    (neg,) = bad["so_b"]
    assert neg.code == "input.invalid_type"
    assert neg.path == '$.units[1].items["3.3.3"].numerator'
    assert neg.message.startswith("row 3, column 3.3.3.numerator: ")
    (big,) = bad["so_c"]
    assert big.code == "input.decimal_out_of_range", big
    assert big.path == '$.units[2].items["1.1.2"].percentage'
    assert big.message.startswith("row 4, column 1.1.2.percentage: ")
    # The same refusals as the CSV text of the same table.
    assert [(e.id, [(i.code, i.path, i.message) for i in e.errors]) for e in from_csv.errors] == [
        (e.id, [(i.code, i.path, i.message) for i in e.errors]) for e in r.errors
    ]


def test_an_unsupported_column_type_refuses_the_table_naming_the_column(rs: parindex.RuleSet) -> None:
    table = pa.table({**_units("so_a"), "evidence:2.1.2": pa.array([["a.pdf", "b.pdf"]], pa.list_(pa.string()))})
    with pytest.raises(parindex.InputError) as e:
        rs.score_frame(table)
    assert e.value.code == "input.unsupported_column"
    assert "evidence:2.1.2" in str(e.value) and "List" in str(e.value), str(e.value)
    # An unknown column is still the header's refusal.
    with pytest.raises(parindex.InputError) as e:
        rs.score_frame(pa.table({**_units("so_a"), "3.3.3.bogus": [1]}))
    assert e.value.code == "input.unknown_column"


def test_arrow_data_that_are_no_table_are_an_input_error_in_the_language_in_force(rs: parindex.RuleSet) -> None:
    """One Arrow array (not a table's columns) is refused with the registry's code and message,
    Vietnamese by default, English after set_lang("en")."""
    with pytest.raises(parindex.InputError) as e:
        rs.score_frame(pa.array([1, 2, 3]))
    assert (e.value.code, e.value.path) == ("input.arrow", "$")
    assert "dữ liệu Arrow là một mảng kiểu Int64, không phải một bảng" in str(e.value), str(e.value)
    parindex.set_lang("en")
    try:
        with pytest.raises(parindex.InputError) as e:
            rs.score_frame(pa.array([1, 2, 3]))
        assert "the Arrow data are an array of Int64, not a table" in str(e.value), str(e.value)
    finally:
        parindex.set_lang("vi")


def test_a_decimal128_column_of_100000_rows_is_read_without_python_objects(rs: parindex.RuleSet) -> None:
    """Regression (issue 24): Arrow data were read through `to_pylist()`, a Python object per
    cell (100,000 `Decimal`s and 300,000 `str`s here, tens of MB). Read in place, the call
    allocates next to nothing in Python."""
    n = 100_000
    table = pa.table(
        {
            "id": pa.array([f"u{i}" for i in range(n)]),
            "name": pa.array([f"U{i}" for i in range(n)]),
            "group": pa.array(["department"] * n),
            "1.1.2.percentage": pa.array([Decimal(i % 10_000) / 100 for i in range(n)], pa.decimal128(6, 2)),
        }
    )
    before = parindex.get_limits()
    parindex.set_limits(max_units=n)
    try:
        tracemalloc.start()
        r = rs.score_frame(table, keep_nodes=False)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    finally:
        parindex.set_limits(**before)
    assert len(r.units) == n and r.errors == []
    assert peak < 1_000_000, f"{peak:,} bytes of Python objects"
