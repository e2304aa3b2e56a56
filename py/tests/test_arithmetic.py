"""Exact decimals and checked arithmetic through Python (issue 21, defects 1, 3 and 4): a value that
cannot be held exactly, or a computation beyond the decimal range, is a ParIndexError with a code and
a path — never a rounded value, a wrapped count or a PanicException."""

import copy
import json
from decimal import Decimal
from typing import Any

import pytest

import parindex
from parindex import Actor, Dossier

from conftest import FIXTURES

MAX = Decimal("79228162514264337593543950335")  # the largest decimal, 2^96 - 1
CASES = FIXTURES / "conformance"


def overflow_ruleset() -> dict:
    """C13 and C7/C8 leaves (the conformance case's rule set), as a dict."""
    return json.loads((CASES / "arithmetic-overflow-unit-facts" / "ruleset.json").read_text("utf-8"))


def test_defect1_maxima_past_the_decimal_range_raise_a_ruleset_error_not_a_panic() -> None:
    d = overflow_ruleset()
    node = d["levels"][0]["nodes"][0]
    node["max_points"] = MAX
    for child in node["children"]:
        child["max_points"] = MAX
    d["groups"][0]["max_points"] = MAX
    try:
        parindex.RuleSet.from_dict(d)
    except Exception as e:  # a PanicException is a BaseException: it would escape this
        assert isinstance(e, parindex.RuleSetError)
        assert e.code == "ruleset.points_too_large" and e.path == "$.groups[0].max_points"
        codes = {(i["code"], i["path"]) for i in e.errors}
        assert ("arithmetic.overflow", "$.levels[0].nodes[0].max_points") in codes
        assert ("arithmetic.overflow", "$.groups[0].max_points") in codes
    else:
        pytest.fail("a rule set whose maxima overflow was accepted")
    problems = parindex.validate(d)
    assert {p["code"] for p in problems} == {"ruleset.points_too_large", "arithmetic.overflow"}


def test_points_beyond_ten_to_the_ninth_are_refused_at_their_path() -> None:
    d = overflow_ruleset()
    d["adjustments"]["bonus"]["cap"] = Decimal("1000000000.01")
    with pytest.raises(parindex.RuleSetError) as info:
        parindex.RuleSet.from_dict(d)
    assert (info.value.code, info.value.path) == ("ruleset.points_too_large", "$.adjustments.bonus.cap")
    d["adjustments"]["bonus"]["cap"] = Decimal("1000000000")
    assert parindex.RuleSet.from_dict(d).id == d["id"]


def test_defect3_c7_outcome_counts_that_wrap_64_bits_are_refused() -> None:
    rs = parindex.RuleSet.from_dict(overflow_ruleset())
    unit = {"id": "u", "name": "u", "group": "g",
            "items": {"1.2": {"denominator": 1, "outcomes": {"da_xu_ly": 2**64 - 1, "dang_xu_ly": 2}}}}
    with pytest.raises(parindex.InputError) as info:
        rs.score_unit(unit)
    assert info.value.code == "input.numerator_above_denominator"
    assert info.value.path == '$.items["1.2"].outcomes'
    assert "18446744073709551617" in str(info.value)


def test_an_overflowing_bonus_is_a_decimal_overflow_error_with_the_entrys_path() -> None:
    rs = parindex.RuleSet.from_dict(overflow_ruleset())
    unit = {"id": "u", "name": "u", "group": "g", "items": {"1.1": {"points": "4"}},
            "bonus": [{"points": MAX, "reason": "a"}, {"points": MAX, "reason": "b"}]}
    with pytest.raises(parindex.DecimalOverflowError) as info:
        rs.score_unit(unit)
    e = info.value
    assert isinstance(e, ArithmeticError) and isinstance(e, parindex.ParIndexError)
    assert (e.kind, e.code, e.path) == ("arithmetic", "arithmetic.overflow", "$.bonus[1].points")
    # In a batch, the unit is refused and the others are scored.
    ok = {"id": "ok", "name": "ok", "group": "g", "items": {"1.1": {"points": "3.5"}}}
    result = rs.score({"format_version": 1, "units": [unit, ok]})
    assert [u.id for u in result.units] == ["ok"]
    assert result.units[0].rubric_points == Decimal("3.50")
    assert result.errors[0].errors[0].code == "arithmetic.overflow"
    assert result.errors[0].errors[0].path == "$.units[0].bonus[1].points"


