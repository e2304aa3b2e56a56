//! Moving data across the boundary.
//!
//! In: an input is either JSON text (a string, or UTF-8 bytes in a `Uint8Array`, passed to the
//! core as written: number literals are read exactly from their text; the core checks it against
//! the limits before reading it) or a JavaScript object. An object is turned into JSON by
//! `JSON.stringify` with a replacer that marks what JSON would silently lose (`NaN`, `Infinity`,
//! functions, symbols) and keeps `BigInt`s exact; the text is then checked against the limits and
//! parsed, and every `number` that is not a safe integer is refused with its path: decimals must be
//! strings (`"0.575"`), because a JavaScript `number` cannot hold 0.575 exactly.
//!
//! Out: results are serialised by the core (decimals as strings) and parsed by `JSON.parse` into
//! plain objects.

use crate::errors::{Fail, Res};
use crate::limits;
use js_sys::{JsString, Reflect};
use parindex::api::{text_from_bytes, Kind};
use parindex::internal::key_path;
use parindex::Issue;
use serde::Serialize;
use serde_json::Value;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Marks a value `JSON.stringify` would drop or turn into `null`.
const MARK: &str = "\u{0}parindex:";
/// The mark as `JSON.stringify` writes it.
const MARK_WRITTEN: &str = "\\u0000parindex:";

#[wasm_bindgen(inline_js = r#"
const MARK = '\u0000parindex:';
// The position of a string's first lone surrogate (half of a UTF-16 pair, alone), or -1.
export function loneSurrogate(s) {
  if (typeof s.isWellFormed === 'function' && s.isWellFormed()) return -1;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) { i++; continue; }
      return i;
    }
    if (c >= 0xdc00 && c <= 0xdfff) return i;
  }
  return -1;
}
export function toJsonMarked(value) {
  const text = JSON.stringify(value, function (key, v) {
    switch (typeof v) {
      case 'string': {
        const at = loneSurrogate(v);
        return at < 0 ? v : MARK + 'surrogate:' + at;
      }
      case 'number': return Number.isFinite(v) ? v : MARK + 'nonfinite:' + String(v);
      case 'bigint': return MARK + 'bigint:' + v.toString();
      case 'function': return MARK + 'function';
      case 'symbol': return MARK + 'symbol';
      default: return v;
    }
  });
  if (typeof text !== 'string') throw new TypeError('the value has no JSON form');
  return text;
}
"#)]
extern "C" {
    #[wasm_bindgen(catch, js_name = toJsonMarked)]
    fn to_json_marked(value: &JsValue) -> Result<String, JsValue>;

    #[wasm_bindgen(js_name = loneSurrogate)]
    fn lone_surrogate(s: &JsString) -> i32;
}

/// `input.lone_surrogate` at `path`: a string holding a lone surrogate at `index`, which no UTF-8
/// text holds (reading it as one would replace it by U+FFFD, silently).
fn lone_surrogate_issue(path: &str, index: &str) -> Issue {
    Issue::new(
        "input.lone_surrogate",
        path,
        &[("at", path), ("index", index)],
    )
}

/// The message of a thrown JavaScript value.
fn js_message(e: &JsValue) -> String {
    if let Some(err) = e.dyn_ref::<js_sys::Error>() {
        return String::from(err.message());
    }
    e.as_string()
        .unwrap_or_else(|| "unknown JavaScript error".to_string())
}

/// A JavaScript input, read as JSON: either the text the caller gave, or the value parsed from an
/// object (with its numbers checked).
pub enum Input {
    Text(String),
    Value(Value),
}

impl Input {
    pub fn into_text(self) -> Res<String> {
        match self {
            Input::Text(t) => Ok(t),
            Input::Value(v) => serde_json::to_string(&v).map_err(|e| Fail::internal(e.to_string())),
        }
    }
}

/// Read an input given as JSON text (a string or UTF-8 bytes) or as an object, within the limits.
pub fn read_input(v: &JsValue, kind: Kind, what: &str) -> Res<Input> {
    read_input_at(v, kind, what, "$")
}

