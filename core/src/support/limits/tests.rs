use super::scan::MAX_DUPLICATES;
use super::*;

fn code(r: Result<Scanned>) -> Option<String> {
    r.err().map(|e| e.code().to_string())
}

fn lim() -> Limits {
    Limits {
        max_input_bytes: 10_000,
        max_units: 3,
        max_nodes: 4,
        max_string_bytes: 16,
        max_depth: 8,
        max_number_digits: 10,
        max_exponent: 5,
    }
}

fn scan(t: &str, kind: Kind) -> Result<Scanned> {
    lim().scan(t, kind, "$")
}

#[test]
fn changed_limits_refuse_an_unknown_name_or_a_value_below_one_and_change_nothing() {
    let l = Limits::DEFAULT;
    let changed = l.changed([("max_units", Some(7)), ("max_depth", Some(3))]);
    let changed = changed.unwrap_or(l);
    assert_eq!((changed.max_units, changed.max_depth), (7, 3));
    assert_eq!(changed.max_nodes, l.max_nodes);
    // Python's message language is set per call; here the thread's, Vietnamese by default.
    crate::with_lang(crate::Lang::En, || {
        for (changes, path, says) in [
            (
                vec![("max_units", Some(7)), ("max_unit", Some(7))],
                "$.max_unit",
                "max_exponent",
            ),
            (vec![("max_units", Some(0))], "$.max_units", "above 0"),
            (vec![("max depth", None)], "$[\"max depth\"]", "above 0"),
        ] {
            let e = l.changed(changes).unwrap_err();
            assert!(matches!(e, Error::Input(_)), "{e:?}");
            let issue = &e.issues()[0];
            assert_eq!(
                (issue.code.as_str(), issue.path.as_str()),
                ("limits.invalid", path)
            );
            assert!(issue.message.contains(says), "{}", issue.message);
        }
    });
}

#[test]
fn changed_as_takes_and_tells_the_callers_names_of_the_limits() {
    let js = [
        "maxInputBytes",
        "maxUnits",
        "maxNodes",
        "maxStringBytes",
        "maxDepth",
        "maxNumberDigits",
        "maxExponent",
    ];
    let l = Limits::DEFAULT;
    let changed = l.changed_as([("maxUnits", Some(7)), ("maxDepth", Some(3))], &js);
    let changed = changed.unwrap_or(l);
    assert_eq!((changed.max_units, changed.max_depth), (7, 3));
    assert_eq!(changed.max_nodes, l.max_nodes);
    crate::with_lang(crate::Lang::En, || {
        // The core's own name is not one of the caller's.
        let e = l.changed_as([("max_units", Some(7))], &js).unwrap_err();
        let issue = &e.issues()[0];
        assert_eq!(
            (issue.code.as_str(), issue.path.as_str()),
            ("limits.invalid", "$.max_units")
        );
        assert!(issue.message.contains("maxExponent"), "{}", issue.message);
        let e = l.changed_as([("maxUnits", Some(0))], &js).unwrap_err();
        assert_eq!(e.issues()[0].path, "$.maxUnits");
        assert_eq!(e.issues()[0].params["name"], "maxUnits");
    });
}

#[test]
fn names_get_and_set_every_limit() {
    let mut l = Limits::default();
    for (i, name) in Limits::NAMES.iter().enumerate() {
        assert!(l.set(name, 1000 + i), "{name}");
    }
    for (i, name) in Limits::NAMES.iter().enumerate() {
        assert_eq!(l.get(name), Some(1000 + i), "{name}");
    }
    assert_eq!(l.max_exponent, 1006);
    assert!(!l.set("maxUnits", 1));
    assert_eq!(l.get("nope"), None);
}

