//! A unit's sums, after its nodes: the fields and their sub-indices, the components, bonus and
//! penalty (C13), the total, the index and its band, and the ranking block. Steps of
//! [`super::unit::score_parts_with`], inlined into it.

use super::explain::Row;
use super::walk::points;
use crate::compile::{CLevel, RuleSet};
use crate::def::{AdjustmentPolicy, BlockBy, ComponentKind, Level, Rounding, Stage};
use crate::error::{excerpt, issue, key_path, Error, Issue, Result};
use crate::input::{AdjustmentInput, ComponentInput};
use crate::result::{Cap, Carried, ComponentScore, FieldScore};
use crate::rules::{in_band, ItemPath};
use crate::support::decimal::{self as d, show};
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::sync::Arc;

/// The fields (top-level nodes): their points, maxima and sub-indices, and the rubric's points
/// and maximum (their sums).
#[inline(always)]
pub(super) fn fields(
    level: &CLevel,
    rows: &[Row],
    units: &[i64],
    rounding: &Rounding,
    path: &str,
) -> Result<(Vec<FieldScore>, Decimal, Decimal)> {
    let mut rubric_points = Decimal::ZERO;
    let mut rubric_max = Decimal::ZERO;
    let mut fields = Vec::with_capacity(level.fields.len());
    for &fi in &level.fields {
        let (row, node) = (&rows[fi], &level.nodes[fi]);
        let row_points = points(rows, units, rounding.scale, fi);
        let fpath = ItemPath::item(path, &node.code);
        rubric_points = d::add(rubric_points, row_points, &fpath)?;
        rubric_max = d::add(rubric_max, row.max, &fpath)?;
        let sub_index = if row.max > Decimal::ZERO {
            Some(sub_index(
                row_points,
                row.max,
                rounding,
                &ItemPath::item(path, &node.code),
            )?)
        } else {
            None
        };
        fields.push(FieldScore {
            code: node.code.clone(),
            label: node.label.clone(),
            points: row_points,
            max_points: row.max,
            sub_index,
        });
    }
    Ok((fields, rubric_points, rubric_max))
}

/// The level's components (the rubric, points given from outside, a survey's percentage), and
/// the problem of each component given that the level does not have.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
pub(super) fn components(
    ldef: &Level,
    level: &CLevel,
    group_id: &str,
    comp_inputs: &BTreeMap<String, ComponentInput>,
    (rubric_points, rubric_max): (Decimal, Decimal),
    rounding: &Rounding,
    path: &str,
    (issues, warnings): (&mut Vec<Issue>, &mut Vec<Issue>),
) -> Result<Vec<ComponentScore>> {
    let mut components = Vec::with_capacity(ldef.components.len());
    for (c, cid) in ldef.components.iter().zip(&level.component_ids) {
        let cpath = ItemPath {
            unit: path,
            list: "components",
            code: &c.id,
        };
        let cmax = c
            .group_max
            .get(group_id)
            .copied()
            .or(c.max_points)
            .unwrap_or_default();
        let given = comp_inputs.get(&c.id);
        let cs = match c.kind {
            ComponentKind::Rubric => {
                if given.is_some() {
                    issues.push(issue!("input.rubric_component", cpath.path()));
                }
                ComponentScore {
                    id: cid.clone(),
                    kind: c.kind,
                    max_points: rubric_max,
                    percentage: None,
                    raw_points: rubric_points,
                    points: rounding.at(Stage::Component, rubric_points),
                    missing: false,
                }
            }
            ComponentKind::External => {
                let (pts, missing) = match given {
                    Some(&ComponentInput::Points { points }) => {
                        if points < Decimal::ZERO || points > cmax {
                            issues.push(issue!(
                                "input.points_out_of_range:component",
                                format!("{cpath}.points"),
                                points = show(points),
                                max = show(cmax),
                                id = c.id
                            ));
                        }
                        (points, false)
                    }
                    Some(ComponentInput::Percentage { .. }) => {
                        issues.push(issue!("input.component_kind", cpath.path(), id = c.id));
                        (Decimal::ZERO, false)
                    }
                    None => (Decimal::ZERO, true),
                };
                ComponentScore {
                    id: cid.clone(),
                    kind: c.kind,
                    max_points: cmax,
                    percentage: None,
                    raw_points: pts,
                    points: rounding.at(Stage::Component, pts),
                    missing,
                }
            }
            ComponentKind::Survey => {
                let (pct, missing) = match given {
                    Some(&ComponentInput::Percentage { percentage }) => {
                        if percentage < Decimal::ZERO || percentage > Decimal::ONE_HUNDRED {
                            issues.push(issue!(
                                "input.percentage_out_of_range",
                                format!("{cpath}.percentage"),
                                percentage = show(percentage)
                            ));
                        }
                        (Some(percentage), false)
                    }
                    Some(ComponentInput::Points { .. }) => {
                        issues.push(issue!(
                            "input.component_kind:survey",
                            cpath.path(),
                            id = c.id
                        ));
                        (None, false)
                    }
                    None => (None, true),
                };
                let raw = match pct {
                    Some(p) => d::div(d::mul(p, cmax, &cpath)?, Decimal::ONE_HUNDRED, &cpath)?,
                    None => Decimal::ZERO,
                };
                ComponentScore {
                    id: cid.clone(),
                    kind: c.kind,
                    max_points: cmax,
                    percentage: pct,
                    raw_points: raw,
                    points: rounding.at(Stage::Component, raw),
                    missing,
                }
            }
        };
        if cs.missing {
            warnings.push(issue!(
                "input.missing_component",
                key_path(&format!("{path}.components"), &c.id),
                id = c.id
            ));
        }
        components.push(cs);
    }
    for cid in comp_inputs
        .keys()
        .filter(|k| !ldef.components.iter().any(|c| c.id == **k))
    {
        issues.push(issue!(
            "input.unknown_component",
            key_path(&format!("{path}.components"), cid),
            level = level.id,
            id = excerpt(cid)
        ));
    }
    Ok(components)
}

