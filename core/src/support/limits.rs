//! Input limits, the same in every face (the command line, Python and the npm package).
//!
//! An input must not be able to make the engine parse or hold an unbounded amount of data, nor
//! spend time out of proportion to its length (a number literal `1E+999999999` is 12 bytes). Every
//! JSON text the engine reads is first checked by [`Limits::scan`]: one pass over the bytes that
//! allocates nothing per token (a small stack of open arrays and objects, and the keys of the open
//! objects), before anything is parsed or converted. Each refusal is an [`Error::Limit`] with its
//! code and the JSON path where the limit was exceeded (the limits and their codes: [`Limits`]).
//!
//! The same pass finds keys written twice in one object (JSON leaves their meaning open; a reader
//! would keep one value silently). They are returned, each as an issue with its path
//! (`input.duplicate_key`, `ruleset.duplicate_key`), for the caller to decide: a batch refuses
//! only the unit holding the key, a rule set lists them with its other problems, any other input
//! is refused.
//!
//! Values that reach the engine without JSON text (Python dicts and `Decimal`s) are checked with
//! the same limits before they are converted ([`Limits::check_number`], [`Limits::check_string`],
//! [`Limits::check_depth`]).

use crate::error::{excerpt, issue, push_key, Error, Issue, Result};
use std::borrow::Cow;
use std::collections::HashSet;

/// Bounds on what one input may hold: every JSON text the engine reads is checked against them
/// before anything is parsed, and each refusal is an [`Error::Limit`] with its code and the JSON
/// path where the limit was exceeded. `Default` gives the limits every face starts with; a face
/// lets its caller raise them (the command line's `--limit NAME=N`, Python's
/// `parindex.set_limits`, JavaScript's `setLimits`).
///
/// | limit | code | default |
/// |---|---|---|
/// | `max_input_bytes`: length of the JSON text, in UTF-8 bytes | `limits.input_too_large` | 64 MiB |
/// | `max_units`: units in one batch | `limits.too_many_units` | 20,000 |
/// | `max_nodes`: nodes (criteria at any depth) in one rule set | `limits.too_many_nodes` | 5,000 |
/// | `max_string_bytes`: one string or key, as written | `limits.string_too_long` | 64 KiB |
/// | `max_depth`: nesting of arrays and objects | `limits.too_deep` | 64 |
/// | `max_number_digits`: digits of one number literal | `limits.number_too_long` | 64 |
/// | `max_exponent`: size of a number literal's exponent (`e±N`) | `limits.exponent_too_large` | 64 |
///
/// ```
/// use parindex::{builtin, BatchOptions, Limits, RuleSet};
///
/// let rs = RuleSet::builtin(builtin::DEFAULT_RULESET)?;
/// let mut limits = Limits::DEFAULT;
/// assert!(limits.set("max_depth", 2));
/// let opts = BatchOptions { limits, ..BatchOptions::default() };
/// let e = rs.score_json_with(builtin::EXAMPLE_PROVINCE, opts).unwrap_err();
/// assert_eq!(e.code(), "limits.too_deep");
/// # Ok::<(), parindex::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Limits {
    /// Length of an input's JSON text, in UTF-8 bytes (`limits.input_too_large`).
    pub max_input_bytes: usize,
    /// Units in one batch (`limits.too_many_units`).
    pub max_units: usize,
    /// Nodes (criteria at any depth) in one rule set (`limits.too_many_nodes`).
    pub max_nodes: usize,
    /// Length of one string or key as written in JSON, in bytes (`limits.string_too_long`).
    pub max_string_bytes: usize,
    /// Nesting depth of arrays and objects (`limits.too_deep`).
    pub max_depth: usize,
    /// Digits of one number literal, before its exponent (`limits.number_too_long`).
    pub max_number_digits: usize,
    /// Size of a number literal's exponent: `1e64` and `1e-64` pass, `1e65` does not
    /// (`limits.exponent_too_large`).
    pub max_exponent: usize,
}

impl Limits {
    /// The limits every face starts with.
    pub const DEFAULT: Limits = Limits {
        max_input_bytes: 64 << 20,
        max_units: 20_000,
        max_nodes: 5_000,
        max_string_bytes: 64 << 10,
        max_depth: 64,
        max_number_digits: 64,
        max_exponent: 64,
    };

    /// The limits' names, as [`get`](Self::get) and [`set`](Self::set) take them.
    pub const NAMES: [&'static str; 7] = [
        "max_input_bytes",
        "max_units",
        "max_nodes",
        "max_string_bytes",
        "max_depth",
        "max_number_digits",
        "max_exponent",
    ];

    fn field(&mut self, name: &str) -> Option<&mut usize> {
        Some(match name {
            "max_input_bytes" => &mut self.max_input_bytes,
            "max_units" => &mut self.max_units,
            "max_nodes" => &mut self.max_nodes,
            "max_string_bytes" => &mut self.max_string_bytes,
            "max_depth" => &mut self.max_depth,
            "max_number_digits" => &mut self.max_number_digits,
            "max_exponent" => &mut self.max_exponent,
            _ => return None,
        })
    }

    /// The limit named `name` (one of [`NAMES`](Self::NAMES)).
    pub fn get(&self, name: &str) -> Option<usize> {
        let mut copy = *self;
        copy.field(name).copied()
    }

    /// Set the limit named `name`; false when there is no such limit.
    pub fn set(&mut self, name: &str, value: usize) -> bool {
        match self.field(name) {
            Some(v) => {
                *v = value;
                true
            }
            None => false,
        }
    }

