"""Errors: one base class, a subclass per family, each with code, path and every problem."""

import copy
import os
import json
from decimal import Decimal

import pytest

import parindex

from conftest import FIXTURES, batch, unit


def test_hierarchy() -> None:
    assert issubclass(parindex.ParIndexError, Exception)
    assert issubclass(parindex.RuleSetError, parindex.ParIndexError)
    assert issubclass(parindex.RuleSetError, ValueError)
    assert issubclass(parindex.InputError, parindex.ParIndexError)
    assert issubclass(parindex.InputError, ValueError)
    assert issubclass(parindex.WorkflowError, parindex.ParIndexError)
    assert issubclass(parindex.NotFoundError, parindex.ParIndexError)
    assert issubclass(parindex.NotFoundError, LookupError)
    assert issubclass(parindex.DecimalOverflowError, ArithmeticError)
    # One naming with the npm package; the former name stays an alias.
    assert parindex.DecimalOverflowError is parindex.ArithmeticError
    assert parindex.ArithmeticError.__name__ == "ArithmeticError"


def test_bad_ruleset_lists_every_problem_with_code_and_path(rs: parindex.RuleSet) -> None:
    d = rs.to_dict()
    bad = copy.deepcopy(d)
    bad["levels"][0]["nodes"][0]["max_points"] = "not a number"
    bad["levels"][0]["nodes"][1]["bogus"] = True
    with pytest.raises(parindex.RuleSetError) as info:
        parindex.RuleSet.from_dict(bad)
    e = info.value
    assert e.kind == "ruleset"
    assert len(e.errors) >= 2
    for issue in e.errors:
        assert set(issue) == {"code", "path", "message", "params"}
        assert issue["code"].startswith("ruleset.")
        assert issue["path"].startswith("$.levels[0].nodes[")
    assert (e.code, e.path) == (e.errors[0]["code"], e.errors[0]["path"])
    assert {i["path"] for i in e.errors} >= {"$.levels[0].nodes[0].max_points", "$.levels[0].nodes[1].bogus"}
    # validate() reports the same problems instead of raising.
    assert parindex.validate(bad) == e.errors
    assert parindex.validate(json.dumps(bad, default=lambda d: format(d, "f"))) == e.errors
    assert parindex.validate(rs.to_json()) == []


def test_incoherent_ruleset_from_the_conformance_fixtures() -> None:
    path = FIXTURES / "conformance" / "error-invalid-ruleset-group-max" / "ruleset.json"
    with pytest.raises(parindex.RuleSetError) as info:
        parindex.RuleSet.from_file(path)
    assert "ruleset.group_max" in {i["code"] for i in info.value.errors}
    assert parindex.validate(path) == info.value.errors


def test_json_syntax_error_is_a_ruleset_error() -> None:
    with pytest.raises(parindex.RuleSetError) as info:
        parindex.RuleSet.from_json("{ not json")
    assert info.value.code == "ruleset.json_syntax"
    with pytest.raises(parindex.RuleSetError):
        parindex.RuleSet.from_json("[1, 2]")


def test_float_input_is_refused_never_converted(rs: parindex.RuleSet) -> None:
    u = unit(**{"1.1.2": {"percentage": 92.8}})
    with pytest.raises(parindex.InputError) as info:
        rs.score(batch(u))
    e = info.value
    assert e.code == "input.float"
    assert e.path == '$.units[0].items["1.1.2"].percentage'
    assert "Decimal" in str(e) and "str" in str(e)
    assert e.errors[0]["params"] == {"at": e.path, "shown": "92.8"}
    assert "số thực float (92.8)" in str(e)
    with pytest.raises(parindex.InputError):
        rs.score_unit(u)
    # The same value as Decimal, str or (for whole numbers) int is accepted.
    for ok in (Decimal("92.8"), "92.8", 92):
        assert rs.score_unit(unit(**{"1.1.2": {"percentage": ok}})).nodes


def test_float_in_a_ruleset_dict_is_refused(rs: parindex.RuleSet) -> None:
    d = rs.to_dict()
    d["levels"][0]["nodes"][0]["max_points"] = 8.0
    with pytest.raises(parindex.RuleSetError) as info:
        parindex.RuleSet.from_dict(d)
    assert info.value.code == "ruleset.float"
    assert info.value.path == "$.levels[0].nodes[0].max_points"
    assert parindex.validate(d)[0]["code"] == "ruleset.float"


def test_unsupported_values_are_refused(rs: parindex.RuleSet) -> None:
    with pytest.raises(parindex.InputError) as info:
        rs.score_unit(unit(**{"1.1.2": {"percentage": Decimal("NaN")}}))
    assert info.value.code == "input.not_finite"
    with pytest.raises(parindex.InputError) as info:
        rs.score_unit(unit(**{"1.1.2": {"percentage": object()}}))
    assert info.value.code == "input.unsupported_type"
    with pytest.raises(parindex.InputError) as info:
        rs.score({"format_version": 1, "units": [{1: "x"}]})
    assert info.value.code == "input.invalid_key"


