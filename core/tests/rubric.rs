//! The rubric as a workbook (issue 24): written then read, every fixture rule set is the same rule
//! set; a workbook's problems are refused with the usual codes, told with their cells.
#![cfg(feature = "tables")]

use calamine::{Data, Reader, Xlsx};
use parindex::table::{read_rubric, rubric, ReadOptions};
use parindex::RuleSet;
use std::io::Cursor;
use std::path::{Path, PathBuf};

fn fixture_rulesets() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures");
    let mut out: Vec<PathBuf> = std::fs::read_dir(root.join("rulesets"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    for case in std::fs::read_dir(root.join("conformance")).unwrap() {
        let p = case.unwrap().path().join("ruleset.json");
        if p.exists() {
            out.push(p);
        }
    }
    out.sort();
    out
}

fn builtin() -> RuleSet {
    parindex::builtin::ruleset(parindex::builtin::DEFAULT_RULESET).unwrap()
}

#[test]
fn export_then_import_is_the_identity_on_every_fixture_rule_set() {
    let paths = fixture_rulesets();
    let mut valid = 0;
    for p in paths {
        // Some conformance cases hold a rule set that must be refused.
        let Ok(rs) = RuleSet::from_json(&std::fs::read_to_string(&p).unwrap()) else {
            continue;
        };
        valid += 1;
        let bytes = rubric(&rs).unwrap();
        let back = read_rubric(&bytes, &ReadOptions::default())
            .unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        assert_eq!(back.to_json(), rs.to_json(), "{}", p.display());
        assert_eq!(back.sha256(), rs.sha256(), "{}", p.display());
    }
    assert!(valid > 20, "{valid} valid rule sets");
}

/// The workbook's sheets and a criterion's row, as an officer reads them.
#[test]
fn the_rubric_workbook_has_a_row_per_criterion_with_its_rule() {
    let rs = builtin();
    let bytes = rubric(&rs).unwrap();
    let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(&bytes)).unwrap();
    let names = wb.sheet_names();
    for s in [
        "ruleset",
        "levels",
        "components",
        "criteria",
        "groups",
        "bands",
    ] {
        assert!(names.contains(&s.to_string()), "{names:?}");
    }
    let crit = wb.worksheet_range("criteria").unwrap();
    let head: Vec<String> = crit
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|d| d.to_string())
        .collect();
    // What identifies a criterion and what it says first, where it comes from last.
    assert_eq!(
        head[..8],
        [
            "code",
            "level",
            "depth",
            "label.vi",
            "label.en",
            "max_points",
            "min_points",
            "rule.kind"
        ]
    );
    assert_eq!(head.last().map(String::as_str), Some("json:evidence"));
    let col = |name: &str| {
        head.iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("{name}: {head:?}"))
    };
    let row = crit
        .rows()
        .find(|r| {
            r[col("code")] == Data::String("3.3.3".into())
                && r[col("level")] == Data::String("department".into())
        })
        .expect("3.3.3 of the departments");
    assert_eq!(row[col("depth")], Data::Float(2.0));
    assert_eq!(row[col("max_points")].to_string(), "2");
    assert!(!row[col("rule.kind")].to_string().is_empty());
    assert!(!row[col("label.vi")].to_string().is_empty());
    let n_rows = crit.rows().count() - 1;
    let nodes = (rs.def().levels.iter()).fold(0usize, |a, l| a.saturating_add(count(&l.nodes)));
    assert_eq!(n_rows, nodes);
}

fn count(nodes: &[parindex::internal::Node]) -> usize {
    (nodes.iter()).fold(0usize, |a, n| {
        a.saturating_add(1).saturating_add(count(&n.children))
    })
}