#[test]
fn counts_units_of_the_root_only() {
    let ok = r#"{"format_version":1,"units":[{"id":"a","x":[1,2,3,4,5]},{"id":"b"},{"id":"c"}]}"#;
    assert_eq!(code(scan(ok, Kind::Batch)), None);
    let bad = r#"{"units":[{"id":"a"},{"id":"b"},{"id":"c"},{"id":"d"}]}"#;
    let e = scan(bad, Kind::Batch).unwrap_err();
    assert_eq!((e.code(), e.path()), ("limits.too_many_units", "$.units"));
    assert_eq!(e.kind(), "limits");
    // Nested `units` keys are not the batch's units; a unit is not a batch.
    assert_eq!(
        code(scan(r#"{"units":[{"units":[1,2,3,4,5]}]}"#, Kind::Batch)),
        None
    );
    assert_eq!(code(scan(bad, Kind::Unit)), None);
}

#[test]
fn counts_nodes_at_every_depth_and_names_the_one_too_many() {
    let ok = r#"{"levels":[{"nodes":[{"code":"1","children":[{"code":"1.1"},{"code":"1.2"}]},{"code":"2"}]}]}"#;
    assert_eq!(code(scan(ok, Kind::RuleSet)), None);
    let bad = r#"{"levels":[{"nodes":[{"code":"1","children":[{"code":"1.1"},{"code":"1.2"}]},{"code":"2"},{"code":"3"}]}]}"#;
    let e = scan(bad, Kind::RuleSet).unwrap_err();
    assert_eq!(
        (e.code(), e.path()),
        ("limits.too_many_nodes", "$.levels[0].nodes[2]")
    );
}

#[test]
fn strings_depth_and_size_are_refused_at_their_path() {
    let e = scan(r#"{"a":{"id":"abcdefghijklmnopq"}}"#, Kind::Unit).unwrap_err();
    assert_eq!((e.code(), e.path()), ("limits.string_too_long", "$.a.id"));
    let e = scan(r#"{"a":{"abcdefghijklmnopq":1}}"#, Kind::Unit).unwrap_err();
    assert_eq!((e.code(), e.path()), ("limits.string_too_long", "$.a"));
    assert!(
        e.issues()[0].message.len() < 200,
        "{}",
        e.issues()[0].message
    );
    // Escapes count as written, and do not end the string.
    assert_eq!(code(scan(r#"{"id":"ab\"cdefghijklm"}"#, Kind::Unit)), None);
    let e = scan(r#"{"a":[[[[[[[[1]]]]]]]]}"#, Kind::Unit).unwrap_err();
    assert_eq!(
        (e.code(), e.path()),
        ("limits.too_deep", "$.a[0][0][0][0][0][0][0]")
    );
    assert_eq!(code(scan("[[[[[[[[1]]]]]]]]", Kind::Unit)), None);
    let mut l = lim();
    l.max_input_bytes = 5;
    let e = l.scan("[1,2,3]", Kind::Unit, "$").unwrap_err();
    assert_eq!((e.code(), e.path()), ("limits.input_too_large", "$"));
}

/// Defect 5 of issue 21: a number literal with a huge exponent or thousands of digits is
/// refused by its length, before anything converts it.
#[test]
fn huge_number_literals_are_refused_before_conversion() {
    let e = scan(
        r#"{"items":{"1.1":{"percentage":1E+999999999}}}"#,
        Kind::Unit,
    )
    .unwrap_err();
    assert_eq!(
        (e.code(), e.path()),
        ("limits.exponent_too_large", r#"$.items["1.1"].percentage"#)
    );
    let e = scan(r#"[0, -12345678901.5]"#, Kind::Unit).unwrap_err();
    assert_eq!((e.code(), e.path()), ("limits.number_too_long", "$[1]"));
    for ok in [
        "[1e5]",
        "[1E-5]",
        "[-1234567890]",
        "[0.000001]",
        "[123456789.0]",
    ] {
        assert_eq!(code(scan(ok, Kind::Unit)), None, "{ok}");
    }
    let digits = format!("[1{}]", "0".repeat(10_000));
    let e = Limits::default()
        .scan(&digits, Kind::Unit, "$")
        .unwrap_err();
    assert_eq!(e.code(), "limits.number_too_long");
    assert!(
        e.issues()[0].message.len() < 200,
        "{}",
        e.issues()[0].message
    );
    // Python's notation of a Decimal, checked the same way.
    let l = Limits::default();
    assert_eq!(
        l.check_number("1E+999999999", "$.x").unwrap_err().code(),
        "limits.exponent_too_large"
    );
    assert!(l.check_number("-1.5E-20", "$.x").is_ok());
}

#[test]
fn tells_small_integers_from_other_numbers() {
    let l = Limits::DEFAULT;
    let small = |t: &str| l.scan(t, Kind::Unit, "$").unwrap().small_integers_only;
    assert!(small(r#"{"a":[1,-2,300],"b":"x.5","c":true,"d":null}"#));
    for t in [
        r#"{"a":1.5}"#,
        r#"{"a":1e3}"#,
        r#"{"a":[-0.1]}"#,
        r#"{"a":9007199254740993}"#,
    ] {
        assert!(!small(t), "{t}");
    }
}

/// Defect 9 of issue 21: a key written twice is found with its path, in any object, in any
/// order of keys, escaped or not.
#[test]
fn keys_written_twice_are_found_with_their_path() {
    let found = |t: &str, kind: Kind| -> Vec<(String, String, Option<usize>)> {
        Limits::DEFAULT
            .scan(t, kind, "$")
            .unwrap()
            .duplicates
            .into_iter()
            .map(|d| (d.issue.code, d.issue.path, d.unit))
            .collect()
    };
    let t = r#"{"format_version":1,"units":[
        {"id":"a","items":{"1.1":{"met":true},"1.2":{"met":false}}},
        {"id":"b","items":{"1.1":{"numerator":1,"denominator":2,"numerator":2}}},
        {"id":"c","name":"C","id":"c2"}
    ],"title":"t","title":"u"}"#;
    assert_eq!(
        found(t, Kind::Batch),
        [
            (
                "input.duplicate_key".to_string(),
                r#"$.units[1].items["1.1"].numerator"#.to_string(),
                Some(1)
            ),
            (
                "input.duplicate_key".into(),
                "$.units[2].id".into(),
                Some(2)
            ),
            ("input.duplicate_key".into(), "$.title".into(), None),
        ]
    );
    // A key written with an escape is the same key.
    assert_eq!(
        found(r#"{"id":"a","\u0069d":"b"}"#, Kind::Unit),
        [("input.duplicate_key".into(), "$.id".into(), None)]
    );
    // Many keys in no order; sorted keys; the same key in different objects.
    let mut many: Vec<String> = (0..40).rev().map(|i| format!(r#""k{i}":{i}"#)).collect();
    assert!(found(&format!("{{{}}}", many.join(",")), Kind::Unit).is_empty());
    many.push(r#""k7":0"#.into());
    assert_eq!(
        found(&format!("{{{}}}", many.join(",")), Kind::RuleSet),
        [("ruleset.duplicate_key".into(), "$.k7".into(), None)]
    );
    assert!(found(r#"[{"a":1,"b":2},{"a":1,"b":2}]"#, Kind::Unit).is_empty());
}

/// A text made of keys written twice gives a bounded list of problems, and still names
/// every unit of a batch that holds one.
#[test]
fn keys_written_twice_are_reported_within_bounds() {
    let many = format!("{{{}}}", vec![r#""a":1"#; 10_000].join(","));
    let d = Limits::DEFAULT
        .scan(&many, Kind::Unit, "$")
        .unwrap()
        .duplicates;
    assert_eq!(d.len(), MAX_DUPLICATES);
    let unit = r#"{"id":"u","id":"u","id":"u"}"#;
    let batch = format!(r#"{{"units":[{}]}}"#, vec![unit; 300].join(","));
    let d = Limits::DEFAULT
        .scan(&batch, Kind::Batch, "$")
        .unwrap()
        .duplicates;
    let units: std::collections::BTreeSet<usize> = d.iter().filter_map(|d| d.unit).collect();
    assert_eq!(units.len(), 300);
    assert!(d.len() < 300 + MAX_DUPLICATES, "{}", d.len());
}

#[test]
fn a_byte_order_mark_is_skipped_and_bytes_must_be_utf8() {
    assert_eq!(strip_bom("\u{feff}{}"), "{}");
    assert_eq!(code(scan("\u{feff}{\"a\":1}", Kind::Unit)), None);
    let e = text_from_bytes(b"{\"id\":\"\xff\"}", Kind::Batch).unwrap_err();
    assert_eq!(
        (e.kind().as_str(), e.code(), e.path()),
        ("input", "input.utf8", "$")
    );
    assert!(
        e.issues()[0].message.contains("byte 7 (0xFF)"),
        "{}",
        e.issues()[0].message
    );
    let e = text_from_bytes(b"\xc3", Kind::RuleSet).unwrap_err();
    assert_eq!((e.kind().as_str(), e.code()), ("ruleset", "ruleset.utf8"));
    assert_eq!(text_from_bytes("{}".as_bytes(), Kind::Unit).unwrap(), "{}");
}

/// Any JSON value: numbers as literals of any shape, keys from a small set (so that objects
/// often share keys), strings with escapes.
fn json_value() -> impl proptest::strategy::Strategy<Value = serde_json::Value> {
    use proptest::prelude::*;
    use serde_json::Value;
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        "-?(0|[1-9][0-9]{0,20})(\\.[0-9]{1,8})?([eE][+-]?[1-5]?[0-9])?"
            .prop_map(|n| Value::Number(n.parse().unwrap())),
        "[a-z\"\\\\\u{0}-\u{1f}é ]{0,6}".prop_map(Value::String),
    ];
    leaf.prop_recursive(5, 64, 8, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            proptest::collection::btree_map("[a-c\"é]{0,2}", inner, 0..24)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest::proptest! {
    /// Text written from a JSON value (keys unique in every object) is within the default
    /// limits and has no key written twice, whether compact or pretty; the scan agrees with
    /// the value on whether every number is a small integer.
    #[test]
    fn written_json_passes_the_scan_as_it_is(v in json_value()) {
        fn small(v: &serde_json::Value) -> bool {
            match v {
                serde_json::Value::Number(n) => {
                    let t = n.as_str();
                    t.len() <= 15 && !t.contains(['.', 'e', 'E'])
                }
                serde_json::Value::Array(a) => a.iter().all(small),
                serde_json::Value::Object(m) => m.values().all(small),
                _ => true,
            }
        }
        for text in [serde_json::to_string(&v).unwrap(), serde_json::to_string_pretty(&v).unwrap()] {
            let scanned = Limits::DEFAULT.scan(&text, Kind::Batch, "$").unwrap();
            proptest::prop_assert!(scanned.duplicates.is_empty(), "{text}");
            proptest::prop_assert_eq!(scanned.small_integers_only, small(&v));
        }
    }

    /// A key written again at the end of any object is found, at its path, and is the only
    /// key found.
    #[test]
    fn a_key_written_again_is_found_where_it_is(v in json_value(), pick in 0usize..64) {
        let mut objects = Vec::new();
        fn walk(v: &serde_json::Value, path: String, out: &mut Vec<String>) {
            match v {
                serde_json::Value::Object(m) => {
                    if !m.is_empty() {
                        out.push(path.clone());
                    }
                    for (k, x) in m {
                        walk(x, crate::error::key_path(&path, k), out);
                    }
                }
                serde_json::Value::Array(a) => {
                    for (i, x) in a.iter().enumerate() {
                        walk(x, format!("{path}[{i}]"), out);
                    }
                }
                _ => {}
            }
        }
        walk(&v, "$".into(), &mut objects);
        proptest::prop_assume!(!objects.is_empty());
        let target = &objects[pick % objects.len()];
        // Write the value, repeating the first key of the chosen object at its end.
        fn write(v: &serde_json::Value, path: &str, target: &str, out: &mut String) -> Option<String> {
            let mut found = None;
            match v {
                serde_json::Value::Object(m) => {
                    out.push('{');
                    for (i, (k, x)) in m.iter().enumerate() {
                        if i > 0 {
                            out.push(',');
                        }
                        out.push_str(&serde_json::to_string(k).unwrap());
                        out.push(':');
                        found = found.or(write(x, &crate::error::key_path(path, k), target, out));
                    }
                    if path == target {
                        let (k, x) = m.iter().next().unwrap();
                        out.push(',');
                        out.push_str(&serde_json::to_string(k).unwrap());
                        out.push(':');
                        out.push_str(&serde_json::to_string(x).unwrap());
                        found = Some(crate::error::key_path(path, k));
                    }
                    out.push('}');
                }
                serde_json::Value::Array(a) => {
                    out.push('[');
                    for (i, x) in a.iter().enumerate() {
                        if i > 0 {
                            out.push(',');
                        }
                        found = found.or(write(x, &format!("{path}[{i}]"), target, out));
                    }
                    out.push(']');
                }
                other => out.push_str(&serde_json::to_string(other).unwrap()),
            }
            found
        }
        let mut text = String::new();
        let want = write(&v, "$", target, &mut text).unwrap();
        let scanned = Limits::DEFAULT.scan(&text, Kind::Unit, "$").unwrap();
        let got: Vec<String> = scanned.duplicates.into_iter().map(|d| d.issue.path).collect();
        proptest::prop_assert_eq!(got, vec![want], "{}", text);
    }

    /// Any text at all: the scan ends, without a panic.
    #[test]
    fn any_text_is_scanned_to_its_end(t in "[\\[\\]{}\":,0-9eE.+\\-a-z \\\\\u{feff}]{0,64}") {
        for kind in [Kind::Batch, Kind::RuleSet, Kind::Unit] {
            let _ = lim().scan(&t, kind, "$");
        }
    }
}

#[test]
fn malformed_text_terminates() {
    for t in [
        "",
        "\"",
        "\"\\",
        "{\"a",
        "]]]}}",
        "{\"units\":[",
        "[1,",
        "tru",
        "{\"a\"}",
        ":::",
        "-",
        "1e",
        "{\"a\":1,\"a\"",
    ] {
        let _ = scan(t, Kind::Batch);
        let _ = scan(t, Kind::RuleSet);
    }
}
