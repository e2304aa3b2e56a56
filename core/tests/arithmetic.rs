//! Exact decimals and checked arithmetic (issue 21, defects 1, 3 and 4): no value of a rule set or
//! an input makes the engine panic, wrap or round; each is refused with a code and a path.

mod common;

use common::{one_leaf, ruleset_json, score_item, score_unit_json};
use parindex::internal::DecimalProblem;
use parindex::internal::RuleSetDef;
use parindex::{Error, RuleSet};
use proptest::prelude::*;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};

/// The largest decimal: 2^96 − 1.
const MAX: &str = "79228162514264337593543950335";

/// 29 decimal places: one more than a decimal holds.
const S29: &str = "0.00000000000000000000000000001";

fn field(max: &str, children: Value) -> Value {
    json!([{"code": "1", "label": {"vi": "Lĩnh vực"}, "max_points": max, "source": "reconstructed", "children": children}])
}

fn leaf(code: &str, max: &str, rule: Value) -> Value {
    json!({"code": code, "label": {"vi": "Tiêu chí"}, "max_points": max, "source": "reconstructed", "rule": rule})
}

fn group(max: &str) -> Value {
    json!([{"id": "g", "level": "l", "label": {"vi": "Nhóm"}, "max_points": max}])
}

fn refused(v: &Value) -> Vec<(String, String)> {
    match RuleSet::from_value(v) {
        Ok(_) => panic!("accepted: {v}"),
        Err(Error::RuleSet(issues)) => issues.into_iter().map(|i| (i.code, i.path)).collect(),
        Err(e) => panic!("not a rule-set error: {e}"),
    }
}

/// Defect 1: children's maxima that add up past the decimal range made validation panic
/// (`Addition overflowed`, exit 101). Each value beyond 10^9 is refused at its own path, and each
/// sum that overflows is `arithmetic.overflow` at its node.
#[test]
fn defect1_maxima_past_the_decimal_range_are_refused_not_a_panic() {
    let manual = json!({"kind": "manual"});
    let v = ruleset_json(
        field(
            MAX,
            json!([leaf("1.1", MAX, manual.clone()), leaf("1.2", MAX, manual)]),
        ),
        group(MAX),
        json!([]),
    );
    let issues = refused(&v);
    for path in [
        "$.groups[0].max_points",
        "$.levels[0].nodes[0].max_points",
        "$.levels[0].nodes[0].children[0].max_points",
        "$.levels[0].nodes[0].children[1].max_points",
    ] {
        assert!(
            issues.contains(&("ruleset.points_too_large".into(), path.into())),
            "{path}: {issues:?}"
        );
    }
    assert!(issues.contains(&(
        "arithmetic.overflow".into(),
        "$.levels[0].nodes[0].max_points".into()
    )));
    assert!(issues.contains(&(
        "arithmetic.overflow".into(),
        "$.groups[0].max_points".into()
    )));
}

/// Defect 1, the group's side: a group's applicable maxima (S2) summed past the decimal range
/// through fields that each stay below it.
#[test]
fn defect1_a_groups_applicable_maxima_past_the_decimal_range_are_refused() {
    let half = "50000000000000000000000000000";
    let manual = json!({"kind": "manual"});
    let mut nodes = field(half, json!([leaf("1.1", half, manual.clone())]));
    nodes.as_array_mut().unwrap().push(
        json!({"code": "2", "label": {"vi": "Lĩnh vực 2"}, "max_points": half, "source": "reconstructed",
            "children": [leaf("2.1", half, manual)]}),
    );
    let issues = refused(&ruleset_json(nodes, group("1"), json!([])));
    assert!(issues.contains(&(
        "arithmetic.overflow".into(),
        "$.groups[0].max_points".into()
    )));
    assert!(
        !issues.iter().any(|(c, _)| c == "ruleset.group_max"),
        "{issues:?}"
    );
}

