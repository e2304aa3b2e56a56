//! Tests of the evaluation against the integer lane and of its helpers.

use crate::compile::{code_prefix, code_tail_cmp};
#[cfg(feature = "fast-score")]
use {
    super::leaf::eval_leaf, crate::compile::RuleSet, crate::input::ItemInput,
    crate::rules::ItemPath, crate::support::decimal as d, rust_decimal::Decimal,
    std::collections::HashMap,
};

/// S9 (percentage first, rounded; then points, rounded; then the leaf's bounds): for every
/// rate n/d with d up to 64 and denominators that make exact midpoints, every count up to 40,
/// met / not met, every choice, events (C8) and outcomes (C7) of every count up to a few, in
/// every rounding mode at scales 0 to 4, the integer shortcut gives the general evaluation's
/// points, to the digit; and none where the general evaluation fails (n > d, an unknown id) or
/// has a case of its own (a rate's d = 0). The integer points the integer lane takes for them
/// are those of the same decimal.
#[cfg(feature = "fast-score")]
#[test]
fn s9_leaves_from_facts_score_as_the_general_evaluation() {
    let rules = serde_json::json!([
        ["1.5", {"kind": "proportional", "threshold": "12.5", "below_points": "0.125"}],
        ["2", {"kind": "proportional", "threshold": "50", "threshold_inclusive": false, "full_at": "87.5"}],
        ["0.75", {"kind": "proportional"}],
        ["1", {"kind": "bands", "bands": [
            {"min": "87.5", "max": "100", "max_inclusive": true, "points": "1"},
            {"min": "50", "min_inclusive": false, "max": "87.5", "points": "0.505"},
            {"min": "12.5", "max": "50", "max_inclusive": true, "points": "0.125"},
            {"min": "0", "max": "12.5", "points": "0"}]}],
        ["1", {"kind": "count", "points_each": "0.125"}],
        ["0.755", {"kind": "met"}],
        ["1", {"kind": "met", "points_met": "0.5", "points_not_met": "0.005"}],
        ["1", {"kind": "choice", "options": [
            {"id": "a", "label": {"vi": "a"}, "points": "0.995"}, {"id": "b", "label": {"vi": "b"}, "points": "0"}]}],
        ["1.5", {"kind": "deductions", "deductions": [
            {"id": "late", "label": {"vi": "l"}, "points": "0.25"}, {"id": "miss", "label": {"vi": "m"}, "points": "0.125"}]}],
        ["2", {"kind": "outcome_ratio", "zero_denominator_points": "1.005", "outcomes": [
            {"id": "done", "label": {"vi": "d"}, "weight": "2"}, {"id": "part", "label": {"vi": "p"}, "weight": "0.125"}]}]
    ,
        ["1.5", {"kind": "survey"}],
        ["2", {"kind": "external"}],
        ["1", {"kind": "manual", "step": "0.25"}]
    ]);
    let leaves: Vec<serde_json::Value> = (rules.as_array().unwrap().iter().enumerate())
        .map(|(i, r)| {
            let mut n = serde_json::json!({"code": format!("1.{}", i + 1), "label": {"vi": "x"},
                "max_points": r[0], "source": "reconstructed", "rule": r[1]});
            if r[1]["kind"] == "deductions" || r[1]["kind"] == "manual" {
                n["min_points"] = serde_json::json!("-0.5");
            }
            n
        })
        .collect();
    let mut items = vec![ItemInput::with_met(ItemInput::default(), true)];
    items.push(ItemInput::default().with_met(false));
    items.extend(["a", "b", "c"].map(|c| ItemInput::default().with_choice(c)));
    items.extend((0..=40).map(|n| ItemInput::default().with_count(n)));
    let counts = |pairs: &[(&str, u64)]| -> std::collections::BTreeMap<String, u64> {
        pairs.iter().map(|&(k, n)| (k.to_string(), n)).collect()
    };
    for (late, miss) in (0..=9).flat_map(|a| (0..=9).map(move |b| (a, b))) {
        items.push(ItemInput::default().with_events(counts(&[("late", late), ("miss", miss)])));
    }
    items.push(ItemInput::default().with_events(counts(&[("other", 1)])));
    for d in 0..=14 {
        for (done, part) in (0..=d + 1).flat_map(|a| (0..=d + 1).map(move |b| (a, b))) {
            let o = counts(&[("done", done), ("part", part)]);
            items.push(ItemInput::default().with_outcomes(o).with_denominator(d));
        }
        items.push(ItemInput::default().with_denominator(d));
    }
    // Percentages and points as given: 0 to 3 places, out of range, negative zero.
    let given = (-20..=1010)
        .map(|x| Decimal::new(x, 1))
        .chain((0..=400).map(|x| Decimal::new(x * 251, 3)))
        .chain(["-0", "-0.00", "100.01", "0.005"].map(|t| t.parse().unwrap()));
    for p in given {
        items.push(ItemInput::default().with_percentage(p));
        items.push(ItemInput::default().with_points(p / Decimal::from(40)));
        items.push(ItemInput::default().with_points(p.trunc_with_scale(0) / Decimal::from(50)));
    }
    let dens = (1..=64).chain([80, 200, 400, 800, 1600]);
    for d in dens.chain([0]) {
        items.extend((0..=d + 1).map(|n| ItemInput::rate(n, d)));
    }
    let mut quick = 0;
    for mode in ["half_up", "half_even", "down"] {
        for scale in 0..=4 {
            let json = serde_json::json!({
                "format_version": 1, "id": "t", "title": {"vi": "t"},
                "decision": {"number": "0/QĐ-T", "date": "2018-06-19"}, "year": 2019, "status": "official",
                "levels": [{"id": "l", "label": {"vi": "l"},
                    "components": [{"id": "e", "label": {"vi": "e"}, "kind": "rubric"}],
                    "nodes": [{"code": "1", "label": {"vi": "f"}, "max_points": "17.005", "source": "reconstructed", "children": leaves}]}],
                "groups": [{"id": "g", "level": "l", "label": {"vi": "g"}, "max_points": "17.005"}],
                "rounding": {"scale": scale, "mode": mode, "stages": ["percentage", "leaf", "index"]},
                "bands": [{"id": "b", "label": {"vi": "b"}, "min": "0", "max": "100", "max_inclusive": true}]
            });
            let rs = RuleSet::from_value(&json).unwrap_or_else(|e| panic!("{e}"));
            let (level, rounding) = (&rs.levels()[0], &rs.def().rounding);
            for (ni, node) in level.nodes.iter().enumerate().skip(1) {
                // Bounds and thresholds are exact at 3 places and more (12.5 is not at 0).
                if scale >= 3 {
                    assert!(
                        !matches!(node.quick, crate::quick::Quick::General),
                        "{}",
                        node.code
                    );
                }
                for it in &items {
                    let Some(got) = node.quick.got(it, rounding) else {
                        continue;
                    };
                    // The integer points the integer lane takes are the decimal's.
                    let units = got.units(scale);
                    let Some(q) = got.decimal(scale) else {
                        assert_eq!(units, None, "{} {it:?}", node.code);
                        continue;
                    };
                    assert_eq!(units, d::units(q, scale), "{} {it:?}", node.code);
                    quick += 1;
                    let path = ItemPath::item("$", &node.code);
                    let general = eval_leaf(
                        node,
                        Some(it),
                        0,
                        ni,
                        &HashMap::new(),
                        rounding,
                        path,
                        false,
                    )
                    .and_then(|ev| ev.raw.rounded(rounding, &path))
                    .map(|v| d::clamp(v, node.lo, node.hi));
                    let general = general
                        .unwrap_or_else(|e| panic!("{} {it:?}: quick {q}, general {e}", node.code));
                    assert_eq!(
                        (q.to_string(), q.serialize()),
                        (general.to_string(), general.serialize()),
                        "{} {it:?} {mode} {scale}",
                        node.code
                    );
                }
            }
        }
    }
    // Every case but a rate above its denominator, a zero denominator and an unknown id.
    assert!(quick > 50_000, "{quick}");
}

/// Prefix, then tail: the byte order of `str`.
#[test]
fn codes_order_by_prefix_then_tail() {
    let codes = [
        "",
        "1",
        "1.1",
        "1.1.1",
        "1.10",
        "1.2",
        "1.1.1.1.1",
        "1.1.1.1.10",
        "1.1.1.1.2",
        "a\u{0}",
        "a",
        "a\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}",
        "Đ",
        "ĐĐĐĐĐ",
        "ĐĐĐĐ",
    ];
    for a in codes {
        for b in codes {
            let got = code_prefix(a)
                .cmp(&code_prefix(b))
                .then_with(|| code_tail_cmp(a, b));
            assert_eq!(got, a.cmp(b), "{a:?} {b:?}");
        }
    }
}
