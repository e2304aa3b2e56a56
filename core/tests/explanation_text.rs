//! The explanation's text (`NodeScore::text`: `explain`, Python's `.text()`, the portal, the
//! "why" column of forms 01–04, S4) in the words an officer reads: every rule kind (C1–C13) says
//! its way of scoring in Vietnamese and in English, never by the kind's id; a parent that lost
//! points names the children it lost them in; the options, outcomes and deductions it names are
//! named by their labels in the text's language (`RuleSet::node_text`), never by their ids.

mod common;
use common::*;
use parindex::{Lang, NodeScore, RuleSet, UnitScore};
use serde_json::{json, Value};
use std::collections::BTreeSet;

fn node(s: &UnitScore, code: &str) -> NodeScore {
    s.nodes.find(code).unwrap()
}

/// The text of leaf `1.1` of a one-leaf rule set of maximum `max` for `item`, in both languages,
/// as every face renders it (with the rule set: labels, not ids).
fn leaf_text(rule: Value, max: &str, item: Value) -> (String, String) {
    let rs = one_leaf(rule, max, None);
    let s = score_item(&rs, item).unwrap_or_else(|e| panic!("{e}"));
    let n = node(&s, "1.1");
    (
        rs.node_text(&s.level, &n, Lang::Vi),
        rs.node_text(&s.level, &n, Lang::En),
    )
}

/// The ids the texts must not show: every rule kind's (`met`, `outcome_ratio`…, from the rule
/// set's schema), every branch's (`band`, `below_threshold`…, from the result's) and the caps'.
fn ids() -> (BTreeSet<String>, BTreeSet<String>) {
    let consts = |schema: Value, def: &str, tag: &str| -> BTreeSet<String> {
        schema["$defs"][def]["oneOf"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v["properties"][tag]["const"].as_str().unwrap().to_string())
            .collect()
    };
    let kinds = consts(parindex::api::schema::ruleset_schema(), "Rule", "kind");
    let branches = consts(parindex::api::schema::result_schema(), "Branch", "rule");
    assert_eq!(kinds.len(), 11, "{kinds:?}");
    assert!(branches.len() > 12, "{branches:?}");
    (kinds, branches)
}

