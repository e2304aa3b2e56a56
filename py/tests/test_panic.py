"""No Rust panic escapes as pyo3's `PanicException` (a `BaseException` that `except Exception`
misses): every native entry point runs through `errors::shielded`, which raises
`parindex.InternalError` (code `internal.panic`).

The panic itself is provoked in a build with the `test-panic` feature (never shipped), which
scripts/test-py.sh unpacks into target/py-test-panic/site (or $PARINDEX_PANIC_SITE)."""

import os
import pathlib
import re
import subprocess
import sys
from typing import List

from conftest import ROOT

SITE = pathlib.Path(os.environ.get("PARINDEX_PANIC_SITE", ROOT / "target" / "py-test-panic" / "site")).resolve()


def test_a_panic_is_raised_as_an_internal_error_not_a_panic_exception() -> None:
    assert (SITE / "parindex").is_dir(), f"{SITE} is missing: run scripts/test-py.sh"
    script = """
import sys
sys.path.insert(0, sys.argv[1])
import parindex
assert parindex.__file__.startswith(sys.argv[1]), parindex.__file__
try:
    parindex._parindex._test_panic()
except Exception as e:  # an InternalError is an Exception; a PanicException would not be caught
    assert isinstance(e, parindex.InternalError), type(e)
    assert isinstance(e, parindex.ParIndexError)
    assert (e.code, e.path, e.kind) == ("internal.panic", "$", "internal"), (e.code, e.path, e.kind)
    assert "deliberate panic from _test_panic" in str(e), str(e)
    assert e.errors[0]["code"] == "internal.panic"
else:
    raise AssertionError("no error")
# The process goes on: later calls work.
assert parindex.RuleSet.builtin().id == parindex.DEFAULT_RULESET
print("ok")
"""
    r = subprocess.run([sys.executable, "-c", script, str(SITE)], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and r.stdout.strip() == "ok", r.stdout + r.stderr


def entry_points_without_shield(source: str) -> List[str]:
    """Functions of `#[pymethods]` blocks and `#[pyfunction]`s whose body does not call `shielded`."""
    lines = source.splitlines()
    found: List[str] = []
    in_methods = False
    depth = 0
    pending_function = False
    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        if stripped.startswith("#[pymethods]"):
            in_methods = True
            depth = 0
        elif stripped.startswith("#[pyfunction]"):
            pending_function = True
        m = re.match(r"\s*(pub(\(crate\))? )?fn (\w+)", line)
        if m and ((in_methods and depth == 1) or pending_function):
            name = m.group(3)
            body: List[str] = []
            level = 0
            started = False
            while i < len(lines):
                body.append(lines[i])
                level += lines[i].count("{") - lines[i].count("}")
                started = started or "{" in lines[i]
                if started and level <= 0:
                    break
                i += 1
            if "shielded(" not in "\n".join(body):
                found.append(name)
            pending_function = False
            i += 1
            continue
        if in_methods:
            depth += line.count("{") - line.count("}")
            if depth <= 0 and "}" in line:
                in_methods = False
        i += 1
    return found


def test_every_native_entry_point_is_shielded() -> None:
    sources = sorted((ROOT / "py" / "src").glob("*.rs"))
    unshielded = {p.name: entry_points_without_shield(p.read_text(encoding="utf-8")) for p in sources}
    assert {k: v for k, v in unshielded.items() if v} == {}
    # The check finds what it looks for.
    assert entry_points_without_shield("#[pyfunction]\nfn f() -> u8 {\n    1\n}\n") == ["f"]
    assert entry_points_without_shield("#[pymethods]\nimpl X {\n    fn g(&self) {\n    }\n}\n") == ["g"]
    assert entry_points_without_shield("#[pymethods]\nimpl X {\n    fn g(&self) -> R {\n        shielded(|| {\n        })\n    }\n}\n") == []
