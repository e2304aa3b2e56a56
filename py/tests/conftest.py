import pathlib
from decimal import Decimal
from typing import Any

import pytest

import parindex

ROOT = pathlib.Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures"


@pytest.fixture(scope="session")
def rs() -> parindex.RuleSet:
    return parindex.RuleSet.builtin()


@pytest.fixture()
def example() -> dict:
    return parindex.example_province()


def unit(uid: str = "u1", group: str = "department", **items: Any) -> dict:
    """A department unit with the given items."""
    return {"id": uid, "name": uid.upper(), "group": group, "items": dict(items)}


def batch(*units: dict) -> dict:
    return {"format_version": parindex.FORMAT_VERSION, "units": list(units)}


def as_json_value(value: Any) -> Any:
    """Python result values → the engine's JSON values (decimals as written, e.g. "0.580")."""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dict):
        return {k: as_json_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json_value(v) for v in value]
    return value
