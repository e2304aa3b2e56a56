//! One test (or more) per rule kind, with the boundaries a wrong engine gets wrong. Tests of the
//! source document's rules name the rule (S1–S10); rule shapes are C1–C13 of the domain notes.

mod common;
use common::*;
use parindex::result::{LostReason, NodeStatus, PointSource};
use serde_json::{json, Value};

#[test]
fn s9_band_boundaries_use_the_percentage_rounded_to_two_places_first() {
    let rs = one_leaf(bands_rule(), "2", None);
    // 89,994 of 100,000 = 89.994% → 89.99% → band [70, 90) → 1 point.
    assert_eq!(
        leaf_points(&rs, json!({"numerator": 89994, "denominator": 100000})),
        "1.00"
    );
    // 89,995 of 100,000 = 89.995% → 90.00% (half-up) → band [90, 100] → 2 points.
    assert_eq!(
        leaf_points(&rs, json!({"numerator": 89995, "denominator": 100000})),
        "2.00"
    );
    assert_eq!(leaf_points(&rs, json!({"percentage": "90"})), "2.00");
    assert_eq!(leaf_points(&rs, json!({"percentage": "89.994"})), "1.00");
    assert_eq!(leaf_points(&rs, json!({"percentage": "89.995"})), "2.00");
    // The lower bound is inclusive, the upper exclusive ("từ … đến dưới"): 70% is in [70, 90).
    assert_eq!(leaf_points(&rs, json!({"percentage": "70"})), "1.00");
    assert_eq!(leaf_points(&rs, json!({"percentage": "69.99"})), "0.00");
    assert_eq!(leaf_points(&rs, json!({"percentage": "100"})), "2.00");
}

#[test]
fn s9_percentage_first_then_points_half_up_where_floats_fail() {
    // 23 of 40 dossiers on time = 57.5% of 1 point = 0.575 → 0.58 (binary floats give 0.57).
    let rs = one_leaf(json!({"kind": "proportional"}), "1", None);
    let s = score_item(&rs, json!({"numerator": 23, "denominator": 40})).unwrap();
    let n = &s.nodes.get(1).unwrap();
    assert_eq!(n.percentage.unwrap().to_string(), "57.50");
    assert_eq!(n.raw_points.to_string(), "0.5750");
    assert_eq!(n.points.to_string(), "0.58");
    // 2 of 3 = 66.666…% → 66.67% first, then × 1.5 = 1.00005 → 1.00 (not 1.0000 from the raw rate).
    let rs = one_leaf(json!({"kind": "proportional"}), "1.5", None);
    let s = score_item(&rs, json!({"numerator": 2, "denominator": 3})).unwrap();
    assert_eq!(
        s.nodes.get(1).unwrap().percentage.unwrap().to_string(),
        "66.67"
    );
    assert_eq!(s.nodes.get(1).unwrap().points.to_string(), "1.00");
}

#[test]
fn c3_band_zero_denominator_uses_the_declared_points_and_is_an_error_without_them() {
    let rs = one_leaf(bands_rule(), "2", None);
    assert_eq!(
        leaf_points(&rs, json!({"numerator": 0, "denominator": 0})),
        "2.00"
    );
    let mut rule = bands_rule();
    rule.as_object_mut()
        .unwrap()
        .remove("zero_denominator_points");
    let rs = one_leaf(rule, "2", None);
    let e = score_item(&rs, json!({"numerator": 0, "denominator": 0})).unwrap_err();
    assert_eq!(e.code(), "input.zero_denominator");
    assert_eq!(e.path(), "$.items[\"1.1\"].denominator");
}

#[test]
fn c4_proportional_with_threshold_and_full_at() {
    let rule = json!({"kind": "proportional", "threshold": "80", "full_at": "100"});
    let rs = one_leaf(rule, "2", None);
    assert_eq!(leaf_points(&rs, json!({"percentage": "79.99"})), "0.00");
    assert_eq!(leaf_points(&rs, json!({"percentage": "80"})), "1.60");
    assert_eq!(leaf_points(&rs, json!({"percentage": "95.5"})), "1.91");
    let rule = json!({"kind": "proportional", "threshold": "80", "threshold_inclusive": false, "full_at": "90"});
    let rs = one_leaf(rule, "2", None);
    assert_eq!(leaf_points(&rs, json!({"percentage": "80"})), "0.00");
    // Above full_at the points are capped at the maximum: min(95, 90) / 90 × 2 = 2.
    assert_eq!(leaf_points(&rs, json!({"percentage": "95"})), "2.00");
    assert_eq!(leaf_points(&rs, json!({"percentage": "85"})), "1.89");
}

#[test]
fn c1_choice_and_c2_met() {
    let rs = one_leaf(
        json!({"kind": "choice", "options": [
            {"id": "on_time", "label": {"vi": "Ban hành đúng hạn"}, "points": "1"},
            {"id": "late", "label": {"vi": "Ban hành chậm"}, "points": "0.5"},
            {"id": "none", "label": {"vi": "Không ban hành"}, "points": "-1"}
        ]}),
        "1",
        Some("-1"),
    );
    assert_eq!(leaf_points(&rs, json!({"choice": "late"})), "0.50");
    assert_eq!(leaf_points(&rs, json!({"choice": "none"})), "-1.00");
    let e = score_item(&rs, json!({"choice": "early"})).unwrap_err();
    assert_eq!(e.code(), "input.unknown_choice");
    assert!(e.to_string().contains("on_time, late, none"), "{e}");

    let rs = one_leaf(json!({"kind": "met"}), "0.5", None);
    assert_eq!(leaf_points(&rs, json!({"met": true})), "0.50");
    assert_eq!(leaf_points(&rs, json!({"met": false})), "0.00");
    let e = score_item(&rs, json!({"choice": "x"})).unwrap_err();
    assert_eq!(e.code(), "input.fact_mismatch");
}

