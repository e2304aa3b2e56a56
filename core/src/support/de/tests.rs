use super::*;
use crate::support::serde_text::NOT_AN_OBJECT;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::json;
use serde_json::Value;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Inner {
    n: u64,
    #[serde(default)]
    o: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Outer {
    list: Vec<Inner>,
    #[serde(default)]
    map: std::collections::BTreeMap<String, Inner>,
}

fn path_of(v: Value) -> (String, String) {
    let e = from_value::<Outer>(&v).unwrap_err();
    (e.path, e.inner.to_string())
}

#[test]
fn paths_as_serde_path_to_error_renders_them() {
    assert_eq!(path_of(json!({})).0, ".");
    assert_eq!(path_of(json!({"list": 1})).0, "list");
    assert_eq!(
        path_of(json!({"list": [{"n": 1}, {"n": "x"}]})),
        (
            "list[1].n".to_string(),
            "invalid type: string \"x\", expected u64".to_string()
        )
    );
    assert_eq!(path_of(json!({"list": [{"n": 1, "z": 2}]})).0, "list[0].z");
    assert_eq!(path_of(json!({"list": [{}]})).0, "list[0]");
    assert_eq!(
        path_of(json!({"list": [], "map": {"a.b": {"n": 1, "o": 3}}})).0,
        "map.a.b.o"
    );
    assert!(from_value::<Outer>(&json!({"list": [{"n": 2}]})).is_ok());
    // The same paths as JSON paths, a key with a dot kept as one key.
    let json_path = |v: Value| from_value::<Outer>(&v).unwrap_err().json_path;
    assert_eq!(json_path(json!({})), "");
    assert_eq!(
        json_path(json!({"list": [{"n": 1}, {"n": "x"}]})),
        ".list[1].n"
    );
    assert_eq!(
        json_path(json!({"list": [], "map": {"a.b": {"n": 1, "o": 3}}})),
        r#".map["a.b"].o"#
    );
}

/// A struct, a map or a tagged enum is read from an object only: never from the array of its
/// fields' values, which serde would take for the struct (issue 21, defect 6).
#[test]
fn an_array_is_not_read_as_an_object() {
    let fails = |v: Value| {
        let e = from_value::<Outer>(&v).unwrap_err();
        (e.json_path, e.inner.to_string())
    };
    let not = NOT_AN_OBJECT.to_string();
    assert_eq!(fails(json!([[]])), (String::new(), not.clone()));
    assert_eq!(
        fails(json!({"list": [[7]]})),
        (".list[0]".into(), not.clone())
    );
    assert_eq!(
        fails(json!({"list": [], "map": [[1]]})),
        (".map".into(), not.clone())
    );
    let e = from_value::<crate::def::Rule>(&json!(["met"])).unwrap_err();
    assert_eq!((e.json_path.as_str(), e.inner.to_string()), ("", not));
    #[cfg(feature = "fast-text")]
    {
        assert!(from_str_objects::<Outer>(r#"{"list": [{"n": 1}]}"#).is_ok());
        for text in [
            r#"[[]]"#,
            r#"{"list": [[7]]}"#,
            r#"{"list": [], "map": {"a": [1]}}"#,
        ] {
            assert!(
                serde_json::from_str::<Outer>(text).is_ok(),
                "serde_json reads {text}"
            );
            assert!(from_str_objects::<Outer>(text).is_err(), "{text}");
        }
    }
}

#[test]
fn tagged_enums_are_read_in_place_and_by_any_other_deserializer() {
    use crate::def::Rule;
    let text = r#"{"kind": "bands", "bands": [
        {"min": "0", "min_inclusive": true, "max": "100", "max_inclusive": true, "points": "1"}
    ]}"#;
    let v: Value = serde_json::from_str(text).unwrap();
    let by_tree = from_value::<Rule>(&v).unwrap();
    assert!(matches!(&by_tree, Rule::Bands { bands, .. } if bands.len() == 1));
    assert_eq!(serde_json::from_str::<Rule>(text).unwrap(), by_tree);
    assert_eq!(serde_json::from_value::<Rule>(v).unwrap(), by_tree);
    // Written as it is read.
    assert_eq!(
        serde_json::to_value(&by_tree).unwrap(),
        serde_json::from_str::<Value>(text).unwrap()
    );
    let fails = |v: Value| {
        let e = from_value::<Rule>(&v).unwrap_err();
        (e.path, e.inner.to_string())
    };
    // A field of a variant: its own path.
    let (path, msg) = fails(json!({"kind": "bands", "bands": [{"min": 1, "max": "x"}]}));
    assert_eq!(path, "bands[0].max", "{msg}");
    // Unit variants take no fields; struct variants no unknown ones.
    assert_eq!(
        fails(json!({"kind": "survey", "foo": 1})),
        (
            "foo".into(),
            "unknown field `foo`, there are no fields".into()
        )
    );
    let (path, msg) = fails(json!({"kind": "count", "points_each": "1", "bar": 2}));
    assert_eq!(path, "bar", "{msg}");
    assert!(msg.starts_with("unknown field `bar`"), "{msg}");
    // The tag: missing, unknown, not a string; and the value not an object.
    let (path, msg) = fails(json!({"points_each": "1"}));
    assert_eq!((path.as_str(), msg.as_str()), (".", "missing field `kind`"));
    let (path, msg) = fails(json!({"kind": "sum"}));
    assert_eq!(path, "kind");
    assert!(msg.starts_with("unknown variant `sum`"), "{msg}");
    assert_eq!(fails(json!({"kind": 3})).0, "kind");
    assert_eq!(
        fails(json!(["bands", []])),
        (".".into(), NOT_AN_OBJECT.into())
    );
    // Other deserializers report the same problem with its path in the message.
    let e = serde_json::from_str::<Rule>(r#"{"kind": "count", "points_each": []}"#);
    let msg = e.unwrap_err().to_string();
    assert!(msg.contains("at `points_each`"), "{msg}");
}

#[test]
fn messages_as_serde_json_writes_them() {
    fn same<T: serde::de::DeserializeOwned + std::fmt::Debug>(v: Value) {
        let ours = from_value::<T>(&v).map_err(|e| e.inner.to_string());
        let theirs = serde_json::from_value::<T>(v.clone()).map_err(|e| e.to_string());
        // serde_json says only "invalid number" for a number that does not parse as the
        // integer type asked for; the numbers' own messages are checked below.
        if theirs.as_ref().is_err_and(|e| e == "invalid number") {
            return;
        }
        // An array is never read as an object (a struct or a map), unlike serde_json.
        if v.is_array() && ours.as_ref().is_err_and(|e| e == NOT_AN_OBJECT) {
            return;
        }
        assert_eq!(format!("{ours:?}"), format!("{theirs:?}"));
    }
    for v in [
        json!(5),
        json!(-1.5),
        json!(null),
        json!("x"),
        json!(true),
        json!([1]),
        json!({}),
    ] {
        same::<Vec<u8>>(v.clone());
        same::<std::collections::BTreeMap<String, u64>>(v.clone());
        same::<Option<u64>>(v.clone());
        same::<String>(v.clone());
        same::<bool>(v.clone());
        same::<()>(v.clone());
        same::<crate::decimal::RoundingMode>(v.clone());
        same::<rust_decimal::Decimal>(v.clone());
        same::<Inner>(v);
    }
}

/// The table-driven readers ([`from_tree`]) read what serde's derived readers read (through
/// [`from_value`]), and fail with the same message at the same path: unknown, missing and
/// defaulted fields, renamed and skipped ones, tags, decimals read exactly, nested paths.
#[test]
fn table_readers_read_as_the_derived_readers() {
    fn same<T: FromTree + DeserializeOwned + PartialEq + std::fmt::Debug>(v: Value) {
        let table = from_tree::<T>(&v).map_err(|e| (e.path, e.json_path, e.inner.to_string()));
        let derived = from_value::<T>(&v).map_err(|e| (e.path, e.json_path, e.inner.to_string()));
        assert_eq!(table, derived, "{v}");
    }
    use crate::def::{Band, Label, Node, Rule, TieBreaker};
    let band = json!({"min": "0", "max": 50, "points": "1.5"});
    for v in [
        band.clone(),
        json!({"min": "0", "max": 50}),
        json!({"min": "0", "max": 50, "points": "x"}),
        json!({"min": "0", "max": 50, "points": 1, "max_inclusive": true, "zz": 1}),
        json!({"min": "0", "max": 50, "points": 1, "min_inclusive": "no"}),
        serde_json::from_str(r#"{"min": 0.1000000000000000055511151, "max": 1e2, "points": -2}"#)
            .unwrap(),
        json!([1, 2, 3]),
        json!("band"),
        json!(null),
    ] {
        same::<Band>(v);
    }
    for v in [
        json!({"vi": "a"}),
        json!({"vi": "a", "en": null}),
        json!({"vi": "a", "en": 3}),
        json!({"en": "a"}),
        json!({}),
    ] {
        same::<Label>(v);
    }
    for v in [
        json!({"kind": "bands", "bands": [band, {"min": 1}]}),
        json!({"kind": "bands", "bands": [band]}),
        json!({"kind": "bands", "bands": {}}),
        json!({"kind": "survey"}),
        json!({"kind": "survey", "x": 1}),
        json!({"kind": "count"}),
        json!({"kind": "count", "points_each": "1", "extra": 2}),
        json!({"kind": "met", "points_met": null}),
        json!({"kind": 3}),
        json!({"kind": "sum"}),
        json!({"points_each": "1"}),
        json!([]),
        json!(7),
    ] {
        same::<Rule>(v);
    }
    same::<TieBreaker>(json!({"by": "component", "id": "a"}));
    same::<TieBreaker>(json!({"by": "total_points", "id": "a"}));
    let node = json!({"code": "1", "label": {"vi": "Một"}, "max_points": "2",
        "source": "decision", "children": [{"code": "1.1", "label": {"vi": "a"},
        "max_points": 1, "source": "seed", "rule": {"kind": "met"}}]});
    same::<Node>(node.clone());
    let mut bad = node.clone();
    bad["children"][0]["rule"]["points_met"] = json!("1,5");
    same::<Node>(bad);
    let mut bad = node;
    bad["children"][0]["source"] = json!("nowhere");
    same::<Node>(bad);
    for v in [
        json!({"id": "u", "name": "U", "group": "g", "items": {"1.1": {"numerator": 1,
            "denominator": 2, "self": "3", "evidence": ["a"]}}}),
        json!({"id": "u", "name": "U", "group": "g", "items": {"1.1": {"present": 1}}}),
        json!({"id": "u", "name": "U", "group": "g", "items": {"1.1": {"self": "x"}}}),
        json!({"id": "u", "name": "U", "group": "g", "items": []}),
        json!({"id": "u", "name": "U", "group": "g", "components": {"s": {"percentage": 1}},
            "bonus": [{"points": "1", "reason": "r"}], "penalty": [{"points": 1}]}),
        json!({"id": "u", "name": "U"}),
    ] {
        same::<crate::input::UnitInput>(v);
    }
}

#[test]
fn numbers_are_read_exactly_and_never_as_floats() {
    let read =
        |text: &str| from_value::<rust_decimal::Decimal>(&serde_json::from_str(text).unwrap());
    // More digits than an f64 holds, and a value no binary float equals: exact.
    assert_eq!(
        read("0.1000000000000000055511151").unwrap().to_string(),
        "0.1000000000000000055511151"
    );
    assert_eq!(read("89.995").unwrap().to_string(), "89.995");
    assert_eq!(read("-2.50").unwrap().to_string(), "-2.50");
    assert_eq!(read("1e2").unwrap().to_string(), "100");
    assert_eq!(
        read("18446744073709551616").unwrap().to_string(),
        "18446744073709551616"
    );
    let msg = |v: Value| from_value::<u64>(&v).unwrap_err().inner.to_string();
    assert_eq!(
        msg(json!(-1.5)),
        "invalid type: floating point `-1.5`, expected u64"
    );
    assert_eq!(msg(json!(-1)), "invalid value: integer `-1`, expected u64");
    assert_eq!(
        msg(serde_json::from_str("18446744073709551616").unwrap()),
        "invalid type: integer `18446744073709551616`, expected u64"
    );
    let e = from_value::<Outer>(&json!({"list": [{"n": 2.5}]})).unwrap_err();
    assert_eq!(
        (e.path.as_str(), e.inner.to_string().as_str()),
        (
            "list[0].n",
            "invalid type: floating point `2.5`, expected u64"
        )
    );
}
