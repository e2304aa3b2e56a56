//! `rank`: the ranking within each block (departments; districts; communes per district, S10).

use super::batch::{self, BatchArgs};
use crate::cli::Format;
use crate::lang::Lang;
use crate::output::{self, Align, Csv, Notes, Table, RECEIPT_COLUMNS};
use crate::{Ctx, Failure};
use parindex::internal::show;
use parindex::{BatchResult, RankBlock, RuleSet, UnitScore};
use std::collections::HashMap;
use std::fmt::Write as _;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    batch: BatchArgs,
}

pub fn run(a: Args, ctx: &Ctx) -> Result<ExitCode, Failure> {
    let a = a.batch;
    let batch::Scored { rs, result } = batch::score(&a, false, ctx.lang)?;
    let warnings = batch::count_warnings(&result.units);
    match a.format() {
        // The ranking with the warnings of its units (the entries hold none): `warnings` lists
        // each unit that has one, as `errors` lists each unit refused.
        Format::Json => output::emit_json(&serde_json::json!({
            "receipt": result.receipt,
            "ranking": result.ranking,
            "errors": result.errors,
            "warnings": result
                .units
                .iter()
                .filter(|u| !u.warnings.is_empty())
                .map(|u| serde_json::json!({"id": u.id, "name": u.name, "warnings": u.warnings}))
                .collect::<Vec<_>>(),
        }))?,
        Format::Csv => output::emit(&csv(&rs, &result, ctx.lang))?,
        Format::Table => output::emit(&table(&rs, &result, ctx.lang))?,
    }
    Ok(batch::finish(ctx, a.strict, &result.errors, warnings))
}

fn by_id(result: &BatchResult) -> HashMap<&str, &UnitScore> {
    result.units.iter().map(|u| (u.id.as_str(), u)).collect()
}

fn csv(rs: &RuleSet, result: &BatchResult, lang: Lang) -> String {
    let mut out = Csv::new(RECEIPT_COLUMNS.iter().chain(&[
        "block",
        "level",
        "parent",
        "rank",
        "tied",
        "id",
        "name",
        "group",
        "total",
        "max_points",
        "index",
        "band",
        "note",
        "warnings",
        "errors",
    ]));
    let receipt = output::receipt_cells(rs, &result.receipt, lang);
    let units = by_id(result);
    for b in &result.ranking {
        for e in &b.entries {
            let warnings = units
                .get(e.id.as_str())
                .map(|u| output::issues_cell(&u.warnings))
                .unwrap_or_default();
            out.row(receipt.iter().cloned().chain([
                b.block.clone(),
                b.level.clone(),
                b.parent.clone().unwrap_or_default(),
                e.rank.to_string(),
                e.tied.to_string(),
                e.id.clone(),
                e.name.clone(),
                e.group.clone(),
                e.total.to_string(),
                e.max_points.to_string(),
                e.index.to_string(),
                e.band.to_string(),
                e.note.clone().unwrap_or_default(),
                warnings,
                String::new(),
            ]));
        }
    }
    // A refused unit has a row of its own: no rank, its problems in `errors`.
    for e in &result.errors {
        let mut row: Vec<String> = receipt.to_vec();
        row.extend(std::iter::repeat_n(String::new(), 5));
        row.push(e.id.clone().unwrap_or_default());
        row.extend(std::iter::repeat_n(String::new(), 8));
        row.push(output::issues_cell(&e.errors));
        out.row(row);
    }
    out.finish()
}

fn block_title(rs: &RuleSet, result: &BatchResult, b: &RankBlock, lang: Lang) -> String {
    let level = rs.def().levels.iter().find(|l| l.id == b.level);
    let label = level
        .map(|l| l.label.in_lang(lang).to_string())
        .unwrap_or_else(|| b.level.clone());
    match &b.parent {
        Some(p) => {
            let pname = result
                .units
                .iter()
                .find(|u| &u.id == p)
                .map(|u| u.name.clone())
                .unwrap_or_else(|| p.clone());
            match lang {
                Lang::Vi => {
                    format!("{label} — thuộc {pname} (xếp hạng trong đơn vị cấp huyện, S10)")
                }
                Lang::En => format!("{label} — of {pname} (ranked within the district, S10)"),
            }
        }
        None => label,
    }
}

fn table(rs: &RuleSet, result: &BatchResult, lang: Lang) -> String {
    let mut s = output::header(rs, result, lang);
    let units = by_id(result);
    let mut notes = Notes::default();
    let band_label = |id: &str| {
        rs.def()
            .bands
            .iter()
            .find(|x| x.id == id)
            .map(|x| x.label.in_lang(lang).to_string())
            .unwrap_or_default()
    };
    for b in &result.ranking {
        let _ = write!(
            s,
            "\n{}\n",
            output::clean(&block_title(rs, result, b, lang))
        );
        let mut t = Table::new(&[
            (lang.pick("Hạng", "Rank"), Align::Right),
            (lang.pick("Đơn vị", "Unit"), Align::Left),
            (lang.pick("Nhóm", "Group"), Align::Left),
            (lang.pick("Điểm", "Points"), Align::Right),
            (lang.pick("Tối đa", "Max"), Align::Right),
            (lang.pick("Chỉ số (%)", "Index (%)"), Align::Right),
            (lang.pick("Xếp loại", "Band"), Align::Left),
            (lang.pick("Ghi chú", "Note"), Align::Left),
        ]);
        for e in &b.entries {
            let mark = units
                .get(e.id.as_str())
                .map(|u| notes.mark(u))
                .unwrap_or_default();
            t.row(vec![
                if e.tied {
                    format!("{}=", e.rank)
                } else {
                    e.rank.to_string()
                },
                format!("{}{mark}", e.name),
                e.group.clone(),
                e.total.to_string(),
                show(e.max_points),
                e.index.to_string(),
                band_label(&e.band),
                e.note.clone().unwrap_or_default(),
            ]);
        }
        s.push_str(&t.render());
    }
    s.push_str(&notes.render(lang));
    s.push_str(&output::refused_note(result, lang));
    s
}
