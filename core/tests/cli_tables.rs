//! Tables through the command line, as an officer uses them (issue 24): `parindex template`, the
//! workbook filled in, `parindex score` of a workbook or a CSV file giving the results of the JSON
//! of the same facts, and `parindex form` writing a unit's forms. (Beside `cli.rs`, which tests
//! the JSON commands, because these need the `tables` feature's readers.)
#![cfg(all(feature = "cli", feature = "tables"))]

use calamine::{Data, Reader, Xlsx};
use std::io::{Cursor, Read as _, Write as _};
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

const EXAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../fixtures/example/hoabinh-2019.json"
);

fn run(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_parindex"));
    c.args(args).env_remove("PARINDEX_LANG");
    c.stdin(if stdin.is_some() {
        Stdio::piped()
    } else {
        Stdio::null()
    });
    c.stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = c.spawn().expect("the parindex binary runs");
    if let Some(bytes) = stdin {
        let _ = child.stdin.take().unwrap().write_all(bytes);
    }
    child.wait_with_output().unwrap()
}

fn parindex(args: &[&str]) -> Output {
    run(args, None)
}

fn ok(o: &Output) -> &[u8] {
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    &o.stdout
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A file of this test's own in the temporary directory.
fn file(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("parindex-cli-tables-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

/// The units of `score -f json`'s output (the receipt differs by the input's hash).
fn units(json: &[u8]) -> serde_json::Value {
    let v: serde_json::Value = serde_json::from_slice(json).unwrap();
    serde_json::json!({"units": v["units"], "errors": v["errors"]})
}

/// Fills a template as a spreadsheet program would save it: every cell of the template copied
/// into a new workbook, the unit's values in the input cells. `values` go to the value column
/// (F) of the row whose key (column K) is given; `entries` to a column of the row of a criterion
/// (column L): G not applicable, H self-score, I evidence.
fn fill(template: &[u8], values: &[(&str, Data)], entries: &[(&str, u16, Data)]) -> Vec<u8> {
    let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(template)).unwrap();
    let mut out = rust_xlsxwriter::Workbook::new();
    for name in wb.sheet_names() {
        let range = wb.worksheet_range(&name).unwrap();
        let ws = out.add_worksheet();
        ws.set_name(&name).unwrap();
        let (r0, c0) = range.start().unwrap_or((0, 0));
        for (i, row) in range.rows().enumerate() {
            let r = r0 + i as u32;
            let at = |c: u32| {
                row.get((c - c0) as usize)
                    .map(|d| d.to_string())
                    .unwrap_or_default()
            };
            let (key, code) = (at(10), at(11));
            let mut put = |c: u16, d: &Data| match d {
                Data::String(s) => {
                    ws.write_string(r, c, s).unwrap();
                }
                Data::Float(x) => {
                    ws.write_number(r, c, *x).unwrap();
                }
                Data::Bool(b) => {
                    ws.write_boolean(r, c, *b).unwrap();
                }
                _ => {}
            };
            for (j, d) in row.iter().enumerate() {
                put((c0 as usize + j) as u16, d);
            }
            if name != "Tự chấm điểm" {
                continue;
            }
            for (k, v) in values {
                if *k == key {
                    put(5, v);
                }
            }
            for (k, col, v) in entries {
                if *k == code {
                    put(*col, v);
                }
            }
        }
    }
    out.save_to_buffer().unwrap()
}

/// The officer's path: the template of the departments, filled in, scored: the same results as
/// the JSON of the same facts, by the file's extension and by its content alike.
#[test]
fn a_filled_template_scores_as_the_json_of_the_same_facts() {
    let template = ok(&parindex(&["template", "--group", "department"])).to_vec();
    assert!(template.starts_with(b"PK\x03\x04"));
    let s = |t: &str| Data::String(t.into());
    let filled = fill(
        &template,
        &[
            ("id", s("so_noi_vu")),
            ("name", s("Sở Nội vụ")),
            ("1.1.1.choice", s("Ban hành chậm so với thời hạn")),
            ("1.3.1.met", s("Đạt")),
            ("3.3.3.numerator", Data::Float(180.0)),
            ("3.3.3.denominator", Data::Float(200.0)),
            ("1.1.2.percentage", Data::Float(92.5)),
            ("component:survey.percentage", Data::Float(81.37)),
        ],
        &[
            ("4.4", 6, s("x")),
            ("2.1.2", 7, Data::Float(1.0)),
            ("2.1.2", 8, s("qd-12.pdf\nbc-3.pdf")),
        ],
    );
    let json = r#"{"format_version": 1, "units": [{"id": "so_noi_vu", "name": "Sở Nội vụ",
        "group": "department",
        "items": {"1.1.1": {"choice": "cham"}, "1.3.1": {"met": true},
                  "3.3.3": {"numerator": 180, "denominator": 200}, "1.1.2": {"percentage": "92.5"},
                  "4.4": {"not_applicable": true},
                  "2.1.2": {"self": "1", "evidence": ["qd-12.pdf", "bc-3.pdf"]}},
        "components": {"survey": {"percentage": "81.37"}}}]}"#;
    let want = units(ok(&parindex(&[
        "score",
        "-f",
        "json",
        file("so_noi_vu.json", json.as_bytes()).to_str().unwrap(),
    ])));
    assert_eq!(want["units"][0]["id"], "so_noi_vu");
    assert_eq!(want["errors"], serde_json::json!([]));
    let xlsx = file("mau-03-filled.xlsx", &filled);
    let got = units(ok(&parindex(&[
        "score",
        "-f",
        "json",
        xlsx.to_str().unwrap(),
    ])));
    assert_eq!(got, want);
    // Without an extension, and from standard input: told by its content.
    let bare = file("mau-03-filled", &filled);
    let got = units(ok(&parindex(&[
        "score",
        "-f",
        "json",
        bare.to_str().unwrap(),
    ])));
    assert_eq!(got, want);
    let got = units(ok(&run(&["score", "-f", "json", "-"], Some(&filled))));
    assert_eq!(got, want);
    // The table shows the unit as the JSON's table does.
    let table = String::from_utf8(ok(&parindex(&["score", xlsx.to_str().unwrap()])).to_vec());
    assert!(table.unwrap().contains("Sở Nội vụ"));
}

