import io
import pathlib
from decimal import Decimal
from typing import Any, Dict, Optional, Set, Tuple

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


class TemplateFilling:
    """An officer's filling of the input template of a department (group `department`, form 03):
    what is typed in the input column F, by the key of its row (column K); the other cells typed
    (self score, evidence, not applicable), by criterion (column L) and column; and the batch of
    the same facts as JSON. `fill` saves the template filled in as a spreadsheet program does
    (openpyxl)."""

    def __init__(self) -> None:
        self.typed: Dict[str, Any] = {
            "id": "so_noi_vu",
            "name": "Sở Nội vụ",
            "1.1.1.choice": "Ban hành chậm so với thời hạn",
            "1.3.1.met": "Đạt",
            "3.3.3.numerator": 180,
            "3.3.3.denominator": 200,
            "1.1.2.percentage": 92.5,
            "component:survey.percentage": 81.37,
        }
        self.entries: Dict[Tuple[str, str], Any] = {
            ("2.1.2", "H"): 1,
            ("2.1.2", "I"): "qd-12.pdf\nbc-3.pdf",
            ("4.4", "G"): "x",
        }
        self.as_json: Dict[str, Any] = {
            "format_version": 1,
            "units": [
                {
                    "id": "so_noi_vu",
                    "name": "Sở Nội vụ",
                    "group": "department",
                    "items": {
                        "1.1.1": {"choice": "cham"},
                        "1.3.1": {"met": True},
                        "3.3.3": {"numerator": 180, "denominator": 200},
                        "1.1.2": {"percentage": "92.5"},
                        "4.4": {"not_applicable": True},
                        "2.1.2": {"self": "1", "evidence": ["qd-12.pdf", "bc-3.pdf"]},
                    },
                    "components": {"survey": {"percentage": "81.37"}},
                }
            ],
        }

    def fill(self, template: bytes, changes: Optional[Dict[str, Any]] = None) -> bytes:
        """The template with `typed` (updated by `changes`) and `entries` typed in, as saved."""
        openpyxl = pytest.importorskip("openpyxl")
        typed = dict(self.typed, **(changes or {}))
        book = openpyxl.load_workbook(io.BytesIO(template))
        ws = book["Tự chấm điểm"]
        seen: Set[Any] = set()
        for r in range(1, ws.max_row + 1):
            key, code = ws[f"K{r}"].value, ws[f"L{r}"].value
            if key in typed:
                ws[f"F{r}"] = typed[key]
                seen.add(key)
            for (c, col), v in self.entries.items():
                if code == c:
                    ws[f"{col}{r}"] = v
                    seen.add((c, col))
        assert seen == set(typed) | set(self.entries), "every typed cell has its row"
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()


@pytest.fixture()
def filling() -> TemplateFilling:
    """An officer's filling of a department's template (a new one for each test)."""
    return TemplateFilling()
