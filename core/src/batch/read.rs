//! Reading a batch's text: within the limits, each unit on its own, so that one bad unit does not
//! lose the others.

use super::parse_json;
use crate::error::{Error, Result};
use crate::input::{parse_batch, ParsedBatch, UnitEntry};
use crate::limits::{strip_bom, Kind, Limits};
use serde_json::Value;

/// Read batch text within `limits`: the units holding a key written twice are refused, each with
/// the key's path; a key written twice in the envelope refuses the batch.
pub(super) fn read_text(text: &str, limits: &Limits) -> Result<ParsedBatch> {
    let scanned = limits.scan(text, Kind::Batch, "$")?;
    let mut parsed = parse_text(strip_bom(text))?;
    let mut envelope = Vec::new();
    for d in scanned.duplicates {
        match d.unit.and_then(|i| parsed.units.get_mut(i)) {
            Some(UnitEntry::Bad { issues, .. }) => issues.push(d.issue),
            Some(entry) => {
                let id = match entry {
                    UnitEntry::Ok(u) => std::mem::take(&mut u.id),
                    UnitEntry::Bad { .. } => String::new(),
                };
                *entry = UnitEntry::Bad {
                    id: Some(id),
                    issues: vec![d.issue],
                };
            }
            None => envelope.push(d.issue),
        }
    }
    if !envelope.is_empty() {
        return Err(Error::Input(envelope));
    }
    Ok(parsed)
}

/// Parse batch text. With `fast-text`, a well-formed batch deserialises straight into typed units,
/// without an intermediate JSON tree. Without it, a batch in the usual shapes is read the same way
/// by a small reader of its own ([`crate::input::text`]); failing that, a well-formed envelope is
/// read with its units left as text, and each unit is read as a tree of its own (see
/// [`parse_units_one_by_one`]). Anything else takes the path that reports every problem per unit.
fn parse_text(text: &str) -> Result<ParsedBatch> {
    #[cfg(feature = "fast-text")]
    let typed = crate::de::from_str_objects::<crate::input::BatchInput>(text)
        .ok()
        .filter(|b| b.format_version == crate::def::FORMAT_VERSION);
    #[cfg(not(feature = "fast-text"))]
    let typed = crate::input::text::batch(text);
    if let Some(b) = typed {
        return Ok(ParsedBatch {
            ruleset: b.ruleset,
            title: b.title,
            synthetic: b.synthetic,
            units: b.units.into_iter().map(UnitEntry::Ok).collect(),
        });
    }
    #[cfg(not(feature = "fast-text"))]
    if let Some(parsed) = parse_units_one_by_one(text) {
        return Ok(parsed);
    }
    let v = parse_json(text)?;
    parse_batch(&v).map_err(Error::Input)
}

/// A batch read unit by unit: each unit is parsed into a JSON tree of its own, read
/// ([`parse_unit`](crate::input::parse_unit), as in [`parse_batch`]) and dropped before the next, and the envelope (every
/// entry but `units`) is checked by [`parse_batch`]. The whole batch as one tree would take
/// several times the memory of its text. `None` when the text or the envelope has a problem: the
/// whole tree is then read to name it.
#[cfg_attr(feature = "fast-text", allow(dead_code))]
pub(super) fn parse_units_one_by_one(text: &str) -> Option<ParsedBatch> {
    use serde::de::{self, Deserializer as _, MapAccess, SeqAccess, Visitor};
    use std::fmt;

    struct Batch;
    impl<'de> Visitor<'de> for Batch {
        type Value = (serde_json::Map<String, Value>, Vec<UnitEntry>);
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a batch object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut envelope = serde_json::Map::new();
            let mut units = None;
            while let Some(key) = map.next_key::<String>()? {
                if key != "units" {
                    let v = map.next_value::<Value>()?;
                    envelope.insert(key, v);
                } else if units.is_none() {
                    units = Some(map.next_value_seed(Units)?);
                } else {
                    return Err(de::Error::duplicate_field("units"));
                }
            }
            let units = units.ok_or_else(|| de::Error::missing_field("units"))?;
            Ok((envelope, units))
        }
    }

    struct Units;
    impl<'de> de::DeserializeSeed<'de> for Units {
        type Value = Vec<UnitEntry>;
        fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_seq(self)
        }
    }
    impl<'de> Visitor<'de> for Units {
        type Value = Vec<UnitEntry>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("an array of units")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut units = Vec::new();
            while let Some(tree) = seq.next_element::<Value>()? {
                let path = format!("$.units[{}]", units.len());
                units.push(crate::input::parse_unit(&tree, &path));
            }
            Ok(units)
        }
    }

    let mut de = serde_json::Deserializer::from_str(text);
    let (mut envelope, units) = de.deserialize_map(Batch).ok()?;
    de.end().ok()?;
    envelope.insert("units".into(), Value::Array(Vec::new()));
    let meta = parse_batch(&Value::Object(envelope)).ok()?;
    Some(ParsedBatch { units, ..meta })
}
