//! `parindex`: validate rule sets, score, rank and explain PAR-index dossiers from the command line.

use parindex::batch::{BatchResult, RankBlock};
use parindex::decimal::show;
use parindex::limits::{text_from_bytes, Kind};
use parindex::model::Rule;
use parindex::score::{Branch, NodeStatus, UnitScore};
use parindex::{builtin, Error, Limits, RuleSet};
use std::fmt::Write as _;
use std::process::ExitCode;

const USAGE: &str = "\
parindex — exact, explainable PAR-index scoring (Chỉ số cải cách hành chính)

USAGE:
    parindex <COMMAND> [OPTIONS] [FILE]

COMMANDS:
    rank      [INPUT]            rank units within their blocks (default input: the bundled example province)
    score     [INPUT]            score every unit: components, total, index, band
    explain   --unit ID [INPUT]  explain one unit's points node by node
    validate  [RULESET]          check a rule set file and list every problem (default: the built-ins)
    schema    [ruleset|input|result]   print the JSON Schema of a format (default: ruleset)
    rulesets                     list the built-in rule sets
    generate  --units N [--seed S]   print a synthetic batch for the rule set (benchmarks, load tests)

OPTIONS:
    -r, --ruleset ID|PATH   rule set to use (default: hoabinh-1440-2019, built in)
    -f, --format FORMAT     table (default), json or csv
    -u, --unit ID           unit to explain
    -n, --units N           number of units to generate
    -s, --seed S            seed of the generator (default 1)
    -l, --limit NAME=N      raise (or lower) an input limit, e.g. --limit max_units=100000; limits:
                            max_input_bytes (64 MiB), max_units (20000), max_nodes (5000),
                            max_string_bytes (65536), max_depth (64), max_number_digits (64),
                            max_exponent (64). An input beyond one is refused (limits.*).
    -h, --help              print this help

Files are JSON text in UTF-8 (a byte-order mark at the start is skipped).

EXIT CODES:
    0 ok · 1 bad rule set or input (the message names the path) · 2 usage
";

struct Args {
    command: String,
    ruleset: Option<String>,
    format: Format,
    unit: Option<String>,
    file: Option<String>,
    units: usize,
    seed: u64,
    limits: Limits,
}

#[derive(Clone, Copy, PartialEq)]
enum Format {
    Table,
    Json,
    Csv,
}

enum Failure {
    Usage(String),
    Bad(String),
}

fn parse_args(argv: Vec<String>) -> Result<Args, Failure> {
    let mut it = argv.into_iter();
    let mut command = None;
    let mut ruleset = None;
    let mut format = Format::Table;
    let mut unit = None;
    let mut file = None;
    let mut units = 0usize;
    let mut seed = 1u64;
    let mut limits = Limits::default();
    while let Some(a) = it.next() {
        let mut value = |name: &str| {
            it.next()
                .ok_or_else(|| Failure::Usage(format!("{name} needs a value")))
        };
        match a.as_str() {
            "-h" | "--help" | "help" => {
                command = Some("help".to_string());
            }
            "-r" | "--ruleset" => ruleset = Some(value("--ruleset")?),
            "-u" | "--unit" => unit = Some(value("--unit")?),
            "-n" | "--units" => {
                units = value("--units")?
                    .parse()
                    .map_err(|_| Failure::Usage("--units takes a whole number".into()))?
            }
            "-l" | "--limit" => {
                let spec = value("--limit")?;
                let bad = || {
                    Failure::Usage(format!(
                        "--limit takes NAME=N with N a whole number above 0 and NAME one of {}",
                        Limits::NAMES.join(", ")
                    ))
                };
                let (name, n) = spec.split_once('=').ok_or_else(bad)?;
                let n: usize = n.trim().parse().map_err(|_| bad())?;
                if n == 0 || !limits.set(name.trim(), n) {
                    return Err(bad());
                }
            }
            "-s" | "--seed" => {
                seed = value("--seed")?
                    .parse()
                    .map_err(|_| Failure::Usage("--seed takes a whole number".into()))?
            }
            "-f" | "--format" => {
                format = match value("--format")?.as_str() {
                    "table" => Format::Table,
                    "json" => Format::Json,
                    "csv" => Format::Csv,
                    other => {
                        return Err(Failure::Usage(format!(
                            "unknown format `{other}` (table, json, csv)"
                        )))
                    }
                }
            }
            s if s.starts_with('-') && s.len() > 1 => {
                return Err(Failure::Usage(format!("unknown option `{s}`")))
            }
            s => {
                if command.is_none() {
                    command = Some(s.to_string());
                } else if file.is_none() {
                    file = Some(s.to_string());
                } else {
                    return Err(Failure::Usage(format!("unexpected argument `{s}`")));
                }
            }
        }
    }
    let command = command.ok_or_else(|| Failure::Usage("no command given".to_string()))?;
    Ok(Args {
        command,
        ruleset,
        format,
        unit,
        file,
        units,
        seed,
        limits,
    })
}

fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1).collect()) {
        Ok(a) => a,
        Err(Failure::Usage(m)) => {
            eprintln!("error: {m}\n\n{USAGE}");
            return ExitCode::from(2);
        }
        Err(Failure::Bad(m)) => {
            eprintln!("{m}");
            return ExitCode::from(1);
        }
    };
    match run(args) {
        Ok(code) => code,
        Err(Failure::Usage(m)) => {
            eprintln!("error: {m}\n\n{USAGE}");
            ExitCode::from(2)
        }
        Err(Failure::Bad(m)) => {
            eprintln!("{m}");
            ExitCode::from(1)
        }
    }
}

/// A file's text, or the engine's refusal of it: by its size, before it is read
/// (`limits.input_too_large`), or because it is not UTF-8 (`ruleset.utf8` or `input.utf8`, by
/// `kind`, with the byte offset). A file that cannot be read at all is a failure.
fn file_text(path: &str, kind: Kind, limits: &Limits) -> Result<Result<String, Error>, Failure> {
    let io = |e: std::io::Error| Failure::Bad(format!("error: cannot read `{path}`: {e}"));
    let size = std::fs::metadata(path).map_err(io)?.len();
    if let Err(e) = limits.check_size(usize::try_from(size).unwrap_or(usize::MAX)) {
        return Ok(Err(e));
    }
    Ok(match String::from_utf8(std::fs::read(path).map_err(io)?) {
        Ok(text) => Ok(text),
        Err(e) => match text_from_bytes(e.as_bytes(), kind) {
            Err(refused) => Err(refused),
            Ok(_) => return Err(Failure::Bad(format!("error: cannot read `{path}`: {e}"))),
        },
    })
}

/// A file's text ([`file_text`]); a refusal is reported as coming from `source`.
fn read(path: &str, kind: Kind, limits: &Limits, source: &str) -> Result<String, Failure> {
    file_text(path, kind, limits)?.map_err(|e| engine_error(source, &e))
}

fn engine_error(source: &str, e: &Error) -> Failure {
    let hint = match e {
        Error::Limit(_) => "\n  (--limit NAME=N changes a limit, e.g. --limit max_units=100000)",
        _ => "",
    };
    Failure::Bad(format!("error in {source}: {e}{hint}"))
}

fn load_ruleset(spec: Option<&str>, limits: &Limits) -> Result<RuleSet, Failure> {
    let spec = spec.unwrap_or(builtin::DEFAULT_RULESET);
    if builtin::ids().contains(&spec) {
        return builtin::ruleset(spec)
            .map_err(|e| engine_error(&format!("built-in rule set `{spec}`"), &e));
    }
    if !std::path::Path::new(spec).exists() {
        return Err(Failure::Bad(format!(
            "error: `{spec}` is neither a built-in rule set ({}) nor a file",
            builtin::ids().join(", ")
        )));
    }
    let source = format!("rule set `{spec}`");
    let text = read(spec, Kind::RuleSet, limits, &source)?;
    RuleSet::from_json_within(&text, limits).map_err(|e| engine_error(&source, &e))
}

