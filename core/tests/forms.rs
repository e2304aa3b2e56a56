//! Forms 01–04 (S4) as the core writes them, read back by an independent reader (calamine for
//! the workbooks of forms 02/03/04, the DOCX's `word/document.xml` for form 01): the column of
//! why points were lost is the engine's explanation text, the self-score stays beside the
//! appraised points, and form 01's evidence section lists what the unit scored, once.
#![cfg(feature = "tables")]

use calamine::{Data, Reader, Xlsx};
use parindex::result::NodeStatus;
use parindex::table::{self, FormOptions, FormRow, Lang};
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

fn row<'a>(rows: &'a [FormRow], code: &str) -> &'a FormRow {
    rows.iter().find(|r| r.code == code).unwrap()
}

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
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

/// S7, forms 02/03/04: a unit that gave facts for a criterion (the software computes its
/// self-score) which the council then appraised showed no self-score at all, and its parents'
/// self-scores left it out. The self-score is the points the facts give, beside the appraised
/// points, in the rows, the workbook and the report.
#[test]
fn s7_the_self_score_stays_beside_the_appraised_points() {
    let rs = builtin();
    let appraised = example_with(|v| {
        let u = (v["units"].as_array_mut().unwrap().iter_mut())
            .find(|u| u["id"] == "so_noi_vu")
            .unwrap();
        u["items"]["3.3.3"]["appraised"] = "1.5".into();
    });
    let u = unit(&appraised, "so_noi_vu");
    // Without the appraisal, the same facts (299 of 332 files on time, 90.06%) give 1.8.
    let before = example_with(|_| {});
    let facts = unit(&before, "so_noi_vu")
        .nodes
        .find("3.3.3")
        .unwrap()
        .points;
    assert_eq!(facts, dec("1.80"));
    let at = |code: &str| {
        (u.nodes.iter())
            .position(|n| n.code.as_ref() == code)
            .unwrap()
    };
    assert_eq!(u.nodes.facts_points(at("3.3.3")), Some(facts));
    assert_eq!(u.nodes.facts_points(at("3.3")), None, "a parent");
    assert_eq!(u.nodes.facts_points(at("2.1.2")), None, "not applicable");
    let rows = table::form_rows(&rs, u, Lang::Vi).unwrap();
    let leaf = row(&rows, "3.3.3");
    assert_eq!(
        (leaf.self_points, leaf.appraised, leaf.lost),
        (Some(facts), Some(dec("1.50")), dec("0.50"))
    );
    // The parent adds it up with its other sub-criteria (1 + 0.5 + 1.8 + 0.5).
    assert_eq!(row(&rows, "3.3").self_points, Some(dec("3.80")));
    assert_eq!(row(&rows, "3.3").appraised, Some(dec("3.50")));
    let cells = sheet(&table::form(&rs, u, &FormOptions::default()).unwrap());
    let r = sheet_row(&cells, "3.3.3");
    assert_eq!((r[3].as_str(), r[5].as_str()), ("1.8", "1.5"));
    assert_eq!(sheet_row(&cells, "3.3")[3], "3.8");
    // Form 01's summary table: the same self-score, the Vietnamese way.
    let doc = document_text(&table::report(&rs, u, &FormOptions::default()).unwrap());
    assert!(
        doc.contains("Tỷ lệ hồ sơ TTHC được giải quyết đúng hạn|2|1,8|1,5|"),
        "{doc}"
    );
}

/// The text of a DOCX's body: each table cell's text followed by `|`, each paragraph outside a
/// table on a line of its own.
fn document_text(bytes: &[u8]) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml)
        .unwrap();
    let mut out = String::new();
    let mut rest = xml.as_str();
    let mut in_cell = 0usize;
    while let Some(open) = rest.find('<') {
        let close = rest[open..].find('>').map_or(rest.len(), |c| open + c);
        let tag = &rest[open + 1..close];
        let name = tag.split([' ', '/']).next().unwrap_or_default();
        match name {
            "w:t" if !tag.ends_with('/') => {
                let end = rest[close..]
                    .find("</w:t>")
                    .map_or(rest.len(), |e| close + e);
                out.push_str(&unescape(&rest[close + 1..end]));
                rest = &rest[end..];
                continue;
            }
            "w:tc" => in_cell += 1,
            "" if tag == "/w:tc" => {
                in_cell = in_cell.saturating_sub(1);
                out.push('|');
            }
            "" if tag == "/w:p" && in_cell == 0 => out.push('\n'),
            "" if tag == "/w:tr" => out.push('\n'),
            "w:br" if in_cell > 0 => out.push(' '),
            _ => {}
        }
        rest = &rest[close.min(rest.len())..];
        rest = rest.get(1..).unwrap_or_default();
    }
    out
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}
