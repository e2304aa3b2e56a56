//! Property tests: invariants that must hold for any facts.

mod common;
use common::*;
use parindex::decimal::RoundingMode;
use parindex::Decimal;
use proptest::prelude::*;
use serde_json::json;

fn pct() -> impl Strategy<Value = Decimal> {
    (0u32..=10_000u32).prop_map(|x| Decimal::new(x as i64, 2))
}

fn tree() -> parindex::RuleSet {
    // Field 1: bands + proportional + deductions with a negative floor; field 2: count + choice.
    let nodes = json!([
        {"code": "1", "label": {"vi": "LV1"}, "max_points": "6", "source": "reconstructed", "children": [
            {"code": "1.1", "label": {"vi": "A"}, "max_points": "2", "source": "reconstructed", "rule": bands_rule()},
            {"code": "1.2", "label": {"vi": "B"}, "max_points": "2", "source": "reconstructed", "rule": {"kind": "proportional", "threshold": "50"}},
            {"code": "1.3", "label": {"vi": "C"}, "max_points": "2", "min_points": "-1", "source": "reconstructed", "rule": {"kind": "deductions", "deductions": [
                {"id": "late", "label": {"vi": "Chậm"}, "points": "0.75"}]}}
        ]},
        {"code": "2", "label": {"vi": "LV2"}, "max_points": "4", "source": "reconstructed", "children": [
            {"code": "2.1", "label": {"vi": "D"}, "max_points": "3", "source": "reconstructed", "rule": {"kind": "count", "points_each": "0.5"}},
            {"code": "2.2", "label": {"vi": "E"}, "max_points": "1", "source": "reconstructed", "not_applicable": "reduce_max", "rule": {"kind": "choice", "options": [
                {"id": "a", "label": {"vi": "a"}, "points": "1"}, {"id": "b", "label": {"vi": "b"}, "points": "0.25"}]}}
        ]}
    ]);
    ruleset_with(
        nodes,
        json!([{"id": "g", "level": "l", "label": {"vi": "G"}, "max_points": "10"}]),
        json!([]),
    )
}

prop_compose! {
    fn unit(id: usize)(p1 in pct(), num in 0u64..500, extra in 0u64..500, late in 0u64..6, count in 0u64..10, na in any::<bool>(), b in any::<bool>())
        -> serde_json::Value {
        json!({"id": format!("u{id}"), "name": format!("Đơn vị {id}"), "group": "g", "items": {
            "1.1": {"percentage": p1.to_string()},
            "1.2": {"numerator": num, "denominator": num + extra + 1},
            "1.3": {"events": {"late": late}},
            "2.1": {"count": count},
            "2.2": if na { json!({"not_applicable": true}) } else { json!({"choice": if b {"a"} else {"b"}}) }
        }})
    }
}

