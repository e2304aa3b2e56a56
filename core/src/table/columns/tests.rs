use super::*;

#[test]
fn names_read_back_as_the_roles_they_name() {
    let roles = [
        Role::Id,
        Role::Synthetic,
        Role::Fact {
            code: "3.3.3".into(),
            fact: Fact::Numerator,
        },
        Role::Fact {
            code: "1.4.2".into(),
            fact: Fact::Outcome("da_xu_ly".into()),
        },
        Role::Fact {
            code: "1.2".into(),
            fact: Fact::Event("tre.han".into()),
        },
        Role::Entry {
            code: "2.1.2".into(),
            entry: Entry::SelfScore,
        },
        Role::Entry {
            code: "4.4".into(),
            entry: Entry::NotApplicable,
        },
        Role::Component {
            id: "survey".into(),
            percentage: true,
        },
        Role::Component {
            id: "it".into(),
            percentage: false,
        },
        Role::Adjustment {
            side: Side::Penalty,
            n: 12,
            reason: true,
        },
    ];
    for r in roles {
        assert_eq!(Role::parse(&r.name()), Some(r.clone()), "{}", r.name());
    }
    for bad in [
        "3.3.3.numerater",
        "3.3.3",
        "self:",
        "bonus:0.points",
        "bonus:01.points",
        "bonus:1.amount",
        "component:survey",
        ".met",
        "x:1.1",
    ] {
        assert_eq!(Role::parse(bad), None, "{bad}");
    }
}

#[test]
fn paths_are_the_json_paths_of_the_batch() {
    let r = Role::parse("3.3.3.numerator").unwrap();
    assert_eq!(
        r.path("$.units[5]", None),
        r#"$.units[5].items["3.3.3"].numerator"#
    );
    let r = Role::parse("self:2.1.2").unwrap();
    assert_eq!(
        r.path("$.units[0]", None),
        r#"$.units[0].items["2.1.2"].self"#
    );
    let r = Role::parse("component:survey.percentage").unwrap();
    assert_eq!(
        r.path("$.units[1]", None),
        "$.units[1].components.survey.percentage"
    );
    let r = Role::parse("bonus:2.reason").unwrap();
    assert_eq!(r.path("$", None), "$.bonus[1].reason");
    assert_eq!(r.path("$", Some(0)), "$.bonus[0].reason");
}

#[test]
fn the_builtin_rule_sets_columns_are_unique_and_typed() {
    let rs = crate::compile::builtin::ruleset(crate::compile::builtin::DEFAULT_RULESET).unwrap();
    let cols = Columns::of(&rs);
    let names = cols.names();
    let unique: std::collections::HashSet<_> = names.iter().collect();
    assert_eq!(unique.len(), names.len());
    assert_eq!(&names[..3], ["id", "name", "group"]);
    assert!(names.contains(&"3.3.3.numerator".to_string()));
    assert!(names.contains(&"1.1.1.choice".to_string()));
    assert!(names.contains(&"component:survey.percentage".to_string()));
    assert!(names.contains(&"component:it.points".to_string()));
    assert!(names.contains(&"na:4.4".to_string()));
    assert!(names.contains(&"bonus:1.points".to_string()));
    // S2: 3.3.3 applies to `department` only, not to the four 52-point units.
    let g52 = Columns::of_group(&rs, "department_52").names();
    assert!(!g52.contains(&"3.3.3.numerator".to_string()));
    assert!(Columns::of_group(&rs, "department")
        .names()
        .contains(&"3.3.3.numerator".to_string()));
    for r in cols.roles() {
        assert_eq!(cols.find(&r.name()).as_ref(), Some(r));
    }
}
