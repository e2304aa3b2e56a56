//! Rounding only shown, or also carried into the sums, declared per stage (issue 23, item 7:
//! `rounding.shown_only`).

mod common;
use common::*;
use parindex::{Decimal, RuleSet, UnitScore};
use serde_json::{json, Value};

/// A 56-point rubric (one leaf entered by hand), the IT points (external, 4) and a survey (40):
/// 100 points in all, so that the index is the total.
fn ruleset(shown_only: Value) -> RuleSet {
    let nodes = json!([{"code": "1", "label": {"vi": "Lĩnh vực"}, "max_points": "56", "source": "reconstructed", "children": [
        {"code": "1.1", "label": {"vi": "Điểm nhập"}, "max_points": "56", "source": "reconstructed", "rule": {"kind": "manual"}}
    ]}]);
    let mut v = ruleset_json(
        nodes,
        json!([{"id": "g", "level": "l", "label": {"vi": "Nhóm"}, "max_points": "56"}]),
        json!([
            {"id": "it", "label": {"vi": "Ứng dụng CNTT"}, "kind": "external", "max_points": "4"},
            {"id": "survey", "label": {"vi": "Điều tra xã hội học"}, "kind": "survey", "max_points": "40"}
        ]),
    );
    if !shown_only.is_null() {
        v["rounding"]["shown_only"] = shown_only;
    }
    RuleSet::from_value(&v).unwrap_or_else(|e| panic!("{e}"))
}

/// Rubric 50.00; IT 3.004 points (shown 3.00); survey 88.885 % of 40 = 35.554 (shown 35.55).
fn published_unit() -> Value {
    json!({"id": "u", "name": "Sở X", "group": "g", "items": {"1.1": {"points": "50"}},
           "components": {"it": {"points": "3.004"}, "survey": {"percentage": "88.885"}}})
}

fn score(rs: &RuleSet, u: Value) -> UnitScore {
    score_unit_json(rs, u).unwrap_or_else(|e| panic!("{e}"))
}

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

/// S9 (two places) as a provincial decision publishes it: the component columns are printed at
/// two places (50.00, 3.00, 35.55: 88.55 added up) while the total adds the unrounded components
/// (88.558) and the index is 88.56, 0.01 above the sum of its printed components. Declared
/// `shown_only: ["component"]`, that is the result, and it lists every value shown otherwise
/// than carried; undeclared, the rounded components are carried (today's behaviour: 88.55).
#[test]
fn s9_component_rounding_only_shown_gives_the_published_index_above_its_printed_components() {
    let rs = ruleset(json!(["component"]));
    let u = score(&rs, published_unit());
    let shown: Vec<Decimal> = u.components.iter().map(|c| c.points).collect();
    assert_eq!(shown, [d("50.00"), d("3.00"), d("35.55")]);
    let printed_sum = shown.iter().fold(Decimal::ZERO, |a, b| a + b);
    assert_eq!(printed_sum, d("88.55"));
    assert_eq!(u.total.to_string(), "88.56");
    assert_eq!(u.index.to_string(), "88.56");
    assert_eq!(u.index - printed_sum, d("0.01"));
    assert_eq!(u.index_raw, d("88.558"));
    let carried: Vec<(&str, Option<&str>, String, String)> = (u.carried.iter())
        .map(|c| {
            (
                c.value.as_str(),
                c.id.as_deref(),
                c.shown.to_string(),
                c.carried.normalize().to_string(),
            )
        })
        .collect();
    assert_eq!(
        carried,
        [
            ("component", Some("it"), "3.00".into(), "3.004".into()),
            ("component", Some("survey"), "35.55".into(), "35.554".into()),
            ("total", None, "88.56".into(), "88.558".into()),
        ]
    );

    // Undeclared: the rounded components are carried, the index is the sum of the printed ones.
    let today = ruleset(Value::Null);
    let u = score(&today, published_unit());
    assert_eq!(u.total.to_string(), "88.55");
    assert_eq!(u.index.to_string(), "88.55");
    assert!(u.carried.is_empty());
    // Undeclared, the rule set's canonical form and SHA-256 are unchanged; declaring an empty list
    // is the same rule set.
    assert_eq!(ruleset(json!([])).sha256(), today.sha256());
    assert!(!today.to_json().contains("shown_only"));
    assert_ne!(rs.sha256(), today.sha256());
}

/// Bonus and penalty are rounded at the component stage too: shown only, they are carried
/// unrounded (C13).
#[test]
fn c13_bonus_and_penalty_rounded_for_display_only_are_carried_unrounded() {
    let rs = ruleset(json!(["component"]));
    let mut u = published_unit();
    u["components"] = json!({"it": {"points": "4"}, "survey": {"percentage": "50"}});
    u["bonus"] = json!([{"points": "0.004", "reason": "giải thưởng"}]);
    u["penalty"] = json!([{"points": "0.001", "reason": "chậm báo cáo"}]);
    let s = score(&rs, u.clone());
    assert_eq!(
        (s.bonus.to_string(), s.penalty.to_string()),
        ("0.00".into(), "0.00".into())
    );
    // 50 + 4 + 20 + 0.004 − 0.001 = 74.003 → shown 74.00; the index from 74.003.
    assert_eq!(s.index_raw, d("74.003"));
    let kinds: Vec<&str> = s.carried.iter().map(|c| c.value.as_str()).collect();
    assert_eq!(kinds, ["bonus", "penalty", "total"]);
    let today = score(&ruleset(Value::Null), u);
    assert_eq!(today.index_raw, d("74"));
}

/// Shown only at the index stage: the index is shown rounded and the classification band found
/// from the unrounded index (79.996 % is "fair", below 80, though shown as 80.00).
#[test]
fn s9_index_rounding_only_shown_classifies_on_the_unrounded_index() {
    let mut u = published_unit();
    // 50 + 3.996 + 26 = 79.996.
    u["components"] = json!({"it": {"points": "3.996"}, "survey": {"percentage": "65"}});
    let rs = ruleset(json!(["index"]));
    let s = score(&rs, u.clone());
    assert_eq!(s.total.to_string(), "80.00");
    let today = score(&ruleset(Value::Null), u.clone());
    assert_eq!(
        (today.index.to_string(), &*today.band),
        ("80.00".into(), "good")
    );
    // With the components carried unrounded as well, 79.996 is shown 80.00 and classed "fair".
    let rs = ruleset(json!(["component", "index"]));
    let s = score(&rs, u);
    assert_eq!((s.index.to_string(), &*s.band), ("80.00".into(), "fair"));
    assert!(s
        .carried
        .iter()
        .any(|c| c.value == "index" && c.carried == d("79.996")));
}

/// Validation: only `component` and `index` can round for display only (S9: the percentage is
/// rounded before the points), and only a stage that rounds.
#[test]
fn s9_the_percentage_and_leaf_stages_cannot_round_for_display_only() {
    let mut v = ruleset_json(json!([]), json!([]), json!([]));
    v["rounding"] = json!({"scale": 2, "mode": "half_up", "stages": ["percentage", "leaf", "component"],
                            "shown_only": ["percentage", "leaf", "index", "component"]});
    let e = RuleSet::from_value(&v).unwrap_err();
    let got: Vec<(&str, &str)> = (e.issues().iter())
        .filter(|i| i.path.starts_with("$.rounding"))
        .map(|i| (i.code.as_str(), i.path.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("ruleset.shown_only_stage", "$.rounding.shown_only[0]"),
            ("ruleset.shown_only_stage", "$.rounding.shown_only[1]"),
            ("ruleset.shown_only_not_rounded", "$.rounding.shown_only[2]"),
        ]
    );
}
