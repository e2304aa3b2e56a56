//! Writes the fuzz targets' starting inputs and dictionary: `seeds DIR` writes
//! `DIR/<target>/<name>` for each target, from the repository's fixtures (rule sets, the example
//! province, the conformance cases' inputs, dossiers in every phase and their acts) and the inputs
//! that once failed (`fixtures/fuzz/<target>/`); and `parindex.dict` beside this crate's manifest.

use parindex::fuzzing::{dictionary, fixture_files, regressions, Target};
use std::collections::HashSet;
use std::path::PathBuf;

fn main() -> std::io::Result<()> {
    let dir = PathBuf::from(
        std::env::args_os()
            .nth(1)
            .unwrap_or_else(|| "corpus".into()),
    );
    let fixtures = parindex_fuzz::fixtures();
    for t in Target::ALL {
        let out = dir.join(t.name());
        std::fs::create_dir_all(&out)?;
        // Each input once (the dossiers' logs repeat their acts).
        let mut seen = HashSet::new();
        let seeds = fixture_files(&fixtures, t)
            .into_iter()
            .map(|(n, b)| (format!("seed-{n}"), b));
        let failed = regressions(&fixtures, t)
            .into_iter()
            .map(|(n, b)| (format!("once-failed-{n}"), b));
        let mut n = 0;
        for (name, bytes) in seeds.chain(failed) {
            if seen.insert(bytes.clone()) {
                std::fs::write(out.join(name), bytes)?;
                n += 1;
            }
        }
        println!("{}: {n} inputs in {}", t.name(), out.display());
    }
    // The dictionary is kept with the targets (parindex.dict); the tests fail when it is stale.
    let dict = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("parindex.dict");
    std::fs::write(dict, dictionary())?;
    Ok(())
}
