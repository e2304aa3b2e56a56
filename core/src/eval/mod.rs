//! Scoring: facts and points per unit → points per node (with explanations) → components → index.
//!
//! Arithmetic here is checked (the lint below refuses an unchecked operator): an overflow is the
//! error `arithmetic.overflow` with the path of the fact or node it came from, never a panic.

#![deny(clippy::arithmetic_side_effects)]

use crate::decimal::{self as d, multiple, show};
use crate::error::{key_path, Error, Issue, Result};
use crate::input::{ComponentInput, ItemInput, Items, UnitInput};
use crate::model::*;
use crate::ruleset::{CLevel, CNode, RuleSet};
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::sync::Arc;

use crate::compile::{code_prefix, code_tail_cmp};
pub use crate::result::*;
use crate::rules::normalized::outlier_warning;
pub use crate::rules::normalized::{BestValue, DEFAULT_OUTLIER_FACTOR};
use crate::rules::{in_band, Ev, ItemPath, LeafOut, Raw};

/// Batch-wide values some rules need (C5: the best value of each normalised leaf per level).
#[derive(Debug, Clone, Default)]
pub struct Context {
    /// (level index, node index) → best value. Shared with the results, which render their
    /// explanations from it.
    pub best: Arc<HashMap<(usize, usize), BestValue>>,
}

impl Context {
    /// Collect the best value of every normalised leaf over the given units, each taken to be
    /// scored: a value counts when the unit's own score takes it (the leaf applies to its group
    /// and is not marked not applicable; the rule accepts the value). A batch gathers it from the
    /// units it scores only, after its refusals ([`crate::batch`]).
    pub fn from_units<'a>(rs: &RuleSet, units: impl Iterator<Item = &'a UnitInput>) -> Context {
        let mut best = Best::new(rs);
        units.enumerate().for_each(|(i, u)| best.add(u, i));
        best.context()
    }
}

/// A unit giving a normalised leaf's value: the value, the unit's position among the units
/// gathered and its id.
#[derive(Debug, Clone)]
pub(crate) struct Holder {
    pub value: Decimal,
    pub unit: usize,
    pub id: Arc<str>,
}

/// The two highest values of a normalised leaf (the first given of equal ones first).
#[derive(Debug, Clone, Default)]
pub(crate) struct Top {
    pub first: Option<Holder>,
    pub second: Option<Holder>,
}

impl Top {
    /// Takes unit `unit`'s value, if it is among the two highest so far (`id` is asked for then).
    pub(crate) fn offer<'a>(&mut self, value: Decimal, unit: usize, id: impl FnOnce() -> &'a str) {
        let above = |h: &Option<Holder>| h.as_ref().is_none_or(|h| value > h.value);
        if above(&self.first) {
            let h = Holder {
                value,
                unit,
                id: id().into(),
            };
            self.second = self.first.replace(h);
        } else if above(&self.second) {
            self.second = Some(Holder {
                value,
                unit,
                id: id().into(),
            });
        }
    }
}

/// A [`Context`] gathered one unit at a time (a batch gathers it in the pass that also checks
/// its units' ids).
pub(crate) struct Best<'r> {
    rs: &'r RuleSet,
    /// For each group (by position): its level and the normalised leaves that apply to the group,
    /// each with where the group's last unit had its item (the place looked at first in the next
    /// unit of the group). `None` for a group without any.
    groups: Vec<Option<(usize, Vec<Leaf>)>>,
    /// Whether the rule set has normalised leaves (else nothing is gathered).
    any: bool,
    top: HashMap<(usize, usize), Top>,
}

/// A normalised leaf of a group: its node, where the group's last unit had its item, and its
/// ancestors that apply to the group and may be marked not applicable (a mark on another is
/// refused).
struct Leaf {
    node: usize,
    at: usize,
    ancestors: Vec<usize>,
}

impl<'r> Best<'r> {
    pub(crate) fn new(rs: &'r RuleSet) -> Self {
        let groups: Vec<_> = (rs.def().groups.iter().enumerate())
            .map(|(gi, g)| {
                let (li, level) = rs.level(&g.level)?;
                let applies = &level.tables.get(gi)?.as_ref()?.applies;
                let leaves: Vec<Leaf> = (level.nodes.iter().enumerate())
                    .filter(|&(ni, n)| {
                        applies[ni] && matches!(n.rule, Some(Rule::Normalized { .. }))
                    })
                    .map(|(ni, n)| {
                        let mut ancestors = Vec::new();
                        let mut up = n.parent;
                        while let Some(a) = up {
                            if applies[a] && level.nodes[a].not_applicable.is_some() {
                                ancestors.push(a);
                            }
                            up = level.nodes[a].parent;
                        }
                        Leaf {
                            node: ni,
                            at: 0,
                            ancestors,
                        }
                    })
                    .collect();
                (!leaves.is_empty()).then_some((li, leaves))
            })
            .collect();
        Best {
            rs,
            any: groups.iter().any(Option::is_some),
            groups,
            top: HashMap::new(),
        }
    }

    /// Calls `f` with each normalised leaf (level and node index) whose value `u` gives and its
    /// own score takes, with the value: the leaf applies to the unit's group, neither it nor an
    /// ancestor is marked not applicable, and the rule accepts the value (not negative, not
    /// above `max_value`; the unit is refused otherwise). A value the unit's score ignores or
    /// refuses sets no other unit's best.
    pub(crate) fn values(&mut self, u: &UnitInput, f: impl FnMut((usize, usize), Decimal)) {
        Self::values_of(self.rs, &mut self.groups, u, f);
    }

