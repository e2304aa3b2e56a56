//! The input cells of the template's rows: each fact's cell with its data validation, and the
//! label of a fact's row.

use super::columns::Fact;
use super::describe::{num, LabelIn, Lang};
use super::template_layout::{Formats, C_VALUE};
use crate::def::{Node, Rule};
use rust_xlsxwriter::{DataValidation, DataValidationRule, Formula, Worksheet, XlsxError};

pub(super) fn fact_label(fact: &Fact, rule: Option<&Rule>, lang: Lang) -> String {
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

pub(super) fn met_words(lang: Lang) -> [&'static str; 2] {
    match lang {
        Lang::Vi => ["Đạt", "Không đạt"],
        Lang::En => ["Met", "Not met"],
    }
}

pub(super) struct Writer<'a> {
    pub(super) ws: Worksheet,
    pub(super) lists: Worksheet,
    /// The next free column of the lists sheet.
    pub(super) list_col: u16,
    pub(super) f: &'a Formats,
    pub(super) lang: Lang,
    pub(super) lists_name: &'static str,
}

impl Writer<'_> {
    pub(super) fn validation(
        &mut self,
        row: u32,
        col: u16,
        dv: DataValidation,
    ) -> std::result::Result<(), XlsxError> {
        self.ws
            .add_data_validation(row, col, row, col, &dv)
            .map(|_| ())
    }

    pub(super) fn prompt(
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
    pub(super) fn fact_cell(
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
    pub(super) fn points_cell(
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
pub(super) fn to_f64(d: rust_decimal::Decimal) -> f64 {
    d.to_string().parse().unwrap_or(0.0)
}
