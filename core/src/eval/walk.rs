//! The walk over a unit's nodes: each leaf scored from its item (on integers where the integer
//! lane of feature `fast-score` takes it, else by its rule), each parent the sum of its children
//! held within its bounds, nodes outside the unit's group or marked not applicable as their policy
//! says. Children follow their parent in pre-order, so the walk goes backwards: a parent's children
//! are scored when it is reached.

use super::explain::Row;
#[cfg(feature = "fast-score")]
use super::leaf::quick_got;
use super::leaf::{eval_leaf, quick_points};
use crate::compile::CLevel;
use crate::def::{NotApplicable, Rounding, Stage};
use crate::error::{issue, Error, Issue, Result};
use crate::input::ItemInput;
use crate::result::{NodeStatus, PointSource};
use crate::rules::normalized::outlier_warning;
use crate::rules::{Bests, ItemPath};
use crate::support::decimal as d;
use rust_decimal::Decimal;

/// What the walk over a unit's nodes reads.
pub(super) struct Walk<'a, 'u> {
    pub level: &'a CLevel,
    /// The level's index.
    pub li: usize,
    /// Which nodes apply to the unit's group.
    pub applies: &'a [bool],
    /// The unit's item of each node, if any.
    pub slots: &'a [Option<&'u ItemInput>],
    /// The not-applicable policy of each node marked (or under a node marked).
    pub na: &'a [Option<NotApplicable>],
    pub best: &'a Bests,
    pub rounding: &'a Rounding,
    /// The unit's JSON path.
    pub path: &'a str,
    /// The unit's group.
    pub group: &'a str,
    /// Whether anything is marked not applicable: parents then collect their children's maxima.
    pub any_na: bool,
    /// The bounds of each parent's sum on integers, when nodes' integer points are kept.
    pub bounds: Option<&'a Vec<(i64, i64)>>,
    /// The same, when the integer lane is taken.
    #[cfg(feature = "fast-score")]
    pub lane: Option<&'a Vec<(i64, i64)>>,
}

