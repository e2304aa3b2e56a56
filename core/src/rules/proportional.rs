//! C4/C12 `proportional`: points in proportion to a rate, full at `full_at`, with a threshold
//! below which `below_points` are given. Facts: `percentage`, or `numerator` and `denominator`
//! (S9: the percentage first, rounded).

use super::{rate, Ev, Lcg, LeafOut, Raw};
use crate::def::check::{check_pct, check_points, V};
use crate::def::{Description, Node};
use crate::error::Lang;
use crate::error::{issue, Result};
use crate::input::{fact_bit, ItemInput};
use crate::result::Branch;
use crate::support::decimal as d;
use crate::support::decimal::show;
use rust_decimal::Decimal;

pub(super) const DESCRIPTION: Description = Description {
    vi: "Tính tỷ lệ phần trăm trước (làm tròn); dưới ngưỡng được điểm dưới ngưỡng, từ ngưỡng trở lên được điểm tối đa × tỷ lệ / mức đạt điểm tối đa (không quá điểm tối đa).",
    en: "The percentage is computed first (rounded); below the threshold it gives the points below it, from the threshold up the maximum × rate / the rate of full points (at most the maximum).",
};

pub(super) const FACTS: u16 = fact_bit::PERCENTAGE | fact_bit::NUMERATOR | fact_bit::DENOMINATOR;

/// The branch in words, as the explanation says it ([`crate::NodeScore::text`]): the
/// percentage `pct` (as the explanation shows it; `rate`, the one the rule used) over the rate of
/// full points, times the maximum `max`.
pub(super) fn words(
    pct: &str,
    rate: Option<Decimal>,
    full_at: Decimal,
    max: Decimal,
    lang: Lang,
) -> String {
    let (full, max) = (show(full_at), show(max));
    match (rate.is_some_and(|r| r >= full_at), lang) {
        (true, Lang::Vi) => {
            format!("Tính theo tỷ lệ: {pct} đạt mức đủ điểm {full}% → {max} (điểm tối đa)")
        }
        (true, Lang::En) => format!(
            "In proportion to the rate: {pct} reaches {full}%, full points → {max} (the maximum)"
        ),
        (false, Lang::Vi) => format!("Tính theo tỷ lệ: {pct} / {full}% × {max} (điểm tối đa)"),
        (false, Lang::En) => {
            format!("In proportion to the rate: {pct} / {full}% × {max} (the maximum)")
        }
    }
}

/// The branch below the threshold in words: the percentage `pct` below it (or, where the threshold
/// itself is below it, not above it), given the points declared below it.
pub(super) fn below_words(pct: &str, threshold: Decimal, inclusive: bool, lang: Lang) -> String {
    let t = show(threshold);
    match (inclusive, lang) {
        (true, Lang::Vi) => format!("Tỷ lệ {pct} dưới ngưỡng {t}%: được điểm quy định dưới ngưỡng"),
        (false, Lang::Vi) => {
            format!("Tỷ lệ {pct} không vượt ngưỡng {t}%: được điểm quy định dưới ngưỡng")
        }
        (true, Lang::En) => {
            format!("Rate {pct} below the threshold {t}%: the points declared below it")
        }
        (false, Lang::En) => {
            format!("Rate {pct} not above the threshold {t}%: the points declared below it")
        }
    }
}

pub(super) fn validate(
    v: &mut V,
    n: &Node,
    threshold: Option<Decimal>,
    below_points: Option<Decimal>,
    full_at: Option<Decimal>,
    zero_denominator_points: Option<Decimal>,
    path: &str,
) {
    if let Some(t) = threshold {
        check_pct(v, t, format!("{path}.threshold"));
    }
    if let Some(f) = full_at {
        if f <= Decimal::ZERO || f > Decimal::ONE_HUNDRED {
            v.issue(issue!(
                "ruleset.percentage_range:full_at",
                format!("{path}.full_at")
            ));
        } else if let Some(t) = threshold {
            if t > f {
                v.issue(issue!(
                    "ruleset.threshold_above_full",
                    format!("{path}.threshold")
                ));
            }
        }
    }
    if let Some(p) = below_points {
        check_points(v, n, p, format!("{path}.below_points"));
    }
    if let Some(p) = zero_denominator_points {
        check_points(v, n, p, format!("{path}.zero_denominator_points"));
    }
}

pub(super) fn declared(
    below_points: Option<Decimal>,
    zero_denominator_points: Option<Decimal>,
    f: &mut dyn FnMut(Decimal, &dyn Fn() -> String),
) {
    if let Some(p) = below_points {
        f(p, &|| "below_points".into());
    }
    if let Some(p) = zero_denominator_points {
        f(p, &|| "zero_denominator_points".into());
    }
}

pub(super) fn evaluate(
    ev: &Ev<'_>,
    threshold: Option<Decimal>,
    threshold_inclusive: bool,
    below_points: Option<Decimal>,
    full_at: Option<Decimal>,
    zero_denominator_points: Option<Decimal>,
) -> Result<LeafOut> {
    match rate(ev.facts, ev.rounding, ev.ipath, ev.code, ev.explain)? {
        None => ev.zero_denominator(zero_denominator_points),
        Some((raw_pct, pct)) => {
            let passes = match threshold {
                None => true,
                Some(t) if threshold_inclusive => pct >= t,
                Some(t) => pct > t,
            };
            let (raw, branch) = if passes {
                let full = full_at.unwrap_or(Decimal::ONE_HUNDRED);
                let r = pct.min(full);
                (
                    Raw::ratio(d::mul(ev.max, r, &ev.ipath)?, full),
                    Branch::Proportional { full_at: full },
                )
            } else {
                (
                    Raw::exact(below_points.unwrap_or_default()),
                    Branch::BelowThreshold {
                        threshold: threshold.unwrap_or_default(),
                        inclusive: threshold_inclusive,
                    },
                )
            };
            Ok(LeafOut {
                raw,
                pct_raw: raw_pct,
                pct: Some(pct),
                branch: ev.explain.then_some(branch),
            })
        }
    }
}

pub(super) fn synthetic(rng: &mut Lcg) -> ItemInput {
    super::synthetic_rate(rng)
}
