"""Merged table cells (HTML colspan/rowspan, Word gridSpan/vMerge) expand to the grid: each figure stays under its header."""

from __future__ import annotations

import io

from bipub.importer import import_text

PAGE = """<html><head><title>预算</title></head><body><article><h1>2024年预算执行情况</h1>
<p>全市财政收支情况如下表所示，各项数据均为初步统计数。</p>
<table>
<tr><th>项目</th><th>说明</th><th>金额</th></tr>
{rows}
</table>
<p>以上数据以决算为准，请以正式公布数据为准。</p></article></body></html>"""


def table_rows(markdown: str) -> list[list[str]]:
    lines = [ln for ln in markdown.splitlines() if ln.startswith("|") and not ln.startswith("|---")]
    return [[c.strip() for c in ln.strip().strip("|").split("|")] for ln in lines]


def under(rows: list[list[str]], value: str) -> str:
    """The header of the column ``value`` sits in."""
    for r in rows[1:]:
        if value in r:
            return rows[0][r.index(value)]
    raise AssertionError(f"{value} not in {rows}")


def imp_html(rows: str):
    return import_text(PAGE.format(rows=rows).encode("utf-8"), name="page.html")


def codes(result, code):
    return [f for f in result.findings if f.code == code]


def test_html_colspan_keeps_the_figure_under_its_header():
    result = imp_html("<tr><td colspan=\"2\">一般公共预算收入</td><td>2.9</td></tr>\n<tr><td>税收</td><td>增长</td><td>1.5</td></tr>")
    rows = table_rows(result.markdown)
    assert under(rows, "2.9") == "金额" and under(rows, "1.5") == "金额"
    assert rows[1] == ["一般公共预算收入", "", "2.9"]
    merged = codes(result, "import.merged-cell")
    assert [f.severity for f in merged] == ["info"] and merged[0].line
    assert not codes(result, "import.table-shape")


def test_html_rowspan_keeps_later_rows_in_their_columns():
    result = imp_html("<tr><td rowspan=\"2\">收入</td><td>税收</td><td>3.1</td></tr>\n<tr><td>非税</td><td>4.2</td></tr>")
    rows = table_rows(result.markdown)
    assert under(rows, "3.1") == "金额" and under(rows, "4.2") == "金额" and under(rows, "非税") == "说明"
    assert rows[2] == ["", "非税", "4.2"]
    assert len(codes(result, "import.merged-cell")) == 1


def test_html_row_of_another_shape_is_flagged():
    result = imp_html("<tr><td>税收</td><td>5.6</td></tr>")
    shape = codes(result, "import.table-shape")
    assert [f.severity for f in shape] == ["warning"]


def _docx(build) -> bytes:
    import docx

    d = docx.Document()
    d.add_paragraph("全市财政收支情况如下表所示，各项数据均为初步统计数。")
    t = d.add_table(rows=3, cols=3)
    for i, h in enumerate(["项目", "说明", "金额"]):
        t.cell(0, i).text = h
    build(t)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_docx_gridspan_keeps_the_figure_under_its_header():
    def build(t):
        a = t.cell(1, 0).merge(t.cell(1, 1))
        a.text = "一般公共预算收入"
        t.cell(1, 2).text = "2.9"
        for i, v in enumerate(["税收", "增长", "1.5"]):
            t.cell(2, i).text = v

    result = import_text(_docx(build), name="budget.docx")
    rows = table_rows(result.markdown)
    assert rows[1] == ["一般公共预算收入", "", "2.9"]
    assert under(rows, "2.9") == "金额" and under(rows, "1.5") == "金额"
    assert [f.severity for f in codes(result, "import.merged-cell")] == ["info"]
    assert not codes(result, "import.table-shape")


def test_docx_vertical_merge_is_not_repeated_and_keeps_columns():
    def build(t):
        a = t.cell(1, 0).merge(t.cell(2, 0))
        a.text = "收入"
        t.cell(1, 1).text, t.cell(1, 2).text = "税收", "3.1"
        t.cell(2, 1).text, t.cell(2, 2).text = "非税", "4.2"

    result = import_text(_docx(build), name="budget.docx")
    rows = table_rows(result.markdown)
    assert rows[1] == ["收入", "税收", "3.1"] and rows[2] == ["", "非税", "4.2"]
    assert len(codes(result, "import.merged-cell")) == 1
