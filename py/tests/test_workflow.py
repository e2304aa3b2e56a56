"""The assessment workflow through Python: core's state machine, its refusals as WorkflowError."""

import datetime
import json
import pathlib
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


# ---- Issue 23 ---------------------------------------------------------------------------------

SEC = Actor.secretariat()


def _appraised(rs: parindex.RuleSet) -> Dossier:
    d = Dossier.open(rs, "so-noi-vu", "Sở Nội vụ", "department")
    unit = Actor.unit("so-noi-vu")
    d.self_score(unit, "2019-11-10T09:00", "2.1.2", 1, ["lay-y-kien.pdf"])
    d.submit(unit, "2019-11-12T16:00")
    d.appraise(Actor.member("so_tu_phap"), "2019-11-20T08:00", "2.1.2", "0.5")
    d.explain(unit, "2019-11-29T09:00", "2.1.2", "Đã lấy ý kiến đủ", ["bo-sung.pdf"])
    return d


def test_s6_members_cannot_act_after_the_lock_and_the_standing_body_records_the_review(rs: parindex.RuleSet) -> None:
    """Regression (issue 23, item 1): a member could re-appraise 07/12–17/12 (two rounds)."""
    d = _appraised(rs)
    before = d.to_json()
    for at in ("2019-12-10T09:00", "2019-12-16T09:00"):
        with pytest.raises(parindex.WorkflowError) as info:
            d.appraise(Actor.member("so_tu_phap"), at, "2.1.1", "1")
        assert info.value.code == "workflow.locked" and "không thể thao tác nữa" in str(info.value)
        with pytest.raises(parindex.WorkflowError) as info:
            d.review(Actor.member("so_noi_vu"), at, "2.1.2", "1")
        assert info.value.code == "workflow.locked"
    assert d.to_json() == before
    assert not hasattr(d, "reappraise")
    # S8: Sở Nội vụ compiles 09–13/12; the council's decision is recorded at its review (16–17/12).
    assert d.phase_at("2019-12-10T09:00") == "compilation"
    with pytest.raises(parindex.WorkflowError) as info:
        d.review(SEC, "2019-12-10T09:00", "2.1.2", "1")
    assert info.value.code == "workflow.review_not_open"
    with pytest.raises(parindex.WorkflowError) as info:
        d.review(SEC, "2019-12-16T09:00", "2.1.1", "1")
    assert info.value.code == "workflow.not_explained"
    events = d.review(SEC, "2019-12-16T09:00", "2.1.2", "1", note="Hội đồng chấp nhận giải trình", explanation=0)
    assert events[-1]["act"]["kind"] == "review"
    assert events[-1]["basis"]["rules"] == ["S6", "S8"]
    assert events[-1]["basis"]["step"]["vi"].startswith("Bước 5")
    review = d.state["items"]["2.1.2"]["review"]
    assert review["points"] == Decimal("1") and review["recorded_by"] == "so_noi_vu"
    assert review["explanation"] == 0 and review["at"] == "2019-12-16T09:00:00"
    with pytest.raises(parindex.WorkflowError) as info:
        d.review(SEC, "2019-12-17T09:00", "2.1.2", "0.5")
    assert info.value.code == "workflow.already_reviewed"
    with pytest.raises(parindex.WorkflowError) as info:  # the council's review is 16–17/12
        d.review(SEC, "2019-12-18T09:00", "2.1.2", "0.5")
    assert info.value.code == "workflow.review_closed"
    node = next(n for n in d.score().nodes if n.code == "2.1.2")
    assert node.points == Decimal("1.00") and node.source == "reappraised"
    assert "Hội đồng xem xét: 1" in node.history.notes[-1]


def test_a_stored_schedule_that_differs_from_the_rule_set_is_refused_s6(rs: parindex.RuleSet) -> None:
    """Regression (issue 23, item 3): a record with a moved lock was read and late acts accepted."""
    d = _appraised(rs)
    stored = json.loads(d.to_json())
    stored["schedule"]["lock"] = "2019-12-27T00:00:00"
    with pytest.raises(parindex.WorkflowError) as info:
        Dossier.from_json(rs, json.dumps(stored))
    assert (info.value.code, info.value.path) == ("workflow.schedule_mismatch", "$.schedule.lock")
    stored = json.loads(d.to_json())
    stored["schedule"]["review"]["end"] = "2019-12-31T00:00:00"
    with pytest.raises(parindex.WorkflowError) as info:
        Dossier.from_json(rs, json.dumps(stored))
    assert (info.value.code, info.value.path) == ("workflow.schedule_mismatch", "$.schedule.review.end")


TAN_LAC = {
    "periods": [
        {"id": "self_assessment", "start": "2019-11-01", "end": "2019-11-22"},
        {"id": "appraisal", "start": "2019-11-25", "end": "2019-12-04"},
        {"id": "explanation", "start": "2019-12-06", "end": "2019-12-13"},
        {"id": "council_review", "start": "2019-12-19", "end": "2019-12-20"},
        {"id": "announcement", "start": "2019-12-26", "end": "2019-12-26"},
    ]
}


