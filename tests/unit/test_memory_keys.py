"""A memory line's key is derived from its Chinese: a line whose key is not its Chinese's never lends its English to
another sentence.

Editors may fix a line by hand (docs/review.md: "You can edit the file by hand"): change the Chinese and
the English, or copy a line and change both, and leave the key.  The key then points at another
sentence of the document, which would get this English.  The memory goes by the Chinese it shows.
"""

from __future__ import annotations

import json

import pytest

from bipub.findings import BipubError
from bipub.memory.store import Memory
from bipub.text.normalize import segment_key

JOBS = "城镇新增就业1244万人。"
GRAIN = "粮食产量1.39万亿斤。"


def line(zh: str, en: str, key: str) -> str:
    return json.dumps({"id": "s1-b1-1", "key": key, "zh": zh, "en": en, "state": "reviewed", "by": "Li Wei",
                       "at": "2024-03-05T08:00:00Z"}, ensure_ascii=False) + "\n"


def test_a_line_whose_chinese_was_edited_by_hand_goes_by_its_chinese(tmp_path):
    path = tmp_path / "gwr.jsonl"
    path.write_text(line(GRAIN, "Grain output reached 1.39 trillion jin.", segment_key(JOBS)), encoding="utf-8")
    mem = Memory.load(path)
    assert mem.get(segment_key(JOBS)) is None  # the jobs sentence does not get the grain English
    assert mem.get(segment_key(GRAIN)).target == "Grain output reached 1.39 trillion jin."


def test_two_lines_of_one_sentence_stop_with_both_lines(tmp_path):
    path = tmp_path / "gwr.jsonl"
    path.write_text(line(JOBS, "12.44 million new urban jobs.", segment_key(JOBS))
                    + line(JOBS, "Over 12.44 million urban jobs.", "0123456789ab"), encoding="utf-8")
    with pytest.raises(BipubError, match="same Chinese as line 1") as e:
        Memory.load(path)
    assert e.value.line == 2