def test_defect4_a_decimal_of_29_places_is_refused_never_read_as_zero() -> None:
    d = json.loads((CASES / "error-decimal-too-precise" / "ruleset.json").read_text("utf-8"))
    tiny = Decimal("0.00000000000000000000000000001")
    d["levels"][0]["nodes"][0]["children"][0]["max_points"] = tiny
    with pytest.raises(parindex.RuleSetError) as info:
        parindex.RuleSet.from_dict(d)
    assert info.value.code == "ruleset.decimal_too_precise"
    assert info.value.path == "$.levels[0].nodes[0].children[0].max_points"
    assert "có 29 chữ số sau dấu thập phân; hệ thống lưu chính xác được tối đa 28 chữ số" in info.value.errors[0]["message"]
    # The same value written 1E-29 is the same value.
    d["levels"][0]["nodes"][0]["children"][0]["max_points"] = Decimal("1E-29")
    with pytest.raises(parindex.RuleSetError) as info:
        parindex.RuleSet.from_dict(d)
    assert info.value.code == "ruleset.decimal_too_precise"


@pytest.mark.parametrize(
    "points, code, says",
    [
        (Decimal("7.00000000000000000000000000001"), "input.decimal_too_precise", "29 chữ số sau dấu thập phân"),
        (Decimal("7922816251426433759354395033.56"), "input.decimal_too_precise", "30 chữ số có nghĩa"),
        (Decimal("1E+30"), "input.decimal_out_of_range", "khoảng 7,9 × 10^28"),
        ("99,75", "input.decimal_comma", '"99.75"'),
        ("bảy", "input.not_a_decimal", '"bảy"'),
    ],
)
def test_input_decimals_are_read_exactly_or_refused_with_their_path(points: Any, code: str, says: str) -> None:
    rs = parindex.RuleSet.from_dict(overflow_ruleset())
    unit = {"id": "u", "name": "u", "group": "g", "items": {"1.1": {"points": points}}}
    with pytest.raises(parindex.InputError) as info:
        rs.score_unit(unit)
    assert (info.value.code, info.value.path) == (code, '$.items["1.1"].points')
    message = info.value.errors[0]["message"]
    assert says in message and "Decimal" not in message, message


def test_a_workflow_act_with_an_inexact_decimal_is_refused() -> None:
    rs = parindex.RuleSet.builtin()
    dossier = Dossier.open(rs, "so-noi-vu", "Sở Nội vụ", "department")
    before = dossier.to_json()
    with pytest.raises(parindex.InputError) as info:
        dossier.self_score(Actor.unit("so-noi-vu"), "2019-11-10T09:00", "2.1.2",
                           Decimal("0.99999999999999999999999999999"), ["a.pdf"])
    assert info.value.code == "input.decimal_too_precise" and info.value.path.endswith("points")
    stored = json.loads(before)
    assert dossier.to_json() == before and stored["log"] == []
    # A stored dossier is read exactly too.
    dossier.self_score(Actor.unit("so-noi-vu"), "2019-11-10T09:00", "2.1.2", Decimal("1"), ["a.pdf"])
    stored = json.loads(dossier.to_json())
    tampered = copy.deepcopy(stored)
    tampered["log"][0]["act"]["points"] = "1.00000000000000000000000000001"
    with pytest.raises(parindex.WorkflowError) as info:
        Dossier.from_json(rs, json.dumps(tampered))
    assert info.value.code == "workflow.bad_record"
    assert "29 chữ số sau dấu thập phân" in str(info.value)


def test_the_same_overflow_in_vietnamese_and_in_english() -> None:
    """Messages come from the engine's registry of codes: Vietnamese by default, English with
    ``set_lang("en")``; the code, path and params are the same in both."""
    rs = parindex.RuleSet.from_dict(overflow_ruleset())
    unit = {"id": "u", "name": "u", "group": "g", "items": {"1.1": {"points": "4"}},
            "bonus": [{"points": MAX, "reason": "a"}, {"points": MAX, "reason": "b"}]}
    assert parindex.get_lang() == "vi"
    with pytest.raises(parindex.ArithmeticError) as vi:
        rs.score_unit(unit)
    parindex.set_lang("en")
    try:
        with pytest.raises(parindex.ArithmeticError) as en:
            rs.score_unit(unit)
    finally:
        parindex.set_lang("vi")
    assert vi.value.errors[0]["message"].startswith("tổng điểm thưởng vượt quá giá trị lớn nhất")
    assert en.value.errors[0]["message"].startswith("the sum of the bonus entries is larger")
    assert (vi.value.code, vi.value.path) == (en.value.code, en.value.path)
    assert "arithmetic.overflow" in str(en.value)
    with pytest.raises(ValueError):
        parindex.set_lang("fr")