/// The words of a text: runs of letters, digits and `_` (`outcome_ratio` is one word).
fn words(text: &str) -> BTreeSet<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Every rule kind in Vietnamese and in English, each branch it can take; the Vietnamese names no
/// rule kind's or branch's id, and no text starts with the kind's id as the text once did
/// (`met: không đạt`).
#[test]
fn every_rule_kind_explains_its_points_in_words_c1_to_c13() {
    let choice = json!({"kind": "choice", "options": [
        {"id": "dung_han", "label": {"vi": "Đúng hạn", "en": "On time"}, "points": "2"},
        {"id": "cham", "label": {"vi": "Chậm", "en": "Late"}, "points": "1"}
    ]});
    let proportional = json!({"kind": "proportional", "threshold": "80", "below_points": "0", "full_at": "90", "zero_denominator_points": "2"});
    let each = json!({"kind": "outcome_ratio", "zero_denominator_points": "1", "outcomes": [
        {"id": "da_xu_ly", "label": {"vi": "Đã xử lý", "en": "Resolved"}, "weight": "1"},
        {"id": "dang_xu_ly", "label": {"vi": "Đang xử lý", "en": "In progress"}, "weight": "0.5"}
    ]});
    let mut weighted = each.clone();
    weighted["percentage_of"] = json!("weighted_rate");
    let deductions = json!({"kind": "deductions", "deductions": [
        {"id": "bao_cao_tre", "label": {"vi": "Báo cáo trễ", "en": "Late report"}, "points": "0.25"},
        {"id": "thieu_bao_cao", "label": {"vi": "Thiếu báo cáo"}, "points": "0.5"}
    ]});
    #[rustfmt::skip]
    let cases: Vec<(&str, Value, &str, Value, &str, &str)> = vec![
        ("choice", choice, "2", json!({"choice": "cham"}),
            "Phương án đã chọn: Chậm", "Option chosen: Late"),
        ("met", json!({"kind": "met"}), "2", json!({"met": false}),
            "Chưa đạt yêu cầu", "Requirement not met"),
        ("met", json!({"kind": "met"}), "2", json!({"met": true}),
            "Đạt yêu cầu", "Requirement met"),
        // 15 of 17 = 88.235294…% → 88.24% (S9), in [70, 90): "từ … đến dưới".
        ("bands", bands_rule(), "2", json!({"numerator": 15, "denominator": 17}),
            "Tỷ lệ 88.24% (làm tròn từ ≈88.235294%) thuộc khoảng từ 70% đến dưới 90%",
            "Rate 88.24% (rounded from ≈88.235294%) in the band at least 70% and below 90%"),
        ("bands", bands_rule(), "2", json!({"percentage": "100"}),
            "Tỷ lệ 100.00% thuộc khoảng từ 90% đến 100%",
            "Rate 100.00% in the band at least 90% and at most 100%"),
        ("bands", bands_rule(), "2", json!({"numerator": 0, "denominator": 0}),
            "Mẫu số bằng 0: được số điểm quy định cho trường hợp này",
            "Denominator 0: the points the rule set declares for this case"),
        ("proportional", proportional.clone(), "2", json!({"percentage": "85"}),
            "Tính theo tỷ lệ: 85.00% / 90% × 2 (điểm tối đa)",
            "In proportion to the rate: 85.00% / 90% × 2 (the maximum)"),
        ("proportional", proportional.clone(), "2", json!({"percentage": "95"}),
            "Tính theo tỷ lệ: 95.00% đạt mức đủ điểm 90% → 2 (điểm tối đa)",
            "In proportion to the rate: 95.00% reaches 90%, full points → 2 (the maximum)"),
        ("proportional", proportional, "2", json!({"percentage": "79.99"}),
            "Tỷ lệ 79.99% dưới ngưỡng 80%: được điểm quy định dưới ngưỡng",
            "Rate 79.99% below the threshold 80%: the points declared below it"),
        ("normalized", json!({"kind": "normalized", "zero_best_points": "1"}), "2", json!({"value": "0"}),
            "Giá trị cao nhất của các đơn vị bằng 0: được số điểm quy định cho trường hợp này",
            "The best value among the units is 0: the points the rule set declares for this case"),
        ("count", json!({"kind": "count", "points_each": "0.5"}), "2", json!({"count": 3}),
            "Tính theo số lượng: 3 × 0.5 điểm", "By number: 3 × 0.5 points"),
        // 5 × 0.5 = 2.5, held at the maximum 2.
        ("count", json!({"kind": "count", "points_each": "0.5"}), "2", json!({"count": 5}),
            "Tính theo số lượng: 5 × 0.5 điểm [không quá điểm tối đa 2: 2.50 → 2.00, cắt 0.50 điểm]",
            "By number: 5 × 0.5 points [at most the maximum 2: 2.50 → 2.00, 0.50 points cut]"),
        ("outcome_ratio", each, "1", json!({"outcomes": {"da_xu_ly": 4, "dang_xu_ly": 7}, "denominator": 12}),
            "Tính theo tỷ lệ từng kết quả: Đã xử lý 33.33% × 1 + Đang xử lý 58.33% × 0.5",
            "By the rate of each outcome: Resolved 33.33% × 1 + In progress 58.33% × 0.5"),
        ("outcome_ratio", weighted, "1", json!({"outcomes": {"da_xu_ly": 4, "dang_xu_ly": 7}, "denominator": 12}),
            "Tỷ lệ có trọng số 62.50% = (Đã xử lý 4×1 + Đang xử lý 7×0.5) / (12×1), nhân 1",
            "Weighted rate 62.50% = (Resolved 4×1 + In progress 7×0.5) / (12×1), times 1"),
        ("deductions", deductions.clone(), "2", json!({"events": {"bao_cao_tre": 2, "thieu_bao_cao": 1}}),
            "Trừ điểm từ 2: − 2×0.25 (Báo cáo trễ) − 1×0.5 (Thiếu báo cáo)",
            "Deducted from 2: − 2×0.25 (Late report) − 1×0.5 (Thiếu báo cáo)"),
        ("deductions", deductions.clone(), "2", json!({"events": {"bao_cao_tre": 0}}),
            "Không bị trừ điểm: giữ 2 điểm", "Nothing deducted: 2 points kept"),
        ("deductions", deductions, "1", json!({"events": {"bao_cao_tre": 0}}),
            "Không bị trừ điểm: giữ 1 điểm", "Nothing deducted: 1 point kept"),
        ("survey", json!({"kind": "survey"}), "1.5", json!({"percentage": "77.5"}),
            "Theo kết quả khảo sát: 77.5% × 1.5 (điểm tối đa)",
            "From the survey: 77.5% × 1.5 (the maximum)"),
        ("external", json!({"kind": "external"}), "2", json!({"points": "1.5"}),
            "Điểm do nơi khác công bố riêng", "Points announced separately"),
        ("manual", json!({"kind": "manual"}), "2", json!({"points": "1.5"}),
            "Điểm nhập trực tiếp", "Points entered directly"),
        // Where the facts did not give the points: no data, a self score without evidence (S7),
        // the council's appraisal (with the rate the unit's facts give), a recognised self score.
        ("met", json!({"kind": "met"}), "2", json!({}),
            "Không có dữ liệu: 0 điểm", "No data: 0 points"),
        ("met", json!({"kind": "met"}), "2", json!({"self": "2"}),
            "Tự chấm không có tài liệu kiểm chứng: không được công nhận",
            "Self score without evidence: not recognised"),
        ("bands", bands_rule(), "2", json!({"percentage": "95", "appraised": "1"}),
            "Điểm thẩm định của Hội đồng (tỷ lệ theo số liệu 95.00%)",
            "Points appraised by the council (rate from the facts 95.00%)"),
        ("manual", json!({"kind": "manual"}), "2", json!({"self": "1.5", "evidence": ["a.pdf"]}),
            "Điểm tự chấm, có tài liệu kiểm chứng", "The unit's self score, with evidence"),
    ];
    let (kinds, branches) = ids();
    // The options', outcomes' and deductions' ids of the rules above.
    let ids = [
        "dung_han",
        "cham",
        "da_xu_ly",
        "dang_xu_ly",
        "bao_cao_tre",
        "thieu_bao_cao",
    ];
    let mut seen = BTreeSet::new();
    for (kind, rule, max, item, vi, en) in cases {
        let (got_vi, got_en) = leaf_text(rule, max, item.clone());
        assert_eq!(
            (got_vi.as_str(), got_en.as_str()),
            (vi, en),
            "{kind} {item}"
        );
        let named: Vec<_> = words(&got_vi)
            .into_iter()
            .filter(|w| {
                kinds.contains(w)
                    || branches.contains(w)
                    || w == "max"
                    || w == "min"
                    || ids.contains(&w.as_str())
            })
            .collect();
        assert!(named.is_empty(), "{kind}: {got_vi} names {named:?}");
        let named_en: Vec<_> = (words(&got_en).into_iter())
            .filter(|w| ids.contains(&w.as_str()))
            .collect();
        assert!(named_en.is_empty(), "{kind}: {got_en} names {named_en:?}");
        assert!(!got_en.starts_with(&format!("{kind}:")), "{got_en}");
        seen.insert(kind);
    }
    assert_eq!(
        seen,
        kinds.iter().map(String::as_str).collect(),
        "every rule kind"
    );
}

