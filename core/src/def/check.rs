//! The checks of a rule set's values that the validation ([`crate::compile`]) and the rule kinds'
//! own checks ([`crate::rules`]) share: where problems are collected, duplicate ids, points within
//! a node's range, percentages, bands covering 0–100.

use super::{Node, RuleSetDef};
use crate::decimal::show;
use crate::error::{excerpt, issue, Issue};
use rust_decimal::Decimal;
use std::collections::HashSet;

/// The problems found in a rule set, each a `ruleset.*` issue of the registry with its path.
pub(crate) struct V<'a> {
    pub def: &'a RuleSetDef,
    pub out: Vec<Issue>,
}

impl V<'_> {
    /// Record a problem (`v.issue(issue!("ruleset.empty:levels", "$.levels"))`).
    pub(crate) fn issue(&mut self, issue: Issue) {
        self.out.push(issue);
    }
}

/// What a list of ids names, for its `ruleset.empty_id` and `ruleset.duplicate_id` messages.
#[derive(Clone, Copy)]
pub(crate) enum Ids {
    Level,
    Group,
    Band,
    Period,
    CalendarTemplate,
    TemplatePeriod,
    CouncilMember,
    Component,
    Option,
    Deduction,
    Outcome,
}

impl Ids {
    /// The message keys of an empty id and of a repeated one.
    fn keys(self) -> (&'static str, &'static str) {
        match self {
            Ids::Level => ("ruleset.empty_id:level", "ruleset.duplicate_id:level"),
            Ids::Group => ("ruleset.empty_id:group", "ruleset.duplicate_id:group"),
            Ids::Band => ("ruleset.empty_id:band", "ruleset.duplicate_id:band"),
            Ids::Period => ("ruleset.empty_id:period", "ruleset.duplicate_id:period"),
            Ids::CalendarTemplate => (
                "ruleset.empty_id:calendar_template",
                "ruleset.duplicate_id:calendar_template",
            ),
            Ids::TemplatePeriod => (
                "ruleset.empty_id:template_period",
                "ruleset.duplicate_id:template_period",
            ),
            Ids::CouncilMember => (
                "ruleset.empty_id:council_member",
                "ruleset.duplicate_id:council_member",
            ),
            Ids::Component => (
                "ruleset.empty_id:component",
                "ruleset.duplicate_id:component",
            ),
            Ids::Option => ("ruleset.empty_id:option", "ruleset.duplicate_id:option"),
            Ids::Deduction => (
                "ruleset.empty_id:deduction",
                "ruleset.duplicate_id:deduction",
            ),
            Ids::Outcome => ("ruleset.empty_id:outcome", "ruleset.duplicate_id:outcome"),
        }
    }
}

/// Ids that are empty or given twice, one problem each.
pub(crate) fn dup_ids<'a>(v: &mut V, what: Ids, ids: impl Iterator<Item = (&'a str, String)>) {
    let (empty, duplicate) = what.keys();
    let mut seen = HashSet::new();
    for (id, path) in ids {
        if id.trim().is_empty() {
            v.issue(issue!(empty, path));
        } else if !seen.insert(id.to_string()) {
            v.issue(issue!(duplicate, path, id = excerpt(id)));
        }
    }
}

/// Points a rule declares must be within the node's range.
pub(crate) fn check_points(v: &mut V, n: &Node, p: Decimal, path: String) {
    if p > n.max_points {
        v.issue(issue!(
            "ruleset.points_above_max",
            path,
            points = show(p),
            max = show(n.max_points),
            code = n.code,
        ));
    } else if p < n.min() {
        v.issue(issue!(
            "ruleset.points_below_min",
            path,
            points = show(p),
            min = show(n.min()),
            code = n.code,
        ));
    }
}

/// A percentage a rule declares must be within 0–100.
pub(crate) fn check_pct(v: &mut V, p: Decimal, path: String) {
    if p < Decimal::ZERO || p > Decimal::ONE_HUNDRED {
        v.issue(issue!(
            "ruleset.percentage_range",
            path,
            percentage = show(p)
        ));
    }
}

/// Which bands [`check_bands`] checks, for its messages: a rule's bands or the classification
/// bands of the index.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Bands {
    Rule,
    Index,
}

impl Bands {
    /// The message key of this kind of bands among `(rule, index)`.
    fn key(self, keys: (&'static str, &'static str)) -> &'static str {
        match self {
            Bands::Rule => keys.0,
            Bands::Index => keys.1,
        }
    }
}

/// Bands must cover [0, 100] exactly once: no gap, no overlap, nothing outside.
pub(crate) fn check_bands(
    v: &mut V,
    bands: Vec<(Decimal, bool, Decimal, bool)>,
    path: &str,
    what: Bands,
) {
    if bands.is_empty() {
        let key = what.key(("ruleset.empty:bands", "ruleset.empty:index_bands"));
        v.issue(issue!(key, path));
        return;
    }
    let mut ok = true;
    for (i, b) in bands.iter().enumerate() {
        let p = format!("{path}[{i}]");
        let (min, max) = (show(b.0), show(b.2));
        if b.0 < Decimal::ZERO || b.2 > Decimal::ONE_HUNDRED {
            let key = what.key(("ruleset.band_range", "ruleset.band_range:index"));
            v.issue(issue!(key, p, min, max));
            ok = false;
        } else if b.0 > b.2 || (b.0 == b.2 && !(b.1 && b.3)) {
            let key = what.key(("ruleset.band_empty", "ruleset.band_empty:index"));
            v.issue(issue!(key, p, min, max));
            ok = false;
        }
    }
    if !ok {
        return;
    }
    let mut order: Vec<usize> = (0..bands.len()).collect();
    crate::support::sort::sort_by(&mut order, |&a, &b| {
        bands[a]
            .0
            .cmp(&bands[b].0)
            .then(bands[b].1.cmp(&bands[a].1))
    });
    let first = bands[order[0]];
    if first.0 > Decimal::ZERO || !first.1 {
        let key = what.key(("ruleset.band_gap:start", "ruleset.band_gap:index_start"));
        v.issue(issue!(
            key,
            format!("{path}[{}]", order[0]),
            to = show(first.0)
        ));
    }
    let last = bands[*order.last().unwrap_or(&0)];
    for w in order.windows(2) {
        let (a, b) = (bands[w[0]], bands[w[1]]);
        let p = format!("{path}[{}]", w[1]);
        if a.2 < b.0 || (a.2 == b.0 && !a.3 && !b.1) {
            let key = what.key(("ruleset.band_gap", "ruleset.band_gap:index"));
            v.issue(issue!(key, p, from = show(a.2), to = show(b.0)));
        } else if a.2 > b.0 || (a.2 == b.0 && a.3 && b.1) {
            let key = what.key(("ruleset.band_overlap", "ruleset.band_overlap:index"));
            v.issue(issue!(key, p, at = show(b.0.max(a.0))));
        }
    }
    let top = order
        .iter()
        .map(|&i| bands[i])
        .max_by(|a, b| a.2.cmp(&b.2).then(a.3.cmp(&b.3)))
        .unwrap_or(last);
    if top.2 < Decimal::ONE_HUNDRED || !top.3 {
        let key = what.key(("ruleset.band_gap:end", "ruleset.band_gap:index_end"));
        v.issue(issue!(key, path));
    }
}
