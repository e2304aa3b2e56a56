"""The boundary: what an argument is (text, bytes, a file, values), the engine's limits, keys
written twice, and the messages of issue 21's defects 5, 7, 8, 9 and 10, as Python sees them."""

import json
import pathlib
from decimal import Decimal
from typing import Any, Dict, Iterator

import pytest

import parindex

from conftest import FIXTURES, batch, unit

EXAMPLE = FIXTURES / "example" / "hoabinh-2019.json"
DEFAULTS = {
    "max_input_bytes": 64 << 20,
    "max_units": 20_000,
    "max_nodes": 5_000,
    "max_string_bytes": 64 << 10,
    "max_depth": 64,
    "max_number_digits": 64,
    "max_exponent": 64,
}


@pytest.fixture()
def limits() -> Iterator[None]:
    """Restores the default limits after the test."""
    yield
    parindex.reset_limits()


# ---- defect 7: a str is JSON text, never a path ---------------------------------------------------


def test_a_str_is_json_text_never_a_file_name(rs: parindex.RuleSet) -> None:
    with pytest.raises(parindex.InputError) as info:
        rs.score(str(EXAMPLE))
    assert info.value.code == "input.json_syntax"
    assert "pathlib.Path" in str(info.value)
    # The same file as a Path is read.
    assert rs.score(EXAMPLE).receipt.units_failed == 0


def test_the_str_hint_is_the_registrys_in_the_language_of_the_messages(rs: parindex.RuleSet) -> None:
    """The hint that a str is JSON text (`input.json_syntax:str`) is the engine's message in
    Vietnamese by default and in English when chosen, on the issue and the exception alike; a rule
    set keeps its own family (`ruleset.json_syntax`)."""
    try:
        for lang, says in (("vi", "hãy truyền pathlib.Path"), ("en", "to read a file, pass a pathlib.Path")):
            parindex.set_lang(lang)
            with pytest.raises(parindex.InputError) as info:
                rs.score(str(EXAMPLE))
            assert says in info.value.errors[0]["message"] and says in str(info.value)
            assert info.value.errors[0]["params"]["detail"]
            with pytest.raises(parindex.RuleSetError) as refused:
                parindex.RuleSet.from_json("rules.json")
            assert refused.value.code == "ruleset.json_syntax" and says in str(refused.value)
    finally:
        parindex.set_lang("vi")


def test_json_text_that_does_not_start_with_a_brace_is_read_as_json(rs: parindex.RuleSet) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    # A leading comment: JSON has none.
    with pytest.raises(parindex.InputError) as info:
        rs.score("// the province\n" + text)
    assert info.value.code == "input.json_syntax"
    # A bare array, with or without leading space.
    for bare in ("[]", "  [1, 2]", "\n[]"):
        with pytest.raises(parindex.InputError) as info:
            rs.score(bare)
        assert info.value.code == "input.not_an_object", bare
    with pytest.raises(parindex.RuleSetError) as rinfo:
        parindex.RuleSet.from_json("  []")
    assert rinfo.value.code == "ruleset.not_an_object"
    assert parindex.validate(" [] ")[0]["code"] == "ruleset.not_an_object"


def test_a_byte_order_mark_before_json_text_is_skipped(rs: parindex.RuleSet, tmp_path: pathlib.Path) -> None:
    raw = EXAMPLE.read_bytes()
    plain = rs.score(raw)
    with_bom = rs.score(b"\xef\xbb\xbf" + raw)
    assert with_bom.to_dict()["units"] == plain.to_dict()["units"]
    assert rs.score("\ufeff" + raw.decode("utf-8")).to_dict()["units"] == plain.to_dict()["units"]
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + raw)
    # The receipt hashes the file as it is, mark included.
    import hashlib

    assert rs.score(path).receipt.inputs_sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert parindex.RuleSet.from_json("\ufeff" + rs.to_json()) == rs


# ---- defect 8: bytes that are not UTF-8 -----------------------------------------------------------

NOT_UTF8 = b'{"format_version":1,"units":[{"id":"\xff"}]}'
# Vietnamese, the default language of the engine's messages.
NOT_UTF8_MESSAGE = "văn bản không phải UTF-8: byte 36 (0xFF) không thuộc ký tự UTF-8 nào; hãy lưu tệp ở dạng UTF-8"


