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

use super::cell::Cell;
use super::columns::{facts_of, Columns, Entry, Fact, Role, Side};
use super::describe::{num, rule_text, LabelIn, Lang};
use super::frame::{FactTable, Grid, ReadOptions};
use super::xlsx_file::{self, written, Book, ABOUT_SHEET};
use super::TABLE_VERSION;
use crate::compile::RuleSet;
use crate::def::{BlockBy, ComponentKind, Level, Node, Rule};
use crate::error::{Error, Issue, Result};
use crate::input::{UnitEntry, UnitInput};
use rust_xlsxwriter::{
    DataValidation, DataValidationRule, Format, FormatAlign, FormatBorder, Formula,
    ProtectionOptions, Workbook, Worksheet, XlsxError,
};

/// The value of `kind` in the `about` sheet of a template.
const KIND: &str = "template";

// The columns of the input sheet.
const C_CODE: u16 = 0;
const C_LABEL: u16 = 1;
const C_MAX: u16 = 2;
const C_RULE: u16 = 3;
const C_NEEDS: u16 = 4;
const C_VALUE: u16 = 5;
const C_NA: u16 = 6;
const C_SELF: u16 = 7;
const C_EVIDENCE: u16 = 8;
const C_NOTES: u16 = 9;
/// Hidden: the fact-table column of the row's value cell.
const C_KEY: u16 = 10;
/// Hidden: the node code of the row's entry cells (not applicable, self, evidence, notes).
const C_NODE: u16 = 11;

/// The input sheet's name.
pub fn sheet_name(lang: Lang) -> &'static str {
    lang.pick("Tự chấm điểm", "Self-assessment")
}

fn lists_name(lang: Lang) -> &'static str {
    lang.pick("Danh mục", "Lists")
}

/// The formats of a produced workbook.
pub(super) struct Formats {
    pub title: Format,
    pub subtitle: Format,
    pub notice: Format,
    pub head: Format,
    pub label: Format,
    pub field: Format,
    pub text: Format,
    pub small: Format,
    pub number: Format,
    pub number_bold: Format,
    pub input: Format,
    pub input_wrap: Format,
    pub input_number: Format,
    pub locked_value: Format,
}

impl Formats {
    pub fn new(scale: u32) -> Formats {
        let font = |f: Format| f.set_font_name("Times New Roman").set_font_size(11);
        let boxed = |f: Format| {
            font(f)
                .set_border(FormatBorder::Thin)
                .set_text_wrap()
                .set_align(FormatAlign::Top)
        };
        let points = if scale == 0 {
            "0".to_string()
        } else {
            format!("0.{}", "0".repeat(scale as usize))
        };
        Formats {
            title: font(Format::new())
                .set_bold()
                .set_font_size(13)
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_text_wrap(),
            subtitle: font(Format::new())
                .set_italic()
                .set_align(FormatAlign::Center)
                .set_text_wrap(),
            notice: font(Format::new())
                .set_italic()
                .set_font_size(10)
                .set_font_color(0xC00000)
                .set_text_wrap()
                .set_align(FormatAlign::Top),
            head: boxed(Format::new())
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_background_color(0xDDEBF7),
            label: boxed(Format::new()),
            field: boxed(Format::new())
                .set_bold()
                .set_background_color(0xF2F2F2),
            text: font(Format::new())
                .set_text_wrap()
                .set_align(FormatAlign::Top),
            small: boxed(Format::new()).set_font_size(9),
            number: boxed(Format::new())
                .set_num_format(&points)
                .set_align(FormatAlign::Center),
            number_bold: boxed(Format::new())
                .set_num_format(&points)
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_background_color(0xF2F2F2),
            input: boxed(Format::new())
                .set_unlocked()
                .set_background_color(0xFFF2CC),
            input_wrap: boxed(Format::new())
                .set_unlocked()
                .set_background_color(0xFFF2CC),
            input_number: boxed(Format::new())
                .set_unlocked()
                .set_background_color(0xFFF2CC)
                .set_num_format("General")
                .set_align(FormatAlign::Center),
            locked_value: boxed(Format::new()).set_bold(),
        }
    }
}

