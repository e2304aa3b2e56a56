//! JSON Schemas of the rule-set and input formats, generated from the Rust types.

use crate::batch::BatchResult;
use crate::input::BatchInput;
use crate::model::RuleSetDef;

/// JSON Schema of a rule set.
pub fn ruleset_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(RuleSetDef)).unwrap_or_default()
}

/// JSON Schema of a batch input.
pub fn input_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(BatchInput)).unwrap_or_default()
}

/// JSON Schema of a batch result.
pub fn result_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(BatchResult)).unwrap_or_default()
}