/// A workbook with one cell changed, as a spreadsheet program saves it.
fn edit(
    bytes: &[u8],
    sheet: &str,
    find: (&str, &str),
    column: &str,
    value: Data,
) -> (Vec<u8>, String) {
    let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let mut out = rust_xlsxwriter::Workbook::new();
    let mut at = String::new();
    for name in wb.sheet_names() {
        let range = wb.worksheet_range(&name).unwrap();
        let ws = out.add_worksheet();
        ws.set_name(&name).unwrap();
        let head: Vec<String> = range
            .rows()
            .next()
            .map(|r| r.iter().map(|d| d.to_string()).collect())
            .unwrap_or_default();
        let (key, want) = find;
        let key_col = head.iter().position(|h| h == key);
        let target = head.iter().position(|h| h == column);
        for (i, row) in range.rows().enumerate() {
            for (j, d) in row.iter().enumerate() {
                let hit = name == sheet
                    && Some(j) == target
                    && key_col.is_some_and(|k| matches!(&row[k], Data::String(s) if s == want))
                    && at.is_empty();
                let d = if hit {
                    at = format!(
                        "{name}!{}{}",
                        parindex::table::column_letters(j as u32),
                        i + 1
                    );
                    &value
                } else {
                    d
                };
                match d {
                    Data::String(s) => {
                        ws.write_string(i as u32, j as u16, s).unwrap();
                    }
                    Data::Float(x) => {
                        ws.write_number(i as u32, j as u16, *x).unwrap();
                    }
                    Data::Bool(b) => {
                        ws.write_boolean(i as u32, j as u16, *b).unwrap();
                    }
                    _ => {}
                }
            }
        }
    }
    assert!(
        !at.is_empty(),
        "no cell {column} where {} = {}",
        find.0,
        find.1
    );
    (out.save_to_buffer().unwrap(), at)
}

#[test]
fn a_bad_cell_of_the_rubric_is_refused_with_its_code_and_cell() {
    let bytes = rubric(&builtin()).unwrap();
    let read = |b: &[u8]| read_rubric(b, &ReadOptions::default()).unwrap_err();
    // A leaf's maximum that is no number: the JSON reader's code, the criterion's path, the cell.
    let (b, at) = edit(
        &bytes,
        "criteria",
        ("code", "3.3.3"),
        "max_points",
        Data::String("hai".into()),
    );
    let e = read(&b);
    let i = e
        .issues()
        .iter()
        .find(|i| i.path.ends_with(".max_points"))
        .unwrap_or_else(|| panic!("{e}"));
    assert!(i.code.starts_with("ruleset."), "{i}");
    assert!(i.message.starts_with(&format!("{at}: ")), "{i} (want {at})");
    // Written in English, it keeps its cell.
    let en = i.clone().localized(parindex::Lang::En).message;
    assert!(
        en.starts_with(&format!("{at}: ")) && en != i.message,
        "{en} (want {at})"
    );
    // A group's maximum that no longer matches its criteria: the usual check, on the groups sheet.
    let (b, at) = edit(
        &bytes,
        "groups",
        ("id", "department"),
        "max_points",
        Data::String("57".into()),
    );
    let e = read(&b);
    assert!(
        e.issues()
            .iter()
            .any(|i| i.message.starts_with(&format!("{at}: "))),
        "{e} (want {at})"
    );
    // A choice rule's options that are not JSON.
    let (b, at) = edit(
        &bytes,
        "criteria",
        ("code", "1.1.1"),
        "json:rule.options",
        Data::String("[{".into()),
    );
    let e = read(&b);
    assert_eq!(e.code(), "ruleset.json_syntax");
    assert!(e.issues()[0].message.starts_with(&format!("{at}: ")), "{e}");
    // A criterion two levels below the one above it.
    let (b, at) = edit(
        &bytes,
        "criteria",
        ("code", "1.1"),
        "depth",
        Data::Float(3.0),
    );
    let e = read(&b);
    assert_eq!(e.code(), "ruleset.rubric_tree");
    assert!(
        e.issues()[0]
            .message
            .starts_with(&at[..at.find('!').unwrap() + 1]),
        "{e}"
    );
    // Not a rubric at all.
    let units = parindex::table::FactTable::new(&builtin())
        .write_xlsx(&builtin())
        .unwrap();
    assert_eq!(read(&units).code(), "ruleset.not_a_rubric");
}