/// The bound on declared points (`ruleset::MAX_POINTS`): 10^9 is accepted, anything beyond it,
/// either way and wherever it is declared, is refused at its path.
#[test]
fn points_beyond_ten_to_the_ninth_are_refused_where_they_are_declared() {
    let ok = one_leaf(json!({"kind": "manual"}), "1000000000", Some("-1000000000"));
    assert_eq!(ok.levels()[0].nodes[1].max.to_string(), "1000000000");
    let cases = [
        (
            json!({"kind": "met", "points_not_met": "-1000000000.01"}),
            "points_not_met",
        ),
        (
            json!({"kind": "count", "points_each": "1000000000.5"}),
            "points_each",
        ),
        (
            json!({"kind": "deductions", "deductions": [{"id": "d", "label": {"vi": "d"}, "points": "2000000000"}]}),
            "deductions[0].points",
        ),
        (
            json!({"kind": "outcome_ratio", "zero_denominator_points": "1", "outcomes": [{"id": "o", "label": {"vi": "o"}, "weight": MAX}]}),
            "outcomes[0].weight",
        ),
        (json!({"kind": "manual", "step": "1e10"}), "step"),
    ];
    for (rule, at) in cases {
        let v = ruleset_json(
            field("1", json!([leaf("1.1", "1", rule)])),
            group("1"),
            json!([]),
        );
        let issues = refused(&v);
        let path = format!("$.levels[0].nodes[0].children[0].rule.{at}");
        assert!(
            issues.contains(&("ruleset.points_too_large".into(), path.clone())),
            "{path}: {issues:?}"
        );
    }
    let mut v = ruleset_json(
        field("1", json!([leaf("1.1", "1", json!({"kind": "manual"}))])),
        group("1"),
        json!([{"id": "it", "label": {"vi": "CNTT"}, "kind": "external", "max_points": "1e12"}]),
    );
    v["adjustments"]["bonus"]["cap"] = json!(MAX);
    let issues = refused(&v);
    for path in [
        "$.levels[0].components[1].max_points",
        "$.adjustments.bonus.cap",
    ] {
        assert!(
            issues.contains(&("ruleset.points_too_large".into(), path.into())),
            "{path}: {issues:?}"
        );
    }
}

/// Criteria nested deeper than a node's depth holds (255 levels below a field) are refused, where
/// the depth wrapped around before.
#[test]
fn criteria_nested_deeper_than_a_depth_holds_are_refused() {
    let deep = |levels: usize| {
        let mut node = leaf("x0", "1", json!({"kind": "manual"}));
        for i in 1..=levels {
            node = json!({"code": format!("x{i}"), "label": {"vi": "Tầng"}, "max_points": "1",
                "source": "reconstructed", "children": [node]});
        }
        let v = ruleset_json(json!([node]), group("1"), json!([]));
        // Typed first: serde_json's text reader stops at 128 levels of JSON.
        RuleSet::from_def(parindex::internal::from_value::<RuleSetDef>(&v).unwrap())
    };
    // (On a thread with room for the recursion of a debug build over 256 levels.)
    let run = std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || {
            let rs = deep(255).unwrap();
            assert_eq!(rs.levels()[0].nodes.last().unwrap().depth, 255);
            let e = deep(256).unwrap_err();
            assert_eq!(e.code(), "ruleset.too_deep");
            assert!(e.path().ends_with("children[0]"), "{}", e.path());
        });
    run.unwrap().join().unwrap();
}

