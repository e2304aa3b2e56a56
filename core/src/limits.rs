//! Input limits, the same in every face (the command line, Python and the npm package).
//!
//! An input must not be able to make the engine parse or hold an unbounded amount of data, nor
//! spend time out of proportion to its length (a number literal `1E+999999999` is 12 bytes). Every
//! JSON text the engine reads is first checked by [`Limits::scan`]: one pass over the bytes that
//! allocates nothing per token (a small stack of open arrays and objects, and the keys of the open
//! objects), before anything is parsed or converted. Each refusal is an [`Error::Limit`] with its
//! code and the JSON path where the limit was passed:
//!
//! | limit | code | default |
//! |---|---|---|
//! | `max_input_bytes`: length of the JSON text, in UTF-8 bytes | `limits.input_too_large` | 64 MiB |
//! | `max_units`: units in one batch | `limits.too_many_units` | 20,000 |
//! | `max_nodes`: nodes (criteria at any depth) in one rule set | `limits.too_many_nodes` | 5,000 |
//! | `max_string_bytes`: one string or key, as written | `limits.string_too_long` | 64 KiB |
//! | `max_depth`: nesting of arrays and objects | `limits.too_deep` | 64 |
//! | `max_number_digits`: digits of one number literal | `limits.number_too_long` | 64 |
//! | `max_exponent`: size of a number literal's exponent (`e±N`) | `limits.exponent_too_large` | 64 |
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

use crate::error::{excerpt, push_key, Error, Issue, Result};
use std::borrow::Cow;

/// Bounds on what one input may hold (see the [module](self) documentation). `Default` gives the
/// limits every face starts with; a face lets its caller raise them (the command line's
/// `--limit NAME=N`, Python's `parindex.set_limits`, JavaScript's `setLimits`).
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

    /// Refuse a text of `bytes` bytes when it is longer than `max_input_bytes` (before reading a
    /// file or copying a string).
    pub fn check_size(&self, bytes: usize) -> Result<()> {
        if bytes > self.max_input_bytes {
            return Err(refuse(
                "limits.input_too_large",
                "$".into(),
                format!(
                    "the input is {bytes} bytes of JSON; the limit max_input_bytes is {}",
                    self.max_input_bytes
                ),
            ));
        }
        Ok(())
    }

    /// Refuse a string (or key) of `bytes` UTF-8 bytes at `path` when it is longer than
    /// `max_string_bytes`.
    pub fn check_string(&self, bytes: usize, path: &str) -> Result<()> {
        if bytes > self.max_string_bytes {
            return Err(refuse(
                "limits.string_too_long",
                path.into(),
                format!(
                    "a string of {bytes} bytes; the limit max_string_bytes is {}",
                    self.max_string_bytes
                ),
            ));
        }
        Ok(())
    }

    /// Refuse an array or object at `path` that is the `depth`-th level of nesting (the
    /// outermost is level 1) when `depth` is beyond `max_depth`.
    pub fn check_depth(&self, depth: usize, path: &str) -> Result<()> {
        if depth > self.max_depth {
            return Err(refuse(
                "limits.too_deep",
                path.into(),
                format!(
                    "arrays and objects are nested more than {} levels deep (the limit max_depth)",
                    self.max_depth
                ),
            ));
        }
        Ok(())
    }

    /// Refuse a batch of `count` units when it has more than `max_units`.
    pub fn check_units(&self, count: usize) -> Result<()> {
        if count > self.max_units {
            return Err(self.too_many_units(format!("{count}")));
        }
        Ok(())
    }

    fn too_many_units(&self, count: String) -> Error {
        refuse(
            "limits.too_many_units",
            "$.units".into(),
            format!(
                "the batch has {count} units; the limit max_units is {}",
                self.max_units
            ),
        )
    }

    /// Refuse a number at `path` known to have `digits` digits or more (an integer measured
    /// before it is written out) when that is more than `max_number_digits`.
    pub fn check_digits(&self, digits: usize, path: &str) -> Result<()> {
        if digits > self.max_number_digits {
            return Err(refuse(
                "limits.number_too_long",
                path.into(),
                format!(
                    "the number has {digits} digits or more; the limit max_number_digits is {}",
                    self.max_number_digits
                ),
            ));
        }
        Ok(())
    }

    /// Check a number written as a JSON number literal, or in the same notation with an `E`
    /// (`-12.5`, `1E+5`: what Python's `str(Decimal)` gives), against `max_number_digits` and
    /// `max_exponent`. Reads the literal once and converts nothing.
    pub fn check_number(&self, literal: &str, path: &str) -> Result<()> {
        let (digits, exponent) = number_shape(literal.as_bytes());
        self.number_within(literal.as_bytes(), digits, exponent, path)
    }

    fn number_within(&self, lit: &[u8], digits: usize, exponent: usize, path: &str) -> Result<()> {
        let shown = || excerpt(&String::from_utf8_lossy(lit));
        if digits > self.max_number_digits {
            return Err(refuse(
                "limits.number_too_long",
                path.into(),
                format!(
                    "the number {} has {digits} digits; the limit max_number_digits is {}",
                    shown(),
                    self.max_number_digits
                ),
            ));
        }
        if exponent > self.max_exponent {
            return Err(refuse(
                "limits.exponent_too_large",
                path.into(),
                format!(
                    "the number {} has an exponent beyond ±{} (the limit max_exponent)",
                    shown(),
                    self.max_exponent
                ),
            ));
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
    pub fn scan(&self, text: &str, kind: Kind, base: &str) -> Result<Scanned> {
        self.check_size(text.len())?;
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
        }
        .run()
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits::DEFAULT
    }
}

