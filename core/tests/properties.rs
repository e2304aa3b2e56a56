//! Property tests: invariants that must hold for any facts.

mod common;
use common::*;
use parindex::internal::RoundingMode;
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
            if n.leaf && n.status == parindex::result::NodeStatus::Scored {
                // S9: the explanation, rendered again from the inputs, agrees with the kept points:
                // raw → rounded half-up to 2 places (the exact quotient and Decimal's agree) →
                // kept within [min, max].
                prop_assert_eq!(n.rounded_points, RoundingMode::HalfUp.round(n.raw_points, 2), "{}", n.code);
                let kept = n.rounded_points.max(n.min_points).min(n.max_points);
                prop_assert_eq!(n.points, RoundingMode::HalfUp.round(kept, 2), "{}", n.code);
                prop_assert_eq!(Some(n.points), s.nodes.points(i));
            }
            if !n.leaf {
                // Parent = sum of its children before caps (points of a valid rule set: no
                // overflow).
                #[allow(clippy::disallowed_methods)]
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
        let r1 = parindex::internal::score_batch_value(&rs, &json!({"format_version": 1, "units": mk})).unwrap();
        let r2 = parindex::internal::score_batch_value(&rs, &json!({"format_version": 1, "units": shuffled})).unwrap();
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
        let mut form = parindex::api::UnitForm::new(&rs, start.clone()).unwrap();
        let mut now = start;
        for (code, it) in target.items {
            now.items.insert(code.clone(), it.clone());
            let ctx = parindex::internal::Context::from_units(&rs, std::iter::once(&now));
            let want = parindex::internal::score_unit(&rs, now.clone(), &ctx, "$").unwrap();
            let got = form.set(&code, it).unwrap();
            prop_assert_eq!((got.total, got.index, &got.fields), (want.total, want.index, &want.fields));
            prop_assert_eq!(form.unit(), &now);
            prop_assert_eq!(form.score(true).unwrap(), want);
        }
    }

    #[test]
    fn rounding_is_idempotent(v in any::<i64>(), scale in 0u32..6) {
        let d = Decimal::new(v, 6);
        for mode in [parindex::internal::RoundingMode::HalfUp, parindex::internal::RoundingMode::HalfEven, parindex::internal::RoundingMode::Down] {
            let once = mode.round(d, scale);
            prop_assert_eq!(mode.round(once, scale), once);
            prop_assert_eq!(once.scale(), scale);
        }
    }
}

/// Every field an item can give, each present or not (`not_applicable` only when true).
#[derive(Debug, Clone)]
struct Fields {
    not_applicable: bool,
    choice: Option<String>,
    met: Option<bool>,
    percentage: Option<Decimal>,
    numerator: Option<u64>,
    denominator: Option<u64>,
    count: Option<u64>,
    outcomes: std::collections::BTreeMap<String, u64>,
    events: std::collections::BTreeMap<String, u64>,
    value: Option<Decimal>,
    points: Option<Decimal>,
    self_score: Option<Decimal>,
    evidence: Vec<String>,
    appraised: Option<Decimal>,
    reappraised: Option<Decimal>,
    notes: Vec<String>,
}

fn fields() -> impl Strategy<Value = Fields> {
    let dec = || {
        proptest::option::weighted(
            0.3,
            (any::<i64>(), 0u32..6).prop_map(|(m, s)| Decimal::new(m, s)),
        )
    };
    let int = || proptest::option::weighted(0.3, any::<u64>());
    let text = || {
        prop_oneof![
            Just("a".to_string()),
            Just("lựa chọn \"x\"\n".to_string()),
            "[a-z0-9.]{0,8}"
        ]
    };
    let counts = || proptest::collection::btree_map(text(), any::<u64>(), 0..3);
    let texts = || proptest::collection::vec(text(), 0..3);
    let all = (
        (
            any::<bool>(),
            proptest::option::weighted(0.3, text()),
            proptest::option::weighted(0.3, any::<bool>()),
            dec(),
            int(),
            int(),
            int(),
            counts(),
        ),
        (
            counts(),
            dec(),
            dec(),
            dec(),
            texts(),
            dec(),
            dec(),
            texts(),
        ),
    )
        .prop_map(
            |(
                (not_applicable, choice, met, percentage, numerator, denominator, count, outcomes),
                (events, value, points, self_score, evidence, appraised, reappraised, notes),
            )| Fields {
                not_applicable,
                choice,
                met,
                percentage,
                numerator,
                denominator,
                count,
                outcomes,
                events,
                value,
                points,
                self_score,
                evidence,
                appraised,
                reappraised,
                notes,
            },
        );
    // Half the items keep only one fact (a rate keeps both counts), as most leaves give.
    (all, proptest::option::of(0usize..10)).prop_map(|(mut f, one)| {
        if let Some(k) = one {
            let keep = |i: usize| i == k || (k == 3 && i == 4);
            let clear: [fn(&mut Fields); 10] = [
                |f| f.choice = None,
                |f| f.met = None,
                |f| f.percentage = None,
                |f| f.numerator = None,
                |f| f.denominator = None,
                |f| f.count = None,
                |f| f.outcomes.clear(),
                |f| f.events.clear(),
                |f| f.value = None,
                |f| f.points = None,
            ];
            for (i, clear) in clear.iter().enumerate() {
                if !keep(i) {
                    clear(&mut f);
                }
            }
        }
        f
    })
}

