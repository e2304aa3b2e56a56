//! Batches: score every valid unit, report the bad ones, rank within blocks, and issue a receipt.

use crate::error::{Error, Issue, Result};
use crate::input::{parse_batch, ParsedBatch, UnitEntry, UnitInput};
use crate::model::{Status, TieBreaker};
use crate::ruleset::{hex, RuleSet};
use crate::score::{score_unit, Context, UnitScore};
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::cmp::Ordering;

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
    pub band: String,
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

/// The result of scoring a batch.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct BatchResult {
    pub receipt: Receipt,
    pub units: Vec<UnitScore>,
    /// Units that could not be scored; the others are scored regardless.
    pub errors: Vec<UnitError>,
    pub ranking: Vec<RankBlock>,
}

/// Hash of a JSON value in canonical form (object keys sorted; numbers as written), streamed into
/// the hasher without building the text.
pub fn canonical_sha256<T: Serialize + ?Sized>(v: &T) -> String {
    struct HashWriter(Sha256);
    impl std::io::Write for HashWriter {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.update(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut w = HashWriter(Sha256::new());
    // Writing into a hasher cannot fail; a value that cannot be serialised hashes what was written.
    let _ = serde_json::to_writer(&mut w, v);
    hex(&w.0.finalize())
}

/// What a batch keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BatchOptions {
    /// Keep every unit's node-by-node explanation in the result (it is always computed). Turn off
    /// for large batches whose caller only needs totals, indices and the ranking.
    pub keep_nodes: bool,
}

impl Default for BatchOptions {
    fn default() -> Self {
        BatchOptions { keep_nodes: true }
    }
}

/// Parse JSON text as a batch value, reporting syntax errors as input errors.
pub fn parse_json(text: &str) -> Result<Value> {
    serde_json::from_str(text)
        .map_err(|e| Error::input("input.json_syntax", "$", format!("not valid JSON: {e}")))
}

/// Score a batch given as JSON text.
pub fn score_batch_json(rs: &RuleSet, text: &str) -> Result<BatchResult> {
    score_batch_json_with(rs, text, BatchOptions::default())
}

/// Score a batch given as JSON text, with options.
pub fn score_batch_json_with(rs: &RuleSet, text: &str, opts: BatchOptions) -> Result<BatchResult> {
    let inputs_sha256 = hex(&Sha256::digest(text.as_bytes()));
    finish(rs, parse_text(text)?, inputs_sha256, opts)
}

/// Parse batch text. Fast path: a well-formed batch deserialises straight into typed units, without
/// an intermediate JSON tree. Anything else takes the path that reports every problem per unit.
fn parse_text(text: &str) -> Result<ParsedBatch> {
    if let Ok(b) = serde_json::from_str::<crate::input::BatchInput>(text) {
        if b.format_version == crate::model::FORMAT_VERSION {
            return Ok(ParsedBatch {
                ruleset: b.ruleset,
                title: b.title,
                synthetic: b.synthetic,
                units: b
                    .units
                    .into_iter()
                    .map(|u| UnitEntry::Ok(Box::new(u)))
                    .collect(),
            });
        }
    }
    let v = parse_json(text)?;
    parse_batch(&v).map_err(Error::Input)
}

/// Explain one unit of a batch given as JSON text: only that unit is scored (with the batch's best
/// values for normalised rules, C5), so a large batch does not keep every unit's explanation.
pub fn explain_json(rs: &RuleSet, text: &str, unit_id: &str) -> Result<UnitScore> {
    let parsed = parse_text(text)?;
    check_ruleset(rs, &parsed)?;
    let ctx = Context::from_units(
        rs,
        parsed.units.iter().filter_map(|u| match u {
            UnitEntry::Ok(u) => Some(&**u),
            UnitEntry::Bad { .. } => None,
        }),
    );
    let found = parsed.units.iter().enumerate().find(|(_, e)| match e {
        UnitEntry::Ok(u) => u.id == unit_id,
        UnitEntry::Bad { id, .. } => id.as_deref() == Some(unit_id),
    });
    match found {
        Some((i, UnitEntry::Ok(u))) => {
            score_unit(rs, (**u).clone(), &ctx, &format!("$.units[{i}]"))
        }
        Some((_, UnitEntry::Bad { issues, .. })) => Err(Error::Input(issues.clone())),
        None => Err(Error::NotFound(Issue::new(
            "not_found.unit",
            "$.units",
            format!("the batch has no unit `{unit_id}`"),
        ))),
    }
}

fn check_ruleset(rs: &RuleSet, parsed: &ParsedBatch) -> Result<()> {
    match &parsed.ruleset {
        Some(want) if want != rs.id() => Err(Error::input(
            "input.ruleset_mismatch",
            "$.ruleset",
            format!("the batch is for rule set `{want}`, not `{}`", rs.id()),
        )),
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
    Ok(score_parsed(rs, parsed, inputs_sha256, opts))
}

/// Score already-typed units (a Rust caller's entry point).
pub fn score_batch(rs: &RuleSet, units: Vec<UnitInput>) -> BatchResult {
    score_batch_with(rs, units, BatchOptions::default())
}

/// Score already-typed units, with options. The inputs hash is that of the units serialised as a
/// JSON array in field order.
pub fn score_batch_with(rs: &RuleSet, units: Vec<UnitInput>, opts: BatchOptions) -> BatchResult {
    let inputs_sha256 = canonical_sha256(&units);
    let parsed = ParsedBatch {
        ruleset: None,
        title: None,
        synthetic: units.iter().all(|u| u.synthetic) && !units.is_empty(),
        units: units
            .into_iter()
            .map(|u| UnitEntry::Ok(Box::new(u)))
            .collect(),
    };
    score_parsed(rs, parsed, inputs_sha256, opts)
}

fn score_parsed(
    rs: &RuleSet,
    parsed: ParsedBatch,
    inputs_sha256: String,
    opts: BatchOptions,
) -> BatchResult {
    let ctx = Context::from_units(
        rs,
        parsed.units.iter().filter_map(|u| match u {
            UnitEntry::Ok(u) => Some(&**u),
            UnitEntry::Bad { .. } => None,
        }),
    );
    let mut units = Vec::new();
    let mut errors = Vec::new();
    let mut seen = std::collections::HashMap::new();
    for (i, entry) in parsed.units.into_iter().enumerate() {
        let path = format!("$.units[{i}]");
        match entry {
            UnitEntry::Bad { id, issues } => errors.push(UnitError {
                index: i,
                id,
                errors: issues,
            }),
            UnitEntry::Ok(u) => {
                if let Some(first) = seen.insert(u.id.clone(), i) {
                    errors.push(UnitError {
                        index: i,
                        id: Some(u.id.clone()),
                        errors: vec![Issue::new(
                            "input.duplicate_unit",
                            format!("{path}.id"),
                            format!("unit id `{}` is already used by $.units[{first}]", u.id),
                        )],
                    });
                    continue;
                }
                let id = u.id.clone();
                match score_unit(rs, *u, &ctx, &path) {
                    Ok(mut s) => {
                        if !opts.keep_nodes {
                            s.nodes = Default::default();
                        }
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
    let ranking = rank(rs, &units);
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

fn tie_value(u: &UnitScore, tb: &TieBreaker) -> Decimal {
    match tb {
        TieBreaker::Component { id } => u.components.iter().find(|c| &c.id == id).map(|c| c.points),
        TieBreaker::Field { code } => u
            .fields
            .iter()
            .find(|f| *f.code == **code)
            .and_then(|f| f.sub_index),
        TieBreaker::TotalPoints => Some(u.total),
    }
    .unwrap_or(Decimal::MIN)
}

/// Names of the block members in `from..to` other than `me`, at most five.
fn names(units: &[UnitScore], members: &[usize], from: usize, to: usize, me: usize) -> String {
    let all: Vec<&str> = (from..to)
        .filter(|&j| j != me)
        .map(|j| units[members[j]].name.as_str())
        .collect();
    if all.len() > 5 {
        format!("{} and {} more", all[..5].join(", "), all.len() - 5)
    } else {
        all.join(", ")
    }
}

fn tb_name(tb: &TieBreaker) -> String {
    match tb {
        TieBreaker::Component { id } => format!("component `{id}`"),
        TieBreaker::Field { code } => format!("field {code} sub-index"),
        TieBreaker::TotalPoints => "total points".to_string(),
    }
}

/// Rank scored units within their blocks: by index (as rounded by the rule set), descending; ties
/// share a rank unless a declared tie-breaker separates them. Independent of input order.
pub fn rank(rs: &RuleSet, units: &[UnitScore]) -> Vec<RankBlock> {
    let tbs = &rs.def().ranking.tie_breakers;
    let level_pos = |l: &str| {
        rs.levels()
            .iter()
            .position(|x| x.id == l)
            .unwrap_or(usize::MAX)
    };
    let mut idx: Vec<usize> = (0..units.len()).collect();
    let key_cmp = |a: &UnitScore, b: &UnitScore| -> Ordering {
        let mut o = b.index.cmp(&a.index);
        for tb in tbs {
            if o != Ordering::Equal {
                break;
            }
            o = tie_value(b, tb).cmp(&tie_value(a, tb));
        }
        o
    };
    idx.sort_by(|&a, &b| {
        let (ua, ub) = (&units[a], &units[b]);
        level_pos(&ua.level)
            .cmp(&level_pos(&ub.level))
            .then_with(|| ua.block.cmp(&ub.block))
            .then_with(|| key_cmp(ua, ub))
            .then_with(|| ua.id.cmp(&ub.id))
    });
    let mut blocks: Vec<RankBlock> = Vec::new();
    let mut start = 0;
    while start < idx.len() {
        let first = &units[idx[start]];
        let mut end = start;
        while end < idx.len()
            && units[idx[end]].block == first.block
            && units[idx[end]].level == first.level
        {
            end += 1;
        }
        let members = &idx[start..end];
        let mut entries = Vec::with_capacity(members.len());
        // Units with an equal key (index and tie-breakers) are contiguous, and so are units with an
        // equal index: walk runs instead of comparing every pair.
        let mut k = 0;
        while k < members.len() {
            let mut run_end = k + 1;
            while run_end < members.len()
                && key_cmp(&units[members[k]], &units[members[run_end]]) == Ordering::Equal
            {
                run_end += 1;
            }
            let idx_start = (0..=k)
                .rev()
                .take_while(|&j| units[members[j]].index == units[members[k]].index)
                .last()
                .unwrap_or(k);
            let mut idx_end = run_end;
            while idx_end < members.len()
                && units[members[idx_end]].index == units[members[k]].index
            {
                idx_end += 1;
            }
            for j in k..run_end {
                let u = &units[members[j]];
                let others = |from: usize, to: usize| names(units, members, from, to, j);
                let note = if run_end - k > 1 {
                    Some(format!(
                        "tied at index {} with {}{}",
                        u.index,
                        others(k, run_end),
                        if tbs.is_empty() {
                            " (the rule set declares no tie-breaker)"
                        } else {
                            " (tie-breakers equal too)"
                        }
                    ))
                } else if idx_end - idx_start > 1 {
                    let other = &units[members[if j == idx_start { j + 1 } else { idx_start }]];
                    tbs.iter()
                        .find(|tb| tie_value(u, tb) != tie_value(other, tb))
                        .map(|tb| {
                            format!(
                                "same index {} as {}; separated by {}: {} vs {}",
                                u.index,
                                others(idx_start, idx_end),
                                tb_name(tb),
                                tie_value(u, tb),
                                tie_value(other, tb)
                            )
                        })
                } else {
                    None
                };
                entries.push(RankEntry {
                    rank: k + 1,
                    id: u.id.clone(),
                    name: u.name.clone(),
                    group: u.group.clone(),
                    index: u.index,
                    total: u.total,
                    max_points: u.max_points,
                    band: u.band.clone(),
                    tied: run_end - k > 1,
                    note,
                });
            }
            k = run_end;
        }
        blocks.push(RankBlock {
            block: first.block.clone(),
            level: first.level.clone(),
            parent: if rs
                .def()
                .levels
                .iter()
                .any(|l| l.id == first.level && l.block_by == crate::model::BlockBy::Parent)
            {
                first.parent.clone()
            } else {
                None
            },
            entries,
        });
        start = end;
    }
    blocks
}
