"""Forms 01-04 (S4) as an officer opens them: the workbooks (forms 02/03/04) read with openpyxl,
the report (form 01) with python-docx, each number found in its cell and checked against the
engine's explanation of the unit (and, for a few criteria, against the figures of the example
province written out here).

The files are those the core writes for the example province (`cargo run --example tables`,
run by scripts/test-py.sh, which sets PARINDEX_TABLES_OUT; run here when it is not set).
"""

import json
import os
import pathlib
import re
import subprocess
from decimal import Decimal
from typing import Any, Dict, List, Optional, Tuple

import pytest

import parindex

from conftest import TemplateFilling

docx = pytest.importorskip("docx")
openpyxl = pytest.importorskip("openpyxl")

ROOT = pathlib.Path(__file__).resolve().parents[2]

# The example's forms: a unit of each form (S4), with the report number, place and date it passes.
UNITS = {"vp_ubnd": "02", "so_nnptnt": "03", "da_bac": "04"}
SIGNED = "Hòa Bình, ngày 15 tháng 11 năm 2019"
REPORT_NO = "45/BC-SNN"

# The statuses whose rows say why even without points lost.
UNUSUAL = {"not_applicable_full", "not_applicable_excluded", "not_recognised", "missing"}


@pytest.fixture(scope="session")
def out_dir(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    given = os.environ.get("PARINDEX_TABLES_OUT")
    if given:
        return pathlib.Path(given)
    out = tmp_path_factory.mktemp("tables")
    subprocess.run(
        ["cargo", "run", "--quiet", "--locked", "--example", "tables", "--", str(out)],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return out


@pytest.fixture(scope="session")
def scored(rs: parindex.RuleSet) -> Dict[str, Any]:
    result = rs.score(parindex.example_province()).to_dict()
    return {u["id"]: u for u in result["units"]}


@pytest.fixture(scope="session")
def texts(rs: parindex.RuleSet) -> Dict[str, Dict[str, str]]:
    """Each node's explanation text, as `explain` and the portal write it (the core's)."""
    result = rs.score(parindex.example_province())
    return {uid: {n.code: n.text() for n in result.units[uid].nodes} for uid in UNITS}


def dec(v: Any) -> Optional[Decimal]:
    """A cell's number as the officer sees it: a double read as its shortest repr."""
    if v is None or v == "":
        return None
    if isinstance(v, bool):
        raise AssertionError(f"a boolean where a number belongs: {v!r}")
    if isinstance(v, (int, float)):
        return Decimal(repr(v)) if isinstance(v, float) else Decimal(v)
    return Decimal(str(v))


def vi_dec(s: str) -> Optional[Decimal]:
    """A number written the Vietnamese way in a document (`4,5`)."""
    s = s.strip()
    if not s:
        return None
    assert re.fullmatch(r"-?\d+(,\d+)?", s), f"not a Vietnamese number: {s!r}"
    return Decimal(s.replace(",", "."))


def hist(n: Dict[str, Any]) -> Dict[str, Any]:
    """A leaf's history (self, evidence, appraised, notes), without the empty entries."""
    return {k: v for k, v in (n.get("history") or {}).items() if v is not None and v != []}


def rows_of(unit: Dict[str, Any]) -> List[Dict[str, Any]]:
    """The nodes a form shows: those of the unit's group, in the rubric's order."""
    return [n for n in unit["nodes"] if n["status"] != "not_in_group"]


def appraised(unit: Dict[str, Any]) -> bool:
    return any(
        n["leaf"] and ("appraised" in hist(n) or "reappraised" in hist(n))
        for n in unit["nodes"]
    )


def expected_self(nodes: List[Dict[str, Any]]) -> List[Optional[Decimal]]:
    """The self-score column: a leaf's entered `self`, else the points its facts give (or full
    points when not applicable); a parent's, the sum of its children's."""
    out: List[Optional[Decimal]] = []
    for n in nodes:
        h = hist(n)
        if not n["leaf"]:
            out.append(None)
        elif "self" in h:
            out.append(Decimal(h["self"]))
        elif n["status"] == "not_applicable_full" or n.get("source") in ("facts", "self_score"):
            out.append(Decimal(n["points"]))
        else:
            out.append(None)
    for i in reversed(range(len(nodes))):
        if nodes[i]["leaf"]:
            continue
        kids = []
        for j in range(i + 1, len(nodes)):
            if nodes[j]["depth"] <= nodes[i]["depth"]:
                break
            if nodes[j]["depth"] == nodes[i]["depth"] + 1 and out[j] is not None:
                kids.append(out[j])
        out[i] = sum(kids, Decimal(0)) if kids else None
    return out


def sheet(out_dir: pathlib.Path, uid: str, data_only: bool = True) -> Any:
    book = openpyxl.load_workbook(out_dir / f"form-{UNITS[uid]}-{uid}.xlsx", data_only=data_only)
    assert book.sheetnames == [f"Mẫu {UNITS[uid]}"]
    return book.active


def table_rows(ws: Any) -> Tuple[int, int]:
    """The first and last sheet rows of the criteria (after the header `STT` and its `(1)` row,
    before the total)."""
    head = next(r for r in range(1, 40) if ws.cell(r, 1).value == "STT")
    assert ws.cell(head + 1, 1).value == "(1)"
    last = head + 2
    while not str(ws.cell(last, 2).value or "").startswith("TỔNG ĐIỂM CÁC LĨNH VỰC"):
        last += 1
    return head + 2, last - 1


def text_of(ws: Any) -> str:
    return "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value is not None)


@pytest.mark.parametrize("uid", sorted(UNITS))
def test_form_workbook_has_every_criterion_with_its_numbers(
    out_dir: pathlib.Path, scored: Dict[str, Any], texts: Dict[str, Dict[str, str]], uid: str
) -> None:
    """S4: each criterion of the unit's group, in order, with its maximum, self-score, evidence,
    appraised points, points lost and why (the core's explanation text, then the notes)."""
    ws = sheet(out_dir, uid)
    unit = scored[uid]
    nodes = rows_of(unit)
    first, last = table_rows(ws)
    assert last - first + 1 == len(nodes)
    selfs = expected_self(nodes)
    was_appraised = appraised(unit)
    for k, (n, self_points) in enumerate(zip(nodes, selfs)):
        r = first + k
        where = f"{uid} row {r} ({n['code']})"
        assert ws.cell(r, 1).value == n["code"], where
        assert ws.cell(r, 2).value.strip() == n["label"], where
        assert dec(ws.cell(r, 3).value) == Decimal(n["max_points"]), where
        assert dec(ws.cell(r, 4).value) == self_points, where
        evidence = hist(n).get("evidence", [])
        assert (ws.cell(r, 5).value or "") == "\n".join(evidence), where
        want = Decimal(n["points"]) if was_appraised else None
        assert dec(ws.cell(r, 6).value) == want, where
        lost = Decimal(n["lost"])
        assert dec(ws.cell(r, 7).value) == (lost if lost else None), where
        why = ws.cell(r, 8).value or ""
        said = texts[uid][n["code"]] if lost or n["status"] in UNUSUAL else ""
        assert why == "; ".join([said] * bool(said) + hist(n).get("notes", [])), where


@pytest.mark.parametrize("uid", sorted(UNITS))
def test_form_workbook_totals_components_and_index(
    out_dir: pathlib.Path, scored: Dict[str, Any], uid: str
) -> None:
    ws = sheet(out_dir, uid)
    unit = scored[uid]
    nodes = rows_of(unit)
    _, last = table_rows(ws)
    total = last + 1
    fields = [s for n, s in zip(nodes, expected_self(nodes)) if n["depth"] == 0]
    assert dec(ws.cell(total, 3).value) == Decimal(unit["rubric_max"])
    assert dec(ws.cell(total, 4).value) == sum((s for s in fields if s is not None), Decimal(0))
    want = Decimal(unit["rubric_points"]) if appraised(unit) else None
    assert dec(ws.cell(total, 6).value) == want
    lost = Decimal(unit["rubric_max"]) - Decimal(unit["rubric_points"])
    assert dec(ws.cell(total, 7).value) == lost
    # The result block: label in column B, maximum in C, points in D.
    found = {}
    for r in range(total + 1, ws.max_row + 1):
        label = ws.cell(r, 2).value
        if label:
            found[label] = (dec(ws.cell(r, 3).value), dec(ws.cell(r, 4).value), ws.cell(r, 6).value)
    comps = [(v[0], v[1]) for k, v in found.items() if k.startswith("Điểm") and k not in ("Điểm thưởng", "Điểm trừ")]
    assert comps == [(Decimal(c["max_points"]), Decimal(c["points"])) for c in unit["components"]]
    assert found["Điểm thưởng"][1] == Decimal(unit["bonus"])
    assert found["Điểm trừ"][1] == Decimal(unit["penalty"])
    assert found["TỔNG ĐIỂM"][:2] == (Decimal(unit["max_points"]), Decimal(unit["total"]))
    index = found["CHỈ SỐ CẢI CÁCH HÀNH CHÍNH (%)"]
    assert index[:2] == (Decimal(100), Decimal(unit["index"]))
    assert index[2] == f"Xếp loại: {unit['band_label']}"


@pytest.mark.parametrize("uid", sorted(UNITS))
def test_form_workbook_sums_are_formulas_over_the_children(out_dir: pathlib.Path, uid: str) -> None:
    """A parent's self-score and appraisal are SUM formulas over exactly its children's cells
    (so an officer's correction adds up), and each cached value is that sum."""
    formulas = sheet(out_dir, uid, data_only=False)
    values = sheet(out_dir, uid)
    first, last = table_rows(values)
    codes = {r: values.cell(r, 1).value for r in range(first, last + 1)}
    checked = 0
    for r, code in codes.items():
        children = [s for s, c in codes.items() if c.startswith(code + ".") and c.count(".") == code.count(".") + 1]
        for col in ("D", "F"):
            f = formulas[f"{col}{r}"].value
            if not children:
                assert not str(f).startswith("="), (uid, code, col)
                continue
            if values[f"{col}{r}"].value is None:
                continue
            assert f == "=SUM(" + ",".join(f"{col}{s}" for s in children) + ")", (uid, code, col, f)
            got = sum((dec(values[f"{col}{s}"].value) or Decimal(0) for s in children), Decimal(0))
            assert got == dec(values[f"{col}{r}"].value), (uid, code, col)
            checked += 1
    assert checked > 20


@pytest.mark.parametrize("uid", sorted(UNITS))
def test_form_workbook_header_signature_and_provisional_label(
    out_dir: pathlib.Path, scored: Dict[str, Any], uid: str
) -> None:
    ws = sheet(out_dir, uid)
    text = text_of(ws)
    assert ws["F1"].value == f"Mẫu số {UNITS[uid]}"
    assert ws["A2"].value == scored[uid]["name"].upper()
    assert ws["D2"].value == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert ws["D3"].value == "Độc lập - Tự do - Hạnh phúc"
    assert ws["D4"].value == SIGNED
    assert "BIỂU TỰ CHẤM ĐIỂM XÁC ĐỊNH CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2019" in text
    assert f"Kèm theo Báo cáo số {REPORT_NO} ngày 15/11/2019 của {scored[uid]['name']}" in text
    assert "1440/QĐ-UBND" in text
    # Provisional, like the rubric: the rule set's notice and the reconstructed layout.
    assert "tạm thời" in ws["A9"].value and "dựng lại" in ws["A9"].value
    for line in ("THỦ TRƯỞNG CƠ QUAN", "(Ký, ghi rõ họ tên, đóng dấu)", "Nơi nhận:"):
        assert line in text
    assert text.count(SIGNED) == 2


def test_form_03_pins_the_example_figures(out_dir: pathlib.Path) -> None:
    """Sở Nông nghiệp in the example province, figures written out: S7 (1.7 scored 0.5 by the
    unit without evidence: not recognised, 0 points), the council's 0.5 in place of the unit's
    1 on 2.3.2 and the parent 2.3 and field 2 following it, the totals and the index."""
    ws = sheet(out_dir, "so_nnptnt")
    first, last = table_rows(ws)
    by = {ws.cell(r, 1).value: [ws.cell(r, c).value for c in range(3, 9)] for r in range(first, last + 2)}
    mx, self_points, evidence, appraised_points, lost, why = by["1.7"]
    assert (dec(mx), dec(self_points), dec(appraised_points), dec(lost)) == tuple(
        map(Decimal, ("0.5", "0.5", "0", "0.5"))
    )
    assert why.startswith("Tự chấm không có tài liệu kiểm chứng: không được công nhận; ")
    mx, self_points, evidence, appraised_points, lost, why = by["2.3.2"]
    assert (dec(self_points), dec(appraised_points), dec(lost)) == tuple(map(Decimal, ("1", "0.5", "0.5")))
    assert evidence == "snn-2019-theo-doi-thpl.pdf"
    assert why.startswith("Điểm thẩm định của Hội đồng; ") and "Sở Tư pháp" in why
    assert [dec(by["2.3"][i]) for i in (1, 3, 4)] == [Decimal("1.5"), Decimal("1"), Decimal("0.5")]
    assert [dec(by["2"][i]) for i in (0, 1, 3)] == [Decimal(6), Decimal("5.33"), Decimal("4.83")]
    total = by[None]
    assert [dec(total[i]) for i in (0, 1, 3, 4)] == [Decimal(56), Decimal("46.62"), Decimal("45.62"), Decimal("10.38")]
    text = text_of(ws)
    assert "Xếp loại: Tốt" in text


# Form 01: the report as Word opens it.


def report(out_dir: pathlib.Path, uid: str) -> Any:
    return docx.Document(str(out_dir / f"form-01-{uid}.docx"))


def cells(row: Any) -> List[str]:
    return [c.text for c in row.cells]


@pytest.mark.parametrize("uid", sorted(UNITS))
def test_report_docx_header_numbers_and_headings(
    out_dir: pathlib.Path, scored: Dict[str, Any], rs: parindex.RuleSet, uid: str
) -> None:
    """Form 01: the unit's header, the summary table per criterion (maximum, self-score,
    appraised), the components and the index, the criteria lacking evidence, the narrative
    headings left to the unit, the signature block and the provisional notice."""
    d = report(out_dir, uid)
    unit = scored[uid]
    paragraphs = [p.text for p in d.paragraphs]
    header, summary, comps, lacking, asked, sign = d.tables
    assert cells(header.rows[0]) == [unit["name"].upper(), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]
    assert cells(header.rows[1]) == [f"Số: {REPORT_NO}", "Độc lập - Tự do - Hạnh phúc"]
    assert cells(header.rows[2])[1] == SIGNED
    assert "BÁO CÁO" in paragraphs
    assert any("tạm thời" in p and "dựng lại" in p for p in paragraphs)
    assert any(f"Mẫu số {UNITS[uid]}" in p and unit["name"] in p for p in paragraphs)
    # The summary table: one row per criterion, then the total.
    nodes = rows_of(unit)
    body = summary.rows[1:]
    assert len(body) == len(nodes) + 1
    was_appraised = appraised(unit)
    for row, n, s in zip(body, nodes, expected_self(nodes)):
        code, label, mx, self_points, appraised_points = cells(row)
        assert (code, label.strip()) == (n["code"], n["label"])
        assert vi_dec(mx) == Decimal(n["max_points"])
        assert vi_dec(self_points) == s, n["code"]
        assert vi_dec(appraised_points) == (Decimal(n["points"]) if was_appraised else None), n["code"]
    total = cells(body[-1])
    assert total[1] == "Tổng cộng"
    assert vi_dec(total[2]) == Decimal(unit["rubric_max"])
    assert vi_dec(total[4]) == (Decimal(unit["rubric_points"]) if was_appraised else None)
    # The components, bonus, penalty, total and index.
    got = [(vi_dec(c[1]), vi_dec(c[2])) for c in map(cells, comps.rows[1:])]
    want = [(Decimal(c["max_points"]), Decimal(c["points"])) for c in unit["components"]]
    want += [(None, Decimal(unit["bonus"])), (None, Decimal(unit["penalty"]))]
    want += [(Decimal(unit["max_points"]), Decimal(unit["total"])), (Decimal(100), Decimal(unit["index"]))]
    assert got == want
    assert f"Xếp loại (tạm tính): {unit['band_label']}." in paragraphs
    # The criteria scored (above 0) without (complete) evidence: leaves, under their fields'
    # headings (a row of one cell).
    by_code = {n["code"]: n for n in nodes}
    fields = [f"{n['code']}. {n['label']}" for n in nodes if n["depth"] == 0]
    lacking_codes, headings = [], []
    for r in lacking.rows[1:]:
        if len(set(cells(r))) == 1:
            headings.append(cells(r)[0])
        else:
            lacking_codes.append(cells(r)[0])
    assert lacking_codes and all(by_code[c]["leaf"] for c in lacking_codes)
    assert headings and headings == [f for f in fields if f in headings]
    assert all(vi_dec(cells(r)[2]) > 0 for r in lacking.rows[1:] if cells(r)[0] in lacking_codes)
    # The documents those criteria ask for, each once, with the criteria asking for it.
    documents = [cells(r) for r in asked.rows[1:] if len(set(cells(r))) > 1]
    names = [d[1] for d in documents]
    assert names and len(names) == len(set(names))
    assert [d[0] for d in documents] == [str(i + 1) for i in range(len(documents))]
    assert {c for d in documents for c in d[2].split(", ")} <= set(lacking_codes)
    for heading in ("II. ĐÁNH GIÁ CHUNG", "III. KHÓ KHĂN, VƯỚNG MẮC", "IV. ĐỀ XUẤT, KIẾN NGHỊ"):
        i = paragraphs.index(heading)
        assert paragraphs[i + 1] == "(Đơn vị viết nội dung.)"
    left, right = cells(sign.rows[0])
    assert left.startswith("Nơi nhận:") and "THỦ TRƯỞNG CƠ QUAN" in right


def test_report_docx_lists_the_unrecognised_self_score(out_dir: pathlib.Path) -> None:
    """S7 in form 01: Sở Nông nghiệp's 1.7, scored 0.5 without evidence, is listed with
    `Chưa có tài liệu nào`, and the documents its evidence list asks for name it."""
    d = report(out_dir, "so_nnptnt")
    rows = {cells(r)[0]: cells(r) for r in d.tables[3].rows[1:]}
    code, label, self_points, attached, explain = rows["1.7"]
    assert vi_dec(self_points) == Decimal("0.5")
    assert attached == "Chưa có tài liệu nào"
    assert explain == ""
    asked = {cells(r)[1]: cells(r)[2].split(", ") for r in d.tables[4].rows[1:]}
    rules = json.loads((ROOT / "fixtures" / "rulesets" / "hoabinh-1440-2019.json").read_text(encoding="utf-8"))
    level = next(lv for lv in rules["levels"] if lv["id"] == "department")
    field = next(n for n in level["nodes"] if n["code"] == "1")
    needs = [e["vi"] for e in next(n for n in field["children"] if n["code"] == "1.7")["evidence"]]
    assert needs and [doc for doc, codes in asked.items() if "1.7" in codes] == needs


# The officer's path through the command line: the template filled with openpyxl, as a
# spreadsheet program saves it, scored; then the unit's form 03 from the filled workbook.


@pytest.fixture(scope="session")
def cli() -> str:
    given = os.environ.get("PARINDEX_BIN")
    if given:
        return given
    subprocess.run(["cargo", "build", "--quiet", "--locked", "--bin", "parindex"], cwd=ROOT, check=True)
    return str(ROOT / "target" / "debug" / "parindex")


def run(cli: str, *args: str) -> bytes:
    done = subprocess.run([cli, *args], capture_output=True, check=False)
    assert done.returncode == 0, done.stderr.decode()
    return done.stdout


def test_a_template_filled_with_openpyxl_scores_as_the_json(
    cli: str, filling: TemplateFilling, tmp_path: pathlib.Path
) -> None:
    filled = tmp_path / "mau-03-da-dien.xlsx"
    filled.write_bytes(filling.fill(run(cli, "template", "--group", "department")))
    as_json = tmp_path / "so_noi_vu.json"
    as_json.write_text(json.dumps(filling.as_json, ensure_ascii=False), encoding="utf-8")
    got = json.loads(run(cli, "score", "-f", "json", str(filled)))
    want = json.loads(run(cli, "score", "-f", "json", str(as_json)))
    assert got["errors"] == [] and got["units"] == want["units"]
    # Form 03 of the unit from the filled workbook: its total in the TỔNG ĐIỂM row.
    form = tmp_path / "bieu-03.xlsx"
    form.write_bytes(run(cli, "form", "03", "--unit", "so_noi_vu", str(filled)))
    ws = openpyxl.load_workbook(form, data_only=True).active
    total = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 2).value == "TỔNG ĐIỂM")
    assert dec(ws.cell(total, 4).value) == Decimal(want["units"][0]["total"])
    first, _ = table_rows(ws)
    row = next(r for r in range(first, ws.max_row) if ws.cell(r, 1).value == "3.3.3")
    assert dec(ws.cell(row, 4).value) == Decimal("1.8")  # 180 of 200 files on time