impl Fields {
    /// The item's JSON as the engine has always written it: the given fields in declaration order.
    fn json(&self) -> String {
        let j = |v: serde_json::Value| v.to_string();
        let d = |x: &Decimal| j(json!(x.to_string()));
        let mut out: Vec<String> = Vec::new();
        let mut put = |name: &str, v: Option<String>| {
            if let Some(v) = v {
                out.push(format!("\"{name}\":{v}"));
            }
        };
        put("not_applicable", self.not_applicable.then(|| "true".into()));
        put("choice", self.choice.as_ref().map(|c| j(json!(c))));
        put("met", self.met.map(|m| m.to_string()));
        put("percentage", self.percentage.as_ref().map(d));
        put("numerator", self.numerator.map(|n| n.to_string()));
        put("denominator", self.denominator.map(|n| n.to_string()));
        put("count", self.count.map(|n| n.to_string()));
        put(
            "outcomes",
            (!self.outcomes.is_empty()).then(|| j(json!(self.outcomes))),
        );
        put(
            "events",
            (!self.events.is_empty()).then(|| j(json!(self.events))),
        );
        put("value", self.value.as_ref().map(d));
        put("points", self.points.as_ref().map(d));
        put("self", self.self_score.as_ref().map(d));
        put(
            "evidence",
            (!self.evidence.is_empty()).then(|| j(json!(self.evidence))),
        );
        put("appraised", self.appraised.as_ref().map(d));
        put("reappraised", self.reappraised.as_ref().map(d));
        put(
            "notes",
            (!self.notes.is_empty()).then(|| j(json!(self.notes))),
        );
        format!("{{{}}}", out.join(","))
    }

    /// The item built field by field with the `set_*` methods, in the given order of fields.
    fn build(&self, order: &[usize]) -> parindex::ItemInput {
        let f = self.clone();
        let mut it = parindex::ItemInput::default();
        for k in order {
            match k {
                0 => it.set_not_applicable(f.not_applicable),
                1 => it.set_choice(f.choice.clone()),
                2 => it.set_met(f.met),
                3 => it.set_percentage(f.percentage),
                4 => it.set_numerator(f.numerator),
                5 => it.set_denominator(f.denominator),
                6 => it.set_count(f.count),
                7 => it.set_outcomes(f.outcomes.clone()),
                8 => it.set_events(f.events.clone()),
                9 => it.set_value(f.value),
                10 => it.set_points(f.points),
                11 => it.set_self_score(f.self_score),
                12 => it.set_evidence(f.evidence.clone()),
                13 => it.set_appraised(f.appraised),
                14 => it.set_reappraised(f.reappraised),
                _ => it.set_notes(f.notes.clone()),
            }
        }
        it
    }
}

