//! Settling a batch's units: which score, their parents (S10), and the best values of
//! normalised rules (C5) within their blocks.

use crate::compile::RuleSet;
use crate::def::BlockBy;
use crate::error::{excerpt, issue, Error, Issue, Result};
use crate::eval::{blank_id, score_partly, score_unit_ref, Best, Context, Partly, Top, UnitScore};
use crate::input::{UnitEntry, UnitInput};
use crate::support::hash::StrMap;
use rust_decimal::Decimal;
use std::collections::HashMap;

/// The JSON path of the unit at position `i` of a batch.
fn unit_path(i: usize) -> String {
    format!("$.units[{i}]")
}

/// A problem with a unit's parent (S10), found while settling.
pub(super) enum Parent {
    /// The parent is a unit of the batch, of another level than the one above the unit's: the
    /// unit is refused (`input.parent_level`).
    WrongLevel(Issue),
    /// The parent is not a unit of the batch, which has units of the level above the unit's: a
    /// warning (`input.parent_not_in_batch`).
    Absent(Issue),
}

/// What the units of a batch are to one another, settled before they are scored: **a unit
/// refused is a unit absent**. A unit is refused when it cannot be read, its id is blank, an
/// earlier unit with the same id is scored, its own scoring fails (an unknown choice, a value
/// above a rule's `max_value`…), or its parent is a unit of the batch of the wrong level. A
/// refused unit gives no normalised leaf its best value (C5), holds no id (a later unit with the
/// same id may be scored), counts as no one's parent and is not ranked: adding it to a batch
/// changes no other unit's result.
///
/// Units are scored to know whether they are refused, but only those the others depend on: the
/// two highest values of each normalised leaf (the best and the next, which the outlier warning
/// compares), the units named as parents, and a unit of each level above a unit ranked by its
/// parent. Their results are kept for the batch, so that usually no unit is scored twice: only
/// when a unit holding a best value is refused, and the best changes, are they scored again.
pub(super) struct Settle<'a, 'r> {
    rs: &'r RuleSet,
    entries: &'a [UnitEntry],
    keep_nodes: bool,
    best: Best<'r>,
    ctx: Context,
    /// The first readable unit with a non-blank id, by id.
    first: StrMap<&'a str, usize>,
    /// For a unit given after another with the same id: the position of the first.
    namesake: HashMap<usize, usize>,
    /// For a unit whose id other units have too: their positions.
    namesakes: HashMap<usize, Vec<usize>>,
    /// Units scored while settling: their score (for the context `ctx`), or their refusal.
    scored: HashMap<usize, Result<Partly>>,
    /// What is known of each unit: [`SCORED`], [`OWN`], [`PARENT_CHECKED`].
    known: Vec<u8>,
    /// Problems with units' parents, by position.
    parents: HashMap<usize, Parent>,
    /// Whether every unit's parent is checked while settling (a batch), or only those of the
    /// units others depend on (explaining one unit).
    every_parent: bool,
    /// For each group (by position): the level above its own, when its level ranks units by
    /// their parent (S10: communes within their district).
    parent_level: Vec<Option<usize>>,
    /// Whether a unit of each level is present (once asked).
    level_present: HashMap<usize, bool>,
    /// Each group's level (by position).
    group_level: Vec<Option<usize>>,
}

impl<'a, 'r> Settle<'a, 'r> {
    pub(super) fn new(
        rs: &'r RuleSet,
        entries: &'a [UnitEntry],
        keep_nodes: bool,
        every_parent: bool,
    ) -> Self {
        let group_level: Vec<Option<usize>> = (rs.def().groups.iter())
            .map(|g| Some(rs.level(&g.level)?.0))
            .collect();
        // The level declared just before a level ranked by parent.
        let parent_level = (group_level.iter())
            .map(|li| {
                let li = (*li)?;
                let ranked_by_parent = rs.def().levels[li].block_by == BlockBy::Parent;
                li.checked_sub(1).filter(|_| ranked_by_parent)
            })
            .collect();
        Settle {
            rs,
            entries,
            keep_nodes,
            best: Best::new(rs),
            ctx: Context::default(),
            first: StrMap::with_capacity_and_hasher(entries.len(), Default::default()),
            namesake: HashMap::new(),
            namesakes: HashMap::new(),
            scored: HashMap::new(),
            known: vec![0; entries.len()],
            parents: HashMap::new(),
            every_parent,
            parent_level,
            level_present: HashMap::new(),
            group_level,
        }
    }

