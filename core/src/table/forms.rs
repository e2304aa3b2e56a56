//! Forms 02/03/04 (biểu tự chấm điểm, S4) as workbooks; their rows (what form 01 shares with
//! them) are read by `form_rows`.
//!
//! The guidance names the forms without publishing them: the layout is reconstructed from the
//! columns such tables carry elsewhere (domain §7) and says so on the form.

use super::cell::double_of_decimal;
use super::describe::{num, LabelIn, Lang};
use super::form_rows::{form_number, form_rows, FormRow};
use super::template::{level_of, notice, vi_date, Formats};
use super::xlsx_file::written;
use crate::compile::RuleSet;
use crate::def::ComponentKind;
use crate::error::Result;
use crate::result::UnitScore;
use rust_decimal::Decimal;
use rust_xlsxwriter::{Format, FormatAlign, Formula, Workbook, Worksheet, XlsxError};

/// What a produced form says beyond the unit's scores: the report it goes with, where and when it
/// is signed. Absent parts are left as dotted blanks for the unit to fill in.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FormOptions {
    pub lang: Lang,
    /// The number of the self-assessment report (form 01) the table goes with, e.g. `45/BC-SNV`.
    pub report_number: Option<String>,
    /// The place of signing, e.g. `Hòa Bình`.
    pub place: Option<String>,
    /// The date of signing (ISO `YYYY-MM-DD`).
    pub date: Option<String>,
}

fn dots(v: &Option<String>, blank: &str) -> String {
    v.clone().unwrap_or_else(|| blank.to_string())
}

/// The signing line: `Hòa Bình, ngày 15 tháng 11 năm 2019`, blanks where not given.
pub(super) fn signed_on(opts: &FormOptions, year: u16) -> String {
    let place = dots(&opts.place, "…………");
    let (d, m, y) = match opts
        .date
        .as_deref()
        .map(|d| d.split('-').collect::<Vec<_>>())
    {
        Some(p) if p.len() == 3 => (
            p[2].trim_start_matches('0').to_string(),
            p[1].trim_start_matches('0').to_string(),
            p[0].to_string(),
        ),
        _ => ("……".to_string(), "……".to_string(), year.to_string()),
    };
    match opts.lang {
        Lang::Vi => format!("{place}, ngày {d} tháng {m} năm {y}"),
        Lang::En => format!("{place}, {y}-{m}-{d}"),
    }
}

fn put_num(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    v: Option<Decimal>,
    fmt: &Format,
) -> std::result::Result<(), XlsxError> {
    match v.map(|d| (d, double_of_decimal(d))) {
        Some((_, Some(x))) => ws.write_number_with_format(row, col, x, fmt).map(|_| ()),
        Some((d, None)) => ws
            .write_string_with_format(row, col, d.to_string(), fmt)
            .map(|_| ()),
        None => ws.write_blank(row, col, fmt).map(|_| ()),
    }
}

/// A formula adding cells (each row with the value written in it), with its value computed
/// exactly (readers that do not compute see it); the value alone when the cells do not add up to
/// it (a parent capped below its children's sum, S2).
fn put_sum(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    cells: &[(u32, Option<Decimal>)],
    v: Option<Decimal>,
    fmt: &Format,
) -> std::result::Result<(), XlsxError> {
    let Some(v) = v else {
        return ws.write_blank(row, col, fmt).map(|_| ());
    };
    let sum = cells.iter().try_fold(Decimal::ZERO, |a, (_, x)| {
        a.checked_add(x.unwrap_or_default())
    });
    if cells.is_empty() || sum != Some(v) {
        return put_num(ws, row, col, Some(v), fmt);
    }
    let cells: Vec<u32> = cells.iter().map(|(r, _)| *r).collect();
    let letter = super::cell::column_letters(u32::from(col));
    let refs: Vec<String> = cells.iter().map(|r| format!("{letter}{}", r + 1)).collect();
    let f = Formula::new(format!("=SUM({})", refs.join(","))).set_result(v.normalize().to_string());
    ws.write_formula_with_format(row, col, f, fmt).map(|_| ())
}

/// Form 02, 03 or 04 of a unit (S4), by its group: the self-scoring table as a workbook. The
/// criteria tree with, for each criterion, its maximum, the unit's self-score, the evidence
/// attached, the appraised points, the points lost and why, and notes; totals per field and
/// overall (formulas, with their values), the components, bonus and penalty, the index and its
/// band; the unit's header, the report it goes with, the place and date, the signature block;
/// and the rule set's provisional notice with the note that the layout is reconstructed.
pub fn form(rs: &RuleSet, unit: &UnitScore, opts: &FormOptions) -> Result<Vec<u8>> {
    let lang = opts.lang;
    let rows = form_rows(rs, unit, lang)?;
    let number = form_number(rs, unit).unwrap_or_else(|| "—".to_string());
    let def = rs.def();
    let f = Formats::new(def.rounding.scale);
    let at = |e: XlsxError| written(e, "$");
    let mut ws = Worksheet::new();
    let sheet = match lang {
        Lang::Vi => format!("Mẫu {number}"),
        Lang::En => format!("Form {number}"),
    };
    ws.set_name(&sheet).map_err(at)?;
    write_form(&mut ws, rs, unit, &rows, &number, opts, &f).map_err(at)?;
    let mut book = Workbook::new();
    book.push_worksheet(ws);
    book.save_to_buffer().map_err(at)
}