#[test]
fn c5_normalised_to_the_best_unit_of_the_batch() {
    let rs = one_leaf(
        json!({"kind": "normalized", "zero_best_points": "0"}),
        "3",
        None,
    );
    let batch = json!({"format_version": 1, "units": [
        {"id": "a", "name": "A", "group": "g", "items": {"1.1": {"value": "120"}}},
        {"id": "b", "name": "B", "group": "g", "items": {"1.1": {"value": "90"}}},
        {"id": "c", "name": "C", "group": "g", "items": {"1.1": {"value": "0"}}}
    ]});
    let r = parindex::internal::score_batch_value(&rs, &batch).unwrap();
    let pts: Vec<String> = r
        .units
        .iter()
        .map(|u| u.nodes.get(1).unwrap().points.to_string())
        .collect();
    // 120/120 × 3 = 3; 90/120 × 3 = 2.25; 0.
    assert_eq!(pts, ["3.00", "2.25", "0.00"]);
    let rs = one_leaf(
        json!({"kind": "normalized", "zero_best_points": "3"}),
        "3",
        None,
    );
    let batch = json!({"format_version": 1, "units": [
        {"id": "a", "name": "A", "group": "g", "items": {"1.1": {"value": "0"}}}
    ]});
    let r = parindex::internal::score_batch_value(&rs, &batch).unwrap();
    assert_eq!(r.units[0].nodes.get(1).unwrap().points.to_string(), "3.00");
}

#[test]
fn c6_capped_count() {
    let rs = one_leaf(json!({"kind": "count", "points_each": "0.25"}), "1", None);
    assert_eq!(leaf_points(&rs, json!({"count": 3})), "0.75");
    let s = score_item(&rs, json!({"count": 7})).unwrap();
    assert_eq!(s.nodes.get(1).unwrap().points.to_string(), "1.00");
    assert_eq!(s.nodes.get(1).unwrap().caps[0].kind, "max");
    assert_eq!(s.nodes.get(1).unwrap().caps[0].before.to_string(), "1.75");
}

#[test]
fn c7_weighted_outcome_ratio_and_its_zero_denominator() {
    let rule = json!({"kind": "outcome_ratio", "zero_denominator_points": "1", "outcomes": [
        {"id": "resolved", "label": {"vi": "Đã xử lý"}, "weight": "1"},
        {"id": "in_progress", "label": {"vi": "Đang xử lý"}, "weight": "0.5"}
    ]});
    let rs = one_leaf(rule, "1", None);
    // 6/9 = 66.67% × 1 + 2/9 = 22.22% × 0.5 = 0.6667 + 0.1111 = 0.7778 → 0.78.
    assert_eq!(
        leaf_points(
            &rs,
            json!({"denominator": 9, "outcomes": {"resolved": 6, "in_progress": 2}})
        ),
        "0.78"
    );
    // Nothing found: the declared answer.
    assert_eq!(leaf_points(&rs, json!({"denominator": 0})), "1.00");
    let e = score_item(&rs, json!({"denominator": 3, "outcomes": {"resolved": 4}})).unwrap_err();
    assert_eq!(e.code(), "input.numerator_above_denominator");
}

