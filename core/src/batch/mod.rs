//! Batches: score every valid unit, report the bad ones, rank within blocks, and issue a receipt.
//!
//! Arithmetic here is checked (the lint below refuses an unchecked operator).

#![deny(clippy::arithmetic_side_effects)]

use crate::compile::RuleSet;
use crate::def::{BlockBy, Status};
use crate::error::{excerpt, issue, Error, Issue, Result};
use crate::eval::{
    blank_id, score_partly, score_taken, score_unit_ref, Best, Context, Partly, Top, UnitScore,
};
use crate::input::{parse_batch, ParsedBatch, UnitEntry, UnitInput};
use crate::limits::{strip_bom, Kind, Limits};
use crate::ranking::{RankBlock, Ranker};
use crate::support::hash::{hex, StrMap};
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::HashMap;

// Compatibility paths, removed when the API is narrowed.
#[doc(hidden)]
pub use crate::support::hash::canonical_sha256;
#[doc(hidden)]
pub use crate::support::json::parse_json;

/// The engine's name and version, recorded in every receipt.
pub const ENGINE: &str = concat!("parindex ", env!("CARGO_PKG_VERSION"));

/// What a batch was computed with: enough to reproduce and audit a published ranking.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Receipt {
    /// `parindex 0.1.0`
    pub engine: String,
    pub ruleset_id: String,
    pub ruleset_status: Status,
    /// SHA-256 of the rule set's canonical JSON.
    pub ruleset_sha256: String,
    /// SHA-256 of the input exactly as received (the bytes of the JSON text, so `sha256sum
    /// input.json` reproduces it); for typed inputs, of their JSON serialisation.
    pub inputs_sha256: String,
    /// True when the rule set is provisional (a reconstruction): every result says so.
    pub provisional: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notice: Option<String>,
    /// Whether the inputs are marked synthetic.
    pub synthetic: bool,
    pub units_scored: usize,
    pub units_failed: usize,
}

/// A unit that could not be scored, with every problem found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct UnitError {
    /// Position of the unit in the batch.
    pub index: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub errors: Vec<Issue>,
}

/// The result of scoring a batch.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct BatchResult {
    pub receipt: Receipt,
    pub units: Vec<UnitScore>,
    /// Units that could not be scored; the others are scored regardless.
    pub errors: Vec<UnitError>,
    pub ranking: Vec<RankBlock>,
}

/// A batch scored for its ranking: the receipt, the units refused and the ranking blocks, without
/// the units' explanations. What `rank` returns in every face (Python's `rs.rank`, JavaScript's
/// `rs.rank`), in this shape.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct RankResult {
    pub receipt: Receipt,
    /// Units that could not be scored (and so are not ranked).
    pub errors: Vec<UnitError>,
    pub ranking: Vec<RankBlock>,
}

impl From<BatchResult> for RankResult {
    fn from(r: BatchResult) -> RankResult {
        RankResult {
            receipt: r.receipt,
            errors: r.errors,
            ranking: r.ranking,
        }
    }
}

/// What a batch keeps, and the limits its text is read within.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BatchOptions {
    /// Keep every unit's node-by-node explanation in the result (it is always computed). Turn off
    /// for large batches whose caller only needs totals, indices and the ranking.
    pub keep_nodes: bool,
    /// The limits a batch (or unit) given as JSON text is checked against before it is read.
    pub limits: Limits,
}

impl Default for BatchOptions {
    fn default() -> Self {
        BatchOptions {
            keep_nodes: true,
            limits: Limits::DEFAULT,
        }
    }
}

/// Score a batch given as JSON text.
pub fn score_batch_json(rs: &RuleSet, text: &str) -> Result<BatchResult> {
    score_batch_json_with(rs, text, BatchOptions::default())
}

/// Score a batch given as JSON text, with options. The text is first checked against
/// `opts.limits`; a unit holding a key written twice is refused (`input.duplicate_key`), the
/// others are scored; a byte-order mark at the start is skipped (and hashed: `inputs_sha256` is
/// that of the text as received).
pub fn score_batch_json_with(rs: &RuleSet, text: &str, opts: BatchOptions) -> Result<BatchResult> {
    let parsed = read_text(text, &opts.limits)?;
    let inputs_sha256 = hex(&Sha256::digest(text.as_bytes()));
    finish(rs, parsed, inputs_sha256, opts)
}

