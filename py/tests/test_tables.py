"""Spreadsheets and documents from Python (the engine's `table` module, as the command line and the
npm package's `parindex/tables` use it): the officer's path (template → filled with openpyxl →
read and scored), forms 02/03/04 opened with openpyxl, form 01 with python-docx, the rubric as a
workbook and back. Every file is read by an independent reader, never by the engine that wrote it."""

import io
import pathlib
from decimal import Decimal

import pytest

import parindex

from conftest import TemplateFilling
from test_forms import dec, expected_self, rows_of, table_rows, vi_dec

docx = pytest.importorskip("docx")
openpyxl = pytest.importorskip("openpyxl")


def input_row(template: bytes, key: str) -> int:
    ws = openpyxl.load_workbook(io.BytesIO(template))["Tự chấm điểm"]
    return next(r for r in range(1, ws.max_row + 1) if ws[f"K{r}"].value == key)


def test_template_filled_with_openpyxl_reads_and_scores_as_the_json(
    rs: parindex.RuleSet, filling: TemplateFilling, tmp_path: pathlib.Path
) -> None:
    template = rs.template("department")
    assert isinstance(template, bytes) and template.startswith(b"PK\x03\x04")
    filled = filling.fill(template)
    want = rs.score(filling.as_json)
    # Read: the batch `score` takes, decimals exact (81.37 typed as a double, read as typed).
    batch, errors = rs.read_workbook(filled)
    assert errors == []
    assert batch["units"][0]["components"]["survey"]["percentage"] == Decimal("81.37")
    assert rs.score(batch).to_dict()["units"] == want.to_dict()["units"]
    # Scored directly, from bytes and from a file.
    path = tmp_path / "mau-03-da-dien.xlsx"
    path.write_bytes(filled)
    for source in (filled, path):
        got = rs.score_workbook(source)
        assert got.errors == []
        assert got.to_dict()["units"] == want.to_dict()["units"]
    # The English template has the same input cells under English labels.
    english = openpyxl.load_workbook(io.BytesIO(rs.template("department", lang="en")))
    assert "Tự chấm điểm" not in english.sheetnames


def test_a_bad_template_cell_refuses_its_unit_with_the_cell_and_the_json_path(
    rs: parindex.RuleSet, filling: TemplateFilling
) -> None:
    template = rs.template("department")
    filled = filling.fill(template, {"3.3.3.numerator": "một trăm"})
    row = input_row(template, "3.3.3.numerator")
    batch, errors = rs.read_workbook(filled)
    assert batch["units"] == []
    [e] = errors
    assert isinstance(e, parindex.UnitError) and e.index == 0
    issue = e.errors[0]
    assert issue.code == "input.invalid_type"
    assert issue.path == '$.units[0].items["3.3.3"].numerator'
    assert issue.message.startswith(f"Tự chấm điểm!F{row}"), issue.message
    scored = rs.score_workbook(filled)
    assert len(scored.units) == 0 and scored.errors[0].errors[0].path == issue.path


def test_read_workbook_of_csv_keeps_the_good_rows_and_tells_the_bad_ones(rs: parindex.RuleSet) -> None:
    csv = (
        "id;name;group;3.3.3.numerator;3.3.3.denominator;1.1.2.percentage\n"
        "so_x;Sở X;department;180;200;90\n"
        "so_y;Sở Y;department;x;200;\n"
        "so_z;Sở Z;department;180;200;92,5\n"
    ).encode()
    batch, errors = rs.read_workbook(csv)  # `;` told by the header row
    assert [u["id"] for u in batch["units"]] == ["so_x"]
    assert batch["units"][0]["items"]["3.3.3"] == {"numerator": 180, "denominator": 200}
    assert [e.index for e in errors] == [1, 2]
    assert errors[0].errors[0].code == "input.invalid_type"
    assert errors[0].errors[0].path == '$.units[1].items["3.3.3"].numerator'
    assert "3.3.3.numerator" in errors[0].errors[0].message
    assert errors[1].errors[0].path == '$.units[2].items["1.1.2"].percentage'
    assert errors[1].errors[0].code == "input.decimal_comma"  # not declared: refused, not guessed
    # Declared, the decimal comma is read exactly.
    batch, errors = rs.read_workbook(csv, decimal_comma=True, delimiter=";")
    assert [u["id"] for u in batch["units"]] == ["so_x", "so_z"]
    assert batch["units"][1]["items"]["1.1.2"]["percentage"] == Decimal("92.5")
    # The core's refusal, as in JavaScript: an InputError (a ValueError) with its code and path.
    with pytest.raises(parindex.InputError) as bad_sep:
        rs.read_workbook(csv, delimiter="|")
    assert (bad_sep.value.code, bad_sep.value.path) == ("input.invalid_type", "$.delimiter")
    with pytest.raises(TypeError):
        rs.read_workbook("id,name\n")  # type: ignore[arg-type]  # text is not a file


