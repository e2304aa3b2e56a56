//! Every missing and every unknown field of a rule set at once (issue 23, item 13). The typed
//! reader stops at an object's first missing field (`year`, `status` and `rounding` all missing →
//! only `year`) and its first unknown one; this walk reads the rule set's JSON Schema (generated
//! from the same types) beside the value and reports each, with its path.

use crate::def::RuleSetDef;
use crate::error::{push_key, Issue};
use serde_json::{Map, Value};

/// `ruleset.missing_field` for every required field absent from an object of `value`, and
/// `ruleset.unknown_field` for every field an object does not have, in document order.
pub(super) fn field_issues(value: &Value) -> Vec<Issue> {
    static SCHEMA: std::sync::OnceLock<Value> = std::sync::OnceLock::new();
    let schema = SCHEMA.get_or_init(|| {
        serde_json::to_value(schemars::schema_for!(RuleSetDef)).unwrap_or_default()
    });
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
                    self.out.push(Issue::new(
                        "ruleset.missing_field",
                        path.as_str(),
                        format!("missing field `{f}`"),
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
                        self.out.push(Issue::new(
                            "ruleset.unknown_field",
                            path.as_str(),
                            format!(
                                "unknown field `{}`, expected one of {}",
                                crate::error::excerpt(k),
                                known.join(", ")
                            ),
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
