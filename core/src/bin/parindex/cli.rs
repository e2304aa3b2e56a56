//! The arguments (clap, derive): the program's options, the options shared by commands, and the
//! usage errors in the language asked for.

use crate::commands::Command;
use crate::lang::{tr, Lang};
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{ArgAction, CommandFactory, FromArgMatches, Parser, ValueEnum};
use parindex::Limits;
use std::ffi::OsString;
use std::fmt::Write as _;
use std::process::ExitCode;

#[derive(Parser, Debug)]
#[command(
    name = "parindex",
    version,
    about = tr(
        "parindex — chấm điểm Chỉ số cải cách hành chính chính xác, giải thích được từng điểm",
        "parindex — exact, explainable PAR-index scoring (Chỉ số cải cách hành chính)"
    ),
    after_help = tr(AFTER_HELP_VI, AFTER_HELP_EN),
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true,
    arg_required_else_help = true,
    max_term_width = 100
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,

    #[arg(
        long,
        global = true,
        value_parser = crate::lang::parser(),
        env = crate::lang::ENV,
        default_value = "vi",
        hide_possible_values = false,
        help = tr(
            "Ngôn ngữ của bảng, thông báo và trợ giúp (JSON như nhau ở mọi ngôn ngữ)",
            "Language of tables, messages and help (JSON is the same in every language)"
        )
    )]
    pub lang: Lang,

    #[arg(
        short = 'h',
        long,
        global = true,
        action = ArgAction::Help,
        help = tr("In trợ giúp (--help: đầy đủ hơn)", "Print help (see more with --help)"),
        long_help = tr("In trợ giúp (-h: tóm tắt)", "Print help (see a summary with -h)")
    )]
    help: Option<bool>,

    #[arg(short = 'V', long, action = ArgAction::Version, help = tr("In phiên bản", "Print the version"))]
    version: Option<bool>,
}

const AFTER_HELP_VI: &str = "\
Bộ chỉ số là văn bản JSON UTF-8 (bỏ qua dấu BOM ở đầu); dữ liệu là JSON, CSV hoặc XLSX (mẫu nhập
liệu của `template` đã điền, hay bảng dữ kiện); `-` đọc từ đầu vào chuẩn (stdin).
Mã thoát: 0 thành công · 1 bộ chỉ số hoặc dữ liệu có lỗi, đơn vị bị từ chối, hoặc có cảnh báo
khi dùng --strict · 2 gõ sai lệnh.
Ví dụ: parindex rank · parindex score -f csv dulieu.json · parindex explain -u so_noi_vu
· parindex template --group department > mau-03.xlsx · parindex score mau-03.xlsx
· parindex form 03 --unit so_noi_vu mau-03.xlsx > bieu-03.xlsx";

const AFTER_HELP_EN: &str = "\
Rule sets are JSON text in UTF-8 (a byte-order mark at the start is skipped); inputs are JSON, CSV
or XLSX (a filled `template` workbook, or a fact table); `-` reads standard input.
Exit codes: 0 ok · 1 bad rule set or input, a unit refused, or a warning under --strict · 2 usage.
Examples: parindex rank · parindex score -f csv data.json · parindex explain -u so_noi_vu
· parindex template --group department > mau-03.xlsx · parindex score mau-03.xlsx
· parindex form 03 --unit so_noi_vu mau-03.xlsx > form-03.xlsx";

/// How a result is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    #[value(help = tr("bảng căn cột, cho người đọc", "an aligned table, for people"))]
    Table,
    #[value(help = tr("JSON, dạng ổn định cho máy đọc", "JSON, the stable shape for programs"))]
    Json,
    #[value(help = tr(
        "CSV cho bảng tính; mỗi dòng bắt đầu bằng biên nhận",
        "CSV for spreadsheets; every row begins with the receipt"
    ))]
    Csv,
}

/// `-f, --format`.
#[derive(clap::Args, Debug)]
pub struct FormatOpt {
    #[arg(
        short,
        long,
        value_enum,
        default_value_t = Format::Table,
        help = tr("Dạng in ra", "Output format")
    )]
    pub format: Format,
}

