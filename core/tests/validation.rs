//! Validation reports every problem at once, each with a stable code and a JSON path.

mod common;
use common::*;
use serde_json::json;

fn issues(v: &serde_json::Value) -> Vec<(String, String)> {
    match parindex::RuleSet::from_value(v) {
        Ok(_) => vec![],
        Err(e) => e
            .issues()
            .iter()
            .map(|i| (i.code.clone(), i.path.clone()))
            .collect(),
    }
}

#[test]
fn the_broken_fixture_lists_shape_problems_node_by_node() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../fixtures/broken/ruleset-broken.json"
    ))
    .unwrap();
    let e = parindex::RuleSet::from_json(&text).unwrap_err();
    assert_eq!(e.kind(), "ruleset");
    let got: Vec<(&str, &str)> = e
        .issues()
        .iter()
        .map(|i| (i.code.as_str(), i.path.as_str()))
        .collect();
    // Shape problems come first and all of them: an unknown provenance, an unknown rule kind, an
    // unknown top-level field.
    assert!(
        got.contains(&(
            "ruleset.unknown_variant",
            "$.levels[0].nodes[1].children[1].source"
        )),
        "{got:?}"
    );
    assert!(
        got.contains(&(
            "ruleset.unknown_variant",
            "$.levels[0].nodes[1].children[1].rule.kind"
        )),
        "{got:?}"
    );
    assert!(
        got.contains(&("ruleset.unknown_field", "$.colour")),
        "{got:?}"
    );
}

/// The coherence problems of fixtures/broken/ruleset-broken.json that do not depend on its node
/// 2.2 (the node with the wrong rule kind and provenance), with their paths.
const BROKEN_COHERENCE: &[(&str, &str)] = &[
    ("ruleset.bad_date", "$.decision.date"),
    ("ruleset.unknown_level", "$.groups[1].level"),
    // Classification bands: nothing covers 0–50 (before band 1) nor 70–80 (before band 0).
    ("ruleset.band_gap", "$.bands[1]"),
    ("ruleset.band_gap", "$.bands[0]"),
    (
        "ruleset.duplicate_code",
        "$.levels[0].nodes[0].children[1].code",
    ),
    (
        "ruleset.points_above_max",
        "$.levels[0].nodes[0].children[0].rule.options[0].points",
    ),
    ("ruleset.children_sum", "$.levels[0].nodes[0].max_points"),
    (
        "ruleset.band_overlap",
        "$.levels[0].nodes[1].children[0].rule.bands[1]",
    ),
    (
        "ruleset.band_gap",
        "$.levels[0].nodes[1].children[0].rule.bands[0]",
    ),
];

#[test]
fn coherence_problems_are_all_reported_with_paths() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../fixtures/broken/ruleset-broken.json"
    ))
    .unwrap();
    // Fix the shape problems so that coherence is checked.
    let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
    v.as_object_mut().unwrap().remove("colour");
    v["levels"][0]["nodes"][1]["children"][1] = json!({"code": "2.2", "label": {"vi": "Một cửa"}, "max_points": "1", "source": "reconstructed", "rule": {"kind": "met"}});
    let got = issues(&v);
    let mut want = BROKEN_COHERENCE.to_vec();
    want.extend([
        ("ruleset.children_sum", "$.levels[0].nodes[1].max_points"),
        ("ruleset.group_max", "$.groups[0].max_points"),
    ]);
    for &w in &want {
        assert!(
            got.iter().any(|(c, p)| c == w.0 && p == w.1),
            "missing {w:?} in {got:#?}"
        );
    }
    assert_eq!(got.len(), want.len(), "{got:#?}");
}