/// Defect 3: outcome counts (C7) whose 64-bit sum wrapped (18446744073709551615 + 2 = 1) passed
/// "outcomes ≤ denominator" with a denominator of 1 and gave a percentage of
/// 1844674407370955161500.00 and full points. Both scoring paths refuse it.
#[test]
fn defect3_c7_outcome_counts_that_wrap_64_bits_are_refused() {
    let rs = one_leaf(
        json!({"kind": "outcome_ratio", "zero_denominator_points": "2", "outcomes": [
            {"id": "a", "label": {"vi": "a"}, "weight": "2"},
            {"id": "b", "label": {"vi": "b"}, "weight": "1"}]}),
        "2",
        None,
    );
    let item = json!({"denominator": 1, "outcomes": {"a": 18446744073709551615u64, "b": 2}});
    for rs in [rs.clone(), rs.general_only()] {
        let e = score_item(&rs, item.clone()).unwrap_err();
        assert_eq!(e.code(), "input.numerator_above_denominator");
        assert_eq!(e.path(), r#"$.items["1.1"].outcomes"#);
        assert!(
            e.issues()[0].message.contains("18446744073709551617"),
            "{}",
            e.issues()[0].message
        );
    }
}

/// A computation that overflows refuses its unit with `arithmetic.overflow` at the path of the
/// fact (an arithmetic error when it is the unit's only problem), never a panic; in a batch, the
/// other units are scored.
#[test]
fn an_overflowing_fact_refuses_its_unit_with_the_facts_path() {
    // C13: bonus entries beyond the decimal range.
    let rs = one_leaf(json!({"kind": "manual"}), "10", None);
    let unit = json!({"id": "u", "name": "u", "group": "g", "items": {"1.1": {"points": "1"}},
        "bonus": [{"points": MAX, "reason": "a"}, {"points": MAX, "reason": "b"}]});
    let e = score_unit_json(&rs, unit).unwrap_err();
    assert!(matches!(e, Error::Arithmetic(_)), "{e:?}");
    assert_eq!(
        (e.code(), e.path()),
        ("arithmetic.overflow", "$.bonus[1].points")
    );
    // C8: events × points, past the range by the fifth deduction.
    let deductions: Vec<Value> = (1..=5)
        .map(|i| json!({"id": format!("d{i}"), "label": {"vi": "d"}, "points": "1000000000"}))
        .collect();
    let rs = one_leaf(
        json!({"kind": "deductions", "deductions": deductions}),
        "3",
        Some("-1"),
    );
    let events: serde_json::Map<String, Value> = (1..=5)
        .map(|i| (format!("d{i}"), json!(u64::MAX)))
        .collect();
    for rs in [rs.clone(), rs.general_only()] {
        let e = score_item(&rs, json!({ "events": events })).unwrap_err();
        assert_eq!(
            (e.code(), e.path()),
            ("arithmetic.overflow", r#"$.items["1.1"].events.d5"#)
        );
    }
    // Four of them are still within range: floored at the minimum.
    let four: serde_json::Map<String, Value> = (1..=4)
        .map(|i| (format!("d{i}"), json!(u64::MAX)))
        .collect();
    assert_eq!(common::leaf_points(&rs, json!({ "events": four })), "-1.00");
    // C5: a value so large that value × maximum is beyond the range.
    let rs = one_leaf(
        json!({"kind": "normalized", "zero_best_points": "0"}),
        "10",
        None,
    );
    let e = score_item(&rs, json!({ "value": MAX })).unwrap_err();
    assert_eq!(
        (e.code(), e.path()),
        ("arithmetic.overflow", r#"$.items["1.1"].value"#)
    );
    // In a batch: the bad unit is listed, the good one scored.
    let rs = one_leaf(json!({"kind": "manual"}), "10", None);
    let batch = json!({"format_version": 1, "units": [
        {"id": "bad", "name": "bad", "group": "g", "bonus": [{"points": MAX, "reason": "a"}, {"points": "1", "reason": "b"}]},
        {"id": "ok", "name": "ok", "group": "g", "items": {"1.1": {"points": "7"}}}]});
    let r = rs.score_json(&batch.to_string()).unwrap();
    assert_eq!(r.units.len(), 1);
    assert_eq!(r.units[0].total.to_string(), "7.00");
    assert_eq!(r.errors[0].errors[0].code, "arithmetic.overflow");
    assert_eq!(r.errors[0].errors[0].path, "$.units[0].bonus[1].points");
}

// ---------------------------------------------------------------------------------------------
// Defect 4: every decimal field is read exactly.

/// Every string of `v` with its dotted path (as `parindex::de` reports paths: `a.b[0].c`) and its
/// JSON pointer.
fn strings(v: &Value, path: &str, pointer: &str, out: &mut Vec<(String, String)>) {
    match v {
        // (Labels and notes are left out: they hold no decimal, and they are most strings.)
        Value::String(s) if s.bytes().any(|c| c.is_ascii_digit()) => {
            out.push((path.to_string(), pointer.to_string()))
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                strings(x, &format!("{path}[{i}]"), &format!("{pointer}/{i}"), out);
            }
        }
        Value::Object(m) => {
            for (k, x) in m {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                let escaped = k.replace('~', "~0").replace('/', "~1");
                strings(x, &p, &format!("{pointer}/{escaped}"), out);
            }
        }
        _ => {}
    }
}

/// Puts a value of 29 decimal places at every string of `v` in turn and reads `T`: a decimal field
/// refuses it with `decimal_too_precise` at its path; any other field keeps it as written. A
/// decimal read without the exact reader would round it to 0 and be caught here. Both readers are
/// tried: the engine's tree reader and serde_json's typed one (the fast path of text). Returns how
/// many decimal fields refused it.
fn every_decimal_is_exact<T: DeserializeOwned + Serialize>(what: &str, v: &Value) -> usize {
    let mut found = Vec::new();
    strings(v, "", "", &mut found);
    let mut decimals = 0;
    for (path, pointer) in found {
        let mut x = v.clone();
        *x.pointer_mut(&pointer).unwrap() = json!(S29);
        let kept = |t: &T| {
            let back = serde_json::to_value(t).unwrap();
            assert_eq!(
                back.pointer(&pointer),
                Some(&json!(S29)),
                "{what}: `{path}` was read without the exact reader"
            );
        };
        match parindex::internal::from_value::<T>(&x) {
            Ok(t) => kept(&t),
            Err(e) => {
                let message = e.inner.to_string();
                if DecimalProblem::code_of(&message) == Some("decimal_too_precise") {
                    assert_eq!(e.path, path, "{what}: {message}");
                    decimals += 1;
                }
            }
        }
        if let Ok(t) = serde_json::from_value::<T>(x) {
            kept(&t);
        }
    }
    decimals
}

/// Defect 4: `max_points: "0.00000000000000000000000000001"` was read as 0. Every decimal field of
/// a rule set (every rule kind), a batch, a workflow act and a stored dossier reads through the
/// exact reader.
#[test]
fn defect4_every_decimal_field_of_every_format_is_read_exactly() {
    let every_rule = json!([
        leaf("1.1", "1", json!({"kind": "choice", "options": [{"id": "a", "label": {"vi": "a"}, "points": "1"}]})),
        leaf("1.2", "1", json!({"kind": "met", "points_met": "1", "points_not_met": "0"})),
        leaf("1.3", "1", json!({"kind": "bands", "zero_denominator_points": "1", "bands": [
            {"min": "0", "max": "100", "max_inclusive": true, "points": "1"}]})),
        leaf("1.4", "1", json!({"kind": "proportional", "threshold": "50", "below_points": "0",
            "full_at": "90", "zero_denominator_points": "1"})),
        leaf("1.5", "1", json!({"kind": "normalized", "zero_best_points": "0", "max_value": "100",
            "outlier_factor": "10"})),
        leaf("1.6", "1", json!({"kind": "count", "points_each": "0.25"})),
        leaf("1.7", "1", json!({"kind": "outcome_ratio", "zero_denominator_points": "1",
            "outcomes": [{"id": "o", "label": {"vi": "o"}, "weight": "1"}]})),
        leaf("1.8", "1", json!({"kind": "deductions", "start": "1",
            "deductions": [{"id": "d", "label": {"vi": "d"}, "points": "0.5"}]})),
        leaf("1.9", "1", json!({"kind": "manual", "step": "0.5"})),
        {"code": "1.10", "label": {"vi": "x"}, "max_points": "1", "min_points": "0", "source": "reconstructed",
            "rule": {"kind": "survey"}},
    ]);
    let mut rs = ruleset_json(
        field("10", every_rule),
        group("10"),
        json!([{"id": "it", "label": {"vi": "CNTT"}, "kind": "external", "max_points": "2",
            "group_max": {"g": "2"}}]),
    );
    RuleSet::from_value(&rs).unwrap_or_else(|e| panic!("{e}"));
    rs["groups"][0]["max_points"] = json!("10");
    let n = every_decimal_is_exact::<RuleSetDef>("rule set", &rs);
    // Every decimal above, of every decimal field a rule set has: 11 maxima, 1 minimum, 20 in
    // the rules, 3 of the group and the component, 2 caps, the 6 bounds of the 3 classification
    // bands. (C5's `max_value` and `outlier_factor` were read by rust_decimal's own reader, which
    // rounds, until they were listed here.)
    assert_eq!(n, 43, "decimal fields found in the rule set");

    let batch = json!({"format_version": 1, "units": [{"id": "u", "name": "u", "group": "g",
        "items": {
            "1.1": {"percentage": "50", "value": "1", "points": "1", "self": "1",
                "appraised": "1", "reappraised": "1", "evidence": ["e"]}},
        "components": {"it": {"points": "1"}, "survey": {"percentage": "80"}},
        "bonus": [{"points": "1", "reason": "r"}], "penalty": [{"points": "1", "reason": "r"}]}]});
    assert_eq!(
        every_decimal_is_exact::<parindex::BatchInput>("batch", &batch),
        10
    );
    let mut example: Value = serde_json::from_str(parindex::builtin::EXAMPLE_PROVINCE).unwrap();
    // The first unit of each group (departments, districts, communes).
    let units = example["units"].as_array_mut().unwrap();
    let mut groups = std::collections::HashSet::new();
    units.retain(|u| groups.insert(u["group"].clone()));
    assert!(units.len() >= 3, "{}", units.len());
    assert!(every_decimal_is_exact::<parindex::BatchInput>("example province", &example) > 30);

    for (act, key) in [
        (
            json!({"kind": "self_score", "code": "1.1", "points": "1", "evidence": ["e"]}),
            "points",
        ),
        (
            json!({"kind": "appraise", "code": "1.1", "points": "1"}),
            "points",
        ),
        (
            json!({"kind": "review", "code": "1.1", "points": "1"}),
            "points",
        ),
        (
            json!({"kind": "enter_component", "component": "it", "points": "1"}),
            "points",
        ),
        (
            json!({"kind": "enter_component", "component": "survey", "percentage": "80"}),
            "percentage",
        ),
    ] {
        assert_eq!(
            every_decimal_is_exact::<parindex::workflow::Act>("act", &act),
            1
        );
        // As the bindings read it: the decimal's own code.
        let mut bad = act.clone();
        bad[key] = json!("1,5");
        let e = parindex::workflow::read_json::<parindex::workflow::Act>("act", &bad).unwrap_err();
        assert_eq!(
            (e.code(), e.path()),
            ("input.decimal_comma", format!("$.act.{key}").as_str())
        );
    }
    let dossier = stored_dossier();
    // The self score, the appraisal and the survey percentage, in the state and in the log.
    let n = every_decimal_is_exact::<parindex::workflow::Dossier>("dossier", &dossier);
    assert_eq!(n, 6, "decimal fields found in the dossier");
}

/// A dossier of the built-in rule set with a self score, an appraisal and their events.
fn stored_dossier() -> Value {
    use parindex::workflow::{Act, Actor, Dossier};
    let rs = parindex::builtin::ruleset(parindex::builtin::DEFAULT_RULESET).unwrap();
    let mut d = Dossier::open(&rs, "so-xay-dung", "Sở Xây dựng", "department", None).unwrap();
    let s = d.schedule().clone();
    let code = "1.1.1";
    let points = rs.levels()[0].nodes[rs.levels()[0].by_code[code]].max;
    let act = Act::SelfScore {
        code: code.into(),
        points,
        evidence: vec!["kh.pdf".into()],
        note: None,
    };
    let unit = Actor::unit("so-xay-dung");
    d.apply(&rs, &unit, s.time("2019-11-12T08:30").unwrap(), act)
        .unwrap();
    d.submit(&rs, &unit, s.time("2019-11-15T16:45").unwrap())
        .unwrap();
    // The appraiser of the leaf (S7).
    let remit = parindex::workflow::remit_map(&rs, "department").unwrap();
    let member = Actor::member(&remit[code]);
    let t = s.time("2019-11-19T08:00").unwrap();
    d.appraise(&rs, &member, t, code, points, None).unwrap();
    let survey = parindex::input::ComponentInput::Percentage {
        percentage: "80".parse().unwrap(),
    };
    let t = s.time("2019-11-20T08:00").unwrap();
    d.enter_component(&rs, &Actor::secretariat(), t, "survey", survey, None)
        .unwrap();
    serde_json::from_str(&d.to_json()).unwrap()
}

/// Messages of decimal problems speak in the user's terms (issue 21, defect 10): no Rust type,
/// and what to write instead.
#[test]
fn decimal_messages_name_the_problem_in_the_users_terms() {
    let rs = one_leaf(json!({"kind": "manual"}), "100", None);
    let cases = [
        ("\"99,75\"", "input.decimal_comma", "\"99.75\""),
        (
            "1e30",
            "input.decimal_out_of_range",
            "larger than the largest value this engine holds (about 7.9 × 10^28)",
        ),
        (
            &format!("\"{S29}\""),
            "input.decimal_too_precise",
            "29 decimal places; at most 28 can be held exactly",
        ),
    ];
    for (value, code, says) in cases {
        let text = format!(
            r#"{{"id": "u", "name": "u", "group": "g", "items": {{"1.1": {{"points": {value}}}}}}}"#
        );
        let e = parindex::with_lang(parindex::Lang::En, || {
            parindex::api::score_one(&rs, &text).unwrap_err()
        });
        assert_eq!(e.code(), code, "{value}");
        assert_eq!(e.path(), r#"$.items["1.1"].points"#);
        let m = &e.issues()[0].message;
        assert!(m.contains(says), "{m}");
        assert!(!m.contains("Decimal") && !m.contains("fixed-point"), "{m}");
        // The same issue in Vietnamese (the default), from the same parameters.
        let vi = parindex::api::score_one(&rs, &text).unwrap_err();
        assert_eq!(vi.issues()[0].params, e.issues()[0].params);
        assert_eq!(vi.issues()[0].message_in(parindex::Lang::En), *m);
        assert!(vi.issues()[0].params["text"].starts_with('"'));
    }
    let e = parindex::api::score_one(&rs, &unit_with_points("\"99,75\"")).unwrap_err();
    assert_eq!(
        e.issues()[0].message,
        "số thập phân viết bằng dấu phẩy \"99,75\": ở đây phần thập phân được ngăn cách bằng \
         dấu chấm: \"99.75\""
    );
    assert_eq!(e.issues()[0].params["with_dot"], "\"99.75\"");
}

fn unit_with_points(value: &str) -> String {
    format!(
        r#"{{"id": "u", "name": "u", "group": "g", "items": {{"1.1": {{"points": {value}}}}}}}"#
    )
}

// ---------------------------------------------------------------------------------------------
// The class: no decimal or count makes the engine panic.

fn extreme_decimal() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(MAX.to_string()),
        Just(format!("-{MAX}")),
        Just("0.0000000000000000000000000001".to_string()),
        Just("7.9228162514264337593543950335".to_string()),
        Just("1000000000".to_string()),
        Just("-1000000000".to_string()),
        Just("0".to_string()),
        (-1_000_000i64..1_000_000, 0u32..6)
            .prop_map(|(m, s)| { parindex::Decimal::new(m, s).to_string() }),
        (1u32..29).prop_map(|e| format!("1e{e}")),
    ]
}

fn extreme_count() -> impl Strategy<Value = u64> {
    prop_oneof![
        Just(u64::MAX),
        Just(u64::MAX - 1),
        Just(0u64),
        Just(1u64),
        0u64..1000
    ]
}

/// A leaf's maximum: five of them add up to at most 10^9, the largest a field may declare.
fn maximum() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("200000000".to_string()),
        Just("0.0000000000000000001".to_string()),
        Just("199999999.9999999999".to_string()),
        (1i64..100_000, 0u32..4).prop_map(|(m, s)| parindex::Decimal::new(m, s).to_string()),
    ]
}

