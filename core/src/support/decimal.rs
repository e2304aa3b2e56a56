//! Exact decimal helpers: rounding modes, checked arithmetic, percentages.
//!
//! Points and percentages are `rust_decimal::Decimal` everywhere; JSON carries them as strings
//! (or number literals read from their text, never through binary floating point).
//!
//! Arithmetic here is checked (the lint below refuses an unchecked operator).

#![deny(clippy::arithmetic_side_effects)]

use crate::error::{Error, Result};
use rust_decimal::{Decimal, RoundingStrategy};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

// ---------------------------------------------------------------------------------------------
// Reading decimals exactly

/// The largest integer a decimal holds (its 96-bit integer): 2^96 − 1, about 7.9 × 10^28.
const MAX_MANTISSA: u128 = 79_228_162_514_264_337_593_543_950_335;

/// The most decimal places a decimal holds.
const MAX_SCALE: i64 = 28;

/// The longest excerpt of a bad value a message quotes, in characters.
const EXCERPT: usize = 40;

/// Why a decimal's text cannot be read exactly. Every decimal the engine reads (rule sets, inputs,
/// workflow acts, whatever the face) goes through [`parse_exact`]: a value is held exactly or
/// refused with one of these, never rounded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecimalProblem {
    /// Not a number at all: `"abc"`, `"1 000"`, `""`.
    NotADecimal { text: String },
    /// A binary floating-point number (a value that has already lost the decimal it was written
    /// as): `2.5` given to a reader of decimals as an `f64`.
    BinaryFloat { text: String },
    /// A decimal comma, as Vietnamese writes it (`"99,75"`): the dot is the separator here.
    DecimalComma { text: String, with_dot: String },
    /// More decimal places than a decimal holds (28).
    TooManyPlaces { text: String, places: u64 },
    /// More significant digits than a decimal holds (28, or 29 below 7.9 × 10^28).
    TooManyDigits { text: String, digits: u64 },
    /// Larger in magnitude than the largest decimal (about 7.9 × 10^28).
    OutOfRange { text: String },
}

impl DecimalProblem {
    /// The code of the problem, without its family: `input.<code>` in an input,
    /// `ruleset.<code>` in a rule set.
    pub fn code(&self) -> &'static str {
        match self {
            DecimalProblem::NotADecimal { .. } | DecimalProblem::BinaryFloat { .. } => {
                "not_a_decimal"
            }
            DecimalProblem::DecimalComma { .. } => "decimal_comma",
            DecimalProblem::TooManyPlaces { .. } | DecimalProblem::TooManyDigits { .. } => {
                "decimal_too_precise"
            }
            DecimalProblem::OutOfRange { .. } => "decimal_out_of_range",
        }
    }

    /// The message variant of the problem (`:places`, or empty) and its parameters.
    pub(crate) fn variant_and_params(&self) -> (&'static str, Vec<(&'static str, String)>) {
        match self {
            DecimalProblem::NotADecimal { text } => ("", vec![("text", text.clone())]),
            DecimalProblem::BinaryFloat { text } => (":float", vec![("text", text.clone())]),
            DecimalProblem::DecimalComma { text, with_dot } => (
                "",
                vec![("text", text.clone()), ("with_dot", with_dot.clone())],
            ),
            DecimalProblem::TooManyPlaces { text, places } => (
                ":places",
                vec![("text", text.clone()), ("places", places.to_string())],
            ),
            DecimalProblem::TooManyDigits { text, digits } => (
                ":digits",
                vec![("text", text.clone()), ("digits", digits.to_string())],
            ),
            DecimalProblem::OutOfRange { text } => ("", vec![("text", text.clone())]),
        }
    }

    /// The code of the problem whose message `message` is (as [`Display`](std::fmt::Display)
    /// writes it, possibly followed by where it was found), if it is one. How a problem raised
    /// inside a deserializer keeps its code: every message starts with a lead of its own.
    pub fn code_of(message: &str) -> Option<&'static str> {
        LEADS
            .iter()
            .find(|(lead, _)| message.starts_with(lead))
            .map(|&(_, code)| code)
    }
}