/// C7 with S9's two readings, on numbers where they differ (found 12, resolved 4, in progress 7,
/// weights 1 and 0.5, 2 places, half up):
/// - `each_outcome` (the default): 4/12 = 33.33% × 1 + 7/12 = 58.33% × 0.5 = 0.3333 + 0.29165 =
///   0.62495 → 0.62;
/// - `weighted_rate`: (4 × 1 + 7 × 0.5) / 12 = 7.5 / 12 = 62.50% → 62.50 × 1 / 100 = 0.625 → 0.63.
#[test]
fn c7_s9_outcome_ratio_rounds_each_outcome_or_the_weighted_rate_as_declared() {
    let rule = |reading: Option<&str>| {
        let mut r = json!({"kind": "outcome_ratio", "zero_denominator_points": "1", "outcomes": [
            {"id": "resolved", "label": {"vi": "Đã xử lý"}, "weight": "1"},
            {"id": "in_progress", "label": {"vi": "Đang xử lý"}, "weight": "0.5"}
        ]});
        if let Some(x) = reading {
            r["percentage_of"] = json!(x);
        }
        r
    };
    let facts = json!({"denominator": 12, "outcomes": {"resolved": 4, "in_progress": 7}});
    for (reading, points) in [
        (None, "0.62"),
        (Some("each_outcome"), "0.62"),
        (Some("weighted_rate"), "0.63"),
    ] {
        let rs = one_leaf(rule(reading), "1", None);
        for rs in [rs.clone(), rs.general_only()] {
            assert_eq!(leaf_points(&rs, facts.clone()), points, "{reading:?}");
        }
    }
    // The weighted rate is the node's percentage, rounded once; the points follow from it.
    let rs = one_leaf(rule(Some("weighted_rate")), "1", None);
    let n = score_item(&rs, facts).unwrap().nodes.get(1).unwrap();
    assert_eq!(n.percentage.unwrap().to_string(), "62.50");
    assert_eq!(n.percentage_raw.unwrap().to_string(), "62.5");
    assert_eq!(n.raw_points.to_string(), "0.6250");
    // Weights 2 and 1 (max 2): the rate is relative to the highest weight, (4 × 2 + 7 × 1) /
    // (12 × 2) = 15/24 = 62.50%, × 2 = 1.25; each outcome rounded: 33.33% × 2 + 58.33% × 1 =
    // 0.6666 + 0.5833 = 1.2499 → 1.25.
    let mut r = rule(Some("weighted_rate"));
    r["outcomes"][0]["weight"] = json!("2");
    r["outcomes"][1]["weight"] = json!("1");
    let rs = one_leaf(r, "2", None);
    assert_eq!(
        leaf_points(
            &rs,
            json!({"denominator": 12, "outcomes": {"resolved": 4, "in_progress": 7}})
        ),
        "1.25"
    );
    // Nothing found: the declared answer, whichever the reading.
    assert_eq!(leaf_points(&rs, json!({"denominator": 0})), "1.00");
    // The reading is part of the rule set: a default one is not written out (same hash as
    // before), a declared one is.
    let plain = one_leaf(rule(None), "1", None);
    assert_eq!(
        plain.sha256(),
        one_leaf(rule(Some("each_outcome")), "1", None).sha256()
    );
    assert!(!plain.to_json().contains("percentage_of"));
    assert!(one_leaf(rule(Some("weighted_rate")), "1", None)
        .to_json()
        .contains("\"percentage_of\": \"weighted_rate\""));
    let mut bad: serde_json::Value = serde_json::from_str(&plain.to_json()).unwrap();
    bad["levels"][0]["nodes"][0]["children"][0]["rule"]["percentage_of"] = json!("once");
    let e = parindex::RuleSet::from_value(&bad).unwrap_err();
    assert!(
        e.issues()
            .iter()
            .any(|i| i.path.starts_with("$.levels[0].nodes[0].children[0].rule")),
        "an unknown reading is refused at its rule: {e}"
    );
}

#[test]
fn c8_deductions_with_a_negative_floor() {
    let rule = json!({"kind": "deductions", "deductions": [
        {"id": "late_report", "label": {"vi": "Báo cáo chậm"}, "points": "0.25"},
        {"id": "missing_quarterly", "label": {"vi": "Thiếu báo cáo quý"}, "points": "0.5"}
    ]});
    let rs = one_leaf(rule, "1", Some("-0.5"));
    assert_eq!(
        leaf_points(&rs, json!({"events": {"late_report": 2}})),
        "0.50"
    );
    assert_eq!(
        leaf_points(
            &rs,
            json!({"events": {"late_report": 1, "missing_quarterly": 1}})
        ),
        "0.25"
    );
    let s = score_item(&rs, json!({"events": {"missing_quarterly": 4}})).unwrap();
    assert_eq!(
        s.nodes.get(1).unwrap().points.to_string(),
        "-0.50",
        "floored at min_points"
    );
    assert_eq!(s.nodes.get(1).unwrap().caps[0].kind, "min");
    let e = score_item(&rs, json!({"events": {"lost_file": 1}})).unwrap_err();
    assert_eq!(e.code(), "input.unknown_event");
}

#[test]
fn c11_survey_leaf_and_external_and_manual_steps() {
    let rs = one_leaf(json!({"kind": "survey"}), "1.5", None);
    // 81.37% × 1.5 = 1.22055 → 1.22.
    assert_eq!(leaf_points(&rs, json!({"percentage": "81.37"})), "1.22");
    let rs = one_leaf(json!({"kind": "external"}), "2", None);
    assert_eq!(leaf_points(&rs, json!({"points": "1.3"})), "1.30");
    assert_eq!(
        score_item(&rs, json!({"points": "2.5"}))
            .unwrap_err()
            .code(),
        "input.points_out_of_range"
    );
    let rs = one_leaf(json!({"kind": "manual", "step": "0.25"}), "1", None);
    assert_eq!(leaf_points(&rs, json!({"points": "0.75"})), "0.75");
    let e = score_item(&rs, json!({"points": "0.3"})).unwrap_err();
    assert_eq!(e.code(), "input.points_step");
    assert_eq!(e.path(), "$.items[\"1.1\"].points");
}

