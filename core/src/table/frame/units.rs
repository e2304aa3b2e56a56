//! The fact table of a batch's units, and the units of a table's rows (or their refusals).

use super::{unit_path, Column, ColumnData, FactTable};
use crate::batch;
use crate::compile::RuleSet;
use crate::error::{Error, Issue, Result};
use crate::input::{
    AdjustmentInput, ComponentInput, ItemInput, Items, ParsedBatch, UnitEntry, UnitInput,
};
use crate::support::limits::{Kind, Limits};
use crate::table::cell::Value;
use crate::table::columns::{Columns, Entry, Fact, Role, Side};
use crate::table::csv_file::CsvCells;
use rust_decimal::Decimal;
use std::collections::{BTreeMap, HashMap};

/// What is given each cell of a table as its rows are read (the table's CSV text being hashed).
pub(super) trait CellSink {
    /// The next cell of the row.
    fn cell(&mut self, v: Option<&Value>);
    /// The end of the row.
    fn end_row(&mut self);
}

/// Nothing.
impl CellSink for () {
    fn cell(&mut self, _: Option<&Value>) {}
    fn end_row(&mut self) {}
}

impl<W: std::io::Write> CellSink for CsvCells<W> {
    fn cell(&mut self, v: Option<&Value>) {
        CsvCells::cell(self, v);
    }
    fn end_row(&mut self) {
        CsvCells::end_row(self);
    }
}

