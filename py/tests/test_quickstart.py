"""The README's Python quickstart runs as written: the root README.md if it carries the quickstart
markers, else py/README.md."""

import contextlib
import io
import os
import pathlib
import re

from conftest import ROOT

START, END = "<!-- quickstart -->", "<!-- /quickstart -->"


def quickstart_source() -> "tuple[pathlib.Path, str]":
    for readme in (ROOT / "README.md", ROOT / "py" / "README.md"):
        if readme.exists():
            text = readme.read_text(encoding="utf-8")
            if START in text and END in text:
                section = text.split(START, 1)[1].split(END, 1)[0]
                blocks = re.findall(r"```python\n(.*?)```", section, flags=re.S)
                assert blocks, f"{readme}: no ```python block between the quickstart markers"
                return readme, "\n".join(blocks)
    raise AssertionError("no README with the quickstart markers")


def test_quickstart_runs(tmp_path: pathlib.Path) -> None:
    readme, code = quickstart_source()
    out = io.StringIO()
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        with contextlib.redirect_stdout(out):
            exec(compile(code, str(readme), "exec"), {"__name__": "__quickstart__"})
    finally:
        os.chdir(cwd)
    printed = out.getvalue()
    assert "input.float" in printed
    assert "RuleSet('hoabinh-1440-2019', provisional, sha256='" in printed