def test_s4_form_workbook_has_the_units_numbers_in_their_cells(rs: parindex.RuleSet, example: dict) -> None:
    """S4: form 03 of Sở Nông nghiệp, made from the example batch: every criterion's maximum,
    self-score and points lost, and the total, as the engine's explanation of the unit says."""
    data = rs.form_workbook(example, "so_nnptnt", place="Hòa Bình", date="2019-11-15", report_number="45/BC-SNN")
    book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    assert book.sheetnames == ["Mẫu 03"]
    ws = book.active
    unit = rs.explain(example, "so_nnptnt").to_dict()
    nodes = rows_of(unit)
    first, last = table_rows(ws)
    assert last - first + 1 == len(nodes)
    for k, (n, self_points) in enumerate(zip(nodes, expected_self(nodes))):
        r = first + k
        assert ws.cell(r, 1).value == n["code"]
        assert dec(ws.cell(r, 3).value) == Decimal(n["max_points"])
        assert dec(ws.cell(r, 4).value) == self_points
        lost = Decimal(n["lost"])
        assert dec(ws.cell(r, 7).value) == (lost if lost else None)
    total = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 2).value == "TỔNG ĐIỂM")
    assert dec(ws.cell(total, 4).value) == Decimal(unit["total"])
    assert ws["D4"].value == "Hòa Bình, ngày 15 tháng 11 năm 2019"
    # A district's is form 04; English on request.
    book = openpyxl.load_workbook(io.BytesIO(rs.form_workbook(example, "da_bac", lang="en")))
    assert book.active.title.endswith("04")


def test_s4_report_document_opens_in_python_docx_with_the_units_figures(rs: parindex.RuleSet, example: dict) -> None:
    """Form 01 (S4) made from the batch: the unit's header, and its total and index among the
    components table's figures."""
    data = rs.report_document(example, "so_nnptnt", report_number="45/BC-SNN")
    doc = docx.Document(io.BytesIO(data))
    unit = rs.explain(example, "so_nnptnt")
    header, summary, comps = doc.tables[:3]
    assert [c.text for c in header.rows[0].cells] == [unit.name.upper(), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]
    assert header.rows[1].cells[0].text == "Số: 45/BC-SNN"
    assert "BÁO CÁO" in [p.text for p in doc.paragraphs]
    figures = [vi_dec(row.cells[2].text) for row in comps.rows[1:]]
    assert figures[-2:] == [unit.total, unit.index]


def test_s4_forms_refuse_a_bad_date_an_unknown_unit_and_a_refused_unit(
    rs: parindex.RuleSet, example: dict, filling: TemplateFilling
) -> None:
    with pytest.raises(parindex.InputError) as bad:
        rs.form_workbook(example, "so_nnptnt", date="15/11/2019")
    assert (bad.value.code, bad.value.path) == ("input.bad_date", "$.date")
    with pytest.raises(parindex.NotFoundError) as missing:
        rs.report_document(example, "so_khong_co")
    assert missing.value.code.startswith("not_found.unit")
    broken = filling.as_json
    broken["units"][0]["items"]["3.3.3"] = {"numerator": 300, "denominator": 200}
    with pytest.raises(parindex.InputError) as refused:
        rs.form_workbook(broken, "so_noi_vu")
    assert refused.value.code == "input.numerator_above_denominator"
    with pytest.raises(parindex.NotFoundError) as group:
        rs.template("no_such_group")
    assert group.value.code == "not_found.group"