/// The notice every produced file carries with a provisional rule set, and the note that the
/// layout is reconstructed.
pub(super) fn notice(rs: &RuleSet, lang: Lang) -> String {
    let layout = lang.pick(
        "Mẫu biểu do phần mềm dựng lại theo Hướng dẫn năm 2019 và mẫu của các tỉnh, không phải mẫu ban hành kèm Hướng dẫn.",
        "Layout reconstructed from the 2019 guidance and other provinces' forms; not the form issued with the guidance.",
    );
    match (rs.is_provisional(), &rs.def().notice) {
        (true, Some(n)) => format!("{} {layout}", lang.label(n)),
        (true, None) => format!(
            "{} {layout}",
            lang.pick(
                "Bộ chỉ số tạm thời: các tiêu chí được dựng lại, chưa phải văn bản chính thức.",
                "Provisional rule set: the criteria are reconstructed, not the official text."
            )
        ),
        (false, _) => layout.to_string(),
    }
}

/// The node's evidence list as a cell shows it, one document per line.
pub(super) fn evidence_list(n: &Node, lang: Lang) -> String {
    (n.evidence.iter())
        .map(|e| {
            let t = match lang {
                Lang::En => e.en.as_deref().unwrap_or(&e.vi),
                Lang::Vi => &e.vi,
            };
            format!("• {t}")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Whether `n` applies to `group` (no `groups` means every group of the level).
pub(super) fn applies(n: &Node, group: &str) -> bool {
    n.groups.is_empty() || n.groups.iter().any(|g| g == group)
}

/// `not_found.group`, with the rule set's groups.
fn no_group(rs: &RuleSet, group: &str) -> Error {
    let groups = (rs.def().groups.iter())
        .map(|g| g.id.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    Error::NotFound(crate::error::issue!("not_found.group", "$", group, groups))
}

/// The level of a group, or `not_found.group`.
pub(super) fn level_of<'a>(rs: &'a RuleSet, group: &str) -> Result<&'a Level> {
    let g = rs.group(group).ok_or_else(|| no_group(rs, group))?;
    (rs.def().levels.iter())
        .find(|l| l.id == g.level)
        .ok_or_else(|| Error::NotFound(crate::error::issue!("not_found.level:group", "$", group)))
}

fn fact_label(fact: &Fact, rule: Option<&Rule>, lang: Lang) -> String {
    let label_of = |id: &str| -> String {
        let found = match rule {
            Some(Rule::OutcomeRatio { outcomes, .. }) => (outcomes.iter())
                .find(|o| o.id == id)
                .map(|o| lang.label(&o.label).to_string()),
            Some(Rule::Deductions { deductions, .. }) => {
                (deductions.iter()).find(|d| d.id == id).map(|d| {
                    format!(
                        "{} (−{} {})",
                        lang.label(&d.label),
                        num(d.points, lang),
                        lang.pick("điểm/lần", "each")
                    )
                })
            }
            _ => None,
        };
        found.unwrap_or_else(|| id.to_string())
    };
    match fact {
        Fact::Numerator => lang.pick("Tử số (số đạt yêu cầu)", "Numerator (those meeting the requirement)").into(),
        Fact::Denominator => lang.pick("Mẫu số (tổng số)", "Denominator (the total)").into(),
        Fact::Percentage => lang
            .pick(
                "Hoặc: tỷ lệ % đã tính (để trống khi nhập tử số và mẫu số)",
                "Or: the percentage already computed (blank when numerator and denominator are given)",
            )
            .into(),
        Fact::Outcome(id) => format!("{} {}", lang.pick("Số", "Number:"), label_of(id)),
        Fact::Event(id) => format!("{} {}", lang.pick("Số lần:", "Times:"), label_of(id)),
        Fact::Choice => lang.pick("Lựa chọn", "Choice").into(),
        Fact::Met => lang.pick("Đạt / không đạt", "Met / not met").into(),
        Fact::Count => lang.pick("Số lượng", "Count").into(),
        Fact::Value => lang.pick("Giá trị", "Value").into(),
        Fact::Points => lang.pick("Điểm", "Points").into(),
    }
}

fn met_words(lang: Lang) -> [&'static str; 2] {
    match lang {
        Lang::Vi => ["Đạt", "Không đạt"],
        Lang::En => ["Met", "Not met"],
    }
}

struct Writer<'a> {
    ws: Worksheet,
    lists: Worksheet,
    /// The next free column of the lists sheet.
    list_col: u16,
    f: &'a Formats,
    lang: Lang,
    lists_name: &'static str,
}

impl Writer<'_> {
    fn validation(
        &mut self,
        row: u32,
        col: u16,
        dv: DataValidation,
    ) -> std::result::Result<(), XlsxError> {
        self.ws
            .add_data_validation(row, col, row, col, &dv)
            .map(|_| ())
    }

    fn prompt(
        dv: DataValidation,
        title: &str,
        message: &str,
    ) -> std::result::Result<DataValidation, XlsxError> {
        dv.set_input_title(title)?
            .set_input_message(message)?
            .set_error_title(title)?
            .set_error_message(message)
    }

    /// The input cell of a fact, with its validation.
    fn fact_cell(
        &mut self,
        row: u32,
        node: &Node,
        fact: &Fact,
    ) -> std::result::Result<(), XlsxError> {
        let lang = self.lang;
        let f = self.f;
        let whole = || {
            Writer::prompt(
                DataValidation::new()
                    .allow_whole_number(DataValidationRule::GreaterThanOrEqualTo(0)),
                lang.pick("Số nguyên", "Whole number"),
                lang.pick(
                    "Nhập một số nguyên từ 0 trở lên.",
                    "Enter a whole number, 0 or more.",
                ),
            )
        };
        match fact {
            Fact::Choice => {
                let Some(Rule::Choice { options }) = &node.rule else {
                    return Ok(());
                };
                let col = self.list_col;
                self.list_col += 1;
                self.lists.write_string(0, col, &node.code)?;
                for (i, o) in options.iter().enumerate() {
                    self.lists.write_string(
                        u32::try_from(i + 1).unwrap_or(0),
                        col,
                        lang.label(&o.label),
                    )?;
                }
                let letters = super::cell::column_letters(u32::from(col));
                let range = format!(
                    "='{}'!${letters}$2:${letters}${}",
                    self.lists_name,
                    options.len() + 1
                );
                self.ws.write_blank(row, C_VALUE, &f.input)?;
                let dv = Writer::prompt(
                    DataValidation::new().allow_list_formula(Formula::new(range)),
                    lang.pick("Chọn một", "Choose one"),
                    lang.pick(
                        "Chọn một phương án trong danh sách.",
                        "Choose an option from the list.",
                    ),
                )?;
                self.validation(row, C_VALUE, dv)
            }
            Fact::Met => {
                self.ws.write_blank(row, C_VALUE, &f.input)?;
                let dv = Writer::prompt(
                    DataValidation::new().allow_list_strings(&met_words(lang))?,
                    lang.pick("Đạt / không đạt", "Met / not met"),
                    lang.pick("Chọn Đạt hoặc Không đạt.", "Choose Met or Not met."),
                )?;
                self.validation(row, C_VALUE, dv)
            }
            Fact::Numerator
            | Fact::Denominator
            | Fact::Count
            | Fact::Outcome(_)
            | Fact::Event(_) => {
                self.ws.write_blank(row, C_VALUE, &f.input_number)?;
                let dv = whole()?;
                self.validation(row, C_VALUE, dv)
            }
            Fact::Percentage => {
                self.ws.write_blank(row, C_VALUE, &f.input_number)?;
                let dv = Writer::prompt(
                    DataValidation::new()
                        .allow_decimal_number(DataValidationRule::Between(0.0, 100.0)),
                    lang.pick("Tỷ lệ %", "Percentage"),
                    lang.pick(
                        "Nhập tỷ lệ % từ 0 đến 100.",
                        "Enter a percentage from 0 to 100.",
                    ),
                )?;
                self.validation(row, C_VALUE, dv)
            }
            Fact::Value => {
                self.ws.write_blank(row, C_VALUE, &f.input_number)?;
                let rule = match &node.rule {
                    Some(Rule::Normalized {
                        max_value: Some(m), ..
                    }) => DataValidationRule::Between(0.0, to_f64(*m)),
                    _ => DataValidationRule::GreaterThanOrEqualTo(0.0),
                };
                let dv = Writer::prompt(
                    DataValidation::new().allow_decimal_number(rule),
                    lang.pick("Giá trị", "Value"),
                    lang.pick(
                        "Nhập giá trị của đơn vị (số, từ 0 trở lên).",
                        "Enter the unit's value (a number, 0 or more).",
                    ),
                )?;
                self.validation(row, C_VALUE, dv)
            }
            Fact::Points => self.points_cell(row, C_VALUE, node),
        }
    }

    /// An input cell of points within the node's minimum and maximum.
    fn points_cell(
        &mut self,
        row: u32,
        col: u16,
        node: &Node,
    ) -> std::result::Result<(), XlsxError> {
        let lang = self.lang;
        self.ws.write_blank(row, col, &self.f.input_number)?;
        let (lo, hi) = (node.min(), node.max_points);
        let message = match lang {
            Lang::Vi => format!("Nhập điểm từ {} đến {}.", num(lo, lang), num(hi, lang)),
            Lang::En => format!("Enter points from {} to {}.", num(lo, lang), num(hi, lang)),
        };
        let dv = Writer::prompt(
            DataValidation::new()
                .allow_decimal_number(DataValidationRule::Between(to_f64(lo), to_f64(hi))),
            lang.pick("Điểm", "Points"),
            &message,
        )?;
        self.validation(row, col, dv)
    }
}