/// The example province as a fact table in CSV and XLSX scores as its JSON, unit by unit.
#[test]
fn the_example_province_scores_the_same_from_csv_xlsx_and_json() {
    let rs = parindex::builtin::ruleset(parindex::builtin::DEFAULT_RULESET).unwrap();
    let text = std::fs::read_to_string(EXAMPLE).unwrap();
    let t = parindex::table::FactTable::from_batch_json(&rs, &text, &Default::default()).unwrap();
    let csv = t.write_csv(&Default::default());
    let xlsx = t.write_xlsx(&rs).unwrap();
    let want = units(ok(&parindex(&["score", "-f", "json", EXAMPLE])));
    assert_eq!(want["units"].as_array().unwrap().len(), t.rows());
    for (name, bytes) in [("facts.csv", &csv), ("facts.xlsx", &xlsx)] {
        let path = file(name, bytes);
        let got = units(ok(&parindex(&[
            "score",
            "-f",
            "json",
            path.to_str().unwrap(),
        ])));
        assert!(got == want, "{name} scores differently from the JSON");
    }
    // `rank` reads tables too.
    let path = file("facts-rank.csv", &csv);
    let a = ok(&parindex(&["rank", "-f", "json", path.to_str().unwrap()])).to_vec();
    let b = ok(&parindex(&["rank", "-f", "json", EXAMPLE])).to_vec();
    let ranking =
        |b: &[u8]| serde_json::from_slice::<serde_json::Value>(b).unwrap()["ranking"].clone();
    assert_eq!(ranking(&a), ranking(&b));
}

