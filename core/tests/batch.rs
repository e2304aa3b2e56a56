//! A batch: a unit refused is a unit absent (issue 21). A refused unit gives no normalised rule
//! its best value (C5), holds no id and is no one's parent (S10); an absurd value is refused above
//! a declared bound, and an outlying best value is named on every unit measured against it; a
//! blank id and a parent of the wrong level are refused, a parent missing from a batch that has
//! units of its level is a warning.

mod common;
use common::*;
use parindex::result::Branch;
use parindex::{BatchResult, RuleSet, UnitScore};
use proptest::prelude::*;
use serde_json::{json, Value};

/// Two levels, `district` (one ranking block) and `commune` (ranked within its district, S10),
/// each with field `1`: `1.1` normalised (`normalized` extra fields as given) and `1.2` a choice
/// (`a` 2 points, `b` 1).
fn two_levels(normalized: Value) -> RuleSet {
    let mut rule = json!({"kind": "normalized", "zero_best_points": "0"});
    for (k, v) in normalized.as_object().unwrap() {
        rule[k] = v.clone();
    }
    let nodes = json!([{"code": "1", "label": {"vi": "Lĩnh vực"}, "max_points": "4", "source": "reconstructed", "children": [
        {"code": "1.1", "label": {"vi": "Giá trị so với đơn vị cao nhất"}, "max_points": "2", "source": "reconstructed", "rule": rule},
        {"code": "1.2", "label": {"vi": "Lựa chọn"}, "max_points": "2", "source": "reconstructed", "rule": {"kind": "choice", "options": [
            {"id": "a", "label": {"vi": "A"}, "points": "2"}, {"id": "b", "label": {"vi": "B"}, "points": "1"}]}}
    ]}]);
    let mut v = ruleset_json(
        nodes,
        json!([
            {"id": "district", "level": "district", "label": {"vi": "Huyện"}, "max_points": "4"},
            {"id": "commune", "level": "commune", "label": {"vi": "Xã"}, "max_points": "4"}
        ]),
        json!([]),
    );
    let level = v["levels"][0].clone();
    let mut district = level.clone();
    district["id"] = json!("district");
    let mut commune = level;
    commune["id"] = json!("commune");
    commune["block_by"] = json!("parent");
    v["levels"] = json!([district, commune]);
    RuleSet::from_value(&v).unwrap_or_else(|e| panic!("{e}"))
}

fn district(id: &str, value: &str, choice: &str) -> Value {
    json!({"id": id, "name": id, "group": "district", "items": {"1.1": {"value": value}, "1.2": {"choice": choice}}})
}

fn commune(id: &str, parent: &str, value: &str) -> Value {
    json!({"id": id, "name": id, "group": "commune", "parent": parent, "items": {"1.1": {"value": value}, "1.2": {"choice": "a"}}})
}

fn score(rs: &RuleSet, units: &[Value]) -> BatchResult {
    let text = json!({"format_version": 1, "units": units}).to_string();
    rs.score_json(&text).unwrap_or_else(|e| panic!("{e}"))
}

fn unit<'a>(r: &'a BatchResult, id: &str) -> &'a UnitScore {
    r.units
        .iter()
        .find(|u| u.id == id)
        .unwrap_or_else(|| panic!("{id} not scored"))
}

fn leaf(u: &UnitScore) -> parindex::NodeScore {
    u.nodes.find("1.1").unwrap()
}

/// Every unit's result and the ranking, as JSON (what "changes no other unit" compares).
fn others(r: &BatchResult) -> String {
    serde_json::to_value((&r.units, &r.ranking))
        .unwrap()
        .to_string()
}

