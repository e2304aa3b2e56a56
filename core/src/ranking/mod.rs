//! Ranking: scored units within their blocks (departments; districts; the communes of each
//! district, S10), by index descending, as the rule set declares it (`ranking`): on the index as
//! rounded and published (default) or on the unrounded index; ties share a rank (1, 2, 2, 4)
//! unless a declared tie-breaker separates them, and the order of units inside a tie is declared
//! (`tie_order`: by id, the default; by input order; by name in Vietnamese alphabetical order).

mod name;

use crate::compile::RuleSet;
use crate::def::{RankBy, TieBreaker, TieOrder};
use crate::error::{issue, Error, Lang, Result};
use crate::result::UnitScore;
#[cfg(feature = "fast-score")]
use crate::support::hash::StrMap;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::sync::Arc;

/// One line of a ranking.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct RankEntry {
    /// Competition rank: ties share a rank and the next rank is skipped (1, 2, 2, 4).
    pub rank: usize,
    pub id: String,
    pub name: String,
    pub group: String,
    pub index: Decimal,
    pub total: Decimal,
    pub max_points: Decimal,
    #[schemars(with = "String")]
    pub band: Arc<str>,
    /// True when another unit of the block has the same rank.
    pub tied: bool,
    /// Why the unit shares a rank, or which tie-breaker separated it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A ranking block: departments; districts; communes of one district (S10).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct RankBlock {
    pub block: String,
    pub level: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    pub entries: Vec<RankEntry>,
}

impl RankBlock {
    /// The block of `blocks` with this id (`department`, `district`, `commune/<district>`), or
    /// `not_found.block` naming the blocks there are.
    pub fn find<'a>(blocks: &'a [RankBlock], id: &str) -> Result<&'a RankBlock> {
        blocks.iter().find(|b| b.block == id).ok_or_else(|| {
            let ids: Vec<&str> = blocks.iter().map(|b| b.block.as_str()).collect();
            Error::NotFound(issue!(
                "not_found.block",
                "$.ranking",
                block = id,
                blocks = ids.join(", ")
            ))
        })
    }
}

fn tie_value(u: &UnitScore, tb: &TieBreaker) -> Decimal {
    match tb {
        TieBreaker::Component { id } => u
            .components
            .iter()
            .find(|c| *c.id == **id)
            .map(|c| c.points),
        TieBreaker::Field { code } => u
            .fields
            .iter()
            .find(|f| *f.code == **code)
            .and_then(|f| f.sub_index),
        TieBreaker::TotalPoints => Some(u.total),
    }
    .unwrap_or(Decimal::MIN)
}

/// Append the names of `entries` other than `entries[me]`, at most five: `A, B, C, D, E và 3 đơn
/// vị khác` (`A, B, C, D, E and 3 more` in English).
fn names(s: &mut String, entries: &[RankEntry], me: usize, lang: Lang) {
    use std::fmt::Write;
    let others = (0..entries.len()).filter(|&j| j != me);
    for (n, j) in others.take(5).enumerate() {
        if n > 0 {
            s.push_str(", ");
        }
        s.push_str(&entries[j].name);
    }
    let others = entries.len().saturating_sub(1);
    if others > 5 {
        let more = others.saturating_sub(5);
        let _ = match lang {
            Lang::Vi => write!(s, " và {more} đơn vị khác"),
            Lang::En => write!(s, " and {more} more"),
        };
    }
}

/// Append a tie-breaker's name as notes show it: `thành phần `survey``, `tổng điểm`
/// (`component `survey``, `total points`).
fn tb_name(s: &mut String, tb: &TieBreaker, lang: Lang) {
    use std::fmt::Write;
    let _ = match (tb, lang) {
        (TieBreaker::Component { id }, Lang::Vi) => write!(s, "thành phần `{id}`"),
        (TieBreaker::Component { id }, Lang::En) => write!(s, "component `{id}`"),
        (TieBreaker::Field { code }, Lang::Vi) => {
            write!(s, "chỉ số thành phần của lĩnh vực {code}")
        }
        (TieBreaker::Field { code }, Lang::En) => write!(s, "field {code} sub-index"),
        (TieBreaker::TotalPoints, Lang::Vi) => write!(s, "tổng điểm"),
        (TieBreaker::TotalPoints, Lang::En) => write!(s, "total points"),
    };
}

