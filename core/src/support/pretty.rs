//! Pretty JSON text from compact JSON text.
//!
//! `serde_json::to_string_pretty(x)` is `serde_json::to_string(x)` with whitespace added: a newline
//! and two spaces per level before every element and closing bracket of a non-empty array or
//! object, a space after every `:`. [`pretty`] adds exactly that to the compact text, so a type
//! serialised both ways (a rule set is hashed compact and shown pretty) needs its `Serialize` impl
//! compiled for one formatter only, which keeps the WebAssembly build small.

/// The pretty form (as `serde_json::to_string_pretty` writes it) of compact JSON text (as
/// `serde_json::to_string` writes it).
pub(crate) fn pretty(compact: &str) -> String {
    let bytes = compact.as_bytes();
    let mut out = Vec::with_capacity(bytes.len() + bytes.len() / 2);
    let mut depth = 0usize;
    let newline = |out: &mut Vec<u8>, depth: usize| {
        out.push(b'\n');
        out.resize(out.len() + 2 * depth, b' ');
    };
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        i += 1;
        match b {
            b'"' => {
                // A string, copied as it is (escapes included).
                let start = i - 1;
                while i < bytes.len() {
                    match bytes[i] {
                        b'\\' => i += 2,
                        b'"' => {
                            i += 1;
                            break;
                        }
                        _ => i += 1,
                    }
                }
                out.extend_from_slice(&bytes[start..i.min(bytes.len())]);
            }
            b'{' | b'[' => {
                out.push(b);
                if matches!(bytes.get(i), Some(b'}' | b']')) {
                    out.push(bytes[i]);
                    i += 1;
                } else {
                    depth += 1;
                    newline(&mut out, depth);
                }
            }
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(b);
            }
            b',' => {
                out.push(b',');
                newline(&mut out, depth);
            }
            b':' => out.extend_from_slice(b": "),
            _ => out.push(b),
        }
    }
    // Only ASCII bytes were added, and strings were copied whole: still UTF-8.
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::pretty;
    use serde_json::{json, Value};

    fn same(v: &Value) {
        let compact = serde_json::to_string(v).unwrap();
        assert_eq!(pretty(&compact), serde_json::to_string_pretty(v).unwrap());
    }

    #[test]
    fn as_serde_json_writes_it() {
        for v in [
            json!(null),
            json!(1),
            json!("a"),
            json!([]),
            json!({}),
            json!([[]]),
            json!({"a": {}}),
            json!({"a": [1, {"b": []}], "c": "x"}),
            json!({"q\"{[,:": "\\\"}],:", "u": "Sở Nội vụ \u{1}\n", "n": [-1.5e3, 0, "0.575"]}),
            json!([{"k": [[], {}, [{}]]}, null, true, false]),
        ] {
            same(&v);
        }
        let rs: Value = serde_json::from_str(crate::builtin::RULESETS[0].json).unwrap();
        same(&rs);
        let batch: Value = serde_json::from_str(crate::builtin::EXAMPLE_PROVINCE).unwrap();
        same(&batch);
    }

    #[test]
    fn rule_set_as_before() {
        let rs = crate::builtin::ruleset(crate::builtin::DEFAULT_RULESET).unwrap();
        assert_eq!(
            rs.to_json(),
            serde_json::to_string_pretty(rs.def()).unwrap()
        );
    }
}