def test_unknown_group_is_an_input_error(rs: parindex.RuleSet) -> None:
    with pytest.raises(parindex.InputError) as info:
        rs.score_unit(unit(group="ministry"))
    assert info.value.code == "input.unknown_group"
    assert info.value.path == "$.group"
    assert "department" in str(info.value)


def test_one_bad_unit_does_not_lose_the_batch(rs: parindex.RuleSet, example: dict) -> None:
    units = example["units"]
    units[1]["group"] = "ministry"
    units[2]["items"]["1.1.1"] = {"choice": "no_such_option"}
    result = rs.score(example)
    assert result.receipt.units_scored == len(units) - 2
    assert result.receipt.units_failed == 2
    assert [e.index for e in result.errors] == [1, 2]
    first, second = result.errors
    assert first.id == units[1]["id"]
    assert first.errors[0].code == "input.unknown_group"
    assert first.errors[0].path == "$.units[1].group"
    assert second.errors[0].code == "input.unknown_choice"
    assert second.errors[0].path == '$.units[2].items["1.1.1"].choice'
    assert isinstance(second.errors[0], parindex.Issue)
    scored = {u.id for u in result.units}
    assert units[0]["id"] in scored and units[1]["id"] not in scored
    with pytest.raises(parindex.NotFoundError, match="không tính được điểm") as nf:
        result.unit(units[1]["id"])
    assert (nf.value.code, nf.value.path) == ("not_found.unit", "$.units")
    assert nf.value.errors[0]["params"] == {"unit": units[1]["id"]}
    with pytest.raises(parindex.NotFoundError, match="lô dữ liệu không có đơn vị `nobody`"):
        result.unit("nobody")
    with pytest.raises(parindex.InputError) as info:
        rs.explain(example, units[1]["id"])
    assert info.value.code == "input.unknown_group"


def test_envelope_problems_refuse_the_batch(rs: parindex.RuleSet) -> None:
    with pytest.raises(parindex.InputError) as info:
        rs.score({"units": []})
    assert info.value.code == "input.missing_field"
    assert info.value.path == "$.format_version"
    with pytest.raises(parindex.InputError) as info:
        rs.score({"format_version": 1, "ruleset": "another-set", "units": []})
    assert info.value.code == "input.ruleset_mismatch"
    with pytest.raises(parindex.InputError) as info:
        rs.score("{ nope")
    assert info.value.code == "input.json_syntax"


def test_not_found(rs: parindex.RuleSet, example: dict) -> None:
    with pytest.raises(parindex.NotFoundError) as info:
        parindex.RuleSet.builtin("no-such-set")
    assert info.value.code == "not_found.ruleset"
    assert isinstance(info.value, LookupError)
    with pytest.raises(parindex.NotFoundError) as info:
        rs.explain(example, "no-such-unit")
    assert info.value.code == "not_found.unit"
    with pytest.raises(parindex.NotFoundError) as info:
        rs.score(example).unit("no-such-unit")
    assert info.value.code == "not_found.unit" and info.value.path == "$.units"
    with pytest.raises(parindex.NotFoundError) as info:
        rs.score(example).ranking.block("no-such-block")
    assert info.value.code == "not_found.block"
    assert info.value.errors[0]["params"]["block"] == "no-such-block"
    assert "không có khối xếp hạng `no-such-block`" in str(info.value)


def test_missing_files_raise_oserror(rs: parindex.RuleSet, tmp_path) -> None:
    with pytest.raises(FileNotFoundError) as info:
        rs.score(tmp_path / "absent.json")
    assert info.value.filename == str(tmp_path / "absent.json")
    with pytest.raises(FileNotFoundError):
        parindex.RuleSet.from_file(tmp_path / "absent.json")
    # A file name in a str is not a file: a str is JSON text (issue 21, defect 7).
    with pytest.raises(parindex.InputError) as text:
        rs.score(str(tmp_path / "absent.json"))
    assert text.value.code == "input.json_syntax"
    assert "pathlib.Path" in str(text.value)


def test_a_file_whose_name_is_no_utf8_is_read_as_open_reads_it(rs: parindex.RuleSet, example: dict, tmp_path) -> None:
    """A file name the system holds as bytes that are no UTF-8 (Python gives it surrogate-escaped)
    names the file, for JSON and for tables alike (it was a UnicodeEncodeError)."""
    path = tmp_path / os.fsdecode(b"l\xf4 d\xff li\xeau.json")
    path.write_text(json.dumps(example, default=str), encoding="utf-8")
    assert len(rs.score(path).units) == len(example["units"])
    with pytest.raises(FileNotFoundError) as info:
        rs.score_workbook(tmp_path / os.fsdecode(b"\xff.xlsx"))
    assert info.value.filename == str(tmp_path / os.fsdecode(b"\xff.xlsx"))


