//! Inputs: the facts and points of each assessed unit.

use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

mod item;
mod items;
pub(crate) mod json;
mod serialize;
pub(crate) mod text;
mod tree;

pub use item::ItemInput;
pub(crate) use item::{fact_bit, Fact, FACT_FIELDS};
pub use items::{IntoIter as ItemsIntoIter, Items, Iter as ItemsIter};
pub(crate) use serialize::Field;
pub(crate) use tree::{parse_batch, prefix_code, ParsedBatch};
pub use tree::{parse_unit, read_unit_within, UnitEntry};

/// What a field of an item's JSON form holds: an object of counts (`outcomes`, `events`), a list
/// of texts (`evidence`, `notes`), or anything else (a fact, points, a flag; or no field of the
/// item). What a reader that builds an item one field at a time (the long format of facts, one
/// row per field) needs to know.
#[cfg(feature = "tables")]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FieldShape {
    Map,
    List,
    Other,
}

#[cfg(feature = "tables")]
impl ItemInput {
    /// The shape of the field `name` of the item's JSON form, asked of the item's own reader: a
    /// map when it reads `{}` there, a list when it reads `[]`, else `Other`. A field the item
    /// gains is known here without a list to keep in step.
    pub(crate) fn field_shape(name: &str) -> FieldShape {
        let reads = |empty: serde_json::Value| {
            let mut item = serde_json::Map::new();
            item.insert(name.to_string(), empty);
            crate::de::from_tree::<ItemInput>(&serde_json::Value::Object(item)).is_ok()
        };
        if reads(serde_json::Value::Object(serde_json::Map::new())) {
            FieldShape::Map
        } else if reads(serde_json::Value::Array(Vec::new())) {
            FieldShape::List
        } else {
            FieldShape::Other
        }
    }
}

/// Removes `key` from `m` and returns its value, by rebuilding the map without it: O(n), for the
/// small maps of a form or a dossier, where an item is cleared by hand. `BTreeMap::remove` would
/// compile the tree's rebalancing code once for every kind of map (≈3 KB of WebAssembly each).
pub(crate) fn remove_key<V>(m: &mut BTreeMap<String, V>, key: &str) -> Option<V> {
    if !m.contains_key(key) {
        return None;
    }
    let mut out = None;
    for (k, v) in std::mem::take(m) {
        if k == key {
            out = Some(v);
        } else {
            m.insert(k, v);
        }
    }
    out
}

/// A survey component value: the percentage the survey reported.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum ComponentInput {
    /// `{"percentage": "81.37"}` for survey components.
    Percentage { percentage: Decimal },
    /// `{"points": "7.5"}` for external components.
    Points { points: Decimal },
}

/// Read as the untagged enum it is written as (`percentage` first, other keys ignored), without
/// buffering the object: each value is read in place, so a bad one is reported at its own path.
impl<'de> Deserialize<'de> for ComponentInput {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Fields;
        impl<'de> serde::de::Visitor<'de> for Fields {
            type Value = ComponentInput;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a component value: {\"percentage\": …} or {\"points\": …}")
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Self::Value, A::Error> {
                let (mut percentage, mut points) = (None, None);
                while let Some(key) = map.next_key::<std::borrow::Cow<str>>()? {
                    match &*key {
                        "percentage" => {
                            percentage = Some(map.next_value::<crate::decimal::Exact>()?.0)
                        }
                        "points" => points = Some(map.next_value::<crate::decimal::Exact>()?.0),
                        _ => {
                            map.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                match (percentage, points) {
                    (Some(percentage), _) => Ok(ComponentInput::Percentage { percentage }),
                    (None, Some(points)) => Ok(ComponentInput::Points { points }),
                    (None, None) => Err(serde::de::Error::custom(
                        "a component value needs `percentage` (survey) or `points` (external)",
                    )),
                }
            }
        }
        d.deserialize_map(Fields)
    }
}

crate::de::leaf!(ComponentInput);

crate::de::tree_struct! {
/// A bonus or penalty entry (C13).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AdjustmentInput {
    #[serde(deserialize_with = "crate::decimal::exact")]
    pub points: Decimal,
    pub reason: String,
}
}

crate::de::tree_struct! {
/// One assessed unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UnitInput {
    pub id: String,
    pub name: String,
    pub group: String,
    /// Ranking block, overriding the level's `block_by`; for a level ranked by parent (communes,
    /// S10) only the parent's block (`tan_lac` or `commune/tan_lac`), else the unit is refused
    /// (`input.block_not_parent`); without a parent, it names the parent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub block: Option<String>,
    /// Parent unit id (the district of a commune).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// Per leaf code.
    #[serde(default)]
    pub items: Items,
    /// Per component id (survey percentage or external points).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub components: BTreeMap<String, ComponentInput>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bonus: Vec<AdjustmentInput>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub penalty: Vec<AdjustmentInput>,
    /// Whether the data are synthetic (examples, tests).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub synthetic: bool,
}
}

crate::de::tree_struct! {
/// A batch of units for one rule set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BatchInput {
    pub format_version: u32,
    /// The rule set the batch is meant for (id); checked when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ruleset: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Whether the data are synthetic.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub synthetic: bool,
    pub units: Vec<UnitInput>,
}
}

#[cfg(test)]
mod tests;
