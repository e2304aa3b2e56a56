//! The receipt's hash of a batch's inputs.

use crate::input::UnitInput;
use crate::support::hash::hex;
use sha2::{Digest, Sha256};

/// How the receipt's `inputs_sha256` is obtained.
pub(super) enum InputsHash {
    /// Known before scoring (the SHA-256 of the JSON text as received).
    Known(String),
    /// Typed units: the JSON array of them, serialised and hashed one unit at a time as each is
    /// scored, while the unit's data is in the cache (one walk over a large batch instead of two).
    Units(UnitsHasher),
}

/// SHA-256 of `[unit,unit,…]` as `serde_json::to_writer` writes a `Vec<UnitInput>`, fed unit by
/// unit (the same bytes as [`canonical_sha256`](crate::support::hash::canonical_sha256) of the whole vector).
pub(super) struct UnitsHasher {
    sha: Sha256,
    buf: Vec<u8>,
    empty: bool,
}

impl UnitsHasher {
    const FLUSH: usize = 64 << 10;

    pub(super) fn new() -> Self {
        let mut buf = Vec::with_capacity(Self::FLUSH + (8 << 10));
        buf.push(b'[');
        UnitsHasher {
            sha: Sha256::new(),
            buf,
            empty: true,
        }
    }

    pub(super) fn unit(&mut self, u: &UnitInput) {
        if !self.empty {
            self.buf.push(b',');
        }
        self.empty = false;
        crate::input::json::unit(&mut self.buf, u);
        if self.buf.len() >= Self::FLUSH {
            self.sha.update(&self.buf);
            self.buf.clear();
        }
    }

    pub(super) fn finish(mut self) -> String {
        self.buf.push(b']');
        self.sha.update(&self.buf);
        hex(&self.sha.finalize())
    }
}
