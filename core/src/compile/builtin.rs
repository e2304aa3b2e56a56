//! The built-in rule sets and the bundled example province, embedded at build time so the CLI, the
//! Python wheel and the npm package work without any file.

use crate::compile::RuleSet;
use crate::error::{issue, Error, Result};

/// A built-in rule set: its id and JSON text.
pub struct Builtin {
    pub id: &'static str,
    pub json: &'static str,
}

/// Every built-in rule set.
pub const RULESETS: &[Builtin] = &[Builtin {
    id: "hoabinh-1440-2019",
    json: include_str!("../../../fixtures/rulesets/hoabinh-1440-2019.json"),
}];

/// The ids of [`RULESETS`], in the same order.
pub const IDS: &[&str] = &["hoabinh-1440-2019"];

/// The bundled example province (synthetic facts for Hòa Bình's 2019 units).
pub const EXAMPLE_PROVINCE: &str = include_str!("../../../fixtures/example/hoabinh-2019.json");

/// The id of the default built-in rule set.
pub const DEFAULT_RULESET: &str = "hoabinh-1440-2019";

/// Load a built-in rule set by id.
pub fn ruleset(id: &str) -> Result<RuleSet> {
    RuleSet::from_json(RULESETS[index(id)?].json)
}

/// The position of a built-in rule set in [`RULESETS`] (and [`IDS`]), or the error
/// [`ruleset`] reports for an unknown id. Reads only the ids: a binding that ships the JSON texts
/// outside its binary (the npm package) loads the text itself and does not link [`RULESETS`].
pub fn index(id: &str) -> Result<usize> {
    IDS.iter().position(|b| *b == id).ok_or_else(|| {
        Error::NotFound(issue!(
            "not_found.ruleset",
            "$",
            id,
            builtins = IDS.join(", ")
        ))
    })
}

/// Ids of the built-in rule sets.
pub fn ids() -> Vec<&'static str> {
    IDS.to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_those_of_the_rulesets_in_order() {
        assert_eq!(RULESETS.iter().map(|b| b.id).collect::<Vec<_>>(), IDS);
        for (i, b) in RULESETS.iter().enumerate() {
            assert_eq!(index(b.id).unwrap(), i);
            assert_eq!(ruleset(b.id).unwrap().id(), b.id);
        }
        let e = crate::with_lang(crate::Lang::En, || index("nope")).unwrap_err();
        assert_eq!(
            e.issues()[0].message,
            format!("no built-in rule set `nope`; built-ins: {}", IDS.join(", "))
        );
    }
}
