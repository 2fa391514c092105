"""The spreadsheet round trip: export the glossary, edit a rendering in a spreadsheet, merge it back.

Spreadsheets save text in several encodings and quoting styles; every one of them
comes back through `bipub glossary import --merge` with the edit and nothing else.
"""

import csv
import io
from pathlib import Path

import openpyxl
import pytest

from bipub.terms.glossary import load_glossary
from glossary_csv_project import project, run  # noqa: F401 (project is a fixture)


def edited_rows(project: Path) -> list[list[str]]:
    """The exported rows with one rendering changed by the editor: 湖南日报 → "The Hunan Daily"."""
    rows = list(csv.reader(io.StringIO((project / "glossary.csv").read_text(encoding="utf-8-sig"))))
    for row in rows:
        if row[0] == "湖南日报":
            row[1] = "The Hunan Daily"
    return rows


def as_text(rows, *, delimiter=",", quoting=csv.QUOTE_MINIMAL) -> str:
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, quoting=quoting, lineterminator="\r\n").writerows(rows)
    return buf.getvalue()


@pytest.mark.parametrize("encoding, bom, delimiter, quoting", [
    ("utf-8", "\ufeff", ",", csv.QUOTE_ALL),        # Excel: "CSV UTF-8", every cell quoted
    ("utf-8", "", ",", csv.QUOTE_MINIMAL),           # LibreOffice / Numbers: UTF-8 without a BOM
    ("gb18030", "", ",", csv.QUOTE_MINIMAL),         # Excel on a Chinese Windows: "CSV (Comma delimited)"
    ("gb18030", "", ",", csv.QUOTE_ALL),
    ("utf-16-le", "\ufeff", "\t", csv.QUOTE_MINIMAL),  # Excel: "Unicode Text", kept under its .csv name
])
def test_an_edited_csv_comes_back_in_every_encoding_a_spreadsheet_saves(project, encoding, bom, delimiter, quoting):
    path = project / "edited.csv"
    path.write_bytes((bom + as_text(edited_rows(project), delimiter=delimiter, quoting=quoting)).encode(encoding))
    before = load_glossary(project / "glossary")[0]

    result = run(project, "import", "--merge", "--theirs", str(path))

    assert result.exit_code == 0, result.output
    assert " unchanged, 1 updated, 0 added, 1 conflicts" in result.output
    after = load_glossary(project / "glossary")[0]
    assert after.lookup("湖南日报").en == "The Hunan Daily"
    changed = {t.zh for t in after.terms} ^ {t.zh for t in before.terms} | {
        a.zh for a, b in zip(sorted(after.terms, key=lambda t: t.zh), sorted(before.terms, key=lambda t: t.zh))
        if not a.same_content(b)}
    assert changed == {"湖南日报"}
    if encoding == "gb18030":
        assert "info glossary.encoding: read as GB18030" in result.output


def test_an_edited_xlsx_comes_back(project):
    sheet = project / "glossary.xlsx"
    assert run(project, "export", "--format", "xlsx", "-o", str(sheet)).exit_code == 0
    wb = openpyxl.load_workbook(sheet)
    ws = wb.active
    for row in ws.iter_rows(min_row=2):
        if row[0].value == "湖南日报":
            row[1].value = "The Hunan Daily"
    wb.save(sheet)

    result = run(project, "import", "--merge", "--theirs", str(sheet))

    assert result.exit_code == 0, result.output
    assert " unchanged, 1 updated, 0 added, 1 conflicts" in result.output
    assert load_glossary(project / "glossary")[0].lookup("湖南日报").en == "The Hunan Daily"


def test_a_csv_in_no_known_encoding_is_refused_naming_its_line(project):
    path = project / "broken.csv"
    path.write_bytes("zh,en\n".encode() + b"\xff\xfe\xfd,x\n")
    before = {p.name: p.read_bytes() for p in (project / "glossary").glob("*.tsv")}

    result = run(project, "import", "--merge", str(path))

    assert result.exit_code != 0
    assert "neither UTF-8, UTF-16 nor GB18030" in result.output
    assert {p.name: p.read_bytes() for p in (project / "glossary").glob("*.tsv")} == before
