//! A rule set given to a module that has no `RuleSet` class of its own (`parindex/tables`,
//! `parindex/workflow`): its JSON text (a string or UTF-8 bytes), its object, or anything with a
//! `toJson()` method that returns that text, such as the main module's `RuleSet`. The modules are
//! separate WebAssembly instances with separate memories: an object of one is a pointer another
//! cannot read, so the rule set crosses as text, and each module loads and works without the
//! others. The text is validated again here; the last one is kept, so that several calls with
//! one rule set validate it once. Used by those modules only (the main module has its class).

use crate::convert::{read_input, Input};
use crate::errors::{Fail, Res};
use crate::limits;
use js_sys::{Reflect, Uint8Array};
use parindex::api::Kind;
use parindex::{Issue, RuleSet};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen(typescript_custom_section)]
const TS_SOURCE: &str = r#"
/** A rule set: its JSON text (a string or UTF-8 bytes), its object, or the main module's `RuleSet`
 * (anything whose `toJson()` returns the text). */
export type RuleSetSource = string | Uint8Array | RuleSetDef | { toJson(): string };
"#;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(typescript_type = "RuleSetSource")]
    pub type RuleSetSource;
}

/// A module's result or its error as the JavaScript `Error` of [`crate::errors`].
pub fn out<T>(r: Res<T>) -> Result<T, JsValue> {
    r.map_err(JsValue::from)
}

thread_local! {
    /// The last rule set read, with the text it was read from.
    static LAST: RefCell<Option<(String, Rc<RuleSet>)>> = const { RefCell::new(None) };
}

/// The rule set of an argument (see the module's documentation), validated.
pub fn ruleset(v: &JsValue) -> Res<Rc<RuleSet>> {
    let own;
    let mut v = v;
    if v.is_object() && !v.is_instance_of::<Uint8Array>() {
        let to_json = Reflect::get(v, &JsValue::from_str("toJson")).unwrap_or(JsValue::UNDEFINED);
        if let Some(f) = to_json.dyn_ref::<js_sys::Function>() {
            own = f.call0(v).map_err(|e| {
                Fail::Input(vec![Issue::new(
                    "input.invalid_type:js_input",
                    "$",
                    &[
                        ("what", "a rule set"),
                        ("found", &format!("an object whose toJson() threw: {e:?}")),
                    ],
                )])
            })?;
            v = &own;
        }
    }
    let text = match read_input(v, Kind::RuleSet, "a rule set")? {
        Input::Text(t) => t,
        Input::Value(value) => {
            // Read from its canonical text, so that the same rule set is recognised next time.
            RuleSet::from_value(&value)?.to_json()
        }
    };
    if let Some(rs) = LAST.with(|l| {
        (l.borrow().as_ref())
            .filter(|(t, _)| *t == text)
            .map(|(_, rs)| Rc::clone(rs))
    }) {
        return Ok(rs);
    }
    let rs = Rc::new(RuleSet::from_json_within(&text, &limits::current())?);
    LAST.with(|l| *l.borrow_mut() = Some((text, Rc::clone(&rs))));
    Ok(rs)
}
