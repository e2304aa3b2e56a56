"""The Python face mirrors core: rule sets, scoring, explanations, receipts, typed records."""

import copy
import hashlib
import json
import pathlib
import pickle
from decimal import Decimal

import pytest

import parindex

from conftest import FIXTURES, as_json_value, unit

EXAMPLE = FIXTURES / "example" / "hoabinh-2019.json"


def test_builtins(rs: parindex.RuleSet) -> None:
    assert parindex.DEFAULT_RULESET in parindex.builtin_rulesets()
    assert rs.id == parindex.DEFAULT_RULESET
    assert rs.provisional and rs.notice
    assert len(rs.sha256) == 64
    assert parindex.ENGINE == f"parindex {parindex.__version__}"


def test_ruleset_sources_agree(rs: parindex.RuleSet, tmp_path: pathlib.Path) -> None:
    path = tmp_path / "rs.json"
    path.write_text(rs.to_json(), encoding="utf-8")
    for other in (
        parindex.RuleSet.from_json(rs.to_json()),
        parindex.RuleSet.from_json(rs.to_json().encode()),
        parindex.RuleSet.from_file(path),
        parindex.RuleSet.from_file(str(path)),
        parindex.RuleSet.from_dict(rs.to_dict()),
    ):
        assert other == rs and other.sha256 == rs.sha256
    assert isinstance(rs.to_dict()["groups"][0]["max_points"], Decimal)


def test_batch_sources_agree(rs: parindex.RuleSet) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    by_path = rs.score(EXAMPLE)
    for source in (text, text.encode("utf-8"), bytearray(text.encode("utf-8"))):
        assert rs.score(source).to_json() == by_path.to_json()
    # The receipt hashes the input as received: `sha256sum input.json` reproduces it.
    assert by_path.receipt.inputs_sha256 == hashlib.sha256(EXAMPLE.read_bytes()).hexdigest()
    # As Python values (decimals as Decimal): the same results.
    from_dict = rs.score(parindex.example_province())
    assert from_dict.to_dict()["units"] == by_path.to_dict()["units"]


def test_keep_nodes_false_keeps_totals_and_ranking(rs: parindex.RuleSet, example: dict) -> None:
    full = rs.score(example)
    lean = rs.score(example, keep_nodes=False)
    assert all(u.nodes == [] for u in lean.units)
    assert [(u.id, u.total, u.index, u.band) for u in lean.units] == [(u.id, u.total, u.index, u.band) for u in full.units]
    assert lean.ranking == full.ranking


def test_result_shape(rs: parindex.RuleSet, example: dict) -> None:
    result = rs.score(example)
    r = result.receipt
    assert isinstance(r, parindex.Receipt)
    assert r.engine == parindex.ENGINE and r.ruleset_id == rs.id and r.ruleset_sha256 == rs.sha256
    assert r.provisional is True and r.synthetic is True
    assert r.units_scored == len(example["units"]) == len(result.units) == len(result)
    assert result.errors == []
    units = result.units
    assert isinstance(units[0], parindex.UnitScore) and isinstance(units[-1], parindex.UnitScore)
    assert [u.id for u in units] == [u["id"] for u in example["units"]]
    assert [u.id for u in units[1:3]] == [u["id"] for u in example["units"][1:3]]
    with pytest.raises(IndexError):
        units[len(units)]
    u = units.get(example["units"][3]["id"])
    assert u is not None and u == result.unit(u.id) and u["id"] == u.id
    assert units.get("nobody") is None
    node = u.nodes[0]
    assert isinstance(node, parindex.NodeScore)
    assert isinstance(u.components[0], parindex.ComponentScore)
    assert isinstance(u.fields[0], parindex.FieldScore)
    histories = [n.history for u in units for n in u.nodes if n.history is not None]
    assert histories and all(isinstance(h, parindex.History) for h in histories)
    assert node.caps == [] or isinstance(node.caps[0], parindex.Cap)
    leaves = [n for u in units for n in u.nodes if n.leaf and n.branch is not None]
    assert leaves and all(isinstance(n.branch, parindex.Branch) and n.branch.rule for n in leaves)
    assert any(isinstance(n.facts, parindex.Facts) for n in leaves)
    assert "index" in repr(u) and "BatchResult" in repr(result)
    with pytest.raises(AttributeError):
        u.no_such_field  # noqa: B018
    d = u.to_dict()
    assert type(d) is dict and type(d["nodes"][0]) is dict and d["id"] == u.id
    assert json.loads(u.to_json())["id"] == u.id


