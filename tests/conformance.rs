//! Runs every conformance case under fixtures/conformance (the same cases pytest and node run).
//! A case's `expected` is matched against the batch result as a subset (see the README there).

use parindex::workflow::{read_json, Act, Actor, DistrictCalendar, Dossier};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Returns the mismatches between `expected` (a subset) and `actual`.
fn subset(expected: &Value, actual: &Value, path: &str, out: &mut Vec<String>) {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (k, ev) in e {
                match a.get(k) {
                    Some(av) => subset(ev, av, &format!("{path}.{k}"), out),
                    None => out.push(format!("{path}.{k}: missing (expected {ev})")),
                }
            }
        }
        (Value::Array(e), Value::Array(a)) => {
            if e.len() != a.len() {
                out.push(format!(
                    "{path}: expected {} elements, got {}",
                    e.len(),
                    a.len()
                ));
            }
            for (i, (ev, av)) in e.iter().zip(a).enumerate() {
                subset(ev, av, &format!("{path}[{i}]"), out);
            }
        }
        (e, a) => {
            if e != a {
                out.push(format!("{path}: expected {e}, got {a}"));
            }
        }
    }
}

fn run_case(dir: &Path) -> Result<(), String> {
    let case: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join("case.json")).map_err(|e| e.to_string())?,
    )
    .map_err(|e| format!("case.json: {e}"))?;
    let rs_spec = case["ruleset"]
        .as_str()
        .ok_or("case.json: `ruleset` missing")?;
    let rs = match rs_spec.strip_prefix("builtin:") {
        Some(id) => parindex::builtin::ruleset(id),
        None => parindex::RuleSet::from_json(
            &std::fs::read_to_string(dir.join(rs_spec)).map_err(|e| e.to_string())?,
        ),
    };
    let expected = &case["expected"];
    if let Some(walk) = case["workflow"].as_str() {
        let walk: Value = serde_json::from_str(
            &std::fs::read_to_string(dir.join(walk)).map_err(|e| format!("{walk}: {e}"))?,
        )
        .map_err(|e| format!("{walk}: {e}"))?;
        let mut out = Vec::new();
        let actual = match rs {
            Ok(rs) => run_walk(&rs, &walk, &mut out)?,
            Err(e) => error_value(&e),
        };
        subset(expected, &actual, "$", &mut out);
        return if out.is_empty() {
            Ok(())
        } else {
            Err(out.join("\n    "))
        };
    }
    let input_name = case["input"].as_str().ok_or("case.json: `input` missing")?;
    let input =
        std::fs::read_to_string(dir.join(input_name)).map_err(|e| format!("{input_name}: {e}"))?;
    let actual = match rs.and_then(|rs| rs.score_json(&input)) {
        Ok(r) => serde_json::to_value(&r).map_err(|e| e.to_string())?,
        Err(e) => {
            serde_json::json!({"error": {"kind": e.kind(), "code": e.code(), "path": e.path(), "errors": e.issues()}})
        }
    };
    let mut out = Vec::new();
    subset(expected, &actual, "$", &mut out);
    if out.is_empty() {
        Ok(())
    } else {
        Err(out.join("\n    "))
    }
}

fn error_value(e: &parindex::Error) -> Value {
    serde_json::json!({"error": {"kind": e.kind(), "code": e.code(), "path": e.path(), "errors": e.issues()}})
}

/// `patch` merged into `v`: objects key by key, anything else replaced.
fn merge(v: &mut Value, patch: &Value) {
    match (v, patch) {
        (Value::Object(v), Value::Object(p)) => {
            for (k, pv) in p {
                match v.get_mut(k) {
                    Some(x) => merge(x, pv),
                    None => {
                        v.insert(k.clone(), pv.clone());
                    }
                }
            }
        }
        (v, p) => *v = p.clone(),
    }
}

fn dossier_value(d: &Dossier) -> Result<Value, String> {
    serde_json::from_str(&d.to_json()).map_err(|e| e.to_string())
}

fn score_value(rs: &parindex::RuleSet, d: &Dossier) -> Value {
    match d.score(rs) {
        Ok(s) => serde_json::to_value(&s).unwrap_or(Value::Null),
        Err(e) => error_value(&e),
    }
}