proptest! {
    #[test]
    fn an_item_keeps_every_field_as_given(f in fields(), order in Just((0..16).collect::<Vec<usize>>()).prop_shuffle()) {
        // However an item is stored inside, it reads back every field it was given, writes the
        // JSON it was read from (same fields, same order), and equals the same item built in any
        // order.
        let text = f.json();
        let it: parindex::ItemInput = serde_json::from_str(&text).unwrap();
        prop_assert_eq!(serde_json::to_string(&it).unwrap(), text.clone());
        prop_assert_eq!(it.is_not_applicable(), f.not_applicable);
        prop_assert_eq!(it.choice(), f.choice.as_deref());
        prop_assert_eq!(it.met(), f.met);
        prop_assert_eq!(it.percentage(), f.percentage);
        prop_assert_eq!((it.numerator(), it.denominator(), it.count()), (f.numerator, f.denominator, f.count));
        prop_assert_eq!(it.outcomes(), &f.outcomes);
        prop_assert_eq!(it.events(), &f.events);
        prop_assert_eq!((it.value(), it.points()), (f.value, f.points));
        prop_assert_eq!((it.self_score(), it.appraised(), it.reappraised()), (f.self_score, f.appraised, f.reappraised));
        prop_assert_eq!(it.evidence(), &f.evidence[..]);
        prop_assert_eq!(it.notes(), &f.notes[..]);
        let built = f.build(&order);
        prop_assert_eq!(&built, &it);
        prop_assert_eq!(serde_json::to_string(&built).unwrap(), text);
        // Taking a fact away leaves the others.
        let mut less = it.clone();
        less.set_numerator(None);
        prop_assert_eq!(less.numerator(), None);
        prop_assert_eq!((less.denominator(), less.count(), less.points()), (f.denominator, f.count, f.points));
        prop_assert_eq!(less == it, f.numerator.is_none());
    }
}

/// A decimal in `[0, top]` hundredths-of-`top`-wise, with 0–3 places.
fn amount(top: i64) -> impl Strategy<Value = Decimal> {
    (0..=top * 1000, 0u32..=3).prop_map(|(m, s)| Decimal::new(m / 10i64.pow(3 - s), s))
}

