//! The `parindex` command line, run as a user runs it: files in, exit code, stdout and stderr out
//! (issue 21: defects 5, 7, 8, 9 and 10 as the command line shows them; issue 22: the command
//! line on clap; issue 23: warnings, refused units and the receipt in every format).
#![cfg(feature = "cli")]

use std::io::Write as _;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use unicode_width::UnicodeWidthStr;

const EXAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../fixtures/example/hoabinh-2019.json"
);

fn parindex(args: &[&str]) -> Output {
    run(args, None, &[])
}

/// The binary run with `args`, `stdin` piped in when given, and `env` set; `PARINDEX_LANG` of
/// the test's own environment is not passed on.
fn run(args: &[&str], stdin: Option<&[u8]>, env: &[(&str, &str)]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_parindex"));
    c.args(args)
        .env_remove("PARINDEX_LANG")
        .envs(env.iter().copied());
    c.stdin(if stdin.is_some() {
        Stdio::piped()
    } else {
        Stdio::null()
    });
    c.stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = c.spawn().expect("the parindex binary runs");
    if let Some(bytes) = stdin {
        let mut pipe = child.stdin.take().unwrap();
        // The binary may stop reading early (a usage error): a broken pipe is not the test's.
        let _ = pipe.write_all(bytes);
    }
    child.wait_with_output().unwrap()
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
    let o = parindex(&["rank", bad, "--lang", "en"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains(&format!("[input.utf8] $: {message}")), "{err}");
    // Vietnamese by default.
    let o = parindex(&["rank", bad]);
    let err = stderr(&o);
    assert!(
        err.contains("[input.utf8] $: văn bản không phải UTF-8: byte 36 (0xFF)"),
        "{err}"
    );
    let o = parindex(&["validate", bad]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("ruleset.utf8"), "{}", stdout(&o));
    let o = parindex(&["rank", "-r", bad, "--lang", "en"]);
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

/// `validate` on a rule set with problems: the line counting them and the table's heads in the
/// language asked for (the Vietnamese output wrote the English `problem(s)`, `Code`, `Path`).
#[test]
fn validate_counts_the_problems_in_the_language_asked() {
    let broken = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../fixtures/broken/ruleset-broken.json"
    );
    let o = parindex(&["validate", broken]);
    assert_eq!(o.status.code(), Some(1));
    let vi = stdout(&o);
    let (count, rest) = vi.split_once('\n').unwrap();
    let n: usize = (count.strip_suffix(" lỗi"))
        .and_then(|c| c.rsplit(": ").next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{count}"));
    assert!(n > 1, "{count}");
    assert!(
        rest.starts_with("Mã lỗi") && rest.contains("Đường dẫn"),
        "{vi}"
    );
    assert!(
        !vi.contains("problem(s)") && !vi.contains("Message"),
        "{vi}"
    );
    let en = stdout(&parindex(&["validate", broken, "--lang", "en"]));
    assert!(en.contains(&format!(": {n} problem(s)\nCode")), "{en}");
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

/// A byte-order mark before the JSON text is skipped: the file scores as without it (only the
/// hash of the bytes received differs).
#[test]
fn a_byte_order_mark_before_the_json_is_skipped() {
    let text = std::fs::read(EXAMPLE).unwrap();
    let f = file("bom.json", &[b"\xef\xbb\xbf".as_slice(), &text].concat());
    let plain = parindex(&["rank", "--format", "csv", EXAMPLE]);
    let marked = parindex(&["rank", "--format", "csv", f.to_str().unwrap()]);
    assert_eq!(marked.status.code(), Some(0), "{}", stderr(&marked));
    let without_hash = |o: &Output| {
        let rows = csv_rows(&stdout(o));
        let at = rows[0].iter().position(|c| c == "inputs_sha256").unwrap();
        rows.into_iter()
            .map(|mut r| {
                r.remove(at);
                r
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(without_hash(&marked), without_hash(&plain));
}

/// Defect 9 of issue 21: a key written twice refuses its unit (exit 1, named on stderr with the
/// key's path); the others are ranked as before. The CSV gives the refused unit a row of its own,
/// without a rank, with its problem in `errors`.
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
    let rows = records(&stdout(&o));
    let plain = records(&stdout(&parindex(&["rank", "--format", "csv", EXAMPLE])));
    assert_eq!(rows.len(), plain.len());
    let refused: Vec<_> = rows.iter().filter(|r| !r["errors"].is_empty()).collect();
    assert_eq!(refused.len(), 1);
    assert_eq!(refused[0]["id"], "vp_ubnd");
    assert_eq!(refused[0]["rank"], "");
    assert!(refused[0]["errors"].starts_with("[input.duplicate_key] $.units[0].group"));
    // A block without the refused unit is ranked as before.
    let ranked = |rows: &[std::collections::BTreeMap<String, String>]| {
        rows.iter()
            .filter(|r| r["block"] == "district")
            .map(|r| (r["id"].clone(), r["rank"].clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(ranked(&rows), ranked(&plain));
}

/// Defect 10 of issue 21: a rule set that is a top-level array is refused with a code and in the
/// user's terms (before: "invalid length 0, expected struct RuleSetDef with 17 elements").
#[test]
fn a_rule_set_that_is_an_array_is_refused_in_the_users_terms() {
    let f = file("array.json", b"[]");
    let path = f.to_str().unwrap();
    let o = parindex(&["validate", "--format", "json", "--lang", "en", path]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.contains("ruleset.not_an_object"), "{out}");
    assert!(out.contains("must be a JSON object"), "{out}");
    assert!(!out.contains("RuleSetDef"), "{out}");
}

/// The rows of a CSV text, read with the `csv` crate.
fn csv_rows(text: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

/// The records of a CSV text by column name; every record has every column.
fn records(text: &str) -> Vec<std::collections::BTreeMap<String, String>> {
    let rows = csv_rows(text);
    let (head, rows) = rows.split_first().unwrap();
    rows.iter()
        .map(|r| {
            assert_eq!(r.len(), head.len(), "a ragged row: {r:?}");
            head.iter().cloned().zip(r.iter().cloned()).collect()
        })
        .collect()
}

/// The example province with `edit` applied to its JSON, written to a file of the test's own.
fn example_with(name: &str, edit: impl FnOnce(&mut serde_json::Value)) -> PathBuf {
    let mut v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(EXAMPLE).unwrap()).unwrap();
    edit(&mut v);
    file(name, serde_json::to_string(&v).unwrap().as_bytes())
}

/// The example province without Văn phòng UBND tỉnh's survey component (its first unit):
/// `input.missing_component`, 0 points for the survey, the unit still scored.
fn without_survey(name: &str) -> PathBuf {
    example_with(name, |v| {
        let comps = v["units"][0]["components"].as_object_mut().unwrap();
        assert!(comps.remove("survey").is_some());
    })
}

const SUBCOMMANDS: [&str; 8] = [
    "rank", "score", "explain", "validate", "schema", "rulesets", "generate", "help",
];

/// Issue 22: each command has its own help, with its own usage and options (before: every
/// command's `--help` printed the program's help), in Vietnamese by default and in English with
/// `--lang en`; `help COMMAND` gives the same.
#[test]
fn each_command_has_its_own_help() {
    for cmd in SUBCOMMANDS {
        let o = parindex(&[cmd, "--help"]);
        assert_eq!(o.status.code(), Some(0), "{cmd}: {}", stderr(&o));
        let out = stdout(&o);
        assert!(out.contains(&format!("Cách dùng: parindex {cmd}")), "{out}");
        assert_eq!(stdout(&parindex(&["help", cmd])), out, "help {cmd}");
        let en = stdout(&parindex(&[cmd, "--help", "--lang", "en"]));
        assert!(en.contains(&format!("Usage: parindex {cmd}")), "{en}");
    }
    let explain = stdout(&parindex(&["explain", "-h"]));
    assert!(explain.contains("--unit <ID>"), "{explain}");
    let rank = stdout(&parindex(&["rank", "-h"]));
    assert!(!rank.contains("--unit"), "{rank}");
    assert!(
        rank.contains("--strict") && rank.contains("--receipt <FILE>"),
        "{rank}"
    );
    let generate = stdout(&parindex(&["generate", "-h"]));
    assert!(generate.contains("--units <N>") && !generate.contains("--format"));
    // The program's help lists the commands.
    let top = stdout(&parindex(&["--help"]));
    for cmd in SUBCOMMANDS {
        assert!(top.contains(&format!("  {cmd} ")), "{cmd}: {top}");
    }
    // Without a command: the help on standard error, usage exit code.
    let o = parindex(&[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("Cách dùng: parindex"), "{}", stderr(&o));
}

/// Issue 22: `--version` and `-V` (before: refused as an unknown option... and ignored).
#[test]
fn the_version_is_printed() {
    for flag in ["--version", "-V"] {
        let o = parindex(&[flag]);
        assert_eq!(o.status.code(), Some(0));
        assert_eq!(
            stdout(&o),
            format!("parindex {}\n", env!("CARGO_PKG_VERSION"))
        );
    }
    assert_eq!(
        stdout(&parindex(&["--version"])).trim_end(),
        parindex::ENGINE,
        "the version is the engine the receipt names"
    );
}

/// Issue 22: a mistyped command or option is refused (exit 2) with what was perhaps meant.
#[test]
fn a_typo_is_refused_with_a_suggestion() {
    let o = parindex(&["scor"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("không có lệnh `scor`"),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("`score`"), "{}", stderr(&o));
    let o = parindex(&["--lang", "en", "scor"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("'score'"), "{}", stderr(&o));
    let o = parindex(&["rank", "--formt", "csv"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("`--format`"), "{}", stderr(&o));
    let o = parindex(&["rank", "--format", "cvs"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("`csv`"), "{}", stderr(&o));
    assert!(stdout(&o).is_empty());
    // clap's own tips are told in Vietnamese too (they were in English), in English with --lang en.
    let o = parindex(&["rank", "--bogus"]);
    assert_eq!(o.status.code(), Some(2));
    let tip = "gợi ý: muốn truyền `--bogus` làm giá trị, hãy viết `-- --bogus`";
    assert!(stderr(&o).contains(tip), "{}", stderr(&o));
    let o = parindex(&["--lang", "en", "rank", "--bogus"]);
    assert!(
        stderr(&o).contains("to pass '--bogus' as a value"),
        "{}",
        stderr(&o)
    );
}

/// Issue 22: an option a command does not have, a second input, a missing value are usage errors
/// (exit 2), not ignored (before: unknown flags were silently ignored by some commands).
#[test]
fn unknown_options_and_extra_arguments_are_usage_errors() {
    for args in [
        &["rank", "--frobnicate"][..],
        &["rank", "-x"],
        &["rank", EXAMPLE, EXAMPLE],
        &["schema", "--format", "csv"],
        &["schema", "tables"],
        &["rulesets", "--unit", "x"],
        &["explain", EXAMPLE],
        &["generate"],
        &["generate", "--units", "0"],
        &["rank", "--format"],
        &["rank", "--lang", "fr"],
        &["validate", "a.json", "--ruleset", "b.json"],
    ] {
        let o = parindex(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(stdout(&o).is_empty(), "{args:?}");
        assert!(stderr(&o).starts_with("lỗi: "), "{args:?}: {}", stderr(&o));
    }
    let o = run(&["rank"], None, &[("PARINDEX_LANG", "fr")]);
    assert_eq!(o.status.code(), Some(2));
}

/// Issue 22: `--format=csv`, `-fcsv`, `-f csv` and `--format csv` are one request.
#[test]
fn option_values_are_read_in_every_usual_spelling() {
    let want = stdout(&parindex(&["score", "--format", "csv"]));
    assert!(want.starts_with("provisional,notice,"), "{want}");
    for spelling in [
        &["--format=csv"][..],
        &["-fcsv"],
        &["-f", "csv"],
        &["-f=csv"],
    ] {
        let args: Vec<&str> = std::iter::once("score")
            .chain(spelling.iter().copied())
            .collect();
        let o = parindex(&args);
        assert_eq!(o.status.code(), Some(0), "{spelling:?}");
        assert_eq!(stdout(&o), want, "{spelling:?}");
    }
    let a = stdout(&parindex(&["explain", "--unit=so_noi_vu", "-fjson"]));
    let b = stdout(&parindex(&[
        "explain",
        "-u",
        "so_noi_vu",
        "--format",
        "json",
    ]));
    assert_eq!(a, b);
    assert!(a.contains("\"so_noi_vu\""));
}

/// Issue 22: `-` reads standard input, for the input and for the rule set (not both).
#[test]
fn a_dash_reads_standard_input() {
    let text = std::fs::read(EXAMPLE).unwrap();
    let from_file = parindex(&["score", "-f", "json", EXAMPLE]);
    let from_stdin = run(&["score", "-f", "json", "-"], Some(&text), &[]);
    assert_eq!(from_stdin.status.code(), Some(0), "{}", stderr(&from_stdin));
    assert_eq!(stdout(&from_stdin), stdout(&from_file));
    let rules = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../fixtures/rulesets/hoabinh-1440-2019.json"
    ))
    .unwrap();
    let o = run(
        &["rank", "-r", "-", "-f", "json", EXAMPLE],
        Some(&rules),
        &[],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        stdout(&parindex(&["rank", "-f", "json", EXAMPLE]))
    );
    let o = run(&["validate", "-"], Some(&rules), &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("hợp lệ"), "{}", stdout(&o));
    // A refusal names standard input; a limit counts every byte received.
    let o = run(
        &["score", "-", "--limit", "max_input_bytes=100"],
        Some(&text),
        &[],
    );
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("từ đầu vào chuẩn"), "{err}");
    assert!(
        err.contains(&format!("dữ liệu đầu vào dài {} byte", text.len())),
        "{err}"
    );
    let o = run(&["rank", "-r", "-", "-"], Some(&text), &[]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}

/// The JSON results are the engine's, unchanged by the command line: `score --format json` is
/// the batch result pretty-printed, byte for byte, in the language chosen (the ranking's notes
/// are written in it).
#[test]
fn the_json_result_is_the_engines_byte_for_byte() {
    let rs = parindex::builtin::ruleset(parindex::builtin::DEFAULT_RULESET).unwrap();
    let text = std::fs::read_to_string(EXAMPLE).unwrap();
    for (lang, l) in [("vi", parindex::Lang::Vi), ("en", parindex::Lang::En)] {
        let result = parindex::with_lang(l, || rs.score_json(&text).unwrap());
        let want = serde_json::to_string_pretty(&result).unwrap() + "\n";
        let o = parindex(&["score", "--format", "json", "--lang", lang, EXAMPLE]);
        assert_eq!(o.status.code(), Some(0));
        assert!(
            stdout(&o) == want,
            "score --format json --lang {lang} changed"
        );
    }
}

/// Issue 23 item 11: a unit without its survey component is scored 0 for it with a warning
/// (`input.missing_component`), and the warning reaches every format: a marker and a note in the
/// tables, a `warnings` column in CSV, a count on standard error (before: `score` and `rank`
/// printed nothing of it). The exit code stays 0.
#[test]
fn a_warning_reaches_every_format() {
    let f = without_survey("no-survey.json");
    let f = f.to_str().unwrap();
    let code = "[input.missing_component] $.units[0].components.survey";
    for cmd in ["rank", "score"] {
        let o = parindex(&[cmd, f]);
        assert_eq!(o.status.code(), Some(0), "{cmd}: {}", stderr(&o));
        let out = stdout(&o);
        assert!(out.contains("Văn phòng UBND tỉnh [1]"), "{cmd}: {out}");
        let note = out.split("\nCảnh báo").nth(1).unwrap_or_default();
        assert!(
            note.contains("[1] Văn phòng UBND tỉnh (vp_ubnd)"),
            "{cmd}: {out}"
        );
        assert!(note.contains(code), "{cmd}: {out}");
        assert!(
            stderr(&o).contains("cảnh báo: 1 cảnh báo"),
            "{cmd}: {}",
            stderr(&o)
        );

        let o = parindex(&[cmd, "-f", "csv", f]);
        assert_eq!(o.status.code(), Some(0));
        let rows = records(&stdout(&o));
        let vp = rows.iter().find(|r| r["id"] == "vp_ubnd").unwrap();
        assert!(vp["warnings"].starts_with(code), "{cmd}: {vp:?}");
        assert!(rows
            .iter()
            .filter(|r| r["id"] != "vp_ubnd")
            .all(|r| r["warnings"].is_empty()));
        assert!(stderr(&o).contains("1 cảnh báo"));

        let o = parindex(&[cmd, "-f", "json", f]);
        assert_eq!(o.status.code(), Some(0));
        assert!(stderr(&o).contains("1 cảnh báo"), "{cmd}: {}", stderr(&o));
    }
    let o = parindex(&["score", "-f", "json", f]);
    assert!(stdout(&o).contains("input.missing_component"));
    // `explain`: the warning numbered under the table, and counted.
    let o = parindex(&["explain", "-u", "vp_ubnd", f]);
    assert_eq!(o.status.code(), Some(0));
    assert!(
        stdout(&o).contains(&format!("[1] {code}")),
        "{}",
        stdout(&o)
    );
    assert!(stderr(&o).contains("1 cảnh báo"));
    let o = parindex(&["explain", "-u", "vp_ubnd", "-f", "csv", f]);
    assert!(records(&stdout(&o))
        .iter()
        .all(|r| r["warnings"].starts_with(code)));
    // A unit without warnings is explained without any.
    let o = parindex(&["explain", "-u", "so_noi_vu", f]);
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));
    // In English.
    let o = parindex(&["rank", "--lang", "en", f]);
    assert!(
        stdout(&o).contains("\nWarnings (the units are scored"),
        "{}",
        stdout(&o)
    );
    assert!(stderr(&o).contains("warning: 1 warning "), "{}", stderr(&o));
}

/// Issue 23 item 11: `--strict` makes a warning an error (exit 1), in every format; the output is
/// still written.
#[test]
fn strict_turns_warnings_into_exit_code_1() {
    let f = without_survey("strict.json");
    let f = f.to_str().unwrap();
    for args in [
        &["rank", "--strict", f][..],
        &["score", "--strict", "-f", "csv", f],
        &["rank", "--strict", "-f", "json", f],
        &["explain", "--strict", "-u", "vp_ubnd", f],
    ] {
        let o = parindex(args);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        assert!(!stdout(&o).is_empty(), "{args:?}");
        assert!(
            stderr(&o).contains("lỗi: 1 cảnh báo"),
            "{args:?}: {}",
            stderr(&o)
        );
    }
    // Without a warning, `--strict` changes nothing.
    let o = parindex(&["rank", "--strict"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = parindex(&["explain", "--strict", "-u", "so_noi_vu", f]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

/// A unit refused is shown in every format, the others scored; exit code 1.
#[test]
fn a_refused_unit_is_shown_in_every_format() {
    let f = example_with("refused.json", |v| v["units"][1]["group"] = "huyen".into());
    let f = f.to_str().unwrap();
    let problem = "[input.unknown_group] $.units[1].group";
    let o = parindex(&["score", f]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    let note = out
        .split("\nĐơn vị không chấm được")
        .nth(1)
        .unwrap_or_default();
    assert!(
        note.contains("#1 `thanh_tra`") && note.contains(problem),
        "{out}"
    );
    assert!(
        stderr(&o).contains(&format!(
            "lỗi: đơn vị #1 `thanh_tra` không chấm được:\n  {problem}"
        )),
        "{}",
        stderr(&o)
    );
    for cmd in ["rank", "score"] {
        let o = parindex(&[cmd, "-f", "csv", f]);
        assert_eq!(o.status.code(), Some(1));
        let rows = records(&stdout(&o));
        let row = rows.iter().find(|r| r["id"] == "thanh_tra").unwrap();
        assert!(row["errors"].starts_with(problem), "{cmd}: {row:?}");
        assert_eq!(row["index"], "", "{cmd}");
        assert_eq!(rows.iter().filter(|r| !r["errors"].is_empty()).count(), 1);
        assert_eq!(rows.len(), 41);
        let o = parindex(&[cmd, "-f", "json", f]);
        assert_eq!(o.status.code(), Some(1));
        assert!(stdout(&o).contains("input.unknown_group"));
    }
    let o = parindex(&["rank", "--lang", "en", f]);
    assert!(stdout(&o).contains("\nUnits refused"), "{}", stdout(&o));
    assert!(stderr(&o).contains("error: unit #1 `thanh_tra` could not be scored:"));
}

/// Issue 23 item 12: every row of a result's CSV begins with the receipt (provisional, the
/// notice, synthetic, the rule set's id and hash, the inputs' hash, the engine), the same as the
/// JSON receipt; the notice in the language asked for. `--receipt FILE` writes the receipt as
/// the JSON result gives it.
#[test]
fn the_csv_carries_the_receipt_and_the_provisional_notice() {
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&parindex(&["score", "-f", "json"]))).unwrap();
    let receipt = &json["receipt"];
    let notice = receipt["notice"].as_str().unwrap();
    assert!(notice.contains("Không dùng kết quả để công bố chính thức"));
    for args in [
        &["score", "-f", "csv"][..],
        &["rank", "-f", "csv"],
        &["explain", "-u", "so_noi_vu", "-f", "csv"],
    ] {
        let text = stdout(&parindex(args));
        let head = &csv_rows(&text)[0];
        assert_eq!(
            head[..7],
            [
                "provisional",
                "notice",
                "synthetic",
                "ruleset_id",
                "ruleset_sha256",
                "inputs_sha256",
                "engine"
            ],
            "{args:?}"
        );
        let rows = records(&text);
        assert!(!rows.is_empty());
        for r in &rows {
            assert_eq!(r["provisional"], "true");
            assert_eq!(r["notice"], notice);
            assert_eq!(r["synthetic"], "true");
            for k in ["ruleset_id", "ruleset_sha256", "inputs_sha256", "engine"] {
                assert_eq!(r[k], receipt[k].as_str().unwrap(), "{args:?} {k}");
            }
        }
    }
    let en = records(&stdout(&parindex(&["rank", "-f", "csv", "--lang", "en"])));
    assert!(
        en[0]["notice"].starts_with("Provisional rule set:"),
        "{:?}",
        en[0]
    );
    let path =
        std::env::temp_dir().join(format!("parindex-cli-receipt-{}.json", std::process::id()));
    let o = parindex(&["rank", "--receipt", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(&written, receipt);
    let _ = std::fs::remove_file(path);
}

/// Issue 22: CSV is quoted where it must be — a name holding a carriage return (before: written
/// bare, splitting the row in a spreadsheet), a line feed, a comma or a quote reads back as it
/// was, with the `csv` crate and with Python's `csv` module.
#[test]
fn csv_quotes_carriage_returns_line_feeds_commas_and_quotes() {
    let names = [
        "Sở \"Nội vụ\", tỉnh Hòa Bình",
        "Sở Tư pháp\rdòng hai",
        "Sở Kế hoạch\r\nvà Đầu tư",
        "Sở Tài chính\n",
        ",\"",
    ];
    let ids = [
        "so_noi_vu",
        "so_tu_phap",
        "so_khdt",
        "so_tai_chinh",
        "so_cong_thuong",
    ];
    let f = example_with("quoting.json", |v| {
        for u in v["units"].as_array_mut().unwrap() {
            if let Some(i) = ids.iter().position(|id| u["id"] == *id) {
                u["name"] = names[i].into();
            }
        }
    });
    let f = f.to_str().unwrap();
    for cmd in ["score", "rank"] {
        let text = stdout(&parindex(&[cmd, "-f", "csv", f]));
        let rows = records(&text);
        assert_eq!(rows.len(), 41, "{cmd}");
        for (id, name) in ids.iter().zip(names) {
            let r = rows.iter().find(|r| r["id"] == *id).unwrap();
            assert_eq!(r["name"], name, "{cmd} {id}");
        }
        // Python's reader sees the same table.
        let mut child = Command::new("python3")
            .args([
                "-c",
                "import csv, io, json, sys; \
                 rows = list(csv.reader(io.TextIOWrapper(sys.stdin.buffer, encoding='utf-8', newline=''))); \
                 json.dump(rows, sys.stdout)",
            ])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3 runs");
        child
            .stdin
            .take()
            .unwrap()
            .write_all(text.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success());
        let py_rows: Vec<Vec<String>> = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(
            py_rows,
            csv_rows(&text),
            "{cmd}: Python reads another table"
        );
    }
}

/// Issue 22: the tables are aligned in terminal columns: a name with its marks decomposed (NFD:
/// a base letter and combining marks, as some systems save text) takes the width of the same name
/// precomposed, and the columns after it start at the same place (before: counted in characters,
/// an NFD name pushed its row's columns to the right).
#[test]
fn tables_align_vietnamese_names_precomposed_or_decomposed() {
    let nfd = "So\u{31b}\u{309} Lao đo\u{302}\u{323}ng – Thu\u{31b}o\u{31b}ng binh va\u{300} Xa\u{303} ho\u{302}\u{323}i";
    let f = example_with("nfd.json", |v| {
        for u in v["units"].as_array_mut().unwrap() {
            if u["id"] == "so_y_te" {
                u["name"] = nfd.into();
            }
        }
    });
    let f = f.to_str().unwrap();
    let nfc = "Sở Lao động – Thương binh và Xã hội";
    for cmd in ["rank", "score"] {
        let out = stdout(&parindex(&[cmd, f]));
        let rows: Vec<&str> = out
            .lines()
            .filter(|l| l.contains(nfc) || l.contains(nfd) || l.contains("Sở Tư pháp"))
            .collect();
        assert_eq!(rows.len(), 3, "{cmd}: {out}");
        // The column after the name (the group) starts at the same terminal column in each row.
        let group_at: Vec<usize> = rows
            .iter()
            .map(|l| l[..l.find(" department").unwrap()].width())
            .collect();
        assert!(
            group_at.iter().all(|&w| w == group_at[0]),
            "{cmd}: {rows:#?} {group_at:?}"
        );
    }
}

/// `--lang en` (or `PARINDEX_LANG=en`): headers, labels, notices and messages in English; the
/// default is Vietnamese.
#[test]
fn the_language_of_tables_and_messages_is_chosen() {
    let vi = stdout(&parindex(&["rank"]));
    assert!(vi.contains("Hạng  Đơn vị"), "{vi}");
    assert!(vi.contains("Xuất sắc"));
    assert!(vi.contains("⚠ TẠM THỜI / PROVISIONAL: Bộ chỉ số tạm thời"));
    let en = stdout(&parindex(&["rank", "--lang", "en"]));
    assert!(en.contains("Rank  Unit"), "{en}");
    assert!(en.contains("Excellent") && !en.contains("Xuất sắc"), "{en}");
    assert!(en.contains("⚠ PROVISIONAL: Provisional rule set"), "{en}");
    assert!(en.contains("Departments and agencies"), "{en}");
    assert_eq!(
        stdout(&run(&["rank"], None, &[("PARINDEX_LANG", "en")])),
        en
    );
    assert_eq!(
        stdout(&run(
            &["rank", "--lang", "vi"],
            None,
            &[("PARINDEX_LANG", "en")]
        )),
        vi,
        "the option wins over the variable"
    );
    let explain = stdout(&parindex(&["explain", "-u", "so_noi_vu", "--lang", "en"]));
    assert!(explain.contains("Sum of the sub-criteria"), "{explain}");
    assert!(!explain.contains("Tổng điểm các tiêu chí"), "{explain}");
    let o = parindex(&["explain", "-u", "nobody", "--lang", "en"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).starts_with("error: the bundled example province has no unit `nobody`"));
    let o = parindex(&["explain", "-u", "nobody"]);
    assert!(stderr(&o).starts_with("lỗi: dữ liệu minh họa có sẵn không có đơn vị `nobody`"));
    let validate = stdout(&parindex(&["validate", "--lang", "en"]));
    assert!(validate.contains(": valid — 3 level(s)"), "{validate}");
}

/// `parindex rank | head` stops quietly when the reader has gone.
#[test]
fn a_closed_pipe_ends_the_output_quietly() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_parindex"))
        .args(["score", "-f", "json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stderr.is_empty());
}

/// The outputs of the command line before it was moved onto clap (commit 87496ee), kept in
/// `tests/golden/`: what the move did not mean to change is unchanged byte for byte. Tables in
/// Vietnamese (the default), JSON, and the CSV columns there were, in their order; the CSV's new
/// columns (the receipt before, `warnings` and `errors` after, issue 23 items 11 and 12) and the
/// rank JSON's `warnings` are the only additions. A deliberate change of one of these outputs
/// rewrites its file.
#[test]
fn the_outputs_from_before_clap_are_unchanged_byte_for_byte() {
    let golden = |name: &str| {
        std::fs::read_to_string(
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("tests/golden")
                .join(name),
        )
        .unwrap()
    };
    for (args, name) in [
        (&["rank"][..], "rank.txt"),
        (&["score"], "score.txt"),
        (&["validate"], "validate.txt"),
        (&["validate", "--format", "json"], "validate.json"),
        (&["rulesets"], "rulesets.txt"),
        (&["rulesets", "--format", "csv"], "rulesets.csv"),
        (&["rulesets", "--format", "json"], "rulesets.json"),
        (
            &["generate", "--units", "3", "--seed", "7"],
            "generate-3-7.json",
        ),
    ] {
        let o = parindex(args);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
        assert!(stdout(&o) == golden(name), "{args:?} differs from {name}");
        assert!(stderr(&o).is_empty(), "{args:?}: {}", stderr(&o));
    }
    // `rank --format json`: the same, with `warnings` added (none in the example province).
    let rank = stdout(&parindex(&["rank", "--format", "json"]));
    let before = golden("rank.json");
    let added = ",\n  \"warnings\": []\n}\n";
    assert!(rank.ends_with(added), "{rank}");
    assert!(
        rank[..rank.len() - added.len()] == before[..before.len() - "\n}\n".len()],
        "rank --format json differs from rank.json"
    );
    // CSV: the columns there were, read back and written again, are the file from before.
    for (args, name, after) in [
        (&["rank", "--format", "csv"][..], "rank.csv", 2),
        (&["score", "--format", "csv"], "score.csv", 2),
        (
            &["explain", "--unit", "so_noi_vu", "--format", "csv"],
            "explain-so_noi_vu.csv",
            1,
        ),
    ] {
        let rows = csv_rows(&stdout(&parindex(args)));
        let mut w = csv::Writer::from_writer(Vec::new());
        for r in &rows {
            assert_eq!(r.len(), rows[0].len());
            w.write_record(&r[7..r.len() - after]).unwrap();
        }
        let old_columns = String::from_utf8(w.into_inner().unwrap()).unwrap();
        assert!(old_columns == golden(name), "{args:?} differs from {name}");
    }
}

/// Issue 23 item 11, the warnings found across the batch: a best value of a normalised rule (C5)
/// more than ten times the next (`input.normalized_outlier`, on every unit measured against it)
/// and a commune whose district is not in the batch though others are (`input.parent_not_in_batch`,
/// S10) reach every format of `rank`, `score` and `explain`, and standard error counts them all;
/// `--strict` makes any of them exit code 1, in every format.
#[test]
fn batch_warnings_reach_every_format_and_strict_fails_on_them() {
    // A unit without warnings has no `warnings` in the JSON.
    fn warnings_of(u: &serde_json::Value) -> &[serde_json::Value] {
        u["warnings"].as_array().map_or(&[], Vec::as_slice)
    }
    let f = example_with("batch-warnings.json", |v| {
        let units = v["units"].as_array_mut().unwrap();
        let noi_vu = units.iter_mut().find(|u| u["id"] == "so_noi_vu").unwrap();
        noi_vu["items"]["5.4.3"]["value"] = "5000".into();
        let commune = units
            .iter_mut()
            .find(|u| u["id"] == "hb_phuong_lam")
            .unwrap();
        commune["parent"] = "tp_khong_co".into();
    });
    let f = f.to_str().unwrap();
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&parindex(&["score", "-f", "json", f]))).unwrap();
    let warned: Vec<(String, Vec<String>)> = json["units"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|u| !warnings_of(u).is_empty())
        .map(|u| {
            let codes = warnings_of(u)
                .iter()
                .map(|w| w["code"].as_str().unwrap().to_string());
            (u["id"].as_str().unwrap().to_string(), codes.collect())
        })
        .collect();
    let total = warned
        .iter()
        .fold(0usize, |n, (_, c)| n.checked_add(c.len()).unwrap());
    let has = |id: &str, code: &str| {
        warned
            .iter()
            .any(|(u, c)| u == id && c.iter().any(|x| x == code))
    };
    assert!(has("so_noi_vu", "input.normalized_outlier"), "{warned:?}");
    assert!(has("so_tu_phap", "input.normalized_outlier"), "{warned:?}");
    assert!(
        has("hb_phuong_lam", "input.parent_not_in_batch"),
        "{warned:?}"
    );
    let count = format!("cảnh báo: {total} cảnh báo");
    for cmd in ["rank", "score"] {
        // Table: every warned unit marked, every warning under the table.
        let o = parindex(&[cmd, f]);
        assert_eq!(o.status.code(), Some(0), "{cmd}: {}", stderr(&o));
        let out = stdout(&o);
        let (table, notes) = out.split_once("\nCảnh báo").unwrap();
        let marked = table.lines().filter(|l| l.contains(" [")).count();
        assert_eq!(marked, warned.len(), "{cmd}: {table}");
        for (id, codes) in &warned {
            assert!(notes.contains(&format!("({id})")), "{cmd} {id}: {notes}");
            for c in codes {
                assert!(notes.contains(&format!("[{c}]")), "{cmd} {id} {c}");
            }
        }
        assert!(stderr(&o).contains(&count), "{cmd}: {}", stderr(&o));
        // CSV: each warned unit's `warnings` cell holds its codes; the others are empty.
        let o = parindex(&[cmd, "-f", "csv", f]);
        assert_eq!(o.status.code(), Some(0));
        for r in records(&stdout(&o)) {
            match warned.iter().find(|(id, _)| *id == r["id"]) {
                Some((_, codes)) => {
                    assert_eq!(r["warnings"].lines().count(), codes.len(), "{r:?}");
                    assert!(codes.iter().all(|c| r["warnings"].contains(c.as_str())));
                }
                None => assert_eq!(r["warnings"], "", "{r:?}"),
            }
        }
        assert!(stderr(&o).contains(&count), "{cmd}: {}", stderr(&o));
        // JSON: `score` gives each unit's warnings; `rank` lists the units warned.
        let o = parindex(&[cmd, "-f", "json", f]);
        assert_eq!(o.status.code(), Some(0));
        let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
        let listed = if cmd == "rank" {
            &v["warnings"]
        } else {
            &v["units"]
        };
        let listed: Vec<&str> = listed
            .as_array()
            .unwrap()
            .iter()
            .filter(|u| !warnings_of(u).is_empty())
            .map(|u| u["id"].as_str().unwrap())
            .collect();
        let want: Vec<&str> = warned.iter().map(|(id, _)| id.as_str()).collect();
        assert_eq!(listed, want, "{cmd}");
        assert!(stderr(&o).contains(&count), "{cmd}: {}", stderr(&o));
        // `--strict`: exit code 1 in every format, the output still written.
        for format in ["table", "csv", "json"] {
            let o = parindex(&[cmd, "--strict", "-f", format, f]);
            assert_eq!(o.status.code(), Some(1), "{cmd} {format}");
            assert!(!stdout(&o).is_empty());
            assert!(stderr(&o).contains(&format!("lỗi: {total} cảnh báo")));
        }
    }
    // `explain`: the commune's warning in the table, the CSV and the JSON.
    let code = "input.parent_not_in_batch";
    for format in ["table", "csv", "json"] {
        let o = parindex(&["explain", "-u", "hb_phuong_lam", "-f", format, f]);
        assert_eq!(o.status.code(), Some(0), "{format}");
        assert!(stdout(&o).contains(code), "{format}: {}", stdout(&o));
        assert!(stderr(&o).contains("cảnh báo: 1 cảnh báo"), "{format}");
        let o = parindex(&[
            "explain",
            "-u",
            "hb_phuong_lam",
            "--strict",
            "-f",
            format,
            f,
        ]);
        assert_eq!(o.status.code(), Some(1), "{format}");
    }
}

/// Issue 23, items 9 and 10, as `explain` shows them: a capped criterion (S2: the group's
/// maximum counts it at its cap) with its cap and the points cut, and the C7 weighted rate
/// computed once (S9), in Vietnamese and in English.
#[test]
fn explain_shows_a_parent_cap_with_the_points_cut_and_the_weighted_rate_s2_c7() {
    let case = |name: &str, file: &str| {
        format!(
            "{}/../fixtures/conformance/{name}/{file}",
            env!("CARGO_MANIFEST_DIR")
        )
    };
    let (rs, input) = (
        case("s2-parent-cap-below-children-sum", "ruleset.json"),
        case("s2-parent-cap-below-children-sum", "input.json"),
    );
    let vi = stdout(&parindex(&["explain", "-u", "u1", "-r", &rs, &input]));
    assert!(
        vi.contains("Tổng điểm các tiêu chí [không quá 7 điểm: tổng 7.50 → 7.00, cắt 0.50 điểm]"),
        "{vi}"
    );
    let en = stdout(&parindex(&[
        "explain", "-u", "u1", "--lang", "en", "-r", &rs, &input,
    ]));
    assert!(
        en.contains("Sum of the criteria [capped at 7: sum 7.50 → 7.00, 0.50 points cut]"),
        "{en}"
    );
    let (rs, input) = (
        case("c7-s9-weighted-rate-rounded-once", "ruleset.json"),
        case("c7-s9-weighted-rate-rounded-once", "input.json"),
    );
    let en = stdout(&parindex(&[
        "explain", "-u", "u1", "--lang", "en", "-r", &rs, &input,
    ]));
    assert!(
        en.contains("Weighted rate 62.50% = (Đã xử lý 4×1 + Đang xử lý 7×0.5) / (12×1), times 1"),
        "{en}"
    );
    assert!(!en.contains("da_xu_ly"), "{en}");
}

/// Where each criterion comes from, as `explain` shows it to an officer: the provenance's label
/// in the output's language (`dựng lại (chờ phụ lục)`), never the JSON value (`reconstructed`),
/// which the CSV and JSON keep.
#[test]
fn explain_shows_the_provenance_in_the_officers_words() {
    let vi = stdout(&parindex(&["explain", "-u", "so_noi_vu"]));
    assert!(vi.contains("dựng lại (chờ phụ lục)"), "{vi}");
    assert!(!vi.contains("reconstructed"), "{vi}");
    let en = stdout(&parindex(&["explain", "-u", "so_noi_vu", "--lang", "en"]));
    assert!(en.contains("reconstructed (awaiting the annex)"), "{en}");
    let csv = stdout(&parindex(&["explain", "-u", "so_noi_vu", "-f", "csv"]));
    assert!(csv.contains(",reconstructed,"), "{csv}");
    assert!(!csv.contains("(chờ phụ lục)"), "{csv}");
}

/// C1, C8 as `explain` shows them to an officer: the option chosen and the deductions taken by
/// their labels, never by the rule set's ids (`cham`, `bao_cao_tre_han`).
#[test]
fn explain_names_the_option_chosen_and_the_deductions_by_their_labels_c1_c8() {
    let vi = stdout(&parindex(&["explain", "-u", "so_tnmt"]));
    assert!(
        vi.contains("Trừ điểm từ 1: − 2×0.25 (Mỗi báo cáo gửi trễ hạn) − 1×0.5 (Mỗi báo cáo quý"),
        "{vi}"
    );
    assert!(
        vi.contains("Phương án đã chọn: Còn sai sót về quy trình hoặc thời hạn"),
        "{vi}"
    );
    for id in [
        "bao_cao_tre_han",
        "thieu_bao_cao_quy",
        "chua_dung",
        "dung_han",
    ] {
        assert!(!vi.contains(id), "{id}: {vi}");
    }
    let en = stdout(&parindex(&["explain", "-u", "so_xay_dung", "--lang", "en"]));
    assert!(en.contains("Option chosen: Issued late"), "{en}");
    assert!(!en.contains("`cham`"), "{en}");
}

/// S9 as published: components shown at two places, the total carrying them unrounded
/// (`rounding.shown_only`); `explain` shows both values of each that differ, in both languages.
#[test]
fn explain_shows_values_rounded_for_display_only_with_the_value_carried_s9() {
    let dir = format!(
        "{}/../fixtures/conformance/s9-component-rounding-shown-only-published-table",
        env!("CARGO_MANIFEST_DIR")
    );
    let (rs, input) = (format!("{dir}/ruleset.json"), format!("{dir}/input.json"));
    let vi = stdout(&parindex(&["explain", "-u", "so_x", "-r", &rs, &input]));
    assert!(vi.contains("chỉ số 88.56%"), "{vi}");
    assert!(
        vi.contains("survey: hiển thị 35.55 · cộng vào tổng 35.554"),
        "{vi}"
    );
    assert!(
        vi.contains("tổng: hiển thị 88.56 · cộng vào tổng 88.558"),
        "{vi}"
    );
    let en = stdout(&parindex(&[
        "explain", "-u", "so_x", "--lang", "en", "-r", &rs, &input,
    ]));
    assert!(en.contains("it: shown 3.00 · carried 3.004"), "{en}");
}

/// Issue 23, item 14 (S5): a valid rule set whose calendar is last year's is valid, but warned in
/// `validate` (every format), and the warning reaches every unit scored with it: the table's
/// footnotes, the CSV's `warnings` column, the count on stderr, and `--strict` fails on it.
#[test]
fn a_rule_sets_warnings_reach_validate_and_every_scoring_output_s5() {
    let mut v: serde_json::Value =
        serde_json::from_str(parindex::builtin::RULESETS[0].json).unwrap();
    for p in v["calendar"]["periods"].as_array_mut().unwrap() {
        if p["id"] == "announcement" {
            p["start"] = serde_json::json!("2018-12-18");
            p["end"] = serde_json::json!("2018-12-18");
        }
    }
    let rs = file("warned-ruleset.json", v.to_string().as_bytes());
    let rs = rs.to_str().unwrap();
    let o = parindex(&["validate", rs]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("hợp lệ") && out.contains("ruleset.calendar_year"),
        "{out}"
    );
    let o = parindex(&["validate", rs, "--format", "json"]);
    let j: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(j[0]["valid"], true);
    assert_eq!(j[0]["warnings"][0]["code"], "ruleset.calendar_year");
    let example = format!(
        "{}/../fixtures/example/hoabinh-2019.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let o = parindex(&["score", "-r", rs, &example]);
    assert!(o.status.success());
    assert!(
        stdout(&o).contains("ruleset.calendar_year"),
        "{}",
        stdout(&o)
    );
    let o = parindex(&["score", "-r", rs, &example, "--format", "csv"]);
    assert!(stdout(&o).contains("ruleset.calendar_year"));
    assert!(!stderr(&o).is_empty());
    let o = parindex(&["rank", "-r", rs, &example, "--strict"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
}

/// Every schema the core names is printed by `schema <name>`, the stored dossier's included; the
/// same text the core gives (`api::schema::named`).
#[test]
fn schema_prints_every_schema_the_core_names() {
    for name in parindex::api::schema::NAMES {
        let o = parindex(&["schema", name]);
        assert!(o.status.success(), "{name}: {}", stderr(&o));
        let printed: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
        assert_eq!(
            printed,
            parindex::api::schema::named(name).unwrap(),
            "{name}"
        );
    }
    let dossier = parindex::api::schema::named("dossier").unwrap();
    assert!(dossier["$defs"].get("DossierState").is_some(), "{dossier}");
    let e = parindex::api::schema::named("tables").unwrap_err();
    assert_eq!(e.code(), "not_found.schema");
}
