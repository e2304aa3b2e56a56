//! Errors: one family, each with a stable code, a JSON path and a message.
//!
//! Codes are part of the public contract (the Python and JavaScript layers expose the same strings);
//! never rename one, add new ones instead.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::fmt;

/// One problem found in a rule set or an input: a stable `code`, the JSON `path` it was found at
/// (`$.nodes[2].children[0].rule.bands[1].min`) and a human message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Issue {
    pub code: String,
    pub path: String,
    pub message: String,
}

impl Issue {
    pub fn new(code: &str, path: impl Into<String>, message: impl Into<String>) -> Self {
        Issue {
            code: code.to_string(),
            path: path.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[{}] {}: {}", self.code, self.path, self.message)
    }
}

fn list(issues: &[Issue]) -> String {
    let mut s = String::new();
    for (i, issue) in issues.iter().enumerate() {
        if i > 0 {
            s.push('\n');
        }
        s.push_str("  ");
        s.push_str(&issue.to_string());
    }
    s
}

/// The engine's error family.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Error {
    /// The rule set is not valid; every problem found is listed.
    #[error("invalid rule set ({} problem(s)):\n{}", .0.len(), list(.0))]
    RuleSet(Vec<Issue>),
    /// An input (a unit, a batch, a value) is not valid; every problem found is listed.
    #[error("invalid input ({} problem(s)):\n{}", .0.len(), list(.0))]
    Input(Vec<Issue>),
    /// A workflow act was refused.
    #[error("{0}")]
    Workflow(Issue),
    /// A named built-in or referenced item does not exist.
    #[error("{0}")]
    NotFound(Issue),
    /// Arithmetic overflowed the exact decimal range.
    #[error("{0}")]
    Arithmetic(Issue),
    /// An input went beyond one of the [`Limits`](crate::Limits) (code `limits.*`); nothing of it was
    /// read.
    #[error("input refused: {0}")]
    Limit(Issue),
}

impl Error {
    /// The family code: `ruleset`, `input`, `workflow`, `not_found`, `arithmetic`, `limits`.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::RuleSet(_) => "ruleset",
            Error::Input(_) => "input",
            Error::Workflow(_) => "workflow",
            Error::NotFound(_) => "not_found",
            Error::Arithmetic(_) => "arithmetic",
            Error::Limit(_) => "limits",
        }
    }

    /// Every issue the error carries (at least one).
    pub fn issues(&self) -> &[Issue] {
        match self {
            Error::RuleSet(v) | Error::Input(v) => v,
            Error::Workflow(i) | Error::NotFound(i) | Error::Arithmetic(i) | Error::Limit(i) => {
                std::slice::from_ref(i)
            }
        }
    }

    /// The code of the first issue (the most specific code available).
    pub fn code(&self) -> &str {
        self.issues()
            .first()
            .map(|i| i.code.as_str())
            .unwrap_or(self.kind())
    }

    /// The path of the first issue.
    pub fn path(&self) -> &str {
        self.issues()
            .first()
            .map(|i| i.path.as_str())
            .unwrap_or("$")
    }

    pub fn input(code: &str, path: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Input(vec![Issue::new(code, path, message)])
    }

    pub fn arithmetic(path: impl Into<String>) -> Self {
        Error::Arithmetic(overflow(path))
    }

    /// The problems found in an input: an arithmetic error when the one problem is an overflow
    /// (an absurd fact rather than a wrong one), else an input error listing every problem.
    pub(crate) fn from_issues(mut issues: Vec<Issue>) -> Self {
        if issues.len() == 1 && issues[0].code.starts_with("arithmetic.") {
            if let Some(i) = issues.pop() {
                return Error::Arithmetic(i);
            }
        }
        Error::Input(issues)
    }
}

/// `arithmetic.overflow` at `path`: a computation whose result is beyond the decimal range.
pub(crate) fn overflow(path: impl Into<String>) -> Issue {
    overflow_of(path, "the result")
}

/// `arithmetic.overflow` at `path`, saying what overflowed (`the sum of the bonus entries`).
pub(crate) fn overflow_of(path: impl Into<String>, what: impl fmt::Display) -> Issue {
    Issue::new(
        "arithmetic.overflow",
        path,
        format!(
            "{what} is larger than the largest value this engine holds exactly \
             (about 7.9 × 10^28)"
        ),
    )
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What a JSON value is, as a message says it: `an array`, `the string "1"`…
pub(crate) fn a_json_type(v: &serde_json::Value) -> String {
    use serde_json::Value;
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("`{b}`"),
        Value::Number(n) => format!("the number {}", excerpt(n.as_str())),
        Value::String(s) => format!("the string {}", excerpt(s)),
        Value::Array(_) => "an array".into(),
        Value::Object(_) => "an object".into(),
    }
}

