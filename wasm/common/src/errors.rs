//! Errors as JavaScript `Error` objects, and the panic hook.
//!
//! Every error thrown to JavaScript is a real `Error` (so `e instanceof Error`, `e.stack`) with:
//! `name` (`RuleSetError`, `InputError`, `NotFoundError`, `WorkflowError`, `ArithmeticError`,
//! `LimitError`, `InternalError`: the names of the Python package's classes), `kind` (the core's
//! family code: `ruleset`, `input`, …, `limits`, `internal`), `code` and `path` (those of the first
//! issue) and `errors`, the full list of `{code, path, message, params}`. Messages are in the
//! language of `setLang` (Vietnamese by default).

use js_sys::{Array, Object, Reflect};
use parindex::{ErrorKind, Issue, Lang};
use std::sync::atomic::{AtomicBool, Ordering};
use wasm_bindgen::prelude::*;

/// An error of the binding: one of the core's, or one the binding raises itself.
#[derive(Debug)]
pub enum Fail {
    Core(parindex::Error),
    /// A JavaScript value that cannot be read as input (e.g. a non-integer `number`).
    Input(Vec<Issue>),
    /// A bug: a panic, or a value the engine could not serialise.
    Internal(Issue),
}

impl From<parindex::Error> for Fail {
    fn from(e: parindex::Error) -> Self {
        Fail::Core(e)
    }
}

impl Fail {
    pub fn internal(detail: impl Into<String>) -> Fail {
        let detail = detail.into();
        Fail::Internal(Issue::new("internal.error", "$", &[("detail", &detail)]))
    }

    fn kind(&self) -> ErrorKind {
        match self {
            Fail::Core(e) => e.kind(),
            Fail::Input(_) => ErrorKind::Input,
            Fail::Internal(_) => ErrorKind::Internal,
        }
    }

    fn issues(&self) -> &[Issue] {
        match self {
            Fail::Core(e) => e.issues(),
            Fail::Input(v) => v,
            Fail::Internal(i) => std::slice::from_ref(i),
        }
    }

    fn message(&self) -> String {
        match self {
            Fail::Core(e @ parindex::Error::Limit(_)) => format!(
                "{e} ({})",
                parindex::lang().pick(
                    "setLimits() thay đổi các giới hạn",
                    "setLimits() changes the limits"
                )
            ),
            Fail::Core(e) => e.to_string(),
            Fail::Input(v) => parindex::Error::Input(v.clone()).to_string(),
            Fail::Internal(i) => i.to_string(),
        }
    }
}

/// The error's `name` for a family, the same as the Python package's class names. Every kind is
/// mapped: a new kind does not compile until it is.
fn error_name(kind: ErrorKind) -> &'static str {
    match kind {
        ErrorKind::RuleSet => "RuleSetError",
        ErrorKind::Input => "InputError",
        ErrorKind::Workflow => "WorkflowError",
        ErrorKind::NotFound => "NotFoundError",
        ErrorKind::Arithmetic => "ArithmeticError",
        ErrorKind::Limit => "LimitError",
        ErrorKind::Internal => "InternalError",
    }
}

/// The language of the engine's messages (each error's `message` and its `errors[].message`) and
/// of the files written when not told otherwise, for every later call of this module (each module
/// of the package has its own): `"vi"` (Vietnamese, the default) or `"en"`. Codes, paths and
/// `params` are the same in every language; another value throws `InputError`
/// (`input.unknown_lang`).
#[wasm_bindgen(js_name = setLang)]
pub fn set_lang(
    #[wasm_bindgen(unchecked_param_type = "\"vi\" | \"en\"")] lang: &str,
) -> Result<(), JsValue> {
    guard()?;
    parindex::set_lang(lang_named(lang)?);
    Ok(())
}

/// The language of the engine's messages: `"vi"` or `"en"`.
#[wasm_bindgen(js_name = getLang, unchecked_return_type = "\"vi\" | \"en\"")]
pub fn get_lang() -> String {
    parindex::lang().as_str().to_string()
}

#[wasm_bindgen]
extern "C" {
    /// `"vi"` or `"en"`, as an optional argument's type (`unchecked_param_type` on an `Option`
    /// would declare the argument required).
    #[wasm_bindgen(typescript_type = "\"vi\" | \"en\"")]
    pub type LangName;
}

/// An optional language argument: its language, else that of the messages (`setLang`); a value
/// that is not a string is `input.invalid_type`, another name `input.unknown_lang`.
pub fn lang_arg(lang: Option<LangName>) -> Res<Lang> {
    match lang.map(|v| v.as_string().ok_or(v)) {
        Some(Ok(name)) => lang_named(&name),
        Some(Err(v)) => {
            let found = v.js_typeof().as_string().unwrap_or_default();
            Err(Fail::Input(vec![Issue::new(
                "input.invalid_type",
                "$",
                &[("found", &found), ("expected", "\"vi\" or \"en\"")],
            )]))
        }
        None => Ok(parindex::lang()),
    }
}

