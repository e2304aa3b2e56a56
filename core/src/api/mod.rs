//! The facade the Python and JavaScript bindings call: JSON text in, typed results out. Bindings
//! only convert types and map errors; every rule lives behind these functions.

pub mod schema;

use crate::batch::{self, BatchResult};
use crate::builtin;
use crate::error::{Error, Issue, Result};
use crate::input::UnitInput;
use crate::ruleset::RuleSet;
use crate::score::{score_unit, Context, UnitScore};

pub use crate::input::read_unit_within;
pub use crate::limits::{strip_bom, text_from_bytes, Kind, Limits};

/// Load a rule set: the id of a built-in rule set (`hoabinh-1440-2019`, spaces around it
/// ignored), else JSON text (read within the default [`Limits`]). Nothing is guessed from the
/// first character: text that is neither a built-in id nor valid JSON is refused as JSON
/// (`ruleset.json_syntax`), and the message lists the built-in ids. Callers that know which they
/// hold say so with [`builtin::ruleset`] or [`RuleSet::from_json_within`].
pub fn load_ruleset(id_or_json: &str) -> Result<RuleSet> {
    let id = id_or_json.trim();
    if builtin::ids().contains(&id) {
        return builtin::ruleset(id);
    }
    RuleSet::from_json(id_or_json).map_err(|e| match e {
        Error::RuleSet(mut issues)
            if issues.len() == 1 && issues[0].code == "ruleset.json_syntax" =>
        {
            issues[0].message.push_str(&format!(
                " (nor is it a built-in rule set: {})",
                builtin::ids().join(", ")
            ));
            Error::RuleSet(issues)
        }
        other => other,
    })
}

/// Validate rule-set JSON: every problem found (empty when valid); a limit exceeded is listed as
/// its problem.
pub fn validate_ruleset(json: &str) -> Vec<Issue> {
    match RuleSet::from_json(json) {
        Ok(_) => Vec::new(),
        Err(e) => e.issues().to_vec(),
    }
}

/// Validate rule-set JSON within `limits`: every problem found (empty when valid). A text that
/// goes beyond a limit is not read at all: that is the error.
pub fn validate_ruleset_within(json: &str, limits: &Limits) -> Result<Vec<Issue>> {
    match RuleSet::from_json_within(json, limits) {
        Ok(_) => Ok(Vec::new()),
        Err(e @ Error::Limit(_)) => Err(e),
        Err(e) => Ok(e.issues().to_vec()),
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
    let u = read_unit_within(unit_json, &opts.limits)?;
    let ctx = Context::from_units(rs, std::iter::once(&u));
    let mut s = score_unit(rs, u, &ctx, "$")?;
    if !opts.keep_nodes {
        s.nodes = Default::default();
    }
    Ok(s)
}

/// Read one unit (JSON text of a unit object) within the default [`Limits`], reporting every
/// problem with its path.
pub fn read_unit(unit_json: &str) -> Result<UnitInput> {
    read_unit_within(unit_json, &Limits::DEFAULT)
}

/// Score a batch and return the one unit's explanation (node by node).
pub fn explain(rs: &RuleSet, batch_json: &str, unit_id: &str) -> Result<UnitScore> {
    batch::explain_json(rs, batch_json, unit_id)
}

/// [`explain`], the batch read within `limits`.
pub fn explain_within(
    rs: &RuleSet,
    batch_json: &str,
    unit_id: &str,
    limits: &Limits,
) -> Result<UnitScore> {
    batch::explain_json_within(rs, batch_json, unit_id, limits)
}
