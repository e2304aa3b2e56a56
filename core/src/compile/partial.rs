//! Validation in one pass (issue 23, item 13): a rule set whose shape is wrong in places is read as
//! far as it goes, so that one round of fixing sees its coherence problems too.
//!
//! Each object is read on its own (a group, a classification band, a level, a component, a node, a
//! rule, the rule set's own fields), and each of its wrong values is reported, not only the first:
//! a wrong value is reported, taken out, and the object read again. An object whose required field
//! is wrong or missing is left out with everything in it (a node with its sub-criteria), except the
//! rule set's own scalar fields and a level's label, which are replaced by stand-ins (the built-in
//! rule set's) so that the rest can be checked. The coherence checks then run on what was read, and
//! their problems are kept only where what was left out cannot have caused them: nothing inside a
//! part left out, no sum over a node left out (`ruleset.children_sum` of its ancestors,
//! `ruleset.group_max`), no reference to a group, level, component or member left out, no
//! emptiness of a list some of whose elements were left out. Paths are the document's.

use super::{from_serde, prefixed};
use crate::def::{ClassBand, Component, Group, Level, Node, Rule, RuleSetDef};
use crate::error::{issue, key_path, Issue};
use serde_json::Value;
use std::collections::HashMap;

/// The stand-ins for the rule set's own required fields, the built-in rule set's values (only
/// these: the whole built-in text would be linked into every binary that validates).
const STAND_INS: &str = r#"{"format_version":1,"id":"hoabinh-1440-2019",
"title":{"vi":"Bộ chỉ số cải cách hành chính","en":"PAR index"},
"decision":{"number":"1440/QĐ-UBND","date":"2018-06-19","issuer":"Chủ tịch Ủy ban nhân dân tỉnh Hòa Bình"},
"year":2019,"status":"provisional",
"rounding":{"scale":2,"mode":"half_up","stages":["percentage","leaf","component","index"]}}"#;

/// What reading around the shape problems left out, in the document's paths.
#[derive(Default)]
pub(super) struct Gaps {
    /// The parts left out or replaced by a stand-in: nothing inside them is checked.
    broken: Vec<String>,
    /// For each array some of whose elements were left out, the document index of each element
    /// kept.
    kept: HashMap<String, Vec<usize>>,
    /// The nodes left out (with their sub-criteria), or read without a field whose value was
    /// wrong (`capped`, `groups`, `children`…): their maxima are not known, nor their parents'
    /// sums.
    nodes: Vec<String>,
    /// The nodes whose rule was left out.
    rules: Vec<String>,
    groups: bool,
    levels: bool,
    components: bool,
}

/// Every typed problem of `value` (each wrong value of each object), and the rule set read around
/// them with what was left out, when the rest reads.
pub(super) fn read(value: &Value) -> (Vec<Issue>, Option<(RuleSetDef, Gaps)>) {
    let mut r = Reader {
        out: Vec::new(),
        gaps: Gaps::default(),
    };
    let mut doc = value.clone();
    let Some(obj) = doc.as_object_mut() else {
        return (r.out, None);
    };
    // The arrays read element by element, taken out of the rule set's own fields meanwhile.
    let mut arrays = Vec::new();
    for key in ["groups", "bands", "levels"] {
        if let Some(Value::Array(items)) = obj.get_mut(key) {
            let items = std::mem::take(items);
            let path = format!("$.{key}");
            let kept = match key {
                "groups" => r.each(items, &path, |r, mut g, p| {
                    r.object::<Group>(&mut g, p, &|_| None).then_some(g)
                }),
                "bands" => r.each(items, &path, |r, mut b, p| {
                    r.object::<ClassBand>(&mut b, p, &|_| None).then_some(b)
                }),
                _ => r.each(items, &path, Reader::level),
            };
            arrays.push((key, kept));
        }
    }
    let stand_ins: Value = serde_json::from_str(STAND_INS).unwrap_or_default();
    let fill = |field: &str| match field {
        "levels" | "groups" | "bands" => Some(Value::Array(Vec::new())),
        _ => stand_ins.get(field).cloned(),
    };
    let read = r.object::<RuleSetDef>(&mut doc, "$", &fill);
    let gaps = &mut r.gaps;
    let broken = |p: &str| gaps.broken.iter().any(|b| b == p);
    let (groups, levels) = (broken("$.groups"), broken("$.levels"));
    gaps.groups |= groups || gaps.kept.contains_key("$.groups");
    if !read || levels {
        return (r.out, None);
    }
    if let Some(obj) = doc.as_object_mut() {
        for (key, kept) in arrays {
            // (Not when the array was the wrong value: then it is replaced.)
            if obj
                .get(key)
                .is_some_and(|v| v.as_array().is_some_and(Vec::is_empty))
            {
                obj.insert(key.into(), Value::Array(kept));
            }
        }
    }
    let gaps = r.gaps;
    match crate::de::from_tree::<RuleSetDef>(&doc) {
        Ok(def) => (r.out, Some((def, gaps))),
        Err(_) => (r.out, None),
    }
}