/// Scores every node of the unit into `rows` (and `units`, the integer points, when kept).
#[inline(always)]
pub(super) fn score_nodes(
    walk: &Walk<'_, '_>,
    rows: &mut [Row],
    units: &mut [i64],
    issues: &mut Vec<Issue>,
    warnings: &mut Vec<Issue>,
) -> Result<()> {
    let Walk {
        level,
        li,
        applies,
        slots,
        na,
        best,
        rounding,
        path,
        group: group_id,
        any_na,
        bounds,
        ..
    } = *walk;
    #[cfg(feature = "fast-score")]
    let lane = walk.lane;
    let n = level.nodes.len();
    let leaf_stage = rounding.stages.contains(&Stage::Leaf);
    for i in (0..n).rev() {
        let node = &level.nodes[i];
        #[cfg(feature = "fast-score")]
        if let (Some(b), true) = (lane, applies[i]) {
            let u = match slots[i] {
                Some(it) if node.children.is_empty() => {
                    quick_got(node, Some(it), rounding).and_then(|g| g.units(rounding.scale))
                }
                None if !node.children.is_empty() => {
                    child_sum(&node.children, units).map(|sum| hold(sum, b[i]))
                }
                _ => None,
            };
            if let Some(u) = u {
                units[i] = u;
                continue;
            }
        }
        let ipath = ItemPath::item(path, &node.code);
        let item = slots[i];
        let leaf = node.children.is_empty();
        if let (false, Some(it)) = (leaf, item) {
            // A parent may only carry an N/A flag.
            if !it.only_not_applicable() {
                issues.push(issue!("input.parent_item", ipath.path(), code = node.code));
            }
        }
        let row = &mut rows[i];
        // A capped parent's maximum, when its children's were collected on the way: the lower.
        if node.capped && any_na {
            row.max = row.max.min(node.max);
        }
        // Whether the points already carry the leaf stage's rounding.
        let mut scaled = false;
        if !applies[i] {
            row.status = NodeStatus::NotInGroup;
            row.points = Decimal::ZERO;
            row.max = Decimal::ZERO;
            if item.is_some() {
                warnings.push(issue!(
                    "input.item_not_in_group",
                    ipath.path(),
                    code = node.code,
                    group = group_id
                ));
            }
        } else if let Some(policy) = na[i] {
            match policy {
                NotApplicable::FullPoints => {
                    row.status = NodeStatus::NotApplicableFull;
                    row.points = if leaf { node.max } else { row.max };
                    row.max = row.points;
                }
                NotApplicable::ReduceMax => {
                    row.status = NodeStatus::NotApplicableExcluded;
                    row.points = Decimal::ZERO;
                    row.max = Decimal::ZERO;
                }
            }
        } else if let Some(v) = quick_points(node, item, rounding) {
            // Points from the facts, as the general evaluation below gives them.
            row.status = NodeStatus::Scored;
            row.source = Some(PointSource::Facts);
            row.max = node.max;
            row.points = v;
            scaled = true;
        } else if leaf {
            match eval_leaf(node, item, li, i, best, rounding, ipath, false) {
                Ok(ev) => {
                    if ev.status == NodeStatus::Missing {
                        warnings.push(issue!("input.missing_item", ipath.path(), code = node.code));
                    }
                    if let Some(w) = outlier_warning(
                        node.rule.as_ref(),
                        &node.code,
                        item,
                        best.get(&(li, i)),
                        ipath,
                    ) {
                        warnings.push(w);
                    }
                    row.status = ev.status;
                    row.source = ev.source;
                    row.max = node.max;
                    match ev.raw.rounded(rounding, &ipath) {
                        Ok(v) => {
                            row.points = d::clamp(v, node.lo, node.hi);
                            // Rounded at the leaf stage, and so are `lo` and `hi`.
                            scaled = true;
                        }
                        Err(e) => issues.extend(e.issues().iter().cloned()),
                    }
                }
                Err(e) => issues.extend(e.issues().iter().cloned()),
            }
        } else {
            let sum = bounds.and_then(|_| child_sum(&node.children, units));
            match (sum, bounds) {
                (Some(sum), Some(b)) => {
                    let v = hold(sum, b[i]);
                    units[i] = v;
                    rows[i].points = Decimal::new(v, rounding.scale);
                    scaled = true;
                }
                // The children's points summed as the walk meets them (last child first).
                _ => {
                    let sum = (node.children.iter().rev()).try_fold(Decimal::ZERO, |sum, &c| {
                        d::checked_add(sum, points(rows, units, rounding.scale, c))
                    });
                    let sum = sum.ok_or_else(|| Error::arithmetic(ipath.path()))?;
                    let row = &mut rows[i];
                    row.points = d::clamp(sum, node.min.min(row.max), row.max);
                }
            }
        }
        let row = &mut rows[i];
        // Values a cap, a floor or an N/A policy put in place come from the rule set as written
        // ("1", "-0.5"); every node's points carry the declared scale like computed ones (S9).
        if leaf_stage && !scaled {
            row.points = rounding.at(Stage::Leaf, row.points);
        }
        #[cfg(feature = "fast-score")]
        if bounds.is_some() && units[i] == NONE {
            units[i] = d::units(row.points, rounding.scale).unwrap_or(NONE);
        }
        let max = row.max;
        if let (Some(p), true) = (node.parent, any_na) {
            let parent = ItemPath::item(path, &level.nodes[p].code);
            rows[p].max = d::add(rows[p].max, max, &parent)?;
        }
    }
    Ok(())
}

/// Working vectors of a unit's scoring, kept for the next unit scored on the thread: the rows
/// alone are a few kilobytes, which the allocator would otherwise hand out and take back for
/// every unit.
#[derive(Default)]
pub(super) struct Scratch {
    pub rows: Vec<Row>,
    pub units: Vec<i64>,
    pub na: Vec<Option<NotApplicable>>,
}

thread_local! {
    pub(super) static SCRATCH: std::cell::Cell<Scratch> = std::cell::Cell::new(Scratch::default());
}

/// A node without integer points, in the column of integer points (`units`) of a unit.
pub(super) const NONE: i64 = i64::MIN;

/// The sum of the children's integer points, when every child has them and it does not
/// overflow.
fn child_sum(children: &[usize], units: &[i64]) -> Option<i64> {
    (children.iter()).try_fold(0i64, |sum, &c| match units[c] {
        NONE => None,
        u => sum.checked_add(u),
    })
}

/// `sum` held within `(lo, hi)`, a parent's bounds in scale units.
fn hold(sum: i64, (lo, hi): (i64, i64)) -> i64 {
    if sum < lo {
        lo
    } else if sum > hi {
        hi
    } else {
        sum
    }
}

/// Node `i`'s points: its integer points when it has them (`units` is empty when they are not
/// kept), else its row's. The same decimal either way: integer points carry the scale exactly.
pub(super) fn points(rows: &[Row], units: &[i64], scale: u32, i: usize) -> Decimal {
    match units.get(i) {
        Some(&u) if u != NONE => Decimal::new(u, scale),
        _ => rows[i].points,
    }
}
