//! `explain`: one unit's points node by node — how each was computed, points lost, source.

use super::batch::{self, BatchArgs};
use crate::cli::Format;
use crate::input;
use crate::lang::{tr, Lang};
use crate::output::{self, Align, Csv, Table, RECEIPT_COLUMNS};
use crate::{Ctx, Failure};
use parindex::internal::show;
use parindex::internal::{Label, Node};
use parindex::{BatchResult, Error, NodeScore, RuleSet, UnitScore};
use std::collections::HashMap;
use std::fmt::Write as _;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[arg(
        short,
        long,
        value_name = "ID",
        help = tr("Mã đơn vị cần giải thích", "The unit to explain")
    )]
    unit: String,

    #[command(flatten)]
    batch: BatchArgs,
}

pub fn run(a: Args, ctx: &Ctx) -> Result<ExitCode, Failure> {
    let (id, a) = (a.unit, a.batch);
    let lang = ctx.lang;
    let batch::Scored { rs, result } = batch::score(&a, true, lang)?;
    // The unit scored under the id, else the first refusal of a unit with it.
    let Some(u) = result.units.iter().find(|u| u.id == id) else {
        let source = batch::source_name(&a.source, lang);
        if let Some(e) = result.errors.iter().find(|e| e.id.as_deref() == Some(&id)) {
            return Err(input::engine_error(
                &source,
                &Error::Input(e.errors.clone()),
                lang,
            ));
        }
        return Err(Failure::Bad(match lang {
            Lang::Vi => format!("lỗi: {source} không có đơn vị `{id}`"),
            Lang::En => format!("error: {source} has no unit `{id}`"),
        }));
    };
    match a.format() {
        Format::Json => {
            output::emit_json(&serde_json::json!({"receipt": result.receipt, "unit": u}))?
        }
        Format::Csv => output::emit(&csv(&rs, &result, u, lang))?,
        Format::Table => output::emit(&table(&rs, &result, u, lang))?,
    }
    // Other units' refusals do not change this unit: they are not reported here.
    Ok(batch::finish(ctx, a.strict, &[], u.warnings.len()))
}

fn enum_str<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn csv(rs: &RuleSet, result: &BatchResult, u: &UnitScore, lang: Lang) -> String {
    let mut out = Csv::new(RECEIPT_COLUMNS.iter().chain(&[
        "code",
        "depth",
        "label",
        "status",
        "source",
        "max_points",
        "percentage",
        "raw_points",
        "points",
        "lost",
        "lost_reason",
        "legal_ref",
        "provenance",
        "warnings",
    ]));
    let receipt = output::receipt_cells(rs, &result.receipt, lang);
    let warnings = output::issues_cell(&u.warnings);
    let labels = labels(rs, u);
    for n in &u.nodes {
        out.row(receipt.iter().cloned().chain([
            n.code.to_string(),
            n.depth.to_string(),
            label(&labels, &n, lang),
            enum_str(&n.status),
            n.source.map(|x| enum_str(&x)).unwrap_or_default(),
            n.max_points.to_string(),
            n.percentage.map(|p| p.to_string()).unwrap_or_default(),
            n.raw_points.to_string(),
            n.points.to_string(),
            n.lost.to_string(),
            n.lost_reason.map(|x| enum_str(&x)).unwrap_or_default(),
            n.legal_ref.as_deref().unwrap_or("").to_string(),
            enum_str(&n.provenance),
            warnings.clone(),
        ]));
    }
    out.finish()
}

/// The labels of the unit's level's criteria, by code (for their English text).
fn labels<'a>(rs: &'a RuleSet, u: &UnitScore) -> HashMap<&'a str, &'a Label> {
    fn walk<'a>(nodes: &'a [Node], into: &mut HashMap<&'a str, &'a Label>) {
        for n in nodes {
            into.insert(n.code.as_str(), &n.label);
            walk(&n.children, into);
        }
    }
    let mut m = HashMap::new();
    if let Some(l) = rs.def().levels.iter().find(|l| *l.id == *u.level) {
        walk(&l.nodes, &mut m);
    }
    m
}

fn label(labels: &HashMap<&str, &Label>, n: &NodeScore, lang: Lang) -> String {
    match (lang, labels.get(&*n.code)) {
        (Lang::En, Some(l)) => l.in_lang(lang).to_string(),
        _ => n.label.to_string(),
    }
}

