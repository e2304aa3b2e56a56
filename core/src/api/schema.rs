//! JSON Schemas of the rule-set and input formats, generated from the Rust types.

use crate::batch::BatchResult;
use crate::def::RuleSetDef;
use crate::input::BatchInput;

/// JSON Schema of a rule set.
pub fn ruleset_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(RuleSetDef)).unwrap_or_default()
}

/// JSON Schema of a batch input.
pub fn input_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(BatchInput)).unwrap_or_default()
}

/// JSON Schema of a batch result, as the engine writes it: fields left out when empty (e.g. a
/// node's `caps`) are not required.
pub fn result_schema() -> serde_json::Value {
    let generator = schemars::generate::SchemaSettings::default()
        .for_serialize()
        .into_generator();
    serde_json::to_value(generator.into_root_schema_for::<BatchResult>()).unwrap_or_default()
}