def test_s10_commune_dossiers_open_with_their_districts_calendar(rs: parindex.RuleSet) -> None:
    """Regression (issue 23, item 4): with the built-in rule set, workflow.missing_period."""
    with pytest.raises(parindex.WorkflowError) as info:
        Dossier.open(rs, "xa-phong-phu", "Xã Phong Phú", "commune", parent="tan_lac")
    assert info.value.code == "workflow.missing_calendar"
    d = Dossier.open(rs, "xa-phong-phu", "Xã Phong Phú", "commune", parent="tan_lac", calendar=TAN_LAC)
    assert d.calendar == TAN_LAC and d.schedule["lock"] == "2019-12-05T00:00:00"
    unit = Actor.unit("xa-phong-phu")
    d.self_score(unit, "2019-11-15T08:00", "1.1", 1, ["kh.pdf"])
    d.submit(unit, "2019-11-20T08:00")
    with pytest.raises(parindex.WorkflowError) as info:  # the province's council: not for communes
        d.appraise(Actor.member("so_noi_vu"), "2019-11-26T08:00", "1.1", 1)
    assert info.value.code == "workflow.wrong_council"
    d.appraise(Actor.member("so_noi_vu", district="tan_lac"), "2019-11-26T08:00", "1.1", 1)
    d.announce(Actor.chairman(district="tan_lac"), "2019-12-26T09:00")
    assert d.phase == "announced" and d.score().block == "commune/tan_lac"
    assert Dossier.from_json(rs, d.to_json()).to_dict() == d.to_dict()
    # S10: the district reports before 31/12/2019, so nothing of its calendar ends after 30/12.
    late = json.loads(json.dumps(TAN_LAC))
    late["periods"][4] = {"id": "announcement", "start": "2019-12-31", "end": "2019-12-31"}
    with pytest.raises(parindex.WorkflowError) as info:
        Dossier.open(rs, "xa-phong-phu", "Xã Phong Phú", "commune", parent="tan_lac", calendar=late)
    assert (info.value.code, info.value.path) == ("workflow.outside_template", "$.calendar.periods[4].start")
    with pytest.raises(parindex.InputError) as info:
        Dossier.open(rs, "x", "X", "commune", parent="tan_lac", calendar={"periods": [{"id": "appraisal"}]})
    assert info.value.code == "input.invalid_calendar"


def test_s2_s9_the_dossier_score_is_the_full_index_once_the_components_are_entered(rs: parindex.RuleSet) -> None:
    """Regression (issue 23, item 5): a perfect dossier showed 56.00 with no way to add IT and survey."""
    d = Dossier.open(rs, "so-noi-vu", "Sở Nội vụ", "department")
    unit = Actor.unit("so-noi-vu")
    leaves = [n for n in d.score().nodes if n.leaf and n.max_points > 0]
    for n in leaves:
        d.self_score(unit, "2019-11-12T08:00", n.code, n.max_points, ["tl.pdf"])
    d.submit(unit, "2019-11-15T08:00")
    score = d.score()
    assert score.index == Decimal("56.00")
    pending = [(w["code"], w["path"]) for w in score.warnings if w["code"] == "workflow.component_pending"]
    assert pending == [("workflow.component_pending", "$.components.it"), ("workflow.component_pending", "$.components.survey")]
    with pytest.raises(parindex.WorkflowError) as info:
        d.enter_component(Actor.chairman(), "2019-12-10T09:00", "it", points="4")
    assert info.value.code == "workflow.not_authorised"
    with pytest.raises(parindex.WorkflowError) as info:
        d.enter_component(SEC, "2019-12-10T09:00", "survey", points="40")
    assert info.value.code == "workflow.component_kind"
    d.enter_component(SEC, "2019-12-10T09:00", "it", points=Decimal("4"), note="QĐ công bố CNTT")
    d.enter_component(SEC, "2019-12-10T09:05", "survey", percentage="100")
    assert d.state["components"]["survey"]["percentage"] == Decimal("100")
    score = d.score()
    assert score.index == Decimal("100.00")
    assert not [w for w in score.warnings if w["code"] == "workflow.component_pending"]
    with pytest.raises(parindex.WorkflowError) as info:
        d.enter_component(SEC, "2019-12-18T09:00", "it", points="3")
    assert info.value.code == "workflow.component_closed"


def test_s5_javascript_and_python_times_with_fractions_of_a_second(rs: parindex.RuleSet) -> None:
    """Regression (issue 23, item 6): `toISOString()` was refused with workflow.bad_time."""
    d = Dossier.open(rs, "so-noi-vu", "Sở Nội vụ", "department")
    unit = Actor.unit("so-noi-vu")
    # 16:59:59.998 UTC is 23:59:59.998 on 17/11 in Vietnam: before the deadline (S5).
    d.self_score(unit, "2019-11-17T16:59:59.998Z", "2.1.2", 1, ["a.pdf"])
    # A naive datetime is Vietnam time; its microseconds are kept and compared exactly.
    with pytest.raises(parindex.WorkflowError) as info:
        d.submit(unit, datetime.datetime(2019, 11, 17, 23, 59, 59, 997000))
    assert info.value.code == "workflow.time_order"
    d.submit(unit, datetime.datetime(2019, 11, 17, 23, 59, 59, 999500))
    assert d.state["submitted_at"] == "2019-11-17T23:59:59.9995"
    late = Dossier.open(rs, "so-noi-vu", "Sở Nội vụ", "department")
    utc = datetime.timezone.utc
    with pytest.raises(parindex.WorkflowError) as info:
        late.submit(unit, datetime.datetime(2019, 11, 17, 17, 0, 0, tzinfo=utc))
    assert info.value.code == "workflow.self_assessment_closed"
    assert late.phase_at("2019-11-17T16:59:59.999999999Z") == "draft"
    assert late.phase_at("2019-11-17T17:00:00.000Z") == "under_appraisal"


def test_a_calendar_without_its_utc_offset_is_a_validation_error() -> None:
    definition = json.loads((pathlib.Path(__file__).resolve().parents[2] / "fixtures/rulesets/hoabinh-1440-2019.json").read_text("utf-8"))
    del definition["calendar"]["utc_offset"]
    issues = parindex.validate(definition)
    assert [(i["code"], i["path"]) for i in issues] == [("ruleset.missing_utc_offset", "$.calendar.utc_offset")]