    /// These limits with `changes` made, each a limit's name and its new value (`None`: a value
    /// that is not a whole number). A value below 1 or a name that is not a limit's is an input
    /// error `limits.invalid` at `$.<name>` (`not_positive`; `unknown`, naming every limit), and
    /// then nothing is changed: what `parindex.set_limits` does in Python.
    pub fn changed<'a>(
        mut self,
        changes: impl IntoIterator<Item = (&'a str, Option<usize>)>,
    ) -> Result<Limits> {
        for (name, value) in changes {
            let path = crate::error::key_path("$", name);
            let refused = |key: &str, params: &[(&str, &str)]| {
                Error::Input(vec![Issue::new(key, path.clone(), params)])
            };
            let n = value.filter(|n| *n >= 1);
            let n = n.ok_or_else(|| refused("limits.invalid:not_positive", &[("name", name)]))?;
            if !self.set(name, n) {
                let names = Self::NAMES.join(", ");
                let params = [("name", name), ("names", names.as_str())];
                return Err(refused("limits.invalid:unknown", &params));
            }
        }
        Ok(self)
    }

    /// Refuse a text of `bytes` bytes when it is longer than `max_input_bytes` (before reading a
    /// file or copying a string).
    #[doc(hidden)]
    pub fn check_size(&self, bytes: usize) -> Result<()> {
        self.check_size_at(bytes, "$")
    }

    fn check_size_at(&self, bytes: usize, path: &str) -> Result<()> {
        if bytes > self.max_input_bytes {
            return Err(refuse(issue!(
                "limits.input_too_large",
                path,
                bytes,
                max = self.max_input_bytes
            )));
        }
        Ok(())
    }

    /// Refuse a string (or key) of `bytes` UTF-8 bytes at `path` when it is longer than
    /// `max_string_bytes`.
    #[doc(hidden)]
    pub fn check_string(&self, bytes: usize, path: &str) -> Result<()> {
        if bytes > self.max_string_bytes {
            return Err(refuse(issue!(
                "limits.string_too_long",
                path,
                bytes,
                max = self.max_string_bytes
            )));
        }
        Ok(())
    }

    /// Refuse an array or object at `path` that is the `depth`-th level of nesting (the
    /// outermost is level 1) when `depth` is beyond `max_depth`.
    #[doc(hidden)]
    pub fn check_depth(&self, depth: usize, path: &str) -> Result<()> {
        if depth > self.max_depth {
            return Err(refuse(issue!(
                "limits.too_deep",
                path,
                max = self.max_depth
            )));
        }
        Ok(())
    }

    /// Refuse a batch of `count` units when it has more than `max_units`.
    #[doc(hidden)]
    pub fn check_units(&self, count: usize) -> Result<()> {
        if count > self.max_units {
            return Err(self.too_many_units(Some(count)));
        }
        Ok(())
    }

    #[cold]
    #[inline(never)]
    fn too_many_units(&self, count: Option<usize>) -> Error {
        let max = self.max_units;
        refuse(match count {
            Some(count) => issue!("limits.too_many_units", "$.units", count, max),
            None => issue!("limits.too_many_units:more", "$.units", max),
        })
    }

    /// Refuse a number at `path` known to have `digits` digits or more (an integer measured
    /// before it is written out) when that is more than `max_number_digits`.
    #[doc(hidden)]
    pub fn check_digits(&self, digits: usize, path: &str) -> Result<()> {
        if digits > self.max_number_digits {
            return Err(refuse(issue!(
                "limits.number_too_long:at_least",
                path,
                digits,
                max = self.max_number_digits
            )));
        }
        Ok(())
    }

    /// Check a number written as a JSON number literal, or in the same notation with an `E`
    /// (`-12.5`, `1E+5`: what Python's `str(Decimal)` gives), against `max_number_digits` and
    /// `max_exponent`. Reads the literal once and converts nothing.
    #[doc(hidden)]
    pub fn check_number(&self, literal: &str, path: &str) -> Result<()> {
        let (digits, exponent) = number_shape(literal.as_bytes());
        self.number_within(literal.as_bytes(), digits, exponent, path)
    }

    fn number_within(&self, lit: &[u8], digits: usize, exponent: usize, path: &str) -> Result<()> {
        let shown = || excerpt(&String::from_utf8_lossy(lit));
        if digits > self.max_number_digits {
            return Err(refuse(issue!(
                "limits.number_too_long",
                path,
                number = shown(),
                digits,
                max = self.max_number_digits
            )));
        }
        if exponent > self.max_exponent {
            return Err(refuse(issue!(
                "limits.exponent_too_large",
                path,
                number = shown(),
                max = self.max_exponent
            )));
        }
        Ok(())
    }

    /// Check a JSON text against the limits without parsing it, and find the keys written twice
    /// in one object. `kind` says what the text is meant to be (which arrays hold units or
    /// nodes; the family of the duplicate-key code); paths start at `base` (`$`, or
    /// `$.items["1.1"]` for an item given on its own).
    ///
    /// Syntax errors are left to the parser (this pass only has to terminate and count): a text
    /// is refused here only for a limit. A UTF-8 byte-order mark at the start is skipped (see
    /// [`strip_bom`]).
    #[doc(hidden)]
    pub fn scan(&self, text: &str, kind: Kind, base: &str) -> Result<Scanned> {
        self.check_size_at(text.len(), base)?;
        Scanner {
            lim: self,
            kind,
            base,
            text: strip_bom(text).as_bytes(),
            stack: Vec::new(),
            keys: Vec::new(),
            nodes: 0,
            small_integers_only: true,
            duplicates: Vec::new(),
            seen: HashSet::new(),
        }
        .run()
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits::DEFAULT
    }
}

fn refuse(issue: Issue) -> Error {
    Error::Limit(issue)
}

/// What a JSON text is meant to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A rule set: the elements of every `nodes` and `children` array are nodes (`max_nodes`).
    RuleSet,
    /// `{format_version, units: [...]}`: the elements of the root's `units` are units
    /// (`max_units`).
    Batch,
    /// One unit.
    Unit,
    /// One item (a leaf's facts).
    Item,
    /// A workflow act or actor.
    Act,
    /// A stored dossier.
    Dossier,
}

impl Kind {
    /// The family of the codes of problems with the text itself (`ruleset.utf8`, `input.utf8`).
    pub fn family(self) -> &'static str {
        match self {
            Kind::RuleSet => "ruleset",
            _ => "input",
        }
    }

    /// An error of this kind's family (`Error::RuleSet` or `Error::Input`).
    pub fn error(self, issues: Vec<Issue>) -> Error {
        match self {
            Kind::RuleSet => Error::RuleSet(issues),
            _ => Error::Input(issues),
        }
    }
}

