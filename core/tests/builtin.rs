//! The built-in Hòa Bình 2019 rule set encodes what the 2019 guidance states (S1–S10).

use parindex::internal::{BlockBy, ComponentKind, Provenance, Stage, Status};
use parindex::{builtin, Decimal};

fn rs() -> parindex::RuleSet {
    builtin::ruleset(builtin::DEFAULT_RULESET).expect("the built-in rule set validates")
}

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

#[test]
fn s1_three_levels_each_with_its_own_criteria_tree() {
    let rs = rs();
    let ids: Vec<&str> = rs.def().levels.iter().map(|l| l.id.as_str()).collect();
    assert_eq!(ids, ["department", "district", "commune"]);
    let leaves = |i: usize| {
        rs.levels()[i]
            .nodes
            .iter()
            .filter(|n| n.children.is_empty())
            .count()
    };
    assert!(leaves(0) > 20 && leaves(1) > 20 && leaves(2) > 10);
    // The commune tree is not the department tree.
    assert_ne!(rs.def().levels[0].nodes, rs.def().levels[2].nodes);
}

#[test]
fn s2_maxima_56_and_52_exclude_the_it_points() {
    let rs = rs();
    let g = |id: &str| rs.group(id).unwrap_or_else(|| panic!("group {id}"));
    assert_eq!(g("department").max_points, dec("56"));
    assert_eq!(g("district").max_points, dec("56"));
    let special = g("department_52");
    assert_eq!(special.max_points, dec("52"));
    assert_eq!(
        special.members,
        [
            "Văn phòng UBND tỉnh",
            "Thanh tra tỉnh",
            "Ban Dân tộc",
            "Sở Ngoại vụ"
        ]
    );
    // The IT points are a component of their own, outside the rubric maxima.
    for level in &rs.def().levels {
        let it = level
            .components
            .iter()
            .find(|c| c.id == "it")
            .expect("IT component");
        assert_eq!(it.kind, ComponentKind::External);
        assert!(level
            .components
            .iter()
            .any(|c| c.kind == ComponentKind::Survey));
    }
}

#[test]
fn s5_s6_s8_the_2019_calendar_is_data() {
    let rs = rs();
    let cal = rs.def().calendar.as_ref().expect("calendar");
    assert_eq!(cal.utc_offset.as_deref(), Some("+07:00"));
    let p = |id: &str| {
        let p = cal
            .periods
            .iter()
            .find(|p| p.id == id)
            .unwrap_or_else(|| panic!("period {id}"));
        (p.start.as_str(), p.end.as_str())
    };
    assert_eq!(
        p("self_assessment").1,
        "2019-11-17",
        "dossiers due before 18/11 (S5)"
    );
    assert_eq!(p("appraisal"), ("2019-11-18", "2019-11-25"));
    assert_eq!(
        p("results_submission"),
        ("2019-11-26", "2019-11-26"),
        "locked at the end of 26/11 (S6)"
    );
    assert_eq!(p("explanation"), ("2019-11-27", "2019-12-06"), "S8");
    assert_eq!(p("announcement"), ("2019-12-18", "2019-12-18"), "S8");
}

#[test]
fn s6_s7_the_council_and_s10_communes_are_appraised_and_ranked_by_their_district() {
    let rs = rs();
    let council = rs.def().council.as_ref().expect("council");
    let ids: Vec<&str> = council.members.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "so_noi_vu",
            "so_tai_chinh",
            "so_tu_phap",
            "so_khcn",
            "van_phong_ubnd"
        ]
    );
    assert!(
        council
            .members
            .iter()
            .find(|m| m.id == "so_noi_vu")
            .unwrap()
            .standing
    );
    assert_eq!(council.delegated_levels, ["commune"]);
    let communes = rs.def().levels.iter().find(|l| l.id == "commune").unwrap();
    assert_eq!(communes.block_by, BlockBy::Parent);
    // Every leaf has exactly one appraiser.
    for level in rs.levels() {
        for n in level.nodes.iter().filter(|n| n.children.is_empty()) {
            assert!(n.appraiser.is_some(), "{} has no appraiser", n.code);
        }
    }
}

#[test]
fn s9_percentage_first_then_points_two_places_half_up() {
    let r = rs();
    let rounding = &r.def().rounding;
    assert_eq!(rounding.scale, 2);
    assert_eq!(rounding.mode, parindex::internal::RoundingMode::HalfUp);
    assert!(rounding.stages.contains(&Stage::Percentage) && rounding.stages.contains(&Stage::Leaf));
}

#[test]
fn the_reconstruction_says_so_everywhere() {
    let rs = rs();
    assert_eq!(rs.def().status, Status::Provisional);
    assert!(rs.notice().is_some());
    let reconstructed = rs
        .levels()
        .iter()
        .flat_map(|l| &l.nodes)
        .filter(|n| n.source == Provenance::Reconstructed)
        .count();
    assert!(reconstructed > 100, "{reconstructed}");
    let r = rs.score_json(builtin::EXAMPLE_PROVINCE).unwrap();
    assert!(r.receipt.provisional);
    assert_eq!(r.receipt.notice, rs.notice());
}

#[test]
fn s4_each_group_scores_on_its_form_and_results_name_it() {
    let rs = rs();
    let form = |id: &str| rs.group(id).and_then(|g| g.form.clone());
    // Form 02 for the four 52-point units, 03 for the other departments, 04 for districts.
    assert_eq!(form("department_52").as_deref(), Some("02"));
    assert_eq!(form("department").as_deref(), Some("03"));
    assert_eq!(form("district").as_deref(), Some("04"));
    // Every scored unit carries its group's form.
    let result = rs.score_json(builtin::EXAMPLE_PROVINCE).unwrap();
    for u in &result.units {
        assert_eq!(u.form, form(&u.group), "{}", u.id);
    }
    assert!(result.units.iter().any(|u| u.form.as_deref() == Some("02")));
}