/// Regression (issue 21, defect 2): three good departments scored 76.60 each instead of 85.10,
/// 85.80 and 86.60 because a unit refused for an unknown choice gave the best value of a
/// normalised leaf (C5). The refused unit is absent: the good units score as without it, and
/// their explanation names the best value and the unit that gives it.
#[test]
fn c5_a_refused_unit_does_not_move_the_others_normalised_points() {
    let rs = two_levels(json!({}));
    let good = [
        district("d1", "40", "a"),
        district("d2", "30", "a"),
        district("d3", "10", "b"),
    ];
    let alone = score(&rs, &good);
    let mut with = good.to_vec();
    with.insert(1, district("bad", "1000", "c"));
    let r = score(&rs, &with);
    assert_eq!(r.errors.len(), 1);
    assert_eq!(r.errors[0].errors[0].code, "input.unknown_choice");
    assert_eq!(others(&r), others(&alone));
    // 30 / 40 × 2 = 1.50, not 30 / 1000 × 2 = 0.06.
    let n = leaf(unit(&r, "d2"));
    assert_eq!(n.points.to_string(), "1.50");
    match n.branch {
        Some(Branch::Normalized {
            value,
            best,
            best_unit,
            best_name,
        }) => {
            assert_eq!(
                (value.to_string(), best.to_string()),
                ("30".into(), "40".into())
            );
            assert_eq!(best_unit.as_deref(), Some("d1"));
            assert_eq!(best_name.as_deref(), Some("d1"));
        }
        other => panic!("{other:?}"),
    }
    // The same through every entry point: explaining one unit, typed units.
    let text = json!({"format_version": 1, "units": with}).to_string();
    assert_eq!(&rs.explain(&text, "d2").unwrap(), unit(&r, "d2"));
    let typed: Vec<parindex::UnitInput> = with
        .iter()
        .map(|u| serde_json::from_value(u.clone()).unwrap())
        .collect();
    assert_eq!(others(&rs.score(typed)), others(&alone));
}

/// Any refusal found while scoring is an absence, the duplicate of a unit scored included; and
/// a refused unit holds no id, so a later unit with its id is scored.
#[test]
fn c5_units_refused_for_any_reason_give_no_best_value() {
    let rs = two_levels(json!({"max_value": "500"}));
    let good = [district("d1", "40", "a"), district("d2", "30", "a")];
    let alone = score(&rs, &good);
    for (bad, code) in [
        (district("x", "1000", "c"), "input.unknown_choice"),
        (district("x", "900", "a"), "input.value_above_max"),
        (district("d1", "100", "a"), "input.duplicate_unit"),
        (district("  ", "100", "a"), "input.blank_id"),
        (
            json!({"id": "x", "name": "x", "group": "huyen", "items": {"1.1": {"value": "100"}}}),
            "input.unknown_group",
        ),
        (
            json!({"id": "x", "name": "x", "group": "district", "items": {"1.1": {"value": "100", "count": 1}}}),
            "input.fact_mismatch",
        ),
        (json!(["x", "x", "district"]), "input.not_an_object"),
    ] {
        let r = score(&rs, &[good[0].clone(), good[1].clone(), bad.clone()]);
        assert_eq!(r.errors.len(), 1, "{bad}");
        assert_eq!(r.errors[0].errors[0].code, code, "{bad}");
        assert_eq!(others(&r), others(&alone), "{bad}");
    }
    // A unit refused first holds no id: its namesake after it is the unit scored under the id.
    let r = score(
        &rs,
        &[
            district("d1", "1000", "c"),
            good[0].clone(),
            good[1].clone(),
        ],
    );
    assert_eq!(r.errors.len(), 1);
    assert_eq!(others(&r), others(&alone));
    let text =
        json!({"format_version": 1, "units": [district("d1", "1000", "c"), good[0], good[1]]});
    let explained = rs.explain(&text.to_string(), "d1").unwrap();
    assert_eq!(&explained, unit(&r, "d1"));
}

