"""Saved pages of portals nobody here had seen: the body is found, the page around it is listed, tables kept.

The pages are in tests/fixtures/import/web/ (see its README).
"""

from __future__ import annotations

from bipub.importer import import_text
from bipub.importer.patterns import dateline
from conftest import FIXTURES

WEB = FIXTURES / "import" / "web"


def imported(name: str):
    return import_text((WEB / name).read_bytes(), name=name)


def body(result) -> str:
    return result.markdown.split("+++", 2)[2].strip()


def number_check(result) -> str:
    return next(f.severity for f in result.findings if f.code == "import.numbers")


def test_a_related_link_that_differs_from_the_title_only_in_its_figures_is_listed_not_lost():
    result = imported("tjj-release.html")  # 2024年1-10月… under 2024年1-11月…: the same words, other figures
    furniture = next(f.message for f in result.findings if f.code == "import.page-furniture")
    assert "(9, 10, 13, 28, 30, 31)" in furniture
    assert number_check(result) == "info"
    assert "| 发电量（亿千瓦时） | 138.6 | -2.1 | 1573.2 | 4.8 |" in body(result)


def test_a_portal_article_ends_above_its_related_news_and_its_widgets_are_gone():
    result = imported("people-channel.html")
    text = body(result)
    assert text.startswith("人民网长沙4月20日电（谢卓芳）") and text.endswith("占全省外贸总值的71.6%。")
    for gone in ("相关新闻", "推荐阅读", "5578.2", "小字号", "微博微信QQ空间", "版权所有"):
        assert gone not in text
    assert result.meta["date"] == "2025-04-20" and result.meta["publication"] == "人民网－湖南频道"
    assert number_check(result) == "info"


def test_a_date_line_with_the_time_glued_to_the_day_is_a_date_line():
    assert dateline("2025年04月20日08:41 | 来源：人民网－湖南频道").date == "2025-04-20"
    assert dateline("2024年1月1日-3日") is None  # a range stays a range


def test_the_wechat_tool_bar_is_removed_and_listed():
    result = imported("wechat-article.html")
    assert "阅读原文" not in body(result) and "2316" not in body(result)
    assert any(f.message == "removed page counter: 阅读原文阅读 10万+在看 2316赞 892" for f in result.findings)
    assert number_check(result) == "info"
