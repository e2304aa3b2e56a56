//! JSON text read into a tree.
//!
//! Arithmetic here is checked (the lint below refuses an unchecked operator).

#![deny(clippy::arithmetic_side_effects)]

use crate::error::{issue, Error, Result};
use serde_json::Value;

/// Parse JSON text as a batch value, reporting syntax errors as input errors.
pub fn parse_json(text: &str) -> Result<Value> {
    serde_json::from_str(text)
        .map_err(|e| Error::input(issue!("input.json_syntax", "$", detail = e)))
}