/// C5: a value above the rule's declared `max_value` is refused with its path, and does not
/// become the best value.
#[test]
fn c5_a_value_above_max_value_is_refused() {
    parindex::set_lang(parindex::Lang::En);
    let rs = two_levels(json!({"max_value": "100"}));
    let r = score(
        &rs,
        &[district("d1", "40", "a"), district("d2", "1000000", "a")],
    );
    let e = &r.errors[0].errors[0];
    assert_eq!(
        (e.code.as_str(), e.path.as_str()),
        ("input.value_above_max", "$.units[1].items[\"1.1\"].value")
    );
    assert!(e.message.contains("1000000 is above 100"), "{}", e.message);
    assert_eq!(leaf(unit(&r, "d1")).points.to_string(), "2.00");
    // At the bound: accepted.
    let r = score(
        &rs,
        &[district("d1", "40", "a"), district("d2", "100", "a")],
    );
    assert!(r.errors.is_empty());
    // A bound must be positive; a factor above 1.
    for (extra, code) in [
        (json!({"max_value": "0"}), "ruleset.max_value"),
        (json!({"outlier_factor": "1"}), "ruleset.outlier_factor"),
    ] {
        let mut v = ruleset_json(
            json!([{"code": "1", "label": {"vi": "A"}, "max_points": "2", "source": "reconstructed", "rule": {"kind": "normalized", "zero_best_points": "0"}}]),
            json!([{"id": "g", "level": "l", "label": {"vi": "G"}, "max_points": "2"}]),
            json!([]),
        );
        for (k, x) in extra.as_object().unwrap() {
            v["levels"][0]["nodes"][0]["rule"][k] = x.clone();
        }
        let e = RuleSet::from_value(&v).unwrap_err();
        assert_eq!(e.code(), code);
        assert_eq!(
            e.path(),
            format!("$.levels[0].nodes[0].rule.{}", &code[8..])
        );
    }
}

/// C5: a best value more than `outlier_factor` (default 10) times the next highest is named, with
/// the unit giving it, on that unit and on every unit measured against it; the points stand.
#[test]
fn c5_an_outlying_best_value_is_warned_on_every_unit_measured_against_it() {
    parindex::set_lang(parindex::Lang::En);
    let rs = two_levels(json!({}));
    let units = [
        district("d1", "10", "a"),
        district("d2", "50", "a"),
        district("big", "1000000", "a"),
        district("d3", "30", "a"),
    ];
    let r = score(&rs, &units);
    for (i, u) in r.units.iter().enumerate() {
        let w: Vec<_> = u
            .warnings
            .iter()
            .filter(|w| w.code == "input.normalized_outlier")
            .collect();
        assert_eq!(w.len(), 1, "{}", u.id);
        assert_eq!(w[0].path, format!("$.units[{i}].items[\"1.1\"].value"));
        assert!(
            w[0].message.contains("1000000 (unit big, `big`")
                && w[0].message.contains("10 times the next highest, 50"),
            "{}",
            w[0].message
        );
    }
    // 50 / 1000000 × 2 = 0.0001 → 0.00: the points are the rule's, visibly.
    assert_eq!(leaf(unit(&r, "d2")).points.to_string(), "0.00");
    // Ten times exactly is not above: no warning; a declared factor moves the line.
    let r = score(
        &rs,
        &[district("d1", "500", "a"), district("d2", "50", "a")],
    );
    assert!(r.units.iter().all(|u| u.warnings.is_empty()));
    let rs = two_levels(json!({"outlier_factor": "2"}));
    let r = score(
        &rs,
        &[district("d1", "101", "a"), district("d2", "50", "a")],
    );
    assert!(r.units.iter().all(|u| u.warnings.len() == 1));
    // Two units giving the best: not an outlier. The next highest zero: nothing is dragged down.
    let r = score(
        &rs,
        &[
            district("d1", "100", "a"),
            district("d2", "100", "a"),
            district("d3", "1", "a"),
        ],
    );
    assert!(r.units.iter().all(|u| u.warnings.is_empty()));
    let r = score(&rs, &[district("d1", "100", "a"), district("d2", "0", "a")]);
    assert!(r.units.iter().all(|u| u.warnings.is_empty()));
    // The levels are compared apart: a commune's value is not a district's.
    let r = score(&rs, &[district("d1", "100", "a"), commune("c1", "d1", "1")]);
    assert!(r.units.iter().all(|u| u.warnings.is_empty()));
}

