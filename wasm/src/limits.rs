//! Input limits a portal needs: a page must not be able to make the engine parse or hold an
//! unbounded input. Each limit is checked *before* the input is parsed (a linear scan of the JSON
//! text that allocates nothing but a small stack) and refused with its own code:
//!
//! | limit | code | default |
//! |---|---|---|
//! | `maxInputBytes`: JSON text length (UTF-8 bytes) | `limits.input_too_large` | 64 MiB |
//! | `maxUnits`: units in one batch | `limits.too_many_units` | 20 000 |
//! | `maxNodes`: nodes (criteria) in one rule set | `limits.too_many_nodes` | 5 000 |
//! | `maxStringBytes`: one string or key, as written | `limits.string_too_long` | 64 KiB |
//! | `maxDepth`: nesting of arrays and objects | `limits.too_deep` | 64 |
//!
//! The checks belong in the core eventually (`parindex::api::Limits`) so that every layer shares
//! them; until then they live here.

use crate::errors::{Fail, Res};
use std::cell::Cell;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub max_input_bytes: usize,
    pub max_units: usize,
    pub max_nodes: usize,
    pub max_string_bytes: usize,
    pub max_depth: usize,
}

impl Limits {
    pub const DEFAULT: Limits = Limits {
        max_input_bytes: 64 << 20,
        max_units: 20_000,
        max_nodes: 5_000,
        max_string_bytes: 64 << 10,
        max_depth: 64,
    };

    /// Names as JavaScript sees them, with accessors.
    pub const FIELDS: [&'static str; 5] = [
        "maxInputBytes",
        "maxUnits",
        "maxNodes",
        "maxStringBytes",
        "maxDepth",
    ];

    pub fn get(&self, field: &str) -> Option<usize> {
        Some(match field {
            "maxInputBytes" => self.max_input_bytes,
            "maxUnits" => self.max_units,
            "maxNodes" => self.max_nodes,
            "maxStringBytes" => self.max_string_bytes,
            "maxDepth" => self.max_depth,
            _ => return None,
        })
    }

    pub fn set(&mut self, field: &str, v: usize) -> bool {
        match field {
            "maxInputBytes" => self.max_input_bytes = v,
            "maxUnits" => self.max_units = v,
            "maxNodes" => self.max_nodes = v,
            "maxStringBytes" => self.max_string_bytes = v,
            "maxDepth" => self.max_depth = v,
            _ => return false,
        }
        true
    }
}

thread_local! {
    static CURRENT: Cell<Limits> = const { Cell::new(Limits::DEFAULT) };
}

pub fn current() -> Limits {
    CURRENT.with(Cell::get)
}

pub fn replace(l: Limits) {
    CURRENT.with(|c| c.set(l));
}

/// What a JSON text is meant to be: decides which arrays are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `{format_version, units: [...]}`: the root's `units` array is counted against `max_units`.
    Batch,
    /// One unit.
    Unit,
    /// A rule set: elements of every `nodes` and `children` array are counted against `max_nodes`.
    RuleSet,
}