/// The lead of each problem's message, and its code.
const LEADS: [(&str, &str); 5] = [
    ("not a decimal number: ", "not_a_decimal"),
    ("decimal comma in ", "decimal_comma"),
    ("too many decimal places: ", "decimal_too_precise"),
    ("too many digits: ", "decimal_too_precise"),
    ("too large: ", "decimal_out_of_range"),
];

impl std::fmt::Display for DecimalProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DecimalProblem::NotADecimal { text } => write!(
                f,
                "{}{text} — write it with digits and at most one dot, without spaces or \
                 separators, e.g. \"56\" or \"0.25\"",
                LEADS[0].0
            ),
            DecimalProblem::BinaryFloat { text } => write!(
                f,
                "{}{text} (a binary floating-point number) — write it as a string, e.g. \"0.25\"",
                LEADS[0].0
            ),
            DecimalProblem::DecimalComma { text, with_dot } => write!(
                f,
                "{}{text}: decimals are written with a dot here: {with_dot}",
                LEADS[1].0
            ),
            DecimalProblem::TooManyPlaces { text, places } => write!(
                f,
                "{}{text} has {places} decimal places; at most 28 can be held exactly",
                LEADS[2].0
            ),
            DecimalProblem::TooManyDigits { text, digits } => write!(
                f,
                "{}{text} has {digits} significant digits; at most 28 can be held exactly",
                LEADS[3].0
            ),
            DecimalProblem::OutOfRange { text } => write!(
                f,
                "{}{text} is larger than the largest value this engine holds (about 7.9 × 10^28)",
                LEADS[4].0
            ),
        }
    }
}

impl std::error::Error for DecimalProblem {}

thread_local! {
    /// The last problem a deserializer raised on this thread, kept whole: serde carries an error
    /// as its text only, and the issue made of it needs the problem's parameters.
    static RAISED: std::cell::RefCell<Option<DecimalProblem>> = const { std::cell::RefCell::new(None) };
}

/// `problem` as a deserializer's error, the problem itself kept for [`raised`].
fn raise<E: serde::de::Error>(problem: DecimalProblem) -> E {
    let e = E::custom(&problem);
    RAISED.with(|r| *r.borrow_mut() = Some(problem));
    e
}

/// The problem a deserializer raised as the error whose message is `message` (serde_json may
/// have added where it was found), if it was one: the last one raised on this thread, when the
/// message is that problem's.
pub(crate) fn raised(message: &str) -> Option<DecimalProblem> {
    let p = RAISED.with(|r| r.borrow_mut().take())?;
    message.starts_with(&p.to_string()).then_some(p)
}

/// `text` as a message quotes it: a JSON string of at most [`EXCERPT`] characters (the start and
/// the end of a longer one, around `…`).
pub(crate) fn excerpt(text: &str) -> String {
    let n = text.chars().count();
    let short: String = if n <= EXCERPT {
        text.to_string()
    } else {
        let head = EXCERPT / 2;
        let tail = EXCERPT.saturating_sub(head).saturating_sub(1);
        let mut s: String = text.chars().take(head).collect();
        s.push('…');
        s.extend(text.chars().skip(n.saturating_sub(tail)));
        s
    };
    serde_json::to_string(&short).unwrap_or_default()
}

