//! Tables in and out (feature `tables`): the fact table read and written as CSV and XLSX scores as
//! the JSON batch of the same units; every produced workbook is read back by an independent
//! reader (calamine) with the right values in the right cells; a bad cell is told with its cell
//! and the JSON path it stands for.
#![cfg(feature = "tables")]

use calamine::{Data, Reader, Xlsx};
use parindex::table::{self, Cell, CsvOptions, FactTable, Lang, ReadOptions};
use parindex::{BatchResult, RuleSet};
use std::io::Cursor;

fn builtin() -> RuleSet {
    parindex::builtin::ruleset(parindex::builtin::DEFAULT_RULESET).unwrap()
}

fn json_result(rs: &RuleSet, text: &str) -> BatchResult {
    rs.score_json(text).unwrap()
}

/// Everything but the inputs hash (that of the bytes read) is the same.
fn assert_same_results(a: &BatchResult, b: &BatchResult, exact_text: bool) {
    assert_eq!(
        a.errors.len(),
        b.errors.len(),
        "errors: {:?} vs {:?}",
        a.errors,
        b.errors
    );
    for (x, y) in a.errors.iter().zip(&b.errors) {
        assert_eq!(x.index, y.index);
        assert_eq!(x.id, y.id);
        let codes = |e: &parindex::UnitError| {
            e.errors
                .iter()
                .map(|i| (i.code.clone(), i.path.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(codes(x), codes(y));
    }
    assert_eq!(a.units.len(), b.units.len());
    for (x, y) in a.units.iter().zip(&b.units) {
        assert_eq!(x, y, "unit {}", x.id);
        if exact_text {
            assert_eq!(
                serde_json::to_string(x).unwrap(),
                serde_json::to_string(y).unwrap(),
                "unit {}",
                x.id
            );
        }
    }
    assert_eq!(a.ranking, b.ranking);
    let (mut ra, mut rb) = (a.receipt.clone(), b.receipt.clone());
    ra.inputs_sha256.clear();
    rb.inputs_sha256.clear();
    assert_eq!(ra, rb);
}

/// The first problem of the refused unit `id`.
fn first_error<'a>(r: &'a BatchResult, id: &str) -> &'a parindex::Issue {
    let refused = r.errors.iter().find(|e| e.id.as_deref() == Some(id));
    &refused
        .unwrap_or_else(|| panic!("{id} is not refused"))
        .errors[0]
}

fn workbook(bytes: &[u8]) -> Xlsx<Cursor<&[u8]>> {
    calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap()
}

#[test]
fn the_example_province_scores_the_same_from_json_csv_and_xlsx() {
    let rs = builtin();
    let text = parindex::builtin::EXAMPLE_PROVINCE;
    let want = json_result(&rs, text);
    assert!(want.errors.is_empty());
    let t = FactTable::from_batch_json(&rs, text, &parindex::Limits::DEFAULT).unwrap();
    assert_eq!(t.rows(), want.units.len());

    let csv = t.write_csv(&CsvOptions::default());
    let mut back = FactTable::read_csv(&rs, &csv, b',', &ReadOptions::default()).unwrap();
    // CSV has no place for the batch's own fields (`synthetic`, `title`, `ruleset`): the caller
    // gives them (a workbook keeps them in its `about` sheet).
    assert_eq!(back.synthetic, None);
    back.synthetic = t.synthetic;
    let got = back.score(&rs, Default::default()).unwrap();
    assert_same_results(&want, &got, true);
    // The receipt's inputs hash is that of the bytes read (sha256sum of the file).
    assert_eq!(got.receipt.inputs_sha256, sha256(&csv));

    let xlsx = t.write_xlsx(&rs).unwrap();
    let back = FactTable::read_xlsx(&rs, &xlsx, &ReadOptions::default()).unwrap();
    let got = back.score(&rs, Default::default()).unwrap();
    assert_same_results(&want, &got, false);
    // And back to CSV: the same table.
    assert_eq!(back.to_units().unwrap(), t.to_units().unwrap());
}

fn sha256(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn a_generated_batch_round_trips_through_both_formats() {
    let rs = builtin();
    for seed in [1, 7] {
        let units = parindex::internal::generate(&rs, 120, seed);
        let want = rs.score(units.clone());
        let t = FactTable::from_units(&rs, &units).unwrap();
        for opts in [
            CsvOptions::default(),
            CsvOptions {
                delimiter: b';',
                decimal_comma: true,
            },
        ] {
            let csv = t.write_csv(&opts);
            let mut read = ReadOptions::default();
            read.cells.decimal_comma = opts.decimal_comma;
            let back = FactTable::read_csv(&rs, &csv, opts.delimiter, &read).unwrap();
            assert_eq!(back.to_units().unwrap(), units);
            assert_same_results(&want, &back.score(&rs, Default::default()).unwrap(), true);
        }
        let xlsx = t.write_xlsx(&rs).unwrap();
        let back = FactTable::read_xlsx(&rs, &xlsx, &ReadOptions::default()).unwrap();
        assert_eq!(back.to_units().unwrap(), units);
        assert_same_results(&want, &back.score(&rs, Default::default()).unwrap(), false);
    }
}

#[test]
fn the_fact_tables_workbook_holds_the_right_values_in_the_right_cells() {
    let rs = builtin();
    let t = FactTable::from_batch_json(
        &rs,
        parindex::builtin::EXAMPLE_PROVINCE,
        &Default::default(),
    )
    .unwrap();
    let xlsx = t.write_xlsx(&rs).unwrap();
    let mut wb = workbook(&xlsx);
    assert_eq!(wb.sheet_names(), ["units", "about"]);
    let units = wb.worksheet_range("units").unwrap();
    let header: Vec<String> = units
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(&header[..3], ["id", "name", "group"]);
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    // Row 2 is the first unit: Văn phòng UBND tỉnh, 1.1.2 at 92.8%, 1.4.2 8 of 10 resolved.
    assert_eq!(
        units.get((1, col("id"))),
        Some(&Data::String("vp_ubnd".into()))
    );
    assert_eq!(
        units.get((1, col("group"))),
        Some(&Data::String("department_52".into()))
    );
    assert_eq!(
        units.get((1, col("1.1.2.percentage"))),
        Some(&Data::Float(92.8))
    );
    assert_eq!(
        units.get((1, col("1.4.2.outcomes.da_xu_ly"))),
        Some(&Data::Float(8.0))
    );
    assert_eq!(units.get((1, col("1.3.1.met"))), Some(&Data::Bool(true)));
    assert_eq!(
        units.get((1, col("evidence:1.1.1"))),
        Some(&Data::String("vp_ubnd-2019-ke-hoach-cchc.pdf".into()))
    );
    let about = wb.worksheet_range("about").unwrap();
    assert_eq!(about.get((0, 1)), Some(&Data::String("1".into())));
    assert_eq!(about.get((1, 1)), Some(&Data::String(rs.id().into())));
}

#[test]
fn a_bad_cell_refuses_its_unit_only_and_is_told_with_its_cell_and_json_path() {
    let rs = builtin();
    let csv = "id,name,group,3.3.3.numerator,3.3.3.denominator,1.1.1.choice,1.1.2.percentage\n\
               so_a,Sở A,department,180,200,dung_han,90\n\
               so_b,Sở B,department,abc,200,dung_han,\n\
               so_c,Sở C,department,10,20,khong_co,\n\
               so_d,Sở D,department,180,200,,\"99,5\"\n\
               so_e,Sở E,department,180,200,,abc\n";
    let t = FactTable::read_csv(&rs, csv.as_bytes(), b',', &ReadOptions::default()).unwrap();
    let r = t.score(&rs, Default::default()).unwrap();
    assert_eq!(r.units.len(), 1);
    assert_eq!(r.units[0].id, "so_a");
    // A count that is not a whole number: the code JSON gives (`"numerator": "abc"`).
    let b = first_error(&r, "so_b");
    assert_eq!(b.code, "input.invalid_type");
    assert_eq!(b.path, r#"$.units[1].items["3.3.3"].numerator"#);
    assert!(
        b.message.starts_with("dòng 3, cột 3.3.3.numerator: "),
        "{}",
        b.message
    );
    // Written in English, it keeps its place, in English words.
    let en = b.clone().localized(parindex::Lang::En);
    assert_eq!(
        en.message,
        "row 3, column 3.3.3.numerator: `abc` is not a whole number of 0 or more (a count)"
    );
    assert_eq!(en.localized(parindex::Lang::Vi).message, b.message);
    // Found by scoring, located all the same.
    let c = first_error(&r, "so_c");
    assert_eq!(c.code, "input.unknown_choice");
    assert_eq!(c.path, r#"$.units[2].items["1.1.1"].choice"#);
    assert!(
        c.message.starts_with("dòng 4, cột 1.1.1.choice: "),
        "{}",
        c.message
    );
    // A decimal comma that was not declared: its own code, and how to write it.
    let d = first_error(&r, "so_d");
    assert_eq!(d.code, "input.decimal_comma");
    assert!(
        d.message.starts_with("dòng 5, cột 1.1.2.percentage: "),
        "{}",
        d.message
    );
    assert_eq!(first_error(&r, "so_e").code, "input.not_a_decimal");
}

/// The columns of the data frames read in these tests: a unit's id, name and group and three facts.
const FRAME_HEADER: [&str; 6] = [
    "id",
    "name",
    "group",
    "3.3.3.numerator",
    "3.3.3.denominator",
    "1.1.2.percentage",
];

#[test]
fn a_data_frames_columns_score_as_the_csv_of_the_same_cells() {
    use table::Grid;
    let rs = builtin();
    let text = |s: &str| Cell::Text(s.into());
    let header = FRAME_HEADER;
    let columns = vec![
        vec![text("so_a"), text("so_b"), text("so_c")],
        vec![text("Sở A"), text("Sở B"), text("Sở C")],
        vec![text("department"); 3],
        // A count column with a gap, as pandas holds it: float64.
        vec![Cell::Float(180.0), Cell::Empty, Cell::Float(12.5)],
        vec![Cell::Int(200), Cell::Int(200), Cell::Int(20)],
        // Exact decimals as text (a `Decimal` column), a float only when whole.
        vec![text("90.25"), Cell::Float(81.37), Cell::Float(90.0)],
    ];
    let grid = Grid::from_columns(header.map(str::to_string).to_vec(), columns);
    let t = FactTable::from_grid(&rs, grid, &ReadOptions::default()).unwrap();
    let r = t.score(&rs, Default::default()).unwrap();
    // The same cells as CSV text: so_a is scored the same.
    let csv = "id,name,group,3.3.3.numerator,3.3.3.denominator,1.1.2.percentage\n\
               so_a,Sở A,department,180,200,90.25\n";
    let c = FactTable::read_csv(&rs, csv.as_bytes(), b',', &ReadOptions::default()).unwrap();
    let rc = c.score(&rs, Default::default()).unwrap();
    assert_eq!(r.units.len(), 1);
    assert_eq!(r.units[0].id, "so_a");
    assert_eq!(r.units[0].total, rc.units[0].total);
    assert_eq!(r.units[0].index, rc.units[0].index);
    // A non-whole float refuses its row only, told as the frame's row (the header is row 1)
    // and column, with the JSON path it stands for.
    for (id, path, at) in [
        (
            "so_b",
            r#"$.units[1].items["1.1.2"].percentage"#,
            "dòng 3, cột 1.1.2.percentage: ",
        ),
        (
            "so_c",
            r#"$.units[2].items["3.3.3"].numerator"#,
            "dòng 4, cột 3.3.3.numerator: ",
        ),
    ] {
        let e = first_error(&r, id);
        assert_eq!(
            (e.code.as_str(), e.path.as_str()),
            ("input.inexact_float", path)
        );
        assert!(e.message.starts_with(at), "{}", e.message);
    }
}

#[test]
fn a_bad_workbook_cell_is_told_as_sheet_and_cell() {
    let rs = builtin();
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("units").unwrap();
    for (j, h) in [
        "id",
        "name",
        "group",
        "1.1.2.percentage",
        "1.3.1.met",
        "3.3.3.numerator",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(0, j as u16, *h).unwrap();
    }
    let row = |ws: &mut rust_xlsxwriter::Worksheet, r: u32, id: &str| {
        ws.write_string(r, 0, id).unwrap();
        ws.write_string(r, 1, id).unwrap();
        ws.write_string(r, 2, "department").unwrap();
    };
    row(ws, 1, "so_a");
    ws.write_number(1, 3, 92.8).unwrap();
    ws.write_boolean(1, 4, true).unwrap();
    ws.write_number(1, 5, 45.0).unwrap();
    row(ws, 2, "so_b");
    ws.write_number(2, 3, 0.1 + 0.2).unwrap();
    row(ws, 3, "so_c");
    let date = rust_xlsxwriter::Format::new().set_num_format("dd/mm/yyyy");
    ws.write_number_with_format(3, 3, 43787.0, &date).unwrap();
    row(ws, 4, "so_d");
    ws.write_boolean(4, 3, true).unwrap();
    row(ws, 5, "so_e");
    ws.write_string(5, 3, "99.75").unwrap();
    ws.write_string(5, 4, "Không đạt").unwrap();
    let bytes = wb.save_to_buffer().unwrap();
    let t = FactTable::read_xlsx(&rs, &bytes, &ReadOptions::default()).unwrap();
    let units = t.units();
    let issue = |i: usize| match &units[i] {
        parindex::internal::UnitEntry::Bad { issues, .. } => issues[0].clone(),
        parindex::internal::UnitEntry::Ok(u) => panic!("unit {} read", u.id),
    };
    let a = match &units[0] {
        parindex::internal::UnitEntry::Ok(u) => u,
        _ => panic!(),
    };
    let it = a.items.get("1.1.2").unwrap();
    assert_eq!(it.percentage().unwrap().to_string(), "92.8");
    assert_eq!(a.items.get("3.3.3").unwrap().numerator(), Some(45));
    let b = issue(1);
    assert_eq!(b.code, "input.cell_too_precise");
    assert!(
        b.message
            .starts_with("units!D3: số 0.30000000000000004 có 17 chữ số có nghĩa"),
        "{}",
        b.message
    );
    assert_eq!(b.path, r#"$.units[1].items["1.1.2"].percentage"#);
    assert_eq!(issue(2).code, "input.cell_date");
    assert!(issue(2).message.starts_with("units!D4: "));
    assert_eq!(issue(3).code, "input.invalid_type");
    let e = match &units[4] {
        parindex::internal::UnitEntry::Ok(u) => u,
        _ => panic!(),
    };
    assert_eq!(
        e.items
            .get("1.1.2")
            .unwrap()
            .percentage()
            .unwrap()
            .to_string(),
        "99.75"
    );
    assert_eq!(e.items.get("1.3.1").unwrap().met(), Some(false));
}

#[test]
fn a_table_with_an_unknown_or_missing_column_is_refused_at_its_header() {
    let rs = builtin();
    let read = |csv: &str| {
        FactTable::read_csv(&rs, csv.as_bytes(), b',', &ReadOptions::default()).unwrap_err()
    };
    let e = read("id,name,group,3.3.3.numerater\n");
    assert_eq!(e.code(), "input.unknown_column");
    assert!(e.issues()[0]
        .message
        .starts_with("dòng 1, cột 3.3.3.numerater: "));
    assert_eq!(e.issues()[0].params["name"], "3.3.3.numerater");
    let en = parindex::with_lang(parindex::Lang::En, || {
        read("id,name,group,3.3.3.numerater\n")
    });
    assert!(en.issues()[0]
        .message
        .starts_with("row 1, column 3.3.3.numerater: `3.3.3.numerater` is not a column"));
    assert_eq!(read("id,name\n").code(), "input.missing_column");
    assert_eq!(read("id,name,group,id\n").code(), "input.duplicate_column");
    assert_eq!(read("id,name,group\na,b\n").code(), "input.csv_syntax");
    // A column of a code the rule set does not have is read, and refused per unit by scoring,
    // as JSON is.
    let t = FactTable::read_csv(
        &rs,
        "id,name,group,9.9.9.met\nso_a,A,department,true\nso_b,B,department,\n".as_bytes(),
        b',',
        &ReadOptions::default(),
    )
    .unwrap();
    let r = t.score(&rs, Default::default()).unwrap();
    assert_eq!(r.units.len(), 1);
    assert_eq!(r.errors[0].errors[0].code, "input.unknown_code");
    assert!(r.errors[0].errors[0]
        .message
        .starts_with("dòng 2, cột 9.9.9.met: "));
}

#[test]
fn a_batch_a_table_cannot_give_back_is_refused_not_changed() {
    let rs = builtin();
    let text = r#"{"format_version": 1, "units": [
        {"id": "a", "name": "A", "group": "department", "items": {"1.1.1": {"choice": " "}}},
        {"id": "b", "name": "B", "group": "department", "items": {"1.1.1": {"choice": "dung_han", "evidence": ["x\ny"]}}}
    ]}"#;
    let e = FactTable::from_batch_json(&rs, text, &Default::default()).unwrap_err();
    let paths: Vec<_> = e
        .issues()
        .iter()
        .map(|i| (i.code.as_str(), i.path.as_str()))
        .collect();
    assert_eq!(
        paths,
        [
            (
                "input.not_representable",
                r#"$.units[0].items["1.1.1"].choice"#
            ),
            (
                "input.not_representable",
                r#"$.units[1].items["1.1.1"].evidence[0]"#
            )
        ]
    );
}

/// An item given with nothing in it is not the same as no item (a warning tells it apart): its
/// `na:` cell says `false`, and it comes back.
#[test]
fn an_empty_item_comes_back_as_an_empty_item() {
    let rs = builtin();
    let text = r#"{"format_version": 1, "units": [
        {"id": "a", "name": "A", "group": "department_52", "items": {"3.3.3": {}, "1.2": {}}}
    ]}"#;
    let t = FactTable::from_batch_json(&rs, text, &Default::default()).unwrap();
    let csv = String::from_utf8(t.write_csv(&CsvOptions::default())).unwrap();
    assert!(csv.lines().next().unwrap().contains("na:3.3.3"), "{csv}");
    let mut back = FactTable::read_csv(&rs, csv.as_bytes(), b',', &ReadOptions::default()).unwrap();
    assert_eq!(back.to_units().unwrap(), t.to_units().unwrap());
    let want = json_result(&rs, text);
    assert!(want.units[0]
        .warnings
        .iter()
        .any(|w| w.code == "input.item_not_in_group"));
    back.synthetic = Some(false);
    assert_same_results(&want, &back.score(&rs, Default::default()).unwrap(), true);
}

#[test]
fn the_template_of_each_group_reads_back_as_the_unit_it_was_filled_with() {
    let rs = builtin();
    for g in &rs.def().groups {
        let bytes = table::template(&rs, &g.id, Lang::Vi).unwrap();
        // Empty: a unit of the group with nothing but its header.
        let e = table::read_template(&rs, &bytes).unwrap();
        assert_eq!(e.group, g.id);
        assert!(e.items.is_empty());
        let mut wb = workbook(&bytes);
        assert_eq!(wb.sheet_names()[0], "Tự chấm điểm");
        let sheet = wb.worksheet_range("Tự chấm điểm").unwrap();
        // Every leaf of the group has a row with its code, and its maximum beside it.
        let codes: Vec<String> = sheet
            .rows()
            .filter_map(|r| match (r.first(), r.get(11)) {
                (Some(Data::String(c)), Some(Data::String(k))) if c == k => Some(c.clone()),
                _ => None,
            })
            .collect();
        let level = rs.def().levels.iter().find(|l| l.id == g.level).unwrap();
        let mut leaves = Vec::new();
        fn walk(ns: &[parindex::internal::Node], g: &str, out: &mut Vec<String>) {
            for n in ns
                .iter()
                .filter(|n| n.groups.is_empty() || n.groups.iter().any(|x| x == g))
            {
                if n.children.is_empty() {
                    out.push(n.code.clone());
                }
                walk(&n.children, g, out);
            }
        }
        walk(&level.nodes, &g.id, &mut leaves);
        for l in &leaves {
            assert!(codes.contains(l), "group {}: no row for leaf {l}", g.id);
        }
    }
}

/// Fills a template from Rust: every cell of the template as calamine reads it, written again
/// into a new workbook with the unit's values in the input cells, the hidden sheets kept.
fn fill(template: &[u8], values: &[(&str, Cell)], entries: &[(&str, usize, Cell)]) -> Vec<u8> {
    let mut wb = workbook(template);
    let mut out = rust_xlsxwriter::Workbook::new();
    for name in wb.sheet_names() {
        let range = wb.worksheet_range(&name).unwrap();
        let ws = out.add_worksheet();
        ws.set_name(&name).unwrap();
        let (r0, c0) = range.start().unwrap_or((0, 0));
        for (i, row) in range.rows().enumerate() {
            let r = r0 + i as u32;
            let key = row
                .get((10 - c0) as usize)
                .map(|d| d.to_string())
                .unwrap_or_default();
            let code = row
                .get((11 - c0) as usize)
                .map(|d| d.to_string())
                .unwrap_or_default();
            for (j, d) in row.iter().enumerate() {
                let c = (c0 as usize + j) as u16;
                match d {
                    Data::String(s) => {
                        ws.write_string(r, c, s).unwrap();
                    }
                    Data::Float(x) => {
                        ws.write_number(r, c, *x).unwrap();
                    }
                    _ => {}
                }
            }
            let mut put = |c: u16, v: &Cell| match v {
                Cell::Text(s) => {
                    ws.write_string(r, c, s).unwrap();
                }
                Cell::Number(x) => {
                    ws.write_number(r, c, *x).unwrap();
                }
                Cell::Bool(b) => {
                    ws.write_boolean(r, c, *b).unwrap();
                }
                _ => {}
            };
            if name == "Tự chấm điểm" {
                for (k, v) in values {
                    if *k == key {
                        put(5, v);
                    }
                }
                for (k, col, v) in entries {
                    if *k == code {
                        put(*col as u16, v);
                    }
                }
            }
        }
    }
    out.save_to_buffer().unwrap()
}

#[test]
fn a_template_filled_from_rust_scores_as_the_json_with_the_same_facts() {
    let rs = builtin();
    let bytes = table::template(&rs, "department", Lang::Vi).unwrap();
    let t = |s: &str| Cell::Text(s.into());
    let filled = fill(
        &bytes,
        &[
            ("id", t("so_noi_vu")),
            ("name", t("Sở Nội vụ")),
            // The dropdown shows the option's label; read back as its id.
            ("1.1.1.choice", t("Ban hành chậm so với thời hạn")),
            ("1.3.1.met", t("Đạt")),
            ("3.3.3.numerator", Cell::Number(180.0)),
            ("3.3.3.denominator", Cell::Number(200.0)),
            ("1.1.2.percentage", Cell::Number(92.5)),
            ("1.4.2.outcomes.da_xu_ly", Cell::Number(8.0)),
            ("1.4.2.denominator", Cell::Number(10.0)),
            ("component:survey.percentage", Cell::Number(81.37)),
            ("bonus:1.points", Cell::Number(0.5)),
            ("bonus:1.reason", t("Sáng kiến được công nhận")),
        ],
        &[
            ("4.4", 6, t("x")),
            ("2.1.2", 7, Cell::Number(1.0)),
            ("2.1.2", 8, t("qd-12.pdf\nbc-3.pdf")),
        ],
    );
    let unit = table::read_template(&rs, &filled).unwrap();
    let json = r#"{"id": "so_noi_vu", "name": "Sở Nội vụ", "group": "department",
        "items": {"1.1.1": {"choice": "cham"}, "1.3.1": {"met": true},
                  "3.3.3": {"numerator": 180, "denominator": 200}, "1.1.2": {"percentage": "92.5"},
                  "1.4.2": {"outcomes": {"da_xu_ly": 8}, "denominator": 10},
                  "4.4": {"not_applicable": true},
                  "2.1.2": {"self": "1", "evidence": ["qd-12.pdf", "bc-3.pdf"]}},
        "components": {"survey": {"percentage": "81.37"}},
        "bonus": [{"points": "0.5", "reason": "Sáng kiến được công nhận"}]}"#;
    let want: parindex::UnitInput = serde_json::from_str(json).unwrap();
    assert_eq!(unit, want);
    let a = rs.score(vec![unit]);
    let b = rs.score(vec![want]);
    assert_eq!(a.units, b.units);
    // The same workbook scores as a batch of one unit.
    let t = FactTable::read_xlsx(&rs, &filled, &ReadOptions::default()).unwrap();
    assert_eq!(t.score(&rs, Default::default()).unwrap().units, b.units);
}