/// `-r, --ruleset ID|PATH`: the rule set a command uses.
#[derive(clap::Args, Debug)]
pub struct RuleSetOpt {
    #[arg(
        short = 'r',
        long = "ruleset",
        value_name = "ID|PATH",
        default_value = parindex::builtin::DEFAULT_RULESET,
        help = tr(
            "Bộ chỉ số: mã bộ có sẵn hoặc đường dẫn tệp; `-`: đầu vào chuẩn",
            "Rule set: a built-in id or a file; `-`: standard input"
        )
    )]
    pub id: String,
}

/// `-o, --output FILE`: where a file the command makes (a workbook, a document) is written.
#[derive(clap::Args, Debug)]
pub struct OutputOpt {
    #[arg(
        short,
        long,
        value_name = "FILE",
        help = tr(
            "Ghi tệp ra đây [mặc định: đầu ra chuẩn, khi nó được chuyển hướng vào tệp: > tep.xlsx]",
            "Write the file here [default: standard output, when it is redirected to a file: \
             > file.xlsx]"
        )
    )]
    pub output: Option<std::path::PathBuf>,
}

/// `-l, --limit NAME=N`, any number of times.
#[derive(clap::Args, Debug)]
pub struct LimitOpts {
    #[arg(
        short = 'l',
        long = "limit",
        value_name = "NAME=N",
        value_parser = parse_limit,
        help = tr(
            "Đổi một giới hạn đầu vào, ví dụ --limit max_units=100000; giới hạn: max_input_bytes \
             (64 MiB), max_units (20000), max_nodes (5000), max_string_bytes (65536), max_depth \
             (64), max_number_digits (64), max_exponent (64); vượt giới hạn thì bị từ chối (limits.*)",
            "Raise (or lower) an input limit, e.g. --limit max_units=100000; limits: \
             max_input_bytes (64 MiB), max_units (20000), max_nodes (5000), max_string_bytes \
             (65536), max_depth (64), max_number_digits (64), max_exponent (64); an input beyond \
             one is refused (limits.*)"
        )
    )]
    limit: Vec<(String, usize)>,
}

impl LimitOpts {
    pub fn limits(&self) -> Limits {
        let mut limits = Limits::default();
        for (name, n) in &self.limit {
            limits.set(name, *n);
        }
        limits
    }
}

fn parse_limit(spec: &str) -> Result<(String, usize), String> {
    let bad = || match crate::lang::help_lang() {
        Lang::Vi => format!(
            "cần NAME=N, với N là số nguyên lớn hơn 0 và NAME là một trong: {}",
            Limits::NAMES.join(", ")
        ),
        Lang::En => format!(
            "takes NAME=N with N a whole number above 0 and NAME one of {}",
            Limits::NAMES.join(", ")
        ),
    };
    let (name, n) = spec.split_once('=').ok_or_else(bad)?;
    let name = name.trim();
    let n: usize = n.trim().parse().map_err(|_| bad())?;
    if n == 0 || !Limits::default().set(name, n) {
        return Err(bad());
    }
    Ok((name.to_string(), n))
}

/// The command line as clap describes it, with its help in `lang`.
pub fn command(lang: Lang) -> clap::Command {
    let localise = |c: clap::Command| {
        c.mut_args(|a| {
            let heading = if a.is_positional() {
                tr("Đối số", "Arguments")
            } else {
                tr("Tùy chọn", "Options")
            };
            match lang {
                Lang::Vi => vietnamese_arg(a.help_heading(heading)),
                Lang::En => a.help_heading(heading),
            }
        })
    };
    let mut cmd = localise(Cli::command())
        .subcommand_help_heading(tr("Lệnh", "Commands"))
        .subcommand_value_name(tr("LỆNH", "COMMAND"))
        // Commands of a command too (`rubric export`).
        .mut_subcommands(|s| {
            localise(s)
                .subcommand_help_heading(tr("Lệnh", "Commands"))
                .subcommand_value_name(tr("LỆNH", "COMMAND"))
                .mut_subcommands(&localise)
        });
    if lang == Lang::Vi {
        const TEMPLATE: &str =
            "{before-help}{about-with-newline}\nCách dùng: {usage}\n\n{all-args}{after-help}";
        cmd = cmd.help_template(TEMPLATE).mut_subcommands(|s| {
            s.help_template(TEMPLATE)
                .mut_subcommands(|t| t.help_template(TEMPLATE))
        });
    }
    cmd
}