/// What [`Limits::scan`] found in a text within the limits.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Scanned {
    /// Keys written twice in one object, in the order of the text: each an issue
    /// (`ruleset.duplicate_key` or `input.duplicate_key`) at the path of the repeated key.
    pub duplicates: Vec<Duplicate>,
    /// Every number literal is an integer written with at most 15 characters: a value a
    /// JavaScript `number` holds exactly.
    pub small_integers_only: bool,
}

/// A key written twice in one object.
#[derive(Debug, Clone, PartialEq)]
pub struct Duplicate {
    pub issue: Issue,
    /// In a batch, the position of the unit holding the key (`None`: the batch's envelope).
    pub unit: Option<usize>,
}

/// Refuse an input (not a batch, not a rule set) holding a key written twice, naming each.
pub(crate) fn refuse_duplicates(scanned: Scanned) -> Result<()> {
    if scanned.duplicates.is_empty() {
        return Ok(());
    }
    Err(Error::Input(
        scanned.duplicates.into_iter().map(|d| d.issue).collect(),
    ))
}

/// The text without a UTF-8 byte-order mark at its start. Editors on Windows save one; JSON does
/// not allow it, and every face reads the text after it (the receipt's `inputs_sha256` is still
/// that of the text as received).
pub fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// Bytes as UTF-8 text, or `ruleset.utf8` / `input.utf8` (by `kind`) at `$` naming the byte
/// offset of the first byte that is not UTF-8.
pub fn text_from_bytes(bytes: &[u8], kind: Kind) -> Result<&str> {
    std::str::from_utf8(bytes).map_err(|e| {
        let at = e.valid_up_to();
        let byte = bytes.get(at).copied().unwrap_or_default();
        let key = match kind {
            Kind::RuleSet => "ruleset.utf8",
            _ => "input.utf8",
        };
        kind.error(vec![issue!(key, "$", at, byte = format!("{byte:02X}"))])
    })
}

/// Digits before the exponent, and the exponent's size (saturating), of a number literal.
fn number_shape(lit: &[u8]) -> (usize, usize) {
    let mut digits = 0usize;
    let mut i = 0;
    while i < lit.len() && !matches!(lit[i], b'e' | b'E') {
        digits += usize::from(lit[i].is_ascii_digit());
        i += 1;
    }
    let mut exponent = 0usize;
    for &c in lit.get(i + 1..).unwrap_or_default() {
        if c.is_ascii_digit() {
            exponent = exponent
                .saturating_mul(10)
                .saturating_add(usize::from(c - b'0'));
        }
    }
    (digits, exponent)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Counter {
    None,
    Units,
    Nodes,
}

/// An open array or object.
struct Frame {
    array: bool,
    /// Arrays: what their elements are counted as.
    counter: Counter,
    /// Arrays: elements so far.
    count: usize,
    /// Objects: where their keys start in `Scanner::keys` (the keys of an object are followed
    /// by those of the objects open within it, so its last key, the one being read, is the last
    /// before the next frame's).
    keys_from: usize,
}

/// A key of an open object: a span of the text, without its quotes, and its first eight bytes
/// (zero-padded, big-endian: they order as the bytes do), which tell most keys apart without
/// reading the text again.
#[derive(Clone, Copy)]
struct Key {
    start: usize,
    end: usize,
    prefix: u64,
    escaped: bool,
}

impl Key {
    #[inline(always)]
    fn new(text: &[u8], start: usize, end: usize, escaped: bool) -> Key {
        let len = end - start;
        let prefix = match text.get(start..start + 8) {
            Some(eight) => {
                let mut w = [0u8; 8];
                w.copy_from_slice(eight);
                let w = u64::from_be_bytes(w);
                if len >= 8 {
                    w
                } else {
                    // Keep the key's bytes only (a raw key holds no zero byte).
                    w & !(u64::MAX >> (8 * len))
                }
            }
            None => {
                let mut w = [0u8; 8];
                let k = &text[start..end.min(start + 8)];
                w[..k.len()].copy_from_slice(k);
                u64::from_be_bytes(w)
            }
        };
        Key {
            start,
            end,
            prefix,
            escaped,
        }
    }

    /// The order of two keys written without escapes: their bytes' order.
    #[inline(always)]
    fn cmp(&self, other: &Key, text: &[u8]) -> std::cmp::Ordering {
        let (a, b) = (self.end - self.start, other.end - other.start);
        self.prefix.cmp(&other.prefix).then_with(|| {
            if a <= 8 || b <= 8 {
                a.cmp(&b)
            } else {
                text[self.start + 8..self.end].cmp(&text[other.start + 8..other.end])
            }
        })
    }
}

struct Scanner<'a> {
    lim: &'a Limits,
    kind: Kind,
    base: &'a str,
    text: &'a [u8],
    stack: Vec<Frame>,
    keys: Vec<Key>,
    nodes: usize,
    small_integers_only: bool,
    /// With the position of the repeated key, to put them in the order of the text.
    duplicates: Vec<(usize, Duplicate)>,
    /// The keys of a large object whose keys are in no order, as they are looked up.
    seen: HashSet<Cow<'a, str>>,
}

