//! Runs every conformance case under fixtures/conformance (the same cases pytest and node run).
//! A case's `expected` is matched against the batch result as a subset (see the README there).

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
    let input_name = case["input"].as_str().ok_or("case.json: `input` missing")?;
    let input =
        std::fs::read_to_string(dir.join(input_name)).map_err(|e| format!("{input_name}: {e}"))?;
    let actual = match rs.and_then(|rs| parindex::score_batch_json(&rs, &input)) {
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
    let r = parindex::score_batch_json(&rs, parindex::builtin::EXAMPLE_PROVINCE).unwrap();
    assert!(r.errors.is_empty(), "{:#?}", r.errors);
    assert!(r.receipt.provisional && r.receipt.notice.is_some());
    assert!(r.receipt.synthetic);
    // The fixtures copy is the embedded file.
    let on_disk =
        std::fs::read_to_string(root().join("fixtures/example/hoabinh-2019.json")).unwrap();
    assert_eq!(on_disk, parindex::builtin::EXAMPLE_PROVINCE);
}