/// Rank scored units within their blocks: by index, descending (as rounded by the rule set, or
/// unrounded where `ranking.by` declares it); ties share a rank unless a declared tie-breaker
/// separates them; inside a tie, units come by id, by input order or by name (`ranking.tie_order`).
/// Independent of input order unless the tie order is the input's. Blocks
/// come by level as the rule set declares them, then by block; units of levels it does not
/// declare (scored under another rule set) come last, one block per level and block.
pub fn rank(rs: &RuleSet, units: &[UnitScore]) -> Vec<RankBlock> {
    let mut ranker = Ranker::new(rs);
    for (i, u) in units.iter().enumerate() {
        ranker.push(u, i);
    }
    ranker.finish(units)
}

/// A ranking level's blocks seen, each with its group: hashed with feature `fast-score` (a
/// country's communes form a block per district), else sorted by block and searched (smaller code
/// for the WebAssembly build, which leaves the feature out).
#[derive(Default)]
struct Blocks {
    #[cfg(feature = "fast-score")]
    map: StrMap<String, usize>,
    #[cfg(not(feature = "fast-score"))]
    sorted: Vec<(String, usize)>,
}

impl Blocks {
    /// The group of `block`, which is `next` if the block is new.
    fn group(&mut self, block: &str, next: usize) -> usize {
        #[cfg(feature = "fast-score")]
        return match self.map.get(block) {
            Some(&g) => g,
            None => {
                self.map.insert(block.to_owned(), next);
                next
            }
        };
        #[cfg(not(feature = "fast-score"))]
        match self.sorted.binary_search_by(|(b, _)| b.as_str().cmp(block)) {
            Ok(i) => self.sorted[i].1,
            Err(i) => {
                self.sorted.insert(i, (block.to_owned(), next));
                next
            }
        }
    }

    /// The groups, by block.
    fn in_order(&self) -> impl Iterator<Item = usize> + '_ {
        #[cfg(feature = "fast-score")]
        let sorted = {
            let mut sorted: Vec<(&String, &usize)> = self.map.iter().collect();
            sorted.sort_unstable_by(|a, b| a.0.cmp(b.0));
            sorted.into_iter().map(|(_, &g)| g)
        };
        #[cfg(not(feature = "fast-score"))]
        let sorted = self.sorted.iter().map(|&(_, g)| g);
        sorted
    }
}

/// A ranking gathered one unit at a time, then sorted: `push` takes what ranking needs from a
/// unit and its position among the units `finish` is given (a batch pushes each unit as it is
/// scored, while the unit is in the cache), `finish` sorts and numbers the blocks.
pub(crate) struct Ranker<'r> {
    rs: &'r RuleSet,
    tbs: &'r [TieBreaker],
    by: RankBy,
    order: TieOrder,
    /// The blocks seen of each level the rule set declares (by its position).
    declared: Vec<Blocks>,
    /// The blocks seen of levels the rule set does not declare (units scored under another rule
    /// set), sorted by level id.
    undeclared: Vec<(Arc<str>, Blocks)>,
    groups: Vec<Group>,
}

impl<'r> Ranker<'r> {
    pub(crate) fn new(rs: &'r RuleSet) -> Self {
        Ranker {
            rs,
            tbs: &rs.def().ranking.tie_breakers,
            by: rs.def().ranking.by,
            order: rs.def().ranking.tie_order,
            declared: rs.levels().iter().map(|_| Blocks::default()).collect(),
            undeclared: Vec::new(),
            groups: Vec::new(),
        }
    }