#[test]
fn a_valid_rule_set_passes_and_bands_must_cover_0_to_100_exactly_once() {
    let v = ruleset_json(
        json!([{"code": "1", "label": {"vi": "A"}, "max_points": "1", "source": "reconstructed", "rule": {"kind": "met"}}]),
        json!([{"id": "g", "level": "l", "label": {"vi": "G"}, "max_points": "1"}]),
        json!([]),
    );
    assert!(issues(&v).is_empty());
    let with_bands = |bands: serde_json::Value| {
        let mut v = v.clone();
        v["levels"][0]["nodes"][0]["rule"] = json!({"kind": "bands", "bands": bands});
        issues(&v).into_iter().map(|x| x.0).collect::<Vec<_>>()
    };
    // Both bounds inclusive at 50: overlap.
    assert_eq!(
        with_bands(json!([
        {"min": "0", "max": "50", "max_inclusive": true, "points": "0"},
        {"min": "50", "max": "100", "max_inclusive": true, "points": "1"}])),
        ["ruleset.band_overlap"]
    );
    // Neither bound includes 50: a gap.
    assert_eq!(
        with_bands(json!([
        {"min": "0", "max": "50", "points": "0"},
        {"min": "50", "min_inclusive": false, "max": "100", "max_inclusive": true, "points": "1"}])),
        ["ruleset.band_gap"]
    );
    // 100 not covered.
    assert_eq!(
        with_bands(json!([{"min": "0", "max": "100", "points": "1"}])),
        ["ruleset.band_gap"]
    );
    assert_eq!(
        with_bands(json!([{"min": "0", "max": "120", "points": "1"}])),
        ["ruleset.band_range"]
    );
    assert!(with_bands(json!([
        {"min": "0", "max": "50", "points": "0"},
        {"min": "50", "max": "100", "max_inclusive": true, "points": "1"}]))
    .is_empty());
}

