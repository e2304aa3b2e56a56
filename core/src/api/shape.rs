//! Which values of a result are decimals, read from the JSON Schema that core generates from its
//! Rust types ([`crate::api::schema`]), for a binding that turns decimal strings into its
//! language's decimals (Python's `decimal.Decimal`). Core serialises a `Decimal` as a JSON string,
//! so the schema's mark (`format: "decimal"`) is the one place that tells a decimal string
//! ("0.58") from a plain one ("scored"); nothing here is written by hand, so a decimal field added
//! to core becomes a `decimal.Decimal` in Python without a change anywhere.
//!
//! A schema is compiled into a small tree of [`Shape`]s. Alternatives (`anyOf`, `oneOf`, `allOf`,
//! optional values, internally tagged enums) are merged into one shape whose properties are the union
//! of the alternatives' properties.

use serde_json::{Map, Value};
use std::collections::HashMap;
use std::sync::OnceLock;

/// Index of a shape in [`Shapes::nodes`].
pub type ShapeId = usize;

/// What the schema says about a value.
#[derive(Debug, Default, Clone)]
pub struct Shape {
    /// A decimal (serialised as a string).
    pub decimal: bool,
    /// A plain, non-decimal string.
    pub string: bool,
    pub boolean: bool,
    pub nullable: bool,
    /// Array elements.
    pub items: Option<ShapeId>,
    /// Values of a map (`additionalProperties`).
    pub values: Option<ShapeId>,
    /// Properties of an object, in schema order.
    pub props: Vec<(String, ShapeId)>,
    /// Property name → position in `props`.
    pub prop_index: HashMap<String, usize>,
    /// The `$defs` name of the object (`UnitScore`, `NodeScore`…), when it has exactly one.
    pub name: Option<String>,
    /// How many object alternatives were merged into this shape (a tagged enum has several).
    pub objects: usize,
    /// Alternatives with different names (or none) were merged: the shape has no single name.
    mixed: bool,
}

impl Shape {
    pub fn prop(&self, key: &str) -> Option<ShapeId> {
        self.prop_index
            .get(key)
            .and_then(|&i| self.props.get(i))
            .map(|p| p.1)
    }

    /// Position of a property in `props`.
    pub fn prop_pos(&self, key: &str) -> Option<usize> {
        self.prop_index.get(key).copied()
    }

    /// Missing properties of an object are filled in (with `None`, `[]`, `{}`, `False`) only when the
    /// object is not a union of several objects, whose variants have different fields.
    pub fn fills_defaults(&self) -> bool {
        self.objects == 1 && !self.props.is_empty()
    }
}

/// A compiled schema.
#[derive(Debug, Default)]
pub struct Shapes {
    pub nodes: Vec<Shape>,
    /// Problems met while compiling (a property that is a decimal in one alternative and a plain
    /// string in another, an unresolved `$ref`…). Empty for core's schemas; a test checks it.
    pub problems: Vec<String>,
    /// Definitions being compiled, with their shapes: a recursive `$ref` (a rule-set node's
    /// `children`) points back to its definition's shape instead of expanding forever.
    open: Vec<(String, ShapeId)>,
}

/// The root shape of every compiled schema.
pub const ROOT: ShapeId = 0;

const MAX_DEPTH: usize = 64;

/// The compiled result schema and the shapes of its parts.
pub struct ResultShapes {
    pub shapes: Shapes,
    pub receipt: ShapeId,
    pub unit: ShapeId,
    pub units: ShapeId,
    pub node: ShapeId,
    /// The lists of unit errors, of ranking blocks and of issues (a unit error's `errors`).
    pub errors: ShapeId,
    pub ranking: ShapeId,
    pub issues: ShapeId,
}

/// The result schema's shapes, compiled once; `None` if it lacked one of its parts (a test
/// checks it has them all).
pub fn result() -> Option<&'static ResultShapes> {
    static CELL: OnceLock<Option<ResultShapes>> = OnceLock::new();
    CELL.get_or_init(|| {
        let shapes = Shapes::compile(&super::schema::result_schema());
        Some(ResultShapes {
            receipt: shapes.at(&["receipt"])?,
            unit: shapes.at(&["units", "[]"])?,
            units: shapes.at(&["units"])?,
            node: shapes.at(&["units", "[]", "nodes", "[]"])?,
            errors: shapes.at(&["errors"])?,
            ranking: shapes.at(&["ranking"])?,
            issues: shapes.at(&["errors", "[]", "errors"])?,
            shapes,
        })
    })
    .as_ref()
}

