//! Data the package ships as a JavaScript module next to the .wasm rather than inside it: the
//! bundled example province, the built-in rule sets' JSON texts, the JSON Schemas, the error
//! registry's message templates and the rule set's reduced schema (`parindex_data.js`, generated
//! by `build.rs` and copied into the package by `wasm/build.sh`). `parindex.js` imports it
//! statically, so the API stays synchronous in Node and in browsers; the WebAssembly module,
//! compiled before anything can run, is smaller by their size.

use js_sys::JsString;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen(raw_module = "./parindex_data.js")]
extern "C" {
    /// The example province's JSON text, exactly the file `parindex::builtin::EXAMPLE_PROVINCE`.
    #[wasm_bindgen(thread_local_v2, js_name = EXAMPLE_PROVINCE)]
    static EXAMPLE_PROVINCE: JsString;
    /// The built-in rule sets' JSON texts, in the order of `parindex::builtin::RULESETS`.
    #[wasm_bindgen(thread_local_v2, js_name = BUILTIN_RULESETS)]
    static BUILTIN_RULESETS: js_sys::Array;
    /// The JSON Schemas' texts by the core's names (`parindex::api::schema::NAMES`).
    #[wasm_bindgen(thread_local_v2, js_name = SCHEMAS)]
    static SCHEMAS: js_sys::Object;
    /// The error registry's message templates, joined by NUL (`parindex::codes::messages`).
    #[cfg(target_arch = "wasm32")]
    #[wasm_bindgen(thread_local_v2, js_name = MESSAGES)]
    static MESSAGES: JsString;
    /// The rule set's reduced schema (`parindex::internal::reduced_schema`).
    #[cfg(target_arch = "wasm32")]
    #[wasm_bindgen(thread_local_v2, js_name = REDUCED_SCHEMA)]
    static REDUCED_SCHEMA: JsString;
}

/// Gives the engine the error registry's message templates and the rule set's reduced schema (it
/// is built without them there; a native build of this crate, for its checks, has them compiled in).
#[cfg(target_arch = "wasm32")]
pub fn set_texts() {
    let text = MESSAGES.with(|s| String::from(s));
    parindex::codes::set_messages(text.split('\0').map(String::from).collect());
    parindex::internal::set_reduced_schema(REDUCED_SCHEMA.with(|s| String::from(s)));
}

/// A native build has the texts compiled in.
#[cfg(not(target_arch = "wasm32"))]
pub fn set_texts() {}

/// The example province's JSON text.
pub fn example_province() -> JsString {
    EXAMPLE_PROVINCE.with(JsString::clone)
}

/// The JSON text of the built-in rule set at `index` in `parindex::builtin::RULESETS`.
pub fn builtin_ruleset(index: usize) -> Option<String> {
    BUILTIN_RULESETS.with(|a| a.get(index as u32).as_string())
}

/// The JSON text of a schema by the core's name (`ruleset`, `input`, `result`, `dossier`); none
/// for another name (an inherited property such as `toString` included: it is not a string).
pub fn schema(kind: &str) -> Option<JsString> {
    let s = SCHEMAS.with(|s| js_sys::Reflect::get(s, &JsValue::from_str(kind)));
    s.ok()?.dyn_into::<JsString>().ok()
}
