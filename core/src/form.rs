//! A unit being filled in: a self-assessment form that is rescored as an officer types.
//!
//! [`UnitForm`] keeps one unit's inputs, already read, so that a change to one criterion costs a
//! rescoring and nothing else (no parsing of the whole unit, no copy of its items). Every change
//! is checked by scoring: a change the rules refuse is reported and undone, so the form always
//! holds a unit that scores.
//!
//! Arithmetic here is checked (the lint below refuses an unchecked operator).

#![deny(clippy::arithmetic_side_effects)]

use crate::compile::RuleSet;
use crate::error::{issue, key_path, Error, Result};
use crate::eval::{score_unit_ref, Context, NodeScore, UnitScore};
use crate::input::{prefix_code, ItemInput, UnitInput};
use crate::limits::{strip_bom, Kind, Limits};
use crate::support::de::from_serde;
use crate::support::limits::refuse_duplicates;

/// One unit's inputs, already read, rescored after each change: a change the rules refuse is
/// reported and undone, so the form always holds a unit that scores.
#[derive(Debug, Clone)]
pub struct UnitForm {
    rs: RuleSet,
    unit: UnitInput,
}

impl UnitForm {
    /// A form holding `unit`; refused with every problem when the unit does not score.
    pub fn new(rs: &RuleSet, unit: UnitInput) -> Result<UnitForm> {
        let form = UnitForm {
            rs: rs.clone(),
            unit,
        };
        form.score(false)?;
        Ok(form)
    }

    /// A form holding the unit given as JSON text (a unit object, as in a batch's `units`), read
    /// within the default [`Limits`].
    pub fn from_json(rs: &RuleSet, unit_json: &str) -> Result<UnitForm> {
        Self::from_json_within(rs, unit_json, &Limits::DEFAULT)
    }

    /// [`from_json`](Self::from_json), the text read within `limits`.
    pub fn from_json_within(rs: &RuleSet, unit_json: &str, limits: &Limits) -> Result<UnitForm> {
        UnitForm::new(rs, crate::input::read_unit_within(unit_json, limits)?)
    }

    /// The unit as it stands.
    pub fn unit(&self) -> &UnitInput {
        &self.unit
    }

    /// The rule set the form scores with.
    pub fn ruleset(&self) -> &RuleSet {
        &self.rs
    }

    /// The level of the unit's group, the level its nodes are read in (their labels, for
    /// [`RuleSet::node_text`]); empty when the rule set has no such group.
    pub fn level(&self) -> &str {
        (self.rs.group(&self.unit.group)).map_or("", |g| g.level.as_str())
    }

    /// Score the unit as it stands; `keep_nodes` keeps the node-by-node explanation. Rules that
    /// compare units (normalised values) see this unit alone.
    pub fn score(&self, keep_nodes: bool) -> Result<UnitScore> {
        let ctx = Context::from_units(&self.rs, std::iter::once(&self.unit));
        score_unit_ref(&self.rs, &self.unit, &ctx, "$", keep_nodes)
    }

    /// Give a criterion's facts or points (replacing what it had) and return the new score,
    /// without the explanation. When the rules refuse the change (an unknown code, a value out
    /// of range, a fact the rule does not take…), the error lists why and the form is unchanged.
    pub fn set(&mut self, code: &str, item: ItemInput) -> Result<UnitScore> {
        let before = self.unit.items.insert(code, item);
        self.rescore(code, before)
    }

    /// [`set`](Self::set) with the item given as JSON text (`{"numerator": 3, "denominator": 4}`),
    /// read within the default [`Limits`]; an item that cannot be read is reported at
    /// `$.items.<code>`.
    pub fn set_json(&mut self, code: &str, item_json: &str) -> Result<UnitScore> {
        self.set_json_within(code, item_json, &Limits::DEFAULT)
    }

    /// [`set_json`](Self::set_json), the text read within `limits` (a key written twice refuses
    /// the item, `input.duplicate_key`).
    pub fn set_json_within(
        &mut self,
        code: &str,
        item_json: &str,
        limits: &Limits,
    ) -> Result<UnitScore> {
        let at = key_path("$.items", code);
        refuse_duplicates(limits.scan(item_json, Kind::Item, &at)?)?;
        let item_json = strip_bom(item_json);
        // With `fast-text`, a well-formed item deserialises straight into its type.
        #[cfg(feature = "fast-text")]
        if let Ok(item) = crate::de::from_str_objects::<ItemInput>(item_json) {
            return self.set(code, item);
        }
        // Without it, an item in the usual shapes is read by a small reader of its own.
        #[cfg(not(feature = "fast-text"))]
        if let Some(item) = crate::input::text::item(item_json) {
            return self.set(code, item);
        }
        let v = crate::support::json::parse_json(item_json)?;
        let item = crate::de::from_tree::<ItemInput>(&v)
            .map_err(|e| Error::Input(vec![prefix_code(from_serde(&at, e))]))?;
        self.set(code, item)
    }

    /// Clear a criterion (as if it had never been filled in) and return the new score.
    pub fn clear(&mut self, code: &str) -> Result<UnitScore> {
        let before = self.unit.items.remove(code);
        self.rescore(code, before)
    }