/// C5: the best value and the unit that has it, among the units scored together.
#[test]
fn c5_normalized_names_the_best_value_and_its_unit() {
    let rs = one_leaf(
        json!({"kind": "normalized", "zero_best_points": "0"}),
        "2",
        None,
    );
    let unit = |id: &str, v: &str| json!({"id": id, "name": id, "group": "g", "items": {"1.1": {"value": v}}});
    let batch = json!({"format_version": 1, "ruleset": "test", "units": [unit("a", "40.6"), unit("b", "50")]});
    let result = rs.score_json(&batch.to_string()).unwrap();
    let n = node(&result.units[0], "1.1");
    assert_eq!(
        n.text(Lang::Vi),
        "So với giá trị cao nhất: 40.6 / 50 (giá trị cao nhất, của b) × 2 (điểm tối đa)"
    );
    assert_eq!(
        n.text(Lang::En),
        "Relative to the best: 40.6 / 50 (the best, of b) × 2 (the maximum)"
    );
}

/// A parent that lost points names the children it lost them in, in order (a criterion's are
/// sub-criteria, a field's criteria); one that lost none is the sum of its children. The list
/// is in the node's JSON (`lost_in`), so that a node read back (Python) says the same.
#[test]
fn a_parent_names_the_children_that_lost_points() {
    let met = |code: &str| json!({"code": code, "label": {"vi": code}, "max_points": "1", "source": "reconstructed", "rule": {"kind": "met"}});
    let nodes = json!([{"code": "1", "label": {"vi": "Lĩnh vực"}, "max_points": "5", "source": "reconstructed", "children": [
        {"code": "1.1", "label": {"vi": "Tiêu chí"}, "max_points": "3", "source": "reconstructed", "children": [
            met("1.1.1"), met("1.1.2"), met("1.1.3")
        ]},
        {"code": "1.2", "label": {"vi": "Tiêu chí"}, "max_points": "2", "source": "reconstructed", "children": [
            met("1.2.1"), met("1.2.2")
        ]}
    ]}]);
    let rs: RuleSet = ruleset_with(
        nodes,
        json!([{"id": "g", "level": "l", "label": {"vi": "Nhóm"}, "max_points": "5"}]),
        json!([]),
    );
    let items = json!({"1.1.1": {"met": true}, "1.1.2": {"met": false}, "1.1.3": {"met": false},
                       "1.2.1": {"met": true}, "1.2.2": {"met": true}});
    let s = score_unit_json(
        &rs,
        json!({"id": "u", "name": "U", "group": "g", "items": items}),
    )
    .unwrap();
    let c = node(&s, "1.1");
    assert_eq!(
        c.lost_in.iter().map(|c| &**c).collect::<Vec<_>>(),
        ["1.1.2", "1.1.3"]
    );
    assert_eq!(
        c.text(Lang::Vi),
        "Mất điểm ở tiêu chí thành phần 1.1.2, 1.1.3"
    );
    assert_eq!(c.text(Lang::En), "Points lost in sub-criteria 1.1.2, 1.1.3");
    let f = node(&s, "1");
    assert_eq!(f.text(Lang::Vi), "Mất điểm ở tiêu chí 1.1");
    assert_eq!(f.text(Lang::En), "Points lost in criteria 1.1");
    let full = node(&s, "1.2");
    assert!(full.lost_in.is_empty());
    assert_eq!(full.text(Lang::Vi), "Tổng điểm các tiêu chí thành phần");
    assert_eq!(full.text(Lang::En), "Sum of the sub-criteria");
    let json = serde_json::to_value(&c).unwrap();
    assert_eq!(json["lost_in"], json!(["1.1.2", "1.1.3"]));
    assert!(serde_json::to_value(&full)
        .unwrap()
        .get("lost_in")
        .is_none());
    let back: NodeScore = serde_json::from_value(json).unwrap();
    assert_eq!(back.text(Lang::Vi), c.text(Lang::Vi));
}

