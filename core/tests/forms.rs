//! Forms 01–04 (S4) as the core writes them, read back by an independent reader (calamine for
//! the workbooks of forms 02/03/04, the DOCX's `word/document.xml` for form 01): the column of
//! why points were lost is the engine's explanation text, the self-score stays beside the
//! appraised points, and form 01's evidence section lists what the unit scored, once.
#![cfg(feature = "tables")]

use calamine::{Data, Reader, Xlsx};
use parindex::result::NodeStatus;
use parindex::table::{self, FormOptions, Lang};
use parindex::{Decimal, RuleSet, UnitScore};
use std::io::Cursor;

fn builtin() -> RuleSet {
    parindex::builtin::ruleset(parindex::builtin::DEFAULT_RULESET).unwrap()
}

/// The example province with `edit` applied to its units, scored.
fn example_with(edit: impl FnOnce(&mut serde_json::Value)) -> Vec<UnitScore> {
    let mut v: serde_json::Value =
        serde_json::from_str(parindex::builtin::EXAMPLE_PROVINCE).unwrap();
    edit(&mut v);
    let r = builtin().score_json(&v.to_string()).unwrap();
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    r.units
}

fn unit<'a>(units: &'a [UnitScore], id: &str) -> &'a UnitScore {
    units.iter().find(|u| u.id == id).unwrap()
}

/// The form's sheet as text cells, one vector per row.
fn sheet(bytes: &[u8]) -> Vec<Vec<String>> {
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let name = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&name).unwrap();
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::Float(x) => Decimal::try_from(*x).unwrap().normalize().to_string(),
                    Data::Int(i) => i.to_string(),
                    Data::Empty => String::new(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

/// The sheet row of criterion `code` (its code in column A).
fn sheet_row<'a>(cells: &'a [Vec<String>], code: &str) -> &'a [String] {
    cells.iter().find(|r| r[0] == code).unwrap()
}

/// Issue 22: the forms wrote their own wording of a node's status beside the engine's
/// explanation text. The column of why points were lost is now the engine's text (that of
/// `explain`, Python's `NodeScore.text()` and the portal), in the form's language, for every
/// node that lost points or was not scored as usual, and nothing for the others.
#[test]
fn the_forms_why_is_the_engines_explanation_text() {
    let rs = builtin();
    let units = example_with(|_| {});
    let mut shown = 0;
    for id in ["vp_ubnd", "so_nnptnt", "da_bac"] {
        let u = unit(&units, id);
        for lang in [Lang::Vi, Lang::En] {
            let rows = table::form_rows(&rs, u, lang).unwrap();
            for r in &rows {
                let n = u.nodes.find(&r.code).unwrap();
                let unusual = matches!(
                    n.status,
                    NodeStatus::NotApplicableFull
                        | NodeStatus::NotApplicableExcluded
                        | NodeStatus::NotRecognised
                        | NodeStatus::Missing
                );
                if n.lost > Decimal::ZERO || unusual {
                    assert_eq!(r.why, n.text(lang), "{id} {}", r.code);
                    shown += 1;
                } else {
                    assert_eq!(r.why, "", "{id} {}", r.code);
                }
            }
        }
    }
    assert!(shown > 50, "{shown}");
    // Sở Nông nghiệp's 2.3.2, appraised 0.5 of the unit's 1 (S7), and 1.7, self-scored without
    // evidence: the words of `explain`, then the council's note, in the workbook's column H.
    let u = unit(&units, "so_nnptnt");
    let opts = FormOptions::default();
    let cells = sheet(&table::form(&rs, u, &opts).unwrap());
    let why = &sheet_row(&cells, "2.3.2")[7];
    assert!(
        why.starts_with("manual: thẩm định; Hội đồng (Sở Tư pháp):"),
        "{why}"
    );
    assert_eq!(
        sheet_row(&cells, "1.7")[7],
        "met: tự chấm không có tài liệu kiểm chứng → không công nhận (S7); \
         Tự chấm 0,5 điểm nhưng không đính kèm tài liệu kiểm chứng."
    );
    let en = FormOptions {
        lang: Lang::En,
        ..FormOptions::default()
    };
    let cells = sheet(&table::form(&rs, u, &en).unwrap());
    assert!(
        sheet_row(&cells, "2.3.2")[7].starts_with("manual: appraised; "),
        "{}",
        sheet_row(&cells, "2.3.2")[7]
    );
}
