#!/usr/bin/env bash
set -euo pipefail
cd "$(dirname "$0")/.."
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings
# The core as the wasm build uses it (without `fast-text` and `fast-score`).
cargo clippy -p parindex --no-default-features --all-targets --locked -- -D warnings
# The private items' links too (a reader of the code follows them), then the public docs.
RUSTDOCFLAGS="-D warnings" cargo doc -p parindex --no-deps --document-private-items --locked --quiet
RUSTDOCFLAGS="-D warnings" cargo doc -p parindex --no-deps --locked --quiet
cargo bench -p parindex --locked --no-run --quiet
# The main job, as the README gives it: it must rank the bundled example without an error.
cargo run --release --locked --quiet -- rank > /dev/null
cargo run --release --locked --quiet -- validate > /dev/null
cargo test -p parindex --locked
# The same tests on the core as the wasm build compiles it (without `fast-text` and `fast-score`):
# its own readers of input text (an array where an object belongs, issue 21) and its scoring path.
cargo test -p parindex --no-default-features --locked
