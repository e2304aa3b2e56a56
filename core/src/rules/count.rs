//! C6 `count`: points per counted item, held at the maximum. Fact: `count`.

use super::{Ev, Lcg, LeafOut};
use crate::def::check::V;
use crate::def::Description;
use crate::error::Lang;
use crate::error::{issue, Result};
use crate::input::{fact_bit, ItemInput};
use crate::result::Branch;
use crate::support::decimal as d;
use crate::support::decimal::show;
use rust_decimal::Decimal;

pub(super) const DESCRIPTION: Description = Description {
    vi: "Điểm = số lượng đếm được × số điểm mỗi lần, không quá điểm tối đa.",
    en: "Points = the number counted × the points each, at most the maximum.",
};

pub(super) const FACTS: u16 = fact_bit::COUNT;

/// The branch in words, as the explanation says it ([`crate::NodeScore::text`]): the number
/// counted times the points each.
pub(super) fn words(count: u64, points_each: Decimal, lang: Lang) -> String {
    let each = show(points_each);
    match lang {
        Lang::Vi => format!("Tính theo số lượng: {count} × {each} điểm"),
        Lang::En => format!("By number: {count} × {each} points"),
    }
}

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