impl<'a> Scanner<'a> {
    /// One pass over the text, as a small state machine: a value, then what may follow a value
    /// (a comma, then the next key and its colon in an object; or the end of arrays and objects).
    /// Text that is not JSON is passed over (the parser names its problem); every step moves on.
    fn run(mut self) -> Result<Scanned> {
        let b = self.text;
        let mut i = 0;
        'value: loop {
            // A value starts at `i`.
            i = skip_space(b, i);
            let Some(&first) = b.get(i) else {
                break;
            };
            match first {
                b'"' => {
                    self.value_start()?;
                    let (end, _) = string_end(b, i + 1);
                    self.check_string(i + 1, end, false)?;
                    i = end + 1;
                }
                b'{' => {
                    self.open(false)?;
                    i = skip_space(b, i + 1);
                    if b.get(i) != Some(&b'}') {
                        i = self.read_key(i)?;
                        continue 'value;
                    }
                    self.close();
                    i += 1;
                }
                b'[' => {
                    self.open(true)?;
                    i = skip_space(b, i + 1);
                    if b.get(i) != Some(&b']') {
                        continue 'value;
                    }
                    self.close();
                    i += 1;
                }
                // Not JSON (a missing value): what follows a value reads these.
                b']' | b'}' | b',' => {}
                b':' => i += 1,
                _ => i = self.number_or_literal(first, i)?,
            }
            // What may follow a value.
            loop {
                i = skip_space(b, i);
                match b.get(i) {
                    None => break 'value,
                    Some(b',') => {
                        i += 1;
                        if matches!(self.stack.last(), Some(top) if !top.array) {
                            i = self.read_key(i)?;
                        }
                        continue 'value;
                    }
                    Some(b'}' | b']') => {
                        self.close();
                        i += 1;
                    }
                    // Not JSON (a value after a value): read it as a value.
                    Some(_) => continue 'value,
                }
            }
        }
        let mut duplicates = self.duplicates;
        super::sort::sort_by(&mut duplicates, |a, b| a.0.cmp(&b.0));
        Ok(Scanned {
            duplicates: duplicates.into_iter().map(|(_, d)| d).collect(),
            small_integers_only: self.small_integers_only,
        })
    }

    /// A key of an object, then its colon, from `i`; where its value starts. Anything else is
    /// left to be read as a value.
    #[inline(always)]
    fn read_key(&mut self, i: usize) -> Result<usize> {
        let b = self.text;
        let i = skip_space(b, i);
        if b.get(i) != Some(&b'"') {
            return Ok(i);
        }
        let (end, escaped) = string_end(b, i + 1);
        self.check_string(i + 1, end, true)?;
        self.key(i + 1, end, escaped);
        let i = skip_space(b, end + 1);
        Ok(if b.get(i) == Some(&b':') { i + 1 } else { i })
    }

    /// A string (`key` or value) from `start` to `end`, within `max_string_bytes`.
    #[inline(always)]
    fn check_string(&self, start: usize, end: usize, key: bool) -> Result<()> {
        if end - start <= self.lim.max_string_bytes {
            return Ok(());
        }
        Err(self.string_too_long(start, end, key))
    }

    #[cold]
    #[inline(never)]
    fn string_too_long(&self, start: usize, end: usize, key: bool) -> Error {
        let b = self.text;
        refuse(issue!(
            if key {
                "limits.string_too_long:key"
            } else {
                "limits.string_too_long:string"
            },
            self.path(!key),
            bytes = end - start,
            start = excerpt(&String::from_utf8_lossy(&b[start..end.min(start + 64)])),
            max = self.lim.max_string_bytes
        ))
    }

    /// A number or a literal (`true`, `false`, `null`, or something the parser will refuse)
    /// starting at `i` with byte `first`, read in one pass: the digits, the exponent's size,
    /// whether it is a small integer. Where it ends.
    #[inline]
    fn number_or_literal(&mut self, first: u8, mut i: usize) -> Result<usize> {
        self.value_start()?;
        let b = self.text;
        let start = i;
        let (mut digits, mut exponent, mut in_exponent, mut point) = (0usize, 0usize, false, false);
        while let Some(&c) = b.get(i) {
            if c.is_ascii_digit() {
                if in_exponent {
                    exponent = exponent
                        .saturating_mul(10)
                        .saturating_add(usize::from(c - b'0'));
                } else {
                    digits += 1;
                }
            } else if matches!(
                c,
                b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r' | b'"' | b':'
            ) {
                break;
            } else if c == b'.' {
                point = true;
            } else if c == b'e' || c == b'E' {
                in_exponent = true;
            }
            i += 1;
        }
        if first == b'-' || first.is_ascii_digit() {
            let token = &b[start..i];
            if digits > self.lim.max_number_digits || exponent > self.lim.max_exponent {
                let path = self.path(true);
                self.lim.number_within(token, digits, exponent, &path)?;
            }
            if in_exponent || point || token.len() > 15 {
                self.small_integers_only = false;
            }
        }
        // A byte that ends a token where a value starts (cannot happen: those are read before);
        // never stay in place.
        Ok(i.max(start + 1))
    }

    /// The innermost array or object closes.
    #[inline(always)]
    fn close(&mut self) {
        if let Some(f) = self.stack.pop() {
            if !f.array {
                self.close_object(f.keys_from);
            }
        }
    }

    /// A key of the innermost object: remembered, to find keys written twice.
    #[inline(always)]
    fn key(&mut self, start: usize, end: usize, escaped: bool) {
        self.keys.push(Key::new(self.text, start, end, escaped));
    }

    /// The key being read in the innermost object, if it is one and has one.
    fn top_key(&self) -> Option<&[u8]> {
        let top = self.stack.last().filter(|f| !f.array)?;
        let k = self.keys[top.keys_from..].last()?;
        Some(&self.text[k.start..k.end])
    }

    /// An array (`array`) or object opens.
    #[inline(always)]
    fn open(&mut self, array: bool) -> Result<()> {
        self.value_start()?;
        if self.stack.len() >= self.lim.max_depth {
            return Err(self.too_deep());
        }
        // Only the root's `units` of a batch, and a rule set's `nodes` and `children`, count.
        let counter = match (array, self.kind) {
            (true, Kind::Batch) if self.stack.len() == 1 && self.top_key() == Some(b"units") => {
                Counter::Units
            }
            (true, Kind::RuleSet) if matches!(self.top_key(), Some(b"nodes" | b"children")) => {
                Counter::Nodes
            }
            _ => Counter::None,
        };
        self.stack.push(Frame {
            array,
            counter,
            count: 0,
            keys_from: self.keys.len(),
        });
        Ok(())
    }

    /// A value starts in the innermost open array or object: count it.
    #[inline(always)]
    fn value_start(&mut self) -> Result<()> {
        let Some(top) = self.stack.last_mut() else {
            return Ok(());
        };
        if !top.array {
            return Ok(());
        }
        top.count += 1;
        match top.counter {
            Counter::None => Ok(()),
            Counter::Units if top.count > self.lim.max_units => Err(self.lim.too_many_units(None)),
            Counter::Units => Ok(()),
            Counter::Nodes => {
                self.nodes += 1;
                if self.nodes > self.lim.max_nodes {
                    return Err(self.too_many_nodes());
                }
                Ok(())
            }
        }
    }

    #[cold]
    #[inline(never)]
    fn too_many_nodes(&self) -> Error {
        refuse(issue!(
            "limits.too_many_nodes",
            self.path(true),
            max = self.lim.max_nodes
        ))
    }

    #[cold]
    #[inline(never)]
    fn too_deep(&self) -> Error {
        refuse(issue!(
            "limits.too_deep",
            self.path(true),
            max = self.lim.max_depth
        ))
    }

    /// The JSON path of where the scan is: with `value`, of the value being read in the innermost
    /// array or object; without, of that array or object.
    fn path(&self, value: bool) -> String {
        match (value, self.stack.split_last()) {
            (false, Some((top, around))) => {
                path_of(self.base, self.text, &self.keys, around, top.keys_from)
            }
            _ => path_of(
                self.base,
                self.text,
                &self.keys,
                &self.stack,
                self.keys.len(),
            ),
        }
    }

    /// An object closes: find its keys written twice, and forget its keys.
    #[inline(always)]
    fn close_object(&mut self, from: usize) {
        if self.keys.len() - from >= 2 {
            self.find_duplicates(from);
        }
        self.keys.truncate(from);
    }

    /// The keys written twice among the keys of the object closing (from `from`), reported.
    fn find_duplicates(&mut self, from: usize) {
        let text = self.text;
        let keys = &self.keys[from..];
        let mut repeated: Vec<Key> = Vec::new();
        let sorted = keys.iter().all(|k| !k.escaped)
            && (keys.windows(2)).all(|w| w[0].cmp(&w[1], text).is_lt());
        if sorted {
            // Keys in strictly increasing order (as a serialised map writes them) cannot repeat.
        } else if keys.len() <= 16 {
            for j in 1..keys.len() {
                if keys[..j].iter().any(|k| same_key(text, k, &keys[j])) {
                    repeated.push(keys[j]);
                }
            }
        } else {
            // Many keys in no order: each looked up among those before it (in a set kept for
            // the next such object).
            let seen = &mut self.seen;
            seen.clear();
            for k in keys.iter() {
                if !seen.insert(key_text(text, k.start, k.end, k.escaped)) {
                    repeated.push(*k);
                }
            }
        }
        for k in repeated {
            self.report_duplicate(k, from);
        }
    }

    /// Report key `k` of the object just closed, whose keys start at `from` (the stack holds the
    /// frames around it).
    fn report_duplicate(&mut self, k: Key, from: usize) {
        let unit = match (self.kind, self.stack.get(1)) {
            (Kind::Batch, Some(units)) if units.counter == Counter::Units => {
                units.count.checked_sub(1)
            }
            _ => None,
        };
        // A text made of keys written twice must not make a list of problems many times its
        // size: past the first ones, only the first of each unit of a batch is reported (enough
        // to refuse the unit; the units' keys are reported in the order of the text).
        if self.duplicates.len() >= MAX_DUPLICATES
            && (unit.is_none() || self.duplicates.last().map(|(_, d)| d.unit) == Some(unit))
        {
            return;
        }
        let key = key_text(self.text, k.start, k.end, k.escaped);
        let mut path = path_of(self.base, self.text, &self.keys, &self.stack, from);
        push_key(&mut path, &key);
        let code = match self.kind {
            Kind::RuleSet => "ruleset.duplicate_key",
            _ => "input.duplicate_key",
        };
        let issue = issue!(code, path, key = excerpt(&key));
        self.duplicates.push((k.start, Duplicate { issue, unit }));
    }
}