#[test]
fn s7_facts_win_over_a_self_score_which_is_still_checked() {
    // Facts given with a self score score the leaf (source: facts), with or without evidence; the
    // self score must still lie within the leaf's range and on its step.
    let manual = one_leaf(json!({"kind": "manual", "step": "0.25"}), "1", None);
    let count = one_leaf(json!({"kind": "count", "points_each": "0.25"}), "1", None);
    let scored = [
        (&manual, json!({"points": "0.75", "self": "0.5"}), "0.75"),
        (
            &manual,
            json!({"points": "0.75", "self": "0.5", "evidence": ["a"]}),
            "0.75",
        ),
        (
            &count,
            json!({"count": 2, "self": "1", "evidence": ["a"]}),
            "0.50",
        ),
    ];
    for (rs, item, points) in scored {
        let s = score_item(rs, item).unwrap();
        let n = s.nodes.get(1).unwrap();
        assert_eq!(
            (n.source, n.points.to_string()),
            (Some(PointSource::Facts), points.into())
        );
    }
    let refused = [
        (
            &manual,
            json!({"points": "0.75", "self": "0.3"}),
            "input.points_step",
        ),
        (
            &manual,
            json!({"points": "0.75", "self": "1.25"}),
            "input.points_out_of_range",
        ),
        (
            &count,
            json!({"count": 2, "self": "-0.25"}),
            "input.points_out_of_range",
        ),
    ];
    for (rs, mut item, code) in refused {
        item["evidence"] = json!(["a"]);
        let e = score_item(rs, item).unwrap_err();
        assert_eq!((e.code(), e.path()), (code, "$.items[\"1.1\"].self"));
    }
}

#[test]
fn s7_self_score_without_evidence_is_not_recognised_and_appraisal_wins() {
    let rs = one_leaf(json!({"kind": "manual"}), "1", None);
    let s = score_item(&rs, json!({"self": "1"})).unwrap();
    assert_eq!(s.nodes.get(1).unwrap().status, NodeStatus::NotRecognised);
    assert_eq!(s.nodes.get(1).unwrap().points.to_string(), "0.00");
    assert_eq!(
        s.nodes.get(1).unwrap().lost_reason,
        Some(LostReason::NoEvidence)
    );
    let s = score_item(&rs, json!({"self": "1", "evidence": ["QD-12.pdf"]})).unwrap();
    assert_eq!(s.nodes.get(1).unwrap().source, Some(PointSource::SelfScore));
    assert_eq!(s.nodes.get(1).unwrap().points.to_string(), "1.00");
    let s = score_item(
        &rs,
        json!({"self": "1", "evidence": ["QD-12.pdf"], "appraised": "0.5"}),
    )
    .unwrap();
    assert_eq!(s.nodes.get(1).unwrap().source, Some(PointSource::Appraised));
    assert_eq!(s.nodes.get(1).unwrap().points.to_string(), "0.50");
    assert_eq!(
        s.nodes.get(1).unwrap().lost_reason,
        Some(LostReason::Appraisal)
    );
    assert_eq!(
        s.nodes
            .get(1)
            .unwrap()
            .history()
            .self_score
            .unwrap()
            .to_string(),
        "1"
    );
    let s = score_item(
        &rs,
        json!({"self": "1", "evidence": ["a"], "appraised": "0.5", "reappraised": "0.75"}),
    )
    .unwrap();
    assert_eq!(
        s.nodes.get(1).unwrap().source,
        Some(PointSource::Reappraised)
    );
    assert_eq!(s.nodes.get(1).unwrap().points.to_string(), "0.75");
    // An appraisal can also be 0 for a leaf whose self score had no evidence.
    let s = score_item(&rs, json!({"self": "1", "appraised": "0"})).unwrap();
    assert_eq!(s.nodes.get(1).unwrap().points.to_string(), "0.00");
}

#[test]
fn c9_c10_not_applicable_gives_full_points_or_reduces_the_maximum() {
    let nodes = json!([{"code": "1", "label": {"vi": "LV"}, "max_points": "4", "source": "reconstructed", "children": [
        {"code": "1.1", "label": {"vi": "A"}, "max_points": "2", "source": "reconstructed", "rule": {"kind": "met"}, "not_applicable": "full_points"},
        {"code": "1.2", "label": {"vi": "B"}, "max_points": "1", "source": "reconstructed", "rule": {"kind": "met"}, "not_applicable": "reduce_max"},
        {"code": "1.3", "label": {"vi": "C"}, "max_points": "1", "source": "reconstructed", "rule": {"kind": "met"}}
    ]}]);
    let rs = ruleset_with(
        nodes,
        json!([{"id": "g", "level": "l", "label": {"vi": "N"}, "max_points": "4"}]),
        json!([]),
    );
    let s = score_unit_json(
        &rs,
        json!({"id": "u", "name": "U", "group": "g", "items": {
        "1.1": {"not_applicable": true}, "1.2": {"not_applicable": true}, "1.3": {"met": false}}}),
    )
    .unwrap();
    assert_eq!(
        s.nodes.get(1).unwrap().status,
        NodeStatus::NotApplicableFull
    );
    assert_eq!(s.nodes.get(1).unwrap().points.to_string(), "2.00");
    assert_eq!(
        s.nodes.get(2).unwrap().status,
        NodeStatus::NotApplicableExcluded
    );
    assert_eq!(s.rubric_max.to_string(), "3");
    assert_eq!(s.total.to_string(), "2.00");
    // 2 / 3 × 100 = 66.666… → 66.67.
    assert_eq!(s.index.to_string(), "66.67");
    let e = score_unit_json(
        &rs,
        json!({"id": "u", "name": "U", "group": "g", "items": {"1.3": {"not_applicable": true}}}),
    )
    .unwrap_err();
    assert_eq!(e.code(), "input.not_applicable_not_allowed");
}

