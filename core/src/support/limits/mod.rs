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

use crate::error::{excerpt, issue, Error, Issue, Result};

mod scan;
mod strings;

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
        self,
        changes: impl IntoIterator<Item = (&'a str, Option<usize>)>,
    ) -> Result<Limits> {
        self.changed_as(changes, &Self::NAMES)
    }

    /// [`changed`](Self::changed) with the limits named by `names`, the caller's name of each of
    /// [`NAMES`](Self::NAMES) in its order (JavaScript's `setLimits` takes `maxUnits`): the
    /// changes and the refusals (their paths, the limit named, the limits listed) use these names.
    pub fn changed_as<'a>(
        mut self,
        changes: impl IntoIterator<Item = (&'a str, Option<usize>)>,
        names: &[&str; 7],
    ) -> Result<Limits> {
        for (name, value) in changes {
            let path = crate::error::key_path("$", name);
            let refused = |key: &str, params: &[(&str, &str)]| {
                Error::Input(vec![Issue::new(key, path.clone(), params)])
            };
            let n = value.filter(|n| *n >= 1);
            let n = n.ok_or_else(|| refused("limits.invalid:not_positive", &[("name", name)]))?;
            let core = (names.iter().position(|c| *c == name)).map(|i| Self::NAMES[i]);
            if !core.is_some_and(|core| self.set(core, n)) {
                let names = names.join(", ");
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
#[cfg(test)]
mod tests;