#[test]
fn unsupported_versions_and_json_syntax_are_named() {
    let e = parindex::RuleSet::from_json(r#"{"format_version": 2}"#).unwrap_err();
    assert_eq!(
        (e.code(), e.path()),
        ("ruleset.unsupported_version", "$.format_version")
    );
    let e = parindex::RuleSet::from_json("{ not json").unwrap_err();
    assert_eq!(e.code(), "ruleset.json_syntax");
}

#[test]
fn dangling_references_are_reported() {
    let mut v = ruleset_json(
        json!([{"code": "1", "label": {"vi": "A"}, "max_points": "1", "source": "reconstructed", "rule": {"kind": "met"}, "groups": ["nobody"], "appraiser": "so_x"}]),
        json!([{"id": "g", "level": "l", "label": {"vi": "G"}, "max_points": "1"}]),
        json!([{"id": "it", "label": {"vi": "CNTT"}, "kind": "external"}]),
    );
    v["ranking"] = json!({"tie_breakers": [{"by": "component", "id": "survey"}, {"by": "field", "code": "9"}]});
    let got = issues(&v);
    for w in [
        ("ruleset.unknown_group", "$.levels[0].nodes[0].groups[0]"),
        ("ruleset.unknown_member", "$.levels[0].nodes[0].appraiser"),
        (
            "ruleset.component_max",
            "$.levels[0].components[1].max_points",
        ),
        ("ruleset.unknown_component", "$.ranking.tie_breakers[0].id"),
        ("ruleset.unknown_code", "$.ranking.tie_breakers[1].code"),
        ("ruleset.group_max", "$.groups[0].max_points"),
    ] {
        assert!(
            got.iter().any(|(c, p)| c == w.0 && p == w.1),
            "missing {w:?} in {got:#?}"
        );
    }
}

/// Regression (issue 21, defect 6): serde reads a struct from the array of its fields' values, so
/// a rule set's `rounding`, a group or a label written as an array was read as if it were the
/// object. Every object of the built-in rule set written in turn as the array of its values is
/// refused with `ruleset.not_an_object` at its own path.
#[test]
fn an_array_where_a_rule_set_object_belongs_is_refused_at_its_path() {
    let text = parindex::builtin::RULESETS[0].json;
    let v: serde_json::Value = serde_json::from_str(text).unwrap();
    let positions = object_positions(&v);
    assert!(positions.len() > 500, "{}", positions.len());
    for (path, ptr) in positions {
        let got = issues(&as_array_at(&v, &ptr));
        assert!(
            got.iter()
                .any(|(c, p)| c == "ruleset.not_an_object" && *p == path),
            "{path}: {got:?}"
        );
    }
}

/// Issue 23, item 13: validation in one pass. `year`, `status` and `rounding` all missing are
/// reported together (the typed reader stops at the first), with every missing field of the
/// nested objects (a node's `label` and `source`, the rounding's `stages`) and every unknown
/// field, each with its code and path, beside the other shape problems.
#[test]
fn every_missing_and_unknown_field_is_reported_at_once() {
    let mut v = ruleset_json(
        json!([{"code": "1", "label": {"vi": "Lĩnh vực"}, "max_points": "1", "source": "reconstructed", "children": [
            {"code": "1.1", "max_points": "1", "rule": {"kind": "met", "colour": "red"}, "weight": "2"},
            {"code": "1.2", "label": {}, "max_points": "1", "source": "reconstructed", "rule": {"kind": "choice"}},
            {"code": "1.3", "label": {"vi": "Tiêu chí"}, "max_points": "x", "source": "reconstructed", "rule": {"kind": "met"}}
        ]}]),
        json!([{"id": "g", "level": "l", "label": {"vi": "Nhóm"}, "max_points": "1"}]),
        json!([]),
    );
    let obj = v.as_object_mut().unwrap();
    for k in ["year", "status", "rounding"] {
        obj.remove(k);
    }
    obj.insert(
        "decision".into(),
        json!({"date": "2018-06-19", "numero": "1"}),
    );
    let got = issues(&v);
    let want = [
        ("ruleset.missing_field", "$", "`year`"),
        ("ruleset.missing_field", "$", "`status`"),
        ("ruleset.missing_field", "$", "`rounding`"),
        ("ruleset.missing_field", "$.decision", "`number`"),
        ("ruleset.unknown_field", "$.decision.numero", "`numero`"),
        (
            "ruleset.missing_field",
            "$.levels[0].nodes[0].children[0]",
            "`label`",
        ),
        (
            "ruleset.missing_field",
            "$.levels[0].nodes[0].children[0]",
            "`source`",
        ),
        (
            "ruleset.unknown_field",
            "$.levels[0].nodes[0].children[0].rule.colour",
            "`colour`",
        ),
        (
            "ruleset.unknown_field",
            "$.levels[0].nodes[0].children[0].weight",
            "`weight`",
        ),
        (
            "ruleset.missing_field",
            "$.levels[0].nodes[0].children[1].label",
            "`vi`",
        ),
        (
            "ruleset.missing_field",
            "$.levels[0].nodes[0].children[1].rule",
            "`options`",
        ),
    ];
    let e = parindex::RuleSet::from_value(&v).unwrap_err();
    for (code, path, field) in want {
        assert!(
            e.issues()
                .iter()
                .any(|i| i.code == code && i.path == path && i.message.contains(field)),
            "{code} {path} {field}: {got:#?}"
        );
    }
    // The other shape problems are still reported: a decimal that is not one.
    assert!(
        got.iter().any(|(c, p)| c == "ruleset.not_a_decimal"
            && p == "$.levels[0].nodes[0].children[2].max_points"),
        "{got:#?}"
    );
    // Each problem once.
    let all: Vec<(&str, &str, &str)> = (e.issues().iter())
        .map(|i| (i.code.as_str(), i.path.as_str(), i.message.as_str()))
        .collect();
    let mut unique = all.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), all.len(), "{all:#?}");
}