/// C1, C7, C8: the example province's texts, as every face renders them (`RuleSet::node_text`),
/// name each option chosen, outcome and deduction by its label (`Ban hành chậm so với thời
/// hạn`), never by its id (`cham`); a node read back without its rule set (`NodeScore::text`)
/// names them by their ids, quoted, as the only fallback.
#[test]
fn c1_c7_c8_texts_name_options_outcomes_and_deductions_by_their_labels() {
    let rs = RuleSet::builtin("hoabinh-1440-2019").unwrap();
    let result = rs.score_json(parindex::builtin::EXAMPLE_PROVINCE).unwrap();
    // Every option's, outcome's and deduction's id of the rule set.
    let mut ids = BTreeSet::new();
    for l in rs.levels() {
        for n in &l.nodes {
            match &n.rule {
                Some(parindex::internal::Rule::Choice { options }) => {
                    ids.extend(options.iter().map(|o| o.id.clone()))
                }
                Some(parindex::internal::Rule::OutcomeRatio { outcomes, .. }) => {
                    ids.extend(outcomes.iter().map(|o| o.id.clone()))
                }
                Some(parindex::internal::Rule::Deductions { deductions, .. }) => {
                    ids.extend(deductions.iter().map(|o| o.id.clone()))
                }
                _ => {}
            }
        }
    }
    assert!(
        ids.contains("cham") && ids.contains("bao_cao_tre_han"),
        "{ids:?}"
    );
    let mut labelled = 0;
    for u in &result.units {
        for n in &u.nodes {
            for lang in [Lang::Vi, Lang::En] {
                let text = rs.node_text(&u.level, &n, lang);
                let named: Vec<_> = (words(&text).into_iter())
                    .filter(|w| ids.contains(w))
                    .collect();
                assert!(
                    named.is_empty(),
                    "{} {}: {text} names {named:?}",
                    u.id,
                    n.code
                );
                if text.starts_with("Phương án đã chọn:") || text.contains(" (Mỗi ") {
                    labelled += 1;
                }
            }
        }
    }
    assert!(labelled > 50, "{labelled}");
    // Sở Xây dựng's plan was issued late; Sở Tài nguyên và Môi trường sent two reports late and
    // left one quarterly report unsent; Sở Xây dựng's complaints were 5 resolved, 3 in progress.
    let unit = |id: &str| result.units.iter().find(|u| u.id == id).unwrap();
    let text = |id: &str, code: &str, lang: Lang| {
        let u = unit(id);
        rs.node_text(&u.level, &node(u, code), lang)
    };
    assert_eq!(
        text("so_xay_dung", "1.1.1", Lang::Vi)
            .split("; ")
            .next()
            .unwrap(),
        "Phương án đã chọn: Ban hành chậm so với thời hạn"
    );
    assert_eq!(
        text("so_tnmt", "1.2", Lang::Vi),
        "Trừ điểm từ 1: − 2×0.25 (Mỗi báo cáo gửi trễ hạn) − 1×0.5 (Mỗi báo cáo quý không gửi)"
    );
    // The English text names them by their English labels.
    assert_eq!(
        text("so_tnmt", "1.2", Lang::En),
        "Deducted from 1: − 2×0.25 (Each report sent late) − 1×0.5 (Each quarterly report not sent)"
    );
    assert!(
        text("so_xay_dung", "2.2.2", Lang::Vi).contains("Đã xử lý hoặc kiến nghị xử lý "),
        "{}",
        text("so_xay_dung", "2.2.2", Lang::Vi)
    );
    // Without the rule set: the ids, quoted.
    let back = node(unit("so_tnmt"), "1.2");
    assert_eq!(
        back.text(Lang::Vi),
        "Trừ điểm từ 1: − 2×0.25 (`bao_cao_tre_han`) − 1×0.5 (`thieu_bao_cao_quy`)"
    );
}