/// Read a decimal from its text, exactly, or say why it cannot be.
///
/// The text is an optional sign, digits with at most one dot (`56`, `0.25`, `.5`, `5.`) and an
/// optional exponent (`1e2`, `1.5E-3`), as JSON numbers and `rust_decimal` write them. The value is
/// held exactly or refused: more than 28 decimal places, more significant digits than the 96-bit
/// integer of a decimal holds, a magnitude above about 7.9 × 10^28 — never rounded. Trailing
/// zeros beyond what a decimal holds are dropped (the value is the same). A value the decimal
/// holds is the one `rust_decimal` reads from the same text, scale included; a zero is never
/// negative. Nothing is allocated for a value, however long its text or large its exponent.
///
/// ```
/// use parindex::internal::{parse_exact, DecimalProblem};
///
/// assert_eq!(parse_exact("99.75").unwrap().to_string(), "99.75");
/// assert_eq!(parse_exact("1e2").unwrap().to_string(), "100");
/// let e = parse_exact("0.00000000000000000000000000001").unwrap_err();
/// assert_eq!(e.code(), "decimal_too_precise");
/// assert!(e.to_string().contains("29 decimal places; at most 28 can be held exactly"));
/// assert_eq!(parse_exact("99,75").unwrap_err().code(), "decimal_comma");
/// assert_eq!(parse_exact("1e30").unwrap_err().code(), "decimal_out_of_range");
/// ```
pub fn parse_exact(text: &str) -> std::result::Result<Decimal, DecimalProblem> {
    let b = text.as_bytes();
    let (negative, body) = match b.split_first() {
        Some((b'-', rest)) => (true, rest),
        Some((b'+', rest)) => (false, rest),
        _ => (false, b),
    };
    let digits = |s: &[u8]| s.iter().take_while(|c| c.is_ascii_digit()).count();
    let (int, rest) = body.split_at(digits(body));
    let (frac, rest) = match rest.split_first() {
        Some((b'.', after)) => after.split_at(digits(after)),
        _ => (&[][..], rest),
    };
    if int.is_empty() && frac.is_empty() {
        return Err(not_a_decimal(text));
    }
    let exp = match rest.split_first() {
        None => 0,
        Some((b'e' | b'E', after)) => exponent(after).ok_or_else(|| not_a_decimal(text))?,
        Some(_) => return Err(not_a_decimal(text)),
    };
    // The places as written (`1.50e1`: 1), which the value keeps when a decimal can hold them.
    // As `rust_decimal` reads them: the fraction's digits beyond 28 (zeros, for an exact value)
    // are dropped before the exponent moves the point (`.` and 29 zeros then `1e1`: 27 places).
    let written = len(frac).min(MAX_SCALE).saturating_sub(exp);
    let all = || int.iter().chain(frac);
    let Some(first) = all().position(|&c| c != b'0') else {
        // A zero, with the places written, up to 28 (never negative, as `rust_decimal` reads it).
        return Ok(Decimal::new(0, clamp_scale(written)));
    };
    let nonzero = |&c: &u8| c != b'0';
    let last = match frac.iter().rposition(nonzero) {
        Some(i) => int.len().saturating_add(i),
        None => int.iter().rposition(nonzero).unwrap_or(first),
    };
    // The significant digits `first..=last`, and the places of the value without trailing zeros
    // (negative for a multiple of ten: `5e3` has −3).
    let significant = i64::try_from(last.abs_diff(first))
        .unwrap_or(i64::MAX)
        .saturating_add(1);
    let places = i64::try_from(last)
        .unwrap_or(i64::MAX)
        .saturating_add(1)
        .saturating_sub(len(int))
        .saturating_sub(exp);
    let shown = || excerpt(text);
    // Digits above the units: more than 29 is beyond any decimal.
    let whole_digits = significant.saturating_sub(places).max(0);
    if whole_digits > 29 || (whole_digits == 29 && !whole_fits(all().skip(first), whole_digits)) {
        return Err(DecimalProblem::OutOfRange { text: shown() });
    }
    if places > MAX_SCALE {
        return Err(DecimalProblem::TooManyPlaces {
            text: shown(),
            places: u64::try_from(places).unwrap_or(u64::MAX),
        });
    }
    let too_many_digits = || DecimalProblem::TooManyDigits {
        text: shown(),
        digits: u64::try_from(significant).unwrap_or(u64::MAX),
    };
    if significant > 29 {
        return Err(too_many_digits());
    }
    // The integer of the significant digits (at most 29 of them: below 10^29).
    let mut m: u128 = 0;
    for &c in all()
        .skip(first)
        .take(usize::try_from(significant).unwrap_or(0))
    {
        m = m
            .checked_mul(10)
            .and_then(|m| m.checked_add(u128::from(c.wrapping_sub(b'0'))))
            .ok_or_else(too_many_digits)?;
    }
    // The scale: as written, within what the value needs (`places`, at least 0) and 28, and with
    // no more trailing zeros than the 96-bit integer holds.
    let least = places.max(0);
    let mut scale = written.clamp(least, MAX_SCALE);
    let zeros = |scale: i64| u32::try_from(scale.saturating_sub(places)).ok();
    let mut mantissa = zeros(scale).and_then(|z| m.checked_mul(10u128.checked_pow(z)?));
    while mantissa.is_none_or(|v| v > MAX_MANTISSA) && scale > least {
        scale = scale.saturating_sub(1);
        mantissa = zeros(scale).and_then(|z| m.checked_mul(10u128.checked_pow(z)?));
    }
    let mantissa = match mantissa {
        Some(v) if v <= MAX_MANTISSA => v,
        _ if places <= 0 => return Err(DecimalProblem::OutOfRange { text: shown() }),
        _ => return Err(too_many_digits()),
    };
    let scale = u32::try_from(scale).map_err(|_| too_many_digits())?;
    let mut d = i128::try_from(mantissa)
        .ok()
        .and_then(|v| Decimal::try_from_i128_with_scale(v, scale).ok())
        .ok_or_else(too_many_digits)?;
    d.set_sign_negative(negative);
    Ok(d)
}