def test_ranking(rs: parindex.RuleSet, example: dict) -> None:
    result = rs.score(example)
    ranking = result.ranking
    assert isinstance(ranking, parindex.Ranking) and isinstance(ranking[0], parindex.RankBlock)
    assert ranking == rs.rank(example).ranking
    departments = ranking.block("department")
    entries = departments.entries
    assert isinstance(entries[0], parindex.RankEntry) and entries[0].rank == 1
    indices = [e.index for e in entries]
    assert indices == sorted(indices, reverse=True)
    assert json.loads(ranking.to_json()) == as_json_value(result.to_dict()["ranking"])
    assert ranking.to_dict()[0]["entries"][0]["index"] == entries[0].index
    # S10: communes are ranked within their district.
    communes = [b for b in ranking if b.level == "commune"]
    assert communes and all(b.parent for b in communes)


def test_rank_returns_the_engines_rank_result(rs: parindex.RuleSet, example: dict) -> None:
    # The shape of `rank` in every face: JavaScript's rs.rank and `parindex rank --format json`.
    whole = json.loads(rs.score(example).to_json())
    ranked = rs.rank(example)
    assert isinstance(ranked, parindex.RankResult)
    as_json = json.loads(ranked.to_json())
    assert list(as_json) == ["receipt", "errors", "ranking"]
    assert as_json == {k: whole[k] for k in ("receipt", "errors", "ranking")}
    assert ranked.to_dict()["ranking"][0]["entries"][0]["index"] == ranked.ranking[0].entries[0].index
    # Written by the engine, as the result's own JSON is: compact without spaces, or pretty with
    # two; its dict is the whole result's without the units.
    assert ranked.to_json() == json.dumps(as_json, ensure_ascii=False, separators=(",", ":"))
    assert ranked.to_json(indent=2) == json.dumps(as_json, ensure_ascii=False, indent=2)
    whole_dict = rs.score(example, keep_nodes=False).to_dict()
    assert ranked.to_dict() == {k: whole_dict[k] for k in ("receipt", "errors", "ranking")}
    assert list(ranked.to_dict()) == ["receipt", "errors", "ranking"]


def test_explain_and_score_unit(rs: parindex.RuleSet, example: dict) -> None:
    uid = example["units"][0]["id"]
    explained = rs.explain(example, uid)
    assert explained == rs.score(example).unit(uid)
    assert len(explained.nodes) > 20
    leaf = next(n for n in explained.nodes if n.leaf and n.status == "scored")
    assert leaf.points == leaf.max_points - leaf.lost
    alone = rs.score_unit(example["units"][0])
    assert alone.id == uid and alone.nodes
    lean = rs.score_unit(example["units"][0], keep_nodes=False)
    assert lean.nodes == [] and lean.index == alone.index and lean.fields == alone.fields


def test_explanation_text_is_the_engines_in_both_languages(rs: parindex.RuleSet, example: dict) -> None:
    explained = rs.explain(example, "so_noi_vu")
    parent = next(n for n in explained.nodes if n.depth > 0 and n.status == "sum" and not n.caps and n.lost == 0)
    assert parent.text() == "Tổng điểm các tiêu chí thành phần"
    assert parent.text(lang="en") == "Sum of the sub-criteria"
    # A parent that lost points names the children it lost them in.
    losing = next(n for n in explained.nodes if n.depth > 0 and n.status == "sum" and n.lost > 0)
    lost_in = [c.code for c in explained.nodes if c.code.rpartition(".")[0] == losing.code and c.lost > 0]
    assert lost_in and losing.lost_in == lost_in
    assert losing.text() == "Mất điểm ở tiêu chí thành phần " + ", ".join(lost_in)
    assert losing.text("en") == "Points lost in sub-criteria " + ", ".join(lost_in)
    leaf = next(n for n in explained.nodes if n.leaf and n.status == "scored" and n.percentage is not None)
    assert f"{leaf.percentage}%" in leaf.text("en") and leaf.rule not in leaf.text("en")
    assert leaf.text("vi") != leaf.text("en")
    missing = next(n for n in rs.score_unit({"id": "x", "name": "X", "group": "department_52", "items": {}}).nodes if n.leaf and n.status == "missing")
    assert missing.text("en") == "No data: 0 points"
    assert missing.text("vi") == "Không có dữ liệu: 0 điểm"
    with pytest.raises(ValueError):
        leaf.text("fr")