/// Keys written twice reported in full; past them, only the first of each unit of a batch.
const MAX_DUPLICATES: usize = 100;

/// The first byte from `i` that is not JSON whitespace.
#[inline]
fn skip_space(b: &[u8], mut i: usize) -> usize {
    while let Some(&c) = b.get(i) {
        // Every byte above the space is not whitespace: one comparison for most bytes.
        if c > b' ' || !matches!(c, b' ' | b'\n' | b'\r' | b'\t') {
            break;
        }
        i += 1;
    }
    i
}

/// Where the string whose first byte is at `start` ends (its closing quote, or the end of the
/// text), and whether it holds an escape. Eight bytes at a time: a string is mostly bytes that
/// are neither a quote nor a backslash.
#[inline(always)]
fn string_end(b: &[u8], start: usize) -> (usize, bool) {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    /// The high bit of each byte of `w` that equals `c` (exact for the lowest such byte).
    #[inline]
    fn bytes_equal(w: u64, c: u8) -> u64 {
        let x = w ^ (ONES * u64::from(c));
        x.wrapping_sub(ONES) & !x & HIGH
    }
    let mut j = start;
    let mut escaped = false;
    loop {
        while let Some(chunk) = b.get(j..j + 8) {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            let w = u64::from_le_bytes(word);
            let found = bytes_equal(w, b'"') | bytes_equal(w, b'\\');
            if found != 0 {
                j += (found.trailing_zeros() / 8) as usize;
                break;
            }
            j += 8;
        }
        match b.get(j) {
            None => return (b.len(), escaped),
            Some(b'"') => return (j, escaped),
            Some(b'\\') => {
                escaped = true;
                j += 2;
            }
            Some(_) => j += 1,
        }
    }
}

