"""Month lists and month ranges (``1、2月份`` ``1-2月`` ``1至11月``): read as months, never as a bare 1.

A report of a false ``qa.number-missing`` for "January and February" came from
``1、2月份`` read as the number 1 and February; these cases come from provincial
statistics releases and government notices.
"""

from __future__ import annotations

import pytest

from bipub.check.figures import number_anchors
from bipub.terms.numbers import find_numbers


@pytest.mark.parametrize("text, surface, english", [
    ("全省1、2月份完成首批共享清单", "1、2月份", "January and February"),
    ("全省1、2、3月累计增长5.2%", "1、2、3月", "January, February and March"),
    ("2024年1、2月规模以上工业增加值", "2024年1、2月", "January and February 2024"),
    ("全省1-2月完成编制", "1-2月", "January to February"),
    ("全省1至11月新增上线事项", "1至11月", "January to November"),
    ("2024年1—2月份", "2024年1—2月份", "January to February 2024"),
])
def test_a_month_list_or_range_is_one_expression(text, surface, english):
    got = [(m.surface, m.english) for m in find_numbers(text) if m.surface[0].isdigit()][0]
    assert got == (surface, english)


def test_january_and_february_satisfies_the_number_check():
    (m,) = [m for m in find_numbers("全省1、2月份规模以上工业增加值增长7%") if m.surface == "1、2月份"]
    assert number_anchors(m.english) == ["january", "february"]
    assert "1" not in number_anchors(m.english)


@pytest.mark.parametrize("text", ["1、2月份完成首批共享清单", "3、2月份"])
def test_a_list_number_at_the_start_or_months_out_of_order_are_not_a_month_list(text):
    assert "1、2月份" not in [m.surface for m in find_numbers(text)] and "3、2月份" not in [m.surface for m in find_numbers(text)]
