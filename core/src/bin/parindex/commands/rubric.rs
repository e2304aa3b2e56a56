//! `rubric export|import`: a rule set as a workbook (XLSX) to read and edit in a spreadsheet
//! program, and back to its JSON, checked as a JSON rule set is (every problem with its cell).

use crate::cli::{LimitOpts, OutputOpt};
use crate::input;
use crate::lang::{tr, Lang};
use crate::output;
use crate::{Ctx, Failure};
use parindex::api::Kind;
use parindex::{builtin, table};
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(subcommand)]
    action: Action,
}

#[derive(clap::Subcommand, Debug)]
enum Action {
    #[command(about = tr(
        "Ghi bộ chỉ số ra bảng tính (XLSX): tiêu chí, cách chấm, nhóm, thành phần, xếp loại, lịch",
        "Write a rule set as a workbook (XLSX): criteria, rules, groups, components, bands, calendar"
    ))]
    Export {
        #[arg(
            value_name = "ID|PATH",
            default_value = builtin::DEFAULT_RULESET,
            help = tr(
                "Bộ chỉ số: mã bộ có sẵn hoặc đường dẫn tệp JSON; `-`: đầu vào chuẩn",
                "Rule set: a built-in id or a JSON file; `-`: standard input"
            )
        )]
        ruleset: String,

        #[command(flatten)]
        output: OutputOpt,

        #[command(flatten)]
        limits: LimitOpts,
    },
    #[command(about = tr(
        "Đọc bộ chỉ số từ bảng tính (của `rubric export`), kiểm tra và in JSON",
        "Read a rule set from its workbook (of `rubric export`), check it and print its JSON"
    ))]
    Import {
        #[arg(
            value_name = "FILE",
            help = tr(
                "Tệp XLSX của bộ chỉ số; `-`: đầu vào chuẩn",
                "The rule set's XLSX file; `-`: standard input"
            )
        )]
        file: String,

        #[command(flatten)]
        limits: LimitOpts,
    },
}

pub fn run(a: Args, ctx: &Ctx) -> Result<ExitCode, Failure> {
    let lang = ctx.lang;
    match a.action {
        Action::Export {
            ruleset,
            output,
            limits,
        } => {
            let rs = input::ruleset(&ruleset, &limits.limits(), lang)?;
            let bytes = table::rubric(&rs).map_err(|e| {
                let what = match lang {
                    Lang::Vi => format!("bộ chỉ số `{}`", rs.id()),
                    Lang::En => format!("rule set `{}`", rs.id()),
                };
                input::engine_error(&what, &e, lang)
            })?;
            output::emit_file(&bytes, &output, lang)?;
        }
        Action::Import { file, limits } => {
            let limits = limits.limits();
            let source = input::source_name(&file, Kind::RuleSet, lang);
            let bytes = input::bytes(&file, Kind::RuleSet, &limits, lang)?
                .map_err(|e| input::engine_error(&source, &e, lang))?;
            let opts = table::ReadOptions {
                limits,
                ..Default::default()
            };
            let rs = table::read_rubric(&bytes, &opts)
                .map_err(|e| input::engine_error(&source, &e, lang))?;
            let mut text = rs.to_json();
            text.push('\n');
            output::emit(&text)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
