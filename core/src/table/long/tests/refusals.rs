//! What refuses the call, and what refuses one unit: each code told in Vietnamese (the default)
//! and in English.

use super::*;
use crate::error::{with_lang, Lang};

#[test]
fn the_tables_columns_refuse_the_call_told_in_vietnamese_or_english() {
    let no_value = table(&[vec![("unit", t("a")), ("code", t("1.1"))]]);
    let e = refusal(&no_value, None);
    assert_eq!(
        (e.code.as_str(), e.path.as_str()),
        ("input.frame_columns", "$.facts")
    );
    assert_eq!(
        e.message,
        "bảng dữ kiện (mỗi dòng một dữ kiện) không có cột `field`, `value`: bảng cần các cột \
         `unit`, `code`, `field` và `value`, có thể thêm cột `section`"
    );
    let en = with_lang(Lang::En, || refusal(&no_value, None));
    assert_eq!(
        en.message,
        "the facts table (one fact per row) has no column `field`, `value`: it needs the columns \
         `unit`, `code`, `field` and `value`, and may have `section`"
    );
    assert_eq!(en.params["columns"], "`field`, `value`");

    let facts = table(&[fact("a", "1.3.1", "met", b(true))]);
    let units = table(&[vec![("name", t("A"))]]);
    let e = refusal(&facts, Some(&units));
    assert_eq!(
        (e.code.as_str(), e.path.as_str()),
        ("input.frame_columns", "$.units_table")
    );
    assert_eq!(
        e.message,
        "bảng đơn vị không có cột `id` (hoặc `unit`) ghi mã đơn vị của mỗi dòng"
    );
    assert_eq!(
        with_lang(Lang::En, || refusal(&facts, Some(&units))).message,
        "the units table has no column `id` (or `unit`) naming the unit of each row"
    );

    let units = table(&[vec![("unit", t("a")), ("items", t("x"))]]);
    let e = refusal(&facts, Some(&units));
    assert_eq!(
        (e.code.as_str(), e.path.as_str()),
        ("input.frame_columns", "$.units_table.items")
    );
    assert!(
        e.message
            .starts_with("cột `items` không thể là thuộc tính của đơn vị"),
        "{}",
        e.message
    );
    let en = with_lang(Lang::En, || refusal(&facts, Some(&units))).message;
    assert!(
        en.starts_with("the column `items` cannot be an attribute of a unit"),
        "{en}"
    );
}

#[test]
fn a_row_without_its_unit_refuses_the_call() {
    let facts = table(&[
        fact("a", "1.3.1", "met", b(true)),
        vec![
            ("unit", Cell::Empty.into()),
            ("code", t("1.3.1")),
            ("field", t("met")),
            ("value", b(true)),
        ],
        fact("", "1.3.1", "met", b(true))
            .into_iter()
            .skip(1)
            .chain([("unit", Cell::Float(3.0).into())])
            .collect(),
    ]);
    match read(&facts, None) {
        Err(Error::Input(issues)) => {
            let got: Vec<_> = issues
                .iter()
                .map(|i| (i.code.as_str(), i.path.as_str()))
                .collect();
            assert_eq!(
                got,
                [
                    ("input.missing_field", "$.facts[1].unit"),
                    ("input.inexact_float", "$.facts[2].unit")
                ]
            );
            assert_eq!(issues[0].message, "thiếu trường `unit`");
        }
        other => panic!("{other:?}"),
    }
}