/// Issue 23, item 14: a valid rule set can still be warned of what the 2019 guidance makes likely
/// a slip, each with its code and path, and every unit scored with it carries the warnings (so
/// that every output shows them). The built-in rule set has none.
#[test]
fn s2_s4_s5_a_valid_rule_set_is_warned_of_its_years_forms_and_members() {
    let builtin = parindex::RuleSet::builtin(parindex::builtin::DEFAULT_RULESET).unwrap();
    assert!(builtin.warnings().is_empty(), "{:?}", builtin.warnings());
    let mut v: serde_json::Value =
        serde_json::from_str(parindex::builtin::RULESETS[0].json).unwrap();
    // Last year's calendar copied (S5: "trước ngày 18/11/2019"): the self-assessment period of
    // 2018 in a 2019 rule set.
    let periods = v["calendar"]["periods"].as_array_mut().unwrap();
    let sa = periods
        .iter()
        .position(|p| p["id"] == "self_assessment")
        .unwrap();
    periods[sa]["start"] = json!("2018-10-01");
    periods[sa]["end"] = json!("2018-11-17");
    // S2, S4: form 02 is the table of the four 52-point units; a 56 there is a slip.
    let groups = v["groups"].as_array_mut().unwrap();
    let g52 = groups
        .iter()
        .position(|g| g["id"] == "department_52")
        .unwrap();
    // Sở Ngoại vụ listed in the 56-point group too.
    let g56 = groups.iter().position(|g| g["id"] == "department").unwrap();
    groups[g56]["members"] = json!(["Sở Nội vụ", "sở  ngoại vụ"]);
    let rs = parindex::RuleSet::from_value(&v).unwrap_or_else(|e| panic!("{e}"));
    let got: Vec<(&str, String)> = (rs.warnings().iter())
        .map(|w| (w.code.as_str(), w.path.clone()))
        .collect();
    assert_eq!(
        got,
        [
            (
                "ruleset.calendar_year",
                format!("$.calendar.periods[{sa}].start")
            ),
            (
                "ruleset.calendar_year",
                format!("$.calendar.periods[{sa}].end")
            ),
            // Named where it is listed the second time.
            (
                "ruleset.member_in_two_groups",
                format!("$.groups[{g52}].members[3]")
            ),
        ]
    );
    // A form of two maxima in a rule set of another decision.
    let mut other = ruleset_json(
        json!([{"code": "1", "label": {"vi": "Lĩnh vực"}, "max_points": "2", "source": "reconstructed",
                "rule": {"kind": "manual"}, "groups": ["a"]},
               {"code": "2", "label": {"vi": "Lĩnh vực"}, "max_points": "2", "source": "reconstructed",
                "rule": {"kind": "manual"}}]),
        json!([{"id": "a", "level": "l", "label": {"vi": "A"}, "max_points": "4", "form": "02"},
               {"id": "b", "level": "l", "label": {"vi": "B"}, "max_points": "2", "form": "02"},
               {"id": "c", "level": "l", "label": {"vi": "C"}, "max_points": "2", "form": "03"}]),
        json!([]),
    );
    let rs2 = parindex::RuleSet::from_value(&other).unwrap_or_else(|e| panic!("{e}"));
    let got: Vec<(&str, &str)> = (rs2.warnings().iter())
        .map(|w| (w.code.as_str(), w.path.as_str()))
        .collect();
    assert_eq!(got, [("ruleset.form_max", "$.groups[1].max_points")]);
    // Decision 1440's own forms (S4): form 03 is the 56-point departments' table.
    other["decision"]["number"] = json!("1440/QĐ-UBND");
    let rs3 = parindex::RuleSet::from_value(&other).unwrap_or_else(|e| panic!("{e}"));
    let got: Vec<(&str, &str)> = (rs3.warnings().iter())
        .map(|w| (w.code.as_str(), w.path.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("ruleset.form_max", "$.groups[0].max_points"),
            ("ruleset.form_max", "$.groups[1].max_points"),
            ("ruleset.form_max", "$.groups[2].max_points")
        ]
    );

    // Every unit scored carries the rule set's warnings; Sở Ngoại vụ, listed in the 52-point group,
    // given the 56-point group by an input, is warned (S2) and scored as the input says.
    let mut example: serde_json::Value =
        serde_json::from_str(parindex::builtin::EXAMPLE_PROVINCE).unwrap();
    let units = example["units"].as_array_mut().unwrap();
    let nv = units
        .iter()
        .position(|u| u["name"] == "Sở Ngoại vụ")
        .unwrap();
    units[nv]["group"] = json!("department");
    let text = example.to_string();
    let r = builtin.score_json(&text).unwrap();
    let u = r.units.iter().find(|u| u.name == "Sở Ngoại vụ").unwrap();
    assert_eq!(u.group, "department");
    let w: Vec<(&str, &str)> = (u.warnings.iter())
        .map(|w| (w.code.as_str(), w.path.as_str()))
        .collect();
    assert!(
        w.contains(&("input.group_not_listed", &*format!("$.units[{nv}].group"))),
        "{w:?}"
    );
    assert!(u
        .warnings
        .iter()
        .any(|w| w.message.contains("department_52")));
    let others_warned = (r.units.iter())
        .filter(|x| x.name != "Sở Ngoại vụ")
        .any(|x| {
            x.warnings
                .iter()
                .any(|w| w.code == "input.group_not_listed")
        });
    assert!(!others_warned);
    let r = rs.score_json(&text).unwrap();
    assert!(r.units.iter().all(|u| u
        .warnings
        .iter()
        .filter(|w| w.code == "ruleset.calendar_year")
        .count()
        == 2));
}