/// Every provenance has an officer's label in Vietnamese and in English, none of them the JSON
/// value; `Provenance::id` is the value of the rule-set and result schemas, in their order.
#[test]
fn every_provenance_has_an_officers_label_and_its_json_value() {
    use parindex::result::Provenance;
    let schema = parindex::api::schema::result_schema();
    let values: Vec<&str> = schema["$defs"]["Provenance"]["oneOf"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["const"].as_str().unwrap())
        .collect();
    assert_eq!(
        Provenance::ALL.map(Provenance::id).to_vec(),
        values,
        "the schema's values"
    );
    let mut seen = BTreeSet::new();
    for p in Provenance::ALL {
        assert_eq!(serde_json::to_value(p).unwrap(), json!(p.id()));
        for lang in [Lang::Vi, Lang::En] {
            let label = p.label(lang);
            assert!(label != p.id() && !label.contains('_'), "{label}");
            assert!(seen.insert(label), "{label} repeats another");
        }
    }
    assert_eq!(
        Provenance::Reconstructed.label(Lang::Vi),
        "dựng lại (chờ phụ lục)"
    );
}

/// Regression: the texts of nodes not applicable (C9, C10), outside the unit's group (S2) and
/// self-scored without evidence (S7) ended with those ids, `(C9)`, `(S7)`, which officers do
/// not know. No text of any node, in either language, with or without the rule set, names one.
#[test]
fn no_text_names_a_rule_id_of_the_specification() {
    assert_eq!(spec_ids("x (C9) y (S10) (Cx) (S) (C1"), ["(C9)", "(S10)"]);
    let rs = RuleSet::builtin("hoabinh-1440-2019").unwrap();
    let mut batch: Value = serde_json::from_str(parindex::builtin::EXAMPLE_PROVINCE).unwrap();
    let unit = (batch["units"].as_array_mut().unwrap().iter_mut())
        .find(|u| u["id"] == "so_noi_vu")
        .unwrap();
    let items = unit["items"].as_object_mut().unwrap();
    items.insert("2.1.2".into(), json!({"not_applicable": true}));
    items.insert("4.4".into(), json!({"not_applicable": true}));
    items.insert("1.1.1".into(), json!({"self": "1"}));
    items.remove("1.2");
    let result = rs.score_json(&batch.to_string()).unwrap();
    assert!(result.errors.is_empty(), "{:?}", result.errors);
    let mut statuses = BTreeSet::new();
    for u in &result.units {
        for n in &u.nodes {
            statuses.insert(format!("{:?}", n.status));
            for lang in [Lang::Vi, Lang::En] {
                for text in [rs.node_text(&u.level, &n, lang), n.text(lang)] {
                    assert!(spec_ids(&text).is_empty(), "{} {}: {text}", u.id, n.code);
                }
            }
        }
    }
    assert_eq!(statuses.len(), 7, "every status: {statuses:?}");
    let u = result.units.iter().find(|u| u.id == "so_noi_vu").unwrap();
    let text = |code: &str, lang| rs.node_text(&u.level, &node(u, code), lang);
    assert_eq!(text("2.1.2", Lang::Vi), "Không áp dụng: được đủ điểm");
    assert_eq!(
        text("4.4", Lang::En),
        "Not applicable: taken out of the maximum"
    );
    assert_eq!(
        text("1.1.1", Lang::Vi),
        "Tự chấm không có tài liệu kiểm chứng: không được công nhận"
    );
}