    fn rescore(&mut self, code: &str, before: Option<ItemInput>) -> Result<UnitScore> {
        let scored = self.score(false);
        if scored.is_err() {
            match before {
                Some(it) => self.unit.items.insert(code, it),
                None => self.unit.items.remove(code),
            };
        }
        scored
    }

    /// One node of the unit (a field, criterion or sub-criterion) with its explanation.
    pub fn explain(&self, code: &str) -> Result<NodeScore> {
        let s = self.score(true)?;
        s.nodes.find(code).ok_or_else(|| {
            Error::NotFound(issue!("not_found.node", "$", group = self.unit.group, code))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builtin;
    use crate::eval::score_unit;

    fn example_unit(id: &str) -> UnitInput {
        let batch: crate::input::BatchInput =
            serde_json::from_str(builtin::EXAMPLE_PROVINCE).unwrap();
        batch.units.into_iter().find(|u| u.id == id).unwrap()
    }

    fn rs() -> RuleSet {
        builtin::ruleset(builtin::DEFAULT_RULESET).unwrap()
    }

    fn full(rs: &RuleSet, u: &UnitInput) -> UnitScore {
        let ctx = Context::from_units(rs, std::iter::once(u));
        score_unit(rs, u.clone(), &ctx, "$").unwrap()
    }

    #[test]
    fn a_change_scores_as_the_changed_unit_does() {
        let rs = rs();
        let mut form = UnitForm::new(&rs, example_unit("so_noi_vu")).unwrap();
        let code = form
            .unit()
            .items
            .iter()
            .find(|(_, it)| it.numerator().is_some())
            .map(|(c, _)| c.to_string())
            .unwrap();
        let mut item = form.unit().items[&code].clone();
        let before = form.score(false).unwrap();
        item.set_numerator(Some(0));
        let after = form.set(&code, item.clone()).unwrap();
        let mut changed = example_unit("so_noi_vu");
        changed.items.insert(code.clone(), item);
        let want = full(&rs, &changed);
        assert_eq!(after.total, want.total);
        assert_eq!(after.index, want.index);
        assert_eq!(after.fields, want.fields);
        assert!(after.total < before.total, "no points for 0 of n");
        assert!(after.nodes.is_empty(), "a change returns no explanation");
        // With the explanation: every node as the batch engine scores the changed unit.
        assert_eq!(form.score(true).unwrap(), want);
        assert_eq!(
            form.explain(&code).unwrap(),
            want.nodes.find(&code).unwrap()
        );
        // Cleared: the criterion scores as missing (0 points, a warning).
        let cleared = form.clear(&code).unwrap();
        assert!(cleared
            .warnings
            .iter()
            .any(|w| w.code == "input.missing_item" && w.path == key_path("$.items", &code)));
    }

    #[test]
    fn a_refused_change_leaves_the_form_as_it_was() {
        let rs = rs();
        let mut form = UnitForm::new(&rs, example_unit("so_noi_vu")).unwrap();
        let before = form.unit().clone();
        let score = form.score(true).unwrap();
        let (code, it) = form
            .unit()
            .items
            .iter()
            .find(|(_, it)| it.denominator().is_some() && it.numerator().is_some())
            .map(|(c, it)| (c.to_string(), it.clone()))
            .unwrap();
        let den = it.denominator().unwrap();
        let above = it.with_numerator(den + 1);
        let e = form.set(&code, above).unwrap_err();
        assert_eq!(e.issues()[0].code, "input.numerator_above_denominator");
        assert_eq!(
            e.issues()[0].path,
            format!("{}.numerator", key_path("$.items", &code))
        );
        let e = form
            .set_json(&code, r#"{"numerator": "many"}"#)
            .unwrap_err();
        assert_eq!(e.issues()[0].code, "input.invalid_type");
        assert_eq!(
            e.issues()[0].path,
            format!("{}.numerator", key_path("$.items", &code))
        );
        let e = form.set_json(&code, r#"{"count": 1"#).unwrap_err();
        assert_eq!(e.issues()[0].code, "input.json_syntax");
        let e = form.set("9.9.9", ItemInput::default()).unwrap_err();
        assert_eq!(e.issues()[0].code, "input.unknown_code");
        assert_eq!(form.unit(), &before);
        assert_eq!(form.score(true).unwrap(), score);
        assert_eq!(
            form.explain("9.9.9").unwrap_err().issues()[0].code,
            "not_found.node"
        );
    }

    #[test]
    fn a_unit_that_does_not_score_is_refused() {
        let rs = rs();
        let mut u = example_unit("so_noi_vu");
        u.group = "no_such_group".into();
        assert_eq!(
            UnitForm::new(&rs, u).unwrap_err().issues()[0].code,
            "input.unknown_group"
        );
        let e = UnitForm::from_json(&rs, r#"{"id": "x", "name": "X"}"#).unwrap_err();
        assert!(
            e.issues()
                .iter()
                .any(|i| i.code == "input.missing_field" && i.message.contains("`group`")),
            "{e:?}"
        );
    }
}
