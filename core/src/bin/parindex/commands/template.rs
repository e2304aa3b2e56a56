//! `template`: the input workbook of a group (mẫu nhập liệu), generated from the rule set: one row
//! per criterion with its code, content, maximum, how it is scored and the evidence it needs,
//! input cells with their checks. Filled in and given to `score`, it scores as the JSON of the
//! same facts.

use crate::cli::{LimitOpts, OutputOpt};
use crate::input;
use crate::lang::{tr, Lang};
use crate::output;
use crate::{Ctx, Failure};
use parindex::{builtin, table};
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[arg(
        short,
        long,
        value_name = "GROUP",
        help = tr(
            "Nhóm đơn vị: department_52 (Mẫu 02), department (Mẫu 03), district (Mẫu 04), \
             commune; xem `parindex rulesets`",
            "Group of units: department_52 (form 02), department (form 03), district (form 04), \
             commune; see `parindex rulesets`"
        )
    )]
    group: String,

    #[arg(
        short,
        long,
        value_name = "ID|PATH",
        default_value = builtin::DEFAULT_RULESET,
        help = tr(
            "Bộ chỉ số: mã bộ có sẵn hoặc đường dẫn tệp; `-`: đầu vào chuẩn",
            "Rule set: a built-in id or a file; `-`: standard input"
        )
    )]
    ruleset: String,

    #[command(flatten)]
    output: OutputOpt,

    #[command(flatten)]
    limits: LimitOpts,
}

pub fn run(a: Args, ctx: &Ctx) -> Result<ExitCode, Failure> {
    let lang = ctx.lang;
    let rs = input::ruleset(&a.ruleset, &a.limits.limits(), lang)?;
    let bytes = table::template(&rs, &a.group, table_lang(lang)).map_err(|e| {
        let what = match lang {
            Lang::Vi => format!("bộ chỉ số `{}`", rs.id()),
            Lang::En => format!("rule set `{}`", rs.id()),
        };
        input::engine_error(&what, &e, lang)
    })?;
    output::emit_file(&bytes, &a.output, lang)?;
    Ok(ExitCode::SUCCESS)
}

/// The language of what the command line writes, for the files it makes.
pub fn table_lang(lang: Lang) -> table::Lang {
    match lang {
        Lang::Vi => table::Lang::Vi,
        Lang::En => table::Lang::En,
    }
}
