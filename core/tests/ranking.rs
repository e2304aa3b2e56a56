//! Ranking as a rule set declares it (issue 23, item 8): on the index as published (default) or
//! on the unrounded index, and the order of units inside a tie (by id, the default; by input
//! order; by name in Vietnamese alphabetical order).

mod common;
use common::*;
use parindex::{RankEntry, RuleSet};
use serde_json::{json, Value};

/// One leaf `1.1` entered by hand, worth 300 points: a total of 200.00 is an index of
/// 66.666…67, 200.01 of 66.67; both are shown as 66.67.
fn ruleset(ranking: Value) -> RuleSet {
    let nodes = json!([{"code": "1", "label": {"vi": "Lĩnh vực"}, "max_points": "300", "source": "reconstructed", "children": [
        {"code": "1.1", "label": {"vi": "Điểm nhập"}, "max_points": "300", "source": "reconstructed", "rule": {"kind": "manual"}}
    ]}]);
    let mut v = ruleset_json(
        nodes,
        json!([{"id": "g", "level": "l", "label": {"vi": "Nhóm"}, "max_points": "300"}]),
        json!([]),
    );
    if !ranking.is_null() {
        v["ranking"] = ranking;
    }
    RuleSet::from_value(&v).unwrap_or_else(|e| panic!("{e}"))
}

fn unit(id: &str, name: &str, points: &str) -> Value {
    json!({"id": id, "name": name, "group": "g", "items": {"1.1": {"points": points}}})
}

/// The block's entries: (rank, id, tied).
fn ranked(rs: &RuleSet, units: &[Value]) -> Vec<(usize, String, bool)> {
    let text = json!({"format_version": 1, "units": units}).to_string();
    let r = rs.score_json(&text).unwrap_or_else(|e| panic!("{e}"));
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!(r.ranking.len(), 1);
    entries(&r.ranking[0].entries)
}

fn entries(e: &[RankEntry]) -> Vec<(usize, String, bool)> {
    e.iter().map(|e| (e.rank, e.id.clone(), e.tied)).collect()
}

fn three() -> Vec<Value> {
    vec![
        unit("c", "Xã C", "200"),
        unit("a", "Xã A", "200"),
        unit("b", "Xã B", "200.01"),
    ]
}

fn own(v: &[(usize, &str, bool)]) -> Vec<(usize, String, bool)> {
    v.iter().map(|&(r, id, t)| (r, id.to_string(), t)).collect()
}

/// S9: indices are published at two places. By default the published index ranks: 66.666…67
/// and 66.67 are both 66.67, one tie of three. Declared `unrounded_index`, b (66.67) is first
/// alone and a, c (66.666…67) tie second; the note says what separated b from them.
#[test]
fn s9_ranking_on_the_unrounded_index_ties_only_equal_unrounded_values() {
    let published = ruleset(Value::Null);
    assert_eq!(
        ranked(&published, &three()),
        own(&[(1, "a", true), (1, "b", true), (1, "c", true)])
    );
    let rs = ruleset(json!({"by": "unrounded_index"}));
    assert_eq!(
        ranked(&rs, &three()),
        own(&[(1, "b", false), (2, "a", true), (2, "c", true)])
    );
    let text = json!({"format_version": 1, "units": three()}).to_string();
    let r = rs.score_json(&text).unwrap();
    let e = &r.ranking[0].entries;
    assert_eq!(e[0].index.to_string(), "66.67");
    assert_eq!(e[1].index.to_string(), "66.67");
    let note = e[0].note.as_deref().unwrap();
    assert!(
        note.contains(
            "phân định bằng chỉ số chưa làm tròn: 66.67 so với 66.666666666666666666666666667"
        ),
        "{note}"
    );
    assert!(
        e[1].note
            .as_deref()
            .unwrap()
            .contains("chỉ số chưa làm tròn cũng bằng nhau"),
        "{:?}",
        e[1].note
    );
    // Declaring the defaults changes nothing, not even the rule set's hash.
    let explicit = ruleset(json!({"by": "index", "tie_order": "id"}));
    assert_eq!(explicit.sha256(), published.sha256());
    assert_ne!(rs.sha256(), published.sha256());
}

/// The order inside a tie is declared: by id (default, byte order), as the input lists the units,
/// or by name in Vietnamese alphabetical order (Đ after D, before E; byte order would put it
/// after Y). The ranks are the same whatever the order.
#[test]
fn the_order_inside_a_tie_is_by_id_input_or_vietnamese_name_as_declared() {
    let units = vec![
        unit("u1", "Xã Yên Trị", "200"),
        unit("u3", "Xã Đú Sáng", "200"),
        unit("u2", "Xã Dũng Phong", "200"),
        unit("u0", "Xã Ba Hàng Đồi", "250"),
    ];
    let order = |tie_order: &str| -> Vec<String> {
        let rs = ruleset(json!({"tie_order": tie_order}));
        let got = ranked(&rs, &units);
        assert_eq!(
            got.iter().map(|e| e.0).collect::<Vec<_>>(),
            [1, 2, 2, 2],
            "{tie_order}"
        );
        got.into_iter().map(|e| e.1).collect()
    };
    assert_eq!(order("id"), ["u0", "u1", "u2", "u3"]);
    assert_eq!(order("input"), ["u0", "u1", "u3", "u2"]);
    assert_eq!(order("name"), ["u0", "u2", "u3", "u1"]);
    // An unknown order is refused with its path.
    let mut v = ruleset_json(json!([]), json!([]), json!([]));
    v["ranking"] = json!({"tie_order": "random"});
    let e = RuleSet::from_value(&v).unwrap_err();
    assert!(
        e.issues()
            .iter()
            .any(|i| i.code == "ruleset.unknown_variant" && i.path == "$.ranking.tie_order"),
        "{e}"
    );
}