fn run(args: Args) -> Result<ExitCode, Failure> {
    let out = match args.command.as_str() {
        "help" => {
            emit(USAGE);
            return Ok(ExitCode::SUCCESS);
        }
        "rulesets" => cmd_rulesets(args.format)?,
        "schema" => cmd_schema(args.file.as_deref())?,
        "validate" => return cmd_validate(&args),
        "generate" => {
            let rs = load_ruleset(args.ruleset.as_deref(), &args.limits)?;
            if args.units == 0 {
                return Err(Failure::Usage("generate needs --units N (N > 0)".into()));
            }
            let batch = parindex::BatchInput {
                format_version: parindex::model::FORMAT_VERSION,
                ruleset: Some(rs.id().to_string()),
                title: Some(format!(
                    "Synthetic batch of {} units (seed {})",
                    args.units, args.seed
                )),
                synthetic: true,
                units: parindex::synth::generate(&rs, args.units, args.seed),
            };
            let mut s = serde_json::to_string(&batch).unwrap_or_default();
            s.push('\n');
            s
        }
        "score" | "rank" | "explain" => {
            let rs = load_ruleset(args.ruleset.as_deref(), &args.limits)?;
            let (source, text) = match &args.file {
                Some(p) => {
                    let source = format!("input `{p}`");
                    let text = read(p, Kind::Batch, &args.limits, &source)?;
                    (source, text)
                }
                None => (
                    "the bundled example province".to_string(),
                    builtin::EXAMPLE_PROVINCE.to_string(),
                ),
            };
            // Node-by-node explanations are printed by `explain` and `score --format json` only.
            let opts = parindex::batch::BatchOptions {
                keep_nodes: args.command == "explain"
                    || (args.command == "score" && args.format == Format::Json),
                limits: args.limits,
            };
            let result = parindex::batch::score_batch_json_with(&rs, &text, opts)
                .map_err(|e| engine_error(&source, &e))?;
            let failed = !result.errors.is_empty();
            let body = match args.command.as_str() {
                "score" => render_score(&rs, &result, args.format),
                "rank" => render_rank(&rs, &result, args.format),
                _ => {
                    let id = args
                        .unit
                        .as_deref()
                        .ok_or_else(|| Failure::Usage("explain needs --unit ID".into()))?;
                    // The unit scored under the id, else the first refusal of a unit with it.
                    let Some(u) = result.units.iter().find(|u| u.id == id) else {
                        if let Some(e) = result.errors.iter().find(|e| e.id.as_deref() == Some(id))
                        {
                            return Err(engine_error(&source, &Error::Input(e.errors.clone())));
                        }
                        return Err(Failure::Bad(format!("error: {source} has no unit `{id}`")));
                    };
                    render_explain(&rs, &result, u, args.format)
                }
            };
            emit(&body);
            if failed && args.command != "explain" {
                eprint!("{}", render_errors(&result));
                return Ok(ExitCode::from(1));
            }
            return Ok(ExitCode::SUCCESS);
        }
        other => return Err(Failure::Usage(format!("unknown command `{other}`"))),
    };
    emit(&out);
    Ok(ExitCode::SUCCESS)
}

/// Write to standard output; when the reader has gone (`parindex rank | head`), stop quietly as
/// other command-line tools do instead of failing.
fn emit(s: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    if out
        .write_all(s.as_bytes())
        .and_then(|_| out.flush())
        .is_err()
    {
        std::process::exit(0);
    }
}

fn emit_line(s: &str) {
    emit(&format!("{s}\n"));
}

fn json<T: serde::Serialize>(v: &T) -> String {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_default();
    s.push('\n');
    s
}

fn cmd_rulesets(format: Format) -> Result<String, Failure> {
    let mut rows = Vec::new();
    for id in builtin::ids() {
        let rs = builtin::ruleset(id)
            .map_err(|e| engine_error(&format!("built-in rule set `{id}`"), &e))?;
        rows.push(parindex::ruleset::describe(&rs));
    }
    Ok(match format {
        Format::Json => json(&rows),
        Format::Csv => {
            let mut s = String::from("id,title,decision,year,status,levels,sha256\n");
            for r in &rows {
                let cells: Vec<String> = [
                    "id", "title", "decision", "year", "status", "levels", "sha256",
                ]
                .iter()
                .map(|k| csv_cell(r.get(k).map(String::as_str).unwrap_or("")))
                .collect();
                s.push_str(&cells.join(","));
                s.push('\n');
            }
            s
        }
        Format::Table => {
            let mut t = Table::new(&["Mã", "Tên", "Quyết định", "Năm", "Trạng thái", "Cấp"]);
            for r in &rows {
                t.row(
                    ["id", "title", "decision", "year", "status", "levels"]
                        .iter()
                        .map(|k| r.get(k).cloned().unwrap_or_default())
                        .collect(),
                );
            }
            t.render()
        }
    })
}

