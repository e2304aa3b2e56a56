//! Every missing and every unknown field of a rule set at once (issue 23, item 13). The typed
//! reader stops at an object's first missing field (`year`, `status` and `rounding` all missing →
//! only `year`) and its first unknown one; this walk reads the rule set's JSON Schema beside the
//! value and reports each, with its path.
//!
//! The schema is the one generated from the rule-set types, reduced to what the walk reads (the
//! objects' fields, which are required, the alternatives and their tags) and kept as text in
//! `fields.json`: generating it at run time would add the schema generator to every build (about
//! 50 KB to the gzipped WebAssembly module). A test fails when the text is not the reduction of
//! the generated schema (`PARINDEX_UPDATE_SCHEMA=1` rewrites it).

use crate::error::{excerpt, issue, push_key, Issue};
use serde_json::{Map, Value};

/// The rule set's JSON Schema, reduced (see the module's documentation).
#[cfg(not(feature = "external-texts"))]
const REDUCED: &str = include_str!("fields.json");

/// The rule set's JSON Schema reduced, as text: what a build with the feature `external-texts`
/// is given by `set_reduced_schema`.
#[cfg(not(feature = "external-texts"))]
pub fn reduced_schema() -> &'static str {
    REDUCED
}

/// The reduced schema's text, set by `set_reduced_schema` (feature `external-texts`).
#[cfg(feature = "external-texts")]
static REDUCED: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// With the feature `external-texts`, the reduced schema (`reduced_schema()` of a build without
/// the feature) is not compiled in: it is set here, once, before the first rule set is read. Later
/// calls change nothing.
#[cfg(feature = "external-texts")]
pub fn set_reduced_schema(text: String) {
    let _ = REDUCED.set(text);
}

/// `ruleset.missing_field` for every required field absent from an object of `value`, and
/// `ruleset.unknown_field` for every field an object does not have, in document order.
pub(super) fn field_issues(value: &Value) -> Vec<Issue> {
    static SCHEMA: std::sync::OnceLock<Value> = std::sync::OnceLock::new();
    #[cfg(not(feature = "external-texts"))]
    let text = REDUCED;
    #[cfg(feature = "external-texts")]
    let text = REDUCED.get().map_or("", String::as_str);
    let schema = SCHEMA.get_or_init(|| serde_json::from_str(text).unwrap_or_default());
    let mut w = Walk {
        defs: schema.get("$defs").and_then(Value::as_object),
        out: Vec::new(),
    };
    w.value(schema, value, &mut String::from("$"), 0);
    w.out
}

struct Walk<'s> {
    defs: Option<&'s Map<String, Value>>,
    out: Vec<Issue>,
}

/// Deeper than any rule set the limits let through (depth 64): a bound on `$ref` chains.
const MAX_DEPTH: usize = 200;