/// Read batch text within `limits`: the units holding a key written twice are refused, each with
/// the key's path; a key written twice in the envelope refuses the batch.
fn read_text(text: &str, limits: &Limits) -> Result<ParsedBatch> {
    let scanned = limits.scan(text, Kind::Batch, "$")?;
    let mut parsed = parse_text(strip_bom(text))?;
    let mut envelope = Vec::new();
    for d in scanned.duplicates {
        match d.unit.and_then(|i| parsed.units.get_mut(i)) {
            Some(UnitEntry::Bad { issues, .. }) => issues.push(d.issue),
            Some(entry) => {
                let id = match entry {
                    UnitEntry::Ok(u) => std::mem::take(&mut u.id),
                    UnitEntry::Bad { .. } => String::new(),
                };
                *entry = UnitEntry::Bad {
                    id: Some(id),
                    issues: vec![d.issue],
                };
            }
            None => envelope.push(d.issue),
        }
    }
    if !envelope.is_empty() {
        return Err(Error::Input(envelope));
    }
    Ok(parsed)
}

/// Parse batch text. With `fast-text`, a well-formed batch deserialises straight into typed units,
/// without an intermediate JSON tree. Without it, a batch in the usual shapes is read the same way
/// by a small reader of its own ([`crate::input::text`]); failing that, a well-formed envelope is
/// read with its units left as text, and each unit is read as a tree of its own (see
/// [`parse_units_one_by_one`]). Anything else takes the path that reports every problem per unit.
fn parse_text(text: &str) -> Result<ParsedBatch> {
    #[cfg(feature = "fast-text")]
    let typed = crate::de::from_str_objects::<crate::input::BatchInput>(text)
        .ok()
        .filter(|b| b.format_version == crate::def::FORMAT_VERSION);
    #[cfg(not(feature = "fast-text"))]
    let typed = crate::input::text::batch(text);
    if let Some(b) = typed {
        return Ok(ParsedBatch {
            ruleset: b.ruleset,
            title: b.title,
            synthetic: b.synthetic,
            units: b.units.into_iter().map(UnitEntry::Ok).collect(),
        });
    }
    #[cfg(not(feature = "fast-text"))]
    if let Some(parsed) = parse_units_one_by_one(text) {
        return Ok(parsed);
    }
    let v = parse_json(text)?;
    parse_batch(&v).map_err(Error::Input)
}

/// A batch read unit by unit: each unit is parsed into a JSON tree of its own, read
/// ([`parse_unit`], as in [`parse_batch`]) and dropped before the next, and the envelope (every
/// entry but `units`) is checked by [`parse_batch`]. The whole batch as one tree would take
/// several times the memory of its text. `None` when the text or the envelope has a problem: the
/// whole tree is then read to name it.
#[cfg_attr(feature = "fast-text", allow(dead_code))]
fn parse_units_one_by_one(text: &str) -> Option<ParsedBatch> {
    use serde::de::{self, Deserializer as _, MapAccess, SeqAccess, Visitor};
    use std::fmt;

    struct Batch;
    impl<'de> Visitor<'de> for Batch {
        type Value = (serde_json::Map<String, Value>, Vec<UnitEntry>);
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a batch object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut envelope = serde_json::Map::new();
            let mut units = None;
            while let Some(key) = map.next_key::<String>()? {
                if key != "units" {
                    let v = map.next_value::<Value>()?;
                    envelope.insert(key, v);
                } else if units.is_none() {
                    units = Some(map.next_value_seed(Units)?);
                } else {
                    return Err(de::Error::duplicate_field("units"));
                }
            }
            let units = units.ok_or_else(|| de::Error::missing_field("units"))?;
            Ok((envelope, units))
        }
    }

    struct Units;
    impl<'de> de::DeserializeSeed<'de> for Units {
        type Value = Vec<UnitEntry>;
        fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_seq(self)
        }
    }
    impl<'de> Visitor<'de> for Units {
        type Value = Vec<UnitEntry>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("an array of units")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut units = Vec::new();
            while let Some(tree) = seq.next_element::<Value>()? {
                let path = format!("$.units[{}]", units.len());
                units.push(crate::input::parse_unit(&tree, &path));
            }
            Ok(units)
        }
    }

    let mut de = serde_json::Deserializer::from_str(text);
    let (mut envelope, units) = de.deserialize_map(Batch).ok()?;
    de.end().ok()?;
    envelope.insert("units".into(), Value::Array(Vec::new()));
    let meta = parse_batch(&Value::Object(envelope)).ok()?;
    Some(ParsedBatch { units, ..meta })
}

