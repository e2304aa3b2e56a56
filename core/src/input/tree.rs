//! Reading units and batches from a JSON tree, one unit at a time: one bad unit does not lose
//! the others.

use super::item::ItemInput;
use super::{Items, UnitInput};
use crate::def::FORMAT_VERSION;
use crate::error::{excerpt, issue, key_path, Issue};
use crate::support::de::from_serde;
use serde_json::Value;

/// A unit entry of a batch as read: either parsed, or the problems that prevent parsing it.
///
/// A parsed unit is held in place, not boxed: a batch's entries sit in one vector and each is
/// moved out once to be scored, so a box would only cost an allocation per unit.
#[derive(Debug, Clone)]
#[doc(hidden)]
pub enum UnitEntry {
    Ok(UnitInput),
    Bad {
        /// Best-effort id (if the `id` field could be read).
        id: Option<String>,
        issues: Vec<Issue>,
    },
}

/// A batch whose units are parsed one by one, so one bad unit does not lose the others.
#[derive(Debug, Clone)]
pub(crate) struct ParsedBatch {
    pub ruleset: Option<String>,
    /// Read (the readers are compared on it) but not carried into a batch's result.
    #[cfg_attr(not(test), allow(dead_code))]
    pub title: Option<String>,
    pub synthetic: bool,
    pub units: Vec<UnitEntry>,
}

/// Parse a batch from a JSON value; envelope problems are fatal, unit problems are per unit.
pub(crate) fn parse_batch(v: &Value) -> Result<ParsedBatch, Vec<Issue>> {
    let Some(obj) = v.as_object() else {
        return Err(vec![issue!("input.not_an_object:batch", "$")]);
    };
    let mut issues = Vec::new();
    for key in obj.keys() {
        if !["format_version", "ruleset", "title", "synthetic", "units"].contains(&key.as_str()) {
            issues.push(issue!(
                "input.unknown_field:batch",
                key_path("$", key),
                field = excerpt(key)
            ));
        }
    }
    match obj.get("format_version") {
        None => issues.push(issue!(
            "input.missing_field",
            "$.format_version",
            field = "`format_version`"
        )),
        Some(fv) if fv.as_u64() != Some(FORMAT_VERSION as u64) => {
            issues.push(crate::def::unsupported_version(fv, false))
        }
        _ => {}
    }
    let ruleset = match obj.get("ruleset") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => {
            issues.push(issue!("input.invalid_type:batch_ruleset", "$.ruleset"));
            None
        }
    };
    let title = obj
        .get("title")
        .and_then(|t| t.as_str())
        .map(str::to_string);
    let synthetic = obj
        .get("synthetic")
        .and_then(|t| t.as_bool())
        .unwrap_or(false);
    let units = match obj.get("units") {
        Some(Value::Array(a)) => a,
        Some(_) => {
            issues.push(issue!("input.invalid_type:batch_units", "$.units"));
            return Err(issues);
        }
        None => {
            issues.push(issue!("input.missing_field", "$.units", field = "`units`"));
            return Err(issues);
        }
    };
    if !issues.is_empty() {
        return Err(issues);
    }
    let units = units
        .iter()
        .enumerate()
        .map(|(i, u)| parse_unit(u, &format!("$.units[{i}]")))
        .collect();
    Ok(ParsedBatch {
        ruleset,
        title,
        synthetic,
        units,
    })
}

/// Parse one unit; every item is parsed on its own so all problems are reported.
#[doc(hidden)]
pub fn parse_unit(v: &Value, path: &str) -> UnitEntry {
    // Fast path: a well-formed unit deserialises directly, without copying the value.
    if let Ok(u) = crate::de::from_tree::<UnitInput>(v) {
        return UnitEntry::Ok(u);
    }
    let id = v.get("id").and_then(|x| x.as_str()).map(str::to_string);
    let mut issues = Vec::new();
    // Parse items one by one for precise paths (codes contain dots).
    let mut items = Vec::new();
    let mut shell = v.clone();
    if let Some(obj) = shell.as_object_mut() {
        // Taken out, an empty object left in their place (as if absent: no map removal, which
        // keeps the WebAssembly build small).
        let taken = obj
            .get_mut("items")
            .map(|v| std::mem::replace(v, Value::Object(Default::default())));
        if let Some(raw_items) = taken {
            match raw_items {
                Value::Object(map) => {
                    for (code, item) in map {
                        let ipath = key_path(&format!("{path}.items"), &code);
                        match crate::de::from_tree::<ItemInput>(&item) {
                            Ok(it) => items.push((code.into(), it)),
                            Err(e) => issues.push(prefix_code(from_serde(&ipath, e))),
                        }
                    }
                }
                Value::Array(_) => {
                    issues.push(issue!("input.not_an_object:items", format!("{path}.items")))
                }
                _ => issues.push(issue!("input.invalid_type:items", format!("{path}.items"))),
            }
        }
    }
    match crate::de::from_tree::<UnitInput>(&shell) {
        Ok(mut u) => {
            if issues.is_empty() {
                u.items = Items::from_pairs(items);
                UnitEntry::Ok(u)
            } else {
                UnitEntry::Bad { id, issues }
            }
        }
        Err(e) => {
            issues.insert(0, prefix_code(from_serde(path, e)));
            UnitEntry::Bad { id, issues }
        }
    }
}

/// An issue read from serde (`unknown_field`…) as an input issue (`input.unknown_field`…).
pub(crate) fn prefix_code(mut i: Issue) -> Issue {
    i.code = format!("input.{}", i.code);
    i
}

/// Read one unit (JSON text of a unit object), reporting every problem with its path. The text is
/// first checked against `limits`; a key written twice refuses the unit (`input.duplicate_key`).
#[doc(hidden)]
pub fn read_unit_within(
    unit_json: &str,
    limits: &crate::support::limits::Limits,
) -> crate::error::Result<UnitInput> {
    let scanned = limits.scan(unit_json, crate::support::limits::Kind::Unit, "$")?;
    crate::support::limits::refuse_duplicates(scanned)?;
    let unit_json = crate::support::limits::strip_bom(unit_json);
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
    match parse_unit(&crate::support::json::parse_json(unit_json)?, "$") {
        UnitEntry::Ok(u) => Ok(u),
        UnitEntry::Bad { issues, .. } => Err(crate::error::Error::Input(issues)),
    }
}
