"""A unit refused is a unit absent (issue 21), through the Python face: a refused unit does not move
the others' normalised points (C5), an absurd best value is named, an array is never read as an
object, a blank id and a commune under a department are refused."""

import copy
import json
from decimal import Decimal
from typing import Any, Callable, Dict, List

import pytest

import parindex
from parindex import Actor, Dossier

from conftest import batch

Kind = Callable[[Dict[str, Any]], Dict[str, Any]]


def departments(example: dict) -> List[dict]:
    return [u for u in example["units"] if u["group"] == "department"]


def others(result: parindex.BatchResult) -> str:
    """Every unit's result and the ranking (what "changes no other unit" compares)."""
    d = result.to_dict()
    return json.dumps([d["units"], d["ranking"]], sort_keys=True, default=str)


def refused_kinds(example: dict) -> Dict[str, Any]:
    """Units the engine refuses, each giving the normalised leaf 5.4.3 an absurd value."""
    dep = departments(example)[0]

    def with_value(u: dict, value: str = "1000000") -> dict:
        u = copy.deepcopy(u)
        u["items"]["5.4.3"] = {"value": value}
        return u

    unknown_choice = with_value(dep)
    unknown_choice["id"] = "x_choice"
    unknown_choice["items"]["1.1.1"] = {"choice": "khong_co"}
    unknown_group = with_value(dep)
    unknown_group["id"], unknown_group["group"] = "x_group", "so"
    blank = with_value(dep)
    blank["id"] = "  "
    unknown_code = with_value(dep)
    unknown_code["id"] = "x_code"
    unknown_code["items"]["9.9.9"] = {"met": True}
    return {
        "input.unknown_choice": unknown_choice,
        "input.unknown_group": unknown_group,
        "input.blank_id": blank,
        "input.unknown_code": unknown_code,
        "input.duplicate_unit": with_value(dep),  # after the unit with its id
        "input.not_an_object": [dep["id"] + "_list", dep["name"], "department", {"5.4.3": {"value": "1000000"}}],
    }


@pytest.mark.parametrize("at_end", [True, False])
def test_a_refused_unit_does_not_move_the_others_normalised_points(
    rs: parindex.RuleSet, example: dict, at_end: bool
) -> None:
    """Regression (issue 21, defect 2): a refused unit's value was the best of a normalised leaf
    (C5) for every other unit. Each kind of refused unit, added to the example province, changes
    no other unit's result and no ranking."""
    alone = rs.score(example)
    for code, bad in refused_kinds(example).items():
        with_bad = copy.deepcopy(example)
        if at_end or code == "input.duplicate_unit":
            with_bad["units"].append(bad)
            index = len(example["units"])
        else:
            with_bad["units"].insert(0, bad)
            index = 0
        result = rs.score(with_bad)
        assert [(e.index, e.errors[0].code) for e in result.errors] == [(index, code)]
        assert others(result) == others(alone), code
        # Explaining a unit gives its result in the batch.
        dep = departments(example)[1]["id"]
        assert rs.explain(with_bad, dep).to_dict() == result.unit(dep).to_dict()


def test_the_explanation_names_the_best_value_and_its_unit(rs: parindex.RuleSet, example: dict) -> None:
    result = rs.score(example)
    node = next(n for n in result.units[0].nodes if n.code == "5.4.3")
    assert node.branch.rule == "normalized"
    values = {
        u["id"]: Decimal(u["items"]["5.4.3"]["value"])
        for u in example["units"]
        if u["group"].startswith("department")
    }
    assert node.branch.best == max(values.values())
    assert values[node.branch.best_unit] == node.branch.best


