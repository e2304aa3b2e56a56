//! Exact decimal helpers: rounding modes, checked arithmetic, percentages.
//!
//! Points and percentages are `rust_decimal::Decimal` everywhere; JSON carries them as strings
//! (or number literals read from their text, never through binary floating point).

use crate::error::{Error, Result};
use rust_decimal::{Decimal, RoundingStrategy};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use rust_decimal::Decimal as Dec;

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

pub(crate) fn add<P: std::fmt::Display + ?Sized>(
    a: Decimal,
    b: Decimal,
    path: &P,
) -> Result<Decimal> {
    a.checked_add(b)
        .ok_or_else(|| Error::arithmetic(path.to_string()))
}

pub(crate) fn sub<P: std::fmt::Display + ?Sized>(
    a: Decimal,
    b: Decimal,
    path: &P,
) -> Result<Decimal> {
    a.checked_sub(b)
        .ok_or_else(|| Error::arithmetic(path.to_string()))
}

pub(crate) fn mul<P: std::fmt::Display + ?Sized>(
    a: Decimal,
    b: Decimal,
    path: &P,
) -> Result<Decimal> {
    a.checked_mul(b)
        .ok_or_else(|| Error::arithmetic(path.to_string()))
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
            let w = |i: usize| u32::from_le_bytes([s[i], s[i + 1], s[i + 2], s[i + 3]]);
            (w(12), w(8), w(4))
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
    let e = i64::from(pow) + i64::from(scale) + i64::from(den.scale()) - i64::from(num.scale());
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
    let q = i128::try_from(div_round(n.unsigned_abs(), d.unsigned_abs(), mode)).ok()?;
    let q = if (n < 0) != (d < 0) { -q } else { q };
    Decimal::try_from_i128_with_scale(q, scale).ok()
}

/// `n / d` (`d > 0`) rounded to an integer with `mode`: the magnitude of a rounded quotient.
#[inline]
pub(crate) fn div_round(n: u128, d: u128, mode: RoundingMode) -> u128 {
    // Counts and points are small: divided as u64 where they fit, a fraction of the cost of the
    // 128-bit division (same quotient and remainder).
    let (q, r) = match (u64::try_from(n), u64::try_from(d)) {
        (Ok(n), Ok(d)) => (u128::from(n / d), u128::from(n % d)),
        _ => (n / d, n % d),
    };
    let away = r != 0
        && match mode {
            RoundingMode::HalfUp => 2 * r >= d,
            RoundingMode::HalfEven => 2 * r > d || (2 * r == d && q % 2 != 0),
            RoundingMode::Down => false,
        };
    q + u128::from(away)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    /// The fast comparison is `Ord`'s.
    #[test]
    fn cmp_is_ords() {
        let mut x: u64 = 11;
        let mut v = vec![
            Decimal::ZERO,
            Decimal::new(-0, 2),
            Decimal::new(0, 2),
            Decimal::MAX,
            Decimal::MIN,
        ];
        for _ in 0..400 {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let m = (x >> (x % 64)) as i64;
            v.push(Decimal::new(m, [0, 1, 2, 2, 2, 28][(x % 6) as usize]));
            v.push(Decimal::from_i128_with_scale(i128::from(m) << 32, 2));
        }
        for &a in &v {
            for &b in &v {
                assert_eq!(cmp(a, b), a.cmp(&b), "{a} <> {b}");
            }
        }
    }

    /// Sub-indices: the exact percentage rounds like the 28-digit one for points and maxima of a
    /// few places (every value of 0.00–60.00 over a few maxima, and random ones).
    #[test]
    fn percent_rounded_is_the_rounded_division() {
        let maxima = [
            "56", "52", "3", "7.5", "0.25", "13", "999.99", "17.5", "6", "0.01",
        ];
        let mut pairs: Vec<(Decimal, Decimal)> = Vec::new();
        for m in maxima {
            let m = dec(m);
            for p in (1..=6000).map(|c| Decimal::new(c, 2)).filter(|&p| p <= m) {
                pairs.push((p, m));
            }
        }
        let mut x: u64 = 7;
        for _ in 0..20_000 {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let m = Decimal::new(1 + (x >> 40) as i64 % 100_000, (x % 5) as u32);
            let p = Decimal::new(1 + (x >> 20) as i64 % 100_000, ((x >> 8) % 5) as u32);
            pairs.push((p, m));
        }
        for mode in [
            RoundingMode::HalfUp,
            RoundingMode::HalfEven,
            RoundingMode::Down,
        ] {
            for scale in [0, 1, 2, 4] {
                for &(p, m) in &pairs {
                    let want = mode.round(p * Decimal::ONE_HUNDRED / m, scale);
                    let got = percent_rounded(p, m, scale, mode).unwrap();
                    assert_eq!(got.serialize(), want.serialize(), "{p}/{m} at {scale}");
                }
            }
        }
    }

    /// The exact quotient rounds like Decimal's division followed by rounding (S9: half-up to 2).
    #[test]
    fn ratio_rounds_like_decimal_division() {
        let cases = [
            ("2", "3"),
            ("1", "8"),
            ("5", "8"),
            ("-5", "8"),
            ("-1", "3"),
            ("0.575", "1"),
            ("1.005", "1"),
            ("8999.5", "100"),
            ("89994", "1000"),
            ("89995", "1000"),
            ("123.456", "7.89"),
            ("0", "7"),
            ("1", "-3"),
            ("-0.001", "1"),
        ];
        for mode in [
            RoundingMode::HalfUp,
            RoundingMode::HalfEven,
            RoundingMode::Down,
        ] {
            for scale in [0, 2, 4] {
                for (n, d) in cases {
                    let want = mode.round(dec(n) / dec(d), scale);
                    let got = ratio(dec(n), dec(d), scale, mode).unwrap();
                    assert_eq!(got, want, "{n}/{d} at {scale} ({mode:?})");
                    assert_eq!(got.to_string(), want.to_string(), "{n}/{d} at {scale}");
                }
            }
        }
        assert_eq!(ratio(dec("1"), dec("0"), 2, RoundingMode::HalfUp), None);
    }
}