/// The path through `frames` (each object's last key, each array's last element) from `base`;
/// the keys of the last frame end at `end` in `keys`.
fn path_of(base: &str, text: &[u8], keys: &[Key], frames: &[Frame], end: usize) -> String {
    let mut p = base.to_string();
    for (i, f) in frames.iter().enumerate() {
        if f.array {
            if let Some(i) = f.count.checked_sub(1) {
                p.push('[');
                p.push_str(itoa::Buffer::new().format(i));
                p.push(']');
            }
        } else {
            let until = frames.get(i + 1).map_or(end, |next| next.keys_from);
            if let Some(k) = keys.get(f.keys_from..until).and_then(|k| k.last()) {
                push_key(&mut p, &key_text(text, k.start, k.end, k.escaped));
            }
        }
    }
    p
}

/// A key as its characters (escapes read).
fn key_text(text: &[u8], start: usize, end: usize, escaped: bool) -> Cow<'_, str> {
    let raw = &text[start..end];
    if escaped {
        let quoted = &text[start.saturating_sub(1)..(end + 1).min(text.len())];
        if let Ok(Ok(s)) = std::str::from_utf8(quoted).map(serde_json::from_str::<String>) {
            return Cow::Owned(s);
        }
    }
    String::from_utf8_lossy(raw)
}

