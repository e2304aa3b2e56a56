//! `template`: the input workbook of a group (mẫu nhập liệu), generated from the rule set: one row
//! per criterion with its code, content, maximum, how it is scored and the evidence it needs,
//! input cells with their checks. Filled in and given to `score`, it scores as the JSON of the
//! same facts.

use crate::cli::{LimitOpts, OutputOpt, RuleSetOpt};
use crate::input;
use crate::lang::{tr, Lang};
use crate::output;
use crate::{Ctx, Failure};
use parindex::table;
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

    #[command(flatten)]
    ruleset: RuleSetOpt,

    #[command(flatten)]
    output: OutputOpt,

    #[command(flatten)]
    limits: LimitOpts,
}

pub fn run(a: Args, ctx: &Ctx) -> Result<ExitCode, Failure> {
    let lang = ctx.lang;
    let rs = input::ruleset(&a.ruleset.id, &a.limits.limits(), lang)?;
    let bytes = table::template(&rs, &a.group, lang).map_err(|e| {
        let what = match lang {
            Lang::Vi => format!("bộ chỉ số `{}`", rs.id()),
            Lang::En => format!("rule set `{}`", rs.id()),
        };
        input::engine_error(&what, &e, lang)
    })?;
    output::emit_file(&bytes, &a.output, lang)?;
    Ok(ExitCode::SUCCESS)
}
