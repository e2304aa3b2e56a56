use super::*;
use crate::batch::score_batch_value;
use crate::error::{Error, Issue};
use crate::input::{FieldShape, ItemInput};
use crate::support::json::parse_json;
use crate::support::limits::Limits;
use serde_json::json;

mod refusals;

fn rs() -> RuleSet {
    crate::builtin::ruleset(crate::builtin::DEFAULT_RULESET).unwrap()
}

fn example() -> Value {
    parse_json(crate::builtin::EXAMPLE_PROVINCE).unwrap()
}

/// A JSON value as a data frame's cell holds it.
fn cell_of(v: &Value) -> LongValue {
    match v {
        Value::Null => Cell::Empty.into(),
        Value::Bool(b) => Cell::Bool(*b).into(),
        Value::Number(n) => match n.as_i64() {
            Some(i) => Cell::Int(i).into(),
            None => Cell::Text(n.to_string()).into(),
        },
        Value::String(s) => Cell::Text(s.clone()).into(),
        Value::Array(a) => LongValue::List(a.iter().map(cell_of).collect()),
        Value::Object(o) => {
            LongValue::Map(o.iter().map(|(k, v)| (k.clone(), cell_of(v))).collect())
        }
    }
}

/// A table of rows (each a list of cells by column name; a name a row lacks is empty there).
fn table(rows: &[Vec<(&str, LongValue)>]) -> LongTable {
    let mut header: Vec<String> = Vec::new();
    for (name, _) in rows.iter().flatten() {
        if !header.iter().any(|h| h == name) {
            header.push(name.to_string());
        }
    }
    let columns = (header.iter())
        .map(|h| {
            (rows.iter())
                .map(|r| {
                    (r.iter().find(|(n, _)| n == h)).map_or(Cell::Empty.into(), |(_, v)| v.clone())
                })
                .collect()
        })
        .collect();
    LongTable::new(header, columns)
}

fn t(s: &str) -> LongValue {
    Cell::Text(s.into()).into()
}

fn i(n: i64) -> LongValue {
    Cell::Int(n).into()
}

fn b(v: bool) -> LongValue {
    Cell::Bool(v).into()
}

/// A fact row: unit, code, field, value.
fn fact(unit: &str, code: &str, field: &str, value: LongValue) -> Vec<(&'static str, LongValue)> {
    vec![
        ("unit", t(unit)),
        ("code", t(code)),
        ("field", t(field)),
        ("value", value),
    ]
}

/// A batch as long-format facts and a units table: the shape a spreadsheet's export has (the
/// same as the Python tests' `facts_frames`).
fn long_of(batch: &Value) -> (LongTable, LongTable) {
    let mut facts = Vec::new();
    let mut units = Vec::new();
    for u in batch["units"].as_array().unwrap() {
        let u = u.as_object().unwrap();
        let id = u["id"].as_str().unwrap();
        units.push(
            (u.iter())
                .filter(|(k, _)| !RESERVED.contains(&k.as_str()))
                .map(|(k, v)| (k.as_str(), cell_of(v)))
                .collect::<Vec<_>>(),
        );
        let mut row = |section: &str, code: &str, field: String, v: &Value| {
            let mut r = fact(id, code, "", cell_of(v));
            r[2].1 = t(&field);
            if section == "components" {
                r.push(("section", t(section)));
            }
            facts.push(r);
        };
        for section in RESERVED {
            for (code, item) in u
                .get(section)
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
            {
                for (field, v) in item.as_object().unwrap() {
                    match v {
                        Value::Object(m) => {
                            for (k, x) in m {
                                row(section, code, format!("{field}.{k}"), x);
                            }
                        }
                        Value::Array(a) => {
                            a.iter().for_each(|x| row(section, code, field.clone(), x))
                        }
                        _ => row(section, code, field.clone(), v),
                    }
                }
            }
        }
    }
    (table(&facts), table(&units))
}