#[test]
fn s2_reduced_maximum_units_are_compared_by_percentage() {
    // Leaf 1.3 applies only to the 56-point group; the 52-point group never counts it (S2, C10).
    let nodes = json!([{"code": "1", "label": {"vi": "LV"}, "max_points": "56", "source": "seed", "children": [
        {"code": "1.1", "label": {"vi": "A"}, "max_points": "26", "source": "reconstructed", "rule": {"kind": "manual"}},
        {"code": "1.2", "label": {"vi": "B"}, "max_points": "26", "source": "reconstructed", "rule": {"kind": "manual"}},
        {"code": "1.3", "label": {"vi": "C"}, "max_points": "4", "source": "reconstructed", "rule": {"kind": "manual"}, "groups": ["g56"]}
    ]}]);
    let groups = json!([
        {"id": "g56", "level": "l", "label": {"vi": "Sở"}, "max_points": "56"},
        {"id": "g52", "level": "l", "label": {"vi": "VP UBND tỉnh…"}, "max_points": "52"}
    ]);
    let rs = ruleset_with(nodes, groups, json!([]));
    let batch = json!({"format_version": 1, "units": [
        {"id": "a", "name": "Sở A", "group": "g56", "items": {"1.1": {"points": "21"}, "1.2": {"points": "21"}, "1.3": {"points": "0"}}},
        {"id": "b", "name": "Văn phòng B", "group": "g52", "items": {"1.1": {"points": "21"}, "1.2": {"points": "21"}}}
    ]});
    let r = parindex::internal::score_batch_value(&rs, &batch).unwrap();
    // 42/56 = 75.00%; 42/52 = 80.769…% → 80.77%: the 52-point unit ranks first.
    assert_eq!(r.units[0].index.to_string(), "75.00");
    assert_eq!(r.units[1].index.to_string(), "80.77");
    assert_eq!(r.units[1].max_points.to_string(), "52");
    assert_eq!(r.ranking[0].entries[0].id, "b");
    assert_eq!(
        r.units[1].nodes.get(3).unwrap().status,
        NodeStatus::NotInGroup
    );
}

#[test]
fn components_bonus_penalty_caps_and_the_index() {
    let nodes = json!([{"code": "1", "label": {"vi": "LV"}, "max_points": "56", "source": "seed", "children": [
        {"code": "1.1", "label": {"vi": "A"}, "max_points": "56", "source": "reconstructed", "rule": {"kind": "manual"}}]}]);
    let comps = json!([
        {"id": "it", "label": {"vi": "CNTT"}, "kind": "external", "max_points": "10"},
        {"id": "survey", "label": {"vi": "Khảo sát"}, "kind": "survey", "max_points": "34"}
    ]);
    let rs = ruleset_with(
        nodes,
        json!([{"id": "g", "level": "l", "label": {"vi": "N"}, "max_points": "56"}]),
        comps,
    );
    let s = score_unit_json(&rs, json!({"id": "u", "name": "U", "group": "g",
        "items": {"1.1": {"points": "40.5"}},
        "components": {"it": {"points": "7.25"}, "survey": {"percentage": "81.37"}},
        "bonus": [{"points": "1.5", "reason": "sáng kiến"}, {"points": "1", "reason": "giải thưởng"}],
        "penalty": [{"points": "0.5", "reason": "báo cáo chậm"}]})).unwrap();
    // Survey (S9): 81.37% × 34 = 27.6658 → 27.67. Bonus 2.5 capped at 2 (C13).
    assert_eq!(s.components[2].points.to_string(), "27.67");
    assert_eq!(s.bonus.to_string(), "2.00");
    // 40.50 + 7.25 + 27.67 + 2 − 0.5 = 76.92 of 100.
    assert_eq!(s.total.to_string(), "76.92");
    assert_eq!(s.max_points.to_string(), "100");
    assert_eq!(s.index.to_string(), "76.92");
    assert_eq!(&*s.band, "fair");
    assert_eq!(s.fields[0].sub_index.unwrap().to_string(), "72.32");
    // Total capped at the maximum.
    let s = score_unit_json(&rs, json!({"id": "u", "name": "U", "group": "g",
        "items": {"1.1": {"points": "56"}}, "components": {"it": {"points": "10"}, "survey": {"percentage": "100"}},
        "bonus": [{"points": "1", "reason": "x"}]})).unwrap();
    assert_eq!(s.index.to_string(), "100.00");
    assert_eq!(s.caps.last().unwrap().kind, "total_max");
}

#[test]
fn missing_inputs_are_explicit_never_silent() {
    let rs = one_leaf(json!({"kind": "met"}), "1", None);
    let s = score_unit_json(&rs, json!({"id": "u", "name": "U", "group": "g"})).unwrap();
    assert_eq!(s.nodes.get(1).unwrap().status, NodeStatus::Missing);
    assert_eq!(s.warnings[0].code, "input.missing_item");
    assert_eq!(s.warnings[0].path, "$.items[\"1.1\"]");
    let e = score_unit_json(
        &rs,
        json!({"id": "u", "name": "U", "group": "g", "items": {"9.9": {"met": true}}}),
    )
    .unwrap_err();
    assert_eq!(e.code(), "input.unknown_code");
    let e = score_unit_json(&rs, json!({"id": "u", "name": "U", "group": "nope"})).unwrap_err();
    assert_eq!(e.code(), "input.unknown_group");
    let e = score_unit_json(
        &rs,
        json!({"id": "u", "name": "U", "group": "g", "items": {"1.1": {"met": true, "colour": 1}}}),
    )
    .unwrap_err();
    assert_eq!(e.code(), "input.unknown_field");
    assert_eq!(e.path(), "$.items[\"1.1\"].colour");
    // A component value is read in place: a bad percentage is named where it is, and a value
    // with neither `percentage` nor `points` is refused rather than read as zero.
    let e = score_unit_json(
        &rs,
        json!({"id": "u", "name": "U", "group": "g", "components": {"survey": {"percentage": [1]}}}),
    )
    .unwrap_err();
    assert_eq!(e.path(), "$.components.survey.percentage", "{e}");
    let e = score_unit_json(
        &rs,
        json!({"id": "u", "name": "U", "group": "g", "components": {"survey": {"percent": "80"}}}),
    )
    .unwrap_err();
    assert_eq!(e.path(), "$.components.survey", "{e}");
    assert!(e.to_string().contains("needs `percentage`"), "{e}");
}