/// A decimal as a double, for a data validation's bounds (display only).
fn to_f64(d: rust_decimal::Decimal) -> f64 {
    d.to_string().parse().unwrap_or(0.0)
}

/// The input template of a group: an XLSX workbook with one row per criterion of the group (see
/// `docs/fact-table.md`). Filled in and read back with [`read_template`], it scores
/// as the JSON unit with the same facts.
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

/// An ISO date as Vietnamese writes it: `19/6/2018`.
pub(super) fn vi_date(iso: &str) -> String {
    let mut parts = iso.split('-');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(y), Some(m), Some(d)) => format!(
            "{}/{}/{y}",
            d.trim_start_matches('0'),
            m.trim_start_matches('0')
        ),
        _ => iso.to_string(),
    }
}

/// What the `about` sheet of a workbook says, by key.
fn about(book: &mut Book<'_>) -> Vec<(String, String)> {
    let Ok(Some(sheet)) = xlsx_file::sheet(book, ABOUT_SHEET) else {
        return Vec::new();
    };
    (sheet.rows.iter())
        .filter_map(|(_, cells)| match (cells.first(), cells.get(1)) {
            (Some(Cell::Text(k)), Some(Cell::Text(v))) => Some((k.clone(), v.clone())),
            _ => None,
        })
        .collect()
}

