//! The commands. Each is a module with its arguments (`Args`, clap derive) and its
//! `run(args, ctx)`; a new command is a new module, a variant of [`Command`] and its arm in
//! [`Command::run`].

mod batch;
mod explain;
mod facts;
mod form;
mod generate;
mod help;
mod rank;
mod rubric;
mod rulesets;
mod schema;
mod score;
mod template;
mod validate;

use crate::lang::tr;
use crate::{Ctx, Failure};
use std::process::ExitCode;

#[derive(clap::Subcommand, Debug)]
pub enum Command {
    #[command(about = tr(
        "Xếp hạng các đơn vị trong từng khối: Sở, Ban, ngành; huyện; xã của từng huyện",
        "Rank units within their blocks: departments; districts; communes per district"
    ))]
    Rank(rank::Args),
    #[command(about = tr(
        "Chấm điểm từng đơn vị: các thành phần, tổng, chỉ số, xếp loại",
        "Score every unit: components, total, index, band"
    ))]
    Score(score::Args),
    #[command(about = tr(
        "Giải thích điểm của một đơn vị, từng tiêu chí",
        "Explain one unit's points node by node"
    ))]
    Explain(explain::Args),
    #[command(about = tr(
        "In mẫu nhập liệu (XLSX) của một nhóm đơn vị, để điền rồi chấm bằng `score`",
        "Print the input workbook (XLSX) of a group of units, to fill in and score with `score`"
    ))]
    Template(template::Args),
    #[command(about = tr(
        "In bảng dữ kiện (XLSX hoặc CSV, một dòng một đơn vị) của một lô đơn vị, hoặc bảng trống",
        "Print the fact table (XLSX or CSV, one row per unit) of a batch, or an empty one"
    ))]
    Facts(facts::Args),
    #[command(about = tr(
        "In biểu mẫu của một đơn vị: 01 báo cáo tự đánh giá (DOCX), 02/03/04 biểu tự chấm điểm (XLSX)",
        "Print a unit's form: 01 the self-assessment report (DOCX), 02/03/04 the self-scoring table (XLSX)"
    ))]
    Form(form::Args),
    #[command(about = tr(
        "Bộ chỉ số dạng bảng tính: export ghi ra XLSX, import đọc lại thành JSON",
        "The rule set as a workbook: export writes XLSX, import reads it back as JSON"
    ))]
    Rubric(rubric::Args),
    #[command(about = tr(
        "Kiểm tra bộ chỉ số, liệt kê mọi lỗi một lượt (mặc định: các bộ có sẵn)",
        "Check a rule set and list every problem (default: the built-in ones)"
    ))]
    Validate(validate::Args),
    #[command(about = tr(
        "In JSON Schema của một định dạng (ruleset, input, result)",
        "Print the JSON Schema of a format (ruleset, input, result)"
    ))]
    Schema(schema::Args),
    #[command(about = tr("Liệt kê các bộ chỉ số có sẵn", "List the built-in rule sets"))]
    Rulesets(rulesets::Args),
    #[command(about = tr(
        "In một bộ dữ liệu mô phỏng cho bộ chỉ số (đo tốc độ, thử tải)",
        "Print a synthetic batch for the rule set (benchmarks, load tests)"
    ))]
    Generate(generate::Args),
    #[command(about = tr(
        "In trợ giúp của chương trình hoặc của một lệnh",
        "Print the help of the program or of a command"
    ))]
    Help(help::Args),
}

impl Command {
    pub fn run(self, ctx: &Ctx) -> Result<ExitCode, Failure> {
        match self {
            Command::Rank(a) => rank::run(a, ctx),
            Command::Score(a) => score::run(a, ctx),
            Command::Explain(a) => explain::run(a, ctx),
            Command::Template(a) => template::run(a, ctx),
            Command::Facts(a) => facts::run(a, ctx),
            Command::Form(a) => form::run(a, ctx),
            Command::Rubric(a) => rubric::run(a, ctx),
            Command::Validate(a) => validate::run(a, ctx),
            Command::Schema(a) => schema::run(a, ctx),
            Command::Rulesets(a) => rulesets::run(a, ctx),
            Command::Generate(a) => generate::run(a, ctx),
            Command::Help(a) => help::run(a, ctx),
        }
    }
}
