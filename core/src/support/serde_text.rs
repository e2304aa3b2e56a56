//! serde's messages as issues: what a deserializer says went wrong (`invalid type: map, expected
//! u64`), in the user's terms and from the registry of codes, in Vietnamese or English.

use crate::error::{excerpt, Issue};

/// The message of an array given where an object is expected (`input.not_an_object`), as the
/// readers raise it.
pub(crate) const NOT_AN_OBJECT: &str = "expected an object `{…}` here, found an array `[…]`";

/// The lead of the message of a workflow date-time that is not one (`2019-11-26T17:30+07:00`,
/// an offset where the calendar's local time belongs), followed by the text as an excerpt: read
/// back as `input.invalid_type:local_time`.
pub(crate) const NOT_A_LOCAL_TIME: &str = "not a local date-time (YYYY-MM-DDTHH:MM:SS): ";

/// serde's message about a value in the user's terms, as an issue of `family` (`input`,
/// `ruleset`) at `path`: the registry's message for what went wrong (`input.invalid_type`,
/// `input.unknown_field`, `input.missing_field`, `input.not_a_decimal`…), in the thread's language.
/// The Rust type serde expects becomes what JSON holds (`expected u64` → `expected a whole number
/// from 0 to 18446744073709551615`, `expected struct UnitInput` → `expected an object`), what it
/// found is named as JSON names it (`map` → `an object`), and every value it quotes is cut to a
/// short excerpt (a string of 60,000 characters given for a count is named, not repeated).
/// serde_json's " at line X column Y", which means little for a value tree, is dropped. The
/// parameters `found` and `expected` hold these words in English, as the format's documentation
/// writes them; the Vietnamese message translates them ([`crate::error::json_words_vi`]).
pub(crate) fn serde_issue(family: &str, path: impl Into<String>, message: &str) -> Issue {
    let (key, params) = serde_problem(message);
    let params: Vec<(&str, &str)> = params.iter().map(|(n, v)| (*n, v.as_str())).collect();
    Issue::new(&format!("input.{key}"), path, &params).in_family(family)
}

/// [`serde_issue`]'s message alone, in the thread's language.
pub(crate) fn serde_message(message: &str) -> String {
    serde_issue("input", "$", message).message
}

/// The message key (without its family) and the parameters of a serde error's message.
fn serde_problem(message: &str) -> (String, Vec<(&'static str, String)>) {
    if let Some(p) = super::decimal::raised(message) {
        let (variant, params) = p.variant_and_params();
        return (format!("{}{variant}", p.code()), params);
    }
    let message = match message.find(" at line ") {
        Some(i) => &message[..i],
        None => message,
    };
    let one = |key: &str, name: &'static str, value: &str| {
        (key.to_string(), vec![(name, cut_quotes(value))])
    };
    if message.starts_with(NOT_AN_OBJECT) {
        return ("not_an_object".into(), Vec::new());
    }
    if let Some(text) = message.strip_prefix(NOT_A_LOCAL_TIME) {
        return (
            "invalid_type:local_time".into(),
            vec![("text", text.to_string())],
        );
    }
    if let Some(field) = message.strip_prefix("missing field ") {
        return one("missing_field", "field", field);
    }
    if let Some(field) = message.strip_prefix("duplicate field ") {
        return one("invalid_type:duplicate_field", "field", field);
    }
    for (lead, key, name) in [
        ("unknown field ", "unknown_field", "field"),
        ("unknown variant ", "unknown_variant", "value"),
    ] {
        let Some(rest) = message.strip_prefix(lead) else {
            continue;
        };
        if let Some((value, expected)) = rest.split_once(", expected ") {
            return (
                key.to_string(),
                vec![
                    (name, cut_quotes(value)),
                    ("expected", cut_quotes(expected)),
                ],
            );
        }
        if let Some((value, _)) = rest.split_once(", there are no ") {
            return one(&format!("{key}:none"), name, value);
        }
    }
    let found_expected = |key: &str, found: &str, expected: &str| {
        (
            key.to_string(),
            vec![
                ("found", cut_quotes(&found_in_user_terms(found))),
                ("expected", cut_quotes(&expected_in_user_terms(expected))),
            ],
        )
    };
    if let Some((head, expected)) = message.split_once(", expected ") {
        if let Some(found) = head.strip_prefix("invalid type: ") {
            return found_expected("invalid_type", found, expected);
        }
        if let Some(found) = head.strip_prefix("invalid value: ") {
            return found_expected("invalid_type:value", found, expected);
        }
        if let Some(length) = head.strip_prefix("invalid length ") {
            return (
                "invalid_type:length".into(),
                vec![
                    ("length", length.to_string()),
                    ("expected", cut_quotes(&expected_in_user_terms(expected))),
                ],
            );
        }
    }
    one("invalid_type:other", "detail", message)
}

/// What serde says it found (`integer `-1``, `string "x"`, `map`), as JSON names it.
fn found_in_user_terms(found: &str) -> String {
    let number = |lead: &str| found.strip_prefix(lead).map(|n| format!("the number {n}"));
    if let Some(s) = found
        .strip_prefix("string \"")
        .and_then(|s| s.strip_suffix('"'))
    {
        return format!("the string {}", excerpt(s));
    }
    (number("integer ").or_else(|| number("floating point "))).unwrap_or_else(|| match found {
        "map" => "an object".into(),
        "sequence" => "an array".into(),
        "unit value" | "unit" => "null".into(),
        other => other.strip_prefix("boolean ").unwrap_or(other).to_string(),
    })
}