struct Reader {
    out: Vec<Issue>,
    gaps: Gaps,
}

impl Reader {
    /// The elements of the array at `path` that `read` keeps, the others left out.
    fn each(
        &mut self,
        items: Vec<Value>,
        path: &str,
        mut read: impl FnMut(&mut Self, Value, &str) -> Option<Value>,
    ) -> Vec<Value> {
        let mut kept = Vec::with_capacity(items.len());
        let mut at = Vec::with_capacity(items.len());
        let n = items.len();
        for (i, item) in items.into_iter().enumerate() {
            let p = format!("{path}[{i}]");
            match read(self, item, &p) {
                Some(v) => {
                    kept.push(v);
                    at.push(i);
                }
                None => self.gaps.broken.push(p),
            }
        }
        if at.len() < n {
            self.gaps.kept.insert(path.to_string(), at);
        }
        kept
    }

    /// Read `v`, at `path`, as a `T`: each wrong value is reported and taken out; a required
    /// field taken out or missing is filled by `fill` (its path then marked as replaced), or else
    /// the object cannot be read (`false`). A missing field is reported by the schema's walk
    /// ([`super::fields`]) and here too (the two lists are merged).
    fn object<T: crate::de::FromTree>(
        &mut self,
        v: &mut Value,
        path: &str,
        fill: &dyn Fn(&str) -> Option<Value>,
    ) -> bool {
        let mut taken: Vec<String> = Vec::new();
        // (At most one round per field, and one per field filled.)
        for _ in 0..256 {
            let err = match crate::de::from_tree::<T>(v) {
                Ok(_) => return true,
                Err(e) => e,
            };
            let message = err.inner.to_string();
            let missing = err
                .json_path
                .is_empty()
                .then(|| missing_field(&message))
                .flatten();
            if let Some(field) = missing {
                if taken.contains(&field) {
                    // A wrong value taken out, already reported.
                } else {
                    self.out.push(prefixed(from_serde(path, err)));
                }
                let Some(obj) = v.as_object_mut() else {
                    return false;
                };
                match fill(&field) {
                    Some(x) if !taken.iter().any(|t| *t == format!("{field} (filled)")) => {
                        self.gaps.broken.push(key_path(path, &field));
                        obj.insert(field.clone(), x);
                        taken.push(format!("{field} (filled)"));
                        continue;
                    }
                    _ => return false,
                }
            }
            let key = first_key(&err.json_path);
            self.out.push(prefixed(from_serde(path, err)));
            let (Some(key), Some(obj)) = (key, v.as_object_mut()) else {
                return false;
            };
            if obj.remove(&key).is_none() {
                return false;
            }
            self.gaps.broken.push(key_path(path, &key));
            taken.push(key);
        }
        false
    }

    /// A level, its components and nodes read one by one.
    fn level(&mut self, mut level: Value, path: &str) -> Option<Value> {
        let mut parts = Vec::new();
        if let Some(obj) = level.as_object_mut() {
            for key in ["components", "nodes"] {
                if let Some(Value::Array(items)) = obj.get_mut(key) {
                    let items = std::mem::take(items);
                    let p = format!("{path}.{key}");
                    let kept = if key == "components" {
                        self.each(items, &p, |r, mut c, p| {
                            let ok = r.object::<Component>(&mut c, p, &|_| None);
                            r.gaps.components |= !ok;
                            ok.then_some(c)
                        })
                    } else {
                        self.each(items, &p, Reader::node)
                    };
                    parts.push((key, kept));
                }
            }
        }
        let label = |field: &str| (field == "label").then(|| serde_json::json!({"vi": "?"}));
        if !self.object::<Level>(&mut level, path, &label) {
            self.gaps.levels = true;
            return None;
        }
        let obj = level.as_object_mut()?;
        for (key, kept) in parts {
            if obj
                .get(key)
                .is_some_and(|v| v.as_array().is_some_and(Vec::is_empty))
            {
                obj.insert(key.into(), Value::Array(kept));
            }
        }
        Some(level)
    }

