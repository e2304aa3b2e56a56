//! A unit being filled in (core's `UnitForm`) for JavaScript: `rs.form(unit)`, then
//! `set(code, item)` as an officer types. The unit stays in WebAssembly memory, so a change costs
//! reading one item and a rescoring; every check is core's, and a refused change throws an
//! `InputError` and changes nothing.

use crate::convert::{read_input, read_input_at, result_to_js, to_js};
use crate::errors::guard;
use crate::limits;
use crate::{keep_nodes, out, RuleSet, ScoreOptions};
use parindex::api;
use parindex::api::Kind;
use wasm_bindgen::prelude::*;

/// One unit's inputs held by the engine, rescored after each change. Make one with
/// `rs.form(unit)`; release it with `free()` (or `using`) when the form closes.
#[wasm_bindgen]
pub struct UnitForm {
    inner: api::UnitForm,
}

#[wasm_bindgen]
impl RuleSet {
    /// A `UnitForm` holding `unit` (JSON text or an object), to rescore it criterion by criterion
    /// as it is filled in. Throws `InputError` when the unit does not score.
    pub fn form(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | Uint8Array | UnitInput")] unit: JsValue,
    ) -> Result<UnitForm, JsValue> {
        out((|| {
            guard()?;
            let text = read_input(&unit, Kind::Unit, "a unit")?.into_text()?;
            Ok(UnitForm {
                inner: api::UnitForm::from_json_within(&self.inner, &text, &limits::current())?,
            })
        })())
    }
}

#[wasm_bindgen]
impl UnitForm {
    /// Give criterion `code` its facts or points (`{numerator: 3, denominator: 4}`), replacing
    /// what it had. Returns the new score without the explanation (`nodes` is empty); throws
    /// `InputError` (and keeps the form as it was) when the rules refuse the change.
    #[wasm_bindgen(unchecked_return_type = "UnitScore")]
    pub fn set(
        &mut self,
        code: &str,
        #[wasm_bindgen(unchecked_param_type = "string | Uint8Array | ItemInput")] item: JsValue,
    ) -> Result<JsValue, JsValue> {
        out((|| {
            guard()?;
            let at = parindex::internal::key_path("$.items", code);
            let text = read_input_at(&item, Kind::Item, "an item", &at)?.into_text()?;
            result_to_js(
                &self
                    .inner
                    .set_json_within(code, &text, &limits::current())?,
            )
        })())
    }

    /// Clear criterion `code` (0 points and a warning, as if never filled in); returns the new
    /// score without the explanation.
    #[wasm_bindgen(unchecked_return_type = "UnitScore")]
    pub fn clear(&mut self, code: &str) -> Result<JsValue, JsValue> {
        out((|| {
            guard()?;
            result_to_js(&self.inner.clear(code)?)
        })())
    }

    /// The unit's score as it stands; `{keepNodes: false}` leaves the explanation out.
    #[wasm_bindgen(unchecked_return_type = "UnitScore")]
    pub fn score(&self, options: Option<ScoreOptions>) -> Result<JsValue, JsValue> {
        out((|| {
            guard()?;
            result_to_js(&self.inner.score(keep_nodes(&options))?)
        })())
    }

    /// One node (field, criterion or sub-criterion) with its explanation. Throws `NotFoundError`
    /// (`not_found.node`) when the unit's rubric has no such node.
    #[wasm_bindgen(unchecked_return_type = "NodeScore")]
    pub fn explain(&self, code: &str) -> Result<JsValue, JsValue> {
        out((|| {
            guard()?;
            result_to_js(&self.inner.explain(code)?)
        })())
    }

    /// The unit as it stands (the input format; decimals as strings).
    #[wasm_bindgen(unchecked_return_type = "UnitInput")]
    pub fn unit(&self) -> Result<JsValue, JsValue> {
        out((|| {
            guard()?;
            to_js(self.inner.unit())
        })())
    }
}