    /// [`Best::values`], borrowing only what it reads.
    fn values_of(
        rs: &RuleSet,
        groups: &mut [Option<(usize, Vec<Leaf>)>],
        u: &UnitInput,
        mut f: impl FnMut((usize, usize), Decimal),
    ) {
        let Some((gi, _)) = rs.group_at(&u.group) else {
            return;
        };
        let Some((li, leaves)) = &mut groups[gi] else {
            return;
        };
        let level = &rs.levels()[*li];
        for leaf in leaves.iter_mut() {
            let node = &level.nodes[leaf.node];
            let Some(it) = u.items.get_at(&node.code, &mut leaf.at) else {
                continue;
            };
            let Some(v) = it.value() else { continue };
            let max = match &node.rule {
                Some(Rule::Normalized { max_value, .. }) => *max_value,
                _ => None,
            };
            if v < Decimal::ZERO || max.is_some_and(|m| v > m) || it.is_not_applicable() {
                continue;
            }
            let flagged = |&a: &usize| {
                (u.items.get(&level.nodes[a].code)).is_some_and(ItemInput::is_not_applicable)
            };
            if !leaf.ancestors.iter().any(flagged) {
                f((*li, leaf.node), v);
            }
        }
    }

    /// Takes the values of `u`, the unit at position `unit` among those gathered.
    pub(crate) fn add(&mut self, u: &UnitInput, unit: usize) {
        if !self.any {
            return;
        }
        let top = &mut self.top;
        Self::values_of(self.rs, &mut self.groups, u, |key, v| {
            top.entry(key).or_default().offer(v, unit, || &u.id);
        });
    }

    /// The two highest values of each normalised leaf that has any.
    pub(crate) fn tops(&self) -> &HashMap<(usize, usize), Top> {
        &self.top
    }

    /// Replaces the two highest values of every leaf (found otherwise).
    pub(crate) fn reset(&mut self, top: HashMap<(usize, usize), Top>) {
        self.top = top;
    }

    /// The context of the values gathered.
    pub(crate) fn context(&self) -> Context {
        let best = (self.top.iter())
            .filter_map(|(&(li, ni), t)| {
                let first = t.first.as_ref()?;
                let next = t.second.as_ref().map(|h| h.value);
                let factor = match &self.rs.levels()[li].nodes[ni].rule {
                    Some(Rule::Normalized { outlier_factor, .. }) => *outlier_factor,
                    _ => None,
                }
                .unwrap_or(DEFAULT_OUTLIER_FACTOR);
                // A product beyond the decimal range is above every value.
                let outlier = (next.filter(|n| *n > Decimal::ZERO))
                    .and_then(|n| factor.checked_mul(n))
                    .is_some_and(|limit| first.value > limit);
                Some((
                    (li, ni),
                    BestValue {
                        value: first.value,
                        unit: first.id.clone(),
                        next,
                        outlier: outlier.then_some(factor),
                    },
                ))
            })
            .collect();
        Context {
            best: Arc::new(best),
        }
    }
}

/// What scoring keeps per node: final points, applicable maximum, status and source. Everything
/// else in a node's explanation follows from these, the rule set and the unit's inputs.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Row {
    points: Decimal,
    max: Decimal,
    status: NodeStatus,
    source: Option<PointSource>,
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
enum Rows {
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

/// A leaf's points from its rule prepared for items scored from their facts (feature
/// `fast-score`), or `None` for the general evaluation.
#[inline]
fn quick_points(node: &CNode, item: Option<&ItemInput>, rounding: &Rounding) -> Option<Decimal> {
    #[cfg(feature = "fast-score")]
    {
        quick_got(node, item, rounding)?.decimal(rounding.scale)
    }
    #[cfg(not(feature = "fast-score"))]
    {
        let _ = (node, item, rounding);
        None
    }
}

/// What [`quick_points`] takes the points from.
#[cfg(feature = "fast-score")]
#[inline]
fn quick_got<'q>(
    node: &'q CNode,
    item: Option<&ItemInput>,
    rounding: &Rounding,
) -> Option<crate::quick::Got<'q>> {
    let it = item?;
    // S7: facts win over a self score given with them; the self score must still be within the
    // leaf's range and on its step, or the general evaluation reports it.
    if let Some(v) = it.self_score() {
        let off_step = |s: &Decimal| !multiple(v, *s);
        let step = matches!(&node.rule, Some(Rule::Manual { step: Some(s) }) if off_step(s));
        if v < node.min || v > node.max || step {
            return None;
        }
    }
    node.quick.got(it, rounding)
}

/// The cap or floor that changes `v`, if any.
fn cap(v: Decimal, lo: Decimal, hi: Decimal) -> Option<Cap> {
    let c = d::clamp(v, lo, hi);
    (c != v).then(|| Cap {
        kind: if v > hi { "max" } else { "min" }.into(),
        limit: c,
        before: v,
    })
}