#[test]
fn one_bad_unit_does_not_lose_the_others() {
    let rs = one_leaf(json!({"kind": "met"}), "1", None);
    let batch = json!({"format_version": 1, "units": [
        {"id": "a", "name": "A", "group": "g", "items": {"1.1": {"met": true}}},
        {"id": "b", "name": "B", "group": "g", "items": {"1.1": {"met": "yes"}}},
        {"id": "c", "name": "C", "group": "zz"},
        {"id": "a", "name": "A again", "group": "g"},
        {"id": "d", "name": "D", "group": "g", "items": {"1.1": {"met": false}}}
    ]});
    let r = parindex::internal::score_batch_value(&rs, &batch).unwrap();
    assert_eq!(
        r.units.iter().map(|u| u.id.as_str()).collect::<Vec<_>>(),
        ["a", "d"]
    );
    let codes: Vec<(usize, &str)> = r
        .errors
        .iter()
        .map(|e| (e.index, e.errors[0].code.as_str()))
        .collect();
    assert_eq!(
        codes,
        [
            (1, "input.invalid_type"),
            (2, "input.unknown_group"),
            (3, "input.duplicate_unit")
        ]
    );
    assert_eq!(r.errors[0].errors[0].path, "$.units[1].items[\"1.1\"].met");
    assert_eq!(r.receipt.units_failed, 3);
}

#[test]
fn ties_share_a_rank_and_the_next_is_skipped_unless_a_tie_breaker_separates() {
    let rs = one_leaf(json!({"kind": "manual"}), "10", None);
    let unit = |id: &str, p: &str| json!({"id": id, "name": id.to_uppercase(), "group": "g", "items": {"1.1": {"points": p}}});
    let batch = json!({"format_version": 1, "units": [unit("a", "9"), unit("b", "8"), unit("c", "8"), unit("d", "7")]});
    let r = parindex::internal::score_batch_value(&rs, &batch).unwrap();
    let e = &r.ranking[0].entries;
    assert_eq!(e.iter().map(|x| x.rank).collect::<Vec<_>>(), [1, 2, 2, 4]);
    assert!(e[1].tied && e[2].tied && !e[0].tied);
    assert!(
        e[1].note
            .as_ref()
            .unwrap()
            .contains("không quy định tiêu chí phân định"),
        "{:?}",
        e[1].note
    );

    // With a declared tie-breaker (survey points) the tie is separated and the reason shown.
    let mut def = rs.def().clone();
    def.levels[0].components.push(
        serde_json::from_value(
            json!({"id": "survey", "label": {"vi": "KS"}, "kind": "survey", "max_points": "10"}),
        )
        .unwrap(),
    );
    def.ranking.tie_breakers =
        vec![serde_json::from_value(json!({"by": "component", "id": "survey"})).unwrap()];
    let rs = parindex::RuleSet::from_def(def).unwrap();
    let unit = |id: &str, p: &str, s: &str| json!({"id": id, "name": id.to_uppercase(), "group": "g", "items": {"1.1": {"points": p}}, "components": {"survey": {"percentage": s}}});
    let batch = json!({"format_version": 1, "units": [unit("a", "9", "90"), unit("b", "8", "80"), unit("c", "8", "90"), unit("d", "7", "90")]});
    let r = parindex::internal::score_batch_value(&rs, &batch).unwrap();
    let e = &r.ranking[0].entries;
    // a: 18/20 = 90%; c: 17/20 = 85%; b: 16/20 = 80%; d: 16/20 = 80% → survey 9 vs 8: d before b.
    assert_eq!(
        e.iter()
            .map(|x| (x.id.as_str(), x.rank))
            .collect::<Vec<_>>(),
        [("a", 1), ("c", 2), ("d", 3), ("b", 4)]
    );
    assert!(!e[2].tied);
    assert!(
        e[2].note
            .as_ref()
            .unwrap()
            .contains("phân định bằng thành phần `survey`: 9.00 so với 8.00"),
        "{:?}",
        e[2].note
    );
    // The same note in English.
    let en = parindex::with_lang(parindex::Lang::En, || {
        parindex::internal::score_batch_value(&rs, &batch).unwrap()
    });
    let note = en.ranking[0].entries[2].note.clone().unwrap();
    assert!(
        note.contains("separated by component `survey`: 9.00 vs 8.00"),
        "{note}"
    );
}

