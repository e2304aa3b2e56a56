//! Form 01, the self-assessment report (báo cáo tự đánh giá, chấm điểm), as a Word document
//! (DOCX, written with docx-rs): the figures and tables come from the unit's scores, the
//! narrative sections are headings left for the unit to write. The layout is reconstructed from
//! what such reports hold (domain §7) and says so.

use super::describe::{num, LabelIn, Lang};
use super::form_rows::{form_number, form_rows, FormRow};
use super::forms::{signed_on, FormOptions};
use super::template::{notice, vi_date};
use crate::compile::RuleSet;
use crate::error::{Error, Result};
use crate::result::{NodeStatus, UnitScore};
use docx_rs::{
    AlignmentType, Docx, LineSpacing, PageMargin, Paragraph, Run, RunFonts, Shading, Table,
    TableCell, TableRow, VAlignType, WidthType,
};
use rust_decimal::Decimal;

const FONT: &str = "Times New Roman";
/// Half-points: 13 pt, the size of Vietnamese administrative documents.
const SIZE: usize = 26;

fn p(text: impl Into<String>) -> Paragraph {
    Paragraph::new().add_run(Run::new().add_text(text))
}

fn bold(text: impl Into<String>) -> Paragraph {
    Paragraph::new().add_run(Run::new().add_text(text).bold())
}

/// A heading: bold, with space before it.
fn heading(text: impl Into<String>) -> Paragraph {
    bold(text).line_spacing(LineSpacing::new().before(200).after(80))
}

fn center(par: Paragraph) -> Paragraph {
    par.align(AlignmentType::Center)
}

fn cell(par: Paragraph, width: usize) -> TableCell {
    TableCell::new()
        .add_paragraph(par.line_spacing(LineSpacing::new().before(20).after(20)))
        .width(width, WidthType::Dxa)
        .vertical_align(VAlignType::Center)
}

fn text_cell(text: &str, width: usize, size: usize) -> TableCell {
    cell(
        Paragraph::new().add_run(Run::new().add_text(text).size(size)),
        width,
    )
}

fn number_cell(v: Option<Decimal>, width: usize, strong: bool, lang: Lang) -> TableCell {
    let s = v.map(|d| num(d, lang)).unwrap_or_default();
    let mut run = Run::new().add_text(s).size(24);
    if strong {
        run = run.bold();
    }
    cell(center(Paragraph::new().add_run(run)), width)
}

fn head_cell(text: &str, width: usize) -> TableCell {
    cell(
        center(Paragraph::new().add_run(Run::new().add_text(text).bold().size(24))),
        width,
    )
    .shading(Shading::new().fill("DDEBF7"))
}

/// The criteria the unit scored (a self-score above 0) without evidence, or with fewer documents
/// than the rule set's list asks for.
pub fn without_evidence(rows: &[FormRow]) -> Vec<&FormRow> {
    rows.iter()
        .filter(|r| r.leaf)
        .filter(|r| {
            matches!(r.status, NodeStatus::Scored | NodeStatus::NotRecognised)
                && r.self_points.is_some_and(|p| p > Decimal::ZERO)
                && (r.evidence.is_empty() || r.evidence.len() < r.evidence_required.len())
        })
        .collect()
}

/// The documents of the evidence list (danh mục tài liệu kiểm chứng) that `rows` ask for, each
/// once, in the order they are first asked for: the document and the codes of the criteria that
/// ask for it.
fn documents_asked<'a>(rows: &[&'a FormRow]) -> Vec<(&'a str, Vec<&'a str>)> {
    let mut out: Vec<(&str, Vec<&str>)> = Vec::new();
    for r in rows {
        for e in &r.evidence_required {
            match out.iter_mut().find(|(d, _)| d == e) {
                Some((_, codes)) => codes.push(&r.code),
                None => out.push((e, vec![&r.code])),
            }
        }
    }
    out
}