/// The Vietnamese decimal comma in CSV: read when declared (`--decimal-comma`, with the `;` a
/// spreadsheet program set to Vietnamese writes, found from the header), refused otherwise with
/// its code, its row and column and the JSON path; only that unit is refused.
#[test]
fn a_csv_with_decimal_commas_scores_only_when_declared() {
    let csv = "id;name;group;1.1.2.percentage;3.3.3.numerator;3.3.3.denominator\n\
               so_a;Sở A;department;92,5;180;200\n\
               so_b;Sở B;department;100;7;7\n";
    let path = file("dau-phay.csv", csv.as_bytes());
    let path = path.to_str().unwrap();
    let json = r#"{"format_version": 1, "units": [
        {"id": "so_a", "name": "Sở A", "group": "department",
         "items": {"1.1.2": {"percentage": "92.5"}, "3.3.3": {"numerator": 180, "denominator": 200}}},
        {"id": "so_b", "name": "Sở B", "group": "department",
         "items": {"1.1.2": {"percentage": "100"}, "3.3.3": {"numerator": 7, "denominator": 7}}}]}"#;
    let want = units(ok(&parindex(&[
        "score",
        "-f",
        "json",
        file("dau-phay.json", json.as_bytes()).to_str().unwrap(),
    ])));
    let got = units(ok(&parindex(&[
        "score",
        "-f",
        "json",
        "--decimal-comma",
        path,
    ])));
    assert_eq!(got, want);
    // Not declared: `92,5` is refused, Sở A alone; Sở B is scored.
    let o = parindex(&["score", "-f", "json", path]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["units"].as_array().unwrap().len(), 1);
    assert_eq!(v["units"][0]["id"], "so_b");
    assert_eq!(v["units"][0], want["units"][1]);
    let issue = &v["errors"][0]["errors"][0];
    assert_eq!(issue["code"], "input.decimal_comma");
    assert_eq!(issue["path"], r#"$.units[0].items["1.1.2"].percentage"#);
    assert!(
        issue["message"]
            .as_str()
            .unwrap()
            .starts_with("dòng 2, cột 1.1.2.percentage: số thập phân viết bằng dấu phẩy"),
        "{issue}"
    );
    assert!(stderr(&o).contains("so_a"), "{}", stderr(&o));
    // The option means nothing for JSON: a usage error.
    let o = parindex(&["score", "--decimal-comma", EXAMPLE]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--decimal-comma"), "{}", stderr(&o));
}

/// A workbook's problems are told with their cells: a column that is no fact of the rule set is
/// refused at its header (nothing scored); a criterion the unit's level lacks refuses that unit,
/// told as `units!D2` with its JSON path, as the JSON batch refuses it.
#[test]
fn a_workbooks_problems_are_told_with_their_cells() {
    let book = |header: &str| {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        ws.set_name("units").unwrap();
        ws.write_row(0, 0, ["id", "name", "group", header]).unwrap();
        ws.write_row(1, 0, ["so_x", "Sở X", "department", "1"])
            .unwrap();
        wb.save_to_buffer().unwrap()
    };
    let path = file("unknown-column.xlsx", &book("tong_diem"));
    let o = parindex(&["--lang", "en", "score", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(o.stdout.is_empty());
    let err = stderr(&o);
    assert!(err.contains("units!D1"), "{err}");
    assert!(err.contains("tong_diem"), "{err}");
    let path = file("unknown-code.xlsx", &book("9.9.9.numerator"));
    let o = parindex(&["--lang", "en", "score", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains(r#"[input.unknown_code] $.units[0].items["9.9.9"]: units!D2:"#),
        "{err}"
    );
}

fn sheet_text(bytes: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
    let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let names = wb.sheet_names();
    let range = wb.worksheet_range(&names[0]).unwrap();
    let rows = range
        .rows()
        .map(|r| r.iter().map(|d| d.to_string()).collect())
        .collect();
    (names, rows)
}

/// S4: `form 03 --unit so_noi_vu` writes the department's self-scoring table with its figures;
/// form 01 its report as a Word document; a form of another group is refused, naming the right
/// one.
#[test]
fn form_writes_the_units_workbook_and_report() {
    let explained: serde_json::Value =
        serde_json::from_slice(ok(&parindex(&["explain", "-u", "so_noi_vu", "-f", "json"])))
            .unwrap();
    let unit = &explained["unit"];
    let out = file("mau-03.xlsx", b"");
    ok(&parindex(&[
        "form",
        "03",
        "--unit",
        "so_noi_vu",
        "--place",
        "Hòa Bình",
        "--date",
        "2019-11-15",
        "-o",
        out.to_str().unwrap(),
    ]));
    let (names, rows) = sheet_text(&std::fs::read(&out).unwrap());
    assert_eq!(names, ["Mẫu 03"]);
    assert_eq!(rows[1][0], "SỞ NỘI VỤ");
    assert_eq!(rows[3][3], "Hòa Bình, ngày 15 tháng 11 năm 2019");
    let total = rows
        .iter()
        .find(|r| r[1] == "TỔNG ĐIỂM")
        .expect("a total row");
    let num = |s: &str| s.parse::<parindex::Decimal>().unwrap();
    assert_eq!(num(&total[3]), num(unit["total"].as_str().unwrap()));
    let row_333 = rows.iter().find(|r| r[0] == "3.3.3").expect("row 3.3.3");
    let node = unit["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["code"] == "3.3.3")
        .unwrap();
    assert_eq!(num(&row_333[2]), num(node["max_points"].as_str().unwrap()));
    // Standard output, as `> form.xlsx` saves it: the same workbook.
    let piped = ok(&parindex(&["form", "03", "--unit", "so_noi_vu"])).to_vec();
    let n = rows.len() - 3; // The signing line names no place and date.
    assert_eq!(sheet_text(&piped).1[12..n], rows[12..n]);
    // Form 01: a DOCX whose document names the unit and its index.
    let docx = ok(&parindex(&["form", "01", "--unit", "so_noi_vu"])).to_vec();
    let mut zip = zip::ZipArchive::new(Cursor::new(&docx)).unwrap();
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    assert!(xml.contains("SỞ NỘI VỤ"));
    assert!(xml.contains(&unit["index"].as_str().unwrap().replace('.', ",")));
    // Another group's form, an unknown unit, a bad date.
    let o = parindex(&["form", "04", "--unit", "so_noi_vu"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("Mẫu 03"), "{}", stderr(&o));
    let o = parindex(&["--lang", "en", "form", "03", "--unit", "so_khong_co"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("no unit `so_khong_co`"),
        "{}",
        stderr(&o)
    );
    let o = parindex(&["form", "03", "--unit", "so_noi_vu", "--date", "15/11/2019"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("YYYY-MM-DD"), "{}", stderr(&o));
}

/// `template` of an unknown group names the groups there are; the English template is English.
#[test]
fn template_names_the_groups_and_speaks_the_language_asked() {
    let o = parindex(&["template", "--group", "so"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("not_found.group"), "{}", stderr(&o));
    assert!(stderr(&o).contains("department_52"), "{}", stderr(&o));
    let en = ok(&parindex(&[
        "--lang", "en", "template", "--group", "district",
    ]))
    .to_vec();
    let wb: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(&en)).unwrap();
    assert!(wb.sheet_names().contains(&"Self-assessment".to_string()));
    let vi = ok(&parindex(&["template", "--group", "district"])).to_vec();
    let wb: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(&vi)).unwrap();
    assert!(wb.sheet_names().contains(&"Tự chấm điểm".to_string()));
}

/// `rubric export` then `rubric import` gives the rule set's JSON back; a workbook that is not a
/// rubric is refused with its code.
#[test]
fn rubric_export_then_import_gives_the_rule_set_back() {
    let xlsx = ok(&parindex(&["rubric", "export"])).to_vec();
    let path = file("bo-chi-so.xlsx", &xlsx);
    let json = ok(&parindex(&["rubric", "import", path.to_str().unwrap()])).to_vec();
    let rs = parindex::builtin::ruleset(parindex::builtin::DEFAULT_RULESET).unwrap();
    assert_eq!(
        String::from_utf8(json).unwrap(),
        format!("{}\n", rs.to_json())
    );
    // The JSON imported is a rule set the other commands take.
    let again = file("bo-chi-so.json", format!("{}\n", rs.to_json()).as_bytes());
    ok(&parindex(&["validate", again.to_str().unwrap()]));
    let template = file(
        "not-a-rubric.xlsx",
        ok(&parindex(&["template", "--group", "district"])),
    );
    let o = parindex(&["rubric", "import", template.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("ruleset.not_a_rubric"),
        "{}",
        stderr(&o)
    );
}

/// `facts` writes a batch as the fact table: the example province as a workbook (read by calamine:
/// a row per unit, a column per fact) and as CSV, each scoring as the JSON it came from; a CSV
/// gathered back into a workbook scores the same; `--empty` is the header row alone.
#[test]
fn facts_writes_the_fact_table_that_scores_as_its_json() {
    let want = units(ok(&parindex(&["score", "-f", "json", EXAMPLE])));
    let n = want["units"].as_array().unwrap().len();
    let dir = file("facts-dir.keep", b"").parent().unwrap().to_path_buf();
    let xlsx = dir.join("facts-of-example.xlsx");
    ok(&parindex(&["facts", EXAMPLE, "-o", xlsx.to_str().unwrap()]));
    let (names, rows) = sheet_text(&std::fs::read(&xlsx).unwrap());
    assert_eq!(names[0], parindex::table::UNITS_SHEET);
    assert_eq!(rows.len(), n + 1, "a header and a row per unit");
    assert_eq!(rows[0][..3], ["id", "name", "group"]);
    let col = rows[0].iter().position(|c| c == "3.3.3.numerator").unwrap();
    let first = &want["units"][0]["id"];
    assert_eq!(rows[1][0], first.as_str().unwrap());
    assert!(
        !rows.iter().skip(1).all(|r| r[col].is_empty()),
        "facts written"
    );
    // CSV: by `-o`'s extension, or `-f csv` to standard output.
    let csv = dir.join("facts-of-example.csv");
    ok(&parindex(&["facts", EXAMPLE, "-o", csv.to_str().unwrap()]));
    let printed = ok(&parindex(&["facts", EXAMPLE, "-f", "csv"])).to_vec();
    assert_eq!(std::fs::read(&csv).unwrap(), printed);
    assert!(printed.starts_with(b"id,name,group,"));
    // Each scores as the JSON; the CSV gathered into a workbook too.
    let back = dir.join("facts-back.xlsx");
    ok(&parindex(&[
        "facts",
        csv.to_str().unwrap(),
        "-o",
        back.to_str().unwrap(),
    ]));
    for p in [&xlsx, &csv, &back] {
        let got = units(ok(&parindex(&["score", "-f", "json", p.to_str().unwrap()])));
        assert!(
            got == want,
            "{} scores differently from the JSON",
            p.display()
        );
    }
    // Without an input: the bundled example province; `--empty`: the header alone.
    assert_eq!(ok(&parindex(&["facts", "-f", "csv"])), printed);
    let empty = ok(&parindex(&["facts", "--empty", "-f", "csv"])).to_vec();
    let empty = String::from_utf8(empty).unwrap();
    assert_eq!(empty.lines().count(), 1);
    // Every column, even of facts the example does not give; a batch's bonuses add columns.
    let full = String::from_utf8(printed).unwrap();
    let full: Vec<&str> = full.lines().next().unwrap().split(',').collect();
    let empty: Vec<&str> = empty.trim_end().split(',').collect();
    assert!(
        empty.len() > 300 && empty.contains(&"3.3.3.numerator") && empty.contains(&"self:1.1.1")
    );
    assert!(empty.iter().all(|c| full.contains(c)), "{empty:?}");
}

/// `facts` writes nothing when a row's cells cannot be read: each such unit is told with its cell
/// and JSON path (exit code 1), and the file named by `-o` is not created.
#[test]
fn facts_refuses_a_table_with_an_unreadable_cell_and_writes_nothing() {
    let csv = String::from_utf8(ok(&parindex(&["facts", EXAMPLE, "-f", "csv"])).to_vec()).unwrap();
    let mut lines: Vec<String> = csv.lines().map(str::to_string).collect();
    let header: Vec<&str> = lines[0].split(',').collect();
    let col = header.iter().position(|c| *c == "1.1.2.numerator").unwrap();
    let mut cells: Vec<String> = lines[3].split(',').map(str::to_string).collect();
    cells[col] = "abc".into();
    lines[3] = cells.join(",");
    let bad = file("facts-bad.csv", lines.join("\n").as_bytes());
    let out = bad.with_file_name("facts-bad-out.xlsx");
    let o = parindex(&[
        "--lang",
        "en",
        "facts",
        bad.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(e.contains("unit #2 `"), "{e}");
    assert!(e.contains("[input.invalid_type] $.units[2].items[\"1.1.2\"].numerator: row 4, column 1.1.2.numerator"), "{e}");
    assert!(e.contains("no table written"), "{e}");
    assert!(!out.exists());
    // `--empty` takes no input.
    assert_eq!(
        parindex(&["facts", "--empty", EXAMPLE]).status.code(),
        Some(2)
    );
}