fn refuse(code: &str, path: String, message: String) -> Error {
    Error::Limit(Issue::new(code, path, message))
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
        kind.error(vec![Issue::new(
            &format!("{}.utf8", kind.family()),
            "$",
            format!(
                "the text is not UTF-8: byte {at} (0x{byte:02X}) is not part of a UTF-8 character; \
                 save the file as UTF-8"
            ),
        )])
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
    /// Objects: whether the next string is a key.
    awaiting_key: bool,
    /// Objects: whether a key has been read.
    keyed: bool,
    /// Objects: the last key (a span of the text, without its quotes), whether it holds an escape,
    /// and what it names.
    key: (usize, usize),
    key_escaped: bool,
    key_names: Counter,
    /// Objects: where their keys start in `Scanner::keys`.
    keys_from: usize,
}

/// A key of an open object: a span of the text, without its quotes.
#[derive(Clone, Copy)]
struct Key {
    start: usize,
    end: usize,
    escaped: bool,
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
}

impl Scanner<'_> {
    fn run(mut self) -> Result<Scanned> {
        let b = self.text;
        let n = b.len();
        let mut i = 0;
        while i < n {
            match b[i] {
                b' ' | b'\t' | b'\n' | b'\r' | b':' => i += 1,
                b',' => {
                    if let Some(top) = self.stack.last_mut() {
                        top.awaiting_key = !top.array;
                    }
                    i += 1;
                }
                b'"' => {
                    let start = i + 1;
                    let mut j = start;
                    let mut escaped = false;
                    while j < n {
                        match b[j] {
                            b'"' => break,
                            b'\\' => {
                                escaped = true;
                                j += 2;
                            }
                            _ => j += 1,
                        }
                    }
                    let end = j.min(n);
                    let is_key =
                        matches!(self.stack.last(), Some(top) if !top.array && top.awaiting_key);
                    if !is_key {
                        self.value_start()?;
                    }
                    if end - start > self.lim.max_string_bytes {
                        let path = self.path(!is_key);
                        return Err(refuse(
                            "limits.string_too_long",
                            path,
                            format!(
                                "a {} of {} bytes, starting {}; the limit max_string_bytes is {}",
                                if is_key { "key" } else { "string" },
                                end - start,
                                excerpt(&String::from_utf8_lossy(&b[start..end.min(start + 64)])),
                                self.lim.max_string_bytes
                            ),
                        ));
                    }
                    if is_key {
                        self.keys.push(Key {
                            start,
                            end,
                            escaped,
                        });
                        if let Some(top) = self.stack.last_mut() {
                            top.awaiting_key = false;
                            top.keyed = true;
                            top.key = (start, end);
                            top.key_escaped = escaped;
                            top.key_names = match &b[start..end] {
                                b"units" => Counter::Units,
                                b"nodes" | b"children" => Counter::Nodes,
                                _ => Counter::None,
                            };
                        }
                    }
                    i = end + 1;
                }
                c @ (b'{' | b'[') => {
                    self.value_start()?;
                    if self.stack.len() >= self.lim.max_depth {
                        let path = self.path(true);
                        return Err(refuse(
                            "limits.too_deep",
                            path,
                            format!(
                                "arrays and objects are nested more than {} levels deep (the limit max_depth)",
                                self.lim.max_depth
                            ),
                        ));
                    }
                    let counter = match (c, self.kind, self.stack.last()) {
                        (b'[', Kind::Batch, Some(top))
                            if self.stack.len() == 1
                                && !top.array
                                && top.key_names == Counter::Units =>
                        {
                            Counter::Units
                        }
                        (b'[', Kind::RuleSet, Some(top))
                            if !top.array && top.key_names == Counter::Nodes =>
                        {
                            Counter::Nodes
                        }
                        _ => Counter::None,
                    };
                    self.stack.push(Frame {
                        array: c == b'[',
                        counter,
                        count: 0,
                        awaiting_key: c == b'{',
                        keyed: false,
                        key: (0, 0),
                        key_escaped: false,
                        key_names: Counter::None,
                        keys_from: self.keys.len(),
                    });
                    i += 1;
                }
                b'}' | b']' => {
                    if let Some(f) = self.stack.pop() {
                        if !f.array {
                            self.close_object(f.keys_from);
                        }
                    }
                    i += 1;
                }
                _ => {
                    // A number or a literal (or something the parser will refuse): one value.
                    self.value_start()?;
                    let start = i;
                    while i < n
                        && !matches!(
                            b[i],
                            b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r' | b'"' | b':'
                        )
                    {
                        i += 1;
                    }
                    let token = &b[start..i];
                    if token[0] == b'-' || token[0].is_ascii_digit() {
                        let (digits, exponent) = number_shape(token);
                        if digits > self.lim.max_number_digits || exponent > self.lim.max_exponent {
                            let path = self.path(true);
                            self.lim.number_within(token, digits, exponent, &path)?;
                        }
                        if token.len() > 15 || token.iter().any(|c| matches!(c, b'.' | b'e' | b'E'))
                        {
                            self.small_integers_only = false;
                        }
                    }
                    if i == start {
                        // Cannot happen (the byte matched no delimiter), but never loop forever.
                        i += 1;
                    }
                }
            }
        }
        let mut duplicates = self.duplicates;
        duplicates.sort_by_key(|(at, _)| *at);
        Ok(Scanned {
            duplicates: duplicates.into_iter().map(|(_, d)| d).collect(),
            small_integers_only: self.small_integers_only,
        })
    }

    /// A value starts in the innermost open array or object: count it.
    fn value_start(&mut self) -> Result<()> {
        let Some(top) = self.stack.last_mut() else {
            return Ok(());
        };
        if !top.array {
            return Ok(());
        }
        top.count += 1;
        match top.counter {
            Counter::Units if top.count > self.lim.max_units => Err(self
                .lim
                .too_many_units(format!("more than {}", self.lim.max_units))),
            Counter::Nodes => {
                self.nodes += 1;
                if self.nodes > self.lim.max_nodes {
                    let path = self.path(true);
                    Err(refuse(
                        "limits.too_many_nodes",
                        path,
                        format!(
                            "the rule set has more than {} nodes (the limit max_nodes)",
                            self.lim.max_nodes
                        ),
                    ))
                } else {
                    Ok(())
                }
            }
            _ => Ok(()),
        }
    }

    /// The JSON path of where the scan is: with `value`, of the value being read in the innermost
    /// array or object; without, of that array or object.
    fn path(&self, value: bool) -> String {
        let frames = if value {
            &self.stack[..]
        } else {
            &self.stack[..self.stack.len().saturating_sub(1)]
        };
        path_of(self.base, self.text, frames)
    }

    /// An object closes: find its keys written twice, and forget its keys.
    fn close_object(&mut self, from: usize) {
        let keys = &mut self.keys[from..];
        if keys.len() >= 2 {
            let text = self.text;
            let mut repeated: Vec<Key> = Vec::new();
            let sorted = keys.iter().all(|k| !k.escaped)
                && keys
                    .windows(2)
                    .all(|w| text[w[0].start..w[0].end] < text[w[1].start..w[1].end]);
            if sorted {
                // Keys in strictly increasing order (as a serialised map writes them) cannot repeat.
            } else if keys.len() <= 16 {
                for j in 1..keys.len() {
                    if keys[..j].iter().any(|k| same_key(text, k, &keys[j])) {
                        repeated.push(keys[j]);
                    }
                }
            } else {
                // Many keys in no order: by hash, then compared.
                keys.sort_unstable_by_key(|k| (key_hash(text, k), k.start));
                for run in keys.chunk_by(|a, b| key_hash(text, a) == key_hash(text, b)) {
                    for j in 1..run.len() {
                        if run[..j].iter().any(|k| same_key(text, k, &run[j])) {
                            repeated.push(run[j]);
                        }
                    }
                }
            }
            for k in repeated {
                self.report_duplicate(k);
            }
        }
        self.keys.truncate(from);
    }

    /// Report key `k` of the object just closed (the stack holds the frames around it).
    fn report_duplicate(&mut self, k: Key) {
        let key = key_text(self.text, k.start, k.end, k.escaped);
        let mut path = path_of(self.base, self.text, &self.stack);
        push_key(&mut path, &key);
        let unit = match (self.kind, self.stack.get(1)) {
            (Kind::Batch, Some(units)) if units.counter == Counter::Units => {
                units.count.checked_sub(1)
            }
            _ => None,
        };
        let issue = Issue::new(
            &format!("{}.duplicate_key", self.kind.family()),
            path,
            format!(
                "the key {} is written more than once in this object; JSON does not say which \
                 value counts, so write it once",
                excerpt(&key)
            ),
        );
        self.duplicates.push((k.start, Duplicate { issue, unit }));
    }
}

