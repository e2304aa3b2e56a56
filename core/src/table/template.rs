//! The input template of a group (an XLSX workbook an officer fills in), and reading it back.
//!
//! Layout (reconstructed, not a form of the guidance): a title, the rule set's provisional
//! notice, the unit's header cells (id, name, group, parent), then one row per criterion of the
//! group's level: code, content, maximum, how it is scored, the evidence it needs, the fact's
//! input cell (a dropdown for choices and met / not met, whole-number or decimal bounds for
//! numbers), not applicable, self-score, the evidence attached and notes. A rule with several
//! facts (numerator and denominator, outcomes, deductions) has a row per fact below its
//! criterion. Labels are locked (sheet protection without a password), input cells are not. Two
//! hidden columns name what each input cell stands for (its fact-table column), and the hidden
//! sheet `about` says what the workbook is, so that reading it back does not depend on where the
//! rows are.
//!
//! The writer is here; the layout (columns, sheets, formats) in `template_layout.rs`, the input
//! cells of a row in `template_cells.rs`, the reader in `template_read.rs`.

use super::columns::{facts_of, Fact, Role, Side};
use super::describe::{num, rule_text, LabelIn, Lang};
use super::template_cells::{fact_label, to_f64, Writer};
use super::template_layout::{
    applies, evidence_list, lists_name, no_group, sheet_name, C_CODE, C_EVIDENCE, C_KEY, C_LABEL,
    C_MAX, C_NA, C_NEEDS, C_NODE, C_NOTES, C_RULE, C_SELF, C_VALUE, KIND,
};
pub(super) use super::template_layout::{level_of, notice, vi_date, Formats};
use super::xlsx_file::{written, ABOUT_SHEET};
use super::TABLE_VERSION;
use crate::compile::RuleSet;
use crate::def::{BlockBy, ComponentKind, Level, Node, Rule};
use crate::error::Result;
use rust_xlsxwriter::{
    DataValidation, DataValidationRule, ProtectionOptions, Workbook, Worksheet, XlsxError,
};

/// The input template of a group: an XLSX workbook with one row per criterion of the group (see
/// `docs/fact-table.md`). Filled in and read back with [`read_template`](super::read_template),
/// it scores as the JSON unit with the same facts.
pub fn template(rs: &RuleSet, group: &str, lang: Lang) -> Result<Vec<u8>> {
    let level = level_of(rs, group)?;
    let g = rs.group(group).ok_or_else(|| no_group(rs, group))?;
    let def = rs.def();
    let f = Formats::new(def.rounding.scale);
    let at = |e: XlsxError| written(e, "$");
    let mut w = Writer {
        ws: Worksheet::new(),
        lists: Worksheet::new(),
        list_col: 0,
        f: &f,
        lang,
        lists_name: lists_name(lang),
    };
    w.ws.set_name(sheet_name(lang)).map_err(at)?;
    w.lists.set_name(lists_name(lang)).map_err(at)?;
    write_template(&mut w, rs, level, g.id.as_str(), lang).map_err(at)?;
    let mut book = Workbook::new();
    let Writer { ws, mut lists, .. } = w;
    book.push_worksheet(ws);
    lists.set_hidden(true);
    lists.protect();
    book.push_worksheet(lists);
    let mut about = Worksheet::new();
    about.set_name(ABOUT_SHEET).map_err(at)?;
    for (i, (k, v)) in [
        ("kind", KIND.to_string()),
        ("table_version", TABLE_VERSION.to_string()),
        ("ruleset", rs.id().to_string()),
        ("ruleset_sha256", rs.sha256().to_string()),
        ("group", group.to_string()),
        ("sheet", sheet_name(lang).to_string()),
    ]
    .into_iter()
    .enumerate()
    {
        let r = u32::try_from(i).unwrap_or(0);
        about.write_string(r, 0, k).map_err(at)?;
        about.write_string(r, 1, v).map_err(at)?;
    }
    about.set_hidden(true);
    about.protect();
    book.push_worksheet(about);
    book.save_to_buffer().map_err(at)
}

