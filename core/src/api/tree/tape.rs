//! What a value is written as: a [`Tape`] of tokens, and the [`Value`] tree read from it.

use smol_str::SmolStr;
use std::borrow::Cow;

/// A value of the tree.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i128),
    Str(SmolStr),
    /// A decimal, as the engine writes it (`"12.50"`, `"-0.25"`): exact, never a float.
    Decimal(SmolStr),
    List(Vec<Value>),
    /// An object or a map: its fields in order.
    Map(Vec<(Cow<'static, str>, Value)>),
}

impl Value {
    /// The field `key` of an object.
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Map(fields) => fields.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// Whether the value is a list or a map (not a scalar).
    pub fn is_nested(&self) -> bool {
        matches!(self, Value::List(_) | Value::Map(_))
    }

    /// The text of a string or a decimal.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) | Value::Decimal(s) => Some(s),
            _ => None,
        }
    }
}

/// A token of a [`Tape`]. Texts are ranges of [`Tape::text`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Tok<'a> {
    Null,
    Bool(bool),
    Int(i64),
    /// An integer beyond `i64`, as its decimal digits.
    BigInt(u32, u32),
    Str(u32, u32),
    Decimal(u32, u32),
    /// A list of this many values.
    List(u32),
    /// An object or a map of this many fields, each a key then its value.
    Map(u32),
    /// A struct's field name (the same `&str` for every record of a type).
    Field(&'a str),
    /// A map's key.
    Key(u32, u32),
    /// A field left for the caller to write (see `Tree::tape_into`).
    Hole,
}

/// A value as tokens, depth first.
#[derive(Debug, Default, Clone)]
pub struct Tape<'a> {
    pub toks: Vec<Tok<'a>>,
    pub text: String,
}

impl<'a> Tape<'a> {
    /// The text of a token's range.
    pub fn str(&self, start: u32, len: u32) -> &str {
        let start = start as usize;
        self.text.get(start..start + len as usize).unwrap_or("")
    }

    /// Append a text; its range, or an error past 4 GiB of text (the tape's ranges are `u32`).
    pub(super) fn push_text(&mut self, s: &str) -> Result<(u32, u32), super::TreeError> {
        let start = u32::try_from(self.text.len()).ok();
        let len = u32::try_from(s.len()).ok();
        match (start, len) {
            (Some(start), Some(len)) if start.checked_add(len).is_some() => {
                self.text.push_str(s);
                Ok((start, len))
            }
            _ => Err(super::TreeError::new("a value with over 4 GiB of text")),
        }
    }

    /// The value starting at token `at`, and the position after it.
    fn read(&self, at: usize) -> (Value, usize) {
        let Some(tok) = self.toks.get(at) else {
            return (Value::Null, at + 1);
        };
        let mut next = at + 1;
        let v = match *tok {
            Tok::Null | Tok::Field(_) | Tok::Key(..) | Tok::Hole => Value::Null,
            Tok::Bool(b) => Value::Bool(b),
            Tok::Int(i) => Value::Int(i128::from(i)),
            Tok::BigInt(s, l) => Value::Int(self.str(s, l).parse().unwrap_or_default()),
            Tok::Str(s, l) => Value::Str(self.str(s, l).into()),
            Tok::Decimal(s, l) => Value::Decimal(self.str(s, l).into()),
            Tok::List(n) => {
                let mut items = Vec::with_capacity(n as usize);
                for _ in 0..n {
                    let (v, after) = self.read(next);
                    items.push(v);
                    next = after;
                }
                Value::List(items)
            }
            Tok::Map(n) => {
                let mut fields = Vec::with_capacity(n as usize);
                for _ in 0..n {
                    let key = match self.toks.get(next) {
                        Some(Tok::Field(k)) => Cow::Owned(k.to_string()),
                        Some(Tok::Key(s, l)) => Cow::Owned(self.str(*s, *l).to_string()),
                        _ => Cow::Borrowed(""),
                    };
                    let (v, after) = self.read(next + 1);
                    fields.push((key, v));
                    next = after;
                }
                Value::Map(fields)
            }
        };
        (v, next)
    }

    /// The value the tape holds.
    pub fn value(&self) -> Value {
        self.read(0).0
    }
}
