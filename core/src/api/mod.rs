//! The entry points: [`RuleSet`]'s `score`, `rank` and `explain` for Rust programs, and the facade
//! the Python and JavaScript bindings call (hidden from the documentation): JSON text in, typed
//! results out. Bindings only convert types and map errors; every rule lives behind these
//! functions.

pub mod frame;
pub mod schema;
pub mod shape;
pub mod tree;

use crate::batch::{self, BatchOptions, BatchResult};
use crate::compile::builtin;
use crate::compile::RuleSet;
use crate::error::{Error, Issue, Result};
use crate::eval::{score_unit, Context};
use crate::input::UnitInput;
use crate::ranking::{self, RankBlock};
use crate::result::UnitScore;

pub use crate::form::UnitForm;
pub use crate::input::read_unit_within;
pub use crate::support::limits::{strip_bom, text_from_bytes, Kind, Limits};

/// The entry points.
impl RuleSet {
    /// A built-in rule set by id (the ids are [`builtin::IDS`]); an unknown id is the error
    /// `not_found.ruleset`.
    ///
    /// ```
    /// use parindex::{builtin, RuleSet};
    ///
    /// let rs = RuleSet::builtin(builtin::DEFAULT_RULESET)?;
    /// assert_eq!(rs.id(), "hoabinh-1440-2019");
    /// assert_eq!(RuleSet::builtin("nowhere").unwrap_err().code(), "not_found.ruleset");
    /// # Ok::<(), parindex::Error>(())
    /// ```
    pub fn builtin(id: &str) -> Result<RuleSet> {
        builtin::ruleset(id)
    }

    /// Score a batch of units built in code: every unit's score node by node, the units that
    /// could not be scored (each with its problems; the others are scored regardless) and the
    /// ranking within each block.
    ///
    /// ```
    /// use parindex::{builtin, ItemInput, RuleSet, UnitInput};
    ///
    /// let rs = RuleSet::builtin(builtin::DEFAULT_RULESET)?;
    /// let unit = |id: &str, on_time: u64| {
    ///     let mut u: UnitInput = serde_json::from_value(
    ///         serde_json::json!({"id": id, "name": id, "group": "department"}),
    ///     )
    ///     .unwrap();
    ///     // S9: files handled on time out of 200.
    ///     u.items.insert("3.3.3", ItemInput::rate(on_time, 200));
    ///     u
    /// };
    /// let result = rs.score(vec![unit("so_a", 150), unit("so_b", 200), unit(" ", 1)]);
    /// assert_eq!(result.units.len(), 2);
    /// assert_eq!(result.errors[0].errors[0].code, "input.blank_id"); // one bad unit, reported
    /// let departments = &result.ranking[0].entries;
    /// assert_eq!((departments[0].id.as_str(), departments[0].rank), ("so_b", 1));
    /// # Ok::<(), parindex::Error>(())
    /// ```
    pub fn score(&self, units: Vec<UnitInput>) -> BatchResult {
        batch::score_batch(self, units)
    }

    /// [`score`](Self::score) with options (e.g. without keeping each node's explanation).
    ///
    /// ```
    /// use parindex::{builtin, BatchOptions, RuleSet};
    ///
    /// let rs = RuleSet::builtin(builtin::DEFAULT_RULESET)?;
    /// let units = rs.score_json(builtin::EXAMPLE_PROVINCE)?.units.len();
    /// let opts = BatchOptions { keep_nodes: false, ..BatchOptions::default() };
    /// let result = rs.score_with(Vec::new(), opts);
    /// assert!(result.units.is_empty() && units > 0);
    /// # Ok::<(), parindex::Error>(())
    /// ```
    pub fn score_with(&self, units: Vec<UnitInput>, opts: BatchOptions) -> BatchResult {
        batch::score_batch_with(self, units, opts)
    }

