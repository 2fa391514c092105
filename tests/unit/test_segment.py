"""Sentence segmentation, read from the readable case files in tests/fixtures/segment/."""

from pathlib import Path

import pytest

from bipub.text.segment import split_zh

FIXTURES = Path(__file__).parent.parent / "fixtures" / "segment"


def load_cases(name: str):
    cases, title, lines = [], None, []
    for raw in (FIXTURES / name).read_text(encoding="utf-8").split("\n") + [""]:
        if raw.startswith("#"):
            title = raw.lstrip("# ")
        elif raw.strip():
            lines.append(raw)
        elif lines:
            if title and not title.startswith("Each case"):
                cases.append(pytest.param(lines[0], lines[1:], id=title))
            lines = []
    return cases


@pytest.mark.parametrize("text,expected", load_cases("zh.txt"))
def test_split_zh(text, expected):
    assert split_zh(text) == expected


def test_split_zh_loses_nothing():
    text = "甲。 乙！丙……丁“戊。”己"
    assert "".join(split_zh(text)) == text


def test_split_zh_empty():
    assert split_zh("") == []
