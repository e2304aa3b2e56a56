//! C7 `outcome_ratio`: Σ outcome count / denominator × weight. Facts: `outcomes` and
//! `denominator`. The rule declares which percentage S9 rounds (`percentage_of`): each outcome's
//! (the default), or the weighted rate once.

use super::{percent_of, Ev, Lcg, LeafOut, Names, Raw};
use crate::def::check::{check_points, dup_ids, Ids, V};
use crate::def::{Description, Node, Outcome, OutcomePercentage, Stage};
use crate::error::Lang;
use crate::error::{excerpt, issue, key_path, Error, Result};
use crate::input::{fact_bit, ItemInput};
use crate::result::{Branch, OutcomePart};
use crate::support::decimal as d;
use crate::support::decimal::show;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

pub(super) const DESCRIPTION: Description = Description {
    vi: "Với mỗi kết quả, tính tỷ lệ phần trăm trên tổng số (làm tròn) rồi nhân với trọng số của nó; điểm là tổng các tích đó.",
    en: "For each outcome, its percentage of the total (rounded) times its weight; the points are the sum.",
};

/// The sentence of the `weighted_rate` reading.
pub(super) const DESCRIPTION_WEIGHTED: Description = Description {
    vi: "Tính tỷ lệ có trọng số một lần: (số lượng × trọng số, cộng lại) / (tổng số × trọng số cao nhất), ra phần trăm (làm tròn một lần), rồi nhân với trọng số cao nhất.",
    en: "The weighted rate once: Σ count × weight / (total × the highest weight), as a percentage (rounded once), times the highest weight.",
};

pub(super) const FACTS: u16 = fact_bit::OUTCOMES | fact_bit::DENOMINATOR;

/// The branch in words, as the explanation says it ([`crate::NodeScore::text`]): each
/// outcome (by its label) with its percentage times its weight, or (`weighted_rate`) the weighted rate `pct` (as the
/// explanation shows it) of the counts over the denominator `den`, times the highest weight.
pub(super) fn words(
    parts: &[OutcomePart],
    percentage_of: OutcomePercentage,
    pct: &str,
    den: u64,
    names: Names<'_>,
) -> String {
    let lang = names.lang;
    match percentage_of {
        OutcomePercentage::WeightedRate => {
            let top = show(parts.iter().map(|p| p.weight).max().unwrap_or_default());
            let sum = (parts.iter())
                .map(|p| format!("{} {}×{}", names.of(&p.id), p.count, show(p.weight)))
                .collect::<Vec<_>>()
                .join(" + ");
            match lang {
                Lang::Vi => {
                    format!("Tỷ lệ có trọng số {pct} = ({sum}) / ({den}×{top}), nhân {top}")
                }
                Lang::En => format!("Weighted rate {pct} = ({sum}) / ({den}×{top}), times {top}"),
            }
        }
        OutcomePercentage::EachOutcome => {
            let sum = (parts.iter())
                .map(|p| format!("{} {}% × {}", names.of(&p.id), p.percentage, show(p.weight)))
                .collect::<Vec<_>>()
                .join(" + ");
            format!(
                "{}: {sum}",
                lang.pick(
                    "Tính theo tỷ lệ từng kết quả",
                    "By the rate of each outcome"
                )
            )
        }
    }
}

pub(super) fn validate(
    v: &mut V,
    n: &Node,
    outcomes: &[Outcome],
    zero_denominator_points: Decimal,
    path: &str,
) {
    if outcomes.is_empty() {
        v.issue(issue!("ruleset.empty:outcomes", format!("{path}.outcomes")));
    }
    dup_ids(
        v,
        Ids::Outcome,
        outcomes
            .iter()
            .enumerate()
            .map(|(i, o)| (o.id.as_str(), format!("{path}.outcomes[{i}].id"))),
    );
    let best = outcomes.iter().map(|o| o.weight).max().unwrap_or_default();
    check_points(v, n, best, format!("{path}.outcomes"));
    for (i, o) in outcomes.iter().enumerate() {
        if o.weight < Decimal::ZERO {
            v.issue(issue!(
                "ruleset.negative_weight",
                format!("{path}.outcomes[{i}].weight")
            ));
        }
    }
    check_points(
        v,
        n,
        zero_denominator_points,
        format!("{path}.zero_denominator_points"),
    );
}

pub(super) fn declared(
    outcomes: &[Outcome],
    zero_denominator_points: Decimal,
    f: &mut dyn FnMut(Decimal, &dyn Fn() -> String),
) {
    for (i, o) in outcomes.iter().enumerate() {
        f(o.weight, &|| format!("outcomes[{i}].weight"));
    }
    f(zero_denominator_points, &|| {
        "zero_denominator_points".into()
    });
}