/// A language by name (`"vi"`, `"en"`); another name is `input.unknown_lang`.
pub fn lang_named(lang: &str) -> Res<Lang> {
    Ok(Lang::named(lang)?)
}

fn set(target: &JsValue, key: &str, value: &JsValue) {
    // Setting a property on a fresh plain object or Error cannot fail.
    let _ = Reflect::set(target, &JsValue::from_str(key), value);
}

/// An issue as a plain `{code, path, message}` object.
pub fn issue_object(i: &Issue) -> JsValue {
    let o: JsValue = Object::new().into();
    set(&o, "code", &JsValue::from_str(&i.code));
    set(&o, "path", &JsValue::from_str(&i.path));
    set(&o, "message", &JsValue::from_str(&i.message));
    let params: JsValue = Object::new().into();
    for (k, v) in &i.params {
        set(&params, k, &JsValue::from_str(v));
    }
    set(&o, "params", &params);
    o
}

pub fn issues_array(issues: &[Issue]) -> JsValue {
    let a = Array::new();
    for i in issues {
        a.push(&issue_object(i));
    }
    a.into()
}

fn make_error(kind: ErrorKind, message: &str, issues: &[Issue]) -> JsValue {
    let e = js_sys::Error::new(message);
    e.set_name(error_name(kind));
    let v: JsValue = e.into();
    set(&v, "kind", &JsValue::from_str(kind.as_str()));
    let (code, path) = issues
        .first()
        .map(|i| (i.code.as_str(), i.path.as_str()))
        .unwrap_or((kind.as_str(), "$"));
    set(&v, "code", &JsValue::from_str(code));
    set(&v, "path", &JsValue::from_str(path));
    set(&v, "errors", &issues_array(issues));
    v
}

impl From<Fail> for JsValue {
    fn from(f: Fail) -> JsValue {
        make_error(f.kind(), &f.message(), f.issues())
    }
}

pub type Res<T> = Result<T, Fail>;

static POISONED: AtomicBool = AtomicBool::new(false);

/// Refuse every call once a panic has happened: the module's memory may be inconsistent (a wasm
/// panic aborts without unwinding), so the page or process must load it again.
pub fn guard() -> Res<()> {
    if POISONED.load(Ordering::Relaxed) {
        return Err(Fail::Internal(Issue::new("internal.poisoned", "$", &[])));
    }
    Ok(())
}

/// Turn a panic into a thrown `InternalError` (code `internal.panic`) carrying the panic message,
/// instead of an opaque `RuntimeError: unreachable`. wasm32 cannot unwind, so the hook throws the
/// JavaScript error itself (unwinding the wasm frames from the JavaScript side) and marks the module
/// poisoned: later calls fail with `internal.poisoned` rather than run on inconsistent state.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        POISONED.store(true, Ordering::Relaxed);
        let issue = Issue::new("internal.panic", "$", &[("detail", &info.to_string())]);
        wasm_bindgen::throw_val(make_error(
            ErrorKind::Internal,
            &issue.message,
            std::slice::from_ref(&issue),
        ));
    }));
}

/// Throw a `LimitError` (code `limits.out_of_memory`) when WebAssembly memory cannot grow any more,
/// instead of the opaque trap of Rust's default allocation-failure handler. Builds the error
/// without allocating in wasm memory; marks the module poisoned (the interrupted call leaks).
#[cfg(target_arch = "wasm32")]
pub fn throw_out_of_memory() -> ! {
    static IN_OOM: AtomicBool = AtomicBool::new(false);
    if IN_OOM.swap(true, Ordering::Relaxed) {
        // Allocating while reporting the failure failed too: nothing readable can be built.
        core::arch::wasm32::unreachable()
    }
    POISONED.store(true, Ordering::Relaxed);
    // The registry's message in the language in force: a static text, read without allocating.
    let message = (parindex::codes::entry("limits.out_of_memory"))
        .map(|e| e.template(parindex::lang()))
        .filter(|t| !t.is_empty())
        .unwrap_or("out of WebAssembly memory");
    let e = js_sys::Error::new(message);
    e.set_name("LimitError");
    let v: JsValue = e.into();
    set(&v, "kind", &JsValue::from_str("limits"));
    set(&v, "code", &JsValue::from_str("limits.out_of_memory"));
    set(&v, "path", &JsValue::from_str("$"));
    let issue: JsValue = Object::new().into();
    set(&issue, "code", &JsValue::from_str("limits.out_of_memory"));
    set(&issue, "path", &JsValue::from_str("$"));
    set(&issue, "message", &JsValue::from_str(message));
    let list = Array::new();
    list.push(&issue);
    set(&v, "errors", &list);
    IN_OOM.store(false, Ordering::Relaxed);
    wasm_bindgen::throw_val(v)
}