/// The bonus or penalty points (`side`) of the entries, capped by the rule set's policy (C13).
#[inline(always)]
pub(super) fn adjustment(
    entries: &[AdjustmentInput],
    policy: &Option<AdjustmentPolicy>,
    side: &str,
    path: &str,
    issues: &mut Vec<Issue>,
    caps: &mut Vec<Cap>,
) -> Decimal {
    if entries.is_empty() {
        return Decimal::ZERO;
    }
    let Some(policy) = policy else {
        let key = if side == "bonus" {
            "input.bonus_not_allowed"
        } else {
            "input.penalty_not_allowed"
        };
        issues.push(issue!(key, format!("{path}.{side}")));
        return Decimal::ZERO;
    };
    let mut sum = Decimal::ZERO;
    for (k, e) in entries.iter().enumerate() {
        if e.points < Decimal::ZERO {
            let key = if side == "bonus" {
                "input.negative_adjustment:bonus"
            } else {
                "input.negative_adjustment:penalty"
            };
            issues.push(issue!(key, format!("{path}.{side}[{k}].points")));
        }
        match d::checked_add(sum, e.points) {
            Some(s) => sum = s,
            None => {
                issues.push(issue!(
                    if side == "bonus" {
                        "arithmetic.overflow:bonus"
                    } else {
                        "arithmetic.overflow:penalty"
                    },
                    format!("{path}.{side}[{k}].points"),
                ));
                return Decimal::ZERO;
            }
        }
    }
    if sum > policy.cap {
        caps.push(Cap::new(format!("{side}_cap"), policy.cap, sum));
        policy.cap
    } else {
        sum
    }
}

/// The total, the index and its classification band.
pub(super) struct Total {
    pub max_points: Decimal,
    pub total: Decimal,
    pub index_raw: Decimal,
    pub index: Decimal,
    pub band: Arc<str>,
    pub band_label: Arc<str>,
    /// The values shown rounded but carried unrounded, where they differ.
    pub carried: Vec<Carried>,
}

