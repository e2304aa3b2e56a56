//! The `parindex` command line, run as a user runs it: files in, exit code, stdout and stderr out
//! (issue 21: defects 5, 7, 8, 9 and 10 as the command line shows them).
#![cfg(feature = "cli")]

use std::path::PathBuf;
use std::process::{Command, Output};

const EXAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../fixtures/example/hoabinh-2019.json"
);

fn parindex(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_parindex"))
        .args(args)
        .output()
        .expect("the parindex binary runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// A file of this test's own in the temporary directory.
fn file(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("parindex-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

/// Defect 8 of issue 21: a file that is not UTF-8 is refused with a code and the byte offset
/// (before: "stream did not contain valid UTF-8", no code), the same code and message as Python
/// and the npm package.
#[test]
fn a_file_that_is_not_utf8_is_refused_with_its_code_and_byte() {
    let bad = file(
        "latin1.json",
        b"{\"format_version\":1,\"units\":[{\"id\":\"\xff\"}]}",
    );
    let bad = bad.to_str().unwrap();
    let message = "the text is not UTF-8: byte 36 (0xFF) is not part of a UTF-8 character; \
                   save the file as UTF-8";
    let o = parindex(&["rank", bad]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains(&format!("[input.utf8] $: {message}")), "{err}");
    let o = parindex(&["validate", bad]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("ruleset.utf8"), "{}", stdout(&o));
    let o = parindex(&["rank", "-r", bad]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains(&format!("[ruleset.utf8] $: {message}")),
        "{}",
        stderr(&o)
    );
}

/// Defect 5 of issue 21: a number with a huge exponent is refused by a limit, with its path,
/// at once.
#[test]
fn a_huge_number_literal_is_refused_by_a_limit() {
    let f = file(
        "huge.json",
        br#"{"format_version":1,"units":[{"id":"a","name":"A","group":"department","items":{"1.1.2":{"percentage":1E+999999999}}}]}"#,
    );
    let o = parindex(&["score", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains(r#"[limits.exponent_too_large] $.units[0].items["1.1.2"].percentage"#),
        "{err}"
    );
    assert!(
        err.contains("--limit"),
        "the message says how to change a limit: {err}"
    );
}

/// The limits are the core's, the same as Python's and the npm package's; `--limit` changes one.
#[test]
fn limits_are_refused_with_their_code_and_changed_with_the_limit_option() {
    let o = parindex(&["rank", "--limit", "max_units=3", EXAMPLE]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("[limits.too_many_units] $.units"),
        "{}",
        stderr(&o)
    );
    let o = parindex(&[
        "rank",
        "--limit",
        "max_units=3",
        "-l",
        "max_units=100",
        EXAMPLE,
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = parindex(&["rank", "--limit", "max_input_bytes=100", EXAMPLE]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("[limits.input_too_large] $"),
        "{}",
        stderr(&o)
    );
    let o = parindex(&["validate", "--limit", "max_nodes=10", "hoabinh-1440-2019"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).contains("limits.too_many_nodes"),
        "{}",
        stdout(&o)
    );
    for bad in [
        "max_unit=5",
        "max_units=0",
        "max_units=-1",
        "max_units",
        "max_units=x",
    ] {
        let o = parindex(&["rank", "--limit", bad]);
        assert_eq!(o.status.code(), Some(2), "--limit {bad}");
        assert!(stderr(&o).contains("max_number_digits"), "{}", stderr(&o));
    }
}

/// A byte-order mark before the JSON text is skipped: the file scores as without it.
#[test]
fn a_byte_order_mark_before_the_json_is_skipped() {
    let text = std::fs::read(EXAMPLE).unwrap();
    let f = file("bom.json", &[b"\xef\xbb\xbf".as_slice(), &text].concat());
    let plain = parindex(&["rank", "--format", "csv", EXAMPLE]);
    let marked = parindex(&["rank", "--format", "csv", f.to_str().unwrap()]);
    assert_eq!(marked.status.code(), Some(0), "{}", stderr(&marked));
    assert_eq!(stdout(&marked), stdout(&plain));
}

/// Defect 9 of issue 21: a key written twice refuses its unit (exit 1, named on stderr with the
/// key's path); the others are ranked.
#[test]
fn a_key_written_twice_refuses_only_its_unit() {
    let text = std::fs::read_to_string(EXAMPLE).unwrap();
    let at = text.find(r#""group": "#).unwrap();
    let twice = format!("{}\"group\": \"district\", {}", &text[..at], &text[at..]);
    let f = file("twice.json", twice.as_bytes());
    let o = parindex(&["rank", "--format", "csv", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("[input.duplicate_key] $.units[0].group"),
        "{}",
        stderr(&o)
    );
    let plain = stdout(&parindex(&["rank", "--format", "csv", EXAMPLE]));
    assert_eq!(stdout(&o).lines().count() + 1, plain.lines().count());
}

/// Defect 10 of issue 21: a rule set that is a top-level array is refused with a code and in the
/// user's terms (before: "invalid length 0, expected struct RuleSetDef with 17 elements").
#[test]
fn a_rule_set_that_is_an_array_is_refused_in_the_users_terms() {
    let f = file("array.json", b"[]");
    let o = parindex(&["validate", "--format", "json", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.contains("ruleset.not_an_object"), "{out}");
    assert!(out.contains("must be a JSON object"), "{out}");
    assert!(!out.contains("RuleSetDef"), "{out}");
}