/// (code, path) of every problem of `v`, checking that none is reported twice.
fn issues_once(v: &serde_json::Value) -> Vec<(String, String)> {
    let e = parindex::RuleSet::from_value(v).unwrap_err();
    let all: Vec<(&str, &str, &str)> = (e.issues().iter())
        .map(|i| (i.code.as_str(), i.path.as_str(), i.message.as_str()))
        .collect();
    let mut unique = all.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(
        unique.len(),
        all.len(),
        "a problem reported twice: {all:#?}"
    );
    issues(v)
}

/// Issue 23, item 13: shape problems no longer hide coherence problems. The broken fixture, as it
/// is, reports its shape problems (an unknown field, an unknown rule kind and provenance in node
/// 2.2) and, in the same pass, the coherence problems of everything else, with their paths. Only
/// what the node left out can have caused is not reported: the sum of its parent's children and
/// the group's maximum.
#[test]
fn item_13_shape_problems_do_not_hide_coherence_problems() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../fixtures/broken/ruleset-broken.json"
    ))
    .unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let got = issues_once(&v);
    let mut want = vec![
        ("ruleset.unknown_field", "$.colour"),
        (
            "ruleset.unknown_variant",
            "$.levels[0].nodes[1].children[1].rule.kind",
        ),
        (
            "ruleset.unknown_variant",
            "$.levels[0].nodes[1].children[1].source",
        ),
    ];
    want.extend_from_slice(BROKEN_COHERENCE);
    for &w in &want {
        assert!(
            got.iter().any(|(c, p)| c == w.0 && p == w.1),
            "missing {w:?} in {got:#?}"
        );
    }
    assert_eq!(got.len(), want.len(), "{got:#?}");
}

/// Issue 23, item 13: a rule set without `year` whose criterion 1 has sub-criteria worth more than
/// its maximum reports both at once, and the group maximum they break (S2) too (before: only the
/// missing `year`, then, once fixed, the sums).
#[test]
fn item_13_s2_a_missing_year_and_the_sums_are_reported_together() {
    let mut v = ruleset_json(
        json!([{"code": "1", "label": {"vi": "Lĩnh vực"}, "max_points": "1", "source": "reconstructed", "children": [
            {"code": "1.1", "label": {"vi": "A"}, "max_points": "1", "source": "reconstructed", "rule": {"kind": "met"}},
            {"code": "1.2", "label": {"vi": "B"}, "max_points": "1", "source": "reconstructed", "rule": {"kind": "met"}}
        ]}]),
        json!([{"id": "g", "level": "l", "label": {"vi": "Nhóm"}, "max_points": "1"}]),
        json!([]),
    );
    v.as_object_mut().unwrap().remove("year");
    assert_eq!(
        issues_once(&v),
        [
            ("ruleset.missing_field".to_string(), "$".to_string()),
            (
                "ruleset.children_sum".into(),
                "$.levels[0].nodes[0].max_points".into()
            ),
            ("ruleset.group_max".into(), "$.groups[0].max_points".into()),
        ]
    );
}