#[allow(clippy::too_many_lines)]
fn write_form(
    ws: &mut Worksheet,
    rs: &RuleSet,
    unit: &UnitScore,
    rows: &[FormRow],
    number: &str,
    opts: &FormOptions,
    f: &Formats,
) -> std::result::Result<(), XlsxError> {
    let lang = opts.lang;
    let def = rs.def();
    let last: u16 = 7;
    let bold_c = Format::new()
        .set_font_name("Times New Roman")
        .set_font_size(12)
        .set_bold()
        .set_align(FormatAlign::Center)
        .set_text_wrap();
    let plain_c = Format::new()
        .set_font_name("Times New Roman")
        .set_font_size(12)
        .set_align(FormatAlign::Center)
        .set_text_wrap();
    let italic_c = plain_c.clone().set_italic();
    let form_no = Format::new()
        .set_font_name("Times New Roman")
        .set_font_size(11)
        .set_bold()
        .set_italic()
        .set_align(FormatAlign::Right);
    ws.merge_range(
        0,
        5,
        0,
        last,
        &match lang {
            Lang::Vi => format!("Mẫu số {number}"),
            Lang::En => format!("Form {number}"),
        },
        &form_no,
    )?;
    ws.merge_range(1, 0, 1, 2, &unit.name.to_uppercase(), &bold_c)?;
    ws.merge_range(
        1,
        3,
        1,
        last,
        lang.pick(
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "SOCIALIST REPUBLIC OF VIET NAM",
        ),
        &bold_c,
    )?;
    ws.merge_range(2, 0, 2, 2, "———", &plain_c)?;
    ws.merge_range(
        2,
        3,
        2,
        last,
        lang.pick(
            "Độc lập - Tự do - Hạnh phúc",
            "Independence - Freedom - Happiness",
        ),
        &bold_c
            .clone()
            .set_underline(rust_xlsxwriter::FormatUnderline::Single),
    )?;
    ws.merge_range(3, 3, 3, last, &signed_on(opts, def.year), &italic_c)?;
    let title = match lang {
        Lang::Vi => format!(
            "BIỂU TỰ CHẤM ĐIỂM XÁC ĐỊNH CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {}",
            def.year
        ),
        Lang::En => format!("SELF-SCORING TABLE, PAR INDEX {}", def.year),
    };
    ws.merge_range(5, 0, 5, last, &title, &f.title)?;
    ws.set_row_height(5, 22)?;
    let report = match lang {
        Lang::Vi => format!(
            "(Kèm theo Báo cáo số {} ngày {} của {})",
            dots(&opts.report_number, "……/BC-……"),
            opts.date
                .as_deref()
                .map(vi_date)
                .unwrap_or_else(|| format!("……/……/{}", def.year)),
            unit.name
        ),
        Lang::En => format!(
            "(With report {} of {}, {})",
            dots(&opts.report_number, "……"),
            opts.date.clone().unwrap_or_else(|| "……".into()),
            unit.name
        ),
    };
    ws.merge_range(6, 0, 6, last, &report, &f.subtitle)?;
    let basis = match lang {
        Lang::Vi => format!(
            "Theo Bộ chỉ số ban hành kèm theo Quyết định số {} ngày {}; nhóm: {}",
            def.decision.number,
            vi_date(&def.decision.date),
            rs.group(&unit.group)
                .map_or(unit.group.as_str(), |g| lang.label(&g.label))
        ),
        Lang::En => format!(
            "Under the rubric of Decision {} of {}; group: {}",
            def.decision.number,
            def.decision.date,
            rs.group(&unit.group)
                .map_or(unit.group.as_str(), |g| lang.label(&g.label))
        ),
    };
    ws.merge_range(7, 0, 7, last, &basis, &f.subtitle)?;
    ws.merge_range(8, 0, 8, last, &notice(rs, lang), &f.notice)?;
    ws.set_row_height(8, 40)?;
    let heads = [
        lang.pick("STT", "No."),
        lang.pick(
            "Lĩnh vực, tiêu chí, tiêu chí thành phần",
            "Field, criterion, sub-criterion",
        ),
        lang.pick("Điểm tối đa", "Max"),
        lang.pick("Điểm tự đánh giá", "Self-score"),
        lang.pick("Tài liệu kiểm chứng", "Evidence documents"),
        lang.pick("Điểm thẩm định", "Appraised"),
        lang.pick("Điểm bị mất", "Points lost"),
        lang.pick("Lý do mất điểm, ghi chú", "Why lost, notes"),
    ];
    let head = 10u32;
    for (j, h) in heads.iter().enumerate() {
        ws.write_string_with_format(head, j as u16, *h, &f.head)?;
        ws.write_string_with_format(head + 1, j as u16, format!("({})", j + 1), &f.head)?;
    }
    ws.set_row_height(head, 32)?;
    let first = head + 2;
    // Each row's sheet row, to write a parent's sums over its children's cells.
    let at_row = |i: usize| first + u32::try_from(i).unwrap_or(0);
    for (i, r) in rows.iter().enumerate() {
        let row = at_row(i);
        let field = r.depth == 0;
        let (lf, nf) = if field {
            (&f.field, &f.number_bold)
        } else {
            (&f.label, &f.number)
        };
        ws.write_string_with_format(row, 0, &r.code, lf)?;
        ws.write_string_with_format(
            row,
            1,
            format!("{}{}", "   ".repeat(usize::from(r.depth)), r.label),
            lf,
        )?;
        put_num(ws, row, 2, Some(r.max_points), nf)?;
        let children: Vec<usize> = if r.leaf {
            Vec::new()
        } else {
            (i + 1..rows.len())
                .take_while(|&j| rows[j].depth > r.depth)
                .filter(|&j| rows[j].depth == r.depth + 1)
                .collect()
        };
        let cells = |get: fn(&FormRow) -> Option<Decimal>| -> Vec<(u32, Option<Decimal>)> {
            children
                .iter()
                .map(|&j| (at_row(j), get(&rows[j])))
                .collect()
        };
        put_sum(ws, row, 3, &cells(|r| r.self_points), r.self_points, nf)?;
        ws.write_string_with_format(row, 4, r.evidence.join("\n"), &f.small)?;
        put_sum(ws, row, 5, &cells(|r| r.appraised), r.appraised, nf)?;
        put_num(ws, row, 6, (r.lost != Decimal::ZERO).then_some(r.lost), nf)?;
        let mut why = r.why.clone();
        for n in &r.notes {
            if !why.is_empty() {
                why.push_str("; ");
            }
            why.push_str(n);
        }
        ws.write_string_with_format(row, 7, &why, &f.small)?;
        let lines = r.evidence.len().max(1) as f64;
        let label_lines =
            ((r.label.chars().count() + 3 * usize::from(r.depth)) as f64 / 55.0).ceil();
        let why_lines = (why.chars().count() as f64 / 48.0).ceil();
        ws.set_row_height(
            row,
            (lines.max(label_lines).max(why_lines) * 15.0).max(18.0),
        )?;
    }
    // The total of the rubric: the fields' sums.
    let mut row = at_row(rows.len());
    let fields = |get: fn(&FormRow) -> Option<Decimal>| -> Vec<(u32, Option<Decimal>)> {
        (rows.iter().enumerate())
            .filter(|(_, r)| r.depth == 0)
            .map(|(i, r)| (at_row(i), get(r)))
            .collect()
    };
    let total = |get: &dyn Fn(&FormRow) -> Option<Decimal>| {
        let v: Vec<Decimal> = rows
            .iter()
            .filter(|r| r.depth == 0)
            .filter_map(get)
            .collect();
        (!v.is_empty()).then(|| v.iter().fold(Decimal::ZERO, |a, b| a.saturating_add(*b)))
    };
    ws.write_string_with_format(row, 0, "", &f.field)?;
    ws.write_string_with_format(
        row,
        1,
        lang.pick(
            "TỔNG ĐIỂM CÁC LĨNH VỰC (đánh giá theo tài liệu kiểm chứng)",
            "TOTAL OF THE FIELDS (appraised from evidence)",
        ),
        &f.field,
    )?;
    let max = fields(|r| Some(r.max_points));
    put_sum(ws, row, 2, &max, Some(unit.rubric_max), &f.number_bold)?;
    let self_points = fields(|r| r.self_points);
    let self_total = total(&|r| r.self_points);
    put_sum(ws, row, 3, &self_points, self_total, &f.number_bold)?;
    ws.write_string_with_format(row, 4, "", &f.field)?;
    let appraised = rows.iter().any(|r| r.appraised.is_some());
    let appraised_total = appraised.then_some(unit.rubric_points);
    put_sum(
        ws,
        row,
        5,
        &fields(|r| r.appraised),
        appraised_total,
        &f.number_bold,
    )?;
    let lost = unit.rubric_max.saturating_sub(unit.rubric_points);
    put_num(ws, row, 6, Some(lost), &f.number_bold)?;
    ws.write_string_with_format(row, 7, "", &f.field)?;
    row += 2;
    // The other components, bonus, penalty, total, index and band.
    ws.merge_range(
        row,
        0,
        row,
        last,
        lang.pick("KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH", "PAR INDEX RESULT"),
        &f.field,
    )?;
    row += 1;
    let level = level_of(rs, &unit.group).ok();
    let line = |ws: &mut Worksheet,
                label: &str,
                max: Option<Decimal>,
                v: Option<Decimal>,
                note: &str,
                row: &mut u32|
     -> std::result::Result<(), XlsxError> {
        ws.write_blank(*row, 0, &f.label)?;
        ws.write_string_with_format(*row, 1, label, &f.label)?;
        put_num(ws, *row, 2, max, &f.number)?;
        ws.merge_range(*row, 3, *row, 4, "", &f.label)?;
        put_num(ws, *row, 3, v, &f.number)?;
        ws.merge_range(*row, 5, *row, last, note, &f.small)?;
        if label.chars().count() > 50 {
            ws.set_row_height(*row, 30)?;
        }
        *row += 1;
        Ok(())
    };
    for c in &unit.components {
        let label = level
            .and_then(|l| l.components.iter().find(|x| *x.id == *c.id))
            .map_or(c.id.to_string(), |x| lang.label(&x.label).to_string());
        let note = match (c.kind, c.percentage, c.missing) {
            (_, _, true) => lang
                .pick("Chưa có số liệu: 0 điểm", "Not given: 0 points")
                .to_string(),
            (ComponentKind::Survey, Some(p), _) => match lang {
                Lang::Vi => format!(
                    "Tỷ lệ {}% × {} / 100",
                    num(p, lang),
                    num(c.max_points, lang)
                ),
                Lang::En => format!("{}% × {} / 100", num(p, lang), num(c.max_points, lang)),
            },
            _ => String::new(),
        };
        line(
            ws,
            &label,
            Some(c.max_points),
            Some(c.points),
            &note,
            &mut row,
        )?;
    }
    line(
        ws,
        lang.pick("Điểm thưởng", "Bonus"),
        None,
        Some(unit.bonus),
        "",
        &mut row,
    )?;
    line(
        ws,
        lang.pick("Điểm trừ", "Penalty"),
        None,
        Some(unit.penalty),
        "",
        &mut row,
    )?;
    line(
        ws,
        lang.pick("TỔNG ĐIỂM", "TOTAL"),
        Some(unit.max_points),
        Some(unit.total),
        "",
        &mut row,
    )?;
    let band = rs
        .def()
        .bands
        .iter()
        .find(|b| *b.id == *unit.band)
        .map_or(unit.band_label.to_string(), |b| {
            lang.label(&b.label).to_string()
        });
    line(
        ws,
        lang.pick("CHỈ SỐ CẢI CÁCH HÀNH CHÍNH (%)", "PAR INDEX (%)"),
        Some(Decimal::ONE_HUNDRED),
        Some(unit.index),
        &match lang {
            Lang::Vi => format!("Xếp loại: {band}"),
            Lang::En => format!("Band: {band}"),
        },
        &mut row,
    )?;
    // Signatures.
    row += 1;
    let small_i = Format::new()
        .set_font_name("Times New Roman")
        .set_font_size(10)
        .set_italic()
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    ws.merge_range(
        row,
        0,
        row + 3,
        1,
        lang.pick(
            "Nơi nhận:\n- Hội đồng thẩm định (qua Sở Nội vụ);\n- Lưu: VT.",
            "To:\n- The appraisal council (Department of Home Affairs);\n- Filed.",
        ),
        &small_i,
    )?;
    ws.merge_range(row, 3, row, last, &signed_on(opts, def.year), &italic_c)?;
    ws.merge_range(
        row + 1,
        3,
        row + 1,
        last,
        lang.pick("THỦ TRƯỞNG CƠ QUAN", "HEAD OF THE UNIT"),
        &bold_c,
    )?;
    ws.merge_range(
        row + 2,
        3,
        row + 2,
        last,
        lang.pick(
            "(Ký, ghi rõ họ tên, đóng dấu)",
            "(Signature, full name, seal)",
        ),
        &italic_c,
    )?;
    ws.set_row_height(row + 3, 60)?;
    for (c, w) in [
        (0u16, 7.0),
        (1, 46.0),
        (2, 9.0),
        (3, 10.0),
        (4, 28.0),
        (5, 10.0),
        (6, 9.0),
        (7, 30.0),
    ] {
        ws.set_column_width(c, w)?;
    }
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(head, head + 1)?;
    ws.set_margins(0.4, 0.4, 0.5, 0.5, 0.3, 0.3);
    ws.set_freeze_panes(head + 2, 2)?;
    Ok(())
}
