//! The result frames (`api::frame`): the rows are the result's records, every column typed so
//! that a data frame holds its values exactly (decimals with the precision and scale of their
//! values), and every scalar field of a record reaches a column.

use parindex::api::frame::{self, column_type, Column, ColumnType};
use parindex::api::schema::result_schema;
use parindex::api::tree::Value;
use parindex::builtin::{self, EXAMPLE_PROVINCE};
use parindex::{BatchResult, RuleSet};

fn example() -> (RuleSet, BatchResult) {
    let rs = RuleSet::builtin(builtin::DEFAULT_RULESET).unwrap();
    let result = rs.score_json(EXAMPLE_PROVINCE).unwrap();
    (rs, result)
}

fn column<'c>(columns: &'c [Column], name: &str) -> &'c Column {
    let names: Vec<&str> = columns.iter().map(|c| c.name.as_str()).collect();
    (columns.iter().find(|c| c.name == name))
        .unwrap_or_else(|| panic!("no column {name} in {names:?}"))
}

fn dec(s: &str) -> Value {
    Value::Decimal(s.into())
}

#[test]
fn a_decimal_column_holds_every_value_exactly() {
    // Precision and scale as Python's `Decimal.as_tuple()` counts them: 123.4 needs 3 digits
    // before the point, -0.05 a scale of 2, 0.00 one digit.
    let t = column_type(&[dec("123.4"), Value::Null, dec("-0.05"), dec("0.00")]);
    assert_eq!(
        t,
        Some(ColumnType::Decimal {
            precision: 5,
            scale: 2
        })
    );
    assert_eq!(
        column_type(&[dec("0")]),
        Some(ColumnType::Decimal {
            precision: 1,
            scale: 0
        })
    );
    assert_eq!(
        column_type(&[dec("1000")]),
        Some(ColumnType::Decimal {
            precision: 4,
            scale: 0
        })
    );
    // Beyond Arrow's 38 digits, or mixed with text, or with no value: no type.
    // 28 digits before the point in one value and 28 after it in another need 56.
    let big = "1".to_string() + &"0".repeat(27);
    let small = "0.".to_string() + &"0".repeat(27) + "1";
    assert_eq!(
        column_type(&[dec(&big)]),
        Some(ColumnType::Decimal {
            precision: 28,
            scale: 0
        })
    );
    assert_eq!(column_type(&[dec(&big), dec(&small)]), None);
    assert_eq!(column_type(&[dec("1.5"), Value::Str("x".into())]), None);
    assert_eq!(column_type(&[Value::Null, Value::Null]), None);
}

#[test]
fn a_list_column_is_typed_by_its_elements() {
    let caps = |limit: &str| {
        Value::Map(vec![
            ("kind".into(), Value::Str("max".into())),
            ("limit".into(), dec(limit)),
        ])
    };
    let values = [
        Value::List(vec![caps("10.5")]),
        Value::List(vec![]),
        Value::Null,
        Value::List(vec![caps("2")]),
    ];
    let struct_of = ColumnType::Struct(vec![
        ("kind".into(), ColumnType::Str),
        (
            "limit".into(),
            ColumnType::Decimal {
                precision: 3,
                scale: 1,
            },
        ),
    ]);
    assert_eq!(
        column_type(&values),
        Some(ColumnType::List(Box::new(struct_of)))
    );
    // Only empty lists: nothing to type the elements by.
    assert_eq!(column_type(&[Value::List(vec![]), Value::Null]), None);
    // Integers and booleans are not mixed.
    assert_eq!(
        column_type(&[Value::List(vec![Value::Int(1), Value::Bool(true)])]),
        None
    );
}