/// C5: a value the unit's own score does not take — its leaf marked not applicable, or not in
/// its group — is no other unit's best either.
#[test]
fn c5_a_value_the_unit_does_not_use_sets_no_best() {
    let nodes = json!([{"code": "1", "label": {"vi": "LV"}, "max_points": "4", "source": "reconstructed", "not_applicable": "reduce_max", "children": [
        {"code": "1.1", "label": {"vi": "A"}, "max_points": "2", "source": "reconstructed", "not_applicable": "reduce_max", "groups": ["g"], "rule": {"kind": "normalized", "zero_best_points": "0"}},
        {"code": "1.2", "label": {"vi": "B"}, "max_points": "2", "source": "reconstructed", "rule": {"kind": "met"}}
    ]}]);
    let rs = ruleset_with(
        nodes,
        json!([
            {"id": "g", "level": "l", "label": {"vi": "G"}, "max_points": "4"},
            {"id": "h", "level": "l", "label": {"vi": "H"}, "max_points": "2"}
        ]),
        json!([]),
    );
    let u = |id: &str, group: &str, items: Value| json!({"id": id, "name": id, "group": group, "items": items});
    let good = u(
        "a",
        "g",
        json!({"1.1": {"value": "10"}, "1.2": {"met": true}}),
    );
    for other in [
        u(
            "b",
            "g",
            json!({"1.1": {"value": "99", "not_applicable": true}, "1.2": {"met": true}}),
        ),
        u(
            "b",
            "g",
            json!({"1": {"not_applicable": true}, "1.1": {"value": "99"}, "1.2": {"met": true}}),
        ),
        u(
            "b",
            "h",
            json!({"1.1": {"value": "99"}, "1.2": {"met": true}}),
        ),
    ] {
        let r = score(&rs, &[good.clone(), other.clone()]);
        assert!(r.errors.is_empty(), "{other}: {:?}", r.errors);
        assert_eq!(leaf(unit(&r, "a")).points.to_string(), "2.00", "{other}");
    }
}

/// Regression (issue 21, defect 9): a unit id `""` or of spaces only was accepted. It is refused.
#[test]
fn a_blank_unit_id_is_refused() {
    let rs = two_levels(json!({}));
    for id in ["", "   ", "\t\n"] {
        let r = score(&rs, &[district(id, "1", "a"), district("d", "1", "a")]);
        assert_eq!(r.units.len(), 1);
        let e = &r.errors[0].errors[0];
        assert_eq!(
            (e.code.as_str(), e.path.as_str()),
            ("input.blank_id", "$.units[0].id")
        );
        let one = parindex::api::score_one(&rs, &district(id, "1", "a").to_string());
        assert_eq!(one.unwrap_err().code(), "input.blank_id");
        let form = parindex::api::UnitForm::from_json(&rs, &district(id, "1", "a").to_string());
        assert_eq!(form.unwrap_err().code(), "input.blank_id");
    }
}

/// Each refused unit's index with the code and path of its first problem.
fn first_errors(r: &BatchResult) -> Vec<(usize, &str, &str)> {
    (r.errors.iter())
        .map(|e| {
            (
                e.index,
                e.errors[0].code.as_str(),
                e.errors[0].path.as_str(),
            )
        })
        .collect()
}