    /// Takes unit `u`, at position `unit` among the units `finish` is given.
    pub(crate) fn push(&mut self, u: &UnitScore, unit: usize) {
        let next = self.groups.len();
        let blocks = match self.rs.levels().iter().position(|l| l.id == u.level) {
            Some(level) => &mut self.declared[level],
            None => {
                let i = match (self.undeclared).binary_search_by(|(l, _)| l.cmp(&u.level)) {
                    Ok(i) => i,
                    Err(i) => {
                        self.undeclared
                            .insert(i, (u.level.clone(), Blocks::default()));
                        i
                    }
                };
                &mut self.undeclared[i].1
            }
        };
        let g = blocks.group(&u.block, next);
        if g == next {
            self.groups.push(Group::new(self.tbs.len()));
        }
        self.groups[g].push(u, unit, self.tbs, self.by);
    }

    /// The blocks, each ranked: by level as declared, then block (undeclared levels last, by
    /// level and block). `units` are the units pushed, in the same order.
    pub(crate) fn finish(mut self, units: &[UnitScore]) -> Vec<RankBlock> {
        let mut order = Vec::with_capacity(self.groups.len());
        for blocks in (self.declared.iter()).chain(self.undeclared.iter().map(|(_, b)| b)) {
            order.extend(blocks.in_order());
        }
        (order.into_iter())
            .map(|g| {
                let group = &mut self.groups[g];
                group.sort(units, self.order);
                let mut entries: Vec<RankEntry> = (group.keys.iter())
                    .map(|k| group.unranked[k.pos].take().expect("each unit once"))
                    .collect();
                group.annotate(&group.keys, &mut entries, self.tbs, self.by);
                let first = &units[group.keys[0].unit];
                let by_parent =
                    self.rs.def().levels.iter().any(|l| {
                        *l.id == *first.level && l.block_by == crate::def::BlockBy::Parent
                    });
                RankBlock {
                    block: first.block.clone(),
                    level: first.level.to_string(),
                    parent: if by_parent {
                        first.parent.clone()
                    } else {
                        None
                    },
                    entries,
                }
            })
            .collect()
    }
}

/// A unit's ranking key (index, tie-breakers by `pos`, id), its position in its group, and the
/// unit's position among the units ranked.
struct Key {
    /// The index ranked on: as rounded, or unrounded (`ranking.by`).
    index: Decimal,
    /// The index as rounded and shown.
    shown: Decimal,
    /// The id's first eight bytes, zero-padded and big-endian: orders like the bytes or is equal,
    /// so that most ids are compared without reading the string.
    id_prefix: u64,
    pos: usize,
    unit: usize,
}

/// The units of one ranking block: one level and block.
struct Group {
    /// In input order until sorted, then by index and tie-breakers (descending), then in the
    /// declared tie order (id, input order or name; then id and input order).
    keys: Vec<Key>,
    /// The tie-breakers' values, `per` for each unit (by position in input order).
    ties: Vec<Decimal>,
    per: usize,
    /// Each unit's entry until it is placed in ranking order, made when the unit is pushed.
    unranked: Vec<Option<RankEntry>>,
}

impl Group {
    fn new(per: usize) -> Self {
        Group {
            keys: Vec::new(),
            ties: Vec::new(),
            per,
            unranked: Vec::new(),
        }
    }

    fn push(&mut self, u: &UnitScore, unit: usize, tbs: &[TieBreaker], by: RankBy) {
        let mut id_prefix = [0; 8];
        let n = u.id.len().min(8);
        id_prefix[..n].copy_from_slice(&u.id.as_bytes()[..n]);
        self.keys.push(Key {
            index: match by {
                RankBy::Index => u.index,
                RankBy::UnroundedIndex => u.index_raw,
            },
            shown: u.index,
            id_prefix: u64::from_be_bytes(id_prefix),
            pos: self.keys.len(),
            unit,
        });
        self.ties.extend(tbs.iter().map(|tb| tie_value(u, tb)));
        self.unranked.push(Some(RankEntry {
            rank: 0,
            id: u.id.clone(),
            name: u.name.clone(),
            group: u.group.clone(),
            index: u.index,
            total: u.total,
            max_points: u.max_points,
            band: u.band.clone(),
            tied: false,
            note: None,
        }));
    }

