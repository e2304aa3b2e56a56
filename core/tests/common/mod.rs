//! Small rule sets built in tests, so each test shows exactly the rule it checks.
#![allow(dead_code)]

use parindex::{internal::Context, UnitScore};
use parindex::{Error, RuleSet};
use serde_json::{json, Value};

pub fn dec(s: &str) -> parindex::Decimal {
    s.parse().unwrap()
}

/// A rule set with one level `l`, one group `g` whose maximum is the leaf's, and one field `1` with
/// a single leaf `1.1` carrying `rule`.
pub fn one_leaf(rule: Value, max: &str, min: Option<&str>) -> RuleSet {
    let mut leaf = json!({"code": "1.1", "label": {"vi": "Tiêu chí thử"}, "max_points": max, "source": "reconstructed", "rule": rule});
    if let Some(m) = min {
        leaf["min_points"] = json!(m);
    }
    let nodes = json!([{"code": "1", "label": {"vi": "Lĩnh vực thử"}, "max_points": max, "source": "reconstructed", "children": [leaf]}]);
    ruleset_with(
        nodes,
        json!([{"id": "g", "level": "l", "label": {"vi": "Nhóm"}, "max_points": max}]),
        json!([]),
    )
}

/// A rule set with the given nodes for level `l`, the given groups and extra components.
pub fn ruleset_with(nodes: Value, groups: Value, extra_components: Value) -> RuleSet {
    RuleSet::from_value(&ruleset_json(nodes, groups, extra_components))
        .unwrap_or_else(|e| panic!("{e}"))
}

pub fn ruleset_json(nodes: Value, groups: Value, extra_components: Value) -> Value {
    let mut components =
        vec![json!({"id": "evidence", "label": {"vi": "Điểm thẩm định"}, "kind": "rubric"})];
    components.extend(extra_components.as_array().cloned().unwrap_or_default());
    json!({
        "format_version": 1,
        "id": "test",
        "title": {"vi": "Bộ chỉ số thử"},
        "decision": {"number": "0/QĐ-TEST", "date": "2018-06-19"},
        "year": 2019,
        "status": "official",
        "levels": [{"id": "l", "label": {"vi": "Cấp thử"}, "components": components, "nodes": nodes}],
        "groups": groups,
        "adjustments": {"bonus": {"cap": "2"}, "penalty": {"cap": "3"}},
        "rounding": {"scale": 2, "mode": "half_up", "stages": ["percentage", "leaf", "component", "index"]},
        "bands": [
            {"id": "good", "label": {"vi": "Tốt"}, "min": "80", "max": "100", "max_inclusive": true},
            {"id": "fair", "label": {"vi": "Khá"}, "min": "50", "max": "80"},
            {"id": "weak", "label": {"vi": "Yếu"}, "min": "0", "max": "50"}
        ]
    })
}

/// Score one unit of group `g` with the item for leaf `1.1`.
pub fn score_item(rs: &RuleSet, item: Value) -> Result<UnitScore, Error> {
    score_unit_json(
        rs,
        json!({"id": "u", "name": "Đơn vị", "group": "g", "items": {"1.1": item}}),
    )
}

pub fn score_unit_json(rs: &RuleSet, unit: Value) -> Result<UnitScore, Error> {
    match parindex::internal::parse_unit(&unit, "$") {
        parindex::internal::UnitEntry::Ok(u) => {
            let ctx = Context::from_units(rs, std::iter::once(&u));
            parindex::internal::score_unit(rs, u, &ctx, "$")
        }
        parindex::internal::UnitEntry::Bad { issues, .. } => Err(Error::Input(issues)),
    }
}

/// Points of leaf `1.1`.
pub fn leaf_points(rs: &RuleSet, item: Value) -> String {
    let s = score_item(rs, item).unwrap_or_else(|e| panic!("{e}"));
    s.nodes
        .iter()
        .find(|n| &*n.code == "1.1")
        .unwrap()
        .points
        .to_string()
}

pub fn bands_rule() -> Value {
    json!({"kind": "bands", "bands": [
        {"min": "90", "max": "100", "max_inclusive": true, "points": "2"},
        {"min": "70", "max": "90", "points": "1"},
        {"min": "0", "max": "70", "points": "0"}
    ], "zero_denominator_points": "2"})
}

/// Every object of `v` as (JSON path, JSON pointer), the root being `$` and `""`.
pub fn object_positions(v: &Value) -> Vec<(String, String)> {
    fn walk(v: &Value, path: &str, ptr: &str, out: &mut Vec<(String, String)>) {
        match v {
            Value::Object(m) => {
                out.push((path.to_string(), ptr.to_string()));
                for (k, x) in m {
                    let p = format!("{ptr}/{}", k.replace('~', "~0").replace('/', "~1"));
                    walk(x, &parindex::internal::key_path(path, k), &p, out);
                }
            }
            Value::Array(a) => {
                for (i, x) in a.iter().enumerate() {
                    walk(x, &format!("{path}[{i}]"), &format!("{ptr}/{i}"), out);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(v, "$", "", &mut out);
    out
}

/// `v` with the object at JSON pointer `ptr` written as the array of its values: serde's
/// sequence form of a struct, which no input of the engine takes.
pub fn as_array_at(v: &Value, ptr: &str) -> Value {
    let mut v = v.clone();
    let at = v.pointer_mut(ptr).expect("a position of the value");
    let values = at
        .as_object()
        .expect("an object")
        .values()
        .cloned()
        .collect();
    *at = Value::Array(values);
    v
}

/// The specification's ids of rules and rule shapes (`(C9)`, `(S7)`) in a text: this project's
/// names, unknown to the officers who read it.
pub fn spec_ids(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (i, _) in text.match_indices('(') {
        let rest = &text[i + 1..];
        let Some(end) = rest.find(')') else { continue };
        let inner = &rest[..end];
        let mut chars = inner.chars();
        if matches!(chars.next(), Some('C' | 'S'))
            && !chars.as_str().is_empty()
            && chars.as_str().chars().all(|c| c.is_ascii_digit())
        {
            found.push(format!("({inner})"));
        }
    }
    found
}