/// Regression (issue 21, defect 9), S10: a commune whose parent is a unit of the batch of another
/// level than the district (a department, another commune, itself) was ranked in a block of its
/// own. It is refused (`input.parent_level`). A parent that is not in a batch that has districts
/// is a warning (`input.parent_not_in_batch`): likely a mistyped id, which would rank the commune
/// alone. A batch without districts (a district scoring its own communes) warns of nothing.
#[test]
fn s10_a_communes_parent_is_a_district_of_the_batch() {
    parindex::set_lang(parindex::Lang::En);
    let rs = two_levels(json!({}));
    let r = score(
        &rs,
        &[
            district("d1", "1", "a"),
            commune("c1", "d1", "1"),
            commune("c2", "c1", "1"),
            commune("c3", "c3", "1"),
            commune("c4", "d9", "1"),
        ],
    );
    assert_eq!(
        first_errors(&r),
        [
            (2, "input.parent_level", "$.units[2].parent"),
            (3, "input.parent_level", "$.units[3].parent")
        ]
    );
    assert!(r.errors[0].errors[0]
        .message
        .contains("parent `c1` ($.units[1]) is a unit of level `commune`"));
    let c4 = unit(&r, "c4");
    assert_eq!(c4.warnings.len(), 1);
    assert_eq!(
        (c4.warnings[0].code.as_str(), c4.warnings[0].path.as_str()),
        ("input.parent_not_in_batch", "$.units[4].parent")
    );
    assert!(unit(&r, "c1").warnings.is_empty());
    // What is found of a refused unit's parent does not go to the next unit.
    let mut refused = commune("c0", "d9", "1");
    refused["items"]["1.2"]["choice"] = json!("z");
    let r = score(
        &rs,
        &[district("d1", "1", "a"), refused, commune("c1", "d9", "1")],
    );
    assert_eq!(r.errors[0].errors[0].code, "input.unknown_choice");
    assert_eq!(unit(&r, "c1").warnings[0].path, "$.units[2].parent");
    // A blank parent is no parent.
    let r = score(&rs, &[district("d1", "1", "a"), commune("c1", " ", "1")]);
    assert_eq!(r.errors[0].errors[0].code, "input.missing_parent");
    // A district's own batch of communes.
    let r = score(&rs, &[commune("c1", "d1", "1"), commune("c2", "d1", "1")]);
    assert!(r.errors.is_empty() && r.units.iter().all(|u| u.warnings.is_empty()));
    // A district refused is absent: its communes are warned as without it, not refused.
    let r = score(
        &rs,
        &[
            district("d0", "1", "a"),
            district("d1", "1", "z"),
            commune("c1", "d1", "1"),
        ],
    );
    assert_eq!(unit(&r, "c1").warnings[0].code, "input.parent_not_in_batch");
    // Explaining a commune gives what the batch gives.
    let units = [
        district("d1", "1", "a"),
        commune("c1", "c1", "1"),
        commune("c4", "d9", "1"),
    ];
    let text = json!({"format_version": 1, "units": units}).to_string();
    let r = score(&rs, &units);
    assert_eq!(&rs.explain(&text, "c4").unwrap(), unit(&r, "c4"));
    assert_eq!(
        rs.explain(&text, "c1").unwrap_err().code(),
        "input.parent_level"
    );
}