/// [`read_input`], the problems of an object reported at paths from `base` (`$.act`,
/// `$.items["1.1"]`: where the core reports the problems of the same input given as text).
pub fn read_input_at(v: &JsValue, kind: Kind, what: &str, base: &str) -> Res<Input> {
    let lim = limits::current();
    if v.is_string() {
        // UTF-8 needs at least one byte per UTF-16 unit: refuse without copying when already too
        // long.
        lim.check_size(v.unchecked_ref::<JsString>().length() as usize)?;
        let at = lone_surrogate(v.unchecked_ref::<JsString>());
        if at >= 0 {
            return Err(Fail::Input(vec![lone_surrogate_issue(
                "$",
                &at.to_string(),
            )]));
        }
        let text = v
            .as_string()
            .ok_or_else(|| Fail::internal("a string could not be read"))?;
        return Ok(Input::Text(text));
    }
    if let Some(bytes) = v.dyn_ref::<js_sys::Uint8Array>() {
        lim.check_size(bytes.length() as usize)?;
        let bytes = bytes.to_vec();
        text_from_bytes(&bytes, kind)?;
        let text =
            String::from_utf8(bytes).map_err(|_| Fail::internal("UTF-8 checked, then refused"))?;
        return Ok(Input::Text(text));
    }
    if !v.is_object() || v.is_function() {
        return Err(Fail::Input(vec![Issue::new(
            "input.invalid_type:js_input",
            "$",
            &[("what", what), ("found", &type_name(v))],
        )]));
    }
    if kind == Kind::Batch {
        // Refuse a huge batch before turning it into JSON.
        if let Ok(units) = Reflect::get(v, &JsValue::from_str("units")) {
            if let Some(a) = units.dyn_ref::<js_sys::Array>() {
                lim.check_units(a.length() as usize)?;
            }
        }
    }
    let marked = marked_json(v, base, what)?;
    let scanned = lim.scan(&marked, kind, base)?;
    if scanned.small_integers_only && !marked.contains(MARK_WRITTEN) {
        // Only safe integers and no marks: the text is the input as is.
        return Ok(Input::Text(marked));
    }
    // Something to look at closely: parse it to find each problem with its path.
    Ok(Input::Value(checked(&marked, base)?))
}

/// The value of `JSON.stringify`'s marked text, every number and mark checked (problems reported
/// under `path`), `BigInt`s restored exactly.
fn checked(marked: &str, path: &str) -> Res<Value> {
    let mut value: Value = serde_json::from_str(marked)
        .map_err(|e| Fail::internal(format!("JSON.stringify output: {e}")))?;
    let mut issues = Vec::new();
    check_numbers(&value, path, &mut issues);
    if !issues.is_empty() {
        return Err(Fail::Input(issues));
    }
    if marked.contains(r"\u0000parindex:bigint:") {
        unmark_bigints(&mut value);
    }
    Ok(value)
}

/// One value given as an argument (points, a `BigInt`…), read as JSON with its numbers (and a
/// string's lone surrogate) checked as in [`read_input`]; problems are reported at `path`.
pub fn read_value(v: &JsValue, path: &str, what: &str) -> Res<Value> {
    checked(&marked_json(v, path, what)?, path)
}

/// `JSON.stringify` with the marks of [`to_json_marked`]; a value without a JSON form (a
/// function, a cycle…) is `input.not_serializable` at `path`.
fn marked_json(v: &JsValue, path: &str, what: &str) -> Res<String> {
    to_json_marked(v).map_err(|e| {
        // Memory ran out while the text was handed to the module: the allocator's own
        // `LimitError` (limits.out_of_memory), not a value without a JSON form.
        let code = Reflect::get(&e, &JsValue::from_str("code")).ok();
        if code.and_then(|c| c.as_string()).as_deref() == Some("limits.out_of_memory") {
            wasm_bindgen::throw_val(e);
        }
        Fail::Input(vec![Issue::new(
            "input.not_serializable",
            path,
            &[("what", what), ("detail", &js_message(&e))],
        )])
    })
}

fn type_name(v: &JsValue) -> String {
    if v.is_null() {
        "null".into()
    } else if v.is_undefined() {
        "undefined".into()
    } else if js_sys::Array::is_array(v) {
        "an array".into()
    } else {
        v.js_typeof()
            .as_string()
            .map(|t| format!("a {t}"))
            .unwrap_or_else(|| "this value".into())
    }
}

/// At most this many number problems are listed (the first ones, in document order).
const MAX_ISSUES: usize = 100;

/// Largest integer a JavaScript `number` holds exactly: 2^53 − 1.
const MAX_SAFE: u64 = 9_007_199_254_740_991;

