//! C2 `met`: met or not met. Fact: `met`.

use super::{Ev, Lcg, LeafOut};
use crate::def::check::{check_points, V};
use crate::def::{Description, Node};
use crate::error::Lang;
use crate::error::Result;
use crate::input::{fact_bit, ItemInput};
use crate::result::Branch;
use rust_decimal::Decimal;

pub(super) const DESCRIPTION: Description = Description {
    vi: "Đạt hoặc không đạt: đạt được điểm khi đạt (mặc định là điểm tối đa), không đạt được điểm khi không đạt (mặc định 0).",
    en: "Met or not met: the points when met (by default the maximum), else the points when not met (by default 0).",
};

pub(super) const FACTS: u16 = fact_bit::MET;

/// The branch in words, as the explanation says it ([`crate::NodeScore::text`]): met or not.
pub(super) fn words(met: bool, lang: Lang) -> &'static str {
    match met {
        true => lang.pick("Đạt yêu cầu", "Requirement met"),
        false => lang.pick("Chưa đạt yêu cầu", "Requirement not met"),
    }
}

pub(super) fn validate(
    v: &mut V,
    n: &Node,
    points_met: Option<Decimal>,
    points_not_met: Option<Decimal>,
    path: &str,
) {
    if let Some(p) = points_met {
        check_points(v, n, p, format!("{path}.points_met"));
    }
    if let Some(p) = points_not_met {
        check_points(v, n, p, format!("{path}.points_not_met"));
    }
}

pub(super) fn declared(
    points_met: Option<Decimal>,
    points_not_met: Option<Decimal>,
    f: &mut dyn FnMut(Decimal, &dyn Fn() -> String),
) {
    if let Some(p) = points_met {
        f(p, &|| "points_met".into());
    }
    if let Some(p) = points_not_met {
        f(p, &|| "points_not_met".into());
    }
}

pub(super) fn evaluate(
    ev: &Ev<'_>,
    points_met: Option<Decimal>,
    points_not_met: Option<Decimal>,
) -> Result<LeafOut> {
    let met = ev.facts.met().ok_or_else(|| ev.need("met"))?;
    let p = if met {
        points_met.unwrap_or(ev.max)
    } else {
        points_not_met.unwrap_or_default()
    };
    Ok(ev.simple(p, Branch::Met { met }))
}

pub(super) fn synthetic(rng: &mut Lcg) -> ItemInput {
    ItemInput::default().with_met(rng.below(5) > 0)
}