pub fn too_large(len: usize, lim: &Limits) -> Fail {
    Fail::limit(
        "limits.input_too_large",
        "$",
        format!(
            "the input is {len} bytes of JSON; the limit is {} (setLimits({{maxInputBytes}}) raises it)",
            lim.max_input_bytes
        ),
    )
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Counter {
    None,
    Units,
    Nodes,
}

struct Frame {
    array: bool,
    counter: Counter,
    count: usize,
    /// In an object: whether the next string is a key.
    awaiting_key: bool,
    /// In an object: what the last key was (`units`, `nodes`/`children`, other).
    key: Counter,
}

/// Check a JSON text against the limits without parsing it. Syntax errors are left for the parser
/// (this scan only has to terminate and count); a valid text is never refused except for a limit.
///
/// Returns whether every number is a plain integer of at most 15 digits and no string carries the
/// marks of `convert` (what an object turned into JSON may hold without a closer look).
pub fn scan(text: &str, kind: Kind, lim: &Limits) -> Res<bool> {
    if text.len() > lim.max_input_bytes {
        return Err(too_large(text.len(), lim));
    }
    let b = text.as_bytes();
    let n = b.len();
    let mut stack: Vec<Frame> = Vec::new();
    let mut nodes = 0usize;
    let mut plain = true;
    let mut i = 0;
    while i < n {
        match b[i] {
            b' ' | b'\t' | b'\n' | b'\r' | b':' => i += 1,
            b',' => {
                if let Some(top) = stack.last_mut() {
                    top.awaiting_key = !top.array;
                }
                i += 1;
            }
            b'"' => {
                let start = i + 1;
                let mut j = start;
                while j < n && b[j] != b'"' {
                    j += if b[j] == b'\\' { 2 } else { 1 };
                }
                let end = j.min(n);
                if end - start > lim.max_string_bytes {
                    return Err(Fail::limit(
                        "limits.string_too_long",
                        "$",
                        format!(
                            "a string of {} bytes starts at byte {i}; the limit is {} bytes",
                            end - start,
                            lim.max_string_bytes
                        ),
                    ));
                }
                let is_key = matches!(stack.last(), Some(top) if !top.array && top.awaiting_key);
                if is_key {
                    if let Some(top) = stack.last_mut() {
                        top.awaiting_key = false;
                        top.key = match &b[start..end] {
                            b"units" => Counter::Units,
                            b"nodes" | b"children" => Counter::Nodes,
                            _ => Counter::None,
                        };
                    }
                } else {
                    value_start(&mut stack, &mut nodes, lim)?;
                    if b[start..end].starts_with(br"\u0000parindex:") {
                        plain = false;
                    }
                }
                i = end + 1;
            }
            c @ (b'{' | b'[') => {
                value_start(&mut stack, &mut nodes, lim)?;
                if stack.len() >= lim.max_depth {
                    return Err(Fail::limit(
                        "limits.too_deep",
                        "$",
                        format!(
                            "the input nests arrays and objects deeper than {} levels",
                            lim.max_depth
                        ),
                    ));
                }
                let counter = match (c, kind, stack.last()) {
                    (b'[', Kind::Batch, Some(top))
                        if stack.len() == 1 && top.key == Counter::Units =>
                    {
                        Counter::Units
                    }
                    (b'[', Kind::RuleSet, Some(top)) if !top.array && top.key == Counter::Nodes => {
                        Counter::Nodes
                    }
                    _ => Counter::None,
                };
                stack.push(Frame {
                    array: c == b'[',
                    counter,
                    count: 0,
                    awaiting_key: c == b'{',
                    key: Counter::None,
                });
                i += 1;
            }
            b'}' | b']' => {
                stack.pop();
                i += 1;
            }
            _ => {
                // A number or a literal: one value.
                value_start(&mut stack, &mut nodes, lim)?;
                let token_start = i;
                while i < n
                    && !matches!(
                        b[i],
                        b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r' | b'"' | b':'
                    )
                {
                    i += 1;
                }
                let token = &b[token_start..i];
                if token
                    .first()
                    .is_some_and(|c| *c == b'-' || c.is_ascii_digit())
                    && (token.iter().any(|c| matches!(c, b'.' | b'e' | b'E')) || token.len() > 15)
                {
                    plain = false;
                }
            }
        }
    }
    Ok(plain)
}

fn value_start(stack: &mut [Frame], nodes: &mut usize, lim: &Limits) -> Res<()> {
    let Some(top) = stack.last_mut() else {
        return Ok(());
    };
    if !top.array {
        return Ok(());
    }
    top.count += 1;
    match top.counter {
        Counter::Units if top.count > lim.max_units => Err(too_many_units(top.count, lim)),
        Counter::Nodes => {
            *nodes += 1;
            if *nodes > lim.max_nodes {
                Err(Fail::limit(
                    "limits.too_many_nodes",
                    "$",
                    format!(
                        "the rule set has more than {} nodes (setLimits({{maxNodes}}) raises the limit)",
                        lim.max_nodes
                    ),
                ))
            } else {
                Ok(())
            }
        }
        _ => Ok(()),
    }
}

pub fn too_many_units(count: usize, lim: &Limits) -> Fail {
    Fail::limit(
        "limits.too_many_units",
        "$.units",
        format!(
            "the batch has {}{count} units; the limit is {} (setLimits({{maxUnits}}) raises it)",
            if count == lim.max_units + 1 {
                "more than "
            } else {
                ""
            },
            lim.max_units
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(r: Res<bool>) -> Option<String> {
        match r {
            Ok(_) => None,
            Err(Fail::Limit(i)) => Some(i.code),
            Err(other) => Some(format!("{other:?}")),
        }
    }

    fn lim() -> Limits {
        Limits {
            max_input_bytes: 10_000,
            max_units: 3,
            max_nodes: 4,
            max_string_bytes: 16,
            max_depth: 8,
        }
    }

    #[test]
    fn counts_units_of_the_root_only() {
        let ok =
            r#"{"format_version":1,"units":[{"id":"a","x":[1,2,3,4,5]},{"id":"b"},{"id":"c"}]}"#;
        assert_eq!(code(scan(ok, Kind::Batch, &lim())), None);
        let bad = r#"{"units":[{"id":"a"},{"id":"b"},{"id":"c"},{"id":"d"}]}"#;
        assert_eq!(
            code(scan(bad, Kind::Batch, &lim())).as_deref(),
            Some("limits.too_many_units")
        );
        // Nested `units` keys are not the batch's units.
        let nested = r#"{"units":[{"units":[1,2,3,4,5]}]}"#;
        assert_eq!(code(scan(nested, Kind::Batch, &lim())), None);
        // A unit is not a batch.
        assert_eq!(code(scan(bad, Kind::Unit, &lim())), None);
    }

    #[test]
    fn counts_nodes_at_every_depth() {
        let ok = r#"{"levels":[{"nodes":[{"code":"1","children":[{"code":"1.1"},{"code":"1.2"}]},{"code":"2"}]}]}"#;
        assert_eq!(code(scan(ok, Kind::RuleSet, &lim())), None);
        let bad = r#"{"levels":[{"nodes":[{"code":"1","children":[{"code":"1.1"},{"code":"1.2"}]},{"code":"2"},{"code":"3"}]}]}"#;
        assert_eq!(
            code(scan(bad, Kind::RuleSet, &lim())).as_deref(),
            Some("limits.too_many_nodes")
        );
    }

    #[test]
    fn strings_depth_and_size() {
        let long = r#"{"id":"abcdefghijklmnopq"}"#;
        assert_eq!(
            code(scan(long, Kind::Unit, &lim())).as_deref(),
            Some("limits.string_too_long")
        );
        let escaped = r#"{"id":"ab\"cdefghijklm"}"#;
        assert_eq!(code(scan(escaped, Kind::Unit, &lim())), None);
        let deep = "[[[[[[[[[1]]]]]]]]]";
        assert_eq!(
            code(scan(deep, Kind::Unit, &lim())).as_deref(),
            Some("limits.too_deep")
        );
        assert_eq!(code(scan("[[[[[[[[1]]]]]]]]", Kind::Unit, &lim())), None);
        let mut l = lim();
        l.max_input_bytes = 5;
        assert_eq!(
            code(scan("[1,2,3]", Kind::Unit, &l)).as_deref(),
            Some("limits.input_too_large")
        );
    }

    #[test]
    fn tells_plain_integers_from_other_numbers_and_marks() {
        let l = Limits::DEFAULT;
        assert_eq!(
            scan(
                r#"{"a":[1,-2,300],"b":"x.5","c":true,"d":null}"#,
                Kind::Unit,
                &l
            )
            .ok(),
            Some(true)
        );
        for t in [
            r#"{"a":1.5}"#,
            r#"{"a":1e3}"#,
            r#"{"a":[-0.1]}"#,
            r#"{"a":9007199254740993}"#,
            r#"{"a":"\u0000parindex:nonfinite:NaN"}"#,
        ] {
            assert_eq!(scan(t, Kind::Unit, &l).ok(), Some(false), "{t}");
        }
    }

    #[test]
    fn malformed_text_terminates() {
        for t in [
            "",
            "\"",
            "\"\\",
            "{\"a",
            "]]]}}",
            "{\"units\":[",
            "[1,",
            "tru",
        ] {
            let _ = scan(t, Kind::Batch, &lim());
        }
    }
}