/// Issue 23, item 13: every wrong value of an object is reported, not only the first: a node's
/// maximum and minimum, a group's maximum and level, each at its path; and the coherence of the
/// rest is still checked (the classification bands leave 0–50 uncovered).
#[test]
fn item_13_every_wrong_value_of_an_object_is_reported() {
    let mut v = ruleset_json(
        json!([
            {"code": "1", "label": {"vi": "A"}, "max_points": "x", "min_points": "y", "source": "reconstructed", "rule": {"kind": "met"}},
            {"code": "2", "label": {"vi": "B"}, "max_points": "1", "source": "reconstructed", "rule": {"kind": "met"}}
        ]),
        json!([{"id": "g", "level": 5, "label": {"vi": "Nhóm"}, "max_points": "z"}]),
        json!([]),
    );
    v["bands"].as_array_mut().unwrap().pop();
    let got = issues_once(&v);
    for (code, path) in [
        ("ruleset.not_a_decimal", "$.levels[0].nodes[0].max_points"),
        ("ruleset.not_a_decimal", "$.levels[0].nodes[0].min_points"),
        ("ruleset.invalid_type", "$.groups[0].level"),
        ("ruleset.not_a_decimal", "$.groups[0].max_points"),
        ("ruleset.band_gap", "$.bands[1]"),
    ] {
        assert!(
            got.iter().any(|(c, p)| c == code && p == path),
            "missing {code} {path} in {got:#?}"
        );
    }
    // The group left out: no group maximum, no level without groups, no unknown group.
    assert_eq!(got.len(), 5, "{got:#?}");
}

/// A rule set's problems that every reader reports alike (a decimal, a JSON type) are born as
/// input issues and moved to the rule set's family (`ruleset.not_a_decimal`): each is written
/// again in the other language from the template it was born with (before, the registry had no
/// `ruleset.not_a_decimal`, and the message stayed in the language it was made in), and its kind
/// is the rule set's.
#[test]
fn a_rule_set_issue_born_as_an_input_issue_renders_in_both_languages() {
    let v = ruleset_json(
        json!([{"code": "1", "label": {"vi": "A"}, "max_points": "1,5", "source": "reconstructed", "rule": {"kind": "met"}}]),
        json!([{"id": "g", "level": true, "label": {"vi": "Nhóm"}, "max_points": "1.5"}]),
        json!([]),
    );
    let made_in = |lang| {
        let e = parindex::with_lang(lang, || parindex::RuleSet::from_json(&v.to_string()));
        let e = e.unwrap_err();
        e.issues().to_vec()
    };
    let (vi, en) = (made_in(parindex::Lang::Vi), made_in(parindex::Lang::En));
    let moved = |code: &str, path: &str| {
        let at = |all: &[parindex::Issue]| {
            let found = all.iter().find(|i| i.code == code && i.path == path);
            found
                .unwrap_or_else(|| panic!("no {code} at {path}: {all:#?}"))
                .clone()
        };
        (at(&vi), at(&en))
    };
    for (code, path) in [
        ("ruleset.decimal_comma", "$.levels[0].nodes[0].max_points"),
        ("ruleset.invalid_type", "$.groups[0].level"),
    ] {
        let (vi, en) = moved(code, path);
        assert_ne!(vi.message, en.message, "{code}");
        assert_eq!(vi.message_in(parindex::Lang::En), en.message, "{code}");
        assert_eq!(en.clone().localized(parindex::Lang::Vi).message, vi.message);
        assert_eq!(vi.kind(), Some(parindex::ErrorKind::RuleSet), "{code}");
    }
    let (vi, en) = moved("ruleset.decimal_comma", "$.levels[0].nodes[0].max_points");
    assert!(vi.message.contains("dấu phẩy"), "{}", vi.message);
    assert!(en.message.contains("comma"), "{}", en.message);
    // A problem moved by hand, as the rubric's workbook and the Python layer move theirs.
    let i = parindex::Issue::new("input.not_a_decimal", "$.x", &[("text", "\"x\"")]);
    let i = i.in_family("ruleset");
    assert_eq!(i.code, "ruleset.not_a_decimal");
    assert!(
        i.message.starts_with("không phải số thập phân"),
        "{}",
        i.message
    );
    let en = i.message_in(parindex::Lang::En);
    assert!(en.starts_with("not a decimal number: \"x\""), "{en}");
}