/// The path through `frames` (each object's last key, each array's last element) from `base`.
fn path_of(base: &str, text: &[u8], frames: &[Frame]) -> String {
    let mut p = base.to_string();
    for f in frames {
        if f.array {
            if let Some(i) = f.count.checked_sub(1) {
                p.push('[');
                p.push_str(itoa::Buffer::new().format(i));
                p.push(']');
            }
        } else if f.keyed {
            push_key(&mut p, &key_text(text, f.key.0, f.key.1, f.key_escaped));
        }
    }
    p
}

/// A key as its characters (escapes read).
fn key_text(text: &[u8], start: usize, end: usize, escaped: bool) -> Cow<'_, str> {
    let raw = &text[start..end];
    if escaped {
        let quoted = &text[start.saturating_sub(1)..(end + 1).min(text.len())];
        if let Ok(s) = serde_json::from_slice::<String>(quoted) {
            return Cow::Owned(s);
        }
    }
    String::from_utf8_lossy(raw)
}

fn same_key(text: &[u8], a: &Key, b: &Key) -> bool {
    if !a.escaped && !b.escaped {
        return text[a.start..a.end] == text[b.start..b.end];
    }
    key_text(text, a.start, a.end, a.escaped) == key_text(text, b.start, b.end, b.escaped)
}

