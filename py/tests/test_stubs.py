"""The typed record classes in `parindex/_records.pyi` are generated from the engine's result schema
(itself generated from the Rust types); this test fails when they drift. Rewrite them with
`PARINDEX_UPDATE_STUBS=1 python -m pytest py/tests/test_stubs.py`. (`mypy.stubtest`, run by
scripts/test-py.sh, checks the whole stub against the installed package.)"""

import keyword
import os
import pathlib
import re
from typing import Any, Dict, List, Tuple

import parindex

from conftest import ROOT

STUB = ROOT / "py" / "python" / "parindex" / "_records.pyi"
BEGIN = "# --- records: generated from the engine's result schema by py/tests/test_stubs.py ---\n"
END = "# --- end of generated records ---\n"


# Methods of the record classes (the schema has only their fields).
METHODS = {
    "NodeScore": [
        "    def text(self, lang: str | None = None) -> str:\n"
        '        """How the points were computed, in words (the engine\'s text)."""\n'
    ],
}


def _is_decimal(s: Dict[str, Any]) -> bool:
    return s.get("format") == "decimal"


def _literal(values: List[Any]) -> str:
    return "Literal[" + ", ".join(repr(v) for v in values) + "]"


class Gen:
    def __init__(self) -> None:
        self.schema = parindex.schema("result")
        self.defs: Dict[str, Any] = self.schema["$defs"]
        self.records = set(parindex._parindex.record_layout())

    def enum_values(self, s: Dict[str, Any]) -> List[Any]:
        if "enum" in s:
            return list(s["enum"])
        if "const" in s:
            return [s["const"]]
        alts = s.get("oneOf") or s.get("anyOf") or []
        if alts and all("const" in a for a in alts):
            return [a["const"] for a in alts]
        return []

    def type_of(self, s: Dict[str, Any]) -> str:
        if "$ref" in s:
            name = s["$ref"].rsplit("/", 1)[-1]
            if name in self.records:
                return name
            values = self.enum_values(self.defs[name])
            return _literal(values) if values else self.type_of(self.defs[name])
        values = self.enum_values(s)
        if values:
            return _literal(values)
        for key in ("anyOf", "oneOf"):
            if key in s:
                parts = []
                for alt in s[key]:
                    t = self.type_of(alt)
                    if t not in parts:
                        parts.append(t)
                return " | ".join(parts)
        types = s.get("type", [])
        types = [types] if isinstance(types, str) else list(types)
        parts = []
        if _is_decimal(s):
            parts.append("Decimal")
        else:
            for t in types:
                if t == "string":
                    parts.append("str")
                elif t == "integer":
                    parts.append("int")
                elif t == "boolean":
                    parts.append("bool")
                elif t == "array":
                    parts.append(f"list[{self.type_of(s.get('items', {}))}]")
                elif t == "object":
                    values = s.get("additionalProperties")
                    parts.append(f"dict[str, {self.type_of(values)}]" if isinstance(values, dict) else "dict[str, Any]")
        if not parts and types != ["null"]:
            parts.append("Any")
        if "null" in types:
            parts.append("None")
        return " | ".join(parts)

    def fields(self, name: str) -> List[Tuple[str, str, str]]:
        d = self.defs[name]
        variants = d.get("oneOf") or d.get("anyOf") or [d]
        seen: Dict[str, Tuple[str, str]] = {}
        counts: Dict[str, int] = {}
        for v in variants:
            for field, s in v.get("properties", {}).items():
                counts[field] = counts.get(field, 0) + 1
                t = self.type_of(s)
                doc = " ".join(str(s.get("description", "")).split())
                if field in seen and seen[field][0] != t:
                    old = seen[field][0]
                    if t.startswith("Literal[") and old.startswith("Literal["):
                        t = f"{old[:-1]}, {t[len('Literal['):]}"  # the tag of each variant
                    else:
                        t = f"{old} | {t}"
                seen[field] = (t, seen.get(field, ("", doc))[1] or doc)
        out = []
        for field, (t, doc) in seen.items():
            if counts[field] < len(variants) and "None" not in t.split(" | "):
                t += " | None"
            out.append((field, t, doc))
        return out

    def render(self) -> str:
        order = [c for c in parindex.__all__ if c in self.records]
        lines = [BEGIN]
        for name in order:
            doc = " ".join(str(self.defs[name].get("description", "")).split())
            lines.append(f"\nclass {name}(Record):\n")
            if doc:
                lines.append(f'    """{doc}"""\n\n')
            for field, t, fdoc in self.fields(name):
                if not field.isidentifier() or keyword.iskeyword(field):
                    continue
                lines.append("    @property\n")
                body = f'\n        """{fdoc}"""\n' if fdoc else " ...\n"
                lines.append(f"    def {field}(self) -> {t}:{body}")
            lines.extend(METHODS.get(name, []))
        lines.append("\n" + END)
        return "".join(lines)


