//! Exact decimal helpers: rounding modes, checked arithmetic, percentages.
//!
//! Points and percentages are `rust_decimal::Decimal` everywhere; JSON carries them as strings
//! (or number literals read from their text, never through binary floating point).
//!
//! Arithmetic here is checked (the lint below refuses an unchecked operator).
//!
//! Reading a decimal's text exactly is in `read.rs`; the tests of both in `tests.rs`.

#![deny(clippy::arithmetic_side_effects)]

use crate::error::{Error, Result};
use rust_decimal::{Decimal, RoundingStrategy};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

mod read;

pub(crate) use read::{exact, exact_map, exact_opt, raised, Exact};
pub use read::{parse_exact, DecimalProblem};

/// How a value is rounded to the declared scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Default)]
#[serde(rename_all = "snake_case")]
pub enum RoundingMode {
    /// 0.575 → 0.58; -0.575 → -0.58 (away from zero at the midpoint). The Hòa Bình rule (S9).
    #[default]
    HalfUp,
    /// Banker's rounding: 0.575 → 0.58, 0.565 → 0.56.
    HalfEven,
    /// Toward zero: 0.579 → 0.57.
    Down,
}

impl RoundingMode {
    fn strategy(self) -> RoundingStrategy {
        match self {
            RoundingMode::HalfUp => RoundingStrategy::MidpointAwayFromZero,
            RoundingMode::HalfEven => RoundingStrategy::MidpointNearestEven,
            RoundingMode::Down => RoundingStrategy::ToZero,
        }
    }

    /// Round `v` to `scale` places; the result always carries exactly `scale` places (1 → 1.00).
    pub fn round(self, v: Decimal, scale: u32) -> Decimal {
        if v.scale() == scale {
            return v;
        }
        let mut r = if v.scale() < scale {
            v
        } else {
            v.round_dp_with_strategy(scale, self.strategy())
        };
        r.rescale(scale);
        r
    }
}

// Checked decimal arithmetic, out of line in the build without `fast-score` (the WebAssembly
// build, compiled for size): rust_decimal inlines its whole addition, subtraction or
// multiplication into every caller, about 2 KB of WebAssembly each time. Native builds inline it,
// as rust_decimal's operators are.

/// `a + b`, `None` beyond the decimal range.
#[cfg_attr(feature = "fast-score", inline(always))]
#[cfg_attr(not(feature = "fast-score"), inline(never))]
pub(crate) fn checked_add(a: Decimal, b: Decimal) -> Option<Decimal> {
    a.checked_add(b)
}

/// `a − b`, `None` beyond the decimal range.
#[cfg_attr(feature = "fast-score", inline(always))]
#[cfg_attr(not(feature = "fast-score"), inline(never))]
pub(crate) fn checked_sub(a: Decimal, b: Decimal) -> Option<Decimal> {
    a.checked_sub(b)
}

/// `a × b`, `None` beyond the decimal range.
#[cfg_attr(feature = "fast-score", inline(always))]
#[cfg_attr(not(feature = "fast-score"), inline(never))]
pub(crate) fn checked_mul(a: Decimal, b: Decimal) -> Option<Decimal> {
    a.checked_mul(b)
}

/// The sum of `values`, `None` beyond the decimal range.
pub(crate) fn checked_sum(mut values: impl Iterator<Item = Decimal>) -> Option<Decimal> {
    values.try_fold(Decimal::ZERO, checked_add)
}

pub(crate) fn add<P: std::fmt::Display + ?Sized>(
    a: Decimal,
    b: Decimal,
    path: &P,
) -> Result<Decimal> {
    checked_add(a, b).ok_or_else(|| Error::arithmetic(path.to_string()))
}

pub(crate) fn mul<P: std::fmt::Display + ?Sized>(
    a: Decimal,
    b: Decimal,
    path: &P,
) -> Result<Decimal> {
    checked_mul(a, b).ok_or_else(|| Error::arithmetic(path.to_string()))
}

pub(crate) fn div<P: std::fmt::Display + ?Sized>(
    a: Decimal,
    b: Decimal,
    path: &P,
) -> Result<Decimal> {
    a.checked_div(b)
        .ok_or_else(|| Error::arithmetic(path.to_string()))
}