/// FNV-1a of a key's characters.
fn key_hash(text: &[u8], k: &Key) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |bytes: &[u8]| {
        for &c in bytes {
            h = (h ^ u64::from(c)).wrapping_mul(0x0100_0000_01b3);
        }
    };
    if k.escaped {
        feed(key_text(text, k.start, k.end, true).as_bytes());
    } else {
        feed(&text[k.start..k.end]);
    }
    h
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

    #[test]
    fn a_byte_order_mark_is_skipped_and_bytes_must_be_utf8() {
        assert_eq!(strip_bom("\u{feff}{}"), "{}");
        assert_eq!(code(scan("\u{feff}{\"a\":1}", Kind::Unit)), None);
        let e = text_from_bytes(b"{\"id\":\"\xff\"}", Kind::Batch).unwrap_err();
        assert_eq!((e.kind(), e.code(), e.path()), ("input", "input.utf8", "$"));
        assert!(
            e.issues()[0].message.contains("byte 7 (0xFF)"),
            "{}",
            e.issues()[0].message
        );
        let e = text_from_bytes(b"\xc3", Kind::RuleSet).unwrap_err();
        assert_eq!((e.kind(), e.code()), ("ruleset", "ruleset.utf8"));
        assert_eq!(text_from_bytes("{}".as_bytes(), Kind::Unit).unwrap(), "{}");
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
