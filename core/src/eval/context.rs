//! The values a batch shares among its units (C5: the best value of each normalised leaf per
//! level, and the outlier among them), gathered one unit at a time.

use crate::compile::RuleSet;
use crate::def::Rule;
use crate::input::{ItemInput, UnitInput};
use crate::rules::normalized::{BestValue, DEFAULT_OUTLIER_FACTOR};
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::sync::Arc;

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
    /// units it scores only, after its refusals (the batch module).
    pub fn from_units<'a>(rs: &RuleSet, units: impl Iterator<Item = &'a UnitInput>) -> Context {
        let mut best = Best::new(rs);
        units.enumerate().for_each(|(i, u)| best.add(u, i));
        best.context()
    }
}

/// A unit giving a normalised leaf's value: the value, the unit's position among the units
/// gathered, its id and its name.
#[derive(Debug, Clone)]
pub(crate) struct Holder {
    pub value: Decimal,
    pub unit: usize,
    pub id: Arc<str>,
    pub name: Arc<str>,
}

/// The two highest values of a normalised leaf (the first given of equal ones first).
#[derive(Debug, Clone, Default)]
pub(crate) struct Top {
    pub first: Option<Holder>,
    pub second: Option<Holder>,
}

impl Top {
    /// Takes unit `unit`'s value, if it is among the two highest so far (its id and name are
    /// asked for then).
    pub(crate) fn offer<'a>(
        &mut self,
        value: Decimal,
        unit: usize,
        who: impl FnOnce() -> (&'a str, &'a str),
    ) {
        let above = |h: &Option<Holder>| h.as_ref().is_none_or(|h| value > h.value);
        let holder = |(id, name): (&str, &str)| Holder {
            value,
            unit,
            id: id.into(),
            name: name.into(),
        };
        if above(&self.first) {
            self.second = self.first.replace(holder(who()));
        } else if above(&self.second) {
            self.second = Some(holder(who()));
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
            top.entry(key)
                .or_default()
                .offer(v, unit, || (&u.id, &u.name));
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
                        name: first.name.clone(),
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
