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
    if v < lo {
        lo
    } else if v > hi {
        hi
    } else {
        v
    }
}

/// Render a decimal without trailing zeros beyond its scale (for messages): `56`, `0.25`.
pub fn show(v: Decimal) -> String {
    v.normalize().to_string()
}