/// A row of one cell across a table's columns of `widths`: a field's heading within the table.
fn field_row(label: &str, widths: &[usize]) -> TableRow {
    let width = widths.iter().fold(0usize, |a, w| a.saturating_add(*w));
    TableRow::new(vec![cell(
        Paragraph::new().add_run(Run::new().add_text(label).bold().size(22)),
        width,
    )
    .grid_span(widths.len())
    .shading(Shading::new().fill("F2F2F2"))])
}

/// The field (top-level criterion) of each row: its code and label, as `1. Công tác …`.
fn field_of<'a>(rows: &'a [FormRow], code: &str) -> Option<&'a FormRow> {
    let top = code.split('.').next().unwrap_or(code);
    rows.iter().find(|r| r.depth == 0 && r.code == top)
}

/// Form 01 of a unit: the self-assessment report as a DOCX document, in Vietnamese (or English).
/// It holds the unit's header, the report's number and date, the summary table of self-assessed
/// points per field, criterion and sub-criterion (with the appraised points where the council
/// has given them), the components and the index, the criteria the unit scored without
/// evidence or with incomplete evidence (by field, each with what is attached and a place for
/// the explanation) and the documents of the evidence list they ask for (each once, with the
/// criteria asking for it), then the headings the unit writes under (difficulties,
/// recommendations), the signature block, and the rule set's provisional notice.
pub fn report(rs: &RuleSet, unit: &UnitScore, opts: &FormOptions) -> Result<Vec<u8>> {
    let lang = opts.lang;
    let rows = form_rows(rs, unit, lang)?;
    let def = rs.def();
    let t = |vi: &str, en: &str| lang.pick(vi, en).to_string();
    let fonts = RunFonts::new()
        .ascii(FONT)
        .hi_ansi(FONT)
        .east_asia(FONT)
        .cs(FONT);
    let mut doc = Docx::new()
        .default_fonts(fonts)
        .default_size(SIZE)
        .page_size(11906, 16838)
        .page_margin(
            PageMargin::new()
                .top(1134)
                .bottom(1134)
                .left(1701)
                .right(1134)
                .header(720)
                .footer(720),
        );
    // The header: the unit on the left, the national motto on the right.
    let number = opts
        .report_number
        .clone()
        .unwrap_or_else(|| "……/BC-……".into());
    let header = Table::without_borders(vec![
        TableRow::new(vec![
            cell(center(bold(unit.name.to_uppercase())), 3800),
            cell(
                center(bold(t(
                    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                    "SOCIALIST REPUBLIC OF VIET NAM",
                ))),
                5300,
            ),
        ]),
        TableRow::new(vec![
            cell(center(p(format!("{}: {number}", t("Số", "No.")))), 3800),
            cell(
                center(
                    Paragraph::new().add_run(
                        Run::new()
                            .add_text(t(
                                "Độc lập - Tự do - Hạnh phúc",
                                "Independence - Freedom - Happiness",
                            ))
                            .bold()
                            .underline("single"),
                    ),
                ),
                5300,
            ),
        ]),
        TableRow::new(vec![
            cell(p(""), 3800),
            cell(
                center(
                    Paragraph::new()
                        .add_run(Run::new().add_text(signed_on(opts, def.year)).italic()),
                ),
                5300,
            ),
        ]),
    ])
    .set_grid(vec![3800, 5300]);
    doc = doc.add_table(header).add_paragraph(p(""));
    doc = doc
        .add_paragraph(center(bold(t("BÁO CÁO", "REPORT"))).size(28))
        .add_paragraph(center(bold(match lang {
            Lang::Vi => format!(
                "Kết quả tự đánh giá, chấm điểm xác định Chỉ số cải cách hành chính năm {}",
                def.year
            ),
            Lang::En => format!("Self-assessment of the PAR index, {}", def.year),
        })))
        .add_paragraph(center(
            Paragraph::new().add_run(
                Run::new()
                    .add_text(notice(rs, lang))
                    .italic()
                    .size(20)
                    .color("C00000"),
            ),
        ))
        .add_paragraph(p(""));
    let group = rs
        .group(&unit.group)
        .map_or(unit.group.clone(), |g| lang.label(&g.label).to_string());
    let form_no = form_number(rs, unit).unwrap_or_else(|| "—".into());
    doc = doc.add_paragraph(p(match lang {
        Lang::Vi => format!(
            "Thực hiện Quyết định số {} ngày {} ban hành Bộ chỉ số cải cách hành chính và Hướng dẫn tự đánh giá, chấm điểm năm {} của Sở Nội vụ, {} báo cáo kết quả tự đánh giá, chấm điểm như sau (nhóm: {}; biểu tự chấm điểm theo Mẫu số {} kèm theo):",
            def.decision.number,
            vi_date(&def.decision.date),
            def.year,
            unit.name,
            group,
            form_no
        ),
        Lang::En => format!(
            "Under Decision {} of {} and the {} self-assessment guidance, {} reports its self-assessment as follows (group: {}; self-scoring table: form {}, attached):",
            def.decision.number, def.decision.date, def.year, unit.name, group, form_no
        ),
    }).align(AlignmentType::Both));
    // I. The summary table.
    doc = doc.add_paragraph(heading(t(
        "I. KẾT QUẢ TỰ ĐÁNH GIÁ, CHẤM ĐIỂM",
        "I. SELF-ASSESSMENT RESULT",
    )));
    doc = doc.add_paragraph(heading(t(
        "1. Tổng hợp điểm tự đánh giá theo lĩnh vực, tiêu chí, tiêu chí thành phần",
        "1. Self-assessed points per field, criterion and sub-criterion",
    )));
    let widths = [900, 4700, 1100, 1200, 1200];
    let mut table_rows = vec![TableRow::new(vec![
        head_cell(&t("STT", "No."), widths[0]),
        head_cell(
            &t(
                "Lĩnh vực, tiêu chí, tiêu chí thành phần",
                "Field, criterion, sub-criterion",
            ),
            widths[1],
        ),
        head_cell(&t("Điểm tối đa", "Max"), widths[2]),
        head_cell(&t("Điểm tự đánh giá", "Self-score"), widths[3]),
        head_cell(&t("Điểm thẩm định", "Appraised"), widths[4]),
    ])];
    for r in &rows {
        let strong = r.depth == 0;
        let label = format!("{}{}", "   ".repeat(usize::from(r.depth)), r.label);
        let mut label_run = Run::new().add_text(label).size(24);
        let mut code_run = Run::new().add_text(&r.code).size(24);
        if strong {
            label_run = label_run.bold();
            code_run = code_run.bold();
        }
        let mut row = vec![
            cell(Paragraph::new().add_run(code_run), widths[0]),
            cell(Paragraph::new().add_run(label_run), widths[1]),
            number_cell(Some(r.max_points), widths[2], strong, lang),
            number_cell(r.self_points, widths[3], strong, lang),
            number_cell(r.appraised, widths[4], strong, lang),
        ];
        if strong {
            row = row
                .into_iter()
                .map(|c| c.shading(Shading::new().fill("F2F2F2")))
                .collect();
        }
        table_rows.push(TableRow::new(row));
    }
    let sum = |get: &dyn Fn(&FormRow) -> Option<Decimal>| {
        let v: Vec<Decimal> = rows
            .iter()
            .filter(|r| r.depth == 0)
            .filter_map(get)
            .collect();
        (!v.is_empty()).then(|| v.iter().fold(Decimal::ZERO, |a, b| a.saturating_add(*b)))
    };
    table_rows.push(TableRow::new(vec![
        text_cell("", widths[0], 24),
        cell(bold(t("Tổng cộng", "Total")), widths[1]),
        number_cell(Some(unit.rubric_max), widths[2], true, lang),
        number_cell(sum(&|r| r.self_points), widths[3], true, lang),
        number_cell(
            (rows.iter().any(|r| r.appraised.is_some())).then_some(unit.rubric_points),
            widths[4],
            true,
            lang,
        ),
    ]));
    doc = doc.add_table(Table::new(table_rows).set_grid(widths.to_vec()));
    doc = doc.add_paragraph(p(""));
    // The other components and the index.
    let mut comps = Vec::new();
    for c in &unit.components {
        let label = (def.levels.iter())
            .find(|l| *l.id == *unit.level)
            .and_then(|l| l.components.iter().find(|x| *x.id == *c.id))
            .map_or(c.id.to_string(), |x| lang.label(&x.label).to_string());
        comps.push((label, Some(c.max_points), c.points));
    }
    comps.push((t("Điểm thưởng", "Bonus"), None, unit.bonus));
    comps.push((t("Điểm trừ", "Penalty"), None, unit.penalty));
    comps.push((
        t("Tổng điểm", "Total points"),
        Some(unit.max_points),
        unit.total,
    ));
    comps.push((
        t("Chỉ số cải cách hành chính (%)", "PAR index (%)"),
        Some(Decimal::ONE_HUNDRED),
        unit.index,
    ));
    doc = doc.add_paragraph(heading(t(
        "2. Điểm các thành phần và Chỉ số cải cách hành chính (tạm tính)",
        "2. Components and the PAR index (provisional)",
    )));
    let cw = [5600, 1500, 2000];
    let mut crow = vec![TableRow::new(vec![
        head_cell(&t("Thành phần", "Component"), cw[0]),
        head_cell(&t("Điểm tối đa", "Max"), cw[1]),
        head_cell(&t("Điểm đạt", "Points"), cw[2]),
    ])];
    for (label, max, v) in comps {
        crow.push(TableRow::new(vec![
            text_cell(&label, cw[0], 24),
            number_cell(max, cw[1], false, lang),
            number_cell(Some(v), cw[2], false, lang),
        ]));
    }
    doc = doc.add_table(Table::new(crow).set_grid(cw.to_vec()));
    let band = (def.bands.iter())
        .find(|b| *b.id == *unit.band)
        .map_or(unit.band_label.to_string(), |b| {
            lang.label(&b.label).to_string()
        });
    doc = doc.add_paragraph(p(match lang {
        Lang::Vi => format!("Xếp loại (tạm tính): {band}."),
        Lang::En => format!("Band (provisional): {band}."),
    }));
    // The criteria the unit scored without (complete) evidence, by field, then the documents of
    // the evidence list they ask for, each once.
    doc = doc.add_paragraph(heading(t(
        "3. Các tiêu chí, tiêu chí thành phần chấm điểm không có hoặc chưa đầy đủ tài liệu kiểm chứng",
        "3. Criteria scored without evidence or with incomplete evidence",
    )));
    let missing = without_evidence(&rows);
    if missing.is_empty() {
        doc = doc.add_paragraph(p(t(
            "Không có: mọi tiêu chí được chấm điểm đều có đủ tài liệu kiểm chứng.",
            "None: every criterion scored has its evidence.",
        )));
    } else {
        let mw = [900, 3400, 900, 2000, 1900];
        let mut mrows = vec![TableRow::new(vec![
            head_cell(&t("Mã", "Code"), mw[0]),
            head_cell(&t("Tiêu chí", "Criterion"), mw[1]),
            head_cell(&t("Điểm tự chấm", "Self-score"), mw[2]),
            head_cell(&t("Tài liệu kiểm chứng đã có", "Evidence attached"), mw[3]),
            head_cell(
                &t(
                    "Giải trình cách đánh giá, chấm điểm",
                    "How it was assessed and scored",
                ),
                mw[4],
            ),
        ])];
        let mut field = None;
        for r in &missing {
            let f = field_of(&rows, &r.code);
            if let Some(f) = f.filter(|f| Some(&f.code) != field) {
                let label = format!("{}. {}", f.code, f.label);
                mrows.push(field_row(&label, &mw));
                field = Some(&f.code);
            }
            let attached = if r.evidence.is_empty() {
                t("Chưa có tài liệu nào", "Nothing attached")
            } else {
                r.evidence.join("; ")
            };
            mrows.push(TableRow::new(vec![
                text_cell(&r.code, mw[0], 22),
                text_cell(&r.label, mw[1], 22),
                number_cell(r.self_points, mw[2], false, lang),
                text_cell(&attached, mw[3], 20),
                text_cell("", mw[4], 22),
            ]));
        }
        doc = doc.add_table(Table::new(mrows).set_grid(mw.to_vec()));
        let asked = documents_asked(&missing);
        if !asked.is_empty() {
            doc = doc.add_paragraph(heading(t(
                "Tài liệu kiểm chứng cần có cho các tiêu chí trên (theo danh mục tài liệu kiểm chứng, mỗi tài liệu một lần)",
                "Evidence the criteria above need (from the evidence list, each document once)",
            )));
            let dw = [700, 6000, 2400];
            let mut drows = vec![TableRow::new(vec![
                head_cell(&t("STT", "No."), dw[0]),
                head_cell(&t("Tài liệu kiểm chứng", "Evidence document"), dw[1]),
                head_cell(&t("Tiêu chí, tiêu chí thành phần", "Criteria"), dw[2]),
            ])];
            let mut field = None;
            for (i, (d, codes)) in asked.iter().enumerate() {
                let f = field_of(&rows, codes[0]);
                if let Some(f) = f.filter(|f| Some(&f.code) != field) {
                    let label = format!("{}. {}", f.code, f.label);
                    drows.push(field_row(&label, &dw));
                    field = Some(&f.code);
                }
                drows.push(TableRow::new(vec![
                    text_cell(&(i + 1).to_string(), dw[0], 22),
                    text_cell(d, dw[1], 22),
                    text_cell(&codes.join(", "), dw[2], 22),
                ]));
            }
            doc = doc.add_table(Table::new(drows).set_grid(dw.to_vec()));
        }
    }
    // The narrative, for the unit to write.
    let write_here = t("(Đơn vị viết nội dung.)", "(For the unit to write.)");
    for heading_text in [
        t("II. ĐÁNH GIÁ CHUNG", "II. OVERALL ASSESSMENT"),
        t("1. Ưu điểm", "1. Strengths"),
        t(
            "2. Tồn tại, hạn chế và nguyên nhân",
            "2. Shortcomings and their causes",
        ),
        t("III. KHÓ KHĂN, VƯỚNG MẮC", "III. DIFFICULTIES"),
        t("IV. ĐỀ XUẤT, KIẾN NGHỊ", "IV. RECOMMENDATIONS"),
    ] {
        doc = doc
            .add_paragraph(heading(heading_text))
            .add_paragraph(
                Paragraph::new().add_run(Run::new().add_text(&write_here).italic().color("7F7F7F")),
            )
            .add_paragraph(p(""));
    }
    // The signature block.
    let sign = Table::without_borders(vec![TableRow::new(vec![
        cell(
            Paragraph::new()
                .add_run(
                    Run::new()
                        .add_text(t("Nơi nhận:", "To:"))
                        .bold()
                        .italic()
                        .size(24),
                )
                .add_run(Run::new().add_break(docx_rs::BreakType::TextWrapping))
                .add_run(
                    Run::new()
                        .add_text(t(
                            "- Hội đồng thẩm định (qua Sở Nội vụ);",
                            "- The appraisal council (Department of Home Affairs);",
                        ))
                        .size(22),
                )
                .add_run(Run::new().add_break(docx_rs::BreakType::TextWrapping))
                .add_run(Run::new().add_text(t("- Lưu: VT.", "- Filed.")).size(22)),
            4300,
        ),
        cell(
            center(
                Paragraph::new()
                    .add_run(
                        Run::new()
                            .add_text(t("THỦ TRƯỞNG CƠ QUAN", "HEAD OF THE UNIT"))
                            .bold(),
                    )
                    .add_run(Run::new().add_break(docx_rs::BreakType::TextWrapping))
                    .add_run(
                        Run::new()
                            .add_text(t(
                                "(Ký, ghi rõ họ tên, đóng dấu)",
                                "(Signature, full name, seal)",
                            ))
                            .italic(),
                    ),
            ),
            4800,
        ),
    ])])
    .set_grid(vec![4300, 4800]);
    doc = doc.add_paragraph(p("")).add_table(sign);
    let mut out = std::io::Cursor::new(Vec::new());
    doc.build().pack(&mut out).map_err(|e| {
        Error::input(crate::error::issue!(
            "input.not_representable:report",
            "$",
            detail = e
        ))
    })?;
    Ok(out.into_inner())
}