fn cmd_schema(which: Option<&str>) -> Result<String, Failure> {
    let v = match which.unwrap_or("ruleset") {
        "ruleset" => parindex::schema::ruleset_schema(),
        "input" => parindex::schema::input_schema(),
        "result" => parindex::schema::result_schema(),
        other => {
            return Err(Failure::Usage(format!(
                "unknown schema `{other}` (ruleset, input, result)"
            )))
        }
    };
    Ok(json(&v))
}

fn cmd_validate(args: &Args) -> Result<ExitCode, Failure> {
    // A file the engine refuses to read (too large, not UTF-8) is listed with that problem.
    type Text = Result<String, Error>;
    let targets: Vec<(String, Text)> = match args.file.as_deref().or(args.ruleset.as_deref()) {
        Some(p) if builtin::ids().contains(&p) => vec![(
            format!("built-in `{p}`"),
            Ok(builtin::RULESETS
                .iter()
                .find(|b| b.id == p)
                .map(|b| b.json.to_string())
                .unwrap_or_default()),
        )],
        Some(p) => vec![(p.to_string(), file_text(p, Kind::RuleSet, &args.limits)?)],
        None => builtin::RULESETS
            .iter()
            .map(|b| (format!("built-in `{}`", b.id), Ok(b.json.to_string())))
            .collect(),
    };
    let mut all_ok = true;
    let mut report: Vec<serde_json::Value> = Vec::new();
    for (name, text) in &targets {
        let issues = match text {
            Ok(text) => parindex::api::validate_ruleset_within(text, &args.limits)
                .unwrap_or_else(|e| e.issues().to_vec()),
            Err(e) => e.issues().to_vec(),
        };
        all_ok &= issues.is_empty();
        match args.format {
            Format::Json => report.push(
                serde_json::json!({"ruleset": name, "valid": issues.is_empty(), "errors": issues}),
            ),
            Format::Csv => {
                if report.is_empty() {
                    emit_line("ruleset,code,path,message");
                    report.push(serde_json::Value::Null);
                }
                for i in &issues {
                    emit_line(&format!(
                        "{},{},{},{}",
                        csv_cell(name),
                        csv_cell(&i.code),
                        csv_cell(&i.path),
                        csv_cell(&i.message)
                    ));
                }
            }
            Format::Table => {
                if let (true, Ok(text)) = (issues.is_empty(), text) {
                    let rs = RuleSet::from_json_within(text, &args.limits)
                        .map_err(|e| engine_error(name, &e))?;
                    // A count of nodes in memory: it cannot overflow.
                    #[allow(clippy::disallowed_methods)]
                    let leaves: usize = rs
                        .levels()
                        .iter()
                        .map(|l| l.nodes.iter().filter(|n| n.children.is_empty()).count())
                        .sum();
                    emit_line(&format!(
                        "{name}: hợp lệ (valid) — {} level(s), {leaves} leaves, sha256 {}",
                        rs.levels().len(),
                        rs.sha256()
                    ));
                    if let Some(n) = rs.notice() {
                        emit_line(&format!("  ⚠ {n}"));
                    }
                } else {
                    emit_line(&format!("{name}: {} problem(s)", issues.len()));
                    let mut t = Table::new(&["Code", "Path", "Message"]);
                    for i in &issues {
                        t.row(vec![i.code.clone(), i.path.clone(), i.message.clone()]);
                    }
                    emit(&t.render());
                }
            }
        }
    }
    if args.format == Format::Json {
        emit(&json(&report));
    }
    Ok(if all_ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn header(rs: &RuleSet, result: &BatchResult) -> String {
    let d = rs.def();
    let mut s = format!(
        "{} — {} ({}, {} {}), năm đánh giá {}\n",
        result.receipt.engine, d.title.vi, d.id, d.decision.number, d.decision.date, d.year
    );
    if let Some(n) = &result.receipt.notice {
        let _ = writeln!(s, "⚠ TẠM THỜI / PROVISIONAL: {n}");
    }
    if result.receipt.synthetic {
        s.push_str("⚠ Dữ liệu mô phỏng (synthetic data)\n");
    }
    let _ = writeln!(
        s,
        "Receipt: ruleset sha256 {} · inputs sha256 {} · {} scored, {} failed",
        &result.receipt.ruleset_sha256[..16],
        &result.receipt.inputs_sha256[..16],
        result.receipt.units_scored,
        result.receipt.units_failed
    );
    s
}

fn render_errors(result: &BatchResult) -> String {
    let mut s = String::new();
    for e in &result.errors {
        let _ = writeln!(
            s,
            "error: unit #{} {} could not be scored:",
            e.index,
            e.id.as_deref()
                .map(|i| format!("`{i}`"))
                .unwrap_or_default()
        );
        for i in &e.errors {
            let _ = writeln!(s, "  {i}");
        }
    }
    s
}

fn component(u: &UnitScore, id: &str) -> String {
    u.components
        .iter()
        .find(|c| &*c.id == id)
        .map(|c| c.points.to_string())
        .unwrap_or_default()
}

fn render_score(rs: &RuleSet, result: &BatchResult, format: Format) -> String {
    match format {
        Format::Json => json(result),
        Format::Csv => {
            let comps: Vec<String> = component_ids(rs);
            let mut s = String::from("id,name,level,group,block");
            for c in &comps {
                let _ = write!(s, ",{c}");
            }
            s.push_str(",bonus,penalty,total,max_points,index,band\n");
            for u in &result.units {
                let mut cells = vec![
                    csv_cell(&u.id),
                    csv_cell(&u.name),
                    csv_cell(&u.level),
                    csv_cell(&u.group),
                    csv_cell(&u.block),
                ];
                cells.extend(comps.iter().map(|c| component(u, c)));
                cells.extend([
                    u.bonus.to_string(),
                    u.penalty.to_string(),
                    u.total.to_string(),
                    u.max_points.to_string(),
                    u.index.to_string(),
                    csv_cell(&u.band),
                ]);
                s.push_str(&cells.join(","));
                s.push('\n');
            }
            s
        }
        Format::Table => {
            let mut s = header(rs, result);
            let comps = component_ids(rs);
            let mut cols: Vec<&str> = vec!["Đơn vị", "Nhóm", "Điểm TĐ/Tối đa"];
            cols.extend(
                comps
                    .iter()
                    .filter(|c| !is_rubric(rs, c))
                    .map(String::as_str),
            );
            cols.extend(["Thưởng", "Trừ", "Tổng", "Tối đa", "Chỉ số", "Xếp loại"]);
            let mut t = Table::new(&cols);
            for u in &result.units {
                let mut row = vec![
                    u.name.clone(),
                    u.group.clone(),
                    format!("{}/{}", u.rubric_points, show(u.rubric_max)),
                ];
                row.extend(
                    comps
                        .iter()
                        .filter(|c| !is_rubric(rs, c))
                        .map(|c| component(u, c)),
                );
                row.extend([
                    u.bonus.to_string(),
                    u.penalty.to_string(),
                    u.total.to_string(),
                    show(u.max_points),
                    u.index.to_string(),
                    u.band_label.to_string(),
                ]);
                t.row(row);
            }
            s.push('\n');
            s.push_str(&t.render());
            s
        }
    }
}

fn component_ids(rs: &RuleSet) -> Vec<String> {
    let mut v: Vec<String> = Vec::new();
    for l in &rs.def().levels {
        for c in &l.components {
            if !v.contains(&c.id) {
                v.push(c.id.clone());
            }
        }
    }
    v
}

fn is_rubric(rs: &RuleSet, id: &str) -> bool {
    rs.def().levels.iter().any(|l| {
        l.components
            .iter()
            .any(|c| c.id == id && c.kind == parindex::model::ComponentKind::Rubric)
    })
}

fn block_title(rs: &RuleSet, result: &BatchResult, b: &RankBlock) -> String {
    let level = rs.def().levels.iter().find(|l| l.id == b.level);
    let label = level
        .map(|l| l.label.vi.clone())
        .unwrap_or_else(|| b.level.clone());
    match &b.parent {
        Some(p) => {
            let pname = result
                .units
                .iter()
                .find(|u| &u.id == p)
                .map(|u| u.name.clone())
                .unwrap_or_else(|| p.clone());
            format!("{label} — thuộc {pname} (xếp hạng trong đơn vị cấp huyện, S10)")
        }
        None => label,
    }
}

fn render_rank(rs: &RuleSet, result: &BatchResult, format: Format) -> String {
    match format {
        Format::Json => json(
            &serde_json::json!({"receipt": result.receipt, "ranking": result.ranking, "errors": result.errors}),
        ),
        Format::Csv => {
            let mut s = String::from(
                "block,level,parent,rank,tied,id,name,group,total,max_points,index,band,note\n",
            );
            for b in &result.ranking {
                for e in &b.entries {
                    let cells = [
                        csv_cell(&b.block),
                        csv_cell(&b.level),
                        csv_cell(b.parent.as_deref().unwrap_or("")),
                        e.rank.to_string(),
                        e.tied.to_string(),
                        csv_cell(&e.id),
                        csv_cell(&e.name),
                        csv_cell(&e.group),
                        e.total.to_string(),
                        e.max_points.to_string(),
                        e.index.to_string(),
                        csv_cell(&e.band),
                        csv_cell(e.note.as_deref().unwrap_or("")),
                    ];
                    s.push_str(&cells.join(","));
                    s.push('\n');
                }
            }
            s
        }
        Format::Table => {
            let mut s = header(rs, result);
            for b in &result.ranking {
                let _ = write!(s, "\n{}\n", block_title(rs, result, b));
                let mut t = Table::new(&[
                    "Hạng",
                    "Đơn vị",
                    "Nhóm",
                    "Điểm",
                    "Tối đa",
                    "Chỉ số (%)",
                    "Xếp loại",
                    "Ghi chú",
                ]);
                for e in &b.entries {
                    let band = rs
                        .def()
                        .bands
                        .iter()
                        .find(|x| *x.id == *e.band)
                        .map(|x| x.label.vi.clone())
                        .unwrap_or_default();
                    t.row(vec![
                        if e.tied {
                            format!("{}=", e.rank)
                        } else {
                            e.rank.to_string()
                        },
                        e.name.clone(),
                        e.group.clone(),
                        e.total.to_string(),
                        show(e.max_points),
                        e.index.to_string(),
                        band,
                        e.note.clone().unwrap_or_default(),
                    ]);
                }
                s.push_str(&t.render());
            }
            s
        }
    }
}

fn branch_text(u: &parindex::NodeScore) -> String {
    match u.status {
        NodeStatus::Sum => return "tổng các tiêu chí con (sum of children)".into(),
        NodeStatus::NotApplicableFull => {
            return "không áp dụng → đủ điểm (N/A, full points, C9)".into()
        }
        NodeStatus::NotApplicableExcluded => {
            return "không áp dụng → trừ khỏi điểm tối đa (N/A, excluded, C10)".into()
        }
        NodeStatus::NotInGroup => {
            return "không áp dụng cho nhóm (not in the unit's group, S2)".into()
        }
        NodeStatus::Missing => return "không có dữ liệu → 0 (missing)".into(),
        NodeStatus::NotRecognised => {
            return "tự chấm không có tài liệu kiểm chứng → không công nhận (S7)".into()
        }
        NodeStatus::Scored => {}
    }
    let src = match u.source {
        Some(parindex::score::PointSource::Reappraised) => {
            "Hội đồng quyết định sau rà soát giải trình (council's reviewed decision)"
        }
        Some(parindex::score::PointSource::Appraised) => "thẩm định (appraised)",
        Some(parindex::score::PointSource::SelfScore) => {
            "tự chấm có kiểm chứng (self score with evidence)"
        }
        Some(parindex::score::PointSource::Facts) => "",
        None => "",
    };
    let pct = u.percentage.map(|p| {
        if u.percentage_raw != Some(p) {
            format!(
                "{}% (≈{}%) ",
                p,
                u.percentage_raw
                    .map(|r| r.round_dp(6).normalize().to_string())
                    .unwrap_or_default()
            )
        } else {
            format!("{p}% ")
        }
    });
    let b = match u.branch.as_ref() {
        Some(Branch::Choice { option }) => format!("chọn `{option}`"),
        Some(Branch::Met { met }) => if *met {
            "đạt (met)"
        } else {
            "không đạt (not met)"
        }
        .into(),
        Some(Branch::Band {
            min,
            min_inclusive,
            max,
            max_inclusive,
            ..
        }) => format!(
            "khoảng {}{}, {}{}",
            if *min_inclusive { "[" } else { "(" },
            show(*min),
            show(*max),
            if *max_inclusive { "]" } else { ")" }
        ),
        Some(Branch::ZeroDenominator) => "mẫu số = 0 → điểm quy định".into(),
        Some(Branch::Proportional { full_at }) => format!("tỷ lệ × tối đa / {}%", show(*full_at)),
        Some(Branch::BelowThreshold {
            threshold,
            inclusive,
        }) => {
            format!(
                "dưới ngưỡng {}{}%",
                if *inclusive { "" } else { "≤ " },
                show(*threshold)
            )
        }
        Some(Branch::Normalized {
            value,
            best,
            best_unit,
        }) => match best_unit {
            Some(u) => format!(
                "{} / {} (tốt nhất, của {u}) × tối đa",
                show(*value),
                show(*best)
            ),
            None => format!("{} / {} (tốt nhất) × tối đa", show(*value), show(*best)),
        },
        Some(Branch::ZeroBest) => "giá trị tốt nhất = 0 → điểm quy định".into(),
        Some(Branch::Count { count, points_each }) => format!("{count} × {}", show(*points_each)),
        Some(Branch::OutcomeRatio { parts }) => parts
            .iter()
            .map(|p| format!("{}: {}% × {}", p.id, p.percentage, show(p.weight)))
            .collect::<Vec<_>>()
            .join(" + "),
        Some(Branch::Deductions { start, taken }) => {
            let mut s = show(*start);
            for t in taken {
                let _ = write!(
                    s,
                    " − {}×{} ({})",
                    t.events,
                    show(t.points / rust_decimal::Decimal::from(t.events.max(1))),
                    t.id
                );
            }
            s
        }
        Some(Branch::Survey) => "khảo sát: tỷ lệ × tối đa".into(),
        Some(Branch::External) => "điểm công bố riêng (external)".into(),
        Some(Branch::Manual) => "chấm trực tiếp (manual)".into(),
        Some(Branch::Entered) => String::new(),
        None => String::new(),
    };
    let mut s = format!(
        "{}{}{}",
        pct.unwrap_or_default(),
        b,
        if !src.is_empty() && !b.is_empty() {
            "; "
        } else {
            ""
        }
    );
    s.push_str(src);
    for c in &u.caps {
        let _ = write!(s, " [giới hạn {} {} → {}]", c.kind, c.before, c.limit);
    }
    s
}

fn render_explain(rs: &RuleSet, result: &BatchResult, u: &UnitScore, format: Format) -> String {
    match format {
        Format::Json => json(&serde_json::json!({"receipt": result.receipt, "unit": u})),
        Format::Csv => {
            let mut s = String::from("code,depth,label,status,source,max_points,percentage,raw_points,points,lost,lost_reason,legal_ref,provenance\n");
            for n in &u.nodes {
                let cells = [
                    csv_cell(&n.code),
                    n.depth.to_string(),
                    csv_cell(&n.label),
                    enum_str(&n.status),
                    n.source.map(|x| enum_str(&x)).unwrap_or_default(),
                    n.max_points.to_string(),
                    n.percentage.map(|p| p.to_string()).unwrap_or_default(),
                    n.raw_points.to_string(),
                    n.points.to_string(),
                    n.lost.to_string(),
                    n.lost_reason.map(|x| enum_str(&x)).unwrap_or_default(),
                    csv_cell(n.legal_ref.as_deref().unwrap_or("")),
                    enum_str(&n.provenance),
                ];
                s.push_str(&cells.join(","));
                s.push('\n');
            }
            s
        }
        Format::Table => {
            let mut s = header(rs, result);
            let _ = writeln!(
                s,
                "\n{} ({}) — nhóm {}{}; mẫu {}",
                u.name,
                u.id,
                u.group,
                u.parent
                    .as_deref()
                    .map(|p| format!(", thuộc {p}"))
                    .unwrap_or_default(),
                u.form.as_deref().unwrap_or("—")
            );
            let mut t = Table::new(&[
                "Mã",
                "Tiêu chí",
                "Tối đa",
                "Điểm",
                "Mất",
                "Cách tính",
                "Nguồn",
            ]);
            for n in &u.nodes {
                let level = rs.level(&u.level).map(|(_, l)| l);
                let rule = level
                    .and_then(|l| l.by_code.get(&*n.code).map(|&i| &l.nodes[i]))
                    .and_then(|c| c.rule.as_ref())
                    .map(Rule::kind)
                    .unwrap_or("");
                let mut label = format!("{}{}", "  ".repeat(n.depth as usize), n.label);
                if label.chars().count() > 58 {
                    label = label.chars().take(57).collect::<String>() + "…";
                }
                t.row(vec![
                    n.code.to_string(),
                    label,
                    show(n.max_points),
                    n.points.to_string(),
                    if n.lost.is_zero() {
                        String::new()
                    } else {
                        n.lost.to_string()
                    },
                    format!(
                        "{}{}",
                        if rule.is_empty() {
                            String::new()
                        } else {
                            format!("{rule}: ")
                        },
                        branch_text(&n)
                    ),
                    format!(
                        "{}{}",
                        enum_str(&n.provenance),
                        n.legal_ref
                            .as_deref()
                            .map(|l| format!("; {l}"))
                            .unwrap_or_default()
                    ),
                ]);
            }
            s.push_str(&t.render());
            let _ = writeln!(s);
            for c in &u.components {
                let _ = writeln!(
                    s,
                    "  {:<10} {:>8} / {:<6}{}",
                    c.id,
                    c.points.to_string(),
                    show(c.max_points),
                    c.percentage
                        .map(|p| format!("  (khảo sát {p}%)"))
                        .unwrap_or_default()
                );
            }
            let _ = writeln!(s, "  thưởng +{} · trừ −{}", u.bonus, u.penalty);
            let _ = writeln!(
                s,
                "  Tổng {} / {} → chỉ số {}% ({}) · xếp loại: {}",
                u.total,
                show(u.max_points),
                u.index,
                u.index_raw.round_dp(6).normalize(),
                u.band_label
            );
            for w in &u.warnings {
                let _ = writeln!(s, "  ⚠ {w}");
            }
            s
        }
    }
}

fn enum_str<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn csv_cell(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// A text table aligned on character counts (Vietnamese text is precomposed).
struct Table {
    head: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    fn new(head: &[&str]) -> Table {
        Table {
            head: head.iter().map(|s| s.to_string()).collect(),
            rows: Vec::new(),
        }
    }
    fn row(&mut self, r: Vec<String>) {
        self.rows.push(r);
    }
    fn render(&self) -> String {
        let n = self.head.len();
        let mut w = vec![0usize; n];
        for r in std::iter::once(&self.head).chain(&self.rows) {
            for (i, c) in r.iter().enumerate().take(n) {
                w[i] = w[i].max(c.chars().count());
            }
        }
        // Right-align numeric columns; decided once per column (not per cell).
        let numeric: Vec<bool> = (0..n)
            .map(|i| {
                self.rows.iter().all(|r| {
                    r.get(i).is_none_or(|c| {
                        c.is_empty()
                            || c.chars()
                                .all(|ch| ch.is_ascii_digit() || ".=-/".contains(ch))
                    })
                })
            })
            .collect();
        let mut s = String::new();
        for r in std::iter::once(&self.head).chain(&self.rows) {
            let mut line = String::new();
            for (i, c) in r.iter().enumerate().take(n) {
                let pad = w[i] - c.chars().count();
                if i > 0 {
                    line.push_str("  ");
                }
                if numeric[i] && !std::ptr::eq(r, &self.head) {
                    line.push_str(&" ".repeat(pad));
                    line.push_str(c);
                } else {
                    line.push_str(c);
                    if i + 1 < n {
                        line.push_str(&" ".repeat(pad));
                    }
                }
            }
            s.push_str(line.trim_end());
            s.push('\n');
        }
        s
    }
}