def test_errors_carry_message_code_path_and_pickle_like_exceptions() -> None:
    e = parindex.InputError("bad", "input.x", "$.a")
    assert str(e) == "bad"
    assert e.errors == [{"code": "input.x", "path": "$.a", "message": "bad"}]


def test_undecodable_sources_are_errors_of_their_family(rs: parindex.RuleSet, tmp_path) -> None:
    with pytest.raises(parindex.RuleSetError) as info:
        parindex.RuleSet.from_json(b"{\xff}")
    assert info.value.code == "ruleset.utf8"
    bad = tmp_path / "batch.json"
    bad.write_bytes(b'{"format_version": 1, "units": [\xff]}')
    with pytest.raises(parindex.InputError) as info:
        rs.score(bad)
    assert info.value.code == "input.utf8"
    assert parindex.validate(b"{\xff}")[0]["code"] == "ruleset.utf8"


def test_a_refused_unit_looked_up_by_id_is_not_found_as_refused(rs: parindex.RuleSet, example: dict) -> None:
    """The engine tells a refused unit from an absent one (`not_found.unit:failed`), whether it is
    looked up with `result.unit(id)` or `result.units[id]`; `units.get` gives None for both."""
    batch = copy.deepcopy(example)
    batch["units"][0]["group"] = "no-such-group"
    refused = batch["units"][0]["id"]
    result = rs.score(batch)
    for lookup in (result.unit, result.units.__getitem__):
        with pytest.raises(parindex.NotFoundError) as info:
            lookup(refused)
        assert info.value.code == "not_found.unit"
        assert info.value.errors[0]["params"] == {"unit": refused}
        assert f"đơn vị `{refused}` không tính được điểm (xem `errors`)" in str(info.value)
        with pytest.raises(parindex.NotFoundError) as info:
            lookup("no-such-unit")
        assert "lô dữ liệu không có đơn vị `no-such-unit`" in str(info.value)
    assert result.units.get(refused) is None and result.units.get("no-such-unit") is None
    assert result.units[batch["units"][1]["id"]].id == batch["units"][1]["id"]


def test_a_dict_that_is_no_node_explanation_has_no_text_but_an_input_error() -> None:
    with pytest.raises(parindex.InputError) as info:
        parindex.NodeScore({"code": "1.1"}).text()
    assert info.value.code == "input.not_a_node" and info.value.path == "$.node"
    assert "không phải phần giải thích điểm của một nút" in str(info.value), str(info.value)


def test_a_lone_surrogate_is_an_input_error_at_its_path_not_a_unicode_error(rs: parindex.RuleSet) -> None:
    """A str holding a lone surrogate (`json.loads('"\\ud800"')` makes one) is no UTF-8 text: an
    error of the engine with its code and path (it was Python's UnicodeEncodeError), in the
    family of what was given; in a DataFrame cell, a refusal of that row's unit only."""
    bad = json.loads('"ab\\ud800"')
    with pytest.raises(parindex.InputError) as info:
        rs.score_unit(dict(unit("so_a"), name=bad))
    assert (info.value.code, info.value.path) == ("input.lone_surrogate", "$.name")
    assert info.value.errors[0]["params"]["index"] == "2"
    assert "$.name chứa một nửa cặp surrogate UTF-16 đứng riêng ở ký tự thứ 2" in str(info.value), str(info.value)
    with pytest.raises(parindex.InputError) as info:
        rs.score(batch(dict(unit("so_a"), **{bad: 1})))
    assert (info.value.code, info.value.path) == ("input.lone_surrogate", "$.units[0]")
    with pytest.raises(parindex.InputError) as info:
        rs.score(bad)
    assert (info.value.code, info.value.path) == ("input.lone_surrogate", "$")
    # JSON text with the surrogate written as an escape: the same code, at the string's path,
    # not the parser's "unexpected end of hex escape".
    text = json.dumps(batch(dict(unit("so_a"), name=bad)))
    assert "\\ud800" in text
    with pytest.raises(parindex.InputError) as info:
        rs.score(text)
    assert (info.value.code, info.value.path) == ("input.lone_surrogate", "$.units[0].name")
    assert info.value.errors[0]["params"]["escape"] == "\\ud800"
    definition = rs.to_dict()
    definition["title"] = {"vi": bad, "en": "x"}
    with pytest.raises(parindex.RuleSetError) as rs_info:
        parindex.RuleSet.from_dict(definition)
    assert (rs_info.value.code, rs_info.value.path) == ("ruleset.lone_surrogate", "$.title.vi")
    pd = pytest.importorskip("pandas")
    # (an object column: pandas' own string columns, Arrow's, refuse such a str themselves)
    frame = pd.DataFrame({"id": ["so_a", "so_b"], "name": pd.Series(["A", bad], dtype=object), "group": ["department"] * 2})
    result = rs.score_frame(frame)
    assert [u.id for u in result.units] == ["so_a"]
    (refused,) = result.errors
    assert refused.id == "so_b" and refused.errors[0].code == "input.cell_error"
    assert "ab\\ud800" in refused.errors[0].message