#[test]
fn the_units_frame_has_a_row_per_unit_with_its_rank_fields_and_components() {
    let (_, result) = example();
    let columns = frame::units(&result).unwrap();
    let ids = &column(&columns, "id").values;
    assert_eq!(ids.len(), result.units.len());
    let index = column(&columns, "index");
    assert!(
        matches!(index.kind, Some(ColumnType::Decimal { scale: 2, .. })),
        "{:?}",
        index.kind
    );
    for (i, u) in result.units.iter().enumerate() {
        assert_eq!(ids[i], Value::Str(u.id.as_str().into()));
        assert_eq!(index.values[i], dec(&u.index.to_string()));
        let entry = (result.ranking.iter().flat_map(|b| &b.entries))
            .find(|e| e.id == u.id)
            .unwrap();
        assert_eq!(
            column(&columns, "rank").values[i],
            Value::Int(entry.rank as i128)
        );
        for f in &u.fields {
            assert_eq!(
                column(&columns, &format!("field.{}", f.code)).values[i],
                dec(&f.points.to_string())
            );
        }
        for c in &u.components {
            assert_eq!(
                column(&columns, &format!("component.{}", c.id)).values[i],
                dec(&c.points.to_string())
            );
        }
    }
    // Lists and records of a unit are not columns of this frame.
    assert!(columns
        .iter()
        .all(|c| !["nodes", "caps", "warnings", "fields"].contains(&c.name.as_str())));
}

#[test]
fn the_nodes_frame_has_every_scalar_field_of_a_node_and_flattens_its_records() {
    let (_, result) = example();
    let columns = frame::nodes(&result).unwrap();
    let rows = (result.units.iter()).fold(0usize, |n, u| n + u.nodes.iter().count());
    assert_eq!(column(&columns, "code").values.len(), rows);
    // Every property of the node's schema that is not an object or a list is a column: a field
    // added to `NodeScore` reaches the frame without a change here.
    let schema = result_schema();
    let node = &schema["$defs"]["NodeScore"]["properties"];
    let props = node.as_object().unwrap();
    assert!(props.len() > 15);
    for (name, prop) in props {
        if [
            "facts",
            "history",
            "branch",
            "caps",
            "lost_in",
            "provenance",
        ]
        .contains(&name.as_str())
        {
            continue;
        }
        // A list, or a reference to a definition with properties (a record), is not a scalar;
        // a reference to an enum of strings (`status`, `lost_reason`) is.
        let text = prop.to_string();
        let refs = text
            .split("#/$defs/")
            .skip(1)
            .map(|r| r.split('"').next().unwrap_or(""));
        let records = refs
            .filter(|r| schema["$defs"][*r].to_string().contains("\"properties\""))
            .count();
        let nested = text.contains("\"array\"") || records > 0;
        if !nested {
            column(&columns, name);
        }
    }
    // Records flattened into prefixed columns, and the lists kept as lists.
    let points = column(&columns, "points");
    assert!(matches!(points.kind, Some(ColumnType::Decimal { .. })));
    // Every row has its caps and the children it lost points in as a list, empty where none.
    for name in ["caps", "lost_in"] {
        let values = &column(&columns, name).values;
        assert!(values.iter().all(|v| matches!(v, Value::List(_))), "{name}");
    }
    let lost_in = &column(&columns, "lost_in").values;
    assert!(lost_in
        .iter()
        .any(|v| matches!(v, Value::List(l) if !l.is_empty())));
    let first = &result.units[0];
    let leaf = first
        .nodes
        .iter()
        .find(|n| n.facts.as_ref().is_some_and(|f| f.numerator.is_some()))
        .unwrap();
    let at = (column(&columns, "unit")
        .values
        .iter()
        .zip(&column(&columns, "code").values))
    .position(|(u, c)| *u == Value::Str(first.id.as_str().into()) && c.as_str() == Some(&leaf.code))
    .unwrap();
    let numerator = leaf.facts.as_ref().and_then(|f| f.numerator).unwrap();
    assert_eq!(
        column(&columns, "facts.numerator").values[at],
        Value::Int(numerator.into())
    );
    assert_eq!(
        column(&columns, "unit_name").values[at],
        Value::Str(first.name.as_str().into())
    );
}