/// A unit's id, given and not blank; else the problem, at `path`'s `id`.
pub(crate) fn blank_id(id: &str, path: &str) -> Option<Error> {
    id.trim().is_empty().then(|| {
        Error::input(
            "input.blank_id",
            format!("{path}.id"),
            "a unit's id cannot be empty or only spaces",
        )
    })
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

/// The nodes of a unit scored, kept to render their explanations.
fn keep(rs: &RuleSet, ctx: &Context, level: usize, rows: Rows, items: Items) -> Nodes {
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

/// [`score_parts`], with or without the integer lane (`lane`; feature `fast-score`).
fn score_parts_with(
    rs: &RuleSet,
    unit: &UnitInput,
    ctx: &Context,
    path: &str,
    lane: bool,
) -> Result<(UnitScore, Rows, usize)> {
    let def = rs.def();
    let Some((gi, group)) = rs.group_at(&unit.group) else {
        return Err(Error::input(
            "input.unknown_group",
            format!("{path}.group"),
            format!(
                "unknown group `{}`; rule set `{}` has groups: {}",
                unit.group,
                def.id,
                def.groups
                    .iter()
                    .map(|g| g.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ));
    };
    let Some(((li, level), tables)) = rs
        .level(&group.level)
        .and_then(|(li, l)| Some(((li, l), l.tables.get(gi)?.as_ref()?)))
    else {
        return Err(Error::input(
            "input.unknown_level",
            format!("{path}.group"),
            "the group's level is missing",
        ));
    };
    let ldef = &def.levels[li];
    let applies = &tables.applies;
    let mut issues: Vec<Issue> = Vec::new();
    let mut warnings: Vec<Issue> = Vec::new();
    let UnitInput {
        id: _,
        name: _,
        group: group_id,
        block,
        parent,
        items,
        components: comp_inputs,
        bonus,
        penalty,
        synthetic: _,
    } = unit;
    // A blank parent is no parent.
    let no_parent = parent.as_deref().is_none_or(|p| p.trim().is_empty());
    if ldef.block_by == BlockBy::Parent && no_parent && block.is_none() {
        issues.push(Issue::new(
            "input.missing_parent",
            format!("{path}.parent"),
            format!(
                "units of level `{}` are ranked within their parent unit; give `parent`",
                level.id
            ),
        ));
    }

    // Items by node index. Items and `code_order` are both sorted by code: one merge, no lookups.
    let n = level.nodes.len();
    // (On the stack for a level of up to 128 nodes: the slots live only while the unit is scored.)
    const ON_STACK: usize = 128;
    let mut on_stack = [None; ON_STACK];
    let mut on_heap = Vec::new();
    let slots: &mut [Option<&ItemInput>] = if n <= ON_STACK {
        &mut on_stack[..n]
    } else {
        on_heap.resize(n, None);
        &mut on_heap
    };
    // Codes are compared by their first eight bytes as one integer, and only then (rarely: codes
    // are short) by the rest.
    let mut order = level.code_order.iter().peekable();
    // Whether any item is marked not applicable (else the N/A pass has nothing to do).
    let mut flagged = false;
    for (code, item) in items {
        let key = code_prefix(code);
        let mut found = None;
        while let Some(&&(prefix, ref c, ni)) = order.peek() {
            match prefix.cmp(&key).then_with(|| code_tail_cmp(c, code)) {
                std::cmp::Ordering::Less => {
                    order.next();
                }
                std::cmp::Ordering::Equal => {
                    found = Some(ni);
                    break;
                }
                std::cmp::Ordering::Greater => break,
            }
        }
        match found {
            Some(ni) => {
                flagged |= item.is_not_applicable();
                slots[ni] = Some(item);
            }
            None => issues.push(Issue::new(
                "input.unknown_code",
                key_path(&format!("{path}.items"), code),
                format!("level `{}` has no criterion `{code}`", level.id),
            )),
        }
    }

    // N/A flags are inherited by descendants: forward pass, when any item is marked.
    let Scratch {
        mut rows,
        mut units,
        mut na,
    } = SCRATCH.take();
    na.clear();
    na.resize(n, None);
    if flagged {
        for (i, node) in level.nodes.iter().enumerate() {
            if let Some(p) = node.parent {
                if na[p].is_some() {
                    na[i] = na[p];
                    continue;
                }
            }
            if let Some(item) = slots[i] {
                if item.is_not_applicable() && applies[i] {
                    match node.not_applicable {
                        Some(policy) => na[i] = Some(policy),
                        None => issues.push(Issue::new(
                            "input.not_applicable_not_allowed",
                            key_path(&format!("{path}.items"), &node.code),
                            format!("criterion `{}` cannot be marked not applicable", node.code),
                        )),
                    }
                }
            }
        }
    }

    let rounding = &def.rounding;
    let leaf_stage = rounding.stages.contains(&Stage::Leaf);
    // Children follow their parent in pre-order, so the walk goes backwards: a parent's children
    // are scored when it is reached. When something is marked not applicable, a parent's row
    // collects its children's maxima on the way; otherwise the group's maxima are known in
    // advance.
    let any_na = flagged && na.iter().any(Option::is_some);
    let maxima = (!any_na).then_some(&tables.maxima);
    // With feature `fast-score`, when the leaf stage rounds and nothing is marked not
    // applicable, every node's points are also kept as an integer of the rule set's scale where
    // they are one (`NONE` where not): a parent whose children all have one sums them and holds
    // the sum within its bounds on integers. That gives the decimal that summing, holding and
    // rounding does: each child carries the scale exactly, and rounding is monotone and keeps
    // every value of the scale.
    #[cfg(feature = "fast-score")]
    let bounds = maxima.and(tables.bounds.as_ref());
    #[cfg(not(feature = "fast-score"))]
    let bounds: Option<&Vec<(i64, i64)>> = None;
    units.clear();
    units.resize(if bounds.is_some() { n } else { 0 }, NONE);
    rows.clear();
    rows.extend((0..n).map(|i| Row {
        points: Decimal::ZERO,
        max: maxima.map_or(Decimal::ZERO, |m| m[i]),
        status: NodeStatus::Sum,
        source: None,
    }));
    // The integer lane: a leaf whose facts give its points on integers, and a parent without an
    // item whose children all have integer points, are scored without their row, which stays as
    // made above (the group's maximum, no status). What reads rows below reads such a node's
    // points from `units` (`points`); kept rows are then integers, or everything is scored again
    // without the lane (`Rows::Full` needs every row).
    #[cfg(feature = "fast-score")]
    let lane = lane.then_some(bounds).flatten();
    #[cfg(not(feature = "fast-score"))]
    let _ = lane;
    for i in (0..n).rev() {
        let node = &level.nodes[i];
        #[cfg(feature = "fast-score")]
        if let (Some(b), true) = (lane, applies[i]) {
            let u = match slots[i] {
                Some(it) if node.children.is_empty() => {
                    quick_got(node, Some(it), rounding).and_then(|g| g.units(rounding.scale))
                }
                None if !node.children.is_empty() => {
                    child_sum(&node.children, &units).map(|sum| hold(sum, b[i]))
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
                issues.push(Issue::new(
                    "input.parent_item",
                    ipath.path(),
                    format!(
                        "`{}` is scored as the sum of its children; only `not_applicable` may be given for it",
                        node.code
                    ),
                ));
            }
        }
        let row = &mut rows[i];
        // Whether the points already carry the leaf stage's rounding.
        let mut scaled = false;
        if !applies[i] {
            row.status = NodeStatus::NotInGroup;
            row.points = Decimal::ZERO;
            row.max = Decimal::ZERO;
            if item.is_some() {
                warnings.push(Issue::new(
                    "input.item_not_in_group",
                    ipath.path(),
                    format!(
                        "criterion `{}` does not apply to group `{}`; the value is ignored",
                        node.code, group_id
                    ),
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
            match eval_leaf(node, item, li, i, &ctx.best, rounding, ipath, false) {
                Ok(ev) => {
                    if ev.status == NodeStatus::Missing {
                        warnings.push(Issue::new(
                            "input.missing_item",
                            ipath.path(),
                            format!("no facts or points for `{}`: 0 points", node.code),
                        ));
                    }
                    if let Some(w) = outlier_warning(
                        node.rule.as_ref(),
                        &node.code,
                        item,
                        ctx.best.get(&(li, i)),
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
            let sum = bounds.and_then(|_| child_sum(&node.children, &units));
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
                        d::checked_add(sum, points(&rows, &units, rounding.scale, c))
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

    // Components.
    let mut rubric_points = Decimal::ZERO;
    let mut rubric_max = Decimal::ZERO;
    let mut fields = Vec::with_capacity(level.fields.len());
    for &fi in &level.fields {
        let (row, node) = (&rows[fi], &level.nodes[fi]);
        let row_points = points(&rows, &units, rounding.scale, fi);
        let fpath = ItemPath::item(path, &node.code);
        rubric_points = d::add(rubric_points, row_points, &fpath)?;
        rubric_max = d::add(rubric_max, row.max, &fpath)?;
        let sub_index = if row.max > Decimal::ZERO {
            Some(sub_index(
                row_points,
                row.max,
                rounding,
                &ItemPath::item(path, &node.code),
            )?)
        } else {
            None
        };
        fields.push(FieldScore {
            code: node.code.clone(),
            label: node.label.clone(),
            points: row_points,
            max_points: row.max,
            sub_index,
        });
    }
    let mut components = Vec::with_capacity(ldef.components.len());
    for (c, cid) in ldef.components.iter().zip(&level.component_ids) {
        let cpath = ItemPath {
            unit: path,
            list: "components",
            code: &c.id,
        };
        let cmax = c
            .group_max
            .get(group_id)
            .copied()
            .or(c.max_points)
            .unwrap_or_default();
        let given = comp_inputs.get(&c.id);
        let cs = match c.kind {
            ComponentKind::Rubric => {
                if given.is_some() {
                    issues.push(Issue::new(
                        "input.rubric_component",
                        cpath.path(),
                        "the rubric component is the sum of the criteria; it cannot be given",
                    ));
                }
                ComponentScore {
                    id: cid.clone(),
                    kind: c.kind,
                    max_points: rubric_max,
                    percentage: None,
                    raw_points: rubric_points,
                    points: rounding.at(Stage::Component, rubric_points),
                    missing: false,
                }
            }
            ComponentKind::External => {
                let (pts, missing) = match given {
                    Some(&ComponentInput::Points { points }) => {
                        if points < Decimal::ZERO || points > cmax {
                            issues.push(Issue::new(
                                "input.points_out_of_range",
                                format!("{cpath}.points"),
                                format!(
                                    "{} points are outside 0–{} for component `{}`",
                                    show(points),
                                    show(cmax),
                                    c.id
                                ),
                            ));
                        }
                        (points, false)
                    }
                    Some(ComponentInput::Percentage { .. }) => {
                        issues.push(Issue::new(
                            "input.component_kind",
                            cpath.path(),
                            format!("component `{}` takes `points`, not a percentage", c.id),
                        ));
                        (Decimal::ZERO, false)
                    }
                    None => (Decimal::ZERO, true),
                };
                ComponentScore {
                    id: cid.clone(),
                    kind: c.kind,
                    max_points: cmax,
                    percentage: None,
                    raw_points: pts,
                    points: rounding.at(Stage::Component, pts),
                    missing,
                }
            }
            ComponentKind::Survey => {
                let (pct, missing) = match given {
                    Some(&ComponentInput::Percentage { percentage }) => {
                        if percentage < Decimal::ZERO || percentage > Decimal::ONE_HUNDRED {
                            issues.push(Issue::new(
                                "input.percentage_out_of_range",
                                format!("{cpath}.percentage"),
                                format!(
                                    "{} is not a percentage between 0 and 100",
                                    show(percentage)
                                ),
                            ));
                        }
                        (Some(percentage), false)
                    }
                    Some(ComponentInput::Points { .. }) => {
                        issues.push(Issue::new(
                            "input.component_kind",
                            cpath.path(),
                            format!("survey component `{}` takes a `percentage` (S9: percentage first, then points)", c.id),
                        ));
                        (None, false)
                    }
                    None => (None, true),
                };
                let raw = match pct {
                    Some(p) => d::div(d::mul(p, cmax, &cpath)?, Decimal::ONE_HUNDRED, &cpath)?,
                    None => Decimal::ZERO,
                };
                ComponentScore {
                    id: cid.clone(),
                    kind: c.kind,
                    max_points: cmax,
                    percentage: pct,
                    raw_points: raw,
                    points: rounding.at(Stage::Component, raw),
                    missing,
                }
            }
        };
        if cs.missing {
            warnings.push(Issue::new(
                "input.missing_component",
                key_path(&format!("{path}.components"), &c.id),
                format!("no value for component `{}`: 0 points", c.id),
            ));
        }
        components.push(cs);
    }
    for cid in comp_inputs
        .keys()
        .filter(|k| !ldef.components.iter().any(|c| c.id == **k))
    {
        issues.push(Issue::new(
            "input.unknown_component",
            key_path(&format!("{path}.components"), cid),
            format!("level `{}` has no component `{cid}`", level.id),
        ));
    }

    // Bonus and penalty (C13).
    let mut caps = Vec::new();
    let mut adj = |entries: &[crate::input::AdjustmentInput],
                   policy: &Option<AdjustmentPolicy>,
                   side: &str|
     -> Decimal {
        if entries.is_empty() {
            return Decimal::ZERO;
        }
        let Some(policy) = policy else {
            issues.push(Issue::new(
                &format!("input.{side}_not_allowed"),
                format!("{path}.{side}"),
                format!("the rule set allows no {side} points"),
            ));
            return Decimal::ZERO;
        };
        let mut sum = Decimal::ZERO;
        for (k, e) in entries.iter().enumerate() {
            if e.points < Decimal::ZERO {
                issues.push(Issue::new(
                    "input.negative_adjustment",
                    format!("{path}.{side}[{k}].points"),
                    format!("{side} points are given as a positive number"),
                ));
            }
            match d::checked_add(sum, e.points) {
                Some(s) => sum = s,
                None => {
                    issues.push(crate::error::overflow_of(
                        format!("{path}.{side}[{k}].points"),
                        format_args!("the sum of the {side} entries"),
                    ));
                    return Decimal::ZERO;
                }
            }
        }
        if sum > policy.cap {
            caps.push(Cap {
                kind: format!("{side}_cap"),
                limit: policy.cap,
                before: sum,
            });
            policy.cap
        } else {
            sum
        }
    };
    let bonus_pts = rounding.at(
        Stage::Component,
        adj(bonus, &def.adjustments.bonus, "bonus"),
    );
    let penalty_pts = rounding.at(
        Stage::Component,
        adj(penalty, &def.adjustments.penalty, "penalty"),
    );

    if !issues.is_empty() {
        return Err(Error::from_issues(issues));
    }

    // Within a valid rule set's bounds (`ruleset::MAX_POINTS`), and with bonus and penalty
    // capped by it, neither sum can overflow; checked all the same.
    let max_points = d::checked_sum(components.iter().map(|c| c.max_points))
        .ok_or_else(|| Error::arithmetic(format!("{path}.components")))?;
    let sum = d::checked_sum(components.iter().map(|c| c.points))
        .and_then(|sum| d::checked_sub(d::checked_add(sum, bonus_pts)?, penalty_pts))
        .ok_or_else(|| Error::arithmetic(path))?;
    let total = rounding.at(Stage::Component, d::clamp(sum, Decimal::ZERO, max_points));
    if total != sum {
        caps.push(Cap {
            kind: if sum > max_points {
                "total_max"
            } else {
                "total_min"
            }
            .into(),
            limit: total,
            before: sum,
        });
    }
    let index_raw = if max_points > Decimal::ZERO {
        d::percent(total, max_points, path)?
    } else {
        Decimal::ZERO
    };
    let index = rounding.at(Stage::Index, index_raw);
    let (band, band_label) = def
        .bands
        .iter()
        .position(|b| in_band(index, b.min, b.min_inclusive, b.max, b.max_inclusive))
        .map(|b| rs.band_names()[b].clone())
        .ok_or_else(|| {
            Error::input(
                "input.no_band",
                path,
                format!("no classification band covers {index}"),
            )
        })?;
    let block = match (block, ldef.block_by) {
        (Some(b), _) => b.clone(),
        (None, BlockBy::Level) => level.id.to_string(),
        (None, BlockBy::Group) => group_id.clone(),
        (None, BlockBy::Parent) => {
            format!("{}/{}", level.id, parent.as_deref().unwrap_or_default())
        }
    };
    let score = UnitScore {
        id: String::new(),
        name: String::new(),
        level: level.id.clone(),
        block,
        parent: None,
        form: group.form.clone(),
        declared_max: group.max_points,
        rubric_max,
        rubric_points,
        components,
        bonus: bonus_pts,
        penalty: penalty_pts,
        total,
        max_points,
        caps,
        index,
        index_raw,
        band,
        band_label,
        fields,
        warnings,
        nodes: Nodes::default(),
        group: String::new(),
    };
    #[cfg(feature = "fast-score")]
    if let Some(maxima) = maxima.filter(|_| bounds.is_some()) {
        // Checked first, then converted at once (`Option<Vec<_>>`'s `collect` would grow the
        // vector from nothing, and pushing checks its capacity for each node).
        let fits = |u: &i64| i32::try_from(*u).is_ok();
        if units.iter().all(fits) {
            let small = units.iter().map(|&u| u as i32).collect(); // Each fits, as checked.
            SCRATCH.set(Scratch { rows, units, na });
            let units = small;
            let rows = Rows::Small {
                scale: rounding.scale,
                maxima: maxima.clone(),
                applies: applies.clone(),
                units,
            };
            return Ok((score, rows, li));
        }
        if lane.is_some() {
            return score_parts_with(rs, unit, ctx, path, false);
        }
    }
    // The rows are kept with the result, at their size; the other vectors serve the next unit.
    rows.shrink_to_fit();
    SCRATCH.set(Scratch {
        rows: Vec::new(),
        units,
        na,
    });
    Ok((score, Rows::Full(rows), li))
}

/// Working vectors of a unit's scoring, kept for the next unit scored on the thread: the rows
/// alone are a few kilobytes, which the allocator would otherwise hand out and take back for
/// every unit.
#[derive(Default)]
struct Scratch {
    rows: Vec<Row>,
    units: Vec<i64>,
    na: Vec<Option<NotApplicable>>,
}

thread_local! {
    static SCRATCH: std::cell::Cell<Scratch> = std::cell::Cell::new(Scratch::default());
}

/// A node without integer points, in the column of integer points (`units`) of a unit.
const NONE: i64 = i64::MIN;

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
fn points(rows: &[Row], units: &[i64], scale: u32, i: usize) -> Decimal {
    match units.get(i) {
        Some(&u) if u != NONE => Decimal::new(u, scale),
        _ => rows[i].points,
    }
}

/// A field's sub-index: `points / max × 100` (28 significant digits) rounded at the index stage.
///
/// For positive points of few places over a maximum below 10^15, the rounded value is computed
/// exactly on integers instead (`d::percent_rounded`): the same decimal, since the exact quotient
/// is then either a number of at most four places (which the 28-digit quotient holds exactly) or
/// farther than 10^-22 from every such number, far more than the 28-digit quotient is off by, so
/// both round alike. Anything else takes the division.
fn sub_index(
    points: Decimal,
    max: Decimal,
    rounding: &Rounding,
    path: &ItemPath,
) -> Result<Decimal> {
    if points > Decimal::ZERO
        && points.scale() <= 4
        && max.scale() <= 4
        && rounding.scale <= 4
        && max.mantissa() < 1_000_000_000_000_000
        && rounding.stages.contains(&Stage::Index)
    {
        if let Some(v) = d::percent_rounded(points, max, rounding.scale, rounding.mode) {
            return Ok(v);
        }
    }
    Ok(rounding.at(Stage::Index, d::percent(points, max, path)?))
}

/// How a leaf was scored: its status, where the points came from, its raw points, and what the
/// rule computed from the facts (shown even when an appraisal overrides them: the council may have
/// corrected them).
struct LeafEval {
    status: NodeStatus,
    source: Option<PointSource>,
    raw: Raw,
    computed: Option<LeafOut>,
}

/// Score a leaf (S7: an appraised score wins over a self score; a self score needs evidence).
/// `explain` builds the rule branch for the explanation.
#[allow(clippy::too_many_arguments)]
fn eval_leaf(
    node: &CNode,
    item: Option<&ItemInput>,
    li: usize,
    ni: usize,
    best: &HashMap<(usize, usize), BestValue>,
    rounding: &Rounding,
    ipath: ItemPath<'_>,
    explain: bool,
) -> Result<LeafEval> {
    let Some(it) = item else {
        return Ok(LeafEval {
            status: NodeStatus::Missing,
            source: None,
            raw: Raw::exact(Decimal::ZERO),
            computed: None,
        });
    };
    let rule = node.rule.as_ref().expect("validated: leaves carry a rule");
    let mut issues = Vec::new();
    // Entered points are checked against the node's range and step (most leaves carry facts only).
    if it.self_score().is_some() || it.appraised().is_some() || it.reappraised().is_some() {
        for (v, field) in [
            (it.self_score(), "self"),
            (it.appraised(), "appraised"),
            (it.reappraised(), "reappraised"),
        ] {
            let Some(v) = v else { continue };
            if v < node.min || v > node.max {
                issues.push(Issue::new(
                    "input.points_out_of_range",
                    format!("{ipath}.{field}"),
                    format!(
                        "{} points are outside {}–{} for `{}`",
                        show(v),
                        show(node.min),
                        show(node.max),
                        node.code
                    ),
                ));
            } else if let Rule::Manual { step: Some(s) } = rule {
                if !multiple(v, *s) {
                    issues.push(Issue::new(
                        "input.points_step",
                        format!("{ipath}.{field}"),
                        format!(
                            "{} is not a multiple of the step {} for `{}`",
                            show(v),
                            show(*s),
                            node.code
                        ),
                    ));
                }
            }
        }
    }
    let computed = if it.fact_mask() != 0 {
        let ev = Ev {
            code: &node.code,
            max: node.max,
            min: node.min,
            kind: rule.kind(),
            facts: it,
            rounding,
            ipath,
            explain,
            best,
            at: (li, ni),
        };
        match crate::rules::evaluate(rule, &ev) {
            Ok(o) => Some(o),
            Err(e) => {
                issues.extend(e.issues().iter().cloned());
                None
            }
        }
    } else {
        None
    };
    if !issues.is_empty() {
        return Err(Error::from_issues(issues));
    }
    let (status, source, raw) = if let Some(v) = it.reappraised() {
        (
            NodeStatus::Scored,
            Some(PointSource::Reappraised),
            Raw::exact(v),
        )
    } else if let Some(v) = it.appraised() {
        (
            NodeStatus::Scored,
            Some(PointSource::Appraised),
            Raw::exact(v),
        )
    } else if let Some(o) = &computed {
        (NodeStatus::Scored, Some(PointSource::Facts), o.raw)
    } else if let Some(v) = it.self_score() {
        if it.evidence().is_empty() {
            (NodeStatus::NotRecognised, None, Raw::exact(Decimal::ZERO))
        } else {
            (
                NodeStatus::Scored,
                Some(PointSource::SelfScore),
                Raw::exact(v),
            )
        }
    } else {
        (NodeStatus::Missing, None, Raw::exact(Decimal::ZERO))
    };
    Ok(LeafEval {
        status,
        source,
        raw,
        computed,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// S9 (percentage first, rounded; then points, rounded; then the leaf's bounds): for every
    /// rate n/d with d up to 64 and denominators that make exact midpoints, every count up to 40,
    /// met / not met, every choice, events (C8) and outcomes (C7) of every count up to a few, in
    /// every rounding mode at scales 0 to 4, the integer shortcut gives the general evaluation's
    /// points, to the digit; and none where the general evaluation fails (n > d, an unknown id) or
    /// has a case of its own (a rate's d = 0). The integer points the integer lane takes for them
    /// are those of the same decimal.
    #[cfg(feature = "fast-score")]
    #[test]
    fn s9_leaves_from_facts_score_as_the_general_evaluation() {
        let rules = serde_json::json!([
            ["1.5", {"kind": "proportional", "threshold": "12.5", "below_points": "0.125"}],
            ["2", {"kind": "proportional", "threshold": "50", "threshold_inclusive": false, "full_at": "87.5"}],
            ["0.75", {"kind": "proportional"}],
            ["1", {"kind": "bands", "bands": [
                {"min": "87.5", "max": "100", "max_inclusive": true, "points": "1"},
                {"min": "50", "min_inclusive": false, "max": "87.5", "points": "0.505"},
                {"min": "12.5", "max": "50", "max_inclusive": true, "points": "0.125"},
                {"min": "0", "max": "12.5", "points": "0"}]}],
            ["1", {"kind": "count", "points_each": "0.125"}],
            ["0.755", {"kind": "met"}],
            ["1", {"kind": "met", "points_met": "0.5", "points_not_met": "0.005"}],
            ["1", {"kind": "choice", "options": [
                {"id": "a", "label": {"vi": "a"}, "points": "0.995"}, {"id": "b", "label": {"vi": "b"}, "points": "0"}]}],
            ["1.5", {"kind": "deductions", "deductions": [
                {"id": "late", "label": {"vi": "l"}, "points": "0.25"}, {"id": "miss", "label": {"vi": "m"}, "points": "0.125"}]}],
            ["2", {"kind": "outcome_ratio", "zero_denominator_points": "1.005", "outcomes": [
                {"id": "done", "label": {"vi": "d"}, "weight": "2"}, {"id": "part", "label": {"vi": "p"}, "weight": "0.125"}]}]
        ,
            ["1.5", {"kind": "survey"}],
            ["2", {"kind": "external"}],
            ["1", {"kind": "manual", "step": "0.25"}]
        ]);
        let leaves: Vec<serde_json::Value> = (rules.as_array().unwrap().iter().enumerate())
            .map(|(i, r)| {
                let mut n = serde_json::json!({"code": format!("1.{}", i + 1), "label": {"vi": "x"},
                    "max_points": r[0], "source": "reconstructed", "rule": r[1]});
                if r[1]["kind"] == "deductions" || r[1]["kind"] == "manual" {
                    n["min_points"] = serde_json::json!("-0.5");
                }
                n
            })
            .collect();
        let mut items = vec![ItemInput::with_met(ItemInput::default(), true)];
        items.push(ItemInput::default().with_met(false));
        items.extend(["a", "b", "c"].map(|c| ItemInput::default().with_choice(c)));
        items.extend((0..=40).map(|n| ItemInput::default().with_count(n)));
        let counts = |pairs: &[(&str, u64)]| -> std::collections::BTreeMap<String, u64> {
            pairs.iter().map(|&(k, n)| (k.to_string(), n)).collect()
        };
        for (late, miss) in (0..=9).flat_map(|a| (0..=9).map(move |b| (a, b))) {
            items.push(ItemInput::default().with_events(counts(&[("late", late), ("miss", miss)])));
        }
        items.push(ItemInput::default().with_events(counts(&[("other", 1)])));
        for d in 0..=14 {
            for (done, part) in (0..=d + 1).flat_map(|a| (0..=d + 1).map(move |b| (a, b))) {
                let o = counts(&[("done", done), ("part", part)]);
                items.push(ItemInput::default().with_outcomes(o).with_denominator(d));
            }
            items.push(ItemInput::default().with_denominator(d));
        }
        // Percentages and points as given: 0 to 3 places, out of range, negative zero.
        let given = (-20..=1010)
            .map(|x| Decimal::new(x, 1))
            .chain((0..=400).map(|x| Decimal::new(x * 251, 3)))
            .chain(["-0", "-0.00", "100.01", "0.005"].map(|t| t.parse().unwrap()));
        for p in given {
            items.push(ItemInput::default().with_percentage(p));
            items.push(ItemInput::default().with_points(p / Decimal::from(40)));
            items.push(ItemInput::default().with_points(p.trunc_with_scale(0) / Decimal::from(50)));
        }
        let dens = (1..=64).chain([80, 200, 400, 800, 1600]);
        for d in dens.chain([0]) {
            items.extend((0..=d + 1).map(|n| ItemInput::rate(n, d)));
        }
        let mut quick = 0;
        for mode in ["half_up", "half_even", "down"] {
            for scale in 0..=4 {
                let json = serde_json::json!({
                    "format_version": 1, "id": "t", "title": {"vi": "t"},
                    "decision": {"number": "0/QĐ-T", "date": "2018-06-19"}, "year": 2019, "status": "official",
                    "levels": [{"id": "l", "label": {"vi": "l"},
                        "components": [{"id": "e", "label": {"vi": "e"}, "kind": "rubric"}],
                        "nodes": [{"code": "1", "label": {"vi": "f"}, "max_points": "17.005", "source": "reconstructed", "children": leaves}]}],
                    "groups": [{"id": "g", "level": "l", "label": {"vi": "g"}, "max_points": "17.005"}],
                    "rounding": {"scale": scale, "mode": mode, "stages": ["percentage", "leaf", "index"]},
                    "bands": [{"id": "b", "label": {"vi": "b"}, "min": "0", "max": "100", "max_inclusive": true}]
                });
                let rs = RuleSet::from_value(&json).unwrap_or_else(|e| panic!("{e}"));
                let (level, rounding) = (&rs.levels()[0], &rs.def().rounding);
                for (ni, node) in level.nodes.iter().enumerate().skip(1) {
                    // Bounds and thresholds are exact at 3 places and more (12.5 is not at 0).
                    if scale >= 3 {
                        assert!(
                            !matches!(node.quick, crate::quick::Quick::General),
                            "{}",
                            node.code
                        );
                    }
                    for it in &items {
                        let Some(got) = node.quick.got(it, rounding) else {
                            continue;
                        };
                        // The integer points the integer lane takes are the decimal's.
                        let units = got.units(scale);
                        let Some(q) = got.decimal(scale) else {
                            assert_eq!(units, None, "{} {it:?}", node.code);
                            continue;
                        };
                        assert_eq!(units, d::units(q, scale), "{} {it:?}", node.code);
                        quick += 1;
                        let path = ItemPath::item("$", &node.code);
                        let general = eval_leaf(
                            node,
                            Some(it),
                            0,
                            ni,
                            &HashMap::new(),
                            rounding,
                            path,
                            false,
                        )
                        .and_then(|ev| ev.raw.rounded(rounding, &path))
                        .map(|v| d::clamp(v, node.lo, node.hi));
                        let general = general.unwrap_or_else(|e| {
                            panic!("{} {it:?}: quick {q}, general {e}", node.code)
                        });
                        assert_eq!(
                            (q.to_string(), q.serialize()),
                            (general.to_string(), general.serialize()),
                            "{} {it:?} {mode} {scale}",
                            node.code
                        );
                    }
                }
            }
        }
        // Every case but a rate above its denominator, a zero denominator and an unknown id.
        assert!(quick > 50_000, "{quick}");
    }

    /// Prefix, then tail: the byte order of `str`.
    #[test]
    fn codes_order_by_prefix_then_tail() {
        let codes = [
            "",
            "1",
            "1.1",
            "1.1.1",
            "1.10",
            "1.2",
            "1.1.1.1.1",
            "1.1.1.1.10",
            "1.1.1.1.2",
            "a\u{0}",
            "a",
            "a\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}",
            "Đ",
            "ĐĐĐĐĐ",
            "ĐĐĐĐ",
        ];
        for a in codes {
            for b in codes {
                let got = code_prefix(a)
                    .cmp(&code_prefix(b))
                    .then_with(|| code_tail_cmp(a, b));
                assert_eq!(got, a.cmp(b), "{a:?} {b:?}");
            }
        }
    }
}