/// A value as a message quotes it: in backquotes, cut after 40 characters (`…`), so that a huge
/// value never makes a huge message.
pub fn excerpt(s: &str) -> String {
    const MAX: usize = 40;
    let mut out = String::with_capacity(s.len().min(4 * MAX) + 5);
    out.push('`');
    match s.char_indices().nth(MAX) {
        Some((cut, _)) => {
            out.push_str(&s[..cut]);
            out.push('…');
        }
        None => out.push_str(s),
    }
    out.push('`');
    out
}

/// Build a JSON path for an object key: `.key` for identifiers, `["key"]` otherwise
/// (criterion codes such as `3.2.1` contain dots).
pub fn key_path(base: &str, key: &str) -> String {
    let mut path = String::with_capacity(base.len() + key.len() + 4);
    path.push_str(base);
    push_key(&mut path, key);
    path
}

/// Append `key` to a path, as [`key_path`] does.
pub(crate) fn push_key(path: &mut String, key: &str) {
    let simple = !key.is_empty()
        && key.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_')
        && !key.starts_with(|c: char| c.is_ascii_digit());
    if simple {
        path.push('.');
        path.push_str(key);
    } else {
        path.push('[');
        if key.bytes().any(|c| c < 0x20 || c == b'"' || c == b'\\') {
            path.push_str(&serde_json::to_string(key).unwrap_or_default());
        } else {
            // As serde_json writes a string that needs no escape.
            path.push('"');
            path.push_str(key);
            path.push('"');
        }
        path.push(']');
    }
}

/// serde's message about a value in the user's terms: the Rust type it expects becomes what JSON
/// holds (`expected u64` → `expected a whole number from 0 to 18446744073709551615`, `expected
/// struct UnitInput` → `expected an object`), what it found is named as JSON names it (`map` →
/// `an object`), and every value it quotes is cut to a short excerpt (a string of 60,000
/// characters given for a count is named, not repeated). serde_json's " at line X column Y",
/// which means little for a value tree, is dropped.
pub(crate) fn serde_message(message: &str) -> String {
    let message = match message.find(" at line ") {
        Some(i) => &message[..i],
        None => message,
    };
    let (head, expected) = match message.split_once(", expected ") {
        Some((head, exp))
            if head.starts_with("invalid type: ")
                || head.starts_with("invalid value: ")
                || head.starts_with("invalid length ") =>
        {
            (head, Some(expected_in_user_terms(exp)))
        }
        _ => (message, None),
    };
    let head = ["invalid type: ", "invalid value: "]
        .into_iter()
        .find_map(|lead| {
            let found = head.strip_prefix(lead)?;
            Some(format!("{lead}{}", found_in_user_terms(found)))
        })
        .unwrap_or_else(|| head.to_string());
    let mut out = cut_quotes(&head);
    if let Some(exp) = expected {
        out.push_str(", expected ");
        out.push_str(&cut_quotes(&exp));
    }
    out
}

/// What serde says it found (`integer `-1``, `string "x"`, `map`), as JSON names it.
fn found_in_user_terms(found: &str) -> String {
    let number = |lead: &str| found.strip_prefix(lead).map(|n| format!("the number {n}"));
    if let Some(s) = found
        .strip_prefix("string \"")
        .and_then(|s| s.strip_suffix('"'))
    {
        return format!("the string {}", excerpt(s));
    }
    (number("integer ").or_else(|| number("floating point "))).unwrap_or_else(|| match found {
        "map" => "an object".into(),
        "sequence" => "an array".into(),
        "unit value" | "unit" => "null".into(),
        other => other.strip_prefix("boolean ").unwrap_or(other).to_string(),
    })
}

