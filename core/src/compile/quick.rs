//! Leaves scored on integers (feature `fast-score`): a leaf's rule prepared, when the rule set is
//! compiled, for an item whose points come from its facts (no points entered, not marked not
//! applicable: most items). Every outcome that depends on the rule alone (met / not met, a choice,
//! a band, below the threshold, a zero denominator of outcomes) is rounded at the leaf stage and
//! held within the leaf's bounds in advance; a count's points, a proportional share, a survey's
//! share, points given, deductions and weighted outcomes are computed on integers at the rule
//! set's scale, with the same exact rounding, the percentage first (S9).
//!
//! The points are those of the general evaluation (`score::eval_leaf`, rounding, the leaf's bounds)
//! bit for bit; tests check this against it. Anything else — entered points, a rate's zero
//! denominator, a percentage or points given with more places than the scale, a fact the rule
//! does not take, a value that would be an error, a rule whose numbers do not fit — is left to the
//! general evaluation (`Quick::got` gives `None`).
//!
//! Arithmetic here is checked (the lint below refuses an unchecked operator): a product or sum that
//! would not fit leaves the item to the general evaluation.

#![deny(clippy::arithmetic_side_effects)]

use crate::compile::CNode;
use crate::decimal::{div_round, RoundingMode};
use crate::def::{OutcomePercentage, Rounding, Rule, Stage};
use crate::input::fact_bit::{DENOMINATOR, EVENTS, OUTCOMES};
use crate::input::{Fact, ItemInput};
use rust_decimal::Decimal;

/// A leaf's rule, prepared. `General` where the general evaluation is always used.
#[derive(Debug, Clone, Default)]
pub(crate) enum Quick {
    #[default]
    General,
    /// `met`: the points when met and when not.
    Met(Decimal, Decimal),
    /// `choice`: each option's id and points.
    Choice(Box<[(Box<str>, Decimal)]>),
    /// `count`: `count × each`, where `each = num / den` scale units.
    Count(Share),
    /// `bands` on a rate or a percentage: each band's bounds (scale units of a percentage) and
    /// points.
    Bands(Box<[QBand]>),
    /// `proportional` on a rate or a percentage.
    Proportional {
        /// The threshold (scale units) and whether reaching it passes.
        threshold: Option<(u64, bool)>,
        below: Decimal,
        /// `full_at` in scale units.
        full: u64,
        /// `max / full_at`, so that the points are `min(rate, full) × share`.
        share: Share,
    },
    /// `survey`: `max / 100` per percentage point.
    Survey(Share),
    /// `external` and `manual`: the range and step of the points given, in scale units.
    Points {
        min: i128,
        max: i128,
        step: Option<i128>,
        bounds: Bounds,
    },
    /// `deductions`: the start and each deduction's points per event, in scale units.
    Deductions {
        start: i128,
        each: Box<[(Box<str>, i128)]>,
        bounds: Bounds,
    },
    /// `outcome_ratio`: each outcome's weight in units of `10^-s`, `per` = 100 × 10^s, and the
    /// points for a zero denominator. `s` is the rule set's scale, or the weights' own when they
    /// have more places (`0.375` at scale 2).
    Outcomes {
        weights: Box<[(Box<str>, u128)]>,
        per: u128,
        zero: Decimal,
        bounds: Bounds,
    },
}

/// A leaf's rounded bounds, in scale units and as the decimals themselves.
#[derive(Debug, Clone)]
pub(crate) struct Bounds {
    lo: i128,
    hi: i128,
    lo_d: Decimal,
    hi_d: Decimal,
}

impl Bounds {
    fn new(node: &CNode, scale: u32) -> Option<Bounds> {
        Some(Bounds {
            lo: units(node.lo, scale)?,
            hi: units(node.hi, scale)?,
            lo_d: node.lo,
            hi_d: node.hi,
        })
    }

    /// `q` scale units, held within the bounds (which are returned as they are).
    #[inline]
    fn hold(&self, q: i128, scale: u32) -> Option<Decimal> {
        Some(if q < self.lo {
            self.lo_d
        } else if q > self.hi {
            self.hi_d
        } else {
            Decimal::try_from_i128_with_scale(q, scale).ok()?
        })
    }
}

#[derive(Debug, Clone)]
pub(crate) struct QBand {
    min: u64,
    min_inclusive: bool,
    max: u64,
    max_inclusive: bool,
    points: Decimal,
}

/// Points `x × num / den` in scale units, rounded with the rule set's mode, then held within the
/// leaf's bounds.
#[derive(Debug, Clone)]
pub(crate) struct Share {
    num: u128,
    den: u128,
    bounds: Bounds,
}

