//! Where a value sits in the tree, and the path of the first error.

use crate::error::Issue;
use serde::de;
use serde_json::Error;
use std::cell::Cell;

/// Where the value being read sits in the tree: a linked list up to the root, on the stack.
#[derive(Clone, Copy)]
pub(super) enum Chain<'c> {
    Root,
    Key(&'c Chain<'c>, &'c str),
    Index(&'c Chain<'c>, usize),
}

impl Chain<'_> {
    /// `a.b[0].c`; `.` for the root (as `serde_path_to_error::Path` displays).
    pub(super) fn render(&self) -> String {
        let mut segments = Vec::new();
        let mut c = self;
        loop {
            match c {
                Chain::Root => break,
                Chain::Key(parent, key) => {
                    segments.push(Err(*key));
                    c = parent;
                }
                Chain::Index(parent, i) => {
                    segments.push(Ok(*i));
                    c = parent;
                }
            }
        }
        if segments.is_empty() {
            return ".".to_string();
        }
        let mut out = String::new();
        for (n, s) in segments.iter().rev().enumerate() {
            match s {
                Ok(i) => {
                    out.push('[');
                    out.push_str(&i.to_string());
                    out.push(']');
                }
                Err(key) => {
                    if n > 0 {
                        out.push('.');
                    }
                    out.push_str(key);
                }
            }
        }
        out
    }
}

impl Chain<'_> {
    /// The path below the root as a JSON path (`.nodes[2].rule`, `.items["1.1"]`): keys written
    /// as [`crate::error::key_path`] writes them, so that a key with a dot stays one key. Empty for
    /// the root.
    pub(super) fn render_json(&self) -> String {
        match self {
            Chain::Root => String::new(),
            Chain::Key(parent, key) => {
                let mut out = parent.render_json();
                crate::error::push_key(&mut out, key);
                out
            }
            Chain::Index(parent, i) => format!("{}[{i}]", parent.render_json()),
        }
    }
}

/// The path of the first error (dotted, and as a JSON path), set by the innermost value it passed
/// through.
pub(super) struct Track(pub(super) Cell<Option<(String, String)>>);

impl Track {
    pub(super) fn fail(&self, chain: &Chain, e: Error) -> Error {
        let path = (self.0.take()).unwrap_or_else(|| (chain.render(), chain.render_json()));
        self.0.set(Some(path));
        e
    }
}

use crate::support::serde_text::NOT_AN_OBJECT;

pub(super) fn not_an_object() -> Error {
    de::Error::custom(NOT_AN_OBJECT)
}

/// A deserialisation error and the path of the value it concerns.
#[derive(Debug)]
pub struct PathError {
    /// Dotted path from the root (`levels[0].nodes[3].rule`), `.` for the root itself.
    pub path: String,
    /// The same path as a JSON path below the root (`.levels[0].nodes[3].rule`,
    /// `.items["1.1"]`), empty for the root itself: unlike the dotted path, a key with a dot in it
    /// stays one key.
    pub json_path: String,
    /// serde_json's error (its message names the problem).
    pub inner: Error,
}

/// Turn a serde error with its path into an issue, with a code that tells unknown fields and kinds
/// from other shape problems; the code without its family (`invalid_type`, the caller adds
/// `input.` or `ruleset.`).
pub(crate) fn from_serde(base: &str, err: PathError) -> Issue {
    let path = format!("{base}{}", err.json_path);
    let mut issue = crate::support::serde_text::serde_issue("input", path, &err.inner.to_string());
    issue.code.drain(.."input.".len());
    issue
}
