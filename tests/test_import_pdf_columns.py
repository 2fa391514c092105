"""A page set in two columns (a newspaper page, a statistics bulletin) is read column by column.

pdfplumber groups glyphs by their height on the page, so columns side by side would come out
interleaved line by line (``…今年以 消费市场持续恢复。…零售来，我省坚持…``).  The reader finds
the gutter and reads the left column down, then the right, and says so (``import.columns``).
"""

from __future__ import annotations

import pytest

from bipub.importer import import_text

LEFT = ["湖南日报5月12日讯 今年以来，我省坚持稳中求进工作总基调，全省经济运行总体平稳、稳中有进。",
        "一季度，全省地区生产总值12544.3亿元，同比增长5.0%。其中，第一产业增加值797.3亿元，增长3.5%；"
        "第二产业增加值4776.5亿元，增长5.8%；第三产业增加值6970.5亿元，增长4.6%。",
        "工业生产较快增长。全省规模以上工业增加值同比增长7.5%，比上年全年加快1.9个百分点。"]
RIGHT = ["消费市场持续恢复。全省社会消费品零售总额4959.0亿元，同比增长5.5%。",
         "固定资产投资稳步增长。全省固定资产投资同比增长4.1%，其中民间投资增长2.3%。",
         "居民收入稳定增长。全省居民人均可支配收入9945元，同比增长5.7%。省统计局有关负责人表示，下阶段将继续加强经济运行监测分析。"]


def page(right_spacing: str) -> bytes:
    from weasyprint import HTML

    paras = "".join(f"<p>{t}</p>" for t in LEFT) + "".join(f'<p class="r">{t}</p>' for t in RIGHT)
    return HTML(string=f"""<style>@page {{size: A4; margin: 2cm}} body {{font-family: 'Noto Serif CJK SC'; font-size: 11pt}}
        h1 {{font-size: 20pt; text-align: center}} .cols {{column-count: 2; column-gap: 1cm}}
        p {{text-indent: 2em; margin: 0 0 .3em}} p.r {{margin-top: {right_spacing}}}</style>
        <h1>一季度全省经济运行开局良好</h1><div class="cols">{paras}</div>""").write_pdf()


@pytest.fixture(scope="module", params=["0", "0.45em"], ids=["lines-level", "lines-offset"])
def result(request):
    return import_text(page(request.param), name="jingji.pdf")


def test_each_column_is_read_down_never_interleaved_with_the_other(result):
    body = result.markdown.split("+++", 2)[2].split("\n\n")
    assert [p.strip() for p in body if p.strip()] == LEFT + RIGHT


def test_the_reading_in_columns_is_said_and_the_figures_are_all_there(result):
    said = [f.format() for f in result.findings if f.code == "import.columns"]
    assert said and "page 1 set in two columns: read the left column down, then the right" in said[0]
    assert next(f.severity for f in result.findings if f.code == "import.numbers") == "info"
    assert result.meta["title"] == "一季度全省经济运行开局良好"