/// A leaf rule of a kind the integer shortcut takes (and the item for it), its points at most
/// `max`.
fn quick_case(max: Decimal) -> impl Strategy<Value = (serde_json::Value, serde_json::Value)> {
    let m = (max * Decimal::from(1000))
        .trunc()
        .to_string()
        .parse::<i64>()
        .unwrap()
        .max(1);
    let pts = move || {
        (0..=m, 0u32..=3).prop_map(|(x, s)| Decimal::new(x / 10i64.pow(3 - s), s).to_string())
    };
    // Denominators that make exact midpoints (x.5 at the last place) common, so that every
    // rounding mode's tie rule is exercised.
    let ties = [2u64, 8, 16, 40, 80, 200, 400, 800, 1600, 8000, 16000];
    let rate = (0u64..1500, 0u64..1500, 0u8..10).prop_map(move |(a, b, k)| match k {
        0 => json!({"numerator": a.max(b) + 1, "denominator": a.min(b)}), // above: an error
        1 => json!({"numerator": 0, "denominator": 0}),
        2..=5 => {
            let d = ties[b as usize % ties.len()];
            json!({"numerator": a % (d + 1), "denominator": d})
        }
        _ => json!({"numerator": a.min(b), "denominator": a.max(b)}),
    });
    let pct = || amount(100).prop_map(|d| d.to_string());
    prop_oneof![
        (proptest::collection::btree_set(amount(100), 1..4), proptest::collection::vec((any::<bool>(), pts()), 4), rate.clone()).prop_map(|(cuts, b, item)| {
            let cuts: Vec<Decimal> = cuts.into_iter().filter(|c| !c.is_zero() && *c < Decimal::ONE_HUNDRED).collect();
            let mut edges = vec![Decimal::ZERO];
            edges.extend(cuts);
            edges.push(Decimal::ONE_HUNDRED);
            let bands: Vec<_> = edges.windows(2).enumerate().map(|(i, w)| {
                let last = i + 2 == edges.len();
                // Each edge belongs to exactly one side.
                json!({"min": w[0].to_string(), "min_inclusive": i == 0 || !b[i - 1].0, "max": w[1].to_string(),
                       "max_inclusive": if last { true } else { b[i].0 }, "points": b[i].1})
            }).collect();
            (json!({"kind": "bands", "bands": bands}), item)
        }),
        (proptest::option::of(pct()), any::<bool>(), proptest::option::of(pts()), proptest::option::of(pct()), rate).prop_map(|(t, inc, below, full, item)| {
            let mut r = json!({"kind": "proportional", "threshold_inclusive": inc});
            if let Some(t) = t { r["threshold"] = json!(t) }
            if let Some(b) = below { r["below_points"] = json!(b) }
            if let Some(f) = full { r["full_at"] = json!(f) }
            (r, item)
        }),
        (amount(2), 0u64..40).prop_map(|(each, n)| (json!({"kind": "count", "points_each": each.to_string()}), json!({"count": n}))),
        (proptest::option::of(pts()), proptest::option::of(pts()), any::<bool>()).prop_map(|(a, b, met)| {
            let mut r = json!({"kind": "met"});
            if let Some(a) = a { r["points_met"] = json!(a) }
            if let Some(b) = b { r["points_not_met"] = json!(b) }
            (r, json!({"met": met}))
        }),
        (proptest::collection::vec(pts(), 1..4), 0usize..5).prop_map(|(p, pick)| {
            let options: Vec<_> = p.iter().enumerate().map(|(i, p)| json!({"id": format!("o{i}"), "label": {"vi": "x"}, "points": p})).collect();
            (json!({"kind": "choice", "options": options}), json!({"choice": format!("o{pick}")}))
        }),
        (proptest::collection::vec((amount(1), 0u64..6), 1..4), proptest::option::of(pts())).prop_map(|(d, start)| {
            let deductions: Vec<_> = d.iter().enumerate().map(|(i, (p, _))| json!({"id": format!("d{i}"), "label": {"vi": "x"}, "points": p.to_string()})).collect();
            let events: serde_json::Map<String, serde_json::Value> = d.iter().enumerate().map(|(i, (_, n))| (format!("d{i}"), json!(n))).collect();
            let mut r = json!({"kind": "deductions", "deductions": deductions});
            if let Some(s) = start { r["start"] = json!(s) }
            (r, json!({"events": events}))
        }),
        (proptest::collection::vec(amount(3), 1..4), proptest::collection::vec(0u64..20, 4), pts()).prop_map(|(w, n, zero)| {
            let outcomes: Vec<_> = w.iter().enumerate().map(|(i, w)| json!({"id": format!("o{i}"), "label": {"vi": "x"}, "weight": w.to_string()})).collect();
            let counts: serde_json::Map<String, serde_json::Value> = w.iter().enumerate().map(|(i, _)| (format!("o{i}"), json!(n[i]))).collect();
            #[allow(clippy::disallowed_methods)] // a few counts below 20
            let den: u64 = n.iter().take(w.len()).sum::<u64>() + n[3] % 3;
            (json!({"kind": "outcome_ratio", "outcomes": outcomes, "zero_denominator_points": zero}), json!({"outcomes": counts, "denominator": den}))
        }),
        pct().prop_map(|p| (json!({"kind": "survey"}), json!({"percentage": p.to_string()}))),
        pts().prop_map(|p| (json!({"kind": "manual", "step": "0.05"}), json!({"points": p}))),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]
    #[test]
    fn s9_leaves_from_facts_score_as_the_general_evaluation(
        case in (1i64..=5000, 0u32..=3).prop_flat_map(|(m, s)| quick_case(Decimal::new(m, s))),
        mode in prop_oneof![Just("half_up"), Just("half_even"), Just("down")],
        scale in 0u32..=4,
        entered in 0u8..8,
        self_points in 0i64..=700,
    ) {
        // S9: a rate's percentage first (rounded), then the points, rounded at the leaf stage, then
        // kept within the leaf's bounds. Leaves scored from their facts take an integer shortcut
        // (feature `fast-score`); the whole result (points, explanation, index, errors) is the
        // general evaluation's, to the digit. S7: facts win over a self score given with them,
        // which is still checked (range, step); appraised points win over both.
        let (rule, mut item) = case;
        let rule_max = rule_max(&rule);
        let points = Decimal::new(self_points, 2).to_string();
        match entered {
            1 | 2 => { item["self"] = json!(points); item["evidence"] = json!(["vb-1"]); }
            3 => { item["self"] = json!(points); }
            4 => { item["self"] = json!(format!("{rule_max}.5")); item["evidence"] = json!(["vb-1"]); }
            5 => { item["self"] = json!("-0.01"); item["evidence"] = json!(["vb-1"]); }
            6 => { item["self"] = json!(points); item["evidence"] = json!(["vb-1"]); item["appraised"] = json!("0.5"); }
            _ => {}
        }
        let mut rs = ruleset_json(
            json!([{"code": "1", "label": {"vi": "LV"}, "max_points": rule_max, "source": "reconstructed", "children": [
                {"code": "1.1", "label": {"vi": "A"}, "max_points": rule_max, "source": "reconstructed", "rule": rule}]}]),
            json!([{"id": "g", "level": "l", "label": {"vi": "G"}, "max_points": rule_max}]),
            json!([]),
        );
        rs["rounding"]["mode"] = json!(mode);
        rs["rounding"]["scale"] = json!(scale);
        let rs = parindex::RuleSet::from_value(&rs);
        prop_assume!(rs.is_ok());
        let rs = rs.unwrap();
        let show = |r: Result<parindex::UnitScore, parindex::Error>| match r {
            Ok(s) => serde_json::to_string(&s).unwrap(),
            Err(e) => format!("{e} {:?}", e.issues()),
        };
        let quick = show(score_item(&rs, item.clone()));
        let general = show(score_item(&rs.general_only(), item));
        prop_assert_eq!(quick, general);
    }
}

