//! Batches: score every valid unit, report the bad ones, rank within blocks, and issue a receipt.
//!
//! Arithmetic here is checked (the lint below refuses an unchecked operator).

#![deny(clippy::arithmetic_side_effects)]

use crate::compile::RuleSet;
use crate::def::Status;
use crate::error::{excerpt, issue, Error, Issue, Result};
use crate::eval::{blank_id, score_taken, UnitScore};
use crate::input::{parse_batch, ParsedBatch, UnitEntry, UnitInput};
use crate::limits::Limits;
use crate::ranking::{RankBlock, Ranker};
use crate::support::hash::hex;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::HashMap;

mod read;
mod receipt;
mod settle;

use read::read_text;
use receipt::{InputsHash, UnitsHasher};
use settle::{take_at, Parent, Settle, Settled};

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

impl BatchResult {
    /// The result's ranking part, what `rank` returns: its receipt, errors and ranking, copied
    /// (the units, which the ranking part leaves out, are not).
    pub fn rank_result(&self) -> RankResult {
        RankResult {
            receipt: self.receipt.clone(),
            errors: self.errors.clone(),
            ranking: self.ranking.clone(),
        }
    }

    /// The scored unit with this id. A unit of the batch that was refused is `not_found.unit:failed`
    /// (its problems are in `errors`); an id the batch does not hold, `not_found.unit`.
    ///
    /// ```
    /// use parindex::{builtin, RuleSet};
    /// let rs = RuleSet::builtin(builtin::DEFAULT_RULESET)?;
    /// let result = rs.score_json(builtin::EXAMPLE_PROVINCE)?;
    /// assert_eq!(result.unit("so_noi_vu")?.id, "so_noi_vu");
    /// assert_eq!(result.unit("nowhere").unwrap_err().code(), "not_found.unit");
    /// assert_eq!(result.block("department")?.block, "department");
    /// # Ok::<(), parindex::Error>(())
    /// ```
    pub fn unit(&self, id: &str) -> Result<&UnitScore> {
        if let Some(u) = self.units.iter().find(|u| u.id == id) {
            return Ok(u);
        }
        let refused = self.errors.iter().any(|e| e.id.as_deref() == Some(id));
        let key = if refused {
            "not_found.unit:failed"
        } else {
            "not_found.unit"
        };
        Err(Error::NotFound(issue!(key, "$.units", unit = id)))
    }

    /// The ranking block with this id (`department`, `district`, `commune/<district>`), or
    /// `not_found.block` naming the blocks there are.
    pub fn block(&self, id: &str) -> Result<&RankBlock> {
        RankBlock::find(&self.ranking, id)
    }
}

impl RankResult {
    /// The ranking block with this id, as [`BatchResult::block`].
    pub fn block(&self, id: &str) -> Result<&RankBlock> {
        RankBlock::find(&self.ranking, id)
    }
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
mod tests;
