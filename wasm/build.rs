//! Generates the TypeScript declarations of every input and output type from the JSON Schemas that
//! `schemars` derives from the core's Rust types (`parindex::schema`). Nothing is copied by hand: a
//! change to a Rust type changes the schema, which changes the declarations at the next build.
//!
//! The result is written to `$OUT_DIR/types.d.ts` and embedded by `src/lib.rs` into the `.d.ts`
//! that wasm-bindgen emits (a `typescript_custom_section`). The three schemas are written next to it
//! (`schema-{ruleset,input,result}.json`) and embedded as text, so that `schema()` needs no schema
//! generator in the wasm.
//!
//! Mapping: decimals (schemars renders `rust_decimal::Decimal` as `type: [string, number]` with a
//! decimal `pattern`) become `Decimal`, an alias of `string`; integers become `number`; `$ref`s
//! become type names; `oneOf`/`anyOf` become unions; `const`/`enum` become literal types;
//! `additionalProperties: T` becomes an index signature; properties not in `required` are optional.

use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::fmt::Write as _;

type BoxError = Box<dyn std::error::Error>;

fn main() -> Result<(), BoxError> {
    println!("cargo:rerun-if-changed=build.rs");
    let out_dir = std::path::PathBuf::from(std::env::var("OUT_DIR")?);
    // The schemas `schema()` returns (those the CLI prints), embedded as text: the wasm then
    // carries no schema generator.
    for (file, schema) in [
        ("ruleset", parindex::schema::ruleset_schema()),
        ("input", parindex::schema::input_schema()),
        ("result", parindex::schema::result_schema()),
    ] {
        std::fs::write(
            out_dir.join(format!("schema-{file}.json")),
            serde_json::to_string(&schema)?,
        )?;
    }
    // For the declarations, results are described as the engine *writes* them (schemars'
    // serialize contract: a field skipped when empty, such as `caps`, is optional), inputs as it
    // reads them.
    let result_as_written = serde_json::to_value(
        schemars::generate::SchemaSettings::draft2020_12()
            .for_serialize()
            .into_generator()
            .into_root_schema_for::<parindex::BatchResult>(),
    )?;
    let roots = [
        ("RuleSetDef", parindex::schema::ruleset_schema()),
        ("BatchInput", parindex::schema::input_schema()),
        ("BatchResult", result_as_written),
    ];
    let mut defs: BTreeMap<String, Value> = BTreeMap::new();
    for (root, schema) in &roots {
        let obj = schema.as_object().ok_or("a schema is not an object")?;
        if let Some(Value::Object(d)) = obj.get("$defs") {
            for (name, def) in d {
                add_def(&mut defs, name, def.clone())?;
            }
        }
        let mut top = obj.clone();
        for k in ["$defs", "$schema", "title"] {
            top.remove(k);
        }
        add_def(&mut defs, root, Value::Object(top))?;
    }

    let mut out = String::new();
    out.push_str(
        "// ---- Data types: generated at build time from the JSON Schemas of the Rust types (wasm/build.rs) ----\n\n",
    );
    out.push_str(
        "/** An exact decimal number, always written as a string: `\"0.58\"`, `\"56\"`, `\"-0.25\"`.\n * Never a JavaScript `number` (binary floating point cannot hold 0.575 exactly). */\nexport type Decimal = string;\n\n",
    );
    for (name, def) in &defs {
        emit_def(&mut out, name, def)?;
    }
    std::fs::write(out_dir.join("types.d.ts"), out)?;
    Ok(())
}

fn add_def(defs: &mut BTreeMap<String, Value>, name: &str, def: Value) -> Result<(), BoxError> {
    match defs.get(name) {
        Some(existing) if existing != &def => {
            Err(format!("two different schemas are both named `{name}`").into())
        }
        Some(_) => Ok(()),
        None => {
            defs.insert(name.to_string(), def);
            Ok(())
        }
    }
}

fn doc(out: &mut String, indent: &str, s: &Value) {
    if let Some(d) = s.get("description").and_then(Value::as_str) {
        let d = d.replace("*/", "*\\/");
        let lines: Vec<&str> = d.lines().collect();
        if lines.len() == 1 {
            let _ = writeln!(out, "{indent}/** {} */", lines[0]);
        } else {
            let _ = writeln!(out, "{indent}/**");
            for l in lines {
                let _ = writeln!(out, "{indent} * {l}");
            }
            let _ = writeln!(out, "{indent} */");
        }
    }
}

