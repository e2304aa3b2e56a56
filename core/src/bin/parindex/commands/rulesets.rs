//! `rulesets`: the built-in rule sets.

use crate::cli::{Format, FormatOpt};
use crate::input;
use crate::output::{self, Align, Csv, Table};
use crate::{Ctx, Failure};
use parindex::builtin;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    format: FormatOpt,
}

const COLUMNS: [&str; 7] = [
    "id", "title", "decision", "year", "status", "levels", "sha256",
];

pub fn run(a: Args, ctx: &Ctx) -> Result<ExitCode, Failure> {
    let lang = ctx.lang;
    let mut rows = Vec::new();
    for id in builtin::ids() {
        let rs = builtin::ruleset(id)
            .map_err(|e| input::engine_error(&format!("built-in rule set `{id}`"), &e, lang))?;
        let mut row = parindex::internal::describe(&rs);
        // The table gives the title in the language asked for; JSON and CSV as described.
        let title = rs.def().title.in_lang(lang).to_string();
        rows.push((row.clone(), {
            row.insert("title".into(), title);
            row
        }));
    }
    match a.format.format {
        Format::Json => {
            let described: Vec<_> = rows.iter().map(|(d, _)| d).collect();
            output::emit_json(&described)?
        }
        Format::Csv => {
            let mut out = Csv::new(COLUMNS);
            for (d, _) in &rows {
                out.row(
                    COLUMNS
                        .iter()
                        .map(|k| d.get(*k).map(String::as_str).unwrap_or("")),
                );
            }
            output::emit(&out.finish())?
        }
        Format::Table => {
            let mut t = Table::new(&[
                (lang.pick("Mã", "Id"), Align::Left),
                (lang.pick("Tên", "Title"), Align::Left),
                (lang.pick("Quyết định", "Decision"), Align::Left),
                (lang.pick("Năm", "Year"), Align::Right),
                (lang.pick("Trạng thái", "Status"), Align::Left),
                (lang.pick("Cấp", "Levels"), Align::Left),
            ]);
            for (_, r) in &rows {
                t.row(
                    COLUMNS[..6]
                        .iter()
                        .map(|k| r.get(*k).cloned().unwrap_or_default())
                        .collect(),
                );
            }
            output::emit(&t.render())?
        }
    }
    Ok(ExitCode::SUCCESS)
}
