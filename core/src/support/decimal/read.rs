//! Reading decimals exactly: [`parse_exact`] and the deserialisers every decimal field is read
//! with.

use rust_decimal::Decimal;
use serde::Deserialize;

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