    /// The unit at `i` when it can be read and its id is not blank.
    fn unit(&self, i: usize) -> Option<&'a UnitInput> {
        match &self.entries[i] {
            UnitEntry::Ok(u) if blank_id(&u.id, "").is_none() => Some(u),
            _ => None,
        }
    }

    /// The level index of a unit's group.
    fn level_of(&self, u: &UnitInput) -> Option<usize> {
        let (gi, _) = self.rs.group_at(&u.group)?;
        self.group_level[gi]
    }

    pub(super) fn run(&mut self) {
        // One pass: the first unit of each id, the others' namesakes; the two highest values of
        // each normalised leaf among the first units of their ids (taken to be scored); the
        // units whose parent is to be checked.
        let mut children = Vec::new();
        let ranked_by_parent = self.parent_level.iter().any(Option::is_some);
        for i in 0..self.entries.len() {
            let Some(u) = self.unit(i) else { continue };
            match self.first.entry(u.id.as_str()) {
                std::collections::hash_map::Entry::Vacant(v) => {
                    v.insert(i);
                    self.best.add(u, i);
                }
                std::collections::hash_map::Entry::Occupied(o) => {
                    let head = *o.get();
                    self.namesake.insert(i, head);
                    self.namesakes.entry(head).or_default().push(i);
                }
            }
            if self.every_parent && ranked_by_parent && u.parent.is_some() {
                children.push(i);
            }
        }
        self.ctx = self.best.context();
        // Parents (S10).
        for i in children {
            self.check_parent(i);
        }
        // The best and next values, held by units the batch scores; else found again among
        // those. A unit scored in place of the first of its id (refused) may give values the
        // first did not.
        let heads: Vec<usize> = self.namesakes.keys().copied().collect();
        let mut dirty = heads.into_iter().any(|h| self.claimer(h) != Some(h));
        let holders: Vec<usize> = (self.best.tops().values())
            .flat_map(|t| t.first.iter().chain(&t.second).map(|h| h.unit))
            .collect();
        dirty = dirty || !holders.into_iter().all(|h| self.is_scored(h));
        if dirty {
            let tops = self.walk();
            self.best.reset(tops);
            self.ctx = self.best.context();
            // Results scored with the context before are scored again (refusals stand: they do
            // not depend on it).
            self.scored.retain(|_, r| r.is_err());
        }
    }

    /// Whether the unit at `i` scores on its own (scoring it if not known yet).
    fn scores(&mut self, i: usize) -> bool {
        if self.known[i] & SCORED != 0 {
            return self.known[i] & OWN != 0;
        }
        let Some(u) = self.unit(i) else {
            return false;
        };
        let r = score_partly(self.rs, u, &self.ctx, &unit_path(i));
        self.known[i] |= SCORED | if r.is_ok() { OWN } else { 0 };
        let ok = r.is_ok();
        self.scored.insert(i, r);
        ok
    }

    /// The unit scored under the id of the first unit `head` with it: the first of them that
    /// scores.
    fn claimer(&mut self, head: usize) -> Option<usize> {
        if self.scores(head) {
            return Some(head);
        }
        let later = self.namesakes.get(&head).cloned().unwrap_or_default();
        later.into_iter().find(|&i| self.scores(i))
    }

    /// Whether the unit at `i` is present: it scores, and it holds its id.
    fn is_present(&mut self, i: usize) -> bool {
        let head = self.namesake.get(&i).copied().unwrap_or(i);
        self.unit(i).is_some() && self.claimer(head) == Some(i)
    }

    /// Whether the unit at `i` is scored by the batch: present, and its parent is not of the
    /// wrong level.
    fn is_scored(&mut self, i: usize) -> bool {
        if !self.is_present(i) {
            return false;
        }
        self.check_parent(i);
        !matches!(self.parents.get(&i), Some(Parent::WrongLevel(_)))
    }

    /// Whether a unit of level `li` is present.
    fn has_level(&mut self, li: usize) -> bool {
        if let Some(&known) = self.level_present.get(&li) {
            return known;
        }
        let found = (0..self.entries.len())
            .any(|i| self.unit(i).and_then(|u| self.level_of(u)) == Some(li) && self.is_present(i));
        self.level_present.insert(li, found);
        found
    }

    /// Checks the parent of the unit at `i`, if its level ranks units by their parent (S10).
    fn check_parent(&mut self, i: usize) {
        if self.known[i] & PARENT_CHECKED != 0 {
            return;
        }
        self.known[i] |= PARENT_CHECKED;
        let Some(u) = self.unit(i) else { return };
        let Some((gi, _)) = self.rs.group_at(&u.group) else {
            return;
        };
        let (Some(above), Some(parent)) = (self.parent_level[gi], u.parent.as_deref()) else {
            return;
        };
        if parent.trim().is_empty() {
            return;
        }
        let levels = self.rs.levels();
        let Some(level) = above.checked_add(1) else {
            return;
        };
        let path = || format!("{}.parent", unit_path(i));
        let found = (self.first.get(parent).copied()).and_then(|head| self.claimer(head));
        let problem = match found {
            Some(p) => {
                let theirs = self.unit(p).and_then(|pu| self.level_of(pu));
                (theirs != Some(above)).then(|| {
                    let theirs = theirs.map_or("?", |l| &*levels[l].id);
                    Parent::WrongLevel(issue!(
                        "input.parent_level",
                        path(),
                        parent = excerpt(parent),
                        at = unit_path(p),
                        theirs,
                        level = levels[level].id,
                        above = levels[above].id
                    ))
                })
            }
            None => self.has_level(above).then(|| {
                Parent::Absent(issue!(
                    "input.parent_not_in_batch",
                    path(),
                    parent = excerpt(parent),
                    above = levels[above].id
                ))
            }),
        };
        if let Some(p) = problem {
            self.parents.insert(i, p);
        }
    }

    /// The two highest values of each normalised leaf among the units the batch scores: every
    /// unit's values, highest first (then in input order), until two scored units are found.
    fn walk(&mut self) -> HashMap<(usize, usize), Top> {
        let mut values: HashMap<(usize, usize), Vec<(Decimal, usize)>> = HashMap::new();
        for i in 0..self.entries.len() {
            if let Some(u) = self.unit(i) {
                self.best
                    .values(u, |key, v| values.entry(key).or_default().push((v, i)));
            }
        }
        let mut tops = HashMap::new();
        for (key, mut values) in values {
            crate::support::sort::sort_by(&mut values, |a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            let mut top = Top::default();
            for (v, i) in values {
                if top.second.is_some() {
                    break;
                }
                if self.is_scored(i) {
                    let unit = self.unit(i);
                    top.offer(v, i, || unit.map_or(("", ""), |u| (&u.id, &u.name)));
                }
            }
            tops.insert(key, top);
        }
        tops
    }

    /// The problem with the parent of the unit at `i`, if any (checking it).
    pub(super) fn parent(&mut self, i: usize) -> Option<Parent> {
        self.check_parent(i);
        self.parents.remove(&i)
    }

    /// The result of the unit at `i` with the settled context: kept from settling, or scored now.
    pub(super) fn result(&mut self, i: usize) -> Result<UnitScore> {
        match self.scored.remove(&i) {
            Some(Ok(p)) => match &self.entries[i] {
                UnitEntry::Ok(u) => Ok(p.finish(self.rs, &self.ctx, u.clone(), self.keep_nodes)),
                UnitEntry::Bad { issues, .. } => Err(Error::Input(issues.clone())),
            },
            Some(Err(e)) => Err(e),
            None => match &self.entries[i] {
                UnitEntry::Ok(u) => {
                    score_unit_ref(self.rs, u, &self.ctx, &unit_path(i), self.keep_nodes)
                }
                UnitEntry::Bad { issues, .. } => Err(Error::Input(issues.clone())),
            },
        }
    }
}