/// The length of a slice of the text, as a count of places.
fn len(s: &[u8]) -> i64 {
    i64::try_from(s.len()).unwrap_or(i64::MAX)
}

/// A scale between 0 and 28.
fn clamp_scale(scale: i64) -> u32 {
    u32::try_from(scale.clamp(0, MAX_SCALE)).unwrap_or(0)
}

/// An exponent: an optional sign and digits, nothing else. Its magnitude is held at 10^15, far
/// beyond any that leaves a value a decimal holds (the text would need that many digits).
fn exponent(s: &[u8]) -> Option<i64> {
    const CAP: i64 = 1_000_000_000_000_000;
    let (negative, digits) = match s.split_first() {
        Some((b'-', rest)) => (true, rest),
        Some((b'+', rest)) => (false, rest),
        _ => (false, s),
    };
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let e = digits.iter().fold(0i64, |e, &c| {
        e.saturating_mul(10)
            .saturating_add(i64::from(c.wrapping_sub(b'0')))
            .min(CAP)
    });
    Some(if negative { e.saturating_neg() } else { e })
}

/// Whether the whole part of a value, whose significant digits are `digits` and which has
/// `whole` digits above the units (29), is at most the largest decimal.
fn whole_fits<'a>(digits: impl Iterator<Item = &'a u8>, whole: i64) -> bool {
    let whole = usize::try_from(whole).unwrap_or(usize::MAX);
    let mut taken = 0usize;
    let mut v: u128 = 0;
    for &c in digits.take(whole) {
        v = match v
            .checked_mul(10)
            .and_then(|v| v.checked_add(u128::from(c.wrapping_sub(b'0'))))
        {
            Some(v) => v,
            None => return false,
        };
        taken = taken.saturating_add(1);
    }
    // Fewer significant digits than whole digits: the rest are zeros.
    for _ in taken..whole {
        v = match v.checked_mul(10) {
            Some(v) => v,
            None => return false,
        };
    }
    v <= MAX_MANTISSA
}

fn not_a_decimal(text: &str) -> DecimalProblem {
    // `99,75`: digits, one comma, digits — the Vietnamese decimal comma.
    let body = text.strip_prefix(['-', '+']).unwrap_or(text);
    if let Some((a, b)) = body.split_once(',') {
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|c| c.is_ascii_digit());
        if digits(a) && digits(b) {
            return DecimalProblem::DecimalComma {
                text: excerpt(text),
                with_dot: excerpt(&text.replacen(',', ".", 1)),
            };
        }
    }
    DecimalProblem::NotADecimal {
        text: excerpt(text),
    }
}

/// Deserialises a decimal through [`parse_exact`]: from a string, a number's literal text (JSON
/// numbers, kept as written) or an integer. What every decimal field of the formats the engine
/// reads is declared with (`#[serde(deserialize_with = "crate::decimal::exact")]`): `rust_decimal`'s
/// own reading rounds a value it cannot hold (29 places read as 0).
pub(crate) fn exact<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> std::result::Result<Decimal, D::Error> {
    d.deserialize_any(ExactVisitor)
}

/// [`exact`] for an optional decimal (`null` is `None`).
pub(crate) fn exact_opt<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> std::result::Result<Option<Decimal>, D::Error> {
    Option::<Exact>::deserialize(d).map(|o| o.map(|e| e.0))
}