#[test]
fn receipts_hash_the_rule_set_and_the_inputs() {
    let rs = one_leaf(json!({"kind": "met"}), "1", None);
    let b1 = json!({"format_version": 1, "units": [{"id": "a", "name": "A", "group": "g", "items": {"1.1": {"met": true}}}]});
    let b2 = json!({"format_version": 1, "units": [{"id": "a", "name": "A", "group": "g", "items": {"1.1": {"met": false}}}]});
    let r1 = parindex::internal::score_batch_value(&rs, &b1).unwrap();
    let r2 = parindex::internal::score_batch_value(&rs, &b2).unwrap();
    assert_eq!(r1.receipt.ruleset_sha256, rs.sha256());
    assert_eq!(r1.receipt.ruleset_sha256.len(), 64);
    assert_ne!(r1.receipt.inputs_sha256, r2.receipt.inputs_sha256);
    assert!(r1.receipt.engine.starts_with("parindex "));
    // The hash is that of the text as received: this is what `sha256sum` prints for it.
    let text = r#"{"format_version":1,"units":[{"id":"a","name":"A","group":"g","items":{"1.1":{"met":true}}}]}"#;
    let r = rs.score_json(text).unwrap();
    assert_eq!(
        r.receipt.inputs_sha256,
        "1449d6186ce9047a5cd7545ed2441dc96a227ed3741feec462fc55f97356f1ee"
    );
    // Typed units are hashed as their JSON array, unit by unit while scoring: the same bytes as
    // the whole vector serialised (a duplicate id and an unscorable unit are hashed too).
    let units: Vec<parindex::UnitInput> = serde_json::from_value(json!([
        {"id": "a", "name": "Á", "group": "g", "items": {"1.1": {"met": true}}},
        {"id": "a", "name": "A again", "group": "g"},
        {"id": "b", "name": "B", "group": "nope"}
    ]))
    .unwrap();
    let want = parindex::internal::canonical_sha256(&units);
    let r = rs.score(units);
    assert_eq!((r.units.len(), r.errors.len()), (1, 2));
    assert_eq!(r.receipt.inputs_sha256, want);
    // Several 64 KB blocks of JSON.
    let builtin = parindex::builtin::ruleset(parindex::builtin::DEFAULT_RULESET).unwrap();
    let many = parindex::internal::generate(&builtin, 300, 3);
    let want = parindex::internal::canonical_sha256(&many);
    assert_eq!(builtin.score(many).receipt.inputs_sha256, want);
    let none = rs.score(Vec::new());
    assert_eq!(
        none.receipt.inputs_sha256,
        parindex::internal::canonical_sha256(&Vec::<parindex::UnitInput>::new())
    );
}

#[test]
fn json_numbers_are_read_from_their_text_not_through_floats() {
    let rs = one_leaf(json!({"kind": "manual"}), "1", None);
    // 0.1 + 0.2 style values: a JSON number literal keeps its exact decimal value.
    let text = r#"{"format_version":1,"units":[{"id":"a","name":"A","group":"g","items":{"1.1":{"points":0.575}}}]}"#;
    let r = rs.score_json(text).unwrap();
    assert_eq!(
        r.units[0].nodes.get(1).unwrap().raw_points.to_string(),
        "0.575"
    );
    assert_eq!(r.units[0].nodes.get(1).unwrap().points.to_string(), "0.58");
}

#[test]
fn s7_each_node_names_the_council_member_whose_remit_covers_it() {
    let nodes = json!([
        {"code": "1", "label": {"vi": "Chỉ đạo"}, "max_points": "2", "source": "reconstructed", "children": [
            {"code": "1.1", "label": {"vi": "A"}, "max_points": "1", "source": "reconstructed", "rule": {"kind": "met"}},
            {"code": "1.2", "label": {"vi": "B"}, "max_points": "1", "source": "reconstructed", "rule": {"kind": "met"}, "appraiser": "tu_phap"}
        ]},
        {"code": "2", "label": {"vi": "Tài chính"}, "max_points": "1", "source": "reconstructed", "children": [
            {"code": "2.1", "label": {"vi": "C"}, "max_points": "1", "source": "reconstructed", "rule": {"kind": "met"}}
        ]}
    ]);
    let mut v = ruleset_json(
        nodes,
        json!([{"id": "g", "level": "l", "label": {"vi": "G"}, "max_points": "3"}]),
        json!([]),
    );
    v["council"] = json!({"members": [
        {"id": "noi_vu", "label": {"vi": "Sở Nội vụ"}, "standing": true},
        {"id": "tai_chinh", "label": {"vi": "Sở Tài chính"}, "remit": {"l": ["2"]}},
        {"id": "tu_phap", "label": {"vi": "Sở Tư pháp"}}
    ]});
    let rs = parindex::RuleSet::from_value(&v).unwrap();
    let s = score_unit_json(&rs, json!({"id": "u", "name": "U", "group": "g"})).unwrap();
    let nodes = s.nodes.to_vec();
    let by: Vec<(&str, Option<&str>)> = nodes
        .iter()
        .map(|n| (&*n.code, n.appraiser.as_deref()))
        .collect();
    // 1.2 is declared on the node; field 2 through Finance's remit; the rest falls to the standing member.
    assert_eq!(
        by,
        [
            ("1", Some("noi_vu")),
            ("1.1", Some("noi_vu")),
            ("1.2", Some("tu_phap")),
            ("2", Some("tai_chinh")),
            ("2.1", Some("tai_chinh"))
        ]
    );
    for (code, who) in &by {
        assert_eq!(
            parindex::workflow::appraiser_of(&rs, "l", code).ok(),
            *who,
            "{code}"
        );
    }
}