/// What serde says it expected, without Rust types: integers by their range, structs and maps as
/// objects, tuples and sequences as arrays.
fn expected_in_user_terms(exp: &str) -> String {
    fn range<T: std::fmt::Display>(lo: T, hi: T) -> String {
        format!("a whole number from {lo} to {hi}")
    }
    match exp {
        "u8" => range(u8::MIN, u8::MAX),
        "u16" => range(u16::MIN, u16::MAX),
        "u32" => range(u32::MIN, u32::MAX),
        "u64" => range(u64::MIN, u64::MAX),
        "usize" => range(usize::MIN, usize::MAX),
        "i8" => range(i8::MIN, i8::MAX),
        "i16" => range(i16::MIN, i16::MAX),
        "i32" => range(i32::MIN, i32::MAX),
        "i64" => range(i64::MIN, i64::MAX),
        "isize" => range(isize::MIN, isize::MAX),
        "f32" | "f64" => "a number".into(),
        "a Decimal type representing a fixed-point number" => {
            "a decimal number, e.g. \"0.25\"".into()
        }
        _ if exp.starts_with("struct ") || exp.starts_with("a map") || exp == "map" => {
            "an object".into()
        }
        _ if exp.starts_with("tuple") || exp.starts_with("a sequence") => "an array".into(),
        _ if exp.starts_with("enum ") || exp.starts_with("internally tagged enum ") => {
            "one of the values the format documents".into()
        }
        _ => exp.to_string(),
    }
}

/// `text` with every backquoted value longer than an excerpt cut as [`excerpt`] cuts it.
fn cut_quotes(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(512));
    let mut parts = text.split('`');
    out.push_str(parts.next().unwrap_or_default());
    let rest: Vec<&str> = parts.collect();
    let mut i = 0;
    while i < rest.len() {
        // An opening quote with its closing one: the value between them, cut.
        if i + 1 < rest.len() {
            out.push_str(&excerpt(rest[i]));
            out.push_str(rest[i + 1]);
            i += 2;
        } else {
            out.push('`');
            out.push_str(rest[i]);
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{with_lang, Lang};

    /// Issue 21 (weak messages): serde's messages name Rust types (`expected u64`) and quote
    /// whole values; an issue names what JSON holds and quotes a short excerpt.
    #[test]
    fn serde_messages_name_no_rust_type_and_quote_an_excerpt() {
        with_lang(Lang::En, serde_messages_in_english);
    }

    fn serde_messages_in_english() {
        assert_eq!(
            serde_message("invalid value: integer `-1`, expected u64"),
            "invalid value: the number `-1`, expected a whole number from 0 to 18446744073709551615"
        );
        assert_eq!(
            serde_message("invalid type: floating point `2.5`, expected u32 at line 1 column 9"),
            "invalid type: the number `2.5`, expected a whole number from 0 to 4294967295"
        );
        assert_eq!(
            serde_message(
                "invalid type: map, expected a Decimal type representing a fixed-point number"
            ),
            "invalid type: an object, expected a decimal number, e.g. \"0.25\""
        );
        assert_eq!(
            serde_message("invalid type: sequence, expected struct UnitInput"),
            "invalid type: an array, expected an object"
        );
        let long = "x".repeat(60_000);
        let m = serde_message(&format!("invalid type: string \"{long}\", expected u64"));
        assert!(m.starts_with("invalid type: the string `xxx"), "{m}");
        assert!(m.len() < 200, "{m}");
        let m = serde_message(&format!("unknown variant `{long}`, expected `a` or `b`"));
        assert!(m.len() < 200 && m.ends_with("expected `a` or `b`"), "{m}");
        assert_eq!(serde_message("missing field `id`"), "missing field `id`");
    }

    /// Vietnamese first: the JSON types serde names are named in Vietnamese, while the issue's
    /// parameters keep the format's English words, so the message can be written again in
    /// English from them.
    #[test]
    fn serde_messages_in_vietnamese_name_json_types_in_vietnamese() {
        assert_eq!(
            serde_message("invalid type: sequence, expected struct UnitInput"),
            "sai kiểu dữ liệu: nhận được một mảng, cần một đối tượng"
        );
        assert_eq!(
            serde_message("invalid type: string \"x\", expected u8"),
            "sai kiểu dữ liệu: nhận được chuỗi `x`, cần một số nguyên từ 0 đến 255"
        );
        let i = serde_issue("input", "$.a", "unknown variant `x`, expected `a` or `b`");
        assert_eq!(
            (i.code.as_str(), i.message.as_str()),
            (
                "input.unknown_variant",
                "giá trị không xác định `x`; cần `a` hoặc `b`"
            )
        );
        assert_eq!(i.params["expected"], "`a` or `b`");
        assert_eq!(
            i.message_in(Lang::En),
            "unknown variant `x`, expected `a` or `b`"
        );
        let i = serde_issue("ruleset", "$", "missing field `id`");
        assert_eq!(
            (i.code.as_str(), i.message.as_str()),
            ("ruleset.missing_field", "thiếu trường `id`")
        );
    }
}
