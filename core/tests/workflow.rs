//! The assessment workflow (issues 5 and 23): the 2019 calendar walked through, one test per
//! forbidden act, replay and scoring, and a property test over random operation sequences.
//!
//! Rules checked (domain.md §3): S2/S9 components entered by the secretariat, S3 submit once, S5
//! automatic appraisal at the deadline, S6 lock at the end of 26/11 (no member acts after it), S7
//! remit / once / unevidenced self scores, S8 explanation window, the council's reviewed decision
//! recorded by the standing body, announcement, S10 communes appraised by their district's council
//! along the calendar it sets from the rule set's template.

mod common;
use parindex::input::ComponentInput;
use parindex::result::{NodeStatus, PointSource};
use parindex::workflow::DateTime;
use parindex::workflow::{
    codes, periods, Act, Actor, DistrictCalendar, Dossier, Event, Phase, Schedule, Trigger,
};
use parindex::{Decimal, Error, RuleSet};
use proptest::prelude::*;

/// A small rule set with the 2019 calendar of the Hòa Bình guidance.
const RULESET: &str = r#"{
  "format_version": 1,
  "id": "test-workflow-2019",
  "title": {"vi": "Bộ chỉ số thử nghiệm quy trình"},
  "decision": {"number": "1440/QĐ-UBND", "date": "2018-06-19"},
  "year": 2019,
  "status": "provisional",
  "levels": [
    {"id": "department", "label": {"vi": "Sở, ban, ngành"},
     "components": [{"id": "evidence", "label": {"vi": "Điểm thẩm định"}, "kind": "rubric"}],
     "nodes": [
       {"code": "1", "label": {"vi": "Chỉ đạo, điều hành"}, "max_points": "3", "source": "reconstructed", "children": [
         {"code": "1.1", "label": {"vi": "Kế hoạch CCHC"}, "max_points": "1", "source": "reconstructed", "rule": {"kind": "manual", "step": "0.25"}},
         {"code": "1.2", "label": {"vi": "Báo cáo CCHC"}, "max_points": "2", "source": "reconstructed", "rule": {"kind": "manual"}}]},
       {"code": "2", "label": {"vi": "Văn bản QPPL"}, "max_points": "3", "source": "reconstructed", "appraiser": "justice", "children": [
         {"code": "2.1", "label": {"vi": "Xây dựng VBQPPL"}, "max_points": "2", "source": "reconstructed", "rule": {"kind": "manual"}},
         {"code": "2.2", "label": {"vi": "Rà soát VBQPPL"}, "max_points": "1", "source": "reconstructed", "rule": {"kind": "met"}}]},
       {"code": "6", "label": {"vi": "Tài chính công"}, "max_points": "4", "source": "reconstructed", "children": [
         {"code": "6.1", "label": {"vi": "Ngân sách"}, "max_points": "2", "source": "reconstructed", "rule": {"kind": "manual"}},
         {"code": "6.2", "label": {"vi": "Tự chủ"}, "max_points": "2", "source": "reconstructed", "groups": ["department"], "rule": {"kind": "manual"}}]}
     ]},
    {"id": "commune", "label": {"vi": "UBND cấp xã"}, "block_by": "parent",
     "components": [{"id": "evidence", "label": {"vi": "Điểm thẩm định"}, "kind": "rubric"}],
     "nodes": [
       {"code": "1", "label": {"vi": "Chỉ đạo"}, "max_points": "2", "source": "reconstructed", "rule": {"kind": "manual"}},
       {"code": "2", "label": {"vi": "Pháp luật"}, "max_points": "2", "source": "reconstructed", "rule": {"kind": "manual"}}
     ]}
  ],
  "groups": [
    {"id": "department", "level": "department", "label": {"vi": "Sở (56 điểm)"}, "max_points": "10"},
    {"id": "department_small", "level": "department", "label": {"vi": "Sở (52 điểm)"}, "max_points": "8"},
    {"id": "commune", "level": "commune", "label": {"vi": "Xã"}, "max_points": "4"}
  ],
  "rounding": {"scale": 2, "mode": "half_up", "stages": ["percentage", "leaf", "component", "index"]},
  "bands": [{"id": "all", "label": {"vi": "Tất cả"}, "min": "0", "max": "100", "max_inclusive": true}],
  "calendar": {"utc_offset": "+07:00", "periods": [
    {"id": "self_assessment", "label": {"vi": "Tự đánh giá (trước 18/11/2019)"}, "start": "2019-10-01", "end": "2019-11-17", "levels": ["department"]},
    {"id": "appraisal", "label": {"vi": "Thẩm định"}, "start": "2019-11-18", "end": "2019-11-25", "levels": ["department"]},
    {"id": "results_submission", "label": {"vi": "Gửi kết quả; hết ngày khóa phần mềm"}, "start": "2019-11-26", "end": "2019-11-26", "levels": ["department"]},
    {"id": "explanation", "label": {"vi": "Giải trình"}, "start": "2019-11-27", "end": "2019-12-06", "levels": ["department"]},
    {"id": "report_drafting", "label": {"vi": "Sở Nội vụ tổng hợp, dự thảo"}, "start": "2019-12-09", "end": "2019-12-13", "levels": ["department"]},
    {"id": "council_review", "label": {"vi": "Hội đồng rà soát báo cáo"}, "start": "2019-12-16", "end": "2019-12-17", "levels": ["department"]},
    {"id": "announcement", "label": {"vi": "Công bố"}, "start": "2019-12-18", "end": "2019-12-18", "levels": ["department"]},
    {"id": "commune_report", "label": {"vi": "Báo cáo cấp xã"}, "start": "2019-11-18", "end": "2019-12-30", "levels": ["commune"]}
  ],
  "templates": [
    {"level": "commune", "label": {"vi": "Lịch cấp xã do huyện ban hành (báo cáo trước 31/12/2019)"}, "start": "2019-01-01", "end": "2019-12-30",
     "periods": [
       {"id": "self_assessment", "label": {"vi": "Xã tự đánh giá"}},
       {"id": "appraisal", "label": {"vi": "Huyện thẩm định"}},
       {"id": "results_submission", "label": {"vi": "Gửi kết quả"}, "optional": true},
       {"id": "explanation", "label": {"vi": "Giải trình"}},
       {"id": "council_review", "label": {"vi": "Hội đồng huyện rà soát"}, "optional": true},
       {"id": "announcement", "label": {"vi": "Huyện công bố"}}
     ]}
  ]},
  "council": {
    "members": [
      {"id": "home_affairs", "label": {"vi": "Sở Nội vụ"}, "standing": true},
      {"id": "justice", "label": {"vi": "Sở Tư pháp"}},
      {"id": "finance", "label": {"vi": "Sở Tài chính"}, "remit": {"department": ["6"], "commune": ["2"]}}
    ],
    "delegated_levels": ["commune"]
  }
}"#;

const UNIT: &str = "so-tu-phap";

fn rs() -> RuleSet {
    RuleSet::from_json(RULESET).unwrap()
}

fn rs_with(edit: impl FnOnce(&mut serde_json::Value)) -> RuleSet {
    let mut v: serde_json::Value = serde_json::from_str(RULESET).unwrap();
    edit(&mut v);
    RuleSet::from_value(&v).unwrap()
}

fn t(s: &str) -> DateTime {
    DateTime::parse_in(s, 420).unwrap()
}

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn unit() -> Actor {
    Actor::unit(UNIT)
}

fn open(rs: &RuleSet) -> Dossier {
    Dossier::open(rs, UNIT, "Sở Tư pháp", "department", None).unwrap()
}

/// A dossier self-scored on every leaf (2.1 without evidence) and submitted on 15/11.
fn submitted(rs: &RuleSet) -> Dossier {
    let mut x = open(rs);
    let u = unit();
    x.self_score(
        rs,
        &u,
        t("2019-11-10T08:00"),
        "1.1",
        d("1"),
        &["ke-hoach-cchc.pdf"],
    )
    .unwrap();
    x.self_score(
        rs,
        &u,
        t("2019-11-10T08:05"),
        "1.2",
        d("2"),
        &["bao-cao-q1.pdf", "bao-cao-q2.pdf"],
    )
    .unwrap();
    x.self_score(rs, &u, t("2019-11-10T08:10"), "2.1", d("2"), &[])
        .unwrap();
    x.self_score(
        rs,
        &u,
        t("2019-11-10T08:15"),
        "2.2",
        d("1"),
        &["ra-soat.pdf"],
    )
    .unwrap();
    x.self_score(
        rs,
        &u,
        t("2019-11-10T08:20"),
        "6.1",
        d("2"),
        &["du-toan.pdf"],
    )
    .unwrap();
    x.self_score(
        rs,
        &u,
        t("2019-11-10T08:25"),
        "6.2",
        d("1.5"),
        &["quy-che.pdf"],
    )
    .unwrap();
    x.submit(rs, &u, t("2019-11-15T16:00")).unwrap();
    x
}

/// `submitted` + first-round appraisals by three members in their own fields.
fn appraised(rs: &RuleSet) -> Dossier {
    let mut x = submitted(rs);
    let (ha, ju, fi) = (
        Actor::member("home_affairs"),
        Actor::member("justice"),
        Actor::member("finance"),
    );
    x.appraise(rs, &ha, t("2019-11-19T09:00"), "1.1", d("1"), None)
        .unwrap();
    x.appraise(
        rs,
        &ha,
        t("2019-11-19T09:10"),
        "1.2",
        d("1.5"),
        Some("thiếu báo cáo quý 3"),
    )
    .unwrap();
    x.appraise(
        rs,
        &ju,
        t("2019-11-20T10:00"),
        "2.1",
        d("0.5"),
        Some("không có tài liệu kiểm chứng"),
    )
    .unwrap();
    x.appraise(rs, &fi, t("2019-11-21T14:00"), "6.1", d("2"), None)
        .unwrap();
    x
}

/// Refuse `op` with `code` and check that nothing changed.
fn refused(x: &mut Dossier, code: &str, op: impl FnOnce(&mut Dossier) -> Result<(), Error>) {
    let before = x.clone();
    let err = op(x).expect_err("the act must be refused");
    assert_eq!(err.code(), code, "unexpected refusal: {err}");
    assert!(matches!(err, Error::Workflow(_)), "{err:?}");
    assert_eq!(*x, before, "a refused act changed the dossier");
}

fn ok(r: Result<&[Event], Error>) -> Result<(), Error> {
    r.map(|_| ())
}

// ---------------------------------------------------------------------------------------------
// The 2019 calendar

#[test]
fn s5_s6_s8_schedule_2019_is_read_from_the_calendar() {
    let s = Schedule::from_ruleset(&rs(), "department").unwrap();
    assert_eq!(s.utc_offset_minutes, 420);
    assert_eq!(s.self_assessment_start, t("2019-10-01T00:00"));
    // S5: dossiers must reach the council before 18/11/2019.
    assert_eq!(s.deadline, t("2019-11-18T00:00"));
    assert_eq!(s.appraisal_start, t("2019-11-18T00:00"));
    // S6: at the end of 26/11 the software locks.
    assert_eq!(s.lock, t("2019-11-27T00:00"));
    // S8: explanation 27/11–06/12.
    assert_eq!(s.explanation_start, t("2019-11-27T00:00"));
    assert_eq!(s.explanation_end, t("2019-12-07T00:00"));
    // S8: the council reviews the report 16–17/12.
    let w = s.review.clone().unwrap();
    assert_eq!(
        (w.start, w.end),
        (t("2019-12-16T00:00"), t("2019-12-18T00:00"))
    );
    // S8: 18/12 submitted to the Chairman for announcement.
    assert_eq!(s.announcement, t("2019-12-18T00:00"));
    // Times with an explicit offset are converted to the calendar's local time.
    assert_eq!(
        s.time("2019-11-26T17:00:00Z").unwrap(),
        t("2019-11-27T00:00")
    );
    assert_eq!(s.time("26/11/2019").unwrap_err().code(), codes::BAD_TIME);
}