    fn sort(&mut self, units: &[UnitScore], order: TieOrder) {
        let mut keys = std::mem::take(&mut self.keys);
        let by_id = |a: &Key, b: &Key| {
            a.id_prefix
                .cmp(&b.id_prefix)
                .then_with(|| units[a.unit].id.cmp(&units[b.unit].id))
        };
        crate::support::sort::sort_by(&mut keys, |a, b| {
            self.key_cmp(a, b)
                .then_with(|| match order {
                    TieOrder::Id => by_id(a, b),
                    TieOrder::Input => Ordering::Equal,
                    TieOrder::Name => name::cmp(&units[a.unit].name, &units[b.unit].name)
                        .then_with(|| by_id(a, b)),
                })
                .then_with(|| a.pos.cmp(&b.pos))
        });
        self.keys = keys;
    }

    fn ties(&self, k: &Key) -> &[Decimal] {
        // Unit `pos`'s values, `per` of them: within the values of the units pushed.
        let start = k.pos.saturating_mul(self.per);
        self.ties
            .get(start..start.saturating_add(self.per))
            .unwrap_or_default()
    }

    /// Index, then the tie-breakers in order, all descending.
    fn key_cmp(&self, a: &Key, b: &Key) -> Ordering {
        // Indexes of one scale (as the rule set's rounding makes them) compare as integers.
        if a.index.scale() == b.index.scale() {
            b.index.mantissa().cmp(&a.index.mantissa())
        } else {
            b.index.cmp(&a.index)
        }
        .then_with(|| self.ties(b).cmp(self.ties(a)))
    }

    /// Set the ranks, tie flags and notes of a block's `entries`, whose keys are `block`.
    // Positions within `block` and `entries` (of one length): every sum below is at most that
    // length, and every difference is of a position and one before it.
    #[allow(clippy::arithmetic_side_effects)]
    fn annotate(&self, block: &[Key], entries: &mut [RankEntry], tbs: &[TieBreaker], by: RankBy) {
        use std::fmt::Write;
        // Notes are written in the thread's language (Vietnamese unless English was chosen).
        let lang = crate::error::lang();
        let w = |vi: &'static str, en: &'static str| lang.pick(vi, en);
        // Notes are written here, then copied: one allocation each, of the right size.
        let mut note = String::new();
        let mut index = Shown::default();
        // Units with an equal index as shown are contiguous (rounding keeps the order), and within
        // them units with an equal key.
        let mut start = 0;
        for same in block.chunk_by(|a, b| a.shown == b.shown) {
            let mut k = 0;
            for run in same.chunk_by(|a, b| self.key_cmp(a, b) == Ordering::Equal) {
                for j in k..k + run.len() {
                    note.clear();
                    if run.len() > 1 {
                        let run = &entries[start + k..start + k + run.len()];
                        note.push_str(w("bằng chỉ số ", "tied at index "));
                        note.push_str(index.of(run[j - k].index));
                        note.push_str(w(" với ", " with "));
                        names(&mut note, run, j - k, lang);
                        if by == RankBy::UnroundedIndex {
                            note.push_str(w(
                                " (chỉ số chưa làm tròn cũng bằng nhau)",
                                " (unrounded index equal too)",
                            ));
                        }
                        note.push_str(if tbs.is_empty() {
                            w(
                                " (bộ chỉ số không quy định tiêu chí phân định khi bằng chỉ số)",
                                " (the rule set declares no tie-breaker)",
                            )
                        } else {
                            w(
                                " (các tiêu chí phân định cũng bằng nhau)",
                                " (tie-breakers equal too)",
                            )
                        });
                    } else if same.len() > 1 {
                        // Separated from the others by a tie-breaker: the first whose value differs
                        // from the first other unit's.
                        let other = if j == 0 { 1 } else { 0 };
                        let (mine, theirs) = (self.ties(&same[j]), self.ties(&same[other]));
                        if same[j].index != same[other].index {
                            // Ranked on the unrounded index (`ranking.by`).
                            let shown = &entries[start..start + same.len()];
                            note.push_str(w("cùng chỉ số ", "same index "));
                            note.push_str(index.of(shown[j].index));
                            note.push_str(w(" với ", " as "));
                            names(&mut note, shown, j, lang);
                            let _ = write!(
                                note,
                                "{}{} {} {}",
                                w(
                                    "; phân định bằng chỉ số chưa làm tròn: ",
                                    "; separated by the unrounded index: "
                                ),
                                same[j].index.normalize(),
                                w("so với", "vs"),
                                same[other].index.normalize()
                            );
                        } else if let Some(t) = (0..tbs.len()).find(|&t| mine[t] != theirs[t]) {
                            let same = &entries[start..start + same.len()];
                            note.push_str(w("cùng chỉ số ", "same index "));
                            note.push_str(index.of(same[j].index));
                            note.push_str(w(" với ", " as "));
                            names(&mut note, same, j, lang);
                            note.push_str(w("; phân định bằng ", "; separated by "));
                            tb_name(&mut note, &tbs[t], lang);
                            let vs = w("so với", "vs");
                            let _ = write!(note, ": {} {vs} {}", mine[t], theirs[t]);
                        }
                    }
                    let e = &mut entries[start + j];
                    // Competition rank: one more than the number of units ranked before the run.
                    e.rank = start + k + 1;
                    e.tied = run.len() > 1;
                    // Nothing written: no note.
                    e.note = (!note.is_empty()).then(|| note.clone());
                }
                k += run.len();
            }
            start += same.len();
        }
    }
}

