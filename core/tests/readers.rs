//! The three readers of input text — the JSON tree reader (every face; it reports problems with
//! their paths), the text reader (the build without `fast-text`, i.e. WebAssembly) and the typed
//! reader (`fast-text`) — read the same units and batches from the same text (issue 22, item 5).
//!
//! The units are generated with every field an item, a unit and a batch may carry, keys in any
//! order, any whitespace between tokens, decimals as strings or as JSON numbers in several
//! spellings, and strings with and without escapes. The tree must read each; the typed reader must
//! read each too; the text reader may decline only what it documents it declines (an escaped
//! string, a decimal written as a JSON number with a fraction or an exponent) and must read the
//! usual shapes; whatever a reader reads must be what the tree reads.

use parindex::fuzzing::{batch_readers, unit_readers, TYPED_READER};
use proptest::prelude::*;

/// A JSON value whose objects keep their keys in the order generated.
#[derive(Debug, Clone)]
enum J {
    Raw(String),
    /// A decimal written as a JSON number: as is, or as a string in the usual shapes.
    Num(String),
    /// A string; the markers `\u{1}`, `\u{2}`, `\u{3}` are written as the escapes `\"`, `\u1ea1`
    /// and `\n` when the text has escapes, else as nothing, `ạ` and nothing.
    Str(String),
    Arr(Vec<J>),
    Obj(Vec<(String, J)>),
}

/// Whitespace as JSON allows it between tokens.
fn ws() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => Just(String::new()),
        1 => Just(" ".to_string()),
        1 => Just("\n  ".to_string()),
        1 => Just("\t\r\n".to_string()),
    ]
}

/// A string value, Vietnamese letters included, perhaps with a character to escape.
fn string() -> impl Strategy<Value = J> {
    "[a-zA-Z0-9 _.-]{0,6}(Sở|Huyện|Nội vụ|Đà Bắc|Lạc Sơn)?[a-z0-9]{0,3}[\u{1}\u{2}\u{3}]?"
        .prop_map(J::Str)
}

/// A decimal field: a string or a JSON number, in the spellings officers' files carry.
fn decimal() -> impl Strategy<Value = J> {
    (0u32..10_000, 0u32..4, 0usize..6).prop_map(|(m, scale, how)| {
        let int = m / 10u32.pow(scale);
        let frac = m % 10u32.pow(scale);
        let text = if scale == 0 {
            int.to_string()
        } else {
            format!("{int}.{frac:0width$}", width = scale as usize)
        };
        match how {
            0 => J::Str(text),
            1 => J::Str(format!("-{text}")),
            2 => J::Num(format!("{m}e-{scale}")),
            // A trailing zero after the point (`2.50`); after an integer it would be another
            // number, or `00`, which is not JSON.
            3 if scale > 0 => J::Num(format!("{text}0")),
            _ => J::Num(text),
        }
    })
}

fn count() -> impl Strategy<Value = J> {
    prop_oneof![0u64..1000, Just(u64::MAX)].prop_map(|n| J::Raw(n.to_string()))
}

fn list() -> impl Strategy<Value = J> {
    prop::collection::vec(string(), 0..3).prop_map(J::Arr)
}

fn counts_map() -> impl Strategy<Value = J> {
    prop::collection::btree_map("[a-z_]{1,8}", 0u64..50, 1..3).prop_map(|m| {
        J::Obj(
            m.into_iter()
                .map(|(k, v)| (k, J::Raw(v.to_string())))
                .collect(),
        )
    })
}

type Field = BoxedStrategy<Option<(String, J)>>;

/// An object of `fields` (each present or not), keys shuffled.
fn object(fields: Vec<Field>) -> BoxedStrategy<J> {
    fields
        .prop_flat_map(|fs| {
            let fs: Vec<(String, J)> = fs.into_iter().flatten().collect();
            Just(fs).prop_shuffle().prop_map(J::Obj)
        })
        .boxed()
}

fn opt(key: &'static str, v: impl Strategy<Value = J> + 'static) -> Field {
    prop::option::of(v.prop_map(move |v| (key.to_string(), v))).boxed()
}

fn must(key: &'static str, v: impl Strategy<Value = J> + 'static) -> Field {
    v.prop_map(move |v| Some((key.to_string(), v))).boxed()
}

fn boolean() -> impl Strategy<Value = J> {
    any::<bool>().prop_map(|b| J::Raw(b.to_string()))
}

/// An item with any of the fields an item may carry.
fn item() -> BoxedStrategy<J> {
    object(vec![
        opt("not_applicable", boolean()),
        opt("choice", string()),
        opt("met", boolean()),
        opt("percentage", decimal()),
        opt("numerator", count()),
        opt("denominator", count()),
        opt("count", count()),
        opt("outcomes", counts_map()),
        opt("events", counts_map()),
        opt("value", decimal()),
        opt("points", decimal()),
        opt("self", decimal()),
        opt("evidence", list()),
        opt("appraised", decimal()),
        opt("reappraised", decimal()),
        opt("notes", list()),
    ])
}

fn adjustments() -> impl Strategy<Value = J> {
    prop::collection::vec(
        object(vec![must("points", decimal()), must("reason", string())]),
        0..3,
    )
    .prop_map(J::Arr)
}