fn read(facts: &LongTable, units: Option<&LongTable>) -> Result<LongFacts> {
    LongFacts::read(facts, units, &Limits::DEFAULT)
}

fn score(facts: &LongTable, units: Option<&LongTable>) -> BatchResult {
    read(facts, units)
        .unwrap()
        .score(&rs(), BatchOptions::default())
        .unwrap()
}

/// The first issue of a whole-call refusal.
fn refusal(facts: &LongTable, units: Option<&LongTable>) -> Issue {
    match read(facts, units) {
        Err(Error::Input(issues)) => issues[0].clone(),
        other => panic!("not refused: {other:?}"),
    }
}

fn department(unit: &str) -> Vec<Vec<(&'static str, LongValue)>> {
    vec![vec![
        ("id", t(unit)),
        ("name", t(&unit.to_uppercase())),
        ("group", t("department")),
    ]]
}

#[test]
fn the_example_province_as_long_rows_scores_as_its_json_batch() {
    let example = example();
    let (facts, units) = long_of(&example);
    assert!(facts.rows() > 1000);
    // Two units have bonus entries, one a penalty: lists of maps in the units table.
    assert!(units.position("bonus").is_some() && units.position("penalty").is_some());
    let mut long = read(&facts, Some(&units)).unwrap();
    long.title = example["title"].as_str().map(str::to_string);
    long.synthetic = true;
    assert_eq!(long.batch_json(crate::builtin::DEFAULT_RULESET), example);
    let result = long.score(&rs(), BatchOptions::default()).unwrap();
    assert!(result.errors.is_empty(), "{:?}", result.errors);
    let direct = score_batch_value(&rs(), &example).unwrap();
    assert_eq!(
        serde_json::to_string(&result).unwrap(),
        serde_json::to_string(&direct).unwrap()
    );
    // Without the explanations, the same totals and ranking.
    let opts = BatchOptions {
        keep_nodes: false,
        ..BatchOptions::default()
    };
    let lean = long.score(&rs(), opts).unwrap();
    assert!(lean.units.iter().all(|u| u.nodes.is_empty()));
    assert_eq!(lean.ranking, direct.ranking);
}

#[test]
fn rows_build_the_units_json_as_written() {
    let facts = table(&[
        fact("a", "1.4.2", "outcomes.da_xu_ly", i(8)),
        vec![
            ("unit", t("b")),
            ("code", t("1.3.1")),
            ("field", t("met")),
            ("value", b(true)),
            ("name", t("B")),
        ],
        fact("a", "1.1.1", "evidence", t("x.pdf")),
        fact("a", "1.4.2", "denominator", i(10)),
        fact("a", "1.1.1", "evidence", t("y.pdf")),
        fact("a", "1.4.2", "outcomes.dang_xu_ly", i(1)),
        // A missing value gives no fact (its unit and attributes are read all the same).
        vec![
            ("unit", t("c")),
            ("code", t("1.3.1")),
            ("field", t("met")),
            ("name", t("C")),
        ],
        vec![
            ("unit", t("b")),
            ("name", t("not B")),
            ("group", t("department")),
        ],
        // A row of empty cells is no row.
        vec![("unit", Cell::Empty.into())],
        vec![
            ("unit", t("a")),
            ("section", t("components")),
            ("code", t("survey")),
            ("field", t("percentage")),
            ("value", t("80.5")),
        ],
        // A whole number names the unit of the same digits.
        fact("", "1.3.2", "count", i(2))
            .into_iter()
            .skip(1)
            .chain([("unit", i(7))])
            .collect(),
    ]);
    let units = table(&[
        vec![("id", t("c")), ("name", t("Cc")), ("group", t("district"))],
        vec![("id", t("a")), ("name", t("A"))],
        vec![("id", t("a")), ("name", t("A2")), ("block", t("x"))],
    ]);
    let long = read(&facts, Some(&units)).unwrap();
    assert_eq!(
        long.batch_json("r"),
        json!({
            "format_version": 1,
            "ruleset": "r",
            "units": [
                // The units table's units first (a later row's value replacing an earlier one's),
                {"id": "c", "name": "Cc", "group": "district"},
                {"id": "a", "name": "A2", "block": "x",
                 "items": {
                    "1.4.2": {"outcomes": {"da_xu_ly": 8, "dang_xu_ly": 1}, "denominator": 10},
                    "1.1.1": {"evidence": ["x.pdf", "y.pdf"]}
                 },
                 "components": {"survey": {"percentage": "80.5"}}},
                // then the others in the order the facts name them (the first value winning).
                {"id": "b", "name": "B", "group": "department", "items": {"1.3.1": {"met": true}}},
                {"id": "7", "items": {"1.3.2": {"count": 2}}}
            ]
        })
    );
}