/// S10: each district ranks its own communes, whatever the input's `block` says. A block that would
/// rank a commune with another district's communes (or apart from its own district's) is refused
/// for that unit alone (`input.block_not_parent`): the unit is absent, and every other unit's
/// result and ranking are as without it.
#[test]
fn s10_a_block_override_cannot_merge_districts() {
    let rs = two_levels(json!({}));
    let mut merged = commune("x3", "d1", "3");
    merged["block"] = json!("commune/d2");
    let mut own = commune("x4", "d1", "2");
    own["block"] = json!("d1");
    let mut own_full = commune("x5", "d1", "2");
    own_full["block"] = json!("commune/d1");
    let mut invented = commune("y3", "d2", "1");
    invented["block"] = json!("all_communes");
    let good = [
        district("d1", "1", "a"),
        district("d2", "1", "a"),
        commune("x1", "d1", "1"),
        commune("y1", "d2", "2"),
    ];
    let mut units = good.to_vec();
    units.extend([merged, own, own_full, invented]);
    let r = score(&rs, &units);
    assert_eq!(
        first_errors(&r),
        [
            (4, "input.block_not_parent", "$.units[4].block"),
            (7, "input.block_not_parent", "$.units[7].block")
        ]
    );
    assert!(r.errors[0].errors[0]
        .message
        .contains("được xếp hạng trong đơn vị cấp trên"));
    // A block naming the unit's own parent, either way, is its parent's block.
    assert_eq!(unit(&r, "x4").block, "commune/d1");
    assert_eq!(unit(&r, "x5").block, "commune/d1");
    let blocks: Vec<(&str, Vec<&str>)> = (r.ranking.iter())
        .filter(|b| b.level == "commune")
        .map(|b| {
            let ids = b.entries.iter().map(|e| e.id.as_str()).collect();
            (b.block.as_str(), ids)
        })
        .collect();
    assert_eq!(
        blocks,
        [
            ("commune/d1", vec!["x4", "x5", "x1"]),
            ("commune/d2", vec!["y1"])
        ]
    );
    // The refused units change no one else's result (C5 semantics: refused is absent): the
    // communes' best value is 2 (x4, y1), not x3's 3 (x1: 1/2 × 2 + 2 = 3.00, not 2.67).
    let mut without = good.to_vec();
    without.extend([units[5].clone(), units[6].clone()]);
    let alone = score(&rs, &without);
    for id in ["d1", "d2", "x1", "y1", "x4", "x5"] {
        assert_eq!(unit(&r, id).total, unit(&alone, id).total, "{id}");
    }
    assert_eq!(unit(&r, "x1").total, parindex::Decimal::new(300, 2));
    // Without a parent, the block names the district (a district scoring its own communes).
    let mut a = commune("c1", "", "1");
    a.as_object_mut().unwrap().remove("parent");
    a["block"] = json!("d1");
    let mut b = commune("c2", "d1", "1");
    b["block"] = json!("commune/d1");
    let r = score(&rs, &[a, b]);
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!(r.ranking.len(), 1);
    assert_eq!(r.ranking[0].block, "commune/d1");
}

/// [`others`], with the positions of units after `pos` in paths taken back by one (as if the unit
/// at `pos` were not there).
fn renumbered(r: &BatchResult, pos: usize) -> String {
    fn walk(v: &mut Value, pos: usize) {
        match v {
            Value::String(s) => {
                if let Some(rest) = s.strip_prefix("$.units[") {
                    let end = rest.find(']').unwrap();
                    let i: usize = rest[..end].parse().unwrap();
                    if i > pos {
                        *s = format!("$.units[{}]{}", i - 1, &rest[end + 1..]);
                    }
                }
            }
            Value::Array(a) => a.iter_mut().for_each(|x| walk(x, pos)),
            Value::Object(m) => m.values_mut().for_each(|x| walk(x, pos)),
            _ => {}
        }
    }
    let mut v = serde_json::to_value((&r.units, &r.ranking)).unwrap();
    walk(&mut v, pos);
    v.to_string()
}

// ---------------------------------------------------------------------------------------------
// The property: adding any refused unit anywhere in a batch changes no other unit's result.

/// The kinds of units a batch refuses.
#[derive(Debug, Clone)]
enum Refused {
    UnknownChoice,
    UnknownGroup,
    NegativeValue,
    AboveMax,
    BlankId,
    NotAnObject,
    UnknownCode,
    /// A copy of a unit of the batch, after it (with a higher value).
    Duplicate,
    /// A unit with an unknown choice and the id of a unit of the batch, before it.
    NamesakeFirst,
    /// A commune whose parent is a commune.
    ParentLevel,
    /// A district with an unknown choice named as the parent of a commune whose district is
    /// missing.
    AbsentParent,
}

fn refused_kind() -> impl Strategy<Value = Refused> {
    prop_oneof![
        Just(Refused::UnknownChoice),
        Just(Refused::UnknownGroup),
        Just(Refused::NegativeValue),
        Just(Refused::AboveMax),
        Just(Refused::BlankId),
        Just(Refused::NotAnObject),
        Just(Refused::UnknownCode),
        Just(Refused::Duplicate),
        Just(Refused::NamesakeFirst),
        Just(Refused::ParentLevel),
        Just(Refused::AbsentParent),
    ]
}