fn components() -> impl Strategy<Value = J> {
    prop::collection::btree_map("[a-z_]{1,6}", (any::<bool>(), decimal()), 1..3).prop_map(|m| {
        J::Obj(
            m.into_iter()
                .map(|(k, (pct, d))| {
                    let key = if pct { "percentage" } else { "points" };
                    (k, J::Obj(vec![(key.into(), d)]))
                })
                .collect(),
        )
    })
}

fn items() -> impl Strategy<Value = J> {
    prop::collection::btree_map("[1-4]\\.[1-4](\\.[1-9])?", item(), 0..5)
        .prop_map(|m| J::Obj(m.into_iter().collect()))
}

/// A unit with any of the fields a unit may carry.
fn unit() -> BoxedStrategy<J> {
    object(vec![
        must("id", string()),
        must("name", string()),
        must("group", string()),
        opt("block", string()),
        opt("parent", string()),
        opt("items", items()),
        opt("components", components()),
        opt("bonus", adjustments()),
        opt("penalty", adjustments()),
        opt("synthetic", boolean()),
    ])
}

fn batch() -> BoxedStrategy<J> {
    object(vec![
        must("format_version", Just(J::Raw("1".into()))),
        opt("ruleset", string()),
        opt("title", string()),
        opt("synthetic", boolean()),
        must(
            "units",
            prop::collection::vec(unit(), 0..4).prop_map(J::Arr),
        ),
    ])
}

/// How a value is written: whitespace `spaces` (cycled) between tokens; in the `usual` shapes
/// strings without escapes and decimals as strings, else strings with escapes and decimals as
/// JSON numbers (`2.50`, `25e-1`).
struct Style {
    spaces: Vec<String>,
    usual: bool,
    at: usize,
}

impl Style {
    fn space(&mut self, out: &mut String) {
        if !self.spaces.is_empty() {
            out.push_str(&self.spaces[self.at % self.spaces.len()]);
            self.at += 1;
        }
    }

    fn write(&mut self, v: &J, out: &mut String) {
        match v {
            J::Raw(s) => out.push_str(s),
            J::Num(s) if self.usual => self.write(&J::Str(s.clone()), out),
            J::Num(s) => out.push_str(s),
            J::Str(s) => {
                let (quote, a, newline) = match self.usual {
                    false => ("\\\"", "\\u1ea1", "\\n"),
                    true => ("", "ạ", ""),
                };
                out.push('"');
                out.push_str(
                    &s.replace('\u{1}', quote)
                        .replace('\u{2}', a)
                        .replace('\u{3}', newline),
                );
                out.push('"');
            }
            J::Arr(items) => {
                out.push('[');
                for (i, x) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    self.space(out);
                    self.write(x, out);
                    self.space(out);
                }
                out.push(']');
            }
            J::Obj(fields) => {
                out.push('{');
                for (i, (k, x)) in fields.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    self.space(out);
                    self.write(&J::Str(k.clone()), out);
                    self.space(out);
                    out.push(':');
                    self.space(out);
                    self.write(x, out);
                    self.space(out);
                }
                out.push('}');
            }
        }
    }
}

fn text(v: &J, spaces: Vec<String>, usual: bool) -> String {
    let mut out = String::new();
    Style {
        spaces,
        usual,
        at: 0,
    }
    .write(v, &mut out);
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// Every reader of a well-formed unit reads the unit the tree reads; the typed reader reads
    /// every one; the text reader declines only escaped strings.
    #[test]
    fn the_three_readers_read_the_same_unit(u in unit(), spaces in prop::collection::vec(ws(), 0..5), usual in any::<bool>()) {
        let t = text(&u, spaces, usual);
        let r = unit_readers(&t);
        prop_assert!(r.tree.is_some(), "the tree reader refuses a well-formed unit: {t}");
        r.assert_agree("unit");
        prop_assert_eq!(r.typed.is_some(), TYPED_READER, "the typed reader: {}", t);
        if usual {
            prop_assert!(r.text.is_some(), "the text reader declines a unit in the usual shapes: {t}");
        }
    }

    /// The same for a batch of such units.
    #[test]
    fn the_three_readers_read_the_same_batch(b in batch(), spaces in prop::collection::vec(ws(), 0..5), usual in any::<bool>()) {
        let t = text(&b, spaces, usual);
        let r = batch_readers(&t);
        prop_assert!(r.tree.is_some(), "the tree reader refuses a well-formed batch: {t}");
        r.assert_agree("batch");
        prop_assert_eq!(r.typed.is_some(), TYPED_READER, "the typed reader: {}", t);
        if usual {
            prop_assert!(r.text.is_some(), "the text reader declines a batch in the usual shapes: {t}");
        }
    }
}

/// A reader that read something else would be caught: the check compares what each read.
#[test]
fn a_disagreement_is_caught() {
    let r = parindex::fuzzing::ReadBy {
        tree: Some(1),
        text: Some(2),
        typed: None,
    };
    let caught = std::panic::catch_unwind(|| r.assert_agree("unit"));
    assert!(caught.is_err());
}
