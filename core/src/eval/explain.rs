//! A unit's nodes as scoring keeps them (a compact row per node, with the unit's items and the
//! shared rule set), and each node's explanation rendered from them when asked for, by the same
//! evaluation of its rule that scored it.

use super::leaf::eval_leaf;
use super::Context;
use crate::compile::{CLevel, CNode, RuleSet};
use crate::def::{RuleSetDef, Stage};
use crate::input::Items;
use crate::result::{
    Branch, Cap, Explain, Facts, History, LostReason, NodeScore, NodeStatus, Nodes, PointSource,
};
use crate::rules::normalized::BestValue;
use crate::rules::ItemPath;
use crate::support::decimal as d;
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::sync::Arc;

/// What scoring keeps per node: final points, applicable maximum, status and source. Everything
/// else in a node's explanation follows from these, the rule set and the unit's inputs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Row {
    pub points: Decimal,
    pub max: Decimal,
    pub status: NodeStatus,
    pub source: Option<PointSource>,
}

#[derive(Clone)]
struct Kept {
    def: Arc<RuleSetDef>,
    levels: Arc<[CLevel]>,
    level: usize,
    best: Arc<HashMap<(usize, usize), BestValue>>,
    rows: Rows,
    items: Items,
}

/// The rows of a unit's nodes, in pre-order.
#[derive(Clone)]
pub(super) enum Rows {
    Full(Vec<Row>),
    /// With feature `fast-score`, when nothing is marked not applicable and every node's points
    /// are an `i32` of units of the rule set's scale: the points alone, a ninth of the size. The
    /// rest follows from the group: outside it, status `not_in_group` and maximum 0; a parent is
    /// a sum whose maximum is the group's applicable maximum; a leaf has its own maximum, and its
    /// status and source are those of the evaluation that renders its explanation.
    #[cfg(feature = "fast-score")]
    Small {
        scale: u32,
        maxima: Arc<[Decimal]>,
        applies: Arc<[bool]>,
        units: Vec<i32>,
    },
}

impl Rows {
    fn len(&self) -> usize {
        match self {
            Rows::Full(r) => r.len(),
            #[cfg(feature = "fast-score")]
            Rows::Small { units, .. } => units.len(),
        }
    }

    /// Row `i`, of node `node`, and whether its status and source are known (else the node is a
    /// leaf of the group, whose evaluation gives them).
    #[cfg_attr(not(feature = "fast-score"), allow(unused_variables))]
    fn get(&self, i: usize, node: &CNode) -> (Row, bool) {
        match self {
            Rows::Full(r) => (r[i], true),
            #[cfg(feature = "fast-score")]
            Rows::Small {
                scale,
                maxima,
                applies,
                units,
            } => {
                let (status, max) = if !applies[i] {
                    (NodeStatus::NotInGroup, Decimal::ZERO)
                } else if !node.children.is_empty() {
                    (NodeStatus::Sum, maxima[i])
                } else {
                    (NodeStatus::Scored, node.max)
                };
                let row = Row {
                    points: Decimal::new(units[i].into(), *scale),
                    max,
                    status,
                    source: None,
                };
                (row, status != NodeStatus::Scored)
            }
        }
    }
}

impl Explain for Kept {
    fn len(&self) -> usize {
        self.rows.len()
    }

    fn render(&self, i: usize, next: &mut usize) -> NodeScore {
        Kept::render(self, i, next)
    }

    fn position(&self, code: &str) -> Option<usize> {
        self.levels[self.level].by_code.get(code).copied()
    }

    fn points(&self, i: usize) -> Decimal {
        self.row(i).points
    }

    fn facts_points(&self, i: usize) -> Option<Decimal> {
        let node = &self.levels[self.level].nodes[i];
        let scored = matches!(
            self.row(i).status,
            NodeStatus::Scored | NodeStatus::Missing | NodeStatus::NotRecognised
        );
        if !node.children.is_empty() || !scored {
            return None;
        }
        let item = self.items.get_at(&node.code, &mut 0)?;
        if item.fact_mask() == 0 {
            return None;
        }
        let rounding = &self.def.rounding;
        let path = ItemPath::item("$", &node.code);
        // Scoring evaluated the same facts without a problem (else the unit would be refused).
        let ev = eval_leaf(
            node,
            Some(item),
            self.level,
            i,
            &self.best,
            rounding,
            path,
            false,
        );
        let raw = ev.ok()?.computed?.raw;
        // Rounded at the leaf stage, as are `lo` and `hi` (as scoring holds a leaf's points).
        Some(d::clamp(
            raw.rounded(rounding, &path).ok()?,
            node.lo,
            node.hi,
        ))
    }

    fn boxed(&self) -> Box<dyn Explain> {
        Box::new(self.clone())
    }
}

impl Kept {
    fn row(&self, i: usize) -> Row {
        self.rows.get(i, &self.levels[self.level].nodes[i]).0
    }

