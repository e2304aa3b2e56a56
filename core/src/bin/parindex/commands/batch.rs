//! What `rank`, `score` and `explain` share: their input options, the scoring of the batch, the
//! receipt written beside the output, and the end of the run (refused units and warnings on
//! standard error, the exit code).

use crate::cli::{Format, FormatOpt, LimitOpts, RuleSetOpt};
use crate::input;
use crate::lang::{tr, Lang};
use crate::{Ctx, Failure};
use parindex::api::Kind;
use parindex::table;
use parindex::BatchOptions;
use parindex::{builtin, BatchResult, RuleSet, UnitError, UnitScore};
use std::path::PathBuf;
use std::process::ExitCode;

/// Where the units come from: the input file (JSON, CSV or a workbook) and its rule set.
#[derive(clap::Args, Debug)]
pub struct SourceArgs {
    #[arg(
        value_name = "INPUT",
        help = tr(
            "Tệp dữ liệu: JSON ({\"format_version\": 1, \"units\": [...]}), bảng dữ kiện CSV hoặc \
             XLSX, hay mẫu nhập liệu đã điền (docs/fact-table.md); nhận dạng theo đuôi tệp, không \
             có đuôi thì theo nội dung; `-`: đầu vào chuẩn [mặc định: dữ liệu minh họa có sẵn]",
            "Input file: JSON ({\"format_version\": 1, \"units\": [...]}), a fact table in CSV or \
             XLSX, or a filled input template (docs/fact-table.md); told by the file's extension, \
             else by its content; `-`: standard input [default: the bundled example province]"
        )
    )]
    pub input: Option<String>,

    #[command(flatten)]
    pub ruleset: RuleSetOpt,

    #[arg(
        long,
        help = tr(
            "Số trong tệp CSV viết bằng dấu phẩy thập phân (99,75); khi đó dấu chấm trong số bị \
             từ chối (1.000 có thể là dấu phân cách hàng nghìn)",
            "Numbers in the CSV file are written with a decimal comma (99,75); a dot in a number \
             is then refused (1.000 could be a thousands separator)"
        )
    )]
    pub decimal_comma: bool,

    #[arg(
        long,
        value_name = "CHAR",
        value_parser = parse_delimiter,
        help = tr(
            "Dấu phân cách cột của tệp CSV: `,`, `;` hoặc `tab` [mặc định: dấu xuất hiện trong \
             dòng tiêu đề]",
            "The CSV file's column separator: `,`, `;` or `tab` [default: the one its header \
             row uses]"
        )
    )]
    pub delimiter: Option<u8>,

    #[command(flatten)]
    pub limits: LimitOpts,
}

#[derive(clap::Args, Debug)]
pub struct BatchArgs {
    #[command(flatten)]
    pub source: SourceArgs,

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
}

impl BatchArgs {
    pub fn format(&self) -> Format {
        self.format.format
    }
}

fn parse_delimiter(s: &str) -> Result<u8, String> {
    match s {
        "," => Ok(b','),
        ";" => Ok(b';'),
        "tab" | "\\t" | "\t" => Ok(b'\t'),
        _ => Err(match crate::lang::help_lang() {
            Lang::Vi => "cần `,`, `;` hoặc `tab`".to_string(),
            Lang::En => "takes `,`, `;` or `tab`".to_string(),
        }),
    }
}

/// What an input file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Json,
    Csv,
    Xlsx,
}

/// By the file's extension (`.json`, `.csv`, `.tsv`, `.txt`, `.xlsx`), else by its first bytes: a
/// ZIP archive is a workbook, text starting with `{` or `[` (after blanks and a byte-order mark)
/// JSON, other text CSV.
fn shape_of(spec: &str, bytes: &[u8]) -> Shape {
    let ext = std::path::Path::new(spec)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("json") => return Shape::Json,
        Some("csv" | "tsv" | "txt") => return Shape::Csv,
        Some("xlsx") => return Shape::Xlsx,
        _ => {}
    }
    if table::Format::sniff(bytes) == table::Format::Xlsx {
        return Shape::Xlsx;
    }
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match text.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'{' | b'[') => Shape::Json,
        _ => Shape::Csv,
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
    let scored = score_source(&a.source, keep_nodes, lang)?;
    if let Some(path) = &a.receipt {
        write_receipt(path, &scored.result, lang)?;
    }
    Ok(scored)
}