def test_an_outlying_best_value_is_warned(rs: parindex.RuleSet, example: dict) -> None:
    """C5: a best value more than 10 times the next highest is named on every unit measured
    against it."""
    ex = copy.deepcopy(example)
    big = departments(ex)[2]
    big["items"]["5.4.3"] = {"value": "1000000"}
    result = rs.score(ex)
    warned = {u.id for u in result.units if any(w.code == "input.normalized_outlier" for w in u.warnings)}
    measured = {u["id"] for u in ex["units"] if "5.4.3" in u["items"] and u["group"].startswith("department")}
    assert warned == measured and big["id"] in warned
    w = next(w for w in result.unit(big["id"]).warnings if w.code == "input.normalized_outlier")
    assert f"1000000 (đơn vị {big['name']}, `{big['id']}`" in w.message
    assert (w.params["best"], w.params["unit"], w.params["name"], w.params["factor"]) == ("1000000", big["id"], big["name"], "10")


def test_a_unit_written_as_a_list_is_refused(rs: parindex.RuleSet, example: dict) -> None:
    """Regression (issue 21, defect 6): a unit written as the list of its fields' values was
    scored. A list where an object belongs is refused with input.not_an_object at its path."""
    dep = departments(example)[0]
    result = rs.score(batch(["so_noi_vu", "Sở Nội vụ", "department"], dep))
    assert [(e.index, e.errors[0].code, e.errors[0].path) for e in result.errors] == [
        (0, "input.not_an_object", "$.units[0]")
    ]
    assert [u.id for u in result.units] == [dep["id"]]
    item = copy.deepcopy(dep)
    item["items"]["1.1.1"] = ["dung_han"]
    result = rs.score(batch(item))
    assert result.errors[0].errors[0].path == '$.units[0].items["1.1.1"]'
    with pytest.raises(parindex.InputError) as info:
        rs.score_unit(["so_noi_vu", "Sở Nội vụ", "department"])
    assert (info.value.code, info.value.path) == ("input.not_an_object", "$")
    with pytest.raises(parindex.InputError) as info:
        rs.score([1, ["so_noi_vu"]])
    assert info.value.code == "input.not_an_object"


def test_workflow_objects_written_as_lists_are_refused(rs: parindex.RuleSet) -> None:
    dossier = Dossier.open(rs, "so-noi-vu", "Sở Nội vụ", "department")
    with pytest.raises(parindex.InputError) as info:
        dossier.apply(["unit_officer", "so-noi-vu"], "2019-11-10T09:00", {"kind": "submit"})  # type: ignore[arg-type]
    assert (info.value.code, info.value.path) == ("input.not_an_object", "$.actor")
    with pytest.raises(parindex.InputError) as info:
        dossier.apply(Actor.unit("so-noi-vu"), "2019-11-10T09:00", ["submit"])  # type: ignore[arg-type]
    assert (info.value.code, info.value.path) == ("input.not_an_object", "$.act")
    stored = json.loads(dossier.to_json())
    stored["header"] = list(stored["header"].values())
    with pytest.raises(parindex.WorkflowError) as info:
        Dossier.from_json(rs, json.dumps(stored))
    assert (info.value.code, info.value.path) == ("workflow.bad_record", "$.header")


def test_blank_ids_and_wrong_parents_are_refused(rs: parindex.RuleSet, example: dict) -> None:
    """Regression (issue 21, defect 9): a blank id, and a commune whose parent is a department
    (S10), were accepted. A commune whose district is not in a batch that has districts is
    warned of."""
    ex = copy.deepcopy(example)
    communes = [u for u in ex["units"] if u["group"] == "commune"]
    communes[0]["parent"] = departments(ex)[0]["id"]
    communes[1]["parent"] = "huyen_khong_co"
    ex["units"][0]["id"] = ""
    result = rs.score(ex)
    codes = {e.id: e.errors[0].code for e in result.errors}
    assert codes == {"": "input.blank_id", communes[0]["id"]: "input.parent_level"}
    warnings = [w.code for w in result.unit(communes[1]["id"]).warnings]
    assert warnings == ["input.parent_not_in_batch"]