/// An argument's help with its values, default and variable written in Vietnamese (clap writes
/// them in English).
fn vietnamese_arg(a: clap::Arg) -> clap::Arg {
    let help = a.get_help().map(ToString::to_string).unwrap_or_default();
    let mut short = help.clone();
    let mut long = help;
    let values = if a.get_action().takes_values() && !a.is_hide_possible_values_set() {
        a.get_possible_values()
    } else {
        Vec::new()
    };
    if !values.is_empty() {
        let names: Vec<&str> = values.iter().map(|v| v.get_name()).collect();
        let _ = write!(short, " [giá trị: {}]", names.join(", "));
        long.push_str("\n\nCác giá trị:");
        for v in &values {
            let _ = write!(long, "\n  - {}", v.get_name());
            if let Some(h) = v.get_help() {
                let _ = write!(long, ": {h}");
            }
        }
        long.push('\n');
    }
    let mut tail = String::new();
    let defaults: Vec<String> = a
        .get_default_values()
        .iter()
        .map(|d| d.to_string_lossy().into_owned())
        .collect();
    if !defaults.is_empty() && !a.is_hide_default_value_set() {
        let _ = write!(tail, " [mặc định: {}]", defaults.join(", "));
    }
    if let Some(env) = a.get_env() {
        let _ = write!(tail, " [biến môi trường: {}]", env.to_string_lossy());
    }
    short.push_str(&tail);
    long.push_str(tail.trim_start());
    let mut a = a.help(short);
    if a.get_action().takes_values() {
        a = a.hide_possible_values(true).hide_default_value(true);
    }
    if a.get_env().is_some() {
        a = a.hide_env(true);
    }
    if values.is_empty() {
        a
    } else {
        a.long_help(long)
    }
}

/// The arguments, or the exit code when they are a request for help or the version (0) or
/// wrong (2; the message names what is wrong and suggests what was perhaps meant).
pub fn parse(args: Vec<OsString>, lang: Lang) -> Result<Cli, ExitCode> {
    command(lang)
        .try_get_matches_from(args)
        .and_then(|m| Cli::from_arg_matches(&m))
        .map_err(|e| usage_error(&e, lang))
}

fn usage_error(e: &clap::Error, lang: Lang) -> ExitCode {
    let code = ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2));
    match e.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print();
            return code;
        }
        _ => {}
    }
    match (lang, vietnamese(e)) {
        (Lang::Vi, Some(message)) => eprint!("{message}"),
        _ => {
            let _ = e.print();
        }
    }
    code
}

/// A usage error in Vietnamese: what is wrong, the suggestion, the usage line. None for the rare
/// kinds written only in English.
fn vietnamese(e: &clap::Error) -> Option<String> {
    let text = |k| match e.get(k) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        Some(ContextValue::Strings(v)) => Some(v.join(", ")),
        Some(ContextValue::StyledStr(s)) => Some(s.to_string()),
        _ => None,
    };
    let quoted = |k| match e.get(k) {
        Some(ContextValue::String(s)) => format!("`{s}`"),
        Some(ContextValue::Strings(v)) => v
            .iter()
            .map(|s| format!("`{s}`"))
            .collect::<Vec<_>>()
            .join(", "),
        _ => String::new(),
    };
    let arg = text(ContextKind::InvalidArg).unwrap_or_default();
    let value = text(ContextKind::InvalidValue).unwrap_or_default();
    let mut s = match e.kind() {
        ErrorKind::InvalidSubcommand => format!(
            "không có lệnh `{}`",
            text(ContextKind::InvalidSubcommand).unwrap_or_default()
        ),
        ErrorKind::UnknownArgument => {
            format!("không nhận `{arg}`: không phải tùy chọn hay đối số của lệnh này")
        }
        ErrorKind::InvalidValue if value.is_empty() => format!("`{arg}` cần một giá trị"),
        ErrorKind::InvalidValue => {
            let mut s = format!("giá trị `{value}` không hợp lệ cho `{arg}`");
            if e.get(ContextKind::ValidValue).is_some() {
                let _ = write!(s, "; các giá trị: {}", quoted(ContextKind::ValidValue));
            }
            s
        }
        ErrorKind::ValueValidation => {
            let mut s = format!("giá trị `{value}` không hợp lệ cho `{arg}`");
            if let Some(why) = std::error::Error::source(e) {
                let _ = write!(s, ": {why}");
            }
            s
        }
        ErrorKind::MissingRequiredArgument => format!("thiếu {}", quoted(ContextKind::InvalidArg)),
        ErrorKind::MissingSubcommand => "thiếu lệnh".to_string(),
        ErrorKind::ArgumentConflict => format!(
            "`{arg}` không dùng cùng với {}",
            quoted(ContextKind::PriorArg)
        ),
        ErrorKind::NoEquals => format!("`{arg}` cần dấu `=` trước giá trị"),
        _ => return None,
    };
    s.insert_str(0, "lỗi: ");
    s.push('\n');
    let tips = [
        (ContextKind::SuggestedSubcommand, "có lệnh gần giống"),
        (ContextKind::SuggestedArg, "có tùy chọn gần giống"),
        (ContextKind::SuggestedValue, "có giá trị gần giống"),
    ];
    let mut tipped = false;
    for (k, what) in tips {
        if e.get(k).is_some() {
            let _ = write!(s, "\n  gợi ý: {what}: {}", quoted(k));
            tipped = true;
        }
    }
    if let Some(ContextValue::StyledStrs(v)) = e.get(ContextKind::Suggested) {
        for tip in v {
            let _ = write!(s, "\n  gợi ý: {}", tip_vi(&tip.to_string()));
            tipped = true;
        }
    }
    if tipped {
        s.push('\n');
    }
    if let Some(usage) = text(ContextKind::Usage) {
        let usage = usage.trim();
        let usage = usage.strip_prefix("Usage:").unwrap_or(usage).trim();
        let _ = write!(s, "\nCách dùng: {usage}\n");
    }
    s.push_str("\nXem thêm: `parindex --help`, `parindex <LỆNH> --help`.\n");
    Some(s)
}