/// How a message names the input: `dữ liệu `x.xlsx`` or the bundled example.
pub fn source_name(a: &SourceArgs, lang: Lang) -> String {
    match a.input.as_deref() {
        Some(spec) => input::source_name(spec, Kind::Batch, lang),
        None => lang
            .pick("dữ liệu minh họa có sẵn", "the bundled example province")
            .to_string(),
    }
}

/// The units of an input as read, before scoring: a JSON batch's text, or a fact table (CSV,
/// XLSX, a filled template) read by the engine.
pub enum Units {
    Json(std::borrow::Cow<'static, str>),
    Table(table::FactTable),
}

/// Read the rule set and the units of `a` (the bundled example province without an input).
pub fn read_source(a: &SourceArgs, lang: Lang) -> Result<(RuleSet, Units), Failure> {
    input::stdin_once(&[Some(a.ruleset.id.as_str()), a.input.as_deref()], lang)?;
    let limits = a.limits.limits();
    let rs = input::ruleset(&a.ruleset.id, &limits, lang)?;
    let source = source_name(a, lang);
    let Some(spec) = a.input.as_deref() else {
        if a.decimal_comma || a.delimiter.is_some() {
            return Err(not_csv(lang));
        }
        return Ok((rs, Units::Json(builtin::EXAMPLE_PROVINCE.into())));
    };
    let bytes = input::bytes(spec, Kind::Batch, &limits, lang)?
        .map_err(|e| input::engine_error(&source, &e, lang))?;
    let shape = shape_of(spec, &bytes);
    if shape == Shape::Json {
        if a.decimal_comma || a.delimiter.is_some() {
            return Err(not_csv(lang));
        }
        let text = input::text_of(spec, Kind::Batch, bytes, lang)?
            .map_err(|e| input::engine_error(&source, &e, lang))?;
        return Ok((rs, Units::Json(text.into())));
    }
    let read = table::ReadOptions {
        cells: table::CellOptions {
            decimal_comma: a.decimal_comma,
        },
        limits,
    };
    let t = if shape == Shape::Xlsx {
        table::FactTable::read_xlsx(&rs, &bytes, &read)
    } else {
        let delimiter = a
            .delimiter
            .unwrap_or_else(|| table::sniff_delimiter(&bytes));
        table::FactTable::read_csv(&rs, &bytes, delimiter, &read)
    }
    .map_err(|e| input::engine_error(&source, &e, lang))?;
    Ok((rs, Units::Table(t)))
}

/// Score the units of `a`: a JSON batch, or a fact table (CSV, XLSX, a filled template) read by
/// the engine, each unit refused or scored as the JSON of the same facts would be.
pub fn score_source(a: &SourceArgs, keep_nodes: bool, lang: Lang) -> Result<Scored, Failure> {
    let (rs, units) = read_source(a, lang)?;
    let opts = BatchOptions {
        keep_nodes,
        limits: a.limits.limits(),
    };
    let result = match units {
        Units::Json(text) => rs.score_json_with(&text, opts),
        Units::Table(t) => t.score(&rs, opts),
    }
    .map_err(|e| input::engine_error(&source_name(a, lang), &e, lang))?;
    Ok(Scored { rs, result })
}

fn not_csv(lang: Lang) -> Failure {
    Failure::Usage(
        lang.pick(
            "--decimal-comma và --delimiter chỉ dùng cho tệp CSV",
            "--decimal-comma and --delimiter apply to CSV files only",
        )
        .to_string(),
    )
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
