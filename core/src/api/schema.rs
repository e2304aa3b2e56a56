//! JSON Schemas of the rule-set, input, result and dossier formats, generated from the Rust types.
//! Every decimal is marked `format: "decimal"` ([`DECIMAL_FORMAT`]): that mark, and nothing else,
//! tells a reader of the schema that a string is a decimal.

use crate::batch::BatchResult;
use crate::def::RuleSetDef;
use crate::input::BatchInput;
use crate::support::decimal::MarkDecimals;
pub use crate::support::decimal::DECIMAL_FORMAT;
use crate::workflow::Dossier;
use schemars::generate::{Contract, SchemaSettings};
use schemars::JsonSchema;

/// The root schema of `T`, as the engine reads it (`Contract::Deserialize`) or writes it.
fn schema_of<T: JsonSchema>(contract: Contract) -> serde_json::Value {
    let mut settings = SchemaSettings::default().with_transform(MarkDecimals::default());
    settings.contract = contract;
    serde_json::to_value(settings.into_generator().into_root_schema_for::<T>()).unwrap_or_default()
}

/// The schemas offered by name (`parindex schema <name>`, Python's and JavaScript's `schema(name)`).
pub const NAMES: [&str; 4] = ["ruleset", "input", "result", "dossier"];

/// The schema named `name` (one of [`NAMES`]); another name is `not_found.schema`.
pub fn named(name: &str) -> crate::Result<serde_json::Value> {
    match name {
        "ruleset" => Ok(ruleset_schema()),
        "input" => Ok(input_schema()),
        "result" => Ok(result_schema()),
        "dossier" => Ok(dossier_schema()),
        _ => Err(crate::Error::NotFound(crate::error::issue!(
            "not_found.schema",
            "$",
            kind = name
        ))),
    }
}

/// JSON Schema of a rule set.
pub fn ruleset_schema() -> serde_json::Value {
    schema_of::<RuleSetDef>(Contract::Deserialize)
}

/// JSON Schema of a batch input.
pub fn input_schema() -> serde_json::Value {
    schema_of::<BatchInput>(Contract::Deserialize)
}

/// JSON Schema of a batch result, as the engine writes it: fields left out when empty (e.g. a
/// node's `caps`) are not required.
pub fn result_schema() -> serde_json::Value {
    schema_of::<BatchResult>(Contract::Serialize)
}

/// JSON Schema of a stored dossier (header, district calendar, schedule, state, log of events with
/// their actors and acts), as the engine writes it (`Dossier::to_json`).
pub fn dossier_schema() -> serde_json::Value {
    schema_of::<Dossier>(Contract::Serialize)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    /// Every subschema, with its path.
    fn walk<'a>(v: &'a Value, at: String, out: &mut Vec<(String, &'a Value)>) {
        match v {
            Value::Object(m) => {
                out.push((at.clone(), v));
                for (k, c) in m {
                    walk(c, format!("{at}/{k}"), out);
                }
            }
            Value::Array(a) => {
                for (i, c) in a.iter().enumerate() {
                    walk(c, format!("{at}/{i}"), out);
                }
            }
            _ => {}
        }
    }

    fn decimals(schema: &Value) -> Vec<String> {
        let mut all = Vec::new();
        walk(schema, String::new(), &mut all);
        all.into_iter()
            .filter(|(_, s)| s.get("format").and_then(Value::as_str) == Some(DECIMAL_FORMAT))
            .map(|(at, _)| at)
            .collect()
    }

    #[test]
    fn every_decimal_is_marked_and_nothing_else() {
        for schema in [
            ruleset_schema(),
            input_schema(),
            result_schema(),
            dossier_schema(),
        ] {
            let mut all = Vec::new();
            walk(&schema, String::new(), &mut all);
            for (at, s) in all {
                let marked = s.get("format").and_then(Value::as_str) == Some(DECIMAL_FORMAT);
                // The decimal type's schema is the only one with a pattern.
                assert_eq!(marked, s.get("pattern").is_some(), "{at}: {s}");
                if marked {
                    let types = s.get("type").map(Value::to_string).unwrap_or_default();
                    assert!(types.contains("string"), "{at}: a decimal is a string: {s}");
                }
            }
        }
    }

    #[test]
    fn decimals_of_the_workflow_are_marked() {
        let marked = decimals(&dossier_schema());
        for def in [
            "AppraisalRecord",
            "ReviewRecord",
            "ItemRecord",
            "ComponentRecord",
        ] {
            assert!(
                marked
                    .iter()
                    .any(|at| at.starts_with(&format!("/$defs/{def}/"))),
                "{def}: {marked:?}"
            );
        }
        // Acts: self_score, appraise, review, enter_component (points and percentage).
        let acts = marked
            .iter()
            .filter(|at| at.starts_with("/$defs/DossierAct/"))
            .count();
        assert_eq!(acts, 5, "{marked:?}");
        assert!(decimals(&result_schema()).len() > 40);
    }
}