/// Explain one unit of a batch given as JSON text: only that unit is scored (with the batch's best
/// values for normalised rules, C5, gathered from the units the batch scores), so a large batch
/// does not keep every unit's explanation. The unit explained is the one the batch scores under
/// that id; when it scores none, the first refusal of a unit with that id is the error.
pub fn explain_json(rs: &RuleSet, text: &str, unit_id: &str) -> Result<UnitScore> {
    explain_json_within(rs, text, unit_id, &Limits::DEFAULT)
}

/// [`explain_json`], the text checked against `limits` as [`score_batch_json_with`] checks it.
pub fn explain_json_within(
    rs: &RuleSet,
    text: &str,
    unit_id: &str,
    limits: &Limits,
) -> Result<UnitScore> {
    let parsed = read_text(text, limits)?;
    check_ruleset(rs, &parsed)?;
    let mut settle = Settle::new(rs, &parsed.units, true, false);
    settle.run();
    let mut refused = None;
    for (i, entry) in parsed.units.iter().enumerate() {
        let issues = match entry {
            UnitEntry::Bad { id, issues } if id.as_deref() == Some(unit_id) => issues.clone(),
            UnitEntry::Ok(u) if u.id == unit_id => match settle.result(i) {
                // The unit holds the id, refused or not.
                Ok(mut s) => match settle.parent(i) {
                    Some(Parent::WrongLevel(issue)) => return Err(Error::Input(vec![issue])),
                    Some(Parent::Absent(warning)) => {
                        s.warnings.push(warning);
                        return Ok(s);
                    }
                    None => return Ok(s),
                },
                Err(e) => e.issues().to_vec(),
            },
            _ => continue,
        };
        refused.get_or_insert(issues);
    }
    match refused {
        Some(issues) => Err(Error::Input(issues)),
        None => Err(Error::NotFound(issue!(
            "not_found.unit",
            "$.units",
            unit = unit_id
        ))),
    }
}

fn check_ruleset(rs: &RuleSet, parsed: &ParsedBatch) -> Result<()> {
    match &parsed.ruleset {
        Some(want) if want != rs.id() => Err(Error::input(issue!(
            "input.ruleset_mismatch",
            "$.ruleset",
            given = excerpt(want),
            ruleset = rs.id()
        ))),
        _ => Ok(()),
    }
}

/// Score a batch given as a JSON value. Envelope problems are an error; a bad unit is reported in
/// `errors` and the others are still scored.
pub fn score_batch_value(rs: &RuleSet, v: &Value) -> Result<BatchResult> {
    let parsed = parse_batch(v).map_err(Error::Input)?;
    finish(rs, parsed, canonical_sha256(v), BatchOptions::default())
}

fn finish(
    rs: &RuleSet,
    parsed: ParsedBatch,
    inputs_sha256: String,
    opts: BatchOptions,
) -> Result<BatchResult> {
    check_ruleset(rs, &parsed)?;
    Ok(score_parsed(
        rs,
        parsed,
        InputsHash::Known(inputs_sha256),
        opts,
    ))
}

/// Score a batch already read from another format (a fact table read from CSV or a workbook):
/// each unit read, or refused with the problems found reading it, in order, exactly as a batch
/// read from JSON text is scored (the same per-unit refusals, settling and ranking). The receipt's
/// `inputs_sha256` is the caller's: the SHA-256 of the bytes as received.
#[cfg(feature = "tables")]
pub fn score_parsed_batch(
    rs: &RuleSet,
    parsed: ParsedBatch,
    inputs_sha256: String,
    opts: BatchOptions,
) -> Result<BatchResult> {
    opts.limits.check_units(parsed.units.len())?;
    finish(rs, parsed, inputs_sha256, opts)
}