/// [`exact`] for the values of a map.
pub(crate) fn exact_map<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> std::result::Result<std::collections::BTreeMap<String, Decimal>, D::Error> {
    struct Entries;
    impl<'de> serde::de::Visitor<'de> for Entries {
        type Value = std::collections::BTreeMap<String, Decimal>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a map of decimals")
        }
        // Inserted one by one, as serde reads a map (no second copy of the map's building code).
        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut map: A,
        ) -> std::result::Result<Self::Value, A::Error> {
            let mut out = std::collections::BTreeMap::new();
            while let Some((k, v)) = map.next_entry::<String, Exact>()? {
                out.insert(k, v.0);
            }
            Ok(out)
        }
    }
    d.deserialize_map(Entries)
}

/// A decimal read by [`exact`].
pub(crate) struct Exact(pub Decimal);

impl<'de> Deserialize<'de> for Exact {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        exact(d).map(Exact)
    }
}

/// serde_json's name for a number kept as its text (`arbitrary_precision`).
const NUMBER_TOKEN: &str = "$serde_json::private::Number";

struct ExactVisitor;

impl<'de> serde::de::Visitor<'de> for ExactVisitor {
    type Value = Decimal;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a decimal number as a string, e.g. \"0.25\"")
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> std::result::Result<Decimal, E> {
        parse_exact(v).map_err(raise)
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> std::result::Result<Decimal, E> {
        Ok(Decimal::from(v))
    }

    fn visit_i64<E: serde::de::Error>(self, v: i64) -> std::result::Result<Decimal, E> {
        Ok(Decimal::from(v))
    }

    fn visit_u128<E: serde::de::Error>(self, v: u128) -> std::result::Result<Decimal, E> {
        self.visit_str(&v.to_string())
    }

    fn visit_i128<E: serde::de::Error>(self, v: i128) -> std::result::Result<Decimal, E> {
        self.visit_str(&v.to_string())
    }

    /// A binary float has already lost the value it was written as: refused.
    fn visit_f64<E: serde::de::Error>(self, v: f64) -> std::result::Result<Decimal, E> {
        Err(raise(DecimalProblem::BinaryFloat {
            text: excerpt(&v.to_string()),
        }))
    }

    /// A number kept as its text: a one-entry map from serde_json's token to the digits.
    fn visit_map<A: serde::de::MapAccess<'de>>(
        self,
        mut map: A,
    ) -> std::result::Result<Decimal, A::Error> {
        match map.next_key_seed(Token)? {
            Some(()) => map.next_value_seed(Text),
            None => Err(serde::de::Error::invalid_type(
                serde::de::Unexpected::Map,
                &self,
            )),
        }
    }
}

/// The key of a number kept as its text (anything else is not a decimal).
struct Token;

