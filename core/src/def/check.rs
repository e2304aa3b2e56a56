//! The checks of a rule set's values that the validation ([`crate::compile`]) and the rule kinds'
//! own checks ([`crate::rules`]) share: where problems are collected, duplicate ids, points within
//! a node's range, percentages, bands covering 0–100.

use super::{Node, RuleSetDef};
use crate::decimal::show;
use crate::error::Issue;
use rust_decimal::Decimal;
use std::collections::HashSet;

/// The problems found in a rule set, each as `ruleset.<code>` with its path.
pub(crate) struct V<'a> {
    pub def: &'a RuleSetDef,
    pub out: Vec<Issue>,
}

impl V<'_> {
    pub(crate) fn push(&mut self, code: &str, path: impl Into<String>, msg: impl Into<String>) {
        self.out
            .push(Issue::text(&format!("ruleset.{code}"), path, msg));
    }
}

/// Ids that are empty or given twice, one problem each (`what`: "option", "group"…).
pub(crate) fn dup_ids<'a>(v: &mut V, what: &str, ids: impl Iterator<Item = (&'a str, String)>) {
    let mut seen = HashSet::new();
    for (id, path) in ids {
        if id.trim().is_empty() {
            v.push("empty_id", path, format!("{what} id is empty"));
        } else if !seen.insert(id.to_string()) {
            v.push("duplicate_id", path, format!("duplicate {what} id `{id}`"));
        }
    }
}

/// Points a rule declares must be within the node's range.
pub(crate) fn check_points(v: &mut V, n: &Node, p: Decimal, path: String) {
    if p > n.max_points {
        v.push(
            "points_above_max",
            path,
            format!(
                "{} points exceed the maximum {} of `{}`",
                show(p),
                show(n.max_points),
                n.code
            ),
        );
    } else if p < n.min() {
        v.push(
            "points_below_min",
            path,
            format!(
                "{} points are below the minimum {} of `{}`",
                show(p),
                show(n.min()),
                n.code
            ),
        );
    }
}

/// A percentage a rule declares must be within 0–100.
pub(crate) fn check_pct(v: &mut V, p: Decimal, path: String) {
    if p < Decimal::ZERO || p > Decimal::ONE_HUNDRED {
        v.push(
            "percentage_range",
            path,
            format!("{} is not a percentage between 0 and 100", show(p)),
        );
    }
}

/// Bands must cover [0, 100] exactly once: no gap, no overlap, nothing outside.
pub(crate) fn check_bands(
    v: &mut V,
    bands: Vec<(Decimal, bool, Decimal, bool)>,
    path: &str,
    what: &str,
) {
    if bands.is_empty() {
        v.push("empty", path, format!("at least one {what} is needed"));
        return;
    }
    let mut ok = true;
    for (i, b) in bands.iter().enumerate() {
        let p = format!("{path}[{i}]");
        if b.0 < Decimal::ZERO || b.2 > Decimal::ONE_HUNDRED {
            v.push(
                "band_range",
                p,
                format!("{what} {}–{} is outside 0–100", show(b.0), show(b.2)),
            );
            ok = false;
        } else if b.0 > b.2 || (b.0 == b.2 && !(b.1 && b.3)) {
            v.push(
                "band_empty",
                p,
                format!("{what} {}–{} contains no value", show(b.0), show(b.2)),
            );
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
        v.push(
            "band_gap",
            format!("{path}[{}]", order[0]),
            format!("no {what} covers values from 0 up to {}", show(first.0)),
        );
    }
    let last = bands[*order.last().unwrap_or(&0)];
    for w in order.windows(2) {
        let (a, b) = (bands[w[0]], bands[w[1]]);
        let p = format!("{path}[{}]", w[1]);
        if a.2 < b.0 || (a.2 == b.0 && !a.3 && !b.1) {
            v.push(
                "band_gap",
                p,
                format!(
                    "no {what} covers the values between {} and {}",
                    show(a.2),
                    show(b.0)
                ),
            );
        } else if a.2 > b.0 || (a.2 == b.0 && a.3 && b.1) {
            v.push(
                "band_overlap",
                p,
                format!("{what}s overlap at {}", show(b.0.max(a.0))),
            );
        }
    }
    let top = order
        .iter()
        .map(|&i| bands[i])
        .max_by(|a, b| a.2.cmp(&b.2).then(a.3.cmp(&b.3)))
        .unwrap_or(last);
    if top.2 < Decimal::ONE_HUNDRED || !top.3 {
        v.push("band_gap", path, format!("no {what} covers 100"));
    }
}
