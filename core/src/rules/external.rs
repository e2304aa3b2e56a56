//! `external`: points supplied from outside (e.g. IT points published separately), within the
//! leaf's range. Fact: `points`.

use super::{Ev, LeafOut};
use crate::def::Description;
use crate::error::Lang;
use crate::error::Result;
use crate::input::{fact_bit, ItemInput};
use crate::result::Branch;
use rust_decimal::Decimal;

pub(super) const DESCRIPTION: Description = Description {
    vi: "Lấy số điểm do nơi khác cung cấp (trong khoảng điểm của tiêu chí).",
    en: "Takes the points supplied from outside (within the criterion's range).",
};

pub(super) const FACTS: u16 = fact_bit::POINTS;

/// The branch in words, as the explanation says it ([`crate::NodeScore::text`]): points
/// announced separately.
pub(super) fn words(lang: Lang) -> &'static str {
    lang.pick(
        "Điểm do nơi khác công bố riêng",
        "Points announced separately",
    )
}

pub(super) fn evaluate(ev: &Ev<'_>) -> Result<LeafOut> {
    let p = ev.points_given()?;
    Ok(ev.simple(p, Branch::External))
}

pub(super) fn synthetic(max: Decimal) -> ItemInput {
    ItemInput::default().with_points(max)
}