    /// A node: its rule and its children read on their own, then its own fields.
    fn node(&mut self, mut node: Value, path: &str) -> Option<Value> {
        let mut children = None;
        let mut rule = None;
        if let Some(obj) = node.as_object_mut() {
            if let Some(Value::Array(items)) = obj.get_mut("children") {
                let items = std::mem::take(items);
                children = Some(self.each(items, &format!("{path}.children"), Reader::node));
            }
            if let Some(r) = obj.get_mut("rule").filter(|r| !r.is_null()) {
                let mut r = std::mem::take(r);
                let rpath = format!("{path}.rule");
                if self.object::<Rule>(&mut r, &rpath, &|_| None) {
                    rule = Some(r);
                } else {
                    self.gaps.rules.push(path.to_string());
                    self.gaps.broken.push(rpath);
                }
            }
        }
        let before = self.gaps.broken.len();
        if !self.object::<Node>(&mut node, path, &|_| None) {
            self.gaps.nodes.push(path.to_string());
            return None;
        }
        if self.gaps.broken.len() > before {
            self.gaps.nodes.push(path.to_string());
        }
        let obj = node.as_object_mut()?;
        if let Some(children) = children {
            if obj.get("children").is_some_and(Value::is_array) {
                obj.insert("children".into(), Value::Array(children));
            }
        }
        match rule {
            Some(r) => {
                obj.insert("rule".into(), r);
            }
            None => {
                obj.remove("rule");
            }
        }
        Some(node)
    }
}

/// The field of serde's `missing field `x``.
fn missing_field(message: &str) -> Option<String> {
    let rest = message.strip_prefix("missing field `")?;
    Some(rest.split('`').next()?.to_string())
}

/// The first key of a JSON path below an object (`.decision.date` → `decision`, `["3.2"].x` →
/// `3.2`).
fn first_key(json_path: &str) -> Option<String> {
    if let Some(rest) = json_path.strip_prefix('.') {
        let end = rest.find(['.', '[']).unwrap_or(rest.len());
        return Some(rest[..end].to_string());
    }
    let rest = json_path.strip_prefix('[')?;
    serde_json::Deserializer::from_str(rest)
        .into_iter::<String>()
        .next()?
        .ok()
}

/// `path` is `within` or below it.
fn within(path: &str, within: &str) -> bool {
    path.strip_prefix(within)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
}

impl Gaps {
    /// A path of the rule set read (its arrays without the elements left out) as the document's.
    fn place(&self, path: &str) -> String {
        let mut out = String::with_capacity(path.len().saturating_add(8));
        let mut rest = path;
        while !rest.is_empty() {
            if let Some(after) = rest.strip_prefix('[') {
                let end = after.find(']').unwrap_or(after.len());
                if let Ok(i) = after[..end].parse::<usize>() {
                    let i = self
                        .kept
                        .get(&out)
                        .and_then(|k| k.get(i))
                        .copied()
                        .unwrap_or(i);
                    out.push('[');
                    out.push_str(itoa::Buffer::new().format(i));
                    out.push(']');
                    rest = after.get(end.saturating_add(1)..).unwrap_or_default();
                    continue;
                }
                // A key: `["…"]`, its escapes included.
                let mut escaped = false;
                let mut take = rest.len();
                // (`rest` is `["…"]…`: its closing quote is after its first two characters.)
                for (i, c) in rest.char_indices().skip(2) {
                    if escaped {
                        escaped = false;
                    } else if c == '\\' {
                        escaped = true;
                    } else if c == '"' {
                        take = i.saturating_add(2).min(rest.len());
                        break;
                    }
                }
                out.push_str(&rest[..take]);
                rest = &rest[take..];
                continue;
            }
            let end = (rest.char_indices().skip(1))
                .find(|(_, c)| matches!(c, '.' | '['))
                .map_or(rest.len(), |(e, _)| e);
            out.push_str(&rest[..end]);
            rest = &rest[end..];
        }
        out
    }