#[test]
fn explaining_one_unit_matches_its_score_in_the_whole_batch() {
    // A normalised rule (C5) needs the batch's best value, so explaining one unit alone must still
    // see the others.
    let rs = one_leaf(
        json!({"kind": "normalized", "zero_best_points": "0"}),
        "3",
        None,
    );
    let text = json!({"format_version": 1, "units": [
        {"id": "a", "name": "A", "group": "g", "items": {"1.1": {"value": "120"}}},
        {"id": "b", "name": "B", "group": "g", "items": {"1.1": {"value": "90"}}},
        {"id": "c", "name": "C", "group": "zz"}
    ]})
    .to_string();
    let whole = rs.score_json(&text).unwrap();
    let b = rs.explain(&text, "b").unwrap();
    assert_eq!(b.nodes.get(1).unwrap().points.to_string(), "2.25");
    assert_eq!(&b, whole.units.iter().find(|u| u.id == "b").unwrap());
    assert_eq!(
        rs.explain(&text, "c").unwrap_err().code(),
        "input.unknown_group"
    );
    assert_eq!(
        rs.explain(&text, "zz").unwrap_err().code(),
        "not_found.unit"
    );
}

#[test]
fn each_rule_kind_names_the_facts_it_takes() {
    parindex::set_lang(parindex::Lang::En);
    let choice =
        json!({"kind": "choice", "options": [{"id": "a", "label": {"vi": "a"}, "points": "1"}]});
    let outcomes = json!({"kind": "outcome_ratio", "zero_denominator_points": "1", "outcomes": [
        {"id": "on_time", "label": {"vi": "Đúng hạn"}, "weight": "1"}]});
    let deductions = json!({"kind": "deductions", "deductions": [
        {"id": "late", "label": {"vi": "Chậm"}, "points": "0.25"}]});
    let kinds = [
        (choice, "choice"),
        (json!({"kind": "met"}), "met"),
        (bands_rule(), "percentage, numerator, denominator"),
        (
            json!({"kind": "proportional"}),
            "percentage, numerator, denominator",
        ),
        (
            json!({"kind": "normalized", "zero_best_points": "0"}),
            "value",
        ),
        (json!({"kind": "count", "points_each": "0.25"}), "count"),
        (outcomes, "denominator, outcomes"),
        (deductions, "events"),
        (json!({"kind": "survey"}), "percentage"),
        (json!({"kind": "external"}), "points"),
        (json!({"kind": "manual"}), "points"),
    ];
    for (rule, takes) in kinds {
        let kind = rule["kind"].as_str().unwrap().to_string();
        let rs = one_leaf(rule, "2", None);
        // A fact no rule kind shares with `count` or `met`: one of the two is always foreign.
        let foreign = if kind == "count" {
            json!({"met": true})
        } else {
            json!({"count": 1})
        };
        let field = foreign.as_object().unwrap().keys().next().unwrap().clone();
        let e = score_item(&rs, foreign).unwrap_err();
        let issue = &e.issues()[0];
        assert_eq!(issue.code, "input.fact_mismatch", "{kind}");
        assert_eq!(issue.path, format!("$.items[\"1.1\"].{field}"), "{kind}");
        assert!(
            issue.message.contains(&format!("it takes: {takes})")),
            "{kind}: {}",
            issue.message
        );
    }
}

/// A level with more nodes than scoring keeps its items' slots for on the stack (128) is scored
/// alike: every leaf finds its item, and an unknown code is reported at its path.
#[test]
fn a_level_of_many_nodes_finds_every_item() {
    let leaves: Vec<Value> = (1..=150)
        .map(|i| {
            json!({"code": format!("1.{i}"), "label": {"vi": "x"}, "max_points": "0.5",
                "source": "reconstructed", "rule": {"kind": "met"}})
        })
        .collect();
    let nodes = json!([{"code": "1", "label": {"vi": "Lĩnh vực"}, "max_points": "75",
        "source": "reconstructed", "children": leaves}]);
    let groups = json!([{"id": "g", "level": "l", "label": {"vi": "Nhóm"}, "max_points": "75"}]);
    let rs = ruleset_with(nodes, groups, json!([]));
    let mut items: serde_json::Map<String, Value> = (1..=150)
        .map(|i| (format!("1.{i}"), json!({"met": i != 137})))
        .collect();
    let unit = |items: &serde_json::Map<String, Value>| json!({"id": "u", "name": "Đơn vị", "group": "g", "items": items});
    let s = score_unit_json(&rs, unit(&items)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(s.total, dec("74.5"));
    let missed: Vec<String> = (s.nodes.iter())
        .filter(|n| n.points.is_zero())
        .map(|n| n.code.to_string())
        .collect();
    assert_eq!(missed, ["1.137"]);
    items.insert("1.151".into(), json!({"met": true}));
    let e = score_unit_json(&rs, unit(&items)).unwrap_err();
    assert_eq!(e.issues()[0].path, r#"$.items["1.151"]"#, "{e}");
}
