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

    #[test]
    fn key_paths_of_codes() {
        assert_eq!(key_path("$", "survey"), "$.survey");
        assert_eq!(key_path("$.items", "1.1"), r#"$.items["1.1"]"#);
        assert_eq!(key_path("$.items", "a\"b\n"), r#"$.items["a\"b\n"]"#);
        assert_eq!(key_path("$.items", ""), r#"$.items[""]"#);
    }
}
