"""Codes are not quantities: a credit code, an ID card, a phone or account number keeps its digits as
written in the English (a quantity of the genre is written with 万/亿, not as eleven bare digits)."""

import pytest

from bipub.terms.numbers import find_numbers


def english(text: str) -> list[str]:
    return [m.english for m in find_numbers(text)]


@pytest.mark.parametrize("text, expected", [
    ("身份证号430102199001011234。", ["430102199001011234"]),
    ("统一社会信用代码911100001000000000。", ["911100001000000000"]),
    ("服务热线13812345678。", ["13812345678"]),
    ("区号0731。", ["0731"]),
    ("邮编0410000。", ["0410000"]),
    # quantities keep their separators
    ("产值151000元", ["151,000 yuan"]),
    ("2023年末常住人口6568万人，比上年减少36万人。", ["the end of 2023", "65.68 million", "360,000"]),
])
def test_codes_keep_their_digits_quantities_their_separators(text, expected):
    assert english(text) == expected
