#!/usr/bin/env bash
# Build the Python wheel once, install it into .venv and run the Python tests and the stub check.
# Idempotent; works from a fresh clone with only PyPI and crates.io reachable (CI=true, no stdin).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

MATURIN_VERSION=1.16.0
PYTEST_VERSION=9.2.0
MYPY_VERSION=2.4.1
PANDAS_VERSION=3.1.1
# Independent readers of the files the `tables` feature writes (py/tests/test_forms.py).
OPENPYXL_VERSION=3.1.5
PYTHON_DOCX_VERSION=1.2.0
# Exact decimal columns of result frames (pd.ArrowDtype(pa.decimal128(p, s)), py/tests/test_frames.py).
PYARROW_VERSION=26.0.1
# pl.Decimal columns of result frames (to_polars(), py/tests/test_frames.py).
POLARS_VERSION=2.1.0
# A separate target directory: maturin's builds do not invalidate the workspace's cargo builds.
export CARGO_TARGET_DIR=${PARINDEX_PY_TARGET:-$ROOT/target/py}
export CARGO_TERM_COLOR=never PIP_DISABLE_PIP_VERSION_CHECK=1

PYTHON=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
VPY=$ROOT/.venv/bin/python

# Install a pinned tool only when it is absent or at another version.
need() { # need DIST VERSION
  local have
  have=$("$VPY" -c "import importlib.metadata as m; print(m.version('$1'))" 2>/dev/null || true)
  [ "$have" = "$2" ] || echo "$1==$2"
}
want=$(need maturin "$MATURIN_VERSION"; need pytest "$PYTEST_VERSION"; need mypy "$MYPY_VERSION"; need pandas "$PANDAS_VERSION"; need openpyxl "$OPENPYXL_VERSION"; need python-docx "$PYTHON_DOCX_VERSION"; need pyarrow "$PYARROW_VERSION"; need polars "$POLARS_VERSION")
if [ -n "$want" ]; then
  # shellcheck disable=SC2086
  "$VPY" -m pip install -q $want </dev/null
fi

rm -rf dist
"$ROOT/.venv/bin/maturin" build --release --locked -m py/Cargo.toml --out dist </dev/null
wheels=(dist/parindex-*.whl)
[ "${#wheels[@]}" -eq 1 ] || { echo "expected one wheel in dist/, found: ${wheels[*]}" >&2; exit 1; }
case "${wheels[0]}" in
  *-abi3-*) ;;
  *) echo "the wheel is not abi3: ${wheels[0]}" >&2; exit 1 ;;
esac
"$VPY" -m pip install -q --force-reinstall --no-deps "${wheels[0]}" </dev/null

# The panic test's build (py/tests/test_panic.py): the native module with the `test-panic` feature,
# a debug build never shipped, unpacked with its Python package into target/py-test-panic/site.
PANIC=$ROOT/target/py-test-panic
rm -rf "$PANIC"
"$ROOT/.venv/bin/maturin" build --locked -m py/Cargo.toml --features test-panic --out "$PANIC/dist" </dev/null
"$VPY" -m zipfile -e "$PANIC"/dist/parindex-*.whl "$PANIC/site"
export PARINDEX_PANIC_SITE=$PANIC/site

# The files the core writes for the example province (templates, fact tables, forms 01-04),
# opened by py/tests/test_forms.py with openpyxl and python-docx; built in the workspace's own
# target directory, as `cargo test` builds them.
TABLES_OUT=$ROOT/target/tables-out
rm -rf "$TABLES_OUT"
CARGO_TARGET_DIR=$ROOT/target cargo run --locked --quiet --example tables -- "$TABLES_OUT" >/dev/null </dev/null
export PARINDEX_TABLES_OUT=$TABLES_OUT
# The command line, for the officer's path (template filled with openpyxl, score, form).
CARGO_TARGET_DIR=$ROOT/target cargo build --locked --quiet --bin parindex </dev/null
export PARINDEX_BIN=$ROOT/target/debug/parindex

# Run from outside py/ so `import parindex` is the installed wheel, not the source tree.
cd "$ROOT"
"$VPY" -m mypy.stubtest parindex
"$VPY" -m pytest -q -p no:cacheprovider py/tests
