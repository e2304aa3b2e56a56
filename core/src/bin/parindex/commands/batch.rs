//! What `rank`, `score` and `explain` share: their input options, the scoring of the batch, the
//! receipt written beside the output, and the end of the run (refused units and warnings on
//! standard error, the exit code).

use crate::cli::{Format, FormatOpt, LimitOpts};
use crate::input;
use crate::lang::{tr, Lang};
use crate::{Ctx, Failure};
use parindex::api::Kind;
use parindex::BatchOptions;
use parindex::{builtin, BatchResult, RuleSet, UnitError, UnitScore};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct BatchArgs {
    #[arg(
        value_name = "INPUT",
        help = tr(
            "Tệp dữ liệu JSON ({\"format_version\": 1, \"units\": [...]}); `-`: đầu vào chuẩn \
             [mặc định: dữ liệu minh họa có sẵn]",
            "Input batch, a JSON file ({\"format_version\": 1, \"units\": [...]}); `-`: standard \
             input [default: the bundled example province]"
        )
    )]
    pub input: Option<String>,

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
    pub ruleset: String,

    #[command(flatten)]
    pub format: FormatOpt,

    #[arg(
        long,
        help = tr(
            "Coi cảnh báo là lỗi: có cảnh báo thì mã thoát 1",
            "Treat warnings as errors: exit code 1 when there is one"
        )
    )]
    pub strict: bool,

    #[arg(
        long,
        value_name = "FILE",
        help = tr(
            "Ghi thêm biên nhận (bộ chỉ số, SHA-256 của bộ chỉ số và dữ liệu, tạm thời, lời \
             cảnh báo) ra tệp JSON này",
            "Also write the receipt (rule set, SHA-256 of the rule set and of the inputs, \
             provisional, notice) to this JSON file"
        )
    )]
    pub receipt: Option<PathBuf>,

    #[command(flatten)]
    pub limits: LimitOpts,
}

impl BatchArgs {
    pub fn format(&self) -> Format {
        self.format.format
    }
}

/// A batch scored with its rule set.
pub struct Scored {
    pub rs: RuleSet,
    pub result: BatchResult,
}

/// Score the batch the arguments name (the bundled example province when none), keeping every
/// node's explanation when `keep_nodes`; write the receipt file when asked.
pub fn score(a: &BatchArgs, keep_nodes: bool, lang: Lang) -> Result<Scored, Failure> {
    input::stdin_once(&[Some(a.ruleset.as_str()), a.input.as_deref()], lang)?;
    let limits = a.limits.limits();
    let rs = input::ruleset(&a.ruleset, &limits, lang)?;
    let (source, text) = match a.input.as_deref() {
        Some(spec) => (
            input::source_name(spec, Kind::Batch, lang),
            input::read(spec, Kind::Batch, &limits, lang)?,
        ),
        None => (
            lang.pick("dữ liệu minh họa có sẵn", "the bundled example province")
                .to_string(),
            builtin::EXAMPLE_PROVINCE.to_string(),
        ),
    };
    let opts = BatchOptions { keep_nodes, limits };
    let result = rs
        .score_json_with(&text, opts)
        .map_err(|e| input::engine_error(&source, &e, lang))?;
    if let Some(path) = &a.receipt {
        write_receipt(path, &result, lang)?;
    }
    Ok(Scored { rs, result })
}

/// The receipt, as the JSON result gives it, in a file of its own (to keep with the decision).
fn write_receipt(path: &std::path::Path, result: &BatchResult, lang: Lang) -> Result<(), Failure> {
    let mut text = serde_json::to_string_pretty(&result.receipt).unwrap_or_default();
    text.push('\n');
    std::fs::write(path, text).map_err(|e| {
        Failure::Bad(match lang {
            Lang::Vi => format!("lỗi: không ghi được biên nhận ra `{}`: {e}", path.display()),
            Lang::En => format!(
                "error: cannot write the receipt to `{}`: {e}",
                path.display()
            ),
        })
    })
}

/// How many warnings the units carry.
pub fn count_warnings<'a>(units: impl IntoIterator<Item = &'a UnitScore>) -> usize {
    units
        .into_iter()
        .fold(0usize, |n, u| n.saturating_add(u.warnings.len()))
}

/// The end of a run, once the output is written (it holds every warning, in every format): the
/// units refused and the count of warnings on standard error; exit code 1 when a unit was
/// refused, or a warning given under `--strict`.
pub fn finish(ctx: &Ctx, strict: bool, refused: &[UnitError], warnings: usize) -> ExitCode {
    let lang = ctx.lang;
    eprint!("{}", crate::output::refused_stderr(refused, lang));
    if warnings > 0 {
        eprintln!("{}", warnings_line(warnings, strict, lang));
    }
    if !refused.is_empty() || (strict && warnings > 0) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// `cảnh báo: 3 cảnh báo ...` / `warning: 3 warnings ...`: where to read them, what `--strict`
/// does.
fn warnings_line(n: usize, strict: bool, lang: Lang) -> String {
    let plural = if n == 1 { "" } else { "s" };
    match (lang, strict) {
        (Lang::Vi, false) => format!(
            "cảnh báo: {n} cảnh báo (đơn vị vẫn được chấm; xem trong kết quả); \
             thêm --strict để coi cảnh báo là lỗi"
        ),
        (Lang::En, false) => format!(
            "warning: {n} warning{plural} (the units are scored; see the output); \
             --strict makes them an error"
        ),
        (Lang::Vi, true) => {
            format!("lỗi: {n} cảnh báo (xem trong kết quả), và --strict coi cảnh báo là lỗi")
        }
        (Lang::En, true) => {
            format!("error: {n} warning{plural} (see the output), and --strict makes them an error")
        }
    }
}
