//! `form`: a unit's forms (S4) from its scores: form 01, the self-assessment report (DOCX, for
//! Word), and its self-scoring table, form 02, 03 or 04 by the unit's group (XLSX).

use super::batch::{self, SourceArgs};
use crate::cli::OutputOpt;
use crate::input;
use crate::lang::{tr, Lang};
use crate::output;
use crate::{Ctx, Failure};
use parindex::{table, Error};
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[arg(
        value_name = "FORM",
        value_parser = ["01", "02", "03", "04"],
        help = tr(
            "Mẫu số: 01 báo cáo tự đánh giá (DOCX); 02, 03, 04 biểu tự chấm điểm của nhóm đơn vị \
             (XLSX: 02 bốn đơn vị 52 điểm, 03 các Sở, ngành khác, 04 cấp huyện)",
            "Form: 01 the self-assessment report (DOCX); 02, 03, 04 the self-scoring table of the \
             unit's group (XLSX: 02 the four 52-point units, 03 other departments, 04 districts)"
        )
    )]
    form: String,

    #[arg(
        short,
        long,
        value_name = "ID",
        help = tr("Mã đơn vị", "The unit's id")
    )]
    unit: String,

    #[command(flatten)]
    source: SourceArgs,

    #[arg(
        long,
        value_name = "NUMBER",
        help = tr(
            "Số báo cáo (Mẫu 01) mà biểu kèm theo, ví dụ 45/BC-SNV [mặc định: để trống]",
            "The number of the report (form 01) the table goes with, e.g. 45/BC-SNV [default: \
             left blank]"
        )
    )]
    report_number: Option<String>,

    #[arg(
        long,
        value_name = "PLACE",
        help = tr(
            "Nơi ký, ví dụ \"Hòa Bình\" [mặc định: để trống]",
            "Place of signing, e.g. \"Hòa Bình\" [default: left blank]"
        )
    )]
    place: Option<String>,

    #[arg(
        long,
        value_name = "YYYY-MM-DD",
        value_parser = parse_date,
        help = tr(
            "Ngày ký [mặc định: để trống]",
            "Date of signing [default: left blank]"
        )
    )]
    date: Option<String>,

    #[command(flatten)]
    output: OutputOpt,
}

/// The core's check of a form's date (`input.bad_date`), its message in the help's language.
fn parse_date(s: &str) -> Result<String, String> {
    table::check_date(s, "--date")
        .map(|()| s.to_string())
        .map_err(|e| {
            let lang = match crate::lang::help_lang() {
                Lang::Vi => parindex::Lang::Vi,
                Lang::En => parindex::Lang::En,
            };
            (e.issues().first()).map_or_else(String::new, |i| i.message_in(lang))
        })
}

pub fn run(a: Args, ctx: &Ctx) -> Result<ExitCode, Failure> {
    let lang = ctx.lang;
    let batch::Scored { rs, result } = batch::score_source(&a.source, true, lang)?;
    let source = batch::source_name(&a.source, lang);
    let id = &a.unit;
    let Some(unit) = result.units.iter().find(|u| u.id == *id) else {
        if let Some(e) = result.errors.iter().find(|e| e.id.as_deref() == Some(id)) {
            return Err(input::engine_error(
                &source,
                &Error::Input(e.errors.clone()),
                lang,
            ));
        }
        return Err(Failure::Bad(match lang {
            Lang::Vi => format!("lỗi: {source} không có đơn vị `{id}`"),
            Lang::En => format!("error: {source} has no unit `{id}`"),
        }));
    };
    let opts = table::FormOptions {
        lang,
        report_number: a.report_number,
        place: a.place,
        date: a.date,
    };
    let bytes = if a.form == "01" {
        table::report(&rs, unit, &opts)
    } else {
        let own = table::form_number(&rs, unit).unwrap_or_default();
        if own != a.form {
            return Err(Failure::Bad(match lang {
                Lang::Vi => format!(
                    "lỗi: đơn vị `{id}` thuộc nhóm `{}`, dùng Mẫu {own}, không phải Mẫu {}",
                    unit.group, a.form
                ),
                Lang::En => format!(
                    "error: unit `{id}` is in group `{}`, whose form is {own}, not {}",
                    unit.group, a.form
                ),
            }));
        }
        table::form(&rs, unit, &opts)
    }
    .map_err(|e| input::engine_error(&source, &e, lang))?;
    output::emit_file(&bytes, &a.output, lang)?;
    // The form is written; other units' refusals do not change it and are not reported here.
    Ok(ExitCode::SUCCESS)
}