/// Score already-typed units (a Rust caller's entry point).
pub fn score_batch(rs: &RuleSet, units: Vec<UnitInput>) -> BatchResult {
    score_batch_with(rs, units, BatchOptions::default())
}

/// Score already-typed units, with options. The inputs hash is that of the units serialised as a
/// JSON array in field order.
pub fn score_batch_with(rs: &RuleSet, units: Vec<UnitInput>, opts: BatchOptions) -> BatchResult {
    // (Whether every unit is synthetic is noted as the units become entries: one pass over them.)
    let mut synthetic = !units.is_empty();
    let units = (units.into_iter())
        .map(|u| {
            synthetic &= u.synthetic;
            UnitEntry::Ok(u)
        })
        .collect();
    let parsed = ParsedBatch {
        ruleset: None,
        title: None,
        synthetic,
        units,
    };
    score_parsed(rs, parsed, InputsHash::Units(UnitsHasher::new()), opts)
}

/// How the receipt's `inputs_sha256` is obtained.
enum InputsHash {
    /// Known before scoring (the SHA-256 of the JSON text as received).
    Known(String),
    /// Typed units: the JSON array of them, serialised and hashed one unit at a time as each is
    /// scored, while the unit's data is in the cache (one walk over a large batch instead of two).
    Units(UnitsHasher),
}

/// SHA-256 of `[unit,unit,…]` as `serde_json::to_writer` writes a `Vec<UnitInput>`, fed unit by
/// unit (the same bytes as [`canonical_sha256`] of the whole vector).
struct UnitsHasher {
    sha: Sha256,
    buf: Vec<u8>,
    empty: bool,
}

impl UnitsHasher {
    const FLUSH: usize = 64 << 10;

    fn new() -> Self {
        let mut buf = Vec::with_capacity(Self::FLUSH + (8 << 10));
        buf.push(b'[');
        UnitsHasher {
            sha: Sha256::new(),
            buf,
            empty: true,
        }
    }

    fn unit(&mut self, u: &UnitInput) {
        if !self.empty {
            self.buf.push(b',');
        }
        self.empty = false;
        crate::input::json::unit(&mut self.buf, u);
        if self.buf.len() >= Self::FLUSH {
            self.sha.update(&self.buf);
            self.buf.clear();
        }
    }

    fn finish(mut self) -> String {
        self.buf.push(b']');
        self.sha.update(&self.buf);
        hex(&self.sha.finalize())
    }
}

/// The JSON path of the unit at position `i` of a batch.
fn unit_path(i: usize) -> String {
    format!("$.units[{i}]")
}