    /// Score a batch given as JSON text (`{"format_version": 1, "units": […]}`), read within the
    /// default [`Limits`]. A text that cannot be read as a batch is the error; a unit that cannot
    /// be read or scored is listed in the result's `errors`, with its path.
    ///
    /// ```
    /// use parindex::{builtin, RuleSet};
    ///
    /// let rs = RuleSet::builtin(builtin::DEFAULT_RULESET)?;
    /// let result = rs.score_json(builtin::EXAMPLE_PROVINCE)?;
    /// assert!(result.errors.is_empty());
    /// assert!(result.receipt.provisional); // the built-in rubric is a reconstruction
    /// let unit = &result.units[0];
    /// // A unit's index is its total over its maximum, in percent (the index stage's rounding).
    /// assert!(unit.index <= parindex::Decimal::ONE_HUNDRED && unit.total <= unit.max_points);
    ///
    /// let e = rs.score_json(r#"{"format_version": 1, "units": {}}"#).unwrap_err();
    /// assert_eq!(e.path(), "$.units");
    /// # Ok::<(), parindex::Error>(())
    /// ```
    pub fn score_json(&self, batch_json: &str) -> Result<BatchResult> {
        batch::score_batch_json(self, batch_json)
    }

    /// [`score_json`](Self::score_json) with options: the [`Limits`] the text is read within,
    /// and whether each node's explanation is kept.
    ///
    /// ```
    /// use parindex::{builtin, BatchOptions, Limits, RuleSet};
    ///
    /// let rs = RuleSet::builtin(builtin::DEFAULT_RULESET)?;
    /// let mut limits = Limits::DEFAULT;
    /// limits.set("max_units", 1);
    /// let opts = BatchOptions { limits, ..BatchOptions::default() };
    /// let e = rs.score_json_with(builtin::EXAMPLE_PROVINCE, opts).unwrap_err();
    /// assert!(e.code().starts_with("limits."));
    /// # Ok::<(), parindex::Error>(())
    /// ```
    pub fn score_json_with(&self, batch_json: &str, opts: BatchOptions) -> Result<BatchResult> {
        batch::score_batch_json_with(self, batch_json, opts)
    }

    /// Rank scored units within their blocks (departments; districts; the communes of each
    /// district, S10): competition ranks, ties sharing a rank. What a batch's `ranking` holds.
    ///
    /// ```
    /// use parindex::{builtin, RuleSet};
    ///
    /// let rs = RuleSet::builtin(builtin::DEFAULT_RULESET)?;
    /// let result = rs.score_json(builtin::EXAMPLE_PROVINCE)?;
    /// let ranking = rs.rank(&result.units);
    /// assert_eq!(ranking, result.ranking);
    /// let first = &ranking[0].entries;
    /// assert_eq!(first[0].rank, 1);
    /// assert!(first.windows(2).all(|w| w[0].index >= w[1].index));
    /// # Ok::<(), parindex::Error>(())
    /// ```
    pub fn rank(&self, units: &[UnitScore]) -> Vec<RankBlock> {
        ranking::rank(self, units)
    }

    /// Score a batch (JSON text) and return one unit's score with its explanation, node by node;
    /// a unit not in the batch is the error `not_found.unit`.
    ///
    /// ```
    /// use parindex::{builtin, RuleSet};
    ///
    /// let rs = RuleSet::builtin(builtin::DEFAULT_RULESET)?;
    /// let batch = builtin::EXAMPLE_PROVINCE;
    /// let id = &rs.score_json(batch)?.units[0].id;
    /// let unit = rs.explain(batch, id)?;
    /// let leaf = unit.nodes.iter().find(|n| n.leaf).unwrap();
    /// // Each leaf says where its points come from and how many it lost.
    /// assert!(leaf.source.is_some());
    /// assert_eq!(leaf.points + leaf.lost, leaf.max_points);
    /// assert_eq!(rs.explain(batch, "nowhere").unwrap_err().code(), "not_found.unit");
    /// # Ok::<(), parindex::Error>(())
    /// ```
    pub fn explain(&self, batch_json: &str, unit_id: &str) -> Result<UnitScore> {
        batch::explain_json(self, batch_json, unit_id)
    }
}

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
        Error::RuleSet(issues) if issues.len() == 1 && issues[0].code == "ruleset.json_syntax" => {
            let detail = issues[0].params.get("detail").map_or("", String::as_str);
            Error::RuleSet(vec![crate::error::issue!(
                "ruleset.json_syntax:not_builtin",
                issues[0].path.clone(),
                detail,
                builtins = builtin::ids().join(", ")
            )])
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

/// [`RuleSet::explain`], the batch read within `limits`.
pub fn explain_within(
    rs: &RuleSet,
    batch_json: &str,
    unit_id: &str,
    limits: &Limits,
) -> Result<UnitScore> {
    batch::explain_json_within(rs, batch_json, unit_id, limits)
}