/// The facts of unit `a` (a department scored from one `met`), with `bad` rows for unit `b`.
fn with_bad_unit(bad: Vec<Vec<(&'static str, LongValue)>>) -> (LongTable, LongTable) {
    let mut rows = vec![
        fact("a", "1.3.1", "met", b(true)),
        fact("b", "1.3.1", "met", b(true)),
    ];
    rows.extend(bad);
    let mut units = department("a");
    units.extend(department("b"));
    (table(&rows), table(&units))
}

/// The one refusal of a unit: its index, id, and its issue's code, path and message.
fn unit_refusal(result: &BatchResult) -> (usize, String, Issue) {
    assert_eq!(result.errors.len(), 1, "{:?}", result.errors);
    let e = &result.errors[0];
    assert_eq!(e.errors.len(), 1, "{:?}", e.errors);
    (e.index, e.id.clone().unwrap(), e.errors[0].clone())
}

#[test]
fn a_fact_given_twice_refuses_its_unit() {
    let (facts, units) = with_bad_unit(vec![fact("b", "1.3.1", "met", b(false))]);
    let result = score(&facts, Some(&units));
    let (index, id, e) = unit_refusal(&result);
    assert_eq!((index, id.as_str()), (1, "b"));
    assert_eq!(
        (e.code.as_str(), e.path.as_str()),
        ("input.frame_duplicate", "$.facts[2]")
    );
    assert_eq!(
        e.message,
        "đơn vị `b` được nhập `met` của `1.3.1` hai lần, lần đầu tại $.facts[1]: mỗi dữ kiện chỉ \
         được nhập một lần"
    );
    let en = with_lang(Lang::En, || unit_refusal(&score(&facts, Some(&units))).2);
    assert_eq!(
        en.message,
        "unit `b` is given `met` of `1.3.1` twice, first at $.facts[1]: a fact is given once"
    );
    assert_eq!(
        result
            .units
            .iter()
            .map(|u| u.id.as_str())
            .collect::<Vec<_>>(),
        ["a"]
    );

    // An entry of a map given twice, and a map given as a whole after an entry of it.
    for field in ["outcomes.da_xu_ly", "outcomes"] {
        let (facts, units) = with_bad_unit(vec![
            fact("b", "1.4.2", "outcomes.da_xu_ly", i(1)),
            fact("b", "1.4.2", field, i(2)),
        ]);
        let e = unit_refusal(&score(&facts, Some(&units))).2;
        assert_eq!(
            (e.code.as_str(), e.path.as_str()),
            ("input.frame_duplicate", "$.facts[3]")
        );
        assert_eq!(e.params["first"], "2", "{field}");
    }
    // A list field of a component is a field like any other.
    let comp = |v: &str| {
        let mut r = fact("b", "survey", "evidence", t(v));
        r.push(("section", t("components")));
        r
    };
    let (facts, units) = with_bad_unit(vec![comp("x.pdf"), comp("y.pdf")]);
    let e = unit_refusal(&score(&facts, Some(&units))).2;
    assert_eq!(
        (e.code.as_str(), e.path.as_str()),
        ("input.frame_duplicate", "$.facts[3]")
    );
}

#[test]
fn an_unknown_section_refuses_its_unit() {
    let mut row = fact("b", "1.3.1", "met", b(true));
    row.push(("section", t("criteria")));
    let (facts, units) = with_bad_unit(vec![row]);
    let (index, id, e) = unit_refusal(&score(&facts, Some(&units)));
    assert_eq!((index, id.as_str()), (1, "b"));
    assert_eq!(
        (e.code.as_str(), e.path.as_str()),
        ("input.frame_section", "$.facts[2].section")
    );
    assert_eq!(
        e.message,
        "phần `criteria` không phải `items` (tiêu chí) hay `components` (thành phần)"
    );
    let en = with_lang(Lang::En, || unit_refusal(&score(&facts, Some(&units))).2);
    assert_eq!(
        en.message,
        "section `criteria` is neither `items` nor `components`"
    );
}

#[test]
fn a_float_anywhere_refuses_its_unit() {
    let mut attribute = fact("b", "1.3.2", "count", i(1));
    attribute.push(("block", Cell::Float(2.0).into()));
    for (row, path, number) in [
        (
            fact("b", "1.1.2", "percentage", Cell::Float(92.8).into()),
            "$.facts[2].value",
            "92.8",
        ),
        (
            fact("b", "1.3.2", "count", Cell::Float(5.0).into()),
            "$.facts[2].value",
            "5.0",
        ),
        (
            fact("b", "1.3.2", "count", Cell::Number(5.0).into()),
            "$.facts[2].value",
            "5.0",
        ),
        (attribute, "$.facts[2].block", "2.0"),
        (
            fact("b", "", "count", i(1))
                .into_iter()
                .map(|(n, v)| match n {
                    "code" => (n, Cell::Float(1.5).into()),
                    _ => (n, v),
                })
                .collect(),
            "$.facts[2].code",
            "1.5",
        ),
    ] {
        let (facts, units) = with_bad_unit(vec![row]);
        let (index, _, e) = unit_refusal(&score(&facts, Some(&units)));
        assert_eq!(index, 1);
        assert_eq!(
            (e.code.as_str(), e.path.as_str()),
            ("input.inexact_float", path)
        );
        assert_eq!(e.params["number"], number);
        assert!(e.message.starts_with(&format!(
            "số thực float {number} là giá trị xấp xỉ nhị phân"
        )));
    }
    // In a units table's list: at its place in the list.
    let mut units = department("a");
    units.push(vec![
        ("id", t("b")),
        ("name", t("B")),
        ("group", t("department")),
        (
            "bonus",
            LongValue::List(vec![LongValue::Map(vec![
                ("points".into(), Cell::Float(0.5).into()),
                ("reason".into(), t("x")),
            ])]),
        ),
    ]);
    let (facts, _) = with_bad_unit(Vec::new());
    let result = score(&facts, Some(&table(&units)));
    let e = unit_refusal(&result).2;
    assert_eq!(e.path, "$.units_table[1].bonus[0].points");
    let en = with_lang(Lang::En, || {
        unit_refusal(&score(&facts, Some(&table(&units)))).2
    });
    assert_eq!(
        en.message,
        "the float 0.5 is a binary approximation, not an exact decimal, and the facts table (one \
         fact per row) reads no float, whole or not: give the values as integers, decimals \
         (decimal.Decimal) or text"
    );
}

#[test]
fn other_cells_that_are_no_value_refuse_their_unit() {
    let date = fact(
        "b",
        "1.3.2",
        "count",
        Cell::Date("2019-11-18 00:00:00".into()).into(),
    );
    let error = fact(
        "b",
        "1.3.2",
        "count",
        Cell::Error("a value of type builtins.set".into()).into(),
    );
    let no_code = fact("b", "", "count", i(1))
        .into_iter()
        .filter(|(n, _)| *n != "code")
        .collect();
    let list_field = fact("b", "1.3.2", "", i(1))
        .into_iter()
        .map(|(n, v)| match n {
            "field" => (n, LongValue::List(vec![t("count")])),
            _ => (n, v),
        })
        .collect();
    for (row, code, path) in [
        (date, "input.cell_date", "$.facts[2].value"),
        (error, "input.cell_error", "$.facts[2].value"),
        (no_code, "input.missing_field", "$.facts[2].code"),
        (list_field, "input.invalid_type", "$.facts[2].field"),
    ] {
        let (facts, units) = with_bad_unit(vec![row]);
        let e = unit_refusal(&score(&facts, Some(&units))).2;
        assert_eq!((e.code.as_str(), e.path.as_str()), (code, path));
    }
}