impl FactTable {
    /// The table of a batch's units: the rule set's columns, then any other column a unit needs
    /// (a fact the rule does not take, a code the rule set does not have, a second bonus entry…),
    /// in the order first needed. An item given with nothing in it (`{}`) is written as `false`
    /// in its `na:` column. Refused (`input.not_representable`, with each value's path) when a
    /// value has no cell that gives it back: a text of spaces only, or a document name or note
    /// that is blank or holds a line break (a cell holds one per line).
    pub fn from_units(rs: &RuleSet, units: &[UnitInput]) -> Result<FactTable> {
        let mut t = FactTable::with_columns(&Columns::of(rs), units.len());
        let mut index: HashMap<Role, usize> = (t.columns.iter().enumerate())
            .map(|(i, c)| (c.role.clone(), i))
            .collect();
        let mut issues = Vec::new();
        let mut synthetic = !units.is_empty();
        for (row, u) in units.iter().enumerate() {
            synthetic &= u.synthetic;
            let upath = unit_path(row);
            let mut put = |t: &mut FactTable, role: Role, v: Value| {
                let ci = *index.entry(role.clone()).or_insert_with(|| {
                    t.columns.push(Column {
                        name: role.name(),
                        data: ColumnData::new(role.kind(), t.rows),
                        role: role.clone(),
                        source: None,
                        source_row: None,
                    });
                    t.columns.len() - 1
                });
                t.columns[ci].data.set(row, v);
            };
            let refuse = |issues: &mut Vec<Issue>, path: String, key: &str| {
                issues.push(Issue::new(key, path, &[]));
            };
            for (role, v) in [
                (Role::Id, &u.id),
                (Role::Name, &u.name),
                (Role::Group, &u.group),
            ] {
                if v.trim().is_empty() && !v.is_empty() {
                    refuse(
                        &mut issues,
                        role.path(&upath, None),
                        "input.not_representable:spaces",
                    );
                } else if !v.is_empty() {
                    put(&mut t, role, Value::Text(v.clone()));
                }
            }
            for (role, v) in [(Role::Parent, &u.parent), (Role::Block, &u.block)] {
                match v {
                    Some(s) if s.trim().is_empty() => refuse(
                        &mut issues,
                        role.path(&upath, None),
                        "input.not_representable:empty_text",
                    ),
                    Some(s) => put(&mut t, role, Value::Text(s.clone())),
                    None => {}
                }
            }
            if u.synthetic {
                put(&mut t, Role::Synthetic, Value::Bool(true));
            }
            for (code, it) in u.items.iter() {
                let code = code.to_string();
                let fact = |fact: Fact| Role::Fact {
                    code: code.clone(),
                    fact,
                };
                let entry = |entry: Entry| Role::Entry {
                    code: code.clone(),
                    entry,
                };
                let before = issues.len();
                let mut cells: Vec<(Role, Value)> = Vec::new();
                if it.is_not_applicable() {
                    cells.push((entry(Entry::NotApplicable), Value::Bool(true)));
                }
                match it.choice() {
                    Some(c) if c.trim().is_empty() => {
                        refuse(
                            &mut issues,
                            fact(Fact::Choice).path(&upath, None),
                            "input.not_representable:empty_choice",
                        );
                    }
                    Some(c) => cells.push((fact(Fact::Choice), Value::Text(c.to_string()))),
                    None => {}
                }
                if let Some(v) = it.met() {
                    cells.push((fact(Fact::Met), Value::Bool(v)));
                }
                for (f, v) in [
                    (Fact::Percentage, it.percentage()),
                    (Fact::Value, it.value()),
                    (Fact::Points, it.points()),
                ] {
                    if let Some(v) = v {
                        cells.push((fact(f), Value::Decimal(v)));
                    }
                }
                for (f, v) in [
                    (Fact::Numerator, it.numerator()),
                    (Fact::Denominator, it.denominator()),
                    (Fact::Count, it.count()),
                ] {
                    if let Some(v) = v {
                        cells.push((fact(f), Value::Count(v)));
                    }
                }
                for (id, n) in it.outcomes() {
                    cells.push((fact(Fact::Outcome(id.clone())), Value::Count(*n)));
                }
                for (id, n) in it.events() {
                    cells.push((fact(Fact::Event(id.clone())), Value::Count(*n)));
                }
                for (e, v) in [
                    (Entry::SelfScore, it.self_score()),
                    (Entry::Appraised, it.appraised()),
                    (Entry::Reappraised, it.reappraised()),
                ] {
                    if let Some(v) = v {
                        cells.push((entry(e), Value::Decimal(v)));
                    }
                }
                for (e, lines) in [(Entry::Evidence, it.evidence()), (Entry::Notes, it.notes())] {
                    if lines.is_empty() {
                        continue;
                    }
                    let role = entry(e);
                    for (k, l) in lines.iter().enumerate() {
                        if l.trim().is_empty() || l.contains(['\n', '\r']) {
                            refuse(
                                &mut issues,
                                format!("{}[{k}]", role.path(&upath, None)),
                                "input.not_representable:line_break",
                            );
                        }
                    }
                    cells.push((role, Value::Lines(lines.to_vec())));
                }
                if cells.is_empty() {
                    // An item given with nothing in it: `na:` false says the item is there.
                    cells.push((entry(Entry::NotApplicable), Value::Bool(false)));
                }
                if issues.len() == before {
                    for (role, v) in cells {
                        put(&mut t, role, v);
                    }
                }
            }
            for (id, c) in &u.components {
                let (percentage, v) = match c {
                    ComponentInput::Percentage { percentage } => (true, *percentage),
                    ComponentInput::Points { points } => (false, *points),
                };
                put(
                    &mut t,
                    Role::Component {
                        id: id.clone(),
                        percentage,
                    },
                    Value::Decimal(v),
                );
            }
            for (side, entries) in [(Side::Bonus, &u.bonus), (Side::Penalty, &u.penalty)] {
                for (k, a) in entries.iter().enumerate() {
                    let n = k + 1;
                    let reason = Role::Adjustment {
                        side,
                        n,
                        reason: true,
                    };
                    if a.reason.trim().is_empty() {
                        refuse(
                            &mut issues,
                            reason.path(&upath, Some(k)),
                            "input.not_representable:empty_reason",
                        );
                        continue;
                    }
                    put(
                        &mut t,
                        Role::Adjustment {
                            side,
                            n,
                            reason: false,
                        },
                        Value::Decimal(a.points),
                    );
                    put(&mut t, reason, Value::Text(a.reason.clone()));
                }
            }
        }
        if !issues.is_empty() {
            return Err(Error::Input(issues));
        }
        t.synthetic = Some(synthetic);
        Ok(t)
    }

    /// The table of a batch given as JSON text (read within `limits`): its units, its `ruleset`,
    /// `title` and `synthetic`. A unit that cannot be read has no row: the batch is refused,
    /// with every problem.
    pub fn from_batch_json(rs: &RuleSet, text: &str, limits: &Limits) -> Result<FactTable> {
        let scanned = limits.scan(text, Kind::Batch, "$")?;
        if !scanned.duplicates.is_empty() {
            return Err(Error::Input(
                scanned.duplicates.into_iter().map(|d| d.issue).collect(),
            ));
        }
        let v = batch::parse_json(crate::support::limits::strip_bom(text))?;
        let parsed = crate::input::parse_batch(&v).map_err(Error::Input)?;
        let mut units = Vec::with_capacity(parsed.units.len());
        let mut issues = Vec::new();
        for e in parsed.units {
            match e {
                UnitEntry::Ok(u) => units.push(u),
                UnitEntry::Bad { issues: i, .. } => issues.extend(i),
            }
        }
        if !issues.is_empty() {
            return Err(Error::Input(issues));
        }
        let mut t = FactTable::from_units(rs, &units)?;
        t.ruleset = parsed.ruleset;
        t.title = parsed.title;
        t.synthetic = Some(parsed.synthetic);
        Ok(t)
    }