def test_rubric_workbook_round_trips_to_the_same_rule_set(rs: parindex.RuleSet, tmp_path: pathlib.Path) -> None:
    data = rs.rubric_workbook()
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert "criteria" in book.sheetnames
    codes = [c.value for c in book["criteria"]["A"]] + [c.value for c in book["criteria"]["B"]]
    assert "3.3.3" in codes
    back = parindex.RuleSet.from_workbook(data)
    assert back.to_dict() == rs.to_dict()
    assert back == rs and back.sha256 == rs.sha256
    path = tmp_path / "rules.xlsx"
    path.write_bytes(data)
    assert parindex.RuleSet.from_workbook(path) == rs


def test_a_bad_rubric_cell_is_refused_with_its_code_sheet_and_cell(rs: parindex.RuleSet) -> None:
    book = openpyxl.load_workbook(io.BytesIO(rs.rubric_workbook()))
    ws = book["criteria"]
    header = [c.value for c in ws[1]]
    code_col = header.index("code") + 1
    max_col = header.index("max_points") + 1
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, code_col).value == "3.3.3")
    ws.cell(row, max_col).value = "hai"
    cell = f"criteria!{openpyxl.utils.get_column_letter(max_col)}{row}"
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(parindex.RuleSetError) as e:
        parindex.RuleSet.from_workbook(out.getvalue())
    issue = next(i for i in e.value.errors if i["path"].endswith(".max_points"))
    assert issue["code"].startswith("ruleset.")
    assert issue["message"].startswith(f"{cell}: "), issue
    with pytest.raises(parindex.RuleSetError) as not_rubric:
        parindex.RuleSet.from_workbook(rs.template("department"))
    assert not_rubric.value.code == "ruleset.not_a_rubric"


def test_fact_table_of_a_batch_reads_in_openpyxl_and_pandas_and_scores_as_the_json(
    rs: parindex.RuleSet, example: dict
) -> None:
    pd = pytest.importorskip("pandas")
    want = rs.score(example).to_dict()["units"]
    xlsx = rs.fact_table(example)
    ws = openpyxl.load_workbook(io.BytesIO(xlsx))["units"]
    header = [c.value for c in ws[1]]
    assert header[:3] == ["id", "name", "group"] and "3.3.3.numerator" in header
    assert ws.max_row == len(example["units"]) + 1
    ids = [ws.cell(row=r, column=1).value for r in range(2, ws.max_row + 1)]
    assert ids == [u["id"] for u in example["units"]]
    # A fact of the first unit in its cell, as a number.
    first = example["units"][0]
    code = next(c for c, f in first["items"].items() if "numerator" in f)
    col = header.index(f"{code}.numerator") + 1
    assert ws.cell(row=2, column=col).value == first["items"][code]["numerator"]
    # Read back by the engine, and by pandas (text cells: exact) then score_frame.
    assert rs.score_workbook(xlsx).to_dict()["units"] == want
    csv = rs.fact_table(example, format="csv")
    assert csv.startswith(b"id,name,group,")
    assert rs.score_workbook(csv).to_dict()["units"] == want
    frame = pd.read_csv(io.BytesIO(csv), dtype=str, keep_default_na=False).replace("", None)
    assert rs.score_frame(frame).to_dict()["units"] == want


def test_an_empty_fact_table_has_every_column_and_a_bad_format_or_unit_raises(rs: parindex.RuleSet) -> None:
    empty = rs.fact_table(format="csv").decode()
    assert empty.count("\n") == 1
    columns = empty.strip().split(",")
    assert "self:1.1.1" in columns and "evidence:1.1.1" in columns and "1.1.1.choice" in columns
    assert openpyxl.load_workbook(io.BytesIO(rs.fact_table()))["units"].max_row == 1
    with pytest.raises(parindex.InputError) as e:
        rs.fact_table(format="ods")
    assert (e.value.code, e.value.path) == ("input.invalid_type", "$.format")
    bad = {"format_version": 1, "units": [{"id": "x", "name": "X", "group": "department", "items": {"1.1.2": {"numerator": "a"}}}]}
    with pytest.raises(parindex.InputError) as e:
        rs.fact_table(bad)
    assert e.value.path.startswith('$.units[0].items["1.1.2"]')