/// Whether a workbook is an input template (its `about` sheet says so).
pub(super) fn is_template(book: &mut Book<'_>) -> bool {
    about(book).iter().any(|(k, v)| k == "kind" && v == KIND)
}

/// Reads a filled template as the fact table of its one unit (see [`read_template`]).
pub(super) fn read_template_table(
    rs: &RuleSet,
    bytes: &[u8],
    opts: &ReadOptions,
) -> Result<FactTable> {
    let mut book = xlsx_file::open(bytes, &opts.limits)?;
    let about = about(&mut book);
    let get = |k: &str| {
        about
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
    };
    if get("kind").as_deref() != Some(KIND) {
        return Err(Error::input(crate::error::issue!(
            "input.not_a_template",
            "$"
        )));
    }
    if get("table_version").as_deref() != Some(&TABLE_VERSION.to_string()) {
        return Err(Error::input(crate::error::issue!(
            "input.unsupported_version:template",
            "$",
            version = get("table_version").unwrap_or_default(),
            want = TABLE_VERSION
        )));
    }
    let name = get("sheet").unwrap_or_else(|| sheet_name(Lang::Vi).to_string());
    let sheet = xlsx_file::sheet(&mut book, &name)?.ok_or_else(|| {
        Error::input(crate::error::issue!(
            "input.not_a_template:sheet",
            "$",
            sheet = name
        ))
    })?;
    let group = get("group").unwrap_or_default();
    let level = level_of(rs, &group).ok();
    let find = |code: &str| -> Option<&Node> {
        fn walk<'a>(ns: &'a [Node], code: &str) -> Option<&'a Node> {
            ns.iter().find_map(|n| {
                (n.code == code)
                    .then_some(n)
                    .or_else(|| walk(&n.children, code))
            })
        }
        level.and_then(|l| walk(&l.nodes, code))
    };
    let known = Columns::of(rs);
    let mut grid = Grid {
        sheet: Some(sheet.name.clone()),
        header_row: 1,
        ..Grid::default()
    };
    let mut cells = Vec::new();
    let mut push = |name: String, cell: Cell, at: (u32, u32)| {
        grid.header.push(Cell::Text(name));
        cells.push(cell);
        grid.positions.push(Some(at));
    };
    for (r, row) in &sheet.rows {
        let text = |c: u16| match row.get(usize::from(c)) {
            Some(Cell::Text(t)) => Some(t.trim().to_string()),
            _ => None,
        };
        if let Some(key) = text(C_KEY).filter(|k| !k.is_empty() && k != "key") {
            let mut cell = row
                .get(usize::from(C_VALUE))
                .cloned()
                .unwrap_or(Cell::Empty);
            // A choice is shown by its label: read back as the option's id.
            if let Some(Role::Fact {
                code,
                fact: Fact::Choice,
            }) = known.find(&key)
            {
                if let (
                    Cell::Text(t),
                    Some(Node {
                        rule: Some(Rule::Choice { options }),
                        ..
                    }),
                ) = (&cell, find(&code))
                {
                    let t = t.trim();
                    if let Some(o) = options
                        .iter()
                        .find(|o| o.label.vi == t || o.label.en.as_deref() == Some(t))
                    {
                        cell = Cell::Text(o.id.clone());
                    }
                }
            }
            push(key, cell, (*r, u32::from(C_VALUE)));
        }
        if let Some(code) = text(C_NODE).filter(|k| !k.is_empty() && k != "code") {
            for (entry, col) in [
                (Entry::NotApplicable, C_NA),
                (Entry::SelfScore, C_SELF),
                (Entry::Evidence, C_EVIDENCE),
                (Entry::Notes, C_NOTES),
            ] {
                let cell = row.get(usize::from(col)).cloned().unwrap_or(Cell::Empty);
                if cell != Cell::Empty {
                    push(
                        Role::Entry {
                            code: code.clone(),
                            entry,
                        }
                        .name(),
                        cell,
                        (*r, u32::from(col)),
                    );
                }
            }
        }
    }
    grid.rows.push((1, cells));
    let mut t = FactTable::from_grid(rs, grid, opts)?;
    t.ruleset = get("ruleset");
    t.set_source(bytes);
    Ok(t)
}

