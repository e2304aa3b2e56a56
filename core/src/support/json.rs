//! JSON text read into a tree.
//!
//! Arithmetic here is checked (the lint below refuses an unchecked operator).

#![deny(clippy::arithmetic_side_effects)]

use crate::error::{issue, Error, Result};
use crate::limits::{Kind, Limits};
use serde_json::Value;

/// Parse JSON text as a batch value, reporting syntax errors as input errors.
pub fn parse_json(text: &str) -> Result<Value> {
    serde_json::from_str(text).map_err(|e| syntax_error(text, Kind::Batch, &e))
}

/// JSON text the parser refused: `input.json_syntax` (`ruleset.json_syntax` for a rule set), or,
/// when the text holds a lone surrogate written as an escape (`"\ud800"`), that problem at its
/// path ([`Limits::lone_surrogate`]), which says more than the parser's "unexpected end of hex
/// escape".
pub(crate) fn syntax_error(text: &str, kind: Kind, e: &serde_json::Error) -> Error {
    if e.is_syntax() {
        if let Some(found) = Limits::lone_surrogate(text, kind, "$") {
            return found;
        }
    }
    match kind {
        Kind::RuleSet => Error::RuleSet(vec![issue!("ruleset.json_syntax", "$", detail = e)]),
        _ => Error::input(issue!("input.json_syntax", "$", detail = e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lone_surrogate_escape_is_named_at_its_path_not_as_a_syntax_error() {
        let e = parse_json(r#"{"units": [{"id": "a", "name": "x\ud800y"}]}"#).unwrap_err();
        let issue = &e.issues()[0];
        assert_eq!(issue.code, "input.lone_surrogate");
        assert_eq!(issue.path, "$.units[0].name");
        assert_eq!(issue.params["escape"], r"\ud800");
        // A trailing half alone, and one in a key: the key's object.
        let e = parse_json(r#"{"a": {"\udc00": 1}}"#).unwrap_err();
        assert_eq!(
            (
                e.issues()[0].path.as_str(),
                &*e.issues()[0].params["escape"]
            ),
            ("$.a", r"\udc00")
        );
        // A pair is one character; another syntax error is still the parser's.
        assert!(parse_json(r#"{"a": "\ud83d\ude00"}"#).is_ok());
        assert_eq!(
            parse_json(r#"{"a": "\ud83d\ude00",}"#)
                .unwrap_err()
                .issues()[0]
                .code,
            "input.json_syntax"
        );
        // In a rule set, the rule set's family (`ruleset.` and the same message).
        let text = r#"{"title": "\ud800"}"#;
        let refused = serde_json::from_str::<Value>(text).unwrap_err();
        let e = syntax_error(text, Kind::RuleSet, &refused);
        let issue = &e.issues()[0];
        assert_eq!(e.kind(), crate::ErrorKind::RuleSet);
        assert_eq!(
            issue.code.split_once('.'),
            Some(("ruleset", "lone_surrogate"))
        );
        assert_eq!(issue.path, "$.title");
    }
}