/// Issue 23, item 13: the coherence problems of the nodes after one left out keep the document's
/// paths (node 3 is `nodes[2]`, though the rule set read has it second), a parent whose
/// sub-criteria were all left out is not taken for a leaf without a rule, and nothing inside the
/// node left out is checked.
#[test]
fn item_13_paths_after_a_node_left_out_are_the_documents() {
    let v = ruleset_json(
        json!([
            {"code": "1", "label": {"vi": "A"}, "max_points": "1", "source": "reconstructed", "children": [
                {"code": "1.1", "max_points": "9", "source": "reconstructed", "rule": {"kind": "choice", "options": [{"id": "a", "label": {"vi": "Có"}, "points": "12"}]}}
            ]},
            {"code": "2", "label": {"vi": "B"}, "max_points": "1", "source": "reconstructed", "rule": {"kind": "met"}},
            {"code": "3", "label": {"vi": "C"}, "max_points": "2", "source": "reconstructed", "rule": {"kind": "bands", "bands": [
                {"min": "0", "max": "50", "points": "0"},
                {"min": "60", "max": "100", "max_inclusive": true, "points": "2"}
            ]}},
            {"code": "2", "label": {"vi": "D"}, "max_points": "1", "source": "reconstructed", "rule": {"kind": "met"}}
        ]),
        json!([{"id": "g", "level": "l", "label": {"vi": "Nhóm"}, "max_points": "5"}]),
        json!([]),
    );
    let got = issues_once(&v);
    assert_eq!(
        got,
        [
            (
                "ruleset.missing_field".to_string(),
                "$.levels[0].nodes[0].children[0]".to_string()
            ),
            (
                "ruleset.band_gap".into(),
                "$.levels[0].nodes[2].rule.bands[1]".into()
            ),
            (
                "ruleset.duplicate_code".into(),
                "$.levels[0].nodes[3].code".into()
            ),
        ]
    );
    let e = parindex::RuleSet::from_value(&v).unwrap_err();
    let dup = &e.issues()[2];
    assert_eq!(dup.params["first"], "$.levels[0].nodes[1]", "{dup}");
}

/// Issue 23, item 13: a node read without one of its fields, whose value was wrong (`capped`
/// written as text), is not summed as if the field were absent: its wrong value is reported, not
/// a children sum or a group maximum it does not break once the value is right (issue 23, item 9).
#[test]
fn item_13_a_node_read_without_a_wrong_field_is_not_summed() {
    let v = ruleset_json(
        json!([{"code": "1", "label": {"vi": "Lĩnh vực"}, "max_points": "1", "source": "reconstructed", "capped": "yes", "children": [
            {"code": "1.1", "label": {"vi": "A"}, "max_points": "1", "source": "reconstructed", "rule": {"kind": "met"}},
            {"code": "1.2", "label": {"vi": "B"}, "max_points": "1", "source": "reconstructed", "rule": {"kind": "met"}}
        ]}]),
        json!([{"id": "g", "level": "l", "label": {"vi": "Nhóm"}, "max_points": "1"}]),
        json!([]),
    );
    assert_eq!(
        issues_once(&v),
        [(
            "ruleset.invalid_type".to_string(),
            "$.levels[0].nodes[0].capped".to_string()
        )]
    );
}