/// A workflow case (README: `workflow`): opens the dossier, runs its steps, each matched against
/// its `expected`; returns `{dossier, score}` at the end, or `{error}` when the dossier is refused
/// at opening.
fn run_walk(rs: &parindex::RuleSet, walk: &Value, out: &mut Vec<String>) -> Result<Value, String> {
    let open = &walk["open"];
    let text = |k: &str| open[k].as_str().ok_or(format!("open.{k} missing"));
    let calendar: Option<DistrictCalendar> = match &open["calendar"] {
        Value::Null => None,
        c => Some(serde_json::from_value(c.clone()).map_err(|e| format!("open.calendar: {e}"))?),
    };
    let mut d = match Dossier::open_with(
        rs,
        text("unit")?,
        text("name")?,
        text("group")?,
        open["parent"].as_str(),
        calendar,
    ) {
        Ok(d) => d,
        Err(e) => return Ok(error_value(&e)),
    };
    let steps = walk["steps"].as_array().ok_or("steps missing")?;
    for (i, step) in steps.iter().enumerate() {
        let path = format!("steps[{i}]");
        let before = d.to_json();
        let actual = if let Some(at) = step.get("phase_at") {
            match d.schedule().time(at.as_str().unwrap_or_default()) {
                Ok(t) => Value::String(d.phase_at(&t).to_string()),
                Err(e) => error_value(&e),
            }
        } else if step.get("score").is_some() {
            score_value(rs, &d)
        } else if let Some(patch) = step.get("reload") {
            let mut stored = dossier_value(&d)?;
            merge(&mut stored, patch);
            match Dossier::from_json(rs, &stored.to_string()) {
                Ok(r) => {
                    let v = dossier_value(&r)?;
                    d = r;
                    serde_json::json!({"dossier": v})
                }
                Err(e) => error_value(&e),
            }
        } else {
            let acted = (|| -> parindex::Result<Value> {
                let actor: Actor = read_json("actor", &step["actor"])?;
                let act: Act = read_json("act", &step["act"])?;
                let now = d.schedule().time(step["at"].as_str().unwrap_or_default())?;
                let events = d.apply(rs, &actor, now, act)?;
                Ok(serde_json::json!({"events": events}))
            })();
            acted.unwrap_or_else(|e| error_value(&e))
        };
        let refused = actual.get("error").is_some();
        if refused && d.to_json() != before {
            out.push(format!("$.{path}: a refused step changed the dossier"));
        }
        match step.get("expected") {
            Some(e) => subset(e, &actual, &format!("$.{path}"), out),
            None if refused => out.push(format!("$.{path}: refused: {actual}")),
            None => {}
        }
    }
    let score = score_value(rs, &d);
    // The score's nodes by code, so that a case can name the few it is about.
    let nodes: serde_json::Map<String, Value> = score["nodes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|n| Some((n["code"].as_str()?.to_string(), n.clone())))
        .collect();
    Ok(serde_json::json!({"dossier": dossier_value(&d)?, "score": score, "nodes": nodes}))
}

#[test]
fn every_conformance_case_matches() {
    let dir = root().join("fixtures/conformance");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("fixtures/conformance exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("case.json").exists())
        .collect();
    cases.sort();
    let mut failures = Vec::new();
    for c in &cases {
        if let Err(e) = run_case(c) {
            failures.push(format!(
                "{}:\n    {e}",
                c.file_name().unwrap_or_default().to_string_lossy()
            ));
        }
    }
    println!("{} conformance case(s) run", cases.len());
    assert!(
        failures.is_empty(),
        "{} of {} case(s) failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn the_bundled_example_scores_every_unit_and_says_it_is_provisional() {
    let rs = parindex::builtin::ruleset(parindex::builtin::DEFAULT_RULESET).unwrap();
    let r = rs.score_json(parindex::builtin::EXAMPLE_PROVINCE).unwrap();
    assert!(r.errors.is_empty(), "{:#?}", r.errors);
    assert!(r.receipt.provisional && r.receipt.notice.is_some());
    assert!(r.receipt.synthetic);
    // The fixtures copy is the embedded file.
    let on_disk =
        std::fs::read_to_string(root().join("fixtures/example/hoabinh-2019.json")).unwrap();
    assert_eq!(on_disk, parindex::builtin::EXAMPLE_PROVINCE);
}
