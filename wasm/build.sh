#!/usr/bin/env bash
# Builds the npm package `parindex` into wasm/pkg: cargo (wasm32, profile wasm-release: release
# optimised for size, see Cargo.toml) → wasm-bindgen
# (--target web: one ES module for browsers and Node) → wasm-opt -O3 (npm binaryen) → the
# hand-written package.json, Node entry and README, and parindex_data.js (the example province and
# the JSON Schemas, written by wasm/build.rs; parindex.js imports it).
#   bash wasm/build.sh               the package
#   bash wasm/build.sh --test-panic  also wasm/pkg-test-panic: a debug build with the `test-panic`
#                                    feature, used only by the panic test
# Needs wasm-bindgen (the Cargo.lock version) on PATH or in $PARINDEX_TOOLS/bin, and `npm ci` done.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
TOOLS=${PARINDEX_TOOLS:-$HOME/.cache/parindex-tools}
export PATH="$TOOLS/bin:$ROOT/node_modules/.bin:$PATH"
TARGET_DIR=$(cargo metadata --format-version 1 --no-deps | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).target_directory))')

bindgen() { # <input.wasm> <out dir> <OUT_DIR of the build script>
  rm -rf "$2"
  wasm-bindgen "$1" --target web --out-dir "$2" --out-name parindex
  cp wasm/npm/package.json wasm/npm/node.js wasm/README.md "$3/parindex_data.js" "$2/"
}

build() { # <cargo build args…>: builds the module (the cdylib of wasm/link, which links the
          # bindings of parindex-wasm), prints the OUT_DIR of parindex-wasm's build script (where
          # it wrote parindex_data.js, the data shipped next to the .wasm)
  cargo build --locked -p parindex-wasm-link --lib --target wasm32-unknown-unknown "$@" \
    --message-format=json-render-diagnostics |
    node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{for(const l of s.split("\n")){if(!l.startsWith("{"))continue;const m=JSON.parse(l);if(m.reason==="build-script-executed"&&/parindex-wasm|wasm#parindex-wasm/.test(m.package_id))console.log(m.out_dir)}})'
}

DATA=$(build --profile wasm-release)
[ -f "$DATA/parindex_data.js" ] || { echo "build.sh: parindex_data.js not found (OUT_DIR: $DATA)" >&2; exit 1; }
OUT=wasm/pkg
NEW=wasm/pkg-new
bindgen "$TARGET_DIR/wasm32-unknown-unknown/wasm-release/parindex_wasm_link.wasm" "$NEW" "$DATA"
# wasm-opt, without inlining functions that have one caller (or any beyond binaryen's tiny
# always-inline size): a function inlined into its one caller makes a larger, less repetitive body
# that gzip compresses worse. Measured 2026-12-06 (bytes, gzip -9): -Oz 657,623 / 268,658; these
# flags 658,595 / 264,943; rescoring (benches/rescore.mjs, Node) as fast within the noise.
# --low-memory-unused: the module never uses the lowest 1 KiB of memory (rustc puts the 1 MiB
# stack first, growing down towards 0, and the data after it), so wasm-opt may fold constant
# offsets into loads and stores. The producers and target-features sections are build metadata
# nobody reads. Measured 2026-12-06 on the same cargo output (gzip -9): 295,909 -> 294,356
# (--low-memory-unused), -> 295,699 (the two sections).
# -O3 rather than -Oz: measured 2026-12-06 on the same cargo output (raw / gzip -9 bytes): -Oz
# 759,094 / 294,710; -Os 772,341 / 293,619; -O2 784,867 / 293,332; -O3 772,646 / 292,965 (with
# --converge 771,743 / 292,788, for twice the time); -O4 773,386 / 293,711. Larger, but more
# regular code that gzip compresses better (the inlining limits above still hold).
# --reorder-functions-by-name first: the functions in the order of their (mangled) names, so that
# the copies of one generic function and the functions of one module sit side by side, where gzip's
# 32 KB window finds their likeness. Measured 2026-12-07 on the same wasm-bindgen output (raw / gzip
# -9 bytes): 699,739 / 276,858 -> 698,955 / 275,643 (by demangled names 275,638; after -O3 rather
# than before it 275,665).
# wasm-opt (the JavaScript build of binaryen) takes ~40 s: reuse the last result when its input
# and flags have not changed.
WASM_OPT_FLAGS=(--reorder-functions-by-name -O3 --one-caller-inline-max-function-size=0 --flexible-inline-max-function-size=0
  --low-memory-unused --strip-producers --strip-target-features)
optimise() { # <module name>: wasm-opt on $NEW/<name>_bg.wasm, or the last result if its input and
             # flags are the ones of the last run
  local id
  id=$( (sha256sum < "$NEW/$1_bg.wasm"; echo "${WASM_OPT_FLAGS[*]}") | sha256sum | cut -d' ' -f1)
  if [ -f "$OUT/.wasm-opt-$1" ] && [ "$(cat "$OUT/.wasm-opt-$1")" = "$id" ] && [ -f "$OUT/$1_bg.wasm" ]; then
    cp "$OUT/$1_bg.wasm" "$NEW/$1_bg.wasm"
  else
    wasm-opt "${WASM_OPT_FLAGS[@]}" "$NEW/$1_bg.wasm" -o "$NEW/$1_bg.opt.wasm"
    mv "$NEW/$1_bg.opt.wasm" "$NEW/$1_bg.wasm"
  fi
  echo "$id" > "$NEW/.wasm-opt-$1"
}
optimise parindex

# The modules of their own, each built alone so that what it needs stays out of the main module:
# `parindex/tables` (wasm/tables: templates, forms, the rubric workbook, reading uploads; the
# core's `tables` feature) and `parindex/workflow` (wasm/workflow: the dossiers); the same
# wasm-opt flags, and the same reuse of the last result.
for m in tables workflow; do
  cargo build --locked -p "parindex-wasm-$m" --lib --target wasm32-unknown-unknown --profile wasm-release
  wasm-bindgen "$TARGET_DIR/wasm32-unknown-unknown/wasm-release/parindex_wasm_$m.wasm" --target web \
    --out-dir "$NEW" --out-name "parindex_$m"
  cp "wasm/npm/$m-node.js" "$NEW/"
  optimise "parindex_$m"
done

rm -rf "$OUT"
mv "$NEW" "$OUT"
for m in parindex_bg parindex_tables_bg parindex_workflow_bg; do
  raw=$(wc -c < "$OUT/$m.wasm")
  gz=$(gzip -9 -c "$OUT/$m.wasm" | wc -c)
  echo "wasm/pkg/$m.wasm: $raw bytes, $gz gzipped (gzip -9)"
done

if [ "${1:-}" = "--test-panic" ]; then
  DATA=$(build --features test-panic)
  bindgen "$TARGET_DIR/wasm32-unknown-unknown/debug/parindex_wasm_link.wasm" wasm/pkg-test-panic "$DATA"
fi
