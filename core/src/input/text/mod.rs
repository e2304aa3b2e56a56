//! A small reader of well-formed input text: a batch, a unit or an item in the shapes they nearly
//! always take, read straight into their types without a JSON tree. It reads what the tree path
//! reads (the same values: strings are taken as written, decimals by the one exact reader,
//! `crate::decimal::parse_exact`, as from a tree) and gives up (`None`) on anything else: a string
//! with an escape, a number that is not a plain non-negative integer where one is read, a decimal
//! that cannot be held exactly, an unknown or repeated key, a missing field, a value of an
//! unexpected type, text that is not JSON. The caller then
//! takes the path that reads a JSON tree and reports every problem with its path, so whether this
//! reader gives up never changes a result. It is what the build without `fast-text` (WebAssembly)
//! uses instead of serde's typed readers, which would compile every input type's reader a second
//! time.

#![cfg_attr(feature = "fast-text", allow(dead_code))]

use super::item::ItemWire;
use super::{AdjustmentInput, BatchInput, ComponentInput, ItemInput, Items, UnitInput};
use crate::def::FORMAT_VERSION;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// A batch, or `None` when the text is anything but a well-formed batch in the usual shapes.
pub(crate) fn batch(text: &str) -> Option<BatchInput> {
    whole(text, |r| {
        let (mut version, mut ruleset, mut title, mut synthetic, mut units) =
            (false, None, None, false, None);
        r.object(|r, key| {
            Some(match key {
                "format_version" => {
                    // Only the version this engine reads: any other is reported by the tree path.
                    version = r.u64()? == u64::from(FORMAT_VERSION);
                    1
                }
                "ruleset" => {
                    ruleset = r.opt_string()?;
                    2
                }
                "title" => {
                    title = r.opt_string()?;
                    4
                }
                "synthetic" => {
                    synthetic = r.bool()?;
                    8
                }
                "units" => {
                    let mut v = Vec::new();
                    r.array(|r| {
                        v.push(r.unit()?);
                        Some(())
                    })?;
                    units = Some(v);
                    16
                }
                _ => return None,
            })
        })?;
        version.then_some(())?;
        Some(BatchInput {
            format_version: FORMAT_VERSION,
            ruleset,
            title,
            synthetic,
            units: units?,
        })
    })
}

/// A unit object, or `None` (see [`batch`]).
pub(crate) fn unit(text: &str) -> Option<UnitInput> {
    whole(text, Reader::unit)
}

/// An item object, or `None` (see [`batch`]).
pub(crate) fn item(text: &str) -> Option<ItemInput> {
    whole(text, Reader::item)
}

/// Reads the one value of `text` with `f`; nothing but whitespace may follow.
fn whole<'a, T>(text: &'a str, f: impl FnOnce(&mut Reader<'a>) -> Option<T>) -> Option<T> {
    let mut r = Reader {
        s: text,
        b: text.as_bytes(),
        i: 0,
    };
    let v = f(&mut r)?;
    r.ws();
    (r.i == r.b.len()).then_some(v)
}

struct Reader<'a> {
    s: &'a str,
    b: &'a [u8],
    i: usize,
}

