//! C5 `normalized`: the unit's value over the best value among the units scored together, times
//! the maximum. Fact: `value`. The best value and the warning of an outlier among them are this
//! kind's too.

use super::{Ev, ItemPath, Lcg, LeafOut, Raw};
use crate::def::check::{check_points, V};
use crate::def::{Description, Node, Rule};
use crate::error::Lang;
use crate::error::{issue, Error, Issue, Result};
use crate::input::{fact_bit, ItemInput};
use crate::result::Branch;
use crate::support::decimal::{self as d, show};
use rust_decimal::Decimal;
use std::sync::Arc;

pub(super) const DESCRIPTION: Description = Description {
    vi: "Điểm = giá trị của đơn vị / giá trị cao nhất trong các đơn vị được chấm cùng × điểm tối đa.",
    en: "Points = the unit's value / the best value among the units scored together × the maximum.",
};

pub(super) const FACTS: u16 = fact_bit::VALUE;

/// The branch in words, as the explanation says it ([`crate::NodeScore::text`]): the
/// unit's value over the best (of the unit `holder` names, by its name and id — the id alone when
/// it is the name —, or the unit's own), times the maximum `max`.
pub(super) fn words(
    value: Decimal,
    best: Decimal,
    holder: Option<(&str, Option<&str>)>,
    max: Decimal,
    lang: Lang,
) -> String {
    let (value, best, max) = (show(value), show(best), show(max));
    let who = |(id, name): (&str, Option<&str>)| match name.filter(|n| !n.is_empty() && *n != id) {
        Some(name) => format!("{name} ({id})"),
        None => id.to_string(),
    };
    let of = match (holder, lang) {
        (Some(h), Lang::Vi) => format!("của {}", who(h)),
        (Some(h), Lang::En) => format!("of {}", who(h)),
        (None, _) => lang.pick("của chính đơn vị", "the unit's own").to_string(),
    };
    match lang {
        Lang::Vi => format!(
            "So với giá trị cao nhất: {value} / {best} (giá trị cao nhất, {of}) × {max} (điểm tối đa)"
        ),
        Lang::En => {
            format!("Relative to the best: {value} / {best} (the best, {of}) × {max} (the maximum)")
        }
    }
}

/// The branch of a best value of zero in words.
pub(super) fn zero_best_words(lang: Lang) -> &'static str {
    lang.pick(
        "Giá trị cao nhất của các đơn vị bằng 0: được số điểm quy định cho trường hợp này",
        "The best value among the units is 0: the points the rule set declares for this case",
    )
}

/// How many times the next highest value a normalised leaf's best value (C5) may be before it is
/// an outlier, when the rule declares no `outlier_factor`.
pub const DEFAULT_OUTLIER_FACTOR: Decimal = Decimal::TEN;

/// The best value of a normalised leaf (C5) among the units scored together, and who gives it.
#[derive(Debug, Clone, PartialEq)]
pub struct BestValue {
    /// The highest value.
    pub value: Decimal,
    /// The id of the unit giving it (the first in input order, when several do).
    pub unit: Arc<str>,
    /// That unit's name.
    pub name: Arc<str>,
    /// The highest value of the other units (equal to `value` when two give it), if any.
    pub next: Option<Decimal>,
    /// The rule's outlier factor (`outlier_factor`, default [`DEFAULT_OUTLIER_FACTOR`]) when
    /// `value` is more than that many times `next` (which is above zero): every unit scored
    /// against it is warned (`input.normalized_outlier`).
    pub outlier: Option<Decimal>,
}

pub(super) fn validate(
    v: &mut V,
    n: &Node,
    zero_best_points: Decimal,
    max_value: Option<Decimal>,
    outlier_factor: Option<Decimal>,
    path: &str,
) {
    check_points(v, n, zero_best_points, format!("{path}.zero_best_points"));
    if max_value.is_some_and(|m| m <= Decimal::ZERO) {
        v.issue(issue!("ruleset.max_value", format!("{path}.max_value")));
    }
    if outlier_factor.is_some_and(|f| f <= Decimal::ONE) {
        v.issue(issue!(
            "ruleset.outlier_factor",
            format!("{path}.outlier_factor")
        ));
    }
}

pub(super) fn declared(zero_best_points: Decimal, f: &mut dyn FnMut(Decimal, &dyn Fn() -> String)) {
    f(zero_best_points, &|| "zero_best_points".into());
}

pub(super) fn evaluate(
    ev: &Ev<'_>,
    zero_best_points: Decimal,
    max_value: Option<Decimal>,
) -> Result<LeafOut> {
    let ipath = ev.ipath;
    let value = ev.facts.value().ok_or_else(|| ev.need("value"))?;
    if value < Decimal::ZERO {
        return Err(Error::input(issue!(
            "input.negative_value",
            format!("{ipath}.value")
        )));
    }
    if let Some(m) = max_value.filter(|m| value > *m) {
        return Err(Error::input(issue!(
            "input.value_above_max",
            format!("{ipath}.value"),
            value = show(value),
            max = show(m),
            code = ev.code
        )));
    }
    // The batch's best value, or the unit's own when it is higher (a unit the best was not
    // gathered from).
    let (best, holder) = match ev.best.get(&ev.at) {
        Some(b) if b.value >= value => (b.value, Some(b)),
        _ => (value, None),
    };
    let max = ev.max;
    if best.is_zero() {
        Ok(ev.simple(zero_best_points, Branch::ZeroBest))
    } else {
        Ok(LeafOut {
            raw: Raw::ratio(
                d::checked_mul(value, max).ok_or_else(|| {
                    Error::Arithmetic(issue!(
                        "arithmetic.overflow:normalized",
                        format!("{ipath}.value"),
                        value = show(value),
                        max = show(max),
                    ))
                })?,
                best,
            ),
            pct_raw: None,
            pct: None,
            branch: ev.explain.then(|| Branch::Normalized {
                value,
                best,
                best_unit: holder.map(|b| b.unit.to_string()),
                best_name: holder.map(|b| b.name.to_string()),
            }),
        })
    }
}

/// The warning of a unit whose value of normalised leaf `code` (rule `rule`) is measured against a
/// best value that is an outlier (C5): more than the rule's factor times the next highest value.
pub(crate) fn outlier_warning(
    rule: Option<&Rule>,
    code: &str,
    item: Option<&ItemInput>,
    best: Option<&BestValue>,
    ipath: ItemPath<'_>,
) -> Option<Issue> {
    let (b, factor) = best.and_then(|b| Some((b, b.outlier?)))?;
    let value = item?.value()?;
    if !matches!(rule, Some(Rule::Normalized { .. })) || value > b.value {
        return None;
    }
    let key = if value == b.value {
        "input.normalized_outlier:own"
    } else {
        "input.normalized_outlier"
    };
    Some(issue!(
        key,
        format!("{ipath}.value"),
        code,
        best = show(b.value),
        unit = b.unit,
        name = b.name,
        factor = show(factor),
        next = show(b.next.unwrap_or_default()),
    ))
}

pub(super) fn synthetic(rng: &mut Lcg) -> ItemInput {
    ItemInput::default().with_value(Decimal::from(rng.below(1000)))
}
