//! What the fuzz targets share: the harness of the engine's contract checks
//! (`parindex::fuzzing`), built once per process.

use parindex::fuzzing::{Harness, Target};
use std::path::PathBuf;
use std::sync::OnceLock;

/// The repository's `fixtures/` folder.
pub fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures")
}

/// The built-in rule set and the conformance cases' valid rule sets, with the dossiers and forms
/// the checks act on.
pub fn harness() -> &'static Harness {
    static HARNESS: OnceLock<Harness> = OnceLock::new();
    HARNESS.get_or_init(|| Harness::with_fixtures(&fixtures()))
}

/// Check one input of `target`: panics (a crash, for libFuzzer) when the engine breaks its
/// contract.
pub fn run(target: Target, data: &[u8]) {
    harness().run(target, data);
}