proptest! {
    #[test]
    fn points_stay_within_bounds_and_parents_sum_their_children(u in unit(0)) {
        let rs = tree();
        let s = score_unit_json(&rs, u).unwrap();
        let nodes = s.nodes.to_vec();
        for (i, n) in nodes.iter().enumerate() {
            prop_assert!(n.points <= n.max_points, "{} above max", n.code);
            prop_assert!(n.points >= n.min_points.min(Decimal::ZERO), "{} below min", n.code);
            if n.leaf && n.status == parindex::score::NodeStatus::Scored {
                // S9: the explanation, rendered again from the inputs, agrees with the kept points:
                // raw → rounded half-up to 2 places (the exact quotient and Decimal's agree) →
                // kept within [min, max].
                prop_assert_eq!(n.rounded_points, RoundingMode::HalfUp.round(n.raw_points, 2), "{}", n.code);
                let kept = n.rounded_points.max(n.min_points).min(n.max_points);
                prop_assert_eq!(n.points, RoundingMode::HalfUp.round(kept, 2), "{}", n.code);
                prop_assert_eq!(Some(n.points), s.nodes.points(i));
            }
            if !n.leaf {
                // Parent = sum of its children before caps.
                let kids: Decimal = nodes[i + 1..].iter().take_while(|c| c.depth > n.depth)
                    .filter(|c| c.depth == n.depth + 1).map(|c| c.points).sum();
                prop_assert_eq!(n.raw_points, kids);
            }
        }
        prop_assert!(s.index >= Decimal::ZERO && s.index <= Decimal::ONE_HUNDRED);
    }

    #[test]
    fn band_and_proportional_rules_are_monotone_in_the_percentage(a in pct(), b in pct()) {
        let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
        for rule in [bands_rule(), json!({"kind": "proportional", "threshold": "80"}), json!({"kind": "proportional", "full_at": "90"})] {
            let rs = one_leaf(rule, "2", None);
            let p = |x: Decimal| score_item(&rs, json!({"percentage": x.to_string()})).unwrap().nodes.get(1).unwrap().points;
            prop_assert!(p(lo) <= p(hi));
        }
    }

    #[test]
    fn ranking_does_not_depend_on_input_order(units in proptest::collection::vec(any::<u8>(), 2..12), seed in any::<u64>()) {
        let rs = one_leaf(json!({"kind": "manual", "step": "0.25"}), "10", None);
        let mk: Vec<serde_json::Value> = units.iter().enumerate().map(|(i, v)| json!({"id": format!("u{i:02}"), "name": format!("U{i}"), "group": "g",
            "items": {"1.1": {"points": Decimal::new((*v as i64 % 41) * 25, 2).to_string()}}})).collect();
        let mut shuffled = mk.clone();
        // A deterministic shuffle from the seed.
        let mut s = seed;
        for i in (1..shuffled.len()).rev() {
            s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            shuffled.swap(i, (s >> 33) as usize % (i + 1));
        }
        let r1 = parindex::score_batch_value(&rs, &json!({"format_version": 1, "units": mk})).unwrap();
        let r2 = parindex::score_batch_value(&rs, &json!({"format_version": 1, "units": shuffled})).unwrap();
        prop_assert_eq!(&r1.ranking, &r2.ranking);
        // Ranks are competition ranks: rank = 1 + number of strictly better units.
        for e in &r1.ranking[0].entries {
            let better = r1.ranking[0].entries.iter().filter(|o| o.index > e.index).count();
            prop_assert_eq!(e.rank, better + 1);
        }
    }

    #[test]
    fn a_form_scores_each_change_as_the_whole_unit_does(u in unit(0), v in unit(0)) {
        // A form starts from one unit and takes the other's items one at a time: after each
        // change it holds (and scores, explanations included) exactly what the batch engine
        // scores for the unit changed that way.
        let rs = tree();
        let start: parindex::UnitInput = serde_json::from_value(u).unwrap();
        let target: parindex::UnitInput = serde_json::from_value(v).unwrap();
        let mut form = parindex::live::UnitForm::new(&rs, start.clone()).unwrap();
        let mut now = start;
        for (code, it) in target.items {
            now.items.insert(code.clone(), it.clone());
            let ctx = parindex::Context::from_units(&rs, std::iter::once(&now));
            let want = parindex::score_unit(&rs, now.clone(), &ctx, "$").unwrap();
            let got = form.set(&code, it).unwrap();
            prop_assert_eq!((got.total, got.index, &got.fields), (want.total, want.index, &want.fields));
            prop_assert_eq!(form.unit(), &now);
            prop_assert_eq!(form.score(true).unwrap(), want);
        }
    }

    #[test]
    fn rounding_is_idempotent(v in any::<i64>(), scale in 0u32..6) {
        let d = Decimal::new(v, 6);
        for mode in [parindex::decimal::RoundingMode::HalfUp, parindex::decimal::RoundingMode::HalfEven, parindex::decimal::RoundingMode::Down] {
            let once = mode.round(d, scale);
            prop_assert_eq!(mode.round(once, scale), once);
            prop_assert_eq!(once.scale(), scale);
        }
    }
}
