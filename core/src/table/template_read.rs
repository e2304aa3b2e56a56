//! A filled input template read back: the fact table of its one unit, or the unit itself.

use super::cell::Cell;
use super::columns::{Columns, Entry, Fact, Role};
use super::describe::Lang;
use super::frame::{FactTable, Grid, ReadOptions};
use super::template_layout::{
    level_of, sheet_name, C_EVIDENCE, C_KEY, C_NA, C_NODE, C_NOTES, C_SELF, C_VALUE, KIND,
};
use super::xlsx_file::{self, Book, ABOUT_SHEET};
use super::TABLE_VERSION;
use crate::compile::RuleSet;
use crate::def::{Node, Rule};
use crate::error::{Error, Issue, Result};
use crate::input::{UnitEntry, UnitInput};

/// What the `about` sheet of a workbook says, by key.
fn about(book: &mut Book<'_>) -> Vec<(String, String)> {
    let Ok(Some(sheet)) = xlsx_file::sheet(book, ABOUT_SHEET) else {
        return Vec::new();
    };
    (sheet.rows.iter())
        .filter_map(|(_, cells)| match (cells.first(), cells.get(1)) {
            (Some(Cell::Text(k)), Some(Cell::Text(v))) => Some((k.clone(), v.clone())),
            _ => None,
        })
        .collect()
}

/// Whether a workbook is an input template (its `about` sheet says so).
pub(super) fn is_template(book: &mut Book<'_>) -> bool {
    about(book).iter().any(|(k, v)| k == "kind" && v == KIND)
}

/// Reads a filled template as the fact table of its one unit (see [`read_template`]).
pub(super) fn read_template_table(
    rs: &RuleSet,
    bytes: &[u8],
    opts: &ReadOptions,
) -> Result<FactTable> {
    let mut book = xlsx_file::open(bytes, &opts.limits)?;
    let about = about(&mut book);
    let get = |k: &str| {
        about
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
    };
    if get("kind").as_deref() != Some(KIND) {
        return Err(Error::input(crate::error::issue!(
            "input.not_a_template",
            "$"
        )));
    }
    if get("table_version").as_deref() != Some(&TABLE_VERSION.to_string()) {
        return Err(Error::input(crate::error::issue!(
            "input.unsupported_version:template",
            "$",
            version = get("table_version").unwrap_or_default(),
            want = TABLE_VERSION
        )));
    }
    let name = get("sheet").unwrap_or_else(|| sheet_name(Lang::Vi).to_string());
    let sheet = xlsx_file::sheet(&mut book, &name)?.ok_or_else(|| {
        Error::input(crate::error::issue!(
            "input.not_a_template:sheet",
            "$",
            sheet = name
        ))
    })?;
    let group = get("group").unwrap_or_default();
    let level = level_of(rs, &group).ok();
    let find = |code: &str| -> Option<&Node> {
        fn walk<'a>(ns: &'a [Node], code: &str) -> Option<&'a Node> {
            ns.iter().find_map(|n| {
                (n.code == code)
                    .then_some(n)
                    .or_else(|| walk(&n.children, code))
            })
        }
        level.and_then(|l| walk(&l.nodes, code))
    };
    let known = Columns::of(rs);
    let mut grid = Grid {
        sheet: Some(sheet.name.clone()),
        header_row: 1,
        ..Grid::default()
    };
    let mut cells = Vec::new();
    let mut push = |name: String, cell: Cell, at: (u32, u32)| {
        grid.header.push(Cell::Text(name));
        cells.push(cell);
        grid.positions.push(Some(at));
    };
    for (r, row) in &sheet.rows {
        let text = |c: u16| match row.get(usize::from(c)) {
            Some(Cell::Text(t)) => Some(t.trim().to_string()),
            _ => None,
        };
        if let Some(key) = text(C_KEY).filter(|k| !k.is_empty() && k != "key") {
            let mut cell = row
                .get(usize::from(C_VALUE))
                .cloned()
                .unwrap_or(Cell::Empty);
            // A choice is shown by its label: read back as the option's id.
            if let Some(Role::Fact {
                code,
                fact: Fact::Choice,
            }) = known.find(&key)
            {
                if let (
                    Cell::Text(t),
                    Some(Node {
                        rule: Some(Rule::Choice { options }),
                        ..
                    }),
                ) = (&cell, find(&code))
                {
                    let t = t.trim();
                    if let Some(o) = options
                        .iter()
                        .find(|o| o.label.vi == t || o.label.en.as_deref() == Some(t))
                    {
                        cell = Cell::Text(o.id.clone());
                    }
                }
            }
            push(key, cell, (*r, u32::from(C_VALUE)));
        }
        if let Some(code) = text(C_NODE).filter(|k| !k.is_empty() && k != "code") {
            for (entry, col) in [
                (Entry::NotApplicable, C_NA),
                (Entry::SelfScore, C_SELF),
                (Entry::Evidence, C_EVIDENCE),
                (Entry::Notes, C_NOTES),
            ] {
                let cell = row.get(usize::from(col)).cloned().unwrap_or(Cell::Empty);
                if cell != Cell::Empty {
                    push(
                        Role::Entry {
                            code: code.clone(),
                            entry,
                        }
                        .name(),
                        cell,
                        (*r, u32::from(col)),
                    );
                }
            }
        }
    }
    grid.rows.push((1, cells));
    let mut t = FactTable::from_grid(rs, grid, opts)?;
    t.ruleset = get("ruleset");
    t.set_source(bytes);
    Ok(t)
}

/// Reads a filled input template as the unit it describes: every cell that cannot be read is a
/// problem told with its cell (`Tự chấm điểm!F23`) and the JSON path it stands for
/// (`$.items["1.1.1"].choice`). A template made for another rule set is refused
/// (`input.ruleset_mismatch`).
pub fn read_template(rs: &RuleSet, bytes: &[u8]) -> Result<UnitInput> {
    read_template_with(rs, bytes, &ReadOptions::default())
}

/// [`read_template`] with options (limits).
pub fn read_template_with(rs: &RuleSet, bytes: &[u8], opts: &ReadOptions) -> Result<UnitInput> {
    let t = read_template_table(rs, bytes, opts)?;
    if let Some(want) = &t.ruleset {
        if want != rs.id() {
            return Err(Error::input(crate::error::issue!(
                "input.ruleset_mismatch:template",
                "$",
                given = want,
                ruleset = rs.id()
            )));
        }
    }
    let unit_level = |mut i: Issue| {
        if let Some(rest) = i.path.strip_prefix("$.units[0]") {
            i.path = format!("${rest}");
        }
        i
    };
    match t.unit(0) {
        UnitEntry::Ok(u) => Ok(u),
        UnitEntry::Bad { issues, .. } => {
            Err(Error::Input(issues.into_iter().map(unit_level).collect()))
        }
    }
}