/// The rule-set schema's shapes, compiled once.
pub fn ruleset() -> &'static Shapes {
    static CELL: OnceLock<Shapes> = OnceLock::new();
    CELL.get_or_init(|| Shapes::compile(&super::schema::ruleset_schema()))
}

impl Shapes {
    /// Compile a JSON Schema (with its `$defs`).
    pub fn compile(schema: &Value) -> Shapes {
        let empty = Map::new();
        let defs = schema
            .get("$defs")
            .or_else(|| schema.get("definitions"))
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let mut s = Shapes {
            nodes: vec![Shape::default()],
            problems: Vec::new(),
            open: Vec::new(),
        };
        s.build(schema, defs, ROOT, None, 0, "$");
        let mut seen = vec![false; s.nodes.len()];
        s.check(ROOT, "$", &mut seen);
        s
    }

    pub fn get(&self, id: ShapeId) -> &Shape {
        // Ids are only ever created by `alloc`, so they are always in range; fall back to the root
        // rather than panic.
        self.nodes.get(id).unwrap_or(&self.nodes[ROOT])
    }

    /// The shape at a path of property names; `[]` steps into array elements, `{}` into map values.
    pub fn at(&self, path: &[&str]) -> Option<ShapeId> {
        let mut id = ROOT;
        for seg in path {
            let s = self.get(id);
            id = match *seg {
                "[]" => s.items?,
                "{}" => s.values?,
                key => s.prop(key)?,
            };
        }
        Some(id)
    }

    fn alloc(&mut self) -> ShapeId {
        self.nodes.push(Shape::default());
        self.nodes.len() - 1
    }

    fn child(&mut self, existing: Option<ShapeId>) -> ShapeId {
        match existing {
            Some(id) => id,
            None => self.alloc(),
        }
    }

    /// The shape of `sub`, the elements of an array or the values of a map whose shape so far is
    /// `existing`: a recursive reference points back to its definition's shape (when there is no
    /// shape yet), else `sub` is built into `existing` or a new shape.
    fn nested(
        &mut self,
        existing: Option<ShapeId>,
        sub: &Value,
        defs: &Map<String, Value>,
        depth: usize,
        at: &str,
    ) -> ShapeId {
        match (existing, self.recursive(sub)) {
            (None, Some(back)) => back,
            (existing, _) => {
                let id = self.child(existing);
                self.build(sub, defs, id, None, depth + 1, at);
                id
            }
        }
    }

    /// The shape of a definition being compiled that `schema` refers to (directly or as the one
    /// non-null alternative), if any: a recursive reference.
    fn recursive(&self, schema: &Value) -> Option<ShapeId> {
        let target = |s: &Value| {
            s.get("$ref")
                .and_then(Value::as_str)
                .map(|r| r.rsplit('/').next().unwrap_or(r).to_string())
        };
        let name = target(schema).or_else(|| {
            let alts = schema
                .get("anyOf")
                .or_else(|| schema.get("oneOf"))?
                .as_array()?;
            let mut refs = alts
                .iter()
                .filter(|a| a.get("type").and_then(Value::as_str) != Some("null"));
            let one = refs.next()?;
            if refs.next().is_some() {
                return None;
            }
            target(one)
        })?;
        self.open
            .iter()
            .rev()
            .find(|(n, _)| *n == name)
            .map(|(_, id)| *id)
    }

