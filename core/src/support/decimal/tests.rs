// Expected values are computed with `Decimal`'s operators: an overflow there fails the test.
#![allow(clippy::arithmetic_side_effects)]

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
        "", "abc", "1,000.5", "1.000,5", " 5", "5 ", "1_000", "0x10", "NaN", "inf", "1e", "-", ".",
        "1..2", "1e+-2",
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
