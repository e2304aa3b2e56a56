//! The built-in rule sets and the bundled example province, embedded at build time so the CLI, the
//! Python wheel and the npm package work without any file.

use crate::error::{Error, Issue, Result};
use crate::ruleset::RuleSet;

/// A built-in rule set: its id and JSON text.
pub struct Builtin {
    pub id: &'static str,
    pub json: &'static str,
}

/// Every built-in rule set.
pub const RULESETS: &[Builtin] = &[Builtin {
    id: "hoabinh-1440-2019",
    json: include_str!("../../fixtures/rulesets/hoabinh-1440-2019.json"),
}];

/// The bundled example province (synthetic facts for Hòa Bình's 2019 units).
pub const EXAMPLE_PROVINCE: &str = include_str!("../../fixtures/example/hoabinh-2019.json");

/// The id of the default built-in rule set.
pub const DEFAULT_RULESET: &str = "hoabinh-1440-2019";

/// Load a built-in rule set by id.
pub fn ruleset(id: &str) -> Result<RuleSet> {
    let b = RULESETS.iter().find(|b| b.id == id).ok_or_else(|| {
        Error::NotFound(Issue::new(
            "not_found.ruleset",
            "$",
            format!(
                "no built-in rule set `{id}`; built-ins: {}",
                RULESETS.iter().map(|b| b.id).collect::<Vec<_>>().join(", ")
            ),
        ))
    })?;
    RuleSet::from_json(b.json)
}

/// Ids of the built-in rule sets.
pub fn ids() -> Vec<&'static str> {
    RULESETS.iter().map(|b| b.id).collect()
}
