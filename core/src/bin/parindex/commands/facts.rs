//! `facts`: units written as the fact table (bảng dữ kiện, `docs/fact-table.md`), one row per
//! unit and one column per fact, as a workbook (XLSX) or CSV — the file `score` reads back as the
//! same units. From a JSON batch, a CSV or XLSX table, a filled template (to gather units into one
//! table), or no unit at all (`--empty`: every column's header, to fill in).

use super::batch::{self, SourceArgs, Units};
use crate::cli::OutputOpt;
use crate::input;
use crate::lang::{tr, Lang};
use crate::output;
use crate::{Ctx, Failure};
use parindex::table::{self, CsvOptions, FactTable};
use std::process::ExitCode;

/// The file written.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileFormat {
    #[value(help = tr(
        "bảng tính: trang `units` (một dòng một đơn vị) và trang `about`",
        "a workbook: the sheet `units` (one row per unit) and the sheet `about`"
    ))]
    Xlsx,
    #[value(help = tr(
        "CSV, UTF-8, dấu phẩy giữa các cột, dấu chấm thập phân",
        "CSV, UTF-8, commas between the columns, a decimal dot"
    ))]
    Csv,
}

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    source: SourceArgs,

    #[arg(
        long,
        conflicts_with = "input",
        help = tr(
            "Bảng trống: chỉ dòng tiêu đề với mọi cột của bộ chỉ số, để điền",
            "An empty table: only the header row with every column of the rule set, to fill in"
        )
    )]
    empty: bool,

    #[arg(
        short,
        long,
        value_enum,
        help = tr(
            "Dạng tệp [mặc định: theo đuôi của -o (.csv: csv), còn lại xlsx]",
            "File format [default: by the extension of -o (.csv: csv), else xlsx]"
        )
    )]
    format: Option<FileFormat>,

    #[command(flatten)]
    output: OutputOpt,
}

pub fn run(a: Args, ctx: &Ctx) -> Result<ExitCode, Failure> {
    let lang = ctx.lang;
    let limits = a.source.limits.limits();
    let source = batch::source_name(&a.source, lang);
    let (rs, t) = if a.empty {
        let rs = input::ruleset(&a.source.ruleset.id, &limits, lang)?;
        let t = FactTable::new(&rs);
        (rs, t)
    } else {
        let (rs, units) = batch::read_source(&a.source, lang)?;
        let t = match units {
            Units::Json(text) => FactTable::from_batch_json(&rs, &text, &limits),
            Units::Table(t) => Ok(t),
        }
        .map_err(|e| input::engine_error(&source, &e, lang))?;
        (rs, t)
    };
    // A row whose cells could not be read is not written as something else: nothing is.
    if let Some(failure) = unreadable(&t, &source, lang) {
        return Err(failure);
    }
    let format = a.format.unwrap_or_else(|| {
        let csv = (a.output.output.as_deref())
            .and_then(|p| p.extension())
            .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
        if csv {
            FileFormat::Csv
        } else {
            FileFormat::Xlsx
        }
    });
    match format {
        FileFormat::Xlsx => {
            let bytes = t
                .write_xlsx(&rs)
                .map_err(|e| input::engine_error(&source, &e, lang))?;
            output::emit_file(&bytes, &a.output, lang)?;
        }
        FileFormat::Csv => {
            let bytes = t.write_csv(&CsvOptions::default());
            if a.output.output.is_some() {
                output::emit_file(&bytes, &a.output, lang)?;
            } else {
                output::emit(&String::from_utf8_lossy(&bytes))?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The refusal of a table some of whose rows could not be read, every problem listed.
fn unreadable(t: &FactTable, source: &str, lang: Lang) -> Option<Failure> {
    let ids = t.column("id").map(table::Column::data);
    let rows: Vec<parindex::UnitError> = (t.problems().into_iter().enumerate())
        .filter(|(_, p)| !p.is_empty())
        .map(|(index, errors)| parindex::UnitError {
            index,
            id: ids.and_then(|c| match c.get(index) {
                Some(table::Value::Text(s)) => Some(s),
                _ => None,
            }),
            errors,
        })
        .collect();
    if rows.is_empty() {
        return None;
    }
    let n = rows.len();
    let listed = output::units_stderr(&rows, |unit| match lang {
        Lang::Vi => format!("lỗi: đơn vị {unit} có ô không đọc được:"),
        Lang::En => format!("error: unit {unit} has cells that cannot be read:"),
    });
    Some(Failure::Bad(match lang {
        Lang::Vi => {
            format!("{listed}lỗi: {source}: {n} đơn vị có ô không đọc được, không ghi bảng")
        }
        Lang::En => format!(
            "{listed}error: {source}: {n} unit(s) with cells that cannot be read; no table written"
        ),
    }))
}