#[test]
fn a_bad_template_cell_is_told_with_its_cell_and_path() {
    let rs = builtin();
    let bytes = table::template(&rs, "department", Lang::Vi).unwrap();
    let filled = fill(
        &bytes,
        &[
            ("id", Cell::Text("so_x".into())),
            ("3.3.3.numerator", Cell::Number(0.1 + 0.2)),
        ],
        &[],
    );
    let e = table::read_template(&rs, &filled).unwrap_err();
    let i = &e.issues()[0];
    assert_eq!(i.code, "input.cell_too_precise");
    assert_eq!(i.path, r#"$.items["3.3.3"].numerator"#);
    assert!(i.message.starts_with("Tự chấm điểm!F"), "{}", i.message);
    // Written in English, it keeps its cell.
    let place = &i.message[..i.message.find(": ").unwrap() + 2];
    let en = i.clone().localized(Lang::En).message;
    assert!(en.starts_with(place) && en != i.message, "{en}");
    // A template of another rule set is refused.
    let other = RuleSet::from_json(
        &parindex::builtin::ruleset(parindex::builtin::DEFAULT_RULESET)
            .unwrap()
            .to_json()
            .replace("\"id\": \"hoabinh-1440-2019\"", "\"id\": \"khac\""),
    )
    .unwrap();
    assert_eq!(
        table::read_template(&other, &bytes).unwrap_err().code(),
        "input.ruleset_mismatch"
    );
}

/// The batch a table gives a caller that scores it elsewhere (the npm package's tables module
/// hands it to the main module): scored as JSON, it gives the units and ranking the table gives,
/// and the rows refused, read or scored, are its refusals, each with its cell.
#[test]
fn a_tables_batch_input_scores_as_the_table_with_its_refusals_kept() {
    let rs = builtin();
    let csv = "id,name,group,3.3.3.numerator,3.3.3.denominator,1.1.1.choice,1.1.2.percentage\n\
               so_a,Sở A,department,180,200,dung_han,90\n\
               so_b,Sở B,department,abc,200,dung_han,\n\
               so_c,Sở C,department,10,20,khong_co,\n\
               so_d,Sở D,department,150,200,,75.5\n\
               so_e,Sở E,department,300,200,,\n";
    let t = FactTable::read_csv(&rs, csv.as_bytes(), b',', &ReadOptions::default()).unwrap();
    let want = t.score(&rs, Default::default()).unwrap();
    let (batch, refused) = t.to_batch_input(&rs, &parindex::Limits::DEFAULT).unwrap();
    assert_eq!(refused, want.errors);
    let ids = |e: &[parindex::UnitError]| {
        e.iter()
            .map(|e| (e.index, e.errors[0].code.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        ids(&refused),
        [
            (1, "input.invalid_type".to_string()),
            (2, "input.unknown_choice".to_string()),
            (4, "input.numerator_above_denominator".to_string()),
        ]
    );
    assert!(refused[2].errors[0]
        .message
        .starts_with("dòng 6, cột 3.3.3.numerator: "));
    let text = serde_json::to_string(&batch).unwrap();
    let got = json_result(&rs, &text);
    assert!(got.errors.is_empty(), "{:?}", got.errors);
    let units = |r: &BatchResult| r.units.iter().map(|u| u.id.clone()).collect::<Vec<_>>();
    assert_eq!(units(&got), ["so_a", "so_d"]);
    assert_eq!(got.units[0], want.units[0]);
    // so_d, the table's fourth unit, is the batch's second: the same scores, its warnings at its
    // place in the batch.
    let mut d = want.units[1].clone();
    assert!(!d.warnings.is_empty());
    for w in &mut d.warnings {
        assert!(w.path.starts_with("$.units[3]"), "{}", w.path);
        w.path = w.path.replacen("$.units[3]", "$.units[1]", 1);
    }
    assert_eq!(got.units[1], d);
    assert_eq!(got.ranking, want.ranking);
}

/// Arrow columns over `Vec<u8>` buffers, as a binding hands them over.
mod arrow {
    use parindex::table::{ArrowColumn, Bitmap, Buffer, Chunk, Values};

    fn validity(given: &[bool]) -> Option<Bitmap> {
        let mut bits = vec![0u8; given.len().div_ceil(8)];
        for (i, _) in given.iter().enumerate().filter(|(_, g)| **g) {
            bits[i / 8] |= 1 << (i % 8);
        }
        Some(Bitmap {
            buffer: Buffer::new(bits),
            offset: 0,
        })
    }

    fn column(len: usize, given: &[bool], values: Values) -> ArrowColumn {
        ArrowColumn::new(vec![Chunk {
            len,
            validity: validity(given),
            values,
        }])
    }

    pub fn strings(v: &[Option<&str>]) -> ArrowColumn {
        let (mut offsets, mut data) = (vec![0i32], Vec::new());
        for s in v {
            data.extend_from_slice(s.unwrap_or_default().as_bytes());
            offsets.push(i32::try_from(data.len()).unwrap());
        }
        let given: Vec<bool> = v.iter().map(Option::is_some).collect();
        let offsets = offsets
            .iter()
            .flat_map(|o| o.to_ne_bytes())
            .collect::<Vec<u8>>();
        let values = Values::Utf8 {
            offsets: Buffer::new(offsets),
            large: false,
            data: Buffer::new(data),
        };
        column(v.len(), &given, values)
    }

    pub fn ints(v: &[Option<i64>]) -> ArrowColumn {
        let given: Vec<bool> = v.iter().map(Option::is_some).collect();
        let bytes = v.iter().flat_map(|x| x.unwrap_or(0).to_ne_bytes());
        let values = Values::Int {
            buffer: Buffer::new(bytes.collect::<Vec<u8>>()),
            width: 8,
            signed: true,
        };
        column(v.len(), &given, values)
    }

    pub fn decimals(v: &[Option<i128>], scale: i8) -> ArrowColumn {
        let given: Vec<bool> = v.iter().map(Option::is_some).collect();
        let bytes = v.iter().flat_map(|x| x.unwrap_or(0).to_ne_bytes());
        let values = Values::Decimal128 {
            buffer: Buffer::new(bytes.collect::<Vec<u8>>()),
            scale,
        };
        column(v.len(), &given, values)
    }
}

#[test]
fn arrow_cells_read_once_give_the_csv_tables_refusals_results_and_receipt_hash() {
    let rs = builtin();
    let header = FRAME_HEADER;
    // Row 2 (from 0) is empty (no unit); so_y has a denominator that is no number and a
    // negative count; so_z a numerator above its denominator (found by scoring).
    let columns = vec![
        arrow::strings(&[Some("so_x"), Some("so_y"), None, Some("so_z")]),
        arrow::strings(&[Some("Sở X"), Some("Sở Y"), None, Some("Sở Z")]),
        arrow::strings(&[
            Some("department"),
            Some("department"),
            None,
            Some("department"),
        ]),
        arrow::ints(&[Some(180), Some(-3), None, Some(300)]),
        arrow::strings(&[Some("200"), Some("x"), Some(" "), Some("200")]),
        arrow::decimals(&[Some(9025), Some(8000), None, None], 2),
    ];
    let csv = "id,name,group,3.3.3.numerator,3.3.3.denominator,1.1.2.percentage\n\
               so_x,Sở X,department,180,200,90.25\n\
               so_y,Sở Y,department,-3,x,80.00\n\
               ,,,,,\n\
               so_z,Sở Z,department,300,200,\n";
    let header = header.map(str::to_string).to_vec();
    let read = ReadOptions::default();
    let a = FactTable::from_arrow(&rs, header, columns, &read, false).unwrap();
    let c = FactTable::read_csv(&rs, csv.as_bytes(), b',', &read).unwrap();
    assert_eq!(a.rows(), 3);
    // The problems of the cells: the same issues (code, path, message with the cell's place).
    assert_eq!(a.problems(), c.problems());
    let so_y = &a.problems()[1];
    let seen: Vec<(&str, &str)> = (so_y.iter())
        .map(|i| (i.code.as_str(), i.message.split(':').next().unwrap_or("")))
        .collect();
    assert_eq!(
        seen,
        [
            ("input.invalid_type", "dòng 3, cột 3.3.3.numerator"),
            ("input.invalid_type", "dòng 3, cột 3.3.3.denominator"),
        ]
    );
    let (ra, rc) = (
        a.score(&rs, Default::default()).unwrap(),
        c.score(&rs, Default::default()).unwrap(),
    );
    assert_eq!(ra.errors, rc.errors);
    assert_same_results(&ra, &rc, true);
    assert_eq!(
        (ra.errors.iter().map(|e| e.index).collect::<Vec<_>>()),
        [1, 2]
    );
    // The receipt hashes the table's CSV text, read as the rows are, as written whole.
    assert_eq!(
        ra.receipt.inputs_sha256,
        sha256(&a.write_csv(&CsvOptions::default()))
    );
    assert_eq!(
        a.write_csv(&CsvOptions::default()),
        c.write_csv(&CsvOptions::default())
    );
}