/// `part / whole × 100`. The caller checks `whole != 0`.
pub(crate) fn percent<P: std::fmt::Display + ?Sized>(
    part: Decimal,
    whole: Decimal,
    path: &P,
) -> Result<Decimal> {
    div(mul(part, Decimal::ONE_HUNDRED, path)?, whole, path)
}

/// Whether `v` is a multiple of `step` (a remainder that cannot be computed, as for a zero step,
/// is not zero).
pub(crate) fn multiple(v: Decimal, step: Decimal) -> bool {
    v.checked_rem(step).is_some_and(|r| r.is_zero())
}

pub(crate) fn clamp(v: Decimal, lo: Decimal, hi: Decimal) -> Decimal {
    if cmp(v, lo).is_lt() {
        lo
    } else if cmp(v, hi).is_gt() {
        hi
    } else {
        v
    }
}

/// `v` in units of `10^-scale` when it has exactly `scale` places, is not a negative zero, and
/// its integer is below 2^62 in magnitude (so that sums of a few thousand stay far from
/// overflow, which is checked anyway): `Decimal::new(units, scale)` gives `v` back, bit for bit.
#[cfg(feature = "fast-score")]
#[inline]
pub(crate) fn units(v: Decimal, scale: u32) -> Option<i64> {
    if v.scale() != scale || (v.is_zero() && v.is_sign_negative()) {
        return None;
    }
    small_units(v.mantissa())
}

/// The integer of [`units`], when it is below 2^62 in magnitude.
#[cfg(feature = "fast-score")]
#[inline]
pub(crate) fn small_units(m: i128) -> Option<i64> {
    const LIMIT: i128 = 1 << 62;
    (-LIMIT < m && m < LIMIT).then_some(m as i64)
}

/// The order of two decimals, as `Ord` gives it. Two non-negative values of one scale (points
/// once rounded, and the bounds they are held within) compare by their 96-bit integers, read from
/// the 16-byte form (flags with the scale and sign, then the low, middle and high words).
#[inline]
pub(crate) fn cmp(a: Decimal, b: Decimal) -> std::cmp::Ordering {
    let (x, y) = (a.serialize(), b.serialize());
    if x[..4] == y[..4] && x[3] & 0x80 == 0 {
        let words = |s: [u8; 16]| {
            (
                u32::from_le_bytes([s[12], s[13], s[14], s[15]]),
                u32::from_le_bytes([s[8], s[9], s[10], s[11]]),
                u32::from_le_bytes([s[4], s[5], s[6], s[7]]),
            )
        };
        return words(x).cmp(&words(y));
    }
    a.cmp(&b)
}

/// Render a decimal without trailing zeros beyond its scale (for messages): `56`, `0.25`.
pub fn show(v: Decimal) -> String {
    v.normalize().to_string()
}

/// 10^0 … 10^38, every power of ten an i128 holds.
const POW10: [i128; 39] = {
    let mut t = [1i128; 39];
    let mut i = 1;
    while i < 39 {
        t[i] = t[i - 1] * 10;
        i += 1;
    }
    t
};

/// `num / den` rounded to `scale` places with `mode`, computed exactly on integers (no
/// intermediate quotient is rounded). `None` when `den` is zero or the integers would overflow;
/// the caller then divides with [`Decimal`].
pub(crate) fn ratio(num: Decimal, den: Decimal, scale: u32, mode: RoundingMode) -> Option<Decimal> {
    ratio_times(num, den, 0, scale, mode)
}

/// `num / den × 100` rounded to `scale` places with `mode`, exactly, as [`ratio`].
pub(crate) fn percent_rounded(
    num: Decimal,
    den: Decimal,
    scale: u32,
    mode: RoundingMode,
) -> Option<Decimal> {
    ratio_times(num, den, 2, scale, mode)
}