#[inline(always)]
fn same_key(text: &[u8], a: &Key, b: &Key) -> bool {
    if !a.escaped && !b.escaped {
        return a.cmp(b, text).is_eq();
    }
    key_text(text, a.start, a.end, a.escaped) == key_text(text, b.start, b.end, b.escaped)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(r: Result<Scanned>) -> Option<String> {
        r.err().map(|e| e.code().to_string())
    }

    fn lim() -> Limits {
        Limits {
            max_input_bytes: 10_000,
            max_units: 3,
            max_nodes: 4,
            max_string_bytes: 16,
            max_depth: 8,
            max_number_digits: 10,
            max_exponent: 5,
        }
    }

    fn scan(t: &str, kind: Kind) -> Result<Scanned> {
        lim().scan(t, kind, "$")
    }

    #[test]
    fn changed_limits_refuse_an_unknown_name_or_a_value_below_one_and_change_nothing() {
        let l = Limits::DEFAULT;
        let changed = l.changed([("max_units", Some(7)), ("max_depth", Some(3))]);
        let changed = changed.unwrap_or(l);
        assert_eq!((changed.max_units, changed.max_depth), (7, 3));
        assert_eq!(changed.max_nodes, l.max_nodes);
        // Python's message language is set per call; here the thread's, Vietnamese by default.
        crate::with_lang(crate::Lang::En, || {
            for (changes, path, says) in [
                (
                    vec![("max_units", Some(7)), ("max_unit", Some(7))],
                    "$.max_unit",
                    "max_exponent",
                ),
                (vec![("max_units", Some(0))], "$.max_units", "above 0"),
                (vec![("max depth", None)], "$[\"max depth\"]", "above 0"),
            ] {
                let e = l.changed(changes).unwrap_err();
                assert!(matches!(e, Error::Input(_)), "{e:?}");
                let issue = &e.issues()[0];
                assert_eq!(
                    (issue.code.as_str(), issue.path.as_str()),
                    ("limits.invalid", path)
                );
                assert!(issue.message.contains(says), "{}", issue.message);
            }
        });
    }

    #[test]
    fn names_get_and_set_every_limit() {
        let mut l = Limits::default();
        for (i, name) in Limits::NAMES.iter().enumerate() {
            assert!(l.set(name, 1000 + i), "{name}");
        }
        for (i, name) in Limits::NAMES.iter().enumerate() {
            assert_eq!(l.get(name), Some(1000 + i), "{name}");
        }
        assert_eq!(l.max_exponent, 1006);
        assert!(!l.set("maxUnits", 1));
        assert_eq!(l.get("nope"), None);
    }

    #[test]
    fn counts_units_of_the_root_only() {
        let ok =
            r#"{"format_version":1,"units":[{"id":"a","x":[1,2,3,4,5]},{"id":"b"},{"id":"c"}]}"#;
        assert_eq!(code(scan(ok, Kind::Batch)), None);
        let bad = r#"{"units":[{"id":"a"},{"id":"b"},{"id":"c"},{"id":"d"}]}"#;
        let e = scan(bad, Kind::Batch).unwrap_err();
        assert_eq!((e.code(), e.path()), ("limits.too_many_units", "$.units"));
        assert_eq!(e.kind(), "limits");
        // Nested `units` keys are not the batch's units; a unit is not a batch.
        assert_eq!(
            code(scan(r#"{"units":[{"units":[1,2,3,4,5]}]}"#, Kind::Batch)),
            None
        );
        assert_eq!(code(scan(bad, Kind::Unit)), None);
    }

    #[test]
    fn counts_nodes_at_every_depth_and_names_the_one_too_many() {
        let ok = r#"{"levels":[{"nodes":[{"code":"1","children":[{"code":"1.1"},{"code":"1.2"}]},{"code":"2"}]}]}"#;
        assert_eq!(code(scan(ok, Kind::RuleSet)), None);
        let bad = r#"{"levels":[{"nodes":[{"code":"1","children":[{"code":"1.1"},{"code":"1.2"}]},{"code":"2"},{"code":"3"}]}]}"#;
        let e = scan(bad, Kind::RuleSet).unwrap_err();
        assert_eq!(
            (e.code(), e.path()),
            ("limits.too_many_nodes", "$.levels[0].nodes[2]")
        );
    }

    #[test]
    fn strings_depth_and_size_are_refused_at_their_path() {
        let e = scan(r#"{"a":{"id":"abcdefghijklmnopq"}}"#, Kind::Unit).unwrap_err();
        assert_eq!((e.code(), e.path()), ("limits.string_too_long", "$.a.id"));
        let e = scan(r#"{"a":{"abcdefghijklmnopq":1}}"#, Kind::Unit).unwrap_err();
        assert_eq!((e.code(), e.path()), ("limits.string_too_long", "$.a"));
        assert!(
            e.issues()[0].message.len() < 200,
            "{}",
            e.issues()[0].message
        );
        // Escapes count as written, and do not end the string.
        assert_eq!(code(scan(r#"{"id":"ab\"cdefghijklm"}"#, Kind::Unit)), None);
        let e = scan(r#"{"a":[[[[[[[[1]]]]]]]]}"#, Kind::Unit).unwrap_err();
        assert_eq!(
            (e.code(), e.path()),
            ("limits.too_deep", "$.a[0][0][0][0][0][0][0]")
        );
        assert_eq!(code(scan("[[[[[[[[1]]]]]]]]", Kind::Unit)), None);
        let mut l = lim();
        l.max_input_bytes = 5;
        let e = l.scan("[1,2,3]", Kind::Unit, "$").unwrap_err();
        assert_eq!((e.code(), e.path()), ("limits.input_too_large", "$"));
    }

    /// Defect 5 of issue 21: a number literal with a huge exponent or thousands of digits is
    /// refused by its length, before anything converts it.
    #[test]
    fn huge_number_literals_are_refused_before_conversion() {
        let e = scan(
            r#"{"items":{"1.1":{"percentage":1E+999999999}}}"#,
            Kind::Unit,
        )
        .unwrap_err();
        assert_eq!(
            (e.code(), e.path()),
            ("limits.exponent_too_large", r#"$.items["1.1"].percentage"#)
        );
        let e = scan(r#"[0, -12345678901.5]"#, Kind::Unit).unwrap_err();
        assert_eq!((e.code(), e.path()), ("limits.number_too_long", "$[1]"));
        for ok in [
            "[1e5]",
            "[1E-5]",
            "[-1234567890]",
            "[0.000001]",
            "[123456789.0]",
        ] {
            assert_eq!(code(scan(ok, Kind::Unit)), None, "{ok}");
        }
        let digits = format!("[1{}]", "0".repeat(10_000));
        let e = Limits::default()
            .scan(&digits, Kind::Unit, "$")
            .unwrap_err();
        assert_eq!(e.code(), "limits.number_too_long");
        assert!(
            e.issues()[0].message.len() < 200,
            "{}",
            e.issues()[0].message
        );
        // Python's notation of a Decimal, checked the same way.
        let l = Limits::default();
        assert_eq!(
            l.check_number("1E+999999999", "$.x").unwrap_err().code(),
            "limits.exponent_too_large"
        );
        assert!(l.check_number("-1.5E-20", "$.x").is_ok());
    }

    #[test]
    fn tells_small_integers_from_other_numbers() {
        let l = Limits::DEFAULT;
        let small = |t: &str| l.scan(t, Kind::Unit, "$").unwrap().small_integers_only;
        assert!(small(r#"{"a":[1,-2,300],"b":"x.5","c":true,"d":null}"#));
        for t in [
            r#"{"a":1.5}"#,
            r#"{"a":1e3}"#,
            r#"{"a":[-0.1]}"#,
            r#"{"a":9007199254740993}"#,
        ] {
            assert!(!small(t), "{t}");
        }
    }

    /// Defect 9 of issue 21: a key written twice is found with its path, in any object, in any
    /// order of keys, escaped or not.
    #[test]
    fn keys_written_twice_are_found_with_their_path() {
        let found = |t: &str, kind: Kind| -> Vec<(String, String, Option<usize>)> {
            Limits::DEFAULT
                .scan(t, kind, "$")
                .unwrap()
                .duplicates
                .into_iter()
                .map(|d| (d.issue.code, d.issue.path, d.unit))
                .collect()
        };
        let t = r#"{"format_version":1,"units":[
            {"id":"a","items":{"1.1":{"met":true},"1.2":{"met":false}}},
            {"id":"b","items":{"1.1":{"numerator":1,"denominator":2,"numerator":2}}},
            {"id":"c","name":"C","id":"c2"}
        ],"title":"t","title":"u"}"#;
        assert_eq!(
            found(t, Kind::Batch),
            [
                (
                    "input.duplicate_key".to_string(),
                    r#"$.units[1].items["1.1"].numerator"#.to_string(),
                    Some(1)
                ),
                (
                    "input.duplicate_key".into(),
                    "$.units[2].id".into(),
                    Some(2)
                ),
                ("input.duplicate_key".into(), "$.title".into(), None),
            ]
        );
        // A key written with an escape is the same key.
        assert_eq!(
            found(r#"{"id":"a","\u0069d":"b"}"#, Kind::Unit),
            [("input.duplicate_key".into(), "$.id".into(), None)]
        );
        // Many keys in no order; sorted keys; the same key in different objects.
        let mut many: Vec<String> = (0..40).rev().map(|i| format!(r#""k{i}":{i}"#)).collect();
        assert!(found(&format!("{{{}}}", many.join(",")), Kind::Unit).is_empty());
        many.push(r#""k7":0"#.into());
        assert_eq!(
            found(&format!("{{{}}}", many.join(",")), Kind::RuleSet),
            [("ruleset.duplicate_key".into(), "$.k7".into(), None)]
        );
        assert!(found(r#"[{"a":1,"b":2},{"a":1,"b":2}]"#, Kind::Unit).is_empty());
    }

    /// A text made of keys written twice gives a bounded list of problems, and still names
    /// every unit of a batch that holds one.
    #[test]
    fn keys_written_twice_are_reported_within_bounds() {
        let many = format!("{{{}}}", vec![r#""a":1"#; 10_000].join(","));
        let d = Limits::DEFAULT
            .scan(&many, Kind::Unit, "$")
            .unwrap()
            .duplicates;
        assert_eq!(d.len(), MAX_DUPLICATES);
        let unit = r#"{"id":"u","id":"u","id":"u"}"#;
        let batch = format!(r#"{{"units":[{}]}}"#, vec![unit; 300].join(","));
        let d = Limits::DEFAULT
            .scan(&batch, Kind::Batch, "$")
            .unwrap()
            .duplicates;
        let units: std::collections::BTreeSet<usize> = d.iter().filter_map(|d| d.unit).collect();
        assert_eq!(units.len(), 300);
        assert!(d.len() < 300 + MAX_DUPLICATES, "{}", d.len());
    }

    #[test]
    fn a_byte_order_mark_is_skipped_and_bytes_must_be_utf8() {
        assert_eq!(strip_bom("\u{feff}{}"), "{}");
        assert_eq!(code(scan("\u{feff}{\"a\":1}", Kind::Unit)), None);
        let e = text_from_bytes(b"{\"id\":\"\xff\"}", Kind::Batch).unwrap_err();
        assert_eq!(
            (e.kind().as_str(), e.code(), e.path()),
            ("input", "input.utf8", "$")
        );
        assert!(
            e.issues()[0].message.contains("byte 7 (0xFF)"),
            "{}",
            e.issues()[0].message
        );
        let e = text_from_bytes(b"\xc3", Kind::RuleSet).unwrap_err();
        assert_eq!((e.kind().as_str(), e.code()), ("ruleset", "ruleset.utf8"));
        assert_eq!(text_from_bytes("{}".as_bytes(), Kind::Unit).unwrap(), "{}");
    }

    /// Any JSON value: numbers as literals of any shape, keys from a small set (so that objects
    /// often share keys), strings with escapes.
    fn json_value() -> impl proptest::strategy::Strategy<Value = serde_json::Value> {
        use proptest::prelude::*;
        use serde_json::Value;
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            "-?(0|[1-9][0-9]{0,20})(\\.[0-9]{1,8})?([eE][+-]?[1-5]?[0-9])?"
                .prop_map(|n| Value::Number(n.parse().unwrap())),
            "[a-z\"\\\\\u{0}-\u{1f}é ]{0,6}".prop_map(Value::String),
        ];
        leaf.prop_recursive(5, 64, 8, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
                proptest::collection::btree_map("[a-c\"é]{0,2}", inner, 0..24)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest::proptest! {
        /// Text written from a JSON value (keys unique in every object) is within the default
        /// limits and has no key written twice, whether compact or pretty; the scan agrees with
        /// the value on whether every number is a small integer.
        #[test]
        fn written_json_passes_the_scan_as_it_is(v in json_value()) {
            fn small(v: &serde_json::Value) -> bool {
                match v {
                    serde_json::Value::Number(n) => {
                        let t = n.as_str();
                        t.len() <= 15 && !t.contains(['.', 'e', 'E'])
                    }
                    serde_json::Value::Array(a) => a.iter().all(small),
                    serde_json::Value::Object(m) => m.values().all(small),
                    _ => true,
                }
            }
            for text in [serde_json::to_string(&v).unwrap(), serde_json::to_string_pretty(&v).unwrap()] {
                let scanned = Limits::DEFAULT.scan(&text, Kind::Batch, "$").unwrap();
                proptest::prop_assert!(scanned.duplicates.is_empty(), "{text}");
                proptest::prop_assert_eq!(scanned.small_integers_only, small(&v));
            }
        }

        /// A key written again at the end of any object is found, at its path, and is the only
        /// key found.
        #[test]
        fn a_key_written_again_is_found_where_it_is(v in json_value(), pick in 0usize..64) {
            let mut objects = Vec::new();
            fn walk(v: &serde_json::Value, path: String, out: &mut Vec<String>) {
                match v {
                    serde_json::Value::Object(m) => {
                        if !m.is_empty() {
                            out.push(path.clone());
                        }
                        for (k, x) in m {
                            walk(x, crate::error::key_path(&path, k), out);
                        }
                    }
                    serde_json::Value::Array(a) => {
                        for (i, x) in a.iter().enumerate() {
                            walk(x, format!("{path}[{i}]"), out);
                        }
                    }
                    _ => {}
                }
            }
            walk(&v, "$".into(), &mut objects);
            proptest::prop_assume!(!objects.is_empty());
            let target = &objects[pick % objects.len()];
            // Write the value, repeating the first key of the chosen object at its end.
            fn write(v: &serde_json::Value, path: &str, target: &str, out: &mut String) -> Option<String> {
                let mut found = None;
                match v {
                    serde_json::Value::Object(m) => {
                        out.push('{');
                        for (i, (k, x)) in m.iter().enumerate() {
                            if i > 0 {
                                out.push(',');
                            }
                            out.push_str(&serde_json::to_string(k).unwrap());
                            out.push(':');
                            found = found.or(write(x, &crate::error::key_path(path, k), target, out));
                        }
                        if path == target {
                            let (k, x) = m.iter().next().unwrap();
                            out.push(',');
                            out.push_str(&serde_json::to_string(k).unwrap());
                            out.push(':');
                            out.push_str(&serde_json::to_string(x).unwrap());
                            found = Some(crate::error::key_path(path, k));
                        }
                        out.push('}');
                    }
                    serde_json::Value::Array(a) => {
                        out.push('[');
                        for (i, x) in a.iter().enumerate() {
                            if i > 0 {
                                out.push(',');
                            }
                            found = found.or(write(x, &format!("{path}[{i}]"), target, out));
                        }
                        out.push(']');
                    }
                    other => out.push_str(&serde_json::to_string(other).unwrap()),
                }
                found
            }
            let mut text = String::new();
            let want = write(&v, "$", target, &mut text).unwrap();
            let scanned = Limits::DEFAULT.scan(&text, Kind::Unit, "$").unwrap();
            let got: Vec<String> = scanned.duplicates.into_iter().map(|d| d.issue.path).collect();
            proptest::prop_assert_eq!(got, vec![want], "{}", text);
        }

        /// Any text at all: the scan ends, without a panic.
        #[test]
        fn any_text_is_scanned_to_its_end(t in "[\\[\\]{}\":,0-9eE.+\\-a-z \\\\\u{feff}]{0,64}") {
            for kind in [Kind::Batch, Kind::RuleSet, Kind::Unit] {
                let _ = lim().scan(&t, kind, "$");
            }
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
            "{\"a\"}",
            ":::",
            "-",
            "1e",
            "{\"a\":1,\"a\"",
        ] {
            let _ = scan(t, Kind::Batch);
            let _ = scan(t, Kind::RuleSet);
        }
    }
}
