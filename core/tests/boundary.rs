//! The boundary of the engine: every JSON text it reads is checked against one set of limits
//! before it is parsed, keys written twice are found, a byte-order mark is skipped, and nothing is
//! guessed from a text's first character (issue 21: defects 5, 7, 9 and 10).

use parindex::api;
use parindex::api::UnitForm;
use parindex::builtin::{self, EXAMPLE_PROVINCE};
use parindex::workflow::{Act, Dossier};
use parindex::BatchOptions;
use parindex::{Error, Limits, RuleSet};

fn rs() -> RuleSet {
    builtin::ruleset(builtin::DEFAULT_RULESET).unwrap()
}

fn code_path(e: &Error) -> (&str, &str) {
    (e.code(), e.path())
}

/// The first `n` units of the example province (all of them for `usize::MAX`).
fn example_units(n: usize) -> Vec<serde_json::Value> {
    let v: serde_json::Value = serde_json::from_str(EXAMPLE_PROVINCE).unwrap();
    let all = v["units"].as_array().unwrap();
    all[..n.min(all.len())].to_vec()
}

fn batch_text(units: &[String]) -> String {
    format!(r#"{{"format_version": 1, "units": [{}]}}"#, units.join(","))
}

/// Defect 5 of issue 21: a number literal with a huge exponent (or thousands of digits) is refused
/// by a limit, with its path, in every kind of JSON text the engine reads, before anything
/// converts it; the message quotes only a short excerpt.
#[test]
fn huge_number_literals_are_refused_by_a_limit_in_every_text() {
    let rs = rs();
    let huge = "1E+999999999";
    let digits = format!("1{}", "0".repeat(10_000));
    for (lit, code) in [
        (huge, "limits.exponent_too_large"),
        (digits.as_str(), "limits.number_too_long"),
    ] {
        let unit = format!(
            r#"{{"id": "a", "name": "A", "group": "department", "items": {{"1.1.2": {{"percentage": {lit}}}}}}}"#
        );
        let e = rs
            .score_json(&batch_text(std::slice::from_ref(&unit)))
            .unwrap_err();
        assert_eq!(
            code_path(&e),
            (code, r#"$.units[0].items["1.1.2"].percentage"#)
        );
        assert_eq!(e.kind(), "limits");
        assert!(e.to_string().len() < 300, "{e}");
        let e = api::score_one(&rs, &unit).unwrap_err();
        assert_eq!(code_path(&e), (code, r#"$.items["1.1.2"].percentage"#));
        let e = rs.explain(&batch_text(&[unit]), "a").unwrap_err();
        assert_eq!(e.code(), code);
        // An item given to a form, at the item's path.
        let mut form =
            UnitForm::from_json(&rs, r#"{"id": "a", "name": "A", "group": "department"}"#).unwrap();
        let e = form
            .set_json("1.1.2", &format!(r#"{{"percentage": {lit}}}"#))
            .unwrap_err();
        assert_eq!(code_path(&e), (code, r#"$.items["1.1.2"].percentage"#));
        // A workflow act.
        let e = parindex::workflow::read_json_text::<Act>(
            "act",
            &format!(r#"{{"kind": "appraise", "code": "1.1", "points": {lit}}}"#),
            &Limits::DEFAULT,
        )
        .unwrap_err();
        assert_eq!(code_path(&e), (code, "$.act.points"));
        // A rule set.
        let ruleset = rs.to_json().replacen(
            r#""format_version": 1"#,
            &format!(r#""format_version": {lit}"#),
            1,
        );
        let e = RuleSet::from_json(&ruleset).unwrap_err();
        assert_eq!(code_path(&e), (code, "$.format_version"));
        assert_eq!(api::validate_ruleset(&ruleset)[0].code, code);
        // A stored dossier.
        let d = Dossier::open(&rs, "so_x", "Sở X", "department", None).unwrap();
        let stored = d.to_json().replacen('{', &format!(r#"{{"x": {lit},"#), 1);
        let e = Dossier::from_json(&rs, &stored).unwrap_err();
        assert_eq!(code_path(&e), (code, "$.x"));
    }
}

/// One `Limits` value, raised or lowered by the caller, is what every entry point applies.
#[test]
fn the_limits_given_are_the_limits_applied() {
    let rs = rs();
    let n = example_units(usize::MAX).len();
    let within = |l: Limits| BatchOptions {
        keep_nodes: false,
        limits: l,
    };
    let few = Limits {
        max_units: n - 1,
        ..Limits::DEFAULT
    };
    let e = rs
        .score_json_with(EXAMPLE_PROVINCE, within(few))
        .unwrap_err();
    assert_eq!(code_path(&e), ("limits.too_many_units", "$.units"));
    let e = parindex::api::explain_within(&rs, EXAMPLE_PROVINCE, "so_noi_vu", &few).unwrap_err();
    assert_eq!(e.code(), "limits.too_many_units");
    let exact = Limits {
        max_units: n,
        ..Limits::DEFAULT
    };
    let r = rs.score_json_with(EXAMPLE_PROVINCE, within(exact)).unwrap();
    assert_eq!(r.units.len(), n);

    let small = Limits {
        max_input_bytes: 1000,
        ..Limits::DEFAULT
    };
    let e = rs
        .score_json_with(EXAMPLE_PROVINCE, within(small))
        .unwrap_err();
    assert_eq!(code_path(&e), ("limits.input_too_large", "$"));
    let e = RuleSet::from_json_within(&rs.to_json(), &small).unwrap_err();
    assert_eq!(e.code(), "limits.input_too_large");

    let nodes = Limits {
        max_nodes: 10,
        ..Limits::DEFAULT
    };
    let e = RuleSet::from_json_within(&rs.to_json(), &nodes).unwrap_err();
    assert_eq!(e.code(), "limits.too_many_nodes");
    assert!(e.path().starts_with("$.levels[0].nodes["), "{}", e.path());
    // validate lists every problem of a rule set it reads; one beyond a limit is not read at all.
    assert_eq!(
        api::validate_ruleset_within(&rs.to_json(), &nodes)
            .unwrap_err()
            .code(),
        "limits.too_many_nodes"
    );
    assert_eq!(
        api::validate_ruleset_within(&rs.to_json(), &Limits::DEFAULT).unwrap(),
        []
    );

    let short = Limits {
        max_string_bytes: 4,
        ..Limits::DEFAULT
    };
    let unit = r#"{"id": "a", "name": "Sở Nội vụ", "group": "department"}"#;
    let e = api::read_unit_within(unit, &short).unwrap_err();
    assert_eq!(code_path(&e), ("limits.string_too_long", "$.name"));
    let e = UnitForm::from_json_within(&rs, unit, &short).unwrap_err();
    assert_eq!(e.code(), "limits.string_too_long");

    let shallow = Limits {
        max_depth: 2,
        ..Limits::DEFAULT
    };
    let e = api::read_unit_within(
        r#"{"id": "a", "name": "A", "group": "department", "items": {"1.1.2": {"percentage": "1"}}}"#,
        &shallow,
    )
    .unwrap_err();
    assert_eq!(code_path(&e), ("limits.too_deep", r#"$.items["1.1.2"]"#));
}

/// Defect 9 of issue 21 (first part): a key written twice in a unit refuses that unit, with the
/// key's path; the other units are scored as if it were absent.
#[test]
fn a_key_written_twice_refuses_only_the_unit_holding_it() {
    let rs = rs();
    let units: Vec<String> = example_units(4).iter().map(|u| u.to_string()).collect();
    let mut twice = units.clone();
    twice[2] = units[2].replacen(r#""group":"#, r#""group":"district","group":"#, 1);
    assert_ne!(twice[2], units[2]);
    let r = rs.score_json(&batch_text(&twice)).unwrap();
    assert_eq!(r.errors.len(), 1);
    let e = &r.errors[0];
    assert_eq!(e.index, 2);
    assert_eq!(e.id.as_deref(), example_units(4)[2]["id"].as_str());
    let got: Vec<(&str, &str)> = (e.errors.iter())
        .map(|i| (i.code.as_str(), i.path.as_str()))
        .collect();
    assert_eq!(got, [("input.duplicate_key", "$.units[2].group")]);
    // The others are scored exactly as in the batch without the refused unit.
    let mut without = units.clone();
    without.remove(2);
    let alone = rs.score_json(&batch_text(&without)).unwrap();
    assert_eq!(r.units, alone.units);
    assert_eq!(r.ranking, alone.ranking);

    // In an item of a unit, at any depth.
    let mut deep = units.clone();
    deep[1] = units[1].replacen(
        r#""items":{"#,
        r#""items":{"9.9":{"met":true,"met":false},"#,
        1,
    );
    let r = rs.score_json(&batch_text(&deep)).unwrap();
    assert_eq!(r.errors[0].index, 1);
    assert!(
        (r.errors[0].errors.iter())
            .any(|i| i.code == "input.duplicate_key" && i.path == r#"$.units[1].items["9.9"].met"#),
        "{:?}",
        r.errors
    );

    // In the envelope, the batch is refused; a unit on its own is refused.
    let envelope = batch_text(&units).replacen('{', r#"{"title": "a", "title": "b","#, 1);
    let e = rs.score_json(&envelope).unwrap_err();
    assert_eq!(code_path(&e), ("input.duplicate_key", "$.title"));
    let e = api::score_one(&rs, &twice[2]).unwrap_err();
    assert_eq!(code_path(&e), ("input.duplicate_key", "$.group"));
}

/// Defect 9 of issue 21 (first part), rule sets: a key written twice is a problem of the rule
/// set, listed with the others.
#[test]
fn a_key_written_twice_in_a_rule_set_is_listed_with_its_problems() {
    let text = rs()
        .to_json()
        .replacen(r#""id": "#, r#""id": "x", "id": "#, 1);
    let e = RuleSet::from_json(&text).unwrap_err();
    assert_eq!(e.kind(), "ruleset");
    assert_eq!(code_path(&e), ("ruleset.duplicate_key", "$.id"));
    let with_another = text.replacen(
        r#""format_version": 1"#,
        r#""format_version": 1, "colour": 1"#,
        1,
    );
    let codes: Vec<String> = api::validate_ruleset(&with_another)
        .into_iter()
        .map(|i| i.code)
        .collect();
    assert_eq!(codes, ["ruleset.duplicate_key", "ruleset.unknown_field"]);
}

/// Defect 7 of issue 21, in the core: nothing is guessed from a text's first character.
#[test]
fn rule_set_text_is_never_guessed_from_its_first_character() {
    let rs = rs();
    assert_eq!(
        api::load_ruleset(builtin::DEFAULT_RULESET)
            .unwrap()
            .sha256(),
        rs.sha256()
    );
    // Spaces around an id (a line read from a file) are not part of it.
    let id = format!(" {}\n", builtin::DEFAULT_RULESET);
    assert_eq!(api::load_ruleset(&id).unwrap().sha256(), rs.sha256());
    let text = rs.to_json();
    assert_eq!(api::load_ruleset(&text).unwrap().sha256(), rs.sha256());
    // JSON text with a byte-order mark or leading space is JSON text.
    assert_eq!(
        api::load_ruleset(&format!("\u{feff}{text}"))
            .unwrap()
            .sha256(),
        rs.sha256()
    );
    for (given, code) in [
        (" []", "ruleset.not_an_object"),
        ("\n[1, 2]", "ruleset.not_an_object"),
        ("// a comment\n{}", "ruleset.json_syntax"),
        ("hoabinh-1440-2020", "ruleset.json_syntax"),
    ] {
        let e = api::load_ruleset(given).unwrap_err();
        assert_eq!(e.code(), code, "{given}");
    }
    // Neither JSON nor a built-in id: the message lists the built-in ids, in either language
    // (the Vietnamese one ended in English).
    let e = api::load_ruleset("hoabinh-1440-2020").unwrap_err();
    let issue = &e.issues()[0];
    assert_eq!(issue.key(), "ruleset.json_syntax:not_builtin");
    let vi = &issue.message;
    assert!(vi.starts_with("bộ chỉ số không phải JSON hợp lệ: "), "{vi}");
    assert!(
        vi.ends_with(&format!(
            "; cũng không phải mã của một bộ chỉ số có sẵn ({})",
            builtin::ids().join(", ")
        )),
        "{vi}"
    );
    assert!(!vi.contains("built-in"), "{vi}");
    let en = issue.message_in(parindex::Lang::En);
    assert!(en.starts_with("not valid JSON: "), "{en}");
    assert!(
        en.ends_with(&format!(
            " (nor is it a built-in rule set: {})",
            builtin::ids().join(", ")
        )),
        "{en}"
    );
}

/// Defect 10 of issue 21: a top-level array is not a rule set, said in the user's terms.
#[test]
fn a_rule_set_that_is_not_an_object_says_it_must_be_one() {
    for text in ["[]", "\"hoabinh\"", "1", "null"] {
        let e = RuleSet::from_json(text).unwrap_err();
        assert_eq!(code_path(&e), ("ruleset.not_an_object", "$"), "{text}");
        let m = &e.issues()[0].message;
        assert!(m.contains("phải là một đối tượng JSON"), "{m}");
        let m = e.issues()[0].message_in(parindex::Lang::En);
        assert!(m.contains("must be a JSON object"), "{m}");
        assert!(!m.contains("struct") && !m.contains("RuleSetDef"), "{m}");
    }
}

/// Defect 10 of issue 21: `format_version: "1"` (a string) is told apart from the number 1, in
/// rule sets and batches.
#[test]
fn a_format_version_written_as_a_string_says_so() {
    parindex::set_lang(parindex::Lang::En);
    let rs = rs();
    let e = rs
        .score_json(r#"{"format_version": "1", "units": []}"#)
        .unwrap_err();
    assert_eq!(
        code_path(&e),
        ("input.unsupported_version", "$.format_version")
    );
    let m = &e.issues()[0].message;
    assert!(
        m.contains(r#"the string "1""#) && m.contains("without quotes"),
        "{m}"
    );
    let text = rs
        .to_json()
        .replacen(r#""format_version": 1"#, r#""format_version": "1""#, 1);
    let e = RuleSet::from_json(&text).unwrap_err();
    assert_eq!(
        code_path(&e),
        ("ruleset.unsupported_version", "$.format_version")
    );
    assert!(e.issues()[0].message.contains(r#"the string "1""#), "{e}");
    // Another number is another version; another type is named.
    let e = rs
        .score_json(r#"{"format_version": 2, "units": []}"#)
        .unwrap_err();
    assert!(
        e.issues()[0]
            .message
            .contains("version `2` is not supported"),
        "{e}"
    );
    let e = rs
        .score_json(r#"{"format_version": [1], "units": []}"#)
        .unwrap_err();
    assert!(e.issues()[0].message.contains("not an array"), "{e}");
}

/// A byte-order mark before JSON text is skipped in every text, and the receipt hashes the text
/// as received.
#[test]
fn a_byte_order_mark_is_skipped_and_the_text_hashed_as_received() {
    let rs = rs();
    let with_bom = format!("\u{feff}{EXAMPLE_PROVINCE}");
    let plain = rs.score_json(EXAMPLE_PROVINCE).unwrap();
    let marked = rs.score_json(&with_bom).unwrap();
    assert_eq!(marked.units, plain.units);
    assert_eq!(marked.ranking, plain.ranking);
    use sha2::Digest;
    let want = sha2::Sha256::digest(with_bom.as_bytes());
    let want: String = want.iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(marked.receipt.inputs_sha256, want);
    assert_ne!(marked.receipt.inputs_sha256, plain.receipt.inputs_sha256);
    let unit = example_units(1)[0].to_string();
    assert_eq!(
        api::score_one(&rs, &format!("\u{feff}{unit}")).unwrap(),
        api::score_one(&rs, &unit).unwrap()
    );
    assert!(RuleSet::from_json(&format!("\u{feff}{}", rs.to_json())).is_ok());
}