def test_text_that_is_not_utf8_names_the_byte_in_every_source(rs: parindex.RuleSet, tmp_path: pathlib.Path) -> None:
    path = tmp_path / "latin1.json"
    path.write_bytes(NOT_UTF8)
    for source in (NOT_UTF8, bytearray(NOT_UTF8), path):
        with pytest.raises(parindex.InputError) as info:
            rs.score(source)
        assert (info.value.code, info.value.path) == ("input.utf8", "$")
        # The same message as the command line and the npm package: the engine's.
        assert info.value.errors[0]["message"] == NOT_UTF8_MESSAGE
    with pytest.raises(parindex.RuleSetError) as rinfo:
        parindex.RuleSet.from_file(path)
    assert rinfo.value.code == "ruleset.utf8"
    assert parindex.validate(path)[0]["code"] == "ruleset.utf8"


# ---- defect 5 and the limits: checked before anything is converted --------------------------------


def test_a_decimal_with_a_huge_exponent_is_refused_before_conversion(rs: parindex.RuleSet) -> None:
    for value, code in (
        (Decimal("1E+999999999"), "limits.exponent_too_large"),
        (Decimal("-1E-999999999"), "limits.exponent_too_large"),
        (Decimal("1" * 10_000), "limits.number_too_long"),
        (10**100_000, "limits.number_too_long"),
    ):
        with pytest.raises(parindex.LimitError) as info:
            rs.score(batch(unit(**{"1.1.2": {"percentage": value}})))
        e = info.value
        assert (e.code, e.kind, e.path) == (code, "limits", '$.units[0].items["1.1.2"].percentage')
        # The message quotes at most a short excerpt of the value.
        assert len(str(e)) < 400, str(e)
    # As JSON text: the same codes.
    text = json.dumps(batch(unit(**{"1.1.2": {"percentage": 1}}))).replace('"percentage": 1', '"percentage": 1E+999999999')
    with pytest.raises(parindex.LimitError) as info:
        rs.score(text)
    assert info.value.code == "limits.exponent_too_large"
    # Within the limits, an exact Decimal is still read.
    assert rs.score_unit(unit(**{"1.1.2": {"percentage": Decimal("92.8")}})).nodes


def test_the_limits_are_the_engines_and_can_be_changed(limits: None) -> None:
    assert parindex.get_limits() == DEFAULTS
    changed = parindex.set_limits(max_units=7)
    assert changed == {**DEFAULTS, "max_units": 7} == parindex.get_limits()
    for bad in ({"max_unit": 5}, {"max_units": 0}, {"max_units": True}, {"max_units": "5"}):
        with pytest.raises(parindex.InputError) as info:
            parindex.set_limits(**bad)  # type: ignore[arg-type]
        assert info.value.code == "limits.invalid"
    assert parindex.get_limits()["max_units"] == 7
    assert parindex.reset_limits() == DEFAULTS


def test_each_limit_is_refused_with_its_code_and_path(rs: parindex.RuleSet, example: Dict[str, Any], limits: None) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    n = len(example["units"])
    parindex.set_limits(max_units=n - 1)
    for source in (text, example, EXAMPLE):
        with pytest.raises(parindex.LimitError) as info:
            rs.score(source)
        assert (info.value.code, info.value.path) == ("limits.too_many_units", "$.units")
    parindex.set_limits(max_units=n)
    assert len(rs.score(example).units) == n
    parindex.set_limits(max_input_bytes=1000)
    for source in (text, text.encode("utf-8"), EXAMPLE, example):
        with pytest.raises(parindex.LimitError) as info:
            rs.score(source)
        assert info.value.code == "limits.input_too_large"
    parindex.reset_limits()
    parindex.set_limits(max_nodes=10)
    with pytest.raises(parindex.LimitError) as info:
        parindex.RuleSet.from_json(rs.to_json())
    assert info.value.code == "limits.too_many_nodes"
    assert info.value.path.startswith("$.levels[0].nodes[")
    with pytest.raises(parindex.LimitError):
        parindex.RuleSet.from_dict(rs.to_dict())
    with pytest.raises(parindex.LimitError):
        parindex.validate(rs.to_json())
    parindex.reset_limits()
    long = {**unit(), "name": "x" * 5000}
    parindex.set_limits(max_string_bytes=4096)
    for source in (long, json.dumps(long)):
        with pytest.raises(parindex.LimitError) as info:
            rs.score_unit(source)
        assert (info.value.code, info.value.path) == ("limits.string_too_long", "$.name")
    parindex.reset_limits()