    fn build(
        &mut self,
        schema: &Value,
        defs: &Map<String, Value>,
        into: ShapeId,
        name: Option<&str>,
        depth: usize,
        at: &str,
    ) {
        if depth > MAX_DEPTH {
            self.problems
                .push(format!("{at}: schema nested too deeply"));
            return;
        }
        let Some(obj) = schema.as_object() else {
            return; // `true` / `false` schemas say nothing about the shape
        };
        if let Some(r) = obj.get("$ref").and_then(Value::as_str) {
            let def_name = r.rsplit('/').next().unwrap_or(r);
            match defs.get(def_name) {
                Some(def) => {
                    self.open.push((def_name.to_string(), into));
                    self.build(def, defs, into, Some(def_name), depth + 1, at);
                    self.open.pop();
                }
                None => self.problems.push(format!("{at}: unresolved $ref `{r}`")),
            }
        }
        for key in ["anyOf", "oneOf", "allOf"] {
            if let Some(alts) = obj.get(key).and_then(Value::as_array) {
                for alt in alts {
                    self.build(alt, defs, into, name, depth + 1, at);
                }
            }
        }
        let types: Vec<&str> = match obj.get("type") {
            Some(Value::String(t)) => vec![t.as_str()],
            Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        let is_decimal =
            obj.get("format").and_then(Value::as_str) == Some(crate::api::schema::DECIMAL_FORMAT);
        let has_props = obj.contains_key("properties");
        let n = &mut self.nodes[into];
        for t in &types {
            match *t {
                "null" => n.nullable = true,
                "boolean" => n.boolean = true,
                "string" if is_decimal => n.decimal = true,
                "string" => n.string = true,
                _ => {}
            }
        }
        if obj.contains_key("const") || obj.contains_key("enum") {
            let consts = obj
                .get("enum")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            let one = obj.get("const").cloned().into_iter();
            for v in consts.into_iter().chain(one) {
                match v {
                    Value::String(_) if !is_decimal => n.string = true,
                    Value::Bool(_) => n.boolean = true,
                    Value::Null => n.nullable = true,
                    _ => {}
                }
            }
        }
        if has_props || types.contains(&"object") && obj.get("additionalProperties").is_none() {
            n.objects += 1;
            match (name, &n.name) {
                (Some(x), None) if n.objects == 1 => n.name = Some(x.to_string()),
                (Some(x), Some(y)) if x == y => {}
                _ => n.mixed = true,
            }
            if n.mixed {
                n.name = None;
            }
        }
        if let Some(items) = obj.get("items") {
            let id = self.nested(
                self.nodes[into].items,
                items,
                defs,
                depth,
                &format!("{at}[]"),
            );
            self.nodes[into].items = Some(id);
        }
        if let Some(values) = obj.get("additionalProperties").filter(|v| v.is_object()) {
            let existing = self.nodes[into].values;
            let id = self.nested(existing, values, defs, depth, &format!("{at}{{}}"));
            self.nodes[into].values = Some(id);
        }
        if let Some(props) = obj.get("properties").and_then(Value::as_object) {
            for (key, sub) in props {
                let existing = self.nodes[into].prop(key);
                let back = if existing.is_none() {
                    self.recursive(sub)
                } else {
                    None
                };
                let id = match back {
                    Some(back) => back,
                    None => self.child(existing),
                };
                if existing.is_none() {
                    let n = &mut self.nodes[into];
                    n.prop_index.insert(key.clone(), n.props.len());
                    n.props.push((key.clone(), id));
                }
                if back.is_none() {
                    self.build(sub, defs, id, None, depth + 1, &format!("{at}.{key}"));
                }
            }
        }
    }

    /// Record shapes that cannot be converted unambiguously.
    fn check(&mut self, id: ShapeId, at: &str, seen: &mut Vec<bool>) {
        match seen.get_mut(id) {
            Some(true) | None => return,
            Some(s) => *s = true,
        }
        let n = self.get(id).clone();
        if n.decimal && n.string {
            self.problems.push(format!(
                "{at}: a decimal in one alternative and a plain string in another"
            ));
        }
        if let Some(i) = n.items {
            self.check(i, &format!("{at}[]"), seen);
        }
        if let Some(v) = n.values {
            self.check(v, &format!("{at}{{}}"), seen);
        }
        for (k, c) in &n.props {
            self.check(*c, &format!("{at}.{k}"), seen);
        }
    }

    /// For every named object: each property with how it holds a named object (`one`, `list`,
    /// `map`, or `""` for a plain value) and that object's name (or `""`). Lets the Python layer
    /// wrap nested records.
    pub fn layout(&self) -> Vec<(String, Vec<(String, Nested)>)> {
        let mut out: Vec<(String, Vec<(String, Nested)>)> = Vec::new();
        for n in &self.nodes {
            let Some(name) = &n.name else { continue };
            if out.iter().any(|(o, _)| o == name) {
                continue;
            }
            let named = |id: Option<ShapeId>| id.and_then(|i| self.get(i).name.clone());
            let fields = (n.props.iter())
                .map(|(k, c)| {
                    let c = self.get(*c);
                    let nested = match (&c.name, named(c.items), named(c.values)) {
                        (Some(name), _, _) => ("one", name.clone()),
                        (None, Some(name), _) => ("list", name),
                        (None, None, Some(name)) => ("map", name),
                        _ => ("", String::new()),
                    };
                    (k.clone(), nested)
                })
                .collect();
            out.push((name.clone(), fields));
        }
        out
    }
}

/// How a property holds named objects (`one`, `list`, `map` or `""`), and their name.
pub type Nested = (&'static str, String);

#[cfg(test)]
mod tests {
    use super::*;

    fn result() -> Shapes {
        Shapes::compile(&crate::api::schema::result_schema())
    }

    fn is_decimal(s: &Shapes, path: &[&str]) -> bool {
        s.at(path).map(|id| s.get(id).decimal).unwrap_or(false)
    }

    #[test]
    fn core_schemas_compile_without_problems() {
        for schema in [
            crate::api::schema::result_schema(),
            crate::api::schema::ruleset_schema(),
            crate::api::schema::input_schema(),
            crate::api::schema::dossier_schema(),
        ] {
            let s = Shapes::compile(&schema);
            assert!(s.problems.is_empty(), "{:?}", s.problems);
        }
    }

    #[test]
    fn decimals_are_found_where_core_has_them() {
        let s = result();
        for path in [
            &["units", "[]", "index"][..],
            &["units", "[]", "total"],
            &["units", "[]", "nodes", "[]", "points"],
            &["units", "[]", "nodes", "[]", "percentage"],
            &["units", "[]", "nodes", "[]", "branch", "min"],
            &["units", "[]", "nodes", "[]", "facts", "value"],
            &["units", "[]", "nodes", "[]", "history", "self"],
            &["units", "[]", "nodes", "[]", "caps", "[]", "limit"],
            &["units", "[]", "components", "[]", "points"],
            &["units", "[]", "fields", "[]", "sub_index"],
            &["ranking", "[]", "entries", "[]", "index"],
        ] {
            assert!(is_decimal(&s, path), "{path:?} should be a decimal");
        }
        for path in [
            &["units", "[]", "id"][..],
            &["units", "[]", "band"],
            &["units", "[]", "nodes", "[]", "status"],
            &["units", "[]", "nodes", "[]", "code"],
            &["units", "[]", "nodes", "[]", "facts", "count"],
            &["ranking", "[]", "entries", "[]", "rank"],
            &["receipt", "engine"],
            &["errors", "[]", "errors", "[]", "code"],
        ] {
            assert!(s.at(path).is_some(), "{path:?} should exist");
            assert!(!is_decimal(&s, path), "{path:?} should not be a decimal");
        }
    }

    #[test]
    fn dossier_decimals_are_found_where_core_has_them() {
        let s = Shapes::compile(&crate::api::schema::dossier_schema());
        for path in [
            &["state", "items", "{}", "self"][..],
            &["state", "items", "{}", "appraisal", "points"],
            &["state", "items", "{}", "review", "points"],
            &["state", "components", "{}", "points"],
            &["state", "components", "{}", "percentage"],
            &["log", "[]", "act", "points"],
            &["log", "[]", "act", "percentage"],
        ] {
            assert!(is_decimal(&s, path), "{path:?} should be a decimal");
        }
        for path in [
            &["header", "unit"][..],
            &["state", "phase"],
            &["log", "[]", "at"],
            &["log", "[]", "act", "code"],
            &["log", "[]", "seq"],
        ] {
            assert!(s.at(path).is_some(), "{path:?} should exist");
            assert!(!is_decimal(&s, path), "{path:?} should not be a decimal");
        }
    }

    #[test]
    fn recursive_rule_set_nodes_are_followed_to_any_depth() {
        let s = Shapes::compile(&crate::api::schema::ruleset_schema());
        let node = s.at(&["levels", "[]", "nodes", "[]"]);
        let mut path = vec!["levels", "[]", "nodes", "[]"];
        for _ in 0..100 {
            path.extend(["children", "[]"]);
        }
        assert_eq!(s.at(&path), node);
        path.push("max_points");
        assert!(is_decimal(&s, &path));
        assert!(s.nodes.len() < 1000, "{} shapes", s.nodes.len());
    }

    #[test]
    fn layout_names_nested_records() {
        let s = result();
        let layout = s.layout();
        let unit = layout
            .iter()
            .find(|(n, _)| n == "UnitScore")
            .map(|(_, f)| f.clone());
        let unit = unit.unwrap_or_default();
        assert!(unit.contains(&("nodes".to_string(), ("list", "NodeScore".to_string()))));
        let node = layout
            .iter()
            .find(|(n, _)| n == "NodeScore")
            .map(|(_, f)| f.clone());
        let node = node.unwrap_or_default();
        assert!(node.contains(&("branch".to_string(), ("one", "Branch".to_string()))));
    }
}
