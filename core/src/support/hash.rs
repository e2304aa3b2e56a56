//! Hashing: digests as hexadecimal text, the canonical SHA-256 of a JSON value, and the hash map
//! of a batch's strings.
//!
//! Arithmetic here is checked (the lint below refuses an unchecked operator).

#![deny(clippy::arithmetic_side_effects)]

use serde::Serialize;
use sha2::{Digest, Sha256};

/// Bytes as lowercase hexadecimal text (a digest as receipts show it).
pub(crate) fn hex(bytes: &[u8]) -> String {
    const H: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len().saturating_mul(2));
    for b in bytes {
        s.push(H[(b >> 4) as usize] as char);
        s.push(H[(b & 15) as usize] as char);
    }
    s
}

/// Hash of a JSON value in canonical form (object keys sorted; numbers as written), streamed into
/// the hasher without building the text.
pub fn canonical_sha256<T: Serialize + ?Sized>(v: &T) -> String {
    struct HashWriter(Sha256);
    impl std::io::Write for HashWriter {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.update(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    // serde_json writes a token at a time: hand the hasher 64 KB blocks.
    let mut w = std::io::BufWriter::with_capacity(64 << 10, HashWriter(Sha256::new()));
    // Writing into a hasher cannot fail; a value that cannot be serialised hashes what was written.
    let _ = serde_json::to_writer(&mut w, v);
    let _ = std::io::Write::flush(&mut w);
    hex(&w.get_ref().0.clone().finalize())
}

/// A hash map keyed by a batch's strings (unit ids, ranking blocks), seeded per process: with
/// feature `fast-score` hashed by foldhash (a few instructions for a short string where SipHash
/// takes over a hundred), else by the standard library's SipHash.
#[cfg(feature = "fast-score")]
pub(crate) type StrMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;
#[cfg(not(feature = "fast-score"))]
pub(crate) type StrMap<K, V> = std::collections::HashMap<K, V>;