impl<'s> Walk<'s> {
    /// The schema `s` points to, through `$ref`s.
    fn resolve(&self, mut s: &'s Value) -> &'s Value {
        for _ in 0..16 {
            let Some(r) = s.get("$ref").and_then(Value::as_str) else {
                break;
            };
            let name = r.rsplit('/').next().unwrap_or_default();
            match self.defs.and_then(|d| d.get(name)) {
                Some(next) => s = next,
                None => break,
            }
        }
        s
    }

    /// The alternative of `oneOf`/`anyOf` that describes `v`: for a tagged object, the variant
    /// whose tag (a property with a `const`) `v` has; else the only object alternative.
    fn choose(&self, alts: &'s [Value], v: &Value) -> Option<&'s Value> {
        let obj = v.as_object()?;
        let objects: Vec<&Value> = (alts.iter())
            .map(|a| self.resolve(a))
            .filter(|a| a.get("properties").is_some() || a.get("additionalProperties").is_some())
            .collect();
        // (Few alternatives: an option's two, a rule's eleven.)
        let tagged = objects.iter().find(|a| {
            a.get("properties")
                .and_then(Value::as_object)
                .is_some_and(|props| {
                    props.iter().any(|(k, p)| {
                        p.get("const")
                            .is_some_and(|c| obj.get(k).is_some_and(|x| x == c))
                    })
                })
        });
        match (tagged, objects.as_slice()) {
            (Some(t), _) => Some(t),
            // A tagged enum whose tag is missing or unknown: the typed reader says which.
            (None, many) if many.len() > 1 => None,
            (None, [one]) => Some(one),
            _ => None,
        }
    }

    fn value(&mut self, schema: &'s Value, v: &Value, path: &mut String, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        let s = self.resolve(schema);
        for key in ["oneOf", "anyOf"] {
            if let Some(alts) = s.get(key).and_then(Value::as_array) {
                if let Some(alt) = self.choose(alts, v) {
                    self.value(alt, v, path, depth.saturating_add(1));
                }
                return;
            }
        }
        match v {
            Value::Object(obj) => self.object(s, obj, path, depth),
            Value::Array(items) => {
                if let Some(item) = s.get("items") {
                    let len = path.len();
                    for (i, x) in items.iter().enumerate() {
                        path.push('[');
                        path.push_str(itoa::Buffer::new().format(i));
                        path.push(']');
                        self.value(item, x, path, depth.saturating_add(1));
                        path.truncate(len);
                    }
                }
            }
            _ => {}
        }
    }

    fn object(&mut self, s: &'s Value, obj: &Map<String, Value>, path: &mut String, depth: usize) {
        let props = s.get("properties").and_then(Value::as_object);
        let extra = s.get("additionalProperties");
        if props.is_some() {
            let required = s.get("required").and_then(Value::as_array);
            for f in required.into_iter().flatten().filter_map(Value::as_str) {
                if !obj.contains_key(f) {
                    self.out.push(issue!(
                        "ruleset.missing_field",
                        path.as_str(),
                        field = excerpt(f)
                    ));
                }
            }
        }
        let len = path.len();
        for (k, x) in obj {
            push_key(path, k);
            match props.and_then(|p| p.get(k)) {
                Some(p) => self.value(p, x, path, depth.saturating_add(1)),
                None => match extra {
                    Some(Value::Bool(false)) => {
                        let known: Vec<String> = (props.into_iter().flatten())
                            .map(|(name, _)| format!("`{name}`"))
                            .collect();
                        self.out.push(issue!(
                            "ruleset.unknown_field",
                            path.as_str(),
                            field = excerpt(k),
                            expected = known.join(", "),
                        ));
                    }
                    Some(m @ Value::Object(_)) => self.value(m, x, path, depth.saturating_add(1)),
                    _ => {}
                },
            }
            path.truncate(len);
        }
    }
}

// The schema is compiled in only without the feature `external-texts`.
#[cfg(all(test, not(feature = "external-texts")))]
mod tests {
    use super::REDUCED;
    use crate::def::RuleSetDef;
    use serde_json::{Map, Value};

    /// What the walk reads of a schema.
    fn reduce(s: &Value) -> Value {
        let Some(obj) = s.as_object() else {
            return s.clone();
        };
        let mut out = Map::new();
        for (k, v) in obj {
            let kept = match k.as_str() {
                "required" | "$ref" | "const" => v.clone(),
                "items" => reduce(v),
                "additionalProperties" => match v {
                    Value::Bool(_) => v.clone(),
                    other => reduce(other),
                },
                "properties" | "$defs" => Value::Object(
                    (v.as_object().into_iter().flatten())
                        .map(|(name, p)| (name.clone(), reduce(p)))
                        .collect(),
                ),
                "oneOf" | "anyOf" => {
                    Value::Array(v.as_array().into_iter().flatten().map(reduce).collect())
                }
                _ => continue,
            };
            out.insert(k.clone(), kept);
        }
        Value::Object(out)
    }

    #[test]
    fn the_reduced_schema_is_the_rule_set_types_schema() {
        let full = serde_json::to_value(schemars::schema_for!(RuleSetDef)).unwrap();
        let want = reduce(&full);
        let have: Value = serde_json::from_str(REDUCED).unwrap_or_default();
        if have != want {
            let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/compile/fields.json");
            if std::env::var_os("PARINDEX_UPDATE_SCHEMA").is_some() {
                let text = serde_json::to_string(&want).unwrap() + "\n";
                std::fs::write(path, text).unwrap();
            } else {
                panic!(
                    "{path} is not the reduction of the rule-set schema: rewrite it with \
                     PARINDEX_UPDATE_SCHEMA=1 cargo test -p parindex --lib reduced_schema"
                );
            }
        }
    }
}