impl<'de> serde::de::DeserializeSeed<'de> for Token {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Token {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a decimal number")
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> std::result::Result<(), E> {
        if v == NUMBER_TOKEN {
            Ok(())
        } else {
            Err(E::invalid_type(serde::de::Unexpected::Map, &self))
        }
    }
}

/// The digits of a number kept as its text, read by [`parse_exact`].
struct Text;

impl<'de> serde::de::DeserializeSeed<'de> for Text {
    type Value = Decimal;
    fn deserialize<D: serde::Deserializer<'de>>(
        self,
        d: D,
    ) -> std::result::Result<Decimal, D::Error> {
        d.deserialize_str(ExactVisitor)
    }
}

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
// Expected values are computed with `Decimal`'s operators: an overflow there fails the test.
#[allow(clippy::arithmetic_side_effects)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::str::FromStr;

    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    /// A decimal's text reduced to its value: the sign, the significant digits (no leading or
    /// trailing zero) and the power of ten of the last one; `None` for zero.
    fn value_of(text: &str) -> Option<(bool, String, i64)> {
        let (neg, body) = match text.strip_prefix('-') {
            Some(b) => (true, b),
            None => (false, text.strip_prefix('+').unwrap_or(text)),
        };
        let (num, exp) = match body.split_once(['e', 'E']) {
            Some((n, e)) => (n, e.parse::<i64>().unwrap()),
            None => (body, 0),
        };
        let (int, frac) = num.split_once('.').unwrap_or((num, ""));
        let all = format!("{int}{frac}");
        let trimmed = all.trim_start_matches('0');
        let sig = trimmed.trim_end_matches('0');
        if sig.is_empty() {
            return None;
        }
        let zeros = (trimmed.len() - sig.len()) as i64;
        Some((neg, sig.to_string(), zeros - frac.len() as i64 + exp))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        /// `parse_exact` holds a value exactly or refuses it, and what it holds is what
        /// `rust_decimal` reads from the same text, to the byte (scale included): whenever
        /// `rust_decimal` reads a text without changing its value, `parse_exact` gives the same
        /// decimal; whenever `rust_decimal` rounds it or fails, `parse_exact` refuses it.
        #[test]
        fn parse_exact_holds_exactly_what_rust_decimal_reads_or_refuses(
            sign in "[-+]?",
            int in "[0-9]{0,31}",
            frac in proptest::option::of("[0-9]{0,31}"),
            exp in proptest::option::of(-40i64..40),
        ) {
            let mut text = format!("{sign}{int}");
            if let Some(f) = &frac {
                text.push('.');
                text.push_str(f);
            }
            if let Some(e) = exp {
                text.push_str(&format!("e{e}"));
            }
            let digits = int.len() + frac.as_ref().map_or(0, String::len);
            let ours = parse_exact(&text);
            if digits == 0 {
                prop_assert_eq!(ours.map_err(|e| e.code()), Err("not_a_decimal"));
                return Ok(());
            }
            let theirs = Decimal::from_str(&text);
            let faithful = theirs
                .as_ref()
                .is_ok_and(|d| value_of(&d.to_string()) == value_of(&text));
            match (&ours, &theirs) {
                (Ok(a), Ok(b)) if faithful => {
                    prop_assert_eq!(a.serialize(), b.serialize(), "{} → {} vs {}", text, a, b);
                }
                // A value rust_decimal cannot read (`80000000000000000000000000000e-1`) but a
                // decimal holds: exactly the value written.
                (Ok(a), _) => {
                    prop_assert_eq!(value_of(&a.to_string()), value_of(&text), "{}", text);
                }
                (Err(e), _) => {
                    prop_assert!(!faithful, "{} refused ({}) though rust_decimal reads it as {:?}", text, e, theirs);
                    prop_assert!(["decimal_too_precise", "decimal_out_of_range"].contains(&e.code()), "{}: {}", text, e);
                }
            }
        }
    }

    /// Defect 4 of issue 21: 29 places were read as 0. Every way a decimal cannot be held exactly
    /// is refused, with a code and a message in the user's terms that quotes at most 40
    /// characters of the value.
    #[test]
    fn a_decimal_that_cannot_be_held_exactly_is_refused_never_rounded() {
        let refused = |t: &str| parse_exact(t).map(|d| d.to_string()).unwrap_err();
        let e = refused("0.00000000000000000000000000001");
        assert_eq!(e.code(), "decimal_too_precise");
        assert_eq!(
            e.to_string(),
            "too many decimal places: \"0.00000000000000000000000000001\" has 29 decimal places; \
             at most 28 can be held exactly"
        );
        assert_eq!(
            refused("1.00000000000000000000000000001").code(),
            "decimal_too_precise"
        );
        assert_eq!(refused("1E-29").code(), "decimal_too_precise");
        // More significant digits than the 96-bit integer holds (rust_decimal rounds these).
        let e = refused("7922816251426433759354395033.56");
        assert_eq!(e.code(), "decimal_too_precise");
        assert!(
            e.to_string()
                .contains("30 significant digits; at most 28 can be held exactly"),
            "{e}"
        );
        for t in [
            "1e30",
            "79228162514264337593543950336",
            "-1e29",
            "1e999999999999999999999",
        ] {
            let e = refused(t);
            assert_eq!(e.code(), "decimal_out_of_range", "{t}");
            assert!(
                e.to_string().ends_with(
                    "is larger than the largest value this engine holds (about 7.9 × 10^28)"
                ),
                "{e}"
            );
        }
        assert_eq!(
            refused("1e30").to_string(),
            "too large: \"1e30\" is larger than the largest value this engine holds (about 7.9 × 10^28)"
        );
        // A huge exponent costs nothing, and the message quotes an excerpt.
        let e = refused(&format!("1e-{}", "9".repeat(100_000)));
        assert_eq!(e.code(), "decimal_too_precise");
        let long = format!("0.{}1", "0".repeat(5000));
        let e = refused(&long);
        assert!(e.to_string().contains("has 5001 decimal places"), "{e}");
        assert!(e.to_string().len() < 200, "{e}");
        // Values a decimal holds, up to its limits, trailing zeros beyond 28 places dropped.
        for (t, want) in [
            (
                "79228162514264337593543950335",
                "79228162514264337593543950335",
            ),
            (
                "-79228162514264337593543950335",
                "-79228162514264337593543950335",
            ),
            (
                "7.9228162514264337593543950335",
                "7.9228162514264337593543950335",
            ),
            (
                "0.0000000000000000000000000001",
                "0.0000000000000000000000000001",
            ),
            (
                "0.100000000000000000000000000000000",
                "0.1000000000000000000000000000",
            ),
            ("1e28", "10000000000000000000000000000"),
            ("0e-40", "0.0000000000000000000000000000"),
            ("-0.00", "0.00"),
            ("1.50e1", "15.0"),
            ("+5", "5"),
        ] {
            assert_eq!(
                parse_exact(t).map(|d| d.to_string()),
                Ok(want.to_string()),
                "{t}"
            );
        }
        assert!(!parse_exact("-0").unwrap().is_sign_negative());
    }

    /// Part of defect 10 of issue 21: the Vietnamese decimal comma is named as such, with the
    /// value written with a dot; anything else that is not a number says how to write one.
    #[test]
    fn a_decimal_comma_is_named_and_the_dot_suggested() {
        let e = parse_exact("99,75").unwrap_err();
        assert_eq!(e.code(), "decimal_comma");
        assert_eq!(
            e.to_string(),
            "decimal comma in \"99,75\": decimals are written with a dot here: \"99.75\""
        );
        assert_eq!(parse_exact("-0,5").unwrap_err().code(), "decimal_comma");
        for t in [
            "", "abc", "1,000.5", "1.000,5", " 5", "5 ", "1_000", "0x10", "NaN", "inf", "1e", "-",
            ".", "1..2", "1e+-2",
        ] {
            let e = parse_exact(t).unwrap_err();
            assert_eq!(e.code(), "not_a_decimal", "{t:?}");
            assert!(e.to_string().starts_with("not a decimal number: "), "{e}");
        }
        let e = parse_exact(&"x".repeat(1_000_000)).unwrap_err();
        assert!(e.to_string().len() < 200, "{e}");
        assert!(
            e.to_string()
                .contains("xxxxxxxxxxxxxxxxxxxx…xxxxxxxxxxxxxxxxxxx"),
            "{e}"
        );
    }

    /// Each message's lead gives its code back (how a problem raised inside a deserializer keeps
    /// its code); a value quoted in the message cannot change it.
    /// Regression (found by the property test below): a value written with more than 28 places
    /// and an exponent kept one place more than `rust_decimal` reads (`0E-28` for `0E-27`).
    #[test]
    fn more_than_28_places_and_an_exponent_keep_rust_decimals_scale() {
        for text in [
            ".00000000000000000000000000000e1",
            "0.00000000000000000000000000000e3",
            "-0.000000000000000000000000000000000e-2",
            "0.000e1",
            ".00000000000000000000000000010e1",
        ] {
            let ours = parse_exact(text).unwrap();
            let theirs = Decimal::from_str(text).expect(text);
            assert_eq!(
                ours.serialize(),
                theirs.serialize(),
                "{text}: {ours} vs {theirs}"
            );
        }
    }

    #[test]
    fn a_problem_message_gives_its_code_back() {
        for t in [
            "x",
            "99,75",
            "1e-29",
            "1e30",
            "7922816251426433759354395033.56",
            "too large: 1",
        ] {
            let e = parse_exact(t).unwrap_err();
            assert_eq!(
                DecimalProblem::code_of(&e.to_string()),
                Some(e.code()),
                "{t}"
            );
        }
        assert_eq!(DecimalProblem::code_of("invalid type: map"), None);
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
