//! C11 `survey`: a survey's percentage times the maximum. Fact: `percentage`.

use super::{Ev, Lcg, LeafOut, Raw};
use crate::def::Description;
use crate::error::Lang;
use crate::error::{issue, Error, Result};
use crate::input::{fact_bit, ItemInput};
use crate::result::Branch;
use crate::support::decimal::{self as d, show};
use rust_decimal::Decimal;

pub(super) const DESCRIPTION: Description = Description {
    vi: "Điểm = tỷ lệ phần trăm của khảo sát × điểm tối đa / 100.",
    en: "Points = the survey's percentage × the maximum / 100.",
};

pub(super) const FACTS: u16 = fact_bit::PERCENTAGE;

/// The branch in words, as the explanation says it ([`crate::NodeScore::text`]): the
/// survey's percentage `pct` times the maximum `max`.
pub(super) fn words(pct: &str, max: Decimal, lang: Lang) -> String {
    let max = show(max);
    match lang {
        Lang::Vi => format!("Theo kết quả khảo sát: {pct} × {max} (điểm tối đa)"),
        Lang::En => format!("From the survey: {pct} × {max} (the maximum)"),
    }
}

pub(super) fn evaluate(ev: &Ev<'_>) -> Result<LeafOut> {
    let ipath = ev.ipath;
    let p = ev.facts.percentage().ok_or_else(|| ev.need("percentage"))?;
    if p < Decimal::ZERO || p > Decimal::ONE_HUNDRED {
        return Err(Error::input(issue!(
            "input.percentage_out_of_range",
            format!("{ipath}.percentage"),
            percentage = show(p)
        )));
    }
    Ok(LeafOut {
        raw: Raw::ratio(d::mul(p, ev.max, &ipath)?, Decimal::ONE_HUNDRED),
        pct_raw: Some(p),
        pct: Some(p),
        branch: ev.explain.then_some(Branch::Survey),
    })
}

pub(super) fn synthetic(rng: &mut Lcg) -> ItemInput {
    ItemInput::default().with_percentage(rng.pct())
}