pub(super) fn evaluate(
    ev: &Ev<'_>,
    outcomes: &[Outcome],
    zero_denominator_points: Decimal,
    percentage_of: OutcomePercentage,
) -> Result<LeafOut> {
    let (facts, ipath, code) = (ev.facts, ev.ipath, ev.code);
    let den = facts.denominator().ok_or_else(|| ev.need("denominator"))?;
    for k in facts.outcomes().keys() {
        if !outcomes.iter().any(|o| &o.id == k) {
            return Err(Error::input(issue!(
                "input.unknown_outcome",
                key_path(&format!("{ipath}.outcomes"), k),
                code,
                outcome = excerpt(k),
                outcomes = (outcomes.iter())
                    .map(|o| o.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
    }
    // Summed as u128: a sum of u64 counts that wrapped at 2^64 passed this check once (issue 21:
    // outcomes 18446744073709551615 and 2 of a denominator of 1).
    let total = (facts.outcomes().values())
        .try_fold(0u128, |sum, &n| sum.checked_add(u128::from(n)))
        .ok_or_else(|| {
            Error::Arithmetic(issue!(
                "arithmetic.overflow:outcomes",
                format!("{ipath}.outcomes")
            ))
        })?;
    if total > u128::from(den) {
        return Err(Error::input(issue!(
            "input.numerator_above_denominator:outcomes",
            format!("{ipath}.outcomes"),
            code,
            total,
            denominator = den
        )));
    }
    if den == 0 {
        return Ok(ev.simple(zero_denominator_points, Branch::ZeroDenominator));
    }
    if percentage_of == OutcomePercentage::WeightedRate {
        return weighted_rate(ev, outcomes, den);
    }
    let mut raw = Decimal::ZERO;
    let mut parts = Vec::new();
    for o in outcomes {
        let count = facts.outcomes().get(&o.id).copied().unwrap_or(0);
        let (_, pct) = percent_of(count, den, ev.rounding, false, &ipath)?;
        raw = d::add(
            raw,
            d::div(d::mul(pct, o.weight, &ipath)?, Decimal::ONE_HUNDRED, &ipath)?,
            &ipath,
        )?;
        if ev.explain {
            parts.push(OutcomePart {
                id: o.id.clone(),
                count,
                percentage: pct,
                weight: o.weight,
            });
        }
    }
    Ok(ev.simple(
        raw,
        Branch::OutcomeRatio {
            parts,
            percentage_of: OutcomePercentage::EachOutcome,
        },
    ))
}

/// The `weighted_rate` reading (S9, C7): the percentage is Σ count × weight / (denominator ×
/// the highest weight) × 100, rounded once at the percentage stage (exactly, from the fraction);
/// the points are that percentage × the highest weight / 100. All weights zero: 0%, 0 points.
fn weighted_rate(ev: &Ev<'_>, outcomes: &[Outcome], den: u64) -> Result<LeafOut> {
    let (facts, ipath) = (ev.facts, &ev.ipath);
    let top = outcomes.iter().map(|o| o.weight).max().unwrap_or_default();
    let mut weighted = Decimal::ZERO;
    let mut parts = Vec::new();
    for o in outcomes {
        let count = facts.outcomes().get(&o.id).copied().unwrap_or(0);
        weighted = d::add(
            weighted,
            d::mul(Decimal::from(count), o.weight, ipath)?,
            ipath,
        )?;
        if ev.explain {
            parts.push(OutcomePart {
                id: o.id.clone(),
                count,
                percentage: d::percent(Decimal::from(count), Decimal::from(den), ipath)?,
                weight: o.weight,
            });
        }
    }
    let (pct_raw, pct) = if top > Decimal::ZERO {
        let num = d::mul(weighted, Decimal::ONE_HUNDRED, ipath)?;
        let whole = d::mul(Decimal::from(den), top, ipath)?;
        let exact = || d::div(num, whole, ipath);
        let pct = match ev.rounding.ratio_at(Stage::Percentage, num, whole) {
            Some(v) => v,
            None => ev.rounding.at(Stage::Percentage, exact()?),
        };
        (if ev.explain { Some(exact()?) } else { None }, pct)
    } else {
        (ev.explain.then_some(Decimal::ZERO), Decimal::ZERO)
    };
    let raw = d::div(d::mul(pct, top, ipath)?, Decimal::ONE_HUNDRED, ipath)?;
    Ok(LeafOut {
        raw: Raw::exact(raw),
        pct_raw,
        pct: Some(pct),
        branch: ev.explain.then_some(Branch::OutcomeRatio {
            parts,
            percentage_of: OutcomePercentage::WeightedRate,
        }),
    })
}

#[allow(clippy::arithmetic_side_effects)] // Below 30.
pub(super) fn synthetic(outcomes: &[Outcome], rng: &mut Lcg) -> ItemInput {
    let den = rng.below(30);
    let mut left = den;
    let mut counts = BTreeMap::new();
    for o in outcomes {
        let c = rng.below(left + 1);
        left -= c;
        counts.insert(o.id.clone(), c);
    }
    ItemInput::default()
        .with_outcomes(counts)
        .with_denominator(den)
}
