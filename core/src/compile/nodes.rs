//! Coherence checks of one level and its tree of nodes: codes, maxima that add up, rules and
//! their bounds.

use super::MAX_POINTS;
use crate::decimal::show;
use crate::def::check::{dup_ids, Ids, V};
use crate::def::*;
use crate::error::{excerpt, issue, key_path};
use rust_decimal::Decimal;
use std::collections::{HashMap, HashSet};

pub(super) fn validate_level(v: &mut V, level: &Level, li: usize) {
    let lpath = format!("$.levels[{li}]");
    let groups: Vec<&Group> = v
        .def
        .groups
        .iter()
        .filter(|g| g.level == level.id)
        .collect();
    if groups.is_empty() {
        v.issue(issue!("ruleset.no_groups", lpath.clone(), level = level.id));
    }
    if level.nodes.is_empty() {
        v.issue(issue!(
            "ruleset.empty:nodes",
            format!("{lpath}.nodes"),
            level = level.id
        ));
    }
    // Components.
    dup_ids(
        v,
        Ids::Component,
        level
            .components
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.as_str(), format!("{lpath}.components[{i}].id"))),
    );
    let rubric = level
        .components
        .iter()
        .filter(|c| c.kind == ComponentKind::Rubric)
        .count();
    if rubric != 1 {
        v.issue(issue!(
            "ruleset.rubric_component",
            format!("{lpath}.components"),
            found = rubric
        ));
    }
    for (ci, c) in level.components.iter().enumerate() {
        let cpath = format!("{lpath}.components[{ci}]");
        match (c.kind, c.max_points) {
            (ComponentKind::Rubric, Some(_)) => v.issue(issue!(
                "ruleset.component_max:rubric",
                format!("{cpath}.max_points")
            )),
            (ComponentKind::External | ComponentKind::Survey, None) => v.issue(issue!(
                "ruleset.component_max:missing",
                format!("{cpath}.max_points"),
                id = c.id
            )),
            (_, Some(m)) if m < Decimal::ZERO => v.issue(issue!(
                "ruleset.component_max",
                format!("{cpath}.max_points")
            )),
            _ => {}
        }
        for (g, m) in &c.group_max {
            let gp = key_path(&format!("{cpath}.group_max"), g);
            if !groups.iter().any(|x| &x.id == g) {
                v.issue(issue!(
                    "ruleset.unknown_group",
                    gp,
                    level = level.id,
                    group = excerpt(g),
                ));
            } else if *m < Decimal::ZERO {
                v.issue(issue!("ruleset.component_max", gp));
            }
        }
    }
    // Nodes.
    let mut seen: HashMap<&str, String> = HashMap::new();
    let members: HashSet<&str> = v
        .def
        .council
        .as_ref()
        .map(|c| c.members.iter().map(|m| m.id.as_str()).collect())
        .unwrap_or_default();
    let has_council = v.def.council.is_some();
    for (ni, n) in level.nodes.iter().enumerate() {
        validate_node(
            v,
            n,
            &format!("{lpath}.nodes[{ni}]"),
            &level.id,
            &groups,
            &mut seen,
            &members,
            has_council,
        );
    }
    // Each group's applicable maxima must add up to its declared maximum (S2).
    for g in &groups {
        let gi = v.def.groups.iter().position(|x| x.id == g.id).unwrap_or(0);
        let Some(sum) = checked_sum(level.nodes.iter().map(|n| effective_max(n, &g.id))) else {
            v.out.push(issue!(
                "arithmetic.overflow:group_maxima",
                format!("$.groups[{gi}].max_points"),
                group = g.id,
            ));
            continue;
        };
        if sum != g.max_points {
            v.issue(issue!(
                "ruleset.group_max",
                format!("$.groups[{gi}].max_points"),
                group = g.id,
                max = show(g.max_points),
                sum = show(sum),
            ));
        }
    }
}

/// A node's maximum for a group: its own maximum if it applies, the sum of applicable children
/// for a parent (no more than its own maximum when it is `capped`), 0 if it does not apply;
/// `None` when the sum overflows.
pub(crate) fn effective_max(n: &Node, group: &str) -> Option<Decimal> {
    if !n.groups.is_empty() && !n.groups.iter().any(|g| g == group) {
        return Some(Decimal::ZERO);
    }
    if n.children.is_empty() {
        Some(n.max_points)
    } else {
        let sum = checked_sum(n.children.iter().map(|c| effective_max(c, group)))?;
        Some(if n.capped { sum.min(n.max_points) } else { sum })
    }
}

/// The sum of `values`, `None` when one is `None` or the sum overflows.
fn checked_sum(mut values: impl Iterator<Item = Option<Decimal>>) -> Option<Decimal> {
    values.try_fold(Decimal::ZERO, |sum, v| crate::decimal::checked_add(sum, v?))
}