/// A batch of districts `d0…` and communes `c0…` under them (and under `d_absent`), values in
/// 0–200 (the rule's `max_value` is 1000).
fn good_batch() -> impl Strategy<Value = Vec<Value>> {
    (
        1usize..4,
        proptest::collection::vec((0u32..200, 0usize..4, any::<bool>()), 0..8),
    )
        .prop_flat_map(|(nd, communes)| {
            (
                proptest::collection::vec((0u32..200, any::<bool>()), nd),
                Just(communes),
            )
        })
        .prop_map(|(districts, communes)| {
            let mut units: Vec<Value> = (districts.iter().enumerate())
                .map(|(i, (v, a))| {
                    district(&format!("d{i}"), &v.to_string(), if *a { "a" } else { "b" })
                })
                .collect();
            let nd = units.len();
            for (i, (v, p, absent)) in communes.into_iter().enumerate() {
                let parent = if absent {
                    "d_absent".to_string()
                } else {
                    format!("d{}", p % nd)
                };
                units.push(commune(&format!("c{i}"), &parent, &v.to_string()));
            }
            units
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn adding_a_refused_unit_changes_no_other_units_result(
        units in good_batch(),
        kind in refused_kind(),
        at in any::<prop::sample::Index>(),
        of in any::<prop::sample::Index>(),
        big in 200u32..1000,
    ) {
        let rs = two_levels(json!({"max_value": "1000"}));
        let target = of.index(units.len());
        let target_id = units[target]["id"].as_str().unwrap().to_string();
        let big = big.to_string();
        let (bad, lo, hi) = match kind {
            Refused::UnknownChoice => (district("x", &big, "z"), 0, units.len()),
            Refused::UnknownGroup => {
                let mut u = district("x", &big, "a");
                u["group"] = json!("huyen");
                (u, 0, units.len())
            }
            Refused::NegativeValue => (district("x", "-1", "a"), 0, units.len()),
            Refused::AboveMax => (district("x", "1000.01", "a"), 0, units.len()),
            Refused::BlankId => (district(" ", &big, "a"), 0, units.len()),
            Refused::NotAnObject => (json!(["x", "x", "district", {"1.1": {"value": big}}]), 0, units.len()),
            Refused::UnknownCode => {
                let mut u = district("x", &big, "a");
                u["items"]["9.9"] = json!({"met": true});
                (u, 0, units.len())
            }
            Refused::Duplicate => {
                let mut u = units[target].clone();
                u["items"]["1.1"]["value"] = json!(big);
                (u, target + 1, units.len())
            }
            Refused::NamesakeFirst => {
                let mut u = district(&target_id, &big, "z");
                u["group"] = units[target]["group"].clone();
                u["parent"] = units[target]["parent"].clone();
                (u, 0, target)
            }
            Refused::ParentLevel => {
                // A commune of the batch, else itself.
                let parent = (units.iter())
                    .find(|u| u["group"] == "commune")
                    .map_or("x", |u| u["id"].as_str().unwrap());
                (commune("x", parent, &big), 0, units.len())
            }
            Refused::AbsentParent => (district("d_absent", &big, "z"), 0, units.len()),
        };
        let mut with = units.clone();
        let pos = lo + at.index(hi - lo + 1);
        with.insert(pos, bad.clone());
        let before = score(&rs, &units);
        let after = score(&rs, &with);
        prop_assert_eq!(after.errors.len(), before.errors.len() + 1, "{}", bad);
        prop_assert!(after.errors.iter().any(|e| e.index == pos), "{}", bad);
        // Paths of the units after the one added are one position further.
        prop_assert_eq!(renumbered(&after, pos), others(&before), "{}", bad);
        // Explaining each unit in the batch with the refused unit gives its result there.
        let text = json!({"format_version": 1, "units": with}).to_string();
        for u in &after.units {
            let e = rs.explain(&text, &u.id).unwrap();
            prop_assert_eq!(&e, u);
        }
    }
}
