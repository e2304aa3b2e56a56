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