def test_c1_c8_a_results_node_text_names_options_and_deductions_by_their_labels(rs: parindex.RuleSet, example: dict) -> None:
    # Sở Tài nguyên và Môi trường sent two reports late and left one quarterly report unsent (C8);
    # its procedures had errors (C1, 5.3.1). Every way of reaching a node of a result knows the
    # rule set, so names them as the rule set labels them, never by their ids.
    labelled = "Trừ điểm từ 1: − 2×0.25 (Mỗi báo cáo gửi trễ hạn) − 1×0.5 (Mỗi báo cáo quý không gửi)"
    unit_input = next(u for u in example["units"] if u["id"] == "so_tnmt")
    result = rs.score(example)
    nodes = {
        "score": result.units["so_tnmt"].nodes,
        "iterated": next(u for u in result.units if u.id == "so_tnmt").nodes,
        "unit()": result.unit("so_tnmt").nodes,
        "explain": rs.explain(example, "so_tnmt").nodes,
        "score_unit": rs.score_unit(unit_input).nodes,
        "form": rs.form(unit_input).score().nodes,
    }
    for how, ns in nodes.items():
        node = next(n for n in ns if n.code == "1.2")
        assert node.text() == labelled, how
        assert node.text("en") == "Deducted from 1: − 2×0.25 (Each report sent late) − 1×0.5 (Each quarterly report not sent)", how
        choice = next(n for n in ns if n.code == "5.3.1")
        assert choice.text() == "Phương án đã chọn: Còn sai sót về quy trình hoặc thời hạn", how
    assert rs.form(unit_input).explain("1.2").text() == labelled
    # A copy keeps the rule set; a pickled node is its data, which pickling did not refuse.
    node = next(n for n in nodes["score"] if n.code == "1.2")
    assert copy.deepcopy(node).text() == labelled and copy.copy(node).text() == labelled
    assert copy.deepcopy(result.units["so_tnmt"]).nodes == result.units["so_tnmt"].nodes
    assert pickle.loads(pickle.dumps(result.units["so_tnmt"])) == result.units["so_tnmt"]
    # A node made from a dict has no rule set at hand: the ids, quoted.
    alone = parindex.NodeScore(next(n for n in nodes["score"] if n.code == "1.2").to_dict())
    assert alone.text() == "Trừ điểm từ 1: − 2×0.25 (`bao_cao_tre_han`) − 1×0.5 (`thieu_bao_cao_quy`)"