impl<'a> Reader<'a> {
    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.b.get(self.i) {
            self.i += 1;
        }
    }

    /// The next byte after whitespace, not consumed.
    fn peek(&mut self) -> Option<u8> {
        self.ws();
        self.b.get(self.i).copied()
    }

    fn eat(&mut self, c: u8) -> bool {
        if self.peek() == Some(c) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    fn literal(&mut self, word: &str) -> bool {
        if self.b[self.i..].starts_with(word.as_bytes()) {
            self.i += word.len();
            true
        } else {
            false
        }
    }

    /// A string without escapes, borrowed from the text.
    fn str(&mut self) -> Option<&'a str> {
        if !self.eat(b'"') {
            return None;
        }
        let start = self.i;
        loop {
            match *self.b.get(self.i)? {
                b'"' => break,
                // An escape (left to the tree path) or a control character (not JSON).
                b'\\' | 0..=0x1f => return None,
                _ => self.i += 1,
            }
        }
        self.i += 1;
        // Both ends are at an ASCII quote: character boundaries.
        Some(&self.s[start..self.i - 1])
    }

    fn string(&mut self) -> Option<String> {
        self.str().map(str::to_string)
    }

    fn null(&mut self) -> bool {
        self.peek() == Some(b'n') && self.literal("null")
    }

    fn opt_string(&mut self) -> Option<Option<String>> {
        if self.null() {
            return Some(None);
        }
        self.string().map(Some)
    }

    fn bool(&mut self) -> Option<bool> {
        match self.peek()? {
            b't' if self.literal("true") => Some(true),
            b'f' if self.literal("false") => Some(false),
            _ => None,
        }
    }

    fn opt_bool(&mut self) -> Option<Option<bool>> {
        if self.null() {
            return Some(None);
        }
        self.bool().map(Some)
    }

    /// A non-negative integer written plainly (no fraction, no exponent) that fits 64 bits.
    fn u64(&mut self) -> Option<u64> {
        let first = self.peek()?;
        if !first.is_ascii_digit() {
            return None;
        }
        let mut n: u64 = 0;
        let start = self.i;
        while let Some(d) = self.b.get(self.i).filter(|d| d.is_ascii_digit()) {
            n = n.checked_mul(10)?.checked_add(u64::from(d - b'0'))?;
            self.i += 1;
        }
        // No leading zero (not JSON), and nothing of a fraction or an exponent.
        if (first == b'0' && self.i - start > 1)
            || matches!(self.b.get(self.i), Some(b'.' | b'e' | b'E'))
        {
            return None;
        }
        Some(n)
    }

    fn opt_u64(&mut self) -> Option<Option<u64>> {
        if self.null() {
            return Some(None);
        }
        self.u64().map(Some)
    }

    /// A decimal given as a string or as a plain integer, read as the tree path reads it (a
    /// string's text by [`crate::decimal::parse_exact`]; an integer as `u64`). A decimal that
    /// cannot be held exactly is left to the tree path, which reports it.
    fn decimal(&mut self) -> Option<Decimal> {
        if self.peek()? == b'"' {
            crate::decimal::parse_exact(self.str()?).ok()
        } else {
            Some(Decimal::from(self.u64()?))
        }
    }

    fn opt_decimal(&mut self) -> Option<Option<Decimal>> {
        if self.null() {
            return Some(None);
        }
        self.decimal().map(Some)
    }

    /// An object: `entry` reads the value of each key and returns the key's bit, `None` when the
    /// key is repeated (a struct's field: the tree path reports it); a key of bit 0 (a map's) may
    /// repeat.
    fn object(&mut self, mut entry: impl FnMut(&mut Self, &'a str) -> Option<u32>) -> Option<()> {
        if !self.eat(b'{') {
            return None;
        }
        if self.eat(b'}') {
            return Some(());
        }
        let mut seen = 0;
        loop {
            let key = self.str()?;
            if !self.eat(b':') {
                return None;
            }
            let bit = entry(self, key)?;
            if seen & bit != 0 {
                return None;
            }
            seen |= bit;
            if self.eat(b'}') {
                return Some(());
            }
            if !self.eat(b',') {
                return None;
            }
        }
    }

    /// An array: `element` reads each element.
    fn array(&mut self, mut element: impl FnMut(&mut Self) -> Option<()>) -> Option<()> {
        if !self.eat(b'[') {
            return None;
        }
        if self.eat(b']') {
            return Some(());
        }
        loop {
            element(self)?;
            if self.eat(b']') {
                return Some(());
            }
            if !self.eat(b',') {
                return None;
            }
        }
    }

    fn strings(&mut self) -> Option<Vec<String>> {
        let mut v = Vec::new();
        self.array(|r| {
            v.push(r.string()?);
            Some(())
        })?;
        Some(v)
    }

    /// Counts by id; a repeated id keeps its last count, as a JSON tree does.
    fn counts(&mut self) -> Option<BTreeMap<String, u64>> {
        let mut m = BTreeMap::new();
        self.object(|r, k| {
            m.insert(k.to_string(), r.u64()?);
            Some(0)
        })?;
        Some(m)
    }

    fn item(&mut self) -> Option<ItemInput> {
        let mut w = ItemWire::default();
        self.object(|r, key| {
            Some(match key {
                "not_applicable" => {
                    w.not_applicable = r.bool()?;
                    1
                }
                "choice" => {
                    w.choice = r.opt_string()?;
                    1 << 1
                }
                "met" => {
                    w.met = r.opt_bool()?;
                    1 << 2
                }
                "percentage" => {
                    w.percentage = r.opt_decimal()?;
                    1 << 3
                }
                "numerator" => {
                    w.numerator = r.opt_u64()?;
                    1 << 4
                }
                "denominator" => {
                    w.denominator = r.opt_u64()?;
                    1 << 5
                }
                "count" => {
                    w.count = r.opt_u64()?;
                    1 << 6
                }
                "outcomes" => {
                    w.outcomes = r.counts()?;
                    1 << 7
                }
                "events" => {
                    w.events = r.counts()?;
                    1 << 8
                }
                "value" => {
                    w.value = r.opt_decimal()?;
                    1 << 9
                }
                "points" => {
                    w.points = r.opt_decimal()?;
                    1 << 10
                }
                "self" => {
                    w.self_score = r.opt_decimal()?;
                    1 << 11
                }
                "evidence" => {
                    w.evidence = r.strings()?;
                    1 << 12
                }
                "appraised" => {
                    w.appraised = r.opt_decimal()?;
                    1 << 13
                }
                "reappraised" => {
                    w.reappraised = r.opt_decimal()?;
                    1 << 14
                }
                "notes" => {
                    w.notes = r.strings()?;
                    1 << 15
                }
                _ => return None,
            })
        })?;
        Some(w.into())
    }

    /// `{"percentage": …}` or `{"points": …}` (or both: the percentage is taken, as the tree path
    /// does); any other key is left to the tree path.
    fn component(&mut self) -> Option<ComponentInput> {
        let (mut percentage, mut points) = (None, None);
        self.object(|r, key| {
            Some(match key {
                "percentage" => {
                    percentage = Some(r.decimal()?);
                    1
                }
                "points" => {
                    points = Some(r.decimal()?);
                    2
                }
                _ => return None,
            })
        })?;
        match (percentage, points) {
            (Some(percentage), _) => Some(ComponentInput::Percentage { percentage }),
            (None, Some(points)) => Some(ComponentInput::Points { points }),
            (None, None) => None,
        }
    }

    fn adjustments(&mut self) -> Option<Vec<AdjustmentInput>> {
        let mut v = Vec::new();
        self.array(|r| {
            let (mut points, mut reason) = (None, None);
            r.object(|r, key| {
                Some(match key {
                    "points" => {
                        points = Some(r.decimal()?);
                        1
                    }
                    "reason" => {
                        reason = Some(r.string()?);
                        2
                    }
                    _ => return None,
                })
            })?;
            v.push(AdjustmentInput {
                points: points?,
                reason: reason?,
            });
            Some(())
        })?;
        Some(v)
    }

    fn unit(&mut self) -> Option<UnitInput> {
        let (mut id, mut name, mut group, mut block, mut parent) = (None, None, None, None, None);
        let mut items = Vec::new();
        let mut components = BTreeMap::new();
        let (mut bonus, mut penalty, mut synthetic) = (Vec::new(), Vec::new(), false);
        self.object(|r, key| {
            Some(match key {
                "id" => {
                    id = Some(r.string()?);
                    1
                }
                "name" => {
                    name = Some(r.string()?);
                    1 << 1
                }
                "group" => {
                    group = Some(r.string()?);
                    1 << 2
                }
                "block" => {
                    block = r.opt_string()?;
                    1 << 3
                }
                "parent" => {
                    parent = r.opt_string()?;
                    1 << 4
                }
                "items" => {
                    // A repeated code keeps its last item, as a JSON tree does.
                    r.object(|r, code| {
                        items.push((code.into(), r.item()?));
                        Some(0)
                    })?;
                    1 << 5
                }
                "components" => {
                    r.object(|r, id| {
                        components.insert(id.to_string(), r.component()?);
                        Some(0)
                    })?;
                    1 << 6
                }
                "bonus" => {
                    bonus = r.adjustments()?;
                    1 << 7
                }
                "penalty" => {
                    penalty = r.adjustments()?;
                    1 << 8
                }
                "synthetic" => {
                    synthetic = r.bool()?;
                    1 << 9
                }
                _ => return None,
            })
        })?;
        Some(UnitInput {
            id: id?,
            name: name?,
            group: group?,
            block,
            parent,
            items: Items::from_pairs(items),
            components,
            bonus,
            penalty,
            synthetic,
        })
    }
}

#[cfg(test)]
mod tests;