/// `num / den × 10^pow` rounded to `scale` places with `mode`, exactly.
fn ratio_times(
    num: Decimal,
    den: Decimal,
    pow: u32,
    scale: u32,
    mode: RoundingMode,
) -> Option<Decimal> {
    let (mut n, mut d) = (num.mantissa(), den.mantissa());
    // num / den × 10^(pow + scale) = n × 10^(pow + scale + den.scale) / (d × 10^num.scale)
    let e = (i64::from(pow).checked_add(i64::from(scale))?)
        .checked_add(i64::from(den.scale()))?
        .checked_sub(i64::from(num.scale()))?;
    let pow = *POW10.get(usize::try_from(e.unsigned_abs()).ok()?)?;
    if e >= 0 {
        n = n.checked_mul(pow)?;
    } else {
        d = d.checked_mul(pow)?;
    }
    if d == 0 {
        return None;
    }
    // The quotient's magnitude, rounded as `mode` says (away from zero or not), then its sign.
    let q = i128::try_from(div_round(n.unsigned_abs(), d.unsigned_abs(), mode)?).ok()?;
    let q = if (n < 0) != (d < 0) {
        q.checked_neg()?
    } else {
        q
    };
    Decimal::try_from_i128_with_scale(q, scale).ok()
}

/// `n / d` rounded to an integer with `mode`: the magnitude of a rounded quotient. `None` when
/// `d` is zero.
#[inline]
pub(crate) fn div_round(n: u128, d: u128, mode: RoundingMode) -> Option<u128> {
    // Counts and points are small: divided as u64 where they fit, a fraction of the cost of the
    // 128-bit division (same quotient and remainder).
    let (q, r) = match (u64::try_from(n), u64::try_from(d)) {
        (Ok(n), Ok(d)) => (u128::from(n.checked_div(d)?), u128::from(n.checked_rem(d)?)),
        _ => (n.checked_div(d)?, n.checked_rem(d)?),
    };
    // `r < d`: comparing `r` with `d - r` compares `2r` with `d`, without overflow.
    let rest = d.checked_sub(r)?;
    let away = r != 0
        && match mode {
            RoundingMode::HalfUp => r >= rest,
            RoundingMode::HalfEven => r > rest || (r == rest && q & 1 == 1),
            RoundingMode::Down => false,
        };
    // `q < n` when rounded away (`d > 1`, else there is no remainder).
    q.checked_add(u128::from(away))
}

// ---------------------------------------------------------------------------------------------
// Decimals in the JSON Schemas

/// The `format` that marks a decimal in every JSON Schema the engine generates
/// (`crate::api::schema`): a string such as `"0.58"` (read also from a number literal's text),
/// never a binary float. The bindings, the `.d.ts` and the `.pyi` read this mark, and only it, to
/// give a decimal its type (`Decimal` in TypeScript, `decimal.Decimal` in Python).
pub const DECIMAL_FORMAT: &str = "decimal";

/// The schema transform that marks decimals: every subschema that is the decimal type's own
/// schema (schemars' for `rust_decimal::Decimal`, written or read; nullable when optional) gets
/// `format: "decimal"`. The schemas are recognised by their pattern, taken from the decimal
/// type's schema itself rather than written here.
#[derive(Debug, Clone)]
pub struct MarkDecimals {
    patterns: Vec<serde_json::Value>,
}

impl Default for MarkDecimals {
    fn default() -> Self {
        use schemars::generate::{Contract, SchemaSettings};
        let patterns = [Contract::Serialize, Contract::Deserialize]
            .into_iter()
            .filter_map(|contract| {
                let mut settings = SchemaSettings::default();
                settings.contract = contract;
                let schema = Decimal::json_schema(&mut settings.into_generator());
                schema.get("pattern").cloned()
            })
            .collect();
        MarkDecimals { patterns }
    }
}

impl schemars::transform::Transform for MarkDecimals {
    fn transform(&mut self, schema: &mut schemars::Schema) {
        let decimal = schema
            .get("pattern")
            .is_some_and(|p| self.patterns.contains(p));
        if decimal {
            schema.insert("format".into(), DECIMAL_FORMAT.into());
        }
        schemars::transform::transform_subschemas(self, schema);
    }
}

#[cfg(test)]
mod tests;