/// [`Settle::known`]: the unit was scored while settling.
const SCORED: u8 = 1;
/// [`Settle::known`]: the unit scores on its own.
const OWN: u8 = 2;
/// [`Settle::known`]: the unit's parent is checked.
const PARENT_CHECKED: u8 = 4;

/// What a batch keeps of its settling (see [`Settle`]) while it scores its units.
pub(super) struct Settled {
    pub(super) ctx: Context,
    /// By position (ascending), as the batch takes them.
    pub(super) scored: std::vec::IntoIter<(usize, Result<Partly>)>,
    pub(super) namesake: HashMap<usize, usize>,
    /// The first unit of each id that other units have too.
    pub(super) shared: std::collections::HashSet<usize>,
    /// By position (ascending).
    pub(super) parents: std::vec::IntoIter<(usize, Parent)>,
}

/// The value at position `i` of entries by position (ascending), dropping those before it (units
/// the batch refused before taking what was found for them).
pub(super) fn take_at<T>(
    entries: &mut std::iter::Peekable<std::vec::IntoIter<(usize, T)>>,
    i: usize,
) -> Option<T> {
    while entries.next_if(|(j, _)| *j < i).is_some() {}
    entries.next_if(|(j, _)| *j == i).map(|(_, v)| v)
}

/// The entries of `m` by key, ascending.
fn by_position<T>(m: HashMap<usize, T>) -> std::vec::IntoIter<(usize, T)> {
    let mut v: Vec<(usize, T)> = m.into_iter().collect();
    // Keys are distinct: a stable sort gives the same order.
    crate::support::sort::sort_by(&mut v, |a, b| a.0.cmp(&b.0));
    v.into_iter()
}

impl<'a, 'r> From<Settle<'a, 'r>> for Settled {
    fn from(s: Settle<'a, 'r>) -> Settled {
        Settled {
            ctx: s.ctx,
            scored: by_position(s.scored),
            namesake: s.namesake,
            shared: s.namesakes.into_keys().collect(),
            parents: by_position(s.parents),
        }
    }
}
