//! Leaves scored on integers: a leaf's rule prepared, when the rule set is compiled, for an item
//! that gives one fact and nothing else (most items). Every outcome that depends on the rule alone
//! (met / not met, a choice, a band, below the threshold) is rounded at the leaf stage and held
//! within the leaf's bounds in advance; a count's points and a proportional share are computed on
//! integers at the rule set's scale, with the same exact rounding.
//!
//! The points are those of the general evaluation (`score::eval_leaf`, rounding, the leaf's bounds)
//! bit for bit; a test checks this against it. Anything else — entered points, a zero denominator,
//! a percentage given directly, a fact the rule does not take, a value that would be an error, a
//! rule whose numbers do not fit — is left to the general evaluation (`eval` gives `None`).

use crate::decimal::RoundingMode;
use crate::input::Fact;
use crate::model::{Rounding, Rule, Stage};
use crate::ruleset::CNode;
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
    /// `bands` on a rate: each band's bounds (scale units of a percentage) and points.
    Bands(Box<[QBand]>),
    /// `proportional` on a rate.
    Proportional {
        /// The threshold (scale units) and whether reaching it passes.
        threshold: Option<(u64, bool)>,
        below: Decimal,
        /// `full_at` in scale units.
        full: u64,
        /// `max / full_at`, so that the points are `min(rate, full) × share`.
        share: Share,
    },
}

#[derive(Debug, Clone)]
pub(crate) struct QBand {
    min: u64,
    min_inclusive: bool,
    max: u64,
    max_inclusive: bool,
    points: Decimal,
}

/// Points `x × num / den` in scale units, rounded with the rule set's mode, then held within
/// `[lo, hi]` (scale units, the leaf's rounded bounds `lo_d` and `hi_d`).
#[derive(Debug, Clone)]
pub(crate) struct Share {
    num: u128,
    den: u128,
    lo: i128,
    hi: i128,
    lo_d: Decimal,
    hi_d: Decimal,
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
    Some(v.mantissa() * 10i128.pow(scale - s))
}

fn nonneg(v: Decimal, scale: u32) -> Option<u64> {
    u64::try_from(units(v, scale)?).ok()
}

/// `n / d` rounded with `mode` (both non-negative, `d > 0`): the rounding of `decimal::ratio`.
#[inline]
fn div_round(n: u128, d: u128, mode: RoundingMode) -> u128 {
    let (q, r) = match (u64::try_from(n), u64::try_from(d)) {
        (Ok(n), Ok(d)) => (u128::from(n / d), u128::from(n % d)),
        _ => (n / d, n % d),
    };
    let away = r != 0
        && match mode {
            RoundingMode::HalfUp => 2 * r >= d,
            RoundingMode::HalfEven => 2 * r > d || (2 * r == d && q % 2 != 0),
            RoundingMode::Down => false,
        };
    q + u128::from(away)
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
            num: m * 10u128.pow(scale),
            den: 10u128.pow(value.scale()) * u128::from(per),
            lo: units(node.lo, scale)?,
            hi: units(node.hi, scale)?,
            lo_d: node.lo,
            hi_d: node.hi,
        })
    }

    /// The points for `x`, or `None` when they do not fit.
    #[inline]
    fn of(&self, x: u64, mode: RoundingMode, scale: u32) -> Option<Decimal> {
        let q = i128::try_from(div_round(
            u128::from(x).checked_mul(self.num)?,
            self.den,
            mode,
        ))
        .ok()?;
        Some(if q < self.lo {
            self.lo_d
        } else if q > self.hi {
            self.hi_d
        } else {
            Decimal::try_from_i128_with_scale(q, scale).ok()?
        })
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
            _ => return None,
        })
    }

    /// The leaf's points for `fact`, or `None` for the general evaluation.
    #[inline]
    pub(crate) fn eval(&self, fact: &Fact, rounding: &Rounding) -> Option<Decimal> {
        let (scale, mode) = (rounding.scale, rounding.mode);
        // S9: the percentage from the counts first, rounded at the rule set's scale.
        let rate = |n: u64, d: u64| -> Option<u64> {
            if d == 0 || n > d {
                return None;
            }
            let n = u128::from(n) * 100 * 10u128.pow(scale);
            u64::try_from(div_round(n, u128::from(d), mode)).ok()
        };
        match (self, fact) {
            (Quick::Met(met, not_met), Fact::Met(m)) => Some(if *m { *met } else { *not_met }),
            (Quick::Choice(options), Fact::Choice(id)) => {
                options.iter().find(|(o, _)| **o == **id).map(|(_, p)| *p)
            }
            (Quick::Count(share), Fact::Count(n)) => share.of(*n, mode, scale),
            (Quick::Bands(bands), Fact::Rate(n, d)) => {
                let pct = rate(*n, *d)?;
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
                    .map(|b| b.points)
            }
            (
                Quick::Proportional {
                    threshold,
                    below,
                    full,
                    share,
                },
                Fact::Rate(n, d),
            ) => {
                let pct = rate(*n, *d)?;
                let passes = match *threshold {
                    None => true,
                    Some((t, true)) => pct >= t,
                    Some((t, false)) => pct > t,
                };
                if passes {
                    share.of(pct.min(*full), mode, scale)
                } else {
                    Some(*below)
                }
            }
            _ => None,
        }
    }
}
