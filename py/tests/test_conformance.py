"""Every conformance case under fixtures/conformance, with the subset semantics of its README: every
key of an expected object must be in the actual object with a matching value; arrays must have the
same length and match element by element; scalars must be equal (decimals compared as written).

The actual values are the Python results (decimals as `Decimal`, rendered as written), so the cases
also check the conversion. An `{"error": ...}` case expects the batch (or the rule set) refused. A
workflow case (`"workflow": "walk.json"`) walks a `Dossier` step by step."""

import json
import pathlib
from typing import Any, List

import pytest

import parindex

from conftest import FIXTURES, as_json_value

CASES = sorted(p.parent for p in (FIXTURES / "conformance").glob("*/case.json"))


def subset(expected: Any, actual: Any, path: str, out: List[str]) -> None:
    if isinstance(expected, dict) and isinstance(actual, dict):
        for k, ev in expected.items():
            if k in actual:
                subset(ev, actual[k], f"{path}.{k}", out)
            else:
                out.append(f"{path}.{k}: missing (expected {ev!r})")
    elif isinstance(expected, list) and isinstance(actual, list):
        if len(expected) != len(actual):
            out.append(f"{path}: expected {len(expected)} elements, got {len(actual)}")
        for i, (ev, av) in enumerate(zip(expected, actual)):
            subset(ev, av, f"{path}[{i}]", out)
    elif type(expected) is not type(actual) or expected != actual:
        # `type` too: True must not match 1, nor "1" match 1.
        out.append(f"{path}: expected {expected!r}, got {actual!r}")


def load(case_dir: pathlib.Path) -> Any:
    return json.loads((case_dir / "case.json").read_text(encoding="utf-8"))


def ruleset(case_dir: pathlib.Path, spec: str) -> parindex.RuleSet:
    if spec.startswith("builtin:"):
        return parindex.RuleSet.builtin(spec[len("builtin:") :])
    return parindex.RuleSet.from_file(case_dir / spec)


def error(e: parindex.ParIndexError) -> Any:
    return {"error": {"kind": e.kind, "code": e.code, "path": e.path, "errors": e.errors}}


def merge(value: Any, patch: Any) -> Any:
    """`patch` merged into `value`: objects key by key, anything else replaced."""
    if isinstance(value, dict) and isinstance(patch, dict):
        out = dict(value)
        for k, pv in patch.items():
            out[k] = merge(value[k], pv) if k in value else pv
        return out
    return patch


def score_of(d: parindex.Dossier) -> Any:
    try:
        return as_json_value(d.score().to_dict())
    except parindex.ParIndexError as e:
        return error(e)


def walk(rs: parindex.RuleSet, w: Any, out: List[str]) -> Any:
    """A workflow case (README: `workflow`), through the Python `Dossier`: every step matched
    against its `expected`; `{dossier, score, nodes}` at the end, `{error}` if refused at opening."""
    o = w["open"]
    try:
        d = parindex.Dossier.open(rs, o["unit"], o["name"], o["group"], o.get("parent"), o.get("calendar"))
    except parindex.ParIndexError as e:
        return error(e)
    for i, step in enumerate(w["steps"]):
        before = d.to_json()
        actual: Any
        try:
            if "phase_at" in step:
                actual = d.phase_at(step["phase_at"])
            elif "score" in step:
                actual = score_of(d)
            elif "reload" in step:
                d = parindex.Dossier.from_json(rs, json.dumps(merge(json.loads(d.to_json()), step["reload"])))
                actual = {"dossier": as_json_value(d.to_dict())}
            else:
                actual = {"events": as_json_value(d.apply(step["actor"], step["at"], step["act"]))}
        except parindex.ParIndexError as e:
            actual = error(e)
        refused = isinstance(actual, dict) and "error" in actual
        if refused and d.to_json() != before:
            out.append(f"$.steps[{i}]: a refused step changed the dossier")
        if "expected" in step:
            subset(step["expected"], actual, f"$.steps[{i}]", out)
        elif refused:
            out.append(f"$.steps[{i}]: refused: {actual!r}")
    # Nothing lost or turned into a float on the way: the Python dossier says what its JSON says.
    subset(json.loads(d.to_json()), as_json_value(d.to_dict()), "$.dossier (Python values)", out)
    score = score_of(d)
    nodes = {n["code"]: n for n in score.get("nodes", [])}
    return {"dossier": as_json_value(d.to_dict()), "score": score, "nodes": nodes}


def run(case_dir: pathlib.Path, case: Any, out: List[str]) -> Any:
    if "workflow" in case:
        try:
            rs = ruleset(case_dir, case["ruleset"])
        except parindex.ParIndexError as e:
            return error(e)
        return walk(rs, json.loads((case_dir / case["workflow"]).read_text(encoding="utf-8")), out)
    try:
        result = ruleset(case_dir, case["ruleset"]).score(case_dir / case["input"])
    except parindex.ParIndexError as e:
        return error(e)
    return as_json_value(result.to_dict())


def test_there_are_cases() -> None:
    assert CASES, f"no conformance cases under {FIXTURES / 'conformance'}"


@pytest.mark.parametrize("case_dir", CASES, ids=[c.name for c in CASES])
def test_case(case_dir: pathlib.Path) -> None:
    case = load(case_dir)
    out: List[str] = []
    subset(case["expected"], run(case_dir, case, out), "$", out)
    assert not out, f"{case_dir.name}: {case.get('description', '')}\n  " + "\n  ".join(out)


SCORED = [c for c in CASES if "error" not in load(c)["expected"] and "workflow" not in load(c)]


@pytest.mark.parametrize("case_dir", SCORED, ids=[c.name for c in SCORED])
def test_python_values_say_what_the_engine_json_says(case_dir: pathlib.Path) -> None:
    """Every value of the engine's JSON is in the Python result, equal as written: nothing lost,
    rounded or turned into a float on the way."""
    case = load(case_dir)
    engine = json.loads(ruleset(case_dir, case["ruleset"]).score(case_dir / case["input"]).to_json())
    out: List[str] = []
    subset(engine, run(case_dir, case, out), "$", out)
    assert not out, "\n".join(out)
