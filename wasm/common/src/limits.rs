//! The input limits as JavaScript names them (`setLimits({maxUnits: 100000})`), the ones in
//! force, and `getLimits`/`setLimits`, linked into every module of the package (each holds its
//! own limits). The limits themselves, their defaults and every check, the checking of a change
//! included, are the core's (`parindex::Limits`, the same for the command line and Python):
//! inputs are checked by the core's entry points, within the limits this module holds.

use crate::errors::{guard, Fail};
use js_sys::{Object, Reflect};
use parindex::Limits;
use std::cell::Cell;
use wasm_bindgen::prelude::*;

/// The JavaScript name of each of the core's limits, in the order of `Limits::NAMES`: the core's
/// name in camel case (`max_units` → `maxUnits`).
fn names() -> [String; 7] {
    Limits::NAMES.map(|name| {
        let mut parts = name.split('_');
        let mut js = parts.next().unwrap_or_default().to_string();
        for p in parts {
            let mut c = p.chars();
            js.extend(c.next().map(|c| c.to_ascii_uppercase()));
            js.push_str(c.as_str());
        }
        js
    })
}

thread_local! {
    static CURRENT: Cell<Limits> = const { Cell::new(Limits::DEFAULT) };
}

/// The limits in force.
pub fn current() -> Limits {
    CURRENT.with(Cell::get)
}

fn limits_object(l: &Limits) -> JsValue {
    let o: JsValue = Object::new().into();
    for (js, core) in names().iter().zip(Limits::NAMES) {
        let _ = Reflect::set(
            &o,
            &JsValue::from_str(js),
            &JsValue::from_f64(l.get(core).unwrap_or(0) as f64),
        );
    }
    o
}

/// The input limits in force.
#[wasm_bindgen(js_name = getLimits, unchecked_return_type = "Limits")]
pub fn get_limits() -> JsValue {
    limits_object(&current())
}

/// Change some input limits (`{maxUnits: 100000}`); the others keep their value. Pass `null` to
/// restore the defaults. Returns the limits now in force. An unknown name, or a value that is not
/// a whole number above 0, throws `InputError` (`limits.invalid`) and changes nothing.
#[wasm_bindgen(js_name = setLimits, unchecked_return_type = "Limits")]
pub fn set_limits(
    #[wasm_bindgen(unchecked_param_type = "Partial<Limits> | null")] changes: JsValue,
) -> Result<JsValue, JsValue> {
    guard()?;
    if changes.is_null() || changes.is_undefined() {
        CURRENT.with(|c| c.set(Limits::DEFAULT));
        return Ok(limits_object(&Limits::DEFAULT));
    }
    let obj = changes.dyn_ref::<Object>().ok_or_else(|| {
        Fail::Input(vec![parindex::Issue::new(
            "limits.invalid:not_an_object",
            "$",
            &[],
        )])
    })?;
    // A whole number of JavaScript's safe range, else none (refused by the core).
    let named: Vec<(String, Option<usize>)> = (Object::keys(obj).iter())
        .map(|key| {
            let value = Reflect::get(obj, &key).unwrap_or(JsValue::UNDEFINED);
            let n = value
                .as_f64()
                .filter(|n| n.fract() == 0.0 && *n >= 0.0 && *n <= 9_007_199_254_740_991.0);
            (key.as_string().unwrap_or_default(), n.map(|n| n as usize))
        })
        .collect();
    let names = names();
    let names = std::array::from_fn(|i| names[i].as_str());
    let l = (current().changed_as(named.iter().map(|(k, v)| (k.as_str(), *v)), &names))
        .map_err(Fail::from)?;
    CURRENT.with(|c| c.set(l));
    Ok(limits_object(&l))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_javascript_names_are_the_declared_ones() {
        // The main module declares `Limits` for every module's declarations.
        let declared = include_str!("../../src/lib.rs");
        for js in names() {
            assert!(
                declared.contains(&format!("  {js}: number;")),
                "{js} is not declared in `Limits`"
            );
        }
        assert_eq!(names()[1], "maxUnits");
    }
}