def test_depth_is_one_limit_for_text_and_values(rs: parindex.RuleSet) -> None:
    deep: Any = {"a": 1}
    for _ in range(100):
        deep = {"a": deep}
    for source in (deep, json.dumps(deep)):
        with pytest.raises(parindex.LimitError) as info:
            rs.score_unit(source)
        assert info.value.code == "limits.too_deep"
        assert info.value.path == "$" + ".a" * 64
    # 64 levels are read (and refused for what they are, not for their depth).
    ok: Any = 1
    for _ in range(63):
        ok = {"a": ok}
    with pytest.raises(parindex.InputError) as iinfo:
        rs.score_unit({**unit(), "x": ok})
    assert iinfo.value.code == "input.unknown_field"


# ---- defect 9: keys written twice -----------------------------------------------------------------


def test_a_key_written_twice_refuses_only_its_unit(rs: parindex.RuleSet) -> None:
    units = parindex.example_province()["units"][:3]
    text = json.dumps(batch(*units), default=str)
    # The second unit says its group twice.
    second = json.dumps(units[1], default=str)
    twice = second[:-1] + ', "group": "district"}'
    text = text.replace(second, twice)
    result = rs.score(text)
    assert [u.id for u in result.units] == [units[0]["id"], units[2]["id"]]
    (err,) = result.errors
    assert (err.index, err.id) == (1, units[1]["id"])
    assert [(i.code, i.path) for i in err.errors] == [("input.duplicate_key", "$.units[1].group")]
    with pytest.raises(parindex.InputError) as info:
        rs.score_unit(twice)
    assert (info.value.code, info.value.path) == ("input.duplicate_key", "$.group")


def test_a_key_written_twice_in_a_rule_set_is_one_of_its_problems(rs: parindex.RuleSet) -> None:
    text = rs.to_json().replace('"format_version": 1,', '"format_version": 1, "format_version": 1,', 1)
    with pytest.raises(parindex.RuleSetError) as info:
        parindex.RuleSet.from_json(text)
    assert [(i["code"], i["path"]) for i in info.value.errors] == [("ruleset.duplicate_key", "$.format_version")]
    assert parindex.validate(text) == info.value.errors


# ---- defect 10: messages in the user's terms -----------------------------------------------------


def test_a_format_version_written_as_a_string_says_so(rs: parindex.RuleSet) -> None:
    with pytest.raises(parindex.InputError) as info:
        rs.score({"format_version": "1", "units": []})
    assert info.value.code == "input.unsupported_version"
    message = info.value.errors[0]["message"]
    assert 'là chuỗi "1"' in message and "không có dấu ngoặc kép" in message
    assert info.value.errors[0]["params"] == {"want": "1"}
    d = rs.to_dict()
    d["format_version"] = "1"
    with pytest.raises(parindex.RuleSetError) as rinfo:
        parindex.RuleSet.from_dict(d)
    assert rinfo.value.code == "ruleset.unsupported_version"
    assert 'là chuỗi "1"' in rinfo.value.errors[0]["message"]


def test_a_rule_set_that_is_not_an_object_says_what_it_must_be() -> None:
    with pytest.raises(parindex.RuleSetError) as info:
        parindex.RuleSet.from_json("[]")
    assert (info.value.code, info.value.path) == ("ruleset.not_an_object", "$")
    message = info.value.errors[0]["message"]
    assert "phải là một đối tượng JSON" in message
    assert "RuleSetDef" not in message and "struct" not in message
    parindex.set_lang("en")
    try:
        with pytest.raises(parindex.RuleSetError) as info:
            parindex.RuleSet.from_json("[]")
    finally:
        parindex.set_lang("vi")
    message = info.value.errors[0]["message"]
    assert "must be a JSON object" in message and "an array" in message
