use super::*;

#[test]
fn remove_key_removes_as_btreemap_remove_does() {
    for n in [0, 1, 2, 11, 12, 40] {
        for key in (0..=n).map(|i| format!("k{i}")) {
            let mut a: BTreeMap<String, usize> = (0..n).map(|i| (format!("k{i}"), i)).collect();
            let mut b = a.clone();
            assert_eq!(remove_key(&mut a, &key), b.remove(&key));
            assert_eq!(a, b);
        }
    }
}

/// The not-applicable flag is kept with the rarer fields: marking and unmarking an item gives
/// back the item it was, facts and flag read as given, and an item stays 32 bytes.
#[test]
fn not_applicable_is_kept_with_the_rarer_fields() {
    let it = ItemInput::rate(1, 2);
    let marked = it.clone().with_not_applicable(true);
    assert!(marked.is_not_applicable() && !it.is_not_applicable());
    assert_eq!(marked.numerator(), Some(1));
    assert_eq!(
        serde_json::to_string(&marked).unwrap(),
        r#"{"not_applicable":true,"numerator":1,"denominator":2}"#
    );
    assert_eq!(marked.with_not_applicable(false), it);
    let only = ItemInput::default().with_not_applicable(true);
    assert!(only.only_not_applicable() && !it.only_not_applicable());
    #[cfg(target_pointer_width = "64")]
    assert_eq!(std::mem::size_of::<ItemInput>(), 32);
}

/// The hand-written JSON of units is byte for byte serde_json's (the inputs hash depends on it).
#[test]
fn unit_json_is_serde_jsons() {
    use rust_decimal::Decimal;
    let rs = crate::builtin::ruleset(crate::builtin::DEFAULT_RULESET).unwrap();
    let mut units = crate::eval::synth::generate(&rs, 200, 3);
    let items: Items = [
        ("a", ItemInput::default()),
        ("b", ItemInput::default().with_not_applicable(true)),
        ("c", ItemInput::rate(0, 18_446_744_073_709_551_615)),
        ("d", ItemInput::rate(7, 9).with_not_applicable(true)),
        ("e", ItemInput::default().with_count(0)),
        ("f", ItemInput::default().with_met(false)),
        ("g", ItemInput::default().with_met(true)),
        ("h", ItemInput::default().with_choice("x\"y\\z\n\u{1f}é")),
        ("i", ItemInput::default().with_choice("ôk")),
        (
            "j",
            ItemInput::default().with_percentage(Decimal::new(-12345, 3)),
        ),
        ("k", ItemInput::default().with_value(Decimal::new(100, 2))),
        ("l", ItemInput::default().with_points(Decimal::ZERO)),
        ("m", ItemInput::rate(1, 2).with_count(3)),
        (
            "n",
            ItemInput::default()
                .with_points(Decimal::new(25, 1))
                .with_self(Decimal::new(3, 0))
                .with_evidence(vec!["qd \"12\".pdf".into()])
                .with_notes(vec!["ghi chú".into()]),
        ),
        (
            "o",
            ItemInput::default()
                .with_outcomes([("x".to_string(), 2)].into())
                .with_denominator(4),
        ),
        ("\"q\tr\u{7f}", ItemInput::default().with_met(true)),
        (
            "p",
            ItemInput::rate(2, 3)
                .with_not_applicable(true)
                .with_choice("a")
                .with_met(true)
                .with_percentage(Decimal::new(5, 3))
                .with_count(4)
                .with_outcomes([("x".to_string(), 1), ("y\"".to_string(), 0)].into())
                .with_events([("late".to_string(), 2)].into())
                .with_value(Decimal::MAX)
                .with_points(Decimal::new(-5, 1))
                .with_self(Decimal::new(0, 2))
                .with_evidence(vec!["a".into(), "b\n".into()])
                .with_appraised(Decimal::new(15, 1))
                .with_reappraised(Decimal::new(-0, 1))
                .with_notes(vec!["n1".into(), "n2".into()]),
        ),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    units.push(UnitInput {
        id: "u\"1\"\r".into(),
        name: "Sở Nội vụ\u{0}".into(),
        group: "g/1".into(),
        block: Some("b\\".into()),
        parent: Some("p".into()),
        items,
        components: [
            (
                "survey".to_string(),
                ComponentInput::Percentage {
                    percentage: Decimal::new(8137, 2),
                },
            ),
            (
                "it\"\n".to_string(),
                ComponentInput::Points {
                    points: Decimal::new(-15, 1),
                },
            ),
            (
                "cntt".to_string(),
                ComponentInput::Points {
                    points: Decimal::new(725, 2),
                },
            ),
        ]
        .into(),
        bonus: vec![AdjustmentInput {
            points: Decimal::ONE,
            reason: "r\n".into(),
        }],
        penalty: vec![AdjustmentInput {
            points: Decimal::new(5, 1),
            reason: "p".into(),
        }],
        synthetic: false,
    });
    units.push(UnitInput {
        id: String::new(),
        name: String::new(),
        group: String::new(),
        block: None,
        parent: None,
        items: Items::new(),
        components: BTreeMap::new(),
        bonus: Vec::new(),
        penalty: Vec::new(),
        synthetic: true,
    });
    for u in &units {
        let mut fast = Vec::new();
        json::unit(&mut fast, u);
        let want = serde_json::to_vec(u).unwrap();
        assert_eq!(
            String::from_utf8_lossy(&fast),
            String::from_utf8_lossy(&want),
            "unit {}",
            u.id
        );
        assert_eq!(fast, want);
    }
}

/// Decimals as the fast writer spells them are rust_decimal's serialisation.
#[test]
fn decimal_json_is_serde_jsons() {
    use rust_decimal::Decimal;
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut cases = vec![
        Decimal::ZERO,
        Decimal::MAX,
        Decimal::MIN,
        Decimal::new(-0, 3),
    ];
    for _ in 0..5000 {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let m = (x >> (x % 64)) as i64;
        cases.push(Decimal::new(m, (x % 29) as u32));
        cases.push(Decimal::from_i128_with_scale(
            i128::from(m) << 30,
            (x % 7) as u32,
        ));
    }
    for d in cases {
        let mut fast = Vec::new();
        json::decimal(&mut fast, &d);
        assert_eq!(fast, serde_json::to_vec(&d).unwrap(), "{d}");
    }
}

#[test]
fn an_item_is_small() {
    // A country's batch holds millions of items: one fact inline, anything else boxed.
    assert!(std::mem::size_of::<ItemInput>() <= 40);
    let rate = ItemInput::rate(3, 4);
    assert!(rate.more.is_none() && rate.fact == Fact::Rate(3, 4));
    let odd = rate.clone().with_count(1);
    assert!(
        odd.fact == Fact::None && odd.more.is_some(),
        "two facts are kept boxed"
    );
    let mut back = odd;
    back.set_count(None);
    assert!(
        back.more.is_none() && back == rate,
        "one fact again: inline again"
    );
}