/// Reads a filled input template as the unit it describes: every cell that cannot be read is a
/// problem told with its cell (`Tự chấm điểm!F23`) and the JSON path it stands for
/// (`$.items["1.1.1"].choice`). A template made for another rule set is refused
/// (`input.ruleset_mismatch`).
pub fn read_template(rs: &RuleSet, bytes: &[u8]) -> Result<UnitInput> {
    read_template_with(rs, bytes, &ReadOptions::default())
}

/// [`read_template`] with options (limits).
pub fn read_template_with(rs: &RuleSet, bytes: &[u8], opts: &ReadOptions) -> Result<UnitInput> {
    let t = read_template_table(rs, bytes, opts)?;
    if let Some(want) = &t.ruleset {
        if want != rs.id() {
            return Err(Error::input(crate::error::issue!(
                "input.ruleset_mismatch:template",
                "$",
                given = want,
                ruleset = rs.id()
            )));
        }
    }
    let unit_level = |mut i: Issue| {
        if let Some(rest) = i.path.strip_prefix("$.units[0]") {
            i.path = format!("${rest}");
        }
        i
    };
    match t.unit(0) {
        UnitEntry::Ok(u) => Ok(u),
        UnitEntry::Bad { issues, .. } => {
            Err(Error::Input(issues.into_iter().map(unit_level).collect()))
        }
    }
}
