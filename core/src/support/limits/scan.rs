//! The scanner of JSON text behind [`Limits::scan`]: one pass over the bytes, counting and
//! bounding what the text holds and finding the keys written twice.

use super::strings::{lone_escape, string_end};
use super::{refuse, strip_bom, Duplicate, Kind, Limits, Scanned};
use crate::error::{excerpt, issue, push_key, Error, Result};
use std::borrow::Cow;
use std::collections::HashSet;

impl Limits {
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
        Scanner::<false>::new(self, kind, base, text).run()
    }

    /// The error of JSON text holding a lone surrogate written as an escape (`"\ud800"`: half
    /// of a UTF-16 pair, alone, which is no Unicode text and which the parser refuses as a syntax
    /// error): `input.lone_surrogate` (`ruleset.lone_surrogate` for a rule set) at the path of its
    /// string, or of the object whose key holds it. Read only when the text did not parse, to say
    /// why; `None` when the text holds no such escape.
    pub(crate) fn lone_surrogate(text: &str, kind: Kind, base: &str) -> Option<Error> {
        let unbounded = Limits {
            max_input_bytes: usize::MAX,
            max_units: usize::MAX,
            max_nodes: usize::MAX,
            max_string_bytes: usize::MAX,
            max_depth: usize::MAX,
            max_number_digits: usize::MAX,
            max_exponent: usize::MAX,
        };
        let e = Scanner::<true>::new(&unbounded, kind, base, text)
            .run()
            .err()?;
        let found = e.issues().first()?.code.ends_with(".lone_surrogate");
        found.then_some(e)
    }
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

/// With `SURROGATES`, it also looks for lone surrogates written as escapes
/// ([`Limits::lone_surrogate`]); the scan of every input is compiled without that look.
struct Scanner<'a, const SURROGATES: bool> {
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

impl<'a, const SURROGATES: bool> Scanner<'a, SURROGATES> {
    fn new(lim: &'a Limits, kind: Kind, base: &'a str, text: &'a str) -> Self {
        Scanner {
            lim,
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
    }

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
                    let (end, escaped) = string_end(b, i + 1);
                    self.check_string(i + 1, end, false)?;
                    if SURROGATES && escaped {
                        self.check_surrogates(i + 1, end, false)?;
                    }
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
        crate::support::sort::sort_by(&mut duplicates, |a, b| a.0.cmp(&b.0));
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
        if SURROGATES && escaped {
            self.check_surrogates(i + 1, end, true)?;
        }
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

    /// A string (`key` or value) from `start` to `end` holding no lone surrogate escape.
    #[cold]
    #[inline(never)]
    fn check_surrogates(&self, start: usize, end: usize, key: bool) -> Result<()> {
        let Some(escape) = lone_escape(&self.text[start..end]) else {
            return Ok(());
        };
        let path = self.path(!key);
        let at = path.clone();
        let issue = issue!(
            "input.lone_surrogate:escape",
            path,
            at = at,
            escape = escape
        );
        Err(self.kind.error(vec![issue.in_family(self.kind.family())]))
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
pub(super) const MAX_DUPLICATES: usize = 100;

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
