#!/usr/bin/env python3
"""Cross-language benchmark: the Python package against the native command line, same file.

A synthetic country (default 100,000 units spread over the built-in rule set's groups, every leaf
given a fact; deterministic: `parindex generate --units N --seed S`) is scored

* natively:   `target/release/parindex rank --format json FILE`  (read, parse, score every unit,
              rank, print the ranking), and
* in Python:  `parindex.RuleSet.builtin().score(FILE, keep_nodes=False)`, then the ranking as
              Python records (`result.ranking`, decimals as `Decimal`) written as JSON
              (`result.ranking.to_json()`),

best of `--repeat` runs each. A like-for-like run of the full result JSON (`score --format json` vs
`result.to_json(indent=2)`) is made on `--full-units` units (the full JSON of 100,000 units is
several GB). Python figures include loading the rule set; native ones include process start.

    .venv/bin/python benches/cross_lang.py                 # needs the wheel installed (scripts/test-py.sh)
    .venv/bin/python benches/cross_lang.py --units 20000 --repeat 5 --check 1.3
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import subprocess
import sys
import time
from decimal import Decimal
from typing import Any, Callable, List

ROOT = pathlib.Path(__file__).resolve().parents[1]


def cli() -> pathlib.Path:
    target = pathlib.Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    subprocess.run(
        ["cargo", "build", "--release", "--locked", "--quiet", "-p", "parindex", "--bin", "parindex"],
        cwd=ROOT,
        check=True,
        stdin=subprocess.DEVNULL,
    )
    return target / "release" / "parindex"


def country(exe: pathlib.Path, units: int, seed: int) -> pathlib.Path:
    out = ROOT / "target" / "bench" / f"country-{units}-{seed}.json"
    if not out.exists():
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_suffix(".tmp")
        with open(tmp, "wb") as f:
            subprocess.run([str(exe), "generate", "--units", str(units), "--seed", str(seed)], stdout=f, check=True)
        tmp.rename(out)
    return out


def timed(fn: Callable[[], Any]) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def pair(repeat: int, native_fn: Callable[[], Any], python_fn: Callable[[], Any]) -> "tuple[float, float]":
    """Best of `repeat` runs each, alternating, so that load from other processes hits both alike."""
    n, p = [], []
    for _ in range(repeat):
        n.append(timed(native_fn))
        p.append(timed(python_fn))
    return min(n), min(p)


def native(exe: pathlib.Path, *args: str) -> Callable[[], None]:
    def run() -> None:
        with open(os.devnull, "wb") as devnull:
            subprocess.run([str(exe), *args], stdout=devnull, check=True)

    return run


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--units", type=int, default=100_000)
    ap.add_argument("--full-units", type=int, default=5_000)
    ap.add_argument("--seed", type=int, default=2019)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--check", type=float, default=None, help="fail if Python/native exceeds this ratio")
    args = ap.parse_args()

    import parindex

    # A country is beyond the default input limits (20,000 units, 64 MiB of JSON): both sides raise
    # them alike.
    big = {"max_units": max(args.units, args.full_units), "max_input_bytes": 1 << 40}
    parindex.set_limits(**big)
    limits = [a for name, n in big.items() for a in ("--limit", f"{name}={n}")]
    exe = cli()
    path = country(exe, args.units, args.seed)
    small = country(exe, args.full_units, args.seed)
    small_batch = json.loads(small.read_text(encoding="utf-8"), parse_float=Decimal)
    leaves = sum(len(u.get("items", {})) for u in small_batch["units"]) // len(small_batch["units"])

    def py_rank() -> None:
        result = parindex.RuleSet.builtin().score(path, keep_nodes=False)
        with open(os.devnull, "w", encoding="utf-8") as devnull:
            devnull.write(result.ranking.to_json())

    def py_full_json() -> None:
        text = parindex.RuleSet.builtin().score(small).to_json(indent=2)
        with open(os.devnull, "w", encoding="utf-8") as devnull:
            devnull.write(text)

    def py_dict_input() -> None:
        parindex.RuleSet.builtin().score(small_batch).receipt  # noqa: B018

    def py_every_unit() -> None:
        for u in parindex.RuleSet.builtin().score(small).units:
            u.nodes  # noqa: B018

    scored = parindex.RuleSet.builtin().score(small)

    def py_to_dict() -> None:
        scored.to_dict()

    def py_node_frame() -> None:
        scored.to_pandas(long=True)

    rows: List[tuple] = []
    t_native, t_python = pair(args.repeat, native(exe, "rank", "--format", "json", *limits, str(path)), py_rank)
    rows.append((f"rank, {args.units:,} units", t_native, t_python))
    full = native(exe, "score", "--format", "json", *limits, str(small))
    rows.append((f"full result JSON, {args.full_units:,} units", *pair(args.repeat, full, py_full_json)))
    # Python-only figures (no native counterpart): a batch given as Python values, and every unit
    # converted to Python objects with all its nodes.
    only = lambda fn: min(timed(fn) for _ in range(args.repeat))  # noqa: E731
    rows.append((f"score a dict batch (Decimals), {args.full_units:,} units", None, only(py_dict_input)))
    rows.append((f"every unit and node as Python objects, {args.full_units:,} units", None, only(py_every_unit)))
    # A result already scored: converted whole, and made the long frame (one row per unit and node).
    rows.append((f"to_dict() of a result, {args.full_units:,} units", None, only(py_to_dict)))
    try:
        import pandas  # noqa: F401
    except ImportError:
        pass
    else:
        rows.append((f"to_pandas(long=True) of a result, {args.full_units:,} units", None, only(py_node_frame)))

    print(f"synthetic country: {args.units:,} units, ~{leaves} leaf facts per unit (seed {args.seed}); best of {args.repeat}")
    print(f"{'case':<52} {'native s':>10} {'Python s':>10} {'ratio':>7}")
    for name, n, p in rows:
        if n is None:
            print(f"{name:<52} {'-':>10} {p:>10.3f} {'-':>7}")
        else:
            print(f"{name:<52} {n:>10.3f} {p:>10.3f} {p / n:>7.2f}")
    ratio = t_python / t_native
    print(f"\nPython/native (rank, {args.units:,} units): {ratio:.2f}x")
    if args.check is not None and ratio > args.check:
        print(f"ratio above {args.check}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