#[test]
fn a_bad_unit_leaves_the_others_scored_as_a_batch_without_it() {
    let example = example();
    let (facts, units) = long_of(&example);
    let last = example["units"].as_array().unwrap().last().unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    // The last unit's rows: a fact given twice and a row of an unknown section.
    let mut rows: Vec<Vec<(&str, LongValue)>> = Vec::new();
    let n = facts.rows();
    for r in 0..n {
        rows.push(
            (facts.header.iter().enumerate())
                .map(|(j, h)| (h.as_str(), facts.at(j, r).clone()))
                .collect(),
        );
    }
    rows.push(fact(&last, "1.3.1", "met", b(false)));
    rows.push(fact(&last, "1.3.1", "met", b(false)));
    let mut odd = fact(&last, "x", "points", t("1"));
    odd.push(("section", t("bonus")));
    rows.push(odd);
    let result = score(&table(&rows), Some(&units));
    assert_eq!(result.errors.len(), 1);
    let e = &result.errors[0];
    assert_eq!(e.id.as_deref(), Some(last.as_str()));
    let got: Vec<_> = e
        .errors
        .iter()
        .map(|i| (i.code.as_str(), i.path.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (
                "input.frame_duplicate",
                format!("$.facts[{}]", n + 1).as_str()
            ),
            (
                "input.frame_section",
                format!("$.facts[{}].section", n + 2).as_str()
            )
        ]
    );
    // The JSON batch without that unit.
    let mut without = example.clone();
    without["units"].as_array_mut().unwrap().pop();
    let direct = score_batch_value(&rs(), &without).unwrap();
    assert_eq!(
        serde_json::to_value(&result.units).unwrap(),
        serde_json::to_value(&direct.units).unwrap()
    );
    assert_eq!(result.ranking, direct.ranking);
}

#[test]
fn texts_and_nesting_beyond_the_limits_refuse_the_call() {
    let limits = Limits {
        max_string_bytes: 6,
        ..Limits::DEFAULT
    };
    let facts = table(&[fact("a", "1.3.1", "choice", t("long text"))]);
    match LongFacts::read(&facts, None, &limits) {
        Err(Error::Limit(issue)) => assert_eq!(issue.path, "$.facts[0].value"),
        other => panic!("{other:?}"),
    }
    let mut deep = t("x");
    for _ in 0..Limits::DEFAULT.max_depth {
        deep = LongValue::List(vec![deep]);
    }
    let facts = table(&[fact("a", "1.3.1", "choice", deep)]);
    assert!(matches!(read(&facts, None), Err(Error::Limit(_))));
}

#[test]
fn the_shapes_of_item_fields_are_the_items_own() {
    for (name, shape) in [
        ("outcomes", FieldShape::Map),
        ("events", FieldShape::Map),
        ("evidence", FieldShape::List),
        ("notes", FieldShape::List),
        ("met", FieldShape::Other),
        ("self", FieldShape::Other),
        ("nope", FieldShape::Other),
    ] {
        assert_eq!(ItemInput::field_shape(name), shape, "{name}");
    }
}