/// The leaf maximum for a generated rule: at least every point value the rule gives (so that the
/// rule set is valid), and for a `count` rule below what large counts reach (so caps apply).
fn rule_max(rule: &serde_json::Value) -> String {
    let mut top = Decimal::ONE;
    let mut see = |v: &serde_json::Value| {
        if let Some(d) = v.as_str().and_then(|s| s.parse::<Decimal>().ok()) {
            top = top.max(d);
        }
    };
    for k in [
        "points_met",
        "points_not_met",
        "below_points",
        "start",
        "zero_denominator_points",
    ] {
        see(&rule[k]);
    }
    for list in ["bands", "options"] {
        for b in rule[list].as_array().into_iter().flatten() {
            see(&b["points"]);
        }
    }
    if rule["kind"] == "count" {
        top = rule["points_each"]
            .as_str()
            .unwrap()
            .parse::<Decimal>()
            .unwrap()
            * Decimal::from(7)
            + Decimal::new(1, 1);
    }
    top.normalize().to_string()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]
    #[test]
    fn s9_parents_sum_and_hold_their_children_on_integers_as_on_decimals(
        units in proptest::collection::vec((pct(), 0u64..60, 0u64..60, 0u64..7, 0u64..7, 0u64..8, any::<bool>(), any::<bool>(), any::<bool>()), 1..4),
        mode in prop_oneof![Just("half_up"), Just("half_even"), Just("down")],
        scale in 0u32..=3,
    ) {
        // S9: every node's points carry the declared scale; a parent is the sum of its children
        // held within its bounds (here a sub-criterion and a field floored at 0 above children
        // that can lose points). With the leaf stage rounding and nothing marked not applicable,
        // parents sum integers of the scale; the result (points, explanations, indices, ranking)
        // is the decimal evaluation's, to the digit, also when an item is missing (0 points and
        // a warning, from the general evaluation, among leaves scored on integers).
        let nodes = json!([
            {"code": "1", "label": {"vi": "LV1"}, "max_points": "6", "source": "reconstructed", "children": [
                {"code": "1.1", "label": {"vi": "A"}, "max_points": "2", "source": "reconstructed", "rule": bands_rule()},
                {"code": "1.2", "label": {"vi": "B"}, "max_points": "2.25", "source": "reconstructed", "children": [
                    {"code": "1.2.1", "label": {"vi": "B1"}, "max_points": "1.25", "source": "reconstructed", "rule": {"kind": "proportional", "threshold": "50"}},
                    {"code": "1.2.2", "label": {"vi": "B2"}, "max_points": "1", "min_points": "-2", "source": "reconstructed", "rule": {"kind": "deductions", "deductions": [
                        {"id": "late", "label": {"vi": "Chậm"}, "points": "0.35"}]}}]},
                {"code": "1.3", "label": {"vi": "C"}, "max_points": "1.75", "min_points": "-1.5", "source": "reconstructed", "rule": {"kind": "deductions", "deductions": [
                    {"id": "late", "label": {"vi": "Chậm"}, "points": "0.75"}]}}
            ]},
            {"code": "2", "label": {"vi": "LV2"}, "max_points": "4", "source": "reconstructed", "children": [
                {"code": "2.1", "label": {"vi": "D"}, "max_points": "3", "source": "reconstructed", "rule": {"kind": "count", "points_each": "0.45"}},
                {"code": "2.2", "label": {"vi": "E"}, "max_points": "1", "source": "reconstructed", "not_applicable": "reduce_max", "rule": {"kind": "choice", "options": [
                    {"id": "a", "label": {"vi": "a"}, "points": "1"}, {"id": "b", "label": {"vi": "b"}, "points": "0.25"}]}}
            ]}
        ]);
        let mut rs = ruleset_json(nodes, json!([{"id": "g", "level": "l", "label": {"vi": "G"}, "max_points": "10"}]), json!([]));
        rs["rounding"]["mode"] = json!(mode);
        rs["rounding"]["scale"] = json!(scale);
        let rs = parindex::RuleSet::from_value(&rs);
        prop_assume!(rs.is_ok());
        let rs = rs.unwrap();
        let units: Vec<serde_json::Value> = units.iter().enumerate().map(|(i, &(p, num, extra, late1, late2, count, na, b, gap))| {
            let mut unit = json!({
            "id": format!("u{i}"), "name": format!("Đơn vị {i}"), "group": "g", "items": {
                "1.1": {"percentage": p.to_string()},
                "1.2.1": {"numerator": num, "denominator": num + extra + 1},
                "1.2.2": {"events": {"late": late1}},
                "1.3": {"events": {"late": late2}},
                "2.1": {"count": count},
                "2.2": if na { json!({"not_applicable": true}) } else { json!({"choice": if b {"a"} else {"b"}}) }
            }});
            if gap {
                unit["items"].as_object_mut().unwrap().remove(["1.2.1", "1.3", "2.1"][i % 3]);
            }
            unit
        }).collect();
        let batch = json!({"format_version": 1, "units": units});
        let show = |rs: &parindex::RuleSet| match parindex::internal::score_batch_value(rs, &batch) {
            Ok(r) => serde_json::to_string(&r).unwrap(),
            Err(e) => format!("{e} {:?}", e.issues()),
        };
        prop_assert_eq!(show(&rs), show(&rs.general_only()));
    }
}

