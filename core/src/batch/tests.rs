use super::read::parse_units_one_by_one;
use super::*;

/// Reading a batch unit by unit gives what reading it as one tree gives, problems included.
#[test]
fn units_read_one_by_one_as_from_the_whole_tree() {
    let whole = |t: &str| format!("{:?}", parse_batch(&parse_json(t).unwrap()));
    let by_unit = |t: &str| parse_units_one_by_one(t).map(|p| format!("{:?}", Ok::<_, ()>(p)));
    let example = crate::builtin::EXAMPLE_PROVINCE;
    assert_eq!(by_unit(example).unwrap(), whole(example));
    let bad = r#"{"format_version": 1, "title": "t", "units": [
        {"id": "a", "name": "A", "group": "g", "items": {"1.1": {"met": true}}},
        {"id": "b", "name": "B", "group": "g", "items": {"1.1": {"met": "yes"}, "1.2": {"x": 1}}},
        {"id": "c", "name": "C", "group": "g", "colour": 1},
        [1]
    ]}"#;
    let got = by_unit(bad).unwrap();
    assert_eq!(got, whole(bad));
    assert!(got.contains(r#"$.units[1].items[\"1.2\"].x"#), "{got}");
    assert!(got.contains("$.units[2].colour"), "{got}");
    // An envelope with a problem is left to the whole tree, which names it; what the whole
    // tree lets through (a title that is not a string is ignored) is read the same.
    for envelope in [
        r#"{"format_version": 2, "units": []}"#,
        r#"{"format_version": 1, "units": [], "extra": 1}"#,
        r#"{"format_version": 1, "units": {}}"#,
        r#"{"units": [], "format_version": 1, "units": []}"#,
        r#"{"format_version": 1}"#,
        r#"{"units": []}"#,
        r#"[]"#,
    ] {
        assert_eq!(by_unit(envelope), None, "{envelope}");
    }
    let lenient = r#"{"title": 5, "units": [], "synthetic": "no", "format_version": 1}"#;
    assert_eq!(by_unit(lenient).unwrap(), whole(lenient));
    assert_eq!(by_unit(r#"{"format_version": 1, "units": [}"#), None);
    assert_eq!(by_unit(r#"{"format_version": 1, "units": []} x"#), None);
}

/// Every object of `v` (at JSON path `path`, JSON pointer `ptr`), as (path, pointer) pairs.
fn object_positions(v: &Value, path: &str, ptr: &str, out: &mut Vec<(String, String)>) {
    match v {
        Value::Object(m) => {
            out.push((path.to_string(), ptr.to_string()));
            for (k, x) in m {
                let p = format!("{ptr}/{}", k.replace('~', "~0").replace('/', "~1"));
                object_positions(x, &crate::error::key_path(path, k), &p, out);
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                object_positions(x, &format!("{path}[{i}]"), &format!("{ptr}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// `v` with the object at `ptr` written as the array of its values (serde's sequence form).
fn as_array_at(v: &Value, ptr: &str) -> Value {
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

/// The problems every reader of batch text finds in `text`: the tree, the unit-by-unit reader
/// and (feature `fast-text`) the typed reader, which must give up; the small reader gives up.
fn refused_by_every_reader(text: &str) -> Vec<Issue> {
    assert!(crate::input::text::batch(text).is_none(), "{text}");
    #[cfg(feature = "fast-text")]
    assert!(
        crate::de::from_str_objects::<crate::input::BatchInput>(text).is_err(),
        "{text}"
    );
    let issues = |p: ParsedBatch| -> Vec<Issue> {
        (p.units.into_iter())
            .flat_map(|u| match u {
                UnitEntry::Bad { issues, .. } => issues,
                UnitEntry::Ok(_) => Vec::new(),
            })
            .collect()
    };
    let by_tree = parse_batch(&parse_json(text).unwrap()).map(issues);
    if let Some(by_unit) = parse_units_one_by_one(text) {
        assert_eq!(Ok(issues(by_unit)), by_tree, "{text}");
    }
    by_tree.unwrap_or_else(|e| e)
}

/// Regression (issue 21, defect 6): a unit written as an array of its fields' values
/// (`["so_noi_vu", "Sở Nội vụ", "department"]`, serde's sequence form of a struct) was read
/// as the unit and scored. Every object of the example province — the batch, each unit, its
/// items, each item, its outcome and event counts, components, each component, each bonus
/// and penalty entry — written in turn as the array of its values is refused by every reader
/// with `input.not_an_object` at that object's path; the other units score as before.
#[test]
fn an_array_where_an_object_belongs_is_refused_at_its_path() {
    let rs = crate::builtin::ruleset(crate::builtin::DEFAULT_RULESET).unwrap();
    let example = parse_json(crate::builtin::EXAMPLE_PROVINCE).unwrap();
    let units = example["units"].as_array().unwrap();
    // The whole batch.
    let text = Value::Array(example.as_object().unwrap().values().cloned().collect());
    let e = score_batch_json(&rs, &text.to_string()).unwrap_err();
    assert_eq!((e.code(), e.path()), ("input.not_an_object", "$"));
    // Every object of every unit, each unit in a batch of its own.
    let mut kinds = std::collections::BTreeSet::new();
    for unit in units {
        let mut positions = Vec::new();
        object_positions(unit, "$.units[0]", "", &mut positions);
        for (path, ptr) in positions {
            let bad = as_array_at(unit, &ptr);
            let text = format!(r#"{{"format_version": 1, "units": [{bad}]}}"#);
            let found = refused_by_every_reader(&text);
            assert!(
                found
                    .iter()
                    .any(|i| i.code == "input.not_an_object" && i.path == path),
                "{path}: {found:?}"
            );
            // The kind of position: the path without its keys and indices.
            kinds.insert(
                path.split(['.', '['])
                    .filter(|s| s.chars().all(char::is_alphabetic))
                    .collect::<Vec<_>>()
                    .join("."),
            );
        }
    }
    let kinds: Vec<&str> = kinds.iter().map(String::as_str).collect();
    for kind in [
        "units",
        "units.items",
        "units.items.outcomes",
        "units.items.events",
        "units.components",
        "units.components.survey",
        "units.bonus",
        "units.penalty",
    ] {
        assert!(kinds.contains(&kind), "{kind} not tried: {kinds:?}");
    }
    // In the whole province, the unit is refused and absent: the others score as they do
    // without it.
    for i in [0, 7, units.len() - 1] {
        let bad = as_array_at(&example, &format!("/units/{i}"));
        let after = score_batch_json(&rs, &bad.to_string()).unwrap();
        assert_eq!(after.errors.len(), 1);
        assert_eq!(after.errors[0].errors[0].code, "input.not_an_object");
        assert_eq!(after.errors[0].errors[0].path, format!("$.units[{i}]"));
        let mut without = example.clone();
        without["units"].as_array_mut().unwrap().remove(i);
        let want = score_batch_json(&rs, &without.to_string()).unwrap();
        let json = |r: &BatchResult| serde_json::to_string(&(&r.units, &r.ranking)).unwrap();
        assert!(json(&after) == json(&want), "unit {i}: the others changed");
    }
}

/// A repeated id is an error naming the unit scored under it: the first that scores.
#[test]
fn duplicate_ids_name_the_unit_scored_under_the_id() {
    let rs = crate::builtin::ruleset(crate::builtin::DEFAULT_RULESET).unwrap();
    let mut units = crate::eval::synth::generate(&rs, 2, 1);
    let one = units[0].clone();
    units.insert(1, one.clone());
    units.push(one);
    let r = crate::with_lang(crate::Lang::En, || score_batch(&rs, units));
    assert_eq!(r.units.len(), 2);
    let got: Vec<(usize, &str, &str)> = r
        .errors
        .iter()
        .map(|e| {
            (
                e.index,
                e.errors[0].path.as_str(),
                e.errors[0].message.as_str(),
            )
        })
        .collect();
    let id = &r.units[0].id;
    assert_eq!(
        got,
        [
            (
                1,
                "$.units[1].id",
                &*format!("unit id `{id}` is already used by $.units[0]")
            ),
            (
                3,
                "$.units[3].id",
                &*format!("unit id `{id}` is already used by $.units[0]")
            ),
        ]
    );
}