/// A positive number of points a rule set may declare: the largest, the smallest, or a few.
fn points() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("1000000000".to_string()),
        Just("0.0000000000000000001".to_string()),
        Just("999999999.9999999999".to_string()),
        (1i64..100_000, 0u32..4).prop_map(|(m, s)| parindex::Decimal::new(m, s).to_string()),
    ]
}

/// A rule set of count (C6), outcome ratio (C7), deductions (C8), normalised (C5) and manual
/// leaves, with maxima `max` (the field's is their sum) and the given rule values.
fn extreme_ruleset(max: &[String], min: &str, v: &[String]) -> Value {
    let children = json!([
        leaf("1.1", &max[0], json!({"kind": "count", "points_each": v[0]})),
        leaf("1.2", &max[1], json!({"kind": "outcome_ratio", "zero_denominator_points": max[1],
            "outcomes": [{"id": "a", "label": {"vi": "a"}, "weight": max[1]},
                         {"id": "b", "label": {"vi": "b"}, "weight": "0"}]})),
        {"code": "1.3", "label": {"vi": "Tiêu chí"}, "max_points": max[2], "min_points": min,
            "source": "reconstructed", "rule": {"kind": "deductions",
            "deductions": [{"id": "x", "label": {"vi": "x"}, "points": v[1]},
                           {"id": "y", "label": {"vi": "y"}, "points": v[2]}]}},
        leaf("1.4", &max[3], json!({"kind": "normalized", "zero_best_points": "0"})),
        leaf("1.5", &max[4], json!({"kind": "manual"})),
    ]);
    // Their sum, or the largest decimal when it overflows.
    let total = (max.iter())
        .try_fold(parindex::Decimal::ZERO, |a, m| {
            a.checked_add(parindex::internal::parse_exact(m).ok()?)
        })
        .map_or(MAX.to_string(), |t| t.to_string());
    ruleset_json(field(&total, children), group(&total), json!([]))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Any value at all in a rule set's maxima and rule values: validating and compiling return
    /// the rule set or its problems, each with a code and a path, and never panic.
    #[test]
    fn no_decimal_in_a_rule_set_makes_validation_panic(
        max in proptest::collection::vec(extreme_decimal(), 5),
        min in extreme_decimal(),
        v in proptest::collection::vec(extreme_decimal(), 3),
    ) {
        if let Err(e) = RuleSet::from_value(&extreme_ruleset(&max, &min, &v)) {
            prop_assert!(!e.issues().is_empty());
            for i in e.issues() {
                prop_assert!(i.code.contains('.') && i.path.starts_with("$."), "{:?}", i);
            }
        }
    }

    /// Valid rule sets with the largest and smallest values allowed, and units with extreme
    /// counts, values and entries: scoring and ranking (both scoring paths) score each unit or
    /// refuse it with a code and the path of its fact, never panic, and render every explanation.
    #[test]
    fn no_decimal_or_count_in_an_input_makes_scoring_panic(
        max in proptest::collection::vec(maximum(), 5),
        negative in any::<bool>(),
        v in proptest::collection::vec(points(), 3),
        c in proptest::collection::vec(extreme_count(), 8),
        p in proptest::collection::vec(extreme_decimal(), 6),
    ) {
        let min = if negative { "-1000000000" } else { "0" };
        let rs = RuleSet::from_value(&extreme_ruleset(&max, min, &v));
        let rs = rs.unwrap_or_else(|e| panic!("{e}"));
        let unit = |id: &str, k: usize| json!({"id": id, "name": id, "group": "g", "items": {
            "1.1": {"count": c[k % 8]},
            "1.2": {"denominator": c[(k + 1) % 8], "outcomes": {"a": c[(k + 2) % 8], "b": c[(k + 3) % 8]}},
            "1.3": {"events": {"x": c[(k + 4) % 8], "y": c[(k + 5) % 8]}},
            "1.4": {"value": p[k % 6]},
            "1.5": {"points": p[(k + 1) % 6], "self": p[(k + 2) % 6], "evidence": ["e"]}},
            "bonus": [{"points": p[(k + 3) % 6], "reason": "r"}, {"points": p[(k + 4) % 6], "reason": "r"}],
            "penalty": [{"points": p[(k + 5) % 6], "reason": "r"}]});
        let batch = json!({"format_version": 1, "units": [unit("a", 0), unit("b", 3), unit("c", 5)]});
        for rs in [rs.clone(), rs.general_only()] {
            let r = rs.score_json(&batch.to_string());
            let r = r.unwrap_or_else(|e| panic!("the batch was refused: {e}"));
            prop_assert_eq!(r.units.len() + r.errors.len(), 3);
            for e in &r.errors {
                for i in &e.errors {
                    prop_assert!(i.code.contains('.') && i.path.starts_with("$.units["), "{:?}", i);
                }
            }
            for u in &r.units {
                prop_assert_eq!(u.nodes.to_vec().len(), 6);
            }
        }
    }
}