/// One of clap's tips (`ContextKind::Suggested`, written in English) in Vietnamese: every tip clap
/// writes has one of three forms; another one is kept as it is.
fn tip_vi(tip: &str) -> String {
    let between = |start: &str, end: &str| tip.strip_prefix(start)?.strip_suffix(end);
    if let Some((arg, with)) =
        between("to pass '", "'").and_then(|t| t.split_once("' as a value, use '"))
    {
        return format!("muốn truyền `{arg}` làm giá trị, hãy viết `{with}`");
    }
    if let Some(sub) = between(
        "subcommand '",
        "' exists; to use it, remove the '--' before it",
    ) {
        return format!("có lệnh `{sub}`; muốn dùng lệnh này, hãy bỏ `--` đứng trước");
    }
    if let Some(there) = between("'", "' exists") {
        return format!("tùy chọn này thuộc một lệnh: `{there}`");
    }
    tip.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_tip_clap_writes_is_told_in_vietnamese() {
        let tips = [
            (
                "to pass '--bogus' as a value, use '-- --bogus'",
                "muốn truyền `--bogus` làm giá trị, hãy viết `-- --bogus`",
            ),
            (
                "to pass 'scor' as a value, use 'parindex -- scor'",
                "muốn truyền `scor` làm giá trị, hãy viết `parindex -- scor`",
            ),
            (
                "subcommand 'rank' exists; to use it, remove the '--' before it",
                "có lệnh `rank`; muốn dùng lệnh này, hãy bỏ `--` đứng trước",
            ),
            (
                "'rank --format' exists",
                "tùy chọn này thuộc một lệnh: `rank --format`",
            ),
            ("something else", "something else"),
        ];
        for (en, vi) in tips {
            assert_eq!(tip_vi(en), vi);
        }
    }

    #[test]
    fn the_command_line_is_well_formed_in_both_languages() {
        command(Lang::Vi).debug_assert();
        command(Lang::En).debug_assert();
    }

    #[test]
    fn a_limit_is_a_known_name_and_a_whole_number_above_zero() {
        assert_eq!(parse_limit("max_units=5"), Ok(("max_units".to_string(), 5)));
        assert_eq!(
            parse_limit(" max_depth = 9 "),
            Ok(("max_depth".to_string(), 9))
        );
        for bad in [
            "max_unit=5",
            "max_units=0",
            "max_units=-1",
            "max_units",
            "max_units=x",
        ] {
            let e = parse_limit(bad).unwrap_err();
            assert!(e.contains("max_number_digits"), "{bad}: {e}");
        }
    }
}