/// The largest scale, and the bound on mantissas, of the numbers that take part: every product
/// stays far inside 96 bits, so the general evaluation's exact arithmetic never overflows where
/// this one is used, nor does this one.
const MAX_SCALE: u32 = 6;
const MANTISSA: u128 = 1_000_000_000;

/// `v` in units of `10^-scale`, when exact and small.
fn units(v: Decimal, scale: u32) -> Option<i128> {
    let s = v.scale();
    if s > scale || scale > MAX_SCALE || v.mantissa().unsigned_abs() >= MANTISSA {
        return None;
    }
    v.mantissa()
        .checked_mul(10i128.checked_pow(scale.checked_sub(s)?)?)
}

fn nonneg(v: Decimal, scale: u32) -> Option<u64> {
    u64::try_from(units(v, scale)?).ok()
}

impl Share {
    /// `value / per` points for each unit of `x` (a count, or a rate in scale units with `per` the
    /// rate of full points): `x × m × 10^scale / (10^s × per)` scale units, `m` and `s` the
    /// mantissa and scale of `value`.
    fn new(value: Decimal, per: u64, node: &CNode, scale: u32) -> Option<Share> {
        let m = u128::try_from(value.mantissa()).ok()?;
        if value.is_sign_negative() || per == 0 || value.scale() > MAX_SCALE || m >= MANTISSA {
            return None;
        }
        Some(Share {
            num: m.checked_mul(10u128.checked_pow(scale)?)?,
            den: (10u128.checked_pow(value.scale())?).checked_mul(u128::from(per))?,
            bounds: Bounds::new(node, scale)?,
        })
    }

    /// The points for `x`, or `None` when they do not fit.
    #[inline]
    fn of(&self, x: u64, mode: RoundingMode) -> Option<Got<'_>> {
        let q = div_round(u128::from(x).checked_mul(self.num)?, self.den, mode)?;
        Some(Got::Units(i128::try_from(q).ok()?, &self.bounds))
    }
}

/// What an item's facts give a leaf: points in scale units, to be held within the leaf's bounds,
/// or points of the rule set's, rounded and held in advance.
#[derive(Clone, Copy)]
pub(crate) enum Got<'q> {
    Units(i128, &'q Bounds),
    Fixed(&'q Decimal),
}

impl Got<'_> {
    /// The points, as the general evaluation gives them.
    #[inline]
    pub(crate) fn decimal(self, scale: u32) -> Option<Decimal> {
        match self {
            Got::Units(q, bounds) => bounds.hold(q, scale),
            Got::Fixed(p) => Some(*p),
        }
    }

    /// `crate::decimal::units` of [`Got::decimal`] (integer points of the scale), without making
    /// the decimal when the points are within the bounds: that decimal is `q` at the scale.
    #[cfg(feature = "fast-score")]
    #[inline]
    pub(crate) fn units(self, scale: u32) -> Option<i64> {
        match self {
            // (No prepared rule has a scale above `MAX_SCALE`: `q` fits a decimal.)
            Got::Units(q, b) if b.lo <= q && q <= b.hi => crate::decimal::small_units(q),
            got => crate::decimal::units(got.decimal(scale)?, scale),
        }
    }
}

impl Quick {
    /// Prepare `node`'s rule (after its `lo` and `hi` are set).
    pub(crate) fn new(node: &CNode, rounding: &Rounding) -> Quick {
        Self::build(node, rounding).unwrap_or_default()
    }