#[test]
fn s3_s5_s6_s7_s8_a_department_walks_through_2019() {
    let rs = rs();
    let mut x = open(&rs);
    let u = unit();
    assert_eq!(x.phase(), Phase::Draft);
    // S3: self-scoring with evidence, then one submission before the deadline (17/11 23:59:59).
    x.self_score(
        &rs,
        &u,
        t("2019-11-10T08:00"),
        "1.1",
        d("1"),
        &["ke-hoach.pdf"],
    )
    .unwrap();
    x.self_score(&rs, &u, t("2019-11-10T08:00"), "2.1", d("2"), &[])
        .unwrap();
    x.self_score(
        &rs,
        &u,
        t("2019-11-11T08:00"),
        "1.1",
        d("0.75"),
        &["ke-hoach-v2.pdf"],
    )
    .unwrap(); // draft: may change
    x.submit(&rs, &u, t("2019-11-17T23:59:59")).unwrap();
    assert_eq!(x.phase(), Phase::Submitted);
    assert_eq!(x.phase_at(&t("2019-11-17T23:59:59")), Phase::Submitted);
    // S6: appraisal opens on 18/11.
    assert_eq!(x.phase_at(&t("2019-11-18T00:00")), Phase::UnderAppraisal);
    // S7: each member in their own field.
    let ev = x
        .appraise(
            &rs,
            &Actor::member("home_affairs"),
            t("2019-11-18T08:00"),
            "1.1",
            d("0.75"),
            None,
        )
        .unwrap();
    assert_eq!(ev.len(), 2, "the transition is recorded before the act");
    assert_eq!(
        ev[0].act,
        Act::Transition {
            from: Phase::Submitted,
            to: Phase::UnderAppraisal,
            trigger: Trigger::AppraisalStart
        }
    );
    assert_eq!(ev[0].at, t("2019-11-18T00:00"));
    x.appraise(
        &rs,
        &Actor::member("justice"),
        t("2019-11-26T23:59:59"),
        "2.1",
        d("0"),
        Some("không có tài liệu"),
    )
    .unwrap(); // S6: 26/11 is still open
               // S6: locked at the end of 26/11, explanation window from 27/11 (S8).
    assert_eq!(x.phase_at(&t("2019-11-27T00:00")), Phase::Explanation);
    x.explain(
        &rs,
        &u,
        t("2019-11-27T00:00"),
        "2.1",
        "Đã ban hành 2 văn bản",
        &["qd-01.pdf", "qd-02.pdf"],
    )
    .unwrap();
    x.explain(
        &rs,
        &u,
        t("2019-12-06T23:59:59"),
        "2.1",
        "Bổ sung thêm",
        &["qd-03.pdf"],
    )
    .unwrap();
    // S8: Sở Nội vụ compiles 09–13/12; the council reviews 16–17/12.
    assert_eq!(x.phase_at(&t("2019-12-07T00:00")), Phase::Compilation);
    assert_eq!(x.phase_at(&t("2019-12-16T00:00")), Phase::Review);
    x.review(
        &rs,
        &Actor::secretariat(),
        t("2019-12-16T09:00"),
        "2.1",
        d("1.5"),
        None,
        Some("Hội đồng chấp nhận giải trình"),
    )
    .unwrap();
    assert_eq!(x.phase_at(&t("2019-12-17T23:59:59")), Phase::Review);
    assert_eq!(x.phase_at(&t("2019-12-18T00:00")), Phase::Final);
    // S8: announced on 18/12 by the Chairman.
    x.announce(&rs, &Actor::chairman(), t("2019-12-18T10:00"))
        .unwrap();
    assert_eq!(x.phase(), Phase::Announced);
    let phases: Vec<(Phase, Trigger, DateTime)> = x
        .log()
        .iter()
        .filter_map(|e| match e.act {
            Act::Transition { to, trigger, .. } => Some((to, trigger, e.at.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(
        phases,
        vec![
            (
                Phase::UnderAppraisal,
                Trigger::AppraisalStart,
                t("2019-11-18T00:00")
            ),
            (Phase::Locked, Trigger::Lock, t("2019-11-27T00:00")),
            (
                Phase::Explanation,
                Trigger::ExplanationStart,
                t("2019-11-27T00:00")
            ),
            (
                Phase::Compilation,
                Trigger::ExplanationEnd,
                t("2019-12-07T00:00")
            ),
            (Phase::Review, Trigger::ReviewStart, t("2019-12-16T00:00")),
            (Phase::Final, Trigger::ReviewEnd, t("2019-12-18T00:00")),
        ]
    );
    for (i, e) in x.log().iter().enumerate() {
        assert_eq!(e.seq, i as u64 + 1);
    }
    let score = x.score(&rs).unwrap();
    let n = |c: &str| score.nodes.iter().find(|n| &*n.code == c).unwrap().clone();
    assert_eq!(n("1.1").points, d("0.75"));
    assert_eq!(n("2.1").points, d("1.5"));
    assert_eq!(n("2.1").source, Some(PointSource::Reappraised));
}

#[test]
fn s5_an_unsubmitted_dossier_is_appraised_as_it_stands_after_the_deadline() {
    let rs = rs();
    let mut x = open(&rs);
    x.self_score(
        &rs,
        &unit(),
        t("2019-11-12T08:00"),
        "1.2",
        d("2"),
        &["bc.pdf"],
    )
    .unwrap();
    x.self_score(&rs, &unit(), t("2019-11-12T08:00"), "2.1", d("2"), &[])
        .unwrap();
    assert_eq!(x.phase_at(&t("2019-11-17T23:59:59")), Phase::Draft);
    assert_eq!(x.phase_at(&t("2019-11-18T00:00")), Phase::UnderAppraisal);
    let ev = x.advance(t("2019-11-18T07:00")).unwrap().to_vec();
    assert_eq!(ev.len(), 1);
    assert_eq!(ev[0].actor, Actor::System);
    assert_eq!(
        ev[0].act,
        Act::Transition {
            from: Phase::Draft,
            to: Phase::UnderAppraisal,
            trigger: Trigger::SelfAssessmentDeadline
        }
    );
    assert!(x.state().moved_automatically);
    assert!(x.state().submitted_at.is_none());
    // The council appraises the dossier as it stands.
    x.appraise(
        &rs,
        &Actor::member("home_affairs"),
        t("2019-11-19T08:00"),
        "1.1",
        d("0"),
        Some("không có kế hoạch"),
    )
    .unwrap();
    let s = x.score(&rs).unwrap();
    let n = |c: &str| s.nodes.iter().find(|n| &*n.code == c).unwrap().clone();
    assert_eq!(n("1.1").source, Some(PointSource::Appraised));
    assert_eq!(n("1.2").source, Some(PointSource::SelfScore)); // recognised: evidence attached (S7)
    assert_eq!(n("1.2").points, d("2"));
    assert_eq!(n("2.1").status, NodeStatus::NotRecognised); // S7: no evidence
    assert_eq!(n("2.1").points, d("0"));
}

#[test]
fn s6_the_lock_falls_at_the_end_of_the_results_day() {
    let rs = rs();
    let mut x = submitted(&rs);
    x.appraise(
        &rs,
        &Actor::member("finance"),
        t("2019-11-26T23:59:59"),
        "6.1",
        d("1"),
        None,
    )
    .unwrap();
    assert_eq!(x.phase_at(&t("2019-11-26T23:59:59")), Phase::UnderAppraisal);
    assert_eq!(x.phase_at(&t("2019-11-27T00:00:00")), Phase::Explanation);
    refused(&mut x, codes::LOCKED, |x| {
        ok(x.appraise(
            &rs,
            &Actor::member("finance"),
            t("2019-11-27T00:00"),
            "6.2",
            d("1"),
            None,
        ))
    });
}

#[test]
fn s6_lock_falls_at_the_end_of_appraisal_when_there_is_no_results_day() {
    let rs = rs_with(|v| {
        let periods = v["calendar"]["periods"].as_array_mut().unwrap();
        periods.retain(|p| p["id"] != "results_submission");
    });
    let s = Schedule::from_ruleset(&rs, "department").unwrap();
    assert_eq!(s.lock, t("2019-11-26T00:00"));
}

#[test]
fn s7_remit_follows_the_fields_of_each_member() {
    let rs = rs();
    let m = parindex::workflow::remit_map(&rs, "department").unwrap();
    let get = |c: &str| m.get(c).map(String::as_str);
    assert_eq!(get("1.1"), Some("home_affairs")); // standing member: whatever no one else covers
    assert_eq!(get("1.2"), Some("home_affairs"));
    assert_eq!(get("2.1"), Some("justice")); // `appraiser` on field 2, inherited
    assert_eq!(get("2.2"), Some("justice"));
    assert_eq!(get("6.1"), Some("finance")); // member remit lists field 6
    assert_eq!(get("6.2"), Some("finance"));
    assert_eq!(
        parindex::workflow::appraiser_of(&rs, "commune", "2").unwrap(),
        "finance"
    );
    assert_eq!(
        parindex::workflow::appraiser_of(&rs, "commune", "1").unwrap(),
        "home_affairs"
    );
}

#[test]
fn s7_the_nearest_declaration_wins() {
    // Field 6 is finance's by remit; a sub-criterion declared for justice stays justice's.
    let rs = rs_with(|v| {
        v["levels"][0]["nodes"][2]["children"][1]["appraiser"] = "justice".into();
    });
    let m = parindex::workflow::remit_map(&rs, "department").unwrap();
    assert_eq!(m["6.1"], "finance");
    assert_eq!(m["6.2"], "justice");
}

#[test]
fn s7_scores_take_the_best_available_value_with_its_history() {
    let rs = rs();
    let mut x = appraised(&rs);
    let u = unit();
    x.explain(
        &rs,
        &u,
        t("2019-11-28T09:00"),
        "2.1",
        "Đã ban hành 2 quyết định",
        &["qd-12.pdf"],
    )
    .unwrap();
    x.explain(
        &rs,
        &u,
        t("2019-11-28T09:30"),
        "1.2",
        "Báo cáo quý 3 gửi qua hệ thống",
        &[],
    )
    .unwrap();
    x.review(
        &rs,
        &Actor::secretariat(),
        t("2019-12-16T09:00"),
        "2.1",
        d("1.75"),
        None,
        Some("chấp nhận một phần"),
    )
    .unwrap();
    let s = x.score(&rs).unwrap();
    let n = |c: &str| s.nodes.iter().find(|n| &*n.code == c).unwrap().clone();
    // The council's reviewed decision wins.
    let n21 = n("2.1");
    assert_eq!(n21.points, d("1.75"));
    assert_eq!(n21.source, Some(PointSource::Reappraised));
    assert_eq!(n21.history().self_score, Some(d("2")));
    assert_eq!(n21.history().appraised, Some(d("0.5")));
    assert_eq!(n21.history().reappraised, Some(d("1.75")));
    assert_eq!(n21.history().notes.len(), 3);
    assert!(n21.history().notes[0]
        .starts_with("thẩm định 0.5 điểm, do justice lúc 2019-11-20T10:00:00"));
    assert!(n21.history().notes[1]
        .starts_with("giải trình lúc 2019-11-28T09:00:00: Đã ban hành 2 quyết định"));
    assert!(n21.history().notes[1].contains("qd-12.pdf"));
    assert!(
        n21.history().notes[2].starts_with(
            "Hội đồng xem xét: 1.75 điểm (trả lời giải trình lúc 2019-11-28T09:00:00), do \
             home_affairs ghi nhận lúc 2019-12-16T09:00:00"
        ),
        "{}",
        n21.history().notes[2]
    );
    // The same history in English.
    let en = parindex::with_lang(parindex::Lang::En, || x.score(&rs).unwrap());
    let en21 = en.nodes.iter().find(|n| &*n.code == "2.1").unwrap();
    assert!(en21.history().notes[0].starts_with("appraised 0.5 by justice at 2019-11-20T10:00:00"));
    assert!(
        en21.history().notes[2].starts_with(
            "reviewed by the council 1.75 answering the explanation of 2019-11-28T09:00:00, recorded by \
             home_affairs at 2019-12-16T09:00:00"
        ),
        "{}",
        en21.history().notes[2]
    );
    // Explained but not decided again: the appraisal stands.
    let n12 = n("1.2");
    assert_eq!(n12.points, d("1.5"));
    assert_eq!(n12.source, Some(PointSource::Appraised));
    assert!(n12.history().notes[1].starts_with("giải trình"));
    // Not appraised: the self score with evidence is recognised.
    let n22 = n("2.2");
    assert_eq!(n22.source, Some(PointSource::SelfScore));
    assert_eq!(n22.points, d("1"));
    assert_eq!(n22.history().evidence, vec!["ra-soat.pdf".to_string()]);
    // 1 + 1.5 + 1.75 + 1 + 2 + 1.5
    assert_eq!(s.rubric_points, d("8.75"));
    assert_eq!(s.index, d("87.50"));
}

#[test]
fn s7_unevidenced_self_score_is_not_recognised_and_explanation_evidence_alone_does_not_change_it() {
    let rs = rs();
    let mut x = open(&rs);
    x.self_score(&rs, &unit(), t("2019-11-10T08:00"), "2.1", d("2"), &[])
        .unwrap();
    x.submit(&rs, &unit(), t("2019-11-11T08:00")).unwrap();
    x.explain(
        &rs,
        &unit(),
        t("2019-11-29T08:00"),
        "2.1",
        "Bổ sung tài liệu",
        &["qd.pdf"],
    )
    .unwrap();
    let s = x.score(&rs).unwrap();
    let n = s.nodes.iter().find(|n| &*n.code == "2.1").unwrap();
    assert_eq!(n.status, NodeStatus::NotRecognised);
    assert_eq!(n.points, d("0"));
    // Only the council's reviewed decision can turn the added evidence into points.
    x.review(
        &rs,
        &Actor::secretariat(),
        t("2019-12-16T08:00"),
        "2.1",
        d("2"),
        None,
        None,
    )
    .unwrap();
    let s = x.score(&rs).unwrap();
    let n = s.nodes.iter().find(|n| &*n.code == "2.1").unwrap();
    assert_eq!(
        (n.points, n.source),
        (d("2"), Some(PointSource::Reappraised))
    );
}

/// The calendar Tân Lạc sets for its communes, filling the rule set's template (S10).
fn tan_lac_calendar() -> DistrictCalendar {
    serde_json::from_str(
        r#"{"periods": [
          {"id": "self_assessment", "start": "2019-11-01", "end": "2019-11-24"},
          {"id": "appraisal", "start": "2019-11-25", "end": "2019-12-05"},
          {"id": "explanation", "start": "2019-12-06", "end": "2019-12-12"},
          {"id": "council_review", "start": "2019-12-20", "end": "2019-12-20"},
          {"id": "announcement", "start": "2019-12-27", "end": "2019-12-27"}
        ]}"#,
    )
    .unwrap()
}

#[test]
fn s10_commune_dossiers_are_appraised_by_their_districts_council() {
    let rs = rs();
    // The rule set has a template for communes: the district sets the dates.
    let e = Dossier::open(&rs, "xa-tu-ne", "Xã Tú Nê", "commune", Some("tan-lac")).unwrap_err();
    assert_eq!(
        (e.code(), e.path()),
        (codes::MISSING_CALENDAR, "$.calendar.templates[0]")
    );
    let cal = tan_lac_calendar();
    let s = Schedule::for_district(&rs, "commune", &cal).unwrap();
    assert_eq!(s.utc_offset_minutes, 420, "the province's offset applies");
    assert_eq!(
        s.lock,
        t("2019-12-06T00:00"),
        "no results day: the lock ends the appraisal"
    );
    // A commune needs its district.
    let e = Dossier::open_with(
        &rs,
        "xa-tu-ne",
        "Xã Tú Nê",
        "commune",
        None,
        Some(cal.clone()),
    )
    .unwrap_err();
    assert_eq!(e.code(), codes::MISSING_PARENT);
    let mut x =
        Dossier::open_in_district(&rs, "xa-tu-ne", "Xã Tú Nê", "commune", "tan-lac", cal).unwrap();
    assert_eq!(x.schedule(), &s);
    let xa = Actor::unit("xa-tu-ne");
    x.self_score(&rs, &xa, t("2019-11-20T08:00"), "1", d("2"), &["kh.pdf"])
        .unwrap();
    x.submit(&rs, &xa, t("2019-11-20T09:00")).unwrap();
    // The provincial council does not appraise communes; another district's council neither.
    refused(&mut x, codes::WRONG_COUNCIL, |x| {
        ok(x.appraise(
            &rs,
            &Actor::member("home_affairs"),
            t("2019-11-26T08:00"),
            "1",
            d("1"),
            None,
        ))
    });
    refused(&mut x, codes::WRONG_COUNCIL, |x| {
        ok(x.appraise(
            &rs,
            &Actor::district_member("home_affairs", "mai-chau"),
            t("2019-11-26T08:00"),
            "1",
            d("1"),
            None,
        ))
    });
    x.appraise(
        &rs,
        &Actor::district_member("home_affairs", "tan-lac"),
        t("2019-11-26T08:00"),
        "1",
        d("1.5"),
        None,
    )
    .unwrap();
    refused(&mut x, codes::OUTSIDE_REMIT, |x| {
        ok(x.appraise(
            &rs,
            &Actor::district_member("justice", "tan-lac"),
            t("2019-11-26T08:00"),
            "2",
            d("1"),
            None,
        ))
    });
    let a = x.item("1").unwrap().appraisal.clone().unwrap();
    assert_eq!(a.district.as_deref(), Some("tan-lac"));
    // S6 holds for the district's council too: locked at the end of its appraisal.
    refused(&mut x, codes::LOCKED, |x| {
        ok(x.appraise(
            &rs,
            &Actor::district_member("justice", "tan-lac"),
            t("2019-12-06T08:00"),
            "2",
            d("1"),
            None,
        ))
    });
    x.explain(
        &rs,
        &xa,
        t("2019-12-08T08:00"),
        "1",
        "Bổ sung kế hoạch",
        &["kh-2.pdf"],
    )
    .unwrap();
    // The district's home-affairs office records its council's reviewed decision, not the
    // province's.
    refused(&mut x, codes::WRONG_COUNCIL, |x| {
        ok(x.review(
            &rs,
            &Actor::secretariat(),
            t("2019-12-20T09:00"),
            "1",
            d("2"),
            None,
            None,
        ))
    });
    x.review(
        &rs,
        &Actor::Secretariat {
            district: Some("tan-lac".into()),
        },
        t("2019-12-20T09:00"),
        "1",
        d("2"),
        None,
        None,
    )
    .unwrap();
    let r = x.item("1").unwrap().review.clone().unwrap();
    assert_eq!(
        (r.recorded_by.as_str(), r.district.as_deref()),
        ("home_affairs", Some("tan-lac"))
    );
    assert!(r.basis.rules.contains(&"S10".to_string()), "{:?}", r.basis);
    // The district's chairman announces (S10), not the province's.
    refused(&mut x, codes::WRONG_COUNCIL, |x| {
        ok(x.announce(&rs, &Actor::chairman(), t("2019-12-27T09:00")))
    });
    x.announce(
        &rs,
        &Actor::Chairman {
            district: Some("tan-lac".into()),
        },
        t("2019-12-27T09:00"),
    )
    .unwrap();
    let score = x.score(&rs).unwrap();
    assert_eq!(score.block, "commune/tan-lac"); // ranked within the district (S10)
    assert_eq!(score.rubric_points, d("2"));
    let n = score.nodes.iter().find(|n| &*n.code == "1").unwrap();
    assert!(n.history().notes[0].contains("home_affairs@tan-lac"));
    // The record keeps the district's calendar and reads back.
    let y = Dossier::from_json(&rs, &x.to_json()).unwrap();
    assert_eq!(y, x);
    assert_eq!(y.calendar(), Some(&tan_lac_calendar()));
}

#[test]
fn s10_a_districts_calendar_keeps_within_the_template() {
    let rs = rs();
    let fails = |edit: &dyn Fn(&mut serde_json::Value)| {
        let mut v = serde_json::to_value(tan_lac_calendar()).unwrap();
        edit(&mut v);
        let cal: DistrictCalendar = serde_json::from_value(v).unwrap();
        let e = Schedule::for_district(&rs, "commune", &cal).unwrap_err();
        (e.code().to_string(), e.path().to_string())
    };
    // S10: the district reports to the province before 31/12/2019: nothing ends after 30/12.
    assert_eq!(
        fails(&|v| v["periods"][4]["end"] = "2019-12-31".into()),
        (
            codes::OUTSIDE_TEMPLATE.into(),
            "$.calendar.periods[4].end".into()
        )
    );
    assert_eq!(
        fails(&|v| v["periods"][0]["start"] = "2018-12-01".into()),
        (
            codes::OUTSIDE_TEMPLATE.into(),
            "$.calendar.periods[0].start".into()
        )
    );
    assert_eq!(
        fails(&|v| {
            v["periods"].as_array_mut().unwrap().remove(2);
        }),
        (codes::MISSING_PERIOD.into(), "$.calendar.periods".into())
    );
    assert_eq!(
        fails(&|v| v["periods"][3]["id"] = "hop_dan".into()),
        (
            codes::UNKNOWN_PERIOD.into(),
            "$.calendar.periods[3].id".into()
        )
    );
    assert_eq!(
        fails(&|v| v["periods"][3]["id"] = "explanation".into()),
        (
            codes::BAD_CALENDAR.into(),
            "$.calendar.periods[3].id".into()
        )
    );
    // Its periods must follow the workflow's order (explanations after the lock).
    assert_eq!(
        fails(&|v| v["periods"][2]["start"] = "2019-12-01".into()).0,
        codes::BAD_CALENDAR
    );
    assert_eq!(
        fails(&|v| v["periods"][2]["end"] = "2019-12-40".into()),
        (
            codes::BAD_CALENDAR.into(),
            "$.calendar.periods[2].end".into()
        )
    );
    // A level without a template follows the rule set's calendar.
    let e = Schedule::for_district(&rs, "department", &tan_lac_calendar()).unwrap_err();
    assert_eq!(e.code(), codes::MISSING_PERIOD);
}

#[test]
fn without_a_council_review_period_the_results_stand_after_the_explanations() {
    let rs = rs_with(|v| {
        v["calendar"]["periods"]
            .as_array_mut()
            .unwrap()
            .retain(|p| p["id"] != periods::COUNCIL_REVIEW);
    });
    let mut x = submitted(&rs);
    assert!(x.schedule().review.is_none());
    x.explain(
        &rs,
        &unit(),
        t("2019-11-28T08:00"),
        "1.1",
        "Giải trình",
        &[],
    )
    .unwrap();
    assert_eq!(x.phase_at(&t("2019-12-07T00:00")), Phase::Final);
    refused(&mut x, codes::NO_REVIEW, |x| {
        ok(x.review(
            &rs,
            &Actor::secretariat(),
            t("2019-12-06T08:00"),
            "1.1",
            d("1"),
            None,
            None,
        ))
    });
}

// ---------------------------------------------------------------------------------------------
// Forbidden acts: each refused with its code, changing nothing.

#[test]
fn forbidden_second_submission_s3() {
    let rs = rs();
    let mut x = submitted(&rs);
    refused(&mut x, codes::ALREADY_SUBMITTED, |x| {
        ok(x.submit(&rs, &unit(), t("2019-11-16T08:00")))
    });
}

#[test]
fn forbidden_editing_after_submission_s3() {
    let rs = rs();
    let mut x = submitted(&rs);
    refused(&mut x, codes::ALREADY_SUBMITTED, |x| {
        ok(x.self_score(
            &rs,
            &unit(),
            t("2019-11-16T08:00"),
            "1.1",
            d("0.5"),
            &["x.pdf"],
        ))
    });
    refused(&mut x, codes::ALREADY_SUBMITTED, |x| {
        ok(x.apply(
            &rs,
            &unit(),
            t("2019-11-16T08:00"),
            Act::ClearSelfScore { code: "1.1".into() },
        ))
    });
}

#[test]
fn forbidden_self_scoring_after_the_deadline_s5() {
    let rs = rs();
    let mut x = open(&rs);
    refused(&mut x, codes::SELF_ASSESSMENT_CLOSED, |x| {
        ok(x.self_score(
            &rs,
            &unit(),
            t("2019-11-18T00:00"),
            "1.1",
            d("1"),
            &["a.pdf"],
        ))
    });
    refused(&mut x, codes::SELF_ASSESSMENT_CLOSED, |x| {
        ok(x.submit(&rs, &unit(), t("2019-11-18T00:00")))
    });
    assert!(
        x.log().is_empty(),
        "a refused act records no transition either"
    );
}

#[test]
fn forbidden_self_scoring_before_the_self_assessment_opens() {
    let rs = rs();
    let mut x = open(&rs);
    refused(&mut x, codes::SELF_ASSESSMENT_NOT_OPEN, |x| {
        ok(x.self_score(
            &rs,
            &unit(),
            t("2019-09-30T23:59:59"),
            "1.1",
            d("1"),
            &["a.pdf"],
        ))
    });
}

#[test]
fn forbidden_acting_on_another_units_dossier() {
    let rs = rs();
    let mut x = open(&rs);
    let other = Actor::unit("so-tai-chinh");
    refused(&mut x, codes::OTHER_UNIT, |x| {
        ok(x.self_score(&rs, &other, t("2019-11-10T08:00"), "1.1", d("1"), &[]))
    });
    refused(&mut x, codes::OTHER_UNIT, |x| {
        ok(x.submit(&rs, &other, t("2019-11-10T08:00")))
    });
    let mut y = appraised(&rs);
    refused(&mut y, codes::OTHER_UNIT, |y| {
        ok(y.explain(
            &rs,
            &other,
            t("2019-11-28T08:00"),
            "2.1",
            "không phải của tôi",
            &[],
        ))
    });
}

#[test]
fn forbidden_roles_acting_outside_their_role() {
    let rs = rs();
    let mut x = open(&rs);
    refused(&mut x, codes::NOT_AUTHORISED, |x| {
        ok(x.submit(&rs, &Actor::member("justice"), t("2019-11-10T08:00")))
    });
    refused(&mut x, codes::NOT_AUTHORISED, |x| {
        ok(x.self_score(
            &rs,
            &Actor::secretariat(),
            t("2019-11-10T08:00"),
            "1.1",
            d("1"),
            &[],
        ))
    });
    let mut y = submitted(&rs);
    refused(&mut y, codes::NOT_AUTHORISED, |y| {
        ok(y.appraise(&rs, &unit(), t("2019-11-19T08:00"), "1.1", d("1"), None))
    });
    refused(&mut y, codes::NOT_AUTHORISED, |y| {
        ok(y.appraise(
            &rs,
            &Actor::chairman(),
            t("2019-11-19T08:00"),
            "1.1",
            d("1"),
            None,
        ))
    });
    refused(&mut y, codes::NOT_AUTHORISED, |y| {
        ok(y.announce(&rs, &unit(), t("2019-12-18T08:00")))
    });
    refused(&mut y, codes::NOT_AUTHORISED, |y| {
        ok(y.announce(&rs, &Actor::member("home_affairs"), t("2019-11-20T08:00")))
    });
    // After the lock a member is refused for the lock itself (S6), whatever the act.
    refused(&mut y, codes::LOCKED, |y| {
        ok(y.announce(&rs, &Actor::member("home_affairs"), t("2019-12-18T08:00")))
    });
}

#[test]
fn forbidden_acting_as_the_system_or_forging_a_transition() {
    let rs = rs();
    let mut x = open(&rs);
    refused(&mut x, codes::NOT_AUTHORISED, |x| {
        ok(x.submit(&rs, &Actor::System, t("2019-11-10T08:00")))
    });
    let forged = Act::Transition {
        from: Phase::Draft,
        to: Phase::Final,
        trigger: Trigger::ReviewEnd,
    };
    refused(&mut x, codes::NOT_AUTHORISED, |x| {
        ok(x.apply(&rs, &Actor::secretariat(), t("2019-11-10T08:00"), forged))
    });
}

#[test]
fn forbidden_appraising_outside_ones_remit_s7() {
    let rs = rs();
    let mut x = submitted(&rs);
    refused(&mut x, codes::OUTSIDE_REMIT, |x| {
        ok(x.appraise(
            &rs,
            &Actor::member("finance"),
            t("2019-11-19T08:00"),
            "2.1",
            d("1"),
            None,
        ))
    });
    refused(&mut x, codes::OUTSIDE_REMIT, |x| {
        ok(x.appraise(
            &rs,
            &Actor::member("home_affairs"),
            t("2019-11-19T08:00"),
            "6.1",
            d("1"),
            None,
        ))
    });
}

#[test]
fn forbidden_appraising_an_item_twice_in_a_round_s7() {
    let rs = rs();
    let mut x = appraised(&rs);
    refused(&mut x, codes::ALREADY_APPRAISED, |x| {
        ok(x.appraise(
            &rs,
            &Actor::member("justice"),
            t("2019-11-22T08:00"),
            "2.1",
            d("2"),
            None,
        ))
    });
}

#[test]
fn forbidden_reviewing_an_item_twice_s8() {
    let rs = rs();
    let mut x = appraised(&rs);
    x.explain(
        &rs,
        &unit(),
        t("2019-11-28T08:00"),
        "2.1",
        "Giải trình",
        &["a.pdf"],
    )
    .unwrap();
    x.review(
        &rs,
        &Actor::secretariat(),
        t("2019-12-16T08:00"),
        "2.1",
        d("1"),
        None,
        None,
    )
    .unwrap();
    refused(&mut x, codes::ALREADY_REVIEWED, |x| {
        ok(x.review(
            &rs,
            &Actor::secretariat(),
            t("2019-12-17T08:00"),
            "2.1",
            d("2"),
            None,
            None,
        ))
    });
}

#[test]
fn forbidden_appraising_after_the_lock_s6() {
    let rs = rs();
    let mut x = submitted(&rs);
    refused(&mut x, codes::LOCKED, |x| {
        ok(x.appraise(
            &rs,
            &Actor::member("justice"),
            t("2019-11-27T08:00"),
            "2.1",
            d("1"),
            None,
        ))
    });
    refused(&mut x, codes::LOCKED, |x| {
        ok(x.appraise(
            &rs,
            &Actor::member("justice"),
            t("2019-12-20T08:00"),
            "2.1",
            d("1"),
            None,
        ))
    });
}

/// Regression (issue 23, item 1): the council had two rounds, so a member could re-appraise from
/// 07/12 to 17/12. S6: "hết ngày 26/11/2019, phần mềm tự động khóa, các thành viên Hội đồng thẩm
/// định không đăng nhập được" — no act of a member after the lock, whatever it is, including during
/// the council's review; the decision after the explanations is recorded by the standing body.
#[test]
fn s6_council_members_cannot_act_after_the_lock_even_during_the_review() {
    let rs = rs();
    let mut x = appraised(&rs);
    x.explain(
        &rs,
        &unit(),
        t("2019-11-28T08:00"),
        "2.1",
        "Giải trình",
        &["qd.pdf"],
    )
    .unwrap();
    for at in [
        "2019-12-07T08:00",
        "2019-12-10T09:00",
        "2019-12-16T09:00",
        "2019-12-17T23:59:59",
    ] {
        refused(&mut x, codes::LOCKED, |x| {
            ok(x.appraise(&rs, &Actor::member("justice"), t(at), "2.2", d("1"), None))
        });
        // The standing member logging in as a member is refused too: the decision is the
        // secretariat's record of the council's review.
        refused(&mut x, codes::LOCKED, |x| {
            ok(x.review(
                &rs,
                &Actor::member("home_affairs"),
                t(at),
                "2.1",
                d("2"),
                None,
                None,
            ))
        });
    }
    let e = x
        .appraise(
            &rs,
            &Actor::member("justice"),
            t("2019-12-16T09:00"),
            "2.2",
            d("1"),
            None,
        )
        .unwrap_err();
    assert!(e.to_string().contains("không thể thao tác nữa"), "{e}");
    // There is no re-appraisal act any more.
    let e = parindex::workflow::read_json::<Act>(
        "act",
        &serde_json::json!({"kind": "reappraise", "code": "2.1", "points": "2"}),
    )
    .unwrap_err();
    assert_eq!(e.code(), "input.invalid_act");
}

/// S8: after the explanations, the council's reviewed decision is recorded by the standing body
/// (who recorded it, when, which explanation it answers, on what legal basis); other roles and
/// items without an explanation are refused.
#[test]
fn s8_the_councils_reviewed_decision_is_recorded_by_the_standing_body() {
    let rs = rs();
    let mut x = appraised(&rs);
    x.explain(
        &rs,
        &unit(),
        t("2019-11-28T08:00"),
        "2.1",
        "Lần 1",
        &["a.pdf"],
    )
    .unwrap();
    x.explain(
        &rs,
        &unit(),
        t("2019-12-02T08:00"),
        "2.1",
        "Lần 2",
        &["b.pdf"],
    )
    .unwrap();
    // Sở Nội vụ compiles 09–13/12; the council's decisions are recorded at its review (16–17/12).
    refused(&mut x, codes::REVIEW_NOT_OPEN, |x| {
        ok(x.review(
            &rs,
            &Actor::secretariat(),
            t("2019-12-10T08:00"),
            "2.1",
            d("1"),
            None,
            None,
        ))
    });
    for who in [unit(), Actor::chairman()] {
        refused(&mut x, codes::NOT_AUTHORISED, |x| {
            ok(x.review(&rs, &who, t("2019-12-16T08:00"), "2.1", d("1"), None, None))
        });
    }
    refused(&mut x, codes::NOT_EXPLAINED, |x| {
        ok(x.review(
            &rs,
            &Actor::secretariat(),
            t("2019-12-16T08:00"),
            "1.2",
            d("2"),
            None,
            None,
        ))
    });
    refused(&mut x, codes::UNKNOWN_EXPLANATION, |x| {
        ok(x.review(
            &rs,
            &Actor::secretariat(),
            t("2019-12-16T08:00"),
            "2.1",
            d("1"),
            Some(2),
            None,
        ))
    });
    refused(&mut x, codes::POINTS_OUT_OF_RANGE, |x| {
        ok(x.review(
            &rs,
            &Actor::secretariat(),
            t("2019-12-16T08:00"),
            "2.1",
            d("2.5"),
            Some(0),
            None,
        ))
    });
    let ev = x
        .review(
            &rs,
            &Actor::secretariat(),
            t("2019-12-16T10:00"),
            "2.1",
            d("1.25"),
            Some(0),
            Some("Hội đồng chấp nhận một phần"),
        )
        .unwrap()
        .to_vec();
    let last = ev.last().unwrap();
    assert_eq!(last.basis.rules, ["S6", "S8"]);
    assert!(last.basis.step.vi.starts_with("Bước 5"), "{:?}", last.basis);
    let r = x.item("2.1").unwrap().review.clone().unwrap();
    assert_eq!(r.recorded_by, "home_affairs", "the standing member");
    assert_eq!((r.explanation, r.at.clone()), (0, t("2019-12-16T10:00")));
    assert_eq!(r.points, d("1.25"));
    assert_eq!(r.basis, last.basis);
    // Every event carries its legal basis; a stored one altered is refused.
    assert!(x.log().iter().all(|e| !e.basis.rules.is_empty()));
    let mut v: serde_json::Value = serde_json::from_str(&x.to_json()).unwrap();
    v["log"][0]["basis"]["rules"] = serde_json::json!(["S1"]);
    let e = Dossier::from_json(&rs, &v.to_string()).unwrap_err();
    assert_eq!((e.code(), e.path()), (codes::REPLAY_MISMATCH, "$.log[0]"));
    // After the review the results are final.
    refused(&mut x, codes::REVIEW_CLOSED, |x| {
        ok(x.review(
            &rs,
            &Actor::secretariat(),
            t("2019-12-18T00:00"),
            "1.1",
            d("1"),
            None,
            None,
        ))
    });
}

#[test]
fn forbidden_appraising_before_the_window_s6() {
    let rs = rs();
    let mut x = submitted(&rs);
    refused(&mut x, codes::APPRAISAL_NOT_OPEN, |x| {
        ok(x.appraise(
            &rs,
            &Actor::member("justice"),
            t("2019-11-17T08:00"),
            "2.1",
            d("1"),
            None,
        ))
    });
}

#[test]
fn forbidden_explaining_before_the_window_s8() {
    let rs = rs();
    let mut x = appraised(&rs);
    refused(&mut x, codes::EXPLANATION_NOT_OPEN, |x| {
        ok(x.explain(&rs, &unit(), t("2019-11-26T23:59:59"), "2.1", "sớm", &[]))
    });
}

#[test]
fn forbidden_explaining_after_the_window_s8() {
    let rs = rs();
    let mut x = appraised(&rs);
    refused(&mut x, codes::EXPLANATION_CLOSED, |x| {
        ok(x.explain(&rs, &unit(), t("2019-12-07T00:00"), "2.1", "muộn", &[]))
    });
}

#[test]
fn forbidden_empty_explanation() {
    let rs = rs();
    let mut x = appraised(&rs);
    refused(&mut x, codes::EMPTY_EXPLANATION, |x| {
        ok(x.explain(&rs, &unit(), t("2019-11-28T08:00"), "2.1", "  ", &[]))
    });
}

#[test]
fn forbidden_points_outside_the_nodes_range() {
    let rs = rs();
    let mut x = open(&rs);
    refused(&mut x, codes::POINTS_OUT_OF_RANGE, |x| {
        ok(x.self_score(
            &rs,
            &unit(),
            t("2019-11-10T08:00"),
            "1.2",
            d("2.01"),
            &["a.pdf"],
        ))
    });
    refused(&mut x, codes::POINTS_OUT_OF_RANGE, |x| {
        ok(x.self_score(
            &rs,
            &unit(),
            t("2019-11-10T08:00"),
            "1.2",
            d("-0.5"),
            &["a.pdf"],
        ))
    });
    let mut y = submitted(&rs);
    refused(&mut y, codes::POINTS_OUT_OF_RANGE, |y| {
        ok(y.appraise(
            &rs,
            &Actor::member("justice"),
            t("2019-11-19T08:00"),
            "2.2",
            d("1.5"),
            None,
        ))
    });
}

#[test]
fn forbidden_points_off_the_step() {
    let rs = rs();
    let mut x = open(&rs);
    refused(&mut x, codes::POINTS_STEP, |x| {
        ok(x.self_score(
            &rs,
            &unit(),
            t("2019-11-10T08:00"),
            "1.1",
            d("0.3"),
            &["a.pdf"],
        ))
    });
}

#[test]
fn forbidden_acting_on_a_code_that_is_not_a_leaf() {
    let rs = rs();
    let mut x = open(&rs);
    refused(&mut x, codes::NOT_A_LEAF, |x| {
        ok(x.self_score(&rs, &unit(), t("2019-11-10T08:00"), "2", d("1"), &["a.pdf"]))
    });
    let mut y = submitted(&rs);
    refused(&mut y, codes::NOT_A_LEAF, |y| {
        ok(y.appraise(
            &rs,
            &Actor::member("justice"),
            t("2019-11-19T08:00"),
            "2",
            d("1"),
            None,
        ))
    });
}

#[test]
fn forbidden_acting_on_an_unknown_code() {
    let rs = rs();
    let mut x = open(&rs);
    refused(&mut x, codes::UNKNOWN_CODE, |x| {
        ok(x.self_score(&rs, &unit(), t("2019-11-10T08:00"), "9.9", d("1"), &[]))
    });
}

#[test]
fn forbidden_scoring_a_criterion_outside_the_units_group_s2() {
    let rs = rs();
    let mut x =
        Dossier::open(&rs, "thanh-tra", "Thanh tra tỉnh", "department_small", None).unwrap();
    refused(&mut x, codes::NOT_IN_GROUP, |x| {
        ok(x.self_score(
            &rs,
            &Actor::unit("thanh-tra"),
            t("2019-11-10T08:00"),
            "6.2",
            d("1"),
            &["a.pdf"],
        ))
    });
}

#[test]
fn forbidden_empty_evidence_names() {
    let rs = rs();
    let mut x = open(&rs);
    refused(&mut x, codes::EMPTY_EVIDENCE, |x| {
        ok(x.self_score(
            &rs,
            &unit(),
            t("2019-11-10T08:00"),
            "1.1",
            d("1"),
            &["a.pdf", " "],
        ))
    });
}

#[test]
fn forbidden_unknown_council_member() {
    let rs = rs();
    let mut x = submitted(&rs);
    refused(&mut x, codes::UNKNOWN_MEMBER, |x| {
        ok(x.appraise(
            &rs,
            &Actor::member("so-y-te"),
            t("2019-11-19T08:00"),
            "1.1",
            d("1"),
            None,
        ))
    });
}

#[test]
fn forbidden_a_district_council_on_a_department_s10() {
    let rs = rs();
    let mut x = submitted(&rs);
    refused(&mut x, codes::WRONG_COUNCIL, |x| {
        ok(x.appraise(
            &rs,
            &Actor::district_member("justice", "tan-lac"),
            t("2019-11-19T08:00"),
            "2.1",
            d("1"),
            None,
        ))
    });
}

#[test]
fn forbidden_announcing_before_the_date_s8() {
    let rs = rs();
    let mut x = appraised(&rs);
    refused(&mut x, codes::ANNOUNCEMENT_NOT_DUE, |x| {
        ok(x.announce(&rs, &Actor::chairman(), t("2019-12-17T23:59:59")))
    });
    refused(&mut x, codes::ANNOUNCEMENT_NOT_DUE, |x| {
        ok(x.announce(&rs, &Actor::secretariat(), t("2019-11-22T08:00")))
    });
}

#[test]
fn forbidden_announcing_twice() {
    let rs = rs();
    let mut x = appraised(&rs);
    x.announce(&rs, &Actor::secretariat(), t("2019-12-18T08:00"))
        .unwrap();
    refused(&mut x, codes::ALREADY_ANNOUNCED, |x| {
        ok(x.announce(&rs, &Actor::chairman(), t("2019-12-19T08:00")))
    });
}

#[test]
fn forbidden_time_running_backwards() {
    let rs = rs();
    let mut x = submitted(&rs);
    refused(&mut x, codes::TIME_ORDER, |x| {
        ok(x.submit(&rs, &unit(), t("2019-11-14T08:00")))
    });
    refused(&mut x, codes::TIME_ORDER, |x| {
        ok(x.advance(t("2019-11-01T08:00")))
    });
}

#[test]
fn forbidden_acting_with_another_rule_set() {
    let rs = rs();
    let other = rs_with(|v| v["id"] = "another".into());
    let mut x = open(&rs);
    refused(&mut x, codes::RULESET_MISMATCH, |x| {
        ok(x.submit(&other, &unit(), t("2019-11-10T08:00")))
    });
}

#[test]
fn forbidden_appraising_what_no_one_covers() {
    let rs = rs_with(|v| v["council"]["members"][0]["standing"] = false.into());
    let mut x = submitted(&rs);
    refused(&mut x, codes::NO_APPRAISER, |x| {
        ok(x.appraise(
            &rs,
            &Actor::member("home_affairs"),
            t("2019-11-19T08:00"),
            "1.1",
            d("1"),
            None,
        ))
    });
}

// ---------------------------------------------------------------------------------------------
// Calendar problems

#[test]
fn a_missing_period_is_named() {
    let rs = rs_with(|v| {
        v["calendar"]["periods"]
            .as_array_mut()
            .unwrap()
            .retain(|p| p["id"] != periods::EXPLANATION);
    });
    let e = Dossier::open(&rs, UNIT, "Sở Tư pháp", "department", None).unwrap_err();
    assert_eq!(e.code(), codes::MISSING_PERIOD);
    assert!(e.to_string().contains("`explanation`"), "{e}");
    let none = rs_with(|v| {
        v.as_object_mut().unwrap().remove("calendar");
    });
    assert_eq!(
        Schedule::from_ruleset(&none, "department")
            .unwrap_err()
            .code(),
        codes::MISSING_PERIOD
    );
}

#[test]
fn periods_out_of_order_are_refused() {
    let rs = rs_with(|v| v["calendar"]["periods"][3]["start"] = "2019-11-20".into()); // explanation before the lock
    let e = Schedule::from_ruleset(&rs, "department").unwrap_err();
    assert_eq!(e.code(), codes::BAD_CALENDAR);
}

// ---------------------------------------------------------------------------------------------
// Log, replay, JSON

fn full(rs: &RuleSet) -> Dossier {
    let mut x = appraised(rs);
    x.explain(
        rs,
        &unit(),
        t("2019-11-28T09:00"),
        "2.1",
        "Đã ban hành",
        &["qd.pdf"],
    )
    .unwrap();
    x.review(
        rs,
        &Actor::secretariat(),
        t("2019-12-16T09:00"),
        "2.1",
        d("1.5"),
        None,
        Some("ok"),
    )
    .unwrap();
    x.announce(rs, &Actor::chairman(), t("2019-12-18T10:00"))
        .unwrap();
    x
}

#[test]
fn replaying_a_stored_log_reproduces_state_and_scores() {
    let rs = rs();
    let x = full(&rs);
    let json = x.to_json();
    let y = Dossier::from_json(&rs, &json).unwrap();
    assert_eq!(x, y);
    assert_eq!(x.score(&rs).unwrap(), y.score(&rs).unwrap());
    // The log alone is enough.
    let log: Vec<Event> = serde_json::from_str(&serde_json::to_string(x.log()).unwrap()).unwrap();
    let z = Dossier::replay(&rs, x.header().clone(), None, &log).unwrap();
    assert_eq!(z, x);
    // The JSON shape a portal stores.
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["header"]["unit"], UNIT);
    assert_eq!(v["schedule"]["lock"], "2019-11-27T00:00:00");
    assert_eq!(v["state"]["phase"], "announced");
    assert_eq!(v["state"]["items"]["2.1"]["self"], "2");
    assert_eq!(v["log"][0]["act"]["kind"], "self_score");
    assert_eq!(v["log"][0]["actor"]["role"], "unit_officer");
    assert!(v["log"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["act"]["trigger"] == "lock"));
}

#[test]
fn a_tampered_log_is_refused() {
    let rs = rs();
    let x = full(&rs);
    let json = x.to_json();
    // An appraisal moved after the lock.
    let mut v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let i = v["log"]
        .as_array()
        .unwrap()
        .iter()
        .position(|e| e["act"]["kind"] == "appraise")
        .unwrap();
    v["log"][i]["at"] = "2019-11-28T08:00:00".into();
    let e = Dossier::from_json(&rs, &v.to_string()).unwrap_err();
    assert!(
        [codes::REPLAY_REFUSED, codes::REPLAY_MISMATCH].contains(&e.code()),
        "{e}"
    );
    // A transition removed.
    let mut v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let i = v["log"]
        .as_array()
        .unwrap()
        .iter()
        .position(|e| e["act"]["trigger"] == "lock")
        .unwrap();
    v["log"].as_array_mut().unwrap().remove(i);
    assert_eq!(
        Dossier::from_json(&rs, &v.to_string()).unwrap_err().code(),
        codes::REPLAY_MISMATCH
    );
    // A state edited by hand.
    let mut v: serde_json::Value = serde_json::from_str(&json).unwrap();
    v["state"]["items"]["2.1"]["self"] = "1".into();
    assert_eq!(
        Dossier::from_json(&rs, &v.to_string()).unwrap_err().code(),
        codes::STATE_MISMATCH
    );
    // Not a dossier.
    let e = Dossier::from_json(&rs, r#"{"header": 1}"#).unwrap_err();
    assert_eq!(e.code(), codes::BAD_RECORD);
}

/// A stored dossier whose date-time carries an offset (S5: the calendar records the offset once,
/// every instant is local time) is refused with the registry's message, in Vietnamese by default
/// and in English when asked (it was English only).
#[test]
fn a_stored_date_time_with_an_offset_is_refused_in_either_language() {
    let rs = rs();
    let mut v: serde_json::Value = serde_json::from_str(&full(&rs).to_json()).unwrap();
    v["log"][0]["at"] = "2019-11-10T09:00:00+07:00".into();
    let text = v.to_string();
    let e = Dossier::from_json(&rs, &text).unwrap_err();
    assert_eq!(e.code(), codes::BAD_RECORD);
    assert_eq!(e.issues()[0].path, "$.log[0].at");
    let vi = &e.issues()[0].message;
    assert_eq!(
        vi,
        "hồ sơ đã lưu không đúng định dạng: `2019-11-10T09:00:00+07:00` không phải ngày giờ \
         theo giờ địa phương dạng YYYY-MM-DDTHH:MM:SS (không ghi múi giờ: lịch ghi một lần độ \
         lệch so với UTC)"
    );
    let e = parindex::with_lang(parindex::Lang::En, || Dossier::from_json(&rs, &text)).unwrap_err();
    assert_eq!(
        e.issues()[0].message,
        "the stored dossier is not valid: `2019-11-10T09:00:00+07:00` is not a local \
         date-time of the form YYYY-MM-DDTHH:MM:SS (no offset: the calendar records the UTC \
         offset once)"
    );
}

#[test]
fn acts_read_from_portal_json() {
    let rs = rs();
    let mut x = open(&rs);
    let actor: Actor =
        serde_json::from_str(r#"{"role": "unit_officer", "unit": "so-tu-phap"}"#).unwrap();
    let act: Act = serde_json::from_str(
        r#"{"kind": "self_score", "code": "1.2", "points": "1.5", "evidence": ["bc.pdf"], "note": "đủ 4 báo cáo"}"#,
    )
    .unwrap();
    x.apply(
        &rs,
        &actor,
        x.schedule().time("2019-11-10T08:00:00+07:00").unwrap(),
        act,
    )
    .unwrap();
    let it = x.item("1.2").unwrap();
    assert_eq!(it.self_score, Some(d("1.5")));
    assert_eq!(it.self_note.as_deref(), Some("đủ 4 báo cáo"));
    let m: Actor = serde_json::from_str(
        r#"{"role": "council_member", "member": "justice", "district": "tan-lac"}"#,
    )
    .unwrap();
    assert_eq!(m, Actor::district_member("justice", "tan-lac"));
    assert!(serde_json::from_str::<Actor>(r#"{"role": "mayor"}"#).is_err());
}

// ---------------------------------------------------------------------------------------------
// The built-in Hòa Bình 2019 rule set

/// The built-in rule set; `None` only while its fixture is still the `{}` placeholder.
fn builtin() -> Option<RuleSet> {
    if parindex::builtin::RULESETS
        .iter()
        .all(|b| b.json.trim() == "{}")
    {
        return None;
    }
    Some(parindex::builtin::ruleset(parindex::builtin::DEFAULT_RULESET).unwrap())
}

#[test]
fn builtin_2019_calendar_and_council() {
    let Some(rs) = builtin() else { return };
    for level in ["department", "district"] {
        let s = Schedule::from_ruleset(&rs, level).unwrap();
        assert_eq!(s.deadline, t("2019-11-18T00:00"), "S5");
        assert_eq!(s.appraisal_start, t("2019-11-18T00:00"), "S6");
        assert_eq!(s.lock, t("2019-11-27T00:00"), "S6");
        assert_eq!(
            (s.explanation_start, s.explanation_end),
            (t("2019-11-27T00:00"), t("2019-12-07T00:00")),
            "S8"
        );
        assert_eq!(s.announcement, t("2019-12-18T00:00"), "S8");
    }
    // S8: the council reviews the report 16–17/12; Sở Nội vụ records its decisions.
    let s = Schedule::from_ruleset(&rs, "department").unwrap();
    let w = s.review.unwrap();
    assert_eq!(
        (w.start, w.end),
        (t("2019-12-16T00:00"), t("2019-12-18T00:00"))
    );
    // S10: communes follow the calendar their district sets from the template.
    assert_eq!(
        Schedule::from_ruleset(&rs, "commune").unwrap_err().code(),
        codes::MISSING_CALENDAR
    );
    // S7: every leaf has exactly one appraiser.
    for level in rs.levels() {
        let m = parindex::workflow::remit_map(&rs, &level.id).unwrap();
        let leaves = level.nodes.iter().filter(|n| n.children.is_empty()).count();
        assert_eq!(m.len(), leaves, "level {}", level.id);
    }
}

#[test]
fn builtin_2019_department_walk() {
    let Some(rs) = builtin() else { return };
    let group = "department";
    let level = rs.group(group).unwrap().level.clone();
    let remit = parindex::workflow::remit_map(&rs, &level).unwrap();
    let (_, cl) = rs.level(&level).unwrap();
    let applies = &cl.applies[group];
    let leaves: Vec<(String, Decimal)> = cl
        .nodes
        .iter()
        .enumerate()
        .filter(|(i, n)| n.children.is_empty() && applies[*i])
        .map(|(_, n)| (n.code.to_string(), n.max))
        .collect();
    let mut x = Dossier::open(&rs, "so-noi-vu", "Sở Nội vụ", group, None).unwrap();
    let u = Actor::unit("so-noi-vu");
    for (code, max) in &leaves {
        x.self_score(
            &rs,
            &u,
            t("2019-11-12T08:00"),
            code,
            *max,
            &["tai-lieu.pdf"],
        )
        .unwrap();
    }
    x.submit(&rs, &u, t("2019-11-15T08:00")).unwrap();
    for (code, max) in &leaves {
        let member = &remit[code];
        x.appraise(
            &rs,
            &Actor::member(member),
            t("2019-11-20T08:00"),
            code,
            *max,
            None,
        )
        .unwrap();
        let wrong = if member == "so_tu_phap" {
            "so_tai_chinh"
        } else {
            "so_tu_phap"
        };
        let before = x.clone();
        let e = x
            .appraise(
                &rs,
                &Actor::member(wrong),
                t("2019-11-20T08:00"),
                code,
                *max,
                None,
            )
            .unwrap_err();
        assert!([codes::OUTSIDE_REMIT, codes::ALREADY_APPRAISED].contains(&e.code()));
        assert_eq!(x, before);
    }
    x.announce(&rs, &Actor::chairman(), t("2019-12-18T09:00"))
        .unwrap();
    let s = x.score(&rs).unwrap();
    assert_eq!(s.rubric_points, s.declared_max);
    let y = Dossier::from_json(&rs, &x.to_json()).unwrap();
    assert_eq!(y.score(&rs).unwrap(), s);
}

// ---------------------------------------------------------------------------------------------
// Random operation sequences

const MONTHS: [(u16, u8, u8); 3] = [(2019, 11, 30), (2019, 12, 31), (2020, 1, 31)];

/// Day `i` counted from 2019-11-08, as a local date-time string.
fn day_time(i: u32, secs: u32) -> String {
    let mut day = 8 + i;
    for (y, m, len) in MONTHS {
        if day <= len as u32 {
            return format!(
                "{y:04}-{m:02}-{day:02}T{:02}:{:02}:{:02}",
                secs / 3600,
                (secs / 60) % 60,
                secs % 60
            );
        }
        day -= len as u32;
    }
    "2020-02-01T00:00:00".to_string()
}

#[derive(Debug, Clone)]
struct Op {
    kind: usize,
    /// The natural actor of the act (the unit; the member whose remit covers the code; the
    /// Chairman), or another one.
    natural: bool,
    actor: usize,
    code: usize,
    points: usize,
    evidence: bool,
    day_step: u32,
    secs: u32,
    back: bool,
}

fn op() -> impl Strategy<Value = Op> {
    (
        (0..13usize, prop::bool::weighted(0.8), 0..10usize),
        (
            prop::sample::select(vec![0usize, 0, 0, 2, 2, 2, 4, 4, 4, 1, 3, 5, 6, 7]),
            0..8usize,
            any::<bool>(),
        ),
        (0..3u32, 0..86_400u32, prop::bool::weighted(0.05)),
    )
        .prop_map(
            |((kind, natural, actor), (code, points, evidence), (day_step, secs, back))| Op {
                kind,
                natural,
                actor,
                code,
                points,
                evidence,
                day_step,
                secs,
                back,
            },
        )
}

fn actor_of(i: usize) -> Actor {
    match i {
        0 | 1 => unit(),
        2 => Actor::unit("so-tai-chinh"),
        3 => Actor::member("home_affairs"),
        4 => Actor::member("justice"),
        5 => Actor::member("finance"),
        6 => Actor::district_member("justice", "tan-lac"),
        7 => Actor::secretariat(),
        8 => Actor::chairman(),
        _ => Actor::System,
    }
}

/// Per leaf: code, self score, evidence.
type SelfEntries = Vec<(String, Option<Decimal>, Vec<String>)>;

const CODES: [&str; 8] = ["1.1", "1.2", "2.1", "2.2", "6.1", "6.2", "2", "9.9"];
const POINTS: [&str; 8] = ["0", "0.25", "0.5", "1", "1", "0.3", "-1", "3"];

fn natural_actor(o: &Op) -> Actor {
    match o.kind {
        0..=3 | 6..=8 => unit(),
        4 | 5 => Actor::member(match CODES[o.code] {
            "2.1" | "2.2" | "2" => "justice",
            "6.1" | "6.2" => "finance",
            _ => "home_affairs",
        }),
        9 | 10 => Actor::secretariat(),
        _ => Actor::chairman(),
    }
}

fn act_of(o: &Op) -> Act {
    let code = CODES[o.code].to_string();
    let points = d(POINTS[o.points]);
    let evidence = if o.evidence {
        vec!["tai-lieu.pdf".to_string()]
    } else {
        vec![]
    };
    match o.kind {
        0 | 1 => Act::SelfScore {
            code,
            points,
            evidence,
            note: None,
        },
        2 => Act::ClearSelfScore { code },
        3 => Act::Submit,
        4 | 5 => Act::Appraise {
            code,
            points,
            note: None,
        },
        6..=8 => {
            let text = if o.evidence || o.points > 0 {
                "giải trình"
            } else {
                " "
            };
            Act::Explain {
                code,
                text: text.into(),
                evidence,
            }
        }
        9 | 10 => Act::Review {
            code,
            points,
            explanation: o.evidence.then_some(0),
            note: None,
        },
        _ => Act::Announce,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 160, ..ProptestConfig::default() })]

    #[test]
    fn random_operations_never_panic_never_alter_frozen_values_and_replay(ops in prop::collection::vec(op(), 1..90)) {
        let rs = rs();
        let mut x = open(&rs);
        let mut day = 0u32;
        let mut frozen_self: Option<SelfEntries> = None;
        let mut appraisals = std::collections::BTreeMap::new();
        let mut reviews = std::collections::BTreeMap::new();
        for o in &ops {
            day += o.day_step;
            // Now and then a time earlier than the last event (refused: time never runs backwards).
            let now = t(&day_time(if o.back { day.saturating_sub(2) } else { day }, o.secs));
            let before = x.clone();
            let advance = o.kind == 12 && o.natural;
            let r = if advance {
                x.advance(now).map(|_| ())
            } else {
                let actor = if o.natural { natural_actor(o) } else { actor_of(o.actor) };
                x.apply(&rs, &actor, now, act_of(o)).map(|_| ())
            };
            match r {
                Err(e) => {
                    prop_assert!(matches!(e, Error::Workflow(_)), "{e:?}");
                    prop_assert!(e.code().starts_with("workflow."));
                    prop_assert_eq!(&x, &before, "a refused act changed the dossier");
                }
                Ok(()) => {
                    let log = x.log();
                    prop_assert!(log.windows(2).all(|w| w[0].at <= w[1].at && w[0].seq + 1 == w[1].seq));
                    prop_assert!(log.len() > before.log().len() || advance);
                    prop_assert_eq!(&log[..before.log().len()], before.log(), "the log is append-only");
                }
            }
            // S3/S5: once the dossier left the draft, self scores and evidence never change.
            let selfs: Vec<_> = x
                .state()
                .items
                .iter()
                .map(|(c, i)| (c.clone(), i.self_score, i.evidence.clone()))
                .filter(|(_, s, e)| s.is_some() || !e.is_empty())
                .collect();
            if x.phase() != Phase::Draft {
                match &frozen_self {
                    None => frozen_self = Some(selfs),
                    Some(f) => prop_assert_eq!(f, &selfs),
                }
            }
            // S7, S8: an appraised item is never appraised again, a decided one never decided again.
            for (c, i) in &x.state().items {
                if let Some(a) = &i.appraisal {
                    prop_assert_eq!(appraisals.entry(c.clone()).or_insert_with(|| a.clone()), a);
                }
                if let Some(a) = &i.review {
                    prop_assert_eq!(reviews.entry(c.clone()).or_insert_with(|| a.clone()), a);
                }
            }
            for c in appraisals.keys() {
                prop_assert!(x.item(c).is_some_and(|i| i.appraisal.is_some()));
            }
        }
        // The state is the replay of the log, through JSON too, with the same scores.
        let y = Dossier::replay(&rs, x.header().clone(), None, x.log());
        prop_assert!(y.is_ok(), "{:?}", y.err());
        let y = y.unwrap();
        prop_assert_eq!(&y, &x);
        let z = Dossier::from_json(&rs, &x.to_json());
        prop_assert!(z.is_ok(), "{:?}", z.err());
        let z = z.unwrap();
        prop_assert_eq!(&z, &x);
        let (a, b) = (x.score(&rs), z.score(&rs));
        prop_assert!(a.is_ok(), "{:?}", a.err());
        prop_assert_eq!(a.ok(), b.ok());
    }
}

#[test]
fn acts_accept_points_as_json_numbers() {
    let act: Act =
        serde_json::from_str(r#"{"kind": "appraise", "code": "2.1", "points": 0.575}"#).unwrap();
    assert_eq!(
        act,
        Act::Appraise {
            code: "2.1".into(),
            points: d("0.575"),
            note: None
        }
    );
}

#[test]
fn actors_and_acts_from_json_name_the_field_at_fault() {
    let read = |v: serde_json::Value| parindex::workflow::read_json::<Actor>("actor", &v);
    assert_eq!(
        read(serde_json::json!({"role": "council_member", "member": "so_tu_phap"})).unwrap(),
        Actor::member("so_tu_phap")
    );
    let fails = |v: serde_json::Value| {
        let e = read(v).unwrap_err();
        (e.code().to_string(), e.path().to_string(), e.to_string())
    };
    let (code, path, msg) = fails(serde_json::json!({"role": "council_member"}));
    assert_eq!(
        (code.as_str(), path.as_str()),
        ("input.invalid_actor", "$.actor")
    );
    assert!(msg.contains("thiếu trường `member`"), "{msg}");
    let e = parindex::with_lang(parindex::Lang::En, || {
        read(serde_json::json!({"role": "council_member"})).unwrap_err()
    });
    assert_eq!(
        e.issues()[0].message,
        "not a valid actor: missing field `member`"
    );
    let (_, path, _) = fails(serde_json::json!({"role": "unit_officer", "unit": 3}));
    assert_eq!(path, "$.actor.unit");
    // The system acts alone: a field on it is refused, not ignored.
    let (_, path, _) = fails(serde_json::json!({"role": "system", "unit": "x"}));
    assert_eq!(path, "$.actor.unit");
    let e =
        parindex::workflow::read_json::<Act>("act", &serde_json::json!({"kind": "submit", "x": 1}))
            .unwrap_err();
    assert_eq!((e.code(), e.path()), ("input.invalid_act", "$.act.x"));
}

/// Regression (issue 21, defect 6): an array where an object belongs (serde's sequence form of a
/// struct) is refused in a stored dossier — every object of a full year's dossier, in turn, with
/// `workflow.bad_record` at its path — and in an actor or an act (`input.not_an_object`).
#[test]
fn an_array_where_a_workflow_object_belongs_is_refused_at_its_path() {
    let rs = rs();
    let stored: serde_json::Value = serde_json::from_str(&full(&rs).to_json()).unwrap();
    let positions = common::object_positions(&stored);
    assert!(positions.len() > 50, "{}", positions.len());
    for (path, ptr) in positions {
        let bad = common::as_array_at(&stored, &ptr);
        let e = Dossier::from_json(&rs, &bad.to_string()).unwrap_err();
        assert_eq!((e.code(), e.path()), (codes::BAD_RECORD, path.as_str()));
        assert!(
            e.to_string().contains("cần một đối tượng `{…}`"),
            "{path}: {e}"
        );
    }
    let actor = serde_json::json!(["unit_officer", UNIT]);
    let e = parindex::workflow::read_json::<Actor>("actor", &actor).unwrap_err();
    assert_eq!((e.code(), e.path()), ("input.not_an_object", "$.actor"));
    let act = serde_json::json!(["submit"]);
    let e = parindex::workflow::read_json::<Act>("act", &act).unwrap_err();
    assert_eq!((e.code(), e.path()), ("input.not_an_object", "$.act"));
}

// ---------------------------------------------------------------------------------------------
// Issue 23: stored schedules, communes, components, times

/// Regression (issue 23, item 3): a stored dossier's schedule was trusted blindly, so a record
/// whose lock was moved to 27/12 accepted appraisals long after S6's lock. The schedule is now
/// computed from the rule set and compared.
#[test]
fn s6_a_stored_schedule_that_differs_from_the_rule_sets_calendar_is_refused() {
    let rs = rs();
    let x = appraised(&rs);
    let good: serde_json::Value = serde_json::from_str(&x.to_json()).unwrap();
    for (field, value, path) in [
        (
            "lock",
            serde_json::json!("2019-12-27T00:00:00"),
            "$.schedule.lock",
        ),
        (
            "deadline",
            serde_json::json!("2019-11-30T00:00:00"),
            "$.schedule.deadline",
        ),
        (
            "appraisal_start",
            serde_json::json!("2019-11-01T00:00:00"),
            "$.schedule.appraisal_start",
        ),
        (
            "explanation_end",
            serde_json::json!("2019-12-20T00:00:00"),
            "$.schedule.explanation_end",
        ),
        (
            "announcement",
            serde_json::json!("2019-12-01T00:00:00"),
            "$.schedule.announcement",
        ),
        (
            "review",
            serde_json::json!({"start": "2019-12-16T00:00:00", "end": "2019-12-30T00:00:00"}),
            "$.schedule.review.end",
        ),
    ] {
        let mut v = good.clone();
        v["schedule"][field] = value;
        let e = Dossier::from_json(&rs, &v.to_string()).unwrap_err();
        assert_eq!(
            (e.code(), e.path()),
            (codes::SCHEDULE_MISMATCH, path),
            "{e}"
        );
    }
    // The late act the tampered lock let in: refused whichever way it is stored.
    let mut late = x.clone();
    assert_eq!(
        late.appraise(
            &rs,
            &Actor::member("justice"),
            t("2019-12-10T08:00"),
            "2.2",
            d("1"),
            None
        )
        .unwrap_err()
        .code(),
        codes::LOCKED
    );
    // A commune's record: its district calendar outside the template is refused on reading.
    let mut c = Dossier::open_in_district(
        &rs,
        "xa-tu-ne",
        "Xã Tú Nê",
        "commune",
        "tan-lac",
        tan_lac_calendar(),
    )
    .unwrap();
    c.advance(t("2019-11-02T00:00")).unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&c.to_json()).unwrap();
    v["calendar"]["periods"][4]["end"] = "2020-01-05".into();
    let e = Dossier::from_json(&rs, &v.to_string()).unwrap_err();
    assert_eq!(
        (e.code(), e.path()),
        (codes::OUTSIDE_TEMPLATE, "$.calendar.periods[4].end")
    );
    // …and one whose schedule does not follow its calendar.
    let mut v: serde_json::Value = serde_json::from_str(&c.to_json()).unwrap();
    v["schedule"]["announcement"] = "2019-12-31T00:00:00".into();
    let e = Dossier::from_json(&rs, &v.to_string()).unwrap_err();
    assert_eq!(
        (e.code(), e.path()),
        (codes::SCHEDULE_MISMATCH, "$.schedule.announcement")
    );
    // A department's record cannot bring a calendar of its own.
    let mut v = good.clone();
    v["calendar"] = serde_json::to_value(tan_lac_calendar()).unwrap();
    assert_eq!(
        Dossier::from_json(&rs, &v.to_string()).unwrap_err().code(),
        codes::MISSING_PERIOD
    );
    // The year is the rule set's.
    let mut v = good;
    v["header"]["year"] = 2020.into();
    let e = Dossier::from_json(&rs, &v.to_string()).unwrap_err();
    assert_eq!(
        (e.code(), e.path()),
        (codes::RULESET_MISMATCH, "$.header.year")
    );
}

/// Regression (issue 23, item 4): with the built-in rule set a commune's dossier could not be
/// opened (no commune periods). S10: the district sets its communes' calendar by filling the rule
/// set's template, everything ending by 30/12/2019 (report before 31/12/2019).
#[test]
fn s10_builtin_commune_dossiers_open_with_their_districts_calendar() {
    let Some(rs) = builtin() else { return };
    let e = Dossier::open(
        &rs,
        "xa-phong-phu",
        "Xã Phong Phú",
        "commune",
        Some("tan_lac"),
    )
    .unwrap_err();
    assert_eq!(e.code(), codes::MISSING_CALENDAR);
    let cal: DistrictCalendar = serde_json::from_value(serde_json::json!({"periods": [
        {"id": "self_assessment", "start": "2019-11-01", "end": "2019-11-22"},
        {"id": "appraisal", "start": "2019-11-25", "end": "2019-12-04"},
        {"id": "results_submission", "start": "2019-12-05", "end": "2019-12-05"},
        {"id": "explanation", "start": "2019-12-06", "end": "2019-12-13"},
        {"id": "council_review", "start": "2019-12-19", "end": "2019-12-20"},
        {"id": "announcement", "start": "2019-12-26", "end": "2019-12-26"}
    ]}))
    .unwrap();
    let mut x = Dossier::open_in_district(
        &rs,
        "xa-phong-phu",
        "Xã Phong Phú",
        "commune",
        "tan_lac",
        cal.clone(),
    )
    .unwrap();
    assert_eq!(x.schedule().lock, t("2019-12-06T00:00"));
    let u = Actor::unit("xa-phong-phu");
    x.self_score(&rs, &u, t("2019-11-15T08:00"), "1.1", d("1"), &["kh.pdf"])
        .unwrap();
    x.submit(&rs, &u, t("2019-11-20T08:00")).unwrap();
    let m = parindex::workflow::appraiser_of(&rs, "commune", "1.1")
        .unwrap()
        .to_string();
    x.appraise(
        &rs,
        &Actor::district_member(&m, "tan_lac"),
        t("2019-11-26T08:00"),
        "1.1",
        d("1"),
        None,
    )
    .unwrap();
    x.announce(
        &rs,
        &Actor::Chairman {
            district: Some("tan_lac".into()),
        },
        t("2019-12-26T08:00"),
    )
    .unwrap();
    assert_eq!(x.score(&rs).unwrap().block, "commune/tan_lac");
    assert_eq!(Dossier::from_json(&rs, &x.to_json()).unwrap(), x);
    // Nothing of the district's calendar ends after 30/12/2019.
    let mut late = cal;
    late.periods[5].start = "2019-12-31".into();
    late.periods[5].end = "2019-12-31".into();
    let e = Dossier::open_in_district(
        &rs,
        "xa-phong-phu",
        "Xã Phong Phú",
        "commune",
        "tan_lac",
        late,
    )
    .unwrap_err();
    assert_eq!(
        (e.code(), e.path()),
        (codes::OUTSIDE_TEMPLATE, "$.calendar.periods[5].start")
    );
}

/// Regression (issue 23, item 5): a perfect dossier scored 56.00 because the IT and survey
/// components (S2: IT points announced separately; S9: survey percentage first, then points) had
/// no way into a dossier. The secretariat enters them; until then a warning names each one.
#[test]
fn s2_s9_a_dossiers_score_is_the_full_index_once_the_components_are_entered() {
    let Some(rs) = builtin() else { return };
    let group = "department";
    let (_, cl) = rs.level("department").unwrap();
    let applies = &cl.applies[group];
    let mut x = Dossier::open(&rs, "so-noi-vu", "Sở Nội vụ", group, None).unwrap();
    let u = Actor::unit("so-noi-vu");
    for (i, n) in cl.nodes.iter().enumerate() {
        if n.children.is_empty() && applies[i] {
            x.self_score(&rs, &u, t("2019-11-12T08:00"), &n.code, n.max, &["tl.pdf"])
                .unwrap();
        }
    }
    x.submit(&rs, &u, t("2019-11-15T08:00")).unwrap();
    let s = x.score(&rs).unwrap();
    assert_eq!(
        s.index,
        d("56.00"),
        "without its components the index is partial"
    );
    let pending: Vec<(&str, &str)> = s
        .warnings
        .iter()
        .filter(|w| w.code == codes::COMPONENT_PENDING)
        .map(|w| (w.code.as_str(), w.path.as_str()))
        .collect();
    assert_eq!(
        pending,
        [
            (codes::COMPONENT_PENDING, "$.components.it"),
            (codes::COMPONENT_PENDING, "$.components.survey")
        ]
    );
    assert!(!s
        .warnings
        .iter()
        .any(|w| w.code == "input.missing_component"));
    let sec = Actor::secretariat();
    let it = |p: &str| ComponentInput::Points { points: d(p) };
    let survey = |p: &str| ComponentInput::Percentage { percentage: d(p) };
    // Before the appraisal's start, by another role, of the wrong kind or out of range: refused.
    refused(&mut x, codes::COMPONENT_NOT_OPEN, |x| {
        ok(x.enter_component(&rs, &sec, t("2019-11-16T08:00"), "it", it("4"), None))
    });
    for who in [Actor::member("so_noi_vu"), Actor::chairman(), u.clone()] {
        refused(&mut x, codes::NOT_AUTHORISED, |x| {
            ok(x.enter_component(&rs, &who, t("2019-11-20T08:00"), "it", it("4"), None))
        });
    }
    refused(&mut x, codes::COMPONENT_KIND, |x| {
        ok(x.enter_component(&rs, &sec, t("2019-11-20T08:00"), "survey", it("40"), None))
    });
    refused(&mut x, codes::COMPONENT_KIND, |x| {
        ok(x.enter_component(&rs, &sec, t("2019-11-20T08:00"), "it", survey("90"), None))
    });
    refused(&mut x, codes::POINTS_OUT_OF_RANGE, |x| {
        ok(x.enter_component(&rs, &sec, t("2019-11-20T08:00"), "it", it("4.01"), None))
    });
    refused(&mut x, codes::PERCENTAGE_OUT_OF_RANGE, |x| {
        ok(x.enter_component(
            &rs,
            &sec,
            t("2019-11-20T08:00"),
            "survey",
            survey("100.5"),
            None,
        ))
    });
    refused(&mut x, codes::UNKNOWN_COMPONENT, |x| {
        ok(x.enter_component(&rs, &sec, t("2019-11-20T08:00"), "cntt", it("4"), None))
    });
    refused(&mut x, codes::RUBRIC_COMPONENT, |x| {
        ok(x.enter_component(&rs, &sec, t("2019-11-20T08:00"), "evidence", it("56"), None))
    });
    x.enter_component(
        &rs,
        &sec,
        t("2019-12-10T08:00"),
        "it",
        it("3"),
        Some("QĐ công bố CNTT"),
    )
    .unwrap();
    let s = x.score(&rs).unwrap();
    assert_eq!(s.index, d("59.00"));
    assert_eq!(
        s.warnings
            .iter()
            .filter(|w| w.code == codes::COMPONENT_PENDING)
            .count(),
        1
    );
    // A later entry replaces the earlier one before the results are final; the log keeps both.
    x.enter_component(&rs, &sec, t("2019-12-11T08:00"), "it", it("4"), None)
        .unwrap();
    x.enter_component(
        &rs,
        &sec,
        t("2019-12-17T08:00"),
        "survey",
        survey("100"),
        None,
    )
    .unwrap();
    let s = x.score(&rs).unwrap();
    assert_eq!(s.index, d("100.00"), "the unit's full index");
    assert!(!s
        .warnings
        .iter()
        .any(|w| w.code == codes::COMPONENT_PENDING));
    assert_eq!(
        x.log()
            .iter()
            .filter(|e| e.act.name() == "enter_component")
            .count(),
        3
    );
    refused(&mut x, codes::COMPONENT_CLOSED, |x| {
        ok(x.enter_component(&rs, &sec, t("2019-12-18T08:00"), "it", it("2"), None))
    });
    let y = Dossier::from_json(&rs, &x.to_json()).unwrap();
    assert_eq!(y.score(&rs).unwrap(), x.score(&rs).unwrap());
}

/// Regression (issue 23, item 6): JavaScript's `toISOString()` form was refused with
/// `workflow.bad_time`. Fractions of a second are kept exactly; S5's deadline (end of 17/11,
/// Vietnam time) is compared to the last digit.
#[test]
fn s5_times_with_fractions_of_a_second_and_utc_offsets() {
    let rs = rs();
    let mut x = open(&rs);
    let s = x.schedule().clone();
    let at = |v: &str| s.time(v).unwrap();
    // 16:59:59.999 UTC is 23:59:59.999 on 17/11 in Hòa Bình: before the deadline.
    x.self_score(
        &rs,
        &unit(),
        at("2019-11-17T16:59:59.998Z"),
        "1.1",
        d("1"),
        &["a.pdf"],
    )
    .unwrap();
    refused(&mut x, codes::TIME_ORDER, |x| {
        ok(x.submit(&rs, &unit(), at("2019-11-17T23:59:59.9979999")))
    });
    x.submit(&rs, &unit(), at("2019-11-17T16:59:59.999Z"))
        .unwrap();
    assert_eq!(x.state().submitted_at, Some(t("2019-11-17T23:59:59.999")));
    let v: serde_json::Value = serde_json::from_str(&x.to_json()).unwrap();
    assert_eq!(v["state"]["submitted_at"], "2019-11-17T23:59:59.999");
    assert_eq!(Dossier::from_json(&rs, &x.to_json()).unwrap(), x);
    // One millisecond later it is 18/11 in Vietnam: the deadline has passed (S5).
    let mut y = open(&rs);
    refused(&mut y, codes::SELF_ASSESSMENT_CLOSED, |y| {
        ok(y.submit(&rs, &unit(), at("2019-11-17T17:00:00.000Z")))
    });
    // Python's isoformat() with microseconds and an offset.
    assert_eq!(
        at("2019-11-18T00:00:00.000001+07:00"),
        t("2019-11-18T00:00:00.000001")
    );
    assert_eq!(
        s.time("2019-11-17T23:59:59.").unwrap_err().code(),
        codes::BAD_TIME
    );
}

/// Issue 23, item 6: a calendar without `utc_offset` used to be read as UTC; it is a validation
/// error, since every time without an offset is the calendar's local time.
#[test]
fn a_calendar_without_its_utc_offset_is_refused() {
    let mut v: serde_json::Value = serde_json::from_str(RULESET).unwrap();
    v["calendar"].as_object_mut().unwrap().remove("utc_offset");
    let e = RuleSet::from_value(&v).unwrap_err();
    let issues: Vec<(&str, &str)> = e
        .issues()
        .iter()
        .map(|i| (i.code.as_str(), i.path.as_str()))
        .collect();
    assert_eq!(
        issues,
        [("ruleset.missing_utc_offset", "$.calendar.utc_offset")]
    );
    // A template must ask for the periods the workflow needs, for a delegated level.
    let mut v: serde_json::Value = serde_json::from_str(RULESET).unwrap();
    v["calendar"]["templates"][0]["periods"]
        .as_array_mut()
        .unwrap()
        .retain(|p| p["id"] != "explanation");
    v["calendar"]["templates"][0]["level"] = "department".into();
    let e = RuleSet::from_value(&v).unwrap_err();
    let codes: Vec<&str> = e.issues().iter().map(|i| i.code.as_str()).collect();
    assert_eq!(
        codes,
        ["ruleset.template_level", "ruleset.template_missing_period"]
    );
}

/// Regression (found by fuzzing the act target, issue 21): an act's or an actor's text that is not
/// JSON (empty, cut short) was refused at `$`, every other problem of the same text at `$.act` or
/// `$.actor`: the bindings report them all under the name of what they read.
#[test]
fn act_text_that_is_not_json_is_refused_at_the_acts_path() {
    let limits = parindex::Limits::DEFAULT;
    for text in ["", "{", "\u{feff}", "{\"kind\": \"submit\"} x"] {
        let e = parindex::workflow::read_json_text::<Act>("act", text, &limits).unwrap_err();
        assert_eq!(
            (e.code(), e.path()),
            ("input.json_syntax", "$.act"),
            "{text:?}"
        );
        let e = parindex::workflow::read_json_text::<Actor>("actor", text, &limits).unwrap_err();
        assert_eq!(
            (e.code(), e.path()),
            ("input.json_syntax", "$.actor"),
            "{text:?}"
        );
    }
    let act = parindex::workflow::read_json_text::<Act>("act", r#"{"kind": "submit"}"#, &limits);
    assert_eq!(act.unwrap(), Act::Submit);
}