fn emit_def(out: &mut String, name: &str, s: &Value) -> Result<(), BoxError> {
    doc(out, "", s);
    if is_object_with_props(s) {
        let _ = writeln!(out, "export interface {name} {}\n", object_body(s, "")?);
    } else {
        let _ = writeln!(out, "export type {name} = {};\n", ts(s, "")?);
    }
    Ok(())
}

fn is_object_with_props(s: &Value) -> bool {
    s.get("type").and_then(Value::as_str) == Some("object") && s.get("properties").is_some()
}

fn types_of(s: &Value) -> Vec<&str> {
    match s.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

fn is_decimal(s: &Value) -> bool {
    let t = types_of(s);
    t.contains(&"string") && t.contains(&"number") && s.get("pattern").is_some()
}

fn prop_name(k: &str) -> String {
    let ident = !k.is_empty()
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
        && !k.starts_with(|c: char| c.is_ascii_digit());
    if ident {
        k.to_string()
    } else {
        Value::String(k.to_string()).to_string()
    }
}

fn object_body(s: &Value, indent: &str) -> Result<String, BoxError> {
    let inner = format!("{indent}  ");
    let props: &Map<String, Value> = match s.get("properties") {
        Some(Value::Object(p)) => p,
        _ => return Err("object without properties".into()),
    };
    let required: Vec<&str> = s
        .get("required")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    // Required properties first, in declaration order; then the optional ones.
    let mut order: Vec<&str> = required
        .iter()
        .copied()
        .filter(|k| props.contains_key(*k))
        .collect();
    order.extend(
        props
            .keys()
            .map(String::as_str)
            .filter(|k| !required.contains(k)),
    );
    let mut body = String::from("{\n");
    for k in order {
        let p = &props[k];
        doc(&mut body, &inner, p);
        let opt = if required.contains(&k) { "" } else { "?" };
        let _ = writeln!(body, "{inner}{}{opt}: {};", prop_name(k), ts(p, &inner)?);
    }
    if let Some(extra) = s.get("additionalProperties").filter(|v| v.is_object()) {
        let _ = writeln!(body, "{inner}[key: string]: {};", ts(extra, &inner)?);
    }
    body.push_str(indent);
    body.push('}');
    Ok(body)
}

fn union(parts: Vec<String>) -> String {
    let mut seen: Vec<String> = Vec::new();
    for p in parts {
        if !seen.contains(&p) {
            seen.push(p);
        }
    }
    seen.join(" | ")
}

fn paren(t: String) -> String {
    if t.contains(" | ") {
        format!("({t})")
    } else {
        t
    }
}

fn ts(s: &Value, indent: &str) -> Result<String, BoxError> {
    if let Value::Bool(b) = s {
        return Ok(if *b { "unknown" } else { "never" }.into());
    }
    if let Some(r) = s.get("$ref").and_then(Value::as_str) {
        return Ok(r.rsplit('/').next().unwrap_or(r).to_string());
    }
    if let Some(c) = s.get("const") {
        return Ok(c.to_string());
    }
    if let Some(Value::Array(e)) = s.get("enum") {
        return Ok(union(e.iter().map(Value::to_string).collect()));
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(Value::Array(alts)) = s.get(key) {
            let mut parts = Vec::new();
            for a in alts {
                parts.push(ts(a, indent)?);
            }
            return Ok(union(parts));
        }
    }
    if is_decimal(s) {
        let mut parts = vec!["Decimal".to_string()];
        if types_of(s).contains(&"null") {
            parts.push("null".into());
        }
        return Ok(union(parts));
    }
    let mut parts = Vec::new();
    for t in types_of(s) {
        parts.push(match t {
            "string" => "string".to_string(),
            "integer" | "number" => "number".to_string(),
            "boolean" => "boolean".to_string(),
            "null" => "null".to_string(),
            "array" => match s.get("items") {
                Some(items) => format!("{}[]", paren(ts(items, indent)?)),
                None => "unknown[]".to_string(),
            },
            "object" => {
                if s.get("properties").is_some() {
                    object_body(s, indent)?
                } else if let Some(extra) = s.get("additionalProperties").filter(|v| v.is_object())
                {
                    format!("{{ [key: string]: {} }}", ts(extra, indent)?)
                } else {
                    "{ [key: string]: unknown }".to_string()
                }
            }
            other => return Err(format!("unsupported schema type `{other}`").into()),
        });
    }
    if parts.is_empty() {
        return Ok("unknown".into());
    }
    Ok(union(parts))
}