    /// The explanation of node `i`; its item is looked for first at `*next`, which becomes the
    /// position after it.
    fn render(&self, i: usize, next: &mut usize) -> NodeScore {
        let level = &self.levels[self.level];
        let node = &level.nodes[i];
        let (row, known) = self.rows.get(i, node);
        let rounding = &self.def.rounding;
        let leaf = node.children.is_empty();
        let mut ns = NodeScore {
            code: node.code.clone(),
            label: node.label.clone(),
            depth: node.depth,
            leaf,
            status: row.status,
            rule: node
                .rule
                .as_ref()
                .map(|r| std::borrow::Cow::Borrowed(r.kind())),
            max_points: row.max,
            min_points: node.min,
            source: row.source,
            facts: None,
            percentage_raw: None,
            percentage: None,
            branch: None,
            raw_points: row.points,
            rounded_points: row.points,
            caps: Vec::new(),
            points: row.points,
            lost: Decimal::ZERO,
            lost_reason: None,
            lost_in: Vec::new(),
            history: None,
            legal_ref: node.legal_ref.clone(),
            provenance: node.source,
            appraiser: node.appraiser.clone(),
        };
        match row.status {
            NodeStatus::NotInGroup | NodeStatus::NotApplicableExcluded => {
                ns.min_points = Decimal::ZERO;
                ns.raw_points = Decimal::ZERO;
                ns.rounded_points = Decimal::ZERO;
            }
            // The maximum as the rule set writes it; only the final points carry the scale.
            NodeStatus::NotApplicableFull => {
                ns.raw_points = row.max;
                ns.rounded_points = row.max;
            }
            NodeStatus::Sum => {
                // Scoring summed the same points without an overflow (else the unit would have
                // been refused): the sum is that of scoring.
                let sum = d::checked_sum(node.children.iter().map(|&c| self.row(c).points))
                    .unwrap_or(row.points);
                ns.raw_points = sum;
                ns.rounded_points = sum;
                ns.caps.extend(cap(sum, node.min.min(row.max), row.max));
                // The children that lost points, named by the parent's explanation.
                if row.points < row.max {
                    ns.lost_in = (node.children.iter())
                        .filter(|&&c| self.row(c).points < self.row(c).max)
                        .map(|&c| level.nodes[c].code.clone())
                        .collect();
                }
            }
            NodeStatus::Scored | NodeStatus::Missing | NodeStatus::NotRecognised => {
                let mut at = *next;
                let item = self.items.get_at(&node.code, &mut at);
                if item.is_some() {
                    // A position among the unit's items: below their number.
                    *next = at.saturating_add(1);
                }
                let path = ItemPath::item("$", &node.code);
                // Scoring succeeded with the same inputs, so evaluating again does too.
                if let Ok(ev) =
                    eval_leaf(node, item, self.level, i, &self.best, rounding, path, true)
                {
                    if !known {
                        (ns.status, ns.source) = (ev.status, ev.source);
                    }
                    if let Some(o) = ev.computed {
                        ns.percentage_raw = o.pct_raw;
                        ns.percentage = o.pct;
                        if ev.source == Some(PointSource::Facts) {
                            ns.branch = o.branch;
                        }
                    }
                    if matches!(
                        ev.source,
                        Some(
                            PointSource::Reappraised
                                | PointSource::Appraised
                                | PointSource::SelfScore
                        )
                    ) {
                        ns.branch = Some(Branch::Entered);
                    }
                    // Rounding succeeded when the unit was scored; the raw quotient (28 digits)
                    // can only fail where the exact rounding did not, and then shows as rounded.
                    if let Ok(rounded) = ev.raw.rounded(rounding, &path) {
                        ns.rounded_points = rounded;
                        ns.raw_points = ev.raw.value(&path).unwrap_or(rounded);
                        ns.caps.extend(cap(rounded, node.min, node.max));
                    }
                }
                if let Some(it) = item {
                    if it.fact_mask() != 0 {
                        ns.facts = Some(Box::new(Facts::of(it)));
                    }
                    let h = History::of(it);
                    if !h.is_empty() {
                        ns.history = Some(Box::new(h));
                    }
                }
            }
        }
        // Values a cap, a floor or an N/A policy put in place come from the rule set as written
        // ("1", "-0.5"); every node's points carry the declared scale like computed ones (S9).
        if rounding.stages.contains(&Stage::Leaf) {
            for c in &mut ns.caps {
                c.limit = rounding.at(Stage::Leaf, c.limit);
                c.before = rounding.at(Stage::Leaf, c.before);
                c.cut = Cap::cut_of(c.limit, c.before);
            }
        }
        // Points are held within the node's bounds, each within ±10^9 in a valid rule set
        // (`ruleset::MAX_POINTS`): the difference cannot overflow (were it to, the maximum shows).
        ns.lost = d::checked_sub(ns.max_points, ns.points).unwrap_or(ns.max_points);
        if ns.lost > Decimal::ZERO {
            ns.lost_reason = Some(if !leaf {
                LostReason::Children
            } else {
                match (ns.status, ns.source) {
                    (NodeStatus::Missing, _) => LostReason::Missing,
                    (NodeStatus::NotRecognised, _) => LostReason::NoEvidence,
                    (_, Some(PointSource::Appraised | PointSource::Reappraised)) => {
                        LostReason::Appraisal
                    }
                    (_, Some(PointSource::SelfScore)) => LostReason::SelfScore,
                    _ => LostReason::Rule,
                }
            });
        }
        ns
    }
}

/// The nodes of a unit scored, kept to render their explanations.
pub(super) fn keep(rs: &RuleSet, ctx: &Context, level: usize, rows: Rows, items: Items) -> Nodes {
    let (def, levels) = rs.shared();
    Nodes::kept(Box::new(Kept {
        def,
        levels,
        level,
        best: ctx.best.clone(),
        rows,
        items,
    }))
}

/// The cap or floor that changes `v`, if any.
pub(super) fn cap(v: Decimal, lo: Decimal, hi: Decimal) -> Option<Cap> {
    let c = d::clamp(v, lo, hi);
    (c != v).then(|| Cap::new(if v > hi { "max" } else { "min" }, c, v))
}
