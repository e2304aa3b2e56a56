//! The fuzz targets' contract checks (`parindex::fuzzing`) without libFuzzer: on the inputs that
//! once broke the contract (`fixtures/fuzz/<target>/`), on the fixtures the fuzzers start from,
//! and on arbitrary JSON values (issue 21).

use parindex::fuzzing::{fixture_files, regressions, Harness, Target};
use proptest::prelude::*;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures")
}

fn harness() -> &'static Harness {
    static H: OnceLock<Harness> = OnceLock::new();
    H.get_or_init(|| Harness::with_fixtures(&fixtures()))
}

/// Every input kept under `fixtures/fuzz/<target>/` keeps the contract.
#[test]
fn inputs_that_once_failed_keep_the_contract() {
    let mut n = 0;
    for t in Target::ALL {
        for (name, bytes) in regressions(&fixtures(), t) {
            eprintln!("{}/{name}", t.name());
            harness().run(t, &bytes);
            n += 1;
        }
    }
    assert!(n > 0, "no input under fixtures/fuzz");
}

/// The contract's check of messages: a Rust type named by the message is found, a value the
/// message quotes (what the user wrote) is not a Rust type (found by fuzzing the dossier target:
/// the date-time `2019-12-18T00:00:u8` was taken for the type `u8`).
#[test]
fn a_rust_type_is_found_in_a_message_but_not_in_the_values_it_quotes() {
    use parindex::fuzzing::rust_word;
    assert_eq!(
        rust_word("invalid value: integer `-1`, expected u64"),
        Some("u64")
    );
    assert_eq!(rust_word("expected struct UnitInput"), Some("struct"));
    let quoted = "`2019-12-18T00:00:u8` is not a local date-time of the form YYYY-MM-DDTHH:MM:SS";
    assert_eq!(rust_word(quoted), None);
    assert_eq!(rust_word(r#"unknown choice "Option" of `enum`"#), None);
    assert_eq!(rust_word("a whole number from 0 to 255"), None);
}

/// The inputs the fuzzers start from keep the contract.
#[test]
fn the_seed_inputs_keep_the_contract() {
    for t in Target::ALL {
        let files = fixture_files(&fixtures(), t);
        assert!(!files.is_empty(), "no seed for {}", t.name());
        for (name, bytes) in files {
            let t0 = std::time::Instant::now();
            harness().run(t, &bytes);
            eprintln!("{}/{name} {:?}", t.name(), t0.elapsed());
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Arbitrary JSON values

/// JSON number literals: small and huge, with many digits, places or exponents, and the edges of
/// the engine's ranges (64-bit counts, the largest decimal, 29 places).
fn number() -> impl Strategy<Value = Value> {
    let literal = prop_oneof![
        "-?(0|[1-9][0-9]{0,3})(\\.[0-9]{1,3})?",
        "-?[1-9][0-9]{0,90}(\\.[0-9]{1,40})?([eE][+-]?[0-9]{1,4})?",
        "-?[0-9]\\.[0-9]{1,3}[eE][+-]?[0-9]{1,12}",
        Just("18446744073709551615".to_string()),
        Just("18446744073709551616".to_string()),
        Just("79228162514264337593543950335".to_string()),
        Just("79228162514264337593543950336".to_string()),
        Just("0.00000000000000000000000000001".to_string()),
        Just("-9223372036854775808".to_string()),
    ];
    literal.prop_map(|t| serde_json::from_str(&t).expect("a number literal"))
}

/// Strings: any text, decimals written as text (with a comma, with many places), and the ids,
/// codes and kinds the formats use.
fn string() -> impl Strategy<Value = String> {
    prop_oneof![
        ".{0,12}",
        "-?[0-9]{1,40}([.,][0-9]{0,35})?",
        "[0-9](\\.[0-9]){0,3}",
        prop::sample::select(vec![
            "",
            " ",
            "department",
            "district",
            "commune",
            "department_52",
            "so_tu_phap",
            "so_noi_vu",
            "hoabinh-1440-2019",
            "self_score",
            "appraise",
            "submit",
            "unit_officer",
            "council_member",
            "chairman",
            "dung_han",
            "2019-11-19T09:00:00",
            "99999-12-31T23:59:59",
        ])
        .prop_map(str::to_string),
    ]
}

/// Any JSON value, nested a few levels deep.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        number(),
        string().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((string(), inner), 0..6)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

/// The valid inputs of every target to splice values into: the seed inputs of at most 16 KiB
/// that are JSON.
fn bases() -> &'static [(Target, Value)] {
    static B: OnceLock<Vec<(Target, Value)>> = OnceLock::new();
    B.get_or_init(|| {
        let mut out = Vec::new();
        for t in Target::ALL {
            for (_, bytes) in fixture_files(&fixtures(), t) {
                if bytes.len() <= 16 << 10 {
                    if let Ok(v) = serde_json::from_slice::<Value>(&bytes) {
                        out.push((t, v));
                    }
                }
            }
        }
        out
    })
}

/// Replace the value found by following `route` from the root of `v` (each step picks a member
/// or an element; the route stops early at a scalar), or, under `key`, add it to the object there.
fn splice(v: &mut Value, route: &[usize], new: Value, key: Option<String>) {
    let (step, rest) = match route.split_first() {
        Some(s) => s,
        None => return put(v, new, key),
    };
    match v {
        Value::Object(o) if !o.is_empty() => {
            let k = o.keys().nth(step % o.len()).cloned().unwrap_or_default();
            splice(o.get_mut(&k).expect("a member"), rest, new, key)
        }
        Value::Array(a) if !a.is_empty() => {
            let n = a.len();
            splice(&mut a[step % n], rest, new, key)
        }
        _ => put(v, new, key),
    }
}

fn put(v: &mut Value, new: Value, key: Option<String>) {
    match (v, key) {
        (Value::Object(o), Some(k)) => {
            o.insert(k, new);
        }
        (v, _) => *v = new,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Any JSON value, as the text of every parser and as a value given to the readers that take
    /// one, keeps the contract (issue 21): no panic, every refusal with its code and path.
    #[test]
    fn any_json_value_keeps_the_contract(v in json_value()) {
        harness().value(&v);
    }

    /// A valid input of each parser with one value replaced (or one key added) anywhere in it by
    /// an arbitrary value keeps the contract: most such inputs are read deep into the engine
    /// before something is refused, where arbitrary values are refused at the surface.
    #[test]
    fn a_valid_input_with_any_value_spliced_in_keeps_the_contract(
        which in any::<prop::sample::Index>(),
        route in prop::collection::vec(any::<usize>(), 0..8),
        new in json_value(),
        key in prop::option::weighted(0.3, string()),
    ) {
        let (t, base) = which.get(bases());
        let mut v = base.clone();
        splice(&mut v, &route, new, key);
        let text = serde_json::to_string(&v).expect("a value serialises");
        harness().run(*t, text.as_bytes());
    }
}