/// What serde says it expected, without Rust types: integers by their range, structs and maps as
/// objects, tuples and sequences as arrays.
fn expected_in_user_terms(exp: &str) -> String {
    fn range<T: std::fmt::Display>(lo: T, hi: T) -> String {
        format!("a whole number from {lo} to {hi}")
    }
    match exp {
        "u8" => range(u8::MIN, u8::MAX),
        "u16" => range(u16::MIN, u16::MAX),
        "u32" => range(u32::MIN, u32::MAX),
        "u64" => range(u64::MIN, u64::MAX),
        "usize" => range(usize::MIN, usize::MAX),
        "i8" => range(i8::MIN, i8::MAX),
        "i16" => range(i16::MIN, i16::MAX),
        "i32" => range(i32::MIN, i32::MAX),
        "i64" => range(i64::MIN, i64::MAX),
        "isize" => range(isize::MIN, isize::MAX),
        "f32" | "f64" => "a number".into(),
        "a Decimal type representing a fixed-point number" => {
            "a decimal number, e.g. \"0.25\"".into()
        }
        _ if exp.starts_with("struct ") || exp.starts_with("a map") || exp == "map" => {
            "an object".into()
        }
        _ if exp.starts_with("tuple") || exp.starts_with("a sequence") => "an array".into(),
        _ if exp.starts_with("enum ") || exp.starts_with("internally tagged enum ") => {
            "one of the values the format documents".into()
        }
        _ => exp.to_string(),
    }
}

/// `text` with every backquoted value longer than an excerpt cut as [`excerpt`] cuts it.
fn cut_quotes(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(512));
    let mut parts = text.split('`');
    out.push_str(parts.next().unwrap_or_default());
    let rest: Vec<&str> = parts.collect();
    let mut i = 0;
    while i < rest.len() {
        // An opening quote with its closing one: the value between them, cut.
        if i + 1 < rest.len() {
            out.push_str(&excerpt(rest[i]));
            out.push_str(rest[i + 1]);
            i += 2;
        } else {
            out.push('`');
            out.push_str(rest[i]);
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// A key is written after its base as `.key` when it is a plain identifier, else as
        /// `[…]` holding the key as a JSON string, escaped as serde_json escapes it.
        #[test]
        fn a_key_path_is_the_base_then_the_key_in_json(key in "[a-z0-9_.\\\\\"\u{0}-\u{1f}é ]{0,6}") {
            let plain = !key.is_empty()
                && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                && !key.starts_with(|c: char| c.is_ascii_digit());
            let want = if plain {
                format!("$.items.{key}")
            } else {
                format!("$.items[{}]", serde_json::to_string(&key).unwrap())
            };
            prop_assert_eq!(key_path("$.items", &key), want);
        }
    }

    /// Issue 21 (weak messages): serde's messages name Rust types (`expected u64`) and quote
    /// whole values; an issue names what JSON holds and quotes a short excerpt.
    #[test]
    fn serde_messages_name_no_rust_type_and_quote_an_excerpt() {
        assert_eq!(
            serde_message("invalid value: integer `-1`, expected u64"),
            "invalid value: the number `-1`, expected a whole number from 0 to 18446744073709551615"
        );
        assert_eq!(
            serde_message("invalid type: floating point `2.5`, expected u32 at line 1 column 9"),
            "invalid type: the number `2.5`, expected a whole number from 0 to 4294967295"
        );
        assert_eq!(
            serde_message(
                "invalid type: map, expected a Decimal type representing a fixed-point number"
            ),
            "invalid type: an object, expected a decimal number, e.g. \"0.25\""
        );
        assert_eq!(
            serde_message("invalid type: sequence, expected struct UnitInput"),
            "invalid type: an array, expected an object"
        );
        let long = "x".repeat(60_000);
        let m = serde_message(&format!("invalid type: string \"{long}\", expected u64"));
        assert!(m.starts_with("invalid type: the string `xxx"), "{m}");
        assert!(m.len() < 200, "{m}");
        let m = serde_message(&format!("unknown variant `{long}`, expected `a` or `b`"));
        assert!(m.len() < 200 && m.ends_with("expected `a` or `b`"), "{m}");
        assert_eq!(serde_message("missing field `id`"), "missing field `id`");
    }

    #[test]
    fn key_paths_of_codes() {
        assert_eq!(key_path("$", "survey"), "$.survey");
        assert_eq!(key_path("$.items", "1.1"), r#"$.items["1.1"]"#);
        assert_eq!(key_path("$.items", "a\"b\n"), r#"$.items["a\"b\n"]"#);
        assert_eq!(key_path("$.items", ""), r#"$.items[""]"#);
    }
}
