"""The assessment workflow through Python: core's state machine, its refusals as WorkflowError."""

import datetime
import json
from decimal import Decimal

import pytest

import parindex
from parindex import Actor, Dossier


@pytest.fixture()
def dossier(rs: parindex.RuleSet) -> Dossier:
    return Dossier.open(rs, "so-noi-vu", "Sở Nội vụ", "department")


def test_2019_walk(rs: parindex.RuleSet, dossier: Dossier) -> None:
    unit = Actor.unit("so-noi-vu")
    assert dossier.phase == "draft"
    events = dossier.self_score(unit, "2019-11-10T09:00", "2.1.2", Decimal("1"), ["lay-y-kien.pdf"])
    assert events[-1]["act"] == {"kind": "self_score", "code": "2.1.2", "points": Decimal("1"), "evidence": ["lay-y-kien.pdf"]}
    dossier.submit(unit, datetime.datetime(2019, 11, 12, 16, 0))
    assert dossier.phase == "submitted"
    # S3: a unit submits once.
    with pytest.raises(parindex.WorkflowError) as info:
        dossier.submit(unit, "2019-11-12T16:00")
    assert info.value.code == "workflow.already_submitted"
    # S7: legal documents are the Department of Justice's field, not Finance's.
    with pytest.raises(parindex.WorkflowError) as info:
        dossier.appraise(Actor.member("so_tai_chinh"), "2019-11-20T08:00", "2.1.2", 0)
    assert info.value.code == "workflow.outside_remit"
    assert info.value.kind == "workflow" and info.value.errors[0]["code"] == "workflow.outside_remit"
    dossier.appraise(Actor.member("so_tu_phap"), "2019-11-20T08:00", "2.1.2", "0.5", note="thiếu 1 văn bản")
    assert dossier.phase == "under_appraisal"
    # S6: locked after the results day; S8: then the explanation window.
    assert dossier.phase_at("2019-11-27T00:00") == "explanation"
    item = dossier.state["items"]["2.1.2"]
    assert item["self"] == Decimal("1") and item["appraisal"]["points"] == Decimal("0.5")
    score = dossier.score()
    node = next(n for n in score.nodes if n.code == "2.1.2")
    assert node.points == Decimal("0.50") and node.source == "appraised"
    assert node.history.self == Decimal("1") and node.history.appraised == Decimal("0.5")
    assert dossier.unit_input()["items"]["2.1.2"]["appraised"] == Decimal("0.5")


def test_refused_acts_change_nothing(dossier: Dossier) -> None:
    before = dossier.to_json()
    with pytest.raises(parindex.WorkflowError) as info:
        dossier.submit(Actor.unit("so-tai-chinh"), "2019-11-12T16:00")
    assert info.value.code == "workflow.other_unit"
    with pytest.raises(parindex.WorkflowError) as info:
        dossier.submit(Actor.unit("so-noi-vu"), "not a time")
    assert info.value.code == "workflow.bad_time"
    assert dossier.to_json() == before


def test_points_are_exact(dossier: Dossier) -> None:
    unit = Actor.unit("so-noi-vu")
    with pytest.raises(parindex.InputError) as info:
        dossier.self_score(unit, "2019-11-10T09:00", "2.1.2", 0.5, ["a.pdf"])  # type: ignore[arg-type]
    # At the path the npm package and the engine name it.
    assert info.value.code == "input.float" and info.value.path == "$.act.points"
    with pytest.raises(parindex.InputError) as info:
        dossier.apply({"role": "nobody"}, "2019-11-10T09:00", {"kind": "submit"})
    assert info.value.code == "input.invalid_actor"


def test_stored_dossier_replays(rs: parindex.RuleSet, dossier: Dossier) -> None:
    unit = Actor.unit("so-noi-vu")
    dossier.self_score(unit, "2019-11-10T09:00", "2.1.2", 1, ["lay-y-kien.pdf"])
    dossier.submit(unit, "2019-11-12T16:00")
    text = dossier.to_json()
    again = Dossier.from_json(rs, text)
    assert again.to_dict() == dossier.to_dict() and again.phase == "submitted"
    assert [e["act"]["kind"] for e in again.log] == ["self_score", "submit"]
    stored = json.loads(text)
    stored["log"][0]["act"]["points"] = "0.5"  # tampering with the log
    with pytest.raises(parindex.WorkflowError) as info:
        Dossier.from_json(rs, json.dumps(stored))
    assert info.value.code in ("workflow.replay_mismatch", "workflow.state_mismatch")