fn check_numbers(v: &Value, path: &str, issues: &mut Vec<Issue>) {
    if issues.len() >= MAX_ISSUES {
        return;
    }
    match v {
        Value::Number(n) => {
            let lit = n.as_str();
            let digits = lit.trim_start_matches('-');
            if lit.contains(['.', 'e', 'E']) && !lit.contains("e+") {
                issues.push(Issue::new(
                    "input.non_integer_number",
                    path,
                    &[("number", lit)],
                ));
            } else if lit.contains("e+")
                || digits.parse::<u64>().map(|d| d > MAX_SAFE).unwrap_or(true)
            {
                issues.push(Issue::new("input.unsafe_integer", path, &[("number", lit)]));
            }
        }
        Value::String(s) => {
            if let Some(rest) = s.strip_prefix(MARK) {
                if let Some(what) = rest.strip_prefix("nonfinite:") {
                    issues.push(Issue::new("input.not_a_number", path, &[("value", what)]));
                } else if let Some(index) = rest.strip_prefix("surrogate:") {
                    issues.push(lone_surrogate_issue(path, index));
                } else if !rest.starts_with("bigint:") {
                    issues.push(Issue::new(
                        "input.invalid_type:js_value",
                        path,
                        &[("found", &format!("a {rest}"))],
                    ));
                }
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                check_numbers(x, &format!("{path}[{i}]"), issues);
            }
        }
        Value::Object(m) => {
            for (k, x) in m {
                if matches!(
                    x,
                    Value::Number(_) | Value::String(_) | Value::Array(_) | Value::Object(_)
                ) {
                    check_numbers(x, &key_path(path, k), issues);
                }
            }
        }
        Value::Null | Value::Bool(_) => {}
    }
}

/// Replace `BigInt` marks by the integers they stand for (exact: from their decimal text).
fn unmark_bigints(v: &mut Value) {
    match v {
        Value::String(s) => {
            if let Some(digits) = s.strip_prefix(MARK).and_then(|r| r.strip_prefix("bigint:")) {
                if let Ok(n) = digits.parse::<serde_json::Number>() {
                    *v = Value::Number(n);
                }
            }
        }
        Value::Array(a) => a.iter_mut().for_each(unmark_bigints),
        Value::Object(m) => m.values_mut().for_each(unmark_bigints),
        _ => {}
    }
}

/// A core result as a plain JavaScript object (decimals as strings).
pub fn to_js<T: Serialize>(value: &T) -> Res<JsValue> {
    let text = serde_json::to_string(value).map_err(|e| Fail::internal(e.to_string()))?;
    parse_json(&text)
}

/// Like [`to_js`], for results (explanations are large and full of Vietnamese text): the JSON is
/// written in ASCII, non-ASCII characters as `\uXXXX` escapes. Moving a string out of WebAssembly
/// memory decodes it, and engines decode ASCII several times faster than other UTF-8; `JSON.parse`
/// restores the characters.
pub fn result_to_js<T: Serialize>(value: &T) -> Res<JsValue> {
    parse_json(&result_json(value)?)
}

/// A result's JSON text in ASCII (non-ASCII characters as `\uXXXX` escapes), as [`result_to_js`]
/// parses it.
pub fn result_json<T: Serialize>(value: &T) -> Res<String> {
    let text = serde_json::to_string(value).map_err(|e| Fail::internal(e.to_string()))?;
    Ok(ascii(text))
}

/// Compact JSON text with every non-ASCII character escaped (`\uXXXX`, UTF-16 units): outside
/// strings JSON text is ASCII, so this is what a formatter escaping the strings' fragments would
/// write. Written by serde_json's one serializer (the one `to_string` uses everywhere else in the
/// module), then escaped: a second serializer type would compile every result type's `Serialize`
/// a second time (1.9 KB gzipped of WebAssembly, 2026-12-07).
fn ascii(text: String) -> String {
    if text.is_ascii() {
        return text;
    }
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(text.len() + text.len() / 2);
    let mut units = [0u16; 2];
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c);
            continue;
        }
        for &mut u in c.encode_utf16(&mut units) {
            let u = u as usize;
            out.push_str("\\u");
            for shift in [12, 8, 4, 0] {
                out.push(HEX[(u >> shift) & 15] as char);
            }
        }
    }
    out
}

pub fn parse_json(text: &str) -> Res<JsValue> {
    parse_js_string(&JsString::from(text))
}

/// `JSON.parse` of a JavaScript string (never copied into WebAssembly memory).
pub fn parse_js_string(text: &JsString) -> Res<JsValue> {
    parse_json_js(text).map_err(|e| Fail::internal(format!("JSON.parse: {}", js_message(&e))))
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = JSON, js_name = parse)]
    fn parse_json_js(text: &JsString) -> Result<JsValue, JsValue>;
}

#[cfg(test)]
mod tests {
    /// What the formatter that escaped each string fragment wrote: every non-ASCII character as
    /// its UTF-16 units (a pair for one outside the BMP), keys too; serde_json's own escapes kept.
    #[test]
    fn result_json_escapes_every_non_ascii_character_as_utf16_units() {
        let v = serde_json::json!({"Mất điểm": "tiêu chí 😀 \"x\"\n", "ok": "plain"});
        assert_eq!(
            super::ascii(v.to_string()),
            r#"{"M\u1ea5t \u0111i\u1ec3m":"ti\u00eau ch\u00ed \ud83d\ude00 \"x\"\n","ok":"plain"}"#
        );
        assert_eq!(super::ascii("[1,\"a\"]".into()), "[1,\"a\"]");
    }
}