def test_record_stubs_are_generated_from_the_schema() -> None:
    want = Gen().render()
    text = STUB.read_text(encoding="utf-8")
    assert BEGIN in text and END in text, f"{STUB} lacks the generated-records markers"
    before, rest = text.split(BEGIN, 1)
    after = rest.split(END, 1)[1]
    have = BEGIN + rest.split(END, 1)[0] + END
    if have != want and os.environ.get("PARINDEX_UPDATE_STUBS") == "1":
        STUB.write_text(before + want + after, encoding="utf-8")
        return
    # Docstrings (the schema's descriptions) may lag behind; names and types may not.
    assert without_docs(have) == without_docs(want), (
        "the record stubs are out of date: PARINDEX_UPDATE_STUBS=1 python -m pytest py/tests/test_stubs.py"
    )


def without_docs(stub: str) -> str:
    return re.sub(r':\n\s+""".*?"""\n', ": ...\n", stub, flags=re.S)


def test_every_record_class_is_public() -> None:
    for name in parindex._parindex.record_layout():
        assert name in parindex.__all__, name


def test_type_checkers_see_decimals_records_and_the_api(tmp_path: pathlib.Path) -> None:
    """What a user's type checker sees: the API's types written in `__init__.py` and the record
    types generated from the schema (`_records.pyi`): decimals as `Decimal`, nested records, the
    schema's literals; a wrong type or an unknown field is an error."""
    from mypy import api

    user = tmp_path / "user.py"
    user.write_text(
        "import parindex\n"
        "rs = parindex.RuleSet.builtin()\n"
        "r = rs.score(parindex.example_province())\n"
        "reveal_type(r.units[0].index)\n"
        "reveal_type(r.units['so_noi_vu'].nodes[0].branch)\n"
        "reveal_type(r.ranking.block('x').entries[0].rank)\n"
        "reveal_type(r.receipt.ruleset_status)\n"
        "reveal_type(rs.form({}).explain('1.1').text())\n"
        "reveal_type(parindex.Actor.member('m1'))\n"
        "x: int = r.units[0].total\n"
        "r.units[0].nope\n"
        "rs.score(1.5)\n"
        "reveal_type(rs.template('department'))\n"
        "reveal_type(rs.read_workbook(b''))\n"
        "reveal_type(parindex.RuleSet.from_workbook(b''))\n"
        "rs.read_workbook('filled.xlsx')\n",
        encoding="utf-8",
    )
    out, err, _ = api.run([str(user), "--strict", "--no-incremental", "--cache-dir", os.devnull])
    shown = [line.split(": ", 1)[1] for line in out.splitlines() if line.startswith(str(user))]
    assert shown == [
        'note: Revealed type is "decimal.Decimal"',
        'note: Revealed type is "parindex._records.Branch | None"',
        'note: Revealed type is "int"',
        "note: Revealed type is \"Literal['official'] | Literal['provisional']\"",
        'note: Revealed type is "str"',
        'note: Revealed type is "dict[str, str]"',
        'error: Incompatible types in assignment (expression has type "Decimal", variable has type "int")  [assignment]',
        'error: "UnitScore" has no attribute "nope"  [attr-defined]',
        'error: Argument 1 to "score" of "RuleSet" has incompatible type "float"; expected '
        '"str | bytes | PathLike[str] | Mapping[str, Any]"  [arg-type]',
        'note: Revealed type is "bytes"',
        'note: Revealed type is "tuple[dict[str, Any], list[parindex._records.UnitError]]"',
        'note: Revealed type is "parindex.RuleSet"',
        'error: Argument 1 to "read_workbook" of "RuleSet" has incompatible type "str"; expected '
        '"bytes | bytearray | PathLike[str]"  [arg-type]',
    ], out + err
