use super::*;
use crate::input::{parse_batch, UnitEntry};

/// What the tree path reads from `text`, as this reader would give it (`None` for any
/// problem).
fn by_tree(text: &str) -> Option<String> {
    let v: serde_json::Value = serde_json::from_str(text).ok()?;
    let b = parse_batch(&v).ok()?;
    let units: Option<Vec<&UnitInput>> = (b.units.iter())
        .map(|u| match u {
            UnitEntry::Ok(u) => Some(u),
            UnitEntry::Bad { .. } => None,
        })
        .collect();
    Some(format!(
        "{:?} {:?} {} {:?}",
        b.ruleset, b.title, b.synthetic, units?
    ))
}

fn by_reader(text: &str) -> Option<String> {
    let b = batch(text)?;
    let units: Vec<&UnitInput> = b.units.iter().collect();
    Some(format!(
        "{:?} {:?} {} {:?}",
        b.ruleset, b.title, b.synthetic, units
    ))
}

/// What this reader reads, the tree path reads the same.
fn agrees(text: &str) -> bool {
    let mine = by_reader(text);
    if let Some(m) = &mine {
        assert_eq!(Some(m), by_tree(text).as_ref(), "{text}");
    }
    mine.is_some()
}

#[test]
fn reads_the_example_province_as_the_tree_path() {
    assert!(agrees(crate::builtin::EXAMPLE_PROVINCE));
    let rs = crate::builtin::ruleset(crate::builtin::DEFAULT_RULESET).unwrap();
    let units = crate::eval::synth::generate(&rs, 300, 7);
    let text = serde_json::to_string_pretty(&crate::input::BatchInput {
        format_version: 1,
        ruleset: None,
        title: Some("t".into()),
        synthetic: true,
        units,
    })
    .unwrap();
    assert!(agrees(&text));
}

#[test]
fn reads_what_the_tree_path_reads_and_gives_up_on_the_rest() {
    let unit = |body: &str| {
        format!(
            r#"{{"format_version": 1, "units": [{{"id": "a", "name": "A", "group": "g"{body}}}]}}"#
        )
    };
    // Read, and the same as the tree path.
    for body in [
        "",
        r#", "block": null, "parent": "p", "synthetic": false"#,
        r#", "items": {}, "components": {}, "bonus": [], "penalty": []"#,
        r#", "items": {"1.1": {"numerator": 0, "denominator": 18446744073709551615}}"#,
        r#", "items": {"1.1": {"met": null, "choice": null, "count": null, "value": null}}"#,
        r#", "items": {"1.1": {"points": 5, "self": "1.50", "appraised": "1e2", "evidence": ["x"]}}"#,
        r#", "items": {"1.1": {"percentage": "97.62", "notes": [], "reappraised": "-0.5"}}"#,
        r#", "items": {"1.1": {"outcomes": {"a": 1, "a": 2}, "events": {}, "not_applicable": true}}"#,
        r#", "items": {"1.1": {"count": 1}, "1.1": {"met": true}}"#,
        r#", "components": {"s": {"percentage": "81.37", "points": "2"}, "e": {"points": 7}}"#,
        r#", "bonus": [{"points": "1", "reason": "r"}], "penalty": [{"reason": "s", "points": 2}]"#,
        " \n\t, \"block\"\r: \"b\" ",
    ] {
        let text = unit(body);
        assert!(agrees(&text), "{text}");
    }
    // Given up on: the tree path reads some and refuses others.
    for body in [
        r#", "id": "b""#,
        r#", "colour": 1"#,
        r#", "block": 1"#,
        r#", "block": "\u0041""#,
        ", \"block\": \"\t\"",
        r#", "items": {"1.1": {"count": 1.0}}"#,
        r#", "items": {"1.1": {"count": 1e2}}"#,
        r#", "items": {"1.1": {"count": -1}}"#,
        r#", "items": {"1.1": {"count": 01}}"#,
        r#", "items": {"1.1": {"count": 18446744073709551616}}"#,
        r#", "items": {"1.1": {"points": 1.5}}"#,
        r#", "items": {"1.1": {"points": "x"}}"#,
        r#", "items": {"1.1": {"met": true, "met": true}}"#,
        r#", "items": {"1.1": {"x": 1}}"#,
        r#", "items": {"1.1": {"evidence": null}}"#,
        r#", "items": null"#,
        r#", "items": {"1.1": {},}"#,
        r#", "components": {"s": {}}"#,
        r#", "components": {"s": {"percentage": "1", "other": 2}}"#,
        r#", "bonus": [{"points": "1"}]"#,
        r#", "synthetic": null"#,
    ] {
        assert!(!agrees(&unit(body)), "{body}");
    }
    for text in [
        r#"{"format_version": 2, "units": []}"#,
        r#"{"format_version": 1, "units": [], "extra": 1}"#,
        r#"{"format_version": 1, "units": [], "format_version": 1}"#,
        r#"{"format_version": 1}"#,
        r#"{"units": []}"#,
        r#"{"format_version": 1, "units": []} x"#,
        r#"{"format_version": 1, "units": [}"#,
        r#"{"format_version": 1, "units": [], "title": 5}"#,
        r#"[]"#,
        "",
    ] {
        assert!(!agrees(text), "{text}");
    }
    let lenient =
        r#" {"title": null, "units": [], "synthetic": true, "ruleset": "r", "format_version": 1} "#;
    assert!(agrees(lenient));
}

#[test]
fn units_and_items_alone() {
    let text = r#"{"id": "a", "name": "Á", "group": "g", "items": {"1": {"count": 3}}}"#;
    assert_eq!(
        unit(text),
        Some(serde_json::from_str::<UnitInput>(text).unwrap())
    );
    assert_eq!(unit(r#"{"id": "a", "name": "A"}"#), None);
    let text = r#"{"numerator": 3, "denominator": 4, "self": "1", "evidence": ["e"]}"#;
    assert_eq!(
        item(text),
        Some(serde_json::from_str::<ItemInput>(text).unwrap())
    );
    assert_eq!(item(r#"{"count": "3"}"#), None);
    assert_eq!(item(r#"{"count": 3} {}"#), None);
}