/// S9: points too large for the compact kept rows (above 2^31 units of the scale) are kept as
/// decimal rows, every node's, as the decimal evaluation gives them.
#[test]
fn s9_points_beyond_compact_rows_are_kept_whole() {
    let nodes = json!([
        {"code": "1", "label": {"vi": "LV1"}, "max_points": "5000000", "source": "reconstructed", "children": [
            {"code": "1.1", "label": {"vi": "A"}, "max_points": "4000000", "source": "reconstructed", "rule": {"kind": "count", "points_each": "1000000"}},
            {"code": "1.2", "label": {"vi": "B"}, "max_points": "1000000", "source": "reconstructed", "rule": {"kind": "met", "points_met": "1000000"}}
        ]}
    ]);
    let mut rs = ruleset_json(
        nodes,
        json!([{"id": "g", "level": "l", "label": {"vi": "G"}, "max_points": "5000000"}]),
        json!([]),
    );
    rs["rounding"]["scale"] = json!(3);
    let rs = parindex::RuleSet::from_value(&rs).expect("valid rule set");
    let batch = json!({"format_version": 1, "units": [
        {"id": "big", "name": "Lớn", "group": "g", "items": {"1.1": {"count": 3}, "1.2": {"met": true}}},
        {"id": "small", "name": "Nhỏ", "group": "g", "items": {"1.1": {"count": 0}, "1.2": {"met": false}}}
    ]});
    let show = |rs: &parindex::RuleSet| {
        serde_json::to_value(parindex::internal::score_batch_value(rs, &batch).expect("scored"))
            .unwrap()
    };
    let got = show(&rs);
    // 4,000,000 points are 4·10^9 units of 0.001: more than an i32 holds.
    assert_eq!(got["units"][0]["total"], json!("4000000.000"));
    assert_eq!(got["units"][0]["nodes"][1]["points"], json!("3000000.000"));
    assert_eq!(got["units"][0]["nodes"][1]["status"], json!("scored"));
    assert_eq!(got, show(&rs.general_only()));
}
