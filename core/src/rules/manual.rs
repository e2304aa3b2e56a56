//! `manual`: points entered by hand within the leaf's range, on the rule's steps. Fact: `points`.

use super::{Ev, Lcg, LeafOut};
use crate::def::check::V;
use crate::def::{Description, Node};
use crate::error::Lang;
use crate::error::{issue, Error, Result};
use crate::input::{fact_bit, ItemInput};
use crate::result::Branch;
use crate::support::decimal::{multiple, show};
use rust_decimal::Decimal;

pub(super) const DESCRIPTION: Description = Description {
    vi: "Lấy số điểm được nhập tay, trong khoảng điểm của tiêu chí và theo bước điểm (nếu có).",
    en: "Takes the points entered by hand, within the criterion's range and on its step (if any).",
};

pub(super) const FACTS: u16 = fact_bit::POINTS;

/// The branch in words, as the explanation says it ([`crate::NodeScore::text`]): points
/// entered directly.
pub(super) fn words(lang: Lang) -> &'static str {
    lang.pick("Điểm nhập trực tiếp", "Points entered directly")
}

pub(super) fn validate(v: &mut V, n: &Node, step: Option<Decimal>, path: &str) {
    if let Some(s) = step {
        if s <= Decimal::ZERO {
            v.issue(issue!("ruleset.step", format!("{path}.step")));
        } else if !multiple(n.max_points, s) || !multiple(n.min(), s) {
            v.issue(issue!(
                "ruleset.step:multiple",
                format!("{path}.step"),
                max = show(n.max_points),
                min = show(n.min()),
                step = show(s),
            ));
        }
    }
}

pub(super) fn declared(step: Option<Decimal>, f: &mut dyn FnMut(Decimal, &dyn Fn() -> String)) {
    if let Some(p) = step {
        f(p, &|| "step".into());
    }
}

pub(super) fn evaluate(ev: &Ev<'_>, step: Option<Decimal>) -> Result<LeafOut> {
    let p = ev.points_given()?;
    if let Some(s) = step {
        if !multiple(p, s) {
            return Err(Error::input(issue!(
                "input.points_step",
                format!("{}.points", ev.ipath),
                points = show(p),
                step = show(s),
                code = ev.code
            )));
        }
    }
    Ok(ev.simple(p, Branch::Manual))
}

// Synthetic data: the numbers of a valid rule set, far within a decimal's range.
#[allow(clippy::arithmetic_side_effects)]
pub(super) fn synthetic(
    step: Option<Decimal>,
    max: Decimal,
    min: Decimal,
    rng: &mut Lcg,
) -> ItemInput {
    let s = step.unwrap_or(Decimal::new(25, 2));
    let steps = ((max - min) / s).trunc();
    let k = rng.below(steps.try_into().unwrap_or(0u64) + 1);
    ItemInput::default().with_points(min + s * Decimal::from(k))
}