    fn build(node: &CNode, rounding: &Rounding) -> Option<Quick> {
        let scale = rounding.scale;
        if !rounding.stages.contains(&Stage::Leaf) || scale > MAX_SCALE {
            return None;
        }
        // A constant outcome as the general evaluation ends: rounded at the leaf stage, then held
        // within the leaf's (rounded) bounds.
        let fixed =
            |p: Decimal| crate::decimal::clamp(rounding.at(Stage::Leaf, p), node.lo, node.hi);
        let rates = rounding.stages.contains(&Stage::Percentage);
        // Ids are found by the first match: the general evaluation takes every one.
        fn distinct<'r>(ids: impl Iterator<Item = &'r str>) -> bool {
            let mut seen = std::collections::HashSet::new();
            ids.into_iter().all(|id| seen.insert(id))
        }
        Some(match node.rule.as_ref()? {
            Rule::Met {
                points_met,
                points_not_met,
            } => Quick::Met(
                fixed(points_met.unwrap_or(node.max)),
                fixed(points_not_met.unwrap_or_default()),
            ),
            Rule::Choice { options } => Quick::Choice(
                options
                    .iter()
                    .map(|o| (o.id.as_str().into(), fixed(o.points)))
                    .collect(),
            ),
            Rule::Count { points_each } => Quick::Count(Share::new(*points_each, 1, node, scale)?),
            Rule::Bands { bands, .. } if rates => Quick::Bands(
                bands
                    .iter()
                    .map(|b| {
                        Some(QBand {
                            min: nonneg(b.min, scale)?,
                            min_inclusive: b.min_inclusive,
                            max: nonneg(b.max, scale)?,
                            max_inclusive: b.max_inclusive,
                            points: fixed(b.points),
                        })
                    })
                    .collect::<Option<_>>()?,
            ),
            Rule::Proportional {
                threshold,
                threshold_inclusive,
                below_points,
                full_at,
                ..
            } if rates => {
                let full = nonneg(full_at.unwrap_or(Decimal::ONE_HUNDRED), scale)?;
                Quick::Proportional {
                    threshold: match threshold {
                        Some(t) => Some((nonneg(*t, scale)?, *threshold_inclusive)),
                        None => None,
                    },
                    below: fixed(below_points.unwrap_or_default()),
                    full,
                    share: Share::new(node.max, full, node, scale)?,
                }
            }
            Rule::Survey => {
                let full = 10u64.checked_pow(scale)?.checked_mul(100)?;
                Quick::Survey(Share::new(node.max, full, node, scale)?)
            }
            Rule::External | Rule::Manual { .. } => Quick::Points {
                min: units(node.min, scale)?,
                max: units(node.max, scale)?,
                step: match node.rule {
                    Some(Rule::Manual { step: Some(s) }) => {
                        Some(units(s, scale).filter(|&s| s > 0)?)
                    }
                    _ => None,
                },
                bounds: Bounds::new(node, scale)?,
            },
            Rule::Deductions { start, deductions }
                if distinct(deductions.iter().map(|d| d.id.as_str())) =>
            {
                Quick::Deductions {
                    start: units(start.unwrap_or(node.max), scale)?,
                    each: deductions
                        .iter()
                        .map(|d| Some((d.id.as_str().into(), units(d.points, scale)?)))
                        .collect::<Option<_>>()?,
                    bounds: Bounds::new(node, scale)?,
                }
            }
            // The `weighted_rate` reading is left to the general evaluation.
            Rule::OutcomeRatio {
                outcomes,
                zero_denominator_points,
                percentage_of: OutcomePercentage::EachOutcome,
            } if rates && distinct(outcomes.iter().map(|o| o.id.as_str())) => {
                let s = (outcomes.iter().map(|o| o.weight.scale())).fold(scale, u32::max);
                if s > MAX_SCALE {
                    return None;
                }
                Quick::Outcomes {
                    weights: outcomes
                        .iter()
                        .map(|o| {
                            Some((
                                o.id.as_str().into(),
                                u128::try_from(units(o.weight, s)?).ok()?,
                            ))
                        })
                        .collect::<Option<_>>()?,
                    per: 10u128.checked_pow(s)?.checked_mul(100)?,
                    zero: fixed(*zero_denominator_points),
                    bounds: Bounds::new(node, scale)?,
                }
            }
            _ => return None,
        })
    }

    /// What item `it` gives the leaf (`Got::decimal`: its points), or `None` for the general
    /// evaluation.
    #[inline]
    pub(crate) fn got(&self, it: &ItemInput, rounding: &Rounding) -> Option<Got<'_>> {
        let (fact, mask) = it.facts()?;
        let (scale, mode) = (rounding.scale, rounding.mode);
        // S9: the percentage from the counts first, rounded at the rule set's scale.
        let rate = |n: u64, d: u64| -> Option<u64> {
            if d == 0 || n > d {
                return None;
            }
            let n = u128::from(n).checked_mul(10u128.checked_pow(scale)?.checked_mul(100)?)?;
            u64::try_from(div_round(n, u128::from(d), mode)?).ok()
        };
        // A percentage given: as written, when it has no more places than the scale (rounding at
        // the percentage stage leaves it as it is), within 0–100 (else an error). A negative
        // zero is left to the general evaluation, which keeps its sign.
        let given = |p: Decimal| -> Option<u64> {
            let full = 10u64.checked_pow(scale)?.checked_mul(100)?;
            let u = nonneg(p, scale).filter(|&u| u <= full)?;
            (!p.is_sign_negative()).then_some(u)
        };
        let pct = || match *fact {
            Fact::Rate(n, d) => rate(n, d),
            Fact::Percentage(p) => given(p),
            _ => None,
        };
        match (self, fact) {
            (Quick::Met(met, not_met), Fact::Met(m)) => {
                Some(Got::Fixed(if *m { met } else { not_met }))
            }
            (Quick::Choice(options), Fact::Choice(id)) => options
                .iter()
                .find(|(o, _)| **o == **id)
                .map(|(_, p)| Got::Fixed(p)),
            (Quick::Count(share), Fact::Count(n)) => share.of(*n, mode),
            (Quick::Bands(bands), _) => {
                let pct = pct()?;
                bands
                    .iter()
                    .find(|b| {
                        (if b.min_inclusive {
                            pct >= b.min
                        } else {
                            pct > b.min
                        }) && (if b.max_inclusive {
                            pct <= b.max
                        } else {
                            pct < b.max
                        })
                    })
                    .map(|b| Got::Fixed(&b.points))
            }
            (
                Quick::Proportional {
                    threshold,
                    below,
                    full,
                    share,
                },
                _,
            ) => {
                let pct = pct()?;
                let passes = match *threshold {
                    None => true,
                    Some((t, true)) => pct >= t,
                    Some((t, false)) => pct > t,
                };
                if passes {
                    share.of(pct.min(*full), mode)
                } else {
                    Some(Got::Fixed(below))
                }
            }
            // C8: the start less each event's points (events of an unknown id, or so many that the
            // general evaluation could overflow, are left to it).
            (
                Quick::Deductions {
                    start,
                    each,
                    bounds,
                },
                _,
            ) if mask == EVENTS => {
                let mut raw = *start;
                for (id, &n) in it.events() {
                    let (_, p) = each.iter().find(|(d, _)| **d == **id)?;
                    raw = raw.checked_sub(i128::from(u32::try_from(n).ok()?).checked_mul(*p)?)?;
                }
                Some(Got::Units(raw, bounds))
            }
            // C7: the sum of each outcome's percentage (S9: rounded first) × its weight / 100.
            (
                Quick::Outcomes {
                    weights,
                    per,
                    zero,
                    bounds,
                },
                _,
            ) if mask == DENOMINATOR || mask == DENOMINATOR | OUTCOMES => {
                let (den, outcomes) = (it.denominator()?, it.outcomes());
                let mut total = 0u64;
                for (id, &n) in outcomes {
                    weights.iter().find(|(o, _)| **o == **id)?;
                    total = total.checked_add(n)?;
                }
                if total > den {
                    return None;
                }
                if den == 0 {
                    return Some(Got::Fixed(zero));
                }
                let mut sum = 0u128;
                for (id, w) in weights.iter() {
                    let n = outcomes.get(&**id).copied().unwrap_or(0);
                    sum = sum.checked_add(u128::from(rate(n, den)?).checked_mul(*w)?)?;
                }
                let q = div_round(sum, *per, mode)?;
                Some(Got::Units(i128::try_from(q).ok()?, bounds))
            }
            // C11: the survey's percentage × max / 100.
            (Quick::Survey(share), Fact::Percentage(p)) => share.of(given(*p)?, mode),
            // Points given for an `external` or `manual` rule: within the leaf's range and on its
            // step (else an error), they are the points.
            (
                Quick::Points {
                    min,
                    max,
                    step,
                    bounds,
                },
                Fact::Points(p),
            ) if !p.is_sign_negative() || !p.is_zero() => {
                let u = units(*p, scale)?;
                if u < *min || u > *max || step.is_some_and(|s| u.checked_rem(s) != Some(0)) {
                    return None;
                }
                Some(Got::Units(u, bounds))
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every leaf of the built-in rule set is prepared for the integer lane but the normalised
    /// ones, which need the batch's best value. (A rule the lane gives up on is still scored
    /// right, by the general evaluation, only slower: nothing else would notice.)
    #[test]
    fn builtin_leaves_take_the_lane_but_normalised_ones() {
        let rs = crate::builtin::ruleset(crate::builtin::DEFAULT_RULESET).unwrap();
        for level in rs.levels() {
            for n in level.nodes.iter().filter(|n| n.children.is_empty()) {
                let normalised = matches!(n.rule, Some(Rule::Normalized { .. }));
                let general = matches!(n.quick, Quick::General);
                assert_eq!(general, normalised, "{} {}", level.id, n.code);
            }
        }
    }
}
