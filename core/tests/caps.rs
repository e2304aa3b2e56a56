//! Parent caps (issue 23, item 9): a criterion the rubric gives "at most N points" over
//! sub-criteria worth more declares `"capped": true`; its points are min(Σ children, max) and,
//! symmetrically, max(Σ, min); the group's maximum (S2: 56 or 52) counts it at its cap.

use parindex::RuleSet;
use serde_json::{json, Value};

const CASE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../fixtures/conformance/s2-parent-cap-below-children-sum"
);

fn ruleset_value() -> Value {
    serde_json::from_str(&std::fs::read_to_string(format!("{CASE}/ruleset.json")).unwrap()).unwrap()
}

fn input() -> Value {
    serde_json::from_str(&std::fs::read_to_string(format!("{CASE}/input.json")).unwrap()).unwrap()
}

fn issues(v: &Value) -> Vec<(String, String, String)> {
    match RuleSet::from_value(v) {
        Ok(_) => vec![],
        Err(e) => (e.issues().iter())
            .map(|i| {
                let message = i.message_in(parindex::Lang::En);
                (i.code.clone(), i.path.clone(), message)
            })
            .collect(),
    }
}

/// Unit `id`'s node `code` as JSON.
fn node(result: &Value, id: &str, code: &str) -> Value {
    let u = (result["units"].as_array().unwrap().iter())
        .find(|u| u["id"] == id)
        .unwrap();
    (u["nodes"].as_array().unwrap().iter())
        .find(|n| n["code"] == code)
        .unwrap()
        .clone()
}

#[test]
fn s2_a_capped_criterion_scores_at_most_its_maximum_and_shows_the_points_cut() {
    let rs = RuleSet::from_value(&ruleset_value()).unwrap();
    for rs in [rs.clone(), rs.general_only()] {
        let r = serde_json::to_value(parindex::internal::score_batch_value(&rs, &input()).unwrap())
            .unwrap();
        // 4 + 2.5 + 1 = 7.5, held at the declared 7: 0.5 cut, nothing lost.
        let n = node(&r, "u1", "1");
        assert_eq!(n["points"], "7.00");
        assert_eq!(n["max_points"], "7");
        assert_eq!(n["lost"], "0.00");
        assert_eq!(
            n["caps"],
            json!([{"kind": "max", "limit": "7.00", "before": "7.50", "cut": "0.50"}])
        );
        assert_eq!(r["units"][0]["total"], "10.00");
        assert_eq!(r["units"][0]["index"], "100.00");
        // Below the cap nothing is cut.
        let n = node(&r, "u2", "1");
        assert_eq!(n["points"], "5.50");
        assert!(n.get("caps").is_none(), "{n}");
        // A sub-criterion taken out (C10): the maximum is the lower of the cap and what is left.
        assert_eq!(node(&r, "u3", "1")["max_points"], "6.5");
        assert_eq!(r["units"][2]["rubric_max"], "9.5");
        // The floor likewise: −1 held at the declared −0.5.
        let n = node(&r, "u3", "2");
        assert_eq!(n["points"], "-0.50");
        assert_eq!(
            n["caps"],
            json!([{"kind": "min", "limit": "-0.50", "before": "-1.00", "cut": "-0.50"}])
        );
        // Full points for a capped criterion not applicable (C9): its cap, not its children's sum.
        assert_eq!(node(&r, "u4", "1")["points"], "7.00");
        assert_eq!(r["units"][3]["total"], "10.00");
    }
}

#[test]
fn s2_the_group_maximum_counts_a_capped_criterion_at_its_cap() {
    assert_eq!(issues(&ruleset_value()), vec![]);
    // 7.5 + 3 is not the group's maximum: the capped 7 + 3 is.
    let mut v = ruleset_value();
    v["groups"][0]["max_points"] = json!("10.5");
    let got = issues(&v);
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(
        (got[0].0.as_str(), got[0].1.as_str()),
        ("ruleset.group_max", "$.groups[0].max_points")
    );
    assert!(got[0].2.contains("add up to 10"), "{}", got[0].2);
}

#[test]
fn s2_children_above_an_uncapped_maximum_are_refused_with_a_hint_to_declare_the_cap() {
    let mut v = ruleset_value();
    v["levels"][0]["nodes"][0]
        .as_object_mut()
        .unwrap()
        .remove("capped");
    let got = issues(&v);
    let (code, path, message) = (got.iter())
        .find(|i| i.0 == "ruleset.children_sum")
        .unwrap_or_else(|| panic!("{got:?}"));
    assert_eq!(
        (code.as_str(), path.as_str()),
        ("ruleset.children_sum", "$.levels[0].nodes[0].max_points")
    );
    assert!(message.contains("\"capped\": true"), "{message}");
    assert!(message.contains("tối đa 7 điểm"), "{message}");
}

#[test]
fn a_cap_cannot_raise_a_sum_nor_sit_on_a_leaf() {
    // Children worth 7.5 under a cap of 8: the cap would raise nothing, the maximum is unreachable.
    let mut v = ruleset_value();
    v["levels"][0]["nodes"][0]["max_points"] = json!("8");
    v["groups"][0]["max_points"] = json!("10.5");
    let got = issues(&v);
    assert!(
        got.iter().any(|i| i.0 == "ruleset.children_sum"
            && i.1 == "$.levels[0].nodes[0].max_points"
            && i.2.contains("capped at 8")),
        "{got:?}"
    );
    // A leaf has nothing to cap.
    let mut v = ruleset_value();
    v["levels"][0]["nodes"][0]["children"][0]["capped"] = json!(true);
    let got = issues(&v);
    assert_eq!(
        got.iter()
            .map(|i| (i.0.as_str(), i.1.as_str()))
            .collect::<Vec<_>>(),
        vec![(
            "ruleset.capped_leaf",
            "$.levels[0].nodes[0].children[0].capped"
        )]
    );
}

#[test]
fn an_undeclared_cap_keeps_the_rule_sets_hash() {
    // `capped: false` is the default: not written out, so existing rule sets keep their hash.
    let mut v = ruleset_value();
    v["levels"][0]["nodes"][0]["capped"] = json!(false);
    v["levels"][0]["nodes"][0]["max_points"] = json!("7.5");
    v["groups"][0]["max_points"] = json!("10.5");
    let rs = RuleSet::from_value(&v).unwrap();
    assert!(!rs.to_json().contains("capped\": false"));
    let builtin = parindex::builtin::ruleset("hoabinh-1440-2019").unwrap();
    assert!(!builtin.to_json().contains("capped"));
}
