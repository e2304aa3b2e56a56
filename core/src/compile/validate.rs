//! Coherence checks of a rule set that read: its header, calendar, groups, components and
//! bands, every problem with its path.

use super::nodes::{points_within_bounds, validate_level};
use crate::def::check::{check_bands, dup_ids, Bands, Ids, V};
use crate::def::*;
use crate::error::{excerpt, issue, key_path, Issue};
use rust_decimal::Decimal;
use std::collections::HashSet;

pub(super) fn validate(def: &RuleSetDef) -> Vec<Issue> {
    let mut v = V {
        def,
        out: Vec::new(),
    };
    points_within_bounds(&mut v);
    if def.format_version != FORMAT_VERSION {
        v.issue(issue!(
            "ruleset.unsupported_version",
            "$.format_version",
            version = excerpt(&def.format_version.to_string()),
            want = FORMAT_VERSION,
        ));
    }
    if def.id.trim().is_empty() {
        v.issue(issue!("ruleset.empty_id:ruleset", "$.id"));
    }
    check_date(&mut v, &def.decision.date, "$.decision.date");
    if let Some(d) = &def.valid_from {
        check_date(&mut v, d, "$.valid_from");
    }
    if let Some(d) = &def.valid_to {
        check_date(&mut v, d, "$.valid_to");
    }
    if def.rounding.scale > 10 {
        v.issue(issue!("ruleset.rounding_scale", "$.rounding.scale"));
    }
    for (i, stage) in def.rounding.shown_only.iter().enumerate() {
        let path = format!("$.rounding.shown_only[{i}]");
        match stage {
            Stage::Percentage | Stage::Leaf => v.issue(issue!("ruleset.shown_only_stage", path)),
            _ if !def.rounding.stages.contains(stage) => {
                v.issue(issue!("ruleset.shown_only_not_rounded", path))
            }
            _ => {}
        }
    }
    if def.levels.is_empty() {
        v.issue(issue!("ruleset.empty:levels", "$.levels"));
    }
    dup_ids(
        &mut v,
        Ids::Level,
        def.levels
            .iter()
            .enumerate()
            .map(|(i, l)| (l.id.as_str(), format!("$.levels[{i}].id"))),
    );
    dup_ids(
        &mut v,
        Ids::Group,
        def.groups
            .iter()
            .enumerate()
            .map(|(i, g)| (g.id.as_str(), format!("$.groups[{i}].id"))),
    );
    let level_ids: HashSet<&str> = def.levels.iter().map(|l| l.id.as_str()).collect();
    for (gi, g) in def.groups.iter().enumerate() {
        if !level_ids.contains(g.level.as_str()) {
            v.issue(issue!(
                "ruleset.unknown_level:group",
                format!("$.groups[{gi}].level"),
                group = excerpt(&g.id),
                level = excerpt(&g.level),
            ));
        }
        if g.max_points <= Decimal::ZERO {
            v.issue(issue!(
                "ruleset.max_points:group",
                format!("$.groups[{gi}].max_points")
            ));
        }
    }
    for (li, level) in def.levels.iter().enumerate() {
        validate_level(&mut v, level, li);
    }
    // Classification bands on the index must cover 0–100.
    check_bands(
        &mut v,
        def.bands
            .iter()
            .map(|b| (b.min, b.min_inclusive, b.max, b.max_inclusive))
            .collect(),
        "$.bands",
        Bands::Index,
    );
    dup_ids(
        &mut v,
        Ids::Band,
        def.bands
            .iter()
            .enumerate()
            .map(|(i, b)| (b.id.as_str(), format!("$.bands[{i}].id"))),
    );
    for (side, p) in [
        ("bonus", &def.adjustments.bonus),
        ("penalty", &def.adjustments.penalty),
    ] {
        if let Some(p) = p {
            if p.cap < Decimal::ZERO {
                v.issue(issue!(
                    "ruleset.negative_cap",
                    format!("$.adjustments.{side}.cap")
                ));
            }
        }
    }
    // Tie-breakers must name things that exist.
    for (ti, tb) in def.ranking.tie_breakers.iter().enumerate() {
        let path = format!("$.ranking.tie_breakers[{ti}]");
        match tb {
            TieBreaker::Component { id } => {
                if !def
                    .levels
                    .iter()
                    .any(|l| l.components.iter().any(|c| &c.id == id))
                {
                    v.issue(issue!(
                        "ruleset.unknown_component",
                        format!("{path}.id"),
                        id = excerpt(id)
                    ));
                }
            }
            TieBreaker::Field { code } => {
                if !def
                    .levels
                    .iter()
                    .any(|l| l.nodes.iter().any(|n| &n.code == code))
                {
                    v.issue(issue!(
                        "ruleset.unknown_code",
                        format!("{path}.code"),
                        code = excerpt(code)
                    ));
                }
            }
            TieBreaker::TotalPoints => {}
        }
    }
    if let Some(cal) = &def.calendar {
        dup_ids(
            &mut v,
            Ids::Period,
            cal.periods
                .iter()
                .enumerate()
                .map(|(i, p)| (p.id.as_str(), format!("$.calendar.periods[{i}].id"))),
        );
        for (pi, p) in cal.periods.iter().enumerate() {
            let path = format!("$.calendar.periods[{pi}]");
            let a = check_date(&mut v, &p.start, &format!("{path}.start"));
            let b = check_date(&mut v, &p.end, &format!("{path}.end"));
            if let (Some(a), Some(b)) = (a, b) {
                if a > b {
                    v.issue(issue!(
                        "ruleset.period_order",
                        path.clone(),
                        id = excerpt(&p.id)
                    ));
                }
            }
            for (i, l) in p.levels.iter().enumerate() {
                if !level_ids.contains(l.as_str()) {
                    v.issue(issue!(
                        "ruleset.unknown_level",
                        format!("{path}.levels[{i}]"),
                        level = excerpt(l)
                    ));
                }
            }
        }
        match &cal.utc_offset {
            Some(off) if crate::time::parse_offset(off).is_none() => v.issue(issue!(
                "ruleset.bad_offset",
                "$.calendar.utc_offset",
                offset = excerpt(off)
            )),
            Some(_) => {}
            // Times given without an offset are read in the calendar's offset: never guess UTC.
            None => v.issue(issue!(
                "ruleset.missing_utc_offset",
                "$.calendar.utc_offset"
            )),
        }
        dup_ids(
            &mut v,
            Ids::CalendarTemplate,
            cal.templates
                .iter()
                .enumerate()
                .map(|(i, t)| (t.level.as_str(), format!("$.calendar.templates[{i}].level"))),
        );
        let delegated = |l: &str| {
            def.council
                .as_ref()
                .is_some_and(|c| c.delegated_levels.iter().any(|d| d == l))
        };
        for (ti, t) in cal.templates.iter().enumerate() {
            let path = format!("$.calendar.templates[{ti}]");
            if !level_ids.contains(t.level.as_str()) {
                v.issue(issue!(
                    "ruleset.unknown_level",
                    format!("{path}.level"),
                    level = excerpt(&t.level)
                ));
            } else if !delegated(&t.level) {
                v.issue(issue!(
                    "ruleset.template_level",
                    format!("{path}.level"),
                    level = excerpt(&t.level)
                ));
            }
            let a = check_date(&mut v, &t.start, &format!("{path}.start"));
            let b = check_date(&mut v, &t.end, &format!("{path}.end"));
            if let (Some(a), Some(b)) = (a, b) {
                if a > b {
                    v.issue(issue!("ruleset.period_order:template", path.clone()));
                }
            }
            dup_ids(
                &mut v,
                Ids::TemplatePeriod,
                t.periods
                    .iter()
                    .enumerate()
                    .map(|(i, p)| (p.id.as_str(), format!("{path}.periods[{i}].id"))),
            );
            for id in crate::def::periods::REQUIRED {
                if !t.periods.iter().any(|p| p.id == id && !p.optional) {
                    v.issue(issue!(
                        "ruleset.template_missing_period",
                        format!("{path}.periods"),
                        id
                    ));
                }
            }
        }
    }
    if let Some(council) = &def.council {
        dup_ids(
            &mut v,
            Ids::CouncilMember,
            council
                .members
                .iter()
                .enumerate()
                .map(|(i, m)| (m.id.as_str(), format!("$.council.members[{i}].id"))),
        );
        for (i, l) in council.delegated_levels.iter().enumerate() {
            if !level_ids.contains(l.as_str()) {
                v.issue(issue!(
                    "ruleset.unknown_level",
                    format!("$.council.delegated_levels[{i}]"),
                    level = excerpt(l)
                ));
            }
        }
        for (mi, m) in council.members.iter().enumerate() {
            for (level, codes) in &m.remit {
                let rpath = key_path(&format!("$.council.members[{mi}].remit"), level);
                match def.levels.iter().find(|l| &l.id == level) {
                    None => v.issue(issue!(
                        "ruleset.unknown_level",
                        rpath,
                        level = excerpt(level)
                    )),
                    Some(l) => {
                        let all = all_codes(&l.nodes);
                        for (ci, c) in codes.iter().enumerate() {
                            if !all.contains(c.as_str()) {
                                v.issue(issue!(
                                    "ruleset.unknown_code:remit",
                                    format!("{rpath}[{ci}]"),
                                    level,
                                    code = excerpt(c),
                                ));
                            }
                        }
                    }
                }
            }
        }
    }
    v.out
}

fn all_codes(nodes: &[Node]) -> HashSet<&str> {
    let mut s = HashSet::new();
    fn walk<'a>(n: &'a [Node], s: &mut HashSet<&'a str>) {
        for x in n {
            s.insert(x.code.as_str());
            walk(&x.children, s);
        }
    }
    walk(nodes, &mut s);
    s
}

fn check_date(v: &mut V, d: &str, path: &str) -> Option<crate::time::Date> {
    let r = crate::time::Date::parse(d);
    if r.is_none() {
        v.issue(issue!("ruleset.bad_date", path, date = excerpt(d)));
    }
    r
}