    /// Each row as a unit, or the refusal of a row whose cells have a problem (with the cell and
    /// the JSON path it stands for).
    #[doc(hidden)]
    pub fn units(&self) -> Vec<UnitEntry> {
        (0..self.rows).map(|i| self.unit(i)).collect()
    }

    /// The batch the table stands for: each row a unit, or the refusal of a row whose cells have
    /// a problem. The batch is scored as JSON is ([`batch::score_parsed_batch`]).
    pub(crate) fn to_batch(&self) -> ParsedBatch {
        self.read_batch(&mut ()).0
    }

    /// The batch the table stands for (as [`FactTable::to_batch`]), each cell read once and
    /// given to `cells` row by row, in the order of the columns (a cell that cannot be read as
    /// empty); and for each row, whether it was refused for its cells.
    pub(super) fn read_batch(&self, cells: &mut dyn CellSink) -> (ParsedBatch, Vec<bool>) {
        let mut refused = Vec::with_capacity(self.rows);
        let units: Vec<UnitEntry> = (0..self.rows)
            .map(|i| {
                let (u, r) = self.read_unit(i, cells);
                cells.end_row();
                refused.push(r);
                u
            })
            .collect();
        let synthetic = self.synthetic.unwrap_or_else(|| {
            !units.is_empty()
                && (units.iter()).all(|u| matches!(u, UnitEntry::Ok(u) if u.synthetic))
        });
        (
            ParsedBatch {
                ruleset: self.ruleset.clone(),
                title: self.title.clone(),
                synthetic,
                units,
            },
            refused,
        )
    }

    /// The unit of row `i` (from 0), or its refusal.
    pub fn unit(&self, i: usize) -> UnitEntry {
        self.read_unit(i, &mut ()).0
    }

