//! `score`: every unit's components, total, index and band.

use super::batch::{self, BatchArgs};
use crate::cli::Format;
use crate::lang::Lang;
use crate::output::{self, Align, Csv, Notes, Table, RECEIPT_COLUMNS};
use crate::{Ctx, Failure};
use parindex::internal::show;
use parindex::internal::ComponentKind;
use parindex::{BatchResult, RuleSet, UnitScore};
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    batch: BatchArgs,
}

pub fn run(a: Args, ctx: &Ctx) -> Result<ExitCode, Failure> {
    let a = a.batch;
    // Node-by-node explanations are printed by `score --format json` (and `explain`) only.
    let batch::Scored { rs, result } = batch::score(&a, a.format() == Format::Json, ctx.lang)?;
    let warnings = batch::count_warnings(&result.units);
    match a.format() {
        Format::Json => output::emit_json(&result)?,
        Format::Csv => output::emit(&csv(&rs, &result, ctx.lang))?,
        Format::Table => output::emit(&table(&rs, &result, ctx.lang))?,
    }
    Ok(batch::finish(ctx, a.strict, &result.errors, warnings))
}

/// Every component id of the rule set's levels, in order, once.
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
            .any(|c| c.id == id && c.kind == ComponentKind::Rubric)
    })
}

fn component(u: &UnitScore, id: &str) -> String {
    u.components
        .iter()
        .find(|c| &*c.id == id)
        .map(|c| c.points.to_string())
        .unwrap_or_default()
}

fn csv(rs: &RuleSet, result: &BatchResult, lang: Lang) -> String {
    let comps = component_ids(rs);
    let mut head: Vec<&str> = RECEIPT_COLUMNS.to_vec();
    head.extend(["id", "name", "level", "group", "block"]);
    head.extend(comps.iter().map(String::as_str));
    head.extend([
        "bonus",
        "penalty",
        "total",
        "max_points",
        "index",
        "band",
        "warnings",
        "errors",
    ]);
    let width = head.len();
    let mut out = Csv::new(&head);
    let receipt = output::receipt_cells(rs, &result.receipt, lang);
    for u in &result.units {
        let mut row: Vec<String> = receipt.to_vec();
        row.extend([
            u.id.clone(),
            u.name.clone(),
            u.level.to_string(),
            u.group.clone(),
            u.block.clone(),
        ]);
        row.extend(comps.iter().map(|c| component(u, c)));
        row.extend([
            u.bonus.to_string(),
            u.penalty.to_string(),
            u.total.to_string(),
            u.max_points.to_string(),
            u.index.to_string(),
            u.band.to_string(),
            output::issues_cell(&u.warnings),
            String::new(),
        ]);
        out.row(row);
    }
    // A refused unit has a row of its own: its id, no points, its problems in `errors`.
    for e in &result.errors {
        let mut row: Vec<String> = receipt.to_vec();
        row.push(e.id.clone().unwrap_or_default());
        row.resize(width.saturating_sub(1), String::new());
        row.push(output::issues_cell(&e.errors));
        out.row(row);
    }
    out.finish()
}

fn table(rs: &RuleSet, result: &BatchResult, lang: Lang) -> String {
    let mut s = output::header(rs, result, lang);
    let comps: Vec<String> = component_ids(rs)
        .into_iter()
        .filter(|c| !is_rubric(rs, c))
        .collect();
    let mut cols = vec![
        (lang.pick("Đơn vị", "Unit"), Align::Left),
        (lang.pick("Nhóm", "Group"), Align::Left),
        (lang.pick("Điểm TĐ/Tối đa", "Appraised/max"), Align::Right),
    ];
    cols.extend(comps.iter().map(|c| (c.as_str(), Align::Right)));
    cols.extend([
        (lang.pick("Thưởng", "Bonus"), Align::Right),
        (lang.pick("Trừ", "Penalty"), Align::Right),
        (lang.pick("Tổng", "Total"), Align::Right),
        (lang.pick("Tối đa", "Max"), Align::Right),
        (lang.pick("Chỉ số", "Index"), Align::Right),
        (lang.pick("Xếp loại", "Band"), Align::Left),
    ]);
    let mut t = Table::new(&cols);
    let mut notes = Notes::default();
    let band_label = |u: &UnitScore| {
        rs.def()
            .bands
            .iter()
            .find(|b| *b.id == *u.band)
            .map(|b| b.label.in_lang(lang).to_string())
            .unwrap_or_else(|| u.band_label.to_string())
    };
    for u in &result.units {
        let mut row = vec![
            format!("{}{}", u.name, notes.mark(u)),
            u.group.clone(),
            format!("{}/{}", u.rubric_points, show(u.rubric_max)),
        ];
        row.extend(comps.iter().map(|c| component(u, c)));
        row.extend([
            u.bonus.to_string(),
            u.penalty.to_string(),
            u.total.to_string(),
            show(u.max_points),
            u.index.to_string(),
            band_label(u),
        ]);
        t.row(row);
    }
    s.push('\n');
    s.push_str(&t.render());
    s.push_str(&notes.render(lang));
    s.push_str(&output::refused_note(result, lang));
    s
}