/// A decimal's text, kept for the next call: the units of a run nearly always have the same index
/// (`80.5` and `80.50` are equal, but each unit's note shows its own).
#[derive(Default)]
struct Shown {
    bits: Option<[u8; 16]>,
    text: String,
}

impl Shown {
    fn of(&mut self, d: Decimal) -> &str {
        use std::fmt::Write;
        if self.bits != Some(d.serialize()) {
            self.bits = Some(d.serialize());
            self.text.clear();
            let _ = write!(self.text, "{d}");
        }
        &self.text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::batch::score_batch;

    /// Blocks come by level, in the rule set's order, then by block, whatever the units' order.
    #[test]
    fn blocks_are_ranked_by_level_then_block() {
        let rs = crate::builtin::ruleset(crate::builtin::DEFAULT_RULESET).unwrap();
        let mut units = score_batch(&rs, crate::eval::synth::generate(&rs, 40, 5)).units;
        for (i, u) in units.iter_mut().enumerate() {
            u.block = format!("b{}", (i * 7) % 5);
        }
        units.reverse();
        let blocks = rank(&rs, &units);
        let keys: Vec<(usize, &str)> = (blocks.iter())
            .map(|b| (rs.level(&b.level).unwrap().0, b.block.as_str()))
            .collect();
        let mut sorted = keys.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(keys, sorted);
        assert!(
            keys.len() >= 10 && keys[0].0 != keys[keys.len() - 1].0,
            "{keys:?}"
        );
    }

    /// Scores of levels the rule set does not declare (scored under another rule set) are ranked
    /// after the declared levels: one block per level and block, levels in order of their ids.
    #[test]
    fn units_of_undeclared_levels_are_ranked_last_one_block_per_level() {
        let rs = crate::builtin::ruleset(crate::builtin::DEFAULT_RULESET).unwrap();
        let mut units = score_batch(&rs, crate::eval::synth::generate(&rs, 6, 3)).units;
        let declared = units[0].clone();
        for (u, level) in units[1..].iter_mut().zip(["y", "x", "y", "x", "z"]) {
            u.level = level.into();
            u.block = "b".into();
        }
        let blocks = rank(&rs, &units);
        let shape: Vec<(&str, &str, Vec<&str>)> = blocks
            .iter()
            .map(|b| {
                let mut ids: Vec<&str> = b.entries.iter().map(|e| e.id.as_str()).collect();
                ids.sort();
                (b.level.as_str(), b.block.as_str(), ids)
            })
            .collect();
        let id = |i: usize| units[i].id.as_str();
        assert_eq!(
            shape,
            [
                (&*declared.level, &*declared.block, vec![id(0)]),
                ("x", "b", vec![id(2), id(4)]),
                ("y", "b", vec![id(1), id(3)]),
                ("z", "b", vec![id(5)])
            ]
        );
    }
}
