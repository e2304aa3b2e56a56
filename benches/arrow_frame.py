#!/usr/bin/env python3
"""Benchmark: `score_frame` of a synthetic country's fact table given as a pyarrow Table.

A synthetic country (`parindex generate --units N --seed S`, as `cross_lang.py` makes it) is laid
out as the fact table (`docs/fact-table.md`: one row per unit, one column per fact), each column
an analyst's typed Arrow column (decimal128 with its places, int64, bool, string), and scored

* in place:  `rs.score_frame(table, keep_nodes=False)`: the engine imports the Arrow C stream and
             reads the cells from the columns' buffers, and
* as before: the former path of `score_frame` for Arrow data: every column through pyarrow's
             `to_pylist()` into Python values (a `Decimal`, an `int`, a `str` per cell), then the
             engine's reader of a frame's values (`score_table`, which pandas frames still use),
* as CSV:    the same table written as CSV text by pyarrow (in memory), read by the engine's CSV
             reader (`rs.score_workbook(bytes)`, as `parindex score facts.csv` reads a file),

best of `--repeat` runs each, alternating. All include scoring every unit (without the node by
node explanation); the difference is the reading of the table.

    .venv/bin/python benches/arrow_frame.py                  # needs the wheel (scripts/test-py.sh)
    .venv/bin/python benches/arrow_frame.py --units 5000 --repeat 5
"""

from __future__ import annotations

import argparse
import json
import pathlib
import sys
import time
import tracemalloc
from decimal import Decimal
from typing import Any, Callable, Dict, List

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from cross_lang import ROOT, country  # noqa: E402

DECIMAL_FIELDS = ("percentage", "value", "points")
ENTRIES = {"self": "self", "appraised": "appraised", "reappraised": "reappraised"}


def fact_table(batch: Dict[str, Any]) -> Any:
    """The batch's fact table as a pyarrow Table, each column typed as its values are."""
    import pyarrow as pa

    n = len(batch["units"])
    cols: Dict[str, List[Any]] = {}

    def put(name: str, row: int, value: Any) -> None:
        cols.setdefault(name, [None] * n)[row] = value

    for r, u in enumerate(batch["units"]):
        for f in ("id", "name", "group", "parent", "block"):
            if u.get(f) is not None:
                put(f, r, u[f])
        if u.get("synthetic"):
            put("synthetic", r, True)
        for code, item in u.get("items", {}).items():
            for f, v in item.items():
                if f in ("outcomes", "events"):
                    for k, x in v.items():
                        put(f"{code}.{f}.{k}", r, x)
                elif f == "not_applicable":
                    put(f"na:{code}", r, v)
                elif f in ENTRIES:
                    put(f"{ENTRIES[f]}:{code}", r, Decimal(str(v)))
                elif f in ("evidence", "notes"):
                    put(f"{f}:{code}", r, "\n".join(v))
                elif f in DECIMAL_FIELDS:
                    put(f"{code}.{f}", r, Decimal(str(v)))
                else:
                    put(f"{code}.{f}", r, v)
        for cid, c in u.get("components", {}).items():
            for f, v in c.items():
                put(f"component:{cid}.{f}", r, Decimal(str(v)))
        for side in ("bonus", "penalty"):
            for k, a in enumerate(u.get(side, []), start=1):
                put(f"{side}:{k}.points", r, Decimal(str(a["points"])))
                put(f"{side}:{k}.reason", r, a["reason"])
    arrays = {}
    for name, values in cols.items():
        given = [v for v in values if v is not None]
        if given and all(isinstance(v, Decimal) for v in given):
            scale = max(max(-v.as_tuple().exponent, 0) for v in given)
            arrays[name] = pa.array(values, pa.decimal128(38, scale))
        else:
            arrays[name] = pa.array(values)
    return pa.table(arrays)


def csv_bytes(table: Any) -> bytes:
    """The table as CSV text (pyarrow's writer; the header unquoted, as the core writes it)."""
    import io

    import pyarrow.csv as pcsv

    out = io.BytesIO()
    out.write((",".join(table.column_names) + "\n").encode("utf-8"))
    pcsv.write_csv(table, out, pcsv.WriteOptions(include_header=False))
    return out.getvalue()


def generator() -> pathlib.Path:
    """The command line that generates the country (a debug build will do: only its output counts)."""
    import os
    import subprocess

    target = pathlib.Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    subprocess.run(["cargo", "build", "--locked", "--quiet", "--bin", "parindex"], cwd=ROOT, check=True, stdin=subprocess.DEVNULL)
    return target / "debug" / "parindex"


def timed(fn: Callable[[], Any]) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--units", type=int, default=20_000)
    ap.add_argument("--seed", type=int, default=2019)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    import parindex

    parindex.set_limits(max_units=max(args.units, 20_000), max_input_bytes=1 << 40)
    path = country(generator(), args.units, args.seed)
    batch = json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)
    table = fact_table(batch)
    rs = parindex.RuleSet.builtin()

    def in_place() -> Any:
        return rs.score_frame(table, keep_nodes=False)

    def as_before() -> Any:
        header = [str(n) for n in table.column_names]
        columns = [c.to_pylist() for c in table.columns]
        return parindex.BatchResult(rs._native.score_table(header, columns, "exact", False, None, None))

    csv_text = csv_bytes(table)

    def as_csv() -> Any:
        return rs.score_workbook(csv_text, keep_nodes=False)

    # All read the same table into the same results (and as the JSON batch scores).
    a, b, c, want = in_place(), as_before(), as_csv(), rs.score(batch, keep_nodes=False)
    assert a.errors == [] and c.errors == [] and len(a.units) == args.units
    assert a.ranking == b.ranking == c.ranking == want.ranking
    assert a.unit(batch["units"][0]["id"]).to_dict() == want.unit(batch["units"][0]["id"]).to_dict()
    # The receipt hashes the table's CSV text: the same whichever way the table came in memory.
    assert a.receipt.inputs_sha256 == b.receipt.inputs_sha256

    t_new, t_old, t_csv = [], [], []
    for _ in range(args.repeat):
        t_new.append(timed(in_place))
        t_old.append(timed(as_before))
        t_csv.append(timed(as_csv))
    peaks = []
    for fn in (in_place, as_before, as_csv):
        tracemalloc.start()
        fn()
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()

    kinds: Dict[str, int] = {}
    for t in table.schema.types:
        k = "decimal128" if str(t).startswith("decimal") else str(t)
        kinds[k] = kinds.get(k, 0) + 1
    print(
        f"synthetic country: {args.units:,} units, {table.num_columns} columns "
        f"({', '.join(f'{n} {k}' for k, n in sorted(kinds.items()))}); best of {args.repeat}"
    )
    print(f"{'score_frame(pyarrow Table)':<44} {'s':>8} {'Python alloc peak':>18}")
    print(f"{'as before (to_pylist, Python values)':<44} {min(t_old):>8.3f} {peaks[1] / 1e6:>15.1f} MB")
    print(f"{'in place (Arrow C stream, buffers)':<44} {min(t_new):>8.3f} {peaks[0] / 1e6:>15.1f} MB")
    print(f"{'as CSV (' + format(len(csv_text) / 1e6, '.1f') + ' MB of text, the CSV reader)':<44} {min(t_csv):>8.3f} {peaks[2] / 1e6:>15.1f} MB")
    print(f"\nbefore/after: {min(t_old) / min(t_new):.2f}x; CSV/after: {min(t_csv) / min(t_new):.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