fn table(rs: &RuleSet, result: &BatchResult, u: &UnitScore, lang: Lang) -> String {
    let mut s = output::header(rs, result, lang);
    let parent = u
        .parent
        .as_deref()
        .map(|p| format!(", {} {p}", lang.pick("thuộc", "of")))
        .unwrap_or_default();
    let _ = writeln!(
        s,
        "\n{}",
        output::clean(&format!(
            "{} ({}) — {} {}{parent}; {} {}",
            u.name,
            u.id,
            lang.pick("nhóm", "group"),
            u.group,
            lang.pick("mẫu", "form"),
            u.form.as_deref().unwrap_or("—")
        ))
    );
    let mut t = Table::new(&[
        (lang.pick("Mã", "Code"), Align::Left),
        (lang.pick("Tiêu chí", "Criterion"), Align::Left),
        (lang.pick("Tối đa", "Max"), Align::Right),
        (lang.pick("Điểm", "Points"), Align::Right),
        (lang.pick("Mất", "Lost"), Align::Right),
        (lang.pick("Cách tính", "How"), Align::Left),
        (lang.pick("Nguồn", "Source"), Align::Left),
    ]);
    // A long criterion wraps onto the next lines instead of widening the table.
    t.wrap(1, 58);
    let labels = labels(rs, u);
    // The warnings, numbered; a criterion a warning is about carries its number.
    let marks = |code: &str| {
        let at = format!(".items[\"{code}\"]");
        u.warnings
            .iter()
            .enumerate()
            .filter(|(_, w)| {
                w.path
                    .find(&at)
                    .map(|i| &w.path[i.saturating_add(at.len())..])
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
            })
            .map(|(i, _)| format!(" [{}]", i.saturating_add(1)))
            .collect::<String>()
    };
    for n in &u.nodes {
        t.row(vec![
            // The tree's depth shows in the codes: a long criterion wraps, its indent would not.
            format!("{}{}", "  ".repeat(usize::from(n.depth)), n.code),
            format!("{}{}", label(&labels, &n, lang), marks(&n.code)),
            show(n.max_points),
            n.points.to_string(),
            if n.lost.is_zero() {
                String::new()
            } else {
                n.lost.to_string()
            },
            rs.node_text(
                &u.level,
                &n,
                lang.pick(parindex::Lang::Vi, parindex::Lang::En),
            ),
            // Where the criterion comes from, in the officer's words (the CSV keeps the value).
            format!(
                "{}{}",
                n.provenance
                    .label(lang.pick(parindex::Lang::Vi, parindex::Lang::En)),
                n.legal_ref
                    .as_deref()
                    .map(|l| format!("; {l}"))
                    .unwrap_or_default()
            ),
        ]);
    }
    s.push_str(&t.render());
    s.push('\n');
    let mut c = Table::new(&[
        (lang.pick("Thành phần", "Component"), Align::Left),
        (lang.pick("Điểm", "Points"), Align::Right),
        (lang.pick("Tối đa", "Max"), Align::Right),
        ("", Align::Left),
    ]);
    for comp in &u.components {
        c.row(vec![
            comp.id.to_string(),
            comp.points.to_string(),
            show(comp.max_points),
            comp.percentage
                .map(|p| format!("({} {p}%)", lang.pick("khảo sát", "survey")))
                .unwrap_or_default(),
        ]);
    }
    s.push_str(&c.render());
    let _ = writeln!(
        s,
        "{} +{} · {} −{}",
        lang.pick("Thưởng", "Bonus"),
        u.bonus,
        lang.pick("trừ", "penalty"),
        u.penalty
    );
    let band = rs
        .def()
        .bands
        .iter()
        .find(|b| *b.id == *u.band)
        .map(|b| b.label.in_lang(lang).to_string())
        .unwrap_or_else(|| u.band_label.to_string());
    let _ = writeln!(
        s,
        "{} {} / {} → {} {}% ({}) · {}: {band}",
        lang.pick("Tổng", "Total"),
        u.total,
        show(u.max_points),
        lang.pick("chỉ số", "index"),
        u.index,
        u.index_raw.round_dp(6).normalize(),
        lang.pick("xếp loại", "band"),
    );
    if !u.carried.is_empty() {
        let _ = writeln!(
            s,
            "{}",
            lang.pick(
                "Làm tròn chỉ để hiển thị (bộ chỉ số khai báo `rounding.shown_only`): các tổng cộng giá trị chưa làm tròn:",
                "Rounded for display only (the rule set's `rounding.shown_only`): the sums carry the unrounded values:"
            )
        );
        for c in &u.carried {
            let what = match (c.value.as_str(), &c.id) {
                (_, Some(id)) => id.clone(),
                ("bonus", _) => lang.pick("thưởng", "bonus").to_string(),
                ("penalty", _) => lang.pick("trừ", "penalty").to_string(),
                ("total", _) => lang.pick("tổng", "total").to_string(),
                ("index", _) => lang.pick("chỉ số", "index").to_string(),
                (other, _) => other.to_string(),
            };
            let _ = writeln!(
                s,
                "  {what}: {} {} · {} {}",
                lang.pick("hiển thị", "shown"),
                c.shown,
                lang.pick("cộng vào tổng", "carried"),
                c.carried.normalize()
            );
        }
    }
    if !u.warnings.is_empty() {
        let _ = writeln!(
            s,
            "\n{}",
            lang.pick(
                "Cảnh báo (đơn vị vẫn được chấm; kiểm tra từng cảnh báo):",
                "Warnings (the unit is scored; check each one):"
            )
        );
        for (i, w) in u.warnings.iter().enumerate() {
            let _ = writeln!(
                s,
                "[{}] {}",
                i.saturating_add(1),
                output::clean(&w.to_string())
            );
        }
    }
    s
}
