//! An item's fields as written, in one order: its `Serialize` and the hash's writer go through it.

use super::item::ItemInput;
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeMap;

/// A field of an item as written: its JSON name and value.
pub(crate) enum Field<'a> {
    Bool(bool),
    Str(&'a str),
    Decimal(Decimal),
    Uint(u64),
    Counts(&'a BTreeMap<String, u64>),
    Strings(&'a [String]),
}

impl ItemInput {
    /// Calls `f` with each field given, in ItemWire's order (the order the JSON output has always
    /// had). The one list of the written fields: `Serialize` and the hash's writer
    /// (`json::item`) both go through it.
    /// Compiled once (`f` is dynamic); stops at the first `Err`.
    pub(crate) fn each_field(
        &self,
        f: &mut dyn FnMut(&'static str, Field<'_>) -> Result<(), ()>,
    ) -> Result<(), ()> {
        if self.is_not_applicable() {
            f("not_applicable", Field::Bool(true))?;
        }
        if let Some(v) = self.choice() {
            f("choice", Field::Str(v))?;
        }
        if let Some(v) = self.met() {
            f("met", Field::Bool(v))?;
        }
        if let Some(v) = self.percentage() {
            f("percentage", Field::Decimal(v))?;
        }
        if let Some(v) = self.numerator() {
            f("numerator", Field::Uint(v))?;
        }
        if let Some(v) = self.denominator() {
            f("denominator", Field::Uint(v))?;
        }
        if let Some(v) = self.count() {
            f("count", Field::Uint(v))?;
        }
        if !self.outcomes().is_empty() {
            f("outcomes", Field::Counts(self.outcomes()))?;
        }
        if !self.events().is_empty() {
            f("events", Field::Counts(self.events()))?;
        }
        if let Some(v) = self.value() {
            f("value", Field::Decimal(v))?;
        }
        if let Some(v) = self.points() {
            f("points", Field::Decimal(v))?;
        }
        if let Some(v) = self.self_score() {
            f("self", Field::Decimal(v))?;
        }
        if !self.evidence().is_empty() {
            f("evidence", Field::Strings(self.evidence()))?;
        }
        if let Some(v) = self.appraised() {
            f("appraised", Field::Decimal(v))?;
        }
        if let Some(v) = self.reappraised() {
            f("reappraised", Field::Decimal(v))?;
        }
        if !self.notes().is_empty() {
            f("notes", Field::Strings(self.notes()))?;
        }
        Ok(())
    }
}

impl Serialize for ItemInput {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        let _ = self.each_field(&mut |_, _| {
            len += 1;
            Ok(())
        });
        let mut st = s.serialize_struct("ItemInput", len)?;
        let mut failed = None;
        let _ = self.each_field(&mut |name, v| {
            match v {
                Field::Bool(v) => st.serialize_field(name, &v),
                Field::Str(v) => st.serialize_field(name, v),
                Field::Decimal(v) => st.serialize_field(name, &v),
                Field::Uint(v) => st.serialize_field(name, &v),
                Field::Counts(v) => st.serialize_field(name, v),
                Field::Strings(v) => st.serialize_field(name, v),
            }
            .map_err(|e| failed = Some(e))
        });
        match failed {
            Some(e) => Err(e),
            None => st.end(),
        }
    }
}
