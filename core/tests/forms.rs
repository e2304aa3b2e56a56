//! Forms 01–04 (S4) as the core writes them, read back by an independent reader (calamine for
//! the workbooks of forms 02/03/04, the DOCX's `word/document.xml` for form 01): the column of
//! why points were lost is the engine's explanation text, the self-score stays beside the
//! appraised points, and form 01's evidence section lists what the unit scored, once.
#![cfg(feature = "tables")]

mod common;
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
fn s4_the_forms_why_is_the_engines_explanation_text() {
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
                    assert_eq!(r.why, rs.node_text(&u.level, &n, lang), "{id} {}", r.code);
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
        why.starts_with("Điểm thẩm định của Hội đồng; Hội đồng (Sở Tư pháp):"),
        "{why}"
    );
    assert_eq!(
        sheet_row(&cells, "1.7")[7],
        "Tự chấm không có tài liệu kiểm chứng: không được công nhận; \
         Tự chấm 0,5 điểm nhưng không đính kèm tài liệu kiểm chứng."
    );
    // No cell names a rule of the specification (`(S7)`, `(S9)`): the survey's row says how its
    // points come from the percentage in words only.
    for cell in cells.iter().flatten() {
        assert!(common::spec_ids(cell).is_empty(), "{cell}");
    }
    assert!(
        (cells.iter().flatten()).any(|c| c.starts_with("Tỷ lệ ") && c.ends_with(" / 100")),
        "the survey's row"
    );
    let en = FormOptions {
        lang: Lang::En,
        ..FormOptions::default()
    };
    let cells = sheet(&table::form(&rs, u, &en).unwrap());
    assert!(
        sheet_row(&cells, "2.3.2")[7].starts_with("Points appraised by the council; "),
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

/// Form 01's criteria lacking evidence wrote every criterion's evidence list in full, the same
/// documents again and again (86 entries of 38 documents for a department), for criteria the
/// unit did not even score. Now: only the criteria the unit scored (a self-score above 0) without
/// complete evidence, under their fields' headings; then each document of the evidence list those
/// criteria ask for, once, with the criteria that ask for it.
#[test]
fn s4_form_01_lists_the_scored_criteria_lacking_evidence_and_each_document_once() {
    let rs = builtin();
    let units = example_with(|_| {});
    let u = unit(&units, "so_nnptnt");
    let rows = table::form_rows(&rs, u, Lang::Vi).unwrap();
    let doc = document_text(&table::report(&rs, u, &FormOptions::default()).unwrap());
    // The section, after the summary table (whose rows start with the codes too).
    let start = doc
        .find("\n3. Các tiêu chí, tiêu chí thành phần chấm điểm không có")
        .unwrap();
    let end = doc.find("\nII. ĐÁNH GIÁ CHUNG").unwrap();
    let doc = &doc[start..end];
    let lacking: Vec<&FormRow> = (rows.iter())
        .filter(|r| r.leaf && r.self_points.is_some_and(|p| p > Decimal::ZERO))
        .filter(|r| r.evidence.len() < r.evidence_required.len().max(1))
        .filter(|r| matches!(r.status, NodeStatus::Scored | NodeStatus::NotRecognised))
        .collect();
    assert!(lacking.len() > 20, "{}", lacking.len());
    // S7: 1.7, scored 0.5 without evidence (not recognised), is listed; 1.3.1, 0 points (not
    // met), asks for nothing.
    assert!(
        doc.contains(
            "1.7|Gắn kết kết quả CCHC với công tác thi đua, khen thưởng|0,5|Chưa có tài liệu nào||"
        ),
        "{doc}"
    );
    assert_eq!(row(&rows, "1.3.1").self_points, Some(dec("0.00")));
    assert!(!doc.contains("\n1.3.1|"), "{doc}");
    // 2.3.2 has one document of the two its list asks for.
    assert!(
        doc.contains(
            "2.3.2|Xử lý kết quả theo dõi thi hành pháp luật|1|snn-2019-theo-doi-thpl.pdf||"
        ),
        "{doc}"
    );
    for r in &lacking {
        assert_eq!(
            doc.matches(&format!("\n{}|", r.code)).count(),
            1,
            "{}",
            r.code
        );
    }
    // Under the headings of their fields, in the rubric's order.
    let fields: Vec<&str> = (rows.iter().filter(|r| r.depth == 0))
        .map(|r| r.label.as_str())
        .collect();
    let at = |s: &str| doc.find(s).unwrap_or_else(|| panic!("no {s}"));
    let first = at("\n1.1.2|");
    assert!(at(&format!("\n1. {}|", fields[0])) < first);
    assert!(at(&format!("\n7. {}|", fields[6])) < at("\n7.1.1|"));
    // Every document asked for, once, with the criteria that ask for it.
    let mut asked: Vec<(&str, Vec<&str>)> = Vec::new();
    for r in &lacking {
        for e in &r.evidence_required {
            match asked.iter_mut().find(|(d, _)| d == e) {
                Some((_, codes)) => codes.push(&r.code),
                None => asked.push((e, vec![&r.code])),
            }
        }
    }
    let total = (lacking.iter()).fold(0usize, |n, r| n.saturating_add(r.evidence_required.len()));
    assert!(asked.len() * 2 < total, "{} of {total}", asked.len());
    // (A criterion's label may be its document's name: counted in the documents' table.)
    let documents = &doc[at("\nTài liệu kiểm chứng cần có cho các tiêu chí trên")..];
    for (i, (d, codes)) in asked.iter().enumerate() {
        assert_eq!(documents.matches(&format!("|{d}|")).count(), 1, "{d}");
        let line = format!("\n{}|{d}|{}|", i + 1, codes.join(", "));
        assert!(doc.contains(&line), "{line}");
    }
    assert!(!doc.contains('•'), "{doc}");
}

/// A unit that attached the evidence of every criterion it scored lacks nothing: form 01 says so,
/// and asks for no document.
#[test]
fn s4_form_01_of_a_unit_with_every_evidence_asks_for_nothing() {
    let rs = builtin();
    let units = example_with(|v| {
        let u = (v["units"].as_array_mut().unwrap().iter_mut())
            .find(|u| u["id"] == "so_noi_vu")
            .unwrap();
        for (code, item) in u["items"].as_object_mut().unwrap() {
            item["evidence"] = serde_json::json!([
                format!("{code}-a.pdf"),
                format!("{code}-b.pdf"),
                format!("{code}-c.pdf")
            ]);
        }
    });
    let u = unit(&units, "so_noi_vu");
    let doc = document_text(&table::report(&rs, u, &FormOptions::default()).unwrap());
    assert!(
        doc.contains("Không có: mọi tiêu chí được chấm điểm đều có đủ tài liệu kiểm chứng."),
        "{doc}"
    );
    assert!(!doc.contains("Tài liệu kiểm chứng cần có"), "{doc}");
}