/// The total (components + bonus − penalty, within [0, max]), the index and its band. Bonus and
/// penalty come as shown (rounded) and unrounded; the sums carry each value as the rule set's
/// rounding says (`rounding.shown_only`).
#[inline(always)]
pub(super) fn total(
    rs: &RuleSet,
    components: &[ComponentScore],
    [(bonus_pts, bonus_raw), (penalty_pts, penalty_raw)]: [(Decimal, Decimal); 2],
    path: &str,
    caps: &mut Vec<Cap>,
) -> Result<Total> {
    let def = rs.def();
    let rounding = &def.rounding;
    let mut carried = Vec::new();
    let shown_only = |stage| rounding.shown_only.contains(&stage);
    let mut carry = |value: &str, id: Option<&str>, shown: Decimal, raw: Decimal| {
        if shown != raw {
            carried.push(Carried {
                value: value.to_string(),
                id: id.map(str::to_string),
                shown,
                carried: raw,
            });
        }
    };
    // Each component, bonus and penalty as the sums carry them.
    let by_component = shown_only(Stage::Component);
    let (bonus_sum, penalty_sum) = if by_component {
        for c in components {
            carry("component", Some(&c.id), c.points, c.raw_points);
        }
        carry("bonus", None, bonus_pts, bonus_raw);
        carry("penalty", None, penalty_pts, penalty_raw);
        (bonus_raw, penalty_raw)
    } else {
        (bonus_pts, penalty_pts)
    };
    // Within a valid rule set's bounds (`ruleset::MAX_POINTS`), and with bonus and penalty
    // capped by it, neither sum can overflow; checked all the same.
    let max_points = d::checked_sum(components.iter().map(|c| c.max_points))
        .ok_or_else(|| Error::arithmetic(format!("{path}.components")))?;
    let parts = components
        .iter()
        .map(|c| if by_component { c.raw_points } else { c.points });
    let sum = d::checked_sum(parts)
        .and_then(|sum| d::checked_sub(d::checked_add(sum, bonus_sum)?, penalty_sum))
        .ok_or_else(|| Error::arithmetic(path))?;
    let clamped = d::clamp(sum, Decimal::ZERO, max_points);
    let total = rounding.at(Stage::Component, clamped);
    let total_carried = rounding.carried(Stage::Component, clamped);
    if by_component {
        carry("total", None, total, total_carried);
    }
    if total_carried != sum {
        caps.push(Cap::new(
            if sum > max_points {
                "total_max"
            } else {
                "total_min"
            },
            total,
            sum,
        ));
    }
    let index_raw = if max_points > Decimal::ZERO {
        d::percent(total_carried, max_points, path)?
    } else {
        Decimal::ZERO
    };
    let index = rounding.at(Stage::Index, index_raw);
    // The band is found from the index as carried (unrounded where its rounding is only shown).
    let classed = rounding.carried(Stage::Index, index_raw);
    if shown_only(Stage::Index) {
        carry("index", None, index, index_raw);
    }
    let (band, band_label) = def
        .bands
        .iter()
        .position(|b| in_band(classed, b.min, b.min_inclusive, b.max, b.max_inclusive))
        .map(|b| rs.band_names()[b].clone())
        .ok_or_else(|| Error::input(issue!("input.no_band:index", path, index = classed)))?;
    Ok(Total {
        max_points,
        total,
        index_raw,
        index,
        band,
        band_label,
        carried,
    })
}

/// The ranking block of the unit: given, or its level, group or parent's. A unit of a level ranked
/// by parent is always in its parent's block, `level/parent` (S10: each district ranks its own
/// communes; a block naming another is refused before this); without a parent, the block given
/// names the parent (`tan_lac` or `commune/tan_lac`: a district scoring its own communes).
#[inline(always)]
pub(super) fn block_of(
    block: &Option<String>,
    ldef: &Level,
    level: &CLevel,
    group_id: &str,
    parent: &Option<String>,
) -> String {
    match (block, ldef.block_by) {
        (_, BlockBy::Parent) => {
            let parent = (parent.as_deref())
                .filter(|p| !p.trim().is_empty())
                .or_else(|| {
                    let b = block.as_deref().unwrap_or_default().trim();
                    Some(
                        b.strip_prefix(&*level.id)
                            .and_then(|b| b.strip_prefix('/'))
                            .unwrap_or(b),
                    )
                })
                .unwrap_or_default();
            format!("{}/{}", level.id, parent)
        }
        (Some(b), _) => b.clone(),
        (None, BlockBy::Level) => level.id.to_string(),
        (None, BlockBy::Group) => group_id.to_string(),
    }
}

/// A field's sub-index: `points / max × 100` (28 significant digits) rounded at the index stage.
///
/// For positive points of few places over a maximum below 10^15, the rounded value is computed
/// exactly on integers instead (`d::percent_rounded`): the same decimal, since the exact quotient
/// is then either a number of at most four places (which the 28-digit quotient holds exactly) or
/// farther than 10^-22 from every such number, far more than the 28-digit quotient is off by, so
/// both round alike. Anything else takes the division.
fn sub_index(
    points: Decimal,
    max: Decimal,
    rounding: &Rounding,
    path: &ItemPath,
) -> Result<Decimal> {
    if points > Decimal::ZERO
        && points.scale() <= 4
        && max.scale() <= 4
        && rounding.scale <= 4
        && max.mantissa() < 1_000_000_000_000_000
        && rounding.stages.contains(&Stage::Index)
    {
        if let Some(v) = d::percent_rounded(points, max, rounding.scale, rounding.mode) {
            return Ok(v);
        }
    }
    Ok(rounding.at(Stage::Index, d::percent(points, max, path)?))
}
