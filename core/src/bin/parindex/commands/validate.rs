//! `validate`: every problem of a rule set at once, each with its code and JSON path.

use crate::cli::{Format, FormatOpt, LimitOpts};
use crate::input;
use crate::lang::{tr, Lang};
use crate::output::{self, Align, Csv, Table};
use crate::{Ctx, Failure};
use parindex::api::Kind;
use parindex::{builtin, Error, RuleSet};
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[arg(
        value_name = "RULESET",
        help = tr(
            "Tệp bộ chỉ số hoặc mã bộ có sẵn; `-`: đầu vào chuẩn [mặc định: mọi bộ có sẵn]",
            "Rule set file or built-in id; `-`: standard input [default: every built-in one]"
        )
    )]
    file: Option<String>,

    #[arg(
        short,
        long,
        value_name = "ID|PATH",
        conflicts_with = "file",
        help = tr("Như RULESET", "The same as RULESET")
    )]
    ruleset: Option<String>,

    #[command(flatten)]
    format: FormatOpt,

    #[command(flatten)]
    limits: LimitOpts,
}

pub fn run(a: Args, ctx: &Ctx) -> Result<ExitCode, Failure> {
    let lang = ctx.lang;
    let limits = a.limits.limits();
    let format = a.format.format;
    // A file the engine refuses to read (too large, not UTF-8) is listed with that problem.
    type Text = Result<String, Error>;
    let targets: Vec<(String, Text)> = match a.file.as_deref().or(a.ruleset.as_deref()) {
        Some(p) if builtin::ids().contains(&p) => vec![(
            format!("built-in `{p}`"),
            Ok(builtin::RULESETS
                .iter()
                .find(|b| b.id == p)
                .map(|b| b.json.to_string())
                .unwrap_or_default()),
        )],
        Some(p) => vec![(p.to_string(), input::text(p, Kind::RuleSet, &limits, lang)?)],
        None => builtin::RULESETS
            .iter()
            .map(|b| (format!("built-in `{}`", b.id), Ok(b.json.to_string())))
            .collect(),
    };
    let mut all_ok = true;
    let mut report: Vec<serde_json::Value> = Vec::new();
    let mut csv = Csv::new(["ruleset", "code", "path", "message"]);
    let mut text_out = String::new();
    for (name, text) in &targets {
        let issues = match text {
            Ok(text) => parindex::api::validate_ruleset_within(text, &limits)
                .unwrap_or_else(|e| e.issues().to_vec()),
            Err(e) => e.issues().to_vec(),
        };
        all_ok &= issues.is_empty();
        // A valid rule set's warnings (`ruleset.calendar_year`…), listed after its errors.
        let warnings = match (issues.is_empty(), text) {
            (true, Ok(text)) => RuleSet::from_json_within(text, &limits)
                .map(|rs| rs.warnings().to_vec())
                .unwrap_or_default(),
            _ => Vec::new(),
        };
        match format {
            Format::Json => {
                let mut entry = serde_json::json!({"ruleset": name, "valid": issues.is_empty(), "errors": issues});
                if !warnings.is_empty() {
                    entry["warnings"] = serde_json::json!(warnings);
                }
                report.push(entry)
            }
            Format::Csv => {
                for i in issues.iter().chain(&warnings) {
                    csv.row([name.as_str(), &i.code, &i.path, &i.message]);
                }
            }
            Format::Table => match (issues.is_empty(), text) {
                (true, Ok(text)) => {
                    let rs = RuleSet::from_json_within(text, &limits)
                        .map_err(|e| input::engine_error(name, &e, lang))?;
                    text_out.push_str(&valid_line(name, &rs, lang));
                    for w in rs.warnings() {
                        text_out.push_str(&output::clean_lines(&format!(
                            "  ⚠ {}: {w}\n",
                            lang.pick("cảnh báo", "warning")
                        )));
                    }
                }
                _ => {
                    text_out.push_str(&output::clean_lines(&format!(
                        "{name}: {} {}\n",
                        issues.len(),
                        lang.pick("lỗi", "problem(s)")
                    )));
                    let mut t = Table::new(&[
                        (lang.pick("Mã lỗi", "Code"), Align::Left),
                        (lang.pick("Đường dẫn", "Path"), Align::Left),
                        (lang.pick("Nội dung", "Message"), Align::Left),
                    ]);
                    for i in &issues {
                        t.row(vec![i.code.clone(), i.path.clone(), i.message.clone()]);
                    }
                    text_out.push_str(&t.render());
                }
            },
        }
    }
    match format {
        Format::Json => output::emit_json(&report)?,
        Format::Csv => output::emit(&csv.finish())?,
        Format::Table => output::emit(&text_out)?,
    }
    Ok(if all_ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// `built-in `x`: hợp lệ (valid) — 3 level(s), 157 leaves, sha256 …` (in Vietnamese, the line as
/// the command line has always written it) and the notice of a provisional rule set.
fn valid_line(name: &str, rs: &RuleSet, lang: Lang) -> String {
    let leaves = rs.levels().iter().fold(0usize, |n, l| {
        n.saturating_add(l.nodes.iter().filter(|n| n.children.is_empty()).count())
    });
    let mut s = match lang {
        Lang::Vi => format!(
            "{name}: hợp lệ (valid) — {} level(s), {leaves} leaves, sha256 {}\n",
            rs.levels().len(),
            rs.sha256()
        ),
        Lang::En => format!(
            "{name}: valid — {} level(s), {leaves} leaves, sha256 {}\n",
            rs.levels().len(),
            rs.sha256()
        ),
    };
    if let Some(n) = output::notice(rs, lang) {
        s.push_str(&format!("  ⚠ {n}\n"));
    }
    output::clean_lines(&s)
}
