//! The layout of the input template ([`template`](super::template())): its columns, its sheets'
//! names, the formats of a produced workbook and the texts every produced file shares.

use super::describe::{LabelIn, Lang};
use crate::compile::RuleSet;
use crate::def::{Level, Node};
use crate::error::{Error, Result};
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder};

/// The value of `kind` in the `about` sheet of a template.
pub(super) const KIND: &str = "template";

// The columns of the input sheet.
pub(super) const C_CODE: u16 = 0;
pub(super) const C_LABEL: u16 = 1;
pub(super) const C_MAX: u16 = 2;
pub(super) const C_RULE: u16 = 3;
pub(super) const C_NEEDS: u16 = 4;
pub(super) const C_VALUE: u16 = 5;
pub(super) const C_NA: u16 = 6;
pub(super) const C_SELF: u16 = 7;
pub(super) const C_EVIDENCE: u16 = 8;
pub(super) const C_NOTES: u16 = 9;
/// Hidden: the fact-table column of the row's value cell.
pub(super) const C_KEY: u16 = 10;
/// Hidden: the node code of the row's entry cells (not applicable, self, evidence, notes).
pub(super) const C_NODE: u16 = 11;

/// The input sheet's name.
pub fn sheet_name(lang: Lang) -> &'static str {
    lang.pick("Tự chấm điểm", "Self-assessment")
}

pub(super) fn lists_name(lang: Lang) -> &'static str {
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
pub(super) fn no_group(rs: &RuleSet, group: &str) -> Error {
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
