//! `schema`: the JSON Schema of a format, generated from the engine's types.

use crate::lang::tr;
use crate::output;
use crate::{Ctx, Failure};
use std::process::ExitCode;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum Which {
    #[value(help = tr("bộ chỉ số", "a rule set"))]
    Ruleset,
    #[value(help = tr("dữ liệu chấm điểm (một lô đơn vị)", "an input batch"))]
    Input,
    #[value(help = tr("kết quả (score --format json)", "a result (score --format json)"))]
    Result,
    #[value(help = tr(
        "hồ sơ đánh giá đã lưu (Dossier.to_json)",
        "a stored dossier (Dossier.to_json)"
    ))]
    Dossier,
}

#[derive(clap::Args, Debug)]
pub struct Args {
    #[arg(
        value_enum,
        value_name = "FORMAT",
        default_value_t = Which::Ruleset,
        help = tr("Định dạng", "Which format")
    )]
    which: Which,
}

pub fn run(a: Args, _ctx: &Ctx) -> Result<ExitCode, Failure> {
    let v = match a.which {
        Which::Ruleset => parindex::api::schema::ruleset_schema(),
        Which::Input => parindex::api::schema::input_schema(),
        Which::Result => parindex::api::schema::result_schema(),
        Which::Dossier => parindex::api::schema::dossier_schema(),
    };
    output::emit_json(&v)?;
    Ok(ExitCode::SUCCESS)
}