def test_a_form_rescores_each_change_as_scoring_the_changed_unit_does(rs: parindex.RuleSet, example: dict) -> None:
    start = next(u for u in example["units"] if u["id"] == "so_noi_vu")
    form = rs.form(start)
    assert form.unit == rs.form(json.dumps(start)).unit
    code, item = next((c, it) for c, it in start["items"].items() if "numerator" in it)
    for k in (0, item["denominator"] // 2, item["denominator"]):
        changed = dict(item, numerator=k)
        lean = form.set(code, changed)
        want = rs.score_unit(dict(start, items=dict(start["items"], **{code: changed})))
        assert lean.nodes == [] and (lean.total, lean.index, lean.fields) == (want.total, want.index, want.fields)
        assert form.score() == want
        assert form.explain(code) == next(n for n in want.nodes if n.code == code)
        assert form.unit["items"][code]["numerator"] == k
    cleared = form.clear(code)
    rest = {c: it for c, it in start["items"].items() if c != code}
    assert cleared.total == rs.score_unit(dict(start, items=rest)).total < want.total
    assert code not in form.unit["items"]


def test_a_form_refuses_a_change_and_stays_as_it_was(rs: parindex.RuleSet, example: dict) -> None:
    start = next(u for u in example["units"] if u["id"] == "so_noi_vu")
    form = rs.form(start)
    code, item = next((c, it) for c, it in start["items"].items() if "numerator" in it)
    before = form.score()
    with pytest.raises(parindex.InputError) as e:
        form.set(code, dict(item, numerator=item["denominator"] + 1))
    assert e.value.code == "input.numerator_above_denominator"
    assert e.value.path == f'$.items["{code}"].numerator'
    with pytest.raises(parindex.InputError) as e:
        form.set(code, {"numerator": 0.5, "denominator": 2})
    assert e.value.code == "input.float"
    # Where the npm package and the engine name it: the item in the unit.
    assert e.value.path == f'$.items["{code}"].numerator'
    with pytest.raises(parindex.InputError) as e:
        form.set("9.9.9", {"met": True})
    assert e.value.code == "input.unknown_code"
    with pytest.raises(parindex.NotFoundError):
        form.explain("9.9.9")
    assert form.score() == before and as_json_value(form.unit["items"][code]) == item
    with pytest.raises(parindex.InputError) as e:
        rs.form(dict(start, group="nope"))
    assert e.value.code == "input.unknown_group"


def test_missing_leaves_are_explained_not_silent(rs: parindex.RuleSet) -> None:
    u = rs.score_unit(unit())
    missing = [n for n in u.nodes if n.status == "missing"]
    assert missing and all(n.points == 0 and n.lost_reason == "missing" for n in missing)
    warned = {w.path for w in u.warnings if w.code == "input.missing_item"}
    assert {f'$.items["{n.code}"]' for n in missing} <= warned


def test_schemas_are_generated() -> None:
    for kind in ("ruleset", "input", "result", "dossier"):
        assert "$defs" in parindex.schema(kind) or "properties" in parindex.schema(kind)
    with pytest.raises(parindex.NotFoundError) as e:
        parindex.schema("nope")
    assert e.value.code == "not_found.schema"


def test_every_record_type_of_the_engine_has_a_class() -> None:
    from parindex import _parindex

    names = set(_parindex.record_layout())
    classes = {c._schema for c in vars(parindex).values() if isinstance(c, type) and issubclass(c, parindex.Record) and c._schema}
    assert names == classes


def test_gil_is_released_while_scoring(rs: parindex.RuleSet, example: dict) -> None:
    import threading

    results = []
    threads = [threading.Thread(target=lambda: results.append(rs.score(example).receipt.units_scored)) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [len(example["units"])] * 4


def test_ruleset_warnings_item_14_s5_calendar_outside_its_year(rs: parindex.RuleSet) -> None:
    """Issue 23 item 14 (S5): a valid rule set whose announcement falls in another year is warned,
    and the warning is readable from the rule set itself, not only from the units it scores."""
    assert rs.warnings == []
    d = rs.to_dict()
    for p in d["calendar"]["periods"]:
        if p["id"] == "announcement":
            p["start"] = p["end"] = "2018-12-18"
    warned = parindex.RuleSet.from_dict(d)
    # The period starts and ends in 2018: one warning for each date.
    assert [w["code"] for w in warned.warnings] == ["ruleset.calendar_year"] * 2
    for w in warned.warnings:
        assert w["path"].startswith("$.calendar.periods[")
        assert w["message"] and w["params"]["year"] == "2019"


def test_units_by_id(rs: parindex.RuleSet) -> None:
    """``result.units["so_noi_vu"]`` is the unit of that id, the same as ``result.unit(...)``;
    an id not scored raises NotFoundError (a LookupError) naming it."""
    result = rs.score(parindex.example_province())
    u = result.units["so_noi_vu"]
    assert u.id == "so_noi_vu"
    assert u.index == result.unit("so_noi_vu").index
    assert result.units[0].id != "" and isinstance(result.units[0:2], list)
    with pytest.raises(parindex.NotFoundError, match="khong_co") as e:
        result.units["khong_co"]
    assert isinstance(e.value, LookupError)


def test_ruleset_called_with_an_id_json_or_a_file_is_refused_naming_its_constructors() -> None:
    # A common misuse: the class called like its constructors. Refused at once (not a RuleSet
    # that fails later with an AttributeError), the message from the engine's registry.
    for given in ("hoabinh-1440-2019", '{"id": "x"}', pathlib.Path("rules.json"), {"id": "x"}):
        with pytest.raises(parindex.InputError) as info:
            parindex.RuleSet(given)  # type: ignore[arg-type]
        e = info.value
        assert e.code == "input.unsupported_type" and e.path == "$"
        assert e.errors[0]["params"] == {"given": repr(given)}
        message = str(e)
        for constructor in ("RuleSet.builtin(id)", "RuleSet.from_json(text)", "RuleSet.from_file(path)"):
            assert constructor in message
        assert repr(given) in message
        assert "không tạo bộ chỉ số" in message  # Vietnamese first
    parindex.set_lang("en")
    try:
        with pytest.raises(parindex.InputError, match=r"RuleSet\('hoabinh-1440-2019'\) does not make a rule set"):
            parindex.RuleSet("hoabinh-1440-2019")  # type: ignore[arg-type]
    finally:
        parindex.set_lang("vi")
    long = "x" * 100
    with pytest.raises(parindex.InputError) as info:
        parindex.RuleSet(long)  # type: ignore[arg-type]
    assert info.value.errors[0]["params"]["given"] == repr(long)[:39] + "…"


def test_reprs_show_what_identifies_the_object_shortly(rs: parindex.RuleSet, example: dict) -> None:
    result = rs.score(example)
    assert repr(rs) == f"RuleSet('hoabinh-1440-2019', provisional, sha256='{rs.sha256[:12]}…')"
    receipt = repr(result.receipt)
    assert receipt.startswith("Receipt(ruleset_id='hoabinh-1440-2019', provisional=True, ")
    assert f"ruleset_sha256='{rs.sha256[:12]}…'" in receipt and rs.sha256 not in receipt
    assert f"units_scored={len(result.units)}, units_failed={len(result.errors)}" in receipt
    assert "notice" not in receipt  # a long text is left out
    u = result.units[0]
    assert repr(u).startswith(f"UnitScore(id={u.id!r}, block={u.block!r}, name={u.name!r}, ")
    assert f"index={u.index!r}" in repr(u)
    # A small record (a rule's branch) shows every value it holds.
    band = next(n for x in result.units for n in x.nodes if n.branch is not None and n.branch.rule == "band")
    b = band.branch.to_dict()
    assert repr(band.branch) == "Branch(" + ", ".join(f"{k}={v!r}" for k, v in b.items()) + ")"
    assert "rule='band'" in repr(band.branch) and f"min={b['min']!r}" in repr(band.branch)
    node = repr(band)
    assert node.startswith(f"NodeScore(code={band.code!r}, ") and f"points={band.points!r}" in node
    form = rs.form(example["units"][0])
    scored = form.score(keep_nodes=False)
    items = len(example["units"][0].get("items", {}))
    assert repr(form) == (
        f"UnitForm(id={scored.id!r}, group={scored.group!r}, items={items}, index={scored.index!r}, "
        "ruleset='hoabinh-1440-2019')"
    )
    for shown in (repr(rs), receipt, repr(u), node, repr(form)):
        assert len(shown) < 200, shown


def test_a_ranking_pickles_and_copies_as_a_ranking_whose_blocks_the_engine_finds(rs: parindex.RuleSet, example: dict) -> None:
    """A ranking goes through pickle (a worker process's return value) and copies as what it is:
    its blocks, still found by id and made a frame by the engine."""
    ranking = rs.rank(example).ranking
    for again in (pickle.loads(pickle.dumps(ranking)), copy.deepcopy(ranking), copy.copy(ranking)):
        assert type(again) is parindex.Ranking and again == ranking
        assert again.block("district") == ranking.block("district")
        with pytest.raises(parindex.NotFoundError) as info:
            again.block("nowhere")
        assert info.value.errors[0]["params"]["blocks"] == ", ".join(b.block for b in ranking)