    /// A coherence problem of the rule set read, at its document path, unless what was left out
    /// can have caused it.
    pub(super) fn keep(&self, mut i: Issue) -> Option<Issue> {
        i.path = self.place(&i.path);
        if i.code == "ruleset.duplicate_code" {
            if let Some(first) = i.params.get("first") {
                let first = self.place(first);
                let (code, level) = (&i.params["code"], &i.params["level"]);
                i = issue!("ruleset.duplicate_code", i.path, code, first, level);
            }
        }
        let p = i.path.as_str();
        if self.broken.iter().any(|b| within(p, b)) {
            return None;
        }
        let name = i.code.strip_prefix("ruleset.").unwrap_or_default();
        // A node not read whole at `at` or below it.
        let node_below = |at: &str| {
            (self.nodes.iter()).any(|n| {
                n.strip_prefix(at)
                    .is_some_and(|r| r.is_empty() || r.starts_with(".children["))
            })
        };
        let caused = match name {
            "children_sum" => node_below(p.strip_suffix(".max_points").unwrap_or(p)),
            "group_max" => !self.nodes.is_empty() || self.groups || self.levels,
            "unknown_group" | "no_groups" => self.groups,
            // A node whose sub-criteria were all left out reads as a leaf.
            "leaf_without_rule" => self.rules.iter().any(|r| r == p) || node_below(p),
            "capped_leaf" => node_below(p.strip_suffix(".capped").unwrap_or(p)),
            "empty" | "rubric_component" => self.kept.contains_key(p),
            "unknown_level" => self.levels,
            "unknown_code" => self.levels || !self.nodes.is_empty(),
            "unknown_component" => self.levels || self.components,
            // (What the council declares: its members, the levels it delegates.)
            "unknown_member" | "template_level" => {
                self.broken.iter().any(|b| within(b, "$.council"))
            }
            _ if name.starts_with("band_") || name == "duplicate_id" => {
                within(p, "$.bands") && self.kept.contains_key("$.bands")
            }
            _ => false,
        };
        (!caused).then_some(i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stand_ins_are_a_valid_rule_sets_own_fields() {
        // The stand-ins fill required fields so that the rest can be checked: each must read as
        // its field does (a stand-in the format refuses would report a problem the document does
        // not have), and the scalar ones are the built-in rule set's.
        let stand_ins: Value = serde_json::from_str(STAND_INS).unwrap();
        let builtin: Value =
            serde_json::from_str(crate::compile::builtin::RULESETS[0].json).unwrap();
        let mut doc = builtin.clone();
        for (k, v) in stand_ins.as_object().unwrap() {
            doc[k] = v.clone();
        }
        assert!(serde_json::from_value::<RuleSetDef>(doc).is_ok());
        for k in [
            "format_version",
            "id",
            "decision",
            "year",
            "status",
            "rounding",
        ] {
            assert_eq!(stand_ins[k], builtin[k], "{k}");
        }
    }

    #[test]
    fn a_path_of_the_rule_set_read_is_placed_in_the_document() {
        let mut g = Gaps::default();
        g.kept.insert("$.levels[0].nodes".into(), vec![0, 2, 3]);
        g.kept
            .insert("$.levels[0].nodes[3].children".into(), vec![1]);
        assert_eq!(
            g.place("$.levels[0].nodes[2].children[0].max_points"),
            "$.levels[0].nodes[3].children[1].max_points"
        );
        assert_eq!(
            g.place(r#"$.council.members[1].remit["a.b\"]"][2]"#),
            r#"$.council.members[1].remit["a.b\"]"][2]"#
        );
        assert_eq!(g.place("$.levels[0].nodes[1]"), "$.levels[0].nodes[2]");
        assert_eq!(first_key(".decision.date").as_deref(), Some("decision"));
        assert_eq!(first_key(r#"["3.2"].x"#).as_deref(), Some("3.2"));
        assert!(within("$.a[1].b", "$.a[1]") && !within("$.a[10]", "$.a[1]"));
    }
}
