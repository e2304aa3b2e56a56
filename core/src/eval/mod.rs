//! Scoring: facts and points per unit → points per node (with explanations) → components → index.
//!
//! - `context`: what a batch shares among its units (C5's best values);
//! - `unit`: a unit's score, step by step; `walk`: the walk over its nodes; `leaf`: one leaf;
//!   the rule kinds themselves are in `crate::rules`;
//! - `explain`: the rows kept per node, and the explanation rendered from them;
//! - [`synth`]: synthetic batches.
//!
//! Arithmetic here is checked (the lint below refuses an unchecked operator): an overflow is the
//! error `arithmetic.overflow` with the path of the fact or node it came from, never a panic.

#![deny(clippy::arithmetic_side_effects)]

mod context;
mod explain;
mod leaf;
pub mod synth;
#[cfg(test)]
mod tests;
mod total;
mod unit;
mod walk;

pub use crate::result::*;
pub use context::Context;
pub(crate) use context::{Best, Top};
use explain::{keep, Rows};
use unit::score_parts_with;

use crate::compile::RuleSet;
use crate::error::{issue, Error, Result};
use crate::input::UnitInput;

/// A unit's id, given and not blank; else the problem, at `path`'s `id`.
pub(crate) fn blank_id(id: &str, path: &str) -> Option<Error> {
    id.trim()
        .is_empty()
        .then(|| Error::input(issue!("input.blank_id", format!("{path}.id"))))
}

/// Score one unit. `path` is the unit's JSON path, used in error paths.
pub fn score_unit(rs: &RuleSet, unit: UnitInput, ctx: &Context, path: &str) -> Result<UnitScore> {
    if let Some(e) = blank_id(&unit.id, path) {
        return Err(e);
    }
    score_taken(rs, unit, ctx, path)
}

/// [`score_unit`] without the check of the unit's id: a batch checks it first, then takes it out
/// (to report it if the unit is refused).
pub(crate) fn score_taken(
    rs: &RuleSet,
    unit: UnitInput,
    ctx: &Context,
    path: &str,
) -> Result<UnitScore> {
    Ok(score_partly(rs, &unit, ctx, path)?.finish(rs, ctx, unit, true))
}

/// A unit scored before it is taken: its score but what is taken from the unit (its strings, and
/// its items, which the explanation keeps).
pub(crate) struct Partly {
    s: UnitScore,
    rows: Rows,
    level: usize,
}

/// Score a unit without taking it or copying anything of it: a batch scores the units others
/// depend on first, and takes them when it comes to them ([`Partly::finish`]).
pub(crate) fn score_partly(
    rs: &RuleSet,
    unit: &UnitInput,
    ctx: &Context,
    path: &str,
) -> Result<Partly> {
    let (s, rows, level) = score_parts(rs, unit, ctx, path)?;
    Ok(Partly { s, rows, level })
}

impl Partly {
    /// The score of `unit` (the unit scored, with the same context), taking its strings and, with
    /// `keep_nodes`, its items for the node-by-node explanation.
    pub(crate) fn finish(
        self,
        rs: &RuleSet,
        ctx: &Context,
        unit: UnitInput,
        keep_nodes: bool,
    ) -> UnitScore {
        let Partly { mut s, rows, level } = self;
        let UnitInput {
            id,
            name,
            group,
            parent,
            items,
            ..
        } = unit;
        (s.id, s.name, s.group, s.parent) = (id, name, group, parent);
        if keep_nodes {
            s.nodes = keep(rs, ctx, level, rows, items);
        }
        s
    }
}

/// Score a unit without taking it: its strings are copied into the result, and its items only
/// when `keep_nodes` asks for the node-by-node explanation (a form rescored as it is typed).
pub fn score_unit_ref(
    rs: &RuleSet,
    unit: &UnitInput,
    ctx: &Context,
    path: &str,
    keep_nodes: bool,
) -> Result<UnitScore> {
    if let Some(e) = blank_id(&unit.id, path) {
        return Err(e);
    }
    let (mut s, rows, li) = score_parts(rs, unit, ctx, path)?;
    s.id.clone_from(&unit.id);
    s.name.clone_from(&unit.name);
    s.group.clone_from(&unit.group);
    s.parent.clone_from(&unit.parent);
    if keep_nodes {
        s.nodes = keep(rs, ctx, li, rows, unit.items.clone());
    }
    Ok(s)
}

/// Everything of a unit's score but what is taken from the unit (`id`, `name`, `group` and
/// `parent` are left empty, `nodes` too), with the rows of its nodes and its level's index.
fn score_parts(
    rs: &RuleSet,
    unit: &UnitInput,
    ctx: &Context,
    path: &str,
) -> Result<(UnitScore, Rows, usize)> {
    score_parts_with(rs, unit, ctx, path, true)
}
