//! The JSON text of units, written straight into a byte buffer: exactly the bytes
//! `serde_json::to_writer` writes for them (the receipt's inputs hash of typed units is the
//! SHA-256 of that text), without going through the serde data model for every token. A country's
//! batch writes millions of items, nearly all of them one inline fact under an ASCII code, and the
//! serde path costs several times the hashing of its output. Anything rarer (adjustments,
//! negative decimals, strings that need escaping) is handed to serde_json itself.

use super::{ComponentInput, Fact, Field, ItemInput, UnitInput};
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeMap;

/// Append `v` as serde_json writes it (compact).
fn serde<T: Serialize + ?Sized>(out: &mut Vec<u8>, v: &T) {
    // Writing into memory cannot fail; a value that could not be serialised leaves what was
    // written, as the serde path did.
    let _ = serde_json::to_writer(&mut *out, v);
}

/// A string: copied between quotes when nothing in it needs escaping (serde_json escapes `"`,
/// `\` and control characters only), otherwise written by serde_json.
fn string(out: &mut Vec<u8>, s: &str) {
    // One table lookup per byte: whether serde_json would escape it.
    const ESCAPED: [bool; 256] = {
        let mut t = [false; 256];
        let mut b = 0;
        while b < 0x20 {
            t[b] = true;
            b += 1;
        }
        t[b'"' as usize] = true;
        t[b'\\' as usize] = true;
        t
    };
    let bytes = s.as_bytes();
    let mut plain = true;
    for &b in bytes {
        plain &= !ESCAPED[b as usize];
    }
    if plain {
        out.push(b'"');
        out.extend_from_slice(bytes);
        out.push(b'"');
    } else {
        serde(out, s);
    }
}

/// An unsigned integer in decimal, as serde_json writes it (with the same crate).
fn uint(out: &mut Vec<u8>, v: u64) {
    out.extend_from_slice(itoa::Buffer::new().format(v).as_bytes());
}

/// A decimal as rust_decimal serialises it: a string of the mantissa's digits with the point
/// `scale` places from the right (at least one digit before it). Negative values (rare: a
/// deduction's points) are left to serde_json.
pub(super) fn decimal(out: &mut Vec<u8>, d: &Decimal) {
    if d.is_sign_negative() {
        return serde(out, d);
    }
    // The mantissa's digits: itoa's for 64 bits (nearly every value), else one at a time.
    let mut buf = [0u8; 40];
    let mut itoa = itoa::Buffer::new();
    let m = d.mantissa().unsigned_abs();
    let digits = match u64::try_from(m) {
        Ok(m) => itoa.format(m).as_bytes(),
        Err(_) => {
            let (mut i, mut m) = (buf.len(), m);
            loop {
                i -= 1;
                buf[i] = b'0' + (m % 10) as u8;
                m /= 10;
                if m == 0 {
                    break;
                }
            }
            &buf[i..]
        }
    };
    let scale = d.scale() as usize;
    out.push(b'"');
    if scale == 0 {
        out.extend_from_slice(digits);
    } else if digits.len() > scale {
        let (whole, frac) = digits.split_at(digits.len() - scale);
        out.extend_from_slice(whole);
        out.push(b'.');
        out.extend_from_slice(frac);
    } else {
        out.extend_from_slice(b"0.");
        out.resize(out.len() + scale - digits.len(), b'0');
        out.extend_from_slice(digits);
    }
    out.push(b'"');
}

/// A map of counts (`outcomes`, `events`): `{"id":n,…}`.
fn counts(out: &mut Vec<u8>, m: &BTreeMap<String, u64>) {
    out.push(b'{');
    for (n, (k, v)) in m.iter().enumerate() {
        if n > 0 {
            out.push(b',');
        }
        string(out, k);
        out.push(b':');
        uint(out, *v);
    }
    out.push(b'}');
}

fn strings(out: &mut Vec<u8>, v: &[String]) {
    out.push(b'[');
    for (n, s) in v.iter().enumerate() {
        if n > 0 {
            out.push(b',');
        }
        string(out, s);
    }
    out.push(b']');
}

