//! C6 `count`: points per counted item, held at the maximum. Fact: `count`.

use super::{Ev, Lcg, LeafOut};
use crate::def::check::V;
use crate::def::Description;
use crate::error::{issue, Result};
use crate::input::{fact_bit, ItemInput};
use crate::result::Branch;
use crate::support::decimal as d;
use rust_decimal::Decimal;

pub(super) const DESCRIPTION: Description = Description {
    vi: "Điểm = số lượng đếm được × số điểm mỗi lần, không quá điểm tối đa.",
    en: "Points = the number counted × the points each, at most the maximum.",
};

pub(super) const FACTS: u16 = fact_bit::COUNT;

pub(super) fn validate(v: &mut V, points_each: Decimal, path: &str) {
    if points_each <= Decimal::ZERO {
        v.issue(issue!("ruleset.points_each", format!("{path}.points_each")));
    }
}

pub(super) fn declared(points_each: Decimal, f: &mut dyn FnMut(Decimal, &dyn Fn() -> String)) {
    f(points_each, &|| "points_each".into());
}

pub(super) fn evaluate(ev: &Ev<'_>, points_each: Decimal) -> Result<LeafOut> {
    let count = ev.facts.count().ok_or_else(|| ev.need("count"))?;
    let raw = d::mul(
        Decimal::from(count),
        points_each,
        &format_args!("{}.count", ev.ipath),
    )?;
    Ok(ev.simple(raw, Branch::Count { count, points_each }))
}

pub(super) fn synthetic(rng: &mut Lcg) -> ItemInput {
    ItemInput::default().with_count(rng.below(8))
}