/// Regression: error and warning messages ended with the specification's ids (`… (S7)`, `(S2,
/// S4)`, `(act `review`, S8)`, `S9 rounds…`), which the officers who read them do not know. No
/// template of the registry, in either language, names one.
#[test]
fn no_message_names_a_rule_id_of_the_specification() {
    let named = |text: &str| {
        text.split(|c: char| !c.is_ascii_alphanumeric()).any(|w| {
            w.len() > 1
                && matches!(w.as_bytes()[0], b'S' | b'C')
                && w[1..].bytes().all(|b| b.is_ascii_digit())
        })
    };
    assert!(named("x (S2, S4) y") && named("S9 rounds") && !named("CSV (Sở)"));
    for e in parindex::codes::registry() {
        for text in [e.vi, e.en] {
            assert!(!named(text), "{}: {text}", e.key);
        }
    }
}

/// C5: the text of a normalised criterion names the unit giving the best value by its name, as
/// officers know it, then its id (it named the id alone); the result holds both.
#[test]
fn c5_the_best_value_is_named_by_its_units_name_and_id() {
    let rs = RuleSet::builtin("hoabinh-1440-2019").unwrap();
    let result = rs.score_json(parindex::builtin::EXAMPLE_PROVINCE).unwrap();
    let mut seen = 0;
    for u in &result.units {
        for n in &u.nodes {
            let Some(parindex::result::Branch::Normalized {
                best_unit: Some(id),
                best_name,
                ..
            }) = &n.branch
            else {
                continue;
            };
            let holder = result.units.iter().find(|h| &h.id == id).unwrap();
            assert_eq!(best_name.as_deref(), Some(holder.name.as_str()));
            let vi = rs.node_text(&u.level, &n, Lang::Vi);
            assert!(vi.contains(&format!("của {} ({id})", holder.name)), "{vi}");
            let en = rs.node_text(&u.level, &n, Lang::En);
            assert!(en.contains(&format!("of {} ({id})", holder.name)), "{en}");
            seen += 1;
        }
    }
    assert!(seen > 0, "the example province has normalised criteria");
}