/// An item of one decimal fact: `{"name":"1.5"}`, the opening brace and name given.
fn one_decimal(out: &mut Vec<u8>, open: &[u8], v: &Decimal) {
    out.extend_from_slice(open);
    decimal(out, v);
    out.push(b'}');
}

/// An item, with the fields `ItemInput::serialize` writes, in its order.
fn item(out: &mut Vec<u8>, it: &ItemInput) {
    // Most items are one inline fact and nothing else: written without going field by field.
    if it.more.is_none() {
        match it.fact {
            Fact::Rate(n, d) => {
                out.extend_from_slice(br#"{"numerator":"#);
                uint(out, n);
                out.extend_from_slice(br#","denominator":"#);
                uint(out, d);
                return out.push(b'}');
            }
            Fact::Count(n) => {
                out.extend_from_slice(br#"{"count":"#);
                uint(out, n);
                return out.push(b'}');
            }
            Fact::Met(m) => {
                return out.extend_from_slice(if m {
                    br#"{"met":true}"#
                } else {
                    br#"{"met":false}"#
                })
            }
            Fact::Choice(ref id) => {
                out.extend_from_slice(br#"{"choice":"#);
                string(out, id);
                return out.push(b'}');
            }
            Fact::Percentage(ref v) => return one_decimal(out, br#"{"percentage":"#, v),
            Fact::Value(ref v) => return one_decimal(out, br#"{"value":"#, v),
            Fact::Points(ref v) => return one_decimal(out, br#"{"points":"#, v),
            Fact::None => {}
        }
    }
    out.push(b'{');
    let mut first = true;
    let _ = it.each_field(&mut |name, v| {
        if !std::mem::take(&mut first) {
            out.push(b',');
        }
        out.push(b'"');
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(b"\":");
        match v {
            Field::Bool(v) => out.extend_from_slice(if v { b"true" } else { b"false" }),
            Field::Str(v) => string(out, v),
            Field::Decimal(v) => decimal(out, &v),
            Field::Uint(v) => uint(out, v),
            Field::Counts(v) => counts(out, v),
            Field::Strings(v) => strings(out, v),
        }
        Ok(())
    });
    out.push(b'}');
}

/// Append `u` as `serde_json::to_writer` writes it: fields in declaration order, skipping
/// those `UnitInput`'s `skip_serializing_if`s skip.
pub(crate) fn unit(out: &mut Vec<u8>, u: &UnitInput) {
    out.extend_from_slice(br#"{"id":"#);
    string(out, &u.id);
    out.extend_from_slice(br#","name":"#);
    string(out, &u.name);
    out.extend_from_slice(br#","group":"#);
    string(out, &u.group);
    if let Some(b) = &u.block {
        out.extend_from_slice(br#","block":"#);
        string(out, b);
    }
    if let Some(p) = &u.parent {
        out.extend_from_slice(br#","parent":"#);
        string(out, p);
    }
    out.extend_from_slice(br#","items":{"#);
    for (n, (code, it)) in u.items.iter().enumerate() {
        if n > 0 {
            out.push(b',');
        }
        string(out, code);
        out.push(b':');
        item(out, it);
    }
    out.push(b'}');
    if !u.components.is_empty() {
        out.extend_from_slice(br#","components":{"#);
        for (n, (id, c)) in u.components.iter().enumerate() {
            if n > 0 {
                out.push(b',');
            }
            string(out, id);
            match c {
                ComponentInput::Percentage { percentage } => {
                    one_decimal(out, br#":{"percentage":"#, percentage)
                }
                ComponentInput::Points { points } => one_decimal(out, br#":{"points":"#, points),
            }
        }
        out.push(b'}');
    }
    if !u.bonus.is_empty() {
        out.extend_from_slice(br#","bonus":"#);
        serde(out, &u.bonus);
    }
    if !u.penalty.is_empty() {
        out.extend_from_slice(br#","penalty":"#);
        serde(out, &u.penalty);
    }
    if u.synthetic {
        out.extend_from_slice(br#","synthetic":true"#);
    }
    out.push(b'}');
}
