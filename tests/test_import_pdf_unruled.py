"""A statistics table set without rules in a PDF: its cells are never fused.

Government communiqués often set a table as columns of text with no rules, cells
a few points apart.  Glyphs more than a quarter of an em apart are never joined
without a space, so two figures are never fused (``6286.9`` ``1.9``, not
``6286.91.9``); rows of such cells become a table, with a warning to check it.
"""

from __future__ import annotations

import re

from bipub.importer import import_text
from bipub.importer.read_pdf import _spaced

ROWS = [("产品名称", "产量（万吨）", "比上年增长（%）"), ("粮食", "70650.0", "1.3"),
        ("生猪出栏", "6286.9", "1.9"), ("油料", "3968.4", "2.4"), ("牛奶", "4079.4", "-2.8")]


def unruled_pdf(pad_pt: float) -> bytes:
    from weasyprint import HTML

    cell = f"padding:0 {pad_pt}pt"
    body = "".join("<tr>" + "".join(f'<td style="{cell}">{c}</td>' for c in r) + "</tr>" for r in ROWS)
    return HTML(string=f"""<html><body style="font-size:10.5pt">
<h1>2024年国民经济和社会发展统计公报</h1>
<p>全年全国粮食总产量再创新高。主要农产品产量及其增长速度见下表。</p>
<table style="border-collapse:collapse">{body}</table>
<p>全年猪牛羊禽肉产量9663万吨，比上年增长0.2%。</p></body></html>""").write_pdf()


def test_cells_three_points_apart_are_a_table_and_no_figure_is_fused():
    result = import_text(unruled_pdf(1.5), name="公报.pdf")
    md = result.markdown
    assert "6286.91.9" not in md and "出栏6286" not in md
    assert "| 生猪出栏 | 6286.9 | 1.9 |" in md and "| 牛奶 | 4079.4 | -2.8 |" in md
    assert "| 产品名称 | 产量（万吨） | 比上年增长（%） |" in md
    numbers = [f for f in result.findings if f.code == "import.numbers"]
    assert len(numbers) == 1 and numbers[0].severity == "info", numbers
    suspected = [f for f in result.findings if f.code == "import.suspected-table"]
    assert len(suspected) == 1 and suspected[0].severity == "warning" and "5 rows × 3 columns" in suspected[0].message


def test_no_two_figures_are_ever_adjacent_in_the_import():
    md = import_text(unruled_pdf(1.5), name="公报.pdf").markdown
    for a, b in [("70650.0", "1.3"), ("6286.9", "1.9"), ("3968.4", "2.4")]:
        assert a + b not in md
    assert not re.search(r"\d\.\d+\.\d", md)


def _glyphs(*spec):
    """(text, x0) pairs of 10 pt glyphs, each 10 pt wide unless it is a digit (5 pt)."""
    out = []
    for t, x0 in spec:
        out.append({"text": t, "x0": x0, "x1": x0 + (5 if t.isdigit() else 10), "size": 10})
    return out


def test_a_gap_over_a_quarter_em_is_a_space_and_a_closer_one_is_not():
    assert _spaced(_glyphs(("栏", 0), ("6", 13), ("1", 18)))[0] == "栏 61"  # 3 pt gap: a space
    assert _spaced(_glyphs(("栏", 0), ("6", 12), ("1", 17)))[0] == "栏61"   # 2 pt (0.2 em): kerning
    assert _spaced(_glyphs(("9", 0), ("1", 8)))[1] == ["9", "1"]
    assert _spaced(_glyphs(("—", 0), ("—", 0), ("经", 10)))[0] == "—经"     # a glyph drawn twice, read once