fn write_template(
    w: &mut Writer<'_>,
    rs: &RuleSet,
    level: &Level,
    group: &str,
    lang: Lang,
) -> std::result::Result<(), XlsxError> {
    let def = rs.def();
    let f = w.f;
    let g = rs.group(group).cloned();
    let last = C_NOTES;
    let title = match lang {
        Lang::Vi => format!(
            "BIỂU NHẬP SỐ LIỆU TỰ ĐÁNH GIÁ, CHẤM ĐIỂM CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {}",
            def.year
        ),
        Lang::En => format!("SELF-ASSESSMENT INPUT SHEET, PAR INDEX {}", def.year),
    };
    w.ws.merge_range(0, 0, 0, last, &title, &f.title)?;
    w.ws.set_row_height(0, 24)?;
    let sub = match lang {
        Lang::Vi => format!(
            "{} — Quyết định số {} ngày {}; bộ chỉ số {}",
            g.as_ref().map(|g| lang.label(&g.label)).unwrap_or(group),
            def.decision.number,
            vi_date(&def.decision.date),
            rs.id()
        ),
        Lang::En => format!(
            "{} — Decision {} of {}; rule set {}",
            g.as_ref().map(|g| lang.label(&g.label)).unwrap_or(group),
            def.decision.number,
            def.decision.date,
            rs.id()
        ),
    };
    w.ws.merge_range(1, 0, 1, last, &sub, &f.subtitle)?;
    w.ws.merge_range(2, 0, 2, last, &notice(rs, lang), &f.notice)?;
    w.ws.set_row_height(2, 64)?;
    // The unit's header cells.
    let mut row: u32 = 4;
    let header: Vec<(&str, Role)> = {
        let mut v = vec![
            (lang.pick("Mã đơn vị (id)", "Unit id"), Role::Id),
            (lang.pick("Tên đơn vị", "Unit name"), Role::Name),
            (lang.pick("Nhóm đơn vị", "Unit group"), Role::Group),
        ];
        if level.block_by == BlockBy::Parent {
            v.push((
                lang.pick("Đơn vị cấp trên (mã huyện)", "Parent unit (district id)"),
                Role::Parent,
            ));
        }
        v
    };
    for (label, role) in header {
        w.ws.merge_range(row, 0, row, C_RULE, label, &f.field)?;
        match role {
            Role::Group => {
                w.ws.write_string_with_format(row, C_VALUE, group, &f.locked_value)?;
                let gl = g
                    .as_ref()
                    .map(|g| lang.label(&g.label).to_string())
                    .unwrap_or_default();
                w.ws.merge_range(row, C_NA, row, last, &gl, &f.label)?;
            }
            _ => {
                w.ws.merge_range(row, C_VALUE, row, last, "", &f.input)?;
            }
        }
        w.ws.write_string(row, C_KEY, role.name())?;
        row += 1;
    }
    row += 1;
    let how = match lang {
        Lang::Vi => "Cách nhập: chỉ nhập vào các ô màu vàng. Với tiêu chí tính theo tỷ lệ %, nhập tử số và mẫu số (phần mềm tính tỷ lệ trước rồi tính điểm, làm tròn 2 chữ số thập phân); hoặc nhập tỷ lệ % đã tính. Cột \"Không áp dụng\": chọn x nếu tiêu chí không áp dụng với đơn vị. Cột \"Tài liệu kiểm chứng đã đính kèm\": mỗi tài liệu một dòng (Alt+Enter để xuống dòng), ghi rõ số, ngày văn bản và trang có nội dung kiểm chứng. Điểm tự chấm chỉ được công nhận khi có tài liệu kiểm chứng.",
        Lang::En => "Fill in the yellow cells only. For a rate, enter the numerator and the denominator (the rate is computed first, then the points, rounded to 2 decimals), or the rate already computed. \"Not applicable\": choose x when the criterion does not apply to the unit. \"Evidence attached\": one document per line (Alt+Enter), with its number, date and page. A self-score is recognised only with evidence.",
    };
    w.ws.merge_range(row, 0, row, last, how, &f.text)?;
    w.ws.set_row_height(row, 48)?;
    row += 1;
    let heads = [
        lang.pick("Mã", "Code"),
        lang.pick(
            "Lĩnh vực, tiêu chí, tiêu chí thành phần",
            "Field, criterion, sub-criterion",
        ),
        lang.pick("Điểm tối đa", "Max points"),
        lang.pick("Cách chấm điểm", "How it is scored"),
        lang.pick("Tài liệu kiểm chứng cần có", "Evidence required"),
        lang.pick("Số liệu / lựa chọn", "Facts / choice"),
        lang.pick("Không áp dụng", "Not applicable"),
        lang.pick("Điểm tự chấm", "Self-score"),
        lang.pick("Tài liệu kiểm chứng đã đính kèm", "Evidence attached"),
        lang.pick("Ghi chú, giải trình", "Notes"),
    ];
    let head_row = row;
    for (j, h) in heads.iter().enumerate() {
        w.ws.write_string_with_format(row, j as u16, *h, &f.head)?;
    }
    w.ws.write_string(row, C_KEY, "key")?;
    w.ws.write_string(row, C_NODE, "code")?;
    w.ws.set_row_height(row, 32)?;
    row += 1;
    fn walk(
        w: &mut Writer<'_>,
        nodes: &[Node],
        group: &str,
        depth: usize,
        row: &mut u32,
    ) -> std::result::Result<(), XlsxError> {
        let (f, lang) = (w.f, w.lang);
        for n in nodes.iter().filter(|n| applies(n, group)) {
            let leaf = n.children.is_empty();
            let r = *row;
            let (lf, nf) = if depth == 0 {
                (&f.field, &f.number_bold)
            } else {
                (&f.label, &f.number)
            };
            w.ws.write_string_with_format(r, C_CODE, &n.code, lf)?;
            let label = format!("{}{}", "   ".repeat(depth), lang.label(&n.label));
            w.ws.write_string_with_format(r, C_LABEL, &label, lf)?;
            match super::cell::double_of_decimal(n.max_points) {
                Some(x) => w.ws.write_number_with_format(r, C_MAX, x, nf)?,
                None => {
                    w.ws.write_string_with_format(r, C_MAX, n.max_points.to_string(), nf)?
                }
            };
            w.ws.write_string_with_format(
                r,
                C_RULE,
                if leaf {
                    rule_text(n, lang)
                } else {
                    String::new()
                },
                &f.small,
            )?;
            w.ws.write_string_with_format(r, C_NEEDS, evidence_list(n, lang), &f.small)?;
            for c in [C_VALUE, C_NA, C_SELF, C_EVIDENCE, C_NOTES] {
                w.ws.write_blank(r, c, lf)?;
            }
            let facts = facts_of(n.rule.as_ref());
            if n.not_applicable.is_some() || leaf {
                w.ws.write_string(r, C_NODE, &n.code)?;
            }
            if n.not_applicable.is_some() {
                w.ws.write_blank(r, C_NA, &f.input)?;
                let dv = Writer::prompt(
                    DataValidation::new().allow_list_strings(&["x"])?,
                    lang.pick("Không áp dụng", "Not applicable"),
                    lang.pick(
                        "Chọn x nếu tiêu chí không áp dụng với đơn vị.",
                        "Choose x when the criterion does not apply to the unit.",
                    ),
                )?;
                w.validation(r, C_NA, dv)?;
            }
            if leaf {
                w.points_cell(r, C_SELF, n)?;
                w.ws.write_blank(r, C_EVIDENCE, &f.input_wrap)?;
                w.ws.write_blank(r, C_NOTES, &f.input_wrap)?;
            }
            let lines = (n.evidence.len().max(1) as f64) * 13.0;
            let rule_lines = (rule_text(n, lang).chars().count() as f64 / 42.0).ceil() * 12.5;
            let label_lines = (label.chars().count() as f64 / 50.0).ceil() * 15.0;
            w.ws.set_row_height(r, lines.max(rule_lines).max(label_lines).max(18.0))?;
            *row += 1;
            if leaf && facts.len() == 1 {
                w.fact_cell(r, n, &facts[0])?;
                w.ws.write_string(
                    r,
                    C_KEY,
                    Role::Fact {
                        code: n.code.clone(),
                        fact: facts[0].clone(),
                    }
                    .name(),
                )?;
            } else if leaf {
                for fact in &facts {
                    let s = *row;
                    let text = format!(
                        "{}– {}",
                        "   ".repeat(depth + 1),
                        fact_label(fact, n.rule.as_ref(), lang)
                    );
                    w.ws.write_blank(s, C_CODE, &f.label)?;
                    w.ws.write_string_with_format(s, C_LABEL, &text, &f.label)?;
                    for c in [C_MAX, C_RULE, C_NEEDS, C_NA, C_SELF, C_EVIDENCE, C_NOTES] {
                        w.ws.write_blank(s, c, &f.label)?;
                    }
                    w.fact_cell(s, n, fact)?;
                    w.ws.write_string(
                        s,
                        C_KEY,
                        Role::Fact {
                            code: n.code.clone(),
                            fact: fact.clone(),
                        }
                        .name(),
                    )?;
                    if text.chars().count() > 50 {
                        w.ws.set_row_height(s, 30)?;
                    }
                    *row += 1;
                }
            }
            walk(w, &n.children, group, depth + 1, row)?;
        }
        Ok(())
    }
    walk(w, &level.nodes, group, 0, &mut row)?;
    // The other components, bonus and penalty.
    let others: Vec<_> = (level.components.iter())
        .filter(|c| c.kind != ComponentKind::Rubric)
        .collect();
    let adjustments = [
        (
            Side::Bonus,
            def.adjustments.bonus.as_ref(),
            lang.pick("Điểm thưởng", "Bonus points"),
        ),
        (
            Side::Penalty,
            def.adjustments.penalty.as_ref(),
            lang.pick("Điểm trừ", "Penalty points"),
        ),
    ];
    if !others.is_empty() || adjustments.iter().any(|a| a.1.is_some()) {
        row += 1;
        w.ws.merge_range(
            row,
            0,
            row,
            last,
            lang.pick(
                "CÁC THÀNH PHẦN KHÁC, ĐIỂM THƯỞNG, ĐIỂM TRỪ (nhập khi đã có số liệu được công bố)",
                "OTHER COMPONENTS, BONUS AND PENALTY (when the figures are published)",
            ),
            &f.field,
        )?;
        row += 1;
        for c in others {
            let max = c
                .group_max
                .get(group)
                .copied()
                .or(c.max_points)
                .unwrap_or_default();
            let percentage = c.kind == ComponentKind::Survey;
            w.ws.write_string_with_format(row, C_CODE, &c.id, &f.label)?;
            let label = if percentage {
                format!(
                    "{} — {}",
                    lang.label(&c.label),
                    lang.pick("tỷ lệ %", "percentage")
                )
            } else {
                lang.label(&c.label).to_string()
            };
            w.ws.write_string_with_format(row, C_LABEL, &label, &f.label)?;
            match super::cell::double_of_decimal(max) {
                Some(x) => w.ws.write_number_with_format(row, C_MAX, x, &f.number)?,
                None => {
                    w.ws.write_string_with_format(row, C_MAX, max.to_string(), &f.number)?
                }
            };
            for col in [C_RULE, C_NEEDS, C_NA, C_SELF, C_EVIDENCE, C_NOTES] {
                w.ws.write_blank(row, col, &f.label)?;
            }
            let node = Node {
                code: c.id.clone(),
                label: c.label.clone(),
                max_points: max,
                min_points: None,
                capped: false,
                legal_ref: None,
                source: crate::def::Provenance::Reconstructed,
                groups: Vec::new(),
                not_applicable: None,
                appraiser: None,
                note: None,
                evidence: Vec::new(),
                rule: None,
                children: Vec::new(),
            };
            if percentage {
                w.fact_cell(row, &node, &Fact::Percentage)?;
                w.ws.write_string_with_format(
                    row,
                    C_RULE,
                    rule_text(
                        &Node {
                            rule: Some(Rule::Survey),
                            ..node.clone()
                        },
                        lang,
                    ),
                    &f.small,
                )?;
            } else {
                w.points_cell(row, C_VALUE, &node)?;
            }
            w.ws.write_string(
                row,
                C_KEY,
                Role::Component {
                    id: c.id.clone(),
                    percentage,
                }
                .name(),
            )?;
            w.ws.set_row_height(row, 30)?;
            row += 1;
        }
        for (side, policy, label) in adjustments {
            let Some(p) = policy else { continue };
            for reason in [false, true] {
                let text = if reason {
                    format!("   – {}", lang.pick("Lý do", "Reason"))
                } else {
                    match lang {
                        Lang::Vi => format!("{label} (tối đa {} điểm/năm)", num(p.cap, lang)),
                        Lang::En => format!("{label} (at most {} a year)", num(p.cap, lang)),
                    }
                };
                w.ws.write_string_with_format(row, C_CODE, side.name(), &f.label)?;
                w.ws.write_string_with_format(row, C_LABEL, &text, &f.label)?;
                for col in [C_MAX, C_RULE, C_NEEDS, C_NA, C_SELF, C_EVIDENCE, C_NOTES] {
                    w.ws.write_blank(row, col, &f.label)?;
                }
                if reason {
                    w.ws.write_blank(row, C_VALUE, &f.input_wrap)?;
                } else {
                    let dv = Writer::prompt(
                        DataValidation::new()
                            .allow_decimal_number(DataValidationRule::Between(0.0, to_f64(p.cap))),
                        label,
                        lang.pick(
                            "Nhập số điểm (không âm).",
                            "Enter the points (not negative).",
                        ),
                    )?;
                    w.ws.write_blank(row, C_VALUE, &f.input_number)?;
                    w.validation(row, C_VALUE, dv)?;
                }
                w.ws.write_string(row, C_KEY, Role::Adjustment { side, n: 1, reason }.name())?;
                row += 1;
            }
        }
    }
    // Column widths, hidden keys, protection, printing.
    for (c, width) in [
        (C_CODE, 7.0),
        (C_LABEL, 46.0),
        (C_MAX, 8.0),
        (C_RULE, 40.0),
        (C_NEEDS, 36.0),
        (C_VALUE, 16.0),
        (C_NA, 10.0),
        (C_SELF, 10.0),
        (C_EVIDENCE, 30.0),
        (C_NOTES, 24.0),
    ] {
        w.ws.set_column_width(c, width)?;
    }
    w.ws.set_column_hidden(C_KEY)?;
    w.ws.set_column_hidden(C_NODE)?;
    w.ws.set_freeze_panes(head_row + 1, 2)?;
    w.ws.protect_with_options(&ProtectionOptions {
        format_columns: true,
        format_rows: true,
        ..ProtectionOptions::default()
    });
    w.ws.set_landscape();
    w.ws.set_paper_size(9);
    w.ws.set_print_fit_to_pages(1, 0);
    w.ws.set_repeat_rows(head_row, head_row)?;
    w.ws.set_margins(0.4, 0.4, 0.5, 0.5, 0.3, 0.3);
    Ok(())
}