/// A problem with a unit's parent (S10), found while settling.
enum Parent {
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
struct Settle<'a, 'r> {
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
    fn new(
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

    fn run(&mut self) {
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
                    let id = self.unit(i).map_or("", |u| u.id.as_str());
                    top.offer(v, i, || id);
                }
            }
            tops.insert(key, top);
        }
        tops
    }

    /// The problem with the parent of the unit at `i`, if any (checking it).
    fn parent(&mut self, i: usize) -> Option<Parent> {
        self.check_parent(i);
        self.parents.remove(&i)
    }

    /// The result of the unit at `i` with the settled context: kept from settling, or scored now.
    fn result(&mut self, i: usize) -> Result<UnitScore> {
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
struct Settled {
    ctx: Context,
    /// By position (ascending), as the batch takes them.
    scored: std::vec::IntoIter<(usize, Result<Partly>)>,
    namesake: HashMap<usize, usize>,
    /// The first unit of each id that other units have too.
    shared: std::collections::HashSet<usize>,
    /// By position (ascending).
    parents: std::vec::IntoIter<(usize, Parent)>,
}

/// The value at position `i` of entries by position (ascending), dropping those before it (units
/// the batch refused before taking what was found for them).
fn take_at<T>(
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

fn score_parsed(
    rs: &RuleSet,
    parsed: ParsedBatch,
    mut inputs_hash: InputsHash,
    opts: BatchOptions,
) -> BatchResult {
    let mut settle = Settle::new(rs, &parsed.units, opts.keep_nodes, true);
    settle.run();
    let Settled {
        ctx,
        scored,
        namesake,
        shared,
        parents,
    } = settle.into();
    // Taken as the units come, in order.
    let mut scored = scored.peekable();
    let mut parents = parents.peekable();
    // For each id several units have: the position of the unit scored under it, once scored.
    let mut holder: HashMap<usize, usize> = HashMap::new();
    let mut units = Vec::with_capacity(parsed.units.len());
    // Each unit is taken for the ranking as it is scored, while it is in the cache.
    let mut ranker = Ranker::new(rs);
    let mut errors = Vec::new();
    let mut path = String::new();
    for (i, entry) in parsed.units.into_iter().enumerate() {
        path.clear();
        path.push_str("$.units[");
        path.push_str(itoa::Buffer::new().format(i));
        path.push(']');
        match entry {
            UnitEntry::Bad { id, issues } => errors.push(UnitError {
                index: i,
                id,
                errors: issues,
            }),
            UnitEntry::Ok(mut u) => {
                if let InputsHash::Units(h) = &mut inputs_hash {
                    h.unit(&u);
                }
                if let Some(e) = blank_id(&u.id, &path) {
                    errors.push(UnitError {
                        index: i,
                        id: Some(u.id),
                        errors: e.issues().to_vec(),
                    });
                    continue;
                }
                // An id several units have is held by the first of them that scores.
                let head = namesake.get(&i).copied();
                let id_shared = head.is_some() || shared.contains(&i);
                if let Some(first) = head.and_then(|h| holder.get(&h)) {
                    errors.push(UnitError {
                        index: i,
                        id: Some(u.id.clone()),
                        errors: vec![issue!(
                            "input.duplicate_unit",
                            format!("{path}.id"),
                            id = excerpt(&u.id),
                            first
                        )],
                    });
                    continue;
                }
                // The id is kept aside for an error: scoring reads everything of the unit but
                // its id, which only becomes the result's.
                let id = std::mem::take(&mut u.id);
                let result = match take_at(&mut scored, i) {
                    Some(Ok(p)) => Ok(p.finish(rs, &ctx, u, opts.keep_nodes)),
                    Some(Err(e)) => Err(e),
                    None => score_taken(rs, u, &ctx, &path),
                };
                match result {
                    Ok(mut s) => {
                        s.id = id;
                        if id_shared {
                            holder.insert(head.unwrap_or(i), i);
                        }
                        match take_at(&mut parents, i) {
                            Some(Parent::WrongLevel(issue)) => {
                                errors.push(UnitError {
                                    index: i,
                                    id: Some(s.id),
                                    errors: vec![issue],
                                });
                                continue;
                            }
                            Some(Parent::Absent(warning)) => s.warnings.push(warning),
                            None => {}
                        }
                        if !opts.keep_nodes {
                            s.nodes = Default::default();
                        }
                        ranker.push(&s, units.len());
                        units.push(s)
                    }
                    Err(e) => errors.push(UnitError {
                        index: i,
                        id: Some(id),
                        errors: e.issues().to_vec(),
                    }),
                }
            }
        }
    }
    let ranking = ranker.finish(&units);
    let inputs_sha256 = match inputs_hash {
        InputsHash::Known(h) => h,
        InputsHash::Units(h) => h.finish(),
    };
    BatchResult {
        receipt: Receipt {
            engine: ENGINE.to_string(),
            ruleset_id: rs.id().to_string(),
            ruleset_status: rs.def().status,
            ruleset_sha256: rs.sha256().to_string(),
            inputs_sha256,
            provisional: rs.is_provisional(),
            notice: rs.notice(),
            synthetic: parsed.synthetic,
            units_scored: units.len(),
            units_failed: errors.len(),
        },
        units,
        errors,
        ranking,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reading a batch unit by unit gives what reading it as one tree gives, problems included.
    #[test]
    fn units_read_one_by_one_as_from_the_whole_tree() {
        let whole = |t: &str| format!("{:?}", parse_batch(&parse_json(t).unwrap()));
        let by_unit = |t: &str| parse_units_one_by_one(t).map(|p| format!("{:?}", Ok::<_, ()>(p)));
        let example = crate::builtin::EXAMPLE_PROVINCE;
        assert_eq!(by_unit(example).unwrap(), whole(example));
        let bad = r#"{"format_version": 1, "title": "t", "units": [
            {"id": "a", "name": "A", "group": "g", "items": {"1.1": {"met": true}}},
            {"id": "b", "name": "B", "group": "g", "items": {"1.1": {"met": "yes"}, "1.2": {"x": 1}}},
            {"id": "c", "name": "C", "group": "g", "colour": 1},
            [1]
        ]}"#;
        let got = by_unit(bad).unwrap();
        assert_eq!(got, whole(bad));
        assert!(got.contains(r#"$.units[1].items[\"1.2\"].x"#), "{got}");
        assert!(got.contains("$.units[2].colour"), "{got}");
        // An envelope with a problem is left to the whole tree, which names it; what the whole
        // tree lets through (a title that is not a string is ignored) is read the same.
        for envelope in [
            r#"{"format_version": 2, "units": []}"#,
            r#"{"format_version": 1, "units": [], "extra": 1}"#,
            r#"{"format_version": 1, "units": {}}"#,
            r#"{"units": [], "format_version": 1, "units": []}"#,
            r#"{"format_version": 1}"#,
            r#"{"units": []}"#,
            r#"[]"#,
        ] {
            assert_eq!(by_unit(envelope), None, "{envelope}");
        }
        let lenient = r#"{"title": 5, "units": [], "synthetic": "no", "format_version": 1}"#;
        assert_eq!(by_unit(lenient).unwrap(), whole(lenient));
        assert_eq!(by_unit(r#"{"format_version": 1, "units": [}"#), None);
        assert_eq!(by_unit(r#"{"format_version": 1, "units": []} x"#), None);
    }

    /// Every object of `v` (at JSON path `path`, JSON pointer `ptr`), as (path, pointer) pairs.
    fn object_positions(v: &Value, path: &str, ptr: &str, out: &mut Vec<(String, String)>) {
        match v {
            Value::Object(m) => {
                out.push((path.to_string(), ptr.to_string()));
                for (k, x) in m {
                    let p = format!("{ptr}/{}", k.replace('~', "~0").replace('/', "~1"));
                    object_positions(x, &crate::error::key_path(path, k), &p, out);
                }
            }
            Value::Array(a) => {
                for (i, x) in a.iter().enumerate() {
                    object_positions(x, &format!("{path}[{i}]"), &format!("{ptr}/{i}"), out);
                }
            }
            _ => {}
        }
    }

    /// `v` with the object at `ptr` written as the array of its values (serde's sequence form).
    fn as_array_at(v: &Value, ptr: &str) -> Value {
        let mut v = v.clone();
        let at = v.pointer_mut(ptr).expect("a position of the value");
        let values = at
            .as_object()
            .expect("an object")
            .values()
            .cloned()
            .collect();
        *at = Value::Array(values);
        v
    }

    /// The problems every reader of batch text finds in `text`: the tree, the unit-by-unit reader
    /// and (feature `fast-text`) the typed reader, which must give up; the small reader gives up.
    fn refused_by_every_reader(text: &str) -> Vec<Issue> {
        assert!(crate::input::text::batch(text).is_none(), "{text}");
        #[cfg(feature = "fast-text")]
        assert!(
            crate::de::from_str_objects::<crate::input::BatchInput>(text).is_err(),
            "{text}"
        );
        let issues = |p: ParsedBatch| -> Vec<Issue> {
            (p.units.into_iter())
                .flat_map(|u| match u {
                    UnitEntry::Bad { issues, .. } => issues,
                    UnitEntry::Ok(_) => Vec::new(),
                })
                .collect()
        };
        let by_tree = parse_batch(&parse_json(text).unwrap()).map(issues);
        if let Some(by_unit) = parse_units_one_by_one(text) {
            assert_eq!(Ok(issues(by_unit)), by_tree, "{text}");
        }
        by_tree.unwrap_or_else(|e| e)
    }

    /// Regression (issue 21, defect 6): a unit written as an array of its fields' values
    /// (`["so_noi_vu", "Sở Nội vụ", "department"]`, serde's sequence form of a struct) was read
    /// as the unit and scored. Every object of the example province — the batch, each unit, its
    /// items, each item, its outcome and event counts, components, each component, each bonus
    /// and penalty entry — written in turn as the array of its values is refused by every reader
    /// with `input.not_an_object` at that object's path; the other units score as before.
    #[test]
    fn an_array_where_an_object_belongs_is_refused_at_its_path() {
        let rs = crate::builtin::ruleset(crate::builtin::DEFAULT_RULESET).unwrap();
        let example = parse_json(crate::builtin::EXAMPLE_PROVINCE).unwrap();
        let units = example["units"].as_array().unwrap();
        // The whole batch.
        let text = Value::Array(example.as_object().unwrap().values().cloned().collect());
        let e = score_batch_json(&rs, &text.to_string()).unwrap_err();
        assert_eq!((e.code(), e.path()), ("input.not_an_object", "$"));
        // Every object of every unit, each unit in a batch of its own.
        let mut kinds = std::collections::BTreeSet::new();
        for unit in units {
            let mut positions = Vec::new();
            object_positions(unit, "$.units[0]", "", &mut positions);
            for (path, ptr) in positions {
                let bad = as_array_at(unit, &ptr);
                let text = format!(r#"{{"format_version": 1, "units": [{bad}]}}"#);
                let found = refused_by_every_reader(&text);
                assert!(
                    found
                        .iter()
                        .any(|i| i.code == "input.not_an_object" && i.path == path),
                    "{path}: {found:?}"
                );
                // The kind of position: the path without its keys and indices.
                kinds.insert(
                    path.split(['.', '['])
                        .filter(|s| s.chars().all(char::is_alphabetic))
                        .collect::<Vec<_>>()
                        .join("."),
                );
            }
        }
        let kinds: Vec<&str> = kinds.iter().map(String::as_str).collect();
        for kind in [
            "units",
            "units.items",
            "units.items.outcomes",
            "units.items.events",
            "units.components",
            "units.components.survey",
            "units.bonus",
            "units.penalty",
        ] {
            assert!(kinds.contains(&kind), "{kind} not tried: {kinds:?}");
        }
        // In the whole province, the unit is refused and absent: the others score as they do
        // without it.
        for i in [0, 7, units.len() - 1] {
            let bad = as_array_at(&example, &format!("/units/{i}"));
            let after = score_batch_json(&rs, &bad.to_string()).unwrap();
            assert_eq!(after.errors.len(), 1);
            assert_eq!(after.errors[0].errors[0].code, "input.not_an_object");
            assert_eq!(after.errors[0].errors[0].path, format!("$.units[{i}]"));
            let mut without = example.clone();
            without["units"].as_array_mut().unwrap().remove(i);
            let want = score_batch_json(&rs, &without.to_string()).unwrap();
            let json = |r: &BatchResult| serde_json::to_string(&(&r.units, &r.ranking)).unwrap();
            assert!(json(&after) == json(&want), "unit {i}: the others changed");
        }
    }

    /// A repeated id is an error naming the unit scored under it: the first that scores.
    #[test]
    fn duplicate_ids_name_the_unit_scored_under_the_id() {
        let rs = crate::builtin::ruleset(crate::builtin::DEFAULT_RULESET).unwrap();
        let mut units = crate::eval::synth::generate(&rs, 2, 1);
        let one = units[0].clone();
        units.insert(1, one.clone());
        units.push(one);
        let r = crate::with_lang(crate::Lang::En, || score_batch(&rs, units));
        assert_eq!(r.units.len(), 2);
        let got: Vec<(usize, &str, &str)> = r
            .errors
            .iter()
            .map(|e| {
                (
                    e.index,
                    e.errors[0].path.as_str(),
                    e.errors[0].message.as_str(),
                )
            })
            .collect();
        let id = &r.units[0].id;
        assert_eq!(
            got,
            [
                (
                    1,
                    "$.units[1].id",
                    &*format!("unit id `{id}` is already used by $.units[0]")
                ),
                (
                    3,
                    "$.units[3].id",
                    &*format!("unit id `{id}` is already used by $.units[0]")
                ),
            ]
        );
    }
}
