//! The facade the Python and JavaScript bindings call: JSON text in, typed results out. Bindings
//! only convert types and map errors; every rule lives behind these functions.

use crate::batch::{self, BatchResult};
use crate::builtin;
use crate::error::{Error, Issue, Result};
use crate::input::{parse_unit, UnitEntry, UnitInput};
use crate::ruleset::RuleSet;
use crate::score::{score_unit, Context, UnitScore};

/// Load a rule set: a built-in id (`hoabinh-1440-2019`) or JSON text (starts with `{`).
pub fn load_ruleset(id_or_json: &str) -> Result<RuleSet> {
    if id_or_json.trim_start().starts_with('{') {
        RuleSet::from_json(id_or_json)
    } else {
        builtin::ruleset(id_or_json.trim())
    }
}

/// Validate rule-set JSON: every problem found (empty when valid).
pub fn validate_ruleset(json: &str) -> Vec<Issue> {
    match RuleSet::from_json(json) {
        Ok(_) => Vec::new(),
        Err(e) => e.issues().to_vec(),
    }
}

/// Score a batch (JSON text of `{format_version, units:[…]}`).
pub fn score_batch(rs: &RuleSet, batch_json: &str) -> Result<BatchResult> {
    batch::score_batch_json(rs, batch_json)
}

/// Score a batch with options (e.g. without retaining node explanations for large batches).
pub fn score_batch_with(
    rs: &RuleSet,
    batch_json: &str,
    opts: batch::BatchOptions,
) -> Result<BatchResult> {
    batch::score_batch_json_with(rs, batch_json, opts)
}

/// Score one unit (JSON text of a unit object). Normalised rules (C5) compare the unit with itself
/// only; score a batch for those.
pub fn score_one(rs: &RuleSet, unit_json: &str) -> Result<UnitScore> {
    score_one_with(rs, unit_json, batch::BatchOptions::default())
}

/// Score one unit with options: `keep_nodes: false` leaves the node-by-node explanation out (a form
/// rescoring as an officer types needs the totals, fields and index; a node's explanation can be
/// asked for when shown).
pub fn score_one_with(
    rs: &RuleSet,
    unit_json: &str,
    opts: batch::BatchOptions,
) -> Result<UnitScore> {
    let u = read_unit(unit_json)?;
    let ctx = Context::from_units(rs, std::iter::once(&u));
    let mut s = score_unit(rs, u, &ctx, "$")?;
    if !opts.keep_nodes {
        s.nodes = Default::default();
    }
    Ok(s)
}

/// Read one unit (JSON text of a unit object), reporting every problem with its path.
pub fn read_unit(unit_json: &str) -> Result<UnitInput> {
    // With `fast-text`, a well-formed unit deserialises straight into its type; anything else
    // takes the path that reports every problem.
    #[cfg(feature = "fast-text")]
    if let Ok(u) = crate::de::from_str_objects::<UnitInput>(unit_json) {
        return Ok(u);
    }
    // Without it, a unit in the usual shapes is read by a small reader of its own.
    #[cfg(not(feature = "fast-text"))]
    if let Some(u) = crate::input::text::unit(unit_json) {
        return Ok(u);
    }
    match parse_unit(&batch::parse_json(unit_json)?, "$") {
        UnitEntry::Ok(u) => Ok(u),
        UnitEntry::Bad { issues, .. } => Err(Error::Input(issues)),
    }
}

/// Score a batch and return the one unit's explanation (node by node).
pub fn explain(rs: &RuleSet, batch_json: &str, unit_id: &str) -> Result<UnitScore> {
    batch::explain_json(rs, batch_json, unit_id)
}
