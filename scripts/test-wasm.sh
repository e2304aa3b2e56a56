#!/usr/bin/env bash
# The npm package `parindex` (wasm/): installs what is missing, builds wasm/pkg once, type-checks a
# consumer against the shipped declarations, then runs the same suite in Node and in headless
# Chromium, the panic test and the portal-page test. Idempotent; works from a fresh clone with
# CI=true and no stdin.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export CARGO_TERM_COLOR=never CARGO_INCREMENTAL=0
export PARINDEX_TOOLS=${PARINDEX_TOOLS:-$HOME/.cache/parindex-tools}
export PATH="$PARINDEX_TOOLS/bin:$ROOT/node_modules/.bin:$PATH"

# Rust target.
rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown

# wasm-bindgen-cli at exactly the version of the wasm-bindgen crate in Cargo.lock (without --locked:
# the CLI's own lock file pins crates this registry may not have yet).
WASM_BINDGEN_VERSION=$(cargo pkgid -p wasm-bindgen | sed 's/.*@//')
if [ "$("$PARINDEX_TOOLS/bin/wasm-bindgen" --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  echo "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION into $PARINDEX_TOOLS (about 3 minutes)"
  cargo install wasm-bindgen-cli --version "=$WASM_BINDGEN_VERSION" --no-default-features \
    --root "$PARINDEX_TOOLS" --force --quiet </dev/null
fi

# Headless Chromium for the browser tests (Debian's; playwright-core drives it, nothing is downloaded).
if [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
  apt-get update -qq </dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver </dev/null >/dev/null
fi

# npm devDependencies (binaryen 132 for wasm-opt, playwright-core, typescript), pinned by the lock.
LOCK_SUM=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ "$(cat node_modules/.parindex-lock 2>/dev/null)" != "$LOCK_SUM" ] || [ ! -x node_modules/.bin/wasm-opt ]; then
  npm ci --no-audit --no-fund </dev/null
  echo "$LOCK_SUM" > node_modules/.parindex-lock
fi

# Build once: the package, and the debug build with the panic test hook.
bash wasm/build.sh --test-panic

# The size gate: the main module, the one every page loads, at most 250,000 bytes gzipped (gzip -9).
# The modules a page loads only when it needs them (parindex/tables, parindex/workflow) have none.
WASM_BUDGET=250000
gz=$(gzip -9 -c wasm/pkg/parindex_bg.wasm | wc -c)
if [ "$gz" -gt "$WASM_BUDGET" ]; then
  echo "wasm/pkg/parindex_bg.wasm is $gz bytes gzipped, over its budget of $WASM_BUDGET" >&2
  exit 1
fi
echo "size gate: wasm/pkg/parindex_bg.wasm $gz bytes gzipped (budget $WASM_BUDGET)"

# The shipped declarations, as a TypeScript consumer sees them.
tsc -p wasm/js-tests
echo "tsc: wasm/js-tests/consumer.ts and consumer-tables.ts type-check against wasm/pkg/parindex.d.ts, parindex_tables.d.ts and parindex_workflow.d.ts"

# A standing check: no unwrap/expect/panic! in the bindings (a panic must never be the way out).
if grep -nE '\.unwrap\(\)|\.expect\(|panic!\(|unreachable!\(|todo!\(|unimplemented!\(' wasm/src/*.rs wasm/common/src/*.rs wasm/tables/src/*.rs wasm/workflow/src/*.rs; then
  echo "wasm/src, wasm/common/src, wasm/tables/src and wasm/workflow/src must not unwrap, expect or panic" >&2
  exit 1
fi

# Node, the panic test, headless Chromium (the same suite), the portal page. Keep this last: its
# summary closes the output.
node --test wasm/js-tests/
