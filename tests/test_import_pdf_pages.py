"""A PDF as offices really send it: a scanned page among text pages, a table set tight without rules.

One small WeasyPrint document of three A5 pages: page 2 is only a grey box (a scan has no text
layer), page 3 has a table without rules, collapsed, whose figure columns stand a seventh of an em apart.
"""

from __future__ import annotations

import pytest

from bipub.importer import import_text


@pytest.fixture(scope="module")
def result():
    from weasyprint import HTML

    html = """<style>@page {size: A5; margin: 2cm} body {font-family: 'Noto Serif CJK SC'; font-size: 11pt}
      .pb {page-break-before: always} .scan {width: 10cm; height: 14cm; background: #aaa}
      table {border-collapse: collapse}</style>
      <p>过去一年，全省地区生产总值增长4.8%，规模以上工业增加值增长7.2%。</p>
      <div class="pb scan"></div>
      <p class="pb">今年发展主要预期目标是地区生产总值增长5%左右。</p>
      <table><tr><th>指标</th><th>2024年</th><th>增长（%）</th></tr><tr><td>地区生产总值（亿元）</td><td>53231.6</td><td>4.8</td></tr>
      <tr><td>粮食产量（万吨）</td><td>617.7</td><td>0.8</td></tr></table>"""
    return import_text(HTML(string=html).write_pdf(), name="baogao.pdf")


def test_a_scanned_page_among_text_pages_is_an_error_naming_the_page(result):
    said = [f for f in result.findings if f.code == "import.no-text-page"]
    assert [(f.severity, f.message.split(":")[0]) for f in said] == [("error", "page 2 has no text layer, only an image "
                                                                       "or drawing (a scanned page?)")]


def test_two_figures_set_close_in_a_table_without_rules_are_never_fused(result):
    assert "地区生产总值（亿元）53231.6 4.8" in result.markdown and "53231.64.8" not in result.markdown
    assert any(f.code == "import.suspected-table" for f in result.findings)