#[test]
fn the_ranking_frame_has_a_row_per_ranked_unit_with_its_block() {
    let (_, result) = example();
    let columns = frame::ranking(&result.ranking).unwrap();
    let entries: Vec<_> = result
        .ranking
        .iter()
        .flat_map(|b| b.entries.iter().map(move |e| (b, e)))
        .collect();
    assert_eq!(column(&columns, "rank").values.len(), entries.len());
    for (i, (b, e)) in entries.iter().enumerate() {
        assert_eq!(
            column(&columns, "block").values[i],
            Value::Str(b.block.as_str().into())
        );
        assert_eq!(
            column(&columns, "id").values[i],
            Value::Str(e.id.as_str().into())
        );
        assert_eq!(
            column(&columns, "index").values[i],
            dec(&e.index.to_string())
        );
    }
}

#[test]
fn the_criteria_frame_is_the_rubric_in_order_with_the_groups_of_its_level() {
    let (rs, _) = example();
    let columns = frame::criteria(&rs).unwrap();
    let codes: Vec<&str> = column(&columns, "code")
        .values
        .iter()
        .filter_map(Value::as_str)
        .collect();
    let def = serde_json::to_value(rs.def()).unwrap();
    let mut expected = Vec::new();
    fn walk<'v>(nodes: &'v serde_json::Value, out: &mut Vec<&'v str>) {
        for n in nodes.as_array().into_iter().flatten() {
            out.push(n["code"].as_str().unwrap());
            walk(&n["children"], out);
        }
    }
    for level in def["levels"].as_array().unwrap() {
        walk(&level["nodes"], &mut expected);
    }
    assert_eq!(codes, expected);
    // A top node is its own field, at depth 1, without a parent; its points are exact decimals.
    assert_eq!(
        column(&columns, "field").values[0],
        column(&columns, "code").values[0]
    );
    assert_eq!(column(&columns, "depth").values[0], Value::Int(1));
    assert_eq!(column(&columns, "parent").values[0], Value::Null);
    assert!(matches!(
        column(&columns, "max_points").kind,
        Some(ColumnType::Decimal { .. })
    ));
    assert_eq!(
        column(&columns, "groups").kind,
        Some(ColumnType::List(Box::new(ColumnType::Str)))
    );
}

#[test]
fn a_tape_fills_in_missing_fields_and_leaves_holes_where_asked() {
    use parindex::api::shape::{self, ROOT};
    use parindex::api::tree::{Tape, Tok, Tree};
    let (_, result) = example();
    let s = shape::result().unwrap();
    // A department has no parent: the serialised unit leaves `parent` out; with defaults every
    // record has it (None), as written it stays out.
    let dept = result.units.iter().find(|u| u.parent.is_none()).unwrap();
    let filled = Tree::new(&s.shapes).skipping(dept, s.unit, &[]).unwrap();
    assert_eq!(filled.get("parent"), Some(&Value::Null));
    let written = Tree::as_written(&s.shapes).of(dept, s.unit).unwrap();
    assert_eq!(written.get("parent"), None);
    assert!(
        matches!(written.get("index"), Some(Value::Decimal(d)) if *d == dept.index.to_string())
    );
    // A hole keeps the field's place and holds nothing of it.
    let mut tape = Tape::default();
    Tree::new(&s.shapes)
        .tape_into(&mut tape, &result, ROOT, &[], &["units"])
        .unwrap();
    let whole = Tree::new(&s.shapes).of(&result, ROOT).unwrap();
    let keys = |v: &Value| match v {
        Value::Map(m) => m.iter().map(|(k, _)| k.to_string()).collect::<Vec<_>>(),
        _ => Vec::new(),
    };
    assert_eq!(keys(&tape.value()), keys(&whole));
    assert_eq!(tape.value().get("units"), Some(&Value::Null));
    assert!(tape.toks.contains(&Tok::Hole));
    assert!(
        tape.toks.len() * 10
            < Tree::new(&s.shapes)
                .tape(&result, ROOT, &[])
                .unwrap()
                .toks
                .len()
    );
}
