"""A statistics release as offices publish it: a Word file converted to PDF by LibreOffice, with
ruled tables (one broken by a page), a running head, ``— N —`` page numbers and a two-line title.

``tests/fixtures/import/pdf/make.py`` made ``communique.pdf`` from the 2023 Statistical
Communiqué; ``communique.pdf.md`` and ``communique.pdf.findings`` are what the import must give.
Every cell's figures come through exactly, and every finding names the page and the line of the
PDF where a person finds it.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pdfplumber
import pytest

from bipub.importer import import_text
from bipub.importer.pdf_tables import _cell
from bipub.importer.read_pdf import _spaced
from bipub.source.parse import parse_source

HERE = Path(__file__).parent / "fixtures" / "import" / "pdf"
PDF = HERE / "communique.pdf"


def _make():
    spec = importlib.util.spec_from_file_location("make_pdf_fixture", HERE / "make.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def result():
    return import_text(PDF.read_bytes(), name=PDF.name)


def test_the_import_is_the_golden_source(result):
    assert result.markdown == (HERE / "communique.pdf.md").read_text(encoding="utf-8")
    assert [f.format() for f in result.findings] == (HERE / "communique.pdf.findings").read_text(encoding="utf-8").splitlines()


def test_each_ruled_table_comes_through_cell_by_cell(result):
    """Table 2 on one page (its header in merged cells, expanded to the grid), Table 1 broken by a page
    break after its header row and put back together: every cell as printed."""
    tables = [p.rows for p in result.pieces if p.kind == "table"]
    made = _make().TABLES
    assert tables == [made["表2"], made["表1"]]
    said = [f for f in result.findings if f.code == "import.table-continued"]
    assert len(said) == 1 and "runs on to page 3" in said[0].message
    merged = [f for f in result.findings if f.code == "import.merged-cell"]
    assert len(merged) == 1 and merged[0].severity == "info" and "2 empty cells" in merged[0].message


def test_the_number_invariant_holds_and_heads_and_page_numbers_are_listed(result):
    codes = {f.code: f for f in result.findings}
    assert codes["import.numbers"].severity == "info"
    assert "— 1 —, — 2 —, — 3 —" in codes["import.page-number"].message
    assert "— " not in result.markdown and result.markdown.count(_make().HEAD) == 1  # the title only
    assert result.meta["title"] == _make().HEAD  # set on two lines, one title


def test_a_caption_line_is_a_paragraph_not_a_row(result):
    body = result.markdown.split("+++")[-1]
    assert "\n表1 2023年年末人口数及其构成\n" in body
    assert not [f for f in result.findings if f.code == "import.suspected-table"]
    doc = parse_source(result.markdown, name="communique", path="source/communique.md").document
    captions = [b.attrs.get("caption") for s in doc.sections for b in s.blocks if b.kind == "table"]
    assert captions == [1, 1]


def test_a_finding_names_the_page_and_the_line_a_person_finds_it_on(result):
    """``(page 2, line 19)``: the 19th line of text from the top of page 2 (running head counted) is
    the first row of the table the finding is about, left alone at the foot of the page."""
    said = next(f for f in result.findings if f.code == "import.table-continued")
    assert said.message.endswith("(page 2, line 19)")
    with pdfplumber.open(PDF) as pdf:
        line19 = pdf.pages[1].extract_text_lines()[18]["text"]
    assert line19.split() == ["指标", "年末数（万人）", "比重（%）"]
    heads = next(f for f in result.findings if f.code == "import.running-head")
    assert "(page 1, line 1; page 2, line 1; page 3, line 1)" in heads.message


def _glyphs(*lines):
    """10 pt glyphs, one line of text per item, 12 pt apart."""
    out = []
    for k, text in enumerate(lines):
        x = 0.0
        for ch in text:
            w = 5.0 if ch.isascii() else 10.0
            out.append({"text": ch, "x0": x, "x1": x + w, "top": 12.0 * k, "bottom": 12.0 * k + 10, "size": 10})
            x += w
    return out


def test_a_cell_on_two_lines_is_never_fused_at_a_digit():
    box = (0, 0, 100, 40)
    assert _cell(box, _glyphs("140967", "100.0"), _spaced) == ("140967 100.0", True)  # never 140967100.0
    assert _cell(box, _glyphs("年末数（万", "人）"), _spaced) == ("年末数（万人）", False)
    assert _cell(box, _glyphs("GDP per", "capita"), _spaced) == ("GDP per capita", False)


def test_a_three_line_table_is_read_from_its_gaps_and_its_lines_are_named_by_page():
    """Rules above and below only (a "three-line table", no column rules): no cell boxes, so the rows
    are read from the gaps between cells, with a warning naming where they stand on the page."""
    from weasyprint import HTML

    rows = _make().TABLES["表1"]
    body = "".join("<tr>" + "".join(f'<td style="padding:1pt 8pt">{c}</td>' for c in r) + "</tr>" for r in rows)
    pdf = HTML(string=f"""<html><body style="font-size:10.5pt"><h1>2023年国民经济和社会发展统计公报</h1>
<p>年末全国人口140967万人，比上年末减少208万人。</p><p style="text-align:center">表1　2023年年末人口数及其构成</p>
<table style="border-collapse:collapse;border-top:1.5pt solid;border-bottom:1.5pt solid">{body}</table>
<p>全年城镇新增就业1244万人。</p></body></html>""").write_pdf()
    result = import_text(pdf, name="three-line.pdf")
    assert [p.rows for p in result.pieces if p.kind == "table"] == [rows]
    warned = [f for f in result.findings if f.code == "import.suspected-table"]
    assert len(warned) == 1 and warned[0].message.endswith("(page 1, lines 4, 5, 6, 7)")