#[allow(clippy::too_many_arguments)]
fn validate_node<'a>(
    v: &mut V,
    n: &'a Node,
    path: &str,
    level: &str,
    groups: &[&Group],
    seen: &mut HashMap<&'a str, String>,
    members: &HashSet<&str>,
    has_council: bool,
) {
    if n.code.trim().is_empty() {
        v.issue(issue!("ruleset.empty_id:node", format!("{path}.code")));
    } else if let Some(first) = seen.get(n.code.as_str()) {
        v.issue(issue!(
            "ruleset.duplicate_code",
            format!("{path}.code"),
            code = excerpt(&n.code),
            first,
            level,
        ));
    } else {
        seen.insert(&n.code, path.to_string());
    }
    if n.label.vi.trim().is_empty() {
        v.issue(issue!(
            "ruleset.empty_label",
            format!("{path}.label.vi"),
            code = n.code
        ));
    }
    for (i, e) in n.evidence.iter().enumerate() {
        if e.vi.trim().is_empty() {
            v.issue(issue!(
                "ruleset.empty_label:evidence",
                format!("{path}.evidence[{i}].vi"),
                code = n.code
            ));
        } else if n.evidence[..i].iter().any(|x| x.vi.trim() == e.vi.trim()) {
            v.issue(issue!(
                "ruleset.duplicate_evidence",
                format!("{path}.evidence[{i}].vi"),
                code = n.code,
                name = excerpt(e.vi.trim()),
            ));
        }
    }
    let min = n.min();
    if n.max_points < Decimal::ZERO {
        v.issue(issue!(
            "ruleset.max_points",
            format!("{path}.max_points"),
            code = n.code
        ));
    }
    if min > n.max_points {
        v.issue(issue!(
            "ruleset.min_above_max",
            format!("{path}.min_points"),
            code = n.code,
            min = show(min),
            max = show(n.max_points),
        ));
    }
    for (i, g) in n.groups.iter().enumerate() {
        if !groups.iter().any(|x| &x.id == g) {
            v.issue(issue!(
                "ruleset.unknown_group",
                format!("{path}.groups[{i}]"),
                level,
                group = excerpt(g),
            ));
        }
    }
    if let Some(a) = &n.appraiser {
        if !has_council {
            v.issue(issue!(
                "ruleset.unknown_member:no_council",
                format!("{path}.appraiser")
            ));
        } else if !members.contains(a.as_str()) {
            v.issue(issue!(
                "ruleset.unknown_member",
                format!("{path}.appraiser"),
                member = excerpt(a)
            ));
        }
    }
    if n.children.is_empty() {
        match &n.rule {
            None => v.issue(issue!("ruleset.leaf_without_rule", path, code = n.code)),
            Some(rule) => crate::rules::validate(v, n, rule, &format!("{path}.rule")),
        }
        if n.capped {
            v.issue(issue!(
                "ruleset.capped_leaf",
                format!("{path}.capped"),
                code = n.code
            ));
        }
    } else {
        if n.rule.is_some() {
            v.issue(issue!(
                "ruleset.rule_on_parent",
                format!("{path}.rule"),
                code = n.code
            ));
        }
        match checked_sum(n.children.iter().map(|c| Some(c.max_points))) {
            // A sum of a rule set's values that overflows the decimal range (possible only
            // when a value is beyond `MAX_POINTS`, which is reported too).
            None => v.out.push(issue!(
                "arithmetic.overflow:children_maxima",
                format!("{path}.max_points"),
                code = n.code,
            )),
            // A capped node's children may add up to more than its maximum, never to less (a
            // cap lowers a sum; it cannot raise it).
            Some(sum) if n.capped && sum < n.max_points => v.issue(issue!(
                "ruleset.children_sum:capped",
                format!("{path}.max_points"),
                code = n.code,
                max = show(n.max_points),
                sum = show(sum),
            )),
            Some(sum) if !n.capped && sum != n.max_points => v.issue(issue!(
                if sum > n.max_points {
                    "ruleset.children_sum:above"
                } else {
                    "ruleset.children_sum"
                },
                format!("{path}.max_points"),
                code = n.code,
                max = show(n.max_points),
                sum = show(sum),
            )),
            Some(_) => {}
        }
        for (i, c) in n.children.iter().enumerate() {
            validate_node(
                v,
                c,
                &format!("{path}.children[{i}]"),
                level,
                groups,
                seen,
                members,
                has_council,
            );
        }
    }
}

/// Every number of points the rule set declares is within ±[`MAX_POINTS`].
pub(super) fn points_within_bounds(v: &mut V) {
    #[inline]
    fn bound(v: &mut V, p: Decimal, path: impl FnOnce() -> String) {
        if p.abs() > MAX_POINTS {
            too_large(v, p, path());
        }
    }
    // (Out of line: one copy of the message, whatever the path.)
    #[inline(never)]
    fn too_large(v: &mut V, p: Decimal, path: String) {
        v.issue(issue!(
            "ruleset.points_too_large",
            path,
            points = show(p),
            max = show(MAX_POINTS),
        ));
    }
    fn node(v: &mut V, n: &Node, path: &str) {
        bound(v, n.max_points, || format!("{path}.max_points"));
        if let Some(m) = n.min_points {
            bound(v, m, || format!("{path}.min_points"));
        }
        if let Some(rule) = &n.rule {
            crate::rules::declared(rule, &mut |p, field| {
                bound(v, p, || format!("{path}.rule.{}", field()))
            });
        }
        for (i, c) in n.children.iter().enumerate() {
            node(v, c, &format!("{path}.children[{i}]"));
        }
    }
    let def = v.def;
    for (gi, g) in def.groups.iter().enumerate() {
        bound(v, g.max_points, || format!("$.groups[{gi}].max_points"));
    }
    for (li, level) in def.levels.iter().enumerate() {
        for (ci, c) in level.components.iter().enumerate() {
            let cpath = || format!("$.levels[{li}].components[{ci}]");
            if let Some(m) = c.max_points {
                bound(v, m, || format!("{}.max_points", cpath()));
            }
            for (g, m) in &c.group_max {
                bound(v, *m, || key_path(&format!("{}.group_max", cpath()), g));
            }
        }
        for (ni, n) in level.nodes.iter().enumerate() {
            node(v, n, &format!("$.levels[{li}].nodes[{ni}]"));
        }
    }
    for (side, p) in [
        ("bonus", &def.adjustments.bonus),
        ("penalty", &def.adjustments.penalty),
    ] {
        if let Some(p) = p {
            bound(v, p.cap, || format!("$.adjustments.{side}.cap"));
        }
    }
}