    /// The unit of row `i`, or its refusal, each cell read once (and given to `cell`, in the
    /// order of the columns: a cell that cannot be read as empty); and whether the row was
    /// refused for its cells (a cell that cannot be read, told at the cell with the JSON path it
    /// stands for: found when the table was read from cells, when the row is read from Arrow
    /// data).
    pub(super) fn read_unit(&self, i: usize, cells: &mut dyn CellSink) -> (UnitEntry, bool) {
        let upath = unit_path(i);
        let mut problems = self.problems[i].clone();
        // The text of the first column of each of these roles (`None` inside: no text in it).
        let (mut id, mut name, mut group, mut block, mut parent) = (None, None, None, None, None);
        let mut issues = Vec::new();
        let mut items: BTreeMap<&str, ItemInput> = BTreeMap::new();
        let mut outcomes: BTreeMap<&str, BTreeMap<String, u64>> = BTreeMap::new();
        let mut events: BTreeMap<&str, BTreeMap<String, u64>> = BTreeMap::new();
        let mut components: BTreeMap<&str, (Option<Decimal>, Option<Decimal>)> = BTreeMap::new();
        let mut adjustments: BTreeMap<(u8, usize), (Option<Decimal>, Option<String>)> =
            BTreeMap::new();
        let mut synthetic = false;
        for c in &self.columns {
            let v = match c.data.read(i) {
                Ok(v) => v,
                Err(p) => {
                    problems.push(p.issue(c.role.path(&upath, None), &self.cell_at(c, i)));
                    None
                }
            };
            cells.cell(v.as_ref());
            let first = match c.role {
                Role::Id => Some(&mut id),
                Role::Name => Some(&mut name),
                Role::Group => Some(&mut group),
                Role::Block => Some(&mut block),
                Role::Parent => Some(&mut parent),
                _ => None,
            };
            if let Some(slot) = first {
                if slot.is_none() {
                    *slot = Some(match v {
                        Some(Value::Text(t)) => Some(t),
                        _ => None,
                    });
                }
                continue;
            }
            let Some(v) = v else { continue };
            match (&c.role, v) {
                (Role::Synthetic, Value::Bool(b)) => synthetic = b,
                (Role::Fact { code, fact }, v) => {
                    let it = items.entry(code).or_default();
                    match (fact, v) {
                        (Fact::Choice, Value::Text(s)) => it.set_choice(Some(s)),
                        (Fact::Met, Value::Bool(b)) => it.set_met(Some(b)),
                        (Fact::Percentage, Value::Decimal(d)) => it.set_percentage(Some(d)),
                        (Fact::Value, Value::Decimal(d)) => it.set_value(Some(d)),
                        (Fact::Points, Value::Decimal(d)) => it.set_points(Some(d)),
                        (Fact::Numerator, Value::Count(n)) => it.set_numerator(Some(n)),
                        (Fact::Denominator, Value::Count(n)) => it.set_denominator(Some(n)),
                        (Fact::Count, Value::Count(n)) => it.set_count(Some(n)),
                        (Fact::Outcome(id), Value::Count(n)) => {
                            outcomes.entry(code).or_default().insert(id.clone(), n);
                        }
                        (Fact::Event(id), Value::Count(n)) => {
                            events.entry(code).or_default().insert(id.clone(), n);
                        }
                        _ => {}
                    }
                }
                (Role::Entry { code, entry }, v) => {
                    let it = items.entry(code).or_default();
                    match (entry, v) {
                        // False: the item is there, not marked (an item with nothing else
                        // in it is the JSON `{}`).
                        (Entry::NotApplicable, Value::Bool(true)) => it.set_not_applicable(true),
                        (Entry::SelfScore, Value::Decimal(d)) => it.set_self_score(Some(d)),
                        (Entry::Appraised, Value::Decimal(d)) => it.set_appraised(Some(d)),
                        (Entry::Reappraised, Value::Decimal(d)) => it.set_reappraised(Some(d)),
                        (Entry::Evidence, Value::Lines(l)) => it.set_evidence(l),
                        (Entry::Notes, Value::Lines(l)) => it.set_notes(l),
                        _ => {}
                    }
                }
                (Role::Component { id, percentage }, Value::Decimal(d)) => {
                    let e = components.entry(id).or_default();
                    if *percentage {
                        e.0 = Some(d);
                    } else {
                        e.1 = Some(d);
                    }
                }
                (Role::Adjustment { side, n, reason }, v) => {
                    let e = adjustments
                        .entry((u8::from(*side == Side::Penalty), *n))
                        .or_default();
                    match (reason, v) {
                        (false, Value::Decimal(d)) => e.0 = Some(d),
                        (true, Value::Text(s)) => e.1 = Some(s),
                        _ => {}
                    }
                }
                _ => {}
            }
        }
        let id = id.flatten();
        if !problems.is_empty() {
            return (
                UnitEntry::Bad {
                    id,
                    issues: problems,
                },
                true,
            );
        }
        for (code, o) in outcomes {
            items.entry(code).or_default().set_outcomes(o);
        }
        for (code, e) in events {
            items.entry(code).or_default().set_events(e);
        }
        let mut unit_items = Items::new();
        // Every item here has a cell with a value.
        for (code, it) in items {
            unit_items.insert(code, it);
        }
        let mut comps = BTreeMap::new();
        for (id, (pct, pts)) in components {
            let v = match (pct, pts) {
                (Some(percentage), None) => ComponentInput::Percentage { percentage },
                (None, Some(points)) => ComponentInput::Points { points },
                _ => {
                    issues.push(self.located(
                        i,
                        crate::error::issue!(
                            "input.component_kind:both",
                            crate::error::key_path(&format!("{upath}.components"), id),
                            id
                        ),
                    ));
                    continue;
                }
            };
            comps.insert(id.to_string(), v);
        }
        let (mut bonus, mut penalty) = (Vec::new(), Vec::new());
        for ((side, n), (points, reason)) in adjustments {
            let list = if side == 0 { &mut bonus } else { &mut penalty };
            let side = if side == 0 {
                Side::Bonus
            } else {
                Side::Penalty
            };
            let k = list.len();
            match (points, reason) {
                (Some(points), Some(reason)) => list.push(AdjustmentInput { points, reason }),
                (points, _) => {
                    let missing = if points.is_none() { "points" } else { "reason" };
                    let role = Role::Adjustment {
                        side,
                        n,
                        reason: points.is_some(),
                    };
                    issues.push(self.located(
                        i,
                        crate::error::issue!(
                            match side {
                                Side::Bonus => "input.missing_field:bonus",
                                Side::Penalty => "input.missing_field:penalty",
                            },
                            role.path(&upath, Some(k)),
                            field = missing
                        ),
                    ));
                }
            }
        }
        if !issues.is_empty() {
            return (UnitEntry::Bad { id, issues }, false);
        }
        let unit = UnitInput {
            id: id.unwrap_or_default(),
            name: name.flatten().unwrap_or_default(),
            group: group.flatten().unwrap_or_default(),
            block: block.flatten(),
            parent: parent.flatten(),
            items: unit_items,
            components: comps,
            bonus,
            penalty,
            synthetic,
        };
        (UnitEntry::Ok(unit), false)
    }

    /// The units of the rows, or every problem of the rows that cannot be read.
    pub fn to_units(&self) -> Result<Vec<UnitInput>> {
        let mut units = Vec::with_capacity(self.rows);
        let mut issues = Vec::new();
        for e in self.to_batch().units {
            match e {
                UnitEntry::Ok(u) => units.push(u),
                UnitEntry::Bad { issues: i, .. } => issues.extend(i),
            }
        }
        if issues.is_empty() {
            Ok(units)
        } else {
            Err(Error::Input(issues))
        }
    }
}
