//! C3/C12 `bands`: points by the band a percentage falls in. Facts: `percentage`, or `numerator`
//! and `denominator` (S9: the percentage first, rounded).

use super::{in_band, rate, Ev, Lcg, LeafOut};
use crate::def::check::{check_bands, check_points, Bands, V};
use crate::def::{Band, Description, Node};
use crate::error::Lang;
use crate::error::{issue, Error, Result};
use crate::input::{fact_bit, ItemInput};
use crate::result::Branch;
use crate::support::decimal::show;
use rust_decimal::Decimal;

pub(super) const DESCRIPTION: Description = Description {
    vi: "Tính tỷ lệ phần trăm trước (làm tròn), rồi cho số điểm của khoảng chứa tỷ lệ đó.",
    en: "The percentage is computed first (rounded), then the points of the band it falls in are given.",
};

pub(super) const FACTS: u16 = fact_bit::PERCENTAGE | fact_bit::NUMERATOR | fact_bit::DENOMINATOR;

/// The branch in words, as the explanation says it ([`crate::NodeScore::text`]): the
/// percentage `pct` (as the explanation shows it) and the band it falls in, its bounds in words
/// ("từ … đến dưới …": the lower one included, the upper one not).
pub(super) fn words(
    pct: &str,
    (min, min_inclusive): (Decimal, bool),
    (max, max_inclusive): (Decimal, bool),
    lang: Lang,
) -> String {
    let (min, max) = (show(min), show(max));
    match lang {
        Lang::Vi => format!(
            "Tỷ lệ {pct} thuộc khoảng {} {min}% {} {max}%",
            if min_inclusive { "từ" } else { "trên" },
            if max_inclusive {
                "đến"
            } else {
                "đến dưới"
            },
        ),
        Lang::En => format!(
            "Rate {pct} in the band {} {min}% and {} {max}%",
            if min_inclusive { "at least" } else { "above" },
            if max_inclusive { "at most" } else { "below" },
        ),
    }
}

pub(super) fn validate(
    v: &mut V,
    n: &Node,
    bands: &[Band],
    zero_denominator_points: Option<Decimal>,
    path: &str,
) {
    check_bands(
        v,
        bands
            .iter()
            .map(|b| (b.min, b.min_inclusive, b.max, b.max_inclusive))
            .collect(),
        &format!("{path}.bands"),
        Bands::Rule,
    );
    for (i, b) in bands.iter().enumerate() {
        check_points(v, n, b.points, format!("{path}.bands[{i}].points"));
    }
    if let Some(p) = zero_denominator_points {
        check_points(v, n, p, format!("{path}.zero_denominator_points"));
    }
}

pub(super) fn declared(
    bands: &[Band],
    zero_denominator_points: Option<Decimal>,
    f: &mut dyn FnMut(Decimal, &dyn Fn() -> String),
) {
    for (i, b) in bands.iter().enumerate() {
        f(b.points, &|| format!("bands[{i}].points"));
    }
    if let Some(p) = zero_denominator_points {
        f(p, &|| "zero_denominator_points".into());
    }
}

pub(super) fn evaluate(
    ev: &Ev<'_>,
    bands: &[Band],
    zero_denominator_points: Option<Decimal>,
) -> Result<LeafOut> {
    let code = ev.code;
    match rate(ev.facts, ev.rounding, ev.ipath, code, ev.explain)? {
        None => ev.zero_denominator(zero_denominator_points),
        Some((raw_pct, pct)) => {
            let (bi, b) = bands
                .iter()
                .enumerate()
                .find(|(_, b)| in_band(pct, b.min, b.min_inclusive, b.max, b.max_inclusive))
                .ok_or_else(|| {
                    Error::input(issue!(
                        "input.no_band",
                        ev.ipath.path(),
                        code,
                        percentage = pct
                    ))
                })?;
            Ok(LeafOut {
                raw: super::Raw::exact(b.points),
                pct_raw: raw_pct,
                pct: Some(pct),
                branch: ev.explain.then_some(Branch::Band {
                    index: bi,
                    min: b.min,
                    min_inclusive: b.min_inclusive,
                    max: b.max,
                    max_inclusive: b.max_inclusive,
                }),
            })
        }
    }
}

pub(super) fn synthetic(rng: &mut Lcg) -> ItemInput {
    super::synthetic_rate(rng)
}
